/**
 * @module presenter
 * The one way personal data leaves the server. Every route that returns personal data calls
 * `presentPersonalRecord` inside its transaction; it
 *   1. decides whether the viewer may open the record at all (own organisation, an access grant for
 *      the purpose, or an active break-glass) — otherwise "not found", exactly as for a missing id;
 *   2. decides every field with the sharing rules (category × source type × recipient type ×
 *      purpose × consents × conditions) and redacts what is not allowed, visibly, with the reason;
 *   3. writes the audit entry (who, what, purpose) and, when data crosses to another organisation,
 *      the disclosure log entry, in the same transaction.
 * Routes never read personal columns into a response any other way.
 */
import type { OrganisationType, Role } from "../accounts/accounts.vocabulary";
import { purposesOf } from "../accounts/permissions.rules";
import { appendAudit } from "../audit/audit.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import { activeBreakGlass, activeGrants, insertDisclosure, validConsents } from "./access.repository";
import type { SharingCondition } from "./conditions";
import type { DataCategory } from "./data-categories";
import type { Localized } from "./localized";
import type { Purpose } from "./purposes";
import { type ConsentGrant, evaluateRecord, type SharingReason } from "./sharing.rules";
import type { LegalBasis } from "./sharing-rules.schema";

/** The person reading, as the audit and the rules need them. */
export type Viewer = {
  userId: string;
  organisationId: string;
  organisationType: OrganisationType;
  roles: readonly Role[];
  requestId: string | null;
};

/** A record about a person, held by an organisation. */
export type RecordRef = {
  type: string;
  id: string;
  personId: string;
  ownerOrganisationId: string;
  ownerOrganisationType: OrganisationType;
};

export type AccessKind = "owner" | "grant" | "break_glass";

export type FieldBasis = {
  reason: SharingReason | "break_glass";
  ruleId?: string;
  legalBasis?: LegalBasis;
  consentId?: string;
  condition?: SharingCondition;
  explanation: Localized;
};

export type PresentedField<V = unknown> =
  | { category: DataCategory; visible: true; value: V; basis: FieldBasis }
  | { category: DataCategory; visible: false; value: null; hidden: Localized; basis: FieldBasis };

export type Presented<F extends Record<string, unknown>> = {
  access: AccessKind;
  purpose: Purpose;
  fields: { [K in keyof F]: PresentedField<F[K]> };
};

/** Refuses a purpose the viewer's roles may not read personal data for (before any lookup). */
export function assertPurposeAllowed(viewer: Pick<Viewer, "roles">, purpose: Purpose): void {
  if (!purposesOf(viewer.roles).includes(purpose)) {
    throw new AppError(
      "FORBIDDEN",
      "Uw rol mag persoonsgegevens niet voor dit doel inzien. / Your role may not read personal data for this purpose.",
      {
        fields: [{ field: "purpose", message: `not allowed for your role: ${purpose}` }],
      },
    );
  }
}

export type Access = { kind: AccessKind; conditions: SharingCondition[]; breakGlassId?: string };

async function resolveAccess(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  ref: RecordRef,
  purpose: Purpose,
): Promise<Access | null> {
  if (viewer.organisationId === ref.ownerOrganisationId) return { kind: "owner", conditions: [] };
  const now = deps.now();
  const grants = await activeGrants(tx, {
    personId: ref.personId,
    organisationId: viewer.organisationId,
    purpose,
    now,
  });
  if (grants.length) return { kind: "grant", conditions: [...new Set(grants.flatMap((g) => g.conditions))] };
  const glass = await activeBreakGlass(tx, { personId: ref.personId, userId: viewer.userId, purpose, now });
  if (glass) return { kind: "break_glass", conditions: [], breakGlassId: glass.id };
  return null;
}

/** Whether the viewer can open the record for the purpose (without reading it). */
export async function canOpen(
  tx: Queryable,
  deps: Deps,
  viewer: Viewer,
  ref: RecordRef,
  purpose: Purpose,
): Promise<boolean> {
  return (await resolveAccess(tx, deps, viewer, ref, purpose)) !== null;
}

const BREAK_GLASS_BASIS: FieldBasis = {
  reason: "break_glass",
  explanation: {
    nl: "Zichtbaar via doorbraak (break-glass): u gaf een reden op; de privacyfunctionaris beoordeelt deze inzage.",
    en: "Visible through break-glass: you stated a reason; the privacy officer reviews this access.",
  },
};

/**
 * Decides, redacts, audits and logs the disclosure of one record. Throws NOT_FOUND when the viewer
 * may not open it (the same answer as for a record that does not exist).
 */
