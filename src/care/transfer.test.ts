import { expect, it } from "vitest";
import { buildOrganisation, buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";

describeOnEachDatabase("case transfers between coordinators", (h) => {
  it("the receiver declines with a reason or accepts, and then holds the case; one open transfer at a time", async () => {
    const deps = h().deps;
    const aOrg = await buildOrganisation(deps, { type: "care_provider" });
    const bOrg = await buildOrganisation(deps, { type: "care_provider" });
    const a = new TestClient(h().app, deps.now);
    await a.login(await buildUser(deps, { roles: ["care_coordinator"], organisationId: aOrg.id }));
    const b = new TestClient(h().app, deps.now);
    await b.login(await buildUser(deps, { roles: ["care_coordinator"], organisationId: bOrg.id }));
    const caseId = (
      await a.request("POST", "/cases", { person: buildPersonInput(), foundMunicipalityCode: "GM0935" })
    ).json.items[0].id;
    expect(
      (await a.request("POST", `/cases/${caseId}/transfers`, { toOrganisationId: bOrg.id, reason: "other" }))
        .status,
    ).toBe(400); // "other" needs a note
    const first = await a.request("POST", `/cases/${caseId}/transfers`, {
      toOrganisationId: bOrg.id,
      reason: "victim_moved",
    });
    expect(first.status).toBe(201);
    expect(
      (
        await a.request("POST", `/cases/${caseId}/transfers`, {
          toOrganisationId: bOrg.id,
          reason: "victim_moved",
        })
      ).status,
    ).toBe(409);
    expect(
      (await b.request("POST", `/case-transfers/${first.json.id}/decision`, { action: "decline" })).status,
    ).toBe(400);
    expect(
      (
        await b.request("POST", `/case-transfers/${first.json.id}/decision`, {
          action: "decline",
          declineReason: "no_capacity",
        })
      ).status,
    ).toBe(204);
    expect((await b.request("GET", `/cases/${caseId}`)).status).toBe(404);
    const second = await a.request("POST", `/cases/${caseId}/transfers`, {
      toOrganisationId: bOrg.id,
      reason: "victim_moved",
    });
    expect(
      (await a.request("POST", `/case-transfers/${second.json.id}/decision`, { action: "accept" })).status,
    ).toBe(403); // only the receiver accepts
    expect(
      (await b.request("POST", `/case-transfers/${second.json.id}/decision`, { action: "accept" })).status,
    ).toBe(204);
    const read = await b.request("GET", `/cases/${caseId}`);
    expect(read.status).toBe(200);
    expect(read.json.timeline.map((e: { kind: string }) => e.kind)).toContain("transfer_completed");
    expect((await a.request("GET", `/cases/${caseId}`)).status).toBe(404); // the sender no longer holds the case
  });

  it("both sides list the transfer with when and why it was decided; a decline's note reaches the sender's timeline", async () => {
    const deps = h().deps;
    const aOrg = await buildOrganisation(deps, { type: "care_provider" });
    const bOrg = await buildOrganisation(deps, { type: "municipality" });
    const a = new TestClient(h().app, deps.now);
    await a.login(await buildUser(deps, { roles: ["care_coordinator"], organisationId: aOrg.id }));
    const b = new TestClient(h().app, deps.now);
    await b.login(await buildUser(deps, { roles: ["care_coordinator"], organisationId: bOrg.id }));
    const caseId = (
      await a.request("POST", "/cases", { person: buildPersonInput(), foundMunicipalityCode: "GM0935" })
    ).json.items[0].id;
    const requested = await a.request("POST", `/cases/${caseId}/transfers`, {
      toOrganisationId: bOrg.id,
      reason: "specialisation",
    });
    expect(requested.status).toBe(201);
    const open = (await b.request("GET", "/case-transfers")).json.items;
    expect(open).toEqual([
      expect.objectContaining({
        id: requested.json.id,
        caseId,
        direction: "incoming",
        status: "requested",
        reason: "specialisation",
        decidedAt: null,
        declineReason: null,
      }),
    ]);
    const note = "Synthetisch: wij hebben deze week geen coördinator vrij.";
    expect(
      (
        await b.request("POST", `/case-transfers/${requested.json.id}/decision`, {
          action: "decline",
          declineReason: "other",
          note,
        })
      ).status,
    ).toBe(204);
    const sent = (await a.request("GET", "/case-transfers")).json.items;
    expect(sent).toEqual([
      expect.objectContaining({
        caseId,
        direction: "outgoing",
        status: "declined",
        declineReason: "other",
        decidedAt: expect.any(String),
      }),
    ]);
    const timeline = (await a.request("GET", `/cases/${caseId}`)).json.timeline;
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: "transfer_declined",
        text: note,
        data: expect.objectContaining({ declineReason: "other" }),
      }),
    );
    // Stored encrypted, like every note on the timeline.
    const [row] = await h().db.query<{ text_enc: string }>(
      "select text_enc from case_events where case_id = $1 and kind = 'transfer_declined'",
      [caseId],
    );
    expect(row!.text_enc).not.toContain("coördinator");
  });
});
