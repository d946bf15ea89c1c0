/**
 * @module linkage/dice.kernel
 * The inner loop of Dice matching: one filter against many, counting |A ∧ B| with 64-bit popcounts.
 * It is emitted as a tiny WebAssembly module, built byte by byte here (no toolchain), specialised for the
 * filter length: the words of A stay in locals, the popcount sum is a balanced tree so the CPU can overlap
 * the additions. WebAssembly's `i64.popcnt` compiles to the hardware POPCNT instruction, which plain
 * JavaScript cannot reach; the JavaScript kernel below gives the same results and is the reference in tests.
 *
 * Memory layout is the caller's business; the kernel signature is
 * `scan(a, b, n, pops, apop, maxDelta, cmin, out) -> count` with byte offsets into the exported memory:
 * for every j < n with |apop − pops[j]| ≤ maxDelta (unsigned) and c = |A ∧ B_j| ≥ cmin[apop + pops[j]],
 * it writes (j, c) as two u32 at out + 8·count.
 */

const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Store: 0x36,
  i32Const: 0x41,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64And: 0x83,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  i32WrapI64: 0xa7,
} as const;

const I32 = 0x7f;
const I64 = 0x7e;
const EMPTY = 0x40;

function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
}

/** Largest filter the unrolled kernel is built for (in 64-bit words): 32,768 bits. */
export const MAX_KERNEL_WORDS = 512;

/**
 * Word boundaries after which the kernel checks an exact upper bound: the overlap so far plus
 * min(popcount of A's remaining words, popcount of B's remaining words) must still reach the needed
 * overlap. Most non-matching pairs are dropped at half or three quarters of the filter.
 */
export function kernelStages(words: number): [number, number] {
  return [Math.floor(words / 2), Math.floor((3 * words) / 4)];
}

/** Emit the WebAssembly bytes of a kernel for filters of `words` 64-bit words. */
export function buildDiceKernelBytes(words: number): Uint8Array {
  if (!Number.isInteger(words) || words < 1 || words > MAX_KERNEL_WORDS) {
    throw new RangeError(`kernel filter length must be 1..${MAX_KERNEL_WORDS} words`);
  }
  const [half, threeQuarters] = kernelStages(words);
  // Parameters.
  const pA = 0;
  const pB = 1;
  const pN = 2;
  const pPops = 3;
  const pApop = 4;
  const pMaxDelta = 5;
  const pCmin = 6;
  const pOut = 7;
  const pSufHalf = 8; // u32 per B row: popcount of words [half, words)
  const pSufQuarter = 9; // u32 per B row: popcount of words [threeQuarters, words)
  const pASufHalf = 10;
  const pASufQuarter = 11;
  // Locals: j, ptr, bp, d, c, cnt, need (i32), then a_0 … a_{words-1} (i64).
  const lJ = 12;
  const lPtr = 13;
  const lBp = 14;
  const lD = 15;
  const lC = 16;
  const lCnt = 17;
  const lNeed = 18;
  const lA0 = 19;

  const code: number[] = [];
  const emit = (...bytes: number[]) => {
    for (const b of bytes) code.push(b);
  };
  const get = (i: number) => emit(OP.localGet, ...uleb(i));
  const set = (i: number) => emit(OP.localSet, ...uleb(i));
  const tee = (i: number) => emit(OP.localTee, ...uleb(i));
  const i32c = (v: number) => emit(OP.i32Const, ...sleb(v));

  // a_w = load64(a + 8w)
  for (let w = 0; w < words; w++) {
    get(pA);
    emit(OP.i64Load, 3, ...uleb(8 * w));
    set(lA0 + w);
  }
  get(pB);
  set(lPtr);
  emit(OP.block, EMPTY); // $exit
  emit(OP.loop, EMPTY); // $loop
  // if (j >= n) break
  get(lJ);
  get(pN);
  emit(OP.i32GeU, OP.brIf, 1);
  // bp = pops[j]
  get(pPops);
  get(lJ);
  i32c(2);
  emit(OP.i32Shl, OP.i32Add, OP.i32Load, 2, 0);
  set(lBp);
  emit(OP.block, EMPTY); // $skip
  // d = apop - bp; |d| > maxDelta → skip
  get(pApop);
  get(lBp);
  emit(OP.i32Sub);
  set(lD);
  i32c(0);
  get(lD);
  emit(OP.i32Sub);
  get(lD);
  get(lD);
  i32c(0);
  emit(OP.i32LtS, OP.select);
  get(pMaxDelta);
  emit(OP.i32GtU, OP.brIf, 0);
  // need = cmin[apop + bp]
  get(pCmin);
  get(pApop);
  get(lBp);
  emit(OP.i32Add);
  i32c(2);
  emit(OP.i32Shl, OP.i32Add, OP.i32Load, 2, 0);
  set(lNeed);
  // Σ popcnt(a_w & load64(ptr + 8w)) over [lo, hi), as a balanced tree, then wrapped to i32
  const term = (w: number) => {
    get(lA0 + w);
    get(lPtr);
    emit(OP.i64Load, 3, ...uleb(8 * w), OP.i64And, OP.i64Popcnt);
  };
  const sum = (lo: number, hi: number): void => {
    if (hi - lo === 1) {
      term(lo);
      return;
    }
    const mid = (lo + hi) >> 1;
    sum(lo, mid);
    sum(mid, hi);
    emit(OP.i64Add);
  };
  const addRange = (lo: number, hi: number, first: boolean) => {
    if (hi <= lo) return;
    sum(lo, hi);
    emit(OP.i32WrapI64);
    if (!first) {
      get(lC);
      emit(OP.i32Add);
    }
    set(lC);
  };
  // skip when c + min(aSuffix, bSuffix[j]) < need
  const boundCheck = (aSuffix: number, bSuffixes: number) => {
    get(lC);
    get(aSuffix);
    get(bSuffixes);
    get(lJ);
    i32c(2);
    emit(OP.i32Shl, OP.i32Add, OP.i32Load, 2, 0);
    tee(lD);
    get(aSuffix);
    get(lD);
    emit(OP.i32LtU, OP.select, OP.i32Add);
    get(lNeed);
    emit(OP.i32LtU, OP.brIf, 0);
  };
  let done = 0;
  if (half > 0) {
    addRange(0, half, true);
    done = half;
    boundCheck(pASufHalf, pSufHalf);
  }
  if (threeQuarters > done) {
    addRange(done, threeQuarters, done === 0);
    done = threeQuarters;
    boundCheck(pASufQuarter, pSufQuarter);
  }
  addRange(done, words, done === 0);
  // if (c < need) skip
  get(lC);
  get(lNeed);
  emit(OP.i32LtU, OP.brIf, 0);
  // out[cnt] = (j, c); cnt++
  get(pOut);
  get(lCnt);
  i32c(3);
  emit(OP.i32Shl, OP.i32Add);
  tee(lD);
  get(lJ);
  emit(OP.i32Store, 2, 0);
  get(lD);
  get(lC);
  emit(OP.i32Store, 2, 4);
  get(lCnt);
  i32c(1);
  emit(OP.i32Add);
  set(lCnt);
  emit(OP.end); // $skip
  // ptr += 8·words; j++
  get(lPtr);
  i32c(8 * words);
  emit(OP.i32Add);
  set(lPtr);
  get(lJ);
  i32c(1);
  emit(OP.i32Add);
  set(lJ);
  emit(OP.br, 0);
  emit(OP.end); // $loop
  emit(OP.end); // $exit
  get(lCnt);
  emit(OP.end); // function

  const locals = vec([
    [...uleb(7), I32],
    [...uleb(words), I64],
  ]);
  const body = [...locals, ...code];
  const funcType = [0x60, ...vec(new Array(12).fill([I32])), ...vec([[I32]])];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([funcType])),
    ...section(3, vec([uleb(0)])),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(
      7,
      vec([
        [...name("scan"), 0x00, ...uleb(0)],
        [...name("mem"), 0x02, ...uleb(0)],
      ]),
    ),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ];
  return new Uint8Array(bytes);
}

