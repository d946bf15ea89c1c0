/**
 * @module registration.service
 * Registration with the national registry (CoMensha) from a case: the pure decision (own legal
 * basis, consent, or statistical only) decides what goes; a statistical registration is built by the
 * server and holds no identifying field at all; a registration by name lets CoMensha open the person
 * for the purpose registration, field by field per the sharing rules.
 */
import { appendAudit } from "../audit/audit.repository";
import type { Sector, TraffickingStatus } from "../care/care.vocabulary";
import { findPerson, insertGrant, personFieldSpecs, personValues } from "../persons/person.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import { validConsents } from "../sharing/access.repository";
import { presentPersonalRecord, type Viewer } from "../sharing/presenter";
import { findSignal, signalPersonIds } from "../signals/signal.repository";
import { signalAccess } from "../signals/signal.service";
import type { ExploitationForm } from "../signals/signal.vocabulary";
import { amsterdamDateOf } from "../signals/working-days.rules";
import {
  buildStatisticalRegistration,
  decideRegistration,
  type StatisticalRegistration,
} from "./registration.rules";
import type { RegistrationMode } from "./registry.vocabulary";
import { buildExportRows, toCsv, toJson } from "./registry-export.rules";
import { insertRegistrationTokens } from "./registry-merge.repository";

type Gender = "female" | "male" | "other" | "unknown";

