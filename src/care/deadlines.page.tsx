/**
 * @module deadlines.page
 * "Termijnen": reflection-period ends and permit expiries across the coordinator's open cases,
 * overdue first, then warnings; and the care-plan services that stopped moving.
 */
import {
  Heading1,
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
import { useDateFormat } from "../persons/privacy.components";
import { api } from "../web/api";
import { ErrorAlert, Loading, ScrollTable } from "../web/form";
import { CareLink } from "./care.components";
import { CareReminders } from "./case-care-plan";

type DeadlineRow = {
  caseId: string;
  caseNumber: string;
  kind: "reflection_period_end" | "residence_permit_expiry";
  dueOn: string;
  daysLeft: number;
  state: "ok" | "warning" | "overdue";
  warningThreshold: number | null;
  timelineErrors: number;
};

export function DeadlinesPage() {
  const { t } = useTranslation();
  const format = useDateFormat();
  const [items, setItems] = useState<DeadlineRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: DeadlineRow[] }>("GET", "/deadlines").then((r) => setItems(r.items), setError);
  }, []);
  return (
    <>
      <Heading1>{t("care.deadlines.title")}</Heading1>
      <Paragraph>{t("care.deadlines.intro")}</Paragraph>
      <Paragraph>
        <CareLink href="/dossiers">{t("care.backToList")}</CareLink>
      </Paragraph>
      <ErrorAlert error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && <Paragraph>{t("care.deadlines.none")}</Paragraph>}
      {items && items.length > 0 && (
        <ScrollTable landmark label={t("care.deadlines.table")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("care.case.number")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.deadlines.kind")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.deadlines.dueOn")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("care.deadlines.state")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((d) => (
                <TableRow key={`${d.caseId}-${d.kind}`}>
                  <TableCell>
                    <CareLink href={`/dossiers?id=${d.caseId}`}>{d.caseNumber}</CareLink>
                  </TableCell>
                  <TableCell>{t(`care.deadlines.kinds.${d.kind}`)}</TableCell>
                  <TableCell>{format.date(d.dueOn)}</TableCell>
                  <TableCell>
                    <span className={`samen-care-deadline samen-care-deadline--${d.state}`}>
                      {d.state === "overdue"
                        ? t("care.deadlines.overdue", { count: -d.daysLeft })
                        : t(`care.deadlines.${d.state}`, { count: d.daysLeft })}
                    </span>
                    {d.timelineErrors > 0 &&
                      ` ${t("care.deadlines.timelineErrors", { count: d.timelineErrors })}`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
      <CareReminders />
    </>
  );
}
