/**
 * The library's entry point: one estimate of the population size from a capture table,
 * with the chosen model-selection method and interval.
 *
 * Methods (reference implementation in brackets):
 * - `main`: independence model [SparseMSE `estimatepopulation.0(method = "main")`];
 * - `pairs`: all two-list interactions, only when identifiable [`method = "fixed", mX = 0`];
 * - `fixed`: a given hierarchical model such as "[12,23]" [MultipleSystemsEstimation
 *   `estimate_population_fixed`];
 * - `stepwise`: Poisson-p forward selection, pthresh 0.02 [SparseMSE `stepwisefit`];
 * - `bic`: all hierarchical models up to maxorder [MultipleSystemsEstimation
 *   `estimate_population_bic`];
 * - `aic-stepwise`: Silverman's 2014 UK procedure, pthresh 0.05 [modslavmse `MSEfit`].
 *
 * Intervals: `lognormal` (SparseMSE, conditional on the model), `profile` (Rcapture
 * `closedpCI.t`, conditional on the model) and `bca` (bootstrap repeating the whole
 * selection, with jackknife acceleration). Defaults: method `stepwise`; interval `bca`
 * (1000 replicates, seed 1234), except `profile` for `aic-stepwise`, which is how that
 * procedure was published.
 *
 * A model whose MLE does not exist, or that is not identifiable, is never reported as an
 * estimate: the result then carries a `refusal` saying why.
 */

import { defaultNtop } from "./bic";
import type { ProgressCallback } from "./bootstrap";
import {
  type CaptureTable,
  countOverlappingTriples,
  dropLists,
  findNonInformativeLists,
} from "./capture-table";
import { EstimationError } from "./errors";
import type { CandidateModel, CiKind, ConfidenceInterval, EstimateResult, Method } from "./estimation.schema";
import {
  allPairs,
  hierarchicalClosure,
  mainEffectsModel,
  normaliseTerms,
  parseModel,
  termName,
} from "./hierarchy";
import { type BcaOutcome, bcaForBic, bcaForProcedure, finiteOrNull } from "./intervals";
import { type CellData, fitLoglinear } from "./loglinear";
import {
  aicStepwiseRun,
  bicReplicate,
  bicRun,
  fixedModelRun,
  type MethodRun,
  REFUSAL_CODES,
  Refusal,
  stepwiseRun,
} from "./methods";
import {
  type Convergence,
  cellData,
  lognormalInterval,
  type ModelSummary,
  namedCoefficients,
} from "./model-fit";
import { profileInterval } from "./profile";

export type EstimateOptions = {
  /** Model-selection method (default "stepwise"). */
  method?: Method;
  /** Hierarchical model for method "fixed", e.g. "[12,23]" or "[LA:NG,3]". */
  model?: string;
  /** p-value threshold: stepwise (default 0.02) or aic-stepwise (default 0.05). */
  pthresh?: number;
  /** Highest interaction order for the BIC search (default by number of lists). */
  maxOrder?: number;
  /** Interval kind (default "bca", or "profile" for aic-stepwise). */
  ci?: CiKind;
  /** Two-sided confidence level (default 0.95). */
  level?: number;
  /** Bootstrap replicates for BCa (default 1000). */
  nboot?: number;
  /** Seed of the bootstrap's random numbers (default 1234). */
  seed?: number;
  /** BIC bootstrap: number of top models re-selected (default 3 lists: all, 4: 20, 5–6: 100). */
  ntop?: number;
  /** Extra BCa probability levels to report (library use, e.g. the R packages' alphas). */
  extraQuantiles?: number[];
  /** Newton stopping rule: "glm" (default, stops where R's glm stops) or "strict". */
  convergence?: Convergence;
  /** Maximum number of candidate models listed in the result (default 100; 0 = all). */
  maxModels?: number;
  /** Profile interval: upper search limit as a multiple of the estimate (default 3). */
  fmaxSupCL?: number;
  /** Drop empty, all-inclusive and duplicate lists before estimating (default true). */
  dropNonInformative?: boolean;
  /** Called as bootstrap replicates and jackknife fits complete. */
  onProgress?: ProgressCallback;
};

