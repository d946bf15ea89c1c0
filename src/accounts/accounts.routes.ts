/**
 * @module accounts.routes
 * Login (password, then TOTP), enrolment of the second factor, session, logout; organisations and
 * users for administrators.
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { appendAudit } from "../audit/audit.repository";
import type { Actor, Deps } from "../platform/deps";
import type { Api, AppEnv } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { createRateLimiter, rateLimit } from "../platform/http/rate-limit";
import { listOrganisations, listUsers, type Organisation, type UserRecord } from "./accounts.repository";
import {
  CodeRequestSchema,
  CreateOrganisationSchema,
  CreateUserSchema,
  EnrolmentSchema,
  LoginRequestSchema,
  OrganisationSchema,
  SessionSchema,
  UserSchema,
} from "./accounts.schema";
import {
  confirmEnrolment,
  createOrganisation,
  createUser,
  login,
  logout,
  type SessionView,
  sessionFromToken,
  skipSecondFactor,
  startEnrolment,
  verifySecondFactor,
} from "./accounts.service";
import {
  clearSessionCookie,
  requirePendingSession,
  requireSession,
  setSessionCookie,
} from "./auth.middleware";
import { abilitiesOf } from "./permissions.rules";

const tags = ["Accounts"];

export function actorOf(c: Context<AppEnv>, view: SessionView | null): Actor {
  return {
    userId: view?.user.id ?? null,
    organisationId: view?.organisation.id ?? null,
    requestId: c.get("requestId"),
  };
}

const presentOrganisation = (o: Organisation) => ({
  id: o.id,
  name: o.name,
  type: o.type,
  municipalityCode: o.municipalityCode,
  policeUnitId: o.policeUnitId,
  isSynthetic: o.isSynthetic,
});

function presentSession(deps: Deps, view: SessionView) {
  return {
    stage: view.stage,
    canSkipSecondFactor: view.canSkipSecondFactor,
    demoMode: deps.env.SAMEN_DEMO_MODE,
    csrfToken: view.session.csrfToken,
    user: {
      id: view.user.id,
      displayName: view.user.displayName,
      roles: view.user.roles,
      isSynthetic: view.user.isSynthetic,
    },
    organisation: presentOrganisation(view.organisation),
    abilities: view.stage === "active" ? abilitiesOf(view.user.roles) : [],
    expiresAt: view.session.expiresAt.toISOString(),
    idleTimeoutMinutes: deps.env.SAMEN_SESSION_IDLE_MINUTES,
  };
}

const presentUser = (u: UserRecord) => ({
  id: u.id,
  organisationId: u.organisationId,
  email: u.email,
  displayName: u.displayName,
  roles: u.roles,
  secondFactorEnabled: u.totpEnabled,
  isSynthetic: u.isSynthetic,
  createdAt: u.createdAt.toISOString(),
});

/** Re-reads the caller's session after a step so the response shows the new stage. */
async function currentSession(c: Context<AppEnv>, deps: Deps) {
  const token = c.get("sessionToken");
  const view = token ? await sessionFromToken(deps, token) : null;
  return presentSession(deps, view ?? requirePendingSession(c));
}

