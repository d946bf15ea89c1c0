import fs from "node:fs";
import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { parseCaptureTable } from "../estimation/csv";
import { estimatePopulation } from "../estimation/estimate";

const PPRL = "test/fixtures/pprl/linkage_l2_small_s2";
const clksOf = (file: string) =>
  (JSON.parse(fs.readFileSync(`${PPRL}/${file}`, "utf8")) as { clks: string[] }).clks;

describeOnEachDatabase("dark-number workspace: linkage rounds and estimation runs", (h) => {
  async function clients() {
    const deps = h().deps;
    const statistician = new TestClient(h().app, deps.now);
    await statistician.login(
      await buildUser(deps, { roles: ["statistician"], organisationType: "rapporteur", withTotp: false }),
    );
    const police = new TestClient(h().app, deps.now);
    await police.login(
      await buildUser(deps, {
        roles: ["investigator"],
        organisationId: (await buildOrganisation(deps, { type: "police" })).id,
      }),
    );
    const care = new TestClient(h().app, deps.now);
    await care.login(
      await buildUser(deps, {
        roles: ["care_coordinator"],
        organisationId: (await buildOrganisation(deps, { type: "care_provider" })).id,
      }),
    );
    return { statistician, police, care };
  }

  it("organisations submit encodings; the statistician links them (anonlink's groups) and estimates from the result", async () => {
    const { statistician, police, care } = await clients();
    const round = await statistician.request("POST", "/linkage-rounds", {
      name: "Ronde 2026 (synthetisch)",
      threshold: 0.8,
    });
    expect(round.status).toBe(201);
    const id = round.json.id;
    const a = clksOf("clks_A.json");
    const b = clksOf("clks_B.json");
    // A few records of another form make cells below 10, which must be shown as "<10".
    const cov = (n: number, form: string) => ({
      names: ["year", "form"],
      rows: Array.from({ length: n }, (_, i) => [i % 2 ? "2025" : "2026", i < 3 ? "sexual" : form]),
    });

    const bad = await police.request("POST", `/linkage-rounds/${id}/submissions`, {
      listName: "politie",
      clks: ["not base64!!"],
      covariates: undefined,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalidParams[0].name).toBe("clks");
    const badCov = await police.request("POST", `/linkage-rounds/${id}/submissions`, {
      listName: "politie",
      clks: a,
      covariates: { names: ["year"], rows: a.map(() => ["1999-05-01"]) },
    });
    expect(badCov.status).toBe(400);
    expect(badCov.json.invalidParams[0].name).toBe("covariates.rows.0.0");
    const shortCov = await police.request("POST", `/linkage-rounds/${id}/submissions`, {
      listName: "politie",
      clks: a,
      covariates: { names: ["year"], rows: [["2026"]] },
    });
    expect(shortCov.status).toBe(400);

    expect(
      (
        await police.request("POST", `/linkage-rounds/${id}/submissions`, {
          listName: "politie",
          clks: a,
          covariates: cov(a.length, "labour"),
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await care.request("POST", `/linkage-rounds/${id}/submissions`, {
          listName: "zorg",
          clks: b,
          covariates: cov(b.length, "labour"),
        })
      ).status,
    ).toBe(204);
    expect((await care.request("GET", `/linkage-rounds/${id}`)).status).toBe(403);
    expect(
      (await statistician.request("POST", `/linkage-rounds/${id}/submissions`, { listName: "stat", clks: b }))
        .status,
    ).toBe(403);

    const linked = await statistician.request("POST", `/linkage-rounds/${id}/linkage`);
    expect(linked.status).toBe(200);
    const groups = (JSON.parse(fs.readFileSync(`${PPRL}/groups_t0.80.json`, "utf8")) as { groups: unknown[] })
      .groups;
    expect(linked.json.diagnostics.groups).toBe(groups.length);
    expect(linked.json.diagnostics.personsObserved).toBe(a.length + b.length - groups.length);
    expect(linked.json).not.toHaveProperty("rawCsv");
    const small = linked.json.display.rows.filter((r: { suppressed: boolean }) => r.suppressed);
    expect(small.length).toBeGreaterThan(0);
    for (const row of small) expect(row).toMatchObject({ shown: "<10" });
    for (const row of linked.json.display.rows) expect(row).not.toHaveProperty("count");
    const details = await statistician.request("GET", `/linkage-rounds/${id}`);
    for (const row of details.json.result.display.rows) expect(row).not.toHaveProperty("count");
    expect(JSON.stringify(linked.json)).not.toContain(a[0]);

    expect(
      (await care.request("POST", `/linkage-rounds/${id}/submissions`, { listName: "zorg", clks: b })).status,
    ).toBe(409);
    expect((await statistician.request("POST", `/linkage-rounds/${id}/linkage`)).status).toBe(409);

    const estimate = await statistician.request("POST", "/estimations", {
      source: { kind: "linkage", roundId: id },
      method: "main",
      ci: "lognormal",
    });
    expect(estimate.status).toBe(201);
    expect(estimate.json.result.observed).toBe(a.length + b.length - groups.length);
    // Two lists, independence: Lincoln–Petersen N = nA·nB / m (Poisson log-linear gives the same).
    expect(estimate.json.result.estimate).toBeCloseTo((a.length * b.length) / groups.length, 4);
    const saved = await statistician.request("GET", `/estimations/${estimate.json.id}`);
    expect(saved.json).toMatchObject({ source: "linkage", settings: { method: "main", ci: "lognormal" } });
    expect(saved.json.inputCsv).not.toMatch(/^[01],/m); // the raw linked table is not handed out
  });

  it("estimates from an uploaded table exactly as the library does, saved with its input; bad tables are refused by line", async () => {
    const { statistician, care } = await clients();
    const csv = fs.readFileSync("test/fixtures/mse/UKdat.csv", "utf8");
    const res = await statistician.request("POST", "/estimations", {
      source: { kind: "csv", csv },
      method: "stepwise",
      ci: "lognormal",
    });
    expect(res.status).toBe(201);
    const direct = estimatePopulation(parseCaptureTable(csv), { method: "stepwise", ci: "lognormal" });
    expect(res.json.result.estimate).toBeCloseTo(direct.estimate!, 6);
    expect(res.json.result.model).toBe(direct.model);
    const saved = await statistician.request("GET", `/estimations/${res.json.id}`);
    expect(saved.json.inputCsv).toBe(csv);
    const list = await statistician.request("GET", "/estimations");
    expect(list.json.items.map((r: { id: string }) => r.id)).toContain(res.json.id);
    const bad = await statistician.request("POST", "/estimations", {
      source: { kind: "csv", csv: "a,b,count\n1,0,5\n0,1,-3\n" },
      method: "main",
    });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/line 3/);
    expect(
      (await care.request("POST", "/estimations", { source: { kind: "csv", csv }, method: "main" })).status,
    ).toBe(403);
  });

  it("a long bootstrap runs beside the server, which meanwhile keeps answering other requests", async () => {
    const { statistician } = await clients();
    const csv = fs.readFileSync("test/fixtures/mse/UKdat.csv", "utf8");
    const finished: string[] = [];
    const estimation = statistician
      .request("POST", "/estimations", {
        source: { kind: "csv", csv },
        method: "stepwise",
        ci: "bca",
        nboot: 1000,
      })
      .then((res) => {
        finished.push("estimation");
        return res;
      });
    // Once the bootstrap is under way (half a second on; it runs for seconds), the server answers
    // at once. Run on the server's own thread, it would hold the timer and these requests back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let i = 0; i < 3; i++) {
      expect((await h().app.request("/api/v1/health")).status).toBe(200);
      finished.push(`health ${i}`);
    }
    const res = await estimation;
    expect(res.status).toBe(201);
    expect(res.json.result.ci).toMatchObject({ kind: "bca", level: 0.95 });
    expect(finished).toEqual(["health 0", "health 1", "health 2", "estimation"]);
  });
});
