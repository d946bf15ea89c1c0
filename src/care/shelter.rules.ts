/**
 * @module shelter.rules
 * Shelter places with live capacity (DESIGN.md §3 step 3; a feature none of the anchor systems has):
 * which places fit a victim, the placement request state machine, occupancy derived from events, and
 * whether one more person fits.
 *
 * ## Places
 * A `ShelterPlace` is a group of beds of one type with the same criteria (gender, age range, forms of
 * exploitation, languages spoken by staff, accessibility, children), e.g. "COSM women, 12 beds". Its
 * `regionCode` is the care region, never the address: shelter addresses are secret (data category
 * `location`).
 *
 * ## Matching
 * Hard criteria exclude a place and are reported as reasons, so the coordinator sees *why* a place does
 * not fit (and that a full place would otherwise fit: a waiting-list candidate). Soft criteria rank the
 * places that fit: the request's preference order of place types (40 points, falling with rank), a
 * shared language (30), a preferred region (20), and the share of free beds (up to 10). Ties are broken
 * by place id so the order is stable.
 * - Forms of exploitation: the place must accept *every* form in the request (a place for labour
 *   exploitation is not a place for a victim of sexual exploitation); an empty list on either side
 *   means "any".
 * - Age: with the exact age unknown we fall back to minor/adult; with both unknown we do not exclude
 *   but mark the match `age_unverified`.
 * - `closed_youth_care` needs a court authorisation (machtiging gesloten jeugdhulp, Jeugdwet art. 6.1.2),
 *   recorded on the request.
 * - `avoidRegions` is a hard exclusion: keeping a victim away from the exploiters' area is a safety
 *   decision, not a preference.
 *
 * ## Occupancy and the last place
 * Occupancy is derived from placement events, never stored as a free number: `reserved` counts
 * accepted placements not yet admitted (the shelter said yes, the bed is held), `occupied` counts
 * admissions not yet discharged. A new acceptance or a direct admission needs `occupied + reserved <
 * capacity`; admitting someone whose placement was accepted uses their own reservation (always
 * possible: it does not raise occupied + reserved).
 * The race for the last place cannot be settled here: the database must enforce the invariant in the
 * same transaction that writes the acceptance or admission (README "Invariants").
 */
import { AppError } from "../platform/errors";
import type { ExploitationForm, Gender } from "../signals/signal.vocabulary";
import type {
  AccessibilityFeature,
  AgeCategory,
  DeclineReason,
  DischargeReason,
  ShelterPlaceType,
} from "./care.vocabulary";
import { DeclineReasonSchema, DischargeReasonSchema } from "./care.vocabulary";
import { checkTransition, edge, requireTransition, type TransitionEdge } from "./transitions.rules";

export type ShelterPlace = {
  id: string;
  shelterOrganisationId: string;
  type: ShelterPlaceType;
  /** Care region where the place is (not its address). */
  regionCode: string | null;
  /** Number of beds. */
  capacity: number;
  /** Genders accepted; empty means all. */
  genders: readonly Gender[];
  /** Inclusive age bounds in whole years; `max: null` means no upper bound. */
  ageRange: { min: number; max: number | null };
  /** Forms of exploitation accepted; empty means all. */
  forms: readonly ExploitationForm[];
  /** Languages the staff speak (ISO 639-1 or 639-3, lower case). */
  languages: readonly string[];
  accessibility: readonly AccessibilityFeature[];
  acceptsAccompanyingChildren: boolean;
  /** Inactive places (closed, under renovation) take nobody. */
  active: boolean;
};

/** A place with its current occupancy (from `occupancy`). */
export type AvailablePlace = ShelterPlace & { occupied: number; reserved: number };

export type PlacementCriteria = {
  gender: Gender;
  /** Exact age in whole years, when known. */
  age: number | null;
  /** Used when the exact age is unknown. */
  ageCategory: AgeCategory;
  forms: readonly ExploitationForm[];
  /** Languages the person speaks, best first. */
  languages: readonly string[];
  accessibilityNeeds: readonly AccessibilityFeature[];
  accompanyingChildren: number;
  /** Acceptable place types in order of preference; empty means any type except closed youth care. */
  acceptableTypes: readonly ShelterPlaceType[];
  preferredRegions?: readonly string[];
  /** Regions the person must not be placed in (safety). */
  avoidRegions?: readonly string[];
  /** A court authorisation for closed youth care exists. */
  closedYouthCareAuthorised?: boolean;
};

