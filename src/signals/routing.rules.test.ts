import { describe, expect, it } from "vitest";
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import { proposeRoutings, ROUTING_RULES, type RoutingRule, type TriagedSignal } from "./routing.rules";

// Synthetic test data.
function buildTriaged(overrides: Partial<TriagedSignal> = {}): TriagedSignal {
  return {
    forms: ["sexual"],
    urgency: "normal",
    minorInvolved: false,
    victimPresent: false,
    borderRelated: false,
    companyInvolved: false,
    locationInvolved: false,
    municipalityCode: "GM0363",
    policeUnitId: "amsterdam",
    ...overrides,
  };
}

describe("proposeRoutings", () => {
  it.each([
    ["sexual, nothing else known", {}, ["criminal.default"]],
    ["form unknown", { forms: [] }, ["criminal.default"]],
    ["labour only", { forms: ["labour"] }, ["criminal.labour"]],
    ["labour and forced services", { forms: ["labour", "forced_services"] }, ["criminal.labour"]],
    ["labour mixed with sexual goes to the police", { forms: ["labour", "sexual"] }, ["criminal.default"]],
    [
      "labour mixed with criminal goes to the police",
      { forms: ["labour", "criminal"] },
      ["criminal.default"],
    ],
    ["forced begging goes to the police", { forms: ["forced_services"] }, ["criminal.default"]],
    ["organ removal", { forms: ["organ_removal"] }, ["criminal.default"]],
    ["border-related", { borderRelated: true }, ["criminal.border"]],
    [
      "border-related beats immediate and minor",
      { borderRelated: true, urgency: "immediate", minorInvolved: true },
      ["criminal.border", "care.minor"],
    ],
    [
      "immediate labour goes to the police first",
      { forms: ["labour"], urgency: "immediate" },
      ["criminal.immediate-danger"],
    ],
    [
      "minor in labour exploitation goes to the police",
      { forms: ["labour"], minorInvolved: true },
      ["criminal.minor", "care.minor"],
    ],
    [
      "minor, criminal exploitation",
      { forms: ["criminal"], minorInvolved: true },
      ["criminal.minor", "care.minor"],
    ],
    ["victim present", { victimPresent: true }, ["criminal.default", "care.victim-present"]],
    [
      "minor rule wins the care track",
      { minorInvolved: true, victimPresent: true },
      ["criminal.minor", "care.minor"],
    ],
    [
      "location in sexual exploitation",
      { locationInvolved: true },
      ["criminal.default", "administrative.company-or-location"],
    ],
    [
      "company in sexual exploitation",
      { companyInvolved: true },
      ["criminal.default", "administrative.company-or-location"],
    ],
    [
      "company in labour exploitation",
      { forms: ["labour"], companyInvolved: true },
      ["criminal.labour", "administrative.labour-company"],
    ],
    [
      "location (housing) in labour exploitation",
      { forms: ["labour"], locationInvolved: true },
      ["criminal.labour", "administrative.company-or-location"],
    ],
    [
      "everything at once",
      { forms: ["labour"], victimPresent: true, companyInvolved: true, locationInvolved: true },
      ["criminal.labour", "care.victim-present", "administrative.labour-company"],
    ],
  ] as const)("%s → %j", (_label, overrides, expected) => {
    expect(proposeRoutings(buildTriaged(overrides as Partial<TriagedSignal>)).map((p) => p.ruleId)).toEqual(
      expected,
    );
  });

  it("fills recipient, organisation type and legal basis per track", () => {
    const proposals = proposeRoutings(
      buildTriaged({ forms: ["labour"], victimPresent: true, companyInvolved: true, minorInvolved: false }),
    );
    expect(proposals.map((p) => [p.track, p.recipient, p.organisationType, p.legalBasisRef])).toEqual([
      [
        "criminal",
        { kind: "labour_inspectorate", division: "investigation" },
        "labour_inspectorate",
        "routing.criminal",
      ],
      ["care", { kind: "care_coordination", municipalityCode: "GM0363" }, "care_provider", "routing.care"],
      [
        "administrative",
        { kind: "labour_inspectorate", division: "supervision" },
        "labour_inspectorate",
        "routing.administrative",
      ],
    ]);
  });

  it("routes to the municipality's police unit and flags a missing one", () => {
    const known = proposeRoutings(buildTriaged())[0];
    expect(known?.recipient).toEqual({ kind: "police_unit", policeUnitId: "amsterdam" });
    expect(known?.needsRecipient).toBe(false);
    const unknown = proposeRoutings(
      buildTriaged({ policeUnitId: null, municipalityCode: null, locationInvolved: true }),
    );
    expect(unknown.map((p) => p.needsRecipient)).toEqual([true, true]);
  });

  it("never needs a regional recipient for national organisations", () => {
    const proposals = proposeRoutings(
      buildTriaged({ borderRelated: true, policeUnitId: null, municipalityCode: null }),
    );
    expect(proposals[0]).toMatchObject({ recipient: { kind: "kmar" }, needsRecipient: false });
  });

  it("marks every proposal for the quick-response team when urgency is immediate", () => {
    const proposals = proposeRoutings(buildTriaged({ urgency: "immediate", victimPresent: true }));
    expect(proposals.map((p) => p.quickResponse)).toEqual([true, true]);
    expect(proposeRoutings(buildTriaged({ urgency: "high" }))[0]?.quickResponse).toBe(false);
  });

  it("gives every proposal a bilingual reason", () => {
    for (const p of proposeRoutings(buildTriaged({ victimPresent: true, locationInvolved: true }))) {
      expect(p.reason.nl.length).toBeGreaterThan(20);
      expect(p.reason.en.length).toBeGreaterThan(20);
    }
  });

  it("accepts another rule table (first match per track)", () => {
    const rules: RoutingRule[] = [
      {
        id: "a",
        track: "care",
        when: () => false,
        recipient: () => ({ kind: "kmar" }),
        reason: { nl: "a", en: "a" },
      },
      {
        id: "b",
        track: "care",
        when: () => true,
        recipient: () => ({ kind: "kmar" }),
        reason: { nl: "b", en: "b" },
      },
      {
        id: "c",
        track: "care",
        when: () => true,
        recipient: () => ({ kind: "kmar" }),
        reason: { nl: "c", en: "c" },
      },
    ];
    expect(proposeRoutings(buildTriaged(), rules).map((p) => p.ruleId)).toEqual(["b"]);
  });
});

describe("ROUTING_RULES", () => {
  it("has unique ids prefixed with their track, and a catch-all criminal rule last in its track", () => {
    const ids = ROUTING_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ROUTING_RULES) expect(rule.id.startsWith(`${rule.track}.`)).toBe(true);
    const criminal = ROUTING_RULES.filter((r) => r.track === "criminal");
    expect(criminal.at(-1)?.id).toBe("criminal.default");
  });

  it("only routes to organisation types that exist", () => {
    const all = proposeRoutings(
      buildTriaged({ forms: ["labour"], victimPresent: true, companyInvolved: true, borderRelated: true }),
    );
    for (const p of all) expect(ORGANISATION_TYPES).toContain(p.organisationType);
  });
});
