/**
 * @module signal-team.page
 * "Team": signals the desk routed to the user's organisation (police, inspectorate, care
 * coordination, …). Opening one shows what the team may see for its purpose; the team accepts or
 * declines each routing, a decline with its reason. The reporter sees the outcome.
 */
import {
  Alert,
  Button,
  ButtonGroup,
  Heading1,
  Heading2,
  Paragraph,
} from "@utrecht/component-library-react/css-module";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { Done, ErrorAlert, Loading, TextAreaField } from "../web/form";
import type { Signal, SignalListItem, SignalRouting } from "./signal.components";
import { useSignalDates, useSignalVocabulary } from "./signal.components";
import { SignalView } from "./signal-detail";
import { SignalLink, SignalTable, useOpenSignalId } from "./signal-list";

export function SignalTeamPage() {
  const { t } = useTranslation();
  const id = useOpenSignalId();
  return (
    <>
      <Heading1>{t("signals.team.title")}</Heading1>
      {id ? (
        <SignalView
          id={id}
          backHref="/meldingen/team"
          actions={(signal, reload) => <TeamDecisions signal={signal} reload={reload} />}
        />
      ) : (
        <TeamList />
      )}
    </>
  );
}

/** Acute signals alerted to this team and not yet accepted: first thing on the page, with their clocks. */
function QuickResponseAlerts({ items }: { items: SignalListItem[] }) {
  const { t } = useTranslation();
  const dates = useSignalDates();
  const waiting = items
    .filter((s) => s.quickResponseDueAt)
    .sort((a, b) => a.quickResponseDueAt!.localeCompare(b.quickResponseDueAt!));
  if (waiting.length === 0) return null;
  return (
    <Alert type="error" role="alert">
      <Heading2>{t("signals.quickResponse.teamAlertTitle", { count: waiting.length })}</Heading2>
      <ul>
        {waiting.map((s) => (
          <li key={s.id}>
            <SignalLink href={`/meldingen/team?id=${s.id}`}>
              {t("signals.quickResponse.teamAlertItem", {
                reference: s.reference,
                due: dates.dateTime(s.quickResponseDueAt!),
              })}
            </SignalLink>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function TeamList() {
  const { t } = useTranslation();
  const [items, setItems] = useState<SignalListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: SignalListItem[] }>("GET", "/signals?view=team").then((r) => setItems(r.items), setError);
  }, []);
  return (
    <>
      <Paragraph>{t("signals.team.intro")}</Paragraph>
      <ErrorAlert error={error} />
      {items && <QuickResponseAlerts items={items} />}
      {items ? (
        <SignalTable items={items} label={t("signals.team.table")} hrefBase="/meldingen/team" showDeadline />
      ) : (
        !error && <Loading />
      )}
    </>
  );
}

function TeamDecisions({ signal, reload }: { signal: Signal; reload: () => Promise<void> }) {
  // The message outlives the decided routing's form, which disappears once it is no longer pending.
  const [done, setDone] = useState<string | null>(null);
  if (signal.access !== "team") return null;
  // One routing serves a group of linked signals: the team answers for the group, per track.
  const pending = signal.routings.filter((r) => r.status === "pending");
  const tracks = [...new Set(pending.map((r) => r.track))];
  return (
    <>
      {tracks.map((track) => (
        <Decision
          key={track}
          routings={pending.filter((r) => r.track === track)}
          reload={reload}
          onDone={setDone}
        />
      ))}
      <Done text={done} />
    </>
  );
}

function Decision({
  routings,
  reload,
  onDone,
}: {
  routings: SignalRouting[];
  reload: () => Promise<void>;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const vocab = useSignalVocabulary();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [declineWithoutReason, setDeclineWithoutReason] = useState(false);
  const first = routings[0]!;
  const decide = async (accept: boolean) => {
    if (!accept && !reason.trim()) {
      setDeclineWithoutReason(true);
      return;
    }
    setBusy(true);
    try {
      for (const routing of routings)
        await api("POST", `/signal-routings/${routing.id}/decision`, {
          accept,
          reason: reason.trim() || undefined,
        });
      setError(null);
      await reload();
      onDone(accept ? t("signals.team.accepted") : t("signals.team.declined"));
    } catch (e) {
      setError(e);
      await reload();
    } finally {
      setBusy(false);
    }
  };
  const headingId = `decision-${first.track}`;
  return (
    <section aria-labelledby={headingId} className="samen-section">
      <Heading2 id={headingId}>
        {t("signals.team.decisionTitle", { track: vocab.track(first.track) })}
      </Heading2>
      <Paragraph>{t("signals.team.decisionIntro", { basis: first.legalBasis })}</Paragraph>
      {routings.length > 1 && <Paragraph>{t("signals.team.group", { count: routings.length })}</Paragraph>}
      <ErrorAlert error={error} />
      <TextAreaField
        id={`decision-reason-${first.track}`}
        label={t("signals.team.reason")}
        description={t("signals.team.reasonHelp")}
        value={reason}
        onChange={(v) => {
          setReason(v);
          setDeclineWithoutReason(false);
        }}
        error={declineWithoutReason ? t("signals.team.reasonMissing") : undefined}
        maxLength={2000}
      />
      <ButtonGroup>
        <Button appearance="primary-action-button" disabled={busy} onClick={() => void decide(true)}>
          {t("signals.team.accept")}
        </Button>
        <Button appearance="secondary-action-button" disabled={busy} onClick={() => void decide(false)}>
          {t("signals.team.decline")}
        </Button>
      </ButtonGroup>
    </section>
  );
}
