/**
 * Stratified estimates: each stratum (year, form of exploitation, sex, age group, …) is
 * estimated separately with its own model selection, and the strata are combined into
 * a total, treated as independent populations.
 */

import { bcaLimits, jackknifeEstimates, type ProgressCallback } from "./bootstrap";
import type { CaptureTable } from "./capture-table";
import { chiSquare1Quantile, normalQuantile } from "./distributions";
import { EstimationError } from "./errors";
import {
  assemble,
  conditionalInterval,
  DEFAULTS,
  type EstimateOptions,
  type Prepared,
  prepare,
  type Resolved,
  resolveOptions,
} from "./estimate";
import type { CiKind, ConfidenceInterval, EstimateResult, StratumEstimate } from "./estimation.schema";
import { accelerationFrom, type BcaOutcome, finiteOrNull } from "./intervals";
import { type MethodRun, Refusal } from "./methods";
import { brentMaximise, brentRoot, profileLogLik } from "./profile";
import { createRng, multinomial } from "./rng";

export type Stratum = { name: string; table: CaptureTable };

/**
 * Estimates each stratum separately (each with its own model selection) and combines
 * them into a total, treating strata as independent:
 * - log-normal: log of the total dark figure D = Σ D_s, with Var(log D) ≈ Σ D_s² Var(α̂_∅,s)
 *   / D² (delta method), giving n + D·exp(±z·sd); for one stratum this is exactly
 *   SparseMSE's interval;
 * - profile: the profile likelihood of the total, max Σ ℓ_s(N_s) subject to Σ N_s = N,
 *   computed by Lagrangian tilting of the per-stratum profile likelihoods;
 * - bca: a stratified bootstrap (each stratum resampled with its n fixed, the whole
 *   selection repeated in every stratum) and the delete-one jackknife over all strata.
 * If any stratum cannot be estimated, the total is refused and the reason given.
 */
export function estimateStratified(strata: Stratum[], options: EstimateOptions = {}): EstimateResult {
  if (strata.length === 0) throw new EstimationError("INVALID_INPUT", "No strata to estimate.");
  const r = resolveOptions(options);
  const perStratum = strata.map((s) => ({ name: s.name, prepared: prepare(s.table, options, r) }));
  const lists = strata[0]!.table.lists;
  const observed = strata.reduce((acc, s) => acc + s.table.n, 0);
  const warnings: string[] = [];
  const stratumResults: StratumEstimate[] = [];
  const failedStrata = perStratum.filter((s) => s.prepared.refusal);
  const baseTotal = {
    observed,
    lists,
    droppedLists: [],
    method: r.method,
    options: perStratum[0]!.prepared.base.options,
    model: null,
    interactions: [],
    models: [],
    modelsTotal: 0,
    modelsAdmissible: 0,
    fit: null,
  } satisfies Partial<EstimateResult>;

  // Per-stratum intervals: conditional ones directly; BCa ones come from the joint
  // bootstrap below (or, when the total is refused, the log-normal interval is shown).
  const conditionalFor = (p: Prepared, kind: CiKind): EstimateResult => {
    if (p.refusal) return p.refusal;
    const q = p as Prepared & { run: MethodRun };
    return assemble(q, { ...r, ciKind: kind }, conditionalInterval(q, { ...r, ciKind: kind }, options));
  };
  if (r.ciKind !== "bca" || failedStrata.length > 0) {
    const kind: CiKind = r.ciKind === "bca" ? "lognormal" : r.ciKind;
    for (const s of perStratum) stratumResults.push({ stratum: s.name, ...conditionalFor(s.prepared, kind) });
  }
  if (failedStrata.length > 0) {
    const reasons = failedStrata
      .map((s) => `stratum "${s.name}": ${s.prepared.refusal!.refusal!.message}`)
      .join(" ");
    return {
      ...baseTotal,
      estimate: null,
      poissonEstimate: null,
      darkFigure: null,
      standardError: null,
      ci: null,
      refusal: {
        code: "STRATUM_NOT_ESTIMABLE",
        message: `No total can be given because not every stratum can be estimated. ${reasons}`,
      },
      warnings,
      strata: stratumResults,
    };
  }
  const runs = perStratum.map((s) => s.prepared as Prepared & { run: MethodRun });
  const poissonTotal = runs.reduce((acc, p) => acc + p.run.summary.estimate, 0);
  const darkTotal = runs.reduce((acc, p) => acc + p.run.summary.darkFigure, 0);
  const seTotal = Math.sqrt(runs.reduce((acc, p) => acc + p.run.summary.standardError ** 2, 0));

  let estimate = poissonTotal;
  let ci: ConfidenceInterval;
  let bootstrap: EstimateResult["bootstrap"];
  if (r.ciKind === "lognormal") {
    // Delta method on the log of the total dark figure: Var(log D) ≈ Σ D_s² Var(α̂_∅,s) / D².
    // With one stratum this is SparseMSE's interval n + exp(α̂_∅ ± z·se).
    const variance = runs.reduce(
      (acc, p) => acc + p.run.summary.darkFigure ** 2 * p.run.summary.interceptSe ** 2,
      0,
    );
    const z = normalQuantile(0.5 + r.level / 2);
    const sdLog = Math.sqrt(variance) / darkTotal;
    ci = {
      level: r.level,
      lower: observed + darkTotal * Math.exp(-z * sdLog),
      upper: observed + darkTotal * Math.exp(z * sdLog),
      kind: "lognormal",
    };
  } else if (r.ciKind === "profile") {
    const total = stratifiedProfile(runs, r.level, options.fmaxSupCL ?? DEFAULTS.fmaxSupCL);
    estimate = total.estimate;
    ci = { level: r.level, lower: total.lower, upper: total.upper, kind: "profile" };
    if (total.upper === null)
      warnings.push(
        "The profile-likelihood upper limit of the total lies beyond the search range; it is reported as null.",
      );
  } else {
    const outcome = stratifiedBca(runs, r, options.onProgress);
    ci = { level: r.level, lower: outcome.total.lower, upper: outcome.total.upper, kind: "bca" };
    warnings.push(...outcome.total.warnings);
    bootstrap = {
      nboot: r.nboot,
      seed: r.seed,
      failed: outcome.total.failed,
      acceleration: outcome.total.acceleration,
      biasCorrection: outcome.total.z0,
      ...(r.extra.length > 0 ? { quantiles: outcome.total.extra } : {}),
    };
    runs.forEach((p, i) => {
      const o = outcome.perStratum[i]!;
      p.warnings.push(...o.warnings);
      stratumResults.push({
        stratum: perStratum[i]!.name,
        ...assemble(p, r, {
          estimate: p.run.summary.estimate,
          ci: { level: r.level, lower: o.lower, upper: o.upper, kind: "bca" },
          bootstrap: {
            nboot: r.nboot,
            seed: r.seed,
            failed: o.failed,
            acceleration: o.acceleration,
            biasCorrection: o.z0,
            ...(r.extra.length > 0 ? { quantiles: o.extra } : {}),
          },
        }),
      });
    });
  }
  return {
    ...baseTotal,
    estimate,
    poissonEstimate: poissonTotal,
    darkFigure: darkTotal,
    standardError: finiteOrNull(seTotal),
    ci,
    ...(bootstrap ? { bootstrap } : {}),
    refusal: null,
    warnings,
    strata: stratumResults,
  };
}

