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
    // Every case records the signal it came from.
    const linked = await h().db.query<{ opened_from_signal_id: string }>(
      "select distinct opened_from_signal_id from cases where id = any($1)",
      [res.json.cases.map((c: { id: string }) => c.id)],
    );
    expect(linked.map((r) => r.opened_from_signal_id)).toEqual([signal]);

    // Another organisation's signal cannot be named (the same "not found" as an unknown id).
    const stranger = new TestClient(h().app, deps.now);
    await stranger.login(
      await buildUser(deps, {
        roles: ["care_coordinator"],
        organisationId: (await buildOrganisation(deps, { type: "care_provider" })).id,
      }),
    );
    const probe = await stranger.request("POST", "/cases/large-groups", group);
    expect(probe.status).toBe(404);
    expect((await h().db.query<{ n: number }>("select count(*)::int8 as n from cases"))[0]!.n).toBe(12);
  });

  it("an idempotency key makes a double submit or a retry open the group once; another group under the same key is refused", async () => {
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
        narrative: "Synthetisch: inval bij een distributiecentrum.",
      })
    ).json.id;
    await coordinator.request("POST", `/signals/drafts/${signal}/submission`);
    const count = async () =>
      (await h().db.query<{ n: number }>("select count(*)::int8 as n from cases"))[0]!.n;
    const before = await count();
    const group = {
      signalId: signal,
      foundOn: new Date().toISOString().slice(0, 10),
      municipalityCode: "GM0935",
      forms: ["labour"],
      persons: [
        { number: "K-1", gender: "male", estimatedAge: "adult", nationality: "PL", languages: ["pl"] },
        { number: "K-2", gender: "female", estimatedAge: "unknown", nationality: "unknown" },
        {
          alias: "Kleine Ana",
          gender: "female",
          estimatedAge: "minor",
          nationality: "RO",
          languages: ["ro"],
        },
      ],
    };
    const key = "groep-4f1c2a9e-0d47-4e7b-9d2b-6f3f1a0c8e11";
    // A bad row under the key is refused and claims nothing: the corrected group may use the same key.
    const bad = await coordinator.request("POST", "/cases/large-groups", {
      ...group,
      idempotencyKey: key,
      persons: [...group.persons.slice(0, 2), { ...group.persons[2], nationality: "XX" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.invalidParams).toEqual([
      { name: "persons.2.nationality", reason: "nationality_invalid" },
    ]);
    // A double tap: the same group twice at once, with the same key.
    const [first, second] = await Promise.all([
      coordinator.request("POST", "/cases/large-groups", { ...group, idempotencyKey: key }),
      coordinator.request("POST", "/cases/large-groups", { ...group, idempotencyKey: key }),
    ]);
    expect([first!.status, second!.status]).toEqual([201, 201]);
    expect(first!.json.cases).toHaveLength(3);
    expect(second!.json).toEqual(first!.json);
    expect(await count()).toBe(before + 3);
    // A retry through the header, keys in another order: the first answer again, marked as replayed.
    const { persons, ...rest } = group;
    const retry = await coordinator.request(
      "POST",
      "/cases/large-groups",
      { persons, ...rest },
      { "idempotency-key": key },
    );
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.json.cases.map((c: { caseNumber: string }) => c.caseNumber)).toEqual(
      first!.json.cases.map((c: { caseNumber: string }) => c.caseNumber),
    );
    expect(await count()).toBe(before + 3);
    // The same key for another group is refused; the stored answer holds no alias.
    const other = await coordinator.request("POST", "/cases/large-groups", {
      ...group,
      idempotencyKey: key,
      persons: group.persons.slice(0, 2),
    });
    expect(other.status).toBe(422);
    expect(other.json.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await count()).toBe(before + 3);
    const stored = await h().db.query<{ response_body: unknown }>(
      "select response_body from idempotency_keys where key = $1",
      [key],
    );
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0]!.response_body)).not.toContain("Kleine Ana");
    // Header and body naming different keys is refused; without a key every submit opens a new group.
    expect(
      (
        await coordinator.request(
          "POST",
          "/cases/large-groups",
          { ...group, idempotencyKey: key },
          { "idempotency-key": "een-andere-sleutel" },
        )
      ).status,
    ).toBe(400);
    expect((await coordinator.request("POST", "/cases/large-groups", group)).status).toBe(201);
    expect(await count()).toBe(before + 6);
  });
});
