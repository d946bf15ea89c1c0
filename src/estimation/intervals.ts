/**
 * BCa intervals that repeat the selection in every replicate, for one table: the
 * generic procedure bootstrap (SparseMSE `estimatepopulation`) and the top-k BIC
 * bootstrap of MultipleSystemsEstimation (`bootstrapcal`, `jackknifecal`,
 * `vary_ntop_bca`), which reports limits for every k = 1 … ntop.
 */

import { defaultNtop } from "./bic";
import {
  bcaLimits,
  jackknifeAcceleration,
  jackknifeEstimates,
  type ProgressCallback,
  resampleEstimates,
} from "./bootstrap";
import type { CaptureTable } from "./capture-table";
import type { EstimateResult } from "./estimation.schema";
import { checkModel, fitWarm, startFrom } from "./loglinear";
import { dataFromCounts, type MethodRun, poissonEstimateOf, Refusal } from "./methods";
import type { Convergence } from "./model-fit";

export type BcaOutcome = {
  lower: number;
  upper: number;
  failed: number;
  acceleration: number;
  z0: number;
  extra: { level: number; value: number | null }[];
  byNtop?: NonNullable<NonNullable<EstimateResult["bootstrap"]>["byNtop"]>;
  ntop?: number;
  warnings: string[];
};

/** JSON has no NaN or Infinity: unavailable numbers become null. */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** BCa for every method except BIC: repeat the whole procedure on each replicate. */
export function bcaForProcedure(
  counts: Float64Array,
  run: MethodRun,
  options: { nboot: number; seed: number; level: number; extra: number[]; onProgress?: ProgressCallback },
): BcaOutcome {
  const warnings: string[] = [];
  let jackTotal = 0;
  for (let w = 1; w < counts.length; w++) if (counts[w]! > 0) jackTotal++;
  const total = options.nboot + jackTotal;
  const boot = resampleEstimates(counts, run.replicate, {
    nboot: options.nboot,
    seed: options.seed,
    onProgress: options.onProgress,
    progressTotal: total,
  });
  let done = options.nboot;
  const jack = jackknifeEstimates(counts, run.replicate, () => {
    done++;
    options.onProgress?.(done, total);
  });
  const usable = boot.filter((x) => Number.isFinite(x));
  const failed = boot.length - usable.length;
  if (failed > 0) {
    warnings.push(
      `${failed} of ${boot.length} bootstrap replicates gave no estimate (MLE does not exist on the resample) and were dropped.`,
    );
  }
  const acceleration = accelerationFrom(jack.weights, jack.estimates, warnings);
  if (usable.length === 0) {
    throw new Refusal("FIT_FAILED", "No bootstrap replicate produced an estimate.", null);
  }
  const probs = [(1 - options.level) / 2, (1 + options.level) / 2, ...options.extra];
  const bca = bcaLimits({ boot: usable, estimate: run.summary.estimate, acceleration, probs });
  if (bca.clamped) {
    warnings.push(
      "All bootstrap replicates lie on one side of the estimate; the BCa bias correction was clamped.",
    );
  }
  return {
    lower: bca.limits[0]!,
    upper: bca.limits[1]!,
    failed,
    acceleration,
    z0: bca.z0,
    extra: options.extra.map((level, i) => ({ level, value: finiteOrNull(bca.limits[i + 2]!) })),
    warnings,
  };
}

/** BCa acceleration from jackknife estimates, leaving out failed deletions (with a warning). */
export function accelerationFrom(weights: number[], estimates: number[], warnings: string[]): number {
  const w: number[] = [];
  const e: number[] = [];
  estimates.forEach((value, k) => {
    if (Number.isFinite(value)) {
      w.push(weights[k]!);
      e.push(value);
    }
  });
  if (w.length < weights.length) {
    warnings.push(
      `${weights.length - w.length} jackknife deletions gave no estimate and were left out of the acceleration.`,
    );
  }
  const a = jackknifeAcceleration(w, e);
  if (!Number.isFinite(a)) {
    warnings.push("The jackknife estimates are all equal; the BCa acceleration was set to 0.");
    return 0;
  }
  return a;
}

/**
 * MultipleSystemsEstimation's BIC bootstrap: the models are ranked by BIC on the data;
 * in each replicate the top-k models (k = 1 … ntop) are refitted where their extended
 * MLE exists and the best BIC among them gives the replicate's estimate.
 */
