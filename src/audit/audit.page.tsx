/**
 * @module audit.page
 * The privacy officer's audit trail: search by user, organisation, object and period, and verify
 * the hash chain.
 */
import {
  Alert,
  Button,
  Heading1,
  Heading2,
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
import { api } from "../web/api";
import { ErrorAlert, InputField, Loading } from "../web/form";

type Entry = {
  id: number;
  /** Null for an entry written moments ago and not yet sealed into the chain. */
  seq: number | null;
  occurredAt: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  purpose: string | null;
};
type Verification = { ok: boolean; count: number; firstBadSeq: number | null; message: string };

const EMPTY_FILTERS = {
  personId: "",
  from: "",
  to: "",
  actorUserId: "",
  actorOrganisationId: "",
  objectType: "",
  objectId: "",
};

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState(EMPTY_FILTERS);
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = useCallback(async (f: typeof filters) => {
    setError(null);
    // Dates from the form are calendar days in the user's time zone; the API wants instants.
    const toInstant = (day: string, endOfDay: boolean) =>
      new Date(`${day}T${endOfDay ? "23:59:59.999" : "00:00:00"}`).toISOString();
    const entries = Object.entries(f)
      .filter(([, v]) => v.trim() !== "")
      .map(([k, v]) => (k === "from" || k === "to" ? [k, toInstant(v, k === "to")] : [k, v.trim()]));
    const query = new URLSearchParams(entries);
    try {
      setEntries((await api<{ items: Entry[] }>("GET", `/audit-entries?${query}`)).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void search(EMPTY_FILTERS);
  }, [search]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void search(filters);
  };
  const verify = async () => {
    try {
      setVerification(await api<Verification>("GET", "/audit-entries/verification"));
    } catch (e) {
      setError(e);
    }
  };
  const set = (key: keyof typeof filters) => (value: string) => setFilters({ ...filters, [key]: value });
  const time = new Intl.DateTimeFormat(i18n.language === "en" ? "en-GB" : "nl-NL", {
    dateStyle: "short",
    timeStyle: "medium",
  });
  return (
    <>
      <Heading1>{t("audit.title")}</Heading1>
      <Paragraph>{t("audit.intro")}</Paragraph>
      <Button appearance="secondary-action-button" onClick={() => void verify()}>
        {t("audit.verify")}
      </Button>
      {verification && (
        <Alert type={verification.ok ? "ok" : "error"} role="status">
          <Paragraph>
            {verification.ok
              ? t("audit.verifyOk", { count: verification.count })
              : t("audit.verifyBroken", { seq: verification.firstBadSeq })}
          </Paragraph>
        </Alert>
      )}
      <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="audit-search-heading">
        <Heading2 id="audit-search-heading">{t("audit.search")}</Heading2>
        <InputField
          id="f-person"
          label={t("audit.personId")}
          description={t("audit.personIdHelp")}
          value={filters.personId}
          onChange={set("personId")}
        />
        <InputField
          id="f-from"
          label={t("audit.from")}
          type="date"
          value={filters.from}
          onChange={set("from")}
        />
        <InputField id="f-to" label={t("audit.to")} type="date" value={filters.to} onChange={set("to")} />
        <InputField
          id="f-user"
          label={t("audit.actorUserId")}
          value={filters.actorUserId}
          onChange={set("actorUserId")}
        />
        <InputField
          id="f-org"
          label={t("audit.actorOrganisationId")}
          value={filters.actorOrganisationId}
          onChange={set("actorOrganisationId")}
        />
        <InputField
          id="f-type"
          label={t("audit.objectType")}
          value={filters.objectType}
          onChange={set("objectType")}
        />
        <InputField
          id="f-id"
          label={t("audit.objectId")}
          value={filters.objectId}
          onChange={set("objectId")}
        />
        <Button type="submit" appearance="primary-action-button">
          {t("audit.searchButton")}
        </Button>
      </form>
      <ErrorAlert error={error} />
      {!entries ? (
        <Loading />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">#</TableHeaderCell>
              <TableHeaderCell scope="col">{t("audit.when")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("audit.action")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("audit.object")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("audit.purpose")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("audit.actor")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{e.seq ?? t("audit.unsealed")}</TableCell>
                <TableCell>{time.format(new Date(e.occurredAt))}</TableCell>
                <TableCell>{e.action}</TableCell>
                <TableCell>
                  {e.objectType}
                  {e.objectId ? ` ${e.objectId.slice(0, 8)}` : ""}
                </TableCell>
                <TableCell>{e.purpose ?? "—"}</TableCell>
                <TableCell>{e.actorUserId ? e.actorUserId.slice(0, 8) : t("audit.system")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
