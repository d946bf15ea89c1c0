/**
 * @module signal-detail
 * One signal as its reader may see it: status and deadline, the B8 actions, every field (its value,
 * or visibly why it is hidden), the people in it (field by field, like person records), subjects,
 * routings with their legal basis, and the history. The pages add their own actions below it.
 */
import {
  Alert,
  Heading2,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import type { TFunction } from "i18next";
import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PresentedField } from "../persons/person.client";
import { valueLabel } from "../persons/person-form";
import { usePick } from "../persons/privacy.components";
import { api } from "../web/api";
import { ErrorAlert, Loading, ScrollTable } from "../web/form";
import {
  indicatorCatalogue,
  OverdueBadge,
  SIGNAL_FIELD_NAMES,
  type Signal,
  type SignalField,
  useSignalDates,
  useSignalVocabulary,
} from "./signal.components";
import { SignalAttachments } from "./signal-attachments";
import { SignalLink } from "./signal-list";

/** Loads one signal; `reload` after an action. */
export function useSignal(id: string) {
  const [signal, setSignal] = useState<Signal | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setSignal(await api<Signal>("GET", `/signals/${id}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { signal, error, reload };
}

const PERSON_FIELDS_SHOWN = [
  "role",
  "name",
  "alias",
  "ageGroup",
  "gender",
  "nationality",
  "languages",
  "residenceStatus",
] as const;

function languageName(locale: string, type: "region" | "language", code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function SignalDetail({
  signal,
  backHref,
  children,
}: {
  signal: Signal;
  backHref: string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const vocab = useSignalVocabulary();
  const dates = useSignalDates();
  const pick = usePick();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus the heading when another signal opens
  useEffect(() => {
    headingRef.current?.focus();
  }, [signal.id]);
  const locale = i18n.language.startsWith("en") ? "en-GB" : "nl-NL";
  const notFilled = t("signals.detail.notFilledIn");

  const formatSignalField = (name: SignalField, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0))
      return notFilled;
    switch (name) {
      case "observedOn":
        return dates.date(String(value));
      case "forms":
        return (value as string[]).map(vocab.form).join(", ");
      case "minorInvolved":
        return value ? t("signals.yes") : t("signals.no");
      case "indicatorIds":
        return (
          <ul className="samen-plain-list">
            {(value as string[]).map((id) => {
              const item = indicatorCatalogue().item(id);
              return (
                <li key={id}>
                  {item ? pick(item.text) : id}{" "}
                  <span className="samen-note">
                    ({id}, {t("signals.weight", { weight: item?.weight ?? "?" })})
                  </span>
                </li>
              );
            })}
          </ul>
        );
      default:
        return String(value);
    }
  };

  const formatPersonField = (name: string, value: unknown): string => {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0))
      return notFilled;
    if (name === "role" || name === "gender" || name === "ageGroup" || name === "residenceStatus")
      return valueLabel(t, name, String(value));
    if (name === "nationality")
      return value === "unknown"
        ? t("persons.values.unknown")
        : languageName(locale, "region", String(value));
    if (name === "languages")
      return (value as string[]).map((l) => languageName(locale, "language", l)).join(", ");
    return String(value);
  };

  const b8Actions = signal.actions.filter((a) => a.kind === "inform_reflection_period");
  const alertActions = signal.actions.filter((a) => a.kind === "alert_quick_response");
  const actionState = (a: { done: boolean; overdue: boolean }) =>
    a.done ? t("signals.actions.done") : a.overdue ? t("signals.actions.overdue") : t("signals.actions.open");

  return (
    <article aria-labelledby="signal-heading" className="samen-record">
      <Paragraph>
        <SignalLink href={backHref}>{t("signals.detail.back")}</SignalLink>
      </Paragraph>
      <Heading2 id="signal-heading" ref={headingRef} tabIndex={-1}>
        {t("signals.detail.title", { reference: signal.reference })}
      </Heading2>
      <dl className="samen-meta">
        <div>
          <dt>{t("signals.status")}</dt>
          <dd>{vocab.status(signal.status)}</dd>
        </div>
        <div>
          <dt>{t("signals.urgency")}</dt>
          <dd>{vocab.urgency(signal.urgency)}</dd>
        </div>
        <div>
          <dt>{t("signals.detail.channel")}</dt>
          <dd>{vocab.channel(signal.channel)}</dd>
        </div>
        {signal.reporterOrganisation && (
          <div>
            <dt>{t("signals.reporter")}</dt>
            <dd>{signal.reporterOrganisation}</dd>
          </div>
        )}
        <div>
          <dt>{t("signals.submittedAt")}</dt>
          <dd>{signal.submittedAt ? dates.dateTime(signal.submittedAt) : t("signals.notSubmitted")}</dd>
        </div>
        {signal.deadlineAt && (
          <div>
            <dt>{t("signals.deadline")}</dt>
            <dd>
              {dates.dateTime(signal.deadlineAt)} {signal.overdue && <OverdueBadge t={t} />}
            </dd>
          </div>
        )}
      </dl>

      {alertActions.length > 0 && (
        <Alert type="error" role="note">
          <Heading3>{t("signals.quickResponse.unassignedTitle")}</Heading3>
          {alertActions.map((a) => (
            <Paragraph key={a.dueAt}>
              {t("signals.quickResponse.unassignedText", { due: dates.dateTime(a.dueAt) })}{" "}
              <strong>{actionState(a)}</strong>{" "}
              {signal.access === "desk" && (
                <SignalLink href="/snelle-reactieteams">{t("signals.quickResponse.title")}</SignalLink>
              )}
            </Paragraph>
          ))}
        </Alert>
      )}

      {b8Actions.length > 0 && (
        <Alert type="warning" role="note">
          <Heading3>{t("signals.b8.title")}</Heading3>
          <Paragraph>{t("signals.b8.text")}</Paragraph>
          <ul>
            {b8Actions.map((a) => {
              const person = signal.persons.find((p) => p.id === a.personId);
              return (
                <li key={`${a.kind}-${a.personId}`}>
                  {t("signals.actions.inform", {
                    person: person?.pseudonym ?? "—",
                    due: dates.dateTime(a.dueAt),
                  })}{" "}
                  <strong>{actionState(a)}</strong>
                </li>
              );
            })}
          </ul>
        </Alert>
      )}

      <section aria-labelledby="signal-fields-heading" className="samen-section">
        <Heading3 id="signal-fields-heading">{t("signals.detail.fields")}</Heading3>
        <dl className="samen-fields">
          {SIGNAL_FIELD_NAMES.map((name) => {
            const field = signal.fields[name];
            if (!field) return null;
            return (
              <FieldRow key={name} label={t(`signals.fields.${name}`)} field={field} pick={pick}>
                {formatSignalField(name, field.value)}
              </FieldRow>
            );
          })}
        </dl>
      </section>

      <section aria-labelledby="signal-persons-heading" className="samen-section">
        <Heading3 id="signal-persons-heading">{t("signals.detail.persons")}</Heading3>
        {signal.persons.length === 0 && <Paragraph>{t("signals.detail.noPersons")}</Paragraph>}
        {signal.persons.map((person) => (
          <section key={person.id} aria-label={t("signals.detail.person", { pseudonym: person.pseudonym })}>
            <Paragraph>
              <strong>{t("signals.detail.person", { pseudonym: person.pseudonym })}</strong>
            </Paragraph>
            {person.fields === null ? (
              <Paragraph>
                <span className="samen-redacted">{t("signals.detail.personNoAccess")}</span>
              </Paragraph>
            ) : (
              <dl className="samen-fields">
                {PERSON_FIELDS_SHOWN.map((name) => {
                  const field = person.fields?.[name];
                  if (!field) return null;
                  return (
                    <FieldRow key={name} label={t(`persons.fields.${name}`)} field={field} pick={pick}>
                      {formatPersonField(name, field.value)}
                    </FieldRow>
                  );
                })}
              </dl>
            )}
          </section>
        ))}
      </section>

      {(signal.access === "owner" || signal.access === "desk") && (
        <section aria-labelledby="signal-subjects-heading" className="samen-section">
          <Heading3 id="signal-subjects-heading">{t("signals.detail.subjects")}</Heading3>
          {signal.subjects.length === 0 ? (
            <Paragraph>{t("signals.detail.noSubjects")}</Paragraph>
          ) : (
            <ScrollTable label={t("signals.detail.subjects")}>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t("signals.subject.kind")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("signals.subject.name")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("signals.subject.kvkNumber")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("signals.subject.address")}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t("signals.subject.phone")}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {signal.subjects.map((s, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: subjects have no id and never reorder
                    <TableRow key={i}>
                      <TableCell>{t(`signals.subject.kinds.${s.kind}`)}</TableCell>
                      <TableCell>{s.name ?? notFilled}</TableCell>
                      <TableCell>{s.kvkNumber ?? notFilled}</TableCell>
                      <TableCell>{s.address ?? notFilled}</TableCell>
                      <TableCell>{s.phone ?? notFilled}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ScrollTable>
          )}
        </section>
      )}

      {signal.status !== "draft" && <SignalAttachments signalId={signal.id} />}

      <section aria-labelledby="signal-routings-heading" className="samen-section">
        <Heading3 id="signal-routings-heading">{t("signals.detail.routings")}</Heading3>
        {signal.routings.length === 0 ? (
          <Paragraph>{t("signals.detail.noRoutings")}</Paragraph>
        ) : (
          <ScrollTable label={t("signals.detail.routings")}>
            {signal.groupSignalIds.length > 0 && signal.access !== "owner" && (
              <Paragraph>{t("signals.routing.groupNote")}</Paragraph>
            )}
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("signals.routing.track")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("signals.routing.team")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("signals.status")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("signals.routing.legalBasis")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("signals.routing.routedAt")}</TableHeaderCell>
                  {signal.access !== "owner" && (
                    <TableHeaderCell scope="col">{t("signals.routing.reasons")}</TableHeaderCell>
                  )}
                </TableRow>
              </TableHeader>
              <TableBody>
                {signal.routings.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{vocab.track(r.track)}</TableCell>
                    <TableCell>{r.organisation}</TableCell>
                    <TableCell>{vocab.routingStatus(r.status)}</TableCell>
                    <TableCell>{r.legalBasis}</TableCell>
                    <TableCell>
                      {dates.dateTime(r.routedAt)}
                      {r.quickResponse && (
                        <>
                          <br />
                          <strong>{t("signals.quickResponse.badge")}</strong>{" "}
                          {r.dueAt &&
                            r.status === "pending" &&
                            t("signals.quickResponse.due", { due: dates.dateTime(r.dueAt) })}{" "}
                          {r.overdue && <OverdueBadge t={t} />}
                        </>
                      )}
                    </TableCell>
                    {signal.access !== "owner" && (
                      <TableCell>
                        {r.reason}
                        {r.decisionReason && (
                          <>
                            <br />
                            {t("signals.routing.decisionReason", { reason: r.decisionReason })}
                          </>
                        )}
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="signal-history-heading" className="samen-section">
        <Heading3 id="signal-history-heading">{t("signals.detail.history")}</Heading3>
        <ol className="samen-signal-history">
          {signal.history.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only
            <li key={i}>
              <span className="samen-note">
                {dates.dateTime(e.at)}
                {e.by ? ` · ${e.by}` : ""}
              </span>
              <br />
              {historyText(t, vocab, e)}
              {e.text && (
                <>
                  <br />
                  {e.text}
                </>
              )}
              {e.legalBasis && (
                <>
                  <br />
                  <span className="samen-note">
                    {t("signals.history.legalBasis", { basis: e.legalBasis })}
                  </span>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
      {children}
    </article>
  );
}

function historyText(
  t: TFunction,
  vocab: ReturnType<typeof useSignalVocabulary>,
  e: Signal["history"][number],
): string {
  switch (e.kind) {
    case "status":
      return e.fromStatus
        ? t("signals.history.status", {
            from: vocab.status(e.fromStatus),
            to: vocab.status(e.toStatus ?? ""),
          })
        : t("signals.history.statusFirst", { to: vocab.status(e.toStatus ?? "") });
    case "fact":
      return t("signals.history.fact");
    case "enrichment":
      return t("signals.history.enrichment", { source: e.source ?? "—" });
    case "link":
      return t("signals.history.link");
    case "routing":
      return t("signals.history.routing");
    default:
      return e.kind;
  }
}

function FieldRow({
  label,
  field,
  pick,
  children,
}: {
  label: string;
  field: PresentedField;
  pick: ReturnType<typeof usePick>;
  children: ReactNode;
}) {
  return (
    <div className="samen-field">
      <dt>{label}</dt>
      <dd>
        {field.visible ? (
          <span className="samen-field__value">{children}</span>
        ) : (
          <span className="samen-redacted">{pick(field.hidden)}</span>
        )}
      </dd>
    </div>
  );
}

/** Loads a signal and shows it, or the error ("not found or no access"). */
export function SignalView({
  id,
  backHref,
  actions,
}: {
  id: string;
  backHref: string;
  actions?: (signal: Signal, reload: () => Promise<void>) => ReactNode;
}) {
  const { signal, error, reload } = useSignal(id);
  if (error && !signal) return <ErrorAlert error={error} />;
  if (!signal) return <Loading />;
  return (
    <SignalDetail signal={signal} backHref={backHref}>
      {actions?.(signal, reload)}
    </SignalDetail>
  );
}
