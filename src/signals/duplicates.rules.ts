/**
 * @module duplicates.rules
 * Suggest signals that are likely duplicates of, or related to, a given signal, for the desk to merge or
 * link (Signalen users asked for exactly this and it never came). Pure scoring over plain summaries; the
 * repository picks the candidates (e.g. by shared KVK number, phone, address or a time window) and the
 * desk decides. Also the normalisers the storage layer must use so that equal things compare equal:
 * Dutch postcodes and addresses, phone numbers (E.164), subject names.
 *
 * Scoring. Each kind of evidence has a weight; the weights combine like independent pieces of evidence
 * (1 − Π(1 − wᵢ)), so two medium matches beat one, and no sum can exceed 1. Hard identifiers (KVK
 * number, phone, address) are strong because they rarely coincide by chance; names are weak because
 * they do; text similarity counts in proportion to how similar. The result is multiplied by a time
 * factor between 0.5 and 1 (half of it decays with a 30-day half-life): a report of the same event is
 * close in time, while a shared KVK number two years apart still surfaces, as a related signal.
 * Reasons name only the kind of match and how many values matched, never the values (they are personal
 * data and the desk can see them in the signals themselves).
 */

/** A signal as the duplicate finder sees it. Values must be normalised with the functions below. */
export type SignalSummary = {
  id: string;
  kvkNumbers: readonly string[];
  /** Keys from `normaliseDutchAddress` / `parseDutchAddress`. */
  addresses: readonly string[];
  /** E.164, from `normalisePhoneNumber`. */
  phones: readonly string[];
  /** From `normaliseSubjectName`. */
  subjectNames: readonly string[];
  municipalityCode: string | null;
  text: string;
  createdAt: Date;
};

export const DUPLICATE_REASON_CODES = [
  "same_kvk",
  "same_phone",
  "same_address",
  "same_subject",
  "similar_text",
] as const;
export type DuplicateReasonCode = (typeof DUPLICATE_REASON_CODES)[number];

export type DuplicateReason = {
  code: DuplicateReasonCode;
  /** How many values matched (for `similar_text`: 1). */
  matches: number;
  /** The weight this reason contributed, before the time factor. */
  weight: number;
  /** For `similar_text`: the similarity (0–1). */
  similarity?: number;
};

export type DuplicateSuggestion = {
  id: string;
  score: number;
  /** `likely_duplicate`: probably the same report (strong and within 30 days); else `related`. */
  kind: "likely_duplicate" | "related";
  daysApart: number;
  reasons: DuplicateReason[];
};

/** Evidence weights (see the module header). */
export const DUPLICATE_WEIGHTS = Object.freeze({
  same_kvk: 0.6,
  same_phone: 0.55,
  same_address: 0.45,
  same_subject: 0.3,
  /** Extra weight for a same-name match within the same municipality, where names mean more. */
  same_subject_same_municipality: 0.1,
  /** `similar_text` contributes `similar_text × similarity`. */
  similar_text: 0.5,
});

/** Text similarity below this is no evidence at all. */
export const SIMILAR_TEXT_THRESHOLD = 0.3;
/** Suggestions scoring below this are not shown. */
export const DEFAULT_MIN_SCORE = 0.2;
const TIME_HALF_LIFE_DAYS = 30;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Normalisers

/**
 * A Dutch postcode as `1234 AB`, or `null`. Four digits (no leading zero) and two letters; PostNL
 * never issues the letter pairs SA, SD and SS.
 */
export function normalisePostcode(input: string): string | null {
  const m = /^\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*$/.exec(input);
  if (!m) return null;
  const letters = (m[2] as string).toUpperCase();
  if (letters === "SA" || letters === "SD" || letters === "SS") return null;
  return `${m[1]} ${letters}`;
}

/**
 * The comparison key of a Dutch address: postcode + house number + addition, e.g. `1012 JS 12-A`.
 * In the Netherlands postcode and house number identify an address; street and city add nothing for
 * matching and are left out (they are spelled in too many ways).
 */
