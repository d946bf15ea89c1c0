/**
 * @module person-record
 * One person's record, read for one purpose. Every field is listed: its value, or — visibly — the
 * reason it is hidden ("verborgen: toestemming nodig"); nothing is silently left out. Each field
 * answers "why can I see this?" from the explanation endpoint (rule, purpose, legal basis). A record
 * the user may not open answers "not found or no access" and offers break-glass, which is logged and
 * reviewed; a record opened that way carries a banner.
 */
import {
  Alert,
  Button,
  Heading2,
  Heading3,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@utrecht/component-library-react/css-module";
import type { TFunction } from "i18next";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Purpose } from "../sharing/purposes";
import { ApiError, api } from "../web/api";
import { ErrorAlert, FormErrors, Loading, SelectField, TextAreaField, useFieldProblem } from "../web/form";
import { RouterLink } from "../web/router";
import type { FieldBasis, Person, PresentedField } from "./person.client";
import { PERSON_FIELD_NAMES, type PersonField } from "./person.fields";
import { valueLabel } from "./person-form";
import { HolderSections } from "./person-holder";
import { useDateFormat, useMyPurposes, usePick, useVocabulary } from "./privacy.components";

/** Break-glass expiry per record and purpose, kept for this browser tab only (for the banner). */
const breakGlassUntil = new Map<string, string>();

export function PersonRecord({
  id,
  purpose,
  onPurposeChange,
}: {
  id: string;
  purpose: Purpose;
  onPurposeChange: (purpose: Purpose) => void;
}) {
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setPerson(await api<Person>("GET", `/persons/${id}?purpose=${purpose}`));
      setError(null);
    } catch (e) {
      setPerson(null);
      setError(e);
    }
  }, [id, purpose]);
  useEffect(() => {
    void load();
  }, [load]);
  if (error instanceof ApiError && error.status === 404) {
    return (
      <NotOpened
        id={id}
        purpose={purpose}
        onGranted={(p, expiresAt) => {
          breakGlassUntil.set(`${id}:${p}`, expiresAt);
          if (p === purpose) void load();
          else onPurposeChange(p);
        }}
      />
    );
  }
  if (error) return <ErrorAlert error={error} />;
  if (!person) return <Loading />;
  return <RecordView person={person} expiresAt={breakGlassUntil.get(`${id}:${purpose}`)} />;
}

function RecordView({ person, expiresAt }: { person: Person; expiresAt: string | undefined }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [explanation, setExplanation] = useState<Person | null>(null);
  const [explanationError, setExplanationError] = useState<unknown>(null);
  const [open, setOpen] = useState<Set<PersonField>>(new Set());
  const requested = useRef(false);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const toggle = (field: PersonField) => {
    const next = new Set(open);
    if (next.has(field)) next.delete(field);
    else next.add(field);
    setOpen(next);
    // One explanation request answers every field; it is audited like a read.
    if (!requested.current) {
      requested.current = true;
      api<Person>("GET", `/persons/${person.id}/explanation?purpose=${person.purpose}`).then(
        setExplanation,
        setExplanationError,
      );
    }
  };
  const hiddenCount = PERSON_FIELD_NAMES.filter((f) => person.fields[f] && !person.fields[f].visible).length;
  return (
    <article aria-labelledby="record-heading" className="samen-record">
      {person.access === "break_glass" && (
        <Alert type="warning" role="note" className="samen-break-glass-banner">
          <Paragraph>
            <strong>{t("persons.breakGlass.bannerTitle")}</strong>{" "}
            {expiresAt
              ? t("persons.breakGlass.bannerUntil", { time: format.dateTime(expiresAt) })
              : t("persons.breakGlass.banner")}
          </Paragraph>
        </Alert>
      )}
      <Heading2 id="record-heading" ref={headingRef} tabIndex={-1}>
        {t("persons.record.title", { pseudonym: person.pseudonym })}
      </Heading2>
      <dl className="samen-meta">
        <div>
          <dt>{t("persons.holder")}</dt>
          <dd>
            {person.holder.name} ({vocab.organisationType(person.holder.type)})
          </dd>
        </div>
        <div>
          <dt>{t("persons.record.access")}</dt>
          <dd>{t(`persons.access.${person.access}`)}</dd>
        </div>
        <div>
          <dt>{t("persons.record.purpose")}</dt>
          <dd>{vocab.purpose(person.purpose)}</dd>
        </div>
        <div>
          <dt>{t("persons.status")}</dt>
          <dd>{t(`persons.statuses.${person.status}`)}</dd>
        </div>
      </dl>
      <section aria-labelledby="fields-heading">
        <Heading3 id="fields-heading">{t("persons.record.fields")}</Heading3>
        <Paragraph>
          {hiddenCount > 0
            ? t("persons.record.someHidden", { hidden: hiddenCount })
            : t("persons.record.allVisible")}
        </Paragraph>
        <dl className="samen-fields">
          {PERSON_FIELD_NAMES.map((name) => {
            const field = person.fields[name];
            if (!field) return null;
            return (
              <FieldItem
                key={name}
                name={name}
                field={field}
                open={open.has(name)}
                onToggle={() => toggle(name)}
                basis={explanation?.fields[name]?.basis}
                explanationError={explanationError}
                purpose={person.purpose}
              />
            );
          })}
        </dl>
      </section>
      {person.access === "owner" && <HolderSections person={person} />}
    </article>
  );
}