export function bcaForBic(
  table: CaptureTable,
  run: MethodRun,
  options: {
    nboot: number;
    seed: number;
    level: number;
    extra: number[];
    ntop: number | undefined;
    convergence: Convergence;
    onProgress?: ProgressCallback;
  },
): BcaOutcome {
  const search = run.bic!;
  const t = table.lists.length;
  const warnings: string[] = [];
  const requested = options.ntop ?? defaultNtop(t);
  const ntop = Math.min(requested, search.ranked.length);
  const top = search.ranked.slice(0, ntop);
  const starts = top.map((c) => startFrom(c.summary.fit));
  const popest = run.summary.estimate;
  const known = new Map<string, Int8Array>();

  // Per replicate: for each k, the estimate of the best-BIC model among the top k.
  const evaluate = (counts: Float64Array): Float64Array => {
    const { data, n } = dataFromCounts(t, counts);
    let patternKey = "";
    for (let w = 1; w < counts.length; w += 30) {
      let bits = 0;
      for (let j = 0; j < 30 && w + j < counts.length; j++) if (counts[w + j]! > 0) bits |= 1 << j;
      patternKey += `${bits.toString(36)}.`;
    }
    let status = known.get(patternKey);
    if (!status) {
      status = new Int8Array(ntop);
      known.set(patternKey, status);
    }
    const out = new Float64Array(ntop).fill(Number.NaN);
    let bestBic = Number.POSITIVE_INFINITY;
    let bestEstimate = Number.NaN;
    for (let k = 0; k < ntop; k++) {
      const terms = top[k]!.terms;
      if (status[k] === 0) status[k] = checkModel(data, terms).code === 0 ? 1 : -1;
      if (status[k] === 1) {
        const fit = fitWarm(data, terms, starts[k]);
        if (fit.converged) {
          const bic = fit.npar * Math.log(n) - 2 * fit.loglik;
          if (bic < bestBic) {
            bestBic = bic;
            bestEstimate = poissonEstimateOf(n, fit.beta[0]!);
          }
        }
      }
      out[k] = bestEstimate;
    }
    return out;
  };

  const counts = table.counts;
  let jackTotal = 0;
  for (let w = 1; w < counts.length; w++) if (counts[w]! > 0) jackTotal++;
  const total = options.nboot + jackTotal;
  const bootByK: number[][] = Array.from({ length: ntop }, () => []);
  resampleEstimates(
    counts,
    (replicate) => {
      const values = evaluate(replicate);
      for (let k = 0; k < ntop; k++) bootByK[k]!.push(values[k]!);
      return 0;
    },
    { nboot: options.nboot, seed: options.seed, onProgress: options.onProgress, progressTotal: total },
  );
  const jackByK: number[][] = Array.from({ length: ntop }, () => []);
  const weights: number[] = [];
  let done = options.nboot;
  const work = Float64Array.from(counts);
  for (let w = 1; w < counts.length; w++) {
    const c = counts[w]!;
    if (!(c > 0)) continue;
    work[w] = c - 1;
    const values = evaluate(work);
    work[w] = c;
    weights.push(c);
    for (let k = 0; k < ntop; k++) jackByK[k]!.push(values[k]!);
    done++;
    options.onProgress?.(done, total);
  }

  const probs = [(1 - options.level) / 2, (1 + options.level) / 2, ...options.extra];
  const byNtop: NonNullable<BcaOutcome["byNtop"]> = [];
  let final: BcaOutcome | null = null;
  for (let k = 0; k < ntop; k++) {
    const usable = bootByK[k]!.filter((x) => Number.isFinite(x));
    const jk = jackByK[k]!;
    const a = jk.every((x) => Number.isFinite(x)) ? jackknifeAcceleration(weights, jk) : Number.NaN;
    if (usable.length === 0 || !Number.isFinite(a)) {
      byNtop.push({ ntop: k + 1, lower: null, upper: null });
      continue;
    }
    const bca = bcaLimits({ boot: usable, estimate: popest, acceleration: a, probs });
    byNtop.push({
      ntop: k + 1,
      lower: finiteOrNull(bca.limits[0]!),
      upper: finiteOrNull(bca.limits[1]!),
      ...(options.extra.length > 0
        ? { quantiles: options.extra.map((level, i) => ({ level, value: finiteOrNull(bca.limits[i + 2]!) })) }
        : {}),
    });
    if (k === ntop - 1) {
      final = {
        lower: bca.limits[0]!,
        upper: bca.limits[1]!,
        failed: bootByK[k]!.length - usable.length,
        acceleration: a,
        z0: bca.z0,
        extra: options.extra.map((level, i) => ({ level, value: finiteOrNull(bca.limits[i + 2]!) })),
        byNtop,
        ntop,
        warnings,
      };
      if (bca.clamped)
        warnings.push("All bootstrap replicates lie on one side of the estimate; z0 was clamped.");
    }
  }
  if (!final) {
    throw new Refusal(
      "FIT_FAILED",
      `The BCa interval over the top ${ntop} models is unavailable (a jackknife deletion leaves no admissible model).`,
      run.summary.model,
    );
  }
  if (final.failed > 0) {
    warnings.push(
      `${final.failed} of ${options.nboot} bootstrap replicates had no admissible model among the top ${ntop} and were dropped.`,
    );
  }
  return final;
}
