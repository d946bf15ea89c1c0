/**
 * @module person-holder
 * What only the organisation that holds a record does with it: record and withdraw the person's
 * consents (with evidence: a signed form, or verbal consent with a witness), share the record with
 * another organisation for a purpose (and stop sharing), and show who received which data — the
 * disclosure overview, as a table and as a PDF for an access request.
 */
import {
  Button,
  Heading3,
  Link,
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
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import { SHARING_CONDITION_INFO, SHARING_CONDITIONS } from "../sharing/conditions";
import { PERSONAL_DATA_CATEGORIES } from "../sharing/data-categories";
import type { Purpose } from "../sharing/purposes";
import { api } from "../web/api";
import {
  CheckboxGroup,
  ConfirmAction,
  Done,
  ErrorAlert,
  FileField,
  FormErrors,
  InputField,
  Loading,
  RadioGroup,
  ScrollTable,
  SelectField,
  TextAreaField,
  useFieldProblem,
} from "../web/form";
import { useSession } from "../web/session";
import type { Consent, Disclosure, Grant, Organisation, Person } from "./person.client";
import { useOrganisations } from "./person.client";
import { DISCLOSURE_PURPOSES, useDateFormat, usePick, useVocabulary } from "./privacy.components";

export function HolderSections({ person }: { person: Person }) {
  const { organisations, error } = useOrganisations();
  return (
    <>
      <ErrorAlert error={error} />
      <Consents personId={person.id} organisations={organisations} />
      <Sharing personId={person.id} organisations={organisations} />
      <Disclosures personId={person.id} pseudonym={person.pseudonym} />
    </>
  );
}

/** A `datetime-local` value for now, in local time. */
function nowLocal(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

// ----------------------------------------------------------------------------------------------
// Consents
// ----------------------------------------------------------------------------------------------

const MAX_UPLOAD_BYTES = 1_400_000; // the API takes at most 2 MB per request; base64 adds a third
const UPLOAD_TYPES = ["application/pdf", "image/png", "image/jpeg"];

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function Consents({ personId, organisations }: { personId: string; organisations: Organisation[] | null }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  const [items, setItems] = useState<Consent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: Consent[] }>("GET", `/persons/${personId}/consents`)).items);
    } catch (e) {
      setError(e);
    }
  }, [personId]);
  useEffect(() => {
    void load();
  }, [load]);
  const recipient = (c: Consent) => {
    const org = organisations?.find((o) => o.id === c.recipientOrganisationId);
    if (org) return org.name;
    if (c.recipientType)
      return t("persons.consents.everyOfType", { type: vocab.organisationType(c.recipientType) });
    return "—";
  };
  const withdraw = async (c: Consent) => {
    setError(null);
    setDone(null);
    try {
      await api("POST", `/persons/${personId}/consents/${c.id}/withdrawal`);
      setDone(t("persons.consents.withdrawn"));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="consents-heading" className="samen-section">
      <Heading3 id="consents-heading">{t("persons.consents.title")}</Heading3>
      <Paragraph>{t("persons.consents.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <Done text={done} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t("persons.consents.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable landmark label={t("persons.table", { name: t("persons.consents.title") })}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("persons.consents.purpose")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.consents.recipient")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.consents.categories")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.consents.grantedAt")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.consents.evidence")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.consents.state")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.actions")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>{vocab.purpose(c.purpose)}</TableCell>
                  <TableCell>{recipient(c)}</TableCell>
                  <TableCell>
                    {c.categories
                      ? c.categories.map(vocab.category).join(", ")
                      : t("persons.consents.allCategories")}
                  </TableCell>
                  <TableCell>{format.dateTime(c.grantedAt)}</TableCell>
                  <TableCell>{t(`persons.consents.evidenceKinds.${c.evidenceKind}`)}</TableCell>
                  <TableCell>
                    {c.withdrawnAt
                      ? t("persons.consents.withdrawnAt", { time: format.dateTime(c.withdrawnAt) })
                      : t("persons.consents.active")}
                  </TableCell>
                  <TableCell>
                    {!c.withdrawnAt && (
                      <ConfirmAction
                        label={t("persons.consents.withdraw")}
                        question={t("persons.consents.withdrawQuestion")}
                        confirmLabel={t("persons.consents.withdrawConfirm")}
                        onConfirm={() => withdraw(c)}
                      />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
      {organisations && (
        <ConsentForm
          personId={personId}
          organisations={organisations}
          onRecorded={async () => {
            setDone(t("persons.consents.recorded"));
            await load();
          }}
        />
      )}
    </section>
  );
}

function ConsentForm({
  personId,
  organisations,
  onRecorded,
}: {
  personId: string;
  organisations: Organisation[];
  onRecorded: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const { session } = useSession();
  const others = organisations.filter((o) => o.id !== session?.organisation.id);
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState<Purpose>("care");
  const [recipientKind, setRecipientKind] = useState<"organisation" | "type">("organisation");
  const [organisationId, setOrganisationId] = useState("");
  const [recipientType, setRecipientType] = useState<string>("shelter");
  const [categories, setCategories] = useState<string[]>([]);
  const [grantedAt, setGrantedAt] = useState(nowLocal);
  const [evidenceKind, setEvidenceKind] = useState<"signed_form" | "verbal_with_witness">("signed_form");
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | undefined>();
  const [witnessName, setWitnessName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "persons.consents.invalid");
  const chooseFile = (chosen: File | null) => {
    setFile(chosen);
    if (chosen && !UPLOAD_TYPES.includes(chosen.type)) setFileProblem(t("persons.consents.fileType"));
    else if (chosen && chosen.size > MAX_UPLOAD_BYTES) setFileProblem(t("persons.consents.fileSize"));
    else setFileProblem(undefined);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (evidenceKind === "signed_form" && (!file || fileProblem)) {
      setFileProblem(fileProblem ?? t("persons.consents.fileMissing"));
      return;
    }
    setBusy(true);
    try {
      const evidence =
        evidenceKind === "signed_form" && file
          ? { kind: "signed_form", mediaType: file.type, documentBase64: await readAsBase64(file) }
          : { kind: "verbal_with_witness", witnessName };
      const at = new Date(grantedAt);
      await api("POST", `/persons/${personId}/consents`, {
        purpose,
        ...(recipientKind === "organisation"
          ? { recipientOrganisationId: organisationId }
          : { recipientType }),
        ...(categories.length > 0 ? { categories } : {}),
        grantedAt: Number.isNaN(at.getTime()) ? grantedAt : at.toISOString(),
        evidence,
      });
      setCategories([]);
      setFile(null);
      setWitnessName("");
      setOpen(false);
      await onRecorded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const formHref = `/toestemmingsformulier?${new URLSearchParams({
    purpose,
    ...(recipientKind === "organisation" ? { organisation: organisationId } : { type: recipientType }),
    ...(categories.length > 0 ? { categories: categories.join(",") } : {}),
  })}`;
  return (
    <>
      <Button
        appearance="secondary-action-button"
        aria-expanded={open}
        aria-controls="consent-form"
        onClick={() => setOpen(!open)}
      >
        {open ? t("persons.consents.closeForm") : t("persons.consents.openForm")}
      </Button>
      {open && (
        <form
          id="consent-form"
          onSubmit={submit}
          noValidate
          className="samen-form"
          aria-labelledby="consent-form-heading"
        >
          <Heading3 id="consent-form-heading">{t("persons.consents.formTitle")}</Heading3>
          <FormErrors
            error={error}
            heading={t("persons.form.checkFields")}
            fields={[
              {
                name: "purpose",
                id: "consent-purpose",
                label: t("persons.consents.purpose"),
                problem: problem("purpose"),
              },
              {
                name: "recipientOrganisationId",
                id: "consent-organisation",
                label: t("persons.consents.recipient"),
                problem: problem("recipientOrganisationId"),
              },
              {
                name: "categories",
                id: "consent-categories",
                label: t("persons.consents.categories"),
                problem: problem("categories"),
              },
              {
                name: "grantedAt",
                id: "consent-granted-at",
                label: t("persons.consents.grantedAt"),
                problem: problem("grantedAt"),
              },
              {
                name: "evidence",
                id: evidenceKind === "signed_form" ? "consent-file" : "consent-witness",
                label: t("persons.consents.evidence"),
                problem: problem("evidence"),
              },
            ]}
          />
          <SelectField
            id="consent-purpose"
            label={t("persons.consents.purpose")}
            value={purpose}
            onChange={(p) => setPurpose(p as Purpose)}
            description={vocab.purposeDescription(purpose)}
            error={problem("purpose")}
            options={DISCLOSURE_PURPOSES.map((p) => ({ value: p, label: vocab.purpose(p) }))}
          />
          <RadioGroup
            id="consent-recipient-kind"
            legend={t("persons.consents.recipientKind")}
            value={recipientKind}
            onChange={(v) => setRecipientKind(v as "organisation" | "type")}
            options={[
              { value: "organisation", label: t("persons.consents.oneOrganisation") },
              { value: "type", label: t("persons.consents.everyOrganisationOfType") },
            ]}
          />
          {recipientKind === "organisation" ? (
            <SelectField
              id="consent-organisation"
              label={t("persons.consents.recipient")}
              value={organisationId}
              onChange={setOrganisationId}
              error={problem("recipientOrganisationId")}
              options={[
                { value: "", label: t("persons.chooseOrganisation") },
                ...others.map((o) => ({
                  value: o.id,
                  label: `${o.name} (${vocab.organisationType(o.type)})`,
                })),
              ]}
            />
          ) : (
            <SelectField
              id="consent-type"
              label={t("persons.consents.recipientType")}
              value={recipientType}
              onChange={setRecipientType}
              error={problem("recipientType")}
              options={ORGANISATION_TYPES.filter((o) => o !== "platform_operator").map((o) => ({
                value: o,
                label: vocab.organisationType(o),
              }))}
            />
          )}
          <CheckboxGroup
            id="consent-categories"
            legend={t("persons.consents.categories")}
            description={t("persons.consents.categoriesHelp")}
            values={categories}
            onChange={setCategories}
            error={problem("categories")}
            options={PERSONAL_DATA_CATEGORIES.map((c) => ({ value: c, label: vocab.category(c) }))}
          />
          <InputField
            id="consent-granted-at"
            autoComplete="off"
            type="datetime-local"
            label={t("persons.consents.grantedAt")}
            description={t("persons.consents.grantedAtHelp")}
            value={grantedAt}
            onChange={setGrantedAt}
            error={problem("grantedAt")}
            required
          />
          <RadioGroup
            id="consent-evidence"
            legend={t("persons.consents.evidence")}
            value={evidenceKind}
            onChange={(v) => setEvidenceKind(v as "signed_form" | "verbal_with_witness")}
            options={[
              {
                value: "signed_form",
                label: t("persons.consents.evidenceKinds.signed_form"),
                description: t("persons.consents.signedFormHelp"),
              },
              {
                value: "verbal_with_witness",
                label: t("persons.consents.evidenceKinds.verbal_with_witness"),
                description: t("persons.consents.verbalHelp"),
              },
            ]}
          />
          {evidenceKind === "signed_form" ? (
            <FileField
              id="consent-file"
              inputClassName="samen-file"
              label={t("persons.consents.file")}
              description={t("persons.consents.fileHelp")}
              accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              onFile={chooseFile}
              error={fileProblem ?? problem("evidence")}
            />
          ) : (
            <InputField
              id="consent-witness"
              autoComplete="off"
              label={t("persons.consents.witness")}
              description={t("persons.consents.witnessHelp")}
              value={witnessName}
              onChange={setWitnessName}
              error={problem("evidence")}
              required
            />
          )}
          <Paragraph>
            <Link href={formHref} target="_blank" rel="noopener">
              {t("persons.consents.printForm")}
            </Link>
          </Paragraph>
          <Paragraph className="samen-note">
            {t("persons.consents.summary", {
              purpose: vocab.purpose(purpose),
              recipient:
                recipientKind === "organisation"
                  ? (others.find((o) => o.id === organisationId)?.name ?? "—")
                  : vocab.organisationType(recipientType),
            })}{" "}
            {t("persons.consents.lawNote")}
          </Paragraph>
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t("persons.consents.submit")}
          </Button>
        </form>
      )}
    </>
  );
}

// ----------------------------------------------------------------------------------------------
// Sharing with another organisation
// ----------------------------------------------------------------------------------------------

function Sharing({ personId, organisations }: { personId: string; organisations: Organisation[] | null }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  const [items, setItems] = useState<Grant[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: Grant[] }>("GET", `/persons/${personId}/access-grants`)).items);
    } catch (e) {
      setError(e);
    }
  }, [personId]);
  useEffect(() => {
    void load();
  }, [load]);
  const revoke = async (g: Grant) => {
    setError(null);
    setDone(null);
    try {
      await api("DELETE", `/persons/${personId}/access-grants/${g.id}`);
      setDone(t("persons.sharing.revoked"));
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="sharing-heading" className="samen-section">
      <Heading3 id="sharing-heading">{t("persons.sharing.title")}</Heading3>
      <Paragraph>{t("persons.sharing.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <Done text={done} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t("persons.sharing.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable landmark label={t("persons.table", { name: t("persons.sharing.title") })}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("persons.sharing.organisation")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.sharing.purpose")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.sharing.conditions")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.sharing.since")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.sharing.state")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("persons.actions")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((g) => (
                <TableRow key={g.id}>
                  <TableCell>{g.organisationName}</TableCell>
                  <TableCell>{vocab.purpose(g.purpose)}</TableCell>
                  <TableCell>
                    {g.conditions.length > 0
                      ? g.conditions.map(vocab.condition).join(", ")
                      : t("persons.sharing.noConditions")}
                  </TableCell>
                  <TableCell>{format.dateTime(g.grantedAt)}</TableCell>
                  <TableCell>
                    {g.revokedAt
                      ? t("persons.sharing.revokedAt", { time: format.dateTime(g.revokedAt) })
                      : t("persons.sharing.active")}
                  </TableCell>
                  <TableCell>
                    {!g.revokedAt && (
                      <ConfirmAction
                        label={t("persons.sharing.revoke")}
                        question={t("persons.sharing.revokeQuestion", { organisation: g.organisationName })}
                        confirmLabel={t("persons.sharing.revokeConfirm")}
                        onConfirm={() => revoke(g)}
                      />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
      {organisations && (
        <ShareForm
          personId={personId}
          organisations={organisations}
          onShared={async () => {
            setDone(t("persons.sharing.shared"));
            await load();
          }}
        />
      )}
    </section>
  );
}

function ShareForm({
  personId,
  organisations,
  onShared,
}: {
  personId: string;
  organisations: Organisation[];
  onShared: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const pick = usePick();
  const { session } = useSession();
  const others = organisations.filter((o) => o.id !== session?.organisation.id);
  const [open, setOpen] = useState(false);
  const [organisationId, setOrganisationId] = useState("");
  const [purpose, setPurpose] = useState<Purpose>("care");
  const [conditions, setConditions] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const problem = useFieldProblem(error, "persons.sharing.invalid");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api("POST", `/persons/${personId}/access-grants`, {
        organisationId,
        purpose,
        conditions,
        reason,
      });
      setConditions([]);
      setReason("");
      setOpen(false);
      await onShared();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        appearance="secondary-action-button"
        aria-expanded={open}
        aria-controls="share-form"
        onClick={() => setOpen(!open)}
      >
        {open ? t("persons.sharing.closeForm") : t("persons.sharing.openForm")}
      </Button>
      {open && (
        <form
          id="share-form"
          onSubmit={submit}
          noValidate
          className="samen-form"
          aria-labelledby="share-form-heading"
        >
          <Heading3 id="share-form-heading">{t("persons.sharing.formTitle")}</Heading3>
          <Paragraph>{t("persons.sharing.formIntro")}</Paragraph>
          <FormErrors
            error={error}
            heading={t("persons.form.checkFields")}
            fields={[
              {
                name: "organisationId",
                id: "share-organisation",
                label: t("persons.sharing.organisation"),
                problem: problem("organisationId"),
              },
              {
                name: "purpose",
                id: "share-purpose",
                label: t("persons.sharing.purpose"),
                problem: problem("purpose"),
              },
              {
                name: "conditions",
                id: "share-conditions",
                label: t("persons.sharing.conditions"),
                problem: problem("conditions"),
              },
              {
                name: "reason",
                id: "share-reason",
                label: t("persons.sharing.reason"),
                problem: problem("reason"),
              },
            ]}
          />
          <SelectField
            id="share-organisation"
            label={t("persons.sharing.organisation")}
            value={organisationId}
            onChange={setOrganisationId}
            error={problem("organisationId")}
            options={[
              { value: "", label: t("persons.chooseOrganisation") },
              ...others.map((o) => ({ value: o.id, label: `${o.name} (${vocab.organisationType(o.type)})` })),
            ]}
          />
          <SelectField
            id="share-purpose"
            label={t("persons.sharing.purpose")}
            value={purpose}
            onChange={(p) => setPurpose(p as Purpose)}
            description={vocab.purposeDescription(purpose)}
            error={problem("purpose")}
            options={DISCLOSURE_PURPOSES.map((p) => ({ value: p, label: vocab.purpose(p) }))}
          />
          <CheckboxGroup
            id="share-conditions"
            legend={t("persons.sharing.conditions")}
            description={t("persons.sharing.conditionsHelp")}
            values={conditions}
            onChange={setConditions}
            error={problem("conditions")}
            options={SHARING_CONDITIONS.map((c) => ({
              value: c,
              label: vocab.condition(c),
              description: `${pick(SHARING_CONDITION_INFO[c].description)} ${t("persons.sharing.establishedBy")} ${pick(SHARING_CONDITION_INFO[c].establishedBy)}`,
            }))}
          />
          <TextAreaField
            id="share-reason"
            label={t("persons.sharing.reason")}
            description={t("persons.sharing.reasonHelp")}
            value={reason}
            onChange={setReason}
            error={problem("reason")}
            maxLength={500}
            required
          />
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {t("persons.sharing.submit")}
          </Button>
        </form>
      )}
    </>
  );
}

// ----------------------------------------------------------------------------------------------
// Disclosure overview
// ----------------------------------------------------------------------------------------------

function Disclosures({ personId, pseudonym }: { personId: string; pseudonym: string }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  const [items, setItems] = useState<Disclosure[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const toggle = async () => {
    const next = !open;
    setOpen(next);
    if (!next) return;
    setError(null);
    try {
      // Reloaded on every opening: the overview is audited as an access-request read.
      setItems((await api<{ items: Disclosure[] }>("GET", `/persons/${personId}/disclosures`)).items);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="disclosures-heading" className="samen-section">
      <Heading3 id="disclosures-heading">{t("persons.disclosures.title")}</Heading3>
      <Paragraph>{t("persons.disclosures.intro")}</Paragraph>
      <div className="samen-actions">
        <Button
          appearance="secondary-action-button"
          aria-expanded={open}
          aria-controls="disclosures-table"
          onClick={() => void toggle()}
        >
          {open ? t("persons.disclosures.hide") : t("persons.disclosures.show")}
        </Button>
        <Link
          href={`/api/v1/persons/${personId}/disclosures/report`}
          download={`verstrekkingen-${pseudonym}.pdf`}
        >
          {t("persons.disclosures.pdf")}
        </Link>
      </div>
      <div id="disclosures-table" hidden={!open}>
        <ErrorAlert error={error} />
        {open && !items && !error && <Loading />}
        {open && items && items.length === 0 && <Paragraph>{t("persons.disclosures.none")}</Paragraph>}
        {open && items && items.length > 0 && (
          <ScrollTable landmark label={t("persons.table", { name: t("persons.disclosures.title") })}>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("persons.disclosures.when")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("persons.disclosures.to")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("persons.disclosures.purpose")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("persons.disclosures.categories")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("persons.disclosures.fields")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("persons.disclosures.basis")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>{format.dateTime(d.disclosedAt)}</TableCell>
                    <TableCell>
                      {d.toOrganisation} ({vocab.organisationType(d.toOrganisationType)})
                    </TableCell>
                    <TableCell>{vocab.purpose(d.purpose)}</TableCell>
                    <TableCell>{d.categories.map(vocab.category).join(", ")}</TableCell>
                    <TableCell>{d.fields.map((f) => t(`persons.fields.${f}`)).join(", ")}</TableCell>
                    <TableCell>
                      {d.breakGlass && <strong>{t("persons.disclosures.breakGlass")} </strong>}
                      {d.ruleIds.length > 0 && <code>{d.ruleIds.join(", ")}</code>}
                      {d.consentIds.length > 0 && ` ${t("persons.disclosures.withConsent")}`}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollTable>
        )}
      </div>
    </section>
  );
}
