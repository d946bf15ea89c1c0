/**
 * @module linkage.page
 * The statistician's linkage rounds: open a round, watch the organisations' submissions come in
 * (organisation, list, number of records — never a record), link them, read the diagnostics and
 * the capture-history table with small cells suppressed, and carry the table to the estimate.
 * Organisations submit on their own page (submit.page.tsx).
 */
import {
  Alert,
  Button,
  ButtonLink,
  Heading1,
  Heading2,
  Heading3,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, type MouseEvent, useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, localise } from "../web/api";
import {
  ErrorAlert,
  fieldError,
  InputField,
  Loading,
  RadioGroup,
  ScrollTable,
  VisuallyHidden,
} from "../web/form";
import { navigate } from "../web/router";
import {
  EnglishText,
  type LinkageResult,
  parseDecimal,
  type Round,
  type RoundDetails,
  SimilarityTable,
  useFormat,
} from "./darknumber.components";

/** Remembers the open round in the address, so a reload or a shared link shows the same round. */
function roundFromAddress(): string | null {
  return new URLSearchParams(window.location.search).get("ronde");
}

export function LinkagePage() {
  const { t } = useTranslation();
  const [rounds, setRounds] = useState<Round[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(roundFromAddress);
  const [error, setError] = useState<unknown>(null);
  const loadRounds = useCallback(async () => {
    try {
      setRounds((await api<{ items: Round[] }>("GET", "/linkage-rounds")).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void loadRounds();
  }, [loadRounds]);
  const open = (id: string) => {
    window.history.replaceState(null, "", `/koppeling?ronde=${encodeURIComponent(id)}`);
    setOpenId(id);
  };
  return (
    <div className="samen-dn-page">
      <Heading1>{t("darknumber.linkage.title")}</Heading1>
      <Paragraph>{t("darknumber.linkage.intro")}</Paragraph>
      <ol className="samen-dn-steps">
        <li>{t("darknumber.linkage.step1")}</li>
        <li>{t("darknumber.linkage.step2")}</li>
        <li>{t("darknumber.linkage.step3")}</li>
        <li>{t("darknumber.linkage.step4")}</li>
      </ol>
      <NewRound
        onCreated={async (id) => {
          await loadRounds();
          open(id);
        }}
      />
      <section className="samen-section" aria-labelledby="dn-rounds-heading">
        <Heading2 id="dn-rounds-heading">{t("darknumber.linkage.rounds")}</Heading2>
        <ErrorAlert error={error} />
        {!rounds ? (
          !error && <Loading />
        ) : rounds.length === 0 ? (
          <Paragraph>{t("darknumber.linkage.noRounds")}</Paragraph>
        ) : (
          <RoundsTable rounds={rounds} onOpen={open} openId={openId} />
        )}
      </section>
      {openId && <RoundView key={openId} id={openId} onChanged={loadRounds} />}
    </div>
  );
}

function NewRound({ onCreated }: { onCreated: (id: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [threshold, setThreshold] = useState("0,8");
  const [solver, setSolver] = useState<"greedy" | "transitive">("greedy");
  const [problem, setProblem] = useState<{ name?: string; threshold?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const value = parseDecimal(threshold);
    const p = {
      name: name.trim().length < 2 ? t("darknumber.linkage.problems.name") : undefined,
      threshold:
        value === undefined || !(value > 0 && value <= 1)
          ? t("darknumber.linkage.problems.threshold")
          : undefined,
    };
    setProblem(p);
    if (p.name || p.threshold) return;
    try {
      const { id } = await api<{ id: string }>("POST", "/linkage-rounds", {
        name: name.trim(),
        threshold: value,
        solver,
      });
      setName("");
      await onCreated(id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="dn-new-round-heading">
      <Heading2 id="dn-new-round-heading">{t("darknumber.linkage.newRound")}</Heading2>
      <ErrorAlert error={error} />
      <InputField
        id="dn-round-name"
        autoComplete="off"
        spellCheck={false}
        label={t("darknumber.linkage.name")}
        description={t("darknumber.linkage.nameHelp")}
        value={name}
        onChange={setName}
        error={problem.name ?? fieldError(error, "name")}
        required
      />
      <InputField
        id="dn-round-threshold"
        autoComplete="off"
        spellCheck={false}
        label={t("darknumber.linkage.threshold")}
        description={t("darknumber.linkage.thresholdHelp")}
        inputMode="decimal"
        value={threshold}
        onChange={setThreshold}
        error={problem.threshold ?? fieldError(error, "threshold")}
        required
      />
      <RadioGroup
        id="dn-round-solver"
        optionDescriptions="beside"
        legend={t("darknumber.linkage.solver")}
        value={solver}
        onChange={(v) => setSolver(v as "greedy" | "transitive")}
        options={(["greedy", "transitive"] as const).map((s) => ({
          value: s,
          label: t(`darknumber.solver.${s}.label`),
          description: t(`darknumber.solver.${s}.help`),
        }))}
      />
      <Button type="submit" appearance="primary-action-button">
        {t("darknumber.linkage.openRound")}
      </Button>
    </form>
  );
}

function RoundsTable({
  rounds,
  onOpen,
  openId,
}: {
  rounds: Round[];
  onOpen: (id: string) => void;
  openId: string | null;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ScrollTable label={t("darknumber.linkage.rounds")}>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("darknumber.linkage.name")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("darknumber.linkage.status")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("darknumber.linkage.threshold")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("darknumber.linkage.solver")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("darknumber.linkage.createdAt")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("darknumber.saved.action")}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rounds.map((r) => (
            <TableRow key={r.id} className={r.id === openId ? "samen-dn-selected" : undefined}>
              <TableCell>{r.name}</TableCell>
              <TableCell>{t(`darknumber.linkage.statuses.${r.status}`)}</TableCell>
              <TableCell>{f.num(r.threshold, 2)}</TableCell>
              <TableCell>{t(`darknumber.solver.${r.solver}.label`)}</TableCell>
              <TableCell>{f.dateTime(r.createdAt)}</TableCell>
              <TableCell>
                <Button
                  appearance="secondary-action-button"
                  onClick={() => onOpen(r.id)}
                  aria-current={r.id === openId ? "true" : undefined}
                >
                  {t("darknumber.saved.open")}
                  <VisuallyHidden> {r.name}</VisuallyHidden>
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollTable>
  );
}

function RoundView({ id, onChanged }: { id: string; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [round, setRound] = useState<RoundDetails | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const load = useCallback(async () => {
    try {
      setRound(await api<RoundDetails>("GET", `/linkage-rounds/${id}`));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load().then(() => requestAnimationFrame(() => heading.current?.focus()));
  }, [load]);
  const link = async () => {
    setError(null);
    setBusy(true);
    try {
      await api<LinkageResult>("POST", `/linkage-rounds/${id}/linkage`);
      await load();
      await onChanged();
      requestAnimationFrame(() => document.getElementById("dn-diagnostics-heading")?.focus());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!round)
    return (
      <section className="samen-section">
        <ErrorAlert error={error} />
        {!error && <Loading />}
      </section>
    );
  const enough = round.submissions.length >= 2;
  return (
    <section className="samen-section samen-dn-round" aria-labelledby="dn-round-heading">
      <Heading2 id="dn-round-heading" ref={heading} tabIndex={-1}>
        {t("darknumber.linkage.roundTitle", { name: round.name })}
      </Heading2>
      <dl className="samen-dn-figures">
        <div>
          <dt>{t("darknumber.linkage.status")}</dt>
          <dd>{t(`darknumber.linkage.statuses.${round.status}`)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.linkage.threshold")}</dt>
          <dd>{f.num(round.threshold, 2)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.linkage.solver")}</dt>
          <dd>{t(`darknumber.solver.${round.solver}.label`)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.linkage.createdAt")}</dt>
          <dd>{f.dateTime(round.createdAt)}</dd>
        </div>
        {round.linkedAt && (
          <div>
            <dt>{t("darknumber.linkage.linkedAt")}</dt>
            <dd>{f.dateTime(round.linkedAt)}</dd>
          </div>
        )}
      </dl>
      <ErrorAlert error={error} />

      <Heading3>{t("darknumber.linkage.submissions")}</Heading3>
      {round.submissions.length === 0 ? (
        <Paragraph>{t("darknumber.linkage.noSubmissions")}</Paragraph>
      ) : (
        <ScrollTable label={t("darknumber.linkage.submissions")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("darknumber.linkage.organisation")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.linkage.listName")}</TableHeaderCell>
                <TableHeaderCell scope="col" className="samen-dn-number">
                  {t("darknumber.linkage.records")}
                </TableHeaderCell>
                <TableHeaderCell scope="col">{t("darknumber.linkage.submittedAt")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {round.submissions.map((s) => (
                <TableRow key={s.listName}>
                  <TableCell>{s.organisationName}</TableCell>
                  <TableCell>{s.listName}</TableCell>
                  <TableCell className="samen-dn-number">{f.int(s.recordCount)}</TableCell>
                  <TableCell>{f.dateTime(s.submittedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}

      {round.status === "open" && (
        <div className="samen-dn-actions">
          <Paragraph id="dn-link-help">
            {enough ? t("darknumber.linkage.linkHelp") : t("darknumber.linkage.needTwo")}
          </Paragraph>
          <Button
            appearance="primary-action-button"
            onClick={() => void link()}
            disabled={!enough || busy}
            aria-describedby="dn-link-help"
          >
            {t("darknumber.linkage.link")}
          </Button>
          <Button appearance="secondary-action-button" onClick={() => void load()}>
            {t("darknumber.linkage.refresh")}
          </Button>
          {busy && <Paragraph role="status">{t("darknumber.linkage.linking")}</Paragraph>}
        </div>
      )}

      {round.result && <LinkageResultView round={round} result={round.result} />}
    </section>
  );
}

function LinkageResultView({ round, result }: { round: RoundDetails; result: LinkageResult }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const d = result.diagnostics;
  const table = result.display;
  return (
    <>
      <Heading3 id="dn-diagnostics-heading" tabIndex={-1}>
        {t("darknumber.linkage.diagnostics")}
      </Heading3>
      <dl className="samen-dn-figures">
        <div>
          <dt>{t("darknumber.linkage.candidatePairs")}</dt>
          <dd>{f.int(d.candidatePairs)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.linkage.groups")}</dt>
          <dd>{f.int(d.groups)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.linkage.linkedRecords")}</dt>
          <dd>{f.int(d.linkedRecords)}</dd>
        </div>
        <div>
          <dt>{t("darknumber.linkage.personsObserved")}</dt>
          <dd>{f.int(d.personsObserved)}</dd>
        </div>
      </dl>
      <Paragraph className="samen-dn-note">{t("darknumber.linkage.diagnosticsHelp")}</Paragraph>
      <div className="samen-dn-columns">
        <Table>
          <TableCaption className="samen-dn-caption">{t("darknumber.linkage.recordsPerList")}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("darknumber.linkage.listName")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.linkage.records")}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {d.lists.map((l) => (
              <TableRow key={l.listName}>
                <TableCell>{l.listName}</TableCell>
                <TableCell className="samen-dn-number">{f.int(l.records)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <SimilarityTable
          bins={d.similarity}
          threshold={round.threshold}
          caption={t("darknumber.linkage.similarity")}
        />
      </div>

      <Heading3>{t("darknumber.linkage.histories")}</Heading3>
      <Paragraph>{t("darknumber.linkage.historiesHelp")}</Paragraph>
      <Alert type="info">
        <Paragraph>
          {t("darknumber.linkage.suppression", { minimum: table.minimum, cells: table.suppressedCells })}
        </Paragraph>
      </Alert>
      <ScrollTable label={t("darknumber.linkage.histories")}>
        <Table>
          <TableHeader>
            <TableRow>
              {table.parties.map((p) => (
                <TableHeaderCell key={p} scope="col">
                  {p}
                </TableHeaderCell>
              ))}
              {table.covariates.length > 0 && (
                <TableHeaderCell scope="col">
                  {t("darknumber.linkage.stratum", { names: table.covariates.join(" | ") })}
                </TableHeaderCell>
              )}
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.linkage.count")}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {table.rows.map((row) => (
              <TableRow
                key={`${row.pattern.join("")}-${row.stratum ?? ""}`}
                className={row.suppressed ? "samen-dn-suppressed" : undefined}
              >
                {row.pattern.map((v, i) => (
                  <TableCell key={table.parties[i]}>{v ? t("common.yes") : t("common.no")}</TableCell>
                ))}
                {table.covariates.length > 0 && (
                  <TableCell>{row.stratum?.split("|").join(" | ") ?? "—"}</TableCell>
                )}
                <TableCell className="samen-dn-number">
                  {row.shown}
                  {row.suppressed && (
                    <VisuallyHidden> ({t("darknumber.linkage.suppressedCell")})</VisuallyHidden>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollTable>
      {result.warnings.length > 0 && (
        <Alert type="warning">
          <ul className="samen-dn-warnings">
            {result.warnings.map((w) => (
              <li key={w}>
                {w.includes(" / ") ? localise(w, i18n.language) : <EnglishText>{w}</EnglishText>}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <ButtonLink
        appearance="primary-action-button"
        href={`/schatting?ronde=${round.id}`}
        onClick={(event: MouseEvent<HTMLAnchorElement>) => {
          event.preventDefault();
          navigate(`/schatting?ronde=${round.id}`);
        }}
      >
        {t("darknumber.linkage.estimate")}
      </ButtonLink>
    </>
  );
}
