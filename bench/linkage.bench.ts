/**
 * Benchmark of the linkage library (`npm run bench:linkage`): CLK encodings per second and Dice
 * comparisons per second on 10,000 × 10,000 SYNTHETIC records, next to the figures of clkhash 0.18.3 and
 * anonlink 0.15.3 recorded in test/fixtures/pprl/README.md (same machine type: 2 cores). Writes
 * bench/results/linkage.json and prints the ratios.
 *
 * Method (mirrors the Python measurements): every figure is the median of 3 runs after one warm-up run;
 * each encoding run uses a fresh encoder (empty caches) and includes CSV parsing, validation and base64;
 * each matching run includes candidate sorting; solving is timed separately.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { createEncoder } from "../src/linkage/clk";
import { formatCsv } from "../src/linkage/csv";
import { findCandidatePairs, packFilters } from "../src/linkage/dice";
import { createParallelRowMatcher } from "../src/linkage/dice.parallel";
import { encodeCsvText } from "../src/linkage/encode";
import { CLK_CASE, fixtureBytes, fixtureText, REPO_ROOT } from "../src/linkage/linkage.fixtures";
import { type LinkageSchema, parseLinkageSchema } from "../src/linkage/linkage.schema";
import { createRandom } from "../src/linkage/random";
import { greedySolve } from "../src/linkage/solve";
import {
  generatePopulation,
  type NameStyle,
  PROFILES,
  registerPerson,
  SYNTH_COLUMNS,
} from "../src/linkage/synth";

/** Python reference figures from test/fixtures/pprl/README.md ("Measured throughput"). */
const PYTHON = {
  encoding: {
    s2: { realistic: 15_600, unique: 7_100 },
    namesDob: { realistic: 24_400, unique: 12_600 },
    doubleHash1000: { realistic: 15_600, unique: 9_400 },
  },
  matching: {
    "0.7": { seconds: 0.88, perSecond: 113e6, candidates: 348_420, solveSeconds: 0.48 },
    "0.8": { seconds: 0.67, perSecond: 150e6, candidates: 32_239, solveSeconds: 0.018 },
    "0.9": { seconds: 0.58, perSecond: 174e6, candidates: 2_926, solveSeconds: 0.002 },
  },
  random50: { threshold: 0.7, perSecond: 183e6 },
} as const;

