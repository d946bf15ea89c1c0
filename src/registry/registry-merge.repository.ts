/**
 * @module registry-merge.repository
 * All SQL for duplicate merging in the registry: the blind-index tokens of registrations by name,
 * the officer's append-only decisions and the merge itself. Tokens are keyed hashes made here, at
 * the storage boundary; the rules only ever see opaque strings.
 *
 * A registration merged into another keeps its tokens; they count for the survivor (its "cluster"),
 * so a third registration that matches the merged one is suggested against the survivor.
 */
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { BlindIndexKind, DuplicateReason, RegistryEntry } from "./duplicate.rules";
import type { RegistrationMode } from "./registry.vocabulary";
import {
  type PersonIdentifiers,
  registrationBlindIndexInputs,
  registryTokenContext,
} from "./registry-merge.rules";

/** Stores the tokens of a registration by name; returns how many per kind (never the tokens). */
export async function insertRegistrationTokens(
  tx: Queryable,
  cipher: FieldCipher,
  { registrationId, person }: { registrationId: string; person: PersonIdentifiers },
): Promise<Partial<Record<BlindIndexKind, number>>> {
  const counts: Partial<Record<BlindIndexKind, number>> = {};
  for (const { kind, input } of registrationBlindIndexInputs(person)) {
    await tx.query(
      "insert into registration_tokens (registration_id, kind, token_index) values ($1, $2, $3) on conflict do nothing",
      [registrationId, kind, cipher.blindIndex(input, registryTokenContext(kind))],
    );
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

type TokenRow = { root: string; kind: BlindIndexKind; token_index: string };

function entriesOf(rows: TokenRow[]): RegistryEntry[] {
  const byRoot = new Map<string, RegistryEntry & { tokens: { kind: BlindIndexKind; token: string }[] }>();
  for (const r of rows) {
    const entry = byRoot.get(r.root) ?? { id: r.root, tokens: [], mergedInto: null };
    entry.tokens.push({ kind: r.kind, token: r.token_index });
    byRoot.set(r.root, entry);
  }
  return [...byRoot.values()];
}

// The cluster of a registration: itself and every registration merged into it (merges are flat).
const CLUSTER_TOKENS = `select coalesce(r.merged_into, r.id) as root, t.kind, t.token_index
  from registration_tokens t join registrations r on r.id = t.registration_id`;

/**
 * The clusters that share at least one token with another cluster, with all their tokens. Clusters
 * without a shared token cannot be in a suggestion, and every cluster holding a shared token is
 * included, so token frequencies come out as over the whole registry.
 */
export async function candidateEntries(db: Queryable): Promise<RegistryEntry[]> {
  const rows = await db.query<TokenRow>(
    `with t as (${CLUSTER_TOKENS}),
       shared as (select kind, token_index from t group by kind, token_index having count(distinct root) > 1),
       roots as (select distinct t.root from t join shared s on s.kind = t.kind and s.token_index = t.token_index)
     select t.root, t.kind, t.token_index from t join roots on roots.root = t.root
     order by t.root, t.kind, t.token_index`,
  );
  return entriesOf(rows);
}

/** The tokens of the given clusters (by surviving registration id). */
export async function clusterEntries(db: Queryable, roots: string[]): Promise<RegistryEntry[]> {
  const rows = await db.query<TokenRow>(
    `select * from (${CLUSTER_TOKENS}) t where t.root = any($1::uuid[]) order by t.root, t.kind, t.token_index`,
    [roots],
  );
  return entriesOf(rows);
}

/** How many clusters hold each of the given tokens (to ignore the too frequent ones). */
export async function tokenFrequencies(
  db: Queryable,
  tokens: { kind: BlindIndexKind; token: string }[],
): Promise<Map<string, number>> {
  if (tokens.length === 0) return new Map();
  const rows = await db.query<{ kind: string; token_index: string; n: number }>(
    `select t.kind, t.token_index, count(distinct t.root)::int as n from (${CLUSTER_TOKENS}) t
     where t.token_index = any($1::text[]) group by t.kind, t.token_index`,
    [[...new Set(tokens.map((t) => t.token))]],
  );
  return new Map(rows.map((r) => [`${r.kind}\u0000${r.token_index}`, r.n]));
}

/** Pairs decided `not_duplicate`, as pairs of their current survivors. */
export async function notDuplicatePairs(db: Queryable): Promise<[string, string][]> {
  const rows = await db.query<{ x: string; y: string }>(
    `select coalesce(a.merged_into, a.id) as x, coalesce(b.merged_into, b.id) as y
     from registry_merge_decisions d
     join registrations a on a.id = d.surviving_registration_id
     join registrations b on b.id = d.other_registration_id
     where d.decision = 'not_duplicate'`,
  );
  return rows.map((r) => [r.x, r.y]);
}

/** Whether a `not_duplicate` decision already covers exactly this pair (either order). */
export async function hasNotDuplicateDecision(db: Queryable, x: string, y: string): Promise<boolean> {
  const [row] = await db.query(
    `select 1 from registry_merge_decisions where decision = 'not_duplicate'
     and ((surviving_registration_id = $1 and other_registration_id = $2) or (surviving_registration_id = $2 and other_registration_id = $1))`,
    [x, y],
  );
  return row !== undefined;
}

export type RegistrationSummaryRow = {
  id: string;
  mode: RegistrationMode;
  status: "received" | "merged";
  merged_into: string | null;
  registering_type: string;
  created_at: Date;
};

const SUMMARY = `select r.id, r.mode, r.status, r.merged_into, o.type as registering_type, r.created_at
  from registrations r join organisations o on o.id = r.registering_organisation_id`;

/** Non-identifying facts of registrations, to show beside a suggested pair. */
export async function registrationSummaries(db: Queryable, ids: string[]): Promise<RegistrationSummaryRow[]> {
  if (ids.length === 0) return [];
  return db.query<RegistrationSummaryRow>(`${SUMMARY} where r.id = any($1::uuid[])`, [ids]);
}

/** Locks the registrations (in id order, so two merges cannot deadlock) and returns them. */
export async function lockRegistrations(tx: Queryable, ids: string[]): Promise<RegistrationSummaryRow[]> {
  await tx.query("select id from registrations where id = any($1::uuid[]) order by id for update", [ids]);
  return registrationSummaries(tx, ids);
}

export async function insertMergeDecision(
  tx: Queryable,
  cipher: FieldCipher,
  d: {
    decision: "merge" | "not_duplicate";
    survivingRegistrationId: string;
    otherRegistrationId: string;
    evidence: { score: number; reasons: DuplicateReason[]; conflicts: BlindIndexKind[] };
    note: string | null;
    decidedBy: string;
    at: Date;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into registry_merge_decisions (decision, surviving_registration_id, other_registration_id, score, reasons, conflicts, note_enc, decided_by, decided_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      d.decision,
      d.survivingRegistrationId,
      d.otherRegistrationId,
      d.evidence.score,
      JSON.stringify(d.evidence.reasons),
      d.evidence.conflicts,
      d.note ? cipher.encrypt(d.note) : null,
      d.decidedBy,
      d.at.toISOString(),
    ],
  );
  return row!.id;
}

/**
 * Folds `other` into `survivor`: compare-and-set on a registration that is still received, then
 * re-points what was merged into `other`, so `merged_into` never points at a merged registration.
 * Returns false when `other` was merged meanwhile (nothing changed).
 */
export async function mergeRegistration(
  tx: Queryable,
  { survivor, other }: { survivor: string; other: string },
): Promise<boolean> {
  const updated = await tx.query(
    `update registrations set status = 'merged', merged_into = $1
     where id = $2 and status = 'received' and merged_into is null returning id`,
    [survivor, other],
  );
  if (updated.length !== 1) return false;
  await tx.query("update registrations set merged_into = $1 where merged_into = $2", [survivor, other]);
  return true;
}
