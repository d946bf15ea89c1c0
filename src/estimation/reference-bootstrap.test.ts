/**
 * Bootstrap (BCa) reference limits of SparseMSE / MultipleSystemsEstimation's stepwise
 * procedure, read from reference.json, with 1000 replicates and the default seed. R's
 * Mersenne-Twister draws cannot be replayed, so limits are compared within the bands
 * recorded in reference.json (see derive-reference.ts); the jackknife acceleration is
 * deterministic and compared tightly.
 */

import { describe, expect, it } from "vitest";
import { loadReference } from "../../test/fixtures/mse/fixtures";
import { reproduceItem } from "../../test/fixtures/mse/reproduce";

const items = loadReference().items.filter((item) => item.call.type === "bca-stepwise");

describe("stepwise BCa bootstrap against R", () => {
  it.each(items.map((item) => [`${item.id} (${item.file}:${item.line})`, item] as const))(
    "%s",
    (_name, item) => {
      const comparisons = reproduceItem(item);
      expect(comparisons.length).toBeGreaterThan(0);
      const failures = comparisons
        .filter((c) => !c.ok)
        .map(
          (c) =>
            `${c.label}: got ${JSON.stringify(c.actual)}, expected ${JSON.stringify(c.expected)} (rel. tol ${c.relTol})`,
        );
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