function FieldItem({
  name,
  field,
  open,
  onToggle,
  basis,
  explanationError,
  purpose,
}: {
  name: PersonField;
  field: PresentedField;
  open: boolean;
  onToggle: () => void;
  basis: FieldBasis | undefined;
  explanationError: unknown;
  purpose: Purpose;
}) {
  const { t, i18n } = useTranslation();
  const pick = usePick();
  const vocab = useVocabulary();
  const label = t(`persons.fields.${name}`);
  const panelId = `why-${name}`;
  return (
    <div className="samen-field">
      <dt>{label}</dt>
      <dd>
        {field.visible ? (
          <span className="samen-field__value">{formatValue(t, i18n.language, name, field.value)}</span>
        ) : (
          <span className="samen-redacted">{pick(field.hidden)}</span>
        )}
        <span className="samen-field__category">{vocab.category(field.category)}</span>
        <Button
          appearance="subtle-button"
          className="samen-why-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={onToggle}
        >
          {field.visible ? t("persons.why.toggle") : t("persons.why.toggleHidden")}
          <span className="samen-visually-hidden"> ({label})</span>
        </Button>
        <div id={panelId} className="samen-why" hidden={!open}>
          {open && <Explanation basis={basis} error={explanationError} purpose={purpose} />}
        </div>
      </dd>
    </div>
  );
}

function Explanation({
  basis,
  error,
  purpose,
}: {
  basis: FieldBasis | undefined;
  error: unknown;
  purpose: Purpose;
}) {
  const { t } = useTranslation();
  const pick = usePick();
  const vocab = useVocabulary();
  if (error) return <ErrorAlert error={error} />;
  if (!basis) return <Loading />;
  return (
    <dl className="samen-why__list">
      <dt>{t("persons.why.decision")}</dt>
      <dd>{t(`persons.reasons.${basis.reason}`)}</dd>
      <dt>{t("persons.why.purpose")}</dt>
      <dd>{vocab.purpose(purpose)}</dd>
      {basis.ruleId && (
        <>
          <dt>{t("persons.why.rule")}</dt>
          <dd>
            <code>{basis.ruleId}</code>{" "}
            <RouterLink href={`/deelregels?regel=${encodeURIComponent(basis.ruleId)}`}>
              {t("persons.why.showRule")}
            </RouterLink>
          </dd>
        </>
      )}
      {basis.legalBasis && (
        <>
          <dt>{t("persons.why.legalBasis")}</dt>
          <dd>
            <ul className="samen-plain-list">
              {basis.legalBasis.articles.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
            {basis.legalBasis.confidence === "to_be_confirmed" && (
              <p className="samen-note">{t("persons.why.toBeConfirmed")}</p>
            )}
            <p>{pick(basis.legalBasis.explanation)}</p>
          </dd>
        </>
      )}
      {basis.condition && (
        <>
          <dt>{t("persons.why.condition")}</dt>
          <dd>{vocab.condition(basis.condition)}</dd>
        </>
      )}
      {basis.consentId && (
        <>
          <dt>{t("persons.why.consent")}</dt>
          <dd>{t("persons.why.consentRecorded")}</dd>
        </>
      )}
      <dt>{t("persons.why.explanation")}</dt>
      <dd>{pick(basis.explanation)}</dd>
    </dl>
  );
}

/** A field value in plain words: enumerations translated, dates and countries written out. */
function formatValue(t: TFunction, language: string, field: PersonField, value: unknown): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0))
    return t("persons.notFilledIn");
  const locale = language.startsWith("en") ? "en-GB" : "nl-NL";
  switch (field) {
    case "role":
    case "gender":
    case "ageGroup":
    case "residenceStatus":
      return valueLabel(t, field, String(value));
    case "birthDate":
      return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(`${value}T00:00:00Z`),
      );
    case "nationality":
      return value === "unknown"
        ? t("persons.values.unknown")
        : `${displayName(locale, "region", String(value))}`;
    case "languages":
      return (value as string[]).map((l) => displayName(locale, "language", l)).join(", ");
    default:
      return String(value);
  }
}

