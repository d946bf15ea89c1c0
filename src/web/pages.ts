/**
 * @module pages
 * Every page of the web app in one table: its path, component, title, and — when it appears in the
 * main navigation — its label and the ability it needs. Capabilities add one line here.
 * The server enforces abilities; hiding a page is only courtesy.
 */
import { type ComponentType, lazy } from "react";
import { HomePage } from "./home.page";

/**
 * A page's code is loaded when the page is first opened, not with the app: the anonymous intake on a
 * phone then loads only what it needs. App renders pages inside Suspense.
 */
function lazyPage<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): ComponentType {
  return lazy(() => load().then((module) => ({ default: pick(module) })));
}

const AdminPage = lazyPage(
  () => import("../accounts/admin.page"),
  (m) => m.AdminPage,
);
const AnonymousReportPage = lazyPage(
  () => import("../anonymous/anonymous.page"),
  (m) => m.AnonymousReportPage,
);
const AnonymousReturnPage = lazyPage(
  () => import("../anonymous/anonymous.page"),
  (m) => m.AnonymousReturnPage,
);
const AuditPage = lazyPage(
  () => import("../audit/audit.page"),
  (m) => m.AuditPage,
);
const DeadlinesPage = lazyPage(
  () => import("../care/deadlines.page"),
  (m) => m.DeadlinesPage,
);
const DossiersPage = lazyPage(
  () => import("../care/dossiers.page"),
  (m) => m.DossiersPage,
);
const LargeGroupPage = lazyPage(
  () => import("../care/large-group.page"),
  (m) => m.LargeGroupPage,
);
const ShelterPage = lazyPage(
  () => import("../care/shelter.page"),
  (m) => m.ShelterPage,
);
const EstimationPage = lazyPage(
  () => import("../darknumber/estimation.page"),
  (m) => m.EstimationPage,
);
const LinkagePage = lazyPage(
  () => import("../darknumber/linkage.page"),
  (m) => m.LinkagePage,
);
const SubmitEncodingsPage = lazyPage(
  () => import("../darknumber/submit.page"),
  (m) => m.SubmitEncodingsPage,
);
const RegionsPage = lazyPage(
  () => import("../geo/regions.page"),
  (m) => m.RegionsPage,
);
const PersonsPage = lazyPage(
  () => import("../persons/persons.page"),
  (m) => m.PersonsPage,
);
const RegistrationsPage = lazyPage(
  () => import("../registry/registrations.page"),
  (m) => m.RegistrationsPage,
);
const BreakGlassPage = lazyPage(
  () => import("../sharing/break-glass.page"),
  (m) => m.BreakGlassPage,
);
const ConsentFormPage = lazyPage(
  () => import("../sharing/consent-form.page"),
  (m) => m.ConsentFormPage,
);
const SharingRulesPage = lazyPage(
  () => import("../sharing/sharing-rules.page"),
  (m) => m.SharingRulesPage,
);
const MySignalsPage = lazyPage(
  () => import("../signals/my-signals.page"),
  (m) => m.MySignalsPage,
);
const QuickResponsePage = lazyPage(
  () => import("../signals/quick-response.page"),
  (m) => m.QuickResponsePage,
);
const SignalDeskPage = lazyPage(
  () => import("../signals/signal-desk.page"),
  (m) => m.SignalDeskPage,
);
const SignalIntakePage = lazyPage(
  () => import("../signals/signal-intake.page"),
  (m) => m.SignalIntakePage,
);
const SignalTeamPage = lazyPage(
  () => import("../signals/signal-team.page"),
  (m) => m.SignalTeamPage,
);

export type PageDef = {
  path: string;
  component: ComponentType;
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