/** Popcounts of the words from `fromWord` to the end of each packed row (for the staged bounds). */
export function suffixPopcounts(
  data: Uint8Array,
  words: number,
  count: number,
  fromWord: number,
): Uint32Array {
  const view = new Uint32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  const out = new Uint32Array(count);
  for (let r = 0; r < count; r++) {
    let c = 0;
    for (let w = 2 * fromWord; w < 2 * words; w++) c += popcount32(view[r * 2 * words + w]!);
    out[r] = c;
  }
  return out;
}

const moduleCache = new Map<number, WebAssembly.Module>();

/** Compiled kernel module for `words` 64-bit words (cached per length). */
export function diceKernelModule(words: number): WebAssembly.Module {
  let mod = moduleCache.get(words);
  if (!mod) {
    mod = new WebAssembly.Module(buildDiceKernelBytes(words) as Uint8Array<ArrayBuffer>);
    moduleCache.set(words, mod);
  }
  return mod;
}

export type ScanFunction = (
  a: number,
  b: number,
  n: number,
  pops: number,
  apop: number,
  maxDelta: number,
  cmin: number,
  out: number,
  sufHalf: number,
  sufQuarter: number,
  aSufHalf: number,
  aSufQuarter: number,
) => number;

/** Popcount of a 32-bit word. */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/**
 * The same scan in plain JavaScript over 32-bit words (reference and fallback). `a` is one filter,
 * `b` holds `n` filters of `a.length` words each.
 */
export function scanJs({
  a,
  b,
  n,
  pops,
  apop,
  maxDelta,
  cmin,
  out,
}: {
  a: Uint32Array;
  b: Uint32Array;
  n: number;
  pops: Uint32Array;
  apop: number;
  maxDelta: number;
  cmin: Int32Array;
  out: Uint32Array;
}): number {
  const words = a.length;
  let count = 0;
  for (let j = 0; j < n; j++) {
    const bp = pops[j]!;
    const d = apop > bp ? apop - bp : bp - apop;
    if (d > maxDelta) continue;
    let c = 0;
    const base = j * words;
    for (let w = 0; w < words; w++) c += popcount32(a[w]! & b[base + w]!);
    if (c < cmin[apop + bp]!) continue;
    out[2 * count] = j;
    out[2 * count + 1] = c;
    count++;
  }
  return count;
}
