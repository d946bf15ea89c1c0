/**
 * @module partner.service
 * Signals from organisations' own systems: one at a time or in bulk, each stored as channel
 * `partner_api`, held by the key's organisation and submitted at once, so it lands on the desk's queue.
 *
 * Retries never duplicate, in two ways:
 * - `Idempotency-Key` (per organisation): the same key with the same request returns the stored
 *   response and stores nothing again; the same key with another request is refused.
 * - `externalId`: the partner's own identifier; a signal with a known one is reported as a
 *   duplicate, never stored twice (required for bulk rows).
 *
 * A bulk request stores every row in its own transaction: a row is all or nothing, and good rows are
 * stored even when others are bad. Each row gets a result: created, duplicate, invalid (with the
 * fields) or failed (a server error; safe to retry).
 */
import { createHash } from "node:crypto";
import type { z } from "@hono/zod-openapi";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findPartnerSubmission,
  purgeIdempotencyKeys,
  releaseIdempotencyKey,
  renewIdempotencyClaim,
} from "../accounts/api-keys.repository";
import type { PartnerPrincipal } from "../accounts/api-keys.service";
import { type Queryable, singleStatement, violatedConstraint } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, type FieldError } from "../platform/errors";
import {
  type BulkResult,
  PartnerBulkSignalSchema,
  type PartnerSignal,
  type RowResult,
} from "./partner.schema";
import { fileSubmittedSignal, isPseudonymTaken } from "./signal.service";

/** A claimed key without a response this old belongs to a request that died; a retry may take it over. */
const STALE_CLAIM_MS = 15 * 60_000;

/** How long a key and its stored response are kept (the stored response names external ids). */
export const IDEMPOTENCY_RETENTION_MS = 30 * 24 * 3_600_000;

/** The same Idempotency-Key was used for another request (answered 422 by the routes). */
export class IdempotencyKeyReusedError extends Error {
  override name = "IdempotencyKeyReusedError";
}

export type PartnerResponse = { status: number; body: unknown; replayed: boolean };

type Idempotency = { key: string; requestHash: string } | null;

/** JSON with sorted keys, so the same body hashes the same whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** What makes two requests "the same" for an idempotency key: operation, content type and body. */
export function requestHash(q: { operation: string; contentType: string; body: string | unknown }): string {
  const body = typeof q.body === "string" ? q.body : canonicalJson(q.body);
  return createHash("sha256").update(`${q.operation}\n${q.contentType}\n${body}`).digest("hex");
}

const reused = () =>
  new IdempotencyKeyReusedError(
    "Deze Idempotency-Key is al gebruikt voor een ander verzoek; kies een nieuwe sleutel. / This Idempotency-Key was already used for a different request; use a new key.",
  );

const inProgress = () =>
  new AppError(
    "CONFLICT",
    "Een verzoek met deze Idempotency-Key wordt nog verwerkt; probeer het zo opnieuw. / A request with this Idempotency-Key is still being processed; retry shortly.",
    { headers: { "retry-after": "5" } },
  );

/**
 * Claims the idempotency key for this request in `tx`: null when this request now holds it (new, or
 * a stale claim taken over), else the stored response to replay. A key used for another request, or
 * one still being processed, is refused. Keys older than the retention are forgotten first.
 */
async function claim(
  tx: Queryable,
  {
    deps,
    organisationId,
    idempotency,
  }: { deps: Deps; organisationId: string; idempotency: NonNullable<Idempotency> },
): Promise<PartnerResponse | null> {
  const at = deps.now();
  await purgeIdempotencyKeys(tx, {
    organisationId,
    before: new Date(at.getTime() - IDEMPOTENCY_RETENTION_MS),
  });
  const existing = await claimIdempotencyKey(tx, {
    organisationId,
    key: idempotency.key,
    requestHash: idempotency.requestHash,
    at,
  });
  if (!existing) return null;
  if (existing.request_hash !== idempotency.requestHash) throw reused();
  if (existing.response_status !== null)
    return { status: existing.response_status, body: existing.response_body, replayed: true };
  if (at.getTime() - existing.created_at.getTime() < STALE_CLAIM_MS) throw inProgress();
  await renewIdempotencyClaim(tx, { organisationId, key: idempotency.key, at });
  return null;
}

