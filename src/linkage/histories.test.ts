/**
 * From groups to capture histories and quality figures: the reference metrics.json (anonlink 0.15.3
 * run, synthetic truth) is reproduced field by field; the estimation CSV and the small-cell suppression
 * are checked on hand-made groups.
 */

import { describe, expect, it } from "vitest";
import { findCandidatePairs } from "./dice";
import { LinkageError } from "./errors";
import {
  buildHistoryTable,
  captureHistoryCounts,
  formatDisplayTable,
  formatHistoryCsv,
  suppressSmallCells,
} from "./histories";
import { fixtureFilters, fixtureJson, fixtureRows, LINK_CASE } from "./linkage.fixtures";
import { evaluateLinkage, scores, type TruthRecord, trueCaptureHistories, truePairs } from "./quality";
import { type Group, greedySolve } from "./solve";

type Metrics = {
  parties: string[];
  party_sizes: number[];
  true_cross_party_pairs: number;
  true_capture_histories: Record<string, number>;
  thresholds: Record<string, Record<string, unknown>>;
};

describe("metrics.json of the two-party reference case", () => {
  const metrics = fixtureJson<Metrics>(`${LINK_CASE}metrics.json`);
  const truth: TruthRecord[] = fixtureRows(`${LINK_CASE}truth.csv`).map((r) => ({
    dataset: Number(r[1]),
    row: Number(r[2]),
    entityId: r[4]!,
  }));
  const A = fixtureFilters(`${LINK_CASE}clks_A.json`);
  const B = fixtureFilters(`${LINK_CASE}clks_B.json`);

  it("reproduces sizes, true pairs and true capture histories", () => {
    expect([A.count, B.count]).toEqual(metrics.party_sizes);
    expect(truePairs(truth).size).toBe(metrics.true_cross_party_pairs);
    expect(trueCaptureHistories({ truth, parties: 2 })).toEqual(metrics.true_capture_histories);
  });

  for (const key of ["0.70", "0.80", "0.90"]) {
    it(`reproduces candidates, solved scores, group sizes and capture histories at ${key}`, async () => {
      const candidates = await findCandidatePairs({ datasets: [A, B], threshold: Number(key) });
      const groups = greedySolve(candidates);
      const got = evaluateLinkage({ truth, candidates, groups, partySizes: metrics.party_sizes });
      const expected = metrics.thresholds[key]!;
      expect(got.n_candidates).toBe(expected.n_candidates);
      expect(got.candidates).toEqual(expected.candidates);
      expect(got.n_groups).toBe(expected.n_groups);
      expect(got.group_sizes).toEqual(expected.group_sizes);
      expect(got.solved).toEqual(expected.solved);
      expect(got.solved_capture_histories).toEqual(expected.solved_capture_histories);
    });
  }
});

describe("capture histories for the estimator", () => {
  const groups: Group[] = [
    [
      [0, 0],
      [1, 1],
    ],
    [
      [0, 1],
      [1, 0],
      [2, 0],
    ],
    [
      [1, 2],
      [2, 1],
    ],
  ];
  const sizes = [3, 4, 2];

  it("counts groups and unlinked records (singletons) by the parties that saw them", () => {
    const counts = captureHistoryCounts({ groups, partySizes: sizes });
    expect(Object.fromEntries(counts)).toEqual({ "110": 1, "111": 1, "011": 1, "100": 1, "010": 1 });
  });

  it("writes one 0/1 column per list, then count; every non-empty history listed", () => {
    const table = buildHistoryTable({ groups, partySizes: sizes, parties: ["police", "ngo", "labour"] });
    expect(formatHistoryCsv(table)).toBe(
      [
        "police,ngo,labour,count",
        "1,1,1,1",
        "1,1,0,1",
        "1,0,1,0",
        "1,0,0,1",
        "0,1,1,1",
        "0,1,0,1",
        "0,0,1,0",
        "",
      ].join("\n"),
    );
    expect(table.rows.reduce((n, r) => n + r.count, 0)).toBe(5);
  });

  it("adds a stratum column from clear-text covariates; the lowest party's non-empty value wins", () => {
    const covariates = [
      [
        ["2023", "sexual"],
        ["2024", ""],
        ["2023", "labour"],
      ],
      [
        ["2022", "labour"],
        ["2024", "labour"],
        ["", "criminal"],
        ["2023", "sexual"],
      ],
      [
        ["2024", "labour"],
        ["2024", "criminal"],
      ],
    ];
    const table = buildHistoryTable({
      groups,
      partySizes: sizes,
      parties: ["A", "B", "C"],
      covariateNames: ["year", "exploitation"],
      covariates,
      includeZeros: false,
    });
    // A0+B1 → A's values; A1+B0+C0 → A's year, B's exploitation (A's is empty); B2+C1 → C's year;
    // A2 and B3 are unlinked.
    expect(formatHistoryCsv(table)).toBe(
      [
        "A,B,C,stratum,count",
        "1,0,0,2023|labour,1",
        "1,1,0,2023|sexual,1",
        "0,1,0,2023|sexual,1",
        "0,1,1,2024|criminal,1",
        "1,1,1,2024|labour,1",
        "",
      ].join("\n"),
    );
    const unknown = buildHistoryTable({
      groups: [],
      partySizes: [1],
      parties: ["A"],
      covariateNames: ["year"],
      covariates: [[[""]]],
    });
    expect(unknown.rows).toEqual([{ pattern: [1], stratum: "NA", count: 1 }]);
  });

  it("rejects records outside the parties and records in two groups", () => {
    expect(() =>
      buildHistoryTable({ groups: [[[0, 9]]], partySizes: sizes, parties: ["A", "B", "C"] }),
    ).toThrow(LinkageError);
    expect(() =>
      buildHistoryTable({
        groups: [
          [
            [0, 0],
            [1, 0],
          ],
          [
            [0, 0],
            [2, 0],
          ],
        ],
        partySizes: sizes,
        parties: ["A", "B", "C"],
      }),
    ).toThrow(/more than one group/);
  });

  it("suppresses small cells in a separate display table and leaves the raw table intact", () => {
    const table = buildHistoryTable({
      groups: [],
      partySizes: [12, 3],
      parties: ["A", "B"],
    });
    const display = suppressSmallCells(table, { minimum: 10 });
    expect(display.rows.map((r) => r.shown)).toEqual(["0", "12", "<10"]);
    expect(display.rows.map((r) => r.suppressed)).toEqual([false, false, true]);
    expect(table.rows.map((r) => r.count)).toEqual([0, 12, 3]);
    expect(suppressSmallCells(table, { minimum: 10, suppressZeros: true }).rows[0]!.shown).toBe("<10");
    expect(suppressSmallCells(table, { minimum: 2 }).rows.map((r) => r.shown)).toEqual(["0", "12", "3"]);
    expect(formatDisplayTable(display)).toMatch(/1 cell\(s\) below 10 suppressed/);
    expect(formatDisplayTable(display)).not.toMatch(/\b3\b/);
  });
});

describe("scores", () => {
  it("computes precision, recall and F1, null where undefined", () => {
    expect(scores(72, 10, 18)).toEqual({
      tp: 72,
      fp: 10,
      fn: 18,
      precision: 0.878049,
      recall: 0.8,
      f1: 0.837209,
    });
    expect(scores(0, 0, 5)).toEqual({ tp: 0, fp: 0, fn: 5, precision: null, recall: 0, f1: null });
  });
});
