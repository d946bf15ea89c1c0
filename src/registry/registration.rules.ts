/**
 * @module registration.rules
 * Registration of (possible) victims with CoMensha, the national registry (DESIGN.md §3 step 4):
 * what may go, on which basis, and the non-identifying statistical record.
 *
 * ## The decision (configurable)
 * `decideRegistration` takes a small policy object. The default (`DEFAULT_REGISTRATION_POLICY`)
 * encodes the verified rules (DOMAIN-FACTS §4.3; sharing rules `registration.*`):
 * - police, KMar and the labour inspectorate register **by name on their own legal basis** (Besluit
 *   politiegegevens art. 4:2(1)(b)(3°); Besluit politiegegevens bijzondere opsporingsdiensten art. 2(2));
 *   no consent is needed for registration alone;
 * - care organisations, shelters, youth care, Veilig Thuis, municipalities (care coordinators), NGOs
 *   and CoMensha's own care coordination register by name **only with prior consent**, otherwise
 *   only a **statistical** record goes (the government chose not to create a ground without consent:
 *   programme, action line 5);
 * - where the victim's **safety is at stake**, the data needed for a **shelter placement** may go to
 *   CoMensha without consent (programme footnote 21; sharing rule `care.safety-at-stake.to-comensha`,
 *   legal basis *to be confirmed*). That is a disclosure for *care*, not a registration by name: the
 *   registry gets a statistical record alongside.
 * - Requesting shelter or assistance through CoMensha needs the victim's consent, also for the
 *   investigative services, because data then travel on to the shelter (CoMensha, "Consequenties AVG");
 *   the safety exception covers the placement without consent.
 * - The prosecution service, the IND and RIECs have no registration basis in our sources and no sharing
 *   rule lets them register by name even with consent: they send **statistical records only** until
 *   someone confirms a basis (then add a sharing rule and change the policy). The Rapporteur and the
 *   platform operator never register.
 * - CoMensha's own care coordination (in regions without a coordinator) registers by name only with
 *   consent, like any care coordinator, although the data stay inside CoMensha.
 * This module decides the *mode and fields*; each actual disclosure is still checked and audited by
 * the sharing evaluator (`sharing.rules`), and a test keeps the two in agreement.
 *
 * ## The statistical record
 * `buildStatisticalRegistration` copies a fixed list of coarse, non-identifying attributes, so its
 * output type has no field that could hold a name, alias, birth date, contact detail, address,
 * document number or free text. Choices that keep it non-identifying:
 * - **year** of registration only, never a date;
 * - **age group** (CTDC bands), never age or birth date;
 * - **nationality**: kept only for the configured frequent nationalities (`DEFAULT_KEPT_NATIONALITIES`),
 *   otherwise coarsened to a world-region group: one Eritrean woman in a small unit is a person, "Africa"
 *   is a cell;
 * - **geography: police unit** (10 regional units) of the municipality where the exploitation took
 *   place, else where the victim was found; never the municipality. 342 municipalities, many small,
 *   against about 1,000 registrations a year would leave most cells at 1. Police units are also the
 *   unit in which CoMensha publishes (it uses them for the reporter's region);
 * - **reporting organisation type**, never the organisation.
 * Output disclosure control (small cells, k-anonymity) is still applied on every table built from
 * these records: combinations can be rare even when each attribute is coarse.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import {
  AGE_GROUPS,
  type AgeCategory,
  type AgeGroup,
  ageCategoryOf,
  ageGroupOf,
  SECTORS,
  type Sector,
  TRAFFICKING_STATUSES,
  type TraffickingStatus,
} from "../care/care.vocabulary";
import { AppError } from "../platform/errors";
import type { ExploitationForm, Gender } from "../signals/signal.vocabulary";
import { EXPLOITATION_FORMS, GENDERS } from "../signals/signal.vocabulary";
import { type IsoDate, isIsoDate } from "../signals/working-days.rules";
import {
  BY_NAME_FIELDS,
  DEFAULT_KEPT_NATIONALITIES,
  type NationalityGroup,
  nationalityGroupOf,
  normaliseNationality,
  type RegistrationField,
  type RegistrationMode,
  SHELTER_PLACEMENT_FIELDS,
  STATISTICAL_FIELDS,
  STATISTICS_UNKNOWN_UNIT,
} from "./registry.vocabulary";

// ------------------------------------------------------------------------------------------------
// Policy and decision
// ------------------------------------------------------------------------------------------------

/** How an organisation type may register. */
export type RegistrantKind = "own_legal_basis" | "consent_required" | "statistical_only" | "not_a_registrant";

