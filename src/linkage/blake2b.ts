/**
 * @module linkage/blake2b
 * BLAKE2b (RFC 7693) with the parameter-block options clkhash uses through Python's `hashlib.blake2b`:
 * digest length, key, salt and personalisation. Node's OpenSSL exposes `blake2b512` only unkeyed and
 * unsalted, so this is a small TypeScript implementation. 64-bit words are held as pairs of 32-bit
 * halves (low, high) in Uint32Arrays.
 *
 * clkhash hashes many short tokens with the same key and salt, so {@link Blake2bKeyed} compresses the
 * key block once and reuses that state: a token shorter than 128 bytes then costs one compression.
 */

const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a, 0xade682d1,
  0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
];

/** Message word indices doubled (positions of the low halves), flattened for the round loop. */
const SIGMA2 = new Uint8Array(SIGMA.flat().map((x) => x * 2));

const v = new Uint32Array(32);
const m = new Uint32Array(32);

/** The mixing function G on the 64-bit words at half-indices a, b, c, d with message words x, y. */
function g(a: number, b: number, c: number, d: number, ix: number, iy: number): void {
  // v[a] = v[a] + v[b] + x
  let lo = v[a]! + v[b]!;
  let hi = v[a + 1]! + v[b + 1]! + (lo > 0xffffffff ? 1 : 0);
  lo >>>= 0;
  let lo2 = lo + m[ix]!;
  hi = (hi + m[ix + 1]! + (lo2 > 0xffffffff ? 1 : 0)) >>> 0;
  lo2 >>>= 0;
  v[a] = lo2;
  v[a + 1] = hi;
  // v[d] = (v[d] ^ v[a]) >>> 32
  let xlo = (v[d]! ^ lo2) >>> 0;
  let xhi = (v[d + 1]! ^ hi) >>> 0;
  v[d] = xhi;
  v[d + 1] = xlo;
  // v[c] = v[c] + v[d]
  lo = v[c]! + xhi;
  hi = (v[c + 1]! + xlo + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  lo >>>= 0;
  v[c] = lo;
  v[c + 1] = hi;
  // v[b] = (v[b] ^ v[c]) >>> 24
  xlo = v[b]! ^ lo;
  xhi = v[b + 1]! ^ hi;
  v[b] = (xlo >>> 24) | (xhi << 8);
  v[b + 1] = (xhi >>> 24) | (xlo << 8);
  // v[a] = v[a] + v[b] + y
  lo = v[a]! + v[b]!;
  hi = v[a + 1]! + v[b + 1]! + (lo > 0xffffffff ? 1 : 0);
  lo >>>= 0;
  lo2 = lo + m[iy]!;
  hi = (hi + m[iy + 1]! + (lo2 > 0xffffffff ? 1 : 0)) >>> 0;
  lo2 >>>= 0;
  v[a] = lo2;
  v[a + 1] = hi;
  // v[d] = (v[d] ^ v[a]) >>> 16
  xlo = v[d]! ^ lo2;
  xhi = v[d + 1]! ^ hi;
  v[d] = (xlo >>> 16) | (xhi << 16);
  v[d + 1] = (xhi >>> 16) | (xlo << 16);
  // v[c] = v[c] + v[d]
  lo = v[c]! + v[d]!;
  hi = (v[c + 1]! + v[d + 1]! + (lo > 0xffffffff ? 1 : 0)) >>> 0;
  lo >>>= 0;
  v[c] = lo;
  v[c + 1] = hi;
  // v[b] = (v[b] ^ v[c]) >>> 63, i.e. rotate left by one
  xlo = v[b]! ^ lo;
  xhi = v[b + 1]! ^ hi;
  v[b] = (xhi >>> 31) | (xlo << 1);
  v[b + 1] = (xlo >>> 31) | (xhi << 1);
}

/**
 * Compress one 128-byte block (at `offset` in `block`) into state `h` (16 halves). `t` is the byte counter
 * after this block (fits in 53 bits here); `last` marks the final block.
 */
function compress(h: Uint32Array, block: Uint8Array, offset: number, t: number, last: boolean): void {
  for (let i = 0; i < 16; i++) {
    v[i] = h[i]!;
    v[i + 16] = IV[i]!;
  }
  v[24] = v[24]! ^ (t >>> 0);
  v[25] = v[25]! ^ Math.floor(t / 0x100000000);
  if (last) {
    v[28] = ~v[28]!;
    v[29] = ~v[29]!;
  }
  for (let i = 0; i < 32; i++) {
    const p = offset + i * 4;
    m[i] = block[p]! | (block[p + 1]! << 8) | (block[p + 2]! << 16) | (block[p + 3]! << 24);
  }
  for (let r = 0; r < 12; r++) {
    const s = r * 16;
    g(0, 8, 16, 24, SIGMA2[s]!, SIGMA2[s + 1]!);
    g(2, 10, 18, 26, SIGMA2[s + 2]!, SIGMA2[s + 3]!);
    g(4, 12, 20, 28, SIGMA2[s + 4]!, SIGMA2[s + 5]!);
    g(6, 14, 22, 30, SIGMA2[s + 6]!, SIGMA2[s + 7]!);
    g(0, 10, 20, 30, SIGMA2[s + 8]!, SIGMA2[s + 9]!);
    g(2, 12, 22, 24, SIGMA2[s + 10]!, SIGMA2[s + 11]!);
    g(4, 14, 16, 26, SIGMA2[s + 12]!, SIGMA2[s + 13]!);
    g(6, 8, 18, 28, SIGMA2[s + 14]!, SIGMA2[s + 15]!);
  }
  for (let i = 0; i < 16; i++) h[i] = (h[i]! ^ v[i]! ^ v[i + 16]!) >>> 0;
}

export type Blake2bOptions = {
  /** Digest length in bytes, 1…64 (default 64). */
  digestLength?: number;
  /** Key, 0…64 bytes. */
  key?: Uint8Array;
  /** Salt, at most 16 bytes; zero-padded like Python's hashlib. */
  salt?: Uint8Array;
  /** Personalisation, at most 16 bytes; zero-padded. */
  person?: Uint8Array;
};

function initialState(opts: Blake2bOptions): { h: Uint32Array; digestLength: number; key: Uint8Array } {
  const digestLength = opts.digestLength ?? 64;
  const key = opts.key ?? new Uint8Array(0);
  const salt = opts.salt ?? new Uint8Array(0);
  const person = opts.person ?? new Uint8Array(0);
  if (!Number.isInteger(digestLength) || digestLength < 1 || digestLength > 64) {
    throw new RangeError("BLAKE2b digest length must be 1..64 bytes");
  }
  if (key.length > 64) throw new RangeError("BLAKE2b key must be at most 64 bytes");
  if (salt.length > 16) throw new RangeError("BLAKE2b salt must be at most 16 bytes");
  if (person.length > 16) throw new RangeError("BLAKE2b personalisation must be at most 16 bytes");
  const param = new Uint8Array(64);
  param[0] = digestLength;
  param[1] = key.length;
  param[2] = 1; // fanout
  param[3] = 1; // depth
  param.set(salt, 32);
  param.set(person, 48);
  const h = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    const p = i * 4;
    const word = param[p]! | (param[p + 1]! << 8) | (param[p + 2]! << 16) | (param[p + 3]! << 24);
    h[i] = (IV[i]! ^ word) >>> 0;
  }
  return { h, digestLength, key };
}

