/**
 * @module sharing.rules
 * The one decision of the sharing module, as a pure function: may data of this category go from an
 * organisation of this type to an organisation of that type, for this purpose, given the data
 * subject's valid consents and the conditions that hold? No I/O; the caller loads the rule set,
 * collects consents and conditions, and audits the outcome (including `ruleId` and `consentId`).
 *
 * Semantics, in the order they are applied:
 *
 * 1. Scope. A rule is *in scope* when its categories, `from`, `to` and purposes all cover the
 *    request (`"*"` covers everything). A rule with `fields` is in scope only for a request that
 *    names one of those fields; a whole-category question never matches a field-restricted rule,
 *    so field restrictions can only narrow what is shared.
 * 2. Deny wins. If an in-scope deny rule applies (no condition, or its condition holds), the answer
 *    is `denied_by_rule`, whatever any allow rule says, and also inside one organisation. Deny rules
 *    are therefore written narrowly.
 * 3. Same organisation. Data that stays inside the organisation that holds it is not a disclosure:
 *    `sameOrganisation: true` answers `same_organisation` (allowed) for every purpose except
 *    `statistics` and `research`, which inside one organisation too only use what the rules allow
 *    (non_personal). Which *user* may act for which purpose is the permission layer's question; the
 *    caller still audits the read.
 * 4. Allow rules. Among in-scope allow rules whose condition (if any) holds:
 *    - one without consent requirement and without condition → `allowed_by_rule`;
 *    - else one with a holding condition and no consent requirement → `allowed_by_condition`;
 *    - else one requiring consent, with a matching consent → `allowed_with_consent`.
 *    A statutory ground is preferred over consent because consent can be withdrawn, and the audit
 *    should record the ground that does not depend on it. Ties go to the first rule in the file.
 * 5. Otherwise denied, with the most useful reason: `consent_required` when an in-scope rule would
 *    allow it with consent; else `condition_not_met` when an in-scope rule would allow it under a
 *    condition that does not hold; else `no_rule` (deny by default).
 *
 * Consent matching. A consent matches when its purpose equals the request's purpose, it names the
 * recipient (by organisation id, by organisation type, or both — each given one must match), and, if
 * it lists categories, the category is among them. A consent that names no recipient matches nothing:
 * consent must be specific (AVG art. 4 sub 11). Withdrawn or expired consents are simply not passed in.
 *
 * The rule set must come from `parseSharingRules`, which guarantees that every allow rule has a legal
 * basis and a consent statement and that statistics/research are only allowed on non_personal data.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import { AppError } from "../platform/errors";
import { SHARING_CONDITION_INFO, type SharingCondition } from "./conditions";
import { DATA_CATEGORY_INFO, type DataCategory } from "./data-categories";
import type { Localized } from "./localized";
import { AGGREGATE_ONLY_PURPOSES, PURPOSE_INFO, type Purpose } from "./purposes";
import { covers, type LegalBasis, type SharingRule, type SharingRuleSet } from "./sharing-rules.schema";

/** A currently valid consent of the data subject, as plain data. */
export type ConsentGrant = {
  /** The consent record's id, echoed in the decision so the audit entry can point at it. */
  id?: string;
  purpose: Purpose;
  recipientOrganisationId?: string;
  recipientType?: OrganisationType;
  /** Limits the consent to these categories; absent means every category the rules allow. */
  categories?: readonly DataCategory[];
};

export type SharingRequest = {
  ruleSet: SharingRuleSet;
  category: DataCategory;
  /** The field being shared, for rules restricted to `fields`; absent for a whole-category question. */
  field?: string;
  sourceType: OrganisationType;
  recipientType: OrganisationType;
  /** Needed to match consents given to one named organisation. */
  recipientOrganisationId?: string;
  purpose: Purpose;
  /** True when the data stays inside the organisation that holds it (then source and recipient types are equal). */
  sameOrganisation: boolean;
  consents: readonly ConsentGrant[];
  conditions: Iterable<SharingCondition>;
};

export type SharingReason =
  | "same_organisation"
  | "allowed_by_rule"
  | "allowed_with_consent"
  | "allowed_by_condition"
  | "denied_by_rule"
  | "consent_required"
  | "condition_not_met"
  | "no_rule";

