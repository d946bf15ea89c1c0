/** Hierarchical models: notation, closure and the BIC model space. */

import { describe, expect, it } from "vitest";
import { EstimationError } from "./errors";
import {
  enumerateHierarchicalModels,
  formatModel,
  hierarchicalClosure,
  isHierarchical,
  mainEffectsModel,
  modelOrder,
  parseModel,
} from "./hierarchy";

const letters = (t: number) => Array.from({ length: t }, (_, i) => String.fromCharCode(65 + i));

describe("model notation", () => {
  it("writes models as MultipleSystemsEstimation does", () => {
    const neworl = hierarchicalClosure(parseModel("[45]", letters(8)), 8);
    expect(formatModel(neworl, 8)).toBe("[45,1,2,3,6,7,8]");
    expect(formatModel(hierarchicalClosure(parseModel("[34,25,123]", letters(5)), 5), 5)).toBe("[123,25,34]");
    expect(formatModel(hierarchicalClosure(parseModel("[134,23,12]", letters(4)), 4), 4)).toBe("[134,12,23]");
    expect(formatModel(mainEffectsModel(3), 3)).toBe("[1,2,3]");
  });

  it("reads digits, positions with colons and list names", () => {
    const lists = ["LA", "NG", "PF", "GO", "GP", "NCA"];
    const byName = hierarchicalClosure(parseModel("[LA:NG, pf:nca]", lists), 6);
    const byDigits = hierarchicalClosure(parseModel("[12,36]", lists), 6);
    expect(byName).toEqual(byDigits);
    const ten = letters(10);
    const t10 = hierarchicalClosure(parseModel("[1:10,2:3]", ten), 10);
    expect(formatModel(t10, 10)).toBe("[1:10,2:3,4,5,6,7,8,9]");
    expect(hierarchicalClosure(parseModel(formatModel(t10, 10), ten), 10)).toEqual(t10);
  });

  it("rejects impossible models with a clear message", () => {
    expect(() => parseModel("[12,4]", letters(3))).toThrow(/refers to list 4/);
    expect(() => parseModel("[123]", letters(3))).toThrow(/3-way interaction/);
    expect(() => parseModel("[LA:XX]", ["LA", "NG"])).toThrow(EstimationError);
  });

  it("closes a model under subsets", () => {
    const terms = hierarchicalClosure([0b111], 4);
    expect(isHierarchical(terms)).toBe(true);
    expect(terms).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(modelOrder(terms)).toBe(3);
    expect(isHierarchical([0, 1, 2, 3, 5])).toBe(false);
  });
});

describe("hierarchical model space", () => {
  it("has the sizes of MultipleSystemsEstimation's catalogue", () => {
    // hiermodels has 39,783 models for 2–6 lists: 1 + 8 + 113 + 6893 + 32768.
    const sizes = [
      enumerateHierarchicalModels(2, 1).length,
      enumerateHierarchicalModels(3, 2).length,
      enumerateHierarchicalModels(4, 3).length,
      enumerateHierarchicalModels(5, 4).length,
      enumerateHierarchicalModels(6, 2).length,
    ];
    expect(sizes).toEqual([1, 8, 113, 6893, 32768]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(39783);
  });

  it("contains only distinct hierarchical models", () => {
    const models = enumerateHierarchicalModels(5, 3);
    const seen = new Set(models.map((m) => m.join(",")));
    expect(seen.size).toBe(models.length);
    for (const m of models) {
      expect(isHierarchical(m)).toBe(true);
      expect(modelOrder(m)).toBeLessThanOrEqual(3);
    }
  });
});
