import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoJourney, expectNoAxeViolations, type HttpClient } from "./support";

const journey = demoJourney();

const UTRECHT = "zorgcoordinator@demo.samen.example";
const GRONINGEN = "zorgcoordinator.groningen@demo.samen.example";

function login(email: string): Promise<Page> {
  return journey.login(email);
}

function apiAs(email: string): Promise<HttpClient> {
  return journey.api(email);
}

function nav(page: Page, name: string) {
  return page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name, exact: true });
}

/** The Utrecht coordination's case numbers, through the API. */
async function caseNumbers(): Promise<string[]> {
  const coordinator = await apiAs(UTRECHT);
  return (await coordinator.request("GET", "/cases")).json.items.map(
    (c: { caseNumber: string }) => c.caseNumber,
  );
}

/** Whether the document is wider than the window, i.e. the page scrolls sideways. */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

/** Picks the Groningen coordination as the receiving organisation, once the options are there. */
async function chooseGroningen(section: Locator): Promise<void> {
  const to = section.getByLabel("Naar organisatie");
  const option = to.getByRole("option", { name: /regio Groningen/ });
  await option.waitFor({ state: "attached" });
  await to.selectOption({ label: (await option.textContent())! });
}

/** A date `days` before today, `YYYY-MM-DD`. */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

