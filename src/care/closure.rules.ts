/**
 * @module closure.rules
 * Closing a case with a reason, and the retention that follows from the reason and the case's state.
 *
 * ## Closing
 * A case cannot be closed while the victim is admitted to a shelter, while a transfer is open, or while
 * placement requests are still open: each of those has another organisation waiting on it. Open
 * services, a running reflection period and a pending residence procedure are warnings (the UI asks to
 * confirm; open services are then cancelled in the same transaction).
 *
 * ## Retention — a PROPOSAL, to be confirmed by the privacy officer
 * DOMAIN-FACTS §4.3 found no retention period for CoMensha or for care-coordination files [U], and the
 * Wpg regime for police data is the police's own. This table is therefore our proposal, marked
 * `confirmed: false` in every decision until the privacy officer signs it off (then set
 * `RETENTION_TABLE_CONFIRMED`). The reasoning:
 * - **Contact and whereabouts go first** (12 months): only useful while care runs, and the most
 *   dangerous data in the wrong hands.
 * - **Health and sex life** (24 months): needed if the victim comes back soon; the providers keep their
 *   own medical files under their own law (WGBO), so Samen need not.
 * - **Identity, case facts, residence status, care plan, criminal data** (60 months): about half of
 *   victims are victimised again (NR monitor 2016–2020), trials and compensation claims take years,
 *   and civil claims for damages lapse five years after the victim knows of the damage and the liable
 *   person (art. 3:310 BW). After identity is deleted the rest is no longer linked to a name.
 * - **Shorter where the person chose or turned out otherwise**: `declined_support` 24 months (12 for
 *   contact/whereabouts/health/sex life), `not_a_victim` 12 months (6 for contact/whereabouts/health/
 *   sex life) — long enough for objections and complaints, no longer.
 * - **`merged_duplicate`**: 0 — the surviving case holds the data; the merge record stays in the audit.
 * - **`deceased`**: contact and whereabouts at once, the rest 24 months (inquests, next of kin); the
 *   GDPR does not protect the dead, but the file names living people.
 * - The non-personal statistical record is kept indefinitely.
 * Clock and holds: the clock starts at closure; for a victim who was a minor at closure it starts at
 * the 18th birthday if that is later (minors often come back as young adults); without that date we
 * ask for a review instead of guessing. Pending criminal proceedings, a pending residence procedure
 * or a pending legal claim or complaint put every category on hold until it ends. Reopening a case
 * cancels all of this; it is recomputed at the next closure.
 */

import { AppError } from "../platform/errors";
import type { DataCategory } from "../sharing/data-categories";
import { type IsoDate, isIsoDate } from "../signals/working-days.rules";
import { CLOSURE_REASON_INFO, type ClosureReason, ClosureReasonSchema } from "./care.vocabulary";
import { addCalendarMonths } from "./reflection.rules";

// ------------------------------------------------------------------------------------------------
// Closing
// ------------------------------------------------------------------------------------------------

export type CaseStateForClosure = {
  /** The victim is admitted to a shelter (admitted, not discharged). */
  activeAdmission: boolean;
  /** A transfer to another coordinator is requested or accepted. */
  openTransfer: boolean;
  /** Placement requests in status requested or accepted. */
  openPlacementRequests: number;
  /** Services in status planned, requested, in progress or stalled. */
  openServices: number;
  /** A reflection period runs without a recorded end. */
  reflectionPeriodRunning: boolean;
  /** A residence permit application awaits a decision. */
  residenceProcedurePending: boolean;
};

export const CLOSURE_BLOCKERS = [
  "note_required",
  "active_admission",
  "open_transfer",
  "open_placement_requests",
] as const;
export type ClosureBlocker = (typeof CLOSURE_BLOCKERS)[number];
export const CLOSURE_WARNINGS = [
  "open_services",
  "reflection_period_running",
  "residence_procedure_pending",
] as const;
export type ClosureWarning = (typeof CLOSURE_WARNINGS)[number];

export type ClosureCheck = { ok: boolean; blockers: ClosureBlocker[]; warnings: ClosureWarning[] };

/** Whether a case may be closed now with this reason (see the module header). */
export function closureCheck({
  reason,
  note,
  state,
}: {
  reason: ClosureReason;
  note?: string | null;
  state: CaseStateForClosure;
}): ClosureCheck {
  if (!ClosureReasonSchema.safeParse(reason).success) {
    throw new AppError("VALIDATION_FAILED", "Onbekende reden van afsluiten.", {
      fields: [{ field: "reason", message: "unknown" }],
    });
  }
  const blockers: ClosureBlocker[] = [];
  const warnings: ClosureWarning[] = [];
  if (CLOSURE_REASON_INFO[reason].noteRequired && !note?.trim()) blockers.push("note_required");
  if (state.activeAdmission) blockers.push("active_admission");
  if (state.openTransfer) blockers.push("open_transfer");
  if (state.openPlacementRequests > 0) blockers.push("open_placement_requests");
  if (state.openServices > 0) warnings.push("open_services");
  if (state.reflectionPeriodRunning) warnings.push("reflection_period_running");
  if (state.residenceProcedurePending) warnings.push("residence_procedure_pending");
  return { ok: blockers.length === 0, blockers, warnings };
}

