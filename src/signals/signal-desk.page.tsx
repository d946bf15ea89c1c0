/**
 * @module signal-desk.page
 * "Meldpunt": the signal desk's queue with filters and deadlines (overdue said in words), and one
 * signal with the desk's work: change the status (only the allowed next statuses, with a reason when
 * the table asks for one), link duplicates (suggestions with their reasons), and route to a team on a
 * track. The routing rules' proposals are shown as a hint; the legal basis recorded with a routing is
 * shown afterwards.
 */
import {
  Button,
  ButtonGroup,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Organisation, useOrganisations } from "../persons/person.client";
import { api } from "../web/api";
import { Done, ErrorAlert, InputField, Loading, SelectField, TextAreaField } from "../web/form";
import { useAbility } from "../web/session";
import { proposeRoutings, type RoutingProposal } from "./routing.rules";
import {
  type Municipality,
  type Signal,
  type SignalListItem,
  type SignalPerson,
  useMunicipalities,
  useSignalVocabulary,
} from "./signal.components";
import {
  EXPLOITATION_FORMS,
  type ExploitationForm,
  SIGNAL_STATUSES,
  TRACKS,
  type Track,
  URGENCIES,
} from "./signal.vocabulary";
import { SignalView } from "./signal-detail";
import { SignalLink, SignalTable, useOpenSignalId } from "./signal-list";
import { allowedNextStatuses, findTransition } from "./signal-status.rules";

type Filters = {
  status: string;
  form: string;
  urgency: string;
  minorInvolved: string;
  overdue: string;
  policeUnitId: string;
  olderThanDays: string;
};
const NO_FILTERS: Filters = {
  status: "",
  form: "",
  urgency: "",
  minorInvolved: "",
  overdue: "",
  policeUnitId: "",
  olderThanDays: "",
};

export function SignalDeskPage() {
  const { t } = useTranslation();
  const id = useOpenSignalId();
  const { municipalities } = useMunicipalities();
  return (
    <>
      <Heading1>{t("signals.desk.title")}</Heading1>
      {id ? (
        <SignalView
          id={id}
          backHref="/meldpunt"
          actions={(signal, reload) => (
            <DeskActions signal={signal} reload={reload} municipalities={municipalities} />
          )}
        />
      ) : (
        <Queue />
      )}
    </>
  );
}

