/**
 * @module App
 * Routes to pages. Everything except the login steps and public pages needs an active session.
 */
import { Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { LoginPage } from "../accounts/login.page";
import { Loading } from "./form";
import { Layout, NotFoundPage } from "./Layout";
import { findPage, mayOpen } from "./pages";
import { usePath } from "./router";
import { useSession } from "./session";

export function App() {
  const { t } = useTranslation();
  const { session, loading } = useSession();
  const path = usePath();
  const found = findPage(path);
  // A page the user's role may not use answers like a page that does not exist.
  const page = found?.public || (found && mayOpen(found, session?.abilities ?? [])) ? found : undefined;
  const showLogin = !found?.public && !loading && session?.stage !== "active";
  const titleKey = showLogin ? "login.title" : (page?.titleKey ?? "common.pageNotFoundTitle");
  useEffect(() => {
    document.title = `${t(titleKey)} — Samen`;
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [t, titleKey]);
  let content: React.JSX.Element;
  if (page?.public) content = <page.component />;
  else if (loading) content = <Loading />;
  else if (showLogin) content = <LoginPage />;
  else if (page) content = <page.component />;
  else content = <NotFoundPage />;
  return (
    <Layout>
      <Suspense fallback={<Loading />}>{content}</Suspense>
    </Layout>
  );
}
