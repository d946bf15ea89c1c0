/**
 * Benchmark of signal intake (`npm run bench:intake`): loads POST /api/v1/signals (partner API, one
 * SYNTHETIC signal per request, a unique externalId each) on the real app served over HTTP on
 * 127.0.0.1, at 1, 8 and 32 concurrent keep-alive connections, against a fresh PostgreSQL database
 * and a fresh PGlite in a temporary folder. In the same run it measures the ceiling: single-row INSERT
 * transactions of the same signals row shape straight through pg on the same PostgreSQL, with the
 * same pool size as the app and the same concurrency. Prints signals/s, p50/p99 latency and the ratio
 * to the ceiling, and writes bench/results/intake.json.
 *
 * Method: the load generator runs in a worker thread (node:http, keep-alive agent, no extra
 * dependency) so it does not share the server's event loop; each level runs a fixed time after a
 * short warm-up. Requests rotate over a pool of API keys of one organisation: the per-key rate limit
 * (600 a minute) is a policy, not a capacity, and would otherwise be what we measure. Loopback only;
 * every level is bounded in time.
 */

import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { serve } from "@hono/node-server";
import pg from "pg";
import { createOrganisation, createUser } from "../src/accounts/accounts.service";
import { createApiKey } from "../src/accounts/api-keys.service";
import { startAuditSealer } from "../src/audit/audit.repository";
import { verifyStoredChain } from "../src/audit/audit.verify";
import { loadReferenceGeography } from "../src/geo/geo.service";
import { ROUTE_MODULES } from "../src/modules";
import { createFieldCipher, testKeyRing } from "../src/platform/crypto";
import type { Db, Queryable } from "../src/platform/db/database";
import { migrate } from "../src/platform/db/migrate";
import { openPglite } from "../src/platform/db/pglite";
import { openPostgres } from "../src/platform/db/postgres";
import { type Deps, SYSTEM_ACTOR } from "../src/platform/deps";
import { loadEnv } from "../src/platform/env";
import { createApp } from "../src/platform/http/app";
import { createLogger } from "../src/platform/logger";
import { loadSharingRules } from "../src/sharing/sharing-rules.load";
import { databaseUrl, TEST_POSTGRES_URL } from "../test/postgres";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LEVELS = [1, 8, 32] as const;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 1;
/** The app's PostgreSQL pool (the server's default) and the ceiling's: the same size. */
const POOL_SIZE = 10;
const API_KEYS = 64;
const AIM = { connections: 32, ratio: 0.5, p99Ms: 50 };

type Measurement = {
  connections: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  statuses: Record<string, number>;
  /**
   * CPU milliseconds per stored signal (or ceiling insert): the main thread (busy time of its event
   * loop: the app's server, or the ceiling's pg client), the PostgreSQL server (all its processes),
   * and the load generator's thread.
   */
  cpuMsPerRequest?: { mainThread: number; database: number | null; loadGenerator?: number };
};

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function summarise(
  connections: number,
  latencies: number[],
  seconds: number,
  statuses: Record<string, number>,
  errors: number,
): Measurement {
  const sorted = Float64Array.from(latencies).sort();
  const ok = Object.entries(statuses)
    .filter(([s]) => s === "201")
    .reduce((n, [, c]) => n + c, 0);
  return {
    connections,
    requests: latencies.length,
    seconds,
    perSecond: ok / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    errors:
      errors +
      Object.entries(statuses)
        .filter(([s]) => s !== "201")
        .reduce((n, [, c]) => n + c, 0),
    statuses,
  };
}

