/**
 * @module audit.repository
 * Appending to and reading the audit chain. `appendAudit` must be called with the transaction of
 * the write it records, so the data and its audit entry commit or roll back together.
 */
import type { Queryable } from "../platform/db/database";
import { type AuditEntry, GENESIS_HASH, hashEntry, type StoredAuditEntry } from "./audit.rules";

/** Serialises appends: seq and prev_hash are read and written under this transaction-scoped lock. */
const AUDIT_LOCK_KEY = 7_361_002;

export type AuditInput = Omit<AuditEntry, "seq" | "occurredAt" | "details"> & {
  details?: Record<string, unknown>;
};

/**
 * Records an audit entry in the caller's transaction. Inside a transaction the entry is written at
 * the end, just before commit: the chain's lock (which serialises every writer) is then held only
 * for those last statements instead of for the whole transaction. It still commits or rolls back
 * together with the write it records.
 */
export async function appendAudit(tx: Queryable, input: AuditInput): Promise<void> {
  const occurredAt = new Date();
  if (tx.defer) {
    tx.defer(() => writeAuditEntry(tx, input, occurredAt).then(() => undefined));
    return;
  }
  await writeAuditEntry(tx, input, occurredAt);
}

async function writeAuditEntry(
  tx: Queryable,
  input: AuditInput,
  occurredAt: Date,
): Promise<StoredAuditEntry> {
  await tx.query("select pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY]);
  const [head] = await tx.query<{ seq: number; hash: string }>(
    "select seq, hash from audit_head where id = 1",
  );
  const entry: AuditEntry = {
    ...input,
    details: input.details ?? {},
    seq: (head?.seq ?? 0) + 1,
    occurredAt,
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = hashEntry(entry, prevHash);
  await tx.query(
    `insert into audit_log (seq, occurred_at, actor_user_id, actor_organisation_id, action, object_type, object_id,
       purpose, request_id, details, prev_hash, hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      entry.seq,
      entry.occurredAt.toISOString(),
      entry.actorUserId,
      entry.actorOrganisationId,
      entry.action,
      entry.objectType,
      entry.objectId,
      entry.purpose,
      entry.requestId,
      JSON.stringify(entry.details),
      prevHash,
      hash,
    ],
  );
  await tx.query(
    `insert into audit_head (id, seq, hash) values (1, $1, $2)
     on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`,
    [entry.seq, hash],
  );
  return { ...entry, prevHash, hash };
}

type AuditRow = {
  seq: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
};

function fromRow(r: AuditRow): StoredAuditEntry {
  return {
    seq: r.seq,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorOrganisationId: r.actor_organisation_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    purpose: r.purpose,
    requestId: r.request_id,
    details: r.details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Streams the whole chain in seq order, in pages, so verification works on large logs. */
export async function* readChain(
  db: Queryable,
  { upTo, pageSize = 5000 }: { upTo: number; pageSize?: number },
): AsyncGenerator<StoredAuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await db.query<AuditRow>(
      "select * from audit_log where seq > $1 and seq <= $3 order by seq limit $2",
      [after, pageSize, upTo],
    );
    for (const row of rows) yield fromRow(row);
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.seq;
  }
}

export async function readHead(db: Queryable): Promise<{ seq: number; hash: string } | null> {
  const [head] = await db.query<{ seq: number; hash: string }>(
    "select seq, hash from audit_head where id = 1",
  );
  return head ?? null;
}

export type AuditSearch = {
  actorUserId?: string;
  actorOrganisationId?: string;
  objectType?: string;
  objectId?: string;
  /** Everything about one data subject: the person record and entries that name it in their details. */
  personId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  beforeSeq?: number;
};

/** Searches the trail for the privacy officer (newest first). */
export async function searchAudit(db: Queryable, q: AuditSearch): Promise<StoredAuditEntry[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace("?", `$${params.length}`));
  };
  if (q.actorUserId) add("actor_user_id = ?", q.actorUserId);
  if (q.actorOrganisationId) add("actor_organisation_id = ?", q.actorOrganisationId);
  if (q.objectType) add("object_type = ?", q.objectType);
  if (q.objectId) add("object_id = ?", q.objectId);
  if (q.personId) {
    params.push(q.personId);
    where.push(
      `((object_type = 'person' and object_id = $${params.length}) or details->>'personId' = $${params.length})`,
    );
  }
  if (q.from) add("occurred_at >= ?", q.from.toISOString());
  if (q.to) add("occurred_at < ?", q.to.toISOString());
  if (q.beforeSeq) add("seq < ?", q.beforeSeq);
  params.push(q.limit);
  const rows = await db.query<AuditRow>(
    `select * from audit_log ${where.length ? `where ${where.join(" and ")}` : ""} order by seq desc limit $${params.length}`,
    params,
  );
  return rows.map(fromRow);
}
