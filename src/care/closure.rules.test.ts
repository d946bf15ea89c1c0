import { describe, expect, it } from "vitest";
import { CLOSURE_REASONS } from "./care.vocabulary";
import {
  CASE_DATA_CATEGORIES,
  type CaseStateForClosure,
  closureCheck,
  RETENTION_MONTHS,
  RETENTION_TABLE_CONFIRMED,
  type RetentionDecision,
  retentionFor,
} from "./closure.rules";

function buildState(overrides: Partial<CaseStateForClosure> = {}): CaseStateForClosure {
  return {
    activeAdmission: false,
    openTransfer: false,
    openPlacementRequests: 0,
    openServices: 0,
    reflectionPeriodRunning: false,
    residenceProcedurePending: false,
    ...overrides,
  };
}

describe("closureCheck", () => {
  it("lets a quiet case close", () => {
    expect(closureCheck({ reason: "goals_achieved", state: buildState() })).toEqual({
      ok: true,
      blockers: [],
      warnings: [],
    });
  });

  it.each([
    [{ activeAdmission: true }, "active_admission"],
    [{ openTransfer: true }, "open_transfer"],
    [{ openPlacementRequests: 2 }, "open_placement_requests"],
  ])("%j blocks with %s", (state, blocker) => {
    expect(closureCheck({ reason: "returned_home", state: buildState(state) })).toMatchObject({
      ok: false,
      blockers: [blocker],
    });
  });

  it.each([
    [{ openServices: 1 }, "open_services"],
    [{ reflectionPeriodRunning: true }, "reflection_period_running"],
    [{ residenceProcedurePending: true }, "residence_procedure_pending"],
  ])("%j only warns with %s", (state, warning) => {
    expect(closureCheck({ reason: "moved_abroad", state: buildState(state) })).toEqual({
      ok: true,
      blockers: [],
      warnings: [warning],
    });
  });

  it.each([
    ["other", null, false],
    ["other", "  ", false],
    ["other", "Synthetic explanation", true],
    ["not_a_victim", null, false],
    ["not_a_victim", "Assessment by the team", true],
    ["deceased", null, true],
  ] as const)("reason %s with note %j → ok %s", (reason, note, ok) => {
    expect(closureCheck({ reason, note, state: buildState() }).ok).toBe(ok);
  });

  it("refuses an unknown reason", () => {
    expect(() => closureCheck({ reason: "bored" as never, state: buildState() })).toThrow(
      expect.objectContaining({ code: "VALIDATION_FAILED" }),
    );
  });
});

const byCategory = (decisions: RetentionDecision[]) =>
  Object.fromEntries(decisions.map((d) => [d.category, d]));

describe("retentionFor", () => {
  it("has a row for every closure reason and a period for every category", () => {
    expect(Object.keys(RETENTION_MONTHS).sort()).toEqual([...CLOSURE_REASONS].sort());
    for (const reason of CLOSURE_REASONS) {
      for (const c of CASE_DATA_CATEGORIES) {
        const m = RETENTION_MONTHS[reason][c];
        expect(Number.isInteger(m) && m >= 0, `${reason}.${c}`).toBe(true);
      }
    }
  });

  it("deletes contact details before identity, and identity no later than case facts", () => {
    for (const reason of CLOSURE_REASONS) {
      const row = RETENTION_MONTHS[reason];
      expect(row.contact).toBeLessThanOrEqual(row.identity);
      expect(row.location).toBeLessThanOrEqual(row.identity);
      expect(row.identity).toBeLessThanOrEqual(row.case_facts);
    }
  });

  it.each([
    ["goals_achieved", "identity", "2031-03-31"],
    ["goals_achieved", "contact", "2027-03-31"],
    ["goals_achieved", "health", "2028-03-31"],
    ["declined_support", "identity", "2028-03-31"],
    ["not_a_victim", "identity", "2027-03-31"],
    ["not_a_victim", "contact", "2026-09-30"],
    ["merged_duplicate", "identity", "2026-03-31"],
    ["deceased", "contact", "2026-03-31"],
    ["deceased", "identity", "2028-03-31"],
  ] as const)("%s: %s may go from %s", (reason, category, date) => {
    const d = byCategory(retentionFor({ reason, closedOn: "2026-03-31", minorAtClosure: false }))[category];
    expect(d).toMatchObject({ action: "delete_on", deleteOn: date, clockStartsOn: "2026-03-31" });
  });

  it("starts the clock at the 18th birthday for minors, or asks for a review without it", () => {
    const later = byCategory(
      retentionFor({
        reason: "goals_achieved",
        closedOn: "2026-03-31",
        minorAtClosure: true,
        adultOn: "2027-06-15",
      }),
    );
    expect(later.identity).toMatchObject({
      action: "delete_on",
      clockStartsOn: "2027-06-15",
      deleteOn: "2032-06-15",
    });
    const earlier = byCategory(
      retentionFor({
        reason: "goals_achieved",
        closedOn: "2026-03-31",
        minorAtClosure: true,
        adultOn: "2026-01-01",
      }),
    );
    expect(earlier.identity).toMatchObject({ clockStartsOn: "2026-03-31" });
    const unknown = retentionFor({ reason: "goals_achieved", closedOn: "2026-03-31", minorAtClosure: true });
    expect(unknown.every((d) => d.action === "review")).toBe(true);
  });

  it("holds everything while proceedings are pending, except for a merged duplicate", () => {
    const held = retentionFor({
      reason: "goals_achieved",
      closedOn: "2026-03-31",
      minorAtClosure: false,
      holds: ["residence_procedure_pending", "criminal_proceedings_pending", "criminal_proceedings_pending"],
    });
    expect(held).toHaveLength(CASE_DATA_CATEGORIES.length);
    for (const d of held)
      expect(d).toMatchObject({
        action: "hold",
        holds: ["criminal_proceedings_pending", "residence_procedure_pending"],
      });
    const merged = retentionFor({
      reason: "merged_duplicate",
      closedOn: "2026-03-31",
      minorAtClosure: true,
      holds: ["legal_claim_or_complaint_pending"],
    });
    expect(merged.every((d) => d.action === "delete_on")).toBe(true);
  });

  it("marks decisions unconfirmed until the privacy officer signs the table off", () => {
    const decisions = retentionFor({
      reason: "goals_achieved",
      closedOn: "2026-03-31",
      minorAtClosure: false,
    });
    expect(decisions.every((d) => d.confirmed === RETENTION_TABLE_CONFIRMED)).toBe(true);
    expect(RETENTION_TABLE_CONFIRMED).toBe(false);
  });

  it("refuses bad dates", () => {
    expect(() => retentionFor({ reason: "other", closedOn: "31-03-2026", minorAtClosure: false })).toThrow();
    expect(() =>
      retentionFor({ reason: "other", closedOn: "2026-03-31", minorAtClosure: true, adultOn: "tomorrow" }),
    ).toThrow();
  });
});
