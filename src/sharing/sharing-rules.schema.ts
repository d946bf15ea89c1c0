/**
 * @module sharing-rules.schema
 * The shape of the sharing rule-set file (`reference/sharing-rules/sharing-rules.yaml`) and its
 * parser. The file is written for a privacy officer to read; this module makes sure that what they
 * read is also exactly what the evaluator enforces, and that every mistake is reported with the rule
 * id, the field and the line, all problems at once.
 *
 * Beyond the shape, the parser enforces the invariants the law puts above any single rule:
 * - an allow rule states its legal basis and whether consent is required;
 * - `statistics` and `research` are only ever allowed on `non_personal` data;
 * - `own_administration` is never a ground for disclosing personal data;
 * - a deny rule cannot require consent (consent cannot turn a prohibition into permission here);
 * - rule ids are unique, and the changelog has an entry for the file's version.
 *
 * Pure: no I/O. Reading the file is `sharing-rules.load.ts`.
 */
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import { AppError, type FieldError } from "../platform/errors";
import { SHARING_CONDITIONS } from "./conditions";
import { DATA_CATEGORIES, type DataCategory } from "./data-categories";
import { LocalizedSchema } from "./localized";
import { AGGREGATE_ONLY_PURPOSES, NON_DISCLOSURE_PURPOSES, PURPOSES, type Purpose } from "./purposes";

/** `"*"` in a rule means "every value, including values added to the vocabulary later". */
export const ALL = "*" as const;
export type ScopeList<T extends string> = typeof ALL | T[];

/**
 * A list of vocabulary values or `"*"`. Written as a transform rather than a union so that an unknown
 * value is reported at its own index with the known values, instead of as an opaque union failure.
 */
function scopeList<T extends string>(known: readonly T[], noun: string) {
  return z.unknown().transform((value, ctx): ScopeList<T> => {
    if (value === ALL) return ALL;
    if (!Array.isArray(value) || value.length === 0) {
      ctx.addIssue({ code: "custom", message: `must be "*" or a non-empty list of ${noun}s` });
      return z.NEVER;
    }
    const seen = new Set<unknown>();
    value.forEach((item, index) => {
      if (typeof item !== "string" || !(known as readonly string[]).includes(item)) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `unknown ${noun} ${JSON.stringify(item)}; known: ${known.join(", ")}`,
        });
      } else if (seen.has(item)) {
        ctx.addIssue({ code: "custom", path: [index], message: `${noun} "${item}" is listed twice` });
      }
      seen.add(item);
    });
    return value as T[];
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, noun: string) {
  return z.enum(values, {
    error: (issue) => `unknown ${noun} ${JSON.stringify(issue.input)}; known: ${values.join(", ")}`,
  });
}

export const RULE_EFFECTS = ["allow", "deny"] as const;
export type RuleEffect = (typeof RULE_EFFECTS)[number];
export const CONSENT_REQUIREMENTS = ["required", "not_required"] as const;
export type ConsentRequirement = (typeof CONSENT_REQUIREMENTS)[number];
/**
 * `verified`: the cited articles were checked against the statutory text or a verified source.
 * `to_be_confirmed`: our best reading, awaiting the privacy officer (FG); shown as such everywhere.
 */
export const LEGAL_BASIS_CONFIDENCE = ["verified", "to_be_confirmed"] as const;
export type LegalBasisConfidence = (typeof LEGAL_BASIS_CONFIDENCE)[number];

export const LegalBasisSchema = z.strictObject({
  articles: z
    .array(z.string().trim().min(1, { error: "an article reference is empty" }), {
      error: "must be a list of article references",
    })
    .min(1, { error: "lists no articles" }),
  explanation: LocalizedSchema,
  confidence: oneOf(LEGAL_BASIS_CONFIDENCE, "confidence"),
});
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

const RULE_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.]*$/;

