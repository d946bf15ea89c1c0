/**
 * The estimate API: result shape, refusals, non-informative lists, reproducibility,
 * stratified totals and the extended MLE. All tables are public reference data or small
 * synthetic tables built here.
 */

import { describe, expect, it } from "vitest";
import { loadTable } from "../../test/fixtures/mse/fixtures";
import { buildCaptureTable, type CaptureTable } from "./capture-table";
import { EstimationError } from "./errors";
import { estimatePopulation } from "./estimate";
import { EstimateResultSchema } from "./estimation.schema";
import { formatReport } from "./report";
import { estimateStratified } from "./stratified";

/** Builds a table from rows of 0/1 digits and counts, e.g. ["10", 40]. */
function buildTable(lists: string[], rows: [string, number][]): CaptureTable {
  return buildCaptureTable(
    lists,
    rows.map(([bits, count]) => ({
      history: bits.split("").reduce((h, b, i) => h | (b === "1" ? 1 << i : 0), 0),
      count,
    })),
  );
}

/** Adds a list column to a table: `member(history)` says who is on it. */
function withExtraList(
  table: CaptureTable,
  name: string,
  member: (history: number) => boolean,
): CaptureTable {
  const t = table.lists.length;
  const rows: { history: number; count: number }[] = [];
  for (let w = 1; w < 1 << t; w++) {
    if (table.counts[w]! > 0) rows.push({ history: w | (member(w) ? 1 << t : 0), count: table.counts[w]! });
  }
  return buildCaptureTable([...table.lists, name], rows);
}

describe("result shape", () => {
  it.each([
    ["main", "lognormal"],
    ["pairs", "profile"],
    ["stepwise", "bca"],
    ["bic", "bca"],
    ["aic-stepwise", "profile"],
    ["fixed", "lognormal"],
  ] as const)("%s with %s intervals matches EstimateResultSchema", (method, ci) => {
    // Korea's all-pairs model has no MLE (its (0,1,1) cell is empty): use Kosovo there.
    const dataset = method === "pairs" ? "Kosovo" : "Korea";
    const result = estimatePopulation(loadTable(dataset), {
      method,
      ci,
      nboot: 200,
      ...(method === "fixed" ? { model: "[12,23]" } : {}),
    });
    expect(() => EstimateResultSchema.parse(result)).not.toThrow();
    expect(result.estimate).not.toBeNull();
    expect(result.ci?.kind).toBe(ci);
    expect(result.ci!.lower).toBeLessThan(result.estimate!);
    expect(result.ci!.upper!).toBeGreaterThan(result.estimate!);
    expect(result.observed).toBe(dataset === "Korea" ? 123 : 4400);
    expect(result.poissonEstimate! - result.observed).toBeCloseTo(result.darkFigure!, 8);
    expect(result.models.some((m) => m.selected)).toBe(true);
    expect(formatReport(result)).toContain("Estimated population size");
  });

  it("uses stepwise with BCa by default, and the profile interval for aic-stepwise", () => {
    const result = estimatePopulation(loadTable("Western"), { nboot: 100 });
    expect(result.method).toBe("stepwise");
    expect(result.ci?.kind).toBe("bca");
    expect(result.options.seed).toBe(1234);
    expect(estimatePopulation(loadTable("Western"), { method: "aic-stepwise" }).ci?.kind).toBe("profile");
  });
});

