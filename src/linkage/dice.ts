/**
 * @module linkage/dice
 * Dice similarity between CLKs and candidate generation with the semantics of anonlink 0.15.3's
 * `find_candidate_pairs(datasets, dice_coefficient_accelerated, threshold, k, blocking_f)`:
 *
 * - similarity = 2·|A∧B| / (|A|+|B|) in float64; a pair is a candidate when similarity ≥ threshold;
 * - the accelerated path's popcount pre-filter is reproduced exactly (`|pop(A) − pop(B)| ≤
 *   uint32(2·pop(A)·(1/threshold − 1))`), including its float truncation, so edge cases agree too;
 * - an all-zero filter in the first dataset yields nothing for threshold > 0 (and score 0 otherwise);
 * - `k` keeps the best k per record of the first dataset (score descending, index ascending);
 * - output order: similarity descending, then dataset indices, then record indices, ascending;
 * - with blocking, pairs are compared inside each block, then merged and de-duplicated.
 */

import {
  diceKernelModule,
  kernelStages,
  MAX_KERNEL_WORDS,
  popcount32,
  type ScanFunction,
  scanJs,
  suffixPopcounts,
} from "./dice.kernel";
import { LinkageError } from "./errors";
import { mulberry32 } from "./random";

/** A set of filters of equal length, packed for the kernel: each row padded to whole 64-bit words. */
export type FilterSet = {
  count: number;
  /** Bytes per filter as supplied (CLK length / 8). */
  bytes: number;
  /** 64-bit words per packed row. */
  words: number;
  /** `count × words × 8` bytes. */
  data: Uint8Array;
  popcounts: Uint32Array;
};

/** Pack filters (all the same byte length) and count their bits. */
export function packFilters(filters: readonly Uint8Array[], source = "filters"): FilterSet {
  const first = filters[0];
  const bytes = first ? first.length : 0;
  const words = Math.max(1, Math.ceil(bytes / 8));
  const data = new Uint8Array(filters.length * words * 8);
  const popcounts = new Uint32Array(filters.length);
  filters.forEach((filter, i) => {
    if (filter.length !== bytes) {
      throw new LinkageError(
        "CLKS_INVALID",
        `${source}: inconsistent filter length (entry ${i} has ${filter.length * 8} bits, entry 0 has ${bytes * 8})`,
      );
    }
    data.set(filter, i * words * 8);
  });
  const view = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  const perRow = words * 2;
  for (let i = 0; i < filters.length; i++) {
    let c = 0;
    for (let w = 0; w < perRow; w++) c += popcount32(view[i * perRow + w]!);
    popcounts[i] = c;
  }
  return { count: filters.length, bytes, words, data, popcounts };
}

/** Decode base64 CLKs; errors name the entry, never its content. */
export function decodeClks(clks: readonly string[], source = "clks"): Uint8Array[] {
  return clks.map((text, i) => {
    const compact = text.replace(/\s+/g, "");
    if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
      throw new LinkageError("CLKS_INVALID", `${source}: entry ${i} is not valid base64`);
    }
    return new Uint8Array(Buffer.from(compact, "base64"));
  });
}

/** Dice coefficient of two filters as anonlink computes it (0 when either is all zeros). */
export function diceCoefficient(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new LinkageError("CLKS_INVALID", "filters of different lengths");
  let pa = 0;
  let pb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    pa += popcount32(a[i]!);
    pb += popcount32(b[i]!);
    both += popcount32(a[i]! & b[i]!);
  }
  if (pa === 0 || pb === 0) return 0;
  return (2 * both) / (pa + pb);
}

/** anonlink's `calculate_max_difference`: `uint32(2·popA·(1/threshold − 1))`, as x86-64 gcc converts it. */
export function maxPopcountDifference(popA: number, threshold: number, bits: number): number {
  if (!(threshold > 0)) return bits;
  const x = 2 * popA * (1 / threshold - 1);
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 63) return 0; // cvttsd2si's "integer indefinite"
  return Number(BigInt.asUintN(32, BigInt(Math.trunc(x))));
}

