import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import {
  dammCheckDigit,
  dammValid,
  formatCaseNumber,
  parseCaseNumber,
  requireCaseNumber,
} from "./case-number.rules";

// Synthetic case numbers only.

describe("dammCheckDigit", () => {
  it.each([
    ["572", 4], // the worked example of the Damm algorithm
    ["0", 0],
    ["1", 3],
    ["2026000123", dammCheckDigit("2026000123")],
  ])("%s → %i", (digits, check) => {
    expect(dammCheckDigit(digits)).toBe(check);
    expect(dammValid(`${digits}${check}`)).toBe(true);
  });

  it("refuses non-digits", () => {
    expect(() => dammCheckDigit("12a")).toThrow(AppError);
    expect(dammValid("12a")).toBe(false);
  });
});

describe("formatCaseNumber", () => {
  it.each([
    [2026, 123, /^MH-2026-000123-\d$/],
    [2026, 1, /^MH-2026-000001-\d$/],
    [2030, 999_999, /^MH-2030-999999-\d$/],
    [2030, 1_000_000, /^MH-2030-1000000-\d$/],
  ])("%i / %i", (year, sequence, pattern) => {
    const n = formatCaseNumber({ year, sequence });
    expect(n).toMatch(pattern);
    const parsed = parseCaseNumber(n);
    expect(parsed).toEqual({ ok: true, value: { year, sequence, caseNumber: n } });
  });

  it.each([
    [1999, 1],
    [3000, 1],
    [2026, 0],
    [2026, -5],
    [2026, 1.5],
    [2026.5, 1],
  ])("refuses year %s sequence %s", (year, sequence) => {
    expect(() => formatCaseNumber({ year, sequence })).toThrow(AppError);
  });
});

describe("parseCaseNumber", () => {
  const canonical = formatCaseNumber({ year: 2026, sequence: 123 });
  const check = canonical.slice(-1);

  it.each([
    [canonical],
    [canonical.toLowerCase()],
    [` ${canonical} `],
    [`MH 2026 000123 ${check}`],
    [`MH–2026–000123–${check}`],
    [`mh2026000123${check}`],
    [`MH/2026/000123/${check}`],
  ])("reads %j leniently", (input) => {
    const parsed = parseCaseNumber(input);
    expect(parsed.ok && parsed.value.caseNumber).toBe(canonical);
  });

  it.each([
    ["", "format"],
    ["MH-2026-123-4", "format"],
    ["XX-2026-000123-4", "format"],
    ["MH-2026-000123", "format"],
    ["MH-2026-00012A-4", "format"],
    ["MH-1999-000123-0", "year_out_of_range"],
    [`MH-2026-000000-${dammCheckDigit("2026000000")}`, "format"],
  ])("%j → %s", (input, problem) => {
    expect(parseCaseNumber(input)).toEqual({ ok: false, problem });
  });

  it("refuses extra padding zeros even with a valid check digit", () => {
    const padded = `MH-2026-0000123-${dammCheckDigit("20260000123")}`;
    expect(parseCaseNumber(padded)).toEqual({ ok: false, problem: "non_canonical_padding" });
  });

  it("catches every single-digit typo and every adjacent transposition", () => {
    for (const sequence of [1, 123, 4567, 98765, 500000]) {
      const n = formatCaseNumber({ year: 2026, sequence });
      const digits = n.replace(/\D/g, "");
      // single substitutions
      for (let i = 0; i < digits.length; i += 1) {
        for (let d = 0; d <= 9; d += 1) {
          if (String(d) === digits[i]) continue;
          const typo = `${digits.slice(0, i)}${d}${digits.slice(i + 1)}`;
          const result = parseCaseNumber(`MH${typo}`);
          expect(result.ok, `substitution at ${i} in ${n}`).toBe(false);
        }
      }
      // adjacent transpositions
      for (let i = 0; i + 1 < digits.length; i += 1) {
        if (digits[i] === digits[i + 1]) continue;
        const swapped = `${digits.slice(0, i)}${digits[i + 1]}${digits[i]}${digits.slice(i + 2)}`;
        expect(parseCaseNumber(`MH${swapped}`).ok, `transposition at ${i} in ${n}`).toBe(false);
      }
    }
  });
});

describe("requireCaseNumber", () => {
  it("returns the parsed number", () => {
    const n = formatCaseNumber({ year: 2027, sequence: 42 });
    expect(requireCaseNumber(n.toLowerCase())).toMatchObject({ year: 2027, sequence: 42, caseNumber: n });
  });

  it("throws VALIDATION_FAILED without echoing the input", () => {
    const input = "MH-2026-000123-0-secret";
    try {
      requireCaseNumber(input, "ref");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.code).toBe("VALIDATION_FAILED");
      expect(err.fields).toEqual([{ field: "ref", message: "format" }]);
      expect(err.message).not.toContain("secret");
    }
  });
});
