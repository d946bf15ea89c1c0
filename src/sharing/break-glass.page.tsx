/**
 * @module break-glass.page
 * The privacy officer's review queue of break-glass accesses: who opened which record (by
 * pseudonym), from which organisation, for which purpose, with what reason and when; each is marked
 * justified or not justified, with a note. Pending accesses are shown first; a filter shows the rest.
 */
import {
  Button,
  ButtonGroup,
  Heading1,
  Heading2,
  Paragraph,
} from "@utrecht/component-library-react/css-module";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useDateFormat, useVocabulary } from "../persons/privacy.components";
import { api } from "../web/api";
import {
  Done,
  ErrorAlert,
  FormErrors,
  Loading,
  SelectField,
  TextAreaField,
  useFieldProblem,
} from "../web/form";

type Review = {
  id: string;
  personId: string;
  personPseudonym: string;
  userId: string;
  organisationName: string;
  purpose: string;
  reason: string;
  grantedAt: string;
  expiresAt: string;
  reviewStatus: "pending" | "justified" | "unjustified";
  reviewNote: string | null;
};

const STATUSES = ["pending", "justified", "unjustified", "all"] as const;

export function BreakGlassPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string>("pending");
  const [items, setItems] = useState<Review[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async (s: string) => {
    setError(null);
    try {
      setItems((await api<{ items: Review[] }>("GET", `/break-glass-reviews?status=${s}`)).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load(status);
  }, [load, status]);
  return (
    <>
      <Heading1>{t("sharing.breakGlass.title")}</Heading1>
      <Paragraph>{t("sharing.breakGlass.intro")}</Paragraph>
      <div className="samen-form">
        <SelectField
          id="review-status"
          label={t("sharing.breakGlass.filter")}
          value={status}
          onChange={(s) => {
            setDone(null);
            setStatus(s);
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`sharing.breakGlass.statuses.${s}`) }))}
        />
      </div>
      <Done text={done} />
      <ErrorAlert error={error} />
      {!items && !error && <Loading />}
      {items && (
        <Paragraph aria-live="polite">
          {items.length === 0
            ? t("sharing.breakGlass.none")
            : t("sharing.breakGlass.count", { number: items.length })}
        </Paragraph>
      )}
      {items?.map((r) => (
        <ReviewItem
          key={r.id}
          review={r}
          onDecided={async (justified) => {
            await load(status);
            setDone(
              t(justified ? "sharing.breakGlass.markedJustified" : "sharing.breakGlass.markedUnjustified", {
                pseudonym: r.personPseudonym,
              }),
            );
          }}
        />
      ))}
    </>
  );
}

function ReviewItem({
  review,
  onDecided,
}: {
  review: Review;
  onDecided: (justified: boolean) => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "sharing.breakGlass.invalid");
  const noteId = `note-${review.id}`;
  const headingId = `review-${review.id}`;
  const decide = async (justified: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/break-glass-reviews/${review.id}/decision`, { justified, note });
      await onDecided(justified);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article aria-labelledby={headingId} className="samen-card">
      <Heading2 id={headingId}>
        {t("sharing.breakGlass.itemTitle", { pseudonym: review.personPseudonym })}
      </Heading2>
      <dl className="samen-meta">
        <div>
          <dt>{t("sharing.breakGlass.organisation")}</dt>
          <dd>{review.organisationName}</dd>
        </div>
        <div>
          <dt>{t("sharing.breakGlass.purpose")}</dt>
          <dd>{vocab.purpose(review.purpose)}</dd>
        </div>
        <div>
          <dt>{t("sharing.breakGlass.openedAt")}</dt>
          <dd>{format.dateTime(review.grantedAt)}</dd>
        </div>
        <div>
          <dt>{t("sharing.breakGlass.expiresAt")}</dt>
          <dd>{format.dateTime(review.expiresAt)}</dd>
        </div>
        <div>
          <dt>{t("sharing.breakGlass.state")}</dt>
          <dd>{t(`sharing.breakGlass.statuses.${review.reviewStatus}`)}</dd>
        </div>
        <div className="samen-meta__wide">
          <dt>{t("sharing.breakGlass.reason")}</dt>
          <dd className="samen-quote">{review.reason}</dd>
        </div>
      </dl>
      {review.reviewNote && (
        <Paragraph>
          <strong>{t("sharing.breakGlass.note")}:</strong> {review.reviewNote}
        </Paragraph>
      )}
      {review.reviewStatus === "pending" && (
        <form
          className="samen-form"
          noValidate
          onSubmit={(e) => e.preventDefault()}
          aria-labelledby={headingId}
        >
          <FormErrors
            error={error}
            heading={t("persons.form.checkFields")}
            fields={[
              { name: "note", id: noteId, label: t("sharing.breakGlass.note"), problem: problem("note") },
            ]}
          />
          <TextAreaField
            id={noteId}
            label={t("sharing.breakGlass.note")}
            description={t("sharing.breakGlass.noteHelp")}
            value={note}
            onChange={setNote}
            error={problem("note")}
            maxLength={2000}
            rows={3}
            required
          />
          <ButtonGroup>
            <Button appearance="primary-action-button" disabled={busy} onClick={() => void decide(true)}>
              {t("sharing.breakGlass.justified")}
            </Button>
            <Button appearance="secondary-action-button" disabled={busy} onClick={() => void decide(false)}>
              {t("sharing.breakGlass.unjustified")}
            </Button>
          </ButtonGroup>
        </form>
      )}
    </article>
  );
}
