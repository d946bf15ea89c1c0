/**
 * Bayesian model averaging over decomposable graphical models (Madigan & York 1997), as
 * in HRDAG's R package dga (`bma.cr`): a hyper-Dirichlet prior with parameter δ per cell
 * of the full 2^p table, the closed-form marginal likelihood of a decomposable graph
 * (product over cliques divided by product over separators), the prior 1/N on the
 * population size, and equal prior weight for every graph. The posterior is computed on
 * a user-supplied grid of values for the number missed.
 *
 * Supported for 3 to 5 lists, like dga (8, 61 and 822 decomposable graphs). This is a
 * library function for sensitivity analyses; the CLI methods are the log-linear ones.
 */

import { type CaptureTable, popcount } from "./capture-table";
import { logGamma } from "./distributions";
import { EstimationError } from "./errors";

export type DecomposableGraph = {
  /** Edges as bit masks of vertex pairs. */
  edges: number[];
  /** Cliques and (non-empty) separators as bit masks of lists. */
  cliques: number[];
  separators: number[];
};

function neighbours(p: number, edges: number[]): number[] {
  const nb = new Array<number>(p).fill(0);
  for (const e of edges) {
    const i = Math.log2(e & -e);
    const j = Math.log2(e ^ (e & -e));
    nb[i] = nb[i]! | (1 << j);
    nb[j] = nb[j]! | (1 << i);
  }
  return nb;
}

/**
 * Cliques and separators of a chordal graph from maximum cardinality search (Tarjan &
 * Yannakakis 1984), or null if the graph is not chordal. Separators are the
 * intersections of each new clique with the earlier ones (empty ones are dropped: they
 * contribute nothing to the marginal likelihood).
 */
export function junctionTree(p: number, edges: number[]): { cliques: number[]; separators: number[] } | null {
  const nb = neighbours(p, edges);
  const order: number[] = [];
  const weight = new Array<number>(p).fill(0);
  let numbered = 0;
  for (let step = 0; step < p; step++) {
    let best = -1;
    for (let v = 0; v < p; v++) {
      if ((numbered >> v) & 1) continue;
      if (best < 0 || weight[v]! > weight[best]!) best = v;
    }
    order.push(best);
    numbered |= 1 << best;
    for (let v = 0; v < p; v++)
      if (!((numbered >> v) & 1) && (nb[best]! >> v) & 1) weight[v] = weight[v]! + 1;
  }
  // In MCS order, each vertex's earlier neighbours must form a clique (perfect ordering).
  const cliques: number[] = [];
  const separators: number[] = [];
  let seen = 0;
  let previousBlock = -1;
  for (const v of order) {
    const earlier = nb[v]! & seen;
    for (let a = 0; a < p; a++) {
      if (!((earlier >> a) & 1)) continue;
      if ((nb[a]! & earlier) !== (earlier & ~(1 << a))) return null;
    }
    const candidate = earlier | (1 << v);
    // A vertex whose earlier neighbourhood is the whole previous clique extends it.
    if (previousBlock >= 0 && earlier === cliques[previousBlock]) {
      cliques[previousBlock] = candidate;
    } else {
      cliques.push(candidate);
      previousBlock = cliques.length - 1;
      if (earlier !== 0) separators.push(earlier);
    }
    seen |= 1 << v;
  }
  // Remove cliques contained in others (possible when an extension made an earlier one redundant).
  const maximal = cliques.filter(
    (c, i) => !cliques.some((d, j) => j !== i && (c & d) === c && (c !== d || j < i)),
  );
  return { cliques: maximal, separators };
}

/** All decomposable graphs on p vertices (8, 61, 822 for p = 3, 4, 5). */
export function decomposableGraphs(p: number): DecomposableGraph[] {
  const pairs: number[] = [];
  for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) pairs.push((1 << i) | (1 << j));
  const out: DecomposableGraph[] = [];
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const edges = pairs.filter((_, k) => (mask >> k) & 1);
    const jt = junctionTree(p, edges);
    if (jt) out.push({ edges, ...jt });
  }
  return out;
}

export type DgaOptions = {
  /** Grid of values for the number missed (the dark figure). */
  missing: readonly number[];
  /** Hyper-Dirichlet parameter per cell (dga suggests 2^-p). */
  delta: number;
  /** log prior of the population size N (default −log N, dga's default). */
  logPrior?: (N: number) => number;
  /** Keep the joint posterior of (graph, grid point); memory graphs × grid. */
  keepWeights?: boolean;
};

export type DgaPosterior = {
  graphs: DecomposableGraph[];
  /** Population sizes N = n + missing[i]. */
  N: Float64Array;
  /** Posterior probability of each grid point (summed over graphs). */
  posterior: Float64Array;
  /** Posterior probability of each graph (summed over the grid). */
  graphProbabilities: Float64Array;
  /** weights[g][i]: joint posterior of graph g and grid point i (only with keepWeights). */
  weights?: Float64Array[];
};

