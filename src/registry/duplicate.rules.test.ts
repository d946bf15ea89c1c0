import { describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import {
  type BlindIndexKind,
  blindIndexInput,
  type MergeDecision,
  type RegistryEntry,
  scoreRegistryPair,
  suggestRegistryDuplicates,
  validateMergeDecision,
} from "./duplicate.rules";

// Synthetic tokens: short opaque strings standing in for keyed hashes.
function buildEntry(
  id: string,
  tokens: [BlindIndexKind, string][],
  mergedInto: string | null = null,
): RegistryEntry {
  return { id, tokens: tokens.map(([kind, token]) => ({ kind, token })), mergedInto };
}

describe("blindIndexInput", () => {
  it.each([
    [
      { kind: "name_birthdate", name: "Ána  de Vries-Jansen", birthDate: "1999-04-01" },
      "name_birthdate:ana de jansen vries|1999-04-01",
    ],
    [
      { kind: "name_birthdate", name: "Jansen, Ana de Vries", birthDate: "1999-04-01" },
      "name_birthdate:ana de jansen vries|1999-04-01",
    ],
    [{ kind: "name_birthyear", name: "IOANA POPESCU", birthYear: 2001 }, "name_birthyear:ioana popescu|2001"],
    [{ kind: "document_number", issuingCountry: "ro", number: "ab-12 34.56" }, "document_number:RO:AB123456"],
    [{ kind: "v_number", vNumber: "12.34.56.789" }, "v_number:123456789"],
    [{ kind: "phone", phone: "06-12345678" }, "phone:+31612345678"],
    [{ kind: "phone", phone: "+40 712 345 678" }, "phone:+40712345678"],
  ] as const)("%j → %s", (parts, expected) => {
    expect(blindIndexInput(parts)).toBe(expected);
  });

  it.each([
    [{ kind: "name_birthdate", name: " -- ", birthDate: "1999-04-01" }],
    [{ kind: "name_birthdate", name: "Ana", birthDate: "1999-02-30" }],
    [{ kind: "name_birthyear", name: "Ana", birthYear: 1850 }],
    [{ kind: "document_number", issuingCountry: "Romania", number: "AB123456" }],
    [{ kind: "document_number", issuingCountry: "RO", number: "A1" }],
    [{ kind: "v_number", vNumber: "123" }],
    [{ kind: "phone", phone: "12345" }],
  ] as const)("refuses unusable input %j", (parts) => {
    expect(blindIndexInput(parts)).toBeNull();
  });

  it("gives tokens of different kinds different inputs", () => {
    expect(blindIndexInput({ kind: "v_number", vNumber: "123456789" })).not.toBe(
      blindIndexInput({ kind: "document_number", issuingCountry: "NL", number: "123456789" }),
    );
  });
});

describe("scoreRegistryPair", () => {
  it.each([
    ["V-number", [["v_number", "v1"]], [["v_number", "v1"]], 0.95, "likely_same_person"],
    ["document", [["document_number", "d1"]], [["document_number", "d1"]], 0.9, "likely_same_person"],
    [
      "name + birth date (subsumes year)",
      [
        ["name_birthdate", "n1"],
        ["name_birthyear", "y1"],
      ],
      [
        ["name_birthdate", "n1"],
        ["name_birthyear", "y1"],
      ],
      0.85,
      "likely_same_person",
    ],
    ["name + year only", [["name_birthyear", "y1"]], [["name_birthyear", "y1"]], 0.5, "possible"],
    ["phone only", [["phone", "p1"]], [["phone", "p1"]], 0.5, "possible"],
    [
      "name + year and phone",
      [
        ["name_birthyear", "y1"],
        ["phone", "p1"],
      ],
      [
        ["name_birthyear", "y1"],
        ["phone", "p1"],
      ],
      0.75,
      "possible",
    ],
    [
      "document and name + date",
      [
        ["document_number", "d1"],
        ["name_birthdate", "n1"],
      ],
      [
        ["document_number", "d1"],
        ["name_birthdate", "n1"],
      ],
      0.985,
      "likely_same_person",
    ],
    [
      "name + date but different V-numbers",
      [
        ["name_birthdate", "n1"],
        ["v_number", "v1"],
      ],
      [
        ["name_birthdate", "n1"],
        ["v_number", "v2"],
      ],
      0.17,
      "possible",
    ],
    [
      "name + year but different birth dates",
      [
        ["name_birthyear", "y1"],
        ["name_birthdate", "n1"],
      ],
      [
        ["name_birthyear", "y1"],
        ["name_birthdate", "n2"],
      ],
      0.35,
      "possible",
    ],
    [
      "document but different phones (no evidence)",
      [
        ["document_number", "d1"],
        ["phone", "p1"],
      ],
      [
        ["document_number", "d1"],
        ["phone", "p2"],
      ],
      0.9,
      "likely_same_person",
    ],
    [
      "phone but different documents",
      [
        ["phone", "p1"],
        ["document_number", "d1"],
      ],
      [
        ["phone", "p1"],
        ["document_number", "d2"],
      ],
      0.45,
      "possible",
    ],
  ] as [string, [BlindIndexKind, string][], [BlindIndexKind, string][], number, string][])(
    "%s → %s (%s)",
    (_, a, b, score, kind) => {
      const s = scoreRegistryPair(buildEntry("r2", a), buildEntry("r1", b));
      expect(s).not.toBeNull();
      expect(s!.score).toBeCloseTo(score, 3);
      expect(s!.kind).toBe(kind);
      expect([s!.a, s!.b]).toEqual(["r1", "r2"]);
    },
  );

  it("returns null when nothing matches", () => {
    expect(
      scoreRegistryPair(buildEntry("a", [["phone", "p1"]]), buildEntry("b", [["phone", "p2"]])),
    ).toBeNull();
    expect(scoreRegistryPair(buildEntry("a", []), buildEntry("b", [["phone", "p2"]]))).toBeNull();
  });

  it("names kinds and counts, never tokens", () => {
    const s = scoreRegistryPair(
      buildEntry("a", [
        ["document_number", "SECRET-TOKEN-1"],
        ["document_number", "SECRET-TOKEN-2"],
      ]),
      buildEntry("b", [
        ["document_number", "SECRET-TOKEN-1"],
        ["document_number", "SECRET-TOKEN-2"],
      ]),
    );
    expect(s!.reasons).toEqual([{ kind: "document_number", matches: 2, weight: 0.9 }]);
    expect(JSON.stringify(s)).not.toContain("SECRET");
  });
});

describe("suggestRegistryDuplicates", () => {
  const entries = [
    buildEntry("r1", [
      ["name_birthdate", "n-ana"],
      ["phone", "p-1"],
    ]),
    buildEntry("r2", [
      ["name_birthdate", "n-ana"],
      ["document_number", "d-9"],
    ]),
    buildEntry("r3", [["phone", "p-1"]]),
    buildEntry("r4", [["document_number", "d-9"]], "r2"),
    buildEntry("r5", [["name_birthyear", "y-common"]]),
    buildEntry("r6", [["name_birthyear", "y-common"]]),
    buildEntry("r7", [["name_birthyear", "y-common"]]),
  ];

  it("suggests scored pairs above the threshold, best first, skipping merged registrations", () => {
    const { suggestions, ignoredTokens } = suggestRegistryDuplicates({ entries });
    expect(ignoredTokens).toBe(0);
    expect(suggestions.map((s) => [s.a, s.b, s.score])).toEqual([
      ["r1", "r2", 0.85],
      ["r1", "r3", 0.5],
      ["r5", "r6", 0.5],
      ["r5", "r7", 0.5],
      ["r6", "r7", 0.5],
    ]);
  });

  it("ignores tokens shared by too many registrations", () => {
    const { suggestions, ignoredTokens } = suggestRegistryDuplicates({ entries, maxTokenFrequency: 2 });
    expect(ignoredTokens).toBe(1);
    expect(suggestions.map((s) => `${s.a}-${s.b}`)).toEqual(["r1-r2", "r1-r3"]);
  });

  it("leaves out pairs a person decided are different, and pairs below the minimum score", () => {
    const { suggestions } = suggestRegistryDuplicates({
      entries,
      knownNonDuplicates: [["r3", "r1"]],
      minScore: 0.6,
    });
    expect(suggestions.map((s) => `${s.a}-${s.b}`)).toEqual(["r1-r2"]);
  });

  it("scales with matches, not with all pairs (10,000 registrations without shared tokens)", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => buildEntry(`x${i}`, [["phone", `p${i}`]]));
    expect(suggestRegistryDuplicates({ entries: many }).suggestions).toEqual([]);
  });
});

