/**
 * @module signal.statistics
 * Figures about signals for the monitor: counts by channel, form of exploitation, police unit, safety
 * region, status and routing outcome per year or month, and how long the chain takes (received →
 * in triage, received → routed, routed → accepted) as median and 90th percentile, taken from the
 * append-only event history.
 *
 * This is the statistics module's interface (the monitor uses `signalStatistics`); it holds its own
 * aggregate SQL because nothing else reads these aggregates. No row-level data leaves this module:
 * every count below the small-cell minimum (10 by default, the monitor's disclosure rule) is shown as
 * "<10", and a duration over fewer signals than that is withheld, so the answer never reveals a
 * small group of people.
 *
 * A signal counts in the period of its submission (`submitted_at`, written in the same instant as the
 * history's "received" event), in Dutch local time. A signal naming two forms counts under both, so
 * the form counts can add up to more than the total.
 */
import type { Queryable } from "../platform/db/database";

/** Counts below this are shown as "<10" (configurable per call, never lowered by the HTTP caller). */
export const SMALL_CELL_MINIMUM = 10;

/** A published count: the number, or "<N" when it is below the small-cell minimum. */
export type Cell = number | `<${number}`;

/**
 * Suppresses one count: below `minimum` it becomes "<minimum" (zero included, so an empty cell and a
 * cell of one person look the same).
 */
export function suppressCount(n: number, minimum: number = SMALL_CELL_MINIMUM): Cell {
  return n < minimum ? `<${minimum}` : n;
}

/** Suppresses every count of a breakdown (pure; the keys are kept, so a "<10" is visible as such). */
export function suppressSmallCells(
  counts: Record<string, number>,
  minimum: number = SMALL_CELL_MINIMUM,
): Record<string, Cell> {
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, suppressCount(n, minimum)]));
}

export type StatisticsGroupBy = "year" | "month";

export const DURATION_SPANS = ["receivedToTriage", "receivedToRouted", "routedToAccepted"] as const;
export type DurationSpan = (typeof DURATION_SPANS)[number];

export type DurationFigure = {
  /** How many signals passed this span (suppressed like any count). */
  count: Cell;
  /** Median and 90th percentile in seconds; null when the count is suppressed or zero. */
  medianSeconds: number | null;
  p90Seconds: number | null;
};

export const BREAKDOWNS = [
  "byChannel",
  "byForm",
  "byPoliceUnit",
  "bySafetyRegion",
  "byStatus",
  "byRoutingOutcome",
] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export type PeriodStatistics = {
  /** "2026" or "2026-11". */
  period: string;
  total: Cell;
  durations: Record<DurationSpan, DurationFigure>;
} & Record<Breakdown, Record<string, Cell>>;

export type SignalStatistics = {
  from: string;
  to: string;
  groupBy: StatisticsGroupBy;
  minimumCell: number;
  periods: PeriodStatistics[];
};

const TIME_ZONE = "Europe/Amsterdam";
const PERIOD_FORMAT: Record<StatisticsGroupBy, string> = { year: "YYYY", month: "YYYY-MM" };

/**
 * The breakdowns as fixed SQL fragments (never caller input): the key column and the joins it needs.
 * `byRoutingOutcome` counts routings (one signal can go to several teams), the rest count signals.
 */
const BREAKDOWN_SQL: Record<Breakdown, { key: string; from: string }> = {
  byChannel: { key: "s.channel", from: "" },
  byForm: { key: "f.form", from: "cross join unnest(s.forms) as f(form)" },
  byPoliceUnit: {
    key: "coalesce(m.police_unit_id, 'unknown')",
    from: "left join municipalities m on m.code = s.municipality_code",
  },
  bySafetyRegion: {
    key: "coalesce(m.safety_region_code, 'unknown')",
    from: "left join municipalities m on m.code = s.municipality_code",
  },
  byStatus: { key: "s.status", from: "" },
  byRoutingOutcome: { key: "r.status", from: "join signal_routings r on r.signal_id = s.id" },
};

type Window = { from: string; to: string; groupBy: StatisticsGroupBy };

