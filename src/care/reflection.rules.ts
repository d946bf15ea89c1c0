/**
 * @module reflection.rules
 * The reflection-period and residence timeline of a case (B8/3 Vreemdelingencirculaire 2000;
 * DOMAIN-FACTS §4.2): validate a sequence of dated events, and compute the deadlines the care
 * coordinator must watch, for one case and across many.
 *
 * ## The reflection period
 * At most **three months** (DOMAIN-FACTS §4.2 [V]; `REFLECTION_PERIOD.standardMonths` in
 * `signals/reflection-period.rules`), or **30 days** for Dublin cases granted after 18 May 2023
 * (`REFLECTION_PERIOD.dublinCaseDays`, from the same module; mark the start event `variant: "dublin"`).
 * Three **calendar** months, counted the usual civil-law way: the start day is not counted and the
 * period ends at the end of the day with the same number in the third month after it; when that month
 * has no such day, at the end of its last day (cf. the European Convention on the Calculation of
 * Time-Limits, 1972, art. 4 — to be confirmed by the IND liaison). So a period started on 15 January
 * runs to and including 15 April; one started on 30 November runs to 28 (or 29) February. The
 * Algemene termijnenwet does not extend it: it is a period of stay, not a time limit for an act.
 * The end event may carry any date up to and including that last day.
 *
 * ## Validation
 * Errors make the timeline impossible; warnings are legal but unusual and worth a second look:
 * - errors: bad or future dates, an end without a running period (an end dated before its start
 *   counts as one, since events are taken in date order), a second start while one runs,
 *   a period longer than allowed, a permit decision without a pending application, an extension
 *   without a granted permit, a new application while one is pending, a validity date before the
 *   decision;
 * - warnings: a start without a recorded information event, a second reflection period, a
 *   complaint or cooperation while the period still runs without its end recorded that day or later,
 *   a permit application without a complaint or cooperation (allowed: minors, serious threat, medical
 *   reasons — Vc B8/3).
 * Events on the same day are taken in their natural order (informed, started, complaint/cooperation,
 * ended, applied, decided, extended), so a same-day start and end is a valid one-day period.
 *
 * ## Deadlines
 * `deadlines` reports the state of the latest reflection period (running, overdue, ended) and of the
 * residence permit (pending, valid until, expired), with a warning when the end is N calendar days away
 * or nearer. Defaults: **14 and 7 days** before the reflection period ends — two weeks leaves time to
 * arrange a complaint interview or an application, one week is the last call — and **30 and 14 days**
 * before a permit's `validUntil`, because an extension must be applied for before it lapses. Overdue:
 * the last day has passed and no end was recorded (the coordinator must record what happened).
 */
import { AppError } from "../platform/errors";
import { REFLECTION_PERIOD } from "../signals/reflection-period.rules";
import { addCalendarDays, type IsoDate, isIsoDate } from "../signals/working-days.rules";
import type { ReflectionEndReason, ResidenceEventType } from "./care.vocabulary";

export type ReflectionVariant = "standard" | "dublin";

export type ResidenceEvent = {
  id?: string;
  type: ResidenceEventType;
  on: IsoDate;
  /** For `reflection_period_started`: default `standard`. */
  variant?: ReflectionVariant;
  /** For `reflection_period_ended`. */
  endReason?: ReflectionEndReason;
  /** For `residence_permit_granted` / `_extended`: the last day the permit is valid, when known. */
  validUntil?: IsoDate | null;
};

export const TIMELINE_ERROR_CODES = [
  "invalid_date",
  "in_future",
  "ended_without_start",
  "started_while_running",
  "period_too_long",
  "decision_without_application",
  "extended_without_permit",
  "applied_while_pending",
  "valid_until_before_event",
] as const;
export const TIMELINE_WARNING_CODES = [
  "started_without_informing",
  "repeated_reflection_period",
  "running_after_cooperation",
  "application_without_cooperation",
] as const;
export type TimelineIssueCode =
  | (typeof TIMELINE_ERROR_CODES)[number]
  | (typeof TIMELINE_WARNING_CODES)[number];

export type TimelineIssue = {
  /** Index of the offending event in the input array. */
  index: number;
  code: TimelineIssueCode;
  severity: "error" | "warning";
};

const SAME_DAY_ORDER: Record<ResidenceEventType, number> = {
  informed_about_reflection_period: 0,
  reflection_period_started: 1,
  criminal_complaint_filed: 2,
  other_cooperation: 2,
  reflection_period_ended: 3,
  residence_permit_applied: 4,
  residence_permit_granted: 5,
  residence_permit_refused: 5,
  residence_permit_extended: 6,
};

