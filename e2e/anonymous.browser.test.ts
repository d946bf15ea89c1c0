/**
 * The anonymous public intake in Debian's Chromium, without logging in: a member of the public reads
 * the explanation (also in other languages), files a report and gets a receipt code in large digits;
 * the signal desk asks a question through the API; the reporter returns with the code, reads the
 * question and answers it. No cookie is set, and the server's log holds neither the code nor the
 * browser's user agent. Axe checks every page state. All data are synthetic.
 */
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../src/demo/demo.generator";
import {
  expectNoAxeViolations,
  HttpClient,
  launchBrowser,
  type Running,
  runSamen,
  startSamen,
  tempDataDir,
} from "./support";

let browser: Browser;
let server: Running;
let dir: string;
let context: BrowserContext;
let page: Page;
let code: string;
let signalId: string;
let deskClient: HttpClient;
/** Anonymous signals on the desk's queue before the journey starts. */
let before: string[];

const QUESTION = "Synthetisch: op welke dagen ziet u de mensen aankomen?";
const ANSWER = "Synthetisch: elke maandag vroeg, met een wit busje.";
const USER_AGENT = "SamenAnoniemTest/1.0 (synthetisch)";

beforeAll(async () => {
  dir = tempDataDir();
  const env = { SAMEN_DATA_DIR: dir, SAMEN_DEMO_MODE: "true" };
  const seeded = runSamen(["seed-demo"], env);
  expect(seeded.status, seeded.stderr).toBe(0);
  server = await startSamen(env);
  browser = await launchBrowser();
  deskClient = new HttpClient(server.url);
  const login = await deskClient.request("POST", "/session", {
    email: "informatiepunt@demo.samen.example",
    password: DEMO_PASSWORD,
  });
  expect(login.status).toBe(201);
  if (login.json.stage !== "active")
    expect((await deskClient.request("POST", "/session/second-factor/demo-skip")).status).toBe(200);
  before = await anonymousSignalIds();
  context = await browser.newContext({ userAgent: USER_AGENT });
  page = await context.newPage();
});

/** The ids of the anonymous signals on the desk's queue. */
async function anonymousSignalIds(): Promise<string[]> {
  const queue = await deskClient.request("GET", "/signals?view=desk");
  expect(queue.status).toBe(200);
  const ids: string[] = [];
  for (const item of queue.json.items as { id: string }[]) {
    const read = await deskClient.request("GET", `/signals/${item.id}`);
    if (read.json.channel === "anonymous") ids.push(item.id);
  }
  return ids;
}

