// Tests for care.vocabulary (named *.rules.test.ts to stay within the care module's test pattern).
import { describe, expect, it } from "vitest";
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import type { Label } from "../signals/signal.vocabulary";
import { EXPLOITATION_FORMS, GENDERS } from "../signals/signal.vocabulary";
import {
  ACCESSIBILITY_FEATURE_LABELS,
  ACCESSIBILITY_FEATURES,
  AGE_CATEGORIES,
  AGE_CATEGORY_LABELS,
  AGE_GROUP_LABELS,
  AGE_GROUPS,
  ageCategoryOf,
  ageGroupOf,
  CLOSURE_REASON_INFO,
  CLOSURE_REASONS,
  DECLINE_REASON_LABELS,
  DECLINE_REASONS,
  DISCHARGE_REASON_LABELS,
  DISCHARGE_REASONS,
  ESTIMATED_AGE_VALUES,
  htcdsCaseStatus,
  htcdsFieldNames,
  isMinorAge,
  METHOD_OF_CONTROL_INFO,
  METHODS_OF_CONTROL,
  NEED_INFO,
  NEEDS,
  RECRUITMENT_TYPE_INFO,
  RECRUITMENT_TYPES,
  REFLECTION_END_REASON_LABELS,
  REFLECTION_END_REASONS,
  RELATIONSHIP_TO_TRAFFICKER_INFO,
  RELATIONSHIPS_TO_TRAFFICKER,
  RESIDENCE_EVENT_TYPE_LABELS,
  RESIDENCE_EVENT_TYPES,
  SECTOR_INFO,
  SECTORS,
  SERVICE_STATUS_LABELS,
  SERVICE_STATUSES,
  SHELTER_PLACE_TYPE_LABELS,
  SHELTER_PLACE_TYPES,
  TRAFFICKING_STATUS_LABELS,
  TRAFFICKING_STATUSES,
  TRANSFER_REASON_LABELS,
  TRANSFER_REASONS,
  toHtcdsValue,
} from "./care.vocabulary";

const filled = (l: Label) => l.nl.trim().length > 0 && l.en.trim().length > 0;

describe("labels", () => {
  const cases: [string, readonly string[], Record<string, Label>][] = [
    ["trafficking status", TRAFFICKING_STATUSES, TRAFFICKING_STATUS_LABELS],
    ["age group", AGE_GROUPS, AGE_GROUP_LABELS],
    ["age category", AGE_CATEGORIES, AGE_CATEGORY_LABELS],
    ["service status", SERVICE_STATUSES, SERVICE_STATUS_LABELS],
    ["shelter place type", SHELTER_PLACE_TYPES, SHELTER_PLACE_TYPE_LABELS],
    ["accessibility", ACCESSIBILITY_FEATURES, ACCESSIBILITY_FEATURE_LABELS],
    ["residence event", RESIDENCE_EVENT_TYPES, RESIDENCE_EVENT_TYPE_LABELS],
    ["reflection end", REFLECTION_END_REASONS, REFLECTION_END_REASON_LABELS],
    ["transfer reason", TRANSFER_REASONS, TRANSFER_REASON_LABELS],
    ["decline reason", DECLINE_REASONS, DECLINE_REASON_LABELS],
    ["discharge reason", DISCHARGE_REASONS, DISCHARGE_REASON_LABELS],
  ];
  it.each(cases)("%s: every value has a Dutch and an English label, no extras", (_, values, labels) => {
    expect(Object.keys(labels).sort()).toEqual([...values].sort());
    for (const v of values) expect(filled(labels[v]!), v).toBe(true);
  });

  it.each([
    ["sector", SECTORS, SECTOR_INFO],
    ["method of control", METHODS_OF_CONTROL, METHOD_OF_CONTROL_INFO],
    ["recruitment", RECRUITMENT_TYPES, RECRUITMENT_TYPE_INFO],
    ["relationship", RELATIONSHIPS_TO_TRAFFICKER, RELATIONSHIP_TO_TRAFFICKER_INFO],
    ["need", NEEDS, NEED_INFO],
    ["closure", CLOSURE_REASONS, CLOSURE_REASON_INFO],
  ] as [string, readonly string[], Record<string, { label: Label }>][])(
    "%s: labelled info for every value",
    (_, values, info) => {
      expect(Object.keys(info).sort()).toEqual([...values].sort());
      for (const v of values) expect(filled(info[v]!.label), v).toBe(true);
    },
  );

  it("has the needs, service statuses and place types the brief names", () => {
    expect(NEEDS).toEqual([
      "safety",
      "shelter",
      "medical",
      "psychological",
      "legal_aid",
      "income",
      "identity_documents",
      "housing_after_shelter",
      "education_or_work",
      "back_pay",
      "voluntary_return",
    ]);
    expect(SERVICE_STATUSES).toEqual([
      "planned",
      "requested",
      "in_progress",
      "completed",
      "stalled",
      "cancelled",
    ]);
    expect(SHELTER_PLACE_TYPES).toContain("cosm");
    expect(SHELTER_PLACE_TYPES).toContain("move_on_housing");
    expect(SHELTER_PLACE_TYPES).toContain("temporary_large_group");
  });
});

