/**
 * @module rate-limit
 * A fixed-window rate limiter kept in memory only: keys (such as a client address) are never
 * stored in the database or written to a log. Used in front of login steps and, later, receipt-code
 * lookups, on top of the per-account lockout.
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors";

export type RateLimiter = { hit(key: string, now: number): boolean; reset(): void };

/** Allows `limit` hits per key per window; returns false when the key is over its limit. */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, now) {
      const w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        windows.set(key, { start: now, count: 1 });
        if (windows.size > 50_000)
          for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
        return true;
      }
      w.count++;
      return w.count <= limit;
    },
    reset: () => windows.clear(),
  };
}

/** The client's address as the socket reports it (not trusting forwarded headers). */
export function clientKey(env: unknown): string {
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "local";
}

export function rateLimit(limiter: RateLimiter, now: () => Date): MiddlewareHandler {
  return async (c, next) => {
    if (!limiter.hit(clientKey(c.env), now().getTime())) {
      throw new AppError(
        "TOO_MANY_ATTEMPTS",
        "Te veel verzoeken; wacht een minuut. / Too many requests; wait a minute.",
        {
          headers: { "retry-after": "60" },
        },
      );
    }
    await next();
  };
}
