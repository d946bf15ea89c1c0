/**
 * A small dense two-phase simplex solver for
 *
 *     maximise c'x  subject to  A x = b,  x >= 0      (b >= 0)
 *
 * It exists for the Fienberg–Rinaldo existence test, whose linear programmes have at
 * most a few dozen equality rows and up to 2^t columns. Pivoting uses Dantzig's rule
 * and falls back to Bland's rule after a run of degenerate pivots, which guarantees
 * termination (the test LPs are highly degenerate: many cells have zero counts).
 * Redundant equality rows (rank-deficient designs) are detected at the end of phase 1
 * and left out of phase 2.
 *
 * The tableau keeps its reduced-cost row up to date through the pivots. Buffers are
 * reused between calls because model searches solve tens of thousands of these LPs.
 */

export type LpProblem = {
  /** Number of equality rows. */
  m: number;
  /** Number of variables. */
  n: number;
  /** Constraint matrix, row-major m x n. */
  a: Float64Array;
  /** Right-hand side, length m, all entries >= 0. */
  b: Float64Array;
  /** Objective coefficients (maximised), length n. */
  c: Float64Array;
};

export type LpResult =
  | { status: "optimal"; objective: number; x: Float64Array }
  | { status: "infeasible" }
  | { status: "unbounded" };

const PIVOT_EPS = 1e-10;

let tableauBuffer = new Float64Array(0);

/** Solves the LP; see the module comment for the problem form. */
export function solveLp(problem: LpProblem): LpResult {
  const { m, n } = problem;
  const width = n + m + 1; // structural columns, one artificial per row, right-hand side
  const rows = m + 1; // constraint rows, then the reduced-cost row
  if (tableauBuffer.length < rows * width) tableauBuffer = new Float64Array(rows * width * 2);
  const t = tableauBuffer.subarray(0, rows * width);
  t.fill(0);
  const rhsCol = width - 1;
  let scaleB = 1;
  for (let i = 0; i < m; i++) {
    const bi = problem.b[i]!;
    if (bi < 0) throw new Error("solveLp: b must be non-negative");
    scaleB = Math.max(scaleB, bi);
    const row = i * width;
    for (let j = 0; j < n; j++) t[row + j] = problem.a[i * n + j]!;
    t[row + n + i] = 1;
    t[row + rhsCol] = bi;
  }
  const basis = new Int32Array(m);
  for (let i = 0; i < m; i++) basis[i] = n + i;
  const active = new Uint8Array(m).fill(1);
  const feasTol = 1e-9 * scaleB;
  const obj = m * width;

  // Phase 1: maximise −Σ artificials. Reduced cost of column j is Σ_i a_ij (entering
  // improves when it is positive); stored as d_j in the objective row, with the current
  // objective value −Σ b in the right-hand-side column.
  for (let i = 0; i < m; i++) {
    const row = i * width;
    for (let j = 0; j < n; j++) t[obj + j] = t[obj + j]! + t[row + j]!;
    t[obj + rhsCol] = t[obj + rhsCol]! - t[row + rhsCol]!;
  }
  const phase1 = runSimplex(t, basis, active, m, width, n + m);
  if (phase1 === "unbounded") return { status: "infeasible" };
  let artificialSum = 0;
  for (let i = 0; i < m; i++) if (basis[i]! >= n) artificialSum += t[i * width + rhsCol]!;
  if (artificialSum > feasTol) return { status: "infeasible" };

  // Drive artificial variables (at level zero) out of the basis; rows where that is
  // impossible are linear combinations of the others and are deactivated.
  for (let i = 0; i < m; i++) {
    if (basis[i]! < n) continue;
    let entering = -1;
    let bestAbs = PIVOT_EPS;
    const row = i * width;
    for (let j = 0; j < n; j++) {
      const v = Math.abs(t[row + j]!);
      if (v > bestAbs) {
        bestAbs = v;
        entering = j;
      }
    }
    if (entering < 0) {
      active[i] = 0;
      continue;
    }
    pivot(t, basis, rows, width, i, entering);
  }

  // Phase 2 objective row: d_j = c_j − c_B' B^{-1} a_j for structural columns.
  for (let j = 0; j < width; j++) t[obj + j] = 0;
  for (let j = 0; j < n; j++) t[obj + j] = problem.c[j]!;
  for (let i = 0; i < m; i++) {
    if (!active[i]) continue;
    const bj = basis[i]!;
    const cb = bj < n ? problem.c[bj]! : 0;
    if (cb === 0) continue;
    const row = i * width;
    for (let j = 0; j < width; j++) t[obj + j] = t[obj + j]! - cb * t[row + j]!;
  }
  const phase2 = runSimplex(t, basis, active, m, width, n);
  if (phase2 === "unbounded") return { status: "unbounded" };
  const x = new Float64Array(n);
  let objective = 0;
  for (let i = 0; i < m; i++) {
    const j = basis[i]!;
    if (j < n && active[i]) {
      const v = t[i * width + rhsCol]!;
      x[j] = v;
      objective += problem.c[j]! * v;
    }
  }
  return { status: "optimal", objective, x };
}

