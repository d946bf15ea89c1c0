/**
 * @module disclosure-report
 * The data subject's overview "who received my data", as a PDF for a data-subject access request
 * (AVG art. 15 lid 1 sub c). Bilingual, plain language, no identifying data beyond the pseudonym.
 */
import PDFDocument from "pdfkit";
import type { DisclosureRecord } from "./access.repository";
import { DATA_CATEGORY_INFO } from "./data-categories";
import { PURPOSE_INFO } from "./purposes";

/** The standard PDF fonts cover Western European text; anything else is transliterated or replaced. */
function latin(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7E\u00A0-\u00FF]/g, "?");
}

export function disclosureReportPdf({
  pseudonym,
  generatedAt,
  disclosures,
}: {
  pseudonym: string;
  generatedAt: Date;
  disclosures: DisclosureRecord[];
}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 50,
      info: { Title: `Verstrekkingen / Disclosures ${pseudonym}`, Author: "Samen" },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.fontSize(16).text(latin("Wie heeft mijn gegevens ontvangen? / Who received my data?"));
    doc.moveDown(0.5).fontSize(10);
    doc.text(latin(`Dossier ${pseudonym} · opgesteld / generated ${generatedAt.toISOString().slice(0, 10)}`));
    doc.text(
      latin(
        "Dit overzicht toont elke keer dat gegevens over u van de ene organisatie naar een andere gingen: welke soort gegevens, aan wie, waarvoor en op welke grond. / This overview shows every time data about you went from one organisation to another: what kind of data, to whom, what for and on which ground.",
      ),
    );
    doc.moveDown();
    if (disclosures.length === 0)
      doc.text(
        latin(
          "Er zijn geen gegevens aan andere organisaties verstrekt. / No data were disclosed to other organisations.",
        ),
      );
    for (const d of disclosures) {
      const categories = d.categories
        .map((c) => `${DATA_CATEGORY_INFO[c].label.nl} / ${DATA_CATEGORY_INFO[c].label.en}`)
        .join(", ");
      doc
        .fontSize(11)
        .text(
          latin(
            `${d.disclosedAt.toISOString().replace("T", " ").slice(0, 16)} UTC — ${d.fromOrganisation} -> ${d.toOrganisation}`,
          ),
        );
      doc
        .fontSize(10)
        .text(
          latin(`Doel / purpose: ${PURPOSE_INFO[d.purpose].label.nl} / ${PURPOSE_INFO[d.purpose].label.en}`),
        );
      doc.text(latin(`Gegevens / data: ${categories}`));
      doc.text(
        latin(
          `Grond / ground: ${d.ruleIds.length ? d.ruleIds.join(", ") : "-"}${d.consentIds.length ? " (met toestemming / with consent)" : ""}${d.breakGlass ? " (doorbraak / break-glass)" : ""}`,
        ),
      );
      doc.moveDown(0.5);
    }
    doc.end();
  });
}
