/**
 * @module person.repository
 * All SQL for persons and their consents, grants and break-glass records. Encryption happens here,
 * at the storage boundary: callers see plaintext, the database sees ciphertext.
 */
import { randomInt } from "node:crypto";
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import { visibleToSql } from "../sharing/access.repository";
import type { DataCategory } from "../sharing/data-categories";
import type { Purpose } from "../sharing/purposes";
import { PERSON_FIELD_NAMES, PERSON_FIELDS, type PersonField } from "./person.fields";
import type { CreatePerson } from "./person.schema";

export type PersonRow = Record<string, unknown> & {
  id: string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: OrganisationType;
  pseudonym: string;
  status: "active" | "closed";
  anonymised_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  last_activity_at: Date;
};

const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O, 1/I: read aloud on the phone
export function newPseudonym(): string {
  const pick = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `P-${pick()}-${pick()}`;
}

export function normaliseName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The keyed hash used to find a person by name without decrypting anything. */
export function nameIndexOf(cipher: FieldCipher, name: string): string {
  return cipher.blindIndex(normaliseName(name), "persons.name");
}

export function normalisePhone(phone: string): string {
  return phone
    .replace(/[^\d+]/g, "")
    .replace(/^00/, "+")
    .replace(/^0(?=\d{9}$)/, "+31");
}

export type NewPerson = CreatePerson & { organisationId: string; createdBy: string; at: Date };

const PERSON_INSERT_COLUMNS = `organisation_id, pseudonym, role, name_enc, name_index, alias_enc, birth_date_enc, age_group, gender,
  nationality, languages, phone_enc, phone_index, email_enc, address_enc, whereabouts_enc, residence_status, health_notes_enc,
  last_activity_at, created_by, created_at`;

/** The values of one new person, in PERSON_INSERT_COLUMNS order but without created_at (= last_activity_at). */
function personParams(cipher: FieldCipher, p: NewPerson, pseudonym: string): unknown[] {
  const enc = (v: string | undefined) => (v === undefined ? null : cipher.encrypt(v));
  return [
    p.organisationId,
    pseudonym,
    p.role,
    enc(p.name),
    p.name ? nameIndexOf(cipher, p.name) : null,
    enc(p.alias),
    enc(p.birthDate),
    p.ageGroup ?? null,
    p.gender ?? null,
    p.nationality ?? null,
    p.languages ?? [],
    enc(p.phone),
    p.phone ? cipher.blindIndex(normalisePhone(p.phone), "persons.phone") : null,
    enc(p.email),
    enc(p.address),
    enc(p.whereabouts),
    p.residenceStatus ?? null,
    enc(p.healthNotes),
    p.at.toISOString(),
    p.createdBy,
  ];
}

/** `($1, …, $20, $19)` for the person whose parameters start after `offset` others. */
const personPlaceholders = (offset: number) =>
  `(${Array.from({ length: 20 }, (_, i) => `$${offset + i + 1}`).join(", ")}, $${offset + 19})`;

export async function insertPerson(tx: Queryable, cipher: FieldCipher, p: NewPerson): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      const [row] = await tx.query<{ id: string }>(
        `insert into persons (${PERSON_INSERT_COLUMNS}) values ${personPlaceholders(0)} returning id`,
        personParams(cipher, p, newPseudonym()),
      );
      return row!.id;
    } catch (error) {
      if (attempt < 3 && /pseudonym/.test((error as Error).message)) continue; // astronomically rare collision
      throw error;
    }
  }
}

/** A new person with an id chosen by the caller (so rows that refer to it can be written with it). */
export type NewPersonWithId = NewPerson & { id: string };

/** The columns of `newPersonRow`, for `insert into persons (…)`. */
export const NEW_PERSON_COLUMNS = `id, ${PERSON_INSERT_COLUMNS}`;

/**
 * One new person as a VALUES row for NEW_PERSON_COLUMNS, its parameters added through `param` (so a
 * statement can write persons together with rows that refer to them). Encrypted here, as always. A
 * fresh pseudonym each call: insert with `on conflict (pseudonym) do nothing` and insert the persons
 * left out again (a collision is astronomically rare, but must not fail the transaction).
 */
export function newPersonRow(
  cipher: FieldCipher,
  p: NewPersonWithId,
  param: (value: unknown) => string,
): string {
  const values = personParams(cipher, p, newPseudonym()).map(param);
  return `(${param(p.id)}, ${values.join(", ")}, ${values[18]})`;
}

/**
 * Inserts several persons with the ids given, in one statement. A pseudonym that collides is skipped
 * by the database instead of failing the statement, so the caller's transaction stays usable, and
 * that person is inserted again with a new one.
 */
