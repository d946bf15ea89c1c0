import { describe, expect, it } from "vitest";
import type { AppError } from "../platform/errors";
import {
  assignCoordinator,
  type Coordinator,
  coverageReport,
  FINAL_TRANSFER_STATUSES,
  TRANSFER_ACTIONS,
  TRANSFER_STATUSES,
  TRANSFER_TRANSITIONS,
  type TransferAction,
  type TransferParty,
  type TransferStatus,
  transferTransition,
  validateTransferRequest,
} from "./coordination.rules";
import { allowedActions, checkTransition, reachableStates } from "./transitions.rules";

// Synthetic regions and organisations (not the real care-coordination regions).
const REGIONS: Record<string, string> = {
  GM0001: "region-a",
  GM0002: "region-a",
  GM0003: "region-b",
  GM0004: "region-c",
  GM0005: "region-d",
};
const COMENSHA: Coordinator = { organisationId: "org-comensha" };
const A: Coordinator = { organisationId: "org-a" };
const B_YOUNG: Coordinator = { organisationId: "org-b-young", ageRange: { max: 22 } };
const B_OLDER: Coordinator = { organisationId: "org-b-older", ageRange: { min: 23 } };
const ACTIVE: Record<string, Coordinator[]> = {
  "region-a": [A],
  "region-b": [B_YOUNG, B_OLDER],
  "region-c": [],
};

describe("assignCoordinator", () => {
  it.each([
    // found, lives, age, preference, expected org, basis
    ["GM0001", "GM0003", 30, undefined, "org-a", "found"],
    ["GM0003", "GM0001", 30, undefined, "org-b-older", "found"],
    ["GM0003", "GM0001", 19, undefined, "org-b-young", "found"],
    ["GM0003", "GM0001", null, undefined, "org-b-young", "found"], // age unknown: first in region order
    ["GM0004", "GM0001", 30, undefined, "org-a", "lives"], // region without coordinator → next basis
    ["GM0005", "GM0001", 30, undefined, "org-a", "lives"], // region absent from the active map
    ["GM9999", "GM0003", 40, undefined, "org-b-older", "lives"], // municipality in no region
    [null, "GM0001", 30, undefined, "org-a", "lives"],
    ["GM0001", "GM0003", 30, ["lives", "found"], "org-b-older", "lives"],
    ["GM0004", null, 30, undefined, "org-comensha", "fallback"],
    [null, null, null, undefined, "org-comensha", "fallback"],
  ] as const)("found %s, lives %s, age %s, %j → %s (%s)", (found, lives, age, preference, org, basis) => {
    const result = assignCoordinator({
      foundMunicipality: found,
      residenceMunicipality: lives,
      age,
      regionLookup: REGIONS,
      activeCoordinatorsByRegion: ACTIVE,
      ...(preference ? { preference } : {}),
      fallback: COMENSHA,
    });
    expect(result.assigned).toBe(true);
    if (!result.assigned) return;
    expect(result.coordinator.organisationId).toBe(org);
    expect(result.basis).toBe(basis);
  });

  it("explains every step it tried", () => {
    const result = assignCoordinator({
      foundMunicipality: "GM0004",
      residenceMunicipality: "GM9999",
      regionLookup: new Map(Object.entries(REGIONS)),
      activeCoordinatorsByRegion: ACTIVE,
    });
    expect(result).toEqual({
      assigned: false,
      trail: [
        { basis: "found", municipality: "GM0004", regionCode: "region-c", outcome: "no_active_coordinator" },
        { basis: "lives", municipality: "GM9999", regionCode: null, outcome: "municipality_without_region" },
      ],
    });
  });

  it("reports no coordinator for the age, and offers alternatives", () => {
    const onlyYoung = { "region-b": [B_YOUNG] };
    const r = assignCoordinator({
      foundMunicipality: "GM0003",
      residenceMunicipality: null,
      age: 40,
      regionLookup: REGIONS,
      activeCoordinatorsByRegion: onlyYoung,
    });
    expect(r.assigned).toBe(false);
    expect(r.trail[0]?.outcome).toBe("no_coordinator_for_age");
    const both = assignCoordinator({
      foundMunicipality: "GM0003",
      residenceMunicipality: null,
      regionLookup: REGIONS,
      activeCoordinatorsByRegion: ACTIVE,
    });
    expect(both.assigned && both.alternatives.map((c) => c.organisationId)).toEqual(["org-b-older"]);
  });

  it("does not trip over inherited object keys", () => {
    const r = assignCoordinator({
      foundMunicipality: "toString",
      residenceMunicipality: null,
      regionLookup: REGIONS,
      activeCoordinatorsByRegion: ACTIVE,
    });
    expect(r.trail[0]?.outcome).toBe("municipality_without_region");
  });
});

describe("coverageReport", () => {
  it("lists municipalities and regions without an active coordinator", () => {
    const report = coverageReport({
      municipalities: ["GM0001", "GM0002", "GM0003", "GM0004", "GM0005", "GM0006", "GM0001"],
      regionLookup: REGIONS,
      activeCoordinatorsByRegion: ACTIVE,
      regions: ["region-e"],
    });
    expect(report.municipalityCount).toBe(6);
    expect(report.coveredCount).toBe(3);
    expect(report.coveredShare).toBeCloseTo(0.5);
    expect(report.municipalitiesWithoutRegion).toEqual(["GM0006"]);
    expect(report.municipalitiesWithoutCoordinator).toEqual(["GM0004", "GM0005"]);
    expect(report.regionsWithoutCoordinator).toEqual(["region-c", "region-d", "region-e"]);
    expect(report.byRegion).toContainEqual({
      regionCode: "region-a",
      municipalities: 2,
      activeCoordinators: 1,
    });
    expect(report.byRegion).toContainEqual({
      regionCode: "region-e",
      municipalities: 0,
      activeCoordinators: 0,
    });
  });

  it("is fully covered with nothing to cover", () => {
    expect(
      coverageReport({ municipalities: [], regionLookup: {}, activeCoordinatorsByRegion: {} }).coveredShare,
    ).toBe(1);
  });
});

