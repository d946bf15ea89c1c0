/**
 * @module attachment.repository
 * All SQL for attachments to signals. The file's bytes (as base64 text) and its name are encrypted
 * here; the list query never reads the content.
 */
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { AttachmentMediaType } from "./attachment.rules";

export type AttachmentMeta = {
  id: string;
  signal_id: string;
  media_type: AttachmentMediaType;
  size_bytes: number;
  file_name_enc: string;
  sha256: string;
  added_by: string | null;
  added_at: Date;
};

const META = "id, signal_id, media_type, size_bytes, file_name_enc, sha256, added_by, added_at";

export async function insertAttachment(
  tx: Queryable,
  cipher: FieldCipher,
  a: {
    signalId: string;
    mediaType: AttachmentMediaType;
    bytes: Uint8Array;
    fileName: string;
    sha256: string;
    addedBy: string | null;
    at: Date;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into signal_attachments (signal_id, media_type, size_bytes, data_enc, file_name_enc, sha256, added_by, added_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      a.signalId,
      a.mediaType,
      a.bytes.length,
      cipher.encrypt(Buffer.from(a.bytes).toString("base64")),
      cipher.encrypt(a.fileName),
      a.sha256,
      a.addedBy,
      a.at.toISOString(),
    ],
  );
  return row!.id;
}

export async function countAttachments(db: Queryable, signalId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from signal_attachments where signal_id = $1",
    [signalId],
  );
  return Number(row!.n);
}

/** The attachments of a signal, oldest first, without their content. */
export async function listAttachments(db: Queryable, signalId: string): Promise<AttachmentMeta[]> {
  return db.query<AttachmentMeta>(
    `select ${META} from signal_attachments where signal_id = $1 order by added_at, id`,
    [signalId],
  );
}

/** One attachment of the given signal with its decrypted bytes, or null. */
export async function readAttachment(
  db: Queryable,
  cipher: FieldCipher,
  { signalId, id }: { signalId: string; id: string },
): Promise<(AttachmentMeta & { bytes: Buffer }) | null> {
  const [row] = await db.query<AttachmentMeta & { data_enc: string }>(
    `select ${META}, data_enc from signal_attachments where signal_id = $1 and id = $2`,
    [signalId, id],
  );
  if (!row) return null;
  const { data_enc, ...meta } = row;
  return { ...meta, bytes: Buffer.from(cipher.decrypt(data_enc), "base64") };
}
