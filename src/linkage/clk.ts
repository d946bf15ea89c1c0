/**
 * @module linkage/clk
 * CLK (cryptographic long-term key) encoding compatible with clkhash 0.18.3: HKDF key derivation,
 * per-feature validation and formatting, tokenisation (n-grams, exact, numeric), bits per token,
 * blakeHash / doubleHash insertion, OR-combination, XOR folding and base64 serialisation.
 *
 * The pipeline per CSV cell follows clkhash exactly; see README.md ("Compatibility") for the rules and
 * the reasons behind the less obvious ones. Hashing results are cached per feature and per formatted
 * value: the cache only holds derived bit positions and lives as long as the encoder.
 */

import { createHmac } from "node:crypto";
import { Blake2bKeyed } from "./blake2b";
import { LinkageError } from "./errors";
import type { Encoding, FieldComparison, HashedFeature, LinkageSchema } from "./linkage.schema";
import { formatYmd, parsePyFloat, parsePyInt, roundHalfEven, StrptimeValueError } from "./python";

// ---------------------------------------------------------------------------------------------------
// Key derivation
// ---------------------------------------------------------------------------------------------------

/** HKDF (RFC 5869) with node:crypto's HMAC; no limit on `info` length (Node's hkdfSync caps it at 1024). */
export function hkdf({
  hash,
  secret,
  salt,
  info,
  length,
}: {
  hash: "SHA256" | "SHA512";
  secret: Uint8Array;
  salt: Uint8Array | null;
  info: Uint8Array | null;
  length: number;
}): Uint8Array {
  const algorithm = hash === "SHA256" ? "sha256" : "sha512";
  const hashLen = hash === "SHA256" ? 32 : 64;
  if (length > 255 * hashLen) throw new RangeError("HKDF output too long");
  const prk = createHmac(algorithm, salt && salt.length > 0 ? salt : new Uint8Array(hashLen))
    .update(secret)
    .digest();
  const out = new Uint8Array(length);
  let previous = new Uint8Array(0);
  let offset = 0;
  for (let i = 1; offset < length; i++) {
    const mac = createHmac(algorithm, prk);
    mac.update(previous);
    if (info) mac.update(info);
    mac.update(new Uint8Array([i]));
    previous = new Uint8Array(mac.digest());
    out.set(previous.subarray(0, Math.min(hashLen, length - offset)), offset);
    offset += hashLen;
  }
  return out;
}

