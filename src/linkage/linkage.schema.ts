/**
 * @module linkage/linkage.schema
 * The clkhash linkage schema v3 as zod schemas, with the checks clkhash 0.18.3 makes (its JSON master
 * schema plus the constructors it runs), turned into one normalised {@link LinkageSchema}. Every error
 * names the feature (index and identifier) and the offending key.
 *
 * Compatibility notes (behaviour of clkhash 0.18.3 that this module reproduces on purpose):
 * - folding is read from `clkConfig.xor_folds`; the documented key `xorFolds` is validated but ignored
 *   (a warning is returned);
 * - `prevent_singularity` is only allowed on `doubleHash` (clkhash raises even for `false` on blakeHash);
 * - extra keys are accepted in `clkConfig`, `kdf`, `comparison`, `hash`, `missingValue` and at feature
 *   level, rejected in `format` and `hashing`.
 */

import { z } from "zod";
import { LinkageError } from "./errors";
import {
  compileFullMatch,
  compileStrptime,
  PatternTranslationError,
  roundHalfEven,
  StrptimeFormatError,
} from "./python";

export const EncodingSchema = z.enum(["ascii", "utf-8", "utf-16", "utf-32"]);
export type Encoding = z.infer<typeof EncodingSchema>;

const description = z.string().optional();

export const TextFormatSchema = z.strictObject({
  type: z.literal("string"),
  encoding: EncodingSchema.optional(),
  case: z.enum(["upper", "lower", "mixed"]).optional(),
  minLength: z.int().min(0).optional(),
  maxLength: z.int().min(1).optional(),
  description,
});

export const TextPatternFormatSchema = z.strictObject({
  type: z.literal("string"),
  encoding: EncodingSchema.optional(),
  pattern: z.string(),
  description,
});

export const IntegerFormatSchema = z.strictObject({
  type: z.literal("integer"),
  minimum: z.int().optional(),
  maximum: z.int().optional(),
  description,
});

export const DateFormatSchema = z.strictObject({
  type: z.literal("date"),
  format: z.string(),
  description,
});

export const EnumFormatSchema = z.strictObject({
  type: z.literal("enum"),
  values: z.array(z.string()),
  description,
});

export const StrategySchema = z.union([
  z.strictObject({ bitsPerToken: z.int().min(1) }),
  z.strictObject({ bitsPerFeature: z.int().min(1) }),
]);

export const ComparisonSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("ngram"), n: z.int().min(1), positional: z.boolean().optional() }),
  z.looseObject({ type: z.literal("exact") }),
  z.looseObject({
    type: z.literal("numeric"),
    thresholdDistance: z.number().gt(0),
    resolution: z.int().min(1),
    fractional_precision: z.int().min(0).optional(),
  }),
]);

export const HashSchema = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("doubleHash"), prevent_singularity: z.boolean().optional() }),
  z.looseObject({ type: z.literal("blakeHash") }),
]);

export const MissingValueSchema = z.looseObject({ sentinel: z.string(), replaceWith: z.string().optional() });

export const HashingSchema = z.strictObject({
  comparison: ComparisonSchema,
  strategy: StrategySchema,
  hash: HashSchema.optional(),
  missingValue: MissingValueSchema.optional(),
});

export const IgnoreFeatureSchema = z.strictObject({
  identifier: z.string(),
  ignored: z.literal(true),
  description,
});

export const FeatureConfigSchema = z.looseObject({
  identifier: z.string(),
  description,
  ignored: z.boolean().optional(),
  format: z.looseObject({ type: z.string() }),
  hashing: z.looseObject({}),
});

export const KdfSchema = z.looseObject({
  type: z.literal("HKDF"),
  hash: z.enum(["SHA256", "SHA512"]).optional(),
  salt: z.string().optional(),
  info: z.string().optional(),
  keySize: z.int().min(1).optional(),
});

export const ClkConfigSchema = z.looseObject({
  l: z.int().min(1),
  kdf: KdfSchema,
  xorFolds: z.int().min(0).optional(),
  // Not in clkhash's master schema, but the key clkhash actually reads.
  xor_folds: z.int().min(0).optional(),
});

export const LinkageSchemaJsonSchema = z.looseObject({
  version: z.number(),
  clkConfig: ClkConfigSchema,
  features: z.array(z.unknown()),
});