/** The period expression and the filter shared by every query: submitted between from and to (inclusive). */
function scope(groupBy: StatisticsGroupBy) {
  return {
    period: `to_char(s.submitted_at at time zone '${TIME_ZONE}', '${PERIOD_FORMAT[groupBy]}')`,
    where: `s.submitted_at is not null
      and s.submitted_at >= ($1::date)::timestamp at time zone '${TIME_ZONE}'
      and s.submitted_at < ($2::date + 1)::timestamp at time zone '${TIME_ZONE}'`,
  };
}

async function countRows(db: Queryable, w: Window, breakdown: Breakdown | null) {
  const { period, where } = scope(w.groupBy);
  const b = breakdown ? BREAKDOWN_SQL[breakdown] : { key: "'total'", from: "" };
  return db.query<{ period: string; key: string; n: number }>(
    `select ${period} as period, ${b.key} as key, count(*)::int8 as n
     from signals s ${b.from} where ${where} group by 1, 2 order by 1, 2`,
    [w.from, w.to],
  );
}

const firstStatusAt = (status: string) =>
  `(select min(e.at) from signal_events e where e.signal_id = s.id and e.kind = 'status' and e.to_status = '${status}')`;

async function durationRows(db: Queryable, w: Window) {
  const { period, where } = scope(w.groupBy);
  const span = (name: DurationSpan, start: string, end: string) =>
    `select period, '${name}' as span, count(*)::int8 as n,
       percentile_cont(0.5) within group (order by extract(epoch from ${end} - ${start}))::float8 as p50,
       percentile_cont(0.9) within group (order by extract(epoch from ${end} - ${start}))::float8 as p90
     from t where ${start} is not null and ${end} is not null and ${end} >= ${start} group by period`;
  return db.query<{ period: string; span: DurationSpan; n: number; p50: number; p90: number }>(
    `with t as (
       select ${period} as period, s.submitted_at as received, ${firstStatusAt("in_triage")} as triaged,
         ${firstStatusAt("routed")} as routed, ${firstStatusAt("accepted_by_team")} as accepted
       from signals s where ${where}
     )
     ${span("receivedToTriage", "received", "triaged")}
     union all ${span("receivedToRouted", "received", "routed")}
     union all ${span("routedToAccepted", "routed", "accepted")}`,
    [w.from, w.to],
  );
}

/**
 * The monitor's figures about signals submitted from `from` to `to` (dates, inclusive, Dutch local
 * time) per year or month, with every small count suppressed.
 */
export async function signalStatistics(
  db: Queryable,
  {
    from,
    to,
    groupBy,
    minimumCell = SMALL_CELL_MINIMUM,
  }: Window & {
    /** Small-cell minimum; the HTTP route always uses the default. */
    minimumCell?: number;
  },
): Promise<SignalStatistics> {
  const w = { from, to, groupBy };
  const totals = await countRows(db, w, null);
  const raw = new Map<string, { total: number; counts: Record<Breakdown, Record<string, number>> }>();
  for (const t of totals) {
    const counts = Object.fromEntries(BREAKDOWNS.map((b) => [b, {}])) as Record<
      Breakdown,
      Record<string, number>
    >;
    raw.set(t.period, { total: Number(t.n), counts });
  }
  for (const breakdown of BREAKDOWNS) {
    for (const row of await countRows(db, w, breakdown)) {
      const p = raw.get(row.period);
      if (p) p.counts[breakdown][row.key] = Number(row.n);
    }
  }
  const durations = await durationRows(db, w);
  const periods = [...raw.entries()].map(([period, p]): PeriodStatistics => {
    const spans = Object.fromEntries(
      DURATION_SPANS.map((span) => {
        const d = durations.find((r) => r.period === period && r.span === span);
        const n = d ? Number(d.n) : 0;
        const shown = n >= minimumCell && n > 0;
        return [
          span,
          {
            count: suppressCount(n, minimumCell),
            medianSeconds: shown ? Math.round(d!.p50) : null,
            p90Seconds: shown ? Math.round(d!.p90) : null,
          },
        ];
      }),
    ) as Record<DurationSpan, DurationFigure>;
    const breakdowns = Object.fromEntries(
      BREAKDOWNS.map((b) => [b, suppressSmallCells(p.counts[b], minimumCell)]),
    ) as Record<Breakdown, Record<string, Cell>>;
    return { period, total: suppressCount(p.total, minimumCell), ...breakdowns, durations: spans };
  });
  return { from, to, groupBy, minimumCell, periods };
}
