import { createHash } from "node:crypto";
import { Hono } from "hono";
import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { apiKeyAuth, partnerOf } from "../accounts/api-keys.routes";
import { ROUTE_MODULES } from "../modules";
import { type Db, singleStatement } from "../platform/db/database";
import type { AppError } from "../platform/errors";
import { type AppEnv, createApp } from "../platform/http/app";
import { problemResponse } from "../platform/http/problem";
import { createRateLimiter } from "../platform/http/rate-limit";
import { PARTNER_CSV_COLUMNS } from "./partner.csv";
import { SignalDraftSchema } from "./signal.schema";
import { fileSubmittedSignal } from "./signal.service";

const KVK = "69599009"; // passes the weighted modulus-11 check (synthetic)

describeOnEachDatabase("partner API: API keys, single and bulk submission, idempotency", (h) => {
  let n = 0;
  const uniq = () => `${Date.now().toString(36)}-${n++}`;

  async function setup() {
    const deps = h().deps;
    const adminOrg = await buildOrganisation(deps, { type: "platform_operator" });
    const admin = await buildUser(deps, { roles: ["administrator"], organisationId: adminOrg.id });
    const adminClient = new TestClient(h().app, deps.now);
    await adminClient.login(admin);
    const partnerOrg = await buildOrganisation(deps, { type: "police" });
    const deskOrg = await buildOrganisation(deps, { type: "labour_inspectorate" });
    const desk = new TestClient(h().app, deps.now);
    await desk.login(await buildUser(deps, { roles: ["desk_officer"], organisationId: deskOrg.id }));
    const created = await adminClient.request("POST", `/organisations/${partnerOrg.id}/api-keys`, {
      name: "Meldingskoppeling (synthetisch)",
    });
    expect(created.status).toBe(201);
    return { admin, adminClient, partnerOrg, desk, key: created.json.key as string, keyId: created.json.id };
  }

  async function call(key: string | null, path: string, body: unknown, headers: Record<string, string> = {}) {
    const h2: Record<string, string> = {
      "content-type": typeof body === "string" ? "text/csv" : "application/json",
      ...headers,
    };
    if (key) h2["x-api-key"] = key;
    const res = await h().app.request(`/api/v1${path}`, {
      method: "POST",
      headers: h2,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response bodies
    return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as any };
  }

  const signal = (extra: Record<string, unknown> = {}) => ({
    municipalityCode: "GM0344",
    observedOn: "2026-11-20",
    forms: ["labour"],
    narrative: "Synthetisch: melding uit het systeem van een partner.",
    urgency: "high",
    victims: [{ alias: "Werknemer P (synthetisch)", nationality: "NG", residenceStatus: "unknown" }],
    subjects: [{ kind: "company", name: "Partner Testbedrijf BV (synthetisch)", kvkNumber: KVK }],
    ...extra,
  });

  const countSignals = async (organisationId: string) =>
    (
      await h().db.query<{ n: number }>(
        "select count(*)::int8 as n from signals where organisation_id = $1 and channel = 'partner_api'",
        [organisationId],
      )
    )[0]!.n;
  const countPersons = async (organisationId: string) =>
    (
      await h().db.query<{ n: number }>(
        "select count(*)::int8 as n from persons where organisation_id = $1",
        [organisationId],
      )
    )[0]!.n;

  it("an administrator creates a key (shown once, stored hashed), lists and revokes it; others may not", async () => {
    const { adminClient, partnerOrg, desk, key, keyId } = await setup();
    expect(key).toMatch(/^samen_pk_[A-Za-z0-9_-]{43}$/);
    const [row] = await h().db.query<{ key_hash: string; prefix: string }>(
      "select key_hash, prefix from api_keys where id = $1",
      [keyId],
    );
    expect(row!.key_hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(key.startsWith(row!.prefix)).toBe(true);
    const all = await h().db.query("select * from api_keys where organisation_id = $1", [partnerOrg.id]);
    expect(JSON.stringify(all)).not.toContain(key);
    const list = await adminClient.request("GET", `/organisations/${partnerOrg.id}/api-keys`);
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).not.toHaveProperty("key");
    expect(JSON.stringify(list.json)).not.toContain(key);
    expect(
      (await desk.request("POST", `/organisations/${partnerOrg.id}/api-keys`, { name: "nee" })).status,
    ).toBe(403);
    expect((await desk.request("GET", `/organisations/${partnerOrg.id}/api-keys`)).status).toBe(403);
    const audit = await h().db.query(
      "select 1 from audit_log where action = 'api_key.created' and object_id = $1",
      [keyId],
    );
    expect(audit).toHaveLength(1);

    expect(list.json.items[0].lastUsedAt).toBeNull();
    expect((await call(key, "/signals", signal())).status).toBe(201);
    // Use is recorded at minute granularity.
    const lastUsed = async () =>
      (await adminClient.request("GET", `/organisations/${partnerOrg.id}/api-keys`)).json.items[0].lastUsedAt;
    const first = await lastUsed();
    expect(first).toEqual(expect.any(String));
    h().advanceClock(30_000);
    expect((await call(key, "/signals", signal())).status).toBe(201);
    expect(await lastUsed()).toBe(first);
    h().advanceClock(60_000);
    expect((await call(key, "/signals", signal())).status).toBe(201);
    expect(Date.parse(await lastUsed())).toBeGreaterThan(Date.parse(first));
    expect(
      (await adminClient.request("DELETE", `/organisations/${partnerOrg.id}/api-keys/${keyId}`)).status,
    ).toBe(204);
    expect(
      (await adminClient.request("DELETE", `/organisations/${partnerOrg.id}/api-keys/${keyId}`)).status,
    ).toBe(404);
    const revoked = await call(key, "/signals", signal());
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get("content-type")).toBe("application/problem+json");
    expect(revoked.json.code).toBe("UNAUTHENTICATED");
  });

  it("a missing or wrong key is a 401 problem, and nothing is stored", async () => {
    const { partnerOrg, key } = await setup();
    for (const k of [null, "samen_pk_wrong", `${key}x`, "Bearer something"]) {
      const res = await call(k, "/signals", signal());
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const bulk = await call(k, "/signals/bulk", { signals: [signal({ externalId: "X-1" })] });
      expect(bulk.status).toBe(401);
    }
    expect(await countSignals(partnerOrg.id)).toBe(0);
  });

  it("one signal is stored for the key's organisation, submitted at once, audited with the key, and on the desk's queue", async () => {
    const { admin, partnerOrg, desk, key, keyId } = await setup();
    const res = await call(key, "/signals", signal({ externalId: `P-${uniq()}` }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      status: "created",
      reference: expect.stringMatching(/^S-\d{4}-\d{6}$/),
    });
    const [row] = await h().db.query<Record<string, unknown>>(
      "select channel, organisation_id, reporter_user_id, status from signals where id = $1",
      [res.json.id],
    );
    expect(row).toMatchObject({
      channel: "partner_api",
      organisation_id: partnerOrg.id,
      reporter_user_id: null,
      status: "received",
    });
    const audit = await h().db.query<{
      actor_user_id: string;
      actor_organisation_id: string;
      details: object;
    }>("select action, actor_user_id, actor_organisation_id, details from audit_log where object_id = $1", [
      res.json.id,
    ]);
    // Filed and submitted in one step: one entry records the whole write.
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "signal.submitted",
      actor_user_id: admin.id,
      actor_organisation_id: partnerOrg.id,
      details: { apiKeyId: keyId, channel: "partner_api", victims: 1, subjects: 1, persons: 1 },
    });
    const queue = await desk.request("GET", "/signals?view=desk");
    expect(queue.json.items.map((s: { id: string }) => s.id)).toContain(res.json.id);
    const read = await desk.request("GET", `/signals/${res.json.id}`);
    expect(read.json).toMatchObject({ channel: "partner_api", status: "received", access: "desk" });

    const invalid = await call(key, "/signals", signal({ municipalityCode: "GM9999" }));
    expect(invalid.status).toBe(400);
    expect(invalid.json.invalidParams[0].name).toBe("municipalityCode");
  });

  it("a retry with the same Idempotency-Key creates one signal; another body with that key is a 422 problem", async () => {
    const { partnerOrg, key } = await setup();
    const idem = { "idempotency-key": `key-${uniq()}` };
    const first = await call(key, "/signals", signal(), idem);
    expect(first.status).toBe(201);
    const again = await call(key, "/signals", signal(), idem);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await countSignals(partnerOrg.id)).toBe(1);

    const other = await call(key, "/signals", signal({ urgency: "low" }), idem);
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(other.json).toMatchObject({ status: 422, code: "IDEMPOTENCY_KEY_REUSED" });
    expect(other.json.detail).toMatch(/Idempotency-Key/);
    expect(await countSignals(partnerOrg.id)).toBe(1);

    // Without a key, the external id still keeps a retry from storing the signal twice.
    const externalId = `P-${uniq()}`;
    const a = await call(key, "/signals", signal({ externalId }));
    const b = await call(key, "/signals", signal({ externalId }));
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.json).toMatchObject({ status: "duplicate", id: a.json.id, reference: a.json.reference });
    expect(await countSignals(partnerOrg.id)).toBe(2);

    // Keys are kept per organisation: another organisation may use the same key value.
    const otherOrg = await setup();
    expect((await call(otherOrg.key, "/signals", signal({ urgency: "low" }), idem)).status).toBe(201);
  });

  it("bulk JSON: bad rows are reported by field, good rows are stored exactly once, also when the request is retried", async () => {
    const { partnerOrg, desk, key } = await setup();
    const tag = uniq();
    const body = {
      signals: [
        signal({ externalId: `J-${tag}-1` }),
        signal({ externalId: `J-${tag}-2`, forms: ["slavery"] }),
        signal({ externalId: `J-${tag}-3`, municipalityCode: "GM9999" }),
        signal({ externalId: `J-${tag}-4`, victims: [], subjects: [] }),
        signal({}),
        "not an object",
        signal({ externalId: `J-${tag}-1` }),
      ],
    };
    const res = await call(key, "/signals/bulk", body);
    expect(res.status).toBe(200);
    expect(res.json.summary).toEqual({ rows: 7, created: 2, duplicate: 1, invalid: 4, failed: 0 });
    const results = res.json.results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      "created",
      "invalid",
      "invalid",
      "created",
      "invalid",
      "invalid",
      "duplicate",
    ]);
    expect(results[1].errors[0].field).toBe("forms.0");
    expect(results[2]).toMatchObject({ row: 3, externalId: `J-${tag}-3` });
    expect(results[2].errors).toEqual([{ field: "municipalityCode", message: "unknown municipality code" }]);
    expect(results[4].errors.map((e: { field: string }) => e.field)).toEqual(["externalId"]);
    expect(results[5].errors[0].field).toBe("(row)");
    expect(results[6].signalId).toBe(results[0].signalId);
    expect(await countSignals(partnerOrg.id)).toBe(2);

    const retry = await call(key, "/signals/bulk", body);
    expect(retry.json.summary).toMatchObject({ created: 0, duplicate: 3, invalid: 4 });
    expect(await countSignals(partnerOrg.id)).toBe(2);

    const idem = { "idempotency-key": `bulk-${tag}` };
    const tagged = { signals: [signal({ externalId: `J-${tag}-5` })] };
    const first = await call(key, "/signals/bulk", tagged, idem);
    const replay = await call(key, "/signals/bulk", tagged, idem);
    expect(replay.json).toEqual(first.json);
    expect(replay.json.results[0].status).toBe("created");
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(
      (await call(key, "/signals/bulk", { signals: [signal({ externalId: "other" })] }, idem)).status,
    ).toBe(422);
    expect(await countSignals(partnerOrg.id)).toBe(3);

    const queue = await desk.request("GET", "/signals?view=desk");
    expect(queue.json.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([results[0].signalId, results[3].signalId]),
    );

    expect((await call(key, "/signals/bulk", { signals: [] })).status).toBe(400);
    expect(
      (await call(key, "/signals/bulk", "{not json", { "content-type": "application/json" })).status,
    ).toBe(400);
    expect((await call(key, "/signals/bulk", "x", { "content-type": "text/plain" })).status).toBe(415);
  });

  it("bulk CSV by the published column spec: each bad row is reported with its line and column; good rows stored once", async () => {
    const { partnerOrg, key } = await setup();
    const tag = uniq();
    const csv = [
      "external_id,observed_on,municipality_code,forms,urgency,narrative,victim_alias,victim_nationality,victim_age_group,company_name,company_kvk",
      `C-${tag}-1,2026-11-20,GM0344,labour;criminal,high,"Synthetisch: werknemers slapen
op het terrein, zegt de bank.",Werknemer C,NG,25-34,Partner CSV BV (synthetisch),${KVK}`,
      `C-${tag}-2,20-11-2026,GM0344,slavery,high,tekst,,Nigeria,,Bedrijf X,${KVK}`,
      "",
      `C-${tag}-3,2026-11-21,GM0363,sexual,normal,Synthetisch: tweede melding,,,,,`,
      `C-${tag}-4,2026-11-21,GM0363,sexual`,
      `C-${tag}-5,2026-11-21,GM0363,,normal,,,,,,69599010`,
      `,2026-11-21,GM0363,sexual,normal,tekst,,,,,`,
    ].join("\r\n");
    const res = await call(key, "/signals/bulk", csv);
    expect(res.status).toBe(200);
    const results = res.json.results;
    expect(results.map((r: { status: string; line: number }) => [r.status, r.line])).toEqual([
      ["created", 2],
      ["invalid", 4],
      ["created", 6],
      ["invalid", 7],
      ["invalid", 8],
      ["invalid", 9],
    ]);
    const fields = (i: number) => results[i].errors.map((e: { field: string }) => e.field).sort();
    expect(fields(1)).toEqual(["forms", "observed_on", "victim_nationality"]);
    expect(fields(3)).toEqual(["(row)"]);
    expect(results[3].errors[0].message).toMatch(/expected 11 fields, found 4/);
    expect(fields(4)).toEqual(["company_kvk", "company_name"]);
    expect(fields(5)).toEqual(["external_id"]);
    expect(await countSignals(partnerOrg.id)).toBe(2);
    const first = await h().deps.db.query<{ forms: string[] }>("select forms from signals where id = $1", [
      results[0].signalId,
    ]);
    expect(first[0]!.forms).toEqual(["labour", "criminal"]);

    const retry = await call(key, "/signals/bulk", csv, { "idempotency-key": `csv-${tag}` });
    expect(retry.json.summary).toMatchObject({ created: 0, duplicate: 2, invalid: 4 });
    const replay = await call(key, "/signals/bulk", csv, { "idempotency-key": `csv-${tag}` });
    expect(replay.json).toEqual(retry.json);
    expect(await countSignals(partnerOrg.id)).toBe(2);

    const semicolons = `external_id;forms;municipality_code\nS-${tag};"labour;sexual";GM0344\n`;
    const semi = await call(key, "/signals/bulk", semicolons, { "content-type": "text/csv; charset=utf-8" });
    expect(semi.json.results[0]).toMatchObject({ status: "created", line: 2 });

    const unknownColumn = await call(key, "/signals/bulk", "external_id,naam\nX-1,Jan\n");
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.json.invalidParams[0]).toMatchObject({ name: "header" });
    expect(unknownColumn.json.detail).toMatch(/naam/);
    const noId = await call(key, "/signals/bulk", "forms\nlabour\n");
    expect(noId.status).toBe(400);
    const unclosed = await call(key, "/signals/bulk", `external_id,narrative\nX-2,"open\n`);
    expect(unclosed.status).toBe(400);
  });

  it("no half-applied row: a row whose later part fails leaves nothing behind, and the other rows are stored", async () => {
    const { partnerOrg, key } = await setup();
    const tag = uniq();
    await h().db.exec(`
      create function partner_test_fail() returns trigger language plpgsql as $$
      begin
        if new.name = 'Faalbedrijf (synthetisch)' then raise exception 'synthetic failure'; end if;
        return new;
      end $$;
      create trigger partner_test_fail before insert on signal_subjects
        for each row execute function partner_test_fail();`);
    try {
      const signalsBefore = await countSignals(partnerOrg.id);
      const personsBefore = await countPersons(partnerOrg.id);
      const res = await call(key, "/signals/bulk", {
        signals: [
          signal({
            externalId: `F-${tag}-1`,
            subjects: [{ kind: "company", name: "Faalbedrijf (synthetisch)" }],
          }),
          signal({ externalId: `F-${tag}-2` }),
        ],
      });
      expect(res.status).toBe(200);
      expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(["failed", "created"]);
      expect(await countSignals(partnerOrg.id)).toBe(signalsBefore + 1);
      // The failing row's victim was written before its company: rolled back with the rest of the row.
      expect(await countPersons(partnerOrg.id)).toBe(personsBefore + 1);
      const external = await h().db.query("select 1 from partner_submissions where external_id = $1", [
        `F-${tag}-1`,
      ]);
      expect(external).toHaveLength(0);
      expect(h().logLines.join("\n")).not.toContain("Faalbedrijf");
    } finally {
      await h().db.exec(
        "drop trigger partner_test_fail on signal_subjects; drop function partner_test_fail();",
      );
    }
    // Retried once the fault is gone, the failed row is stored, the good one is not stored again.
    const retry = await call(key, "/signals/bulk", {
      signals: [
        signal({
          externalId: `F-${tag}-1`,
          subjects: [{ kind: "company", name: "Faalbedrijf (synthetisch)" }],
        }),
        signal({ externalId: `F-${tag}-2` }),
      ],
    });
    expect(retry.json.results.map((r: { status: string }) => r.status)).toEqual(["created", "duplicate"]);
  });

  it("concurrent retries with the same Idempotency-Key store one signal", async () => {
    const { partnerOrg, key } = await setup();
    const idem = { "idempotency-key": `race-${uniq()}` };
    const answers = await Promise.all([1, 2, 3].map(() => call(key, "/signals", signal(), idem)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect(await countSignals(partnerOrg.id)).toBe(1);
    const externalId = `R-${uniq()}`;
    const bulk = await Promise.all(
      [1, 2].map(() => call(key, "/signals/bulk", { signals: [signal({ externalId })] })),
    );
    expect(bulk.map((b) => b.json.results[0].status).sort()).toEqual(["created", "duplicate"]);
    expect(await countSignals(partnerOrg.id)).toBe(2);
  });

  it("a known externalId, sent again or at the same time, stores one signal and nothing else", async () => {
    const { partnerOrg, key } = await setup();
    const externalId = `X-${uniq()}`;
    const personsBefore = await countPersons(partnerOrg.id);
    const answers = await Promise.all([1, 2, 3, 4].map(() => call(key, "/signals", signal({ externalId }))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.id)).size).toBe(1);
    expect(answers.every((a) => a.json.externalId === externalId)).toBe(true);
    const again = await call(key, "/signals", signal({ externalId }));
    expect(again).toMatchObject({ status: 200, json: { status: "duplicate", id: answers[0]!.json.id } });
    expect(await countSignals(partnerOrg.id)).toBe(1);
    // The refused attempts rolled back whole: one signal's person, no orphans.
    expect(await countPersons(partnerOrg.id)).toBe(personsBefore + 1);
    const [row] = await h().db.query<{ n: number }>(
      "select count(*)::int8 as n from partner_submissions where organisation_id = $1 and external_id = $2",
      [partnerOrg.id, externalId],
    );
    expect(row!.n).toBe(1);
  });

  it("without an Idempotency-Key a signal is written in one statement after the key check, with no transaction", async () => {
    const { partnerOrg, key } = await setup();
    const seen: string[] = [];
    let transactions = 0;
    const db: Db = {
      kind: h().db.kind,
      query: (sql, params) => {
        seen.push(sql);
        return h().db.query(sql, params);
      },
      exec: (sql) => h().db.exec(sql),
      transaction: (work) => {
        transactions++;
        return h().db.transaction(work);
      },
      close: () => h().db.close(),
    };
    const app = createApp({ ...h().deps, db }, ROUTE_MODULES);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      app.request("/api/v1/signals", {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key, ...headers },
        body: JSON.stringify(body),
      });
    const externalId = `ONE-${uniq()}`;
    const res = await post(signal({ externalId }));
    expect(res.status).toBe(201);
    expect(transactions).toBe(0);
    expect(seen).toHaveLength(2); // the key check, then the signal with everything it brings
    expect(seen[1]).toMatch(/insert into signals/);
    expect(seen[1]).toMatch(/insert into audit_log/);
    expect(seen[1]).toMatch(/insert into partner_submissions/);
    const { id } = (await res.json()) as { id: string };
    const [entry] = await h().db.query<{ action: string }>(
      "select action from audit_log where object_id = $1",
      [id],
    );
    expect(entry!.action).toBe("signal.submitted");
    // An urgent signal, or one with an Idempotency-Key, is written in a transaction.
    expect((await post(signal({ urgency: "immediate" }))).status).toBe(201);
    expect((await post(signal(), { "idempotency-key": `tx-${uniq()}` })).status).toBe(201);
    expect(transactions).toBe(2);
    // A known externalId: the one statement fails, and the lookup (in a transaction) answers.
    const again = await post(signal({ externalId }));
    expect(again.status).toBe(200);
    expect(transactions).toBe(3);
    expect(await countSignals(partnerOrg.id)).toBe(3);
  });

  it("an urgent signal is never filed without a transaction: its alert is more than one statement", async () => {
    const { partnerOrg, admin } = await setup();
    const before = await countSignals(partnerOrg.id);
    await expect(
      fileSubmittedSignal(singleStatement(h().db), {
        deps: h().deps,
        viewer: {
          userId: admin.id,
          organisationId: partnerOrg.id,
          organisationType: "police",
          roles: ["signaller"],
          requestId: null,
        },
        draft: SignalDraftSchema.parse(signal({ urgency: "immediate" })),
        intake: { channel: "partner_api", reporterUserId: null },
      }),
    ).rejects.toThrow(/transaction/);
    expect(await countSignals(partnerOrg.id)).toBe(before);
  });

  it("each key is rate-limited in memory, and the principal acts as a signaller of the key's organisation", async () => {
    const { partnerOrg, admin, key } = await setup();
    const app = new Hono<AppEnv>();
    app.use("*", async (c, next) => {
      c.set("requestId", "test");
      await next();
    });
    app.onError((error, c) => problemResponse(c, error as AppError));
    app.post("/probe", apiKeyAuth(h().deps, createRateLimiter({ limit: 2, windowMs: 60_000 })), (c) =>
      c.json(partnerOf(c).viewer),
    );
    const probe = () => app.request("/probe", { method: "POST", headers: { "x-api-key": key } });
    const first = await probe();
    expect(await first.json()).toMatchObject({
      userId: admin.id,
      organisationId: partnerOrg.id,
      organisationType: "police",
      roles: ["signaller"],
    });
    expect((await probe()).status).toBe(200);
    const limited = await probe();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
  });

  it("documents both operations with the apiKey scheme, the Idempotency-Key header and a text/csv body", async () => {
    const doc = (await (await h().app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { security: unknown; parameters: { name: string }[]; requestBody: { content: object } }
        >
      >;
    };
    for (const path of ["/signals", "/signals/bulk"]) {
      const op = doc.paths[path]!.post!;
      expect(op.security).toEqual([{ apiKey: [] }]);
      expect(op.parameters.map((p) => p.name)).toContain("Idempotency-Key");
    }
    expect(Object.keys(doc.paths["/signals/bulk"]!.post!.requestBody.content)).toEqual([
      "application/json",
      "text/csv",
    ]);
  });

  it("publishes the CSV column spec in docs/partner-api.md", async () => {
    const fs = await import("node:fs");
    const doc = fs.readFileSync(new URL("../../docs/partner-api.md", import.meta.url), "utf8");
    for (const c of PARTNER_CSV_COLUMNS) expect(doc).toContain(`\`${c.name}\``);
  });

  // Moves the suite's clock: keep this test last.
  it("idempotency keys are forgotten after 30 days", async () => {
    const { partnerOrg, key } = await setup();
    const idem = { "idempotency-key": `old-${uniq()}` };
    expect((await call(key, "/signals", signal(), idem)).status).toBe(201);
    expect((await call(key, "/signals", signal({ urgency: "low" }), idem)).status).toBe(422);
    h().advanceClock(31 * 24 * 3_600_000);
    expect((await call(key, "/signals", signal({ urgency: "low" }), idem)).status).toBe(201);
    expect(await countSignals(partnerOrg.id)).toBe(2);
  });
});
