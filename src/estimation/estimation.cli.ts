/**
 * `samen estimate <file.csv>`: multiple-systems estimate of the number of victims from
 * overlapping registrations. This is the only file of the estimation module that does
 * I/O (reading the CSV, writing the report, the progress bar).
 *
 * Exit codes: 0 estimate printed; 2 invalid input or options (the message names the
 * line); 3 no estimate possible on these data (the report or JSON says why, e.g. the
 * MLE does not exist); 1 unexpected failure.
 */

import { readFile } from "node:fs/promises";
import cliProgress from "cli-progress";
import { type Command, InvalidArgumentError, Option } from "commander";
import { parseCaptureCsv } from "./csv";
import { EstimationError } from "./errors";
import { DEFAULTS, defaultCi, type EstimateOptions, estimatePopulation } from "./estimate";
import type { EstimateResult } from "./estimation.schema";
import { formatReport } from "./report";
import { estimateStratified } from "./stratified";

export const EXIT_INVALID_INPUT = 2;
export const EXIT_NO_ESTIMATE = 3;

type CliOptions = {
  method: NonNullable<EstimateOptions["method"]>;
  model?: string;
  pthresh?: number;
  maxorder?: number;
  ci?: NonNullable<EstimateOptions["ci"]>;
  nboot: number;
  seed: number;
  level: number;
  ntop?: number;
  stratify?: string;
  strict?: boolean;
  maxModels: number;
  json?: boolean;
};

function numberParser({
  name,
  integer,
  min,
  max,
  exclusive,
}: {
  name: string;
  integer?: boolean;
  min?: number;
  max?: number;
  exclusive?: boolean;
}): (value: string) => number {
  return (value: string) => {
    const x = Number(value);
    if (value.trim() === "" || !Number.isFinite(x))
      throw new InvalidArgumentError(`${name} must be a number.`);
    if (integer && !Number.isInteger(x)) throw new InvalidArgumentError(`${name} must be a whole number.`);
    if (min !== undefined && (exclusive ? x <= min : x < min)) {
      throw new InvalidArgumentError(`${name} must be ${exclusive ? "greater than" : "at least"} ${min}.`);
    }
    if (max !== undefined && (exclusive ? x >= max : x > max)) {
      throw new InvalidArgumentError(`${name} must be ${exclusive ? "less than" : "at most"} ${max}.`);
    }
    return x;
  };
}

function createProgress(): { onProgress: (done: number, total: number) => void; stop: () => void } | null {
  if (!process.stderr.isTTY) return null;
  let bar: cliProgress.SingleBar | null = null;
  return {
    onProgress: (done, total) => {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: "bootstrap {bar} {percentage}% | {value}/{total} | ETA {eta}s",
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** Registers `estimate` on the given program (the main `samen` CLI or a bare one). */
export function registerEstimateCommand(program: Command): Command {
  return (
    program
      .command("estimate")
      .description(
        "Estimate the population size (the dark number of victims) from overlapping lists by multiple-systems estimation.",
      )
      .argument(
        "<file>",
        "CSV file: one 0/1 column per list (header = list names), then count; optional stratum column",
      )
      .addOption(
        new Option("--method <method>", "model selection")
          .choices(["main", "pairs", "fixed", "stepwise", "bic", "aic-stepwise"])
          .default(DEFAULTS.method),
      )
      .option("--model <model>", 'hierarchical model for --method fixed, e.g. "[12,23]"')
      .option(
        "--pthresh <p>",
        "p-value threshold (stepwise: default 0.02; aic-stepwise: default 0.05)",
        numberParser({ name: "--pthresh", min: 0, max: 1 }),
      )
      .option(
        "--maxorder <k>",
        "highest interaction order for --method bic (default: 3 lists→2, 4–5→3, 6→2)",
        numberParser({ name: "--maxorder", integer: true, min: 1 }),
      )
      .addOption(
        new Option(
          "--ci <kind>",
          "interval: lognormal, profile or bca (default: bca; profile for aic-stepwise)",
        ).choices(["lognormal", "profile", "bca"]),
      )
      .option(
        "--nboot <n>",
        "bootstrap replicates for --ci bca",
        numberParser({ name: "--nboot", integer: true, min: 1 }),
        DEFAULTS.nboot,
      )
      .option(
        "--seed <s>",
        "seed of the bootstrap random numbers",
        numberParser({ name: "--seed", integer: true }),
        DEFAULTS.seed,
      )
      .option(
        "--level <level>",
        "confidence level",
        numberParser({ name: "--level", min: 0, max: 1, exclusive: true }),
        DEFAULTS.level,
      )
      .option(
        "--ntop <k>",
        "--method bic with --ci bca: top-ranked models re-selected per replicate (default: 3 lists all, 4→20, 5–6→100)",
        numberParser({ name: "--ntop", integer: true, min: 1 }),
      )
      .option(
        "--stratify <column>",
        "estimate per value of this column and combine (default: a column named stratum)",
      )
      .option("--strict", "iterate fits to full precision instead of stopping where R's glm stops")
      .option(
        "--max-models <n>",
        "candidate models listed in the output (0 = all)",
        numberParser({ name: "--max-models", integer: true, min: 0 }),
        DEFAULTS.maxModels,
      )
      .option("--json", "print one JSON object instead of the report")
      // Usage errors (bad option values, unknown options) are invalid input: exit 2, not 1.
      .exitOverride((err) => {
        if (err.exitCode === 1) process.exit(EXIT_INVALID_INPUT);
      })
      .action(async (file: string, opts: CliOptions, command: Command) => {
        const fail = (message: string): never =>
          command.error(`error: ${message}`, { exitCode: EXIT_INVALID_INPUT });
        let text: string;
        try {
          text = await readFile(file, "utf8");
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          return fail(`cannot read ${file}${code ? ` (${code})` : ""}`);
        }
        // --model without an explicit --method means a fixed-model estimate.
        const method =
          opts.model !== undefined && command.getOptionValueSource("method") === "default"
            ? "fixed"
            : opts.method;
        const progress = (opts.ci ?? defaultCi(method)) === "bca" ? createProgress() : null;
        const options: EstimateOptions = {
          method,
          ...(opts.model !== undefined ? { model: opts.model } : {}),
          ...(opts.pthresh !== undefined ? { pthresh: opts.pthresh } : {}),
          ...(opts.maxorder !== undefined ? { maxOrder: opts.maxorder } : {}),
          ...(opts.ci !== undefined ? { ci: opts.ci } : {}),
          ...(opts.ntop !== undefined ? { ntop: opts.ntop } : {}),
          nboot: opts.nboot,
          seed: opts.seed,
          level: opts.level,
          maxModels: opts.maxModels,
          convergence: opts.strict ? "strict" : "glm",
          ...(progress ? { onProgress: progress.onProgress } : {}),
        };
        let result: EstimateResult;
        try {
          const parsed = parseCaptureCsv(
            text,
            opts.stratify !== undefined ? { stratify: opts.stratify } : {},
          );
          result = parsed.stratumColumn
            ? estimateStratified(parsed.strata, options)
            : estimatePopulation(parsed.strata[0]!.table, options);
        } catch (error) {
          progress?.stop();
          if (error instanceof EstimationError) return fail(`${file}: ${error.message}`);
          throw error;
        }
        progress?.stop();
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
        if (result.estimate === null) process.exitCode = EXIT_NO_ESTIMATE;
      })
  );
}
