/**
 * @module routing.rules
 * Proposes where a triaged signal should go: to which team, on which track (criminal, administrative,
 * care), for what reason and on which default legal basis. The desk confirms, edits or adds routings;
 * nothing is sent on a proposal alone.
 *
 * The rules are an ordered table, inspired by Signalen's routing expressions (ordered, first match
 * wins). One difference: Signalen gives a signal one department, while the chain-wide approach works on
 * several tracks at once, so here the first matching rule wins **per track**. A signal about a minor
 * exploited in a company can get a criminal, a care and an administrative proposal.
 *
 * Legal bases are referred to by id (`routing.criminal`, `routing.care`, `routing.administrative`); the
 * sharing rule set resolves each id to the statutory basis and the data categories it allows.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { ExploitationForm, Label, Track, Urgency } from "./signal.vocabulary";

/** What the desk knows after triage. */
export type TriagedSignal = {
  forms: readonly ExploitationForm[];
  urgency: Urgency;
  /** A possible victim is, or may be, under 18. */
  minorInvolved: boolean;
  /** A possible victim is identified or was found (someone care can reach). */
  victimPresent: boolean;
  /** Crossing a border: Schiphol, ports, cross-border transport, recruitment abroad for prostitution. */
  borderRelated: boolean;
  /** A company is involved (employer, agency, business premises). */
  companyInvolved: boolean;
  /** A location is involved (address, premises, housing). */
  locationInvolved: boolean;
  /** CBS code (`GM0363`) of the municipality where it happens, if known. */
  municipalityCode: string | null;
  /** The regional police unit for that municipality (e.g. `amsterdam`), if known. */
  policeUnitId: string | null;
};

export type RoutingRecipient =
  | { kind: "police_unit"; policeUnitId: string | null }
  | { kind: "kmar" }
  | { kind: "labour_inspectorate"; division: "investigation" | "supervision" }
  | { kind: "municipality"; municipalityCode: string | null }
  | { kind: "care_coordination"; municipalityCode: string | null };

export type LegalBasisRef = "routing.criminal" | "routing.administrative" | "routing.care";

export const TRACK_LEGAL_BASIS: Readonly<Record<Track, LegalBasisRef>> = {
  criminal: "routing.criminal",
  administrative: "routing.administrative",
  care: "routing.care",
};

export type RoutingRule = {
  id: string;
  track: Track;
  when: (signal: TriagedSignal) => boolean;
  recipient: (signal: TriagedSignal) => RoutingRecipient;
  reason: Label;
};

export type RoutingProposal = {
  ruleId: string;
  track: Track;
  recipient: RoutingRecipient;
  /** The organisation type that receives it (for the sharing rules). */
  organisationType: OrganisationType;
  legalBasisRef: LegalBasisRef;
  reason: Label;
  /** Urgency `immediate`: hand to the recipient's quick-response team, with the 4-hour clock. */
  quickResponse: boolean;
  /** The recipient's unit or municipality is not known: the desk must choose one. */
  needsRecipient: boolean;
};

const has = (signal: TriagedSignal, ...forms: ExploitationForm[]) =>
  forms.some((f) => signal.forms.includes(f));
const police = (s: TriagedSignal): RoutingRecipient => ({
  kind: "police_unit",
  policeUnitId: s.policeUnitId,
});
const careCoordination = (s: TriagedSignal): RoutingRecipient => ({
  kind: "care_coordination",
  municipalityCode: s.municipalityCode,
});

/**
 * The routing table. Order matters within a track: the first rule whose `when` holds gives that
 * track's proposal.
 */
