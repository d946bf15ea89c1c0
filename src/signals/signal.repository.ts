/**
 * @module signal.repository
 * All SQL for signals: drafts and submissions, the linked persons and subjects, the append-only
 * history, actions, groups and routings. Free text and addresses are encrypted here.
 */

import { auditInsertSql, type PendingAudit } from "../audit/audit.repository";
import { NEW_PERSON_COLUMNS, type NewPersonWithId, newPersonRow } from "../persons/person.repository";
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { SignalStatus, Track } from "./signal.vocabulary";

export type SignalRow = {
  id: string;
  reference: string;
  channel: "professional" | "anonymous" | "partner_api";
  organisation_id: string | null;
  organisation_type: string | null;
  organisation_name: string | null;
  reporter_user_id: string | null;
  status: SignalStatus | "draft";
  submitted_at: Date | null;
  municipality_code: string | null;
  police_unit_id: string | null;
  address_enc: string | null;
  observed_on: string | null;
  forms: string[];
  indicator_ids: string[];
  narrative_enc: string | null;
  urgency: "immediate" | "high" | "normal" | "low";
  minor_involved: boolean;
  deadline_at: Date | null;
  group_id: string | null;
  assignee_user_id: string | null;
  created_at: Date;
  updated_at: Date;
};

const SELECT = `select s.*, o.type as organisation_type, o.name as organisation_name, m.police_unit_id
  from signals s left join organisations o on o.id = s.organisation_id left join municipalities m on m.code = s.municipality_code`;

export async function nextReference(tx: Queryable, year: number): Promise<string> {
  const [row] = await tx.query<{ n: number }>("select nextval('signal_reference_seq')::int8 as n");
  return `S-${year}-${String(row!.n).padStart(6, "0")}`;
}

/** A signal's own facts as the intake gives them (the people and subjects in it come separately). */
type SignalFacts = {
  channel: SignalRow["channel"];
  organisationId: string | null;
  reporterUserId: string | null;
  municipalityCode: string | null;
  address: string | null;
  observedOn: string | null;
  forms: string[];
  indicatorIds: string[];
  narrative: string | null;
  urgency: SignalRow["urgency"];
  minorInvolved: boolean;
};

