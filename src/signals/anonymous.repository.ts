/**
 * @module anonymous.repository
 * SQL of the anonymous intake: receipts (only a slow hash of the code) and the conversation between
 * the signal desk and the reporter. The signal itself is written through signal.repository.
 */
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";

export async function municipalityExists(db: Queryable, code: string): Promise<boolean> {
  return (await db.query("select 1 from municipalities where code = $1", [code])).length === 1;
}

export async function referenceTaken(db: Queryable, reference: string): Promise<boolean> {
  return (await db.query("select 1 from signals where reference = $1", [reference])).length === 1;
}

export async function insertReceipt(
  tx: Queryable,
  r: { signalId: string; receiptHash: string; at: Date },
): Promise<void> {
  await tx.query("insert into signal_receipts (signal_id, receipt_hash, created_at) values ($1, $2, $3)", [
    r.signalId,
    r.receiptHash,
    r.at.toISOString(),
  ]);
}

/** The signal a receipt hash belongs to, or null. */
export async function findSignalIdByReceipt(db: Queryable, receiptHash: string): Promise<string | null> {
  const [row] = await db.query<{ signal_id: string }>(
    "select signal_id from signal_receipts where receipt_hash = $1",
    [receiptHash],
  );
  return row?.signal_id ?? null;
}

/** The time of the signal's latest history entry, or null. */
export async function latestEventAt(db: Queryable, signalId: string): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>(
    "select max(at) as at from signal_events where signal_id = $1",
    [signalId],
  );
  return row?.at ? new Date(row.at) : null;
}

export async function hasReceipt(db: Queryable, signalId: string): Promise<boolean> {
  return (await db.query("select 1 from signal_receipts where signal_id = $1", [signalId])).length === 1;
}

export type MessageRow = {
  position: number;
  direction: "desk_to_reporter" | "reporter_to_desk";
  text_enc: string;
  author_user_id: string | null;
  at: Date;
};

/** Appends a message; the caller holds the signal's row lock, so positions do not collide. */
export async function appendMessage(
  tx: Queryable,
  cipher: FieldCipher,
  m: {
    signalId: string;
    direction: MessageRow["direction"];
    text: string;
    authorUserId: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into signal_messages (signal_id, position, direction, text_enc, author_user_id, at)
     values ($1, (select coalesce(max(position), 0) + 1 from signal_messages where signal_id = $1), $2, $3, $4, $5)`,
    [m.signalId, m.direction, cipher.encrypt(m.text), m.authorUserId, m.at.toISOString()],
  );
}

export async function listMessages(db: Queryable, signalId: string): Promise<MessageRow[]> {
  return db.query<MessageRow>(
    "select position, direction, text_enc, author_user_id, at from signal_messages where signal_id = $1 order by position",
    [signalId],
  );
}
