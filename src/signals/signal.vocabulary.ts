/**
 * @module signal.vocabulary
 * The fixed vocabularies of the signal intake and the signal desk (DESIGN.md §3 steps 1–2): forms of
 * exploitation, urgency, channels, tracks, subject kinds, gender, residence and signal statuses.
 * Each value list is a zod enum plus Dutch-first labels. Pure data: the UI, the API schemas, the
 * rules and the statistics all draw from here, so a value means the same thing everywhere.
 *
 * Where HTCDS (IOM's Human Trafficking Case Data Standard) has a matching concept we keep its
 * meaning, with Dutch-law names (art. 273f Sr) for the forms of exploitation.
 */
import { z } from "zod";

/** A user-facing text, Dutch first. */
export type Label = { nl: string; en: string };

/**
 * Forms of exploitation named in art. 273f Sr. `forced_services` covers forced services other than
 * labour in the ordinary sense, including begging; `organ_removal` is the purpose "removal of organs".
 */
export const EXPLOITATION_FORMS = [
  "sexual",
  "labour",
  "criminal",
  "forced_services",
  "organ_removal",
] as const;
export const ExploitationFormSchema = z.enum(EXPLOITATION_FORMS);
export type ExploitationForm = z.infer<typeof ExploitationFormSchema>;
export const EXPLOITATION_FORM_LABELS: Record<ExploitationForm, Label> = {
  sexual: { nl: "Seksuele uitbuiting", en: "Sexual exploitation" },
  labour: { nl: "Arbeidsuitbuiting", en: "Labour exploitation" },
  criminal: { nl: "Criminele uitbuiting", en: "Criminal exploitation" },
  forced_services: {
    nl: "Gedwongen dienstverlening (waaronder bedelarij)",
    en: "Forced services (including begging)",
  },
  organ_removal: { nl: "Orgaanverwijdering", en: "Organ removal" },
};

/**
 * How fast the signal desk must act. `immediate` means acute danger to a person: the desk hands the
 * signal to a quick-response team within hours (deadlines in `working-days.rules`).
 */
export const URGENCIES = ["immediate", "high", "normal", "low"] as const;
export const UrgencySchema = z.enum(URGENCIES);
export type Urgency = z.infer<typeof UrgencySchema>;
export const URGENCY_LABELS: Record<Urgency, Label> = {
  immediate: { nl: "Direct (acuut gevaar)", en: "Immediate (acute danger)" },
  high: { nl: "Hoog", en: "High" },
  normal: { nl: "Normaal", en: "Normal" },
  low: { nl: "Laag", en: "Low" },
};

/** How a signal came in. */
export const SIGNAL_CHANNELS = ["professional", "anonymous", "partner_api"] as const;
export const SignalChannelSchema = z.enum(SIGNAL_CHANNELS);
export type SignalChannel = z.infer<typeof SignalChannelSchema>;
export const SIGNAL_CHANNEL_LABELS: Record<SignalChannel, Label> = {
  professional: { nl: "Professional (webformulier)", en: "Professional (web form)" },
  anonymous: { nl: "Anonieme melding", en: "Anonymous report" },
  partner_api: { nl: "Koppeling met partner", en: "Partner interface" },
};

/** The tracks a signal can be routed to (DESIGN.md §3 step 2). */
export const TRACKS = ["criminal", "administrative", "care"] as const;
export const TrackSchema = z.enum(TRACKS);
export type Track = z.infer<typeof TrackSchema>;
export const TRACK_LABELS: Record<Track, Label> = {
  criminal: { nl: "Strafrechtelijk", en: "Criminal" },
  administrative: { nl: "Bestuursrechtelijk", en: "Administrative" },
  care: { nl: "Zorg", en: "Care" },
};

/** What a signal is about besides people: the subjects of the integrated approach. */
export const SUBJECT_KINDS = ["person", "company", "location"] as const;
export const SubjectKindSchema = z.enum(SUBJECT_KINDS);
export type SubjectKind = z.infer<typeof SubjectKindSchema>;
export const SUBJECT_KIND_LABELS: Record<SubjectKind, Label> = {
  person: { nl: "Persoon", en: "Person" },
  company: { nl: "Bedrijf", en: "Company" },
  location: { nl: "Locatie", en: "Location" },
};