/** The two keys of every feature (ignored features too, in schema order), as clkhash derives them. */
export function deriveFeatureKeys(
  schema: LinkageSchema,
  secret: Uint8Array,
): Array<[Uint8Array, Uint8Array]> {
  const { keySize } = schema.kdf;
  const n = schema.features.length;
  const material = hkdf({
    hash: schema.kdf.hash,
    secret,
    salt: schema.kdf.salt,
    info: schema.kdf.info,
    length: 2 * n * keySize,
  });
  const keys: Array<[Uint8Array, Uint8Array]> = [];
  for (let i = 0; i < n; i++) {
    const first = material.slice(2 * i * keySize, (2 * i + 1) * keySize);
    const second = material.slice((2 * i + 1) * keySize, (2 * i + 2) * keySize);
    keys.push([first, second]);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------------------
// Validation and formatting of one value
// ---------------------------------------------------------------------------------------------------

/** Why a value was rejected; a fixed phrase that never repeats the value itself. */
export type ValueProblem = string;

function hasLoneSurrogate(value: string): boolean {
  return /\p{Cs}/u.test(value);
}

function encodable(value: string, encoding: Encoding): boolean {
  if (hasLoneSurrogate(value)) return false;
  if (encoding === "ascii") {
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  }
  return true;
}

function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Validate a (non-missing) raw value against the feature's format the way clkhash's `FieldSpec.validate`
 * does. Returns null when valid, otherwise a description without the value.
 */
export function validateValue(feature: HashedFeature, raw: string): ValueProblem | null {
  const format = feature.format;
  if (!encodable(raw, format.encoding)) return `cannot be encoded in ${format.encoding}`;
  switch (format.type) {
    case "string": {
      if (format.matches) {
        return format.matches(raw) ? null : "does not match the pattern of the schema";
      }
      const length = codePointLength(raw);
      if (format.minLength !== null && length < format.minLength) {
        return `is shorter than minLength ${format.minLength}`;
      }
      if (format.maxLength !== null && length > format.maxLength) {
        return `is longer than maxLength ${format.maxLength}`;
      }
      if (format.case === "upper" && raw.toUpperCase() !== raw) return "is not upper case";
      if (format.case === "lower" && raw.toLowerCase() !== raw) return "is not lower case";
      return null;
    }
    case "integer": {
      const value = parsePyInt(raw);
      if (value === null) return "is not an integer";
      if (format.minimum !== null && value < BigInt(format.minimum))
        return `is below the minimum ${format.minimum}`;
      if (format.maximum !== null && value > BigInt(format.maximum))
        return `is above the maximum ${format.maximum}`;
      return null;
    }
    case "date":
      try {
        format.parse(raw);
        return null;
      } catch (error) {
        if (error instanceof StrptimeValueError) return `is not a valid date in format '${format.format}'`;
        throw error;
      }
    case "enum":
      return format.values.has(raw) ? null : "is not one of the enum values";
  }
}

/** clkhash's `format_value`: missing-value replacement, else the format's canonical form. */
export function formatValue(feature: HashedFeature, raw: string): string {
  if (feature.missingValue && raw === feature.missingValue.sentinel) return feature.missingValue.replaceWith;
  const format = feature.format;
  if (format.type === "integer") {
    const value = parsePyInt(raw);
    if (value === null) throw new ValueError("is not an integer");
    return value.toString();
  }
  if (format.type === "date") {
    try {
      return formatYmd(format.parse(raw));
    } catch (error) {
      if (error instanceof StrptimeValueError)
        throw new ValueError(`is not a valid date in format '${format.format}'`);
      throw error;
    }
  }
  return raw;
}

/** A value that cannot be formatted or tokenised; carries a value-free description. */
export class ValueError extends Error {
  override name = "ValueError";
}

// ---------------------------------------------------------------------------------------------------
// Tokenisation
// ---------------------------------------------------------------------------------------------------

const SURROGATE = /[\ud800-\udfff]/;
const PADDING = Array.from({ length: 16 }, (_, i) => " ".repeat(i));

/** Tokens of a formatted value for a comparison, as clkhash's comparators produce them. */
export function tokenize(comparison: FieldComparison, word: string): string[] {
  if (word.length === 0) return [];
  if (comparison.type === "exact") return [word];
  if (comparison.type === "ngram") {
    const { n, positional } = comparison;
    if (!SURROGATE.test(word)) {
      // Fast path: every UTF-16 unit is a code point, so string slicing is code-point slicing.
      const pad = n - 1 < PADDING.length ? PADDING[n - 1]! : " ".repeat(n - 1);
      const padded = n > 1 ? pad + word + pad : word;
      const count = padded.length - n + 1;
      const tokens = new Array<string>(count);
      for (let i = 0; i < count; i++) {
        const gram = padded.slice(i, i + n);
        tokens[i] = positional ? `${i + 1} ${gram}` : gram;
      }
      return tokens;
    }
    let chars = Array.from(word);
    if (n > 1) {
      const pad = new Array<string>(n - 1).fill(" ");
      chars = [...pad, ...chars, ...pad];
    }
    const tokens: string[] = [];
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join("");
      tokens.push(positional ? `${i + 1} ${gram}` : gram);
    }
    return tokens;
  }
  return numericTokens(comparison, word);
}

function numericTokens(comparison: Extract<FieldComparison, { type: "numeric" }>, word: string): string[] {
  const { distanceInterval, resolution, fractionalPrecision } = comparison;
  let v: bigint;
  const asInt = parsePyInt(word);
  if (asInt !== null) {
    v = asInt * 10n ** BigInt(fractionalPrecision);
  } else {
    const asFloat = parsePyFloat(word);
    if (asFloat === null || Number.isNaN(asFloat)) throw new ValueError("is not a number");
    if (!Number.isFinite(asFloat)) throw new ValueError("is not a finite number");
    if (fractionalPrecision > 0) {
      const scaled = asFloat * 10 ** fractionalPrecision;
      if (!Number.isFinite(scaled)) throw new ValueError("is too large");
      v = roundHalfEven(scaled);
    } else {
      v = BigInt(Math.trunc(asFloat));
    }
  }
  v = v * 2n * BigInt(resolution);
  // Python's % is non-negative for a positive divisor.
  let residue = v % distanceInterval;
  if (residue < 0n) residue += distanceInterval;
  if (residue !== 0n) {
    // residue < distanceInterval / 2, compared exactly (Python compares int < float; both sides are exact here)
    if (2n * residue < distanceInterval) v -= residue;
    else v += distanceInterval - residue;
  }
  const tokens: string[] = [];
  for (let i = -resolution; i <= resolution; i++) tokens.push((v + BigInt(i) * distanceInterval).toString());
  return tokens;
}

/** Bits per token for `count` tokens under the feature's strategy. */
export function bitsPerToken(feature: HashedFeature, count: number): number[] {
  const strategy = feature.strategy;
  if (strategy.kind === "bitsPerToken") return new Array<number>(count).fill(strategy.k);
  const k = Math.trunc(strategy.bits / count);
  const residue = strategy.bits % count;
  const ks = new Array<number>(count);
  for (let i = 0; i < count; i++) ks[i] = i < residue ? k + 1 : k;
  return ks;
}

// ---------------------------------------------------------------------------------------------------
// Token bytes and hashing
// ---------------------------------------------------------------------------------------------------

const utf8 = new TextEncoder();

/** Bytes of a token under Python's codec of that name (utf-16/utf-32 carry a little-endian BOM). */
export function encodeToken(token: string, encoding: Encoding): Uint8Array {
  switch (encoding) {
    case "utf-8":
      return utf8.encode(token);
    case "ascii": {
      const out = new Uint8Array(token.length);
      for (let i = 0; i < token.length; i++) out[i] = token.charCodeAt(i);
      return out;
    }
    case "utf-16": {
      const out = new Uint8Array(2 + token.length * 2);
      out[0] = 0xff;
      out[1] = 0xfe;
      for (let i = 0; i < token.length; i++) {
        const unit = token.charCodeAt(i);
        out[2 + 2 * i] = unit & 0xff;
        out[3 + 2 * i] = unit >>> 8;
      }
      return out;
    }
    case "utf-32": {
      const cps = Array.from(token, (ch) => ch.codePointAt(0)!);
      const out = new Uint8Array(4 + cps.length * 4);
      out.set([0xff, 0xfe, 0, 0]);
      cps.forEach((cp, i) => {
        out[4 + 4 * i] = cp & 0xff;
        out[5 + 4 * i] = (cp >>> 8) & 0xff;
        out[6 + 4 * i] = (cp >>> 16) & 0xff;
      });
      return out;
    }
  }
}

/** Big-endian digest bytes as an integer, reduced mod `l`. */
function digestMod(digest: Uint8Array, l: number): number {
  let r = 0;
  for (let i = 0; i < digest.length; i++) r = (r * 256 + digest[i]!) % l;
  return r;
}

type TokenHasher = (tokenBytes: Uint8Array, k: number, out: number[]) => void;

function blakeHasher(key: Uint8Array, l: number): TokenHasher {
  const states: Blake2bKeyed[] = [];
  const digest = new Uint8Array(64);
  const mask = l - 1; // l is a power of two (checked by the schema)
  return (tokenBytes, k, out) => {
    const macs = Math.ceil(k / 32);
    for (let i = 0; i < macs; i++) {
      let state = states[i];
      if (!state) {
        state = new Blake2bKeyed(key, utf8.encode(String(i)));
        states[i] = state;
      }
      state.digestInto(tokenBytes, digest);
      const take = Math.min(32, k - 32 * i);
      for (let j = 0; j < take; j++) out.push((digest[2 * j]! | (digest[2 * j + 1]! << 8)) & mask);
    }
  };
}

function doubleHasher(
  keySha1: Uint8Array,
  keyMd5: Uint8Array,
  l: number,
  preventSingularity: boolean,
): TokenHasher {
  return (tokenBytes, k, out) => {
    const h1 = digestMod(createHmac("sha1", keySha1).update(tokenBytes).digest(), l);
    let h2 = digestMod(createHmac("md5", keyMd5).update(tokenBytes).digest(), l);
    if (preventSingularity) {
      for (let j = 0; h2 === 0; j++) {
        const suffix = utf8.encode(String.fromCodePoint(j));
        h2 = digestMod(createHmac("md5", keyMd5).update(tokenBytes).update(suffix).digest(), l);
      }
    }
    for (let i = 0; i < k; i++) out.push((h1 + ((i * h2) % l)) % l);
  };
}

// ---------------------------------------------------------------------------------------------------
// The encoder
// ---------------------------------------------------------------------------------------------------

/** Where a value came from, for error messages (1-based CSV line, column identifier). */
export type Location = { source?: string; line?: number; row?: number };

/** Per-field explanation of an encoding, in the layout of the reference `debug/field_details.json`. */
export type FieldDetails = {
  featureIndex: number;
  identifier: string;
  raw: string;
  formatted: string;
  tokens: string[];
  bitsPerToken: number[];
  /** Sorted distinct positions this field sets in the unfolded filter. */
  positions: number[];
};

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // The word masks below assume the byte order of every platform Node runs on today.
  throw new Error("linkage/clk requires a little-endian platform");
}

