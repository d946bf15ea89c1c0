/** Special functions, linear algebra, the LP solver and the random numbers. */

import { describe, expect, it } from "vitest";
import {
  chiSquare1Quantile,
  gammaP,
  logGamma,
  normalCdf,
  normalQuantile,
  poissonCdf,
  poissonUpper,
  waldPValue,
} from "./distributions";
import { choleskyInverse, choleskyPivoted, choleskySolve, columnRank } from "./linalg";
import { binomial, createRng, multinomial } from "./rng";
import { solveLp } from "./simplex";

describe("distributions", () => {
  it("normal quantiles and tails are accurate to near machine precision", () => {
    // Defining constants of the normal distribution (Abramowitz & Stegun, table 26.1).
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalCdf(-1.96)).toBeCloseTo(0.024997895148220435, 15);
    expect(chiSquare1Quantile(0.95)).toBeCloseTo(3.841458820694124, 12);
    // Round trips through Φ on the side where Φ(x) keeps full relative precision.
    for (const x of [-37, -20, -8, -3.5, -1, 0, 0.3, 1.5]) {
      const p = normalCdf(x);
      expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-9 * Math.max(1, Math.abs(x)));
    }
    // Far tail keeps relative accuracy: Φ(-x) ~ φ(x)/x (1 - 1/x²).
    const x = 30;
    const asymptotic = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI) / x) * (1 - 1 / x ** 2 + 3 / x ** 4);
    expect(normalCdf(-x) / asymptotic).toBeCloseTo(1, 5);
    expect(waldPValue(1.959963984540054)).toBeCloseTo(0.05, 14);
  });

  it("log-gamma matches log factorials", () => {
    let logFact = 0;
    for (let n = 1; n <= 40; n++) {
      logFact += Math.log(n);
      expect(Math.abs(logGamma(n + 1) - logFact)).toBeLessThan(1e-12 * Math.max(1, logFact));
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it("Poisson tails agree with direct summation and are complementary", () => {
    for (const [k, lambda] of [
      [0, 0.5],
      [3, 10.2],
      [35, 3.1],
      [62, 38.7],
      [150, 120.5],
    ] as const) {
      let pmf = Math.exp(-lambda);
      let cdf = pmf;
      for (let j = 1; j <= k; j++) {
        pmf *= lambda / j;
        cdf += pmf;
      }
      expect(poissonCdf(k, lambda) / cdf).toBeCloseTo(1, 10);
      expect(poissonCdf(k, lambda) + poissonUpper(k, lambda)).toBeCloseTo(1, 12);
    }
    // A tiny upper tail keeps relative precision: P(X >= 35 | 3.1) ≈ pmf(35) (1 + λ/36 + …).
    let pmf35 = Math.exp(-3.1);
    for (let j = 1; j <= 35; j++) pmf35 *= 3.1 / j;
    expect(poissonUpper(34, 3.1) / pmf35).toBeGreaterThan(1);
    expect(poissonUpper(34, 3.1) / pmf35).toBeLessThan(1.1);
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
  });
});

describe("linear algebra", () => {
  it("solves badly scaled positive definite systems", () => {
    const n = 4;
    const a = new Float64Array([
      1e6, 2e3, 1, 0.5, 2e3, 5, 0.01, 0.02, 1, 0.01, 3e-4, 1e-5, 0.5, 0.02, 1e-5, 2,
    ]);
    const x = new Float64Array([1, -2, 3, 0.5]);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] = b[i]! + a[i * n + j]! * x[j]!;
    const f = choleskyPivoted(a, n);
    expect(f.rank).toBe(4);
    const sol = choleskySolve(f, b);
    for (let i = 0; i < n; i++) expect(sol[i]).toBeCloseTo(x[i]!, 8);
    const inv = choleskyInverse(f);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 6);
      }
    }
  });

  it("detects rank deficiency", () => {
    // Third column = first + second.
    const x = new Float64Array([1, 0, 1, 0, 1, 1, 1, 1, 2, 1, 0, 1]);
    expect(columnRank(x, 4, 3)).toBe(2);
    const gram = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        for (let r = 0; r < 4; r++) gram[i * 3 + j] = gram[i * 3 + j]! + x[r * 3 + i]! * x[r * 3 + j]!;
    expect(choleskyPivoted(gram, 3).rank).toBe(2);
  });
});

