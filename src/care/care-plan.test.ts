import { expect, it } from "vitest";
import { buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";

describeOnEachDatabase("care plans", (h) => {
  it("needs, services by the transition table, gaps, and a reminder when a service stalls", async () => {
    const deps = h().deps;
    const coordinator = new TestClient(h().app, deps.now);
    const user = await buildUser(deps, { roles: ["care_coordinator"] });
    await coordinator.login(user);
    const caseId = (
      await coordinator.request("POST", "/cases", {
        person: buildPersonInput(),
        foundMunicipalityCode: "GM0935",
      })
    ).json.items[0].id;
    expect(
      (
        await coordinator.request("PUT", `/cases/${caseId}/needs`, {
          needs: ["shelter", "medical", "legal_aid"],
        })
      ).status,
    ).toBe(204);
    expect((await coordinator.request("PUT", `/cases/${caseId}/needs`, { needs: ["wishes"] })).status).toBe(
      400,
    );
    const service = await coordinator.request("POST", `/cases/${caseId}/services`, { need: "medical" });
    expect(service.status).toBe(201);
    const illegal = await coordinator.request(
      "POST",
      `/cases/${caseId}/services/${service.json.id}/status-changes`,
      { action: "complete" },
    );
    expect(illegal.status).toBe(409);
    expect(
      (
        await coordinator.request("POST", `/cases/${caseId}/services/${service.json.id}/status-changes`, {
          action: "request",
        })
      ).json.status,
    ).toBe("requested");
    let plan = (await coordinator.request("GET", `/cases/${caseId}/care-plan`)).json;
    expect(plan.gaps.sort()).toEqual(["legal_aid", "shelter"]);
    expect(plan.reminders).toEqual([]);
    h().advanceClock(21 * 86_400_000); // three weeks without progress (the session timed out meanwhile)
    await coordinator.login(user);
    plan = (await coordinator.request("GET", `/cases/${caseId}/care-plan`)).json;
    expect(plan.reminders).toEqual([
      expect.objectContaining({ serviceId: service.json.id, need: "medical", reason: "no_progress" }),
    ]);
    const reminders = (await coordinator.request("GET", "/care-reminders")).json.items;
    expect(reminders.map((r: { caseId: string }) => r.caseId)).toContain(caseId);
    const other = new TestClient(h().app, deps.now);
    await other.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    expect((await other.request("GET", `/cases/${caseId}/care-plan`)).status).toBe(404);
  });
});
