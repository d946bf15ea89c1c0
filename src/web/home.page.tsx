import {
  Heading1,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@utrecht/component-library-react/css-module";
import { useTranslation } from "react-i18next";
import { navigationFor } from "./pages";
import { RouterLink } from "./router";
import { useSession } from "./session";

/** The start page: who you are, and the tasks your role has. */
export function HomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (!session) return null;
  const tasks = navigationFor(session.abilities).filter((p) => p.path !== "/");
  return (
    <>
      <Heading1>{t("home.title")}</Heading1>
      <Paragraph>
        {t("home.welcome", { name: session.user.displayName, organisation: session.organisation.name })}
      </Paragraph>
      <Paragraph>
        {t("home.roles", { roles: session.user.roles.map((r) => t(`roles.${r}`)).join(", ") })}
      </Paragraph>
      <UnorderedList>
        {tasks.map((task) => (
          <UnorderedListItem key={task.path}>
            <RouterLink href={task.path}>{t(task.navLabelKey!)}</RouterLink>
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </>
  );
}
