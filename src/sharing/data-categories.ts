/**
 * @module data-categories
 * The categories of data that the sharing rules speak about. Every field that Samen stores about a
 * person is mapped by its owning module to exactly one category; the sharing rules then decide per
 * category (and optionally per field) who may receive it, for which purpose.
 *
 * Two properties follow from the law and drive storage:
 * - `specialCategory` (AVG/GDPR art. 9) and `criminalData` (AVG art. 10, UAVG §3.2): processing and
 *   sharing are forbidden unless a specific exception applies, so these never travel on a general
 *   ground such as "public task" alone.
 * - `directIdentifier` and `encryptedAtRest`: what the storage layer must encrypt field by field
 *   (DESIGN.md §4 "Identifying fields are encrypted at rest"). A direct identifier points at one
 *   person without any other data; we also encrypt the art. 9/10 content, whose leak would do the
 *   most harm and which nobody needs to search on. Categories that drive queries (deadlines,
 *   routing, statistics) stay unencrypted at field level and are protected by access rules and
 *   disk encryption.
 *
 * Mapping advice for module owners: map a field to the strictest category it may contain. Free text
 * (signal narratives, case notes) may contain health or sex-life details; see README "Open questions".
 */
import { z } from "zod";
import type { Localized } from "./localized";

export const DATA_CATEGORIES = [
  "identity",
  "contact",
  "location",
  "health",
  "sexual_life",
  "criminal",
  "residence_status",
  "case_facts",
  "care_plan",
  "non_personal",
] as const;
export const DataCategorySchema = z.enum(DATA_CATEGORIES);
export type DataCategory = z.infer<typeof DataCategorySchema>;

/** Every category except `non_personal`: the ones the GDPR applies to. */
export const PERSONAL_DATA_CATEGORIES: readonly DataCategory[] = DATA_CATEGORIES.filter(
  (c) => c !== "non_personal",
);

export type DataCategoryInfo = {
  id: DataCategory;
  label: Localized;
  /** Plain-language description for professionals and the privacy officer. */
  description: Localized;
  /** False only for non_personal: anonymous data fall outside the GDPR (recital 26). */
  personalData: boolean;
  /** A special category of personal data, AVG art. 9. */
  specialCategory: boolean;
  /** Personal data relating to criminal convictions and offences, AVG art. 10. */
  criminalData: boolean;
  /** Identifies a person on its own, without combination with other data. */
  directIdentifier: boolean;
  /** The storage layer encrypts fields of this category at rest, field by field. */
  encryptedAtRest: boolean;
  /** Why we chose these storage properties (English; shown in the README). */
  rationale: string;
};