export type TextFormat = z.infer<typeof TextFormatSchema>;
export type TextPatternFormat = z.infer<typeof TextPatternFormatSchema>;
export type Strategy = z.infer<typeof StrategySchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;

/** A feature's format after validation, with the validators compiled. */
export type FieldFormat =
  | {
      type: "string";
      encoding: Encoding;
      case: "upper" | "lower" | "mixed";
      minLength: number | null;
      maxLength: number | null;
      pattern: string | null;
      /** `re.fullmatch` of the pattern, when there is one. */
      matches: ((value: string) => boolean) | null;
    }
  | { type: "integer"; encoding: Encoding; minimum: number | null; maximum: number | null }
  | { type: "date"; encoding: Encoding; format: string; parse: ReturnType<typeof compileStrptime> }
  | { type: "enum"; encoding: Encoding; values: ReadonlySet<string> };

export type FieldComparison =
  | { type: "ngram"; n: number; positional: boolean }
  | { type: "exact" }
  | { type: "numeric"; distanceInterval: bigint; resolution: number; fractionalPrecision: number };

export type HashedFeature = {
  index: number;
  identifier: string;
  ignored: false;
  format: FieldFormat;
  comparison: FieldComparison;
  strategy: { kind: "bitsPerToken"; k: number } | { kind: "bitsPerFeature"; bits: number };
  hash: { type: "blakeHash" } | { type: "doubleHash"; preventSingularity: boolean };
  missingValue: { sentinel: string; replaceWith: string } | null;
};

export type IgnoredFeature = { index: number; identifier: string; ignored: true };

export type Feature = HashedFeature | IgnoredFeature;

/** A validated linkage schema, ready for encoding. */
export type LinkageSchema = {
  /** CLK length in bits after folding. */
  l: number;
  /** Number of XOR folds actually applied (clkhash's `xor_folds`). */
  xorFolds: number;
  /** Filter length before folding: `l · 2^xorFolds`. */
  hashLength: number;
  kdf: { hash: "SHA256" | "SHA512"; salt: Uint8Array | null; info: Uint8Array | null; keySize: number };
  features: Feature[];
  /** Things clkhash accepts silently but a user probably did not mean. */
  warnings: string[];
};

/** Longest filter we agree to build (bits before folding); far above any practical CLK. */
export const MAX_HASH_LENGTH = 1 << 24;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function schemaError(message: string): LinkageError {
  return new LinkageError("SCHEMA_INVALID", message);
}

function describeIssues(where: string, error: z.ZodError): string {
  const parts = error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  return `${where}: ${parts.join("; ")}`;
}

function decodeBase64(value: string, where: string): Uint8Array {
  const compact = value.replace(/\s+/g, "");
  if (!BASE64.test(compact)) throw schemaError(`${where} is not valid standard base64 (with padding)`);
  return new Uint8Array(Buffer.from(compact, "base64"));
}

function compileFormat(raw: { type: string }, where: string): FieldFormat {
  switch (raw.type) {
    case "string": {
      if ("pattern" in raw) {
        const parsed = TextPatternFormatSchema.safeParse(raw);
        if (!parsed.success) throw schemaError(describeIssues(`${where}.format`, parsed.error));
        let matches: (value: string) => boolean;
        try {
          matches = compileFullMatch(parsed.data.pattern);
        } catch (error) {
          const reason = error instanceof PatternTranslationError ? error.message : "cannot be compiled";
          throw schemaError(`${where}.format.pattern: ${reason}`);
        }
        return {
          type: "string",
          encoding: parsed.data.encoding ?? "utf-8",
          case: "mixed",
          minLength: null,
          maxLength: null,
          pattern: parsed.data.pattern,
          matches,
        };
      }
      const parsed = TextFormatSchema.safeParse(raw);
      if (!parsed.success) throw schemaError(describeIssues(`${where}.format`, parsed.error));
      return {
        type: "string",
        encoding: parsed.data.encoding ?? "utf-8",
        case: parsed.data.case ?? "mixed",
        minLength: parsed.data.minLength ?? null,
        maxLength: parsed.data.maxLength ?? null,
        pattern: null,
        matches: null,
      };
    }
    case "integer": {
      const parsed = IntegerFormatSchema.safeParse(raw);
      if (!parsed.success) throw schemaError(describeIssues(`${where}.format`, parsed.error));
      return {
        type: "integer",
        encoding: "utf-8",
        minimum: parsed.data.minimum ?? null,
        maximum: parsed.data.maximum ?? null,
      };
    }
    case "date": {
      const parsed = DateFormatSchema.safeParse(raw);
      if (!parsed.success) throw schemaError(describeIssues(`${where}.format`, parsed.error));
      try {
        return {
          type: "date",
          encoding: "utf-8",
          format: parsed.data.format,
          parse: compileStrptime(parsed.data.format),
        };
      } catch (error) {
        const reason = error instanceof StrptimeFormatError ? error.message : "cannot be compiled";
        throw schemaError(`${where}.format.format: strptime format not supported (${reason})`);
      }
    }
    case "enum": {
      const parsed = EnumFormatSchema.safeParse(raw);
      if (!parsed.success) throw schemaError(describeIssues(`${where}.format`, parsed.error));
      return { type: "enum", encoding: "utf-8", values: new Set(parsed.data.values) };
    }
    default:
      throw schemaError(`${where}.format.type: must be one of "string", "integer", "date", "enum"`);
  }
}

