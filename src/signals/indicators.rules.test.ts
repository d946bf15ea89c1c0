import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../platform/errors";
import { loadIndicatorCatalogue } from "./indicators.load";
import {
  buildIndicatorCatalogue,
  INDICATOR_WEIGHT_MEANINGS,
  type IndicatorCatalogue,
} from "./indicators.rules";

/** A small synthetic list (test data, not reference data). */
function buildList(overrides: Record<string, unknown> = {}) {
  return {
    id: "test-general",
    version: "1.0.0",
    validFrom: "2026-01-01",
    scope: "general",
    itemPrefix: "tg",
    title: { nl: "Test", en: "Test" },
    source: {
      publisher: "synthetic",
      title: "synthetic",
      reference: "none",
      confidence: "verified",
      description: { nl: "synthetisch", en: "synthetic" },
    },
    items: [
      { id: "tg-01", weight: 3, forms: ["sexual", "labour"], text: { nl: "a", en: "a" } },
      { id: "tg-02", weight: 1, forms: ["labour"], text: { nl: "b", en: "b" } },
    ],
    ...overrides,
  };
}

function buildSpecific(overrides: Record<string, unknown> = {}) {
  return buildList({
    id: "test-specific",
    scope: "specific",
    itemPrefix: "ts",
    items: [
      { id: "ts-01", weight: 2, forms: ["labour"], sameAs: ["tg-01"], text: { nl: "c", en: "c" } },
      { id: "ts-02", weight: 2, forms: ["criminal"], audience: "minors", text: { nl: "d", en: "d" } },
      { id: "ts-03", weight: 1, forms: ["sexual"], retired: true, text: { nl: "e", en: "e" } },
      { id: "ts-04", weight: 2, forms: ["organ_removal"], text: { nl: "f", en: "f" } },
    ],
    ...overrides,
  });
}

function problemsOf(lists: unknown[]): string {
  try {
    buildIndicatorCatalogue(lists);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).message;
  }
  throw new Error("expected the catalogue to be rejected");
}

describe("the shipped reference lists", () => {
  let catalogue: IndicatorCatalogue;
  beforeAll(async () => {
    catalogue = await loadIndicatorCatalogue();
  });

  it("loads all six lists, general first", () => {
    expect(catalogue.lists.map((l) => l.id)).toEqual([
      "general",
      "criminal-exploitation",
      "form-specific",
      "ilo-forced-labour",
      "loverboy-method",
      "om-aanwijzing-mensenhandel",
    ]);
  });

  it("has exactly the ILO's eleven indicators, ilo-01 … ilo-11", () => {
    const ilo = catalogue.lists.find((l) => l.id === "ilo-forced-labour");
    expect(ilo?.items.map((i) => i.id)).toEqual(
      Array.from({ length: 11 }, (_, i) => `ilo-${String(i + 1).padStart(2, "0")}`),
    );
  });

  it("gives every list a version, a dated start, a source and bilingual titles", () => {
    for (const list of catalogue.lists) {
      expect(list.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(list.source.description.nl.length).toBeGreaterThan(40);
      expect(list.source.description.en.length).toBeGreaterThan(40);
      expect(list.title.nl).not.toBe("");
    }
  });

  it("covers every form of exploitation with at least one form-specific item", () => {
    const specific = catalogue.lists.filter((l) => l.scope === "specific").flatMap((l) => l.items);
    for (const form of ["sexual", "labour", "criminal", "forced_services", "organ_removal"] as const) {
      expect(specific.some((i) => i.forms.includes(form))).toBe(true);
    }
  });

  it("keeps sameAs groups to one sign: confiscated papers are one group across three lists", () => {
    const group = catalogue.item("ilo-07")?.group;
    expect(catalogue.item("gen-05")?.group).toBe(group);
    expect(catalogue.item("om-08")?.group).toBe(group);
    expect(catalogue.indicatorScore(["gen-05", "ilo-07", "om-08"])).toMatchObject({ total: 3, count: 1 });
  });

  it("offers the ILO list for labour but not for sexual exploitation", () => {
    const labour = catalogue.indicatorsForForms(["labour"]).map((i) => i.id);
    const sexual = catalogue.indicatorsForForms(["sexual"]).map((i) => i.id);
    expect(labour).toContain("ilo-08");
    expect(sexual).not.toContain("ilo-08");
    expect(sexual).toContain("lb-07");
    expect(sexual).toContain("gen-01");
  });

  it("shows only general items when the form is unknown", () => {
    const items = catalogue.indicatorsForForms([]);
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.listId === "general")).toBe(true);
  });

  it("leaves school signs out when it is known that no minor is involved", () => {
    expect(catalogue.indicatorsForForms(["sexual"], { minorInvolved: false }).map((i) => i.id)).not.toContain(
      "lb-07",
    );
    expect(catalogue.indicatorsForForms(["sexual"], { minorInvolved: true }).map((i) => i.id)).toContain(
      "lb-07",
    );
  });
});

