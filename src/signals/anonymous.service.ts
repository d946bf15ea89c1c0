/**
 * @module anonymous.service
 * The anonymous public intake (DESIGN.md §4 "Anonymous reporting"). Anyone may report without an
 * account; the report becomes a submitted signal on the desk's queue (channel `anonymous`, no holder
 * organisation). The reporter's only key is a random 20-digit receipt code, shown once; only a slow
 * keyed hash of it is stored (scrypt, salted server-wide with a value derived from the blind-index
 * key, so a lookup is an equality match), with which the reporter reads the desk's questions and
 * answers them.
 *
 * What is deliberately not stored: the client address, user agent, referer, cookies, a session, the
 * request id, and exact times. The reference is random rather than the next sequence number (which
 * sits between professional signals with exact times). Reporter-side timestamps (the signal's, its status events', the
 * receipt's and the reporter's messages') are rounded down to the hour, and the deadline is counted
 * from that rounded time (so it errs on the early side). Nor do reporter actions write an audit
 * entry: the audit chain records accountable actors with an exact time, and an exact time is what
 * would let someone match a report with a proxy's access log. Every read and write by staff is
 * audited as usual.
 *
 * People described in an anonymous report are not created as persons records: persons need a
 * holding organisation, and a description by an unknown reporter is not a data subject's record. The
 * description stays in the encrypted narrative; the desk records persons when it acts on the report.
 */

import { randomInt, scrypt } from "node:crypto";
import { can } from "../accounts/permissions.rules";
import { appendAudit } from "../audit/audit.repository";
import type { FieldCipher } from "../platform/crypto";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import type { Viewer } from "../sharing/presenter";
import {
  appendMessage,
  findSignalIdByReceipt,
  hasReceipt,
  insertReceipt,
  latestEventAt,
  listMessages,
  municipalityExists,
  referenceTaken,
} from "./anonymous.repository";
import type { AnonymousSignal, Conversation, PublicStatus } from "./anonymous.schema";
import { alertQuickResponse } from "./quick-response.service";
import { appendEvent, insertSignal, lockSignal, setStatus } from "./signal.repository";
import type { SignalStatus } from "./signal.vocabulary";
import { FINAL_SIGNAL_STATUSES, requireTransition } from "./signal-status.rules";
import { deadlineFor } from "./working-days.rules";

export const RECEIPT_DIGITS = 20;

/** A fresh receipt code: 20 digits from the operating system's random source (about 66 bits). */
export function newReceiptCode(): string {
  let code = "";
  for (let i = 0; i < RECEIPT_DIGITS; i++) code += String(randomInt(10));
  return code;
}

