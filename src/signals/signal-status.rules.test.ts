import { describe, expect, it } from "vitest";
import { ROLES } from "../accounts/accounts.vocabulary";
import { AppError } from "../platform/errors";
import { SIGNAL_STATUSES, type SignalStatus } from "./signal.vocabulary";
import {
  allowedNextStatuses,
  assertTransition,
  canTransition,
  FINAL_SIGNAL_STATUSES,
  INITIAL_SIGNAL_STATUS,
  requireTransition,
  STATUS_TRANSITIONS,
  signalStatusFromRoutings,
} from "./signal-status.rules";

/** The intended state machine, written out independently of the implementation's table. */
const EXPECTED: Record<SignalStatus, SignalStatus[]> = {
  received: ["in_triage", "more_information_requested", "routed", "closed_no_action", "merged"],
  in_triage: ["more_information_requested", "routed", "closed_no_action", "merged"],
  more_information_requested: ["in_triage", "information_received", "closed_no_action", "merged"],
  information_received: ["in_triage", "more_information_requested", "routed", "closed_no_action", "merged"],
  routed: ["in_triage", "accepted_by_team", "declined_by_team"],
  accepted_by_team: ["in_triage", "closed"],
  declined_by_team: ["in_triage", "routed", "closed_no_action"],
  closed: ["in_triage"],
  closed_no_action: ["in_triage"],
  merged: ["in_triage"],
};

const PAIRS = SIGNAL_STATUSES.flatMap((from) => SIGNAL_STATUSES.map((to) => [from, to] as const));

describe("status table", () => {
  it.each(PAIRS)("%s → %s follows the intended machine", (from, to) => {
    expect(canTransition(from, to)).toBe(EXPECTED[from].includes(to));
  });

  it("has no duplicate edges and no self-transitions", () => {
    const keys = STATUS_TRANSITIONS.map((t) => `${t.from}>${t.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(STATUS_TRANSITIONS.some((t) => t.from === t.to)).toBe(false);
  });

  it("reaches every status from the initial status", () => {
    const seen = new Set<SignalStatus>([INITIAL_SIGNAL_STATUS]);
    const queue: SignalStatus[] = [INITIAL_SIGNAL_STATUS];
    while (queue.length > 0) {
      const from = queue.shift() as SignalStatus;
      for (const to of allowedNextStatuses(from)) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...SIGNAL_STATUSES].sort());
  });

  it("lets only the desk leave or reopen a final status, always with a reason", () => {
    for (const from of FINAL_SIGNAL_STATUSES) {
      for (const t of STATUS_TRANSITIONS.filter((x) => x.from === from)) {
        expect(t.roles).toEqual(["desk_officer"]);
        expect(t.reasonRequired).toBe(true);
      }
    }
  });

  it("gives no status change to roles that never work on signals", () => {
    for (const role of [
      "administrator",
      "statistician",
      "policy_officer",
      "privacy_officer",
      "signaller",
    ] as const) {
      for (const from of SIGNAL_STATUSES) expect(allowedNextStatuses(from, role)).toEqual([]);
    }
  });

  it("knows every actor it names", () => {
    const actors = new Set(STATUS_TRANSITIONS.flatMap((t) => t.roles));
    for (const actor of actors) expect([...ROLES, "system"]).toContain(actor);
  });
});

describe("assertTransition", () => {
  it.each([
    ["received", "in_triage", "desk_officer", undefined, true, null],
    ["in_triage", "routed", "desk_officer", undefined, true, null],
    ["routed", "accepted_by_team", "investigator", undefined, true, null],
    ["routed", "accepted_by_team", "care_coordinator", undefined, true, null],
    ["routed", "accepted_by_team", "system", undefined, true, null],
    ["routed", "declined_by_team", "investigator", "geen capaciteit in de eenheid", true, null],
    ["more_information_requested", "information_received", "system", undefined, true, null],
    ["accepted_by_team", "closed", "investigator", "aangifte opgenomen", true, null],
    ["closed", "in_triage", "desk_officer", "nieuwe informatie", true, null],
    // illegal for everyone
    ["received", "closed", "desk_officer", "x", false, "ILLEGAL_STATUS_TRANSITION"],
    ["routed", "routed", "desk_officer", undefined, false, "ILLEGAL_STATUS_TRANSITION"],
    ["merged", "routed", "desk_officer", "x", false, "ILLEGAL_STATUS_TRANSITION"],
    ["closed", "accepted_by_team", "investigator", "x", false, "ILLEGAL_STATUS_TRANSITION"],
    // legal, but not for this actor
    ["received", "in_triage", "investigator", undefined, false, "ROLE_MAY_NOT_TRANSITION"],
    ["routed", "accepted_by_team", "desk_officer", undefined, false, "ROLE_MAY_NOT_TRANSITION"],
    [
      "more_information_requested",
      "information_received",
      "desk_officer",
      undefined,
      false,
      "ROLE_MAY_NOT_TRANSITION",
    ],
    ["in_triage", "routed", "administrator", undefined, false, "ROLE_MAY_NOT_TRANSITION"],
    // legal and allowed, but the reason is missing
    ["in_triage", "closed_no_action", "desk_officer", undefined, false, "REASON_REQUIRED"],
    ["in_triage", "merged", "desk_officer", "   ", false, "REASON_REQUIRED"],
    ["routed", "declined_by_team", "investigator", "", false, "REASON_REQUIRED"],
  ] as const)("%s → %s by %s (reason %j) → ok=%s %s", (from, to, actor, reason, ok, code) => {
    const result = assertTransition({ from, to, actor, reason });
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.code).toBe(code);
  });

  it("tells the caller what the actor may do instead", () => {
    const result = assertTransition({ from: "received", to: "closed", actor: "desk_officer" });
    expect(result).toEqual({
      ok: false,
      code: "ILLEGAL_STATUS_TRANSITION",
      from: "received",
      to: "closed",
      allowed: ["in_triage", "more_information_requested", "routed", "closed_no_action", "merged"],
    });
    const team = assertTransition({ from: "routed", to: "closed", actor: "investigator" });
    expect(team.ok ? [] : team.allowed).toEqual(["accepted_by_team", "declined_by_team"]);
  });
});

describe("requireTransition", () => {
  it("returns the table entry when allowed", () => {
    expect(requireTransition({ from: "received", to: "in_triage", actor: "desk_officer" }).action).toBe(
      "start_triage",
    );
  });

  it.each([
    ["received", "closed", "desk_officer", "CONFLICT"],
    ["received", "in_triage", "investigator", "FORBIDDEN"],
    ["in_triage", "closed_no_action", "desk_officer", "VALIDATION_FAILED"],
  ] as const)("%s → %s by %s throws %s", (from, to, actor, code) => {
    try {
      requireTransition({ from, to, actor });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe(code);
    }
  });
});

describe("signalStatusFromRoutings", () => {
  it.each([
    [[], null],
    [["withdrawn"], null],
    [["pending"], "routed"],
    [["pending", "declined"], "routed"],
    [["declined", "accepted"], "accepted_by_team"],
    [["pending", "accepted"], "accepted_by_team"],
    [["declined"], "declined_by_team"],
    [["declined", "declined", "withdrawn"], "declined_by_team"],
  ] as const)("%j → %s", (routings, expected) => {
    expect(signalStatusFromRoutings(routings)).toBe(expected);
  });

  it("only ever yields a status the routed signal can move to", () => {
    for (const result of ["accepted_by_team", "declined_by_team"] as const) {
      expect(canTransition("routed", result)).toBe(true);
    }
  });
});
