/**
 * @module estimation-result
 * Shows one estimate in plain words first (how many people, how sure, how many no list saw), then
 * what a statistician checks: the chosen model, the candidate models and why some were refused,
 * the goodness of fit, the selection steps, warnings — and for a stratified run a table and an
 * interval plot per stratum. The estimator's own messages are English; they are shown as such,
 * after a plain explanation in the user's language.
 */
import {
  Alert,
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { gammaQ } from "../estimation/distributions";
import type { EstimateResult, StratumEstimate } from "../estimation/estimation.schema";
import { ScrollTable, SelectField } from "../web/form";
import { EnglishText, IntervalPlot, useFormat } from "./darknumber.components";

type Estimate = EstimateResult | StratumEstimate;
type HeadingLevel = 2 | 3 | 4 | 5;

const REFUSAL_CODES = [
  "MLE_DOES_NOT_EXIST",
  "NOT_IDENTIFIABLE",
  "NO_ADMISSIBLE_MODEL",
  "METHOD_NOT_AVAILABLE",
  "TOO_FEW_LISTS",
  "NO_OBSERVATIONS",
  "FIT_FAILED",
  "STRATUM_NOT_ESTIMABLE",
];

/** The plain-language reason for a refusal code (technical detail follows separately). */
export function useRefusalText() {
  const { t } = useTranslation();
  return (code: string) =>
    REFUSAL_CODES.includes(code) ? t(`darknumber.refusal.${code}`) : t("darknumber.refusal.other", { code });
}

/** "1 = LA, 2 = NG, …": the model notation numbers the lists. */
function listLegend(lists: readonly string[]): string {
  return lists.map((name, i) => `${i + 1} = ${name}`).join(", ");
}

/** The whole result: headline, figures, strata, models, fit, warnings. */
export function EstimateView({ result, level = 3 }: { result: EstimateResult; level?: HeadingLevel }) {
  const { t } = useTranslation();
  const strata = result.strata ?? [];
  return (
    <div className="samen-dn-result">
      <Headline result={result} />
      <Refusal estimate={result} />
      <Figures estimate={result} />
      {strata.length > 0 && <Strata result={result} level={level} />}
      {strata.length === 0 && <Details estimate={result} level={level} />}
      {strata.length > 0 && result.warnings.length > 0 && (
        <Warnings warnings={result.warnings} level={level} title={t("darknumber.result.warningsTotal")} />
      )}
    </div>
  );
}

function Headline({ result }: { result: Estimate }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (result.estimate === null) return null;
  const ci = result.ci;
  return (
    <Paragraph className="samen-dn-headline">
      {ci
        ? t("darknumber.result.headline", {
            estimate: f.int(result.estimate),
            level: f.percent(ci.level),
            lower: f.int(ci.lower),
            upper: ci.upper === null ? t("darknumber.result.openUpper") : f.int(ci.upper),
            dark: f.int(result.darkFigure),
            observed: f.int(result.observed),
          })
        : t("darknumber.result.headlineNoCi", {
            estimate: f.int(result.estimate),
            dark: f.int(result.darkFigure),
            observed: f.int(result.observed),
          })}
    </Paragraph>
  );
}

function Refusal({ estimate }: { estimate: Estimate }) {
  const { t } = useTranslation();
  const explain = useRefusalText();
  if (!estimate.refusal) return null;
  return (
    <Alert type="warning">
      <Paragraph>
        <strong>{t("darknumber.result.refused")}</strong> {explain(estimate.refusal.code)}
      </Paragraph>
      <Paragraph className="samen-dn-technical">
        {t("darknumber.result.technical")} <EnglishText>{estimate.refusal.message}</EnglishText>
      </Paragraph>
    </Alert>
  );
}

function intervalText(
  ci: Estimate["ci"],
  f: ReturnType<typeof useFormat>,
  t: (key: string, options?: Record<string, unknown>) => string,
): string {
  if (!ci) return "—";
  const upper = ci.upper === null ? t("darknumber.result.openUpper") : f.int(ci.upper);
  return `${f.int(ci.lower)} – ${upper}`;
}

function Figures({ estimate }: { estimate: Estimate }) {
  const { t } = useTranslation();
  const f = useFormat();
  const ci = estimate.ci;
  return (
    <dl className="samen-dn-figures">
      <div>
        <dt>{t("darknumber.result.observed")}</dt>
        <dd>{f.int(estimate.observed)}</dd>
      </div>
      <div>
        <dt>{t("darknumber.result.estimate")}</dt>
        <dd>{f.int(estimate.estimate)}</dd>
      </div>
      <div>
        <dt>
          {ci
            ? t("darknumber.result.interval", {
                level: f.percent(ci.level),
                kind: t(`darknumber.ci.${ci.kind}.label`),
              })
            : t("darknumber.result.intervalNone")}
        </dt>
        <dd>{intervalText(ci, f, t)}</dd>
      </div>
      <div>
        <dt>{t("darknumber.result.darkFigure")}</dt>
        <dd>{f.int(estimate.darkFigure)}</dd>
      </div>
      <div className="samen-dn-figures__wide">
        <dt>{t("darknumber.result.lists")}</dt>
        <dd>{listLegend(estimate.lists)}</dd>
      </div>
      {estimate.droppedLists.length > 0 && (
        <div className="samen-dn-figures__wide">
          <dt>{t("darknumber.result.droppedLists")}</dt>
          <dd>
            {estimate.droppedLists
              .map((d) =>
                t(`darknumber.result.dropped.${d.reason}`, { name: d.name, other: d.duplicateOf ?? "" }),
              )
              .join("; ")}
          </dd>
        </div>
      )}
      {estimate.model && (
        <div className="samen-dn-figures__wide">
          <dt>{estimate.refusal ? t("darknumber.result.modelTried") : t("darknumber.result.model")}</dt>
          <dd>
            <code>{estimate.model}</code>
            {!estimate.refusal && (
              <span className="samen-dn-note">
                {" "}
                {estimate.interactions.length > 0
                  ? t("darknumber.result.interactions", { terms: estimate.interactions.join(", ") })
                  : t("darknumber.result.mainOnly")}
              </span>
            )}
          </dd>
        </div>
      )}
      {estimate.standardError !== null && (
        <div>
          <dt>{t("darknumber.result.standardError")}</dt>
          <dd>{f.num(estimate.standardError, 1)}</dd>
        </div>
      )}
    </dl>
  );
}

/** Candidate models, selection steps, fit, bootstrap and warnings of one (unstratified) estimate. */
function Details({ estimate, level }: { estimate: Estimate; level: HeadingLevel }) {
  return (
    <>
      <Models estimate={estimate} level={level} />
      <Selection estimate={estimate} level={level} />
      <Fit estimate={estimate} level={level} />
      <Warnings warnings={estimate.warnings} level={level} />
    </>
  );
}

const VISIBLE_MODELS = 10;

function Models({ estimate, level }: { estimate: Estimate; level: HeadingLevel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [all, setAll] = useState(false);
  if (estimate.models.length === 0) return null;
  const shown = all ? estimate.models : estimate.models.slice(0, VISIBLE_MODELS);
  const criterionValue = (name: string, value: number | null) =>
    value === null ? "—" : name === "p-value" ? f.p(value) : f.num(value, 1);
  return (
    <section className="samen-section">
      <Heading level={level}>{t("darknumber.result.models")}</Heading>
      <Paragraph>
        {t("darknumber.result.modelsIntro", {
          listed: f.int(estimate.models.length),
          total: f.int(estimate.modelsTotal),
          admissible: f.int(estimate.modelsAdmissible),
        })}{" "}
        {t("darknumber.result.modelNotation", { legend: listLegend(estimate.lists) })}
      </Paragraph>
      <ScrollTable label={t("darknumber.result.models")}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("darknumber.result.modelColumn")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("darknumber.result.criterion")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.result.estimate")}
              </TableHeaderCell>
              <TableHeaderCell scope="col">{t("darknumber.result.status")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {shown.map((m) => (
              <TableRow key={m.model} className={m.selected ? "samen-dn-selected" : undefined}>
                <TableCell>
                  <code>{m.model}</code>
                  {m.selected && <strong className="samen-dn-tag"> {t("darknumber.result.selected")}</strong>}
                </TableCell>
                <TableCell>
                  {m.criterion.name === "none"
                    ? "—"
                    : `${m.criterion.name === "p-value" ? t("darknumber.result.pValue") : m.criterion.name} ${criterionValue(m.criterion.name, m.criterion.value)}`}
                </TableCell>
                <TableCell className="samen-dn-number">{f.int(m.estimate)}</TableCell>
                <TableCell>
                  {t(`darknumber.status.${m.status}`)}
                  {m.reason && (
                    <span className="samen-dn-reason">
                      <EnglishText>{m.reason}</EnglishText>
                    </span>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollTable>
      {estimate.models.length > VISIBLE_MODELS && (
        <Button appearance="secondary-action-button" onClick={() => setAll(!all)} aria-expanded={all}>
          {all
            ? t("darknumber.result.fewerModels")
            : t("darknumber.result.allModels", { n: estimate.models.length })}
        </Button>
      )}
    </section>
  );
}

function Selection({ estimate, level }: { estimate: Estimate; level: HeadingLevel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const steps = estimate.selection ?? [];
  if (steps.length === 0) return null;
  const aic = steps.some((s) => s.aic !== undefined);
  return (
    <section className="samen-section">
      <Heading level={level}>{t("darknumber.result.selection")}</Heading>
      <Paragraph>{t(aic ? "darknumber.result.selectionAic" : "darknumber.result.selectionIntro")}</Paragraph>
      <ScrollTable label={t("darknumber.result.selection")}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("darknumber.result.term")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.result.pValue")}
              </TableHeaderCell>
              {aic ? (
                <TableHeaderCell scope="col" className="samen-dn-number">
                  AIC
                </TableHeaderCell>
              ) : (
                <>
                  <TableHeaderCell scope="col" className="samen-dn-number">
                    {t("darknumber.result.overlapObserved")}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col" className="samen-dn-number">
                    {t("darknumber.result.overlapExpected")}
                  </TableHeaderCell>
                </>
              )}
              <TableHeaderCell scope="col">{t("darknumber.result.accepted")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.result.estimateAfter")}
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are an ordered, immutable history.
              <TableRow key={i}>
                <TableCell>{s.term}</TableCell>
                <TableCell className="samen-dn-number">{f.p(s.p)}</TableCell>
                {aic ? (
                  <TableCell className="samen-dn-number">{f.num(s.aic, 1)}</TableCell>
                ) : (
                  <>
                    <TableCell className="samen-dn-number">{f.num(s.observed, 0)}</TableCell>
                    <TableCell className="samen-dn-number">{f.num(s.expected, 1)}</TableCell>
                  </>
                )}
                <TableCell>{s.accepted ? t("common.yes") : t("common.no")}</TableCell>
                <TableCell className="samen-dn-number">{f.int(s.estimate)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollTable>
    </section>
  );
}

function Fit({ estimate, level }: { estimate: Estimate; level: HeadingLevel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fit = estimate.fit;
  const boot = estimate.bootstrap;
  if (!fit && !boot) return null;
  // Deviance against χ² with df degrees of freedom: a small p says the model misses structure.
  const p = fit && fit.df > 0 ? gammaQ(fit.df / 2, fit.deviance / 2) : null;
  return (
    <section className="samen-section">
      <Heading level={level}>{t("darknumber.result.diagnostics")}</Heading>
      <dl className="samen-dn-figures">
        {fit && (
          <>
            <div>
              <dt>{t("darknumber.result.deviance")}</dt>
              <dd>{f.num(fit.deviance, 2)}</dd>
            </div>
            <div>
              <dt>{t("darknumber.result.df")}</dt>
              <dd>{fit.df}</dd>
            </div>
            <div>
              <dt>{t("darknumber.result.goodnessOfFit")}</dt>
              <dd>{p === null ? "—" : `p = ${f.p(p)}`}</dd>
            </div>
            <div>
              <dt>AIC</dt>
              <dd>{f.num(fit.aic, 1)}</dd>
            </div>
            <div>
              <dt>BIC</dt>
              <dd>{f.num(fit.bic, 1)}</dd>
            </div>
            <div>
              <dt>{t("darknumber.result.parameters")}</dt>
              <dd>{fit.parameters}</dd>
            </div>
            {fit.emptyOverlaps.length > 0 && (
              <div className="samen-dn-figures__wide">
                <dt>{t("darknumber.result.emptyOverlaps")}</dt>
                <dd>{fit.emptyOverlaps.join(", ")}</dd>
              </div>
            )}
          </>
        )}
        {boot && (
          <div className="samen-dn-figures__wide">
            <dt>{t("darknumber.result.bootstrap")}</dt>
            <dd>
              {t("darknumber.result.bootstrapText", {
                nboot: f.int(boot.nboot),
                seed: boot.seed,
                failed: f.int(boot.failed),
              })}
            </dd>
          </div>
        )}
      </dl>
      {p !== null && (
        <Paragraph>{p < 0.05 ? t("darknumber.result.fitPoor") : t("darknumber.result.fitFine")}</Paragraph>
      )}
    </section>
  );
}

function Warnings({ warnings, level, title }: { warnings: string[]; level: HeadingLevel; title?: string }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <section className="samen-section">
      <Heading level={level}>{title ?? t("darknumber.result.warnings")}</Heading>
      <ul className="samen-dn-warnings">
        {warnings.map((w) => (
          <li key={w}>
            <EnglishText>{w}</EnglishText>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Strata({ result, level }: { result: EstimateResult; level: HeadingLevel }) {
  const { t } = useTranslation();
  const f = useFormat();
  const explain = useRefusalText();
  const strata = result.strata ?? [];
  const [chosen, setChosen] = useState(strata[0]?.stratum ?? "");
  const selectId = useId();
  // A new result may have other strata than the one chosen before.
  const detail = strata.find((s) => s.stratum === chosen) ?? strata[0];
  const summary = strata
    .map((s) =>
      s.estimate === null
        ? t("darknumber.plot.rowRefused", { stratum: s.stratum, observed: f.int(s.observed) })
        : t("darknumber.plot.row", {
            stratum: s.stratum,
            estimate: f.int(s.estimate),
            interval: intervalText(s.ci, f, t),
            observed: f.int(s.observed),
          }),
    )
    .join("; ");
  const deeper = Math.min(5, level + 1) as HeadingLevel;
  return (
    <section className="samen-section">
      <Heading level={level}>{t("darknumber.result.strata")}</Heading>
      <Paragraph>{t("darknumber.result.strataIntro")}</Paragraph>
      <figure className="samen-dn-figure">
        <IntervalPlot
          title={t("darknumber.plot.title")}
          summary={summary}
          rows={strata.map((s) => ({
            label: s.stratum,
            observed: s.observed,
            estimate: s.estimate,
            lower: s.ci?.lower ?? null,
            upper: s.ci ? s.ci.upper : null,
          }))}
        />
        <figcaption className="samen-dn-note">{t("darknumber.plot.caption")}</figcaption>
      </figure>
      <ScrollTable label={t("darknumber.result.strataTable")}>
        <Table>
          <TableCaption className="samen-dn-caption">{t("darknumber.result.strataTable")}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("darknumber.result.stratum")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.result.observed")}
              </TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.result.estimate")}
              </TableHeaderCell>
              <TableHeaderCell scope="col">{t("darknumber.result.intervalShort")}</TableHeaderCell>
              <TableHeaderCell scope="col" className="samen-dn-number">
                {t("darknumber.result.darkFigure")}
              </TableHeaderCell>
              <TableHeaderCell scope="col">{t("darknumber.result.modelColumn")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {strata.map((s) => (
              <TableRow key={s.stratum}>
                <TableHeaderCell scope="row">{s.stratum}</TableHeaderCell>
                <TableCell className="samen-dn-number">{f.int(s.observed)}</TableCell>
                <TableCell className="samen-dn-number">{f.int(s.estimate)}</TableCell>
                <TableCell>{intervalText(s.ci, f, t)}</TableCell>
                <TableCell className="samen-dn-number">{f.int(s.darkFigure)}</TableCell>
                <TableCell>
                  {s.model ? <code>{s.model}</code> : "—"}
                  {s.refusal && <span className="samen-dn-reason">{explain(s.refusal.code)}</span>}
                </TableCell>
              </TableRow>
            ))}
            <TableRow className="samen-dn-total">
              <TableHeaderCell scope="row">{t("darknumber.result.total")}</TableHeaderCell>
              <TableCell className="samen-dn-number">{f.int(result.observed)}</TableCell>
              <TableCell className="samen-dn-number">{f.int(result.estimate)}</TableCell>
              <TableCell>{intervalText(result.ci, f, t)}</TableCell>
              <TableCell className="samen-dn-number">{f.int(result.darkFigure)}</TableCell>
              <TableCell>—</TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </ScrollTable>
      {strata.length > 0 && (
        <div className="samen-dn-stratum-detail">
          <SelectField
            id={selectId}
            label={t("darknumber.result.stratumDetail")}
            value={detail?.stratum ?? ""}
            onChange={setChosen}
            options={strata.map((s) => ({ value: s.stratum, label: s.stratum }))}
          />
          {detail && (
            <>
              <Refusal estimate={detail} />
              <Details estimate={detail} level={deeper} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
