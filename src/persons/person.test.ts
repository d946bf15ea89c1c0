import { describe, expect, it } from "vitest";
import {
  buildOrganisation,
  buildPersonInput,
  buildUser,
  plantedSecrets,
  TestClient,
} from "../../test/factories";
import { describeOnEachDatabase, type Harness } from "../../test/harness";
import { COLUMN_CLASSIFICATION } from "../sharing/column-classification";
import { PERSON_FIELDS } from "./person.fields";
import { newPseudonym, normalisePhone } from "./person.repository";

describe("person fields", () => {
  it("agree with the column classification", () => {
    for (const [name, spec] of Object.entries(PERSON_FIELDS)) {
      expect(COLUMN_CLASSIFICATION.persons![spec.column], name).toBe(spec.category);
    }
  });
  it("pseudonyms avoid ambiguous characters and phones normalise to E.164", () => {
    expect(newPseudonym()).toMatch(/^P-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(normalisePhone("06-12 34 56 78")).toBe("+31612345678");
    expect(normalisePhone("0031 6 12345678")).toBe("+31612345678");
  });
});

async function setup(h: () => Harness) {
  const deps = h().deps;
  const careOrg = await buildOrganisation(deps, { type: "care_provider" });
  const shelterOrg = await buildOrganisation(deps, { type: "shelter" });
  const coordinator = await buildUser(deps, { roles: ["care_coordinator"], organisationId: careOrg.id });
  const shelterUser = await buildUser(deps, { roles: ["shelter_staff"], organisationId: shelterOrg.id });
  const owner = new TestClient(h().app, h().deps.now);
  await owner.login(coordinator);
  const shelter = new TestClient(h().app, h().deps.now);
  await shelter.login(shelterUser);
  const input = buildPersonInput();
  const created = await owner.request("POST", "/persons", input);
  expect(created.status).toBe(201);
  return {
    careOrg,
    shelterOrg,
    coordinator,
    shelterUser,
    owner,
    shelter,
    input,
    personId: created.json.id as string,
  };
}

describeOnEachDatabase("persons: purpose-bound access, consent, disclosure, break-glass", (h) => {
  it("the holder sees every field; names are encrypted at rest and never in lists", async () => {
    const { owner, input, personId } = await setup(h);
    const read = await owner.request("GET", `/persons/${personId}?purpose=care`);
    expect(read.status).toBe(200);
    expect(read.json.access).toBe("owner");
    expect(read.json.fields.name).toMatchObject({
      visible: true,
      value: input.name,
      category: "identity",
      basis: { reason: "same_organisation" },
    });
    expect(read.json.fields.healthNotes.value).toBe(input.healthNotes);
    const row = await h().db.query("select * from persons where id = $1", [personId]);
    for (const secret of plantedSecrets(input)) expect(JSON.stringify(row)).not.toContain(secret);
    const list = await owner.request("GET", "/persons?purpose=care");
    expect(list.json.items.map((p: { id: string }) => p.id)).toContain(personId);
    expect(JSON.stringify(list.json)).not.toContain(input.name);
  });

  it("finds a person by name through the keyed hash, ignoring case and accents, only where visible", async () => {
    const { owner, shelter, input, personId } = await setup(h);
    const query = encodeURIComponent(input.name.toUpperCase().replace("a", "á"));
    const found = await owner.request("GET", `/persons?purpose=care&name=${query}`);
    expect(found.json.items.map((p: { id: string }) => p.id)).toEqual([personId]);
    const none = await owner.request(
      "GET",
      `/persons?purpose=care&name=${encodeURIComponent("Iemand Anders")}`,
    );
    expect(none.json.items).toEqual([]);
    const other = await shelter.request("GET", `/persons?purpose=care&name=${query}`);
    expect(other.json.items).toEqual([]);
  });

  it("another organisation gets the same 404 as for a missing record", async () => {
    const { shelter, personId } = await setup(h);
    const hidden = await shelter.request("GET", `/persons/${personId}?purpose=care`);
    const missing = await shelter.request(
      "GET",
      "/persons/00000000-0000-4000-8000-000000000000?purpose=care",
    );
    expect(hidden.status).toBe(404);
    expect({ ...hidden.json, requestId: 0, instance: 0 }).toEqual({
      ...missing.json,
      requestId: 0,
      instance: 0,
    });
    const list = await shelter.request("GET", "/persons?purpose=care");
    expect(list.json.items.map((p: { id: string }) => p.id)).not.toContain(personId);
  });

  it("a purpose the role may not use is refused before any lookup", async () => {
    const { owner, personId } = await setup(h);
    const res = await owner.request("GET", `/persons/${personId}?purpose=investigation`);
    expect(res.status).toBe(403);
    expect(res.json.invalidParams[0].name).toBe("purpose");
    expect((await owner.request("GET", `/persons/${personId}?purpose=stolen`)).status).toBe(400);
  });

  it("shared for care: hidden until consent, visible with it, hidden again at once after withdrawal", async () => {
    const { owner, shelter, shelterOrg, input, personId } = await setup(h);
    const share = await owner.request("POST", `/persons/${personId}/access-grants`, {
      organisationId: shelterOrg.id,
      purpose: "care",
      reason: "Plaatsing in opvang besproken",
    });
    expect(share.status).toBe(201);
    const before = await shelter.request("GET", `/persons/${personId}?purpose=care`);
    expect(before.status).toBe(200);
    expect(before.json.access).toBe("grant");
    expect(before.json.fields.name).toMatchObject({
      visible: false,
      value: null,
      hidden: { en: "hidden: requires consent" },
      basis: { reason: "consent_required" },
    });
    for (const secret of plantedSecrets(input)) expect(JSON.stringify(before.json)).not.toContain(secret);

    const consent = await owner.request("POST", `/persons/${personId}/consents`, {
      purpose: "care",
      recipientType: "shelter",
      categories: ["identity", "contact", "location", "residence_status", "case_facts", "care_plan"],
      grantedAt: new Date().toISOString(),
      evidence: { kind: "verbal_with_witness", witnessName: "Getuige (synthetisch)" },
    });
    expect(consent.status).toBe(201);
    const after = await shelter.request("GET", `/persons/${personId}?purpose=care`);
    expect(after.json.fields.name).toMatchObject({
      visible: true,
      value: input.name,
      basis: { reason: "allowed_with_consent", consentId: consent.json.id },
    });
    expect(after.json.fields.name.basis.legalBasis.articles.length).toBeGreaterThan(0);
    expect(after.json.fields.healthNotes.visible).toBe(false); // health is not in this consent
    const disclosures = await owner.request("GET", `/persons/${personId}/disclosures`);
    expect(disclosures.json.items).toHaveLength(1);
    expect(disclosures.json.items[0]).toMatchObject({
      toOrganisation: shelterOrg.name,
      purpose: "care",
      consentIds: [consent.json.id],
    });
    expect(disclosures.json.items[0].categories).toContain("identity");

    const withdrawn = await owner.request(
      "POST",
      `/persons/${personId}/consents/${consent.json.id}/withdrawal`,
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.withdrawnAt).not.toBeNull();
    const gone = await shelter.request("GET", `/persons/${personId}?purpose=care`);
    expect(gone.json.fields.name.visible).toBe(false);
    expect(
      (await owner.request("POST", `/persons/${personId}/consents/${consent.json.id}/withdrawal`)).status,
    ).toBe(404);
    const [audit] = await h().db.query<{ action: string }>(
      "select action from audit_log where object_id = $1 and action = 'consent.withdrawn'",
      [consent.json.id],
    );
    expect(audit?.action).toBe("consent.withdrawn");
  });

  it("explains each field's decision without returning values", async () => {
    const { owner, shelter, shelterOrg, input, personId } = await setup(h);
    await owner.request("POST", `/persons/${personId}/access-grants`, {
      organisationId: shelterOrg.id,
      purpose: "care",
      reason: "Plaatsing",
    });
    const why = await shelter.request("GET", `/persons/${personId}/explanation?purpose=care`);
    expect(why.status).toBe(200);
    expect(why.json.fields.name.basis).toMatchObject({
      reason: "consent_required",
      ruleId: "care.coordination.with-consent",
    });
    expect(why.json.fields.name.basis.explanation.nl.length).toBeGreaterThan(10);
    for (const secret of plantedSecrets(input)) expect(JSON.stringify(why.json)).not.toContain(secret);
  });

  it("consent input is validated clearly and only the holder records consent", async () => {
    const { owner, shelter, personId } = await setup(h);
    const bad = await owner.request("POST", `/persons/${personId}/consents`, {
      purpose: "care",
      grantedAt: "gisteren",
      evidence: { kind: "hearsay" },
    });
    expect(bad.status).toBe(400);
    const names = bad.json.invalidParams.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["grantedAt", "evidence.kind"]));
    const future = await owner.request("POST", `/persons/${personId}/consents`, {
      purpose: "care",
      recipientType: "shelter",
      grantedAt: new Date(Date.now() + 86_400_000).toISOString(),
      evidence: { kind: "verbal_with_witness", witnessName: "X" },
    });
    expect(future.status).toBe(400);
    const notHolder = await shelter.request("POST", `/persons/${personId}/consents`, {
      purpose: "care",
      recipientType: "shelter",
      grantedAt: new Date().toISOString(),
      evidence: { kind: "verbal_with_witness", witnessName: "X" },
    });
    expect(notHolder.status).toBe(404);
    expect((await owner.request("GET", `/persons/${personId}/consents`)).json.items).toEqual([]);
  });

  it("break-glass needs a reason, opens briefly, is flagged in the audit and reviewed by the privacy officer", async () => {
    const { input, personId } = await setup(h);
    const police = await buildUser(h().deps, { roles: ["investigator"], organisationType: "police" });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(police);
    expect((await client.request("GET", `/persons/${personId}?purpose=investigation`)).status).toBe(404);
    const short = await client.request("POST", `/persons/${personId}/break-glass`, {
      purpose: "investigation",
      reason: "nodig",
    });
    expect(short.status).toBe(400);
    const granted = await client.request("POST", `/persons/${personId}/break-glass`, {
      purpose: "investigation",
      reason: "Acuut gevaar: slachtoffer vermist, locatie nodig voor interventie",
    });
    expect(granted.status).toBe(201);
    const read = await client.request("GET", `/persons/${personId}?purpose=investigation`);
    expect(read.status).toBe(200);
    expect(read.json.access).toBe("break_glass");
    expect(read.json.fields.whereabouts).toMatchObject({ visible: true, value: input.whereabouts });
    const flagged = await h().db.query<{ details: { breakGlass: boolean } }>(
      "select details from audit_log where action = 'person.read' and object_id = $1 and actor_user_id = $2",
      [personId, police.id],
    );
    expect(flagged.map((r) => r.details.breakGlass)).toEqual([true]);

    const officer = await buildUser(h().deps, {
      roles: ["privacy_officer"],
      organisationType: "platform_operator",
    });
    const privacy = new TestClient(h().app, h().deps.now);
    await privacy.login(officer);
    const queue = await privacy.request("GET", "/break-glass-reviews");
    const item = queue.json.items.find((i: { id: string }) => i.id === granted.json.id);
    expect(item).toMatchObject({ personId, reviewStatus: "pending", purpose: "investigation" });
    expect(JSON.stringify(queue.json)).not.toContain(input.name);
    expect(
      (
        await privacy.request("POST", `/break-glass-reviews/${granted.json.id}/decision`, {
          justified: true,
          note: "Terecht: acute situatie",
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await privacy.request("POST", `/break-glass-reviews/${granted.json.id}/decision`, {
          justified: false,
          note: "nogmaals",
        })
      ).status,
    ).toBe(404);
    expect((await client.request("GET", "/break-glass-reviews")).status).toBe(403);
    const trail = await privacy.request("GET", `/audit-entries?personId=${personId}`);
    expect(trail.json.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(["person.break_glass", "person.read", "person.created"]),
    );

    h().advanceClock(31 * 60_000); // break-glass has expired
    const again = new TestClient(h().app, h().deps.now);
    await again.login(police);
    expect((await again.request("GET", `/persons/${personId}?purpose=investigation`)).status).toBe(404);
  });

  it("the disclosure overview exports as PDF, for the holder and the privacy officer only", async () => {
    const { owner, shelter, personId } = await setup(h);
    const pdf = await owner.request("GET", `/persons/${personId}/disclosures/report`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.raw.clone().arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect((await shelter.request("GET", `/persons/${personId}/disclosures`)).status).toBe(404);
  });

  it("the rule set in force is readable", async () => {
    const { owner } = await setup(h);
    const rules = await owner.request("GET", "/sharing-rules");
    expect(rules.status).toBe(200);
    expect(rules.json.rules.length).toBeGreaterThan(10);
    expect(rules.json.categories.map((c: { id: string }) => c.id)).toContain("health");
  });
});