export async function insertSignal(
  tx: Queryable,
  cipher: FieldCipher,
  s: SignalFacts & { reference: string; at: Date },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into signals (reference, channel, organisation_id, reporter_user_id, status, municipality_code, address_enc, observed_on,
       forms, indicator_ids, narrative_enc, urgency, minor_involved, created_at, updated_at)
     values ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) returning id`,
    [
      s.reference,
      s.channel,
      s.organisationId,
      s.reporterUserId,
      s.municipalityCode,
      s.address ? cipher.encrypt(s.address) : null,
      s.observedOn,
      s.forms,
      s.indicatorIds,
      s.narrative ? cipher.encrypt(s.narrative) : null,
      s.urgency,
      s.minorInvolved,
      s.at.toISOString(),
    ],
  );
  return row!.id;
}

/** The SQL that lists the organisations running the signal desk (those with an active desk officer) but one. */
const deskOrganisationsSql = (except: string) =>
  `select distinct organisation_id from users
   where 'desk_officer' = any(roles) and disabled_at is null and organisation_id is distinct from ${except}::uuid`;

/**
 * Files a signal that is submitted at once (partner systems) in one statement: its reference from
 * the sequence, the row (id chosen by the caller) with status `received`, the status event in its
 * history, its persons (ids chosen by the caller) and their links, its companies and locations, the
 * B8 actions, the desk's grants (a grant per person, purpose and desk organisation, read in the same
 * statement so it is never stale), the partner's external id and the audit entries. All or nothing:
 * the statement is atomic by itself, so it may run without a transaction. It fails, writing nothing,
 * on an unknown municipality (`signals_municipality_code_fkey`), a known external id
 * (`partner_submissions_pkey`) or a pseudonym that is taken (`persons_pseudonym_key`, rare: try again).
 */
export async function insertSubmittedSignal(
  tx: Queryable,
  cipher: FieldCipher,
  s: SignalFacts & {
    id: string;
    year: number;
    createdAt: Date;
    submittedAt: Date;
    deadlineAt: Date;
    actorUserId: string | null;
    actorOrganisationId: string | null;
    persons: NewPersonWithId[];
    subjects: SubjectInput[];
    actions: { personId: string; kind: "inform_reflection_period"; dueAt: Date }[];
    desk: { purposes: string[]; exceptOrganisationId: string; grantedBy: string | null };
    /**
     * A partner system's own identifier, recorded in the same statement. A known one violates the
     * primary key of partner_submissions (`partner_submissions_pkey`): the caller then looks it up.
     */
    partnerSubmission?: { externalId: string; apiKeyId: string };
    audit: PendingAudit[];
  },
): Promise<{ id: string; reference: string }> {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const at = p(s.submittedAt.toISOString());
  const actor = { user: p(s.actorUserId), organisation: p(s.actorOrganisationId) };
  const municipality = p(s.municipalityCode);
  // The reference is S-<year>-<number>, the number zero-padded to at least six digits.
  const ctes = [
    `s as (
       insert into signals (id, reference, channel, organisation_id, reporter_user_id, status, submitted_at, municipality_code,
         address_enc, observed_on, forms, indicator_ids, narrative_enc, urgency, minor_involved, deadline_at, created_at, updated_at)
       select ${p(s.id)}::uuid, 'S-' || ${p(s.year)}::int || '-' || lpad(q.n::text, greatest(6, length(q.n::text)), '0'), ${p(s.channel)}::text,
         ${p(s.organisationId)}::uuid, ${p(s.reporterUserId)}::uuid, 'received', ${at}::timestamptz, ${municipality}::text,
         ${p(s.address ? cipher.encrypt(s.address) : null)}::text, ${p(s.observedOn)}::date, ${p(s.forms)}::text[],
         ${p(s.indicatorIds)}::text[], ${p(s.narrative ? cipher.encrypt(s.narrative) : null)}::text, ${p(s.urgency)}::text,
         ${p(s.minorInvolved)}::boolean, ${p(s.deadlineAt.toISOString())}::timestamptz,
         ${p(s.createdAt.toISOString())}::timestamptz, ${at}::timestamptz
       from (select nextval('signal_reference_seq') as n) q
       returning id, reference
     )`,
    `e as (
       insert into signal_events (signal_id, kind, from_status, to_status, actor_user_id, actor_organisation_id, at)
       select id, 'status', null, 'received', ${actor.user}::uuid, ${actor.organisation}::uuid, ${at}::timestamptz from s
     )`,
  ];
  if (s.persons.length) {
    ctes.push(
      `p as (
         insert into persons (${NEW_PERSON_COLUMNS}) values ${s.persons.map((person) => newPersonRow(cipher, person, p)).join(", ")}
         returning id
       )`,
      `l as (insert into signal_persons (signal_id, person_id) select s.id, p.id from s cross join p)`,
      `g as (
         insert into person_access_grants (person_id, organisation_id, purpose, conditions, via, granted_by, granted_at)
         select p.id, d.organisation_id, u.purpose, '{}'::text[], 'signal_desk', ${p(s.desk.grantedBy)}::uuid, ${at}::timestamptz
         from p cross join (${deskOrganisationsSql(p(s.desk.exceptOrganisationId))}) d
         cross join unnest(${p(s.desk.purposes)}::text[]) u(purpose)
       )`,
    );
    if (s.actions.length)
      ctes.push(
        `a as (
           insert into signal_actions (signal_id, person_id, kind, due_at)
           select s.id, v.person_id, v.kind, v.due_at from s
           cross join unnest(${p(s.actions.map((x) => x.personId))}::uuid[], ${p(s.actions.map((x) => x.kind))}::text[],
             ${p(s.actions.map((x) => x.dueAt.toISOString()))}::timestamptz[]) v(person_id, kind, due_at)
           where v.person_id in (select id from p)
         )`,
      );
  }
  if (s.subjects.length)
    ctes.push(
      `j as (
         insert into signal_subjects (signal_id, kind, name, kvk_number, address_enc, address_index, phone_enc, phone_index)
         select s.id, v.* from s cross join (values ${s.subjects
           .map((x) =>
             [
               x.kind,
               x.name,
               x.kvkNumber,
               x.address ? cipher.encrypt(x.address) : null,
               x.addressKey ? cipher.blindIndex(x.addressKey, "signal.address") : null,
               x.phone ? cipher.encrypt(x.phone) : null,
               x.phoneKey ? cipher.blindIndex(x.phoneKey, "signal.phone") : null,
             ].map((v) => `${p(v)}::text`),
           )
           .map((row) => `(${row.join(", ")})`)
           .join(", ")}) v(kind, name, kvk_number, address_enc, address_index, phone_enc, phone_index)
       )`,
    );
  if (s.partnerSubmission)
    ctes.push(
      `x as (
         insert into partner_submissions (organisation_id, external_id, signal_id, api_key_id, created_at)
         select ${p(s.organisationId)}::uuid, ${p(s.partnerSubmission.externalId)}::text, s.id,
           ${p(s.partnerSubmission.apiKeyId)}::uuid, ${at}::timestamptz from s
       )`,
    );
  if (s.audit.length) ctes.push(`au as (${auditInsertSql(s.audit, p)})`);
  const [row] = await tx.query<{ id: string; reference: string }>(
    `with ${ctes.join(", ")} select id, reference from s`,
    params,
  );
  return row!;
}

export async function updateDraftFacts(
  tx: Queryable,
  cipher: FieldCipher,
  id: string,
  s: {
    municipalityCode: string | null;
    address: string | null;
    observedOn: string | null;
    forms: string[];
    indicatorIds: string[];
    narrative: string | null;
    urgency: SignalRow["urgency"];
    minorInvolved: boolean;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `update signals set municipality_code = $2, address_enc = $3, observed_on = $4, forms = $5, indicator_ids = $6, narrative_enc = $7,
       urgency = $8, minor_involved = $9, updated_at = $10 where id = $1 and status = 'draft'`,
    [
      id,
      s.municipalityCode,
      s.address ? cipher.encrypt(s.address) : null,
      s.observedOn,
      s.forms,
      s.indicatorIds,
      s.narrative ? cipher.encrypt(s.narrative) : null,
      s.urgency,
      s.minorInvolved,
      s.at.toISOString(),
    ],
  );
}

export async function findSignal(db: Queryable, id: string): Promise<SignalRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.query<SignalRow>(`${SELECT} where s.id = $1`, [id]);
  return row ?? null;
}

/** Locks the signal row for a status change (compare-and-set happens in the update). */
export async function lockSignal(tx: Queryable, id: string): Promise<SignalRow | null> {
  await tx.query("select 1 from signals where id = $1 for update", [id]);
  return findSignal(tx, id);
}

export async function setStatus(
  tx: Queryable,
  q: { id: string; from: string; to: string; at: Date; extra?: { submittedAt?: Date; deadlineAt?: Date } },
): Promise<boolean> {
  const rows = await tx.query(
    `update signals set status = $3, updated_at = $4,
       submitted_at = coalesce($5, submitted_at), deadline_at = coalesce($6, deadline_at)
     where id = $1 and status = $2 returning id`,
    [
      q.id,
      q.from,
      q.to,
      q.at.toISOString(),
      q.extra?.submittedAt?.toISOString() ?? null,
      q.extra?.deadlineAt?.toISOString() ?? null,
    ],
  );
  return rows.length === 1;
}

export async function linkPerson(tx: Queryable, signalId: string, personId: string): Promise<void> {
  await tx.query("insert into signal_persons (signal_id, person_id) values ($1, $2) on conflict do nothing", [
    signalId,
    personId,
  ]);
}

/**
 * Links persons to a signal and stores its companies and locations, in one statement. Nothing to
 * write: no statement.
 */
export async function insertSignalParts(
  tx: Queryable,
  cipher: FieldCipher,
  { signalId, personIds, subjects }: { signalId: string; personIds: string[]; subjects: SubjectInput[] },
): Promise<void> {
  const params: unknown[] = [signalId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const parts: string[] = [];
  if (personIds.length)
    parts.push(
      `insert into signal_persons (signal_id, person_id) select $1::uuid, unnest(${p(personIds)}::uuid[]) on conflict do nothing`,
    );
  if (subjects.length)
    parts.push(
      `insert into signal_subjects (signal_id, kind, name, kvk_number, address_enc, address_index, phone_enc, phone_index)
       values ${subjects
         .map(
           (s) =>
             `($1, ${p(s.kind)}, ${p(s.name)}, ${p(s.kvkNumber)}, ${p(s.address ? cipher.encrypt(s.address) : null)}, ${p(
               s.addressKey ? cipher.blindIndex(s.addressKey, "signal.address") : null,
             )}, ${p(s.phone ? cipher.encrypt(s.phone) : null)}, ${p(
               s.phoneKey ? cipher.blindIndex(s.phoneKey, "signal.phone") : null,
             )})`,
         )
         .join(", ")}`,
    );
  if (parts.length === 0) return;
  const [last, ...before] = parts.reverse();
  await tx.query(
    before.length ? `with ${before.map((sql, i) => `w${i} as (${sql})`).join(", ")} ${last}` : last!,
    params,
  );
}

/** The persons linked to a signal, with what the B8 decision needs. */
export async function signalPersons(
  db: Queryable,
  signalId: string,
): Promise<{ id: string; role: string; nationality: string | null; residence_status: string | null }[]> {
  return db.query(
    `select p.id, p.role, p.nationality, p.residence_status from signal_persons sp join persons p on p.id = sp.person_id
     where sp.signal_id = $1`,
    [signalId],
  );
}

export async function signalPersonIds(db: Queryable, signalId: string): Promise<string[]> {
  return (
    await db.query<{ person_id: string }>("select person_id from signal_persons where signal_id = $1", [
      signalId,
    ])
  ).map((r) => r.person_id);
}

/** Removes a draft's persons and subjects before they are written again (drafts only). */
export async function clearDraftParts(tx: Queryable, signalId: string): Promise<void> {
  const persons = await signalPersonIds(tx, signalId);
  await tx.query("delete from signal_persons where signal_id = $1", [signalId]);
  if (persons.length) await tx.query("delete from persons where id = any($1)", [persons]);
  await tx.query("delete from signal_subjects where signal_id = $1", [signalId]);
}

export type SubjectInput = {
  kind: "company" | "location";
  name: string | null;
  kvkNumber: string | null;
  address: string | null;
  addressKey: string | null;
  phone: string | null;
  phoneKey: string | null;
};

export async function insertSubject(
  tx: Queryable,
  cipher: FieldCipher,
  signalId: string,
  s: SubjectInput,
): Promise<void> {
  await tx.query(
    `insert into signal_subjects (signal_id, kind, name, kvk_number, address_enc, address_index, phone_enc, phone_index)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      signalId,
      s.kind,
      s.name,
      s.kvkNumber,
      s.address ? cipher.encrypt(s.address) : null,
      s.addressKey ? cipher.blindIndex(s.addressKey, "signal.address") : null,
      s.phone ? cipher.encrypt(s.phone) : null,
      s.phoneKey ? cipher.blindIndex(s.phoneKey, "signal.phone") : null,
    ],
  );
}

