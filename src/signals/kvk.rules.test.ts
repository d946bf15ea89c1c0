import { describe, expect, it } from "vitest";
import {
  isValidKvkNumber,
  KVK_CHECKSUM_FROM,
  KvkNumberSchema,
  normaliseKvkNumber,
  passesKvkElevenProof,
  validateKvkNumber,
} from "./kvk.rules";

describe("normaliseKvkNumber", () => {
  it.each([
    ["69599084", "69599084"],
    [" 6959 9084 ", "69599084"],
    ["69.59.90.84", "69599084"],
    ["6959-9084", "69599084"],
    ["04026125", "04026125"],
    ["4026125", null], // a dropped leading zero is not guessed back
    ["695990841", null],
    ["6959908a", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(normaliseKvkNumber(input)).toBe(expected);
  });
});

describe("validateKvkNumber", () => {
  // KVK's published API test numbers (developers.kvk.nl) all follow the 11-proof.
  it.each([
    "69599084",
    "90004973",
    "68727720",
    "90004760",
    "68750110",
    "90001354",
    "69599068",
    "90000102",
    "90006623",
    "69599076",
    "90005414",
    "96354429",
    "90002520",
    "90002490",
    "90002903",
    "90000749",
    "90001745",
    "90003942",
    "55505201",
  ])("accepts KVK API test number %s with a passed check", (kvk) => {
    expect(validateKvkNumber(kvk)).toEqual({ valid: true, kvkNumber: kvk, checksum: "passed" });
  });

  it.each([
    // old per-chamber numbers (< 50000000) that do not satisfy the 11-proof are still valid
    ["34334259", "not_applicable"],
    ["28020725", "not_applicable"],
    ["34156015", "not_applicable"],
  ])("accepts old-format number %s with checksum %s", (kvk, checksum) => {
    expect(validateKvkNumber(kvk)).toEqual({ valid: true, kvkNumber: kvk, checksum });
  });

  it.each([
    ["69599085", "checksum", "last digit wrong"],
    ["96599084", "checksum", "first two digits swapped"],
    ["69959084", "checksum", "neighbouring digits swapped"],
    ["90004937", "checksum", "last two digits swapped"],
    ["1234567", "format", "seven digits"],
    ["123456789", "format", "nine digits"],
    ["ABCDEFGH", "format", "letters"],
    ["00000000", "format", "all zeros"],
  ])("rejects %s (%s: %s)", (kvk, reason) => {
    expect(validateKvkNumber(kvk)).toEqual({ valid: false, reason });
  });

  it("places the boundary at KVK_CHECKSUM_FROM", () => {
    expect(KVK_CHECKSUM_FROM).toBe(50_000_000);
    // 49999999 fails the 11-proof but is below the boundary; 50000000 fails and is not
    expect(passesKvkElevenProof("49999999")).toBe(false);
    expect(isValidKvkNumber("49999999")).toBe(true);
    expect(passesKvkElevenProof("50000000")).toBe(false);
    expect(isValidKvkNumber("50000000")).toBe(false);
  });

  it("catches every single-digit error in a checked number", () => {
    const base = "69599084";
    for (let position = 0; position < 8; position += 1) {
      for (let digit = 0; digit <= 9; digit += 1) {
        const mutated = `${base.slice(0, position)}${digit}${base.slice(position + 1)}`;
        if (mutated === base || Number(mutated) < KVK_CHECKSUM_FROM) continue;
        expect(isValidKvkNumber(mutated)).toBe(false);
      }
    }
  });

  it("catches every swap of two different neighbouring digits in a checked number", () => {
    for (const base of ["69599084", "90004973", "55505201"]) {
      for (let i = 0; i < 7; i += 1) {
        if (base[i] === base[i + 1]) continue;
        const swapped = `${base.slice(0, i)}${base[i + 1]}${base[i]}${base.slice(i + 2)}`;
        if (Number(swapped) < KVK_CHECKSUM_FROM) continue;
        expect(isValidKvkNumber(swapped)).toBe(false);
      }
    }
  });
});

describe("KvkNumberSchema", () => {
  it("normalises valid input", () => {
    expect(KvkNumberSchema.parse("6959 9084")).toBe("69599084");
  });

  it("fails with a Dutch-first message", () => {
    const result = KvkNumberSchema.safeParse("69599085");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Dit KVK-nummer klopt niet/);
  });
});
