/**
 * @module registry-export.rules
 * The registry's export for the National Rapporteur and international reporting: one row per
 * registration, built only from the statistical record, in CSV and JSON, with HTCDS field names where
 * HTCDS has the field (and CTDC's `ageBroad` for the age band).
 *
 * Decisions:
 * - **No identifying data**: rows come from `StatisticalRegistration` only (CoMensha passes data to the
 *   NR only anonymised, DOMAIN-FACTS §4.3). The internal registration id never leaves: `record_id` and
 *   `person_key` are pseudonyms made by the caller's `pseudonymise` (a keyed hash with a key per
 *   export, so two exports cannot be joined on them).
 * - **Both series from one file**: every registration is a row (CoMensha counts registrations), and
 *   registrations merged as the same person share a `person_key` (the NR counts de-duplicated
 *   persons). DOMAIN-FACTS §1.0 warns never to mix the two; the file carries both honestly.
 * - **Our vocabulary beside HTCDS's**: HTCDS is coarser in places (one "possible" for our possible and
 *   presumed; no Dutch sectors), so each HTCDS column has our own column next to it.
 * - **CSV**: RFC 4180, comma-separated, CRLF line ends, UTF-8 without BOM, header row; multiple values
 *   in one cell separated by `;` in vocabulary order; empty cell for "not applicable / unknown". Cells
 *   starting with `=`, `+`, `-`, `@`, tab or CR are prefixed with `'` (CSV injection), although every
 *   value comes from a closed vocabulary.
 */
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import { SECTOR_INFO, toHtcdsValue } from "../care/care.vocabulary";
import { AppError } from "../platform/errors";
import type { Label } from "../signals/signal.vocabulary";
import { type IsoDate, isIsoDate } from "../signals/working-days.rules";
import type { StatisticalRegistration } from "./registration.rules";
import type { RegistrationMode } from "./registry.vocabulary";

/** A registration as the registry stores it, reduced to what the export may use. */
export type RegistrationRecord = {
  /** Internal id; never exported. */
  id: string;
  registeredOn: IsoDate;
  mode: RegistrationMode;
  /** The registration this one was merged into (same person), if any. */
  mergedInto: string | null;
  statistical: StatisticalRegistration;
};

export const EXPORT_FORMAT = "samen.registry-export" as const;
export const EXPORT_VERSION = "1.0" as const;

export type ExportColumn = { name: string; htcds: boolean; multi: boolean; description: Label };