describe("existence and identifiability", () => {
  const artificial = loadTable("Artificial_3");

  it("refuses models whose MLE does not exist, and says why", () => {
    const result = estimatePopulation(artificial, { method: "fixed", model: "[12,3]", ci: "lognormal" });
    expect(result.estimate).toBeNull();
    expect(result.ci).toBeNull();
    expect(result.refusal?.code).toBe("MLE_DOES_NOT_EXIST");
    expect(result.refusal?.message).toMatch(/does not exist/);
    expect(result.refusal?.message).toMatch(/Fienberg–Rinaldo/);
    expect(result.models[0]).toMatchObject({ model: "[12,3]", status: "mle-does-not-exist", estimate: null });
    expect(() => EstimateResultSchema.parse(result)).not.toThrow();
  });

  it("refuses the all-pairs model as not identifiable without overlapping triples", () => {
    const result = estimatePopulation(artificial, { method: "pairs", ci: "lognormal" });
    expect(result.refusal?.code).toBe("NOT_IDENTIFIABLE");
    expect(result.refusal?.message).toMatch(/count_triples = 0/);
  });

  it("estimates the models that exist", () => {
    const result = estimatePopulation(artificial, { method: "fixed", model: "[13,23]", ci: "lognormal" });
    expect(result.refusal).toBeNull();
    expect(result.estimate).toBeCloseTo(296, 6);
  });

  it("never selects a non-existent MLE in the BIC search (Rcapture's anti-example)", () => {
    const result = estimatePopulation(artificial, { method: "bic", ci: "lognormal" });
    expect(result.model).toBe("[1,2,3]");
    const rejected = result.models.filter((m) => m.status !== "ok");
    expect(rejected.map((m) => m.model).sort()).toEqual(["[12,13,23]", "[12,13]", "[12,23]", "[12,3]"]);
    for (const m of rejected) {
      expect(m.estimate).toBeNull();
      expect(m.reason).toBeTruthy();
    }
    expect(result.models.find((m) => m.model === "[12,13,23]")?.status).toBe("not-identifiable");
  });

  it("refuses data without any overlap", () => {
    const table = buildTable(
      ["A", "B", "C"],
      [
        ["100", 10],
        ["010", 12],
        ["001", 7],
      ],
    );
    for (const method of ["main", "stepwise", "aic-stepwise"] as const) {
      const result = estimatePopulation(table, { method, ci: "lognormal" });
      expect(result.estimate).toBeNull();
      expect(result.refusal?.code).toBe("MLE_DOES_NOT_EXIST");
      expect(result.refusal?.message).toMatch(/(have anybody in common|overlap)/);
    }
  });

  it("handles empty overlaps by the extended MLE", () => {
    const result = estimatePopulation(loadTable("NewOrl"), { method: "pairs", ci: "lognormal" });
    expect(result.fit?.emptyOverlaps.length).toBe(18);
    const boundary = result.fit!.coefficients.filter((c) => c.boundary);
    expect(boundary.length).toBe(18);
    for (const c of boundary) expect(c.estimate).toBeNull();
    expect(result.warnings.some((w) => w.includes("extended MLE"))).toBe(true);
  });

  it("refuses the BIC search for more than six lists", () => {
    const result = estimatePopulation(loadTable("NewOrl"), { method: "bic", ci: "lognormal" });
    expect(result.refusal?.code).toBe("METHOD_NOT_AVAILABLE");
    expect(result.refusal?.message).toMatch(/at most 6 lists/);
  });
});

describe("non-informative lists", () => {
  const korea = loadTable("Korea");
  const reference = estimatePopulation(korea, { method: "main", ci: "lognormal" });

  it.each([
    ["empty", (_: number): boolean => false, /nobody is on it/],
    ["everyone", (_: number): boolean => true, /everybody observed is on it/],
    ["duplicate", (h: number): boolean => (h & 1) === 1, /same members as list b/],
  ] as const)("drops a list with %s membership and reports it", (reason, member, message) => {
    const table = withExtraList(korea, "X", member);
    const result = estimatePopulation(table, { method: "main", ci: "lognormal" });
    expect(result.droppedLists).toEqual([
      { name: "X", reason, ...(reason === "duplicate" ? { duplicateOf: "b" } : {}) },
    ]);
    expect(result.lists).toEqual(["b", "c", "d"]);
    expect(result.warnings.some((w) => message.test(w))).toBe(true);
    expect(result.estimate).toBeCloseTo(reference.estimate!, 6);
  });

  it("reads a fixed model against the input's columns when a list was left out", () => {
    const table = withExtraList(korea, "X", () => false);
    const moved = buildCaptureTable(
      ["b", "X", "c", "d"],
      Array.from(table.counts.entries())
        .filter(([, c]) => c > 0)
        .map(([w, count]) => ({ history: (w & 1) | ((w & 0b110) << 1) | ((w & 0b1000) >> 2), count })),
    );
    const result = estimatePopulation(moved, { method: "fixed", model: "[13,34]", ci: "lognormal" });
    expect(result.lists).toEqual(["b", "c", "d"]);
    expect(result.model).toBe("[12,23]");
    const direct = estimatePopulation(korea, { method: "fixed", model: "[12,23]", ci: "lognormal" });
    expect(result.estimate).toBeCloseTo(direct.estimate!, 8);
    expect(() => estimatePopulation(moved, { method: "fixed", model: "[12]", ci: "lognormal" })).toThrow(
      /refers to list X, which was left out/,
    );
  });

  it("refuses when fewer than two informative lists remain", () => {
    const table = buildTable(
      ["A", "B"],
      [
        ["10", 5],
        ["11", 3],
      ],
    );
    const result = estimatePopulation(table, { method: "main", ci: "lognormal" });
    expect(result.refusal?.code).toBe("TOO_FEW_LISTS");
  });
});

