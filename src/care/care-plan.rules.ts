/**
 * @module care-plan.rules
 * The care plan: services per need, each with a provider, a status and dates; the allowed status
 * changes; the needs nobody works on yet; and reminders for services that stopped moving.
 *
 * ## Stalled services
 * A service "has no progress" when nothing happened to it — no status change, no progress note — for
 * N **working days** (Dutch working days, `signals/working-days.rules`; care providers' offices are
 * closed on the same days as the coordinators'). N depends on the status, and can be tightened per
 * need. Defaults (`DEFAULT_STALL_THRESHOLDS`, working days):
 * - `planned` 10 — two weeks to turn a plan into a request is generous already;
 * - `requested` 5 — a provider should answer a request within a working week;
 * - `in_progress` 20 — about a month without any note means nobody is following it;
 * - `stalled` 5 — a service already marked stalled needs weekly attention.
 * Tighter for the urgent needs (`DEFAULT_NEED_THRESHOLDS`): `safety` 1/1/5 and `shelter` 1/2/10 for
 * planned/requested/in progress, `medical` 3 when requested. A service past its agreed due date is
 * reported as well, whatever its last progress. Completed and cancelled services never remind.
 * These are proposals for the care coordinators' working group to confirm; pass other tables to
 * `stalledServices` to change them.
 */
import { AppError } from "../platform/errors";
import { addWorkingDays, type IsoDate, isIsoDate, workingDaysBetween } from "../signals/working-days.rules";
import type { Need, ServiceStatus } from "./care.vocabulary";
import { edge, requireTransition, type TransitionEdge } from "./transitions.rules";

export type Service = {
  id: string;
  need: Need;
  /** The organisation providing the service (null while still looking for one). */
  providerOrganisationId: string | null;
  status: ServiceStatus;
  plannedOn: IsoDate;
  requestedOn?: IsoDate | null;
  startedOn?: IsoDate | null;
  completedOn?: IsoDate | null;
  cancelledOn?: IsoDate | null;
  /** The date agreed with the victim or provider, if any. */
  dueOn?: IsoDate | null;
  /** The latest status change or progress note (the repository derives it from the history). */
  lastProgressOn: IsoDate;
};

// ------------------------------------------------------------------------------------------------
// Status changes
// ------------------------------------------------------------------------------------------------

export const SERVICE_ACTIONS = [
  "request",
  "start",
  "complete",
  "mark_stalled",
  "resume",
  "re_request",
  "cancel",
  "reopen",
] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];
/** The care coordinator runs the plan; the provider reports its own progress. */
export type ServiceParty = "care_coordinator" | "provider";

const COORDINATOR: readonly ServiceParty[] = ["care_coordinator"];
const BOTH: readonly ServiceParty[] = ["care_coordinator", "provider"];

/** Every allowed status change of a service. `completed` and `cancelled` are final (completed can be reopened). */
export const SERVICE_TRANSITIONS: readonly TransitionEdge<ServiceStatus, ServiceAction, ServiceParty>[] =
  Object.freeze([
    edge("planned", "request", "requested", COORDINATOR),
    edge("planned", "start", "in_progress", BOTH),
    edge("planned", "cancel", "cancelled", COORDINATOR, true),
    edge("requested", "start", "in_progress", BOTH),
    edge("requested", "mark_stalled", "stalled", BOTH, true),
    edge("requested", "cancel", "cancelled", COORDINATOR, true),
    edge("in_progress", "complete", "completed", BOTH),
    edge("in_progress", "mark_stalled", "stalled", BOTH, true),
    edge("in_progress", "cancel", "cancelled", COORDINATOR, true),
    edge("stalled", "resume", "in_progress", BOTH),
    edge("stalled", "re_request", "requested", COORDINATOR),
    edge("stalled", "cancel", "cancelled", COORDINATOR, true),
    edge("completed", "reopen", "in_progress", COORDINATOR, true),
  ]);

/** Statuses in which a service still needs someone to act. */
export const ACTIVE_SERVICE_STATUSES = ["planned", "requested", "in_progress", "stalled"] as const;
export type ActiveServiceStatus = (typeof ACTIVE_SERVICE_STATUSES)[number];

export function isActiveService(status: ServiceStatus): status is ActiveServiceStatus {
  return (ACTIVE_SERVICE_STATUSES as readonly string[]).includes(status);
}

/** Apply one action to a service's status (throws CONFLICT / FORBIDDEN / VALIDATION_FAILED). */
export function serviceTransition(input: {
  from: ServiceStatus;
  action: ServiceAction;
  party: ServiceParty;
  reason?: string | null;
}): ServiceStatus {
  return requireTransition({ table: SERVICE_TRANSITIONS, ...input }).to;
}

// ------------------------------------------------------------------------------------------------
// Validation
// ------------------------------------------------------------------------------------------------

export type ServiceIssue = {
  field: keyof Service;
  code: "invalid_date" | "before" | "required_for_status" | "in_future";
};

/**
 * Check a service's dates against each other and its status: each step on or after the previous one,
 * the date of the current status present, nothing in the future of `today`.
 */
