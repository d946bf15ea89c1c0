/**
 * @module registry-merge.routes
 * Duplicate registrations in the national registry: suggestions (blind-index matches, no names)
 * and the registry officer's merge decisions.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse } from "../platform/http/openapi";
import { ProblemSchema } from "../platform/http/problem";
import { BLIND_INDEX_KINDS } from "./duplicate.rules";
import { REGISTRATION_MODES } from "./registry.vocabulary";
import { decideMerge, listDuplicateSuggestions } from "./registry-merge.service";

const tags = ["Registry"];
const Kind = z.enum(BLIND_INDEX_KINDS);
const Reason = z.object({ kind: Kind, matches: z.number().int(), weight: z.number() });

const SuggestionSchema = z
  .object({
    a: z.string().uuid(),
    b: z.string().uuid(),
    score: z.number().openapi({ description: "0–1; from 0.85 likely the same person" }),
    class: z.enum(["likely_same_person", "possible"]),
    matchingKinds: z.array(Kind),
    reasons: z.array(Reason),
    conflicts: z.array(Kind).openapi({ description: "Kinds both have without a shared token" }),
    doubtful: z
      .boolean()
      .openapi({ description: "A merge needs a note (a conflict, or a score below 0.85)" }),
    survivorId: z
      .string()
      .uuid()
      .openapi({ description: "The registration that stays on a merge: the earliest" }),
    registrations: z.array(
      z.object({
        id: z.string().uuid(),
        mode: z.enum(REGISTRATION_MODES),
        registeringOrganisationType: z.string(),
        createdAt: z.string(),
      }),
    ),
  })
  .openapi("RegistryDuplicateSuggestion");

const DecisionSchema = z
  .object({
    a: z.string().uuid(),
    b: z.string().uuid(),
    decision: z.enum(["same_person", "not_duplicate"]),
    note: z.string().trim().max(2000).optional().openapi({
      description: "Why; required for a doubtful merge (a conflict, or a score below 0.85)",
    }),
  })
  .openapi("RegistryMergeDecisionRequest");

export function registerRegistryMergeRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/registry-duplicates",
      tags,
      // No names or tokens, but which registrations are one person is derived from identity.
      personalData: true,
      summary:
        "Suggested duplicate registrations from blind-index matching (registry officer); kinds and scores, never names",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(
          z.object({
            items: z.array(SuggestionSchema),
            total: z.number().int(),
            ignoredTokens: z.number().int(),
          }),
          "Suggestions",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c, "registry:manage");
      return c.json(await listDuplicateSuggestions(deps, viewerOf(view, c.get("requestId"))), 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/registry-merge-decisions",
      tags,
      summary:
        "Decide about two registrations: same_person merges them (the earliest survives), not_duplicate stops the suggestion",
      security: [{ session: [] }],
      request: { body: jsonBody(DecisionSchema) },
      responses: {
        201: jsonResponse(
          z.object({
            id: z.string().uuid(),
            decision: z.enum(["same_person", "not_duplicate"]),
            survivingRegistrationId: z.string().uuid(),
            mergedRegistrationId: z.string().uuid().nullable(),
            evidence: z.object({
              score: z.number(),
              class: z.enum(["likely_same_person", "possible"]).nullable(),
              doubtful: z.boolean(),
              reasons: z.array(Reason),
              conflicts: z.array(Kind),
            }),
          }),
          "Decided",
        ),
        409: {
          description: "A registration is already merged, not by name, or the pair was already decided",
          content: {
            "application/problem+json": { schema: ProblemSchema },
          },
        },
      },
    }),
    async (c) => {
      const view = requireSession(c, "registry:manage");
      return c.json(await decideMerge(deps, viewerOf(view, c.get("requestId")), c.req.valid("json")), 201);
    },
  );
}
