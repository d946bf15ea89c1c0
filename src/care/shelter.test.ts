import { expect, it } from "vitest";
import { buildOrganisation, buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";

describeOnEachDatabase("shelter places and placements", (h) => {
  async function setup() {
    const deps = h().deps;
    const shelterOrg = await buildOrganisation(deps, { type: "shelter" });
    const shelter = new TestClient(h().app, deps.now);
    await shelter.login(await buildUser(deps, { roles: ["shelter_staff"], organisationId: shelterOrg.id }));
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    const openCase = async () =>
      (
        await coordinator.request("POST", "/cases", {
          person: buildPersonInput(),
          foundMunicipalityCode: "GM0935",
        })
      ).json.items[0].id as string;
    return { shelterOrg, shelter, coordinator, openCase };
  }

  it("a coordinator finds a fitting place, requests it, the shelter accepts and admits; occupancy follows and never exceeds capacity", async () => {
    const { shelter, coordinator, openCase } = await setup();
    const bad = await shelter.request("POST", "/shelter-places", {
      name: "X",
      placeType: "cosm",
      capacity: -1,
      minAge: 30,
      maxAge: 20,
    });
    expect(bad.status).toBe(400);
    const place = await shelter.request("POST", "/shelter-places", {
      name: "COSM-plaats (synthetisch)",
      placeType: "cosm",
      capacity: 1,
      genders: ["female"],
      minAge: 18,
      forms: ["sexual", "labour"],
      languages: ["ro", "en"],
    });
    expect(place.status).toBe(201);
    const menOnly = await shelter.request("POST", "/shelter-places", {
      name: "Mannenopvang (synthetisch)",
      placeType: "specialist_multi_problem",
      capacity: 4,
      genders: ["male"],
      minAge: 18,
    });
    const search = await coordinator.request("POST", "/shelter-place-searches", {
      gender: "female",
      age: 25,
      forms: ["sexual"],
      languages: ["ro"],
    });
    expect(search.status).toBe(200);
    expect(search.json.matches.map((m: { placeId: string }) => m.placeId)).toContain(place.json.id);
    expect(
      search.json.mismatches.find((m: { placeId: string }) => m.placeId === menOnly.json.id).reasons,
    ).toContain("gender_not_accepted");

    const caseA = await openCase();
    const request = await coordinator.request("POST", `/cases/${caseA}/placements`, {
      placeId: place.json.id,
    });
    expect(request.status).toBe(201);
    const decline = await shelter.request("POST", `/placements/${request.json.id}/decision`, {
      accept: false,
    });
    expect(decline.status).toBe(400); // a decline states its reason
    expect(
      (await shelter.request("POST", `/placements/${request.json.id}/decision`, { accept: true })).status,
    ).toBe(204);
    const occupancy = async () =>
      (await shelter.request("GET", "/shelter-places?mine=true")).json.items.find(
        (p: { id: string }) => p.id === place.json.id,
      );
    expect(await occupancy()).toMatchObject({ capacity: 1, reserved: 1, occupied: 0, free: 0 });
    expect((await shelter.request("POST", `/placements/${request.json.id}/admission`)).status).toBe(204);
    expect(await occupancy()).toMatchObject({ reserved: 0, occupied: 1, free: 0 });

    const caseB = await openCase();
    const second = await coordinator.request("POST", `/cases/${caseB}/placements`, {
      placeId: place.json.id,
    });
    const full = await shelter.request("POST", `/placements/${second.json.id}/decision`, { accept: true });
    expect(full.status).toBe(409);
    expect(
      (await shelter.request("POST", `/placements/${request.json.id}/discharge`, { reason: "moved_on" }))
        .status,
    ).toBe(204);
    expect(await occupancy()).toMatchObject({ occupied: 0, free: 1 });
    expect(
      (await shelter.request("POST", `/placements/${second.json.id}/decision`, { accept: true })).status,
    ).toBe(204);
    // Another organisation's placement answers "not found".
    expect((await coordinator.request("POST", `/placements/${second.json.id}/admission`)).status).toBe(403);
  });

  it("a group's cases get one request for the same temporary place, all or nothing; the beds are checked per acceptance", async () => {
    const { shelter, coordinator, openCase } = await setup();
    const place = await shelter.request("POST", "/shelter-places", {
      name: "Tijdelijke groepsopvang (synthetisch)",
      placeType: "temporary_large_group",
      capacity: 2,
      minAge: 18,
    });
    expect(place.status).toBe(201);
    const caseIds = [await openCase(), await openCase(), await openCase()];
    const count = async () =>
      (
        await h().db.query<{ n: number }>("select count(*)::int8 as n from placements where place_id = $1", [
          place.json.id,
        ])
      )[0]!.n;

    // Refusals change nothing: a case listed twice, someone else's case, an unknown place.
    const twice = await coordinator.request("POST", "/placements", {
      placeId: place.json.id,
      caseIds: [caseIds[0], caseIds[0]],
    });
    expect(twice.status).toBe(400);
    const other = new TestClient(h().app, h().deps.now);
    await other.login(await buildUser(h().deps, { roles: ["care_coordinator"] }));
    const stranger = (
      await other.request("POST", "/cases", { person: buildPersonInput(), foundMunicipalityCode: "GM0935" })
    ).json.items[0].id as string;
    const foreign = await coordinator.request("POST", "/placements", {
      placeId: place.json.id,
      caseIds: [caseIds[0], stranger],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.invalidParams[0].name).toBe("caseIds.1");
    const unknownPlace = await coordinator.request("POST", "/placements", {
      placeId: "00000000-0000-4000-8000-000000000000",
      caseIds,
    });
    expect(unknownPlace.status).toBe(400);
    expect(await count()).toBe(0);
    expect((await shelter.request("POST", "/placements", { placeId: place.json.id, caseIds })).status).toBe(
      403,
    );

    const sent = await coordinator.request("POST", "/placements", { placeId: place.json.id, caseIds });
    expect(sent.status).toBe(201);
    expect(sent.json.ids).toHaveLength(3);
    expect(await count()).toBe(3);
    const cases = (await coordinator.request("GET", "/cases")).json.items as {
      id: string;
      placement: string | null;
    }[];
    expect(cases.filter((c) => caseIds.includes(c.id)).map((c) => c.placement)).toEqual([
      "requested",
      "requested",
      "requested",
    ]);
    // Two beds: the shelter accepts two, the third acceptance is refused.
    const decide = (id: string) => shelter.request("POST", `/placements/${id}/decision`, { accept: true });
    expect((await decide(sent.json.ids[0])).status).toBe(204);
    expect((await decide(sent.json.ids[1])).status).toBe(204);
    expect((await decide(sent.json.ids[2])).status).toBe(409);
  });

  it("fifty concurrent acceptances for the last place admit exactly one", async () => {
    const { shelter, coordinator, openCase } = await setup();
    const place = await shelter.request("POST", "/shelter-places", {
      name: "Laatste plek (synthetisch)",
      placeType: "cosm",
      capacity: 1,
    });
    const requests: string[] = [];
    for (let i = 0; i < 50; i++) {
      const caseId = await openCase();
      requests.push(
        (await coordinator.request("POST", `/cases/${caseId}/placements`, { placeId: place.json.id })).json
          .id,
      );
    }
    const results = await Promise.all(
      requests.map((id) => shelter.request("POST", `/placements/${id}/decision`, { accept: true })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const [counts] = await h().db.query<{ n: number }>(
      "select count(*)::int8 as n from placements where place_id = $1 and status in ('accepted', 'admitted')",
      [place.json.id],
    );
    expect(counts!.n).toBe(1);
  });
});
