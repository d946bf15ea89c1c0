/**
 * @module partner.routes
 * The partner API: organisations' own systems submit signals with an API key (`X-Api-Key`), one at
 * a time or in bulk (JSON, or CSV by the published column spec), both honouring `Idempotency-Key`.
 * No cookie, so no CSRF token; each key is rate-limited. Registers the administrator's key routes too.
 */
import type { Context } from "hono";
import { apiKeyAuth, partnerOf, registerApiKeyRoutes } from "../accounts/api-keys.routes";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api, AppEnv } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { API_VERSION, fieldErrors } from "../platform/http/problem";
import { PARTNER_CSV_COLUMNS, parsePartnerCsv } from "./partner.csv";
import {
  BulkResultSchema,
  IDEMPOTENCY_KEY_PARAMETER,
  IdempotencyKeySchema,
  MAX_BULK_ROWS,
  PartnerBulkEnvelopeSchema,
  PartnerBulkSignalSchema,
  PartnerSignalSchema,
  PartnerSubmissionSchema,
} from "./partner.schema";
import {
  type BulkRow,
  IdempotencyKeyReusedError,
  type PartnerResponse,
  requestHash,
  submitPartnerBulk,
  submitPartnerSignal,
} from "./partner.service";

const tags = ["Partner API"];

const problem422 = {
  description: "The Idempotency-Key was already used for a different request.",
  content: {
    "application/problem+json": {
      schema: { $ref: "#/components/schemas/Problem" },
    },
  },
};

/** The Idempotency-Key header, checked by hand: it is documented as a plain header parameter. */
function idempotencyOf(
  c: Context<AppEnv>,
  { operation, contentType, body }: { operation: string; contentType: string; body: unknown },
) {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return null;
  const parsed = IdempotencyKeySchema.safeParse(key);
  if (!parsed.success)
    throw new AppError(
      "VALIDATION_FAILED",
      "De Idempotency-Key is ongeldig. / The Idempotency-Key is invalid.",
      {
        fields: fieldErrors(parsed.error.issues).map((f) => ({ ...f, field: "Idempotency-Key" })),
      },
    );
  return { key: parsed.data, requestHash: requestHash({ operation, contentType, body }) };
}

/** Answers a (possibly replayed) stored response, or the 422 problem for a reused key. */
async function respond(c: Context<AppEnv>, work: () => Promise<PartnerResponse>): Promise<Response> {
  try {
    const result = await work();
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "api-version": API_VERSION,
    };
    if (result.replayed) headers["idempotent-replayed"] = "true";
    return new Response(JSON.stringify(result.body), { status: result.status, headers });
  } catch (error) {
    if (!(error instanceof IdempotencyKeyReusedError)) throw error;
    const body = {
      type: "https://samen.example.nl/problems/idempotency-key-reused",
      title: "Idempotency-Key hergebruikt / Idempotency-Key reused",
      status: 422,
      detail: error.message,
      code: "IDEMPOTENCY_KEY_REUSED",
      instance: new URL(c.req.url).pathname,
      requestId: c.get("requestId"),
      invalidParams: [{ name: "Idempotency-Key", reason: "already used for a different request body" }],
    };
    return new Response(JSON.stringify(body), {
      status: 422,
      headers: { "content-type": "application/problem+json", "api-version": API_VERSION },
    });
  }
}

function jsonRows(signals: unknown[]): BulkRow[] {
  return signals.map((input, index) => ({
    row: index + 1,
    externalId:
      input && typeof input === "object" && typeof (input as { externalId?: unknown }).externalId === "string"
        ? (input as { externalId: string }).externalId
        : null,
    input,
    errors: [],
    columnOf: (path) => path || "(row)",
  }));
}

const CSV_DESCRIPTION = `CSV with a header row, comma- (or semicolon-) separated, UTF-8. Columns (only external_id is required; unknown columns refuse the file): ${PARTNER_CSV_COLUMNS.map(
  (col) => `${col.name}${col.required ? " (required)" : ""}: ${col.description.en}`,
).join("; ")}. At most ${MAX_BULK_ROWS} rows. See docs/partner-api.md.`;

export function registerPartnerRoutes(api: Api, deps: Deps): void {
  registerApiKeyRoutes(api, deps);
  const auth = apiKeyAuth(deps);
  api.openAPIRegistry.register("PartnerBulkSignal", PartnerBulkSignalSchema);

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals",
      tags,
      summary: "Submit one signal from your organisation's own system (API key)",
      description:
        "Stored for your organisation as channel partner_api and submitted at once to the signal desk. With an externalId already known, nothing is stored and the earlier signal is returned (200).",
      security: [{ apiKey: [] }],
      middleware: [auth],
      parameters: [IDEMPOTENCY_KEY_PARAMETER],
      request: { body: jsonBody(PartnerSignalSchema) },
      responses: {
        201: jsonResponse(PartnerSubmissionSchema, "Created and submitted"),
        200: jsonResponse(PartnerSubmissionSchema, "Already received under this externalId (or a replay)"),
        409: {
          description: "A request with this Idempotency-Key is still being processed.",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
        422: problem422,
      },
    }),
    async (c) => {
      const principal = partnerOf(c);
      const signal = c.req.valid("json");
      const idempotency = idempotencyOf(c, {
        operation: "POST /signals",
        contentType: "application/json",
        body: await c.req.json(),
      });
      return respond(c, () => submitPartnerSignal(deps, principal, { signal, idempotency })) as never;
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/bulk",
      tags,
      summary: "Submit many signals at once, as JSON or CSV (API key); a result per row",
      description:
        "Every row is stored in its own transaction: a row is all or nothing, good rows are stored even when others are bad. Rows need an externalId (CSV: external_id), so sending a file again never stores a row twice.",
      security: [{ apiKey: [] }],
      middleware: [auth],
      parameters: [IDEMPOTENCY_KEY_PARAMETER],
      request: {
        body: {
          required: true,
          description: "The signals, as JSON or as CSV",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["signals"],
                properties: {
                  signals: {
                    type: "array",
                    minItems: 1,
                    maxItems: MAX_BULK_ROWS,
                    items: { $ref: "#/components/schemas/PartnerBulkSignal" },
                  },
                },
              },
            },
            "text/csv": { schema: { type: "string", description: CSV_DESCRIPTION } },
          },
        },
      },
      responses: {
        200: jsonResponse(BulkResultSchema, "A result per row"),
        409: {
          description: "A request with this Idempotency-Key is still being processed.",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
        },
        422: problem422,
      },
    }),
    async (c) => {
      const principal = partnerOf(c);
      const contentType = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      const text = await c.req.text();
      let rows: BulkRow[];
      let idempotency: ReturnType<typeof idempotencyOf>;
      if (contentType === "text/csv") {
        idempotency = idempotencyOf(c, { operation: "POST /signals/bulk", contentType, body: text });
        rows = parsePartnerCsv(text);
      } else {
        const envelope = PartnerBulkEnvelopeSchema.safeParse(JSON.parse(text));
        if (!envelope.success)
          throw new AppError(
            "VALIDATION_FAILED",
            "De invoer is ongeldig; zie invalidParams. / The input is invalid; see invalidParams.",
            { fields: fieldErrors(envelope.error.issues) },
          );
        idempotency = idempotencyOf(c, { operation: "POST /signals/bulk", contentType, body: envelope.data });
        rows = jsonRows(envelope.data.signals);
      }
      return respond(c, () => submitPartnerBulk(deps, principal, { rows, idempotency })) as never;
    },
  );
}
