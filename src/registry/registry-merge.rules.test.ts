import { describe, expect, it } from "vitest";
import { chooseSurvivor, isDoubtful, registrationBlindIndexInputs } from "./registry-merge.rules";

// Synthetic identifiers only.
describe("registrationBlindIndexInputs", () => {
  it("hashes name and alias with birth date and year, and the phone", () => {
    expect(
      registrationBlindIndexInputs({
        name: "Ioana Testnaam",
        alias: "Roza",
        birthDate: "2001-02-03",
        phone: "06-12345678",
      }),
    ).toEqual([
      { kind: "name_birthdate", input: "name_birthdate:ioana testnaam|2001-02-03" },
      { kind: "name_birthyear", input: "name_birthyear:ioana testnaam|2001" },
      { kind: "name_birthdate", input: "name_birthdate:roza|2001-02-03" },
      { kind: "name_birthyear", input: "name_birthyear:roza|2001" },
      { kind: "phone", input: "phone:+31612345678" },
    ]);
  });

  it("gives no name token without a birth date, none for an empty name, and no repeats", () => {
    expect(
      registrationBlindIndexInputs({ name: "Ioana", alias: null, birthDate: null, phone: null }),
    ).toEqual([]);
    expect(
      registrationBlindIndexInputs({ name: "  ", alias: "", birthDate: "2001-02-03", phone: "" }),
    ).toEqual([]);
    expect(
      registrationBlindIndexInputs({
        name: "Testnaam, Ioana",
        alias: "ioana testnaam",
        birthDate: "2001-02-03",
        phone: null,
      }).length,
    ).toBe(2);
  });
});

describe("chooseSurvivor", () => {
  const early = { id: "b", createdAt: new Date("2026-01-01T10:00:00Z") };
  const late = { id: "a", createdAt: new Date("2026-01-02T10:00:00Z") };

  it("keeps the registration received first, whichever order it is given in", () => {
    expect(chooseSurvivor(early, late)).toEqual({ survivor: early, other: late });
    expect(chooseSurvivor(late, early)).toEqual({ survivor: early, other: late });
  });

  it("breaks a tie on the id", () => {
    const twin = { id: "a", createdAt: early.createdAt };
    expect(chooseSurvivor(early, twin).survivor).toBe(twin);
    expect(chooseSurvivor(twin, early).survivor).toBe(twin);
  });
});

describe("isDoubtful", () => {
  it("is doubtful below 0.85 or with any conflict", () => {
    expect(isDoubtful({ score: 0.85, conflicts: [] })).toBe(false);
    expect(isDoubtful({ score: 0.849, conflicts: [] })).toBe(true);
    expect(isDoubtful({ score: 0.95, conflicts: ["phone"] })).toBe(true);
  });
});
