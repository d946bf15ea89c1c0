import { expect, it } from "vitest";
import {
  buildOrganisation,
  buildPersonInput,
  buildUser,
  plantedSecrets,
  TestClient,
} from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
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
});
