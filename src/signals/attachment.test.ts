import { expect, it } from "vitest";
import { buildOrganisation, buildUser, TestClient } from "../../test/factories";
import { describeOnEachDatabase } from "../../test/harness";
import type { OrganisationType, Role } from "../accounts/accounts.vocabulary";
import { evaluateSharing } from "../sharing/sharing.rules";
import { findSignalIdByReceipt } from "./anonymous.repository";
import { receiptHash } from "./anonymous.service";

// A synthetic JPEG with a made-up GPS position in its EXIF segment, built byte by byte.
const GPS = "GPSLatitude 52.0907 N GPSLongitude 5.1214 E (synthetisch)";
const bytesOf = (s: string) => [...Buffer.from(s, "latin1")];
const segment = (marker: number, payload: number[]) => [
  0xff,
  marker,
  ((payload.length + 2) >> 8) & 0xff,
  (payload.length + 2) & 0xff,
  ...payload,
];
const IMAGE = [
  ...segment(0xdb, [0, ...Array.from({ length: 64 }, (_, i) => i + 1)]),
  ...segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
  ...segment(0xda, [1, 1, 0, 0, 63, 0]),
  0x12,
  0xff,
  0x00,
  0x34,
  0xff,
  0xd9,
];
const JPEG = Buffer.from([
  0xff,
  0xd8,
  ...segment(0xe1, [...bytesOf("Exif\0\0MM\0*"), ...bytesOf(GPS)]),
  ...IMAGE,
]);
const STRIPPED = Buffer.from([0xff, 0xd8, ...IMAGE]);
const upload = (extra: Record<string, unknown> = {}) => ({
  fileName: "IMG_20261120_143012.jpg",
  mediaType: "image/jpeg",
  dataBase64: JPEG.toString("base64"),
  ...extra,
});