export const DEFAULTS = {
  method: "stepwise" as Method,
  level: 0.95,
  nboot: 1000,
  seed: 1234,
  stepwisePthresh: 0.02,
  aicPthresh: 0.05,
  maxModels: 100,
  fmaxSupCL: 3,
};

/** The interval kind used when none is requested. */
export function defaultCi(method: Method): CiKind {
  return method === "aic-stepwise" ? "profile" : "bca";
}

function validateOptions(options: EstimateOptions): void {
  const bad = (message: string) => new EstimationError("INVALID_OPTION", message);
  if (options.level !== undefined && !(options.level > 0 && options.level < 1)) {
    throw bad("The confidence level must lie strictly between 0 and 1.");
  }
  if (options.pthresh !== undefined && !(options.pthresh >= 0 && options.pthresh <= 1)) {
    throw bad("pthresh must lie between 0 and 1.");
  }
  if (options.nboot !== undefined && !(Number.isInteger(options.nboot) && options.nboot >= 1)) {
    throw bad("nboot must be a positive integer.");
  }
  if (options.seed !== undefined && !Number.isFinite(options.seed))
    throw bad("The seed must be a finite number.");
  if (options.maxOrder !== undefined && !(Number.isInteger(options.maxOrder) && options.maxOrder >= 1)) {
    throw bad("maxorder must be a positive integer.");
  }
  if (options.ntop !== undefined && !(Number.isInteger(options.ntop) && options.ntop >= 1)) {
    throw bad("ntop must be a positive integer.");
  }
  if (options.method === "fixed" && !options.model)
    throw bad('Method "fixed" needs a model, e.g. "[12,23]".');
  if (options.model && options.method !== undefined && options.method !== "fixed") {
    throw bad('A model can only be given with method "fixed".');
  }
}

export type Resolved = {
  method: Method;
  ciKind: CiKind;
  level: number;
  nboot: number;
  seed: number;
  convergence: Convergence;
  maxModels: number;
  pthresh: number | undefined;
  extra: number[];
};

/** Validates the options and fills in the defaults. */
export function resolveOptions(options: EstimateOptions): Resolved {
  validateOptions(options);
  // A model on its own means a fixed-model estimate.
  const method = options.method ?? (options.model ? "fixed" : DEFAULTS.method);
  return {
    method,
    ciKind: options.ci ?? defaultCi(method),
    level: options.level ?? DEFAULTS.level,
    nboot: options.nboot ?? DEFAULTS.nboot,
    seed: options.seed ?? DEFAULTS.seed,
    convergence: options.convergence ?? "glm",
    maxModels: options.maxModels ?? DEFAULTS.maxModels,
    pthresh:
      method === "stepwise"
        ? (options.pthresh ?? DEFAULTS.stepwisePthresh)
        : method === "aic-stepwise"
          ? (options.pthresh ?? DEFAULTS.aicPthresh)
          : undefined,
    extra: options.extraQuantiles ?? [],
  };
}

/** A method run on one table, before any interval is computed. */
export type Prepared = {
  table: CaptureTable;
  data: CellData;
  warnings: string[];
  base: Omit<
    EstimateResult,
    | "model"
    | "interactions"
    | "estimate"
    | "poissonEstimate"
    | "darkFigure"
    | "standardError"
    | "ci"
    | "models"
    | "modelsTotal"
    | "modelsAdmissible"
    | "fit"
    | "refusal"
    | "warnings"
  >;
} & ({ run: MethodRun; refusal?: undefined } | { run?: undefined; refusal: EstimateResult });

/**
 * Leaves out non-informative lists and runs the method on a table; a refusal (no
 * estimate possible) is returned as a finished result.
 */