export function validateService(service: Service, today?: IsoDate): ServiceIssue[] {
  const issues: ServiceIssue[] = [];
  const dateFields = [
    "plannedOn",
    "requestedOn",
    "startedOn",
    "completedOn",
    "cancelledOn",
    "dueOn",
    "lastProgressOn",
  ] as const;
  for (const f of dateFields) {
    const v = service[f];
    if (v !== null && v !== undefined && !isIsoDate(v)) issues.push({ field: f, code: "invalid_date" });
  }
  if (issues.length > 0) return issues;
  const order = ["plannedOn", "requestedOn", "startedOn", "completedOn"] as const;
  let previous: IsoDate = service.plannedOn;
  for (const f of order.slice(1)) {
    const v = service[f];
    if (!v) continue;
    if (v < previous) issues.push({ field: f, code: "before" });
    else previous = v;
  }
  if (service.cancelledOn && service.cancelledOn < service.plannedOn)
    issues.push({ field: "cancelledOn", code: "before" });
  if (service.lastProgressOn < service.plannedOn) issues.push({ field: "lastProgressOn", code: "before" });
  const requiredByStatus: Partial<Record<ServiceStatus, keyof Service>> = {
    requested: "requestedOn",
    in_progress: "startedOn",
    completed: "completedOn",
    cancelled: "cancelledOn",
  };
  const required = requiredByStatus[service.status];
  if (required && !service[required]) issues.push({ field: required, code: "required_for_status" });
  if (today) {
    for (const f of [
      "plannedOn",
      "requestedOn",
      "startedOn",
      "completedOn",
      "cancelledOn",
      "lastProgressOn",
    ] as const) {
      const v = service[f];
      if (v && v > today) issues.push({ field: f, code: "in_future" });
    }
  }
  return issues;
}

/** The needs of the victim that have no service that is active or completed (a gap in the plan). */
export function needsWithoutService({
  needs,
  services,
}: {
  needs: readonly Need[];
  services: readonly Service[];
}): Need[] {
  const covered = new Set(services.filter((s) => s.status !== "cancelled").map((s) => s.need));
  return [...new Set(needs)].filter((n) => !covered.has(n));
}

// ------------------------------------------------------------------------------------------------
// Stalled services
// ------------------------------------------------------------------------------------------------

export type StallThresholds = Readonly<Record<ActiveServiceStatus, number>>;
export type NeedStallThresholds = Readonly<
  Partial<Record<Need, Partial<Record<ActiveServiceStatus, number>>>>
>;

/** Working days without progress before a reminder, per status (see the module header). */
export const DEFAULT_STALL_THRESHOLDS: StallThresholds = Object.freeze({
  planned: 10,
  requested: 5,
  in_progress: 20,
  stalled: 5,
});

/** Tighter thresholds for urgent needs; they override `DEFAULT_STALL_THRESHOLDS` where given. */
export const DEFAULT_NEED_THRESHOLDS: NeedStallThresholds = Object.freeze({
  safety: { planned: 1, requested: 1, in_progress: 5 },
  shelter: { planned: 1, requested: 2, in_progress: 10 },
  medical: { requested: 3 },
});

export type StalledReminder = {
  serviceId: string;
  need: Need;
  status: ActiveServiceStatus;
  reason: "no_progress" | "past_due_date";
  /** Working days since the last progress (for `past_due_date`: since the due date). */
  workingDays: number;
  /** The threshold that applied (0 for `past_due_date`). */
  thresholdWorkingDays: number;
  /** The first day on which this reminder was due. */
  dueSince: IsoDate;
};

/** The threshold for one service: the need's override, else the status default. */
export function stallThresholdFor({
  need,
  status,
  thresholds = DEFAULT_STALL_THRESHOLDS,
  needThresholds = DEFAULT_NEED_THRESHOLDS,
}: {
  need: Need;
  status: ActiveServiceStatus;
  thresholds?: StallThresholds;
  needThresholds?: NeedStallThresholds;
}): number {
  const threshold = needThresholds[need]?.[status] ?? thresholds[status];
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new AppError("VALIDATION_FAILED", "Drempel moet een geheel aantal werkdagen ≥ 1 zijn.");
  }
  return threshold;
}

/**
 * Reminders for services without progress for too long, and for services past their due date. At most
 * one reminder per service: `past_due_date` wins over `no_progress` (a missed agreement is the more
 * concrete message). Sorted by how long they have been due, longest first, then by service id.
 */
export function stalledServices({
  services,
  today,
  thresholds = DEFAULT_STALL_THRESHOLDS,
  needThresholds = DEFAULT_NEED_THRESHOLDS,
}: {
  services: readonly Service[];
  today: IsoDate;
  thresholds?: StallThresholds;
  needThresholds?: NeedStallThresholds;
}): StalledReminder[] {
  if (!isIsoDate(today))
    throw new AppError("VALIDATION_FAILED", "Ongeldige datum.", {
      fields: [{ field: "today", message: "YYYY-MM-DD" }],
    });
  const reminders: StalledReminder[] = [];
  for (const s of services) {
    if (!isActiveService(s.status)) continue;
    if (s.dueOn && s.dueOn < today) {
      reminders.push({
        serviceId: s.id,
        need: s.need,
        status: s.status,
        reason: "past_due_date",
        workingDays: workingDaysBetween(s.dueOn, today),
        thresholdWorkingDays: 0,
        dueSince: s.dueOn,
      });
      continue;
    }
    const threshold = stallThresholdFor({ need: s.need, status: s.status, thresholds, needThresholds });
    const idle = workingDaysBetween(s.lastProgressOn, today);
    if (idle < threshold) continue;
    reminders.push({
      serviceId: s.id,
      need: s.need,
      status: s.status,
      reason: "no_progress",
      workingDays: idle,
      thresholdWorkingDays: threshold,
      dueSince: addWorkingDays(s.lastProgressOn, threshold),
    });
  }
  return reminders.sort((a, b) =>
    a.dueSince < b.dueSince ? -1 : a.dueSince > b.dueSince ? 1 : a.serviceId.localeCompare(b.serviceId),
  );
}
