/**
 * @module attachment.service
 * Attachments to signals (photos, scanned documents): added by the author to their draft (a submitted
 * signal is immutable; a later photo goes with a later fact, not yet supported), or by an anonymous
 * reporter with their receipt code; read by the reporting organisation, the signal desk and — as the
 * sharing rules allow — the teams the signal was routed to.
 *
 * Every file is checked by `attachment.rules` (type by magic bytes, size, metadata stripped from
 * images) and stored encrypted. Uploads through the anonymous intake keep the promises of
 * `anonymous.service`: images only (a PDF's metadata cannot be stripped here), no file name of the
 * reporter's (a name like `IMG_20261120_143012.jpg` or `jan-de-vries.jpg` says who or when), a time
 * rounded down to the hour, and no audit entry for the reporter's action.
 */
import { createHash } from "node:crypto";
import { appendAudit } from "../audit/audit.repository";
import type { Queryable } from "../platform/db/database";
import type { Deps } from "../platform/deps";
import { AppError, notFound } from "../platform/errors";
import { presentWithAccess, type Viewer } from "../sharing/presenter";
import type { Purpose } from "../sharing/purposes";
import { findSignalIdByReceipt } from "./anonymous.repository";
import { normaliseReceiptCode, receiptHash, toTheHour } from "./anonymous.service";
import { countAttachments, insertAttachment, listAttachments, readAttachment } from "./attachment.repository";
import {
  type AttachmentMediaType,
  type AttachmentRefusal,
  checkAttachment,
  EXTENSIONS,
  MAX_ATTACHMENTS_PER_SIGNAL,
} from "./attachment.rules";
import { findSignal, lockSignal, signalPersonIds } from "./signal.repository";
import { signalAccess } from "./signal.service";
import { FINAL_SIGNAL_STATUSES } from "./signal-status.rules";

/** An upload as the API receives it: the file's bytes as base64 text in a JSON body. */
export type AttachmentUpload = { fileName: string; mediaType: string; dataBase64: string };

const REFUSALS: Record<AttachmentRefusal, string> = {
  too_large: "Het bestand is groter dan 1,5 MB. / The file exceeds 1.5 MB.",
  empty: "Het bestand is leeg. / The file is empty.",
  unsupported_type:
    "Alleen foto's (JPEG, PNG) en PDF-documenten kunnen worden toegevoegd. / Only photos (JPEG, PNG) and PDF documents can be attached.",
  type_mismatch: "Het bestand is niet van het opgegeven type. / The file is not of the type it claims to be.",
  extension_mismatch:
    "De extensie van de bestandsnaam past niet bij het bestand. / The file name's extension does not fit the file.",
  malformed: "Het bestand is beschadigd. / The file is damaged.",
  not_allowed_here:
    "Bij een anonieme melding kunnen alleen foto's (JPEG, PNG) worden toegevoegd. / Only photos (JPEG, PNG) can be added to an anonymous report.",
};

function decode(dataBase64: string): Uint8Array {
  const bytes = Buffer.from(dataBase64, "base64");
  // Buffer skips characters that are not base64; only text that encodes back the same is accepted.
  if (bytes.toString("base64") !== dataBase64)
    throw new AppError("VALIDATION_FAILED", "Ongeldige base64-gegevens. / Invalid base64 data.", {
      fields: [{ field: "dataBase64", message: "not canonical base64" }],
    });
  return new Uint8Array(bytes);
}

function checked(upload: AttachmentUpload, accept?: readonly AttachmentMediaType[]) {
  const result = checkAttachment({
    bytes: decode(upload.dataBase64),
    claimedType: upload.mediaType,
    fileName: upload.fileName,
    ...(accept ? { accept } : {}),
  });
  if (!result.ok) {
    const status = result.reason === "too_large" ? "PAYLOAD_TOO_LARGE" : "VALIDATION_FAILED";
    throw new AppError(status, REFUSALS[result.reason], {
      fields: [{ field: "dataBase64", message: result.reason }],
    });
  }
  return result;
}

