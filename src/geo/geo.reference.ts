/**
 * @module geo.reference
 * Reads the reference geography shipped in reference/geo (CBS 2023 division, provenance in
 * reference/geo/ADMIN.md) and the replaceable region sets in reference/regions.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { z } from "zod";

export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../reference");
export const BOUNDARIES_FILE = path.join(REFERENCE_DIR, "geo/gemeenten-veiligheidsregios-2023.topo.json");

export type PoliceUnit = { id: string; name: string };
export type SafetyRegion = { code: string; name: string; province: string; policeUnitId: string };
export type Municipality = {
  code: string;
  name: string;
  displayName: string | null;
  province: string;
  safetyRegionCode: string;
  policeUnitId: string;
};
export type Geography = {
  policeUnits: PoliceUnit[];
  safetyRegions: SafetyRegion[];
  municipalities: Municipality[];
};

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(REFERENCE_DIR, "geo", file), "utf8"), {
    columns: true,
    skip_empty_lines: true,
  });
}

export function readGeography(): Geography {
  return {
    policeUnits: readCsv("police-units.csv").map((r) => ({ id: r.police_unit_id!, name: r.police_unit! })),
    safetyRegions: readCsv("safety-regions.csv").map((r) => ({
      code: r.vr_code!,
      name: r.vr_name!,
      province: r.province!,
      policeUnitId: r.police_unit_id!,
    })),
    municipalities: readCsv("municipalities-2023.csv").map((r) => ({
      code: r.gm_code!,
      name: r.name!,
      displayName: r.display_name || null,
      province: r.province!,
      safetyRegionCode: r.vr_code!,
      policeUnitId: r.police_unit_id!,
    })),
  };
}

/** A set of regions covering municipalities: care-coordination regions or RIEC regions. */
export const RegionSetSchema = z.object({
  kind: z.enum(["care_regions", "riec_regions"]),
  isExample: z.boolean(),
  source: z.string().min(1),
  regions: z
    .array(
      z.object({
        code: z.string().regex(/^[a-z0-9-]{2,64}$/, "lowercase letters, digits and hyphens"),
        name: z.string().min(1).max(200),
        municipalities: z.array(z.string().regex(/^GM\d{4}$/, "CBS code like GM0363")),
      }),
    )
    .min(1),
});
export type RegionSet = z.infer<typeof RegionSetSchema>;

export type RegionSetProblem = { field: string; message: string };

/** Checks a region set against the geography: known codes, each municipality in at most one region, unique region codes. */
export function checkRegionSet(set: RegionSet, municipalityCodes: ReadonlySet<string>): RegionSetProblem[] {
  const problems: RegionSetProblem[] = [];
  const seenRegions = new Set<string>();
  const seenMunicipalities = new Map<string, string>();
  set.regions.forEach((region, i) => {
    if (seenRegions.has(region.code))
      problems.push({ field: `regions.${i}.code`, message: `duplicate region code ${region.code}` });
    seenRegions.add(region.code);
    region.municipalities.forEach((code, j) => {
      if (!municipalityCodes.has(code))
        problems.push({ field: `regions.${i}.municipalities.${j}`, message: `unknown municipality ${code}` });
      const other = seenMunicipalities.get(code);
      if (other)
        problems.push({
          field: `regions.${i}.municipalities.${j}`,
          message: `${code} is already in region ${other}`,
        });
      seenMunicipalities.set(code, region.code);
    });
  });
  return problems;
}

export function readRegionSetFile(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

export const EXAMPLE_REGION_FILES = {
  care_regions: path.join(REFERENCE_DIR, "regions/care-regions.example.json"),
  riec_regions: path.join(REFERENCE_DIR, "regions/riec-regions.example.json"),
} as const;