/** The columns, in order. `htcds`: the name is an HTCDS (or CTDC) field name. */
export const EXPORT_COLUMNS = [
  {
    name: "record_id",
    htcds: false,
    multi: false,
    description: {
      nl: "Pseudoniem van de registratie, per export anders",
      en: "Pseudonym of the registration, different per export",
    },
  },
  {
    name: "person_key",
    htcds: false,
    multi: false,
    description: {
      nl: "Pseudoniem van de persoon; samengevoegde registraties delen het",
      en: "Pseudonym of the person; merged registrations share it",
    },
  },
  {
    name: "registration_year",
    htcds: true,
    multi: false,
    description: {
      nl: "Jaar van registratie (CTDC yearOfRegistration)",
      en: "Year of registration (CTDC yearOfRegistration)",
    },
  },
  {
    name: "vic_TraffickingStatus",
    htcds: true,
    multi: false,
    description: { nl: "Status slachtofferschap (HTCDS)", en: "Trafficking status (HTCDS)" },
  },
  {
    name: "trafficking_status",
    htcds: false,
    multi: false,
    description: { nl: "Status slachtofferschap (Samen)", en: "Trafficking status (Samen)" },
  },
  {
    name: "vic_TypeOfExploitation",
    htcds: true,
    multi: true,
    description: { nl: "Vorm(en) van uitbuiting (HTCDS)", en: "Type(s) of exploitation (HTCDS)" },
  },
  {
    name: "exploitation_forms",
    htcds: false,
    multi: true,
    description: {
      nl: "Vorm(en) van uitbuiting, art. 273f Sr (Samen)",
      en: "Form(s) of exploitation, art. 273f Sr (Samen)",
    },
  },
  {
    name: "vic_TypeOfSexExploitation",
    htcds: true,
    multi: true,
    description: { nl: "Soort seksuele uitbuiting (HTCDS)", en: "Type of sexual exploitation (HTCDS)" },
  },
  {
    name: "vic_ForcedLabourIndustry",
    htcds: true,
    multi: true,
    description: {
      nl: "Bedrijfstak arbeidsuitbuiting, ISIC (HTCDS)",
      en: "Industry of labour exploitation, ISIC (HTCDS)",
    },
  },
  {
    name: "sectors",
    htcds: false,
    multi: true,
    description: { nl: "Sector(en) (Samen)", en: "Sector(s) (Samen)" },
  },
  {
    name: "prs_Gender",
    htcds: true,
    multi: false,
    description: { nl: "Gender (HTCDS)", en: "Gender (HTCDS)" },
  },
  {
    name: "gender",
    htcds: false,
    multi: false,
    description: { nl: "Geslacht (Samen)", en: "Gender (Samen)" },
  },
  {
    name: "ctdc_ageBroad",
    htcds: true,
    multi: false,
    description: { nl: "Leeftijdsgroep (CTDC ageBroad)", en: "Age band (CTDC ageBroad)" },
  },
  {
    name: "age_category",
    htcds: false,
    multi: false,
    description: { nl: "Minderjarig / meerderjarig", en: "Minor / adult" },
  },
  {
    name: "prs_Nationality",
    htcds: true,
    multi: false,
    description: {
      nl: "Nationaliteit ISO 3166-1; leeg als vergroofd",
      en: "Nationality ISO 3166-1; empty when coarsened",
    },
  },
  {
    name: "nationality_group",
    htcds: false,
    multi: false,
    description: { nl: "Nationaliteitsgroep (Samen)", en: "Nationality group (Samen)" },
  },
  {
    name: "org_Type",
    htcds: true,
    multi: false,
    description: { nl: "Soort melder (HTCDS)", en: "Reporting organisation type (HTCDS)" },
  },
  {
    name: "reporting_organisation_type",
    htcds: false,
    multi: false,
    description: { nl: "Soort melder (Samen)", en: "Reporting organisation type (Samen)" },
  },
  {
    name: "police_unit",
    htcds: false,
    multi: false,
    description: {
      nl: "Politie-eenheid van de plaats van uitbuiting of aantreffen",
      en: "Police unit of the place of exploitation or where found",
    },
  },
  {
    name: "registration_mode",
    htcds: false,
    multi: false,
    description: {
      nl: "Op naam / statistisch / opvangplaatsing",
      en: "By name / statistical / shelter placement",
    },
  },
] as const satisfies readonly ExportColumn[];

export type ExportColumnName = (typeof EXPORT_COLUMNS)[number]["name"];
type MultiColumn = Extract<(typeof EXPORT_COLUMNS)[number], { multi: true }>["name"];

/** One exported row; multi-valued columns are arrays (joined with `;` in CSV). */
export type ExportRow = { [K in ExportColumnName]: K extends MultiColumn ? string[] : string };

const uniq = (values: (string | null | undefined)[]): string[] => [
  ...new Set(values.filter((v): v is string => !!v)),
];