/**
 * Profile likelihood of the total over independent strata:
 * ℓ(N) = max Σ ℓ_s(N_s) subject to Σ N_s = N, N_s ≥ n_s. At the constrained optimum all
 * strata share the slope ℓ_s'(N_s) = λ (or sit at N_s = n_s). Starting from λ = 0 (every
 * stratum at its own maximum) each N_s(λ) is followed along its own concave branch —
 * below the stratum's maximum for λ > 0, above it for λ < 0 — and the limits are the
 * tilts at which Σ ℓ_s drops by qchisq(level, 1)/2. Slopes come from central
 * differences of the profile log-likelihoods, which are evaluated to ~1e-10. If some
 * stratum's branch flattens before reaching the required slope within fmax·N̂_s, the
 * upper limit is not reported (as Rcapture does beyond fmax·N̂).
 */
function stratifiedProfile(
  runs: (Prepared & { run: MethodRun })[],
  level: number,
  fmax: number,
): { estimate: number; lower: number; upper: number | null } {
  const parts = runs.map((p) => {
    const ll = profileLogLik(p.data, p.run.terms, p.table.n);
    const n = p.table.n;
    const slope = (x: number) => {
      const h = Math.max(1e-4, 1e-5 * x);
      const lo = Math.max(n, x - h);
      return (ll(x + h) - ll(lo)) / (x + h - lo);
    };
    const cap = fmax * p.run.summary.estimate;
    const { x: nmax } = brentMaximise(ll, n, 1.5 * p.run.summary.estimate);
    return { ll, slope, n, cap, nmax };
  });
  type Part = (typeof parts)[number];
  // N_s on the stratum's branch where the slope equals λ; null if the branch ends first.
  const branch = (part: Part, lambda: number): number | null => {
    if (lambda === 0) return part.nmax;
    if (lambda > 0) {
      if (part.slope(part.n) <= lambda) return part.n;
      return brentRoot((x) => part.slope(x) - lambda, part.n, part.nmax);
    }
    // Scan upwards from the maximum for the first point whose slope is below λ.
    let previous = part.nmax;
    const steps = 24;
    for (let k = 1; k <= steps; k++) {
      const x = part.nmax + (part.cap - part.nmax) * (k / steps) ** 2;
      if (part.slope(x) <= lambda) return brentRoot((v) => part.slope(v) - lambda, previous, x);
      previous = x;
    }
    return null;
  };
  const at = (lambda: number): { total: number; loglik: number } | null => {
    let total = 0;
    let loglik = 0;
    for (const part of parts) {
      const x = branch(part, lambda);
      if (x === null) return null;
      total += x;
      loglik += part.ll(x);
    }
    return { total, loglik };
  };
  const top = at(0)!;
  const cutoff = top.loglik - chiSquare1Quantile(level) / 2;
  const g = (lambda: number) => {
    const v = at(lambda);
    return v === null ? Number.NaN : v.loglik - cutoff;
  };
  const observed = runs.reduce((acc, p) => acc + p.table.n, 0);
  // Lower limit: positive tilt pushes every stratum towards its observed count.
  let lower = observed;
  let hiL = 1e-6;
  while (g(hiL) > 0 && hiL < 1e6) hiL *= 4;
  const gHiL = g(hiL);
  if (gHiL < 0) lower = at(brentRoot(g, 0, hiL, g(0), gHiL))!.total;
  // Upper limit: negative tilt.
  let upper: number | null = null;
  let loU = -1e-6;
  let gLoU = g(loU);
  while (gLoU > 0 && loU > -1e6) {
    loU *= 4;
    gLoU = g(loU);
  }
  if (gLoU < 0) {
    upper = at(brentRoot(g, loU, 0, gLoU, g(0)))!.total;
  } else if (Number.isNaN(gLoU)) {
    // Some stratum's branch ended before the drop was reached: bisect towards the end of
    // the branches, stopping at the first tilt where the drop is already exceeded.
    let ok = loU / 4;
    let bad = loU;
    let bracket: number | null = null;
    for (let i = 0; i < 60 && bracket === null; i++) {
      const mid = 0.5 * (ok + bad);
      const gm = g(mid);
      if (Number.isNaN(gm)) bad = mid;
      else if (gm < 0) bracket = mid;
      else ok = mid;
    }
    if (bracket !== null) upper = at(brentRoot(g, bracket, 0, g(bracket), g(0)))!.total;
  }
  return { estimate: top.total, lower, upper };
}

