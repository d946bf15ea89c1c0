/**
 * @module darknumber.schema
 * Shapes of the dark-number workspace API: linkage rounds, submissions of encodings, estimation runs.
 */
import { z } from "@hono/zod-openapi";
import { CiKindSchema, MethodSchema } from "../estimation/estimation.schema";
import { AGE_GROUPS } from "../persons/person.schema";
import { EXPLOITATION_FORMS } from "../signals/signal.vocabulary";

export const COVARIATES = ["year", "form", "sex", "ageGroup"] as const;

/** Covariates travel in the clear, so only at this coarse, allowed level of detail. */
export const COVARIATE_VALUES: Record<(typeof COVARIATES)[number], (v: string) => boolean> = {
  year: (v) => /^(20\d\d)$/.test(v),
  form: (v) => v === "unknown" || (EXPLOITATION_FORMS as readonly string[]).includes(v),
  sex: (v) => ["female", "male", "other", "unknown"].includes(v),
  ageGroup: (v) => (AGE_GROUPS as readonly string[]).includes(v),
};

export const CreateRoundSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    threshold: z.number().gt(0).max(1).default(0.8),
    solver: z.enum(["greedy", "transitive"]).default("greedy"),
  })
  .openapi("CreateLinkageRound");

export const SubmissionSchema = z
  .object({
    listName: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z0-9_-]{0,30}$/, "a short list name: letters, digits, - and _"),
    clks: z.array(z.string().min(4).max(20_000)).min(1).max(200_000),
    covariates: z
      .object({
        names: z.array(z.enum(COVARIATES)).min(1).max(4),
        rows: z.array(z.array(z.string().max(20))),
      })
      .optional()
      .openapi({
        description:
          "Per encoding, coarse covariates in the clear: year, form of exploitation, sex, age group.",
      }),
  })
  .openapi("LinkageSubmission");

const EstimationSettingsShape = {
  method: MethodSchema.default("stepwise"),
  model: z.string().max(200).optional(),
  pthresh: z.number().gt(0).lt(1).optional(),
  maxorder: z.number().int().min(1).max(10).optional(),
  ci: CiKindSchema.optional(),
  nboot: z.number().int().min(20).max(2000).optional(),
  seed: z.number().int().optional(),
  level: z.number().gt(0.5).lt(1).default(0.95),
};

export const CreateEstimationSchema = z
  .object({
    source: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("csv"),
        csv: z.string().min(3).max(2_000_000),
        stratify: z.string().max(60).optional(),
      }),
      z.object({
        kind: z.literal("linkage"),
        roundId: z.string().uuid(),
        stratified: z.boolean().default(false),
      }),
    ]),
    ...EstimationSettingsShape,
  })
  .openapi("CreateEstimation");
export type CreateEstimation = z.infer<typeof CreateEstimationSchema>;
