/**
 * @module case-view
 * One case file for its coordinator: the facts, the victim field by field (hidden fields say why),
 * the trafficking status, the timeline with notes, consent, the care plan, shelter placement,
 * registration with CoMensha, the reflection period, transfer to another coordinator and closure with
 * a reason.
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
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PresentedField } from "../persons/person.client";
import { useDateFormat, usePick } from "../persons/privacy.components";
import { RegistrationSubmit } from "../registry/registration-submit";
import { api } from "../web/api";
import { Done, ErrorAlert, InputField, Loading, SelectField, TextAreaField } from "../web/form";
import { CareLink, type CaseDetail, useCareVocabulary } from "./care.components";
import {
  CLOSURE_REASONS,
  REFLECTION_END_REASONS,
  RESIDENCE_EVENT_TYPES,
  TRAFFICKING_STATUSES,
} from "./care.vocabulary";
import { CaseCarePlan } from "./case-care-plan";
import { CaseConsents } from "./case-consents";
import { CasePlacement } from "./case-placement";
import { CaseTransfer } from "./case-transfer";

export function CaseView({ id }: { id: string }) {
  const { t } = useTranslation();
  const [kase, setKase] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setKase(await api<CaseDetail>("GET", `/cases/${id}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <Paragraph>
        <CareLink href="/dossiers">{t("care.backToList")}</CareLink>
      </Paragraph>
      <ErrorAlert error={error} />
      {!kase && !error && <Loading />}
      {kase && <CaseBody kase={kase} reload={load} />}
    </>
  );
}

function CaseBody({ kase, reload }: { kase: CaseDetail; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const open = kase.status === "open";
  return (
    <>
      <Heading2>{t("care.case.heading", { number: kase.caseNumber })}</Heading2>
      <dl className="samen-care-facts">
        <dt>{t("care.case.status")}</dt>
        <dd>{t(`care.statuses.${kase.status}`)}</dd>
        <dt>{t("care.case.traffickingStatus")}</dt>
        <dd>{vocab.traffickingStatus(kase.traffickingStatus)}</dd>
        <dt>{t("care.case.region")}</dt>
        <dd>{kase.careRegionCode ?? "—"}</dd>
        {kase.closureReason && (
          <>
            <dt>{t("care.case.closureReason")}</dt>
            <dd>{vocab.closureReason(kase.closureReason)}</dd>
          </>
        )}
      </dl>
      <Fields
        title={t("care.case.facts")}
        id="case-facts"
        fields={kase.fields}
        labelPrefix="care.factFields"
      />
      <Fields
        title={t("care.case.victim", { pseudonym: kase.victim.pseudonym })}
        id="case-victim"
        fields={kase.victim.fields}
        labelPrefix="persons.fields"
      />
      <CaseConsents kase={kase} onChange={() => void reload()} />
      <CaseCarePlan kase={kase} onChange={() => void reload()} />
      {open && <CasePlacement kase={kase} />}
      <Registration kase={kase} />
      <Residence caseId={kase.id} open={open} />
      {open && <TraffickingStatus kase={kase} reload={reload} />}
      <Timeline kase={kase} reload={reload} />
      <CaseTransfer kase={kase} onChange={() => void reload()} />
      {open && <Closure kase={kase} reload={reload} />}
    </>
  );
}

/** Every field, its value or — visibly — why it is hidden. */
function Fields({
  title,
  id,
  fields,
  labelPrefix,
}: {
  title: string;
  id: string;
  fields: Record<string, PresentedField>;
  labelPrefix: string;
}) {
  const { t, i18n } = useTranslation();
  const pick = usePick();
  const show = (value: unknown): string => {
    if (value === null || value === undefined || value === "") return t("care.notFilledIn");
    if (Array.isArray(value)) return value.length ? value.join(", ") : t("care.notFilledIn");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  };
  return (
    <section aria-labelledby={`${id}-heading`} className="samen-section">
      <Heading2 id={`${id}-heading`}>{title}</Heading2>
      <dl className="samen-care-facts">
        {Object.entries(fields).map(([name, f]) => {
          const key = `${labelPrefix}.${name}`;
          return (
            <div key={name} className="samen-care-fact">
              <dt>{i18n.exists(key) ? t(key) : name}</dt>
              <dd>
                {f.visible ? (
                  show(f.value)
                ) : (
                  <span className="samen-care-hidden">
                    {t("care.hidden", { reason: pick(f.hidden) || pick(f.basis?.explanation) })}
                  </span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function TraffickingStatus({ kase, reload }: { kase: CaseDetail; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [value, setValue] = useState(kase.traffickingStatus);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api("POST", `/cases/${kase.id}/trafficking-status`, { traffickingStatus: value });
      setError(null);
      setDone(t("care.case.statusSaved"));
      await reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="case-status-heading" className="samen-section">
      <Heading2 id="case-status-heading">{t("care.case.traffickingStatus")}</Heading2>
      <form onSubmit={save} noValidate className="samen-form">
        <ErrorAlert error={error} />
        <Done text={done} />
        <SelectField
          id="case-trafficking-status"
          label={t("care.case.newStatus")}
          value={value}
          onChange={setValue}
          options={TRAFFICKING_STATUSES.map((s) => ({ value: s, label: vocab.traffickingStatus(s) }))}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("care.case.saveStatus")}
        </Button>
      </form>
    </section>
  );
}

function Timeline({ kase, reload }: { kase: CaseDetail; reload: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api("POST", `/cases/${kase.id}/notes`, { text });
      setText("");
      setError(null);
      setDone(t("care.timeline.added"));
      await reload();
    } catch (e) {
      setError(e);
    }
  };
  const describe = (e: CaseDetail["timeline"][number]) => {
    const key = `care.timeline.kinds.${e.kind}`;
    const kind = i18n.exists(key) ? t(key) : e.kind;
    if (e.kind === "trafficking_status_set" && typeof e.data.to === "string")
      return `${kind}: ${vocab.traffickingStatus(e.data.to)}${e.text ? ` (${e.text})` : ""}`;
    if (e.kind === "closed" && typeof e.data.reason === "string")
      return `${kind}: ${vocab.closureReason(e.data.reason)}${e.text ? ` (${e.text})` : ""}`;
    if (e.kind === "service_changed" && typeof e.data.need === "string")
      return `${kind}: ${vocab.need(e.data.need)}, ${vocab.serviceStatus(String(e.data.from))} → ${vocab.serviceStatus(String(e.data.to))}${e.text ? ` (${e.text})` : ""}`;
    if (e.kind === "transfer_declined" && typeof e.data.declineReason === "string")
      return `${kind}: ${vocab.declineReason(e.data.declineReason)}${e.text ? ` (${e.text})` : ""}`;
    return e.text ? `${kind}: ${e.text}` : kind;
  };
  return (
    <section aria-labelledby="case-timeline-heading" className="samen-section">
      <Heading2 id="case-timeline-heading">{t("care.timeline.title")}</Heading2>
      <ol className="samen-care-timeline">
        {kase.timeline.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the timeline is append-only, in order
          <li key={`${e.at}-${i}`}>
            <time dateTime={e.at}>{format.dateTime(e.at)}</time> — {describe(e)}
          </li>
        ))}
      </ol>
      {kase.status === "open" && (
        <form onSubmit={add} noValidate className="samen-form">
          <ErrorAlert error={error} />
          <Done text={done} />
          <TextAreaField
            id="case-note"
            label={t("care.timeline.note")}
            description={t("care.timeline.noteHelp")}
            value={text}
            onChange={setText}
            maxLength={10_000}
          />
          <Button type="submit" appearance="secondary-action-button">
            {t("care.timeline.add")}
          </Button>
        </form>
      )}
    </section>
  );
}

function Closure({ kase, reload }: { kase: CaseDetail; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const close = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api("POST", `/cases/${kase.id}/closure`, { reason, note: note.trim() || undefined });
      setError(null);
      await reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="case-closure-heading" className="samen-section">
      <Heading2 id="case-closure-heading">{t("care.closure.title")}</Heading2>
      <Paragraph>{t("care.closure.intro")}</Paragraph>
      <form onSubmit={close} noValidate className="samen-form">
        <ErrorAlert error={error} />
        <SelectField
          id="case-closure-reason"
          label={t("care.closure.reason")}
          value={reason}
          onChange={setReason}
          options={[
            { value: "", label: t("care.choose") },
            ...CLOSURE_REASONS.map((r) => ({ value: r, label: vocab.closureReason(r) })),
          ]}
        />
        <TextAreaField
          id="case-closure-note"
          label={t("care.closure.note")}
          value={note}
          onChange={setNote}
          maxLength={2000}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("care.closure.close")}
        </Button>
      </form>
    </section>
  );
}

function Registration({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="case-registration-heading" className="samen-section">
      <Heading2 id="case-registration-heading">{t("care.registration.title")}</Heading2>
      <Paragraph>{t("care.registration.intro")}</Paragraph>
      <RegistrationSubmit id="registration" source={{ caseId: kase.id }} />
    </section>
  );
}

type ResidenceTimeline = {
  events: {
    id?: string;
    type: string;
    on: string;
    variant?: string;
    endReason?: string;
    validUntil?: string | null;
  }[];
  deadlines: Record<string, unknown>;
};

function Residence({ caseId, open }: { caseId: string; open: boolean }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  const [timeline, setTimeline] = useState<ResidenceTimeline | null>(null);
  const [type, setType] = useState<string>("reflection_period_started");
  const [on, setOn] = useState(new Date().toISOString().slice(0, 10));
  const [endReason, setEndReason] = useState<string>(REFLECTION_END_REASONS[0]);
  const [validUntil, setValidUntil] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setTimeline(await api<ResidenceTimeline>("GET", `/cases/${caseId}/residence-events`));
    } catch (e) {
      setError(e);
    }
  }, [caseId]);
  useEffect(() => {
    void load();
  }, [load]);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api("POST", `/cases/${caseId}/residence-events`, {
        type,
        on,
        ...(type === "reflection_period_ended" ? { endReason } : {}),
        ...(type === "residence_permit_granted" || type === "residence_permit_extended"
          ? { validUntil: validUntil || null }
          : {}),
      });
      setError(null);
      setDone(t("care.residence.added"));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="case-residence-heading" className="samen-section">
      <Heading2 id="case-residence-heading">{t("care.residence.title")}</Heading2>
      <Paragraph>
        {t("care.residence.intro")} <CareLink href="/dossiers/termijnen">{t("care.deadlines.nav")}</CareLink>
      </Paragraph>
      {timeline && timeline.events.length === 0 && <Paragraph>{t("care.residence.none")}</Paragraph>}
      {timeline && timeline.events.length > 0 && (
        <UnorderedList>
          {timeline.events.map((e, i) => (
            <UnorderedListItem key={e.id ?? i}>
              {format.date(e.on)}: {vocab.residenceEvent(e.type)}
              {e.endReason && ` (${vocab.endReason(e.endReason)})`}
              {e.validUntil && `, ${t("care.residence.validUntil")} ${format.date(e.validUntil)}`}
            </UnorderedListItem>
          ))}
        </UnorderedList>
      )}
      {open && (
        <form onSubmit={add} noValidate className="samen-form" aria-labelledby="residence-form-heading">
          <Heading3 id="residence-form-heading">{t("care.residence.add")}</Heading3>
          <ErrorAlert error={error} />
          <Done text={done} />
          <SelectField
            id="residence-type"
            label={t("care.residence.type")}
            value={type}
            onChange={setType}
            options={RESIDENCE_EVENT_TYPES.map((v) => ({ value: v, label: vocab.residenceEvent(v) }))}
          />
          <InputField
            id="residence-on"
            type="date"
            label={t("care.residence.on")}
            value={on}
            onChange={setOn}
          />
          {type === "reflection_period_ended" && (
            <SelectField
              id="residence-end-reason"
              label={t("care.residence.endReason")}
              value={endReason}
              onChange={setEndReason}
              options={REFLECTION_END_REASONS.map((v) => ({ value: v, label: vocab.endReason(v) }))}
            />
          )}
          {(type === "residence_permit_granted" || type === "residence_permit_extended") && (
            <InputField
              id="residence-valid-until"
              type="date"
              label={t("care.residence.validUntil")}
              value={validUntil}
              onChange={setValidUntil}
            />
          )}
          <ButtonGroup>
            <Button type="submit" appearance="secondary-action-button">
              {t("care.residence.save")}
            </Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}
