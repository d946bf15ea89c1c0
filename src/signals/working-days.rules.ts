/**
 * @module working-days.rules
 * Dutch working days and the signal desk's deadlines per urgency. Pure: no clock, no I/O; the caller
 * passes `now`.
 *
 * ## Dates and time zones
 * A calendar date is a plain `YYYY-MM-DD` string (`IsoDate`) and always means a day of the calendar in
 * Europe/Amsterdam. An instant (a moment in time, e.g. when a signal was received) is a JS `Date`. The
 * two meet only in `amsterdamDateOf` (instant → Amsterdam calendar date) and `startOfAmsterdamDay`
 * (Amsterdam calendar date → the instant its midnight falls on). Day arithmetic on `IsoDate` is done on
 * UTC day numbers, where every day has 24 hours, so daylight-saving changes can never shift a date.
 *
 * ## Which days are not working days
 * Saturdays, Sundays and the public holidays of the Algemene termijnenwet (Atw), art. 3:
 * - lid 1: Nieuwjaarsdag, Tweede Paasdag, Hemelvaartsdag, Tweede Pinksterdag, Eerste en Tweede
 *   Kerstdag, the day the King's birthday is celebrated (Koningsdag) and **5 May** (Bevrijdingsdag);
 * - lid 2: **Goede Vrijdag** is treated as a holiday for the purposes of the Act.
 * Eerste Paasdag and Eerste Pinksterdag are Sundays and are listed for completeness.
 *
 * Decisions:
 * - **Goede Vrijdag is a day off.** The Atw treats it as a holiday for statutory time limits, and the
 *   central government's answer to "is Goede Vrijdag a day off?" is that civil servants are free that
 *   day (rijksoverheid.nl, "Is Goede Vrijdag een vrije dag?"; police and some other services may work).
 *   The signal desk is run by public bodies, so its clock stops that day.
 * - **Bevrijdingsdag every year**, not only in lustrum years. The Atw lists "de vijfde mei" without
 *   condition; central-government staff are free every year, and since the cao gemeenten 2023
 *   (art. 6.6) municipal staff are too. "Only every five years" is a private-sector cao arrangement.
 * - **Koningsdag**: 27 April, or 26 April when the 27th is a Sunday (Wet van 2013 on the King's
 *   birthday, in force from 2014). For 1980–2013 we use Koninginnedag: 30 April, or 29 April when the
 *   30th is a Sunday. Years before 1980 are refused.
 * - Days the government "equates" with holidays by decree under Atw art. 3 lid 3 (e.g. the Friday after
 *   Ascension) are **not** included: they only extend statutory time limits, they are not days off, and
 *   our deadlines are service levels, not statutory limits.
 * - Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
 */
import { AppError } from "../platform/errors";
import type { Label, Urgency } from "./signal.vocabulary";

/** A calendar date in Europe/Amsterdam, `YYYY-MM-DD`. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const TIME_ZONE = "Europe/Amsterdam";
/** First year for which the holiday rules above are defined. */
export const FIRST_SUPPORTED_YEAR = 1980;