/**
 * Smallest overlap c with (2c)/s ≥ threshold in float64, for every popcount sum s up to `maxSum`
 * (0x7fffffff where no overlap can reach it).
 */
export function minimalOverlaps(threshold: number, maxSum: number): Int32Array {
  const table = new Int32Array(maxSum + 1);
  for (let s = 0; s <= maxSum; s++) {
    if (s === 0) {
      table[s] = 0 >= threshold ? 0 : 0x7fffffff;
      continue;
    }
    let c = Math.max(0, Math.floor((threshold * s) / 2) - 2);
    while (c <= s && (2 * c) / s < threshold) c++;
    table[s] = c <= s ? c : 0x7fffffff;
  }
  return table;
}

/** Candidate pairs in anonlink's column layout. */
export type CandidatePairs = {
  sims: Float64Array;
  dset0: Uint32Array;
  dset1: Uint32Array;
  rec0: Uint32Array;
  rec1: Uint32Array;
};

/** One row's raw matches: indices into the second set and overlaps. */
export type RowMatches = { row: number; js: Uint32Array; cs: Uint32Array };

/** Kernel instance bound to one "many" side (sorted by popcount). */
type Scanner = {
  /** Matches of one row against sorted rows lo … hi−1; indices are mapped back to the original order. */
  scanRow(args: {
    aData: Uint8Array;
    aRow: number;
    apop: number;
    maxDelta: number;
    lo: number;
    hi: number;
    aSufHalf: number;
    aSufQuarter: number;
  }): {
    js: Uint32Array;
    cs: Uint32Array;
  };
};

function createWasmScanner(b: SortedFilters, cmin: Int32Array): Scanner | null {
  if (b.words > MAX_KERNEL_WORDS || typeof WebAssembly === "undefined") return null;
  const instance = new WebAssembly.Instance(diceKernelModule(b.words), {});
  const memory = instance.exports.mem as WebAssembly.Memory;
  const scan = instance.exports.scan as ScanFunction;
  const rowBytes = b.words * 8;
  const aOff = 0;
  const bOff = rowBytes;
  const popsOff = bOff + b.data.byteLength;
  const cminOff = popsOff + b.count * 4;
  const sufHalfOff = cminOff + cmin.byteLength;
  const sufQuarterOff = sufHalfOff + b.count * 4;
  const outOff = sufQuarterOff + b.count * 4;
  const total = outOff + b.count * 8;
  const pages = Math.ceil(total / 65536);
  if (pages > memory.buffer.byteLength / 65536) memory.grow(pages - memory.buffer.byteLength / 65536);
  const heap = new Uint8Array(memory.buffer);
  heap.set(b.data, bOff);
  new Uint32Array(memory.buffer, popsOff, b.count).set(b.popcounts);
  new Int32Array(memory.buffer, cminOff, cmin.length).set(cmin);
  new Uint32Array(memory.buffer, sufHalfOff, b.count).set(b.sufHalf);
  new Uint32Array(memory.buffer, sufQuarterOff, b.count).set(b.sufQuarter);
  const out = new Uint32Array(memory.buffer, outOff, b.count * 2);
  return {
    scanRow({ aData, aRow, apop, maxDelta, lo, hi, aSufHalf, aSufQuarter }) {
      heap.set(aData.subarray(aRow * rowBytes, (aRow + 1) * rowBytes), aOff);
      const n = scan(
        aOff,
        bOff + lo * rowBytes,
        hi - lo,
        popsOff + 4 * lo,
        apop,
        maxDelta,
        cminOff,
        outOff,
        sufHalfOff + 4 * lo,
        sufQuarterOff + 4 * lo,
        aSufHalf,
        aSufQuarter,
      );
      const js = new Uint32Array(n);
      const cs = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        js[i] = b.order[lo + out[2 * i]!]!;
        cs[i] = out[2 * i + 1]!;
      }
      return { js, cs };
    },
  };
}

