/**
 * @module accounts.schema
 * Request and response shapes of the accounts API.
 */
import { z } from "@hono/zod-openapi";
import { ORGANISATION_TYPES, ROLES } from "./accounts.vocabulary";
import { ABILITIES } from "./permissions.rules";

export const LoginRequestSchema = z
  .object({
    email: z.string().trim().min(3).max(254).email().openapi({ example: "coordinator@example.nl" }),
    password: z.string().min(1).max(1024),
  })
  .openapi("LoginRequest");

export const CodeRequestSchema = z
  .object({
    code: z
      .string()
      .regex(/^\d{6}$/, "six digits")
      .openapi({ example: "123456" }),
  })
  .openapi("SecondFactorCode");

export const OrganisationSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    type: z.enum(ORGANISATION_TYPES),
    municipalityCode: z.string().nullable(),
    policeUnitId: z.string().nullable(),
    isSynthetic: z.boolean(),
  })
  .openapi("Organisation");

export const SessionSchema = z
  .object({
    stage: z.enum(["second_factor", "enrol_second_factor", "active"]),
    canSkipSecondFactor: z.boolean(),
    demoMode: z.boolean(),
    csrfToken: z.string(),
    user: z.object({
      id: z.string().uuid(),
      displayName: z.string(),
      roles: z.array(z.enum(ROLES)),
      isSynthetic: z.boolean(),
    }),
    organisation: OrganisationSchema,
    abilities: z
      .array(z.enum(ABILITIES))
      .openapi({ description: "What the caller may do; the UI shows only these." }),
    expiresAt: z.string().datetime(),
    idleTimeoutMinutes: z.number().int(),
  })
  .openapi("Session");

export const EnrolmentSchema = z
  .object({ secret: z.string(), otpauthUri: z.string() })
  .openapi("SecondFactorEnrolment");

export const CreateOrganisationSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    type: z.enum(ORGANISATION_TYPES),
    municipalityCode: z
      .string()
      .regex(/^GM\d{4}$/, "CBS code like GM0363")
      .nullable()
      .optional(),
    policeUnitId: z.string().min(1).max(64).nullable().optional(),
  })
  .openapi("CreateOrganisation");

export const CreateUserSchema = z
  .object({
    organisationId: z.string().uuid(),
    email: z.string().trim().email().max(254),
    displayName: z.string().trim().min(1).max(200),
    roles: z.array(z.enum(ROLES)).min(1),
    password: z.string().min(12).max(1024),
  })
  .openapi("CreateUser");

export const UserSchema = z
  .object({
    id: z.string().uuid(),
    organisationId: z.string().uuid(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    secondFactorEnabled: z.boolean(),
    isSynthetic: z.boolean(),
    createdAt: z.string().datetime(),
  })
  .openapi("User");
