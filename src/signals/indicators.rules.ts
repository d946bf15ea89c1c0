/**
 * @module indicators.rules
 * The indicator checklists (reference/indicators/*.yaml) as validated, versioned reference data, and
 * the two questions the intake asks of them: which items to show for the suspected forms of
 * exploitation, and how much the ticked items weigh together.
 *
 * Pure: `buildIndicatorCatalogue` takes already-parsed data (see `indicators.load` for the file
 * reading). The score is a triage aid for the desk, never a decision: the B8/3 "slightest indication"
 * rule (`reflection-period.rules`) fires on any single indicator, whatever its weight.
 *
 * Several lists describe the same sign in their own terms (e.g. confiscated papers appear in the
 * general list, the ILO list and the prosecution service's list). Items say so with `sameAs`; the
 * catalogue joins them into one group, and the score counts each group once, at the highest weight
 * ticked in it, so ticking the same sign twice does not make a signal look stronger.
 */
import { z } from "zod";
import { AppError } from "../platform/errors";
import {
  EXPLOITATION_FORMS,
  type ExploitationForm,
  ExploitationFormSchema,
  type Label,
} from "./signal.vocabulary";

/** What the weights mean. Shown to users next to the checklist and documented in the README. */
export const INDICATOR_WEIGHT_MEANINGS: Readonly<Record<1 | 2 | 3, Label>> = {
  3: {
    nl: "Sterk: op zichzelf meestal genoeg om te handelen (doorzetten, melden, bedenktijd aanbieden).",
    en: "Strong: on its own usually enough to act (route, report, offer the reflection period).",
  },
  2: {
    nl: "Middel: reden om te handelen samen met een ander signaal.",
    en: "Medium: a reason to act together with another sign.",
  },
  1: {
    nl: "Context: alleen betekenisvol in combinatie met andere signalen.",
    en: "Context: meaningful only in combination with other signs.",
  },
};

const LabelSchema = z.object({ nl: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();

export const IndicatorItemSchema = z
  .object({
    /** Stable id, `<list prefix>-NN`. Never reused, never renumbered (see the README). */
    id: z.string().regex(/^[a-z]{2,4}-\d{2,3}$/, "item id must look like `abc-01`"),
    weight: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    forms: z.array(ExploitationFormSchema).min(1),
    /** `minors`: only relevant when a minor is involved (e.g. signs at school). */
    audience: z.enum(["any", "minors"]).default("any"),
    /** Ids of items in other lists that describe the same sign. */
    sameAs: z.array(z.string()).default([]),
    /** Retired items stay resolvable for signals recorded under an older version, but are not offered. */
    retired: z.boolean().default(false),
    text: LabelSchema,
  })
  .strict();
export type IndicatorItem = z.infer<typeof IndicatorItemSchema>;

export const IndicatorSourceSchema = z
  .object({
    publisher: z.string().trim().min(1),
    title: z.string().trim().min(1),
    reference: z.string().trim().min(1),
    /** `verified`: items checked against the source; `structure-only`: follows its structure, not checked item by item. */
    confidence: z.enum(["verified", "structure-only"]),
    description: LabelSchema,
  })
  .strict();

export const IndicatorListSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "list id must be kebab-case"),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "version must be MAJOR.MINOR.PATCH"),
    validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** `general` lists are always shown; `specific` items only for their forms. */
    scope: z.enum(["general", "specific"]),
    itemPrefix: z.string().regex(/^[a-z]{2,4}$/),
    title: LabelSchema,
    source: IndicatorSourceSchema,
    items: z.array(IndicatorItemSchema).min(1),
  })
  .strict()
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.items.forEach((item, index) => {
      if (!item.id.startsWith(`${list.itemPrefix}-`)) {
        ctx.addIssue({
          code: "custom",
          path: ["items", index, "id"],
          message: `must start with ${list.itemPrefix}-`,
        });
      }
      if (seen.has(item.id)) {
        ctx.addIssue({ code: "custom", path: ["items", index, "id"], message: `duplicate id ${item.id}` });
      }
      seen.add(item.id);
    });
  });
export type IndicatorList = z.infer<typeof IndicatorListSchema>;

/** An item as the catalogue hands it out: with its list, version and equivalence group. */
export type CatalogueItem = IndicatorItem & {
  listId: string;
  listVersion: string;
  /** Items with the same `group` describe the same sign; the group id is the smallest member id. */
  group: string;
};

export type IndicatorBand = "none" | "weak" | "moderate" | "strong";

export type IndicatorScore = {
  /** Sum over the distinct signs ticked, each at the highest weight ticked for it. */
  total: number;
  /** Number of distinct signs (groups) ticked. */
  count: number;
  maxWeight: 0 | 1 | 2 | 3;
  /** Number of distinct signs ticked at weight 3. */
  strongCount: number;
  /** The total per form: a sign counts towards every form of the items ticked for it. */
  byForm: Record<ExploitationForm, number>;
  /** none: nothing; strong: any weight-3 sign or total ≥ 6; moderate: total ≥ 3; weak: otherwise. */
  band: IndicatorBand;
  /** Ids not in the catalogue: left out of the score and reported, never silently dropped. */
  unknownIds: string[];
};

export type IndicatorCatalogue = {
  /** General lists first, then the specific lists in the order given. */
  readonly lists: readonly IndicatorList[];
  item(id: string): CatalogueItem | undefined;
  /**
   * The items to show for the suspected forms: every item of a general list, plus the items of specific
   * lists that share at least one form. No forms (form unknown) → general items only. With
   * `minorInvolved: false`, items meant for minors are left out; unknown (undefined) keeps them.
   * Retired items are never offered.
   */
  indicatorsForForms(
    forms: readonly ExploitationForm[],
    options?: { minorInvolved?: boolean },
  ): CatalogueItem[];
  indicatorScore(selectedIds: readonly string[]): IndicatorScore;
};

