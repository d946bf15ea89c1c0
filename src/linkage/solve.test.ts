/**
 * Solvers: anonlink's greedy solver (clique rule for several parties), its two-party shortcut, and the
 * transitive solver with the one-record-per-party conflict rule. Candidates are hand-made.
 */

import { describe, expect, it } from "vitest";
import type { CandidatePairs } from "./dice";
import { canonicalGroups, greedySolve, probabilisticGreedySolve, transitiveSolve } from "./solve";

/** Candidates from [similarity, party0, party1, row0, row1] rows, already in anonlink's order. */
function buildCandidates(rows: Array<[number, number, number, number, number]>): CandidatePairs {
  return {
    sims: Float64Array.from(rows, (r) => r[0]),
    dset0: Uint32Array.from(rows, (r) => r[1]),
    dset1: Uint32Array.from(rows, (r) => r[2]),
    rec0: Uint32Array.from(rows, (r) => r[3]),
    rec1: Uint32Array.from(rows, (r) => r[4]),
  };
}

describe("greedySolve (anonlink greedy_solve)", () => {
  it("between two parties, accepts a pair only when neither record is matched yet", () => {
    const c = buildCandidates([
      [0.95, 0, 1, 0, 0],
      [0.9, 0, 1, 0, 1],
      [0.9, 0, 1, 1, 0],
      [0.85, 0, 1, 1, 1],
      [0.8, 0, 1, 2, 1],
    ]);
    expect(greedySolve(c)).toEqual([
      [
        [0, 0],
        [1, 0],
      ],
      [
        [0, 1],
        [1, 1],
      ],
    ]);
  });

  it("the two-party shortcut equals the general algorithm on random candidate lists", () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let round = 0; round < 50; round++) {
      const rows: Array<[number, number, number, number, number]> = [];
      for (let i = 0; i < 60; i++)
        rows.push([
          Math.floor(random() * 10) / 10,
          0,
          1,
          Math.floor(random() * 15),
          Math.floor(random() * 15),
        ]);
      const unique = [...new Map(rows.map((r) => [`${r[3]},${r[4]}`, r])).values()];
      unique.sort((x, y) => y[0] - x[0] || x[3] - y[3] || x[4] - y[4]);
      const c = buildCandidates(unique);
      expect(greedySolve(c)).toEqual(
        probabilisticGreedySolve({ candidates: c, mergeThreshold: 1, deduplicated: false }),
      );
    }
  });

  it("with three parties merges groups only when every cross pair is a candidate", () => {
    // A0–B0 strongest; C0 is a candidate with A0 only → stays apart (clique rule).
    const partial = buildCandidates([
      [0.95, 0, 1, 0, 0],
      [0.9, 0, 2, 0, 0],
    ]);
    expect(greedySolve(partial)).toEqual([
      [
        [0, 0],
        [1, 0],
      ],
    ]);
    // With B0–C0 as well, the three records form one group.
    const full = buildCandidates([
      [0.95, 0, 1, 0, 0],
      [0.9, 0, 2, 0, 0],
      [0.85, 1, 2, 0, 0],
    ]);
    expect(greedySolve(full)).toEqual([
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
    ]);
  });

  it("keeps a third record apart when its group already holds that party", () => {
    const c = buildCandidates([
      [0.95, 0, 1, 0, 0],
      [0.9, 1, 2, 0, 0],
      [0.88, 0, 2, 0, 0],
      [0.7, 0, 2, 0, 1],
      [0.6, 1, 2, 0, 1],
    ]);
    expect(greedySolve(c)).toEqual([
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
    ]);
  });
});

describe("transitiveSolve (conflict rule: one record per party)", () => {
  it("joins groups through any candidate, unless a party would appear twice", () => {
    const c = buildCandidates([
      [0.95, 0, 1, 0, 0],
      [0.9, 0, 2, 0, 0], // joins C0 although B0–C0 is no candidate
      [0.85, 1, 2, 1, 0], // B1 would add a second B record → skipped
      [0.8, 1, 2, 1, 1],
    ]);
    expect(transitiveSolve(c)).toEqual([
      [
        [0, 0],
        [1, 0],
        [2, 0],
      ],
      [
        [1, 1],
        [2, 1],
      ],
    ]);
  });

  it("equals greedySolve for two parties", () => {
    const c = buildCandidates([
      [0.95, 0, 1, 0, 0],
      [0.9, 0, 1, 0, 1],
      [0.9, 0, 1, 1, 0],
      [0.85, 0, 1, 1, 1],
    ]);
    expect(transitiveSolve(c)).toEqual(greedySolve(c));
  });
});

describe("canonicalGroups", () => {
  it("sorts records within groups and groups among themselves", () => {
    expect(
      canonicalGroups([
        [
          [1, 5],
          [0, 9],
        ],
        [
          [0, 2],
          [2, 1],
        ],
      ]),
    ).toEqual([
      [
        [0, 2],
        [2, 1],
      ],
      [
        [0, 9],
        [1, 5],
      ],
    ]);
  });
});
