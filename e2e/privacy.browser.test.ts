import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoJourney, expectNoAxeViolations } from "./support";

const journey = demoJourney();

const SHELTER = "COSM Opvang Noord (synthetisch)";
const NAME = "Elena Testpersoon (synthetisch)";
const HIDDEN = "verborgen: toestemming nodig";

/** Logs a demo user in (demo mode lets them skip the second factor) and returns the start page. */
function login(email: string): Promise<Page> {
  return journey.login(email);
}

/** The value shown for a field of the open record ("Naam", "Gezondheid", …). */
function field(page: Page, label: string) {
  return page.locator(".samen-field", { has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) });
}

describe("privacy pages", () => {
  let coordinator: Page;
  let shelter: Page;
  let personId: string;
  let pseudonym: string;

  it("a care coordinator records a person (with clear field errors) and shares the record with a shelter", async () => {
    coordinator = await login("zorgcoordinator@demo.samen.example");
    await coordinator
      .getByRole("navigation", { name: "Hoofdmenu" })
      .getByRole("link", { name: "Personen" })
      .click();
    await coordinator
      .getByRole("heading", { name: "Dossiers voor het doel: Hulpverlening en opvang" })
      .waitFor();
    // Only the coordinator's own purposes are offered.
    const purposes = await coordinator.getByLabel("Doel van inzage").locator("option").allTextContents();
    expect(purposes).toContain("Hulpverlening en opvang");
    expect(purposes).not.toContain("Opsporing en vervolging");
    await expectNoAxeViolations(coordinator, "persons list");

    await coordinator.getByRole("button", { name: "Nieuwe persoon vastleggen" }).click();
    await coordinator.getByLabel("Naam", { exact: true }).fill(NAME);
    await coordinator.getByLabel("Nationaliteit").fill("Roemenië");
    await coordinator.getByLabel("E-mailadres").fill("geen-adres");
    await coordinator.getByRole("button", { name: "Persoon vastleggen" }).click();
    const summary = coordinator.getByRole("alert");
    await summary.getByRole("link", { name: /^Nationaliteit: Gebruik een landcode/ }).waitFor();
    await summary.getByRole("link", { name: /^E-mailadres: Vul een geldig e-mailadres in/ }).waitFor();
    await expectNoAxeViolations(coordinator, "person form with errors");

    await coordinator.getByLabel("Nationaliteit").fill("ro");
    await coordinator.getByLabel("E-mailadres").fill("");
    await coordinator.getByLabel("Talen").fill("ro, en");
    await coordinator.getByLabel("Telefoonnummer").fill("06 0000 0001");
    await coordinator.getByLabel("Huidige verblijfplaats").fill("Testadres 1, Groningen (synthetisch)");
    await coordinator.getByLabel("Gezondheid").fill("Synthetisch: verstuikte enkel.");
    await coordinator.getByRole("button", { name: "Persoon vastleggen" }).click();
    const heading = coordinator.getByRole("heading", { name: /^Dossier P-/ });
    await heading.waitFor();
    pseudonym = (await heading.textContent())!.replace("Dossier ", "");
    personId = new URL(coordinator.url()).searchParams.get("id")!;
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);
    await field(coordinator, "Naam").getByText(NAME).waitFor();
    await field(coordinator, "Nationaliteit").getByText("Roemenië (RO)").waitFor();
    await expectNoAxeViolations(coordinator, "record (holder)");

    await coordinator.getByRole("button", { name: "Delen met een organisatie" }).click();
    await coordinator
      .getByLabel("Organisatie", { exact: true })
      .selectOption({ label: `${SHELTER} (Opvang)` });
    await coordinator.getByLabel("Reden om te delen").fill("Plaatsing in de opvang besproken");
    await expectNoAxeViolations(coordinator, "share form");
    await coordinator.getByRole("button", { name: "Delen", exact: true }).click();
    await coordinator.getByText("Het dossier is gedeeld.").waitFor();
    await coordinator.getByRole("cell", { name: SHELTER }).waitFor();
  });

  it("the shelter sees the identifying fields visibly hidden, and why", async () => {
    shelter = await login("opvang@demo.samen.example");
    await shelter
      .getByRole("navigation", { name: "Hoofdmenu" })
      .getByRole("link", { name: "Personen" })
      .click();
    // Found by exact name (through a keyed hash); the list still shows only the pseudonym.
    await shelter.getByLabel("Zoek op naam").fill("Iemand Anders");
    await shelter.getByRole("button", { name: "Zoeken" }).click();
    await shelter.getByText("Geen dossier met deze naam dat u voor dit doel mag openen.").waitFor();
    await shelter.getByLabel("Zoek op naam").fill("elena TESTPERSOON (synthetisch)");
    await shelter.getByRole("button", { name: "Zoeken" }).click();
    await shelter.getByRole("link", { name: pseudonym }).waitFor();
    expect(await shelter.locator("tbody tr").count()).toBe(1);
    expect(await shelter.getByText(NAME).count()).toBe(0);
    await expectNoAxeViolations(shelter, "persons list searched by name");
    await shelter.getByRole("link", { name: pseudonym }).click();
    await shelter.getByRole("heading", { name: `Dossier ${pseudonym}` }).waitFor();
    await shelter.getByText("Gedeeld met uw organisatie").waitFor();
    await field(shelter, "Naam").getByText(HIDDEN).waitFor();
    await field(shelter, "Gezondheid").getByText(HIDDEN).waitFor();
    // Not silently dropped: every field is listed, and the name is nowhere on the page.
    expect(await shelter.locator(".samen-field").count()).toBe(14);
    expect(await shelter.getByText(NAME).count()).toBe(0);

    await shelter.getByRole("button", { name: "Waarom zie ik dit niet? (Naam)" }).click();
    const why = shelter.locator("#why-name");
    await why.getByText("Verborgen: toestemming nodig").waitFor();
    await why.getByText("care.coordination.with-consent", { exact: true }).waitFor();
    await why.getByText("Hulpverlening en opvang", { exact: true }).waitFor();
    await expectNoAxeViolations(shelter, "shared record with hidden fields and explanation");
    // The rule is one click away, and the back button returns to the record.
    await why.getByRole("link", { name: "Bekijk de regel" }).click();
    await shelter.getByRole("heading", { name: "Deelregels", level: 1 }).waitFor();
    await shelter.getByText(/^1 van \d+ regels getoond\.$/).waitFor();
    await shelter.goBack();
    await shelter.getByRole("heading", { name: `Dossier ${pseudonym}` }).waitFor();
  });

  it("consent (with a signed form) shows the name to the shelter; withdrawal hides it again at once", async () => {
    await coordinator.getByRole("button", { name: "Toestemming vastleggen" }).click();
    await coordinator.getByLabel("Ontvanger").selectOption({ label: `${SHELTER} (Opvang)` });
    for (const category of ["Identiteit", "Contactgegevens", "Verblijfplaats en adressen"])
      await coordinator.getByLabel(category, { exact: true }).check();
    await coordinator.getByLabel("Ondertekend formulier (pdf, png of jpg)").setInputFiles({
      name: "toestemming-synthetisch.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("%PDF-1.4\n% synthetisch toestemmingsformulier voor de test\n%%EOF\n"),
    });
    await expectNoAxeViolations(coordinator, "consent form");
    await coordinator.getByRole("button", { name: "Toestemming vastleggen" }).last().click();
    await coordinator.getByText("De toestemming is vastgelegd.").waitFor();
    const consentRow = coordinator.getByRole("row", {
      name: /Hulpverlening en opvang.*Ondertekend formulier/,
    });
    await consentRow.getByRole("cell", { name: "Geldig" }).waitFor();

    await shelter.reload();
    await field(shelter, "Naam").getByText(NAME).waitFor();
    await field(shelter, "Gezondheid").getByText(HIDDEN).waitFor(); // health is not in this consent
    await shelter.getByRole("button", { name: "Waarom zie ik dit? (Naam)" }).click();
    await shelter.locator("#why-name").getByText("Zichtbaar: de persoon gaf toestemming").waitFor();
    await shelter.locator("#why-name").getByText("AVG art. 6 lid 1 sub a").waitFor();
    await expectNoAxeViolations(shelter, "shared record with consent");

    await consentRow.getByRole("button", { name: "Intrekken" }).click();
    await coordinator.getByText("Wilt u deze toestemming intrekken?").waitFor();
    await expectNoAxeViolations(coordinator, "withdrawal confirmation");
    await coordinator.getByRole("button", { name: "Ja, intrekken" }).click();
    await coordinator.getByText("De toestemming is ingetrokken.").waitFor();
    await coordinator.getByRole("cell", { name: /^Ingetrokken op/ }).waitFor();

    await shelter.reload();
    await field(shelter, "Naam").getByText(HIDDEN).waitFor();
    expect(await shelter.getByText(NAME).count()).toBe(0);

    // The holder's disclosure overview lists what the shelter received, as a table and as a PDF.
    await coordinator.getByRole("button", { name: "Overzicht tonen" }).click();
    const disclosures = coordinator.locator("#disclosures-table");
    await disclosures
      .getByRole("cell", { name: `${SHELTER} (Opvang)` })
      .first()
      .waitFor();
    await disclosures.getByText("care.coordination.with-consent").first().waitFor();
    await expectNoAxeViolations(coordinator, "disclosure overview");
    const href = await coordinator
      .getByRole("link", { name: "Overzicht downloaden als pdf" })
      .getAttribute("href");
    const pdf = await coordinator.request.get(`${journey.server.url}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");

    // Stopping the sharing closes the record to the shelter: it answers like a record that does not exist.
    const grantRow = coordinator.getByRole("row", {
      name: new RegExp(`^${SHELTER.replace(/[()]/g, "\\$&")}`),
    });
    await grantRow.getByRole("button", { name: "Stoppen met delen" }).click();
    await coordinator.getByRole("button", { name: "Ja, stoppen" }).click();
    await coordinator.getByText("U deelt het dossier niet meer met deze organisatie.").waitFor();
    await shelter.reload();
    await shelter.getByRole("heading", { name: "Dossier niet geopend" }).waitFor();
  });

  it("a police officer opens the record only through break-glass, and sees the banner", async () => {
    const police = await login("rechercheur@demo.samen.example");
    await police.goto(`${journey.server.url}/personen?purpose=investigation&id=${personId}`);
    await police.getByRole("heading", { name: "Dossier niet geopend" }).waitFor();
    await police.getByText("Alleen in een noodgeval.").waitFor();
    await expectNoAxeViolations(police, "break-glass offer");
    await police.getByLabel("Reden").fill("te kort");
    await police.getByText("7 tekens. Nog te kort: minstens 20.").waitFor();
    await police.getByRole("button", { name: "Doorbreken en dossier openen" }).click();
    await police
      .getByRole("alert")
      .getByText(/^Reden: Schrijf de reden op in minstens 20 tekens/)
      .waitFor();
    await expectNoAxeViolations(police, "break-glass with error");
    await police
      .getByLabel("Reden")
      .fill("Acuut gevaar: slachtoffer vermist, verblijfplaats nodig voor interventie");
    await police.getByRole("button", { name: "Doorbreken en dossier openen" }).click();
    await police.getByText("Geopend via doorbraak.", { exact: true }).waitFor();
    await police.getByRole("heading", { name: `Dossier ${pseudonym}` }).waitFor();
    await field(police, "Naam").getByText(NAME).waitFor();
    await field(police, "Huidige verblijfplaats").getByText("Testadres 1, Groningen (synthetisch)").waitFor();
    // Break-glass does not make the officer the holder: no consent or sharing controls.
    expect(await police.getByRole("heading", { name: "Toestemmingen" }).count()).toBe(0);
    await expectNoAxeViolations(police, "record opened through break-glass");
    // The main menu leads back to the list, where the record stays while the break-glass lasts.
    await police
      .getByRole("navigation", { name: "Hoofdmenu" })
      .getByRole("link", { name: "Personen" })
      .click();
    await police.getByRole("heading", { name: "Dossiers voor het doel: Opsporing en vervolging" }).waitFor();
    await police.getByRole("link", { name: pseudonym }).waitFor();
  });

  it("the privacy officer reviews the break-glass and reads the sharing rules in Dutch and English", async () => {
    const privacy = await login("privacy@demo.samen.example");
    const nav = privacy.getByRole("navigation", { name: "Hoofdmenu" });
    expect(await nav.getByRole("link", { name: "Personen" }).count()).toBe(0);
    await nav.getByRole("link", { name: "Doorbraken" }).click();
    const item = privacy.getByRole("article", { name: `Doorbraak in dossier ${pseudonym}` });
    await item.getByText("Acuut gevaar: slachtoffer vermist").waitFor();
    await item.getByText("Politie eenheid Amsterdam, AVIM (synthetisch)").waitFor();
    await expectNoAxeViolations(privacy, "break-glass queue");
    await item.getByRole("button", { name: "Terecht", exact: true }).click();
    await item.getByText("Schrijf een toelichting").first().waitFor();
    await item.getByLabel("Toelichting").fill("Terecht: acute situatie, binnen 30 minuten gesloten.");
    await item.getByRole("button", { name: "Terecht", exact: true }).click();
    await privacy.getByText(`De doorbraak in dossier ${pseudonym} is beoordeeld als terecht.`).waitFor();
    await item.waitFor({ state: "detached" }); // no longer pending
    await privacy.getByLabel("Toon").selectOption({ label: "Terecht" });
    await item.getByText("Terecht: acute situatie, binnen 30 minuten gesloten.").waitFor();
    await expectNoAxeViolations(privacy, "break-glass reviewed");

    await nav.getByRole("link", { name: "Deelregels" }).click();
    await privacy.getByRole("heading", { name: "Deelregels", level: 1 }).waitFor();
    await privacy.getByText("Dit is een concept.").waitFor();
    await privacy
      .getByLabel("Doel", { exact: true })
      .selectOption({ label: "Integraal casusoverleg (RIEC)" });
    await privacy.getByLabel("Naar (soort organisatie)").selectOption({ label: "RIEC" });
    await privacy.getByText("case-conference.no-special-categories-or-care", { exact: true }).waitFor();
    expect(await privacy.getByText("care.coordination.with-consent", { exact: true }).count()).toBe(0);
    await expectNoAxeViolations(privacy, "sharing rules (filtered)");
    await privacy.getByRole("button", { name: "English" }).click();
    await privacy.getByRole("heading", { name: "Sharing rules", level: 1 }).waitFor();
    await privacy.getByText("This is a draft.").waitFor();
    expect(await privacy.locator("html").getAttribute("lang")).toBe("en");
    await expectNoAxeViolations(privacy, "sharing rules (en)");
  });

  it("the consent form reads in the chosen language and prints without the navigation", async () => {
    await coordinator
      .getByRole("navigation", { name: "Hoofdmenu" })
      .getByRole("link", { name: "Toestemmingsformulier" })
      .click();
    await coordinator.getByRole("heading", { name: "Toestemming voor het delen van uw gegevens" }).waitFor();
    await coordinator
      .getByLabel("Organisatie", { exact: true })
      .selectOption({ label: `${SHELTER} (Opvang)` });
    await coordinator.getByText(`Met ${SHELTER}. Zij mogen uw gegevens alleen gebruiken`).waitFor();
    await expectNoAxeViolations(coordinator, "consent form (nl)");
    // The form's language is independent of the screen's.
    await coordinator.getByLabel("English").check();
    const document = coordinator.locator("article.samen-consent-document");
    await document.getByRole("heading", { name: "Consent to share your data" }).waitFor();
    await document.getByText("You can always withdraw your consent.", { exact: false }).waitFor();
    expect(await document.getAttribute("lang")).toBe("en");
    await coordinator.getByRole("heading", { name: "Formulier samenstellen" }).waitFor();
    await expectNoAxeViolations(coordinator, "consent form (en document, nl screen)");

    const nav = coordinator.getByRole("navigation", { name: "Hoofdmenu" });
    await coordinator.emulateMedia({ media: "print" });
    expect(await nav.isVisible()).toBe(false);
    expect(await coordinator.getByRole("heading", { name: "Formulier samenstellen" }).isVisible()).toBe(
      false,
    );
    expect(await document.isVisible()).toBe(true);
    await coordinator.emulateMedia({ media: "screen" });
    expect(await nav.isVisible()).toBe(true);
  });
});