export type SubjectRow = {
  id: string;
  signal_id: string;
  kind: "company" | "location";
  name: string | null;
  kvk_number: string | null;
  address_enc: string | null;
  address_index: string | null;
  phone_enc: string | null;
  phone_index: string | null;
};

export async function listSubjects(db: Queryable, signalIds: string[]): Promise<SubjectRow[]> {
  if (signalIds.length === 0) return [];
  return db.query<SubjectRow>("select * from signal_subjects where signal_id = any($1)", [signalIds]);
}

export async function appendEvent(
  tx: Queryable,
  cipher: FieldCipher,
  e: {
    signalId: string;
    kind: "status" | "fact" | "enrichment" | "link" | "routing" | "action";
    fromStatus?: string | null;
    toStatus?: string | null;
    text?: string | null;
    sourceOrganisationId?: string | null;
    legalBasis?: string | null;
    actorUserId: string | null;
    actorOrganisationId: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into signal_events (signal_id, kind, from_status, to_status, text_enc, source_organisation_id, legal_basis, actor_user_id, actor_organisation_id, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      e.signalId,
      e.kind,
      e.fromStatus ?? null,
      e.toStatus ?? null,
      e.text ? cipher.encrypt(e.text) : null,
      e.sourceOrganisationId ?? null,
      e.legalBasis ?? null,
      e.actorUserId,
      e.actorOrganisationId,
      e.at.toISOString(),
    ],
  );
}

