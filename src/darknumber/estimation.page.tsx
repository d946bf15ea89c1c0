/**
 * @module estimation.page
 * The statistician's dark-number estimate: a capture-history table (an uploaded CSV or a linked
 * round) → a method and an interval → the estimate with its uncertainty, the models considered
 * and the diagnostics. Every run is saved with its input and settings; opening a saved run shows
 * exactly what went in, and an uploaded table can be run again with the same settings.
 */
import {
  Alert,
  Button,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { EstimateResult } from "../estimation/estimation.schema";
import { ApiError, api } from "../web/api";
import {
  CheckboxField,
  ErrorAlert,
  FileField,
  fieldError,
  InputField,
  Loading,
  RadioGroup,
  ScrollTable,
  SelectField,
  VisuallyHidden,
} from "../web/form";
import { EnglishText, parseDecimal, type Round, readFileText, useFormat } from "./darknumber.components";
import { EstimateView } from "./estimation-result";

const METHODS = ["main", "pairs", "fixed", "stepwise", "bic", "aic-stepwise"] as const;
const CI_KINDS = ["lognormal", "profile", "bca"] as const;
const LEVELS = ["0.8", "0.9", "0.95", "0.99"];
const COUNT_COLUMNS = ["count", "freq", "frequency", "n"];

type Method = (typeof METHODS)[number];
type CiKind = (typeof CI_KINDS)[number];

type Settings = {
  method?: Method;
  model?: string;
  pthresh?: number;
  maxorder?: number;
  ci?: CiKind;
  nboot?: number;
  seed?: number;
  level?: number;
  stratify?: string | null;
};
type RunSummary = { id: string; createdAt: string; source: "upload" | "linkage"; settings: Settings };
type SavedRun = RunSummary & { inputCsv: string; result: EstimateResult };

type Form = {
  sourceKind: "csv" | "linkage";
  fileName: string;
  csv: string;
  stratify: boolean;
  stratumColumn: string;
  roundId: string;
  roundStratified: boolean;
  method: Method;
  model: string;
  pthresh: string;
  maxorder: string;
  ci: CiKind;
  nboot: string;
  seed: string;
  level: string;
};

const EMPTY_FORM: Form = {
  sourceKind: "csv",
  fileName: "",
  csv: "",
  stratify: false,
  stratumColumn: "",
  roundId: "",
  roundStratified: false,
  method: "stepwise",
  model: "",
  pthresh: "",
  maxorder: "",
  ci: "lognormal",
  nboot: "1000",
  seed: "1234",
  level: "0.95",
};

/** The header of an uploaded table, enough to offer its columns (the server parses it fully). */
function csvHeader(text: string): { columns: string[]; rows: number } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== "");
  if (first < 0) return { columns: [], rows: 0 };
  const header = lines[first]!;
  const delimiter = !header.includes(",") && header.includes(";") ? ";" : ",";
  const columns = header.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  const rows = lines.slice(first + 1).filter((l) => l.trim() !== "").length;
  return { columns, rows };
}

type FormProblems = Partial<
  Record<"file" | "round" | "model" | "pthresh" | "maxorder" | "nboot" | "seed", string>
>;

