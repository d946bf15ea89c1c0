/**
 * @module darknumber.components
 * Building blocks of the dark-number pages (estimation and linkage): the API's shapes as the
 * browser sees them, number formats in the user's language, and two small accessible charts —
 * interval bars per stratum and a similarity histogram — each with a text alternative beside it.
 * The form fields, table frame and screen-reader text they use live in `src/web/form.tsx`.
 */
import {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { VisuallyHidden } from "../web/form";

// ------------------------------------------------------------------------------------------------
// API shapes (as presented by src/darknumber/darknumber.routes.ts)
// ------------------------------------------------------------------------------------------------

export type Round = {
  id: string;
  name: string;
  threshold: number;
  solver: "greedy" | "transitive";
  status: "open" | "linked";
  createdAt: string;
  linkedAt: string | null;
};

export type Submission = {
  organisationName: string;
  listName: string;
  recordCount: number;
  submittedAt: string;
};

/** A capture-history row as it may be shown: `shown` is the count or "<10"; nothing else is read. */
export type DisplayRow = { pattern: number[]; stratum: string | null; shown: string; suppressed: boolean };

export type LinkageResult = {
  diagnostics: {
    lists: { listName: string; records: number }[];
    candidatePairs: number;
    groups: number;
    linkedRecords: number;
    personsObserved: number;
    similarity: { from: number; count: number }[];
  };
  display: {
    parties: string[];
    covariates: string[];
    minimum: number;
    rows: DisplayRow[];
    suppressedCells: number;
  };
  warnings: string[];
};

export type RoundDetails = Round & { submissions: Submission[]; result: LinkageResult | null };

// ------------------------------------------------------------------------------------------------
// Formats
// ------------------------------------------------------------------------------------------------

/** Numbers, percentages and times in the user's language (nl-NL or en-GB). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith("en") ? "en-GB" : "nl-NL";
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return {
    locale,
    /** A count or an estimate of people: whole numbers with thousands separators. */
    int: (n: number | null | undefined) =>
      n === null || n === undefined ? "—" : whole.format(Math.round(n)),
    /** A statistic with a fixed number of decimals. */
    num: (n: number | null | undefined, digits = 2) =>
      n === null || n === undefined
        ? "—"
        : new Intl.NumberFormat(locale, {
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
          }).format(n),
    /** p-values: tiny ones in scientific notation, so 7e-11 does not read as 0. */
    p: (n: number | null | undefined) => {
      if (n === null || n === undefined) return "—";
      if (n !== 0 && n < 0.001) return n.toExponential(1).replace(".", locale === "nl-NL" ? "," : ".");
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(n);
    },
    percent: (level: number) => new Intl.NumberFormat(locale, { style: "percent" }).format(level),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
  };
}

/** Parses a number typed by a Dutch or English user ("0,02" or "0.02"); undefined when empty or not a number. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "" || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** Reads a chosen file as UTF-8 text. */
export function readFileText(file: File): Promise<string> {
  return file.text();
}

// ------------------------------------------------------------------------------------------------
// Text
// ------------------------------------------------------------------------------------------------

/**
 * Library messages (warnings, technical reasons) are written in English; marking them keeps a
 * Dutch screen reader from reading English words with Dutch pronunciation.
 */
