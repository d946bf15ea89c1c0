/**
 * @module case-care-plan
 * The care plan in the case: the needs assessed (a checklist of the needs vocabulary), the services
 * that answer them with provider, status, dates and note, and the gaps. A service moves only along
 * the transition table: its buttons are exactly the next steps the coordinator may take, and a step
 * that needs a reason asks for one. Reminders for services without progress are shown on the case;
 * `CareReminders` lists them across the coordinator's open cases.
 */
import "./care-screens.css";
import {
  Alert,
  Button,
  ButtonGroup,
  Heading2,
  Heading3,
  Heading4,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useDateFormat } from "../persons/privacy.components";
import { api } from "../web/api";
import {
  CheckboxGroup,
  Done,
  ErrorAlert,
  FormErrors,
  InputField,
  Loading,
  ScrollTable,
  SelectField,
  TextAreaField,
  useFieldProblem,
} from "../web/form";
import {
  CareLink,
  type CaseDetail,
  type Organisation,
  useCareVocabulary,
  useOrganisations,
} from "./care.components";
import { NEEDS, type Need, type ServiceStatus } from "./care.vocabulary";
import { SERVICE_TRANSITIONS, type ServiceAction, type StalledReminder } from "./care-plan.rules";
import { allowedActions } from "./transitions.rules";

export type PlannedService = {
  id: string;
  need: Need;
  providerOrganisationId: string | null;
  status: ServiceStatus;
  plannedOn: string;
  requestedOn?: string | null;
  startedOn?: string | null;
  completedOn?: string | null;
  cancelledOn?: string | null;
  dueOn?: string | null;
  lastProgressOn: string;
  note: string | null;
};

type CarePlan = { needs: Need[]; services: PlannedService[]; gaps: Need[]; reminders: StalledReminder[] };

export type CareReminder = StalledReminder & { caseId: string; caseNumber: string };

/** A reminder in one sentence. */
function useReminderText() {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  return (r: StalledReminder) =>
    r.reason === "past_due_date"
      ? t("care.plan.reminderPastDue", { date: format.date(r.dueSince), days: r.workingDays })
      : t("care.plan.reminderNoProgress", {
          days: r.workingDays,
          threshold: r.thresholdWorkingDays,
          status: vocab.serviceStatus(r.status),
        });
}

