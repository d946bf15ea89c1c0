/**
 * The capture-history table and the lattice operations every estimator builds on.
 *
 * A capture history ω over t lists is stored as a bit mask (bit i set = seen on list
 * i + 1). `counts[ω]` holds the number of people with exactly that history for
 * ω = 1 … 2^t − 1; histories that were not listed are observed zeros. Index 0 is the
 * unobserved "dark figure" cell and is always 0 in an observed table.
 *
 * Sums over super- and subsets of a history (the sufficient statistics N*_θ, fitted
 * marginals, linear predictors of hierarchical models) are computed with the fast
 * zeta transform in t·2^t operations.
 */

import { EstimationError } from "./errors";

export const MAX_LISTS = 10;

export type CaptureTable = {
  /** List names in column order; bit i of a history refers to lists[i]. */
  lists: string[];
  /** counts[ω] for every history ω; counts[0] = 0. Length 2^t. */
  counts: Float64Array;
  /** Number of people observed (sum of counts). */
  n: number;
};

export type NonInformativeReason = "empty" | "everyone" | "duplicate";

export type NonInformativeList = {
  index: number;
  name: string;
  reason: NonInformativeReason;
  /** For duplicates: the earlier list with identical membership. */
  duplicateOf?: string;
};

/** Number of set bits. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** In place: out[ω] = Σ_{θ ⊆ ω} v[θ]. */
export function subsetSumInPlace(v: Float64Array, t: number): void {
  const size = 1 << t;
  for (let bit = 1; bit < size; bit <<= 1) {
    for (let w = 0; w < size; w++) if (w & bit) v[w] = v[w]! + v[w ^ bit]!;
  }
}

/** In place: out[θ] = Σ_{ω ⊇ θ} v[ω]. */
export function supersetSumInPlace(v: Float64Array, t: number): void {
  const size = 1 << t;
  for (let bit = 1; bit < size; bit <<= 1) {
    for (let w = 0; w < size; w++) if (!(w & bit)) v[w] = v[w]! + v[w | bit]!;
  }
}

/** Sufficient statistics N*_θ = Σ_{ω ⊇ θ} N_ω for every θ (N*_∅ = n). */
export function superSetCounts(counts: Float64Array, t: number): Float64Array {
  const v = Float64Array.from(counts);
  supersetSumInPlace(v, t);
  return v;
}

/**
 * Builds a table from list names and (history, count) pairs. Repeated histories are
 * rejected here; the CSV parser reports them with line numbers before this point.
 */
export function buildCaptureTable(
  lists: string[],
  histories: { history: number; count: number }[],
): CaptureTable {
  const t = lists.length;
  if (t < 2) throw new EstimationError("TOO_FEW_LISTS", "At least two lists are needed for an estimate.");
  if (t > MAX_LISTS) {
    throw new EstimationError("TOO_MANY_LISTS", `At most ${MAX_LISTS} lists are supported (got ${t}).`);
  }
  const counts = new Float64Array(1 << t);
  const seen = new Uint8Array(1 << t);
  let n = 0;
  for (const { history, count } of histories) {
    if (history <= 0 || history >= 1 << t) {
      throw new EstimationError(
        "INVALID_HISTORY",
        `Capture history ${history} is not a valid non-empty history.`,
      );
    }
    if (!Number.isInteger(count) || count < 0) {
      throw new EstimationError("INVALID_COUNT", "Counts must be non-negative integers.");
    }
    if (seen[history]) throw new EstimationError("DUPLICATE_HISTORY", "A capture history occurs twice.");
    seen[history] = 1;
    counts[history] = count;
    n += count;
  }
  return { lists: [...lists], counts, n };
}

/**
 * Lists that carry no information about the dark figure: lists nobody is on, lists
 * everybody observed is on, and lists whose membership duplicates an earlier list
 * (SparseMSE's `removenoninformativelists`). Duplicates are found first, as in R.
 */
export function findNonInformativeLists(table: CaptureTable): NonInformativeList[] {
  const t = table.lists.length;
  const out: NonInformativeList[] = [];
  const size = 1 << t;
  const duplicate = new Uint8Array(t);
  for (let j = 1; j < t; j++) {
    for (let i = 0; i < j; i++) {
      if (duplicate[i]) continue;
      let same = true;
      for (let w = 1; w < size && same; w++) {
        if (table.counts[w]! > 0 && ((w >> i) & 1) !== ((w >> j) & 1)) same = false;
      }
      if (same) {
        duplicate[j] = 1;
        out.push({ index: j, name: table.lists[j]!, reason: "duplicate", duplicateOf: table.lists[i]! });
        break;
      }
    }
  }
  const nstar = superSetCounts(table.counts, t);
  for (let i = 0; i < t; i++) {
    if (duplicate[i]) continue;
    const onList = nstar[1 << i]!;
    if (onList === 0) out.push({ index: i, name: table.lists[i]!, reason: "empty" });
    else if (onList === table.n) out.push({ index: i, name: table.lists[i]!, reason: "everyone" });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Removes the given lists (by index), merging histories that become identical. People
 * seen only on dropped lists fall into the unobserved cell of the reduced table (as
 * in SparseMSE); their number is returned so that callers can report it.
 */
export function dropLists(
  table: CaptureTable,
  drop: number[],
): { table: CaptureTable; onlyOnDropped: number } {
  const t = table.lists.length;
  const keep: number[] = [];
  for (let i = 0; i < t; i++) if (!drop.includes(i)) keep.push(i);
  const t2 = keep.length;
  const counts = new Float64Array(1 << t2);
  for (let w = 1; w < 1 << t; w++) {
    const c = table.counts[w]!;
    if (c === 0) continue;
    let w2 = 0;
    keep.forEach((src, dst) => {
      if ((w >> src) & 1) w2 |= 1 << dst;
    });
    counts[w2] = counts[w2]! + c;
  }
  const onlyOnDropped = counts[0]!;
  counts[0] = 0;
  let n = 0;
  for (let w = 1; w < counts.length; w++) n += counts[w]!;
  return { table: { lists: keep.map((i) => table.lists[i]!), counts, n }, onlyOnDropped };
}

/**
 * Number of triples of lists that overlap pairwise (SparseMSE `count_triples`). If it
 * is zero the model with all two-list interactions is not identifiable.
 */
export function countOverlappingTriples(table: CaptureTable): number {
  const t = table.lists.length;
  const nstar = superSetCounts(table.counts, t);
  const overlaps = (i: number, j: number) => nstar[(1 << i) | (1 << j)]! > 0;
  let count = 0;
  for (let i = 0; i < t; i++) {
    for (let j = i + 1; j < t; j++) {
      if (!overlaps(i, j)) continue;
      for (let k = j + 1; k < t; k++) if (overlaps(i, k) && overlaps(j, k)) count++;
    }
  }
  return count;
}
