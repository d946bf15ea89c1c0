/**
 * @module test/factories
 * Builders for synthetic test data and an HTTP client that logs in like a browser would.
 */
import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import { createOrganisation, createUser } from "../src/accounts/accounts.service";
import type { OrganisationType, Role } from "../src/accounts/accounts.vocabulary";
import { newTotpSecret, totpCode } from "../src/accounts/totp.rules";
import type { AuditInput } from "../src/audit/audit.repository";
import type { Deps } from "../src/platform/deps";
import { SYSTEM_ACTOR } from "../src/platform/deps";
import type { AppEnv } from "../src/platform/http/app";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;

export async function buildOrganisation(
  deps: Deps,
  overrides: { type?: OrganisationType; name?: string; municipalityCode?: string } = {},
) {
  return createOrganisation(deps, SYSTEM_ACTOR, {
    name: overrides.name ?? `Testorganisatie ${unique()} (synthetisch)`,
    type: overrides.type ?? "care_provider",
    municipalityCode: overrides.municipalityCode ?? "GM0344",
    isSynthetic: true,
  });
}

export type TestUser = {
  id: string;
  organisationId: string;
  email: string;
  password: string;
  totpSecret: string | null;
  roles: Role[];
};

export async function buildUser(
  deps: Deps,
  overrides: {
    roles?: Role[];
    organisationId?: string;
    withTotp?: boolean;
    isSynthetic?: boolean;
    organisationType?: OrganisationType;
  } = {},
): Promise<TestUser> {
  const organisationId =
    overrides.organisationId ?? (await buildOrganisation(deps, { type: overrides.organisationType })).id;
  const email = `test-${unique()}@test.samen.example`;
  const password = `wachtwoord-${unique()}`;
  const totpSecret = overrides.withTotp === false ? null : newTotpSecret();
  const user = await createUser(deps, SYSTEM_ACTOR, {
    organisationId,
    email,
    displayName: `Test ${unique()} (synthetisch)`,
    roles: overrides.roles ?? ["care_coordinator"],
    password,
    totpSecret,
    isSynthetic: overrides.isSynthetic ?? true,
  });
  return { id: user.id, organisationId, email, password, totpSecret, roles: user.roles };
}

/** A cookie-keeping client over app.request(), like a browser on the same origin. */
export class TestClient {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(
    readonly app: Hono<AppEnv>,
    /** The clock the app runs on (tests may move it), for computing TOTP codes. */
    readonly now: () => Date = () => new Date(),
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && !h["content-type"]) h["content-type"] = "application/json";
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== "GET" && !("x-csrf-token" in h)) h["x-csrf-token"] = this.csrf;
    const response = await this.app.request(`/api/v1${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie?.startsWith("samen_session=")) {
      const value = setCookie.split(";")[0]!;
      this.cookie = value === "samen_session=" ? null : value;
    }
    const isJson = /json/.test(response.headers.get("content-type") ?? "");
    const text = isJson ? await response.text() : "";
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    if (json && typeof json.csrfToken === "string") this.csrf = json.csrfToken;
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response bodies
    return { status: response.status, headers: response.headers, json: json as any, raw: response };
  }

  /** Logs in fully (password + TOTP) and returns the active session body. */
  async login(user: TestUser, at: Date = this.now()) {
    const first = await this.request("POST", "/session", { email: user.email, password: user.password });
    if (first.status !== 201) throw new Error(`login failed: ${first.status} ${JSON.stringify(first.json)}`);
    if (first.json.stage === "active") return first.json;
    if (!user.totpSecret) throw new Error("user has no TOTP secret");
    const second = await this.request("POST", "/session/second-factor", {
      code: totpCode(user.totpSecret, at),
    });
    if (second.status !== 200)
      throw new Error(`second factor failed: ${second.status} ${JSON.stringify(second.json)}`);
    return second.json;
  }
}

/** A synthetic person with every field filled, values unique to the test (planted to detect leaks). */
export function buildPersonInput(tag = unique()) {
  return {
    role: "possible_victim" as const,
    name: `Plantnaam ${tag} (synthetisch)`,
    alias: `Alias${tag}`,
    birthDate: "1999-04-12",
    ageGroup: "25-34" as const,
    gender: "female" as const,
    nationality: "RO",
    languages: ["ro", "en"],
    phone: `+3160${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`,
    email: `plant-${tag}@example.test`,
    address: `Plantstraat ${tag} 1, 1012 AB Amsterdam`,
    whereabouts: `Plantopvang ${tag}`,
    residenceStatus: "none" as const,
    healthNotes: `Plantgezondheid ${tag}`,
  };
}

/** Strings from a person input that must never appear where the rules hide them. */
export function plantedSecrets(input: ReturnType<typeof buildPersonInput>): string[] {
  return [
    input.name,
    input.alias,
    input.phone,
    input.email,
    input.address,
    input.whereabouts,
    input.healthNotes,
  ];
}

/** An audit entry by nobody about a probe object, for tests of the audit chain itself. */
export function auditProbe(action: string, objectId: string, details?: Record<string, unknown>): AuditInput {
  return {
    actorUserId: null,
    actorOrganisationId: null,
    requestId: null,
    action,
    objectType: "probe",
    objectId,
    purpose: "test",
    ...(details ? { details } : {}),
  };
}
