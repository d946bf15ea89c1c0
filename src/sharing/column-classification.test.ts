import { expect, it } from "vitest";
import { describeOnEachDatabase } from "../../test/harness";
import { COLUMN_CLASSIFICATION } from "./column-classification";
import { DATA_CATEGORY_INFO } from "./data-categories";

describeOnEachDatabase("column classification", (h) => {
  it("every column in the database has a data category, and no classification is stale", async () => {
    const columns = await h().db.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns
       where table_schema = 'public' order by table_name, ordinal_position`,
    );
    const live = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    const classified = new Set(
      Object.entries(COLUMN_CLASSIFICATION).flatMap(([t, cols]) => Object.keys(cols).map((c) => `${t}.${c}`)),
    );
    expect(
      [...live].filter((c) => !classified.has(c)),
      "columns without a data category",
    ).toEqual([]);
    expect(
      [...classified].filter((c) => !live.has(c)),
      "classified columns that do not exist",
    ).toEqual([]);
  });

  it("columns of categories that must be encrypted at rest are stored encrypted or as keyed hashes", () => {
    const plain = Object.entries(COLUMN_CLASSIFICATION).flatMap(([table, cols]) =>
      Object.entries(cols)
        .filter(([, category]) => DATA_CATEGORY_INFO[category].encryptedAtRest)
        .filter(([column]) => !column.endsWith("_enc") && !column.endsWith("_index"))
        .map(([column, category]) => `${table}.${column} (${category})`),
    );
    expect(plain).toEqual([]);
  });
});
