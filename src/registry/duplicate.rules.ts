/**
 * @module duplicate.rules
 * Suggest duplicates in the national registry from blind-index matches, and the record of a person's
 * decision to merge (or not). A duplicate is common and harmless in intent: the police and an NGO both
 * register the same victim. Counting them twice inflates the figures the NR publishes, so the registry
 * officer must find and merge them, without anyone comparing names in the clear.
 *
 * ## Blind indexes
 * Each registration carries tokens: keyed hashes (HMAC with the registry's key, computed in
 * `platform/crypto` by the storage layer) of a normalised identifier. This module never sees a name:
 * it compares opaque tokens for equality. `blindIndexInput` gives the exact normalised string to hash,
 * so every writer produces the same token for the same person:
 * - `name_birthdate`: name words folded (no diacritics, lower case, punctuation removed) and **sorted**
 *   (given and family names are swapped often across cultures), then `|YYYY-MM-DD`;
 * - `name_birthyear`: the same name, `|YYYY` — for victims who only know their year of birth;
 * - `document_number`: issuing country + number, upper case, letters and digits only;
 * - `v_number`: the IND alien number, digits only;
 * - `phone`: E.164 (`signals/duplicates.rules` normaliser).
 *
 * ## Scoring
 * Evidence combines like independent pieces, `1 − Π(1 − wᵢ)`, with weights per kind (`DUPLICATE_WEIGHTS`):
 * the V-number (0.95) and a document number (0.9) rarely coincide by chance; name + full birth date
 * (0.85) nearly as rarely; name + birth year (0.5) and a phone (0.5) often do. A `name_birthdate` match
 * subsumes the `name_birthyear` match it implies. Contradictions lower the score: both registrations
 * have a token of a kind and none is shared (`CONFLICT_FACTORS`): different V-numbers are strong
 * evidence of different people (×0.2); different names with birth dates weaker (×0.7: transliterations);
 * different documents hardly any (×0.9: victims often carry false or several documents); phones none.
 * A token shared by more than `maxTokenFrequency` registrations (a common alias and year) is ignored.
 * `likely_same_person` from 0.85, `possible` from `minScore` (0.4). Reasons name only the kind and the
 * count of matches, never a token.
 *
 * ## Merging
 * Only a person decides. `MergeDecision` records who, when, what and on which evidence; a
 * `not_duplicate` decision suppresses the pair in later suggestions.
 */
import { AppError } from "../platform/errors";
import { normalisePhoneNumber, normaliseSubjectName } from "../signals/duplicates.rules";
import { isIsoDate } from "../signals/working-days.rules";

export const BLIND_INDEX_KINDS = [
  "name_birthdate",
  "name_birthyear",
  "document_number",
  "v_number",
  "phone",
] as const;
export type BlindIndexKind = (typeof BLIND_INDEX_KINDS)[number];

export type BlindIndexToken = { kind: BlindIndexKind; token: string };

export type RegistryEntry = {
  id: string;
  tokens: readonly BlindIndexToken[];
  /** Set when this registration was already merged into another one; it is then skipped. */
  mergedInto?: string | null;
};

export const DUPLICATE_WEIGHTS: Readonly<Record<BlindIndexKind, number>> = Object.freeze({
  v_number: 0.95,
  document_number: 0.9,
  name_birthdate: 0.85,
  name_birthyear: 0.5,
  phone: 0.5,
});

export const CONFLICT_FACTORS: Readonly<Record<BlindIndexKind, number>> = Object.freeze({
  v_number: 0.2,
  document_number: 0.9,
  name_birthdate: 0.7,
  name_birthyear: 0.8,
  phone: 1,
});

/** Matches of the key kind make matches of the listed kinds redundant. */
const SUBSUMES: Readonly<Partial<Record<BlindIndexKind, readonly BlindIndexKind[]>>> = Object.freeze({
  name_birthdate: ["name_birthyear"],
});

export const LIKELY_SAME_PERSON_SCORE = 0.85;
export const DEFAULT_DUPLICATE_MIN_SCORE = 0.4;
export const DEFAULT_MAX_TOKEN_FREQUENCY = 25;

export type DuplicateReason = { kind: BlindIndexKind; matches: number; weight: number };

export type RegistryDuplicateSuggestion = {
  /** The two registration ids, `a < b`. */
  a: string;
  b: string;
  score: number;
  kind: "likely_same_person" | "possible";
  reasons: DuplicateReason[];
  /** Kinds both registrations have without a shared token. */
  conflicts: BlindIndexKind[];
};

// ------------------------------------------------------------------------------------------------
// Normalised inputs for the blind index
// ------------------------------------------------------------------------------------------------

