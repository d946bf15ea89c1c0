/**
 * @module attachment.rules
 * Pure decisions about a file attached to a signal: what it really is (by its magic bytes, never by
 * its name or the type the client claims), whether it is small enough, and its bytes with embedded
 * metadata removed.
 *
 * Only PNG, JPEG and PDF are accepted: photos and scanned documents are what reporters have, and each
 * of the three can be recognised by its first bytes. A claimed type that differs from the sniffed
 * one is refused rather than corrected, since a mismatch is either a mistake or an attempt to smuggle
 * something past a viewer.
 *
 * Metadata stripping keeps the image data byte for byte (no re-encoding, so no quality loss and no
 * image library):
 * - JPEG: drops APP1 (EXIF, XMP: camera, GPS position, time), APP13 (IPTC/Photoshop), COM, and every
 *   other APPn except APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform), which
 *   decoders need to show the colours right. Anything after the end-of-image marker is dropped too
 *   (phones append trailers there).
 * - PNG: drops tEXt, zTXt, iTXt (free text, XMP), eXIf and tIME chunks, and anything after IEND.
 * - PDF: left as it is. A PDF's metadata (Info dictionary, XMP stream, incremental updates holding
 *   older versions) can only be removed safely by rewriting the document with a PDF library, which
 *   Samen does not have; the anonymous intake therefore does not accept PDFs at all.
 */

export const ATTACHMENT_MEDIA_TYPES = ["image/png", "image/jpeg", "application/pdf"] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** Decoded size limit: 1.5 MB, so that the base64 text (4/3 larger) fits the app's 2 MB request limit. */
export const MAX_ATTACHMENT_BYTES = 1_500_000;
/** The base64 length of a file of the maximum size. */
export const MAX_ATTACHMENT_BASE64_CHARS = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;
/** At most this many attachments per signal: enough for a report, a brake on flooding the database. */
export const MAX_ATTACHMENTS_PER_SIGNAL = 10;

/** File-name extensions that fit each type; the first one is used when a name has none. */
export const EXTENSIONS: Record<AttachmentMediaType, readonly string[]> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"],
  "application/pdf": ["pdf"],
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** The type the bytes are, by their magic number; null for anything else. */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, PDF_SIGNATURE)) return "application/pdf";
  return null;
}

export type AttachmentRefusal =
  | "too_large"
  | "empty"
  | "unsupported_type"
  | "type_mismatch"
  | "extension_mismatch"
  | "malformed"
  | "not_allowed_here";

export type AttachmentCheck =
  | { ok: true; mediaType: AttachmentMediaType; bytes: Uint8Array; fileName: string }
  | { ok: false; reason: AttachmentRefusal };

/**
 * A file name safe to store and to send back in a Content-Disposition header: no path, no control or
 * quoting characters, at most 120 characters, ending in an extension of the sniffed type.
 */
export function safeFileName(name: string, mediaType: AttachmentMediaType): string | null {
  const base = (name.split(/[\\/]/).pop() ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
    .replace(/[\u0000-\u001f\u007f"<>:|?*;]/g, "_")
    .trim()
    .replace(/^\.+/, "");
  const dot = base.lastIndexOf(".");
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  const allowed = EXTENSIONS[mediaType];
  if (extension && !allowed.includes(extension)) return null;
  const stem = (dot > 0 ? base.slice(0, dot) : base).slice(0, 100) || "bijlage";
  return `${stem}.${extension || allowed[0]}`;
}

/**
 * Checks an upload: size, the sniffed type against the claimed type and the name's extension, the
 * types this channel accepts; and strips metadata from images. The returned bytes are what is stored.
 */
export function checkAttachment({
  bytes,
  claimedType,
  fileName,
  accept = ATTACHMENT_MEDIA_TYPES,
}: {
  bytes: Uint8Array;
  claimedType: string;
  fileName: string;
  accept?: readonly AttachmentMediaType[];
}): AttachmentCheck {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: "too_large" };
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) return { ok: false, reason: "unsupported_type" };
  if (mediaType !== claimedType.trim().toLowerCase()) return { ok: false, reason: "type_mismatch" };
  if (!accept.includes(mediaType)) return { ok: false, reason: "not_allowed_here" };
  const name = safeFileName(fileName, mediaType);
  if (!name) return { ok: false, reason: "extension_mismatch" };
  const stripped = stripMetadata(bytes, mediaType);
  if (!stripped) return { ok: false, reason: "malformed" };
  return { ok: true, mediaType, bytes: stripped, fileName: name };
}

/** The bytes without embedded metadata (PDF unchanged, see the module header); null when malformed. */
export function stripMetadata(bytes: Uint8Array, mediaType: AttachmentMediaType): Uint8Array | null {
  if (mediaType === "image/jpeg") return stripJpeg(bytes);
  if (mediaType === "image/png") return stripPng(bytes);
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// JPEG markers (the byte after 0xFF).
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const KEEP_APP = new Set([0xe0, 0xe2, 0xee]); // APP0 JFIF, APP2 ICC profile, APP14 Adobe
const COM = 0xfe;

function dropJpegSegment(marker: number): boolean {
  if (marker === COM) return true;
  return marker >= 0xe0 && marker <= 0xef && !KEEP_APP.has(marker);
}

/** End of the entropy-coded data that starts at `from`: the position of the next real marker. */
function entropyEnd(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length - 1) {
    if (bytes[i] !== 0xff) {
      i++;
      continue;
    }
    const next = bytes[i + 1]!;
    // Byte stuffing (FF 00) and restart markers belong to the scan; FF FF is fill before a marker.
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
      i += 2;
      continue;
    }
    if (next === 0xff) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

/** A JPEG without metadata segments and without anything after EOI; null when malformed. */
export function stripJpeg(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let i = 2;
  let sawScan = false;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    while (bytes[i] === 0xff && bytes[i + 1] === 0xff) i++; // fill bytes
    const marker = bytes[i + 1];
    if (marker === undefined) return null;
    if (marker === EOI) {
      if (!sawScan) return null;
      parts.push(bytes.subarray(i, i + 2));
      return concat(parts);
    }
    if (marker === TEM || (marker >= 0xd0 && marker <= 0xd7) || marker === SOI) return null;
    if (i + 4 > bytes.length) return null;
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    const end = i + 2 + length;
    if (length < 2 || end > bytes.length) return null;
    if (!dropJpegSegment(marker)) parts.push(bytes.subarray(i, end));
    i = end;
    if (marker === SOS) {
      sawScan = true;
      const scanEnd = entropyEnd(bytes, i);
      if (scanEnd < 0) return null;
      parts.push(bytes.subarray(i, scanEnd));
      i = scanEnd;
    }
  }
  return null;
}

const DROP_PNG_CHUNKS = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

/** A PNG without text, EXIF and time chunks and without anything after IEND; null when malformed. */
export function stripPng(bytes: Uint8Array): Uint8Array | null {
  if (!startsWith(bytes, PNG_SIGNATURE)) return null;
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let i = 8;
  let first = true;
  while (i + 12 <= bytes.length) {
    const length = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    const type = String.fromCharCode(...bytes.subarray(i + 4, i + 8));
    const end = i + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) return null;
    if (first && type !== "IHDR") return null;
    first = false;
    if (!DROP_PNG_CHUNKS.has(type)) parts.push(bytes.subarray(i, end));
    i = end;
    if (type === "IEND") return concat(parts);
  }
  return null;
}