const N = 10_000;
const OVERLAP = 3_000;
const secret = fixtureBytes(`${CLK_CASE}secret.txt`);
const s2Json = JSON.parse(fixtureText(`${CLK_CASE}schema.json`)) as {
  clkConfig: Record<string, unknown>;
  features: Array<Record<string, unknown>>;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timed<T>(fn: () => T): { seconds: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

async function timedAsync<T>(fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, value };
}

/** The three schemas of the Python measurements. */
function schemas(): Record<keyof typeof PYTHON.encoding, LinkageSchema> {
  const namesDob = structuredClone(s2Json);
  namesDob.features = namesDob.features.map((f) =>
    ["rec_id", "first_name", "last_name", "dob"].includes(f.identifier as string)
      ? f.identifier === "last_name"
        ? { ...f, hashing: { ...(f.hashing as object), hash: { type: "blakeHash" } } }
        : f
      : { identifier: f.identifier, ignored: true },
  );
  const doubleHash = structuredClone(s2Json);
  doubleHash.clkConfig.l = 1000;
  doubleHash.features = doubleHash.features.map((f) =>
    f.ignored ? f : { ...f, hashing: { ...(f.hashing as object), hash: { type: "doubleHash" } } },
  );
  return {
    s2: parseLinkageSchema(s2Json),
    namesDob: parseLinkageSchema(namesDob),
    doubleHash1000: parseLinkageSchema(doubleHash),
  };
}

function recordsCsv(nameStyle: NameStyle, seed: number): string {
  const population = generatePopulation({ seed, persons: N, nameStyle });
  const random = createRandom(seed + 1);
  const rows = population.map(
    (person, i) =>
      registerPerson({ person, recId: `SYN-${i}`, rates: i % 2 ? PROFILES.noisy : PROFILES.clean, random })
        .values,
  );
  return formatCsv([SYNTH_COLUMNS, ...rows]);
}

async function benchEncoding() {
  const all = schemas();
  const texts = { realistic: recordsCsv("realistic", 101), unique: recordsCsv("unique", 202) };
  const results = [];
  for (const [name, schema] of Object.entries(all) as Array<[keyof typeof PYTHON.encoding, LinkageSchema]>) {
    for (const style of ["realistic", "unique"] as const) {
      const run = () => {
        const cpu = process.cpuUsage();
        const { seconds } = timed(() =>
          encodeCsvText({ schema, secret, text: texts[style], header: "ignore" }),
        );
        const used = process.cpuUsage(cpu);
        return { seconds, cpuSeconds: (used.user + used.system) / 1e6 };
      };
      run(); // warm-up (JIT); every measured run below starts with empty caches
      const runs = [run(), run(), run()];
      const seconds = median(runs.map((r) => r.seconds));
      const perSecond = N / seconds;
      const perCpuSecond = N / median(runs.map((r) => r.cpuSeconds));
      const python = PYTHON.encoding[name][style];
      results.push({
        schema: name,
        names: style,
        records: N,
        seconds,
        perSecond,
        perCpuSecond,
        python,
        ratio: perSecond / python,
        ratioPerCpuSecond: perCpuSecond / python,
      });
    }
  }
  return results;
}

async function matchingData() {
  const population = generatePopulation({ seed: 303, persons: 2 * N - OVERLAP });
  const random = createRandom(304);
  const encoder = createEncoder({ schema: parseLinkageSchema(s2Json), secret });
  const a = population.slice(0, N);
  const b = random.shuffle([...population.slice(0, OVERLAP), ...population.slice(N, 2 * N - OVERLAP)]);
  const encode = (people: typeof a, rates: typeof PROFILES.clean) =>
    packFilters(
      people.map((person, i) =>
        encoder.encode(registerPerson({ person, recId: `SYN-${i}`, rates, random }).values),
      ),
    );
  return { A: encode(a, PROFILES.clean), B: encode(b, PROFILES.noisy) };
}

function randomFilters(seed: number) {
  const random = createRandom(seed);
  return packFilters(
    Array.from({ length: N }, () => {
      const bytes = new Uint8Array(128);
      for (let i = 0; i < 128; i++) bytes[i] = Math.floor(random.next() * 256);
      return bytes;
    }),
  );
}

async function benchMatching() {
  const { A, B } = await matchingData();
  const threads = availableParallelism();
  const results = [];
  for (const [t, python] of Object.entries(PYTHON.matching)) {
    const threshold = Number(t);
    const row = { threshold, comparisons: N * N, python } as Record<string, unknown>;
    for (const mode of ["single", "parallel"] as const) {
      const rowMatcher = mode === "parallel" ? createParallelRowMatcher({ threads }) : null;
      const run = () => timedAsync(() => findCandidatePairs({ datasets: [A, B], threshold, rowMatcher }));
      await run();
      const runs = [await run(), await run(), await run()];
      const seconds = median(runs.map((r) => r.seconds));
      const candidates = runs[0]!.value;
      const solve = median([0, 1, 2].map(() => timed(() => greedySolve(candidates)).seconds));
      row[mode] = {
        threads: mode === "parallel" ? threads : 1,
        seconds,
        perSecond: (N * N) / seconds,
        ratio: (N * N) / seconds / python.perSecond,
        candidates: candidates.sims.length,
        groups: greedySolve(candidates).length,
        solveSeconds: solve,
      };
    }
    results.push(row);
  }
  const R1 = randomFilters(1);
  const R2 = randomFilters(2);
  const rowMatcher = createParallelRowMatcher({ threads });
  const runRandom = (matcher: typeof rowMatcher | null) =>
    timedAsync(() => findCandidatePairs({ datasets: [R1, R2], threshold: 0.7, rowMatcher: matcher }));
  await runRandom(rowMatcher);
  const randomParallel = median([
    (await runRandom(rowMatcher)).seconds,
    (await runRandom(rowMatcher)).seconds,
    (await runRandom(rowMatcher)).seconds,
  ]);
  const randomSingle = median([
    (await runRandom(null)).seconds,
    (await runRandom(null)).seconds,
    (await runRandom(null)).seconds,
  ]);
  return {
    overlap: OVERLAP,
    thresholds: results,
    random50: {
      threshold: 0.7,
      python: PYTHON.random50.perSecond,
      single: {
        perSecond: (N * N) / randomSingle,
        ratio: (N * N) / randomSingle / PYTHON.random50.perSecond,
      },
      parallel: {
        threads,
        perSecond: (N * N) / randomParallel,
        ratio: (N * N) / randomParallel / PYTHON.random50.perSecond,
      },
    },
  };
}

const loadBefore = loadavg()[0] ?? 0;
const encoding = await benchEncoding();
const matching = await benchMatching();
const report = {
  synthetic: true,
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
  // 1-minute load average before and after: other processes on a shared machine lower wall-clock figures.
  loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  method:
    "median of 3 after one warm-up; encoding single-threaded with empty caches per run; matching 10,000 × 10,000",
  encoding,
  matching,
};
mkdirSync(`${REPO_ROOT}bench/results`, { recursive: true });
writeFileSync(`${REPO_ROOT}bench/results/linkage.json`, `${JSON.stringify(report, null, 2)}\n`);

const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
const m = (x: number) => `${(x / 1e6).toFixed(0)}M`;
process.stdout.write("Encoding (records/s, 10,000 synthetic records):\n");
for (const e of encoding) {
  process.stdout.write(
    `  ${e.schema.padEnd(15)} ${e.names.padEnd(10)} ${k(e.perSecond).padStart(7)} (per CPU-second ${k(e.perCpuSecond).padStart(7)})  clkhash ${k(e.python).padStart(6)}  ×${e.ratio.toFixed(1)} (CPU ×${e.ratioPerCpuSecond.toFixed(1)})\n`,
  );
}
process.stdout.write("Matching (comparisons/s, 10,000 × 10,000):\n");
for (const t of matching.thresholds) {
  const single = t.single as { perSecond: number; ratio: number; candidates: number; solveSeconds: number };
  const parallel = t.parallel as { perSecond: number; ratio: number; threads: number };
  const python = t.python as { perSecond: number; candidates: number };
  process.stdout.write(
    `  t=${t.threshold}  1 thread ${m(single.perSecond)} (×${single.ratio.toFixed(2)})  ${parallel.threads} threads ${m(parallel.perSecond)} (×${parallel.ratio.toFixed(2)})  anonlink ${m(python.perSecond)}  candidates ${single.candidates} (anonlink ${python.candidates})  solve ${single.solveSeconds.toFixed(3)} s\n`,
  );
}
const r = matching.random50;
process.stdout.write(
  `  random 50 % t=0.7: 1 thread ${m(r.single.perSecond)} (×${r.single.ratio.toFixed(2)}), ${r.parallel.threads} threads ${m(r.parallel.perSecond)} (×${r.parallel.ratio.toFixed(2)}), anonlink ${m(r.python)}\n`,
);
process.stdout.write(
  `load average ${report.loadAverage.before.toFixed(2)} → ${report.loadAverage.after.toFixed(2)} on ${cpus().length} cores\n→ bench/results/linkage.json\n`,
);
