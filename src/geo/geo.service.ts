/**
 * @module geo.service
 * Loading reference geography at start, and replacing region sets (administrator, audited).
 */
import { appendAudit } from "../audit/audit.repository";
import type { Db, Queryable } from "../platform/db/database";
import type { Actor } from "../platform/deps";
import { AppError } from "../platform/errors";
import {
  checkRegionSet,
  EXAMPLE_REGION_FILES,
  type RegionSet,
  RegionSetSchema,
  readGeography,
  readRegionSetFile,
} from "./geo.reference";
import { regionSetIsEmpty, replaceRegionSet, syncGeography } from "./geo.repository";

/** Synchronises geography and, on first start only, installs the example region sets. */
export async function loadReferenceGeography(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await syncGeography(tx, readGeography());
    for (const [kind, file] of Object.entries(EXAMPLE_REGION_FILES) as [RegionSet["kind"], string][]) {
      if (await regionSetIsEmpty(tx, kind))
        await replaceRegionSet(tx, parseRegionSet(readRegionSetFile(file), await municipalityCodes(tx)));
    }
  });
}

async function municipalityCodes(db: Queryable): Promise<Set<string>> {
  return new Set((await db.query<{ code: string }>("select code from municipalities")).map((r) => r.code));
}

/** Validates a region set; throws VALIDATION_FAILED naming every problem. */
export function parseRegionSet(input: unknown, codes: ReadonlySet<string>): RegionSet {
  const parsed = RegionSetSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "Het regiobestand is ongeldig. / The region file is invalid.", {
      fields: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    });
  }
  const problems = checkRegionSet(parsed.data, codes);
  if (problems.length)
    throw new AppError(
      "VALIDATION_FAILED",
      "Het regiobestand klopt niet met de gemeenten. / The region file does not match the municipalities.",
      { fields: problems },
    );
  return parsed.data;
}

export async function importRegionSet(db: Db, actor: Actor, input: unknown): Promise<RegionSet> {
  return db.transaction(async (tx) => {
    const set = parseRegionSet(input, await municipalityCodes(tx));
    await replaceRegionSet(tx, set);
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      requestId: actor.requestId,
      action: "reference.regions_replaced",
      objectType: set.kind,
      objectId: null,
      purpose: "administration",
      details: { regions: set.regions.length, isExample: set.isExample },
    });
    return set;
  });
}
