/**
 * @module env
 * The one place where configuration is read. Every variable is validated here and documented
 * (the README's configuration table is generated from `ENV_DOCS`).
 */
import path from "node:path";
import { z } from "zod";

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  SAMEN_DATA_DIR: z.string().min(1).default("./data"),
  SAMEN_DEMO_MODE: boolean.default(false),
  SAMEN_PUBLIC_URL: z.string().url().optional(),
  SAMEN_ENCRYPTION_KEYS: z.string().optional(),
  SAMEN_ENCRYPTION_ACTIVE_KEY: z.string().optional(),
  SAMEN_BLIND_INDEX_KEY: z.string().optional(),
  SAMEN_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SAMEN_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(10),
  SAMEN_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  SAMEN_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});
export type Env = z.infer<typeof EnvSchema>;

/** Documentation of every variable, shown in the README and by `samen --help`. */
export const ENV_DOCS: Record<keyof Env, string> = {
  PORT: "HTTP port (default 8080).",
  HOST: "Interface to listen on (default 0.0.0.0).",
  DATABASE_URL:
    "PostgreSQL (≥ 15) connection string. When absent, Samen uses the embedded PGlite database in SAMEN_DATA_DIR.",
  SAMEN_DATA_DIR:
    "Folder for the embedded database and, without configured keys, the generated key file (default ./data).",
  SAMEN_DEMO_MODE:
    "true: demo mode — synthetic demo data is loaded into an empty database and demo users may skip the second factor. Shown plainly in the UI. Never in production.",
  SAMEN_PUBLIC_URL: "The URL users reach Samen on; https:// makes session cookies Secure.",
  SAMEN_ENCRYPTION_KEYS:
    "Field-encryption keys as id:base64 pairs separated by commas (32-byte keys, AES-256-GCM). Required in production.",
  SAMEN_ENCRYPTION_ACTIVE_KEY: "Id of the key used for new encryptions (default: the last key listed).",
  SAMEN_BLIND_INDEX_KEY:
    "Base64 32-byte key for keyed hashes (blind indexes) used to search encrypted fields. Required in production.",
  SAMEN_SESSION_IDLE_MINUTES: "Session idle timeout in minutes (default 30).",
  SAMEN_SESSION_ABSOLUTE_HOURS: "Absolute session lifetime in hours (default 10).",
  SAMEN_LOGIN_RATE_PER_MINUTE:
    "Login attempts allowed per client address per minute, across all login steps (default 30); per-account lockout applies as well.",
  SAMEN_LOG_LEVEL: "debug, info, warn, error or silent (default info).",
  NODE_ENV: "production enforces configured keys and forbids demo mode.",
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates configuration; throws ConfigError with every problem named. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const picked = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((k) => [k, source[k] === "" ? undefined : source[k]]),
  );
  const parsed = EnvSchema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production") {
    if (env.SAMEN_DEMO_MODE)
      throw new ConfigError("SAMEN_DEMO_MODE must not be true when NODE_ENV=production.");
    if (!env.SAMEN_ENCRYPTION_KEYS || !env.SAMEN_BLIND_INDEX_KEY) {
      throw new ConfigError(
        "SAMEN_ENCRYPTION_KEYS and SAMEN_BLIND_INDEX_KEY are required when NODE_ENV=production.",
      );
    }
  }
  return { ...env, SAMEN_DATA_DIR: path.resolve(env.SAMEN_DATA_DIR) };
}
