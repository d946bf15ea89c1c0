/**
 * @module transfer.service
 * Transfer of a case between coordinating organisations (Primero-style referral): the holder asks,
 * the receiver accepts (the case and its coordination move at once) or declines with a reason.
 * Afterwards the sender keeps read access to the victim's record only as the sharing rules allow
 * for care (a grant; fields decided at every read).
 */
import { appendAudit } from "../audit/audit.repository";
import { insertGrant } from "../persons/person.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import type { DeclineReason, TransferReason } from "./care.vocabulary";
import { transferTransition, validateTransferRequest } from "./coordination.rules";

const audit = (
  tx: Queryable,
  viewer: Viewer,
  action: string,
  caseId: string,
  details: Record<string, unknown>,
) =>
  appendAudit(tx, {
    actorUserId: viewer.userId,
    actorOrganisationId: viewer.organisationId,
    requestId: viewer.requestId,
    action,
    objectType: "case",
    objectId: caseId,
    purpose: "care",
    details,
  });

export async function requestTransfer(
  deps: Deps,
  viewer: Viewer,
  caseId: string,
  input: { toOrganisationId: string; reason: TransferReason; note?: string },
): Promise<string> {
  return deps.db.transaction(async (tx) => {
    const [kase] = await tx.query<{ organisation_id: string; status: string }>(
      "select organisation_id, status from cases where id = $1 for update",
      [caseId],
    );
    if (!kase || kase.organisation_id !== viewer.organisationId) throw notFound();
    if (kase.status !== "open")
      throw new AppError("CONFLICT", "Het dossier is gesloten. / The case is closed.");
    const [to] = await tx.query<{ type: string }>("select type from organisations where id = $1", [
      input.toOrganisationId,
    ]);
    if (!to)
      throw new AppError("VALIDATION_FAILED", "Onbekende organisatie. / Unknown organisation.", {
        fields: [{ field: "toOrganisationId", message: "unknown organisation" }],
      });
    if (!["care_provider", "municipality", "youth_care"].includes(to.type)) {
      throw new AppError(
        "VALIDATION_FAILED",
        "Alleen naar een coördinerende organisatie. / Only to a coordinating organisation.",
        { fields: [{ field: "toOrganisationId", message: `type ${to.type} does not coordinate care` }] },
      );
    }
    const [open] = await tx.query<{ n: number }>(
      "select count(*)::int8 as n from case_transfers where case_id = $1 and status in ('requested', 'accepted')",
      [caseId],
    );
    validateTransferRequest({
      request: {
        fromOrganisationId: viewer.organisationId,
        toOrganisationId: input.toOrganisationId,
        reason: input.reason,
        note: input.note ?? null,
      },
      openTransfers: open!.n,
    });
    const [row] = await tx.query<{ id: string }>(
      `insert into case_transfers (case_id, from_organisation_id, to_organisation_id, reason, note_enc, status, requested_by, requested_at)
       values ($1, $2, $3, $4, $5, 'requested', $6, $7) returning id`,
      [
        caseId,
        viewer.organisationId,
        input.toOrganisationId,
        input.reason,
        input.note ? deps.cipher.encrypt(input.note) : null,
        viewer.userId,
        deps.now().toISOString(),
      ],
    );
    await audit(tx, viewer, "case.transfer_requested", caseId, {
      transferId: row!.id,
      toOrganisationId: input.toOrganisationId,
      reason: input.reason,
    });
    return row!.id;
  });
}

type TransferRow = {
  id: string;
  case_id: string;
  from_organisation_id: string;
  to_organisation_id: string;
  status: "requested" | "accepted" | "declined" | "withdrawn" | "completed";
  person_id: string;
};

async function findTransfer(tx: Queryable, id: string): Promise<TransferRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await tx.query<TransferRow>(
    "select t.id, t.case_id, t.from_organisation_id, t.to_organisation_id, t.status, c.person_id from case_transfers t join cases c on c.id = t.case_id where t.id = $1 for update of t",
    [id],
  );
  return row ?? null;
}

