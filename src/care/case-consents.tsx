/**
 * @module case-consents
 * Consent in the case flow: which of the victim's consents exist, which case actions need one
 * (registration by name needs consent for "registration" to CoMensha; a shelter sees the identity
 * only with consent for "care" to shelters), and recording or withdrawing one right there. The
 * organisation holding the victim record keeps consent, and so does the organisation holding an
 * open case for that person (the coordinator who speaks with the person); others are told who does.
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
import type { Consent } from "../persons/person.client";
import { useDateFormat, useVocabulary } from "../persons/privacy.components";
import { api } from "../web/api";
import {
  ConfirmAction,
  Done,
  ErrorAlert,
  FormErrors,
  InputField,
  Loading,
  useFieldProblem,
} from "../web/form";
import type { CaseDetail } from "./care.components";

/** The consents a case's actions rely on: purpose and the recipient type it names. */
const NEEDED = [
  { key: "registration", purpose: "registration", recipientType: "comensha" },
  { key: "care", purpose: "care", recipientType: "shelter" },
] as const;

export function CaseConsents({ kase, onChange }: { kase: CaseDetail; onChange: () => void }) {
  const { t } = useTranslation();
  const owner = kase.victim.access === "owner";
  // Mirrors consentKeeper on the server: the record holder, or whoever holds this case while open.
  const keeper = owner || kase.status === "open";
  const [items, setItems] = useState<Consent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const personId = kase.victim.id;
  const load = useCallback(async () => {
    if (!keeper) return;
    try {
      setItems((await api<{ items: Consent[] }>("GET", `/persons/${personId}/consents`)).items);
    } catch (e) {
      setError(e);
    }
  }, [keeper, personId]);
  useEffect(() => {
    void load();
  }, [load]);
  const active = (n: (typeof NEEDED)[number]) =>
    items?.find((c) => !c.withdrawnAt && c.purpose === n.purpose && c.recipientType === n.recipientType);
  return (
    <section aria-labelledby="case-consents-heading" className="samen-section">
      <Heading2 id="case-consents-heading">{t("care.consents.title")}</Heading2>
      <Paragraph>{t("care.consents.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <Done text={done} />
      {!owner && (
        <Paragraph>
          {t(keeper ? "care.consents.caseHolder" : "care.consents.notHolder", {
            holder: kase.victim.holder?.name ?? t("care.consents.otherHolder"),
          })}
        </Paragraph>
      )}
      {keeper && !items && !error && <Loading />}
      <UnorderedList>
        {NEEDED.map((n) => {
          const consent = active(n);
          return (
            <UnorderedListItem key={n.key}>
              <strong>{t(`care.consents.needed.${n.key}`)}</strong>{" "}
              {keeper && items && (
                <span data-testid={`consent-state-${n.key}`}>
                  {consent ? t("care.consents.present") : t("care.consents.absent")}
                </span>
              )}
              {keeper && consent && (
                <ConsentWithdraw
                  label={t(`care.consents.withdraw.${n.key}`)}
                  onConfirm={async () => {
                    setError(null);
                    try {
                      await api("POST", `/persons/${personId}/consents/${consent.id}/withdrawal`);
                      setDone(t("care.consents.withdrawn"));
                      await load();
                      onChange();
                    } catch (e) {
                      setError(e);
                    }
                  }}
                />
              )}
              {keeper && items && !consent && (
                <ConsentRecord
                  need={n}
                  personId={personId}
                  onRecorded={async () => {
                    setDone(t("care.consents.recorded"));
                    await load();
                    onChange();
                  }}
                />
              )}
            </UnorderedListItem>
          );
        })}
      </UnorderedList>
      {keeper && items && items.length > 0 && <ConsentHistory items={items} />}
    </section>
  );
}

function ConsentWithdraw({ label, onConfirm }: { label: string; onConfirm: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <ConfirmAction
      label={label}
      question={t("care.consents.withdrawQuestion")}
      confirmLabel={t("care.consents.withdrawConfirm")}
      onConfirm={onConfirm}
    />
  );
}

function ConsentHistory({ items }: { items: Consent[] }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  return (
    <>
      <Heading3>{t("care.consents.history")}</Heading3>
      <UnorderedList>
        {items.map((c) => (
          <UnorderedListItem key={c.id}>
            {vocab.purpose(c.purpose)} →{" "}
            {c.recipientType ? vocab.organisationType(c.recipientType) : t("care.consents.oneOrganisation")},{" "}
            {format.dateTime(c.grantedAt)}
            {c.withdrawnAt && `, ${t("care.consents.withdrawnAt", { time: format.dateTime(c.withdrawnAt) })}`}
          </UnorderedListItem>
        ))}
      </UnorderedList>
    </>
  );
}

/** Records one needed consent, given verbally with a witness (a signed form goes through the person's page). */
function ConsentRecord({
  need,
  personId,
  onRecorded,
}: {
  need: (typeof NEEDED)[number];
  personId: string;
  onRecorded: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [witness, setWitness] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "care.consents.invalid");
  const id = `consent-${need.key}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/persons/${personId}/consents`, {
        purpose: need.purpose,
        recipientType: need.recipientType,
        grantedAt: new Date().toISOString(),
        evidence: { kind: "verbal_with_witness", witnessName: witness },
      });
      setOpen(false);
      setWitness("");
      await onRecorded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!open)
    return (
      <Button appearance="secondary-action-button" onClick={() => setOpen(true)}>
        {t(`care.consents.record.${need.key}`)}
      </Button>
    );
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby={`${id}-heading`}>
      <Heading3 id={`${id}-heading`}>{t(`care.consents.record.${need.key}`)}</Heading3>
      <FormErrors
        error={error}
        heading={t("care.checkFields")}
        fields={[
          {
            name: "evidence",
            id: `${id}-witness`,
            label: t("care.consents.witness"),
            problem: problem("evidence"),
          },
        ]}
      />
      <InputField
        id={`${id}-witness`}
        label={t("care.consents.witness")}
        description={t("care.consents.witnessHelp")}
        value={witness}
        onChange={setWitness}
        error={problem("evidence")}
        required
      />
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("care.consents.save")}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => setOpen(false)}>
          {t("care.cancel")}
        </Button>
      </ButtonGroup>
    </form>
  );
}
