/**
 * @module linkage/linkage.fixtures
 * Test support: paths to and readers for the reference data in `test/fixtures/pprl/` (synthetic records,
 * outputs of clkhash 0.18.3 / anonlink 0.15.3; see PROVENANCE.md there) and small factories.
 * Used by the tests and the benchmark only.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCsv } from "./csv";
import type { FilterSet } from "./dice";
import { decodeClks, packFilters } from "./dice";
import { parseClksJson } from "./files";

/** Repository root (two levels above this file). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES = `${REPO_ROOT}test/fixtures/pprl/`;
export const CLK_CASE = `${FIXTURES}clk_s2_mixed/`;
export const LINK_CASE = `${FIXTURES}linkage_l2_small_s2/`;
export const HANDMADE = `${FIXTURES}handmade/`;

export function fixtureText(path: string): string {
  return readFileSync(path, "utf8");
}

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

/** Data rows of a fixture CSV (header dropped). */
export function fixtureRows(path: string): string[][] {
  return parseCsv(fixtureText(path), path)
    .slice(1)
    .map((r) => r.fields);
}

/** Packed filters of a `{"clks": [...]}` fixture. */
export function fixtureFilters(path: string): FilterSet {
  return packFilters(decodeClks(parseClksJson(fixtureText(path), path), path), path);
}

/** Deterministic pseudo-random bytes for property tests (xorshift32). */
export function buildRandomBytes({
  seed,
  length,
  density = 0.5,
}: {
  seed: number;
  length: number;
  density?: number;
}): Uint8Array {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    let byte = 0;
    for (let b = 0; b < 8; b++) if (next() < density) byte |= 1 << b;
    out[i] = byte;
  }
  return out;
}
