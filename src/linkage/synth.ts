/**
 * @module linkage/synth
 * Seeded generator of a SYNTHETIC population and of the lists (parties) that each saw part of it, with
 * the kinds of corruption real registrations show: typos, swapped first/last names, Vietnamese
 * family-name-first order, stripped diacritics, Romanian cedilla forms, two Bulgarian romanisations,
 * Dutch particles capitalised or dropped, missing / partial / shifted dates of birth, missing or moved
 * postcodes. Ground truth (which record is which synthetic person, and what was corrupted) is returned
 * separately from the records. Every record id starts with "SYN-" and the generator's outputs say they
 * are synthetic; none describes a real person.
 */

import { createRandom, type Random } from "./random";
import { BG_ALTERNATIVE, BG_STREAMLINED, NAMES, type Origin } from "./synth.names";

/** Record columns, matching the reference schema s2 (rec_id ignored, then the hashed fields). */
export const SYNTH_COLUMNS = [
  "rec_id",
  "first_name",
  "last_name",
  "dob",
  "sex",
  "postcode",
  "birth_year",
  "country",
];

/** Covariates each party reports in the clear (for stratified estimation). */
export const SYNTH_COVARIATES = ["year", "exploitation", "sex", "age_group"];

export const ORIGINS: readonly Origin[] = ["NL", "PL", "RO", "BG", "NG", "VN"];
const ORIGIN_WEIGHTS = [0.3, 0.15, 0.2, 0.15, 0.1, 0.1];
const EXPLOITATION = ["sexual", "labour", "criminal", "other"];
const EXPLOITATION_WEIGHTS = [0.45, 0.35, 0.12, 0.08];

export type SynthPerson = {
  entityId: string;
  origin: Origin;
  sex: "M" | "F";
  firstName: string;
  lastName: string;
  /** Bulgarian names: whether the clean registration uses the Latin script. */
  latinScript: boolean;
  birth: { year: number; month: number; day: number };
  postcode: string;
  year: number;
  exploitation: string;
};

export type CorruptionRates = Record<Corruption, number>;

export type Corruption =
  | "typo_first"
  | "typo_last"
  | "first_last_swapped"
  | "vn_name_order"
  | "diacritics_stripped"
  | "ro_cedilla"
  | "bg_translit"
  | "bg_translit_alt"
  | "nl_particle_capitalised"
  | "nl_particle_dropped"
  | "dob_missing"
  | "year_only"
  | "dob_day_month_swapped"
  | "dob_year_off_by_one"
  | "dob_jan_first"
  | "sex_missing"
  | "postcode_missing"
  | "postcode_moved"
  | "country_missing"
  | "year_missing";

const NONE: CorruptionRates = {
  typo_first: 0,
  typo_last: 0,
  first_last_swapped: 0,
  vn_name_order: 0,
  diacritics_stripped: 0,
  ro_cedilla: 0,
  bg_translit: 0,
  bg_translit_alt: 0,
  nl_particle_capitalised: 0,
  nl_particle_dropped: 0,
  dob_missing: 0,
  year_only: 0,
  dob_day_month_swapped: 0,
  dob_year_off_by_one: 0,
  dob_jan_first: 0,
  sex_missing: 0,
  postcode_missing: 0,
  postcode_moved: 0,
  country_missing: 0,
  year_missing: 0,
};

/** Named corruption profiles: a "clean" registry extract and a "noisy" intake. */
export const PROFILES: Record<"clean" | "noisy", CorruptionRates> = {
  clean: { ...NONE, postcode_missing: 0.1, postcode_moved: 0.05, country_missing: 0.02 },
  noisy: {
    typo_first: 0.05,
    typo_last: 0.05,
    first_last_swapped: 0.03,
    vn_name_order: 0.3,
    diacritics_stripped: 0.25,
    ro_cedilla: 0.2,
    bg_translit: 0.35,
    bg_translit_alt: 0.1,
    nl_particle_capitalised: 0.15,
    nl_particle_dropped: 0.1,
    dob_missing: 0.05,
    year_only: 0.5,
    dob_day_month_swapped: 0.03,
    dob_year_off_by_one: 0.03,
    dob_jan_first: 0.02,
    sex_missing: 0.04,
    postcode_missing: 0.2,
    postcode_moved: 0.12,
    country_missing: 0.06,
    year_missing: 0.05,
  },
};

export type NameStyle = "realistic" | "unique";

const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ne",
  "ru",
  "sa",
  "to",
  "vi",
  "ze",
  "bo",
  "da",
  "fe",
  "gi",
  "ha",
  "ju",
  "ko",
];
const ACCENTED = ["á", "é", "ë", "ö", "ą", "ș", "ț", "ă", "ọ", "ữ", "ł", "ż"];

