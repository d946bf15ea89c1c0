/**
 * @module postgres
 * A real PostgreSQL server (≥ 15) through a `pg` pool, with the same type parsers as PGlite.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import type { Db, Queryable, Row } from "./database";
import { TYPE_PARSERS, withDeferred } from "./database";

export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

const types = {
  getTypeParser(oid: number, format?: string) {
    const parse = TYPE_PARSERS[oid];
    if (parse && format !== "binary") return parse;
    return pg.types.getTypeParser(oid, format as "text");
  },
};

/** Describes a connection string without its password, for error messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(ongeldige DATABASE_URL / invalid DATABASE_URL)";
  }
}

/** Statement names by SQL text (bounded: the names themselves are derived, so forgetting is harmless). */
const statementNames = new Map<string, string>();

/**
 * Every parameterised statement is a named prepared statement, named after its text: each
 * connection parses and plans a statement once and then only binds and executes it, which costs
 * the server noticeably less for the large intake statements. The same text always gets the same
 * name, so a connection never sees one name for two texts.
 */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `samen_${createHash("sha256").update(sql).digest("hex").slice(0, 32)}`;
    if (statementNames.size >= 5000) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

/** Connects to PostgreSQL and checks the server version; throws DatabaseUnreachableError with a clear message. */
export async function openPostgres({ url, max = 10 }: { url: string; max?: number }): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5000 });
  pool.on("error", () => {}); // idle-client errors surface on the next query instead of crashing the process
  try {
    const [{ server_version_num }] = (await pool.query("show server_version_num")).rows as [
      { server_version_num: string },
    ];
    if (Number(server_version_num) < 150000) {
      throw new DatabaseUnreachableError(
        `PostgreSQL ${server_version_num} is too old: Samen needs PostgreSQL 15 or newer.`,
      );
    }
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof DatabaseUnreachableError) throw error;
    const reason = (error as Error).message;
    throw new DatabaseUnreachableError(
      `Kan de database op ${describeUrl(url)} niet bereiken / Cannot reach the database at ${describeUrl(url)}: ${reason}`,
    );
  }
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T = Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query({ name: statementName(sql), text: sql, values: params as unknown[] });
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql); // no parameters: simple protocol, several statements allowed
    },
  });
  const base = wrap(pool);
  return {
    kind: "postgres",
    query: base.query,
    exec: base.exec,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const { tx, runDeferred } = withDeferred(wrap(client));
        const result = await work(tx);
        await runDeferred();
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
