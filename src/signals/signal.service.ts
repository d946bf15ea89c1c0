/**
 * @module signal.service
 * Use cases of signals: a professional's draft and submission (immutable afterwards; later facts
 * are appended), the B8 action at the slightest indication, the signal desk's queue, status changes
 * by the transition table, linking duplicates, routing to teams with a legal basis, and the team's
 * answer, which the reporter sees. People in a signal are persons records, read through the
 * sharing presenter.
 */
import { randomUUID } from "node:crypto";
import { can } from "../accounts/permissions.rules";
import { type AuditInput, appendAudit } from "../audit/audit.repository";
import {
  findPerson,
  insertGrant,
  insertPersons,
  type NewPersonWithId,
  personFieldSpecs,
  personValues,
} from "../persons/person.repository";
import { type Queryable, violatedConstraint } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import { COLUMN_CLASSIFICATION } from "../sharing/column-classification";
import type { DataCategory } from "../sharing/data-categories";
import { presentPersonalRecord, presentWithAccess, type Viewer } from "../sharing/presenter";
import type { Purpose } from "../sharing/purposes";
import {
  normalisePhoneNumber,
  normaliseSubjectName,
  parseDutchAddress,
  type SignalSummary,
  suggestDuplicates,
} from "./duplicates.rules";
import { alertQuickResponse, completeManualAlert } from "./quick-response.service";
import { reflectionPeriodAction } from "./reflection-period.rules";
import {
  appendEvent,
  clearDraftParts,
  decideRouting,
  findRouting,
  findSignal,
  grantToSignalDesk,
  groupMembers,
  insertActions,
  insertRouting,
  insertSignal,
  insertSignalParts,
  insertSubmittedSignal,
  linkPerson,
  listActions,
  listEvents,
  listRoutings,
  listSignals,
  listSubjects,
  lockSignal,
  nextReference,
  type QueueFilter,
  type SignalRow,
  type SubjectInput,
  setGroup,
  setStatus,
  signalPersonIds,
  signalPersons,
  updateDraftFacts,
} from "./signal.repository";
import type { SignalDraft } from "./signal.schema";
import type { SignalStatus, Track } from "./signal.vocabulary";
import { canTransition, requireTransition, signalStatusFromRoutings } from "./signal-status.rules";
import { TRACK_LEGAL_BASIS, TRACK_PURPOSE } from "./track-basis";
import { deadlineFor } from "./working-days.rules";

/** The audit entry of something the viewer did to a signal. */
const auditEntry = (
  viewer: Viewer,
  action: string,
  id: string,
  purpose: string,
  details: Record<string, unknown>,
): AuditInput => ({
  actorUserId: viewer.userId,
  actorOrganisationId: viewer.organisationId,
  requestId: viewer.requestId,
  action,
  objectType: "signal",
  objectId: id,
  purpose,
  details,
});

const audit = (
  tx: Queryable,
  viewer: Viewer,
  action: string,
  id: string,
  purpose: string,
  details: Record<string, unknown>,
) => appendAudit(tx, auditEntry(viewer, action, id, purpose, details));

const lawfulResidenceOf = (status: string | null | undefined) =>
  status === "lawful" || status === "dutch_or_eu" || status === "asylum_procedure"
    ? "yes"
    : status === "none"
      ? "no"
      : "unknown";

/** A person in a signal, with what the B8 decision needs (as stored, or as about to be written). */
type SignalPerson = { id: string; role: string; nationality: string | null; residence_status: string | null };

/** A draft's persons (victims, then subjects who are people; ids chosen here) and its companies and locations. */
function partsOf(
  deps: Deps,
  viewer: Viewer,
  draft: SignalDraft,
): { persons: NewPersonWithId[]; subjects: SubjectInput[] } {
  const owner = { organisationId: viewer.organisationId, createdBy: viewer.userId, at: deps.now() };
  const persons: NewPersonWithId[] = draft.victims.map((v) => ({
    id: randomUUID(),
    role: "possible_victim" as const,
    ...v,
    ...owner,
  }));
  const subjects: SubjectInput[] = [];
  for (const s of draft.subjects) {
    if (s.kind === "person") {
      persons.push({
        id: randomUUID(),
        role: "suspect",
        name: s.name,
        alias: s.alias,
        phone: s.phone,
        ...owner,
      });
      continue;
    }
    const address = "address" in s ? (s.address ?? null) : null;
    const phone = "phone" in s ? (s.phone ?? null) : null;
    subjects.push({
      kind: s.kind,
      name: s.name ?? null,
      kvkNumber: "kvkNumber" in s ? (s.kvkNumber ?? null) : null,
      address,
      addressKey: address ? parseDutchAddress(address) : null,
      phone,
      phoneKey: phone ? normalisePhoneNumber(phone) : null,
    });
  }
  return { persons, subjects };
}

