/**
 * @module case.schema
 * Request shapes of the case-file API.
 */
import { z } from "@hono/zod-openapi";
import { CreatePersonSchema } from "../persons/person.schema";
import { EXPLOITATION_FORMS } from "../signals/signal.vocabulary";
import {
  CLOSURE_REASONS,
  METHODS_OF_CONTROL,
  RECRUITMENT_TYPES,
  RELATIONSHIPS_TO_TRAFFICKER,
  SECTORS,
  TRAFFICKING_STATUSES,
} from "./care.vocabulary";

const gm = z.string().regex(/^GM\d{4}$/, "CBS code like GM0363");

export const OpenCaseSchema = z
  .object({
    personId: z
      .string()
      .uuid()
      .optional()
      .openapi({ description: "An existing person your organisation holds or may open for care" }),
    person: CreatePersonSchema.optional().openapi({
      description: "Or record the person now (role possible_victim)",
    }),
    signalId: z.string().uuid().optional().openapi({ description: "The routed signal this case comes from" }),
    foundMunicipalityCode: gm.optional(),
    livesMunicipalityCode: gm.optional(),
    traffickingStatus: z.enum(TRAFFICKING_STATUSES).default("possible"),
    forms: z.array(z.enum(EXPLOITATION_FORMS)).max(5).default([]),
    sectors: z.array(z.enum(SECTORS)).max(10).default([]),
    controlMethods: z.array(z.enum(METHODS_OF_CONTROL)).max(20).default([]),
    recruitment: z.enum(RECRUITMENT_TYPES).optional(),
    relationshipToTrafficker: z.enum(RELATIONSHIPS_TO_TRAFFICKER).optional(),
  })
  .refine((c) => (c.personId ? 1 : 0) + (c.person ? 1 : 0) + (c.signalId ? 1 : 0) === 1, {
    message: "give exactly one of personId, person or signalId",
    path: ["personId"],
  })
  .refine((c) => c.foundMunicipalityCode || c.livesMunicipalityCode || c.signalId, {
    message: "the municipality where the victim was found or lives decides the coordinator",
    path: ["foundMunicipalityCode"],
  })
  .openapi("OpenCase");
export type OpenCase = z.infer<typeof OpenCaseSchema>;

export const CaseNoteSchema = z.object({ text: z.string().trim().min(1).max(10_000) }).openapi("CaseNote");

export const CaseStatusSchema = z
  .object({ traffickingStatus: z.enum(TRAFFICKING_STATUSES), note: z.string().trim().max(2000).optional() })
  .openapi("CaseTraffickingStatus");

export const CloseCaseSchema = z
  .object({ reason: z.enum(CLOSURE_REASONS), note: z.string().trim().max(2000).optional() })
  .openapi("CloseCase");