function Queue() {
  const { t } = useTranslation();
  const vocab = useSignalVocabulary();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [items, setItems] = useState<SignalListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const query = new URLSearchParams({ view: "desk" });
    for (const [k, v] of Object.entries(applied)) if (v) query.set(k, v);
    setItems(null);
    api<{ items: SignalListItem[] }>("GET", `/signals?${query}`).then((r) => {
      setItems(r.items);
      setError(null);
    }, setError);
  }, [applied]);
  const [units, setUnits] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    api<{ items: { id: string; name: string }[] }>("GET", "/police-units").then(
      (r) => setUnits([...r.items].sort((a, b) => a.name.localeCompare(b.name, "nl"))),
      setError,
    );
  }, []);
  const set = (k: keyof Filters) => (v: string) => setFilters({ ...filters, [k]: v });
  const all = { value: "", label: t("signals.desk.all") };
  const yesNo = [all, { value: "true", label: t("signals.yes") }, { value: "false", label: t("signals.no") }];
  const overdueCount = items?.filter((s) => s.overdue).length ?? 0;
  return (
    <>
      <Paragraph>{t("signals.desk.intro")}</Paragraph>
      <form
        className="samen-filters"
        aria-label={t("signals.desk.filters")}
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setApplied(filters);
        }}
      >
        <SelectField
          id="filter-status"
          label={t("signals.status")}
          value={filters.status}
          onChange={set("status")}
          options={[all, ...SIGNAL_STATUSES.map((s) => ({ value: s, label: vocab.status(s) }))]}
        />
        <SelectField
          id="filter-form"
          label={t("signals.forms")}
          value={filters.form}
          onChange={set("form")}
          options={[all, ...EXPLOITATION_FORMS.map((f) => ({ value: f, label: vocab.form(f) }))]}
        />
        <SelectField
          id="filter-urgency"
          label={t("signals.urgency")}
          value={filters.urgency}
          onChange={set("urgency")}
          options={[all, ...URGENCIES.map((u) => ({ value: u, label: vocab.urgency(u) }))]}
        />
        <SelectField
          id="filter-minor"
          label={t("signals.minor")}
          value={filters.minorInvolved}
          onChange={set("minorInvolved")}
          options={yesNo}
        />
        <SelectField
          id="filter-overdue"
          label={t("signals.desk.overdueFilter")}
          value={filters.overdue}
          onChange={set("overdue")}
          options={yesNo}
        />
        <SelectField
          id="filter-unit"
          label={t("signals.desk.policeUnit")}
          value={filters.policeUnitId}
          onChange={set("policeUnitId")}
          options={[all, ...units.map((u) => ({ value: u.id, label: u.name }))]}
        />
        <InputField
          id="filter-age"
          type="number"
          inputMode="numeric"
          label={t("signals.desk.olderThanDays")}
          value={filters.olderThanDays}
          onChange={set("olderThanDays")}
        />
        <ButtonGroup className="samen-filters__buttons">
          <Button type="submit" appearance="primary-action-button">
            {t("signals.desk.filter")}
          </Button>
          <Button
            type="button"
            appearance="secondary-action-button"
            onClick={() => {
              setFilters(NO_FILTERS);
              setApplied(NO_FILTERS);
            }}
          >
            {t("signals.desk.clear")}
          </Button>
        </ButtonGroup>
      </form>
      <ErrorAlert error={error} />
      {items ? (
        <>
          <Paragraph aria-live="polite">
            {t("signals.desk.count", { count: items.length, overdue: overdueCount })}
          </Paragraph>
          <SignalTable
            items={items}
            label={t("signals.desk.table")}
            hrefBase="/meldpunt"
            showReporter
            showDeadline
          />
        </>
      ) : (
        !error && <Loading />
      )}
    </>
  );
}

function DeskActions({
  signal,
  reload,
  municipalities,
}: {
  signal: Signal;
  reload: () => Promise<void>;
  municipalities: Municipality[] | null;
}) {
  // A desk officer's own organisation's signal opens as "owner"; the desk's work applies all the same.
  const isDesk = useAbility("signals:desk");
  if (!isDesk || signal.status === "draft") return null;
  return (
    <>
      <StatusChange signal={signal} reload={reload} />
      <Enrichment signal={signal} reload={reload} />
      <Duplicates signal={signal} reload={reload} />
      <GroupPersons signal={signal} reload={reload} />
      <RouteForm signal={signal} reload={reload} municipalities={municipalities} />
    </>
  );
}

/** Runs an action with busy, error and done state. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setDone(null);
    try {
      const message = await action();
      setError(null);
      setDone(message);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, run };
}

/**
 * An enrichment note: what a partner told the desk about this signal. It names the organisation the
 * information came from and the legal basis on which it was shared, so later readers can weigh it
 * and a privacy officer can check it. Appended to the history, never edited.
 */
