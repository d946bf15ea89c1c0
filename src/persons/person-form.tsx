/**
 * @module person-form
 * Recording a person: every field of CreatePersonSchema, each with its data category, so the
 * professional sees which data are identifying (and encrypted at rest) before typing them.
 * Only filled-in fields are sent; the server's field problems are shown in plain words.
 */
import { Button, Heading2, Paragraph } from "@utrecht/component-library-react/css-module";
import type { TFunction } from "i18next";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { FormErrors, InputField, RadioGroup, SelectField, TextAreaField, useFieldProblem } from "../web/form";
import { PERSON_FIELDS, type PersonField } from "./person.fields";
import type { CreatePerson } from "./person.schema";
import { useVocabulary } from "./privacy.components";

// The server's vocabularies, repeated here because person.schema pulls in the OpenAPI layer; the
// `satisfies` clauses make the compiler fail when a value is not (or no longer) valid there.
export const PERSON_ROLES = [
  "possible_victim",
  "suspect",
  "other",
] as const satisfies readonly CreatePerson["role"][];
export const GENDERS = ["female", "male", "x", "unknown"] as const satisfies readonly NonNullable<
  CreatePerson["gender"]
>[];
export const AGE_GROUPS = [
  "0-11",
  "12-17",
  "18-24",
  "25-34",
  "35-44",
  "45-54",
  "55+",
  "unknown",
] as const satisfies readonly NonNullable<CreatePerson["ageGroup"]>[];
export const RESIDENCE_STATUSES = [
  "dutch_or_eu",
  "lawful",
  "none",
  "asylum_procedure",
  "unknown",
] as const satisfies readonly NonNullable<CreatePerson["residenceStatus"]>[];

type Form = Record<Exclude<PersonField, "role">, string> & { role: string };

const EMPTY: Form = {
  role: "possible_victim",
  name: "",
  alias: "",
  birthDate: "",
  ageGroup: "",
  gender: "",
  nationality: "",
  languages: "",
  phone: "",
  email: "",
  address: "",
  whereabouts: "",
  residenceStatus: "",
  healthNotes: "",
};

/** Only the fields that were filled in, in the shapes the API expects. */
function toRequest(form: Form): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(form)) {
    const value = raw.trim();
    if (value === "") continue;
    if (key === "languages")
      body.languages = value
        .toLowerCase()
        .split(/[\s,;]+/)
        .filter(Boolean);
    else if (key === "nationality") body.nationality = value.length === 2 ? value.toUpperCase() : value;
    else body[key] = value;
  }
  return body;
}

export function PersonForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "persons.invalid");
  const set = (key: keyof Form) => (value: string) => setForm({ ...form, [key]: value });
  const label = (field: PersonField) => t(`persons.fields.${field}`);
  const help = (field: PersonField, extra?: string) => {
    const spec = PERSON_FIELDS[field];
    const kind = t("persons.form.category", { category: vocab.category(spec.category) });
    const stored = spec.encrypted ? ` ${t("persons.form.encrypted")}` : "";
    return `${extra ? `${extra} ` : ""}${kind}${stored}`;
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api<{ id: string }>("POST", "/persons", toRequest(form));
      setForm(EMPTY);
      onCreated(created.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const text = (field: Exclude<PersonField, "role">, extra?: { type?: string; help?: string }) => (
    <InputField
      id={`person-${field}`}
      autoComplete="off"
      label={label(field)}
      type={extra?.type}
      value={form[field]}
      onChange={set(field)}
      description={help(field, extra?.help)}
      error={problem(field)}
    />
  );
  const choose = (field: "ageGroup" | "gender" | "residenceStatus", values: readonly string[]) => (
    <SelectField
      id={`person-${field}`}
      label={label(field)}
      value={form[field]}
      onChange={set(field)}
      description={help(field)}
      error={problem(field)}
      options={[
        { value: "", label: t("persons.form.notFilledIn") },
        ...values.map((v) => ({ value: v, label: valueLabel(t, field, v) })),
      ]}
    />
  );
  return (
    <section aria-labelledby="new-person-heading" className="samen-section">
      <Heading2 id="new-person-heading">{t("persons.form.title")}</Heading2>
      <Paragraph>{t("persons.form.intro")}</Paragraph>
      <Button
        appearance="secondary-action-button"
        aria-expanded={open}
        aria-controls="new-person-form"
        onClick={() => setOpen(!open)}
      >
        {open ? t("persons.form.close") : t("persons.form.open")}
      </Button>
      {open && (
        <form id="new-person-form" onSubmit={submit} noValidate className="samen-form">
          <FormErrors
            error={error}
            heading={t("persons.form.checkFields")}
            fields={(Object.keys(EMPTY) as PersonField[]).map((f) => ({
              name: f,
              id: f === "role" ? `person-role-${form.role}` : `person-${f}`,
              label: label(f),
              problem: problem(f),
            }))}
          />
          <RadioGroup
            id="person-role"
            legend={label("role")}
            value={form.role}
            onChange={set("role")}
            error={problem("role")}
            options={PERSON_ROLES.map((r) => ({ value: r, label: valueLabel(t, "role", r) }))}
          />
          {text("name")}
          {text("alias")}
          {text("birthDate", { type: "date" })}
          {choose("ageGroup", AGE_GROUPS)}
          {choose("gender", GENDERS)}
          {text("nationality", { help: t("persons.form.nationalityHelp") })}
          {text("languages", { help: t("persons.form.languagesHelp") })}
          {text("phone", { type: "tel" })}
          {text("email", { type: "email" })}
          {text("address")}
          {text("whereabouts", { help: t("persons.form.whereaboutsHelp") })}
          {choose("residenceStatus", RESIDENCE_STATUSES)}
          <TextAreaField
            id="person-healthNotes"
            label={label("healthNotes")}
            value={form.healthNotes}
            onChange={set("healthNotes")}
            description={help("healthNotes", t("persons.form.healthHelp"))}
            error={problem("healthNotes")}
            maxLength={4000}
          />
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t("persons.form.submit")}
          </Button>
        </form>
      )}
    </section>
  );
}

/** The label of an enumerated value of a person field, in the current language. */
export function valueLabel(
  t: TFunction,
  field: "role" | "gender" | "ageGroup" | "residenceStatus",
  value: string,
): string {
  if (value === "unknown") return t("persons.values.unknown");
  if (field === "ageGroup") return t("persons.values.ageGroup", { group: value });
  return t(`persons.values.${field}.${value}`);
}
