/**
 * @module registry-duplicates
 * "Mogelijke dubbele registraties": pairs of registrations that blind-index matching suggests are the
 * same person, with the score, what matches and what contradicts — never a name. The officer opens
 * both registrations to compare the persons, then merges the pair (the registration received first
 * stays) or records that it is not a duplicate. A doubtful merge (a contradiction, or a score below
 * 0.85) needs a note; the page says so before it asks the server, which checks the same.
 */
import {
  Button,
  ButtonGroup,
  Heading2,
  Heading3,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@utrecht/component-library-react/css-module";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CareLink } from "../care/care.components";
import { useDateFormat } from "../persons/privacy.components";
import { ApiError, api } from "../web/api";
import { Done, ErrorAlert, Loading, problemOf, TextAreaField } from "../web/form";

type Suggestion = {
  a: string;
  b: string;
  score: number;
  class: "likely_same_person" | "possible";
  matchingKinds: string[];
  conflicts: string[];
  doubtful: boolean;
  survivorId: string;
  registrations: { id: string; mode: string; registeringOrganisationType: string; createdAt: string }[];
};

type Decision = { survivingRegistrationId: string; mergedRegistrationId: string | null };

export function DuplicateSuggestions({ onDecided }: { onDecided: () => void }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const [data, setData] = useState<{ items: Suggestion[]; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [stale, setStale] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setData(await api<{ items: Suggestion[]; total: number }>("GET", "/registry-duplicates"));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const decided = async (pair: Suggestion, decision: Decision) => {
    const survivor = pair.registrations.find((r) => r.id === decision.survivingRegistrationId);
    setDone(
      decision.mergedRegistrationId
        ? t("registry.duplicates.merged", { time: survivor ? format.dateTime(survivor.createdAt) : "" })
        : t("registry.duplicates.markedNotDuplicate"),
    );
    await load();
    onDecided();
  };
  return (
    <section aria-labelledby="registry-duplicates-heading" className="samen-section">
      <Heading2 id="registry-duplicates-heading">{t("registry.duplicates.title")}</Heading2>
      <Paragraph>{t("registry.duplicates.intro")}</Paragraph>
      <Done text={done} />
      <ErrorAlert error={error ?? stale} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <Paragraph>{t("registry.duplicates.none")}</Paragraph>}
      {data && data.total > data.items.length && (
        <Paragraph>
          {t("registry.duplicates.more", { shown: data.items.length, total: data.total })}
        </Paragraph>
      )}
      {data?.items.map((pair, index) => (
        <DuplicatePair
          key={`${pair.a}-${pair.b}`}
          pair={pair}
          n={index + 1}
          onDecided={(d) => decided(pair, d)}
          onStart={() => {
            setDone(null);
            setStale(null);
          }}
          onStale={async (e) => {
            setStale(e);
            await load();
            onDecided();
          }}
        />
      ))}
    </section>
  );
}

function DuplicatePair({
  pair,
  n,
  onDecided,
  onStart,
  onStale,
}: {
  pair: Suggestion;
  n: number;
  onDecided: (decision: Decision) => Promise<void>;
  onStart: () => void;
  onStale: (error: unknown) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const format = useDateFormat();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [noteMissing, setNoteMissing] = useState(false);
  const headingId = `duplicate-${pair.a}-${pair.b}`;
  const noteId = `${headingId}-note`;
  const kind = (k: string) => t(`registry.duplicates.kinds.${k}`);
  const score = new Intl.NumberFormat(i18n.language.startsWith("en") ? "en-GB" : "nl-NL", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  }).format(pair.score);
  const noteProblem =
    noteMissing || problemOf(error, "note") ? t("registry.duplicates.noteMissing") : undefined;
  const decide = async (decision: "same_person" | "not_duplicate") => {
    onStart();
    if (decision === "same_person" && pair.doubtful && !note.trim()) {
      setNoteMissing(true);
      setError(null);
      document.getElementById(noteId)?.focus();
      return;
    }
    setNoteMissing(false);
    setBusy(true);
    setError(null);
    try {
      const result = await api<Decision>("POST", "/registry-merge-decisions", {
        a: pair.a,
        b: pair.b,
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      await onDecided(result);
    } catch (e) {
      setBusy(false);
      // Decided meanwhile (by a colleague, or in another tab): the list is stale, show it afresh.
      if (e instanceof ApiError && e.status === 409) return onStale(e);
      setError(e);
    }
  };
  return (
    <article aria-labelledby={headingId} className="samen-card">
      <Heading3 id={headingId}>
        {t("registry.duplicates.pairTitle", { n, class: t(`registry.duplicates.classes.${pair.class}`) })}
      </Heading3>
      <dl className="samen-meta">
        <div>
          <dt>{t("registry.duplicates.score")}</dt>
          <dd>{score}</dd>
        </div>
        <div>
          <dt>{t("registry.duplicates.matching")}</dt>
          <dd>{pair.matchingKinds.map(kind).join(", ")}</dd>
        </div>
        <div>
          <dt>{t("registry.duplicates.conflicts")}</dt>
          <dd>
            {pair.conflicts.length > 0
              ? pair.conflicts.map(kind).join(", ")
              : t("registry.duplicates.noConflicts")}
          </dd>
        </div>
      </dl>
      <UnorderedList>
        {[...pair.registrations]
          .sort((x, y) => (x.id === pair.survivorId ? -1 : y.id === pair.survivorId ? 1 : 0))
          .map((r) => {
            const survives = r.id === pair.survivorId;
            return (
              <UnorderedListItem key={r.id}>
                <CareLink href={`/registratie?id=${r.id}`}>
                  {survives ? t("registry.duplicates.openFirst") : t("registry.duplicates.openLater")}
                </CareLink>{" "}
                {t("registry.duplicates.received", {
                  time: format.dateTime(r.createdAt),
                  organisationType: t(`organisationTypes.${r.registeringOrganisationType}`),
                })}{" "}
                — {survives ? t("registry.duplicates.survives") : t("registry.duplicates.mergedAway")}
              </UnorderedListItem>
            );
          })}
      </UnorderedList>
      <ErrorAlert error={problemOf(error, "note") ? null : error} />
      <form
        className="samen-form"
        noValidate
        onSubmit={(e) => e.preventDefault()}
        aria-labelledby={headingId}
      >
        <TextAreaField
          id={noteId}
          label={t("registry.duplicates.note")}
          description={
            pair.doubtful ? t("registry.duplicates.noteRequired") : t("registry.duplicates.noteOptional")
          }
          value={note}
          onChange={(v) => {
            setNote(v);
            if (v.trim()) setNoteMissing(false);
          }}
          error={noteProblem}
          required={pair.doubtful}
          maxLength={2000}
          rows={3}
        />
        <ButtonGroup>
          <Button
            appearance="primary-action-button"
            disabled={busy}
            aria-describedby={headingId}
            onClick={() => void decide("same_person")}
          >
            {t("registry.duplicates.merge")}
          </Button>
          <Button
            appearance="secondary-action-button"
            disabled={busy}
            aria-describedby={headingId}
            onClick={() => void decide("not_duplicate")}
          >
            {t("registry.duplicates.notDuplicate")}
          </Button>
        </ButtonGroup>
      </form>
    </article>
  );
}
