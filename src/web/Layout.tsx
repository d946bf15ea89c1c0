/**
 * @module Layout
 * The page frame: skip link, header with role-aware navigation and language switch, the demo
 * banner, main content and footer.
 */
import {
  Alert,
  Button,
  Heading1,
  PageContent,
  PageFooter,
  PageHeader,
  Paragraph,
  SkipLink,
} from "@utrecht/component-library-react/css-module";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, setLanguage } from "./i18n";
import { navigationFor } from "./pages";
import { navigate, RouterLink, usePath } from "./router";
import { useSession } from "./session";

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { session, logout } = useSession();
  const path = usePath();
  const active = session?.stage === "active";
  const items = active ? navigationFor(session.abilities) : [];
  return (
    <div className="samen-page">
      <SkipLink href="#main">{t("layout.skipToContent")}</SkipLink>
      <PageHeader className="samen-header">
        <div className="samen-header__bar">
          <RouterLink href="/" className="samen-logo" aria-label={t("layout.home")}>
            Samen
          </RouterLink>
          <span className="samen-tagline">{t("layout.tagline")}</span>
          <div className="samen-header__tools">
            <nav aria-label={t("layout.language")} className="samen-language">
              {LANGUAGES.map((lng) => (
                <button
                  key={lng}
                  type="button"
                  lang={lng}
                  className="samen-language__option"
                  aria-pressed={i18n.language === lng}
                  onClick={() => setLanguage(lng)}
                >
                  {lng === "nl" ? "Nederlands" : "English"}
                </button>
              ))}
            </nav>
            {session && (
              <>
                <span className="samen-user">
                  {session.user.displayName} · {session.organisation.name}
                </span>
                <Button
                  appearance="subtle-button"
                  onClick={async () => {
                    await logout();
                    navigate("/");
                  }}
                >
                  {t("layout.logout")}
                </Button>
              </>
            )}
          </div>
        </div>
        {items.length > 0 && (
          <nav aria-label={t("layout.mainNavigation")} className="samen-nav">
            <ul>
              {items.map((item) => (
                <li key={item.path}>
                  <RouterLink href={item.path} aria-current={path === item.path ? "page" : undefined}>
                    {t(item.navLabelKey!)}
                  </RouterLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {session?.demoMode && (
          <div className="samen-demo-banner" role="note">
            <strong>{t("layout.demoTitle")}</strong> {t("layout.demoText")}
          </div>
        )}
      </PageHeader>
      <PageContent>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </PageContent>
      <PageFooter className="samen-footer">
        <Paragraph>{t("layout.footer")}</Paragraph>
      </PageFooter>
    </div>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <Heading1>{t("common.pageNotFoundTitle")}</Heading1>
      <Alert type="warning">
        <Paragraph>{t("common.pageNotFound")}</Paragraph>
      </Alert>
    </>
  );
}
