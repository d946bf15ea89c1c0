/**
 * @module open
 * Chooses the database from configuration: DATABASE_URL → PostgreSQL, otherwise embedded PGlite.
 */
import type { Env } from "../env";
import type { Db } from "./database";
import { openPglite } from "./pglite";
import { openPostgres } from "./postgres";

export async function openDatabase(
  env: Pick<Env, "DATABASE_URL" | "SAMEN_DATA_DIR">,
  command: string,
): Promise<Db> {
  if (env.DATABASE_URL) return openPostgres({ url: env.DATABASE_URL });
  return openPglite({ dataDir: env.SAMEN_DATA_DIR, command });
}
