/**
 * @module submit.page
 * An organisation hands its encodings to an open linkage round: the `clks.json` that
 * `samen linkage encode` made on the organisation's own machine, and optionally coarse
 * covariates. The page says plainly what leaves the organisation (encodings, coarse covariates)
 * and what never does (names, dates of birth, the shared secret). The files are read in the
 * browser; only their content in the agreed shape is sent.
 */
import {
  Alert,
  Button,
  Code,
  Heading1,
  Heading2,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseCsv } from "../linkage/csv";
import { ApiError, api } from "../web/api";
import { ErrorAlert, FileField, fieldError, InputField, Loading, SelectField } from "../web/form";
import { useSession } from "../web/session";
import { type Round, readFileText } from "./darknumber.components";

const ENCODE_COMMAND =
  "samen linkage encode --schema schema.json --secret-file geheim.txt \\\n  --input registraties.csv --output clks.json";

/** The covariates the server accepts, in the clear and only at this coarse level. */
const COVARIATES = ["year", "form", "sex", "ageGroup"] as const;
type Covariate = (typeof COVARIATES)[number];
type Covariates = { names: Covariate[]; rows: string[][] };

type Problems = Partial<Record<"round" | "listName" | "clks" | "covariates", string>>;

/** Reads `{"clks": [...]}`; a problem key when the file is not in that shape. */
function readClks(text: string): string[] | "invalid" {
  try {
    const data: unknown = JSON.parse(text);
    if (!data || typeof data !== "object" || !Array.isArray((data as { clks?: unknown }).clks))
      return "invalid";
    const clks = (data as { clks: unknown[] }).clks;
    if (clks.length === 0 || !clks.every((c) => typeof c === "string")) return "invalid";
    return clks as string[];
  } catch {
    return "invalid";
  }
}

/** Reads the covariates CSV (header of known covariate names, one row per encoding). */
function readCovariates(text: string): Covariates | { problem: string; value?: string } {
  let rows: { fields: string[] }[];
  try {
    rows = parseCsv(text, "covariates");
  } catch {
    return { problem: "malformed" };
  }
  const header = rows[0]?.fields.map((h) => h.trim());
  if (!header || header.length === 0) return { problem: "empty" };
  const unknown = header.find((h) => !(COVARIATES as readonly string[]).includes(h));
  if (unknown !== undefined) return { problem: "unknownColumn", value: unknown };
  return { names: header as Covariate[], rows: rows.slice(1).map((r) => r.fields.map((v) => v.trim())) };
}