describe("simplex", () => {
  it("finds the optimum of a small LP", () => {
    // max x1 + 2 x2 s.t. x1 + x2 + s1 = 4, x1 + 3 x2 + s2 = 6  → x = (3, 1), value 5.
    const result = solveLp({
      m: 2,
      n: 4,
      a: new Float64Array([1, 1, 1, 0, 1, 3, 0, 1]),
      b: new Float64Array([4, 6]),
      c: new Float64Array([1, 2, 0, 0]),
    });
    expect(result.status).toBe("optimal");
    if (result.status === "optimal") expect(result.objective).toBeCloseTo(5, 10);
  });

  it("reports infeasibility and copes with redundant rows", () => {
    const infeasible = solveLp({
      m: 2,
      n: 2,
      a: new Float64Array([1, 1, 1, 1]),
      b: new Float64Array([1, 2]),
      c: new Float64Array([1, 0]),
    });
    expect(infeasible.status).toBe("infeasible");
    const redundant = solveLp({
      m: 3,
      n: 3,
      a: new Float64Array([1, 1, 0, 0, 1, 1, 1, 2, 1]),
      b: new Float64Array([2, 2, 4]),
      c: new Float64Array([0, 1, 0]),
    });
    expect(redundant.status).toBe("optimal");
    if (redundant.status === "optimal") expect(redundant.objective).toBeCloseTo(2, 10);
  });

  it("terminates on a degenerate problem that cycles under the textbook rule (Beale 1955)", () => {
    // max 3/4 x4 - 20 x5 + 1/2 x6 - 6 x7 with slacks x1..x3; optimum 5/4 at x4 = x6 = 1.
    const result = solveLp({
      m: 3,
      n: 7,
      a: new Float64Array([1, 0, 0, 0.25, -8, -1, 9, 0, 1, 0, 0.5, -12, -0.5, 3, 0, 0, 1, 0, 0, 1, 0]),
      b: new Float64Array([0, 0, 1]),
      c: new Float64Array([0, 0, 0, 0.75, -20, 0.5, -6]),
    });
    expect(result.status).toBe("optimal");
    if (result.status === "optimal") expect(result.objective).toBeCloseTo(1.25, 10);
  });
});

describe("random numbers", () => {
  it("are reproducible from the seed", () => {
    const a = createRng(1234);
    const b = createRng(1234);
    const c = createRng(1235);
    const sa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(sa);
    for (const u of sa) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });

  it("draw binomials with the right mean and variance", () => {
    const rng = createRng(7);
    for (const [n, p] of [
      [2744, 0.36],
      [60, 0.4],
      [5000, 0.003],
    ] as const) {
      const draws = 40000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < draws; i++) {
        const x = binomial(rng, n, p);
        expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
        s += x;
        s2 += x * x;
      }
      const mean = s / draws;
      const variance = s2 / draws - mean * mean;
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.95);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.05);
    }
  });

  it("draw multinomials that keep the total and never fill zero-weight cells", () => {
    const rng = createRng(3);
    const weights = new Float64Array([0, 54, 463, 0, 907, 15, 0, 2]);
    for (let i = 0; i < 200; i++) {
      const x = multinomial(rng, 1441, weights);
      expect(x.reduce((a, b) => a + b, 0)).toBe(1441);
      expect(x[0]).toBe(0);
      expect(x[3]).toBe(0);
      expect(x[6]).toBe(0);
    }
  });
});