/** `date` plus `months` calendar months; the last day of the month when the day does not exist. */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  if (!isIsoDate(date))
    throw new AppError("VALIDATION_FAILED", "Ongeldige datum.", {
      fields: [{ field: "date", message: "YYYY-MM-DD" }],
    });
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The last day of a reflection period that started on `startedOn` (see the module header). */
export function reflectionLastDay(startedOn: IsoDate, variant: ReflectionVariant = "standard"): IsoDate {
  return variant === "dublin"
    ? addCalendarDays(startedOn, REFLECTION_PERIOD.dublinCaseDays)
    : addCalendarMonths(startedOn, REFLECTION_PERIOD.standardMonths);
}

/** Whole calendar days from `a` to `b` (negative when `b` is earlier). */
export function calendarDaysBetween(a: IsoDate, b: IsoDate): number {
  const t = (x: IsoDate) => {
    const [y, m, d] = x.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(b) - t(a)) / 86_400_000);
}

type Indexed = { ev: ResidenceEvent; index: number };

/** Events in timeline order: by date, then natural same-day order, then input order. Invalid dates are dropped. */
export function sortResidenceEvents(events: readonly ResidenceEvent[]): Indexed[] {
  return events
    .map((ev, index) => ({ ev, index }))
    .filter(({ ev }) => isIsoDate(ev.on))
    .sort(
      (a, b) =>
        (a.ev.on < b.ev.on ? -1 : a.ev.on > b.ev.on ? 1 : 0) ||
        SAME_DAY_ORDER[a.ev.type] - SAME_DAY_ORDER[b.ev.type] ||
        a.index - b.index,
    );
}

type PeriodState = { startedOn: IsoDate; lastDay: IsoDate; variant: ReflectionVariant; startIndex: number };
type ReplayState = {
  issues: TimelineIssue[];
  running: PeriodState | null;
  last: (PeriodState & { endedOn: IsoDate | null; endReason: ReflectionEndReason | null }) | null;
  periods: number;
  pendingApplicationOn: IsoDate | null;
  permit: { grantedOn: IsoDate; validUntil: IsoDate | null } | null;
  refusedOn: IsoDate | null;
  cooperated: boolean;
};

function replay(events: readonly ResidenceEvent[], today?: IsoDate): ReplayState {
  const st: ReplayState = {
    issues: [],
    running: null,
    last: null,
    periods: 0,
    pendingApplicationOn: null,
    permit: null,
    refusedOn: null,
    cooperated: false,
  };
  const err = (index: number, code: TimelineIssueCode) => st.issues.push({ index, code, severity: "error" });
  const warn = (index: number, code: TimelineIssueCode) =>
    st.issues.push({ index, code, severity: "warning" });
  events.forEach((ev, index) => {
    if (!isIsoDate(ev.on)) err(index, "invalid_date");
    else if (today && ev.on > today) err(index, "in_future");
    if (ev.validUntil && !isIsoDate(ev.validUntil)) err(index, "invalid_date");
  });
  let informed = false;
  let cooperationWhileRunning: number | null = null;
  for (const { ev, index } of sortResidenceEvents(events)) {
    switch (ev.type) {
      case "informed_about_reflection_period":
        informed = true;
        break;
      case "reflection_period_started": {
        if (st.running) {
          err(index, "started_while_running");
          break;
        }
        if (!informed) warn(index, "started_without_informing");
        if (st.periods > 0) warn(index, "repeated_reflection_period");
        const variant = ev.variant ?? "standard";
        st.running = {
          startedOn: ev.on,
          lastDay: reflectionLastDay(ev.on, variant),
          variant,
          startIndex: index,
        };
        st.last = { ...st.running, endedOn: null, endReason: null };
        st.periods += 1;
        cooperationWhileRunning = null;
        break;
      }
      case "reflection_period_ended": {
        if (!st.running) {
          err(index, "ended_without_start");
          break;
        }
        if (ev.on > st.running.lastDay) err(index, "period_too_long");
        st.last = { ...st.running, endedOn: ev.on, endReason: ev.endReason ?? null };
        st.running = null;
        cooperationWhileRunning = null;
        break;
      }
      case "criminal_complaint_filed":
      case "other_cooperation":
        st.cooperated = true;
        if (st.running && cooperationWhileRunning === null) cooperationWhileRunning = index;
        break;
      case "residence_permit_applied":
        if (st.pendingApplicationOn) {
          err(index, "applied_while_pending");
          break;
        }
        if (!st.cooperated) warn(index, "application_without_cooperation");
        st.pendingApplicationOn = ev.on;
        break;
      case "residence_permit_granted":
      case "residence_permit_refused":
        if (!st.pendingApplicationOn) {
          err(index, "decision_without_application");
          break;
        }
        st.pendingApplicationOn = null;
        if (ev.type === "residence_permit_granted") {
          if (ev.validUntil && isIsoDate(ev.validUntil) && ev.validUntil < ev.on)
            err(index, "valid_until_before_event");
          st.permit = { grantedOn: ev.on, validUntil: ev.validUntil ?? null };
          st.refusedOn = null;
        } else {
          st.permit = null;
          st.refusedOn = ev.on;
        }
        break;
      case "residence_permit_extended":
        if (!st.permit) {
          err(index, "extended_without_permit");
          break;
        }
        if (ev.validUntil && isIsoDate(ev.validUntil) && ev.validUntil < ev.on)
          err(index, "valid_until_before_event");
        st.permit = { grantedOn: st.permit.grantedOn, validUntil: ev.validUntil ?? st.permit.validUntil };
        break;
    }
  }
  if (st.running && cooperationWhileRunning !== null)
    warn(cooperationWhileRunning, "running_after_cooperation");
  st.issues.sort((a, b) => a.index - b.index || a.code.localeCompare(b.code));
  return st;
}

