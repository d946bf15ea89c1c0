import { describe, expect, it } from "vitest";
import {
  addCalendarMonths,
  deadlines,
  deadlinesView,
  type ResidenceEvent,
  reflectionLastDay,
  validateTimeline,
  warningLevel,
} from "./reflection.rules";

// Synthetic timelines.
const ev = (
  type: ResidenceEvent["type"],
  on: string,
  extra: Partial<ResidenceEvent> = {},
): ResidenceEvent => ({
  type,
  on,
  ...extra,
});

describe("calendar months", () => {
  it.each([
    ["2026-01-15", 3, "2026-04-15"],
    ["2026-01-31", 3, "2026-04-30"],
    ["2026-11-30", 3, "2027-02-28"],
    ["2027-11-30", 3, "2028-02-29"],
    ["2026-12-31", 2, "2027-02-28"],
    ["2026-10-15", 3, "2027-01-15"],
    ["2026-05-31", 1, "2026-06-30"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-01-15", 0, "2026-01-15"],
  ] as const)("%s + %i months = %s", (date, months, expected) => {
    expect(addCalendarMonths(date, months)).toBe(expected);
  });

  it.each([
    ["2026-01-15", "standard", "2026-04-15"],
    ["2026-11-30", "standard", "2027-02-28"],
    ["2026-01-15", "dublin", "2026-02-14"],
    ["2026-02-20", "dublin", "2026-03-22"],
  ] as const)("a period started %s (%s) runs to and including %s", (start, variant, last) => {
    expect(reflectionLastDay(start, variant)).toBe(last);
  });
});

describe("validateTimeline", () => {
  const complete: ResidenceEvent[] = [
    ev("informed_about_reflection_period", "2026-01-10"),
    ev("reflection_period_started", "2026-01-15"),
    ev("criminal_complaint_filed", "2026-02-01"),
    ev("reflection_period_ended", "2026-02-01", { endReason: "decided_to_cooperate" }),
    ev("residence_permit_applied", "2026-02-02"),
    ev("residence_permit_granted", "2026-03-01", { validUntil: "2027-03-01" }),
    ev("residence_permit_extended", "2027-02-15", { validUntil: "2028-03-01" }),
  ];

  it("accepts a complete, ordinary timeline without issues, in any input order", () => {
    expect(validateTimeline({ events: complete, today: "2027-03-01" })).toEqual({ ok: true, issues: [] });
    expect(validateTimeline({ events: [...complete].reverse(), today: "2027-03-01" })).toEqual({
      ok: true,
      issues: [],
    });
  });

  it("accepts an end on the last day, and a one-day period", () => {
    const lastDay = [
      ev("informed_about_reflection_period", "2026-01-15"),
      ev("reflection_period_started", "2026-01-15"),
      ev("reflection_period_ended", "2026-04-15"),
    ];
    expect(validateTimeline({ events: lastDay }).ok).toBe(true);
    const sameDay = [
      ev("reflection_period_ended", "2026-01-15"),
      ev("reflection_period_started", "2026-01-15"),
      ev("informed_about_reflection_period", "2026-01-15"),
    ];
    expect(validateTimeline({ events: sameDay })).toEqual({ ok: true, issues: [] });
  });

  it.each([
    [
      "end one day too late",
      [
        ev("informed_about_reflection_period", "2026-01-15"),
        ev("reflection_period_started", "2026-01-15"),
        ev("reflection_period_ended", "2026-04-16"),
      ],
      2,
      "period_too_long",
    ],
    [
      "Dublin period too long",
      [
        ev("informed_about_reflection_period", "2026-01-15"),
        ev("reflection_period_started", "2026-01-15", { variant: "dublin" }),
        ev("reflection_period_ended", "2026-02-15"),
      ],
      2,
      "period_too_long",
    ],
    ["end without start", [ev("reflection_period_ended", "2026-02-01")], 0, "ended_without_start"],
    [
      "end before start",
      [ev("reflection_period_ended", "2026-01-10"), ev("reflection_period_started", "2026-01-15")],
      0,
      "ended_without_start",
    ],
    [
      "started twice",
      [
        ev("informed_about_reflection_period", "2026-01-01"),
        ev("reflection_period_started", "2026-01-15"),
        ev("reflection_period_started", "2026-02-01"),
      ],
      2,
      "started_while_running",
    ],
    [
      "decision without application",
      [ev("residence_permit_granted", "2026-03-01")],
      0,
      "decision_without_application",
    ],
    [
      "refusal without application",
      [ev("residence_permit_refused", "2026-03-01")],
      0,
      "decision_without_application",
    ],
    [
      "extension without permit",
      [ev("residence_permit_extended", "2026-03-01")],
      0,
      "extended_without_permit",
    ],
    [
      "extension after refusal",
      [
        ev("criminal_complaint_filed", "2026-01-01"),
        ev("residence_permit_applied", "2026-01-02"),
        ev("residence_permit_refused", "2026-02-01"),
        ev("residence_permit_extended", "2026-03-01"),
      ],
      3,
      "extended_without_permit",
    ],
    [
      "two pending applications",
      [
        ev("criminal_complaint_filed", "2026-01-01"),
        ev("residence_permit_applied", "2026-01-02"),
        ev("residence_permit_applied", "2026-01-03"),
      ],
      2,
      "applied_while_pending",
    ],
    [
      "valid until before grant",
      [
        ev("criminal_complaint_filed", "2026-01-01"),
        ev("residence_permit_applied", "2026-01-02"),
        ev("residence_permit_granted", "2026-02-01", { validUntil: "2026-01-31" }),
      ],
      2,
      "valid_until_before_event",
    ],
    ["invalid date", [ev("criminal_complaint_filed", "2026-02-30")], 0, "invalid_date"],
    [
      "invalid valid-until",
      [
        ev("criminal_complaint_filed", "2026-01-01"),
        ev("residence_permit_applied", "2026-01-02"),
        ev("residence_permit_granted", "2026-02-01", { validUntil: "soon" }),
      ],
      2,
      "invalid_date",
    ],
    ["future date", [ev("criminal_complaint_filed", "2026-06-01")], 0, "in_future"],
  ] as [string, ResidenceEvent[], number, string][])("%s → error %s at %i", (_, events, index, code) => {
    const result = validateTimeline({ events, today: "2026-05-01" });
    expect(result.ok).toBe(false);
    expect(result.issues).toContainEqual({ index, code, severity: "error" });
  });

  it.each([
    [
      "start without information",
      [ev("reflection_period_started", "2026-01-15")],
      0,
      "started_without_informing",
    ],
    [
      "second period after the first ended",
      [
        ev("informed_about_reflection_period", "2026-01-01"),
        ev("reflection_period_started", "2026-01-02"),
        ev("reflection_period_ended", "2026-01-20"),
        ev("reflection_period_started", "2026-03-01"),
      ],
      3,
      "repeated_reflection_period",
    ],
    [
      "complaint while the period still runs",
      [
        ev("informed_about_reflection_period", "2026-01-01"),
        ev("reflection_period_started", "2026-01-02"),
        ev("criminal_complaint_filed", "2026-01-20"),
      ],
      2,
      "running_after_cooperation",
    ],
    [
      "application without cooperation (e.g. a minor)",
      [ev("residence_permit_applied", "2026-01-02")],
      0,
      "application_without_cooperation",
    ],
  ] as [string, ResidenceEvent[], number, string][])("%s → warning %s", (_, events, index, code) => {
    const result = validateTimeline({ events, today: "2026-05-01" });
    expect(result.ok).toBe(true);
    expect(result.issues).toEqual([{ index, code, severity: "warning" }]);
  });

  it("a new application after a refusal is fine", () => {
    const events = [
      ev("criminal_complaint_filed", "2026-01-01"),
      ev("residence_permit_applied", "2026-01-02"),
      ev("residence_permit_refused", "2026-02-01"),
      ev("residence_permit_applied", "2026-02-10"),
      ev("residence_permit_granted", "2026-03-10"),
    ];
    expect(validateTimeline({ events })).toEqual({ ok: true, issues: [] });
  });
});

describe("warningLevel", () => {
  it.each([
    [20, null],
    [15, null],
    [14, 14],
    [8, 14],
    [7, 7],
    [0, 7],
  ])("%i days left → %s", (days, level) => {
    expect(warningLevel(days, [14, 7])).toBe(level);
    expect(warningLevel(days, [7, 14])).toBe(level);
  });
});

describe("deadlines", () => {
  const running = [
    ev("informed_about_reflection_period", "2026-01-15"),
    ev("reflection_period_started", "2026-01-15"),
  ];

  it.each([
    ["2026-03-31", { state: "running", daysLeft: 15, warning: null }],
    ["2026-04-01", { state: "running", daysLeft: 14, warning: 14 }],
    ["2026-04-08", { state: "running", daysLeft: 7, warning: 7 }],
    ["2026-04-15", { state: "running", daysLeft: 0, warning: 7 }],
    ["2026-04-16", { state: "overdue", daysOverdue: 1 }],
    ["2026-05-15", { state: "overdue", daysOverdue: 30 }],
  ])("on %s: %j", (today, expected) => {
    expect(deadlines({ events: running, today }).reflection).toMatchObject({
      lastDay: "2026-04-15",
      ...expected,
    });
  });

  it("uses other warning days when given", () => {
    expect(deadlines({ events: running, today: "2026-03-20", warningDays: [30] }).reflection).toMatchObject({
      warning: 30,
    });
    expect(() => deadlines({ events: running, today: "2026-03-20", warningDays: [-1] })).toThrow();
  });

  it("reports an ended period, and the permit's states", () => {
    const events = [
      ...running,
      ev("criminal_complaint_filed", "2026-02-01"),
      ev("reflection_period_ended", "2026-02-01", { endReason: "decided_to_cooperate" }),
      ev("residence_permit_applied", "2026-02-02"),
    ];
    const pending = deadlines({ events, today: "2026-02-10" });
    expect(pending.reflection).toEqual({
      state: "ended",
      startedOn: "2026-01-15",
      lastDay: "2026-04-15",
      endedOn: "2026-02-01",
      endReason: "decided_to_cooperate",
    });
    expect(pending.permit).toEqual({ state: "pending", appliedOn: "2026-02-02" });

    const granted = [...events, ev("residence_permit_granted", "2026-03-01", { validUntil: "2027-03-01" })];
    expect(deadlines({ events: granted, today: "2027-01-30" }).permit).toMatchObject({
      state: "valid",
      daysLeft: 30,
      warning: 30,
    });
    expect(deadlines({ events: granted, today: "2027-02-20" }).permit).toMatchObject({
      state: "valid",
      daysLeft: 9,
      warning: 14,
    });
    expect(deadlines({ events: granted, today: "2027-03-03" }).permit).toMatchObject({
      state: "expired",
      daysOverdue: 2,
    });
    const extended = [
      ...granted,
      ev("residence_permit_extended", "2027-02-20", { validUntil: "2028-03-01" }),
    ];
    expect(deadlines({ events: extended, today: "2027-03-03" }).permit).toMatchObject({
      state: "valid",
      validUntil: "2028-03-01",
      warning: null,
    });
    const refused = [...events, ev("residence_permit_refused", "2026-03-01")];
    expect(deadlines({ events: refused, today: "2026-03-02" }).permit).toEqual({
      state: "refused",
      refusedOn: "2026-03-01",
    });
  });

  it("has nothing to say about an empty timeline", () => {
    expect(deadlines({ events: [], today: "2026-01-01" })).toEqual({
      reflection: { state: "none" },
      permit: { state: "none" },
      issues: [],
    });
  });

  it("still reports the deadline of a timeline with errors", () => {
    const events = [...running, ev("residence_permit_granted", "2026-02-01")];
    const d = deadlines({ events, today: "2026-04-10" });
    expect(d.reflection).toMatchObject({ state: "running", daysLeft: 5 });
    expect(d.issues.some((i) => i.severity === "error")).toBe(true);
  });
});

describe("deadlinesView", () => {
  const base = { coordinatorOrganisationId: "org-zc-1" };
  const cases = [
    {
      ...base,
      caseId: "c-ok",
      caseNumber: "MH-2026-000003-0",
      events: [
        ev("informed_about_reflection_period", "2026-03-01"),
        ev("reflection_period_started", "2026-03-01"),
      ],
    },
    {
      ...base,
      caseId: "c-overdue",
      caseNumber: "MH-2026-000001-0",
      events: [
        ev("informed_about_reflection_period", "2026-01-02"),
        ev("reflection_period_started", "2026-01-02"),
      ],
    },
    {
      ...base,
      caseId: "c-warning",
      caseNumber: "MH-2026-000002-0",
      events: [
        ev("informed_about_reflection_period", "2026-01-20"),
        ev("reflection_period_started", "2026-01-20"),
      ],
    },
    {
      ...base,
      caseId: "c-ended",
      caseNumber: "MH-2026-000004-0",
      events: [
        ev("informed_about_reflection_period", "2026-01-20"),
        ev("reflection_period_started", "2026-01-20"),
        ev("reflection_period_ended", "2026-02-01"),
      ],
    },
    {
      ...base,
      caseId: "c-permit",
      caseNumber: "MH-2025-000009-0",
      events: [
        ev("criminal_complaint_filed", "2025-01-01"),
        ev("residence_permit_applied", "2025-01-02"),
        ev("residence_permit_granted", "2025-04-01", { validUntil: "2026-04-20" }),
      ],
    },
  ];

  it("lists overdue first, then warnings, then the rest, by days left", () => {
    const rows = deadlinesView({ cases, today: "2026-04-10" });
    expect(rows.map((r) => [r.caseId, r.kind, r.state, r.daysLeft])).toEqual([
      ["c-overdue", "reflection_period_end", "overdue", -8],
      ["c-permit", "residence_permit_expiry", "warning", 10],
      ["c-warning", "reflection_period_end", "warning", 10],
      ["c-ok", "reflection_period_end", "ok", 52],
    ]);
    expect(rows[1]).toMatchObject({ warningThreshold: 14, dueOn: "2026-04-20", timelineErrors: 0 });
  });

  it("drops ok rows beyond the horizon", () => {
    const rows = deadlinesView({ cases, today: "2026-04-10", horizonDays: 31 });
    expect(rows.map((r) => r.caseId)).toEqual(["c-overdue", "c-permit", "c-warning"]);
  });
});
