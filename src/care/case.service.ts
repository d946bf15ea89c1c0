/**
 * @module case.service
 * Case files for (possible) victims: opened directly or from a signal routed on the care track,
 * assigned to the coordinator of the municipality where the victim was found or lives, held by that
 * organisation, with a dated timeline. The victim is a persons record, read through the presenter.
 */
import { can } from "../accounts/permissions.rules";
import { appendAudit } from "../audit/audit.repository";
import {
  findPerson,
  insertGrant,
  insertPerson,
  personFieldSpecs,
  personValues,
} from "../persons/person.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import { COLUMN_CLASSIFICATION } from "../sharing/column-classification";
import type { DataCategory } from "../sharing/data-categories";
import { canOpen, presentPersonalRecord, presentWithAccess, type Viewer } from "../sharing/presenter";
import { findSignal, listRoutings, signalPersonIds } from "../signals/signal.repository";
import type { ExploitationForm } from "../signals/signal.vocabulary";
import {
  CLOSURE_REASON_INFO,
  type ClosureReason,
  type TraffickingStatus,
  toHtcdsValue,
} from "./care.vocabulary";
import type { OpenCase } from "./case.schema";
import { formatCaseNumber } from "./case-number.rules";
import { activeCoordinatorsByRegion, municipalityRegions } from "./coordination.repository";
import { assignCoordinator } from "./coordination.rules";

type CaseRow = {
  id: string;
  case_number: string;
  person_id: string;
  organisation_id: string;
  organisation_type: Viewer["organisationType"];
  organisation_name: string;
  care_region_code: string | null;
  opened_from_signal_id: string | null;
  status: "open" | "closed";
  trafficking_status: TraffickingStatus;
  status_decided_by_organisation_id: string | null;
  forms: ExploitationForm[];
  sectors: string[];
  control_methods: string[];
  recruitment: string | null;
  relationship_to_trafficker: string | null;
  found_municipality_code: string | null;
  lives_municipality_code: string | null;
  closure_reason: ClosureReason | null;
  closed_at: Date | null;
  created_at: Date;
};

const SELECT =
  "select c.*, o.type as organisation_type, o.name as organisation_name from cases c join organisations o on o.id = c.organisation_id";

async function findCase(db: Queryable, id: string): Promise<CaseRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.query<CaseRow>(`${SELECT} where c.id = $1`, [id]);
  return row ?? null;
}

async function event(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  caseId: string,
  kind: string,
  data: Record<string, unknown>,
  text?: string,
) {
  await tx.query(
    "insert into case_events (case_id, kind, text_enc, data, actor_user_id, actor_organisation_id, at) values ($1, $2, $3, $4, $5, $6, $7)",
    [
      caseId,
      kind,
      text ? deps.cipher.encrypt(text) : null,
      JSON.stringify(data),
      viewer.userId,
      viewer.organisationId,
      deps.now().toISOString(),
    ],
  );
  await appendAudit(tx, {
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    requestId: viewer.requestId,
    action: `case.${kind}`,
    objectType: "case",
    objectId: caseId,
    purpose: "care",
    details: data,
  });
}

/** The people a new case (or cases) is about, and where they were found. */
async function subjectsOf(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  input: OpenCase,
): Promise<{ personIds: string[]; found: string | null }> {
  if (input.person) {
    const id = await insertPerson(tx, deps.cipher, {
      ...input.person,
      role: "possible_victim",
      organisationId: viewer.organisationId,
      createdBy: viewer.userId,
      at: deps.now(),
    });
    return { personIds: [id], found: input.foundMunicipalityCode ?? null };
  }
  if (input.personId) {
    const person = await findPerson(tx, input.personId);
    const ref = person && {
      type: "person",
      id: person.id,
      personId: person.id,
      ownerOrganisationId: person.organisation_id,
      ownerOrganisationType: person.organisation_type,
    };
    if (!person || !ref || !(await canOpen(tx, deps, viewer, ref, "care"))) throw notFound();
    return { personIds: [person.id], found: input.foundMunicipalityCode ?? null };
  }
  // From a signal: it must be the viewer's own, or routed to the viewer's organisation on the care track.
  const signal = await findSignal(tx, input.signalId!);
  if (!signal || signal.status === "draft") throw notFound();
  const routedHere = (await listRoutings(tx, [signal.id])).some(
    (r) => r.organisation_id === viewer.organisationId && r.track === "care" && r.status !== "withdrawn",
  );
  if (!routedHere && signal.organisation_id !== viewer.organisationId) throw notFound();
  const personIds = [];
  for (const id of await signalPersonIds(tx, signal.id))
    if ((await findPerson(tx, id))?.role === "possible_victim") personIds.push(id);
  if (personIds.length === 0)
    throw new AppError(
      "CONFLICT",
      "Deze melding noemt geen mogelijk slachtoffer. / This signal names no possible victim.",
    );
  return { personIds, found: input.foundMunicipalityCode ?? signal.municipality_code };
}

