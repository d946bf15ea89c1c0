import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";

describeOnEachDatabase("care coordination coverage", (h) => {
  it("lists exactly the municipalities whose region has no active coordinator", async () => {
    const deps = h().deps;
    const admin = new TestClient(h().app, deps.now);
    await admin.login(
      await buildUser(deps, { roles: ["administrator"], organisationType: "platform_operator" }),
    );
    // Test regions (synthetic): north has a coordinator, south had one that stopped, east never had one.
    const set = {
      kind: "care_regions",
      isExample: false,
      source: "Testindeling (synthetisch)",
      regions: [
        { code: "noord", name: "Noord", municipalities: ["GM0014", "GM0080"] },
        { code: "zuid", name: "Zuid", municipalities: ["GM0935"] },
        { code: "oost", name: "Oost", municipalities: ["GM0268", "GM0202"] },
      ],
    };
    expect((await admin.request("PUT", "/care-regions", set)).status).toBe(200);
    const north = await buildOrganisation(deps, { type: "care_provider", municipalityCode: "GM0014" });
    const south = await buildOrganisation(deps, { type: "care_provider", municipalityCode: "GM0935" });
    expect(
      (
        await admin.request("PUT", "/care-coordinators", {
          careRegionCode: "noord",
          organisationId: north.id,
        })
      ).status,
    ).toBe(204);
    expect(
      (await admin.request("PUT", "/care-coordinators", { careRegionCode: "zuid", organisationId: south.id }))
        .status,
    ).toBe(204);
    expect(
      (
        await admin.request("PUT", "/care-coordinators", {
          careRegionCode: "zuid",
          organisationId: south.id,
          active: false,
        })
      ).status,
    ).toBe(204);
    const police = await buildOrganisation(deps, { type: "police" });
    const bad = await admin.request("PUT", "/care-coordinators", {
      careRegionCode: "oost",
      organisationId: police.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalidParams[0].name).toBe("organisationId");
    expect(
      (await admin.request("PUT", "/care-coordinators", { careRegionCode: "west", organisationId: north.id }))
        .status,
    ).toBe(400);

    const report = (await admin.request("GET", "/care-coordination/coverage")).json;
    expect(report.municipalityCount).toBe(342);
    expect(report.coveredCount).toBe(2);
    expect(report.regionsWithoutCoordinator).toEqual(["oost", "zuid"]);
    const inRegions = new Set(set.regions.flatMap((r) => r.municipalities));
    expect(report.municipalitiesWithoutCoordinator).toEqual(["GM0202", "GM0268", "GM0935"]);
    expect(report.municipalitiesWithoutRegion).toHaveLength(342 - inRegions.size);
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    expect(
      (
        await coordinator.request("PUT", "/care-coordinators", {
          careRegionCode: "oost",
          organisationId: north.id,
        })
      ).status,
    ).toBe(403);
  });
});
