/**
 * @module server
 * Starts the HTTP server on the configured database.
 */
import { serve } from "@hono/node-server";
import { startAuditSealer } from "./audit/audit.repository";
import { ROUTE_MODULES } from "./modules";
import { RETENTION_JOB, retentionJob } from "./persons/retention.service";
import { openDeps, prepareDatabase } from "./platform/bootstrap";
import type { Env } from "./platform/env";
import { createApp } from "./platform/http/app";
import { ensureScheduled, startJobRunner } from "./platform/jobs";

export type RunningServer = { url: string; close(): Promise<void> };

export async function startServer(env: Env): Promise<RunningServer> {
  const deps = await openDeps(env, "samen start");
  try {
    const demoLogins = await prepareDatabase(deps);
    const app = createApp(deps, ROUTE_MODULES);
    await ensureScheduled(deps.db, { kind: RETENTION_JOB, runAt: deps.now(), now: deps.now() });
    const stopJobs = startJobRunner(deps, { [RETENTION_JOB]: retentionJob });
    const stopSealer = startAuditSealer(deps);
    const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST });
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : env.PORT;
    const url = `http://localhost:${port}`;
    deps.logger.info("server.started", { url, database: deps.db.kind, demoMode: env.SAMEN_DEMO_MODE });
    if (demoLogins) process.stdout.write(`\n${demoLogins}\n\n`);
    process.stdout.write(
      `Samen draait op / is running at ${url}${env.SAMEN_DEMO_MODE ? " (DEMO — synthetische gegevens / synthetic data)" : ""}\n`,
    );
    return {
      url,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stopJobs();
        await stopSealer();
        await deps.db.close();
      },
    };
  } catch (error) {
    await deps.db.close();
    throw error;
  }
}
