/**
 * @module totp.rules
 * Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s), via the otpauth library.
 * A code is accepted one step early or late for clock drift, and never twice (replay).
 */
import { Secret, TOTP } from "otpauth";

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, label = "Samen"): TOTP {
  return new TOTP({
    issuer: "Samen",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(secret: string, label: string): string {
  return totp(secret, label).toString();
}

/** The code for a moment (used by tests and by the demo helper, never by the server's checks). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return totp(secret).generate({ timestamp: at.getTime() });
}

/**
 * Checks a code. Returns the accepted time step, or null when the code is wrong or was already
 * used (its step is not after `lastUsedStep`).
 */
export function verifyTotp({
  secret,
  code,
  at = new Date(),
  lastUsedStep = null,
}: {
  secret: string;
  code: string;
  at?: Date;
  lastUsedStep?: number | null;
}): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(at.getTime() / 1000 / PERIOD) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}
