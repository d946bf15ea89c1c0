import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { findSignalIdByReceipt } from "./anonymous.repository";
import { RECEIPT_LIMITS } from "./anonymous.routes";
import { normaliseReceiptCode, receiptHash } from "./anonymous.service";

// Planted client metadata: none of it may end up in any table or log line.
const FAKE_IP = "203.0.113.77";
const FAKE_UA = "PlantAgent/9.9 (anoniem-test-ua-7f3k)";
const FAKE_REFERER = "https://plant-referer.example/anoniem-7f3k";
const FAKE_COOKIE = "plantcookie-7f3k";
const CLIENT_HEADERS = {
  "x-forwarded-for": FAKE_IP,
  "x-real-ip": FAKE_IP,
  "user-agent": FAKE_UA,
  referer: FAKE_REFERER,
  cookie: `tracker=${FAKE_COOKIE}`,
};

const report = (extra: Record<string, unknown> = {}) => ({
  whatHappened: "Synthetisch: in de kas werken mensen tot laat in de nacht en ze slapen in een loods.",
  where: "Kassencomplex aan de Dijkweg (synthetisch)",
  municipalityCode: "GM0344",
  observedOn: "2026-11-20",
  forms: ["labour"],
  indicatorIds: ["gen-11", "gen-12"],
  peopleInvolved: "Een jonge vrouw met een rode jas, spreekt weinig Nederlands (synthetisch).",
  urgency: "high",
  ...extra,
});

