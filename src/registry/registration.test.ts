import { expect, it } from "vitest";
import {
  buildOrganisation,
  buildPersonInput,
  buildUser,
  plantedSecrets,
  TestClient,
} from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import type { OrganisationType, Role } from "../accounts/accounts.vocabulary";
import { STATISTICAL_REGISTRATION_KEYS } from "./registration.rules";

describeOnEachDatabase("registration with the national registry", (h) => {
  async function setup() {
    const deps = h().deps;
    const coordinator = new TestClient(h().app, deps.now);
    await coordinator.login(await buildUser(deps, { roles: ["care_coordinator"] }));
    const comensha = await buildOrganisation(deps, { type: "comensha" });
    const registry = new TestClient(h().app, deps.now);
    await registry.login(await buildUser(deps, { roles: ["registry_officer"], organisationId: comensha.id }));
    const input = buildPersonInput();
    const opened = await coordinator.request("POST", "/cases", {
      person: input,
      foundMunicipalityCode: "GM0363",
      forms: ["sexual"],
    });
    const kase = opened.json.items[0];
    const caseRead = await coordinator.request("GET", `/cases/${kase.id}`);
    return {
      coordinator,
      registry,
      comensha,
      input,
      caseId: kase.id as string,
      personId: caseRead.json.victim.id as string,
    };
  }

  it("without consent a care organisation registers statistically: no identifying field, no person, verified in the database", async () => {
    const { coordinator, registry, input, caseId } = await setup();
    const res = await coordinator.request("POST", "/registrations", { caseId });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      mode: "statistical",
      basis: "no_consent",
      sharingRuleIds: ["registration.care-and-ngo.statistical-only"],
    });
    const [row] = await h().db.query<{ person_id: string | null; statistical: Record<string, unknown> }>(
      "select person_id, statistical from registrations where id = $1",
      [res.json.id],
    );
    expect(row!.person_id).toBeNull();
    expect(Object.keys(row!.statistical).sort()).toEqual([...STATISTICAL_REGISTRATION_KEYS].sort());
    for (const secret of [...plantedSecrets(input), input.birthDate])
      expect(JSON.stringify(row)).not.toContain(secret);
    expect(row!.statistical).toMatchObject({
      forms: ["sexual"],
      policeUnit: "amsterdam",
      reportingOrganisationType: "care_provider",
    });
    const list = await registry.request("GET", "/registrations");
    expect(list.json.items.find((r: { id: string }) => r.id === res.json.id)).toMatchObject({
      mode: "statistical",
      byName: false,
    });
    expect((await registry.request("GET", `/registrations/${res.json.id}`)).json.person).toBeNull();
    expect((await coordinator.request("POST", "/registrations", { caseId })).status).toBe(409);
    expect((await coordinator.request("GET", "/registrations")).status).toBe(403);
    const day = new Date().toISOString().slice(0, 10);
    const exported = await registry.request("GET", `/registry-export?from=${day}&to=${day}&format=json`);
    expect(exported.json.format).toBe("samen.registry-export");
    expect(exported.json.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(exported.json)).not.toContain(res.json.id); // internal ids never leave
    for (const secret of plantedSecrets(input)) expect(JSON.stringify(exported.json)).not.toContain(secret);
    const csv = await registry.request("GET", `/registry-export?from=${day}&to=${day}&format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
  });

  it("with the victim's consent it registers by name, and the registry sees the identity", async () => {
    const { coordinator, registry, input, caseId, personId } = await setup();
    const consent = await coordinator.request("POST", `/persons/${personId}/consents`, {
      purpose: "registration",
      recipientType: "comensha",
      grantedAt: new Date().toISOString(),
      evidence: { kind: "verbal_with_witness", witnessName: "Getuige (synthetisch)" },
    });
    // The victim record is the coordinator's own here (the coordinator recorded the person).
    expect(consent.status).toBe(201);
    const res = await coordinator.request("POST", "/registrations", { caseId });
    expect(res.json).toMatchObject({ mode: "by_name", basis: "consent" });
    const read = await registry.request("GET", `/registrations/${res.json.id}`);
    expect(read.json.person.fields.name).toMatchObject({
      visible: true,
      value: input.name,
      basis: { reason: "allowed_with_consent" },
    });
    expect(read.json.person.fields.healthNotes.visible).toBe(false);
  });

  it("straight from a signal of one's own: the police register by name, an NGO statistically; each person once; others cannot", async () => {
    const deps = h().deps;
    const client = async (roles: Role[], type: OrganisationType) => {
      const org = await buildOrganisation(deps, { type });
      const c = new TestClient(h().app, deps.now);
      await c.login(await buildUser(deps, { roles, organisationId: org.id }));
      return { c, org };
    };
    await buildOrganisation(deps, { type: "comensha" });
    const desk = await client(["desk_officer"], "labour_inspectorate");
    const police = await client(["investigator"], "police");
    // An NGO's worker who reports and also registers (persons:record).
    const ngo = await client(["signaller", "care_coordinator"], "ngo");
    const fileSignal = async (reporter: TestClient, aliases: string[]) => {
      const draft = await reporter.request("POST", "/signals/drafts", {
        municipalityCode: "GM0599",
        forms: ["labour"],
        narrative: "Synthetisch: werknemers slapen in de kas.",
        victims: aliases.map((alias) => ({ alias, nationality: "RO", gender: "male", ageGroup: "25-34" })),
        subjects: [{ kind: "person", alias: "De baas (synthetisch)" }],
      });
      expect((await reporter.request("POST", `/signals/drafts/${draft.json.id}/submission`)).status).toBe(
        200,
      );
      const people = await h().db.query<{ id: string; role: string }>(
        "select p.id, p.role from persons p join signal_persons sp on sp.person_id = p.id where sp.signal_id = $1",
        [draft.json.id],
      );
      return {
        signalId: draft.json.id as string,
        victims: people.filter((p) => p.role === "possible_victim").map((p) => p.id),
        suspect: people.find((p) => p.role === "suspect")!.id,
      };
    };

    const own = await fileSignal(police.c, ["Werknemer K (synthetisch)"]);
    const notVictim = await police.c.request("POST", "/registrations", {
      signalId: own.signalId,
      personId: own.suspect,
    });
    expect(notVictim.status).toBe(400);
    expect(notVictim.json.invalidParams[0].name).toBe("personId");
    expect((await police.c.request("POST", "/registrations", { signalId: own.signalId })).status).toBe(400);
    const byPolice = await police.c.request("POST", "/registrations", {
      signalId: own.signalId,
      personId: own.victims[0],
    });
    expect(byPolice.status).toBe(201);
    expect(byPolice.json).toMatchObject({ mode: "by_name", basis: "own_legal_basis" });
    expect(
      (await police.c.request("POST", "/registrations", { signalId: own.signalId, personId: own.victims[0] }))
        .status,
    ).toBe(409);

    const fromNgo = await fileSignal(ngo.c, ["Werknemer L (synthetisch)"]);
    // The police team the NGO's signal is routed to registers from its own records, not from the NGO's.
    await desk.c.request("POST", `/signals/${fromNgo.signalId}/routings`, {
      track: "criminal",
      organisationId: police.org.id,
      reason: "Synthetisch: arbeidsuitbuiting.",
    });
    expect(
      (
        await police.c.request("POST", "/registrations", {
          signalId: fromNgo.signalId,
          personId: fromNgo.victims[0],
        })
      ).status,
    ).toBe(404);
    expect(
      await h().db.query("select 1 from registrations where signal_id = $1", [fromNgo.signalId]),
    ).toHaveLength(0);
    const byNgo = await ngo.c.request("POST", "/registrations", {
      signalId: fromNgo.signalId,
      personId: fromNgo.victims[0],
    });
    expect(byNgo.status).toBe(201);
    expect(byNgo.json.mode).toBe("statistical");
    const [row] = await h().db.query<{ person_id: string | null; statistical: Record<string, unknown> }>(
      "select person_id, statistical from registrations where id = $1",
      [byNgo.json.id],
    );
    expect(row!.person_id).toBeNull();
    expect(row!.statistical).toMatchObject({
      forms: ["labour"],
      policeUnit: "rotterdam",
      traffickingStatus: "possible",
      reportingOrganisationType: "ngo",
    });
    expect(JSON.stringify(row)).not.toContain("Werknemer L");
  });
});