describeOnEachDatabase(
  "signal attachments: checked, stripped, encrypted, only for those who may read",
  (h) => {
    async function client(roles: Role[], type: OrganisationType, organisationId?: string) {
      const deps = h().deps;
      const orgId = organisationId ?? (await buildOrganisation(deps, { type })).id;
      const c = new TestClient(h().app, deps.now);
      await c.login(await buildUser(deps, { roles, organisationId: orgId }));
      return { c, orgId };
    }

    const draft = {
      municipalityCode: "GM0344",
      forms: ["labour"],
      indicatorIds: ["ilo-01"],
      narrative: "Synthetisch: foto's van de slaapplaats.",
    };

    async function download(c: TestClient, signalId: string, attachmentId: string) {
      const res = await c.request("GET", `/signals/${signalId}/attachments/${attachmentId}`);
      return { res, body: res.status === 200 ? Buffer.from(await res.raw.arrayBuffer()) : null };
    }

    it("the author attaches a photo to the draft (EXIF stripped, stored encrypted); refused after submission; the desk downloads; others get 404", async () => {
      const ngo = await client(["signaller"], "ngo");
      const colleague = await client(["signaller"], "ngo", ngo.orgId);
      const desk = await client(["desk_officer"], "labour_inspectorate");
      const police = await client(["investigator"], "police");
      const created = await ngo.c.request("POST", "/signals/drafts", draft);
      expect(created.status).toBe(201);
      const id = created.json.id as string;

      const added = await ngo.c.request("POST", `/signals/drafts/${id}/attachments`, upload());
      expect(added.status).toBe(201);
      expect(added.json).toMatchObject({
        fileName: "IMG_20261120_143012.jpg",
        mediaType: "image/jpeg",
        sizeBytes: STRIPPED.length,
      });
      const attachmentId = added.json.id as string;

      // Refusals: a text file renamed .jpg, a PNG claimed as JPEG, non-base64, anyone but the author.
      const text = Buffer.from("Gewone tekst, geen foto (synthetisch).").toString("base64");
      const renamed = await ngo.c.request(
        "POST",
        `/signals/drafts/${id}/attachments`,
        upload({ fileName: "foto.jpg", dataBase64: text }),
      );
      expect(renamed.status).toBe(400);
      expect(renamed.json.invalidParams[0]).toMatchObject({ name: "dataBase64", reason: "unsupported_type" });
      expect(
        (
          await ngo.c.request(
            "POST",
            `/signals/drafts/${id}/attachments`,
            upload({ dataBase64: "@@not base64@@" }),
          )
        ).status,
      ).toBe(400);
      const big = Buffer.alloc(1_500_001, 0x20);
      big.write("%PDF-1.4\n", "latin1");
      const tooLarge = await ngo.c.request(
        "POST",
        `/signals/drafts/${id}/attachments`,
        upload({ fileName: "groot.pdf", mediaType: "application/pdf", dataBase64: big.toString("base64") }),
      );
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.json.invalidParams[0].name).toBe("dataBase64");
      expect((await colleague.c.request("POST", `/signals/drafts/${id}/attachments`, upload())).status).toBe(
        404,
      );
      expect((await desk.c.request("POST", `/signals/drafts/${id}/attachments`, upload())).status).toBe(404);
      // A draft is the author's alone, also for reading; the desk does not see it yet.
      expect((await colleague.c.request("GET", `/signals/${id}/attachments`)).status).toBe(404);
      expect((await desk.c.request("GET", `/signals/${id}/attachments`)).status).toBe(404);

      // Stored encrypted: neither the bytes, nor their base64, nor the name are in the row.
      const [row] = await h().db.query<Record<string, unknown>>(
        "select * from signal_attachments where id = $1",
        [attachmentId],
      );
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(STRIPPED.toString("base64"));
      expect(stored).not.toContain(JPEG.toString("base64"));
      expect(stored).not.toContain("IMG_20261120");
      expect(stored).not.toContain("GPSLatitude");
      expect(row).toMatchObject({ media_type: "image/jpeg", size_bytes: STRIPPED.length });
      expect(h().deps.cipher.decrypt(row!.data_enc as string)).toBe(STRIPPED.toString("base64"));

      expect((await ngo.c.request("POST", `/signals/drafts/${id}/submission`)).status).toBe(200);
      const late = await ngo.c.request("POST", `/signals/drafts/${id}/attachments`, upload());
      expect(late.status).toBe(409);

      // The desk lists (no content) and downloads the stripped bytes as a file to save.
      const list = await desk.c.request("GET", `/signals/${id}/attachments`);
      expect(list.status).toBe(200);
      expect(list.json.items).toEqual([
        expect.objectContaining({
          id: attachmentId,
          fileName: "IMG_20261120_143012.jpg",
          mediaType: "image/jpeg",
        }),
      ]);
      expect(JSON.stringify(list.json)).not.toContain("dataBase64");
      const { res, body } = await download(desk.c, id, attachmentId);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/jpeg");
      expect(res.headers.get("content-disposition")).toMatch(
        /^attachment; filename="IMG_20261120_143012\.jpg"/,
      );
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(body!.equals(STRIPPED)).toBe(true);
      expect(body!.includes(Buffer.from("GPSLatitude"))).toBe(false);
      expect((await download(ngo.c, id, attachmentId)).res.status).toBe(200);

      // Other organisations (and an unknown attachment) answer "not found".
      expect((await police.c.request("GET", `/signals/${id}/attachments`)).status).toBe(404);
      expect((await download(police.c, id, attachmentId)).res.status).toBe(404);
      expect((await download(desk.c, id, "00000000-0000-4000-8000-000000000000")).res.status).toBe(404);

      const audit = await h().db.query<{ action: string }>(
        "select action from audit_log where object_id = $1 and action like 'signal.attachment%' order by action",
        [id],
      );
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining([
          "signal.attachment_added",
          "signal.attachment_read",
          "signal.attachments_listed",
        ]),
      );
    });

    it("a team the signal was routed to reads the attachments only as the sharing rules allow, audited either way", async () => {
      const desk = await client(["desk_officer"], "labour_inspectorate");
      const police = await client(["investigator"], "police");
      async function routedSignal(reporter: TestClient) {
        const created = await reporter.request("POST", "/signals/drafts", {
          ...draft,
          victims: [{ alias: "Werknemer F (synthetisch)", nationality: "PL", gender: "male" }],
        });
        const id = created.json.id as string;
        const added = await reporter.request("POST", `/signals/drafts/${id}/attachments`, upload());
        expect((await reporter.request("POST", `/signals/drafts/${id}/submission`)).status).toBe(200);
        // Not routed yet: the police do not even learn the signal exists.
        expect((await police.c.request("GET", `/signals/${id}/attachments`)).status).toBe(404);
        const routed = await desk.c.request("POST", `/signals/${id}/routings`, {
          track: "criminal",
          organisationId: police.orgId,
          reason: "Synthetisch: doorzetting voor de test.",
        });
        expect(routed.status).toBe(201);
        return { id, attachmentId: added.json.id as string };
      }
      const auditOf = (id: string) =>
        h().db.query<{ action: string; details: { fieldsShown: string[]; fieldsHidden: string[] } }>(
          "select action, details from audit_log where actor_organisation_id = $1 and object_id = $2 and action = 'signal_attachments.read'",
          [police.orgId, id],
        );

      // From an NGO, the victim's identity needs the victim's consent before it goes to the police.
      const ngo = await client(["signaller"], "ngo");
      const fromNgo = await routedSignal(ngo.c);
      const rule = evaluateSharing({
        ruleSet: h().deps.sharingRules,
        category: "identity",
        sourceType: "ngo",
        recipientType: "police",
        purpose: "investigation",
        sameOrganisation: false,
        consents: [],
        conditions: [],
      });
      expect(rule).toMatchObject({ allowed: false, reason: "consent_required" });
      const refused = await police.c.request("GET", `/signals/${fromNgo.id}/attachments`);
      expect(refused.status).toBe(403);
      expect(refused.json.detail).toContain("deelregels");
      expect((await download(police.c, fromNgo.id, fromNgo.attachmentId)).res.status).toBe(403);
      const refusedAudit = await auditOf(fromNgo.id);
      expect(refusedAudit).toHaveLength(2);
      expect(refusedAudit[0]!.details.fieldsHidden).toEqual(["attachments"]);

      // Between investigative services the rules allow it: the police download the stripped photo.
      const inspector = await client(["investigator"], "labour_inspectorate");
      const fromInspectorate = await routedSignal(inspector.c);
      const list = await police.c.request("GET", `/signals/${fromInspectorate.id}/attachments`);
      expect(list.status).toBe(200);
      expect(list.json.items.map((a: { id: string }) => a.id)).toEqual([fromInspectorate.attachmentId]);
      const file = await download(police.c, fromInspectorate.id, fromInspectorate.attachmentId);
      expect(file.body!.equals(STRIPPED)).toBe(true);
      const shownAudit = await auditOf(fromInspectorate.id);
      expect(shownAudit).toHaveLength(2);
      expect(shownAudit[0]!.details.fieldsShown).toEqual(["attachments"]);
      const disclosures = await h().db.query(
        "select 1 from disclosures where to_organisation_id = $1 and 'attachments' = any(fields)",
        [police.orgId],
      );
      expect(disclosures.length).toBeGreaterThan(0);
    });

    it("an anonymous reporter adds a photo with the receipt code: metadata and file name gone, time rounded, images only", async () => {
      const anonymous = (path: string, body: unknown) =>
        h().app.request(
          `/api/v1${path}`,
          {
            method: "POST",
            headers: { "content-type": "application/json", "user-agent": "PlantAgent/attach-7f3k" },
            body: JSON.stringify(body),
          },
          { incoming: { socket: { remoteAddress: "198.51.100.9" } } },
        );
      h().advanceClock(61_000);
      const filed = await anonymous("/anonymous-signals", {
        whatHappened: "Synthetisch: mensen slapen in een loods bij de kas.",
        forms: ["labour"],
        indicatorIds: [],
        urgency: "normal",
      });
      expect(filed.status).toBe(201);
      const { receiptCode } = (await filed.json()) as { receiptCode: string };
      const signalId = (await findSignalIdByReceipt(
        h().db,
        await receiptHash(h().deps.cipher, receiptCode),
      ))!;

      const added = await anonymous("/anonymous-signals/receipt/attachments", {
        code: receiptCode,
        ...upload(),
      });
      expect(added.status).toBe(201);
      expect(added.headers.get("cache-control")).toBe("no-store");
      expect(await added.json()).toEqual({ mediaType: "image/jpeg", sizeBytes: STRIPPED.length });

      const wrongCode = await anonymous("/anonymous-signals/receipt/attachments", {
        code: "0".repeat(20),
        ...upload(),
      });
      expect(wrongCode.status).toBe(404);
      const pdf = Buffer.from("%PDF-1.4\n%%EOF\n").toString("base64");
      const refusedPdf = await anonymous("/anonymous-signals/receipt/attachments", {
        code: receiptCode,
        ...upload({ fileName: "brief.pdf", mediaType: "application/pdf", dataBase64: pdf }),
      });
      expect(refusedPdf.status).toBe(400);

      const [row] = await h().db.query<Record<string, unknown>>(
        "select * from signal_attachments where signal_id = $1",
        [signalId],
      );
      expect(row!.added_by).toBeNull();
      expect((row!.added_at as Date).getTime() % 3_600_000).toBe(0);
      expect(JSON.stringify(row)).not.toContain("PlantAgent");
      expect(h().deps.cipher.decrypt(row!.file_name_enc as string)).toBe("foto-1.jpg");

      const desk = await client(["desk_officer"], "labour_inspectorate");
      const list = await desk.c.request("GET", `/signals/${signalId}/attachments`);
      expect(list.status).toBe(200);
      expect(list.json.items).toEqual([
        expect.objectContaining({ fileName: "foto-1.jpg", mediaType: "image/jpeg" }),
      ]);
      const { res, body } = await download(desk.c, signalId, list.json.items[0].id);
      expect(res.status).toBe(200);
      expect(body!.equals(STRIPPED)).toBe(true);
      expect(body!.includes(Buffer.from("GPSLatitude"))).toBe(false);
      const other = await client(["signaller"], "ngo");
      expect((await other.c.request("GET", `/signals/${signalId}/attachments`)).status).toBe(404);
    });
  },
);
