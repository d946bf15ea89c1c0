/**
 * @module registry.vocabulary
 * Vocabularies of the national registry (CoMensha; DESIGN.md §3 step 4): registration modes, the fields
 * a registration can carry with their data category, and the country table used to coarsen rare
 * nationalities in statistical records.
 *
 * The country table maps every ISO 3166-1 alpha-2 code that can be a nationality to a world region,
 * following the UN M49 regions (Latin America and the Caribbean apart from Northern America, because
 * the NR reports Latin-American victims as a group; Cyprus is in Asia in M49 but EU membership is
 * decided first). Kosovo's user-assigned `XK` is included because Dutch documents use it.
 */
import { z } from "zod";
import type { DataCategory } from "../sharing/data-categories";
import {
  DUTCH_NATIONALITY_CODES,
  EEA_AND_SWISS_NON_EU,
  EU_MEMBER_STATES,
} from "../signals/reflection-period.rules";
import type { Label } from "../signals/signal.vocabulary";

// ------------------------------------------------------------------------------------------------
// Registration modes and fields
// ------------------------------------------------------------------------------------------------

/**
 * - `by_name`: an identifiable registration (own legal basis of police/KMar/labour inspectorate, or the
 *   victim's prior consent);
 * - `statistical`: a non-identifying record only (no consent, no legal basis of one's own);
 * - `shelter_placement_minimum`: safety at stake without consent: the data needed to place the victim
 *   in a shelter go to CoMensha for *care* (programme footnote 21), plus a statistical record for the
 *   registry. CoMensha may not register that person by name on this ground.
 */
export const REGISTRATION_MODES = ["by_name", "statistical", "shelter_placement_minimum"] as const;
export const RegistrationModeSchema = z.enum(REGISTRATION_MODES);
export type RegistrationMode = z.infer<typeof RegistrationModeSchema>;
export const REGISTRATION_MODE_LABELS: Record<RegistrationMode, Label> = {
  by_name: { nl: "Registratie op naam", en: "Registration by name" },
  statistical: { nl: "Alleen statistische registratie", en: "Statistical registration only" },
  shelter_placement_minimum: {
    nl: "Gegevens voor opvangplaatsing (veiligheid in het geding)",
    en: "Shelter placement data (safety at stake)",
  },
};

/** Every field a registration or placement message can carry, with its data category (sharing rules). */
export const REGISTRATION_FIELD_CATEGORY = {
  given_names: "identity",
  family_name: "identity",
  alias: "identity",
  birth_date: "identity",
  gender: "identity",
  nationality: "identity",
  identity_document_number: "identity",
  v_number: "identity",
  languages: "contact",
  phone: "contact",
  current_whereabouts: "location",
  residence_status: "residence_status",
  reflection_period: "residence_status",
  trafficking_status: "case_facts",
  exploitation_forms: "case_facts",
  sectors: "case_facts",
  municipality_of_exploitation: "case_facts",
  date_signalled: "case_facts",
  reporting_organisation: "case_facts",
  methods_of_control: "case_facts",
  recruitment: "case_facts",
  shelter_need: "care_plan",
  accompanying_children: "care_plan",
  accessibility_needs: "care_plan",
  // The statistical record's own fields: non-personal after coarsening.
  stat_year: "non_personal",
  stat_forms: "non_personal",
  stat_sectors: "non_personal",
  stat_gender: "non_personal",
  stat_age_group: "non_personal",
  stat_nationality: "non_personal",
  stat_reporting_organisation_type: "non_personal",
  stat_police_unit: "non_personal",
  stat_trafficking_status: "non_personal",
} as const satisfies Record<string, DataCategory>;
export type RegistrationField = keyof typeof REGISTRATION_FIELD_CATEGORY;
export const REGISTRATION_FIELDS = Object.keys(REGISTRATION_FIELD_CATEGORY) as RegistrationField[];

/**
 * Fields of a registration by name: identity, residence status and case facts, as the sharing rule
 * `registration.investigative-services` allows; no contact, address, health or criminal data.
 */
export const BY_NAME_FIELDS: readonly RegistrationField[] = Object.freeze([
  "given_names",
  "family_name",
  "alias",
  "birth_date",
  "gender",
  "nationality",
  "identity_document_number",
  "v_number",
  "residence_status",
  "reflection_period",
  "trafficking_status",
  "exploitation_forms",
  "sectors",
  "municipality_of_exploitation",
  "date_signalled",
  "reporting_organisation",
  "methods_of_control",
  "recruitment",
]);

/**
 * The minimum for a shelter placement (footnote 21; sharing rule `care.safety-at-stake.to-comensha`:
 * identity, contact, location, residence status, care plan). Who the person is, how to reach them and
 * where to collect them, whether they may stay, and what kind of place they need. Not: document
 * numbers, case facts, health, sex life.
 */
export const SHELTER_PLACEMENT_FIELDS: readonly RegistrationField[] = Object.freeze([
  "given_names",
  "family_name",
  "alias",
  "birth_date",
  "gender",
  "nationality",
  "languages",
  "phone",
  "current_whereabouts",
  "residence_status",
  "shelter_need",
  "accompanying_children",
  "accessibility_needs",
]);

