/**
 * @module linkage/linkage.cli
 * `samen linkage …`: privacy-preserving record linkage from the command line.
 *
 *   encode     records.csv + schema + secret → {"clks": [...]}              (runs at each organisation)
 *   match      clks files → {"groups": [...]} (+ candidate pairs CSV)       (anonlink's greedy solver)
 *   histories  groups → capture-history CSV for the estimator (+ a suppressed view)
 *   synth      a synthetic population with realistic corruption and ground truth
 *   quality    precision / recall / F1 per threshold against ground truth
 *
 * Failures print one line naming the file, line or option at fault (never a record value) and exit
 * with status 1 (2 for a bad option); outputs are written atomically, so nothing half-written remains.
 */

import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { join } from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { formatCsv, parseCsvWithHeader } from "./csv";
import { type Blocks, bitBlocks, decodeClks, type FilterSet, findCandidatePairs, packFilters } from "./dice";
import { createParallelRowMatcher, defaultThreads } from "./dice.parallel";
import { encodeCsvText, type HeaderMode } from "./encode";
import { isLinkageError, LINKAGE_ERROR_CODES, LinkageError } from "./errors";
import {
  formatCandidatesCsv,
  formatClksJson,
  formatGroupsJson,
  parseClksJson,
  parseGroupsJson,
  readBytes,
  readText,
  writeFilesAtomic,
} from "./files";
import { buildHistoryTable, formatDisplayTable, formatHistoryCsv, suppressSmallCells } from "./histories";
import { parseLinkageSchemaText } from "./linkage.schema";
import { evaluateLinkage, trueCaptureHistories, truePairs, truthFromRows } from "./quality";
import { type Solver, solve } from "./solve";
import {
  type PartySpec,
  type PROFILES,
  SYNTH_COLUMNS,
  SYNTH_COVARIATES,
  synthesize,
  truthRows,
} from "./synth";

function argumentError(message: string): LinkageError {
  return new LinkageError("ARGUMENT_INVALID", message);
}

/** Run an action; turn library errors into one line on stderr and a non-zero exit status. */
function action<A extends unknown[]>(
  name: string,
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (error) {
      if (isLinkageError(error)) {
        process.stderr.write(`samen linkage ${name}: ${LINKAGE_ERROR_CODES[error.code]}: ${error.message}\n`);
        process.exitCode = error.code === "ARGUMENT_INVALID" ? 2 : 1;
        return;
      }
      process.stderr.write(
        `samen linkage ${name}: interne fout / internal error: ${(error as Error).message}\n`,
      );
      process.exitCode = 1;
    }
  };
}

function warn(name: string, message: string): void {
  process.stderr.write(`samen linkage ${name}: waarschuwing / warning: ${message}\n`);
}

function parseThreshold(text: string, option: string): number {
  if (!/^(?:\d+\.?\d*|\.\d+)$/.test(text.trim()))
    throw argumentError(`${option} must be a number between 0 and 1`);
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw argumentError(`${option} must be a number between 0 and 1`);
  return value;
}