export type EventRow = {
  id: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  text_enc: string | null;
  source_organisation_id: string | null;
  source_name: string | null;
  legal_basis: string | null;
  actor_organisation_id: string | null;
  actor_name: string | null;
  at: Date;
};

export async function listEvents(db: Queryable, signalId: string): Promise<EventRow[]> {
  return db.query<EventRow>(
    `select e.*, so.name as source_name, ao.name as actor_name from signal_events e
     left join organisations so on so.id = e.source_organisation_id left join organisations ao on ao.id = e.actor_organisation_id
     where e.signal_id = $1 order by e.at, e.id`,
    [signalId],
  );
}

export async function insertAction(
  tx: Queryable,
  a: {
    signalId: string;
    personId: string | null;
    kind: "inform_reflection_period" | "alert_quick_response";
    dueAt: Date;
  },
): Promise<void> {
  await tx.query("insert into signal_actions (signal_id, person_id, kind, due_at) values ($1, $2, $3, $4)", [
    a.signalId,
    a.personId,
    a.kind,
    a.dueAt.toISOString(),
  ]);
}

/** Several actions in one statement (none: no statement). */
export async function insertActions(
  tx: Queryable,
  actions: { signalId: string; personId: string | null; kind: "inform_reflection_period"; dueAt: Date }[],
): Promise<void> {
  if (actions.length === 0) return;
  await tx.query(
    `insert into signal_actions (signal_id, person_id, kind, due_at) values ${actions
      .map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`)
      .join(", ")}`,
    actions.flatMap((a) => [a.signalId, a.personId, a.kind, a.dueAt.toISOString()]),
  );
}

/**
 * Opens the persons of a just-submitted signal to the signal desk: a grant per person, purpose and
 * desk organisation (those with an active desk officer, read in the same statement, so it is never
 * stale), except the submitting organisation itself.
 */
export async function grantToSignalDesk(
  tx: Queryable,
  g: {
    personIds: string[];
    purposes: string[];
    exceptOrganisationId: string;
    grantedBy: string | null;
    at: Date;
  },
): Promise<void> {
  if (g.personIds.length === 0) return;
  await tx.query(
    `insert into person_access_grants (person_id, organisation_id, purpose, conditions, via, granted_by, granted_at)
     select p.id, d.organisation_id, u.purpose, '{}'::text[], 'signal_desk', $4::uuid, $5::timestamptz
     from unnest($1::uuid[]) p(id)
     cross join (${deskOrganisationsSql("$2")}) d
     cross join unnest($3::text[]) u(purpose)`,
    [g.personIds, g.exceptOrganisationId, g.purposes, g.grantedBy, g.at.toISOString()],
  );
}

export type ActionRow = {
  id: string;
  person_id: string | null;
  kind: string;
  due_at: Date;
  done_at: Date | null;
};

export async function listActions(db: Queryable, signalId: string): Promise<ActionRow[]> {
  return db.query<ActionRow>(
    "select id, person_id, kind, due_at, done_at from signal_actions where signal_id = $1 order by due_at",
    [signalId],
  );
}

export type RoutingRow = {
  id: string;
  signal_id: string;
  track: Track;
  organisation_id: string;
  organisation_name: string;
  organisation_type: string;
  status: "pending" | "accepted" | "declined" | "withdrawn";
  legal_basis: string;
  reason_enc: string;
  routed_at: Date;
  decided_at: Date | null;
  decision_reason_enc: string | null;
  /** An automatic alert to the region's quick-response team (no user routed it). */
  quick_response: boolean;
  /** The team's clock: when it should have accepted (quick-response alerts). */
  due_at: Date | null;
};

export async function insertRouting(
  tx: Queryable,
  cipher: FieldCipher,
  r: {
    signalId: string;
    track: Track;
    organisationId: string;
    legalBasis: string;
    reason: string;
    /** The desk officer; null only for a quick-response alert the platform raised itself. */
    by: string | null;
    at: Date;
    quickResponse?: { dueAt: Date };
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into signal_routings (signal_id, track, organisation_id, status, legal_basis, reason_enc, routed_by, routed_at, quick_response, due_at)
     values ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9) returning id`,
    [
      r.signalId,
      r.track,
      r.organisationId,
      r.legalBasis,
      cipher.encrypt(r.reason),
      r.by,
      r.at.toISOString(),
      r.quickResponse !== undefined,
      r.quickResponse?.dueAt.toISOString() ?? null,
    ],
  );
  return row!.id;
}