async function requireRoom(tx: Queryable, signalId: string): Promise<number> {
  const count = await countAttachments(tx, signalId);
  if (count >= MAX_ATTACHMENTS_PER_SIGNAL)
    throw new AppError(
      "CONFLICT",
      `Er kunnen niet meer dan ${MAX_ATTACHMENTS_PER_SIGNAL} bijlagen bij een melding. / A signal holds at most ${MAX_ATTACHMENTS_PER_SIGNAL} attachments.`,
    );
  return count;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

type Presented = {
  id: string;
  fileName: string;
  mediaType: AttachmentMediaType;
  sizeBytes: number;
  sha256: string;
  addedAt: string;
};

/** The author adds a file to their own draft; a submitted signal (or anyone else's) is refused. */
export async function addDraftAttachment(
  deps: Deps,
  viewer: Viewer,
  signalId: string,
  upload: AttachmentUpload,
): Promise<Presented> {
  const file = checked(upload);
  return deps.db.transaction(async (tx) => {
    const row = await lockSignal(tx, signalId);
    if (!row || row.reporter_user_id !== viewer.userId) throw notFound();
    if (row.status !== "draft")
      throw new AppError(
        "CONFLICT",
        "Een ingediende melding kan niet meer worden gewijzigd. / A submitted signal cannot be changed.",
      );
    await requireRoom(tx, signalId);
    const at = deps.now();
    const hash = sha256(file.bytes);
    const id = await insertAttachment(tx, deps.cipher, {
      signalId,
      mediaType: file.mediaType,
      bytes: file.bytes,
      fileName: file.fileName,
      sha256: hash,
      addedBy: viewer.userId,
      at,
    });
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "signal.attachment_added",
      objectType: "signal",
      objectId: signalId,
      purpose: "own_administration",
      details: { attachmentId: id, mediaType: file.mediaType, sizeBytes: file.bytes.length },
    });
    return {
      id,
      fileName: file.fileName,
      mediaType: file.mediaType,
      sizeBytes: file.bytes.length,
      sha256: hash,
      addedAt: at.toISOString(),
    };
  });
}

/**
 * An anonymous reporter adds a photo with their receipt code: images only, metadata stripped, the
 * name replaced, the time rounded to the hour, no audit entry (see the module header).
 */
export async function addAnonymousAttachment(
  deps: Deps,
  code: string,
  upload: AttachmentUpload,
): Promise<{ mediaType: AttachmentMediaType; sizeBytes: number }> {
  const normalised = normaliseReceiptCode(code);
  const hash = normalised ? await receiptHash(deps.cipher, normalised) : null;
  const file = checked(upload, ["image/jpeg", "image/png"]);
  return deps.db.transaction(async (tx) => {
    const signalId = hash ? await findSignalIdByReceipt(tx, hash) : null;
    const row = signalId ? await lockSignal(tx, signalId) : null;
    if (!row)
      throw new AppError(
        "NOT_FOUND",
        "Geen melding gevonden bij deze code. Controleer de cijfers. / No report found for this code. Check the digits.",
      );
    if ((FINAL_SIGNAL_STATUSES as readonly string[]).includes(row.status))
      throw new AppError(
        "CONFLICT",
        "Deze melding is afgesloten; u kunt niets meer toevoegen. / This report is closed; you can no longer add anything.",
      );
    const count = await requireRoom(tx, row.id);
    await insertAttachment(tx, deps.cipher, {
      signalId: row.id,
      mediaType: file.mediaType,
      bytes: file.bytes,
      fileName: `foto-${count + 1}.${EXTENSIONS[file.mediaType][0]}`,
      sha256: sha256(file.bytes),
      addedBy: null,
      at: toTheHour(deps.now()),
    });
    return { mediaType: file.mediaType, sizeBytes: file.bytes.length };
  });
}

