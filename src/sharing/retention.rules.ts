/**
 * @module retention.rules
 * How long each category of personal data is kept, per record state, and which data are due for
 * removal. Pure: the job (retention.service) applies the plan, and the dry run shows the same plan.
 *
 * The periods are a proposal to be confirmed by the privacy officer (AVG art. 5 lid 1 sub e: no
 * longer than necessary). They follow the logic of the chain: after a case is closed, the most
 * sensitive data (health, sex life) go first; contact and whereabouts soon after; identity and
 * residence status last, as long as a returning victim or a late criminal case may still need
 * them. Records that stay open without any activity are cleaned up as well.
 */
import type { DataCategory } from "./data-categories";

export type RecordState = "active" | "closed";

export type RetentionPolicy = {
  category: DataCategory;
  state: RecordState;
  /** Days after closure (closed records) or after the last activity (active records). */
  afterDays: number;
};

const IDENTIFYING: DataCategory[] = [
  "identity",
  "contact",
  "location",
  "health",
  "sexual_life",
  "criminal",
  "residence_status",
];

export const RETENTION_POLICIES: readonly RetentionPolicy[] = [
  { category: "health", state: "closed", afterDays: 365 },
  { category: "sexual_life", state: "closed", afterDays: 365 },
  { category: "criminal", state: "closed", afterDays: 365 },
  { category: "contact", state: "closed", afterDays: 365 },
  { category: "location", state: "closed", afterDays: 365 },
  { category: "identity", state: "closed", afterDays: 730 },
  { category: "residence_status", state: "closed", afterDays: 730 },
  ...IDENTIFYING.map((category) => ({ category, state: "active" as const, afterDays: 5 * 365 })),
];

export type RetentionSubject = {
  id: string;
  pseudonym: string;
  state: RecordState;
  closedAt: Date | null;
  lastActivityAt: Date;
  /** Categories that still hold data for this record. */
  present: ReadonlySet<DataCategory>;
};

export type RetentionItem = {
  id: string;
  pseudonym: string;
  /** Categories whose data are removed now. */
  categories: DataCategory[];
  /** True when nothing identifying remains afterwards: only a non-identifying tombstone is kept. */
  tombstone: boolean;
};

const DAY = 86_400_000;

/** The retention plan at `now`: exactly what the job will remove. */
export function retentionPlan(
  subjects: readonly RetentionSubject[],
  now: Date,
  policies: readonly RetentionPolicy[] = RETENTION_POLICIES,
): RetentionItem[] {
  const items: RetentionItem[] = [];
  for (const s of subjects) {
    const since = s.state === "closed" ? (s.closedAt ?? s.lastActivityAt) : s.lastActivityAt;
    const due = policies
      .filter((p) => p.state === s.state && s.present.has(p.category))
      .filter((p) => now.getTime() - since.getTime() >= p.afterDays * DAY)
      .map((p) => p.category);
    if (due.length === 0) continue;
    const remaining = [...s.present].filter((c) => IDENTIFYING.includes(c) && !due.includes(c));
    items.push({
      id: s.id,
      pseudonym: s.pseudonym,
      categories: [...new Set(due)].sort(),
      tombstone: remaining.length === 0,
    });
  }
  return items;
}
