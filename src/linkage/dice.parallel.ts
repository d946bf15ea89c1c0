/**
 * @module linkage/dice.parallel
 * Spread the rows of the first dataset over worker threads for large comparisons. Each worker runs the
 * same WebAssembly kernel as the main thread (the compiled module is shared, not recompiled); the main
 * thread takes the first share itself. Workers are plain JavaScript evaluated from a string, so they
 * start in a few tens of milliseconds and do not depend on a TypeScript loader.
 */

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  type FilterSet,
  matchRows,
  maxPopcountDifference,
  minimalOverlaps,
  type RowMatcher,
  scanRange,
  sortByPopcount,
} from "./dice";
import { diceKernelModule, kernelStages, MAX_KERNEL_WORDS, suffixPopcounts } from "./dice.kernel";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { module, words, bData, bPops, bOrder, bSufHalf, bSufQuarter, bCount, cmin, aData, aPops, aSufHalf, aSufQuarter, from, to, maxDeltas, los, his } = workerData;
const instance = new WebAssembly.Instance(module, {});
const memory = instance.exports.mem;
const scan = instance.exports.scan;
const rowBytes = words * 8;
const aOff = 0;
const bOff = rowBytes;
const popsOff = bOff + bData.byteLength;
const cminOff = popsOff + bCount * 4;
const sufHalfOff = cminOff + cmin.byteLength;
const sufQuarterOff = sufHalfOff + bCount * 4;
const outOff = sufQuarterOff + bCount * 4;
const total = outOff + bCount * 8;
const pages = Math.ceil(total / 65536) - memory.buffer.byteLength / 65536;
if (pages > 0) memory.grow(pages);
const heap = new Uint8Array(memory.buffer);
heap.set(bData, bOff);
new Uint32Array(memory.buffer, popsOff, bCount).set(bPops);
new Int32Array(memory.buffer, cminOff, cmin.length).set(cmin);
new Uint32Array(memory.buffer, sufHalfOff, bCount).set(bSufHalf);
new Uint32Array(memory.buffer, sufQuarterOff, bCount).set(bSufQuarter);
const out = new Uint32Array(memory.buffer, outOff, bCount * 2);
const rows = [];
const transfer = [];
for (let i = from; i < to; i++) {
  const apop = aPops[i];
  const lo = los[i - from];
  const hi = his[i - from];
  if (apop === 0 || lo >= hi) continue;
  heap.set(aData.subarray(i * rowBytes, (i + 1) * rowBytes), aOff);
  const n = scan(aOff, bOff + lo * rowBytes, hi - lo, popsOff + 4 * lo, apop, maxDeltas[i - from], cminOff, outOff,
    sufHalfOff + 4 * lo, sufQuarterOff + 4 * lo, aSufHalf[i - from], aSufQuarter[i - from]);
  if (n === 0) continue;
  const js = new Uint32Array(n);
  const cs = new Uint32Array(n);
  for (let t = 0; t < n; t++) { js[t] = bOrder[lo + out[2 * t]]; cs[t] = out[2 * t + 1]; }
  rows.push({ row: i, js, cs });
  transfer.push(js.buffer, cs.buffer);
}
parentPort.postMessage(rows, transfer);
`;

type WorkerRows = Array<{ row: number; js: Uint32Array; cs: Uint32Array }>;

function runWorker(data: Record<string, unknown>): Promise<WorkerRows> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    worker.once("message", (rows: WorkerRows) => {
      resolve(rows);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`matching worker stopped with exit code ${code}`));
    });
  });
}

/** Number of threads to use by default: the machine's parallelism. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A row matcher that uses `threads` threads (the main thread included). Results are identical to the
 * single-threaded {@link matchRows}.
 */
export function createParallelRowMatcher({
  threads = defaultThreads(),
}: {
  threads?: number;
} = {}): RowMatcher {
  return async ({ a, b, threshold }) => {
    if (threads <= 1 || b.words > MAX_KERNEL_WORDS || a.count < 2 * threads) {
      return matchRows({ a, b, threshold });
    }
    const bits = a.bytes * 8;
    const cmin = minimalOverlaps(threshold, 2 * a.words * 64);
    const module = diceKernelModule(b.words);
    const sorted = sortByPopcount(b);
    const share = Math.ceil(a.count / threads);
    const jobs: Array<Promise<WorkerRows>> = [];
    for (let t = 1; t < threads; t++) {
      const from = Math.min(a.count, t * share);
      const to = Math.min(a.count, (t + 1) * share);
      if (from >= to) continue;
      const [half, threeQuarters] = kernelStages(a.words);
      const aRows = new Uint8Array(
        a.data.buffer,
        a.data.byteOffset + from * a.words * 8,
        (to - from) * a.words * 8,
      );
      const maxDeltas = new Uint32Array(to - from);
      const los = new Uint32Array(to - from);
      const his = new Uint32Array(to - from);
      for (let i = from; i < to; i++) {
        const apop = a.popcounts[i]!;
        const maxDelta = maxPopcountDifference(apop, threshold, bits);
        maxDeltas[i - from] = maxDelta;
        if (apop === 0) continue;
        [los[i - from], his[i - from]] = scanRange({ apop, maxDelta, cmin, sorted });
      }
      jobs.push(
        runWorker({
          module,
          words: b.words,
          bData: sorted.data,
          bPops: sorted.popcounts,
          bOrder: sorted.order,
          bSufHalf: sorted.sufHalf,
          bSufQuarter: sorted.sufQuarter,
          aSufHalf: suffixPopcounts(aRows, a.words, to - from, half),
          aSufQuarter: suffixPopcounts(aRows, a.words, to - from, threeQuarters),
          bCount: b.count,
          cmin,
          aData: a.data,
          aPops: a.popcounts,
          from,
          to,
          maxDeltas,
          los,
          his,
        }),
      );
    }
    // The main thread's share, including rows with popcount 0 (handled in matchRows for every share).
    const own = matchRows({ a, b, threshold, from: 0, to: Math.min(a.count, share), sorted });
    const rest = await Promise.all(jobs);
    const zeroRows = zeroPopcountRows({ a, b, threshold, from: Math.min(a.count, share) });
    const all = [...own, ...rest.flat(), ...zeroRows];
    all.sort((x, y) => x.row - y.row);
    return all;
  };
}

/** Rows with an all-zero filter beyond the main share (workers skip them; matchRows handles them). */
function zeroPopcountRows({
  a,
  b,
  threshold,
  from,
}: {
  a: FilterSet;
  b: FilterSet;
  threshold: number;
  from: number;
}): WorkerRows {
  if (threshold > 0) return [];
  const out: WorkerRows = [];
  for (let i = from; i < a.count; i++) {
    if (a.popcounts[i] !== 0) continue;
    out.push(...matchRows({ a, b, threshold, from: i, to: i + 1 }));
  }
  return out;
}
