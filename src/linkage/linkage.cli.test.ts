/**
 * The CLI contract, run as a user would: `npx tsx src/linkage/linkage-main.ts linkage …` in a child
 * process. Outputs are compared with the reference files; bad inputs must fail with a clear message,
 * a non-zero exit status and no output file.
 */

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLK_CASE, fixtureJson, fixtureText, LINK_CASE, REPO_ROOT } from "./linkage.fixtures";

const work = mkdtempSync(join(tmpdir(), "samen-linkage-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync("npx", ["tsx", "src/linkage/linkage-main.ts", "linkage", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const out = (name: string) => join(work, name);

function writeInput(name: string, content: string): string {
  const path = out(name);
  writeFileSync(path, content);
  return path;
}

describe("samen linkage encode", () => {
  it("writes the reference clks.json byte for byte", () => {
    const r = run(
      "encode",
      "--schema",
      `${CLK_CASE}schema.json`,
      "--secret-file",
      `${CLK_CASE}secret.txt`,
      "--input",
      `${CLK_CASE}records.csv`,
      "--output",
      out("clks.json"),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/200 records encoded/);
    expect(readFileSync(out("clks.json"), "utf8")).toBe(fixtureText(`${CLK_CASE}clks.json`));
  });

  const header = "rec_id,first_name,last_name,dob,sex,postcode,birth_year,country";
  const bad: Array<[string, () => string[], RegExp]> = [
    [
      "a schema that is not valid",
      () => [
        "--schema",
        writeInput("bad-schema.json", JSON.stringify({ version: 3, clkConfig: { l: 1024 }, features: [] })),
        "--secret-file",
        `${CLK_CASE}secret.txt`,
        "--input",
        `${CLK_CASE}records.csv`,
      ],
      /Invalid linkage schema.*clkConfig\.kdf/,
    ],
    [
      "a missing secret file",
      () => [
        "--schema",
        `${CLK_CASE}schema.json`,
        "--secret-file",
        out("nope.txt"),
        "--input",
        `${CLK_CASE}records.csv`,
      ],
      /Invalid secret.*does not exist/,
    ],
    [
      "an empty secret",
      () => [
        "--schema",
        `${CLK_CASE}schema.json`,
        "--secret-file",
        writeInput("empty.txt", ""),
        "--input",
        `${CLK_CASE}records.csv`,
      ],
      /Invalid secret.*empty/,
    ],
    [
      "a row with too few columns",
      () => [
        "--schema",
        `${CLK_CASE}schema.json`,
        "--secret-file",
        `${CLK_CASE}secret.txt`,
        "--input",
        writeInput("short.csv", `${header}\nR1,Jan,Jansen,1990-01-02,M,1234AB,1990,NL\nR2,Piet\n`),
      ],
      /short\.csv, line 3: has 2 columns/,
    ],
    [
      "an unclosed quote",
      () => [
        "--schema",
        `${CLK_CASE}schema.json`,
        "--secret-file",
        `${CLK_CASE}secret.txt`,
        "--input",
        writeInput("quote.csv", `${header}\nR1,"Jan,Jansen,1990-01-02,M,1234AB,1990,NL\n`),
      ],
      /quote\.csv, line 2: a quoted field is not closed/,
    ],
    [
      "an invalid value",
      () => [
        "--schema",
        `${CLK_CASE}schema.json`,
        "--secret-file",
        `${CLK_CASE}secret.txt`,
        "--input",
        writeInput(
          "value.csv",
          `${header}\nR1,Jan,Jansen,1990-01-02,M,1234AB,1990,NL\nR2,Piet,Bos,1990-14-02,M,,,\n`,
        ),
      ],
      /value\.csv, line 3, column 'dob': value is not a valid date/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`fails clearly on ${what}, writing nothing`, () => {
      const target = out(`never-${what.replaceAll(" ", "-")}.json`);
      const r = run("encode", ...args(), "--output", target);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(work).some((f) => f.endsWith(".tmp"))).toBe(false);
    });
  }

  it("does not echo the offending value", () => {
    const r = run(
      "encode",
      "--schema",
      `${CLK_CASE}schema.json`,
      "--secret-file",
      `${CLK_CASE}secret.txt`,
      "--input",
      writeInput("secretvalue.csv", `${header}\nR1,Jan,Jansen,1990-01-02,M,1234AB,1990,Zeldzaamland\n`),
      "--output",
      out("x.json"),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain("Zeldzaamland");
  });
});

describe("samen linkage match, histories and quality", () => {
  it("reproduces the candidate file and groups at 0.70, 0.80 and 0.90", () => {
    for (const t of ["0.70", "0.80", "0.90"]) {
      const r = run(
        "match",
        "--threshold",
        t,
        `${LINK_CASE}clks_A.json`,
        `${LINK_CASE}clks_B.json`,
        "--output",
        out(`groups-${t}.json`),
        "--candidates",
        out(`candidates-${t}.csv`),
      );
      expect(r.status).toBe(0);
      expect(JSON.parse(readFileSync(out(`groups-${t}.json`), "utf8"))).toEqual(
        fixtureJson(`${LINK_CASE}groups_t${t}.json`),
      );
      expect(readFileSync(out(`candidates-${t}.csv`), "utf8")).toBe(
        fixtureText(`${LINK_CASE}candidates_t${t}.csv`),
      );
    }
  });

  it("accepts blocking, k and the transitive solver; blocked candidates are a subset of the full ones", () => {
    const r = run(
      "match",
      "--threshold",
      "0.8",
      `${LINK_CASE}clks_A.json`,
      `${LINK_CASE}clks_B.json`,
      "--blocking",
      "bits:16:6:1",
      "--k",
      "1",
      "--solver",
      "transitive",
      "--threads",
      "1",
      "--output",
      out("groups-blocked.json"),
      "--candidates",
      out("candidates-blocked.csv"),
    );
    expect(r.status).toBe(0);
    const full = new Set(fixtureText(`${LINK_CASE}candidates_t0.80.csv`).trim().split("\n"));
    const blocked = readFileSync(out("candidates-blocked.csv"), "utf8").trim().split("\n");
    expect(blocked.length).toBeGreaterThan(1);
    for (const line of blocked) expect(full.has(line)).toBe(true);
    const bad = run(
      "match",
      "--threshold",
      "0.8",
      `${LINK_CASE}clks_A.json`,
      `${LINK_CASE}clks_B.json`,
      "--blocking",
      "lsh",
      "--output",
      out("g3.json"),
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--blocking must look like bits:TABLES:BITS/);
  });

  it("rejects a bad threshold and a malformed encodings file without writing", () => {
    const a = run(
      "match",
      "--threshold",
      "1.5",
      `${LINK_CASE}clks_A.json`,
      `${LINK_CASE}clks_B.json`,
      "--output",
      out("g1.json"),
    );
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--threshold must be a number between 0 and 1/);
    const broken = writeInput("broken.json", '{"clks": ["not base64!"]}');
    const b = run(
      "match",
      "--threshold",
      "0.8",
      broken,
      `${LINK_CASE}clks_B.json`,
      "--output",
      out("g2.json"),
    );
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/broken\.json: entry 0 is not valid base64/);
    expect(existsSync(out("g1.json")) || existsSync(out("g2.json"))).toBe(false);
  });

  it("turns groups into the estimation CSV and shows a suppressed table", () => {
    const r = run(
      "histories",
      out("groups-0.80.json"),
      "--output",
      out("histories.csv"),
      "--clks",
      `${LINK_CASE}clks_A.json,${LINK_CASE}clks_B.json`,
      "--parties",
      "registry,intake",
    );
    expect(r.status).toBe(0);
    expect(readFileSync(out("histories.csv"), "utf8")).toBe(
      "registry,intake,count\n1,1,72\n1,0,78\n0,1,58\n",
    );
    const missing = run("histories", out("groups-0.80.json"), "--output", out("h2.csv"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/party sizes are needed/);
  });

  it("reports precision, recall and F1 per threshold against the truth", () => {
    const r = run(
      "quality",
      "--truth",
      `${LINK_CASE}truth.csv`,
      `${LINK_CASE}clks_A.json`,
      `${LINK_CASE}clks_B.json`,
      "--output",
      out("quality.json"),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0\.80\s+73\s+0\.9315/);
    const report = JSON.parse(readFileSync(out("quality.json"), "utf8"));
    const metrics = fixtureJson<{ thresholds: Record<string, { solved: unknown }> }>(
      `${LINK_CASE}metrics.json`,
    );
    expect(report.thresholds["0.90"].solved).toEqual(metrics.thresholds["0.90"]!.solved);
  });
});

describe("samen linkage synth → encode → match → histories (three parties)", () => {
  it("writes marked synthetic parties, links three of them and counts capture histories by stratum", async () => {
    const dir = out("synth");
    const r = run(
      "synth",
      "--output-dir",
      dir,
      "--seed",
      "3",
      "--persons",
      "60",
      "--party",
      "X:30:clean",
      "Y:25:noisy",
      "Z:20:noisy",
    );
    expect(r.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(
      [
        "SYNTHETIC.json",
        "covariates_X.csv",
        "covariates_Y.csv",
        "covariates_Z.csv",
        "party_X.csv",
        "party_Y.csv",
        "party_Z.csv",
        "schema.json",
        "truth.csv",
      ].sort(),
    );
    expect(JSON.parse(readFileSync(join(dir, "SYNTHETIC.json"), "utf8")).synthetic).toBe(true);
    writeFileSync(join(dir, "secret.txt"), "synthetic-secret");
    for (const party of ["X", "Y", "Z"]) {
      const e = run(
        "encode",
        "--schema",
        join(dir, "schema.json"),
        "--secret-file",
        join(dir, "secret.txt"),
        "--input",
        join(dir, `party_${party}.csv`),
        "--output",
        join(dir, `clks_${party}.json`),
      );
      expect(e.status).toBe(0);
    }
    const clks = ["X", "Y", "Z"].map((p) => join(dir, `clks_${p}.json`));
    const m = run("match", "--threshold", "0.8", ...clks, "--output", join(dir, "groups.json"));
    expect(m.status).toBe(0);
    const groups = JSON.parse(readFileSync(join(dir, "groups.json"), "utf8")).groups as number[][][];
    expect(groups.length).toBeGreaterThan(0);
    // Same groups as the library's anonlink greedy solver on the same encodings.
    const { decodeClks, findCandidatePairs, packFilters } = await import("./dice");
    const { greedySolve } = await import("./solve");
    const sets = clks.map((f) => packFilters(decodeClks(JSON.parse(readFileSync(f, "utf8")).clks)));
    expect(groups).toEqual(greedySolve(await findCandidatePairs({ datasets: sets, threshold: 0.8 })));
    for (const g of groups) expect(new Set(g.map((rec) => rec[0])).size).toBe(g.length);

    const h = run(
      "histories",
      join(dir, "groups.json"),
      "--output",
      join(dir, "histories.csv"),
      "--clks",
      clks.join(","),
      "--parties",
      "X,Y,Z",
      "--covariates",
      ["X", "Y", "Z"].map((p) => join(dir, `covariates_${p}.csv`)).join(","),
      "--strata",
      "sex",
    );
    expect(h.status).toBe(0);
    const lines = readFileSync(join(dir, "histories.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("X,Y,Z,stratum,count");
    const total = lines.slice(1).reduce((n, line) => n + Number(line.split(",")[4]), 0);
    const linkedAway = groups.reduce((n, g) => n + g.length - 1, 0);
    expect(total).toBe(30 + 25 + 20 - linkedAway);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[3]))).toEqual(new Set(["F", "M"]));
    expect(h.stdout).not.toMatch(/\b[1-9]\s*$/m); // small cells are never printed
  });
});
