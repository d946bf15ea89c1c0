import { describe, expect, it } from "vitest";
import { describeOnEachDatabase } from "../../test/harness";
import { appendAudit } from "./audit.repository";
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
        appendAudit(tx, {
          actorUserId: null,
          actorOrganisationId: null,
          requestId: null,
          action: "probe",
          objectType: "probe",
          objectId: String(i),
          purpose: "test",
          details: { i, nested: { b: 2, a: 1 } },
        }),
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
        await appendAudit(tx, {
          actorUserId: null,
          actorOrganisationId: null,
          requestId: null,
          action: "probe",
          objectType: "probe",
          objectId: "x",
          purpose: "test",
        });
        throw new Error("the write it records failed");
      }),
    ).rejects.toThrow();
    expect((await db.query<{ n: number }>("select count(*)::int8 as n from audit_log"))[0]!.n).toBe(before);
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("the database itself refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { db } = h();
    await expect(db.query("update audit_log set action = 'x' where seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query("delete from audit_log where seq = 1")).rejects.toThrow(/append-only/);
    await expect(db.query("truncate audit_log")).rejects.toThrow(/append-only/);
  });

  it("concurrent appends keep one unbroken chain", async () => {
    const { db } = h();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((tx) =>
          appendAudit(tx, {
            actorUserId: null,
            actorOrganisationId: null,
            requestId: null,
            action: "concurrent",
            objectType: "probe",
            objectId: String(i),
            purpose: "test",
          }),
        ),
      ),
    );
    expect((await verifyStoredChain(db)).ok).toBe(true);
  });

  it("a superuser's alteration, deletion or reordering is detected and named", async () => {
    const { db } = h();
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
