/**
 * The Python-compatible helpers and BLAKE2b. Expected values were produced with CPython 3.11's own
 * `datetime.strptime`, `int`, `float`, `round`, `repr` and `hashlib.blake2b` (an independent
 * implementation of RFC 7693), and are written out here.
 */

import { describe, expect, it } from "vitest";
import { Blake2bKeyed, blake2b } from "./blake2b";
import {
  compileFullMatch,
  compileStrptime,
  formatYmd,
  parsePyFloat,
  parsePyInt,
  pyFloatRepr,
  pyStrip,
  roundHalfEven,
  StrptimeFormatError,
  StrptimeValueError,
} from "./python";

const enc = new TextEncoder();
const hex = (u: Uint8Array) => Buffer.from(u).toString("hex");
const range = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

describe("BLAKE2b", () => {
  it("matches RFC 7693's example (BLAKE2b-512 of 'abc') and the empty message", () => {
    expect(hex(blake2b(enc.encode("abc")))).toBe(
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
    expect(hex(blake2b(new Uint8Array(0)))).toBe(
      "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
    );
  });

  it("matches keyed known answers (key 00..3f, message 00..n-1) around the block boundary", () => {
    const key = range(64);
    const expected: Record<number, string> = {
      0: "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568",
      1: "961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd",
      127: "76d2d819c92bce55fa8e092ab1bf9b9eab237a25267986cacf2b8ee14d214d730dc9a5aa2d7b596e86a1fd8fa0804c77402d2fcd45083688b218b1cdfa0dcbcb",
      128: "72065ee4dd91c2d8509fa1fc28a37c7fc9fa7d5b3f8ad3d0d7a25626b57b1b44788d4caf806290425f9890a3a2a35a905ab4b37acfd0da6e4517b2525c9651e4",
      129: "64475dfe7600d7171bea0b394e27c9b00d8e74dd1e416a79473682ad3dfdbb706631558055cfc8a40e07bd015a4540dcdea15883cbbf31412df1de1cd4152b91",
      255: "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e92484be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461",
    };
    for (const [n, digest] of Object.entries(expected)) {
      expect(hex(blake2b(range(Number(n)), { key }))).toBe(digest);
    }
  });

  it("supports salt, personalisation and shorter digests as Python's hashlib does", () => {
    expect(
      hex(
        blake2b(enc.encode("token"), {
          key: enc.encode("k"),
          salt: enc.encode("17"),
          person: enc.encode("samen"),
        }),
      ),
    ).toBe(
      "20a921981b603189e9a55ff4c3d80e906e3fbedf03ee45e6d72f09b19e6816fcf2e0f5f130b5f738d2eae60aa2c1c265907ad5b30c115002927301ea1110babd",
    );
    expect(hex(blake2b(enc.encode("abc"), { digestLength: 20 }))).toBe(
      "384264f676f39536840523f284921cdc68b6846b",
    );
  });

  it("gives the same digests from the precomputed keyed state, for short and long messages", () => {
    const key = enc.encode("x".repeat(64));
    const keyed = new Blake2bKeyed(key, enc.encode("0"));
    const out = new Uint8Array(64);
    keyed.digestInto(enc.encode("a".repeat(1000)), out);
    expect(hex(out)).toBe(
      "d6081838db18988117d9d39680d3479d9ad1c4134c7c5fdc13c04b9a72e327150c728ec7c28839a0aea2b75d81643340ea2f5d32a6776dd7a3958ebc8cb41902",
    );
    for (let n = 0; n < 300; n += 37) {
      const message = range(n);
      keyed.digestInto(message, out);
      expect(hex(out)).toBe(hex(blake2b(message, { key, salt: enc.encode("0") })));
    }
  });

  it("rejects keys over 64 bytes and salts over 16", () => {
    expect(() => blake2b(new Uint8Array(1), { key: new Uint8Array(65) })).toThrow(RangeError);
    expect(() => blake2b(new Uint8Array(1), { salt: new Uint8Array(17) })).toThrow(RangeError);
  });
});

describe("Python number parsing and printing", () => {
  it("parses int(s, 10) like CPython: whitespace, sign, underscores, Unicode digits", () => {
    expect([" 42 ", "+7", "-0", "1_000", "٣", "\u00a012\u3000"].map((s) => parsePyInt(s))).toEqual([
      42n,
      7n,
      0n,
      1000n,
      3n,
      12n,
    ]);
    for (const bad of ["1__0", "_1", "1_", "", " ", "4.0", "0x10", "+"]) expect(parsePyInt(bad)).toBeNull();
  });

  it("parses float(s) like CPython", () => {
    expect(["1e2", ".5", "5.", " -3.75 ", "1_0.5", "inf", "-Infinity"].map(parsePyFloat)).toEqual([
      100,
      0.5,
      5,
      -3.75,
      10.5,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    for (const bad of ["1e", "e5", ".", "1.2.3", "_1", "nan1"]) expect(parsePyFloat(bad)).toBeNull();
  });

  it("rounds half to even", () => {
    expect([2.5, 3.5, -2.5, 0.5, -37.5, 1.4999999999999998].map(roundHalfEven)).toEqual([
      2n,
      4n,
      -2n,
      0n,
      -38n,
      1n,
    ]);
  });

  it("prints floats as repr() does", () => {
    const values = [
      1.0,
      0.1,
      1e-5,
      0.0001,
      123456789012345680,
      1e16,
      9999999999999998,
      0.7551440329218106,
      2 / 3,
      5e-324,
      1e22,
      100,
      0,
    ];
    expect(values.map(pyFloatRepr)).toEqual([
      "1.0",
      "0.1",
      "1e-05",
      "0.0001",
      "1.2345678901234568e+17",
      "1e+16",
      "9999999999999998.0",
      "0.7551440329218106",
      "0.6666666666666666",
      "5e-324",
      "1e+22",
      "100.0",
      "0.0",
    ]);
  });

  it("strips Python whitespace, not JavaScript's (U+FEFF is not whitespace in Python)", () => {
    expect(pyStrip("\u001c a \u0085")).toBe("a");
    expect(pyStrip("\ufeffa")).toBe("\ufeffa");
  });
});

describe("strptime (C locale) → %Y%m%d", () => {
  const ok: Array<[string, string, string]> = [
    ["03/04/1990", "%d/%m/%Y", "19900403"],
    ["1 Mar 99", "%d %b %y", "19990301"],
    ["2024060", "%Y%j", "20240229"],
    ["5-Feb-68", "%d-%b-%y", "20680205"],
    ["0999-01-02", "%Y-%m-%d", "9990102"],
    ["March 3 2001", "%B %d %Y", "20010303"],
    ["2020-W10-3", "%G-W%V-%u", "20200304"],
    ["12:30 PM 2020-01-01", "%I:%M %p %Y-%m-%d", "20200101"],
    ["2021-01-01T10:00:00Z", "%Y-%m-%dT%H:%M:%S%z", "20210101"],
    ["2021  01 05", "%Y %m %d", "20210105"],
  ];
  for (const [value, format, expected] of ok) {
    it(`parses ${value} with ${format}`, () => {
      expect(formatYmd(compileStrptime(format)(value))).toBe(expected);
    });
  }

  it("rejects what Python rejects", () => {
    const bad: Array<[string, string]> = [
      ["2021-02-29", "%Y-%m-%d"],
      ["02-29", "%m-%d"],
      ["2021-13-01", "%Y-%m-%d"],
      ["2021-1-1x", "%Y-%m-%d"],
      ["21-01-01", "%Y-%m-%d"],
      ["2021-01-01T10:00:00z", "%Y-%m-%dT%H:%M:%S%z"],
    ];
    for (const [value, format] of bad)
      expect(() => compileStrptime(format)(value)).toThrow(StrptimeValueError);
  });

  it("rejects bad formats when compiling", () => {
    expect(() => compileStrptime("%Q")).toThrow(StrptimeFormatError);
    expect(() => compileStrptime("%Y%")).toThrow(StrptimeFormatError);
  });
});

describe("Python regular expressions for re.fullmatch", () => {
  it("translates Python syntax and Unicode classes", () => {
    expect(compileFullMatch("[1-9][0-9]{3}[A-Z]{2}")("1234AB")).toBe(true);
    expect(compileFullMatch("[1-9][0-9]{3}[A-Z]{2}")("1234AB ")).toBe(false);
    expect(compileFullMatch("\\d+")("١٢٣")).toBe(true);
    expect(compileFullMatch("\\w+")("Zoë_1")).toBe(true);
    expect(compileFullMatch("(?P<y>\\d{4})-(?P=y)")("2020-2020")).toBe(true);
    expect(compileFullMatch("a{,2}b")("aab")).toBe(true);
    expect(compileFullMatch("{x}")("{x}")).toBe(true);
    expect(compileFullMatch("a.c")("a\rc")).toBe(true);
    expect(compileFullMatch("a.c")("a\nc")).toBe(false);
    expect(compileFullMatch("(?i)abc")("ABC")).toBe(true);
    expect(compileFullMatch("a|b")("b")).toBe(true);
    expect(compileFullMatch("\\-\\#")("-#")).toBe(true);
  });

  it("refuses unsupported constructs with a clear message", () => {
    expect(() => compileFullMatch("(?>a)")).toThrow(/not supported/);
    expect(() => compileFullMatch("a*+")).toThrow(/possessive/);
    expect(() => compileFullMatch("[a")).toThrow(/unterminated/);
  });
});
