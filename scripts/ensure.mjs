// Installs what is missing on a fresh machine: npm packages (from the lock file), Debian's
// Chromium for the browser tests, and a running local PostgreSQL where this machine has one.
// Plain JavaScript on purpose: it runs before the TypeScript toolchain is installed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  return result.status ?? 1;
}

function say(message) {
  process.stdout.write(`[samen] ${message}\n`);
}

/** npm packages: installed when node_modules is missing or older than the lock file. */
export function ensurePackages() {
  const marker = path.join(root, "node_modules/.package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  say("npm-pakketten installeren / installing npm packages …");
  if (run("npm", ["ci", "--no-audit", "--no-fund"]) !== 0) throw new Error("npm ci failed");
}

/** Debian's Chromium for the real-browser tests (never a downloaded browser). */
export function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (fs.existsSync(chromium)) return true;
  say("Chromium installeren (Debian-pakket) / installing Chromium (Debian package) …");
  if (process.getuid?.() !== 0) {
    say(
      "Geen root: installeer het pakket 'chromium' zelf. / Not root: install the 'chromium' package yourself.",
    );
    return false;
  }
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return fs.existsSync(chromium);
}

/** Starts the machine's PostgreSQL cluster when one is installed but not running. */
export function ensurePostgres() {
  if (process.env.SAMEN_TEST_POSTGRES_URL) return;
  const probe = spawnSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432"], { stdio: "ignore" });
  if (probe.status === 0 || probe.error) return; // running, or no PostgreSQL client tools here
  const versions = fs.existsSync("/etc/postgresql") ? fs.readdirSync("/etc/postgresql") : [];
  for (const version of versions) {
    say(`PostgreSQL ${version} starten / starting PostgreSQL ${version} …`);
    run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
  }
}

export function buildWeb() {
  say("webapp bouwen / building the web app …");
  if (run(process.execPath, ["node_modules/vite/bin/vite.js", "build", "--logLevel", "warn"]) !== 0)
    throw new Error("vite build failed");
}
