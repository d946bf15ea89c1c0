/**
 * @module darknumber.service
 * The statistician's dark-number workspace: organisations submit encodings (never clear
 * identifiers) to a linkage round; the statistician links them into capture histories and runs
 * the estimator, on those histories or on an uploaded table. Runs are saved with their input and
 * settings so they can be reproduced.
 */

import { Worker } from "node:worker_threads";
import { appendAudit } from "../audit/audit.repository";
import type { EstimateResult } from "../estimation/estimation.schema";
import {
  buildHistoryTable,
  decodeClks,
  findCandidatePairs,
  formatHistoryCsv,
  isLinkageError,
  packFilters,
  solve,
  suppressSmallCells,
} from "../linkage";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import {
  findEstimationRun,
  findRound,
  insertEstimationRun,
  insertRound,
  listSubmissions,
  markLinked,
  type SubmissionPayload,
  submissionPayloads,
  upsertSubmission,
} from "./darknumber.repository";
import { COVARIATE_VALUES, type CreateEstimation } from "./darknumber.schema";
import type { EstimationJob } from "./estimation.compute";

/** Small cells are shown as "<10" (the monitor's disclosure rule); the estimator uses the raw counts. */
export const SMALL_CELL_MINIMUM = 10;

const audit = (
  deps: Deps,
  viewer: Viewer,
  action: string,
  objectType: string,
  objectId: string,
  details: Record<string, unknown>,
) =>
  deps.db.transaction((tx) =>
    appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action,
      objectType,
      objectId,
      purpose: "statistics",
      details,
    }),
  );

export async function createRound(
  deps: Deps,
  viewer: Viewer,
  input: { name: string; threshold: number; solver: string },
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const id = await insertRound(tx, {
      ...input,
      organisationId: viewer.organisationId,
      createdBy: viewer.userId,
      at: deps.now(),
    });
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "linkage_round.created",
      objectType: "linkage_round",
      objectId: id,
      purpose: "statistics",
      details: { threshold: input.threshold },
    });
    return id;
  });
}

/** Checks an organisation's submission: valid base64 encodings of one length, coarse covariates only. */
export function validateSubmission(payload: SubmissionPayload): void {
  const invalid = (field: string, message: string) =>
    new AppError(
      "VALIDATION_FAILED",
      `De inzending is ongeldig: ${message}. / The submission is invalid: ${message}.`,
      {
        fields: [{ field, message }],
      },
    );
  const fail = (field: string, message: string): never => {
    throw invalid(field, message);
  };
  let filters: Uint8Array[];
  try {
    filters = decodeClks(payload.clks, "clks");
  } catch (error) {
    throw isLinkageError(error) ? invalid("clks", error.message) : error;
  }
  const lengths = new Set(filters.map((f) => f.length));
  if (lengths.size > 1) fail("clks", "encodings of different lengths");
  if (!payload.covariates) return;
  const { names, rows } = payload.covariates;
  if (new Set(names).size !== names.length) fail("covariates.names", "a covariate is named twice");
  if (rows.length !== payload.clks.length)
    fail("covariates.rows", `${rows.length} covariate rows for ${payload.clks.length} encodings`);
  rows.forEach((row, i) => {
    if (row.length !== names.length) fail(`covariates.rows.${i}`, `expected ${names.length} values`);
    row.forEach((value, j) => {
      const name = names[j] as keyof typeof COVARIATE_VALUES;
      if (!COVARIATE_VALUES[name](value)) fail(`covariates.rows.${i}.${j}`, `not an allowed ${name} value`);
    });
  });
}

