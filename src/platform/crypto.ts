/**
 * @module crypto
 * Field encryption (AES-256-GCM, key id stored with every value so keys can rotate) and keyed
 * hashes (HMAC-SHA-256 "blind indexes") for finding encrypted values without decrypting them.
 *
 * Ciphertext format: `v1.<keyId>.<iv b64url>.<ciphertext b64url>.<tag b64url>`.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "./env";

export type KeyRing = {
  keys: Map<string, Buffer>;
  activeKeyId: string;
  blindIndexKey: Buffer;
};

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function decodeKey(b64: string, what: string): Buffer {
  const key = Buffer.from(b64, "base64");
  if (key.length !== 32)
    throw new Error(`${what} must be 32 bytes, base64-encoded (got ${key.length} bytes).`);
  return key;
}

/** Parses `id:base64,id:base64`. */
export function parseKeyList(text: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(":");
    if (!id || !b64 || !KEY_ID.test(id))
      throw new Error(`Encryption key entry "${id ?? ""}:…" must look like id:base64.`);
    keys.set(id, decodeKey(b64, `Encryption key ${id}`));
  }
  if (keys.size === 0) throw new Error("SAMEN_ENCRYPTION_KEYS holds no key.");
  return keys;
}

type KeyFile = { encryptionKeys: string; activeKeyId: string; blindIndexKey: string; note: string };

/**
 * Builds the key ring from configuration. Outside production, when no keys are configured, a key
 * file is generated once in the data folder (mode 0600) so a demo or development install works
 * out of the box; production refuses to start without configured keys (see env.ts).
 */
export function loadKeyRing(
  env: Pick<
    Env,
    "SAMEN_ENCRYPTION_KEYS" | "SAMEN_ENCRYPTION_ACTIVE_KEY" | "SAMEN_BLIND_INDEX_KEY" | "SAMEN_DATA_DIR"
  >,
): KeyRing {
  if (env.SAMEN_ENCRYPTION_KEYS && env.SAMEN_BLIND_INDEX_KEY) {
    const keys = parseKeyList(env.SAMEN_ENCRYPTION_KEYS);
    const activeKeyId = env.SAMEN_ENCRYPTION_ACTIVE_KEY ?? [...keys.keys()].at(-1)!;
    if (!keys.has(activeKeyId))
      throw new Error(`SAMEN_ENCRYPTION_ACTIVE_KEY ${activeKeyId} is not among SAMEN_ENCRYPTION_KEYS.`);
    return {
      keys,
      activeKeyId,
      blindIndexKey: decodeKey(env.SAMEN_BLIND_INDEX_KEY, "SAMEN_BLIND_INDEX_KEY"),
    };
  }
  const file = path.join(env.SAMEN_DATA_DIR, "keys.json");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(env.SAMEN_DATA_DIR, { recursive: true });
    const generated: KeyFile = {
      note: "Generated for a development or demo install. In production configure SAMEN_ENCRYPTION_KEYS and SAMEN_BLIND_INDEX_KEY instead.",
      encryptionKeys: `k1:${randomBytes(32).toString("base64")}`,
      activeKeyId: "k1",
      blindIndexKey: randomBytes(32).toString("base64"),
    };
    fs.writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600, flag: "wx" });
  }
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
  return {
    keys: parseKeyList(stored.encryptionKeys),
    activeKeyId: stored.activeKeyId,
    blindIndexKey: decodeKey(stored.blindIndexKey, "blindIndexKey"),
  };
}

/** A key ring for tests: fixed, clearly not secret. */
export function testKeyRing(): KeyRing {
  return {
    keys: new Map([
      ["test1", Buffer.alloc(32, 1)],
      ["test2", Buffer.alloc(32, 2)],
    ]),
    activeKeyId: "test1",
    blindIndexKey: Buffer.alloc(32, 3),
  };
}

export type FieldCipher = {
  /** The key new encryptions use. */
  readonly activeKeyId: string;
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Whether a value is encrypted under a key other than the active one (for rotation). */
  needsRotation(ciphertext: string): boolean;
  /** Keyed hash of a normalised value, for equality search on encrypted fields. */
  blindIndex(value: string, context: string): string;
};

export function createFieldCipher(ring: KeyRing): FieldCipher {
  return {
    activeKeyId: ring.activeKeyId,
    encrypt(plaintext) {
      const key = ring.keys.get(ring.activeKeyId)!;
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [
        "v1",
        ring.activeKeyId,
        iv.toString("base64url"),
        body.toString("base64url"),
        cipher.getAuthTag().toString("base64url"),
      ].join(".");
    },
    decrypt(ciphertext) {
      const [version, keyId, iv, body, tag] = ciphertext.split(".");
      if (version !== "v1" || !keyId || iv === undefined || body === undefined || tag === undefined) {
        throw new Error("Not a Samen ciphertext.");
      }
      const key = ring.keys.get(keyId);
      if (!key) throw new Error(`Encryption key ${keyId} is not configured.`);
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
        "utf8",
      );
    },
    needsRotation(ciphertext) {
      return ciphertext.split(".")[1] !== ring.activeKeyId;
    },
    blindIndex(value, context) {
      return createHmac("sha256", ring.blindIndexKey).update(`${context}\u0000${value}`).digest("base64url");
    },
  };
}
