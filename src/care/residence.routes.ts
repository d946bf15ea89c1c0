/**
 * @module residence.routes
 * The reflection period and residence timeline of a case, and the coordinator's deadlines view.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { REFLECTION_END_REASONS, RESIDENCE_EVENT_TYPES } from "./care.vocabulary";
import { addResidenceEvent, caseTimeline, coordinatorDeadlines } from "./residence.service";

const tags = ["Cases"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});
const Open = z.record(z.string(), z.unknown());

const EventSchema = z
  .object({
    type: z.enum(RESIDENCE_EVENT_TYPES),
    on: z.string().date().openapi({ format: "date", description: "The calendar day of the event" }),
    variant: z.enum(["standard", "dublin"]).optional(),
    endReason: z.enum(REFLECTION_END_REASONS).optional(),
    validUntil: z.string().date().nullable().optional().openapi({ format: "date" }),
  })
  .openapi("ResidenceEvent");

export function registerResidenceRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/{id}/residence-events",
      tags,
      summary: "Add a dated reflection-period or residence event (validated against the whole timeline)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(EventSchema) },
      responses: { 204: { description: "Added" } },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      const body = c.req.valid("json");
      await addResidenceEvent(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, {
        ...body,
        validUntil: body.validUntil ?? null,
      });
      return c.body(null, 204);
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/cases/{id}/residence-events",
      tags,
      summary: "The timeline with the current reflection-period and permit state",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(Open, "Timeline") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        (await caseTimeline(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id)) as never,
        200,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/deadlines",
      tags,
      summary:
        "Reflection-period ends and permit expiries across your open cases: overdue first, then warnings",
      security: [{ session: [] }],
      request: { query: z.object({ horizonDays: z.coerce.number().int().min(0).max(3650).optional() }) },
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Deadlines") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        {
          items: await coordinatorDeadlines(
            deps,
            viewerOf(view, c.get("requestId")),
            c.req.valid("query").horizonDays,
          ),
        },
        200,
      );
    },
  );
}
