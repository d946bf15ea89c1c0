/**
 * Hierarchical log-linear models over t lists.
 *
 * A model is the set of its terms θ (bit masks of lists), always containing the
 * intercept (θ = 0) and, because it is hierarchical, every subset of every term.
 * Models are written as in MultipleSystemsEstimation: the maximal terms ("roots") as
 * digit strings of 1-based list positions, highest order first, e.g. `[12,23]` or
 * `[45,1,2,3,6,7,8]`. With ten lists, where a digit is ambiguous, the positions
 * inside a term are separated by colons (`[1:10,2:3,4,…]`). Terms may also be given
 * by list name, colon-separated (`[LA:NG,PF:NCA]`).
 */

import { popcount } from "./capture-table";
import { EstimationError } from "./errors";

/** A model: term bit masks in increasing numeric order, starting with the intercept 0. */
export type Model = readonly number[];

/** Sorted, de-duplicated copy of a term list that always contains the intercept. */
export function normaliseTerms(terms: Iterable<number>): number[] {
  const set = new Set<number>([0, ...terms]);
  return [...set].sort((a, b) => a - b);
}

/** All subsets of the generators, plus every main effect and the intercept. */
export function hierarchicalClosure(generators: Iterable<number>, t: number): number[] {
  const set = new Set<number>([0]);
  for (let i = 0; i < t; i++) set.add(1 << i);
  for (const g of generators) {
    // Enumerate all subsets of g.
    for (let s = g; ; s = (s - 1) & g) {
      set.add(s);
      if (s === 0) break;
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Whether the term set is closed under taking subsets. */
export function isHierarchical(terms: Model): boolean {
  const set = new Set(terms);
  for (const term of terms) {
    for (let bits = term; bits; bits &= bits - 1) {
      const low = bits & -bits;
      if (!set.has(term ^ low)) return false;
    }
  }
  return true;
}

/** The main-effects (independence) model. */
export function mainEffectsModel(t: number): number[] {
  return hierarchicalClosure([], t);
}

/** All two-list interactions as bit masks, in SparseMSE's order (1,2),(1,3),…,(t−1,t). */
export function allPairs(t: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) out.push((1 << i) | (1 << j));
  return out;
}

/** Highest interaction order in the model (1 for main effects only). */
export function modelOrder(terms: Model): number {
  let order = 0;
  for (const term of terms) order = Math.max(order, popcount(term));
  return order;
}

/** Maximal terms of a hierarchical model. */
export function modelRoots(terms: Model): number[] {
  const nonzero = terms.filter((x) => x !== 0);
  return nonzero.filter((a) => !nonzero.some((b) => b !== a && (a & b) === a));
}

function termPositions(term: number): number[] {
  const out: number[] = [];
  for (let i = 0; term >> i; i++) if ((term >> i) & 1) out.push(i + 1);
  return out;
}

/** A term in digit notation ("12"), or colon notation when there are ten lists. */
export function termLabel(term: number, t: number): string {
  const positions = termPositions(term);
  return t <= 9 ? positions.join("") : positions.join(":");
}

/** A term written with list names, "LA:NG". The intercept is "(Intercept)". */
export function termName(term: number, lists: readonly string[]): string {
  if (term === 0) return "(Intercept)";
  return termPositions(term)
    .map((p) => lists[p - 1] ?? String(p))
    .join(":");
}

/**
 * The model as a hierarchy string, ordered as MultipleSystemsEstimation's
 * `convert_to_hierarchy`: by decreasing order, and within an order by the weight
 * Σ 0.5^position, i.e. terms on earlier lists first.
 */
export function formatModel(terms: Model, t: number): string {
  const roots = modelRoots(terms);
  const weight = (term: number) => {
    const positions = termPositions(term);
    return positions.length + positions.reduce((s, p) => s + 0.5 ** p, 0);
  };
  roots.sort((a, b) => weight(b) - weight(a));
  return `[${roots.map((r) => termLabel(r, t)).join(",")}]`;
}

/**
 * Parses a hierarchy string such as `[12,23]`, `[1:10,2]` or `[LA:NG,PF:NCA]` into the
 * generating terms. Main effects missing from the string are added by the caller
 * ({@link hierarchicalClosure}), as every MSE model contains all main effects.
 */
export function parseModel(text: string, lists: readonly string[]): number[] {
  const t = lists.length;
  const trimmed = text.trim();
  const inner = trimmed.replace(/^\[/, "").replace(/\]$/, "").trim();
  if (inner === "") return [];
  const generators: number[] = [];
  for (const rawPart of inner.split(",")) {
    const part = rawPart.trim();
    if (part === "") throw new EstimationError("INVALID_MODEL", `Empty term in model "${text}".`);
    let term = 0;
    const addList = (index: number) => {
      if (index < 0 || index >= t) {
        throw new EstimationError(
          "INVALID_MODEL",
          `Model "${text}" refers to list ${index + 1}, but there are ${t} lists.`,
        );
      }
      term |= 1 << index;
    };
    const byName = (token: string): number => {
      const exact = lists.indexOf(token);
      if (exact >= 0) return exact;
      const lower = lists.findIndex((l) => l.toLowerCase() === token.toLowerCase());
      return lower;
    };
    if (part.includes(":")) {
      for (const tokenRaw of part.split(":")) {
        const token = tokenRaw.trim();
        const named = byName(token);
        if (named >= 0) addList(named);
        else if (/^\d+$/.test(token)) addList(Number.parseInt(token, 10) - 1);
        else throw new EstimationError("INVALID_MODEL", `Unknown list "${token}" in model "${text}".`);
      }
    } else if (/^\d+$/.test(part) && (t <= 9 || part.length === 1)) {
      for (const ch of part) addList(Number.parseInt(ch, 10) - 1);
    } else if (/^\d+$/.test(part)) {
      addList(Number.parseInt(part, 10) - 1);
    } else {
      const named = byName(part);
      if (named < 0) throw new EstimationError("INVALID_MODEL", `Unknown list "${part}" in model "${text}".`);
      addList(named);
    }
    if (popcount(term) >= t) {
      throw new EstimationError(
        "INVALID_MODEL",
        `Model "${text}" contains the ${t}-way interaction, which can never be estimated (one cell is unobserved).`,
      );
    }
    generators.push(term);
  }
  return generators;
}

/**
 * Every hierarchical model containing all main effects whose interactions have order at
 * most `maxOrder` (and below t, since the t-way term is never estimable). This is the
 * model space of MultipleSystemsEstimation's BIC search (its `hiermodels` catalogue).
 */
export function enumerateHierarchicalModels(t: number, maxOrder: number): number[][] {
  const top = Math.min(maxOrder, t - 1);
  const candidates: number[] = [];
  for (let term = 1; term < 1 << t; term++) {
    const k = popcount(term);
    if (k >= 2 && k <= top) candidates.push(term);
  }
  // Order terms by size so that all subsets of a term are decided before it.
  candidates.sort((a, b) => popcount(a) - popcount(b) || a - b);
  const base = mainEffectsModel(t);
  const included = new Set<number>(base);
  const chosen: number[] = [];
  const out: number[][] = [];
  const recurse = (idx: number) => {
    if (idx === candidates.length) {
      out.push(normaliseTerms([...base, ...chosen]));
      return;
    }
    const term = candidates[idx]!;
    // Exclude the term.
    recurse(idx + 1);
    // Include it only if all its immediate subsets are in the model.
    let allowed = true;
    for (let bits = term; bits && allowed; bits &= bits - 1) {
      const low = bits & -bits;
      if (!included.has(term ^ low)) allowed = false;
    }
    if (!allowed) return;
    included.add(term);
    chosen.push(term);
    recurse(idx + 1);
    chosen.pop();
    included.delete(term);
  };
  recurse(0);
  return out;
}
