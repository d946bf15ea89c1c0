/**
 * @module demo.seed
 * Loads the synthetic demo organisations and users into an empty database.
 */
import { countOrganisations } from "../accounts/accounts.repository";
import { createOrganisation, createUser } from "../accounts/accounts.service";
import { upsertRegionCoordinator } from "../care/coordination.repository";
import { recordPerson, sharePerson } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import { SYSTEM_ACTOR } from "../platform/deps";
import type { Viewer } from "../sharing/presenter";
import { setQuickResponseTeam } from "../signals/quick-response.service";
import { DEMO_PASSWORD, demoOrganisations, demoPersons, demoUsers } from "./demo.generator";

export type DemoLogin = { email: string; roles: string[]; organisation: string };

/** Seeds when the database has no organisations; returns the demo logins, or null when it did nothing. */
export async function seedDemoIfEmpty(deps: Deps): Promise<DemoLogin[] | null> {
  if ((await countOrganisations(deps.db)) > 0) return null;
  const ids = new Map<string, { id: string; name: string }>();
  for (const o of demoOrganisations()) {
    const org = await createOrganisation(deps, SYSTEM_ACTOR, { ...o, isSynthetic: true });
    ids.set(o.key, { id: org.id, name: org.name });
  }
  const logins: DemoLogin[] = [];
  const viewers = new Map<string, Viewer>();
  for (const u of demoUsers()) {
    const org = ids.get(u.orgKey);
    if (!org) throw new Error(`Demo user ${u.email} refers to unknown organisation ${u.orgKey}`);
    const user = await createUser(deps, SYSTEM_ACTOR, {
      ...u,
      organisationId: org.id,
      password: DEMO_PASSWORD,
      isSynthetic: true,
    });
    const type = demoOrganisations().find((o) => o.key === u.orgKey)!.type;
    viewers.set(u.email, {
      userId: user.id,
      organisationId: org.id,
      organisationType: type,
      roles: u.roles,
      requestId: null,
    });
    logins.push({ email: u.email, roles: u.roles, organisation: org.name });
  }
  // The two demo coordination organisations coordinate care in their (example) regions; the
  // coverage report then shows the rest of the country as not yet covered.
  for (const [orgKey, region] of [
    ["zorg-utrecht", "voorbeeld-vr09"],
    ["zorg-groningen", "voorbeeld-vr01"],
  ] as const) {
    await deps.db.transaction((tx) =>
      upsertRegionCoordinator(tx, {
        regionCode: region,
        organisationId: ids.get(orgKey)!.id,
        minAge: null,
        maxAge: null,
        active: true,
        by: null,
        at: deps.now(),
      }),
    );
  }
  // Every police unit's AVIM runs the quick-response team of its region in the demo.
  const administrator = [...viewers.values()].find((v) => v.roles.includes("administrator"))!;
  for (const org of demoOrganisations().filter((o) => o.type === "police" && o.policeUnitId))
    await setQuickResponseTeam(deps, administrator, org.policeUnitId!, {
      organisationId: ids.get(org.key)!.id,
      teamName: `Piket AVIM ${org.name.replace(/^Politie eenheid /, "").replace(/, AVIM.*$/, "")} (synthetisch)`,
    });
  for (const p of demoPersons()) {
    const holder = viewers.get(p.holderEmail)!;
    const id = await recordPerson(deps, holder, p.input);
    if (p.shareWith) {
      const recipient = viewers.get(p.shareWith.email)!;
      await sharePerson(deps, holder, id, {
        organisationId: recipient.organisationId,
        purpose: p.shareWith.purpose,
        conditions: [],
        reason: "Demo: plaatsing besproken (synthetisch)",
      });
    }
  }
  return logins;
}

export function formatDemoLogins(logins: DemoLogin[]): string {
  const width = Math.max(...logins.map((l) => l.email.length));
  return [
    "Demo-aanmeldingen (synthetische gegevens) / Demo logins (synthetic data)",
    `Wachtwoord voor allemaal / Password for all: ${DEMO_PASSWORD}`,
    ...logins.map((l) => `  ${l.email.padEnd(width)}  ${l.roles.join(", ")} — ${l.organisation}`),
  ].join("\n");
}
