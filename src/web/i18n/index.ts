/**
 * @module i18n
 * Dutch first, English as the alternative. The chosen language is remembered in localStorage.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import nl from "./nl.json";

export const LANGUAGES = ["nl", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const stored = typeof localStorage === "undefined" ? null : localStorage.getItem("samen.language");
const initial: Language = stored === "en" ? "en" : "nl";

await i18next.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: initial,
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = initial;

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  localStorage.setItem("samen.language", language);
  document.documentElement.lang = language;
}

export default i18next;
