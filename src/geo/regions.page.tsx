/**
 * @module regions.page
 * Care-coordination and RIEC regions, with the example-data warning until an administrator
 * replaces them.
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
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../web/api";
import { ErrorAlert, FileField, Loading } from "../web/form";
import { useAbility } from "../web/session";

type Region = { code: string; name: string; isExample: boolean; source: string; municipalities: string[] };

function RegionTable({ kind, version }: { kind: "care-regions" | "riec-regions"; version: number }) {
  const { t } = useTranslation();
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    // `version` changes after an import, so the table reloads.
    void version;
    api<{ items: Region[] }>("GET", `/${kind}`).then((r) => setRegions(r.items), setError);
  }, [kind, version]);
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

/** Administrators replace a region set with a JSON file in the format of reference/regions/*.example.json. */
function RegionImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    if (!file) return setError(new ApiError(400, "VALIDATION_FAILED", t("regions.chooseFile")));
    try {
      const set = JSON.parse(await file.text()) as { kind?: string };
      await api("PUT", set.kind === "riec_regions" ? "/riec-regions" : "/care-regions", set);
      setDone(true);
      onImported();
    } catch (e) {
      setError(e instanceof SyntaxError ? new ApiError(400, "VALIDATION_FAILED", t("regions.notJson")) : e);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="region-import-heading">
      <Heading2 id="region-import-heading">{t("regions.importTitle")}</Heading2>
      <Paragraph>{t("regions.importHelp")}</Paragraph>
      <ErrorAlert error={error} />
      {done && <Paragraph role="status">{t("regions.imported")}</Paragraph>}
      <FileField
        id="region-file"
        label={t("regions.file")}
        accept="application/json,.json"
        onFile={setFile}
      />
      <Button type="submit" appearance="primary-action-button">
        {t("regions.import")}
      </Button>
    </form>
  );
}

export function RegionsPage() {
  const { t } = useTranslation();
  const canManage = useAbility("reference:manage");
  const [version, setVersion] = useState(0);
  return (
    <>
      <Heading1>{t("regions.title")}</Heading1>
      <Paragraph>{t("regions.intro")}</Paragraph>
      <RegionTable kind="care-regions" version={version} />
      <RegionTable kind="riec-regions" version={version} />
      {canManage && <RegionImport onImported={() => setVersion((v) => v + 1)} />}
    </>
  );
}
