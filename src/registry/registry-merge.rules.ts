/**
 * @module registry-merge.rules
 * What a registration by name feeds to the blind index, and which registration survives a merge.
 * Pure: the keyed hash and the storage live in `registry-merge.repository`.
 *
 * ## What is hashed
 * A person record holds a name, an alias, a birth date and a phone number that can identify them
 * (document numbers and the V-number are not recorded in Samen yet, so those kinds stay empty). Each
 * of the name and the alias gives `name_birthdate` and `name_birthyear` tokens (victims are often
 * known by a working name to one organisation and by their own to another); the phone gives a
 * `phone` token. Unusable inputs give no token (`blindIndexInput` returns null).
 *
 * ## Who survives
 * The registration received first stays; the later one is marked merged into it. The first is the
 * one CoMensha has counted longest, and since every merge keeps the earlier of two survivors, the
 * survivor is always the earliest registration of the person: the choice does not depend on the
 * order in which the officer works through the pairs.
 */
import {
  type BlindIndexKind,
  type BlindIndexParts,
  blindIndexInput,
  LIKELY_SAME_PERSON_SCORE,
} from "./duplicate.rules";

/** The identifying values of a person record that duplicate detection uses (decrypted). */
export type PersonIdentifiers = {
  name: string | null;
  alias: string | null;
  birthDate: string | null;
  phone: string | null;
};

/** The canonical strings to hash for one person, by kind, without repeats. */
export function registrationBlindIndexInputs(
  person: PersonIdentifiers,
): { kind: BlindIndexKind; input: string }[] {
  const parts: BlindIndexParts[] = [];
  const birthYear = person.birthDate ? Number(person.birthDate.slice(0, 4)) : null;
  for (const name of [person.name, person.alias]) {
    if (!name?.trim()) continue;
    if (person.birthDate) parts.push({ kind: "name_birthdate", name, birthDate: person.birthDate });
    if (birthYear !== null) parts.push({ kind: "name_birthyear", name, birthYear });
  }
  if (person.phone?.trim()) parts.push({ kind: "phone", phone: person.phone });
  const seen = new Set<string>();
  const out: { kind: BlindIndexKind; input: string }[] = [];
  for (const p of parts) {
    const input = blindIndexInput(p);
    if (input === null || seen.has(input)) continue;
    seen.add(input);
    out.push({ kind: p.kind, input });
  }
  return out;
}

/** The blind-index context per kind, so tokens of the registry never equal tokens of other modules. */
export const registryTokenContext = (kind: BlindIndexKind) => `registry.${kind}`;

type Received = { id: string; createdAt: Date };

/** The registration that stays when two are merged: the one received first (ties: the smaller id). */
export function chooseSurvivor<T extends Received>(x: T, y: T): { survivor: T; other: T } {
  const first = x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : 1);
  return first < 0 ? { survivor: x, other: y } : { survivor: y, other: x };
}

/** A merge on this evidence needs the officer's note (`validateMergeDecision` enforces the same). */
export function isDoubtful(evidence: { score: number; conflicts: readonly unknown[] }): boolean {
  return evidence.conflicts.length > 0 || evidence.score < LIKELY_SAME_PERSON_SCORE;
}
