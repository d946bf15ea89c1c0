/**
 * Every deterministic value of the R reference outputs (test/fixtures/mse/REFERENCE.md and
 * R-TIMINGS.md), read from the derived reference.json, reproduced by the library.
 * Tolerances: 1e-4 relative or the printed precision; Rcapture profile limits ±0.5.
 */

import { describe, expect, it } from "vitest";
import { deriveFromFixtures } from "../../test/fixtures/mse/derive-reference";
import { loadReference } from "../../test/fixtures/mse/fixtures";
import { reproduceItem } from "../../test/fixtures/mse/reproduce";

const reference = loadReference();

describe("reference.json", () => {
  it("is exactly what derive-reference.ts extracts from REFERENCE.md and R-TIMINGS.md", () => {
    expect(reference).toEqual(deriveFromFixtures());
  });

  it("accounts for every line of REFERENCE.md that carries reference values", () => {
    expect(reference.uncovered).toEqual([]);
    expect(reference.items.length).toBeGreaterThan(150);
    for (const x of reference.notReproduced) expect(x.reason.length).toBeGreaterThan(20);
  });
});

const deterministic = reference.items.filter(
  (item) => !item.call.type.startsWith("bca-") && item.call.type !== "lcmcr",
);

describe("deterministic reference values", () => {
  it.each(deterministic.map((item) => [`${item.id} (${item.file}:${item.line})`, item] as const))(
    "%s",
    (_name, item) => {
      const comparisons = reproduceItem(item);
      expect(comparisons.length).toBeGreaterThan(0);
      const failures = comparisons
        .filter((c) => !c.ok)
        .map((c) => `${c.label}: got ${JSON.stringify(c.actual)}, expected ${JSON.stringify(c.expected)}`);
      expect(failures).toEqual([]);
    },
    60_000,
  );
});