function displayName(locale: string, type: "region" | "language", code: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The answer for a record that does not exist or may not be opened, with break-glass. */
function NotOpened({
  id,
  purpose,
  onGranted,
}: {
  id: string;
  purpose: Purpose;
  onGranted: (purpose: Purpose, expiresAt: string) => void;
}) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section aria-labelledby="not-opened-heading">
      <Heading2 id="not-opened-heading" ref={headingRef} tabIndex={-1}>
        {t("persons.notOpened.title")}
      </Heading2>
      <Paragraph>{t("persons.notOpened.text")}</Paragraph>
      <BreakGlassForm id={id} purpose={purpose} onGranted={onGranted} />
    </section>
  );
}

function BreakGlassForm({
  id,
  purpose,
  onGranted,
}: {
  id: string;
  purpose: Purpose;
  onGranted: (purpose: Purpose, expiresAt: string) => void;
}) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const purposes = useMyPurposes();
  const [chosen, setChosen] = useState<Purpose>(purpose);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "persons.breakGlass.invalid");
  const length = reason.trim().length;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const granted = await api<{ id: string; expiresAt: string }>("POST", `/persons/${id}/break-glass`, {
        purpose: chosen,
        reason,
      });
      onGranted(chosen, granted.expiresAt);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="break-glass-heading" className="samen-section">
      <Heading3 id="break-glass-heading">{t("persons.breakGlass.title")}</Heading3>
      <Alert type="warning" role="note">
        <Paragraph>
          <strong>{t("persons.breakGlass.warningTitle")}</strong> {t("persons.breakGlass.warning")}
        </Paragraph>
        <UnorderedList>
          <UnorderedListItem>{t("persons.breakGlass.logged")}</UnorderedListItem>
          <UnorderedListItem>{t("persons.breakGlass.reviewed")}</UnorderedListItem>
          <UnorderedListItem>{t("persons.breakGlass.shortLived")}</UnorderedListItem>
        </UnorderedList>
      </Alert>
      <form onSubmit={submit} noValidate className="samen-form">
        <FormErrors
          error={error}
          heading={t("persons.form.checkFields")}
          fields={[
            { name: "purpose", id: "bg-purpose", label: t("persons.purpose"), problem: problem("purpose") },
            {
              name: "reason",
              id: "bg-reason",
              label: t("persons.breakGlass.reason"),
              problem: problem("reason"),
            },
          ]}
        />
        <SelectField
          id="bg-purpose"
          label={t("persons.purpose")}
          value={chosen}
          onChange={(p) => setChosen(p as Purpose)}
          error={problem("purpose")}
          options={purposes.map((p) => ({ value: p, label: vocab.purpose(p) }))}
        />
        <TextAreaField
          id="bg-reason"
          label={t("persons.breakGlass.reason")}
          description={t("persons.breakGlass.reasonHelp")}
          value={reason}
          onChange={setReason}
          error={problem("reason")}
          maxLength={2000}
          required
          counter={
            length < 20
              ? t("persons.breakGlass.counterShort", { length })
              : t("persons.breakGlass.counterOk", { length })
          }
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("persons.breakGlass.submit")}
        </Button>
      </form>
    </section>
  );
}
