/**
 * Parsing capture-history tables from CSV text (no I/O: the caller reads the file).
 *
 * Format: a header row, then one row per capture history. One 0/1 column per list
 * (the header gives the list names), a `count` column with non-negative integer counts,
 * and optionally a stratum column (named `stratum`, or chosen by the caller) whose
 * values may be any text — year, form of exploitation, sex, age group. Histories not
 * listed are observed zeros; the all-zero history must not appear. Commas or
 * semicolons separate fields (the delimiter is taken from the header); fields may be
 * double-quoted; blank lines are ignored; a UTF-8 byte-order mark is tolerated.
 *
 * Every problem is reported with its 1-based line number.
 */

import { buildCaptureTable, type CaptureTable, MAX_LISTS } from "./capture-table";
import { EstimationError } from "./errors";

export type ParsedCsv = {
  lists: string[];
  /** Present when a stratum column was found or requested. */
  stratumColumn?: string;
  /** One table per stratum in order of first appearance (one unnamed table otherwise). */
  strata: { name: string; table: CaptureTable }[];
  /** Number of data rows read. */
  rows: number;
};

export type ParseCsvOptions = {
  /** Column holding the stratum; default: a column named "stratum" if present. */
  stratify?: string;
};

const COUNT_NAMES = ["count", "freq", "frequency", "n"];

function inputError(message: string, line?: number): EstimationError {
  return new EstimationError("INVALID_INPUT", line ? `line ${line}: ${message}` : message, line);
}

function splitRecord(text: string, delimiter: string, line: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw inputError("unterminated quoted field", line);
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += ch;
        i++;
      }
      // Allow spaces between the closing quote and the delimiter.
      while (i < text.length && text[i] !== delimiter) {
        if (text[i] !== " " && text[i] !== "\t")
          throw inputError("unexpected text after a quoted field", line);
        i++;
      }
    } else {
      while (i < text.length && text[i] !== delimiter) field += text[i++];
    }
    fields.push(field.trim());
    if (i >= text.length) break;
    i++; // skip delimiter
  }
  return fields;
}

/**
 * Parses the CSV text of a capture-history table. Throws {@link EstimationError}
 * (code INVALID_INPUT, message "line N: …") on malformed input.
 */
