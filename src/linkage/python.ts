/**
 * @module linkage/python
 * Small re-implementations of the Python 3.11 behaviours that clkhash 0.18.3 relies on when it turns a
 * CSV cell into tokens: `str.isspace`/`str.strip`, `int(s, 10)`, `float(s)`, `round()` (half to even),
 * `repr(float)`, `datetime.strptime` (C locale) + `strftime("%Y%m%d")` (glibc), and translation of
 * Python `re` patterns to JavaScript. Byte-identical CLKs depend on these details, so each one follows
 * CPython's documented rules rather than JavaScript's nearest equivalent.
 */

const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Python's `str.isspace()` for one code point. */
export function isPyWhitespace(codePoint: number): boolean {
  return PY_WHITESPACE.has(codePoint);
}

/** Python's `str.strip()` without arguments (Unicode whitespace, not JavaScript's `trim`). */
export function pyStrip(value: string): string {
  const cps = Array.from(value);
  let start = 0;
  let end = cps.length;
  while (start < end && isPyWhitespace(cps[start]!.codePointAt(0)!)) start++;
  while (end > start && isPyWhitespace(cps[end - 1]!.codePointAt(0)!)) end--;
  return cps.slice(start, end).join("");
}

const DECIMAL_DIGIT = /^\p{Nd}$/u;

/**
 * The value of a Unicode decimal digit (general category Nd), or -1. Nd characters come in contiguous
 * runs starting at zero (a Unicode stability guarantee), so the value is the distance to the run start.
 */
export function decimalDigitValue(codePoint: number): number {
  if (codePoint >= 0x30 && codePoint <= 0x39) return codePoint - 0x30;
  if (codePoint < 0x80) return -1;
  if (!DECIMAL_DIGIT.test(String.fromCodePoint(codePoint))) return -1;
  let run = 0;
  while (codePoint - run - 1 >= 0 && DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - run - 1))) run++;
  return run % 10;
}

/** Replace Unicode decimal digits by ASCII digits, or return null when a digit-like character is not Nd. */
function digitsToAscii(chars: string[]): string | null {
  let out = "";
  for (const ch of chars) {
    const value = decimalDigitValue(ch.codePointAt(0)!);
    if (value < 0) return null;
    out += String(value);
  }
  return out;
}

/**
 * Python's `int(value, 10)`: surrounding Unicode whitespace, an optional sign, Unicode decimal digits with
 * single underscores between them. Returns null where Python raises ValueError.
 */
export function parsePyInt(value: string): bigint | null {
  const chars = Array.from(pyStrip(value));
  let i = 0;
  let negative = false;
  if (chars[0] === "+" || chars[0] === "-") {
    negative = chars[0] === "-";
    i = 1;
  }
  const digits: string[] = [];
  let lastWasDigit = false;
  for (; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === "_") {
      if (!lastWasDigit) return null;
      lastWasDigit = false;
      continue;
    }
    if (decimalDigitValue(ch.codePointAt(0)!) < 0) return null;
    digits.push(ch);
    lastWasDigit = true;
  }
  if (digits.length === 0 || !lastWasDigit) return null;
  const ascii = digitsToAscii(digits);
  if (ascii === null) return null;
  const magnitude = BigInt(ascii);
  return negative ? -magnitude : magnitude;
}

