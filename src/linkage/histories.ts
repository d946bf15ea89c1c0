/**
 * @module linkage/histories
 * From linkage groups to the input of a multiple-systems estimate: every linked group, and every record
 * left unlinked (a singleton), is one person whose capture history is the set of parties that saw it.
 * Counting persons by history (and optionally by stratum of clear-text covariates) gives the raw table
 * the estimator needs; {@link suppressSmallCells} derives a separate table that is safe to show.
 *
 * Covariate conflict rule: when the records of a group report different values, the value of the
 * record of the lowest party index wins; an empty value is skipped in favour of the next party's value;
 * when no party reports one the stratum uses "NA".
 */

import { LinkageError } from "./errors";
import type { Group } from "./solve";

/** Label used in a stratum for a covariate nobody reported. */
export const MISSING_COVARIATE = "NA";

type Person = { parties: Set<number>; records: Array<[number, number]> };

function personsFrom({ groups, partySizes }: { groups: readonly Group[]; partySizes: readonly number[] }): {
  persons: Person[];
  warnings: string[];
} {
  const seen = partySizes.map((n) => new Uint8Array(n));
  const persons: Person[] = [];
  const warnings: string[] = [];
  let duplicates = 0;
  groups.forEach((group, g) => {
    const parties = new Set<number>();
    for (const [d, r] of group) {
      if (!Number.isInteger(d) || d < 0 || d >= partySizes.length) {
        throw new LinkageError(
          "GROUPS_INVALID",
          `group ${g}: party index ${d} is not one of the ${partySizes.length} parties`,
        );
      }
      if (!Number.isInteger(r) || r < 0 || r >= partySizes[d]!) {
        throw new LinkageError(
          "GROUPS_INVALID",
          `group ${g}: row ${r} is outside party ${d} (size ${partySizes[d]})`,
        );
      }
      if (seen[d]![r])
        throw new LinkageError("GROUPS_INVALID", `group ${g}: record [${d}, ${r}] is in more than one group`);
      seen[d]![r] = 1;
      if (parties.has(d)) duplicates++;
      parties.add(d);
    }
    persons.push({ parties, records: group.map(([d, r]) => [d, r] as [number, number]) });
  });
  seen.forEach((rows, d) => {
    rows.forEach((flag, r) => {
      if (!flag) persons.push({ parties: new Set([d]), records: [[d, r]] });
    });
  });
  if (duplicates > 0) {
    warnings.push(
      `${duplicates} group(s) hold more than one record of the same party; each counts once for that party`,
    );
  }
  return { persons, warnings };
}

function patternOf(parties: Set<number>, k: number): string {
  let s = "";
  for (let d = 0; d < k; d++) s += parties.has(d) ? "1" : "0";
  return s;
}

