/**
 * @module large-group.page
 * "Grote groep": when an inspection finds many workers at once, one case per person with minimal
 * fields — the signal, place and date once for the whole group — on a phone-sized screen, to be
 * completed later; and the bulk request for temporary shelter that follows from the group.
 *
 * One idempotency key per form, sent with every submit of that form: a double tap, or a retry after
 * the answer was lost, opens the group once (see large-group.service). A refused group claims no key,
 * so the corrected group goes out under the same one. Row errors are kept by row, not by position,
 * so removing a row after an error never moves a message onto another person.
 */
import "./large-group.css";
import {
  Alert,
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  Heading1,
  Heading2,
  Paragraph,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, type RefObject, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { usePick } from "../persons/privacy.components";
import type { SignalListItem } from "../signals/signal.components";
import { EXPLOITATION_FORMS, GENDERS, type Gender } from "../signals/signal.vocabulary";
import { ApiError, api, localise } from "../web/api";
import { CheckboxField, CheckboxGroup, Done, InputField, SelectField } from "../web/form";
import { RouterLink } from "../web/router";
import { useAbility, useSession } from "../web/session";
import { CareLink, useCareVocabulary } from "./care.components";
import {
  AGE_CATEGORY_LABELS,
  AGE_GROUP_LABELS,
  AGE_GROUPS,
  type EstimatedAge,
  SECTOR_INFO,
  SECTORS,
} from "./care.vocabulary";
import { GroupPlacement } from "./group-placement";
import type { BulkShelterRequest } from "./large-group.rules";
import { MAX_ALIAS_LENGTH, MAX_NUMBER_LENGTH } from "./large-group.rules";

type Row = {
  /** Stable while the form lives; never sent. */
  key: number;
  number: string;
  alias: string;
  gender: Gender;
  estimatedAge: EstimatedAge;
  nationality: string;
  languages: string;
};

type Shared = {
  signalId: string;
  municipalityCode: string;
  foundOn: string;
  forms: string[];
  sector: string;
};

type Opened = { id: string; caseNumber: string; organisationId: string };
type Result = { cases: Opened[]; shelterRequest: BulkShelterRequest };

/** What the server answered last, with the rows as they were sent (row errors name positions). */
type Failure = { error: unknown; sentKeys: number[] };

const GROUP_FIELDS = ["signalId", "municipalityCode", "foundOn", "forms", "sector", "persons"] as const;
const ROW_FIELDS = ["number", "alias", "gender", "estimatedAge", "nationality", "languages"] as const;
type RowField = (typeof ROW_FIELDS)[number];

/** Most likely first: a field worker rarely knows the band, often only whether it is a child. */
const AGE_OPTIONS: EstimatedAge[] = [
  "unknown",
  "minor",
  "adult",
  ...AGE_GROUPS.filter((a) => a !== "unknown"),
];

/** Today in Amsterdam, `YYYY-MM-DD`. */
function today(): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Amsterdam" }).format(new Date());
}