function finish(h: Uint32Array, digestLength: number): Uint8Array {
  const out = new Uint8Array(digestLength);
  for (let i = 0; i < digestLength; i++) out[i] = (h[i >> 2]! >>> (8 * (i & 3))) & 0xff;
  return out;
}

const scratch = new Uint8Array(128);

/** Absorb `data` into `h` whose counter already stands at `t0` bytes; the last block is final. */
function absorbFinal(h: Uint32Array, data: Uint8Array, t0: number): void {
  let t = t0;
  let offset = 0;
  while (data.length - offset > 128) {
    t += 128;
    compress(h, data, offset, t, false);
    offset += 128;
  }
  const rest = data.length - offset;
  scratch.fill(0);
  scratch.set(data.subarray(offset), 0);
  compress(h, scratch, 0, t + rest, true);
}

/** One-shot BLAKE2b of `data`. */
export function blake2b(data: Uint8Array, opts: Blake2bOptions = {}): Uint8Array {
  const { h, digestLength, key } = initialState(opts);
  if (key.length === 0) {
    absorbFinal(h, data, 0);
    return finish(h, digestLength);
  }
  const keyBlock = new Uint8Array(128);
  keyBlock.set(key);
  if (data.length === 0) {
    compress(h, keyBlock, 0, 128, true);
    return finish(h, digestLength);
  }
  compress(h, keyBlock, 0, 128, false);
  absorbFinal(h, data, 128);
  return finish(h, digestLength);
}

/**
 * Keyed BLAKE2b-512 with a fixed key and salt whose key block is compressed once. `digestInto` writes the
 * 64-byte digest of a message into `out`; it equals `blake2b(data, { key, salt })`.
 */
export class Blake2bKeyed {
  private readonly keyed: Uint32Array;
  private readonly work = new Uint32Array(16);
  private readonly opts: Blake2bOptions;

  constructor(key: Uint8Array, salt?: Uint8Array) {
    if (key.length === 0) throw new RangeError("Blake2bKeyed needs a non-empty key");
    this.opts = salt === undefined ? { key } : { key, salt };
    const { h } = initialState(this.opts);
    const keyBlock = new Uint8Array(128);
    keyBlock.set(key);
    compress(h, keyBlock, 0, 128, false);
    this.keyed = h;
  }

  /** Digest of `data` (64 bytes) written into `out` at `offset`. */
  digestInto(data: Uint8Array, out: Uint8Array, offset = 0): void {
    if (data.length === 0) {
      out.set(blake2b(data, this.opts), offset);
      return;
    }
    const h = this.work;
    h.set(this.keyed);
    absorbFinal(h, data, 128);
    for (let i = 0; i < 64; i++) out[offset + i] = (h[i >> 2]! >>> (8 * (i & 3))) & 0xff;
  }
}
