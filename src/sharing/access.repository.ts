/**
 * @module access.repository
 * SQL for the sharing mechanism: who may read a person's records (grants, break-glass), the
 * person's valid consents, and the disclosure log.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { Queryable } from "../platform/db/database";
import type { SharingCondition } from "./conditions";
import type { DataCategory } from "./data-categories";
import type { Purpose } from "./purposes";
import type { ConsentGrant } from "./sharing.rules";

export type ActiveGrant = { id: string; conditions: SharingCondition[]; via: string };

export async function activeGrants(
  db: Queryable,
  q: { personId: string; organisationId: string; purpose: Purpose; now: Date },
): Promise<ActiveGrant[]> {
  return db.query<ActiveGrant>(
    `select id, conditions, via from person_access_grants
     where person_id = $1 and organisation_id = $2 and purpose = $3 and revoked_at is null
       and (expires_at is null or expires_at > $4)`,
    [q.personId, q.organisationId, q.purpose, q.now.toISOString()],
  );
}

export async function activeBreakGlass(
  db: Queryable,
  q: { personId: string; userId: string; purpose: Purpose; now: Date },
): Promise<{ id: string } | null> {
  const [row] = await db.query<{ id: string }>(
    `select id from break_glass_access where person_id = $1 and user_id = $2 and purpose = $3 and expires_at > $4
     order by granted_at desc limit 1`,
    [q.personId, q.userId, q.purpose, q.now.toISOString()],
  );
  return row ?? null;
}

/**
 * SQL condition (for lists) that a person row aliased `p` is visible to an organisation and user for
 * a purpose: held by the organisation, shared with it for the purpose, or opened by break-glass.
 * Parameters: $org, $user, $purpose, $now at the given positions.
 */
export function visibleToSql({
  org,
  user,
  purpose,
  now,
}: {
  org: number;
  user: number;
  purpose: number;
  now: number;
}): string {
  return `(p.organisation_id = $${org}
    or exists (select 1 from person_access_grants g where g.person_id = p.id and g.organisation_id = $${org}
               and g.purpose = $${purpose} and g.revoked_at is null and (g.expires_at is null or g.expires_at > $${now}))
    or exists (select 1 from break_glass_access b where b.person_id = p.id and b.user_id = $${user}
               and b.purpose = $${purpose} and b.expires_at > $${now}))`;
}

export async function validConsents(db: Queryable, personId: string): Promise<ConsentGrant[]> {
  const rows = await db.query<{
    id: string;
    purpose: ConsentGrant["purpose"];
    recipient_organisation_id: string | null;
    recipient_type: OrganisationType | null;
    categories: DataCategory[] | null;
  }>(
    `select id, purpose, recipient_organisation_id, recipient_type, categories from consents
     where person_id = $1 and withdrawn_at is null`,
    [personId],
  );
  return rows.map((r) => ({
    id: r.id,
    purpose: r.purpose,
    ...(r.recipient_organisation_id ? { recipientOrganisationId: r.recipient_organisation_id } : {}),
    ...(r.recipient_type ? { recipientType: r.recipient_type } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
  }));
}

export type DisclosureInput = {
  personId: string;
  fromOrganisationId: string;
  toOrganisationId: string;
  toUserId: string | null;
  purpose: Purpose;
  categories: DataCategory[];
  fields: string[];
  ruleIds: string[];
  consentIds: string[];
  recordType: string;
  recordId: string;
  breakGlass: boolean;
  requestId: string | null;
  at: Date;
};

export async function insertDisclosure(db: Queryable, d: DisclosureInput): Promise<void> {
  await db.query(
    `insert into disclosures (person_id, from_organisation_id, to_organisation_id, to_user_id, purpose, categories, fields,
       rule_ids, consent_ids, record_type, record_id, break_glass, request_id, disclosed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      d.personId,
      d.fromOrganisationId,
      d.toOrganisationId,
      d.toUserId,
      d.purpose,
      d.categories,
      d.fields,
      d.ruleIds,
      d.consentIds,
      d.recordType,
      d.recordId,
      d.breakGlass,
      d.requestId,
      d.at.toISOString(),
    ],
  );
}

export type DisclosureRecord = {
  id: string;
  fromOrganisation: string;
  toOrganisation: string;
  toOrganisationType: OrganisationType;
  purpose: Purpose;
  categories: DataCategory[];
  fields: string[];
  ruleIds: string[];
  consentIds: string[];
  recordType: string;
  breakGlass: boolean;
  disclosedAt: Date;
};

export async function listDisclosures(db: Queryable, personId: string): Promise<DisclosureRecord[]> {
  const rows = await db.query<{
    id: string;
    from_name: string;
    to_name: string;
    to_type: OrganisationType;
    purpose: Purpose;
    categories: DataCategory[];
    fields: string[];
    rule_ids: string[];
    consent_ids: string[];
    record_type: string;
    break_glass: boolean;
    disclosed_at: Date;
  }>(
    `select d.id, f.name as from_name, t.name as to_name, t.type as to_type, d.purpose, d.categories, d.fields, d.rule_ids,
            d.consent_ids, d.record_type, d.break_glass, d.disclosed_at
     from disclosures d join organisations f on f.id = d.from_organisation_id join organisations t on t.id = d.to_organisation_id
     where d.person_id = $1 order by d.disclosed_at`,
    [personId],
  );
  return rows.map((r) => ({
    id: r.id,
    fromOrganisation: r.from_name,
    toOrganisation: r.to_name,
    toOrganisationType: r.to_type,
    purpose: r.purpose,
    categories: r.categories,
    fields: r.fields,
    ruleIds: r.rule_ids,
    consentIds: r.consent_ids,
    recordType: r.record_type,
    breakGlass: r.break_glass,
    disclosedAt: r.disclosed_at,
  }));
}