const asSignalPerson = (p: NewPersonWithId): SignalPerson => ({
  id: p.id,
  role: p.role,
  nationality: p.nationality ?? null,
  residence_status: p.residenceStatus ?? null,
});

/** Writes a draft's persons in one statement, then their links and the companies and locations in another. */
async function writeParts(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  signalId: string,
  draft: SignalDraft,
): Promise<void> {
  const { persons, subjects } = partsOf(deps, viewer, draft);
  await insertPersons(tx, deps.cipher, persons);
  await insertSignalParts(tx, deps.cipher, { signalId, personIds: persons.map((p) => p.id), subjects });
}

const unknownMunicipality = () =>
  new AppError("VALIDATION_FAILED", "Onbekende gemeentecode. / Unknown municipality code.", {
    fields: [{ field: "municipalityCode", message: "unknown municipality code" }],
  });

async function checkMunicipality(tx: Queryable, code: string | undefined): Promise<void> {
  if (!code) return;
  const [m] = await tx.query("select 1 from municipalities where code = $1", [code]);
  if (!m) throw unknownMunicipality();
}

function facts(draft: SignalDraft) {
  return {
    municipalityCode: draft.municipalityCode ?? null,
    address: draft.address ?? null,
    observedOn: draft.observedOn ?? null,
    forms: draft.forms,
    indicatorIds: draft.indicatorIds,
    narrative: draft.narrative ?? null,
    urgency: draft.urgency,
    minorInvolved: draft.minorInvolved,
  };
}

/** How a new signal came in: the channel, the reporting person (none for a partner system), extra audit details. */
type Intake = {
  channel: SignalRow["channel"];
  reporterUserId: string | null;
  auditDetails?: Record<string, unknown>;
  /** A partner system's own identifier of the signal, recorded with it (see insertSubmittedSignal). */
  partnerSubmission?: { externalId: string; apiKeyId: string };
};

async function insertDraft(
  tx: Queryable,
  { deps, viewer, draft, intake }: { deps: Deps; viewer: Viewer; draft: SignalDraft; intake: Intake },
): Promise<{ id: string; reference: string }> {
  await checkMunicipality(tx, draft.municipalityCode);
  const at = deps.now();
  const reference = await nextReference(tx, at.getUTCFullYear());
  const id = await insertSignal(tx, deps.cipher, {
    reference,
    channel: intake.channel,
    organisationId: viewer.organisationId,
    reporterUserId: intake.reporterUserId,
    ...facts(draft),
    at,
  });
  await writeParts(tx, deps, viewer, id, draft);
  await audit(tx, viewer, "signal.draft_saved", id, "own_administration", {
    victims: draft.victims.length,
    subjects: draft.subjects.length,
    ...intake.auditDetails,
  });
  return { id, reference };
}

export async function createDraft(
  deps: Deps,
  viewer: Viewer,
  draft: SignalDraft,
): Promise<{ id: string; reference: string }> {
  return deps.db.transaction((tx) =>
    insertDraft(tx, {
      deps,
      viewer,
      draft,
      intake: { channel: "professional", reporterUserId: viewer.userId },
    }),
  );
}

/** The desk triages: it may open the people in a signal for its purposes, field by field per the rules. */
const DESK_PURPOSES = ["supervision", "investigation"] satisfies Purpose[];

/** The pseudonym drawn for a new person was taken (rare): the caller tries again with new ones. */
export const isPseudonymTaken = (error: unknown) => violatedConstraint(error, "persons_pseudonym_key");

/**
 * Files a signal and submits it at once (partner systems). The same rows, history and audit entry
 * as saving a draft and submitting it, but written in one statement: the signal is inserted as
 * received (it is never visible as a draft), with its persons, subjects, B8 actions, the desk's
 * grants, the partner's external id and its audit entry, decided from the draft in memory instead
 * of read back. That statement is atomic by itself, so `q` may be the database without a
 * transaction — except for an urgent signal, whose alert to the quick-response team is more work
 * and needs the caller's transaction (refused otherwise). With a transaction, the caller's own
 * bookkeeping (idempotency record) commits or rolls back with it. Fails, writing nothing, on an
 * unknown municipality (400), a known external id or a taken pseudonym (see the repository).
 */
