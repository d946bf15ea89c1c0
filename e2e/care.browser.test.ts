import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPglite } from "../src/platform/db/pglite";
import { demoJourney, expectNoAxeViolations, type HttpClient } from "./support";

const journey = demoJourney();

const PLANTED_NAME = "Ioana Plantnaam (synthetisch)";
const SIGNAL_NAME = "Elena Signaalnaam (synthetisch)";
const PLACE = "COSM-plaats Noord (synthetisch)";
const MEN_ONLY = "Mannenopvang Noord (synthetisch)";

function login(email: string): Promise<Page> {
  return journey.login(email);
}

function apiAs(email: string): Promise<HttpClient> {
  return journey.api(email);
}

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name, exact: true });
}

/** A signal with one possible victim in Utrecht, filed by the NGO and routed to care coordination. */
async function routedSignal(victimName: string): Promise<{ id: string; reference: string }> {
  const ngo = await apiAs("melder@demo.samen.example");
  const draft = await ngo.request("POST", "/signals/drafts", {
    municipalityCode: "GM0344",
    observedOn: "2026-11-20",
    forms: ["sexual"],
    narrative: "Synthetisch: een jonge vrouw wordt elke avond naar verschillende adressen gebracht.",
    urgency: "high",
    victims: [
      { name: victimName, nationality: "RO", gender: "female", ageGroup: "18-24", languages: ["ro"] },
    ],
  });
  expect(draft.status, JSON.stringify(draft.json)).toBe(201);
  expect((await ngo.request("POST", `/signals/drafts/${draft.json.id}/submission`)).status).toBe(200);
  const coordinator = await apiAs("zorgcoordinator@demo.samen.example");
  const coordinationId = (await coordinator.request("GET", "/session")).json.organisation.id;
  const desk = await apiAs("informatiepunt@demo.samen.example");
  expect(
    (await desk.request("POST", `/signals/${draft.json.id}/status-changes`, { to: "in_triage" })).status,
  ).toBe(204);
  const routed = await desk.request("POST", `/signals/${draft.json.id}/routings`, {
    track: "care",
    organisationId: coordinationId,
    reason: "Mogelijk slachtoffer heeft zorg en opvang nodig (synthetisch)",
  });
  expect(routed.status, JSON.stringify(routed.json)).toBe(201);
  return { id: draft.json.id, reference: draft.json.reference };
}