function compileComparison(comparison: Comparison, where: string): FieldComparison {
  if (comparison.type === "ngram") {
    return { type: "ngram", n: comparison.n, positional: comparison.positional ?? false };
  }
  if (comparison.type === "exact") return { type: "exact" };
  const fractionalPrecision = comparison.fractional_precision ?? 0;
  const scaled = comparison.thresholdDistance * 10 ** fractionalPrecision;
  if (!Number.isFinite(scaled)) {
    throw schemaError(
      `${where}.hashing.comparison: thresholdDistance × 10^fractional_precision is too large`,
    );
  }
  const distanceInterval = roundHalfEven(scaled);
  if (distanceInterval === 0n) {
    throw schemaError(
      `${where}.hashing.comparison: not enough fractional_precision to encode thresholdDistance (it rounds to 0)`,
    );
  }
  return { type: "numeric", distanceInterval, resolution: comparison.resolution, fractionalPrecision };
}

function compileFeature(raw: unknown, index: number): Feature {
  const label = (() => {
    if (raw && typeof raw === "object" && "identifier" in raw && typeof raw.identifier === "string") {
      return `features[${index}] ('${raw.identifier}')`;
    }
    return `features[${index}]`;
  })();
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw schemaError(`${label}: must be an object`);
  const obj = raw as Record<string, unknown>;
  if (obj.ignored === true && !("format" in obj) && !("hashing" in obj)) {
    const parsed = IgnoreFeatureSchema.safeParse(obj);
    if (!parsed.success) throw schemaError(describeIssues(label, parsed.error));
    return { index, identifier: parsed.data.identifier, ignored: true };
  }
  const parsed = FeatureConfigSchema.safeParse(obj);
  if (!parsed.success) throw schemaError(describeIssues(label, parsed.error));
  const format = compileFormat(parsed.data.format, label);
  const hashingParsed = HashingSchema.safeParse(parsed.data.hashing);
  if (!hashingParsed.success) throw schemaError(describeIssues(`${label}.hashing`, hashingParsed.error));
  const hashing = hashingParsed.data;
  if (parsed.data.ignored === true) return { index, identifier: parsed.data.identifier, ignored: true };
  const hashSpec = hashing.hash ?? { type: "blakeHash" as const };
  if (hashSpec.type === "blakeHash" && "prevent_singularity" in hashSpec) {
    throw schemaError(`${label}.hashing.hash: prevent_singularity may only be given with doubleHash`);
  }
  return {
    index,
    identifier: parsed.data.identifier,
    ignored: false,
    format,
    comparison: compileComparison(hashing.comparison, label),
    strategy:
      "bitsPerToken" in hashing.strategy
        ? { kind: "bitsPerToken", k: hashing.strategy.bitsPerToken }
        : { kind: "bitsPerFeature", bits: hashing.strategy.bitsPerFeature },
    hash:
      hashSpec.type === "doubleHash"
        ? { type: "doubleHash", preventSingularity: hashSpec.prevent_singularity === true }
        : { type: "blakeHash" },
    missingValue: hashing.missingValue
      ? {
          sentinel: hashing.missingValue.sentinel,
          replaceWith: hashing.missingValue.replaceWith ?? hashing.missingValue.sentinel,
        }
      : null,
  };
}

