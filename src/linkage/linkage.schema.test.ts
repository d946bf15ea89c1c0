/** Linkage schema validation: clkhash 0.18.3's rules, with errors that name the feature and the problem. */

import { describe, expect, it } from "vitest";
import { LinkageError } from "./errors";
import { CLK_CASE, fixtureJson } from "./linkage.fixtures";
import { parseLinkageSchema, parseLinkageSchemaText } from "./linkage.schema";

type Json = Record<string, unknown>;

function buildSchema(mutate: (schema: Json & { clkConfig: Json; features: Json[] }) => void): unknown {
  const schema = fixtureJson<Json & { clkConfig: Json; features: Json[] }>(`${CLK_CASE}schema.json`);
  mutate(schema);
  return schema;
}

function schemaError(input: unknown): string {
  try {
    parseLinkageSchema(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LinkageError);
    expect((error as LinkageError).code).toBe("SCHEMA_INVALID");
    return (error as LinkageError).message;
  }
  throw new Error("expected the schema to be rejected");
}

describe("parseLinkageSchema", () => {
  it("accepts the reference schema and normalises it", () => {
    const schema = parseLinkageSchema(buildSchema(() => {}));
    expect(schema.l).toBe(1024);
    expect(schema.hashLength).toBe(1024);
    expect(schema.kdf.keySize).toBe(64);
    expect(schema.features.map((f) => f.identifier)).toEqual([
      "rec_id",
      "first_name",
      "last_name",
      "dob",
      "sex",
      "postcode",
      "birth_year",
      "country",
    ]);
    expect(schema.features[0]!.ignored).toBe(true);
    expect(schema.warnings).toEqual([]);
  });

  it("rejects text that is not JSON and versions other than 3", () => {
    expect(() => parseLinkageSchemaText("{not json")).toThrow(/not valid JSON/);
    expect(schemaError(buildSchema((s) => (s.version = 2)))).toMatch(/version 3/);
    expect(schemaError([])).toMatch(/JSON object/);
  });

  const cases: Array<[string, (s: Json & { clkConfig: Json; features: Json[] }) => void, RegExp]> = [
    ["a missing l", (s) => delete s.clkConfig.l, /clkConfig\.l/],
    ["an unknown KDF hash", (s) => ((s.clkConfig.kdf as Json).hash = "MD5"), /clkConfig\.kdf\.hash/],
    [
      "a salt that is not base64",
      (s) => ((s.clkConfig.kdf as Json).salt = "not base64!"),
      /kdf\.salt is not valid/,
    ],
    [
      "an unknown format type",
      (s) => ((s.features[3] as Json).format = { type: "datetime" }),
      /features\[3\] \('dob'\)\.format\.type/,
    ],
    [
      "a date format without 'format'",
      (s) => ((s.features[3] as Json).format = { type: "date" }),
      /features\[3\] \('dob'\)\.format: format/,
    ],
    [
      "an extra key in format",
      (s) => (((s.features[1] as Json).format as Json).colour = "red"),
      /features\[1\] \('first_name'\)\.format/,
    ],
    [
      "pattern together with case",
      (s) => (((s.features[5] as Json).format as Json).case = "upper"),
      /features\[5\] \('postcode'\)\.format/,
    ],
    [
      "both strategies",
      (s) => ((((s.features[2] as Json).hashing as Json).strategy as Json).bitsPerFeature = 10),
      /features\[2\] \('last_name'\)\.hashing: strategy/,
    ],
    [
      "an n of 0",
      (s) => ((((s.features[2] as Json).hashing as Json).comparison as Json).n = 0),
      /features\[2\] \('last_name'\)\.hashing: comparison\.n/,
    ],
    [
      "prevent_singularity on blakeHash",
      (s) => ((((s.features[1] as Json).hashing as Json).hash as Json).prevent_singularity = false),
      /features\[1\] \('first_name'\)\.hashing\.hash: prevent_singularity/,
    ],
    [
      "an extra key in hashing",
      (s) => (((s.features[1] as Json).hashing as Json).weight = 2),
      /features\[1\] \('first_name'\)\.hashing/,
    ],
    [
      "an unsupported pattern",
      (s) => (((s.features[5] as Json).format as Json).pattern = "(?>x)"),
      /pattern/,
    ],
    ["a bad strptime directive", (s) => (((s.features[3] as Json).format as Json).format = "%Q"), /strptime/],
    ["a non power-of-two l with blakeHash", (s) => (s.clkConfig.l = 1000), /power of two/],
    [
      "keys over 64 bytes with blakeHash",
      (s) => ((s.clkConfig.kdf as Json).keySize = 65),
      /at most 64 bytes/,
    ],
    [
      "more key material than HKDF can give",
      (s) => {
        for (let i = 0; i < 60; i++) s.features.push({ identifier: `x${i}`, ignored: true });
      },
      /HKDF-SHA256 can derive at most 8160 bytes/,
    ],
    [
      "a zero distance interval",
      (s) => ((((s.features[6] as Json).hashing as Json).comparison as Json).thresholdDistance = 0.4),
      /fractional_precision/,
    ],
    [
      "an ignored feature with extra keys",
      (s) => (s.features[0] = { identifier: "rec_id", ignored: true, x: 1 }),
      /features\[0\]/,
    ],
  ];
  for (const [what, mutate, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(schemaError(buildSchema(mutate))).toMatch(message);
    });
  }

  it("accepts extra keys where clkhash's master schema does (comparison, hash, kdf, clkConfig)", () => {
    const schema = parseLinkageSchema(
      buildSchema((s) => {
        s.clkConfig.note = "x";
        ((s.features[2] as Json).hashing as Json).comparison = { type: "ngram", n: 2, prefix: "x" };
      }),
    );
    expect(schema.features).toHaveLength(8);
  });

  it("reads xor_folds and warns that xorFolds is ignored", () => {
    expect(parseLinkageSchema(buildSchema((s) => (s.clkConfig.xor_folds = 2))).hashLength).toBe(4096);
    const ignored = parseLinkageSchema(buildSchema((s) => (s.clkConfig.xorFolds = 1)));
    expect(ignored.hashLength).toBe(1024);
    expect(ignored.warnings).toHaveLength(1);
  });
});
