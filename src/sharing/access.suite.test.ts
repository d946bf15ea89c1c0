/**
 * The cross-organisation access suite: for every API route that returns personal data (marked
 * `x-samen-personal-data` in the OpenAPI document), every role in another organisation, and every
 * purpose, nothing leaks beyond the sharing rules. A new personal-data route without a case here
 * fails the suite: add a case to ROUTE_CASES when you add such a route.
 */
import { expect, it } from "vitest";
import {
  buildOrganisation,
  buildPersonInput,
  buildUser,
  plantedSecrets,
  TestClient,
} from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import { type OrganisationType, ROLES, type Role } from "../accounts/accounts.vocabulary";
import { purposesOf } from "../accounts/permissions.rules";
import { PERSON_FIELDS, type PersonField } from "../persons/person.fields";
import { PERSONAL_DATA_EXTENSION } from "../platform/http/openapi";
import type { Purpose } from "./purposes";
import { evaluateSharing } from "./sharing.rules";

type Ctx = {
  personId: string;
  signalId: string;
  attachmentId: string;
  caseId: string;
  registrationId: string;
  purpose: Purpose;
};

/** One request per personal-data route, for a person of another organisation. */
const ROUTE_CASES: Record<string, (ctx: Ctx) => string> = {
  "GET /persons": ({ purpose }) => `/persons?purpose=${purpose}`,
  "GET /persons/{id}": ({ personId, purpose }) => `/persons/${personId}?purpose=${purpose}`,
  "GET /persons/{id}/explanation": ({ personId, purpose }) =>
    `/persons/${personId}/explanation?purpose=${purpose}`,
  "GET /persons/{id}/access-grants": ({ personId }) => `/persons/${personId}/access-grants`,
  "GET /persons/{id}/consents": ({ personId }) => `/persons/${personId}/consents`,
  "GET /persons/{id}/disclosures": ({ personId }) => `/persons/${personId}/disclosures`,
  "GET /persons/{id}/disclosures/report": ({ personId }) => `/persons/${personId}/disclosures/report`,
  "GET /signals/{id}": ({ signalId }) => `/signals/${signalId}`,
  "GET /signals/{id}/messages": ({ signalId }) => `/signals/${signalId}/messages`,
  "GET /signals/{id}/attachments": ({ signalId }) => `/signals/${signalId}/attachments`,
  "GET /signals/{id}/attachments/{attachmentId}": ({ signalId, attachmentId }) =>
    `/signals/${signalId}/attachments/${attachmentId}`,
  "GET /cases/{id}": ({ caseId }) => `/cases/${caseId}`,
  "GET /cases/{id}/htcds": ({ caseId }) => `/cases/${caseId}/htcds`,
  "GET /registrations/{id}": ({ registrationId }) => `/registrations/${registrationId}`,
  "GET /registry-duplicates": () => "/registry-duplicates",
};

/** Roles that may open a route for a record of another organisation (fields still decided by the rules). */
const OPEN_FOR: Partial<Record<string, Role[]>> = {
  "GET /persons/{id}/disclosures": ["privacy_officer"],
  "GET /persons/{id}/disclosures/report": ["privacy_officer"],
  "GET /signals/{id}": ["desk_officer"],
  "GET /signals/{id}/messages": ["desk_officer"],
  "GET /signals/{id}/attachments": ["desk_officer"],
  "GET /signals/{id}/attachments/{attachmentId}": ["desk_officer"],
  "GET /registrations/{id}": ["registry_officer"],
  "GET /registry-duplicates": ["registry_officer"],
};

/** Where each role typically works, always another organisation than the record's holder. */
const HOME: Record<Role, OrganisationType> = {
  signaller: "ngo",
  desk_officer: "labour_inspectorate",
  care_coordinator: "care_provider",
  shelter_staff: "shelter",
  registry_officer: "comensha",
  investigator: "police",
  riec_analyst: "riec",
  policy_officer: "municipality",
  statistician: "rapporteur",
  privacy_officer: "platform_operator",
  administrator: "platform_operator",
};

