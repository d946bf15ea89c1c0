/**
 * @module shelter.service
 * Shelter places with live capacity, and placements: the coordinator searches fitting places and
 * requests one; the shelter accepts (reserving a bed) or declines with a reason; admission and
 * discharge follow. Occupancy is derived from placements and can never exceed capacity: the place
 * row is locked while a bed is reserved or taken.
 */
import { can } from "../accounts/permissions.rules";
import { appendAudit } from "../audit/audit.repository";
import { insertGrant } from "../persons/person.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import type {
  AccessibilityFeature,
  DeclineReason,
  DischargeReason,
  ShelterPlaceType,
} from "./care.vocabulary";
import { type AvailablePlace, canAccept, matchPlaces, type PlacementCriteria } from "./shelter.rules";

export type PlaceInput = {
  name: string;
  placeType: ShelterPlaceType;
  careRegionCode?: string | null;
  capacity: number;
  genders: string[];
  minAge: number;
  maxAge: number | null;
  forms: string[];
  languages: string[];
  accessibility: AccessibilityFeature[];
  acceptsChildren: boolean;
  active: boolean;
};

type PlaceRow = {
  id: string;
  organisation_id: string;
  organisation_name: string;
  name: string;
  place_type: ShelterPlaceType;
  care_region_code: string | null;
  capacity: number;
  genders: string[];
  min_age: number;
  max_age: number | null;
  forms: string[];
  languages: string[];
  accessibility: AccessibilityFeature[];
  accepts_children: boolean;
  active: boolean;
  occupied: number;
  reserved: number;
};

const PLACES = `select p.*, o.name as organisation_name,
    (select count(*) from placements x where x.place_id = p.id and x.status = 'admitted')::int8 as occupied,
    (select count(*) from placements x where x.place_id = p.id and x.status = 'accepted')::int8 as reserved
  from shelter_places p join organisations o on o.id = p.organisation_id`;

const audit = (
  tx: Queryable,
  viewer: Viewer,
  action: string,
  objectType: string,
  id: string,
  details: Record<string, unknown>,
) =>
  appendAudit(tx, {
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    requestId: viewer.requestId,
    action,
    objectType,
    objectId: id,
    purpose: "care",
    details,
  });

export function presentPlace(p: PlaceRow) {
  return {
    id: p.id,
    organisationId: p.organisation_id,
    organisation: p.organisation_name,
    name: p.name,
    placeType: p.place_type,
    careRegionCode: p.care_region_code,
    capacity: p.capacity,
    occupied: p.occupied,
    reserved: p.reserved,
    free: Math.max(0, p.capacity - p.occupied - p.reserved),
    genders: p.genders,
    minAge: p.min_age,
    maxAge: p.max_age,
    forms: p.forms,
    languages: p.languages,
    accessibility: p.accessibility,
    acceptsChildren: p.accepts_children,
    active: p.active,
  };
}