/** Whether `value` is a real calendar date written as `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function invalidDate(): AppError {
  return new AppError("VALIDATION_FAILED", "Ongeldige datum; verwacht JJJJ-MM-DD.", {
    fields: [{ field: "date", message: "expected a calendar date as YYYY-MM-DD" }],
  });
}

/** Day number since 1970-01-01 (UTC days; no DST involved). */
function toDayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw invalidDate();
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromDayNumber(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(year: number, month: number, day: number): IsoDate {
  return fromDayNumber(Math.round(Date.UTC(year, month - 1, day) / DAY_MS));
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toDayNumber(date) * DAY_MS).getUTCDay();
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583) {
    throw new AppError("VALIDATION_FAILED", "Jaar buiten het bereik van de Gregoriaanse kalender.");
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

export const HOLIDAY_KEYS = [
  "nieuwjaarsdag",
  "goede_vrijdag",
  "eerste_paasdag",
  "tweede_paasdag",
  "koningsdag",
  "bevrijdingsdag",
  "hemelvaartsdag",
  "eerste_pinksterdag",
  "tweede_pinksterdag",
  "eerste_kerstdag",
  "tweede_kerstdag",
] as const;
export type HolidayKey = (typeof HOLIDAY_KEYS)[number];

export type PublicHoliday = { date: IsoDate; key: HolidayKey; name: Label };

const HOLIDAY_NAMES: Record<HolidayKey, Label> = {
  nieuwjaarsdag: { nl: "Nieuwjaarsdag", en: "New Year's Day" },
  goede_vrijdag: { nl: "Goede Vrijdag", en: "Good Friday" },
  eerste_paasdag: { nl: "Eerste Paasdag", en: "Easter Sunday" },
  tweede_paasdag: { nl: "Tweede Paasdag", en: "Easter Monday" },
  koningsdag: { nl: "Koningsdag", en: "King's Day" },
  bevrijdingsdag: { nl: "Bevrijdingsdag", en: "Liberation Day" },
  hemelvaartsdag: { nl: "Hemelvaartsdag", en: "Ascension Day" },
  eerste_pinksterdag: { nl: "Eerste Pinksterdag", en: "Whit Sunday" },
  tweede_pinksterdag: { nl: "Tweede Pinksterdag", en: "Whit Monday" },
  eerste_kerstdag: { nl: "Eerste Kerstdag", en: "Christmas Day" },
  tweede_kerstdag: { nl: "Tweede Kerstdag", en: "Boxing Day" },
};

function kingsDay(year: number): IsoDate {
  if (year >= 2014) {
    const day = ymd(year, 4, 27);
    return dayOfWeek(day) === 0 ? ymd(year, 4, 26) : day;
  }
  const day = ymd(year, 4, 30);
  return dayOfWeek(day) === 0 ? ymd(year, 4, 29) : day;
}

const holidayCache = new Map<number, readonly PublicHoliday[]>();

/** The Dutch public holidays of `year` (see the module header for the choices), in date order. */
export function dutchPublicHolidays(year: number): readonly PublicHoliday[] {
  if (!Number.isInteger(year) || year < FIRST_SUPPORTED_YEAR || year > 9999) {
    throw new AppError("VALIDATION_FAILED", `Feestdagen zijn gedefinieerd vanaf ${FIRST_SUPPORTED_YEAR}.`);
  }
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const dates: [HolidayKey, IsoDate][] = [
    ["nieuwjaarsdag", ymd(year, 1, 1)],
    ["goede_vrijdag", addCalendarDays(easter, -2)],
    ["eerste_paasdag", easter],
    ["tweede_paasdag", addCalendarDays(easter, 1)],
    ["koningsdag", kingsDay(year)],
    ["bevrijdingsdag", ymd(year, 5, 5)],
    ["hemelvaartsdag", addCalendarDays(easter, 39)],
    ["eerste_pinksterdag", addCalendarDays(easter, 49)],
    ["tweede_pinksterdag", addCalendarDays(easter, 50)],
    ["eerste_kerstdag", ymd(year, 12, 25)],
    ["tweede_kerstdag", ymd(year, 12, 26)],
  ];
  const list = Object.freeze(
    dates
      .map(([key, date]) => ({ date, key, name: HOLIDAY_NAMES[key] }))
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)),
  );
  holidayCache.set(year, list);
  return list;
}

/** The holidays falling on `date` (two can coincide, e.g. Bevrijdingsdag and Hemelvaartsdag in 2016). */
export function holidaysOn(date: IsoDate): PublicHoliday[] {
  toDayNumber(date);
  const year = Number(date.slice(0, 4));
  return dutchPublicHolidays(year).filter((h) => h.date === date);
}

export function isPublicHoliday(date: IsoDate): boolean {
  return holidaysOn(date).length > 0;
}

export function isWeekend(date: IsoDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

/** Answers already computed: every deadline asks about the same few weeks again and again. */
const workingDayCache = new Map<IsoDate, boolean>();
/** Bounds the caches: about 27 years of days, or 3 years of hours. */
const CACHE_LIMIT = 10_000;

/** Monday to Friday and not a public holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  const cached = workingDayCache.get(date);
  if (cached !== undefined) return cached;
  const answer = !isWeekend(date) && !isPublicHoliday(date);
  if (workingDayCache.size >= CACHE_LIMIT) workingDayCache.clear();
  workingDayCache.set(date, answer);
  return answer;
}

/** `date` itself when it is a working day, else the first working day after it. */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addCalendarDays(day, 1);
  return day;
}

/**
 * The `n`-th working day after `date`; `date` itself never counts. `addWorkingDays(d, 0)` is `d`.
 * Friday + 1 is Monday; Saturday + 1 is also Monday (a weekend receipt counts as if received Friday
 * evening).
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n) || n < 0) {
    throw new AppError("VALIDATION_FAILED", "Aantal werkdagen moet een geheel getal ≥ 0 zijn.");
  }
  let day = date;
  toDayNumber(day);
  for (let left = n; left > 0; ) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day)) left -= 1;
  }
  return day;
}

/**
 * The number of working days `d` with `a < d ≤ b`; negative when `b` is before `a`. Inverse of
 * `addWorkingDays`: `workingDaysBetween(a, addWorkingDays(a, n)) === n`.
 */
export function workingDaysBetween(a: IsoDate, b: IsoDate): number {
  const from = toDayNumber(a);
  const to = toDayNumber(b);
  if (to < from) return -workingDaysBetween(b, a);
  let count = 0;
  for (let day = from + 1; day <= to; day += 1) {
    if (isWorkingDay(fromDayNumber(day))) count += 1;
  }
  return count;
}

const amsterdamParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

const HOUR_MS = 3_600_000;
/** Amsterdam date and hour per UTC hour (formatting through Intl is slow; see localParts). */
const hourCache = new Map<number, { date: IsoDate; hour: number }>();

