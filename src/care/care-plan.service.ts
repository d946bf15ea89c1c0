/**
 * @module care-plan.service
 * The care plan of a case: needs assessed, services per need with provider, status and dates
 * (status changes by the transition table), gaps, and reminders when a service stalls.
 */
import { appendAudit } from "../audit/audit.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import { amsterdamDateOf } from "../signals/working-days.rules";
import type { Need, ServiceStatus } from "./care.vocabulary";
import {
  needsWithoutService,
  type Service,
  type ServiceAction,
  serviceTransition,
  stalledServices,
} from "./care-plan.rules";

type ServiceRow = {
  id: string;
  need: Need;
  provider_organisation_id: string | null;
  status: ServiceStatus;
  planned_on: string;
  requested_on: string | null;
  started_on: string | null;
  completed_on: string | null;
  cancelled_on: string | null;
  due_on: string | null;
  last_progress_on: string;
};

type ServiceRowWithNote = ServiceRow & { note_enc: string | null };

/** A service as the case holder reads it: the plan's fields and the note made when it was planned. */
const toPlannedService = (deps: Deps, r: ServiceRowWithNote) => ({
  ...toService(r),
  note: r.note_enc ? deps.cipher.decrypt(r.note_enc) : null,
});

const toService = (r: ServiceRow): Service => ({
  id: r.id,
  need: r.need,
  providerOrganisationId: r.provider_organisation_id,
  status: r.status,
  plannedOn: r.planned_on,
  requestedOn: r.requested_on,
  startedOn: r.started_on,
  completedOn: r.completed_on,
  cancelledOn: r.cancelled_on,
  dueOn: r.due_on,
  lastProgressOn: r.last_progress_on,
});

async function heldOpenCase(tx: Queryable, viewer: Viewer, caseId: string, forUpdate = false): Promise<void> {
  const [c] = await tx.query<{ organisation_id: string; status: string }>(
    `select organisation_id, status from cases where id = $1${forUpdate ? " for update" : ""}`,
    [caseId],
  );
  if (!c || c.organisation_id !== viewer.organisationId) throw notFound();
  if (forUpdate && c.status !== "open")
    throw new AppError("CONFLICT", "Het dossier is gesloten. / The case is closed.");
}

const audit = (
  tx: Queryable,
  viewer: Viewer,
  action: string,
  caseId: string,
  details: Record<string, unknown>,
) =>
  appendAudit(tx, {
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    requestId: viewer.requestId,
    action,
    objectType: "case",
    objectId: caseId,
    purpose: "care",
    details,
  });

export async function setNeeds(deps: Deps, viewer: Viewer, caseId: string, needs: Need[]): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await heldOpenCase(tx, viewer, caseId, true);
    await tx.query("delete from case_needs where case_id = $1 and not (need = any($2))", [caseId, needs]);
    for (const need of needs) {
      await tx.query(
        "insert into case_needs (case_id, need, assessed_on, assessed_by) values ($1, $2, $3, $4) on conflict do nothing",
        [caseId, need, amsterdamDateOf(deps.now()), viewer.userId],
      );
    }
    await audit(tx, viewer, "case.needs_assessed", caseId, { needs });
  });
}

export async function addService(
  deps: Deps,
  viewer: Viewer,
  caseId: string,
  input: { need: Need; providerOrganisationId: string | null; dueOn: string | null; note?: string },
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    await heldOpenCase(tx, viewer, caseId, true);
    if (input.providerOrganisationId) {
      const [org] = await tx.query("select 1 from organisations where id = $1", [
        input.providerOrganisationId,
      ]);
      if (!org)
        throw new AppError("VALIDATION_FAILED", "Onbekende aanbieder. / Unknown provider.", {
          fields: [{ field: "providerOrganisationId", message: "unknown organisation" }],
        });
    }
    const today = amsterdamDateOf(deps.now());
    const [row] = await tx.query<{ id: string }>(
      `insert into case_services (case_id, need, provider_organisation_id, status, planned_on, due_on, last_progress_on, note_enc, updated_at)
       values ($1, $2, $3, 'planned', $4, $5, $4, $6, $7) returning id`,
      [
        caseId,
        input.need,
        input.providerOrganisationId,
        today,
        input.dueOn,
        input.note ? deps.cipher.encrypt(input.note) : null,
        deps.now().toISOString(),
      ],
    );
    await audit(tx, viewer, "case.service_planned", caseId, { serviceId: row!.id, need: input.need });
    return row!.id;
  });
}