export async function presentPersonalRecord<F extends Record<string, unknown>>(
  tx: Queryable,
  deps: Deps,
  args: {
    viewer: Viewer;
    ref: RecordRef;
    purpose: Purpose;
    fields: { [K in keyof F]: { category: DataCategory; value: F[K] } };
    /** "read" for an ordinary read; "explain" for "why can I see this?" (values are then not returned). */
    mode?: "read" | "explain";
  },
): Promise<Presented<F>> {
  const { viewer, ref, purpose } = args;
  assertPurposeAllowed(viewer, purpose);
  const access = await resolveAccess(tx, deps, viewer, ref, purpose);
  if (!access) throw notFound();
  const consents = access.kind === "grant" ? await validConsents(tx, ref.personId) : [];
  return presentWithAccess(tx, deps, { ...args, access, consents, personIds: [ref.personId] });
}

/**
 * The second half of the presenter, for records whose access the caller has established by the
 * record's own rules (a signal: its reporter, the signal desk, a team it was routed to). Decides
 * every field, redacts, audits, and logs the disclosure against each person the record is about.
 */
export async function presentWithAccess<F extends Record<string, unknown>>(
  tx: Queryable,
  deps: Deps,
  args: {
    viewer: Viewer;
    ref: Omit<RecordRef, "personId"> & { personId?: string };
    purpose: Purpose;
    fields: { [K in keyof F]: { category: DataCategory; value: F[K] } };
    mode?: "read" | "explain";
    access: Access;
    consents: ConsentGrant[];
    /** The persons the record is about: a disclosure is logged for each. */
    personIds: string[];
  },
): Promise<Presented<F>> {
  const { viewer, ref, purpose, access, consents } = args;
  assertPurposeAllowed(viewer, purpose);
  const categories = Object.fromEntries(
    Object.entries(args.fields).map(([k, f]) => [k, (f as { category: DataCategory }).category]),
  );
  const decisions = evaluateRecord({
    ruleSet: deps.sharingRules,
    fields: categories,
    sourceType: ref.ownerOrganisationType,
    recipientType: viewer.organisationType,
    recipientOrganisationId: viewer.organisationId,
    purpose,
    sameOrganisation: access.kind === "owner",
    consents,
    conditions: access.conditions,
  });
  const out = {} as Presented<F>["fields"];
  const shown: string[] = [];
  const ruleIds = new Set<string>();
  const consentIds = new Set<string>();
  const shownCategories = new Set<DataCategory>();
  for (const [key, spec] of Object.entries(args.fields) as [
    keyof F & string,
    { category: DataCategory; value: unknown },
  ][]) {
    const d = decisions[key]!;
    const decision = d.decision;
    const basis: FieldBasis = { reason: decision.reason, explanation: decision.explanation };
    if ("ruleId" in decision) basis.ruleId = decision.ruleId;
    if ("legalBasis" in decision && decision.legalBasis) basis.legalBasis = decision.legalBasis;
    if ("consentId" in decision && decision.consentId) basis.consentId = decision.consentId;
    if ("condition" in decision && decision.condition) basis.condition = decision.condition;
    const visible = access.kind === "break_glass" || d.visible;
    if (visible) {
      const fieldBasis = access.kind === "break_glass" && !d.visible ? BREAK_GLASS_BASIS : basis;
      out[key] = {
        category: spec.category,
        visible: true,
        value: (args.mode === "explain" ? null : spec.value) as F[typeof key],
        basis: fieldBasis,
      };
      if (spec.category !== "non_personal" && spec.value !== null && spec.value !== undefined) {
        shown.push(key);
        shownCategories.add(spec.category);
        if (basis.ruleId && d.visible) ruleIds.add(basis.ruleId);
        if (basis.consentId) consentIds.add(basis.consentId);
      }
    } else {
      out[key] = { category: spec.category, visible: false, value: null, hidden: d.redactionLabel!, basis };
    }
  }
  const now = deps.now();
  await appendAudit(tx, {
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    requestId: viewer.requestId,
    action: args.mode === "explain" ? `${ref.type}.explained` : `${ref.type}.read`,
    objectType: ref.type,
    objectId: ref.id,
    purpose,
    details: {
      personId: ref.personId ?? null,
      personIds: args.personIds,
      access: access.kind,
      breakGlass: access.kind === "break_glass",
      fieldsShown: shown,
      fieldsHidden: Object.keys(out).filter((k) => !out[k as keyof F].visible),
      ruleIds: [...ruleIds],
      consentIds: [...consentIds],
      conditions: access.conditions,
    },
  });
  if (args.mode !== "explain" && access.kind !== "owner" && shown.length > 0) {
    for (const personId of args.personIds)
      await insertDisclosure(tx, {
        personId,
        fromOrganisationId: ref.ownerOrganisationId,
        toOrganisationId: viewer.organisationId,
        toUserId: viewer.userId,
        purpose,
        categories: [...shownCategories],
        fields: shown,
        ruleIds: [...ruleIds],
        consentIds: [...consentIds],
        recordType: ref.type,
        recordId: ref.id,
        breakGlass: access.kind === "break_glass",
        requestId: viewer.requestId,
        at: now,
      });
  }
  return { access: access.kind, purpose, fields: out };
}
