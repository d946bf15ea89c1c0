/**
 * CLK encoding against clkhash 0.18.3's reference outputs (test/fixtures/pprl/clk_s2_mixed, all 200
 * synthetic rows) and against hand-made schemas whose expectations come from an independent Python
 * implementation of the rules (test/fixtures/pprl/handmade) or from first principles in the test.
 */

import { createHmac, hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { blake2b } from "./blake2b";
import {
  bitsPerToken,
  clkToBase64,
  createEncoder,
  deriveFeatureKeys,
  encodeToken,
  foldXor,
  hkdf,
  tokenize,
} from "./clk";
import { encodeCsvText } from "./encode";
import { LinkageError } from "./errors";
import { CLK_CASE, fixtureBytes, fixtureJson, fixtureRows, fixtureText, HANDMADE } from "./linkage.fixtures";
import { type HashedFeature, parseLinkageSchema, parseLinkageSchemaText } from "./linkage.schema";

const enc = new TextEncoder();
const schemaS2 = parseLinkageSchemaText(fixtureText(`${CLK_CASE}schema.json`));
const secretS2 = fixtureBytes(`${CLK_CASE}secret.txt`);

type FieldDetailsFile = {
  hash_length_before_folding: number;
  xor_folds_applied: number;
  keys: Array<{
    feature_index: number;
    identifier: string;
    ignored: boolean;
    key0_hex: string;
    key1_hex: string;
  }>;
  records: Array<{
    row_index: number;
    rec_id: string;
    fields: Array<{
      feature_index: number;
      identifier: string;
      raw: string;
      formatted: string;
      tokens: string[];
      bits_per_token: number[];
      hash_type: string;
      encoding: string;
      positions_in_unfolded_filter: number[];
    }>;
  }>;
};

describe("reference schema s2 (clkhash 0.18.3 outputs)", () => {
  it("encodes all 200 records of records.csv to byte-identical CLKs", () => {
    const expected = fixtureJson<{ clks: string[] }>(`${CLK_CASE}clks.json`).clks;
    const clks = encodeCsvText({
      schema: schemaS2,
      secret: secretS2,
      text: fixtureText(`${CLK_CASE}records.csv`),
    });
    expect(clks).toHaveLength(200);
    expect(clks).toEqual(expected);
  });

  it("matches clks.csv: rec_id, length in bits and popcount per row", () => {
    const rows = fixtureRows(`${CLK_CASE}clks.csv`);
    const records = fixtureRows(`${CLK_CASE}records.csv`);
    const encoder = createEncoder({ schema: schemaS2, secret: secretS2 });
    expect(rows).toHaveLength(200);
    for (const [rowIndex, recId, lengthBits, popcount, base64] of rows) {
      const record = records[Number(rowIndex)]!;
      expect(record[0]).toBe(recId);
      const clk = encoder.encode(record);
      expect(clk.length * 8).toBe(Number(lengthBits));
      expect(clk.reduce((n, byte) => n + byte.toString(2).replaceAll("0", "").length, 0)).toBe(
        Number(popcount),
      );
      expect(clkToBase64(clk)).toBe(base64);
    }
  });

  it("derives the HKDF keys of every feature, ignored ones included (debug/field_details.json)", () => {
    const details = fixtureJson<FieldDetailsFile>(`${CLK_CASE}debug/field_details.json`);
    const keys = deriveFeatureKeys(schemaS2, secretS2);
    expect(keys).toHaveLength(details.keys.length);
    for (const k of details.keys) {
      expect(Buffer.from(keys[k.feature_index]![0]).toString("hex")).toBe(k.key0_hex);
      expect(Buffer.from(keys[k.feature_index]![1]).toString("hex")).toBe(k.key1_hex);
    }
    expect(schemaS2.hashLength).toBe(details.hash_length_before_folding);
    expect(schemaS2.xorFolds).toBe(details.xor_folds_applied);
  });

  it("reproduces formatted values, tokens, bits per token and bit positions per field for rows 0-9", () => {
    const details = fixtureJson<FieldDetailsFile>(`${CLK_CASE}debug/field_details.json`);
    const records = fixtureRows(`${CLK_CASE}records.csv`);
    const encoder = createEncoder({ schema: schemaS2, secret: secretS2 });
    expect(details.records).toHaveLength(10);
    for (const record of details.records) {
      const explained = encoder.explain(records[record.row_index]!);
      expect(explained.map((f) => f.identifier)).toEqual(record.fields.map((f) => f.identifier));
      record.fields.forEach((field, i) => {
        const got = explained[i]!;
        expect(got.raw).toBe(field.raw);
        expect(got.formatted).toBe(field.formatted);
        expect(got.tokens).toEqual(field.tokens);
        expect(got.bitsPerToken).toEqual(field.bits_per_token);
        expect(got.positions).toEqual(field.positions_in_unfolded_filter);
      });
    }
  });

  it("calls BLAKE2b with salts '0' and '1' when a token needs more than 32 bits", () => {
    const details = fixtureJson<FieldDetailsFile>(`${CLK_CASE}debug/field_details.json`);
    const field = details.records[0]!.fields.find((f) => f.identifier === "first_name")!;
    expect(field.bits_per_token[0]).toBeGreaterThan(32);
    // First principles: positions = uint16-LE words of BLAKE2b(token, key=key0, salt=str(j)) mod 1024.
    const key = Buffer.from(details.keys[1]!.key0_hex, "hex");
    const positions = new Set<number>();
    field.tokens.forEach((token, t) => {
      const k = field.bits_per_token[t]!;
      const words: number[] = [];
      for (let j = 0; j * 32 < k; j++) {
        const digest = blake2b(enc.encode(token), { key, salt: enc.encode(String(j)) });
        for (let w = 0; w < 32; w++) words.push((digest[2 * w]! | (digest[2 * w + 1]! << 8)) % 1024);
      }
      for (const p of words.slice(0, k)) positions.add(p);
    });
    expect([...positions].sort((a, b) => a - b)).toEqual(field.positions_in_unfolded_filter);
  });
});

type HandmadeCase = {
  name: string;
  schema: unknown;
  records: string[][];
  clks: string[];
  fields: Array<
    Array<{ identifier: string; formatted: string; tokens: string[]; ks: number[]; positions: number[] }>
  >;
};

describe("hand-made schemas (independent Python reference, handmade/cases.json)", () => {
  const cases = fixtureJson<{ secret: string; cases: HandmadeCase[] }>(`${HANDMADE}cases.json`);
  const secret = enc.encode(cases.secret);

  it("covers folding, numeric, ignore, encodings and both hash functions", () => {
    expect(cases.cases.map((c) => c.name)).toEqual([
      "xor_folds_mixed_hashes",
      "camel_case_xorFolds_is_ignored",
      "numeric_and_singularity",
      "encodings_sha512_ignore_replace",
      "odd_length_fold",
    ]);
  });

  for (const c of cases.cases) {
    it(`${c.name}: CLKs and per-field tokens equal the reference`, () => {
      const schema = parseLinkageSchema(c.schema);
      const encoder = createEncoder({ schema, secret });
      c.records.forEach((record, i) => {
        expect(clkToBase64(encoder.encode(record))).toBe(c.clks[i]);
        const explained = encoder.explain(record);
        expect(
          explained.map((f) => ({
            identifier: f.identifier,
            formatted: f.formatted,
            tokens: f.tokens,
            ks: f.bitsPerToken,
            positions: f.positions,
          })),
        ).toEqual(c.fields[i]);
      });
    });
  }

  it("xorFolds (camel case) only warns: the CLK equals the schema without the key", () => {
    const withKey = cases.cases.find((c) => c.name === "camel_case_xorFolds_is_ignored")!;
    const schema = parseLinkageSchema(withKey.schema);
    expect(schema.xorFolds).toBe(0);
    expect(schema.warnings.join()).toMatch(/xorFolds is ignored/);
    const plain = structuredClone(withKey.schema) as { clkConfig: Record<string, unknown> };
    delete plain.clkConfig.xorFolds;
    const a = createEncoder({ schema, secret }).encode(withKey.records[0]!);
    const b = createEncoder({ schema: parseLinkageSchema(plain), secret }).encode(withKey.records[0]!);
    expect(clkToBase64(a)).toBe(clkToBase64(b));
  });

  it("xor_folds 1 equals encoding at 2·l and XOR-ing the halves by hand", () => {
    const folded = cases.cases.find((c) => c.name === "xor_folds_mixed_hashes")!;
    const unfoldedSchema = structuredClone(folded.schema) as { clkConfig: Record<string, unknown> };
    unfoldedSchema.clkConfig.l = 1024;
    delete unfoldedSchema.clkConfig.xor_folds;
    const wide = createEncoder({ schema: parseLinkageSchema(unfoldedSchema), secret }).encode(
      folded.records[0]!,
    );
    const byHand = new Uint8Array(64);
    for (let i = 0; i < 64; i++) byHand[i] = wide[i]! ^ wide[i + 64]!;
    const narrow = createEncoder({ schema: parseLinkageSchema(folded.schema), secret }).encode(
      folded.records[0]!,
    );
    expect(Buffer.from(narrow).toString("hex")).toBe(Buffer.from(byHand).toString("hex"));
  });
});

describe("first principles", () => {
  it("HKDF agrees with node's hkdfSync for SHA-256/512, with and without salt and info", () => {
    for (const hash of ["SHA256", "SHA512"] as const) {
      for (const salt of [null, enc.encode("salt")]) {
        for (const info of [null, enc.encode("info")]) {
          const ours = hkdf({ hash, secret: enc.encode("secret"), salt, info, length: 300 });
          const node = new Uint8Array(
            hkdfSync(
              hash === "SHA256" ? "sha256" : "sha512",
              "secret",
              salt ?? new Uint8Array(0),
              info ?? new Uint8Array(0),
              300,
            ),
          );
          expect(Buffer.from(ours).toString("hex")).toBe(Buffer.from(node).toString("hex"));
        }
      }
    }
  });

  it("doubleHash sets (HMAC-SHA1 mod l + i·HMAC-MD5 mod l) mod l", () => {
    const schema = parseLinkageSchema({
      version: 3,
      clkConfig: { l: 1000, kdf: { type: "HKDF" } },
      features: [
        {
          identifier: "x",
          format: { type: "string" },
          hashing: {
            comparison: { type: "exact" },
            strategy: { bitsPerToken: 7 },
            hash: { type: "doubleHash" },
          },
        },
      ],
    });
    const secret = enc.encode("s");
    const [k0, k1] = deriveFeatureKeys(schema, secret)[0]!;
    const bigMod = (bytes: Buffer, l: number) => Number(BigInt(`0x${bytes.toString("hex")}`) % BigInt(l));
    const h1 = bigMod(createHmac("sha1", k0).update("token").digest(), 1000);
    const h2 = bigMod(createHmac("md5", k1).update("token").digest(), 1000);
    const expected = new Set(Array.from({ length: 7 }, (_, i) => (h1 + i * h2) % 1000));
    const clk = createEncoder({ schema, secret }).encode(["token"]);
    const got = new Set<number>();
    for (let p = 0; p < 1000; p++) if (clk[p >> 3]! & (0x80 >> (p & 7))) got.add(p);
    expect(got).toEqual(expected);
  });

  it("tokenises n-grams over code points, positional or not, with n−1 spaces of padding", () => {
    expect(tokenize({ type: "ngram", n: 2, positional: false }, "abc")).toEqual([" a", "ab", "bc", "c "]);
    expect(tokenize({ type: "ngram", n: 2, positional: true }, "ab")).toEqual(["1  a", "2 ab", "3 b "]);
    expect(tokenize({ type: "ngram", n: 3, positional: false }, "ab")).toEqual(["  a", " ab", "ab ", "b  "]);
    expect(tokenize({ type: "ngram", n: 1, positional: true }, "😀é")).toEqual(["1 😀", "2 é"]);
    expect(tokenize({ type: "ngram", n: 2, positional: false }, "😀")).toEqual([" 😀", "😀 "]);
    expect(tokenize({ type: "ngram", n: 2, positional: false }, "")).toEqual([]);
    expect(tokenize({ type: "exact" }, "Zoë")).toEqual(["Zoë"]);
  });

  it("tokenises numbers into 2·resolution+1 neighbours on the quantised grid (clkhash's own example)", () => {
    const numeric = (td: bigint, resolution: number, fp = 0) =>
      ({ type: "numeric", distanceInterval: td, resolution, fractionalPrecision: fp }) as const;
    // clkhash docs: x = 25, thresholdDistance 8, resolution 2 → 88, 96, 104, 112, 120
    expect(tokenize(numeric(8n, 2), "25")).toEqual(["88", "96", "104", "112", "120"]);
    expect(tokenize(numeric(2n, 2), "1964")).toEqual(["7852", "7854", "7856", "7858", "7860"]);
    // float input without fractional precision is truncated toward zero: int(-3.9) = -3
    expect(tokenize(numeric(5n, 1), "-3.9")).toEqual(["-10", "-5", "0"]);
    // fractional precision 1: round(-3.75·10) = -38 (half to even); -76 on a grid of 25 → -75
    expect(tokenize(numeric(25n, 1, 1), "-3.75")).toEqual(["-100", "-75", "-50"]);
    expect(() => tokenize(numeric(2n, 1), "abc")).toThrow(/not a number/);
  });

  it("spreads bitsPerFeature over the tokens, the first N mod t tokens one more", () => {
    const feature = { strategy: { kind: "bitsPerFeature", bits: 200 } } as unknown as HashedFeature;
    expect(bitsPerToken(feature, 6)).toEqual([34, 34, 33, 33, 33, 33]);
    expect(bitsPerToken(feature, 200)).toEqual(new Array(200).fill(1));
    expect(
      bitsPerToken({ strategy: { kind: "bitsPerFeature", bits: 3 } } as unknown as HashedFeature, 5),
    ).toEqual([1, 1, 1, 0, 0]);
  });

  it("encodes token bytes like Python's codecs (utf-16 and utf-32 with a little-endian BOM)", () => {
    expect([...encodeToken("aé", "utf-8")]).toEqual([0x61, 0xc3, 0xa9]);
    expect([...encodeToken("a", "ascii")]).toEqual([0x61]);
    expect([...encodeToken("aé", "utf-16")]).toEqual([0xff, 0xfe, 0x61, 0, 0xe9, 0]);
    expect([...encodeToken("😀", "utf-16")]).toEqual([0xff, 0xfe, 0x3d, 0xd8, 0x00, 0xde]);
    expect([...encodeToken("😀", "utf-32")]).toEqual([0xff, 0xfe, 0, 0, 0x00, 0xf6, 0x01, 0]);
  });

  it("folds with the first half XOR the second, also when the halves are not byte aligned", () => {
    // 10 bits 1100000001 → halves 11000 ^ 00001 = 11001
    const filter = new Uint8Array([0b11000000, 0b01000000]);
    expect([...foldXor(filter, 10, 1)]).toEqual([0b11001000]);
    expect([...foldXor(new Uint8Array([0xf0, 0x0f]), 16, 1)]).toEqual([0xff]);
    expect([...foldXor(new Uint8Array([0xf0, 0x0f, 0x01, 0x80]), 32, 2)]).toEqual([0x7e]);
  });

  it("ignores the values of ignored features but counts them when deriving keys", () => {
    const encoder = createEncoder({ schema: schemaS2, secret: secretS2 });
    const record = fixtureRows(`${CLK_CASE}records.csv`)[3]!;
    const other = ["anything at all", ...record.slice(1)];
    expect(clkToBase64(encoder.encode(other))).toBe(clkToBase64(encoder.encode(record)));
  });
});

describe("validation errors name line and column, never the value", () => {
  const header = "rec_id,first_name,last_name,dob,sex,postcode,birth_year,country";
  const encodeLine = (line: string) =>
    encodeCsvText({ schema: schemaS2, secret: secretS2, text: `${header}\n${line}\n`, source: "in.csv" });
  const cases: Array<[string, string, RegExp]> = [
    ["R1,Jan,Jansen,1990-02-30,M,1234AB,1990,NL", "1990-02-30", /line 2, column 'dob'.*not a valid date/],
    ["R1,Jan,Jansen,1990-02-03,Q,1234AB,1990,NL", "Q", /column 'sex'.*enum/],
    ["R1,Jan,Jansen,1990-02-03,M,0234AB,1990,NL", "0234AB", /column 'postcode'.*pattern/],
    ["R1,Jan,Jansen,1990-02-03,M,1234AB,1850,NL", "1850", /column 'birth_year'.*minimum 1900/],
    ["R1,Jan,Jansen,1990-02-03,M,1234AB,19x0,NL", "19x0", /column 'birth_year'.*not an integer/],
    ["R1,Jan,Jansen,1990-02-03,M,1234AB,1990,nl", "nl", /column 'country'.*not upper case/],
    ["R1,Jan,Jansen,1990-02-03,M,1234AB,1990,NLD", "NLD", /column 'country'.*longer than maxLength 2/],
  ];
  for (const [line, value, message] of cases) {
    it(`rejects ${value}`, () => {
      let error: unknown;
      try {
        encodeLine(line);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LinkageError);
      expect((error as LinkageError).code).toBe("RECORD_INVALID");
      expect((error as LinkageError).message).toMatch(message);
      expect((error as LinkageError).message).not.toContain(value);
    });
  }

  it("accepts the missing-value sentinel without validating it", () => {
    expect(encodeLine("R1,,,,,,,")).toHaveLength(1);
  });

  it("checks the header against the schema", () => {
    expect(() =>
      encodeCsvText({ schema: schemaS2, secret: secretS2, text: "rec_id,first\nR1,Jan\n", source: "in.csv" }),
    ).toThrow(/line 1: the header has 2 columns, the schema has 8 features/);
    expect(() =>
      encodeCsvText({
        schema: schemaS2,
        secret: secretS2,
        text: `${header.replace("dob", "born")}\n`,
        source: "in.csv",
      }),
    ).toThrow(/header column 4 is 'born', the schema expects 'dob'/);
  });

  it("names the line of a row with the wrong number of columns", () => {
    expect(() => encodeLine("R1,Jan,Jansen")).toThrow(/in.csv, line 2: has 3 columns/);
  });

  it("refuses an empty secret", () => {
    expect(() => createEncoder({ schema: schemaS2, secret: new Uint8Array(0) })).toThrow(/secret is empty/);
  });
});
