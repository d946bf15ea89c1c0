/**
 * @module api-keys.service
 * API keys for partner systems (police, labour inspectorate, a bank's monitoring team, a telecom
 * provider): one or more per organisation, created and revoked by an administrator and audited.
 * The key is shown once, at creation; Samen keeps only its SHA-256 and a short prefix.
 *
 * A submission made with a key is recorded with the key's accountable user (its creator) as the
 * acting user, the key's organisation as the acting organisation, and the key id in the audit
 * details; the key acts with the rights of a signaller and nothing more.
 */
import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/audit.repository";
import type { Actor, Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import { findOrganisation, findUser } from "./accounts.repository";
import { hashToken } from "./accounts.service";
import type { OrganisationType } from "./accounts.vocabulary";
import {
  type ApiKeyRow,
  findActiveApiKeyForUse,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-keys.repository";

/** Keys look like `samen_pk_<43 base64url characters>` (256 random bits). */
const KEY_PREFIX = "samen_pk_";
const PREFIX_LENGTH = KEY_PREFIX.length + 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ApiKeyInfo = {
  id: string;
  organisationId: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

const present = (k: ApiKeyRow): ApiKeyInfo => ({
  id: k.id,
  organisationId: k.organisation_id,
  name: k.name,
  prefix: k.prefix,
  createdBy: k.created_by,
  createdAt: k.created_at.toISOString(),
  revokedAt: k.revoked_at?.toISOString() ?? null,
  lastUsedAt: k.last_used_at?.toISOString() ?? null,
});

/** The stored hash of a key (SHA-256: the key has 256 bits of entropy, so no slow hash is needed). */
export const apiKeyHash = (key: string) => hashToken(key);

/**
 * Creates a key for an organisation. `createdBy` is the accountable user recorded as the acting
 * user of the key's submissions (the administrator in the API; named explicitly on the CLI).
 */
export async function createApiKey(
  deps: Deps,
  actor: Actor,
  input: { organisationId: string; name: string; createdBy: string },
): Promise<ApiKeyInfo & { key: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  if (!UUID.test(input.organisationId)) throw notFound();
  return deps.db.transaction(async (tx) => {
    if (!(await findOrganisation(tx, input.organisationId))) throw notFound();
    const user = UUID.test(input.createdBy) ? await findUser(tx, deps.cipher, input.createdBy) : null;
    if (!user || user.disabledAt)
      throw new AppError("VALIDATION_FAILED", "Onbekende gebruiker. / Unknown user.", {
        fields: [{ field: "createdBy", message: "unknown or disabled user" }],
      });
    const row = await insertApiKey(tx, {
      organisationId: input.organisationId,
      name: input.name,
      keyHash: apiKeyHash(key),
      prefix: key.slice(0, PREFIX_LENGTH),
      createdBy: input.createdBy,
      at: deps.now(),
    });
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      requestId: actor.requestId,
      action: "api_key.created",
      objectType: "api_key",
      objectId: row.id,
      purpose: "administration",
      details: { organisationId: input.organisationId, prefix: row.prefix, createdBy: input.createdBy },
    });
    return { ...present(row), key };
  });
}

export async function listOrganisationApiKeys(deps: Deps, organisationId: string): Promise<ApiKeyInfo[]> {
  if (!(await findOrganisation(deps.db, organisationId))) throw notFound();
  return (await listApiKeys(deps.db, organisationId)).map(present);
}

export async function revokeOrganisationApiKey(
  deps: Deps,
  actor: Actor,
  q: { organisationId: string; keyId: string },
): Promise<void> {
  if (!UUID.test(q.keyId)) throw notFound();
  await deps.db.transaction(async (tx) => {
    if (!(await revokeApiKey(tx, { id: q.keyId, organisationId: q.organisationId, at: deps.now() })))
      throw notFound();
    await appendAudit(tx, {
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      requestId: actor.requestId,
      action: "api_key.revoked",
      objectType: "api_key",
      objectId: q.keyId,
      purpose: "administration",
      details: { organisationId: q.organisationId },
    });
  });
}

/** Who calls with a valid key: the key and the viewer its submissions act as. */
export type PartnerPrincipal = { apiKeyId: string; viewer: Viewer };

/** The principal for a presented key, or null when it is unknown, revoked, or its organisation is gone. */
export async function authenticateApiKey(
  deps: Deps,
  { key, requestId }: { key: string; requestId: string | null },
): Promise<PartnerPrincipal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const row = await findActiveApiKeyForUse(deps.db, apiKeyHash(key), deps.now());
  if (!row) return null;
  return {
    apiKeyId: row.id,
    viewer: {
      userId: row.created_by,
      organisationId: row.organisation_id,
      organisationType: row.organisation_type as OrganisationType,
      roles: ["signaller"],
      requestId,
    },
  };
}
