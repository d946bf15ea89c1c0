/**
 * @module signal-list
 * A table of signals (reference, dates, urgency, forms, status, deadline), shared by the reporter's,
 * the desk's and the team's lists. Overdue signals say so in words, not only by colour. The open
 * signal lives in the address (`?id=…`) so back and forward work.
 */
import {
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { type MouseEvent, type ReactNode, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { ScrollTable } from "../web/form";
import { navigate } from "../web/router";
import { OverdueBadge, type SignalListItem, useSignalDates, useSignalVocabulary } from "./signal.components";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NAVIGATED = "samen:signals-navigated";

function subscribe(listener: () => void) {
  window.addEventListener("popstate", listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

/** Navigates within the app and tells the signal pages that the query (`?id=…`) changed. */
export function goTo(href: string): void {
  navigate(href);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** A link inside the signal pages: a plain click stays in the app and updates the open signal. */
export function SignalLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        goTo(href);
      }}
    >
      {children}
    </a>
  );
}

/** The signal id in the address (`?id=…`), or null. */
export function useOpenSignalId(): string | null {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  const id = new URLSearchParams(search).get("id");
  return id && UUID.test(id) ? id : null;
}

export function SignalTable({
  items,
  label,
  hrefBase,
  showReporter,
  showDeadline,
}: {
  items: SignalListItem[];
  label: string;
  hrefBase: string;
  showReporter?: boolean;
  showDeadline?: boolean;
}) {
  const { t } = useTranslation();
  const vocab = useSignalVocabulary();
  const dates = useSignalDates();
  if (items.length === 0) return <Paragraph>{t("signals.list.empty")}</Paragraph>;
  return (
    <ScrollTable label={label} landmark>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("signals.reference")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("signals.submittedAt")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("signals.urgency")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("signals.forms")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("signals.minor")}</TableHeaderCell>
            {showReporter && <TableHeaderCell scope="col">{t("signals.reporter")}</TableHeaderCell>}
            <TableHeaderCell scope="col">{t("signals.status")}</TableHeaderCell>
            {showDeadline && <TableHeaderCell scope="col">{t("signals.deadline")}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((s) => (
            <TableRow key={s.id} className={s.overdue ? "samen-signal-row--overdue" : undefined}>
              <TableCell>
                <SignalLink href={`${hrefBase}?id=${s.id}`}>{s.reference}</SignalLink>
                {s.grouped && <span className="samen-note"> {t("signals.list.grouped")}</span>}
              </TableCell>
              <TableCell>
                {s.submittedAt ? dates.dateTime(s.submittedAt) : t("signals.notSubmitted")}
              </TableCell>
              <TableCell>{vocab.urgency(s.urgency)}</TableCell>
              <TableCell>
                {s.forms.length ? s.forms.map(vocab.form).join(", ") : t("signals.unknown")}
              </TableCell>
              <TableCell>{s.minorInvolved ? t("signals.yes") : t("signals.no")}</TableCell>
              {showReporter && <TableCell>{s.reporterOrganisation ?? "—"}</TableCell>}
              <TableCell>{vocab.status(s.status)}</TableCell>
              {showDeadline && (
                <TableCell>
                  {s.deadlineAt ? dates.dateTime(s.deadlineAt) : "—"} {s.overdue && <OverdueBadge t={t} />}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollTable>
  );
}