export function parseCaptureCsv(text: string, options: ParseCsvOptions = {}): ParsedCsv {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = source.split(/\r\n|\n|\r/);
  const headerIndex = rawLines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0)
    throw inputError("the file is empty (expected a header row with list names and count)");
  const headerLine = rawLines[headerIndex]!;
  const delimiter = !headerLine.includes(",") && headerLine.includes(";") ? ";" : ",";
  const header = splitRecord(headerLine, delimiter, headerIndex + 1);
  const headerLineNo = headerIndex + 1;

  const seenNames = new Set<string>();
  header.forEach((name, col) => {
    if (name === "") throw inputError(`column ${col + 1} of the header has no name`, headerLineNo);
    if (seenNames.has(name.toLowerCase()))
      throw inputError(`column name "${name}" occurs twice in the header`, headerLineNo);
    seenNames.add(name.toLowerCase());
  });

  const countCol = header.findIndex((h) => COUNT_NAMES.includes(h.toLowerCase()));
  if (countCol < 0) {
    throw inputError(
      `no count column: the header must contain a column named "count" (found: ${header.join(", ")})`,
      headerLineNo,
    );
  }
  let stratumCol = -1;
  if (options.stratify !== undefined) {
    stratumCol = header.indexOf(options.stratify);
    if (stratumCol < 0)
      stratumCol = header.findIndex((h) => h.toLowerCase() === options.stratify!.toLowerCase());
    if (stratumCol < 0)
      throw inputError(`the stratify column "${options.stratify}" is not in the header`, headerLineNo);
    if (stratumCol === countCol)
      throw inputError("the count column cannot be the stratum column", headerLineNo);
  } else {
    stratumCol = header.findIndex((h) => h.toLowerCase() === "stratum");
  }
  const listCols: number[] = [];
  header.forEach((_, col) => {
    if (col !== countCol && col !== stratumCol) listCols.push(col);
  });
  const lists = listCols.map((c) => header[c]!);
  if (lists.length < 2) {
    throw inputError(
      lists.length === 1
        ? `only one list column ("${lists[0]}"): capture–recapture needs at least two lists`
        : "no list columns: expected one 0/1 column per list before the count column",
      headerLineNo,
    );
  }
  if (lists.length > MAX_LISTS) {
    throw inputError(`${lists.length} list columns; at most ${MAX_LISTS} lists are supported`, headerLineNo);
  }

  type Rows = { history: number; count: number; line: number }[];
  const byStratum = new Map<string, Rows>();
  const order: string[] = [];
  let rows = 0;
  for (let i = headerLineNo; i < rawLines.length; i++) {
    const raw = rawLines[i]!;
    const lineNo = i + 1;
    if (raw.trim() === "") continue;
    const fields = splitRecord(raw, delimiter, lineNo);
    if (fields.length !== header.length) {
      throw inputError(`expected ${header.length} fields as in the header, found ${fields.length}`, lineNo);
    }
    let history = 0;
    listCols.forEach((col, bit) => {
      const v = fields[col]!;
      if (v === "1") history |= 1 << bit;
      else if (v !== "0") throw inputError(`list "${header[col]}" must be 0 or 1, found "${v}"`, lineNo);
    });
    if (history === 0) {
      throw inputError(
        "all list columns are 0: people seen on no list cannot be counted (that is the dark figure being estimated)",
        lineNo,
      );
    }
    const countText = fields[countCol]!;
    if (countText === "") throw inputError("the count is empty", lineNo);
    const count = Number(countText);
    if (!/^[+]?(\d+(\.\d*)?|\.\d+)([eE][+]?\d+)?$/.test(countText) || !Number.isFinite(count)) {
      if (/^-/.test(countText))
        throw inputError(`the count must not be negative, found "${countText}"`, lineNo);
      throw inputError(`the count must be a non-negative whole number, found "${countText}"`, lineNo);
    }
    if (!Number.isInteger(count))
      throw inputError(`the count must be a whole number, found "${countText}"`, lineNo);
    if (count > 1e12) throw inputError(`the count ${countText} is implausibly large`, lineNo);
    const stratum = stratumCol >= 0 ? fields[stratumCol]! : "";
    if (stratumCol >= 0 && stratum === "")
      throw inputError(`the stratum ("${header[stratumCol]}") is empty`, lineNo);
    let list = byStratum.get(stratum);
    if (!list) {
      list = [];
      byStratum.set(stratum, list);
      order.push(stratum);
    }
    const duplicate = list.find((r) => r.history === history);
    if (duplicate) {
      throw inputError(
        `capture history ${listCols.map((_, bit) => (history >> bit) & 1).join("")}` +
          `${stratumCol >= 0 ? ` in stratum "${stratum}"` : ""} already appeared on line ${duplicate.line}`,
        lineNo,
      );
    }
    list.push({ history, count, line: lineNo });
    rows++;
  }
  if (rows === 0) throw inputError("the file has a header but no data rows");
  const strata = order.map((name) => ({
    name,
    table: buildCaptureTable(
      lists,
      byStratum.get(name)!.map(({ history, count }) => ({ history, count })),
    ),
  }));
  return {
    lists,
    ...(stratumCol >= 0 ? { stratumColumn: header[stratumCol]! } : {}),
    strata,
    rows,
  };
}

/** Parses CSV text that must not be stratified and returns its single table. */
export function parseCaptureTable(text: string): CaptureTable {
  const parsed = parseCaptureCsv(text);
  if (parsed.stratumColumn) {
    throw inputError(
      `the file has a stratum column ("${parsed.stratumColumn}"); use the stratified estimate`,
    );
  }
  return parsed.strata[0]!.table;
}

/** Pools the strata of a parsed file into one table (histories summed). */
export function poolStrata(parsed: ParsedCsv): CaptureTable {
  const t = parsed.lists.length;
  const counts = new Float64Array(1 << t);
  for (const { table } of parsed.strata)
    for (let w = 1; w < counts.length; w++) counts[w] = counts[w]! + table.counts[w]!;
  let n = 0;
  for (let w = 1; w < counts.length; w++) n += counts[w]!;
  return { lists: parsed.lists, counts, n };
}
