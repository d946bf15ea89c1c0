/**
 * @module reflection-period.rules
 * The "slightest indication" (geringste aanwijzing) rule of chapter B8/3 of the Vreemdelingencirculaire
 * 2000 (formerly B9): as soon as there is the slightest indication of human trafficking, a foreign
 * national without lawful residence must be told about the right to report (aangifte) or otherwise
 * cooperate, and about the reflection period (bedenktijd) of at most three months to decide
 * (DOMAIN-FACTS.md §3.3 and §4.2; Vc 2000 B8/3.1 as amended by WBV 2023/11, Stcrt. 2023, 13577).
 *
 * Decisions:
 * - **Any one indicator is enough**, whatever its weight or the score: that is what "slightest" means.
 *   A desk officer can also record an indication without a checklist item (the person calls themselves
 *   a victim, or the free text describes exploitation): `otherIndication`.
 * - **Dutch nationals** never need it. Nationals of Aruba, Curaçao, Sint Maarten and the Caribbean
 *   Netherlands (AW, CW, SX, BQ) hold Dutch nationality and are treated as Dutch.
 * - **EU/EEA and Swiss nationals**: B8/3.1 says they can derive rights from B8/3 *insofar as they derive
 *   none from Union law*. Free movement gives them a right of residence (unconditionally for the first
 *   three months, and as workers or job-seekers after that), so when their residence is lawful or
 *   unknown we presume the Union right and do **not** require the action; we return the reason
 *   `eu_free_movement` so the UI can still show the option. When it is established that they have no
 *   lawful residence (`lawfulResidence: "no"`, e.g. after an expulsion decision), B8/3 applies to them
 *   like any other foreign national and the action **is** required.
 * - **Everyone else** (third-country nationals, stateless persons, nationality unknown): required unless
 *   lawful residence is established (`"yes"`). Unknown residence counts as "not known to be lawful":
 *   telling someone about a right costs nothing, missing it can mean removal before they could decide.
 *
 * Deadline: the end of the **first working day after** the indication was recorded (Amsterdam), or the
 * signal's own `immediate` deadline (4 hours) when the signal is urgent. B8/3 asks for the information
 * at the first sign; a person without lawful residence can be detained and removed quickly, and the
 * reflection period suspends departure. One working day is the longest we consider "without delay" for
 * an action that usually needs the police or KMar to be reached; an `immediate` signal typically means
 * the person is in contact with the police already, so the shorter clock applies.
 *
 * Who informs: the police (AVIM) or the KMar, which has the same powers under B8/3.1. Other
 * organisations (the desk, the labour inspectorate, care coordinators) make sure they are told.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { LawfulResidence, Urgency } from "./signal.vocabulary";
import { type Deadline, deadlineFromRule, URGENCY_DEADLINES } from "./working-days.rules";

/** EU member states (ISO 3166-1 alpha-2; Greece as GR, the EU's "EL" is accepted as an alias). */
export const EU_MEMBER_STATES = [
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
] as const;
/** EEA states outside the EU, and Switzerland (free movement by the EEA Agreement and the EU–CH agreement). */
export const EEA_AND_SWISS_NON_EU = ["IS", "LI", "NO", "CH"] as const;
/** ISO codes whose nationals hold Dutch nationality. */
export const DUTCH_NATIONALITY_CODES = ["NL", "AW", "CW", "SX", "BQ"] as const;

/** The maximum reflection period (B8/3.1): three months; 30 days for Dublin cases granted after 18 May 2023. */
export const REFLECTION_PERIOD = Object.freeze({ standardMonths: 3, dublinCaseDays: 30 });

/** Who gives the information and decides on the reflection period. */
export const B8_INFORMING_ORGANISATIONS: readonly OrganisationType[] = ["police", "kmar"];

export type Nationality = string;

export type NationalityGroup = "dutch" | "eu_eea_swiss" | "other" | "unknown";

/**
 * Classify a nationality given as ISO 3166-1 alpha-2 (any case), `stateless` or `unknown`. Anything else
 * that is not two letters is treated as unknown.
 */
export function nationalityGroup(nationality: Nationality): NationalityGroup {
  const code = nationality.trim().toUpperCase();
  if (code === "STATELESS") return "other";
  if (!/^[A-Z]{2}$/.test(code)) return "unknown";
  const normalised = code === "EL" ? "GR" : code;
  if ((DUTCH_NATIONALITY_CODES as readonly string[]).includes(normalised)) return "dutch";
  if ((EU_MEMBER_STATES as readonly string[]).includes(normalised)) return "eu_eea_swiss";
  if ((EEA_AND_SWISS_NON_EU as readonly string[]).includes(normalised)) return "eu_eea_swiss";
  return "other";
}

export type ReflectionPeriodReason =
  | "no_indication"
  | "dutch_national"
  | "eu_free_movement"
  | "lawful_residence"
  | "eu_national_without_lawful_residence"
  | "foreign_national_residence_not_lawful"
  | "foreign_national_residence_unknown";

export type ReflectionPeriodDecision =
  | { required: false; reason: ReflectionPeriodReason }
  | {
      required: true;
      reason: ReflectionPeriodReason;
      deadline: Deadline;
      informedBy: readonly OrganisationType[];
      /** Identifier of the rule, for the action's legal-basis field and the audit trail. */
      basis: "vc2000.b8-3";
    };

/** One working day, or the signal's `immediate` clock when the signal is urgent (see the module header). */
const B8_INFORM_RULE = { kind: "working_days", days: 1 } as const;

/**
 * Decide whether the action "inform about the reflection period (B8/3)" is required for a possible
 * victim, and by when.
 */
export function reflectionPeriodAction({
  person,
  indicatorIds,
  otherIndication = false,
  indicatedAt,
  urgency,
}: {
  person: { nationality: Nationality; lawfulResidence: LawfulResidence };
  /** The checklist items recorded for this person or signal. */
  indicatorIds: readonly string[];
  /** An indication recorded without a checklist item (self-identification, free text). */
  otherIndication?: boolean;
  /** When the first indication was recorded: the clock starts here. */
  indicatedAt: Date;
  urgency?: Urgency;
}): ReflectionPeriodDecision {
  if (indicatorIds.length === 0 && !otherIndication) return { required: false, reason: "no_indication" };

  const group = nationalityGroup(person.nationality);
  if (group === "dutch") return { required: false, reason: "dutch_national" };
  if (person.lawfulResidence === "yes") {
    return { required: false, reason: group === "eu_eea_swiss" ? "eu_free_movement" : "lawful_residence" };
  }
  if (group === "eu_eea_swiss" && person.lawfulResidence === "unknown") {
    return { required: false, reason: "eu_free_movement" };
  }

  const reason: ReflectionPeriodReason =
    group === "eu_eea_swiss"
      ? "eu_national_without_lawful_residence"
      : person.lawfulResidence === "no"
        ? "foreign_national_residence_not_lawful"
        : "foreign_national_residence_unknown";
  const rule = urgency === "immediate" ? URGENCY_DEADLINES.immediate : B8_INFORM_RULE;
  return {
    required: true,
    reason,
    deadline: deadlineFromRule({ startedAt: indicatedAt, rule }),
    informedBy: B8_INFORMING_ORGANISATIONS,
    basis: "vc2000.b8-3",
  };
}
