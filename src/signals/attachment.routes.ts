/**
 * @module attachment.routes
 * Attachments to signals: the author adds files to their draft, an anonymous reporter adds photos
 * with the receipt code (in the body, never the URL), and the reporting organisation and the desk
 * list and download them.
 *
 * Uploads are JSON with the file as base64 (`{ fileName, mediaType, dataBase64 }`) rather than
 * multipart: the API's body validation and content-type checks are JSON-only, and a 1.5 MB file in
 * base64 (2,000,000 characters) still fits the app's 2 MB request limit.
 *
 * Downloads are sent as `Content-Disposition: attachment` with `X-Content-Type-Options: nosniff`
 * and a sandboxing Content-Security-Policy, so a browser saves the file instead of rendering a
 * crafted PDF or image inside Samen's origin.
 */
import type { MiddlewareHandler } from "hono";
import { requireSession } from "../accounts/auth.middleware";
import { viewerOf } from "../persons/person.service";
import type { Deps } from "../platform/deps";
import { AppError } from "../platform/errors";
import type { Api } from "../platform/http/app";
import { defineRoute, jsonBody, jsonResponse, z } from "../platform/http/openapi";
import { clientKey, createRateLimiter } from "../platform/http/rate-limit";
import { ATTACHMENT_MEDIA_TYPES, MAX_ATTACHMENT_BASE64_CHARS } from "./attachment.rules";
import {
  addAnonymousAttachment,
  addDraftAttachment,
  downloadAttachment,
  listSignalAttachments,
} from "./attachment.service";

const tags = ["Signals"];
const uuidParam = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: "path" } });
const IdParams = z.object({ id: uuidParam("id") });
const FileParams = z.object({ id: uuidParam("id"), attachmentId: uuidParam("attachmentId") });

const uploadFields = {
  fileName: z.string().min(1).max(255),
  mediaType: z
    .string()
    .max(100)
    .openapi({ description: "The claimed type; it must match the file's content.", example: "image/jpeg" }),
  dataBase64: z
    .string()
    .min(4)
    .max(MAX_ATTACHMENT_BASE64_CHARS)
    .openapi({ description: "The file's bytes, base64 (at most 1.5 MB decoded)." }),
};

export const AttachmentUploadSchema = z.object(uploadFields).openapi("AttachmentUpload");
export const AnonymousAttachmentSchema = z
  .object({ code: z.string().max(64), ...uploadFields })
  .openapi("AnonymousAttachmentUpload");

export const AttachmentSchema = z
  .object({
    id: z.string().uuid(),
    fileName: z.string(),
    mediaType: z.enum(ATTACHMENT_MEDIA_TYPES),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    addedAt: z.string(),
  })
  .openapi("Attachment");

/** Photo uploads with a receipt code, per client address per minute and for everyone per hour. */
export const ANONYMOUS_ATTACHMENT_LIMITS = { perAddressPerMinute: 5, overallPerHour: 300 } as const;

const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.header("cache-control", "no-store");
};

/** `attachment; filename="…"` with an ASCII fallback and the exact name per RFC 6266/5987. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function registerAttachmentRoutes(api: Api, deps: Deps): void {
  const perAddress = createRateLimiter({
    limit: ANONYMOUS_ATTACHMENT_LIMITS.perAddressPerMinute,
    windowMs: 60_000,
  });
  const overall = createRateLimiter({
    limit: ANONYMOUS_ATTACHMENT_LIMITS.overallPerHour,
    windowMs: 3_600_000,
  });
  const anonymousLimited: MiddlewareHandler = async (c, next) => {
    const now = deps.now().getTime();
    const addressOk = perAddress.hit(clientKey(c.env), now);
    if (!addressOk || !overall.hit("all", now))
      throw new AppError(
        "TOO_MANY_ATTEMPTS",
        "Te veel pogingen; probeer het later opnieuw. / Too many attempts; try again later.",
        { headers: { "retry-after": "60", "cache-control": "no-store" } },
      );
    await next();
  };

  api.openapi(
    defineRoute({
      method: "post",
      path: "/signals/drafts/{id}/attachments",
      tags,
      summary: "Attach a photo (JPEG, PNG) or PDF to your draft; images are stripped of metadata",
      description:
        "The file travels as base64 in JSON (at most 1.5 MB decoded). Its type is taken from its content and must match `mediaType`.",
      security: [{ session: [] }],
      request: { params: IdParams, body: jsonBody(AttachmentUploadSchema) },
      responses: { 201: jsonResponse(AttachmentSchema, "Attached") },
    }),
    async (c) => {
      const view = requireSession(c, "signals:file");
      return c.json(
        await addDraftAttachment(
          deps,
          viewerOf(view, c.get("requestId")),
          c.req.valid("param").id,
          c.req.valid("json"),
        ),
        201,
      );
    },
  );

  api.openapi(
    defineRoute({
      method: "post",
      path: "/anonymous-signals/receipt/attachments",
      tags: ["Anonymous intake"],
      public: true,
      middleware: [noStore, anonymousLimited],
      summary: "Add a photo (JPEG, PNG) to your anonymous report with your receipt code",
      description:
        "Metadata (EXIF, GPS, camera, time) is stripped and the file name is not kept. PDFs are not accepted here.",
      request: { body: jsonBody(AnonymousAttachmentSchema) },
      responses: {
        201: jsonResponse(
          z.object({ mediaType: z.enum(ATTACHMENT_MEDIA_TYPES), sizeBytes: z.number().int() }),
          "Photo received",
        ),
      },
    }),
    async (c) => {
      const { code, ...upload } = c.req.valid("json");
      return c.json(await addAnonymousAttachment(deps, code, upload), 201);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/signals/{id}/attachments",
      tags,
      personalData: true,
      summary:
        "The attachments of a signal, without their content (reporting organisation, desk; a routed team as the sharing rules allow)",
      security: [{ session: [] }],
      request: { params: IdParams },
      responses: { 200: jsonResponse(z.object({ items: z.array(AttachmentSchema) }), "Attachments") },
    }),
    async (c) => {
      const view = requireSession(c);
      const items = await listSignalAttachments(
        deps,
        viewerOf(view, c.get("requestId")),
        c.req.valid("param").id,
      );
      return c.json({ items }, 200);
    },
  );

  api.openapi(
    defineRoute({
      method: "get",
      path: "/signals/{id}/attachments/{attachmentId}",
      tags,
      personalData: true,
      summary: "Download one attachment (as a file to save, never rendered inline)",
      security: [{ session: [] }],
      request: { params: FileParams },
      responses: {
        200: {
          description: "The file",
          content: Object.fromEntries(
            ATTACHMENT_MEDIA_TYPES.map((t) => [t, { schema: z.string().openapi({ format: "binary" }) }]),
          ),
        },
      },
    }),
    async (c) => {
      const view = requireSession(c);
      const { id, attachmentId } = c.req.valid("param");
      const file = await downloadAttachment(deps, viewerOf(view, c.get("requestId")), {
        signalId: id,
        attachmentId,
      });
      return c.body(new Uint8Array(file.bytes), 200, {
        "content-type": file.mediaType,
        "content-length": String(file.bytes.length),
        "content-disposition": contentDisposition(file.fileName),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cache-control": "no-store",
      }) as unknown as ReturnType<typeof c.json<string, 200>>;
    },
  );
}
