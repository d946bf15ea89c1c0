/**
 * @module pglite
 * The embedded database: PostgreSQL compiled to WebAssembly, persisted in a folder. One process
 * holds it (see lock.ts); statements are serialised by PGlite itself.
 */
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Db, Queryable, Row } from "./database";
import { TYPE_PARSERS, withDeferred } from "./database";
import { lockDataDir } from "./lock";

function wrap(target: Pick<PGlite, "query" | "exec">): Queryable {
  return {
    async query<T = Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

const parsers = Object.fromEntries(
  Object.entries(TYPE_PARSERS).map(([oid, parse]) => [Number(oid), (value: string) => parse(value)]),
);

/**
 * Opens (and creates when needed) the embedded database in `dataDir`, taking the folder lock.
 * `dataDir: null` opens a throwaway in-memory database (tests).
 */
export async function openPglite({
  dataDir,
  command,
}: {
  dataDir: string | null;
  command: string;
}): Promise<Db> {
  const release = dataDir ? lockDataDir(dataDir, command) : () => {};
  let pg: PGlite;
  try {
    pg = await PGlite.create({ dataDir: dataDir ? path.join(dataDir, "pgdata") : undefined, parsers });
  } catch (error) {
    release();
    throw error;
  }
  const base = wrap(pg);
  return {
    kind: "pglite",
    query: base.query,
    exec: base.exec,
    async transaction(work) {
      return pg.transaction(async (inner) => {
        const { tx, runDeferred } = withDeferred(wrap(inner));
        const result = await work(tx);
        await runDeferred();
        return result;
      });
    },
    async close() {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
