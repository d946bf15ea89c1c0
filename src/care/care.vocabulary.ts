/**
 * @module care.vocabulary
 * The fixed vocabularies of victim care (DESIGN.md §3 step 3): trafficking status, sectors, methods of
 * control, recruitment, relationship to the trafficker, age groups, needs and services, shelter place
 * types, closure reasons and the reflection-period / residence events. Each list is a zod enum plus
 * Dutch-first labels, like `signal.vocabulary` (whose forms of exploitation, genders and organisation
 * types we reuse, never redefine).
 *
 * ## HTCDS
 * IOM's Human Trafficking Case Data Standard (HTCDS v2.0, `UNMigration/HTCDS`) is the export target.
 * Our values are Dutch-first and sometimes finer or coarser than HTCDS, so every mappable value has an
 * HTCDS value here and `toHtcdsValue(field, value)` returns `{ field, value }` with the HTCDS field name
 * (prefix included: `vic_`, `prs_`, `cas_`, `spl_`, `org_`). Sources for the value names:
 * - "HTCDS Field Reference.md" and "Field Definitions.md" (methods of control, recruitment, perpetrator
 *   roles, ISIC industries, sex-exploitation types, case status);
 * - `Toolkit/Survey/htcds_xform.xml` (TypeOfExploitation values of v2.0);
 * - the v2.0 workbook as summarised in our anchors note (TraffickingStatus, RelationshipToTrafficker,
 *   Gender, support-plan types). Support-plan value names are our CamelCase of the published labels:
 *   verify against the workbook before a real exchange.
 * Age bands follow CTDC's `ageBroad` (0–8, 9–17, 18–20, 21–23, 24–26, 27–29, 30–38, 39–47, 48+): HTCDS
 * itself only has a numeric `AgeWhenTrafficked`, and CTDC is where HTCDS data is aggregated. The bands
 * nest in minor/adult.
 */
import { z } from "zod";
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { ExploitationForm, Gender, Label } from "../signals/signal.vocabulary";

// ------------------------------------------------------------------------------------------------
// Trafficking status
// ------------------------------------------------------------------------------------------------

/**
 * How far the victim status is established. `possible`: signals only (the registry's "mogelijk
 * slachtoffer"); `presumed`: a professional assessment supports it (e.g. the reflection period was
 * granted, or the care coordinator concluded so); `identified`: established by a competent authority
 * (police/OM/court, or the IND's B8 decision); `not_a_victim`: assessed and rejected.
 */
export const TRAFFICKING_STATUSES = ["possible", "presumed", "identified", "not_a_victim"] as const;
export const TraffickingStatusSchema = z.enum(TRAFFICKING_STATUSES);
export type TraffickingStatus = z.infer<typeof TraffickingStatusSchema>;
export const TRAFFICKING_STATUS_LABELS: Record<TraffickingStatus, Label> = {
  possible: { nl: "Mogelijk slachtoffer", en: "Possible victim" },
  presumed: { nl: "Vermoedelijk slachtoffer", en: "Presumed victim" },
  identified: { nl: "Vastgesteld slachtoffer", en: "Identified victim" },
  not_a_victim: { nl: "Geen slachtoffer", en: "Not a victim" },
};
/** HTCDS has three values; "presumed" is not yet "actual" in its sense, so it maps to possible. */
const TRAFFICKING_STATUS_HTCDS: Record<TraffickingStatus, string> = {
  possible: "PossibleVictimOfTrafficking",
  presumed: "PossibleVictimOfTrafficking",
  identified: "ActualVictimOfTrafficking",
  not_a_victim: "NotAVictimOfTrafficking",
};

// ------------------------------------------------------------------------------------------------
// Sectors of exploitation
// ------------------------------------------------------------------------------------------------

/**
 * Sectors where the exploitation took place, each belonging to one form of exploitation. The sexual
 * sectors follow the NR's distinction between licensed and less visible (escort, home-based, online)
 * prostitution; the labour sectors are the ones the Dutch monitors name, each with its ISIC v4 section
 * (HTCDS `ForcedLabourIndustry`).
 */
export const SECTORS = [
  "sex_window_licensed",
  "sex_club_licensed",
  "sex_escort",
  "sex_home_based",
  "sex_massage_parlour",
  "sex_online_webcam",
  "sex_pornography",
  "sex_private_servitude",
  "sex_other",
  "agriculture_horticulture",
  "fishing",
  "food_processing",
  "manufacturing",
  "construction",
  "logistics_distribution",
  "road_transport",
  "inland_shipping",
  "hospitality",
  "cleaning",
  "retail",
  "car_wash_garage",
  "beauty_nail_salon",
  "domestic_work",
  "care_work",
  "labour_other",
  "crime_drug_production",
  "crime_drug_trade",
  "crime_theft_shoplifting",
  "crime_money_mule_fraud",
  "crime_other",
  "begging",
  "peddling",
  "services_other",
  "unknown",
] as const;
export const SectorSchema = z.enum(SECTORS);
export type Sector = z.infer<typeof SectorSchema>;

type HtcdsSector =
  | { field: "vic_TypeOfSexExploitation"; value: string }
  | { field: "vic_ForcedLabourIndustry"; value: string }
  | { field: "vic_TypeOfExploitation"; value: string };

export type SectorInfo = { form: ExploitationForm | null; label: Label; htcds: HtcdsSector | null };

const sexType = (value: string): HtcdsSector => ({ field: "vic_TypeOfSexExploitation", value });
const isic = (value: string): HtcdsSector => ({ field: "vic_ForcedLabourIndustry", value });
const exploitationType = (value: string): HtcdsSector => ({ field: "vic_TypeOfExploitation", value });