function Enrichment({ signal, reload }: { signal: Signal; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const { organisations, error: orgError } = useOrganisations();
  const [text, setText] = useState("");
  const [source, setSource] = useState("");
  const [basis, setBasis] = useState("");
  const { busy, error, done, run } = useAction();
  const missing = !text.trim() || !source || !basis.trim();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api("POST", `/signals/${signal.id}/facts`, {
        kind: "enrichment",
        text,
        sourceOrganisationId: source || undefined,
        legalBasis: basis.trim() || undefined,
      });
      setText("");
      setBasis("");
      await reload();
      return t("signals.enrichment.done");
    });
  };
  return (
    <section aria-labelledby="enrichment-heading" className="samen-section">
      <Heading2 id="enrichment-heading">{t("signals.enrichment.title")}</Heading2>
      <Paragraph>{t("signals.enrichment.intro")}</Paragraph>
      <form className="samen-form" onSubmit={onSubmit} noValidate>
        <ErrorAlert error={error ?? orgError} />
        <TextAreaField
          id="enrichment-text"
          label={t("signals.enrichment.text")}
          value={text}
          onChange={setText}
          required
          maxLength={10000}
        />
        <SelectField
          id="enrichment-source"
          label={t("signals.enrichment.source")}
          value={source}
          onChange={setSource}
          required
          options={[
            { value: "", label: t("signals.choose") },
            ...(organisations ?? []).map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <InputField
          id="enrichment-basis"
          label={t("signals.enrichment.basis")}
          description={t("signals.enrichment.basisHint")}
          value={basis}
          onChange={setBasis}
          required
          maxLength={300}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy || missing}>
          {t("signals.enrichment.submit")}
        </Button>
      </form>
      <Done text={done} />
    </section>
  );
}

function StatusChange({ signal, reload }: { signal: Signal; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const vocab = useSignalVocabulary();
  const status = signal.status === "draft" ? "received" : signal.status;
  // Routing has its own form below: it names the team and records the legal basis.
  const next = allowedNextStatuses(status, "desk_officer").filter((s) => s !== "routed");
  const [to, setTo] = useState("");
  const [reason, setReason] = useState("");
  const { busy, error, done, run } = useAction();
  const target = next.find((s) => s === to);
  const reasonRequired = target ? (findTransition(status, target)?.reasonRequired ?? false) : false;
  return (
    <section aria-labelledby="status-heading" className="samen-section">
      <Heading2 id="status-heading">{t("signals.desk.statusTitle")}</Heading2>
      {next.length === 0 ? (
        <Paragraph>{t("signals.desk.noNextStatus")}</Paragraph>
      ) : (
        <form
          className="samen-form"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void run(async () => {
              await api("POST", `/signals/${signal.id}/status-changes`, {
                to,
                reason: reason.trim() || undefined,
              });
              setTo("");
              setReason("");
              await reload();
              return t("signals.desk.statusChanged", { status: vocab.status(to) });
            });
          }}
        >
          <ErrorAlert error={error} />
          <SelectField
            id="status-to"
            label={t("signals.desk.newStatus")}
            description={t("signals.desk.newStatusHelp", { status: vocab.status(status) })}
            value={to}
            onChange={setTo}
            options={[
              { value: "", label: t("signals.choose") },
              ...next.map((s) => ({ value: s, label: vocab.status(s) })),
            ]}
          />
          <TextAreaField
            id="status-reason"
            label={reasonRequired ? t("signals.desk.reasonRequired") : t("signals.desk.reasonOptional")}
            value={reason}
            onChange={setReason}
            required={reasonRequired}
            maxLength={2000}
          />
          <Button
            type="submit"
            appearance="primary-action-button"
            disabled={busy || !target || (reasonRequired && !reason.trim())}
          >
            {t("signals.desk.changeStatus")}
          </Button>
        </form>
      )}
      <Done text={done} />
    </section>
  );
}

type Suggestion = {
  id: string;
  reference: string;
  score: number;
  kind: "likely_duplicate" | "related";
  daysApart: number;
  reasons: { code: string; matches: number; similarity?: number }[];
};

