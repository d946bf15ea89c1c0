/**
 * @module linkage/csv
 * RFC 4180 CSV reading and writing for record files, as Python's `csv` module (excel dialect) reads
 * them — comma, double quotes, `""` escapes, LF / CRLF / CR line ends, no trimming — except that
 * malformed input is an error naming the line instead of being repaired silently. Errors never quote the
 * offending text.
 */

import { LinkageError } from "./errors";

export type CsvRow = {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
};

function malformed(source: string, line: number, problem: string): LinkageError {
  return new LinkageError("CSV_MALFORMED", `${source}, line ${line}: ${problem}`);
}

/**
 * Parse CSV text into rows. A leading UTF-8 BOM is dropped. Blank lines are errors (Python yields an empty
 * row for them, which clkhash rejects), except blank lines at the very end of the file.
 * @param source name used in error messages (e.g. the file name)
 */
export function parseCsv(text: string, source = "CSV"): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let atFieldStart = true;
    let blank = true;
    let ended = false;
    while (i < n && !ended) {
      const ch = text.charCodeAt(i);
      if (atFieldStart && ch === 0x22 /* " */) {
        blank = false;
        i++;
        const quotedStart = line;
        for (;;) {
          if (i >= n) throw malformed(source, quotedStart, "a quoted field is not closed");
          const c = text.charCodeAt(i);
          if (c === 0x22) {
            if (text.charCodeAt(i + 1) === 0x22) {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
          field += text[i];
          i++;
        }
        const after = text.charCodeAt(i);
        if (i < n && after !== 0x2c && after !== 0x0a && after !== 0x0d) {
          throw malformed(source, line, "unexpected character after a closing quote");
        }
        atFieldStart = false;
        continue;
      }
      if (ch === 0x2c /* , */) {
        blank = false;
        fields.push(field);
        field = "";
        atFieldStart = true;
        i++;
        continue;
      }
      if (ch === 0x0a || ch === 0x0d) {
        i += ch === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
        line++;
        ended = true;
        continue;
      }
      blank = false;
      atFieldStart = false;
      // Read a run of plain characters at once.
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 0x2c || c === 0x0a || c === 0x0d) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
    if (blank) {
      // Blank line: allowed only if nothing but blank lines follow.
      if (/^[\r\n]*$/.test(text.slice(i))) break;
      throw malformed(source, startLine, "blank line");
    }
    fields.push(field);
    rows.push({ line: startLine, fields });
  }
  return rows;
}

/** Quote a CSV field when it contains a comma, quote, CR or LF, or starts/ends with a space. */
export function csvField(value: string): string {
  if (/[",\r\n]/.test(value) || /^\s|\s$/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/** Serialise rows as CSV with LF line ends and a final newline. */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return (
    rows.map((row) => row.map((v) => csvField(String(v))).join(",")).join("\n") + (rows.length ? "\n" : "")
  );
}

/**
 * Parse a CSV file with a header into objects keyed by column name; checks every row has the header's
 * number of columns and that the required columns exist.
 */
export function parseCsvWithHeader({
  text,
  source,
  required = [],
}: {
  text: string;
  source: string;
  required?: string[];
}): { header: string[]; rows: Array<{ line: number; values: Record<string, string> }> } {
  const rows = parseCsv(text, source);
  const headerRow = rows[0];
  if (!headerRow)
    throw new LinkageError("CSV_MALFORMED", `${source}: the file is empty (a header row is expected)`);
  const header = headerRow.fields;
  for (const name of required) {
    if (!header.includes(name))
      throw new LinkageError("CSV_MALFORMED", `${source}: column '${name}' is missing`);
  }
  const out = rows.slice(1).map((row) => {
    if (row.fields.length !== header.length) {
      throw malformed(source, row.line, `has ${row.fields.length} columns, the header has ${header.length}`);
    }
    const values: Record<string, string> = {};
    header.forEach((name, k) => {
      values[name] = row.fields[k]!;
    });
    return { line: row.line, values };
  });
  return { header, rows: out };
}