export const SECTOR_INFO: Record<Sector, SectorInfo> = {
  sex_window_licensed: {
    form: "sexual",
    label: { nl: "Raamprostitutie (vergund)", en: "Window prostitution (licensed)" },
    htcds: sexType("Prostitution"),
  },
  sex_club_licensed: {
    form: "sexual",
    label: { nl: "Club of privéhuis (vergund)", en: "Club or brothel (licensed)" },
    htcds: sexType("Prostitution"),
  },
  sex_escort: { form: "sexual", label: { nl: "Escort", en: "Escort" }, htcds: sexType("Prostitution") },
  sex_home_based: {
    form: "sexual",
    label: { nl: "Thuisprostitutie", en: "Home-based prostitution" },
    htcds: sexType("Prostitution"),
  },
  sex_massage_parlour: {
    form: "sexual",
    label: { nl: "Massagesalon", en: "Massage parlour" },
    htcds: sexType("Prostitution"),
  },
  sex_online_webcam: {
    form: "sexual",
    label: { nl: "Online / webcam", en: "Online / webcam" },
    htcds: sexType("RemoteInteractiveServices"),
  },
  sex_pornography: {
    form: "sexual",
    label: { nl: "Pornografie", en: "Pornography" },
    htcds: sexType("Pornography"),
  },
  sex_private_servitude: {
    form: "sexual",
    label: { nl: "Seksuele diensten aan één persoon", en: "Private sexual services" },
    htcds: sexType("PrivateSexualServices"),
  },
  sex_other: { form: "sexual", label: { nl: "Anders (seksueel)", en: "Other (sexual)" }, htcds: null },
  agriculture_horticulture: {
    form: "labour",
    label: { nl: "Land- en tuinbouw", en: "Agriculture and horticulture" },
    htcds: isic("A_AgricultureForestryAndFishing"),
  },
  fishing: {
    form: "labour",
    label: { nl: "Visserij", en: "Fishing" },
    htcds: isic("A_AgricultureForestryAndFishing"),
  },
  food_processing: {
    form: "labour",
    label: { nl: "Vleesverwerking en voedingsindustrie", en: "Meat and food processing" },
    htcds: isic("C_Manufacturing"),
  },
  manufacturing: {
    form: "labour",
    label: { nl: "Productie en industrie", en: "Manufacturing" },
    htcds: isic("C_Manufacturing"),
  },
  construction: { form: "labour", label: { nl: "Bouw", en: "Construction" }, htcds: isic("F_Construction") },
  logistics_distribution: {
    form: "labour",
    label: { nl: "Logistiek en distributiecentra", en: "Logistics and distribution centres" },
    htcds: isic("H_TransportationAndStorage"),
  },
  road_transport: {
    form: "labour",
    label: { nl: "Wegvervoer", en: "Road transport" },
    htcds: isic("H_TransportationAndStorage"),
  },
  inland_shipping: {
    form: "labour",
    label: { nl: "Binnenvaart", en: "Inland shipping" },
    htcds: isic("H_TransportationAndStorage"),
  },
  hospitality: {
    form: "labour",
    label: { nl: "Horeca", en: "Hospitality" },
    htcds: isic("I_AccommodationAndFoodServiceActivities"),
  },
  cleaning: {
    form: "labour",
    label: { nl: "Schoonmaak", en: "Cleaning" },
    htcds: isic("N_AdministrativeAndSupportServiceActivities"),
  },
  retail: {
    form: "labour",
    label: { nl: "Detailhandel", en: "Retail" },
    htcds: isic("G_WholesaleAndRetailTradeRepairOfMotorVehicles"),
  },
  car_wash_garage: {
    form: "labour",
    label: { nl: "Autowasstraat of garage", en: "Car wash or garage" },
    htcds: isic("G_WholesaleAndRetailTradeRepairOfMotorVehicles"),
  },
  beauty_nail_salon: {
    form: "labour",
    label: { nl: "Nagel- of schoonheidssalon", en: "Nail or beauty salon" },
    htcds: isic("S_OtherServiceActivities"),
  },
  domestic_work: {
    form: "labour",
    label: { nl: "Huishoudelijk werk (inwonend, au pair)", en: "Domestic work (live-in, au pair)" },
    htcds: isic("T_ActivitiesOfHouseholdsAsEmployers"),
  },
  care_work: {
    form: "labour",
    label: { nl: "Zorg (bijvoorbeeld 24-uurszorg)", en: "Care work (e.g. live-in care)" },
    htcds: isic("Q_HumanHealthAndSocialWorkActivities"),
  },
  labour_other: { form: "labour", label: { nl: "Anders (arbeid)", en: "Other (labour)" }, htcds: null },
  crime_drug_production: {
    form: "criminal",
    label: { nl: "Drugsproductie (zoals hennepteelt)", en: "Drug production (such as cannabis cultivation)" },
    htcds: exploitationType("IllicitActivities"),
  },
  crime_drug_trade: {
    form: "criminal",
    label: { nl: "Drugshandel en -koerier", en: "Drug dealing and running" },
    htcds: exploitationType("IllicitActivities"),
  },
  crime_theft_shoplifting: {
    form: "criminal",
    label: { nl: "Winkeldiefstal, zakkenrollen, inbraak", en: "Shoplifting, pickpocketing, burglary" },
    htcds: exploitationType("IllicitActivities"),
  },
  crime_money_mule_fraud: {
    form: "criminal",
    label: { nl: "Geldezel, katvanger of fraude", en: "Money mule, front person or fraud" },
    htcds: exploitationType("IllicitActivities"),
  },
  crime_other: {
    form: "criminal",
    label: { nl: "Anders (crimineel)", en: "Other (criminal)" },
    htcds: exploitationType("IllicitActivities"),
  },
  begging: {
    form: "forced_services",
    label: { nl: "Bedelarij", en: "Begging" },
    htcds: exploitationType("ForcedBegging"),
  },
  peddling: { form: "forced_services", label: { nl: "Venten", en: "Peddling" }, htcds: null },
  services_other: {
    form: "forced_services",
    label: { nl: "Andere gedwongen diensten", en: "Other forced services" },
    htcds: null,
  },
  unknown: { form: null, label: { nl: "Onbekend", en: "Unknown" }, htcds: null },
};

