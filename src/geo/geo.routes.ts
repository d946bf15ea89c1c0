/**
 * @module geo.routes
 * Reference geography: municipalities, safety regions, police units, care-coordination and RIEC
 * regions (replaceable by an administrator), and municipal boundaries for maps.
 */
import fs from "node:fs";
import { z } from "@hono/zod-openapi";
import { actorOf } from "../accounts/accounts.routes";
import { requireSession } from "../accounts/auth.middleware";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { BOUNDARIES_FILE, RegionSetSchema } from "./geo.reference";
import { listMunicipalities, listPoliceUnits, listRegions, listSafetyRegions } from "./geo.repository";
import { importRegionSet } from "./geo.service";

const tags = ["Geography"];

const MunicipalitySchema = z
  .object({
    code: z.string().openapi({ example: "GM0363" }),
    name: z.string(),
    displayName: z.string().nullable(),
    province: z.string(),
    safetyRegionCode: z.string(),
    policeUnitId: z.string(),
    careRegionCode: z.string().nullable(),
    riecRegionCode: z.string().nullable(),
  })
  .openapi("Municipality");

const RegionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    isExample: z.boolean(),
    source: z.string(),
    municipalities: z.array(z.string()),
  })
  .openapi("Region");

// Defined in the pure module with plain zod, so it is documented inline rather than as a named component.
const RegionSetBodySchema = RegionSetSchema;

export function registerGeoRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/municipalities",
      tags,
      public: true,
      summary: "Municipalities (CBS 2023 division) with their regions",
      responses: { 200: jsonResponse(z.object({ items: z.array(MunicipalitySchema) }), "Municipalities") },
    }),
    async (c) => c.json({ items: await listMunicipalities(deps.db) }, 200),
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/safety-regions",
      tags,
      public: true,
      summary: "The 25 safety regions",
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                province: z.string(),
                policeUnitId: z.string(),
              }),
            ),
          }),
          "Safety regions",
        ),
      },
    }),
    async (c) => c.json({ items: await listSafetyRegions(deps.db) }, 200),
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/police-units",
      tags,
      public: true,
      summary: "The 10 regional police units",
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }),
          "Police units",
        ),
      },
    }),
    async (c) => c.json({ items: await listPoliceUnits(deps.db) }, 200),
  );

  for (const kind of ["care_regions", "riec_regions"] as const) {
    const path = kind === "care_regions" ? "/care-regions" : "/riec-regions";
    const label = kind === "care_regions" ? "care-coordination regions" : "RIEC regions";
    api.openapi(
      defineRoute({
        method: "get",
        path,
        tags,
        public: true,
        summary: `The ${label} (reference data; an example set until an administrator replaces it)`,
        responses: { 200: jsonResponse(z.object({ items: z.array(RegionSchema) }), label) },
      }),
      async (c) => c.json({ items: await listRegions(deps.db, kind) }, 200),
    );
    api.openapi(
      defineRoute({
        method: "put",
        path,
        tags,
        summary: `Replace the ${label} (administrator)`,
        security: [{ session: [] }],
        request: { body: jsonBody(RegionSetBodySchema) },
        responses: { 200: jsonResponse(z.object({ items: z.array(RegionSchema) }), "Replaced") },
      }),
      async (c) => {
        const view = requireSession(c, "reference:manage");
        const body = c.req.valid("json");
        await importRegionSet(deps.db, actorOf(c, view), { ...body, kind });
        return c.json({ items: await listRegions(deps.db, kind) }, 200);
      },
    );
  }

  let boundaries: string | undefined;
  api.openapi(
    defineRoute({
      method: "get",
      path: "/boundaries",
      tags,
      public: true,
      summary: "Municipal and safety-region boundaries, TopoJSON (Bron: CBS, PDOK; 2023 division)",
      responses: {
        200: jsonResponse(z.object({ type: z.literal("Topology") }).passthrough(), "TopoJSON topology"),
      },
    }),
    (c) => {
      boundaries ??= fs.readFileSync(BOUNDARIES_FILE, "utf8");
      // The file is served as is (168 kB); parsing it only to re-serialise would waste time.
      const response = c.body(boundaries, 200, {
        "content-type": "application/json",
        "cache-control": "public, max-age=86400",
      });
      return response as unknown as ReturnType<typeof c.json<{ type: "Topology" }, 200>>;
    },
  );
}
