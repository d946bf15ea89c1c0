/**
 * Errors raised by the estimation library. The library is self-contained and does not
 * use the platform's AppError; callers map `code` (stable, machine-readable) onto their
 * own error types. Messages never contain personal data, only table structure.
 */

export type EstimationErrorCode =
  | "INVALID_INPUT"
  | "INVALID_HISTORY"
  | "INVALID_COUNT"
  | "DUPLICATE_HISTORY"
  | "TOO_FEW_LISTS"
  | "TOO_MANY_LISTS"
  | "NO_OBSERVATIONS"
  | "INVALID_MODEL"
  | "INVALID_OPTION"
  | "MLE_DOES_NOT_EXIST"
  | "NOT_IDENTIFIABLE"
  | "METHOD_NOT_AVAILABLE"
  | "NO_ADMISSIBLE_MODEL"
  | "FIT_FAILED";

/** An invalid input, option or model, with a stable code and (for input) the line. */
export class EstimationError extends Error {
  readonly code: EstimationErrorCode;
  /** 1-based line number in the input file, when the error is tied to one. */
  readonly line: number | undefined;

  constructor(code: EstimationErrorCode, message: string, line?: number) {
    super(message);
    this.name = "EstimationError";
    this.code = code;
    this.line = line;
  }
}