export async function submit(
  deps: Deps,
  viewer: Viewer,
  roundId: string,
  input: { listName: string } & SubmissionPayload,
): Promise<void> {
  const { listName, ...payload } = input;
  validateSubmission(payload);
  await deps.db.transaction(async (tx) => {
    const round = await findRound(tx, roundId);
    if (!round) throw notFound();
    if (round.status !== "open")
      throw new AppError("CONFLICT", "Deze ronde is al gekoppeld. / This round has already been linked.");
    const [clash] = await tx.query(
      "select 1 from linkage_submissions where round_id = $1 and list_name = $2 and organisation_id <> $3",
      [roundId, listName, viewer.organisationId],
    );
    if (clash)
      throw new AppError(
        "CONFLICT",
        "Een andere organisatie gebruikt deze lijstnaam al. / Another organisation already uses this list name.",
        { fields: [{ field: "listName", message: "in use" }] },
      );
    await upsertSubmission(tx, deps.cipher, {
      roundId,
      organisationId: viewer.organisationId,
      listName,
      payload,
      by: viewer.userId,
      at: deps.now(),
    });
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "linkage_round.submitted",
      objectType: "linkage_round",
      objectId: roundId,
      purpose: "statistics",
      details: { listName, records: payload.clks.length },
    });
  });
}

/** Links the submitted encodings; stores diagnostics, the display table and the raw histories. */
export async function runLinkage(deps: Deps, viewer: Viewer, roundId: string) {
  const round = await findRound(deps.db, roundId);
  if (!round) throw notFound();
  if (round.status !== "open")
    throw new AppError("CONFLICT", "Deze ronde is al gekoppeld. / This round has already been linked.");
  const subs = await submissionPayloads(deps.db, deps.cipher, roundId);
  if (subs.length < 2)
    throw new AppError("CONFLICT", "Er zijn minstens twee lijsten nodig. / At least two lists are needed.");
  const names = subs.map((s) => JSON.stringify(s.payload.covariates?.names ?? []));
  const covariateNames = new Set(names).size === 1 ? (subs[0]!.payload.covariates?.names ?? []) : [];
  const warnings =
    new Set(names).size === 1
      ? []
      : [
          "Lijsten leverden verschillende covariaten; zonder covariaten gekoppeld. / Lists supplied different covariates; linked without covariates.",
        ];
  const sets = subs.map((s) => packFilters(decodeClks(s.payload.clks, s.listName), s.listName));
  let candidates: Awaited<ReturnType<typeof findCandidatePairs>>;
  try {
    candidates = await findCandidatePairs({ datasets: sets, threshold: Number(round.threshold) });
  } catch (error) {
    if (isLinkageError(error))
      throw new AppError(
        "CONFLICT",
        `Koppelen lukt niet: ${error.message}. / Linkage failed: ${error.message}.`,
      );
    throw error;
  }
  const groups = solve(candidates, round.solver);
  const table = buildHistoryTable({
    groups,
    partySizes: subs.map((s) => s.payload.clks.length),
    parties: subs.map((s) => s.listName),
    covariateNames,
    covariates: covariateNames.length ? subs.map((s) => s.payload.covariates!.rows) : null,
  });
  const histogram = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, count: 0 }));
  for (const sim of candidates.sims) histogram[Math.min(9, Math.floor(sim * 10))]!.count++;
  const display = suppressSmallCells(table, { minimum: SMALL_CELL_MINIMUM });
  const result = {
    diagnostics: {
      lists: subs.map((s) => ({ listName: s.listName, records: s.payload.clks.length })),
      candidatePairs: candidates.sims.length,
      groups: groups.length,
      linkedRecords: groups.reduce((n, g) => n + g.length, 0),
      personsObserved: table.rows.reduce((n, r) => n + r.count, 0),
      similarity: histogram.filter((b) => b.count > 0 || b.from >= Number(round.threshold) - 0.1),
    },
    display,
    rawCsv: formatHistoryCsv(table),
    warnings: [...warnings, ...table.warnings],
  };
  await deps.db.transaction(async (tx) => {
    await markLinked(tx, roundId, result, deps.now());
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "linkage_round.linked",
      objectType: "linkage_round",
      objectId: roundId,
      purpose: "statistics",
      details: { groups: groups.length },
    });
  });
  return result;
}

