/**
 * @module partner.schema
 * Request and response shapes of the partner API: a signal from an organisation's own system is a
 * SignalDraft plus the partner's own identifier of it (`externalId`), which makes repeated uploads
 * harmless. Bulk requests are checked row by row, so their envelope accepts any row here.
 */
import { z } from "@hono/zod-openapi";
import { SignalDraftSchema } from "./signal.schema";

/** Most rows in one bulk request (JSON or CSV); larger batches are split by the partner. */
export const MAX_BULK_ROWS = 1000;

export const ExternalIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, "1–100 characters: letters, digits and . _ : / -")
  .openapi({
    description:
      "The partner system's own identifier of this signal (a case or alert number, never a name). Unique per organisation: a signal with a known externalId is not stored again.",
    example: "ALERT-2026-00042",
  });

export const PartnerSignalSchema = SignalDraftSchema.extend({
  externalId: ExternalIdSchema.optional(),
}).openapi("PartnerSignal");
export type PartnerSignal = z.infer<typeof PartnerSignalSchema>;

/** A row of a bulk request: the external id is required, so a retried file never stores a row twice. */
export const PartnerBulkSignalSchema = SignalDraftSchema.extend({ externalId: ExternalIdSchema }).openapi(
  "PartnerBulkSignal",
);

export const PartnerBulkEnvelopeSchema = z.object({
  signals: z.array(z.unknown()).min(1).max(MAX_BULK_ROWS),
});

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, "1–255 visible ASCII characters");

/** The Idempotency-Key header, documented on both partner operations. */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  description:
    "A unique value per logical request (e.g. a UUID). A retry with the same key and the same body returns the original response and stores nothing again; the same key with another body is refused with 422. Keys are kept per organisation.",
  schema: {
    type: "string" as const,
    minLength: 1,
    maxLength: 255,
    example: "4f1c2a9e-0d47-4e7b-9d2b-6f3f1a0c8e11",
  },
};

export const PartnerSubmissionSchema = z
  .object({
    status: z.enum(["created", "duplicate"]),
    id: z.string().uuid(),
    reference: z.string().openapi({ example: "S-2026-000123" }),
    externalId: z.string().nullable(),
  })
  .openapi("PartnerSubmission");

export const RowResultSchema = z
  .object({
    row: z.number().int().openapi({ description: "1-based position of the row among the data rows" }),
    line: z
      .number()
      .int()
      .optional()
      .openapi({ description: "CSV only: the line in the file where the row starts (the header is line 1)" }),
    externalId: z.string().nullable(),
    status: z.enum(["created", "duplicate", "invalid", "failed"]).openapi({
      description:
        "created: stored now; duplicate: a signal with this externalId was stored before (nothing stored now); invalid: see errors, nothing stored; failed: not stored because of a server error, safe to retry",
    }),
    signalId: z.string().uuid().optional(),
    reference: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z.string().openapi({ description: "CSV column name, or the JSON path of the field" }),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .openapi("PartnerRowResult");
export type RowResult = z.infer<typeof RowResultSchema>;

export const BulkResultSchema = z
  .object({
    summary: z.object({
      rows: z.number().int(),
      created: z.number().int(),
      duplicate: z.number().int(),
      invalid: z.number().int(),
      failed: z.number().int(),
    }),
    results: z.array(RowResultSchema),
  })
  .openapi("PartnerBulkResult");
export type BulkResult = z.infer<typeof BulkResultSchema>;
