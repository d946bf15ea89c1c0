/**
 * @module key-rotation
 * Re-encrypts every encrypted column (suffix `_enc` in the column classification) under the active
 * key, in batches, so an old key can be retired. Keyed hashes (`_index`) use their own key and are
 * not touched.
 */
import { appendAudit } from "../audit/audit.repository";
import type { Deps } from "../platform/deps";
import { SYSTEM_ACTOR } from "../platform/deps";
import { COLUMN_CLASSIFICATION } from "./column-classification";

export type RotationReport = { table: string; column: string; reencrypted: number }[];

async function primaryKey(deps: Deps, table: string): Promise<string> {
  const [row] = await deps.db.query<{ column_name: string }>(
    `select k.column_name from information_schema.table_constraints t
     join information_schema.key_column_usage k on k.constraint_name = t.constraint_name and k.table_name = t.table_name
     where t.table_schema = 'public' and t.table_name = $1 and t.constraint_type = 'PRIMARY KEY'`,
    [table],
  );
  if (!row) throw new Error(`${table} has no primary key`);
  return row.column_name;
}

export async function rotateKeys(
  deps: Deps,
  { batchSize = 500, onProgress }: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<RotationReport> {
  const report: RotationReport = [];
  let total = 0;
  for (const [table, columns] of Object.entries(COLUMN_CLASSIFICATION)) {
    for (const column of Object.keys(columns).filter((c) => c.endsWith("_enc"))) {
      const pk = await primaryKey(deps, table);
      let count = 0;
      for (;;) {
        const rows = await deps.db.query<{ pk: string; value: string }>(
          `select ${pk}::text as pk, ${column} as value from ${table} where ${column} is not null and split_part(${column}, '.', 2) <> $1 limit $2`,
          [deps.cipher.activeKeyId, batchSize],
        );
        if (rows.length === 0) break;
        await deps.db.transaction(async (tx) => {
          for (const r of rows) {
            await tx.query(`update ${table} set ${column} = $2 where ${pk}::text = $1`, [
              r.pk,
              deps.cipher.encrypt(deps.cipher.decrypt(r.value)),
            ]);
          }
        });
        count += rows.length;
        total += rows.length;
        onProgress?.(total);
      }
      report.push({ table, column, reencrypted: count });
    }
  }
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      actorUserId: SYSTEM_ACTOR.userId,
      actorOrganisationId: null,
      requestId: null,
      action: "keys.rotated",
      objectType: "encryption_key",
      objectId: deps.cipher.activeKeyId,
      purpose: "security",
      details: { reencrypted: total },
    }),
  );
  return report;
}
