import { expect, it } from "vitest";
import { buildOrganisation, buildPersonInput, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { blindIndexInput } from "./duplicate.rules";

type PersonInput = ReturnType<typeof buildPersonInput>;

describeOnEachDatabase("registry duplicate merging", (h) => {
  let comenshaId: string;
  let registry: TestClient;

  async function registryOfficer(): Promise<TestClient> {
    if (registry) return registry;
    const deps = h().deps;
    comenshaId = (await buildOrganisation(deps, { type: "comensha" })).id;
    registry = new TestClient(h().app, deps.now);
    await registry.login(await buildUser(deps, { roles: ["registry_officer"], organisationId: comenshaId }));
    return registry;
  }

  /** A care coordinator in a care organisation of its own. */
  async function coordinator(): Promise<TestClient> {
    const client = new TestClient(h().app, h().deps.now);
    await client.login(await buildUser(h().deps, { roles: ["care_coordinator"] }));
    return client;
  }

  /**
   * The coordinator records the person, opens a case and registers it with CoMensha: by name when
   * the person consented, otherwise statistical (or the shelter minimum when safety is at stake).
   */
  async function register(
    client: TestClient,
    person: PersonInput,
    { consent = true, safetyAtStake = false }: { consent?: boolean; safetyAtStake?: boolean } = {},
  ): Promise<{ id: string; mode: string }> {
    await registryOfficer(); // CoMensha exists before the registration, so it gets the grant
    const opened = await client.request("POST", "/cases", {
      person,
      foundMunicipalityCode: "GM0363",
      forms: ["labour"],
    });
    expect(opened.status, JSON.stringify(opened.json)).toBe(201);
    const caseId = opened.json.items[0].id as string;
    if (consent) {
      const personId = (await client.request("GET", `/cases/${caseId}`)).json.victim.id as string;
      const given = await client.request("POST", `/persons/${personId}/consents`, {
        purpose: "registration",
        recipientType: "comensha",
        grantedAt: new Date(h().deps.now().getTime() - 1000).toISOString(),
        evidence: { kind: "verbal_with_witness", witnessName: "Getuige (synthetisch)" },
      });
      expect(given.status, JSON.stringify(given.json)).toBe(201);
    }
    const res = await client.request("POST", "/registrations", { caseId, safetyAtStake });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    // Registrations a second apart, so "received first" is unambiguous.
    h().advanceClock(1000);
    return { id: res.json.id, mode: res.json.mode };
  }

  /** The same person as reported by another organisation: same name and birth date, other details. */
  function sameNameAndBirthDate(person: PersonInput): PersonInput {
    const { phone: _phone, ...other } = buildPersonInput();
    // No phone: a phone on both sides that differs is a conflict, and any conflict makes a merge doubtful.
    return { ...other, name: person.name, birthDate: person.birthDate } as PersonInput;
  }

  async function suggestions() {
    const res = await (await registryOfficer()).request("GET", "/registry-duplicates");
    expect(res.status).toBe(200);
    return res.json.items as {
      a: string;
      b: string;
      score: number;
      class: string;
      matchingKinds: string[];
      conflicts: string[];
      doubtful: boolean;
      survivorId: string;
    }[];
  }
  const pairOf = (items: Awaited<ReturnType<typeof suggestions>>, x: string, y: string) =>
    items.find((s) => (s.a === x && s.b === y) || (s.a === y && s.b === x));

  async function registrationRow(id: string) {
    const [row] = await h().db.query<{ status: string; merged_into: string | null }>(
      "select status, merged_into from registrations where id = $1",
      [id],
    );
    return row!;
  }

  async function decisionsAbout(id: string) {
    return h().db.query<{ decision: string; note_enc: string | null }>(
      "select decision, note_enc from registry_merge_decisions where surviving_registration_id = $1 or other_registration_id = $1",
      [id],
    );
  }

  it("stores blind-index tokens (keyed hashes, never values) for registrations by name only", async () => {
    const person = buildPersonInput();
    const byName = await register(await coordinator(), person);
    const statistical = await register(await coordinator(), person, { consent: false });
    const shelter = await register(await coordinator(), person, { consent: false, safetyAtStake: true });
    expect([byName.mode, statistical.mode, shelter.mode]).toEqual([
      "by_name",
      "statistical",
      "shelter_placement_minimum",
    ]);
    const tokens = await h().db.query<{ registration_id: string; kind: string; token_index: string }>(
      "select registration_id, kind, token_index from registration_tokens where registration_id = any($1::uuid[]) order by kind",
      [[byName.id, statistical.id, shelter.id]],
    );
    expect(tokens.every((t) => t.registration_id === byName.id)).toBe(true);
    // Name and alias each with birth date and birth year, and the phone.
    expect(tokens.map((t) => t.kind).sort()).toEqual([
      "name_birthdate",
      "name_birthdate",
      "name_birthyear",
      "name_birthyear",
      "phone",
    ]);
    const expected = h().deps.cipher.blindIndex(
      blindIndexInput({ kind: "name_birthdate", name: person.name, birthDate: person.birthDate })!,
      "registry.name_birthdate",
    );
    expect(tokens.map((t) => t.token_index)).toContain(expected);
    const stored = tokens.map((t) => t.token_index).join(" ");
    for (const t of tokens) expect(t.token_index).toMatch(/^[A-Za-z0-9_-]{43}$/); // HMAC-SHA-256, base64url
    for (const plain of [person.name, person.alias, person.birthDate, person.phone, "1999", "plantnaam"])
      expect(stored.toLowerCase()).not.toContain(plain.toLowerCase());
  });

  it("two organisations registering the same person are suggested as a pair, without names", async () => {
    const person = buildPersonInput();
    const first = await register(await coordinator(), person);
    const second = await register(await coordinator(), sameNameAndBirthDate(person));
    // A statistical registration of the same person carries no tokens and is never suggested.
    const statistical = await register(await coordinator(), person, { consent: false });
    const res = await (await registryOfficer()).request("GET", "/registry-duplicates");
    expect(res.status).toBe(200);
    const pair = pairOf(res.json.items, first.id, second.id);
    expect(pair).toMatchObject({
      score: 0.85,
      class: "likely_same_person",
      matchingKinds: ["name_birthdate"],
      doubtful: false,
      survivorId: first.id,
    });
    expect(pair!.conflicts).toEqual([]);
    expect(JSON.stringify(res.json)).not.toContain(statistical.id);
    for (const plain of [person.name, person.alias, person.phone, person.birthDate])
      expect(JSON.stringify(res.json)).not.toContain(plain);
    const audit = await h().db.query<{ actor_organisation_id: string }>(
      "select actor_organisation_id from audit_log where action = 'registry.duplicates_read'",
    );
    expect(audit.map((a) => a.actor_organisation_id)).toContain(comenshaId);
  });

  it("a merge keeps the earliest registration, marks the other merged, and the export gives both one person_key", async () => {
    const person = buildPersonInput();
    const first = await register(await coordinator(), person);
    const second = await register(await coordinator(), sameNameAndBirthDate(person));
    const officer = await registryOfficer();
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const period = `from=${day(-1)}&to=${day(2)}`;
    const before = (await officer.request("GET", `/registry-export?${period}&format=json`)).json;

    const res = await officer.request("POST", "/registry-merge-decisions", {
      a: second.id,
      b: first.id,
      decision: "same_person",
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({
      decision: "same_person",
      survivingRegistrationId: first.id,
      mergedRegistrationId: second.id,
      evidence: { score: 0.85, class: "likely_same_person", doubtful: false },
    });
    expect(await registrationRow(second.id)).toEqual({ status: "merged", merged_into: first.id });
    expect(await registrationRow(first.id)).toEqual({ status: "received", merged_into: null });
    expect(pairOf(await suggestions(), first.id, second.id)).toBeUndefined();

    const list = (await officer.request("GET", "/registrations")).json.items as {
      id: string;
      status: string;
      mergedInto: string | null;
    }[];
    expect(list.find((r) => r.id === second.id)).toMatchObject({ status: "merged", mergedInto: first.id });
    expect((await officer.request("GET", `/registrations/${second.id}`)).json).toMatchObject({
      status: "merged",
      mergedInto: first.id,
    });

    const after = (await officer.request("GET", `/registry-export?${period}&format=json`)).json;
    expect(after.counts.registrations).toBe(before.counts.registrations);
    expect(after.counts.persons).toBe(before.counts.persons - 1);
    const pseudonym = (id: string) =>
      h()
        .deps.cipher.blindIndex(`${day(-1)}/${day(2)}/${id}`, "registry.export")
        .slice(0, 16);
    const rows = (after.records as { record_id: string; person_key: string }[]).filter((r) =>
      [pseudonym(first.id), pseudonym(second.id)].includes(r.record_id),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]!.person_key).toBe(rows[1]!.person_key);
    expect(rows[0]!.person_key).toBe(pseudonym(first.id));

    const [audit] = await h().db.query<{
      object_id: string;
      actor_user_id: string;
      details: Record<string, unknown>;
    }>(
      "select object_id, actor_user_id, details from audit_log where action = 'registry.merged' and object_id = $1",
      [res.json.id],
    );
    expect(audit!.details).toMatchObject({
      survivingRegistrationId: first.id,
      otherRegistrationId: second.id,
      score: 0.85,
      noteGiven: false,
    });

    // Merging again, either way round, or deciding anything else about a merged registration: 409.
    for (const body of [
      { a: first.id, b: second.id, decision: "same_person" },
      { a: second.id, b: first.id, decision: "not_duplicate" },
    ]) {
      const again = await officer.request("POST", "/registry-merge-decisions", body);
      expect(again.status).toBe(409);
      expect(again.headers.get("content-type")).toMatch(/application\/problem\+json/);
    }
    expect(await decisionsAbout(second.id)).toHaveLength(1);
  });

  it("merges stay flat, and a later registration matching a merged one is suggested against the survivor", async () => {
    const person = buildPersonInput();
    const a = await register(await coordinator(), person);
    const b = await register(await coordinator(), sameNameAndBirthDate(person));
    // c is known to b's organisation by another name: no token in common with b (and no phone,
    // which would conflict with a's and make the second merge doubtful).
    const { phone: _phone, ...other } = buildPersonInput();
    const c = await register(await coordinator(), other as PersonInput);
    const officer = await registryOfficer();
    // The officer merges c into b on other grounds (so with a note): b was received first and stays.
    const bc = await officer.request("POST", "/registry-merge-decisions", {
      a: c.id,
      b: b.id,
      decision: "same_person",
      note: "Zelfde persoon volgens beide melders (synthetisch)",
    });
    expect(bc.status, JSON.stringify(bc.json)).toBe(201);
    expect(await registrationRow(c.id)).toEqual({ status: "merged", merged_into: b.id });
    // Then b with a: a stays, and c, merged into b, is re-pointed to a.
    expect(pairOf(await suggestions(), a.id, b.id)).toBeDefined();
    const ab = await officer.request("POST", "/registry-merge-decisions", {
      a: a.id,
      b: b.id,
      decision: "same_person",
    });
    expect(ab.status, JSON.stringify(ab.json)).toBe(201);
    expect(await registrationRow(b.id)).toEqual({ status: "merged", merged_into: a.id });
    expect(await registrationRow(c.id)).toEqual({ status: "merged", merged_into: a.id });
    const merged = await h().db.query(
      "select 1 from registrations r join registrations s on s.id = r.merged_into where s.merged_into is not null",
    );
    expect(merged).toEqual([]);

    // d matches only c (c's name and birth date); c is merged, so d is suggested against a.
    const d = await register(await coordinator(), sameNameAndBirthDate(other as PersonInput));
    const items = await suggestions();
    expect(pairOf(items, a.id, d.id)).toMatchObject({ class: "likely_same_person", survivorId: a.id });
    expect(items.some((s) => [s.a, s.b].includes(c.id) || [s.a, s.b].includes(b.id))).toBe(false);
  });

  it("not_duplicate suppresses the pair; deciding it again is a conflict", async () => {
    const person = buildPersonInput();
    const first = await register(await coordinator(), person);
    const second = await register(await coordinator(), sameNameAndBirthDate(person));
    const officer = await registryOfficer();
    expect(pairOf(await suggestions(), first.id, second.id)).toBeDefined();
    const res = await officer.request("POST", "/registry-merge-decisions", {
      a: first.id,
      b: second.id,
      decision: "not_duplicate",
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json).toMatchObject({ decision: "not_duplicate", mergedRegistrationId: null });
    expect(pairOf(await suggestions(), first.id, second.id)).toBeUndefined();
    expect(await registrationRow(first.id)).toEqual({ status: "received", merged_into: null });
    expect(await registrationRow(second.id)).toEqual({ status: "received", merged_into: null });
    const again = await officer.request("POST", "/registry-merge-decisions", {
      a: second.id,
      b: first.id,
      decision: "not_duplicate",
    });
    expect(again.status).toBe(409);
    expect(await decisionsAbout(first.id)).toHaveLength(1);
    const [audit] = await h().db.query(
      "select 1 from audit_log where action = 'registry.not_duplicate' and object_id = $1",
      [res.json.id],
    );
    expect(audit).toBeDefined();
    // Decisions are append-only in the database itself; only key rotation may re-encrypt the note.
    await h().db.query("update registry_merge_decisions set note_enc = note_enc where id = $1", [
      res.json.id,
    ]);
    await expect(
      h().db.query("update registry_merge_decisions set decision = 'merge' where id = $1", [res.json.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      h().db.query("delete from registry_merge_decisions where id = $1", [res.json.id]),
    ).rejects.toThrow(/append-only/);
  });

  it("a doubtful merge without a note is refused with nothing changed; with a note it is recorded, encrypted", async () => {
    const person = buildPersonInput();
    const first = await register(await coordinator(), person);
    // Same name and phone, another birth date in the same year: a conflict on name + birth date.
    const second = await register(await coordinator(), {
      ...buildPersonInput(),
      name: person.name,
      phone: person.phone,
      birthDate: "1999-11-30",
    });
    const officer = await registryOfficer();
    const pair = pairOf(await suggestions(), first.id, second.id);
    expect(pair).toMatchObject({ class: "possible", doubtful: true, conflicts: ["name_birthdate"] });
    expect(pair!.matchingKinds.sort()).toEqual(["name_birthyear", "phone"]);

    for (const note of [undefined, "   "]) {
      const refused = await officer.request("POST", "/registry-merge-decisions", {
        a: first.id,
        b: second.id,
        decision: "same_person",
        ...(note === undefined ? {} : { note }),
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get("content-type")).toMatch(/application\/problem\+json/);
      expect(refused.json.invalidParams.map((p: { name: string }) => p.name)).toContain("note");
    }
    expect(await registrationRow(second.id)).toEqual({ status: "received", merged_into: null });
    expect(await decisionsAbout(second.id)).toEqual([]);

    const note = "Geboortedatum verschilt door een tikfout bij de melder (synthetisch)";
    const res = await officer.request("POST", "/registry-merge-decisions", {
      a: first.id,
      b: second.id,
      decision: "same_person",
      note,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    expect(res.json.evidence).toMatchObject({
      class: "possible",
      doubtful: true,
      conflicts: ["name_birthdate"],
    });
    expect(await registrationRow(second.id)).toEqual({ status: "merged", merged_into: first.id });
    const [decision] = await decisionsAbout(second.id);
    expect(decision!.note_enc).toBeTruthy();
    expect(decision!.note_enc).not.toContain("tikfout");
    expect(h().deps.cipher.decrypt(decision!.note_enc!)).toBe(note);
    const [audit] = await h().db.query<{ details: Record<string, unknown> }>(
      "select details from audit_log where action = 'registry.merged' and object_id = $1",
      [res.json.id],
    );
    expect(audit!.details.noteGiven).toBe(true);
    expect(JSON.stringify(audit)).not.toContain("tikfout");
  });

  it("a merge of two registrations without shared evidence needs a note too", async () => {
    const first = await register(await coordinator(), buildPersonInput());
    const second = await register(await coordinator(), buildPersonInput());
    const officer = await registryOfficer();
    const refused = await officer.request("POST", "/registry-merge-decisions", {
      a: first.id,
      b: second.id,
      decision: "same_person",
    });
    expect(refused.status).toBe(400);
    expect(await registrationRow(second.id)).toEqual({ status: "received", merged_into: null });
  });

  it("refuses bad pairs with problem+json and changes nothing", async () => {
    const person = buildPersonInput();
    const byName = await register(await coordinator(), person);
    const statistical = await register(await coordinator(), person, { consent: false });
    const officer = await registryOfficer();
    const cases: [unknown, number][] = [
      [{ a: byName.id, b: byName.id, decision: "same_person" }, 400],
      [{ a: byName.id, b: "not-a-uuid", decision: "same_person" }, 400],
      [{ a: byName.id, b: statistical.id, decision: "maybe" }, 400],
      [{ a: byName.id, b: "00000000-0000-4000-8000-000000000000", decision: "same_person", note: "x" }, 404],
      [{ a: byName.id, b: statistical.id, decision: "same_person", note: "synthetisch" }, 409],
    ];
    for (const [body, status] of cases) {
      const res = await officer.request("POST", "/registry-merge-decisions", body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    }
    expect(await registrationRow(byName.id)).toEqual({ status: "received", merged_into: null });
    expect(await registrationRow(statistical.id)).toEqual({ status: "received", merged_into: null });
    expect(await decisionsAbout(byName.id)).toEqual([]);
  });

  it("only the registry officer of CoMensha sees suggestions and decides", async () => {
    const person = buildPersonInput();
    const careClient = await coordinator();
    const first = await register(careClient, person);
    const second = await register(await coordinator(), sameNameAndBirthDate(person));
    const deps = h().deps;
    // A registry officer outside CoMensha (misconfigured account) is refused as well.
    const elsewhere = new TestClient(h().app, deps.now);
    await elsewhere.login(await buildUser(deps, { roles: ["registry_officer"], organisationType: "ngo" }));
    const police = new TestClient(h().app, deps.now);
    await police.login(await buildUser(deps, { roles: ["investigator"], organisationType: "police" }));
    for (const client of [careClient, elsewhere, police]) {
      const read = await client.request("GET", "/registry-duplicates");
      expect([403, 404]).toContain(read.status);
      expect(JSON.stringify(read.json)).not.toContain(first.id);
      const decide = await client.request("POST", "/registry-merge-decisions", {
        a: first.id,
        b: second.id,
        decision: "same_person",
      });
      expect([403, 404]).toContain(decide.status);
    }
    expect(await registrationRow(second.id)).toEqual({ status: "received", merged_into: null });
    expect(await decisionsAbout(first.id)).toEqual([]);
  });
});
