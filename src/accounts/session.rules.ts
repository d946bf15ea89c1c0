/**
 * @module session.rules
 * Pure decisions about sessions and failed logins.
 */

export type SessionTimes = { lastSeenAt: Date; expiresAt: Date; endedAt: Date | null };

/** Why a session is no longer valid, or null when it is. */
export function sessionEndReason(
  s: SessionTimes,
  now: Date,
  idleMinutes: number,
): "ended" | "absolute_timeout" | "idle_timeout" | null {
  if (s.endedAt) return "ended";
  if (now >= s.expiresAt) return "absolute_timeout";
  if (now.getTime() - s.lastSeenAt.getTime() >= idleMinutes * 60_000) return "idle_timeout";
  return null;
}

export const THROTTLE = { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 } as const;

export type ThrottleState = { failures: number; windowStartedAt: Date; lockedUntil: Date | null };

export function isLocked(state: ThrottleState | null, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil > now;
}

/** The state after one more failed attempt: a fresh window after the old one expired; a lock at the limit. */
export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const windowExpired =
    !state || now.getTime() - state.windowStartedAt.getTime() > THROTTLE.windowMinutes * 60_000;
  const failures = windowExpired ? 1 : state.failures + 1;
  const windowStartedAt = windowExpired ? now : state.windowStartedAt;
  const lockedUntil =
    failures >= THROTTLE.maxFailures ? new Date(now.getTime() + THROTTLE.lockMinutes * 60_000) : null;
  return { failures, windowStartedAt, lockedUntil };
}