export const SharingRuleSchema = z
  .strictObject({
    id: z.string({ error: "is missing" }).regex(RULE_ID, {
      error: "must be lower-case words joined by '.' or '-', e.g. registration.investigative-services",
    }),
    description: LocalizedSchema,
    categories: scopeList(DATA_CATEGORIES, "data category"),
    from: scopeList(ORGANISATION_TYPES, "organisation type"),
    to: scopeList(ORGANISATION_TYPES, "organisation type"),
    purposes: scopeList(PURPOSES, "purpose"),
    effect: oneOf(RULE_EFFECTS, "effect"),
    legalBasis: LegalBasisSchema.optional(),
    consent: oneOf(CONSENT_REQUIREMENTS, "consent requirement").optional(),
    condition: oneOf(SHARING_CONDITIONS, "condition").optional(),
    fields: z
      .array(z.string().regex(FIELD_NAME, { error: "is not a valid field name" }), {
        error: "must be a list of field names",
      })
      .min(1, { error: "must not be empty; leave `fields` out to cover the whole category" })
      .optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.effect === "allow" && rule.legalBasis === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["legalBasis"],
        message: "an allow rule must state its legal basis (legalBasis.articles and legalBasis.explanation)",
      });
    }
    if (rule.effect === "allow" && rule.consent === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["consent"],
        message: "an allow rule must say whether consent is required (consent: required | not_required)",
      });
    }
    if (rule.effect === "deny" && rule.consent === "required") {
      ctx.addIssue({
        code: "custom",
        path: ["consent"],
        message: "a deny rule cannot require consent: consent never lifts a prohibition; remove `consent`",
      });
    }
    if (rule.effect !== "allow") return;
    const personal = personalCategoriesIn(rule.categories);
    if (personal.length === 0) return;
    const aggregateOnly = purposesIn(rule.purposes, AGGREGATE_ONLY_PURPOSES);
    if (aggregateOnly.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["categories"],
        message: `${aggregateOnly.join(" and ")} may only use non_personal data, but this allow rule covers ${personal.join(", ")}; write a separate rule for the other purposes`,
      });
    }
    const nonDisclosure = purposesIn(rule.purposes, NON_DISCLOSURE_PURPOSES);
    if (nonDisclosure.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["purposes"],
        message: `${nonDisclosure.join(", ")} is never a ground for disclosing personal data (${personal.join(", ")}) to another organisation`,
      });
    }
  });
export type SharingRule = z.infer<typeof SharingRuleSchema>;

const SEMVER = /^\d+\.\d+\.\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const ChangelogEntrySchema = z.strictObject({
  version: z.string({ error: "is missing" }).regex(SEMVER, { error: "must look like 1.2.0" }),
  date: z.string({ error: "is missing" }).regex(ISO_DATE, { error: "must be a date like 2026-11-29" }),
  changes: LocalizedSchema,
});
export type ChangelogEntry = z.infer<typeof ChangelogEntrySchema>;

export const RULE_SET_STATUSES = ["draft", "approved"] as const;

export const SharingRuleSetSchema = z.strictObject({
  version: z.string({ error: "is missing" }).regex(SEMVER, { error: "must look like 1.2.0" }),
  status: oneOf(RULE_SET_STATUSES, "status"),
  title: LocalizedSchema,
  changelog: z.array(ChangelogEntrySchema, { error: "must be a list" }).min(1, { error: "is empty" }),
  rules: z.array(SharingRuleSchema, { error: "must be a list" }).min(1, { error: "is empty" }),
});
export type SharingRuleSet = z.infer<typeof SharingRuleSetSchema>;

function personalCategoriesIn(categories: ScopeList<DataCategory>): string[] {
  if (categories === ALL) return ["all personal categories (*)"];
  return categories.filter((c) => c !== "non_personal");
}

function purposesIn(purposes: ScopeList<Purpose>, wanted: readonly Purpose[]): Purpose[] {
  if (purposes === ALL) return [...wanted];
  return purposes.filter((p) => wanted.includes(p));
}

/** Whether a scope list covers a value. */
export function covers<T extends string>(list: ScopeList<T>, value: T): boolean {
  return list === ALL || list.includes(value);
}