/**
 * Validate a parsed linkage schema (clkhash v3) and normalise it.
 * @throws LinkageError SCHEMA_INVALID naming the feature and key at fault.
 */
export function parseLinkageSchema(json: unknown): LinkageSchema {
  if (!json || typeof json !== "object" || Array.isArray(json)) {
    throw schemaError("the top level of the schema must be a JSON object");
  }
  if (!("version" in json)) throw schemaError("version: a format version is expected in the schema");
  if ((json as { version: unknown }).version !== 3) {
    throw schemaError("version: only linkage schema version 3 is supported");
  }
  const top = LinkageSchemaJsonSchema.safeParse(json);
  if (!top.success) throw schemaError(describeIssues("schema", top.error));
  const { clkConfig } = top.data;
  const warnings: string[] = [];
  if (clkConfig.xorFolds !== undefined && clkConfig.xor_folds === undefined && clkConfig.xorFolds > 0) {
    warnings.push(
      "clkConfig.xorFolds is ignored by clkhash 0.18.3 (it reads xor_folds); no XOR folding is applied",
    );
  }
  const xorFolds = clkConfig.xor_folds ?? 0;
  const hashLength = clkConfig.l * 2 ** xorFolds;
  if (!Number.isSafeInteger(hashLength) || hashLength > MAX_HASH_LENGTH) {
    throw schemaError(`clkConfig: l × 2^xor_folds must be at most ${MAX_HASH_LENGTH} bits`);
  }
  const kdf = clkConfig.kdf;
  const hash = kdf.hash ?? "SHA256";
  const keySize = kdf.keySize ?? 64;
  const salt = kdf.salt === undefined ? null : decodeBase64(kdf.salt, "clkConfig.kdf.salt");
  const info = kdf.info === undefined ? null : decodeBase64(kdf.info, "clkConfig.kdf.info");
  const features = top.data.features.map((raw, index) => compileFeature(raw, index));
  const hashLen = hash === "SHA256" ? 32 : 64;
  if (2 * features.length * keySize > 255 * hashLen) {
    throw schemaError(
      `clkConfig.kdf: HKDF-${hash} can derive at most ${255 * hashLen} bytes, but ${features.length} features × 2 keys × keySize ${keySize} need ${2 * features.length * keySize}`,
    );
  }
  const isPowerOfTwo = (hashLength & (hashLength - 1)) === 0;
  for (const feature of features) {
    if (feature.ignored || feature.hash.type !== "blakeHash") continue;
    const label = `features[${feature.index}] ('${feature.identifier}')`;
    if (!isPowerOfTwo) {
      throw schemaError(
        `${label}: blakeHash needs a filter length (l × 2^xor_folds = ${hashLength}) that is a power of two`,
      );
    }
    if (keySize > 64) {
      throw schemaError(
        `${label}: blakeHash takes keys of at most 64 bytes, but clkConfig.kdf.keySize is ${keySize}`,
      );
    }
  }
  return { l: clkConfig.l, xorFolds, hashLength, kdf: { hash, salt, info, keySize }, features, warnings };
}

/** Parse the text of a schema file. @throws LinkageError SCHEMA_INVALID */
export function parseLinkageSchemaText(text: string): LinkageSchema {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw schemaError("the schema is not valid JSON");
  }
  return parseLinkageSchema(json);
}

// ---------------------------------------------------------------------------------------------------
// File formats shared with anonlink's tools
// ---------------------------------------------------------------------------------------------------

/** `{"clks": [base64, …]}` — anonlink-client's encodings file. */
export const ClksFileSchema = z.looseObject({ clks: z.array(z.string()) });
export type ClksFile = z.infer<typeof ClksFileSchema>;

/** `{"groups": [[[party, row], …], …]}` — anonlink's solved groups. */
export const GroupsFileSchema = z.looseObject({
  groups: z.array(z.array(z.tuple([z.int().min(0), z.int().min(0)]))),
});
export type GroupsFile = z.infer<typeof GroupsFileSchema>;
