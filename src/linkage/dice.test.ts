/**
 * Dice similarity, popcount and candidate generation: the two-party reference case reproduces anonlink
 * 0.15.3's candidate files and solved groups at 0.70 / 0.80 / 0.90; property tests compare the
 * WebAssembly kernel, the JavaScript kernel and a bit-by-bit definition on seeded random filters.
 */

import { describe, expect, it } from "vitest";
import {
  bitBlocks,
  type CandidatePairs,
  diceCoefficient,
  type FilterSet,
  findCandidatePairs,
  maxPopcountDifference,
  minimalOverlaps,
  packFilters,
} from "./dice";
import { buildDiceKernelBytes, popcount32 } from "./dice.kernel";
import { createParallelRowMatcher } from "./dice.parallel";
import { formatCandidatesCsv, formatGroupsJson } from "./files";
import { buildRandomBytes, fixtureFilters, fixtureText, LINK_CASE } from "./linkage.fixtures";
import { greedySolve } from "./solve";

const A = fixtureFilters(`${LINK_CASE}clks_A.json`);
const B = fixtureFilters(`${LINK_CASE}clks_B.json`);

describe("two-party reference case (anonlink 0.15.3)", () => {
  for (const t of ["0.70", "0.80", "0.90"]) {
    it(`reproduces candidates_t${t}.csv and groups_t${t}.json`, async () => {
      for (const kernel of ["wasm", "js"] as const) {
        const candidates = await findCandidatePairs({ datasets: [A, B], threshold: Number(t), kernel });
        expect(formatCandidatesCsv(candidates)).toBe(fixtureText(`${LINK_CASE}candidates_t${t}.csv`));
        expect(formatGroupsJson(greedySolve(candidates))).toBe(fixtureText(`${LINK_CASE}groups_t${t}.json`));
      }
    });
  }

  it("gives the same result through the worker-thread matcher", async () => {
    const candidates = await findCandidatePairs({
      datasets: [A, B],
      threshold: 0.7,
      rowMatcher: createParallelRowMatcher({ threads: 2 }),
    });
    expect(formatCandidatesCsv(candidates)).toBe(fixtureText(`${LINK_CASE}candidates_t0.70.csv`));
  });
});

function bitCount(bytes: Uint8Array): number {
  let n = 0;
  for (const byte of bytes) for (let b = 0; b < 8; b++) n += (byte >> b) & 1;
  return n;
}

function naiveCandidates(
  sets: Uint8Array[][],
  threshold: number,
): Array<[number, number, number, number, number]> {
  const out: Array<[number, number, number, number, number]> = [];
  for (let d0 = 0; d0 < sets.length; d0++) {
    for (let d1 = d0 + 1; d1 < sets.length; d1++) {
      sets[d0]!.forEach((a, r0) => {
        sets[d1]!.forEach((b, r1) => {
          const pa = bitCount(a);
          const pb = bitCount(b);
          let both = 0;
          for (let i = 0; i < a.length; i++) both += bitCount(new Uint8Array([a[i]! & b[i]!]));
          const sim = pa === 0 || pb === 0 ? 0 : (2 * both) / (pa + pb);
          // anonlink's pre-filter on popcounts (with its float truncation)
          const passes =
            pa === 0
              ? threshold <= 0
              : Math.abs(pa - pb) <= maxPopcountDifference(pa, threshold, a.length * 8);
          if (passes && sim >= threshold) out.push([sim, d0, d1, r0, r1]);
        });
      });
    }
  }
  return out.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3] || x[4] - y[4]);
}

function asTuples(c: CandidatePairs): Array<[number, number, number, number, number]> {
  return Array.from(c.sims, (s, i) => [s, c.dset0[i]!, c.dset1[i]!, c.rec0[i]!, c.rec1[i]!]);
}

function buildSet(seed: number, count: number, bytes: number, density: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    buildRandomBytes({ seed: seed * 7919 + i, length: bytes, density }),
  );
}