/** The concrete values a scope list stands for, given the whole vocabulary. */
export function expandScope<T extends string>(list: ScopeList<T>, vocabulary: readonly T[]): readonly T[] {
  return list === ALL ? vocabulary : list;
}

type Issue = { path: PropertyKey[]; message: string };

/** Checks across rules that must be reported even while some rules are still malformed. */
function setLevelIssues(raw: unknown): Issue[] {
  if (typeof raw !== "object" || raw === null) return [];
  const data = raw as { version?: unknown; changelog?: unknown; rules?: unknown };
  const issues: Issue[] = [];
  if (Array.isArray(data.rules)) {
    const firstIndex = new Map<string, number>();
    data.rules.forEach((rule, index) => {
      const id = (rule as { id?: unknown } | null)?.id;
      if (typeof id !== "string") return;
      const earlier = firstIndex.get(id);
      if (earlier === undefined) firstIndex.set(id, index);
      else
        issues.push({
          path: ["rules", index, "id"],
          message: `duplicate rule id "${id}" (also used by rules[${earlier}]); rule ids must be unique`,
        });
    });
  }
  if (typeof data.version === "string" && Array.isArray(data.changelog)) {
    const versions = data.changelog.map((entry) => (entry as { version?: unknown } | null)?.version);
    if (!versions.includes(data.version)) {
      issues.push({
        path: ["changelog"],
        message: `has no entry for version ${data.version}; every version of the rule set says what changed`,
      });
    }
  }
  return issues;
}

/** Describes a path for a human: `rules[3] "registration.police" › categories[1]`. */
function describePath(path: readonly PropertyKey[], raw: unknown): string {
  if (path.length === 0) return "the rule set";
  const parts: string[] = [];
  let node: unknown = raw;
  for (const [i, key] of path.entries()) {
    const value = (node as Record<PropertyKey, unknown> | undefined)?.[key as never];
    if (typeof key === "number") {
      parts[parts.length - 1] = `${parts[parts.length - 1] ?? ""}[${key}]`;
      const id = (value as { id?: unknown } | undefined)?.id;
      if (i === 1 && path[0] === "rules" && typeof id === "string") {
        parts[parts.length - 1] += ` "${id}"`;
      }
    } else {
      parts.push(String(key));
    }
    node = value;
  }
  return parts.join(" › ");
}

/** A path in dotted form for `AppError.fields`: `rules[3].categories[1]`. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("");
}

/**
 * Parses and validates the text of a rule-set file.
 * Throws an `AppError` with code VALIDATION_FAILED whose message lists every problem, each naming
 * the rule (index and id), the field and the line in the file; `fields` carries the same per path.
 *
 * @example
 * const ruleSet = parseSharingRules(readFileSync("reference/sharing-rules/sharing-rules.yaml", "utf8"));
 */
export function parseSharingRules(text: string): SharingRuleSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const at = lineCounter.linePos(error.pos[0]);
      return { field: "(yaml)", message: `line ${at.line}, column ${at.col}: ${firstLine(error.message)}` };
    });
    throw invalid(problems);
  }
  const raw: unknown = doc.toJS();
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const result = SharingRuleSetSchema.safeParse(raw);
  const issues: Issue[] = [...setLevelIssues(raw), ...(result.success ? [] : result.error.issues)];
  if (issues.length === 0 && result.success) return result.data;
  const problems = issues
    .map((issue) => ({ issue, line: lineOf(issue.path) ?? 0 }))
    .sort((a, b) => a.line - b.line)
    .map(({ issue, line }) => ({
      field: fieldPath(issue.path),
      message: `${describePath(issue.path, raw)}${line > 0 ? ` (line ${line})` : ""}: ${issue.message}`,
    }));
  throw invalid(problems);
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function invalid(problems: FieldError[]): AppError {
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const detail = `The sharing rule set is invalid (${count}):\n${problems.map((p) => `- ${p.message}`).join("\n")}`;
  return new AppError("VALIDATION_FAILED", detail, { fields: problems });
}