/** A fresh idempotency key. getRandomValues works on plain http too, where randomUUID does not. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `groep-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const opt = (v: string) => v.trim() || undefined;

function emptyShared(): Shared {
  return { signalId: "", municipalityCode: "", foundOn: today(), forms: [], sector: "" };
}

export function LargeGroupPage() {
  const { t } = useTranslation();
  const canManage = useAbility("cases:manage");
  const nextKey = useRef(0);
  const row = (): Row => ({
    key: nextKey.current++,
    number: "",
    alias: "",
    gender: "unknown",
    estimatedAge: "unknown",
    nationality: "",
    languages: "",
  });
  const [shared, setShared] = useState<Shared>(emptyShared);
  const [rows, setRows] = useState<Row[]>(() => [row(), row()]);
  const [shelter, setShelter] = useState(true);
  const [key, setKey] = useState(newKey);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [result, setResult] = useState<{ result: Result; rows: Row[]; shelter: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  // A second tap before React has re-rendered the disabled button still finds this set.
  const sending = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [focusRow, setFocusRow] = useState<number | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusRow === null) return;
    document.getElementById(`group-${focusRow}-number`)?.focus();
    setFocusRow(null);
  }, [focusRow]);
  useEffect(() => {
    if (failure) summaryRef.current?.focus();
  }, [failure]);

  const send = async (idempotencyKey: string) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    const sent = rows;
    try {
      const answer = await api<Result>("POST", "/cases/large-groups", {
        signalId: shared.signalId,
        foundOn: shared.foundOn,
        municipalityCode: shared.municipalityCode.trim().toUpperCase(),
        forms: shared.forms,
        sector: shared.sector || null,
        persons: sent.map((r) => ({
          number: opt(r.number),
          alias: opt(r.alias),
          gender: r.gender,
          estimatedAge: r.estimatedAge,
          nationality: opt(r.nationality) ?? "unknown",
          languages: r.languages
            .split(/[,\s]+/)
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean),
        })),
        idempotencyKey,
      });
      setFailure(null);
      setResult({ result: answer, rows: sent, shelter });
    } catch (error) {
      setFailure({ error, sentKeys: sent.map((r) => r.key) });
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void send(key);
  };

  const startOver = () => {
    setShared(emptyShared());
    nextKey.current = 0;
    setRows([row(), row()]);
    setShelter(true);
    setKey(newKey());
    setFailure(null);
    setResult(null);
  };

  return (
    <div className="samen-group">
      <Heading1>{t("care.group.title")}</Heading1>
      <Paragraph>{t("care.group.intro")}</Paragraph>
      {canManage && (
        <Paragraph>
          <CareLink href="/dossiers">{t("care.backToList")}</CareLink>
        </Paragraph>
      )}
      {result ? (
        <GroupResult {...result} onAnother={startOver} />
      ) : (
        <form id="group-form" onSubmit={submit} noValidate>
          <div ref={summaryRef} tabIndex={-1} className="samen-done">
            {failure && (
              <GroupErrors
                failure={failure}
                rows={rows}
                onSaveAsNew={() => {
                  const fresh = newKey();
                  setKey(fresh);
                  void send(fresh);
                }}
              />
            )}
          </div>
          <SharedFields shared={shared} setShared={setShared} failure={failure} />
          <Persons
            rows={rows}
            setRows={setRows}
            failure={failure}
            onAdd={() => {
              const added = row();
              setRows((current) => [...current, added]);
              setFocusRow(added.key);
            }}
            onRemoved={() => addRef.current?.focus()}
            addRef={addRef}
          />
          <CheckboxField
            id="group-shelter"
            label={t("care.group.shelter")}
            description={t("care.group.shelterHelp")}
            checked={shelter}
            onChange={setShelter}
          />
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {busy ? t("care.group.sending") : t("care.group.submit")}
          </Button>
        </form>
      )}
    </div>
  );
}

// ------------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------------

/** A problem's plain words: our text for the rules' code, else a field's generic text, else the server's. */
function useProblemText() {
  const { t, i18n } = useTranslation();
  return (field: string, reason: string): string => {
    for (const key of [`care.group.codes.${reason}`, `care.group.invalid.${field}`])
      if (i18n.exists(key)) return t(key);
    return reason;
  };
}

/** The server's problem for a shared field, in plain words. */
function useGroupProblem(failure: Failure | null) {
  const text = useProblemText();
  return (field: string): string | undefined => {
    if (!(failure?.error instanceof ApiError)) return undefined;
    const p = failure.error.fields.find((f) => f.name === field);
    return p ? text(field, p.reason) : undefined;
  };
}

/** The server's problem for one field of one row, found by the row's position when it was sent. */
function useRowProblem(failure: Failure | null) {
  const text = useProblemText();
  return (rowKey: number, field: RowField): string | undefined => {
    if (!(failure?.error instanceof ApiError)) return undefined;
    const index = failure.sentKeys.indexOf(rowKey);
    if (index < 0) return undefined;
    const p = failure.error.fields.find((f) => f.name === `persons.${index}.${field}`);
    return p ? text(field, p.reason) : undefined;
  };
}

