import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoJourney, expectNoAxeViolations, type HttpClient } from "./support";

const journey = demoJourney();

const NAME = "Mirela Dubbelnaam (synthetisch)";
const BIRTH_DATE = "1998-06-15";

function apiAs(email: string): Promise<HttpClient> {
  return journey.api(email);
}

/** A coordinator opens a case for the person, records consent for registration and registers it. */
async function registerByName(email: string, municipalityCode: string, phone: string): Promise<string> {
  const coordinator = await apiAs(email);
  const opened = await coordinator.request("POST", "/cases", {
    person: {
      role: "possible_victim",
      name: NAME,
      birthDate: BIRTH_DATE,
      gender: "female",
      nationality: "RO",
      phone,
    },
    foundMunicipalityCode: municipalityCode,
    forms: ["labour"],
  });
  expect(opened.status, JSON.stringify(opened.json)).toBe(201);
  const caseId = opened.json.items[0].id as string;
  const personId = (await coordinator.request("GET", `/cases/${caseId}`)).json.victim.id as string;
  const consent = await coordinator.request("POST", `/persons/${personId}/consents`, {
    purpose: "registration",
    recipientType: "comensha",
    grantedAt: new Date(Date.now() - 60_000).toISOString(),
    evidence: { kind: "verbal_with_witness", witnessName: "Getuige (synthetisch)" },
  });
  expect(consent.status, JSON.stringify(consent.json)).toBe(201);
  const registered = await coordinator.request("POST", "/registrations", { caseId });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  expect(registered.json.mode).toBe("by_name");
  return registered.json.id as string;
}

describe("registry duplicates journey", () => {
  let first = "";
  let second = "";
  let registry: Page;

  it("set-up through the API: two care coordinations register the same person by name", async () => {
    first = await registerByName("zorgcoordinator@demo.samen.example", "GM0344", "+31612340001");
    // Received a moment later: the first one stays when merged.
    await new Promise((resolve) => setTimeout(resolve, 50));
    second = await registerByName("zorgcoordinator.groningen@demo.samen.example", "GM0014", "+31612340002");
  });

  it("the registry officer sees the suggested pair, without a name, and opens a registration", async () => {
    registry = await journey.login("registratie@demo.samen.example");
    await registry
      .getByRole("navigation", { name: "Hoofdmenu" })
      .getByRole("link", { name: "Registratie", exact: true })
      .click();
    await registry.getByRole("heading", { name: "Mogelijke dubbele registraties", level: 2 }).waitFor();
    const pair = registry.getByRole("article", { name: "Paar 1: waarschijnlijk dezelfde persoon" });
    await pair.waitFor();
    await pair.getByText("0,85", { exact: true }).waitFor();
    await pair.getByText("naam en geboortedatum", { exact: true }).waitFor();
    await pair.getByText("telefoonnummer", { exact: true }).waitFor(); // the phones differ
    await pair.getByText(/blijft bestaan bij samenvoegen/).waitFor();
    expect(await pair.getByRole("link").count()).toBe(2);
    expect(await registry.getByText(NAME).count()).toBe(0); // no names in the suggestions or the list
    await expectNoAxeViolations(registry, "registrations (with a suggested pair)");

    await pair.getByRole("link", { name: "Eerst ontvangen registratie openen" }).click();
    await registry.getByRole("heading", { name: "Registratie op naam", level: 2 }).waitFor();
    await registry.getByText(NAME).waitFor();
    await registry.getByRole("link", { name: "Terug naar de registraties" }).click();
    await registry.getByRole("heading", { name: "Mogelijke dubbele registraties", level: 2 }).waitFor();
  });

  it("a doubtful merge asks for a note; with the note the pair is merged and disappears", async () => {
    const pair = registry.getByRole("article", { name: "Paar 1: waarschijnlijk dezelfde persoon" });
    await pair.getByRole("button", { name: "Samenvoegen" }).click();
    await pair.getByText("Geef een toelichting: bij twijfel is die verplicht om samen te voegen.").waitFor();
    await expectNoAxeViolations(registry, "registrations (merge without a note)");
    await pair
      .getByLabel("Toelichting")
      .fill("Zelfde persoon; twee telefoonnummers in gebruik (synthetisch)");
    await pair.getByRole("button", { name: "Samenvoegen" }).click();
    await registry
      .getByRole("status")
      .getByText(/De registraties zijn samengevoegd\./)
      .waitFor();
    await registry.getByText("Er zijn geen mogelijke dubbele registraties.").waitFor();
    const rows = registry.getByRole("region", { name: "Registraties" }).getByRole("row");
    await rows.filter({ hasText: "Samengevoegd" }).first().waitFor();
    expect(await rows.count()).toBe(3); // the header and the two registrations
    expect(await rows.filter({ hasText: "Samengevoegd" }).count()).toBe(1);
    await expectNoAxeViolations(registry, "registrations (merged)");
  });

  it("the merged registration says so and points at the one that stays; the export counts one person", async () => {
    await registry.goto(`${journey.server.url}/registratie?id=${second}`);
    await registry.getByText(/gaat over dezelfde persoon als een eerder ontvangen registratie/).waitFor();
    await expectNoAxeViolations(registry, "registration (merged)");
    await registry.getByRole("link", { name: "De registratie die blijft openen" }).click();
    await expect.poll(() => new URL(registry.url()).searchParams.get("id")).toBe(first);
    await registry.getByText(NAME).waitFor();

    const api = await apiAs("registratie@demo.samen.example");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const exported = await api.request("GET", `/registry-export?from=${day(-1)}&to=${day(1)}&format=json`);
    expect(exported.status).toBe(200);
    expect(exported.json.counts).toEqual({ registrations: 2, persons: 1 });
    expect(JSON.stringify(exported.json)).not.toContain("Dubbelnaam");
  });
});