export type SharingDecision =
  | { allowed: true; reason: "same_organisation"; explanation: Localized }
  | {
      allowed: true;
      reason: "allowed_by_rule";
      ruleId: string;
      legalBasis: LegalBasis;
      explanation: Localized;
    }
  | {
      allowed: true;
      reason: "allowed_by_condition";
      ruleId: string;
      legalBasis: LegalBasis;
      condition: SharingCondition;
      explanation: Localized;
    }
  | {
      allowed: true;
      reason: "allowed_with_consent";
      ruleId: string;
      legalBasis: LegalBasis;
      consentId?: string;
      condition?: SharingCondition;
      explanation: Localized;
    }
  | {
      allowed: false;
      reason: "denied_by_rule";
      ruleId: string;
      legalBasis?: LegalBasis;
      explanation: Localized;
    }
  | { allowed: false; reason: "consent_required"; ruleId: string; explanation: Localized }
  | {
      allowed: false;
      reason: "condition_not_met";
      ruleId: string;
      condition: SharingCondition;
      explanation: Localized;
    }
  | { allowed: false; reason: "no_rule"; explanation: Localized };

function inScope(rule: SharingRule, request: SharingRequest): boolean {
  if (!covers(rule.categories, request.category)) return false;
  if (!covers(rule.from, request.sourceType)) return false;
  if (!covers(rule.to, request.recipientType)) return false;
  if (!covers(rule.purposes, request.purpose)) return false;
  if (rule.fields === undefined) return true;
  return request.field !== undefined && rule.fields.includes(request.field);
}

function matchingConsent(request: SharingRequest): ConsentGrant | undefined {
  return request.consents.find((consent) => {
    if (consent.purpose !== request.purpose) return false;
    if (consent.recipientOrganisationId === undefined && consent.recipientType === undefined) return false;
    if (
      consent.recipientOrganisationId !== undefined &&
      consent.recipientOrganisationId !== request.recipientOrganisationId
    ) {
      return false;
    }
    if (consent.recipientType !== undefined && consent.recipientType !== request.recipientType) return false;
    return consent.categories === undefined || consent.categories.includes(request.category);
  });
}

function subject(request: SharingRequest): Localized {
  const category = DATA_CATEGORY_INFO[request.category].label;
  const purpose = PURPOSE_INFO[request.purpose].label;
  return {
    nl: `${category.nl} (doel: ${purpose.nl})`,
    en: `${category.en} (purpose: ${purpose.en})`,
  };
}

/**
 * Decides whether one category of data may be shared (see the module header for the semantics).
 * Throws only on a caller bug: `sameOrganisation` with different source and recipient types.
 *
 * @example
 * evaluateSharing({ ruleSet, category: "identity", sourceType: "ngo", recipientType: "comensha",
 *   purpose: "registration", sameOrganisation: false, consents: [], conditions: [] });
 * // → { allowed: false, reason: "consent_required", ruleId: "registration.care-and-ngo.with-consent", … }
 */
