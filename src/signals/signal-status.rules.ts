/**
 * @module signal-status.rules
 * The status state machine of a signal at the signal desk, as one explicit table of allowed changes:
 * for each edge the action it stands for, the roles that may take it and whether a reason is required.
 *
 * Modelled on the idea of Amsterdam Signalen's `workflow.py` (an adjacency map of allowed status
 * changes, new statuses appended, never edited), adapted to a chain with several organisations:
 * - "reaction requested / received" becomes `more_information_requested` / `information_received`
 *   (the desk asks the reporter, also an anonymous one through the receipt code, or a partner);
 * - Signalen's single "forwarded" step becomes `routed` → `accepted_by_team` | `declined_by_team`,
 *   because a signal goes to another organisation's team that must accept it (Primero's referral);
 * - Signalen has no real duplicate merge (users asked for it); here `merged` is a status of the
 *   signal that was folded into another one, reversible by the desk;
 * - reopening goes back to `in_triage` with a required reason instead of a separate "reopened" status,
 *   so the history shows who reopened and why without a status that means "in triage again".
 *
 * One signal can be routed to several teams. Each routing has its own status (pending, accepted,
 * declined, withdrawn); `signalStatusFromRoutings` derives the signal's status from them, and the
 * system actor applies that change.
 *
 * Roles are checked here as a necessary condition only. Whether this user's organisation is the
 * recipient of the routing is for the sharing/permission rules.
 */

import type { Role } from "../accounts/accounts.vocabulary";
import { AppError } from "../platform/errors";
import type { RoutingStatus, SignalStatus } from "./signal.vocabulary";
import { SIGNAL_STATUSES } from "./signal.vocabulary";

/** Who changes a status: a user in a role, or the platform itself (answers arriving, routing outcomes). */
export type StatusActor = Role | "system";

export const STATUS_ACTIONS = [
  "start_triage",
  "request_information",
  "receive_information",
  "resume_triage",
  "route",
  "recall_routing",
  "accept",
  "decline",
  "hand_back",
  "close",
  "close_no_action",
  "merge",
  "unmerge",
  "reopen",
] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

export type StatusTransition = {
  from: SignalStatus;
  to: SignalStatus;
  action: StatusAction;
  roles: readonly StatusActor[];
  /** A free-text reason must be recorded with the change (it goes into the signal's history). */
  reasonRequired: boolean;
};

/** The status every new signal starts in. */
export const INITIAL_SIGNAL_STATUS: SignalStatus = "received";

const DESK: readonly StatusActor[] = ["desk_officer"];
/** Roles that work in the teams signals are routed to (police/KMar/inspectorate, care, RIEC/municipality). */
const TEAM: readonly StatusActor[] = ["investigator", "care_coordinator", "riec_analyst"];
const TEAM_OR_SYSTEM: readonly StatusActor[] = [...TEAM, "system"];

function edge(
  from: SignalStatus,
  to: SignalStatus,
  action: StatusAction,
  roles: readonly StatusActor[],
  reasonRequired = false,
): StatusTransition {
  return { from, to, action, roles, reasonRequired };
}

/**
 * Every allowed status change. Anything not in this table is refused with `ILLEGAL_STATUS_TRANSITION`.
 * No self-transitions: notes and edits are history entries, not status changes.
 */
export const STATUS_TRANSITIONS: readonly StatusTransition[] = Object.freeze([
  // received: the desk picks it up, may ask straight away, may route an urgent signal at once
  edge("received", "in_triage", "start_triage", DESK),
  edge("received", "more_information_requested", "request_information", DESK),
  edge("received", "routed", "route", DESK),
  edge("received", "closed_no_action", "close_no_action", DESK, true),
  edge("received", "merged", "merge", DESK, true),
  // in triage: enrich, link, decide
  edge("in_triage", "more_information_requested", "request_information", DESK),
  edge("in_triage", "routed", "route", DESK),
  edge("in_triage", "closed_no_action", "close_no_action", DESK, true),
  edge("in_triage", "merged", "merge", DESK, true),
  // waiting for an answer from the reporter or a partner
  edge("more_information_requested", "information_received", "receive_information", ["system"]),
  edge("more_information_requested", "in_triage", "resume_triage", DESK),
  edge("more_information_requested", "closed_no_action", "close_no_action", DESK, true),
  edge("more_information_requested", "merged", "merge", DESK, true),
  // the answer is in
  edge("information_received", "in_triage", "resume_triage", DESK),
  edge("information_received", "more_information_requested", "request_information", DESK),
  edge("information_received", "routed", "route", DESK),
  edge("information_received", "closed_no_action", "close_no_action", DESK, true),
  edge("information_received", "merged", "merge", DESK, true),
  // routed: the teams answer (the system applies the aggregate of several routings)
  edge("routed", "accepted_by_team", "accept", TEAM_OR_SYSTEM),
  edge("routed", "declined_by_team", "decline", TEAM_OR_SYSTEM, true),
  edge("routed", "in_triage", "recall_routing", DESK, true),
  // accepted: the team works on it and reports back
  edge("accepted_by_team", "closed", "close", [...TEAM, "desk_officer"], true),
  edge("accepted_by_team", "in_triage", "hand_back", [...TEAM, "desk_officer"], true),
  // declined: back to the desk
  edge("declined_by_team", "in_triage", "resume_triage", DESK),
  edge("declined_by_team", "routed", "route", DESK),
  edge("declined_by_team", "closed_no_action", "close_no_action", DESK, true),
  // final statuses can be reopened by the desk, with a reason
  edge("closed", "in_triage", "reopen", DESK, true),
  edge("closed_no_action", "in_triage", "reopen", DESK, true),
  edge("merged", "in_triage", "unmerge", DESK, true),
]);