/** The receiver accepts (the case moves) or declines with a reason; the sender may withdraw. */
export async function decideTransfer(
  deps: Deps,
  viewer: Viewer,
  id: string,
  input: { action: "accept" | "decline" | "withdraw"; declineReason?: DeclineReason; note?: string },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const t = await findTransfer(tx, id);
    const party =
      t?.to_organisation_id === viewer.organisationId
        ? "receiving_coordinator"
        : t?.from_organisation_id === viewer.organisationId
          ? "sending_coordinator"
          : null;
    if (!t || !party) throw notFound();
    const at = deps.now();
    let status = transferTransition({
      from: t.status,
      action: input.action,
      party,
      declineReason: input.declineReason ?? null,
      note: input.note ?? null,
    });
    if (status === "accepted") {
      // Accepting completes the hand-over at once: the receiver becomes the holder of the case.
      status = transferTransition({ from: "accepted", action: "complete", party: "receiving_coordinator" });
      await tx.query(
        "update cases set organisation_id = $2, care_region_code = null, updated_at = $3 where id = $1",
        [t.case_id, t.to_organisation_id, at.toISOString()],
      );
      await insertGrant(tx, {
        personId: t.person_id,
        organisationId: t.to_organisation_id,
        purpose: "care",
        conditions: [],
        via: "case_transfer",
        grantedBy: viewer.userId,
        at,
      });
      await insertGrant(tx, {
        personId: t.person_id,
        organisationId: t.from_organisation_id,
        purpose: "care",
        conditions: [],
        via: "case_transfer_sender",
        grantedBy: viewer.userId,
        at,
      });
    }
    await tx.query(
      "update case_transfers set status = $2, decided_by = $3, decided_at = $4, decline_reason = $5 where id = $1",
      [id, status, viewer.userId, at.toISOString(), input.declineReason ?? null],
    );
    // The decision's note (required when declining for "other") goes on the case's timeline, encrypted
    // like every note there, so the sender — who still holds the case after a decline — reads why.
    await tx.query(
      "insert into case_events (case_id, kind, text_enc, data, actor_user_id, actor_organisation_id, at) values ($1, $2, $3, $4, $5, $6, $7)",
      [
        t.case_id,
        `transfer_${status}`,
        input.note ? deps.cipher.encrypt(input.note) : null,
        JSON.stringify({
          transferId: id,
          from: t.from_organisation_id,
          to: t.to_organisation_id,
          declineReason: input.declineReason ?? null,
        }),
        viewer.userId,
        viewer.organisationId,
        at.toISOString(),
      ],
    );
    await audit(tx, viewer, `case.transfer_${status}`, t.case_id, {
      transferId: id,
      declineReason: input.declineReason ?? null,
    });
  });
}

/**
 * The organisation's incoming and outgoing transfers, newest first, with when and why they were decided.
 * The request's note is never listed (free text; see `TransferRequest`).
 */
export async function listTransfers(deps: Deps, viewer: Viewer) {
  const rows = await deps.db.query<{
    id: string;
    case_id: string;
    case_number: string;
    status: string;
    reason: string;
    from_name: string;
    to_name: string;
    requested_at: Date;
    decided_at: Date | null;
    decline_reason: string | null;
    direction: string;
  }>(
    `select t.id, t.case_id, c.case_number, t.status, t.reason, f.name as from_name, o.name as to_name, t.requested_at,
       t.decided_at, t.decline_reason,
       case when t.to_organisation_id = $1 then 'incoming' else 'outgoing' end as direction
     from case_transfers t join cases c on c.id = t.case_id join organisations f on f.id = t.from_organisation_id join organisations o on o.id = t.to_organisation_id
     where t.to_organisation_id = $1 or t.from_organisation_id = $1 order by t.requested_at desc limit 500`,
    [viewer.organisationId],
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number,
    status: r.status,
    reason: r.reason,
    from: r.from_name,
    to: r.to_name,
    direction: r.direction,
    requestedAt: r.requested_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
    declineReason: r.decline_reason,
  }));
}
