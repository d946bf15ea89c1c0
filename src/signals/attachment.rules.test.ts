import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  checkAttachment,
  MAX_ATTACHMENT_BYTES,
  safeFileName,
  sniffMediaType,
  stripJpeg,
  stripPng,
} from "./attachment.rules";

// Synthetic files built byte by byte; the "GPS" text is made up and only has to disappear.
const GPS = "GPSLatitude 52.3676 N GPSLongitude 4.9041 E (synthetisch)";
const ascii = (s: string) => [...Buffer.from(s, "latin1")];
const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const contains = (bytes: Uint8Array, text: string) =>
  Buffer.from(bytes).includes(Buffer.from(text, "latin1"));

/** A JPEG segment: marker, length (including itself), payload. */
const segment = (marker: number, payload: number[]) => [0xff, marker, ...u16(payload.length + 2), ...payload];

function buildJpeg() {
  const app0 = segment(0xe0, [...ascii("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const exif = segment(0xe1, [...ascii("Exif\0\0"), ...ascii(`MM\0*${GPS}`)]);
  const xmp = segment(0xe1, ascii(`http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${GPS}</x:xmpmeta>`));
  const iptc = segment(0xed, ascii(`Photoshop 3.0\0 8BIM ${GPS}`));
  const comment = segment(0xfe, ascii(`Camera owner: Plantnaam ${GPS}`));
  const dqt = segment(0xdb, [0, ...Array.from({ length: 64 }, (_, i) => i + 1)]);
  const sof = segment(0xc0, [8, ...u16(1), ...u16(1), 1, 1, 0x11, 0]);
  const dht = segment(0xc4, [0, 1, ...Array(15).fill(0), 0]);
  const sos = segment(0xda, [1, 1, 0, 0, 63, 0]);
  // Entropy-coded data with a stuffed 0xFF and a restart marker, which belong to the image.
  const scan = [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0x78];
  const eoi = [0xff, 0xd9];
  const image = [...dqt, ...sof, ...dht, ...sos, ...scan, ...eoi];
  const trailer = ascii(`TRAILER ${GPS}`);
  return {
    original: new Uint8Array([
      0xff,
      0xd8,
      ...app0,
      ...exif,
      ...xmp,
      ...iptc,
      ...comment,
      ...image,
      ...trailer,
    ]),
    expected: new Uint8Array([0xff, 0xd8, ...app0, ...image]),
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: number[]): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
const chunk = (type: string, data: number[]) => {
  const body = [...ascii(type), ...data];
  return [...u32(data.length), ...body, ...u32(crc32(body))];
};

function buildPng() {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const ihdr = chunk("IHDR", [...u32(1), ...u32(1), 8, 2, 0, 0, 0]); // 1×1, 8-bit RGB
  const idat = chunk("IDAT", [...deflateSync(Buffer.from([0, 0xc0, 0x30, 0x30]))]); // one reddish pixel
  const iend = chunk("IEND", []);
  const metadata = [
    ...chunk("tEXt", ascii(`Comment\0${GPS}`)),
    ...chunk("iTXt", ascii(`XML:com.adobe.xmp\0\0\0\0\0${GPS}`)),
    ...chunk("zTXt", [...ascii("Author\0"), 0, ...deflateSync(Buffer.from(GPS))]),
    ...chunk("eXIf", ascii(`MM\0*${GPS}`)),
    ...chunk("tIME", [...u16(2026), 11, 20, 14, 30, 12]),
  ];
  const gamma = chunk("gAMA", u32(45455));
  return {
    original: new Uint8Array([
      ...signature,
      ...ihdr,
      ...metadata,
      ...gamma,
      ...idat,
      ...iend,
      ...ascii(`after IEND ${GPS}`),
    ]),
    expected: new Uint8Array([...signature, ...ihdr, ...gamma, ...idat, ...iend]),
  };
}

const PDF = new Uint8Array(ascii("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"));

describe("attachment rules: sniffing, limits and metadata stripping", () => {
  it("strips EXIF, XMP, IPTC, comments and trailers from a JPEG and keeps the image data byte for byte", () => {
    const { original, expected } = buildJpeg();
    expect(contains(original, GPS)).toBe(true);
    const stripped = stripJpeg(original)!;
    expect(contains(stripped, GPS)).toBe(false);
    expect(contains(stripped, "Exif")).toBe(false);
    expect(contains(stripped, "Plantnaam")).toBe(false);
    expect([...stripped]).toEqual([...expected]);
    // Stripping is idempotent: a second pass changes nothing.
    expect([...stripJpeg(stripped)!]).toEqual([...expected]);
  });

  it("strips text, EXIF and time chunks from a PNG and keeps the image chunks byte for byte", () => {
    const { original, expected } = buildPng();
    expect(contains(original, GPS)).toBe(true);
    const stripped = stripPng(original)!;
    expect(contains(stripped, GPS)).toBe(false);
    for (const type of ["tEXt", "iTXt", "zTXt", "eXIf", "tIME"])
      expect(contains(stripped, type), type).toBe(false);
    expect([...stripped]).toEqual([...expected]);
  });

  it("accepts a JPEG, PNG or PDF whose content matches the claimed type, returning the stripped bytes", () => {
    const jpeg = checkAttachment({
      bytes: buildJpeg().original,
      claimedType: "image/jpeg",
      fileName: "C:\\Users\\x\\IMG_0001.JPG",
    });
    expect(jpeg).toMatchObject({ ok: true, mediaType: "image/jpeg", fileName: "IMG_0001.jpg" });
    expect(jpeg.ok && contains(jpeg.bytes, GPS)).toBe(false);
    expect(
      checkAttachment({ bytes: buildPng().original, claimedType: "image/png", fileName: "kaart" }),
    ).toMatchObject({ ok: true, mediaType: "image/png", fileName: "kaart.png" });
    // PDFs are stored as they are (see the module header).
    const pdf = checkAttachment({ bytes: PDF, claimedType: "application/pdf", fileName: "brief.pdf" });
    expect(pdf.ok && [...pdf.bytes]).toEqual([...PDF]);
  });

  it("refuses a text file renamed .jpg, a type mismatch, a wrong extension and other formats", () => {
    const text = new Uint8Array(ascii("Dit is gewoon tekst (synthetisch).\n"));
    expect(sniffMediaType(text)).toBeNull();
    expect(checkAttachment({ bytes: text, claimedType: "image/jpeg", fileName: "foto.jpg" })).toEqual({
      ok: false,
      reason: "unsupported_type",
    });
    expect(
      checkAttachment({ bytes: buildPng().original, claimedType: "image/jpeg", fileName: "foto.jpg" }),
    ).toEqual({ ok: false, reason: "type_mismatch" });
    expect(
      checkAttachment({ bytes: buildPng().original, claimedType: "image/png", fileName: "foto.exe" }),
    ).toEqual({ ok: false, reason: "extension_mismatch" });
    const gif = new Uint8Array(ascii("GIF89a\x01\x00\x01\x00"));
    expect(checkAttachment({ bytes: gif, claimedType: "image/gif", fileName: "a.gif" })).toEqual({
      ok: false,
      reason: "unsupported_type",
    });
    const html = new Uint8Array(ascii("<html><script>alert(1)</script></html>"));
    expect(checkAttachment({ bytes: html, claimedType: "application/pdf", fileName: "a.pdf" }).ok).toBe(
      false,
    );
  });

  it("refuses a file over the size limit and an empty file", () => {
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    expect(checkAttachment({ bytes: big, claimedType: "application/pdf", fileName: "groot.pdf" })).toEqual({
      ok: false,
      reason: "too_large",
    });
    const atLimit = new Uint8Array(MAX_ATTACHMENT_BYTES);
    atLimit.set(PDF);
    expect(checkAttachment({ bytes: atLimit, claimedType: "application/pdf", fileName: "a.pdf" }).ok).toBe(
      true,
    );
    expect(checkAttachment({ bytes: new Uint8Array(), claimedType: "image/png", fileName: "a.png" })).toEqual(
      {
        ok: false,
        reason: "empty",
      },
    );
  });

  it("refuses a channel's disallowed type and malformed images", () => {
    expect(
      checkAttachment({
        bytes: PDF,
        claimedType: "application/pdf",
        fileName: "a.pdf",
        accept: ["image/jpeg", "image/png"],
      }),
    ).toEqual({ ok: false, reason: "not_allowed_here" });
    const { original } = buildJpeg();
    const truncated = original.subarray(0, 30);
    expect(checkAttachment({ bytes: truncated, claimedType: "image/jpeg", fileName: "a.jpg" })).toEqual({
      ok: false,
      reason: "malformed",
    });
    const png = buildPng().expected;
    expect(stripPng(png.subarray(0, png.length - 5))).toBeNull(); // IEND cut off
  });

  it("makes file names safe to store and to send back in a header", () => {
    expect(safeFileName('../../etc/"pass"wd\r\n.png', "image/png")).toBe("_pass_wd__.png");
    expect(safeFileName(".hidden.jpeg", "image/jpeg")).toBe("hidden.jpeg");
    expect(safeFileName("", "application/pdf")).toBe("bijlage.pdf");
    expect(safeFileName("scan.pdf.exe", "application/pdf")).toBeNull();
  });
});
