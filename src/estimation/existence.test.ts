/**
 * The Fienberg–Rinaldo existence test and the rank check against their meaning: on
 * random sparse tables, a model passes exactly when Newton's method converges to fitted
 * values bounded away from 0, and fails when the likelihood only increases towards the
 * boundary (some fitted cells collapse to 0) or the information matrix is singular.
 */

import { describe, expect, it } from "vitest";
import { superSetCounts } from "./capture-table";
import { enumerateHierarchicalModels } from "./hierarchy";
import { checkModel, fitLoglinear } from "./loglinear";
import { createRng } from "./rng";

function randomSparseCounts(seed: number, t: number): Float64Array {
  const rng = createRng(seed);
  const counts = new Float64Array(1 << t);
  for (let w = 1; w < counts.length; w++) {
    // Mostly zeros, so that boundary cases are common.
    if (rng.uniform() < 0.45) counts[w] = 1 + Math.floor(rng.uniform() * 20);
  }
  for (let i = 0; i < t; i++) if (counts[1 << i] === 0) counts[1 << i] = 5;
  return counts;
}

describe("existence and identifiability checks", () => {
  it("agree with whether the maximum likelihood fit converges", () => {
    let exists = 0;
    let fails = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const t = seed % 2 === 0 ? 3 : 4;
      const counts = randomSparseCounts(seed, t);
      const data = { t, counts, nstar: superSetCounts(counts, t) };
      for (const terms of enumerateHierarchicalModels(t, t - 1)) {
        const check = checkModel(data, terms);
        const fit = fitLoglinear(data, terms, { convergence: "strict", maxIter: 200 });
        // A boundary (non-existent) MLE shows as kept cells whose fitted means collapse to 0.
        let smallest = Number.POSITIVE_INFINITY;
        for (let w = 1; w < counts.length; w++) if (fit.kept[w]) smallest = Math.min(smallest, fit.mu[w]!);
        const finite = fit.converged && smallest > 1e-6;
        if (check.code === 0) {
          exists++;
          expect(finite).toBe(true);
          // At the MLE the fitted margins equal the observed ones.
          const fitted = superSetCounts(fit.mu, t);
          for (const term of fit.finite) {
            expect(Math.abs(fitted[term]! - data.nstar[term]!)).toBeLessThan(1e-6 * (1 + data.nstar[term]!));
          }
        } else {
          fails++;
          expect(finite).toBe(false);
        }
      }
    }
    expect(exists).toBeGreaterThan(100);
    expect(fails).toBeGreaterThan(100);
  });
});
