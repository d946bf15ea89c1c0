/**
 * Small dense linear algebra for the estimators: matrices are row-major Float64Arrays.
 *
 * The systems are tiny (at most a few dozen parameters) but can be badly scaled, because
 * fitted cell means in sparse capture tables range over many orders of magnitude. The
 * symmetric solvers therefore equilibrate (scale to unit diagonal) and use diagonal
 * pivoting, so that an ill-conditioned or singular information matrix is detected rather
 * than silently producing garbage. Factorisations write into a reusable workspace
 * because model searches perform hundreds of thousands of them.
 */

export type SpdFactor = {
  /** Dimension. */
  n: number;
  /** Numerical rank found during factorisation. */
  rank: number;
  /** Pivot order: row/column perm[k] of the original matrix is eliminated at step k. */
  perm: Int32Array;
  /** Lower-triangular factor of the scaled, permuted matrix (row-major n x n). */
  l: Float64Array;
  /** Diagonal scaling: the factorised matrix is D^{-1/2} A D^{-1/2} with d[i] = A[i][i]. */
  scale: Float64Array;
  /** Scratch vector of length n used by the solvers. */
  tmp: Float64Array;
};

/** Allocates a factor workspace for matrices up to dimension n. */
export function createSpdFactor(n: number): SpdFactor {
  return {
    n,
    rank: 0,
    perm: new Int32Array(n),
    l: new Float64Array(n * n),
    scale: new Float64Array(n),
    tmp: new Float64Array(n),
  };
}

/**
 * Pivoted Cholesky factorisation of a symmetric positive semi-definite matrix after
 * equilibration. Stops when the largest remaining diagonal falls below `tol`
 * (relative to the unit diagonal of the scaled matrix); that step count is the rank.
 * Writes into `out` (allocated when absent, or when too small).
 */
export function choleskyPivoted(a: Float64Array, n: number, tol = 1e-11, out?: SpdFactor): SpdFactor {
  const f = out && out.perm.length >= n ? out : createSpdFactor(n);
  f.n = n;
  const { scale, perm } = f;
  const w = f.l;
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i]!;
    scale[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
  }
  // Only the lower triangle is used (and kept up to date).
  for (let i = 0; i < n; i++) {
    const si = scale[i]!;
    const row = i * n;
    for (let j = 0; j <= i; j++) w[row + j] = a[row + j]! * si * scale[j]!;
    for (let j = i + 1; j < n; j++) w[row + j] = 0;
  }
  for (let i = 0; i < n; i++) perm[i] = i;
  let rank = 0;
  for (let k = 0; k < n; k++) {
    // Choose the largest remaining diagonal element.
    let best = k;
    let bestVal = w[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const v = w[i * n + i]!;
      if (v > bestVal) {
        bestVal = v;
        best = i;
      }
    }
    if (!(bestVal > tol)) break;
    if (best !== k) swapLower(w, n, k, best, perm);
    const pivot = Math.sqrt(w[k * n + k]!);
    w[k * n + k] = pivot;
    const inv = 1 / pivot;
    for (let i = k + 1; i < n; i++) w[i * n + k] = w[i * n + k]! * inv;
    // Right-looking update of the trailing lower triangle.
    for (let i = k + 1; i < n; i++) {
      const lik = w[i * n + k]!;
      if (lik === 0) continue;
      const row = i * n;
      for (let j = k + 1; j <= i; j++) w[row + j] = w[row + j]! - lik * w[j * n + k]!;
    }
    rank++;
  }
  // Columns beyond the rank are not part of the factor.
  for (let i = rank; i < n; i++) for (let j = rank; j <= i; j++) w[i * n + j] = i === j ? 0 : w[i * n + j]!;
  f.rank = rank;
  return f;
}

/**
 * Symmetric interchange of rows/columns a < b of a matrix stored in its lower triangle,
 * together with the already computed part of the factor (LAPACK dpstrf style).
 */
function swapLower(w: Float64Array, n: number, a: number, b: number, perm: Int32Array): void {
  // Columns left of a: swap rows a and b.
  for (let j = 0; j < a; j++) {
    const t = w[a * n + j]!;
    w[a * n + j] = w[b * n + j]!;
    w[b * n + j] = t;
  }
  // Diagonal entries.
  {
    const t = w[a * n + a]!;
    w[a * n + a] = w[b * n + b]!;
    w[b * n + b] = t;
  }
  // Between a and b: element (j, a) of the lower triangle trades with (b, j).
  for (let j = a + 1; j < b; j++) {
    const t = w[j * n + a]!;
    w[j * n + a] = w[b * n + j]!;
    w[b * n + j] = t;
  }
  // Below b: swap columns a and b.
  for (let i = b + 1; i < n; i++) {
    const t = w[i * n + a]!;
    w[i * n + a] = w[i * n + b]!;
    w[i * n + b] = t;
  }
  const t = perm[a]!;
  perm[a] = perm[b]!;
  perm[b] = t;
}