/** Check a timeline (see the module header). `ok` is false when there is at least one error. */
export function validateTimeline({ events, today }: { events: readonly ResidenceEvent[]; today?: IsoDate }): {
  ok: boolean;
  issues: TimelineIssue[];
} {
  const { issues } = replay(events, today);
  return { ok: !issues.some((i) => i.severity === "error"), issues };
}

// ------------------------------------------------------------------------------------------------
// Deadlines
// ------------------------------------------------------------------------------------------------

/** Calendar days before the reflection period's last day at which to warn. */
export const DEFAULT_REFLECTION_WARNING_DAYS: readonly number[] = Object.freeze([14, 7]);
/** Calendar days before a residence permit's last valid day at which to warn. */
export const DEFAULT_PERMIT_WARNING_DAYS: readonly number[] = Object.freeze([30, 14]);

export type ReflectionState =
  | { state: "none" }
  | {
      state: "running";
      startedOn: IsoDate;
      lastDay: IsoDate;
      variant: ReflectionVariant;
      daysLeft: number;
      warning: number | null;
    }
  | {
      state: "overdue";
      startedOn: IsoDate;
      lastDay: IsoDate;
      variant: ReflectionVariant;
      daysOverdue: number;
    }
  | {
      state: "ended";
      startedOn: IsoDate;
      lastDay: IsoDate;
      endedOn: IsoDate;
      endReason: ReflectionEndReason | null;
    };

export type PermitState =
  | { state: "none" }
  | { state: "pending"; appliedOn: IsoDate }
  | { state: "refused"; refusedOn: IsoDate }
  | {
      state: "valid";
      grantedOn: IsoDate;
      validUntil: IsoDate | null;
      daysLeft: number | null;
      warning: number | null;
    }
  | { state: "expired"; grantedOn: IsoDate; validUntil: IsoDate; daysOverdue: number };

export type CaseDeadlines = { reflection: ReflectionState; permit: PermitState; issues: TimelineIssue[] };

/** The smallest threshold that `daysLeft` is within, or null (thresholds in any order). */
export function warningLevel(daysLeft: number, thresholds: readonly number[]): number | null {
  const crossed = thresholds.filter((t) => daysLeft <= t);
  return crossed.length === 0 ? null : Math.min(...crossed);
}

function checkThresholds(thresholds: readonly number[], field: string): void {
  if (!thresholds.every((t) => Number.isInteger(t) && t >= 0)) {
    throw new AppError("VALIDATION_FAILED", "Waarschuwingsdagen moeten gehele getallen ≥ 0 zijn.", {
      fields: [{ field, message: "invalid" }],
    });
  }
}

/**
 * The reflection-period and permit deadlines of one case on `today`. Works on an invalid timeline too
 * (best effort, the issues are returned), because a deadline must not disappear from the screen while
 * somebody fixes a typo in an older event.
 */