/** Python's `float(value)` for a str argument. Returns null where Python raises ValueError. */
export function parsePyFloat(value: string): number | null {
  const stripped = pyStrip(value);
  const lower = stripped.toLowerCase();
  const special = /^([+-]?)(inf|infinity|nan)$/.exec(lower);
  if (special) {
    if (special[2] === "nan") return Number.NaN;
    return special[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  // Convert Unicode digits first, then check the grammar on the ASCII form.
  let ascii = "";
  for (const ch of stripped) {
    const d = decimalDigitValue(ch.codePointAt(0)!);
    ascii += d >= 0 ? String(d) : ch;
  }
  const digitPart = "[0-9](?:_?[0-9])*";
  const grammar = new RegExp(
    `^[+-]?(?:${digitPart}(?:\\.(?:${digitPart})?)?|\\.${digitPart})(?:[eE][+-]?${digitPart})?$`,
  );
  if (!grammar.test(ascii)) return null;
  return Number(ascii.replaceAll("_", ""));
}

/** Python's `round(x)` for a finite float: to the nearest integer, ties to even, as an exact bigint. */
export function roundHalfEven(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError("cannot round a non-finite number");
  const floor = Math.floor(x);
  const diff = x - floor; // exact: floor and x share the binade or x is already an integer
  let result = BigInt(floor);
  if (diff > 0.5 || (diff === 0.5 && result % 2n !== 0n)) result += 1n;
  return result;
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (as JavaScript finds them), laid out the way
 * CPython does — positional notation for exponents -4…15 with at least one fractional digit,
 * scientific notation with a two-digit exponent otherwise.
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Number.POSITIVE_INFINITY) return "inf";
  if (x === Number.NEGATIVE_INFINITY) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exponent = Number(expText);
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
    const intDigits = exponent + 1;
    if (digits.length <= intDigits) return `${sign}${digits}${"0".repeat(intDigits - digits.length)}.0`;
    return `${sign}${digits.slice(0, intDigits)}.${digits.slice(intDigits)}`;
  }
  const frac = digits.length > 1 ? `.${digits.slice(1)}` : "";
  const expSign = exponent < 0 ? "-" : "+";
  return `${sign}${digits[0]}${frac}e${expSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------------
// datetime.strptime (C locale) and strftime("%Y%m%d")
// ---------------------------------------------------------------------------------------------------

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const WEEKDAYS_ABBR = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MONTHS = [
  "",
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTHS_ABBR = ["", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** `\d` in Python's str patterns matches any Unicode decimal digit. */
const D = "\\p{Nd}";
/** Python's `\s` (str.isspace) as a JavaScript class body. */
const PY_SPACE_CLASS = "\\t\\n\\v\\f\\r\\x1c-\\x1f\\x85\\p{Zs}\\u2028\\u2029";

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

function seqToRe(values: string[], name: string): string {
  const sorted = [...values].filter((v) => v !== "").sort((a, b) => b.length - a.length);
  return `(?<${name}>${sorted.map(escapeRegExp).join("|")})`;
}

const DIRECTIVES: Record<string, string> = {
  d: `(?<d>3[0-1]|[1-2]${D}|0[1-9]|[1-9]| [1-9])`,
  f: "(?<f>[0-9]{1,6})",
  H: `(?<H>2[0-3]|[0-1]${D}|${D})`,
  I: "(?<I>1[0-2]|0[1-9]|[1-9])",
  G: `(?<G>${D}${D}${D}${D})`,
  j: `(?<j>36[0-6]|3[0-5]${D}|[1-2]${D}${D}|0[1-9]${D}|00[1-9]|[1-9]${D}|0[1-9]|[1-9])`,
  m: "(?<m>1[0-2]|0[1-9]|[1-9])",
  M: `(?<M>[0-5]${D}|${D})`,
  S: `(?<S>6[0-1]|[0-5]${D}|${D})`,
  U: `(?<U>5[0-3]|[0-4]${D}|${D})`,
  W: `(?<W>5[0-3]|[0-4]${D}|${D})`,
  w: "(?<w>[0-6])",
  u: "(?<u>[1-7])",
  V: `(?<V>5[0-3]|0[1-9]|[1-4]${D}|${D})`,
  y: `(?<y>${D}${D})`,
  Y: `(?<Y>${D}${D}${D}${D})`,
  // Python's `(?-i:Z)` keeps the literal Z case-sensitive; JavaScript has no scoped flags in Node 20,
  // so the case-insensitive match is narrowed again when the value is interpreted.
  z: `(?<z>[+-]${D}${D}:?[0-5]${D}(?::?[0-5]${D}(?:\\.${D}{1,6})?)?|Z)`,
  A: seqToRe(WEEKDAYS, "A"),
  a: seqToRe(WEEKDAYS_ABBR, "a"),
  B: seqToRe(MONTHS.slice(1), "B"),
  b: seqToRe(MONTHS_ABBR.slice(1), "b"),
  p: seqToRe(["am", "pm"], "p"),
  // Time-zone names depend on the host in Python; only the universal ones are accepted here.
  Z: seqToRe(["utc", "gmt"], "Z"),
  "%": "%",
};

/** Expand a strptime format to a regex source the way `_strptime.TimeRE.pattern` does. */
function strptimePattern(format: string, used: Set<string>): string {
  // %c, %x and %X in the C locale.
  const expanded = format.replace(/%([cxX])/g, (_, d: string) =>
    d === "c" ? "%a %b %d %H:%M:%S %Y" : d === "x" ? "%m/%d/%y" : "%H:%M:%S",
  );
  let out = "";
  const chars = Array.from(expanded);
  let pendingSpace = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (isPyWhitespace(ch.codePointAt(0)!)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      out += `[${PY_SPACE_CLASS}]+`;
      pendingSpace = false;
    }
    if (ch !== "%") {
      out += /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
      continue;
    }
    const directive = chars[i + 1];
    if (directive === undefined) throw new StrptimeFormatError(`stray % in format '${format}'`);
    const regex = DIRECTIVES[directive];
    if (regex === undefined) throw new StrptimeFormatError(`'${directive}' is a bad directive in format`);
    if (directive !== "%" && used.has(directive)) {
      // Python's re rejects a group name used twice; so do we.
      throw new StrptimeFormatError(`directive %${directive} appears twice`);
    }
    used.add(directive);
    out += regex;
    i++;
  }
  if (pendingSpace) out += `[${PY_SPACE_CLASS}]+`;
  return out;
}

/** A strptime format that Python would reject (bad directive, stray %). */
export class StrptimeFormatError extends Error {
  override name = "StrptimeFormatError";
}

function asciiInt(text: string): number {
  return Number(digitsToAscii(Array.from(text)) ?? Number.NaN);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Proleptic Gregorian ordinal with 0001-01-01 = 1, as Python's `date.toordinal`. */
function toOrdinal(year: number, month: number, day: number): number {
  const y = year - 1;
  let days = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
  for (let m = 1; m < month; m++) days += daysInMonth(year, m);
  return days + day;
}

function fromOrdinal(ordinal: number): { year: number; month: number; day: number } {
  // Estimate the year, then correct; the range is small (1..9999).
  let year = Math.max(1, Math.floor((ordinal - 1) / 365.2425) + 1);
  while (year > 1 && toOrdinal(year, 1, 1) > ordinal) year--;
  while (toOrdinal(year + 1, 1, 1) <= ordinal) year++;
  let rest = ordinal - toOrdinal(year, 1, 1) + 1;
  let month = 1;
  while (rest > daysInMonth(year, month)) {
    rest -= daysInMonth(year, month);
    month++;
  }
  return { year, month, day: rest };
}

/** Python's `date.weekday()`: Monday = 0. */
function weekdayOf(year: number, month: number, day: number): number {
  return (toOrdinal(year, month, day) + 6) % 7;
}

function checkDate(year: number, month: number, day: number): void {
  if (year < 1 || year > 9999) throw new StrptimeValueError("year is out of range");
  if (month < 1 || month > 12) throw new StrptimeValueError("month must be in 1..12");
  if (day < 1 || day > daysInMonth(year, month))
    throw new StrptimeValueError("day is out of range for month");
}

/** A value that does not parse with the format (Python's ValueError from strptime). */
export class StrptimeValueError extends Error {
  override name = "StrptimeValueError";
}

export type StrptimeParser = (value: string) => { year: number; month: number; day: number };

/**
 * Compile a `datetime.strptime` format (C locale). Throws StrptimeFormatError for a format Python would
 * reject; the returned parser throws StrptimeValueError where Python raises ValueError.
 */
export function compileStrptime(format: string): StrptimeParser {
  const used = new Set<string>();
  const source = strptimePattern(format, used);
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${source})`, "iu");
  } catch {
    throw new StrptimeFormatError("format cannot be compiled");
  }
  return (value: string) => {
    const found = regex.exec(value);
    if (!found) throw new StrptimeValueError("does not match the date format");
    if (found[0].length !== value.length) throw new StrptimeValueError("unconverted data remains");
    const g = found.groups ?? {};
    let year: number | null = null;
    let isoYear: number | null = null;
    let month = 1;
    let day = 1;
    let weekday: number | null = null;
    let julian: number | null = null;
    let weekOfYear: number | null = null;
    let weekStartsMonday = false;
    let isoWeek: number | null = null;
    for (const [key, text] of Object.entries(g)) {
      if (text === undefined) continue;
      switch (key) {
        case "y": {
          const y = asciiInt(text);
          year = y <= 68 ? y + 2000 : y + 1900;
          break;
        }
        case "Y":
          year = asciiInt(text);
          break;
        case "G":
          isoYear = asciiInt(text);
          break;
        case "m":
          month = asciiInt(text);
          break;
        case "B":
          month = MONTHS.indexOf(text.toLowerCase());
          break;
        case "b":
          month = MONTHS_ABBR.indexOf(text.toLowerCase());
          break;
        case "d":
          day = asciiInt(text.trim());
          break;
        case "A":
          weekday = WEEKDAYS.indexOf(text.toLowerCase());
          break;
        case "a":
          weekday = WEEKDAYS_ABBR.indexOf(text.toLowerCase());
          break;
        case "w": {
          const w = asciiInt(text);
          weekday = w === 0 ? 6 : w - 1;
          break;
        }
        case "u":
          weekday = asciiInt(text) - 1;
          break;
        case "j":
          julian = asciiInt(text);
          break;
        case "U":
        case "W":
          weekOfYear = asciiInt(text);
          weekStartsMonday = key === "W";
          break;
        case "V":
          isoWeek = asciiInt(text);
          break;
        case "z":
          checkUtcOffset(text);
          break;
        default:
          // H, I, M, S, f, p, Z: time of day and zone do not change the %Y%m%d output.
          break;
      }
    }
    if (year === null && isoYear !== null) {
      if (isoWeek === null || weekday === null) throw new StrptimeValueError("%G needs %V and a weekday");
      if (julian !== null) throw new StrptimeValueError("%j is not compatible with %G");
    } else if (weekOfYear === null && isoWeek !== null) {
      throw new StrptimeValueError("%V needs %G and a weekday");
    }
    let leapYearFix = false;
    if (year === null && month === 2 && day === 29) {
      year = 1904;
      leapYearFix = true;
    } else if (year === null) {
      year = 1900;
    }
    if (julian === null && weekday !== null) {
      if (weekOfYear !== null) {
        julian = julianFromUW(year, weekOfYear, weekday, weekStartsMonday);
      } else if (isoYear !== null && isoWeek !== null) {
        const r = julianFromV(isoYear, isoWeek, weekday + 1);
        year = r.year;
        julian = r.julian;
      }
      if (julian !== null && julian <= 0) {
        year -= 1;
        julian += isLeap(year) ? 366 : 365;
      }
    }
    if (julian === null) {
      checkDate(year, month, day);
    } else {
      checkDate(year, 1, 1);
      const ordinal = julian - 1 + toOrdinal(year, 1, 1);
      if (ordinal < 1 || ordinal > toOrdinal(9999, 12, 31)) throw new StrptimeValueError("date out of range");
      ({ year, month, day } = fromOrdinal(ordinal));
    }
    if (leapYearFix) year = 1900;
    checkDate(year, month, day);
    return { year, month, day };
  };
}