describe("age", () => {
  it.each([
    [0, "0_8"],
    [8, "0_8"],
    [9, "9_17"],
    [17, "9_17"],
    [18, "18_20"],
    [20, "18_20"],
    [21, "21_23"],
    [23, "21_23"],
    [24, "24_26"],
    [27, "27_29"],
    [29, "27_29"],
    [30, "30_38"],
    [38, "30_38"],
    [39, "39_47"],
    [47, "39_47"],
    [48, "48_plus"],
    [95, "48_plus"],
    [null, "unknown"],
    [-1, "unknown"],
    [17.5, "unknown"],
    [200, "unknown"],
  ] as const)("ageGroupOf(%s) = %s", (age, group) => {
    expect(ageGroupOf(age)).toBe(group);
  });

  it("the bands nest in minor/adult at 18", () => {
    for (let age = 0; age <= 100; age += 1) {
      expect(ageCategoryOf(ageGroupOf(age)), String(age)).toBe(age < 18 ? "minor" : "adult");
    }
    expect(ageCategoryOf("unknown")).toBe("unknown");
  });

  it.each([
    ["minor", true],
    ["adult", false],
    ["unknown", null],
    ["0_8", true],
    ["9_17", true],
    ["18_20", false],
    ["48_plus", false],
  ] as const)("isMinorAge(%s) = %s", (value, expected) => {
    expect(isMinorAge(value)).toBe(expected);
  });

  it("estimated ages are the bands plus minor/adult", () => {
    expect(ESTIMATED_AGE_VALUES).toEqual([...AGE_GROUPS, "minor", "adult"]);
  });
});

describe("sectors", () => {
  it("each sector belongs to a form of exploitation (or is unknown)", () => {
    for (const s of SECTORS) {
      const form = SECTOR_INFO[s].form;
      if (s === "unknown") expect(form).toBeNull();
      else expect(EXPLOITATION_FORMS, s).toContain(form);
    }
  });

  it("sexual sectors map to sex-exploitation types, labour sectors to ISIC industries", () => {
    for (const s of SECTORS) {
      const h = SECTOR_INFO[s].htcds;
      if (h === null) continue;
      if (SECTOR_INFO[s].form === "sexual") expect(h.field).toBe("vic_TypeOfSexExploitation");
      if (SECTOR_INFO[s].form === "labour") {
        expect(h.field).toBe("vic_ForcedLabourIndustry");
        expect(h.value).toMatch(/^[A-U]_[A-Za-z]+$/);
      }
    }
  });
});

