/**
 * @module indicators.load
 * Reads the indicator lists from `reference/indicators/*.yaml` and hands the parsed data to the pure
 * `buildIndicatorCatalogue`. The only file I/O of the signal rules lives here.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { buildIndicatorCatalogue, type IndicatorCatalogue } from "./indicators.rules";

/** `reference/indicators/` in the repository, resolved from this file's location. */
export const DEFAULT_INDICATORS_DIR = fileURLToPath(new URL("../../reference/indicators/", import.meta.url));

/** Load and validate every `*.yaml` list in `dir` (in file-name order). Throws on any invalid list. */
export async function loadIndicatorCatalogue(
  dir: string = DEFAULT_INDICATORS_DIR,
): Promise<IndicatorCatalogue> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".yaml")).sort();
  const parsed = await Promise.all(
    files.map(async (name) => parse(await readFile(path.join(dir, name), "utf8")) as unknown),
  );
  return buildIndicatorCatalogue(parsed);
}
