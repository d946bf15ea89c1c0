/**
 * @module accounts.repository
 * All SQL for organisations, users, sessions and login throttling. Staff e-mail addresses and
 * names are stored encrypted and found through a blind index (keyed hash).
 */
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { OrganisationType, Role } from "./accounts.vocabulary";
import type { ThrottleState } from "./session.rules";

export type Organisation = {
  id: string;
  name: string;
  type: OrganisationType;
  municipalityCode: string | null;
  policeUnitId: string | null;
  isSynthetic: boolean;
  createdAt: Date;
};

type OrganisationRow = {
  id: string;
  name: string;
  type: OrganisationType;
  municipality_code: string | null;
  police_unit_id: string | null;
  is_synthetic: boolean;
  created_at: Date;
};

const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  name: r.name,
  type: r.type,
  municipalityCode: r.municipality_code,
  policeUnitId: r.police_unit_id,
  isSynthetic: r.is_synthetic,
  createdAt: r.created_at,
});

export async function insertOrganisation(
  tx: Queryable,
  o: {
    name: string;
    type: OrganisationType;
    municipalityCode: string | null;
    policeUnitId: string | null;
    isSynthetic: boolean;
  },
): Promise<Organisation> {
  const [row] = await tx.query<OrganisationRow>(
    `insert into organisations (name, type, municipality_code, police_unit_id, is_synthetic)
     values ($1, $2, $3, $4, $5) returning *`,
    [o.name, o.type, o.municipalityCode, o.policeUnitId, o.isSynthetic],
  );
  return toOrganisation(row!);
}

export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  return (await db.query<OrganisationRow>("select * from organisations order by name")).map(toOrganisation);
}

export async function findOrganisation(db: Queryable, id: string): Promise<Organisation | null> {
  const [row] = await db.query<OrganisationRow>("select * from organisations where id = $1", [id]);
  return row ? toOrganisation(row) : null;
}

export async function countOrganisations(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>("select count(*)::int8 as n from organisations");
  return row!.n;
}

export type UserRecord = {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  totpSecret: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  isSynthetic: boolean;
  createdAt: Date;
  disabledAt: Date | null;
};

type UserRow = {
  id: string;
  organisation_id: string;
  email_enc: string;
  display_name_enc: string;
  roles: Role[];
  password_hash: string;
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  is_synthetic: boolean;
  created_at: Date;
  disabled_at: Date | null;
};

export function emailIndex(cipher: FieldCipher, email: string): string {
  return cipher.blindIndex(normaliseEmail(email), "users.email");
}

export function normaliseEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

function toUser(cipher: FieldCipher, r: UserRow): UserRecord {
  return {
    id: r.id,
    organisationId: r.organisation_id,
    email: cipher.decrypt(r.email_enc),
    displayName: cipher.decrypt(r.display_name_enc),
    roles: r.roles,
    passwordHash: r.password_hash,
    totpSecret: r.totp_secret_enc ? cipher.decrypt(r.totp_secret_enc) : null,
    totpEnabled: r.totp_enabled,
    totpLastStep: r.totp_last_step,
    isSynthetic: r.is_synthetic,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  };
}

