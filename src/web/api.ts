/**
 * @module api
 * The web app's one way to call the API: JSON in and out, the CSRF token on unsafe requests,
 * problem+json turned into ApiError with the server's (bilingual) message and field errors.
 */

export type FieldProblem = { name: string; reason: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export const SESSION_EXPIRED_EVENT = "samen:session-expired";

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Picks the Dutch or English half of a bilingual server message ("nl / en"). */
export function localise(message: string, language: string): string {
  const parts = message.split(" / ");
  if (parts.length !== 2) return message;
  return language.startsWith("en") ? parts[1]! : parts[0]!;
}

export async function api<T>(
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; invalidParams?: FieldProblem[] };
    // An ended or timed-out session: the session provider shows the login page again.
    if (response.status === 401 && problem.code === "UNAUTHENTICATED" && path !== "/session") {
      window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));
    }
    throw new ApiError(
      response.status,
      problem.code ?? "UNKNOWN",
      problem.detail ?? response.statusText,
      problem.invalidParams ?? [],
    );
  }
  return data as T;
}
