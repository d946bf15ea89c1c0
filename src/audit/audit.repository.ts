/**
 * @module audit.repository
 * Appending to, sealing and reading the audit chain. `appendAudit` must be called with the
 * transaction of the write it records, so the data and its audit entry commit or roll back together.
 *
 * Appending takes no lock: the entry is inserted unsealed (no seq, no hashes). `sealAudit` then
 * gives unsealed entries their place in the chain, in insertion order, under the head row's lock,
 * many at a time. One sealer runs in every server (`startAuditSealer`); verification seals first.
 * So the chain's serialisation no longer sits in every audited transaction, and an entry is
 * tamper-evident within moments of its commit instead of at it.
 */
import type { Db, Queryable } from "../platform/db/database";
import type { Logger } from "../platform/logger";
import { type AuditEntry, GENESIS_HASH, hashEntry, type StoredAuditEntry } from "./audit.rules";

/**
 * Serialises sealing when the chain has no head yet. Once it has one, sealing is serialised by the
 * head row's lock (`select … for update`): seq and prev_hash are read and written under it.
 */
const AUDIT_LOCK_KEY = 7_361_002;

export type AuditInput = Omit<AuditEntry, "seq" | "occurredAt" | "details"> & {
  details?: Record<string, unknown>;
};

/** An entry to be written, with the moment it records. */
export type PendingAudit = { input: AuditInput; occurredAt: Date };
type Pending = PendingAudit;

/** Entries of a transaction waiting for its end, so they are written together in one insert. */
const deferredEntries = new WeakMap<Queryable, Pending[]>();

/**
 * Records an audit entry in the caller's transaction. Inside a transaction the entry is written at
 * the end, just before commit, together with every other entry the transaction recorded, in the
 * order recorded, with one insert. It still commits or rolls back together with the write it records.
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
      await insertAuditEntries(tx, entries);
    });
    return;
  }
  await insertAuditEntries(tx, [{ input, occurredAt }]);
}

/** Inserts unsealed entries; ids (insertion order) follow the order given. */
async function insertAuditEntries(tx: Queryable, pending: Pending[]): Promise<void> {
  const params: unknown[] = [];
  const sql = auditInsertSql(pending, (value) => {
    params.push(value);
    return `$${params.length}`;
  });
  await tx.query(sql, params);
}

/**
 * The insert of unsealed entries as SQL, its values bound through `param`: for an insert of its own,
 * or as part of a caller's statement that must write its data and their audit entries at once (the
 * one-statement intake of a partner signal). Ids (insertion order) follow the order given.
 */
export function auditInsertSql(pending: readonly PendingAudit[], param: (value: unknown) => string): string {
  const rows = pending.map(({ input: e, occurredAt }) => {
    const values = [
      `${param(occurredAt.toISOString())}::timestamptz`,
      `${param(e.actorUserId)}::uuid`,
      `${param(e.actorOrganisationId)}::uuid`,
      `${param(e.action)}::text`,
      `${param(e.objectType)}::text`,
      `${param(e.objectId)}::text`,
      `${param(e.purpose)}::text`,
      `${param(e.requestId)}::text`,
      `${param(JSON.stringify(e.details ?? {}))}::jsonb`,
    ];
    return `(${values.join(", ")})`;
  });
  return `insert into audit_log (occurred_at, actor_user_id, actor_organisation_id, action, object_type, object_id,
       purpose, request_id, details)
     values ${rows.join(", ")}`;
}

async function lockHead(tx: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await tx.query<{ seq: number; hash: string }>(
    "select seq, hash from audit_head where id = 1 for update",
  );
  return head;
}

/** How many entries one sealing transaction takes at most. */
const SEAL_BATCH = 2000;

/**
 * Seals the unsealed entries committed so far into the chain, oldest insertion first, in batches;
 * returns how many it sealed. Safe to run from several servers at once: the head row's lock lets
 * one sealer at a time read the head and the unsealed entries, and write both.
 */
