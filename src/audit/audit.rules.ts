/**
 * @module audit.rules
 * The hash chain, as pure functions: how an entry is hashed, and how a sequence of stored entries
 * is verified. Each entry's hash covers its content and the previous entry's hash, so altering,
 * removing or reordering any entry breaks the chain from that point on.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type AuditEntry = {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  purpose: string | null;
  requestId: string | null;
  /** Non-personal details only (ids, codes, counts): the audit log must not become a copy of the data. */
  details: Record<string, unknown>;
};

export type StoredAuditEntry = AuditEntry & { prevHash: string; hash: string };

/** JSON with object keys sorted at every level, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEntry(entry: AuditEntry, prevHash: string): string {
  const content = canonicalJson([
    entry.seq,
    entry.occurredAt.toISOString(),
    entry.actorUserId,
    entry.actorOrganisationId,
    entry.action,
    entry.objectType,
    entry.objectId,
    entry.purpose,
    entry.requestId,
    entry.details,
    prevHash,
  ]);
  return createHash("sha256").update(content).digest("hex");
}

export type VerifyProblem = {
  seq: number;
  kind: "gap" | "prev_hash_mismatch" | "hash_mismatch" | "head_mismatch";
  message: string;
};

export type VerifyResult =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; problem: VerifyProblem };

/**
 * Verifies entries pushed in ascending seq order, stopping at the first bad one, without holding
 * the chain in memory. `head` is the separately stored chain head; it catches removal of the newest
 * entries.
 */
export function createChainVerifier(head: { seq: number; hash: string } | null) {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let problem: VerifyProblem | null = null;
  return {
    /** Checks the next entry; returns false once a problem was found (stop pushing). */
    push(entry: StoredAuditEntry): boolean {
      if (problem) return false;
      if (entry.seq !== expectedSeq) {
        problem = {
          seq: expectedSeq,
          kind: "gap",
          message: `Entry ${expectedSeq} is missing (next stored entry is ${entry.seq}): removed or inserted out of order.`,
        };
      } else if (entry.prevHash !== prevHash) {
        problem = {
          seq: entry.seq,
          kind: "prev_hash_mismatch",
          message: `Entry ${entry.seq} does not link to entry ${entry.seq - 1}: the chain was reordered or an entry replaced.`,
        };
      } else if (hashEntry(entry, prevHash) !== entry.hash) {
        problem = {
          seq: entry.seq,
          kind: "hash_mismatch",
          message: `Entry ${entry.seq} was altered: its content no longer matches its hash.`,
        };
      }
      if (problem) return false;
      prevHash = entry.hash;
      expectedSeq++;
      count++;
      return true;
    },
    finish(): VerifyResult {
      if (problem) return { ok: false, count, problem };
      const lastSeq = expectedSeq - 1;
      if ((head?.seq ?? 0) !== lastSeq || (head && head.hash !== prevHash)) {
        return {
          ok: false,
          count,
          problem: {
            seq: head ? Math.max(head.seq, lastSeq) : lastSeq,
            kind: "head_mismatch",
            message: `The chain ends at entry ${lastSeq} but its recorded head is entry ${head?.seq ?? 0}: the newest entries were removed or altered.`,
          },
        };
      }
      return { ok: true, count, headHash: prevHash };
    },
  };
}

/** Verifies a whole chain given in ascending seq order (see createChainVerifier). */
export function verifyChain(
  entries: Iterable<StoredAuditEntry>,
  head: { seq: number; hash: string } | null,
): VerifyResult {
  const verifier = createChainVerifier(head);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish();
}