describeOnEachDatabase("anonymous intake: no identifying metadata, a receipt code, two-way contact", (h) => {
  /** A request from an anonymous browser (no session), with the planted client metadata. */
  const anonymous = (path: string, body: unknown, address = "198.51.100.1") =>
    h().app.request(
      `/api/v1${path}`,
      {
        method: "POST",
        headers: { "content-type": "application/json", ...CLIENT_HEADERS },
        body: JSON.stringify(body),
      },
      { incoming: { socket: { remoteAddress: address } } },
    );

  async function desk() {
    const org = await buildOrganisation(h().deps, { type: "labour_inspectorate" });
    const c = new TestClient(h().app, h().deps.now);
    await c.login(await buildUser(h().deps, { roles: ["desk_officer"], organisationId: org.id }));
    return c;
  }

  async function submit(address?: string) {
    const res = await anonymous("/anonymous-signals", report(), address);
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("set-cookie")).toBeNull();
    const { receiptCode } = (await res.json()) as { receiptCode: string };
    const signalId = await findSignalIdByReceipt(h().db, await receiptHash(h().deps.cipher, receiptCode));
    return { receiptCode, signalId: signalId! };
  }

  it("a report becomes a submitted anonymous signal on the desk's queue; only a slow hash of the 20-digit code is kept", async () => {
    h().advanceClock(61_000);
    const { receiptCode, signalId } = await submit();
    expect(receiptCode).toMatch(/^\d{20}$/);
    expect(signalId).toMatch(/^[0-9a-f-]{36}$/);
    const [signal] = await h().db.query<Record<string, unknown>>("select * from signals where id = $1", [
      signalId,
    ]);
    expect(signal).toMatchObject({
      channel: "anonymous",
      status: "received",
      organisation_id: null,
      reporter_user_id: null,
      urgency: "high",
      forms: ["labour"],
    });
    expect(signal!.deadline_at).not.toBeNull();
    expect(signal!.reference).toMatch(/^A-\d{4}-\d{8}$/); // random, not the shared sequence
    // Times rounded down to the hour.
    for (const column of ["created_at", "updated_at", "submitted_at"])
      expect((signal![column] as Date).getTime() % 3_600_000, column).toBe(0);
    const all = JSON.stringify(await h().db.query("select * from signal_receipts"));
    expect(all).not.toContain(receiptCode);
    expect(JSON.stringify(signal)).not.toContain("rode jas"); // the narrative is encrypted

    const c = await desk();
    const read = await c.request("GET", `/signals/${signalId}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ channel: "anonymous", status: "received", persons: [] });
    // The desk holds an anonymous report, so it reads its facts.
    expect(read.json.fields.narrative).toMatchObject({ visible: true });
    expect(read.json.fields.narrative.value).toContain("rode jas");
    const [stored] = await h().db.query<{ narrative_enc: string }>(
      "select narrative_enc from signals where id = $1",
      [signalId],
    );
    expect(h().deps.cipher.decrypt(stored!.narrative_enc)).toContain("rode jas");
    const queue = await c.request("GET", "/signals?view=desk");
    expect(queue.json.items.map((s: { id: string }) => s.id)).toContain(signalId);

    const bad = await anonymous(
      "/anonymous-signals",
      report({ whatHappened: "", municipalityCode: "GM9999" }),
    );
    expect(bad.status).toBe(400);
    const unknown = await anonymous("/anonymous-signals", report({ municipalityCode: "GM9999" }));
    expect(unknown.status).toBe(400);
  });

  it("the reporter reads the desk's question with the code and answers it; the status follows the table", async () => {
    h().advanceClock(61_000);
    const { receiptCode, signalId } = await submit();
    const grouped = receiptCode.replace(/(\d{4})(?=\d)/g, "$1 ");
    expect(normaliseReceiptCode(grouped)).toBe(receiptCode);

    const first = await anonymous("/anonymous-signals/receipt", { code: grouped });
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(await first.json()).toEqual({ status: "received", canAnswer: true, messages: [] });

    const c = await desk();
    const question = "Synthetisch: op welke dagen ziet u de mensen aankomen?";
    expect((await c.request("POST", `/signals/${signalId}/questions`, { text: question })).status).toBe(204);
    const afterQuestion = (await (
      await anonymous("/anonymous-signals/receipt", { code: receiptCode })
    ).json()) as {
      status: string;
      messages: { direction: string; text: string; on: string }[];
    };
    expect(afterQuestion.status).toBe("question_waiting");
    expect(afterQuestion.messages).toEqual([
      { direction: "desk_to_reporter", text: question, on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);

    const answer = "Synthetisch: elke maandag om zes uur, met een wit busje.";
    const answered = await anonymous("/anonymous-signals/receipt/answers", {
      code: receiptCode,
      text: answer,
    });
    expect(answered.status).toBe(201);
    const body = (await answered.json()) as { status: string; messages: { text: string }[] };
    expect(body.status).toBe("in_progress");
    expect(body.messages.map((m) => m.text)).toEqual([question, answer]);

    const deskView = await c.request("GET", `/signals/${signalId}/messages`);
    expect(deskView.status).toBe(200);
    expect(deskView.json.status).toBe("information_received");
    expect(deskView.json.items.map((m: { direction: string }) => m.direction)).toEqual([
      "desk_to_reporter",
      "reporter_to_desk",
    ]);
    const history = (await c.request("GET", `/signals/${signalId}`)).json.history.map(
      (e: { toStatus: string }) => e.toStatus,
    );
    expect(history).toEqual(["received", "more_information_requested", "information_received"]);
    // The reporter's time: the hour, or a millisecond after the desk's question if that came later.
    const [asked, replied] = await h().db.query<{ at: Date }>(
      "select at from signal_messages where signal_id = $1 order by position",
      [signalId],
    );
    const repliedAt = replied!.at.getTime();
    expect(repliedAt % 3_600_000 === 0 || repliedAt === asked!.at.getTime() + 1).toBe(true);
    expect(JSON.stringify(await h().db.query("select * from signal_messages"))).not.toContain("wit busje");

    // Only the desk asks, and only about signals with a receipt.
    const signaller = new TestClient(h().app, h().deps.now);
    await signaller.login(await buildUser(h().deps, { roles: ["signaller"] }));
    expect((await signaller.request("POST", `/signals/${signalId}/questions`, { text: "?" })).status).toBe(
      403,
    );
    const draft = await signaller.request("POST", "/signals/drafts", { narrative: "Synthetisch." });
    await signaller.request("POST", `/signals/drafts/${draft.json.id}/submission`);
    expect((await c.request("POST", `/signals/${draft.json.id}/questions`, { text: "?" })).status).toBe(404);

    // A closed report takes no more answers.
    await c.request("POST", `/signals/${signalId}/status-changes`, {
      to: "closed_no_action",
      reason: "test",
    });
    const closed = await anonymous("/anonymous-signals/receipt/answers", {
      code: receiptCode,
      text: "Nog iets.",
    });
    expect(closed.status).toBe(409);
    const final = (await (await anonymous("/anonymous-signals/receipt", { code: receiptCode })).json()) as {
      status: string;
      canAnswer: boolean;
    };
    expect(final).toMatchObject({ status: "closed", canAnswer: false });
  });

  it("a wrong or malformed code answers the same generic 404, and nothing changes", async () => {
    h().advanceClock(61_000);
    const { receiptCode } = await submit();
    const wrong = `${receiptCode.slice(0, 19)}${(Number(receiptCode[19]) + 1) % 10}`;
    const answers: unknown[] = [];
    for (const code of [wrong, "1234", "", "abc", `${receiptCode}0`]) {
      const res = await anonymous("/anonymous-signals/receipt", { code });
      expect(res.status, code).toBe(404);
      expect(res.headers.get("cache-control"), code).toBe("no-store");
      const { instance: _i, requestId: _r, ...problem } = (await res.json()) as Record<string, unknown>;
      answers.push(problem);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    const before = await h().db.query("select count(*)::int as n from signal_messages");
    expect(
      (await anonymous("/anonymous-signals/receipt/answers", { code: wrong, text: "Hallo" })).status,
    ).toBe(404);
    expect(await h().db.query("select count(*)::int as n from signal_messages")).toEqual(before);
  });

  it("receipt lookups are rate-limited per address and overall, right or wrong", async () => {
    h().advanceClock(3_600_001);
    const { receiptCode } = await submit("198.51.100.9");
    const address = "198.51.100.10";
    for (let i = 0; i < RECEIPT_LIMITS.perAddressPerMinute; i++)
      expect((await anonymous("/anonymous-signals/receipt", { code: "x" }, address)).status).toBe(404);
    const limited = await anonymous("/anonymous-signals/receipt", { code: receiptCode }, address);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(
      (await anonymous("/anonymous-signals/receipt/answers", { code: receiptCode, text: "x" }, address))
        .status,
    ).toBe(429);
    // Another address still gets in; a minute later this one does too.
    expect(
      (await anonymous("/anonymous-signals/receipt", { code: receiptCode }, "198.51.100.11")).status,
    ).toBe(200);
    h().advanceClock(61_000);
    expect((await anonymous("/anonymous-signals/receipt", { code: receiptCode }, address)).status).toBe(200);

    // Overall: many addresses together hit the hourly ceiling, then everyone waits.
    h().advanceClock(3_600_001);
    let n = 0;
    for (let a = 0; n < RECEIPT_LIMITS.overallPerHour; a++)
      for (let i = 0; i < RECEIPT_LIMITS.perAddressPerMinute && n < RECEIPT_LIMITS.overallPerHour; i++, n++)
        expect(
          (await anonymous("/anonymous-signals/receipt", { code: "x" }, `10.1.${a >> 8}.${a & 255}`)).status,
        ).toBe(404);
    expect((await anonymous("/anonymous-signals/receipt", { code: receiptCode }, "192.0.2.200")).status).toBe(
      429,
    );
    h().advanceClock(3_600_001);
    expect((await anonymous("/anonymous-signals/receipt", { code: receiptCode }, "192.0.2.200")).status).toBe(
      200,
    );
  });

  it("no table and no log line holds the client's address, user agent, referer or cookie; no session is made", async () => {
    h().advanceClock(3_600_001);
    const sessionsBefore = await h().db.query("select count(*)::int as n from sessions");
    const logStart = h().logLines.length;
    const { receiptCode, signalId } = await submit(FAKE_IP);
    await anonymous("/anonymous-signals/receipt", { code: receiptCode }, FAKE_IP);
    const c = await desk();
    await c.request("POST", `/signals/${signalId}/questions`, { text: "Synthetisch: waar precies?" });
    await anonymous(
      "/anonymous-signals/receipt/answers",
      { code: receiptCode, text: "Bij de loods." },
      FAKE_IP,
    );
    const sessionsAfter = await h().db.query("select count(*)::int as n from sessions");
    expect((sessionsAfter[0] as { n: number }).n).toBe((sessionsBefore[0] as { n: number }).n + 1); // the desk's login only

    const tables = await h().db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(["signal_receipts", "signal_messages"]),
    );
    const planted = [FAKE_IP, FAKE_UA, "PlantAgent", FAKE_REFERER, "plant-referer", FAKE_COOKIE, receiptCode];
    for (const { table_name } of tables) {
      const dump = JSON.stringify(await h().db.query(`select * from "${table_name}"`));
      for (const value of planted) expect(dump, `${table_name} holds ${value}`).not.toContain(value);
    }
    const lines = h().logLines.slice(logStart);
    expect(lines.some((l) => l.includes("/anonymous-signals/receipt"))).toBe(true);
    for (const line of lines) {
      for (const value of planted) expect(line).not.toContain(value);
      const fields = JSON.parse(line) as Record<string, unknown>;
      if (String(fields.route ?? "").includes("anonymous-signals"))
        expect(Object.keys(fields).sort()).toEqual([
          "event",
          "level",
          "method",
          "ms",
          "requestId",
          "route",
          "status",
          "time",
        ]);
    }
  });
});