export function prepare(input: CaptureTable, options: EstimateOptions, r: Resolved): Prepared {
  const warnings: string[] = [];
  // Lists without information about the dark figure are removed first.
  let table = input;
  const droppedLists: EstimateResult["droppedLists"] = [];
  const nonInformative = findNonInformativeLists(input);
  if (nonInformative.length > 0 && options.dropNonInformative !== false) {
    const dropped = dropLists(
      input,
      nonInformative.map((x) => x.index),
    );
    table = dropped.table;
    for (const x of nonInformative) {
      droppedLists.push({
        name: x.name,
        reason: x.reason,
        ...(x.duplicateOf ? { duplicateOf: x.duplicateOf } : {}),
      });
      const why =
        x.reason === "empty"
          ? "nobody is on it"
          : x.reason === "everyone"
            ? "everybody observed is on it"
            : `it has exactly the same members as list ${x.duplicateOf}`;
      warnings.push(
        `List ${x.name} was left out because ${why}; it carries no information about the dark figure.`,
      );
    }
    if (dropped.onlyOnDropped > 0) {
      warnings.push(
        `${dropped.onlyOnDropped} people appear only on left-out lists; they count towards the estimated dark figure of the remaining lists.`,
      );
    }
  }
  const t = table.lists.length;
  const base: Prepared["base"] = {
    observed: table.n,
    lists: table.lists,
    droppedLists,
    method: r.method,
    options: {
      ...(r.pthresh !== undefined ? { pthresh: r.pthresh } : {}),
      ...(options.maxOrder !== undefined ? { maxOrder: options.maxOrder } : {}),
      ...(options.model !== undefined ? { fixedModel: options.model } : {}),
      level: r.level,
      ci: r.ciKind,
      ...(r.ciKind === "bca" ? { nboot: r.nboot, seed: r.seed } : {}),
    },
  };
  const data = cellData(table);
  const refuse = (
    code: string,
    message: string,
    model: string | null,
    candidates: CandidateModel[] = [],
  ): Prepared => ({
    table,
    data,
    warnings,
    base,
    refusal: {
      ...base,
      model,
      interactions: [],
      estimate: null,
      poissonEstimate: null,
      darkFigure: null,
      standardError: null,
      ci: null,
      models: candidates,
      modelsTotal: candidates.length,
      modelsAdmissible: 0,
      fit: null,
      refusal: { code, message },
      warnings,
    },
  });

  if (t < 2) {
    return refuse(
      "TOO_FEW_LISTS",
      `Fewer than two informative lists remain (${t}); multiple-systems estimation needs at least two.`,
      null,
    );
  }
  if (table.n === 0) return refuse("NO_OBSERVATIONS", "Nobody was observed on any list.", null);

  let run: MethodRun;
  try {
    if (r.method === "main") {
      const anyOverlap = allPairs(t).some((pair) => data.nstar![pair]! > 0);
      const explain = anyOverlap
        ? undefined
        : "No two lists have anybody in common, so the data say nothing about the dark figure.";
      run = fixedModelRun(table, data, mainEffectsModel(t), r.convergence, explain);
    } else if (r.method === "pairs") {
      const terms = normaliseTerms([...mainEffectsModel(t), ...allPairs(t)]);
      const triples = countOverlappingTriples(table);
      const explain =
        triples === 0
          ? "No three lists overlap pairwise (SparseMSE count_triples = 0), so the all-pairs model cannot be identified."
          : undefined;
      run = fixedModelRun(table, data, terms, r.convergence, explain);
    } else if (r.method === "fixed") {
      // The model is written against the columns of the input; translate it to the lists
      // that remain after non-informative ones were left out.
      const generators = translateModel(
        parseModel(options.model!, input.lists),
        input.lists,
        table.lists,
        droppedLists,
      );
      const terms = hierarchicalClosure(generators, t);
      const covered = generators.reduce((acc, g) => acc | g, 0);
      if (covered !== (1 << t) - 1) {
        const missing = table.lists.filter((_, i) => !((covered >> i) & 1));
        warnings.push(
          `Main effects of ${missing.join(", ")} were added to the model (every MSE model contains all main effects).`,
        );
      }
      run = fixedModelRun(table, data, terms, r.convergence);
    } else if (r.method === "stepwise") {
      run = stepwiseRun(table, data, r.pthresh!, r.convergence);
    } else if (r.method === "bic") {
      run = bicRun(table, data, options.maxOrder, r.convergence);
      const ntop = Math.min(options.ntop ?? defaultNtop(t), run.bic!.ranked.length);
      run.replicate = bicReplicate(run.bic!, ntop, t);
    } else {
      run = aicStepwiseRun(table, data, r.pthresh!, r.convergence);
    }
  } catch (error) {
    if (error instanceof Refusal) return refuse(error.code, error.message, error.model, error.candidates);
    if (error instanceof EstimationError && REFUSAL_CODES.has(error.code))
      return refuse(error.code, error.message, null);
    throw error;
  }
  warnings.push(...run.warnings);
  if (run.summary.fit.negInf.length > 0) {
    warnings.push(
      `The selected model includes empty overlaps (${run.summary.fit.negInf
        .map((x) => termName(x, table.lists))
        .join(", ")}); their parameters are −∞ (extended MLE) and the cells containing them are fitted as 0.`,
    );
  }
  return { table, data, warnings, base, run };
}

