/**
 * @module person.service
 * Use cases on persons (data subjects): record, read for a purpose, explain, share with another
 * organisation, consents, break-glass. Every read goes through the sharing presenter; every write is
 * audited in its own transaction.
 */
import type { SessionView } from "../accounts/accounts.service";
import { appendAudit } from "../audit/audit.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import {
  type BreakGlassRecord,
  insertBreakGlass,
  listBreakGlass,
  reviewBreakGlass,
} from "../sharing/break-glass.repository";
import {
  type ConsentRecord,
  insertConsent,
  listConsents,
  withdrawConsent,
} from "../sharing/consent.repository";
import { assertPurposeAllowed, presentPersonalRecord, type Viewer } from "../sharing/presenter";
import type { Purpose } from "../sharing/purposes";
import {
  findPerson,
  insertGrant,
  insertPerson,
  listGrants,
  listVisiblePersons,
  nameIndexOf,
  type PersonRow,
  personFieldSpecs,
  personValues,
  revokeGrant,
} from "./person.repository";
import type { CreatePerson } from "./person.schema";

export const BREAK_GLASS_MINUTES = 30;

export function viewerOf(view: SessionView, requestId: string | null): Viewer {
  return {
    userId: view.user.id,
    organisationId: view.organisation.id,
    organisationType: view.organisation.type,
    roles: view.user.roles,
    requestId,
  };
}

const audit = (
  tx: Queryable,
  viewer: Viewer,
  action: string,
  objectType: string,
  objectId: string,
  purpose: string,
  details: Record<string, unknown>,
) =>
  appendAudit(tx, {
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    requestId: viewer.requestId,
    action,
    objectType,
    objectId,
    purpose,
    details,
  });

export async function recordPerson(deps: Deps, viewer: Viewer, input: CreatePerson): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const id = await insertPerson(tx, deps.cipher, {
      ...input,
      organisationId: viewer.organisationId,
      createdBy: viewer.userId,
      at: deps.now(),
    });
    await audit(tx, viewer, "person.created", "person", id, "own_administration", {
      personId: id,
      fields: Object.keys(input),
    });
    return id;
  });
}

function refOf(row: PersonRow) {
  return {
    type: "person",
    id: row.id,
    personId: row.id,
    ownerOrganisationId: row.organisation_id,
    ownerOrganisationType: row.organisation_type,
  };
}

/** Reads one person for a purpose, redacted by the sharing rules (or explains each field's decision). */
export async function readPerson(
  deps: Deps,
  viewer: Viewer,
  id: string,
  purpose: Purpose,
  mode: "read" | "explain" = "read",
) {
  assertPurposeAllowed(viewer, purpose);
  return deps.db.transaction(async (tx) => {
    const row = await findPerson(tx, id);
    if (!row) throw notFound();
    const presented = await presentPersonalRecord(tx, deps, {
      viewer,
      ref: refOf(row),
      purpose,
      fields: personFieldSpecs(personValues(deps.cipher, row)),
      mode,
    });
    return {
      id: row.id,
      pseudonym: row.pseudonym,
      holder: { id: row.organisation_id, name: row.organisation_name, type: row.organisation_type },
      status: row.status,
      anonymised: row.anonymised_at !== null,
      ...presented,
    };
  });
}

export async function listPersons(deps: Deps, viewer: Viewer, purpose: Purpose, name?: string) {
  assertPurposeAllowed(viewer, purpose);
  return deps.db.transaction(async (tx) => {
    // A name is searched through its keyed hash: exact match after normalisation, never plaintext.
    const nameIndex = name ? nameIndexOf(deps.cipher, name) : undefined;
    const rows = await listVisiblePersons(tx, {
      organisationId: viewer.organisationId,
      userId: viewer.userId,
      purpose,
      now: deps.now(),
      limit: 500,
      nameIndex,
    });
    await audit(tx, viewer, "person.list_read", "person", "*", purpose, {
      count: rows.length,
      searchedByName: nameIndex !== undefined,
    });
    return rows;
  });
}

/** The person, when the viewer's organisation holds it; otherwise the same "not found" as a missing id. */
async function ownedPerson(tx: Queryable, viewer: Viewer, id: string): Promise<PersonRow> {
  const row = await findPerson(tx, id);
  if (!row || row.organisation_id !== viewer.organisationId) throw notFound();
  return row;
}

/**
 * Consent is recorded by whoever talks with the person: the organisation holding the record, or one
 * holding an open case about them (a coordinator whose case came from another organisation's signal).
 */
async function consentKeeper(tx: Queryable, viewer: Viewer, id: string): Promise<PersonRow> {
  const row = await findPerson(tx, id);
  if (!row) throw notFound();
  if (row.organisation_id === viewer.organisationId) return row;
  const [kase] = await tx.query(
    "select 1 from cases where person_id = $1 and organisation_id = $2 and status = 'open'",
    [id, viewer.organisationId],
  );
  if (!kase) throw notFound();
  return row;
}

export async function sharePerson(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { organisationId: string; purpose: Purpose; conditions: string[]; reason: string },
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    await ownedPerson(tx, viewer, id);
    const [target] = await tx.query<{ id: string }>("select id from organisations where id = $1", [
      input.organisationId,
    ]);
    if (!target)
      throw new AppError("VALIDATION_FAILED", "Onbekende organisatie. / Unknown organisation.", {
        fields: [{ field: "organisationId", message: "unknown organisation" }],
      });
    if (input.organisationId === viewer.organisationId) {
      throw new AppError(
        "VALIDATION_FAILED",
        "Uw eigen organisatie heeft al toegang. / Your own organisation already has access.",
        { fields: [{ field: "organisationId", message: "own organisation" }] },
      );
    }
    const grantId = await insertGrant(tx, {
      personId: id,
      organisationId: input.organisationId,
      purpose: input.purpose,
      conditions: input.conditions,
      via: "manual",
      grantedBy: viewer.userId,
      at: deps.now(),
    });
    // Conditions are assertions by a person: the audit records who asserted them and why.
    await audit(tx, viewer, "person.shared", "person", id, input.purpose, {
      personId: id,
      grantId,
      recipientOrganisationId: input.organisationId,
      conditionsAsserted: input.conditions,
      reasonLength: input.reason.length,
    });
    return grantId;
  });
}