/** HTCDS `TypeOfExploitation` for each art. 273f form. Forced services are labour in the ILO sense. */
const EXPLOITATION_FORM_HTCDS: Record<ExploitationForm, string> = {
  sexual: "SexualExploitation",
  labour: "ForcedLabour",
  criminal: "IllicitActivities",
  forced_services: "ForcedLabour",
  organ_removal: "OrganRemoval",
};

// ------------------------------------------------------------------------------------------------
// Methods of control, recruitment, relationship to the trafficker
// ------------------------------------------------------------------------------------------------

/** HTCDS `MethodsOfControl`, one-for-one, plus `ritual_oath` (juju/voodoo, OM indicator 4.3). */
export const METHODS_OF_CONTROL = [
  "debt_bondage",
  "takes_earnings",
  "restricts_financial_access",
  "threats",
  "psychological_abuse",
  "physical_abuse",
  "sexual_abuse",
  "false_promises",
  "psychoactive_substances",
  "restricts_movement",
  "restricts_medical_care",
  "excessive_working_hours",
  "uses_children",
  "threat_of_law_enforcement",
  "withholds_necessities",
  "withholds_documents",
  "ritual_oath",
  "other",
] as const;
export const MethodOfControlSchema = z.enum(METHODS_OF_CONTROL);
export type MethodOfControl = z.infer<typeof MethodOfControlSchema>;
export const METHOD_OF_CONTROL_INFO: Record<MethodOfControl, { label: Label; htcds: string }> = {
  debt_bondage: { label: { nl: "Schuldslavernij", en: "Debt bondage" }, htcds: "DebtBondage" },
  takes_earnings: { label: { nl: "Afpakken van verdiensten", en: "Takes earnings" }, htcds: "TakesEarnings" },
  restricts_financial_access: {
    label: { nl: "Beperkt toegang tot eigen geld", en: "Restricts financial access" },
    htcds: "RestrictsFinancialAccess",
  },
  threats: { label: { nl: "Bedreiging", en: "Threats" }, htcds: "Threats" },
  psychological_abuse: {
    label: { nl: "Psychisch geweld of manipulatie", en: "Psychological abuse" },
    htcds: "PsychologicalAbuse",
  },
  physical_abuse: { label: { nl: "Lichamelijk geweld", en: "Physical abuse" }, htcds: "PhysicalAbuse" },
  sexual_abuse: {
    label: { nl: "Seksueel geweld als middel", en: "Sexual abuse as control" },
    htcds: "SexualAbuse",
  },
  false_promises: {
    label: { nl: "Valse beloften, misleiding", en: "False promises" },
    htcds: "FalsePromises",
  },
  psychoactive_substances: {
    label: { nl: "Drugs of alcohol als middel", en: "Psychoactive substances" },
    htcds: "PsychoactiveSubstances",
  },
  restricts_movement: {
    label: { nl: "Beperkt bewegingsvrijheid, isolatie", en: "Restricts movement, isolation" },
    htcds: "RestrictsMovement",
  },
  restricts_medical_care: {
    label: { nl: "Onthoudt medische zorg", en: "Restricts medical care" },
    htcds: "RestrictsMedicalCare",
  },
  excessive_working_hours: {
    label: { nl: "Buitensporige werktijden", en: "Excessive working hours" },
    htcds: "ExcessiveWorkingHours",
  },
  uses_children: {
    label: { nl: "Gebruikt (toegang tot) kinderen als drukmiddel", en: "Uses children" },
    htcds: "UsesChildren",
  },
  threat_of_law_enforcement: {
    label: { nl: "Dreigen met politie of uitzetting", en: "Threat of law enforcement" },
    htcds: "ThreatOfLawEnforcement",
  },
  withholds_necessities: {
    label: { nl: "Onthoudt eerste levensbehoeften", en: "Withholds necessities" },
    htcds: "WithholdsNecessities",
  },
  withholds_documents: {
    label: { nl: "Houdt identiteitspapieren in", en: "Withholds documents" },
    htcds: "WithholdsDocuments",
  },
  // HTCDS has no ritual value; the threat of a spiritual sanction is a threat in its definitions.
  ritual_oath: {
    label: { nl: "Ritueel of eed (juju, voodoo)", en: "Ritual or oath (juju, voodoo)" },
    htcds: "Threats",
  },
  other: { label: { nl: "Anders", en: "Other" }, htcds: "Other" },
};

/**
 * How the person was recruited: HTCDS `MethodOfRecruitment` plus the Dutch-relevant `loverboy_method`
 * (a feigned relationship, the Aanwijzing's "pooierboy") and `employment_agency`.
 */
