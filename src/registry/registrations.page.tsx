/**
 * @module registrations.page
 * "Registratie": the national registry's incoming registrations — by name or statistical, with the
 * statistical facts and whether merged — and one registration opened; by name, the person as the
 * rules present it for registration (hidden fields say why). Above the list, the possible duplicates
 * (registry-duplicates.tsx): pairs found by blind-index matching, without names, which the officer
 * merges or marks as not a duplicate.
 */
import {
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
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CareLink, useCareVocabulary, useOpenId } from "../care/care.components";
import type { PresentedField } from "../persons/person.client";
import { useDateFormat, usePick } from "../persons/privacy.components";
import { api } from "../web/api";
import { ErrorAlert, Loading, ScrollTable } from "../web/form";
import { REGISTRATION_MODE_LABELS, type RegistrationMode } from "./registry.vocabulary";
import { DuplicateSuggestions } from "./registry-duplicates";

type Registration = {
  id: string;
  mode: RegistrationMode;
  basis: string;
  byName?: boolean;
  statistical: Record<string, unknown>;
  registeringOrganisationType: string;
  status: string;
  mergedInto?: string | null;
  createdAt: string;
  person?: { pseudonym: string; fields: Record<string, PresentedField> } | null;
};

export function RegistrationsPage() {
  const { t } = useTranslation();
  const id = useOpenId();
  return (
    <>
      <Heading1>{t("registry.title")}</Heading1>
      {id ? <RegistrationView id={id} /> : <RegistrationList />}
    </>
  );
}

function useRegistryLabels() {
  const { t, i18n } = useTranslation();
  const pick = usePick();
  const care = useCareVocabulary();
  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === "") return t("registry.unknown");
    if (key === "forms" && Array.isArray(v)) return v.map(String).map(care.form).join(", ") || "—";
    if (key === "traffickingStatus") return care.traffickingStatus(String(v));
    if (key === "gender") return care.gender(String(v));
    if (key === "reportingOrganisationType") return t(`organisationTypes.${String(v)}`);
    if (Array.isArray(v)) return v.join(", ") || "—";
    return String(v);
  };
  return {
    mode: (m: string) => pick(REGISTRATION_MODE_LABELS[m as RegistrationMode]) || m,
    basis: (b: string) => (i18n.exists(`registry.basis.${b}`) ? t(`registry.basis.${b}`) : b),
    key: (k: string) => (i18n.exists(`registry.facts.${k}`) ? t(`registry.facts.${k}`) : k),
    status: (st: string) => (i18n.exists(`registry.statuses.${st}`) ? t(`registry.statuses.${st}`) : st),
    value,
  };
}

function RegistrationList() {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  const format = useDateFormat();
  const [items, setItems] = useState<Registration[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void version; // reloaded after a merge decision
    api<{ items: Registration[] }>("GET", "/registrations").then((r) => setItems(r.items), setError);
  }, [version]);
  return (
    <>
      <Paragraph>{t("registry.intro")}</Paragraph>
      <DuplicateSuggestions onDecided={() => setVersion((v) => v + 1)} />
      <Heading2>{t("registry.listTitle")}</Heading2>
      <ErrorAlert error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t("registry.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable landmark label={t("registry.table")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("registry.received")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("registry.mode")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("registry.from")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("registry.factsTitle")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("registry.status")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <CareLink href={`/registratie?id=${r.id}`}>{format.dateTime(r.createdAt)}</CareLink>
                  </TableCell>
                  <TableCell>{labels.mode(r.mode)}</TableCell>
                  <TableCell>
                    {labels.value("reportingOrganisationType", r.registeringOrganisationType)}
                  </TableCell>
                  <TableCell>
                    {[
                      labels.value("forms", r.statistical.forms),
                      labels.value("gender", r.statistical.gender),
                      r.statistical.ageGroup ? String(r.statistical.ageGroup) : null,
                      r.statistical.nationalityGroup ? String(r.statistical.nationalityGroup) : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </TableCell>
                  <TableCell>{labels.status(r.status)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
    </>
  );
}

function RegistrationView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const labels = useRegistryLabels();
  const pick = usePick();
  const format = useDateFormat();
  const [r, setR] = useState<Registration | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Registration>("GET", `/registrations/${id}`).then(setR, setError);
  }, [id]);
  return (
    <>
      <Paragraph>
        <CareLink href="/registratie">{t("registry.backToList")}</CareLink>
      </Paragraph>
      <ErrorAlert error={error} />
      {!r && !error && <Loading />}
      {r && (
        <>
          <Heading2>{labels.mode(r.mode)}</Heading2>
          <Paragraph>
            {labels.basis(r.basis)} {t("registry.receivedAt", { time: format.dateTime(r.createdAt) })}
          </Paragraph>
          {r.mergedInto && (
            <Paragraph>
              <strong>{labels.status(r.status)}.</strong> {t("registry.mergedInto")}{" "}
              <CareLink href={`/registratie?id=${r.mergedInto}`}>{t("registry.openSurvivor")}</CareLink>
            </Paragraph>
          )}
          <section aria-labelledby="registration-facts-heading" className="samen-section">
            <Heading2 id="registration-facts-heading">{t("registry.factsTitle")}</Heading2>
            <dl className="samen-care-facts">
              {Object.entries(r.statistical).map(([k, v]) => (
                <div key={k} className="samen-care-fact">
                  <dt>{labels.key(k)}</dt>
                  <dd>{labels.value(k, v)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-labelledby="registration-person-heading" className="samen-section">
            <Heading2 id="registration-person-heading">{t("registry.person")}</Heading2>
            {!r.person && <Paragraph>{t("registry.noPerson")}</Paragraph>}
            {r.person && (
              <dl className="samen-care-facts">
                {Object.entries(r.person.fields).map(([name, f]) => {
                  const key = `persons.fields.${name}`;
                  return (
                    <div key={name} className="samen-care-fact">
                      <dt>{i18n.exists(key) ? t(key) : name}</dt>
                      <dd>
                        {f.visible ? (
                          Array.isArray(f.value) ? (
                            f.value.join(", ")
                          ) : (
                            String(f.value ?? t("registry.unknown"))
                          )
                        ) : (
                          <span className="samen-care-hidden">
                            {t("registry.hidden", { reason: pick(f.hidden) || pick(f.basis?.explanation) })}
                          </span>
                        )}
                      </dd>
                    </div>
                  );
                })}
              </dl>
            )}
          </section>
        </>
      )}
    </>
  );
}
