/**
 * @module privacy.components
 * Building blocks shared by the privacy pages (persons, sharing rules, break-glass review, consent
 * form): form fields the shell does not offer (select, text area, check boxes, radio buttons, any
 * input type), a form error summary that names fields in plain words, an inline confirmation, and
 * helpers for the bilingual vocabularies of the sharing model.
 */
import {
  Alert,
  Button,
  ButtonGroup,
  Checkbox,
  Fieldset,
  FieldsetLegend,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
  RadioButton,
  Select,
  SelectOption,
  Textarea,
  Textbox,
} from "@utrecht/component-library-react/css-module";
import { type ChangeEvent, type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "../accounts/accounts.vocabulary";
import { purposesOf } from "../accounts/permissions.rules";
import { SHARING_CONDITION_INFO, type SharingCondition } from "../sharing/conditions";
import { DATA_CATEGORY_INFO, type DataCategory } from "../sharing/data-categories";
import type { Localized } from "../sharing/localized";
import { PURPOSE_INFO, type Purpose } from "../sharing/purposes";
import { ApiError } from "../web/api";
import { ErrorAlert } from "../web/components";
import { useSession } from "../web/session";

/** Purposes for which data may go to another organisation (for sharing and consent). */
export const DISCLOSURE_PURPOSES: readonly Purpose[] = [
  "care",
  "registration",
  "investigation",
  "supervision",
  "case_conference",
  "residence_procedure",
];

/** Returns a function that picks the Dutch or English half of a bilingual text. */
export function usePick(): (text: Localized | undefined) => string {
  const { i18n } = useTranslation();
  const english = i18n.language.startsWith("en");
  return (text) => (text ? (english ? text.en : text.nl) : "");
}

/** Labels for the sharing vocabularies in the current language. */
export function useVocabulary() {
  const { t } = useTranslation();
  const pick = usePick();
  return {
    purpose: (p: string) => pick(PURPOSE_INFO[p as Purpose]?.label) || p,
    purposeDescription: (p: string) => pick(PURPOSE_INFO[p as Purpose]?.description),
    category: (c: string) => pick(DATA_CATEGORY_INFO[c as DataCategory]?.label) || c,
    condition: (c: string) => pick(SHARING_CONDITION_INFO[c as SharingCondition]?.label) || c,
    organisationType: (o: string) => t(`organisationTypes.${o}`),
  };
}

/** The purposes the signed-in user may read personal data for (the server decides; this only mirrors it). */
export function useMyPurposes(): Purpose[] {
  const roles = useSession().session?.user.roles.join(",") ?? "";
  return useMemo(() => (roles ? purposesOf(roles.split(",") as Role[]) : []), [roles]);
}

/** Date and time in the user's language. */
export function useDateFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith("en") ? "en-GB" : "nl-NL";
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long" });
  return {
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    date: (iso: string) => date.format(new Date(iso)),
  };
}

/** The server's problem for a field (or one of its sub-fields, such as `languages.0`). */
export function problemOf(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fields.find((f) => f.name === field || f.name.startsWith(`${field}.`))?.reason;
}

/**
 * A field's error in plain words: our own text when we have one (`<prefix>.<field>`), else the
 * server's reason. Undefined when the field is fine.
 */
export function useFieldProblem(error: unknown, prefix: string) {
  const { t, i18n } = useTranslation();
  return (field: string): string | undefined => {
    const reason = problemOf(error, field);
    if (!reason) return undefined;
    const key = `${prefix}.${field}`;
    return i18n.exists(key) ? t(key) : reason;
  };
}

/**
 * An error summary above a form: the server's message, then every field in trouble as a link to the
 * field, with its label. Falls back to the plain error alert for errors without fields.
 */
