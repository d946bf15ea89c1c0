/**
 * @module components
 * Small building blocks shared by pages, on top of the NL Design System (Utrecht) components.
 */
import {
  Alert,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Paragraph,
  Textbox,
} from "@utrecht/component-library-react/css-module";
import type { ChangeEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, localise } from "./api";

/** A labelled text input with description and error message wired for screen readers. */
export function TextField({
  id,
  label,
  value,
  onChange,
  type = "text",
  description,
  error,
  autoComplete,
  required,
  inputMode,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "password" | "search" | "date";
  description?: string;
  error?: string;
  autoComplete?: string;
  required?: boolean;
  inputMode?: "numeric" | "text" | "email";
}) {
  const describedBy =
    [description ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <FormField invalid={!!error} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && <FormFieldDescription id={`${id}-description`}>{description}</FormFieldDescription>}
      {error && <FormFieldErrorMessage id={`${id}-error`}>{error}</FormFieldErrorMessage>}
      <div className="utrecht-form-field__input">
        <Textbox
          id={id}
          name={id}
          type={type}
          value={value}
          invalid={!!error}
          required={required}
          autoComplete={autoComplete}
          inputMode={inputMode}
          aria-describedby={describedBy}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
        />
      </div>
    </FormField>
  );
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

export function Loading() {
  const { t } = useTranslation();
  return <Paragraph aria-live="polite">{t("common.loading")}</Paragraph>;
}

export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fields.find((f) => f.name === field)?.reason;
}

export function Section({ children }: { children: ReactNode }) {
  return <section className="samen-section">{children}</section>;
}