export const MISMATCH_REASONS = [
  "inactive",
  "type_not_acceptable",
  "court_authorisation_required",
  "gender_not_accepted",
  "age_outside_range",
  "form_not_accepted",
  "accessibility_missing",
  "children_not_accepted",
  "region_avoided",
  "full",
] as const;
export type MismatchReason = (typeof MISMATCH_REASONS)[number];

export type MatchReason = "preferred_type" | "speaks_language" | "preferred_region" | "age_unverified";

export type PlaceMatch = { placeId: string; score: number; free: number; reasons: MatchReason[] };
export type PlaceMismatch = { placeId: string; reasons: MismatchReason[]; free: number };
export type MatchResult = { matches: PlaceMatch[]; mismatches: PlaceMismatch[] };

export const MATCH_WEIGHTS = Object.freeze({ type: 40, language: 30, region: 20, freeShare: 10 });

/** Free beds: capacity minus occupied and reserved, never below zero. */
export function freePlaces({
  capacity,
  occupied,
  reserved,
}: {
  capacity: number;
  occupied: number;
  reserved: number;
}): number {
  return Math.max(0, capacity - occupied - reserved);
}

function ageFits(place: ShelterPlace, c: PlacementCriteria): boolean | null {
  const { min, max } = place.ageRange;
  if (c.age !== null && Number.isInteger(c.age)) return c.age >= min && (max === null || c.age <= max);
  if (c.ageCategory === "minor") return min < 18;
  if (c.ageCategory === "adult") return max === null || max >= 18;
  return null;
}

function mismatches(place: AvailablePlace, c: PlacementCriteria): MismatchReason[] {
  const reasons: MismatchReason[] = [];
  if (!place.active) reasons.push("inactive");
  const typeAcceptable =
    c.acceptableTypes.length === 0
      ? place.type !== "closed_youth_care"
      : c.acceptableTypes.includes(place.type);
  if (!typeAcceptable) reasons.push("type_not_acceptable");
  if (place.type === "closed_youth_care" && !c.closedYouthCareAuthorised)
    reasons.push("court_authorisation_required");
  if (place.genders.length > 0 && !place.genders.includes(c.gender)) reasons.push("gender_not_accepted");
  if (ageFits(place, c) === false) reasons.push("age_outside_range");
  if (place.forms.length > 0 && c.forms.some((f) => !place.forms.includes(f)))
    reasons.push("form_not_accepted");
  if (c.accessibilityNeeds.some((a) => !place.accessibility.includes(a)))
    reasons.push("accessibility_missing");
  if (c.accompanyingChildren > 0 && !place.acceptsAccompanyingChildren) reasons.push("children_not_accepted");
  if (place.regionCode !== null && (c.avoidRegions ?? []).includes(place.regionCode))
    reasons.push("region_avoided");
  if (freePlaces(place) < 1) reasons.push("full");
  return reasons;
}

/**
 * Rank the places that fit a request and explain why the others do not (see the module header).
 * Never throws on data; languages are compared case-insensitively.
 */
