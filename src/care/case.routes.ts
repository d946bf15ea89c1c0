/**
 * @module case.routes
 * Case files: open (directly or from a routed signal), list by case number, read (the victim's
 * fields through the sharing presenter), timeline notes, trafficking status, closure, HTCDS export.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api, AppEnv } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { API_VERSION } from "../platform/http/problem";
import { IDEMPOTENCY_KEY_PARAMETER, IdempotencyKeySchema } from "../signals/partner.schema";
import { IdempotencyKeyReusedError } from "../signals/partner.service";
import { CaseNoteSchema, CaseStatusSchema, CloseCaseSchema, OpenCaseSchema } from "./case.schema";
import {
  addCaseNote,
  closeCase,
  htcdsExport,
  listCases,
  openCases,
  readCase,
  setTraffickingStatus,
} from "./case.service";
import { intakeLargeGroup } from "./large-group.service";

const tags = ["Cases"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});
const Open = z.record(z.string(), z.unknown());

/** The intake's idempotency key: the `Idempotency-Key` header or, for the web app, `idempotencyKey`. */
function groupKeyOf(c: Context<AppEnv>, body: { idempotencyKey?: string }): string | null {
  const header = c.req.header("idempotency-key");
  if (header !== undefined && !IdempotencyKeySchema.safeParse(header).success)
    throw new AppError(
      "VALIDATION_FAILED",
      "De Idempotency-Key is ongeldig. / The Idempotency-Key is invalid.",
      {
        fields: [{ field: "Idempotency-Key", message: "1–255 visible ASCII characters" }],
      },
    );
  if (header !== undefined && body.idempotencyKey !== undefined && header !== body.idempotencyKey)
    throw new AppError(
      "VALIDATION_FAILED",
      "De Idempotency-Key in de kop en in de inhoud verschillen. / The Idempotency-Key header and body differ.",
      { fields: [{ field: "idempotencyKey", message: "differs from the Idempotency-Key header" }] },
    );
  return header ?? body.idempotencyKey ?? null;
}

/** The problem for a key used before with another group (422, as the partner API answers it). */
function keyReused(c: Context<AppEnv>, error: IdempotencyKeyReusedError): Response {
  const body = {
    type: "https://samen.example.nl/problems/idempotency-key-reused",
    title: "Idempotency-Key hergebruikt / Idempotency-Key reused",
    status: 422,
    detail: error.message,
    code: "IDEMPOTENCY_KEY_REUSED",
    instance: new URL(c.req.url).pathname,
    requestId: c.get("requestId"),
    invalidParams: [{ name: "idempotencyKey", reason: "already used for a different group" }],
  };
  return new Response(JSON.stringify(body), {
    status: 422,
    headers: { "content-type": "application/problem+json", "api-version": API_VERSION },
  });
}

export function registerCaseRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases",
      tags,
      summary:
        "Open a case (one per possible victim); assigned to the coordinator of the municipality where the victim was found or lives",
      security: [{ session: [] }],
      request: { body: jsonBody(OpenCaseSchema) },
      responses: {
        201: jsonResponse(
          z.object({
            items: z.array(
              z.object({ id: z.string().uuid(), caseNumber: z.string(), organisationId: z.string().uuid() }),
            ),
          }),
          "Opened",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      return c.json(
        { items: await openCases(deps, viewerOf(view, c.get("requestId")), c.req.valid("json")) },
        201,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/cases",
      tags,
      summary: "Your organisation's cases, by case number (never names)",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Cases") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json({ items: await listCases(deps, viewerOf(view, c.get("requestId"))) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/cases/{id}",
      tags,
      personalData: true,
      summary: "A case: facts, the victim (field by field per the sharing rules) and the timeline",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(Open, "The case") },
    }),
    async (c) => {
      const view = requireSession(c);
      return c.json(
        (await readCase(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id)) as never,
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/cases/{id}/htcds",
      tags,
      personalData: true,
      summary: "The case in Human Trafficking Case Data Standard field names",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(Open, "HTCDS record") },
    }),
    async (c) => {
      const view = requireSession(c);
      return c.json(
        (await htcdsExport(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id)) as never,
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/{id}/notes",
      tags,
      summary: "Add a dated note to the timeline",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(CaseNoteSchema) },
      responses: { 204: { description: "Added" } },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      await addCaseNote(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json").text,
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/{id}/trafficking-status",
      tags,
      summary:
        "Record the trafficking status (possible, presumed, identified, not a victim) with your organisation as the decider",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(CaseStatusSchema) },
      responses: { 204: { description: "Recorded" } },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      await setTraffickingStatus(
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
      path: "/cases/{id}/closure",
      tags,
      summary: "Close the case with a reason; the victim record's retention clock starts",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(CloseCaseSchema) },
      responses: { 204: { description: "Closed" } },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      await closeCase(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, c.req.valid("json"));
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/large-groups",
      tags,
      summary:
        "Large-group intake: one case per person with minimal fields (same place, date and signal), and the bulk temporary-shelter request; all or nothing. With an idempotency key a retry returns the first answer and opens nothing again.",
      security: [{ session: [] }],
      parameters: [IDEMPOTENCY_KEY_PARAMETER],
      request: {
        body: jsonBody(
          z
            .object({
              signalId: z.string(),
              foundOn: z.string().openapi({ format: "date" }),
              municipalityCode: z.string(),
              forms: z.array(z.string()),
              sector: z.string().nullable().optional(),
              persons: z.array(z.record(z.string(), z.unknown())),
              idempotencyKey: IdempotencyKeySchema.optional().openapi({
                description:
                  "The same as the Idempotency-Key header, for clients that cannot set headers; one per group form.",
              }),
            })
            .passthrough()
            .openapi("LargeGroupIntake"),
        ),
      },
      responses: {
        201: jsonResponse(
          z.object({ cases: z.array(Open), shelterRequest: Open }),
          "Cases opened (or the first answer, replayed)",
        ),
        422: {
          description: "The idempotency key was already used for a different group.",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
      },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const body = c.req.valid("json");
      try {
        const { replayed, ...result } = await intakeLargeGroup(
          deps,
          viewerOf(view, c.get("requestId")),
          body,
          groupKeyOf(c, body),
        );
        if (replayed) c.header("idempotent-replayed", "true");
        return c.json(result as never, 201);
      } catch (error) {
        if (error instanceof IdempotencyKeyReusedError) return keyReused(c, error) as never;
        throw error;
      }
    },
  );
}