describe("buildIndicatorCatalogue validation", () => {
  it("accepts well-formed lists and fills defaults", () => {
    const catalogue = buildIndicatorCatalogue([buildSpecific(), buildList()]);
    expect(catalogue.lists.map((l) => l.id)).toEqual(["test-general", "test-specific"]);
    expect(catalogue.item("tg-02")).toMatchObject({
      audience: "any",
      sameAs: [],
      retired: false,
      group: "tg-02",
    });
  });

  it.each([
    [
      "a weight outside 1–3",
      [buildList({ items: [{ id: "tg-01", weight: 4, forms: ["sexual"], text: { nl: "a", en: "a" } }] })],
      "weight",
    ],
    [
      "an unknown form",
      [buildList({ items: [{ id: "tg-01", weight: 1, forms: ["smuggling"], text: { nl: "a", en: "a" } }] })],
      "forms",
    ],
    [
      "no forms",
      [buildList({ items: [{ id: "tg-01", weight: 1, forms: [], text: { nl: "a", en: "a" } }] })],
      "forms",
    ],
    [
      "a missing English text",
      [buildList({ items: [{ id: "tg-01", weight: 1, forms: ["sexual"], text: { nl: "a", en: "" } }] })],
      "text.en",
    ],
    [
      "an id with the wrong prefix",
      [buildList({ items: [{ id: "xx-01", weight: 1, forms: ["sexual"], text: { nl: "a", en: "a" } }] })],
      "must start with tg-",
    ],
    ["a bad version", [buildList({ version: "1.0" })], "version"],
    ["an unknown field", [buildList({ colour: "red" })], "test-general"],
    [
      "a duplicate item id across lists",
      [
        buildList(),
        buildSpecific({
          itemPrefix: "tg",
          items: [{ id: "tg-01", weight: 1, forms: ["sexual"], text: { nl: "a", en: "a" } }],
        }),
      ],
      "duplicate",
    ],
    [
      "a duplicate list id",
      [
        buildList(),
        buildList({
          itemPrefix: "tx",
          items: [{ id: "tx-01", weight: 1, forms: ["sexual"], text: { nl: "a", en: "a" } }],
        }),
      ],
      "duplicate list id",
    ],
    [
      "a sameAs to an unknown item",
      [
        buildSpecific({
          items: [
            { id: "ts-01", weight: 1, forms: ["sexual"], sameAs: ["zz-99"], text: { nl: "a", en: "a" } },
          ],
        }),
      ],
      "unknown item zz-99",
    ],
    [
      "a sameAs to itself",
      [
        buildSpecific({
          items: [
            { id: "ts-01", weight: 1, forms: ["sexual"], sameAs: ["ts-01"], text: { nl: "a", en: "a" } },
          ],
        }),
      ],
      "sameAs itself",
    ],
    ["something that is not a list", ["just text"], "#0"],
  ])("rejects %s", (_label, lists, fragment) => {
    expect(problemsOf(lists)).toContain(fragment);
  });
});

describe("indicatorsForForms", () => {
  const catalogue = buildIndicatorCatalogue([buildList(), buildSpecific()]);
  const ids = (forms: Parameters<IndicatorCatalogue["indicatorsForForms"]>[0], minorInvolved?: boolean) =>
    catalogue.indicatorsForForms(forms, { minorInvolved }).map((i) => i.id);

  it.each([
    [[], undefined, ["tg-01", "tg-02"]],
    [["labour"], undefined, ["tg-01", "tg-02", "ts-01"]],
    [["criminal"], undefined, ["tg-01", "tg-02", "ts-02"]],
    [["criminal"], true, ["tg-01", "tg-02", "ts-02"]],
    [["criminal"], false, ["tg-01", "tg-02"]],
    [["sexual"], undefined, ["tg-01", "tg-02"]], // ts-03 is retired
    [["organ_removal", "labour"], undefined, ["tg-01", "tg-02", "ts-01", "ts-04"]],
  ] as const)("forms %j, minor %s → %j", (forms, minor, expected) => {
    expect(ids(forms, minor)).toEqual(expected);
  });
});

describe("indicatorScore", () => {
  const catalogue = buildIndicatorCatalogue([buildList(), buildSpecific()]);

  it.each([
    [[], { total: 0, count: 0, maxWeight: 0, band: "none" }],
    [["tg-02"], { total: 1, count: 1, maxWeight: 1, band: "weak" }],
    [["ts-04", "tg-02"], { total: 3, count: 2, maxWeight: 2, band: "moderate" }],
    [["ts-01"], { total: 2, count: 1, maxWeight: 2, band: "weak" }],
    // ts-01 is the same sign as tg-01: counted once, at the higher weight
    [["ts-01", "tg-01"], { total: 3, count: 1, maxWeight: 3, strongCount: 1, band: "strong" }],
    [["tg-01"], { total: 3, count: 1, band: "strong" }],
    [["ts-02", "ts-04", "tg-02", "ts-01"], { total: 7, count: 4, strongCount: 0, band: "strong" }],
    // duplicates in the input count once; a retired item still counts (recorded under an older version)
    [["tg-02", "tg-02", "ts-03"], { total: 2, count: 2, band: "weak" }],
  ] as const)("%j → %j", (selected, expected) => {
    expect(catalogue.indicatorScore(selected)).toMatchObject(expected);
  });

  it("adds a sign's weight to every form of the items ticked for it", () => {
    const score = catalogue.indicatorScore(["ts-01", "tg-01", "ts-02"]);
    expect(score.byForm).toEqual({ sexual: 3, labour: 3, criminal: 2, forced_services: 0, organ_removal: 0 });
  });

  it("reports unknown ids instead of dropping them silently", () => {
    const score = catalogue.indicatorScore(["tg-02", "nope-01"]);
    expect(score.unknownIds).toEqual(["nope-01"]);
    expect(score.total).toBe(1);
  });

  it("documents every weight", () => {
    expect(Object.keys(INDICATOR_WEIGHT_MEANINGS).sort()).toEqual(["1", "2", "3"]);
  });
});
