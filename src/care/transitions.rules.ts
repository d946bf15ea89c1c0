/**
 * @module transitions.rules
 * A small, explicit state-machine helper shared by the care rules (coordinator transfers, placement
 * requests, services). Each machine is one table of edges `from --action--> to`, with the parties that
 * may take the edge and whether a reason is required, in the spirit of Primero's Transition model
 * (request → accept/decline → done) and Signalen's adjacency table: anything not in the table is
 * refused. Pure: the repository appends the resulting status as a new history row.
 */
import { AppError } from "../platform/errors";

export type TransitionEdge<S extends string, A extends string, P extends string> = {
  from: S;
  action: A;
  to: S;
  /** Who may take this edge. */
  by: readonly P[];
  /** A reason must be recorded with the change. */
  reasonRequired: boolean;
};

export type TransitionFailureCode = "ILLEGAL_TRANSITION" | "PARTY_MAY_NOT_TRANSITION" | "REASON_REQUIRED";

export type TransitionCheck<S extends string, A extends string, P extends string> =
  | { ok: true; edge: TransitionEdge<S, A, P> }
  | {
      ok: false;
      code: TransitionFailureCode;
      from: S;
      action: A;
      /** The actions this party may take from `from` instead (empty when none). */
      allowed: A[];
    };

/** Build an edge; a terse helper for writing tables. */
export function edge<S extends string, A extends string, P extends string>(
  from: S,
  action: A,
  to: S,
  by: readonly P[],
  reasonRequired = false,
): TransitionEdge<S, A, P> {
  return { from, action, to, by, reasonRequired };
}

/** The actions available from `from`, for anyone or only those `party` may take, in table order. */
export function allowedActions<S extends string, A extends string, P extends string>(
  table: readonly TransitionEdge<S, A, P>[],
  from: S,
  party?: P,
): A[] {
  const actions: A[] = [];
  for (const e of table) {
    if (e.from !== from) continue;
    if (party !== undefined && !e.by.includes(party)) continue;
    if (!actions.includes(e.action)) actions.push(e.action);
  }
  return actions;
}

/**
 * Check one requested change without throwing. `ILLEGAL_TRANSITION`: nobody may take this action from
 * this state; `PARTY_MAY_NOT_TRANSITION`: someone else may; `REASON_REQUIRED`: the reason is blank.
 */
export function checkTransition<S extends string, A extends string, P extends string>({
  table,
  from,
  action,
  party,
  reason,
}: {
  table: readonly TransitionEdge<S, A, P>[];
  from: S;
  action: A;
  party: P;
  reason?: string | null;
}): TransitionCheck<S, A, P> {
  const allowed = allowedActions(table, from, party);
  const candidates = table.filter((e) => e.from === from && e.action === action);
  if (candidates.length === 0) return { ok: false, code: "ILLEGAL_TRANSITION", from, action, allowed };
  const found = candidates.find((e) => e.by.includes(party));
  if (!found) return { ok: false, code: "PARTY_MAY_NOT_TRANSITION", from, action, allowed };
  if (found.reasonRequired && !reason?.trim())
    return { ok: false, code: "REASON_REQUIRED", from, action, allowed };
  return { ok: true, edge: found };
}

/**
 * Like `checkTransition`, but throws what the HTTP layer expects: CONFLICT for an illegal change,
 * FORBIDDEN for the wrong party, VALIDATION_FAILED for a missing reason. Messages carry only the
 * stable code, states and actions, never personal data.
 */
export function requireTransition<S extends string, A extends string, P extends string>(input: {
  table: readonly TransitionEdge<S, A, P>[];
  from: S;
  action: A;
  party: P;
  reason?: string | null;
}): TransitionEdge<S, A, P> {
  const check = checkTransition(input);
  if (check.ok) return check.edge;
  const detail = `${check.code}: ${check.from} --${check.action}→; toegestaan/allowed: ${check.allowed.join(", ") || "—"}`;
  if (check.code === "ILLEGAL_TRANSITION") throw new AppError("CONFLICT", detail);
  if (check.code === "PARTY_MAY_NOT_TRANSITION") throw new AppError("FORBIDDEN", detail);
  throw new AppError("VALIDATION_FAILED", detail, { fields: [{ field: "reason", message: "required" }] });
}

/** The states reachable through the table from `start` (including `start`); used to test for dead ends. */
export function reachableStates<S extends string, A extends string, P extends string>(
  table: readonly TransitionEdge<S, A, P>[],
  start: S,
): Set<S> {
  const seen = new Set<S>([start]);
  const queue: S[] = [start];
  while (queue.length > 0) {
    const s = queue.shift()!;
    for (const e of table) {
      if (e.from === s && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}