describe("validateMergeDecision", () => {
  function buildDecision(overrides: Partial<MergeDecision> = {}): MergeDecision {
    return {
      id: "md-1",
      decision: "merge",
      survivingRegistrationId: "r1",
      otherRegistrationIds: ["r2"],
      decidedByUserId: "user-registry-1",
      decidedByRole: "registry_officer",
      decidedAt: "2026-05-12T10:00:00Z",
      evidence: {
        score: 0.9,
        reasons: [{ kind: "document_number", matches: 1, weight: 0.9 }],
        conflicts: [],
      },
      note: null,
      ...overrides,
    };
  }

  it("accepts a clear merge by a registry officer", () => {
    expect(() => validateMergeDecision(buildDecision())).not.toThrow();
    expect(() => validateMergeDecision(buildDecision({ decision: "not_duplicate" }))).not.toThrow();
  });

  it.each([
    [{ decidedByUserId: "" }, "decidedByUserId"],
    [{ decidedByRole: "desk_officer" as never }, "decidedByRole"],
    [{ otherRegistrationIds: [] }, "otherRegistrationIds"],
    [{ otherRegistrationIds: ["r1"] }, "otherRegistrationIds"],
    [{ otherRegistrationIds: ["r2", "r2"] }, "otherRegistrationIds"],
    [{ decision: "not_duplicate" as const, otherRegistrationIds: ["r2", "r3"] }, "otherRegistrationIds"],
    [{ decidedAt: "yesterday" }, "decidedAt"],
    [{ evidence: { score: 0.5, reasons: [], conflicts: [] } }, "note"],
    [{ evidence: { score: 0.9, reasons: [], conflicts: ["v_number" as const] } }, "note"],
  ] as [Partial<MergeDecision>, string][])("refuses %j (field %s)", (overrides, field) => {
    try {
      validateMergeDecision(buildDecision(overrides));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).fields?.map((f) => f.field)).toContain(field);
    }
  });

  it("accepts a doubtful merge when the officer explains it", () => {
    expect(() =>
      validateMergeDecision(
        buildDecision({
          evidence: { score: 0.5, reasons: [], conflicts: [] },
          note: "Same person confirmed by phone (synthetic)",
        }),
      ),
    ).not.toThrow();
  });
});
