/**
 * @module large-group.rules
 * Fast intake of a large group found at once, typically in a labour-exploitation inspection: many
 * minimal cases in one go (same place, date and signal), each person with only an alias or number,
 * gender, estimated age, nationality and languages; and the bulk request for temporary shelter that
 * CoMensha must arrange "when a large group of victims is found at once" (programme, action line 2).
 *
 * Decisions:
 * - **All or nothing.** The intake is valid only when every row is; the repository creates all cases
 *   in one transaction. Per-row errors name the row, the field and a stable code, never the value
 *   (an alias may be a real name despite our asking).
 * - **An alias or a number per person**, unique within the group (case-insensitive): field workers
 *   hand out wristband numbers; an alias must not be contact data, so aliases that look like an e-mail
 *   address or a phone number are refused.
 * - **Minors never go to the adult group shelter.** The bulk request has a separate youth-care line;
 *   persons whose age is unknown go with the adults but are flagged for an age assessment. When there
 *   are reasons to believe a person is a child, record `minor`: Directive 2011/36/EU art. 13(2)
 *   presumes them a child then.
 * - **B8 count.** The request counts the persons who must be told about the reflection period at once
 *   (nationality outside the EU/EEA/CH or unknown; residence is unknown at intake), so the police or
 *   KMar can bring enough interpreters.
 */
import { z } from "zod";
import { normaliseNationality } from "../registry/registry.vocabulary";
import { nationalityGroup } from "../signals/reflection-period.rules";
import {
  type ExploitationForm,
  ExploitationFormSchema,
  GENDERS,
  type Gender,
  GenderSchema,
} from "../signals/signal.vocabulary";
import { type IsoDate, isIsoDate } from "../signals/working-days.rules";
import {
  type EstimatedAge,
  EstimatedAgeSchema,
  isMinorAge,
  SECTOR_INFO,
  type Sector,
  SectorSchema,
  type ShelterPlaceType,
} from "./care.vocabulary";

/** Default upper bound on one intake; larger groups are split by the UI. */
export const DEFAULT_MAX_GROUP_SIZE = 250;
export const MIN_GROUP_SIZE = 2;
export const MAX_ALIAS_LENGTH = 40;
export const MAX_NUMBER_LENGTH = 20;
export const MAX_LANGUAGES = 5;

export type GroupPerson = {
  alias: string | null;
  number: string | null;
  gender: Gender;
  estimatedAge: EstimatedAge;
  /** ISO 3166-1 alpha-2, `stateless` or `unknown`. */
  nationality: string;
  /** ISO 639-1 or 639-3, lower case, best first. */
  languages: string[];
};

export type GroupIntake = {
  signalId: string;
  foundOn: IsoDate;
  municipalityCode: string;
  forms: ExploitationForm[];
  sector: Sector | null;
  persons: GroupPerson[];
};

export const ROW_ERROR_CODES = [
  "not_an_object",
  "alias_or_number_required",
  "alias_too_long",
  "alias_looks_like_contact",
  "number_invalid",
  "duplicate_alias",
  "duplicate_number",
  "gender_invalid",
  "age_invalid",
  "nationality_invalid",
  "languages_invalid",
  "too_many_languages",
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];
export type RowError = { row: number; field: keyof GroupPerson | "row"; code: RowErrorCode };

export const GROUP_ERROR_CODES = [
  "signal_required",
  "date_invalid",
  "date_in_future",
  "municipality_invalid",
  "forms_required",
  "forms_invalid",
  "sector_invalid",
  "sector_form_mismatch",
  "persons_required",
  "too_few_persons",
  "too_many_persons",
] as const;
export type GroupErrorCode = (typeof GROUP_ERROR_CODES)[number];
export type GroupError = { field: keyof GroupIntake; code: GroupErrorCode };

export type GroupValidation =
  | { ok: true; intake: GroupIntake }
  | { ok: false; groupErrors: GroupError[]; rowErrors: RowError[]; validRows: number; totalRows: number };

const LANGUAGE = /^[a-z]{2,3}$/;
const NUMBER = /^[A-Za-z0-9-]{1,20}$/;
const EMAIL_LIKE = /@/;
const PHONE_LIKE = /\d[\d\s().-]{5,}\d/;

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const t = value.trim();
  return t === "" ? null : t;
}

