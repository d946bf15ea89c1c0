/**
 * The batch writes of signal intake (one statement for many rows), on both databases: they store
 * exactly what the row-by-row functions store. All data is synthetic.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { auditProbe, buildPersonInput, buildUser } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { appendAudit } from "../audit/audit.repository";
import { verifyStoredChain } from "../audit/audit.verify";
import {
  findPerson,
  insertPerson,
  insertPersons,
  listGrants,
  personValues,
} from "../persons/person.repository";
import {
  findSignal,
  grantToSignalDesk,
  insertActions,
  insertSignalParts,
  insertSubmittedSignal,
  listActions,
  listEvents,
  listSubjects,
  signalPersonIds,
  signalPersons,
} from "./signal.repository";

describeOnEachDatabase("signal intake batch writes", (h) => {
  const submitted = (organisationId: string, userId: string, municipalityCode: string | null) => ({
    id: randomUUID(),
    year: 2026,
    channel: "partner_api" as const,
    organisationId,
    reporterUserId: null,
    municipalityCode,
    address: "Batchstraat 1, 3511 AA Utrecht (synthetisch)",
    observedOn: "2026-11-20",
    forms: ["labour"],
    indicatorIds: [],
    narrative: "Synthetisch: batchtest.",
    urgency: "normal" as const,
    minorInvolved: false,
    createdAt: new Date("2026-11-20T10:00:00.000Z"),
    submittedAt: new Date("2026-11-20T10:00:00.001Z"),
    deadlineAt: new Date("2026-11-27T10:00:00.000Z"),
    actorUserId: userId,
    actorOrganisationId: organisationId,
    persons: [],
    subjects: [],
    actions: [],
    desk: {
      purposes: ["supervision", "investigation"],
      exceptOrganisationId: organisationId,
      grantedBy: userId,
    },
    audit: [],
  });
  const company = {
    kind: "company" as const,
    name: "Batch BV (synthetisch)",
    kvkNumber: "69599009",
    address: null,
    addressKey: null,
    phone: "0612345678",
    phoneKey: "+31612345678",
  };
  const location = {
    kind: "location" as const,
    name: null,
    kvkNumber: null,
    address: "Batchweg 2, Utrecht",
    addressKey: "batchweg 2 utrecht",
    phone: null,
    phoneKey: null,
  };

  /** Persons, subjects, actions and desk grants of a signal, as stored. */
  async function expectParts(
    deps: ReturnType<typeof h>["deps"],
    q: { signalId: string; personIds: string[]; deskOrganisationId: string; notGranted: string[] },
  ) {
    const { db } = h();
    expect((await signalPersonIds(db, q.signalId)).sort()).toEqual([...q.personIds].sort());
    expect(
      (await signalPersons(db, q.signalId)).sort(
        (a, b) => q.personIds.indexOf(a.id) - q.personIds.indexOf(b.id),
      ),
    ).toEqual([
      { id: q.personIds[0], role: "possible_victim", nationality: "NG", residence_status: "none" },
      { id: q.personIds[1], role: "suspect", nationality: null, residence_status: null },
    ]);
    const subjects = await listSubjects(db, [q.signalId]);
    const c = subjects.find((s) => s.kind === "company")!;
    const l = subjects.find((s) => s.kind === "location")!;
    expect(subjects).toHaveLength(2);
    expect(c).toMatchObject({ name: "Batch BV (synthetisch)", kvk_number: "69599009", address_enc: null });
    expect(deps.cipher.decrypt(c.phone_enc!)).toBe("0612345678");
    expect(c.phone_index).toBe(deps.cipher.blindIndex("+31612345678", "signal.phone"));
    expect(deps.cipher.decrypt(l.address_enc!)).toBe("Batchweg 2, Utrecht");
    expect(l.address_index).toBe(deps.cipher.blindIndex("batchweg 2 utrecht", "signal.address"));
    expect((await listActions(db, q.signalId)).map((a) => [a.kind, a.person_id])).toEqual([
      ["inform_reflection_period", q.personIds[0]],
    ]);
    for (const personId of q.personIds) {
      const grants = await listGrants(db, personId);
      const toDesk = grants.filter((g) => g.organisation_id === q.deskOrganisationId);
      expect(toDesk.map((g) => g.purpose).sort()).toEqual(["investigation", "supervision"]);
      expect(toDesk.every((g) => g.via === "signal_desk" && g.conditions.length === 0)).toBe(true);
      for (const other of q.notGranted) expect(grants.some((g) => g.organisation_id === other)).toBe(false);
    }
  }

  const twoPersons = (owner: { organisationId: string; createdBy: string; at: Date }) => [
    {
      id: randomUUID(),
      role: "possible_victim" as const,
      nationality: "NG",
      residenceStatus: "none" as const,
      ...owner,
    },
    { id: randomUUID(), role: "suspect" as const, alias: "Verdachte (synthetisch)", ...owner },
  ];

  it("insertPersons stores every person as insertPerson does, with the ids given", async () => {
    const { db, deps } = h();
    const user = await buildUser(deps);
    const owner = { organisationId: user.organisationId, createdBy: user.id, at: new Date() };
    const input = buildPersonInput();
    const persons = [
      { id: randomUUID(), ...input, ...owner },
      { id: randomUUID(), role: "suspect" as const, alias: "Batchverdachte (synthetisch)", ...owner },
    ];
    await db.transaction((tx) => insertPersons(tx, deps.cipher, persons));
    const single = await db.transaction((tx) => insertPerson(tx, deps.cipher, { ...input, ...owner }));
    const [first, second, reference] = await Promise.all(
      [persons[0]!.id, persons[1]!.id, single].map((id) => findPerson(db, id)),
    );
    expect(personValues(deps.cipher, first!)).toEqual(personValues(deps.cipher, reference!));
    expect(first!.name_enc).not.toContain("Plantnaam"); // encrypted at rest
    expect(first!.name_index).toBe(reference!.name_index);
    expect(first!.phone_index).toBe(reference!.phone_index);
    expect(second!.role).toBe("suspect");
    expect(personValues(deps.cipher, second!).alias).toBe("Batchverdachte (synthetisch)");
    expect(new Set([first!.pseudonym, second!.pseudonym, reference!.pseudonym]).size).toBe(3);
    await db.transaction((tx) => insertPersons(tx, deps.cipher, [])); // nothing to write: no statement
  });

  it("insertSubmittedSignal files a received signal with its reference, history, persons, subjects, actions and desk grants in one statement", async () => {
    const { db, deps } = h();
    const reporter = await buildUser(deps);
    const desk = await buildUser(deps, { roles: ["desk_officer"] });
    const other = await buildUser(deps); // not a desk officer: no grant
    const persons = twoPersons({
      organisationId: reporter.organisationId,
      createdBy: reporter.id,
      at: new Date(),
    });
    const facts = submitted(reporter.organisationId, reporter.id, "GM0344");
    const filed = await db.transaction((tx) =>
      insertSubmittedSignal(tx, deps.cipher, {
        ...facts,
        persons,
        subjects: [company, location],
        actions: [
          { personId: persons[0]!.id, kind: "inform_reflection_period", dueAt: new Date("2026-11-21") },
        ],
        audit: [
          { input: auditProbe("probe.filed", facts.id), occurredAt: new Date("2026-11-20T10:00:00.001Z") },
        ],
      }),
    );
    expect(filed.id).toBe(facts.id);
    expect(filed.reference).toMatch(/^S-2026-\d{6,}$/);
    const [entry] = await db.query<{ object_id: string; occurred_at: Date; seq: number | null }>(
      "select object_id, occurred_at, seq from audit_log where action = 'probe.filed'",
    );
    expect(entry).toEqual({
      object_id: facts.id,
      occurred_at: new Date("2026-11-20T10:00:00.001Z"),
      seq: null,
    });
    const row = (await findSignal(db, filed.id))!;
    expect(row).toMatchObject({
      reference: filed.reference,
      status: "received",
      channel: "partner_api",
      municipality_code: "GM0344",
      forms: ["labour"],
      submitted_at: new Date("2026-11-20T10:00:00.001Z"),
      deadline_at: new Date("2026-11-27T10:00:00.000Z"),
      created_at: new Date("2026-11-20T10:00:00.000Z"),
      updated_at: new Date("2026-11-20T10:00:00.001Z"),
    });
    expect(row.narrative_enc).not.toContain("batchtest"); // encrypted at rest
    expect(deps.cipher.decrypt(row.narrative_enc!)).toBe("Synthetisch: batchtest.");
    const events = await listEvents(db, filed.id);
    expect(events.map((e) => [e.kind, e.from_status, e.to_status, e.actor_organisation_id])).toEqual([
      ["status", null, "received", reporter.organisationId],
    ]);
    await expectParts(deps, {
      signalId: filed.id,
      personIds: persons.map((p) => p.id),
      deskOrganisationId: desk.organisationId,
      notGranted: [other.organisationId, reporter.organisationId],
    });
    // All or nothing, even without a transaction: an unknown municipality fails the statement, and
    // neither the persons nor the audit entry of that signal are written.
    const count = async (table: string) =>
      (await db.query<{ n: number }>(`select count(*)::int8 as n from ${table}`))[0]!.n;
    const before = {
      signals: await count("signals"),
      persons: await count("persons"),
      audit: await count("audit_log"),
    };
    const unknown = submitted(reporter.organisationId, reporter.id, "GM9999");
    await expect(
      insertSubmittedSignal(db, deps.cipher, {
        ...unknown,
        persons: twoPersons({
          organisationId: reporter.organisationId,
          createdBy: reporter.id,
          at: new Date(),
        }),
        audit: [{ input: auditProbe("probe.unknown", unknown.id), occurredAt: new Date() }],
      }),
    ).rejects.toMatchObject({ code: "23503" });
    expect({
      signals: await count("signals"),
      persons: await count("persons"),
      audit: await count("audit_log"),
    }).toEqual(before);
    const anywhere = await db.transaction((tx) =>
      insertSubmittedSignal(tx, deps.cipher, submitted(reporter.organisationId, reporter.id, null)),
    );
    expect((await findSignal(db, anywhere.id))!.municipality_code).toBeNull();
  });

  it("insertSignalParts, insertActions and grantToSignalDesk write many rows in one statement each", async () => {
    const { db, deps } = h();
    const reporter = await buildUser(deps);
    const desk = await buildUser(deps, { roles: ["desk_officer"] });
    const other = await buildUser(deps);
    const { id } = await db.transaction((tx) =>
      insertSubmittedSignal(tx, deps.cipher, submitted(reporter.organisationId, reporter.id, "GM0344")),
    );
    const persons = twoPersons({
      organisationId: reporter.organisationId,
      createdBy: reporter.id,
      at: new Date(),
    });
    const personIds = persons.map((p) => p.id);
    await db.transaction(async (tx) => {
      await insertPersons(tx, deps.cipher, persons);
      await insertSignalParts(tx, deps.cipher, { signalId: id, personIds, subjects: [company, location] });
      await insertActions(tx, [
        {
          signalId: id,
          personId: personIds[0]!,
          kind: "inform_reflection_period",
          dueAt: new Date("2026-11-21"),
        },
      ]);
      await insertActions(tx, []);
      await grantToSignalDesk(tx, {
        personIds,
        purposes: ["supervision", "investigation"],
        exceptOrganisationId: reporter.organisationId,
        grantedBy: reporter.id,
        at: new Date(),
      });
    });
    await expectParts(deps, {
      signalId: id,
      personIds,
      deskOrganisationId: desk.organisationId,
      notGranted: [other.organisationId, reporter.organisationId],
    });
  });

  it("audit entries of one transaction are chained in the order recorded", async () => {
    const { db } = h();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        db.transaction(async (tx) => {
          for (const n of ["a", "b", "c"])
            await appendAudit(tx, auditProbe("probe.batch", `${i}-${n}`, { objectId: `${i}-${n}` }));
        }),
      ),
    );
    expect((await verifyStoredChain(db)).ok).toBe(true);
    const rows = await db.query<{ seq: number; object_id: string }>(
      "select seq, object_id from audit_log where action = 'probe.batch' order by seq",
    );
    expect(rows).toHaveLength(18);
    // Each transaction's three entries keep the order recorded (other transactions may lie between).
    for (let i = 0; i < 6; i++) {
      const mine = rows.filter((r) => r.object_id.startsWith(`${i}-`)).map((r) => r.object_id);
      expect(mine).toEqual([`${i}-a`, `${i}-b`, `${i}-c`]);
    }
  });
});
