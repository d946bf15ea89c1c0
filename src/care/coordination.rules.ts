/**
 * @module coordination.rules
 * Which care coordinator (zorgcoördinator) takes a new case, how well the country is covered, and the
 * transfer of a case between coordinators.
 *
 * ## Assignment
 * Municipalities organise care coordination per care region (the 35 centre-municipality regions,
 * configurable reference data in `reference/regions`). A new case goes to an active coordinating
 * organisation of the region of the municipality where the victim was **found**, else where the
 * victim **lives** (the order is configurable). Found-first because the victim is there now and needs
 * safety today; the home municipality may be exactly where the exploiter is. Where no region has an
 * active coordinator, the case goes to the national fallback: CoMensha coordinates remotely where a
 * region has none (DOMAIN-FACTS §2.3). Some regions split coordination by age (e.g. under/over 23), so
 * a coordinator can carry an age range; with the age unknown, every coordinator of the region is
 * eligible and the first in the given order wins (the list order is the region's own preference).
 *
 * ## Transfers
 * One explicit table (`TRANSFER_TRANSITIONS`), Primero's transfer adapted: the current coordinator
 * requests, the receiving coordinator accepts or declines (with a reason), the requester may withdraw
 * while it is pending, and the receiver completes it once it has actually taken over. Ownership of the
 * case moves only at `completed`, so a victim is never without a responsible coordinator.
 */
import { AppError } from "../platform/errors";
import {
  type DeclineReason,
  DeclineReasonSchema,
  type TransferReason,
  TransferReasonSchema,
} from "./care.vocabulary";
import { edge, requireTransition, type TransitionEdge } from "./transitions.rules";

/** An organisation that coordinates care in a region. */
export type Coordinator = {
  organisationId: string;
  /** Inclusive age bounds in whole years, when the region splits coordination by age. */
  ageRange?: { min?: number; max?: number };
};

/** Municipality code (CBS `GM####`) → care-region code. */
export type RegionLookup = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

function regionOf(lookup: RegionLookup, municipality: string): string | undefined {
  if (lookup instanceof Map) return lookup.get(municipality);
  return Object.hasOwn(lookup, municipality)
    ? (lookup as Readonly<Record<string, string>>)[municipality]
    : undefined;
}

export const COORDINATION_BASES = ["found", "lives"] as const;
export type CoordinationBasis = (typeof COORDINATION_BASES)[number];
/** Default preference: where the victim was found, then where the victim lives (see module header). */
export const DEFAULT_COORDINATION_PREFERENCE: readonly CoordinationBasis[] = ["found", "lives"];

export type AssignmentStep = {
  basis: CoordinationBasis;
  municipality: string | null;
  regionCode: string | null;
  outcome:
    | "no_municipality"
    | "municipality_without_region"
    | "no_active_coordinator"
    | "no_coordinator_for_age"
    | "assigned";
};

export type CoordinatorAssignment =
  | {
      assigned: true;
      coordinator: Coordinator;
      basis: CoordinationBasis | "fallback";
      regionCode: string | null;
      /** Other eligible coordinators in the same region (for a manual override). */
      alternatives: Coordinator[];
      /** How we got here: one step per tried basis. */
      trail: AssignmentStep[];
    }
  | { assigned: false; trail: AssignmentStep[] };

function fitsAge(c: Coordinator, age: number | null | undefined): boolean {
  if (age === null || age === undefined || c.ageRange === undefined) return true;
  const { min, max } = c.ageRange;
  return (min === undefined || age >= min) && (max === undefined || age <= max);
}

/**
 * Choose the coordinating organisation for a new case. Pure; the caller passes the active coordinators
 * per region as they are today.
 */
