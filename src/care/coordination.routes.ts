/**
 * @module coordination.routes
 * Who coordinates care where, and the national coverage report (the programme's aim: a
 * nationwide network of care coordinators).
 */
import { z } from "@hono/zod-openapi";
import { actorOf } from "../accounts/accounts.routes";
import { requireSession } from "../accounts/auth.middleware";
import { appendAudit } from "../audit/audit.repository";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import {
  activeCoordinatorsByRegion,
  listRegionCoordinators,
  municipalityRegions,
  upsertRegionCoordinator,
} from "./coordination.repository";
import { coverageReport } from "./coordination.rules";

const tags = ["Care coordination"];

const CoordinatorSchema = z
  .object({
    careRegionCode: z.string(),
    organisationId: z.string().uuid(),
    organisationName: z.string(),
    minAge: z.number().int().nullable(),
    maxAge: z.number().int().nullable(),
    active: z.boolean(),
  })
  .openapi("CareRegionCoordinator");

const SetCoordinatorSchema = z
  .object({
    careRegionCode: z.string().min(1).max(64),
    organisationId: z.string().uuid(),
    minAge: z.number().int().min(0).max(120).nullable().default(null),
    maxAge: z.number().int().min(0).max(120).nullable().default(null),
    active: z.boolean().default(true),
  })
  .refine((c) => c.minAge === null || c.maxAge === null || c.minAge <= c.maxAge, {
    message: "minAge must not exceed maxAge",
    path: ["maxAge"],
  })
  .openapi("SetCareRegionCoordinator");

export function registerCoordinationRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/care-coordinators",
      tags,
      summary: "Coordinating organisations per care-coordination region",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(CoordinatorSchema) }), "Coordinators") },
    }),
    async (c) => {
      requireSession(c);
      const rows = await listRegionCoordinators(deps.db);
      return c.json(
        {
          items: rows.map((r) => ({
            careRegionCode: r.care_region_code,
            organisationId: r.organisation_id,
            organisationName: r.organisation_name,
            minAge: r.min_age,
            maxAge: r.max_age,
            active: r.active,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "put",
      path: "/care-coordinators",
      tags,
      summary: "Set (or deactivate) an organisation as coordinator of a region (administrator)",
      security: [{ session: [] }],
      request: { body: jsonBody(SetCoordinatorSchema) },
      responses: { 204: { description: "Saved" } },
    }),
    async (c) => {
      const view = requireSession(c, "reference:manage");
      const body = c.req.valid("json");
      await deps.db.transaction(async (tx) => {
        const [region] = await tx.query("select 1 from care_regions where code = $1", [body.careRegionCode]);
        if (!region)
          throw new AppError("VALIDATION_FAILED", "Onbekende zorgregio. / Unknown care region.", {
            fields: [{ field: "careRegionCode", message: "unknown care region" }],
          });
        const [org] = await tx.query<{ type: string }>("select type from organisations where id = $1", [
          body.organisationId,
        ]);
        if (!org)
          throw new AppError("VALIDATION_FAILED", "Onbekende organisatie. / Unknown organisation.", {
            fields: [{ field: "organisationId", message: "unknown organisation" }],
          });
        if (!["care_provider", "municipality", "youth_care"].includes(org.type)) {
          throw new AppError(
            "VALIDATION_FAILED",
            "Alleen zorg-, jeugdzorg- of gemeentelijke organisaties coördineren zorg. / Only care, youth-care or municipal organisations coordinate care.",
            { fields: [{ field: "organisationId", message: `type ${org.type} cannot coordinate care` }] },
          );
        }
        await upsertRegionCoordinator(tx, {
          regionCode: body.careRegionCode,
          organisationId: body.organisationId,
          minAge: body.minAge,
          maxAge: body.maxAge,
          active: body.active,
          by: view.user.id,
          at: deps.now(),
        });
        const actor = actorOf(c, view);
        await appendAudit(tx, {
          actorUserId: actor.userId,
          actorOrganisationId: actor.organisationId,
          requestId: actor.requestId,
          action: "care_coordinator.set",
          objectType: "care_region",
          objectId: body.careRegionCode,
          purpose: "administration",
          details: { organisationId: body.organisationId, active: body.active },
        });
      });
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/care-coordination/coverage",
      tags,
      summary: "National coverage: municipalities and regions without an active care coordinator",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(
          z.object({
            municipalityCount: z.number().int(),
            coveredCount: z.number().int(),
            coveredShare: z.number(),
            municipalitiesWithoutRegion: z.array(z.string()),
            municipalitiesWithoutCoordinator: z.array(z.string()),
            regionsWithoutCoordinator: z.array(z.string()),
            byRegion: z.array(
              z.object({
                regionCode: z.string(),
                municipalities: z.number().int(),
                activeCoordinators: z.number().int(),
              }),
            ),
          }),
          "Coverage report",
        ),
      },
    }),
    async (c) => {
      requireSession(c);
      const { municipalities, regionLookup, regions } = await municipalityRegions(deps.db);
      return c.json(
        coverageReport({
          municipalities,
          regionLookup,
          regions,
          activeCoordinatorsByRegion: await activeCoordinatorsByRegion(deps.db),
        }),
        200,
      );
    },
  );
}
