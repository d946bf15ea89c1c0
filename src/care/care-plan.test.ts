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

  it("the plan shows each service's note; a status change and its reason land on the case's timeline", async () => {
    const deps = h().deps;
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    const caseId = (
      await coordinator.request("POST", "/cases", {
        person: buildPersonInput(),
        foundMunicipalityCode: "GM0935",
      })
    ).json.items[0].id;
    const note = "Synthetisch: afspraak bij de huisarts in de wijk.";
    const service = await coordinator.request("POST", `/cases/${caseId}/services`, { need: "medical", note });
    expect(service.status).toBe(201);
    const plan = (await coordinator.request("GET", `/cases/${caseId}/care-plan`)).json;
    expect(plan.services).toEqual([
      expect.objectContaining({ id: service.json.id, need: "medical", status: "planned", note }),
    ]);
    const change = `/cases/${caseId}/services/${service.json.id}/status-changes`;
    expect((await coordinator.request("POST", change, { action: "cancel" })).status).toBe(400); // reason required
    const reason = "Synthetisch: de persoon wil eerst zelf een arts zoeken.";
    expect((await coordinator.request("POST", change, { action: "cancel", reason })).json.status).toBe(
      "cancelled",
    );
    const timeline = (await coordinator.request("GET", `/cases/${caseId}`)).json.timeline;
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: "service_changed",
        text: reason,
        data: { serviceId: service.json.id, need: "medical", from: "planned", to: "cancelled" },
      }),
    );
    const stored = await h().db.query<{ text_enc: string }>(
      "select text_enc from case_events where case_id = $1 and kind = 'service_changed'",
      [caseId],
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.text_enc).not.toContain("arts");
  });
});