/** Opens one case per person; returns their ids and case numbers. */
export async function openCases(
  deps: Deps,
  viewer: Viewer,
  input: OpenCase,
): Promise<{ id: string; caseNumber: string; organisationId: string }[]> {
  return deps.db.transaction((tx) => openCasesInTransaction(tx, deps, viewer, input));
}

/** openCases inside the caller's transaction (large-group intake opens many at once). */
export async function openCasesInTransaction(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  input: OpenCase,
): Promise<{ id: string; caseNumber: string; organisationId: string }[]> {
  {
    for (const code of [input.foundMunicipalityCode, input.livesMunicipalityCode].filter(Boolean)) {
      const [m] = await tx.query("select 1 from municipalities where code = $1", [code]);
      if (!m)
        throw new AppError("VALIDATION_FAILED", "Onbekende gemeentecode. / Unknown municipality code.", {
          fields: [{ field: "foundMunicipalityCode", message: `unknown municipality ${code}` }],
        });
    }
    const { personIds, found } = await subjectsOf(tx, deps, viewer, input);
    const { regionLookup } = await municipalityRegions(tx);
    const assignment = assignCoordinator({
      foundMunicipality: found,
      residenceMunicipality: input.livesMunicipalityCode ?? null,
      regionLookup,
      activeCoordinatorsByRegion: await activeCoordinatorsByRegion(tx),
    });
    let holder = viewer.organisationId;
    let regionCode: string | null = null;
    if (assignment.assigned) {
      holder = assignment.coordinator.organisationId;
      regionCode = assignment.regionCode;
    } else if (!can(viewer.roles, "cases:manage")) {
      throw new AppError(
        "CONFLICT",
        "Voor deze gemeente is geen actieve zorgcoördinator; zie het dekkingsoverzicht. / No active care coordinator for this municipality; see the coverage report.",
      );
    }
    const at = deps.now();
    const opened = [];
    for (const personId of personIds) {
      const [seq] = await tx.query<{ n: number }>("select nextval('case_number_seq')::int8 as n");
      const caseNumber = formatCaseNumber({ year: at.getUTCFullYear(), sequence: seq!.n });
      const [row] = await tx.query<{ id: string }>(
        `insert into cases (case_number, person_id, organisation_id, care_region_code, opened_from_signal_id, status, trafficking_status,
           status_decided_by_organisation_id, forms, sectors, control_methods, recruitment, relationship_to_trafficker,
           found_municipality_code, lives_municipality_code, created_by, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) returning id`,
        [
          caseNumber,
          personId,
          holder,
          regionCode,
          input.signalId ?? null,
          input.traffickingStatus,
          viewer.organisationId,
          input.forms,
          input.sectors,
          input.controlMethods,
          input.recruitment ?? null,
          input.relationshipToTrafficker ?? null,
          found,
          input.livesMunicipalityCode ?? null,
          viewer.userId,
          at.toISOString(),
        ],
      );
      const person = (await findPerson(tx, personId))!;
      if (person.organisation_id !== holder) {
        await insertGrant(tx, {
          personId,
          organisationId: holder,
          purpose: "care",
          conditions: [],
          via: "case_assignment",
          grantedBy: viewer.userId,
          at,
        });
      }
      await event(tx, deps, viewer, row!.id, "opened", {
        personId,
        basis: assignment.assigned ? assignment.basis : "no_coordinator",
        regionCode,
        holderOrganisationId: holder,
        signalId: input.signalId ?? null,
      });
      opened.push({ id: row!.id, caseNumber, organisationId: holder });
    }
    return opened;
  }
}