describeOnEachDatabase("cross-organisation access suite", (h) => {
  it("every route marked as returning personal data has a case in this suite", async () => {
    const doc = (await (await h().app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const flagged = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op[PERSONAL_DATA_EXTENSION] === true)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.sort()).toEqual(Object.keys(ROUTE_CASES).sort());
  });

  it("for every role in another organisation and every purpose, nothing leaks beyond the rules", async () => {
    const deps = h().deps;
    const holderOrg = await buildOrganisation(deps, { type: "care_provider" });
    const holder = await buildUser(deps, { roles: ["care_coordinator"], organisationId: holderOrg.id });
    const holderClient = new TestClient(h().app, h().deps.now);
    await holderClient.login(holder);
    const input = buildPersonInput();
    const personId = (await holderClient.request("POST", "/persons", input)).json.id as string;
    // The same person reported in a submitted signal, with a planted narrative and address.
    const narrative = `Plantverhaal ${personId}`;
    const {
      role: _role,
      birthDate: _b,
      phone: _p,
      email: _e,
      address: _a,
      whereabouts: _w,
      healthNotes: _h,
      ...victim
    } = input;
    const draft = await holderClient.request("POST", "/signals/drafts", {
      narrative,
      address: `${input.address} (melding)`,
      forms: ["labour"],
      indicatorIds: ["ilo-01"],
      victims: [victim],
    });
    expect(draft.status).toBe(201);
    const signalId = draft.json.id as string;
    const attachment = await holderClient.request("POST", `/signals/drafts/${signalId}/attachments`, {
      fileName: "kaart.png",
      mediaType: "image/png",
      // A synthetic 1×1 PNG.
      dataBase64:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    });
    expect(attachment.status).toBe(201);
    const attachmentId = attachment.json.id as string;
    expect((await holderClient.request("POST", `/signals/drafts/${signalId}/submission`)).status).toBe(200);
    const opened = await holderClient.request("POST", "/cases", {
      personId,
      foundMunicipalityCode: "GM0344",
    });
    expect(opened.status).toBe(201);
    const caseId = opened.json.items[0].id as string;
    const registration = await holderClient.request("POST", "/registrations", { caseId });
    expect(registration.status).toBe(201);
    const registrationId = registration.json.id as string;
    const secrets = [...plantedSecrets(input), narrative];

    for (const role of ROLES) {
      const org = await buildOrganisation(deps, { type: HOME[role] });
      const user = await buildUser(deps, { roles: [role], organisationId: org.id });
      const client = new TestClient(h().app, h().deps.now);
      await client.login(user);
      const purposes: Purpose[] = [...new Set<Purpose>([...purposesOf([role]), "care"])];

      // 1. Without any grant: not a single planted value, and the person is not even listed.
      for (const purpose of purposes) {
        for (const [route, build] of Object.entries(ROUTE_CASES)) {
          const res = await client.request(
            "GET",
            build({ personId, signalId, attachmentId, caseId, registrationId, purpose }),
          );
          const body = JSON.stringify(res.json ?? "");
          for (const secret of secrets) expect(body, `${role} ${purpose} ${route}`).not.toContain(secret);
          if (route === "GET /persons") expect(body, `${role} ${purpose}`).not.toContain(personId);
          else if (!OPEN_FOR[route]?.includes(role))
            expect([403, 404], `${role} ${purpose} ${route}`).toContain(res.status);
        }
      }

      // 2. Shared with this organisation for each purpose: every visible field is one the rules allow.
      for (const purpose of purposesOf([role])) {
        await holderClient.request("POST", `/persons/${personId}/access-grants`, {
          organisationId: org.id,
          purpose,
          reason: "suite",
        });
        const res = await client.request("GET", `/persons/${personId}?purpose=${purpose}`);
        expect(res.status, `${role} ${purpose}`).toBe(200);
        for (const [field, presented] of Object.entries(
          res.json.fields as Record<string, { visible: boolean; value: unknown }>,
        )) {
          const expected = evaluateSharing({
            ruleSet: deps.sharingRules,
            category: PERSON_FIELDS[field as PersonField].category,
            field,
            sourceType: "care_provider",
            recipientType: HOME[role],
            recipientOrganisationId: org.id,
            purpose,
            sameOrganisation: false,
            consents: [],
            conditions: [],
          });
          expect(presented.visible, `${role} ${purpose} ${field}`).toBe(expected.allowed);
          if (!presented.visible) expect(presented.value).toBeNull();
        }
      }
    }
  });
});
