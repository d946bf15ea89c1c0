/**
 * @module coordination.repository
 * SQL for care-coordination regions' coordinating organisations.
 */
import type { Queryable } from "../platform/db/database";
import type { Coordinator } from "./coordination.rules";

export type RegionCoordinatorRow = {
  care_region_code: string;
  organisation_id: string;
  organisation_name: string;
  min_age: number | null;
  max_age: number | null;
  active: boolean;
};

export async function listRegionCoordinators(db: Queryable): Promise<RegionCoordinatorRow[]> {
  return db.query<RegionCoordinatorRow>(
    `select c.care_region_code, c.organisation_id, o.name as organisation_name, c.min_age, c.max_age, c.active
     from care_region_coordinators c join organisations o on o.id = c.organisation_id order by c.care_region_code, o.name`,
  );
}

export async function upsertRegionCoordinator(
  tx: Queryable,
  c: {
    regionCode: string;
    organisationId: string;
    minAge: number | null;
    maxAge: number | null;
    active: boolean;
    by: string | null;
    at: Date;
  },
): Promise<void> {
  await tx.query(
    `insert into care_region_coordinators (care_region_code, organisation_id, min_age, max_age, active, updated_by, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (care_region_code, organisation_id) do update set min_age = excluded.min_age, max_age = excluded.max_age,
       active = excluded.active, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [c.regionCode, c.organisationId, c.minAge, c.maxAge, c.active, c.by, c.at.toISOString()],
  );
}

/** Active coordinators per region, in the shape the pure rules take. */
export async function activeCoordinatorsByRegion(db: Queryable): Promise<Record<string, Coordinator[]>> {
  const out: Record<string, Coordinator[]> = {};
  for (const r of (await listRegionCoordinators(db)).filter((r) => r.active)) {
    const ageRange =
      r.min_age !== null || r.max_age !== null
        ? {
            ...(r.min_age !== null ? { min: r.min_age } : {}),
            ...(r.max_age !== null ? { max: r.max_age } : {}),
          }
        : undefined;
    out[r.care_region_code] = out[r.care_region_code] ?? [];
    out[r.care_region_code]!.push({
      organisationId: r.organisation_id,
      ...(ageRange ? { ageRange } : {}),
    });
  }
  return out;
}

export async function municipalityRegions(
  db: Queryable,
): Promise<{ municipalities: string[]; regionLookup: Record<string, string>; regions: string[] }> {
  const rows = await db.query<{ code: string; care_region_code: string | null }>(
    "select m.code, c.care_region_code from municipalities m left join care_region_municipalities c on c.municipality_code = m.code order by m.code",
  );
  const regions = (await db.query<{ code: string }>("select code from care_regions order by code")).map(
    (r) => r.code,
  );
  const regionLookup: Record<string, string> = {};
  for (const r of rows) if (r.care_region_code) regionLookup[r.code] = r.care_region_code;
  return { municipalities: rows.map((r) => r.code), regionLookup, regions };
}
