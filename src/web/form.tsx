/**
 * @module form
 * Accessible building blocks shared by all pages, on top of the NL Design System (Utrecht)
 * components: form fields whose label, description and error message are wired to the control for
 * screen readers (any input, select, text area, file, single check box, radio and check-box groups),
 * the API's field errors and a form error summary, status messages (loading, done, error), an
 * inline confirmation, a focusable scrolling table frame and text for screen readers only.
 * Capability-specific helpers (vocabularies, number formats, charts) stay with their capability.
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
import { type ChangeEvent, type HTMLAttributes, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, localise } from "./api";

// ------------------------------------------------------------------------------------------------
// Errors and status
// ------------------------------------------------------------------------------------------------

/** The server's reason for exactly this field, or undefined. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fields.find((f) => f.name === field)?.reason;
}

/** The server's problem for a field or one of its sub-fields (such as `languages.0`). */
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

/** Shows an API error in the user's language, with the fields it names. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const message =
    error instanceof ApiError ? localise(error.message, i18n.language) : t("common.unexpectedError");
  return (
    <Alert type="error" role="alert">
      <Paragraph>{message}</Paragraph>
      {error instanceof ApiError && error.fields.length > 0 && (
        <ul>
          {error.fields.map((f) => (
            <li key={`${f.name}-${f.reason}`}>
              {f.name}: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/**
 * An error summary above a form: the heading, then every field in trouble as a link to the field,
 * with its label. Falls back to the plain error alert for errors without fields.
 */
