import { describe, expect, it } from "vitest";
import {
  contentWords,
  jaccard,
  normaliseDutchAddress,
  normalisePhoneNumber,
  normalisePostcode,
  normaliseSubjectName,
  parseDutchAddress,
  type SignalSummary,
  scorePair,
  suggestDuplicates,
  textSimilarity,
  wordShingles,
} from "./duplicates.rules";

// All data below is synthetic.
const DAY = 86_400_000;
const T0 = new Date("2025-06-02T10:00:00Z");

function buildSummary(overrides: Partial<SignalSummary> = {}): SignalSummary {
  return {
    id: "sig-0",
    kvkNumbers: [],
    addresses: [],
    phones: [],
    subjectNames: [],
    municipalityCode: "GM0363",
    text: "",
    createdAt: T0,
    ...overrides,
  };
}

const daysLater = (days: number) => new Date(T0.getTime() + days * DAY);

describe("normalisePostcode", () => {
  it.each([
    ["1012JS", "1012 JS"],
    ["1012 js", "1012 JS"],
    [" 1012  JS ", "1012 JS"],
    ["9999 ZZ", "9999 ZZ"],
    ["0123 AB", null], // no leading zero
    ["1012 SS", null], // letter pairs PostNL never uses
    ["1012 SA", null],
    ["1012 SD", null],
    ["1012 J", null],
    ["10123 JS", null],
    ["1012-JS", null],
  ])("%j → %j", (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });
});

describe("Dutch addresses", () => {
  it.each([
    [{ postcode: "1012js", houseNumber: 12 }, "1012 JS 12"],
    [{ postcode: "1012 JS", houseNumber: "12", addition: "a" }, "1012 JS 12-A"],
    [{ postcode: "1012 JS", houseNumber: 12, addition: " - 2 " }, "1012 JS 12-2"],
    [{ postcode: "1012 JS", houseNumber: 12, addition: "" }, "1012 JS 12"],
    [{ postcode: "1012 JS", houseNumber: 0 }, null],
    [{ postcode: "1012 JS", houseNumber: "12a" }, null], // the addition goes in its own field
    [{ postcode: "nope", houseNumber: 12 }, null],
  ])("normaliseDutchAddress(%j) → %j", (input, expected) => {
    expect(normaliseDutchAddress(input)).toBe(expected);
  });

  it.each([
    ["Damstraat 12a, 1012 JS Amsterdam", "1012 JS 12-A"],
    ["Damstraat 12 A 1012JS Amsterdam", "1012 JS 12-A"],
    ["Damstraat 12-2, 1012 JS", "1012 JS 12-2"],
    ["Damstraat 12-III, 1012 JS", "1012 JS 12-III"],
    ["Damstraat 12 hs, 1012 JS", "1012 JS 12-HS"],
    ["1e Jan Steenstraat 104, 1072 NK Amsterdam", "1072 NK 104"],
    ["1072NK, 104", "1072 NK 104"],
    ["Damstraat, 1012 JS Amsterdam", null], // no house number
    ["Damstraat 12 Amsterdam", null], // no postcode
  ])("parseDutchAddress(%j) → %j", (input, expected) => {
    expect(parseDutchAddress(input)).toBe(expected);
  });
});

describe("normalisePhoneNumber", () => {
  it.each([
    ["06-12345678", "+31612345678"],
    ["06 1234 5678", "+31612345678"],
    ["0612345678", "+31612345678"],
    ["+31 6 12345678", "+31612345678"],
    ["+31 (0)6 12345678", "+31612345678"],
    ["+3106 12345678", "+31612345678"],
    ["0031 6 1234 5678", "+31612345678"],
    ["020-1234567", "+31201234567"],
    ["(020) 123 45 67", "+31201234567"],
    ["0800-1234", "+318001234"],
    ["0900 1234567", "+319001234567"],
    ["+48 512 345 678", "+48512345678"],
    ["0048512345678", "+48512345678"],
    ["612345678", null], // no trunk zero: not guessed
    ["06-1234567", null], // too short
    ["06-123456789", null], // too long
    ["+31 6 1234 567", null],
    ["+1234567", null], // too short for E.164 use
    ["06-1234567x", null],
    ["", null],
  ])("%j → %j", (input, expected) => {
    expect(normalisePhoneNumber(input)).toBe(expected);
  });
});

