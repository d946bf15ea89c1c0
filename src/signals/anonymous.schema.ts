/**
 * @module anonymous.schema
 * Request and response shapes of the anonymous public intake: the report itself (the same structured
 * questions as the professional form, without names), the receipt code and the conversation with
 * the signal desk.
 */
import { z } from "@hono/zod-openapi";
import { EXPLOITATION_FORMS, URGENCIES } from "./signal.vocabulary";

const text = (max: number) => z.string().trim().min(1).max(max);

export const AnonymousSignalSchema = z
  .object({
    whatHappened: text(10_000).openapi({ description: "What the reporter saw or experienced" }),
    where: text(300).optional().openapi({ description: "A place, street or company, as far as known" }),
    municipalityCode: z
      .string()
      .regex(/^GM\d{4}$/, "CBS code like GM0363")
      .optional(),
    observedOn: z.string().date().optional().openapi({ format: "date" }),
    forms: z.array(z.enum(EXPLOITATION_FORMS)).max(5).default([]),
    indicatorIds: z
      .array(z.string().regex(/^[a-z]{2,4}-\d{2}$/, "indicator id like gen-01"))
      .max(80)
      .default([]),
    peopleInvolved: text(5_000)
      .optional()
      .openapi({ description: "The people involved, described without needing names" }),
    minorInvolved: z.boolean().default(false),
    urgency: z.enum(URGENCIES).default("normal"),
  })
  .openapi("AnonymousSignal");
export type AnonymousSignal = z.infer<typeof AnonymousSignalSchema>;

export const ReceiptSchema = z
  .object({
    receiptCode: z
      .string()
      .regex(/^\d{20}$/)
      .openapi({
        description: "Shown once. Only a slow hash is stored; a lost code cannot be recovered.",
      }),
  })
  .openapi("AnonymousReceipt");

/** The code as typed: spaces and dashes are allowed, other input simply finds nothing. */
export const ReceiptLookupSchema = z.object({ code: z.string().max(64) }).openapi("ReceiptLookup");

export const ReceiptAnswerSchema = z
  .object({ code: z.string().max(64), text: text(5_000) })
  .openapi("ReceiptAnswer");

export const DeskQuestionSchema = z.object({ text: text(2_000) }).openapi("DeskQuestion");

/** What a reporter may know about the progress of their report (never who handles it). */
export const PUBLIC_STATUSES = ["received", "question_waiting", "in_progress", "closed"] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export const ConversationSchema = z
  .object({
    status: z.enum(PUBLIC_STATUSES),
    canAnswer: z.boolean(),
    messages: z.array(
      z.object({
        direction: z.enum(["desk_to_reporter", "reporter_to_desk"]),
        text: z.string(),
        on: z.string().openapi({ format: "date", description: "The day only" }),
      }),
    ),
  })
  .openapi("AnonymousConversation");
export type Conversation = z.infer<typeof ConversationSchema>;