function createJsScanner(b: SortedFilters, cmin: Int32Array): Scanner {
  const bWords = new Uint32Array(b.data.buffer, b.data.byteOffset, b.data.byteLength / 4);
  const out = new Uint32Array(b.count * 2);
  const perRow = b.words * 2;
  return {
    scanRow({ aData, aRow, apop, maxDelta, lo, hi }) {
      const a = new Uint32Array(aData.buffer, aData.byteOffset + aRow * perRow * 4, perRow);
      const n = scanJs({
        a,
        b: bWords.subarray(lo * perRow, hi * perRow),
        n: hi - lo,
        pops: b.popcounts.subarray(lo, hi),
        apop,
        maxDelta,
        cmin,
        out,
      });
      const js = new Uint32Array(n);
      const cs = new Uint32Array(n);
      for (let i = 0; i < n; i++) {
        js[i] = b.order[lo + out[2 * i]!]!;
        cs[i] = out[2 * i + 1]!;
      }
      return { js, cs };
    },
  };
}

/** Filters sorted by popcount, with the way back to the original indices. */
export type SortedFilters = FilterSet & {
  /** order[k] = original index of sorted row k. */
  order: Uint32Array;
  /** firstAtPop[p] = first sorted row with popcount ≥ p (length: bits + 2). */
  firstAtPop: Uint32Array;
  /** Popcounts of each sorted row's words from the kernel's stage boundaries to the end. */
  sufHalf: Uint32Array;
  sufQuarter: Uint32Array;
};

/** Sort filters by popcount (stable), so a row only scans the popcounts that can reach the threshold. */
export function sortByPopcount(set: FilterSet): SortedFilters {
  const bits = set.words * 64;
  const order = Uint32Array.from({ length: set.count }, (_, i) => i).sort(
    (x, y) => set.popcounts[x]! - set.popcounts[y]! || x - y,
  );
  const rowBytes = set.words * 8;
  const data = new Uint8Array(set.data.byteLength);
  const popcounts = new Uint32Array(set.count);
  order.forEach((from, to) => {
    data.set(set.data.subarray(from * rowBytes, (from + 1) * rowBytes), to * rowBytes);
    popcounts[to] = set.popcounts[from]!;
  });
  const firstAtPop = new Uint32Array(bits + 2);
  let k = 0;
  for (let p = 0; p <= bits + 1; p++) {
    while (k < set.count && popcounts[k]! < p) k++;
    firstAtPop[p] = k;
  }
  const [half, threeQuarters] = kernelStages(set.words);
  return {
    ...set,
    data,
    popcounts,
    order,
    firstAtPop,
    sufHalf: suffixPopcounts(data, set.words, set.count, half),
    sufQuarter: suffixPopcounts(data, set.words, set.count, threeQuarters),
  };
}

/**
 * Sorted rows [lo, hi) worth scanning for a row with popcount `apop`: popcounts that pass anonlink's
 * pre-filter and can reach the threshold at all (c ≤ min(popA, popB)). The kernel still applies both
 * tests to every scanned row; this range only skips rows that would fail them.
 */
export function scanRange({
  apop,
  maxDelta,
  cmin,
  sorted,
}: {
  apop: number;
  maxDelta: number;
  cmin: Int32Array;
  sorted: SortedFilters;
}): [number, number] {
  const bits = sorted.firstAtPop.length - 2;
  const possible = (b: number) => cmin[apop + b]! <= Math.min(apop, b);
  let low = Math.max(0, apop - maxDelta);
  let high = Math.min(bits, apop + maxDelta);
  while (low <= high && !possible(low)) low++;
  while (high >= low && !possible(high)) high--;
  if (low > high) return [0, 0];
  return [sorted.firstAtPop[low]!, sorted.firstAtPop[high + 1]!];
}

export type Kernel = "wasm" | "js";

/**
 * Raw matches of rows `from … to−1` of `a` against all of `b` (both packed with the same `words`).
 * Each row's matches come in increasing index of `b`.
 */
