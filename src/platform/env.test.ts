import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { createFieldCipher, parseKeyList, testKeyRing } from "./crypto";
import { ConfigError, ENV_DOCS, EnvSchema, loadEnv } from "./env";

describe("configuration", () => {
  it("defaults work and invalid values are named", () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(8080);
    expect(env.SAMEN_DEMO_MODE).toBe(false);
    expect(() => loadEnv({ PORT: "eighty", DATABASE_URL: "mysql://x" })).toThrow(
      /PORT.*DATABASE_URL|DATABASE_URL.*PORT/,
    );
  });

  it("production refuses demo mode and missing keys", () => {
    expect(() => loadEnv({ NODE_ENV: "production", SAMEN_DEMO_MODE: "true" })).toThrow(ConfigError);
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(/SAMEN_ENCRYPTION_KEYS/);
  });

  it("every variable is documented in env.ts and in the README", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    for (const key of Object.keys(EnvSchema.shape)) {
      expect(ENV_DOCS[key as keyof typeof ENV_DOCS], key).toBeTruthy();
      expect(readme, key).toContain(`\`${key}\``);
    }
  });
});

describe("field encryption", () => {
  const cipher = createFieldCipher(testKeyRing());

  it("round-trips, never repeats a ciphertext, and records the key id", () => {
    const a = cipher.encrypt("Maria Ionescu");
    const b = cipher.encrypt("Maria Ionescu");
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).toBe("test1");
    expect(cipher.decrypt(a)).toBe("Maria Ionescu");
    expect(a).not.toContain("Maria");
  });

  it("detects tampering", () => {
    const c = cipher.encrypt("geheim").split(".");
    c[3] = Buffer.from("xxxxxx").toString("base64url");
    expect(() => cipher.decrypt(c.join("."))).toThrow();
  });

  it("blind indexes are keyed and separated by context", () => {
    expect(cipher.blindIndex("a", "users.email")).toBe(cipher.blindIndex("a", "users.email"));
    expect(cipher.blindIndex("a", "users.email")).not.toBe(cipher.blindIndex("a", "other"));
  });

  it("rejects malformed key lists", () => {
    expect(() => parseKeyList("k1:c2hvcnQ=")).toThrow(/32 bytes/);
    expect(() => parseKeyList("no-colon")).toThrow(/id:base64/);
  });
});
