/**
 * @module audit.routes
 * The privacy officer's view of the audit trail: search, and verification of the chain.
 * Searching the trail is itself audited.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonResponse } from "../platform/http/openapi";
import { appendAudit, searchAudit } from "./audit.repository";
import { verifyStoredChain } from "./audit.verify";

const tags = ["Audit"];

const AuditEntrySchema = z
  .object({
    id: z.number().int().openapi({ description: "Insertion number (newest highest); use for paging" }),
    seq: z.number().int().nullable().openapi({
      description: "Place in the hash chain; null for an entry not yet sealed (moments after it)",
    }),
    occurredAt: z.string().datetime(),
    actorUserId: z.string().nullable(),
    actorOrganisationId: z.string().nullable(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string().nullable(),
    purpose: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string().nullable(),
  })
  .openapi("AuditEntry");

const SearchQuerySchema = z.object({
  actorUserId: z.string().uuid().optional(),
  actorOrganisationId: z.string().uuid().optional(),
  objectType: z.string().max(64).optional(),
  objectId: z.string().max(128).optional(),
  personId: z.string().uuid().optional().openapi({ description: "Everything about one data subject" }),
  from: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Start of the period (inclusive), date-time with zone" }),
  to: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "End of the period (exclusive), date-time with zone" }),
  beforeId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .openapi({ description: "Only entries inserted before this one (the id of the last entry of a page)" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function registerAuditRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/audit-entries",
      tags,
      summary: "Search the audit trail (privacy officer), newest first",
      security: [{ session: [] }],
      request: { query: SearchQuerySchema },
      responses: { 200: jsonResponse(z.object({ items: z.array(AuditEntrySchema) }), "Audit entries") },
    }),
    async (c) => {
      const view = requireSession(c, "audit:read");
      const q = c.req.valid("query");
      const entries = await deps.db.transaction(async (tx) => {
        const found = await searchAudit(tx, {
          ...q,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        });
        await appendAudit(tx, {
          actorUserId: view.user.id,
          actorOrganisationId: view.organisation.id,
          requestId: c.get("requestId"),
          action: "audit.searched",
          objectType: "audit_log",
          objectId: null,
          purpose: "privacy_supervision",
          details: {
            filters: Object.keys(q)
              .filter((k) => q[k as keyof typeof q] !== undefined)
              .join(","),
            results: found.length,
          },
        });
        return found;
      });
      return c.json(
        {
          items: entries.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/audit-entries/verification",
      tags,
      summary: "Verify the hash chain of the whole audit trail",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(
          z
            .object({
              ok: z.boolean(),
              count: z.number().int(),
              firstBadSeq: z.number().int().nullable(),
              message: z.string(),
            })
            .openapi("AuditVerification"),
          "Verification result",
        ),
      },
    }),
    async (c) => {
      requireSession(c, "audit:read");
      const result = await verifyStoredChain(deps.db);
      return c.json(
        result.ok
          ? {
              ok: true,
              count: result.count,
              firstBadSeq: null,
              message: `Alle ${result.count} regels zijn intact. / All ${result.count} entries are intact.`,
            }
          : {
              ok: false,
              count: result.count,
              firstBadSeq: result.problem.seq,
              message: result.problem.message,
            },
        200,
      );
    },
  );
}
