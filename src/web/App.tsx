/**
 * @module App
 * Routes to pages. Everything except the login steps needs an active session.
 */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { AdminPage } from "../accounts/admin.page";
import { LoginPage } from "../accounts/login.page";
import { AuditPage } from "../audit/audit.page";
import { RegionsPage } from "../geo/regions.page";
import { Loading } from "./components";
import { HomePage } from "./home.page";
import { Layout, NotFoundPage } from "./Layout";
import { usePath } from "./router";
import { useSession } from "./session";

const PAGES: Record<string, { component: () => React.JSX.Element | null; titleKey: string }> = {
  "/": { component: HomePage, titleKey: "home.title" },
  "/beheer": { component: AdminPage, titleKey: "admin.title" },
  "/regios": { component: RegionsPage, titleKey: "regions.title" },
  "/audit": { component: AuditPage, titleKey: "audit.title" },
};

export function App() {
  const { t } = useTranslation();
  const { session, loading } = useSession();
  const path = usePath();
  const page = PAGES[path];
  const showLogin = !loading && session?.stage !== "active";
  const titleKey = showLogin ? "login.title" : (page?.titleKey ?? "common.pageNotFoundTitle");
  useEffect(() => {
    document.title = `${t(titleKey)} — Samen`;
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [t, titleKey]);
  let content: React.JSX.Element;
  if (loading) content = <Loading />;
  else if (showLogin) content = <LoginPage />;
  else if (page) content = <page.component />;
  else content = <NotFoundPage />;
  return <Layout>{content}</Layout>;
}
