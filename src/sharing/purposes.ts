/**
 * @module purposes
 * The purposes for which Samen reads or discloses data (purpose binding, AVG art. 5 lid 1 sub b).
 * Every read and every disclosure names one purpose; the sharing rules are written per purpose.
 *
 * Beyond the five purposes of DESIGN.md §4 we have three more, each because a flow in the chain
 * needs a purpose that none of the five describes honestly:
 * - `supervision`: the administrative track of signal routing (labour inspection, municipal
 *   enforcement) is not criminal investigation, and Dutch law gives it different grounds.
 * - `residence_procedure`: the B8 exchange with the IND serves a decision on residence, which is
 *   neither care nor investigation.
 * - `own_administration`: an organisation's own file-keeping (its records, complaints, accountability).
 *   It exists so that reads inside one organisation can name an honest purpose. It is never a
 *   ground for disclosure to another organisation: the rule-set parser rejects an allow rule for it
 *   on personal data.
 *
 * `statistics` and `research` only ever use non-personal data, also inside one organisation; the
 * parser rejects any allow rule that says otherwise and the evaluator does not let "same
 * organisation" bypass it.
 */
import { z } from "zod";
import type { Localized } from "./localized";

export const PURPOSES = [
  "care",
  "registration",
  "investigation",
  "supervision",
  "case_conference",
  "residence_procedure",
  "statistics",
  "research",
  "own_administration",
] as const;
export const PurposeSchema = z.enum(PURPOSES);
export type Purpose = z.infer<typeof PurposeSchema>;

/** Purposes that may only ever use non_personal data, even within one organisation. */
export const AGGREGATE_ONLY_PURPOSES: readonly Purpose[] = ["statistics", "research"];

/** Purposes that are never a ground for disclosing personal data to another organisation. */
export const NON_DISCLOSURE_PURPOSES: readonly Purpose[] = ["own_administration"];

export type PurposeInfo = { id: Purpose; label: Localized; description: Localized };

export const PURPOSE_INFO: Record<Purpose, PurposeInfo> = {
  care: {
    id: "care",
    label: { nl: "Hulpverlening en opvang", en: "Care and shelter" },
    description: {
      nl: "Veiligheid, opvang, medische en psychologische zorg, juridische hulp en ondersteuning regelen en bieden voor een (mogelijk) slachtoffer, inclusief zorgcoördinatie en plaatsing in een opvang.",
      en: "Arranging and providing safety, shelter, medical and psychological care, legal aid and support for a (possible) victim, including care coordination and placement in a shelter.",
    },
  },
  registration: {
    id: "registration",
    label: { nl: "Registratie bij CoMensha", en: "Registration with CoMensha" },
    description: {
      nl: "Het aanmelden en bijhouden van (mogelijke) slachtoffers in de landelijke registratie van CoMensha.",
      en: "Reporting and keeping (possible) victims in CoMensha's national registry.",
    },
  },
  investigation: {
    id: "investigation",
    label: { nl: "Opsporing en vervolging", en: "Criminal investigation and prosecution" },
    description: {
      nl: "Het voorkomen, opsporen en vervolgen van strafbare feiten door politie, KMar, de opsporingsdienst van de Arbeidsinspectie en het Openbaar Ministerie, inclusief het aanbieden van bedenktijd.",
      en: "Preventing, detecting, investigating and prosecuting criminal offences by the police, KMar, the labour inspectorate's investigation service and the public prosecutor, including offering the reflection period.",
    },
  },
  supervision: {
    id: "supervision",
    label: { nl: "Toezicht en bestuurlijke handhaving", en: "Supervision and administrative enforcement" },
    description: {
      nl: "Toezicht op naleving (zoals arbeidsinspecties) en bestuurlijke handhaving door de gemeente (zoals het sluiten van een pand of het weigeren van een vergunning): het bestuurlijke spoor.",
      en: "Supervision of compliance (such as labour inspections) and administrative enforcement by the municipality (such as closing premises or refusing a permit): the administrative track.",
    },
  },
  case_conference: {
    id: "case_conference",
    label: { nl: "Integraal casusoverleg (RIEC)", en: "Integrated case conference (RIEC)" },
    description: {
      nl: "Het bijeenbrengen van informatie van de convenantpartners over een subject (persoon, bedrijf, adres) in een RIEC-casusoverleg om bestuurlijke, strafrechtelijke en fiscale interventies te kiezen.",
      en: "Bringing the covenant partners' information on a subject (person, company, address) together in a RIEC case conference to choose administrative, criminal and fiscal interventions.",
    },
  },
  residence_procedure: {
    id: "residence_procedure",
    label: { nl: "Verblijfsprocedure (B8)", en: "Residence procedure (B8)" },
    description: {
      nl: "Beslissen over bedenktijd en verblijf op grond van de verblijfsregeling mensenhandel (B8/3 Vreemdelingencirculaire) door de IND.",
      en: "Deciding on the reflection period and residence under the residence scheme for trafficking victims (B8/3 Aliens Circular) by the IND.",
    },
  },
  statistics: {
    id: "statistics",
    label: { nl: "Statistiek en monitoring", en: "Statistics and monitoring" },
    description: {
      nl: "Cijfers en monitoring voor beleid en verantwoording (Nationaal Rapporteur, jaarrapportages, internationale rapportages). Alleen niet-herleidbare gegevens.",
      en: "Figures and monitoring for policy and accountability (National Rapporteur, annual reports, international reporting). Non-personal data only.",
    },
  },
  research: {
    id: "research",
    label: { nl: "Wetenschappelijk onderzoek", en: "Scientific research" },
    description: {
      nl: "Onderzoek, zoals de schatting van het verborgen aantal slachtoffers. Alleen niet-herleidbare gegevens; gepseudonimiseerde koppeling vraagt een eigen regel en DPIA.",
      en: "Research, such as estimating the hidden number of victims. Non-personal data only; pseudonymised linkage needs a rule and a DPIA of its own.",
    },
  },
  own_administration: {
    id: "own_administration",
    label: { nl: "Eigen administratie", en: "Own administration" },
    description: {
      nl: "De eigen dossiervorming en verantwoording van de organisatie die de gegevens heeft. Nooit een grond om persoonsgegevens aan een andere organisatie te verstrekken.",
      en: "The file-keeping and accountability of the organisation that holds the data. Never a ground for disclosing personal data to another organisation.",
    },
  },
};
