/**
 * The dark-number pages in Debian's Chromium: the statistician opens a linkage round; a police
 * investigator and a care coordinator each submit their organisation's encodings through the file
 * input; the statistician links them, reads the diagnostics and the table with small cells shown as
 * "<10", and estimates from it; then uploads a published table (UK 2013) and runs the stepwise
 * method, runs a stratified table with its interval plot, and opens a saved run in English. Axe
 * checks every page state. All data are synthetic or published aggregates.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoJourney, expectNoAxeViolations } from "./support";

const PPRL = path.resolve("test/fixtures/pprl/linkage_l2_small_s2");
const UKDAT = path.resolve("test/fixtures/mse/UKdat.csv");
const ROUND = "Ronde 2026 (synthetisch)";

const journey = demoJourney();

/** Logs a demo user in (demo mode lets them skip the second factor) and returns the start page. */
function login(email: string): Promise<Page> {
  return journey.login(email);
}

function nav(page: Page) {
  return page.getByRole("navigation", { name: "Hoofdmenu" });
}

/** The value shown for a term in a description list. */
function figure(page: Page, term: string) {
  return page.locator("dt", { hasText: term }).locator("xpath=following-sibling::dd[1]").first();
}

describe("dark-number pages", () => {
  let statistician: Page;

  it("the statistician opens a linkage round (a missing name is named plainly)", async () => {
    statistician = await login("statisticus@demo.samen.example");
    // Submitting is for organisations that hold registrations, not for the statistician.
    expect(await nav(statistician).getByRole("link", { name: "Aanleveren voor koppeling" }).count()).toBe(0);
    await nav(statistician).getByRole("link", { name: "Koppeling" }).click();
    await statistician.getByRole("heading", { name: "Koppeling", level: 1 }).waitFor();
    await statistician.getByText("Er zijn nog geen koppelrondes.").waitFor();
    await expectNoAxeViolations(statistician, "linkage, empty");
    await statistician.getByRole("button", { name: "Ronde openen" }).click();
    await statistician.getByText("Geef de ronde een naam van minstens twee tekens.").waitFor();
    await expectNoAxeViolations(statistician, "linkage, form error");
    await statistician.getByLabel("Naam", { exact: true }).fill(ROUND);
    await statistician.getByRole("button", { name: "Ronde openen" }).click();
    await statistician.getByRole("heading", { name: `Ronde: ${ROUND}` }).waitFor();
    await statistician.getByText("Nog geen aanleveringen.", { exact: false }).waitFor();
    expect(await statistician.getByRole("button", { name: "Koppelen" }).isDisabled()).toBe(true);
    await expectNoAxeViolations(statistician, "linkage, round open");
  });

  it("two organisations submit their encodings (and coarse covariates) through the file inputs", async () => {
    for (const [email, list, file, count] of [
      ["rechercheur@demo.samen.example", "politie", "clks_A.json", 150],
      ["zorgcoordinator@demo.samen.example", "zorg", "clks_B.json", 130],
    ] as const) {
      const page = await login(email);
      expect(await nav(page).getByRole("link", { name: "Schatting" }).count()).toBe(0);
      await nav(page).getByRole("link", { name: "Aanleveren voor koppeling" }).click();
      await page.getByRole("heading", { name: "Aanleveren voor koppeling", level: 1 }).waitFor();
      await page.getByText("Alleen encoderingen verlaten uw organisatie").waitFor();
      await expect.poll(() => page.getByLabel("Koppelronde").inputValue()).not.toBe("");
      if (list === "politie") {
        // Submitting without a file: each missing piece is named.
        await page.getByRole("button", { name: "Aanleveren" }).click();
        await page.getByText("Kies het bestand clks.json.").waitFor();
        await expectNoAxeViolations(page, "submit, errors");
      }
      await page.getByLabel("Naam van uw lijst").fill(list);
      await page.getByLabel("Encoderingen (clks.json)").setInputFiles(path.join(PPRL, file));
      await page.getByText(`Gelezen: ${file} met ${count} encoderingen.`).waitFor();
      // Coarse covariates (synthetic): year and form split the table into strata with small cells.
      const covariates = path.join(journey.dir, `covariates_${list}.csv`);
      const rows = Array.from(
        { length: count },
        (_, i) => `${i % 2 ? 2025 : 2026},${i % 7 ? "labour" : "sexual"}`,
      );
      fs.writeFileSync(covariates, `year,form\n${rows.join("\n")}\n`);
      await page.getByLabel("Kenmerken (CSV, niet verplicht)").setInputFiles(covariates);
      await page.getByRole("button", { name: "Aanleveren" }).click();
      await page.getByText(`Aangeleverd: ${count} encoderingen voor de lijst ${list}`).waitFor();
      await expectNoAxeViolations(page, `submit, done (${list})`);
    }
  });

  it("the statistician links the round, reads the diagnostics with small cells suppressed, and estimates", async () => {
    const page = statistician;
    await page.getByRole("button", { name: "Aanleveringen verversen" }).click();
    await page.getByRole("cell", { name: "politie", exact: true }).waitFor();
    await page.getByRole("cell", { name: "zorg", exact: true }).waitFor();
    await page.getByRole("button", { name: "Koppelen" }).click();
    await page.getByRole("heading", { name: "Diagnostiek van de koppeling" }).waitFor();
    const groups = (
      JSON.parse(fs.readFileSync(path.join(PPRL, "groups_t0.80.json"), "utf8")) as { groups: unknown[] }
    ).groups.length;
    expect(await figure(page, "Groepen (gekoppelde personen)").textContent()).toBe(String(groups));
    expect(await figure(page, "Waargenomen personen").textContent()).toBe(String(150 + 130 - groups));
    await page.getByRole("table", { name: "Overeenkomst van de kandidaatparen" }).waitFor();
    await page.getByText(/Aantallen onder 10 staan als "<10"/).waitFor();
    const table = page.getByRole("group", { name: "Tabel van vangstgeschiedenissen" });
    expect(await table.getByRole("cell", { name: /^<10/ }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, "linkage, linked");

    await page.getByRole("link", { name: "Schatten met deze tabel" }).click();
    await page.getByRole("heading", { name: "Schatting van het dark number" }).waitFor();
    await expect
      .poll(() => page.getByLabel("Gekoppelde ronde").locator("option:checked").textContent())
      .toBe(ROUND);
    await page.getByLabel("Hoofdeffecten (onafhankelijke lijsten)").check();
    await page.getByLabel("Lognormaal").check();
    await expectNoAxeViolations(page, "estimate, linked round chosen");
    await page.getByRole("button", { name: "Schatten", exact: true }).click();
    await page.getByRole("heading", { name: "Uitkomst" }).waitFor();
    // Two lists, independence: Lincoln–Petersen nA·nB / m.
    const expected = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 }).format(
      (150 * 130) / groups,
    );
    expect(await figure(page, "Geschatte omvang").textContent()).toBe(expected);
    await page.getByText(`Geschat: ${expected} personen (95%-interval`).waitFor();
    await expectNoAxeViolations(page, "estimate, from linkage");
  });

  it("the statistician uploads a published table, runs stepwise, then a stratified table with its plot", async () => {
    const page = statistician;
    await page.getByLabel("Een tabel uploaden (CSV)").check();
    // A table with a negative count is refused with its line, after a plain sentence.
    const bad = path.join(journey.dir, "bad.csv");
    fs.writeFileSync(bad, "politie,zorg,count\n1,0,5\n0,1,-3\n");
    await page.getByLabel("CSV-bestand").setInputFiles(bad);
    await page.getByRole("button", { name: "Schatten", exact: true }).click();
    await page.getByRole("alert").getByText("De tabel kan niet worden gebruikt: line 3:").waitFor();
    await expectNoAxeViolations(page, "estimate, bad table");
    await page.getByLabel("CSV-bestand").setInputFiles(UKDAT);
    await page.getByText("Gelezen: UKdat.csv — 25 rijen, kolommen LA, NG, PF, GO, GP, NCA, count.").waitFor();
    await page.getByLabel("Stapsgewijs (p-waarde)").check();
    await page.getByLabel("Drempel voor de p-waarde").waitFor();
    await page.getByRole("button", { name: "Schatten", exact: true }).click();
    await page.getByText("Geschat: 11.418 personen (95%-interval 9.977 tot 13.146)").waitFor();
    await page.getByRole("heading", { name: "Kandidaatmodellen" }).waitFor();
    await page.getByRole("heading", { name: "Stappen van de modelkeuze" }).waitFor();
    expect(await figure(page, "Vrijheidsgraden").textContent()).toBe("49");
    await expectNoAxeViolations(page, "estimate, stepwise");

    // A synthetic table with two years: one estimate per stratum, an interval plot and its table.
    const stratified = path.join(journey.dir, "strata.csv");
    fs.writeFileSync(
      stratified,
      "politie,zorg,inspectie,stratum,count\n1,0,0,2025,30\n0,1,0,2025,40\n0,0,1,2025,25\n1,1,0,2025,10\n" +
        "1,0,1,2025,8\n0,1,1,2025,9\n1,1,1,2025,3\n1,0,0,2026,50\n0,1,0,2026,45\n0,0,1,2026,35\n" +
        "1,1,0,2026,12\n1,0,1,2026,7\n0,1,1,2026,11\n1,1,1,2026,4\n",
    );
    await page.getByLabel("CSV-bestand").setInputFiles(stratified);
    await page.getByText("Gelezen: strata.csv — 14 rijen").waitFor();
    expect(await page.getByLabel("Per stratum schatten").isChecked()).toBe(true);
    await page.getByLabel("Hoofdeffecten (onafhankelijke lijsten)").check();
    await page.getByRole("button", { name: "Schatten", exact: true }).click();
    await page.getByRole("heading", { name: "Per stratum" }).waitFor();
    const plot = page.getByRole("img", { name: /^Schatting per stratum met betrouwbaarheidsinterval/ });
    expect(await plot.getAttribute("aria-label")).toMatch(
      /2025: \d+ \(interval \d+ – \d+\), waargenomen 125/,
    );
    await page
      .getByRole("table", { name: "Schatting per stratum" })
      .getByRole("rowheader", { name: "2026" })
      .waitFor();
    await expectNoAxeViolations(page, "estimate, stratified");
  });

  it("a saved run opens with its input and settings, in English too", async () => {
    const page = statistician;
    const saved = page.getByRole("region", { name: "Bewaarde schattingen" });
    await expect.poll(() => saved.getByRole("row").count()).toBe(4); // header + three runs
    // The runs are newest first: the UK table is the second.
    await saved
      .getByRole("button", { name: /^Openen/ })
      .nth(1)
      .click();
    await page.getByRole("heading", { name: /^Bewaarde schatting van/ }).waitFor();
    await page.getByText("LA,NG,PF,GO,GP,NCA,count").waitFor();
    expect(await figure(page, "Methode").textContent()).toBe("Stapsgewijs (p-waarde)");
    await expectNoAxeViolations(page, "saved run");

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: /^Saved estimate of/ }).waitFor();
    await page.getByText("Estimated: 11,418 people (95% interval 9,977 to 13,146)").first().waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await expectNoAxeViolations(page, "saved run (en)");
    await page.getByRole("button", { name: "Use this input and these settings again" }).click();
    await page.getByText(/^Read: input of the estimate of .* — 25 rows/).waitFor();
    expect(await page.getByLabel("Stepwise (p-value)").isChecked()).toBe(true);
  });
});