export function matchRows({
  a,
  b,
  threshold,
  from = 0,
  to = a.count,
  kernel = "wasm",
  sorted,
}: {
  a: FilterSet;
  b: FilterSet;
  threshold: number;
  from?: number;
  to?: number;
  kernel?: Kernel;
  /** `b` sorted by popcount, when the caller already has it. */
  sorted?: SortedFilters;
}): RowMatches[] {
  const bits = a.bytes * 8;
  const cmin = minimalOverlaps(threshold, 2 * a.words * 64);
  const sortedB = sorted ?? sortByPopcount(b);
  const scanner =
    (kernel === "wasm" ? createWasmScanner(sortedB, cmin) : null) ?? createJsScanner(sortedB, cmin);
  const rows: RowMatches[] = [];
  const [half, threeQuarters] = kernelStages(a.words);
  const aRows = new Uint8Array(
    a.data.buffer,
    a.data.byteOffset + from * a.words * 8,
    (to - from) * a.words * 8,
  );
  const aSufHalf = suffixPopcounts(aRows, a.words, to - from, half);
  const aSufQuarter = suffixPopcounts(aRows, a.words, to - from, threeQuarters);
  for (let i = from; i < to; i++) {
    const apop = a.popcounts[i]!;
    if (apop === 0) {
      if (threshold > 0) continue;
      // anonlink reports every record of b with score 0 (truncated to k later).
      const js = new Uint32Array(b.count);
      for (let j = 0; j < b.count; j++) js[j] = j;
      rows.push({ row: i, js, cs: new Uint32Array(b.count) });
      continue;
    }
    const maxDelta = maxPopcountDifference(apop, threshold, bits);
    const [lo, hi] = scanRange({ apop, maxDelta, cmin, sorted: sortedB });
    if (lo >= hi) continue;
    const { js, cs } = scanner.scanRow({
      aData: a.data,
      aRow: i,
      apop,
      maxDelta,
      lo,
      hi,
      aSufHalf: aSufHalf[i - from]!,
      aSufQuarter: aSufQuarter[i - from]!,
    });
    if (js.length > 0) rows.push({ row: i, js, cs });
  }
  return rows;
}

/** A worker pool hook: split the rows of `a` over threads. Provided by `dice.parallel`. */
export type RowMatcher = (args: { a: FilterSet; b: FilterSet; threshold: number }) => Promise<RowMatches[]>;

/** Candidates of one dataset pair, in no particular order yet. */
type PairList = { d0: number; d1: number; sims: Float64Array; r0: Uint32Array; r1: Uint32Array };

/**
 * Turn one dataset pair's raw matches into similarities. With `k`, only the best k per row survive
 * (score descending, index ascending, as anonlink's priority queue keeps them).
 */
function rowsToPairs({
  rows,
  a,
  b,
  k,
  mapA,
  mapB,
  d0,
  d1,
}: {
  rows: RowMatches[];
  a: FilterSet;
  b: FilterSet;
  k: number | null;
  mapA: Uint32Array | null;
  mapB: Uint32Array | null;
  d0: number;
  d1: number;
}): PairList {
  const limit = k === null || k > b.count ? b.count : k;
  let total = 0;
  for (const row of rows) total += Math.min(row.js.length, limit);
  const sims = new Float64Array(total);
  const r0 = new Uint32Array(total);
  const r1 = new Uint32Array(total);
  let p = 0;
  for (const { row, js, cs } of rows) {
    const apop = a.popcounts[row]!;
    const rowIndex = mapA ? mapA[row]! : row;
    let picks: number[] | null = null;
    if (apop === 0) {
      // anonlink's all-zero branch: the first k records of b, score 0, in index order.
      picks = Array.from({ length: Math.min(js.length, limit) }, (_, t) => t);
    } else if (js.length > limit) {
      const score = (t: number) => (2 * cs[t]!) / (apop + b.popcounts[js[t]!]!);
      picks = Array.from({ length: js.length }, (_, t) => t)
        .sort((x, y) => score(y) - score(x) || js[x]! - js[y]!)
        .slice(0, limit);
    }
    const count = picks ? picks.length : js.length;
    for (let q = 0; q < count; q++) {
      const t = picks ? picks[q]! : q;
      const j = js[t]!;
      sims[p] = apop === 0 ? 0 : (2 * cs[t]!) / (apop + b.popcounts[j]!);
      r0[p] = rowIndex;
      r1[p] = mapB ? mapB[j]! : j;
      p++;
    }
  }
  return { d0, d1, sims, r0, r1 };
}