/** Resolve `sameAs` links into groups (union-find); each group is named by its smallest member id. */
function equivalenceGroups(items: readonly IndicatorItem[]): Map<string, string> {
  const parent = new Map<string, string>(items.map((i) => [i.id, i.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(id, root);
    return root;
  };
  for (const item of items) {
    for (const other of item.sameAs) {
      const [a, b] = [find(item.id), find(other)];
      if (a === b) continue;
      // The smaller id becomes the root, so a group's name does not depend on the order of the lists.
      const [low, high] = a < b ? [a, b] : [b, a];
      parent.set(high, low);
    }
  }
  return new Map(items.map((i) => [i.id, find(i.id)]));
}

function catalogueError(problems: string[]): AppError {
  return new AppError(
    "VALIDATION_FAILED",
    `Indicatorlijsten ongeldig / invalid indicator lists: ${problems.join("; ")}`,
  );
}

/**
 * Validate parsed indicator lists and build the catalogue. Throws `VALIDATION_FAILED` naming every
 * problem (schema errors with their path, duplicate list ids or prefixes, duplicate item ids across
 * lists, `sameAs` links to unknown items or to the item itself).
 */
export function buildIndicatorCatalogue(parsed: readonly unknown[]): IndicatorCatalogue {
  const problems: string[] = [];
  const lists: IndicatorList[] = [];
  parsed.forEach((raw, index) => {
    const result = IndicatorListSchema.safeParse(raw);
    if (result.success) {
      lists.push(result.data);
      return;
    }
    const name = typeof raw === "object" && raw !== null && "id" in raw ? String(raw.id) : `#${index}`;
    for (const issue of result.error.issues)
      problems.push(`${name}.${issue.path.join(".")}: ${issue.message}`);
  });

  const listIds = new Set<string>();
  const prefixes = new Set<string>();
  const byId = new Map<string, { item: IndicatorItem; list: IndicatorList }>();
  for (const list of lists) {
    if (listIds.has(list.id)) problems.push(`duplicate list id ${list.id}`);
    if (prefixes.has(list.itemPrefix)) problems.push(`duplicate item prefix ${list.itemPrefix}`);
    listIds.add(list.id);
    prefixes.add(list.itemPrefix);
    for (const item of list.items) {
      if (byId.has(item.id)) problems.push(`duplicate item id ${item.id}`);
      byId.set(item.id, { item, list });
    }
  }
  for (const { item } of byId.values()) {
    for (const other of item.sameAs) {
      if (other === item.id) problems.push(`${item.id} is sameAs itself`);
      else if (!byId.has(other)) problems.push(`${item.id} is sameAs unknown item ${other}`);
    }
  }
  if (problems.length > 0) throw catalogueError(problems);

  const ordered = [
    ...lists.filter((l) => l.scope === "general"),
    ...lists.filter((l) => l.scope === "specific"),
  ];
  const groups = equivalenceGroups([...byId.values()].map((v) => v.item));
  const items = new Map<string, CatalogueItem>();
  for (const list of ordered) {
    for (const item of list.items) {
      items.set(item.id, {
        ...item,
        listId: list.id,
        listVersion: list.version,
        group: groups.get(item.id) as string,
      });
    }
  }
  const listScope = new Map(ordered.map((l) => [l.id, l.scope]));

  return {
    lists: Object.freeze(ordered),
    item: (id) => items.get(id),
    indicatorsForForms(forms, options = {}) {
      const wanted = new Set(forms);
      return [...items.values()].filter((item) => {
        if (item.retired) return false;
        if (options.minorInvolved === false && item.audience === "minors") return false;
        if (listScope.get(item.listId) === "general") return true;
        return item.forms.some((f) => wanted.has(f));
      });
    },
    indicatorScore(selectedIds) {
      return scoreItems(items, selectedIds);
    },
  };
}

function scoreItems(
  items: ReadonlyMap<string, CatalogueItem>,
  selectedIds: readonly string[],
): IndicatorScore {
  const unknownIds: string[] = [];
  const perGroup = new Map<string, { weight: 1 | 2 | 3; forms: Set<ExploitationForm> }>();
  for (const id of new Set(selectedIds)) {
    const item = items.get(id);
    if (!item) {
      unknownIds.push(id);
      continue;
    }
    const entry = perGroup.get(item.group) ?? { weight: item.weight, forms: new Set<ExploitationForm>() };
    entry.weight = Math.max(entry.weight, item.weight) as 1 | 2 | 3;
    for (const form of item.forms) entry.forms.add(form);
    perGroup.set(item.group, entry);
  }

  const byForm = Object.fromEntries(EXPLOITATION_FORMS.map((f) => [f, 0])) as Record<
    ExploitationForm,
    number
  >;
  let total = 0;
  let maxWeight: 0 | 1 | 2 | 3 = 0;
  let strongCount = 0;
  for (const { weight, forms } of perGroup.values()) {
    total += weight;
    if (weight > maxWeight) maxWeight = weight;
    if (weight === 3) strongCount += 1;
    for (const form of forms) byForm[form] += weight;
  }
  const count = perGroup.size;
  const band: IndicatorBand =
    count === 0 ? "none" : strongCount > 0 || total >= 6 ? "strong" : total >= 3 ? "moderate" : "weak";
  return { total, count, maxWeight, strongCount, byForm, band, unknownIds };
}