const intakeOf = (principal: PartnerPrincipal, externalId: string | undefined) => ({
  channel: "partner_api" as const,
  reporterUserId: null,
  auditDetails: { channel: "partner_api", apiKeyId: principal.apiKeyId },
  ...(externalId ? { partnerSubmission: { externalId, apiKeyId: principal.apiKeyId } } : {}),
});

/** Another request kept storing the same external id while we tried (answered 409 by the caller). */
class DuplicateRace extends Error {}

/** The write met an external id stored before: the primary key of partner_submissions refused it. */
const isKnownExternalId = (error: unknown) => violatedConstraint(error, "partner_submissions_pkey");

/**
 * Runs a signal's write optimistically first: the signal and its external id are written in one
 * statement, and a known external id makes it fail (writing nothing) instead of costing every
 * request a lookup. Then it runs again, looking the external id up first; a third time when another
 * request stored the same id between that look and the write (it has committed by then). A taken
 * pseudonym (rare) fails the statement too: that attempt is simply made again, with new ones.
 */
async function withIntakeRetries<T>(attempt: (lookFirst: boolean) => Promise<T>): Promise<T> {
  let lookFirst = false;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt(lookFirst);
    } catch (error) {
      const known = isKnownExternalId(error);
      if (!known && !isPseudonymTaken(error)) throw error;
      if (tries === 2) throw known ? new DuplicateRace() : error;
      lookFirst ||= known;
    }
  }
}

/**
 * Where a partner signal is written: in one statement without a transaction when nothing else is
 * written with it (no idempotency record, no external-id lookup first, no urgent alert), else in a
 * transaction.
 */
function writeSignal<T>(
  deps: Deps,
  how: { signal: PartnerSignal; lookFirst: boolean; idempotent: boolean },
  work: (q: Queryable) => Promise<T>,
): Promise<T> {
  const alone = !how.idempotent && !how.lookFirst && how.signal.urgency !== "immediate";
  return alone ? work(singleStatement(deps.db)) : deps.db.transaction(work);
}

/**
 * Stores one signal in the caller's transaction, or, with `lookFirst`, finds the one stored before
 * under its external id.
 */
async function storeSignal(
  tx: Queryable,
  {
    deps,
    principal,
    signal,
    lookFirst,
  }: { deps: Deps; principal: PartnerPrincipal; signal: PartnerSignal; lookFirst: boolean },
): Promise<{ status: "created" | "duplicate"; id: string; reference: string }> {
  const organisationId = principal.viewer.organisationId;
  const { externalId, ...draft } = signal;
  if (externalId && lookFirst) {
    const existing = await findPartnerSubmission(tx, { organisationId, externalId });
    if (existing) return { status: "duplicate", id: existing.signal_id, reference: existing.reference };
  }
  const filed = await fileSubmittedSignal(tx, {
    deps,
    viewer: principal.viewer,
    draft,
    intake: intakeOf(principal, externalId),
  });
  return { status: "created", id: filed.id, reference: filed.reference };
}

/** POST /signals with an API key: one signal, created (201) or found by its external id (200). */
export async function submitPartnerSignal(
  deps: Deps,
  principal: PartnerPrincipal,
  input: { signal: PartnerSignal; idempotency: Idempotency },
): Promise<PartnerResponse> {
  const organisationId = principal.viewer.organisationId;
  const { idempotency } = input;
  try {
    // Claim, signal and stored response commit together: a retry finds either all or nothing.
    // Without a claim, the signal alone is one statement: all or nothing by itself.
    return await withIntakeRetries((lookFirst) =>
      writeSignal(deps, { signal: input.signal, lookFirst, idempotent: !!idempotency }, async (tx) => {
        if (idempotency) {
          const replay = await claim(tx, { deps, organisationId, idempotency });
          if (replay) return replay;
        }
        const stored = await storeSignal(tx, { deps, principal, signal: input.signal, lookFirst });
        const status = stored.status === "created" ? 201 : 200;
        const body = { ...stored, externalId: input.signal.externalId ?? null };
        if (idempotency)
          await completeIdempotencyKey(tx, {
            organisationId,
            key: idempotency.key,
            status,
            body,
            at: deps.now(),
          });
        return { status, body, replayed: false };
      }),
    );
  } catch (error) {
    if (error instanceof DuplicateRace)
      throw new AppError(
        "CONFLICT",
        "Dezelfde externalId werd tegelijk ingediend; probeer het opnieuw. / The same externalId was submitted concurrently; retry.",
      );
    throw error;
  }
}

