import { describe, expect, it } from "vitest";
import {
  addCalendarDays,
  addWorkingDays,
  amsterdamDateOf,
  deadlineFor,
  dutchPublicHolidays,
  easterSunday,
  holidaysOn,
  isIsoDate,
  isOverdue,
  isPublicHoliday,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  startOfAmsterdamDay,
  URGENCY_DEADLINES,
  workingDaysBetween,
} from "./working-days.rules";

describe("easterSunday", () => {
  // Published Easter dates (Western churches).
  it.each([
    [2020, "2020-04-12"],
    [2021, "2021-04-04"],
    [2022, "2022-04-17"],
    [2023, "2023-04-09"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2028, "2028-04-16"],
    [2029, "2029-04-01"],
    [2030, "2030-04-21"],
    // extremes of the Gregorian range of Easter: 22 March and 25 April
    [1818, "1818-03-22"],
    [2285, "2285-03-22"],
    [1943, "1943-04-25"],
    [2038, "2038-04-25"],
  ])("%i → %s", (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it("is always a Sunday between 22 March and 25 April", () => {
    for (let year = 1980; year <= 2200; year += 1) {
      const easter = easterSunday(year);
      expect(new Date(`${easter}T00:00:00Z`).getUTCDay()).toBe(0);
      expect(easter.slice(5) >= "03-22" && easter.slice(5) <= "04-25").toBe(true);
    }
  });
});

describe("dutchPublicHolidays", () => {
  it("lists the eleven holidays of 2025 with Koningsdag moved to Saturday 26 April", () => {
    expect(dutchPublicHolidays(2025).map((h) => [h.key, h.date])).toEqual([
      ["nieuwjaarsdag", "2025-01-01"],
      ["goede_vrijdag", "2025-04-18"],
      ["eerste_paasdag", "2025-04-20"],
      ["tweede_paasdag", "2025-04-21"],
      ["koningsdag", "2025-04-26"],
      ["bevrijdingsdag", "2025-05-05"],
      ["hemelvaartsdag", "2025-05-29"],
      ["eerste_pinksterdag", "2025-06-08"],
      ["tweede_pinksterdag", "2025-06-09"],
      ["eerste_kerstdag", "2025-12-25"],
      ["tweede_kerstdag", "2025-12-26"],
    ]);
  });

  it.each([
    [2014, "2014-04-26"], // 27 April was a Sunday
    [2020, "2020-04-27"],
    [2024, "2024-04-27"], // a Saturday: stays on the 27th
    [2025, "2025-04-26"],
    [2026, "2026-04-27"],
    [2031, "2031-04-26"],
    [2013, "2013-04-30"], // Koninginnedag
    [2006, "2006-04-29"], // 30 April 2006 was a Sunday
  ])("Koningsdag/Koninginnedag %i → %s", (year, expected) => {
    expect(dutchPublicHolidays(year).find((h) => h.key === "koningsdag")?.date).toBe(expected);
  });

  it("keeps Bevrijdingsdag every year, not only in lustrum years", () => {
    for (const year of [2021, 2022, 2023, 2024, 2025, 2026]) {
      expect(isPublicHoliday(`${year}-05-05`)).toBe(true);
    }
  });

  it("reports both holidays when Bevrijdingsdag falls on Hemelvaartsdag (2016)", () => {
    expect(holidaysOn("2016-05-05").map((h) => h.key)).toEqual(["bevrijdingsdag", "hemelvaartsdag"]);
  });

  it("treats Goede Vrijdag as a holiday and the Friday after Ascension as a working day", () => {
    expect(isPublicHoliday("2024-03-29")).toBe(true);
    expect(isWorkingDay("2025-05-30")).toBe(true);
  });

  it("refuses years before the supported range", () => {
    expect(() => dutchPublicHolidays(1979)).toThrow();
  });
});

describe("isWorkingDay", () => {
  it.each([
    ["2025-01-01", false, "Nieuwjaarsdag (Wednesday)"],
    ["2025-01-02", true, "ordinary Thursday"],
    ["2025-01-04", false, "Saturday"],
    ["2025-01-05", false, "Sunday"],
    ["2025-04-18", false, "Goede Vrijdag"],
    ["2025-04-21", false, "Tweede Paasdag"],
    ["2025-04-25", true, "Friday before Koningsdag on Saturday"],
    ["2025-05-05", false, "Bevrijdingsdag (Monday)"],
    ["2025-05-29", false, "Hemelvaartsdag"],
    ["2025-06-09", false, "Tweede Pinksterdag"],
    ["2025-12-24", true, "Christmas Eve"],
    ["2025-12-25", false, "Eerste Kerstdag"],
    ["2025-12-26", false, "Tweede Kerstdag"],
    ["2025-12-31", true, "New Year's Eve"],
    ["2026-04-27", false, "Koningsdag (Monday)"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it("rejects dates that do not exist", () => {
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-1-01")).toBe(false);
    expect(() => isWorkingDay("2025-02-30")).toThrow();
  });
});

describe("addWorkingDays", () => {
  it.each([
    ["2025-01-10", 1, "2025-01-13", "Friday → Monday"],
    ["2025-01-11", 1, "2025-01-13", "Saturday → Monday"],
    ["2025-01-12", 1, "2025-01-13", "Sunday → Monday"],
    ["2025-01-13", 0, "2025-01-13", "zero is identity"],
    ["2025-01-11", 0, "2025-01-11", "zero is identity, even on a weekend"],
    ["2025-04-17", 1, "2025-04-22", "over Goede Vrijdag, Easter weekend and Easter Monday"],
    ["2025-05-02", 1, "2025-05-06", "over the weekend and Bevrijdingsdag"],
    ["2025-05-28", 1, "2025-05-30", "over Hemelvaartsdag"],
    ["2025-06-06", 1, "2025-06-10", "over Whit weekend"],
    ["2025-12-24", 1, "2025-12-29", "over Christmas and the weekend"],
    ["2025-12-31", 1, "2026-01-02", "over Nieuwjaarsdag into the new year"],
    ["2025-03-03", 5, "2025-03-10", "a working week"],
    ["2025-04-14", 5, "2025-04-23", "a working week around Easter"],
    ["2025-12-19", 10, "2026-01-07", "two working weeks over Christmas and New Year"],
  ])("%s + %i → %s (%s)", (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });

  it("refuses negative or fractional counts", () => {
    expect(() => addWorkingDays("2025-01-10", -1)).toThrow();
    expect(() => addWorkingDays("2025-01-10", 1.5)).toThrow();
  });

  it("nextWorkingDayOnOrAfter keeps working days and skips the rest", () => {
    expect(nextWorkingDayOnOrAfter("2025-01-13")).toBe("2025-01-13");
    expect(nextWorkingDayOnOrAfter("2025-04-18")).toBe("2025-04-22");
  });
});

describe("workingDaysBetween", () => {
  it.each([
    ["2025-01-10", "2025-01-13", 1],
    ["2025-01-13", "2025-01-10", -1],
    ["2025-01-13", "2025-01-13", 0],
    ["2025-01-11", "2025-01-12", 0],
    ["2025-04-17", "2025-04-22", 1],
    ["2025-01-01", "2025-12-31", 253], // 261 weekdays in 2025, 8 weekday holidays
  ])("(%s, %s] → %i", (a, b, expected) => {
    expect(workingDaysBetween(a, b)).toBe(expected);
  });

  it("is the inverse of addWorkingDays on a spread of dates", () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let i = 0; i < 300; i += 1) {
      const start = addCalendarDays("2020-01-01", next() % 4000);
      const n = next() % 25;
      const end = addWorkingDays(start, n);
      expect(workingDaysBetween(start, end)).toBe(n);
      if (n > 0) expect(isWorkingDay(end)).toBe(true);
    }
  });
});

describe("Amsterdam calendar", () => {
  it.each([
    ["2025-03-29T23:30:00Z", "2025-03-30"], // 00:30 CET
    ["2025-03-30T21:59:00Z", "2025-03-30"], // 23:59 CEST
    ["2025-03-30T22:00:00Z", "2025-03-31"],
    ["2025-10-26T22:59:00Z", "2025-10-26"], // 23:59 CET, after the change back
    ["2025-10-26T23:00:00Z", "2025-10-27"],
  ])("instant %s is on %s in Amsterdam", (instant, date) => {
    expect(amsterdamDateOf(new Date(instant))).toBe(date);
  });

  it.each([
    ["2025-01-15", "2025-01-14T23:00:00.000Z"],
    ["2025-03-30", "2025-03-29T23:00:00.000Z"], // DST starts later that night
    ["2025-03-31", "2025-03-30T22:00:00.000Z"],
    ["2025-10-26", "2025-10-25T22:00:00.000Z"], // DST ends later that night
    ["2025-10-27", "2025-10-26T23:00:00.000Z"],
  ])("midnight starting %s is %s", (date, instant) => {
    expect(startOfAmsterdamDay(date).toISOString()).toBe(instant);
  });
});

describe("deadlineFor and isOverdue", () => {
  it("keeps the urgency table as data", () => {
    expect(URGENCY_DEADLINES).toEqual({
      immediate: { kind: "hours", hours: 4 },
      high: { kind: "working_days", days: 1 },
      normal: { kind: "working_days", days: 5 },
      low: { kind: "working_days", days: 10 },
    });
  });

  it.each([
    // receivedAt (UTC), urgency, due date, due instant (UTC)
    ["2025-01-13T08:00:00Z", "high", "2025-01-14", "2025-01-14T23:00:00.000Z"],
    ["2025-01-13T08:00:00Z", "normal", "2025-01-20", "2025-01-20T23:00:00.000Z"],
    ["2025-01-13T08:00:00Z", "low", "2025-01-27", "2025-01-27T23:00:00.000Z"],
    // Saturday 00:30 in Amsterdam, still Friday in UTC: the Amsterdam date counts; due end of Monday (CEST)
    ["2025-03-28T23:30:00Z", "high", "2025-03-31", "2025-03-31T22:00:00.000Z"],
    // Friday 23:59 Amsterdam (CEST): due end of Monday, which is CET again
    ["2025-10-24T21:59:00Z", "high", "2025-10-27", "2025-10-27T23:00:00.000Z"],
    // Thursday before Easter: Goede Vrijdag and Easter Monday do not count
    ["2025-04-17T10:00:00Z", "high", "2025-04-22", "2025-04-22T22:00:00.000Z"],
    // immediate runs on the clock, holidays included
    ["2025-12-25T10:00:00Z", "immediate", "2025-12-25", "2025-12-25T14:00:00.000Z"],
    ["2025-06-30T21:00:00Z", "immediate", "2025-07-01", "2025-07-01T01:00:00.000Z"],
  ] as const)("%s %s → due %s (%s)", (receivedAt, urgency, dueDate, dueAt) => {
    const deadline = deadlineFor({ receivedAt: new Date(receivedAt), urgency });
    expect(deadline.dueDate).toBe(dueDate);
    expect(deadline.dueAt.toISOString()).toBe(dueAt);
  });

  it("is overdue from the deadline instant on, not before", () => {
    const receivedAt = new Date("2025-01-13T08:00:00Z");
    const { dueAt } = deadlineFor({ receivedAt, urgency: "high" });
    expect(isOverdue({ receivedAt, urgency: "high", now: new Date(dueAt.getTime() - 1) })).toBe(false);
    expect(isOverdue({ receivedAt, urgency: "high", now: dueAt })).toBe(true);
  });

  it("accepts another deadline table", () => {
    const receivedAt = new Date("2025-01-13T08:00:00Z");
    const table = { ...URGENCY_DEADLINES, normal: { kind: "working_days", days: 3 } } as const;
    expect(deadlineFor({ receivedAt, urgency: "normal", table }).dueDate).toBe("2025-01-16");
  });

  it("rejects an invalid instant", () => {
    expect(() => deadlineFor({ receivedAt: new Date("nonsense"), urgency: "high" })).toThrow();
  });
});

describe("Amsterdam dates, computed once per hour", () => {
  const direct = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });

  it("agree with formatting every instant itself, around midnight and across clock changes", () => {
    // Every 7 minutes across the days the clocks change (2026-03-29, 2026-10-25), around New Year,
    // and a spread of instants from 1980 to 2060.
    const instants: number[] = [];
    for (const day of ["2026-03-28T20:00:00Z", "2026-10-24T20:00:00Z", "2026-12-31T20:00:00Z"])
      for (let t = Date.parse(day); t < Date.parse(day) + 12 * 3_600_000; t += 7 * 60_000) instants.push(t);
    for (let t = Date.UTC(1980, 0, 1); t < Date.UTC(2060, 0, 1); t += 104_729_000 + 13_001) instants.push(t);
    for (const t of instants) {
      const instant = new Date(t);
      expect(amsterdamDateOf(instant), instant.toISOString()).toBe(direct.format(instant));
      // Asked twice (the second from the cache), the answer is the same.
      expect(amsterdamDateOf(instant)).toBe(direct.format(instant));
    }
    expect(instants.length).toBeGreaterThan(20_000);
  });

  it("start-of-day instants stay exact on both clock-change days", () => {
    expect(startOfAmsterdamDay("2026-03-29").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfAmsterdamDay("2026-03-30").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfAmsterdamDay("2026-10-25").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfAmsterdamDay("2026-10-26").toISOString()).toBe("2026-10-25T23:00:00.000Z");
  });
});