export async function listRoutings(db: Queryable, signalIds: string[]): Promise<RoutingRow[]> {
  if (signalIds.length === 0) return [];
  return db.query<RoutingRow>(
    `select r.*, o.name as organisation_name, o.type as organisation_type from signal_routings r
     join organisations o on o.id = r.organisation_id where r.signal_id = any($1) order by r.routed_at`,
    [signalIds],
  );
}

export async function findRouting(db: Queryable, id: string): Promise<RoutingRow | null> {
  const [row] = await db.query<RoutingRow>(
    `select r.*, o.name as organisation_name, o.type as organisation_type from signal_routings r
     join organisations o on o.id = r.organisation_id where r.id = $1`,
    [id],
  );
  return row ?? null;
}

export async function decideRouting(
  tx: Queryable,
  cipher: FieldCipher,
  d: { id: string; accept: boolean; reason: string | null; by: string; at: Date },
): Promise<boolean> {
  const rows = await tx.query(
    `update signal_routings set status = $2, decided_by = $3, decided_at = $4, decision_reason_enc = $5 where id = $1 and status = 'pending' returning id`,
    [
      d.id,
      d.accept ? "accepted" : "declined",
      d.by,
      d.at.toISOString(),
      d.reason ? cipher.encrypt(d.reason) : null,
    ],
  );
  return rows.length === 1;
}

