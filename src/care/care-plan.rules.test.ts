import { describe, expect, it } from "vitest";
import { SERVICE_STATUSES } from "./care.vocabulary";
import {
  DEFAULT_STALL_THRESHOLDS,
  needsWithoutService,
  SERVICE_ACTIONS,
  SERVICE_TRANSITIONS,
  type Service,
  serviceTransition,
  stalledServices,
  stallThresholdFor,
  validateService,
} from "./care-plan.rules";
import { allowedActions, reachableStates } from "./transitions.rules";

// Synthetic services. 2026-01-05 is a Monday; Good Friday 2026 is 3 April, Easter Monday 6 April.
function buildService(overrides: Partial<Service> = {}): Service {
  return {
    id: "svc-1",
    need: "legal_aid",
    providerOrganisationId: "org-provider",
    status: "requested",
    plannedOn: "2026-01-02",
    requestedOn: "2026-01-05",
    lastProgressOn: "2026-01-05",
    ...overrides,
  };
}

describe("stalledServices", () => {
  it.each([
    // status, need, last progress, today, expected reminder (null = none), due since
    ["requested", "legal_aid", "2026-01-05", "2026-01-09", null, null],
    ["requested", "legal_aid", "2026-01-05", "2026-01-12", 5, "2026-01-12"],
    ["requested", "legal_aid", "2026-01-05", "2026-01-20", 11, "2026-01-12"],
    ["planned", "income", "2026-01-05", "2026-01-16", null, null],
    ["planned", "income", "2026-01-05", "2026-01-19", 10, "2026-01-19"],
    ["in_progress", "psychological", "2026-01-05", "2026-01-30", null, null],
    ["in_progress", "psychological", "2026-01-05", "2026-02-02", 20, "2026-02-02"],
    ["stalled", "income", "2026-01-05", "2026-01-12", 5, "2026-01-12"],
    ["requested", "safety", "2026-01-09", "2026-01-12", 1, "2026-01-12"], // Friday → Monday is one working day
    ["requested", "safety", "2026-01-10", "2026-01-12", 1, "2026-01-12"], // progress on a Saturday
    ["requested", "shelter", "2026-01-09", "2026-01-12", null, null],
    ["requested", "shelter", "2026-01-09", "2026-01-13", 2, "2026-01-13"],
    ["requested", "medical", "2026-01-05", "2026-01-08", 3, "2026-01-08"],
    ["requested", "legal_aid", "2026-04-02", "2026-04-10", null, null], // Good Friday and Easter Monday do not count
    ["requested", "legal_aid", "2026-04-02", "2026-04-13", 5, "2026-04-13"],
    ["completed", "legal_aid", "2026-01-05", "2026-06-01", null, null],
    ["cancelled", "legal_aid", "2026-01-05", "2026-06-01", null, null],
  ] as const)("%s %s, last progress %s, on %s → %s", (status, need, last, today, days, dueSince) => {
    const reminders = stalledServices({
      services: [
        buildService({
          status,
          need,
          lastProgressOn: last,
          startedOn: "2026-01-05",
          completedOn: "2026-01-05",
        }),
      ],
      today,
    });
    if (days === null) {
      expect(reminders).toEqual([]);
      return;
    }
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ reason: "no_progress", workingDays: days, dueSince, status, need });
  });

  it("reports a service past its due date, even with recent progress", () => {
    const [r] = stalledServices({
      services: [
        buildService({
          status: "in_progress",
          startedOn: "2026-01-05",
          dueOn: "2026-01-08",
          lastProgressOn: "2026-01-11",
        }),
      ],
      today: "2026-01-12",
    });
    expect(r).toMatchObject({
      reason: "past_due_date",
      workingDays: 2,
      thresholdWorkingDays: 0,
      dueSince: "2026-01-08",
    });
  });

  it("accepts other thresholds per status and per need", () => {
    const services = [buildService({ id: "a", lastProgressOn: "2026-01-05" })];
    expect(stalledServices({ services, today: "2026-01-07" })).toEqual([]);
    expect(
      stalledServices({
        services,
        today: "2026-01-07",
        thresholds: { ...DEFAULT_STALL_THRESHOLDS, requested: 2 },
      }),
    ).toHaveLength(1);
    expect(
      stalledServices({ services, today: "2026-01-07", needThresholds: { legal_aid: { requested: 1 } } }),
    ).toHaveLength(1);
  });

  it("sorts by how long the reminder has been due, then by id", () => {
    const reminders = stalledServices({
      services: [
        buildService({ id: "b", lastProgressOn: "2026-01-05" }),
        buildService({ id: "a", lastProgressOn: "2026-01-05" }),
        buildService({
          id: "c",
          lastProgressOn: "2025-12-15",
          plannedOn: "2025-12-01",
          requestedOn: "2025-12-15",
        }),
      ],
      today: "2026-01-20",
    });
    expect(reminders.map((r) => r.serviceId)).toEqual(["c", "a", "b"]);
  });

  it("refuses a threshold below one working day and a bad date", () => {
    expect(() =>
      stallThresholdFor({
        need: "income",
        status: "planned",
        thresholds: { ...DEFAULT_STALL_THRESHOLDS, planned: 0 },
      }),
    ).toThrow();
    expect(() => stalledServices({ services: [], today: "2026-13-01" })).toThrow();
  });
});

