/**
 * @module linkage/files
 * Reading and writing the files the linkage commands exchange, in the formats anonlink's tools use:
 * `{"clks": [base64, …]}` and `{"groups": [[[party, row], …], …]}` (laid out the way Python's
 * `json.dump` writes them), and the candidate CSV of the reference data. Every output is written to a
 * temporary file in the target folder and renamed into place, so a failure never leaves half a file.
 */

import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { CandidatePairs } from "./dice";
import { LinkageError } from "./errors";
import { ClksFileSchema, GroupsFileSchema } from "./linkage.schema";
import { pyFloatRepr } from "./python";
import type { Group } from "./solve";

/** Read a file as bytes. @throws LinkageError IO_FAILED naming the file */
export async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : "cannot be read";
    throw new LinkageError("IO_FAILED", `${what} '${path}' ${reason}`, { cause: error });
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Decode UTF-8 strictly; an invalid byte sequence is reported with its line number. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          strictUtf8.decode(bytes.subarray(start, i));
        } catch {
          throw new LinkageError("CSV_MALFORMED", `${source}, line ${line}: not valid UTF-8`);
        }
        line++;
        start = i + 1;
      }
    }
    throw new LinkageError("CSV_MALFORMED", `${source}: not valid UTF-8`);
  }
}

/** Read a UTF-8 text file. */
export async function readText(path: string, what: string): Promise<string> {
  return decodeUtf8(await readBytes(path, what), path);
}

/**
 * Write several files so that either all appear complete or none is touched: each goes to a temporary
 * file beside its target first; only when all are written are they renamed into place.
 */
export async function writeFilesAtomic(
  files: ReadonlyArray<{ path: string; content: string | Uint8Array }>,
): Promise<void> {
  const temps: Array<{ temp: string; path: string }> = [];
  try {
    for (const { path, content } of files) {
      const temp = join(
        dirname(path),
        `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`,
      );
      temps.push({ temp, path });
      await fs.writeFile(temp, content, { flag: "wx", mode: 0o600 });
    }
    for (const { temp, path } of temps) await fs.rename(temp, path);
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => fs.rm(temp, { force: true })));
    if (error instanceof LinkageError) throw error;
    const target = temps.at(-1)?.path ?? files[0]?.path ?? "output";
    throw new LinkageError("IO_FAILED", `cannot write '${target}'`, { cause: error });
  }
}

/** anonlink-client's encodings file, one CLK per line. */
export function formatClksJson(clks: readonly string[]): string {
  if (clks.length === 0) return '{\n"clks": []\n}\n';
  return `{\n"clks": [\n${clks.map((c) => JSON.stringify(c)).join(",\n")}\n]\n}\n`;
}

/** Parse an encodings file. @throws LinkageError CLKS_INVALID */
export function parseClksJson(text: string, source: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LinkageError("CLKS_INVALID", `${source}: not valid JSON`);
  }
  const parsed = ClksFileSchema.safeParse(json);
  if (!parsed.success)
    throw new LinkageError("CLKS_INVALID", `${source}: expected {"clks": [base64 strings]}`);
  return parsed.data.clks;
}

/** Groups as Python's `json.dump` writes them: `{"groups": [[[0, 1], [1, 72]], …]}`. */
export function formatGroupsJson(groups: readonly Group[]): string {
  const body = groups.map((g) => `[${g.map(([d, r]) => `[${d}, ${r}]`).join(", ")}]`).join(", ");
  return `{"groups": [${body}]}\n`;
}

/** Parse a groups file. @throws LinkageError GROUPS_INVALID */
export function parseGroupsJson(text: string, source: string): Group[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LinkageError("GROUPS_INVALID", `${source}: not valid JSON`);
  }
  const parsed = GroupsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new LinkageError("GROUPS_INVALID", `${source}: expected {"groups": [[[party, row], ...], ...]}`);
  }
  return parsed.data.groups.map((g) => g.map(([d, r]) => [d, r] as [number, number]));
}

/** Candidate pairs as CSV (similarity in Python's repr, as in the reference files). */
export function formatCandidatesCsv(candidates: CandidatePairs): string {
  const lines = ["similarity,dataset_index_0,dataset_index_1,row_index_0,row_index_1"];
  for (let i = 0; i < candidates.sims.length; i++) {
    lines.push(
      `${pyFloatRepr(candidates.sims[i]!)},${candidates.dset0[i]},${candidates.dset1[i]},${candidates.rec0[i]},${candidates.rec1[i]}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
