/**
 * @module residence.service
 * The reflection period and residence-permit timeline of a case (append-only dated events, validated
 * as a whole before each addition under a lock on the case), and the deadlines view across the
 * coordinator's cases with warnings before the reflection period ends.
 */
import { appendAudit } from "../audit/audit.repository";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import { amsterdamDateOf } from "../signals/working-days.rules";
import type { ReflectionEndReason, ResidenceEventType } from "./care.vocabulary";
import { deadlines, deadlinesView, type ResidenceEvent, validateTimeline } from "./reflection.rules";

type EventRow = {
  id: string;
  type: ResidenceEventType;
  on_date: string;
  variant: "standard" | "dublin" | null;
  end_reason: ReflectionEndReason | null;
  valid_until: string | null;
};

const toEvent = (r: EventRow): ResidenceEvent => ({
  id: r.id,
  type: r.type,
  on: r.on_date,
  ...(r.variant ? { variant: r.variant } : {}),
  ...(r.end_reason ? { endReason: r.end_reason } : {}),
  ...(r.valid_until ? { validUntil: r.valid_until } : {}),
});

async function events(
  db: Deps["db"] | Parameters<Parameters<Deps["db"]["transaction"]>[0]>[0],
  caseId: string,
): Promise<ResidenceEvent[]> {
  const rows = await db.query<EventRow>(
    "select id, type, on_date, variant, end_reason, valid_until from case_residence_events where case_id = $1 order by on_date, recorded_at",
    [caseId],
  );
  return rows.map(toEvent);
}

export async function addResidenceEvent(
  deps: Deps,
  viewer: Viewer,
  caseId: string,
  input: ResidenceEvent,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [kase] = await tx.query<{ organisation_id: string }>(
      "select organisation_id from cases where id = $1 for update",
      [caseId],
    );
    if (!kase || kase.organisation_id !== viewer.organisationId) throw notFound();
    const today = amsterdamDateOf(deps.now());
    const all = [...(await events(tx, caseId)), input];
    const { ok, issues } = validateTimeline({ events: all, today });
    const mine = issues.filter((i) => i.severity === "error" && i.index === all.length - 1);
    if (!ok && mine.length > 0) {
      throw new AppError(
        "VALIDATION_FAILED",
        `Deze gebeurtenis past niet in de tijdlijn: ${mine.map((i) => i.code).join(", ")}. / This event does not fit the timeline: ${mine.map((i) => i.code).join(", ")}.`,
        {
          fields: mine.map((i) => ({
            field: i.code === "invalid_date" || i.code === "in_future" ? "on" : "type",
            message: i.code,
          })),
        },
      );
    }
    await tx.query(
      "insert into case_residence_events (case_id, type, on_date, variant, end_reason, valid_until, recorded_by, recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
      [
        caseId,
        input.type,
        input.on,
        input.variant ?? null,
        input.endReason ?? null,
        input.validUntil ?? null,
        viewer.userId,
        deps.now().toISOString(),
      ],
    );
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "case.residence_event",
      objectType: "case",
      objectId: caseId,
      purpose: "care",
      details: { type: input.type },
    });
  });
}

export async function caseTimeline(deps: Deps, viewer: Viewer, caseId: string) {
  const [kase] = await deps.db.query<{ organisation_id: string }>(
    "select organisation_id from cases where id = $1",
    [caseId],
  );
  if (!kase || kase.organisation_id !== viewer.organisationId) throw notFound();
  const list = await events(deps.db, caseId);
  return { events: list, deadlines: deadlines({ events: list, today: amsterdamDateOf(deps.now()) }) };
}

/** Deadlines across the coordinator's open cases: overdue first, then warnings. */
export async function coordinatorDeadlines(deps: Deps, viewer: Viewer, horizonDays?: number) {
  const cases = await deps.db.query<{ id: string; case_number: string; organisation_id: string }>(
    "select id, case_number, organisation_id from cases where organisation_id = $1 and status = 'open'",
    [viewer.organisationId],
  );
  const withEvents = [];
  for (const c of cases)
    withEvents.push({
      caseId: c.id,
      caseNumber: c.case_number,
      coordinatorOrganisationId: c.organisation_id,
      events: await events(deps.db, c.id),
    });
  return deadlinesView({ cases: withEvents, today: amsterdamDateOf(deps.now()), horizonDays });
}
