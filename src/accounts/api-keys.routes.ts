/**
 * @module api-keys.routes
 * API keys for partner systems (administrator: create — the key is shown once —, list, revoke), and
 * the `X-Api-Key` authentication that partner routes use. Partner requests carry no cookie, so no
 * CSRF token either; each key is rate-limited in memory.
 */
import { z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler } from "hono";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api, AppEnv } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { createRateLimiter, type RateLimiter } from "../platform/http/rate-limit";
import { actorOf } from "./accounts.routes";
import {
  authenticateApiKey,
  createApiKey,
  listOrganisationApiKeys,
  type PartnerPrincipal,
  revokeOrganisationApiKey,
} from "./api-keys.service";
import { requireSession } from "./auth.middleware";

const tags = ["Accounts"];

/** Requests per key per minute: far above what a partner's batch job needs (a bulk file counts once). */
export const PARTNER_REQUESTS_PER_MINUTE = 600;

const principals = new WeakMap<Request, PartnerPrincipal>();

/**
 * Authenticates `X-Api-Key`: a missing, unknown or revoked key answers 401 problem+json, a key over
 * its rate 429. The principal is then available through `partnerOf(c)`.
 */
export function apiKeyAuth(
  deps: Deps,
  limiter: RateLimiter = createRateLimiter({ limit: PARTNER_REQUESTS_PER_MINUTE, windowMs: 60_000 }),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("x-api-key")?.trim();
    const principal = key ? await authenticateApiKey(deps, { key, requestId: c.get("requestId") }) : null;
    if (!principal)
      throw new AppError(
        "UNAUTHENTICATED",
        "Geen geldige API-sleutel in X-Api-Key. / No valid API key in X-Api-Key.",
        { headers: { "www-authenticate": 'ApiKey header="X-Api-Key"' } },
      );
    if (!limiter.hit(principal.apiKeyId, deps.now().getTime()))
      throw new AppError(
        "TOO_MANY_ATTEMPTS",
        "Te veel verzoeken met deze sleutel; wacht een minuut. / Too many requests with this key; wait a minute.",
        { headers: { "retry-after": "60" } },
      );
    principals.set(c.req.raw, principal);
    await next();
  };
}

/** The partner system calling this route (after `apiKeyAuth`). */
export function partnerOf(c: Context<AppEnv>): PartnerPrincipal {
  const principal = principals.get(c.req.raw);
  if (!principal) throw new AppError("UNAUTHENTICATED", "Geen API-sleutel. / No API key.");
  return principal;
}

const ApiKeySchema = z
  .object({
    id: z.string().uuid(),
    organisationId: z.string().uuid(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The first characters of the key, to tell keys apart" }),
    createdBy: z.string().uuid(),
    createdAt: z.string().datetime(),
    revokedAt: z.string().datetime().nullable(),
    lastUsedAt: z.string().datetime().nullable(),
  })
  .openapi("ApiKey");

const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The key itself: shown this once, never again" }),
}).openapi("CreatedApiKey");

const CreateApiKeySchema = z
  .object({ name: z.string().trim().min(1).max(200).openapi({ example: "Politie meldingskoppeling" }) })
  .openapi("CreateApiKey");

const OrganisationParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});
const KeyParams = OrganisationParams.extend({
  keyId: z
    .string()
    .uuid()
    .openapi({ param: { name: "keyId", in: "path" } }),
});

export function registerApiKeyRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "post",
      path: "/organisations/{id}/api-keys",
      tags,
      summary: "Create an API key for the organisation's own system (administrator); the key is shown once",
      security: [{ session: [] }],
      request: { params: OrganisationParams, body: jsonBody(CreateApiKeySchema) },
      responses: { 201: jsonResponse(CreatedApiKeySchema, "Created; store the key now") },
    }),
    async (c) => {
      const view = requireSession(c, "organisations:manage");
      const created = await createApiKey(deps, actorOf(c, view), {
        organisationId: c.req.valid("param").id,
        name: c.req.valid("json").name,
        createdBy: view.user.id,
      });
      c.header("cache-control", "no-store");
      return c.json(created, 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/organisations/{id}/api-keys",
      tags,
      summary: "The organisation's API keys (administrator); never the keys themselves",
      security: [{ session: [] }],
      request: { params: OrganisationParams },
      responses: { 200: jsonResponse(z.object({ items: z.array(ApiKeySchema) }), "API keys") },
    }),
    async (c) => {
      requireSession(c, "organisations:manage");
      return c.json({ items: await listOrganisationApiKeys(deps, c.req.valid("param").id) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "delete",
      path: "/organisations/{id}/api-keys/{keyId}",
      tags,
      summary: "Revoke an API key (administrator); it stops working at once",
      security: [{ session: [] }],
      request: { params: KeyParams },
      responses: { 204: { description: "Revoked" } },
    }),
    async (c) => {
      const view = requireSession(c, "organisations:manage");
      const { id, keyId } = c.req.valid("param");
      await revokeOrganisationApiKey(deps, actorOf(c, view), { organisationId: id, keyId });
      return c.body(null, 204);
    },
  );
}
