/**
 * @module openapi
 * `defineRoute` wraps createRoute so every operation documents what the Dutch API Design Rules
 * require: the API-Version header on success responses and problem+json error responses
 * (400 on every operation that takes input, plus 401/403/404/500 where they apply).
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors";
import { ProblemSchema } from "./problem";

type RouteConfig = Parameters<typeof createRoute>[0];

const versionHeader = {
  "API-Version": {
    description: "Full version of the API (semver).",
    schema: { type: "string" as const, example: "1.0.0" },
  },
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

export const STANDARD_ERRORS = {
  400: problem("Invalid input; `invalidParams` names the offending fields."),
  401: problem("Not authenticated."),
  403: problem("Forbidden, or CSRF check failed."),
  404: problem("Not found, or no access (the two answer the same)."),
  429: problem("Too many requests."),
  500: problem("Internal error; quote the request id."),
};

/** OpenAPI extension that marks operations returning personal data (the cross-organisation access suite covers each). */
export const PERSONAL_DATA_EXTENSION = "x-samen-personal-data";

export function defineRoute<R extends RouteConfig>(
  config: R & { public?: boolean; personalData?: boolean },
): R {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(config.responses)) {
    const isSuccess = /^[23]/.test(status);
    responses[status] = isSuccess
      ? {
          ...(response as object),
          headers: { ...versionHeader, ...((response as { headers?: object }).headers ?? {}) },
        }
      : response;
  }
  for (const [status, response] of Object.entries(STANDARD_ERRORS)) {
    if (config.public && (status === "401" || status === "403")) continue;
    responses[status] ??= response;
  }
  const bodyTypes = Object.keys(
    (config.request?.body as { content?: Record<string, unknown> } | undefined)?.content ?? {},
  );
  if (bodyTypes.length)
    responses["415"] ??= problem("The body has another content type than this operation accepts.");
  const { public: _public, personalData, ...rest } = config;
  const middleware = bodyTypes.length
    ? [requireContentType(bodyTypes), ...toArray(config.middleware)]
    : config.middleware;
  return createRoute({
    ...rest,
    responses,
    ...(middleware ? { middleware } : {}),
    ...(personalData ? { [PERSONAL_DATA_EXTENSION]: true } : {}),
  } as R) as R;
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The validators skip a body whose content type they do not handle, so the route would see no body
 * at all; refuse such requests before they get there.
 */
function requireContentType(types: string[]): MiddlewareHandler {
  return async (c, next) => {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!types.includes(type)) {
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `Stuur de body als ${types.join(" of ")}. / Send the body as ${types.join(" or ")}.`,
        {
          fields: [
            { field: "content-type", message: `expected ${types.join(" or ")}, got ${type || "none"}` },
          ],
        },
      );
    }
    await next();
  };
}

/** A JSON body description for `defineRoute`. */
export function jsonBody<S extends z.ZodType>(schema: S, description = "Request body") {
  return { required: true, description, content: { "application/json": { schema } } };
}

/** A JSON success response for `defineRoute`. */
export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { "application/json": { schema } } };
}

export { z };
