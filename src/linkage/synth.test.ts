/** The synthetic population generator: reproducible, marked synthetic, realistic corruption, valid records. */

import { describe, expect, it } from "vitest";
import { createEncoder } from "./clk";
import { findCandidatePairs, packFilters } from "./dice";
import { synthSchema } from "./linkage.cli";
import { parseLinkageSchema } from "./linkage.schema";
import { evaluateLinkage, type TruthRecord } from "./quality";
import { greedySolve } from "./solve";
import { type Corruption, PROFILES, SYNTH_COLUMNS, stripDiacritics, synthesize, truthRows } from "./synth";

describe("synthesize", () => {
  const dataset = synthesize({
    seed: 42,
    persons: 3000,
    parties: [
      { name: "A", size: 1500, profile: "clean" },
      { name: "B", size: 1500, profile: "noisy" },
    ],
  });

  it("is reproducible from the seed and different for another seed", () => {
    const again = synthesize({
      seed: 42,
      persons: 3000,
      parties: [{ name: "A", size: 1500, profile: "clean" }],
    });
    expect(again.parties[0]!.records.slice(0, 50)).toEqual(dataset.parties[0]!.records.slice(0, 50));
    const other = synthesize({
      seed: 43,
      persons: 3000,
      parties: [{ name: "A", size: 1500, profile: "clean" }],
    });
    expect(other.parties[0]!.records[0]).not.toEqual(dataset.parties[0]!.records[0]);
  });

  it("marks everything as synthetic", () => {
    expect(dataset.synthetic).toBe(true);
    for (const party of dataset.parties) {
      for (const r of party.records) {
        expect(r.values[0]).toMatch(/^SYN-/);
        expect(r.entityId).toMatch(/^SYN-P/);
      }
    }
  });

  it("applies every kind of corruption in the noisy profile and none of the name corruptions in the clean one", () => {
    const seen = new Set<Corruption>(dataset.parties[1]!.records.flatMap((r) => r.corruptions));
    for (const kind of Object.keys(PROFILES.noisy) as Corruption[]) {
      if (PROFILES.noisy[kind] > 0) expect(seen, kind).toContain(kind);
    }
    const clean = new Set(dataset.parties[0]!.records.flatMap((r) => r.corruptions));
    expect(clean.has("typo_first")).toBe(false);
    expect(clean.has("diacritics_stripped")).toBe(false);
  });

  it("produces names of every origin, with diacritics, Cyrillic and Latin Bulgarian names", () => {
    const records = dataset.parties[0]!.records;
    expect(new Set(records.map((r) => r.origin))).toEqual(new Set(["NL", "PL", "RO", "BG", "NG", "VN"]));
    const names = records.map((r) => `${r.values[1]} ${r.values[2]}`);
    expect(names.some((n) => /\p{Script=Cyrillic}/u.test(n))).toBe(true);
    expect(
      records.some((r) => r.origin === "BG" && /^[A-Za-z ]+$/.test(`${r.values[1]}${r.values[2]}`)),
    ).toBe(true);
    expect(names.some((n) => /[ȘșȚțăâî]/.test(n))).toBe(true);
    expect(names.some((n) => /[ạ-ỹ]/u.test(n))).toBe(true);
    expect(names.every((n) => n === n.normalize("NFC"))).toBe(true);
  });

  it("strips diacritics including letters without a decomposition", () => {
    expect(stripDiacritics("Łukasz Đặng Ștefan Adébáyọ̀")).toBe("Lukasz Dang Stefan Adebayo");
  });

  it("writes records that the synthetic schema validates, and ground truth in the reference layout", () => {
    const encoder = createEncoder({
      schema: parseLinkageSchema(synthSchema(42)),
      secret: new TextEncoder().encode("k"),
    });
    for (const party of dataset.parties)
      for (const r of party.records) expect(() => encoder.encode(r.values)).not.toThrow();
    const rows = truthRows(dataset);
    expect(rows[0]).toEqual([
      "party",
      "dataset_index",
      "row_index",
      "rec_id",
      "entity_id",
      "origin",
      "corruptions",
    ]);
    expect(rows).toHaveLength(3001);
    expect(SYNTH_COLUMNS).toHaveLength(8);
  });

  it("links with useful quality at 0.8 (realistic corruption, not too easy, not hopeless)", async () => {
    const encoder = createEncoder({
      schema: parseLinkageSchema(synthSchema(42)),
      secret: new TextEncoder().encode("k"),
    });
    const sets = dataset.parties.map((p) => packFilters(p.records.map((r) => encoder.encode(r.values))));
    const truth: TruthRecord[] = dataset.parties.flatMap((p, d) =>
      p.records.map((r, row) => ({ dataset: d, row, entityId: r.entityId })),
    );
    const candidates = await findCandidatePairs({ datasets: sets, threshold: 0.8 });
    const m = evaluateLinkage({
      truth,
      candidates,
      groups: greedySolve(candidates),
      partySizes: sets.map((s) => s.count),
    });
    expect(m.solved.precision).toBeGreaterThan(0.7);
    expect(m.solved.recall).toBeGreaterThan(0.6);
    expect(m.solved.recall).toBeLessThan(1);
  });
});
