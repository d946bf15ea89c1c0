/**
 * @module darknumber.repository
 * SQL for linkage rounds, their submissions, and saved estimation runs.
 */
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";

export type RoundRow = {
  id: string;
  organisation_id: string;
  name: string;
  threshold: number;
  solver: "greedy" | "transitive";
  status: "open" | "linked";
  created_at: Date;
  linked_at: Date | null;
  result: Record<string, unknown> | null;
};

export async function insertRound(
  tx: Queryable,
  r: { organisationId: string; name: string; threshold: number; solver: string; createdBy: string; at: Date },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    "insert into linkage_rounds (organisation_id, name, threshold, solver, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning id",
    [r.organisationId, r.name, r.threshold, r.solver, r.createdBy, r.at.toISOString()],
  );
  return row!.id;
}

export async function findRound(db: Queryable, id: string): Promise<RoundRow | null> {
  const [row] = await db.query<RoundRow>("select * from linkage_rounds where id = $1", [id]);
  return row ?? null;
}

export async function listRounds(db: Queryable): Promise<RoundRow[]> {
  return db.query<RoundRow>("select * from linkage_rounds order by created_at desc limit 200");
}

export type SubmissionSummary = {
  organisationId: string;
  organisationName: string;
  listName: string;
  recordCount: number;
  submittedAt: Date;
};

export async function listSubmissions(db: Queryable, roundId: string): Promise<SubmissionSummary[]> {
  const rows = await db.query<{
    organisation_id: string;
    name: string;
    list_name: string;
    record_count: number;
    submitted_at: Date;
  }>(
    `select s.organisation_id, o.name, s.list_name, s.record_count, s.submitted_at from linkage_submissions s
     join organisations o on o.id = s.organisation_id where s.round_id = $1 order by s.list_name`,
    [roundId],
  );
  return rows.map((r) => ({
    organisationId: r.organisation_id,
    organisationName: r.name,
    listName: r.list_name,
    recordCount: r.record_count,
    submittedAt: r.submitted_at,
  }));
}

export type SubmissionPayload = {
  clks: string[];
  covariates?: { names: ("year" | "form" | "sex" | "ageGroup")[]; rows: string[][] };
};

/** Replaces the organisation's earlier submission to an open round. */
export async function upsertSubmission(
  tx: Queryable,
  cipher: FieldCipher,
  s: {
    roundId: string;
    organisationId: string;
    listName: string;
    payload: SubmissionPayload;
    by: string;
    at: Date;
  },
): Promise<void> {
  await tx.query("delete from linkage_submissions where round_id = $1 and organisation_id = $2", [
    s.roundId,
    s.organisationId,
  ]);
  await tx.query(
    `insert into linkage_submissions (round_id, organisation_id, list_name, record_count, payload_enc, submitted_by, submitted_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      s.roundId,
      s.organisationId,
      s.listName,
      s.payload.clks.length,
      cipher.encrypt(JSON.stringify(s.payload)),
      s.by,
      s.at.toISOString(),
    ],
  );
}

export async function submissionPayloads(
  db: Queryable,
  cipher: FieldCipher,
  roundId: string,
): Promise<{ listName: string; payload: SubmissionPayload }[]> {
  const rows = await db.query<{ list_name: string; payload_enc: string }>(
    "select list_name, payload_enc from linkage_submissions where round_id = $1 order by list_name",
    [roundId],
  );
  return rows.map((r) => ({
    listName: r.list_name,
    payload: JSON.parse(cipher.decrypt(r.payload_enc)) as SubmissionPayload,
  }));
}

export async function markLinked(
  tx: Queryable,
  id: string,
  result: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await tx.query("update linkage_rounds set status = 'linked', result = $2, linked_at = $3 where id = $1", [
    id,
    JSON.stringify(result),
    at.toISOString(),
  ]);
}

export type EstimationRunRow = {
  id: string;
  organisation_id: string;
  created_by: string;
  created_at: Date;
  source: "upload" | "linkage";
  linkage_round_id: string | null;
  input_csv: string;
  settings: Record<string, unknown>;
  result: Record<string, unknown>;
};

export async function insertEstimationRun(
  tx: Queryable,
  r: {
    organisationId: string;
    createdBy: string;
    at: Date;
    source: "upload" | "linkage";
    linkageRoundId: string | null;
    inputCsv: string;
    settings: Record<string, unknown>;
    result: Record<string, unknown>;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into estimation_runs (organisation_id, created_by, created_at, source, linkage_round_id, input_csv, settings, result)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      r.organisationId,
      r.createdBy,
      r.at.toISOString(),
      r.source,
      r.linkageRoundId,
      r.inputCsv,
      JSON.stringify(r.settings),
      JSON.stringify(r.result),
    ],
  );
  return row!.id;
}

export async function findEstimationRun(db: Queryable, id: string): Promise<EstimationRunRow | null> {
  const [row] = await db.query<EstimationRunRow>("select * from estimation_runs where id = $1", [id]);
  return row ?? null;
}

export async function listEstimationRuns(
  db: Queryable,
): Promise<Omit<EstimationRunRow, "input_csv" | "result">[]> {
  return db.query(
    "select id, organisation_id, created_by, created_at, source, linkage_round_id, settings from estimation_runs order by created_at desc limit 200",
  );
}