/**
 * Amsterdam's date, hour and minute at `instant`. Amsterdam's offset is a whole number of hours
 * and changes only on a whole UTC hour, so every instant of one UTC hour has the same local date
 * and hour, and the UTC minute: the formatting is done once per hour.
 */
function localParts(instant: Date): { date: IsoDate; hour: number; minute: number } {
  const utcHour = Math.floor(instant.getTime() / HOUR_MS);
  let local = hourCache.get(utcHour);
  if (!local) {
    const parts = Object.fromEntries(
      amsterdamParts.formatToParts(new Date(utcHour * HOUR_MS)).map((p) => [p.type, p.value]),
    );
    local = { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
    if (hourCache.size >= CACHE_LIMIT) hourCache.clear();
    hourCache.set(utcHour, local);
  }
  return { ...local, minute: instant.getUTCMinutes() };
}

/** The Amsterdam calendar date on which `instant` falls. */
export function amsterdamDateOf(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw invalidDate();
  return localParts(instant).date;
}

/**
 * The instant of midnight at the start of `date` in Amsterdam. Amsterdam is UTC+1 or UTC+2 and the
 * clocks change at 02:00/03:00 local time, never at midnight, so exactly one of the two offsets fits.
 */
export function startOfAmsterdamDay(date: IsoDate): Date {
  const utcMidnight = toDayNumber(date) * DAY_MS;
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(utcMidnight - offsetHours * 3_600_000);
    const local = localParts(candidate);
    if (local.date === date && local.hour === 0 && local.minute === 0) return candidate;
  }
  // Unreachable for Europe/Amsterdam since 1980; fail loudly rather than return a wrong instant.
  throw new AppError("INTERNAL", "Kon middernacht in Amsterdam niet bepalen.");
}

/** How long the desk has, per urgency. */
export type DeadlineRule = { kind: "hours"; hours: number } | { kind: "working_days"; days: number };

/**
 * Deadlines per urgency: the time within which the signal desk must have triaged the signal and, where
 * needed, routed it. Configurable by passing another table to `deadlineFor`.
 *
 * - `immediate` — 4 clock hours, weekends and holidays included. Acute danger to a person does not wait
 *   for a working day; 4 hours keeps hand-over to a quick-response team (police, or the labour
 *   inspectorate's team for "urgent reports", see the programme text) within the same shift. Anyone in
 *   immediate danger of life must still call 112: the form says so; Samen is not an emergency line.
 * - `high` — 1 working day: by the end of the next working day. For signals with a clear, current victim
 *   situation that is not acute (e.g. a named workplace where people are exploited now).
 * - `normal` — 5 working days: a working week, the time enrichment typically needs (asking partners to
 *   check their own sources and waiting for their answers).
 * - `low` — 10 working days: background or contextual information without an identifiable current
 *   victim; it can wait for the next regular signal meeting (the programme's "meldingenoverleg").
 * Working-day deadlines end at midnight (Amsterdam) at the end of the due date.
 */
export const URGENCY_DEADLINES: Readonly<Record<Urgency, DeadlineRule>> = Object.freeze({
  immediate: { kind: "hours", hours: 4 },
  high: { kind: "working_days", days: 1 },
  normal: { kind: "working_days", days: 5 },
  low: { kind: "working_days", days: 10 },
});

export type Deadline = {
  /** The last Amsterdam calendar date on which the work is on time. */
  dueDate: IsoDate;
  /** The instant from which the work is overdue. */
  dueAt: Date;
  rule: DeadlineRule;
};

/** The deadline that follows from a rule and the instant the clock started. */
export function deadlineFromRule({ startedAt, rule }: { startedAt: Date; rule: DeadlineRule }): Deadline {
  if (Number.isNaN(startedAt.getTime())) throw invalidDate();
  if (rule.kind === "hours") {
    const dueAt = new Date(startedAt.getTime() + rule.hours * 3_600_000);
    return { dueDate: amsterdamDateOf(dueAt), dueAt, rule };
  }
  const dueDate = addWorkingDays(amsterdamDateOf(startedAt), rule.days);
  return { dueDate, dueAt: startOfAmsterdamDay(addCalendarDays(dueDate, 1)), rule };
}

/** The desk's deadline for a signal received at `receivedAt` with this urgency. */
export function deadlineFor({
  receivedAt,
  urgency,
  table = URGENCY_DEADLINES,
}: {
  receivedAt: Date;
  urgency: Urgency;
  table?: Readonly<Record<Urgency, DeadlineRule>>;
}): Deadline {
  return deadlineFromRule({ startedAt: receivedAt, rule: table[urgency] });
}

/** Whether, at `now`, the deadline for this signal has passed. The deadline instant itself is overdue. */
export function isOverdue({
  receivedAt,
  urgency,
  now,
  table = URGENCY_DEADLINES,
}: {
  receivedAt: Date;
  urgency: Urgency;
  now: Date;
  table?: Readonly<Record<Urgency, DeadlineRule>>;
}): boolean {
  return now.getTime() >= deadlineFor({ receivedAt, urgency, table }).dueAt.getTime();
}