/** The signals of a group (or just the signal itself when it is not linked). */
export async function groupMembers(
  db: Queryable,
  signal: Pick<SignalRow, "id" | "group_id">,
): Promise<string[]> {
  if (!signal.group_id) return [signal.id];
  return (
    await db.query<{ id: string }>("select id from signals where group_id = $1 order by created_at", [
      signal.group_id,
    ])
  ).map((r) => r.id);
}

export async function setGroup(tx: Queryable, ids: string[], groupId: string): Promise<void> {
  await tx.query(
    "update signals set group_id = $2 where id = any($1) or group_id in (select group_id from signals where id = any($1) and group_id is not null)",
    [ids, groupId],
  );
}

export type QueueFilter = {
  view: "mine" | "desk" | "team";
  organisationId: string;
  userId: string;
  status?: string;
  form?: string;
  urgency?: string;
  minorInvolved?: boolean;
  policeUnitId?: string;
  municipalityCode?: string;
  overdue?: boolean;
  olderThanDays?: number;
  assigneeUserId?: string;
  now: Date;
};

/** The queue, filtered in SQL. */
export async function listSignals(db: Queryable, f: QueueFilter): Promise<SignalRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.view === "mine")
    where.push(
      `s.organisation_id = ${p(f.organisationId)} and (s.status <> 'draft' or s.reporter_user_id = ${p(f.userId)})`,
    );
  if (f.view === "desk") where.push("s.status <> 'draft'");
  if (f.view === "team")
    where.push(
      `exists (select 1 from signal_routings r where r.signal_id = s.id and r.organisation_id = ${p(f.organisationId)} and r.status <> 'withdrawn')`,
    );
  if (f.status) where.push(`s.status = ${p(f.status)}`);
  if (f.form) where.push(`${p(f.form)} = any(s.forms)`);
  if (f.urgency) where.push(`s.urgency = ${p(f.urgency)}`);
  if (f.minorInvolved !== undefined) where.push(`s.minor_involved = ${p(f.minorInvolved)}`);
  if (f.policeUnitId) where.push(`m.police_unit_id = ${p(f.policeUnitId)}`);
  if (f.municipalityCode) where.push(`s.municipality_code = ${p(f.municipalityCode)}`);
  if (f.assigneeUserId) where.push(`s.assignee_user_id = ${p(f.assigneeUserId)}`);
  // Only bind "now" when a filter uses it: PostgreSQL refuses parameters it cannot type.
  const usesNow = f.overdue !== undefined || f.olderThanDays !== undefined;
  const now = usesNow ? `${p(f.now.toISOString())}::timestamptz` : "";
  if (f.overdue === true)
    where.push(
      `s.deadline_at <= ${now} and s.status not in ('closed', 'closed_no_action', 'merged', 'draft')`,
    );
  if (f.overdue === false)
    where.push(
      `(s.deadline_at is null or s.deadline_at > ${now} or s.status in ('closed', 'closed_no_action', 'merged'))`,
    );
  if (f.olderThanDays !== undefined)
    where.push(
      `coalesce(s.submitted_at, s.created_at) <= ${now} - make_interval(days => ${p(f.olderThanDays)}::int)`,
    );
  return db.query<SignalRow>(
    `${SELECT} where ${where.join(" and ")} order by s.deadline_at nulls last, s.created_at desc limit 500`,
    params,
  );
}