/**
 * The load generator, run as a CommonJS worker: `connections` loops, each sending one request at a
 * time on its own keep-alive socket until the deadline. Realistic, varied SYNTHETIC payloads.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, keys, connections, seconds, runId } = workerData;
const MUNICIPALITIES = ["GM0344", "GM0363", "GM0599", "GM0518", "GM0772", "GM0014", "GM0193", "GM0080"];
const FORMS = [["labour"], ["sexual"], ["criminal"], ["labour", "forced_services"], ["sexual", "criminal"]];
const URGENCIES = ["high", "normal", "normal", "low"];
const NARRATIVE =
  "Synthetisch: medewerkers van een uitzendbureau slapen met twaalf personen in een woning boven het bedrijf, " +
  "hun paspoorten worden ingehouden en het loon wordt contant en onvolledig uitbetaald. Een collega meldt dat " +
  "er 's nachts een busje komt dat de mensen naar verschillende locaties brengt. (Benchmarkgegevens, niet echt.)";
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
let sent = 0;
function body(n) {
  return JSON.stringify({
    externalId: runId + "-" + n,
    municipalityCode: MUNICIPALITIES[n % MUNICIPALITIES.length],
    observedOn: "2026-11-20",
    forms: FORMS[n % FORMS.length],
    narrative: NARRATIVE,
    urgency: URGENCIES[n % URGENCIES.length],
    minorInvolved: n % 17 === 0,
    victims: [{ alias: "Werknemer " + (n % 97) + " (synthetisch)", nationality: "RO", residenceStatus: "unknown" }],
    subjects: [{ kind: "company", name: "Benchmark Uitzend BV " + (n % 13) + " (synthetisch)", kvkNumber: "69599009" }],
  });
}
function post(n) {
  return new Promise((resolve) => {
    const payload = body(n);
    const req = http.request(
      {
        agent, host: "127.0.0.1", port, method: "POST", path: "/api/v1/signals", timeout: 10000,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "x-api-key": keys[n % keys.length] },
      },
      (res) => { res.resume(); res.on("end", () => resolve(String(res.statusCode))); res.on("error", () => resolve("error")); },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve("error"));
    req.end(payload);
  });
}
(async () => {
  const latencies = [];
  const statuses = {};
  let errors = 0;
  const elu = performance.eventLoopUtilization();
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const status = await post(sent++);
      latencies.push(performance.now() - t0);
      if (status === "error") errors++;
      else statuses[status] = (statuses[status] || 0) + 1;
    }
  }));
  agent.destroy();
  const busyMs = performance.eventLoopUtilization(elu).active;
  parentPort.postMessage({ latencies, statuses, errors, busyMs, seconds: (performance.now() - start) / 1000 });
})();
`;

/**
 * CPU used so far by each PostgreSQL server process on this machine, in ms by pid (from /proc; Linux
 * only, and only when the server is local, as here: loopback). Null where /proc cannot tell.
 */
function databaseCpuMs(): Map<string, number> | null {
  try {
    const byPid = new Map<string, number>();
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // ended meanwhile
      }
      if (!stat.includes("(postgres)")) continue;
      // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS);
    }
    return byPid;
  } catch {
    return null;
  }
}
/** Linux's USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every common build). */
const CLOCK_TICKS = 100;

/**
 * CPU the database used between two readings: for every process alive at the second, what it used
 * since the first (all of it when it started in between). A process that ended in between is not
 * counted (its figures are gone), so this errs low, never high.
 */
function databaseCpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0;
  for (const [pid, used] of after) ms += used - (before.get(pid) ?? 0);
  return ms;
}

/** Busy time of this process's main thread (its event loop) and the database's CPU, from now. */
function startCpuMeter(): { stop(): { mainThreadMs: number; databaseMs: number | null } } {
  const elu = performance.eventLoopUtilization();
  const database = databaseCpuMs();
  return {
    stop() {
      const after = databaseCpuMs();
      return {
        mainThreadMs: performance.eventLoopUtilization(elu).active,
        databaseMs: database === null || after === null ? null : databaseCpuBetween(database, after),
      };
    },
  };
}

