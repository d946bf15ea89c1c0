/**
 * @module test/postgres
 * Finding the test PostgreSQL server. In CI (CI=true) an unreachable server is a failure; on a
 * developer machine the PostgreSQL half of the suite is skipped with a loud message.
 */
import pg from "pg";

export const TEST_POSTGRES_URL =
  process.env.SAMEN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function postgresReachable(url = TEST_POSTGRES_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A URL for another database on the same server. */
export function databaseUrl(name: string, base = TEST_POSTGRES_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
