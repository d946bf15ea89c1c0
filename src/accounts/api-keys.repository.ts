/**
 * @module api-keys.repository
 * All SQL of the partner API's bookkeeping: API keys, the idempotency records of partner requests,
 * and the partner's own identifiers of submitted signals. A key is stored as its SHA-256 only; the
 * prefix lets people tell keys apart without revealing them.
 */
import type { Queryable } from "../platform/db/database";

export type ApiKeyRow = {
  id: string;
  organisation_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

const COLUMNS = "id, organisation_id, name, prefix, created_by, created_at, revoked_at, last_used_at";

export async function insertApiKey(
  tx: Queryable,
  k: { organisationId: string; name: string; keyHash: string; prefix: string; createdBy: string; at: Date },
): Promise<ApiKeyRow> {
  const [row] = await tx.query<ApiKeyRow>(
    `insert into api_keys (organisation_id, name, key_hash, prefix, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [k.organisationId, k.name, k.keyHash, k.prefix, k.createdBy, k.at.toISOString()],
  );
  return row!;
}

export async function listApiKeys(db: Queryable, organisationId: string): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(
    `select ${COLUMNS} from api_keys where organisation_id = $1 order by created_at, id`,
    [organisationId],
  );
}

/** What a request needs of the active key it presents: the key, its accountable user and organisation. */
export type ActiveApiKey = {
  id: string;
  created_by: string;
  organisation_id: string;
  organisation_type: string;
};

/**
 * The active (not revoked) key with this hash and its organisation, recording its use in the same
 * statement at minute granularity, so a busy partner does not write on every request. One round
 * trip per request: this runs before every partner call.
 */
export async function findActiveApiKeyForUse(
  db: Queryable,
  keyHash: string,
  at: Date,
): Promise<ActiveApiKey | null> {
  const [row] = await db.query<ActiveApiKey>(
    `with k as (
       select k.id, k.created_by, o.id as organisation_id, o.type as organisation_type
       from api_keys k join organisations o on o.id = k.organisation_id
       where k.key_hash = $1 and k.revoked_at is null
     ), touched as (
       update api_keys set last_used_at = $2
       where id = (select id from k)
         and (last_used_at is null or last_used_at < $2::timestamptz - interval '1 minute')
     )
     select * from k`,
    [keyHash, at.toISOString()],
  );
  return row ?? null;
}

/** Revokes a key of the organisation; false when there is no such active key. */
export async function revokeApiKey(
  tx: Queryable,
  q: { id: string; organisationId: string; at: Date },
): Promise<boolean> {
  const rows = await tx.query(
    "update api_keys set revoked_at = $3 where id = $1 and organisation_id = $2 and revoked_at is null returning id",
    [q.id, q.organisationId, q.at.toISOString()],
  );
  return rows.length === 1;
}

export type IdempotencyRow = {
  request_hash: string;
  response_status: number | null;
  response_body: unknown;
  created_at: Date;
};

/**
 * Claims an idempotency key for a request; returns null when this request now holds it, or the
 * existing record. On PostgreSQL a concurrent claim of the same key waits for the other transaction.
 */
export async function claimIdempotencyKey(
  tx: Queryable,
  k: { organisationId: string; key: string; requestHash: string; at: Date },
): Promise<IdempotencyRow | null> {
  const inserted = await tx.query(
    `insert into idempotency_keys (organisation_id, key, request_hash, created_at) values ($1, $2, $3, $4)
     on conflict (organisation_id, key) do nothing returning key`,
    [k.organisationId, k.key, k.requestHash, k.at.toISOString()],
  );
  if (inserted.length === 1) return null;
  const [row] = await tx.query<IdempotencyRow>(
    `select request_hash, response_status, response_body, created_at from idempotency_keys
     where organisation_id = $1 and key = $2 for update`,
    [k.organisationId, k.key],
  );
  return row ?? null;
}

/** Takes over a claim that was left without a response (its request died), for the same body. */
export async function renewIdempotencyClaim(
  tx: Queryable,
  k: { organisationId: string; key: string; at: Date },
): Promise<void> {
  await tx.query(
    "update idempotency_keys set created_at = $3 where organisation_id = $1 and key = $2 and response_status is null",
    [k.organisationId, k.key, k.at.toISOString()],
  );
}

export async function completeIdempotencyKey(
  tx: Queryable,
  k: { organisationId: string; key: string; status: number; body: unknown; at: Date },
): Promise<void> {
  await tx.query(
    `update idempotency_keys set response_status = $3, response_body = $4::jsonb, completed_at = $5
     where organisation_id = $1 and key = $2`,
    [k.organisationId, k.key, k.status, JSON.stringify(k.body), k.at.toISOString()],
  );
}

/** Forgets the organisation's keys created before `before` (and their stored responses). */
export async function purgeIdempotencyKeys(
  tx: Queryable,
  q: { organisationId: string; before: Date },
): Promise<void> {
  await tx.query("delete from idempotency_keys where organisation_id = $1 and created_at < $2", [
    q.organisationId,
    q.before.toISOString(),
  ]);
}

/** Gives up a claim whose request failed, so a retry with the same key is processed afresh. */
export async function releaseIdempotencyKey(
  db: Queryable,
  k: { organisationId: string; key: string },
): Promise<void> {
  await db.query(
    "delete from idempotency_keys where organisation_id = $1 and key = $2 and response_status is null",
    [k.organisationId, k.key],
  );
}

/** The signal a partner already submitted under this external id, if any. */
export async function findPartnerSubmission(
  db: Queryable,
  q: { organisationId: string; externalId: string },
): Promise<{ signal_id: string; reference: string } | null> {
  const [row] = await db.query<{ signal_id: string; reference: string }>(
    `select p.signal_id, s.reference from partner_submissions p join signals s on s.id = p.signal_id
     where p.organisation_id = $1 and p.external_id = $2`,
    [q.organisationId, q.externalId],
  );
  return row ?? null;
}
