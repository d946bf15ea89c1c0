// `npm test`: installs what is missing, then runs every check and test: type check, lint, and the
// vitest suite (unit, storage and API on PGlite and PostgreSQL, CLI, real-browser journeys).
// Ends with one line "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildWeb, ensureChromium, ensurePackages, ensurePostgres, run } from "./ensure.mjs";

const started = Date.now();
ensurePackages();
const haveChromium = ensureChromium();
ensurePostgres();
buildWeb();

let passed = 0;
let failed = 0;
const failures = [];

function check(name, command, args) {
  process.stdout.write(`\n[samen] ${name}\n`);
  if (run(command, args) === 0) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

check("typecheck (tsc --noEmit)", process.execPath, [
  "node_modules/typescript/bin/tsc",
  "--noEmit",
  "-p",
  "tsconfig.json",
]);
check("lint (biome ci)", process.execPath, ["node_modules/@biomejs/biome/bin/biome", "ci", "."]);

if (!haveChromium) {
  process.stdout.write(
    "\n[samen] !!! Chromium ontbreekt: de browsertests zullen falen. / Chromium is missing: the browser tests will fail.\n",
  );
}
const report = path.resolve(".tmp/vitest-report.json");
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
process.stdout.write("\n[samen] vitest (unit, storage/API on PGlite and PostgreSQL, CLI, browser)\n");
const vitest = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ],
  {
    stdio: "inherit",
  },
);
if (fs.existsSync(report)) {
  const result = JSON.parse(fs.readFileSync(report, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  // A suite that could not even load counts as a failure.
  const brokenSuites = result.testResults.filter(
    (s) => s.status === "failed" && s.assertionResults.length === 0,
  );
  failed += brokenSuites.length;
  for (const s of brokenSuites)
    failures.push(`suite ${path.relative(process.cwd(), s.name)}: ${s.message.split("\n")[0]}`);
  for (const s of result.testResults)
    for (const a of s.assertionResults) if (a.status === "failed") failures.push(a.fullName);
  if (result.numPendingTests + result.numTodoTests > 0)
    process.stdout.write(`[samen] skipped: ${result.numPendingTests + result.numTodoTests}\n`);
} else {
  failed++;
  failures.push(`vitest produced no report (exit ${vitest.status})`);
}
if (vitest.status !== 0 && failed === 0) {
  failed++;
  failures.push(`vitest exited with ${vitest.status}`);
}

if (failures.length)
  process.stdout.write(`\n[samen] failed:\n${failures.map((f) => `  - ${f}`).join("\n")}\n`);
process.stdout.write(
  `\n[samen] ${Math.round((Date.now() - started) / 1000)} s\n${passed} passed, ${failed} failed\n`,
);
process.exit(failed === 0 ? 0 : 1);
