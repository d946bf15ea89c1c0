/**
 * @module audit.repository
 * Appending to and reading the audit chain. `appendAudit` must be called with the transaction of
 * the write it records, so the data and its audit entry commit or roll back together.
 */
import type { Queryable } from "../platform/db/database";
import { type AuditEntry, GENESIS_HASH, hashEntry, type StoredAuditEntry } from "./audit.rules";

/**
 * Serialises appends when the chain has no head yet. Once it has one, appends are serialised by the
 * head row's lock (`select … for update`): seq and prev_hash are read and written under it.
 */
const AUDIT_LOCK_KEY = 7_361_002;

export type AuditInput = Omit<AuditEntry, "seq" | "occurredAt" | "details"> & {
  details?: Record<string, unknown>;
};

type Pending = { input: AuditInput; occurredAt: Date };

/** Entries of a transaction waiting for its end, so they are chained together under one lock. */
const deferredEntries = new WeakMap<Queryable, Pending[]>();

/**
 * Records an audit entry in the caller's transaction. Inside a transaction the entry is written at
 * the end, just before commit: the chain's lock (which serialises every writer) is then held only
 * for those last statements instead of for the whole transaction. All entries a transaction records
 * are written together, in the order recorded, with one read of the head and one insert. It still
 * commits or rolls back together with the write it records.
 */
export async function appendAudit(tx: Queryable, input: AuditInput): Promise<void> {
  const occurredAt = new Date();
  if (tx.defer) {
    const waiting = deferredEntries.get(tx);
    if (waiting) {
      waiting.push({ input, occurredAt });
      return;
    }
    const entries = [{ input, occurredAt }];
    deferredEntries.set(tx, entries);
    tx.defer(async () => {
      // Entries recorded from here on (by later deferred work) form a batch of their own.
      deferredEntries.delete(tx);
      await writeAuditEntries(tx, entries);
    });
    return;
  }
  await writeAuditEntries(tx, [{ input, occurredAt }]);
}

async function lockHead(tx: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await tx.query<{ seq: number; hash: string }>(
    "select seq, hash from audit_head where id = 1 for update",
  );
  return head;
}

async function writeAuditEntries(tx: Queryable, pending: Pending[]): Promise<StoredAuditEntry[]> {
  // The row lock returns the newest committed head, waiting for a writer that holds it. Without a
  // head (the very first entries) there is no row to lock: the advisory lock serialises those, and
  // the head is read again under it.
  let head = await lockHead(tx);
  if (!head) {
    await tx.query("select pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY]);
    head = await lockHead(tx);
  }
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const stored: StoredAuditEntry[] = [];
  for (const { input, occurredAt } of pending) {
    const entry: AuditEntry = { ...input, details: input.details ?? {}, seq: ++seq, occurredAt };
    const hash = hashEntry(entry, prevHash);
    stored.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  const params: unknown[] = [];
  const values = stored.map((e) => {
    const at = params.length;
    params.push(
      e.seq,
      e.occurredAt.toISOString(),
      e.actorUserId,
      e.actorOrganisationId,
      e.action,
      e.objectType,
      e.objectId,
      e.purpose,
      e.requestId,
      JSON.stringify(e.details),
      e.prevHash,
      e.hash,
    );
    return `(${Array.from({ length: 12 }, (_, i) => `$${at + i + 1}`).join(", ")})`;
  });
  const last = stored.at(-1)!;
  params.push(last.seq, last.hash);
  // The entries and the new head in one statement.
  await tx.query(
    `with entries as (
       insert into audit_log (seq, occurred_at, actor_user_id, actor_organisation_id, action, object_type, object_id,
         purpose, request_id, details, prev_hash, hash)
       values ${values.join(", ")}
     )
     insert into audit_head (id, seq, hash) values (1, $${params.length - 1}, $${params.length})
     on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`,
    params,
  );
  return stored;
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
