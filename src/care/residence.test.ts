import { expect, it } from "vitest";
import { buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { addCalendarDays } from "../signals/working-days.rules";

describeOnEachDatabase("reflection period and residence deadlines", (h) => {
  it("a running reflection period appears in the deadlines view and warns before it ends; impossible events are refused", async () => {
    const deps = h().deps;
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    const open = async () =>
      (
        await coordinator.request("POST", "/cases", {
          person: buildPersonInput(),
          foundMunicipalityCode: "GM0935",
        })
      ).json.items[0];
    const today = new Date().toISOString().slice(0, 10);
    const soon = await open();
    const later = await open();
    // Started almost three months ago: it ends within a week.
    const startedSoon = addCalendarDays(today, -85);
    expect(
      (
        await coordinator.request("POST", `/cases/${soon.id}/residence-events`, {
          type: "informed_about_reflection_period",
          on: startedSoon,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await coordinator.request("POST", `/cases/${soon.id}/residence-events`, {
          type: "reflection_period_started",
          on: startedSoon,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await coordinator.request("POST", `/cases/${later.id}/residence-events`, {
          type: "reflection_period_started",
          on: addCalendarDays(today, -10),
        })
      ).status,
    ).toBe(204);
    const twice = await coordinator.request("POST", `/cases/${soon.id}/residence-events`, {
      type: "reflection_period_started",
      on: today,
    });
    expect(twice.status).toBe(400);
    expect(twice.json.invalidParams[0].message ?? twice.json.invalidParams[0].reason).toBe(
      "started_while_running",
    );
    const future = await coordinator.request("POST", `/cases/${later.id}/residence-events`, {
      type: "criminal_complaint_filed",
      on: addCalendarDays(today, 30),
    });
    expect(future.status).toBe(400);
    const granted = await coordinator.request("POST", `/cases/${later.id}/residence-events`, {
      type: "residence_permit_granted",
      on: today,
    });
    expect(granted.status).toBe(400); // no application before the decision

    const view = (await coordinator.request("GET", "/deadlines")).json.items;
    const rowSoon = view.find((r: { caseId: string }) => r.caseId === soon.id);
    const rowLater = view.find((r: { caseId: string }) => r.caseId === later.id);
    expect(rowSoon).toMatchObject({
      kind: "reflection_period_end",
      state: "warning",
      warningThreshold: 7,
      caseNumber: soon.caseNumber,
    });
    expect(rowSoon.daysLeft).toBeLessThanOrEqual(7);
    expect(rowLater).toMatchObject({ state: "ok", warningThreshold: null });
    expect(view.indexOf(rowSoon)).toBeLessThan(view.indexOf(rowLater)); // warnings before the rest
    const timeline = (await coordinator.request("GET", `/cases/${soon.id}/residence-events`)).json;
    expect(timeline.deadlines.reflection.state).toBe("running");
    const other = new TestClient(h().app, deps.now);
    await other.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    expect((await other.request("GET", `/cases/${soon.id}/residence-events`)).status).toBe(404);
    expect(
      (await other.request("GET", "/deadlines")).json.items.map((r: { caseId: string }) => r.caseId),
    ).not.toContain(soon.id);
  });
});