async function load(opts: {
  /** Whether the database is the PostgreSQL server (measured from /proc) or in this process (PGlite). */
  databaseServer: boolean;
  port: number;
  keys: string[];
  connections: number;
  seconds: number;
  runId: string;
}): Promise<Measurement> {
  const cpu = startCpuMeter();
  const { databaseServer, ...workerData } = opts;
  const worker = new Worker(LOAD_WORKER, { eval: true, workerData });
  // Bounded: a run that does not end within its time plus a margin is stopped.
  const guard = setTimeout(() => void worker.terminate(), (opts.seconds + 20) * 1000);
  try {
    const result = await new Promise<{
      latencies: number[];
      statuses: Record<string, number>;
      errors: number;
      busyMs: number;
      seconds: number;
    }>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`load worker exited (${code})`)));
    });
    const m = summarise(opts.connections, result.latencies, result.seconds, result.statuses, result.errors);
    const used = cpu.stop();
    const per = (ms: number) => ms / Math.max(1, m.perSecond * m.seconds);
    return {
      ...m,
      cpuMsPerRequest: {
        mainThread: per(used.mainThreadMs),
        database: !databaseServer || used.databaseMs === null ? null : per(used.databaseMs),
        loadGenerator: per(result.busyMs),
      },
    };
  } finally {
    clearTimeout(guard);
    await worker.terminate();
  }
}

function benchDeps(db: Db, dataDir: string): Deps {
  return {
    db,
    env: loadEnv({ SAMEN_DATA_DIR: dataDir, SAMEN_LOG_LEVEL: "info", NODE_ENV: "test" }),
    cipher: createFieldCipher(testKeyRing()),
    // Info-level lines are formatted as in production, then dropped (no terminal in the measurement).
    logger: createLogger({ level: "info", write: () => {} }),
    now: () => new Date(),
    sharingRules: loadSharingRules(),
  };
}

/** An organisation with a pool of API keys, created through the services. */
async function partner(deps: Deps): Promise<{ organisationId: string; keys: string[] }> {
  const org = await createOrganisation(deps, SYSTEM_ACTOR, {
    name: "Benchmarkpartner (synthetisch)",
    type: "police",
    municipalityCode: "GM0344",
    isSynthetic: true,
  });
  const user = await createUser(deps, SYSTEM_ACTOR, {
    organisationId: org.id,
    email: `bench-${randomBytes(4).toString("hex")}@bench.samen.example`,
    displayName: "Benchmark (synthetisch)",
    roles: ["administrator"],
    password: `bench-wachtwoord-${randomBytes(8).toString("hex")}`,
    totpSecret: null,
    isSynthetic: true,
  });
  const keys: string[] = [];
  for (let i = 0; i < API_KEYS; i++)
    keys.push(
      (
        await createApiKey(deps, SYSTEM_ACTOR, {
          organisationId: org.id,
          name: `Benchmark ${i} (synthetisch)`,
          createdBy: user.id,
        })
      ).key,
    );
  return { organisationId: org.id, keys };
}

/**
 * Counts the statements one intake request sends to the database (through a second app over a
 * counting wrapper), and how many run from the audit chain's first lock to the commit: that lock
 * (the head row's `for update`, or the advisory lock while the chain has no head) is global, so
 * those statements are serialised across all concurrent intakes.
 */
async function statementsPerSignal(
  deps: Deps,
  key: string,
): Promise<{ total: number; underAuditLock: number }> {
  const seen: string[] = [];
  let lockedAt: number | null = null;
  let underLock = 0;
  const counting = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      seen.push(sql);
      return q.query(sql, params);
    },
    exec: (sql) => q.exec(sql),
    // Audit entries are written at the end of the transaction (deferred): pass that through.
    ...(q.defer ? { defer: (work: () => Promise<void>) => q.defer!(work) } : {}),
  });
  const db: Db = {
    ...counting(deps.db),
    kind: deps.db.kind,
    transaction: async (work) => {
      const start = seen.length;
      const result = await deps.db.transaction((tx) => work(counting(tx)));
      // Counted after commit: deferred audit writes run at the very end of the transaction.
      const lock = seen
        .slice(start)
        .findIndex(
          (sql) => sql.includes("pg_advisory_xact_lock") || /from audit_head\b.*\bfor update/s.test(sql),
        );
      if (lock >= 0) {
        lockedAt = start + lock;
        underLock += seen.length - lockedAt + 1; // the commit included
      }
      return result;
    },
    close: () => deps.db.close(),
  };
  const app = createApp({ ...deps, db }, ROUTE_MODULES);
  const res = await app.request("/api/v1/signals", {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({
      externalId: `count-${randomBytes(4).toString("hex")}`,
      municipalityCode: "GM0344",
      forms: ["labour"],
      narrative: "Synthetisch: telling van databaseopdrachten per melding.",
      urgency: "normal",
      victims: [{ alias: "Werknemer (synthetisch)", nationality: "RO", residenceStatus: "unknown" }],
      subjects: [{ kind: "company", name: "Telling BV (synthetisch)", kvkNumber: "69599009" }],
    }),
  });
  if (res.status !== 201) throw new Error(`counting request failed: ${res.status}`);
  return { total: seen.length, underAuditLock: underLock };
}