function runSimplex(
  t: Float64Array,
  basis: Int32Array,
  active: Uint8Array,
  m: number,
  width: number,
  allowed: number,
): "optimal" | "unbounded" {
  const rhsCol = width - 1;
  const obj = m * width;
  const maxIter = 50 * (m + width) + 1000;
  let degenerateRun = 0;
  let costScale = 1;
  for (let j = 0; j < allowed; j++) costScale = Math.max(costScale, Math.abs(t[obj + j]!));
  const dEps = 1e-11 * costScale;
  for (let iter = 0; iter < maxIter; iter++) {
    const useBland = degenerateRun > 20;
    let entering = -1;
    let bestD = dEps;
    for (let j = 0; j < allowed; j++) {
      const d = t[obj + j]!;
      if (d > dEps) {
        if (useBland) {
          entering = j;
          break;
        }
        if (d > bestD) {
          bestD = d;
          entering = j;
        }
      }
    }
    if (entering < 0) return "optimal";
    // Ratio test; ties broken by the smallest basic variable index (Bland).
    let leaving = -1;
    let bestRatio = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      if (!active[i]) continue;
      const v = t[i * width + entering]!;
      if (v <= PIVOT_EPS) continue;
      const ratio = t[i * width + rhsCol]! / v;
      const tieTol = 1e-12 * Math.max(1, ratio);
      if (
        leaving < 0 ||
        ratio < bestRatio - tieTol ||
        (Math.abs(ratio - bestRatio) <= tieTol && basis[i]! < basis[leaving]!)
      ) {
        bestRatio = ratio;
        leaving = i;
      }
    }
    if (leaving < 0) return "unbounded";
    degenerateRun = bestRatio <= 1e-12 ? degenerateRun + 1 : 0;
    pivot(t, basis, m + 1, width, leaving, entering);
  }
  throw new Error("solveLp: iteration limit reached");
}

/** Gauss–Jordan pivot on (row, col), including the objective row (the last row). */
function pivot(
  t: Float64Array,
  basis: Int32Array,
  rows: number,
  width: number,
  row: number,
  col: number,
): void {
  const r = row * width;
  const p = t[r + col]!;
  const inv = 1 / p;
  for (let j = 0; j < width; j++) t[r + j] = t[r + j]! * inv;
  t[r + col] = 1;
  const rhsCol = width - 1;
  for (let i = 0; i < rows; i++) {
    if (i === row) continue;
    const ri = i * width;
    const f = t[ri + col]!;
    if (f === 0) continue;
    for (let j = 0; j < width; j++) t[ri + j] = t[ri + j]! - f * t[r + j]!;
    t[ri + col] = 0;
    if (i < rows - 1) {
      const v = t[ri + rhsCol]!;
      if (v < 0 && v > -1e-9) t[ri + rhsCol] = 0;
    }
  }
  basis[row] = col;
}
