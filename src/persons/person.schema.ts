/**
 * @module person.schema
 * Request and response shapes of the persons API (data subjects: possible victims, suspects).
 */
import { z } from "@hono/zod-openapi";
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import { SHARING_CONDITIONS } from "../sharing/conditions";
import { DATA_CATEGORIES } from "../sharing/data-categories";
import { PURPOSES } from "../sharing/purposes";

const text = (max: number) => z.string().trim().min(1).max(max);

export const AGE_GROUPS = ["0-11", "12-17", "18-24", "25-34", "35-44", "45-54", "55+", "unknown"] as const;
export const RESIDENCE_STATUSES = ["dutch_or_eu", "lawful", "none", "asylum_procedure", "unknown"] as const;

export const CreatePersonSchema = z
  .object({
    role: z.enum(["possible_victim", "suspect", "other"]),
    name: text(200).optional(),
    alias: text(200).optional(),
    birthDate: z.string().date().optional().openapi({ format: "date" }),
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
    phone: text(40).optional(),
    email: z.string().trim().email().max(254).optional(),
    address: text(300).optional(),
    whereabouts: text(300).optional(),
    residenceStatus: z.enum(RESIDENCE_STATUSES).optional(),
    healthNotes: text(4000).optional(),
  })
  .openapi("CreatePerson");
export type CreatePerson = z.infer<typeof CreatePersonSchema>;

export const PurposeQuerySchema = z.object({
  purpose: z
    .enum(PURPOSES)
    .openapi({ description: "Why you read these data (purpose binding); must be allowed for your role." }),
});

const LocalizedSchema = z.object({ nl: z.string(), en: z.string() });

const FieldBasisSchema = z
  .object({
    reason: z.string(),
    ruleId: z.string().optional(),
    legalBasis: z
      .object({ articles: z.array(z.string()), explanation: LocalizedSchema })
      .passthrough()
      .optional(),
    consentId: z.string().optional(),
    condition: z.string().optional(),
    explanation: LocalizedSchema,
  })
  .openapi("FieldBasis");

export const PresentedFieldSchema = z
  .object({
    category: z.enum(DATA_CATEGORIES),
    visible: z.boolean(),
    value: z.unknown(),
    hidden: LocalizedSchema.optional().openapi({
      description: "For hidden fields: why, e.g. 'hidden: requires consent'.",
    }),
    basis: FieldBasisSchema,
  })
  .openapi("PresentedField");

export const PersonSchema = z
  .object({
    id: z.string().uuid(),
    pseudonym: z.string(),
    holder: z.object({ id: z.string().uuid(), name: z.string(), type: z.enum(ORGANISATION_TYPES) }),
    status: z.enum(["active", "closed"]),
    anonymised: z.boolean(),
    access: z.enum(["owner", "grant", "break_glass"]),
    purpose: z.enum(PURPOSES),
    fields: z.record(z.string(), PresentedFieldSchema),
  })
  .openapi("Person");

export const PersonListItemSchema = z
  .object({
    id: z.string().uuid(),
    pseudonym: z.string(),
    holder: z.object({ id: z.string().uuid(), name: z.string(), type: z.enum(ORGANISATION_TYPES) }),
    status: z.enum(["active", "closed"]),
    createdAt: z.string().datetime(),
  })
  .openapi("PersonListItem");

export const CreateGrantSchema = z
  .object({
    organisationId: z.string().uuid(),
    purpose: z.enum(PURPOSES),
    conditions: z.array(z.enum(SHARING_CONDITIONS)).max(3).default([]),
    reason: text(500).openapi({
      description: "Why the data go to this organisation (recorded in the audit trail).",
    }),
  })
  .openapi("CreateAccessGrant");

export const CreateConsentSchema = z
  .object({
    purpose: z.enum(PURPOSES),
    recipientOrganisationId: z.string().uuid().optional(),
    recipientType: z.enum(ORGANISATION_TYPES).optional(),
    categories: z.array(z.enum(DATA_CATEGORIES)).min(1).optional(),
    grantedAt: z.string().datetime({ offset: true }),
    evidence: z.discriminatedUnion("kind", [
      z.object({
        kind: z.literal("signed_form"),
        mediaType: z.enum(["application/pdf", "image/png", "image/jpeg"]),
        documentBase64: z.string().min(8).max(7_000_000),
      }),
      z.object({ kind: z.literal("verbal_with_witness"), witnessName: text(200) }),
    ]),
  })
  .refine((c) => c.recipientOrganisationId || c.recipientType, {
    message: "name the recipient organisation or its type",
    path: ["recipientOrganisationId"],
  })
  .openapi("CreateConsent");

export const ConsentSchema = z
  .object({
    id: z.string().uuid(),
    purpose: z.enum(PURPOSES),
    recipientOrganisationId: z.string().uuid().nullable(),
    recipientType: z.enum(ORGANISATION_TYPES).nullable(),
    categories: z.array(z.enum(DATA_CATEGORIES)).nullable(),
    grantedAt: z.string().datetime(),
    evidenceKind: z.enum(["signed_form", "verbal_with_witness"]),
    recordedBy: z.string().uuid(),
    recordedAt: z.string().datetime(),
    withdrawnAt: z.string().datetime().nullable(),
  })
  .openapi("Consent");

export const BreakGlassRequestSchema = z
  .object({
    purpose: z.enum(PURPOSES),
    reason: z.string().trim().min(20, "state the reason in at least 20 characters").max(2000),
  })
  .openapi("BreakGlassRequest");
