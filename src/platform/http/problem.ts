/**
 * @module problem
 * RFC 9457 problem details: the one shape of every error response, with a stable `code`.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from "../errors";

export const API_VERSION = "1.0.0";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "https://samen.example.nl/problems/validation-failed" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({
      description: "Stable error code (see src/platform/errors.ts)",
      example: "VALIDATION_FAILED",
    }),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    invalidParams: z
      .array(z.object({ name: z.string(), reason: z.string() }))
      .optional()
      .openapi({ description: "For validation errors: the offending fields." }),
  })
  .openapi("Problem");
export type Problem = z.infer<typeof ProblemSchema>;

export function problemBody(
  code: ErrorCode,
  detail: string,
  extra: { fields?: FieldError[]; requestId?: string; instance?: string } = {},
): Problem {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `https://samen.example.nl/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    detail,
    code,
    instance: extra.instance,
    requestId: extra.requestId,
    invalidParams: extra.fields?.map((f) => ({ name: f.field, reason: f.message })),
  };
}

export function problemResponse(c: Context, error: AppError): Response {
  const body = problemBody(error.code, error.message, {
    fields: error.fields,
    requestId: c.get("requestId") as string | undefined,
    instance: new URL(c.req.url).pathname,
  });
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    "api-version": API_VERSION,
    ...error.headers,
  };
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

/** Turns zod issues into field errors with dotted paths. */
export function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((i) => ({ field: i.path.map(String).join(".") || "(body)", message: i.message }));
}

export { AppError };
