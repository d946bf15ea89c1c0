/**
 * The JSON shape of an estimate, as printed by `samen estimate --json` and returned by
 * the library's `estimatePopulation` / `estimateStratified`. The HTTP API can publish
 * `EstimateResultSchema` in its OpenAPI description. Non-finite numbers never occur:
 * unavailable quantities are `null`.
 */

import { z } from "zod";

export const MethodSchema = z.enum(["main", "pairs", "fixed", "stepwise", "bic", "aic-stepwise"]);
export type Method = z.infer<typeof MethodSchema>;

export const CiKindSchema = z.enum(["lognormal", "profile", "bca"]);
export type CiKind = z.infer<typeof CiKindSchema>;

export const ModelStatusSchema = z.enum(["ok", "mle-does-not-exist", "not-identifiable"]);
export type ModelStatus = z.infer<typeof ModelStatusSchema>;

export const ConfidenceIntervalSchema = z.object({
  level: z.number().gt(0).lt(1),
  lower: z.number(),
  /** null when the upper limit could not be found (profile: beyond fmax × N̂). */
  upper: z.number().nullable(),
  kind: CiKindSchema,
});
export type ConfidenceInterval = z.infer<typeof ConfidenceIntervalSchema>;

export const CandidateModelSchema = z.object({
  model: z.string(),
  criterion: z.object({
    name: z.enum(["BIC", "AIC", "p-value", "none"]),
    value: z.number().nullable(),
  }),
  /** Poisson estimate n + exp(α̂_∅) of the model (null when it cannot be fitted). */
  estimate: z.number().nullable(),
  status: ModelStatusSchema,
  /** Why the model is not admissible, in words. */
  reason: z.string().optional(),
  selected: z.boolean(),
});
export type CandidateModel = z.infer<typeof CandidateModelSchema>;

export const CoefficientSchema = z.object({
  term: z.string(),
  /** null for terms fixed at −∞ (empty overlaps, extended MLE). */
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  boundary: z.boolean(),
});

export const FitSchema = z.object({
  deviance: z.number(),
  df: z.number().int(),
  loglik: z.number(),
  aic: z.number(),
  bic: z.number(),
  /** Number of parameters including those at −∞. */
  parameters: z.number().int(),
  coefficients: z.array(CoefficientSchema),
  /** Terms whose overlap is empty, fixed at −∞ with their cells removed. */
  emptyOverlaps: z.array(z.string()),
  /**
   * For each empty overlap, the probability exp(−λ*) of observing it empty under the model
   * without that term (SparseMSE `poisspempty`).
   */
  emptyOverlapP: z.array(z.object({ term: z.string(), p: z.number() })),
});

export const SelectionStepSchema = z.object({
  term: z.string(),
  /** Stepwise: one-sided Poisson p-value; AIC-stepwise: Wald p-value. */
  p: z.number(),
  /** Stepwise: observed and expected overlap N* and λ*. */
  observed: z.number().optional(),
  expected: z.number().optional(),
  /** AIC-stepwise: AIC with the term added. */
  aic: z.number().optional(),
  accepted: z.boolean(),
  estimate: z.number(),
});

export const BootstrapSchema = z.object({
  nboot: z.number().int(),
  seed: z.number(),
  /** Replicates in which the procedure could not produce an estimate (dropped). */
  failed: z.number().int(),
  acceleration: z.number(),
  biasCorrection: z.number(),
  /** BIC only: number of top-ranked models re-selected in each replicate. */
  ntop: z.number().int().optional(),
  /** BIC only: limits for every ntop = 1 … ntop, as in MultipleSystemsEstimation. */
  byNtop: z
    .array(
      z.object({
        ntop: z.number().int(),
        lower: z.number().nullable(),
        upper: z.number().nullable(),
        quantiles: z.array(z.object({ level: z.number(), value: z.number().nullable() })).optional(),
      }),
    )
    .optional(),
  /** Extra quantiles requested through the library API ({ level, value }). */
  quantiles: z.array(z.object({ level: z.number(), value: z.number().nullable() })).optional(),
});

export const DroppedListSchema = z.object({
  name: z.string(),
  reason: z.enum(["empty", "everyone", "duplicate"]),
  duplicateOf: z.string().optional(),
});

export const RefusalSchema = z.object({
  code: z.string(),
  message: z.string(),
});

const baseShape = {
  /** Number of people observed (on at least one list used). */
  observed: z.number().int(),
  lists: z.array(z.string()),
  droppedLists: z.array(DroppedListSchema),
  method: MethodSchema,
  /** The selected hierarchical model, e.g. "[12,23]" (digits are positions in `lists`). */
  model: z.string().nullable(),
  /** Interaction terms of the selected model by list name (selection order for stepwise). */
  interactions: z.array(z.string()),
  /** Point estimate of the population size; the multinomial MLE when ci.kind is "profile". */
  estimate: z.number().nullable(),
  /** Poisson estimate n + exp(α̂_∅). */
  poissonEstimate: z.number().nullable(),
  /** Estimated number never observed (poissonEstimate − observed). */
  darkFigure: z.number().nullable(),
  /** Rcapture's standard error of the Poisson estimate. */
  standardError: z.number().nullable(),
  ci: ConfidenceIntervalSchema.nullable(),
  /** Candidate models with their selection criterion (capped; see modelsTotal). */
  models: z.array(CandidateModelSchema),
  modelsTotal: z.number().int(),
  modelsAdmissible: z.number().int(),
  fit: FitSchema.nullable(),
  selection: z.array(SelectionStepSchema).optional(),
  bootstrap: BootstrapSchema.optional(),
  /** Set when no estimate can be given, with the reason. */
  refusal: RefusalSchema.nullable(),
  warnings: z.array(z.string()),
  options: z.object({
    pthresh: z.number().optional(),
    maxOrder: z.number().int().optional(),
    fixedModel: z.string().optional(),
    level: z.number(),
    ci: CiKindSchema,
    nboot: z.number().int().optional(),
    seed: z.number().optional(),
  }),
};

export const StratumEstimateSchema = z.object({ stratum: z.string(), ...baseShape });
export type StratumEstimate = z.infer<typeof StratumEstimateSchema>;

export const EstimateResultSchema = z.object({
  ...baseShape,
  /** Present for stratified estimates: one full estimate per stratum; top-level figures are totals. */
  strata: z.array(StratumEstimateSchema).optional(),
});
export type EstimateResult = z.infer<typeof EstimateResultSchema>;
