import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import type { OrganisationType, Role } from "../accounts/accounts.vocabulary";

const KVK = "69599009"; // passes the weighted modulus-11 check (synthetic)

describeOnEachDatabase("signals: intake, the desk, linking, routing and the team's answer", (h) => {
  async function actors() {
    const deps = h().deps;
    const client = async (roles: Role[], type: OrganisationType) => {
      const org = await buildOrganisation(deps, { type });
      const c = new TestClient(h().app, deps.now);
      await c.login(await buildUser(deps, { roles, organisationId: org.id }));
      return { c, org };
    };
    return {
      ngo: await client(["signaller"], "ngo"),
      care: await client(["care_coordinator"], "care_provider"),
      desk: await client(["desk_officer"], "labour_inspectorate"),
      police: await client(["investigator"], "police"),
    };
  }

  const draft = (extra: Record<string, unknown> = {}) => ({
    municipalityCode: "GM0344",
    observedOn: "2026-11-20",
    forms: ["labour"],
    indicatorIds: ["ilo-01", "ilo-07"],
    narrative: "Synthetisch: werknemers slapen op het bedrijfsterrein en hebben hun paspoort ingeleverd.",
    urgency: "high",
    victims: [
      {
        alias: "Werknemer A (synthetisch)",
        nationality: "NG",
        residenceStatus: "unknown",
        gender: "male",
        ageGroup: "25-34",
      },
    ],
    subjects: [{ kind: "company", name: "Demo Uitzendbureau BV (synthetisch)", kvkNumber: KVK }],
    ...extra,
  });

  it("a professional saves a draft, submits it once, and can only append afterwards; bad input changes nothing", async () => {
    const { ngo } = await actors();
    const badKvk = await ngo.c.request(
      "POST",
      "/signals/drafts",
      draft({ subjects: [{ kind: "company", name: "X", kvkNumber: "69599010" }] }),
    );
    expect(badKvk.status).toBe(400);
    expect(badKvk.json.invalidParams[0].name).toBe("subjects.0.kvkNumber");
    const badGm = await ngo.c.request("POST", "/signals/drafts", draft({ municipalityCode: "GM9999" }));
    expect(badGm.status).toBe(400);
    const created = await ngo.c.request("POST", "/signals/drafts", draft());
    expect(created.status).toBe(201);
    expect(created.json.reference).toMatch(/^S-\d{4}-\d{6}$/);
    const id = created.json.id;
    expect((await ngo.c.request("PUT", `/signals/drafts/${id}`, draft({ urgency: "normal" }))).status).toBe(
      204,
    );
    const submitted = await ngo.c.request("POST", `/signals/drafts/${id}/submission`);
    expect(submitted.status).toBe(200);
    expect(submitted.json.actions).toBe(1); // the slightest indication for a foreign national without known residence
    expect((await ngo.c.request("POST", `/signals/drafts/${id}/submission`)).status).toBe(409);
    expect((await ngo.c.request("PUT", `/signals/drafts/${id}`, draft())).status).toBe(409);
    expect(
      (
        await ngo.c.request("POST", `/signals/${id}/facts`, {
          text: "Later gezien: een busje met Pools kenteken (synthetisch).",
        })
      ).status,
    ).toBe(204);
    const read = await ngo.c.request("GET", `/signals/${id}`);
    expect(read.json).toMatchObject({ status: "received", urgency: "normal", access: "owner" });
    expect(read.json.actions).toEqual([
      expect.objectContaining({ kind: "inform_reflection_period", done: false }),
    ]);
    expect(read.json.history.map((e: { kind: string }) => e.kind)).toEqual(["status", "fact"]);
    expect(read.json.persons[0].fields.alias.value).toBe("Werknemer A (synthetisch)");
    const rows = await h().db.query("select narrative_enc from signals where id = $1", [id]);
    expect(JSON.stringify(rows)).not.toContain("paspoort");
  });

  it("the desk sees the queue with deadlines, refuses illegal status changes, links duplicates and routes the group with a legal basis; the team answers and the reporters see it", async () => {
    const { ngo, care, desk, police } = await actors();
    const first = (await ngo.c.request("POST", "/signals/drafts", draft())).json.id;
    await ngo.c.request("POST", `/signals/drafts/${first}/submission`);
    const second = (
      await care.c.request(
        "POST",
        "/signals/drafts",
        draft({ narrative: "Synthetisch: zelfde uitzendbureau, mensen werken 14 uur per dag.", victims: [] }),
      )
    ).json.id;
    await care.c.request("POST", `/signals/drafts/${second}/submission`);

    const queue = await desk.c.request("GET", "/signals?view=desk&form=labour&urgency=high");
    const ids = queue.json.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    expect(queue.json.items.find((s: { id: string }) => s.id === first)).toMatchObject({
      status: "received",
      overdue: false,
    });
    expect((await ngo.c.request("GET", "/signals?view=desk")).status).toBe(403);
    expect(
      (await desk.c.request("GET", "/signals?view=desk&urgency=low")).json.items.map(
        (s: { id: string }) => s.id,
      ),
    ).not.toContain(first);

    const illegal = await desk.c.request("POST", `/signals/${first}/status-changes`, {
      to: "accepted_by_team",
    });
    expect(illegal.status).toBe(409);
    expect(illegal.headers.get("content-type")).toBe("application/problem+json");
    expect(illegal.json.detail).toMatch(/ILLEGAL_STATUS_TRANSITION/);
    const noReason = await desk.c.request("POST", `/signals/${first}/status-changes`, {
      to: "closed_no_action",
    });
    expect(noReason.status).toBe(400);
    expect(
      (await desk.c.request("POST", `/signals/${first}/status-changes`, { to: "in_triage" })).status,
    ).toBe(204);
    const officer = (await desk.c.request("GET", "/session")).json.user.id;
    expect(
      (await desk.c.request("PUT", `/signals/${first}/assignee`, { assigneeUserId: officer })).status,
    ).toBe(204);
    const assignedToMe = await desk.c.request("GET", `/signals?view=desk&assigneeUserId=${officer}`);
    expect(assignedToMe.json.items.map((s: { id: string }) => s.id)).toEqual([first]);
    const notOfficer = (await ngo.c.request("GET", "/session")).json.user.id;
    expect(
      (await desk.c.request("PUT", `/signals/${first}/assignee`, { assigneeUserId: notOfficer })).status,
    ).toBe(400);

    const duplicates = await desk.c.request("GET", `/signals/${first}/duplicates`);
    const suggestion = duplicates.json.items.find((d: { id: string }) => d.id === second);
    expect(suggestion.reasons.map((r: { code: string }) => r.code)).toContain("same_kvk");
    const linked = await desk.c.request("POST", `/signals/${first}/links`, { signalIds: [second] });
    expect(linked.json.signalIds.sort()).toEqual([first, second].sort());

    const enrichment = await desk.c.request("POST", `/signals/${first}/facts`, {
      kind: "enrichment",
      text: "Synthetisch: bedrijf eerder gecontroleerd.",
    });
    expect(enrichment.status).toBe(400); // an enrichment note names its source and legal basis
    expect(
      (
        await desk.c.request("POST", `/signals/${first}/facts`, {
          kind: "enrichment",
          text: "Synthetisch: bedrijf eerder gecontroleerd.",
          sourceOrganisationId: desk.org.id,
          legalBasis: "Arbeidsomstandighedenwet art. 24",
        })
      ).status,
    ).toBe(204);

    const routed = await desk.c.request("POST", `/signals/${first}/routings`, {
      track: "criminal",
      organisationId: police.org.id,
      reason: "Sterke aanwijzingen arbeidsuitbuiting",
    });
    expect(routed.status).toBe(201);
    expect(routed.json.routingIds).toHaveLength(2); // one routing serves the whole group

    expect((await police.c.request("GET", `/signals/${first}`)).status).toBe(200);
    const team = await police.c.request("GET", "/signals?view=team");
    expect(team.json.items.map((s: { id: string }) => s.id).sort()).toEqual([first, second].sort());
    const teamRead = await police.c.request("GET", `/signals/${first}`);
    expect(teamRead.json).toMatchObject({ access: "team", purpose: "investigation" });
    expect(teamRead.json.routings[0].legalBasis).toMatch(/Wpg/);
    const declineWithoutReason = await police.c.request(
      "POST",
      `/signal-routings/${teamRead.json.routings[0].id}/decision`,
      { accept: false },
    );
    expect(declineWithoutReason.status).toBe(400);
    for (const routingId of routed.json.routingIds) {
      expect(
        (await police.c.request("POST", `/signal-routings/${routingId}/decision`, { accept: true })).status,
      ).toBe(204);
    }
    expect(
      (
        await police.c.request("POST", `/signal-routings/${routed.json.routingIds[0]}/decision`, {
          accept: false,
          reason: "toch niet",
        })
      ).status,
    ).toBe(409);

    for (const [reporter, id] of [
      [ngo, first],
      [care, second],
    ] as const) {
      const view = await reporter.c.request("GET", `/signals/${id}`);
      expect(view.json.status).toBe("accepted_by_team");
      expect(view.json.routings).toEqual([
        expect.objectContaining({ track: "criminal", status: "accepted", reason: null }),
      ]);
      expect(JSON.stringify(view.json.history)).not.toContain("eerder gecontroleerd"); // the desk's enrichment stays with the desk
    }
    const audit = await h().db.query<{ details: { legalBasis: string } }>(
      "select details from audit_log where action = 'signal.routed' and object_id = $1",
      [first],
    );
    expect(audit[0]!.details.legalBasis).toMatch(/routing\.criminal/);
  });

  it("the desk links a possible victim from another signal of the group; the routed team then sees that person too", async () => {
    const { ngo, care, desk, police } = await actors();
    const submit = async (reporter: typeof ngo, extra: Record<string, unknown>) => {
      const id = (await reporter.c.request("POST", "/signals/drafts", draft(extra))).json.id as string;
      expect((await reporter.c.request("POST", `/signals/drafts/${id}/submission`)).status).toBe(200);
      return id;
    };
    const first = await submit(ngo, {});
    const second = await submit(care, { victims: [], subjects: [] });
    await desk.c.request("POST", `/signals/${second}/routings`, {
      track: "criminal",
      organisationId: police.org.id,
      reason: "Synthetisch: uitbuiting.",
    });
    const [victim] = await h().db.query<{ person_id: string }>(
      "select person_id from signal_persons where signal_id = $1",
      [first],
    );
    const link = () => desk.c.request("POST", `/signals/${second}/persons`, { personId: victim!.person_id });

    // Not grouped yet: the desk cannot attach a person from an unrelated signal.
    const unrelated = await link();
    expect(unrelated.status).toBe(400);
    expect(unrelated.json.invalidParams[0].name).toBe("personId");
    expect((await police.c.request("GET", `/signals/${second}`)).json.persons).toHaveLength(0);

    expect((await desk.c.request("POST", `/signals/${first}/links`, { signalIds: [second] })).status).toBe(
      200,
    );
    expect(
      (await police.c.request("POST", `/signals/${second}/persons`, { personId: victim!.person_id })).status,
    ).toBe(403);
    expect((await link()).status).toBe(204);
    expect((await link()).status).toBe(409);

    const read = await police.c.request("GET", `/signals/${second}`);
    expect(read.json.persons.map((p: { id: string }) => p.id)).toEqual([victim!.person_id]);
    expect(read.json.persons[0].fields).not.toBeNull(); // the routing's grant covers the linked person
    const history = (await desk.c.request("GET", `/signals/${second}`)).json.history;
    expect(history.at(-1)).toMatchObject({ kind: "link", text: expect.stringMatching(/^P-/) });
    const [audited] = await h().db.query<{ details: { personId: string; fromSignalId: string } }>(
      "select details from audit_log where action = 'signal.person_linked' and object_id = $1",
      [second],
    );
    expect(audited!.details).toEqual({ personId: victim!.person_id, fromSignalId: first });
  });

  it("other organisations cannot see a signal, and a draft is only its author's", async () => {
    const { ngo, care, police } = await actors();
    const id = (await ngo.c.request("POST", "/signals/drafts", draft())).json.id;
    expect((await care.c.request("GET", `/signals/${id}`)).status).toBe(404);
    await ngo.c.request("POST", `/signals/drafts/${id}/submission`);
    expect((await police.c.request("GET", `/signals/${id}`)).status).toBe(404);
    expect((await care.c.request("POST", `/signals/${id}/facts`, { text: "x" })).status).toBe(404);
  });
});