/**
 * All lists merged in anonlink's order: similarity descending, then dataset indices, then record indices.
 * Similarities are replaced by their rank among the distinct values so that the whole order fits in one
 * float64 key and a typed-array sort; a comparator sort is used when the key would not fit.
 */
function sortCandidates(lists: PairList[]): CandidatePairs {
  let total = 0;
  for (const l of lists) total += l.sims.length;
  const sims = new Float64Array(total);
  const d0 = new Uint32Array(total);
  const d1 = new Uint32Array(total);
  const r0 = new Uint32Array(total);
  const r1 = new Uint32Array(total);
  let p = 0;
  for (const l of lists) {
    sims.set(l.sims, p);
    r0.set(l.r0, p);
    r1.set(l.r1, p);
    d0.fill(l.d0, p, p + l.sims.length);
    d1.fill(l.d1, p, p + l.sims.length);
    p += l.sims.length;
  }
  const distinct = Float64Array.from(new Set(sims)).sort().reverse();
  const rank = new Map<number, number>();
  for (let i = 0; i < distinct.length; i++) rank.set(distinct[i]!, i);
  let maxR0 = 0;
  let maxR1 = 0;
  let maxD = 0;
  for (let i = 0; i < total; i++) {
    if (r0[i]! > maxR0) maxR0 = r0[i]!;
    if (r1[i]! > maxR1) maxR1 = r1[i]!;
    if (d1[i]! > maxD) maxD = d1[i]!;
  }
  const n1 = maxR1 + 1;
  const n0 = maxR0 + 1;
  const nd = maxD + 1;
  const perRank = nd * nd * n0 * n1;
  if (distinct.length * perRank < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(total);
    for (let i = 0; i < total; i++) {
      keys[i] = rank.get(sims[i]!)! * perRank + ((d0[i]! * nd + d1[i]!) * n0 + r0[i]!) * n1 + r1[i]!;
    }
    keys.sort();
    // The key encodes the whole candidate: decode it instead of carrying indices along.
    const out: CandidatePairs = {
      sims: new Float64Array(total),
      dset0: new Uint32Array(total),
      dset1: new Uint32Array(total),
      rec0: new Uint32Array(total),
      rec1: new Uint32Array(total),
    };
    for (let i = 0; i < total; i++) {
      const key = keys[i]!;
      const r = Math.floor(key / perRank);
      let rest = key - r * perRank;
      out.rec1[i] = rest % n1;
      rest = (rest - out.rec1[i]!) / n1;
      out.rec0[i] = rest % n0;
      rest = (rest - out.rec0[i]!) / n0;
      out.dset1[i] = rest % nd;
      out.dset0[i] = (rest - out.dset1[i]!) / nd;
      out.sims[i] = distinct[r]!;
    }
    return out;
  }
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort(
    (x, y) => sims[y]! - sims[x]! || d0[x]! - d0[y]! || d1[x]! - d1[y]! || r0[x]! - r0[y]! || r1[x]! - r1[y]!,
  );
  return {
    sims: Float64Array.from(order, (i) => sims[i]!),
    dset0: Uint32Array.from(order, (i) => d0[i]!),
    dset1: Uint32Array.from(order, (i) => d1[i]!),
    rec0: Uint32Array.from(order, (i) => r0[i]!),
    rec1: Uint32Array.from(order, (i) => r1[i]!),
  };
}

/** Blocking: the block keys of every record, per dataset (a record may be in several blocks). */
export type Blocks = ReadonlyArray<ReadonlyArray<ReadonlyArray<string | number>>>;