/** dga's `bma.cr` posterior for a capture table with 3–5 lists. */
export function dgaPosterior(table: CaptureTable, options: DgaOptions): DgaPosterior {
  const p = table.lists.length;
  if (p < 3 || p > 5) {
    throw new EstimationError("METHOD_NOT_AVAILABLE", `dga supports 3 to 5 lists (this table has ${p}).`);
  }
  const n = table.n;
  const size = 1 << p;
  const graphs = decomposableGraphs(p);
  const G = graphs.length;
  const grid = options.missing;
  const logPrior = options.logPrior ?? ((N: number) => -Math.log(N));
  let sumLogFactY = 0;
  for (let w = 1; w < size; w++) sumLogFactY += logGamma(table.counts[w]! + 1);

  // Margins: for a set C of lists, the C-margin at pattern c ⊆ C counts the people whose
  // lists restricted to C equal c (c = 0 collects those on none of C's lists).
  // Component log marginal likelihoods (dga's CompLogML): only the cell holding the
  // missing people depends on the grid point, so the rest is computed once.
  const staticPart = new Float64Array(size);
  const zeroCell = new Float64Array(size);
  const deltaOf = new Float64Array(size);
  for (let set = 1; set < size; set++) {
    const m = new Float64Array(size);
    for (let w = 1; w < size; w++) m[w & set] = m[w & set]! + table.counts[w]!;
    const k = popcount(set);
    const d = options.delta * 2 ** (p - k);
    let sum = -(2 ** k) * logGamma(d);
    for (let c = set; c > 0; c = (c - 1) & set) sum += logGamma(m[c]! + d);
    staticPart[set] = sum;
    zeroCell[set] = m[0]!;
    deltaOf[set] = d;
  }
  // Flattened graph structure: +1 for cliques, −1 for separators.
  const termStart = new Int32Array(G + 1);
  const termSet: number[] = [];
  const termSign: number[] = [];
  const components = new Float64Array(G);
  graphs.forEach((g, gi) => {
    termStart[gi] = termSet.length;
    for (const c of g.cliques) {
      termSet.push(c);
      termSign.push(1);
    }
    for (const sep of g.separators) {
      termSet.push(sep);
      termSign.push(-1);
    }
    components[gi] = g.cliques.length - g.separators.length;
  });
  termStart[G] = termSet.length;
  const sets = Int32Array.from(termSet);
  const signs = Float64Array.from(termSign);

  const N = new Float64Array(grid.length);
  const posterior = new Float64Array(grid.length);
  const graphProbabilities = new Float64Array(G);
  const weights = options.keepWeights ? graphs.map(() => new Float64Array(grid.length)) : undefined;
  const logW = new Float64Array(G);
  const comp = new Float64Array(size);
  // Running maximum of the log weights; accumulators are rescaled when it increases.
  let maxLog = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < grid.length; i++) {
    const missing = grid[i]!;
    const total = n + missing;
    N[i] = total;
    for (let set = 1; set < size; set++) {
      comp[set] = staticPart[set]! + logGamma(missing + zeroCell[set]! + deltaOf[set]!);
    }
    const denominator = logGamma(size * options.delta) - logGamma(total + size * options.delta);
    const common = logGamma(total + 1) - sumLogFactY - logGamma(missing + 1) + logPrior(total);
    let rowMax = Number.NEGATIVE_INFINITY;
    for (let gi = 0; gi < G; gi++) {
      let sum = components[gi]! * denominator + common;
      for (let k = termStart[gi]!; k < termStart[gi + 1]!; k++) sum += signs[k]! * comp[sets[k]!]!;
      logW[gi] = sum;
      if (sum > rowMax) rowMax = sum;
    }
    if (rowMax > maxLog) {
      if (Number.isFinite(maxLog)) {
        const f = Math.exp(maxLog - rowMax);
        for (let j = 0; j < i; j++) posterior[j] = posterior[j]! * f;
        for (let gi = 0; gi < G; gi++) graphProbabilities[gi] = graphProbabilities[gi]! * f;
        if (weights) for (const row of weights) for (let j = 0; j < i; j++) row[j] = row[j]! * f;
      }
      maxLog = rowMax;
    }
    let rowSum = 0;
    for (let gi = 0; gi < G; gi++) {
      const v = Math.exp(logW[gi]! - maxLog);
      rowSum += v;
      graphProbabilities[gi] = graphProbabilities[gi]! + v;
      if (weights) weights[gi]![i] = v;
    }
    posterior[i] = rowSum;
  }
  let total = 0;
  for (let i = 0; i < posterior.length; i++) total += posterior[i]!;
  for (let i = 0; i < posterior.length; i++) posterior[i] = posterior[i]! / total;
  for (let gi = 0; gi < G; gi++) graphProbabilities[gi] = graphProbabilities[gi]! / total;
  if (weights) for (const row of weights) for (let j = 0; j < row.length; j++) row[j] = row[j]! / total;
  return { graphs, N, posterior, graphProbabilities, ...(weights ? { weights } : {}) };
}

/**
 * Quantiles as modslavmse's `make_madyor_table`: linear interpolation of N against the
 * cumulative posterior (R's `approx(cumsum(post), N, xout = probs)`).
 */
export function interpolatedQuantiles(
  N: ArrayLike<number>,
  posterior: ArrayLike<number>,
  probs: readonly number[],
): number[] {
  const cum: number[] = [];
  let s = 0;
  for (let i = 0; i < posterior.length; i++) {
    s += posterior[i]!;
    cum.push(s);
  }
  return probs.map((q) => {
    if (q <= cum[0]!) return q < cum[0]! ? Number.NaN : N[0]!;
    for (let i = 1; i < cum.length; i++) {
      if (cum[i]! >= q) {
        const f = (q - cum[i - 1]!) / (cum[i]! - cum[i - 1]!);
        return N[i - 1]! + f * (N[i]! - N[i - 1]!);
      }
    }
    return Number.NaN;
  });
}

/** Smallest grid value whose cumulative posterior reaches each probability. */
export function discreteQuantiles(
  N: ArrayLike<number>,
  posterior: ArrayLike<number>,
  probs: readonly number[],
): number[] {
  return probs.map((q) => {
    let s = 0;
    for (let i = 0; i < posterior.length; i++) {
      s += posterior[i]!;
      if (s >= q) return N[i]!;
    }
    return N[N.length - 1]!;
  });
}

/** Posterior mean of N. */
export function posteriorMean(N: ArrayLike<number>, posterior: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < posterior.length; i++) s += N[i]! * posterior[i]!;
  return s;
}