/** Persons per capture-history pattern ("10", "11", …), groups plus unlinked records. */
export function captureHistoryCounts({
  groups,
  partySizes,
}: {
  groups: readonly Group[];
  partySizes: readonly number[];
}): Map<string, number> {
  const { persons } = personsFrom({ groups, partySizes });
  const counts = new Map<string, number>();
  for (const p of persons) {
    const key = patternOf(p.parties, partySizes.length);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export type HistoryRow = {
  /** 0/1 per party, in party order. */
  pattern: number[];
  /** Covariate values joined by "|" (null without covariates). */
  stratum: string | null;
  count: number;
};

/** The raw capture-history table (the estimator's input). Never show it unsuppressed. */
export type HistoryTable = {
  parties: string[];
  covariates: string[];
  rows: HistoryRow[];
  warnings: string[];
};

/**
 * Build the capture-history table.
 * @param covariates per party, per row, the covariate values in `covariateNames` order
 * @param includeZeros list every non-empty history in every observed stratum, also with count 0
 */
export function buildHistoryTable({
  groups,
  partySizes,
  parties,
  covariateNames = [],
  covariates = null,
  includeZeros = true,
}: {
  groups: readonly Group[];
  partySizes: readonly number[];
  parties: readonly string[];
  covariateNames?: readonly string[];
  covariates?: ReadonlyArray<ReadonlyArray<ReadonlyArray<string>>> | null;
  includeZeros?: boolean;
}): HistoryTable {
  const k = partySizes.length;
  if (parties.length !== k) {
    throw new LinkageError("ARGUMENT_INVALID", `${parties.length} party names for ${k} parties`);
  }
  if (new Set(parties).size !== k) throw new LinkageError("ARGUMENT_INVALID", "party names must be distinct");
  if (k < 1 || k > 16) throw new LinkageError("ARGUMENT_INVALID", "between 1 and 16 parties are supported");
  const stratified = covariateNames.length > 0;
  if (stratified) {
    if (!covariates || covariates.length !== k) {
      throw new LinkageError("ARGUMENT_INVALID", "covariates must be given for every party");
    }
    covariates.forEach((rows, d) => {
      if (rows.length !== partySizes[d]) {
        throw new LinkageError(
          "INPUT_INVALID",
          `covariates of party ${parties[d]}: ${rows.length} rows for ${partySizes[d]} records`,
        );
      }
      rows.forEach((values, r) => {
        if (values.length !== covariateNames.length) {
          throw new LinkageError(
            "INPUT_INVALID",
            `covariates of party ${parties[d]}, row ${r}: wrong number of values`,
          );
        }
        if (values.some((v) => v.includes("|"))) {
          throw new LinkageError(
            "INPUT_INVALID",
            `covariates of party ${parties[d]}, row ${r}: values may not contain "|"`,
          );
        }
      });
    });
  }
  const { persons, warnings } = personsFrom({ groups, partySizes });
  const counts = new Map<string, Map<string, number>>();
  for (const person of persons) {
    let stratum = "";
    if (stratified) {
      const ordered = [...person.records].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      stratum = covariateNames
        .map((_, c) => {
          for (const [d, r] of ordered) {
            const value = covariates![d]![r]![c]!;
            if (value !== "") return value;
          }
          return MISSING_COVARIATE;
        })
        .join("|");
    }
    const pattern = patternOf(person.parties, k);
    const perStratum = counts.get(stratum) ?? new Map<string, number>();
    perStratum.set(pattern, (perStratum.get(pattern) ?? 0) + 1);
    counts.set(stratum, perStratum);
  }
  const allPatterns: string[] = [];
  for (let mask = (1 << k) - 1; mask >= 1; mask--) {
    let s = "";
    for (let d = 0; d < k; d++) s += (mask >> (k - 1 - d)) & 1 ? "1" : "0";
    allPatterns.push(s);
  }
  const rows: HistoryRow[] = [];
  for (const stratum of [...counts.keys()].sort()) {
    const perStratum = counts.get(stratum)!;
    for (const pattern of allPatterns) {
      const count = perStratum.get(pattern) ?? 0;
      if (count === 0 && !includeZeros) continue;
      rows.push({ pattern: Array.from(pattern, Number), stratum: stratified ? stratum : null, count });
    }
  }
  return { parties: [...parties], covariates: [...covariateNames], rows, warnings };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The estimation CSV: one 0/1 column per party (header = party names), then `stratum` when covariates
 * were used, then `count`.
 */
export function formatHistoryCsv(table: HistoryTable): string {
  const stratified = table.covariates.length > 0;
  const header = [...table.parties, ...(stratified ? ["stratum"] : []), "count"].map(csvCell).join(",");
  const lines = table.rows.map((row) =>
    [...row.pattern.map(String), ...(stratified ? [csvCell(row.stratum ?? "")] : []), String(row.count)].join(
      ",",
    ),
  );
  return `${[header, ...lines].join("\n")}\n`;
}

export type DisplayRow = HistoryRow & {
  /** What may be shown: the count, or `<minimum` for a suppressed cell. */
  shown: string;
  suppressed: boolean;
};

export type DisplayTable = {
  parties: string[];
  covariates: string[];
  minimum: number;
  rows: DisplayRow[];
  suppressedCells: number;
};

/**
 * A copy of the table for display: counts from 1 to `minimum − 1` are replaced by "<minimum" and flagged
 * (zeros too when `suppressZeros`). The raw table is not changed; pass the raw one to the estimator.
 * Totals are deliberately not computed here: a margin next to suppressed cells would undo the suppression.
 */
export function suppressSmallCells(
  table: HistoryTable,
  { minimum = 10, suppressZeros = false }: { minimum?: number; suppressZeros?: boolean } = {},
): DisplayTable {
  if (!Number.isInteger(minimum) || minimum < 1) {
    throw new LinkageError("ARGUMENT_INVALID", "the small-cell minimum must be a positive integer");
  }
  let suppressedCells = 0;
  const rows = table.rows.map((row) => {
    const small = row.count < minimum && (row.count > 0 || suppressZeros);
    if (small) suppressedCells++;
    return {
      ...row,
      pattern: [...row.pattern],
      shown: small ? `<${minimum}` : String(row.count),
      suppressed: small,
    };
  });
  return { parties: [...table.parties], covariates: [...table.covariates], minimum, rows, suppressedCells };
}

/** Plain-text rendering of a display table (for a terminal). */
export function formatDisplayTable(table: DisplayTable): string {
  const stratified = table.covariates.length > 0;
  const header = [
    ...table.parties,
    ...(stratified ? [`stratum (${table.covariates.join("|")})`] : []),
    "count",
  ];
  const body = table.rows.map((row) => [
    ...row.pattern.map(String),
    ...(stratified ? [row.stratum ?? ""] : []),
    row.shown,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const note =
    table.suppressedCells > 0 ? `\n(${table.suppressedCells} cell(s) below ${table.minimum} suppressed)` : "";
  return `${[line(header), ...body.map(line)].join("\n")}${note}\n`;
}
