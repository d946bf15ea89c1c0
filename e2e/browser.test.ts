/**
 * Real-browser journeys in Debian's Chromium: log in (demo skip and real TOTP), move through every
 * page, switch language, and let axe check each page for accessibility violations.
 */
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../src/accounts/totp.rules";
import { DEMO_PASSWORD } from "../src/demo/demo.generator";
import {
  expectNoAxeViolations,
  launchBrowser,
  type Running,
  runSamen,
  startSamen,
  tempDataDir,
} from "./support";

let browser: Browser;
let server: Running;
let dir: string;
let totpUser: { email: string; password: string; secret: string };

beforeAll(async () => {
  dir = tempDataDir();
  const env = { SAMEN_DATA_DIR: dir, SAMEN_DEMO_MODE: "true" };
  expect(runSamen(["seed-demo"], env).status).toBe(0);
  // A real (non-demo) user with an authenticator app, created through the CLI.
  const orgs = runSamen(["org", "list"], env)
    .stdout.trim()
    .split("\n")
    .map((l) => l.split("\t"));
  const beheer = orgs.find(([, type]) => type === "platform_operator")!;
  const password = "een-echt-lang-wachtwoord";
  const created = runSamen(
    [
      "user",
      "create",
      "--email",
      "privacy.totp@test.samen.example",
      "--name",
      "Privacy Met App (synthetisch)",
      "--org",
      beheer[0]!,
      "--role",
      "privacy_officer",
      "--password-stdin",
      "--totp",
    ],
    env,
    `${password}\n`,
  );
  expect(created.status, created.stderr).toBe(0);
  const secret = new URL(created.stdout.match(/otpauth:\/\/\S+/)![0]).searchParams.get("secret")!;
  totpUser = { email: "privacy.totp@test.samen.example", password, secret };
  server = await startSamen(env);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("web journeys", () => {
  it("a demo administrator logs in, visits every page, switches language; axe finds nothing", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await page.locator("html").getAttribute("lang")).toBe("nl");
    await page.getByRole("heading", { name: "Aanmelden" }).waitFor();
    await expectNoAxeViolations(page, "login");
    // Bad credentials: a clear message, in Dutch.
    await page.getByLabel("E-mailadres").fill("beheerder@demo.samen.example");
    await page.getByLabel("Wachtwoord").fill("verkeerd-wachtwoord");
    await page.getByRole("button", { name: "Aanmelden" }).click();
    await page.getByRole("alert").getByText("E-mailadres of wachtwoord onjuist.").waitFor();
    await expectNoAxeViolations(page, "login error");
    await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Aanmelden" }).click();
    await page.getByRole("heading", { name: "Tweede factor instellen" }).waitFor();
    await page.getByText("Demo-omgeving.").waitFor();
    await expectNoAxeViolations(page, "enrol");
    await page.getByRole("button", { name: "Overslaan (alleen demo)" }).click();
    await page.getByRole("heading", { name: "Startpagina" }).waitFor();
    await expectNoAxeViolations(page, "home");
    const nav = page.getByRole("navigation", { name: "Hoofdmenu" });
    await nav.getByRole("link", { name: "Beheer" }).click();
    await page.getByRole("heading", { name: "Organisaties" }).waitFor();
    await page.getByRole("cell", { name: "Bram Beheerder (synthetisch)" }).waitFor();
    await expectNoAxeViolations(page, "admin");
    // A form error shows the offending field.
    await page.getByRole("button", { name: "Aanmaken" }).first().click();
    await page.getByRole("alert").first().waitFor();
    await expectNoAxeViolations(page, "admin with errors");
    await nav.getByRole("link", { name: "Regio's" }).click();
    await page.getByRole("heading", { name: "Zorgcoördinatieregio's" }).waitFor();
    await page.getByText("Let op: dit is een voorbeeldindeling").first().waitFor();
    await expectNoAxeViolations(page, "regions");
    // The administrator replaces the RIEC regions with a file; a bad file changes nothing.
    const file = (set: unknown) => ({
      name: "riec.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(set)),
    });
    await page.getByLabel("Regiobestand (JSON)").setInputFiles(
      file({
        kind: "riec_regions",
        isExample: false,
        source: "Test (synthetisch)",
        regions: [{ code: "riec-x", name: "RIEC X", municipalities: ["GM9999"] }],
      }),
    );
    await page.getByRole("button", { name: "Vervangen" }).click();
    await page.getByRole("alert").getByText("unknown municipality GM9999", { exact: false }).waitFor();
    await expectNoAxeViolations(page, "regions import error");
    await page.getByLabel("Regiobestand (JSON)").setInputFiles(
      file({
        kind: "riec_regions",
        isExample: false,
        source: "Test (synthetisch)",
        regions: [{ code: "riec-noord-test", name: "RIEC Noord (test)", municipalities: ["GM0014"] }],
      }),
    );
    await page.getByRole("button", { name: "Vervangen" }).click();
    await page.getByRole("cell", { name: "RIEC Noord (test)" }).waitFor();
    await page.goto(`${server.url}/bestaat-niet`);
    await page.getByText("Deze pagina bestaat niet.").waitFor();
    await expectNoAxeViolations(page, "not found");
    // Switch to English: every text follows, and the document language changes.
    await page.getByRole("button", { name: "English" }).click();
    await page.getByText("This page does not exist.").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page
      .getByRole("navigation", { name: "Main menu" })
      .getByRole("link", { name: "Administration" })
      .click();
    await page.getByRole("heading", { name: "Organisations" }).waitFor();
    await expectNoAxeViolations(page, "admin (en)");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    await context.close();
  });

  it("a privacy officer logs in with a TOTP code and verifies the audit chain, on a phone-sized screen", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel("E-mailadres").fill(totpUser.email);
    await page.getByLabel("Wachtwoord").fill(totpUser.password);
    await page.getByRole("button", { name: "Aanmelden" }).click();
    await page.getByRole("heading", { name: "Code invoeren" }).waitFor();
    await expectNoAxeViolations(page, "code");
    await page.getByLabel("Code (6 cijfers)").fill(totpCode(totpUser.secret));
    await page.getByRole("button", { name: "Controleren" }).click();
    await page.getByRole("heading", { name: "Startpagina" }).waitFor();
    await page
      .getByRole("navigation", { name: "Hoofdmenu" })
      .getByRole("link", { name: "Audittrail" })
      .click();
    await page.getByRole("heading", { name: "Audittrail" }).waitFor();
    await page.getByRole("cell", { name: "session.second_factor_verified" }).first().waitFor();
    await page.getByRole("button", { name: "Keten controleren" }).click();
    await page.getByText(/Alle \d+ regels zijn intact\./).waitFor();
    await expectNoAxeViolations(page, "audit");
    // Role-aware navigation: no administration for the privacy officer.
    expect(
      await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Beheer" }).count(),
    ).toBe(0);
    await context.close();
  });
});
