/**
 * @module large-group.service
 * Large-group intake: when an inspection finds many workers at once, one request creates a case
 * per person with minimal fields (same place, date and signal), to be completed later, and returns
 * the bulk request for temporary shelter that follows from the group. All or nothing.
 *
 * An idempotency key (per organisation, the `Idempotency-Key` header or `idempotencyKey` in the body,
 * for the web app) makes a double tap or a retry after a lost answer harmless: the same key with the
 * same group returns the first answer and opens nothing again; the same key with another group is
 * refused. Claim, cases and stored answer commit together, so a refused or failed intake leaves no
 * claim behind and may be corrected and sent again under the same key.
 */
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  purgeIdempotencyKeys,
} from "../accounts/api-keys.repository";
import { appendAudit } from "../audit/audit.repository";
import { insertPerson } from "../persons/person.repository";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import { IDEMPOTENCY_RETENTION_MS, IdempotencyKeyReusedError, requestHash } from "../signals/partner.service";
import { findSignal } from "../signals/signal.repository";
import { signalAccess } from "../signals/signal.service";
import { amsterdamDateOf } from "../signals/working-days.rules";
import { openCasesInTransaction } from "./case.service";
import { buildBulkShelterRequest, validateGroupIntake } from "./large-group.rules";

/** The operation named in the request hash, so a key used elsewhere never matches this one. */
const OPERATION = "POST /cases/large-groups";

export type LargeGroupResult = {
  cases: { id: string; caseNumber: string; organisationId: string }[];
  shelterRequest: ReturnType<typeof buildBulkShelterRequest>;
};

/**
 * Opens the group's cases, or — for a key seen before with the same group — returns the first answer
 * (`replayed`). Throws `IdempotencyKeyReusedError` for a key seen with another group.
 */
export async function intakeLargeGroup(
  deps: Deps,
  viewer: Viewer,
  input: unknown,
  idempotencyKey: string | null = null,
): Promise<LargeGroupResult & { replayed: boolean }> {
  const checked = validateGroupIntake({ input, today: amsterdamDateOf(deps.now()) });
  if (!checked.ok) {
    // Errors name the row and field, never the value (aliases may be names).
    const fields = [
      ...checked.groupErrors.map((e) => ({ field: e.field, message: e.code })),
      // The rules count rows from 1 for people; field paths index the JSON array from 0.
      ...checked.rowErrors.map((e) => ({ field: `persons.${e.row - 1}.${e.field}`, message: e.code })),
    ];
    throw new AppError(
      "VALIDATION_FAILED",
      `De groep is niet opgeslagen: ${fields.length} fout(en), ${checked.validRows} van ${checked.totalRows} rijen in orde. / The group was not saved: ${fields.length} error(s), ${checked.validRows} of ${checked.totalRows} rows fine.`,
      { fields },
    );
  }
  const intake = checked.intake;
  const { idempotencyKey: _key, ...group } = (input ?? {}) as Record<string, unknown>;
  const hash = requestHash({ operation: OPERATION, contentType: "application/json", body: group });
  const organisationId = viewer.organisationId;
  return deps.db.transaction(async (tx) => {
    if (idempotencyKey) {
      const at = deps.now();
      await purgeIdempotencyKeys(tx, {
        organisationId,
        before: new Date(at.getTime() - IDEMPOTENCY_RETENTION_MS),
      });
      const existing = await claimIdempotencyKey(tx, {
        organisationId,
        key: idempotencyKey,
        requestHash: hash,
        at,
      });
      if (existing) {
        if (existing.request_hash !== hash)
          throw new IdempotencyKeyReusedError(
            "Deze sleutel is al gebruikt voor een andere groep; de groep is niet opnieuw opgeslagen. / This key was already used for a different group; the group was not saved again.",
          );
        // Claim and answer commit together, so a claim seen here always carries its answer.
        if (existing.response_status !== null)
          return { ...(existing.response_body as LargeGroupResult), replayed: true };
        throw new AppError(
          "CONFLICT",
          "Deze groep wordt nog verwerkt; probeer het zo opnieuw. / This group is still being processed; retry shortly.",
        );
      }
    }
    // The signal must be one the viewer may open (its own, or routed to it): no probing other ids.
    const signal = await findSignal(tx, intake.signalId);
    if (!signal || signal.status === "draft" || !(await signalAccess(tx, viewer, signal))) throw notFound();
    const [m] = await tx.query("select 1 from municipalities where code = $1", [intake.municipalityCode]);
    if (!m)
      throw new AppError("VALIDATION_FAILED", "Onbekende gemeentecode. / Unknown municipality code.", {
        fields: [{ field: "municipalityCode", message: "unknown municipality" }],
      });
    const cases = [];
    for (const person of intake.persons) {
      const personId = await insertPerson(tx, deps.cipher, {
        role: "possible_victim",
        alias: person.alias ?? person.number ?? undefined,
        gender: person.gender === "other" ? "x" : person.gender,
        nationality: person.nationality === "stateless" ? "unknown" : person.nationality,
        languages: person.languages,
        organisationId: viewer.organisationId,
        createdBy: viewer.userId,
        at: deps.now(),
      });
      const [opened] = await openCasesInTransaction(tx, deps, viewer, {
        personId,
        // Recorded on each case as the signal it was opened from (the person is the new one above).
        signalId: intake.signalId,
        foundMunicipalityCode: intake.municipalityCode,
        traffickingStatus: "possible",
        forms: intake.forms,
        sectors: intake.sector ? [intake.sector] : [],
        controlMethods: [],
      });
      cases.push(opened!);
    }
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "case.large_group_intake",
      objectType: "signal",
      objectId: intake.signalId,
      purpose: "care",
      details: { persons: intake.persons.length },
    });
    const result: LargeGroupResult = { cases, shelterRequest: buildBulkShelterRequest(intake) };
    // The stored answer holds case ids, numbers and counts only: no alias, number or other personal data.
    if (idempotencyKey)
      await completeIdempotencyKey(tx, {
        organisationId,
        key: idempotencyKey,
        status: 201,
        body: result,
        at: deps.now(),
      });
    return { ...result, replayed: false };
  });
}