describe("options and reproducibility", () => {
  it("validates options", () => {
    const table = loadTable("Korea");
    expect(() => estimatePopulation(table, { level: 1.5 })).toThrow(EstimationError);
    expect(() => estimatePopulation(table, { method: "fixed" })).toThrow(/needs a model/);
    expect(() => estimatePopulation(table, { method: "main", model: "[12]" })).toThrow(/only .* "fixed"/);
    expect(() => estimatePopulation(table, { method: "fixed", model: "[14]" })).toThrow(/refers to list 4/);
  });

  it("gives the same bootstrap for the same seed and a different one for another seed", () => {
    const table = loadTable("Western");
    const a = estimatePopulation(table, { method: "stepwise", ci: "bca", nboot: 150, seed: 42 });
    const b = estimatePopulation(table, { method: "stepwise", ci: "bca", nboot: 150, seed: 42 });
    const c = estimatePopulation(table, { method: "stepwise", ci: "bca", nboot: 150, seed: 43 });
    expect(b.ci).toEqual(a.ci);
    expect(c.ci).not.toEqual(a.ci);
    expect(a.bootstrap?.acceleration).toBeCloseTo(c.bootstrap!.acceleration, 12);
  });

  it("agrees between R's glm stopping rule and full convergence", () => {
    for (const name of ["NewOrl", "Western", "UKdat"]) {
      const glm = estimatePopulation(loadTable(name), { method: "pairs", ci: "lognormal" });
      const strict = estimatePopulation(loadTable(name), {
        method: "pairs",
        ci: "lognormal",
        convergence: "strict",
      });
      expect(Math.abs(strict.estimate! - glm.estimate!) / glm.estimate!).toBeLessThan(1e-7);
      expect(Math.abs(strict.ci!.upper! - glm.ci!.upper!) / glm.ci!.upper!).toBeLessThan(1e-4);
    }
  });

  it("reports progress for bootstrap runs", () => {
    const calls: [number, number][] = [];
    estimatePopulation(loadTable("Korea"), {
      method: "stepwise",
      ci: "bca",
      nboot: 50,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls.length).toBe(50 + 6);
    expect(calls[calls.length - 1]).toEqual([56, 56]);
  });
});

describe("stratified estimates", () => {
  const kosovo = loadTable("Kosovo");
  const part = (f: number) => {
    const counts = kosovo.counts.map((c) => Math.round(c * f));
    return { lists: kosovo.lists, counts, n: counts.reduce((a, b) => a + b, 0) };
  };

  it("reduce to the unstratified estimate for a single stratum", () => {
    for (const ci of ["lognormal", "profile"] as const) {
      const single = estimateStratified([{ name: "all", table: kosovo }], { method: "stepwise", ci });
      const plain = estimatePopulation(kosovo, { method: "stepwise", ci });
      expect(single.estimate!).toBeCloseTo(plain.estimate!, 3);
      expect(single.ci!.lower).toBeCloseTo(plain.ci!.lower, ci === "profile" ? 1 : 0);
      expect(single.ci!.upper!).toBeCloseTo(plain.ci!.upper!, ci === "profile" ? 1 : -1);
    }
  });

  it("add up strata and give an interval around the total", () => {
    const strata = [
      { name: "2019", table: part(0.45) },
      { name: "2020", table: part(0.55) },
    ];
    for (const ci of ["lognormal", "profile", "bca"] as const) {
      const result = estimateStratified(strata, { method: "stepwise", ci, nboot: 200 });
      expect(() => EstimateResultSchema.parse(result)).not.toThrow();
      expect(result.strata?.map((s) => s.stratum)).toEqual(["2019", "2020"]);
      expect(result.observed).toBe(strata[0]!.table.n + strata[1]!.table.n);
      const sum = result.strata!.reduce((a, s) => a + s.poissonEstimate!, 0);
      expect(result.poissonEstimate!).toBeCloseTo(sum, 6);
      expect(result.ci!.lower).toBeLessThan(result.estimate!);
      expect(result.ci!.upper!).toBeGreaterThan(result.estimate!);
      // The total is more precise, relative to its size, than either stratum.
      const relWidth = (r: { ci: { lower: number; upper: number | null } | null; estimate: number | null }) =>
        (r.ci!.upper! - r.ci!.lower) / r.estimate!;
      expect(relWidth(result)).toBeLessThan(Math.max(...result.strata!.map(relWidth)));
    }
  });

  it("refuse the total when a stratum cannot be estimated", () => {
    const noOverlap = buildTable(kosovo.lists, [
      ["1000", 10],
      ["0100", 12],
      ["0010", 7],
      ["0001", 3],
    ]);
    const result = estimateStratified(
      [
        { name: "big", table: kosovo },
        { name: "tiny", table: noOverlap },
      ],
      { method: "stepwise", ci: "lognormal" },
    );
    expect(result.estimate).toBeNull();
    expect(result.refusal?.code).toBe("STRATUM_NOT_ESTIMABLE");
    expect(result.refusal?.message).toMatch(/stratum "tiny"/);
    expect(result.strata?.[0]?.estimate).not.toBeNull();
  });
});
