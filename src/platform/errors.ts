/**
 * @module errors
 * Stable error codes and the one error type the application throws. The HTTP layer turns an
 * AppError into `application/problem+json` (RFC 9457); the CLI prints its message. Messages never
 * contain personal data.
 */

export const ERROR_CODES = {
  /** The request body, query or path did not match the schema; `fields` names the offending fields. */
  VALIDATION_FAILED: { status: 400, title: "Ongeldige invoer / Invalid input" },
  /** The request was well-formed but makes no sense in the current state (e.g. an illegal status change). */
  CONFLICT: { status: 409, title: "Conflict" },
  /** No valid session or API key. */
  UNAUTHENTICATED: { status: 401, title: "Niet aangemeld / Not authenticated" },
  /** Login failed. Deliberately silent about whether the account exists. */
  INVALID_CREDENTIALS: { status: 401, title: "Aanmelden mislukt / Login failed" },
  /** Too many failed attempts; try again later. Same answer whether or not the account exists. */
  TOO_MANY_ATTEMPTS: { status: 429, title: "Te veel pogingen / Too many attempts" },
  /** The session exists but the second factor is still missing or must be enrolled. */
  SECOND_FACTOR_REQUIRED: { status: 401, title: "Tweede factor vereist / Second factor required" },
  /** The CSRF token is missing or wrong, or the request came from another origin. */
  CSRF_FAILED: { status: 403, title: "Verzoek geweigerd / Request refused" },
  /** The caller's role does not allow this action (not used for record access: that answers NOT_FOUND). */
  FORBIDDEN: { status: 403, title: "Geen toegang / Forbidden" },
  /** The resource does not exist, or the caller may not know that it exists. */
  NOT_FOUND: { status: 404, title: "Niet gevonden / Not found" },
  /** The HTTP method is not supported on this path. */
  METHOD_NOT_ALLOWED: { status: 405, title: "Methode niet toegestaan / Method not allowed" },
  /** The request body is too large. */
  PAYLOAD_TOO_LARGE: { status: 413, title: "Te groot / Payload too large" },
  /** The content type is not supported by this endpoint. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Niet ondersteund formaat / Unsupported media type" },
  /** The database cannot be reached. */
  DATABASE_UNAVAILABLE: { status: 503, title: "Database niet bereikbaar / Database unavailable" },
  /** Something unexpected went wrong; details are in the server log under the request id. */
  INTERNAL: { status: 500, title: "Interne fout / Internal error" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { fields?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

/** Shorthand used by repositories and rules: "not found or no access" answer the same. */
export function notFound(
  what = "De gevraagde gegevens bestaan niet of u hebt er geen toegang toe.",
): AppError {
  return new AppError("NOT_FOUND", what);
}