export function registerAccountRoutes(api: Api, deps: Deps): void {
  // Per client address, across all login steps; the default of 30 a minute is far beyond any person.
  const loginLimiter = createRateLimiter({ limit: deps.env.SAMEN_LOGIN_RATE_PER_MINUTE, windowMs: 60_000 });
  const limited = rateLimit(loginLimiter, deps.now);
  api.openapi(
    defineRoute({
      method: "post",
      path: "/session",
      tags,
      public: true,
      middleware: [limited],
      summary: "Log in with e-mail address and password",
      description:
        "Opens a session (cookie). When the role needs a second factor, the session's stage says what comes next.",
      request: { body: jsonBody(LoginRequestSchema) },
      responses: { 201: jsonResponse(SessionSchema, "Session opened") },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const { token, view } = await login(deps, { ...body, requestId: c.get("requestId") });
      setSessionCookie(c, deps, token);
      return c.json(presentSession(deps, view), 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/session",
      tags,
      summary: "The caller's session, with abilities",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(SessionSchema, "Current session") },
    }),
    (c) => c.json(presentSession(deps, requirePendingSession(c)), 200),
  );

  api.openapi(
    defineRoute({
      method: "delete",
      path: "/session",
      tags,
      summary: "Log out",
      security: [{ session: [] }],
      responses: { 204: { description: "Logged out" } },
    }),
    async (c) => {
      await logout(deps, requirePendingSession(c), c.get("requestId"));
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/session/second-factor",
      tags,
      middleware: [limited],
      summary: "Complete login with a TOTP code",
      security: [{ session: [] }],
      request: { body: jsonBody(CodeRequestSchema) },
      responses: { 200: jsonResponse(SessionSchema, "Session now active") },
    }),
    async (c) => {
      await verifySecondFactor(deps, requirePendingSession(c), c.req.valid("json").code, c.get("requestId"));
      return c.json(await currentSession(c, deps), 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/session/second-factor/enrolment",
      tags,
      summary: "Start setting up an authenticator app",
      security: [{ session: [] }],
      responses: { 201: jsonResponse(EnrolmentSchema, "Secret to add to the authenticator app") },
    }),
    async (c) => c.json(await startEnrolment(deps, requirePendingSession(c)), 201),
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/session/second-factor/enrolment/confirmation",
      tags,
      middleware: [limited],
      summary: "Confirm the authenticator app with its first code",
      security: [{ session: [] }],
      request: { body: jsonBody(CodeRequestSchema) },
      responses: { 200: jsonResponse(SessionSchema, "Second factor enrolled; session active") },
    }),
    async (c) => {
      await confirmEnrolment(deps, requirePendingSession(c), c.req.valid("json").code, c.get("requestId"));
      return c.json(await currentSession(c, deps), 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/session/second-factor/demo-skip",
      tags,
      summary: "Demo mode only: continue without a second factor",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(SessionSchema, "Session active (demo)") },
    }),
    async (c) => {
      await skipSecondFactor(deps, requirePendingSession(c), c.get("requestId"));
      return c.json(await currentSession(c, deps), 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/organisations",
      tags,
      summary: "All organisations",
      security: [{ session: [] }],
      responses: { 200: jsonResponse(z.object({ items: z.array(OrganisationSchema) }), "Organisations") },
    }),
    async (c) => {
      requireSession(c);
      return c.json({ items: (await listOrganisations(deps.db)).map(presentOrganisation) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/organisations",
      tags,
      summary: "Create an organisation (administrator)",
      security: [{ session: [] }],
      request: { body: jsonBody(CreateOrganisationSchema) },
      responses: { 201: jsonResponse(OrganisationSchema, "Created") },
    }),
    async (c) => {
      const view = requireSession(c, "organisations:manage");
      const org = await createOrganisation(deps, actorOf(c, view), c.req.valid("json"));
      return c.json(presentOrganisation(org), 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/users",
      tags,
      summary:
        "Users (administrator); staff names and e-mail addresses are personal data, so every read is audited",
      security: [{ session: [] }],
      request: { query: z.object({ organisationId: z.string().uuid().optional() }) },
      responses: { 200: jsonResponse(z.object({ items: z.array(UserSchema) }), "Users") },
    }),
    async (c) => {
      const view = requireSession(c, "users:manage");
      const { organisationId } = c.req.valid("query");
      const users = await deps.db.transaction(async (tx) => {
        const list = await listUsers(tx, deps.cipher, organisationId);
        await appendAudit(tx, {
          actorUserId: view.user.id,
          actorOrganisationId: view.organisation.id,
          requestId: c.get("requestId"),
          action: "user.list_read",
          objectType: "user",
          objectId: null,
          purpose: "administration",
          details: { count: list.length, organisationId: organisationId ?? null },
        });
        return list;
      });
      return c.json({ items: users.map(presentUser) }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/users",
      tags,
      summary: "Create a user (administrator)",
      security: [{ session: [] }],
      request: { body: jsonBody(CreateUserSchema) },
      responses: { 201: jsonResponse(UserSchema, "Created") },
    }),
    async (c) => {
      const view = requireSession(c, "users:manage");
      const user = await createUser(deps, actorOf(c, view), c.req.valid("json"));
      return c.json(presentUser(user), 201);
    },
  );
}