/** The fields of a statistical record (see `registration.rules` `StatisticalRegistration`). */
export const STATISTICAL_FIELDS: readonly RegistrationField[] = Object.freeze([
  "stat_year",
  "stat_forms",
  "stat_sectors",
  "stat_gender",
  "stat_age_group",
  "stat_nationality",
  "stat_reporting_organisation_type",
  "stat_police_unit",
  "stat_trafficking_status",
]);

// ------------------------------------------------------------------------------------------------
// Countries and nationality groups
// ------------------------------------------------------------------------------------------------

export const WORLD_REGIONS = [
  "europe",
  "africa",
  "asia",
  "latin_america_caribbean",
  "northern_america",
  "oceania",
] as const;
export type WorldRegion = (typeof WORLD_REGIONS)[number];

const COUNTRIES_BY_REGION: Record<WorldRegion, string> = {
  europe:
    "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
  africa:
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW",
  asia: "AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE",
  latin_america_caribbean:
    "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
  northern_america: "BM CA GL PM US",
  oceania: "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS",
};

/** ISO alpha-2 → world region. */
export const COUNTRY_REGION: ReadonlyMap<string, WorldRegion> = new Map(
  WORLD_REGIONS.flatMap((region) =>
    COUNTRIES_BY_REGION[region].split(" ").map((code) => [code, region] as const),
  ),
);

/** Whether `code` is an ISO 3166-1 alpha-2 code we know as a possible nationality (upper case). */
export function isKnownCountryCode(code: string): boolean {
  return COUNTRY_REGION.has(code);
}

/**
 * The group a nationality falls in for statistics. Dutch includes Aruba, Curaçao, Sint Maarten and the
 * Caribbean Netherlands (Dutch nationality); EU/EEA/Swiss is split from the rest of Europe because free
 * movement makes their position different (see `signals/reflection-period.rules`).
 */
export const NATIONALITY_GROUPS = [
  "dutch",
  "eu_eea_swiss",
  "europe_other",
  "africa",
  "asia",
  "latin_america_caribbean",
  "northern_america",
  "oceania",
  "stateless",
  "unknown",
] as const;
export const NationalityGroupSchema = z.enum(NATIONALITY_GROUPS);
export type NationalityGroup = z.infer<typeof NationalityGroupSchema>;
export const NATIONALITY_GROUP_LABELS: Record<NationalityGroup, Label> = {
  dutch: { nl: "Nederlands", en: "Dutch" },
  eu_eea_swiss: { nl: "Overig EU/EER/Zwitserland", en: "Other EU/EEA/Switzerland" },
  europe_other: { nl: "Overig Europa", en: "Other Europe" },
  africa: { nl: "Afrika", en: "Africa" },
  asia: { nl: "Azië", en: "Asia" },
  latin_america_caribbean: {
    nl: "Latijns-Amerika en Caribisch gebied",
    en: "Latin America and the Caribbean",
  },
  northern_america: { nl: "Noord-Amerika", en: "Northern America" },
  oceania: { nl: "Oceanië", en: "Oceania" },
  stateless: { nl: "Staatloos", en: "Stateless" },
  unknown: { nl: "Onbekend", en: "Unknown" },
};

/** Normalise a nationality as entered: ISO alpha-2 (any case; `EL` → `GR`), `stateless` or `unknown`. */
export function normaliseNationality(value: string): string {
  const code = value.trim().toUpperCase();
  if (code === "STATELESS") return "stateless";
  if (code === "EL") return "GR";
  if (/^[A-Z]{2}$/.test(code) && isKnownCountryCode(code)) return code;
  return "unknown";
}

/** The statistics group of a nationality (normalised or not). */
export function nationalityGroupOf(value: string): NationalityGroup {
  const code = normaliseNationality(value);
  if (code === "stateless" || code === "unknown") return code;
  if ((DUTCH_NATIONALITY_CODES as readonly string[]).includes(code)) return "dutch";
  if (
    (EU_MEMBER_STATES as readonly string[]).includes(code) ||
    (EEA_AND_SWISS_NON_EU as readonly string[]).includes(code)
  ) {
    return "eu_eea_swiss";
  }
  const region = COUNTRY_REGION.get(code);
  if (region === "europe") return "europe_other";
  return region ?? "unknown";
}

/**
 * Nationalities shown as themselves in statistical records; every other one is coarsened to its group.
 * Default: the nationalities the public figures name year after year (DOMAIN-FACTS §1.2: Dutch;
 * Polish, Romanian, Bulgarian, Hungarian; Nigerian, Ugandan; Ukrainian; Vietnamese; Venezuelan,
 * Colombian). Review yearly with `nationalitiesToKeep` on the previous year's counts; never derive the
 * list from the same data it is applied to.
 */
export const DEFAULT_KEPT_NATIONALITIES: readonly string[] = Object.freeze([
  "NL",
  "PL",
  "RO",
  "BG",
  "HU",
  "NG",
  "UG",
  "UA",
  "VN",
  "VE",
  "CO",
]);

/** Police units (reference/geo/police-units.csv ids) plus the unknown value used by statistics. */
export const STATISTICS_UNKNOWN_UNIT = "unknown" as const;