function parseCount(text: string, option: string, min = 0): number {
  if (!/^\d+$/.test(text.trim())) throw argumentError(`${option} must be a whole number`);
  const value = Number(text);
  if (value < min) throw argumentError(`${option} must be at least ${min}`);
  return value;
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

async function readClksFile(path: string): Promise<Uint8Array[]> {
  return decodeClks(parseClksJson(await readText(path, "encodings file"), path), path);
}

// ---------------------------------------------------------------------------------------------------
// encode
// ---------------------------------------------------------------------------------------------------

type EncodeOptions = {
  schema: string;
  secretFile: string;
  input: string;
  output: string;
  header: string;
  progress: boolean;
};

async function runEncode(opts: EncodeOptions): Promise<void> {
  if (!["check", "ignore", "none"].includes(opts.header))
    throw argumentError("--header must be check, ignore or none");
  const schema = parseLinkageSchemaText(await readText(opts.schema, "schema file"));
  for (const w of schema.warnings) warn("encode", w);
  let secret: Uint8Array;
  try {
    secret = await readBytes(opts.secretFile, "secret file");
  } catch (error) {
    throw new LinkageError("SECRET_INVALID", (error as Error).message);
  }
  if (secret.length === 0)
    throw new LinkageError("SECRET_INVALID", `secret file '${opts.secretFile}' is empty`);
  if (secret[secret.length - 1] === 0x0a) {
    warn(
      "encode",
      "the secret file ends with a line break; the secret is used byte for byte, line break included",
    );
  }
  const text = await readText(opts.input, "input file");
  const bar =
    opts.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: "CLK's / CLKs [{bar}] {percentage}% | {value}/{total}", fps: 10 },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  let clks: string[];
  try {
    clks = encodeCsvText({
      schema,
      secret,
      text,
      source: opts.input,
      header: opts.header as HeaderMode,
      onProgress: (done, total) => {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
  } finally {
    if (bar && started) bar.stop();
  }
  await writeFilesAtomic([{ path: opts.output, content: formatClksJson(clks) }]);
  process.stdout.write(`${clks.length} records encoded / gecodeerd → ${opts.output}\n`);
}

// ---------------------------------------------------------------------------------------------------
// match
// ---------------------------------------------------------------------------------------------------

type MatchOptions = {
  threshold: string;
  output: string;
  candidates?: string;
  k?: string;
  solver: string;
  blocking?: string;
  blocks?: string;
  threads?: string;
};

async function readBlockFiles(files: string[], sets: FilterSet[]): Promise<Blocks> {
  if (files.length !== sets.length)
    throw argumentError(`--blocks needs one file per encodings file (${sets.length})`);
  const out: string[][][] = [];
  for (let d = 0; d < files.length; d++) {
    const path = files[d]!;
    const { rows } = parseCsvWithHeader({
      text: await readText(path, "blocks file"),
      source: path,
      required: ["block"],
    });
    if (rows.length !== sets[d]!.count) {
      throw new LinkageError("INPUT_INVALID", `${path}: ${rows.length} rows for ${sets[d]!.count} encodings`);
    }
    out.push(rows.map((r) => splitList((r.values.block ?? "").replaceAll(";", ","))));
  }
  return out;
}

async function runMatch(files: string[], opts: MatchOptions): Promise<void> {
  const threshold = parseThreshold(opts.threshold, "--threshold");
  if (files.length < 2) throw argumentError("at least two encodings files are needed");
  if (opts.solver !== "greedy" && opts.solver !== "transitive")
    throw argumentError("--solver must be greedy or transitive");
  const k = opts.k === undefined ? null : parseCount(opts.k, "--k", 1);
  const threads = opts.threads === undefined ? defaultThreads() : parseCount(opts.threads, "--threads", 1);
  const sets: FilterSet[] = [];
  for (const file of files) sets.push(packFilters(await readClksFile(file), file));
  let blocks: Blocks | null = null;
  if (opts.blocking && opts.blocks) throw argumentError("use either --blocking or --blocks, not both");
  if (opts.blocking) {
    const m = /^bits:(\d+):(\d+)(?::(\d+))?$/.exec(opts.blocking);
    if (!m) throw argumentError("--blocking must look like bits:TABLES:BITS[:SEED], e.g. bits:8:12:1");
    blocks = bitBlocks({
      datasets: sets,
      tables: Number(m[1]),
      bitsPerTable: Number(m[2]),
      seed: Number(m[3] ?? 1),
    });
  }
  if (opts.blocks) blocks = await readBlockFiles(splitList(opts.blocks), sets);
  const candidates = await findCandidatePairs({
    datasets: sets,
    threshold,
    k,
    blocks,
    rowMatcher: threads > 1 ? createParallelRowMatcher({ threads }) : null,
  });
  const groups = solve(candidates, opts.solver as Solver);
  const outputs = [{ path: opts.output, content: formatGroupsJson(groups) }];
  if (opts.candidates) outputs.push({ path: opts.candidates, content: formatCandidatesCsv(candidates) });
  await writeFilesAtomic(outputs);
  if (candidates.sims.length === 0 && sets.every((s) => s.count > 0)) {
    warn(
      "match",
      "no pair reaches the threshold; were all encodings made with the same schema and secret? / geen paar haalt de drempel",
    );
  }
  process.stdout.write(
    `${candidates.sims.length} candidate pairs, ${groups.length} groups / groepen → ${opts.output}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------
// histories
// ---------------------------------------------------------------------------------------------------

type HistoriesOptions = {
  output: string;
  parties?: string;
  sizes?: string;
  clks?: string;
  covariates?: string;
  strata?: string;
  minCell: string;
  zeros: boolean;
  quiet?: boolean;
};

async function readCovariates(
  files: string[],
  wanted: string[] | null,
): Promise<{ names: string[]; values: string[][][] }> {
  let names: string[] | null = wanted;
  const values: string[][][] = [];
  for (const path of files) {
    const { header, rows } = parseCsvWithHeader({
      text: await readText(path, "covariates file"),
      source: path,
    });
    const available = header.filter((h) => h !== "row_index");
    if (!names) names = available;
    for (const n of names) {
      if (!header.includes(n))
        throw new LinkageError("INPUT_INVALID", `${path}: covariate column '${n}' is missing`);
    }
    const hasIndex = header.includes("row_index");
    const perRow: string[][] = new Array(rows.length);
    rows.forEach((row, i) => {
      const index = hasIndex ? Number(row.values.row_index) : i;
      if (!Number.isInteger(index) || index < 0 || index >= rows.length || perRow[index]) {
        throw new LinkageError(
          "INPUT_INVALID",
          `${path}, line ${row.line}: row_index is missing, repeated or out of range`,
        );
      }
      perRow[index] = names!.map((n) => row.values[n]!);
    });
    values.push(perRow);
  }
  return { names: names ?? [], values };
}

async function runHistories(groupsFile: string, opts: HistoriesOptions): Promise<void> {
  const groups = parseGroupsJson(await readText(groupsFile, "groups file"), groupsFile);
  const minimum = parseCount(opts.minCell, "--min-cell", 1);
  const covariateFiles = opts.covariates ? splitList(opts.covariates) : [];
  const covariates = covariateFiles.length
    ? await readCovariates(covariateFiles, opts.strata ? splitList(opts.strata) : null)
    : null;
  if (opts.strata && !covariates) throw argumentError("--strata needs --covariates");
  let sizes: number[];
  if (opts.sizes && opts.clks) throw argumentError("use either --sizes or --clks, not both");
  if (opts.sizes) {
    sizes = splitList(opts.sizes).map((s) => parseCount(s, "--sizes"));
  } else if (opts.clks) {
    sizes = [];
    for (const f of splitList(opts.clks))
      sizes.push(parseClksJson(await readText(f, "encodings file"), f).length);
  } else if (covariates) {
    sizes = covariates.values.map((v) => v.length);
  } else {
    throw argumentError(
      "party sizes are needed for unlinked records: pass --sizes n1,n2,… or --clks a.json,b.json,…",
    );
  }
  const parties = opts.parties ? splitList(opts.parties) : sizes.map((_, i) => defaultPartyName(i));
  if (parties.length !== sizes.length) {
    throw argumentError(`${parties.length} party names for ${sizes.length} parties`);
  }
  if (covariates && covariates.values.length !== sizes.length) {
    throw argumentError(`${covariates.values.length} covariates files for ${sizes.length} parties`);
  }
  const table = buildHistoryTable({
    groups,
    partySizes: sizes,
    parties,
    covariateNames: covariates?.names ?? [],
    covariates: covariates?.values ?? null,
    includeZeros: opts.zeros,
  });
  for (const w of table.warnings) warn("histories", w);
  await writeFilesAtomic([{ path: opts.output, content: formatHistoryCsv(table) }]);
  if (!opts.quiet) process.stdout.write(formatDisplayTable(suppressSmallCells(table, { minimum })));
  process.stderr.write(`capture histories / vangstgeschiedenissen → ${opts.output}\n`);
}

function defaultPartyName(i: number): string {
  let name = "";
  let n = i;
  do {
    name = String.fromCharCode(65 + (n % 26)) + name;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return name;
}

// ---------------------------------------------------------------------------------------------------
// synth
// ---------------------------------------------------------------------------------------------------

type SynthOptions = { outputDir: string; seed: string; persons: string; party: string[]; names: string };

/** Schema used for generated data: the reference schema s2's features with a seed-derived salt. */
export function synthSchema(seed: number): unknown {
  const salt = createHash("sha256").update(`samen-synth-salt:${seed}`).digest("base64");
  const missing = { sentinel: "" };
  return {
    version: 3,
    clkConfig: {
      l: 1024,
      kdf: {
        type: "HKDF",
        hash: "SHA256",
        salt,
        info: Buffer.from("samen-synth").toString("base64"),
        keySize: 64,
      },
    },
    features: [
      { identifier: "rec_id", ignored: true },
      {
        identifier: "first_name",
        format: { type: "string", encoding: "utf-8", case: "mixed", maxLength: 64 },
        hashing: {
          comparison: { type: "ngram", n: 2 },
          strategy: { bitsPerFeature: 200 },
          hash: { type: "blakeHash" },
          missingValue: missing,
        },
      },
      {
        identifier: "last_name",
        format: { type: "string", encoding: "utf-8", case: "mixed", maxLength: 64 },
        hashing: {
          comparison: { type: "ngram", n: 2 },
          strategy: { bitsPerToken: 20 },
          hash: { type: "doubleHash", prevent_singularity: true },
          missingValue: missing,
        },
      },
      {
        identifier: "dob",
        format: { type: "date", format: "%Y-%m-%d" },
        hashing: {
          comparison: { type: "ngram", n: 1, positional: true },
          strategy: { bitsPerFeature: 120 },
          hash: { type: "blakeHash" },
          missingValue: missing,
        },
      },
      {
        identifier: "sex",
        format: { type: "enum", values: ["M", "F", "X"] },
        hashing: {
          comparison: { type: "exact" },
          strategy: { bitsPerToken: 30 },
          hash: { type: "doubleHash" },
          missingValue: missing,
        },
      },
      {
        identifier: "postcode",
        format: { type: "string", encoding: "utf-8", pattern: "[1-9][0-9]{3}[A-Z]{2}" },
        hashing: {
          comparison: { type: "ngram", n: 1, positional: true },
          strategy: { bitsPerToken: 8 },
          hash: { type: "blakeHash" },
          missingValue: missing,
        },
      },
      {
        identifier: "birth_year",
        format: { type: "integer", minimum: 1900, maximum: 2030 },
        hashing: {
          comparison: { type: "numeric", thresholdDistance: 2, resolution: 2 },
          strategy: { bitsPerToken: 8 },
          hash: { type: "blakeHash" },
          missingValue: missing,
        },
      },
      {
        identifier: "country",
        format: { type: "string", encoding: "utf-8", case: "upper", minLength: 2, maxLength: 2 },
        hashing: {
          comparison: { type: "exact" },
          strategy: { bitsPerToken: 20 },
          hash: { type: "blakeHash" },
          missingValue: missing,
        },
      },
    ],
  };
}

function parsePartySpec(spec: string): PartySpec {
  const m = /^([A-Za-z][A-Za-z0-9_-]{0,31}):(\d+)(?::(clean|noisy))?$/.exec(spec);
  if (!m) throw argumentError(`--party '${spec}' must look like NAME:SIZE[:clean|noisy]`);
  return { name: m[1]!, size: Number(m[2]), profile: (m[3] ?? "clean") as keyof typeof PROFILES };
}

async function runSynth(opts: SynthOptions): Promise<void> {
  const seed = parseCount(opts.seed, "--seed");
  const persons = parseCount(opts.persons, "--persons", 1);
  if (opts.names !== "realistic" && opts.names !== "unique")
    throw argumentError("--names must be realistic or unique");
  const parties = opts.party.map(parsePartySpec);
  if (new Set(parties.map((p) => p.name)).size !== parties.length)
    throw argumentError("party names must be distinct");
  for (const p of parties) {
    if (p.size > persons) throw argumentError(`party ${p.name}: size ${p.size} exceeds --persons ${persons}`);
  }
  const dataset = synthesize({ seed, persons, parties, nameStyle: opts.names });
  await fs.mkdir(opts.outputDir, { recursive: true });
  const files: Array<{ path: string; content: string }> = [];
  for (const party of dataset.parties) {
    files.push({
      path: join(opts.outputDir, `party_${party.name}.csv`),
      content: formatCsv([SYNTH_COLUMNS, ...party.records.map((r) => r.values)]),
    });
    files.push({
      path: join(opts.outputDir, `covariates_${party.name}.csv`),
      content: formatCsv([SYNTH_COVARIATES, ...party.records.map((r) => r.covariates)]),
    });
  }
  files.push({ path: join(opts.outputDir, "truth.csv"), content: formatCsv(truthRows(dataset)) });
  files.push({
    path: join(opts.outputDir, "schema.json"),
    content: `${JSON.stringify(synthSchema(seed), null, 2)}\n`,
  });
  files.push({
    path: join(opts.outputDir, "SYNTHETIC.json"),
    content: `${JSON.stringify(
      {
        synthetic: true,
        notice: "SYNTHETISCHE GEGEVENS — geen echte personen / SYNTHETIC DATA — no real persons",
        generator: "samen linkage synth",
        seed,
        persons,
        parties: parties.map((p) => ({ name: p.name, size: p.size, profile: p.profile })),
        nameStyle: opts.names,
      },
      null,
      2,
    )}\n`,
  });
  await writeFilesAtomic(files);
  process.stdout.write(
    `synthetic data / synthetische gegevens: ${parties.map((p) => `${p.name} ${p.size}`).join(", ")} → ${opts.outputDir}\n`,
  );
}

// ---------------------------------------------------------------------------------------------------
// quality
// ---------------------------------------------------------------------------------------------------

type QualityOptions = { truth: string; thresholds: string; solver: string; output?: string; groups?: string };

function thresholdKey(t: number): string {
  return Number(t.toFixed(2)) === t ? t.toFixed(2) : String(t);
}

async function runQuality(files: string[], opts: QualityOptions): Promise<void> {
  if (opts.solver !== "greedy" && opts.solver !== "transitive")
    throw argumentError("--solver must be greedy or transitive");
  if (files.length < 2) throw argumentError("at least two encodings files are needed (for the party sizes)");
  const sets: FilterSet[] = [];
  for (const file of files) sets.push(packFilters(await readClksFile(file), file));
  const sizes = sets.map((s) => s.count);
  const { rows } = parseCsvWithHeader({
    text: await readText(opts.truth, "truth file"),
    source: opts.truth,
    required: ["dataset_index", "row_index", "entity_id"],
  });
  const truth = truthFromRows({ rows, source: opts.truth });
  for (const t of truth) {
    if (t.dataset >= sizes.length || t.row >= sizes[t.dataset]!) {
      throw new LinkageError(
        "INPUT_INVALID",
        `${opts.truth}: record [${t.dataset}, ${t.row}] is not in the encodings files`,
      );
    }
  }
  const report: Record<string, unknown> = {
    synthetic_or_test_truth: true,
    party_sizes: sizes,
    true_cross_party_pairs: truePairs(truth).size,
    true_capture_histories: trueCaptureHistories({ truth, parties: sizes.length }),
    thresholds: {} as Record<string, unknown>,
  };
  const lines = ["threshold  candidates  P(cand)   R(cand)   solved P  solved R  solved F1  groups"];
  const fmt = (x: number | null) => (x === null ? "-" : x.toFixed(4)).padEnd(9);
  if (opts.groups) {
    const groups = parseGroupsJson(await readText(opts.groups, "groups file"), opts.groups);
    const m = evaluateLinkage({ truth, candidates: null, groups, partySizes: sizes });
    (report.thresholds as Record<string, unknown>).given = m;
    lines.push(
      `given      -           -         -         ${fmt(m.solved.precision)} ${fmt(m.solved.recall)} ${fmt(m.solved.f1)}  ${m.n_groups}`,
    );
  } else {
    const thresholds = splitList(opts.thresholds).map((t) => parseThreshold(t, "--thresholds"));
    if (thresholds.length === 0) throw argumentError("--thresholds needs at least one value");
    const rowMatcher = createParallelRowMatcher();
    for (const threshold of thresholds) {
      const candidates = await findCandidatePairs({ datasets: sets, threshold, rowMatcher });
      const groups = solve(candidates, opts.solver as Solver);
      const m = evaluateLinkage({ truth, candidates, groups, partySizes: sizes });
      (report.thresholds as Record<string, unknown>)[thresholdKey(threshold)] = m;
      lines.push(
        `${thresholdKey(threshold).padEnd(10)} ${String(m.n_candidates).padEnd(11)} ${fmt(m.candidates.precision)} ${fmt(m.candidates.recall)} ${fmt(m.solved.precision)} ${fmt(m.solved.recall)} ${fmt(m.solved.f1)}  ${m.n_groups}`,
      );
    }
  }
  if (opts.output)
    await writeFilesAtomic([{ path: opts.output, content: `${JSON.stringify(report, null, 1)}\n` }]);
  process.stdout.write(`${lines.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------
// registration
// ---------------------------------------------------------------------------------------------------

/** Register `linkage` and its subcommands on a commander program. */
export function registerLinkageCommand(program: Command): Command {
  const linkage = program
    .command("linkage")
    .description(
      "Privacy-beschermende koppeling van registraties (CLK / Bloom-filters) / privacy-preserving record linkage",
    );

  linkage
    .command("encode")
    .description(
      "Codeer records tot CLK's met een koppelschema en geheim / encode records into CLKs (clkhash v3)",
    )
    .requiredOption("--schema <file>", "koppelschema (clkhash v3 JSON) / linkage schema")
    .requiredOption(
      "--secret-file <file>",
      "bestand met het gedeelde geheim, byte voor byte / shared secret file",
    )
    .requiredOption("--input <file>", "records (CSV, UTF-8, kopregel) / records CSV with header")
    .requiredOption("--output <file>", 'uitvoer {"clks": [...]} / output encodings file')
    .option("--header <mode>", "kopregel: check | ignore | none / header handling", "check")
    .option("--no-progress", "geen voortgangsbalk / no progress bar")
    .action(action("encode", (opts: EncodeOptions) => runEncode(opts)));

  linkage
    .command("match")
    .description(
      "Vergelijk CLK's (Dice) en groepeer (anonlink greedy) / find candidate pairs and solve groups",
    )
    .argument("<clks...>", "codeerbestanden, één per partij / encodings files, one per party")
    .requiredOption("--threshold <t>", "Dice-drempel (inclusief) / similarity threshold, inclusive")
    .requiredOption("--output <file>", 'groepen {"groups": [...]} / output groups file')
    .option("--candidates <file>", "schrijf ook de kandidaatparen (CSV) / also write candidate pairs")
    .option("--k <n>", "hoogstens k kandidaten per record en partijpaar / at most k candidates per record")
    .option("--solver <name>", "greedy (anonlink) | transitive (één record per partij) / solver", "greedy")
    .option("--blocking <spec>", "bit-blocking bits:TABELLEN:BITS[:SEED] / Hamming-LSH blocking")
    .option(
      "--blocks <files>",
      "blokcodes per partij (CSV met kolom 'block') / clear-text block keys per party",
    )
    .option("--threads <n>", "aantal threads / number of threads")
    .action(action("match", (files: string[], opts: MatchOptions) => runMatch(files, opts)));

  linkage
    .command("histories")
    .description("Vangstgeschiedenissen voor de schatter / capture histories for the estimator (CSV)")
    .argument("<groups>", "groepenbestand / groups file")
    .requiredOption("--output <file>", "uitvoer-CSV / output CSV")
    .option("--parties <names>", "namen van de lijsten, komma-gescheiden / list names")
    .option("--sizes <n1,n2,...>", "aantal records per partij / records per party")
    .option(
      "--clks <files>",
      "codeerbestanden om de aantallen uit te tellen / count records from encodings files",
    )
    .option("--covariates <files>", "covariaten-CSV per partij (rijvolgorde) / covariates CSV per party")
    .option("--strata <names>", "covariaten voor de strata / covariate columns to stratify by")
    .option("--min-cell <n>", "kleinste getoonde celwaarde / smallest cell shown unsuppressed", "10")
    .option("--no-zeros", "laat lege cellen weg / omit zero cells")
    .option("--quiet", "toon geen tabel / do not print the suppressed table")
    .action(action("histories", (groups: string, opts: HistoriesOptions) => runHistories(groups, opts)));

  linkage
    .command("synth")
    .description(
      "Synthetische populatie met vervuiling en grondwaarheid / synthetic population with ground truth",
    )
    .requiredOption("--output-dir <dir>", "uitvoermap / output folder")
    .option("--seed <n>", "zaad / seed", "1")
    .option("--persons <n>", "omvang van de populatie / population size", "300")
    .option("--party <spec...>", "partij NAAM:AANTAL[:clean|noisy] / party NAME:SIZE[:profile]", [
      "A:150:clean",
      "B:130:noisy",
    ])
    .option("--names <style>", "realistic | unique", "realistic")
    .action(action("synth", (opts: SynthOptions) => runSynth(opts)));

  linkage
    .command("quality")
    .description(
      "Precisie, recall en F1 per drempel tegen de grondwaarheid / precision, recall, F1 per threshold",
    )
    .argument("<clks...>", "codeerbestanden / encodings files")
    .requiredOption("--truth <file>", "grondwaarheid (CSV: dataset_index,row_index,entity_id) / ground truth")
    .option("--thresholds <list>", "drempels / thresholds", "0.7,0.8,0.9")
    .option("--solver <name>", "greedy | transitive", "greedy")
    .option(
      "--groups <file>",
      "beoordeel dit groepenbestand in plaats van te koppelen / score a given groups file",
    )
    .option("--output <file>", "rapport als JSON / report as JSON")
    .action(action("quality", (files: string[], opts: QualityOptions) => runQuality(files, opts)));

  return linkage;
}