/** The export row for one registration. */
export function toExportRow(
  record: RegistrationRecord,
  { pseudonymise }: { pseudonymise: (internalId: string) => string },
): ExportRow {
  const s = record.statistical;
  const sectorHtcds = s.sectors.map((sector) => SECTOR_INFO[sector].htcds);
  return {
    record_id: pseudonymise(record.id),
    person_key: pseudonymise(record.mergedInto ?? record.id),
    registration_year: String(s.year),
    vic_TraffickingStatus: toHtcdsValue("traffickingStatus", s.traffickingStatus)?.value ?? "",
    trafficking_status: s.traffickingStatus,
    vic_TypeOfExploitation: uniq([
      ...s.forms.map((f) => toHtcdsValue("exploitationForm", f)?.value),
      ...sectorHtcds.filter((h) => h?.field === "vic_TypeOfExploitation").map((h) => h?.value),
    ]),
    exploitation_forms: [...s.forms],
    vic_TypeOfSexExploitation: uniq(
      sectorHtcds.filter((h) => h?.field === "vic_TypeOfSexExploitation").map((h) => h?.value),
    ),
    vic_ForcedLabourIndustry: uniq(
      sectorHtcds.filter((h) => h?.field === "vic_ForcedLabourIndustry").map((h) => h?.value),
    ),
    sectors: [...s.sectors],
    prs_Gender: toHtcdsValue("gender", s.gender)?.value ?? "",
    gender: s.gender,
    ctdc_ageBroad: toHtcdsValue("ageGroup", s.ageGroup)?.value ?? "",
    age_category: s.ageCategory,
    prs_Nationality: s.nationality ?? "",
    nationality_group: s.nationalityGroup,
    org_Type: toHtcdsValue("organisationType", s.reportingOrganisationType)?.value ?? "",
    reporting_organisation_type: ORGANISATION_TYPES.includes(s.reportingOrganisationType)
      ? s.reportingOrganisationType
      : "",
    police_unit: s.policeUnit,
    registration_mode: record.mode,
  } as ExportRow;
}

/**
 * The export rows for the registrations in `period` (inclusive), ordered by registration date then
 * pseudonym. Pseudonyms must be unique per internal id; a collision is refused.
 */
export function buildExportRows({
  records,
  period,
  pseudonymise,
}: {
  records: readonly RegistrationRecord[];
  period: { from: IsoDate; to: IsoDate };
  pseudonymise: (internalId: string) => string;
}): ExportRow[] {
  if (!isIsoDate(period.from) || !isIsoDate(period.to) || period.from > period.to) {
    throw new AppError("VALIDATION_FAILED", "Ongeldige periode.", {
      fields: [{ field: "period", message: "from ≤ to, YYYY-MM-DD" }],
    });
  }
  const seen = new Map<string, string>();
  const checked = (id: string) => {
    const p = pseudonymise(id);
    const owner = seen.get(p);
    if (owner !== undefined && owner !== id) throw new AppError("INTERNAL", "Pseudoniembotsing in export.");
    seen.set(p, id);
    return p;
  };
  return records
    .filter((r) => r.registeredOn >= period.from && r.registeredOn <= period.to)
    .map((r) => ({ date: r.registeredOn, row: toExportRow(r, { pseudonymise: checked }) }))
    .sort((x, y) =>
      x.date < y.date ? -1 : x.date > y.date ? 1 : x.row.record_id.localeCompare(y.row.record_id),
    )
    .map((x) => x.row);
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as RFC 4180 CSV with a header row (see the module header). */
export function toCsv(rows: readonly ExportRow[]): string {
  const names = EXPORT_COLUMNS.map((c) => c.name);
  const lines = [names.join(",")];
  for (const row of rows) {
    lines.push(
      names
        .map((n) => {
          const v = row[n];
          return csvCell(Array.isArray(v) ? v.join(";") : v);
        })
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

export type RegistryExportJson = {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  generatedAt: string;
  period: { from: IsoDate; to: IsoDate };
  counts: { registrations: number; persons: number };
  columns: readonly ExportColumn[];
  records: ExportRow[];
};

/** The JSON shape of the export: metadata, column documentation, and the rows as objects. */
export function toJson({
  rows,
  period,
  generatedAt,
}: {
  rows: readonly ExportRow[];
  period: { from: IsoDate; to: IsoDate };
  generatedAt: string;
}): RegistryExportJson {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    generatedAt,
    period,
    counts: { registrations: rows.length, persons: new Set(rows.map((r) => r.person_key)).size },
    columns: EXPORT_COLUMNS,
    records: [...rows],
  };
}