describe("popcount and Dice properties (seeded random filters)", () => {
  it("popcount32 equals counting bits one by one", () => {
    for (let i = 0; i < 2000; i++) {
      const x = (Math.imul(i, 2654435761) ^ (i << 7)) >>> 0;
      let n = 0;
      for (let b = 0; b < 32; b++) n += (x >>> b) & 1;
      expect(popcount32(x)).toBe(n);
    }
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
  });

  it("Dice is symmetric, in [0, 1], 1 for identical non-empty filters and 0 with an empty one", () => {
    for (let i = 0; i < 200; i++) {
      const a = buildRandomBytes({ seed: i + 1, length: 16, density: (i % 10) / 10 });
      const b = buildRandomBytes({ seed: i + 1001, length: 16, density: 0.5 });
      const d = diceCoefficient(a, b);
      expect(d).toBe(diceCoefficient(b, a));
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(1);
      if (bitCount(a) > 0) expect(diceCoefficient(a, a)).toBe(1);
      expect(diceCoefficient(a, new Uint8Array(16))).toBe(0);
    }
  });

  it("the WebAssembly and JavaScript kernels equal the bit-by-bit definition, for many lengths and thresholds", async () => {
    for (const bytes of [1, 8, 24, 128, 136]) {
      for (const density of [0.1, 0.5]) {
        const sets = [buildSet(bytes, 40, bytes, density), buildSet(bytes + 1, 35, bytes, density)];
        sets[0]![3] = new Uint8Array(bytes); // an all-zero filter
        sets[1]![5] = sets[0]![7]!.slice(); // an exact duplicate
        const packed = sets.map((s) => packFilters(s));
        for (const threshold of [0, 0.3, 0.5, 0.7, 1]) {
          const expected = naiveCandidates(sets, threshold);
          for (const kernel of ["wasm", "js"] as const) {
            const got = await findCandidatePairs({ datasets: packed, threshold, kernel });
            expect(asTuples(got)).toEqual(expected);
          }
        }
      }
    }
  });

  it("orders three datasets by similarity, then dataset and record indices", async () => {
    const sets = [buildSet(1, 20, 16, 0.4), buildSet(2, 20, 16, 0.4), buildSet(3, 20, 16, 0.4)];
    sets[2]![4] = sets[0]![2]!.slice();
    sets[1]![9] = sets[0]![2]!.slice();
    const got = await findCandidatePairs({ datasets: sets.map((s) => packFilters(s)), threshold: 0.4 });
    expect(asTuples(got)).toEqual(naiveCandidates(sets, 0.4));
    expect(
      asTuples(got)
        .slice(0, 3)
        .map((t) => t.slice(1)),
    ).toEqual([
      [0, 1, 2, 9],
      [0, 2, 2, 4],
      [1, 2, 9, 4],
    ]);
  });

  it("k keeps the best k per record (ties to the lower index) and then at most k per record pair-wise", async () => {
    const sets = [buildSet(4, 15, 16, 0.5), buildSet(5, 15, 16, 0.5)];
    const packed = sets.map((s) => packFilters(s));
    const all = asTuples(await findCandidatePairs({ datasets: packed, threshold: 0.3 }));
    const k2 = asTuples(await findCandidatePairs({ datasets: packed, threshold: 0.3, k: 2 }));
    // first: per record of dataset 0, its best two; then _enforce_k on both sides, in output order
    const perRow = new Map<number, Array<[number, number, number, number, number]>>();
    for (const t of all) perRow.set(t[3], [...(perRow.get(t[3]) ?? []), t]);
    const topK = [...perRow.values()].flatMap((list) =>
      [...list].sort((x, y) => y[0] - x[0] || x[4] - y[4]).slice(0, 2),
    );
    topK.sort((x, y) => y[0] - x[0] || x[3] - y[3] || x[4] - y[4]);
    const seen0 = new Map<number, number>();
    const seen1 = new Map<number, number>();
    const expected = topK.filter((t) => {
      const a = (seen1.get(t[4]) ?? 0) + 1;
      const b = (seen0.get(t[3]) ?? 0) + 1;
      seen1.set(t[4], a);
      seen0.set(t[3], b);
      return a <= 2 && b <= 2;
    });
    expect(k2).toEqual(expected);
  });

  it("blocking compares only records sharing a block and de-duplicates pairs found in several blocks", async () => {
    const sets = [buildSet(6, 12, 16, 0.5), buildSet(7, 12, 16, 0.5)];
    const packed = sets.map((s) => packFilters(s));
    const everyone = [sets[0]!.map(() => ["all", "again"]), sets[1]!.map(() => ["all"])];
    const all = await findCandidatePairs({ datasets: packed, threshold: 0.2 });
    const blockedAll = await findCandidatePairs({ datasets: packed, threshold: 0.2, blocks: everyone });
    expect(asTuples(blockedAll)).toEqual(asTuples(all));
    const parity = [sets[0]!.map((_, i) => [i % 2]), sets[1]!.map((_, i) => [i % 2])];
    const blocked = asTuples(await findCandidatePairs({ datasets: packed, threshold: 0.2, blocks: parity }));
    expect(blocked).toEqual(asTuples(all).filter((t) => t[3] % 2 === t[4] % 2));
  });

  it("bit blocking is deterministic and keeps identical filters together", () => {
    const sets = [buildSet(8, 10, 32, 0.4), buildSet(9, 10, 32, 0.4)];
    sets[1]![0] = sets[0]![0]!.slice();
    const packed = sets.map((s) => packFilters(s));
    const blocks = bitBlocks({ datasets: packed, tables: 4, bitsPerTable: 10, seed: 3 });
    expect(blocks).toEqual(bitBlocks({ datasets: packed, tables: 4, bitsPerTable: 10, seed: 3 }));
    expect(blocks[1]![0]).toEqual(blocks[0]![0]);
  });

  it("reproduces anonlink's popcount pre-filter and the float threshold exactly", () => {
    expect(maxPopcountDifference(400, 0.8, 1024)).toBe(Math.trunc(2 * 400 * (1 / 0.8 - 1)));
    expect(maxPopcountDifference(400, 0, 1024)).toBe(1024);
    const table = minimalOverlaps(0.7, 2048);
    for (let s = 1; s <= 2048; s += 37) {
      const c = table[s]!;
      expect((2 * c) / s).toBeGreaterThanOrEqual(0.7);
      if (c > 0) expect((2 * (c - 1)) / s).toBeLessThan(0.7);
    }
  });

  it("rejects filters of different lengths", async () => {
    const a: FilterSet = packFilters([new Uint8Array(8)]);
    const b: FilterSet = packFilters([new Uint8Array(16)]);
    await expect(findCandidatePairs({ datasets: [a, b], threshold: 0.5 })).rejects.toThrow(
      /different filter lengths/,
    );
    expect(() => packFilters([new Uint8Array(8), new Uint8Array(9)])).toThrow(/inconsistent filter length/);
  });

  it("emits a valid WebAssembly module for every supported length", () => {
    for (const words of [1, 2, 16, 17, 64])
      expect(WebAssembly.validate(buildDiceKernelBytes(words) as Uint8Array<ArrayBuffer>)).toBe(true);
  });
});
