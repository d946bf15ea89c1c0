/**
 * @module person.fields
 * The fields of a person record, each with its data category and the column that stores it.
 * Encrypted columns (`_enc`) hold identity, contact, location and health data; the categories must
 * agree with src/sharing/column-classification.ts (a test checks this).
 */
import type { DataCategory } from "../sharing/data-categories";

export const PERSON_FIELDS = {
  role: { category: "case_facts", column: "role", encrypted: false },
  name: { category: "identity", column: "name_enc", encrypted: true },
  alias: { category: "identity", column: "alias_enc", encrypted: true },
  birthDate: { category: "identity", column: "birth_date_enc", encrypted: true },
  ageGroup: { category: "case_facts", column: "age_group", encrypted: false },
  gender: { category: "case_facts", column: "gender", encrypted: false },
  nationality: { category: "case_facts", column: "nationality", encrypted: false },
  languages: { category: "case_facts", column: "languages", encrypted: false },
  phone: { category: "contact", column: "phone_enc", encrypted: true },
  email: { category: "contact", column: "email_enc", encrypted: true },
  address: { category: "contact", column: "address_enc", encrypted: true },
  whereabouts: { category: "location", column: "whereabouts_enc", encrypted: true },
  residenceStatus: { category: "residence_status", column: "residence_status", encrypted: false },
  healthNotes: { category: "health", column: "health_notes_enc", encrypted: true },
} as const satisfies Record<string, { category: DataCategory; column: string; encrypted: boolean }>;

export type PersonField = keyof typeof PERSON_FIELDS;
export const PERSON_FIELD_NAMES = Object.keys(PERSON_FIELDS) as PersonField[];