/**
 * Mask of bit position p inside its little-endian 32-bit word, for clkhash's bit order (bit 0 = most
 * significant bit of byte 0).
 */
function bitMask(p: number): number {
  return 1 << ((((p >>> 3) & 3) << 3) + 7 - (p & 7));
}

type CompiledField = {
  feature: HashedFeature;
  hasher: TokenHasher;
  /** Per raw value: the position lists of its tokens (shared with the token cache, never copied). */
  cache: Map<string, Int32Array[]>;
  /** Per bits-per-token, per token: positions. Tokens repeat far more than whole values. */
  tokenCache: Map<number, Map<string, Int32Array>>;
  tokenCacheSize: number;
  /** Per bits-per-token: uni/bigram positions keyed by code points and position (no string needed). */
  gramCache: Map<number, Map<number, Int32Array>>;
  gramCacheSize: number;
  /** Value-cache statistics; the value cache is switched off for fields whose values rarely repeat. */
  lookups: number;
  hits: number;
  cacheValues: boolean;
};

/** After this many lookups a field keeps its value cache only if at least VALUE_CACHE_MIN_HIT_RATE hit. */
const VALUE_CACHE_TRIAL = 4096;
const VALUE_CACHE_MIN_HIT_RATE = 0.25;

/** Bound on cached values (and tokens) per field; a full cache is simply cleared. */
const CACHE_LIMIT = 1 << 16;

