import { describe, expect, it } from "vitest";
import { buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { checkRegionSet, readGeography } from "./geo.reference";

describe("reference geography files", () => {
  const geo = readGeography();
  it("has the 2023 division: 342 municipalities, 25 safety regions, 10 police units", () => {
    expect(geo.municipalities).toHaveLength(342);
    expect(geo.safetyRegions).toHaveLength(25);
    expect(geo.policeUnits).toHaveLength(10);
    expect(geo.municipalities.find((m) => m.code === "GM0820")?.name).toBe("Nuenen, Gerwen en Nederwetten");
  });

  it("region sets are checked against the geography", () => {
    const codes = new Set(geo.municipalities.map((m) => m.code));
    const problems = checkRegionSet(
      {
        kind: "care_regions",
        isExample: false,
        source: "test",
        regions: [
          { code: "a", name: "A", municipalities: ["GM0014", "GM9999"] },
          { code: "a", name: "B", municipalities: ["GM0014"] },
        ],
      },
      codes,
    );
    expect(problems.map((p) => p.message)).toEqual([
      "unknown municipality GM9999",
      "duplicate region code a",
      "GM0014 is already in region a",
    ]);
  });
});

describeOnEachDatabase("geography API", (h) => {
  it("serves municipalities with their regions, and the example region sets", async () => {
    const res = await h().app.request("/api/v1/municipalities");
    const { items } = (await res.json()) as {
      items: { code: string; careRegionCode: string | null; policeUnitId: string }[];
    };
    expect(items).toHaveLength(342);
    const amsterdam = items.find((m) => m.code === "GM0363");
    expect(amsterdam).toMatchObject({ policeUnitId: "amsterdam", careRegionCode: "voorbeeld-vr13" });
    const care = (await (await h().app.request("/api/v1/care-regions")).json()) as {
      items: { isExample: boolean; municipalities: string[] }[];
    };
    expect(care.items).toHaveLength(25);
    expect(care.items.every((r) => r.isExample)).toBe(true);
    expect(care.items.reduce((n, r) => n + r.municipalities.length, 0)).toBe(342);
    const topo = await h().app.request("/api/v1/boundaries");
    expect(((await topo.json()) as { type: string }).type).toBe("Topology");
  });

  it("an administrator replaces a region set; bad sets change nothing", async () => {
    const admin = await buildUser(h().deps, { roles: ["administrator"] });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(admin);
    const bad = await client.request("PUT", "/riec-regions", {
      kind: "riec_regions",
      isExample: false,
      source: "test",
      regions: [{ code: "riec-x", name: "X", municipalities: ["GM0000"] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalidParams[0]).toMatchObject({ name: "regions.0.municipalities.0" });
    const before = (await client.request("GET", "/riec-regions")).json.items;
    expect(before).toHaveLength(10);
    const good = await client.request("PUT", "/riec-regions", {
      kind: "riec_regions",
      isExample: false,
      source: "Test set (synthetic)",
      regions: [{ code: "riec-noord", name: "RIEC Noord", municipalities: ["GM0014", "GM0080"] }],
    });
    expect(good.status).toBe(200);
    expect(good.json.items).toEqual([
      {
        code: "riec-noord",
        name: "RIEC Noord",
        isExample: false,
        source: "Test set (synthetic)",
        municipalities: ["GM0014", "GM0080"],
      },
    ]);
    const coordinator = await buildUser(h().deps, { roles: ["care_coordinator"] });
    const other = new TestClient(h().app, h().deps.now);
    await other.login(coordinator);
    expect(
      (
        await other.request("PUT", "/riec-regions", {
          kind: "riec_regions",
          isExample: false,
          source: "x",
          regions: [{ code: "riec-y", name: "Y", municipalities: [] }],
        })
      ).status,
    ).toBe(403);
  });
});
