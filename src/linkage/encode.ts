/**
 * @module linkage/encode
 * Encoding a CSV of records into CLKs, as clkhash's `generate_clk_from_csv(validate=True, header=True)`:
 * the header must list the schema's feature identifiers in order (or be ignored / absent on request),
 * every row must have one value per feature, every value must fit its format. Errors name the line and
 * column, never the value.
 */

import { type ClkEncoder, createEncoder } from "./clk";
import { parseCsv } from "./csv";
import { LinkageError } from "./errors";
import type { LinkageSchema } from "./linkage.schema";

/** How the first CSV row is treated: checked against the schema, skipped, or data. */
export type HeaderMode = "check" | "ignore" | "none";

/** Check a header row against the schema's feature identifiers (clkhash's `validate_header`). */
export function checkHeader(schema: LinkageSchema, header: readonly string[], source: string): void {
  const expected = schema.features.map((f) => f.identifier);
  if (header.length !== expected.length) {
    throw new LinkageError(
      "CSV_MALFORMED",
      `${source}, line 1: the header has ${header.length} columns, the schema has ${expected.length} features`,
    );
  }
  header.forEach((name, i) => {
    if (name !== expected[i]) {
      throw new LinkageError(
        "CSV_MALFORMED",
        `${source}, line 1: header column ${i + 1} is '${name}', the schema expects '${expected[i]}'`,
      );
    }
  });
}

/**
 * Encode the records of a CSV text; returns one base64 CLK per data row, in row order.
 * @throws LinkageError CSV_MALFORMED / RECORD_INVALID naming the line
 */
export function encodeCsvText({
  schema,
  secret,
  text,
  source = "records.csv",
  header = "check",
  encoder,
  onProgress,
}: {
  schema: LinkageSchema;
  secret: Uint8Array;
  text: string;
  source?: string;
  header?: HeaderMode;
  /** Reuse an encoder (and its caches) across calls. */
  encoder?: ClkEncoder;
  /** Called with (done, total) every few hundred records. */
  onProgress?: (done: number, total: number) => void;
}): string[] {
  const rows = parseCsv(text, source);
  let data = rows;
  if (header !== "none") {
    const first = rows[0];
    if (!first)
      throw new LinkageError("CSV_MALFORMED", `${source}: the file is empty (a header row is expected)`);
    if (header === "check") checkHeader(schema, first.fields, source);
    data = rows.slice(1);
  }
  const enc = encoder ?? createEncoder({ schema, secret });
  const out = new Array<string>(data.length);
  for (let i = 0; i < data.length; i++) {
    const row = data[i]!;
    if (row.fields.length !== enc.columns) {
      throw new LinkageError(
        "CSV_MALFORMED",
        `${source}, line ${row.line}: has ${row.fields.length} columns, the schema has ${enc.columns} features`,
      );
    }
    out[i] = enc.encodeBase64(row.fields, { source, line: row.line });
    if (onProgress && (i % 500 === 499 || i === data.length - 1)) onProgress(i + 1, data.length);
  }
  return out;
}