export type BlindIndexParts =
  | { kind: "name_birthdate"; name: string; birthDate: string }
  | { kind: "name_birthyear"; name: string; birthYear: number }
  | { kind: "document_number"; issuingCountry: string; number: string }
  | { kind: "v_number"; vNumber: string }
  | { kind: "phone"; phone: string };

/**
 * The canonical string to feed to the keyed hash for one kind, or `null` when the input is unusable
 * (no name letters, invalid date, unparseable phone…): better no token than a token that matches
 * everyone with an empty name. The kind is part of the string so tokens of different kinds never meet.
 */
export function blindIndexInput(parts: BlindIndexParts): string | null {
  switch (parts.kind) {
    case "name_birthdate": {
      const name = normaliseSubjectName(parts.name);
      if (!/\p{L}/u.test(name) || !isIsoDate(parts.birthDate)) return null;
      return `name_birthdate:${name}|${parts.birthDate}`;
    }
    case "name_birthyear": {
      const name = normaliseSubjectName(parts.name);
      if (
        !/\p{L}/u.test(name) ||
        !Number.isInteger(parts.birthYear) ||
        parts.birthYear < 1900 ||
        parts.birthYear > 2100
      )
        return null;
      return `name_birthyear:${name}|${parts.birthYear}`;
    }
    case "document_number": {
      const country = parts.issuingCountry.trim().toUpperCase();
      const number = parts.number.toUpperCase().replace(/[^A-Z0-9]/g, "");
      if (!/^[A-Z]{2}$/.test(country) || number.length < 4) return null;
      return `document_number:${country}:${number}`;
    }
    case "v_number": {
      const digits = parts.vNumber.replace(/\D/g, "");
      if (digits.length < 6 || digits.length > 12) return null;
      return `v_number:${digits}`;
    }
    case "phone": {
      const e164 = normalisePhoneNumber(parts.phone);
      return e164 === null ? null : `phone:${e164}`;
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Scoring
// ------------------------------------------------------------------------------------------------

function tokensByKind(entry: RegistryEntry): Map<BlindIndexKind, Set<string>> {
  const map = new Map<BlindIndexKind, Set<string>>();
  for (const { kind, token } of entry.tokens) {
    if (!token) continue;
    const set = map.get(kind) ?? new Set<string>();
    set.add(token);
    map.set(kind, set);
  }
  return map;
}

/**
 * Score one pair (see the module header); `ignored` tokens (too frequent) count neither for nor
 * against. Returns `null` when nothing matches.
 */
export function scoreRegistryPair(
  a: RegistryEntry,
  b: RegistryEntry,
  ignored: ReadonlySet<string> = new Set(),
): RegistryDuplicateSuggestion | null {
  const ta = tokensByKind(a);
  const tb = tokensByKind(b);
  const matched = new Map<BlindIndexKind, number>();
  const conflicts: BlindIndexKind[] = [];
  for (const kind of BLIND_INDEX_KINDS) {
    const sa = ta.get(kind);
    const sb = tb.get(kind);
    if (!sa || !sb) continue;
    const usableA = [...sa].filter((t) => !ignored.has(`${kind}\u0000${t}`));
    const usableB = new Set([...sb].filter((t) => !ignored.has(`${kind}\u0000${t}`)));
    if (usableA.length === 0 || usableB.size === 0) continue;
    const shared = usableA.filter((t) => usableB.has(t)).length;
    if (shared > 0) matched.set(kind, shared);
    else conflicts.push(kind);
  }
  for (const [kind, subsumed] of Object.entries(SUBSUMES) as [BlindIndexKind, readonly BlindIndexKind[]][]) {
    if (matched.has(kind)) for (const s of subsumed) matched.delete(s);
  }
  if (matched.size === 0) return null;
  const reasons: DuplicateReason[] = BLIND_INDEX_KINDS.filter((k) => matched.has(k)).map((kind) => ({
    kind,
    matches: matched.get(kind)!,
    weight: DUPLICATE_WEIGHTS[kind],
  }));
  const evidence = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  const penalty = conflicts.filter((k) => !matched.has(k)).reduce((p, k) => p * CONFLICT_FACTORS[k], 1);
  const score = Math.round(evidence * penalty * 1000) / 1000;
  const [first, second] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
  return {
    a: first,
    b: second,
    score,
    kind: score >= LIKELY_SAME_PERSON_SCORE ? "likely_same_person" : "possible",
    reasons,
    conflicts,
  };
}

const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);

/**
 * Duplicate suggestions over a set of registrations: only pairs that share at least one usable token
 * are scored (an inverted index, so the work grows with the matches, not with n²). Sorted by score,
 * highest first, then by ids.
 */
export function suggestRegistryDuplicates({
  entries,
  minScore = DEFAULT_DUPLICATE_MIN_SCORE,
  maxTokenFrequency = DEFAULT_MAX_TOKEN_FREQUENCY,
  knownNonDuplicates = [],
}: {
  entries: readonly RegistryEntry[];
  minScore?: number;
  maxTokenFrequency?: number;
  /** Pairs a person already decided are not the same person. */
  knownNonDuplicates?: readonly (readonly [string, string])[];
}): { suggestions: RegistryDuplicateSuggestion[]; ignoredTokens: number } {
  const live = entries.filter((e) => !e.mergedInto);
  const byId = new Map(live.map((e) => [e.id, e]));
  const postings = new Map<string, string[]>();
  for (const e of live) {
    const seen = new Set<string>();
    for (const { kind, token } of e.tokens) {
      if (!token) continue;
      const key = `${kind}\u0000${token}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = postings.get(key) ?? [];
      list.push(e.id);
      postings.set(key, list);
    }
  }
  const ignored = new Set<string>();
  for (const [key, ids] of postings) if (ids.length > maxTokenFrequency) ignored.add(key);
  const excluded = new Set(knownNonDuplicates.map(([x, y]) => pairKey(x, y)));
  const candidates = new Set<string>();
  for (const [key, ids] of postings) {
    if (ignored.has(key)) continue;
    for (let i = 0; i < ids.length; i += 1) {
      for (let j = i + 1; j < ids.length; j += 1) {
        const k = pairKey(ids[i]!, ids[j]!);
        if (!excluded.has(k)) candidates.add(k);
      }
    }
  }
  const suggestions: RegistryDuplicateSuggestion[] = [];
  for (const k of candidates) {
    const [x, y] = k.split("\u0000") as [string, string];
    const s = scoreRegistryPair(byId.get(x)!, byId.get(y)!, ignored);
    if (s && s.score >= minScore) suggestions.push(s);
  }
  suggestions.sort((p, q) => q.score - p.score || p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
  return { suggestions, ignoredTokens: ignored.size };
}

// ------------------------------------------------------------------------------------------------
// Merge decisions
// ------------------------------------------------------------------------------------------------

/** A person's decision about a suggested pair (or group). Append-only; an undo is a new decision. */
export type MergeDecision = {
  id: string;
  decision: "merge" | "not_duplicate";
  /** For `merge`: the registration that stays. For `not_duplicate`: one of the pair. */
  survivingRegistrationId: string;
  /** For `merge`: the registrations folded into the survivor. For `not_duplicate`: the other one. */
  otherRegistrationIds: string[];
  decidedByUserId: string;
  decidedByRole: "registry_officer";
  decidedAt: string;
  /** The evidence as shown to the person (kinds and counts, never tokens). */
  evidence: { score: number; reasons: DuplicateReason[]; conflicts: BlindIndexKind[] };
  /** Why, in the officer's words; required when merging against a conflict or a low score. */
  note: string | null;
};

/**
 * Validate a decision before it is stored. A merge against conflicting evidence or below the
 * `likely_same_person` score needs a note (a person must say why).
 */
export function validateMergeDecision(d: MergeDecision): void {
  const fields: { field: string; message: string }[] = [];
  if (!d.decidedByUserId) fields.push({ field: "decidedByUserId", message: "a person must decide" });
  if (d.decidedByRole !== "registry_officer")
    fields.push({ field: "decidedByRole", message: "registry_officer only" });
  if (!d.survivingRegistrationId) fields.push({ field: "survivingRegistrationId", message: "required" });
  if (d.otherRegistrationIds.length === 0)
    fields.push({ field: "otherRegistrationIds", message: "at least one" });
  if (d.otherRegistrationIds.includes(d.survivingRegistrationId)) {
    fields.push({ field: "otherRegistrationIds", message: "must not contain the surviving registration" });
  }
  if (new Set(d.otherRegistrationIds).size !== d.otherRegistrationIds.length) {
    fields.push({ field: "otherRegistrationIds", message: "duplicates" });
  }
  if (d.decision === "not_duplicate" && d.otherRegistrationIds.length !== 1) {
    fields.push({ field: "otherRegistrationIds", message: "not_duplicate is decided per pair" });
  }
  if (Number.isNaN(Date.parse(d.decidedAt))) fields.push({ field: "decidedAt", message: "ISO timestamp" });
  const doubtful = d.evidence.conflicts.length > 0 || d.evidence.score < LIKELY_SAME_PERSON_SCORE;
  if (d.decision === "merge" && doubtful && !d.note?.trim())
    fields.push({ field: "note", message: "required for a doubtful merge" });
  if (fields.length > 0) throw new AppError("VALIDATION_FAILED", "Ongeldig samenvoegbesluit.", { fields });
}