export async function fileSubmittedSignal(
  q: Queryable,
  { deps, viewer, draft, intake }: { deps: Deps; viewer: Viewer; draft: SignalDraft; intake: Intake },
): Promise<{ id: string; reference: string; actions: number }> {
  if (draft.urgency === "immediate" && !q.defer)
    throw new Error("An urgent signal is filed in a transaction: its alert is more than one statement.");
  const id = randomUUID();
  const createdAt = deps.now();
  const { persons, subjects } = partsOf(deps, viewer, draft);
  const at = deps.now();
  const signal = {
    urgency: draft.urgency,
    forms: draft.forms,
    indicator_ids: draft.indicatorIds,
    municipality_code: draft.municipalityCode ?? null,
  };
  const actions = reflectionPeriodActions({ signal, persons: persons.map(asSignalPerson), at });
  // Filed and submitted in one step, there was never a draft: one entry records the whole write.
  const submitted = auditEntry(viewer, "signal.submitted", id, "own_administration", {
    urgency: draft.urgency,
    actions: actions.length,
    persons: persons.length,
    victims: draft.victims.length,
    subjects: draft.subjects.length,
    ...intake.auditDetails,
  });
  let filed: { id: string; reference: string };
  try {
    filed = await insertSubmittedSignal(q, deps.cipher, {
      id,
      year: createdAt.getUTCFullYear(),
      channel: intake.channel,
      organisationId: viewer.organisationId,
      reporterUserId: intake.reporterUserId,
      ...facts(draft),
      createdAt,
      submittedAt: at,
      deadlineAt: deadlineFor({ receivedAt: at, urgency: draft.urgency }).dueAt,
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      persons,
      subjects,
      actions,
      desk: {
        purposes: DESK_PURPOSES,
        exceptOrganisationId: viewer.organisationId,
        grantedBy: viewer.userId,
      },
      partnerSubmission: intake.partnerSubmission,
      audit: [{ input: submitted, occurredAt: new Date() }],
    });
  } catch (error) {
    if (violatedConstraint(error, "signals_municipality_code_fkey")) throw unknownMunicipality();
    throw error;
  }
  await alertIfUrgent(q, {
    deps,
    viewer,
    signal: { ...signal, id },
    personIds: persons.map((p) => p.id),
    at,
  });
  return { id: filed.id, reference: filed.reference, actions: actions.length };
}

/** A draft of the viewer's own; anything else answers "not found". */
async function ownDraft(tx: Queryable, viewer: Viewer, id: string): Promise<SignalRow> {
  const row = await lockSignal(tx, id);
  if (!row || row.reporter_user_id !== viewer.userId) throw notFound();
  if (row.status !== "draft")
    throw new AppError(
      "CONFLICT",
      "Een ingediende melding kan niet meer worden gewijzigd; voeg een aanvulling toe. / A submitted signal cannot be changed; add a fact instead.",
    );
  return row;
}

export async function updateDraft(deps: Deps, viewer: Viewer, id: string, draft: SignalDraft): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await ownDraft(tx, viewer, id);
    await checkMunicipality(tx, draft.municipalityCode);
    await updateDraftFacts(tx, deps.cipher, id, { ...facts(draft), at: deps.now() });
    await clearDraftParts(tx, id);
    await writeParts(tx, deps, viewer, id, draft);
    await audit(tx, viewer, "signal.draft_saved", id, "own_administration", {
      victims: draft.victims.length,
      subjects: draft.subjects.length,
    });
  });
}

/** Submits a draft: from now on it is immutable, on the desk's queue, with its deadline and actions. */
export async function submitSignal(
  deps: Deps,
  viewer: Viewer,
  id: string,
): Promise<{ reference: string; actions: number }> {
  return deps.db.transaction(async (tx) =>
    submitRow(tx, { deps, viewer, row: await ownDraft(tx, viewer, id) }),
  );
}

async function submitRow(
  tx: Queryable,
  { deps, viewer, row }: { deps: Deps; viewer: Viewer; row: SignalRow },
): Promise<{ reference: string; actions: number }> {
  const id = row.id;
  const at = deps.now();
  const deadline = deadlineFor({ receivedAt: at, urgency: row.urgency });
  await setStatus(tx, {
    id,
    from: "draft",
    to: "received",
    at,
    extra: { submittedAt: at, deadlineAt: deadline.dueAt },
  });
  await appendEvent(tx, deps.cipher, {
    signalId: id,
    kind: "status",
    fromStatus: null,
    toStatus: "received",
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    at,
  });
  const persons = await signalPersons(tx, id);
  const actions = reflectionPeriodActions({ signal: row, persons, at });
  await insertActions(
    tx,
    actions.map((a) => ({ ...a, signalId: id })),
  );
  const personIds = persons.map((p) => p.id);
  await grantToSignalDesk(tx, {
    personIds,
    purposes: DESK_PURPOSES,
    exceptOrganisationId: viewer.organisationId,
    grantedBy: viewer.userId,
    at,
  });
  await afterSubmission(tx, { deps, viewer, signal: row, personIds, actions: actions.length, at });
  return { reference: row.reference, actions: actions.length };
}

