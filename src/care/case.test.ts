import { expect, it } from "vitest";
import { buildOrganisation, buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";

describeOnEachDatabase("case files", (h) => {
  /** A coordinator for the region of `gm` (each test uses its own region: the first active coordinator wins). */
  async function setup(gm: string) {
    const deps = h().deps;
    const admin = new TestClient(h().app, deps.now);
    await admin.login(
      await buildUser(deps, { roles: ["administrator"], organisationType: "platform_operator" }),
    );
    const coordOrg = await buildOrganisation(deps, { type: "care_provider", municipalityCode: gm });
    // Utrecht's example region gets this coordinator.
    const region = (await admin.request("GET", "/municipalities")).json.items.find(
      (m: { code: string }) => m.code === gm,
    ).careRegionCode;
    expect(
      (
        await admin.request("PUT", "/care-coordinators", {
          careRegionCode: region,
          organisationId: coordOrg.id,
        })
      ).status,
    ).toBe(204);
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(
      await buildUser(deps, { roles: ["care_coordinator"], organisationId: coordOrg.id }),
    );
    const police = new TestClient(h().app, deps.now);
    const policeOrg = await buildOrganisation(deps, { type: "police" });
    await police.login(await buildUser(deps, { roles: ["investigator"], organisationId: policeOrg.id }));
    return { coordOrg, coordinator, police, region };
  }

  it("a case opened by the police goes to the coordinator of the municipality where the victim was found", async () => {
    const { coordOrg, coordinator, police, region } = await setup("GM0344");
    const input = buildPersonInput();
    const bad = await police.request("POST", "/cases", { person: input });
    expect(bad.status).toBe(400);
    expect(bad.json.invalidParams[0].name).toBe("foundMunicipalityCode");
    const opened = await police.request("POST", "/cases", {
      person: input,
      foundMunicipalityCode: "GM0344",
      forms: ["labour"],
    });
    expect(opened.status).toBe(201);
    const [item] = opened.json.items;
    expect(item.organisationId).toBe(coordOrg.id);
    expect(item.caseNumber).toMatch(/^MH-\d{4}-\d{6}-\d$/);
    // Held by the coordinator: the police cannot open it, the coordinator lists it by number only.
    expect((await police.request("GET", `/cases/${item.id}`)).status).toBe(404);
    const list = await coordinator.request("GET", "/cases");
    expect(list.json.items.map((c: { caseNumber: string }) => c.caseNumber)).toContain(item.caseNumber);
    expect(JSON.stringify(list.json)).not.toContain(input.name);
    const read = await coordinator.request("GET", `/cases/${item.id}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      caseNumber: item.caseNumber,
      careRegionCode: region,
      traffickingStatus: "possible",
    });
    // The victim record stays the police's; the coordinator sees what the rules allow for care without consent.
    expect(read.json.victim.access).toBe("grant");
    expect(read.json.victim.fields.name.visible).toBe(false);
    expect(read.json.timeline[0]).toMatchObject({
      kind: "opened",
      data: { basis: "found", regionCode: region },
    });
  });

  it("the coordinator keeps the timeline, records the status and closes with a reason; HTCDS export", async () => {
    const { coordinator } = await setup("GM0599");
    const opened = await coordinator.request("POST", "/cases", {
      person: buildPersonInput(),
      foundMunicipalityCode: "GM0599",
      forms: ["sexual"],
    });
    const id = opened.json.items[0].id;
    expect(
      (
        await coordinator.request("POST", `/cases/${id}/notes`, {
          text: "Synthetisch: intake gehad, veilig ondergebracht.",
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await coordinator.request("POST", `/cases/${id}/trafficking-status`, {
          traffickingStatus: "presumed",
        })
      ).status,
    ).toBe(204);
    expect(
      (await coordinator.request("POST", `/cases/${id}/trafficking-status`, { traffickingStatus: "maybe" }))
        .status,
    ).toBe(400);
    const htcds = await coordinator.request("GET", `/cases/${id}/htcds`);
    expect(htcds.json).toMatchObject({ cas_Status: "Open", prs_Nationality: "RO" });
    expect(htcds.json.vic_TypeOfExploitation).toHaveLength(1);
    expect(
      (await coordinator.request("POST", `/cases/${id}/closure`, { reason: "returned_home" })).status,
    ).toBe(204);
    expect(
      (await coordinator.request("POST", `/cases/${id}/closure`, { reason: "returned_home" })).status,
    ).toBe(409);
    const read = await coordinator.request("GET", `/cases/${id}`);
    expect(read.json).toMatchObject({
      status: "closed",
      closureReason: "returned_home",
      traffickingStatus: "presumed",
    });
    expect(read.json.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      "opened",
      "note",
      "trafficking_status_set",
      "closed",
    ]);
    const [person] = await h().db.query<{ status: string }>("select status from persons where id = $1", [
      read.json.victim.id,
    ]);
    expect(person!.status).toBe("closed"); // the retention clock has started
  });

  it("without an active coordinator a non-coordinator cannot open a case, and is pointed to the coverage report", async () => {
    const { police } = await setup("GM0014");
    const res = await police.request("POST", "/cases", {
      person: buildPersonInput(),
      foundMunicipalityCode: "GM0935",
    });
    expect(res.status).toBe(409);
    expect(res.json.detail).toMatch(/coverage report/);
  });
});

describeOnEachDatabase("consent in the flow of a case from another organisation's signal", (h) => {
  it("the coordinator holding the case records consent for the victim, and registers by name", async () => {
    const deps = h().deps;
    const ngoOrg = await buildOrganisation(deps, { type: "ngo" });
    const ngo = new TestClient(h().app, deps.now);
    await ngo.login(await buildUser(deps, { roles: ["signaller"], organisationId: ngoOrg.id }));
    const coordinator = new TestClient(h().app, deps.now);
    const coordOrg = await buildOrganisation(deps, { type: "care_provider" });
    await coordinator.login(
      await buildUser(deps, { roles: ["care_coordinator"], organisationId: coordOrg.id }),
    );
    const desk = new TestClient(h().app, deps.now);
    await desk.login(
      await buildUser(deps, { roles: ["desk_officer"], organisationType: "labour_inspectorate" }),
    );
    const signal = (
      await ngo.request("POST", "/signals/drafts", {
        municipalityCode: "GM0935",
        forms: ["sexual"],
        victims: [{ name: "Slachtoffer Consent (synthetisch)", nationality: "BG" }],
      })
    ).json.id;
    await ngo.request("POST", `/signals/drafts/${signal}/submission`);
    await desk.request("POST", `/signals/${signal}/routings`, {
      track: "care",
      organisationId: coordOrg.id,
      reason: "Zorg nodig",
    });
    const opened = await coordinator.request("POST", "/cases", { signalId: signal });
    expect(opened.status).toBe(201);
    const caseId = opened.json.items[0].id;
    const personId = (await coordinator.request("GET", `/cases/${caseId}`)).json.victim.id;
    const consent = await coordinator.request("POST", `/persons/${personId}/consents`, {
      purpose: "registration",
      recipientType: "comensha",
      grantedAt: new Date().toISOString(),
      evidence: { kind: "verbal_with_witness", witnessName: "Getuige (synthetisch)" },
    });
    expect(consent.status).toBe(201);
    const registered = await coordinator.request("POST", "/registrations", { caseId });
    expect(registered.json.mode).toBe("by_name");
    // The case holder's read of the consent list is audit-logged under its own organisation.
    expect((await coordinator.request("GET", `/persons/${personId}/consents`)).status).toBe(200);
    const reads = await deps.db.query<{ actor_organisation_id: string }>(
      "select actor_organisation_id from audit_log where action = 'consent.list_read' and object_id = $1",
      [personId],
    );
    expect(reads.map((r) => r.actor_organisation_id)).toEqual([coordOrg.id]);
    // An organisation without a case about the person still cannot record consent for them.
    const other = new TestClient(h().app, deps.now);
    await other.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    expect((await other.request("GET", `/persons/${personId}/consents`)).status).toBe(404);
    // Once the case is closed, the coordinator no longer keeps the person's consent.
    expect(
      (await coordinator.request("POST", `/cases/${caseId}/closure`, { reason: "returned_home" })).status,
    ).toBe(204);
    expect((await coordinator.request("GET", `/persons/${personId}/consents`)).status).toBe(404);
  });
});
