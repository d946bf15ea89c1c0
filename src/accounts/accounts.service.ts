/**
 * @module accounts.service
 * Use cases of accounts: creating organisations and users, logging in with password and TOTP,
 * enrolling a second factor, sessions and logout. Every write is audited in its transaction.
 */
import { createHash, randomBytes } from "node:crypto";
import { appendAudit } from "../audit/audit.repository";
import type { Actor, Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import {
  clearThrottle,
  endSession,
  findOrganisation,
  findSession,
  findUser,
  findUserByEmail,
  insertOrganisation,
  insertSession,
  insertUser,
  markSecondFactor,
  normaliseEmail,
  type Organisation,
  readThrottle,
  type SessionRecord,
  setPendingTotp,
  setTotp,
  setTotpLastStep,
  touchSession,
  type UserRecord,
  writeThrottle,
} from "./accounts.repository";
import { type OrganisationType, type Role, roleRequiresSecondFactor } from "./accounts.vocabulary";
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { afterFailure, isLocked, sessionEndReason } from "./session.rules";
import { newTotpSecret, totpUri, verifyTotp } from "./totp.rules";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createOrganisation(
  deps: Deps,
  actor: Actor,
  input: {
    name: string;
    type: OrganisationType;
    municipalityCode?: string | null;
    policeUnitId?: string | null;
    isSynthetic?: boolean;
  },
): Promise<Organisation> {
  return deps.db.transaction(async (tx) => {
    if (input.municipalityCode) {
      const [m] = await tx.query("select 1 from municipalities where code = $1", [input.municipalityCode]);
      if (!m)
        throw new AppError("VALIDATION_FAILED", "Onbekende gemeentecode / Unknown municipality code.", {
          fields: [{ field: "municipalityCode", message: "unknown municipality code" }],
        });
    }
    if (input.policeUnitId) {
      const [p] = await tx.query("select 1 from police_units where id = $1", [input.policeUnitId]);
      if (!p)
        throw new AppError("VALIDATION_FAILED", "Onbekende politie-eenheid / Unknown police unit.", {
          fields: [{ field: "policeUnitId", message: "unknown police unit" }],
        });
    }
    const org = await insertOrganisation(tx, {
      name: input.name,
      type: input.type,
      municipalityCode: input.municipalityCode ?? null,
      policeUnitId: input.policeUnitId ?? null,
      isSynthetic: input.isSynthetic ?? false,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: "organisation.created",
      objectType: "organisation",
      objectId: org.id,
      purpose: "administration",
      details: { type: org.type },
    });
    return org;
  });
}

function auditActor(actor: Actor) {
  return { actorUserId: actor.userId, actorOrganisationId: actor.organisationId, requestId: actor.requestId };
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Het wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens hebben / The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      {
        fields: [{ field: "password", message: `at least ${MIN_PASSWORD_LENGTH} characters` }],
      },
    );
  }
}

export async function createUser(
  deps: Deps,
  actor: Actor,
  input: {
    organisationId: string;
    email: string;
    displayName: string;
    roles: Role[];
    password: string;
    totpSecret?: string | null;
    isSynthetic?: boolean;
  },
): Promise<UserRecord> {
  validatePassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const org = await findOrganisation(tx, input.organisationId);
    if (!org)
      throw new AppError("VALIDATION_FAILED", "Onbekende organisatie / Unknown organisation.", {
        fields: [{ field: "organisationId", message: "unknown organisation" }],
      });
    if (await findUserByEmail(tx, deps.cipher, input.email)) {
      throw new AppError(
        "CONFLICT",
        "Er bestaat al een gebruiker met dit e-mailadres / A user with this e-mail address already exists.",
        { fields: [{ field: "email", message: "already in use" }] },
      );
    }
    const user = await insertUser(tx, deps.cipher, {
      organisationId: org.id,
      email: input.email,
      displayName: input.displayName,
      roles: input.roles,
      passwordHash,
      totpSecret: input.totpSecret ?? null,
      isSynthetic: input.isSynthetic ?? false,
    });
    await appendAudit(tx, {
      ...auditActor(actor),
      action: "user.created",
      objectType: "user",
      objectId: user.id,
      purpose: "administration",
      details: { roles: user.roles, organisationId: org.id },
    });
    return user;
  });
}

export type SessionStage = "second_factor" | "enrol_second_factor" | "active";

export type SessionView = {
  session: SessionRecord;
  user: UserRecord;
  organisation: Organisation;
  stage: SessionStage;
  /** Demo mode only: a synthetic demo user may skip enrolling a second factor. */
  canSkipSecondFactor: boolean;
};