export function EstimationPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [form, setForm] = useState<Form>(() => {
    const preselected = new URLSearchParams(window.location.search).get("ronde");
    return preselected ? { ...EMPTY_FORM, sourceKind: "linkage", roundId: preselected } : EMPTY_FORM;
  });
  const [rounds, setRounds] = useState<Round[] | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [result, setResult] = useState<EstimateResult | null>(null);
  const [saved, setSaved] = useState<SavedRun | null>(null);
  const [problems, setProblems] = useState<FormProblems>({});
  const [error, setError] = useState<unknown>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const savedHeading = useRef<HTMLHeadingElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const loadRuns = useCallback(async () => {
    try {
      setRuns((await api<{ items: RunSummary[] }>("GET", "/estimations")).items);
    } catch (e) {
      setListError(e);
    }
  }, []);
  useEffect(() => {
    void loadRuns();
    api<{ items: Round[] }>("GET", "/linkage-rounds")
      .then((r) => {
        const linked = r.items.filter((round) => round.status === "linked");
        setRounds(linked);
        // A round named in the address that is not (yet) linked cannot be estimated from.
        setForm((prev) =>
          prev.roundId && !linked.some((round) => round.id === prev.roundId)
            ? { ...prev, roundId: "" }
            : prev,
        );
      })
      .catch(setListError);
  }, [loadRuns]);

  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((prev) => ({ ...prev, [key]: value }));
  const header = csvHeader(form.csv);
  const countColumn = header.columns.find((c) => COUNT_COLUMNS.includes(c.toLowerCase()));
  const stratumOptions = header.columns.filter((c) => c !== countColumn);

  const chooseFile = async (file: File | null) => {
    if (!file) return setForm((prev) => ({ ...prev, fileName: "", csv: "" }));
    const csv = await readFileText(file);
    const { columns } = csvHeader(csv);
    const stratum = columns.find((c) => c.toLowerCase() === "stratum");
    setForm((prev) => ({
      ...prev,
      fileName: file.name,
      csv,
      stratify: stratum !== undefined,
      stratumColumn: stratum ?? "",
    }));
  };

  const check = (): { problems: FormProblems; body?: Record<string, unknown> } => {
    const p: FormProblems = {};
    const body: Record<string, unknown> = { method: form.method, ci: form.ci, level: Number(form.level) };
    if (form.sourceKind === "csv") {
      if (!form.csv) p.file = t("darknumber.estimate.problems.file");
      const stratify = form.stratify ? form.stratumColumn || stratumOptions[0] : undefined;
      body.source = { kind: "csv", csv: form.csv, ...(stratify ? { stratify } : {}) };
    } else {
      if (!form.roundId) p.round = t("darknumber.estimate.problems.round");
      body.source = { kind: "linkage", roundId: form.roundId, stratified: form.roundStratified };
    }
    if (form.method === "fixed") {
      if (!form.model.trim()) p.model = t("darknumber.estimate.problems.model");
      body.model = form.model.trim();
    }
    if ((form.method === "stepwise" || form.method === "aic-stepwise") && form.pthresh.trim()) {
      const value = parseDecimal(form.pthresh);
      if (value === undefined || !(value > 0 && value < 1))
        p.pthresh = t("darknumber.estimate.problems.pthresh");
      else body.pthresh = value;
    }
    if (form.method === "bic" && form.maxorder.trim()) {
      const value = Number(form.maxorder.trim());
      if (!Number.isInteger(value) || value < 1 || value > 10)
        p.maxorder = t("darknumber.estimate.problems.maxorder");
      else body.maxorder = value;
    }
    if (form.ci === "bca") {
      const nboot = Number(form.nboot.trim());
      if (!/^\d+$/.test(form.nboot.trim()) || nboot < 20 || nboot > 2000)
        p.nboot = t("darknumber.estimate.problems.nboot");
      else body.nboot = nboot;
      const seed = Number(form.seed.trim());
      if (!/^-?\d+$/.test(form.seed.trim()) || !Number.isSafeInteger(seed))
        p.seed = t("darknumber.estimate.problems.seed");
      else body.seed = seed;
    }
    return Object.keys(p).length > 0 ? { problems: p } : { problems: p, body };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const checked = check();
    setProblems(checked.problems);
    if (!checked.body) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy(true);
    setResult(null);
    setSaved(null);
    try {
      const run = await api<{ id: string; result: EstimateResult }>("POST", "/estimations", checked.body);
      setResult(run.result);
      await loadRuns();
      requestAnimationFrame(() => resultHeading.current?.focus());
    } catch (e) {
      setError(e);
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };

  const open = async (id: string) => {
    setListError(null);
    try {
      setSaved(await api<SavedRun>("GET", `/estimations/${id}`));
      setResult(null);
      requestAnimationFrame(() => savedHeading.current?.focus());
    } catch (e) {
      setListError(e);
    }
  };

  const reuse = (run: SavedRun) => {
    const s = run.settings;
    setForm({
      ...EMPTY_FORM,
      sourceKind: "csv",
      fileName: t("darknumber.saved.reusedFile", { when: f.dateTime(run.createdAt) }),
      csv: run.inputCsv,
      stratify: !!s.stratify,
      stratumColumn: s.stratify ?? "",
      method: s.method ?? "stepwise",
      model: s.model ?? "",
      pthresh: s.pthresh === undefined ? "" : String(s.pthresh),
      maxorder: s.maxorder === undefined ? "" : String(s.maxorder),
      ci: s.ci ?? "lognormal",
      nboot: String(s.nboot ?? 1000),
      seed: String(s.seed ?? 1234),
      level: String(s.level ?? 0.95),
    });
    setProblems({});
    requestAnimationFrame(() => formHeading.current?.focus());
  };

  const fileProblem = problems.file ?? fieldError(error, "source.csv");
  const roundProblem = problems.round ?? fieldError(error, "source.roundId");
  const hasProblems = Object.keys(problems).length > 0;

  return (
    <div className="samen-dn-page">
      <Heading1>{t("darknumber.estimate.title")}</Heading1>
      <Paragraph>{t("darknumber.estimate.intro")}</Paragraph>

      <form
        onSubmit={submit}
        noValidate
        className="samen-form samen-dn-form"
        aria-labelledby="dn-form-heading"
      >
        <Heading2 id="dn-form-heading" ref={formHeading} tabIndex={-1}>
          {t("darknumber.estimate.newRun")}
        </Heading2>
        <div ref={summaryRef} tabIndex={-1} className="samen-dn-summary">
          {hasProblems && (
            <Alert type="error" role="alert">
              <Paragraph>{t("darknumber.estimate.problems.summary")}</Paragraph>
            </Alert>
          )}
          <RunError error={error} />
        </div>

        <RadioGroup
          id="dn-source"
          optionDescriptions="beside"
          legend={t("darknumber.estimate.source")}
          value={form.sourceKind}
          onChange={(v) => set("sourceKind")(v as Form["sourceKind"])}
          options={[
            {
              value: "csv",
              label: t("darknumber.estimate.sourceCsv"),
              description: t("darknumber.estimate.sourceCsvHelp"),
            },
            {
              value: "linkage",
              label: t("darknumber.estimate.sourceLinkage"),
              description: t("darknumber.estimate.sourceLinkageHelp"),
            },
          ]}
        />

        {form.sourceKind === "csv" ? (
          <div className="samen-dn-group">
            <FileField
              id="dn-csv"
              inputClassName="samen-dn-file"
              label={t("darknumber.estimate.file")}
              accept=".csv,text/csv,text/plain"
              onFile={(file) => void chooseFile(file)}
              error={fileProblem}
              description={
                <>
                  {t("darknumber.estimate.fileHelp")}
                  <pre className="samen-dn-example">
                    {"politie,zorg,inspectie,count\n1,0,0,54\n0,1,0,463\n1,1,0,15\n1,1,1,2"}
                  </pre>
                </>
              }
            />
            {form.csv && (
              <Paragraph className="samen-dn-note" role="status">
                {t("darknumber.estimate.fileRead", {
                  name: form.fileName,
                  rows: header.rows,
                  columns: header.columns.join(", "),
                })}
              </Paragraph>
            )}
            {form.csv && stratumOptions.length > 2 && (
              <>
                <CheckboxField
                  id="dn-stratify"
                  label={t("darknumber.estimate.stratify")}
                  description={t("darknumber.estimate.stratifyHelp")}
                  checked={form.stratify}
                  onChange={set("stratify")}
                />
                {form.stratify && (
                  <SelectField
                    id="dn-stratum-column"
                    label={t("darknumber.estimate.stratumColumn")}
                    value={form.stratumColumn || stratumOptions[0]!}
                    onChange={set("stratumColumn")}
                    options={stratumOptions.map((c) => ({ value: c, label: c }))}
                  />
                )}
              </>
            )}
          </div>
        ) : (
          <div className="samen-dn-group">
            {!rounds ? (
              <Loading />
            ) : rounds.length === 0 ? (
              <Paragraph>{t("darknumber.estimate.noLinkedRounds")}</Paragraph>
            ) : (
              <SelectField
                id="dn-round"
                label={t("darknumber.estimate.round")}
                value={form.roundId}
                onChange={set("roundId")}
                error={roundProblem}
                options={[
                  { value: "", label: t("darknumber.estimate.chooseRound") },
                  ...rounds.map((r) => ({ value: r.id, label: r.name })),
                ]}
              />
            )}
            <CheckboxField
              id="dn-round-stratified"
              label={t("darknumber.estimate.roundStratified")}
              description={t("darknumber.estimate.roundStratifiedHelp")}
              checked={form.roundStratified}
              onChange={set("roundStratified")}
            />
          </div>
        )}

        <RadioGroup
          id="dn-method"
          optionDescriptions="beside"
          legend={t("darknumber.estimate.method")}
          value={form.method}
          onChange={(v) => set("method")(v as Method)}
          options={METHODS.map((m) => ({
            value: m,
            label: t(`darknumber.method.${m}.label`),
            description: t(`darknumber.method.${m}.help`),
          }))}
        />
        {form.method === "fixed" && (
          <InputField
            id="dn-model"
            autoComplete="off"
            spellCheck={false}
            label={t("darknumber.estimate.model")}
            description={t("darknumber.estimate.modelHelp")}
            value={form.model}
            onChange={set("model")}
            error={problems.model ?? fieldError(error, "model")}
            required
          />
        )}
        {(form.method === "stepwise" || form.method === "aic-stepwise") && (
          <InputField
            id="dn-pthresh"
            autoComplete="off"
            spellCheck={false}
            label={t("darknumber.estimate.pthresh")}
            description={t("darknumber.estimate.pthreshHelp", {
              value: form.method === "stepwise" ? "0,02" : "0,05",
            })}
            inputMode="decimal"
            value={form.pthresh}
            onChange={set("pthresh")}
            error={problems.pthresh ?? fieldError(error, "pthresh")}
          />
        )}
        {form.method === "bic" && (
          <InputField
            id="dn-maxorder"
            autoComplete="off"
            spellCheck={false}
            label={t("darknumber.estimate.maxorder")}
            description={t("darknumber.estimate.maxorderHelp")}
            inputMode="numeric"
            value={form.maxorder}
            onChange={set("maxorder")}
            error={problems.maxorder ?? fieldError(error, "maxorder")}
          />
        )}

        <RadioGroup
          id="dn-ci"
          optionDescriptions="beside"
          legend={t("darknumber.estimate.interval")}
          value={form.ci}
          onChange={(v) => set("ci")(v as CiKind)}
          options={CI_KINDS.map((c) => ({
            value: c,
            label: t(`darknumber.ci.${c}.label`),
            description: t(`darknumber.ci.${c}.help`),
          }))}
        />
        {form.ci === "bca" && (
          <div className="samen-dn-group">
            <InputField
              id="dn-nboot"
              autoComplete="off"
              spellCheck={false}
              label={t("darknumber.estimate.nboot")}
              description={t("darknumber.estimate.nbootHelp")}
              inputMode="numeric"
              value={form.nboot}
              onChange={set("nboot")}
              error={problems.nboot ?? fieldError(error, "nboot")}
            />
            <InputField
              id="dn-seed"
              autoComplete="off"
              spellCheck={false}
              label={t("darknumber.estimate.seed")}
              description={t("darknumber.estimate.seedHelp")}
              inputMode="numeric"
              value={form.seed}
              onChange={set("seed")}
              error={problems.seed ?? fieldError(error, "seed")}
            />
          </div>
        )}
        <SelectField
          id="dn-level"
          label={t("darknumber.estimate.level")}
          description={t("darknumber.estimate.levelHelp")}
          value={form.level}
          onChange={set("level")}
          options={LEVELS.map((l) => ({ value: l, label: `${Math.round(Number(l) * 100)}%` }))}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("darknumber.estimate.run")}
        </Button>
        {busy && (
          <Paragraph role="status" className="samen-dn-busy">
            {form.ci === "bca" ? t("darknumber.estimate.busyBootstrap") : t("darknumber.estimate.busy")}
          </Paragraph>
        )}
      </form>

      {result && (
        <section className="samen-section" aria-labelledby="dn-result-heading">
          <Heading2 id="dn-result-heading" ref={resultHeading} tabIndex={-1}>
            {t("darknumber.estimate.result")}
          </Heading2>
          <Paragraph className="samen-dn-note">{t("darknumber.estimate.savedNote")}</Paragraph>
          <EstimateView result={result} />
        </section>
      )}

      <SavedRuns runs={runs} error={listError} onOpen={(id) => void open(id)} />

      {saved && <SavedRunView run={saved} headingRef={savedHeading} onReuse={() => reuse(saved)} />}
    </div>
  );
}

