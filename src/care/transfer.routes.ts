/**
 * @module transfer.routes
 * Transfers of cases between coordinating organisations.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { DECLINE_REASONS, TRANSFER_REASONS } from "./care.vocabulary";
import { decideTransfer, listTransfers, requestTransfer } from "./transfer.service";

const tags = ["Cases"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

export function registerTransferRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/{id}/transfers",
      tags,
      summary: "Ask another coordinating organisation to take over the case",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(
          z
            .object({
              toOrganisationId: z.string().uuid(),
              reason: z.enum(TRANSFER_REASONS),
              note: z.string().trim().max(2000).optional(),
            })
            .openapi("CaseTransferRequest"),
        ),
      },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Requested") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        {
          id: await requestTransfer(
            deps,
            viewerOf(view, c.get("requestId")),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
        },
        201,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/case-transfers",
      tags,
      summary: "Incoming and outgoing transfers",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), "Transfers"),
      },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json({ items: await listTransfers(deps, viewerOf(view, c.get("requestId"))) }, 200);
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/case-transfers/{id}/decision",
      tags,
      summary: "Receiver: accept (the case moves) or decline with a reason; sender: withdraw",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(
          z
            .object({
              action: z.enum(["accept", "decline", "withdraw"]),
              declineReason: z.enum(DECLINE_REASONS).optional(),
              note: z.string().trim().max(2000).optional(),
            })
            .openapi("CaseTransferDecision"),
        ),
      },
      responses: { 204: { description: "Decided" } },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      await decideTransfer(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.body(null, 204);
    },
  );
}