function subset(set: FilterSet, rows: readonly number[]): FilterSet {
  const rowBytes = set.words * 8;
  const data = new Uint8Array(rows.length * rowBytes);
  const popcounts = new Uint32Array(rows.length);
  rows.forEach((r, i) => {
    data.set(set.data.subarray(r * rowBytes, (r + 1) * rowBytes), i * rowBytes);
    popcounts[i] = set.popcounts[r]!;
  });
  return { count: rows.length, bytes: set.bytes, words: set.words, data, popcounts };
}

function enforceK(pairs: CandidatePairs, k: number): CandidatePairs {
  // anonlink's _enforce_k: at most k pairs per record per dataset pair, counted in output order.
  const seen = new Map<string, number>();
  const keep: number[] = [];
  for (let i = 0; i < pairs.sims.length; i++) {
    const a = `${pairs.dset0[i]},${pairs.dset1[i]},${pairs.rec1[i]}`;
    const b = `${pairs.dset1[i]},${pairs.dset0[i]},${pairs.rec0[i]}`;
    const ca = (seen.get(a) ?? 0) + 1;
    const cb = (seen.get(b) ?? 0) + 1;
    seen.set(a, ca);
    seen.set(b, cb);
    if (ca <= k && cb <= k) keep.push(i);
  }
  return pickPairs(pairs, keep);
}

function pickPairs(pairs: CandidatePairs, keep: number[]): CandidatePairs {
  return {
    sims: Float64Array.from(keep, (i) => pairs.sims[i]!),
    dset0: Uint32Array.from(keep, (i) => pairs.dset0[i]!),
    dset1: Uint32Array.from(keep, (i) => pairs.dset1[i]!),
    rec0: Uint32Array.from(keep, (i) => pairs.rec0[i]!),
    rec1: Uint32Array.from(keep, (i) => pairs.rec1[i]!),
  };
}

export type FindCandidatesOptions = {
  datasets: readonly FilterSet[];
  threshold: number;
  /** Keep at most k candidates per record and dataset pair (anonlink's `k`); null keeps all. */
  k?: number | null;
  /** Block keys per dataset and record; records are compared only when they share a key. */
  blocks?: Blocks | null;
  kernel?: Kernel;
  /** Optional parallel row matcher (worker threads) for large unblocked comparisons. */
  rowMatcher?: RowMatcher | null;
};

/**
 * Candidate pairs between every pair of datasets (i < j), in anonlink's order.
 * @throws LinkageError CLKS_INVALID when the datasets' filter lengths differ
 */
