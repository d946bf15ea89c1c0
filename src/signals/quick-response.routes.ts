/**
 * @module quick-response.routes
 * The quick-response team on call per region (police unit): read by anyone logged in (the desk needs
 * to know who is alerted), kept by the administrator. No personal data.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import {
  listQuickResponseTeams,
  removeQuickResponseTeam,
  setQuickResponseTeam,
} from "./quick-response.service";

const tags = ["Signals"];

const TeamSchema = z
  .object({
    policeUnitId: z.string(),
    policeUnitName: z.string(),
    team: z
      .object({
        organisationId: z.string().uuid(),
        organisationName: z.string(),
        teamName: z.string(),
        updatedAt: z.string(),
      })
      .nullable(),
  })
  .openapi("QuickResponseTeam");

const unitParam = z.object({
  policeUnitId: z
    .string()
    .min(1)
    .max(40)
    .openapi({ param: { name: "policeUnitId", in: "path" } }),
});

export function registerQuickResponseRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/quick-response-teams",
      tags,
      summary: "The quick-response team alerted for urgent signals, per region (police unit)",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(TeamSchema) }), "Teams per region") },
    }),
    async (c) => {
      requireSession(c);
      return c.json({ items: await listQuickResponseTeams(deps) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "put",
      path: "/quick-response-teams/{policeUnitId}",
      tags,
      summary: "Assign the quick-response team of a region (administrator)",
      security: [{ session: [] }],
      request: {
        params: unitParam,
        body: jsonBody(
          z
            .object({
              organisationId: z.string().uuid(),
              teamName: z.string().trim().min(2).max(120),
            })
            .openapi("SetQuickResponseTeam"),
        ),
      },
      responses: { 204: { description: "Saved" } },
    }),
    async (c) => {
      const view = requireSession(c, "reference:manage");
      await setQuickResponseTeam(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").policeUnitId,
        c.req.valid("json"),
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "delete",
      path: "/quick-response-teams/{policeUnitId}",
      tags,
      summary:
        "Remove the quick-response team of a region: urgent signals there ask the desk to alert by hand",
      security: [{ session: [] }],
      request: { params: unitParam },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      const view = requireSession(c, "reference:manage");
      await removeQuickResponseTeam(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").policeUnitId,
      );
      return c.body(null, 204);
    },
  );
}