function stageOf(user: UserRecord, session: SessionRecord): SessionStage {
  if (session.secondFactorAt) return "active";
  if (!user.roles.some(roleRequiresSecondFactor)) return "active";
  return user.totpEnabled ? "second_factor" : "enrol_second_factor";
}

function canSkip(deps: Deps, user: UserRecord): boolean {
  return deps.env.SAMEN_DEMO_MODE && user.isSynthetic;
}

const throttleKey = (deps: Deps, email: string) =>
  deps.cipher.blindIndex(normaliseEmail(email), "login.throttle");

/**
 * Checks the password and opens a session. The error is the same whether the account does not
 * exist, is disabled or the password is wrong; repeated failures lock the login name for a while,
 * also for login names that do not exist.
 */
export async function login(
  deps: Deps,
  input: { email: string; password: string; requestId: string | null },
): Promise<{ token: string; view: SessionView }> {
  const now = deps.now();
  const key = throttleKey(deps, input.email);
  const throttle = await readThrottle(deps.db, key);
  const locked = () =>
    new AppError(
      "TOO_MANY_ATTEMPTS",
      "Te veel mislukte pogingen; probeer het over 15 minuten opnieuw. / Too many failed attempts; try again in 15 minutes.",
      {
        headers: { "retry-after": String(15 * 60) },
      },
    );
  if (isLocked(throttle, now)) throw locked();
  const user = await findUserByEmail(deps.db, deps.cipher, input.email);
  const passwordOk =
    user && !user.disabledAt
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
  if (!user || !passwordOk) {
    const next = afterFailure(throttle, now);
    await deps.db.transaction(async (tx) => {
      await writeThrottle(tx, key, next);
      await appendAudit(tx, {
        actorUserId: null,
        actorOrganisationId: null,
        requestId: input.requestId,
        action: "session.login_failed",
        objectType: "user",
        objectId: user?.id ?? null,
        purpose: "authentication",
        details: { locked: !!next.lockedUntil },
      });
    });
    if (isLocked(next, now)) throw locked();
    throw new AppError(
      "INVALID_CREDENTIALS",
      "E-mailadres of wachtwoord onjuist. / E-mail address or password incorrect.",
    );
  }
  const token = randomBytes(32).toString("base64url");
  const needsFactor = user.roles.some(roleRequiresSecondFactor);
  await deps.db.transaction(async (tx) => {
    await clearThrottle(tx, key);
    await insertSession(tx, {
      tokenHash: hashToken(token),
      userId: user.id,
      organisationId: user.organisationId,
      csrfToken: randomBytes(24).toString("base64url"),
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.env.SAMEN_SESSION_ABSOLUTE_HOURS * 3_600_000),
      secondFactorAt: needsFactor ? null : now,
    });
    await appendAudit(tx, {
      actorUserId: user.id,
      actorOrganisationId: user.organisationId,
      requestId: input.requestId,
      action: "session.created",
      objectType: "session",
      objectId: null,
      purpose: "authentication",
      details: {},
    });
  });
  const view = await sessionFromToken(deps, token);
  if (!view) throw new AppError("INTERNAL", "Session could not be read back.");
  return { token, view };
}

/** The valid session for a cookie token, or null (unknown, ended, timed out, or user disabled). Touches it. */
export async function sessionFromToken(deps: Deps, token: string): Promise<SessionView | null> {
  const tokenHash = hashToken(token);
  const session = await findSession(deps.db, deps.cipher, tokenHash);
  if (!session) return null;
  const now = deps.now();
  const reason = sessionEndReason(session, now, deps.env.SAMEN_SESSION_IDLE_MINUTES);
  if (reason) {
    if (reason !== "ended") await endSession(deps.db, tokenHash, now);
    return null;
  }
  const user = await findUser(deps.db, deps.cipher, session.userId);
  const organisation = user ? await findOrganisation(deps.db, user.organisationId) : null;
  if (!user || user.disabledAt || !organisation) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > 30_000) await touchSession(deps.db, tokenHash, now);
  return {
    session,
    user,
    organisation,
    stage: stageOf(user, session),
    canSkipSecondFactor: canSkip(deps, user),
  };
}

const totpThrottleKey = (userId: string) => `totp:${userId}`;

async function failSecondFactor(deps: Deps, view: SessionView): Promise<never> {
  const now = deps.now();
  const key = totpThrottleKey(view.user.id);
  const next = afterFailure(await readThrottle(deps.db, key), now);
  await writeThrottle(deps.db, key, next);
  if (isLocked(next, now)) {
    await endSession(deps.db, view.session.tokenHash, now);
    throw new AppError(
      "TOO_MANY_ATTEMPTS",
      "Te veel onjuiste codes; meld u later opnieuw aan. / Too many wrong codes; log in again later.",
    );
  }
  throw new AppError("VALIDATION_FAILED", "De code is onjuist of verlopen. / The code is wrong or expired.", {
    fields: [{ field: "code", message: "wrong or expired code" }],
  });
}