export function SubmitEncodingsPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [rounds, setRounds] = useState<Round[] | null>(null);
  const [roundId, setRoundId] = useState("");
  const [listName, setListName] = useState("");
  const [clks, setClks] = useState<{ name: string; values: string[] | "invalid" } | null>(null);
  const [covariates, setCovariates] = useState<{
    name: string;
    value: ReturnType<typeof readCovariates>;
  } | null>(null);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ n: number; listName: string; round: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api<{ items: Round[] }>("GET", "/linkage-rounds")
      .then((r) => {
        const open = r.items.filter((round) => round.status === "open");
        setRounds(open);
        if (open.length === 1) setRoundId(open[0]!.id);
      })
      .catch(setError);
  }, []);

  const chooseClks = async (file: File | null) => {
    setClks(file ? { name: file.name, values: readClks(await readFileText(file)) } : null);
  };
  const chooseCovariates = async (file: File | null) => {
    setCovariates(file ? { name: file.name, value: readCovariates(await readFileText(file)) } : null);
  };

  const covariateProblem = (): string | undefined => {
    if (!covariates) return undefined;
    const v = covariates.value;
    if ("problem" in v)
      return t(`darknumber.submit.problems.covariates.${v.problem}`, { column: v.value ?? "" });
    if (Array.isArray(clks?.values) && v.rows.length !== clks.values.length)
      return t("darknumber.submit.problems.covariates.rows", {
        rows: v.rows.length,
        clks: clks.values.length,
      });
    return undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    const p: Problems = {
      round: roundId ? undefined : t("darknumber.submit.problems.round"),
      listName: /^[A-Za-z][A-Za-z0-9_-]{0,30}$/.test(listName.trim())
        ? undefined
        : t("darknumber.submit.problems.listName"),
      clks: !clks
        ? t("darknumber.submit.problems.clksMissing")
        : clks.values === "invalid"
          ? t("darknumber.submit.problems.clksInvalid")
          : undefined,
      covariates: covariateProblem(),
    };
    const wrong = Object.fromEntries(Object.entries(p).filter(([, v]) => v)) as Problems;
    setProblems(wrong);
    if (Object.keys(wrong).length > 0 || !clks || clks.values === "invalid") {
      requestAnimationFrame(() => statusRef.current?.focus());
      return;
    }
    const cov = covariates && !("problem" in covariates.value) ? covariates.value : undefined;
    setBusy(true);
    try {
      await api("POST", `/linkage-rounds/${roundId}/submissions`, {
        listName: listName.trim(),
        clks: clks.values,
        ...(cov ? { covariates: cov } : {}),
      });
      setDone({
        n: clks.values.length,
        listName: listName.trim(),
        round: rounds?.find((r) => r.id === roundId)?.name ?? "",
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      requestAnimationFrame(() => statusRef.current?.focus());
    }
  };

  const hasProblems = Object.keys(problems).length > 0;
  return (
    <div className="samen-dn-page">
      <Heading1>{t("darknumber.submit.title")}</Heading1>
      <Paragraph>
        {t("darknumber.submit.intro", { organisation: session?.organisation.name ?? "" })}
      </Paragraph>
      <Alert type="info">
        <Heading2 className="samen-dn-alert-heading">{t("darknumber.submit.privacyTitle")}</Heading2>
        <UnorderedList>
          <UnorderedListItem>{t("darknumber.submit.privacy1")}</UnorderedListItem>
          <UnorderedListItem>{t("darknumber.submit.privacy2")}</UnorderedListItem>
          <UnorderedListItem>{t("darknumber.submit.privacy3")}</UnorderedListItem>
          <UnorderedListItem>{t("darknumber.submit.privacy4")}</UnorderedListItem>
        </UnorderedList>
      </Alert>
      <Heading2>{t("darknumber.submit.howTitle")}</Heading2>
      <Paragraph>{t("darknumber.submit.how")}</Paragraph>
      <pre className="samen-dn-example">
        <Code>{ENCODE_COMMAND}</Code>
      </pre>

      <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="dn-submit-heading">
        <Heading2 id="dn-submit-heading">{t("darknumber.submit.formTitle")}</Heading2>
        <div ref={statusRef} tabIndex={-1} className="samen-dn-summary">
          {hasProblems && (
            <Alert type="error" role="alert">
              <Paragraph>{t("darknumber.estimate.problems.summary")}</Paragraph>
            </Alert>
          )}
          <ErrorAlert error={error} />
          {done && (
            <Alert type="ok" role="status">
              <Paragraph>{t("darknumber.submit.done", done)}</Paragraph>
            </Alert>
          )}
        </div>
        {!rounds ? (
          !error && <Loading />
        ) : rounds.length === 0 ? (
          <Paragraph>{t("darknumber.submit.noOpenRounds")}</Paragraph>
        ) : (
          <>
            <SelectField
              id="dn-submit-round"
              label={t("darknumber.submit.round")}
              value={roundId}
              onChange={setRoundId}
              error={problems.round}
              options={[
                { value: "", label: t("darknumber.estimate.chooseRound") },
                ...rounds.map((r) => ({ value: r.id, label: r.name })),
              ]}
            />
            <InputField
              id="dn-submit-list"
              autoComplete="off"
              spellCheck={false}
              label={t("darknumber.submit.listName")}
              description={t("darknumber.submit.listNameHelp")}
              value={listName}
              onChange={setListName}
              error={problems.listName ?? fieldError(error, "listName")}
              required
            />
            <FileField
              id="dn-submit-clks"
              inputClassName="samen-dn-file"
              label={t("darknumber.submit.clks")}
              description={t("darknumber.submit.clksHelp")}
              accept=".json,application/json"
              onFile={(file) => void chooseClks(file)}
              error={problems.clks ?? fieldError(error, "clks")}
            />
            {clks && Array.isArray(clks.values) && (
              <Paragraph className="samen-dn-note" role="status">
                {t("darknumber.submit.clksRead", { name: clks.name, n: clks.values.length })}
              </Paragraph>
            )}
            <FileField
              id="dn-submit-covariates"
              inputClassName="samen-dn-file"
              label={t("darknumber.submit.covariates")}
              description={
                <>
                  {t("darknumber.submit.covariatesHelp")}
                  <pre className="samen-dn-example">
                    {"year,form,sex,ageGroup\n2025,labour,male,25-34\n2025,sexual,female,18-24"}
                  </pre>
                </>
              }
              accept=".csv,text/csv,text/plain"
              onFile={(file) => void chooseCovariates(file)}
              error={
                problems.covariates ??
                (error ? (fieldError(error, "covariates") ?? covariateFieldError(error)) : undefined)
              }
            />
            <Button type="submit" appearance="primary-action-button" disabled={busy}>
              {t("darknumber.submit.submit")}
            </Button>
          </>
        )}
      </form>
    </div>
  );
}

/** The server names covariate problems by row and column ("covariates.rows.3.0"); show the first. */
function covariateFieldError(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const first = error.fields.find((f) => f.name.startsWith("covariates."));
  return first ? `${first.name}: ${first.reason}` : undefined;
}
