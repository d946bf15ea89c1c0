/**
 * @module large-group.service
 * Large-group intake: when an inspection finds many workers at once, one request creates a case
 * per person with minimal fields (same place, date and signal), to be completed later, and returns
 * the bulk request for temporary shelter that follows from the group. All or nothing.
 */
import { appendAudit } from "../audit/audit.repository";
import { insertPerson } from "../persons/person.repository";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import { findSignal } from "../signals/signal.repository";
import { amsterdamDateOf } from "../signals/working-days.rules";
import { openCasesInTransaction } from "./case.service";
import { buildBulkShelterRequest, validateGroupIntake } from "./large-group.rules";

export async function intakeLargeGroup(deps: Deps, viewer: Viewer, input: unknown) {
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
  return deps.db.transaction(async (tx) => {
    const signal = await findSignal(tx, intake.signalId);
    if (!signal || signal.status === "draft") throw notFound();
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
    return { cases, shelterRequest: buildBulkShelterRequest(intake) };
  });
}