/** The slightest indication: a foreign national without known lawful residence must be told of B8. */
function reflectionPeriodActions({
  signal,
  persons,
  at,
}: {
  signal: Pick<SignalRow, "urgency" | "forms" | "indicator_ids">;
  persons: SignalPerson[];
  at: Date;
}): { personId: string; kind: "inform_reflection_period"; dueAt: Date }[] {
  const actions: { personId: string; kind: "inform_reflection_period"; dueAt: Date }[] = [];
  for (const person of persons) {
    if (person.role !== "possible_victim") continue;
    const decision = reflectionPeriodAction({
      person: {
        nationality: String(person.nationality ?? "unknown"),
        lawfulResidence: lawfulResidenceOf(person.residence_status),
      },
      indicatorIds: signal.indicator_ids,
      otherIndication: signal.forms.length > 0,
      indicatedAt: at,
      urgency: signal.urgency,
    });
    if (decision.required)
      actions.push({ personId: person.id, kind: "inform_reflection_period", dueAt: decision.deadline.dueAt });
  }
  return actions;
}

type Submitted = {
  deps: Deps;
  viewer: Viewer;
  signal: Pick<SignalRow, "id" | "urgency" | "municipality_code">;
  personIds: string[];
  at: Date;
};

/** For urgency `immediate`, in the submission's transaction: the alert to the quick-response team. */
async function alertIfUrgent(
  tx: Queryable,
  { deps, viewer, signal, personIds, at }: Submitted,
): Promise<void> {
  if (signal.urgency === "immediate")
    await alertQuickResponse(tx, deps, {
      id: signal.id,
      municipalityCode: signal.municipality_code,
      personIds,
      at,
      requestId: viewer.requestId,
      audited: true,
    });
}

/** After a draft's submission, in its transaction: the quick-response alert, and the audit entry. */
async function afterSubmission(tx: Queryable, submitted: Submitted & { actions: number }): Promise<void> {
  await alertIfUrgent(tx, submitted);
  const { viewer, signal, personIds, actions } = submitted;
  await audit(tx, viewer, "signal.submitted", signal.id, "own_administration", {
    urgency: signal.urgency,
    actions,
    persons: personIds.length,
  });
}

export type SignalAccess = { kind: "owner" | "desk" | "team"; purpose: Purpose };

/** How the viewer may open a submitted signal (or their own draft), or null: answered as "not found". */
export async function signalAccess(
  tx: Queryable,
  viewer: Viewer,
  row: SignalRow,
): Promise<SignalAccess | null> {
  if (
    row.organisation_id === viewer.organisationId &&
    (row.status !== "draft" || row.reporter_user_id === viewer.userId)
  ) {
    return { kind: "owner", purpose: "own_administration" };
  }
  if (row.status === "draft") return null;
  if (can(viewer.roles, "signals:desk")) return { kind: "desk", purpose: "supervision" };
  const routings = (await listRoutings(tx, await groupMembers(tx, row))).filter(
    (r) => r.organisation_id === viewer.organisationId && r.status !== "withdrawn",
  );
  if (routings.length) return { kind: "team", purpose: TRACK_PURPOSE[routings[0]!.track] };
  return null;
}

const SIGNAL_FIELDS = {
  municipalityCode: "municipality_code",
  address: "address_enc",
  observedOn: "observed_on",
  forms: "forms",
  indicatorIds: "indicator_ids",
  narrative: "narrative_enc",
  minorInvolved: "minor_involved",
} as const;