export function FormErrors({
  error,
  heading,
  fields,
}: {
  error: unknown;
  /** The sentence above the list, such as "Please check these fields." */
  heading: string;
  /** The form's fields: API name → input id, label and plain-language problem. */
  fields: { name: string; id: string; label: string; problem: string | undefined }[];
}) {
  if (!error) return null;
  const wrong = fields.filter((f) => f.problem);
  if (!(error instanceof ApiError) || wrong.length === 0) return <ErrorAlert error={error} />;
  const unknown = error.fields.filter((p) => !fields.some((f) => p.name.split(".")[0] === f.name));
  return (
    <Alert type="error" role="alert">
      <Paragraph>
        <strong>{heading}</strong>
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

/** A polite "loading" line. */
export function Loading() {
  const { t } = useTranslation();
  return <Paragraph aria-live="polite">{t("common.loading")}</Paragraph>;
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

// ------------------------------------------------------------------------------------------------
// Fields with a label
// ------------------------------------------------------------------------------------------------

/** The ids of a control's description and error message, for `aria-describedby`. */
function describedBy(id: string, description?: ReactNode, error?: string): string | undefined {
  return (
    [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

/**
 * What every labelled field takes. `id` is also the control's name and the root of its
 * description's (`<id>-description`) and error message's (`<id>-error`) ids.
 */
export type FieldProps = { id: string; label: string; description?: ReactNode; error?: string };

/** A field whose value is text. */
export type ValueFieldProps = FieldProps & {
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
};

/** Label, description and error message around one control. */
function FieldFrame({ id, label, description, error, children }: FieldProps & { children: ReactNode }) {
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

/**
 * A labelled input of any text-like type (text, email, password, search, date, datetime-local,
 * tel, …). Attributes that are not given are left out, so the browser's defaults apply.
 */
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
  inputMode,
  placeholder,
  maxLength,
  spellCheck,
}: ValueFieldProps & {
  type?: string;
  autoComplete?: string;
  /** "decimal" brings up a number keyboard with a separator, "numeric" one without. */
  inputMode?: HTMLAttributes<HTMLInputElement>["inputMode"];
  placeholder?: string;
  maxLength?: number;
  spellCheck?: boolean;
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
        autoComplete={autoComplete}
        inputMode={inputMode}
        placeholder={placeholder}
        maxLength={maxLength}
        spellCheck={spellCheck}
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
}: ValueFieldProps & { options: { value: string; label: string }[] }) {
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
}: ValueFieldProps & {
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

/** A labelled file input; the chosen file is handed over as is (the page reads it). */
export function FileField({
  id,
  label,
  accept,
  onFile,
  description,
  error,
  inputClassName,
}: FieldProps & {
  /** File types offered in the browser's dialog, such as ".csv,text/csv". */
  accept: string;
  onFile: (file: File | null) => void;
  /** The input's class in theme.css (`samen-file`, `samen-dn-file`); none keeps the browser's look. */
  inputClassName?: string;
}) {
  return (
    <FieldFrame id={id} label={label} description={description} error={error}>
      <input
        id={id}
        name={id}
        type="file"
        className={inputClassName}
        accept={accept}
        aria-describedby={describedBy(id, description, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onFile(e.target.files?.[0] ?? null)}
      />
    </FieldFrame>
  );
}

// ------------------------------------------------------------------------------------------------
// Check boxes and radio buttons
// ------------------------------------------------------------------------------------------------

/** One option of a radio or check-box group. */
export type Choice = { value: string; label: string; description?: string };

/**
 * Where an option's description goes. "in-label": inside its label, so it is read as part of the
 * option's name. "beside": under the label as the option's own accessible description, so the
 * name stays short (for long explanations). theme.css lays these out as `samen-choice…` and
 * `samen-dn-choice…` respectively.
 */
export type OptionDescriptions = "in-label" | "beside";

const CHOICE_CLASSES = {
  "in-label": {
    group: "samen-choices",
    choice: "samen-choice",
    label: "samen-choice__label",
    description: "samen-choice__description",
  },
  beside: {
    group: "samen-dn-choices",
    choice: "samen-dn-choice",
    label: "samen-dn-choice__label",
    description: "samen-dn-choice__description",
  },
} as const satisfies Record<OptionDescriptions, Record<string, string>>;

/** The id an option's description gets when it stands beside the label. */
function optionDescriptionId(
  optionId: string,
  choice: { description?: string },
  place: OptionDescriptions,
): string | undefined {
  return place === "beside" && choice.description ? `${optionId}-description` : undefined;
}

function ChoiceGroup({
  id,
  legend,
  description,
  error,
  place,
  children,
  radio,
}: {
  id: string;
  legend: string;
  description?: ReactNode;
  error?: string;
  place: OptionDescriptions;
  children: ReactNode;
  radio?: boolean;
}) {
  return (
    <Fieldset
      id={id}
      invalid={!!error}
      role={radio ? "radiogroup" : undefined}
      aria-describedby={describedBy(id, description, error)}
      className={CHOICE_CLASSES[place].group}
    >
      <FieldsetLegend>{legend}</FieldsetLegend>
      {description && <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage>}
      {children}
    </Fieldset>
  );
}

/** One check box or radio button (`children`) with its label and description. */
function ChoiceItem({
  optionId,
  choice,
  place,
  className,
  children,
}: {
  optionId: string;
  choice: { label: string; description?: string };
  place: OptionDescriptions;
  className?: string;
  children: ReactNode;
}) {
  const classes = CHOICE_CLASSES[place];
  if (place === "in-label")
    return (
      <div className={className ?? classes.choice}>
        {children}
        <label htmlFor={optionId} className={classes.label}>
          {choice.label}
          {choice.description && <span className={classes.description}>{choice.description}</span>}
        </label>
      </div>
    );
  return (
    <div className={className ?? classes.choice}>
      {children}
      <div className={classes.label}>
        <label htmlFor={optionId}>{choice.label}</label>
        {choice.description && (
          <span id={optionDescriptionId(optionId, choice, place)} className={classes.description}>
            {choice.description}
          </span>
        )}
      </div>
    </div>
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
  optionDescriptions = "in-label",
}: {
  id: string;
  legend: string;
  options: Choice[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  description?: ReactNode;
  error?: string;
  optionDescriptions?: OptionDescriptions;
}) {
  return (
    <ChoiceGroup id={id} legend={legend} description={description} error={error} place={optionDescriptions}>
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        return (
          <ChoiceItem key={o.value} optionId={optionId} choice={o} place={optionDescriptions}>
            <Checkbox
              id={optionId}
              name={id}
              value={o.value}
              checked={values.includes(o.value)}
              invalid={!!error}
              aria-describedby={optionDescriptionId(optionId, o, optionDescriptions)}
              onChange={(e) =>
                onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))
              }
            />
          </ChoiceItem>
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
  optionDescriptions = "in-label",
}: {
  id: string;
  legend: string;
  options: Choice[];
  value: string;
  onChange: (value: string) => void;
  description?: ReactNode;
  error?: string;
  optionDescriptions?: OptionDescriptions;
}) {
  return (
    <ChoiceGroup
      id={id}
      legend={legend}
      description={description}
      error={error}
      place={optionDescriptions}
      radio
    >
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        return (
          <ChoiceItem key={o.value} optionId={optionId} choice={o} place={optionDescriptions}>
            <RadioButton
              id={optionId}
              name={id}
              value={o.value}
              checked={value === o.value}
              invalid={!!error}
              aria-describedby={optionDescriptionId(optionId, o, optionDescriptions)}
              onChange={() => onChange(o.value)}
            />
          </ChoiceItem>
        );
      })}
    </ChoiceGroup>
  );
}

/** One check box with its label and an optional explanation beside it (its accessible description). */
export function CheckboxField({
  id,
  label,
  checked,
  onChange,
  description,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  description?: string;
}) {
  const choice = { label, description };
  return (
    <ChoiceItem optionId={id} choice={choice} place="beside" className="samen-dn-choice samen-dn-checkbox">
      <Checkbox
        id={id}
        name={id}
        checked={checked}
        aria-describedby={optionDescriptionId(id, choice, "beside")}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.checked)}
      />
    </ChoiceItem>
  );
}

// ------------------------------------------------------------------------------------------------
// Actions and layout
// ------------------------------------------------------------------------------------------------

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

/**
 * A wide table in a frame that scrolls sideways on small screens; keyboard users can focus it to
 * scroll. By default a named group, so that tables do not crowd the page's landmarks; `landmark`
 * makes it a named region instead, for a page's main tables.
 */
export function ScrollTable({
  label,
  landmark,
  children,
}: {
  label: string;
  landmark?: boolean;
  children: ReactNode;
}) {
  if (landmark)
    return (
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      <section className="samen-table-scroll" aria-label={label} tabIndex={0}>
        {children}
      </section>
    );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this frames a table.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling frame must be reachable by keyboard (WCAG 2.1.1).
    <div className="samen-table-scroll" role="group" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** Text for screen readers only. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="samen-dn-sr">{children}</span>;
}