export function assignCoordinator({
  foundMunicipality,
  residenceMunicipality,
  age,
  regionLookup,
  activeCoordinatorsByRegion,
  preference = DEFAULT_COORDINATION_PREFERENCE,
  fallback = null,
}: {
  foundMunicipality: string | null;
  residenceMunicipality: string | null;
  /** Age in whole years when known; only used for age-scoped coordinators. */
  age?: number | null;
  regionLookup: RegionLookup;
  activeCoordinatorsByRegion: Readonly<Record<string, readonly Coordinator[]>>;
  preference?: readonly CoordinationBasis[];
  /** The national fallback (CoMensha), used when no region has an eligible coordinator. */
  fallback?: Coordinator | null;
}): CoordinatorAssignment {
  const trail: AssignmentStep[] = [];
  const seen = new Set<CoordinationBasis>();
  for (const basis of preference) {
    if (seen.has(basis)) continue;
    seen.add(basis);
    const municipality = basis === "found" ? foundMunicipality : residenceMunicipality;
    if (!municipality) {
      trail.push({ basis, municipality: null, regionCode: null, outcome: "no_municipality" });
      continue;
    }
    const regionCode = regionOf(regionLookup, municipality) ?? null;
    if (regionCode === null) {
      trail.push({ basis, municipality, regionCode, outcome: "municipality_without_region" });
      continue;
    }
    const active = activeCoordinatorsByRegion[regionCode] ?? [];
    if (active.length === 0) {
      trail.push({ basis, municipality, regionCode, outcome: "no_active_coordinator" });
      continue;
    }
    const eligible = active.filter((c) => fitsAge(c, age));
    if (eligible.length === 0) {
      trail.push({ basis, municipality, regionCode, outcome: "no_coordinator_for_age" });
      continue;
    }
    trail.push({ basis, municipality, regionCode, outcome: "assigned" });
    const [coordinator, ...alternatives] = eligible as [Coordinator, ...Coordinator[]];
    return { assigned: true, coordinator, basis, regionCode, alternatives, trail };
  }
  if (fallback)
    return {
      assigned: true,
      coordinator: fallback,
      basis: "fallback",
      regionCode: null,
      alternatives: [],
      trail,
    };
  return { assigned: false, trail };
}

export type CoverageReport = {
  municipalityCount: number;
  /** Municipalities whose region has at least one active coordinator. */
  coveredCount: number;
  /** coveredCount / municipalityCount (1 when there are no municipalities). */
  coveredShare: number;
  /** Municipalities that are in no care region at all (a reference-data gap). */
  municipalitiesWithoutRegion: string[];
  /** Municipalities in a region without an active coordinator. */
  municipalitiesWithoutCoordinator: string[];
  /** Regions (known from the lookup or listed in `regions`) without an active coordinator. */
  regionsWithoutCoordinator: string[];
  byRegion: { regionCode: string; municipalities: number; activeCoordinators: number }[];
};

/**
 * National coverage of care coordination, the programme indicator "landelijk dekkend netwerk van
 * zorgcoördinatoren". Lists are sorted for stable output.
 */
export function coverageReport({
  municipalities,
  regionLookup,
  activeCoordinatorsByRegion,
  regions = [],
}: {
  municipalities: readonly string[];
  regionLookup: RegionLookup;
  activeCoordinatorsByRegion: Readonly<Record<string, readonly Coordinator[]>>;
  /** Regions to report even when no listed municipality belongs to them. */
  regions?: readonly string[];
}): CoverageReport {
  const unique = [...new Set(municipalities)].sort();
  const perRegion = new Map<string, number>(regions.map((r) => [r, 0]));
  const withoutRegion: string[] = [];
  const withoutCoordinator: string[] = [];
  let covered = 0;
  const activeCount = (r: string) => (activeCoordinatorsByRegion[r] ?? []).length;
  for (const m of unique) {
    const r = regionOf(regionLookup, m);
    if (r === undefined) {
      withoutRegion.push(m);
      continue;
    }
    perRegion.set(r, (perRegion.get(r) ?? 0) + 1);
    if (activeCount(r) > 0) covered += 1;
    else withoutCoordinator.push(m);
  }
  const byRegion = [...perRegion.entries()]
    .map(([regionCode, count]) => ({
      regionCode,
      municipalities: count,
      activeCoordinators: activeCount(regionCode),
    }))
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  return {
    municipalityCount: unique.length,
    coveredCount: covered,
    coveredShare: unique.length === 0 ? 1 : covered / unique.length,
    municipalitiesWithoutRegion: withoutRegion,
    municipalitiesWithoutCoordinator: withoutCoordinator,
    regionsWithoutCoordinator: byRegion.filter((r) => r.activeCoordinators === 0).map((r) => r.regionCode),
    byRegion,
  };
}