export async function readSignal(deps: Deps, viewer: Viewer, id: string) {
  return deps.db.transaction(async (tx) => {
    const row = await findSignal(tx, id);
    if (!row) throw notFound();
    const access = await signalAccess(tx, viewer, row);
    if (!access) throw notFound();
    const personIds = await signalPersonIds(tx, id);
    const fields = {} as Record<keyof typeof SIGNAL_FIELDS, { category: DataCategory; value: unknown }>;
    for (const [name, column] of Object.entries(SIGNAL_FIELDS) as [keyof typeof SIGNAL_FIELDS, string][]) {
      const raw = row[column as keyof SignalRow];
      fields[name] = {
        category: COLUMN_CLASSIFICATION.signals![column]!,
        value: column.endsWith("_enc") && typeof raw === "string" ? deps.cipher.decrypt(raw) : raw,
      };
    }
    const presented = await presentWithAccess(tx, deps, {
      viewer,
      ref: {
        type: "signal",
        id,
        ownerOrganisationId: row.organisation_id ?? viewer.organisationId,
        ownerOrganisationType: (row.organisation_type ??
          viewer.organisationType) as Viewer["organisationType"],
      },
      purpose: access.purpose,
      fields,
      // An anonymous report has no reporting organisation: the desk holds it.
      access: {
        kind:
          access.kind === "owner" || (row.organisation_id === null && access.kind === "desk")
            ? "owner"
            : "grant",
        conditions: [],
      },
      consents: [],
      personIds,
    });
    const persons = [];
    for (const personId of personIds) {
      const person = await findPerson(tx, personId);
      if (!person) continue;
      try {
        const p = await presentPersonalRecord(tx, deps, {
          viewer,
          ref: {
            type: "person",
            id: person.id,
            personId: person.id,
            ownerOrganisationId: person.organisation_id,
            ownerOrganisationType: person.organisation_type,
          },
          purpose: access.purpose,
          fields: personFieldSpecs(personValues(deps.cipher, person)),
        });
        persons.push({ id: person.id, pseudonym: person.pseudonym, ...p });
      } catch (error) {
        if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
        persons.push({
          id: person.id,
          pseudonym: person.pseudonym,
          access: null,
          purpose: access.purpose,
          fields: null,
        });
      }
    }
    const members = await groupMembers(tx, row);
    const routings = await listRoutings(tx, members);
    const subjects = access.kind === "owner" || access.kind === "desk" ? await listSubjects(tx, [id]) : [];
    const events = await listEvents(tx, id);
    const actions = await listActions(tx, id);
    return {
      id: row.id,
      reference: row.reference,
      channel: row.channel,
      status: row.status,
      urgency: row.urgency,
      submittedAt: row.submitted_at?.toISOString() ?? null,
      deadlineAt: row.deadline_at?.toISOString() ?? null,
      overdue:
        !!row.deadline_at &&
        row.deadline_at <= deps.now() &&
        !["closed", "closed_no_action", "merged"].includes(row.status),
      reporterOrganisation: row.organisation_name,
      access: access.kind,
      purpose: access.purpose,
      fields: presented.fields,
      persons,
      subjects: subjects.map((s) => ({
        kind: s.kind,
        name: s.name,
        kvkNumber: s.kvk_number,
        address: s.address_enc ? deps.cipher.decrypt(s.address_enc) : null,
        phone: s.phone_enc ? deps.cipher.decrypt(s.phone_enc) : null,
      })),
      groupSignalIds: members.filter((m) => m !== id),
      // The reporter sees which team took it on and the outcome; the reasons stay with desk and team.
      routings: routings
        .filter((r) => (access.kind === "team" ? r.organisation_id === viewer.organisationId : true))
        .filter((r) => access.kind !== "owner" || r.signal_id === id)
        .map((r) => ({
          id: r.id,
          track: r.track,
          organisation: r.organisation_name,
          status: r.status,
          legalBasis: r.legal_basis,
          routedAt: r.routed_at.toISOString(),
          decidedAt: r.decided_at?.toISOString() ?? null,
          quickResponse: r.quick_response,
          dueAt: r.due_at?.toISOString() ?? null,
          overdue: r.status === "pending" && !!r.due_at && r.due_at <= deps.now(),
          reason: access.kind === "owner" ? null : deps.cipher.decrypt(r.reason_enc),
          decisionReason:
            access.kind === "owner" || !r.decision_reason_enc
              ? null
              : deps.cipher.decrypt(r.decision_reason_enc),
        })),
      history: events.map((e) => ({
        kind: e.kind,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        text:
          access.kind === "owner" && e.kind === "enrichment"
            ? null
            : e.text_enc
              ? deps.cipher.decrypt(e.text_enc)
              : null,
        source: e.source_name,
        legalBasis: e.legal_basis,
        by: e.actor_name,
        at: e.at.toISOString(),
      })),
      actions: actions.map((a) => ({
        kind: a.kind,
        personId: a.person_id,
        dueAt: a.due_at.toISOString(),
        done: a.done_at !== null,
        overdue: !a.done_at && a.due_at <= deps.now(),
      })),
    };
  });
}

export async function listQueue(
  deps: Deps,
  viewer: Viewer,
  filter: Omit<QueueFilter, "organisationId" | "userId" | "now">,
) {
  if (filter.view === "desk" && !can(viewer.roles, "signals:desk")) {
    throw new AppError(
      "FORBIDDEN",
      "Alleen het meldpunt ziet de wachtrij. / Only the signal desk sees the queue.",
    );
  }
  return deps.db.transaction(async (tx) => {
    const rows = await listSignals(tx, {
      ...filter,
      organisationId: viewer.organisationId,
      userId: viewer.userId,
      now: deps.now(),
    });
    await audit(
      tx,
      viewer,
      "signal.list_read",
      "*",
      filter.view === "mine" ? "own_administration" : "supervision",
      { view: filter.view, count: rows.length },
    );
    // A team sees which acute signals wait for it, with the time it should have accepted by.
    const alerts =
      filter.view === "team"
        ? new Map(
            (
              await tx.query<{ signal_id: string; due_at: Date }>(
                "select signal_id, due_at from signal_routings where organisation_id = $1 and quick_response and status = 'pending'",
                [viewer.organisationId],
              )
            ).map((a) => [a.signal_id, a.due_at.toISOString()]),
          )
        : new Map<string, string>();
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status,
      urgency: r.urgency,
      quickResponseDueAt: alerts.get(r.id) ?? null,
      forms: r.forms,
      minorInvolved: r.minor_involved,
      municipalityCode: r.municipality_code,
      policeUnitId: r.police_unit_id,
      reporterOrganisation: r.organisation_name,
      submittedAt: r.submitted_at?.toISOString() ?? null,
      deadlineAt: r.deadline_at?.toISOString() ?? null,
      overdue:
        !!r.deadline_at &&
        r.deadline_at <= deps.now() &&
        !["closed", "closed_no_action", "merged", "draft"].includes(r.status),
      grouped: r.group_id !== null,
    }));
  });
}