export function normaliseDutchAddress({
  postcode,
  houseNumber,
  addition,
}: {
  postcode: string;
  houseNumber: number | string;
  addition?: string | null;
}): string | null {
  const pc = normalisePostcode(postcode);
  const number = typeof houseNumber === "number" ? houseNumber : Number(String(houseNumber).trim());
  if (pc === null || !Number.isInteger(number) || number < 1 || number > 99_999) return null;
  const add = (addition ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  return add ? `${pc} ${number}-${add}` : `${pc} ${number}`;
}

const POSTCODE_IN_TEXT = /\b([1-9]\d{3})\s?([A-Za-z]{2})\b/;
/** House number with an optional addition at the end of a street part: `12`, `12a`, `12 A`, `12-2`, `12-III`, `12 hs`. */
const HOUSE_NUMBER_AT_END = /(?:^|\s)(\d{1,5})(?:\s*[-/]?\s*([A-Za-z]{1,4}|\d{1,4}))?\s*$/;
const HOUSE_NUMBER_AT_START = /^\s*(\d{1,5})(?:\s*[-/]?\s*([A-Za-z]{1,4}|\d{1,4}))?(?:\s|$)/;

/**
 * Parse a free-text Dutch address ("Damstraat 12a, 1012 JS Amsterdam", "1012JS 12-2") into its key, or
 * `null` when no postcode and house number can be found. The house number is the last number before
 * the postcode (street names can contain numbers, "1e Jan Steenstraat 12"), or the first after it.
 */
export function parseDutchAddress(text: string): string | null {
  const pc = POSTCODE_IN_TEXT.exec(text);
  if (!pc) return null;
  const postcode = `${pc[1]}${pc[2]}`;
  const before = text
    .slice(0, pc.index)
    .replace(/[,;]+\s*$/, "")
    .trim();
  const after = text.slice(pc.index + pc[0].length).replace(/^\s*[,;]?/, "");
  const m = HOUSE_NUMBER_AT_END.exec(before) ?? HOUSE_NUMBER_AT_START.exec(after);
  if (!m) return null;
  return normaliseDutchAddress({ postcode, houseNumber: m[1] as string, addition: m[2] ?? null });
}

/**
 * A phone number in E.164 (`+31612345678`), or `null`. Accepts Dutch national numbers (10 digits with
 * the trunk 0: `06-12345678`, `020 123 4567`), `+31`/`0031` with or without `(0)`, Dutch 0800/0900/
 * 0906/0909 numbers, and foreign numbers written with `+` or `00` (8–15 digits). Anything else, such as
 * a number without its area code, is refused rather than guessed.
 */
export function normalisePhoneNumber(input: string): string | null {
  let s = input.trim().replace(/\(0\)/g, "");
  if (/[^\d\s\-./()+]/.test(s)) return null;
  s = s.replace(/[\s\-./()]/g, "");
  if (s.startsWith("00")) s = `+${s.slice(2)}`;
  if (s.startsWith("+")) {
    const digits = s.slice(1);
    if (!/^\d+$/.test(digits)) return null;
    if (digits.startsWith("31")) return dutchNational(digits.slice(2).replace(/^0/, ""));
    return digits.length >= 8 && digits.length <= 15 && !digits.startsWith("0") ? `+${digits}` : null;
  }
  if (!/^0\d+$/.test(s)) return null;
  return dutchNational(s.slice(1));
}

/** Dutch national significant number (without trunk 0) → E.164. */
function dutchNational(nsn: string): string | null {
  if (/^[1-9]\d{8}$/.test(nsn)) return `+31${nsn}`;
  if (/^(800|900|906|909)(\d{4}|\d{7})$/.test(nsn)) return `+31${nsn}`;
  return null;
}

/**
 * A subject's name for comparison: lower case, without diacritics and punctuation, words sorted, so
 * "De Vries, Jan" and "jan de vries" compare equal.
 */
export function normaliseSubjectName(name: string): string {
  return foldText(name).split(" ").filter(Boolean).sort().join(" ");
}

function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

// ---------------------------------------------------------------------------------------------------
// Text similarity

/** Common Dutch and English words that say nothing about the content of a signal. */
const STOPWORDS = new Set(
  (
    "de het een en of in op aan van voor met bij naar uit om te is zijn was waren wordt worden werd " +
    "er hij zij ze wij we ik je jij u hun haar hem die dat deze dit als dan maar ook nog niet wel al " +
    "heeft hebben had kan kunnen zou zal moet mag door over onder tot zo geen meer veel wat wie waar " +
    "the a an and or in on at of for with by to from is are was were be been it he she they we i you " +
    "his her their them this that these those as than but also not no yes so there here"
  ).split(" "),
);

/** The content words of a text: folded, without stopwords and one-letter tokens. */
export function contentWords(text: string): string[] {
  return foldText(text)
    .split(" ")
    .filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/** The set of word k-shingles (k consecutive content words) of a text. */
export function wordShingles(text: string, k = 1): Set<string> {
  const words = contentWords(text);
  const shingles = new Set<string>();
  for (let i = 0; i + k <= words.length; i += 1) shingles.add(words.slice(i, i + k).join(" "));
  return shingles;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const x of a) if (b.has(x)) common += 1;
  return common / (a.size + b.size - common);
}

/**
 * Similarity of two signal texts: Jaccard over their content words. Word order is ignored on purpose:
 * two reporters describe the same scene in a different order.
 */
export function textSimilarity(a: string, b: string): number {
  return jaccard(wordShingles(a, 1), wordShingles(b, 1));
}

// ---------------------------------------------------------------------------------------------------
// Scoring

function overlap(a: readonly string[], b: readonly string[]): number {
  const set = new Set(a.map((x) => x.trim()).filter(Boolean));
  return new Set(b.map((x) => x.trim()).filter((x) => set.has(x))).size;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Score one candidate against a signal; `null` when there is no evidence at all. */
export function scorePair(signal: SignalSummary, candidate: SignalSummary): DuplicateSuggestion | null {
  const reasons: DuplicateReason[] = [];
  const add = (code: DuplicateReasonCode, matches: number, weight: number, similarity?: number) => {
    if (matches > 0)
      reasons.push({
        code,
        matches,
        weight: round(weight),
        ...(similarity === undefined ? {} : { similarity }),
      });
  };
  add("same_kvk", overlap(signal.kvkNumbers, candidate.kvkNumbers), DUPLICATE_WEIGHTS.same_kvk);
  add("same_phone", overlap(signal.phones, candidate.phones), DUPLICATE_WEIGHTS.same_phone);
  add("same_address", overlap(signal.addresses, candidate.addresses), DUPLICATE_WEIGHTS.same_address);
  const sameMunicipality =
    signal.municipalityCode !== null && signal.municipalityCode === candidate.municipalityCode;
  add(
    "same_subject",
    overlap(
      signal.subjectNames.map((n) => n.toLowerCase()),
      candidate.subjectNames.map((n) => n.toLowerCase()),
    ),
    DUPLICATE_WEIGHTS.same_subject +
      (sameMunicipality ? DUPLICATE_WEIGHTS.same_subject_same_municipality : 0),
  );
  const similarity = round(textSimilarity(signal.text, candidate.text));
  if (similarity >= SIMILAR_TEXT_THRESHOLD)
    add("similar_text", 1, DUPLICATE_WEIGHTS.similar_text * similarity, similarity);
  if (reasons.length === 0) return null;

  const evidence = 1 - reasons.reduce((rest, r) => rest * (1 - r.weight), 1);
  const daysApart = Math.abs(signal.createdAt.getTime() - candidate.createdAt.getTime()) / DAY_MS;
  const timeFactor = 0.5 + 0.5 * 2 ** (-daysApart / TIME_HALF_LIFE_DAYS);
  const score = round(evidence * timeFactor);
  return {
    id: candidate.id,
    score,
    kind: daysApart <= 30 && score >= 0.5 ? "likely_duplicate" : "related",
    daysApart: Math.round(daysApart * 10) / 10,
    reasons,
  };
}

/**
 * Rank `candidates` as possible duplicates of, or signals related to, `signal`: highest score first,
 * then closest in time, then by id (so the order is stable). The signal itself is skipped.
 */
export function suggestDuplicates({
  signal,
  candidates,
  minScore = DEFAULT_MIN_SCORE,
  limit = 10,
}: {
  signal: SignalSummary;
  candidates: readonly SignalSummary[];
  minScore?: number;
  limit?: number;
}): DuplicateSuggestion[] {
  return candidates
    .filter((c) => c.id !== signal.id)
    .map((c) => scorePair(signal, c))
    .filter((s): s is DuplicateSuggestion => s !== null && s.score >= minScore)
    .sort(
      (a, b) => b.score - a.score || a.daysApart - b.daysApart || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, limit);
}