/**
 * The estimator names what is wrong with a table (in English, with its line number); say first,
 * in the user's language, that the table is the problem.
 */
function RunError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const table =
    error instanceof ApiError ? error.fields.find((f) => f.name.startsWith("source.")) : undefined;
  if (!table) return <ErrorAlert error={error} />;
  return (
    <Alert type="error" role="alert">
      <Paragraph>
        {t("darknumber.estimate.problems.table")} <EnglishText>{table.reason}</EnglishText>
      </Paragraph>
    </Alert>
  );
}

function useSettingsText() {
  const { t } = useTranslation();
  const f = useFormat();
  return {
    method: (s: Settings) => (s.method ? t(`darknumber.method.${s.method}.label`) : "—"),
    ci: (s: Settings) =>
      t(`darknumber.ci.${s.ci ?? (s.method === "aic-stepwise" ? "profile" : "bca")}.label`),
    level: (s: Settings) => f.percent(s.level ?? 0.95),
  };
}

function SavedRuns({
  runs,
  error,
  onOpen,
}: {
  runs: RunSummary[] | null;
  error: unknown;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = useSettingsText();
  return (
    <section className="samen-section" aria-labelledby="dn-saved-heading">
      <Heading2 id="dn-saved-heading">{t("darknumber.saved.title")}</Heading2>
      <Paragraph>{t("darknumber.saved.intro")}</Paragraph>
      <ErrorAlert error={error} />
      {!runs ? (
        !error && <Loading />
      ) : runs.length === 0 ? (
        <Paragraph>{t("darknumber.saved.empty")}</Paragraph>
      ) : (
        <ScrollTable label={t("darknumber.saved.title")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("darknumber.saved.when")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.saved.source")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.estimate.method")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.estimate.interval")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.saved.level")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.saved.strata")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.saved.action")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {runs.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>{f.dateTime(r.createdAt)}</TableCell>
                  <TableCell>{t(`darknumber.saved.sources.${r.source}`)}</TableCell>
                  <TableCell>
                    {text.method(r.settings)}
                    {r.settings.model ? (
                      <>
                        {" "}
                        <code>{r.settings.model}</code>
                      </>
                    ) : null}
                  </TableCell>
                  <TableCell>{text.ci(r.settings)}</TableCell>
                  <TableCell>{text.level(r.settings)}</TableCell>
                  <TableCell>
                    {r.settings.stratify ? r.settings.stratify : t("darknumber.saved.pooled")}
                  </TableCell>
                  <TableCell>
                    <Button appearance="secondary-action-button" onClick={() => onOpen(r.id)}>
                      {t("darknumber.saved.open")}
                      <VisuallyHidden>
                        {" "}
                        {t("darknumber.saved.openWhich", { when: f.dateTime(r.createdAt) })}
                      </VisuallyHidden>
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

function SavedRunView({
  run,
  headingRef,
  onReuse,
}: {
  run: SavedRun;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onReuse: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const text = useSettingsText();
  const s = run.settings;
  const o = run.result.options;
  return (
    <section className="samen-section samen-dn-saved" aria-labelledby="dn-saved-run-heading">
      <Heading2 id="dn-saved-run-heading" ref={headingRef} tabIndex={-1}>
        {t("darknumber.saved.runTitle", { when: f.dateTime(run.createdAt) })}
      </Heading2>
      <dl className="samen-dn-figures">
        <div>
          <dt>{t("darknumber.saved.source")}</dt>
          <dd>{t(`darknumber.saved.sources.${run.source}`)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.estimate.method")}</dt>
          <dd>{text.method(s)}</dd>
        </div>
        {o.fixedModel && (
          <div>
            <dt>{t("darknumber.estimate.model")}</dt>
            <dd>
              <code>{o.fixedModel}</code>
            </dd>
          </div>
        )}
        {o.pthresh !== undefined && (
          <div>
            <dt>{t("darknumber.estimate.pthresh")}</dt>
            <dd>{f.p(o.pthresh)}</dd>
          </div>
        )}
        {o.maxOrder !== undefined && (
          <div>
            <dt>{t("darknumber.estimate.maxorder")}</dt>
            <dd>{o.maxOrder}</dd>
          </div>
        )}
        <div>
          <dt>{t("darknumber.estimate.interval")}</dt>
          <dd>{t(`darknumber.ci.${o.ci}.label`)}</dd>
        </div>
        {o.nboot !== undefined && (
          <div>
            <dt>{t("darknumber.estimate.nboot")}</dt>
            <dd>{f.int(o.nboot)}</dd>
          </div>
        )}
        {o.seed !== undefined && (
          <div>
            <dt>{t("darknumber.estimate.seed")}</dt>
            <dd>{o.seed}</dd>
          </div>
        )}
        <div>
          <dt>{t("darknumber.saved.level")}</dt>
          <dd>{f.percent(o.level)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.saved.strata")}</dt>
          <dd>{s.stratify ? s.stratify : t("darknumber.saved.pooled")}</dd>
        </div>
      </dl>
      <Heading3>{t("darknumber.saved.input")}</Heading3>
      {run.source === "upload" ? (
        <>
          <ScrollTable label={t("darknumber.saved.input")}>
            <pre className="samen-dn-input">{run.inputCsv}</pre>
          </ScrollTable>
          <Button appearance="secondary-action-button" onClick={onReuse}>
            {t("darknumber.saved.reuse")}
          </Button>
        </>
      ) : (
        <Paragraph>{t("darknumber.saved.linkageInput")}</Paragraph>
      )}
      <Heading3>{t("darknumber.estimate.result")}</Heading3>
      <EstimateView result={run.result} level={4} />
    </section>
  );
}