export async function insertUser(
  tx: Queryable,
  cipher: FieldCipher,
  u: {
    organisationId: string;
    email: string;
    displayName: string;
    roles: Role[];
    passwordHash: string;
    totpSecret: string | null;
    isSynthetic: boolean;
  },
): Promise<UserRecord> {
  const [row] = await tx.query<UserRow>(
    `insert into users (organisation_id, email_index, email_enc, display_name_enc, roles, password_hash, totp_secret_enc, totp_enabled, is_synthetic)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
    [
      u.organisationId,
      emailIndex(cipher, u.email),
      cipher.encrypt(normaliseEmail(u.email)),
      cipher.encrypt(u.displayName),
      u.roles,
      u.passwordHash,
      u.totpSecret ? cipher.encrypt(u.totpSecret) : null,
      u.totpSecret !== null,
      u.isSynthetic,
    ],
  );
  return toUser(cipher, row!);
}

export async function findUserByEmail(
  db: Queryable,
  cipher: FieldCipher,
  email: string,
): Promise<UserRecord | null> {
  const [row] = await db.query<UserRow>("select * from users where email_index = $1", [
    emailIndex(cipher, email),
  ]);
  return row ? toUser(cipher, row) : null;
}

export async function findUser(db: Queryable, cipher: FieldCipher, id: string): Promise<UserRecord | null> {
  const [row] = await db.query<UserRow>("select * from users where id = $1", [id]);
  return row ? toUser(cipher, row) : null;
}

export async function listUsers(
  db: Queryable,
  cipher: FieldCipher,
  organisationId?: string,
): Promise<UserRecord[]> {
  const rows = organisationId
    ? await db.query<UserRow>("select * from users where organisation_id = $1 order by created_at", [
        organisationId,
      ])
    : await db.query<UserRow>("select * from users order by created_at");
  return rows.map((r) => toUser(cipher, r));
}

export async function setTotp(
  tx: Queryable,
  cipher: FieldCipher,
  userId: string,
  secret: string,
  step: number,
): Promise<void> {
  await tx.query(
    "update users set totp_secret_enc = $2, totp_enabled = true, totp_last_step = $3 where id = $1",
    [userId, cipher.encrypt(secret), step],
  );
}

export async function setTotpLastStep(tx: Queryable, userId: string, step: number): Promise<void> {
  await tx.query("update users set totp_last_step = $2 where id = $1", [userId, step]);
}

// Sessions

export type SessionRecord = {
  tokenHash: string;
  userId: string;
  organisationId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  secondFactorAt: Date | null;
  pendingTotpSecret: string | null;
  endedAt: Date | null;
};

type SessionRow = {
  token_hash: string;
  user_id: string;
  organisation_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  second_factor_at: Date | null;
  pending_totp_secret_enc: string | null;
  ended_at: Date | null;
};

export async function insertSession(
  tx: Queryable,
  s: {
    tokenHash: string;
    userId: string;
    organisationId: string;
    csrfToken: string;
    createdAt: Date;
    expiresAt: Date;
    secondFactorAt: Date | null;
  },
): Promise<void> {
  // Times come from the application clock, never the database's, so timeouts use one clock.
  await tx.query(
    `insert into sessions (token_hash, user_id, organisation_id, csrf_token, created_at, last_seen_at, expires_at, second_factor_at)
     values ($1, $2, $3, $4, $5, $5, $6, $7)`,
    [
      s.tokenHash,
      s.userId,
      s.organisationId,
      s.csrfToken,
      s.createdAt.toISOString(),
      s.expiresAt.toISOString(),
      s.secondFactorAt?.toISOString() ?? null,
    ],
  );
}

export async function findSession(
  db: Queryable,
  cipher: FieldCipher,
  tokenHash: string,
): Promise<SessionRecord | null> {
  const [r] = await db.query<SessionRow>("select * from sessions where token_hash = $1", [tokenHash]);
  if (!r) return null;
  return {
    tokenHash: r.token_hash,
    userId: r.user_id,
    organisationId: r.organisation_id,
    csrfToken: r.csrf_token,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    secondFactorAt: r.second_factor_at,
    pendingTotpSecret: r.pending_totp_secret_enc ? cipher.decrypt(r.pending_totp_secret_enc) : null,
    endedAt: r.ended_at,
  };
}

export async function touchSession(db: Queryable, tokenHash: string, at: Date): Promise<void> {
  await db.query("update sessions set last_seen_at = $2 where token_hash = $1", [
    tokenHash,
    at.toISOString(),
  ]);
}

export async function endSession(db: Queryable, tokenHash: string, at: Date): Promise<void> {
  await db.query("update sessions set ended_at = $2 where token_hash = $1 and ended_at is null", [
    tokenHash,
    at.toISOString(),
  ]);
}

export async function markSecondFactor(db: Queryable, tokenHash: string, at: Date): Promise<void> {
  await db.query(
    "update sessions set second_factor_at = $2, pending_totp_secret_enc = null where token_hash = $1",
    [tokenHash, at.toISOString()],
  );
}

export async function setPendingTotp(
  db: Queryable,
  cipher: FieldCipher,
  tokenHash: string,
  secret: string,
): Promise<void> {
  await db.query("update sessions set pending_totp_secret_enc = $2 where token_hash = $1", [
    tokenHash,
    cipher.encrypt(secret),
  ]);
}

// Login throttling

export async function readThrottle(db: Queryable, key: string): Promise<ThrottleState | null> {
  const [r] = await db.query<{ failures: number; window_started_at: Date; locked_until: Date | null }>(
    "select failures, window_started_at, locked_until from login_throttle where key = $1",
    [key],
  );
  return r
    ? { failures: r.failures, windowStartedAt: r.window_started_at, lockedUntil: r.locked_until }
    : null;
}

export async function writeThrottle(db: Queryable, key: string, s: ThrottleState): Promise<void> {
  await db.query(
    `insert into login_throttle (key, failures, window_started_at, locked_until) values ($1, $2, $3, $4)
     on conflict (key) do update set failures = excluded.failures, window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`,
    [key, s.failures, s.windowStartedAt.toISOString(), s.lockedUntil?.toISOString() ?? null],
  );
}

export async function clearThrottle(db: Queryable, key: string): Promise<void> {
  await db.query("delete from login_throttle where key = $1", [key]);
}