/** Maps terms over the input's lists onto the retained lists (by name). */
function translateModel(
  generators: number[],
  inputLists: readonly string[],
  lists: readonly string[],
  dropped: EstimateResult["droppedLists"],
): number[] {
  if (inputLists.length === lists.length) return generators;
  return generators.map((g) => {
    let out = 0;
    inputLists.forEach((name, i) => {
      if (!((g >> i) & 1)) return;
      const j = lists.indexOf(name);
      if (j < 0) {
        const why = dropped.find((d) => d.name === name);
        throw new EstimationError(
          "INVALID_MODEL",
          `The model refers to list ${name}, which was left out (${why?.reason ?? "not informative"}); ` +
            "model digits refer to the columns of the input.",
        );
      }
      out |= 1 << j;
    });
    return out;
  });
}

function fitOutput(
  summary: ModelSummary,
  lists: readonly string[],
  data: CellData,
): NonNullable<EstimateResult["fit"]> {
  return {
    deviance: summary.fit.deviance,
    df: summary.fit.df,
    loglik: summary.fit.loglik,
    aic: summary.aic,
    bic: summary.bic,
    parameters: summary.fit.npar,
    coefficients: namedCoefficients(summary, lists),
    emptyOverlaps: summary.fit.negInf.map((x) => termName(x, lists)),
    emptyOverlapP: summary.fit.negInf.map((term) => ({
      term: termName(term, lists),
      p: emptyOverlapProbability(data, summary.terms, term),
    })),
  };
}

/**
 * SparseMSE's `poisspempty`: refit without the −∞ term (and anything containing it) and
 * return exp(−λ*), λ* the expected number seen on all lists of the term.
 */
function emptyOverlapProbability(data: CellData, terms: readonly number[], term: number): number {
  const reduced = terms.filter((x) => (x & term) !== term);
  const fit = fitLoglinear(data, reduced, { covariance: "intercept" });
  let expected = 0;
  for (let w = 1; w < fit.mu.length; w++) if ((w & term) === term) expected += fit.mu[w]!;
  return Math.exp(-expected);
}

/** Assembles the result of a prepared run with its interval. */
export function assemble(
  p: Prepared & { run: MethodRun },
  r: Resolved,
  interval: {
    estimate: number | null;
    ci: ConfidenceInterval | null;
    bootstrap?: EstimateResult["bootstrap"];
    refusal?: EstimateResult["refusal"];
  },
): EstimateResult {
  const { run, table } = p;
  const summary = run.summary;
  const models = r.maxModels > 0 ? run.candidates.slice(0, r.maxModels) : run.candidates;
  return {
    ...p.base,
    model: summary.model,
    interactions: run.interactions,
    estimate: interval.estimate,
    poissonEstimate: summary.estimate,
    darkFigure: summary.darkFigure,
    standardError: finiteOrNull(summary.standardError),
    ci: interval.ci,
    models,
    modelsTotal: run.modelsTotal,
    modelsAdmissible: run.modelsAdmissible,
    fit: fitOutput(summary, table.lists, p.data),
    ...(run.selection ? { selection: run.selection } : {}),
    ...(interval.bootstrap ? { bootstrap: interval.bootstrap } : {}),
    refusal: interval.refusal ?? null,
    warnings: p.warnings,
  };
}

