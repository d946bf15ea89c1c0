/**
 * @module auth.middleware
 * Session cookies, CSRF protection and the `requireSession` guard every protected route calls.
 *
 * Cookie: HttpOnly, SameSite=Strict, Secure when served over TLS, path /. CSRF: every unsafe
 * request made with the session cookie must carry the session's token in `X-CSRF-Token`, and a
 * browser `Origin` header, when present, must be our own origin.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { AppEnv } from "../platform/http/context";
import { type SessionView, sessionFromToken } from "./accounts.service";
import { type Ability, can } from "./permissions.rules";

export const SESSION_COOKIE = "samen_session";

function isTls(c: Context, deps: Deps): boolean {
  return deps.env.SAMEN_PUBLIC_URL?.startsWith("https://") ?? new URL(c.req.url).protocol === "https:";
}

export function setSessionCookie(c: Context, deps: Deps, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isTls(c, deps),
    path: "/",
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Loads the session from the cookie (if any) and enforces CSRF on unsafe methods. */
export function sessionMiddleware(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    const session = token ? await sessionFromToken(deps, token) : null;
    c.set("session", session);
    c.set("sessionToken", token);
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header("origin");
      if (
        origin &&
        origin !== new URL(c.req.url).origin &&
        origin !== deps.env.SAMEN_PUBLIC_URL?.replace(/\/$/, "")
      ) {
        throw new AppError(
          "CSRF_FAILED",
          "Verzoek van een andere herkomst geweigerd. / Cross-origin request refused.",
        );
      }
      if (session && c.req.header("x-csrf-token") !== session.session.csrfToken) {
        throw new AppError(
          "CSRF_FAILED",
          "CSRF-token ontbreekt of is onjuist. / CSRF token missing or wrong.",
        );
      }
    }
    await next();
  };
}

/** The caller's active session (second factor done), optionally requiring an ability. */
export function requireSession(c: Context<AppEnv>, ability?: Ability): SessionView {
  const view = c.get("session");
  if (!view) throw new AppError("UNAUTHENTICATED", "Meld u aan. / Please log in.");
  if (view.stage !== "active")
    throw new AppError(
      "SECOND_FACTOR_REQUIRED",
      "Voer eerst uw tweede factor in. / Complete the second factor first.",
    );
  if (ability && !can(view.user.roles, ability)) {
    throw new AppError(
      "FORBIDDEN",
      "Uw rol staat deze handeling niet toe. / Your role does not allow this action.",
    );
  }
  return view;
}

/** A session that may still be waiting for its second factor (for the login steps themselves). */
export function requirePendingSession(c: Context<AppEnv>): SessionView {
  const view = c.get("session");
  if (!view) throw new AppError("UNAUTHENTICATED", "Meld u aan. / Please log in.");
  return view;
}