function checkUtcOffset(text: string): void {
  if (text === "z") throw new StrptimeValueError("does not match the date format");
  if (text === "Z") return;
  if (text[3] !== ":") return;
  const z = text.slice(0, 3) + text.slice(4);
  if (z.length > 5 && z[5] !== ":") throw new StrptimeValueError("inconsistent use of : in UTC offset");
}

function julianFromUW(year: number, week: number, dayOfWeek: number, weekStartsMonday: boolean): number {
  checkDate(year, 1, 1);
  let firstWeekday = weekdayOf(year, 1, 1);
  let dow = dayOfWeek;
  if (!weekStartsMonday) {
    firstWeekday = (firstWeekday + 1) % 7;
    dow = (dow + 1) % 7;
  }
  const week0Length = (7 - firstWeekday) % 7;
  if (week === 0) return 1 + dow - firstWeekday;
  return 1 + week0Length + 7 * (week - 1) + dow;
}

function julianFromV(isoYear: number, isoWeek: number, isoWeekday: number): { year: number; julian: number } {
  checkDate(isoYear, 1, 4);
  const correction = weekdayOf(isoYear, 1, 4) + 1 + 3;
  let ordinal = isoWeek * 7 + isoWeekday - correction;
  let year = isoYear;
  if (ordinal < 1) {
    ordinal += toOrdinal(year, 1, 1);
    year -= 1;
    checkDate(year, 1, 1);
    ordinal -= toOrdinal(year, 1, 1);
  }
  return { year, julian: ordinal };
}

