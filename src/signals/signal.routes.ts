/**
 * @module signal.routes
 * Signals: a professional's draft and submission, later facts, the desk's queue, status changes,
 * duplicates and linking, routing to teams, and the team's answer. Reads of people in a signal go
 * through the sharing presenter.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import {
  FactSchema,
  LinkRequestSchema,
  RoutingDecisionSchema,
  RoutingRequestSchema,
  SignalDraftSchema,
  SignalQuerySchema,
  StatusChangeSchema,
} from "./signal.schema";
import {
  addFact,
  assignSignal,
  changeStatus,
  createDraft,
  decideSignalRouting,
  duplicateSuggestions,
  linkPersonToSignal,
  linkSignals,
  listQueue,
  readSignal,
  routeSignal,
  submitSignal,
  updateDraft,
} from "./signal.service";

const tags = ["Signals"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});
const Open = z.record(z.string(), z.unknown());

export function registerSignalRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/drafts",
      tags,
      summary: "Save a new signal as a draft (professional intake)",
      security: [{ session: [] }],
      request: { body: jsonBody(SignalDraftSchema) },
      responses: {
        201: jsonResponse(z.object({ id: z.string().uuid(), reference: z.string() }), "Draft saved"),
      },
    }),
    async (c) => {
      const view = requireSession(c, "signals:file");
      return c.json(await createDraft(deps, viewerOf(view, c.get("requestId")), c.req.valid("json")), 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "put",
      path: "/signals/drafts/{id}",
      tags,
      summary: "Replace your draft (only while it is a draft)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(SignalDraftSchema) },
      responses: { 204: { description: "Saved" } },
    }),
    async (c) => {
      const view = requireSession(c, "signals:file");
      await updateDraft(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/drafts/{id}/submission",
      tags,
      summary: "Submit your draft: it becomes immutable and goes to the signal desk",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(z.object({ reference: z.string(), actions: z.number().int() }), "Submitted"),
      },
    }),
    async (c) => {
      const view = requireSession(c, "signals:file");
      return c.json(
        await submitSignal(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id),
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/signals",
      tags,
      summary:
        "Signals: your organisation's, the desk's queue (filters, deadlines), or those routed to your team",
      security: [{ session: [] }],
      request: { query: SignalQuerySchema },
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Signals") },
    }),
    async (c) => {
      const view = requireSession(c);
      const q = c.req.valid("query");
      const items = await listQueue(deps, viewerOf(view, c.get("requestId")), {
        ...q,
        minorInvolved: q.minorInvolved === undefined ? undefined : q.minorInvolved === "true",
        overdue: q.overdue === undefined ? undefined : q.overdue === "true",
      });
      return c.json({ items }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/signals/{id}",
      tags,
      personalData: true,
      summary:
        "A signal with its people (field by field per the sharing rules), history, actions and routings",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(Open, "The signal") },
    }),
    async (c) => {
      const view = requireSession(c);
      return c.json(
        (await readSignal(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id)) as never,
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/{id}/facts",
      tags,
      summary:
        "Append a later fact, or (desk) an enrichment note with its source organisation and legal basis",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(FactSchema) },
      responses: { 204: { description: "Appended" } },
    }),
    async (c) => {
      const view = requireSession(c);
      await addFact(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, c.req.valid("json"));
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/{id}/status-changes",
      tags,
      summary: "Change the status by the transition table (illegal changes are refused)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(StatusChangeSchema) },
      responses: {
        204: { description: "Changed" },
        409: {
          description: "Not allowed from the current status",
          content: {
            "application/problem+json": {
              schema: z.object({ status: z.number(), title: z.string(), detail: z.string() }),
            },
          },
        },
      },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      await changeStatus(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/signals/{id}/duplicates",
      tags,
      summary: "Likely duplicates and related signals, with reasons (desk)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Suggestions") },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      return c.json(
        {
          items: await duplicateSuggestions(
            deps,
            viewerOf(view, c.get("requestId")),
            c.req.valid("param").id,
          ),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/{id}/links",
      tags,
      summary: "Group signals, so one routing serves them all (desk)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(LinkRequestSchema) },
      responses: { 200: jsonResponse(z.object({ signalIds: z.array(z.string().uuid()) }), "The group") },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      const ids = await linkSignals(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json").signalIds,
      );
      return c.json({ signalIds: ids }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/{id}/persons",
      tags,
      summary:
        "Link a possible victim or suspect from another signal of the group to this signal (desk); routed teams get the person too",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(z.object({ personId: z.string().uuid() }).openapi("SignalPersonLink")),
      },
      responses: { 204: { description: "Linked" } },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      await linkPersonToSignal(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json").personId,
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/{id}/routings",
      tags,
      summary: "Route the signal (and its group) to a team on a track; the legal basis is recorded (desk)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(RoutingRequestSchema) },
      responses: { 201: jsonResponse(z.object({ routingIds: z.array(z.string().uuid()) }), "Routed") },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      const ids = await routeSignal(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json({ routingIds: ids }, 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signal-routings/{id}/decision",
      tags,
      summary: "The receiving team accepts or declines (with a reason) a routed signal",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(RoutingDecisionSchema) },
      responses: { 204: { description: "Decided" } },
    }),
    async (c) => {
      const view = requireSession(c);
      await decideSignalRouting(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "put",
      path: "/signals/{id}/assignee",
      tags,
      summary: "Assign the signal to a desk officer, or clear the assignment (desk)",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(
          z.object({ assigneeUserId: z.string().uuid().nullable() }).openapi("SignalAssignment"),
        ),
      },
      responses: { 204: { description: "Assigned" } },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      await assignSignal(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json").assigneeUserId,
      );
      return c.body(null, 204);
    },
  );
}
