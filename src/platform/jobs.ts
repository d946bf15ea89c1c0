/**
 * @module jobs
 * A small database-backed job queue: jobs are rows, claimed with `for update skip locked` so
 * several servers on one PostgreSQL never run the same job twice, retried after a crash when their
 * lock expires. Handlers are plain async functions keyed by kind.
 */
import type { Queryable } from "./db/database";
import type { Deps } from "./deps";

export type JobHandler = (deps: Deps, payload: Record<string, unknown>) => Promise<Record<string, unknown>>;
export type JobHandlers = Record<string, JobHandler>;

const LOCK_MINUTES = 15;
const MAX_ATTEMPTS = 3;

export async function enqueueJob(
  db: Queryable,
  job: { kind: string; payload?: Record<string, unknown>; runAt: Date; now: Date },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    "insert into jobs (kind, payload, run_at, created_at) values ($1, $2, $3, $4) returning id",
    [job.kind, JSON.stringify(job.payload ?? {}), job.runAt.toISOString(), job.now.toISOString()],
  );
  return row!.id;
}

/** Schedules a job of this kind unless one is already waiting. */
export async function ensureScheduled(
  db: Queryable,
  job: { kind: string; runAt: Date; now: Date },
): Promise<void> {
  const [waiting] = await db.query("select 1 from jobs where kind = $1 and status in ('queued', 'running')", [
    job.kind,
  ]);
  if (!waiting) await enqueueJob(db, job);
}

type JobRow = { id: string; kind: string; payload: Record<string, unknown>; attempts: number };

async function claim(deps: Deps): Promise<JobRow | null> {
  const now = deps.now();
  const [row] = await deps.db.query<JobRow>(
    `update jobs set status = 'running', attempts = attempts + 1, locked_until = $2
     where id = (select id from jobs
                 where (status = 'queued' and run_at <= $1) or (status = 'running' and locked_until < $1)
                 order by run_at limit 1 for update skip locked)
     returning id, kind, payload, attempts`,
    [now.toISOString(), new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString()],
  );
  return row ?? null;
}

/** Runs the jobs that are due, one at a time; returns how many ran. */
export async function runDueJobs(deps: Deps, handlers: JobHandlers, limit = 20): Promise<number> {
  let ran = 0;
  for (; ran < limit; ran++) {
    const job = await claim(deps);
    if (!job) break;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler(deps, job.payload);
      await deps.db.query(
        "update jobs set status = 'done', result = $2, finished_at = $3, locked_until = null where id = $1",
        [job.id, JSON.stringify(result), deps.now().toISOString()],
      );
      deps.logger.info("job.done", { kind: job.kind, jobId: job.id });
    } catch (error) {
      const failed = job.attempts >= MAX_ATTEMPTS;
      await deps.db.query(
        "update jobs set status = $2, last_error = $3, locked_until = null, run_at = $4 where id = $1",
        [
          job.id,
          failed ? "failed" : "queued",
          (error as Error).message.slice(0, 500),
          new Date(deps.now().getTime() + 60_000 * job.attempts).toISOString(),
        ],
      );
      deps.logger.error("job.failed", {
        kind: job.kind,
        jobId: job.id,
        attempts: job.attempts,
        final: failed,
      });
    }
  }
  return ran;
}

/** Polls for due jobs in the background; returns a stop function. */
export function startJobRunner(deps: Deps, handlers: JobHandlers, intervalMs = 60_000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => runDueJobs(deps, handlers))
      .catch((error: Error) => deps.logger.error("job.runner_error", { error: error.name }));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