export function matchPlaces(request: PlacementCriteria, places: readonly AvailablePlace[]): MatchResult {
  const personLanguages = new Set(request.languages.map((l) => l.toLowerCase()));
  const matches: PlaceMatch[] = [];
  const rejected: PlaceMismatch[] = [];
  for (const place of places) {
    const free = freePlaces(place);
    const reasons = mismatches(place, request);
    if (reasons.length > 0) {
      rejected.push({ placeId: place.id, reasons, free });
      continue;
    }
    const why: MatchReason[] = [];
    let score = 0;
    const rank = request.acceptableTypes.indexOf(place.type);
    if (rank >= 0) {
      score +=
        (MATCH_WEIGHTS.type * (request.acceptableTypes.length - rank)) / request.acceptableTypes.length;
      if (rank === 0) why.push("preferred_type");
    }
    if (place.languages.some((l) => personLanguages.has(l.toLowerCase()))) {
      score += MATCH_WEIGHTS.language;
      why.push("speaks_language");
    }
    if (place.regionCode !== null && (request.preferredRegions ?? []).includes(place.regionCode)) {
      score += MATCH_WEIGHTS.region;
      why.push("preferred_region");
    }
    if (place.capacity > 0) score += (MATCH_WEIGHTS.freeShare * free) / place.capacity;
    if (ageFits(place, request) === null) why.push("age_unverified");
    matches.push({ placeId: place.id, score: Math.round(score * 100) / 100, free, reasons: why });
  }
  matches.sort((a, b) => b.score - a.score || a.placeId.localeCompare(b.placeId));
  rejected.sort((a, b) => a.placeId.localeCompare(b.placeId));
  return { matches, mismatches: rejected };
}

// ------------------------------------------------------------------------------------------------
// Placement requests
// ------------------------------------------------------------------------------------------------

export const PLACEMENT_STATUSES = [
  "requested",
  "accepted",
  "declined",
  "withdrawn",
  "admitted",
  "discharged",
] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];
export const PLACEMENT_ACTIONS = ["accept", "decline", "withdraw", "admit", "discharge"] as const;
export type PlacementAction = (typeof PLACEMENT_ACTIONS)[number];
/** The requester is the care coordinator (or CoMensha); the shelter is the place's organisation. */
export type PlacementParty = "requester" | "shelter";

/**
 * Every allowed change of a placement. Beyond the brief's happy path, `accepted → withdrawn` exists for
 * both parties (the victim does not arrive or changes their mind; the shelter releases a bed after a
 * no-show), always with a reason, because otherwise an accepted bed could stay reserved for ever.
 */
export const PLACEMENT_TRANSITIONS: readonly TransitionEdge<
  PlacementStatus,
  PlacementAction,
  PlacementParty
>[] = Object.freeze([
  edge("requested", "accept", "accepted", ["shelter"]),
  edge("requested", "decline", "declined", ["shelter"], true),
  edge("requested", "withdraw", "withdrawn", ["requester"]),
  edge("accepted", "admit", "admitted", ["shelter"]),
  edge("accepted", "withdraw", "withdrawn", ["requester", "shelter"], true),
  edge("admitted", "discharge", "discharged", ["shelter"], true),
]);
export const FINAL_PLACEMENT_STATUSES: readonly PlacementStatus[] = ["declined", "withdrawn", "discharged"];
/** Statuses that hold a bed. */
export const BED_HOLDING_STATUSES: readonly PlacementStatus[] = ["accepted", "admitted"];

/**
 * Apply one action to a placement. Declining needs a `DeclineReason`, discharging a `DischargeReason`;
 * `other` needs a note. Withdrawing an accepted placement needs a reason (free text).
 */
export function placementTransition({
  from,
  action,
  party,
  reason,
  note,
}: {
  from: PlacementStatus;
  action: PlacementAction;
  party: PlacementParty;
  reason?: DeclineReason | DischargeReason | string | null;
  note?: string | null;
}): PlacementStatus {
  const e = requireTransition({ table: PLACEMENT_TRANSITIONS, from, action, party, reason: reason ?? null });
  const schema =
    action === "decline" ? DeclineReasonSchema : action === "discharge" ? DischargeReasonSchema : null;
  if (schema !== null) {
    if (!schema.safeParse(reason).success) {
      throw new AppError("VALIDATION_FAILED", "Onbekende reden.", {
        fields: [{ field: "reason", message: "unknown" }],
      });
    }
    if (reason === "other" && !note?.trim()) {
      throw new AppError("VALIDATION_FAILED", "Toelichting vereist.", {
        fields: [{ field: "note", message: "required" }],
      });
    }
  }
  return e.to;
}

// ------------------------------------------------------------------------------------------------
// Occupancy
// ------------------------------------------------------------------------------------------------

