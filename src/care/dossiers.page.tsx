/**
 * @module dossiers.page
 * "Dossiers": the care coordinator's case files, listed by case number (never names), with the
 * transfers to and from the organisation. A case is opened from a signal routed to the organisation
 * on the care track, directly by recording the person, or many at once for a large group
 * (`/dossiers/groep`); `?id=…` opens one case.
 */
import {
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
import type { SignalListItem } from "../signals/signal.components";
import { api } from "../web/api";
import { ErrorAlert, InputField, Loading, ScrollTable } from "../web/form";
import { CareLink, type CaseListItem, goTo, useCareVocabulary, useOpenId } from "./care.components";
import { Transfers } from "./case-transfer";
import { CaseView } from "./case-view";
import { GroupPlacement } from "./group-placement";

export function DossiersPage() {
  const { t } = useTranslation();
  const id = useOpenId();
  return (
    <>
      <Heading1>{t("care.title")}</Heading1>
      {id ? <CaseView id={id} /> : <CaseList />}
    </>
  );
}

type Opened = { items: { id: string; caseNumber: string }[] };

function CaseList() {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [items, setItems] = useState<CaseListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: CaseListItem[] }>("GET", "/cases")).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <Paragraph>{t("care.intro")}</Paragraph>
      <Paragraph className="samen-care-links">
        <CareLink href="/dossiers/termijnen">{t("care.deadlines.nav")}</CareLink>
        {" · "}
        <CareLink href="/dossiers/groep">{t("care.group.title")}</CareLink>
      </Paragraph>
      <ErrorAlert error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t("care.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable landmark label={t("care.table")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("care.case.number")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.case.status")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.case.traffickingStatus")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.case.forms")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <CareLink href={`/dossiers?id=${c.id}`}>{c.caseNumber}</CareLink>
                  </TableCell>
                  <TableCell>{t(`care.statuses.${c.status}`)}</TableCell>
                  <TableCell>{vocab.traffickingStatus(c.traffickingStatus)}</TableCell>
                  <TableCell>{c.forms.map(vocab.form).join(", ") || "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
      {items && <GroupsWithoutShelter items={items} onSent={() => void load()} />}
      <Transfers onChange={() => void load()} />
      <FromSignal />
      <Direct />
    </>
  );
}

/**
 * Open cases opened together from one signal (a large-group intake) of which none has a shelter
 * request yet: one request for the whole group.
 */
function GroupsWithoutShelter({ items, onSent }: { items: CaseListItem[]; onSent: () => void }) {
  const { t } = useTranslation();
  const groups = new Map<string, CaseListItem[]>();
  for (const c of items)
    if (c.status === "open" && c.openedFromSignalId && !c.placement)
      groups.set(c.openedFromSignalId, [...(groups.get(c.openedFromSignalId) ?? []), c]);
  const large = [...groups.entries()].filter(([, cases]) => cases.length >= 2);
  if (large.length === 0) return null;
  return (
    <section aria-labelledby="groups-heading" className="samen-section">
      <Heading2 id="groups-heading">{t("care.group.placement.groupsTitle")}</Heading2>
      <Paragraph>{t("care.group.placement.groupsIntro")}</Paragraph>
      {large.map(([signalId, cases]) => (
        <GroupPlacement
          key={signalId}
          id={`signal-group-${signalId}`}
          title={t("care.group.placement.group", {
            count: cases.length,
            numbers: cases.map((c) => c.caseNumber).join(", "),
          })}
          caseIds={cases.map((c) => c.id)}
          preferredType="temporary_large_group"
          onSent={onSent}
        />
      ))}
    </section>
  );
}

function openCase(opened: Opened) {
  const first = opened.items[0];
  if (first) goTo(`/dossiers?id=${first.id}`);
}

function FromSignal() {
  const { t } = useTranslation();
  const [items, setItems] = useState<SignalListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: SignalListItem[] }>("GET", "/signals?view=team").then((r) => setItems(r.items), setError);
  }, []);
  const open = async (signalId: string) => {
    try {
      openCase(await api<Opened>("POST", "/cases", { signalId }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="from-signal-heading" className="samen-section">
      <Heading2 id="from-signal-heading">{t("care.fromSignal.title")}</Heading2>
      <Paragraph>{t("care.fromSignal.intro")}</Paragraph>
      <ErrorAlert error={error} />
      {items && items.length === 0 && <Paragraph>{t("care.fromSignal.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable label={t("care.fromSignal.table")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("care.fromSignal.reference")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.fromSignal.municipality")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.actions")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>{s.reference}</TableCell>
                  <TableCell>{s.municipalityCode ?? "—"}</TableCell>
                  <TableCell>
                    <Button appearance="secondary-action-button" onClick={() => void open(s.id)}>
                      {t("care.fromSignal.open", { reference: s.reference })}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
    </section>
  );
}

/** Opens a case by recording the person now (the minimum: a name or alias and the municipality). */
function Direct() {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [alias, setAlias] = useState("");
  const [municipality, setMunicipality] = useState("");
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      openCase(
        await api<Opened>("POST", "/cases", {
          person: {
            role: "possible_victim",
            name: name.trim() || undefined,
            alias: alias.trim() || undefined,
          },
          foundMunicipalityCode: municipality.trim().toUpperCase(),
        }),
      );
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="direct-heading" className="samen-section">
      <Heading2 id="direct-heading">{t("care.direct.title")}</Heading2>
      <Paragraph>{t("care.direct.intro")}</Paragraph>
      <form onSubmit={submit} noValidate className="samen-form">
        <ErrorAlert error={error} />
        <InputField id="direct-name" label={t("care.direct.name")} value={name} onChange={setName} />
        <InputField id="direct-alias" label={t("care.direct.alias")} value={alias} onChange={setAlias} />
        <InputField
          id="direct-municipality"
          label={t("care.direct.municipality")}
          description={t("care.direct.municipalityHelp")}
          value={municipality}
          onChange={setMunicipality}
        />
        <Button type="submit" appearance="primary-action-button">
          {t("care.direct.open")}
        </Button>
      </form>
    </section>
  );
}
