/**
 * @module linkage/quality
 * Linkage quality against ground truth: precision, recall and F1 of candidate pairs and of solved
 * groups, group-size distribution and capture histories — the layout of the reference `metrics.json`.
 * "True pairs" are cross-party record pairs of the same entity; the pairs a group implies are all its
 * cross-party pairs. Ratios are rounded to 6 decimals; a ratio with a zero denominator is null.
 */

import type { CandidatePairs } from "./dice";
import { LinkageError } from "./errors";
import { captureHistoryCounts } from "./histories";
import type { Group } from "./solve";

export type TruthRecord = { dataset: number; row: number; entityId: string };

export type Scores = {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
};

export type ThresholdMetrics = {
  n_candidates: number;
  candidates: Scores;
  n_groups: number;
  group_sizes: Record<string, number>;
  solved: Scores;
  solved_capture_histories: Record<string, number>;
};

const round6 = (x: number) => Number(x.toFixed(6));

/** Precision, recall and F1 from counts. */
export function scores(tp: number, fp: number, fn: number): Scores {
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? null
      : (2 * precision * recall) / (precision + recall);
  return {
    tp,
    fp,
    fn,
    precision: precision === null ? null : round6(precision),
    recall: recall === null ? null : round6(recall),
    f1: f1 === null ? null : round6(f1),
  };
}

function pairKey(d0: number, r0: number, d1: number, r1: number): string {
  return d0 < d1 || (d0 === d1 && r0 <= r1) ? `${d0}:${r0}|${d1}:${r1}` : `${d1}:${r1}|${d0}:${r0}`;
}

/** Cross-party pairs of records that share an entity id. */
export function truePairs(truth: readonly TruthRecord[]): Set<string> {
  const byEntity = new Map<string, TruthRecord[]>();
  for (const t of truth) {
    const list = byEntity.get(t.entityId) ?? [];
    list.push(t);
    byEntity.set(t.entityId, list);
  }
  const pairs = new Set<string>();
  for (const list of byEntity.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.dataset !== b.dataset) pairs.add(pairKey(a.dataset, a.row, b.dataset, b.row));
      }
    }
  }
  return pairs;
}

function score(predicted: Set<string>, truth: Set<string>): Scores {
  let tp = 0;
  for (const p of predicted) if (truth.has(p)) tp++;
  return scores(tp, predicted.size - tp, truth.size - tp);
}

/** Capture histories implied by the truth itself (entities, by the parties that hold them). */
export function trueCaptureHistories({
  truth,
  parties,
}: {
  truth: readonly TruthRecord[];
  parties: number;
}): Record<string, number> {
  const byEntity = new Map<string, Set<number>>();
  for (const t of truth) {
    const set = byEntity.get(t.entityId) ?? new Set<number>();
    set.add(t.dataset);
    byEntity.set(t.entityId, set);
  }
  const counts = new Map<string, number>();
  for (const set of byEntity.values()) {
    const pattern = Array.from({ length: parties }, (_, d) => (set.has(d) ? "1" : "0")).join("");
    counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => (a[0] < b[0] ? 1 : -1)));
}

/** Quality of one linkage run (candidates and their solved groups) against the truth. */
export function evaluateLinkage({
  truth,
  candidates,
  groups,
  partySizes,
}: {
  truth: readonly TruthRecord[];
  candidates: CandidatePairs | null;
  groups: readonly Group[];
  partySizes: readonly number[];
}): ThresholdMetrics {
  const real = truePairs(truth);
  const candidatePairs = new Set<string>();
  if (candidates) {
    for (let i = 0; i < candidates.sims.length; i++) {
      candidatePairs.add(
        pairKey(candidates.dset0[i]!, candidates.rec0[i]!, candidates.dset1[i]!, candidates.rec1[i]!),
      );
    }
  }
  const solvedPairs = new Set<string>();
  const sizes = new Map<number, number>();
  for (const group of groups) {
    sizes.set(group.length, (sizes.get(group.length) ?? 0) + 1);
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i]!;
        const b = group[j]!;
        if (a[0] !== b[0]) solvedPairs.add(pairKey(a[0], a[1], b[0], b[1]));
      }
    }
  }
  const histories = captureHistoryCounts({ groups, partySizes });
  return {
    n_candidates: candidates ? candidates.sims.length : 0,
    candidates: score(candidatePairs, real),
    n_groups: groups.length,
    group_sizes: Object.fromEntries([...sizes].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v])),
    solved: score(solvedPairs, real),
    solved_capture_histories: Object.fromEntries(
      [...histories].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([pattern, n]) => [pattern, n]),
    ),
  };
}

/** Read ground truth rows (columns dataset_index, row_index, entity_id) and check them against party sizes. */
export function truthFromRows({
  rows,
  source,
}: {
  rows: Array<{ line: number; values: Record<string, string> }>;
  source: string;
}): TruthRecord[] {
  return rows.map(({ line, values }) => {
    const dataset = Number(values.dataset_index);
    const row = Number(values.row_index);
    const entityId = values.entity_id ?? "";
    if (!Number.isInteger(dataset) || dataset < 0 || !Number.isInteger(row) || row < 0 || entityId === "") {
      throw new LinkageError(
        "INPUT_INVALID",
        `${source}, line ${line}: dataset_index, row_index and entity_id are required`,
      );
    }
    return { dataset, row, entityId };
  });
}
