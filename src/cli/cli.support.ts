/**
 * @module cli.support
 * Shared pieces of the CLI: opening the database for a command, and printing errors clearly
 * (never a stack trace for an expected problem).
 */

import { sealAudit } from "../audit/audit.repository";
import { openDeps, prepareDatabase } from "../platform/bootstrap";
import { DataDirLockedError } from "../platform/db/lock";
import { MigrationError } from "../platform/db/migrate";
import { DatabaseUnreachableError } from "../platform/db/postgres";
import type { Deps } from "../platform/deps";
import { ConfigError, loadEnv } from "../platform/env";
import { AppError } from "../platform/errors";
import { createLogger } from "../platform/logger";

/** Runs `work` with an open, migrated database, and closes it afterwards. */
export async function withDatabase<T>(
  command: string,
  work: (deps: Deps) => Promise<T>,
  options: { seed?: boolean } = {},
): Promise<T> {
  const env = loadEnv();
  const deps = await openDeps(
    options.seed ? { ...env, SAMEN_DEMO_MODE: true } : { ...env, SAMEN_DEMO_MODE: false },
    command,
    createLogger({ level: "warn" }),
  );
  try {
    await prepareDatabase(deps);
    return await work(deps);
  } finally {
    // Seal the command's audit entries now rather than at the next server start.
    await sealAudit(deps.db).catch((error: Error) =>
      deps.logger.warn("audit.seal_failed", { error: error.name }),
    );
    await deps.db.close();
  }
}

/** Prints an error for a person at a terminal and returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof AppError) {
    process.stderr.write(`Fout / Error: ${error.message}\n`);
    for (const f of error.fields ?? []) process.stderr.write(`  - ${f.field}: ${f.message}\n`);
    return 1;
  }
  if (
    error instanceof DataDirLockedError ||
    error instanceof DatabaseUnreachableError ||
    error instanceof ConfigError ||
    error instanceof MigrationError
  ) {
    process.stderr.write(`Fout / Error: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(`Onverwachte fout / Unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  return 3;
}

/** Wraps a command action so its errors are reported and set the exit code. */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      process.exitCode = reportError(error);
    }
  };
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
