/**
 * @module darknumber.routes
 * Linkage rounds and estimation runs. Organisations submit encodings; only the statistician runs
 * linkage and estimates, and sees tables with small cells suppressed.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { can } from "../accounts/permissions.rules";
import { EstimateResultSchema } from "../estimation/estimation.schema";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { listEstimationRuns, listRounds, type RoundRow } from "./darknumber.repository";
import { CreateEstimationSchema, CreateRoundSchema, SubmissionSchema } from "./darknumber.schema";
import {
  createRound,
  estimationRun,
  roundDetails,
  runEstimation,
  runLinkage,
  submit,
} from "./darknumber.service";

const tags = ["Dark number"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

const RoundSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    threshold: z.number(),
    solver: z.string(),
    status: z.enum(["open", "linked"]),
    createdAt: z.string().datetime(),
    linkedAt: z.string().datetime().nullable(),
  })
  .openapi("LinkageRound");

const presentRound = (r: RoundRow) => ({
  id: r.id,
  name: r.name,
  threshold: Number(r.threshold),
  solver: r.solver,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  linkedAt: r.linked_at?.toISOString() ?? null,
});

/** What the statistician may see of a linked round: diagnostics and the suppressed table, never the raw cells. */
function visibleResult(result: Record<string, unknown> | null) {
  if (!result) return null;
  const {
    rawCsv: _raw,
    display,
    ...shown
  } = result as { rawCsv: string; display: { rows: { count: number }[] } };
  // Only the shown value ("<10" for small cells) leaves the server, never the count behind it.
  const rows = display.rows.map(({ count: _count, ...row }) => row);
  return { ...shown, display: { ...display, rows } };
}

export function registerDarkNumberRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/linkage-rounds",
      tags,
      summary: "Open a linkage round (statistician)",
      security: [{ session: [] }],
      request: { body: jsonBody(CreateRoundSchema) },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Opened") },
    }),
    async (c) => {
      const view = requireSession(c, "estimation:run");
      return c.json(
        { id: await createRound(deps, viewerOf(view, c.get("requestId")), c.req.valid("json")) },
        201,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/linkage-rounds",
      tags,
      summary: "Linkage rounds (statisticians, and organisations that submit encodings)",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(RoundSchema) }), "Rounds") },
    }),
    async (c) => {
      const view = requireSession(c);
      if (!can(view.user.roles, "estimation:run") && !can(view.user.roles, "linkage:submit")) {
        throw new AppError(
          "FORBIDDEN",
          "Uw rol werkt niet met koppelrondes. / Your role does not work with linkage rounds.",
        );
      }
      return c.json({ items: (await listRounds(deps.db)).map(presentRound) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/linkage-rounds/{id}",
      tags,
      summary:
        "A round: submissions per list and, once linked, diagnostics and the table with small cells suppressed",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(
          RoundSchema.extend({
            submissions: z.array(
              z.object({
                organisationName: z.string(),
                listName: z.string(),
                recordCount: z.number().int(),
                submittedAt: z.string().datetime(),
              }),
            ),
            result: z.record(z.string(), z.unknown()).nullable(),
          }),
          "Round",
        ),
      },
    }),
    async (c) => {
      requireSession(c, "estimation:run");
      const { round, submissions } = await roundDetails(deps, c.req.valid("param").id);
      return c.json(
        {
          ...presentRound(round),
          submissions: submissions.map((s) => ({
            organisationName: s.organisationName,
            listName: s.listName,
            recordCount: s.recordCount,
            submittedAt: s.submittedAt.toISOString(),
          })),
          result: visibleResult(round.result),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/linkage-rounds/{id}/submissions",
      tags,
      summary: "Submit your organisation's encodings (CLKs, never clear identifiers) with coarse covariates",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(SubmissionSchema) },
      responses: { 204: { description: "Submitted (replaces your earlier submission to this round)" } },
    }),
    async (c) => {
      const view = requireSession(c, "linkage:submit");
      await submit(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, c.req.valid("json"));
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/linkage-rounds/{id}/linkage",
      tags,
      summary: "Link the submitted encodings into capture histories (statistician)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(z.record(z.string(), z.unknown()), "Diagnostics and the suppressed table"),
      },
    }),
    async (c) => {
      const view = requireSession(c, "estimation:run");
      const result = await runLinkage(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id);
      return c.json(visibleResult(result)!, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/estimations",
      tags,
      summary: "Estimate the dark number from an uploaded table or a linked round; the run is saved",
      security: [{ session: [] }],
      request: { body: jsonBody(CreateEstimationSchema) },
      responses: {
        201: jsonResponse(z.object({ id: z.string().uuid(), result: EstimateResultSchema }), "Estimate"),
      },
    }),
    async (c) => {
      const view = requireSession(c, "estimation:run");
      const run = await runEstimation(deps, viewerOf(view, c.get("requestId")), c.req.valid("json"));
      return c.json(run, 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/estimations",
      tags,
      summary: "Saved estimation runs",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(
              z.object({
                id: z.string().uuid(),
                createdAt: z.string().datetime(),
                source: z.string(),
                settings: z.record(z.string(), z.unknown()),
              }),
            ),
          }),
          "Runs",
        ),
      },
    }),
    async (c) => {
      requireSession(c, "estimation:run");
      const runs = await listEstimationRuns(deps.db);
      return c.json(
        {
          items: runs.map((r) => ({
            id: r.id,
            createdAt: r.created_at.toISOString(),
            source: r.source,
            settings: r.settings,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/estimations/{id}",
      tags,
      summary: "A saved run with its input table, settings and result (reproducible)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(
          z.object({
            id: z.string().uuid(),
            createdAt: z.string().datetime(),
            source: z.string(),
            inputCsv: z.string(),
            settings: z.record(z.string(), z.unknown()),
            result: EstimateResultSchema,
          }),
          "Run",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c, "estimation:run");
      const run = await estimationRun(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id);
      // A run from a linked round keeps its raw input for reproduction; show it only for uploads.
      const inputCsv = run.source === "upload" ? run.input_csv : "(gekoppelde ronde / linked round)";
      const body = {
        id: run.id,
        createdAt: run.created_at.toISOString(),
        source: run.source,
        inputCsv,
        settings: run.settings,
        result: run.result,
      };
      return c.json(body as never, 200);
    },
  );
}
