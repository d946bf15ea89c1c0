/**
 * @module case-transfer
 * Transfer of a case to another coordinating organisation (another region, or one that fits the
 * victim better). The holder asks, sees the request's status and history, and may withdraw it while
 * it waits; the receiving organisation sees its incoming requests on the case list and accepts or
 * declines with a reason (a note is needed for "other"). Accepting completes the hand-over at once:
 * the case and its coordination move together, so the victim is never without a coordinator. Both
 * sides are told plainly what the sender still sees afterwards.
 */
import "./care-screens.css";
import {
  Button,
  ButtonGroup,
  Heading2,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useDateFormat } from "../persons/privacy.components";
import { api } from "../web/api";
import {
  ConfirmAction,
  Done,
  ErrorAlert,
  FormErrors,
  ScrollTable,
  SelectField,
  TextAreaField,
  useFieldProblem,
} from "../web/form";
import { useSession } from "../web/session";
import { CareLink, type CaseDetail, useCareVocabulary, useOrganisations } from "./care.components";
import { DECLINE_REASONS, TRANSFER_REASONS } from "./care.vocabulary";

export type Transfer = {
  id: string;
  caseId: string;
  caseNumber: string;
  status: "requested" | "accepted" | "declined" | "withdrawn" | "completed";
  reason: string;
  from: string;
  to: string;
  direction: "incoming" | "outgoing";
  requestedAt: string;
  decidedAt: string | null;
  declineReason: string | null;
};

/** Organisation types that coordinate care, as the API checks them. */
const COORDINATING = ["care_provider", "municipality", "youth_care"];

function useTransfers() {
  const [items, setItems] = useState<Transfer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: Transfer[] }>("GET", "/case-transfers")).items);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { items, error, load };
}

/** One transfer in a sentence: when, to or from whom, why, and where it stands. */
function useDescribe() {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  return (x: Transfer) =>
    [
      t(x.direction === "outgoing" ? "care.transfer.toLine" : "care.transfer.fromLine", {
        date: format.date(x.requestedAt),
        organisation: x.direction === "outgoing" ? x.to : x.from,
      }),
      `${t("care.transfer.reason")}: ${vocab.transferReason(x.reason)}`,
      `${t("care.transfer.status")}: ${t(`care.transfer.statuses.${x.status}`)}${
        x.decidedAt ? ` (${format.date(x.decidedAt)})` : ""
      }${x.declineReason ? `, ${vocab.declineReason(x.declineReason)}` : ""}`,
    ].join(" — ");
}

// ------------------------------------------------------------------------------------------------
// In the case: the holder's side
// ------------------------------------------------------------------------------------------------