/** Statuses in which nothing is expected of anyone any more (they can still be reopened). */
export const FINAL_SIGNAL_STATUSES: readonly SignalStatus[] = ["closed", "closed_no_action", "merged"];

const byPair = new Map<string, StatusTransition>(STATUS_TRANSITIONS.map((t) => [`${t.from}>${t.to}`, t]));

/** The table entry for a change, if the change is allowed at all. */
export function findTransition(from: SignalStatus, to: SignalStatus): StatusTransition | undefined {
  return byPair.get(`${from}>${to}`);
}

/** Whether the table allows changing `from` → `to` (for anyone). */
export function canTransition(from: SignalStatus, to: SignalStatus): boolean {
  return byPair.has(`${from}>${to}`);
}

/**
 * The statuses reachable from `from`, in the order of `SIGNAL_STATUSES`; only those `actor` may choose
 * when an actor is given.
 */
export function allowedNextStatuses(from: SignalStatus, actor?: StatusActor): SignalStatus[] {
  return SIGNAL_STATUSES.filter((to) => {
    const t = findTransition(from, to);
    return t !== undefined && (actor === undefined || t.roles.includes(actor));
  });
}

export type TransitionCheck =
  | { ok: true; transition: StatusTransition }
  | {
      ok: false;
      code: "ILLEGAL_STATUS_TRANSITION" | "ROLE_MAY_NOT_TRANSITION" | "REASON_REQUIRED";
      from: SignalStatus;
      to: SignalStatus;
      /** What this actor could do instead from `from` (empty when nothing). */
      allowed: SignalStatus[];
    };

/**
 * Check a requested status change. Never throws: returns the table entry, or a stable error code with
 * the statuses the actor may choose instead. `ILLEGAL_STATUS_TRANSITION` means nobody may make this
 * change; `ROLE_MAY_NOT_TRANSITION` means someone else may; `REASON_REQUIRED` means the change needs a
 * non-blank reason.
 */
export function assertTransition({
  from,
  to,
  actor,
  reason,
}: {
  from: SignalStatus;
  to: SignalStatus;
  actor: StatusActor;
  reason?: string | null;
}): TransitionCheck {
  const allowed = allowedNextStatuses(from, actor);
  const transition = findTransition(from, to);
  if (!transition) return { ok: false, code: "ILLEGAL_STATUS_TRANSITION", from, to, allowed };
  if (!transition.roles.includes(actor))
    return { ok: false, code: "ROLE_MAY_NOT_TRANSITION", from, to, allowed };
  if (transition.reasonRequired && !reason?.trim()) {
    return { ok: false, code: "REASON_REQUIRED", from, to, allowed };
  }
  return { ok: true, transition };
}

/**
 * Like `assertTransition`, but throws the `AppError` the HTTP layer expects: CONFLICT for an illegal
 * change, FORBIDDEN for the wrong role, VALIDATION_FAILED for a missing reason. The message carries the
 * stable rule code and the allowed statuses, never personal data.
 */
export function requireTransition(input: {
  from: SignalStatus;
  to: SignalStatus;
  actor: StatusActor;
  reason?: string | null;
}): StatusTransition {
  const check = assertTransition(input);
  if (check.ok) return check.transition;
  const detail = `${check.code}: ${check.from} → ${check.to}; toegestaan/allowed: ${check.allowed.join(", ") || "—"}`;
  if (check.code === "ILLEGAL_STATUS_TRANSITION") throw new AppError("CONFLICT", detail);
  if (check.code === "ROLE_MAY_NOT_TRANSITION") throw new AppError("FORBIDDEN", detail);
  throw new AppError("VALIDATION_FAILED", detail, {
    fields: [{ field: "reason", message: "a reason is required for this status change" }],
  });
}

/**
 * The signal status that follows from the statuses of its routings, or `null` when the routings say
 * nothing (none yet, or all withdrawn by the desk, which recalls the signal separately):
 * any accepted → `accepted_by_team`; otherwise any pending → `routed`; otherwise (all remaining ones
 * declined) → `declined_by_team`.
 */
export function signalStatusFromRoutings(routings: readonly RoutingStatus[]): SignalStatus | null {
  const live = routings.filter((r) => r !== "withdrawn");
  if (live.length === 0) return null;
  if (live.includes("accepted")) return "accepted_by_team";
  if (live.includes("pending")) return "routed";
  return "declined_by_team";
}