export type ClkEncoder = {
  readonly schema: LinkageSchema;
  /** Number of columns a record must have (every feature, ignored ones included). */
  readonly columns: number;
  /** Bytes per CLK (`ceil(l / 8)`). */
  readonly bytes: number;
  /** Validate and encode one record into a fresh byte array. @throws LinkageError RECORD_INVALID */
  encode(values: readonly string[], where?: Location): Uint8Array;
  /** The same as `clkToBase64(encode(…))` without allocating a filter per record. */
  encodeBase64(values: readonly string[], where?: Location): string;
  /** Encode and explain, field by field. */
  explain(values: readonly string[]): FieldDetails[];
};

function locate(where: Location | undefined, identifier: string): string {
  const parts: string[] = [];
  if (where?.source !== undefined) parts.push(where.source);
  if (where?.line !== undefined) parts.push(`line ${where.line}`);
  else if (where?.row !== undefined) parts.push(`row ${where.row}`);
  parts.push(`column '${identifier}'`);
  return parts.join(", ");
}

/** Validate (unless missing) and format in one pass; dates are parsed once. */
function prepareValue(feature: HashedFeature, raw: string): string {
  if (feature.missingValue && raw === feature.missingValue.sentinel) return feature.missingValue.replaceWith;
  const format = feature.format;
  if (format.type === "date") {
    if (!encodable(raw, format.encoding)) throw new ValueError(`cannot be encoded in ${format.encoding}`);
    try {
      return formatYmd(format.parse(raw));
    } catch (error) {
      if (error instanceof StrptimeValueError)
        throw new ValueError(`is not a valid date in format '${format.format}'`);
      throw error;
    }
  }
  const problem = validateValue(feature, raw);
  if (problem) throw new ValueError(problem);
  return formatValue(feature, raw);
}

/**
 * Build an encoder for a schema and secret. The secret is used only to derive the per-feature keys.
 * @throws LinkageError SECRET_INVALID for an empty secret
 */