export function CaseTransfer({ kase, onChange }: { kase: CaseDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  const describe = useDescribe();
  const { items, error, load } = useTransfers();
  const [actionError, setActionError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const mine = (items ?? []).filter((x) => x.caseId === kase.id && x.direction === "outgoing");
  const pending = mine.find((x) => x.status === "requested" || x.status === "accepted");
  const history = mine.filter((x) => x !== pending);
  return (
    <section aria-labelledby="case-transfer-heading" className="samen-section">
      <Heading2 id="case-transfer-heading">{t("care.transfer.title")}</Heading2>
      <Paragraph>{t("care.transfer.intro")}</Paragraph>
      <Paragraph>
        <strong>{t("care.transfer.afterwardsLead")}</strong> {t("care.transfer.afterwards")}
      </Paragraph>
      <ErrorAlert error={error ?? actionError} />
      <Done text={done} />
      {pending && (
        <div className="samen-care-transfer-open" data-testid="transfer-open">
          <Heading3>{t("care.transfer.open")}</Heading3>
          <Paragraph>
            {t("care.transfer.waiting", {
              organisation: pending.to,
              date: format.date(pending.requestedAt),
              reason: vocab.transferReason(pending.reason),
            })}
          </Paragraph>
          <Paragraph>
            {t("care.transfer.status")}: <strong>{t(`care.transfer.statuses.${pending.status}`)}</strong>
          </Paragraph>
          {pending.status === "requested" && (
            <ConfirmAction
              label={t("care.transfer.withdraw")}
              question={t("care.transfer.withdrawQuestion", { organisation: pending.to })}
              confirmLabel={t("care.transfer.withdrawConfirm")}
              onConfirm={async () => {
                setActionError(null);
                try {
                  await api("POST", `/case-transfers/${pending.id}/decision`, { action: "withdraw" });
                  setDone(t("care.transfer.withdrawn"));
                  await load();
                  onChange();
                } catch (e) {
                  setActionError(e);
                }
              }}
            />
          )}
        </div>
      )}
      {!pending && kase.status === "open" && items && (
        <TransferRequest
          caseId={kase.id}
          onRequested={async () => {
            setDone(t("care.transfer.requested"));
            await load();
            onChange();
          }}
        />
      )}
      {history.length > 0 && (
        <>
          <Heading3>{t("care.transfer.history")}</Heading3>
          <UnorderedList>
            {history.map((x) => (
              <UnorderedListItem key={x.id}>{describe(x)}</UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
    </section>
  );
}

function TransferRequest({ caseId, onRequested }: { caseId: string; onRequested: () => Promise<void> }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const { session } = useSession();
  const organisations = useOrganisations();
  const [coordinators, setCoordinators] = useState<
    { careRegionCode: string; organisationId: string }[] | null
  >(null);
  const [to, setTo] = useState("");
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "care.transfer.invalid");
  useEffect(() => {
    api<{ items: { careRegionCode: string; organisationId: string; active: boolean }[] }>(
      "GET",
      "/care-coordinators",
    ).then(
      (r) => setCoordinators(r.items.filter((c) => c.active)),
      () => setCoordinators([]),
    );
  }, []);
  const regionsOf = (organisationId: string) =>
    (coordinators ?? []).filter((c) => c.organisationId === organisationId).map((c) => c.careRegionCode);
  // Region coordinators first: a transfer usually follows the victim to another region. Both lists
  // first, so the options do not move under the user's finger.
  const loaded = organisations !== null && coordinators !== null;
  const candidates = (loaded ? organisations : [])
    .filter((o) => COORDINATING.includes(o.type) && o.id !== session?.organisation.id)
    .sort((a, b) => Number(regionsOf(b.id).length > 0) - Number(regionsOf(a.id).length > 0));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/cases/${caseId}/transfers`, {
        toOrganisationId: to,
        reason,
        note: note.trim() || undefined,
      });
      await onRequested();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const fields = [
    {
      name: "toOrganisationId",
      id: "transfer-to",
      label: t("care.transfer.to"),
      problem: problem("toOrganisationId"),
    },
    {
      name: "reason",
      id: "transfer-reason",
      label: t("care.transfer.requestReason"),
      problem: problem("reason"),
    },
    { name: "note", id: "transfer-note", label: t("care.transfer.note"), problem: problem("note") },
  ];
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="transfer-form-heading">
      <Heading3 id="transfer-form-heading">{t("care.transfer.request")}</Heading3>
      <FormErrors error={error} heading={t("care.checkFields")} fields={fields} />
      <SelectField
        id="transfer-to"
        label={t("care.transfer.to")}
        description={t("care.transfer.toHelp")}
        value={to}
        onChange={setTo}
        error={problem("toOrganisationId")}
        options={[
          { value: "", label: loaded ? t("care.choose") : t("common.loading") },
          ...candidates.map((o) => {
            const regions = regionsOf(o.id);
            return {
              value: o.id,
              label: regions.length
                ? t("care.transfer.coordinatorOf", { name: o.name, regions: regions.join(", ") })
                : o.name,
            };
          }),
        ]}
      />
      <SelectField
        id="transfer-reason"
        label={t("care.transfer.requestReason")}
        value={reason}
        onChange={setReason}
        error={problem("reason")}
        options={[
          { value: "", label: t("care.choose") },
          ...TRANSFER_REASONS.map((r) => ({ value: r, label: vocab.transferReason(r) })),
        ]}
      />
      <TextAreaField
        id="transfer-note"
        label={t("care.transfer.note")}
        description={t("care.transfer.noteHelp")}
        value={note}
        onChange={setNote}
        error={problem("note")}
        maxLength={2000}
        rows={3}
      />
      <Button type="submit" appearance="primary-action-button" disabled={busy}>
        {t("care.transfer.send")}
      </Button>
    </form>
  );
}

// ------------------------------------------------------------------------------------------------
// On the case list: incoming requests and every transfer of the organisation
// ------------------------------------------------------------------------------------------------

export function Transfers({ onChange }: { onChange: () => void }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const format = useDateFormat();
  const { items, error, load } = useTransfers();
  const [actionError, setActionError] = useState<unknown>(null);
  const [done, setDone] = useState<{ text: string; caseId?: string; caseNumber?: string } | null>(null);
  const [declining, setDeclining] = useState<string | null>(null);
  if (!items || items.length === 0) return error ? <ErrorAlert error={error} /> : null;
  const incoming = items.filter((x) => x.direction === "incoming" && x.status === "requested");
  const decided = async (text: string, x: Transfer, withLink: boolean) => {
    setDone({ text, ...(withLink ? { caseId: x.caseId, caseNumber: x.caseNumber } : {}) });
    setDeclining(null);
    await load();
    onChange();
  };
  return (
    <section aria-labelledby="transfers-heading" className="samen-section">
      <Heading2 id="transfers-heading">{t("care.transfer.listTitle")}</Heading2>
      <ErrorAlert error={error ?? actionError} />
      <Done text={done?.text ?? null} />
      {done?.caseId && (
        <Paragraph>
          <CareLink href={`/dossiers?id=${done.caseId}`}>
            {t("care.transfer.openCase", { number: done.caseNumber })}
          </CareLink>
        </Paragraph>
      )}
      <Heading3>{t("care.transfer.incoming")}</Heading3>
      {incoming.length === 0 ? (
        <Paragraph>{t("care.transfer.noIncoming")}</Paragraph>
      ) : (
        <>
          <Paragraph>{t("care.transfer.incomingIntro")}</Paragraph>
          <UnorderedList className="samen-care-transfers">
            {incoming.map((x) => (
              <UnorderedListItem key={x.id} data-testid={`incoming-${x.caseNumber}`}>
                <Paragraph>
                  <strong>{x.caseNumber}</strong> —{" "}
                  {t("care.transfer.incomingLine", {
                    organisation: x.from,
                    date: format.date(x.requestedAt),
                    reason: vocab.transferReason(x.reason),
                  })}
                </Paragraph>
                {declining === x.id ? (
                  <DeclineForm
                    transfer={x}
                    onCancel={() => setDeclining(null)}
                    onDeclined={() => decided(t("care.transfer.declined"), x, false)}
                  />
                ) : (
                  <div className="samen-actions">
                    <ConfirmAction
                      label={t("care.transfer.accept", { number: x.caseNumber })}
                      question={t("care.transfer.acceptQuestion", { organisation: x.from })}
                      confirmLabel={t("care.transfer.acceptConfirm")}
                      onConfirm={async () => {
                        setActionError(null);
                        try {
                          await api("POST", `/case-transfers/${x.id}/decision`, { action: "accept" });
                          await decided(t("care.transfer.accepted", { number: x.caseNumber }), x, true);
                        } catch (e) {
                          setActionError(e);
                        }
                      }}
                    />
                    <Button appearance="secondary-action-button" onClick={() => setDeclining(x.id)}>
                      {t("care.transfer.decline", { number: x.caseNumber })}
                    </Button>
                  </div>
                )}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
      <Heading3>{t("care.transfer.all")}</Heading3>
      <Paragraph>{t("care.transfer.allIntro")}</Paragraph>
      <ScrollTable label={t("care.transfer.table")}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("care.case.number")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("care.transfer.direction")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("care.transfer.reason")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("care.transfer.status")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("care.transfer.requestedAt")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((x) => (
              <TableRow key={x.id}>
                <TableCell>{x.caseNumber}</TableCell>
                <TableCell>
                  {x.direction === "outgoing"
                    ? t("care.transfer.toOrganisation", { organisation: x.to })
                    : t("care.transfer.fromOrganisation", { organisation: x.from })}
                </TableCell>
                <TableCell>{vocab.transferReason(x.reason)}</TableCell>
                <TableCell>
                  {t(`care.transfer.statuses.${x.status}`)}
                  {x.declineReason && ` (${vocab.declineReason(x.declineReason)})`}
                  {x.decidedAt && `, ${format.date(x.decidedAt)}`}
                </TableCell>
                <TableCell>{format.date(x.requestedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollTable>
    </section>
  );
}

function DeclineForm({
  transfer,
  onCancel,
  onDeclined,
}: {
  transfer: Transfer;
  onCancel: () => void;
  onDeclined: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "care.transfer.invalid");
  const id = `decline-${transfer.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api("POST", `/case-transfers/${transfer.id}/decision`, {
        action: "decline",
        declineReason: reason || undefined,
        note: note.trim() || undefined,
      });
      await onDeclined();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // Without a reason the transition table answers for the field "reason".
  const fields = [
    {
      name: "reason",
      id: `${id}-reason`,
      label: t("care.transfer.declineReason"),
      problem: problem("reason") ?? problem("declineReason"),
    },
    { name: "note", id: `${id}-note`, label: t("care.transfer.declineNote"), problem: problem("note") },
  ];
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby={`${id}-heading`}>
      <Heading3 id={`${id}-heading`}>
        {t("care.transfer.declineTitle", { number: transfer.caseNumber })}
      </Heading3>
      <FormErrors error={error} heading={t("care.checkFields")} fields={fields} />
      <SelectField
        id={`${id}-reason`}
        label={t("care.transfer.declineReason")}
        value={reason}
        onChange={setReason}
        error={fields[0]!.problem}
        options={[
          { value: "", label: t("care.choose") },
          ...DECLINE_REASONS.map((r) => ({ value: r, label: vocab.declineReason(r) })),
        ]}
      />
      <TextAreaField
        id={`${id}-note`}
        label={t("care.transfer.declineNote")}
        description={t("care.transfer.declineNoteHelp")}
        value={note}
        onChange={setNote}
        error={problem("note")}
        maxLength={2000}
        rows={3}
      />
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("care.transfer.declineConfirm")}
        </Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>
          {t("care.cancel")}
        </Button>
      </ButtonGroup>
    </form>
  );
}
