import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";

describeOnEachDatabase("large-group intake", (h) => {
  it("opens one case per person in one go, all or nothing, and derives the bulk shelter request", async () => {
    const deps = h().deps;
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(
      await buildUser(deps, {
        roles: ["care_coordinator"],
        organisationId: (await buildOrganisation(deps, { type: "care_provider" })).id,
      }),
    );
    const signal = (
      await coordinator.request("POST", "/signals/drafts", {
        municipalityCode: "GM0935",
        forms: ["labour"],
        narrative: "Synthetisch: inval bij een tuinbouwbedrijf.",
      })
    ).json.id;
    await coordinator.request("POST", `/signals/drafts/${signal}/submission`);
    const today = new Date().toISOString().slice(0, 10);
    const people = Array.from({ length: 12 }, (_, i) => ({
      number: `W-${i + 1}`,
      alias: null,
      gender: i % 3 ? "male" : "female",
      estimatedAge: i === 0 ? "minor" : "adult",
      nationality: i % 2 ? "RO" : "UA",
      languages: i % 2 ? ["ro"] : ["uk"],
    }));
    const group = {
      signalId: signal,
      foundOn: today,
      municipalityCode: "GM0935",
      forms: ["labour"],
      sector: null,
      persons: people,
    };
    const bad = await coordinator.request("POST", "/cases/large-groups", {
      ...group,
      persons: [...people.slice(0, 2), { ...people[2], alias: "jan@example.test", number: null }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalidParams.map((p: { name: string }) => p.name)).toContain("persons.2.alias");
    expect(JSON.stringify(bad.json)).not.toContain("jan@example.test");
    const before = (await h().db.query<{ n: number }>("select count(*)::int8 as n from cases"))[0]!.n;
    expect(before).toBe(0); // the refused group left nothing behind
    const res = await coordinator.request("POST", "/cases/large-groups", group);
    expect(res.status).toBe(201);
    expect(res.json.cases).toHaveLength(12);
    expect(res.json.shelterRequest).toMatchObject({ totalPersons: 12, minors: 1, adults: 11 });
    expect(res.json.shelterRequest.languages.map((l: { code: string }) => l.code).sort()).toEqual([
      "ro",
      "uk",
    ]);
    const list = (await coordinator.request("GET", "/cases")).json.items;
    expect(list.length).toBe(12);
  });
});
