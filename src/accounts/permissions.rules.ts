/**
 * @module permissions.rules
 * What each role may do, as one table. Record-level access to personal data is decided by the
 * sharing rules (src/sharing); this table covers capabilities (screens and actions).
 */
import type { Role } from "./accounts.vocabulary";

export const ABILITIES = [
  "signals:file",
  "signals:desk",
  "cases:manage",
  "shelter:manage",
  "registry:manage",
  "investigations:follow",
  "conference:manage",
  "monitor:view",
  "estimation:run",
  "privacy:review",
  "audit:read",
  "organisations:manage",
  "users:manage",
  "reference:manage",
] as const;
export type Ability = (typeof ABILITIES)[number];

const TABLE: Record<Role, readonly Ability[]> = {
  signaller: ["signals:file"],
  desk_officer: ["signals:file", "signals:desk"],
  care_coordinator: ["signals:file", "cases:manage"],
  shelter_staff: ["shelter:manage"],
  registry_officer: ["registry:manage", "monitor:view"],
  investigator: ["signals:file", "investigations:follow"],
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