/** The role a person plays in a signal. A signal names possible victims and possible perpetrators apart. */
export const PERSON_ROLES = ["possible_victim", "possible_perpetrator", "other_involved"] as const;
export const PersonRoleSchema = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof PersonRoleSchema>;
export const PERSON_ROLE_LABELS: Record<PersonRole, Label> = {
  possible_victim: { nl: "Mogelijk slachtoffer", en: "Possible victim" },
  possible_perpetrator: { nl: "Mogelijke dader", en: "Possible perpetrator" },
  other_involved: { nl: "Andere betrokkene", en: "Other person involved" },
};

/**
 * Gender as recorded. `other` covers the X marker in Dutch documents and non-binary people;
 * `unknown` means not recorded, which the statistics keep as its own category.
 */
export const GENDERS = ["female", "male", "other", "unknown"] as const;
export const GenderSchema = z.enum(GENDERS);
export type Gender = z.infer<typeof GenderSchema>;
export const GENDER_LABELS: Record<Gender, Label> = {
  female: { nl: "Vrouw", en: "Female" },
  male: { nl: "Man", en: "Male" },
  other: { nl: "X / anders", en: "X / other" },
  unknown: { nl: "Onbekend", en: "Unknown" },
};

/** Whether a possible victim is known to reside lawfully in the Netherlands (input to the B8/3 rule). */
export const LAWFUL_RESIDENCE_VALUES = ["yes", "no", "unknown"] as const;
export const LawfulResidenceSchema = z.enum(LAWFUL_RESIDENCE_VALUES);
export type LawfulResidence = z.infer<typeof LawfulResidenceSchema>;
export const LAWFUL_RESIDENCE_LABELS: Record<LawfulResidence, Label> = {
  yes: { nl: "Rechtmatig verblijf", en: "Lawful residence" },
  no: { nl: "Geen rechtmatig verblijf", en: "No lawful residence" },
  unknown: { nl: "Onbekend", en: "Unknown" },
};

/**
 * Statuses of a signal at the signal desk. The allowed changes between them, and who may make each,
 * are in `signal-status.rules`.
 */
export const SIGNAL_STATUSES = [
  "received",
  "in_triage",
  "more_information_requested",
  "information_received",
  "routed",
  "accepted_by_team",
  "declined_by_team",
  "closed",
  "closed_no_action",
  "merged",
] as const;
export const SignalStatusSchema = z.enum(SIGNAL_STATUSES);
export type SignalStatus = z.infer<typeof SignalStatusSchema>;
export const SIGNAL_STATUS_LABELS: Record<SignalStatus, Label> = {
  received: { nl: "Ontvangen", en: "Received" },
  in_triage: { nl: "In behandeling bij meldpunt", en: "In triage" },
  more_information_requested: { nl: "Aanvullende informatie gevraagd", en: "More information requested" },
  information_received: { nl: "Aanvullende informatie ontvangen", en: "Information received" },
  routed: { nl: "Doorgezet naar team", en: "Routed to team" },
  accepted_by_team: { nl: "Opgepakt door team", en: "Accepted by team" },
  declined_by_team: { nl: "Teruggelegd door team", en: "Declined by team" },
  closed: { nl: "Afgehandeld", en: "Closed" },
  closed_no_action: { nl: "Afgesloten zonder actie", en: "Closed without action" },
  merged: { nl: "Samengevoegd met andere melding", en: "Merged into another signal" },
};

/** Status of one routing (one signal can be routed to several teams on several tracks). */
export const ROUTING_STATUSES = ["pending", "accepted", "declined", "withdrawn"] as const;
export const RoutingStatusSchema = z.enum(ROUTING_STATUSES);
export type RoutingStatus = z.infer<typeof RoutingStatusSchema>;
export const ROUTING_STATUS_LABELS: Record<RoutingStatus, Label> = {
  pending: { nl: "Wacht op team", en: "Awaiting team" },
  accepted: { nl: "Opgepakt", en: "Accepted" },
  declined: { nl: "Teruggelegd", en: "Declined" },
  withdrawn: { nl: "Ingetrokken door meldpunt", en: "Withdrawn by signal desk" },
};