describe("service status changes", () => {
  it.each([
    ["planned", "request", "care_coordinator", null, "requested"],
    ["planned", "start", "provider", null, "in_progress"],
    ["requested", "start", "provider", null, "in_progress"],
    ["in_progress", "complete", "provider", null, "completed"],
    ["in_progress", "mark_stalled", "provider", "waiting list", "stalled"],
    ["stalled", "resume", "care_coordinator", null, "in_progress"],
    ["stalled", "re_request", "care_coordinator", null, "requested"],
    ["completed", "reopen", "care_coordinator", "new need", "in_progress"],
    ["requested", "cancel", "care_coordinator", "victim left", "cancelled"],
  ] as const)("%s --%s (%s)--> %s", (from, action, party, reason, to) => {
    expect(serviceTransition({ from, action, party, reason })).toBe(to);
  });

  it.each([
    ["requested", "cancel", "provider", "x", "FORBIDDEN"],
    ["requested", "cancel", "care_coordinator", null, "VALIDATION_FAILED"],
    ["in_progress", "mark_stalled", "provider", "  ", "VALIDATION_FAILED"],
    ["cancelled", "resume", "care_coordinator", null, "CONFLICT"],
    ["completed", "complete", "provider", null, "CONFLICT"],
    ["planned", "complete", "provider", null, "CONFLICT"],
  ] as const)("%s --%s (%s, reason %j)--> %s", (from, action, party, reason, code) => {
    expect(() => serviceTransition({ from, action, party, reason })).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it("cancelled is final; every other status can reach completed or cancelled", () => {
    expect(allowedActions(SERVICE_TRANSITIONS, "cancelled")).toEqual([]);
    for (const s of SERVICE_STATUSES) {
      const reach = reachableStates(SERVICE_TRANSITIONS, s);
      expect(reach.has("completed") || reach.has("cancelled"), s).toBe(true);
    }
    for (const e of SERVICE_TRANSITIONS) expect(SERVICE_ACTIONS).toContain(e.action);
  });
});

describe("validateService", () => {
  it("accepts a consistent service", () => {
    expect(validateService(buildService(), "2026-01-10")).toEqual([]);
  });

  it.each([
    [{ requestedOn: "2026-01-01" }, "requestedOn", "before"],
    [{ status: "in_progress" as const, startedOn: null }, "startedOn", "required_for_status"],
    [
      { status: "completed" as const, startedOn: "2026-01-06", completedOn: null },
      "completedOn",
      "required_for_status",
    ],
    [{ status: "in_progress" as const, startedOn: "2026-01-04" }, "startedOn", "before"],
    [{ lastProgressOn: "2025-12-31" }, "lastProgressOn", "before"],
    [{ lastProgressOn: "2026-02-30" }, "lastProgressOn", "invalid_date"],
    [{ lastProgressOn: "2026-01-20" }, "lastProgressOn", "in_future"],
    [{ status: "cancelled" as const, cancelledOn: "2026-01-01" }, "cancelledOn", "before"],
  ] as [Partial<Service>, keyof Service, string][])("%j → %s %s", (overrides, field, code) => {
    expect(validateService(buildService(overrides), "2026-01-10")).toContainEqual({ field, code });
  });
});

describe("needsWithoutService", () => {
  it("lists needs with no active or completed service", () => {
    const services = [
      buildService({ id: "1", need: "legal_aid", status: "completed", completedOn: "2026-01-06" }),
      buildService({ id: "2", need: "income", status: "cancelled", cancelledOn: "2026-01-06" }),
      buildService({ id: "3", need: "shelter", status: "stalled" }),
    ];
    expect(
      needsWithoutService({ needs: ["legal_aid", "income", "shelter", "medical", "income"], services }),
    ).toEqual(["income", "medical"]);
  });
});
