/**
 * LCMCR posterior summaries (Bayesian latent-class model) from REFERENCE.md, read from
 * reference.json, reproduced by `lcmcrPosterior` with LCMCR's settings (K = 5,
 * a = b = 0.25, seed 12345, burn-in 1e5, thinning 100, 1000 draws). R used GSL random
 * numbers, so values are compared within MCMC bands.
 */

import { describe, expect, it } from "vitest";
import { loadReference } from "../../test/fixtures/mse/fixtures";
import { reproduceItem } from "../../test/fixtures/mse/reproduce";

const items = loadReference().items.filter((item) => item.call.type === "lcmcr");

describe("LCMCR posterior against R", () => {
  it.each(items.map((item) => [`${item.id} (${item.file}:${item.line})`, item] as const))(
    "%s",
    (_name, item) => {
      const comparisons = reproduceItem(item);
      expect(comparisons.length).toBe(3);
      const failures = comparisons
        .filter((c) => !c.ok)
        .map(
          (c) =>
            `${c.label}: got ${JSON.stringify(c.actual)}, expected ${JSON.stringify(c.expected)} (rel. tol ${c.relTol})`,
        );
      expect(failures).toEqual([]);
    },
    180_000,
  );
});
