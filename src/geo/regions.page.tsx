/**
 * @module regions.page
 * Care-coordination and RIEC regions, with the example-data warning until an administrator
 * replaces them.
 */
import {
  Alert,
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
import { api } from "../web/api";
import { ErrorAlert, Loading } from "../web/components";

type Region = { code: string; name: string; isExample: boolean; source: string; municipalities: string[] };

function RegionTable({ kind }: { kind: "care-regions" | "riec-regions" }) {
  const { t } = useTranslation();
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: Region[] }>("GET", `/${kind}`).then((r) => setRegions(r.items), setError);
  }, [kind]);
  if (error) return <ErrorAlert error={error} />;
  if (!regions) return <Loading />;
  const headingId = `${kind}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <Heading2 id={headingId}>{t(kind === "care-regions" ? "regions.care" : "regions.riec")}</Heading2>
      {regions.some((r) => r.isExample) && (
        <Alert type="warning">
          <Paragraph>{t("regions.exampleWarning")}</Paragraph>
        </Alert>
      )}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("regions.name")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("regions.municipalityCount")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {regions.map((r) => (
            <TableRow key={r.code}>
              <TableCell>{r.name}</TableCell>
              <TableCell>{r.municipalities.length}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

export function RegionsPage() {
  const { t } = useTranslation();
  return (
    <>
      <Heading1>{t("regions.title")}</Heading1>
      <Paragraph>{t("regions.intro")}</Paragraph>
      <RegionTable kind="care-regions" />
      <RegionTable kind="riec-regions" />
    </>
  );
}
