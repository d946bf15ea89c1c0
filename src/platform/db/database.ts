/**
 * @module database
 * One small interface over the two drivers Samen runs on: embedded PGlite (default) and a real
 * PostgreSQL via `pg`. Repositories depend on `Queryable` only, so the same SQL runs on both.
 * Type parsers are aligned here so both drivers return the same JavaScript values:
 *   int8 and numeric → number, date → "YYYY-MM-DD" string, timestamptz → Date, json/jsonb → parsed.
 */

export type Row = Record<string, unknown>;

export type Queryable = {
  /** Runs one parameterised statement ($1, $2, …) and returns its rows. */
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Inside a transaction: runs `work` at the end of the transaction, just before commit, in the
   * order deferred. Absent outside transactions.
   */
  defer?(work: () => Promise<void>): void;
};

/** Adds `defer` to a transaction's Queryable and returns the function that runs what was deferred. */
export function withDeferred(q: Queryable): { tx: Queryable; runDeferred: () => Promise<void> } {
  const deferred: (() => Promise<void>)[] = [];
  return {
    tx: { ...q, defer: (work) => deferred.push(work) },
    async runDeferred() {
      // Deferred work may defer more; run until nothing is left.
      while (deferred.length) await deferred.shift()!();
    },
  };
}

/**
 * The database for work that is one statement, atomic by itself, run without a transaction (so
 * without `begin` and `commit` round trips). A second statement would not be atomic with the
 * first: it is refused as a programming error, before it runs.
 */
export function singleStatement(db: Queryable): Queryable {
  let used = false;
  const once = () => {
    if (used) throw new Error("Work meant as one statement ran a second one; run it in a transaction.");
    used = true;
  };
  return {
    query(sql, params) {
      once();
      return db.query(sql, params);
    },
    exec(sql) {
      once();
      return db.exec(sql);
    },
  };
}

/**
 * Whether a statement failed on this constraint (by name), as both drivers report it: a unique
 * violation (23505) or a foreign key violation (23503). For writes that let the database decide
 * and map its refusal to an answer.
 */
export function violatedConstraint(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string } | null;
  if (e?.code !== "23505" && e?.code !== "23503") return false;
  return e.constraint === constraint || (!e.constraint && (e.message ?? "").includes(`"${constraint}"`));
}

export type Db = Queryable & {
  readonly kind: "pglite" | "postgres";
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

/** Parsers shared by both drivers, keyed by PostgreSQL type OID. */
export const TYPE_PARSERS: Record<number, (value: string) => unknown> = {
  20: (v) => Number(v), // int8: counts and sequence values stay well below 2^53
  1700: (v) => Number(v), // numeric
  1082: (v) => v, // date: keep the calendar date, never shift it through a time zone
  1114: (v) => new Date(`${v.replace(" ", "T")}Z`), // timestamp without time zone: stored as UTC
  1184: (v) => new Date(v), // timestamptz
};
