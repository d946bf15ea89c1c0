/**
 * @module permissions.rules
 * What each role may do, as one table. Record-level access to personal data is decided by the
 * sharing rules (src/sharing); this table covers capabilities (screens and actions).
 */
import type { Purpose } from "../sharing/purposes";
import type { Role } from "./accounts.vocabulary";

export const ABILITIES = [
  "signals:file",
  "signals:desk",
  "persons:record",
  "cases:manage",
  "shelter:manage",
  "registry:manage",
  "investigations:follow",
  "conference:manage",
  "monitor:view",
  "estimation:run",
  "linkage:submit",
  "privacy:review",
  "audit:read",
  "organisations:manage",
  "users:manage",
  "reference:manage",
] as const;
export type Ability = (typeof ABILITIES)[number];

const TABLE: Record<Role, readonly Ability[]> = {
  signaller: ["signals:file"],
  desk_officer: ["signals:file", "signals:desk", "persons:record", "linkage:submit"],
  care_coordinator: ["signals:file", "cases:manage", "persons:record", "linkage:submit"],
  shelter_staff: ["shelter:manage", "persons:record"],
  registry_officer: ["registry:manage", "monitor:view", "persons:record", "linkage:submit"],
  investigator: ["signals:file", "investigations:follow", "persons:record", "linkage:submit"],
  riec_analyst: ["conference:manage"],
  policy_officer: ["monitor:view"],
  statistician: ["monitor:view", "estimation:run"],
  privacy_officer: ["privacy:review", "audit:read"],
  administrator: ["organisations:manage", "users:manage", "reference:manage"],
};

export function abilitiesOf(roles: readonly Role[]): Ability[] {
  const set = new Set<Ability>();
  for (const role of roles) for (const a of TABLE[role]) set.add(a);
  return ABILITIES.filter((a) => set.has(a));
}

export function can(roles: readonly Role[], ability: Ability): boolean {
  return roles.some((r) => TABLE[r].includes(ability));
}

/**
 * The purposes each role may read personal data for. A read for another purpose is refused before
 * any record is looked up, so the refusal says nothing about whether the record exists.
 * Statistics and research read aggregates only; the privacy officer and the administrator read no
 * personal data of data subjects at all.
 */
const PURPOSES: Record<Role, readonly Purpose[]> = {
  signaller: ["own_administration"],
  desk_officer: ["supervision", "investigation", "care", "own_administration"],
  care_coordinator: ["care", "registration", "residence_procedure", "own_administration"],
  shelter_staff: ["care", "own_administration"],
  registry_officer: ["registration", "own_administration"],
  investigator: ["investigation", "supervision", "residence_procedure", "own_administration"],
  riec_analyst: ["case_conference", "own_administration"],
  policy_officer: ["statistics"],
  statistician: ["statistics", "research"],
  privacy_officer: [],
  administrator: [],
};

export function purposesOf(roles: readonly Role[]): Purpose[] {
  const set = new Set<Purpose>();
  for (const role of roles) for (const p of PURPOSES[role]) set.add(p);
  return [...set];
}
