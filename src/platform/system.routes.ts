/**
 * @module system.routes
 * Liveness and readiness.
 */
import { z } from "@hono/zod-openapi";
import type { Deps } from "./deps";
import { AppError } from "./errors";
import { API_VERSION, type Api } from "./http/app";
import { defineRoute, jsonResponse } from "./http/openapi";

const StatusSchema = z
  .object({ status: z.literal("ok"), version: z.string(), demoMode: z.boolean() })
  .openapi("Status");

export function registerSystemRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/health",
      tags: ["System"],
      public: true,
      summary: "Liveness: the process answers",
      responses: { 200: jsonResponse(StatusSchema, "Alive") },
    }),
    (c) => c.json({ status: "ok" as const, version: API_VERSION, demoMode: deps.env.SAMEN_DEMO_MODE }, 200),
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/ready",
      tags: ["System"],
      public: true,
      summary: "Readiness: the database answers",
      responses: {
        200: jsonResponse(StatusSchema, "Ready"),
        503: {
          description: "Database unavailable",
          content: {
            "application/problem+json": {
              schema: z.object({ status: z.number(), title: z.string(), detail: z.string() }),
            },
          },
        },
      },
    }),
    async (c) => {
      try {
        await deps.db.query("select 1");
      } catch {
        throw new AppError(
          "DATABASE_UNAVAILABLE",
          "De database antwoordt niet. / The database does not answer.",
        );
      }
      return c.json({ status: "ok" as const, version: API_VERSION, demoMode: deps.env.SAMEN_DEMO_MODE }, 200);
    },
  );
}