export const RECRUITMENT_TYPES = [
  "abduction",
  "educational_facility",
  "familial",
  "internet",
  "international_marriage_broker",
  "intimate_partner",
  "loverboy_method",
  "job_offer",
  "employment_agency",
  "posing_as_benefactor",
  "public_area",
  "offer_of_accommodation",
  "shelter_or_reception_centre",
  "smuggling",
  "work",
  "other",
  "unknown",
] as const;
export const RecruitmentTypeSchema = z.enum(RECRUITMENT_TYPES);
export type RecruitmentType = z.infer<typeof RecruitmentTypeSchema>;
export const RECRUITMENT_TYPE_INFO: Record<RecruitmentType, { label: Label; htcds: string }> = {
  abduction: { label: { nl: "Ontvoering", en: "Abduction" }, htcds: "Abduction" },
  educational_facility: {
    label: { nl: "Via school of opleiding", en: "Educational facility" },
    htcds: "EducationalFacility",
  },
  familial: { label: { nl: "Via familie", en: "Through family" }, htcds: "Familial" },
  internet: {
    label: { nl: "Internet (sociale media, online advertentie)", en: "Internet (social media, online ad)" },
    htcds: "InternetSocialMediaOnlineAdvertisement",
  },
  international_marriage_broker: {
    label: { nl: "Internationaal huwelijksbureau", en: "International marriage broker" },
    htcds: "InternationalMarriageBroker",
  },
  intimate_partner: {
    label: { nl: "Partner of huwelijksaanzoek", en: "Intimate partner or marriage proposal" },
    htcds: "IntimatePartnerMarriageProposition",
  },
  loverboy_method: {
    label: { nl: "Loverboymethode (geveinsde relatie)", en: "Loverboy method (feigned relationship)" },
    htcds: "IntimatePartnerMarriageProposition",
  },
  job_offer: {
    label: { nl: "Vacature of werkaanbod", en: "Job offer or advertisement" },
    htcds: "JobOfferAdvertisement",
  },
  employment_agency: {
    label: { nl: "Uitzend- of bemiddelingsbureau", en: "Employment or temp agency" },
    htcds: "JobOfferAdvertisement",
  },
  posing_as_benefactor: {
    label: { nl: "Zich voordoen als weldoener", en: "Posing as benefactor" },
    htcds: "PosingAsBenefactor",
  },
  public_area: { label: { nl: "Openbare ruimte", en: "Public area" }, htcds: "PublicArea" },
  offer_of_accommodation: {
    label: { nl: "Aanbod van onderdak", en: "Offer of accommodation" },
    htcds: "OfferOfAccommodation",
  },
  shelter_or_reception_centre: {
    label: { nl: "In opvang of azc", en: "In a shelter or asylum reception centre" },
    htcds: "Shelter",
  },
  smuggling: {
    label: { nl: "Mensensmokkel of losgeld", en: "Smuggling or ransom" },
    htcds: "SmugglingRansom",
  },
  work: { label: { nl: "Via werk", en: "Through work" }, htcds: "Work" },
  other: { label: { nl: "Anders", en: "Other" }, htcds: "Other" },
  unknown: { label: { nl: "Onbekend", en: "Unknown" }, htcds: "Unknown" },
};

/** Relationship to the (main) trafficker; HTCDS has three values, CTDC distinguishes partners. */
export const RELATIONSHIPS_TO_TRAFFICKER = [
  "family",
  "intimate_partner",
  "friend_or_acquaintance",
  "employer",
  "stranger",
  "unknown",
] as const;
export const RelationshipToTraffickerSchema = z.enum(RELATIONSHIPS_TO_TRAFFICKER);
export type RelationshipToTrafficker = z.infer<typeof RelationshipToTraffickerSchema>;
export const RELATIONSHIP_TO_TRAFFICKER_INFO: Record<
  RelationshipToTrafficker,
  { label: Label; htcds: string | null }
> = {
  family: { label: { nl: "Familie", en: "Family" }, htcds: "Familial" },
  intimate_partner: { label: { nl: "(Ex-)partner", en: "(Former) partner" }, htcds: "Acquainted" },
  friend_or_acquaintance: {
    label: { nl: "Vriend of kennis", en: "Friend or acquaintance" },
    htcds: "Acquainted",
  },
  employer: { label: { nl: "Werkgever", en: "Employer" }, htcds: "Acquainted" },
  stranger: { label: { nl: "Onbekende", en: "Stranger" }, htcds: "Unacquainted" },
  unknown: { label: { nl: "Onbekend", en: "Unknown" }, htcds: null },
};

// ------------------------------------------------------------------------------------------------
// Age
// ------------------------------------------------------------------------------------------------

/** CTDC `ageBroad` bands (see the module header) and `unknown`. */
export const AGE_GROUPS = [
  "0_8",
  "9_17",
  "18_20",
  "21_23",
  "24_26",
  "27_29",
  "30_38",
  "39_47",
  "48_plus",
  "unknown",
] as const;
export const AgeGroupSchema = z.enum(AGE_GROUPS);
export type AgeGroup = z.infer<typeof AgeGroupSchema>;
export const AGE_GROUP_LABELS: Record<AgeGroup, Label> = {
  "0_8": { nl: "0–8 jaar", en: "0–8 years" },
  "9_17": { nl: "9–17 jaar", en: "9–17 years" },
  "18_20": { nl: "18–20 jaar", en: "18–20 years" },
  "21_23": { nl: "21–23 jaar", en: "21–23 years" },
  "24_26": { nl: "24–26 jaar", en: "24–26 years" },
  "27_29": { nl: "27–29 jaar", en: "27–29 years" },
  "30_38": { nl: "30–38 jaar", en: "30–38 years" },
  "39_47": { nl: "39–47 jaar", en: "39–47 years" },
  "48_plus": { nl: "48 jaar en ouder", en: "48 years and over" },
  unknown: { nl: "Onbekend", en: "Unknown" },
};
/** Lower bound of each band (inclusive), in band order. */
const AGE_GROUP_LOWER: readonly [AgeGroup, number][] = [
  ["48_plus", 48],
  ["39_47", 39],
  ["30_38", 30],
  ["27_29", 27],
  ["24_26", 24],
  ["21_23", 21],
  ["18_20", 18],
  ["9_17", 9],
  ["0_8", 0],
];