/** `strftime("%Y%m%d")` as CPython on glibc prints it: the year is not zero-padded. */
export function formatYmd(date: { year: number; month: number; day: number }): string {
  return `${date.year}${String(date.month).padStart(2, "0")}${String(date.day).padStart(2, "0")}`;
}

// ---------------------------------------------------------------------------------------------------
// Python `re` → JavaScript RegExp (for `pattern` validation with `re.fullmatch`)
// ---------------------------------------------------------------------------------------------------

/** A pattern that uses Python syntax this translator does not support, or that Python rejects. */
export class PatternTranslationError extends Error {
  override name = "PatternTranslationError";
}

const JS_SYNTAX_CHARS = new Set(["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/"]);

function literalEscape(ch: string): string {
  if (JS_SYNTAX_CHARS.has(ch)) return `\\${ch}`;
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/**
 * Translate a Python 3.11 `re` pattern (str, default flags) into a JavaScript `u`-mode source with the
 * same meaning for `fullmatch`: Unicode `\d \w \s`, `(?P<name>…)`, `(?P=name)`, `\A \Z`, literal braces,
 * Python-only escapes. Leading global flags `(?i)`, `(?s)`, `(?m)`, `(?a)`, `(?u)` are turned into
 * JavaScript flags. Scoped flags, atomic groups, possessive quantifiers, `\N{…}` and verbose mode throw.
 */
export function translatePyRegex(pattern: string): { source: string; flags: string } {
  const chars = Array.from(pattern);
  let i = 0;
  let flags = "u";
  let ascii = false;
  // Global inline flags at the very start.
  while (chars[i] === "(" && chars[i + 1] === "?" && /[aiLmsux]/.test(chars[i + 2] ?? "")) {
    let j = i + 2;
    let letters = "";
    while (j < chars.length && /[aiLmsux]/.test(chars[j]!)) letters += chars[j++];
    if (chars[j] !== ")") break;
    for (const letter of letters) {
      if (letter === "i" && !flags.includes("i")) flags += "i";
      else if (letter === "s" && !flags.includes("s")) flags += "s";
      else if (letter === "m" && !flags.includes("m")) flags += "m";
      else if (letter === "a") ascii = true;
      else if (letter === "x" || letter === "L") {
        throw new PatternTranslationError(`inline flag (?${letter}) is not supported`);
      }
    }
    i = j + 1;
  }
  const classD = ascii ? "0-9" : "\\p{Nd}";
  const classW = ascii ? "A-Za-z0-9_" : "\\p{L}\\p{N}_";
  const classS = ascii ? " \\t\\n\\r\\f\\v" : PY_SPACE_CLASS;
  let out = "";
  let inClass = false;
  let classStart = false;

  const readEscape = (): string => {
    // chars[i] is the character after the backslash.
    const ch = chars[i];
    if (ch === undefined) throw new PatternTranslationError("pattern ends with a backslash");
    i++;
    switch (ch) {
      case "d":
        return inClass ? classD : `[${classD}]`;
      case "D":
        if (inClass) {
          if (ascii) throw new PatternTranslationError("\\D inside a character class is not supported");
          return "\\P{Nd}";
        }
        return `[^${classD}]`;
      case "w":
        return inClass ? classW : `[${classW}]`;
      case "W":
        if (inClass) throw new PatternTranslationError("\\W inside a character class is not supported");
        return `[^${classW}]`;
      case "s":
        return inClass ? classS : `[${classS}]`;
      case "S":
        if (inClass) throw new PatternTranslationError("\\S inside a character class is not supported");
        return `[^${classS}]`;
      case "A":
        if (inClass) throw new PatternTranslationError("bad escape \\A in a character class");
        return "^";
      case "Z":
        if (inClass) throw new PatternTranslationError("bad escape \\Z in a character class");
        return "$(?![\\s\\S])";
      case "b":
        return inClass ? "\\x08" : "\\b";
      case "B":
        if (inClass) throw new PatternTranslationError("bad escape \\B in a character class");
        return "\\B";
      case "n":
      case "t":
      case "r":
      case "f":
      case "v":
        return `\\${ch}`;
      case "a":
        return "\\x07";
      case "x": {
        const hex = chars.slice(i, i + 2).join("");
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new PatternTranslationError("incomplete \\x escape");
        i += 2;
        return `\\u{${hex}}`;
      }
      case "u":
      case "U": {
        const len = ch === "u" ? 4 : 8;
        const hex = chars.slice(i, i + len).join("");
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
          throw new PatternTranslationError(`incomplete \\${ch} escape`);
        }
        i += len;
        const cp = Number.parseInt(hex, 16);
        if (cp > 0x10ffff) throw new PatternTranslationError("escape beyond U+10FFFF");
        return `\\u{${cp.toString(16)}}`;
      }
      case "N":
        throw new PatternTranslationError("named escapes \\N{...} are not supported");
      case "0": {
        let oct = "0";
        while (oct.length < 3 && /[0-7]/.test(chars[i] ?? "")) oct += chars[i++];
        return `\\u{${Number.parseInt(oct, 8).toString(16)}}`;
      }
      default:
        break;
    }
    if (/[1-9]/.test(ch)) {
      if (inClass) throw new PatternTranslationError("back-references are not allowed in a class");
      let num = ch;
      while (/[0-9]/.test(chars[i] ?? "") && num.length < 2) num += chars[i++];
      return `\\${num}`;
    }
    if (/[A-Za-z0-9]/.test(ch)) throw new PatternTranslationError(`bad escape \\${ch}`);
    if (inClass && ch === "-") return "\\-";
    return literalEscape(ch);
  };

  while (i < chars.length) {
    const ch = chars[i]!;
    if (inClass) {
      if (ch === "]" && !classStart) {
        inClass = false;
        out += "]";
        i++;
        continue;
      }
      if (ch === "^" && classStart && out.endsWith("[")) {
        out += "^";
        i++;
        continue;
      }
      classStart = false;
      if (ch === "\\") {
        i++;
        out += readEscape();
        continue;
      }
      if (ch === "[" || ch === "]" || ch === "/" || ch === "{" || ch === "}" || ch === "(" || ch === ")") {
        out += `\\${ch}`;
      } else if (ch === "|") {
        out += "\\|";
      } else {
        out += ch;
      }
      i++;
      continue;
    }
    if (ch === "\\") {
      i++;
      out += readEscape();
      continue;
    }
    if (ch === "[") {
      inClass = true;
      classStart = true;
      out += "[";
      i++;
      if (chars[i] === "^") {
        out += "^";
        i++;
      }
      if (chars[i] === "]") {
        out += "\\]";
        i++;
      }
      classStart = false;
      continue;
    }
    if (ch === "(" && chars[i + 1] === "?") {
      const next = chars[i + 2];
      if (next === "P" && chars[i + 3] === "<") {
        out += "(?<";
        i += 4;
        continue;
      }
      if (next === "P" && chars[i + 3] === "=") {
        let j = i + 4;
        let name = "";
        while (j < chars.length && chars[j] !== ")") name += chars[j++];
        out += `\\k<${name}>`;
        i = j + 1;
        continue;
      }
      if (next === ":" || next === "=" || next === "!" || (next === "<" && /[=!]/.test(chars[i + 3] ?? ""))) {
        out += next === "<" ? `(?<${chars[i + 3]}` : `(?${next}`;
        i += next === "<" ? 4 : 3;
        continue;
      }
      if (next === "#") {
        let j = i + 3;
        while (j < chars.length && chars[j] !== ")") j++;
        i = j + 1;
        continue;
      }
      throw new PatternTranslationError("this group syntax is not supported");
    }
    if (ch === "{") {
      const rest = chars.slice(i).join("");
      const quant = /^\{(\d*)(,?)(\d*)\}/.exec(rest);
      if (quant && (quant[1] !== "" || (quant[2] === "," && quant[3] !== ""))) {
        const min = quant[1] === "" ? "0" : quant[1];
        out += `{${min}${quant[2]}${quant[3]}}`;
        i += quant[0].length;
        if (chars[i] === "+") throw new PatternTranslationError("possessive quantifiers are not supported");
        continue;
      }
      out += "\\{";
      i++;
      continue;
    }
    if (ch === "}" || ch === "]" || ch === "/") {
      out += `\\${ch}`;
      i++;
      continue;
    }
    if (ch === ".") {
      // Python's dot excludes only "\n"; JavaScript's would also exclude "\r", U+2028 and U+2029.
      out += flags.includes("s") ? "[\\s\\S]" : "[^\\n]";
      i++;
      continue;
    }
    if ((ch === "*" || ch === "+" || ch === "?") && chars[i + 1] === "+") {
      throw new PatternTranslationError("possessive quantifiers are not supported");
    }
    out += ch;
    i++;
  }
  if (inClass) throw new PatternTranslationError("unterminated character set");
  return { source: out, flags };
}

/** Compile a Python pattern for `re.fullmatch` semantics. Throws PatternTranslationError. */
export function compileFullMatch(pattern: string): (value: string) => boolean {
  const { source, flags } = translatePyRegex(pattern);
  let regex: RegExp;
  try {
    regex = new RegExp(`(?<![\\s\\S])(?:${source})(?![\\s\\S])`, flags);
  } catch (error) {
    throw new PatternTranslationError(`invalid regular expression (${(error as Error).message})`);
  }
  return (value: string) => regex.test(value);
}
