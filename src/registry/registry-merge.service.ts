/**
 * @module registry-merge.service
 * Duplicate merging in the national registry (DESIGN.md §3 step 4): blind-index suggestions for the
 * registry officer, without names, and the officer's decision — merge (same person) or not a
 * duplicate — recorded append-only with the evidence as shown, and audit-logged in the same
 * transaction. The officer compares the persons by opening both registrations (for the purpose
 * registration, through the sharing rules); the suggestion list itself never carries identity.
 */
import { appendAudit } from "../audit/audit.repository";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import {
  type BlindIndexKind,
  DEFAULT_DUPLICATE_MIN_SCORE,
  DEFAULT_MAX_TOKEN_FREQUENCY,
  type DuplicateReason,
  LIKELY_SAME_PERSON_SCORE,
  type MergeDecision,
  type RegistryDuplicateSuggestion,
  scoreRegistryPair,
  suggestRegistryDuplicates,
  validateMergeDecision,
} from "./duplicate.rules";
import {
  candidateEntries,
  clusterEntries,
  hasNotDuplicateDecision,
  insertMergeDecision,
  lockRegistrations,
  mergeRegistration,
  notDuplicatePairs,
  type RegistrationSummaryRow,
  registrationSummaries,
  tokenFrequencies,
} from "./registry-merge.repository";
import { chooseSurvivor, isDoubtful } from "./registry-merge.rules";

/** At most this many suggestions per read, highest score first (`total` says how many there are). */
export const SUGGESTION_LIMIT = 200;

function requireRegistryOfficer(viewer: Viewer): void {
  if (viewer.organisationType !== "comensha" || !viewer.roles.includes("registry_officer"))
    throw new AppError(
      "FORBIDDEN",
      "Alleen het landelijk registratiepunt beoordeelt dubbele registraties. / Only the national registry reviews duplicate registrations.",
    );
}

function summary(r: RegistrationSummaryRow) {
  return {
    id: r.id,
    mode: r.mode,
    registeringOrganisationType: r.registering_type,
    createdAt: r.created_at.toISOString(),
  };
}

function presentSuggestion(s: RegistryDuplicateSuggestion, rows: Map<string, RegistrationSummaryRow>) {
  const a = rows.get(s.a)!;
  const b = rows.get(s.b)!;
  const { survivor } = chooseSurvivor(
    { id: a.id, createdAt: a.created_at },
    { id: b.id, createdAt: b.created_at },
  );
  return {
    a: s.a,
    b: s.b,
    score: s.score,
    class: s.kind,
    matchingKinds: s.reasons.map((r) => r.kind),
    reasons: s.reasons,
    conflicts: s.conflicts,
    doubtful: isDoubtful(s),
    survivorId: survivor.id,
    registrations: [summary(a), summary(b)],
  };
}

/**
 * Suggested pairs of registrations that may be the same person, from the blind indexes: pairs
 * already merged or decided `not_duplicate` are left out. Kinds and counts only, never a name or
 * a token. The read is audit-logged.
 */
export async function listDuplicateSuggestions(deps: Deps, viewer: Viewer) {
  requireRegistryOfficer(viewer);
  return deps.db.transaction(async (tx) => {
    const { suggestions, ignoredTokens } = suggestRegistryDuplicates({
      entries: await candidateEntries(tx),
      knownNonDuplicates: await notDuplicatePairs(tx),
    });
    const shown = suggestions.slice(0, SUGGESTION_LIMIT);
    const rows = new Map(
      (await registrationSummaries(tx, [...new Set(shown.flatMap((s) => [s.a, s.b]))])).map((r) => [r.id, r]),
    );
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "registry.duplicates_read",
      objectType: "registration",
      objectId: "*",
      purpose: "registration",
      details: { suggestions: suggestions.length, shown: shown.length, ignoredTokens },
    });
    return {
      items: shown.map((s) => presentSuggestion(s, rows)),
      total: suggestions.length,
      ignoredTokens,
    };
  });
}

export type MergeDecisionInput = {
  a: string;
  b: string;
  decision: "same_person" | "not_duplicate";
  note?: string | undefined;
};

type Evidence = { score: number; reasons: DuplicateReason[]; conflicts: BlindIndexKind[] };