/** The holder's open and closed cases, by case number (never names). */
export async function listCases(deps: Deps, viewer: Viewer) {
  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<CaseRow>(
      `${SELECT} where c.organisation_id = $1 order by c.created_at desc limit 500`,
      [viewer.organisationId],
    );
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "case.list_read",
      objectType: "case",
      objectId: "*",
      purpose: "care",
      details: { count: rows.length },
    });
    // Whether each case has a shelter request under way, so groups without one stand out.
    const placements = new Map(
      (
        await tx.query<{ case_id: string; status: string }>(
          "select case_id, status from placements where case_id = any($1) and status in ('requested', 'accepted', 'admitted')",
          [rows.map((r) => r.id)],
        )
      ).map((p) => [p.case_id, p.status]),
    );
    return rows.map((r) => ({
      id: r.id,
      caseNumber: r.case_number,
      status: r.status,
      traffickingStatus: r.trafficking_status,
      forms: r.forms,
      openedAt: r.created_at.toISOString(),
      openedFromSignalId: r.opened_from_signal_id,
      placement: placements.get(r.id) ?? null,
    }));
  });
}

async function heldCase(tx: Queryable, viewer: Viewer, id: string): Promise<CaseRow> {
  const row = await findCase(tx, id);
  if (!row || row.organisation_id !== viewer.organisationId) throw notFound();
  return row;
}

const CASE_FIELDS = {
  forms: "forms",
  sectors: "sectors",
  controlMethods: "control_methods",
  recruitment: "recruitment",
  relationshipToTrafficker: "relationship_to_trafficker",
  foundMunicipalityCode: "found_municipality_code",
  livesMunicipalityCode: "lives_municipality_code",
} as const;

export async function readCase(deps: Deps, viewer: Viewer, id: string) {
  return deps.db.transaction(async (tx) => {
    const row = await heldCase(tx, viewer, id);
    const fields = {} as Record<keyof typeof CASE_FIELDS, { category: DataCategory; value: unknown }>;
    for (const [name, column] of Object.entries(CASE_FIELDS) as [keyof typeof CASE_FIELDS, string][]) {
      fields[name] = { category: COLUMN_CLASSIFICATION.cases![column]!, value: row[column as keyof CaseRow] };
    }
    const facts = await presentWithAccess(tx, deps, {
      viewer,
      ref: {
        type: "case",
        id,
        ownerOrganisationId: row.organisation_id,
        ownerOrganisationType: row.organisation_type,
      },
      purpose: "care",
      fields,
      access: { kind: "owner", conditions: [] },
      consents: [],
      personIds: [row.person_id],
    });
    const person = (await findPerson(tx, row.person_id))!;
    const victim = await presentPersonalRecord(tx, deps, {
      viewer,
      ref: {
        type: "person",
        id: person.id,
        personId: person.id,
        ownerOrganisationId: person.organisation_id,
        ownerOrganisationType: person.organisation_type,
      },
      purpose: "care",
      fields: personFieldSpecs(personValues(deps.cipher, person)),
    });
    const events = await tx.query<{
      kind: string;
      text_enc: string | null;
      data: Record<string, unknown>;
      at: Date;
      actor_organisation_id: string | null;
    }>(
      "select kind, text_enc, data, at, actor_organisation_id from case_events where case_id = $1 order by at, id",
      [id],
    );
    return {
      id: row.id,
      caseNumber: row.case_number,
      status: row.status,
      traffickingStatus: row.trafficking_status,
      statusDecidedByOrganisationId: row.status_decided_by_organisation_id,
      careRegionCode: row.care_region_code,
      openedFromSignalId: row.opened_from_signal_id,
      closureReason: row.closure_reason,
      closedAt: row.closed_at?.toISOString() ?? null,
      fields: facts.fields,
      victim: { id: person.id, pseudonym: person.pseudonym, ...victim },
      timeline: events.map((e) => ({
        kind: e.kind,
        text: e.text_enc ? deps.cipher.decrypt(e.text_enc) : null,
        data: e.data,
        at: e.at.toISOString(),
      })),
    };
  });
}

