/**
 * @module linkage/solve
 * Turning candidate pairs into groups of records that refer to the same person.
 *
 * - {@link greedySolve} reproduces anonlink 0.15.3's `greedy_solve` (native and Python agree): walk the
 *   candidates in order; two groups merge only when *every* cross pair between them has been seen as a
 *   candidate (merge threshold 1.0). For two parties this is "accept a pair if neither record is matched
 *   yet". Its generalisation `probabilisticGreedySolve` takes anonlink's merge threshold and
 *   deduplication flag.
 * - {@link transitiveSolve} is the looser multi-party rule: walk the candidates in order and join the two
 *   records' groups (transitively) unless the joined group would hold two records of the same party —
 *   the conflict rule — in which case the pair is skipped. For two parties it gives the same groups as
 *   greedySolve.
 *
 * Groups are returned canonically: records sorted inside a group, groups sorted; singletons omitted.
 */

import type { CandidatePairs } from "./dice";
import { LinkageError } from "./errors";

/** A record: [party (dataset) index, row index]. */
export type RecordRef = [number, number];
export type Group = RecordRef[];

function compareRecords(a: RecordRef, b: RecordRef): number {
  return a[0] - b[0] || a[1] - b[1];
}

function compareGroups(a: Group, b: Group): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareRecords(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Sort records inside groups and the groups themselves (the order anonlink's files are stored in). */
export function canonicalGroups(groups: readonly Group[]): Group[] {
  return groups
    .map((g) => [...g].map((r) => [r[0], r[1]] as RecordRef).sort(compareRecords))
    .sort(compareGroups);
}

type SolverGroup = { id: number; members: RecordRef[] };

/**
 * anonlink's probabilistic greedy solver (native semantics). With `mergeThreshold` 1 and
 * `deduplicated` false it is `greedy_solve`.
 */
export function probabilisticGreedySolve({
  candidates,
  mergeThreshold = 0.5,
  deduplicated = true,
}: {
  candidates: CandidatePairs;
  mergeThreshold?: number;
  deduplicated?: boolean;
}): Group[] {
  if (!(mergeThreshold >= 0 && mergeThreshold <= 1)) {
    throw new LinkageError("ARGUMENT_INVALID", "merge threshold must be between 0 and 1");
  }
  const groupOf = new Map<number, SolverGroup>();
  const edges = new Map<number, Map<number, number>>();
  let nextId = 0;
  const key = (d: number, r: number) => d * 0x100000000 + r;

  const increment = (a: SolverGroup, b: SolverGroup): number => {
    const bump = (x: number, y: number) => {
      let column = edges.get(x);
      if (!column) {
        column = new Map();
        edges.set(x, column);
      }
      const value = (column.get(y) ?? 0) + 1;
      column.set(y, value);
      return value;
    };
    const count = bump(a.id, b.id);
    bump(b.id, a.id);
    return count;
  };

  const mergeEdges = (absorber: SolverGroup, absorbee: SolverGroup) => {
    const absorberColumn = edges.get(absorber.id) ?? new Map<number, number>();
    edges.set(absorber.id, absorberColumn);
    const absorbeeColumn = edges.get(absorbee.id) ?? new Map<number, number>();
    absorberColumn.delete(absorbee.id);
    absorbeeColumn.delete(absorber.id);
    for (const [other, count] of absorbeeColumn) {
      absorberColumn.set(other, (absorberColumn.get(other) ?? 0) + count);
      const otherColumn = edges.get(other)!;
      otherColumn.set(absorber.id, (otherColumn.get(absorber.id) ?? 0) + count);
      otherColumn.delete(absorbee.id);
    }
    edges.delete(absorbee.id);
    if (absorberColumn.size === 0) edges.delete(absorber.id);
  };

  const noDuplicates = (a: RecordRef[], b: RecordRef[]) => a.every((x) => b.every((y) => x[0] !== y[0]));

  const n = candidates.sims.length;
  for (let i = 0; i < n; i++) {
    const i0: RecordRef = [candidates.dset0[i]!, candidates.rec0[i]!];
    const i1: RecordRef = [candidates.dset1[i]!, candidates.rec1[i]!];
    if (i0[0] === i1[0] && i0[1] === i1[1]) continue;
    const g0 = groupOf.get(key(i0[0], i0[1]));
    const g1 = groupOf.get(key(i1[0], i1[1]));
    if (g0 && g1) {
      if (g0 === g1) continue;
      const overlap = increment(g0, g1);
      if (overlap >= mergeThreshold * g0.members.length * g1.members.length) {
        if (!deduplicated || noDuplicates(g0.members, g1.members)) {
          const [absorber, absorbee] = g0.members.length < g1.members.length ? [g1, g0] : [g0, g1];
          absorber.members.push(...absorbee.members);
          for (const r of absorbee.members) groupOf.set(key(r[0], r[1]), absorber);
          mergeEdges(absorber, absorbee);
        }
      }
      continue;
    }
    if (g0 || g1) {
      const group = (g0 ?? g1)!;
      const record = g0 ? i1 : i0;
      if (1.0 >= mergeThreshold * group.members.length) {
        if (!deduplicated || noDuplicates(group.members, [record])) {
          group.members.push(record);
          groupOf.set(key(record[0], record[1]), group);
        }
      } else {
        const single: SolverGroup = { id: nextId++, members: [record] };
        groupOf.set(key(record[0], record[1]), single);
        increment(group, single);
      }
      continue;
    }
    if (!deduplicated || i0[0] !== i1[0]) {
      const group: SolverGroup = { id: nextId++, members: [i0, i1] };
      groupOf.set(key(i0[0], i0[1]), group);
      groupOf.set(key(i1[0], i1[1]), group);
    }
  }
  const unique = new Set(groupOf.values());
  return canonicalGroups([...unique].filter((g) => g.members.length > 1).map((g) => g.members));
}

/** Whether every candidate joins the same two (different) datasets. */
function singleDatasetPair(candidates: CandidatePairs): boolean {
  const n = candidates.sims.length;
  if (n === 0) return true;
  const d0 = candidates.dset0[0]!;
  const d1 = candidates.dset1[0]!;
  if (d0 === d1) return false;
  for (let i = 1; i < n; i++) if (candidates.dset0[i] !== d0 || candidates.dset1[i] !== d1) return false;
  return true;
}

/**
 * anonlink's `greedy_solve`: merge threshold 1.0, not deduplicated. Between two datasets no group can
 * grow beyond a pair (a merge would need a candidate between two records of one dataset), so it reduces
 * to "accept a pair when neither record is matched yet", which is computed directly.
 */
export function greedySolve(candidates: CandidatePairs): Group[] {
  if (!singleDatasetPair(candidates)) {
    return probabilisticGreedySolve({ candidates, mergeThreshold: 1.0, deduplicated: false });
  }
  const n = candidates.sims.length;
  let max0 = 0;
  let max1 = 0;
  for (let i = 0; i < n; i++) {
    max0 = Math.max(max0, candidates.rec0[i]!);
    max1 = Math.max(max1, candidates.rec1[i]!);
  }
  const used0 = new Uint8Array(max0 + 1);
  const used1 = new Uint8Array(max1 + 1);
  const groups: Group[] = [];
  for (let i = 0; i < n; i++) {
    const r0 = candidates.rec0[i]!;
    const r1 = candidates.rec1[i]!;
    if (used0[r0] || used1[r1]) continue;
    used0[r0] = 1;
    used1[r1] = 1;
    groups.push([
      [candidates.dset0[i]!, r0],
      [candidates.dset1[i]!, r1],
    ]);
  }
  return canonicalGroups(groups);
}

/**
 * Greedy transitive grouping with the one-record-per-party conflict rule: candidates are taken in
 * order (best first); a pair joins its two records' groups unless the result would contain two records
 * of one party.
 */
export function transitiveSolve(candidates: CandidatePairs): Group[] {
  const parent = new Map<number, number>();
  const members = new Map<number, RecordRef[]>();
  const parties = new Map<number, Set<number>>();
  const key = (d: number, r: number) => d * 0x100000000 + r;
  const find = (x: number): number => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const ensure = (d: number, r: number): number => {
    const k = key(d, r);
    if (!parent.has(k)) {
      parent.set(k, k);
      members.set(k, [[d, r]]);
      parties.set(k, new Set([d]));
    }
    return k;
  };
  for (let i = 0; i < candidates.sims.length; i++) {
    const a = find(ensure(candidates.dset0[i]!, candidates.rec0[i]!));
    const b = find(ensure(candidates.dset1[i]!, candidates.rec1[i]!));
    if (a === b) continue;
    const pa = parties.get(a)!;
    const pb = parties.get(b)!;
    let conflict = false;
    for (const p of pb) {
      if (pa.has(p)) {
        conflict = true;
        break;
      }
    }
    if (conflict) continue;
    const [big, small] = members.get(a)!.length >= members.get(b)!.length ? [a, b] : [b, a];
    parent.set(small, big);
    members.get(big)!.push(...members.get(small)!);
    for (const p of parties.get(small)!) parties.get(big)!.add(p);
    members.delete(small);
    parties.delete(small);
  }
  return canonicalGroups([...members.values()].filter((g) => g.length > 1));
}

export type Solver = "greedy" | "transitive";

/** Solve with the named method. */
export function solve(candidates: CandidatePairs, solver: Solver = "greedy"): Group[] {
  return solver === "greedy" ? greedySolve(candidates) : transitiveSolve(candidates);
}
