/**
 * @module migrate
 * Versioned, forward-only migrations: plain SQL files `migrations/NNNN_name.sql`, applied in order
 * in one transaction under an advisory lock, so two starting servers cannot apply them twice.
 * An applied migration whose file changed is an error: history is never rewritten.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Db } from "./database";

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../migrations",
);

export type Migration = { version: string; name: string; sql: string; checksum: string };

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const LOCK_KEY = 7_361_001; // arbitrary, constant: "samen migrations"

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match) throw new Error(`Migration file name ${file} does not match NNNN_name.sql`);
      const sql = fs.readFileSync(path.join(dir, file), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      return { version: match[1]!, name: match[2]!, sql, checksum };
    });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Applies pending migrations; returns the versions applied now. */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [LOCK_KEY]);
    await tx.exec(`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`);
    const applied = await tx.query<{ version: string; checksum: string }>(
      "select version, checksum from schema_migrations order by version",
    );
    const known = new Map(applied.map((m) => [m.version, m.checksum]));
    for (const [version, checksum] of known) {
      const file = migrations.find((m) => m.version === version);
      if (!file)
        throw new MigrationError(
          `Database has migration ${version}, which this version of Samen does not know.`,
        );
      if (file.checksum !== checksum) {
        throw new MigrationError(
          `Migration ${version}_${file.name} was changed after it was applied; migrations are forward-only.`,
        );
      }
    }
    const done: string[] = [];
    for (const m of migrations) {
      if (known.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
        m.version,
        m.name,
        m.checksum,
      ]);
      done.push(m.version);
    }
    return done;
  });
}