function Duplicates({ signal, reload }: { signal: Signal; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Suggestion[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error, done, run } = useAction();
  useEffect(() => {
    api<{ items: Suggestion[] }>("GET", `/signals/${signal.id}/duplicates`).then(
      (r) => setItems(r.items),
      setLoadError,
    );
  }, [signal.id]);
  return (
    <section aria-labelledby="duplicates-heading" className="samen-section">
      <Heading2 id="duplicates-heading">{t("signals.duplicates.title")}</Heading2>
      <ErrorAlert error={loadError ?? error} />
      {!items && !loadError && <Loading />}
      {items?.length === 0 && <Paragraph>{t("signals.duplicates.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ul className="samen-signal-duplicates">
          {items.map((d) => {
            const linked = signal.groupSignalIds.includes(d.id);
            return (
              <li key={d.id}>
                <Heading3>
                  <SignalLink href={`/meldpunt?id=${d.id}`}>{d.reference}</SignalLink> —{" "}
                  {t(`signals.duplicates.kinds.${d.kind}`)}
                </Heading3>
                <Paragraph>
                  {t("signals.duplicates.score", { score: Math.round(d.score * 100), days: d.daysApart })}
                </Paragraph>
                <ul className="samen-plain-list">
                  {d.reasons.map((r) => (
                    <li key={r.code}>{t(`signals.duplicates.reasons.${r.code}`, { count: r.matches })}</li>
                  ))}
                </ul>
                {linked ? (
                  <Paragraph>
                    <strong>{t("signals.duplicates.linked")}</strong>
                  </Paragraph>
                ) : (
                  <Button
                    appearance="secondary-action-button"
                    disabled={busy}
                    onClick={() =>
                      run(async () => {
                        await api("POST", `/signals/${signal.id}/links`, { signalIds: [d.id] });
                        await reload();
                        return t("signals.duplicates.done", { reference: d.reference });
                      })
                    }
                  >
                    {t("signals.duplicates.link", { reference: d.reference })}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <Done text={done} />
    </section>
  );
}

/**
 * People in the group's other signals who are not in this one: the desk links a possible victim or
 * suspect that two reporters both saw, so teams see the person with either signal.
 */
function GroupPersons({ signal, reload }: { signal: Signal; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const [others, setOthers] = useState<{ reference: string; person: SignalPerson }[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const { busy, error, done, run } = useAction();
  const groupKey = signal.groupSignalIds.join(",");
  const own = signal.persons.map((p) => p.id).join(",");
  useEffect(() => {
    const ids = groupKey ? groupKey.split(",") : [];
    const mine = new Set(own.split(","));
    Promise.all(ids.map((id) => api<Signal>("GET", `/signals/${id}`))).then(
      (signals) =>
        setOthers(
          signals.flatMap((s) =>
            s.persons.filter((p) => !mine.has(p.id)).map((person) => ({ reference: s.reference, person })),
          ),
        ),
      setLoadError,
    );
  }, [groupKey, own]);
  // After the last person is linked the list is empty, but the section stays for its confirmation.
  if (!others || (others.length === 0 && !done)) return <ErrorAlert error={loadError} />;
  return (
    <section aria-labelledby="group-persons-heading" className="samen-section">
      <Heading2 id="group-persons-heading">{t("signals.groupPersons.title")}</Heading2>
      <Paragraph>{t("signals.groupPersons.intro")}</Paragraph>
      <ErrorAlert error={loadError ?? error} />
      {others.length > 0 && (
        <ul className="samen-plain-list">
          {others.map(({ reference, person }) => (
            <li key={person.id}>
              {t("signals.groupPersons.person", { pseudonym: person.pseudonym, reference })}{" "}
              <Button
                appearance="secondary-action-button"
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await api("POST", `/signals/${signal.id}/persons`, { personId: person.id });
                    await reload();
                    return t("signals.groupPersons.done", { pseudonym: person.pseudonym });
                  })
                }
              >
                {t("signals.groupPersons.link", { pseudonym: person.pseudonym })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Done text={done} />
    </section>
  );
}

/** The organisation a proposal points to, when the list makes that unambiguous. */
function organisationFor(proposal: RoutingProposal, organisations: Organisation[]): Organisation | undefined {
  let candidates = organisations.filter((o) => o.type === proposal.organisationType);
  const r = proposal.recipient;
  if (r.kind === "police_unit" && r.policeUnitId) {
    const unit = r.policeUnitId.replace(/-/g, " ");
    candidates = candidates.filter((o) => o.name.toLowerCase().includes(unit));
  }
  return candidates.length === 1 ? candidates[0] : undefined;
}

function RouteForm({
  signal,
  reload,
  municipalities,
}: {
  signal: Signal;
  reload: () => Promise<void>;
  municipalities: Municipality[] | null;
}) {
  const { t } = useTranslation();
  const vocab = useSignalVocabulary();
  const { organisations, error: orgError } = useOrganisations();
  const [track, setTrack] = useState("");
  const [organisationId, setOrganisationId] = useState("");
  const [reason, setReason] = useState("");
  const { busy, error, done, run } = useAction();
  const visible = <T,>(name: keyof Signal["fields"], fallback: T): T =>
    signal.fields[name]?.visible ? ((signal.fields[name]?.value as T) ?? fallback) : fallback;
  const municipalityCode = visible<string | null>("municipalityCode", null);
  const proposals = proposeRoutings({
    forms: visible<ExploitationForm[]>("forms", []),
    urgency: signal.urgency,
    minorInvolved: visible<boolean>("minorInvolved", false),
    victimPresent: signal.persons.length > 0,
    borderRelated: false,
    companyInvolved: signal.subjects.some((s) => s.kind === "company"),
    locationInvolved: signal.subjects.some((s) => s.kind === "location") || !!visible("address", null),
    municipalityCode,
    policeUnitId: municipalities?.find((m) => m.code === municipalityCode)?.policeUnitId ?? null,
  });
  return (
    <section aria-labelledby="route-heading" className="samen-section">
      <Heading2 id="route-heading">{t("signals.route.title")}</Heading2>
      <Paragraph>{t("signals.route.intro")}</Paragraph>
      {proposals.length > 0 && (
        <>
          <Heading3>{t("signals.route.proposals")}</Heading3>
          <ul className="samen-plain-list">
            {proposals.map((p) => {
              const org = organisations ? organisationFor(p, organisations) : undefined;
              return (
                <li key={p.ruleId}>
                  <strong>{vocab.track(p.track)}</strong>: {t(`organisationTypes.${p.organisationType}`)}
                  {org ? ` (${org.name})` : ""} — {vocab.pick(p.reason)}
                  {p.quickResponse && ` ${t("signals.route.quickResponse")}`}{" "}
                  <Button
                    appearance="subtle-button"
                    onClick={() => {
                      setTrack(p.track);
                      setOrganisationId(org?.id ?? "");
                      setReason(vocab.pick(p.reason));
                    }}
                  >
                    {t("signals.route.useProposal", { track: vocab.track(p.track) })}
                  </Button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <form
        className="samen-form"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void run(async () => {
            await api("POST", `/signals/${signal.id}/routings`, { track, organisationId, reason });
            const fresh = await api<Signal>("GET", `/signals/${signal.id}`);
            await reload();
            const routing = [...fresh.routings].reverse().find((r) => r.track === track);
            setReason("");
            return t("signals.route.done", {
              team: routing?.organisation ?? "",
              track: vocab.track(track),
              basis: routing?.legalBasis ?? "",
            });
          });
        }}
      >
        <ErrorAlert error={orgError ?? error} />
        <SelectField
          id="route-track"
          label={t("signals.routing.track")}
          value={track}
          onChange={setTrack}
          options={[
            { value: "", label: t("signals.choose") },
            ...TRACKS.map((tr: Track) => ({ value: tr, label: vocab.track(tr) })),
          ]}
        />
        <SelectField
          id="route-organisation"
          label={t("signals.routing.team")}
          value={organisationId}
          onChange={setOrganisationId}
          options={[
            { value: "", label: t("signals.choose") },
            ...(organisations ?? []).map((o) => ({
              value: o.id,
              label: `${o.name} (${t(`organisationTypes.${o.type}`)})`,
            })),
          ]}
        />
        <TextAreaField
          id="route-reason"
          label={t("signals.route.reason")}
          value={reason}
          onChange={setReason}
          required
          maxLength={2000}
        />
        <Button
          type="submit"
          appearance="primary-action-button"
          disabled={busy || !track || !organisationId || !reason.trim()}
        >
          {t("signals.route.submit")}
        </Button>
      </form>
      <Done text={done} />
    </section>
  );
}
