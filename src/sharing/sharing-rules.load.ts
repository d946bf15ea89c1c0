/**
 * @module sharing-rules.load
 * The only I/O of the sharing module: reading the rule-set file. Kept apart so that everything else
 * in `src/sharing` stays pure and can be tested (and published) without a file system.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AppError } from "../platform/errors";
import { parseSharingRules, type SharingRuleSet } from "./sharing-rules.schema";

/** The shipped rule set, located relative to this file so that it works from any working directory. */
export const DEFAULT_SHARING_RULES_PATH = fileURLToPath(
  new URL("../../reference/sharing-rules/sharing-rules.yaml", import.meta.url),
);

/**
 * Reads and validates a rule-set file. An invalid file throws the parser's VALIDATION_FAILED error
 * with the path in front of its message; file-system errors (a missing file) pass through unchanged.
 */
export function loadSharingRules(path: string = DEFAULT_SHARING_RULES_PATH): SharingRuleSet {
  const text = readFileSync(path, "utf8");
  try {
    return parseSharingRules(text);
  } catch (error) {
    if (error instanceof AppError && error.code === "VALIDATION_FAILED") {
      throw new AppError("VALIDATION_FAILED", `${path}: ${error.message}`, { fields: error.fields ?? [] });
    }
    throw error;
  }
}
