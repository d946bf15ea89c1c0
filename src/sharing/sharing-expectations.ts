/**
 * @module sharing-expectations
 * The law's intent for data sharing, written by hand as a table, independently of the rule-set file
 * and of the evaluator. The table test (`sharing.rules.test.ts`) evaluates every organisation type ×
 * organisation type × category × purpose with the shipped rule set and compares the outcome with
 * what this table says. A change to the YAML that changes an outcome therefore fails the tests until
 * this table is changed too: double-entry bookkeeping for the privacy officer.
 *
 * How to read it: each line says, in words and as data, that a flow is allowed *always*, *with
 * consent*, *when* a condition holds, or *never*. Lines may overlap; their meaning adds up ("with
 * consent" plus "when safety is at stake" means: either suffices), and *never* beats everything.
 * Whatever no line mentions is not allowed. Test-only: nothing in the product reads this file.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { SharingCondition } from "./conditions";
import type { DataCategory } from "./data-categories";
import type { Purpose } from "./purposes";

export type Allowance =
  | { allowed: "always" }
  | { allowed: "never" }
  | { allowed: "with_consent" }
  | { allowed: "when"; condition: SharingCondition };

export type ExpectationLine = {
  says: string;
  from: readonly OrganisationType[] | "anyone";
  to: readonly OrganisationType[] | "anyone";
  purposes: readonly Purpose[] | "any";
  categories: readonly DataCategory[];
  expect: Allowance;
};

// Groups written out by hand on purpose: they must not be taken from the YAML.
const INVESTIGATIVE: readonly OrganisationType[] = ["police", "kmar", "labour_inspectorate"];
const CARE_REPORTERS: readonly OrganisationType[] = [
  "municipality",
  "care_provider",
  "shelter",
  "youth_care",
  "veilig_thuis",
  "ngo",
];
const CARE_CHAIN: readonly OrganisationType[] = [...CARE_REPORTERS, "comensha"];
const RIEC_PARTNERS: readonly OrganisationType[] = [
  "police",
  "kmar",
  "labour_inspectorate",
  "public_prosecutor",
  "municipality",
  "ind",
  "riec",
];
const EVERY_PERSONAL: readonly DataCategory[] = [
  "identity",
  "contact",
  "location",
  "health",
  "sexual_life",
  "criminal",
  "residence_status",
  "case_facts",
  "care_plan",
];
const REGISTRATION_DATA: readonly DataCategory[] = ["identity", "residence_status", "case_facts"];
const PLACEMENT_DATA: readonly DataCategory[] = [
  "identity",
  "contact",
  "location",
  "residence_status",
  "care_plan",
];
const EVIDENCE: readonly DataCategory[] = [
  "identity",
  "contact",
  "location",
  "health",
  "sexual_life",
  "criminal",
  "residence_status",
  "case_facts",
];

const always: Allowance = { allowed: "always" };
const never: Allowance = { allowed: "never" };
const withConsent: Allowance = { allowed: "with_consent" };
const when = (condition: SharingCondition): Allowance => ({ allowed: "when", condition });

export const EXPECTATIONS: readonly ExpectationLine[] = [
  // Registration with CoMensha
  {
    says: "Investigative services register victims by name at CoMensha without consent (Bpg 4:2).",
    from: INVESTIGATIVE,
    to: ["comensha"],
    purposes: ["registration"],
    categories: REGISTRATION_DATA,
    expect: always,
  },
  {
    says: "Care organisations, NGOs and care coordinators register by name only with prior consent.",
    from: CARE_REPORTERS,
    to: ["comensha"],
    purposes: ["registration"],
    categories: REGISTRATION_DATA,
    expect: withConsent,
  },
  {
    says: "Anonymous data (statistical records, anonymous signals, safe tables) may go anywhere.",
    from: "anyone",
    to: "anyone",
    purposes: "any",
    categories: ["non_personal"],
    expect: always,
  },

  // Safety at stake (footnote 21): only the data needed for placement, never art. 9 data
  {
    says: "When safety is at stake, care reporters give CoMensha the placement data without consent.",
    from: CARE_REPORTERS,
    to: ["comensha"],
    purposes: ["care"],
    categories: PLACEMENT_DATA,
    expect: when("victim_safety_at_stake"),
  },
  {
    says: "When safety is at stake, CoMensha gives the shelter the placement data without consent.",
    from: ["comensha"],
    to: ["shelter"],
    purposes: ["care"],
    categories: PLACEMENT_DATA,
    expect: when("victim_safety_at_stake"),
  },
  {
    says: "When safety is at stake, investigative services give a shelter the placement data directly.",
    from: INVESTIGATIVE,
    to: ["shelter"],
    purposes: ["care"],
    categories: PLACEMENT_DATA,
    expect: when("victim_safety_at_stake"),
  },

  // Care coordination
  {
    says: "Investigative services ask CoMensha to arrange shelter and care, without consent (Bpg 4:2).",
    from: INVESTIGATIVE,
    to: ["comensha"],
    purposes: ["care"],
    categories: ["identity", "contact", "location", "residence_status", "case_facts"],
    expect: always,
  },
  {
    says: "With a placement request investigative services give CoMensha the shelter need (care plan), without consent.",
    from: INVESTIGATIVE,
    to: ["comensha"],
    purposes: ["care"],
    categories: ["care_plan"],
    expect: always,
  },
  {
    says: "Health data go from investigative services to CoMensha only with consent.",
    from: INVESTIGATIVE,
    to: ["comensha"],
    purposes: ["care"],
    categories: ["health"],
    expect: withConsent,
  },
  {
    says: "Within the care chain everything personal except criminal data is shared for care with consent.",
    from: CARE_CHAIN,
    to: CARE_CHAIN,
    purposes: ["care"],
    categories: [
      "identity",
      "contact",
      "location",
      "residence_status",
      "case_facts",
      "care_plan",
      "health",
      "sexual_life",
    ],
    expect: withConsent,
  },
  {
    says: "Professionals may report a minor to Veilig Thuis without consent, but not health or sex life.",
    from: ["municipality", "care_provider", "shelter", "youth_care", "ngo"],
    to: ["veilig_thuis"],
    purposes: ["care"],
    categories: ["identity", "contact", "location", "case_facts"],
    expect: when("minor"),
  },
  {
    says: "Investigative services inform Veilig Thuis and youth care about a minor without consent.",
    from: INVESTIGATIVE,
    to: ["veilig_thuis", "youth_care"],
    purposes: ["care"],
    categories: ["identity", "contact", "location", "case_facts"],
    expect: when("minor"),
  },
  {
    says: "Investigative services route a victim to care partners directly only with consent.",
    from: INVESTIGATIVE,
    to: ["municipality", "care_provider", "shelter", "youth_care", "veilig_thuis", "ngo"],
    purposes: ["care"],
    categories: ["identity", "contact", "location", "residence_status", "case_facts"],
    expect: withConsent,
  },

  // Signals and the signal desk
  {
    says: "A victim's named signal goes from the care chain to the investigative desk only with consent.",
    from: CARE_CHAIN,
    to: INVESTIGATIVE,
    purposes: ["investigation", "supervision"],
    categories: ["identity", "contact", "location", "residence_status", "case_facts"],
    expect: withConsent,
  },
  {
    says: "Public bodies, CoMensha and NGOs (no professional secrecy) may report suspects.",
    from: ["municipality", "ind", "comensha", "ngo"],
    to: INVESTIGATIVE,
    purposes: ["investigation", "supervision"],
    categories: ["identity", "contact", "location", "residence_status", "case_facts", "criminal"],
    expect: when("data_subject_is_suspect"),
  },
  {
    says: "The desk routes suspects, never victims, to the administrative track.",
    from: INVESTIGATIVE,
    to: ["municipality", "labour_inspectorate"],
    purposes: ["supervision"],
    categories: ["identity", "location", "case_facts", "criminal"],
    expect: when("data_subject_is_suspect"),
  },

  // Investigation and prosecution (Wpg): everything but the care plan
  {
    says: "Investigative services give the public prosecutor what the case needs.",
    from: INVESTIGATIVE,
    to: ["public_prosecutor"],
    purposes: ["investigation"],
    categories: EVIDENCE,
    expect: always,
  },
  {
    says: "Investigative services share with each other for the criminal track.",
    from: INVESTIGATIVE,
    to: INVESTIGATIVE,
    purposes: ["investigation"],
    categories: EVIDENCE,
    expect: always,
  },
  {
    says: "The public prosecutor gives investigative services what the investigation needs.",
    from: ["public_prosecutor"],
    to: INVESTIGATIVE,
    purposes: ["investigation"],
    categories: EVIDENCE,
    expect: always,
  },

  // IND and B8
  {
    says: "Investigative services and the prosecutor inform the IND for the B8 procedure.",
    from: [...INVESTIGATIVE, "public_prosecutor"],
    to: ["ind"],
    purposes: ["residence_procedure"],
    categories: REGISTRATION_DATA,
    expect: always,
  },
  {
    says: "The IND informs investigative services about signals and residence status.",
    from: ["ind"],
    to: INVESTIGATIVE,
    purposes: ["investigation", "residence_procedure"],
    categories: REGISTRATION_DATA,
    expect: always,
  },
  {
    says: "The IND informs care partners about residence status only with consent.",
    from: ["ind"],
    to: ["municipality", "care_provider", "shelter", "comensha", "ngo"],
    purposes: ["care"],
    categories: ["identity", "residence_status"],
    expect: withConsent,
  },
  {
    says: "Care partners support the victim's residence application with consent.",
    from: ["municipality", "care_provider", "shelter", "youth_care", "comensha", "ngo"],
    to: ["ind"],
    purposes: ["residence_procedure"],
    categories: ["identity", "contact", "residence_status", "case_facts"],
    expect: withConsent,
  },

  // RIEC case conference
  {
    says: "Covenant partners share data on subjects (suspects), not on victims, in a case conference.",
    from: RIEC_PARTNERS,
    to: RIEC_PARTNERS,
    purposes: ["case_conference"],
    categories: ["identity", "location", "residence_status", "case_facts", "criminal"],
    expect: when("data_subject_is_suspect"),
  },
  {
    says: "Health, sex life and care plans never enter a case conference, not even internally.",
    from: "anyone",
    to: "anyone",
    purposes: ["case_conference"],
    categories: ["health", "sexual_life", "care_plan"],
    expect: never,
  },

  // Statistics, research, platform operator
  {
    says: "Statistics and research never use personal data, not even inside one organisation.",
    from: "anyone",
    to: "anyone",
    purposes: ["statistics", "research"],
    categories: EVERY_PERSONAL,
    expect: never,
  },
  {
    says: "The platform operator never receives personal data of data subjects.",
    from: "anyone",
    to: ["platform_operator"],
    purposes: "any",
    categories: EVERY_PERSONAL,
    expect: never,
  },
];

/** Whether a line speaks about this flow. */
export function lineCovers(
  line: ExpectationLine,
  flow: { from: OrganisationType; to: OrganisationType; purpose: Purpose; category: DataCategory },
): boolean {
  return (
    (line.from === "anyone" || line.from.includes(flow.from)) &&
    (line.to === "anyone" || line.to.includes(flow.to)) &&
    (line.purposes === "any" || line.purposes.includes(flow.purpose)) &&
    line.categories.includes(flow.category)
  );
}
