/**
 * @module kvk.rules
 * Validation of Dutch Chamber of Commerce (KVK) numbers (`KVK-nummer`, the 8-digit registration
 * number of the Handelsregister). Signals name companies by KVK number; a typo would link a signal to
 * the wrong company or to none, so we catch what can be caught without asking the KVK.
 *
 * ## What is actually true about the check digit (researched, not folklore)
 * - Format: exactly 8 digits, leading zeros significant (e.g. `04026125` is a real number). KVK's own
 *   pages and API documentation say only "8 digits"; KVK publishes no check-digit rule and gives no
 *   guarantee about one.
 * - The folklore in circulation is that an 11-proof applied to older numbers and was dropped for
 *   numbers issued since about 2016. **Real data says the opposite.** We tested the weighted modulus-11
 *   check (weights 8,7,…,1 over the 8 digits; the sum must be divisible by 11) against:
 *   - 242 real numbers ≥ 50000000 from a public list of about 450 registered organisations with
 *     their KVK numbers (apparently the IND's public register of recognised sponsors, republished in
 *     GitHub `saad-khalil/saad-khalil.github.io`, `data/companies.ts`), from 5xxxxxxx up to the
 *     recent 9xxxxxxx range: **all 242 pass**;
 *   - the 19 test numbers KVK publishes for its APIs (developers.kvk.nl, "Testdata", e.g. 69599084,
 *     90004973, 55505201): **all pass**;
 *   - 215 real numbers < 50000000 from the same list (the old per-chamber numbering, whose first two
 *     digits were the regional chamber's code): only 16 pass, i.e. chance level (≈ 1 in 11). No other
 *     weighting we tried (reverse weights, last 6 or 7 digits, Luhn, mod 7) fits them either: the old
 *     numbers carry no check digit.
 *   The chance that 261 numbers without a check digit would all pass by accident is about 11^-261, so
 *   the national numbering (from 50000000; its start date, around 2010, is not verified here) is issued
 *   with the 11-proof, and it still was for the most recent numbers we saw. We found no KVK statement
 *   that it stopped in 2016 (or at any time).
 * - Therefore: numbers from 50000000 must pass the 11-proof; numbers below 50000000 are checked for
 *   format only. A failing number ≥ 50000000 is reported with reason `checksum`, so the UI can say
 *   "controleer het nummer" (the check catches every single wrong digit and every swap of two
 *   different neighbouring digits).
 *   If KVK ever issues numbers outside this rule, raise `KVK_CHECKSUM_FROM` or set it to `Infinity`:
 *   this constant is the one place the decision lives.
 * Existence (is this number registered?) can only be answered by the KVK's own API, not here.
 */
import { z } from "zod";

/** Numbers from this value on are issued with the weighted modulus-11 check (see the module header). */
export const KVK_CHECKSUM_FROM = 50_000_000;

export type KvkValidation =
  | { valid: true; kvkNumber: string; checksum: "passed" | "not_applicable" }
  | { valid: false; reason: "format" | "checksum" };

/**
 * Strip the separators people type (spaces, dots, hyphens) and return the 8 digits, or `null` when
 * what remains is not exactly 8 digits. A 7-digit number is not padded: a dropped leading zero and a
 * missing digit look the same, so we ask the user instead of guessing.
 */
export function normaliseKvkNumber(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-\u00a0]/g, "");
  return /^\d{8}$/.test(compact) ? compact : null;
}

/** The weighted modulus-11 check on 8 digits: Σ digit_i × (8 − i) ≡ 0 (mod 11). */
export function passesKvkElevenProof(digits: string): boolean {
  if (!/^\d{8}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(digits[i]) * (8 - i);
  return sum % 11 === 0;
}

/** Validate a KVK number as typed by a user or sent by a partner. */
export function validateKvkNumber(input: string): KvkValidation {
  const kvkNumber = normaliseKvkNumber(input);
  if (kvkNumber === null || kvkNumber === "00000000") return { valid: false, reason: "format" };
  if (Number(kvkNumber) < KVK_CHECKSUM_FROM) return { valid: true, kvkNumber, checksum: "not_applicable" };
  if (!passesKvkElevenProof(kvkNumber)) return { valid: false, reason: "checksum" };
  return { valid: true, kvkNumber, checksum: "passed" };
}

export function isValidKvkNumber(input: string): boolean {
  return validateKvkNumber(input).valid;
}

/** zod schema for API edges: accepts typed separators, yields the normalised 8 digits. */
export const KvkNumberSchema = z.string().transform((value, ctx) => {
  const result = validateKvkNumber(value);
  if (result.valid) return result.kvkNumber;
  ctx.addIssue({
    code: "custom",
    message:
      result.reason === "format"
        ? "Een KVK-nummer bestaat uit 8 cijfers. / A KVK number has 8 digits."
        : "Dit KVK-nummer klopt niet; controleer de cijfers. / This KVK number fails its check; check the digits.",
  });
  return z.NEVER;
});