export function createEncoder({ schema, secret }: { schema: LinkageSchema; secret: Uint8Array }): ClkEncoder {
  if (secret.length === 0) throw new LinkageError("SECRET_INVALID", "the secret is empty");
  const keys = deriveFeatureKeys(schema, secret);
  const l = schema.hashLength;
  const fields: Array<CompiledField | null> = schema.features.map((feature) => {
    if (feature.ignored) return null;
    const [k0, k1] = keys[feature.index]!;
    const hasher =
      feature.hash.type === "blakeHash"
        ? blakeHasher(k0, l)
        : doubleHasher(k0, k1, l, feature.hash.preventSingularity);
    return {
      feature,
      hasher,
      cache: new Map(),
      tokenCache: new Map(),
      tokenCacheSize: 0,
      gramCache: new Map(),
      gramCacheSize: 0,
      lookups: 0,
      hits: 0,
      cacheValues: true,
    };
  });
  const bytes = Math.ceil(schema.l / 8);
  const hashBytes = Math.ceil(l / 8);
  const columns = schema.features.length;

  const checkColumns = (values: readonly string[], where: Location | undefined): void => {
    if (values.length !== columns) {
      const at =
        where?.line !== undefined
          ? `line ${where.line}`
          : where?.row !== undefined
            ? `row ${where.row}`
            : "record";
      throw new LinkageError("RECORD_INVALID", `${at}: has ${values.length} values, ${columns} expected`);
    }
  };

  /**
   * Uni- and bigrams without building token strings for cache hits: a gram is keyed by its code points
   * and position as one number. The token string is made (exactly as `tokenize` makes it) only to hash it.
   */
  const gramLists = (
    field: CompiledField,
    comparison: { n: number; positional: boolean },
    word: string,
  ): Int32Array[] => {
    if (word.length === 0) return [];
    const { n, positional } = comparison;
    const cps: number[] = [];
    if (n === 2) cps.push(0x20);
    for (let i = 0; i < word.length; i++) {
      const cp = word.codePointAt(i)!;
      cps.push(cp);
      if (cp > 0xffff) i++;
    }
    if (n === 2) cps.push(0x20);
    const count = cps.length - n + 1;
    if (count >= 2048) {
      const tokens = tokenize({ type: "ngram", n, positional }, word);
      const ks = bitsPerToken(field.feature, tokens.length);
      return tokens.map((token, i) => tokenPositions(field, token, ks[i]!));
    }
    const ks = bitsPerToken(field.feature, count);
    const lists = new Array<Int32Array>(count);
    for (let i = 0; i < count; i++) {
      const k = ks[i]!;
      let perK = field.gramCache.get(k);
      if (!perK) {
        perK = new Map();
        field.gramCache.set(k, perK);
      }
      const first = cps[i]!;
      const second = n === 2 ? cps[i + 1]! : 0;
      const key = ((positional ? i + 1 : 0) * 0x200000 + first) * 0x200000 + second;
      let positions = perK.get(key);
      if (!positions) {
        const gram = n === 2 ? String.fromCodePoint(first, second) : String.fromCodePoint(first);
        positions = tokenPositions(field, positional ? `${i + 1} ${gram}` : gram, k);
        if (field.gramCacheSize >= CACHE_LIMIT) {
          field.gramCache.clear();
          field.gramCacheSize = 0;
          perK = new Map();
          field.gramCache.set(k, perK);
        }
        perK.set(key, positions);
        field.gramCacheSize++;
      }
      lists[i] = positions;
    }
    return lists;
  };

  const tokenPositions = (field: CompiledField, token: string, k: number): Int32Array => {
    let perK = field.tokenCache.get(k);
    if (!perK) {
      perK = new Map();
      field.tokenCache.set(k, perK);
    }
    let positions = perK.get(token);
    if (positions) return positions;
    const hashed: number[] = [];
    field.hasher(encodeToken(token, field.feature.format.encoding), k, hashed);
    positions = Int32Array.from(hashed);
    if (field.tokenCacheSize >= CACHE_LIMIT) {
      field.tokenCache.clear();
      field.tokenCacheSize = 0;
      perK = new Map();
      field.tokenCache.set(k, perK);
    }
    perK.set(token, positions);
    field.tokenCacheSize++;
    return positions;
  };

  const valueLists = (field: CompiledField, raw: string, where: Location | undefined): Int32Array[] => {
    if (!field.cacheValues) return tokenLists(field, raw, where);
    // A cached value was valid when first seen; validation depends on nothing but the value.
    const cached = field.cache.get(raw);
    field.lookups++;
    if (cached) {
      field.hits++;
      return cached;
    }
    const lists = tokenLists(field, raw, where);
    if (field.lookups === VALUE_CACHE_TRIAL && field.hits < VALUE_CACHE_MIN_HIT_RATE * VALUE_CACHE_TRIAL) {
      // Mostly unique values (dates of birth, postcodes): keeping them only costs memory and GC time.
      field.cacheValues = false;
      field.cache.clear();
      return lists;
    }
    if (field.cache.size >= CACHE_LIMIT) field.cache.clear();
    field.cache.set(raw, lists);
    return lists;
  };

  const tokenLists = (field: CompiledField, raw: string, where: Location | undefined): Int32Array[] => {
    const { feature } = field;
    try {
      const formatted = prepareValue(feature, raw);
      const comparison = feature.comparison;
      if (comparison.type === "ngram" && comparison.n <= 2) return gramLists(field, comparison, formatted);
      const tokens = tokenize(comparison, formatted);
      const ks = bitsPerToken(feature, tokens.length);
      return tokens.map((token, i) => tokenPositions(field, token, ks[i]!));
    } catch (error) {
      if (error instanceof ValueError) {
        throw new LinkageError(
          "RECORD_INVALID",
          `${locate(where, feature.identifier)}: value ${error.message}`,
        );
      }
      throw error;
    }
  };

  const wordCount = Math.ceil(hashBytes / 4);
  const fill = (filter: Int32Array, values: readonly string[], where: Location | undefined): void => {
    checkColumns(values, where);
    for (let c = 0; c < columns; c++) {
      const field = fields[c];
      if (!field) continue;
      const lists = valueLists(field, values[c]!, where);
      for (let t = 0; t < lists.length; t++) {
        const positions = lists[t]!;
        for (let i = 0; i < positions.length; i++) {
          const p = positions[i]!;
          filter[p >>> 5]! |= bitMask(p);
        }
      }
    }
  };

  const encode = (values: readonly string[], where?: Location): Uint8Array => {
    const filter = new Int32Array(wordCount);
    fill(filter, values, where);
    const bytesView = new Uint8Array(filter.buffer, 0, hashBytes);
    return schema.xorFolds === 0 ? bytesView : foldXor(bytesView, l, schema.xorFolds);
  };

  const scratch = new Int32Array(wordCount);
  const scratchBuffer = Buffer.from(scratch.buffer, 0, hashBytes);
  const encodeBase64 = (values: readonly string[], where?: Location): string => {
    scratch.fill(0);
    fill(scratch, values, where);
    if (schema.xorFolds !== 0)
      return clkToBase64(foldXor(new Uint8Array(scratch.buffer, 0, hashBytes), l, schema.xorFolds));
    return scratchBuffer.toString("base64");
  };

  const explain = (values: readonly string[]): FieldDetails[] => {
    checkColumns(values, undefined);
    const details: FieldDetails[] = [];
    for (let c = 0; c < columns; c++) {
      const field = fields[c];
      if (!field) continue;
      const { feature } = field;
      const raw = values[c]!;
      const lists = tokenLists(field, raw, undefined);
      const formatted = prepareValue(feature, raw);
      const tokens = tokenize(feature.comparison, formatted);
      details.push({
        featureIndex: feature.index,
        identifier: feature.identifier,
        raw,
        formatted,
        tokens,
        bitsPerToken: bitsPerToken(feature, tokens.length),
        positions: [...new Set(lists.flatMap((list) => Array.from(list)))].sort((a, b) => a - b),
      });
    }
    return details;
  };

  return { schema, columns, bytes, encode, encodeBase64, explain };
}

