/**
 * @module audit.verify
 * Verifies the whole stored chain (used by `samen audit verify` and the privacy officer's screen).
 */
import type { Queryable } from "../platform/db/database";
import { readChain, readHead } from "./audit.repository";
import { type StoredAuditEntry, type VerifyResult, verifyChain } from "./audit.rules";

export async function verifyStoredChain(db: Queryable): Promise<VerifyResult> {
  const head = await readHead(db);
  const entries: StoredAuditEntry[] = [];
  for await (const e of readChain(db)) entries.push(e);
  return verifyChain(entries, head);
}