const DATE_COLUMN: Partial<Record<ServiceStatus, string>> = {
  requested: "requested_on",
  in_progress: "started_on",
  completed: "completed_on",
  cancelled: "cancelled_on",
};

export async function changeService(
  deps: Deps,
  viewer: Viewer,
  caseId: string,
  serviceId: string,
  input: { action: ServiceAction; reason?: string },
): Promise<ServiceStatus> {
  return deps.db.transaction(async (tx) => {
    await heldOpenCase(tx, viewer, caseId, true);
    const [s] = await tx.query<{ status: ServiceStatus; need: Need }>(
      "select status, need from case_services where id = $1 and case_id = $2",
      [serviceId, caseId],
    );
    if (!s) throw notFound();
    const to = serviceTransition({
      from: s.status,
      action: input.action,
      party: "care_coordinator",
      reason: input.reason ?? null,
    });
    const today = amsterdamDateOf(deps.now());
    const dateColumn = DATE_COLUMN[to];
    await tx.query(
      `update case_services set status = $3, last_progress_on = $4, updated_at = $5${dateColumn ? `, ${dateColumn} = $4` : ""} where id = $1 and case_id = $2`,
      [serviceId, caseId, to, today, deps.now().toISOString()],
    );
    // On the case's timeline with its reason (required to cancel, mark stalled or reopen), encrypted
    // like every note there: the reason is what the next coordinator needs to read.
    await tx.query(
      "insert into case_events (case_id, kind, text_enc, data, actor_user_id, actor_organisation_id, at) values ($1, $2, $3, $4, $5, $6, $7)",
      [
        caseId,
        "service_changed",
        input.reason ? deps.cipher.encrypt(input.reason) : null,
        JSON.stringify({ serviceId, need: s.need, from: s.status, to }),
        viewer.userId,
        viewer.organisationId,
        deps.now().toISOString(),
      ],
    );
    await audit(tx, viewer, "case.service_changed", caseId, { serviceId, from: s.status, to });
    return to;
  });
}

/** The plan with its gaps and stall reminders on today's date. */
export async function carePlan(deps: Deps, viewer: Viewer, caseId: string) {
  return deps.db.transaction(async (tx) => {
    await heldOpenCase(tx, viewer, caseId);
    const needs = (
      await tx.query<{ need: Need }>("select need from case_needs where case_id = $1 order by need", [caseId])
    ).map((r) => r.need);
    const rows = await tx.query<ServiceRowWithNote>(
      "select * from case_services where case_id = $1 order by planned_on, id",
      [caseId],
    );
    const services = rows.map(toService);
    const today = amsterdamDateOf(deps.now());
    await audit(tx, viewer, "case.care_plan_read", caseId, {});
    return {
      needs,
      services: rows.map((r) => toPlannedService(deps, r)),
      gaps: needsWithoutService({ needs, services }),
      reminders: stalledServices({ services, today }),
    };
  });
}

/** Stall reminders across the coordinator's open cases. */
export async function careReminders(deps: Deps, viewer: Viewer) {
  const rows = await deps.db.query<ServiceRow & { case_id: string; case_number: string }>(
    `select s.*, c.case_number from case_services s join cases c on c.id = s.case_id where c.organisation_id = $1 and c.status = 'open'`,
    [viewer.organisationId],
  );
  const today = amsterdamDateOf(deps.now());
  const byId = new Map(rows.map((r) => [r.id, r]));
  return stalledServices({ services: rows.map(toService), today }).map((r) => ({
    ...r,
    caseId: byId.get(r.serviceId)!.case_id,
    caseNumber: byId.get(r.serviceId)!.case_number,
  }));
}
