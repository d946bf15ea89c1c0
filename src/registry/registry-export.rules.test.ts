import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import type { StatisticalRegistration } from "./registration.rules";
import {
  buildExportRows,
  EXPORT_COLUMNS,
  type RegistrationRecord,
  toCsv,
  toExportRow,
  toJson,
} from "./registry-export.rules";

// Synthetic registrations.
function buildStatistical(overrides: Partial<StatisticalRegistration> = {}): StatisticalRegistration {
  return {
    year: 2026,
    forms: ["sexual"],
    sectors: ["sex_escort", "sex_online_webcam"],
    gender: "female",
    ageGroup: "18_20",
    ageCategory: "adult",
    nationality: "NG",
    nationalityGroup: "africa",
    reportingOrganisationType: "police",
    policeUnit: "amsterdam",
    traffickingStatus: "presumed",
    ...overrides,
  };
}

function buildRecord(overrides: Partial<RegistrationRecord> = {}): RegistrationRecord {
  return {
    id: "reg-internal-1",
    registeredOn: "2026-02-03",
    mode: "by_name",
    mergedInto: null,
    statistical: buildStatistical(),
    ...overrides,
  };
}

const pseudonymise = (id: string) =>
  `P${[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7)}`;

describe("toExportRow", () => {
  it("maps to HTCDS values beside our own", () => {
    expect(toExportRow(buildRecord(), { pseudonymise })).toEqual({
      record_id: pseudonymise("reg-internal-1"),
      person_key: pseudonymise("reg-internal-1"),
      registration_year: "2026",
      vic_TraffickingStatus: "PossibleVictimOfTrafficking",
      trafficking_status: "presumed",
      vic_TypeOfExploitation: ["SexualExploitation"],
      exploitation_forms: ["sexual"],
      vic_TypeOfSexExploitation: ["Prostitution", "RemoteInteractiveServices"],
      vic_ForcedLabourIndustry: [],
      sectors: ["sex_escort", "sex_online_webcam"],
      prs_Gender: "Feminine",
      gender: "female",
      ctdc_ageBroad: "18-20",
      age_category: "adult",
      prs_Nationality: "NG",
      nationality_group: "africa",
      org_Type: "LawEnforcement",
      reporting_organisation_type: "police",
      police_unit: "amsterdam",
      registration_mode: "by_name",
    });
  });

  it("adds begging and illicit activities to the type of exploitation, and ISIC industries", () => {
    const row = toExportRow(
      buildRecord({
        statistical: buildStatistical({
          forms: ["labour", "forced_services", "criminal"],
          sectors: ["agriculture_horticulture", "begging", "crime_drug_trade", "food_processing"],
        }),
      }),
      { pseudonymise },
    );
    expect(row.vic_TypeOfExploitation).toEqual(["ForcedLabour", "IllicitActivities", "ForcedBegging"]);
    expect(row.vic_ForcedLabourIndustry).toEqual(["A_AgricultureForestryAndFishing", "C_Manufacturing"]);
  });

  it("gives merged registrations the person key of the survivor, and leaves unknowns empty", () => {
    const row = toExportRow(
      buildRecord({
        id: "reg-2",
        mergedInto: "reg-internal-1",
        statistical: buildStatistical({
          ageGroup: "unknown",
          ageCategory: "unknown",
          nationality: null,
          reportingOrganisationType: "platform_operator",
        }),
      }),
      { pseudonymise },
    );
    expect(row.person_key).toBe(pseudonymise("reg-internal-1"));
    expect(row.record_id).toBe(pseudonymise("reg-2"));
    expect(row.ctdc_ageBroad).toBe("");
    expect(row.prs_Nationality).toBe("");
    expect(row.org_Type).toBe("");
  });
});

describe("buildExportRows", () => {
  const records = [
    buildRecord({ id: "a", registeredOn: "2026-03-01" }),
    buildRecord({ id: "b", registeredOn: "2026-01-15" }),
    buildRecord({ id: "c", registeredOn: "2025-12-31" }),
    buildRecord({ id: "d", registeredOn: "2026-01-15", mergedInto: "b" }),
  ];

  it("selects the period (inclusive) and orders by date, never exporting internal ids", () => {
    const rows = buildExportRows({ records, period: { from: "2026-01-01", to: "2026-03-01" }, pseudonymise });
    expect(rows.map((r) => r.record_id)).toEqual([
      ...[pseudonymise("b"), pseudonymise("d")].sort(),
      pseudonymise("a"),
    ]);
    const json = JSON.stringify(rows);
    for (const id of ['"a"', '"b"', '"d"']) expect(json).not.toContain(id);
  });

  it("refuses a bad period and pseudonym collisions", () => {
    expect(() =>
      buildExportRows({ records, period: { from: "2026-02-01", to: "2026-01-01" }, pseudonymise }),
    ).toThrow(AppError);
    expect(() =>
      buildExportRows({
        records,
        period: { from: "2026-01-01", to: "2026-12-31" },
        pseudonymise: () => "same",
      }),
    ).toThrow(AppError);
  });

  it("counts registrations and persons separately in JSON", () => {
    const rows = buildExportRows({ records, period: { from: "2025-01-01", to: "2026-12-31" }, pseudonymise });
    const json = toJson({
      rows,
      period: { from: "2025-01-01", to: "2026-12-31" },
      generatedAt: "2026-05-12T10:00:00Z",
    });
    expect(json).toMatchObject({
      format: "samen.registry-export",
      version: "1.0",
      counts: { registrations: 4, persons: 3 },
    });
    expect(json.columns.map((c) => c.name)).toEqual(EXPORT_COLUMNS.map((c) => c.name));
    expect(json.records[0]?.exploitation_forms).toEqual(["sexual"]);
  });
});

describe("toCsv", () => {
  it("writes a header and one RFC 4180 line per row, multi-values joined by ';'", () => {
    const rows = buildExportRows({
      records: [buildRecord()],
      period: { from: "2026-01-01", to: "2026-12-31" },
      pseudonymise,
    });
    const csv = toCsv(rows);
    const lines = csv.split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((c) => c.name).join(","));
    const cells = lines[1]!.split(",");
    expect(cells).toHaveLength(EXPORT_COLUMNS.length);
    expect(cells[EXPORT_COLUMNS.findIndex((c) => c.name === "vic_TypeOfSexExploitation")]).toBe(
      "Prostitution;RemoteInteractiveServices",
    );
  });

  it("quotes and neutralises dangerous cells", () => {
    const row = {
      ...toExportRow(buildRecord(), { pseudonymise }),
      record_id: '=HYPERLINK("x")',
      police_unit: "a,b",
    };
    const line = toCsv([row]).split("\r\n")[1]!;
    expect(line.startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
    expect(line).toContain('"a,b"');
  });

  it("documents every column in both languages and marks HTCDS names", () => {
    for (const c of EXPORT_COLUMNS) {
      expect(c.description.nl.length > 0 && c.description.en.length > 0, c.name).toBe(true);
      if (/^(vic|prs|org|cas)_/.test(c.name)) expect(c.htcds, c.name).toBe(true);
    }
    expect(new Set(EXPORT_COLUMNS.map((c) => c.name)).size).toBe(EXPORT_COLUMNS.length);
  });
});

describe("documentation", () => {
  it("the README documents every export column", () => {
    const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
    for (const c of EXPORT_COLUMNS) expect(readme, c.name).toContain(`| \`${c.name}\` |`);
  });
});
