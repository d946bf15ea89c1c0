/**
 * @module audit.verify
 * Verifies the whole stored chain (used by `samen audit verify` and the privacy officer's screen).
 */
import type { Db } from "../platform/db/database";
import { readChain, readHead, sealAudit } from "./audit.repository";
import { createChainVerifier, type VerifyResult } from "./audit.rules";

/**
 * Seals what is waiting, then streams the stored chain through the verifier, page by page, so the
 * verification covers every entry committed before it started. Entries sealed while it runs lie
 * beyond the head read at the start and are left for the next verification. Sealed entries beyond
 * the head that are older than it cannot exist: sealing updates the head in the same transaction.
 */
export async function verifyStoredChain(db: Db): Promise<VerifyResult> {
  await sealAudit(db);
  const head = await readHead(db);
  const [max] = await db.query<{ seq: number | null }>("select max(seq)::int8 as seq from audit_log");
  const verifier = createChainVerifier(head);
  // Read up to the larger of head and stored maximum, so an entry inserted past a stale head is seen.
  for await (const entry of readChain(db, { upTo: Math.max(head?.seq ?? 0, max?.seq ?? 0) }))
    if (!verifier.push(entry)) break;
  return verifier.finish();
}
