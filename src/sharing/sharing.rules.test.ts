import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ORGANISATION_TYPES, type OrganisationType } from "../accounts/accounts.vocabulary";
import { AppError } from "../platform/errors";
import { SHARING_CONDITIONS, type SharingCondition } from "./conditions";
import { DATA_CATEGORIES, DATA_CATEGORY_INFO, type DataCategory } from "./data-categories";
import { PURPOSE_INFO, PURPOSES, type Purpose } from "./purposes";
import {
  RULES_TABLE_END,
  RULES_TABLE_START,
  renderRulesMarkdown,
  renderVocabularyMarkdown,
  VOCABULARY_END,
  VOCABULARY_START,
} from "./render-rules";
import {
  type ConsentGrant,
  evaluateRecord,
  evaluateSharing,
  type SharingReason,
  type SharingRequest,
} from "./sharing.rules";
import { EXPECTATIONS, lineCovers } from "./sharing-expectations";
import { loadSharingRules } from "./sharing-rules.load";
import { expandScope, parseSharingRules, type SharingRuleSet } from "./sharing-rules.schema";

const shipped = loadSharingRules();

type Flow = { from: OrganisationType; to: OrganisationType; purpose: Purpose; category: DataCategory };

// ---------------------------------------------------------------------------------------------
// Factories
// ---------------------------------------------------------------------------------------------

const RECIPIENT_ORG_ID = "org-recipient";

function buildRequest(overrides: Partial<SharingRequest> = {}): SharingRequest {
  return {
    ruleSet: shipped,
    category: "identity",
    sourceType: "police",
    recipientType: "comensha",
    recipientOrganisationId: RECIPIENT_ORG_ID,
    purpose: "registration",
    sameOrganisation: false,
    consents: [],
    conditions: [],
    ...overrides,
  };
}

type RuleObject = Record<string, unknown>;

/** A valid allow rule; override fields, or set them to `undefined` to leave them out. */
function buildRule(overrides: RuleObject = {}): RuleObject {
  const rule: RuleObject = {
    id: "test.rule",
    description: { nl: "Testregel", en: "Test rule" },
    categories: ["identity"],
    from: ["police"],
    to: ["comensha"],
    purposes: ["registration"],
    effect: "allow",
    consent: "not_required",
    legalBasis: {
      articles: ["Testwet art. 1"],
      explanation: { nl: "Synthetische testgrondslag", en: "Synthetic test basis" },
      confidence: "verified",
    },
    ...overrides,
  };
  for (const key of Object.keys(rule)) if (rule[key] === undefined) delete rule[key];
  return rule;
}

function buildDenyRule(overrides: RuleObject = {}): RuleObject {
  return buildRule({ effect: "deny", consent: undefined, legalBasis: undefined, ...overrides });
}

function buildRuleSetText(rules: RuleObject[], head: RuleObject = {}): string {
  return stringify({
    version: "0.0.1",
    status: "draft",
    title: { nl: "Synthetische testregels", en: "Synthetic test rules" },
    changelog: [{ version: "0.0.1", date: "2026-01-01", changes: { nl: "Test", en: "Test" } }],
    ...head,
    rules,
  });
}

function buildRuleSet(rules: RuleObject[]): SharingRuleSet {
  return parseSharingRules(buildRuleSetText(rules));
}