/** Serves the app on 127.0.0.1 (random port) and loads it at every level. */
async function benchApp(
  database: "postgresql" | "pglite",
  deps: Deps,
): Promise<{
  runs: Measurement[];
  statements: { total: number; underAuditLock: number };
  auditChain: { verified: boolean; entries: number };
}> {
  await migrate(deps.db);
  await loadReferenceGeography(deps.db);
  const { keys } = await partner(deps);
  const statements = await statementsPerSignal(deps, keys[0]!);
  const app = createApp(deps, ROUTE_MODULES);
  // As in the server: the audit sealer runs during the measurement, and its work is counted.
  const stopSealer = startAuditSealer(deps);
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const runId = randomBytes(4).toString("hex");
  const results: Measurement[] = [];
  try {
    const databaseServer = database === "postgresql";
    await load({
      databaseServer,
      port,
      keys,
      connections: 8,
      seconds: WARMUP_SECONDS,
      runId: `${runId}-warm`,
    });
    for (const connections of LEVELS) {
      const m = await load({
        databaseServer,
        port,
        keys,
        connections,
        seconds: SECONDS,
        runId: `${runId}-${connections}`,
      });
      process.stdout.write(
        `  ${database.padEnd(10)} ${String(connections).padStart(2)} conn  ${m.perSecond.toFixed(0).padStart(5)} signals/s  p50 ${m.p50Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  errors ${m.errors}\n`,
      );
      results.push(m);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stopSealer();
  }
  // Everything the load wrote is sealed into one unbroken chain.
  const verification = await verifyStoredChain(deps.db);
  if (!verification.ok) throw new Error(`audit chain broken after the load: ${verification.problem.message}`);
  return { runs: results, statements, auditChain: { verified: true, entries: verification.count } };
}

/** Single-row INSERT transactions of the signals row shape, straight through pg, at every level. */
async function benchCeiling(url: string, organisationId: string, deps: Deps): Promise<Measurement[]> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // An idle client's error (a dropped connection) surfaces on its next query, as in the app's pool.
  pool.on("error", () => {});
  // Encrypted once: the ceiling is the database's, not the cipher's.
  const narrative = deps.cipher.encrypt("Synthetisch: plafondmeting, dezelfde rijvorm als een melding.");
  const address = deps.cipher.encrypt("Benchmarkstraat 1, 3511 AA Utrecht (synthetisch)");
  const sql = `insert into signals (reference, channel, organisation_id, reporter_user_id, status, submitted_at, municipality_code,
      address_enc, observed_on, forms, indicator_ids, narrative_enc, urgency, minor_involved, deadline_at, created_at, updated_at)
    values ('B-' || nextval('signal_reference_seq'), 'partner_api', $1, null, 'received', $2, 'GM0344', $3, '2026-11-20',
      $4, $5, $6, 'normal', false, $7, $2, $2)`;
  const results: Measurement[] = [];
  try {
    for (const connections of LEVELS) {
      const latencies: number[] = [];
      const statuses: Record<string, number> = {};
      let errors = 0;
      const cpu = startCpuMeter();
      const start = performance.now();
      const end = start + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (performance.now() < end) {
            const t0 = performance.now();
            const at = new Date();
            try {
              await pool.query(sql, [
                organisationId,
                at.toISOString(),
                address,
                ["labour"],
                [],
                narrative,
                new Date(at.getTime() + 86_400_000).toISOString(),
              ]);
              statuses["201"] = (statuses["201"] ?? 0) + 1;
            } catch {
              errors++;
            }
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const measured = summarise(
        connections,
        latencies,
        (performance.now() - start) / 1000,
        statuses,
        errors,
      );
      const used = cpu.stop();
      const per = (ms: number) => ms / Math.max(1, measured.perSecond * measured.seconds);
      const m: Measurement = {
        ...measured,
        cpuMsPerRequest: {
          mainThread: per(used.mainThreadMs),
          database: used.databaseMs === null ? null : per(used.databaseMs),
        },
      };
      process.stdout.write(
        `  ${"ceiling".padEnd(10)} ${String(connections).padStart(2)} conn  ${m.perSecond.toFixed(0).padStart(5)} inserts/s  p50 ${m.p50Ms.toFixed(1)} ms  p99 ${m.p99Ms.toFixed(1)} ms  errors ${m.errors}\n`,
      );
      results.push(m);
    }
  } finally {
    await pool.end();
  }
  return results;
}

async function onPostgres() {
  const name = `samen_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(name);
  const dataDir = mkdtempSync(path.join(tmpdir(), "samen-bench-pg-"));
  const db = await openPostgres({ url, max: POOL_SIZE });
  try {
    const deps = benchDeps(db, dataDir);
    const app = await benchApp("postgresql", deps);
    const [org] = await db.query<{ id: string }>("select id from organisations where is_synthetic limit 1");
    const ceiling = await benchCeiling(url, org!.id, deps);
    return { app, ceiling };
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  }
}

async function onPglite() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "samen-bench-pglite-"));
  const db = await openPglite({ dataDir, command: "bench:intake" });
  try {
    return await benchApp("pglite", benchDeps(db, dataDir));
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function cpuColumns(m: Measurement): string {
  const c = m.cpuMsPerRequest;
  if (!c) return "";
  const f = (v: number | null | undefined) => (v === null || v === undefined ? "-" : v.toFixed(2));
  return `${f(c.mainThread)}  ${f(c.database)}  ${f(c.loadGenerator)}`;
}

const loadBefore = loadavg()[0] ?? 0;
process.stdout.write(`Intake: POST /api/v1/signals, ${SECONDS} s per level, loopback only\n`);
const postgres = await onPostgres();
const pglite = await onPglite();
const withRatio = (runs: Measurement[]) =>
  runs.map((m) => {
    const c = postgres.ceiling.find((x) => x.connections === m.connections)!;
    return { ...m, ceilingPerSecond: c.perSecond, ratioToCeiling: m.perSecond / c.perSecond };
  });
const postgresRuns = withRatio(postgres.app.runs);
const pgliteRuns = withRatio(pglite.runs);
process.stdout.write(
  `audit chain verified after the load: ${postgres.app.auditChain.entries} entries on PostgreSQL, ${pglite.auditChain.entries} on PGlite\n`,
);
const atAim = postgresRuns.find((m) => m.connections === AIM.connections)!;
const ceilingAtAim = postgres.ceiling.find((m) => m.connections === AIM.connections)!;
/** All the CPU one request costs on this machine: main thread, database server and load generator. */
const cpuOf = (m: Measurement) =>
  m.cpuMsPerRequest
    ? m.cpuMsPerRequest.mainThread +
      (m.cpuMsPerRequest.database ?? Number.NaN) +
      (m.cpuMsPerRequest.loadGenerator ?? 0)
    : Number.NaN;
const signalCpuMs = cpuOf(atAim);
const ceilingCpuMs = cpuOf(ceilingAtAim);
// With every core doing nothing but this, the most signals a second these CPU costs allow.
const cpuBoundPerSecond = (cpus().length * 1000) / signalCpuMs;
const report = {
  synthetic: true,
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? "unknown", node: process.version },
  // 1-minute load average before and after: other processes on a shared machine lower the figures.
  loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
  method: `${SECONDS} s per level after a ${WARMUP_SECONDS} s warm-up; load generator in a worker thread over keep-alive node:http on 127.0.0.1; ${API_KEYS} API keys of one organisation in rotation (per-key limit 600/min); app PostgreSQL pool ${POOL_SIZE}; the audit sealer runs as in the server and the chain is verified after each load; ceiling = single-row INSERT (autocommit) of the signals row shape through pg.Pool(${POOL_SIZE}) on the same PostgreSQL at the same concurrency; ratio = signals/s ÷ ceiling inserts/s at the same concurrency (PGlite is compared with the PostgreSQL ceiling too)`,
  aim: {
    ...AIM,
    met: atAim.ratioToCeiling >= AIM.ratio && atAim.p99Ms < AIM.p99Ms && atAim.errors === 0,
  },
  // CPU per request at the aim's concurrency, and the ratio those costs allow at most when the CPU is
  // the limit (every core busy with the app, the database and the load generator, nothing else).
  cpuAtAim: {
    signalMs: signalCpuMs,
    ceilingInsertMs: ceilingCpuMs,
    cpuBoundSignalsPerSecond: cpuBoundPerSecond,
    cpuBoundRatio: cpuBoundPerSecond / ceilingAtAim.perSecond,
  },
  // Statements per intake request (excluding BEGIN/COMMIT) and those from the global audit lock to commit.
  statementsPerSignal: postgres.app.statements,
  // The audit chain after each load, sealed while it ran: verified whole.
  auditChain: { postgresql: postgres.app.auditChain, pglite: pglite.auditChain },
  ceiling: postgres.ceiling,
  postgresql: postgresRuns,
  pglite: pgliteRuns,
};
mkdirSync(path.join(REPO_ROOT, "bench/results"), { recursive: true });
writeFileSync(path.join(REPO_ROOT, "bench/results/intake.json"), `${JSON.stringify(report, null, 2)}\n`);

process.stdout.write(
  "\ndatabase    conn  signals/s   p50 ms   p99 ms  errors  ceiling/s  ratio   CPU ms/signal: main  db  load\n",
);
for (const [name, runs] of [
  ["postgresql", postgresRuns],
  ["pglite", pgliteRuns],
] as const) {
  for (const m of runs)
    process.stdout.write(
      `${name.padEnd(10)} ${String(m.connections).padStart(5)} ${m.perSecond.toFixed(0).padStart(10)} ${m.p50Ms.toFixed(1).padStart(8)} ${m.p99Ms.toFixed(1).padStart(8)} ${String(m.errors).padStart(7)} ${m.ceilingPerSecond.toFixed(0).padStart(10)} ${m.ratioToCeiling.toFixed(2).padStart(6)}   ${cpuColumns(m)}\n`,
    );
}
for (const m of postgres.ceiling)
  process.stdout.write(
    `${"ceiling".padEnd(10)} ${String(m.connections).padStart(5)} ${m.perSecond.toFixed(0).padStart(10)} ${m.p50Ms.toFixed(1).padStart(8)} ${m.p99Ms.toFixed(1).padStart(8)} ${String(m.errors).padStart(7)} ${"".padStart(10)} ${"".padStart(6)}   ${cpuColumns(m)}\n`,
  );
process.stdout.write(
  `CPU at ${AIM.connections} connections: ${signalCpuMs.toFixed(2)} ms per signal, ${ceilingCpuMs.toFixed(2)} ms per ceiling insert; with ${cpus().length} cores doing only this, at most ${cpuBoundPerSecond.toFixed(0)} signals/s = ratio ${report.cpuAtAim.cpuBoundRatio.toFixed(2)}\n`,
);
process.stdout.write(
  `aim (PostgreSQL, ${AIM.connections} connections: ratio ≥ ${AIM.ratio}, p99 < ${AIM.p99Ms} ms, no errors): ${report.aim.met ? "met" : "not met"}\n`,
);
process.stdout.write(
  `${report.statementsPerSignal.total} statements per signal, ${report.statementsPerSignal.underAuditLock} of them under the global audit lock\n`,
);
process.stdout.write(
  `load average ${report.loadAverage.before.toFixed(2)} → ${report.loadAverage.after.toFixed(2)} on ${cpus().length} cores\n→ bench/results/intake.json\n`,
);
