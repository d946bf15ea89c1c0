import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeOnEachDatabase } from "../../../test/harness";
import { singleStatement, violatedConstraint } from "./database";
import { DataDirLockedError, lockDataDir } from "./lock";
import { MigrationError, migrate, readMigrations } from "./migrate";
import { openPglite } from "./pglite";
import { DatabaseUnreachableError, openPostgres } from "./postgres";

describeOnEachDatabase("database driver", (h) => {
  it("returns the same JavaScript types on both drivers", async () => {
    const [row] = await h().db.query<Record<string, unknown>>(
      `select 9007199254740::int8 as big, 1.25::numeric as num, '2024-02-29'::date as day,
              '2024-01-02T03:04:05.678Z'::timestamptz as ts, '{"a":[1,2]}'::jsonb as doc, array['x','y'] as arr, null::text as nothing`,
    );
    expect(row).toEqual({
      big: 9007199254740,
      num: 1.25,
      day: "2024-02-29",
      ts: new Date("2024-01-02T03:04:05.678Z"),
      doc: { a: [1, 2] },
      arr: ["x", "y"],
      nothing: null,
    });
  });

  it("on PostgreSQL, a statement is prepared once per connection and reused, also with other values", async () => {
    const { db, kind } = h();
    const sql = "select $1::int4 * 2 as doubled, 'prepared probe' as probe";
    const prepared = await db.transaction(async (tx) => {
      expect(await tx.query(sql, [2])).toEqual([{ doubled: 4, probe: "prepared probe" }]);
      expect(await tx.query(sql, [21])).toEqual([{ doubled: 42, probe: "prepared probe" }]);
      // PGlite has no server-side statement cache to look at; the answers above are what counts there.
      if (kind !== "postgres") return null;
      return tx.query<{ name: string }>("select name from pg_prepared_statements where statement = $1", [
        sql,
      ]);
    });
    if (kind === "postgres")
      expect(prepared).toEqual([{ name: expect.stringMatching(/^samen_[0-9a-f]{32}$/) }]);
    // A syntax error is reported, and the connection goes on serving.
    await expect(db.query("selec 1")).rejects.toThrow(/syntax/);
    expect(await db.query(sql, [5])).toEqual([{ doubled: 10, probe: "prepared probe" }]);
  });

  it("work meant as one statement may run one, and a second is refused before it reaches the database", async () => {
    const { db } = h();
    await db.exec("create table single_probe (id int primary key)");
    const q = singleStatement(db);
    await q.query("insert into single_probe values (1)");
    expect(() => q.query("insert into single_probe values (2)")).toThrow(/second one/);
    expect(await db.query("select id from single_probe")).toEqual([{ id: 1 }]);
  });

  it("names the constraint a statement violated, for unique and foreign keys, on both drivers", async () => {
    const { db } = h();
    await db.exec(
      "create table parent_probe (id int primary key); create table child_probe (id int primary key, parent int references parent_probe (id))",
    );
    await db.query("insert into parent_probe values (1)");
    const failure = (sql: string) =>
      db.query(sql).then(
        () => null,
        (error: unknown) => error,
      );
    const duplicate = await failure("insert into parent_probe values (1)");
    expect(violatedConstraint(duplicate, "parent_probe_pkey")).toBe(true);
    expect(violatedConstraint(duplicate, "child_probe_parent_fkey")).toBe(false);
    const orphan = await failure("insert into child_probe values (1, 2)");
    expect(violatedConstraint(orphan, "child_probe_parent_fkey")).toBe(true);
    expect(violatedConstraint(orphan, "parent_probe_pkey")).toBe(false);
    expect(violatedConstraint(await failure("selec 1"), "parent_probe_pkey")).toBe(false);
    expect(violatedConstraint(new Error("parent_probe_pkey"), "parent_probe_pkey")).toBe(false);
  });

  it("rolls back a failed transaction completely", async () => {
    const { db } = h();
    await db.exec("create table tx_probe (id int primary key)");
    await expect(
      db.transaction(async (tx) => {
        await tx.query("insert into tx_probe values (1)");
        await tx.query("insert into tx_probe values (1)"); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await db.query("select * from tx_probe")).toEqual([]);
  });

  it("migrations are idempotent and recorded", async () => {
    const { db } = h();
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: string }>(
      "select version from schema_migrations order by version",
    );
    expect(rows.map((r) => r.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it("refuses to run when an applied migration was edited", async () => {
    const { db } = h();
    const changed = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
    await expect(migrate(db, changed)).rejects.toBeInstanceOf(MigrationError);
  });
});

describe("embedded database folder lock", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "samen-lock-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it("refuses a second opener and names the holder", async () => {
    const dir = tempDir();
    const first = await openPglite({ dataDir: dir, command: "samen start" });
    try {
      const error = await openPglite({ dataDir: dir, command: "samen migrate" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as Error).message).toContain(`proces ${process.pid}`);
      expect((error as Error).message).toContain("samen start");
    } finally {
      await first.close();
    }
    // Released on close: a new opener succeeds.
    const again = await openPglite({ dataDir: dir, command: "again" });
    await again.close();
  });

  it("refuses an opener from another process while the lock is held", async () => {
    const dir = tempDir();
    const release = lockDataDir(dir, "holder");
    try {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          "-e",
          `import("${path.resolve("src/platform/db/lock.ts")}").then(m => { try { m.lockDataDir(${JSON.stringify(dir)}, "child"); console.log("TOOK"); } catch (e) { console.log(e.name); } })`,
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      await new Promise((resolve) => child.on("exit", resolve));
      expect(out.trim()).toBe("DataDirLockedError");
    } finally {
      release();
    }
  });

  it("takes over a lock left by a dead process", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "samen.lock"),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: os.hostname(),
        startedAt: "2020-01-01",
        command: "crashed",
      }),
    );
    const release = lockDataDir(dir, "new");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "samen.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dir, "samen.lock"))).toBe(false);
  });
});

describe("unreachable PostgreSQL", () => {
  it("gives a clear error naming the server, not a stack trace", async () => {
    const error = await openPostgres({ url: "postgres://postgres@127.0.0.1:1/nothing" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(/Cannot reach the database at 127\.0\.0\.1:1\/nothing/);
  });
});