afterAll(async () => {
  await context?.close().catch(() => {});
  await browser?.close();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("anonymous report", () => {
  it("anyone files a report without logging in and gets a receipt code, shown once in large digits", async () => {
    await page.goto(`${server.url}/melden`);
    await page.getByRole("heading", { name: "Anoniem melden", level: 1 }).waitFor();
    expect(await page.getByRole("button", { name: "Aanmelden" }).count()).toBe(0);
    await page.getByText("Is iemand nu in gevaar? Bel 112.").waitFor();
    await expectNoAxeViolations(page, "report form");

    await page.getByText("Uitleg in andere talen").click();
    await page
      .locator('[lang="pl"]')
      .getByText(/Możesz to zgłosić tutaj/)
      .waitFor();
    await page
      .locator('[lang="uk"]')
      .getByText(/Повідомте про це тут/)
      .waitFor();
    await expectNoAxeViolations(page, "other languages open");

    await page.getByRole("button", { name: "Melding versturen" }).click();
    await page
      .getByRole("alert")
      .getByRole("link", { name: /^Wat hebt u gezien of meegemaakt\?: Vertel wat u hebt gezien/ })
      .waitFor();
    await expectNoAxeViolations(page, "report form with errors");

    await page
      .getByLabel("Wat hebt u gezien of meegemaakt?")
      .fill("Synthetisch: bij de kassen werken mensen tot laat in de nacht en ze slapen in een loods.");
    await page.getByLabel("Waar was het?").fill("Kassencomplex aan de Dijkweg (synthetisch)");
    await page.getByLabel("In welke gemeente?").selectOption({ label: "Utrecht" });
    await page.getByLabel("Werk: iemand moet werken onder slechte omstandigheden").check();
    await page.getByLabel("De persoon woont op het werk").check();
    await page
      .getByLabel("Wie waren erbij betrokken?")
      .fill("Een jonge vrouw met een rode jas, spreekt weinig Nederlands (synthetisch).");
    await page.getByLabel("Snel: binnen een paar dagen").check();
    await page.getByRole("button", { name: "Melding versturen" }).click();

    await page.getByRole("heading", { name: "Uw melding is ontvangen" }).waitFor();
    const shown = (await page.getByTestId("receipt-code").textContent())!;
    expect(shown).toMatch(/^\d{4}( \d{4}){4}$/);
    code = shown.replace(/\s/g, "");
    await expectNoAxeViolations(page, "receipt code");
    // Nothing to recognise the reporter by: no cookie, and the code is not in the address bar.
    expect(await context.cookies()).toEqual([]);
    expect(page.url()).not.toContain(code);
  });

  it("the desk finds the anonymous report and asks a question", async () => {
    const fresh = (await anonymousSignalIds()).filter((id) => !before.includes(id));
    expect(fresh).toHaveLength(1);
    signalId = fresh[0]!;
    const read = await deskClient.request("GET", `/signals/${signalId}`);
    expect(read.json).toMatchObject({ channel: "anonymous", status: "received", urgency: "high" });
    expect(read.json.reference).toMatch(/^A-\d{4}-\d{8}$/);
    expect(
      (await deskClient.request("POST", `/signals/${signalId}/questions`, { text: QUESTION })).status,
    ).toBe(204);
  });

  it("the reporter returns with the code, reads the question and answers it", async () => {
    await page.getByRole("link", { name: "Naar de pagina om terug te komen" }).click();
    await page.getByRole("heading", { name: "Terugkomen op uw melding", level: 1 }).waitFor();
    await expectNoAxeViolations(page, "return page");

    await page.getByLabel("Uw code").fill("1234 5678 9012 3456 7890");
    await page.getByRole("button", { name: "Melding openen" }).click();
    await page
      .getByRole("alert")
      .getByText(/Geen melding gevonden bij deze code/)
      .waitFor();
    await expectNoAxeViolations(page, "wrong code");

    await page.getByLabel("Uw code").fill(code.replace(/(\d{4})(?=\d)/g, "$1 "));
    await page.getByRole("button", { name: "Melding openen" }).click();
    await page.getByText("Wij hebben een vraag voor u.").waitFor();
    await page.getByText(QUESTION).waitFor();
    await expectNoAxeViolations(page, "question waiting");

    await page.getByLabel("Uw antwoord").fill(ANSWER);
    await page.getByRole("button", { name: "Antwoord versturen" }).click();
    await page.getByText("Uw antwoord is verstuurd.").waitFor();
    await page.getByText(ANSWER).waitFor();
    await page.getByText("Wij werken aan uw melding.").waitFor();
    await expectNoAxeViolations(page, "answer sent");

    // A photo with a (synthetic) GPS position in its EXIF: sent with the code, stripped, renamed.
    const exif = Buffer.from("Exif\0\0MM\0*GPSLatitude 52.0907 N (synthetisch)", "latin1");
    const segment = (marker: number, payload: Buffer) =>
      Buffer.concat([
        Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]),
        payload,
      ]);
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      segment(0xe1, exif),
      segment(0xdb, Buffer.from([0, ...Array.from({ length: 64 }, (_, i) => i + 1)])),
      segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
      segment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
      Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd9]),
    ]);
    await page.getByLabel("Foto kiezen").setInputFiles({
      name: "IMG_20261120_143012.jpg",
      mimeType: "image/jpeg",
      buffer: jpeg,
    });
    await page.getByRole("button", { name: "Foto versturen" }).click();
    await page.getByText("De foto is toegevoegd aan uw melding.").waitFor();
    await expectNoAxeViolations(page, "photo sent");
    const photos = await deskClient.request("GET", `/signals/${signalId}/attachments`);
    expect(photos.json.items).toHaveLength(1);
    expect(photos.json.items[0].fileName).not.toContain("IMG_20261120");
    expect(photos.json.items[0].sizeBytes).toBeLessThan(jpeg.length);

    const conversation = await deskClient.request("GET", `/signals/${signalId}/messages`);
    expect(conversation.json.status).toBe("information_received");
    expect(conversation.json.items.map((m: { text: string }) => m.text)).toEqual([QUESTION, ANSWER]);

    expect(await context.cookies()).toEqual([]);
    const log = server.output();
    expect(log).toContain("/anonymous-signals/receipt");
    expect(log).not.toContain(code);
    expect(log).not.toContain(USER_AGENT);
  });

  it("the report page reads in English too", async () => {
    await page.goto(`${server.url}/melden`);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Report anonymously", level: 1 }).waitFor();
    await page.getByText("Is someone in danger now? Call 112.").waitFor();
    await expectNoAxeViolations(page, "report form in English");
  });
});