function validateRow(raw: unknown, row: number): { person: GroupPerson | null; errors: RowError[] } {
  const errors: RowError[] = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { person: null, errors: [{ row, field: "row", code: "not_an_object" }] };
  }
  const r = raw as Record<string, unknown>;
  const alias = text(r.alias);
  const number = text(r.number);
  if (alias === null && number === null)
    errors.push({ row, field: "alias", code: "alias_or_number_required" });
  if (alias !== null && alias.length > MAX_ALIAS_LENGTH)
    errors.push({ row, field: "alias", code: "alias_too_long" });
  if (alias !== null && (EMAIL_LIKE.test(alias) || PHONE_LIKE.test(alias))) {
    errors.push({ row, field: "alias", code: "alias_looks_like_contact" });
  }
  if (number !== null && !NUMBER.test(number)) errors.push({ row, field: "number", code: "number_invalid" });
  const gender = GenderSchema.safeParse(r.gender);
  if (!gender.success) errors.push({ row, field: "gender", code: "gender_invalid" });
  const age = EstimatedAgeSchema.safeParse(r.estimatedAge);
  if (!age.success) errors.push({ row, field: "estimatedAge", code: "age_invalid" });
  const nationalityInput = text(r.nationality);
  const nationality = nationalityInput === null ? null : normaliseNationality(nationalityInput);
  if (nationality === null || (nationality === "unknown" && nationalityInput?.toLowerCase() !== "unknown")) {
    errors.push({ row, field: "nationality", code: "nationality_invalid" });
  }
  let languages: string[] = [];
  if (r.languages !== undefined && r.languages !== null) {
    if (
      !Array.isArray(r.languages) ||
      !r.languages.every((l) => typeof l === "string" && LANGUAGE.test(l.trim().toLowerCase()))
    ) {
      errors.push({ row, field: "languages", code: "languages_invalid" });
    } else {
      languages = [...new Set(r.languages.map((l: string) => l.trim().toLowerCase()))];
      if (languages.length > MAX_LANGUAGES)
        errors.push({ row, field: "languages", code: "too_many_languages" });
    }
  }
  if (errors.length > 0 || !gender.success || !age.success || nationality === null)
    return { person: null, errors };
  return {
    person: { alias, number, gender: gender.data, estimatedAge: age.data, nationality, languages },
    errors,
  };
}

/**
 * Validate a group intake as received (unknown JSON). Rows are numbered from 1 as the UI shows them.
 * `today` is the Amsterdam date, to refuse a future `foundOn`.
 */
