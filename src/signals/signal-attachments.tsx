/**
 * @module signal-attachments
 * A signal's attachments for whoever may read them (reporting organisation, desk, a routed team as
 * the sharing rules allow): name, type, size and a download link. Files are always downloaded, never
 * shown inline, so a crafted file cannot run in the app's origin. A refusal by the sharing rules is
 * shown with its reason.
 */
import { Heading3, Paragraph } from "@utrecht/component-library-react/css-module";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, localise } from "../web/api";
import { ErrorAlert } from "../web/form";
import { useSignalDates } from "./signal.components";

type Attachment = { id: string; fileName: string; mediaType: string; sizeBytes: number; addedAt: string };

export function SignalAttachments({ signalId }: { signalId: string }) {
  const { t, i18n } = useTranslation();
  const dates = useSignalDates();
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: Attachment[] }>("GET", `/signals/${signalId}/attachments`).then(
      (r) => setItems(r.items),
      setError,
    );
  }, [signalId]);
  const kb = new Intl.NumberFormat(i18n.language.startsWith("en") ? "en-GB" : "nl-NL", {
    maximumFractionDigits: 0,
  });
  return (
    <section aria-labelledby="signal-attachments-heading" className="samen-section">
      <Heading3 id="signal-attachments-heading">{t("signals.attachments.title")}</Heading3>
      {error instanceof ApiError && error.status === 403 ? (
        <Paragraph className="samen-redacted">{localise(error.message, i18n.language)}</Paragraph>
      ) : (
        <ErrorAlert error={error} />
      )}
      {items &&
        (items.length === 0 ? (
          <Paragraph>{t("signals.attachments.none")}</Paragraph>
        ) : (
          <ul>
            {items.map((a) => (
              <li key={a.id}>
                <a href={`/api/v1/signals/${signalId}/attachments/${a.id}`} download={a.fileName}>
                  {t("signals.attachments.download", { name: a.fileName })}
                </a>{" "}
                <span className="samen-note">
                  {t("signals.attachments.meta", {
                    type: a.mediaType === "application/pdf" ? "PDF" : t("signals.attachments.photo"),
                    size: kb.format(Math.max(1, Math.round(a.sizeBytes / 1000))),
                    added: dates.dateTime(a.addedAt),
                  })}
                </span>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
