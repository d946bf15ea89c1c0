import { describe, expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { createApiKey } from "../accounts/api-keys.service";
import { SYSTEM_ACTOR } from "../platform/deps";
import { signalStatistics, suppressCount, suppressSmallCells } from "./signal.statistics";

describe("small-cell suppression", () => {
  it("shows counts below the minimum as '<10', zero included, and keeps the rest", () => {
    expect(suppressSmallCells({ a: 0, b: 1, c: 9, d: 10, e: 250 })).toEqual({
      a: "<10",
      b: "<10",
      c: "<10",
      d: 10,
      e: 250,
    });
    expect(suppressCount(4, 5)).toBe("<5");
    expect(suppressCount(5, 5)).toBe(5);
  });
});

const HOUR = 3_600_000;
const SECRET_NARRATIVE = "Synthetisch: plantverhaal-statistiek dat nooit in cijfers mag verschijnen.";

describeOnEachDatabase(
  "signal statistics: counts, durations, suppression",
  (h) => {
    async function setup() {
      const deps = h().deps;
      const partnerOrg = await buildOrganisation(deps, { type: "police" });
      const admin = await buildUser(deps, { roles: ["administrator"], organisationId: partnerOrg.id });
      const { key } = await createApiKey(deps, SYSTEM_ACTOR, {
        organisationId: partnerOrg.id,
        name: "Statistiektest (synthetisch)",
        createdBy: admin.id,
      });
      const deskOrg = await buildOrganisation(deps, { type: "labour_inspectorate" });
      const desk = new TestClient(h().app, deps.now);
      await desk.login(await buildUser(deps, { roles: ["desk_officer"], organisationId: deskOrg.id }));
      const teamOrg = await buildOrganisation(deps, { type: "care_provider" });
      const team = new TestClient(h().app, deps.now);
      await team.login(await buildUser(deps, { organisationId: teamOrg.id }));
      const statistician = new TestClient(h().app, deps.now);
      await statistician.login(await buildUser(deps, { roles: ["statistician"] }));
      return { key, desk, team, teamOrg, statistician };
    }

    async function file(key: string, body: Record<string, unknown>): Promise<string> {
      const res = await h().app.request("/api/v1/signals", {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key },
        body: JSON.stringify({
          observedOn: "2026-11-20",
          narrative: SECRET_NARRATIVE,
          urgency: "normal",
          ...body,
        }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    }

    it("counts filed, triaged, routed and accepted signals and measures the chain from the history", async () => {
      const { key, desk, team, teamOrg, statistician } = await setup();
      const filedAt = h().deps.now();
      const utrecht: string[] = [];
      for (let i = 0; i < 11; i++)
        utrecht.push(await file(key, { municipalityCode: "GM0344", forms: ["labour"] }));
      await file(key, { municipalityCode: "GM0363", forms: ["sexual", "labour"] });

      const handled = utrecht.slice(0, 10);
      h().advanceClock(HOUR);
      for (const id of handled)
        expect(
          (await desk.request("POST", `/signals/${id}/status-changes`, { to: "in_triage" })).status,
        ).toBe(204);
      h().advanceClock(HOUR);
      const routingIds: string[] = [];
      for (const id of handled) {
        const routed = await desk.request("POST", `/signals/${id}/routings`, {
          track: "care",
          organisationId: teamOrg.id,
          reason: "Synthetisch: zorgtraject.",
        });
        expect(routed.status).toBe(201);
        routingIds.push(...routed.json.routingIds);
      }
      h().advanceClock(HOUR / 2);
      for (const id of routingIds)
        expect((await team.request("POST", `/signal-routings/${id}/decision`, { accept: true })).status).toBe(
          204,
        );

      const [utrechtUnit] = await h().db.query<{ police_unit_id: string; safety_region_code: string }>(
        "select police_unit_id, safety_region_code from municipalities where code = 'GM0344'",
      );
      const day = filedAt.toISOString().slice(0, 10);
      const res = await statistician.request("GET", `/signal-statistics?from=${day}&to=${day}&groupBy=year`);
      expect(res.status).toBe(200);
      expect(res.json.minimumCell).toBe(10);
      expect(res.json.periods).toHaveLength(1);
      const p = res.json.periods[0];
      expect(p.period).toMatch(/^\d{4}$/);
      expect(p.total).toBe(12);
      expect(p.byChannel).toEqual({ partner_api: 12 });
      expect(p.byForm).toEqual({ labour: 12, sexual: "<10" });
      expect(p.byPoliceUnit[utrechtUnit!.police_unit_id]).toBe(11);
      expect(p.bySafetyRegion[utrechtUnit!.safety_region_code]).toBe(11);
      expect(Object.values(p.byPoliceUnit)).toContain("<10");
      expect(p.byStatus).toEqual({ accepted_by_team: 10, received: "<10" });
      expect(p.byRoutingOutcome).toEqual({ accepted: 10 });
      // The clock moved 1 h, 1 h and 30 min; the real time the requests took comes on top.
      const near = (seconds: number) => expect.toSatisfy((x: number) => x >= seconds && x < seconds + 120);
      expect(p.durations.receivedToTriage).toEqual({
        count: 10,
        medianSeconds: near(3600),
        p90Seconds: near(3600),
      });
      expect(p.durations.receivedToRouted).toEqual({
        count: 10,
        medianSeconds: near(7200),
        p90Seconds: near(7200),
      });
      expect(p.durations.routedToAccepted).toEqual({
        count: 10,
        medianSeconds: near(1800),
        p90Seconds: near(1800),
      });

      // Nothing row-level leaks: no ids, no narrative.
      const body = JSON.stringify(res.json);
      expect(body).not.toContain(SECRET_NARRATIVE);
      for (const id of utrecht) expect(body).not.toContain(id);

      // With a higher minimum the same figures are suppressed, durations withheld.
      const strict = await signalStatistics(h().db, {
        from: day,
        to: day,
        groupBy: "month",
        minimumCell: 11,
      });
      const s = strict.periods[0]!;
      expect(s.period).toMatch(/^\d{4}-\d{2}$/);
      expect(s.total).toBe(12);
      expect(s.byStatus).toEqual({ accepted_by_team: "<11", received: "<11" });
      expect(s.durations.receivedToTriage).toEqual({ count: "<11", medianSeconds: null, p90Seconds: null });

      // An empty period answers no periods at all.
      const empty = await statistician.request("GET", "/signal-statistics?from=2001-01-01&to=2001-12-31");
      expect(empty.status).toBe(200);
      expect(empty.json.periods).toEqual([]);

      const audit = await h().db.query(
        "select 1 from audit_log where action = 'signal_statistics.viewed' and purpose = 'statistics'",
      );
      expect(audit.length).toBeGreaterThanOrEqual(2);
    });

    it("needs monitor:view and a valid period", async () => {
      const { desk, statistician } = await setup();
      expect((await desk.request("GET", "/signal-statistics")).status).toBe(403);
      const anonymous = await h().app.request("/api/v1/signal-statistics");
      expect(anonymous.status).toBe(401);
      expect(
        (await statistician.request("GET", "/signal-statistics?from=2026-02-01&to=2026-01-01")).status,
      ).toBe(400);
      expect((await statistician.request("GET", "/signal-statistics?groupBy=week")).status).toBe(400);
      expect((await statistician.request("GET", "/signal-statistics")).status).toBe(200);
    });
  },
  { SAMEN_SESSION_IDLE_MINUTES: "600" },
); // the clock moves hours while the clients stay logged in
