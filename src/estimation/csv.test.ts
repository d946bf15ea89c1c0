/** CSV input: valid forms and every kind of bad input, reported with its line. */

import { describe, expect, it } from "vitest";
import { parseCaptureCsv, parseCaptureTable, poolStrata } from "./csv";
import { EstimationError } from "./errors";

function errorOf(text: string, options = {}): EstimationError {
  try {
    parseCaptureCsv(text, options);
  } catch (error) {
    if (error instanceof EstimationError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("parseCaptureCsv", () => {
  it("reads lists, counts and observed zeros", () => {
    const table = parseCaptureTable("A,B,C,count\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,6\n");
    expect(table.lists).toEqual(["A", "B", "C"]);
    expect(table.n).toBe(96);
    expect(table.counts[0b011]).toBe(6);
    expect(table.counts[0b101]).toBe(0);
    expect(table.counts.length).toBe(8);
  });

  it("accepts semicolons, quotes, CRLF, blank lines, a BOM and the count column anywhere", () => {
    const text = '\ufeff"count";"Politie";"KMar"\r\n\r\n12;1;0\r\n"3";0;1\r\n4;1;1\r\n\r\n';
    const table = parseCaptureTable(text);
    expect(table.lists).toEqual(["Politie", "KMar"]);
    expect(table.n).toBe(19);
    expect(table.counts[0b11]).toBe(4);
  });

  it("splits strata from a stratum column or a chosen column", () => {
    const text = "A,B,stratum,count\n1,0,2019,5\n0,1,2019,4\n1,1,2019,2\n1,0,2020,7\n1,1,2020,1\n";
    const parsed = parseCaptureCsv(text);
    expect(parsed.stratumColumn).toBe("stratum");
    expect(parsed.strata.map((s) => [s.name, s.table.n])).toEqual([
      ["2019", 11],
      ["2020", 8],
    ]);
    expect(poolStrata(parsed).n).toBe(19);
    const byYear = parseCaptureCsv("A,B,year,count\n1,0,2019,5\n0,1,2019,4\n", { stratify: "year" });
    expect(byYear.stratumColumn).toBe("year");
    expect(() => parseCaptureTable(text)).toThrow(/stratum column/);
  });

  it.each([
    ["a value other than 0/1", "A,B,count\n1,0,5\n0,2,3\n", 3, /must be 0 or 1/],
    ["a negative count", "A,B,count\n1,0,5\n0,1,-3\n", 3, /must not be negative/],
    ["a fractional count", "A,B,count\n1,0,5\n0,1,2.5\n", 3, /whole number/],
    ["a non-numeric count", "A,B,count\n1,0,five\n", 2, /non-negative whole number/],
    ["an empty count", "A,B,count\n1,0,\n", 2, /count is empty/],
    ["a duplicate history", "A,B,count\n1,0,5\n0,1,3\n1,0,2\n", 4, /already appeared on line 2/],
    ["an all-zero row", "A,B,count\n1,0,5\n0,0,3\n", 3, /all list columns are 0/],
    ["a ragged row", "A,B,count\n1,0,5\n0,1\n", 3, /expected 3 fields/],
    ["a single list", "A,count\n1,5\n", 1, /only one list column/],
    ["no count column", "A,B,C\n1,0,1\n", 1, /no count column/],
    ["a repeated column name", "A,A,count\n1,0,1\n", 1, /occurs twice/],
    ["an unterminated quote", 'A,B,count\n"1,0,5\n', 2, /unterminated/],
    ["eleven lists", `${"ABCDEFGHIJK".split("").join(",")},count\n${"1,".repeat(11)}1\n`, 1, /at most 10/],
  ])("rejects %s with its line number", (_what, text, line, message) => {
    const error = errorOf(text);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.line).toBe(line);
    expect(error.message).toMatch(new RegExp(`^line ${line}: `));
    expect(error.message).toMatch(message);
  });

  it("rejects empty files and files without data rows", () => {
    expect(errorOf("").message).toMatch(/empty/);
    expect(errorOf("A,B,count\n").message).toMatch(/no data rows/);
    expect(errorOf("A,B,count\n1,0,1\n", { stratify: "year" }).message).toMatch(/not in the header/);
    expect(errorOf("A,B,stratum,count\n1,0,,1\n").message).toMatch(/line 2: the stratum/);
  });

  it("allows a duplicate history in different strata but not within one", () => {
    expect(() => parseCaptureCsv("A,B,stratum,count\n1,0,x,5\n1,0,y,3\n")).not.toThrow();
    expect(errorOf("A,B,stratum,count\n1,0,x,5\n1,0,x,3\n").message).toMatch(
      /in stratum "x" already appeared/,
    );
  });
});
