/**
 * @module quick-response.service
 * Acute danger does not wait for triage. A signal with urgency `immediate` alerts the quick-response
 * team of its region (the police unit of its municipality) the moment it is submitted: a routing on
 * the criminal track that the platform makes itself, with the criminal track's legal basis and the
 * team's 4-hour clock. The desk still triages the signal and adds the other tracks. Where no team is
 * configured for the region, or the municipality is unknown, the desk gets an action to alert a team
 * by hand on the same clock; routing the signal on the criminal track completes that action.
 *
 * Which team is on call per region is reference data kept by the administrator.
 */
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import { can } from "../accounts/permissions.rules";
import { appendAudit } from "../audit/audit.repository";
import { insertGrant } from "../persons/person.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import { appendEvent, insertAction, insertRouting } from "./signal.repository";
import { TRACK_LEGAL_BASIS, TRACK_PURPOSE } from "./track-basis";
import { deadlineFor } from "./working-days.rules";

/** Organisations that can run a quick-response team: the criminal track's recipients. */
export const QUICK_RESPONSE_ORGANISATION_TYPES: readonly OrganisationType[] = [
  "police",
  "kmar",
  "labour_inspectorate",
];

const ALERT_REASON =
  "Automatische alarmering: de melder meldt acuut gevaar. Het snelle-reactieteam van de regio handelt eerst; het meldpunt beoordeelt de melding daarna verder. / Automatic alert: the reporter reports acute danger. The region's quick-response team acts first; the signal desk triages the signal afterwards.";

export type QuickResponseOutcome =
  | { alerted: true; routingId: string; organisationId: string; dueAt: Date }
  | { alerted: false; reason: "no_municipality" | "no_team"; dueAt: Date };

/**
 * Raises the alert for a just-submitted signal, inside the submitting transaction (so a signal is
 * never acknowledged without its alert). Only for urgency `immediate`; callers check that.
 */
export async function alertQuickResponse(
  tx: Queryable,
  deps: Deps,
  signal: {
    id: string;
    municipalityCode: string | null;
    personIds: readonly string[];
    at: Date;
    requestId: string | null;
    /**
     * False for anonymous reports: an audit entry carries the exact time, which the anonymous intake
     * deliberately rounds to the hour. The routing and the signal's history still record the alert.
     */
    audited: boolean;
  },
): Promise<QuickResponseOutcome> {
  const audit = (input: Parameters<typeof appendAudit>[1]) =>
    signal.audited ? appendAudit(tx, input) : Promise.resolve();
  const dueAt = deadlineFor({ receivedAt: signal.at, urgency: "immediate" }).dueAt;
  const [team] = signal.municipalityCode
    ? await tx.query<{ organisation_id: string; police_unit_id: string }>(
        `select q.organisation_id, q.police_unit_id from municipalities m
         join quick_response_teams q on q.police_unit_id = m.police_unit_id where m.code = $1`,
        [signal.municipalityCode],
      )
    : [];
  if (!team) {
    const reason = signal.municipalityCode ? "no_team" : "no_municipality";
    await insertAction(tx, { signalId: signal.id, personId: null, kind: "alert_quick_response", dueAt });
    await audit({
      actorUserId: null,
      actorOrganisationId: null,
      requestId: signal.requestId,
      action: "signal.quick_response_unassigned",
      objectType: "signal",
      objectId: signal.id,
      purpose: "investigation",
      details: { reason, dueAt: dueAt.toISOString() },
    });
    return { alerted: false, reason, dueAt };
  }
  const legalBasis = TRACK_LEGAL_BASIS.criminal;
  const routingId = await insertRouting(tx, deps.cipher, {
    signalId: signal.id,
    track: "criminal",
    organisationId: team.organisation_id,
    legalBasis,
    reason: ALERT_REASON,
    by: null,
    at: signal.at,
    quickResponse: { dueAt },
  });
  for (const personId of signal.personIds)
    await insertGrant(tx, {
      personId,
      organisationId: team.organisation_id,
      purpose: TRACK_PURPOSE.criminal,
      conditions: [],
      via: "quick_response_alert",
      grantedBy: null,
      at: signal.at,
    });
  await appendEvent(tx, deps.cipher, {
    signalId: signal.id,
    kind: "routing",
    text: ALERT_REASON,
    legalBasis,
    actorUserId: null,
    actorOrganisationId: null,
    at: signal.at,
  });
  await audit({
    actorUserId: null,
    actorOrganisationId: null,
    requestId: signal.requestId,
    action: "signal.quick_response_alerted",
    objectType: "signal",
    objectId: signal.id,
    purpose: TRACK_PURPOSE.criminal,
    details: {
      routingId,
      teamOrganisationId: team.organisation_id,
      policeUnitId: team.police_unit_id,
      legalBasis,
      dueAt: dueAt.toISOString(),
    },
  });
  return { alerted: true, routingId, organisationId: team.organisation_id, dueAt };
}