export const AGE_CATEGORIES = ["minor", "adult", "unknown"] as const;
export const AgeCategorySchema = z.enum(AGE_CATEGORIES);
export type AgeCategory = z.infer<typeof AgeCategorySchema>;
export const AGE_CATEGORY_LABELS: Record<AgeCategory, Label> = {
  minor: { nl: "Minderjarig", en: "Minor" },
  adult: { nl: "Meerderjarig", en: "Adult" },
  unknown: { nl: "Onbekend", en: "Unknown" },
};

/** The band for an age in whole years; `null`/negative/non-integer ages give `unknown`. */
export function ageGroupOf(age: number | null | undefined): AgeGroup {
  if (age === null || age === undefined || !Number.isInteger(age) || age < 0 || age > 130) return "unknown";
  for (const [group, lower] of AGE_GROUP_LOWER) if (age >= lower) return group;
  return "unknown";
}

/** Minor or adult for a band: the bands are cut at 18, so this is exact. */
export function ageCategoryOf(group: AgeGroup): AgeCategory {
  if (group === "unknown") return "unknown";
  return group === "0_8" || group === "9_17" ? "minor" : "adult";
}

/**
 * An estimated age as a field worker can give it: a band, or only minor/adult when a band would be a
 * guess (large-group intake).
 */
export const ESTIMATED_AGE_VALUES = [...AGE_GROUPS, "minor", "adult"] as const;
export const EstimatedAgeSchema = z.enum(ESTIMATED_AGE_VALUES);
export type EstimatedAge = z.infer<typeof EstimatedAgeSchema>;

/** Whether an estimated age is a minor: true, false, or null when unknown. */
export function isMinorAge(value: EstimatedAge): boolean | null {
  if (value === "minor") return true;
  if (value === "adult") return false;
  const category = ageCategoryOf(value);
  return category === "unknown" ? null : category === "minor";
}

// ------------------------------------------------------------------------------------------------
// Needs and services
// ------------------------------------------------------------------------------------------------

/** Needs of a victim: what a care plan is built from. */
export const NEEDS = [
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
] as const;
export const NeedSchema = z.enum(NEEDS);
export type Need = z.infer<typeof NeedSchema>;
/** `htcds`: support-plan type (`spl_Type`) the need falls under. */
export const NEED_INFO: Record<Need, { label: Label; htcds: string }> = {
  safety: { label: { nl: "Veiligheid", en: "Safety" }, htcds: "SocialCare" },
  shelter: { label: { nl: "Opvang", en: "Shelter" }, htcds: "SocialCare" },
  medical: { label: { nl: "Medische zorg", en: "Medical care" }, htcds: "Health" },
  psychological: { label: { nl: "Psychische zorg", en: "Psychological care" }, htcds: "Health" },
  legal_aid: { label: { nl: "Juridische hulp", en: "Legal aid" }, htcds: "Legal" },
  income: { label: { nl: "Inkomen en uitkering", en: "Income and benefits" }, htcds: "Financial" },
  identity_documents: { label: { nl: "Identiteitspapieren", en: "Identity documents" }, htcds: "Legal" },
  housing_after_shelter: {
    label: { nl: "Woonruimte na de opvang", en: "Housing after shelter" },
    htcds: "SocialCare",
  },
  education_or_work: { label: { nl: "Opleiding of werk", en: "Education or work" }, htcds: "Livelihood" },
  back_pay: { label: { nl: "Achterstallig loon", en: "Back pay" }, htcds: "Legal" },
  voluntary_return: { label: { nl: "Vrijwillige terugkeer", en: "Voluntary return" }, htcds: "SocialCare" },
};

/** Status of one service in a care plan. Allowed changes are in `care-plan.rules`. */
export const SERVICE_STATUSES = [
  "planned",
  "requested",
  "in_progress",
  "completed",
  "stalled",
  "cancelled",
] as const;
export const ServiceStatusSchema = z.enum(SERVICE_STATUSES);
export type ServiceStatus = z.infer<typeof ServiceStatusSchema>;
export const SERVICE_STATUS_LABELS: Record<ServiceStatus, Label> = {
  planned: { nl: "Gepland", en: "Planned" },
  requested: { nl: "Aangevraagd", en: "Requested" },
  in_progress: { nl: "Loopt", en: "In progress" },
  completed: { nl: "Afgerond", en: "Completed" },
  stalled: { nl: "Stokt", en: "Stalled" },
  cancelled: { nl: "Geannuleerd", en: "Cancelled" },
};

// ------------------------------------------------------------------------------------------------
// Shelter
// ------------------------------------------------------------------------------------------------

