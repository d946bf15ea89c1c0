/**
 * @module privacy.components
 * Helpers shared by the privacy pages (persons, sharing rules, break-glass review, consent form) for
 * the bilingual vocabularies of the sharing model, the signed-in user's purposes and dates in the
 * user's language. The form building blocks they use live in `src/web/form.tsx`.
 */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Role } from "../accounts/accounts.vocabulary";
import { purposesOf } from "../accounts/permissions.rules";
import { SHARING_CONDITION_INFO, type SharingCondition } from "../sharing/conditions";
import { DATA_CATEGORY_INFO, type DataCategory } from "../sharing/data-categories";
import type { Localized } from "../sharing/localized";
import { PURPOSE_INFO, type Purpose } from "../sharing/purposes";
import { useSession } from "../web/session";

/** Purposes for which data may go to another organisation (for sharing and consent). */
export const DISCLOSURE_PURPOSES: readonly Purpose[] = [
  "care",
  "registration",
  "investigation",
  "supervision",
  "case_conference",
  "residence_procedure",
];

/** Returns a function that picks the Dutch or English half of a bilingual text. */
export function usePick(): (text: Localized | undefined) => string {
  const { i18n } = useTranslation();
  const english = i18n.language.startsWith("en");
  return (text) => (text ? (english ? text.en : text.nl) : "");
}

/** Labels for the sharing vocabularies in the current language. */
export function useVocabulary() {
  const { t } = useTranslation();
  const pick = usePick();
  return {
    purpose: (p: string) => pick(PURPOSE_INFO[p as Purpose]?.label) || p,
    purposeDescription: (p: string) => pick(PURPOSE_INFO[p as Purpose]?.description),
    category: (c: string) => pick(DATA_CATEGORY_INFO[c as DataCategory]?.label) || c,
    condition: (c: string) => pick(SHARING_CONDITION_INFO[c as SharingCondition]?.label) || c,
    organisationType: (o: string) => t(`organisationTypes.${o}`),
  };
}

/** The purposes the signed-in user may read personal data for (the server decides; this only mirrors it). */
export function useMyPurposes(): Purpose[] {
  const roles = useSession().session?.user.roles.join(",") ?? "";
  return useMemo(() => (roles ? purposesOf(roles.split(",") as Role[]) : []), [roles]);
}

/** Date and time in the user's language. */
export function useDateFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith("en") ? "en-GB" : "nl-NL";
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long" });
  return {
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    date: (iso: string) => date.format(new Date(iso)),
  };
}