export const DATA_CATEGORY_INFO: Record<DataCategory, DataCategoryInfo> = {
  identity: {
    id: "identity",
    label: { nl: "Identiteit", en: "Identity" },
    description: {
      nl: "Wie iemand is: naam, geboortedatum, geslacht, nationaliteit, foto en identificerende nummers zoals BSN, V-nummer en paspoortnummer.",
      en: "Who someone is: name, date of birth, sex, nationality, photograph and identifying numbers such as the citizen service number (BSN), alien number (V-nummer) and passport number.",
    },
    personalData: true,
    specialCategory: false,
    criminalData: false,
    directIdentifier: true,
    encryptedAtRest: true,
    rationale:
      "Names and identifying numbers single out a person on their own. A photograph is not an art. 9 biometric unless it is processed to identify someone uniquely, which Samen does not do.",
  },
  contact: {
    id: "contact",
    label: { nl: "Contactgegevens", en: "Contact details" },
    description: {
      nl: "Hoe iemand te bereiken is: telefoonnummer, e-mailadres, contactpersonen en de voorkeurstaal voor contact.",
      en: "How to reach someone: phone number, e-mail address, contact persons and preferred language for contact.",
    },
    personalData: true,
    specialCategory: false,
    criminalData: false,
    directIdentifier: true,
    encryptedAtRest: true,
    rationale:
      "A phone number or e-mail address reaches one person directly; in the hands of an exploiter it is a way to find the victim.",
  },
  location: {
    id: "location",
    label: { nl: "Verblijfplaats en adressen", en: "Whereabouts and addresses" },
    description: {
      nl: "Waar iemand precies is of was: woonadres, het (geheime) adres van de opvang, huidige verblijfplaats, adres van werk- of uitbuitingsplek. De gemeente of regio alleen valt onder 'feiten van de zaak'.",
      en: "Where someone precisely is or was: home address, the (secret) shelter address, current whereabouts, address of the workplace or place of exploitation. The municipality or region alone falls under 'case facts'.",
    },
    personalData: true,
    specialCategory: false,
    criminalData: false,
    directIdentifier: true,
    encryptedAtRest: true,
    rationale:
      "An address points at a household and, for a victim in a shelter, at a secret location whose exposure endangers their safety. Coarse geography (municipality, region) is deliberately kept in case_facts so that routing and statistics can query it.",
  },
  health: {
    id: "health",
    label: { nl: "Gezondheid", en: "Health" },
    description: {
      nl: "Lichamelijke en psychische gezondheid: letsel, zwangerschap, verslaving, medische en psychologische zorg, verwijzingen.",
      en: "Physical and mental health: injuries, pregnancy, addiction, medical and psychological care, referrals.",
    },
    personalData: true,
    specialCategory: true,
    criminalData: false,
    directIdentifier: false,
    encryptedAtRest: true,
    rationale:
      "Not an identifier, but an art. 9 special category whose leak harms most; nobody needs to search on it, so field encryption costs nothing in function.",
  },
  sexual_life: {
    id: "sexual_life",
    label: { nl: "Seksueel leven", en: "Sex life" },
    description: {
      nl: "Gegevens over iemands seksleven of seksuele gerichtheid, waaronder de details van seksuele uitbuiting en sekswerk.",
      en: "Data about a person's sex life or sexual orientation, including the details of sexual exploitation and sex work.",
    },
    personalData: true,
    specialCategory: true,
    criminalData: false,
    directIdentifier: false,
    encryptedAtRest: true,
    rationale: "As health: an art. 9 special category, never searched on, encrypted as defence in depth.",
  },
  criminal: {
    id: "criminal",
    label: { nl: "Strafrechtelijke gegevens", en: "Criminal-offence data" },
    description: {
      nl: "Gegevens over strafbare feiten van de persoon zelf: verdenkingen, opsporingsinformatie over verdachten, veroordelingen, en strafbare feiten die een slachtoffer onder dwang pleegde (non-punitiebeginsel).",
      en: "Data about criminal offences of the person themselves: suspicions, investigation information about suspects, convictions, and offences a victim committed under coercion (non-punishment principle).",
    },
    personalData: true,
    specialCategory: false,
    criminalData: true,
    directIdentifier: false,
    encryptedAtRest: true,
    rationale:
      "Art. 10 data; police-sourced information is also bound by the Wpg. Not searched on in Samen (linking uses identity), so encrypted as defence in depth.",
  },
  residence_status: {
    id: "residence_status",
    label: { nl: "Verblijfsstatus", en: "Residence status" },
    description: {
      nl: "Verblijfsrechtelijke positie: verblijfsstatus, bedenktijd (begin en einde), stand van de B8-procedure, soort en duur van de verblijfsvergunning. Het V-nummer valt onder 'identiteit'.",
      en: "Immigration position: residence status, reflection period (start and end), stage of the B8 procedure, type and term of the residence permit. The alien number (V-nummer) falls under 'identity'.",
    },
    personalData: true,
    specialCategory: false,
    criminalData: false,
    directIdentifier: false,
    encryptedAtRest: false,
    rationale:
      "Sensitive (irregular status is a lever for exploiters) but not identifying on its own, and the reflection-period and permit deadlines must be queryable by the deadline clock.",
  },
  case_facts: {
    id: "case_facts",
    label: { nl: "Feiten van de zaak", en: "Case facts" },
    description: {
      nl: "De feiten van de (mogelijke) mensenhandel rond een persoon: vermoede vorm(en) van uitbuiting, geziene signalen, data, gemeente en sector, hoe iemand in beeld kwam, wie meldde.",
      en: "The facts of the (possible) trafficking around a person: suspected form(s) of exploitation, indicators seen, dates, municipality and sector, how the person came into view, who reported.",
    },
    personalData: true,
    specialCategory: false,
    criminalData: false,
    directIdentifier: false,
    encryptedAtRest: false,
    rationale:
      "Drives triage, linking, routing and statistics, so it must be queryable. It becomes identifying only in combination with identity, which is encrypted. Note: the bare fact 'sexual exploitation' arguably concerns sex life (open question in the README).",
  },
  care_plan: {
    id: "care_plan",
    label: { nl: "Hulpverleningsplan", en: "Care plan" },
    description: {
      nl: "Het plan van aanpak voor hulp en ondersteuning: opvang en plaatsingsverzoeken, juridische hulp, inkomen, huisvesting, werk, afspraken en doelen. Medische details horen onder 'gezondheid'.",
      en: "The plan for help and support: shelter and placement requests, legal aid, income, housing, work, appointments and goals. Medical details belong under 'health'.",
    },
    personalData: true,
    specialCategory: false,
    criminalData: false,
    directIdentifier: false,
    encryptedAtRest: false,
    rationale:
      "Not identifying on its own and needed for status overviews (placements, open actions). Health details are kept out of it by mapping them to health; shelter addresses go to location.",
  },
  non_personal: {
    id: "non_personal",
    label: { nl: "Niet-persoonsgebonden / statistisch", en: "Non-personal / statistical" },
    description: {
      nl: "Gegevens die niet tot een persoon herleidbaar zijn: tellingen en tabellen na onthullingscontrole (geen kleine aantallen), of een anonieme melding zonder identificerende details.",
      en: "Data that cannot be traced to a person: counts and tables after disclosure control (no small cells), or an anonymous signal without identifying details.",
    },
    personalData: false,
    specialCategory: false,
    criminalData: false,
    directIdentifier: false,
    encryptedAtRest: false,
    rationale:
      "Anonymous information is outside the GDPR (recital 26), provided it really is anonymous: small cells and rare combinations must be suppressed before data is labelled non_personal.",
  },
};
