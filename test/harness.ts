/**
 * @module test/harness
 * Real databases for tests: every storage and API suite runs once on PGlite and once on a real
 * PostgreSQL (a fresh database per suite, dropped afterwards). No mocks.
 */
import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { loadReferenceGeography } from "../src/geo/geo.service";
import { ROUTE_MODULES } from "../src/modules";
import { createFieldCipher, testKeyRing } from "../src/platform/crypto";
import type { Db } from "../src/platform/db/database";
import { migrate } from "../src/platform/db/migrate";
import { openPglite } from "../src/platform/db/pglite";
import { openPostgres } from "../src/platform/db/postgres";
import type { Deps } from "../src/platform/deps";
import { loadEnv } from "../src/platform/env";
import { type AppEnv, createApp } from "../src/platform/http/app";
import { createLogger } from "../src/platform/logger";
import { loadSharingRules } from "../src/sharing/sharing-rules.load";
import { databaseUrl, TEST_POSTGRES_URL } from "./postgres";

export type DatabaseKind = "pglite" | "postgres";

export type Harness = {
  kind: DatabaseKind;
  db: Db;
  deps: Deps;
  app: Hono<AppEnv>;
  /** Log lines written during the suite (to check that no personal data is logged). */
  logLines: string[];
  /** Moves the clock the app sees. */
  advanceClock(ms: number): void;
};

/**
 * A fresh database of the given kind, migrated and loaded with reference geography — or, with
 * `empty`, not migrated at all (for tests of the migrations themselves).
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  { empty = false }: { empty?: boolean } = {},
): Promise<{ db: Db; dispose: () => Promise<void> }> {
  const prepare = async (db: Db) => {
    if (empty) return;
    await migrate(db);
    await loadReferenceGeography(db);
  };
  if (kind === "pglite") {
    const db = await openPglite({ dataDir: null, command: "test" });
    await prepare(db);
    return { db, dispose: () => db.close() };
  }
  const name = `samen_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const db = await openPostgres({ url: databaseUrl(name), max: 5 });
  await prepare(db);
  return {
    db,
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export function testEnv(overrides: Record<string, string> = {}) {
  return loadEnv({
    SAMEN_DATA_DIR: "/nonexistent-test-dir",
    SAMEN_LOG_LEVEL: "info",
    NODE_ENV: "test",
    // Suites log in many users from one address; the limiter itself is tested with a low limit.
    SAMEN_LOGIN_RATE_PER_MINUTE: "10000",
    ...overrides,
  });
}

/** Builds deps and the real app over a test database. */
export async function buildHarness(
  kind: DatabaseKind,
  envOverrides: Record<string, string> = {},
): Promise<Harness & { dispose: () => Promise<void> }> {
  const { db, dispose } = await openTestDatabase(kind);
  const logLines: string[] = [];
  let offset = 0;
  const deps: Deps = {
    db,
    env: testEnv(envOverrides),
    cipher: createFieldCipher(testKeyRing()),
    logger: createLogger({ level: "debug", write: (line) => logLines.push(line) }),
    now: () => new Date(Date.now() + offset),
    sharingRules: loadSharingRules(),
  };
  const app = createApp(deps, ROUTE_MODULES);
  return { kind, db, deps, app, logLines, advanceClock: (ms) => (offset += ms), dispose };
}

/** The database kinds this run can use (PostgreSQL only when reachable; CI fails earlier if not). */
export function availableKinds(): DatabaseKind[] {
  return inject("postgresAvailable") ? ["pglite", "postgres"] : ["pglite"];
}

/**
 * Declares a suite that runs on every available database. `setup` gets a getter for the harness
 * created in beforeAll.
 */
export function describeOnEachDatabase(
  name: string,
  body: (h: () => Harness) => void,
  envOverrides: Record<string, string> = {},
): void {
  for (const kind of availableKinds()) {
    describe(`${name} [${kind}]`, () => {
      let harness: (Harness & { dispose: () => Promise<void> }) | undefined;
      beforeAll(async () => {
        harness = await buildHarness(kind, envOverrides);
      });
      afterAll(async () => {
        await harness?.dispose();
      });
      body(() => {
        if (!harness) throw new Error("harness not ready");
        return harness;
      });
    });
  }
}
