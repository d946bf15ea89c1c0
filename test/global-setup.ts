/**
 * Runs once before the suite: decides whether the PostgreSQL half can run, and says so loudly.
 */
import { postgresReachable, TEST_POSTGRES_URL } from "./postgres";

export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const problem = await postgresReachable();
  if (problem) {
    const message = `PostgreSQL at ${TEST_POSTGRES_URL} is not reachable (${problem}): the PostgreSQL half of the storage and API suite cannot run.`;
    if (process.env.CI === "true") throw new Error(`${message} In CI this is a failure.`);
    process.stderr.write(
      `\n${"!".repeat(100)}\n!! ${message}\n!! Those tests are SKIPPED on this machine. Start PostgreSQL or set SAMEN_TEST_POSTGRES_URL.\n${"!".repeat(100)}\n\n`,
    );
  }
  provide("postgresAvailable", problem === null);
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}