// ------------------------------------------------------------------------------------------------
// Transfers between coordinators
// ------------------------------------------------------------------------------------------------

export const TRANSFER_STATUSES = ["requested", "accepted", "declined", "withdrawn", "completed"] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const TRANSFER_ACTIONS = ["accept", "decline", "withdraw", "complete"] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];
/** The current coordinator sends; the other coordinator receives. */
export type TransferParty = "sending_coordinator" | "receiving_coordinator";

const SENDER: readonly TransferParty[] = ["sending_coordinator"];
const RECEIVER: readonly TransferParty[] = ["receiving_coordinator"];

/** Every allowed change of a transfer. Final: declined, withdrawn, completed. */
export const TRANSFER_TRANSITIONS: readonly TransitionEdge<TransferStatus, TransferAction, TransferParty>[] =
  Object.freeze([
    edge("requested", "accept", "accepted", RECEIVER),
    edge("requested", "decline", "declined", RECEIVER, true),
    edge("requested", "withdraw", "withdrawn", SENDER),
    edge("accepted", "complete", "completed", RECEIVER),
  ]);
export const FINAL_TRANSFER_STATUSES: readonly TransferStatus[] = ["declined", "withdrawn", "completed"];
/** Statuses in which a transfer blocks another transfer of the same case and the case's closure. */
export const OPEN_TRANSFER_STATUSES: readonly TransferStatus[] = ["requested", "accepted"];

export type TransferRequest = {
  fromOrganisationId: string;
  toOrganisationId: string;
  reason: TransferReason;
  /** Required when the reason is `other`. Free text: mapped to care_plan, never shown in lists. */
  note?: string | null;
};

/**
 * Validate a new transfer request. Throws VALIDATION_FAILED for bad input and CONFLICT when the case
 * already has an open transfer (the database must enforce the same, see README "Invariants").
 */
export function validateTransferRequest({
  request,
  openTransfers,
}: {
  request: TransferRequest;
  /** Number of transfers of this case in an open status. */
  openTransfers: number;
}): void {
  const fields: { field: string; message: string }[] = [];
  if (!request.fromOrganisationId) fields.push({ field: "fromOrganisationId", message: "required" });
  if (!request.toOrganisationId) fields.push({ field: "toOrganisationId", message: "required" });
  if (request.fromOrganisationId && request.fromOrganisationId === request.toOrganisationId) {
    fields.push({ field: "toOrganisationId", message: "must differ from the current coordinator" });
  }
  if (!TransferReasonSchema.safeParse(request.reason).success)
    fields.push({ field: "reason", message: "unknown reason" });
  if (request.reason === "other" && !request.note?.trim())
    fields.push({ field: "note", message: "required for reason other" });
  if (fields.length > 0) throw new AppError("VALIDATION_FAILED", "Ongeldig overdrachtsverzoek.", { fields });
  if (openTransfers > 0)
    throw new AppError("CONFLICT", "OPEN_TRANSFER_EXISTS: er loopt al een overdracht voor deze zaak.");
}

/**
 * Apply one action to a transfer and return the new status. Declining needs a reason from
 * `DECLINE_REASONS`, and a note when the reason is `other`.
 */
export function transferTransition({
  from,
  action,
  party,
  declineReason,
  note,
}: {
  from: TransferStatus;
  action: TransferAction;
  party: TransferParty;
  declineReason?: DeclineReason | null;
  note?: string | null;
}): TransferStatus {
  const e = requireTransition({
    table: TRANSFER_TRANSITIONS,
    from,
    action,
    party,
    reason: declineReason ?? null,
  });
  if (action === "decline") {
    if (!DeclineReasonSchema.safeParse(declineReason).success) {
      throw new AppError("VALIDATION_FAILED", "Onbekende reden.", {
        fields: [{ field: "declineReason", message: "unknown" }],
      });
    }
    if (declineReason === "other" && !note?.trim()) {
      throw new AppError("VALIDATION_FAILED", "Toelichting vereist.", {
        fields: [{ field: "note", message: "required" }],
      });
    }
  }
  return e.to;
}