export function validateGroupIntake({
  input,
  today,
  maxPersons = DEFAULT_MAX_GROUP_SIZE,
}: {
  input: unknown;
  today: IsoDate;
  maxPersons?: number;
}): GroupValidation {
  const groupErrors: GroupError[] = [];
  const g = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const signalId = text(g.signalId);
  if (signalId === null) groupErrors.push({ field: "signalId", code: "signal_required" });
  const foundOn = text(g.foundOn);
  if (foundOn === null || !isIsoDate(foundOn)) groupErrors.push({ field: "foundOn", code: "date_invalid" });
  else if (foundOn > today) groupErrors.push({ field: "foundOn", code: "date_in_future" });
  const municipalityCode = text(g.municipalityCode);
  if (municipalityCode === null || !/^GM\d{4}$/.test(municipalityCode)) {
    groupErrors.push({ field: "municipalityCode", code: "municipality_invalid" });
  }
  const forms = z.array(ExploitationFormSchema).safeParse(g.forms);
  if (!Array.isArray(g.forms) || g.forms.length === 0)
    groupErrors.push({ field: "forms", code: "forms_required" });
  else if (!forms.success) groupErrors.push({ field: "forms", code: "forms_invalid" });
  let sector: Sector | null = null;
  if (g.sector !== undefined && g.sector !== null) {
    const s = SectorSchema.safeParse(g.sector);
    if (!s.success) groupErrors.push({ field: "sector", code: "sector_invalid" });
    else sector = s.data;
  }

  const rowErrors: RowError[] = [];
  const persons: GroupPerson[] = [];
  const rawRows = Array.isArray(g.persons) ? g.persons : null;
  if (rawRows === null) groupErrors.push({ field: "persons", code: "persons_required" });
  else if (rawRows.length < MIN_GROUP_SIZE) groupErrors.push({ field: "persons", code: "too_few_persons" });
  else if (rawRows.length > maxPersons) groupErrors.push({ field: "persons", code: "too_many_persons" });

  if (rawRows !== null && rawRows.length <= maxPersons) {
    const aliases = new Map<string, number>();
    const numbers = new Map<string, number>();
    rawRows.forEach((raw, i) => {
      const row = i + 1;
      const { person, errors } = validateRow(raw, row);
      rowErrors.push(...errors);
      const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      const alias = text(r.alias)?.toLowerCase();
      const number = text(r.number)?.toUpperCase();
      let duplicate = false;
      if (alias) {
        if (aliases.has(alias)) {
          rowErrors.push({ row, field: "alias", code: "duplicate_alias" });
          duplicate = true;
        } else aliases.set(alias, row);
      }
      if (number) {
        if (numbers.has(number)) {
          rowErrors.push({ row, field: "number", code: "duplicate_number" });
          duplicate = true;
        } else numbers.set(number, row);
      }
      if (person && !duplicate) persons.push(person);
    });
  }
  if (forms.success && sector !== null) {
    const sectorForm = SECTOR_INFO[sector].form;
    if (sectorForm !== null && !forms.data.includes(sectorForm))
      groupErrors.push({ field: "sector", code: "sector_form_mismatch" });
  }

  const totalRows = rawRows?.length ?? 0;
  if (groupErrors.length > 0 || rowErrors.length > 0) {
    return { ok: false, groupErrors, rowErrors, validRows: persons.length, totalRows };
  }
  return {
    ok: true,
    intake: {
      signalId: signalId as string,
      foundOn: foundOn as IsoDate,
      municipalityCode: municipalityCode as string,
      forms: [...new Set(forms.success ? forms.data : [])],
      sector,
      persons,
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Bulk temporary-shelter request
// ------------------------------------------------------------------------------------------------

export type BulkShelterLine = {
  placeType: ShelterPlaceType;
  /** Indexes into `intake.persons` (0-based). */
  personIndexes: number[];
  persons: number;
  byGender: Record<Gender, number>;
  /** Persons in this line whose age must be assessed (age unknown). */
  ageAssessmentNeeded: number;
};

export type BulkShelterRequest = {
  signalId: string;
  municipalityCode: string;
  foundOn: IsoDate;
  forms: ExploitationForm[];
  totalPersons: number;
  byGender: Record<Gender, number>;
  adults: number;
  minors: number;
  ageUnknown: number;
  /** Languages with the number of persons speaking each, most spoken first. */
  languages: { code: string; persons: number }[];
  /** Persons without any recorded language: an interpreter must find out. */
  withoutLanguage: number;
  /** Persons to be informed about the reflection period (B8/3) straight away. */
  toInformAboutReflectionPeriod: number;
  lines: BulkShelterLine[];
};

function genderCounts(): Record<Gender, number> {
  return Object.fromEntries(GENDERS.map((g) => [g, 0])) as Record<Gender, number>;
}

/** The bulk temporary-shelter request derived from a valid group intake (see the module header). */
export function buildBulkShelterRequest(intake: GroupIntake): BulkShelterRequest {
  const byGender = genderCounts();
  const languageCounts = new Map<string, number>();
  const adultLine: BulkShelterLine = {
    placeType: "temporary_large_group",
    personIndexes: [],
    persons: 0,
    byGender: genderCounts(),
    ageAssessmentNeeded: 0,
  };
  const minorLine: BulkShelterLine = {
    placeType: "youth_care",
    personIndexes: [],
    persons: 0,
    byGender: genderCounts(),
    ageAssessmentNeeded: 0,
  };
  let adults = 0;
  let minors = 0;
  let ageUnknown = 0;
  let withoutLanguage = 0;
  let toInform = 0;
  intake.persons.forEach((p, i) => {
    byGender[p.gender] += 1;
    for (const l of p.languages) languageCounts.set(l, (languageCounts.get(l) ?? 0) + 1);
    if (p.languages.length === 0) withoutLanguage += 1;
    const group = nationalityGroup(p.nationality);
    if (group === "other" || group === "unknown") toInform += 1;
    const minor = isMinorAge(p.estimatedAge);
    const line = minor === true ? minorLine : adultLine;
    if (minor === true) minors += 1;
    else if (minor === false) adults += 1;
    else {
      ageUnknown += 1;
      line.ageAssessmentNeeded += 1;
    }
    line.personIndexes.push(i);
    line.persons += 1;
    line.byGender[p.gender] += 1;
  });
  const languages = [...languageCounts.entries()]
    .map(([code, persons]) => ({ code, persons }))
    .sort((a, b) => b.persons - a.persons || a.code.localeCompare(b.code));
  return {
    signalId: intake.signalId,
    municipalityCode: intake.municipalityCode,
    foundOn: intake.foundOn,
    forms: intake.forms,
    totalPersons: intake.persons.length,
    byGender,
    adults,
    minors,
    ageUnknown,
    languages,
    withoutLanguage,
    toInformAboutReflectionPeriod: toInform,
    lines: [adultLine, minorLine].filter((l) => l.persons > 0),
  };
}
