/**
 * @module geo.repository
 * Reference geography in the database: synchronised from the shipped files at every start
 * (they are authoritative), and the region sets that an administrator may replace.
 */
import type { Queryable } from "../platform/db/database";
import type { Geography, Municipality, PoliceUnit, RegionSet, SafetyRegion } from "./geo.reference";

export async function syncGeography(tx: Queryable, geo: Geography): Promise<void> {
  for (const p of geo.policeUnits) {
    await tx.query(
      "insert into police_units (id, name) values ($1, $2) on conflict (id) do update set name = excluded.name",
      [p.id, p.name],
    );
  }
  for (const s of geo.safetyRegions) {
    await tx.query(
      `insert into safety_regions (code, name, province, police_unit_id) values ($1, $2, $3, $4)
       on conflict (code) do update set name = excluded.name, province = excluded.province, police_unit_id = excluded.police_unit_id`,
      [s.code, s.name, s.province, s.policeUnitId],
    );
  }
  // One statement for 342 rows: PGlite round trips are the slow part of a first start.
  await tx.query(
    `insert into municipalities (code, name, display_name, province, safety_region_code, police_unit_id)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     on conflict (code) do update set name = excluded.name, display_name = excluded.display_name, province = excluded.province,
       safety_region_code = excluded.safety_region_code, police_unit_id = excluded.police_unit_id`,
    [
      geo.municipalities.map((m) => m.code),
      geo.municipalities.map((m) => m.name),
      geo.municipalities.map((m) => m.displayName),
      geo.municipalities.map((m) => m.province),
      geo.municipalities.map((m) => m.safetyRegionCode),
      geo.municipalities.map((m) => m.policeUnitId),
    ],
  );
}

const REGION_TABLES = {
  care_regions: { regions: "care_regions", members: "care_region_municipalities", fk: "care_region_code" },
  riec_regions: { regions: "riec_regions", members: "riec_region_municipalities", fk: "riec_region_code" },
} as const;

/** Replaces a whole region set (validated by the caller with checkRegionSet). */
export async function replaceRegionSet(tx: Queryable, set: RegionSet): Promise<void> {
  const t = REGION_TABLES[set.kind];
  await tx.query(`delete from ${t.members}`);
  await tx.query(`delete from ${t.regions}`);
  for (const r of set.regions) {
    await tx.query(`insert into ${t.regions} (code, name, is_example, source) values ($1, $2, $3, $4)`, [
      r.code,
      r.name,
      set.isExample,
      set.source,
    ]);
    await tx.query(`insert into ${t.members} (municipality_code, ${t.fk}) select unnest($1::text[]), $2`, [
      r.municipalities,
      r.code,
    ]);
  }
}

export async function regionSetIsEmpty(db: Queryable, kind: RegionSet["kind"]): Promise<boolean> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int8 as n from ${REGION_TABLES[kind].regions}`,
  );
  return row!.n === 0;
}

export async function listMunicipalities(
  db: Queryable,
): Promise<(Municipality & { careRegionCode: string | null; riecRegionCode: string | null })[]> {
  const rows = await db.query<{
    code: string;
    name: string;
    display_name: string | null;
    province: string;
    safety_region_code: string;
    police_unit_id: string;
    care_region_code: string | null;
    riec_region_code: string | null;
  }>(
    `select m.*, c.care_region_code, r.riec_region_code from municipalities m
     left join care_region_municipalities c on c.municipality_code = m.code
     left join riec_region_municipalities r on r.municipality_code = m.code
     order by m.name`,
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    displayName: r.display_name,
    province: r.province,
    safetyRegionCode: r.safety_region_code,
    policeUnitId: r.police_unit_id,
    careRegionCode: r.care_region_code,
    riecRegionCode: r.riec_region_code,
  }));
}

export async function listSafetyRegions(db: Queryable): Promise<SafetyRegion[]> {
  const rows = await db.query<{ code: string; name: string; province: string; police_unit_id: string }>(
    "select * from safety_regions order by code",
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    province: r.province,
    policeUnitId: r.police_unit_id,
  }));
}

export async function listPoliceUnits(db: Queryable): Promise<PoliceUnit[]> {
  return db.query<PoliceUnit>("select id, name from police_units order by name");
}

export type RegionSummary = {
  code: string;
  name: string;
  isExample: boolean;
  source: string;
  municipalities: string[];
};

export async function listRegions(db: Queryable, kind: RegionSet["kind"]): Promise<RegionSummary[]> {
  const t = REGION_TABLES[kind];
  const rows = await db.query<{
    code: string;
    name: string;
    is_example: boolean;
    source: string;
    municipalities: string[] | null;
  }>(
    `select r.code, r.name, r.is_example, r.source, array_remove(array_agg(m.municipality_code order by m.municipality_code), null) as municipalities
     from ${t.regions} r left join ${t.members} m on m.${t.fk} = r.code group by r.code order by r.name`,
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    isExample: r.is_example,
    source: r.source,
    municipalities: r.municipalities ?? [],
  }));
}
