/**
 * Identifying fields are not readable in the database files: a planted name is searched for, byte
 * by byte, in a PGlite data folder and in a PostgreSQL dump, and must not be found.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../src/demo/demo.generator";
import { buildPersonInput, buildUser, TestClient } from "../test/factories";
import { buildHarness } from "../test/harness";
import { databaseUrl } from "../test/postgres";
import { HttpClient, startSamen, tempDataDir } from "./support";

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("encryption at rest", () => {
  it("a PGlite data folder does not contain a planted name, phone or health note", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const server = await startSamen({ SAMEN_DATA_DIR: dir, SAMEN_DEMO_MODE: "true" });
    const input = buildPersonInput();
    let pseudonym = "";
    try {
      const client = new HttpClient(server.url);
      await client.request("POST", "/session", {
        email: "zorgcoordinator@demo.samen.example",
        password: DEMO_PASSWORD,
      });
      await client.request("POST", "/session/second-factor/demo-skip");
      const created = await client.request("POST", "/persons", input);
      expect(created.status).toBe(201);
      const read = await client.request("GET", `/persons/${created.json.id}?purpose=care`);
      expect(read.json.fields.name.value).toBe(input.name); // it is there, readable through the API
      pseudonym = read.json.pseudonym;
    } finally {
      await server.stop();
    }
    const files = filesUnder(dir);
    expect(files.length).toBeGreaterThan(10);
    // Control: a value stored in plain text (the pseudonym) is found, so the search itself works.
    expect(files.some((f) => fs.readFileSync(f).includes(Buffer.from(pseudonym)))).toBe(true);
    for (const secret of [input.name, input.phone, input.healthNotes, input.address]) {
      const needle = Buffer.from(secret, "utf8");
      const hits = files.filter((f) => fs.readFileSync(f).includes(needle));
      expect(hits, secret).toEqual([]);
    }
  });

  it.runIf(inject("postgresAvailable"))("a PostgreSQL dump does not contain a planted name", async () => {
    const h = await buildHarness("postgres");
    try {
      const user = await buildUser(h.deps, { roles: ["care_coordinator"] });
      const client = new TestClient(h.app, h.deps.now);
      await client.login(user);
      const input = buildPersonInput();
      expect((await client.request("POST", "/persons", input)).status).toBe(201);
      const [row] = await h.db.query<{ db: string }>("select current_database() as db");
      const dump = spawnSync("pg_dump", ["--data-only", databaseUrl(row!.db)], {
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(dump.status, dump.stderr).toBe(0);
      expect(dump.stdout).toContain("persons");
      for (const secret of [input.name, input.phone, input.healthNotes, input.email])
        expect(dump.stdout).not.toContain(secret);
    } finally {
      await h.dispose();
    }
  });
});