// ------------------------------------------------------------------------------------------------
// Retention
// ------------------------------------------------------------------------------------------------

/** The categories a case file holds personal data in (all but `non_personal`). */
export const CASE_DATA_CATEGORIES = [
  "identity",
  "contact",
  "location",
  "health",
  "sexual_life",
  "criminal",
  "residence_status",
  "case_facts",
  "care_plan",
] as const satisfies readonly DataCategory[];
export type CaseDataCategory = (typeof CASE_DATA_CATEGORIES)[number];

export type RetentionRow = Readonly<Record<CaseDataCategory, number>>;
export type RetentionTable = Readonly<Record<ClosureReason, RetentionRow>>;

const row = (short: number, sensitive: number, long: number): RetentionRow =>
  Object.freeze({
    identity: long,
    contact: short,
    location: short,
    health: sensitive,
    sexual_life: sensitive,
    criminal: long,
    residence_status: long,
    case_facts: long,
    care_plan: long,
  });
const STANDARD = row(12, 24, 60);

/** Months of retention after the clock starts, per closure reason and category (see module header). */
export const RETENTION_MONTHS: RetentionTable = Object.freeze({
  goals_achieved: STANDARD,
  referred_elsewhere: STANDARD,
  returned_home: STANDARD,
  moved_abroad: STANDARD,
  no_longer_reachable: STANDARD,
  other: STANDARD,
  declined_support: row(12, 12, 24),
  not_a_victim: row(6, 6, 12),
  merged_duplicate: row(0, 0, 0),
  deceased: row(0, 24, 24),
});

/** Set to true once the privacy officer has confirmed `RETENTION_MONTHS`. */
export const RETENTION_TABLE_CONFIRMED = false;

export const RETENTION_HOLDS = [
  "criminal_proceedings_pending",
  "residence_procedure_pending",
  "legal_claim_or_complaint_pending",
] as const;
export type RetentionHold = (typeof RETENTION_HOLDS)[number];

export type RetentionDecision =
  | {
      category: CaseDataCategory;
      action: "delete_on";
      deleteOn: IsoDate;
      months: number;
      clockStartsOn: IsoDate;
      confirmed: boolean;
    }
  | { category: CaseDataCategory; action: "hold"; holds: RetentionHold[]; months: number; confirmed: boolean }
  | {
      category: CaseDataCategory;
      action: "review";
      why: "adulthood_date_unknown";
      months: number;
      confirmed: boolean;
    };

/**
 * When each category of a closed case's personal data may be deleted. `deleteOn` is the first day on
 * which the retention job may delete it. Never throws on a valid reason and date.
 */
export function retentionFor({
  reason,
  closedOn,
  minorAtClosure,
  adultOn = null,
  holds = [],
  table = RETENTION_MONTHS,
}: {
  reason: ClosureReason;
  closedOn: IsoDate;
  /** The victim was (presumed) a minor when the case was closed. */
  minorAtClosure: boolean;
  /** The 18th birthday, when known (needed for minors). */
  adultOn?: IsoDate | null;
  holds?: readonly RetentionHold[];
  table?: RetentionTable;
}): RetentionDecision[] {
  if (!isIsoDate(closedOn))
    throw new AppError("VALIDATION_FAILED", "Ongeldige datum.", {
      fields: [{ field: "closedOn", message: "YYYY-MM-DD" }],
    });
  if (adultOn !== null && !isIsoDate(adultOn)) {
    throw new AppError("VALIDATION_FAILED", "Ongeldige datum.", {
      fields: [{ field: "adultOn", message: "YYYY-MM-DD" }],
    });
  }
  const months = table[reason];
  const confirmed = RETENTION_TABLE_CONFIRMED && table === RETENTION_MONTHS;
  const activeHolds = [...new Set(holds)].sort();
  // A duplicate's data live on in the surviving case; holds apply there, not here.
  const holdsApply = activeHolds.length > 0 && reason !== "merged_duplicate";
  let clockStartsOn: IsoDate | null = closedOn;
  if (minorAtClosure && reason !== "merged_duplicate") {
    clockStartsOn = adultOn === null ? null : adultOn > closedOn ? adultOn : closedOn;
  }
  return CASE_DATA_CATEGORIES.map((category): RetentionDecision => {
    const m = months[category];
    if (holdsApply) return { category, action: "hold", holds: activeHolds, months: m, confirmed };
    if (clockStartsOn === null)
      return { category, action: "review", why: "adulthood_date_unknown", months: m, confirmed };
    return {
      category,
      action: "delete_on",
      deleteOn: addCalendarMonths(clockStartsOn, m),
      months: m,
      clockStartsOn,
      confirmed,
    };
  });
}