/**
 * Kinds of shelter places. `cosm`: Categorale Opvang Slachtoffers Mensenhandel (categorical shelter);
 * `specialist_multi_problem`: the specialist places for victims with multiple problems that
 * municipalities added from 2019 (programme, action line 1); `move_on_housing`: doorstroomwoning;
 * `temporary_large_group`: the temporary shelter CoMensha arranges when a large group is found at once.
 */
export const SHELTER_PLACE_TYPES = [
  "cosm",
  "specialist_multi_problem",
  "womens_shelter",
  "youth_care",
  "closed_youth_care",
  "move_on_housing",
  "temporary_large_group",
] as const;
export const ShelterPlaceTypeSchema = z.enum(SHELTER_PLACE_TYPES);
export type ShelterPlaceType = z.infer<typeof ShelterPlaceTypeSchema>;
export const SHELTER_PLACE_TYPE_LABELS: Record<ShelterPlaceType, Label> = {
  cosm: { nl: "Categorale opvang (COSM)", en: "Categorical shelter (COSM)" },
  specialist_multi_problem: {
    nl: "Specialistische opvang bij multiproblematiek",
    en: "Specialist shelter for multiple problems",
  },
  womens_shelter: { nl: "Vrouwenopvang", en: "Women's shelter" },
  youth_care: { nl: "Jeugdhulp (open)", en: "Youth care (open)" },
  closed_youth_care: { nl: "Gesloten jeugdhulp", en: "Closed youth care" },
  move_on_housing: { nl: "Doorstroomwoning", en: "Move-on housing" },
  temporary_large_group: { nl: "Tijdelijke opvang grote groep", en: "Temporary large-group shelter" },
};

export const ACCESSIBILITY_FEATURES = [
  "wheelchair_accessible",
  "step_free",
  "adapted_bathroom",
  "hearing_support",
  "visual_support",
] as const;
export const AccessibilityFeatureSchema = z.enum(ACCESSIBILITY_FEATURES);
export type AccessibilityFeature = z.infer<typeof AccessibilityFeatureSchema>;
export const ACCESSIBILITY_FEATURE_LABELS: Record<AccessibilityFeature, Label> = {
  wheelchair_accessible: { nl: "Rolstoeltoegankelijk", en: "Wheelchair accessible" },
  step_free: { nl: "Drempelvrij of met lift", en: "Step-free or with lift" },
  adapted_bathroom: { nl: "Aangepast sanitair", en: "Adapted bathroom" },
  hearing_support: {
    nl: "Voorzieningen voor doven en slechthorenden",
    en: "Support for deaf and hard of hearing",
  },
  visual_support: {
    nl: "Voorzieningen voor blinden en slechtzienden",
    en: "Support for blind and partially sighted",
  },
};

// ------------------------------------------------------------------------------------------------
// Closure
// ------------------------------------------------------------------------------------------------

/**
 * Why a case was closed. HTCDS keeps the reason as free text with case status Closed or ClosedReferred;
 * `htcdsStatus` says which. `merged_duplicate` is never exported (the surviving case is).
 */
export const CLOSURE_REASONS = [
  "goals_achieved",
  "referred_elsewhere",
  "returned_home",
  "moved_abroad",
  "no_longer_reachable",
  "declined_support",
  "not_a_victim",
  "deceased",
  "merged_duplicate",
  "other",
] as const;
export const ClosureReasonSchema = z.enum(CLOSURE_REASONS);
export type ClosureReason = z.infer<typeof ClosureReasonSchema>;
export const CLOSURE_REASON_INFO: Record<
  ClosureReason,
  { label: Label; htcdsStatus: "Closed" | "ClosedReferred" | null; noteRequired: boolean }
> = {
  goals_achieved: {
    label: { nl: "Doelen bereikt, hulp afgerond", en: "Goals achieved, support completed" },
    htcdsStatus: "Closed",
    noteRequired: false,
  },
  referred_elsewhere: {
    label: {
      nl: "Overgedragen aan reguliere hulp buiten Samen",
      en: "Referred to regular care outside Samen",
    },
    htcdsStatus: "ClosedReferred",
    noteRequired: false,
  },
  returned_home: {
    label: { nl: "Teruggekeerd naar land van herkomst", en: "Returned to country of origin" },
    htcdsStatus: "Closed",
    noteRequired: false,
  },
  moved_abroad: {
    label: { nl: "Naar een ander land vertrokken", en: "Moved abroad" },
    htcdsStatus: "Closed",
    noteRequired: false,
  },
  no_longer_reachable: {
    label: { nl: "Niet meer bereikbaar", en: "No longer reachable" },
    htcdsStatus: "Closed",
    noteRequired: false,
  },
  declined_support: {
    label: { nl: "Wil geen verdere hulp", en: "Declined further support" },
    htcdsStatus: "Closed",
    noteRequired: false,
  },
  not_a_victim: {
    label: { nl: "Geen slachtoffer gebleken", en: "Found not to be a victim" },
    htcdsStatus: "Closed",
    noteRequired: true,
  },
  deceased: { label: { nl: "Overleden", en: "Deceased" }, htcdsStatus: "Closed", noteRequired: false },
  merged_duplicate: {
    label: { nl: "Dubbel dossier, samengevoegd", en: "Duplicate case, merged" },
    htcdsStatus: null,
    noteRequired: false,
  },
  other: { label: { nl: "Anders", en: "Other" }, htcdsStatus: "Closed", noteRequired: true },
};

// ------------------------------------------------------------------------------------------------
// Reflection period and residence (B8/3 Vc 2000)
// ------------------------------------------------------------------------------------------------

