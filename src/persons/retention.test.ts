import { describe, expect, it } from "vitest";
import { buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { createFieldCipher, testKeyRing } from "../platform/crypto";
import { enqueueJob, runDueJobs } from "../platform/jobs";
import { rotateKeys } from "../sharing/key-rotation";
import { retentionPlan } from "../sharing/retention.rules";
import { closePerson } from "./person.repository";
import { RETENTION_JOB, retentionDryRun, retentionJob } from "./retention.service";

const DAY = 86_400_000;

describe("retention rules", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const all = new Set(["identity", "contact", "location", "health", "residence_status"] as const);
  it.each([
    [
      "closed 400 days ago: health, contact and location go",
      "closed",
      400,
      ["contact", "health", "location"],
      false,
    ],
    [
      "closed 800 days ago: everything goes, tombstone",
      "closed",
      800,
      ["contact", "health", "identity", "location", "residence_status"],
      true,
    ],
    ["closed 100 days ago: nothing yet", "closed", 100, [], false],
    [
      "active, idle for 6 years: everything goes",
      "active",
      6 * 365,
      ["contact", "health", "identity", "location", "residence_status"],
      true,
    ],
    ["active, idle for 4 years: nothing", "active", 4 * 365, [], false],
  ] as const)("%s", (_name, state, days, categories, tombstone) => {
    const since = new Date(now.getTime() - days * DAY);
    const plan = retentionPlan(
      [
        {
          id: "p",
          pseudonym: "P-1",
          state,
          closedAt: state === "closed" ? since : null,
          lastActivityAt: since,
          present: all,
        },
      ],
      now,
    );
    if (categories.length === 0) expect(plan).toEqual([]);
    else expect(plan).toEqual([{ id: "p", pseudonym: "P-1", categories, tombstone }]);
  });
});

describeOnEachDatabase("retention job and key rotation", (h) => {
  it("the retention job removes exactly what the dry run listed, keeping a tombstone", async () => {
    const deps = h().deps;
    const user = await buildUser(deps, { roles: ["care_coordinator"] });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(user);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await client.request("POST", "/persons", buildPersonInput())).json.id);
    const [oldClosed, recentClosed, , idle] = ids as [string, string, string, string];
    await h().db.transaction(async (tx) => {
      await closePerson(tx, oldClosed, new Date(Date.now() - 800 * DAY));
      await closePerson(tx, recentClosed, new Date(Date.now() - 400 * DAY));
      await tx.query("update persons set last_activity_at = $2 where id = $1", [
        idle,
        new Date(Date.now() - 6 * 365 * DAY).toISOString(),
      ]);
    });
    const plan = (await retentionDryRun(deps)).filter((p) => ids.includes(p.id));
    expect(plan.map((p) => [p.id, p.categories, p.tombstone]).sort()).toEqual(
      [
        [oldClosed, ["contact", "health", "identity", "location", "residence_status"], true],
        [recentClosed, ["contact", "health", "location"], false],
        [idle, ["contact", "health", "identity", "location", "residence_status"], true],
      ].sort(),
    );
    const before = await h().db.query<Record<string, unknown>>(
      "select * from persons where id = any($1) order by id",
      [ids],
    );

    await enqueueJob(deps.db, { kind: RETENTION_JOB, runAt: deps.now(), now: deps.now() });
    expect(await runDueJobs(deps, { [RETENTION_JOB]: retentionJob })).toBe(1);

    const after = await h().db.query<Record<string, unknown>>(
      "select * from persons where id = any($1) order by id",
      [ids],
    );
    const columnsOf = {
      identity: ["name_enc", "name_index", "alias_enc", "birth_date_enc"],
      contact: ["phone_enc", "phone_index", "email_enc", "address_enc"],
      location: ["whereabouts_enc"],
      health: ["health_notes_enc"],
      residence_status: ["residence_status"],
    } as Record<string, string[]>;
    for (const row of after) {
      const item = plan.find((p) => p.id === row.id);
      const prior = before.find((b) => b.id === row.id)!;
      const emptied = new Set((item?.categories ?? []).flatMap((c) => columnsOf[c]!));
      for (const [column, value] of Object.entries(row)) {
        if (emptied.has(column)) expect(value, `${row.pseudonym} ${column}`).toBeNull();
        else if (column !== "anonymised_at")
          expect(value, `${row.pseudonym} ${column}`).toEqual(prior[column]);
      }
      expect(row.anonymised_at !== null).toBe(item?.tombstone ?? false);
      expect(row.pseudonym).toBe(prior.pseudonym); // the tombstone keeps the non-identifying pseudonym
    }
    // Nothing more is due, and the next run is scheduled a day later.
    expect((await retentionDryRun(deps)).filter((p) => ids.includes(p.id))).toEqual([]);
    const [next] = await h().db.query<{ n: number }>(
      "select count(*)::int8 as n from jobs where kind = $1 and status = 'queued' and run_at > $2",
      [RETENTION_JOB, new Date(Date.now() + DAY - 60_000).toISOString()],
    );
    expect(next!.n).toBe(1);
    const audit = await h().db.query<{ action: string }>(
      "select action from audit_log where object_id = $1 order by id desc limit 1",
      [oldClosed],
    );
    expect(audit[0]!.action).toBe("person.anonymised");
  });

  it("rotating keys re-encrypts every value under the new active key, readable after", async () => {
    const deps = h().deps;
    const user = await buildUser(deps, { roles: ["care_coordinator"] });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(user);
    const input = buildPersonInput();
    const id = (await client.request("POST", "/persons", input)).json.id;
    const ring = testKeyRing();
    const rotated = { ...deps, cipher: createFieldCipher({ ...ring, activeKeyId: "test2" }) };
    const report = await rotateKeys(rotated, { batchSize: 3 });
    expect(report.find((r) => r.table === "persons" && r.column === "name_enc")!.reencrypted).toBeGreaterThan(
      0,
    );
    const [row] = await h().db.query<{ name_enc: string }>("select name_enc from persons where id = $1", [
      id,
    ]);
    expect(row!.name_enc.split(".")[1]).toBe("test2");
    expect(rotated.cipher.decrypt(row!.name_enc)).toBe(input.name);
    const leftovers = await h().db.query(
      "select 1 from persons where split_part(name_enc, '.', 2) = 'test1' or split_part(phone_enc, '.', 2) = 'test1'",
    );
    expect(leftovers).toEqual([]);
    expect((await rotateKeys(rotated)).every((r) => r.reencrypted === 0)).toBe(true);
  });
});