export function EnglishText({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <span lang={i18n.language.startsWith("en") ? undefined : "en"}>{children}</span>;
}

// ------------------------------------------------------------------------------------------------
// Charts
// ------------------------------------------------------------------------------------------------

/** A round axis step (1, 2 or 5 × 10^k) giving about `target` ticks up to `max`. */
export function niceStep(max: number, target = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const factor = raw / power;
  return (factor <= 1 ? 1 : factor <= 2 ? 2 : factor <= 5 ? 5 : 10) * power;
}

export type IntervalRow = {
  label: string;
  observed: number;
  estimate: number | null;
  lower: number | null;
  upper: number | null;
};

/**
 * Estimates with their interval bars, one row per stratum, drawn from zero so that sizes compare
 * honestly. The SVG is one image with a summary label; the table beside it carries every number.
 * Colours: dark blue marks and black text on white (well above 3:1 for graphics).
 */
export function IntervalPlot({
  rows,
  title,
  summary,
}: {
  rows: IntervalRow[];
  title: string;
  summary: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const labelWidth = 150;
  const width = 640;
  const rowHeight = 36;
  const top = 36;
  const plotRight = width - 24;
  const height = top + rows.length * rowHeight + 40;
  const max = Math.max(
    1,
    ...rows.map((r) => Math.max(r.observed, r.upper ?? r.estimate ?? 0, r.estimate ?? 0)),
  );
  const step = niceStep(max);
  const axisMax = Math.ceil((max * 1.02) / step) * step;
  const x = (v: number) => labelWidth + ((plotRight - labelWidth) * v) / axisMax;
  const ticks = Array.from({ length: Math.round(axisMax / step) + 1 }, (_, i) => i * step);
  const axisY = top + rows.length * rowHeight + 4;
  return (
    <svg
      role="img"
      aria-label={`${title}. ${summary}`}
      viewBox={`0 0 ${width} ${height}`}
      className="samen-dn-plot"
      focusable="false"
    >
      <title>{`${title}. ${summary}`}</title>
      <g>
        {/* legend */}
        <circle cx={labelWidth + 8} cy={14} r={6} fill="#154273" />
        <text x={labelWidth + 20} y={18} className="samen-dn-plot__text">
          {t("darknumber.plot.estimate")}
        </text>
        <line x1={labelWidth + 150} y1={14} x2={labelWidth + 180} y2={14} stroke="#154273" strokeWidth={3} />
        <text x={labelWidth + 186} y={18} className="samen-dn-plot__text">
          {t("darknumber.plot.interval")}
        </text>
        <rect
          x={labelWidth + 320}
          y={8}
          width={12}
          height={12}
          fill="#ffffff"
          stroke="#1a1a1a"
          strokeWidth={2}
        />
        <text x={labelWidth + 338} y={18} className="samen-dn-plot__text">
          {t("darknumber.plot.observed")}
        </text>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} y1={top - 4} x2={x(tick)} y2={axisY} stroke="#c4c4c4" strokeWidth={1} />
            <text x={x(tick)} y={axisY + 18} textAnchor="middle" className="samen-dn-plot__text">
              {f.int(tick)}
            </text>
          </g>
        ))}
        <line x1={labelWidth} y1={axisY} x2={plotRight} y2={axisY} stroke="#4a4a4a" strokeWidth={1} />
        {rows.map((r, i) => {
          const cy = top + i * rowHeight + rowHeight / 2;
          const open = r.estimate !== null && r.upper === null;
          return (
            <g key={r.label}>
              <text x={labelWidth - 10} y={cy + 5} textAnchor="end" className="samen-dn-plot__text">
                {r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label}
              </text>
              {r.lower !== null && (
                <>
                  <line
                    x1={x(r.lower)}
                    y1={cy}
                    x2={open ? plotRight : x(r.upper!)}
                    y2={cy}
                    stroke="#154273"
                    strokeWidth={3}
                  />
                  <line
                    x1={x(r.lower)}
                    y1={cy - 8}
                    x2={x(r.lower)}
                    y2={cy + 8}
                    stroke="#154273"
                    strokeWidth={3}
                  />
                  {!open && (
                    <line
                      x1={x(r.upper!)}
                      y1={cy - 8}
                      x2={x(r.upper!)}
                      y2={cy + 8}
                      stroke="#154273"
                      strokeWidth={3}
                    />
                  )}
                </>
              )}
              <rect
                x={x(r.observed) - 6}
                y={cy - 6}
                width={12}
                height={12}
                fill="#ffffff"
                stroke="#1a1a1a"
                strokeWidth={2}
              />
              {r.estimate !== null ? (
                <circle cx={x(r.estimate)} cy={cy} r={7} fill="#154273" />
              ) : (
                <text x={x(r.observed) + 14} y={cy + 5} className="samen-dn-plot__text">
                  {t("darknumber.plot.noEstimate")}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/**
 * The similarity of candidate pairs as a bar chart in a table: the numbers are the table, the bars
 * only show their relative size (hidden from screen readers).
 */
export function SimilarityTable({
  bins,
  threshold,
  caption,
}: {
  bins: { from: number; count: number }[];
  threshold: number;
  caption: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const max = Math.max(1, ...bins.map((b) => b.count));
  return (
    <Table className="samen-dn-histogram">
      <TableCaption className="samen-dn-caption">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{t("darknumber.linkage.similarityRange")}</TableHeaderCell>
          <TableHeaderCell scope="col" className="samen-dn-number">
            {t("darknumber.linkage.pairs")}
          </TableHeaderCell>
          <TableHeaderCell scope="col">
            <VisuallyHidden>{t("darknumber.linkage.bar")}</VisuallyHidden>
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {bins.map((b) => {
          const to = Math.min(1, b.from + 0.1);
          const holdsThreshold = threshold >= b.from - 1e-9 && threshold < b.from + 0.1 - 1e-9;
          return (
            <TableRow key={b.from}>
              <TableCell>
                {f.num(b.from, 1)}–{f.num(to, 1)}
                {holdsThreshold && (
                  <span className="samen-dn-note">
                    {" "}
                    ({t("darknumber.linkage.thresholdInBin", { threshold: f.num(threshold, 2) })})
                  </span>
                )}
              </TableCell>
              <TableCell className="samen-dn-number">{f.int(b.count)}</TableCell>
              <TableCell className="samen-dn-bar-cell" aria-hidden="true">
                <span className="samen-dn-bar" style={{ inlineSize: `${(100 * b.count) / max}%` }} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
