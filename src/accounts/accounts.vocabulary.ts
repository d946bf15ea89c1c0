/**
 * @module accounts.vocabulary
 * The fixed vocabularies of who uses Samen: organisation types and user roles (DESIGN.md §2).
 * Pure data, shared by the sharing rules, the permission checks and the UI.
 */
import { z } from "zod";

/** Organisation types. Sharing rules are written per source and recipient type. */
export const ORGANISATION_TYPES = [
  "police",
  "kmar",
  "labour_inspectorate",
  "public_prosecutor",
  "municipality",
  "care_provider",
  "shelter",
  "comensha",
  "riec",
  "ngo",
  "ind",
  "veilig_thuis",
  "youth_care",
  "rapporteur",
  "platform_operator",
] as const;
export const OrganisationTypeSchema = z.enum(ORGANISATION_TYPES);
export type OrganisationType = z.infer<typeof OrganisationTypeSchema>;

/** User roles. A user has one or more roles within one organisation. */
export const ROLES = [
  "signaller",
  "desk_officer",
  "care_coordinator",
  "shelter_staff",
  "registry_officer",
  "investigator",
  "riec_analyst",
  "policy_officer",
  "statistician",
  "privacy_officer",
  "administrator",
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Roles that never see personal data of victims, reporters or subjects: they work with aggregates
 * only. Every other role must use a second factor (TOTP).
 */
export const ROLES_WITHOUT_PERSONAL_DATA: readonly Role[] = ["policy_officer", "statistician"];

/** Whether a role can see personal data and therefore requires a second factor. */
export function roleRequiresSecondFactor(role: Role): boolean {
  return !ROLES_WITHOUT_PERSONAL_DATA.includes(role);
}