describe("normaliseSubjectName", () => {
  it.each([
    ["Jan de Vries", "de jan vries"],
    ["De Vries, Jan", "de jan vries"],
    ["  JAN   de  vries ", "de jan vries"],
    ["Zoë Çelik", "celik zoe"],
    ["Bouwbedrijf X B.V.", "b bouwbedrijf v x"],
  ])("%j → %j", (input, expected) => {
    expect(normaliseSubjectName(input)).toBe(expected);
  });
});

describe("text similarity", () => {
  it("drops stopwords, folds case and diacritics", () => {
    expect(contentWords("De mannen werken in de kassen en het Café, óók 's nachts")).toEqual([
      "mannen",
      "werken",
      "kassen",
      "cafe",
      "nachts",
    ]);
  });

  it("builds word shingles", () => {
    expect([...wordShingles("mannen werken kassen", 2)]).toEqual(["mannen werken", "werken kassen"]);
    expect(wordShingles("de het een", 1).size).toBe(0);
  });

  it.each([
    [new Set<string>(), new Set<string>(), 0],
    [new Set(["a"]), new Set(["a"]), 1],
    [new Set(["a", "b"]), new Set(["b", "c"]), 1 / 3],
    [new Set(["a"]), new Set(["b"]), 0],
  ])("jaccard(%j, %j) = %d", (a, b, expected) => {
    expect(jaccard(a, b)).toBeCloseTo(expected, 10);
  });

  it("scores two descriptions of the same scene well above two unrelated signals", () => {
    const a = "Op de Damstraat werken Poolse mannen 14 uur per dag en ze slapen in de schuur";
    const b = "In de schuur aan de Damstraat slapen Poolse arbeiders, ze werken 14 uur";
    const c = "Meisje van 15 wordt na school opgehaald door een oudere vriend met dure auto";
    expect(textSimilarity(a, b)).toBeGreaterThanOrEqual(0.4);
    expect(textSimilarity(a, c)).toBeLessThan(0.1);
    expect(textSimilarity(a, a)).toBe(1);
    expect(textSimilarity(a, b)).toBe(textSimilarity(b, a));
  });
});

