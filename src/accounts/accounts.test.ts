import { describe, expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { roleRequiresSecondFactor } from "./accounts.vocabulary";
import { abilitiesOf, can } from "./permissions.rules";
import { afterFailure, isLocked, sessionEndReason, THROTTLE } from "./session.rules";
import { totpCode } from "./totp.rules";

describe("session rules", () => {
  const t0 = new Date("2026-01-01T10:00:00Z");
  it.each([
    [
      { lastSeenAt: t0, expiresAt: new Date("2026-01-01T20:00:00Z"), endedAt: null },
      "2026-01-01T10:29:59Z",
      null,
    ],
    [
      { lastSeenAt: t0, expiresAt: new Date("2026-01-01T20:00:00Z"), endedAt: null },
      "2026-01-01T10:30:00Z",
      "idle_timeout",
    ],
    [
      {
        lastSeenAt: new Date("2026-01-01T19:59:00Z"),
        expiresAt: new Date("2026-01-01T20:00:00Z"),
        endedAt: null,
      },
      "2026-01-01T20:00:00Z",
      "absolute_timeout",
    ],
    [
      { lastSeenAt: t0, expiresAt: new Date("2026-01-01T20:00:00Z"), endedAt: t0 },
      "2026-01-01T10:00:01Z",
      "ended",
    ],
  ])("session %#", (s, now, reason) => {
    expect(sessionEndReason(s, new Date(now), 30)).toBe(reason);
  });

  it("locks after the maximum failures within the window, and a new window starts fresh", () => {
    let state = null;
    for (let i = 0; i < THROTTLE.maxFailures - 1; i++) state = afterFailure(state, t0);
    expect(isLocked(state, t0)).toBe(false);
    state = afterFailure(state, t0);
    expect(isLocked(state, t0)).toBe(true);
    expect(isLocked(state, new Date(t0.getTime() + THROTTLE.lockMinutes * 60_000))).toBe(false);
    const later = afterFailure(
      { failures: 4, windowStartedAt: t0, lockedUntil: null },
      new Date(t0.getTime() + 16 * 60_000),
    );
    expect(later.failures).toBe(1);
  });

  it("every role that can see personal data needs a second factor", () => {
    expect(roleRequiresSecondFactor("statistician")).toBe(false);
    expect(roleRequiresSecondFactor("policy_officer")).toBe(false);
    for (const role of [
      "care_coordinator",
      "desk_officer",
      "investigator",
      "registry_officer",
      "administrator",
      "privacy_officer",
    ] as const) {
      expect(roleRequiresSecondFactor(role)).toBe(true);
    }
  });

  it("abilities follow the role table", () => {
    expect(can(["administrator"], "users:manage")).toBe(true);
    expect(can(["care_coordinator"], "users:manage")).toBe(false);
    expect(abilitiesOf(["statistician", "policy_officer"])).toEqual(["monitor:view", "estimation:run"]);
  });
});

describeOnEachDatabase("login and sessions", (h) => {
  it("password then TOTP; protected routes wait for the second factor", async () => {
    const user = await buildUser(h().deps, { roles: ["administrator"] });
    const client = new TestClient(h().app, h().deps.now);
    const first = await client.request("POST", "/session", { email: user.email, password: user.password });
    expect(first.status).toBe(201);
    expect(first.json.stage).toBe("second_factor");
    expect(first.json.abilities).toEqual([]);
    const early = await client.request("GET", "/users");
    expect(early.status).toBe(401);
    expect(early.json.code).toBe("SECOND_FACTOR_REQUIRED");
    const wrong = await client.request("POST", "/session/second-factor", {
      code: "000000" === totpCode(user.totpSecret!) ? "111111" : "000000",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.invalidParams[0].name).toBe("code");
    const ok = await client.request("POST", "/session/second-factor", { code: totpCode(user.totpSecret!) });
    expect(ok.status).toBe(200);
    expect(ok.json.stage).toBe("active");
    expect(ok.json.abilities).toContain("users:manage");
    expect((await client.request("GET", "/users")).status).toBe(200);
  });

  it("a TOTP code cannot be used twice", async () => {
    const user = await buildUser(h().deps, { roles: ["investigator"] });
    const code = totpCode(user.totpSecret!);
    const a = new TestClient(h().app, h().deps.now);
    await a.request("POST", "/session", { email: user.email, password: user.password });
    expect((await a.request("POST", "/session/second-factor", { code })).status).toBe(200);
    const b = new TestClient(h().app, h().deps.now);
    await b.request("POST", "/session", { email: user.email, password: user.password });
    expect((await b.request("POST", "/session/second-factor", { code })).status).toBe(400);
  });

  it("wrong password and unknown account answer identically", async () => {
    const user = await buildUser(h().deps);
    const client = new TestClient(h().app, h().deps.now);
    const wrong = await client.request("POST", "/session", {
      email: user.email,
      password: "not-the-password",
    });
    const unknown = await client.request("POST", "/session", {
      email: "nobody-here@test.samen.example",
      password: "not-the-password",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (j: Record<string, unknown>) => ({ ...j, requestId: undefined });
    expect(strip(wrong.json)).toEqual(strip(unknown.json));
    expect(wrong.json.code).toBe("INVALID_CREDENTIALS");
  });

  it("locks a login name after repeated failures, existing or not, even for the right password", async () => {
    const user = await buildUser(h().deps);
    const client = new TestClient(h().app, h().deps.now);
    for (const email of [user.email, "ghost@test.samen.example"]) {
      const statuses: number[] = [];
      for (let i = 0; i < THROTTLE.maxFailures; i++)
        statuses.push(
          (await client.request("POST", "/session", { email, password: "wrong-password!" })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const locked = await client.request("POST", "/session", {
        email,
        password: email === user.email ? user.password : "x",
      });
      expect(locked.status).toBe(429);
      expect(locked.json.code).toBe("TOO_MANY_ATTEMPTS");
      expect(locked.headers.get("retry-after")).toBe("900");
    }
  });

  it("a role without personal data does not need a second factor", async () => {
    const user = await buildUser(h().deps, { roles: ["statistician"], withTotp: false });
    const client = new TestClient(h().app, h().deps.now);
    const res = await client.request("POST", "/session", { email: user.email, password: user.password });
    expect(res.json.stage).toBe("active");
  });

  it("enrols an authenticator app; skipping is refused outside demo mode", async () => {
    const user = await buildUser(h().deps, { roles: ["care_coordinator"], withTotp: false });
    const client = new TestClient(h().app, h().deps.now);
    const first = await client.request("POST", "/session", { email: user.email, password: user.password });
    expect(first.json.stage).toBe("enrol_second_factor");
    expect(first.json.canSkipSecondFactor).toBe(false);
    expect((await client.request("POST", "/session/second-factor/demo-skip")).status).toBe(403);
    const enrol = await client.request("POST", "/session/second-factor/enrolment");
    expect(enrol.status).toBe(201);
    expect(enrol.json.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const confirm = await client.request("POST", "/session/second-factor/enrolment/confirmation", {
      code: totpCode(enrol.json.secret),
    });
    expect(confirm.status).toBe(200);
    expect(confirm.json.stage).toBe("active");
    // Next login asks for the code of the enrolled app.
    const again = new TestClient(h().app, h().deps.now);
    const next = await again.request("POST", "/session", { email: user.email, password: user.password });
    expect(next.json.stage).toBe("second_factor");
  });

  it("session cookie is HttpOnly and SameSite=Strict", async () => {
    const user = await buildUser(h().deps, { roles: ["statistician"], withTotp: false });
    const res = await new TestClient(h().app, h().deps.now).request("POST", "/session", {
      email: user.email,
      password: user.password,
    });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP in tests; see the TLS case below
  });

  it("unsafe requests need the CSRF token and our own origin", async () => {
    const user = await buildUser(h().deps, { roles: ["administrator"] });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(user);
    const body = { name: "Organisatie zonder token (synthetisch)", type: "ngo" };
    const missing = await client.request("POST", "/organisations", body, { "x-csrf-token": "" });
    expect(missing.status).toBe(403);
    expect(missing.json.code).toBe("CSRF_FAILED");
    const foreign = await client.request("POST", "/organisations", body, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect((await client.request("POST", "/organisations", body)).status).toBe(201);
  });

  it("idle timeout ends the session; logout ends it at once", async () => {
    const user = await buildUser(h().deps, { roles: ["statistician"], withTotp: false });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(user);
    expect((await client.request("GET", "/session")).status).toBe(200);
    h().advanceClock(31 * 60_000);
    expect((await client.request("GET", "/session")).status).toBe(401);
    const other = new TestClient(h().app, h().deps.now);
    await other.login(user);
    expect((await other.request("DELETE", "/session")).status).toBe(204);
    expect((await other.request("GET", "/session")).status).toBe(401);
  });

  it("staff e-mail addresses and names are encrypted at rest and never logged", async () => {
    const user = await buildUser(h().deps);
    await new TestClient(h().app, h().deps.now).request("POST", "/session", {
      email: user.email,
      password: "wrong-password!",
    });
    const rows = await h().db.query<Record<string, unknown>>("select * from users where id = $1", [user.id]);
    expect(JSON.stringify(rows)).not.toContain(user.email);
    expect(h().logLines.join("\n")).not.toContain(user.email);
  });
});

describeOnEachDatabase("administration", (h) => {
  it("creates organisations and users with clear validation errors", async () => {
    const admin = await buildUser(h().deps, { roles: ["administrator"] });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(admin);
    const bad = await client.request("POST", "/organisations", {
      name: "",
      type: "spaceship",
      municipalityCode: "0363",
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(bad.json.invalidParams.map((p: { name: string }) => p.name).sort()).toEqual([
      "municipalityCode",
      "name",
      "type",
    ]);
    const unknownGm = await client.request("POST", "/organisations", {
      name: "Gemeente Nergens (synthetisch)",
      type: "municipality",
      municipalityCode: "GM9999",
    });
    expect(unknownGm.status).toBe(400);
    expect(unknownGm.json.invalidParams[0].name).toBe("municipalityCode");
    const org = await client.request("POST", "/organisations", {
      name: "Gemeente Amsterdam (synthetisch)",
      type: "municipality",
      municipalityCode: "GM0363",
    });
    expect(org.status).toBe(201);
    const user = {
      organisationId: org.json.id,
      email: "nieuw@test.samen.example",
      displayName: "Nieuwe Collega (synthetisch)",
      roles: ["policy_officer"],
      password: "een-lang-wachtwoord",
    };
    const created = await client.request("POST", "/users", user);
    expect(created.status).toBe(201);
    expect(created.json).not.toHaveProperty("passwordHash");
    const duplicate = await client.request("POST", "/users", { ...user, email: "NIEUW@test.samen.example" });
    expect(duplicate.status).toBe(409);
    const shortPassword = await client.request("POST", "/users", {
      ...user,
      email: "kort@test.samen.example",
      password: "kort",
    });
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.json.invalidParams[0].name).toBe("password");
  });

  it("other roles may not manage users, and reading users is audited", async () => {
    const coordinator = await buildUser(h().deps, { roles: ["care_coordinator"] });
    const client = new TestClient(h().app, h().deps.now);
    await client.login(coordinator);
    expect((await client.request("GET", "/users")).status).toBe(403);
    const admin = await buildUser(h().deps, { roles: ["administrator"] });
    const adminClient = new TestClient(h().app, h().deps.now);
    await adminClient.login(admin);
    expect((await adminClient.request("GET", "/users")).status).toBe(200);
    const [entry] = await h().db.query<{ action: string; actor_user_id: string }>(
      "select action, actor_user_id from audit_log where action = 'user.list_read' order by id desc limit 1",
    );
    expect(entry).toEqual({ action: "user.list_read", actor_user_id: admin.id });
  });

  it("the organisation factory places organisations in the geography", async () => {
    const org = await buildOrganisation(h().deps, { type: "municipality", municipalityCode: "GM0014" });
    expect(org.municipalityCode).toBe("GM0014");
  });
});

describeOnEachDatabase(
  "demo mode",
  (h) => {
    it("a synthetic demo user may skip the second factor; a real user may not", async () => {
      const demo = await buildUser(h().deps, {
        roles: ["care_coordinator"],
        withTotp: false,
        isSynthetic: true,
      });
      const client = new TestClient(h().app, h().deps.now);
      const first = await client.request("POST", "/session", { email: demo.email, password: demo.password });
      expect(first.json.canSkipSecondFactor).toBe(true);
      expect(first.json.demoMode).toBe(true);
      const skipped = await client.request("POST", "/session/second-factor/demo-skip");
      expect(skipped.json.stage).toBe("active");
      const real = await buildUser(h().deps, {
        roles: ["care_coordinator"],
        withTotp: false,
        isSynthetic: false,
      });
      const realClient = new TestClient(h().app, h().deps.now);
      const r = await realClient.request("POST", "/session", { email: real.email, password: real.password });
      expect(r.json.canSkipSecondFactor).toBe(false);
      expect((await realClient.request("POST", "/session/second-factor/demo-skip")).status).toBe(403);
    });

    it("behind TLS the cookie is Secure", async () => {
      const user = await buildUser(h().deps, { roles: ["statistician"], withTotp: false });
      const res = await new TestClient(h().app, h().deps.now).request("POST", "/session", {
        email: user.email,
        password: user.password,
      });
      expect(res.headers.get("set-cookie")).toMatch(/Secure/);
    });
  },
  { SAMEN_DEMO_MODE: "true", SAMEN_PUBLIC_URL: "https://samen.example.nl" },
);

describeOnEachDatabase(
  "login rate limit per client address",
  (h) => {
    it("refuses further attempts from one address within the minute, for any account", async () => {
      const client = new TestClient(h().app, h().deps.now);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await client.request("POST", "/session", {
              email: `rate-${i}@test.samen.example`,
              password: "wrong-password!",
            })
          ).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
      h().advanceClock(61_000);
      expect(
        (
          await client.request("POST", "/session", {
            email: "rate-x@test.samen.example",
            password: "wrong-password!",
          })
        ).status,
      ).toBe(401);
    });
  },
  { SAMEN_LOGIN_RATE_PER_MINUTE: "3" },
);