/** A shelter publishes or updates one of its places. */
export async function savePlace(deps: Deps, viewer: Viewer, input: PlaceInput, id?: string): Promise<string> {
  if (viewer.organisationType !== "shelter" && viewer.organisationType !== "youth_care") {
    throw new AppError(
      "FORBIDDEN",
      "Alleen opvangorganisaties beheren plaatsen. / Only shelters manage places.",
    );
  }
  return deps.db.transaction(async (tx) => {
    const values = [
      input.name,
      input.placeType,
      input.careRegionCode ?? null,
      input.capacity,
      input.genders,
      input.minAge,
      input.maxAge,
      input.forms,
      input.languages,
      input.accessibility,
      input.acceptsChildren,
      input.active,
      deps.now().toISOString(),
    ];
    let placeId = id;
    if (placeId) {
      const rows = await tx.query(
        `update shelter_places set name = $3, place_type = $4, care_region_code = $5, capacity = $6, genders = $7, min_age = $8, max_age = $9,
           forms = $10, languages = $11, accessibility = $12, accepts_children = $13, active = $14, updated_at = $15
         where id = $1 and organisation_id = $2 returning id`,
        [placeId, viewer.organisationId, ...values],
      );
      if (rows.length === 0) throw notFound();
    } else {
      const [row] = await tx.query<{ id: string }>(
        `insert into shelter_places (organisation_id, name, place_type, care_region_code, capacity, genders, min_age, max_age, forms, languages,
           accessibility, accepts_children, active, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
        [viewer.organisationId, ...values],
      );
      placeId = row!.id;
    }
    await audit(tx, viewer, "shelter_place.saved", "shelter_place", placeId, {
      capacity: input.capacity,
      active: input.active,
    });
    return placeId;
  });
}

export async function listPlaces(deps: Deps, organisationId?: string) {
  const rows = organisationId
    ? await deps.db.query<PlaceRow>(`${PLACES} where p.organisation_id = $1 order by p.name`, [
        organisationId,
      ])
    : await deps.db.query<PlaceRow>(`${PLACES} order by o.name, p.name`);
  return rows.map(presentPlace);
}

/** Fitting places first (with reasons), then the others with why they do not fit. */
export async function searchPlaces(deps: Deps, criteria: PlacementCriteria) {
  const rows = await deps.db.query<PlaceRow>(PLACES);
  const available: AvailablePlace[] = rows.map((p) => ({
    id: p.id,
    shelterOrganisationId: p.organisation_id,
    type: p.place_type,
    regionCode: p.care_region_code,
    capacity: p.capacity,
    genders: p.genders as AvailablePlace["genders"],
    ageRange: { min: p.min_age, max: p.max_age },
    forms: p.forms as AvailablePlace["forms"],
    languages: p.languages,
    accessibility: p.accessibility,
    acceptsAccompanyingChildren: p.accepts_children,
    active: p.active,
    occupied: p.occupied,
    reserved: p.reserved,
  }));
  const result = matchPlaces(criteria, available);
  const byId = new Map(rows.map((r) => [r.id, presentPlace(r)]));
  return {
    matches: result.matches.map((m) => ({ ...m, place: byId.get(m.placeId)! })),
    mismatches: result.mismatches.map((m) => ({ ...m, place: byId.get(m.placeId)! })),
  };
}

type PlacementRow = {
  id: string;
  case_id: string;
  place_id: string;
  status: string;
  place_organisation_id: string;
  case_organisation_id: string;
  person_id: string;
};

async function findPlacement(tx: Queryable, id: string): Promise<PlacementRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await tx.query<PlacementRow>(
    `select x.id, x.case_id, x.place_id, x.status, p.organisation_id as place_organisation_id, c.organisation_id as case_organisation_id, c.person_id
     from placements x join shelter_places p on p.id = x.place_id join cases c on c.id = x.case_id where x.id = $1`,
    [id],
  );
  return row ?? null;
}

/** The coordinator holding the case asks a shelter for a place; the shelter may then open the victim's record for care. */
export async function requestPlacement(
  deps: Deps,
  viewer: Viewer,
  caseId: string,
  placeId: string,
): Promise<string> {
  return deps.db.transaction((tx) => requestPlacementIn(tx, deps, viewer, { caseId, placeId }));
}

/**
 * One request for each case of a group (a large-group intake) to the same place, all or nothing:
 * the shelter then accepts or declines each, and every acceptance is checked against the beds.
 */
export async function requestPlacements(
  deps: Deps,
  viewer: Viewer,
  input: { placeId: string; caseIds: string[] },
): Promise<string[]> {
  if (new Set(input.caseIds).size !== input.caseIds.length)
    throw new AppError(
      "VALIDATION_FAILED",
      "Een dossier staat twee keer in de lijst. / A case is listed twice.",
      {
        fields: [{ field: "caseIds", message: "duplicate case id" }],
      },
    );
  return deps.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (const [i, caseId] of input.caseIds.entries())
      ids.push(
        await requestPlacementIn(tx, deps, viewer, { caseId, placeId: input.placeId, field: `caseIds.${i}` }),
      );
    return ids;
  });
}

async function requestPlacementIn(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  { caseId, placeId, field }: { caseId: string; placeId: string; field?: string },
): Promise<string> {
  const [kase] = await tx.query<{ person_id: string; organisation_id: string; status: string }>(
    "select person_id, organisation_id, status from cases where id = $1",
    [caseId],
  );
  if (!kase || kase.organisation_id !== viewer.organisationId) {
    // In a group, name the entry; a single request answers as for any id the viewer may not see.
    if (field)
      throw new AppError(
        "VALIDATION_FAILED",
        "Een van de dossiers is onbekend of niet van uw organisatie. / One of the cases is unknown or not your organisation's.",
        { fields: [{ field, message: "unknown case" }] },
      );
    throw notFound();
  }
  if (kase.status !== "open")
    throw new AppError("CONFLICT", "Het dossier is gesloten. / The case is closed.", {
      fields: field ? [{ field, message: "case closed" }] : [],
    });
  const [place] = await tx.query<{ organisation_id: string; active: boolean }>(
    "select organisation_id, active from shelter_places where id = $1",
    [placeId],
  );
  if (!place)
    throw new AppError("VALIDATION_FAILED", "Onbekende plaats. / Unknown place.", {
      fields: [{ field: "placeId", message: "unknown place" }],
    });
  if (!place.active)
    throw new AppError("CONFLICT", "Deze plaats is niet beschikbaar. / This place is not available.");
  const at = deps.now();
  const [row] = await tx.query<{ id: string }>(
    "insert into placements (case_id, place_id, status, requested_by, requested_at) values ($1, $2, 'requested', $3, $4) returning id",
    [caseId, placeId, viewer.userId, at.toISOString()],
  );
  await insertGrant(tx, {
    personId: kase.person_id,
    organisationId: place.organisation_id,
    purpose: "care",
    conditions: [],
    via: "placement_request",
    grantedBy: viewer.userId,
    at,
  });
  await audit(tx, viewer, "placement.requested", "placement", row!.id, { caseId, placeId });
  return row!.id;
}

/** Locks the place and counts its beds: the one place where the capacity invariant is enforced. */
async function lockedOccupancy(
  tx: Queryable,
  placeId: string,
): Promise<{ capacity: number; occupied: number; reserved: number }> {
  const [place] = await tx.query<{ capacity: number }>(
    "select capacity from shelter_places where id = $1 for update",
    [placeId],
  );
  const [counts] = await tx.query<{ occupied: number; reserved: number }>(
    `select count(*) filter (where status = 'admitted')::int8 as occupied, count(*) filter (where status = 'accepted')::int8 as reserved
     from placements where place_id = $1`,
    [placeId],
  );
  return { capacity: place!.capacity, occupied: counts!.occupied, reserved: counts!.reserved };
}

/** The shelter decides: accepting reserves a bed, refused when none is free. */
export async function decidePlacement(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { accept: boolean; reason?: DeclineReason; note?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const placement = await findPlacement(tx, id);
    if (
      !placement ||
      placement.place_organisation_id !== viewer.organisationId ||
      !can(viewer.roles, "shelter:manage")
    )
      throw notFound();
    if (input.accept && !canAccept(await lockedOccupancy(tx, placement.place_id))) {
      throw new AppError("CONFLICT", "Er is geen plaats meer vrij. / No place is free any more.");
    }
    const rows = await tx.query(
      `update placements set status = $2, decided_by = $3, decided_at = $4, decline_reason = $5 where id = $1 and status = 'requested' returning id`,
      [
        id,
        input.accept ? "accepted" : "declined",
        viewer.userId,
        deps.now().toISOString(),
        input.accept ? null : (input.reason ?? "other"),
      ],
    );
    if (rows.length === 0)
      throw new AppError("CONFLICT", "Over dit verzoek is al besloten. / This request was already decided.");
    await audit(tx, viewer, input.accept ? "placement.accepted" : "placement.declined", "placement", id, {
      reason: input.reason ?? null,
    });
  });
}

/** Admission turns the reserved bed into an occupied one; discharge frees it. */
export async function moveInOrOut(
  deps: Deps,
  viewer: Viewer,
  id: string,
  step: { kind: "admit" } | { kind: "discharge"; reason: DischargeReason },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const placement = await findPlacement(tx, id);
    if (
      !placement ||
      placement.place_organisation_id !== viewer.organisationId ||
      !can(viewer.roles, "shelter:manage")
    )
      throw notFound();
    await lockedOccupancy(tx, placement.place_id);
    const at = deps.now().toISOString();
    const rows =
      step.kind === "admit"
        ? await tx.query(
            "update placements set status = 'admitted', admitted_at = $2 where id = $1 and status = 'accepted' returning id",
            [id, at],
          )
        : await tx.query(
            "update placements set status = 'discharged', discharged_at = $2, discharge_reason = $3 where id = $1 and status = 'admitted' returning id",
            [id, at, step.reason],
          );
    if (rows.length === 0)
      throw new AppError(
        "CONFLICT",
        step.kind === "admit"
          ? "Alleen een geaccepteerde plaatsing kan worden opgenomen. / Only an accepted placement can be admitted."
          : "Alleen een opgenomen persoon kan vertrekken. / Only an admitted person can be discharged.",
      );
    await audit(
      tx,
      viewer,
      `placement.${step.kind === "admit" ? "admitted" : "discharged"}`,
      "placement",
      id,
      {},
    );
  });
}

export async function listPlacements(deps: Deps, viewer: Viewer) {
  const rows = await deps.db.query<{
    id: string;
    case_number: string;
    place_name: string;
    status: string;
    requested_at: Date;
    place_organisation_id: string;
  }>(
    `select x.id, c.case_number, p.name as place_name, x.status, x.requested_at, p.organisation_id as place_organisation_id
     from placements x join shelter_places p on p.id = x.place_id join cases c on c.id = x.case_id
     where p.organisation_id = $1 or c.organisation_id = $1 order by x.requested_at desc limit 500`,
    [viewer.organisationId],
  );
  return rows.map((r) => ({
    id: r.id,
    caseNumber: r.case_number,
    place: r.place_name,
    status: r.status,
    requestedAt: r.requested_at.toISOString(),
    side: r.place_organisation_id === viewer.organisationId ? "shelter" : "coordinator",
  }));
}