export async function findCandidatePairs(options: FindCandidatesOptions): Promise<CandidatePairs> {
  const { datasets, threshold, k = null, blocks = null, kernel = "wasm", rowMatcher = null } = options;
  if (!Number.isFinite(threshold)) throw new LinkageError("ARGUMENT_INVALID", "threshold must be a number");
  if (k !== null && (!Number.isInteger(k) || k < 0)) {
    throw new LinkageError("ARGUMENT_INVALID", "k must be a non-negative integer");
  }
  const lengths = new Set(datasets.filter((d) => d.count > 0).map((d) => d.bytes));
  if (lengths.size > 1) throw new LinkageError("CLKS_INVALID", "the encodings have different filter lengths");
  if (blocks && blocks.length !== datasets.length) {
    throw new LinkageError("ARGUMENT_INVALID", "blocking keys must be given for every dataset");
  }
  const lists: PairList[] = [];
  const pairMatches = async (a: FilterSet, b: FilterSet): Promise<RowMatches[]> => {
    if (rowMatcher && a.count * b.count >= PARALLEL_MIN_COMPARISONS) return rowMatcher({ a, b, threshold });
    return matchRows({ a, b, threshold, kernel });
  };
  if (!blocks) {
    for (let d0 = 0; d0 < datasets.length; d0++) {
      for (let d1 = d0 + 1; d1 < datasets.length; d1++) {
        const a = datasets[d0]!;
        const b = datasets[d1]!;
        if (a.count === 0 || b.count === 0) continue;
        const rows = await pairMatches(a, b);
        lists.push(rowsToPairs({ rows, a, b, k, mapA: null, mapB: null, d0, d1 }));
      }
    }
    const sorted = sortCandidates(lists);
    return k === null ? sorted : enforceK(sorted, k);
  }
  // Blocked: group record indices per block key, compare within blocks, then merge and de-duplicate.
  const byBlock = new Map<string, number[][]>();
  blocks.forEach((perRecord, d) => {
    if (perRecord.length !== datasets[d]!.count) {
      throw new LinkageError(
        "ARGUMENT_INVALID",
        `dataset ${d}: ${perRecord.length} blocking entries for ${datasets[d]!.count} records`,
      );
    }
    perRecord.forEach((keys, r) => {
      for (const key of new Set(keys.map(String))) {
        let lists = byBlock.get(key);
        if (!lists) {
          lists = datasets.map(() => []);
          byBlock.set(key, lists);
        }
        lists[d]!.push(r);
      }
    });
  });
  for (const members of byBlock.values()) {
    for (let d0 = 0; d0 < datasets.length; d0++) {
      for (let d1 = d0 + 1; d1 < datasets.length; d1++) {
        const rowsA = members[d0]!;
        const rowsB = members[d1]!;
        if (rowsA.length === 0 || rowsB.length === 0) continue;
        const a = subset(datasets[d0]!, rowsA);
        const b = subset(datasets[d1]!, rowsB);
        const rows = await pairMatches(a, b);
        lists.push(
          rowsToPairs({
            rows,
            a,
            b,
            k,
            mapA: Uint32Array.from(rowsA),
            mapB: Uint32Array.from(rowsB),
            d0,
            d1,
          }),
        );
      }
    }
  }
  const merged = sortCandidates(lists);
  const order = Array.from(merged.sims.keys());
  const keep: number[] = [];
  let last = -1;
  for (const i of order) {
    if (
      last >= 0 &&
      merged.sims[i] === merged.sims[last] &&
      merged.dset0[i] === merged.dset0[last] &&
      merged.dset1[i] === merged.dset1[last] &&
      merged.rec0[i] === merged.rec0[last] &&
      merged.rec1[i] === merged.rec1[last]
    ) {
      continue;
    }
    keep.push(i);
    last = i;
  }
  const deduplicated = pickPairs(merged, keep);
  return k === null ? deduplicated : enforceK(deduplicated, k);
}

/** Below this many comparisons the worker start-up costs more than it saves. */
export const PARALLEL_MIN_COMPARISONS = 20_000_000;

/** Bit-sampling blocking (Hamming LSH): `tables` keys per record from `bitsPerTable` sampled bit positions. */
export function bitBlocks({
  datasets,
  tables,
  bitsPerTable,
  seed,
}: {
  datasets: readonly FilterSet[];
  tables: number;
  bitsPerTable: number;
  seed: number;
}): string[][][] {
  const bits = datasets.find((d) => d.count > 0)?.bytes ?? 0;
  const totalBits = bits * 8;
  if (!Number.isInteger(tables) || tables < 1)
    throw new LinkageError("ARGUMENT_INVALID", "tables must be ≥ 1");
  if (!Number.isInteger(bitsPerTable) || bitsPerTable < 1 || bitsPerTable > totalBits) {
    throw new LinkageError("ARGUMENT_INVALID", `bits per table must be 1..${totalBits}`);
  }
  const random = mulberry32(seed);
  const positions: number[][] = [];
  for (let t = 0; t < tables; t++) {
    const chosen = new Set<number>();
    while (chosen.size < bitsPerTable) chosen.add(Math.floor(random() * totalBits));
    positions.push([...chosen].sort((x, y) => x - y));
  }
  return datasets.map((set) => {
    const rowBytes = set.words * 8;
    const perRecord: string[][] = [];
    for (let r = 0; r < set.count; r++) {
      const keys: string[] = [];
      positions.forEach((table, t) => {
        let key = "";
        for (const p of table) key += (set.data[r * rowBytes + (p >>> 3)]! >>> (7 - (p & 7))) & 1;
        keys.push(`${t}:${key}`);
      });
      perRecord.push(keys);
    }
    return perRecord;
  });
}
