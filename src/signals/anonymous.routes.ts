/**
 * @module anonymous.routes
 * The anonymous public intake: file a report without an account, and return with the receipt code to
 * read the desk's questions and answer them; the desk asks its questions here too.
 *
 * The public routes read nothing about the client but the socket address, and that only for the
 * in-memory rate limiter (never stored or logged); the request log line carries method, route
 * pattern, status, duration and request id. Responses are never cached. The code travels in the
 * body, never in the URL.
 */
import type { MiddlewareHandler } from "hono";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse, z } from "../platform/http/openapi";
import { clientKey, createRateLimiter } from "../platform/http/rate-limit";
import {
  AnonymousSignalSchema,
  ConversationSchema,
  DeskQuestionSchema,
  ReceiptAnswerSchema,
  ReceiptLookupSchema,
  ReceiptSchema,
} from "./anonymous.schema";
import {
  answerByReceipt,
  askQuestion,
  deskConversation,
  readByReceipt,
  submitAnonymousSignal,
} from "./anonymous.service";

const tags = ["Anonymous intake"];
const IdParams = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Receipt lookups per client address per minute, and for everyone together per hour. */
export const RECEIPT_LIMITS = { perAddressPerMinute: 10, overallPerHour: 1000 } as const;
/** Reports per client address per hour: enough for anyone, a brake on flooding the desk. */
export const SUBMISSION_LIMIT_PER_HOUR = 20;

const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("cache-control", "no-store");
};

function tooMany(): AppError {
  return new AppError(
    "TOO_MANY_ATTEMPTS",
    "Te veel pogingen; probeer het later opnieuw. / Too many attempts; try again later.",
    { headers: { "retry-after": "60", "cache-control": "no-store" } },
  );
}

export function registerAnonymousRoutes(api: Api, deps: Deps): void {
  const perAddress = createRateLimiter({ limit: RECEIPT_LIMITS.perAddressPerMinute, windowMs: 60_000 });
  const overall = createRateLimiter({ limit: RECEIPT_LIMITS.overallPerHour, windowMs: 3_600_000 });
  const submissions = createRateLimiter({ limit: SUBMISSION_LIMIT_PER_HOUR, windowMs: 3_600_000 });
  // Both limits count every lookup, right or wrong: at 1000 an hour, finding one of even a million
  // codes among 10^20 takes on average more than 5 million years.
  const receiptLimited: MiddlewareHandler = async (c, next) => {
    const now = deps.now().getTime();
    const addressOk = perAddress.hit(clientKey(c.env), now);
    if (!addressOk || !overall.hit("all", now)) throw tooMany();
    await next();
  };
  const submissionLimited: MiddlewareHandler = async (c, next) => {
    if (!submissions.hit(clientKey(c.env), deps.now().getTime())) throw tooMany();
    await next();
  };

  api.openapi(
    defineRoute({
      method: "post",
      path: "/anonymous-signals",
      tags,
      public: true,
      middleware: [noStore, submissionLimited],
      summary: "File an anonymous report (no account); returns the receipt code, once",
      description:
        "Stores no client address, user agent, referer, cookie or session; times are rounded to the hour. Only a slow hash of the receipt code is kept.",
      request: { body: jsonBody(AnonymousSignalSchema) },
      responses: { 201: jsonResponse(ReceiptSchema, "Received; keep the code") },
    }),
    async (c) => c.json(await submitAnonymousSignal(deps, c.req.valid("json")), 201),
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/anonymous-signals/receipt",
      tags,
      public: true,
      middleware: [noStore, receiptLimited],
      summary: "Read the progress of your report and the desk's questions with your receipt code",
      request: { body: jsonBody(ReceiptLookupSchema) },
      responses: { 200: jsonResponse(ConversationSchema, "Your report") },
    }),
    async (c) => c.json(await readByReceipt(deps, c.req.valid("json").code), 200),
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/anonymous-signals/receipt/answers",
      tags,
      public: true,
      middleware: [noStore, receiptLimited],
      summary: "Answer the desk's question (or add something) with your receipt code",
      request: { body: jsonBody(ReceiptAnswerSchema) },
      responses: { 201: jsonResponse(ConversationSchema, "Answer received") },
    }),
    async (c) => {
      const { code, text } = c.req.valid("json");
      return c.json(await answerByReceipt(deps, code, text), 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/{id}/questions",
      tags,
      summary: "Ask the anonymous reporter a question (desk); the signal waits for the answer",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(DeskQuestionSchema) },
      responses: { 204: { description: "Asked" } },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      await askQuestion(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
        c.req.valid("json").text,
      );
      return c.body(null, 204);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/signals/{id}/messages",
      tags,
      personalData: true,
      summary: "The conversation with the anonymous reporter (desk)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: {
        200: jsonResponse(
          z.object({ status: z.string(), items: z.array(z.record(z.string(), z.unknown())) }),
          "Questions and answers",
        ),
      },
    }),
    async (c) => {
      const view = requireSession(c, "signals:desk");
      return c.json(
        await deskConversation(deps, viewerOf(view, c.get("requestId")), c.req.valid("param").id),
        200,
      );
    },
  );
}