/** Appends a later fact (reporter or desk) or an enrichment note with its source and legal basis (desk). */
export async function addFact(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { text: string; kind: "fact" | "enrichment"; sourceOrganisationId?: string; legalBasis?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await findSignal(tx, id);
    if (!row) throw notFound();
    const access = await signalAccess(tx, viewer, row);
    if (!access || access.kind === "team" || row.status === "draft") throw notFound();
    if (input.kind === "enrichment" && access.kind !== "desk")
      throw new AppError(
        "FORBIDDEN",
        "Alleen het meldpunt verrijkt meldingen. / Only the signal desk enriches signals.",
      );
    await appendEvent(tx, deps.cipher, {
      signalId: id,
      kind: input.kind,
      text: input.text,
      sourceOrganisationId: input.sourceOrganisationId ?? null,
      legalBasis: input.legalBasis ?? null,
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      at: deps.now(),
    });
    await audit(tx, viewer, `signal.${input.kind}_added`, id, access.purpose, {
      sourceOrganisationId: input.sourceOrganisationId ?? null,
    });
  });
}

/** A desk status change by the transition table; history appended; the group moves together. */
export async function changeStatus(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { to: SignalStatus; reason?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await lockSignal(tx, id);
    if (!row || !(await signalAccess(tx, viewer, row))) throw notFound();
    if (row.status === "draft")
      throw new AppError("CONFLICT", "Dien de melding eerst in. / Submit the signal first.");
    const actor = viewer.roles.find((r) => r === "desk_officer") ?? viewer.roles[0]!;
    requireTransition({ from: row.status, to: input.to, actor, reason: input.reason ?? null });
    const at = deps.now();
    if (!(await setStatus(tx, { id, from: row.status, to: input.to, at })))
      throw new AppError(
        "CONFLICT",
        "De status is intussen veranderd; laad de melding opnieuw. / The status changed meanwhile; reload the signal.",
      );
    await appendEvent(tx, deps.cipher, {
      signalId: id,
      kind: "status",
      fromStatus: row.status,
      toStatus: input.to,
      text: input.reason ?? null,
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      at,
    });
    await audit(tx, viewer, "signal.status_changed", id, "supervision", { from: row.status, to: input.to });
  });
}

function summaryOf(
  deps: Deps,
  row: SignalRow,
  subjects: Awaited<ReturnType<typeof listSubjects>>,
  names: string[],
): SignalSummary {
  const mine = subjects.filter((s) => s.signal_id === row.id);
  const addresses = mine.map((s) =>
    s.address_enc ? parseDutchAddress(deps.cipher.decrypt(s.address_enc)) : null,
  );
  if (row.address_enc) addresses.push(parseDutchAddress(deps.cipher.decrypt(row.address_enc)));
  return {
    id: row.id,
    kvkNumbers: mine.map((s) => s.kvk_number).filter((k): k is string => !!k),
    addresses: addresses.filter((a): a is string => !!a),
    phones: mine
      .map((s) => (s.phone_enc ? normalisePhoneNumber(deps.cipher.decrypt(s.phone_enc)) : null))
      .filter((p): p is string => !!p),
    subjectNames: [...mine.map((s) => s.name).filter((n): n is string => !!n), ...names].map(
      normaliseSubjectName,
    ),
    municipalityCode: row.municipality_code,
    text: row.narrative_enc ? deps.cipher.decrypt(row.narrative_enc) : "",
    createdAt: row.submitted_at ?? row.created_at,
  };
}

/** Likely duplicates and related signals, for the desk: candidates found in SQL (same KvK, address, phone, municipality, recent). */
export async function duplicateSuggestions(deps: Deps, viewer: Viewer, id: string) {
  if (!can(viewer.roles, "signals:desk")) throw notFound();
  return deps.db.transaction(async (tx) => {
    const row = await findSignal(tx, id);
    if (!row || row.status === "draft") throw notFound();
    const own = await listSubjects(tx, [id]);
    const candidates = await tx.query<{ id: string }>(
      `select distinct s.id from signals s left join signal_subjects j on j.signal_id = s.id
       where s.id <> $1 and s.status <> 'draft' and (
         j.kvk_number = any($2) or j.address_index = any($3) or j.phone_index = any($4)
         or (s.municipality_code = $5 and s.submitted_at > $6::timestamptz - interval '180 days'))
       limit 200`,
      [
        id,
        own.map((s) => s.kvk_number).filter(Boolean),
        own.map((s) => s.address_index).filter(Boolean),
        own.map((s) => s.phone_index).filter(Boolean),
        row.municipality_code,
        deps.now().toISOString(),
      ],
    );
    const rows = (await Promise.all(candidates.map((c) => findSignal(tx, c.id)))).filter(
      (r): r is SignalRow => r !== null,
    );
    const subjects = await listSubjects(tx, [id, ...rows.map((r) => r.id)]);
    const suggestions = suggestDuplicates({
      signal: summaryOf(deps, row, subjects, []),
      candidates: rows.map((r) => summaryOf(deps, r, subjects, [])),
    });
    await audit(tx, viewer, "signal.duplicates_suggested", id, "supervision", {
      suggestions: suggestions.length,
    });
    const references = new Map(rows.map((r) => [r.id, r.reference]));
    return suggestions.map((s) => ({ ...s, reference: references.get(s.id)! }));
  });
}