export function CaseCarePlan({ kase, onChange }: { kase: CaseDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const reminderText = useReminderText();
  const organisations = useOrganisations();
  const open = kase.status === "open";
  const [plan, setPlan] = useState<CarePlan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setPlan(await api<CarePlan>("GET", `/cases/${kase.id}/care-plan`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [kase.id]);
  useEffect(() => {
    void load();
  }, [load]);
  const changed = async () => {
    await load();
    onChange();
  };
  // Services in the order of the needs vocabulary, so each need's services stand together.
  const byNeed = (a: Need, b: Need) => NEEDS.indexOf(a) - NEEDS.indexOf(b);
  const services = [...(plan?.services ?? [])].sort((a, b) => byNeed(a.need, b.need));
  const gaps = [...(plan?.gaps ?? [])].sort(byNeed);
  return (
    <section aria-labelledby="case-plan-heading" className="samen-section">
      <Heading2 id="case-plan-heading">{t("care.plan.title")}</Heading2>
      <Paragraph>{t("care.plan.intro")}</Paragraph>
      <ErrorAlert error={error} />
      {!plan && !error && <Loading />}
      {plan && plan.reminders.length > 0 && (
        <Alert type="warning">
          <Paragraph>
            <strong>{t("care.plan.reminders")}</strong>
          </Paragraph>
          <ul data-testid="plan-reminders">
            {plan.reminders.map((r) => (
              <li key={r.serviceId}>
                {vocab.need(r.need)}: {reminderText(r)}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {plan && (
        <>
          <Needs caseId={kase.id} open={open} needs={plan.needs} onSaved={changed} />
          <Paragraph data-testid="plan-gaps">
            {gaps.length > 0
              ? t("care.plan.gaps", { list: gaps.map(vocab.need).join(", ") })
              : plan.needs.length > 0
                ? t("care.plan.noGaps")
                : t("care.plan.noNeeds")}
          </Paragraph>
          <Heading3>{t("care.plan.services")}</Heading3>
          {services.length === 0 && <Paragraph>{t("care.plan.noServices")}</Paragraph>}
          {services.map((s) => (
            <ServiceCard
              key={s.id}
              caseId={kase.id}
              service={s}
              open={open}
              organisations={organisations ?? []}
              reminder={plan.reminders.find((r) => r.serviceId === s.id)}
              onChanged={changed}
            />
          ))}
          {open && (
            <AddService caseId={kase.id} needs={plan.needs} organisations={organisations} onAdded={changed} />
          )}
        </>
      )}
    </section>
  );
}

function Needs({
  caseId,
  open,
  needs,
  onSaved,
}: {
  caseId: string;
  open: boolean;
  needs: Need[];
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [values, setValues] = useState<string[]>(needs);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <Paragraph>
        {t("care.plan.needs")}: {needs.map(vocab.need).join(", ") || t("care.notFilledIn")}
      </Paragraph>
    );
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("PUT", `/cases/${caseId}/needs`, { needs: values });
      setDone(t("care.plan.needsSaved"));
      await onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save} noValidate className="samen-form" aria-labelledby="plan-needs-heading">
      <Heading3 id="plan-needs-heading">{t("care.plan.needs")}</Heading3>
      <ErrorAlert error={error} />
      <Done text={done} />
      <CheckboxGroup
        id="plan-needs"
        legend={t("care.plan.needsLegend")}
        description={t("care.plan.needsHelp")}
        options={NEEDS.map((n) => ({ value: n, label: vocab.need(n) }))}
        values={values}
        onChange={setValues}
      />
      <Button type="submit" appearance="secondary-action-button" disabled={busy}>
        {t("care.plan.saveNeeds")}
      </Button>
    </form>
  );
}

/** The dates a service has, in the order they happen. */
const DATES = [
  ["plannedOn", "planned"],
  ["requestedOn", "requested"],
  ["startedOn", "started"],
  ["completedOn", "completed"],
  ["cancelledOn", "cancelled"],
  ["dueOn", "due"],
  ["lastProgressOn", "lastProgress"],
] as const;

function ServiceCard({
  caseId,
  service,
  open,
  organisations,
  reminder,
  onChanged,
}: {
  caseId: string;
  service: PlannedService;
  open: boolean;
  organisations: Organisation[];
  reminder: StalledReminder | undefined;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  const reminderText = useReminderText();
  const [asking, setAsking] = useState<ServiceAction | null>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const headingId = `service-${service.id}-heading`;
  const provider = service.providerOrganisationId
    ? (organisations.find((o) => o.id === service.providerOrganisationId)?.name ??
      t("care.plan.unknownProvider"))
    : t("care.plan.noProvider");
  const actions = open ? allowedActions(SERVICE_TRANSITIONS, service.status, "care_coordinator") : [];
  const needsReason = (action: ServiceAction) =>
    SERVICE_TRANSITIONS.some((e) => e.from === service.status && e.action === action && e.reasonRequired);
  const change = async (action: ServiceAction, withReason?: string) => {
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/cases/${caseId}/services/${service.id}/status-changes`, {
        action,
        reason: withReason?.trim() || undefined,
      });
      setAsking(null);
      setReason("");
      await onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const problem = useFieldProblem(error, "care.plan.invalid");
  return (
    <article
      aria-labelledby={headingId}
      className="samen-care-service"
      data-testid={`service-${service.need}`}
    >
      <Heading4 id={headingId}>
        {vocab.need(service.need)} — {provider}
      </Heading4>
      <Paragraph>
        {t("care.plan.status")}: <strong>{vocab.serviceStatus(service.status)}</strong>
      </Paragraph>
      {reminder && <Paragraph className="samen-care-service__reminder">{reminderText(reminder)}</Paragraph>}
      <dl className="samen-care-facts">
        {DATES.filter(([field]) => service[field]).map(([field, key]) => (
          <div key={field} className="samen-care-fact">
            <dt>{t(`care.plan.dates.${key}`)}</dt>
            <dd>{format.date(service[field]!)}</dd>
          </div>
        ))}
        {service.note && (
          <div className="samen-care-fact">
            <dt>{t("care.plan.note")}</dt>
            <dd>{service.note}</dd>
          </div>
        )}
      </dl>
      <ErrorAlert error={problem("reason") ? null : error} />
      {asking ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void change(asking, reason);
          }}
          noValidate
          className="samen-form"
        >
          <TextAreaField
            id={`service-${service.id}-reason`}
            label={t("care.plan.reason", { action: t(`care.plan.actions.${asking}`) })}
            description={t("care.plan.reasonHelp")}
            value={reason}
            onChange={setReason}
            error={problem("reason")}
            maxLength={2000}
            rows={2}
            required
          />
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button" disabled={busy}>
              {t("care.plan.confirm", { action: t(`care.plan.actions.${asking}`) })}
            </Button>
            <Button appearance="secondary-action-button" onClick={() => setAsking(null)}>
              {t("care.cancel")}
            </Button>
          </ButtonGroup>
        </form>
      ) : (
        actions.length > 0 && (
          <ButtonGroup role="group" aria-label={t("care.plan.nextSteps")}>
            {actions.map((a) => (
              <Button
                key={a}
                appearance="secondary-action-button"
                disabled={busy}
                onClick={() => (needsReason(a) ? setAsking(a) : void change(a))}
              >
                {t(`care.plan.actions.${a}`)}
              </Button>
            ))}
          </ButtonGroup>
        )
      )}
    </article>
  );
}

function AddService({
  caseId,
  needs,
  organisations,
  onAdded,
}: {
  caseId: string;
  needs: Need[];
  organisations: Organisation[] | null;
  onAdded: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [need, setNeed] = useState("");
  const [provider, setProvider] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "care.plan.invalid");
  // The assessed needs first: those are the ones the plan must answer.
  const ordered = [...needs, ...NEEDS.filter((n) => !needs.includes(n))];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/cases/${caseId}/services`, {
        need,
        providerOrganisationId: provider || null,
        dueOn: dueOn || null,
        note: note.trim() || undefined,
      });
      setNeed("");
      setProvider("");
      setDueOn("");
      setNote("");
      setDone(t("care.plan.added"));
      await onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = [
    { name: "need", id: "service-need", label: t("care.plan.need"), problem: problem("need") },
    {
      name: "providerOrganisationId",
      id: "service-provider",
      label: t("care.plan.provider"),
      problem: problem("providerOrganisationId"),
    },
    { name: "dueOn", id: "service-due", label: t("care.plan.dueOn"), problem: problem("dueOn") },
    { name: "note", id: "service-note", label: t("care.plan.noteLabel"), problem: problem("note") },
  ];
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="service-form-heading">
      <Heading3 id="service-form-heading">{t("care.plan.add")}</Heading3>
      <FormErrors error={error} heading={t("care.checkFields")} fields={fields} />
      <Done text={done} />
      <SelectField
        id="service-need"
        label={t("care.plan.need")}
        value={need}
        onChange={setNeed}
        error={problem("need")}
        options={[
          { value: "", label: t("care.choose") },
          ...ordered.map((n) => ({
            value: n,
            label: needs.includes(n) ? vocab.need(n) : t("care.plan.notAssessed", { need: vocab.need(n) }),
          })),
        ]}
      />
      <SelectField
        id="service-provider"
        label={t("care.plan.provider")}
        value={provider}
        onChange={setProvider}
        error={problem("providerOrganisationId")}
        options={[
          { value: "", label: organisations ? t("care.plan.noProvider") : t("common.loading") },
          ...(organisations ?? []).map((o) => ({ value: o.id, label: o.name })),
        ]}
      />
      <InputField
        id="service-due"
        type="date"
        label={t("care.plan.dueOn")}
        description={t("care.plan.dueOnHelp")}
        value={dueOn}
        onChange={setDueOn}
        error={problem("dueOn")}
      />
      <TextAreaField
        id="service-note"
        label={t("care.plan.noteLabel")}
        description={t("care.plan.noteHelp")}
        value={note}
        onChange={setNote}
        error={problem("note")}
        maxLength={2000}
        rows={3}
      />
      <Button type="submit" appearance="primary-action-button" disabled={busy}>
        {t("care.plan.addButton")}
      </Button>
    </form>
  );
}

// ------------------------------------------------------------------------------------------------
// Across the coordinator's cases
// ------------------------------------------------------------------------------------------------

/** Services without progress (or past their agreed date) in all of the coordinator's open cases. */
export function CareReminders() {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  const reminderText = useReminderText();
  const [items, setItems] = useState<CareReminder[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: CareReminder[] }>("GET", "/care-reminders").then((r) => setItems(r.items), setError);
  }, []);
  return (
    <section aria-labelledby="care-reminders-heading" className="samen-section">
      <Heading2 id="care-reminders-heading">{t("care.plan.remindersTitle")}</Heading2>
      <Paragraph>{t("care.plan.remindersIntro")}</Paragraph>
      <ErrorAlert error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t("care.plan.noReminders")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable landmark label={t("care.plan.remindersTable")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("care.case.number")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.plan.need")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.plan.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.plan.reminder")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.plan.since")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((r) => (
                <TableRow key={r.serviceId}>
                  <TableCell>
                    <CareLink href={`/dossiers?id=${r.caseId}`}>{r.caseNumber}</CareLink>
                  </TableCell>
                  <TableCell>{vocab.need(r.need)}</TableCell>
                  <TableCell>{vocab.serviceStatus(r.status)}</TableCell>
                  <TableCell>{reminderText(r)}</TableCell>
                  <TableCell>{format.date(r.dueSince)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
    </section>
  );
}
