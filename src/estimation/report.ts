/**
 * Plain-text report of an estimate, for the CLI without --json. Pure formatting: the
 * caller writes the returned string.
 */

import type { CandidateModel, EstimateResult } from "./estimation.schema";

const METHOD_LABEL: Record<EstimateResult["method"], string> = {
  main: "main effects only (independence of lists)",
  pairs: "all two-list interactions",
  fixed: "fixed hierarchical model",
  stepwise: "stepwise selection with Poisson p-values (SparseMSE)",
  bic: "lowest BIC over all hierarchical models (MultipleSystemsEstimation)",
  "aic-stepwise": "forward AIC selection with Wald stopping rule (Silverman 2014, UK Home Office)",
};

const CI_LABEL: Record<NonNullable<EstimateResult["ci"]>["kind"], string> = {
  lognormal: "log-normal interval on the dark figure, conditional on the model",
  profile: "profile-likelihood interval, conditional on the model",
  bca: "BCa bootstrap interval repeating the model selection",
};

/** Formats a population size: whole numbers with thousands separators, small ones with one decimal. */
export function formatCount(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "—";
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString("en-GB");
  return x.toFixed(1);
}

function formatP(p: number): string {
  if (p === 0) return "0";
  if (p < 1e-4) return p.toExponential(1);
  return p.toFixed(4);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

function padLeft(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}

function criterionText(m: CandidateModel): string {
  if (m.criterion.value === null) return m.criterion.name === "none" ? "" : "—";
  if (m.criterion.name === "p-value") return `p = ${formatP(m.criterion.value)}`;
  return `${m.criterion.name} ${m.criterion.value.toFixed(3)}`;
}

function modelTable(result: EstimateResult, limit: number): string[] {
  const lines: string[] = [];
  const shown = result.models.slice(0, limit);
  if (shown.length === 0) return lines;
  const width = Math.max(12, ...shown.map((m) => m.model.length)) + 2;
  lines.push(`  ${pad("model", width)}${pad("criterion", 18)}${padLeft("estimate", 12)}  status`);
  for (const m of shown) {
    const status = m.status === "ok" ? (m.selected ? "selected" : "") : m.status;
    lines.push(
      `  ${pad(m.model, width)}${pad(criterionText(m), 18)}${padLeft(formatCount(m.estimate), 12)}  ${status}`,
    );
  }
  const more = result.modelsTotal - shown.length;
  if (more > 0) lines.push(`  … ${more} more model(s) (${result.modelsAdmissible} admissible in total)`);
  return lines;
}

function intervalText(result: EstimateResult): string {
  const ci = result.ci;
  if (!ci) return "no interval";
  const upper = ci.upper === null ? "(not found)" : formatCount(ci.upper);
  return `${formatCount(ci.lower)} – ${upper}`;
}

function estimateLines(result: EstimateResult): string[] {
  const lines: string[] = [];
  if (result.refusal || result.estimate === null) {
    lines.push(`No estimate: ${result.refusal?.message ?? "not available"}`);
    return lines;
  }
  const dark = result.darkFigure !== null ? ` (estimated dark figure ${formatCount(result.darkFigure)})` : "";
  lines.push(`Estimated population size: ${formatCount(result.estimate)}${dark}`);
  if (result.ci) {
    const pct = `${Math.round(result.ci.level * 1000) / 10}%`;
    let how = CI_LABEL[result.ci.kind];
    if (result.ci.kind === "bca" && result.bootstrap) {
      how += `; ${result.bootstrap.nboot} replicates, seed ${result.bootstrap.seed}`;
    }
    lines.push(`${pct} interval: ${intervalText(result)}  [${how}]`);
  }
  if (result.ci?.kind === "profile" && result.poissonEstimate !== null) {
    lines.push(
      `(point estimate is the multinomial MLE; Poisson estimate ${formatCount(result.poissonEstimate)})`,
    );
  }
  return lines;
}

/** The full text report. */
export function formatReport(result: EstimateResult, options: { models?: number } = {}): string {
  const limit = options.models ?? 15;
  const out: string[] = [];
  out.push("Multiple-systems estimate of the population size (dark number)");
  out.push("");
  out.push(`Lists (${result.lists.length}): ${result.lists.join(", ")}`);
  for (const d of result.droppedLists) {
    out.push(`  left out: ${d.name} (${d.reason}${d.duplicateOf ? ` of ${d.duplicateOf}` : ""})`);
  }
  out.push(`Observed: ${result.observed.toLocaleString("en-GB")} people`);
  out.push(`Method: ${result.method} — ${METHOD_LABEL[result.method]}`);
  if (result.options.pthresh !== undefined) out.push(`p-value threshold: ${result.options.pthresh}`);
  if (result.strata) {
    out.push("");
    out.push("Total over strata (strata estimated separately, treated as independent):");
    out.push(...estimateLines(result).map((l) => `  ${l}`));
    for (const s of result.strata) {
      out.push("");
      out.push(
        `Stratum "${s.stratum}": ${formatCount(s.observed)} observed${s.model ? `, model ${s.model}` : ""}`,
      );
      out.push(...estimateLines(s).map((l) => `  ${l}`));
      for (const w of s.warnings) out.push(`  warning: ${w}`);
    }
  } else {
    if (result.model) {
      const inter =
        result.interactions.length > 0
          ? `  interactions: ${result.interactions.join(", ")}`
          : "  (no interactions)";
      out.push(
        result.refusal ? `Model: ${result.model} (refused)` : `Selected model: ${result.model}${inter}`,
      );
    }
    out.push("");
    out.push(...estimateLines(result));
    if (result.selection && result.selection.length > 0) {
      out.push("");
      out.push("Selection steps:");
      for (const step of result.selection) {
        const extra =
          step.observed !== undefined && step.expected !== undefined
            ? ` (overlap ${step.observed} observed vs ${step.expected.toFixed(2)} expected)`
            : step.aic !== undefined
              ? ` (AIC ${step.aic.toFixed(2)}, Wald p)`
              : "";
        out.push(
          `  ${step.accepted ? "added  " : "stopped"} ${pad(step.term, 14)} p = ${formatP(step.p)}${extra}`,
        );
      }
    }
    if (result.models.length > 0) {
      out.push("");
      out.push(`Models (${result.modelsTotal} considered, ${result.modelsAdmissible} admissible):`);
      out.push(...modelTable(result, limit));
    }
    if (result.bootstrap?.byNtop && result.ci) {
      out.push("");
      out.push("BCa limits by number of top models re-selected (ntop):");
      for (const row of result.bootstrap.byNtop) {
        if (row.ntop <= 5 || row.ntop % 5 === 0 || row.ntop === result.bootstrap.byNtop.length) {
          out.push(
            `  ntop ${padLeft(String(row.ntop), 3)}: ${formatCount(row.lower)} – ${formatCount(row.upper)}`,
          );
        }
      }
    }
  }
  if (result.warnings.length > 0) {
    out.push("");
    out.push("Warnings:");
    for (const w of result.warnings) out.push(`  - ${w}`);
  }
  return `${out.join("\n")}\n`;
}