/** Groups signals, so one routing serves them all and every reporter gets the feedback. */
export async function linkSignals(
  deps: Deps,
  viewer: Viewer,
  id: string,
  others: string[],
): Promise<string[]> {
  if (!can(viewer.roles, "signals:desk")) throw notFound();
  return deps.db.transaction(async (tx) => {
    const ids = [id, ...others.filter((o) => o !== id)];
    const rows = await Promise.all(ids.map((s) => findSignal(tx, s)));
    if (rows.some((r) => !r || r.status === "draft")) throw notFound();
    const groupId = rows.find((r) => r!.group_id)?.group_id ?? crypto.randomUUID();
    await setGroup(tx, ids, groupId);
    for (const s of ids)
      await appendEvent(tx, deps.cipher, {
        signalId: s,
        kind: "link",
        text: null,
        actorUserId: viewer.userId,
        actorOrganisationId: viewer.organisationId,
        at: deps.now(),
      });
    await audit(tx, viewer, "signal.linked", id, "supervision", { groupSize: ids.length });
    return groupMembers(tx, { id, group_id: groupId });
  });
}

/**
 * The desk links a possible victim or suspect from another signal of the group to this signal (two
 * reporters saw the same person). Only people of the group's other signals can be linked, so the
 * desk never attaches a person it has no business with; teams this signal was routed to get the
 * person as they got the others, for their track's purpose.
 */
export async function linkPersonToSignal(
  deps: Deps,
  viewer: Viewer,
  id: string,
  personId: string,
): Promise<void> {
  if (!can(viewer.roles, "signals:desk")) throw notFound();
  await deps.db.transaction(async (tx) => {
    const row = await lockSignal(tx, id);
    if (!row || row.status === "draft") throw notFound();
    const members = (await groupMembers(tx, row)).filter((m) => m !== id);
    const inGroup = (
      await tx.query<{ signal_id: string }>(
        "select signal_id from signal_persons where person_id = $1 and signal_id = any($2)",
        [personId, members],
      )
    )[0];
    if (!inGroup)
      throw new AppError(
        "VALIDATION_FAILED",
        "Alleen personen uit gekoppelde meldingen kunnen worden gekoppeld. / Only people from linked signals can be linked.",
        { fields: [{ field: "personId", message: "not a person of a linked signal" }] },
      );
    if ((await signalPersonIds(tx, id)).includes(personId))
      throw new AppError(
        "CONFLICT",
        "Deze persoon hoort al bij de melding. / This person is already linked.",
      );
    await linkPerson(tx, id, personId);
    const at = deps.now();
    for (const routing of (await listRoutings(tx, [id])).filter((r) => r.status !== "withdrawn"))
      await insertGrant(tx, {
        personId,
        organisationId: routing.organisation_id,
        purpose: TRACK_PURPOSE[routing.track],
        conditions: [],
        via: "routing",
        grantedBy: viewer.userId,
        at,
      });
    const person = (await findPerson(tx, personId))!;
    await appendEvent(tx, deps.cipher, {
      signalId: id,
      kind: "link",
      text: `${person.pseudonym}`,
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      at,
    });
    await audit(tx, viewer, "signal.person_linked", id, "supervision", {
      personId,
      fromSignalId: inGroup.signal_id,
    });
  });
}

