/**
 * @module consent.repository
 * Consent records of data subjects. A consent is never edited: withdrawal sets `withdrawn_at` once,
 * and from that moment the consent no longer counts (validConsents in access.repository).
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { DataCategory } from "./data-categories";
import type { Purpose } from "./purposes";

export type ConsentRecord = {
  id: string;
  personId: string;
  organisationId: string;
  purpose: Purpose;
  recipientOrganisationId: string | null;
  recipientType: OrganisationType | null;
  categories: DataCategory[] | null;
  grantedAt: Date;
  evidenceKind: "signed_form" | "verbal_with_witness";
  recordedBy: string;
  recordedAt: Date;
  withdrawnAt: Date | null;
};

type Row = {
  id: string;
  person_id: string;
  organisation_id: string;
  purpose: Purpose;
  recipient_organisation_id: string | null;
  recipient_type: OrganisationType | null;
  categories: DataCategory[] | null;
  granted_at: Date;
  evidence_kind: "signed_form" | "verbal_with_witness";
  recorded_by: string;
  recorded_at: Date;
  withdrawn_at: Date | null;
};

const toRecord = (r: Row): ConsentRecord => ({
  id: r.id,
  personId: r.person_id,
  organisationId: r.organisation_id,
  purpose: r.purpose,
  recipientOrganisationId: r.recipient_organisation_id,
  recipientType: r.recipient_type,
  categories: r.categories,
  grantedAt: r.granted_at,
  evidenceKind: r.evidence_kind,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  withdrawnAt: r.withdrawn_at,
});

export async function insertConsent(
  tx: Queryable,
  cipher: FieldCipher,
  c: {
    personId: string;
    organisationId: string;
    purpose: Purpose;
    recipientOrganisationId: string | null;
    recipientType: OrganisationType | null;
    categories: DataCategory[] | null;
    grantedAt: Date;
    evidence:
      | { kind: "signed_form"; mediaType: string; documentBase64: string }
      | { kind: "verbal_with_witness"; witnessName: string };
    recordedBy: string;
    at: Date;
  },
): Promise<ConsentRecord> {
  const [row] = await tx.query<Row>(
    `insert into consents (person_id, organisation_id, purpose, recipient_organisation_id, recipient_type, categories, granted_at,
       evidence_kind, evidence_document_enc, evidence_media_type, witness_name_enc, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning *`,
    [
      c.personId,
      c.organisationId,
      c.purpose,
      c.recipientOrganisationId,
      c.recipientType,
      c.categories,
      c.grantedAt.toISOString(),
      c.evidence.kind,
      c.evidence.kind === "signed_form" ? cipher.encrypt(c.evidence.documentBase64) : null,
      c.evidence.kind === "signed_form" ? c.evidence.mediaType : null,
      c.evidence.kind === "verbal_with_witness" ? cipher.encrypt(c.evidence.witnessName) : null,
      c.recordedBy,
      c.at.toISOString(),
    ],
  );
  return toRecord(row!);
}

export async function listConsents(db: Queryable, personId: string): Promise<ConsentRecord[]> {
  return (
    await db.query<Row>("select * from consents where person_id = $1 order by recorded_at", [personId])
  ).map(toRecord);
}

/** Withdraws a consent; returns null when it does not exist for this person, or was already withdrawn. */
export async function withdrawConsent(
  tx: Queryable,
  q: { personId: string; consentId: string; by: string; at: Date },
): Promise<ConsentRecord | null> {
  const [row] = await tx.query<Row>(
    `update consents set withdrawn_at = $3, withdrawn_by = $4 where id = $1 and person_id = $2 and withdrawn_at is null returning *`,
    [q.consentId, q.personId, q.at.toISOString(), q.by],
  );
  return row ? toRecord(row) : null;
}