export type RegistrationPolicy = {
  /** Bumped on every change; recorded with each registration for the audit. */
  version: string;
  byOrganisationType: Readonly<Record<OrganisationType, RegistrantKind>>;
  /** Types that may share shelter-placement data without consent when safety is at stake (footnote 21). */
  safetyExceptionFor: readonly OrganisationType[];
};

const CARE_SIDE: readonly OrganisationType[] = [
  "municipality",
  "care_provider",
  "shelter",
  "youth_care",
  "veilig_thuis",
  "ngo",
];

export const DEFAULT_REGISTRATION_POLICY: RegistrationPolicy = Object.freeze({
  version: "2026-1",
  byOrganisationType: Object.freeze({
    police: "own_legal_basis",
    kmar: "own_legal_basis",
    labour_inspectorate: "own_legal_basis",
    municipality: "consent_required",
    care_provider: "consent_required",
    shelter: "consent_required",
    youth_care: "consent_required",
    veilig_thuis: "consent_required",
    ngo: "consent_required",
    comensha: "consent_required",
    public_prosecutor: "statistical_only",
    ind: "statistical_only",
    riec: "statistical_only",
    rapporteur: "not_a_registrant",
    platform_operator: "not_a_registrant",
  }),
  safetyExceptionFor: Object.freeze([...CARE_SIDE]),
}) as RegistrationPolicy;

export type RegistrationBasis = "own_legal_basis" | "consent" | "no_consent";
/**
 * `no_route`: this organisation type has no sharing rule for placement data (e.g. the IND); it must
 * involve a care coordinator or the police instead.
 */
export type PlacementDataStatus =
  | "not_requested"
  | "consent"
  | "safety_at_stake"
  | "consent_required"
  | "no_route";

export type RegistrationDecision = {
  mode: RegistrationMode;
  /** Basis of the registration itself. */
  basis: RegistrationBasis;
  /** What goes to the registry for the purpose `registration`. */
  registrationFields: readonly RegistrationField[];
  /** Shelter-placement data for the purpose `care`. */
  placement: { status: PlacementDataStatus; fields: readonly RegistrationField[] };
  /** The sharing rules (reference/sharing-rules) this decision relies on, for the audit entry. */
  sharingRuleIds: string[];
  /** `to_be_confirmed` when it relies on the footnote-21 exception. */
  confidence: "verified" | "to_be_confirmed";
  policyVersion: string;
};

/**
 * Decide how a case is registered (see the module header). Throws FORBIDDEN for organisation types
 * that never register.
 */
export function decideRegistration({
  organisationType,
  consent,
  safetyAtStake,
  placementRequested = false,
  policy = DEFAULT_REGISTRATION_POLICY,
}: {
  organisationType: OrganisationType;
  /** Valid (given, not withdrawn) consents naming CoMensha, per purpose. */
  consent: { registration: boolean; care: boolean };
  /** The victim's safety is at stake and a shelter placement is needed (a recorded, reasoned judgement). */
  safetyAtStake: boolean;
  /** The report also asks CoMensha to arrange shelter or assistance. */
  placementRequested?: boolean;
  policy?: RegistrationPolicy;
}): RegistrationDecision {
  const kind = policy.byOrganisationType[organisationType];
  if (kind === undefined || kind === "not_a_registrant") {
    throw new AppError(
      "FORBIDDEN",
      `NOT_A_REGISTRANT: organisatietype ${organisationType} registreert niet.`,
    );
  }
  const safetyException =
    safetyAtStake && (kind === "own_legal_basis" || policy.safetyExceptionFor.includes(organisationType));
  const wantsPlacement = safetyAtStake || placementRequested;
  const placementStatus: PlacementDataStatus = !wantsPlacement
    ? "not_requested"
    : kind === "statistical_only"
      ? "no_route"
      : consent.care
        ? "consent"
        : safetyException
          ? "safety_at_stake"
          : "consent_required";
  const placementFields =
    placementStatus === "consent" || placementStatus === "safety_at_stake" ? SHELTER_PLACEMENT_FIELDS : [];
  const placementRule = placementRules(kind, placementStatus);
  const confidence = placementStatus === "safety_at_stake" ? "to_be_confirmed" : "verified";
  const placement = { status: placementStatus, fields: placementFields };

  if (kind === "own_legal_basis") {
    return {
      mode: "by_name",
      basis: "own_legal_basis",
      registrationFields: BY_NAME_FIELDS,
      placement,
      sharingRuleIds: ["registration.investigative-services", ...placementRule],
      confidence,
      policyVersion: policy.version,
    };
  }
  if (consent.registration && kind === "consent_required") {
    return {
      mode: "by_name",
      basis: "consent",
      registrationFields: BY_NAME_FIELDS,
      placement,
      sharingRuleIds: ["registration.care-and-ngo.with-consent", ...placementRule],
      confidence,
      policyVersion: policy.version,
    };
  }
  return {
    mode: placementStatus === "safety_at_stake" ? "shelter_placement_minimum" : "statistical",
    basis: "no_consent",
    registrationFields: STATISTICAL_FIELDS,
    placement,
    sharingRuleIds: ["registration.care-and-ngo.statistical-only", ...placementRule],
    confidence,
    policyVersion: policy.version,
  };
}