/** Dated events on a case's residence timeline (DOMAIN-FACTS §4.2). Order rules in `reflection.rules`. */
export const RESIDENCE_EVENT_TYPES = [
  "informed_about_reflection_period",
  "reflection_period_started",
  "reflection_period_ended",
  "criminal_complaint_filed",
  "other_cooperation",
  "residence_permit_applied",
  "residence_permit_granted",
  "residence_permit_refused",
  "residence_permit_extended",
] as const;
export const ResidenceEventTypeSchema = z.enum(RESIDENCE_EVENT_TYPES);
export type ResidenceEventType = z.infer<typeof ResidenceEventTypeSchema>;
export const RESIDENCE_EVENT_TYPE_LABELS: Record<ResidenceEventType, Label> = {
  informed_about_reflection_period: {
    nl: "Geïnformeerd over bedenktijd",
    en: "Informed about reflection period",
  },
  reflection_period_started: { nl: "Bedenktijd gestart", en: "Reflection period started" },
  reflection_period_ended: { nl: "Bedenktijd beëindigd", en: "Reflection period ended" },
  criminal_complaint_filed: { nl: "Aangifte gedaan", en: "Criminal complaint filed" },
  other_cooperation: {
    nl: "Anderszins meegewerkt aan strafrechtelijk onderzoek",
    en: "Other cooperation with investigation",
  },
  residence_permit_applied: { nl: "Verblijfsvergunning aangevraagd", en: "Residence permit applied for" },
  residence_permit_granted: { nl: "Verblijfsvergunning verleend", en: "Residence permit granted" },
  residence_permit_refused: { nl: "Verblijfsvergunning geweigerd", en: "Residence permit refused" },
  residence_permit_extended: { nl: "Verblijfsvergunning verlengd", en: "Residence permit extended" },
};

/** Why a reflection period ended. */
export const REFLECTION_END_REASONS = [
  "decided_to_cooperate",
  "decided_not_to_cooperate",
  "left_unknown_destination",
  "expired",
  "other",
] as const;
export const ReflectionEndReasonSchema = z.enum(REFLECTION_END_REASONS);
export type ReflectionEndReason = z.infer<typeof ReflectionEndReasonSchema>;
export const REFLECTION_END_REASON_LABELS: Record<ReflectionEndReason, Label> = {
  decided_to_cooperate: {
    nl: "Besloten aangifte te doen of mee te werken",
    en: "Decided to report or cooperate",
  },
  decided_not_to_cooperate: { nl: "Besloten niet mee te werken", en: "Decided not to cooperate" },
  left_unknown_destination: {
    nl: "Met onbekende bestemming vertrokken",
    en: "Left for an unknown destination",
  },
  expired: { nl: "Termijn verstreken", en: "Period expired" },
  other: { nl: "Anders", en: "Other" },
};

// ------------------------------------------------------------------------------------------------
// Transfers and placements: reasons
// ------------------------------------------------------------------------------------------------

export const TRANSFER_REASONS = [
  "victim_moved",
  "placed_in_other_region",
  "safety_relocation",
  "specialisation",
  "other",
] as const;
export const TransferReasonSchema = z.enum(TRANSFER_REASONS);
export type TransferReason = z.infer<typeof TransferReasonSchema>;
export const TRANSFER_REASON_LABELS: Record<TransferReason, Label> = {
  victim_moved: { nl: "Slachtoffer is verhuisd", en: "Victim moved" },
  placed_in_other_region: {
    nl: "Geplaatst in opvang in andere regio",
    en: "Placed in a shelter in another region",
  },
  safety_relocation: { nl: "Verhuizing om veiligheidsredenen", en: "Relocation for safety" },
  specialisation: {
    nl: "Andere regio heeft passende specialisatie",
    en: "Other region has the right specialisation",
  },
  other: { nl: "Anders", en: "Other" },
};

/** Why a transfer or placement request was declined. The reason is required; `other` also needs a note. */
export const DECLINE_REASONS = [
  "no_capacity",
  "criteria_not_met",
  "not_our_region",
  "safety_concern",
  "insufficient_information",
  "other",
] as const;
export const DeclineReasonSchema = z.enum(DECLINE_REASONS);
export type DeclineReason = z.infer<typeof DeclineReasonSchema>;
export const DECLINE_REASON_LABELS: Record<DeclineReason, Label> = {
  no_capacity: { nl: "Geen plek of capaciteit", en: "No place or capacity" },
  criteria_not_met: { nl: "Valt buiten de doelgroep", en: "Outside the target group" },
  not_our_region: { nl: "Niet onze regio", en: "Not our region" },
  safety_concern: { nl: "Veiligheidsrisico", en: "Safety concern" },
  insufficient_information: { nl: "Onvoldoende informatie", en: "Insufficient information" },
  other: { nl: "Anders", en: "Other" },
};

export const DISCHARGE_REASONS = [
  "moved_on",
  "returned_home",
  "transferred_to_other_shelter",
  "left_without_notice",
  "house_rules",
  "other",
] as const;
export const DischargeReasonSchema = z.enum(DISCHARGE_REASONS);
export type DischargeReason = z.infer<typeof DischargeReasonSchema>;
export const DISCHARGE_REASON_LABELS: Record<DischargeReason, Label> = {
  moved_on: { nl: "Doorgestroomd naar eigen woonruimte", en: "Moved on to own housing" },
  returned_home: { nl: "Teruggekeerd naar land van herkomst", en: "Returned to country of origin" },
  transferred_to_other_shelter: {
    nl: "Overgeplaatst naar andere opvang",
    en: "Transferred to another shelter",
  },
  left_without_notice: { nl: "Zonder bericht vertrokken", en: "Left without notice" },
  house_rules: { nl: "Vertrokken na overtreden huisregels", en: "Left after breaking house rules" },
  other: { nl: "Anders", en: "Other" },
};

