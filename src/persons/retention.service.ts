/**
 * @module retention.service
 * Applies the retention plan to person records: the columns of each due category are emptied;
 * when nothing identifying remains, the record becomes a non-identifying tombstone (pseudonym,
 * holder, dates). The dry run computes the very same plan without changing anything.
 */
import { appendAudit } from "../audit/audit.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { SYSTEM_ACTOR } from "../platform/deps";
import { enqueueJob } from "../platform/jobs";
import { COLUMN_CLASSIFICATION } from "../sharing/column-classification";
import type { DataCategory } from "../sharing/data-categories";
import { type RetentionItem, type RetentionSubject, retentionPlan } from "../sharing/retention.rules";

/** Person columns per category (data and keyed-hash columns), from the schema's privacy map. */
function columnsOf(category: DataCategory): string[] {
  return Object.entries(COLUMN_CLASSIFICATION.persons!)
    .filter(([, c]) => c === category)
    .map(([column]) => column)
    .filter(
      (column) => column.endsWith("_enc") || column.endsWith("_index") || column === "residence_status",
    );
}

const RETAINED_CATEGORIES: DataCategory[] = ["identity", "contact", "location", "health", "residence_status"];

async function subjects(db: Queryable): Promise<RetentionSubject[]> {
  const presence = RETAINED_CATEGORIES.map(
    (c) =>
      `(${columnsOf(c)
        .map((col) => `${col} is not null`)
        .join(" or ")}) as has_${c}`,
  ).join(", ");
  const rows = await db.query<
    Record<string, unknown> & {
      id: string;
      pseudonym: string;
      status: "active" | "closed";
      closed_at: Date | null;
      last_activity_at: Date;
    }
  >(
    `select id, pseudonym, status, closed_at, last_activity_at, ${presence} from persons where anonymised_at is null`,
  );
  return rows.map((r) => ({
    id: r.id,
    pseudonym: r.pseudonym,
    state: r.status,
    closedAt: r.closed_at,
    lastActivityAt: r.last_activity_at,
    present: new Set(RETAINED_CATEGORIES.filter((c) => r[`has_${c}`] === true)),
  }));
}

/** What the retention job would remove now. */
export async function retentionDryRun(deps: Deps): Promise<RetentionItem[]> {
  return retentionPlan(await subjects(deps.db), deps.now());
}

/** Removes what is due, each record in its own transaction, audited; returns what was removed. */
export async function applyRetention(deps: Deps): Promise<RetentionItem[]> {
  const plan = await retentionDryRun(deps);
  for (const item of plan) {
    await deps.db.transaction(async (tx) => {
      const columns = item.categories.flatMap(columnsOf);
      await tx.query(
        `update persons set ${columns.map((c) => `${c} = null`).join(", ")}${item.tombstone ? ", anonymised_at = $2" : ""} where id = $1`,
        item.tombstone ? [item.id, deps.now().toISOString()] : [item.id],
      );
      if (item.categories.includes("identity")) {
        await tx.query(
          "update consents set evidence_document_enc = null, witness_name_enc = null where person_id = $1",
          [item.id],
        );
      }
      await appendAudit(tx, {
        actorUserId: SYSTEM_ACTOR.userId,
        actorOrganisationId: SYSTEM_ACTOR.organisationId,
        requestId: null,
        action: item.tombstone ? "person.anonymised" : "person.retention_applied",
        objectType: "person",
        objectId: item.id,
        purpose: "retention",
        details: { personId: item.id, categories: item.categories },
      });
    });
  }
  return plan;
}

export const RETENTION_JOB = "retention";

/** The job handler: applies retention and schedules the next run a day later. */
export async function retentionJob(deps: Deps): Promise<Record<string, unknown>> {
  const done = await applyRetention(deps);
  const now = deps.now();
  await enqueueJob(deps.db, { kind: RETENTION_JOB, runAt: new Date(now.getTime() + 86_400_000), now });
  return { records: done.length, tombstones: done.filter((d) => d.tombstone).length };
}
