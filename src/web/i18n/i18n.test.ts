import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ORGANISATION_TYPES, ROLES } from "../../accounts/accounts.vocabulary";
import en from "./en.json";
import nl from "./nl.json";

function flatten(obj: Record<string, unknown>, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object")
      for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The shell's texts plus every capability's `src/<capability>/i18n.json`, as the app loads them. */
function allTexts(language: "nl" | "en"): Record<string, unknown> {
  const texts: Record<string, unknown> = { ...(language === "nl" ? nl : en) };
  for (const entry of fs.readdirSync("src", { withFileTypes: true })) {
    const file = path.join("src", entry.name, "i18n.json");
    if (entry.isDirectory() && fs.existsSync(file))
      texts[entry.name] = JSON.parse(fs.readFileSync(file, "utf8"))[language];
  }
  return texts;
}

describe("translations", () => {
  const nlKeys = flatten(allTexts("nl"));
  const enKeys = flatten(allTexts("en"));

  it("Dutch and English have exactly the same keys, none empty", () => {
    expect([...enKeys.keys()].sort()).toEqual([...nlKeys.keys()].sort());
    for (const [key, value] of [...nlKeys, ...enKeys]) expect(value.trim(), key).not.toBe("");
  });

  it("every literal key used in the UI exists", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.resolve("src"))) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/labelKey: "([a-zA-Z0-9_.]+)"|titleKey: "([a-zA-Z0-9_.]+)"/g))
        used.add((m[1] ?? m[2])!);
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !nlKeys.has(k) || !enKeys.has(k));
    expect(missing).toEqual([]);
  });

  it("every role and organisation type has a label", () => {
    for (const r of ROLES) expect(nlKeys.has(`roles.${r}`) && enKeys.has(`roles.${r}`), r).toBe(true);
    for (const o of ORGANISATION_TYPES)
      expect(nlKeys.has(`organisationTypes.${o}`) && enKeys.has(`organisationTypes.${o}`), o).toBe(true);
  });
});