export function FormErrors({
  error,
  fields,
}: {
  error: unknown;
  /** The form's fields: API name → input id, label and plain-language problem. */
  fields: { name: string; id: string; label: string; problem: string | undefined }[];
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const wrong = fields.filter((f) => f.problem);
  if (!(error instanceof ApiError) || wrong.length === 0) return <ErrorAlert error={error} />;
  const unknown = error.fields.filter((p) => !fields.some((f) => p.name.split(".")[0] === f.name));
  return (
    <Alert type="error" role="alert">
      <Paragraph>
        <strong>{t("persons.form.checkFields")}</strong>
      </Paragraph>
      <ul>
        {wrong.map((f) => (
          <li key={f.name}>
            <a href={`#${f.id}`}>
              {f.label}: {f.problem}
            </a>
          </li>
        ))}
        {unknown.map((p) => (
          <li key={p.name}>
            {p.name}: {p.reason}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

function describedBy(id: string, description?: ReactNode, error?: string): string | undefined {
  return (
    [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

function FieldFrame({
  id,
  label,
  description,
  error,
  children,
}: {
  id: string;
  label: string;
  description?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <FormField invalid={!!error} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage>}
      <div className="utrecht-form-field__input">{children}</div>
    </FormField>
  );
}

/** A labelled input of any type (date, datetime-local, tel, …). */
export function InputField({
  id,
  label,
  value,
  onChange,
  type = "text",
  description,
  error,
  required,
  autoComplete,
  maxLength,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  description?: ReactNode;
  error?: string;
  required?: boolean;
  autoComplete?: string;
  maxLength?: number;
}) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      <Textbox
        id={id}
        name={id}
        type={type}
        value={value}
        invalid={!!error}
        required={required}
        autoComplete={autoComplete ?? "off"}
        maxLength={maxLength}
        aria-describedby={describedBy(id, description, error)}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

/** A labelled select. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  description,
  error,
  required,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  description?: ReactNode;
  error?: string;
  required?: boolean;
}) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      <Select
        id={id}
        name={id}
        value={value}
        invalid={!!error}
        required={required}
        aria-describedby={describedBy(id, description, error)}
        onChange={(e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <SelectOption key={o.value} value={o.value}>
            {o.label}
          </SelectOption>
        ))}
      </Select>
    </FieldFrame>
  );
}

/** A labelled multi-line text field, optionally with a live character count. */
export function TextAreaField({
  id,
  label,
  value,
  onChange,
  description,
  error,
  required,
  maxLength,
  rows = 4,
  counter,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  error?: string;
  required?: boolean;
  maxLength?: number;
  rows?: number;
  /** Text under the field, such as "12 of at least 20 characters". */
  counter?: string;
}) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      <Textarea
        id={id}
        name={id}
        value={value}
        rows={rows}
        invalid={!!error}
        required={required}
        maxLength={maxLength}
        aria-describedby={
          [describedBy(id, description, error), counter ? `${id}-counter` : null].filter(Boolean).join(" ") ||
          undefined
        }
        onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)}
      />
      {counter && (
        <p id={`${id}-counter`} className="samen-counter">
          {counter}
        </p>
      )}
    </FieldFrame>
  );
}

type Choice = { value: string; label: string; description?: string };

function ChoiceGroup({
  id,
  legend,
  description,
  error,
  children,
  radio,
}: {
  id: string;
  legend: string;
  description?: ReactNode;
  error?: string;
  children: ReactNode;
  radio?: boolean;
}) {
  return (
    <Fieldset
      id={id}
      invalid={!!error}
      role={radio ? "radiogroup" : undefined}
      aria-describedby={describedBy(id, description, error)}
      className="samen-choices"
    >
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description && <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage>}
      {children}
    </Fieldset>
  );
}

function ChoiceLabel({ htmlFor, choice }: { htmlFor: string; choice: Choice }) {
  return (
    <label htmlFor={htmlFor} className="samen-choice__label">
      {choice.label}
      {choice.description && <span className="samen-choice__description">{choice.description}</span>}
    </label>
  );
}

/** Check boxes in a fieldset; `values` are the checked ones. */
export function CheckboxGroup({
  id,
  legend,
  options,
  values,
  onChange,
  description,
  error,
}: {
  id: string;
  legend: string;
  options: Choice[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  description?: ReactNode;
  error?: string;
}) {
  return (
    <ChoiceGroup id={id} legend={legend} description={description} error={error}>
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        return (
          <div key={o.value} className="samen-choice">
            <Checkbox
              id={optionId}
              name={id}
              value={o.value}
              checked={values.includes(o.value)}
              invalid={!!error}
              onChange={(e) =>
                onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))
              }
            />
            <ChoiceLabel htmlFor={optionId} choice={o} />
          </div>
        );
      })}
    </ChoiceGroup>
  );
}

/** Radio buttons in a fieldset. */
export function RadioGroup({
  id,
  legend,
  options,
  value,
  onChange,
  description,
  error,
}: {
  id: string;
  legend: string;
  options: Choice[];
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  error?: string;
}) {
  return (
    <ChoiceGroup id={id} legend={legend} description={description} error={error} radio>
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        return (
          <div key={o.value} className="samen-choice">
            <RadioButton
              id={optionId}
              name={id}
              value={o.value}
              checked={value === o.value}
              invalid={!!error}
              onChange={() => onChange(o.value)}
            />
            <ChoiceLabel htmlFor={optionId} choice={o} />
          </div>
        );
      })}
    </ChoiceGroup>
  );
}

/**
 * A button that asks before it acts: the first press shows a warning with the consequence and two
 * buttons; focus moves to the question so screen-reader users hear it.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <Button appearance="secondary-action-button" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <div className="samen-confirm">
      <Paragraph ref={questionRef} tabIndex={-1}>
        {question}
      </Paragraph>
      <ButtonGroup>
        <Button
          appearance="primary-action-button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
              setAsking(false);
            }
          }}
        >
          {confirmLabel}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => setAsking(false)}>
          {t("common.cancel")}
        </Button>
      </ButtonGroup>
    </div>
  );
}

/** A polite status line after a successful action; it takes the focus. */
export function Done({ text }: { text: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  // The button that was pressed is often gone (a closed form, a withdrawn row): focus goes here instead.
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <div ref={ref} tabIndex={-1} className="samen-done">
      <Alert type="ok" role="status">
        <Paragraph>{text}</Paragraph>
      </Alert>
    </div>
  );
}

/**
 * A wide table that scrolls sideways on small screens. The region is focusable so keyboard users
 * can scroll it too, and it is named after the table.
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <section className="samen-table-scroll" aria-label={t("persons.table", { name: label })} tabIndex={0}>
      {children}
    </section>
  );
}