/**
 * One event in a placement's life, in the order it was committed. The initial `requested` event opens
 * the placement; an emergency admission without a prior request is written as requested + accepted +
 * admitted in one transaction.
 */
export type PlacementEvent = {
  placementId: string;
  placeId: string;
  status: PlacementStatus;
  on: string;
};

export type Occupancy = { occupied: number; reserved: number };

export type OccupancyAnomaly = {
  placementId: string;
  code: "illegal_transition" | "place_changed" | "no_request";
  from: PlacementStatus | null;
  to: PlacementStatus;
};

/**
 * Occupancy per place from placement events (commit order). Events dated after `asOf` (compared as
 * strings, so pass ISO dates or ISO instants consistently) are ignored, which gives the occupancy on a
 * past date. Impossible sequences are skipped and reported as anomalies rather than thrown: occupancy
 * screens must keep working while someone repairs the history.
 */
export function occupancy(
  events: readonly PlacementEvent[],
  asOf?: string,
): {
  byPlace: Map<string, Occupancy>;
  anomalies: OccupancyAnomaly[];
} {
  const current = new Map<string, { placeId: string; status: PlacementStatus }>();
  const anomalies: OccupancyAnomaly[] = [];
  for (const ev of events) {
    if (asOf !== undefined && ev.on > asOf) continue;
    const known = current.get(ev.placementId);
    if (!known) {
      if (ev.status !== "requested") {
        anomalies.push({ placementId: ev.placementId, code: "no_request", from: null, to: ev.status });
        continue;
      }
      current.set(ev.placementId, { placeId: ev.placeId, status: "requested" });
      continue;
    }
    if (known.placeId !== ev.placeId) {
      anomalies.push({
        placementId: ev.placementId,
        code: "place_changed",
        from: known.status,
        to: ev.status,
      });
      continue;
    }
    const legal = PLACEMENT_TRANSITIONS.some((t) => t.from === known.status && t.to === ev.status);
    if (!legal) {
      anomalies.push({
        placementId: ev.placementId,
        code: "illegal_transition",
        from: known.status,
        to: ev.status,
      });
      continue;
    }
    known.status = ev.status;
  }
  const byPlace = new Map<string, Occupancy>();
  for (const { placeId, status } of current.values()) {
    const o = byPlace.get(placeId) ?? { occupied: 0, reserved: 0 };
    if (status === "admitted") o.occupied += 1;
    else if (status === "accepted") o.reserved += 1;
    byPlace.set(placeId, o);
  }
  return { byPlace, anomalies };
}

/**
 * Whether one more person can be admitted. `fromReservation`: the person's placement was accepted, so
 * their bed is already counted in `reserved` and admission only converts it.
 */
export function canAdmit({
  capacity,
  occupied,
  reserved = 0,
  fromReservation = false,
}: {
  capacity: number;
  occupied: number;
  reserved?: number;
  fromReservation?: boolean;
}): boolean {
  if (![capacity, occupied, reserved].every((n) => Number.isInteger(n) && n >= 0)) {
    throw new AppError("VALIDATION_FAILED", "Capaciteit en bezetting moeten gehele getallen ≥ 0 zijn.");
  }
  // Converting a reservation never raises occupied + reserved, so it cannot break the invariant, and a
  // bed promised before a capacity reduction stays promised.
  if (fromReservation) return reserved >= 1;
  return occupied + reserved + 1 <= capacity;
}

/** Whether a shelter can accept one more placement request (it will reserve a bed). */
export function canAccept({
  capacity,
  occupied,
  reserved,
}: {
  capacity: number;
  occupied: number;
  reserved: number;
}): boolean {
  return canAdmit({ capacity, occupied, reserved, fromReservation: false });
}

/** Whether `party` may take `action` now: the check the UI uses to show buttons. */
export function placementActionAllowed({
  from,
  action,
  party,
}: {
  from: PlacementStatus;
  action: PlacementAction;
  party: PlacementParty;
}): boolean {
  const check = checkTransition({ table: PLACEMENT_TRANSITIONS, from, action, party, reason: "x" });
  return check.ok;
}
