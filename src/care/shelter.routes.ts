/**
 * @module shelter.routes
 * Shelter places and placements.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { EXPLOITATION_FORMS, GENDERS } from "../signals/signal.vocabulary";
import {
  ACCESSIBILITY_FEATURES,
  AGE_CATEGORIES,
  DECLINE_REASONS,
  DISCHARGE_REASONS,
  SHELTER_PLACE_TYPES,
} from "./care.vocabulary";
import {
  decidePlacement,
  listPlacements,
  listPlaces,
  moveInOrOut,
  requestPlacement,
  requestPlacements,
  savePlace,
  searchPlaces,
} from "./shelter.service";

const tags = ["Shelters"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});
const Open = z.record(z.string(), z.unknown());
const lang = z.string().regex(/^[a-z]{2,3}$/, "ISO 639 code");

const PlaceSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    placeType: z.enum(SHELTER_PLACE_TYPES),
    careRegionCode: z.string().max(64).nullable().optional(),
    capacity: z.number().int().min(0).max(10_000),
    genders: z.array(z.enum(GENDERS)).default([]),
    minAge: z.number().int().min(0).max(120).default(0),
    maxAge: z.number().int().min(0).max(120).nullable().default(null),
    forms: z.array(z.enum(EXPLOITATION_FORMS)).default([]),
    languages: z.array(lang).max(30).default([]),
    accessibility: z.array(z.enum(ACCESSIBILITY_FEATURES)).default([]),
    acceptsChildren: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .refine((p) => p.maxAge === null || p.maxAge >= p.minAge, {
    message: "maxAge must not be below minAge",
    path: ["maxAge"],
  })
  .openapi("ShelterPlaceInput");

const SearchSchema = z
  .object({
    gender: z.enum(GENDERS),
    age: z.number().int().min(0).max(120).nullable().default(null),
    ageCategory: z.enum(AGE_CATEGORIES).default("unknown"),
    forms: z.array(z.enum(EXPLOITATION_FORMS)).default([]),
    languages: z.array(lang).default([]),
    accessibilityNeeds: z.array(z.enum(ACCESSIBILITY_FEATURES)).default([]),
    accompanyingChildren: z.number().int().min(0).max(20).default(0),
    acceptableTypes: z.array(z.enum(SHELTER_PLACE_TYPES)).default([]),
    preferredRegions: z.array(z.string()).default([]),
    avoidRegions: z.array(z.string()).default([]),
  })
  .openapi("ShelterPlaceSearch");

export function registerShelterRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/shelter-places",
      tags,
      summary: "Shelter places with live occupancy",
      security: [{ session: [] }],
      request: { query: z.object({ mine: z.enum(["true", "false"]).default("false") }) },
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Places") },
    }),
    async (c) => {
      const view = requireSession(c);
      return c.json(
        {
          items: await listPlaces(
            deps,
            c.req.valid("query").mine === "true" ? view.organisation.id : undefined,
          ),
        },
        200,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/shelter-places",
      tags,
      summary: "Publish a place (shelter)",
      security: [{ session: [] }],
      request: { body: jsonBody(PlaceSchema) },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Published") },
    }),
    async (c) => {
      const view = requireSession(c, "shelter:manage");
      return c.json(
        { id: await savePlace(deps, viewerOf(view, c.get("requestId")), c.req.valid("json")) },
        201,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "put",
      path: "/shelter-places/{id}",
      tags,
      summary: "Update a place (shelter)",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(PlaceSchema) },
      responses: { 204: { description: "Saved" } },
    }),
    async (c) => {
      const view = requireSession(c, "shelter:manage");
      await savePlace(deps, viewerOf(view, c.get("requestId")), c.req.valid("json"), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/shelter-place-searches",
      tags,
      summary: "Find places that fit a person's needs, with reasons (care coordinator)",
      security: [{ session: [] }],
      request: { body: jsonBody(SearchSchema) },
      responses: {
        200: jsonResponse(
          z.object({ matches: z.array(Open), mismatches: z.array(Open) }),
          "Fitting and non-fitting places",
        ),
      },
    }),
    async (c) => {
      requireSession(c, "cases:manage");
      return c.json(await searchPlaces(deps, c.req.valid("json")), 200);
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/cases/{id}/placements",
      tags,
      summary: "Request a place for the case's victim",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(z.object({ placeId: z.string().uuid() }).openapi("PlacementRequest")),
      },
      responses: { 201: jsonResponse(z.object({ id: z.string().uuid() }), "Requested") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        {
          id: await requestPlacement(
            deps,
            viewerOf(view, c.get("requestId")),
            c.req.valid("param").id,
            c.req.valid("json").placeId,
          ),
        },
        201,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/placements",
      tags,
      summary:
        "Request the same place for several of your cases at once (temporary shelter for a large group); all or nothing",
      security: [{ session: [] }],
      request: {
        body: jsonBody(
          z
            .object({
              placeId: z.string().uuid(),
              caseIds: z.array(z.string().uuid()).min(1).max(250),
            })
            .openapi("GroupPlacementRequest"),
        ),
      },
      responses: { 201: jsonResponse(z.object({ ids: z.array(z.string().uuid()) }), "Requested") },
    }),
    async (c) => {
      const view = requireSession(c, "cases:manage");
      return c.json(
        { ids: await requestPlacements(deps, viewerOf(view, c.get("requestId")), c.req.valid("json")) },
        201,
      );
    },
  );
  api.openapi(
    defineRoute({
      method: "get",
      path: "/placements",
      tags,
      summary: "Placements your organisation requested or received",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(Open) }), "Placements") },
    }),
    async (c) => {
      const view = requireSession(c);
      return c.json({ items: await listPlacements(deps, viewerOf(view, c.get("requestId"))) }, 200);
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/placements/{id}/decision",
      tags,
      summary: "Accept (reserves a bed) or decline with a reason (shelter)",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(
          z
            .object({
              accept: z.boolean(),
              reason: z.enum(DECLINE_REASONS).optional(),
              note: z.string().max(2000).optional(),
            })
            .refine((d) => d.accept || d.reason, { message: "a decline states its reason", path: ["reason"] })
            .openapi("PlacementDecision"),
        ),
      },
      responses: { 204: { description: "Decided" } },
    }),
    async (c) => {
      const view = requireSession(c, "shelter:manage");
      await decidePlacement(
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
      path: "/placements/{id}/admission",
      tags,
      summary: "Admit the person (shelter)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 204: { description: "Admitted" } },
    }),
    async (c) => {
      const view = requireSession(c, "shelter:manage");
      await moveInOrOut(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, { kind: "admit" });
      return c.body(null, 204);
    },
  );
  api.openapi(
    defineRoute({
      method: "post",
      path: "/placements/{id}/discharge",
      tags,
      summary: "Discharge with a reason (shelter)",
      security: [{ session: [] }],
      request: {
        params: IdParams,
        body: jsonBody(z.object({ reason: z.enum(DISCHARGE_REASONS) }).openapi("PlacementDischarge")),
      },
      responses: { 204: { description: "Discharged" } },
    }),
    async (c) => {
      const view = requireSession(c, "shelter:manage");
      await moveInOrOut(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id, {
        kind: "discharge",
        reason: c.req.valid("json").reason,
      });
      return c.body(null, 204);
    },
  );
}