describe("care screens", () => {
  let signal: { id: string; reference: string };
  let phone: Page;
  let utrecht: Page;
  let groningen: Page;
  /** The first group's case numbers, in row order. */
  let group: string[] = [];

  it("set-up through the API: the coordinator files the signal of a labour inspection in Utrecht", async () => {
    const coordinator = await apiAs(UTRECHT);
    const draft = await coordinator.request("POST", "/signals/drafts", {
      municipalityCode: "GM0344",
      observedOn: daysAgo(1),
      forms: ["labour"],
      narrative: "Synthetisch: controle bij een distributiecentrum, veel uitzendkrachten in één loods.",
    });
    expect(draft.status, JSON.stringify(draft.json)).toBe(201);
    expect((await coordinator.request("POST", `/signals/drafts/${draft.json.id}/submission`)).status).toBe(
      200,
    );
    signal = { id: draft.json.id, reference: draft.json.reference };
    // A shelter publishes temporary places for a large group.
    const shelter = await apiAs("opvang@demo.samen.example");
    const place = await shelter.request("POST", "/shelter-places", {
      name: "Groepsopvang Hal 3 (synthetisch)",
      placeType: "temporary_large_group",
      capacity: 20,
      minAge: 18,
    });
    expect(place.status, JSON.stringify(place.json)).toBe(201);
  });

  it("large group on a phone: shared fields from the signal, rows added with focus and removed, no sideways scrolling", async () => {
    phone = await login(UTRECHT);
    await phone.setViewportSize({ width: 375, height: 667 });
    await nav(phone, "Dossiers").click();
    await phone.getByRole("link", { name: "Grote groep opnemen" }).click();
    await phone.getByRole("heading", { name: "Grote groep opnemen", level: 1 }).waitFor();
    await phone.getByRole("option", { name: new RegExp(signal.reference) }).waitFor({ state: "attached" });
    expect(await scrollsSideways(phone)).toBe(false);
    await expectNoAxeViolations(phone, "large group (empty)");

    await phone.getByLabel("Melding", { exact: true }).selectOption(signal.id);
    // The signal fills in where and what.
    expect(await phone.getByLabel("Gemeentecode waar aangetroffen").inputValue()).toBe("GM0344");
    expect(await phone.getByLabel("Arbeidsuitbuiting").isChecked()).toBe(true);

    const person = (n: number) => phone.getByRole("group", { name: `Persoon ${n}`, exact: true });
    await person(1).getByLabel("Nummer").fill("W-1");
    await person(1).getByLabel("Nationaliteit").fill("RO");
    await person(1).getByLabel("Talen").fill("ro");
    await person(2).getByLabel("Nummer").fill("W-2");
    await person(2).getByLabel("Geslacht").selectOption("female");
    await person(2).getByLabel("Leeftijd (geschat)").selectOption("minor");
    await person(2).getByLabel("Nationaliteit").fill("BG");
    for (const n of [3, 4]) {
      await phone.getByRole("button", { name: "Persoon toevoegen" }).click();
      await person(n).waitFor();
      // The new row's first field has the focus: the next person can be typed at once.
      await expect.poll(() => isFocused(person(n).getByLabel("Nummer"))).toBe(true);
    }
    await phone.getByText("Aantal personen: 4").waitFor();
    await person(4).getByRole("button", { name: "Persoon 4 verwijderen" }).click();
    await phone.getByText("Aantal personen: 3").waitFor();
    await person(4).waitFor({ state: "detached" });
    // A nickname that is an e-mail address: refused, never stored.
    await person(3).getByLabel("Bijnaam").fill("jan@example.test");
    await person(3).getByLabel("Nationaliteit").fill("PL");
    expect(await scrollsSideways(phone)).toBe(false);
    await expectNoAxeViolations(phone, "large group (three persons)");
  });

  it("a bad row: the refusal stands beside that row, nothing is created and nothing is lost", async () => {
    const before = await caseNumbers();
    await phone.getByRole("button", { name: "Groep opslaan en dossiers openen" }).click();
    const message = "Dit lijkt op een e-mailadres of telefoonnummer; gebruik een bijnaam of nummer.";
    const person = (n: number) => phone.getByRole("group", { name: `Persoon ${n}`, exact: true });
    await person(3).getByText(message).waitFor();
    expect(await person(1).getByText(message).count()).toBe(0);
    expect(await person(2).getByText(message).count()).toBe(0);
    // The summary names the row and links to its field.
    const summary = phone.getByRole("alert").filter({ hasText: "De groep is niet opgeslagen" });
    await summary.getByRole("link", { name: `Persoon 3, Bijnaam: ${message}` }).waitFor();
    expect(await person(1).getByLabel("Nummer").inputValue()).toBe("W-1");
    expect(await person(2).getByLabel("Leeftijd (geschat)").inputValue()).toBe("minor");
    expect(await person(3).getByLabel("Bijnaam").inputValue()).toBe("jan@example.test");
    expect(await caseNumbers()).toEqual(before);
    expect(await scrollsSideways(phone)).toBe(false);
    await expectNoAxeViolations(phone, "large group (row error)");
  });

  it("the answer is lost on the way back: the retry opens the group once, and the result lists every case", async () => {
    const before = await caseNumbers();
    const person = (n: number) => phone.getByRole("group", { name: `Persoon ${n}`, exact: true });
    await person(3).getByLabel("Bijnaam").fill("Jan");
    // The server opens the group, but the browser never hears back.
    let reached = 0;
    await phone.route(
      "**/api/v1/cases/large-groups",
      async (route) => {
        reached++;
        await route.fetch();
        await route.abort("connectionreset");
      },
      { times: 1 },
    );
    await phone.getByRole("button", { name: "Groep opslaan en dossiers openen" }).click();
    await phone.getByText(/Er kwam geen antwoord van de server/).waitFor();
    expect(reached).toBe(1);
    const stored = await caseNumbers();
    expect(stored.length).toBe(before.length + 3); // stored, though the browser does not know
    expect(await person(3).getByLabel("Bijnaam").inputValue()).toBe("Jan");
    await expectNoAxeViolations(phone, "large group (answer lost)");

    await phone.getByRole("button", { name: "Groep opslaan en dossiers openen" }).click();
    await phone.getByText("De dossiers zijn geopend: 3.").waitFor();
    expect((await caseNumbers()).length).toBe(before.length + 3); // the retry opened nothing again
    const items = phone.getByRole("list").filter({ hasText: "W-1:" }).getByRole("listitem");
    expect(await items.count()).toBe(3);
    group = (await items.getByRole("link").allTextContents()).map((s) => s.trim());
    expect(group).toHaveLength(3);
    expect(stored.filter((n) => !before.includes(n)).sort()).toEqual([...group].sort());
    expect(await items.first().textContent()).toMatch(/^W-1: MH-/);
    expect(await items.nth(2).textContent()).toMatch(/^Jan: MH-/);
    // The temporary-shelter request: the minor on a youth-care line of its own.
    await phone.getByRole("heading", { name: "Aanvraag tijdelijke opvang" }).waitFor();
    await phone.getByText("Jeugdhulp (open) — personen: 1").waitFor();
    await phone.getByText(/Tijdelijke opvang grote groep — personen: 2/).waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    await expectNoAxeViolations(phone, "large group (opened)");

    // The request made real: one request for the two adults to the group shelter.
    const adults = phone.locator(".samen-section").filter({
      has: phone.getByRole("heading", { name: "Tijdelijke opvang voor de volwassenen (2)" }),
    });
    const option = adults.getByRole("option", { name: /Groepsopvang Hal 3 \(synthetisch\)/ });
    await option.waitFor({ state: "attached" });
    await adults.getByLabel("Opvangplaats").selectOption({ label: (await option.textContent())! });
    await adults.getByRole("button", { name: "Opvang aanvragen voor 2 personen" }).click();
    await adults.getByText(/^2 verzoeken verstuurd naar .*Groepsopvang Hal 3/).waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    await expectNoAxeViolations(phone, "large group (shelter requested)");
    const shelter = await apiAs("opvang@demo.samen.example");
    const received = (await shelter.request("GET", "/placements")).json.items;
    expect(received.filter((p: { status: string }) => p.status === "requested")).toHaveLength(2);
  });

  it("a double submit of the next group opens it once", async () => {
    const before = await caseNumbers();
    await phone.getByRole("button", { name: "Nog een groep opnemen" }).click();
    const person = (n: number) => phone.getByRole("group", { name: `Persoon ${n}`, exact: true });
    await person(1).waitFor();
    expect(await person(1).getByLabel("Nummer").inputValue()).toBe("");
    await phone.getByLabel("Melding", { exact: true }).selectOption(signal.id);
    await person(1).getByLabel("Nummer").fill("X-1");
    await person(2).getByLabel("Nummer").fill("X-2");
    await phone.getByLabel("Tijdelijke opvang aanvragen voor deze groep").uncheck();
    // Two submits in the same moment, before the page can disable the button.
    await phone.locator("#group-form").evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
    });
    await phone.getByText("De dossiers zijn geopend: 2.").waitFor();
    expect((await caseNumbers()).length).toBe(before.length + 2);
    expect(await phone.getByRole("heading", { name: "Aanvraag tijdelijke opvang" }).count()).toBe(0);
  });

  it("transfer: the holder asks Groningen, sees the pending request and withdraws it", async () => {
    utrecht = await login(UTRECHT);
    await nav(utrecht, "Dossiers").click();
    await utrecht.getByRole("link", { name: group[0]!, exact: true }).click();
    await utrecht.getByRole("heading", { name: `Dossier ${group[0]}`, level: 2 }).waitFor();
    const section = utrecht.getByRole("region", { name: "Overdracht aan een andere zorgcoördinator" });
    await section
      .getByText(/Wat u daarna nog ziet\. Na de overdracht ziet uw organisatie dit dossier niet meer/)
      .waitFor();
    await chooseGroningen(section);
    await section.getByLabel("Reden van overdracht").selectOption("other");
    await section.getByRole("button", { name: "Overdracht aanvragen" }).click();
    await section.locator("#transfer-note-error").getByText("Vul een toelichting in").waitFor();
    await expectNoAxeViolations(utrecht, "case (transfer without the note)");
    await section.getByLabel("Reden van overdracht").selectOption("victim_moved");
    await section.getByRole("button", { name: "Overdracht aanvragen" }).click();
    await section.getByText("Het overdrachtsverzoek is verstuurd.").waitFor();
    const open = section.getByTestId("transfer-open");
    await open.getByText(/Aangevraagd bij Zorgcoördinatie Mensenhandel regio Groningen/).waitFor();
    await open.getByText("Aangevraagd, wacht op besluit").waitFor();
    await expectNoAxeViolations(utrecht, "case (transfer requested)");
    await open.getByRole("button", { name: "Overdrachtsverzoek intrekken" }).click();
    await section.getByRole("button", { name: "Ja, intrekken" }).click();
    await section.getByText("Het overdrachtsverzoek is ingetrokken.").waitFor();
    await section.getByRole("heading", { name: "Eerdere overdrachtsverzoeken" }).waitFor();
    await section.getByRole("listitem").filter({ hasText: "Status: Ingetrokken" }).waitFor();
    // A new request can go out at once.
    await chooseGroningen(section);
    await section.getByLabel("Reden van overdracht").selectOption("victim_moved");
    await section.getByRole("button", { name: "Overdracht aanvragen" }).click();
    await section.getByTestId("transfer-open").waitFor();
  });

  it("transfer: Groningen declines with the reason 'other' and a note; the sender reads why", async () => {
    groningen = await login(GRONINGEN);
    await nav(groningen, "Dossiers").click();
    const request = groningen.getByTestId(`incoming-${group[0]}`);
    await request.waitFor();
    await request.getByText(/van Zorgcoördinatie Mensenhandel regio Utrecht/).waitFor();
    await expectNoAxeViolations(groningen, "dossiers (incoming transfer)");
    await request.getByRole("button", { name: `Afwijzen (${group[0]})` }).click();
    await request.getByRole("button", { name: "Afwijzen", exact: true }).click();
    await request.locator("[id$='-reason-error']").getByText("Kies een reden.").waitFor();
    await request.getByLabel("Reden van afwijzen").selectOption("other");
    await request.getByRole("button", { name: "Afwijzen", exact: true }).click();
    await request
      .locator("[id$='-note-error']")
      .getByText(/Vul een toelichting in/)
      .waitFor();
    await expectNoAxeViolations(groningen, "dossiers (decline without a note)");
    await request
      .getByLabel("Toelichting bij het afwijzen")
      .fill("Synthetisch: eerst overleg over de woonplaats.");
    await request.getByRole("button", { name: "Afwijzen", exact: true }).click();
    await groningen.getByText("Het verzoek is afgewezen. De aanvrager blijft de zorgcoördinator.").waitFor();

    await utrecht.reload();
    const section = utrecht.getByRole("region", { name: "Overdracht aan een andere zorgcoördinator" });
    await section
      .getByRole("listitem")
      .filter({ hasText: "Status: Afgewezen" })
      .filter({ hasText: "Anders" })
      .waitFor();
    await utrecht
      .getByText(/Overdracht afgewezen: Anders \(Synthetisch: eerst overleg over de woonplaats\.\)/)
      .waitFor();
    await expectNoAxeViolations(utrecht, "case (transfer declined)");
  });

  it("transfer: asked again, Groningen accepts and takes over; Utrecht keeps only the transfer in its list", async () => {
    const section = utrecht.getByRole("region", { name: "Overdracht aan een andere zorgcoördinator" });
    await chooseGroningen(section);
    await section.getByLabel("Reden van overdracht").selectOption("safety_relocation");
    await section.getByRole("button", { name: "Overdracht aanvragen" }).click();
    await section.getByTestId("transfer-open").waitFor();

    await groningen.reload();
    const request = groningen.getByTestId(`incoming-${group[0]}`);
    await request.getByRole("button", { name: `Accepteren en overnemen (${group[0]})` }).click();
    await request.getByText(/Accepteren rondt de overdracht meteen af/).waitFor();
    await expectNoAxeViolations(groningen, "dossiers (accept question)");
    await request.getByRole("button", { name: "Ja, overnemen" }).click();
    await groningen
      .getByText(`Het dossier ${group[0]} is overgenomen; uw organisatie is nu de zorgcoördinator.`)
      .waitFor();
    // The case is Groningen's now: in its list, and open to it.
    const table = groningen.getByRole("region", { name: "Dossiers" });
    await table.getByRole("link", { name: group[0]!, exact: true }).waitFor();
    await groningen.getByRole("link", { name: `Dossier ${group[0]} openen` }).click();
    await groningen.getByRole("heading", { name: `Dossier ${group[0]}`, level: 2 }).waitFor();
    await groningen.getByText(/Dossier overgedragen/).waitFor();
    await expectNoAxeViolations(groningen, "case (taken over)");

    // Utrecht no longer holds it: not in its list, not readable; the transfer stays, completed.
    expect(await caseNumbers()).not.toContain(group[0]);
    const holder = await apiAs(GRONINGEN);
    expect(
      (await holder.request("GET", "/cases")).json.items.map((c: { caseNumber: string }) => c.caseNumber),
    ).toContain(group[0]);
    await nav(utrecht, "Dossiers").click();
    await utrecht.getByRole("heading", { name: "Overdrachten", level: 2 }).waitFor();
    expect(
      await utrecht.getByRole("region", { name: "Dossiers" }).getByRole("link", { name: group[0]! }).count(),
    ).toBe(0);
    await utrecht
      .getByRole("row")
      .filter({ hasText: group[0]! })
      .filter({ hasText: "Afgerond, dossier overgenomen" })
      .waitFor();
    await expectNoAxeViolations(utrecht, "dossiers (transfer completed)");
  });

  it("care plan: needs assessed, a service with a provider and an agreed date that has passed", async () => {
    await utrecht.getByRole("link", { name: group[1]!, exact: true }).click();
    await utrecht.getByRole("heading", { name: `Dossier ${group[1]}`, level: 2 }).waitFor();
    const plan = utrecht.getByRole("region", { name: "Zorgplan" });
    await plan.getByText("Er zijn nog geen behoeften vastgesteld.").waitFor();
    await plan.getByLabel("Medische zorg", { exact: true }).check();
    await plan.getByLabel("Juridische hulp", { exact: true }).check();
    await plan.getByRole("button", { name: "Behoeften vastleggen" }).click();
    await plan.getByText("De behoeften zijn vastgelegd.").waitFor();
    await plan.getByText("Nog zonder dienst: Medische zorg, Juridische hulp.").waitFor();
    await expectNoAxeViolations(utrecht, "case (needs assessed)");

    await plan.getByLabel("Behoefte", { exact: true }).selectOption("medical");
    await plan.getByLabel("Aanbieder").selectOption({ label: "Gemeente Utrecht (synthetisch)" });
    await plan.getByLabel("Afgesproken datum (niet verplicht)").fill(daysAgo(3));
    await plan
      .getByLabel("Notitie (niet verplicht)")
      .fill("Synthetisch: huisarts in de wijk, tolk Bulgaars.");
    await plan.getByRole("button", { name: "Dienst toevoegen" }).click();
    await plan.getByText("De dienst is toegevoegd.").waitFor();
    const service = plan.getByRole("article", { name: "Medische zorg — Gemeente Utrecht (synthetisch)" });
    await service.getByText("Synthetisch: huisarts in de wijk, tolk Bulgaars.").waitFor();
    await service.getByText("Gepland", { exact: true }).waitFor();
    await plan.getByText("Nog zonder dienst: Juridische hulp.").waitFor();
    // Exactly the steps the transition table allows from "planned".
    const steps = () =>
      service.getByRole("group", { name: "Volgende stap" }).getByRole("button").allTextContents();
    expect(await steps()).toEqual(["Aanvragen", "Starten", "Annuleren"]);
    await plan
      .getByTestId("plan-reminders")
      .getByText(/Medische zorg: de afgesproken datum .* is voorbij/)
      .waitFor();
    await expectNoAxeViolations(utrecht, "case (service planned, reminder)");
  });

  it("care plan: the service moves along the allowed steps; marking it stalled asks for a reason", async () => {
    const plan = utrecht.getByRole("region", { name: "Zorgplan" });
    const service = plan.getByRole("article", { name: "Medische zorg — Gemeente Utrecht (synthetisch)" });
    const steps = () =>
      service.getByRole("group", { name: "Volgende stap" }).getByRole("button").allTextContents();
    await service.getByRole("button", { name: "Aanvragen" }).click();
    await service.getByText("Aangevraagd", { exact: true }).waitFor();
    await expect.poll(steps).toEqual(["Starten", "Markeren als stokkend", "Annuleren"]);
    await service.getByRole("button", { name: "Markeren als stokkend" }).click();
    await service.getByRole("button", { name: "Markeren als stokkend bevestigen" }).click();
    await service.getByText("Vul een reden in.").waitFor();
    await expectNoAxeViolations(utrecht, "case (stalled without a reason)");
    await service
      .getByLabel("Reden voor: Markeren als stokkend")
      .fill("Synthetisch: de huisarts belt niet terug.");
    await service.getByRole("button", { name: "Markeren als stokkend bevestigen" }).click();
    await service.getByText("Stokt", { exact: true }).waitFor();
    await expect.poll(steps).toEqual(["Hervatten", "Opnieuw aanvragen", "Annuleren"]);
    await utrecht
      .getByText(
        /Dienst gewijzigd: Medische zorg, Aangevraagd → Stokt \(Synthetisch: de huisarts belt niet terug\.\)/,
      )
      .waitFor();
    // Dutch first, English complete.
    await utrecht.getByRole("button", { name: "English" }).click();
    await utrecht
      .getByRole("region", { name: "Care plan" })
      .getByRole("heading", { name: "Services" })
      .waitFor();
    await expectNoAxeViolations(utrecht, "case (care plan, English)");
    await utrecht.getByRole("button", { name: "Nederlands" }).click();
    await plan.waitFor();
  });

  it("the reminder is on the coordinator's deadlines page too, with a link to the case", async () => {
    await utrecht.getByRole("link", { name: "Termijnen" }).first().click();
    await utrecht.getByRole("heading", { name: "Termijnen", level: 1 }).waitFor();
    const reminders = utrecht.getByRole("region", { name: "Tabel: diensten zonder voortgang" });
    const row = reminders.getByRole("row").filter({ hasText: group[1]! });
    await row.filter({ hasText: "Medische zorg" }).filter({ hasText: "Stokt" }).waitFor();
    await expectNoAxeViolations(utrecht, "deadlines (with care reminders)");
    await row.getByRole("link", { name: group[1]! }).click();
    await utrecht.getByRole("heading", { name: `Dossier ${group[1]}`, level: 2 }).waitFor();
  });
});
