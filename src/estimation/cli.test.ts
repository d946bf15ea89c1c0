/**
 * End-to-end tests of `samen estimate`, spawned as `npx tsx src/estimation/estimate-main.ts`.
 * Expected numbers come from reference.json.
 */

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixturePath, loadReference } from "../../test/fixtures/mse/fixtures";
import { EstimateResultSchema } from "./estimation.schema";

const root = resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "samen-estimate-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Run = { code: number | null; stdout: string; stderr: string };

function samen(args: string[]): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn("npx", ["tsx", "src/estimation/estimate-main.ts", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

function scratchFile(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

const reference = loadReference();
const item = (id: string) => {
  const found = reference.items.find((x) => x.id === id);
  if (!found) throw new Error(`no reference item ${id}`);
  return found.expect as Record<string, { value: number; tol: number }>;
};

describe("samen estimate", () => {
  it("prints the JSON contract with the SparseMSE stepwise estimate", async () => {
    const run = await samen([
      "estimate",
      fixturePath("UKdat.csv"),
      "--method",
      "stepwise",
      "--ci",
      "lognormal",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    const result = EstimateResultSchema.parse(json);
    for (const key of ["observed", "lists", "method", "model", "estimate", "ci", "models", "warnings"]) {
      expect(json).toHaveProperty(key);
    }
    const expected = item("UKdat.stepwise.lognormal");
    expect(Math.abs(result.estimate! - expected.estimate!.value)).toBeLessThanOrEqual(expected.estimate!.tol);
    expect(Math.abs(result.ci!.lower - expected.lower!.value)).toBeLessThanOrEqual(expected.lower!.tol);
    expect(Math.abs(result.ci!.upper! - expected.upper!.value)).toBeLessThanOrEqual(expected.upper!.tol);
    expect(result.ci).toMatchObject({ level: 0.95, kind: "lognormal" });
    expect(result.observed).toBe(2744);
    expect(result.lists).toEqual(["LA", "NG", "PF", "GO", "GP", "NCA"]);
    expect(result.model).toBe("[12,13,24,25,35,36,45]");
  }, 60_000);

  it("runs the published UK method with its profile interval by default", async () => {
    const run = await samen(["estimate", fixturePath("UKdat.csv"), "--method", "aic-stepwise", "--json"]);
    expect(run.code).toBe(0);
    const result = EstimateResultSchema.parse(JSON.parse(run.stdout));
    const expected = item("UKdat.aic-stepwise.0.05");
    expect(result.ci?.kind).toBe("profile");
    expect(Math.abs(result.estimate! - expected.estimate!.value)).toBeLessThanOrEqual(expected.estimate!.tol);
    expect(Math.abs(result.ci!.lower - expected.lower!.value)).toBeLessThanOrEqual(expected.lower!.tol);
  }, 60_000);

  it("runs a seeded BCa bootstrap reproducibly, without a progress bar when stderr is not a terminal", async () => {
    const args = [
      "estimate",
      fixturePath("Korea.csv"),
      "--method",
      "bic",
      "--nboot",
      "300",
      "--seed",
      "7",
      "--json",
    ];
    const [a, b] = await Promise.all([samen(args), samen(args)]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toBe("");
    const result = EstimateResultSchema.parse(JSON.parse(a.stdout));
    expect(result.ci?.kind).toBe("bca");
    expect(result.bootstrap?.nboot).toBe(300);
    expect(result.bootstrap?.seed).toBe(7);
    expect(result.model).toBe(item("Korea.bic").model as unknown as string);
  }, 60_000);

  it("prints a readable report with the model table", async () => {
    const run = await samen([
      "estimate",
      fixturePath("Artificial_3.csv"),
      "--method",
      "bic",
      "--ci",
      "lognormal",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Estimated population size");
    expect(run.stdout).toMatch(/\[12,3\]\s+—\s+—\s+mle-does-not-exist/);
    expect(run.stdout).toMatch(/\[12,13,23\].*not-identifiable/);
    expect(run.stdout).toContain("selected");
  }, 60_000);

  it("refuses a model whose MLE does not exist with exit code 3 and the reason", async () => {
    const run = await samen([
      "estimate",
      fixturePath("Artificial_3.csv"),
      "--method",
      "fixed",
      "--model",
      "[12,3]",
      "--ci",
      "lognormal",
      "--json",
    ]);
    expect(run.code).toBe(3);
    const result = EstimateResultSchema.parse(JSON.parse(run.stdout));
    expect(result.estimate).toBeNull();
    expect(result.refusal?.code).toBe("MLE_DOES_NOT_EXIST");
  }, 60_000);

  it("estimates per stratum and in total", async () => {
    const rows = ["A,B,C,stratum,count"];
    for (const [stratum, f] of [
      ["2019", 1],
      ["2020", 2],
    ] as const) {
      for (const [h, c] of [
        ["1,0,0", 40],
        ["0,1,0", 35],
        ["0,0,1", 28],
        ["1,1,0", 9],
        ["1,0,1", 7],
        ["0,1,1", 6],
        ["1,1,1", 2],
      ] as const) {
        rows.push(`${h},${stratum},${c * f}`);
      }
    }
    const path = scratchFile("strata.csv", `${rows.join("\n")}\n`);
    const run = await samen(["estimate", path, "--method", "main", "--ci", "lognormal", "--json"]);
    expect(run.code).toBe(0);
    const result = EstimateResultSchema.parse(JSON.parse(run.stdout));
    expect(result.strata?.map((s) => s.stratum)).toEqual(["2019", "2020"]);
    expect(result.observed).toBe(127 * 3);
    const sum = result.strata!.reduce((a, s) => a + s.estimate!, 0);
    expect(result.estimate!).toBeCloseTo(sum, 6);
  }, 60_000);

  const badInputs: [string, string, RegExp][] = [
    ["nonbinary.csv", "A,B,count\n1,0,5\n0,2,3\n", /line 3: list "B" must be 0 or 1/],
    ["negative.csv", "A,B,count\n1,0,5\n0,1,-3\n", /line 3: the count must not be negative/],
    ["fractional.csv", "A,B,count\n1,0,5\n0,1,2.5\n", /line 3: the count must be a whole number/],
    [
      "duplicate.csv",
      "A,B,count\n1,0,5\n0,1,3\n1,0,2\n",
      /line 4: capture history 10 already appeared on line 2/,
    ],
    ["single.csv", "A,count\n1,5\n", /line 1: only one list column/],
    ["allzero.csv", "A,B,count\n1,0,5\n0,0,3\n", /line 3: all list columns are 0/],
    ["nocount.csv", "A,B,C\n1,0,1\n0,1,1\n", /line 1: no count column/],
    ["ragged.csv", "A,B,count\n1,0,5\n0,1\n", /line 3: expected 3 fields/],
  ];

  it("rejects every kind of bad input with exit code 2 and the line", async () => {
    const runs = await Promise.all(
      badInputs.map(([name, content]) => samen(["estimate", scratchFile(name, content), "--json"])),
    );
    runs.forEach((run, i) => {
      const [name, , message] = badInputs[i]!;
      expect(run.code, name).toBe(2);
      expect(run.stdout, name).toBe("");
      expect(run.stderr, name).toMatch(message);
    });
  }, 120_000);

  it("rejects bad options and missing files with exit code 2", async () => {
    const runs = await Promise.all([
      samen(["estimate", fixturePath("Korea.csv"), "--pthresh", "2"]),
      samen(["estimate", fixturePath("Korea.csv"), "--method", "magic"]),
      samen(["estimate", join(scratch, "missing.csv")]),
      samen(["estimate", fixturePath("Korea.csv"), "--method", "fixed", "--model", "[14]"]),
    ]);
    for (const run of runs) expect(run.code).toBe(2);
    expect(runs[0]!.stderr).toMatch(/--pthresh must be at most 1/);
    expect(runs[1]!.stderr).toMatch(/Allowed choices/);
    expect(runs[2]!.stderr).toMatch(/cannot read .*ENOENT/);
    expect(runs[3]!.stderr).toMatch(/refers to list 4/);
  }, 60_000);
});