/** Solves A x = b with a full-rank factor from {@link choleskyPivoted}; writes into `x`. */
export function choleskySolve(f: SpdFactor, b: ArrayLike<number>, x?: Float64Array): Float64Array {
  const { n, l, perm, scale } = f;
  const y = f.tmp;
  const out = x ?? new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k]!;
    y[k] = b[i]! * scale[i]!;
  }
  // Forward substitution L z = y.
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    const row = i * n;
    for (let j = 0; j < i; j++) s -= l[row + j]! * y[j]!;
    y[i] = s / l[row + i]!;
  }
  // Back substitution L' x = z.
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let j = i + 1; j < n; j++) s -= l[j * n + i]! * y[j]!;
    y[i] = s / l[i * n + i]!;
  }
  for (let k = 0; k < n; k++) {
    const i = perm[k]!;
    out[i] = y[k]! * scale[i]!;
  }
  return out;
}

/** Inverse of a symmetric positive definite matrix from its full-rank factor. */
export function choleskyInverse(f: SpdFactor): Float64Array {
  const { n } = f;
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolve(f, e, col);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  // Symmetrise against rounding.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (inv[i * n + j]! + inv[j * n + i]!);
      inv[i * n + j] = v;
      inv[j * n + i] = v;
    }
  }
  return inv;
}

/** Only the (0, 0) element of the inverse, i.e. e0' A^{-1} e0 — all a fitted intercept needs. */
export function choleskyInverseFirst(f: SpdFactor): number {
  const e = new Float64Array(f.n);
  e[0] = 1;
  const col = choleskySolve(f, e);
  return col[0]!;
}

/**
 * Numerical column rank of an m x n matrix by Householder QR with column pivoting.
 * A column is negligible once its remaining norm is below `tol` times its original
 * norm, the criterion of LINPACK's dqrdc2 that R's `qr()` uses (tol = 1e-7).
 */
export function columnRank(x: Float64Array, m: number, n: number, tol = 1e-7): number {
  const a = Float64Array.from(x);
  const original = new Float64Array(n);
  const cols = new Int32Array(n);
  const v = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += a[i * n + j]! ** 2;
    original[j] = Math.sqrt(s);
    cols[j] = j;
  }
  let rank = 0;
  const steps = Math.min(m, n);
  for (let k = 0; k < steps; k++) {
    // Pivot: the column with the largest remaining relative norm.
    let best = -1;
    let bestRatio = 0;
    let bestNorm = 0;
    for (let j = k; j < n; j++) {
      const c = cols[j]!;
      const orig = original[c]!;
      if (orig === 0) continue;
      let s = 0;
      for (let i = k; i < m; i++) s += a[i * n + c]! ** 2;
      const norm = Math.sqrt(s);
      const ratio = norm / orig;
      if (ratio > bestRatio) {
        bestRatio = ratio;
        bestNorm = norm;
        best = j;
      }
    }
    if (best < 0 || bestRatio < tol) break;
    const tmp = cols[k]!;
    cols[k] = cols[best]!;
    cols[best] = tmp;
    const c = cols[k]!;
    // Householder reflection zeroing column c below row k.
    const sign = a[k * n + c]! >= 0 ? 1 : -1;
    v[0] = a[k * n + c]! + sign * bestNorm;
    for (let i = k + 1; i < m; i++) v[i - k] = a[i * n + c]!;
    let vnorm2 = 0;
    for (let i = 0; i < m - k; i++) vnorm2 += v[i]! ** 2;
    rank++;
    if (vnorm2 === 0) continue;
    for (let jj = k; jj < n; jj++) {
      const cc = cols[jj]!;
      let dot = 0;
      for (let i = k; i < m; i++) dot += v[i - k]! * a[i * n + cc]!;
      const f = (2 * dot) / vnorm2;
      if (f === 0) continue;
      for (let i = k; i < m; i++) a[i * n + cc] = a[i * n + cc]! - f * v[i - k]!;
    }
  }
  return rank;
}