export function deadlines({
  events,
  today,
  warningDays = DEFAULT_REFLECTION_WARNING_DAYS,
  permitWarningDays = DEFAULT_PERMIT_WARNING_DAYS,
}: {
  events: readonly ResidenceEvent[];
  today: IsoDate;
  warningDays?: readonly number[];
  permitWarningDays?: readonly number[];
}): CaseDeadlines {
  if (!isIsoDate(today))
    throw new AppError("VALIDATION_FAILED", "Ongeldige datum.", {
      fields: [{ field: "today", message: "YYYY-MM-DD" }],
    });
  checkThresholds(warningDays, "warningDays");
  checkThresholds(permitWarningDays, "permitWarningDays");
  const st = replay(events, today);

  let reflection: ReflectionState = { state: "none" };
  if (st.last) {
    const { startedOn, lastDay, variant } = st.last;
    if (st.last.endedOn !== null) {
      reflection = {
        state: "ended",
        startedOn,
        lastDay,
        endedOn: st.last.endedOn,
        endReason: st.last.endReason,
      };
    } else {
      const daysLeft = calendarDaysBetween(today, lastDay);
      reflection =
        daysLeft < 0
          ? { state: "overdue", startedOn, lastDay, variant, daysOverdue: -daysLeft }
          : {
              state: "running",
              startedOn,
              lastDay,
              variant,
              daysLeft,
              warning: warningLevel(daysLeft, warningDays),
            };
    }
  }

  let permit: PermitState = { state: "none" };
  if (st.pendingApplicationOn) permit = { state: "pending", appliedOn: st.pendingApplicationOn };
  else if (st.permit) {
    const { grantedOn, validUntil } = st.permit;
    if (validUntil === null)
      permit = { state: "valid", grantedOn, validUntil: null, daysLeft: null, warning: null };
    else {
      const daysLeft = calendarDaysBetween(today, validUntil);
      permit =
        daysLeft < 0
          ? { state: "expired", grantedOn, validUntil, daysOverdue: -daysLeft }
          : {
              state: "valid",
              grantedOn,
              validUntil,
              daysLeft,
              warning: warningLevel(daysLeft, permitWarningDays),
            };
    }
  } else if (st.refusedOn) permit = { state: "refused", refusedOn: st.refusedOn };

  return { reflection, permit, issues: st.issues };
}

// ------------------------------------------------------------------------------------------------
// The deadlines view across cases
// ------------------------------------------------------------------------------------------------

/** One case as the deadlines view needs it: pseudonymous case number, owner, timeline. */
export type DeadlinesViewCase = {
  caseId: string;
  caseNumber: string;
  coordinatorOrganisationId: string;
  events: readonly ResidenceEvent[];
};

export type DeadlineRow = {
  caseId: string;
  caseNumber: string;
  coordinatorOrganisationId: string;
  kind: "reflection_period_end" | "residence_permit_expiry";
  dueOn: IsoDate;
  /** Negative when overdue. */
  daysLeft: number;
  state: "ok" | "warning" | "overdue";
  /** The warning threshold crossed (days), when `state` is `warning`. */
  warningThreshold: number | null;
  /** Number of errors in the case's timeline: the row may be wrong until they are fixed. */
  timelineErrors: number;
};

const STATE_RANK: Record<DeadlineRow["state"], number> = { overdue: 0, warning: 1, ok: 2 };

/**
 * Deadline rows for many cases: one per running or overdue reflection period and per permit with a
 * known expiry date. Sorted overdue first (longest overdue first), then warnings, then the rest, each
 * by days left, then case number. `horizonDays` drops `ok` rows further away than that.
 */
export function deadlinesView({
  cases,
  today,
  warningDays = DEFAULT_REFLECTION_WARNING_DAYS,
  permitWarningDays = DEFAULT_PERMIT_WARNING_DAYS,
  horizonDays,
}: {
  cases: readonly DeadlinesViewCase[];
  today: IsoDate;
  warningDays?: readonly number[];
  permitWarningDays?: readonly number[];
  horizonDays?: number;
}): DeadlineRow[] {
  const rows: DeadlineRow[] = [];
  for (const c of cases) {
    const d = deadlines({ events: c.events, today, warningDays, permitWarningDays });
    const base = {
      caseId: c.caseId,
      caseNumber: c.caseNumber,
      coordinatorOrganisationId: c.coordinatorOrganisationId,
      timelineErrors: d.issues.filter((i) => i.severity === "error").length,
    };
    const r = d.reflection;
    if (r.state === "running" || r.state === "overdue") {
      const daysLeft = r.state === "running" ? r.daysLeft : -r.daysOverdue;
      const warning = r.state === "running" ? r.warning : null;
      rows.push({
        ...base,
        kind: "reflection_period_end",
        dueOn: r.lastDay,
        daysLeft,
        state: r.state === "overdue" ? "overdue" : warning !== null ? "warning" : "ok",
        warningThreshold: warning,
      });
    }
    const p = d.permit;
    if ((p.state === "valid" && p.validUntil !== null && p.daysLeft !== null) || p.state === "expired") {
      const daysLeft = p.state === "expired" ? -p.daysOverdue : (p.daysLeft as number);
      const warning = p.state === "valid" ? p.warning : null;
      rows.push({
        ...base,
        kind: "residence_permit_expiry",
        dueOn: p.validUntil as IsoDate,
        daysLeft,
        state: p.state === "expired" ? "overdue" : warning !== null ? "warning" : "ok",
        warningThreshold: warning,
      });
    }
  }
  return rows
    .filter((row) => horizonDays === undefined || row.state !== "ok" || row.daysLeft <= horizonDays)
    .sort(
      (a, b) =>
        STATE_RANK[a.state] - STATE_RANK[b.state] ||
        a.daysLeft - b.daysLeft ||
        a.caseNumber.localeCompare(b.caseNumber) ||
        a.kind.localeCompare(b.kind),
    );
}