function uniqueName(random: Random, syllables: number): string {
  let out = "";
  for (let i = 0; i < syllables; i++) out += random.pick(SYLLABLES);
  if (random.chance(0.3)) {
    const at = random.int(0, out.length - 1);
    out = out.slice(0, at) + random.pick(ACCENTED) + out.slice(at + 1);
  }
  return out[0]!.toUpperCase() + out.slice(1);
}

function postcode(random: Random): string {
  const letters = "ABCDEFGHJKLMNPRSTVWXZ";
  return `${random.int(1, 9)}${random.int(0, 9)}${random.int(0, 9)}${random.int(0, 9)}${random.pick([...letters])}${random.pick([...letters])}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Generate `persons` synthetic people. */
export function generatePopulation({
  seed,
  persons,
  nameStyle = "realistic",
}: {
  seed: number;
  persons: number;
  nameStyle?: NameStyle;
}): SynthPerson[] {
  const random = createRandom(seed);
  const out: SynthPerson[] = [];
  for (let i = 0; i < persons; i++) {
    const origin = random.weighted(ORIGINS, ORIGIN_WEIGHTS);
    const sex = random.chance(0.6) ? "F" : "M";
    const names = NAMES[origin];
    let firstName: string;
    let lastName: string;
    if (nameStyle === "unique") {
      firstName = uniqueName(random, random.int(2, 4));
      lastName = uniqueName(random, random.int(2, 5));
    } else {
      firstName = random.pick(sex === "F" ? names.female : names.male);
      const s = random.int(0, names.surnames.length - 1);
      lastName = sex === "F" && names.surnamesFemale ? names.surnamesFemale[s]! : names.surnames[s]!;
    }
    const year = random.int(1964, 2009);
    const month = random.int(1, 12);
    out.push({
      entityId: `SYN-P${String(i + 1).padStart(6, "0")}`,
      origin,
      sex,
      firstName: firstName.normalize("NFC"),
      lastName: lastName.normalize("NFC"),
      latinScript: origin === "BG" && random.chance(0.4),
      birth: { year, month, day: random.int(1, daysIn(year, month)) },
      postcode: postcode(random),
      year: random.int(2019, 2024),
      exploitation: random.weighted(EXPLOITATION, EXPLOITATION_WEIGHTS),
    });
  }
  return out;
}

function transliterate(text: string, table: Record<string, string>): string {
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const mapped = table[lower];
    if (mapped === undefined) {
      out += ch;
      continue;
    }
    out += ch === lower ? mapped : mapped.charAt(0).toUpperCase() + mapped.slice(1);
  }
  return out;
}

const SPECIAL_LETTERS: Record<string, string> = { Ł: "L", ł: "l", Đ: "D", đ: "d", Ø: "O", ø: "o", ß: "ss" };

/** Remove diacritics (and map letters that have no decomposition, such as Ł and Đ). */
export function stripDiacritics(text: string): string {
  const mapped = Array.from(text, (ch) => SPECIAL_LETTERS[ch] ?? ch).join("");
  return mapped.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
}

function hasDiacritics(text: string): boolean {
  return stripDiacritics(text) !== text;
}

function typo(random: Random, text: string): string {
  const chars = Array.from(text);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const at = random.int(0, Math.max(0, chars.length - 1));
  switch (random.int(0, 3)) {
    case 0:
      chars.splice(at, 0, random.pick([...letters]));
      break;
    case 1:
      if (chars.length > 2) chars.splice(at, 1);
      else chars.push(random.pick([...letters]));
      break;
    case 2:
      chars[at] = random.pick([...letters].filter((c) => c !== chars[at]));
      break;
    default:
      if (chars.length > 1) {
        const i = Math.min(at, chars.length - 2);
        [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
      } else {
        chars.push(random.pick([...letters]));
      }
  }
  return chars.join("");
}

function ageGroup(person: SynthPerson): string {
  const age = person.year - person.birth.year;
  if (age < 18) return "<18";
  if (age < 25) return "18-24";
  if (age < 35) return "25-34";
  if (age < 45) return "35-44";
  return "45+";
}

export type SynthRecord = {
  /** Values in SYNTH_COLUMNS order. */
  values: string[];
  /** Covariates in SYNTH_COVARIATES order ("" = not reported). */
  covariates: string[];
  entityId: string;
  origin: Origin;
  corruptions: Corruption[];
};

/** One registration of a person by a party with the given corruption rates. */
export function registerPerson({
  person,
  recId,
  rates,
  random,
}: {
  person: SynthPerson;
  recId: string;
  rates: CorruptionRates;
  random: Random;
}): SynthRecord {
  const applied: Corruption[] = [];
  const roll = (c: Corruption) => {
    if (rates[c] > 0 && random.chance(rates[c])) {
      applied.push(c);
      return true;
    }
    return false;
  };
  let first = person.firstName;
  let last = person.lastName;
  if (person.origin === "BG" && person.latinScript) {
    first = transliterate(first, BG_STREAMLINED);
    last = transliterate(last, BG_STREAMLINED);
  }
  if (person.origin === "BG" && !person.latinScript) {
    if (roll("bg_translit")) {
      first = transliterate(first, BG_STREAMLINED);
      last = transliterate(last, BG_STREAMLINED);
    } else if (roll("bg_translit_alt")) {
      first = transliterate(first, BG_ALTERNATIVE);
      last = transliterate(last, BG_ALTERNATIVE);
    }
  }
  if (person.origin === "RO" && /[ȘșȚț]/.test(first + last) && roll("ro_cedilla")) {
    const cedilla = (t: string) =>
      t.replace(/Ș/g, "Ş").replace(/ș/g, "ş").replace(/Ț/g, "Ţ").replace(/ț/g, "ţ");
    first = cedilla(first);
    last = cedilla(last);
  }
  if (hasDiacritics(first + last) && roll("diacritics_stripped")) {
    first = stripDiacritics(first);
    last = stripDiacritics(last);
  }
  if (person.origin === "NL" && /^(van|de|der|den) /.test(last)) {
    if (roll("nl_particle_capitalised")) {
      last = last.charAt(0).toUpperCase() + last.slice(1);
    } else if (roll("nl_particle_dropped")) {
      last = last.replace(/^((van|de|der|den) )+/, "");
    }
  }
  if (person.origin === "VN" && roll("vn_name_order")) {
    const full = `${last} ${first}`.split(" ");
    first = full[0]!;
    last = full.slice(1).join(" ");
  } else if (roll("first_last_swapped")) {
    [first, last] = [last, first];
  }
  if (roll("typo_first")) first = typo(random, first);
  if (roll("typo_last")) last = typo(random, last);

  let { year, month, day } = person.birth;
  let dob: string | null = null;
  let birthYear: string | null = String(year);
  if (roll("dob_missing")) {
    dob = "";
    if (!roll("year_only")) birthYear = "";
  } else {
    if (day <= 12 && day !== month && roll("dob_day_month_swapped")) [day, month] = [month, day];
    if (roll("dob_year_off_by_one")) {
      year += random.chance(0.5) ? 1 : -1;
      day = Math.min(day, daysIn(year, month));
      birthYear = String(year);
    }
    if (roll("dob_jan_first")) {
      month = 1;
      day = 1;
    }
    dob = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  }
  const sex = roll("sex_missing") ? "" : person.sex;
  let code = person.postcode;
  if (roll("postcode_moved")) code = postcode(random);
  if (roll("postcode_missing")) code = "";
  const country = roll("country_missing") ? "" : person.origin;
  const covYear = roll("year_missing") ? "" : String(person.year);
  return {
    values: [recId, first.normalize("NFC"), last.normalize("NFC"), dob, sex, code, birthYear ?? "", country],
    covariates: [covYear, person.exploitation, person.sex, ageGroup(person)],
    entityId: person.entityId,
    origin: person.origin,
    corruptions: applied,
  };
}

export type PartySpec = {
  name: string;
  /** Number of records (distinct persons) this party holds. */
  size: number;
  profile: CorruptionRates | keyof typeof PROFILES;
};

export type SynthParty = { name: string; records: SynthRecord[] };

export type SynthDataset = {
  synthetic: true;
  seed: number;
  persons: number;
  parties: SynthParty[];
};

/**
 * A population of `persons` people and, per party, `size` of them drawn at random (independently per
 * party), registered with the party's corruption profile, in random order.
 */
export function synthesize({
  seed,
  persons,
  parties,
  nameStyle = "realistic",
}: {
  seed: number;
  persons: number;
  parties: readonly PartySpec[];
  nameStyle?: NameStyle;
}): SynthDataset {
  const population = generatePopulation({ seed, persons, nameStyle });
  const random = createRandom(seed ^ 0x5eed);
  const out: SynthParty[] = parties.map((party) => {
    if (!Number.isInteger(party.size) || party.size < 0 || party.size > persons) {
      throw new RangeError(`party ${party.name}: size must be 0..${persons}`);
    }
    const rates = typeof party.profile === "string" ? PROFILES[party.profile] : party.profile;
    const chosen = random.sample(population, party.size);
    const records = chosen.map((person, i) =>
      registerPerson({ person, recId: `SYN-${party.name}${String(i + 1).padStart(6, "0")}`, rates, random }),
    );
    return { name: party.name, records };
  });
  return { synthetic: true, seed, persons, parties: out };
}

/** Ground-truth rows in the layout of the reference `truth.csv`. */
export function truthRows(dataset: SynthDataset): string[][] {
  const rows: string[][] = [
    ["party", "dataset_index", "row_index", "rec_id", "entity_id", "origin", "corruptions"],
  ];
  dataset.parties.forEach((party, d) => {
    party.records.forEach((record, r) => {
      rows.push([
        party.name,
        String(d),
        String(r),
        record.values[0]!,
        record.entityId,
        record.origin,
        record.corruptions.join(";"),
      ]);
    });
  });
  return rows;
}
