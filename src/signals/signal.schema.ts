/**
 * @module signal.schema
 * Request and response shapes of the signals API (intake, desk, routing).
 */
import { z } from "@hono/zod-openapi";
import { AGE_GROUPS, RESIDENCE_STATUSES } from "../persons/person.schema";
import { KvkNumberSchema } from "./kvk.rules";
import { EXPLOITATION_FORMS, SIGNAL_STATUSES, TRACKS, URGENCIES } from "./signal.vocabulary";

const text = (max: number) => z.string().trim().min(1).max(max);

export const SignalVictimSchema = z
  .object({
    name: text(200).optional(),
    alias: text(200).optional(),
    ageGroup: z.enum(AGE_GROUPS).optional(),
    gender: z.enum(["female", "male", "x", "unknown"]).optional(),
    nationality: z
      .string()
      .regex(/^[A-Z]{2}$|^unknown$/, "ISO 3166-1 alpha-2 code, or unknown")
      .optional(),
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, "ISO 639 code"))
      .max(10)
      .optional(),
    residenceStatus: z.enum(RESIDENCE_STATUSES).optional(),
  })
  .openapi("SignalVictim");

export const SignalSubjectSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("person"),
      name: text(200).optional(),
      alias: text(200).optional(),
      phone: text(40).optional(),
    }),
    z.object({
      kind: z.literal("company"),
      name: text(200),
      kvkNumber: KvkNumberSchema.optional(),
      address: text(300).optional(),
      phone: text(40).optional(),
    }),
    z.object({ kind: z.literal("location"), name: text(200).optional(), address: text(300) }),
  ])
  .openapi("SignalSubject");

export const SignalDraftSchema = z
  .object({
    municipalityCode: z
      .string()
      .regex(/^GM\d{4}$/, "CBS code like GM0363")
      .optional(),
    address: text(300).optional(),
    observedOn: z.string().date().optional().openapi({ format: "date" }),
    forms: z.array(z.enum(EXPLOITATION_FORMS)).max(5).default([]),
    indicatorIds: z
      .array(z.string().regex(/^[a-z]{2,4}-\d{2}$/, "indicator id like ilo-01"))
      .max(80)
      .default([]),
    narrative: text(10_000).optional(),
    urgency: z.enum(URGENCIES).default("normal"),
    minorInvolved: z.boolean().default(false),
    victims: z.array(SignalVictimSchema).max(50).default([]),
    subjects: z.array(SignalSubjectSchema).max(50).default([]),
  })
  .openapi("SignalDraft");
export type SignalDraft = z.infer<typeof SignalDraftSchema>;

export const SignalQuerySchema = z.object({
  status: z.enum(SIGNAL_STATUSES).optional(),
  form: z.enum(EXPLOITATION_FORMS).optional(),
  urgency: z.enum(URGENCIES).optional(),
  minorInvolved: z.enum(["true", "false"]).optional(),
  policeUnitId: z.string().max(64).optional(),
  municipalityCode: z
    .string()
    .regex(/^GM\d{4}$/)
    .optional(),
  overdue: z.enum(["true", "false"]).optional(),
  olderThanDays: z.coerce.number().int().min(0).max(3650).optional(),
  assigneeUserId: z.string().uuid().optional(),
  view: z.enum(["mine", "desk", "team"]).default("mine").openapi({
    description:
      "mine: signals your organisation filed; desk: the signal desk's queue; team: signals routed to your organisation",
  }),
});

export const StatusChangeSchema = z
  .object({ to: z.enum(SIGNAL_STATUSES), reason: z.string().trim().max(2000).optional() })
  .openapi("SignalStatusChange");

export const FactSchema = z
  .object({
    text: text(10_000),
    kind: z.enum(["fact", "enrichment"]).default("fact"),
    sourceOrganisationId: z.string().uuid().optional(),
    legalBasis: text(300).optional(),
  })
  .refine((f) => f.kind === "fact" || (f.sourceOrganisationId && f.legalBasis), {
    message: "an enrichment note names its source organisation and legal basis",
    path: ["legalBasis"],
  })
  .openapi("SignalFact");

export const RoutingRequestSchema = z
  .object({ track: z.enum(TRACKS), organisationId: z.string().uuid(), reason: text(2000) })
  .openapi("SignalRoutingRequest");

export const RoutingDecisionSchema = z
  .object({ accept: z.boolean(), reason: z.string().trim().max(2000).optional() })
  .refine((d) => d.accept || (d.reason && d.reason.length > 0), {
    message: "a decline states its reason",
    path: ["reason"],
  })
  .openapi("SignalRoutingDecision");

export const LinkRequestSchema = z
  .object({ signalIds: z.array(z.string().uuid()).min(1).max(50) })
  .openapi("SignalLinkRequest");
