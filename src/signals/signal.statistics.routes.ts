/**
 * @module signal.statistics.routes
 * GET /signal-statistics: the monitor's figures about signals (counts and durations, small cells
 * suppressed) for users with `monitor:view`. The answer holds no personal data; the viewing is
 * audited all the same, as every statistics read is.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { appendAudit } from "../audit/audit.repository";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonResponse } from "../platform/http/openapi";
import { signalStatistics } from "./signal.statistics";

const MAX_RANGE_DAYS = 366 * 10;
const DAY_MS = 86_400_000;

const isoDate = (name: string) =>
  z
    .string()
    .date()
    .optional()
    .openapi({ format: "date", param: { name, in: "query" } });

export const SignalStatisticsQuerySchema = z.object({
  from: isoDate("from"),
  to: isoDate("to"),
  groupBy: z
    .enum(["year", "month"])
    .default("month")
    .openapi({ param: { name: "groupBy", in: "query" } }),
});

const Cell = z.union([z.number().int(), z.string()]);
const Duration = z.object({
  count: Cell,
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
const Breakdown = z.record(z.string(), Cell);
const SignalStatisticsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(["year", "month"]),
    minimumCell: z.number().int(),
    periods: z.array(
      z.object({
        period: z.string(),
        total: Cell,
        byChannel: Breakdown,
        byForm: Breakdown,
        byPoliceUnit: Breakdown,
        bySafetyRegion: Breakdown,
        byStatus: Breakdown,
        byRoutingOutcome: Breakdown,
        durations: z.object({
          receivedToTriage: Duration,
          receivedToRouted: Duration,
          routedToAccepted: Duration,
        }),
      }),
    ),
  })
  .openapi("SignalStatistics");

export function registerSignalStatisticsRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/signal-statistics",
      tags: ["Signals"],
      summary:
        'Counts of signals by channel, form, region and outcome, and chain durations, per year or month (monitor; counts below 10 shown as "<10")',
      security: [{ session: [] }],
      request: { query: SignalStatisticsQuerySchema },
      responses: { 200: jsonResponse(SignalStatisticsSchema, "The figures") },
    }),
    async (c) => {
      const view = requireSession(c, "monitor:view");
      const q = c.req.valid("query");
      const today = deps.now().toISOString().slice(0, 10);
      const to = q.to ?? today;
      const from = q.from ?? `${Number(to.slice(0, 4)) - 1}${to.slice(4)}`;
      const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
      if (!(days >= 0 && days <= MAX_RANGE_DAYS))
        throw new AppError(
          "VALIDATION_FAILED",
          "De periode is ongeldig (van vóór tot, hooguit tien jaar). / The period is invalid (from before to, at most ten years).",
          { fields: [{ field: "from", message: "from must not be after to; at most ten years" }] },
        );
      const result = await deps.db.transaction(async (tx) => {
        const figures = await signalStatistics(tx, { from, to, groupBy: q.groupBy });
        await appendAudit(tx, {
          actorUserId: view.user.id,
          actorOrganisationId: view.organisation.id,
          requestId: c.get("requestId"),
          action: "signal_statistics.viewed",
          objectType: "signal_statistics",
          objectId: null,
          purpose: "statistics",
          details: { from, to, groupBy: q.groupBy },
        });
        return figures;
      });
      return c.json(result, 200);
    },
  );
}
