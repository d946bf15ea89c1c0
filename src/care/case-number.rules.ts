/**
 * @module case-number.rules
 * Pseudonymous case numbers: `MH-2026-000123-4`, i.e. prefix, year the case was opened, a sequence
 * number (at least six digits) and one check digit. Professionals read them out on the phone and type
 * them into forms, so a typo must not silently point at another victim's case.
 *
 * Decisions:
 * - **Pseudonymous**: nothing in the number says anything about the person (no initials, birth date,
 *   municipality or organisation). It does reveal the opening year and the order of opening, which is
 *   harmless and helps people talk about cases.
 * - **Check digit: Damm algorithm** over the ten digits of year + sequence. It detects every
 *   single-digit error and every transposition of adjacent digits (the two most common typing
 *   errors), needs no letters (so no O/0 or I/1 confusion) and never yields a character other than a
 *   digit (ISO 7064 MOD 11-2 sometimes yields "X"). Padding zeros are part of the checked string, so a
 *   dropped zero changes the digit string and is caught by the length or the check.
 * - **Lenient reading, strict writing**: `parseCaseNumber` accepts lower case, spaces, en/em dashes and
 *   missing separators (`mh2026 0001234`), and always returns the canonical form.
 * - **Who allocates**: the database, with one sequence per year (or one global sequence); numbers may
 *   have gaps (rolled-back transactions) but never repeat. See README "Invariants".
 */
import { AppError } from "../platform/errors";

export const CASE_NUMBER_PREFIX = "MH";
export const MIN_CASE_YEAR = 2000;
export const MAX_CASE_YEAR = 2999;
const SEQUENCE_WIDTH = 6;
const MAX_SEQUENCE = 999_999_999;

/** The Damm quasigroup of order 10 (weakly totally anti-symmetric), as published by H. M. Damm (2004). */
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The Damm check digit of a string of decimal digits. */
export function dammCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new AppError("VALIDATION_FAILED", "Alleen cijfers / digits only.");
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![Number(ch)]!;
  return interim;
}

/** Whether `digits` (payload followed by its check digit) passes the Damm check. */
export function dammValid(digits: string): boolean {
  return /^\d+$/.test(digits) && dammCheckDigit(digits) === 0;
}

export type CaseNumberParts = { year: number; sequence: number };
export type CaseNumber = CaseNumberParts & { caseNumber: string };

/** The canonical case number for a year and sequence number (1 or more). */
export function formatCaseNumber({ year, sequence }: CaseNumberParts): string {
  if (!Number.isInteger(year) || year < MIN_CASE_YEAR || year > MAX_CASE_YEAR) {
    throw new AppError("VALIDATION_FAILED", `Jaar moet tussen ${MIN_CASE_YEAR} en ${MAX_CASE_YEAR} liggen.`, {
      fields: [{ field: "year", message: "out of range" }],
    });
  }
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    throw new AppError("VALIDATION_FAILED", "Volgnummer moet een positief geheel getal zijn.", {
      fields: [{ field: "sequence", message: "must be a positive integer" }],
    });
  }
  const seq = String(sequence).padStart(SEQUENCE_WIDTH, "0");
  const check = dammCheckDigit(`${year}${seq}`);
  return `${CASE_NUMBER_PREFIX}-${year}-${seq}-${check}`;
}

export type CaseNumberProblem = "format" | "check_digit" | "year_out_of_range" | "non_canonical_padding";

export type CaseNumberParse = { ok: true; value: CaseNumber } | { ok: false; problem: CaseNumberProblem };

/**
 * Read a case number as typed. Separators (hyphen, en/em dash, spaces, dots, slashes) are optional and
 * case is ignored; the result is the canonical form. Never throws.
 */
export function parseCaseNumber(input: string): CaseNumberParse {
  const compact = input
    .toUpperCase()
    .replace(/[\s\-–—./_]/g, "")
    .trim();
  const m = /^MH(\d{4})(\d{6,9})(\d)$/.exec(compact);
  if (!m) return { ok: false, problem: "format" };
  const [, yearText, seqText, checkText] = m as unknown as [string, string, string, string];
  const year = Number(yearText);
  if (year < MIN_CASE_YEAR || year > MAX_CASE_YEAR) return { ok: false, problem: "year_out_of_range" };
  if (!dammValid(`${yearText}${seqText}${checkText}`)) return { ok: false, problem: "check_digit" };
  // Longer than six digits only when needed: "0000123" is not a number we ever issued.
  if (seqText.length > SEQUENCE_WIDTH && seqText.startsWith("0"))
    return { ok: false, problem: "non_canonical_padding" };
  const sequence = Number(seqText);
  if (sequence < 1) return { ok: false, problem: "format" };
  return { ok: true, value: { year, sequence, caseNumber: formatCaseNumber({ year, sequence }) } };
}

/** Like `parseCaseNumber`, but throws VALIDATION_FAILED naming the field (never echoing the input). */
export function requireCaseNumber(input: string, field = "caseNumber"): CaseNumber {
  const parsed = parseCaseNumber(input);
  if (parsed.ok) return parsed.value;
  const messages: Record<CaseNumberProblem, string> = {
    format: "Geen geldig zaaknummer (verwacht MH-JJJJ-NNNNNN-C).",
    check_digit: "Zaaknummer klopt niet: controleer op een typfout.",
    year_out_of_range: "Zaaknummer heeft een onmogelijk jaar.",
    non_canonical_padding: "Zaaknummer heeft te veel voorloopnullen.",
  };
  throw new AppError("VALIDATION_FAILED", messages[parsed.problem], {
    fields: [{ field, message: parsed.problem }],
  });
}