export async function addCaseNote(deps: Deps, viewer: Viewer, id: string, text: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await heldCase(tx, viewer, id);
    await event(tx, deps, viewer, id, "note", {}, text);
  });
}

export async function setTraffickingStatus(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { traffickingStatus: TraffickingStatus; note?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await heldCase(tx, viewer, id);
    if (row.status === "closed")
      throw new AppError("CONFLICT", "Het dossier is gesloten. / The case is closed.");
    await tx.query(
      "update cases set trafficking_status = $2, status_decided_by_organisation_id = $3, updated_at = $4 where id = $1",
      [id, input.traffickingStatus, viewer.organisationId, deps.now().toISOString()],
    );
    await event(
      tx,
      deps,
      viewer,
      id,
      "trafficking_status_set",
      { from: row.trafficking_status, to: input.traffickingStatus },
      input.note,
    );
  });
}

export async function closeCase(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { reason: ClosureReason; note?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await heldCase(tx, viewer, id);
    if (CLOSURE_REASON_INFO[input.reason].noteRequired && !input.note) {
      throw new AppError("VALIDATION_FAILED", "Licht deze reden toe. / Explain this reason.", {
        fields: [{ field: "note", message: "required for this reason" }],
      });
    }
    const at = deps.now();
    const rows = await tx.query(
      "update cases set status = 'closed', closure_reason = $2, closed_at = $3, updated_at = $3 where id = $1 and status = 'open' returning id",
      [id, input.reason, at.toISOString()],
    );
    if (rows.length === 0)
      throw new AppError("CONFLICT", "Het dossier is al gesloten. / The case is already closed.");
    // The retention clock of the victim's record starts when the holder's last open case closes.
    const [open] = await tx.query("select 1 from cases where person_id = $1 and status = 'open'", [
      row.person_id,
    ]);
    if (!open)
      await tx.query(
        "update persons set status = 'closed', closed_at = $2 where id = $1 and organisation_id = $3 and status = 'active'",
        [row.person_id, at.toISOString(), viewer.organisationId],
      );
    await event(tx, deps, viewer, id, "closed", { reason: input.reason }, input.note);
  });
}

/** The case in HTCDS field names (the victim's personal fields only as the presenter allows). */
export async function htcdsExport(deps: Deps, viewer: Viewer, id: string) {
  const c = await readCase(deps, viewer, id);
  const value = (f: { visible: boolean; value: unknown } | undefined) => (f?.visible ? f.value : null);
  const forms = (value(c.fields.forms) as ExploitationForm[] | null) ?? [];
  const out: Record<string, unknown> = {
    cas_CaseID: c.caseNumber,
    cas_Status:
      c.status === "open" ? "Open" : (CLOSURE_REASON_INFO[c.closureReason!]?.htcdsStatus ?? "Closed"),
    [toHtcdsValue("traffickingStatus", c.traffickingStatus)?.field ?? "vic_TraffickingStatus"]:
      toHtcdsValue("traffickingStatus", c.traffickingStatus)?.value ?? null,
    vic_TypeOfExploitation: forms.map((f) => toHtcdsValue("exploitationForm", f)?.value).filter(Boolean),
    prs_Gender: (() => {
      const g = value(c.victim.fields.gender) as string | null;
      const mapped = g === "x" ? "other" : g;
      return mapped
        ? (toHtcdsValue("gender", mapped as "female" | "male" | "other" | "unknown")?.value ?? null)
        : null;
    })(),
    prs_Nationality: value(c.victim.fields.nationality),
  };
  if (c.closureReason) {
    const mapped = toHtcdsValue("closureReason", c.closureReason);
    if (mapped) out[mapped.field] = mapped.value;
  }
  return out;
}
