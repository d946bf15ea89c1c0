/**
 * @module bootstrap
 * Opens the configured database, applies migrations, loads reference data and, in demo mode,
 * seeds an empty database. Shared by the server and the CLI commands.
 */
import { formatDemoLogins, seedDemoIfEmpty } from "../demo/demo.seed";
import { loadReferenceGeography } from "../geo/geo.service";
import { loadSharingRules } from "../sharing/sharing-rules.load";
import { createFieldCipher, loadKeyRing } from "./crypto";
import { migrate } from "./db/migrate";
import { openDatabase } from "./db/open";
import type { Deps } from "./deps";
import type { Env } from "./env";
import { createLogger, type Logger } from "./logger";

export async function openDeps(
  env: Env,
  command: string,
  logger: Logger = createLogger({ level: env.SAMEN_LOG_LEVEL }),
): Promise<Deps> {
  const sharingRules = loadSharingRules(); // before opening the database: a bad rule file stops the start
  const db = await openDatabase(env, command);
  return {
    db,
    env,
    cipher: createFieldCipher(loadKeyRing(env)),
    logger,
    now: () => new Date(),
    sharingRules,
  };
}

/** Migrations, reference data and (demo mode, empty database) demo data. Returns the demo logins text if seeded. */
export async function prepareDatabase(deps: Deps): Promise<string | null> {
  const applied = await migrate(deps.db);
  if (applied.length) deps.logger.info("db.migrated", { applied: applied.join(",") });
  await loadReferenceGeography(deps.db);
  if (!deps.env.SAMEN_DEMO_MODE) return null;
  const logins = await seedDemoIfEmpty(deps);
  return logins ? formatDemoLogins(logins) : null;
}