/**
 * XOR-fold a filter of `bits` bits (bit 0 = most significant bit of byte 0) `folds` times: each fold XORs
 * the first half with the second half, as clkhash's `fold_xor`.
 */
export function foldXor(filter: Uint8Array, bits: number, folds: number): Uint8Array {
  let current = filter;
  let length = bits;
  for (let f = 0; f < folds; f++) {
    const half = length / 2;
    const next = new Uint8Array(Math.ceil(half / 8));
    if (half % 8 === 0) {
      const halfBytes = half / 8;
      for (let i = 0; i < halfBytes; i++) next[i] = current[i]! ^ current[i + halfBytes]!;
    } else {
      for (let i = 0; i < half; i++) {
        const a = (current[i >>> 3]! >>> (7 - (i & 7))) & 1;
        const j = i + half;
        const b = (current[j >>> 3]! >>> (7 - (j & 7))) & 1;
        if (a ^ b) next[i >>> 3]! |= 0x80 >>> (i & 7);
      }
    }
    current = next;
    length = half;
  }
  return current;
}

/** Standard base64 (with padding) of a CLK, as clkhash's `serialize_bitarray`. */
export function clkToBase64(clk: Uint8Array): string {
  return Buffer.from(clk.buffer, clk.byteOffset, clk.byteLength).toString("base64");
}