/** The code as typed, without spaces and dashes; null when it cannot be a receipt code. */
export function normaliseReceiptCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${RECEIPT_DIGITS}}$`).test(code) ? code : null;
}

// scrypt with N = 2^15: about 32 MB and tens of milliseconds per guess, on top of the rate limits.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** The stored form of a receipt code: scrypt with a server-wide salt derived from the blind-index key. */
export function receiptHash(cipher: FieldCipher, code: string): Promise<string> {
  const salt = cipher.blindIndex("receipt-code-salt", "signal.receipt");
  return new Promise((resolve, reject) =>
    scrypt(code, salt, 32, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key.toString("base64url")),
    ),
  );
}

/** Rounded down to the hour: precise enough for deadlines, too coarse to match an access log. */
export function toTheHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

/**
 * A random reference, not the next number of the shared sequence: sequence numbers interleave with
 * professional signals whose times are exact, which would give the report's time away again.
 */
async function anonymousReference(tx: Queryable, year: number): Promise<string> {
  for (;;) {
    const reference = `A-${year}-${String(randomInt(100_000_000)).padStart(8, "0")}`;
    if (!(await referenceTaken(tx, reference))) return reference;
  }
}

function narrativeOf(input: AnonymousSignal): string {
  const parts = [input.whatHappened];
  if (input.where) parts.push(`Waar / Where: ${input.where}`);
  if (input.peopleInvolved) parts.push(`Betrokken personen / People involved: ${input.peopleInvolved}`);
  return parts.join("\n\n");
}

/** Files an anonymous report as a submitted signal and returns its receipt code (shown once). */
export async function submitAnonymousSignal(
  deps: Deps,
  input: AnonymousSignal,
): Promise<{ receiptCode: string }> {
  const receiptCode = newReceiptCode();
  const hash = await receiptHash(deps.cipher, receiptCode);
  await deps.db.transaction(async (tx) => {
    if (input.municipalityCode && !(await municipalityExists(tx, input.municipalityCode)))
      throw new AppError("VALIDATION_FAILED", "Onbekende gemeentecode. / Unknown municipality code.", {
        fields: [{ field: "municipalityCode", message: "unknown municipality code" }],
      });
    const at = toTheHour(deps.now());
    const id = await insertSignal(tx, deps.cipher, {
      reference: await anonymousReference(tx, at.getUTCFullYear()),
      channel: "anonymous",
      organisationId: null,
      reporterUserId: null,
      municipalityCode: input.municipalityCode ?? null,
      address: null,
      observedOn: input.observedOn ?? null,
      forms: input.forms,
      indicatorIds: input.indicatorIds,
      narrative: narrativeOf(input),
      urgency: input.urgency,
      minorInvolved: input.minorInvolved,
      at,
    });
    const deadline = deadlineFor({ receivedAt: at, urgency: input.urgency });
    await setStatus(tx, {
      id,
      from: "draft",
      to: "received",
      at,
      extra: { submittedAt: at, deadlineAt: deadline.dueAt },
    });
    await appendEvent(tx, deps.cipher, {
      signalId: id,
      kind: "status",
      fromStatus: null,
      toStatus: "received",
      actorUserId: null,
      actorOrganisationId: null,
      at,
    });
    await insertReceipt(tx, { signalId: id, receiptHash: hash, at });
    if (input.urgency === "immediate")
      await alertQuickResponse(tx, deps, {
        id,
        municipalityCode: input.municipalityCode ?? null,
        personIds: [],
        at,
        requestId: null,
        audited: false,
      });
  });
  return { receiptCode };
}

function publicStatus(status: SignalStatus | "draft"): PublicStatus {
  if (status === "received") return "received";
  if (status === "more_information_requested") return "question_waiting";
  if ((FINAL_SIGNAL_STATUSES as readonly string[]).includes(status)) return "closed";
  return "in_progress";
}

/** The signal a typed code opens, locked; any wrong or malformed code is the same "not found". */
async function signalByCode(tx: Queryable, code: string, hash: string | null) {
  if (!hash || !normaliseReceiptCode(code)) throw receiptNotFound();
  const id = await findSignalIdByReceipt(tx, hash);
  const row = id ? await lockSignal(tx, id) : null;
  if (!row) throw receiptNotFound();
  return row;
}

function receiptNotFound(): AppError {
  return new AppError(
    "NOT_FOUND",
    "Geen melding gevonden bij deze code. Controleer de cijfers. / No report found for this code. Check the digits.",
  );
}

async function hashOf(deps: Deps, code: string): Promise<string | null> {
  const normalised = normaliseReceiptCode(code);
  return normalised ? receiptHash(deps.cipher, normalised) : null;
}

async function conversation(tx: Queryable, deps: Deps, signalId: string, status: SignalStatus | "draft") {
  const messages = await listMessages(tx, signalId);
  return {
    status: publicStatus(status),
    canAnswer: !(FINAL_SIGNAL_STATUSES as readonly string[]).includes(status),
    messages: messages.map((m) => ({
      direction: m.direction,
      text: deps.cipher.decrypt(m.text_enc),
      on: m.at.toISOString().slice(0, 10),
    })),
  } satisfies Conversation;
}

/** What the reporter sees with their code: the public status and the conversation. */
export async function readByReceipt(deps: Deps, code: string): Promise<Conversation> {
  const hash = await hashOf(deps, code);
  return deps.db.transaction(async (tx) => {
    const row = await signalByCode(tx, code, hash);
    return conversation(tx, deps, row.id, row.status);
  });
}

/** The reporter answers (or adds something); an open question counts as answered. */
export async function answerByReceipt(deps: Deps, code: string, text: string): Promise<Conversation> {
  const hash = await hashOf(deps, code);
  return deps.db.transaction(async (tx) => {
    const row = await signalByCode(tx, code, hash);
    if ((FINAL_SIGNAL_STATUSES as readonly string[]).includes(row.status))
      throw new AppError(
        "CONFLICT",
        "Deze melding is afgesloten; u kunt niet meer antwoorden. / This report is closed; you can no longer answer.",
      );
    // Rounded to the hour, but never before the desk's question: the history stays in order, and
    // the time of the question says nothing about the reporter.
    const latest = await latestEventAt(tx, row.id);
    const hour = toTheHour(deps.now());
    const at = latest && latest >= hour ? new Date(latest.getTime() + 1) : hour;
    await appendMessage(tx, deps.cipher, {
      signalId: row.id,
      direction: "reporter_to_desk",
      text,
      authorUserId: null,
      at,
    });
    let status = row.status;
    if (status === "more_information_requested") {
      requireTransition({ from: status, to: "information_received", actor: "system" });
      await setStatus(tx, { id: row.id, from: status, to: "information_received", at });
      await appendEvent(tx, deps.cipher, {
        signalId: row.id,
        kind: "status",
        fromStatus: status,
        toStatus: "information_received",
        actorUserId: null,
        actorOrganisationId: null,
        at,
      });
      status = "information_received";
    }
    return conversation(tx, deps, row.id, status);
  });
}

async function deskSignal(tx: Queryable, viewer: Viewer, id: string) {
  if (!can(viewer.roles, "signals:desk")) throw notFound();
  const row = await lockSignal(tx, id);
  if (!row || row.status === "draft" || !(await hasReceipt(tx, id))) throw notFound();
  return { ...row, status: row.status as SignalStatus };
}

/** The desk asks the reporter a question; the signal waits for the answer (by the transition table). */
export async function askQuestion(deps: Deps, viewer: Viewer, id: string, text: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await deskSignal(tx, viewer, id);
    const at = deps.now();
    if (row.status !== "more_information_requested") {
      requireTransition({ from: row.status, to: "more_information_requested", actor: "desk_officer" });
      if (!(await setStatus(tx, { id, from: row.status, to: "more_information_requested", at })))
        throw new AppError(
          "CONFLICT",
          "De status is intussen veranderd; laad de melding opnieuw. / The status changed meanwhile; reload the signal.",
        );
      await appendEvent(tx, deps.cipher, {
        signalId: id,
        kind: "status",
        fromStatus: row.status,
        toStatus: "more_information_requested",
        actorUserId: viewer.userId,
        actorOrganisationId: viewer.organisationId,
        at,
      });
    }
    await appendMessage(tx, deps.cipher, {
      signalId: id,
      direction: "desk_to_reporter",
      text,
      authorUserId: viewer.userId,
      at,
    });
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "signal.question_asked",
      objectType: "signal",
      objectId: id,
      purpose: "supervision",
      details: { from: row.status },
    });
  });
}

/** The conversation with the anonymous reporter, for the desk. */
export async function deskConversation(deps: Deps, viewer: Viewer, id: string) {
  return deps.db.transaction(async (tx) => {
    const row = await deskSignal(tx, viewer, id);
    const messages = await listMessages(tx, id);
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "signal.conversation_read",
      objectType: "signal",
      objectId: id,
      purpose: "supervision",
      details: { messages: messages.length },
    });
    return {
      status: row.status,
      items: messages.map((m) => ({
        position: m.position,
        direction: m.direction,
        text: deps.cipher.decrypt(m.text_enc),
        byUserId: m.author_user_id,
        at: m.at.toISOString(),
      })),
    };
  });
}