/** The parser's error, for assertions on its message and fields. */
function parseError(text: string): AppError {
  try {
    parseSharingRules(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the rule set to be rejected");
}

// ---------------------------------------------------------------------------------------------
// The expected outcome, computed from the hand-written table only
// ---------------------------------------------------------------------------------------------

type Scenario = {
  name: string;
  consents: (flow: Flow) => ConsentGrant[];
  conditions: SharingCondition[];
  /** Whether, by the law's intent, these consents cover this flow. */
  consentCovers: boolean;
};

const otherPurpose = (p: Purpose): Purpose => (p === "care" ? "registration" : "care");
const otherType = (t: OrganisationType): OrganisationType => (t === "shelter" ? "ngo" : "shelter");
const otherCategory = (c: DataCategory): DataCategory => (c === "health" ? "contact" : "health");

const SCENARIOS: Scenario[] = [
  { name: "no consent, no condition", consents: () => [], conditions: [], consentCovers: false },
  {
    name: "consent for this purpose and recipient type",
    consents: (f) => [{ id: "consent-1", purpose: f.purpose, recipientType: f.to }],
    conditions: [],
    consentCovers: true,
  },
  {
    name: "consent for this purpose and recipient organisation",
    consents: (f) => [{ id: "consent-2", purpose: f.purpose, recipientOrganisationId: RECIPIENT_ORG_ID }],
    conditions: [],
    consentCovers: true,
  },
  {
    name: "consent for another organisation of the same type",
    consents: (f) => [{ purpose: f.purpose, recipientType: f.to, recipientOrganisationId: "org-other" }],
    conditions: [],
    consentCovers: false,
  },
  {
    name: "consent for another purpose",
    consents: (f) => [{ purpose: otherPurpose(f.purpose), recipientType: f.to }],
    conditions: [],
    consentCovers: false,
  },
  {
    name: "consent for another recipient type",
    consents: (f) => [{ purpose: f.purpose, recipientType: otherType(f.to) }],
    conditions: [],
    consentCovers: false,
  },
  {
    name: "consent that names no recipient",
    consents: (f) => [{ purpose: f.purpose }],
    conditions: [],
    consentCovers: false,
  },
  {
    name: "consent limited to another category",
    consents: (f) => [{ purpose: f.purpose, recipientType: f.to, categories: [otherCategory(f.category)] }],
    conditions: [],
    consentCovers: false,
  },
  ...SHARING_CONDITIONS.map(
    (condition): Scenario => ({
      name: `condition ${condition} holds, no consent`,
      consents: () => [],
      conditions: [condition],
      consentCovers: false,
    }),
  ),
  {
    name: "all conditions hold and consent is given",
    consents: (f) => [{ purpose: f.purpose, recipientType: f.to }],
    conditions: [...SHARING_CONDITIONS],
    consentCovers: true,
  },
];

function expectedReason(flow: Flow, scenario: Scenario, sameOrganisation: boolean): SharingReason {
  const lines = EXPECTATIONS.filter((line) => lineCovers(line, flow));
  if (lines.some((line) => line.expect.allowed === "never")) return "denied_by_rule";
  if (sameOrganisation && flow.purpose !== "statistics" && flow.purpose !== "research")
    return "same_organisation";
  if (lines.some((line) => line.expect.allowed === "always")) return "allowed_by_rule";
  const enablingConditions = lines.flatMap((line) =>
    line.expect.allowed === "when" ? [line.expect.condition] : [],
  );
  if (enablingConditions.some((c) => scenario.conditions.includes(c))) return "allowed_by_condition";
  const consentEnables = lines.some((line) => line.expect.allowed === "with_consent");
  if (consentEnables && scenario.consentCovers) return "allowed_with_consent";
  if (consentEnables) return "consent_required";
  if (enablingConditions.length > 0) return "condition_not_met";
  return "no_rule";
}

function decide(flow: Flow, scenario: Scenario, sameOrganisation = false) {
  return evaluateSharing(
    buildRequest({
      category: flow.category,
      sourceType: flow.from,
      recipientType: flow.to,
      purpose: flow.purpose,
      sameOrganisation,
      consents: scenario.consents(flow),
      conditions: scenario.conditions,
    }),
  );
}

function* crossProduct(): Generator<Flow> {
  for (const from of ORGANISATION_TYPES)
    for (const to of ORGANISATION_TYPES)
      for (const purpose of PURPOSES)
        for (const category of DATA_CATEGORIES) yield { from, to, purpose, category };
}

/** Every flow that some rule of the shipped YAML speaks about, with `*` expanded. */
function flowsMentionedByYaml(ruleSet: SharingRuleSet): Flow[] {
  const seen = new Map<string, Flow>();
  for (const rule of ruleSet.rules)
    for (const from of expandScope(rule.from, ORGANISATION_TYPES))
      for (const to of expandScope(rule.to, ORGANISATION_TYPES))
        for (const purpose of expandScope(rule.purposes, PURPOSES))
          for (const category of expandScope(rule.categories, DATA_CATEGORIES))
            seen.set(`${from}|${to}|${purpose}|${category}`, { from, to, purpose, category });
  return [...seen.values()];
}

function mismatches(flows: Iterable<Flow>, scenario: Scenario, sameOrganisation = false): string[] {
  const out: string[] = [];
  for (const flow of flows) {
    const want = expectedReason(flow, scenario, sameOrganisation);
    const got = decide(flow, scenario, sameOrganisation);
    const wantAllowed = want.startsWith("allowed") || want === "same_organisation";
    if (got.reason !== want || got.allowed !== wantAllowed) {
      out.push(
        `${flow.from} → ${flow.to}, ${flow.purpose}, ${flow.category}: expected ${want}, got ${got.reason}`,
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The shipped rule set against the law's intent
// ---------------------------------------------------------------------------------------------

describe("shipped rule set against the hand-written expectation table", () => {
  const mentioned = flowsMentionedByYaml(shipped);

  it("loads, and is marked as a draft until the privacy officer approves it", () => {
    expect(shipped.rules.length).toBeGreaterThan(20);
    expect(shipped.status).toBe("draft");
    expect(mentioned.length).toBeGreaterThan(1000);
  });

  it("states an intent in the expectation table for every flow the YAML mentions", () => {
    const unstated = mentioned.filter((flow) => !EXPECTATIONS.some((line) => lineCovers(line, flow)));
    expect(unstated.slice(0, 20)).toEqual([]);
  });

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "every flow the YAML mentions — %s",
    (_name, scenario) => {
      expect(mismatches(mentioned, scenario).slice(0, 20)).toEqual([]);
    },
  );

  it.each(SCENARIOS.map((s) => [s.name, s] as const))(
    "full cross product of organisation types × organisation types × categories × purposes — %s",
    (_name, scenario) => {
      const flows = [...crossProduct()];
      expect(flows).toHaveLength(ORGANISATION_TYPES.length ** 2 * PURPOSES.length * DATA_CATEGORIES.length);
      expect(mismatches(flows, scenario).slice(0, 20)).toEqual([]);
    },
  );

  it.each([SCENARIOS[0]!, SCENARIOS[SCENARIOS.length - 1]!].map((s) => [s.name, s] as const))(
    "inside one organisation, for every organisation type × category × purpose — %s",
    (_name, scenario) => {
      const flows = [...crossProduct()].filter((flow) => flow.from === flow.to);
      expect(mismatches(flows, scenario, true).slice(0, 20)).toEqual([]);
    },
  );
});

describe("the chain's key flows, with the rule that decides them", () => {
  const consentFor = (purpose: Purpose, recipientType: OrganisationType): ConsentGrant[] => [
    { id: "consent-synthetic-1", purpose, recipientType },
  ];
  const cases: [string, Partial<SharingRequest>, SharingReason, string | undefined][] = [
    [
      "police register a victim at CoMensha without consent",
      { sourceType: "police", recipientType: "comensha", purpose: "registration", category: "identity" },
      "allowed_by_rule",
      "registration.investigative-services",
    ],
    [
      "the labour inspectorate registers without consent too",
      { sourceType: "labour_inspectorate", recipientType: "comensha", purpose: "registration" },
      "allowed_by_rule",
      "registration.investigative-services",
    ],
    [
      "an NGO may not register by name without consent",
      { sourceType: "ngo", recipientType: "comensha", purpose: "registration" },
      "consent_required",
      "registration.care-and-ngo.with-consent",
    ],
    [
      "an NGO registers by name with consent",
      {
        sourceType: "ngo",
        recipientType: "comensha",
        purpose: "registration",
        consents: consentFor("registration", "comensha"),
      },
      "allowed_with_consent",
      "registration.care-and-ngo.with-consent",
    ],
    [
      "without consent an NGO sends only the statistical record",
      { sourceType: "ngo", recipientType: "comensha", purpose: "registration", category: "non_personal" },
      "allowed_by_rule",
      "registration.care-and-ngo.statistical-only",
    ],
    [
      "a care coordinator shares placement data with CoMensha when safety is at stake",
      {
        sourceType: "municipality",
        recipientType: "comensha",
        purpose: "care",
        category: "location",
        conditions: ["victim_safety_at_stake"],
      },
      "allowed_by_condition",
      "care.safety-at-stake.to-comensha",
    ],
    [
      "the safety exception does not cover health data",
      {
        sourceType: "municipality",
        recipientType: "comensha",
        purpose: "care",
        category: "health",
        conditions: ["victim_safety_at_stake"],
      },
      "consent_required",
      "care.coordination.special-categories.with-explicit-consent",
    ],
    [
      "CoMensha gives the shelter placement data without consent when safety is at stake",
      {
        sourceType: "comensha",
        recipientType: "shelter",
        purpose: "care",
        category: "identity",
        conditions: ["victim_safety_at_stake"],
      },
      "allowed_by_condition",
      "care.safety-at-stake.comensha-to-shelter",
    ],
    [
      "a shelter shares health data with a care provider with consent",
      {
        sourceType: "shelter",
        recipientType: "care_provider",
        purpose: "care",
        category: "health",
        consents: consentFor("care", "care_provider"),
      },
      "allowed_with_consent",
      "care.coordination.special-categories.with-explicit-consent",
    ],
    [
      "police give the prosecutor sex-life data as evidence",
      {
        sourceType: "police",
        recipientType: "public_prosecutor",
        purpose: "investigation",
        category: "sexual_life",
      },
      "allowed_by_rule",
      "investigation.to-prosecutor",
    ],
    [
      "police do not give the prosecutor the care plan",
      {
        sourceType: "police",
        recipientType: "public_prosecutor",
        purpose: "investigation",
        category: "care_plan",
      },
      "no_rule",
      undefined,
    ],
    [
      "KMar informs the IND for the B8 procedure",
      {
        sourceType: "kmar",
        recipientType: "ind",
        purpose: "residence_procedure",
        category: "residence_status",
      },
      "allowed_by_rule",
      "residence.investigative-to-ind",
    ],
    [
      "a municipality reports a suspect to the police",
      {
        sourceType: "municipality",
        recipientType: "police",
        purpose: "investigation",
        category: "criminal",
        conditions: ["data_subject_is_suspect"],
      },
      "allowed_by_condition",
      "signal.suspect-to-investigative",
    ],
    [
      "a care provider cannot report a suspect through Samen (professional secrecy)",
      {
        sourceType: "care_provider",
        recipientType: "police",
        purpose: "investigation",
        category: "criminal",
        conditions: ["data_subject_is_suspect"],
      },
      "no_rule",
      undefined,
    ],
    [
      "RIEC partners share a suspect's criminal data in a case conference",
      {
        sourceType: "police",
        recipientType: "riec",
        purpose: "case_conference",
        category: "criminal",
        conditions: ["data_subject_is_suspect"],
      },
      "allowed_by_condition",
      "case-conference.covenant-partners.subjects",
    ],
    [
      "a victim's data do not go to a case conference",
      { sourceType: "police", recipientType: "riec", purpose: "case_conference", category: "identity" },
      "condition_not_met",
      "case-conference.covenant-partners.subjects",
    ],
    [
      "health data never go to a case conference, even with consent and about a suspect",
      {
        sourceType: "municipality",
        recipientType: "riec",
        purpose: "case_conference",
        category: "health",
        consents: consentFor("case_conference", "riec"),
        conditions: ["data_subject_is_suspect"],
      },
      "denied_by_rule",
      "case-conference.no-special-categories-or-care",
    ],
    [
      "the rapporteur receives statistics",
      {
        sourceType: "comensha",
        recipientType: "rapporteur",
        purpose: "statistics",
        category: "non_personal",
      },
      "allowed_by_rule",
      "statistics.to-rapporteur",
    ],
    [
      "the rapporteur never receives names",
      { sourceType: "comensha", recipientType: "rapporteur", purpose: "statistics", category: "identity" },
      "denied_by_rule",
      "statistics-research.never-personal",
    ],
    [
      "a Veilig Thuis report about a minor needs no consent",
      {
        sourceType: "youth_care",
        recipientType: "veilig_thuis",
        purpose: "care",
        category: "case_facts",
        conditions: ["minor"],
      },
      "allowed_by_condition",
      "care.report-to-veilig-thuis.minor",
    ],
    [
      "own administration is never a ground for disclosure",
      {
        sourceType: "police",
        recipientType: "comensha",
        purpose: "own_administration",
        category: "identity",
      },
      "no_rule",
      undefined,
    ],
    [
      "own data stay usable inside the organisation, for care",
      {
        sourceType: "shelter",
        recipientType: "shelter",
        sameOrganisation: true,
        purpose: "care",
        category: "health",
      },
      "same_organisation",
      undefined,
    ],
    [
      "but not for statistics, even inside the organisation",
      {
        sourceType: "comensha",
        recipientType: "comensha",
        sameOrganisation: true,
        purpose: "statistics",
        category: "identity",
      },
      "denied_by_rule",
      "statistics-research.never-personal",
    ],
  ];

  it.each(cases)("%s", (_name, overrides, reason, ruleId) => {
    const decision = evaluateSharing(buildRequest(overrides));
    expect(decision.reason).toBe(reason);
    expect("ruleId" in decision ? decision.ruleId : undefined).toBe(ruleId);
    expect(decision.explanation.nl.length).toBeGreaterThan(10);
    expect(decision.explanation.en.length).toBeGreaterThan(10);
  });

  it("records the consent used and the legal basis, so the audit entry can point at both", () => {
    const decision = evaluateSharing(
      buildRequest({
        sourceType: "ngo",
        consents: [{ id: "consent-42", purpose: "registration", recipientType: "comensha" }],
      }),
    );
    expect(decision).toMatchObject({
      allowed: true,
      reason: "allowed_with_consent",
      consentId: "consent-42",
      legalBasis: { articles: expect.arrayContaining(["AVG art. 6 lid 1 sub a"]) },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Evaluation semantics on small synthetic rule sets
// ---------------------------------------------------------------------------------------------

describe("evaluation semantics", () => {
  it("denies by default: a flow no rule mentions is not shared", () => {
    const ruleSet = buildRuleSet([buildRule({ categories: ["non_personal"] })]);
    const decision = evaluateSharing(buildRequest({ ruleSet, category: "identity" }));
    expect(decision).toMatchObject({ allowed: false, reason: "no_rule" });
  });

  it("a rule covers only what it lists: another source, recipient or purpose is not covered", () => {
    const ruleSet = buildRuleSet([buildRule()]);
    expect(evaluateSharing(buildRequest({ ruleSet })).allowed).toBe(true);
    expect(evaluateSharing(buildRequest({ ruleSet, sourceType: "kmar" })).reason).toBe("no_rule");
    expect(evaluateSharing(buildRequest({ ruleSet, recipientType: "shelter" })).reason).toBe("no_rule");
    expect(evaluateSharing(buildRequest({ ruleSet, purpose: "care" })).reason).toBe("no_rule");
    expect(evaluateSharing(buildRequest({ ruleSet, category: "contact" })).reason).toBe("no_rule");
  });

  it.each([
    ["deny after allow", false],
    ["deny before allow", true],
  ])("an explicit deny beats an allow, whatever the order (%s)", (_name, denyFirst) => {
    const allow = buildRule({ id: "allow.it" });
    const deny = buildDenyRule({ id: "deny.it", from: "*", to: ["comensha"], purposes: "*" });
    const ruleSet = buildRuleSet(denyFirst ? [deny, allow] : [allow, deny]);
    expect(evaluateSharing(buildRequest({ ruleSet }))).toMatchObject({
      allowed: false,
      reason: "denied_by_rule",
      ruleId: "deny.it",
    });
  });

  it("a deny beats consent and beats 'same organisation'", () => {
    const ruleSet = buildRuleSet([
      buildRule({ id: "allow.with-consent", consent: "required", to: ["police"] }),
      buildDenyRule({ id: "deny.it", to: ["police"] }),
    ]);
    const consents: ConsentGrant[] = [{ purpose: "registration", recipientType: "police" }];
    expect(evaluateSharing(buildRequest({ ruleSet, recipientType: "police", consents })).reason).toBe(
      "denied_by_rule",
    );
    expect(
      evaluateSharing(buildRequest({ ruleSet, recipientType: "police", sameOrganisation: true })).reason,
    ).toBe("denied_by_rule");
  });

  it("a deny with a condition applies only while the condition holds", () => {
    const ruleSet = buildRuleSet([
      buildRule({ id: "allow.it" }),
      buildDenyRule({ id: "deny.minors", condition: "minor" }),
    ]);
    expect(evaluateSharing(buildRequest({ ruleSet })).reason).toBe("allowed_by_rule");
    expect(evaluateSharing(buildRequest({ ruleSet, conditions: ["minor"] })).reason).toBe("denied_by_rule");
    expect(
      evaluateSharing(buildRequest({ ruleSet, conditions: new Set<SharingCondition>(["minor"]) })).reason,
    ).toBe("denied_by_rule");
  });

  it("prefers a statutory ground over consent, and a condition over consent", () => {
    const consents: ConsentGrant[] = [{ purpose: "registration", recipientType: "comensha" }];
    const statutory = buildRuleSet([
      buildRule({ id: "by.consent", consent: "required" }),
      buildRule({ id: "by.law" }),
    ]);
    expect(evaluateSharing(buildRequest({ ruleSet: statutory, consents }))).toMatchObject({
      reason: "allowed_by_rule",
      ruleId: "by.law",
    });
    const conditional = buildRuleSet([
      buildRule({ id: "by.consent", consent: "required" }),
      buildRule({ id: "by.condition", condition: "victim_safety_at_stake" }),
    ]);
    expect(
      evaluateSharing(
        buildRequest({ ruleSet: conditional, consents, conditions: ["victim_safety_at_stake"] }),
      ),
    ).toMatchObject({
      reason: "allowed_by_condition",
      ruleId: "by.condition",
      condition: "victim_safety_at_stake",
    });
    expect(evaluateSharing(buildRequest({ ruleSet: conditional, consents }))).toMatchObject({
      reason: "allowed_with_consent",
      ruleId: "by.consent",
    });
  });

  it("among equal grounds the first rule in the file is recorded", () => {
    const ruleSet = buildRuleSet([buildRule({ id: "first.rule" }), buildRule({ id: "second.rule" })]);
    expect(evaluateSharing(buildRequest({ ruleSet }))).toMatchObject({ ruleId: "first.rule" });
  });

  it("explains a refusal with consent_required before condition_not_met", () => {
    const ruleSet = buildRuleSet([
      buildRule({ id: "by.condition", condition: "minor" }),
      buildRule({ id: "by.consent", consent: "required" }),
    ]);
    expect(evaluateSharing(buildRequest({ ruleSet }))).toMatchObject({
      reason: "consent_required",
      ruleId: "by.consent",
    });
    const onlyCondition = buildRuleSet([buildRule({ id: "by.condition", condition: "minor" })]);
    expect(evaluateSharing(buildRequest({ ruleSet: onlyCondition }))).toMatchObject({
      reason: "condition_not_met",
      ruleId: "by.condition",
      condition: "minor",
    });
  });

  it("a rule requiring both a condition and consent needs both", () => {
    const ruleSet = buildRuleSet([buildRule({ id: "both", condition: "minor", consent: "required" })]);
    const consents: ConsentGrant[] = [{ purpose: "registration", recipientType: "comensha" }];
    expect(evaluateSharing(buildRequest({ ruleSet, consents })).reason).toBe("condition_not_met");
    expect(evaluateSharing(buildRequest({ ruleSet, conditions: ["minor"] })).reason).toBe("consent_required");
    expect(evaluateSharing(buildRequest({ ruleSet, consents, conditions: ["minor"] }))).toMatchObject({
      reason: "allowed_with_consent",
      condition: "minor",
    });
  });

  describe("consent matching", () => {
    const ruleSet = buildRuleSet([buildRule({ id: "by.consent", consent: "required" })]);
    const decide = (consents: ConsentGrant[], recipientOrganisationId?: string) =>
      evaluateSharing(buildRequest({ ruleSet, consents, recipientOrganisationId })).reason;

    it("accepts a consent for the purpose and the recipient type", () => {
      expect(decide([{ purpose: "registration", recipientType: "comensha" }])).toBe("allowed_with_consent");
    });
    it("accepts a consent for the purpose and this recipient organisation", () => {
      expect(decide([{ purpose: "registration", recipientOrganisationId: "org-a" }], "org-a")).toBe(
        "allowed_with_consent",
      );
    });
    it("refuses a consent given to another organisation of the same type", () => {
      expect(decide([{ purpose: "registration", recipientOrganisationId: "org-b" }], "org-a")).toBe(
        "consent_required",
      );
      expect(
        decide(
          [{ purpose: "registration", recipientType: "comensha", recipientOrganisationId: "org-b" }],
          "org-a",
        ),
      ).toBe("consent_required");
    });
    it("refuses an organisation-bound consent when the recipient organisation is unknown", () => {
      expect(decide([{ purpose: "registration", recipientOrganisationId: "org-a" }], undefined)).toBe(
        "consent_required",
      );
    });
    it("refuses a consent for another purpose or another recipient type", () => {
      expect(decide([{ purpose: "care", recipientType: "comensha" }])).toBe("consent_required");
      expect(decide([{ purpose: "registration", recipientType: "shelter" }])).toBe("consent_required");
    });
    it("refuses a consent that names no recipient: consent must be specific", () => {
      expect(decide([{ purpose: "registration" }])).toBe("consent_required");
    });
    it("respects a consent limited to some categories", () => {
      expect(decide([{ purpose: "registration", recipientType: "comensha", categories: ["identity"] }])).toBe(
        "allowed_with_consent",
      );
      expect(decide([{ purpose: "registration", recipientType: "comensha", categories: ["contact"] }])).toBe(
        "consent_required",
      );
    });
    it("a withdrawn consent is simply not passed in, and sharing stops at once", () => {
      expect(decide([])).toBe("consent_required");
    });
  });

  describe("same organisation", () => {
    it("is not a disclosure: allowed without any rule, for operational purposes", () => {
      const ruleSet = buildRuleSet([buildRule({ categories: ["non_personal"] })]);
      for (const purpose of ["care", "investigation", "own_administration"] as const) {
        expect(
          evaluateSharing(
            buildRequest({
              ruleSet,
              sourceType: "shelter",
              recipientType: "shelter",
              sameOrganisation: true,
              purpose,
            }),
          ),
        ).toMatchObject({ allowed: true, reason: "same_organisation" });
      }
    });
    it("does not lift the non_personal limit for statistics and research", () => {
      const ruleSet = buildRuleSet([buildRule({ categories: ["non_personal"] })]);
      for (const purpose of ["statistics", "research"] as const) {
        const decision = evaluateSharing(
          buildRequest({
            ruleSet,
            sourceType: "police",
            recipientType: "police",
            sameOrganisation: true,
            purpose,
          }),
        );
        expect(decision).toMatchObject({ allowed: false, reason: "no_rule" });
      }
    });
    it("rejects a contradictory request (a caller bug) instead of guessing", () => {
      expect(() => evaluateSharing(buildRequest({ sameOrganisation: true }))).toThrow(AppError);
    });
  });

  describe("field restrictions", () => {
    const ruleSet = buildRuleSet([buildRule({ id: "names.only", fields: ["name", "dateOfBirth"] })]);

    it("allow only the listed fields of the category", () => {
      expect(evaluateSharing(buildRequest({ ruleSet, field: "name" })).reason).toBe("allowed_by_rule");
      expect(evaluateSharing(buildRequest({ ruleSet, field: "bsn" })).reason).toBe("no_rule");
    });
    it("never allow the whole category when the question names no field", () => {
      expect(evaluateSharing(buildRequest({ ruleSet })).reason).toBe("no_rule");
    });
  });
});

describe("evaluateRecord (per-field decisions for visible redaction)", () => {
  it("shows allowed fields and labels hidden ones with the reason", () => {
    const fields: Record<string, DataCategory> = {
      name: "identity",
      phone: "contact",
      diagnosis: "health",
      region: "non_personal",
      convictions: "criminal",
    };
    const result = evaluateRecord({
      ruleSet: shipped,
      fields,
      sourceType: "shelter",
      recipientType: "care_provider",
      recipientOrganisationId: RECIPIENT_ORG_ID,
      purpose: "care",
      sameOrganisation: false,
      consents: [
        { purpose: "care", recipientOrganisationId: RECIPIENT_ORG_ID, categories: ["identity", "contact"] },
      ],
      conditions: [],
    });
    expect(Object.keys(result)).toEqual(Object.keys(fields));
    expect(result.name).toMatchObject({
      visible: true,
      category: "identity",
      decision: { reason: "allowed_with_consent" },
    });
    expect(result.phone?.visible).toBe(true);
    expect(result.region).toMatchObject({ visible: true, decision: { reason: "allowed_by_rule" } });
    expect(result.diagnosis).toMatchObject({
      visible: false,
      decision: { reason: "consent_required" },
      redactionLabel: { nl: "verborgen: toestemming nodig", en: "hidden: requires consent" },
    });
    expect(result.convictions).toMatchObject({
      visible: false,
      decision: { reason: "no_rule" },
      redactionLabel: { en: "hidden: not allowed" },
    });
    expect(result.name?.redactionLabel).toBeUndefined();
  });

  it("labels a field hidden because a condition does not hold", () => {
    const result = evaluateRecord({
      ruleSet: shipped,
      fields: { shelterAddress: "location" },
      sourceType: "municipality",
      recipientType: "comensha",
      purpose: "care",
      sameOrganisation: false,
      consents: [],
      conditions: new Set<SharingCondition>(),
    });
    expect(result.shelterAddress?.redactionLabel?.en).toBe("hidden: requires consent");
    const inDanger = evaluateRecord({
      ruleSet: shipped,
      fields: { shelterAddress: "location" },
      sourceType: "municipality",
      recipientType: "comensha",
      purpose: "care",
      sameOrganisation: false,
      consents: [],
      conditions: new Set<SharingCondition>(["victim_safety_at_stake"]),
    });
    expect(inDanger.shelterAddress?.visible).toBe(true);
  });

  it("passes the field name on, so field-restricted rules apply per field", () => {
    const ruleSet = buildRuleSet([buildRule({ id: "names.only", fields: ["name"] })]);
    const result = evaluateRecord({
      ruleSet,
      fields: { name: "identity", bsn: "identity" },
      sourceType: "police",
      recipientType: "comensha",
      purpose: "registration",
      sameOrganisation: false,
      consents: [],
      conditions: [],
    });
    expect(result.name?.visible).toBe(true);
    expect(result.bsn).toMatchObject({ visible: false, redactionLabel: { en: "hidden: not allowed" } });
  });
});

// ---------------------------------------------------------------------------------------------
// Property: statistics and research never see personal data
// ---------------------------------------------------------------------------------------------

/** Small deterministic PRNG (mulberry32) so that a failure can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("property: a statistics or research decision never allows anything but non_personal", () => {
  const personal = DATA_CATEGORIES.filter((c) => c !== "non_personal");
  const conditionSubsets: SharingCondition[][] = [
    [],
    ["minor"],
    ["victim_safety_at_stake"],
    [...SHARING_CONDITIONS],
  ];

  it("holds for the shipped rule set, for every input", () => {
    const violations: string[] = [];
    for (const from of ORGANISATION_TYPES)
      for (const to of ORGANISATION_TYPES)
        for (const purpose of ["statistics", "research"] as const)
          for (const category of personal)
            for (const conditions of conditionSubsets)
              for (const sameOrganisation of from === to ? [false, true] : [false]) {
                const decision = evaluateSharing(
                  buildRequest({
                    category,
                    sourceType: from,
                    recipientType: to,
                    purpose,
                    sameOrganisation,
                    conditions,
                    consents: [{ purpose, recipientType: to, recipientOrganisationId: RECIPIENT_ORG_ID }],
                  }),
                );
                if (decision.allowed)
                  violations.push(`${from} → ${to} ${purpose} ${category}: ${decision.reason}`);
              }
    expect(violations).toEqual([]);
  });

  it("holds for any rule set the parser accepts (random rule sets, seeded)", () => {
    const random = prng(20261129);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
    const subset = <T>(values: readonly T[]): T[] | "*" => {
      if (random() < 0.1) return "*";
      const chosen = values.filter(() => random() < 0.15);
      return chosen.length > 0 ? chosen : [pick(values)];
    };
    let accepted = 0;
    let rejected = 0;
    for (let n = 0; n < 400; n++) {
      const rules = Array.from({ length: 1 + Math.floor(random() * 5) }, (_, i) =>
        buildRule({
          id: `random.rule-${i}`,
          categories: subset(DATA_CATEGORIES),
          from: subset(ORGANISATION_TYPES),
          to: subset(ORGANISATION_TYPES),
          purposes: subset(PURPOSES),
          effect: random() < 0.8 ? "allow" : "deny",
          consent: random() < 0.5 ? "required" : "not_required",
          condition: random() < 0.3 ? pick(SHARING_CONDITIONS) : undefined,
        }),
      ).map((rule) => (rule.effect === "deny" ? { ...rule, consent: "not_required" } : rule));
      let ruleSet: SharingRuleSet;
      try {
        ruleSet = buildRuleSet(rules);
        accepted++;
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        rejected++;
        continue;
      }
      for (let k = 0; k < 40; k++) {
        const from = pick(ORGANISATION_TYPES);
        const sameOrganisation = random() < 0.3;
        const to = sameOrganisation ? from : pick(ORGANISATION_TYPES);
        const purpose = pick(["statistics", "research"] as const);
        const decision = evaluateSharing(
          buildRequest({
            ruleSet,
            category: pick(personal),
            sourceType: from,
            recipientType: to,
            purpose,
            sameOrganisation,
            conditions: [...SHARING_CONDITIONS],
            consents: [{ purpose, recipientType: to }],
          }),
        );
        expect(decision.allowed, `seed run ${n}, request ${k}: ${JSON.stringify(rules)}`).toBe(false);
      }
    }
    // Both branches must be exercised for the property to mean something.
    expect(accepted).toBeGreaterThan(40);
    expect(rejected).toBeGreaterThan(40);
  });
});

// ---------------------------------------------------------------------------------------------
// Parser: bad rule files produce clear errors
// ---------------------------------------------------------------------------------------------

describe("parseSharingRules", () => {
  it("accepts a minimal valid rule set", () => {
    const ruleSet = buildRuleSet([buildRule()]);
    expect(ruleSet.rules[0]).toMatchObject({ id: "test.rule", effect: "allow", consent: "not_required" });
  });

  it("accepts '*' for categories, organisation types and purposes", () => {
    const ruleSet = buildRuleSet([buildDenyRule({ categories: "*", from: "*", to: "*", purposes: "*" })]);
    expect(ruleSet.rules[0]).toMatchObject({ categories: "*", from: "*", to: "*", purposes: "*" });
  });

  const bad: [string, RuleObject[], RegExp][] = [
    [
      "an unknown category",
      [buildRule({ id: "with.typo", categories: ["identity", "helth"] })],
      /rules\[0\] "with\.typo" › categories\[1\] \(line \d+\): unknown data category "helth"; known: identity, contact/,
    ],
    [
      "an unknown source organisation type",
      [buildRule({ id: "bad.from", from: ["politie"] })],
      /rules\[0\] "bad\.from" › from\[0\].*unknown organisation type "politie"/,
    ],
    [
      "an unknown recipient organisation type",
      [buildRule({ id: "bad.to", to: ["comensha", "court"] })],
      /rules\[0\] "bad\.to" › to\[1\].*unknown organisation type "court"/,
    ],
    [
      "an unknown purpose",
      [buildRule({ id: "bad.purpose", purposes: ["marketing"] })],
      /purposes\[0\].*unknown purpose "marketing"/,
    ],
    [
      "an unknown condition",
      [buildRule({ id: "bad.condition", condition: "urgent" })],
      /"bad\.condition" › condition.*unknown condition "urgent"/,
    ],
    [
      "an unknown effect",
      [buildRule({ id: "bad.effect", effect: "maybe" })],
      /effect.*unknown effect "maybe"/,
    ],
    [
      "an allow rule without legal basis",
      [buildRule({ id: "no.basis", legalBasis: undefined })],
      /"no\.basis" › legalBasis.*an allow rule must state its legal basis/,
    ],
    [
      "a legal basis that lists no articles",
      [
        buildRule({
          id: "empty.basis",
          legalBasis: { articles: [], explanation: { nl: "x", en: "x" }, confidence: "verified" },
        }),
      ],
      /"empty\.basis" › legalBasis › articles.*lists no articles/,
    ],
    [
      "a legal basis without English explanation",
      [
        buildRule({
          id: "half.basis",
          legalBasis: { articles: ["AVG art. 6"], explanation: { nl: "uitleg" }, confidence: "verified" },
        }),
      ],
      /"half\.basis" › legalBasis › explanation › en/,
    ],
    [
      "an allow rule that does not say whether consent is needed",
      [buildRule({ id: "no.consent", consent: undefined })],
      /"no\.consent" › consent.*must say whether consent is required/,
    ],
    [
      "a deny rule that requires consent",
      [buildDenyRule({ id: "deny.consent", consent: "required" })],
      /"deny\.consent" › consent.*a deny rule cannot require consent/,
    ],
    [
      "an allow rule for statistics on personal data",
      [
        buildRule({
          id: "stats.names",
          purposes: ["care", "statistics"],
          categories: ["identity", "non_personal"],
        }),
      ],
      /"stats\.names" › categories.*statistics may only use non_personal data, but this allow rule covers identity/,
    ],
    [
      "an allow rule for every purpose on personal data (which includes research)",
      [buildRule({ id: "all.purposes", purposes: "*" })],
      /statistics and research may only use non_personal data/,
    ],
    [
      "an allow rule disclosing personal data for own administration",
      [buildRule({ id: "own.admin", purposes: ["own_administration"] })],
      /"own\.admin" › purposes.*own_administration is never a ground for disclosing personal data/,
    ],
    [
      "a misspelt key",
      [{ ...buildRule({ id: "typo.key", purposes: undefined }), purpose: ["registration"] }],
      /"typo\.key".*Unrecognized key: "purpose"/,
    ],
    [
      "an empty category list",
      [buildRule({ id: "empty.list", categories: [] })],
      /categories.*must be "\*" or a non-empty list/,
    ],
    [
      "a category listed twice",
      [buildRule({ id: "twice", categories: ["identity", "identity"] })],
      /categories\[1\].*data category "identity" is listed twice/,
    ],
    ["a malformed rule id", [buildRule({ id: "Bad Id!" })], /rules\[0\] "Bad Id!" › id.*lower-case words/],
    [
      "an empty field restriction",
      [buildRule({ id: "no.fields", fields: [] })],
      /"no\.fields" › fields.*must not be empty/,
    ],
  ];

  it.each(bad)("rejects %s, naming the rule, field and line", (_name, rules, message) => {
    const error = parseError(buildRuleSetText(rules));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(message);
    expect(error.fields?.length).toBeGreaterThan(0);
  });

  it("rejects duplicate rule ids, naming both", () => {
    const error = parseError(buildRuleSetText([buildRule({ id: "same.id" }), buildRule({ id: "same.id" })]));
    expect(error.message).toMatch(
      /rules\[1\] "same\.id" › id.*duplicate rule id "same\.id" \(also used by rules\[0\]\)/,
    );
    expect(error.fields).toContainEqual(expect.objectContaining({ field: "rules[1].id" }));
  });

  it("reports duplicate ids even while another rule is malformed", () => {
    const error = parseError(
      buildRuleSetText([buildRule({ id: "same.id" }), buildRule({ id: "same.id", categories: ["helth"] })]),
    );
    expect(error.message).toMatch(/duplicate rule id/);
    expect(error.message).toMatch(/unknown data category "helth"/);
  });

  it("rejects a version without changelog entry", () => {
    const error = parseError(buildRuleSetText([buildRule()], { version: "0.0.2" }));
    expect(error.message).toMatch(/changelog.*has no entry for version 0\.0\.2/);
  });

  it("rejects a malformed version and an unknown status", () => {
    const error = parseError(buildRuleSetText([buildRule()], { version: "v1", status: "final" }));
    expect(error.message).toMatch(/version.*must look like 1\.2\.0/);
    expect(error.message).toMatch(/status.*unknown status "final"/);
  });

  it("reports every problem at once, in file order, with a count", () => {
    const error = parseError(
      buildRuleSetText([
        buildRule({ id: "first.bad", categories: ["helth"] }),
        buildRule({ id: "second.bad", to: ["court"] }),
        buildRule({ id: "third.bad", legalBasis: undefined }),
      ]),
    );
    expect(error.message).toMatch(/^The sharing rule set is invalid \(3 problems\):/);
    const order = ["first.bad", "second.bad", "third.bad"].map((id) => error.message.indexOf(id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(error.fields?.map((f) => f.field)).toEqual([
      "rules[0].categories[0]",
      "rules[1].to[0]",
      "rules[2].legalBasis",
    ]);
  });

  it("gives the line of the offending value in a hand-written file", () => {
    const text = [
      'version: "1.0.0"',
      "status: draft",
      "title: { nl: Test, en: Test }",
      "changelog:",
      '  - { version: "1.0.0", date: "2026-01-01", changes: { nl: Test, en: Test } }',
      "rules:",
      "  - id: hand.written",
      "    description: { nl: Test, en: Test }",
      "    categories: [identity]",
      "    from: [police]",
      "    to: [comensha, tribunal]",
      "    purposes: [registration]",
      "    effect: deny",
    ].join("\n");
    expect(parseError(text).message).toMatch(
      /rules\[0\] "hand\.written" › to\[1\] \(line 11\): unknown organisation type "tribunal"/,
    );
  });

  it("reports YAML syntax errors with line and column", () => {
    const error = parseError('version: "1.0.0"\nrules: [a, b\nstatus: draft\n');
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(/line \d+, column \d+/);
  });

  it("reports duplicate keys in YAML", () => {
    const error = parseError(`${buildRuleSetText([buildRule()])}version: "0.0.1"\n`);
    expect(error.message).toMatch(/unique/i);
  });

  it("rejects a file that is not a mapping", () => {
    expect(parseError("- just\n- a list\n").message).toMatch(/the rule set/);
    expect(parseError("").code).toBe("VALIDATION_FAILED");
  });

  it("never echoes more than the rule file itself (no personal data in messages)", () => {
    const error = parseError(buildRuleSetText([buildRule({ id: "x.y", categories: ["helth"] })]));
    expect(error.message).not.toMatch(/undefined|\[object Object\]/);
  });
});

describe("loadSharingRules", () => {
  it("names the file when it is invalid", () => {
    const dir = mkdtempSync(join(tmpdir(), "samen-sharing-"));
    const path = join(dir, "rules.yaml");
    writeFileSync(path, buildRuleSetText([buildRule({ categories: ["helth"] })]));
    expect(() => loadSharingRules(path)).toThrow(
      new RegExp(`^${path.replaceAll(/[.*+?^${}()|[\]\\]/g, "\\$&")}: The sharing rule set is invalid`),
    );
  });

  it("lets a missing file surface as a file-system error", () => {
    expect(() => loadSharingRules(join(tmpdir(), "does-not-exist-samen.yaml"))).toThrow(/ENOENT/);
  });
});

// ---------------------------------------------------------------------------------------------
// Vocabularies and documentation
// ---------------------------------------------------------------------------------------------

describe("vocabularies", () => {
  it("describes every category, with the GDPR classes the law gives them", () => {
    for (const category of DATA_CATEGORIES) {
      const info = DATA_CATEGORY_INFO[category];
      expect(info.id).toBe(category);
      expect(info.label.nl && info.label.en && info.description.nl && info.description.en).toBeTruthy();
      if (info.directIdentifier) expect(info.encryptedAtRest).toBe(true);
      if (info.specialCategory || info.criminalData) expect(info.encryptedAtRest).toBe(true);
    }
    const special = DATA_CATEGORIES.filter((c) => DATA_CATEGORY_INFO[c].specialCategory);
    expect(special).toEqual(["health", "sexual_life"]);
    expect(DATA_CATEGORIES.filter((c) => DATA_CATEGORY_INFO[c].criminalData)).toEqual(["criminal"]);
    expect(DATA_CATEGORY_INFO.identity.directIdentifier && DATA_CATEGORY_INFO.contact.directIdentifier).toBe(
      true,
    );
    expect(DATA_CATEGORIES.filter((c) => !DATA_CATEGORY_INFO[c].personalData)).toEqual(["non_personal"]);
  });

  it("labels every purpose in Dutch and English", () => {
    for (const purpose of PURPOSES) {
      expect(PURPOSE_INFO[purpose].id).toBe(purpose);
      expect(PURPOSE_INFO[purpose].label.nl.length).toBeGreaterThan(3);
      expect(PURPOSE_INFO[purpose].description.en.length).toBeGreaterThan(20);
    }
  });
});

describe("README", () => {
  const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
  // The formatter pads Markdown tables; compare cell contents, not alignment.
  const normalise = (markdown: string) =>
    markdown
      .trim()
      .split("\n")
      .map((line) => line.replace(/ *\| */g, "|").replace(/\|-+/g, "|-"))
      .join("\n");
  const between = (start: string, end: string) => {
    const from = readme.indexOf(start);
    expect(from, `README lacks the marker ${start}`).toBeGreaterThan(-1);
    return normalise(readme.slice(from + start.length, readme.indexOf(end)));
  };

  it("carries the current generated rules table", () => {
    expect(
      between(RULES_TABLE_START, RULES_TABLE_END),
      "run: npx tsx src/sharing/render-rules.ts --write",
    ).toBe(normalise(renderRulesMarkdown(shipped)));
  });

  it("carries the current generated vocabulary tables", () => {
    expect(
      between(VOCABULARY_START, VOCABULARY_END),
      "run: npx tsx src/sharing/render-rules.ts --write",
    ).toBe(normalise(renderVocabularyMarkdown()));
  });
});