/** Routes the signal (and its group) to a team on a track, recording the legal basis. */
export async function routeSignal(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { track: Track; organisationId: string; reason: string },
): Promise<string[]> {
  if (!can(viewer.roles, "signals:desk")) throw notFound();
  return deps.db.transaction(async (tx) => {
    const row = await lockSignal(tx, id);
    if (!row || row.status === "draft") throw notFound();
    const [team] = await tx.query<{ id: string }>("select id from organisations where id = $1", [
      input.organisationId,
    ]);
    if (!team)
      throw new AppError("VALIDATION_FAILED", "Onbekend team. / Unknown team.", {
        fields: [{ field: "organisationId", message: "unknown organisation" }],
      });
    const at = deps.now();
    const ids: string[] = [];
    for (const memberId of await groupMembers(tx, row)) {
      const member = (await lockSignal(tx, memberId))!;
      if (["closed", "closed_no_action", "merged"].includes(member.status)) continue;
      if (member.status !== "routed" && member.status !== "accepted_by_team") {
        requireTransition({
          from: member.status as SignalStatus,
          to: "routed",
          actor: "desk_officer",
          reason: input.reason,
        });
        await setStatus(tx, { id: memberId, from: member.status, to: "routed", at });
        await appendEvent(tx, deps.cipher, {
          signalId: memberId,
          kind: "status",
          fromStatus: member.status,
          toStatus: "routed",
          actorUserId: viewer.userId,
          actorOrganisationId: viewer.organisationId,
          at,
        });
      }
      if (input.track === "criminal") await completeManualAlert(tx, memberId, viewer.userId, at);
      const routingId = await insertRouting(tx, deps.cipher, {
        signalId: memberId,
        track: input.track,
        organisationId: input.organisationId,
        legalBasis: TRACK_LEGAL_BASIS[input.track],
        reason: input.reason,
        by: viewer.userId,
        at,
      });
      for (const personId of await signalPersonIds(tx, memberId)) {
        await insertGrant(tx, {
          personId,
          organisationId: input.organisationId,
          purpose: TRACK_PURPOSE[input.track],
          conditions: [],
          via: "routing",
          grantedBy: viewer.userId,
          at,
        });
      }
      await appendEvent(tx, deps.cipher, {
        signalId: memberId,
        kind: "routing",
        text: null,
        legalBasis: TRACK_LEGAL_BASIS[input.track],
        actorUserId: viewer.userId,
        actorOrganisationId: viewer.organisationId,
        at,
      });
      await audit(tx, viewer, "signal.routed", memberId, TRACK_PURPOSE[input.track], {
        routingId,
        track: input.track,
        teamOrganisationId: input.organisationId,
        legalBasis: TRACK_LEGAL_BASIS[input.track],
      });
      ids.push(routingId);
    }
    return ids;
  });
}

/** The team accepts or declines (with a reason); the signal's status follows its routings. */
export async function decideSignalRouting(
  deps: Deps,
  viewer: Viewer,
  routingId: string,
  input: { accept: boolean; reason?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const routing = await findRouting(tx, routingId);
    if (!routing || routing.organisation_id !== viewer.organisationId) throw notFound();
    const row = (await lockSignal(tx, routing.signal_id))!;
    const at = deps.now();
    if (
      !(await decideRouting(tx, deps.cipher, {
        id: routingId,
        accept: input.accept,
        reason: input.reason ?? null,
        by: viewer.userId,
        at,
      }))
    ) {
      throw new AppError(
        "CONFLICT",
        "Over deze doorzetting is al besloten. / This routing was already decided.",
      );
    }
    const next = signalStatusFromRoutings((await listRoutings(tx, [row.id])).map((r) => r.status));
    // A quick-response alert can be answered before the desk has routed the signal: its status then
    // stays with the desk (the table has no received → accepted_by_team).
    if (next && next !== row.status && canTransition(row.status as SignalStatus, next)) {
      await setStatus(tx, { id: row.id, from: row.status, to: next, at });
      await appendEvent(tx, deps.cipher, {
        signalId: row.id,
        kind: "status",
        fromStatus: row.status,
        toStatus: next,
        text: input.reason ?? null,
        actorUserId: viewer.userId,
        actorOrganisationId: viewer.organisationId,
        at,
      });
    }
    await audit(
      tx,
      viewer,
      input.accept ? "signal.routing_accepted" : "signal.routing_declined",
      row.id,
      TRACK_PURPOSE[routing.track],
      { routingId },
    );
  });
}

/** The desk assigns a signal to one of its officers (or clears the assignment). */
export async function assignSignal(
  deps: Deps,
  viewer: Viewer,
  id: string,
  assigneeUserId: string | null,
): Promise<void> {
  if (!can(viewer.roles, "signals:desk")) throw notFound();
  await deps.db.transaction(async (tx) => {
    const row = await lockSignal(tx, id);
    if (!row || row.status === "draft") throw notFound();
    if (assigneeUserId) {
      const [officer] = await tx.query(
        "select 1 from users where id = $1 and 'desk_officer' = any(roles) and disabled_at is null",
        [assigneeUserId],
      );
      if (!officer) {
        throw new AppError(
          "VALIDATION_FAILED",
          "Alleen een medewerker van het meldpunt kan de melding krijgen. / Only a signal desk officer can be assigned.",
          {
            fields: [{ field: "assigneeUserId", message: "not a desk officer" }],
          },
        );
      }
    }
    await tx.query("update signals set assignee_user_id = $2, updated_at = $3 where id = $1", [
      id,
      assigneeUserId,
      deps.now().toISOString(),
    ]);
    await audit(tx, viewer, "signal.assigned", id, "supervision", { assigneeUserId });
  });
}
