/**
 * BIC-bootstrap (MultipleSystemsEstimation top-ntop BCa) reference limits from R runs and
 * from Silverman, Chan & Vincent (2024), read from reference.json and compared within
 * the recorded bands, with 1000 replicates and the default seed.
 */

import { describe, expect, it } from "vitest";
import { loadReference } from "../../test/fixtures/mse/fixtures";
import { reproduceItem } from "../../test/fixtures/mse/reproduce";

const items = loadReference().items.filter((item) => item.call.type === "bca-bic");

describe("BIC BCa bootstrap against R and the published tables", () => {
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
    180_000,
  );
});
