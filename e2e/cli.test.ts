import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../src/demo/demo.generator";
import { openPglite } from "../src/platform/db/pglite";
import { databaseUrl, TEST_POSTGRES_URL } from "../test/postgres";
import { freePort, HttpClient, runSamen, startSamen, tempDataDir } from "./support";

const dirs: string[] = [];
const dataDir = () => {
  const d = tempDataDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("samen CLI", () => {
  it("every command has --help", () => {
    const top = runSamen(["--help"], {});
    expect(top.status).toBe(0);
    for (const cmd of [
      "start",
      "migrate",
      "seed-demo",
      "user",
      "org",
      "audit",
      "reference",
      "retention",
      "keys",
      "estimate",
      "linkage",
    ])
      expect(top.stdout).toContain(cmd);
    expect(top.stdout).toContain("DATABASE_URL");
    for (const args of [
      ["start"],
      ["migrate"],
      ["seed-demo"],
      ["user", "create"],
      ["org", "create"],
      ["audit", "verify"],
      ["reference", "import"],
    ]) {
      const help = runSamen([...args, "--help"], {});
      expect(help.status, args.join(" ")).toBe(0);
      expect(help.stdout).toMatch(/Usage: samen/);
    }
  });

  it("the dark-number commands run through the samen executable", () => {
    const estimate = runSamen(
      ["estimate", "test/fixtures/mse/UKdat.csv", "--method", "main", "--ci", "lognormal", "--json"],
      {},
    );
    expect(estimate.status, estimate.stderr).toBe(0);
    const result = JSON.parse(estimate.stdout) as { observed: number; estimate: number; method: string };
    expect(result).toMatchObject({ observed: 2744, method: "main" });
    expect(result.estimate).toBeGreaterThan(2744);
    const bad = runSamen(["estimate", "test/fixtures/mse/README-does-not-exist.csv"], {});
    expect(bad.status).toBe(2);
    const dir = tempDataDir();
    dirs.push(dir);
    const out = `${dir}/clks.json`;
    const fixture = "test/fixtures/pprl/clk_s2_mixed";
    const encode = runSamen(
      [
        "linkage",
        "encode",
        "--schema",
        `${fixture}/schema.json`,
        "--secret-file",
        `${fixture}/secret.txt`,
        "--input",
        `${fixture}/records.csv`,
        "--output",
        out,
      ],
      {},
    );
    expect(encode.status, encode.stderr).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(`${fixture}/clks.json`, "utf8"));
  });

  it("creates organisations and users, refusing bad input clearly", () => {
    const env = { SAMEN_DATA_DIR: dataDir() };
    const badType = runSamen(["org", "create", "--name", "X", "--type", "spaceship"], env);
    expect(badType.status).not.toBe(0);
    expect(badType.stderr).toMatch(/spaceship.*Allowed choices/s);
    const badGm = runSamen(
      [
        "org",
        "create",
        "--name",
        "Gemeente X (synthetisch)",
        "--type",
        "municipality",
        "--municipality",
        "GM9999",
      ],
      env,
    );
    expect(badGm.status).toBe(1);
    expect(badGm.stderr).toContain("municipalityCode");
    const org = runSamen(
      [
        "org",
        "create",
        "--name",
        "Zorg Test (synthetisch)",
        "--type",
        "care_provider",
        "--municipality",
        "GM0344",
      ],
      env,
    );
    expect(org.status).toBe(0);
    const orgId = org.stdout.split("\t")[0]!;
    const badRole = runSamen(
      [
        "user",
        "create",
        "--email",
        "a@test.samen.example",
        "--name",
        "A",
        "--org",
        orgId,
        "--role",
        "wizard",
      ],
      env,
    );
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain("wizard");
    const user = runSamen(
      [
        "user",
        "create",
        "--email",
        "a@test.samen.example",
        "--name",
        "A (synthetisch)",
        "--org",
        orgId,
        "--role",
        "care_coordinator",
        "--password-stdin",
        "--totp",
      ],
      env,
      "een-lang-test-wachtwoord\n",
    );
    expect(user.status).toBe(0);
    expect(user.stdout).toMatch(/otpauth:\/\/totp\//);
    const dup = runSamen(
      [
        "user",
        "create",
        "--email",
        "A@test.samen.example",
        "--name",
        "A",
        "--org",
        orgId,
        "--role",
        "care_coordinator",
      ],
      env,
    );
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
  });

  it("audit verify passes on an untouched chain and names a tampered entry", async () => {
    const dir = dataDir();
    const env = { SAMEN_DATA_DIR: dir };
    const seeded = runSamen(["seed-demo"], env);
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toContain("zorgcoordinator@demo.samen.example");
    expect(runSamen(["seed-demo"], env).stdout).toMatch(/not empty; nothing was loaded/);
    const ok = runSamen(["audit", "verify"], env);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/OK: alle \d+ auditregels/);
    // Tamper directly in SQL, as a superuser would.
    const db = await openPglite({ dataDir: dir, command: "tamper" });
    await db.exec(
      "alter table audit_log disable trigger user; update audit_log set action = 'forged' where seq = 7; alter table audit_log enable trigger user;",
    );
    await db.close();
    const broken = runSamen(["audit", "verify"], env);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/entry 7/);
  });

  it.runIf(inject("postgresAvailable"))(
    "migrates a real PostgreSQL database through DATABASE_URL",
    async () => {
      const name = `samen_cli_${Date.now()}`;
      const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      try {
        const result = runSamen(["migrate"], { DATABASE_URL: databaseUrl(name) });
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toMatch(/migration 0001|migration 00\d\d/);
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );

  it("an unreachable PostgreSQL gives a clear message, not a stack trace", () => {
    const result = runSamen(["migrate"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nothing" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Cannot reach the database at 127\.0\.0\.1:1\/nothing/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("samen start", () => {
  it("a second start on the same data folder is refused with a message naming the holder", async () => {
    const dir = dataDir();
    const server = await startSamen({ SAMEN_DATA_DIR: dir, SAMEN_DEMO_MODE: "true" });
    try {
      const second = runSamen(["start"], { SAMEN_DATA_DIR: dir, PORT: String(await freePort()) });
      expect(second.status).toBe(2);
      expect(second.stderr).toContain(`already in use by process ${server.process.pid}`);
      const cli = runSamen(["audit", "verify"], { SAMEN_DATA_DIR: dir });
      expect(cli.status).toBe(2);
      expect(cli.stderr).toContain("Stop that process first, or use the HTTP API");
    } finally {
      await server.stop();
    }
  });

  it("prints the demo logins on first start, and loses no acknowledged write when killed with SIGKILL", async () => {
    const dir = dataDir();
    const env = { SAMEN_DATA_DIR: dir, SAMEN_DEMO_MODE: "true" };
    let server = await startSamen(env);
    expect(server.output()).toContain("beheerder@demo.samen.example");
    const client = new HttpClient(server.url);
    expect(
      (
        await client.request("POST", "/session", {
          email: "beheerder@demo.samen.example",
          password: DEMO_PASSWORD,
        })
      ).status,
    ).toBe(201);
    expect((await client.request("POST", "/session/second-factor/demo-skip")).status).toBe(200);
    const names = Array.from({ length: 5 }, (_, i) => `Duurzaam ${i} ${Date.now()} (synthetisch)`);
    for (const name of names)
      expect((await client.request("POST", "/organisations", { name, type: "ngo" })).status).toBe(201);
    await server.stop("SIGKILL"); // right after the last acknowledgement
    server = await startSamen(env);
    try {
      expect(server.output()).not.toContain("beheerder@demo.samen.example"); // not seeded twice
      const again = new HttpClient(server.url);
      await again.request("POST", "/session", {
        email: "beheerder@demo.samen.example",
        password: DEMO_PASSWORD,
      });
      await again.request("POST", "/session/second-factor/demo-skip");
      const orgs = (await again.request("GET", "/organisations")).json.items.map(
        (o: { name: string }) => o.name,
      );
      expect(orgs).toEqual(expect.arrayContaining(names));
    } finally {
      await server.stop();
    }
    expect(fs.existsSync(path.join(dir, "samen.lock"))).toBe(false);
    // Their audit entries survived the kill too, whether or not they were sealed before it, and the
    // chain is whole: sealed by the restarted server or by the verification.
    const verified = runSamen(["audit", "verify"], { SAMEN_DATA_DIR: dir });
    expect(verified.status, verified.stderr).toBe(0);
    const db = await openPglite({ dataDir: dir, command: "check" });
    try {
      const entries = await db.query<{ seq: number | null }>(
        `select a.seq from audit_log a join organisations o on o.id::text = a.object_id
         where a.action = 'organisation.created' and o.name = any($1)`,
        [names],
      );
      expect(entries).toHaveLength(5);
      expect(entries.every((e) => typeof e.seq === "number")).toBe(true);
    } finally {
      await db.close();
    }
  });
});