export async function grantsOf(deps: Deps, viewer: Viewer, id: string) {
  return deps.db.transaction(async (tx) => {
    await ownedPerson(tx, viewer, id);
    return listGrants(tx, id);
  });
}

export async function unsharePerson(deps: Deps, viewer: Viewer, id: string, grantId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await ownedPerson(tx, viewer, id);
    if (!(await revokeGrant(tx, { personId: id, grantId, at: deps.now() }))) throw notFound();
    await audit(tx, viewer, "person.share_revoked", "person", id, "own_administration", {
      personId: id,
      grantId,
    });
  });
}

export async function consentsOf(deps: Deps, viewer: Viewer, id: string): Promise<ConsentRecord[]> {
  return deps.db.transaction(async (tx) => {
    await consentKeeper(tx, viewer, id);
    const list = await listConsents(tx, id);
    await audit(tx, viewer, "consent.list_read", "person", id, "own_administration", {
      personId: id,
      count: list.length,
    });
    return list;
  });
}

export async function recordConsent(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: Omit<Parameters<typeof insertConsent>[2], "personId" | "organisationId" | "recordedBy" | "at">,
): Promise<ConsentRecord> {
  if (input.grantedAt.getTime() > deps.now().getTime() + 5 * 60_000) {
    throw new AppError(
      "VALIDATION_FAILED",
      "De datum van toestemming ligt in de toekomst. / The consent date lies in the future.",
      { fields: [{ field: "grantedAt", message: "in the future" }] },
    );
  }
  return deps.db.transaction(async (tx) => {
    await consentKeeper(tx, viewer, id);
    if (input.recipientOrganisationId) {
      const [org] = await tx.query("select 1 from organisations where id = $1", [
        input.recipientOrganisationId,
      ]);
      if (!org)
        throw new AppError("VALIDATION_FAILED", "Onbekende ontvanger. / Unknown recipient.", {
          fields: [{ field: "recipientOrganisationId", message: "unknown organisation" }],
        });
    }
    const consent = await insertConsent(tx, deps.cipher, {
      ...input,
      personId: id,
      organisationId: viewer.organisationId,
      recordedBy: viewer.userId,
      at: deps.now(),
    });
    await audit(tx, viewer, "consent.recorded", "consent", consent.id, input.purpose, {
      personId: id,
      recipientOrganisationId: input.recipientOrganisationId,
      recipientType: input.recipientType,
      evidence: input.evidence.kind,
    });
    return consent;
  });
}

export async function withdraw(
  deps: Deps,
  viewer: Viewer,
  id: string,
  consentId: string,
): Promise<ConsentRecord> {
  return deps.db.transaction(async (tx) => {
    await consentKeeper(tx, viewer, id);
    const consent = await withdrawConsent(tx, { personId: id, consentId, by: viewer.userId, at: deps.now() });
    if (!consent)
      throw notFound(
        "Deze toestemming bestaat niet of is al ingetrokken. / This consent does not exist or was already withdrawn.",
      );
    await audit(tx, viewer, "consent.withdrawn", "consent", consentId, consent.purpose, { personId: id });
    return consent;
  });
}

/** Opens a record the rules do not allow, for a short time, flagged for review. */
export async function breakGlass(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { purpose: Purpose; reason: string },
) {
  assertPurposeAllowed(viewer, input.purpose);
  return deps.db.transaction(async (tx) => {
    const row = await findPerson(tx, id);
    if (!row) throw notFound();
    if (row.organisation_id === viewer.organisationId) {
      throw new AppError(
        "CONFLICT",
        "Uw organisatie heeft dit dossier zelf; doorbreken is niet nodig. / Your organisation holds this record; break-glass is not needed.",
      );
    }
    const granted = await insertBreakGlass(tx, deps.cipher, {
      personId: id,
      userId: viewer.userId,
      organisationId: viewer.organisationId,
      purpose: input.purpose,
      reason: input.reason,
      at: deps.now(),
      minutes: BREAK_GLASS_MINUTES,
    });
    await audit(tx, viewer, "person.break_glass", "person", id, input.purpose, {
      personId: id,
      breakGlass: true,
      breakGlassId: granted.id,
      expiresAt: granted.expiresAt.toISOString(),
    });
    return granted;
  });
}

export async function breakGlassQueue(
  deps: Deps,
  viewer: Viewer,
  status: BreakGlassRecord["reviewStatus"] | "all",
) {
  return deps.db.transaction(async (tx) => {
    const list = await listBreakGlass(tx, deps.cipher, status);
    await audit(tx, viewer, "break_glass.queue_read", "break_glass_access", "*", "privacy_supervision", {
      count: list.length,
      status,
    });
    return list;
  });
}

export async function decideBreakGlass(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { justified: boolean; note: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    if (!(await reviewBreakGlass(tx, deps.cipher, { id, ...input, by: viewer.userId, at: deps.now() }))) {
      throw notFound(
        "Deze doorbraak bestaat niet of is al beoordeeld. / This break-glass access does not exist or was already reviewed.",
      );
    }
    await audit(tx, viewer, "break_glass.reviewed", "break_glass_access", id, "privacy_supervision", {
      justified: input.justified,
    });
  });
}
