/**
 * @module signal-intake.page
 * "Melden": a professional's signal. Where and when, the suspected forms of exploitation and the
 * indicator checklist for those forms (grouped by list, with the weights in words), what was seen,
 * urgency, minors, the possible victims and the subjects (person, company with KvK number,
 * location). Saved as a draft first, then submitted; after submission the reference is shown, and
 * the B8 notice when the slightest indication created the reflection-period action.
 */
import {
  Alert,
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { AGE_GROUPS, GENDERS, RESIDENCE_STATUSES, valueLabel } from "../persons/person-form";
import { usePick } from "../persons/privacy.components";
import { ApiError, api, localise } from "../web/api";
import {
  CheckboxField,
  CheckboxGroup,
  Done,
  ErrorAlert,
  InputField,
  problemOf,
  RadioGroup,
  SelectField,
  TextAreaField,
} from "../web/form";
import { DraftAttachments } from "./draft-attachments";
import { INDICATOR_WEIGHT_MEANINGS } from "./indicators.rules";
import { indicatorCatalogue, type Signal, useMunicipalities, useSignalVocabulary } from "./signal.components";
import { EXPLOITATION_FORMS, type ExploitationForm, URGENCIES, type Urgency } from "./signal.vocabulary";
import { SignalLink } from "./signal-list";

type Victim = {
  name: string;
  alias: string;
  ageGroup: string;
  gender: string;
  nationality: string;
  languages: string;
  residenceStatus: string;
};
type Subject = {
  kind: "person" | "company" | "location";
  name: string;
  kvkNumber: string;
  address: string;
  phone: string;
  alias: string;
};

const emptyVictim = (): Victim => ({
  name: "",
  alias: "",
  ageGroup: "",
  gender: "",
  nationality: "",
  languages: "",
  residenceStatus: "",
});
const emptySubject = (): Subject => ({
  kind: "company",
  name: "",
  kvkNumber: "",
  address: "",
  phone: "",
  alias: "",
});

const opt = (s: string) => (s.trim() === "" ? undefined : s.trim());

/** Our own words for the problems people make most, else the server's reason. */
const OWN_PROBLEM_TEXT: Record<string, string> = {
  kvkNumber: "signals.intake.kvkInvalid",
  nationality: "signals.intake.nationalityInvalid",
  languages: "signals.intake.languagesInvalid",
};

/**
 * The error summary above the form: every field in trouble as a link to it, with its label (the
 * possible victim's or subject's number included); other errors as the plain alert.
 */
function IntakeErrors({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!(error instanceof ApiError) || error.fields.length === 0) return <ErrorAlert error={error} />;
  const seen = new Set<string>();
  const rows = error.fields.flatMap((f) => {
    const [head, index, field] = f.name.split(".");
    const n = Number(index) + 1;
    let id = head!;
    let label = i18n.exists(`signals.fields.${head}`) ? t(`signals.fields.${head}`) : f.name;
    let name = head!;
    if ((head === "victims" || head === "subjects") && field) {
      name = field;
      const fieldLabel =
        head === "subjects" && field !== "alias"
          ? t(`signals.subject.${field}`)
          : t(`persons.fields.${field}`);
      id = `${head === "victims" ? "victim" : "subject"}-${index}-${field}`;
      label = `${t(head === "victims" ? "signals.intake.victim" : "signals.intake.subject", { n })}: ${fieldLabel}`;
    }
    if (seen.has(id)) return [];
    seen.add(id);
    const own = OWN_PROBLEM_TEXT[name];
    return [{ id, label, problem: own ? t(own) : f.reason }];
  });
  return (
    <Alert type="error" role="alert">
      <Paragraph>{localise(error.message, i18n.language)}</Paragraph>
      <Paragraph>
        <strong>{t("signals.intake.checkFields")}</strong>
      </Paragraph>
      <ul>
        {rows.map((r) => (
          <li key={r.id}>
            <a href={`#${r.id}`}>
              {r.label}: {r.problem}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** The form's state from a draft as the server presents it to its author (every field visible). */
function formStateOf(signal: Signal) {
  const value = <T,>(name: keyof Signal["fields"], fallback: T): T =>
    signal.fields[name]?.visible ? ((signal.fields[name]?.value as T | null) ?? fallback) : fallback;
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  const personValue = (p: Signal["persons"][number], name: string) =>
    p.fields?.[name]?.visible ? p.fields[name]!.value : null;
  return {
    municipalityCode: value("municipalityCode", ""),
    address: value("address", ""),
    observedOn: text(value<string | null>("observedOn", null)).slice(0, 10),
    forms: value<string[]>("forms", []),
    indicatorIds: value<string[]>("indicatorIds", []),
    narrative: value("narrative", ""),
    minorInvolved: value("minorInvolved", false),
    victims: signal.persons
      .filter((p) => personValue(p, "role") === "possible_victim")
      .map((p) => ({
        name: text(personValue(p, "name")),
        alias: text(personValue(p, "alias")),
        ageGroup: text(personValue(p, "ageGroup")),
        gender: text(personValue(p, "gender")),
        nationality: text(personValue(p, "nationality")),
        languages: ((personValue(p, "languages") as string[] | null) ?? []).join(", "),
        residenceStatus: text(personValue(p, "residenceStatus")),
      })),
    subjects: [
      ...signal.persons
        .filter((p) => personValue(p, "role") === "suspect")
        .map((p) => ({
          ...emptySubject(),
          kind: "person" as const,
          name: text(personValue(p, "name")),
          alias: text(personValue(p, "alias")),
          phone: text(personValue(p, "phone")),
        })),
      ...signal.subjects
        .filter((s) => s.kind !== "person")
        .map((s) => ({
          ...emptySubject(),
          kind: s.kind,
          name: text(s.name),
          kvkNumber: text(s.kvkNumber),
          address: text(s.address),
          phone: text(s.phone),
        })),
    ],
  };
}

export function SignalIntakePage() {
  const { t } = useTranslation();
  const vocab = useSignalVocabulary();
  const pick = usePick();
  const { municipalities, error: municipalitiesError } = useMunicipalities();
  const [municipalityCode, setMunicipalityCode] = useState("");
  const [address, setAddress] = useState("");
  const [observedOn, setObservedOn] = useState("");
  const [forms, setForms] = useState<string[]>([]);
  const [indicatorIds, setIndicatorIds] = useState<string[]>([]);
  const [narrative, setNarrative] = useState("");
  const [urgency, setUrgency] = useState<Urgency>("normal");
  const [minorInvolved, setMinorInvolved] = useState(false);
  const [victims, setVictims] = useState<Victim[]>([]);
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [draft, setDraft] = useState<{ id: string; reference: string } | null>(null);
  const [submitted, setSubmitted] = useState<{ reference: string; actions: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // "?concept=<id>": reopen one of the user's own drafts where it was left.
  const draftId = new URLSearchParams(window.location.search).get("concept");
  useEffect(() => {
    if (!draftId) return;
    api<Signal>("GET", `/signals/${encodeURIComponent(draftId)}`).then((signal) => {
      if (signal.status !== "draft" || signal.access !== "owner")
        return setError(new ApiError(409, "CONFLICT", t("signals.intake.notADraft")));
      const draftState = formStateOf(signal);
      setMunicipalityCode(draftState.municipalityCode);
      setAddress(draftState.address);
      setObservedOn(draftState.observedOn);
      setForms(draftState.forms);
      setIndicatorIds(draftState.indicatorIds);
      setNarrative(draftState.narrative);
      setUrgency(signal.urgency);
      setMinorInvolved(draftState.minorInvolved);
      setVictims(draftState.victims);
      setSubjects(draftState.subjects);
      setDraft({ id: signal.id, reference: signal.reference });
    }, setError);
  }, [draftId, t]);

  const catalogue = indicatorCatalogue();
  const offered = useMemo(
    () => catalogue.indicatorsForForms(forms as ExploitationForm[], { minorInvolved }),
    [catalogue, forms, minorInvolved],
  );
  const offeredIds = new Set(offered.map((i) => i.id));
  const ticked = indicatorIds.filter((id) => offeredIds.has(id));
  const score = catalogue.indicatorScore(ticked);

  const body = () => ({
    municipalityCode: opt(municipalityCode),
    address: opt(address),
    observedOn: opt(observedOn),
    forms,
    indicatorIds: ticked,
    narrative: opt(narrative),
    urgency,
    minorInvolved,
    victims: victims.map((v) => ({
      name: opt(v.name),
      alias: opt(v.alias),
      ageGroup: opt(v.ageGroup),
      gender: opt(v.gender),
      nationality: opt(v.nationality)
        ?.toUpperCase()
        .replace(/^UNKNOWN$/, "unknown"),
      languages: v.languages.trim()
        ? v.languages
            .split(/[,\s]+/)
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean)
        : undefined,
      residenceStatus: opt(v.residenceStatus),
    })),
    subjects: subjects.map((s) =>
      s.kind === "person"
        ? { kind: s.kind, name: opt(s.name), alias: opt(s.alias), phone: opt(s.phone) }
        : s.kind === "company"
          ? {
              kind: s.kind,
              name: s.name.trim(),
              kvkNumber: opt(s.kvkNumber)?.replace(/\s/g, ""),
              address: opt(s.address),
              phone: opt(s.phone),
            }
          : { kind: s.kind, name: opt(s.name), address: s.address.trim() },
    ),
  });

  const save = async (): Promise<{ id: string; reference: string }> => {
    if (draft) {
      await api("PUT", `/signals/drafts/${draft.id}`, body());
      return draft;
    }
    const created = await api<{ id: string; reference: string }>("POST", "/signals/drafts", body());
    setDraft(created);
    return created;
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setDone(null);
    try {
      await action();
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const saved = await save();
      setDone(t("signals.intake.saved", { reference: saved.reference }));
    });
  };
  const onSubmit = () =>
    run(async () => {
      const saved = await save();
      setSubmitted(
        await api<{ reference: string; actions: number }>("POST", `/signals/drafts/${saved.id}/submission`),
      );
    });

  if (submitted)
    return (
      <>
        <Heading1>{t("signals.intake.title")}</Heading1>
        <Done text={t("signals.intake.submitted", { reference: submitted.reference })} />
        {submitted.actions > 0 && (
          <Alert type="warning" role="note">
            <Heading2>{t("signals.b8.title")}</Heading2>
            <Paragraph>{t("signals.intake.b8", { count: submitted.actions })}</Paragraph>
          </Alert>
        )}
        <Paragraph>
          <SignalLink href="/meldingen">{t("signals.intake.toMine")}</SignalLink>
        </Paragraph>
      </>
    );

  const fieldProblem = (name: string) => problemOf(error, name);
  const updateVictim = (i: number, patch: Partial<Victim>) =>
    setVictims(victims.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const updateSubject = (i: number, patch: Partial<Subject>) =>
    setSubjects(subjects.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const none = { value: "", label: t("signals.choose") };

  return (
    <>
      <Heading1>{t("signals.intake.title")}</Heading1>
      <Paragraph>{t("signals.intake.intro")}</Paragraph>
      <ErrorAlert error={municipalitiesError} />
      <form className="samen-form samen-signal-form" onSubmit={onSave} noValidate>
        <IntakeErrors error={error} />
        <Fieldset>
          <FieldsetLegend>{t("signals.intake.whereWhen")}</FieldsetLegend>
          <SelectField
            id="municipalityCode"
            label={t("signals.fields.municipalityCode")}
            value={municipalityCode}
            onChange={setMunicipalityCode}
            error={fieldProblem("municipalityCode")}
            options={[
              { value: "", label: t("signals.unknown") },
              ...(municipalities ?? []).map((m) => ({ value: m.code, label: m.displayName ?? m.name })),
            ]}
          />
          <InputField
            id="address"
            label={t("signals.fields.address")}
            description={t("signals.intake.addressHelp")}
            value={address}
            onChange={setAddress}
            error={fieldProblem("address")}
          />
          <InputField
            id="observedOn"
            type="date"
            label={t("signals.fields.observedOn")}
            value={observedOn}
            onChange={setObservedOn}
            error={fieldProblem("observedOn")}
          />
        </Fieldset>

        <CheckboxGroup
          id="forms"
          legend={t("signals.fields.forms")}
          description={t("signals.intake.formsHelp")}
          options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: vocab.form(f) }))}
          values={forms}
          onChange={setForms}
          error={fieldProblem("forms")}
        />
        <CheckboxField
          id="minorInvolved"
          label={t("signals.intake.minorInvolved")}
          description={t("signals.intake.minorHelp")}
          checked={minorInvolved}
          onChange={setMinorInvolved}
        />

        <section aria-labelledby="indicators-heading" className="samen-section">
          <Heading2 id="indicators-heading">{t("signals.intake.indicators")}</Heading2>
          <Paragraph>{t("signals.intake.indicatorsIntro")}</Paragraph>
          <ul className="samen-plain-list">
            {([3, 2, 1] as const).map((w) => (
              <li key={w}>
                <strong>{t("signals.weight", { weight: w })}</strong>: {pick(INDICATOR_WEIGHT_MEANINGS[w])}
              </li>
            ))}
          </ul>
          {catalogue.lists.map((list) => {
            const items = offered.filter((i) => i.listId === list.id);
            if (items.length === 0) return null;
            return (
              <CheckboxGroup
                key={list.id}
                id={`indicators-${list.id}`}
                legend={pick(list.title)}
                optionDescriptions="beside"
                options={items.map((i) => ({
                  value: i.id,
                  label: pick(i.text),
                  description: `${t("signals.weight", { weight: i.weight })} (${i.id})`,
                }))}
                values={indicatorIds.filter((id) => items.some((i) => i.id === id))}
                onChange={(values) =>
                  setIndicatorIds([
                    ...indicatorIds.filter((id) => !items.some((i) => i.id === id)),
                    ...values,
                  ])
                }
              />
            );
          })}
          <Paragraph aria-live="polite">
            {t("signals.intake.score", { count: score.count, total: score.total })}{" "}
            {t(`signals.bands.${score.band}`)}
          </Paragraph>
        </section>

        <TextAreaField
          id="narrative"
          label={t("signals.fields.narrative")}
          description={t("signals.intake.narrativeHelp")}
          value={narrative}
          onChange={setNarrative}
          rows={6}
          maxLength={10000}
          error={fieldProblem("narrative")}
        />
        <RadioGroup
          id="urgency"
          legend={t("signals.urgency")}
          options={URGENCIES.map((u) => ({ value: u, label: vocab.urgency(u) }))}
          value={urgency}
          onChange={(v) => setUrgency(v as Urgency)}
        />

        <section aria-labelledby="victims-heading" className="samen-section">
          <Heading2 id="victims-heading">{t("signals.intake.victims")}</Heading2>
          <Paragraph>{t("signals.intake.victimsIntro")}</Paragraph>
          {victims.map((v, i) => {
            const p = (f: string) => problemOf(error, `victims.${i}.${f}`);
            const id = (f: string) => `victim-${i}-${f}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and only removed with their index
              <Fieldset key={i} className="samen-signal-repeat">
                <FieldsetLegend>{t("signals.intake.victim", { n: i + 1 })}</FieldsetLegend>
                <InputField
                  id={id("alias")}
                  label={t("persons.fields.alias")}
                  value={v.alias}
                  onChange={(x) => updateVictim(i, { alias: x })}
                  error={p("alias")}
                />
                <InputField
                  id={id("name")}
                  label={t("persons.fields.name")}
                  value={v.name}
                  onChange={(x) => updateVictim(i, { name: x })}
                  error={p("name")}
                />
                <SelectField
                  id={id("ageGroup")}
                  label={t("persons.fields.ageGroup")}
                  value={v.ageGroup}
                  onChange={(x) => updateVictim(i, { ageGroup: x })}
                  options={[
                    none,
                    ...AGE_GROUPS.map((a) => ({ value: a, label: valueLabel(t, "ageGroup", a) })),
                  ]}
                  error={p("ageGroup")}
                />
                <SelectField
                  id={id("gender")}
                  label={t("persons.fields.gender")}
                  value={v.gender}
                  onChange={(x) => updateVictim(i, { gender: x })}
                  options={[none, ...GENDERS.map((g) => ({ value: g, label: valueLabel(t, "gender", g) }))]}
                  error={p("gender")}
                />
                <InputField
                  id={id("nationality")}
                  label={t("persons.fields.nationality")}
                  description={t("signals.intake.nationalityHelp")}
                  value={v.nationality}
                  onChange={(x) => updateVictim(i, { nationality: x })}
                  maxLength={7}
                  error={p("nationality") ? t("signals.intake.nationalityInvalid") : undefined}
                />
                <InputField
                  id={id("languages")}
                  label={t("persons.fields.languages")}
                  description={t("signals.intake.languagesHelp")}
                  value={v.languages}
                  onChange={(x) => updateVictim(i, { languages: x })}
                  error={p("languages") ? t("signals.intake.languagesInvalid") : undefined}
                />
                <SelectField
                  id={id("residenceStatus")}
                  label={t("persons.fields.residenceStatus")}
                  value={v.residenceStatus}
                  onChange={(x) => updateVictim(i, { residenceStatus: x })}
                  options={[
                    none,
                    ...RESIDENCE_STATUSES.map((r) => ({
                      value: r,
                      label: valueLabel(t, "residenceStatus", r),
                    })),
                  ]}
                  error={p("residenceStatus")}
                />
                <Button
                  type="button"
                  appearance="secondary-action-button"
                  onClick={() => setVictims(victims.filter((_, j) => j !== i))}
                >
                  {t("signals.intake.removeVictim", { n: i + 1 })}
                </Button>
              </Fieldset>
            );
          })}
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() => setVictims([...victims, emptyVictim()])}
          >
            {t("signals.intake.addVictim")}
          </Button>
        </section>

        <section aria-labelledby="subjects-heading" className="samen-section">
          <Heading2 id="subjects-heading">{t("signals.intake.subjects")}</Heading2>
          <Paragraph>{t("signals.intake.subjectsIntro")}</Paragraph>
          {subjects.map((s, i) => {
            const p = (f: string) => problemOf(error, `subjects.${i}.${f}`);
            const id = (f: string) => `subject-${i}-${f}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and only removed with their index
              <Fieldset key={i} className="samen-signal-repeat">
                <FieldsetLegend>{t("signals.intake.subject", { n: i + 1 })}</FieldsetLegend>
                <SelectField
                  id={id("kind")}
                  label={t("signals.subject.kind")}
                  value={s.kind}
                  onChange={(x) => updateSubject(i, { kind: x as Subject["kind"] })}
                  options={(["company", "person", "location"] as const).map((k) => ({
                    value: k,
                    label: t(`signals.subject.kinds.${k}`),
                  }))}
                />
                <InputField
                  id={id("name")}
                  label={s.kind === "company" ? t("signals.subject.companyName") : t("signals.subject.name")}
                  value={s.name}
                  onChange={(x) => updateSubject(i, { name: x })}
                  required={s.kind === "company"}
                  error={p("name")}
                />
                {s.kind === "person" && (
                  <InputField
                    id={id("alias")}
                    label={t("persons.fields.alias")}
                    value={s.alias}
                    onChange={(x) => updateSubject(i, { alias: x })}
                    error={p("alias")}
                  />
                )}
                {s.kind === "company" && (
                  <InputField
                    id={id("kvkNumber")}
                    label={t("signals.subject.kvkNumber")}
                    description={t("signals.intake.kvkHelp")}
                    inputMode="numeric"
                    value={s.kvkNumber}
                    onChange={(x) => updateSubject(i, { kvkNumber: x })}
                    error={p("kvkNumber") ? t("signals.intake.kvkInvalid") : undefined}
                  />
                )}
                {s.kind !== "person" && (
                  <InputField
                    id={id("address")}
                    label={t("signals.subject.address")}
                    value={s.address}
                    onChange={(x) => updateSubject(i, { address: x })}
                    required={s.kind === "location"}
                    error={p("address")}
                  />
                )}
                {s.kind !== "location" && (
                  <InputField
                    id={id("phone")}
                    type="tel"
                    label={t("signals.subject.phone")}
                    value={s.phone}
                    onChange={(x) => updateSubject(i, { phone: x })}
                    error={p("phone")}
                  />
                )}
                <Button
                  type="button"
                  appearance="secondary-action-button"
                  onClick={() => setSubjects(subjects.filter((_, j) => j !== i))}
                >
                  {t("signals.intake.removeSubject", { n: i + 1 })}
                </Button>
              </Fieldset>
            );
          })}
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() => setSubjects([...subjects, emptySubject()])}
          >
            {t("signals.intake.addSubject")}
          </Button>
        </section>

        <DraftAttachments draftId={draft?.id ?? null} saveDraft={save} />

        <Heading3>{t("signals.intake.finish")}</Heading3>
        <Paragraph>
          {draft
            ? t("signals.intake.draftInfo", { reference: draft.reference })
            : t("signals.intake.finishIntro")}
        </Paragraph>
        <Done text={done} />
        <ButtonGroup>
          <Button type="submit" appearance="secondary-action-button" disabled={busy}>
            {t("signals.intake.saveDraft")}
          </Button>
          <Button
            type="button"
            appearance="primary-action-button"
            disabled={busy}
            onClick={() => void onSubmit()}
          >
            {t("signals.intake.submit")}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}