function ageFrom(birthDate: string | null, on: Date): number | null {
  if (!birthDate) return null;
  const b = new Date(`${birthDate}T00:00:00Z`);
  let age = on.getUTCFullYear() - b.getUTCFullYear();
  if (
    on.getUTCMonth() < b.getUTCMonth() ||
    (on.getUTCMonth() === b.getUTCMonth() && on.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age;
}

/** What a registration is made from: a case the viewer holds, or a possible victim in a signal it may open. */
export type RegistrationSource =
  | { caseId: string; safetyAtStake: boolean }
  | { signalId: string; personId: string; safetyAtStake: boolean };

type SourceFacts = {
  caseId: string | null;
  signalId: string | null;
  personId: string;
  forms: ExploitationForm[];
  sectors: Sector[];
  trafficking_status: TraffickingStatus;
  found_municipality_code: string | null;
};

const alreadyRegistered = () =>
  new AppError("CONFLICT", "Deze persoon is al geregistreerd. / This person has already been registered.");

/**
 * The facts a registration is built from, after checking the viewer may register from this source
 * and that the person was not registered before (from a case or from a signal).
 */
async function sourceFacts(tx: Queryable, viewer: Viewer, input: RegistrationSource): Promise<SourceFacts> {
  let facts: SourceFacts;
  if ("caseId" in input) {
    const [kase] = await tx.query<{
      id: string;
      person_id: string;
      organisation_id: string;
      forms: ExploitationForm[];
      sectors: Sector[];
      trafficking_status: TraffickingStatus;
      found_municipality_code: string | null;
    }>(
      "select id, person_id, organisation_id, forms, sectors, trafficking_status, found_municipality_code from cases where id = $1",
      [input.caseId],
    );
    if (!kase || kase.organisation_id !== viewer.organisationId) throw notFound();
    facts = { ...kase, caseId: kase.id, signalId: null, personId: kase.person_id };
  } else {
    const signal = await findSignal(tx, input.signalId);
    // Only the reporting organisation: it holds the person record and decides on its own basis or
    // consent. A team the signal was routed to registers from its own records (a case).
    const access = signal && signal.status !== "draft" ? await signalAccess(tx, viewer, signal) : null;
    if (!signal || access?.kind !== "owner") throw notFound();
    const person = (await signalPersonIds(tx, signal.id)).includes(input.personId)
      ? await findPerson(tx, input.personId)
      : null;
    if (person?.role !== "possible_victim")
      throw new AppError(
        "VALIDATION_FAILED",
        "Deze persoon is geen mogelijk slachtoffer in deze melding. / This person is not a possible victim in this signal.",
        { fields: [{ field: "personId", message: "not a possible victim in this signal" }] },
      );
    facts = {
      caseId: null,
      signalId: signal.id,
      personId: person.id,
      forms: signal.forms as ExploitationForm[],
      sectors: [],
      trafficking_status: "possible",
      found_municipality_code: signal.municipality_code,
    };
  }
  // One registration per person record, whichever way it came.
  const [already] = await tx.query(
    `select 1 from registrations r left join cases c on c.id = r.case_id
     where c.person_id = $1 or r.signal_person_id = $1 limit 1`,
    [facts.personId],
  );
  if (already) throw alreadyRegistered();
  return facts;
}

export async function submitRegistration(deps: Deps, viewer: Viewer, input: RegistrationSource) {
  return deps.db.transaction(async (tx) => {
    const kase = await sourceFacts(tx, viewer, input);
    const consents = (await validConsents(tx, kase.personId)).filter(
      (c) => c.recipientType === "comensha" || c.recipientOrganisationId !== undefined,
    );
    const comenshaOrgs = (
      await tx.query<{ id: string }>("select id from organisations where type = 'comensha'")
    ).map((o) => o.id);
    const namesComensha = (c: (typeof consents)[number]) =>
      c.recipientType === "comensha" ||
      (c.recipientOrganisationId !== undefined && comenshaOrgs.includes(c.recipientOrganisationId));
    const registrationConsents = consents.filter((c) => c.purpose === "registration" && namesComensha(c));
    const decision = decideRegistration({
      organisationType: viewer.organisationType,
      consent: {
        registration: registrationConsents.length > 0,
        care: consents.some((c) => c.purpose === "care" && namesComensha(c)),
      },
      safetyAtStake: input.safetyAtStake,
    });
    const person = (await findPerson(tx, kase.personId))!;
    const values = personValues(deps.cipher, person);
    const now = deps.now();
    const policeUnits = new Map(
      (
        await tx.query<{ code: string; police_unit_id: string }>(
          "select code, police_unit_id from municipalities",
        )
      ).map((m) => [m.code, m.police_unit_id]),
    );
    const gender = values.gender === "x" ? "other" : ((values.gender as Gender | null) ?? "unknown");
    const statistical = buildStatisticalRegistration(
      {
        registeredOn: now.toISOString().slice(0, 10),
        forms: kase.forms,
        sectors: kase.sectors,
        gender,
        age: ageFrom(values.birthDate as string | null, now),
        nationality: (values.nationality as string | null) ?? "unknown",
        reportingOrganisationType: viewer.organisationType,
        foundMunicipality: kase.found_municipality_code,
        traffickingStatus: kase.trafficking_status,
      },
      { policeUnitOf: policeUnits },
    );
    const byName = decision.mode === "by_name";
    const [row] = await tx.query<{ id: string }>(
      `insert into registrations (case_id, signal_id, signal_person_id, person_id, mode, basis, registering_organisation_id, statistical, sharing_rule_ids, consent_ids, policy_version, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
      [
        kase.caseId,
        kase.signalId,
        kase.signalId ? kase.personId : null,
        byName ? kase.personId : null,
        decision.mode,
        decision.basis,
        viewer.organisationId,
        JSON.stringify(statistical),
        decision.sharingRuleIds,
        registrationConsents.map((c) => c.id).filter(Boolean),
        decision.policyVersion,
        viewer.userId,
        now.toISOString(),
      ],
    );
    // Blind-index tokens for duplicate suggestions: only a registration by name may be linked to a
    // person; statistical and shelter-minimum registrations must stay non-identifying.
    const tokens = byName
      ? await insertRegistrationTokens(tx, deps.cipher, {
          registrationId: row!.id,
          person: {
            name: (values.name as string | null) ?? null,
            alias: (values.alias as string | null) ?? null,
            birthDate: (values.birthDate as string | null) ?? null,
            phone: (values.phone as string | null) ?? null,
          },
        })
      : {};
    if (byName) {
      for (const org of comenshaOrgs)
        await insertGrant(tx, {
          personId: kase.personId,
          organisationId: org,
          purpose: "registration",
          conditions: [],
          via: "registration",
          grantedBy: viewer.userId,
          at: now,
        });
    }
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "registration.submitted",
      objectType: "registration",
      objectId: row!.id,
      purpose: "registration",
      details: {
        caseId: kase.caseId,
        signalId: kase.signalId,
        mode: decision.mode,
        basis: decision.basis,
        ruleIds: decision.sharingRuleIds,
        safetyAtStakeAsserted: input.safetyAtStake,
        policyVersion: decision.policyVersion,
        blindIndexTokens: tokens,
      },
    });
    return {
      id: row!.id,
      mode: decision.mode,
      basis: decision.basis,
      sharingRuleIds: decision.sharingRuleIds,
    };
  });
}

type RegistrationRow = {
  id: string;
  mode: string;
  basis: string;
  person_id: string | null;
  statistical: Record<string, unknown>;
  registering_type: string;
  created_at: Date;
  status: string;
  merged_into: string | null;
};

/** The registry officer's incoming registrations: the statistical record of each, and whether it is by name. */
export async function listRegistrations(deps: Deps, viewer: Viewer) {
  if (viewer.organisationType !== "comensha")
    throw new AppError(
      "FORBIDDEN",
      "Alleen het landelijk registratiepunt ziet registraties. / Only the national registry sees registrations.",
    );
  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<RegistrationRow>(
      `select r.id, r.mode, r.basis, r.person_id, r.statistical, o.type as registering_type, r.created_at, r.status, r.merged_into
       from registrations r join organisations o on o.id = r.registering_organisation_id order by r.created_at desc limit 1000`,
    );
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "registration.list_read",
      objectType: "registration",
      objectId: "*",
      purpose: "registration",
      details: { count: rows.length },
    });
    return rows.map((r) => ({
      id: r.id,
      mode: r.mode,
      basis: r.basis,
      byName: r.person_id !== null,
      statistical: r.statistical,
      registeringOrganisationType: r.registering_type,
      status: r.status,
      mergedInto: r.merged_into,
      createdAt: r.created_at.toISOString(),
    }));
  });
}

/** One registration; for a registration by name, the person as the rules allow for registration. */
export async function readRegistration(deps: Deps, viewer: Viewer, id: string) {
  if (viewer.organisationType !== "comensha" || !/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  return deps.db.transaction(async (tx) => {
    const [r] = await tx.query<RegistrationRow>(
      `select r.id, r.mode, r.basis, r.person_id, r.statistical, o.type as registering_type, r.created_at, r.status, r.merged_into
       from registrations r join organisations o on o.id = r.registering_organisation_id where r.id = $1`,
      [id],
    );
    if (!r) throw notFound();
    let person = null;
    if (r.person_id) {
      const p = (await findPerson(tx, r.person_id))!;
      person = {
        pseudonym: p.pseudonym,
        ...(await presentPersonalRecord(tx, deps, {
          viewer,
          ref: {
            type: "person",
            id: p.id,
            personId: p.id,
            ownerOrganisationId: p.organisation_id,
            ownerOrganisationType: p.organisation_type,
          },
          purpose: "registration",
          fields: personFieldSpecs(personValues(deps.cipher, p)),
        })),
      };
    }
    return {
      id: r.id,
      mode: r.mode,
      basis: r.basis,
      statistical: r.statistical,
      registeringOrganisationType: r.registering_type,
      status: r.status,
      mergedInto: r.merged_into,
      createdAt: r.created_at.toISOString(),
      person,
    };
  });
}

/**
 * The registry in the documented export format (registry-export.rules): statistical facts only,
 * with per-export pseudonyms keyed by the blind-index key, never the internal ids.
 */
export async function exportRegistry(
  deps: Deps,
  viewer: Viewer,
  period: { from: string; to: string },
  format: "csv" | "json",
) {
  if (viewer.organisationType !== "comensha")
    throw new AppError(
      "FORBIDDEN",
      "Alleen het landelijk registratiepunt exporteert. / Only the national registry exports.",
    );
  return deps.db.transaction(async (tx) => {
    const rows = await tx.query<{
      id: string;
      mode: RegistrationMode;
      merged_into: string | null;
      statistical: StatisticalRegistration;
      created_at: Date;
    }>("select id, mode, merged_into, statistical, created_at from registrations order by created_at");
    const records = rows.map((r) => ({
      id: r.id,
      registeredOn: amsterdamDateOf(r.created_at),
      mode: r.mode,
      mergedInto: r.merged_into,
      statistical: r.statistical,
    }));
    const exportRows = buildExportRows({
      records,
      period,
      pseudonymise: (id) =>
        deps.cipher.blindIndex(`${period.from}/${period.to}/${id}`, "registry.export").slice(0, 16),
    });
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "registry.exported",
      objectType: "registration",
      objectId: "*",
      purpose: "registration",
      details: { ...period, rows: exportRows.length, format },
    });
    return format === "csv"
      ? toCsv(exportRows)
      : toJson({ rows: exportRows, period, generatedAt: deps.now().toISOString() });
  });
}