export function evaluateSharing(request: SharingRequest): SharingDecision {
  if (request.sameOrganisation && request.sourceType !== request.recipientType) {
    throw new AppError(
      "INTERNAL",
      "sameOrganisation is true but source and recipient organisation types differ",
    );
  }
  const conditions = new Set(request.conditions);
  const holds = (rule: SharingRule) => rule.condition === undefined || conditions.has(rule.condition);
  const scoped = request.ruleSet.rules.filter((rule) => inScope(rule, request));
  const what = subject(request);

  const deny = scoped.find((rule) => rule.effect === "deny" && holds(rule));
  if (deny) {
    return {
      allowed: false,
      reason: "denied_by_rule",
      ruleId: deny.id,
      ...(deny.legalBasis ? { legalBasis: deny.legalBasis } : {}),
      explanation: {
        nl: `Niet toegestaan: ${what.nl} is uitgesloten door regel ${deny.id}. ${deny.description.nl}`,
        en: `Not allowed: ${what.en} is excluded by rule ${deny.id}. ${deny.description.en}`,
      },
    };
  }

  if (request.sameOrganisation && !AGGREGATE_ONLY_PURPOSES.includes(request.purpose)) {
    return {
      allowed: true,
      reason: "same_organisation",
      explanation: {
        nl: `Toegestaan: ${what.nl} blijft binnen de eigen organisatie; dat is geen verstrekking. De inzage wordt wel vastgelegd.`,
        en: `Allowed: ${what.en} stays within the organisation itself; that is not a disclosure. The access is still logged.`,
      },
    };
  }

  let byCondition: (SharingRule & { condition: SharingCondition }) | undefined;
  let withConsent: { rule: SharingRule; consent: ConsentGrant } | undefined;
  let consentMissing: SharingRule | undefined;
  let conditionMissing: (SharingRule & { condition: SharingCondition }) | undefined;
  const consent = matchingConsent(request);
  for (const rule of scoped) {
    if (rule.effect !== "allow") continue;
    if (rule.condition !== undefined && !conditions.has(rule.condition)) {
      conditionMissing ??= { ...rule, condition: rule.condition };
      continue;
    }
    if (rule.consent === "required") {
      if (consent) withConsent ??= { rule, consent };
      else consentMissing ??= rule;
      continue;
    }
    if (rule.condition === undefined) return allowedByRule(rule, what);
    byCondition ??= { ...rule, condition: rule.condition };
  }

  if (byCondition) {
    const label = SHARING_CONDITION_INFO[byCondition.condition].label;
    return {
      allowed: true,
      reason: "allowed_by_condition",
      ruleId: byCondition.id,
      legalBasis: byCondition.legalBasis!,
      condition: byCondition.condition,
      explanation: {
        nl: `Toegestaan zonder toestemming omdat geldt: "${label.nl}" (regel ${byCondition.id}). ${byCondition.description.nl}`,
        en: `Allowed without consent because this holds: "${label.en}" (rule ${byCondition.id}). ${byCondition.description.en}`,
      },
    };
  }
  if (withConsent) {
    const { rule, consent: grant } = withConsent;
    return {
      allowed: true,
      reason: "allowed_with_consent",
      ruleId: rule.id,
      legalBasis: rule.legalBasis!,
      ...(grant.id !== undefined ? { consentId: grant.id } : {}),
      ...(rule.condition !== undefined ? { condition: rule.condition } : {}),
      explanation: {
        nl: `Toegestaan met toestemming van betrokkene (regel ${rule.id}). ${rule.description.nl}`,
        en: `Allowed with the data subject's consent (rule ${rule.id}). ${rule.description.en}`,
      },
    };
  }
  if (consentMissing) {
    return {
      allowed: false,
      reason: "consent_required",
      ruleId: consentMissing.id,
      explanation: {
        nl: `Verborgen: ${what.nl} vraagt toestemming van betrokkene voor dit doel en deze ontvanger (regel ${consentMissing.id}).`,
        en: `Hidden: ${what.en} requires the data subject's consent for this purpose and recipient (rule ${consentMissing.id}).`,
      },
    };
  }
  if (conditionMissing) {
    const label = SHARING_CONDITION_INFO[conditionMissing.condition].label;
    return {
      allowed: false,
      reason: "condition_not_met",
      ruleId: conditionMissing.id,
      condition: conditionMissing.condition,
      explanation: {
        nl: `Verborgen: ${what.nl} mag alleen als geldt: "${label.nl}" (regel ${conditionMissing.id}).`,
        en: `Hidden: ${what.en} is only allowed when this holds: "${label.en}" (rule ${conditionMissing.id}).`,
      },
    };
  }
  return {
    allowed: false,
    reason: "no_rule",
    explanation: {
      nl: `Niet toegestaan: geen regel staat ${what.nl} toe van deze afzender aan deze ontvanger; zonder regel wordt niets gedeeld.`,
      en: `Not allowed: no rule allows ${what.en} from this source to this recipient; without a rule nothing is shared.`,
    },
  };
}

function allowedByRule(rule: SharingRule, what: Localized): SharingDecision {
  return {
    allowed: true,
    reason: "allowed_by_rule",
    ruleId: rule.id,
    legalBasis: rule.legalBasis!,
    explanation: {
      nl: `Toegestaan op grond van regel ${rule.id} (${what.nl}). ${rule.description.nl}`,
      en: `Allowed under rule ${rule.id} (${what.en}). ${rule.description.en}`,
    },
  };
}

export type FieldDecision = {
  field: string;
  category: DataCategory;
  visible: boolean;
  decision: SharingDecision;
  /** For hidden fields: the short label the presenter shows in place of the value. */
  redactionLabel?: Localized;
};

const REDACTION_LABELS: Record<
  Exclude<SharingReason, `allowed_${string}` | "same_organisation">,
  Localized
> = {
  consent_required: { nl: "verborgen: toestemming nodig", en: "hidden: requires consent" },
  condition_not_met: { nl: "verborgen: voorwaarde niet vervuld", en: "hidden: condition not met" },
  denied_by_rule: { nl: "verborgen: niet toegestaan", en: "hidden: not allowed" },
  no_rule: { nl: "verborgen: niet toegestaan", en: "hidden: not allowed" },
};

/**
 * Decides field by field for one record, so the presenter can show allowed fields and visibly redact
 * the rest ("hidden: requires consent"). `fields` maps each field name to its data category; every
 * field is decided with the same source, recipient, purpose, consents and conditions.
 */
export function evaluateRecord(
  request: Omit<SharingRequest, "category" | "field"> & { fields: Readonly<Record<string, DataCategory>> },
): Record<string, FieldDecision> {
  const { fields, ...context } = request;
  const conditions = [...context.conditions];
  const out: Record<string, FieldDecision> = {};
  for (const [field, category] of Object.entries(fields)) {
    const decision = evaluateSharing({ ...context, conditions, category, field });
    out[field] = decision.allowed
      ? { field, category, visible: true, decision }
      : { field, category, visible: false, decision, redactionLabel: REDACTION_LABELS[decision.reason] };
  }
  return out;
}
