import { describe, expect, it } from "vitest";
import { buildBulkShelterRequest, type GroupIntake, validateGroupIntake } from "./large-group.rules";

// Synthetic group: aliases and numbers are made up, no real persons.
function buildRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alias: null,
    number: "W-01",
    gender: "male",
    estimatedAge: "24_26",
    nationality: "UA",
    languages: ["uk", "ru"],
    ...overrides,
  };
}

function buildInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    signalId: "sig-123",
    foundOn: "2026-03-10",
    municipalityCode: "GM0363",
    forms: ["labour"],
    sector: "agriculture_horticulture",
    persons: [
      buildRow({ number: "W-01" }),
      buildRow({ number: "W-02", nationality: "pl", languages: ["PL"] }),
    ],
    ...overrides,
  };
}

const TODAY = "2026-03-10";

describe("validateGroupIntake", () => {
  it("accepts a valid group and normalises it", () => {
    const result = validateGroupIntake({ input: buildInput(), today: TODAY });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.intake.persons[1]).toEqual({
      alias: null,
      number: "W-02",
      gender: "male",
      estimatedAge: "24_26",
      nationality: "PL",
      languages: ["pl"],
    });
    expect(result.intake.sector).toBe("agriculture_horticulture");
  });

  it.each([
    ["signal missing", { signalId: " " }, "signalId", "signal_required"],
    ["impossible date", { foundOn: "2026-02-30" }, "foundOn", "date_invalid"],
    ["future date", { foundOn: "2026-03-11" }, "foundOn", "date_in_future"],
    [
      "municipality not a CBS code",
      { municipalityCode: "Amsterdam" },
      "municipalityCode",
      "municipality_invalid",
    ],
    ["no forms", { forms: [] }, "forms", "forms_required"],
    ["unknown form", { forms: ["slavery"] }, "forms", "forms_invalid"],
    ["unknown sector", { sector: "mining" }, "sector", "sector_invalid"],
    ["sector of another form", { sector: "sex_escort" }, "sector", "sector_form_mismatch"],
    ["persons missing", { persons: undefined }, "persons", "persons_required"],
    ["one person is not a group", { persons: [buildRow()] }, "persons", "too_few_persons"],
  ])("%s → %s %s", (_, overrides, field, code) => {
    const result = validateGroupIntake({ input: buildInput(overrides), today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.groupErrors).toContainEqual({ field, code });
  });

  it("refuses more persons than the maximum, without validating the rows", () => {
    const persons = Array.from({ length: 4 }, (_, i) => buildRow({ number: `N${i}` }));
    const result = validateGroupIntake({ input: buildInput({ persons }), today: TODAY, maxPersons: 3 });
    expect(result).toMatchObject({
      ok: false,
      groupErrors: [{ field: "persons", code: "too_many_persons" }],
      rowErrors: [],
    });
  });

  it.each([
    ["neither alias nor number", { alias: "", number: null }, "alias", "alias_or_number_required"],
    ["alias too long", { alias: "x".repeat(41) }, "alias", "alias_too_long"],
    ["alias is an e-mail address", { alias: "someone@example.org" }, "alias", "alias_looks_like_contact"],
    ["alias is a phone number", { alias: "06 1234 5678" }, "alias", "alias_looks_like_contact"],
    ["number with spaces", { number: "W 03" }, "number", "number_invalid"],
    ["unknown gender", { gender: "m" }, "gender", "gender_invalid"],
    ["age not a band", { estimatedAge: "25" }, "estimatedAge", "age_invalid"],
    ["nationality not ISO", { nationality: "Oekraïne" }, "nationality", "nationality_invalid"],
    ["nationality unknown code", { nationality: "ZZ" }, "nationality", "nationality_invalid"],
    ["nationality missing", { nationality: "" }, "nationality", "nationality_invalid"],
    ["language not ISO", { languages: ["Ukrainian"] }, "languages", "languages_invalid"],
    ["languages not a list", { languages: "uk" }, "languages", "languages_invalid"],
    [
      "too many languages",
      { languages: ["uk", "ru", "pl", "ro", "bg", "en"] },
      "languages",
      "too_many_languages",
    ],
  ])("row: %s → %s %s", (_, overrides, field, code) => {
    const persons = [buildRow({ number: "W-01" }), buildRow({ number: "W-02", ...overrides })];
    const result = validateGroupIntake({ input: buildInput({ persons }), today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors).toContainEqual({ row: 2, field, code });
    expect(result.validRows).toBe(1);
    expect(result.totalRows).toBe(2);
  });

  it("accepts unknown and stateless nationalities and a row that is not an object is reported", () => {
    const persons = [
      buildRow({ number: "A", nationality: "unknown" }),
      buildRow({ number: "B", nationality: "stateless" }),
      "oops",
    ];
    const result = validateGroupIntake({ input: buildInput({ persons }), today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors).toEqual([{ row: 3, field: "row", code: "not_an_object" }]);
    expect(result.validRows).toBe(2);
  });

  it("finds duplicate aliases and numbers case-insensitively, naming the later row", () => {
    const persons = [
      buildRow({ number: "w-01", alias: "Blue" }),
      buildRow({ number: "W-01", alias: "Green" }),
      buildRow({ number: "W-03", alias: "blue" }),
    ];
    const result = validateGroupIntake({ input: buildInput({ persons }), today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rowErrors).toEqual([
      { row: 2, field: "number", code: "duplicate_number" },
      { row: 3, field: "alias", code: "duplicate_alias" },
    ]);
  });

  it("never puts a submitted value in an error", () => {
    const persons = [buildRow({ alias: "Synthetic Name 0612345678" }), buildRow({ number: "bad number!" })];
    const result = validateGroupIntake({ input: buildInput({ persons }), today: TODAY });
    expect(JSON.stringify(result)).not.toContain("Synthetic");
    expect(JSON.stringify(result)).not.toContain("bad number");
  });

  it("treats a non-object input as all fields missing", () => {
    const result = validateGroupIntake({ input: null, today: TODAY });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.groupErrors.map((e) => e.code)).toEqual([
      "signal_required",
      "date_invalid",
      "municipality_invalid",
      "forms_required",
      "persons_required",
    ]);
  });
});

describe("buildBulkShelterRequest", () => {
  const intake: GroupIntake = {
    signalId: "sig-9",
    foundOn: "2026-03-10",
    municipalityCode: "GM0363",
    forms: ["labour"],
    sector: null,
    persons: [
      {
        alias: null,
        number: "1",
        gender: "male",
        estimatedAge: "adult",
        nationality: "UA",
        languages: ["uk", "ru"],
      },
      {
        alias: null,
        number: "2",
        gender: "male",
        estimatedAge: "30_38",
        nationality: "PL",
        languages: ["pl"],
      },
      {
        alias: null,
        number: "3",
        gender: "female",
        estimatedAge: "9_17",
        nationality: "UA",
        languages: ["uk"],
      },
      {
        alias: null,
        number: "4",
        gender: "female",
        estimatedAge: "unknown",
        nationality: "unknown",
        languages: [],
      },
      {
        alias: null,
        number: "5",
        gender: "male",
        estimatedAge: "minor",
        nationality: "RO",
        languages: ["ro"],
      },
    ],
  };

  it("splits minors into youth care and flags unknown ages for assessment", () => {
    const r = buildBulkShelterRequest(intake);
    expect(r).toMatchObject({ totalPersons: 5, adults: 2, minors: 2, ageUnknown: 1, withoutLanguage: 1 });
    expect(r.byGender).toEqual({ female: 2, male: 3, other: 0, unknown: 0 });
    expect(r.lines).toEqual([
      {
        placeType: "temporary_large_group",
        personIndexes: [0, 1, 3],
        persons: 3,
        byGender: { female: 1, male: 2, other: 0, unknown: 0 },
        ageAssessmentNeeded: 1,
      },
      {
        placeType: "youth_care",
        personIndexes: [2, 4],
        persons: 2,
        byGender: { female: 1, male: 1, other: 0, unknown: 0 },
        ageAssessmentNeeded: 0,
      },
    ]);
  });

  it("counts languages and the persons to inform about the reflection period", () => {
    const r = buildBulkShelterRequest(intake);
    expect(r.languages).toEqual([
      { code: "uk", persons: 2 },
      { code: "pl", persons: 1 },
      { code: "ro", persons: 1 },
      { code: "ru", persons: 1 },
    ]);
    // UA ×2 (third country) and unknown ×1; PL and RO are EU nationals
    expect(r.toInformAboutReflectionPeriod).toBe(3);
  });

  it("has only the adult line when nobody is a minor", () => {
    const adults = { ...intake, persons: intake.persons.slice(0, 2) };
    expect(buildBulkShelterRequest(adults).lines.map((l) => l.placeType)).toEqual(["temporary_large_group"]);
  });
});
