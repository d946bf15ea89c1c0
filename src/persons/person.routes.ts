/**
 * @module person.routes
 * Persons (data subjects) and the privacy controls around them: purpose-bound reads with visible
 * redaction, "why can I see this?", sharing with another organisation, consent, break-glass and
 * the privacy officer's review queue.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import type { ConsentRecord } from "../sharing/consent.repository";
import {
  BreakGlassRequestSchema,
  ConsentSchema,
  CreateConsentSchema,
  CreateGrantSchema,
  CreatePersonSchema,
  PersonListItemSchema,
  PersonSchema,
  PurposeQuerySchema,
} from "./person.schema";
import {
  breakGlass,
  breakGlassQueue,
  consentsOf,
  decideBreakGlass,
  grantsOf,
  listPersons,
  readPerson,
  recordConsent,
  recordPerson,
  sharePerson,
  unsharePerson,
  viewerOf,
  withdraw,
} from "./person.service";

const tags = ["Persons"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

const presentConsent = (c: ConsentRecord) => ({
  id: c.id,
  purpose: c.purpose,
  recipientOrganisationId: c.recipientOrganisationId,
  recipientType: c.recipientType,
  categories: c.categories,
  grantedAt: c.grantedAt.toISOString(),
  evidenceKind: c.evidenceKind,
  recordedBy: c.recordedBy,
  recordedAt: c.recordedAt.toISOString(),
  withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
});

export function registerPersonRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/persons",
      tags,
      summary: "Record a person (possible victim, suspect) held by your organisation",
      security: [{ session: [] }],
      request: { body: jsonBody(CreatePersonSchema) },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Recorded") },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const id = await recordPerson(deps, viewerOf(view, c.get("requestId")), c.req.valid("json"));
      return c.json({ id }, 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons",
      tags,
      personalData: true,
      summary:
        "Persons you may open for a purpose (pseudonyms only, filtered in the database); optionally found by name",
      security: [{ session: [] }],
      request: {
        query: PurposeQuerySchema.extend({
          name: z.string().trim().min(2).max(200).optional().openapi({
            description: "Exact name (case, accents and punctuation ignored), matched through a keyed hash",
          }),
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(PersonListItemSchema) }), "Persons") },
    }),
    async (c) => {
      const view = requireSession(c);
      const { purpose, name } = c.req.valid("query");
      const rows = await listPersons(deps, viewerOf(view, c.get("requestId")), purpose, name);
      return c.json(
        {
          items: rows.map((r) => ({
            id: r.id,
            pseudonym: r.pseudonym,
            holder: { id: r.organisation_id, name: r.organisation_name, type: r.organisation_type },
            status: r.status,
            createdAt: r.created_at.toISOString(),
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons/{id}",
      tags,
      personalData: true,
      summary: "A person's record for a purpose; fields the rules do not allow are visibly hidden",
      security: [{ session: [] }],
      request: { params: IdParams, query: PurposeQuerySchema },
      responses: { 200: jsonResponse(PersonSchema, "The record") },
    }),
    async (c) => {
      const view = requireSession(c);
      const person = await readPerson(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("query").purpose,
      );
      return c.json(person, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons/{id}/explanation",
      tags,
      personalData: true,
      summary:
        "Why can I see this? Per field: the rule, purpose and legal basis that allow it, or why it is hidden (no values)",
      security: [{ session: [] }],
      request: { params: IdParams, query: PurposeQuerySchema },
      responses: { 200: jsonResponse(PersonSchema, "Decisions per field, without values") },
    }),
    async (c) => {
      const view = requireSession(c);
      const person = await readPerson(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("query").purpose,
        "explain",
      );
      return c.json(person, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/persons/{id}/access-grants",
      tags,
      summary: "Share the person's record with another organisation for a purpose (holder only)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(CreateGrantSchema) },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Shared") },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const id = await sharePerson(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ id }, 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons/{id}/access-grants",
      tags,
      personalData: true,
      summary: "Organisations the record is shared with (holder only)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(
              z.object({
                id: z.string().uuid(),
                organisationId: z.string().uuid(),
                organisationName: z.string(),
                purpose: z.string(),
                conditions: z.array(z.string()),
                via: z.string(),
                grantedAt: z.string().datetime(),
                revokedAt: z.string().datetime().nullable(),
              }),
            ),
          }),
          "Grants",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const rows = await grantsOf(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id);
      return c.json(
        {
          items: rows.map((g) => ({
            id: g.id,
            organisationId: g.organisation_id,
            organisationName: g.organisation_name,
            purpose: g.purpose,
            conditions: g.conditions,
            via: g.via,
            grantedAt: g.granted_at.toISOString(),
            revokedAt: g.revoked_at?.toISOString() ?? null,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "delete",
      path: "/persons/{id}/access-grants/{grantId}",
      tags,
      summary: "Stop sharing (holder only)",
      security: [{ session: [] }],
      request: {
        params: IdParams.extend({
          grantId: z
            .string()
            .uuid()
            .openapi({ param: { name: "grantId", in: "path" } }),
        }),
      },
      responses: { 204: { description: "Revoked" } },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const { id, grantId } = c.req.valid("param");
      await unsharePerson(deps, viewerOf(view, c.get("requestId")), id, grantId);
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons/{id}/consents",
      tags,
      personalData: true,
      summary: "The person's consents (holder only)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ items: z.array(ConsentSchema) }), "Consents") },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const list = await consentsOf(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id);
      return c.json({ items: list.map(presentConsent) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/persons/{id}/consents",
      tags,
      summary: "Record a consent with its evidence (holder only)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(CreateConsentSchema) },
      responses: { 201: jsonResponse(ConsentSchema, "Recorded") },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const body = c.req.valid("json");
      const consent = await recordConsent(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, {
        purpose: body.purpose,
        recipientOrganisationId: body.recipientOrganisationId ?? null,
        recipientType: body.recipientType ?? null,
        categories: body.categories ?? null,
        grantedAt: new Date(body.grantedAt),
        evidence: body.evidence,
      });
      return c.json(presentConsent(consent), 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/persons/{id}/consents/{consentId}/withdrawal",
      tags,
      summary: "Withdraw a consent; takes effect at once for every recipient (holder only)",
      security: [{ session: [] }],
      request: {
        params: IdParams.extend({
          consentId: z
            .string()
            .uuid()
            .openapi({ param: { name: "consentId", in: "path" } }),
        }),
      },
      responses: { 200: jsonResponse(ConsentSchema, "Withdrawn") },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const { id, consentId } = c.req.valid("param");
      return c.json(
        presentConsent(await withdraw(deps, viewerOf(view, c.get("requestId")), id, consentId)),
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/persons/{id}/break-glass",
      tags,
      summary:
        "Break-glass: open a record the rules do not allow, stating a reason; short-lived and reviewed",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(BreakGlassRequestSchema) },
      responses: {
        201: jsonResponse(
          z.object({ id: z.string().uuid(), expiresAt: z.string().datetime() }),
          "Granted for a short time",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c);
      const granted = await breakGlass(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ id: granted.id, expiresAt: granted.expiresAt.toISOString() }, 201);
    },
  );

  const ReviewSchema = z
    .object({
      id: z.string().uuid(),
      personId: z.string().uuid(),
      personPseudonym: z.string(),
      userId: z.string().uuid(),
      organisationName: z.string(),
      purpose: z.string(),
      reason: z.string(),
      grantedAt: z.string().datetime(),
      expiresAt: z.string().datetime(),
      reviewStatus: z.enum(["pending", "justified", "unjustified"]),
      reviewNote: z.string().nullable(),
    })
    .openapi("BreakGlassReview");

  api.openapi(
    defineRoute({
      method: "get",
      path: "/break-glass-reviews",
      tags: ["Privacy"],
      summary: "Break-glass accesses for the privacy officer to review",
      security: [{ session: [] }],
      request: {
        query: z.object({
          status: z.enum(["pending", "justified", "unjustified", "all"]).default("pending"),
        }),
      },
      responses: { 200: jsonResponse(z.object({ items: z.array(ReviewSchema) }), "Queue") },
    }),
    async (c) => {
      const view = requireSession(c, "privacy:review");
      const list = await breakGlassQueue(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("query").status,
      );
      return c.json(
        {
          items: list.map((b) => ({
            id: b.id,
            personId: b.personId,
            personPseudonym: b.personPseudonym,
            userId: b.userId,
            organisationName: b.organisationName,
            purpose: b.purpose,
            reason: b.reason,
            grantedAt: b.grantedAt.toISOString(),
            expiresAt: b.expiresAt.toISOString(),
            reviewStatus: b.reviewStatus,
            reviewNote: b.reviewNote,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/break-glass-reviews/{id}/decision",
      tags: ["Privacy"],
      summary: "Mark a break-glass access justified or not",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(
          z
            .object({ justified: z.boolean(), note: z.string().trim().min(1).max(2000) })
            .openapi("BreakGlassDecision"),
        ),
      },
      responses: { 204: { description: "Reviewed" } },
    }),
    async (c) => {
      const view = requireSession(c, "privacy:review");
      await decideBreakGlass(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.body(null, 204);
    },
  );
}