describe("care journey", () => {
  let signal: { id: string; reference: string };
  let coordinator: Page;
  let shelter: Page;
  let caseNumber = "";

  it("set-up through the API: a routed signal with a victim, and a published shelter place for two", async () => {
    signal = await routedSignal(SIGNAL_NAME);
    const cosm = await apiAs("opvang@demo.samen.example");
    const place = await cosm.request("POST", "/shelter-places", {
      name: PLACE,
      placeType: "cosm",
      capacity: 2,
      genders: ["female"],
      minAge: 18,
      forms: ["sexual", "labour"],
      languages: ["ro", "en"],
    });
    expect(place.status).toBe(201);
    const menOnly = await cosm.request("POST", "/shelter-places", {
      name: MEN_ONLY,
      placeType: "cosm",
      capacity: 3,
      genders: ["male"],
    });
    expect(menOnly.status).toBe(201);
  });

  it("the coordinator opens a case from the routed signal and sees the victim with visible redactions", async () => {
    coordinator = await login("zorgcoordinator@demo.samen.example");
    await nav(coordinator, "Dossiers").click();
    await coordinator.getByRole("heading", { name: "Dossiers", level: 1 }).waitFor();
    await coordinator.getByRole("heading", { name: "Dossier openen vanuit een melding" }).waitFor();
    await expectNoAxeViolations(coordinator, "dossiers (list)");
    await coordinator.getByRole("button", { name: `Dossier openen voor ${signal.reference}` }).click();
    const heading = coordinator.getByRole("heading", { name: /^Dossier MH-/, level: 2 });
    await heading.waitFor();
    caseNumber = ((await heading.textContent()) ?? "").replace("Dossier ", "").trim();
    expect(caseNumber).toMatch(/^MH-\d{4}-\d{6}-\d$/);
    await coordinator
      .getByText(/^Verborgen: /)
      .first()
      .waitFor();
    // The NGO holds the victim record, but the coordinator holds the open case and speaks with the
    // person: the page says who holds the record, that consent is kept here too, and its state.
    await coordinator
      .getByText(/Omdat uw organisatie dit dossier houdt, legt u hier ook toestemming vast/)
      .waitFor();
    await coordinator
      .getByTestId("consent-state-registration")
      .filter({ hasText: "Nog geen toestemming." })
      .waitFor();
    expect(await coordinator.getByText(/Alleen die organisatie legt toestemming vast/).count()).toBe(0);
    await coordinator.getByText(/Registratie op naam bij CoMensha: toestemming voor registratie/).waitFor();
    await expectNoAxeViolations(coordinator, "case (opened from signal)");
  });

  it("the coordinator finds the fitting place, sees why the other does not fit and requests it", async () => {
    await coordinator.getByLabel("Geslacht", { exact: true }).selectOption("female");
    await coordinator.getByLabel("Leeftijd", { exact: true }).fill("22");
    await coordinator.getByLabel("Talen", { exact: true }).fill("ro");
    await coordinator.getByRole("button", { name: "Zoeken", exact: true }).click();
    await coordinator.getByRole("heading", { name: /^Passende plaatsen: / }).waitFor();
    await coordinator
      .getByRole("listitem")
      .filter({ hasText: MEN_ONLY })
      .filter({ hasText: "neemt dit geslacht niet op" })
      .waitFor();
    await expectNoAxeViolations(coordinator, "case (place search)");
    await coordinator.getByRole("button", { name: `Plaats aanvragen: ${PLACE}` }).click();
    await coordinator.getByText("De aanvraag is verstuurd naar de opvang.").waitFor();
    await coordinator.getByText(`${PLACE}: Aangevraagd`).waitFor();
  });

  it("the shelter accepts the request and the occupancy shows one reserved", async () => {
    shelter = await login("opvang@demo.samen.example");
    await nav(shelter, "Opvang").click();
    await shelter.getByRole("heading", { name: "Opvang", level: 1 }).waitFor();
    const row = shelter.getByRole("row").filter({ hasText: PLACE }).first();
    await row.waitFor();
    await expectNoAxeViolations(shelter, "shelter (request waiting)");
    await shelter.getByRole("button", { name: `Accepteren (${caseNumber})` }).click();
    await shelter.getByText("De aanvraag is geaccepteerd; er is een plaats gereserveerd.").waitFor();
    const places = shelter.getByRole("region", { name: "Tabel: uw plaatsen en bezetting" });
    const placeRow = places.getByRole("row").filter({ hasText: PLACE });
    // capacity 2, occupied 0, reserved 1, free 1
    await expect
      .poll(async () => (await placeRow.getByRole("cell").allTextContents()).slice(2, 6))
      .toEqual(["2", "0", "1", "1"]);
    await shelter.getByRole("button", { name: `Opnemen (${caseNumber})` }).waitFor();
    await expectNoAxeViolations(shelter, "shelter (accepted)");
  });

  it("the coordinator sees the placement accepted", async () => {
    await coordinator.reload();
    await coordinator.getByText(`${PLACE}: Geaccepteerd (plaats gereserveerd)`).waitFor();
    await expectNoAxeViolations(coordinator, "case (placement accepted)");
  });

  it("the shelter admits and discharges with a reason, and publishes a new place in the form", async () => {
    const placeRow = shelter
      .getByRole("region", { name: "Tabel: uw plaatsen en bezetting" })
      .getByRole("row")
      .filter({ hasText: PLACE });
    const counts = async () => (await placeRow.getByRole("cell").allTextContents()).slice(2, 6);
    await shelter.getByRole("button", { name: `Opnemen (${caseNumber})` }).click();
    await shelter.getByText("De opname is vastgelegd.").waitFor();
    await expect.poll(counts).toEqual(["2", "1", "0", "1"]);
    await shelter.getByRole("button", { name: `Uitstroom (${caseNumber})` }).click();
    await shelter.getByRole("button", { name: "Uitstroom vastleggen" }).click();
    await shelter.getByText("Kies een reden.").waitFor();
    await expectNoAxeViolations(shelter, "shelter (discharge without reason)");
    await shelter.getByLabel(`Reden van uitstroom (${caseNumber})`).selectOption("moved_on");
    await shelter.getByRole("button", { name: "Uitstroom vastleggen" }).click();
    await shelter.getByText("De uitstroom is vastgelegd.").waitFor();
    await expect.poll(counts).toEqual(["2", "0", "0", "2"]);

    await shelter.getByRole("button", { name: "Plaats publiceren" }).click();
    await shelter.getByLabel("Naam van de plaats").fill("Jongerenplek (synthetisch)");
    await shelter.getByLabel("Capaciteit").fill("3");
    await shelter.getByLabel("Minimumleeftijd").fill("16");
    await shelter.getByLabel("Maximumleeftijd").fill("12");
    await shelter.getByRole("button", { name: "Plaats opslaan" }).click();
    await shelter.locator("#place-max-age-error").waitFor();
    await expectNoAxeViolations(shelter, "shelter (place form with an error)");
    await shelter.getByLabel("Maximumleeftijd").fill("23");
    await shelter.getByRole("button", { name: "Plaats opslaan" }).click();
    await shelter.getByText("De plaats is opgeslagen.").waitFor();
    await shelter.getByRole("row").filter({ hasText: "Jongerenplek (synthetisch)" }).waitFor();
  });

  it("a case the coordinator opens directly: consent recorded in the flow, registration goes by name, with the reason", async () => {
    await coordinator.getByRole("link", { name: "Terug naar de dossiers" }).click();
    await coordinator.getByRole("heading", { name: "Dossier direct openen" }).waitFor();
    await coordinator.getByLabel("Naam (niet verplicht)", { exact: true }).fill(PLANTED_NAME);
    await coordinator.getByLabel("Gemeentecode waar aangetroffen").fill("GM0344");
    await coordinator.getByRole("button", { name: "Dossier openen", exact: true }).click();
    await coordinator.getByRole("heading", { name: /^Dossier MH-/, level: 2 }).waitFor();
    await coordinator
      .getByTestId("consent-state-registration")
      .filter({ hasText: "Nog geen toestemming." })
      .waitFor();
    await expectNoAxeViolations(coordinator, "case (direct, no consent)");
    for (const [button, heading] of [
      ["Toestemming voor delen met de opvang vastleggen", "care"],
      ["Toestemming voor registratie bij CoMensha vastleggen", "registration"],
    ] as const) {
      await coordinator.getByRole("button", { name: button }).click();
      const form = coordinator.getByRole("form", { name: button });
      await form.getByLabel("Naam van de getuige").fill("Getuige (synthetisch)");
      if (heading === "care") await expectNoAxeViolations(coordinator, "case (consent form)");
      await form.getByRole("button", { name: "Toestemming vastleggen" }).click();
      await coordinator
        .getByTestId(`consent-state-${heading}`)
        .getByText("Toestemming is vastgelegd.")
        .waitFor();
    }
    await coordinator.getByRole("button", { name: "Registreren bij CoMensha" }).click();
    const status = coordinator.getByRole("status").filter({ hasText: "Registratie op naam" });
    await status.waitFor();
    await status.getByText(/toestemming gegeven voor registratie bij CoMensha/).waitFor();
    await expectNoAxeViolations(coordinator, "case (registered by name)");
    // Withdrawing a consent right there: the shelter no longer sees the identity.
    await coordinator.getByRole("button", { name: "Toestemming voor de opvang intrekken" }).click();
    await coordinator.getByRole("button", { name: "Ja, intrekken" }).click();
    await coordinator.getByText("De toestemming is ingetrokken.").waitFor();
    await coordinator
      .getByTestId("consent-state-care")
      .filter({ hasText: "Nog geen toestemming." })
      .waitFor();
    // One language switch: the case in English.
    await coordinator.getByRole("button", { name: "English" }).click();
    await coordinator.getByRole("heading", { name: "Registration with CoMensha" }).waitFor();
    await coordinator.getByRole("heading", { name: "Consent", exact: true }).waitFor();
    await expectNoAxeViolations(coordinator, "case (English)");
    await coordinator.getByRole("button", { name: "Nederlands" }).click();
    await coordinator.getByRole("heading", { name: "Registratie bij CoMensha" }).waitFor();
    // The reflection period started 80 days ago: its end (three months) is near.
    const started = new Date(Date.now() - 80 * 86_400_000).toISOString().slice(0, 10);
    await coordinator.getByLabel("Gebeurtenis", { exact: true }).selectOption("reflection_period_started");
    await coordinator.getByLabel("Datum", { exact: true }).fill(started);
    await coordinator.getByRole("button", { name: "Gebeurtenis toevoegen" }).click();
    await coordinator.getByText("De gebeurtenis is toegevoegd.").waitFor();
  });

  it("the deadlines view warns that the reflection period ends soon", async () => {
    await coordinator.getByRole("link", { name: "Termijnen" }).first().click();
    await coordinator.getByRole("heading", { name: "Termijnen", level: 1 }).waitFor();
    await coordinator
      .getByRole("row")
      .filter({ hasText: "Einde bedenktijd" })
      .filter({ hasText: /Let op: nog \d+ dag/ })
      .waitFor();
    await expectNoAxeViolations(coordinator, "deadlines");
  });

  it("from the deadline the coordinator opens the case, adds a note, records the status and closes it with a reason", async () => {
    await coordinator.getByRole("row").filter({ hasText: "Einde bedenktijd" }).getByRole("link").click();
    await coordinator.getByRole("heading", { name: /^Dossier MH-/, level: 2 }).waitFor();
    await coordinator
      .getByLabel("Notitie", { exact: true })
      .fill("Synthetisch: intake gehad, veilig ondergebracht.");
    await coordinator.getByRole("button", { name: "Notitie toevoegen" }).click();
    await coordinator.getByText("De notitie is toegevoegd.").waitFor();
    await coordinator.getByLabel("Nieuwe status slachtofferschap").selectOption("presumed");
    await coordinator.getByRole("button", { name: "Status vastleggen" }).click();
    await coordinator.getByText(/Status slachtofferschap vastgelegd: Vermoedelijk slachtoffer/).waitFor();
    await coordinator.getByLabel("Reden", { exact: true }).selectOption("returned_home");
    await coordinator.getByRole("button", { name: "Dossier sluiten" }).click();
    await coordinator.getByText(/— Dossier gesloten: /).waitFor();
    await coordinator.getByRole("heading", { name: "Dossier sluiten" }).waitFor({ state: "detached" });
    await expectNoAxeViolations(coordinator, "case (closed)");
  });

  it("the registry officer sees the registration by name and the person", async () => {
    const registry = await login("registratie@demo.samen.example");
    await nav(registry, "Registratie").click();
    await registry.getByRole("heading", { name: "Registratie", level: 1 }).waitFor();
    const row = registry.getByRole("row").filter({ hasText: "Registratie op naam" }).first();
    await row.waitFor();
    await expectNoAxeViolations(registry, "registrations (list)");
    await row.getByRole("link").click();
    await registry.getByRole("heading", { name: "Registratie op naam", level: 2 }).waitFor();
    await registry.getByText(PLANTED_NAME).waitFor();
    await expectNoAxeViolations(registry, "registration (by name)");
  });

  it("without consent the registration is statistical, and its database row has no person and no name", async () => {
    const coord = await apiAs("zorgcoordinator@demo.samen.example");
    const kase = (await coord.request("GET", "/cases")).json.items.find(
      (c: { caseNumber: string }) => c.caseNumber === caseNumber,
    );
    const res = await coord.request("POST", "/registrations", { caseId: kase.id });
    expect(res.json).toMatchObject({ mode: "statistical", basis: "no_consent" });
    const registry = await apiAs("registratie@demo.samen.example");
    expect((await registry.request("GET", `/registrations/${res.json.id}`)).json.person).toBeNull();

    await journey.server.stop();
    const db = await openPglite({ dataDir: journey.dir, command: "e2e-check" });
    try {
      const rows = await db.query<{ person_id: string | null; statistical: unknown }>(
        "select person_id, statistical from registrations where id = $1",
        [res.json.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]!.person_id).toBeNull();
      expect(JSON.stringify(rows[0])).not.toContain("Signaalnaam");
      // Control: the registration by name does carry its person.
      const byName = await db.query<{ person_id: string | null }>(
        "select person_id from registrations where mode = 'by_name'",
      );
      expect(byName).toHaveLength(1);
      expect(byName[0]!.person_id).not.toBeNull();
    } finally {
      await db.close();
    }
  });
});
