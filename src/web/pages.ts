/**
 * @module pages
 * Every page of the web app in one table: its path, component, title, and — when it appears in the
 * main navigation — its label and the ability it needs. Capabilities add one line here.
 * The server enforces abilities; hiding a page is only courtesy.
 */
import type { JSX } from "react";
import { AdminPage } from "../accounts/admin.page";
import { AuditPage } from "../audit/audit.page";
import { EstimationPage } from "../darknumber/estimation.page";
import { LinkagePage } from "../darknumber/linkage.page";
import { SubmitEncodingsPage } from "../darknumber/submit.page";
import { RegionsPage } from "../geo/regions.page";
import { PersonsPage } from "../persons/persons.page";
import { BreakGlassPage } from "../sharing/break-glass.page";
import { ConsentFormPage } from "../sharing/consent-form.page";
import { SharingRulesPage } from "../sharing/sharing-rules.page";
import { HomePage } from "./home.page";

export type PageDef = {
  path: string;
  component: () => JSX.Element | null;
  titleKey: string;
  /** Shown in the main navigation with this label. */
  navLabelKey?: string;
  /** Needed to see the page (and its navigation entry). */
  ability?: string;
};

export const PAGES: PageDef[] = [
  { path: "/", component: HomePage, titleKey: "home.title", navLabelKey: "nav.home" },
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
];

export function findPage(path: string): PageDef | undefined {
  return PAGES.find((p) => p.path === path);
}

export function navigationFor(abilities: readonly string[]): PageDef[] {
  return PAGES.filter((p) => p.navLabelKey && (!p.ability || abilities.includes(p.ability)));
}