export async function insertPersons(
  tx: Queryable,
  cipher: FieldCipher,
  persons: NewPersonWithId[],
): Promise<void> {
  let todo = persons;
  for (let attempt = 0; todo.length > 0; attempt++) {
    if (attempt > 3) throw new Error("Could not find free pseudonyms");
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const rows = todo.map((person) => newPersonRow(cipher, person, param));
    const inserted = new Set(
      (
        await tx.query<{ id: string }>(
          `insert into persons (${NEW_PERSON_COLUMNS}) values ${rows.join(", ")}
           on conflict (pseudonym) do nothing returning id`,
          params,
        )
      ).map((r) => r.id),
    );
    todo = todo.filter((person) => !inserted.has(person.id));
  }
}

export async function findPerson(db: Queryable, id: string): Promise<PersonRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.query<PersonRow>(
    `select p.*, o.name as organisation_name, o.type as organisation_type
     from persons p join organisations o on o.id = p.organisation_id where p.id = $1`,
    [id],
  );
  return row ?? null;
}

/** Decrypted field values of a person row, keyed by API field name. */
export function personValues(cipher: FieldCipher, row: PersonRow): Record<PersonField, unknown> {
  const out = {} as Record<PersonField, unknown>;
  for (const name of PERSON_FIELD_NAMES) {
    const spec = PERSON_FIELDS[name];
    const raw = row[spec.column];
    out[name] = spec.encrypted && typeof raw === "string" ? cipher.decrypt(raw) : (raw ?? null);
  }
  return out;
}

export function personFieldSpecs(
  values: Record<PersonField, unknown>,
): Record<PersonField, { category: DataCategory; value: unknown }> {
  const out = {} as Record<PersonField, { category: DataCategory; value: unknown }>;
  for (const name of PERSON_FIELD_NAMES)
    out[name] = { category: PERSON_FIELDS[name].category, value: values[name] };
  return out;
}

export type PersonListRow = {
  id: string;
  pseudonym: string;
  organisation_id: string;
  organisation_name: string;
  organisation_type: OrganisationType;
  status: "active" | "closed";
  created_at: Date;
};

/** Persons the viewer may open for the purpose, filtered in SQL. Pseudonyms only: no names in lists. */
export async function listVisiblePersons(
  db: Queryable,
  q: {
    organisationId: string;
    userId: string;
    purpose: Purpose;
    now: Date;
    limit: number;
    nameIndex?: string;
  },
): Promise<PersonListRow[]> {
  return db.query<PersonListRow>(
    `select p.id, p.pseudonym, p.organisation_id, o.name as organisation_name, o.type as organisation_type, p.status, p.created_at
     from persons p join organisations o on o.id = p.organisation_id
     where ${visibleToSql({ org: 1, user: 2, purpose: 3, now: 4 })} and ($6::text is null or p.name_index = $6)
     order by p.created_at desc limit $5`,
    [q.organisationId, q.userId, q.purpose, q.now.toISOString(), q.limit, q.nameIndex ?? null],
  );
}

export async function touchPerson(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query("update persons set last_activity_at = greatest(last_activity_at, $2) where id = $1", [
    id,
    at.toISOString(),
  ]);
}

export async function closePerson(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query(
    "update persons set status = 'closed', closed_at = $2, last_activity_at = $2 where id = $1 and status = 'active'",
    [id, at.toISOString()],
  );
}

export async function insertGrant(
  tx: Queryable,
  g: {
    personId: string;
    organisationId: string;
    purpose: Purpose;
    conditions: string[];
    via: string;
    /** Null only when the platform grants by itself (a quick-response alert). */
    grantedBy: string | null;
    at: Date;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into person_access_grants (person_id, organisation_id, purpose, conditions, via, granted_by, granted_at)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [g.personId, g.organisationId, g.purpose, g.conditions, g.via, g.grantedBy, g.at.toISOString()],
  );
  return row!.id;
}

export async function revokeGrant(
  tx: Queryable,
  q: { personId: string; grantId: string; at: Date },
): Promise<boolean> {
  const rows = await tx.query(
    "update person_access_grants set revoked_at = $3 where id = $1 and person_id = $2 and revoked_at is null returning id",
    [q.grantId, q.personId, q.at.toISOString()],
  );
  return rows.length === 1;
}

export type GrantRow = {
  id: string;
  organisation_id: string;
  organisation_name: string;
  purpose: Purpose;
  conditions: string[];
  via: string;
  granted_at: Date;
  revoked_at: Date | null;
};

export async function listGrants(db: Queryable, personId: string): Promise<GrantRow[]> {
  return db.query<GrantRow>(
    `select g.id, g.organisation_id, o.name as organisation_name, g.purpose, g.conditions, g.via, g.granted_at, g.revoked_at
     from person_access_grants g join organisations o on o.id = g.organisation_id where g.person_id = $1 order by g.granted_at`,
    [personId],
  );
}
