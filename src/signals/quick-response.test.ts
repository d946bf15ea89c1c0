import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import type { OrganisationType, Role } from "../accounts/accounts.vocabulary";
import { findSignalIdByReceipt } from "./anonymous.repository";
import { receiptHash } from "./anonymous.service";

const HOUR = 3_600_000;

describeOnEachDatabase("quick-response alerts: an urgent signal alerts its region's team at once", (h) => {
  async function client(roles: Role[], type: OrganisationType) {
    const org = await buildOrganisation(h().deps, { type });
    const c = new TestClient(h().app, h().deps.now);
    const user = await buildUser(h().deps, { roles, organisationId: org.id });
    await c.login(user);
    return { c, org, user };
  }

  const signal = (extra: Record<string, unknown> = {}) => ({
    municipalityCode: "GM0344", // Utrecht: police unit Midden-Nederland
    observedOn: "2026-11-20",
    forms: ["sexual"],
    indicatorIds: [],
    narrative: "Synthetisch: een meisje wordt vannacht naar een hotel gebracht en vraagt om hulp.",
    urgency: "immediate",
    victims: [{ alias: "Meisje R (synthetisch)", nationality: "NL", gender: "female", ageGroup: "18-24" }],
    subjects: [],
    ...extra,
  });

  async function submit(reporter: TestClient, extra: Record<string, unknown> = {}) {
    const draft = await reporter.request("POST", "/signals/drafts", signal(extra));
    expect(draft.status).toBe(201);
    expect((await reporter.request("POST", `/signals/drafts/${draft.json.id}/submission`)).status).toBe(200);
    return draft.json.id as string;
  }

  it("the administrator assigns a team per region; bad assignments are refused and change nothing", async () => {
    const admin = new TestClient(h().app, h().deps.now);
    await admin.login(await buildUser(h().deps, { roles: ["administrator"] }));
    const police = await buildOrganisation(h().deps, { type: "police" });
    const ngo = await buildOrganisation(h().deps, { type: "ngo" });

    const wrongType = await admin.request("PUT", "/quick-response-teams/amsterdam", {
      organisationId: ngo.id,
      teamName: "Geen politieteam",
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.invalidParams[0].name).toBe("organisationId");
    const unknownUnit = await admin.request("PUT", "/quick-response-teams/atlantis", {
      organisationId: police.id,
      teamName: "Piket",
    });
    expect(unknownUnit.status).toBe(404);
    const noName = await admin.request("PUT", "/quick-response-teams/amsterdam", {
      organisationId: police.id,
    });
    expect(noName.status).toBe(400);
    let list = await admin.request("GET", "/quick-response-teams");
    expect(list.json.items).toHaveLength(10);
    expect(
      list.json.items.find((u: { policeUnitId: string }) => u.policeUnitId === "amsterdam").team,
    ).toBeNull();

    const desk = await client(["desk_officer"], "labour_inspectorate");
    expect(
      (
        await desk.c.request("PUT", "/quick-response-teams/amsterdam", {
          organisationId: police.id,
          teamName: "Piket AVIM",
        })
      ).status,
    ).toBe(403);

    expect(
      (
        await admin.request("PUT", "/quick-response-teams/amsterdam", {
          organisationId: police.id,
          teamName: "Piket AVIM Amsterdam",
        })
      ).status,
    ).toBe(204);
    list = await desk.c.request("GET", "/quick-response-teams");
    expect(
      list.json.items.find((u: { policeUnitId: string }) => u.policeUnitId === "amsterdam").team,
    ).toMatchObject({ organisationId: police.id, teamName: "Piket AVIM Amsterdam" });
    expect((await admin.request("DELETE", "/quick-response-teams/amsterdam")).status).toBe(204);
    expect((await admin.request("DELETE", "/quick-response-teams/amsterdam")).status).toBe(404);
    const audit = await h().db.query<{ action: string }>(
      "select action from audit_log where object_type = 'police_unit' and object_id = 'amsterdam' order by id",
    );
    expect(audit.map((a) => a.action)).toEqual([
      "quick_response_team.assigned",
      "quick_response_team.removed",
    ]);
  });

  it("an urgent signal is routed to the team with the criminal basis and a 4-hour clock; the team reads and accepts it", async () => {
    const admin = new TestClient(h().app, h().deps.now);
    await admin.login(await buildUser(h().deps, { roles: ["administrator"] }));
    const team = await client(["investigator"], "police");
    expect(
      (
        await admin.request("PUT", "/quick-response-teams/midden-nederland", {
          organisationId: team.org.id,
          teamName: "Piket AVIM Midden-Nederland",
        })
      ).status,
    ).toBe(204);
    const reporter = await client(["signaller"], "care_provider");
    const desk = await client(["desk_officer"], "labour_inspectorate");

    const id = await submit(reporter.c);
    const queue = await team.c.request("GET", "/signals?view=team");
    expect(queue.json.items.map((s: { id: string }) => s.id)).toContain(id);

    const read = await team.c.request("GET", `/signals/${id}`);
    expect(read.status).toBe(200);
    expect(read.json.access).toBe("team");
    expect(read.json.purpose).toBe("investigation");
    expect(read.json.routings).toHaveLength(1);
    const [routing] = read.json.routings;
    expect(routing).toMatchObject({
      track: "criminal",
      status: "pending",
      quickResponse: true,
      overdue: false,
    });
    expect(routing.legalBasis).toContain("Wpg art. 16");
    expect(new Date(routing.dueAt).getTime() - new Date(read.json.submittedAt).getTime()).toBe(4 * HOUR);
    // The team sees the person for its purpose: the alert granted access like a routing does.
    expect(read.json.persons[0].fields).not.toBeNull();
    // The signal stays on the desk's queue for triage.
    expect((await desk.c.request("GET", `/signals/${id}`)).json.status).toBe("received");

    h().advanceClock(4 * HOUR);
    // Four hours idle ends a session; both log in again.
    await team.c.login(team.user);
    await desk.c.login(desk.user);
    const late = await team.c.request("GET", `/signals/${id}`);
    expect(late.json.routings[0].overdue).toBe(true);

    expect(
      (await team.c.request("POST", `/signal-routings/${routing.id}/decision`, { accept: true })).status,
    ).toBe(204);
    const accepted = await desk.c.request("GET", `/signals/${id}`);
    expect(accepted.json.routings[0]).toMatchObject({ status: "accepted", overdue: false });
    // received → accepted_by_team is not in the table: the status stays with the desk.
    expect(accepted.json.status).toBe("received");
    // The desk routes it on to care; the team's earlier acceptance then counts.
    const care = await buildOrganisation(h().deps, { type: "care_provider" });
    expect(
      (
        await desk.c.request("POST", `/signals/${id}/routings`, {
          track: "care",
          organisationId: care.id,
          reason: "Opvang en zorg naast het strafrechtelijk spoor (synthetisch).",
        })
      ).status,
    ).toBe(201);
    expect((await desk.c.request("GET", `/signals/${id}`)).json.status).toBe("routed");

    const audit = await h().db.query<{ action: string; actor_user_id: string | null; details: unknown }>(
      "select action, actor_user_id, details from audit_log where object_id = $1 and action like 'signal.quick_response%'",
      [id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "signal.quick_response_alerted",
      actor_user_id: null,
      details: expect.objectContaining({ teamOrganisationId: team.org.id, policeUnitId: "midden-nederland" }),
    });
  });

  it("a signal that is not urgent alerts no one", async () => {
    const reporter = await client(["signaller"], "care_provider");
    const id = await submit(reporter.c, { urgency: "high" });
    const routings = await h().db.query("select 1 from signal_routings where signal_id = $1", [id]);
    expect(routings).toHaveLength(0);
    const actions = await h().db.query("select 1 from signal_actions where signal_id = $1", [id]);
    expect(actions).toHaveLength(0);
  });

  it("without a team for the region the desk gets an action on the same clock, done when it routes on the criminal track", async () => {
    const reporter = await client(["signaller"], "care_provider");
    const desk = await client(["desk_officer"], "labour_inspectorate");
    const id = await submit(reporter.c, { municipalityCode: "GM0363" }); // Amsterdam: no team configured
    expect(await h().db.query("select 1 from signal_routings where signal_id = $1", [id])).toHaveLength(0);
    let read = await desk.c.request("GET", `/signals/${id}`);
    const action = read.json.actions.find((a: { kind: string }) => a.kind === "alert_quick_response");
    expect(action).toMatchObject({ done: false, overdue: false });
    expect(new Date(action.dueAt).getTime() - new Date(read.json.submittedAt).getTime()).toBe(4 * HOUR);

    const noUnit = await submit(reporter.c, { municipalityCode: undefined });
    const [reason] = await h().db.query<{ details: { reason: string } }>(
      "select details from audit_log where object_id = $1 and action = 'signal.quick_response_unassigned'",
      [noUnit],
    );
    expect(reason?.details.reason).toBe("no_municipality");

    const police = await buildOrganisation(h().deps, { type: "police" });
    expect(
      (
        await desk.c.request("POST", `/signals/${id}/routings`, {
          track: "criminal",
          organisationId: police.id,
          reason: "Handmatig gealarmeerd: piket Amsterdam (synthetisch).",
        })
      ).status,
    ).toBe(201);
    read = await desk.c.request("GET", `/signals/${id}`);
    expect(read.json.actions.find((a: { kind: string }) => a.kind === "alert_quick_response").done).toBe(
      true,
    );
  });

  it("an urgent anonymous report alerts the team too, and still leaves no exact time in the audit log", async () => {
    const admin = new TestClient(h().app, h().deps.now);
    await admin.login(await buildUser(h().deps, { roles: ["administrator"] }));
    const team = await client(["investigator"], "police");
    await admin.request("PUT", "/quick-response-teams/midden-nederland", {
      organisationId: team.org.id,
      teamName: "Piket AVIM Midden-Nederland",
    });
    const res = await h().app.request("/api/v1/anonymous-signals", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        whatHappened: "Synthetisch: er wordt nu iemand vastgehouden in een woning en er klinkt geschreeuw.",
        municipalityCode: "GM0344",
        forms: ["sexual"],
        indicatorIds: [],
        urgency: "immediate",
      }),
    });
    expect(res.status).toBe(201);
    const { receiptCode } = (await res.json()) as { receiptCode: string };
    const signalId = (await findSignalIdByReceipt(h().db, await receiptHash(h().deps.cipher, receiptCode)))!;
    const read = await team.c.request("GET", `/signals/${signalId}`);
    expect(read.status).toBe(200);
    expect(read.json.routings[0]).toMatchObject({ quickResponse: true, track: "criminal" });
    expect(read.json.fields.narrative.value).toContain("vastgehouden");
    const [routing] = await h().db.query<{ routed_at: Date }>(
      "select routed_at from signal_routings where signal_id = $1",
      [signalId],
    );
    expect(routing!.routed_at.getUTCMinutes()).toBe(0); // rounded to the hour like the report itself
    expect(routing!.routed_at.getUTCSeconds()).toBe(0);
    // Only the team's own read is audited (with its user); nothing the platform did on submission.
    const audited = await h().db.query<{ action: string; actor_user_id: string | null }>(
      "select action, actor_user_id from audit_log where object_id = $1",
      [signalId],
    );
    expect(audited.map((a) => a.action)).toEqual(["signal.read"]);
    expect(audited[0]!.actor_user_id).not.toBeNull();
  });
});