/** One row of a bulk request, as read from JSON or CSV. */
export type BulkRow = {
  row: number;
  line?: number;
  externalId: string | null;
  input: unknown;
  /** Errors found while reading the row (CSV), before the schema sees it. */
  errors: FieldError[];
  /** How a schema path is named to the partner (a CSV column, or the JSON path). */
  columnOf(path: string): string;
};

function issuesOf(row: BulkRow, issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((i) => ({ field: row.columnOf(i.path.map(String).join(".")), message: i.message }));
}

async function processRow({
  deps,
  principal,
  row,
}: {
  deps: Deps;
  principal: PartnerPrincipal;
  row: BulkRow;
}): Promise<RowResult> {
  const base = { row: row.row, ...(row.line ? { line: row.line } : {}), externalId: row.externalId };
  const parsed = PartnerBulkSignalSchema.safeParse(row.input);
  const errors = [...row.errors, ...(parsed.success ? [] : issuesOf(row, parsed.error.issues))];
  if (errors.length || !parsed.success) return { ...base, status: "invalid", errors };
  try {
    const stored = await withIntakeRetries((lookFirst) =>
      writeSignal(deps, { signal: parsed.data, lookFirst, idempotent: false }, (q) =>
        storeSignal(q, { deps, principal, signal: parsed.data, lookFirst }),
      ),
    );
    return { ...base, status: stored.status, signalId: stored.id, reference: stored.reference };
  } catch (error) {
    if (error instanceof DuplicateRace) {
      const existing = await findPartnerSubmission(deps.db, {
        organisationId: principal.viewer.organisationId,
        externalId: parsed.data.externalId,
      });
      if (existing)
        return { ...base, status: "duplicate", signalId: existing.signal_id, reference: existing.reference };
    }
    if (error instanceof AppError && error.code === "VALIDATION_FAILED")
      return {
        ...base,
        status: "invalid",
        errors: (error.fields ?? [{ field: "(row)", message: error.message }]).map((f) => ({
          field: row.columnOf(f.field),
          message: f.message,
        })),
      };
    deps.logger.error("partner.row_failed", {
      requestId: principal.viewer.requestId,
      row: row.row,
      error: (error as Error).name,
    });
    return {
      ...base,
      status: "failed",
      errors: [{ field: "(row)", message: "not stored because of a server error; retry this row" }],
    };
  }
}

/** POST /signals/bulk with an API key: every row in its own transaction, with a result per row. */
export async function submitPartnerBulk(
  deps: Deps,
  principal: PartnerPrincipal,
  input: { rows: BulkRow[]; idempotency: Idempotency },
): Promise<PartnerResponse> {
  const organisationId = principal.viewer.organisationId;
  const { idempotency } = input;
  if (idempotency) {
    const replay = await deps.db.transaction((tx) => claim(tx, { deps, organisationId, idempotency }));
    if (replay) return replay;
  }
  try {
    const results: RowResult[] = [];
    for (const row of input.rows) results.push(await processRow({ deps, principal, row }));
    const count = (status: RowResult["status"]) => results.filter((r) => r.status === status).length;
    const body: BulkResult = {
      summary: {
        rows: results.length,
        created: count("created"),
        duplicate: count("duplicate"),
        invalid: count("invalid"),
        failed: count("failed"),
      },
      results,
    };
    // A failed row is worth retrying with the same key: then the request is processed again (the rows
    // stored now come back as duplicates) instead of replaying the failure.
    if (idempotency && body.summary.failed > 0)
      await releaseIdempotencyKey(deps.db, { organisationId, key: idempotency.key });
    else if (idempotency)
      await completeIdempotencyKey(deps.db, {
        organisationId,
        key: idempotency.key,
        status: 200,
        body,
        at: deps.now(),
      });
    return { status: 200, body, replayed: false };
  } catch (error) {
    // Rows already stored stay stored (their external ids make a retry report them as duplicates).
    if (idempotency) await releaseIdempotencyKey(deps.db, { organisationId, key: idempotency.key });
    throw error;
  }
}
