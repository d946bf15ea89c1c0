import { describe, expect, it } from "vitest";
import { nationalityGroup, REFLECTION_PERIOD, reflectionPeriodAction } from "./reflection-period.rules";
import type { LawfulResidence } from "./signal.vocabulary";

// Synthetic test data: no real persons.
const MONDAY_10H = new Date("2025-01-13T09:00:00Z");

describe("nationalityGroup", () => {
  it.each([
    ["NL", "dutch"],
    ["nl", "dutch"],
    ["CW", "dutch"],
    ["AW", "dutch"],
    ["SX", "dutch"],
    ["BQ", "dutch"],
    ["PL", "eu_eea_swiss"],
    ["RO", "eu_eea_swiss"],
    ["BG", "eu_eea_swiss"],
    ["GR", "eu_eea_swiss"],
    ["EL", "eu_eea_swiss"],
    ["NO", "eu_eea_swiss"],
    ["IS", "eu_eea_swiss"],
    ["LI", "eu_eea_swiss"],
    ["CH", "eu_eea_swiss"],
    ["GB", "other"],
    ["UA", "other"],
    ["NG", "other"],
    ["VN", "other"],
    ["stateless", "other"],
    ["unknown", "unknown"],
    ["", "unknown"],
    ["NLD", "unknown"],
  ])("%j → %s", (nationality, expected) => {
    expect(nationalityGroup(nationality)).toBe(expected);
  });
});

describe("reflectionPeriodAction", () => {
  it.each([
    // nationality, residence, indicators, other indication, required, reason
    ["NG", "unknown", ["gen-05"], false, true, "foreign_national_residence_unknown"],
    ["NG", "no", ["lb-04"], false, true, "foreign_national_residence_not_lawful"], // a weight-1 item is enough
    ["NG", "yes", ["gen-05"], false, false, "lawful_residence"],
    ["UA", "unknown", ["ilo-08"], false, true, "foreign_national_residence_unknown"],
    ["GB", "no", ["om-03"], false, true, "foreign_national_residence_not_lawful"],
    ["stateless", "unknown", ["gen-01"], false, true, "foreign_national_residence_unknown"],
    ["unknown", "unknown", ["gen-01"], false, true, "foreign_national_residence_unknown"],
    ["unknown", "yes", ["gen-01"], false, false, "lawful_residence"],
    ["NG", "unknown", [], true, true, "foreign_national_residence_unknown"], // indication without a checklist item
    ["NG", "unknown", [], false, false, "no_indication"],
    ["NL", "no", ["gen-05"], false, false, "dutch_national"],
    ["NL", "unknown", ["gen-05"], false, false, "dutch_national"],
    ["CW", "unknown", ["gen-05"], false, false, "dutch_national"],
    ["PL", "unknown", ["ilo-07"], false, false, "eu_free_movement"],
    ["PL", "yes", ["ilo-07"], false, false, "eu_free_movement"],
    ["RO", "no", ["ilo-07"], false, true, "eu_national_without_lawful_residence"],
    ["CH", "no", ["gen-02"], false, true, "eu_national_without_lawful_residence"],
    ["NO", "unknown", ["gen-02"], false, false, "eu_free_movement"],
  ] as const)(
    "%s, residence %s, %j, other %s → required %s (%s)",
    (nationality, residence, ids, other, required, reason) => {
      const decision = reflectionPeriodAction({
        person: { nationality, lawfulResidence: residence as LawfulResidence },
        indicatorIds: ids,
        otherIndication: other,
        indicatedAt: MONDAY_10H,
      });
      expect(decision.required).toBe(required);
      expect(decision.reason).toBe(reason);
    },
  );

  it("gives the police and KMar one working day, counted in Amsterdam", () => {
    const decision = reflectionPeriodAction({
      person: { nationality: "NG", lawfulResidence: "unknown" },
      indicatorIds: ["gen-01"],
      indicatedAt: MONDAY_10H,
    });
    expect(decision).toMatchObject({ required: true, informedBy: ["police", "kmar"], basis: "vc2000.b8-3" });
    if (!decision.required) return;
    expect(decision.deadline.dueDate).toBe("2025-01-14");
    expect(decision.deadline.dueAt.toISOString()).toBe("2025-01-14T23:00:00.000Z");
  });

  it("skips weekends and holidays: an indication on Thursday before Easter is due Tuesday", () => {
    const decision = reflectionPeriodAction({
      person: { nationality: "VN", lawfulResidence: "no" },
      indicatorIds: ["ce-12"],
      indicatedAt: new Date("2025-04-17T14:00:00Z"),
    });
    expect(decision.required && decision.deadline.dueDate).toBe("2025-04-22");
  });

  it("uses the 4-hour clock for an immediate signal", () => {
    const decision = reflectionPeriodAction({
      person: { nationality: "NG", lawfulResidence: "unknown" },
      indicatorIds: ["gen-04"],
      indicatedAt: new Date("2025-04-19T22:00:00Z"),
      urgency: "immediate",
    });
    expect(decision.required && decision.deadline.dueAt.toISOString()).toBe("2025-04-20T02:00:00.000Z");
  });

  it("documents the length of the reflection period", () => {
    expect(REFLECTION_PERIOD).toEqual({ standardMonths: 3, dublinCaseDays: 30 });
  });
});
