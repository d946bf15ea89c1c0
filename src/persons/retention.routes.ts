/**
 * @module retention.routes
 * The retention dry run for the privacy officer: what the next run will remove.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonResponse } from "../platform/http/openapi";
import { RETENTION_POLICIES } from "../sharing/retention.rules";
import { retentionDryRun } from "./retention.service";

export function registerRetentionRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/retention/plan",
      tags: ["Privacy"],
      summary: "Dry run: which records lose which categories in the next retention run, and the policies",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(
          z.object({
            policies: z.array(
              z.object({ category: z.string(), state: z.string(), afterDays: z.number().int() }),
            ),
            items: z.array(
              z.object({
                id: z.string().uuid(),
                pseudonym: z.string(),
                categories: z.array(z.string()),
                tombstone: z.boolean(),
              }),
            ),
          }),
          "Plan",
        ),
      },
    }),
    async (c) => {
      requireSession(c, "privacy:review");
      return c.json({ policies: [...RETENTION_POLICIES], items: await retentionDryRun(deps) }, 200);
    },
  );
}