describe("transfer state machine", () => {
  // The whole table, every (state, action, party): the expected result or the refusal code.
  const expected: Record<string, TransferStatus | "ILLEGAL" | "PARTY" | "REASON"> = {
    "requested/accept/receiving_coordinator": "accepted",
    "requested/accept/sending_coordinator": "PARTY",
    "requested/decline/receiving_coordinator": "declined",
    "requested/decline/sending_coordinator": "PARTY",
    "requested/withdraw/sending_coordinator": "withdrawn",
    "requested/withdraw/receiving_coordinator": "PARTY",
    "requested/complete/receiving_coordinator": "ILLEGAL",
    "requested/complete/sending_coordinator": "ILLEGAL",
    "accepted/complete/receiving_coordinator": "completed",
    "accepted/complete/sending_coordinator": "PARTY",
    "accepted/withdraw/sending_coordinator": "ILLEGAL",
    "accepted/accept/receiving_coordinator": "ILLEGAL",
    "accepted/decline/receiving_coordinator": "ILLEGAL",
  };
  const parties: TransferParty[] = ["sending_coordinator", "receiving_coordinator"];

  for (const from of TRANSFER_STATUSES) {
    for (const action of TRANSFER_ACTIONS) {
      for (const party of parties) {
        const key = `${from}/${action}/${party}`;
        const want = expected[key] ?? "ILLEGAL";
        it(`${key} → ${want}`, () => {
          const check = checkTransition({
            table: TRANSFER_TRANSITIONS,
            from,
            action,
            party,
            reason: "no_capacity",
          });
          if (want === "ILLEGAL") expect(check).toMatchObject({ ok: false, code: "ILLEGAL_TRANSITION" });
          else if (want === "PARTY")
            expect(check).toMatchObject({ ok: false, code: "PARTY_MAY_NOT_TRANSITION" });
          else expect(check.ok && check.edge.to).toBe(want);
        });
      }
    }
  }

  it("final statuses allow nothing, and every open status can reach a final one", () => {
    for (const s of FINAL_TRANSFER_STATUSES) expect(allowedActions(TRANSFER_TRANSITIONS, s)).toEqual([]);
    for (const s of ["requested", "accepted"] as const) {
      const reach = reachableStates(TRANSFER_TRANSITIONS, s);
      expect(FINAL_TRANSFER_STATUSES.some((f) => reach.has(f))).toBe(true);
    }
  });

  it.each([
    ["decline without reason", { action: "decline", declineReason: null }, "VALIDATION_FAILED"],
    ["decline with an unknown reason", { action: "decline", declineReason: "bored" }, "VALIDATION_FAILED"],
    ["decline 'other' without note", { action: "decline", declineReason: "other" }, "VALIDATION_FAILED"],
    ["sender accepts", { action: "accept", party: "sending_coordinator" }, "FORBIDDEN"],
    ["complete before accept", { action: "complete" }, "CONFLICT"],
  ] as const)("%s → %s", (_, change, code) => {
    const input = {
      from: "requested" as TransferStatus,
      party: "receiving_coordinator" as TransferParty,
      ...change,
    } as { from: TransferStatus; action: TransferAction; party: TransferParty; declineReason?: never };
    expect(() => transferTransition(input)).toThrow(expect.objectContaining({ code }));
  });

  it("accepts a decline with a reason and a note for 'other'", () => {
    expect(
      transferTransition({
        from: "requested",
        action: "decline",
        party: "receiving_coordinator",
        declineReason: "no_capacity",
      }),
    ).toBe("declined");
    expect(
      transferTransition({
        from: "requested",
        action: "decline",
        party: "receiving_coordinator",
        declineReason: "other",
        note: "Synthetic note",
      }),
    ).toBe("declined");
  });
});

describe("validateTransferRequest", () => {
  const good = { fromOrganisationId: "org-a", toOrganisationId: "org-b", reason: "victim_moved" as const };

  it("accepts a good request", () => {
    expect(() => validateTransferRequest({ request: good, openTransfers: 0 })).not.toThrow();
  });

  it.each([
    [{ ...good, toOrganisationId: "org-a" }, "toOrganisationId"],
    [{ ...good, fromOrganisationId: "" }, "fromOrganisationId"],
    [{ ...good, reason: "other" as const }, "note"],
    [{ ...good, reason: "whim" as never }, "reason"],
  ])("refuses %j (field %s)", (request, field) => {
    try {
      validateTransferRequest({ request, openTransfers: 0 });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe("VALIDATION_FAILED");
      expect((e as AppError).fields?.map((f) => f.field)).toContain(field);
    }
  });

  it("refuses a second open transfer with CONFLICT", () => {
    expect(() => validateTransferRequest({ request: good, openTransfers: 1 })).toThrow(
      expect.objectContaining({ code: "CONFLICT" }),
    );
  });
});
