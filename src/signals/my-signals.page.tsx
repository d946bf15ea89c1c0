/**
 * @module my-signals.page
 * "Mijn meldingen": the signals the organisation filed, with their status (which includes the
 * team's answer). Opening one shows its status, history and routings (track, team, status); a
 * submitted signal cannot change, but a later fact can be added. A draft can still be submitted.
 */
import { Button, Heading1, Heading2, Paragraph } from "@utrecht/component-library-react/css-module";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { Done, ErrorAlert, Loading, TextAreaField } from "../web/form";
import type { Signal, SignalListItem } from "./signal.components";
import { SignalView } from "./signal-detail";
import { SignalLink, SignalTable, useOpenSignalId } from "./signal-list";
import { SignalRegistration } from "./signal-registration";

export function MySignalsPage() {
  const { t } = useTranslation();
  const id = useOpenSignalId();
  return (
    <>
      <Heading1>{t("signals.mine.title")}</Heading1>
      {id ? (
        <SignalView
          id={id}
          backHref="/meldingen"
          actions={(signal, reload) => (
            <>
              <OwnerActions signal={signal} reload={reload} />
              <SignalRegistration signal={signal} />
            </>
          )}
        />
      ) : (
        <MyList />
      )}
    </>
  );
}

function MyList() {
  const { t } = useTranslation();
  const [items, setItems] = useState<SignalListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: SignalListItem[] }>("GET", "/signals?view=mine").then((r) => setItems(r.items), setError);
  }, []);
  return (
    <>
      <Paragraph>{t("signals.mine.intro")}</Paragraph>
      <Paragraph>
        <SignalLink href="/meldingen/nieuw">{t("signals.mine.new")}</SignalLink>
      </Paragraph>
      <ErrorAlert error={error} />
      {items ? (
        <SignalTable items={items} label={t("signals.mine.table")} hrefBase="/meldingen" />
      ) : (
        !error && <Loading />
      )}
    </>
  );
}

function OwnerActions({ signal, reload }: { signal: Signal; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (signal.access !== "owner") return null;
  if (signal.status === "draft")
    return (
      <section aria-labelledby="draft-heading" className="samen-section">
        <Heading2 id="draft-heading">{t("signals.mine.draftTitle")}</Heading2>
        <Paragraph>{t("signals.mine.draftText")}</Paragraph>
        <Paragraph>
          <SignalLink href={`/meldingen/nieuw?concept=${signal.id}`}>
            {t("signals.mine.editDraft")}
          </SignalLink>
        </Paragraph>
        <ErrorAlert error={error} />
        <Button
          appearance="primary-action-button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await api("POST", `/signals/drafts/${signal.id}/submission`);
              await reload();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("signals.intake.submit")}
        </Button>
      </section>
    );
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setDone(null);
    try {
      await api("POST", `/signals/${signal.id}/facts`, { text });
      setText("");
      setError(null);
      await reload();
      setDone(t("signals.fact.added"));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="fact-heading" className="samen-section">
      <Heading2 id="fact-heading">{t("signals.fact.title")}</Heading2>
      <Paragraph>{t("signals.fact.intro")}</Paragraph>
      <form className="samen-form" onSubmit={onSubmit} noValidate>
        <ErrorAlert error={error} />
        <TextAreaField
          id="fact-text"
          label={t("signals.fact.label")}
          value={text}
          onChange={setText}
          required
          maxLength={10000}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy || text.trim() === ""}>
          {t("signals.fact.submit")}
        </Button>
      </form>
      <Done text={done} />
    </section>
  );
}
