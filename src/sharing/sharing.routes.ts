/**
 * @module sharing.routes
 * The rule set in force (read-only, for the privacy officer and anyone who wants to know why), and
 * the data subject's disclosure overview as JSON and PDF.
 */
import { z } from "@hono/zod-openapi";
import { requireSession } from "../accounts/auth.middleware";
import { can } from "../accounts/permissions.rules";
import { appendAudit } from "../audit/audit.repository";
import { findPerson } from "../persons/person.repository";
import type { Deps } from "../platform/deps";
import { notFound } from "../platform/errors";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonResponse } from "../platform/http/openapi";
import { listDisclosures } from "./access.repository";
import { DATA_CATEGORY_INFO } from "./data-categories";
import { disclosureReportPdf } from "./disclosure-report";
import { PURPOSE_INFO } from "./purposes";

const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

const DisclosureSchema = z
  .object({
    id: z.string().uuid(),
    fromOrganisation: z.string(),
    toOrganisation: z.string(),
    toOrganisationType: z.string(),
    purpose: z.string(),
    categories: z.array(z.string()),
    fields: z.array(z.string()),
    ruleIds: z.array(z.string()),
    consentIds: z.array(z.string()),
    recordType: z.string(),
    breakGlass: z.boolean(),
    disclosedAt: z.string().datetime(),
  })
  .openapi("Disclosure");

export function registerSharingRoutes(api: Api, deps: Deps): void {
  api.openapi(
    defineRoute({
      method: "get",
      path: "/sharing-rules",
      tags: ["Privacy"],
      summary: "The sharing rule set in force, with the vocabularies of categories and purposes",
      security: [{ session: [] }],
      responses: {
        200: jsonResponse(
          z.object({
            version: z.string(),
            status: z.string(),
            rules: z.array(z.record(z.string(), z.unknown())),
            categories: z.array(z.record(z.string(), z.unknown())),
            purposes: z.array(z.record(z.string(), z.unknown())),
          }),
          "Rule set",
        ),
      },
    }),
    (c) => {
      requireSession(c);
      const rs = deps.sharingRules;
      return c.json(
        {
          version: rs.version,
          status: rs.status,
          rules: rs.rules as unknown as Record<string, unknown>[],
          categories: Object.values(DATA_CATEGORY_INFO) as unknown as Record<string, unknown>[],
          purposes: Object.values(PURPOSE_INFO) as unknown as Record<string, unknown>[],
        },
        200,
      );
    },
  );

  /** The holder's staff and privacy officers may see who received a person's data (for an access request). */
  async function disclosuresFor(c: Parameters<typeof requireSession>[0], id: string) {
    const view = requireSession(c);
    return deps.db.transaction(async (tx) => {
      const person = await findPerson(tx, id);
      const holderStaff =
        person?.organisation_id === view.organisation.id && can(view.user.roles, "persons:record");
      if (!person || !(holderStaff || can(view.user.roles, "privacy:review"))) throw notFound();
      const list = await listDisclosures(tx, id);
      await appendAudit(tx, {
        actorUserId: view.user.id,
        actorOrganisationId: view.organisation.id,
        requestId: c.get("requestId"),
        action: "disclosure.overview_read",
        objectType: "person",
        objectId: id,
        purpose: "data_subject_request",
        details: { personId: id, count: list.length },
      });
      return { person, list };
    });
  }

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons/{id}/disclosures",
      tags: ["Privacy"],
      personalData: true,
      summary:
        "Who received this person's data: every disclosure with categories, recipient, rule and purpose",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(
          z.object({ pseudonym: z.string(), items: z.array(DisclosureSchema) }),
          "Disclosures",
        ),
      },
    }),
    async (c) => {
      const { person, list } = await disclosuresFor(c, c.req.valid("param").id);
      return c.json(
        {
          pseudonym: person.pseudonym,
          items: list.map((d) => ({ ...d, disclosedAt: d.disclosedAt.toISOString() })),
        },
        200,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/persons/{id}/disclosures/report",
      tags: ["Privacy"],
      personalData: true,
      summary: "The same overview as a PDF for a data-subject access request",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: {
          description: "PDF",
          content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
        },
      },
    }),
    async (c) => {
      const { person, list } = await disclosuresFor(c, c.req.valid("param").id);
      const pdf = await disclosureReportPdf({
        pseudonym: person.pseudonym,
        generatedAt: deps.now(),
        disclosures: list,
      });
      return c.body(new Uint8Array(pdf), 200, {
        "content-type": "application/pdf",
        "content-disposition": `attachment; filename="verstrekkingen-${person.pseudonym}.pdf"`,
      }) as unknown as ReturnType<typeof c.json<string, 200>>;
    },
  );
}