/** The desk routed the signal on the criminal track: a pending "alert by hand" action is done. */
export async function completeManualAlert(
  tx: Queryable,
  signalId: string,
  by: string,
  at: Date,
): Promise<void> {
  await tx.query(
    "update signal_actions set done_at = $3, done_by = $2 where signal_id = $1 and kind = 'alert_quick_response' and done_at is null",
    [signalId, by, at.toISOString()],
  );
}

export type QuickResponseTeam = {
  policeUnitId: string;
  policeUnitName: string;
  team: { organisationId: string; organisationName: string; teamName: string; updatedAt: string } | null;
};

/** Every region (police unit) with its team on call, or none. Configuration, no personal data. */
export async function listQuickResponseTeams(deps: Deps): Promise<QuickResponseTeam[]> {
  const rows = await deps.db.query<{
    id: string;
    name: string;
    organisation_id: string | null;
    organisation_name: string | null;
    team_name: string | null;
    updated_at: Date | null;
  }>(
    `select u.id, u.name, q.organisation_id, o.name as organisation_name, q.team_name, q.updated_at
     from police_units u left join quick_response_teams q on q.police_unit_id = u.id
     left join organisations o on o.id = q.organisation_id order by u.name`,
  );
  return rows.map((r) => ({
    policeUnitId: r.id,
    policeUnitName: r.name,
    team:
      r.organisation_id && r.updated_at
        ? {
            organisationId: r.organisation_id,
            organisationName: r.organisation_name!,
            teamName: r.team_name!,
            updatedAt: r.updated_at.toISOString(),
          }
        : null,
  }));
}

function requireManager(viewer: Viewer): void {
  if (!can(viewer.roles, "reference:manage"))
    throw new AppError(
      "FORBIDDEN",
      "Alleen een beheerder wijst snelle-reactieteams aan. / Only an administrator assigns quick-response teams.",
    );
}

async function requireUnit(tx: Queryable, policeUnitId: string): Promise<void> {
  const [unit] = await tx.query("select 1 from police_units where id = $1", [policeUnitId]);
  if (!unit) throw notFound();
}

/** Assigns (or replaces) the team on call for a region. */
export async function setQuickResponseTeam(
  deps: Deps,
  viewer: Viewer,
  policeUnitId: string,
  input: { organisationId: string; teamName: string },
): Promise<void> {
  requireManager(viewer);
  await deps.db.transaction(async (tx) => {
    await requireUnit(tx, policeUnitId);
    const [org] = await tx.query<{ type: OrganisationType }>("select type from organisations where id = $1", [
      input.organisationId,
    ]);
    if (!org || !QUICK_RESPONSE_ORGANISATION_TYPES.includes(org.type))
      throw new AppError(
        "VALIDATION_FAILED",
        "Kies een organisatie van politie, KMar of Arbeidsinspectie. / Choose a police, KMar or labour inspectorate organisation.",
        {
          fields: [
            {
              field: "organisationId",
              message: org
                ? `organisation type ${org.type} cannot run a quick-response team`
                : "unknown organisation",
            },
          ],
        },
      );
    await tx.query(
      `insert into quick_response_teams (police_unit_id, organisation_id, team_name, updated_by, updated_at)
       values ($1, $2, $3, $4, $5)
       on conflict (police_unit_id) do update set organisation_id = excluded.organisation_id,
         team_name = excluded.team_name, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [policeUnitId, input.organisationId, input.teamName, viewer.userId, deps.now().toISOString()],
    );
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "quick_response_team.assigned",
      objectType: "police_unit",
      objectId: policeUnitId,
      purpose: "administration",
      details: { organisationId: input.organisationId, teamName: input.teamName },
    });
  });
}

/** Removes the team for a region: urgent signals there then ask the desk to alert by hand. */
export async function removeQuickResponseTeam(
  deps: Deps,
  viewer: Viewer,
  policeUnitId: string,
): Promise<void> {
  requireManager(viewer);
  await deps.db.transaction(async (tx) => {
    await requireUnit(tx, policeUnitId);
    const removed = await tx.query("delete from quick_response_teams where police_unit_id = $1 returning 1", [
      policeUnitId,
    ]);
    if (removed.length === 0) throw notFound();
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "quick_response_team.removed",
      objectType: "police_unit",
      objectId: policeUnitId,
      purpose: "administration",
    });
  });
}
