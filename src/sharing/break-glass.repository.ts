/**
 * @module break-glass.repository
 * Emergency access records and their review by the privacy officer.
 */
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { Purpose } from "./purposes";

export type BreakGlassRecord = {
  id: string;
  personId: string;
  personPseudonym: string;
  userId: string;
  organisationId: string;
  organisationName: string;
  purpose: Purpose;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
  reviewStatus: "pending" | "justified" | "unjustified";
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
};

export async function insertBreakGlass(
  tx: Queryable,
  cipher: FieldCipher,
  b: {
    personId: string;
    userId: string;
    organisationId: string;
    purpose: Purpose;
    reason: string;
    at: Date;
    minutes: number;
  },
): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(b.at.getTime() + b.minutes * 60_000);
  const [row] = await tx.query<{ id: string }>(
    `insert into break_glass_access (person_id, user_id, organisation_id, purpose, reason_enc, granted_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      b.personId,
      b.userId,
      b.organisationId,
      b.purpose,
      cipher.encrypt(b.reason),
      b.at.toISOString(),
      expiresAt.toISOString(),
    ],
  );
  return { id: row!.id, expiresAt };
}

export async function listBreakGlass(
  db: Queryable,
  cipher: FieldCipher,
  status: BreakGlassRecord["reviewStatus"] | "all",
): Promise<BreakGlassRecord[]> {
  const rows = await db.query<{
    id: string;
    person_id: string;
    pseudonym: string;
    user_id: string;
    organisation_id: string;
    organisation_name: string;
    purpose: Purpose;
    reason_enc: string;
    granted_at: Date;
    expires_at: Date;
    review_status: BreakGlassRecord["reviewStatus"];
    reviewed_by: string | null;
    reviewed_at: Date | null;
    review_note_enc: string | null;
  }>(
    `select b.*, p.pseudonym, o.name as organisation_name from break_glass_access b
     join persons p on p.id = b.person_id join organisations o on o.id = b.organisation_id
     where $1 = 'all' or b.review_status = $1 order by b.granted_at desc limit 500`,
    [status],
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    personPseudonym: r.pseudonym,
    userId: r.user_id,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    purpose: r.purpose,
    reason: cipher.decrypt(r.reason_enc),
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
    reviewStatus: r.review_status,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note_enc ? cipher.decrypt(r.review_note_enc) : null,
  }));
}

/** Records the review once; returns false when the record does not exist or was reviewed already. */
export async function reviewBreakGlass(
  tx: Queryable,
  cipher: FieldCipher,
  r: { id: string; justified: boolean; note: string; by: string; at: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `update break_glass_access set review_status = $2, reviewed_by = $3, reviewed_at = $4, review_note_enc = $5
     where id = $1 and review_status = 'pending' returning id`,
    [r.id, r.justified ? "justified" : "unjustified", r.by, r.at.toISOString(), cipher.encrypt(r.note)],
  );
  return rows.length === 1;
}
