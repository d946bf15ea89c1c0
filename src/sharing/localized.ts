/**
 * @module localized
 * Text in Dutch and English. Every label and explanation in the sharing model carries both, Dutch
 * first, because the privacy officer, the professional asking "why can I see this?" and the audit
 * reader may each need either language.
 */
import { z } from "zod";

export const LocalizedSchema = z.strictObject({
  nl: z.string().trim().min(1, { error: "Dutch text (nl) is empty" }),
  en: z.string().trim().min(1, { error: "English text (en) is empty" }),
});
export type Localized = z.infer<typeof LocalizedSchema>;