const RULES: RoutingRule[] = [
  // ---- criminal track
  {
    id: "criminal.border",
    track: "criminal",
    when: (s) => s.borderRelated,
    recipient: () => ({ kind: "kmar" }),
    reason: {
      nl: "Grensgerelateerd (luchthaven, haven, grensoverschrijdend vervoer of werving in het buitenland): de Koninklijke Marechaussee is bevoegd.",
      en: "Border-related (airport, port, cross-border transport or recruitment abroad): the Royal Marechaussee is competent.",
    },
  },
  {
    id: "criminal.immediate-danger",
    track: "criminal",
    when: (s) => s.urgency === "immediate",
    recipient: police,
    reason: {
      nl: "Acuut gevaar: de politie (AVIM) is dag en nacht inzetbaar en handelt eerst; andere partners kunnen daarna worden toegevoegd.",
      en: "Acute danger: the police (AVIM) can act around the clock and go first; other partners can be added afterwards.",
    },
  },
  {
    id: "criminal.minor",
    track: "criminal",
    when: (s) => s.minorInvolved,
    recipient: police,
    reason: {
      nl: "Mogelijk minderjarig slachtoffer: de politie (AVIM) onderzoekt; bij minderjarigen is geen dwangmiddel nodig voor mensenhandel.",
      en: "Possible minor victim: the police (AVIM) investigate; for minors no coercive means are needed for trafficking.",
    },
  },
  {
    id: "criminal.labour",
    track: "criminal",
    when: (s) => has(s, "labour") && !has(s, "sexual", "criminal", "organ_removal"),
    recipient: () => ({ kind: "labour_inspectorate", division: "investigation" }),
    reason: {
      nl: "Arbeidsuitbuiting: de Nederlandse Arbeidsinspectie (opsporing) onderzoekt.",
      en: "Labour exploitation: the Netherlands Labour Authority (investigation) investigates.",
    },
  },
  {
    id: "criminal.default",
    track: "criminal",
    when: () => true,
    recipient: police,
    reason: {
      nl: "Signalen van mensenhandel: de politie-eenheid (AVIM) van de gemeente onderzoekt.",
      en: "Signs of human trafficking: the municipality's police unit (AVIM) investigates.",
    },
  },
  // ---- care track
  {
    id: "care.minor",
    track: "care",
    when: (s) => s.minorInvolved,
    recipient: careCoordination,
    reason: {
      nl: "Mogelijk minderjarig slachtoffer: de zorgcoördinator regelt veiligheid en zorg, samen met jeugdhulp en Veilig Thuis.",
      en: "Possible minor victim: the care coordinator arranges safety and care, together with youth care and Veilig Thuis.",
    },
  },
  {
    id: "care.victim-present",
    track: "care",
    when: (s) => s.victimPresent,
    recipient: careCoordination,
    reason: {
      nl: "Er is een mogelijk slachtoffer in beeld: de zorgcoördinator van de gemeente regelt opvang en zorg.",
      en: "A possible victim is in view: the municipality's care coordinator arranges shelter and care.",
    },
  },
  // ---- administrative track
  {
    id: "administrative.labour-company",
    track: "administrative",
    when: (s) => s.companyInvolved && has(s, "labour", "forced_services"),
    recipient: () => ({ kind: "labour_inspectorate", division: "supervision" }),
    reason: {
      nl: "Een bedrijf is betrokken bij mogelijke arbeidsuitbuiting: toezicht door de Arbeidsinspectie (boetes, stillegging).",
      en: "A company is involved in possible labour exploitation: supervision by the Labour Authority (fines, work stoppage).",
    },
  },
  {
    id: "administrative.company-or-location",
    track: "administrative",
    when: (s) => s.companyInvolved || s.locationInvolved,
    recipient: (s) => ({ kind: "municipality", municipalityCode: s.municipalityCode }),
    reason: {
      nl: "Een bedrijf of locatie is betrokken: de gemeente kan bestuurlijk optreden (vergunningen, Bibob, sluiting, huisvesting).",
      en: "A company or location is involved: the municipality can act administratively (permits, Bibob, closure, housing).",
    },
  },
];
/** The routing table, frozen. Order matters within a track (see `RULES`). */
export const ROUTING_RULES: readonly RoutingRule[] = Object.freeze(RULES);

function organisationTypeOf(recipient: RoutingRecipient): OrganisationType {
  switch (recipient.kind) {
    case "police_unit":
      return "police";
    case "kmar":
      return "kmar";
    case "labour_inspectorate":
      return "labour_inspectorate";
    case "municipality":
      return "municipality";
    case "care_coordination":
      // Care coordinators are appointed by municipalities and mostly employed by care organisations.
      return "care_provider";
  }
}

function recipientUnknown(recipient: RoutingRecipient): boolean {
  if (recipient.kind === "police_unit") return recipient.policeUnitId === null;
  if (recipient.kind === "municipality" || recipient.kind === "care_coordination") {
    return recipient.municipalityCode === null;
  }
  return false;
}

/**
 * Propose routings for a triaged signal: for each track, the first rule in `rules` that matches. The
 * proposals come in table order (so criminal first with the default table).
 */
export function proposeRoutings(
  signal: TriagedSignal,
  rules: readonly RoutingRule[] = ROUTING_RULES,
): RoutingProposal[] {
  const decided = new Set<Track>();
  const proposals: RoutingProposal[] = [];
  for (const rule of rules) {
    if (decided.has(rule.track) || !rule.when(signal)) continue;
    decided.add(rule.track);
    const recipient = rule.recipient(signal);
    proposals.push({
      ruleId: rule.id,
      track: rule.track,
      recipient,
      organisationType: organisationTypeOf(recipient),
      legalBasisRef: TRACK_LEGAL_BASIS[rule.track],
      reason: rule.reason,
      quickResponse: signal.urgency === "immediate",
      needsRecipient: recipientUnknown(recipient),
    });
  }
  return proposals;
}
