/**
 * @module i18n
 * Dutch first, English as the alternative. The shell's texts live in nl.json / en.json; each
 * capability keeps its own texts beside its code in `src/<capability>/i18n.json`
 * (`{ "nl": {…}, "en": {…} }`), loaded under the capability's name as key prefix.
 * The chosen language is remembered in localStorage.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import nl from "./nl.json";

export const LANGUAGES = ["nl", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

type Texts = { [key: string]: string | Texts };
const capabilityFiles = import.meta.glob<{ nl: Texts; en: Texts }>("../../*/i18n.json", {
  eager: true,
  import: "default",
});
const resources = { nl: { ...nl } as Texts, en: { ...en } as Texts };
for (const [file, texts] of Object.entries(capabilityFiles)) {
  const capability = file.split("/").at(-2)!;
  resources.nl[capability] = texts.nl;
  resources.en[capability] = texts.en;
}

const stored = typeof localStorage === "undefined" ? null : localStorage.getItem("samen.language");
const initial: Language = stored === "en" ? "en" : "nl";

await i18next.use(initReactI18next).init({
  resources: { nl: { translation: resources.nl }, en: { translation: resources.en } },
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