// ------------------------------------------------------------------------------------------------
// HTCDS mapping
// ------------------------------------------------------------------------------------------------

/** Our field name → HTCDS field name (with its table prefix). Age group has no HTCDS field: CTDC's. */
export const htcdsFieldNames = {
  traffickingStatus: "vic_TraffickingStatus",
  exploitationForm: "vic_TypeOfExploitation",
  sexualSector: "vic_TypeOfSexExploitation",
  labourSector: "vic_ForcedLabourIndustry",
  methodOfControl: "vic_MethodsOfControl",
  recruitmentType: "vic_MethodOfRecruitment",
  relationshipToTrafficker: "vic_RelationshipToTrafficker",
  gender: "prs_Gender",
  nationality: "prs_Nationality",
  ageGroup: "ctdc_ageBroad",
  need: "spl_Type",
  caseStatus: "cas_Status",
  closureReason: "cas_ReasonForCaseClosure",
  organisationType: "org_Type",
} as const;

const GENDER_HTCDS: Record<Gender, string> = {
  female: "Feminine",
  male: "Masculine",
  other: "NonConforming",
  unknown: "NonSpecifiedUnknown",
};

const ORGANISATION_TYPE_HTCDS: Record<OrganisationType, string | null> = {
  police: "LawEnforcement",
  kmar: "LawEnforcement",
  labour_inspectorate: "LawEnforcement",
  public_prosecutor: "LawEnforcement",
  municipality: "LocalGovernmentOrganisation",
  care_provider: "HealthServiceOrganisation",
  shelter: "NGO",
  comensha: "NGO",
  riec: "LocalGovernmentOrganisation",
  ngo: "NGO",
  ind: "ImmigrationService",
  veilig_thuis: "LocalGovernmentOrganisation",
  youth_care: "HealthServiceOrganisation",
  rapporteur: "CentralGovernmentOrganisation",
  platform_operator: null,
};

/** The value types `toHtcdsValue` accepts, per field. */
export type HtcdsMappable = {
  traffickingStatus: TraffickingStatus;
  exploitationForm: ExploitationForm;
  sector: Sector;
  methodOfControl: MethodOfControl;
  recruitmentType: RecruitmentType;
  relationshipToTrafficker: RelationshipToTrafficker;
  gender: Gender;
  ageGroup: AgeGroup;
  need: Need;
  closureReason: ClosureReason;
  organisationType: OrganisationType;
};

export type HtcdsValue = { field: string; value: string };

/**
 * The HTCDS field and value for one of our values, or `null` when HTCDS has no counterpart (unknowns,
 * Dutch-only sectors, the merged-duplicate closure). A sector maps to the field of its form: sex type,
 * ISIC industry, or a type of exploitation (illicit activities, begging).
 */
export function toHtcdsValue<F extends keyof HtcdsMappable>(
  field: F,
  value: HtcdsMappable[F],
): HtcdsValue | null {
  const f = field as keyof HtcdsMappable;
  switch (f) {
    case "traffickingStatus":
      return {
        field: htcdsFieldNames.traffickingStatus,
        value: TRAFFICKING_STATUS_HTCDS[value as TraffickingStatus],
      };
    case "exploitationForm":
      return {
        field: htcdsFieldNames.exploitationForm,
        value: EXPLOITATION_FORM_HTCDS[value as ExploitationForm],
      };
    case "sector":
      return SECTOR_INFO[value as Sector].htcds;
    case "methodOfControl":
      return {
        field: htcdsFieldNames.methodOfControl,
        value: METHOD_OF_CONTROL_INFO[value as MethodOfControl].htcds,
      };
    case "recruitmentType":
      return {
        field: htcdsFieldNames.recruitmentType,
        value: RECRUITMENT_TYPE_INFO[value as RecruitmentType].htcds,
      };
    case "relationshipToTrafficker": {
      const v = RELATIONSHIP_TO_TRAFFICKER_INFO[value as RelationshipToTrafficker].htcds;
      return v === null ? null : { field: htcdsFieldNames.relationshipToTrafficker, value: v };
    }
    case "gender":
      return { field: htcdsFieldNames.gender, value: GENDER_HTCDS[value as Gender] };
    case "ageGroup":
      return value === "unknown"
        ? null
        : {
            field: htcdsFieldNames.ageGroup,
            value: (value as string).replace("_plus", "+").replace("_", "-"),
          };
    case "need":
      return { field: htcdsFieldNames.need, value: NEED_INFO[value as Need].htcds };
    case "closureReason": {
      const info = CLOSURE_REASON_INFO[value as ClosureReason];
      return info.htcdsStatus === null
        ? null
        : { field: htcdsFieldNames.closureReason, value: info.label.en };
    }
    case "organisationType": {
      const v = ORGANISATION_TYPE_HTCDS[value as OrganisationType];
      return v === null ? null : { field: htcdsFieldNames.organisationType, value: v };
    }
  }
  return null;
}

/** HTCDS case status for a case: Active while open, else by closure reason (null: not exported). */
export function htcdsCaseStatus(
  closureReason: ClosureReason | null,
): "Active" | "Closed" | "ClosedReferred" | null {
  if (closureReason === null) return "Active";
  return CLOSURE_REASON_INFO[closureReason].htcdsStatus;
}