/** Log-normal or profile interval of a prepared run (no bootstrap). */
export function conditionalInterval(
  p: Prepared & { run: MethodRun },
  r: Resolved,
  options: EstimateOptions,
): { estimate: number; ci: ConfidenceInterval } {
  const summary = p.run.summary;
  if (r.ciKind === "lognormal") {
    const li = lognormalInterval(summary, r.level);
    return {
      estimate: summary.estimate,
      ci: { level: r.level, lower: li.lower, upper: li.upper, kind: "lognormal" },
    };
  }
  const fmax = options.fmaxSupCL ?? DEFAULTS.fmaxSupCL;
  const prof = profileInterval({
    data: p.data,
    terms: p.run.terms,
    n: p.table.n,
    poissonEstimate: summary.estimate,
    level: r.level,
    fmaxSupCL: fmax,
  });
  if (prof.lowerAtObserved) {
    p.warnings.push(
      "The profile likelihood has no lower root; the lower limit is set to the number observed.",
    );
  }
  if (prof.upper === null) {
    p.warnings.push(
      `The profile-likelihood upper limit lies beyond ${fmax} × the estimate (${prof.upperSearchLimit.toFixed(1)}); it is reported as null.`,
    );
  }
  return {
    estimate: prof.estimate,
    ci: { level: r.level, lower: prof.lower, upper: prof.upper, kind: "profile" },
  };
}

/**
 * Estimates the population size from one capture table. Throws {@link EstimationError}
 * for invalid options or models; data on which no estimate exists give a result with
 * `refusal` set and `estimate: null`.
 */
export function estimatePopulation(input: CaptureTable, options: EstimateOptions = {}): EstimateResult {
  const r = resolveOptions(options);
  const p = prepare(input, options, r);
  if (p.refusal) return p.refusal;
  const prepared = p as Prepared & { run: MethodRun };
  if (r.ciKind !== "bca") return assemble(prepared, r, conditionalInterval(prepared, r, options));
  let outcome: BcaOutcome;
  try {
    outcome =
      r.method === "bic"
        ? bcaForBic(prepared.table, prepared.run, {
            nboot: r.nboot,
            seed: r.seed,
            level: r.level,
            extra: r.extra,
            ntop: options.ntop,
            convergence: r.convergence,
            onProgress: options.onProgress,
          })
        : bcaForProcedure(prepared.table.counts, prepared.run, {
            nboot: r.nboot,
            seed: r.seed,
            level: r.level,
            extra: r.extra,
            onProgress: options.onProgress,
          });
  } catch (error) {
    if (error instanceof Refusal) {
      return assemble(prepared, r, {
        estimate: null,
        ci: null,
        refusal: { code: error.code, message: error.message },
      });
    }
    throw error;
  }
  p.warnings.push(...outcome.warnings);
  return assemble(prepared, r, {
    estimate: prepared.run.summary.estimate,
    ci: { level: r.level, lower: outcome.lower, upper: outcome.upper, kind: "bca" },
    bootstrap: {
      nboot: r.nboot,
      seed: r.seed,
      failed: outcome.failed,
      acceleration: outcome.acceleration,
      biasCorrection: outcome.z0,
      ...(outcome.ntop !== undefined ? { ntop: outcome.ntop } : {}),
      ...(outcome.byNtop ? { byNtop: outcome.byNtop } : {}),
      ...(r.extra.length > 0 ? { quantiles: outcome.extra } : {}),
    },
  });
}