/** Stratified BCa: one bootstrap over all strata, giving per-stratum and total limits. */
function stratifiedBca(
  runs: (Prepared & { run: MethodRun })[],
  r: Resolved,
  onProgress?: ProgressCallback,
): { total: BcaOutcome; perStratum: BcaOutcome[] } {
  const rng = createRng(r.seed);
  let jackCells = 0;
  for (const p of runs)
    for (let w = 1; w < p.table.counts.length; w++) if (p.table.counts[w]! > 0) jackCells++;
  const progressTotal = r.nboot + jackCells;
  const boot: number[][] = runs.map(() => []);
  const bootTotal: number[] = [];
  for (let b = 0; b < r.nboot; b++) {
    let total = 0;
    runs.forEach((p, s) => {
      const replicate = multinomial(rng, p.table.n, p.table.counts);
      let value: number;
      try {
        value = p.run.replicate(replicate);
      } catch {
        value = Number.NaN;
      }
      boot[s]!.push(value);
      total += value;
    });
    bootTotal.push(total);
    onProgress?.(b + 1, progressTotal);
  }
  // Jackknife: deleting one person changes only that person's stratum.
  const estimates = runs.map((p) => p.run.summary.estimate);
  const grand = estimates.reduce((a, b) => a + b, 0);
  const jackWeights: number[] = [];
  const jackTotal: number[] = [];
  const jackPer: { weights: number[]; estimates: number[] }[] = [];
  let done = r.nboot;
  runs.forEach((p, s) => {
    const jack = jackknifeEstimates(p.table.counts, p.run.replicate, () => {
      done++;
      onProgress?.(done, progressTotal);
    });
    jackPer.push(jack);
    jack.estimates.forEach((value, k) => {
      jackWeights.push(jack.weights[k]!);
      jackTotal.push(grand - estimates[s]! + value);
    });
  });
  const probs = [(1 - r.level) / 2, (1 + r.level) / 2, ...r.extra];
  const outcomeOf = (
    values: number[],
    estimate: number,
    weights: number[],
    jackValues: number[],
  ): BcaOutcome => {
    const warnings: string[] = [];
    const usable = values.filter((x) => Number.isFinite(x));
    const failed = values.length - usable.length;
    if (failed > 0)
      warnings.push(`${failed} of ${values.length} bootstrap replicates gave no estimate and were dropped.`);
    if (usable.length === 0)
      throw new Refusal("FIT_FAILED", "No bootstrap replicate produced an estimate.", null);
    const acceleration = accelerationFrom(weights, jackValues, warnings);
    const bca = bcaLimits({ boot: usable, estimate, acceleration, probs });
    if (bca.clamped)
      warnings.push("All bootstrap replicates lie on one side of the estimate; z0 was clamped.");
    return {
      lower: bca.limits[0]!,
      upper: bca.limits[1]!,
      failed,
      acceleration,
      z0: bca.z0,
      extra: r.extra.map((level, i) => ({ level, value: finiteOrNull(bca.limits[i + 2]!) })),
      warnings,
    };
  };
  return {
    total: outcomeOf(bootTotal, grand, jackWeights, jackTotal),
    perStratum: runs.map((_, s) =>
      outcomeOf(boot[s]!, estimates[s]!, jackPer[s]!.weights, jackPer[s]!.estimates),
    ),
  };
}
