/**
 * Benchmark of the dark-number estimation library against the R reference timings
 * (test/fixtures/mse/R-TIMINGS.md): the full stepwise search (SparseMSE
 * `estimatepopulation.0(method = "stepwise")`), the exhaustive BIC search
 * (MultipleSystemsEstimation `estimate_population_bic`, default maxorder) and a
 * 1000-replicate BCa bootstrap of the stepwise procedure (SparseMSE
 * `estimatepopulation(nboot = 1000)`), all timed in-process as R was.
 *
 * Run: npm run bench:mse   → prints the table and writes bench/results/mse.json.
 * Timings are medians of several runs after one warm-up run; slow jobs run fewer times.
 */

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { estimatePopulation } from "../src/estimation/estimate";
import { fixturePath, loadTable } from "../test/fixtures/mse/fixtures";

type Task = "stepwise" | "bic" | "bca1000";

type Row = {
  dataset: string;
  lists: number;
  task: Task;
  /** Median wall-clock seconds. */
  seconds: number;
  runs: number;
  min: number;
  max: number;
  /** R's time for the same job (seconds), when recorded. */
  rSeconds: number | null;
  speedup: number | null;
  result: string;
};

const here = dirname(fileURLToPath(import.meta.url));

/** R timings from the table in R-TIMINGS.md: stepwise median, BIC, BCa. */
function rTimings(): Map<string, { stepwise: number | null; bic: number | null; bca: number | null }> {
  const text = readFileSync(fixturePath("R-TIMINGS.md"), "utf8");
  const out = new Map<string, { stepwise: number | null; bic: number | null; bca: number | null }>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 8 || !/^\d+$/.test(cells[2] ?? "")) continue;
    const first = (s: string | undefined) => {
      const m = /(\d+(?:\.\d+)?)/.exec((s ?? "").replace(/\*\*/g, ""));
      return m && !/not available|—/.test(s ?? "") ? Number(m[1]) : null;
    };
    out.set(cells[1]!, { stepwise: first(cells[4]), bic: first(cells[6]), bca: first(cells[7]) });
  }
  return out;
}

function time(fn: () => string, runs: number): { median: number; min: number; max: number; result: string } {
  let result = fn(); // warm-up (JIT), not recorded
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    seconds.push((performance.now() - t0) / 1000);
  }
  seconds.sort((a, b) => a - b);
  return {
    median: seconds[Math.floor(seconds.length / 2)]!,
    min: seconds[0]!,
    max: seconds[seconds.length - 1]!,
    result,
  };
}

function main(): void {
  const r = rTimings();
  const datasets = ["UKdat", "UKdat_5", "Ned", "Kosovo", "Western", "NewOrl"];
  const rows: Row[] = [];
  for (const dataset of datasets) {
    const table = loadTable(dataset);
    const t = table.lists.length;
    const ref = r.get(dataset);
    const jobs: { task: Task; runs: number; fn: () => string; rSeconds: number | null }[] = [
      {
        task: "stepwise",
        runs: 9,
        rSeconds: ref?.stepwise ?? null,
        fn: () => {
          const res = estimatePopulation(table, { method: "stepwise", ci: "lognormal" });
          return `${res.estimate?.toFixed(2)} ${res.model}`;
        },
      },
    ];
    if (t <= 6) {
      jobs.push({
        task: "bic",
        runs: t === 6 ? 3 : 5,
        rSeconds: ref?.bic ?? null,
        fn: () => {
          const res = estimatePopulation(table, { method: "bic", ci: "lognormal", maxModels: 1 });
          return `${res.estimate?.toFixed(2)} ${res.model} (${res.modelsAdmissible} admissible)`;
        },
      });
    }
    jobs.push({
      task: "bca1000",
      runs: 3,
      rSeconds: ref?.bca ?? null,
      fn: () => {
        const res = estimatePopulation(table, { method: "stepwise", ci: "bca", nboot: 1000 });
        return `[${res.ci?.lower.toFixed(1)}, ${res.ci?.upper?.toFixed(1)}]`;
      },
    });
    for (const job of jobs) {
      const timing = time(job.fn, job.runs);
      rows.push({
        dataset,
        lists: t,
        task: job.task,
        seconds: timing.median,
        runs: job.runs,
        min: timing.min,
        max: timing.max,
        rSeconds: job.rSeconds,
        speedup: job.rSeconds ? job.rSeconds / timing.median : null,
        result: timing.result,
      });
      const row = rows[rows.length - 1]!;
      const ratio = row.speedup
        ? `${row.speedup.toFixed(0).padStart(6)}× faster than R (${row.rSeconds} s)`
        : "   (no R timing)";
      console.log(
        `${dataset.padEnd(8)} ${job.task.padEnd(9)} ${row.seconds.toFixed(4).padStart(8)} s  [${row.min.toFixed(4)}–${row.max.toFixed(4)}] ${ratio}  ${row.result}`,
      );
    }
  }
  const searchSpeedups = rows
    .filter((x) => x.task !== "bca1000" && x.speedup !== null)
    .map((x) => x.speedup!);
  const bcaSpeedups = rows.filter((x) => x.task === "bca1000" && x.speedup !== null).map((x) => x.speedup!);
  const summary = {
    minSearchSpeedup: Math.min(...searchSpeedups),
    medianSearchSpeedup: searchSpeedups.sort((a, b) => a - b)[Math.floor(searchSpeedups.length / 2)]!,
    minBcaSpeedup: Math.min(...bcaSpeedups),
    target: "model searches at least 10× faster than R",
    targetMet: Math.min(...searchSpeedups) >= 10,
  };
  console.log(
    `\nModel searches: ${summary.minSearchSpeedup.toFixed(1)}× to ${Math.max(...searchSpeedups).toFixed(0)}× faster than R ` +
      `(median ${summary.medianSearchSpeedup.toFixed(0)}×); BCa bootstrap at least ${summary.minBcaSpeedup.toFixed(0)}× faster.`,
  );
  const out = {
    generatedBy: "bench/mse.bench.ts",
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    loadAverage: loadavg(),
    note: "In-process wall-clock seconds, median of `runs` after one warm-up; R times from test/fixtures/mse/R-TIMINGS.md.",
    rows,
    summary,
  };
  mkdirSync(join(here, "results"), { recursive: true });
  writeFileSync(join(here, "results", "mse.json"), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${join("bench", "results", "mse.json")}`);
}

main();