describe("toHtcdsValue", () => {
  it.each([
    ["traffickingStatus", "possible", "vic_TraffickingStatus", "PossibleVictimOfTrafficking"],
    ["traffickingStatus", "presumed", "vic_TraffickingStatus", "PossibleVictimOfTrafficking"],
    ["traffickingStatus", "identified", "vic_TraffickingStatus", "ActualVictimOfTrafficking"],
    ["traffickingStatus", "not_a_victim", "vic_TraffickingStatus", "NotAVictimOfTrafficking"],
    ["exploitationForm", "sexual", "vic_TypeOfExploitation", "SexualExploitation"],
    ["exploitationForm", "labour", "vic_TypeOfExploitation", "ForcedLabour"],
    ["exploitationForm", "criminal", "vic_TypeOfExploitation", "IllicitActivities"],
    ["exploitationForm", "organ_removal", "vic_TypeOfExploitation", "OrganRemoval"],
    ["sector", "sex_online_webcam", "vic_TypeOfSexExploitation", "RemoteInteractiveServices"],
    ["sector", "agriculture_horticulture", "vic_ForcedLabourIndustry", "A_AgricultureForestryAndFishing"],
    ["sector", "begging", "vic_TypeOfExploitation", "ForcedBegging"],
    ["methodOfControl", "withholds_documents", "vic_MethodsOfControl", "WithholdsDocuments"],
    ["methodOfControl", "ritual_oath", "vic_MethodsOfControl", "Threats"],
    ["recruitmentType", "loverboy_method", "vic_MethodOfRecruitment", "IntimatePartnerMarriageProposition"],
    ["relationshipToTrafficker", "family", "vic_RelationshipToTrafficker", "Familial"],
    ["relationshipToTrafficker", "stranger", "vic_RelationshipToTrafficker", "Unacquainted"],
    ["gender", "female", "prs_Gender", "Feminine"],
    ["gender", "unknown", "prs_Gender", "NonSpecifiedUnknown"],
    ["ageGroup", "18_20", "ctdc_ageBroad", "18-20"],
    ["ageGroup", "48_plus", "ctdc_ageBroad", "48+"],
    ["need", "legal_aid", "spl_Type", "Legal"],
    ["closureReason", "returned_home", "cas_ReasonForCaseClosure", "Returned to country of origin"],
    ["organisationType", "kmar", "org_Type", "LawEnforcement"],
    ["organisationType", "ngo", "org_Type", "NGO"],
  ] as const)("%s %s → %s %s", (field, value, htcdsField, htcdsValue) => {
    // biome-ignore lint/suspicious/noExplicitAny: table test over a generic signature
    expect(toHtcdsValue(field as any, value as any)).toEqual({ field: htcdsField, value: htcdsValue });
  });

  it.each([
    ["relationshipToTrafficker", "unknown"],
    ["ageGroup", "unknown"],
    ["closureReason", "merged_duplicate"],
    ["organisationType", "platform_operator"],
    ["sector", "unknown"],
    ["sector", "peddling"],
  ] as const)("%s %s has no HTCDS counterpart", (field, value) => {
    // biome-ignore lint/suspicious/noExplicitAny: table test over a generic signature
    expect(toHtcdsValue(field as any, value as any)).toBeNull();
  });

  it("maps every value of every total field without throwing", () => {
    const all: [string, readonly string[]][] = [
      ["traffickingStatus", TRAFFICKING_STATUSES],
      ["exploitationForm", EXPLOITATION_FORMS],
      ["methodOfControl", METHODS_OF_CONTROL],
      ["recruitmentType", RECRUITMENT_TYPES],
      ["gender", GENDERS],
      ["need", NEEDS],
      ["organisationType", ORGANISATION_TYPES.filter((t) => t !== "platform_operator")],
    ];
    for (const [field, values] of all) {
      for (const v of values) {
        // biome-ignore lint/suspicious/noExplicitAny: iterating fields
        const mapped = toHtcdsValue(field as any, v as any);
        expect(mapped, `${field}.${v}`).not.toBeNull();
        expect(Object.values(htcdsFieldNames)).toContain(mapped!.field);
      }
    }
  });

  it("derives the HTCDS case status", () => {
    expect(htcdsCaseStatus(null)).toBe("Active");
    expect(htcdsCaseStatus("referred_elsewhere")).toBe("ClosedReferred");
    expect(htcdsCaseStatus("goals_achieved")).toBe("Closed");
    expect(htcdsCaseStatus("merged_duplicate")).toBeNull();
  });
});
