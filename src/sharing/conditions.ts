/**
 * @module conditions
 * The closed list of conditions a sharing rule may depend on. A condition is a fact about the
 * situation that the rules cannot see in the data categories alone. The caller establishes which
 * conditions hold (from stored facts such as a date of birth, or from a professional's recorded
 * judgement such as "safety at stake") and passes them in; the evaluator never guesses.
 *
 * Because a condition can open a flow without consent, the caller must audit who asserted it, when
 * and why, in the same audit entry as the disclosure.
 */
import { z } from "zod";
import type { Localized } from "./localized";

export const SHARING_CONDITIONS = ["victim_safety_at_stake", "minor", "data_subject_is_suspect"] as const;
export const SharingConditionSchema = z.enum(SHARING_CONDITIONS);
export type SharingCondition = z.infer<typeof SharingConditionSchema>;

export type SharingConditionInfo = {
  id: SharingCondition;
  label: Localized;
  description: Localized;
  /** Who or what establishes that the condition holds. */
  establishedBy: Localized;
};

export const SHARING_CONDITION_INFO: Record<SharingCondition, SharingConditionInfo> = {
  victim_safety_at_stake: {
    id: "victim_safety_at_stake",
    label: { nl: "Veiligheid slachtoffer in het geding", en: "Victim's safety at stake" },
    description: {
      nl: "De veiligheid van het (mogelijke) slachtoffer is in het geding en plaatsing in een opvang is nodig (programma Samen tegen mensenhandel, voetnoot 21).",
      en: "The (possible) victim's safety is at stake and placement in a shelter is needed (programme Samen tegen mensenhandel, footnote 21).",
    },
    establishedBy: {
      nl: "Het oordeel van de professional, vastgelegd met motivering.",
      en: "The professional's judgement, recorded with reasons.",
    },
  },
  minor: {
    id: "minor",
    label: { nl: "Minderjarig", en: "Minor" },
    description: {
      nl: "De betrokkene is jonger dan 18 jaar.",
      en: "The data subject is younger than 18.",
    },
    establishedBy: {
      nl: "De vastgelegde geboortedatum, of bij twijfel het oordeel van de professional.",
      en: "The recorded date of birth, or the professional's judgement when in doubt.",
    },
  },
  data_subject_is_suspect: {
    id: "data_subject_is_suspect",
    label: { nl: "Betrokkene is verdachte of subject", en: "Data subject is a suspect or subject" },
    description: {
      nl: "De gegevens gaan over een (vermoedelijke) dader of een bij de uitbuiting betrokken persoon, niet over een (mogelijk) slachtoffer of melder.",
      en: "The data concern a (presumed) perpetrator or a person involved in the exploitation, not a (possible) victim or a reporter.",
    },
    establishedBy: {
      nl: "De rol van de persoon in de melding of casus (subject/verdachte).",
      en: "The person's role in the signal or case (subject/suspect).",
    },
  },
};
