/**
 * @module registration.routes
 * Registrations with the national registry (CoMensha).
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import {
  exportRegistry,
  listRegistrations,
  readRegistration,
  submitRegistration,
} from "./registration.service";
import { registerRegistryMergeRoutes } from "./registry-merge.routes";

const tags = ["Registry"];
const Open = z.record(z.string(), z.unknown());

export function registerRegistrationRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/registrations",
      tags,
      summary:
        "Register a possible victim with CoMensha, from a case or from a signal: by name on your own legal basis or with consent, otherwise a statistical record without identifying fields",
      security: [{ session: [] }],
      request: {
        body: jsonBody(
          z
            .object({
              caseId: z.string().uuid().optional().openapi({ description: "Register from this case" }),
              signalId: z
                .string()
                .uuid()
                .optional()
                .openapi({ description: "Or from this signal of your own organisation …" }),
              personId: z
                .string()
                .uuid()
                .optional()
                .openapi({ description: "… for this possible victim in it" }),
              safetyAtStake: z.boolean().default(false).openapi({
                description:
                  "The victim's safety is at stake and a shelter placement is needed (your reasoned judgement; recorded in the audit trail)",
              }),
            })
            .refine((r) => (r.caseId ? 1 : 0) + (r.signalId ? 1 : 0) === 1, {
              message: "give either caseId, or signalId with personId",
              path: ["caseId"],
            })
            .refine((r) => !r.signalId || r.personId, {
              message: "a registration from a signal names the possible victim",
              path: ["personId"],
            })
            .openapi("RegistrationRequest"),
        ),
      },
      responses: {
        201: jsonResponse(
          z.object({
            id: z.string().uuid(),
            mode: z.string(),
            basis: z.string(),
            sharingRuleIds: z.array(z.string()),
          }),
          "Registered",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c, "persons:record");
      const { caseId, signalId, personId, safetyAtStake } = c.req.valid("json");
      const source = caseId
        ? { caseId, safetyAtStake }
        : { signalId: signalId!, personId: personId!, safetyAtStake };
      return c.json(await submitRegistration(deps, viewerOf(view, c.get("requestId")), source), 201);
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/registrations",
      tags,
      summary: "Incoming registrations (registry officer)",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Registrations") },
    }),
    async (c) => {
      const view = requireSession(c, "registry:manage");
      return c.json({ items: await listRegistrations(deps, viewerOf(view, c.get("requestId"))) }, 200);
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/registrations/{id}",
      tags,
      personalData: true,
      summary: "A registration; by name: the person as the rules allow for registration",
      security: [{ session: [] }],
      request: {
        params: z.object({
          id: z
            .string()
            .uuid()
            .openapi({ param: { name: "id", in: "path" } }),
        }),
      },
      responses: { 200: jsonResponse(Open, "Registration") },
    }),
    async (c) => {
      const view = requireSession(c, "registry:manage");
      return c.json(
        (await readRegistration(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id)) as never,
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/registry-export",
      tags,
      summary:
        "The registry in the documented export format (CSV or JSON), statistical facts with per-export pseudonyms",
      security: [{ session: [] }],
      request: {
        query: z.object({
          from: z.string().date().openapi({ format: "date" }),
          to: z.string().date().openapi({ format: "date" }),
          format: z.enum(["csv", "json"]).default("json"),
        }),
      },
      responses: {
        200: {
          description: "Export",
          content: { "application/json": { schema: Open }, "text/csv": { schema: z.string() } },
        },
      },
    }),
    async (c) => {
      const view = requireSession(c, "registry:manage");
      const { from, to, format } = c.req.valid("query");
      const out = await exportRegistry(deps, viewerOf(view, c.get("requestId")), { from, to }, format);
      if (typeof out === "string")
        return c.body(out, 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="registratie-${from}-${to}.csv"`,
        }) as never;
      return c.json(out as never, 200);
    },
  );

  registerRegistryMergeRoutes(api, deps);
}