/** The evidence for one pair, computed exactly as for the suggestions (frequent tokens ignored). */
async function pairEvidence(
  tx: Parameters<typeof clusterEntries>[0],
  a: string,
  b: string,
): Promise<Evidence> {
  const entries = await clusterEntries(tx, [a, b]);
  const ea = entries.find((e) => e.id === a) ?? { id: a, tokens: [] };
  const eb = entries.find((e) => e.id === b) ?? { id: b, tokens: [] };
  const frequencies = await tokenFrequencies(tx, [...ea.tokens, ...eb.tokens]);
  const ignored = new Set(
    [...frequencies].filter(([, n]) => n > DEFAULT_MAX_TOKEN_FREQUENCY).map(([k]) => k),
  );
  const scored = scoreRegistryPair(ea, eb, ignored);
  return scored
    ? { score: scored.score, reasons: scored.reasons, conflicts: scored.conflicts }
    : { score: 0, reasons: [], conflicts: [] };
}

/**
 * Records the registry officer's decision about two registrations. `same_person` merges: the
 * registration received first survives (registry-merge.rules) and the other is marked merged into
 * it, compare-and-set under row locks. Refused, with nothing changed: a pair that is not two
 * distinct registrations by name (400/404/409), a registration already merged (409), a repeated
 * `not_duplicate` (409), and a doubtful merge — a conflict or a score below 0.85 — without a note
 * (400, `validateMergeDecision`).
 */
export async function decideMerge(deps: Deps, viewer: Viewer, input: MergeDecisionInput) {
  requireRegistryOfficer(viewer);
  if (input.a.toLowerCase() === input.b.toLowerCase())
    throw new AppError(
      "VALIDATION_FAILED",
      "Kies twee verschillende registraties. / Choose two different registrations.",
      {
        fields: [{ field: "b", message: "must differ from a" }],
      },
    );
  return deps.db.transaction(async (tx) => {
    const rows = await lockRegistrations(tx, [input.a, input.b]);
    if (rows.length !== 2) throw notFound();
    if (rows.some((r) => r.status === "merged" || r.merged_into !== null))
      throw new AppError(
        "CONFLICT",
        "Een van deze registraties is al samengevoegd. / One of these registrations has already been merged.",
      );
    if (rows.some((r) => r.mode !== "by_name"))
      throw new AppError(
        "CONFLICT",
        "Alleen registraties op naam kunnen worden samengevoegd. / Only registrations by name can be merged.",
      );
    const [x, y] = rows as [RegistrationSummaryRow, RegistrationSummaryRow];
    const { survivor, other } = chooseSurvivor(
      { id: x.id, createdAt: x.created_at },
      { id: y.id, createdAt: y.created_at },
    );
    if (input.decision === "not_duplicate" && (await hasNotDuplicateDecision(tx, survivor.id, other.id)))
      throw new AppError(
        "CONFLICT",
        "Dit paar is al als geen dubbele registratie vastgelegd. / This pair has already been recorded as not a duplicate.",
      );
    const evidence = await pairEvidence(tx, survivor.id, other.id);
    const now = deps.now();
    const note = input.note?.trim() ? input.note.trim() : null;
    const decision: MergeDecision = {
      id: "pending",
      decision: input.decision === "same_person" ? "merge" : "not_duplicate",
      survivingRegistrationId: survivor.id,
      otherRegistrationIds: [other.id],
      decidedByUserId: viewer.userId,
      decidedByRole: "registry_officer",
      decidedAt: now.toISOString(),
      evidence,
      note,
    };
    validateMergeDecision(decision);
    const id = await insertMergeDecision(tx, deps.cipher, {
      decision: decision.decision,
      survivingRegistrationId: survivor.id,
      otherRegistrationId: other.id,
      evidence,
      note,
      decidedBy: viewer.userId,
      at: now,
    });
    if (
      decision.decision === "merge" &&
      !(await mergeRegistration(tx, { survivor: survivor.id, other: other.id }))
    )
      throw new AppError(
        "CONFLICT",
        "Deze registratie is intussen al samengevoegd. / This registration has been merged meanwhile.",
      );
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: decision.decision === "merge" ? "registry.merged" : "registry.not_duplicate",
      objectType: "registry_merge_decision",
      objectId: id,
      purpose: "registration",
      details: {
        survivingRegistrationId: survivor.id,
        otherRegistrationId: other.id,
        score: evidence.score,
        reasons: evidence.reasons.map((r) => ({ kind: r.kind, matches: r.matches })),
        conflicts: evidence.conflicts,
        noteGiven: note !== null,
      },
    });
    return {
      id,
      decision: input.decision,
      survivingRegistrationId: survivor.id,
      mergedRegistrationId: decision.decision === "merge" ? other.id : null,
      evidence: {
        ...evidence,
        class:
          evidence.score >= LIKELY_SAME_PERSON_SCORE
            ? ("likely_same_person" as const)
            : evidence.score >= DEFAULT_DUPLICATE_MIN_SCORE
              ? ("possible" as const)
              : null,
        doubtful: isDoubtful(evidence),
      },
    };
  });
}