/** Completes login with a TOTP code from the user's authenticator. */
export async function verifySecondFactor(
  deps: Deps,
  view: SessionView,
  code: string,
  requestId: string | null,
): Promise<void> {
  if (view.stage !== "second_factor" || !view.user.totpSecret)
    throw new AppError("CONFLICT", "Er wordt geen code verwacht. / No code is expected now.");
  if (isLocked(await readThrottle(deps.db, totpThrottleKey(view.user.id)), deps.now())) {
    throw new AppError(
      "TOO_MANY_ATTEMPTS",
      "Te veel onjuiste codes; probeer het later opnieuw. / Too many wrong codes; try again later.",
    );
  }
  const step = verifyTotp({
    secret: view.user.totpSecret,
    code,
    at: deps.now(),
    lastUsedStep: view.user.totpLastStep,
  });
  if (step === null) return failSecondFactor(deps, view);
  await deps.db.transaction(async (tx) => {
    await setTotpLastStep(tx, view.user.id, step);
    await markSecondFactor(tx, view.session.tokenHash, deps.now());
    await clearThrottle(tx, totpThrottleKey(view.user.id));
    await appendAudit(tx, {
      actorUserId: view.user.id,
      actorOrganisationId: view.user.organisationId,
      requestId,
      action: "session.second_factor_verified",
      objectType: "session",
      objectId: null,
      purpose: "authentication",
      details: {},
    });
  });
}

/** Starts enrolment of an authenticator: a new secret, kept on the session until confirmed. */
export async function startEnrolment(
  deps: Deps,
  view: SessionView,
): Promise<{ secret: string; otpauthUri: string }> {
  if (view.stage !== "enrol_second_factor")
    throw new AppError(
      "CONFLICT",
      "Er is al een tweede factor ingesteld. / A second factor is already set up.",
    );
  const secret = newTotpSecret();
  await setPendingTotp(deps.db, deps.cipher, view.session.tokenHash, secret);
  return { secret, otpauthUri: totpUri(secret, view.user.email) };
}

export async function confirmEnrolment(
  deps: Deps,
  view: SessionView,
  code: string,
  requestId: string | null,
): Promise<void> {
  const secret = view.session.pendingTotpSecret;
  if (view.stage !== "enrol_second_factor" || !secret)
    throw new AppError(
      "CONFLICT",
      "Start eerst het instellen van de tweede factor. / Start setting up the second factor first.",
    );
  const step = verifyTotp({ secret, code, at: deps.now() });
  if (step === null) return failSecondFactor(deps, view);
  await deps.db.transaction(async (tx) => {
    await setTotp(tx, deps.cipher, view.user.id, secret, step);
    await markSecondFactor(tx, view.session.tokenHash, deps.now());
    await appendAudit(tx, {
      actorUserId: view.user.id,
      actorOrganisationId: view.user.organisationId,
      requestId,
      action: "user.second_factor_enrolled",
      objectType: "user",
      objectId: view.user.id,
      purpose: "authentication",
      details: {},
    });
  });
}

/** Demo mode only: a synthetic demo user continues without a second factor. */
export async function skipSecondFactor(
  deps: Deps,
  view: SessionView,
  requestId: string | null,
): Promise<void> {
  if (view.stage !== "enrol_second_factor" || !view.canSkipSecondFactor) {
    throw new AppError(
      "FORBIDDEN",
      "Overslaan kan alleen in de demo-omgeving. / Skipping is only possible in demo mode.",
    );
  }
  await deps.db.transaction(async (tx) => {
    await markSecondFactor(tx, view.session.tokenHash, deps.now());
    await appendAudit(tx, {
      actorUserId: view.user.id,
      actorOrganisationId: view.user.organisationId,
      requestId,
      action: "session.second_factor_skipped_demo",
      objectType: "session",
      objectId: null,
      purpose: "authentication",
      details: {},
    });
  });
}

export async function logout(deps: Deps, view: SessionView, requestId: string | null): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await endSession(tx, view.session.tokenHash, deps.now());
    await appendAudit(tx, {
      actorUserId: view.user.id,
      actorOrganisationId: view.user.organisationId,
      requestId,
      action: "session.ended",
      objectType: "session",
      objectId: null,
      purpose: "authentication",
      details: {},
    });
  });
}