/**
 * Who may read a signal's attachments, and for which purpose: whoever may open the signal (its
 * reporting organisation — a draft only its author —, the signal desk, a team it was routed to). A
 * team's read goes through the sharing rules like any field: a photo or scan may show anyone, so the
 * attachments count as `identity`, the strictest category they can hold; where the rules do not let
 * the team's organisation see identity data for its purpose, the answer is 403 with the reason.
 * Every team read is audited and logged as a disclosure by the presenter.
 */
class Refused {
  constructor(readonly reason: { nl: string; en: string }) {}
}

async function readable(tx: Queryable, deps: Deps, viewer: Viewer, signalId: string) {
  const row = await findSignal(tx, signalId);
  const access = row ? await signalAccess(tx, viewer, row) : null;
  if (!row || !access) throw notFound();
  if (access.kind !== "team") return { purpose: access.purpose };
  const presented = await presentWithAccess(tx, deps, {
    viewer,
    ref: {
      type: "signal_attachments",
      id: signalId,
      ownerOrganisationId: row.organisation_id ?? viewer.organisationId,
      ownerOrganisationType: (row.organisation_type ?? viewer.organisationType) as Viewer["organisationType"],
    },
    purpose: access.purpose,
    fields: { attachments: { category: "identity" as const, value: true } },
    access: { kind: "grant", conditions: [] },
    consents: [],
    personIds: await signalPersonIds(tx, signalId),
  });
  const field = presented.fields.attachments;
  return field.visible ? { purpose: access.purpose } : new Refused(field.hidden);
}

/**
 * Runs a read of a signal's attachments in one transaction. A refusal by the sharing rules is
 * raised only after the commit, so the presenter's audit entry of the refused read is kept.
 */
async function readAttachments<T>(
  deps: Deps,
  viewer: Viewer,
  signalId: string,
  read: (tx: Queryable, purpose: Purpose) => Promise<T>,
): Promise<T> {
  const result = await deps.db.transaction(async (tx) => {
    const access = await readable(tx, deps, viewer, signalId);
    return access instanceof Refused ? access : { value: await read(tx, access.purpose) };
  });
  if (result instanceof Refused)
    throw new AppError(
      "FORBIDDEN",
      `De deelregels tonen uw organisatie geen bijlagen voor dit doel: ${result.reason.nl} / The sharing rules do not show your organisation attachments for this purpose: ${result.reason.en}`,
    );
  return result.value;
}

/** The attachments of a signal, without their content. */
export async function listSignalAttachments(
  deps: Deps,
  viewer: Viewer,
  signalId: string,
): Promise<Presented[]> {
  return readAttachments(deps, viewer, signalId, async (tx, purpose) => {
    const rows = await listAttachments(tx, signalId);
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "signal.attachments_listed",
      objectType: "signal",
      objectId: signalId,
      purpose,
      details: { count: rows.length },
    });
    return rows.map((r) => ({
      id: r.id,
      fileName: deps.cipher.decrypt(r.file_name_enc),
      mediaType: r.media_type,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
      addedAt: r.added_at.toISOString(),
    }));
  });
}

/** One attachment's bytes, for download; every read is audited. */
export async function downloadAttachment(
  deps: Deps,
  viewer: Viewer,
  { signalId, attachmentId }: { signalId: string; attachmentId: string },
): Promise<{ fileName: string; mediaType: AttachmentMediaType; bytes: Buffer }> {
  return readAttachments(deps, viewer, signalId, async (tx, purpose) => {
    const file = await readAttachment(tx, deps.cipher, { signalId, id: attachmentId });
    if (!file) throw notFound();
    await appendAudit(tx, {
      actorUserId: viewer.userId,
      actorOrganisationId: viewer.organisationId,
      requestId: viewer.requestId,
      action: "signal.attachment_read",
      objectType: "signal",
      objectId: signalId,
      purpose,
      details: { attachmentId, sha256: file.sha256 },
    });
    return {
      fileName: deps.cipher.decrypt(file.file_name_enc),
      mediaType: file.media_type,
      bytes: file.bytes,
    };
  });
}