/**
 * The sharing rules a placement relies on: to CoMensha (investigative services on their own basis,
 * others by consent or the safety exception), and CoMensha on to the shelter (consent or safety).
 */
function placementRules(kind: RegistrantKind, status: PlacementDataStatus): string[] {
  if (status === "not_requested" || status === "no_route") return [];
  if (kind === "own_legal_basis") {
    if (status === "consent") return ["care.investigative-to-comensha", "care.coordination.with-consent"];
    if (status === "safety_at_stake")
      return ["care.investigative-to-comensha", "care.safety-at-stake.comensha-to-shelter"];
    return ["care.investigative-to-comensha"];
  }
  if (status === "consent") return ["care.coordination.with-consent"];
  if (status === "safety_at_stake")
    return ["care.safety-at-stake.to-comensha", "care.safety-at-stake.comensha-to-shelter"];
  return [];
}

/** Check a policy object loaded from configuration: every organisation type has a kind. */
export function validateRegistrationPolicy(policy: RegistrationPolicy): void {
  const missing = ORGANISATION_TYPES.filter((t) => policy.byOrganisationType[t] === undefined);
  if (missing.length > 0 || !policy.version) {
    throw new AppError("VALIDATION_FAILED", "Onvolledig registratiebeleid.", {
      fields: missing.map((t) => ({ field: `byOrganisationType.${t}`, message: "missing" })),
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Statistical record
// ------------------------------------------------------------------------------------------------

/**
 * The statistical registration. Every field is coarse and from a closed vocabulary, except `year`
 * (an integer) and `policeUnit` (an id from reference/geo/police-units.csv). No field can carry text
 * typed by a person.
 */
export type StatisticalRegistration = {
  year: number;
  forms: ExploitationForm[];
  sectors: Sector[];
  gender: Gender;
  ageGroup: AgeGroup;
  ageCategory: AgeCategory;
  /** ISO alpha-2 when in the kept list, else null (see `nationalityGroup`). */
  nationality: string | null;
  nationalityGroup: NationalityGroup;
  reportingOrganisationType: OrganisationType;
  policeUnit: string;
  traffickingStatus: TraffickingStatus;
};

/** The only keys a statistical record may have; a test proves the type and this list agree. */
export const STATISTICAL_REGISTRATION_KEYS = [
  "year",
  "forms",
  "sectors",
  "gender",
  "ageGroup",
  "ageCategory",
  "nationality",
  "nationalityGroup",
  "reportingOrganisationType",
  "policeUnit",
  "traffickingStatus",
] as const satisfies readonly (keyof StatisticalRegistration)[];

/** The facts of a case the statistical record is built from. The full case object may be passed. */
export type CaseFactsForRegistration = {
  registeredOn: IsoDate;
  forms: readonly ExploitationForm[];
  sectors: readonly Sector[];
  gender: Gender;
  /** Age in whole years at registration, when known. */
  age: number | null;
  /** An estimated band, used when `age` is unknown. */
  estimatedAgeGroup?: AgeGroup | null;
  nationality: string;
  reportingOrganisationType: OrganisationType;
  exploitationMunicipality?: string | null;
  foundMunicipality?: string | null;
  traffickingStatus: TraffickingStatus;
};

export type StatisticalContext = {
  /** Municipality code → police unit id (from reference/geo). */
  policeUnitOf: ReadonlyMap<string, string>;
  keptNationalities?: readonly string[];
};

const known = <T extends string>(all: readonly T[], values: readonly T[]): T[] =>
  [...new Set(values)].filter((v) => all.includes(v)).sort((a, b) => all.indexOf(a) - all.indexOf(b));

/**
 * Build the non-identifying statistical record (see the module header). Copies field by field from a
 * fixed list, so extra properties on `facts` (names, contact details, notes) can never leak into it.
 */
export function buildStatisticalRegistration(
  facts: CaseFactsForRegistration,
  { policeUnitOf, keptNationalities = DEFAULT_KEPT_NATIONALITIES }: StatisticalContext,
): StatisticalRegistration {
  if (!isIsoDate(facts.registeredOn)) {
    throw new AppError("VALIDATION_FAILED", "Ongeldige registratiedatum.", {
      fields: [{ field: "registeredOn", message: "YYYY-MM-DD" }],
    });
  }
  // Runtime guards as well as types: the facts may come from JSON, and no value outside a closed
  // vocabulary may ever reach the record.
  if (!ORGANISATION_TYPES.includes(facts.reportingOrganisationType)) {
    throw new AppError("VALIDATION_FAILED", "Onbekend type melder.", {
      fields: [{ field: "reportingOrganisationType", message: "unknown" }],
    });
  }
  if (!TRAFFICKING_STATUSES.includes(facts.traffickingStatus)) {
    throw new AppError("VALIDATION_FAILED", "Onbekende status.", {
      fields: [{ field: "traffickingStatus", message: "unknown" }],
    });
  }
  const estimated =
    facts.estimatedAgeGroup && AGE_GROUPS.includes(facts.estimatedAgeGroup)
      ? facts.estimatedAgeGroup
      : "unknown";
  const ageGroup = facts.age !== null && facts.age !== undefined ? ageGroupOf(facts.age) : estimated;
  const normalised = normaliseNationality(facts.nationality);
  const group = nationalityGroupOf(normalised);
  const kept = new Set(keptNationalities.map((n) => n.toUpperCase()));
  // Dutch nationals from the Caribbean parts of the Kingdom are Dutch: show them as NL.
  const shown = group === "dutch" ? "NL" : normalised;
  const nationality = kept.has(shown) ? shown : null;
  const municipality = facts.exploitationMunicipality || facts.foundMunicipality || null;
  const unit = municipality ? policeUnitOf.get(municipality) : undefined;
  return {
    year: Number(facts.registeredOn.slice(0, 4)),
    forms: known(EXPLOITATION_FORMS, facts.forms),
    sectors: known(SECTORS, facts.sectors),
    gender: GENDERS.includes(facts.gender) ? facts.gender : "unknown",
    ageGroup,
    ageCategory: ageCategoryOf(ageGroup),
    nationality,
    nationalityGroup: group,
    reportingOrganisationType: facts.reportingOrganisationType,
    policeUnit: unit ?? STATISTICS_UNKNOWN_UNIT,
    traffickingStatus: facts.traffickingStatus,
  };
}

/**
 * Which nationalities to keep next year: those with at least `minCount` registrations in each of the
 * given years' counts (e.g. the last two years). Dutch is always kept.
 */
export function nationalitiesToKeep({
  countsByYear,
  minCount = 11,
}: {
  countsByYear: readonly Readonly<Record<string, number>>[];
  minCount?: number;
}): string[] {
  if (countsByYear.length === 0) return ["NL"];
  const candidates = new Set(Object.keys(countsByYear[0] ?? {}).map((c) => c.toUpperCase()));
  const keep = [...candidates].filter(
    (code) =>
      /^[A-Z]{2}$/.test(code) &&
      countsByYear.every((counts) => {
        const entry = Object.entries(counts).find(([k]) => k.toUpperCase() === code);
        return entry !== undefined && entry[1] >= minCount;
      }),
  );
  return [...new Set(["NL", ...keep])].sort();
}
