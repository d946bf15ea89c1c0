/**
 * @module care-plan.routes
 * The care plan of a case and the coordinator's reminders.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { NEEDS } from "./care.vocabulary";
import { SERVICE_ACTIONS } from "./care-plan.rules";
import { addService, carePlan, careReminders, changeService, setNeeds } from "./care-plan.service";

const tags = ["Cases"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});
const Open = z.record(z.string(), z.unknown());

export function registerCarePlanRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/cases/{id}/care-plan",
      tags,
      summary: "Needs, services, gaps and stall reminders",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(Open, "Care plan") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        (await carePlan(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id)) as never,
        200,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "put",
      path: "/cases/{id}/needs",
      tags,
      summary: "The needs assessed for the victim",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(z.object({ needs: z.array(z.enum(NEEDS)).max(NEEDS.length) }).openapi("CaseNeeds")),
      },
      responses: { 204: { description: "Saved" } },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      await setNeeds(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json").needs,
      );
      return c.body(null, 204);
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/{id}/services",
      tags,
      summary: "Plan a service for a need",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(
          z
            .object({
              need: z.enum(NEEDS),
              providerOrganisationId: z.string().uuid().nullable().default(null),
              dueOn: z.string().date().nullable().default(null).openapi({ format: "date" }),
              note: z.string().trim().max(2000).optional(),
            })
            .openapi("CaseService"),
        ),
      },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Planned") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        {
          id: await addService(
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
      method: "post",
      path: "/cases/{id}/services/{serviceId}/status-changes",
      tags,
      summary: "Change a service's status by the transition table",
      security: [{ session: [] }],
      request: {
        params: IdParams.extend({
          serviceId: z
            .string()
            .uuid()
            .openapi({ param: { name: "serviceId", in: "path" } }),
        }),
        body: jsonBody(
          z
            .object({ action: z.enum(SERVICE_ACTIONS), reason: z.string().trim().max(2000).optional() })
            .openapi("CaseServiceChange"),
        ),
      },
      responses: { 200: jsonResponse(z.object({ status: z.string() }), "New status") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      const { id, serviceId } = c.req.valid("param");
      return c.json(
        {
          status: await changeService(
            deps,
            viewerOf(view, c.get("requestId")),
            id,
            serviceId,
            c.req.valid("json"),
          ),
        },
        200,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/care-reminders",
      tags,
      summary: "Services that stalled, across your open cases",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Reminders") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json({ items: await careReminders(deps, viewerOf(view, c.get("requestId"))) }, 200);
    },
  );
}
