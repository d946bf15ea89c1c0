import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoJourney, expectNoAxeViolations } from "./support";

const journey = demoJourney();

const KVK = "69599009"; // passes the weighted modulus-11 check (synthetic)
// A synthetic 1×1 PNG.
const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const NARRATIVE =
  "Synthetisch: werknemers slapen op het bedrijfsterrein en hebben hun paspoort moeten inleveren.";

function login(email: string): Promise<Page> {
  return journey.login(email);
}

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name, exact: true });
}

describe("signals journey", () => {
  let reporter: Page;
  let reference: string;
  let duplicateReference: string;

  it("another organisation has already reported the same company (through the API)", async () => {
    const client = await journey.api("melder.rotterdam@demo.samen.example");
    const draft = await client.request("POST", "/signals/drafts", {
      municipalityCode: "GM0363",
      forms: ["labour"],
      narrative: "Synthetisch: zelfde uitzendbureau, mensen werken veertien uur per dag.",
      urgency: "normal",
      subjects: [{ kind: "company", name: "Demo Uitzendbureau BV (synthetisch)", kvkNumber: KVK }],
    });
    expect(draft.status).toBe(201);
    duplicateReference = draft.json.reference;
    expect((await client.request("POST", `/signals/drafts/${draft.json.id}/submission`)).status).toBe(200);
  });

  it("a professional files a signal with indicators, a victim and a company, and sees the reference and the B8 notice", async () => {
    reporter = await login("melder@demo.samen.example");
    await nav(reporter, "Melden").click();
    await reporter.getByRole("heading", { name: "Melding doen", level: 1 }).waitFor();
    await expectNoAxeViolations(reporter, "intake (empty)");

    await reporter.getByLabel("Gemeente", { exact: true }).selectOption("GM0363");
    await reporter.getByLabel("Datum van waarneming").fill("2026-11-20");
    await reporter.getByRole("checkbox", { name: "Arbeidsuitbuiting" }).check();
    // The ILO checklist appears for labour exploitation, with the weights in words.
    const ilo = reporter.getByRole("group", { name: "ILO-indicatoren van dwangarbeid" });
    await ilo.waitFor();
    await ilo.getByText("Gewicht 2 (ilo-01)").waitFor();
    await reporter.locator("#indicators-ilo-forced-labour-ilo-01").check();
    await reporter.locator("#indicators-ilo-forced-labour-ilo-07").check();
    await reporter.getByText(/U heeft 2 verschillende signalen aangevinkt/).waitFor();
    await reporter.getByLabel("Wat heeft u gezien of gehoord?").fill(NARRATIVE);
    await reporter.getByRole("radio", { name: "Hoog" }).check();

    await reporter.getByRole("button", { name: "Mogelijk slachtoffer toevoegen" }).click();
    await reporter.getByLabel("Andere naam of bijnaam", { exact: true }).fill("Werknemer A (synthetisch)");
    await reporter.getByLabel("Nationaliteit", { exact: true }).fill("ng");
    await reporter.getByLabel("Verblijfsstatus", { exact: true }).selectOption("unknown");
    await reporter.getByRole("button", { name: "Bedrijf, locatie of persoon toevoegen" }).click();
    await reporter.getByLabel("Bedrijfsnaam", { exact: true }).fill("Demo Uitzendbureau BV (synthetisch)");
    await reporter.getByLabel("KvK-nummer", { exact: true }).fill("69599010");
    await reporter.getByRole("button", { name: "Opslaan als concept" }).click();
    await reporter
      .getByRole("alert")
      .getByRole("link", {
        name: "Betrokkene 1: KvK-nummer: Dit is geen geldig KvK-nummer. Controleer de acht cijfers.",
      })
      .waitFor();
    await reporter.locator("#subject-0-kvkNumber-error").waitFor();
    await expectNoAxeViolations(reporter, "intake (with errors, checklist, victim, company)");

    await reporter.getByLabel("KvK-nummer", { exact: true }).fill(KVK);
    await reporter.getByRole("button", { name: "Opslaan als concept" }).click();
    await reporter.getByText(/^Concept opgeslagen met kenmerk S-\d{4}-\d{6}\.$/).waitFor();

    // Later that morning: the draft is reopened from "Mijn meldingen" where it was left.
    await nav(reporter, "Mijn meldingen").click();
    await reporter
      .getByRole("link", { name: /^S-\d{4}-\d{6}$/ })
      .first()
      .click();
    await reporter.getByRole("link", { name: "Concept verder bewerken" }).click();
    await reporter.getByRole("heading", { name: "Melding doen", level: 1 }).waitFor();
    await expect
      .poll(() => reporter.getByLabel("Wat heeft u gezien of gehoord?").inputValue())
      .toBe(NARRATIVE);
    expect(await reporter.getByLabel("KvK-nummer", { exact: true }).inputValue()).toBe(KVK);
    expect(await reporter.getByLabel("Andere naam of bijnaam", { exact: true }).inputValue()).toBe(
      "Werknemer A (synthetisch)",
    );
    expect(await reporter.locator("#indicators-ilo-forced-labour-ilo-07").isChecked()).toBe(true);

    // A photo goes with it; a text file named .png is refused by its content.
    const attachments = reporter.getByRole("region", { name: "Bijlagen" });
    await attachments.getByLabel("Bestand kiezen").setInputFiles({
      name: "notitie.png",
      mimeType: "image/png",
      buffer: Buffer.from("Gewone tekst (synthetisch)"),
    });
    await attachments.getByRole("button", { name: "Bijlage toevoegen" }).click();
    await attachments.getByText(/Alleen foto's \(JPEG, PNG\) en PDF-documenten/).waitFor();
    await attachments.getByLabel("Bestand kiezen").setInputFiles({
      name: "slaapplaats.png",
      mimeType: "image/png",
      buffer: Buffer.from(PNG_1X1, "base64"),
    });
    await attachments.getByRole("button", { name: "Bijlage toevoegen" }).click();
    await attachments.getByText("slaapplaats.png is toegevoegd.").waitFor();
    await expectNoAxeViolations(reporter, "intake (draft reopened, photo added)");
    await reporter.getByRole("button", { name: "Melding indienen" }).click();
    const submitted = reporter.getByText(/^Uw melding is ingediend\. Het kenmerk is S-\d{4}-\d{6}\.$/);
    await submitted.waitFor();
    reference = (await submitted.textContent())!.match(/S-\d{4}-\d{6}/)![0];
    await reporter.getByRole("heading", { name: "Bedenktijd (B8) aanbieden" }).waitFor();
    await expectNoAxeViolations(reporter, "intake (submitted, B8 notice)");
  });

  it("the desk finds it in the queue, links the duplicate, triages and routes it to the police with a legal basis", async () => {
    const desk = await login("informatiepunt@demo.samen.example");
    await nav(desk, "Meldpunt").click();
    await desk.getByRole("heading", { name: "Meldpunt", level: 1 }).waitFor();
    await desk.getByRole("link", { name: reference }).waitFor();
    await desk.getByLabel("Urgentie").selectOption("high");
    await desk.getByRole("button", { name: "Filteren" }).click();
    await desk.getByText(/^1 meldingen, waarvan 0 te laat\.$/).waitFor();
    await expectNoAxeViolations(desk, "desk queue (filtered)");

    await desk.getByRole("link", { name: reference }).click();
    await desk.getByRole("heading", { name: `Melding ${reference}` }).waitFor();
    await desk.getByText(/op de bedenktijd \(B8\), uiterlijk/).waitFor();
    await desk
      .getByRole("region", { name: "Bijlagen" })
      .getByRole("link", { name: "slaapplaats.png downloaden" })
      .waitFor();
    const duplicates = desk.getByRole("region", { name: "Mogelijke dubbele en verwante meldingen" });
    await duplicates.getByText("Zelfde KvK-nummer").waitFor();
    await expectNoAxeViolations(desk, "desk signal");

    await duplicates.getByRole("button", { name: `Koppel ${duplicateReference}` }).click();
    await desk.getByText(`${duplicateReference} is gekoppeld.`, { exact: false }).waitFor();
    await duplicates.getByText("Gekoppeld aan deze melding.").waitFor();

    // Only the allowed next statuses are offered; "afgesloten zonder actie" asks for a reason.
    const next = await desk.getByLabel("Nieuwe status").locator("option").allTextContents();
    expect(next).toContain("In behandeling bij meldpunt");
    expect(next).not.toContain("Opgepakt door team");
    await desk.getByLabel("Nieuwe status").selectOption("closed_no_action");
    await desk.getByLabel("Reden (verplicht)").waitFor();
    await desk.getByLabel("Nieuwe status").selectOption("in_triage");
    await desk.getByRole("button", { name: "Status wijzigen" }).click();
    await desk.getByText("De status is nu: In behandeling bij meldpunt.").waitFor();

    // An enrichment note names its source and the legal basis it was shared on.
    const enrichment = desk.getByRole("region", { name: "Verrijken" });
    await enrichment
      .getByLabel("Verrijking")
      .fill("Synthetisch: de KvK meldt drie adreswijzigingen in een jaar.");
    const nla = enrichment
      .getByLabel("Bron (organisatie)")
      .locator("option", { hasText: "Arbeidsinspectie" });
    await enrichment.getByLabel("Bron (organisatie)").selectOption((await nla.getAttribute("value"))!);
    await enrichment.getByLabel("Wettelijke grondslag van het delen").fill("Wet SUWI art. 64 (synthetisch)");
    await enrichment.getByRole("button", { name: "Verrijking vastleggen" }).click();
    await desk.getByText("De verrijking is vastgelegd met bron en grondslag.").waitFor();
    await desk.getByText(/Verrijking door het meldpunt \(bron: Nederlandse Arbeidsinspectie/).waitFor();
    await desk.getByText("Grondslag: Wet SUWI art. 64 (synthetisch)", { exact: false }).waitFor();
    await expectNoAxeViolations(desk, "desk signal (enriched)");

    await desk.getByRole("heading", { name: "Voorstellen (hulp bij het kiezen, u beslist)" }).waitFor();
    await desk.getByLabel("Spoor").selectOption("criminal");
    const police = desk
      .getByLabel("Team (organisatie)")
      .locator("option", { hasText: "Politie eenheid Amsterdam" });
    await desk.getByLabel("Team (organisatie)").selectOption((await police.getAttribute("value"))!);
    await desk.getByLabel("Reden van doorzetten").fill("Sterke aanwijzingen arbeidsuitbuiting (synthetisch)");
    await expectNoAxeViolations(desk, "desk route form");
    await desk.getByRole("button", { name: "Doorzetten" }).click();
    await desk
      .getByText(/Doorgezet naar Politie eenheid Amsterdam.*Wettelijke grondslag: Wpg art\. 16/)
      .waitFor();
    await desk
      .getByRole("cell", { name: /^Wpg art\. 16/ })
      .first()
      .waitFor();
    await expectNoAxeViolations(desk, "desk signal (routed)");

    // The care track as well, to the care coordination (one signal, several tracks).
    await desk.getByLabel("Spoor").selectOption("care");
    const care = desk
      .getByLabel("Team (organisatie)")
      .locator("option", { hasText: "Zorgcoördinatie Mensenhandel regio Utrecht" });
    await desk.getByLabel("Team (organisatie)").selectOption((await care.getAttribute("value"))!);
    await desk
      .getByLabel("Reden van doorzetten")
      .fill("Mogelijk slachtoffer heeft opvang nodig (synthetisch)");
    await desk.getByRole("button", { name: "Doorzetten" }).click();
    await desk
      .getByText(/Doorgezet naar Zorgcoördinatie.*\(spoor: Zorg\)\. Wettelijke grondslag: AVG/)
      .waitFor();
    await desk
      .getByRole("cell", { name: /^AVG art\. 6/ })
      .first()
      .waitFor();

    await desk.getByRole("button", { name: "English" }).click();
    await desk.getByRole("heading", { name: `Signal ${reference}` }).waitFor();
    await desk.getByRole("heading", { name: "Route to a team" }).waitFor();
    await expectNoAxeViolations(desk, "desk signal (English)");
    await desk.getByRole("button", { name: "Nederlands" }).click();
    await desk.getByRole("heading", { name: `Melding ${reference}` }).waitFor();

    // In the linked signal, the desk links the possible victim both reporters saw.
    await desk
      .getByRole("region", { name: "Mogelijke dubbele en verwante meldingen" })
      .getByRole("link", { name: duplicateReference })
      .click();
    await desk.getByRole("heading", { name: `Melding ${duplicateReference}` }).waitFor();
    const people = desk.getByRole("region", { name: "Personen uit gekoppelde meldingen" });
    await people.getByText(new RegExp(`^P-.+ \\(uit ${reference}\\)`)).waitFor();
    await expectNoAxeViolations(desk, "linked signal (people from the group)");
    await people.getByRole("button", { name: /^Koppel P-.+ aan deze melding$/ }).click();
    await desk.getByText(/^P-.+ is aan deze melding gekoppeld\.$/).waitFor();
    await desk
      .getByRole("region", { name: /^Persoon P-/ })
      .first()
      .waitFor();
  });

  it("the police team sees the routed signals and accepts this one", async () => {
    const team = await login("rechercheur@demo.samen.example");
    await nav(team, "Meldingen voor ons team").click();
    await team.getByRole("link", { name: reference }).waitFor();
    await team.getByRole("link", { name: duplicateReference }).waitFor(); // the linked signal came along
    await expectNoAxeViolations(team, "team list");
    await team.getByRole("link", { name: reference }).click();
    await team.getByRole("heading", { name: `Melding ${reference}` }).waitFor();
    await team.getByText(/Grondslag van de doorzetting: Wpg art\. 16/).waitFor();
    await team.getByText(/Uw besluit geldt voor alle 2 doorzettingen van de groep/).waitFor();
    // From an NGO's signal the police see attachments only with the victim's consent: the rules say why.
    await team.getByText(/De deelregels tonen uw organisatie geen bijlagen voor dit doel/).waitFor();
    await expectNoAxeViolations(team, "team signal");
    await team.getByRole("button", { name: "Terugleggen" }).click();
    await team.getByText("Vul een reden in om de melding terug te leggen.").waitFor();
    await expectNoAxeViolations(team, "team decision (decline without reason)");
    await team.getByRole("button", { name: "Oppakken" }).click();
    await team.getByText("U heeft de melding opgepakt. De melder ziet dit.").waitFor();
    await expectNoAxeViolations(team, "team signal (accepted)");
  });

  it("the reporter sees that the team took it on, and adds a later fact", async () => {
    await nav(reporter, "Mijn meldingen").click();
    const row = reporter.getByRole("row", { name: new RegExp(reference) });
    await row.getByText("Opgepakt door team").waitFor();
    await expectNoAxeViolations(reporter, "my signals");
    await reporter.getByRole("link", { name: reference }).click();
    await reporter.getByRole("heading", { name: `Melding ${reference}` }).waitFor();
    const routings = reporter.getByRole("group", { name: "Doorzettingen naar teams" });
    await routings.getByRole("cell", { name: "Strafrechtelijk", exact: true }).waitFor();
    await routings.getByRole("cell", { name: "Opgepakt", exact: true }).waitFor();
    await routings.getByRole("cell", { name: "Zorg", exact: true }).waitFor();
    await routings.getByRole("cell", { name: "Wacht op team", exact: true }).waitFor();
    await reporter.getByLabel("Aanvulling", { exact: true }).fill("Synthetisch: later een busje gezien.");
    await reporter.getByRole("button", { name: "Aanvulling toevoegen" }).click();
    await reporter.getByText("De aanvulling is toegevoegd.").waitFor();
    await reporter.getByText("Aanvulling van de melder.").waitFor();
    await expectNoAxeViolations(reporter, "my signal (accepted, fact added)");
  });

  it("an urgent signal alerts the region's quick-response team at once, before the desk triages it", async () => {
    const client = await journey.api("melder.rotterdam@demo.samen.example");
    const draft = await client.request("POST", "/signals/drafts", {
      municipalityCode: "GM0363", // Amsterdam: the demo's AVIM Amsterdam is on call
      forms: ["sexual"],
      narrative: "Synthetisch: een meisje wordt vannacht naar een hotel gebracht en vraagt om hulp.",
      urgency: "immediate",
    });
    expect((await client.request("POST", `/signals/drafts/${draft.json.id}/submission`)).status).toBe(200);
    const urgent = draft.json.reference as string;

    const team = await login("rechercheur@demo.samen.example");
    await nav(team, "Meldingen voor ons team").click();
    const alert = team
      .getByRole("alert")
      .filter({ hasText: "Spoed: 1 acute melding(en) wachten op uw team" });
    await alert.getByRole("link", { name: new RegExp(`^${urgent} — aannemen uiterlijk`) }).click();
    await team.getByRole("heading", { name: `Melding ${urgent}` }).waitFor();
    await team.getByText("Spoed: snelle-reactieteam gealarmeerd.").waitFor();
    await expectNoAxeViolations(team, "team signal (quick-response alert)");
    await team.getByRole("button", { name: "Oppakken" }).click();
    await team.getByText("U heeft de melding opgepakt. De melder ziet dit.").waitFor();

    // The police register the victim of a signal of their own with CoMensha, without a case.
    const police = await journey.api("rechercheur@demo.samen.example");
    const own = await police.request("POST", "/signals/drafts", {
      municipalityCode: "GM0363",
      forms: ["sexual"],
      narrative: "Synthetisch: bij een controle in een hotel een jonge vrouw aangetroffen.",
      victims: [{ alias: "Vrouw H (synthetisch)", nationality: "NG", gender: "female", ageGroup: "18-24" }],
    });
    expect((await police.request("POST", `/signals/drafts/${own.json.id}/submission`)).status).toBe(200);
    await nav(team, "Mijn meldingen").click();
    await team.getByRole("link", { name: own.json.reference }).click();
    const registration = team.getByRole("region", { name: "Registratie bij CoMensha" });
    await registration.getByRole("button", { name: /^P-.+ registreren bij CoMensha$/ }).click();
    await registration.getByText("Registratie op naam").waitFor();
    await registration
      .getByText("Waarom: uw organisatie registreert op een eigen wettelijke grondslag.")
      .waitFor();
    await expectNoAxeViolations(team, "own signal (registered with CoMensha)");

    const admin = await login("beheerder@demo.samen.example");
    await nav(admin, "Snelle-reactieteams").click();
    await admin.getByRole("cell", { name: "Piket AVIM Amsterdam (synthetisch)" }).waitFor();
    await expectNoAxeViolations(admin, "quick-response teams");
  });
});