function GroupErrors({
  failure,
  rows,
  onSaveAsNew,
}: {
  failure: Failure;
  rows: Row[];
  onSaveAsNew: () => void;
}) {
  const { t, i18n } = useTranslation();
  const groupProblem = useGroupProblem(failure);
  const rowProblem = useRowProblem(failure);
  const { error } = failure;
  if (!(error instanceof ApiError))
    return (
      <Alert type="error" role="alert">
        <Paragraph>{t("care.group.lost")}</Paragraph>
      </Alert>
    );
  if (error.code === "IDEMPOTENCY_KEY_REUSED")
    return (
      <Alert type="error" role="alert">
        <Paragraph>{t("care.group.reused")}</Paragraph>
        <Button appearance="secondary-action-button" onClick={onSaveAsNew}>
          {t("care.group.saveAsNew")}
        </Button>
      </Alert>
    );
  const groupLinks = GROUP_FIELDS.flatMap((f) => {
    const problem = groupProblem(f);
    return problem
      ? [{ id: f === "persons" ? "group-count" : `group-${f}`, label: t(`care.group.${f}`), problem }]
      : [];
  });
  const rowLinks = rows.flatMap((r, i) =>
    ROW_FIELDS.flatMap((f) => {
      const problem = rowProblem(r.key, f);
      return problem
        ? [
            {
              id: `group-${r.key}-${f}`,
              label: t("care.group.rowField", { n: i + 1, field: t(`care.group.${f}`) }),
              problem,
            },
          ]
        : [];
    }),
  );
  const links = [...groupLinks, ...rowLinks];
  return (
    <Alert type="error" role="alert">
      <Paragraph>
        <strong>{localise(error.message, i18n.language)}</strong>
      </Paragraph>
      {links.length > 0 && (
        <>
          <Paragraph>{t("care.group.checkFields")}</Paragraph>
          <ul>
            {links.map((l) => (
              <li key={l.id}>
                <a href={`#${l.id}`}>
                  {l.label}: {l.problem}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Alert>
  );
}

// ------------------------------------------------------------------------------------------------
// The form
// ------------------------------------------------------------------------------------------------

function SharedFields({
  shared,
  setShared,
  failure,
}: {
  shared: Shared;
  setShared: (update: (s: Shared) => Shared) => void;
  failure: Failure | null;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const pick = usePick();
  const problem = useGroupProblem(failure);
  const [signals, setSignals] = useState<SignalListItem[] | null>(null);
  useEffect(() => {
    // The organisation's own signals and those routed to it; a draft cannot carry a group.
    void Promise.allSettled(
      (["mine", "team"] as const).map((view) =>
        api<{ items: SignalListItem[] }>("GET", `/signals?view=${view}`),
      ),
    ).then((answers) => {
      const byId = new Map<string, SignalListItem>();
      for (const a of answers)
        if (a.status === "fulfilled")
          for (const s of a.value.items) if (s.status !== "draft") byId.set(s.id, s);
      setSignals([...byId.values()]);
    });
  }, []);
  const set = (patch: Partial<Shared>) => setShared((s) => ({ ...s, ...patch }));
  const chooseSignal = (signalId: string) => {
    const s = signals?.find((x) => x.id === signalId);
    // The signal already says where and what: fill what is still empty, change nothing typed.
    setShared((current) => ({
      ...current,
      signalId,
      municipalityCode: current.municipalityCode || s?.municipalityCode || "",
      forms: current.forms.length > 0 ? current.forms : (s?.forms ?? []),
    }));
  };
  return (
    <Fieldset className="samen-group-shared">
      <FieldsetLegend>{t("care.group.shared")}</FieldsetLegend>
      <SelectField
        id="group-signalId"
        label={t("care.group.signalId")}
        description={t("care.group.signalHelp")}
        value={shared.signalId}
        onChange={chooseSignal}
        error={problem("signalId")}
        options={[
          { value: "", label: signals ? t("care.choose") : t("common.loading") },
          ...(signals ?? []).map((s) => ({
            value: s.id,
            label: `${s.reference} — ${s.municipalityCode ?? "?"}`,
          })),
        ]}
      />
      {signals && signals.length === 0 && (
        <Paragraph>
          {t("care.group.noSignals")}{" "}
          <RouterLink href="/meldingen/nieuw">{t("care.group.newSignal")}</RouterLink>
        </Paragraph>
      )}
      <InputField
        id="group-municipalityCode"
        label={t("care.group.municipalityCode")}
        description={t("care.group.municipalityHelp")}
        value={shared.municipalityCode}
        onChange={(v) => set({ municipalityCode: v })}
        error={problem("municipalityCode")}
        maxLength={6}
        autoComplete="off"
        spellCheck={false}
      />
      <InputField
        id="group-foundOn"
        type="date"
        label={t("care.group.foundOn")}
        value={shared.foundOn}
        onChange={(v) => set({ foundOn: v })}
        error={problem("foundOn")}
      />
      <CheckboxGroup
        id="group-forms"
        legend={t("care.group.forms")}
        options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: vocab.form(f) }))}
        values={shared.forms}
        onChange={(forms) => set({ forms })}
        error={problem("forms")}
      />
      <SelectField
        id="group-sector"
        label={t("care.group.sector")}
        value={shared.sector}
        onChange={(sector) => set({ sector })}
        error={problem("sector")}
        options={[
          { value: "", label: t("care.group.sectorNone") },
          ...SECTORS.map((s) => ({ value: s, label: pick(SECTOR_INFO[s].label) })),
        ]}
      />
    </Fieldset>
  );
}

function Persons({
  rows,
  setRows,
  failure,
  onAdd,
  onRemoved,
  addRef,
}: {
  rows: Row[];
  setRows: (update: (rows: Row[]) => Row[]) => void;
  failure: Failure | null;
  onAdd: () => void;
  onRemoved: () => void;
  addRef: RefObject<HTMLButtonElement | null>;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const pick = usePick();
  const problem = useRowProblem(failure);
  const groupProblem = useGroupProblem(failure);
  const update = (key: number, patch: Partial<Row>) =>
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const ageLabel = (a: EstimatedAge) =>
    a === "minor" || a === "adult" ? pick(AGE_CATEGORY_LABELS[a]) : pick(AGE_GROUP_LABELS[a]);
  const countProblem = groupProblem("persons");
  return (
    <section aria-labelledby="group-persons-heading" className="samen-section">
      <Heading2 id="group-persons-heading">{t("care.group.persons")}</Heading2>
      <Paragraph>{t("care.group.personsIntro")}</Paragraph>
      {rows.map((r, i) => {
        const id = (f: RowField) => `group-${r.key}-${f}`;
        const invalid = ROW_FIELDS.some((f) => problem(r.key, f));
        return (
          <Fieldset
            key={r.key}
            className={`samen-group-person${invalid ? " samen-group-person--invalid" : ""}`}
          >
            <FieldsetLegend>{t("care.group.person", { n: i + 1 })}</FieldsetLegend>
            <div className="samen-group-person__fields">
              <InputField
                id={id("number")}
                label={t("care.group.number")}
                value={r.number}
                onChange={(v) => update(r.key, { number: v })}
                error={problem(r.key, "number")}
                maxLength={MAX_NUMBER_LENGTH}
                autoComplete="off"
                spellCheck={false}
              />
              <InputField
                id={id("alias")}
                label={t("care.group.alias")}
                value={r.alias}
                onChange={(v) => update(r.key, { alias: v })}
                error={problem(r.key, "alias")}
                maxLength={MAX_ALIAS_LENGTH}
                autoComplete="off"
                spellCheck={false}
              />
              <SelectField
                id={id("gender")}
                label={t("care.group.gender")}
                value={r.gender}
                onChange={(v) => update(r.key, { gender: v as Gender })}
                error={problem(r.key, "gender")}
                options={GENDERS.map((g) => ({ value: g, label: vocab.gender(g) }))}
              />
              <SelectField
                id={id("estimatedAge")}
                label={t("care.group.estimatedAge")}
                value={r.estimatedAge}
                onChange={(v) => update(r.key, { estimatedAge: v as EstimatedAge })}
                error={problem(r.key, "estimatedAge")}
                options={AGE_OPTIONS.map((a) => ({ value: a, label: ageLabel(a) }))}
              />
              <InputField
                id={id("nationality")}
                label={t("care.group.nationality")}
                value={r.nationality}
                onChange={(v) => update(r.key, { nationality: v })}
                error={problem(r.key, "nationality")}
                maxLength={9}
                autoComplete="off"
                spellCheck={false}
              />
              <InputField
                id={id("languages")}
                label={t("care.group.languages")}
                value={r.languages}
                onChange={(v) => update(r.key, { languages: v })}
                error={problem(r.key, "languages")}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <Button
              type="button"
              appearance="secondary-action-button"
              onClick={() => {
                setRows((current) => current.filter((x) => x.key !== r.key));
                onRemoved();
              }}
            >
              {t("care.group.remove", { n: i + 1 })}
            </Button>
          </Fieldset>
        );
      })}
      <div className="samen-group-count">
        <p
          id="group-count"
          aria-live="polite"
          className={countProblem ? "samen-group-count--invalid" : undefined}
        >
          {t("care.group.count", { count: rows.length })}
          {countProblem && ` — ${countProblem}`}
        </p>
        <ButtonGroup>
          <Button ref={addRef} type="button" appearance="secondary-action-button" onClick={onAdd}>
            {t("care.group.add")}
          </Button>
        </ButtonGroup>
      </div>
    </section>
  );
}

// ------------------------------------------------------------------------------------------------
// The result
// ------------------------------------------------------------------------------------------------

function GroupResult({
  result,
  rows,
  shelter,
  onAnother,
}: {
  result: Result;
  rows: Row[];
  shelter: boolean;
  onAnother: () => void;
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const canManage = useAbility("cases:manage");
  const who = (r: Row | undefined, n: number) =>
    [r?.number.trim(), r?.alias.trim()].filter(Boolean).join(", ") || t("care.group.person", { n });
  return (
    <>
      <Done text={t("care.group.done", { count: result.cases.length })} />
      <section aria-labelledby="group-cases-heading" className="samen-section">
        <Heading2 id="group-cases-heading">{t("care.group.cases")}</Heading2>
        <Paragraph>{t("care.group.casesIntro")}</Paragraph>
        <ol className="samen-group-cases">
          {result.cases.map((c, i) => (
            <li key={c.id}>
              {who(rows[i], i + 1)}:{" "}
              {canManage && c.organisationId === session?.organisation.id ? (
                <CareLink href={`/dossiers?id=${c.id}`}>{c.caseNumber}</CareLink>
              ) : (
                <>
                  {c.caseNumber} ({t("care.group.elsewhere")})
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
      {shelter && <ShelterRequest request={result.shelterRequest} />}
      {shelter && (
        <GroupShelterPlacements
          result={result}
          held={(c) => canManage && c.organisationId === session?.organisation.id}
        />
      )}
      <Button appearance="secondary-action-button" onClick={onAnother}>
        {t("care.group.another")}
      </Button>
    </>
  );
}

/**
 * The bulk request made real: for each line of it (the adults, the minors) one request for a place
 * for all of those cases this organisation holds. Cases assigned to another region's coordinator
 * are theirs to place.
 */
function GroupShelterPlacements({
  result,
  held,
}: {
  result: Result;
  held: (c: Result["cases"][number]) => boolean;
}) {
  const { t } = useTranslation();
  const lines = result.shelterRequest.lines
    .map((l) => ({ line: l, cases: l.personIndexes.map((i) => result.cases[i]!).filter(held) }))
    .filter((l) => l.cases.length > 0);
  if (lines.length === 0) return <Paragraph>{t("care.group.placement.heldElsewhere")}</Paragraph>;
  return (
    <>
      {lines.map(({ line, cases }) => (
        <GroupPlacement
          key={line.placeType}
          id={`group-${line.placeType}`}
          title={t(
            line.placeType === "temporary_large_group"
              ? "care.group.placement.adults"
              : "care.group.placement.minors",
            { count: cases.length },
          )}
          caseIds={cases.map((c) => c.id)}
          preferredType={line.placeType}
        />
      ))}
    </>
  );
}

/** The bulk request for temporary shelter, as the coordinator passes it on to CoMensha. */
function ShelterRequest({ request }: { request: BulkShelterRequest }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const genders = GENDERS.filter((g) => request.byGender[g] > 0)
    .map((g) => `${vocab.gender(g)} ${request.byGender[g]}`)
    .join(", ");
  return (
    <section aria-labelledby="group-shelter-heading" className="samen-section">
      <Heading2 id="group-shelter-heading">{t("care.group.request.title")}</Heading2>
      <Paragraph>{t("care.group.request.intro")}</Paragraph>
      <dl className="samen-care-facts">
        <dt>{t("care.group.request.total")}</dt>
        <dd>{request.totalPersons}</dd>
        <dt>{t("care.group.request.byGender")}</dt>
        <dd>{genders}</dd>
        <dt>{t("care.group.request.adults")}</dt>
        <dd>{request.adults}</dd>
        <dt>{t("care.group.request.minors")}</dt>
        <dd>{request.minors}</dd>
        <dt>{t("care.group.request.ageUnknown")}</dt>
        <dd>{request.ageUnknown}</dd>
        <dt>{t("care.group.request.languages")}</dt>
        <dd>
          {request.languages.map((l) => `${l.code} ${l.persons}`).join(", ") || "—"}
          {request.withoutLanguage > 0 &&
            ` (${t("care.group.request.withoutLanguage", { count: request.withoutLanguage })})`}
        </dd>
        <dt>{t("care.group.request.reflection")}</dt>
        <dd>{request.toInformAboutReflectionPeriod}</dd>
      </dl>
      <ul>
        {request.lines.map((l) => (
          <li key={l.placeType}>
            {t("care.group.request.line", { type: vocab.placeType(l.placeType), count: l.persons })}
            {l.ageAssessmentNeeded > 0 &&
              ` ${t("care.group.request.ageAssessment", { count: l.ageAssessmentNeeded })}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
