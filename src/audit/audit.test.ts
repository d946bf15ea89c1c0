import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditProbe } from "../../test/factories";
import { describeOnEachDatabase, openTestDatabase } from "../../test/harness";
import type { Db } from "../platform/db/database";
import { migrate, readMigrations } from "../platform/db/migrate";
import { appendAudit, sealAudit, startAuditSealer } from "./audit.repository";
import { canonicalJson, GENESIS_HASH, hashEntry, type StoredAuditEntry, verifyChain } from "./audit.rules";
import { verifyStoredChain } from "./audit.verify";

const entry = (seq: number, prevHash: string, action = "test.action"): StoredAuditEntry => {
  const base = {
    seq,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)),
    actorUserId: null,
    actorOrganisationId: null,
    action,
    objectType: "probe",
    objectId: String(seq),
    purpose: "test",
    requestId: null,
    details: { n: seq },
  };
  return { ...base, prevHash, hash: hashEntry(base, prevHash) };
};

function chain(n: number): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = entry(i, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe("audit chain rules", () => {
  it("canonical JSON sorts keys at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("verifies an intact chain and an empty one", () => {
    const c = chain(5);
    expect(verifyChain(c, { seq: 5, hash: c[4]!.hash })).toEqual({
      ok: true,
      count: 5,
      headHash: c[4]!.hash,
    });
    expect(verifyChain([], null)).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it.each([
    [
      "altered",
      (c: StoredAuditEntry[]) => {
        c[2] = { ...c[2]!, action: "forged" };
      },
      3,
      "hash_mismatch",
    ],
    [
      "removed",
      (c: StoredAuditEntry[]) => {
        c.splice(1, 1);
      },
      2,
      "gap",
    ],
    [
      "reordered",
      (c: StoredAuditEntry[]) => {
        const a = c[1]!;
        const b = c[2]!;
        c[1] = { ...b, seq: 2 };
        c[2] = { ...a, seq: 3 };
      },
      2,
      "prev_hash_mismatch",
    ],
    [
      "newest removed",
      (c: StoredAuditEntry[]) => {
        c.pop();
      },
      5,
      "head_mismatch",
    ],
  ] as const)("detects an entry %s and names it", (_name, tamper, seq, kind) => {
    const c = chain(5);
    const head = { seq: 5, hash: c[4]!.hash };
    tamper(c);
    const result = verifyChain(c, head);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatchObject({ seq, kind });
  });
});

describeOnEachDatabase("audit log storage", (h) => {
  it("appends a verifiable chain", async () => {
    const { db } = h();
    for (let i = 0; i < 3; i++) {
      await db.transaction((tx) =>
        appendAudit(tx, auditProbe("probe", String(i), { i, nested: { b: 2, a: 1 } })),
      );
    }
    const result = await verifyStoredChain(db);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThanOrEqual(3);
  });

  it("an audit entry rolls back with its transaction", async () => {
    const { db } = h();
    const before = (await db.query<{ n: number }>("select count(*)::int8 as n from audit_log"))[0]!.n;
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, auditProbe("probe", "x"));
        throw new Error("the write it records failed");
      }),
    ).rejects.toThrow();
    expect((await db.query<{ n: number }>("select count(*)::int8 as n from audit_log"))[0]!.n).toBe(before);
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("the database itself refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { db } = h();
    await sealAudit(db);
    await expect(db.query("update audit_log set action = 'x' where seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query("delete from audit_log where seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query("truncate audit_log")).rejects.toThrow(/append-only/);
    // A sealed entry cannot be sealed again, nor unsealed.
    await expect(
      db.query("update audit_log set seq = 999999, prev_hash = 'x', hash = 'y' where seq = 1"),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query("update audit_log set seq = null, prev_hash = null, hash = null where seq = 1"),
    ).rejects.toThrow(/append-only/);
  });

  it("an unsealed entry can be sealed once, but its content cannot change", async () => {
    const { db } = h();
    await appendAudit(db, auditProbe("probe.unsealed", "u"));
    const [row] = await db.query<{ id: number; seq: number | null; hash: string | null }>(
      "select id, seq, hash from audit_log where action = 'probe.unsealed'",
    );
    expect(row).toMatchObject({ seq: null, hash: null });
    await expect(
      db.query(
        "update audit_log set purpose = 'forged', seq = 999999, prev_hash = 'x', hash = 'y' where id = $1",
        [row!.id],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.query("update audit_log set purpose = 'forged' where id = $1", [row!.id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query("delete from audit_log where id = $1", [row!.id])).rejects.toThrow(/append-only/);
    // Seq and both hashes are set together or not at all.
    await expect(db.query("update audit_log set seq = 999999 where id = $1", [row!.id])).rejects.toThrow(
      /audit_log_sealed_whole/,
    );
    expect(await sealAudit(db)).toBeGreaterThanOrEqual(1);
    const [sealed] = await db.query<{ seq: number | null; purpose: string }>(
      "select seq, purpose from audit_log where id = $1",
      [row!.id],
    );
    expect(sealed!.seq).toEqual(expect.any(Number));
    expect(sealed!.purpose).toBe("test");
    expect(await sealAudit(db)).toBe(0);
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("seals in insertion order, several sealers at once keep one chain", async () => {
    const { db } = h();
    await sealAudit(db);
    for (let i = 0; i < 30; i++)
      await db.transaction((tx) => appendAudit(tx, auditProbe("probe.order", String(i))));
    const counts = await Promise.all([sealAudit(db), sealAudit(db), sealAudit(db)]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
    const rows = await db.query<{ seq: number; object_id: string }>(
      "select seq, object_id from audit_log where action = 'probe.order' order by seq",
    );
    expect(rows.map((r) => r.object_id)).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(rows.at(-1)!.seq - rows[0]!.seq).toBe(29);
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("the background sealer seals on its own and what is left when it stops", async () => {
    const { db, deps } = h();
    const probe = auditProbe("probe.sealer", "s");
    const unsealed = async () =>
      (await db.query<{ n: number }>("select count(*)::int8 as n from audit_log where seq is null"))[0]!.n;
    // A short interval: it seals without being asked.
    const stopFast = startAuditSealer(deps, 20);
    await appendAudit(db, probe);
    await expect.poll(unsealed, { timeout: 5000, interval: 20 }).toBe(0);
    await stopFast();
    // A long interval: stopping seals what is left.
    const stopSlow = startAuditSealer(deps, 3_600_000);
    await new Promise((resolve) => setTimeout(resolve, 50)); // its first run is done
    await appendAudit(db, probe);
    expect(await unsealed()).toBe(1);
    await stopSlow();
    expect(await unsealed()).toBe(0);
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("concurrent appends keep one unbroken chain", async () => {
    const { db } = h();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) => appendAudit(tx, auditProbe("concurrent", String(i)))),
      ),
    );
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("a superuser's alteration, deletion or reordering is detected and named", async () => {
    const { db } = h();
    await sealAudit(db);
    const total = (await db.query<{ n: number }>("select max(seq)::int8 as n from audit_log"))[0]!.n;
    expect(total).toBeGreaterThan(5);
    await db.exec("alter table audit_log disable trigger user");
    try {
      await db.query("update audit_log set purpose = 'forged' where seq = 3");
      let result = await verifyStoredChain(db);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem.seq).toBe(3);
      await db.query("update audit_log set purpose = 'test' where seq = 3"); // restore the original value
      expect((await verifyStoredChain(db)).ok).toBe(true);

      // Reorder: swap the contents of entries 4 and 5.
      await db.query("update audit_log set seq = -4 where seq = 4");
      await db.query("update audit_log set seq = 4 where seq = 5");
      await db.query("update audit_log set seq = 5 where seq = -4");
      result = await verifyStoredChain(db);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem.seq).toBe(4);

      await db.query("delete from audit_log where seq = 2");
      result = await verifyStoredChain(db);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).toMatchObject({ seq: 2, kind: "gap" });
    } finally {
      await db.exec("alter table audit_log enable trigger user");
    }
  });
});

describe("audit appends on PostgreSQL", () => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await openTestDatabase("postgres"));
  });
  afterAll(() => dispose());

  it("an append commits while a sealer holds the chain's lock: audited work never waits for the chain", async () => {
    await db.transaction((tx) => appendAudit(tx, auditProbe("probe.nolock", "first")));
    await sealAudit(db); // the chain now has a head row to lock
    await db.transaction(async (holder) => {
      await holder.query("select seq from audit_head where id = 1 for update");
      // With the lock held by this transaction, appends in other transactions still commit.
      await Promise.all(
        ["a", "b", "c"].map((n) => db.transaction((tx) => appendAudit(tx, auditProbe("probe.nolock", n)))),
      );
      const [{ n }] = (await db.query<{ n: number }>(
        "select count(*)::int8 as n from audit_log where action = 'probe.nolock' and seq is null",
      )) as [{ n: number }];
      expect(n).toBe(3);
    });
    expect(await sealAudit(db)).toBe(3);
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });
});

describe("migration 0018 on a chain written before it", () => {
  it.each(["pglite", "postgres"] as const)(
    "keeps the old entries verifiable and continues the chain after them (%s)",
    async (kind) => {
      const { db, dispose } = await openTestDatabase(kind, { empty: true });
      try {
        const all = readMigrations();
        await migrate(
          db,
          all.filter((m) => m.version < "0018"),
        );
        // Three entries chained as before 0018: seq and hashes written at insert, head alongside.
        let prevHash = GENESIS_HASH;
        for (let seq = 1; seq <= 3; seq++) {
          const e = entry(seq, prevHash, "before.0018");
          await db.query(
            `insert into audit_log (seq, occurred_at, actor_user_id, actor_organisation_id, action, object_type,
               object_id, purpose, request_id, details, prev_hash, hash)
             values ($1, $2, null, null, $3, $4, $5, $6, null, $7, $8, $9)`,
            [
              seq,
              e.occurredAt.toISOString(),
              e.action,
              e.objectType,
              e.objectId,
              e.purpose,
              JSON.stringify(e.details),
              e.prevHash,
              e.hash,
            ],
          );
          prevHash = e.hash;
        }
        await db.query("insert into audit_head (id, seq, hash) values (1, 3, $1)", [prevHash]);

        expect(await migrate(db, all)).toContain("0018");
        const old = await db.query<{ id: number; seq: number }>("select id, seq from audit_log order by id");
        expect(old).toEqual([1, 2, 3].map((n) => ({ id: n, seq: n })));
        await appendAudit(db, auditProbe("after.0018", "4"));
        const result = await verifyStoredChain(db);
        expect(result).toMatchObject({ ok: true, count: 4 });
        const [added] = await db.query<{ id: number; seq: number; prev_hash: string }>(
          "select id, seq, prev_hash from audit_log where action = 'after.0018'",
        );
        expect(added).toEqual({ id: 4, seq: 4, prev_hash: prevHash });
        // The old entries are as protected as ever.
        await expect(db.query("update audit_log set action = 'x' where seq = 2")).rejects.toThrow(
          /append-only/,
        );
      } finally {
        await dispose();
      }
    },
  );
});