describe("scorePair", () => {
  const base = buildSummary({ id: "sig-a" });

  it.each([
    ["same KVK, same day", { kvkNumbers: ["69599084"] }, 0, 0.6, "likely_duplicate", ["same_kvk"]],
    ["same KVK, 60 days apart", { kvkNumbers: ["69599084"] }, 60, 0.375, "related", ["same_kvk"]],
    ["same phone, same day", { phones: ["+31612345678"] }, 0, 0.55, "likely_duplicate", ["same_phone"]],
    ["same address, same day", { addresses: ["1012 JS 12"] }, 0, 0.45, "related", ["same_address"]],
    [
      "same subject, same municipality",
      { subjectNames: ["de jan vries"] },
      0,
      0.4,
      "related",
      ["same_subject"],
    ],
    [
      "phone and address",
      { phones: ["+31612345678"], addresses: ["1012 JS 12"] },
      0,
      0.753,
      "likely_duplicate",
      ["same_phone", "same_address"],
    ],
  ] as const)("%s", (_label, shared, days, score, kind, codes) => {
    const signal = { ...base, ...shared };
    const candidate = buildSummary({ id: "sig-b", ...shared, createdAt: daysLater(days) });
    const result = scorePair(signal, candidate);
    expect(result?.score).toBeCloseTo(score, 3);
    expect(result?.kind).toBe(kind);
    expect(result?.reasons.map((r) => r.code)).toEqual(codes);
  });

  it("weighs a same name less outside the municipality", () => {
    const signal = { ...base, subjectNames: ["de jan vries"] };
    const elsewhere = buildSummary({
      id: "sig-b",
      subjectNames: ["de jan vries"],
      municipalityCode: "GM0599",
    });
    expect(scorePair(signal, elsewhere)?.score).toBeCloseTo(0.3, 3);
  });

  it("counts matching values without revealing them", () => {
    const signal = { ...base, phones: ["+31612345678", "+31687654321"] };
    const candidate = buildSummary({ id: "sig-b", phones: ["+31687654321", "+31612345678"] });
    const reason = scorePair(signal, candidate)?.reasons[0];
    expect(reason).toEqual({ code: "same_phone", matches: 2, weight: 0.55 });
    expect(JSON.stringify(reason)).not.toContain("+316");
  });

  it("scores similar text in proportion to the similarity", () => {
    const signal = { ...base, text: "Poolse mannen slapen in de schuur aan de Damstraat en werken 14 uur" };
    const candidate = buildSummary({
      id: "sig-b",
      text: "In de schuur aan de Damstraat slapen Poolse mannen",
    });
    const result = scorePair(signal, candidate);
    const reason = result?.reasons.find((r) => r.code === "similar_text");
    expect(reason?.similarity).toBeGreaterThanOrEqual(0.3);
    expect(result?.score).toBeCloseTo(0.5 * (reason?.similarity ?? 0), 2);
  });

  it("finds no evidence between unrelated signals", () => {
    const signal = { ...base, text: "Poolse mannen in de kassen", kvkNumbers: ["69599084"] };
    const candidate = buildSummary({
      id: "sig-b",
      text: "Meisje opgehaald na school",
      kvkNumbers: ["90004973"],
    });
    expect(scorePair(signal, candidate)).toBeNull();
  });
});

describe("suggestDuplicates", () => {
  const signal = buildSummary({
    id: "sig-a",
    kvkNumbers: ["69599084"],
    phones: ["+31612345678"],
    subjectNames: ["de jan vries"],
  });
  const candidates = [
    buildSummary({ id: "sig-a", kvkNumbers: ["69599084"] }), // itself
    buildSummary({
      id: "sig-far-name",
      subjectNames: ["de jan vries"],
      municipalityCode: "GM0599",
      createdAt: daysLater(365),
    }),
    buildSummary({ id: "sig-kvk-old", kvkNumbers: ["69599084"], createdAt: daysLater(-400) }),
    buildSummary({
      id: "sig-kvk-phone",
      kvkNumbers: ["69599084"],
      phones: ["+31612345678"],
      createdAt: daysLater(2),
    }),
    buildSummary({ id: "sig-phone", phones: ["+31612345678"], createdAt: daysLater(1) }),
    buildSummary({ id: "sig-kvk-b", kvkNumbers: ["69599084"], createdAt: daysLater(-1) }),
    buildSummary({ id: "sig-none", kvkNumbers: ["90004973"] }),
  ];

  it("ranks by score, then time, and leaves out itself, unrelated and too-weak candidates", () => {
    const ids = suggestDuplicates({ signal, candidates }).map((s) => s.id);
    expect(ids).toEqual(["sig-kvk-phone", "sig-kvk-b", "sig-phone", "sig-kvk-old"]);
  });

  it("keeps a strong identifier visible even after a long time, as related", () => {
    const old = suggestDuplicates({ signal, candidates }).find((s) => s.id === "sig-kvk-old");
    expect(old).toMatchObject({ kind: "related", daysApart: 400 });
    expect(old?.score).toBeCloseTo(0.3, 2);
  });

  it("respects limit and minScore", () => {
    expect(suggestDuplicates({ signal, candidates, limit: 2 }).map((s) => s.id)).toEqual([
      "sig-kvk-phone",
      "sig-kvk-b",
    ]);
    expect(suggestDuplicates({ signal, candidates, minScore: 0.7 }).map((s) => s.id)).toEqual([
      "sig-kvk-phone",
    ]);
  });
});
