/**
 * @module linkage/errors
 * The one error type the linkage library throws. It carries a stable code so callers (the CLI, a future
 * HTTP route) can map it without parsing text. Messages name files, lines, columns and schema paths but
 * never the values found there: record values are personal data.
 */

export const LINKAGE_ERROR_CODES = {
  /** The linkage schema is not valid JSON, not schema v3, or violates a rule of clkhash 0.18.3. */
  SCHEMA_INVALID: "Ongeldig koppelschema / Invalid linkage schema",
  /** The secret is missing, empty or unreadable. */
  SECRET_INVALID: "Ongeldig geheim / Invalid secret",
  /** A CSV file is malformed (quotes, row length, header). */
  CSV_MALFORMED: "Ongeldig CSV-bestand / Malformed CSV file",
  /** A value in a record does not conform to its feature's format. */
  RECORD_INVALID: "Ongeldige waarde / Invalid record value",
  /** An encodings file is not `{"clks": [base64, …]}` or its filters have inconsistent lengths. */
  CLKS_INVALID: "Ongeldige encoderingen / Invalid encodings",
  /** A groups file is not `{"groups": [[[party, row], …], …]}` or refers to unknown records. */
  GROUPS_INVALID: "Ongeldige groepen / Invalid groups",
  /** A truth or covariates file does not fit the linkage it is used with. */
  INPUT_INVALID: "Ongeldige invoer / Invalid input",
  /** A command-line option or function argument is out of range. */
  ARGUMENT_INVALID: "Ongeldig argument / Invalid argument",
  /** A file could not be read or written. */
  IO_FAILED: "Bestandsfout / File error",
} as const;

export type LinkageErrorCode = keyof typeof LINKAGE_ERROR_CODES;

/** Error thrown by every part of the linkage library; `code` is stable, `message` is free of record values. */
export class LinkageError extends Error {
  override name = "LinkageError";
  readonly code: LinkageErrorCode;

  constructor(code: LinkageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Narrowing helper for callers that catch `unknown`. */
export function isLinkageError(error: unknown): error is LinkageError {
  return error instanceof LinkageError;
}