export async function sealAudit(db: Db): Promise<number> {
  let sealed = 0;
  for (;;) {
    const [waiting] = await db.query("select 1 from audit_log where seq is null limit 1");
    if (!waiting) return sealed;
    const n = await db.transaction((tx) => sealBatch(tx));
    sealed += n;
    if (n < SEAL_BATCH) return sealed;
  }
}

async function sealBatch(tx: Queryable): Promise<number> {
  // The row lock returns the newest committed head, waiting for a sealer that holds it. Without a
  // head (the very first entries) there is no row to lock: the advisory lock serialises those, and
  // the head is read again under it.
  let head = await lockHead(tx);
  if (!head) {
    await tx.query("select pg_advisory_xact_lock($1)", [AUDIT_LOCK_KEY]);
    head = await lockHead(tx);
  }
  const rows = await tx.query<AuditRow>("select * from audit_log where seq is null order by id limit $1", [
    SEAL_BATCH,
  ]);
  if (rows.length === 0) return 0;
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const ids: number[] = [];
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  for (const row of rows) {
    const entry: AuditEntry = { ...contentOf(row), seq: ++seq };
    const hash = hashEntry(entry, prevHash);
    ids.push(row.id);
    seqs.push(seq);
    prevs.push(prevHash);
    hashes.push(hash);
    prevHash = hash;
  }
  // The sealed entries and the new head in one statement.
  await tx.query(
    `with sealed as (
       update audit_log set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
       from unnest($1::int8[], $2::int8[], $3::text[], $4::text[]) as v (id, seq, prev_hash, hash)
       where audit_log.id = v.id
     )
     insert into audit_head (id, seq, hash) values (1, $5, $6)
     on conflict (id) do update set seq = excluded.seq, hash = excluded.hash`,
    [ids, seqs, prevs, hashes, seq, prevHash],
  );
  return rows.length;
}

/**
 * Seals in the background every `intervalMs` (one run at a time); returns a stop function that
 * waits for a run in progress and seals what is left.
 */
export function startAuditSealer(deps: { db: Db; logger: Logger }, intervalMs = 200): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running
      .then(() => sealAudit(deps.db))
      .catch((error: Error) => deps.logger.error("audit.seal_failed", { error: error.name }));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    run();
    await running;
  };
}

type AuditRow = {
  id: number;
  seq: number | null;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string | null;
};

function contentOf(r: AuditRow): Omit<AuditEntry, "seq"> {
  return {
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorOrganisationId: r.actor_organisation_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    purpose: r.purpose,
    requestId: r.request_id,
    details: r.details,
  };
}

/** An entry as the privacy officer sees it: sealed (with its place in the chain) or not yet. */
export type TrailEntry = Omit<AuditEntry, "seq"> & { id: number; seq: number | null; hash: string | null };

/** Streams the whole chain in seq order, in pages, so verification works on large logs. */
export async function* readChain(
  db: Queryable,
  { upTo, pageSize = 5000 }: { upTo: number; pageSize?: number },
): AsyncGenerator<StoredAuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await db.query<AuditRow & { seq: number; prev_hash: string; hash: string }>(
      "select * from audit_log where seq > $1 and seq <= $3 order by seq limit $2",
      [after, pageSize, upTo],
    );
    for (const row of rows)
      yield { ...contentOf(row), seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
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
  /** Entries inserted before this one (paging). */
  beforeId?: number;
};

/** Searches the trail for the privacy officer (newest first), sealed and unsealed entries alike. */
export async function searchAudit(db: Queryable, q: AuditSearch): Promise<TrailEntry[]> {
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
  if (q.beforeId) add("id < ?", q.beforeId);
  params.push(q.limit);
  const rows = await db.query<AuditRow>(
    `select * from audit_log ${where.length ? `where ${where.join(" and ")}` : ""} order by id desc limit $${params.length}`,
    params,
  );
  return rows.map((r) => ({ ...contentOf(r), id: r.id, seq: r.seq, hash: r.hash }));
}
