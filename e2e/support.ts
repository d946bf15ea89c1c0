/**
 * @module e2e/support
 * Starting the real `samen` command as a child process, on a fresh data folder and a free port,
 * and driving Debian's Chromium through playwright-core.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { DEMO_PASSWORD } from "../src/demo/demo.generator";

export const SAMEN_BIN = path.resolve("bin/samen.mjs");

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "samen-e2e-"));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type Running = {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

/** Starts `samen start` and waits until it listens; rejects with its output when it exits first. */
export async function startSamen(env: Record<string, string>, args: string[] = []): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [SAMEN_BIN, "start", ...args], {
    // Journeys log in many times from one address; the login rate limit is tested on its own.
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      SAMEN_LOG_LEVEL: "info",
      SAMEN_LOGIN_RATE_PER_MINUTE: "1000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`samen start did not come up in time:\n${out}`)), 90_000);
    const check = setInterval(() => {
      if (out.includes("Samen draait op")) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`samen start exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    output: () => out,
    stop: (signal = "SIGTERM") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}

/** Runs a `samen` command to completion. */
export function runSamen(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [SAMEN_BIN, ...args], {
    env: { ...process.env, ...env },
    input,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fetch client with a cookie jar and CSRF token, for driving the API of a running server. */
export class HttpClient {
  cookie = "";
  csrf = "";
  constructor(readonly base: string) {}
  async request(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET" && this.csrf) headers["x-csrf-token"] = this.csrf;
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (json?.csrfToken) this.csrf = json.csrfToken;
    return { status: res.status, json };
  }
}

/** An API client logged in as a demo user (the demo skips the second factor). */
export async function demoApiClient(base: string, email: string): Promise<HttpClient> {
  const client = new HttpClient(base);
  const res = await client.request("POST", "/session", { email, password: DEMO_PASSWORD });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  expect((await client.request("POST", "/session/second-factor/demo-skip")).status).toBe(200);
  return client;
}

/**
 * A browser journey on the seeded demo. Registers, for the calling test file, a `beforeAll` that
 * seeds a fresh data folder, starts the real `samen start` and launches Chromium, and an `afterAll`
 * that closes every page opened with `login`, the browser and the server, and removes the folder.
 */
export function demoJourney() {
  let server: Running | undefined;
  let browser: Browser | undefined;
  let dir = "";
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    dir = tempDataDir();
    const env = { SAMEN_DATA_DIR: dir, SAMEN_DEMO_MODE: "true" };
    const seeded = runSamen(["seed-demo"], env);
    expect(seeded.status, seeded.stderr).toBe(0);
    server = await startSamen(env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get server(): Running {
      return server!;
    },
    get browser(): Browser {
      return browser!;
    },
    /** The data folder of this journey's server. */
    get dir(): string {
      return dir;
    },
    /** A page logged in as a demo user; closed when the journey ends. */
    async login(email: string): Promise<Page> {
      const { page, context } = await loginDemoUser(browser!, server!.url, email);
      contexts.push(context);
      return page;
    },
    /** An API client logged in as a demo user. */
    api(email: string): Promise<HttpClient> {
      return demoApiClient(server!.url, email);
    },
  };
}

/** Fails with every axe violation (WCAG 2.1 A/AA and best practice) on the page as it is now. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const violations = result.violations.map(
    (v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  expect(violations).toEqual([]);
}

/**
 * Logs a demo user in through the login page in a fresh browser context, skipping the second
 * factor where the role asks for one (only demo mode allows that), and returns the start page.
 */
export async function loginDemoUser(
  browser: Browser,
  url: string,
  email: string,
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Aanmelden" }).click();
  const skip = page.getByRole("button", { name: "Overslaan (alleen demo)" });
  const home = page.getByRole("heading", { name: "Startpagina" });
  await skip.or(home).waitFor();
  if (await skip.isVisible()) await skip.click();
  await home.waitFor();
  return { page, context };
}
