/**
 * @module pages
 * Every page of the web app in one table: its path, component, title, and — when it appears in the
 * main navigation — its label and the ability it needs. Capabilities add one line here.
 * The server enforces abilities; hiding a page is only courtesy.
 */
import type { JSX } from "react";
import { AdminPage } from "../accounts/admin.page";
import { AnonymousReportPage, AnonymousReturnPage } from "../anonymous/anonymous.page";
import { AuditPage } from "../audit/audit.page";
import { DeadlinesPage } from "../care/deadlines.page";
import { DossiersPage } from "../care/dossiers.page";
import { LargeGroupPage } from "../care/large-group.page";
import { ShelterPage } from "../care/shelter.page";
import { EstimationPage } from "../darknumber/estimation.page";
import { LinkagePage } from "../darknumber/linkage.page";
import { SubmitEncodingsPage } from "../darknumber/submit.page";
import { RegionsPage } from "../geo/regions.page";
import { PersonsPage } from "../persons/persons.page";
import { RegistrationsPage } from "../registry/registrations.page";
import { BreakGlassPage } from "../sharing/break-glass.page";
import { ConsentFormPage } from "../sharing/consent-form.page";
import { SharingRulesPage } from "../sharing/sharing-rules.page";
import { MySignalsPage } from "../signals/my-signals.page";
import { QuickResponsePage } from "../signals/quick-response.page";
import { SignalDeskPage } from "../signals/signal-desk.page";
import { SignalIntakePage } from "../signals/signal-intake.page";
import { SignalTeamPage } from "../signals/signal-team.page";
import { HomePage } from "./home.page";

export type PageDef = {
  path: string;
  component: () => JSX.Element | null;
  titleKey: string;
  /** Shown in the main navigation with this label. */
  navLabelKey?: string;
  /** Needed to see the page (and its navigation entry); with a list, any one of them will do. */
  ability?: string | readonly string[];
  /** Open to anyone, without logging in (the anonymous intake). */
  public?: boolean;
};

export const PAGES: PageDef[] = [
  { path: "/", component: HomePage, titleKey: "home.title", navLabelKey: "nav.home" },
  { path: "/melden", component: AnonymousReportPage, titleKey: "anonymous.title", public: true },
  { path: "/melden/terug", component: AnonymousReturnPage, titleKey: "anonymous.returnTitle", public: true },
  {
    path: "/beheer",
    component: AdminPage,
    titleKey: "admin.title",
    navLabelKey: "nav.admin",
    ability: "users:manage",
  },
  { path: "/regios", component: RegionsPage, titleKey: "regions.title", navLabelKey: "nav.regions" },
  {
    path: "/audit",
    component: AuditPage,
    titleKey: "audit.title",
    navLabelKey: "nav.audit",
    ability: "audit:read",
  },
  {
    path: "/personen",
    component: PersonsPage,
    titleKey: "persons.title",
    navLabelKey: "persons.nav",
    ability: "persons:record",
  },
  {
    path: "/deelregels",
    component: SharingRulesPage,
    titleKey: "sharing.rules.title",
    navLabelKey: "sharing.rules.nav",
  },
  {
    path: "/doorbraken",
    component: BreakGlassPage,
    titleKey: "sharing.breakGlass.title",
    navLabelKey: "sharing.breakGlass.nav",
    ability: "privacy:review",
  },
  {
    path: "/toestemmingsformulier",
    component: ConsentFormPage,
    titleKey: "sharing.consentForm.title",
    navLabelKey: "sharing.consentForm.nav",
  },
  {
    path: "/schatting",
    component: EstimationPage,
    titleKey: "darknumber.estimate.title",
    navLabelKey: "darknumber.estimate.nav",
    ability: "estimation:run",
  },
  {
    path: "/koppeling",
    component: LinkagePage,
    titleKey: "darknumber.linkage.title",
    navLabelKey: "darknumber.linkage.nav",
    ability: "estimation:run",
  },
  // One ability per page: organisations that submit encodings get their own page.
  {
    path: "/koppeling/aanleveren",
    component: SubmitEncodingsPage,
    titleKey: "darknumber.submit.title",
    navLabelKey: "darknumber.submit.nav",
    ability: "linkage:submit",
  },
  {
    path: "/meldingen/nieuw",
    component: SignalIntakePage,
    titleKey: "signals.intake.title",
    navLabelKey: "signals.intake.nav",
    ability: "signals:file",
  },
  {
    path: "/meldingen",
    component: MySignalsPage,
    titleKey: "signals.mine.title",
    navLabelKey: "signals.mine.nav",
    ability: "signals:file",
  },
  {
    path: "/meldpunt",
    component: SignalDeskPage,
    titleKey: "signals.desk.title",
    navLabelKey: "signals.desk.nav",
    ability: "signals:desk",
  },
  {
    path: "/meldingen/team",
    component: SignalTeamPage,
    titleKey: "signals.team.title",
    navLabelKey: "signals.team.nav",
    ability: ["investigations:follow", "cases:manage"],
  },
  // For the desk (who is alerted where) and the administrator (who alone edits).
  {
    path: "/snelle-reactieteams",
    component: QuickResponsePage,
    titleKey: "signals.quickResponse.title",
    navLabelKey: "signals.quickResponse.nav",
    ability: ["signals:desk", "reference:manage"],
  },
  {
    path: "/dossiers",
    component: DossiersPage,
    titleKey: "care.title",
    navLabelKey: "care.nav",
    ability: "cases:manage",
  },
  {
    path: "/dossiers/termijnen",
    component: DeadlinesPage,
    titleKey: "care.deadlines.title",
    ability: "cases:manage",
  },
  {
    path: "/dossiers/groep",
    component: LargeGroupPage,
    titleKey: "care.group.title",
    ability: "persons:record",
  },
  {
    path: "/opvang",
    component: ShelterPage,
    titleKey: "care.shelter.title",
    navLabelKey: "care.shelter.nav",
    ability: "shelter:manage",
  },
  {
    path: "/registratie",
    component: RegistrationsPage,
    titleKey: "registry.title",
    navLabelKey: "registry.nav",
    ability: "registry:manage",
  },
];

export function findPage(path: string): PageDef | undefined {
  return PAGES.find((p) => p.path === path);
}

/** Whether a user with these abilities may open the page. */
export function mayOpen(page: PageDef, abilities: readonly string[]): boolean {
  if (!page.ability) return true;
  const needed: readonly string[] = typeof page.ability === "string" ? [page.ability] : page.ability;
  return needed.some((a) => abilities.includes(a));
}

export function navigationFor(abilities: readonly string[]): PageDef[] {
  return PAGES.filter((p) => p.navLabelKey && mayOpen(p, abilities));
}