export async function roundDetails(deps: Deps, roundId: string) {
  const round = await findRound(deps.db, roundId);
  if (!round) throw notFound();
  return { round, submissions: await listSubmissions(deps.db, roundId) };
}

/** How long one estimation may take before it is stopped (a 1,000-replicate BCa on 10 lists takes seconds). */
const ESTIMATION_TIMEOUT_MS = 120_000;

/**
 * Runs one estimation in a worker thread (estimation.worker), so the server keeps answering other
 * requests meanwhile. The estimator's refusals become a problem on `field`.
 */
function estimateInWorker(job: EstimationJob, field: string): Promise<EstimateResult> {
  return new Promise((resolve, reject) => {
    // A plain-JS entry that registers tsx, then loads the TypeScript worker.
    const worker = new Worker(new URL("./estimation.worker.mjs", import.meta.url), { workerData: job });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(
        new AppError(
          "VALIDATION_FAILED",
          "De schatting duurde te lang; kies minder bootstrap-herhalingen of een eenvoudiger methode. / The estimation took too long; choose fewer bootstrap replicates or a simpler method.",
          { fields: [{ field: "nboot", message: "estimation timed out" }] },
        ),
      );
    }, ESTIMATION_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once("message", (message: WorkerAnswer) => {
      settle();
      if (message.ok) return resolve(message.result);
      if ("refusal" in message)
        return reject(
          new AppError("VALIDATION_FAILED", message.refusal.message, {
            fields: [{ field, message: message.refusal.message }],
          }),
        );
      reject(new Error(`estimation worker failed: ${message.failure}`));
    });
    worker.once("error", (error) => {
      settle();
      reject(error);
    });
  });
}

type WorkerAnswer =
  | { ok: true; result: EstimateResult }
  | { ok: false; refusal: { code: string; message: string; line?: number } }
  | { ok: false; failure: string };

/** Runs the estimator on an uploaded table or a linked round, and saves the run. */
export async function runEstimation(deps: Deps, viewer: Viewer, input: CreateEstimation) {
  let csv: string;
  let stratify: string | undefined;
  let linkageRoundId: string | null = null;
  if (input.source.kind === "csv") {
    csv = input.source.csv;
    stratify = input.source.stratify;
  } else {
    const round = await findRound(deps.db, input.source.roundId);
    if (!round) throw notFound();
    if (round.status !== "linked" || !round.result)
      throw new AppError("CONFLICT", "Koppel de ronde eerst. / Link the round first.");
    csv = String(round.result.rawCsv);
    linkageRoundId = round.id;
    stratify = input.source.stratified ? "stratum" : undefined;
  }
  const { source: _source, ...settings } = input;
  const result = await estimateInWorker(
    {
      csv,
      stratify,
      options: {
        method: settings.method,
        model: settings.model,
        pthresh: settings.pthresh,
        maxOrder: settings.maxorder,
        ci: settings.ci,
        nboot: settings.nboot,
        seed: settings.seed,
        level: settings.level,
      },
    },
    input.source.kind === "csv" ? "source.csv" : "source.roundId",
  );
  const id = await deps.db.transaction(async (tx) => {
    const runId = await insertEstimationRun(tx, {
      organisationId: viewer.organisationId,
      createdBy: viewer.userId,
      at: deps.now(),
      source: input.source.kind === "csv" ? "upload" : "linkage",
      linkageRoundId,
      inputCsv: csv,
      settings: { ...settings, stratify: stratify ?? null },
      result: result as unknown as Record<string, unknown>,
    });
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "estimation.run",
      objectType: "estimation_run",
      objectId: runId,
      purpose: "statistics",
      details: { method: settings.method, source: input.source.kind },
    });
    return runId;
  });
  return { id, result };
}

export async function estimationRun(deps: Deps, viewer: Viewer, id: string) {
  const run = await findEstimationRun(deps.db, id);
  if (!run) throw notFound();
  await audit(deps, viewer, "estimation.read", "estimation_run", id, {});
  return run;
}
