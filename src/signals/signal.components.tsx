/**
 * @module signal.components
 * What the signal pages share: the shapes the signals API answers with (the schemas stay on the
 * server, they pull in the OpenAPI layer), the bilingual vocabularies, municipalities and
 * organisations, the indicator catalogue, and small display helpers.
 *
 * The indicator lists are read from `reference/indicators/*.yaml` at build time through Vite and
 * validated by the same `buildIndicatorCatalogue` the server uses, so the checklist has one source.
 */
import type { TFunction } from "i18next";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { parse } from "yaml";
import type { PresentedField } from "../persons/person.client";
import { api } from "../web/api";
import { buildIndicatorCatalogue, type IndicatorCatalogue } from "./indicators.rules";
import {
  EXPLOITATION_FORM_LABELS,
  type ExploitationForm,
  type Label,
  ROUTING_STATUS_LABELS,
  type RoutingStatus,
  SIGNAL_CHANNEL_LABELS,
  SIGNAL_STATUS_LABELS,
  type SignalChannel,
  type SignalStatus,
  TRACK_LABELS,
  type Track,
  URGENCY_LABELS,
  type Urgency,
} from "./signal.vocabulary";

export type SignalListItem = {
  id: string;
  reference: string;
  status: SignalStatus | "draft";
  urgency: Urgency;
  forms: ExploitationForm[];
  minorInvolved: boolean;
  municipalityCode: string | null;
  policeUnitId: string | null;
  reporterOrganisation: string | null;
  submittedAt: string | null;
  deadlineAt: string | null;
  overdue: boolean;
  grouped: boolean;
  /** Team view: an acute signal waiting for this team's acceptance, and by when. */
  quickResponseDueAt?: string | null;
};

export type SignalField =
  | "municipalityCode"
  | "address"
  | "observedOn"
  | "forms"
  | "indicatorIds"
  | "narrative"
  | "minorInvolved";
export const SIGNAL_FIELD_NAMES: SignalField[] = [
  "municipalityCode",
  "address",
  "observedOn",
  "forms",
  "indicatorIds",
  "narrative",
  "minorInvolved",
];

export type SignalRouting = {
  id: string;
  track: Track;
  organisation: string;
  status: RoutingStatus;
  legalBasis: string;
  routedAt: string;
  decidedAt: string | null;
  reason: string | null;
  decisionReason: string | null;
  /** An automatic alert to the region's quick-response team, with its clock. */
  quickResponse: boolean;
  dueAt: string | null;
  overdue: boolean;
};

export type SignalPerson = {
  id: string;
  pseudonym: string;
  fields: Partial<Record<string, PresentedField>> | null;
};

export type Signal = {
  id: string;
  reference: string;
  channel: SignalChannel;
  status: SignalStatus | "draft";
  urgency: Urgency;
  submittedAt: string | null;
  deadlineAt: string | null;
  overdue: boolean;
  reporterOrganisation: string | null;
  access: "owner" | "desk" | "team";
  purpose: string;
  fields: Partial<Record<SignalField, PresentedField>>;
  persons: SignalPerson[];
  subjects: {
    kind: "company" | "location" | "person";
    name: string | null;
    kvkNumber: string | null;
    address: string | null;
    phone: string | null;
  }[];
  groupSignalIds: string[];
  routings: SignalRouting[];
  history: {
    kind: string;
    fromStatus: string | null;
    toStatus: string | null;
    text: string | null;
    source: string | null;
    legalBasis: string | null;
    by: string | null;
    at: string;
  }[];
  actions: { kind: string; personId: string | null; dueAt: string; done: boolean; overdue: boolean }[];
};

export type Municipality = { code: string; name: string; displayName: string | null; policeUnitId: string };

/** Labels of the signal vocabularies in the current language. */
export function useSignalVocabulary() {
  const { i18n } = useTranslation();
  const english = i18n.language.startsWith("en");
  const pick = (label: Label | undefined, fallback: string) =>
    label ? (english ? label.en : label.nl) : fallback;
  return {
    pick: (label: Label) => (english ? label.en : label.nl),
    form: (f: string) => pick(EXPLOITATION_FORM_LABELS[f as ExploitationForm], f),
    urgency: (u: string) => pick(URGENCY_LABELS[u as Urgency], u),
    status: (s: string) =>
      s === "draft" ? (english ? "Draft" : "Concept") : pick(SIGNAL_STATUS_LABELS[s as SignalStatus], s),
    track: (tr: string) => pick(TRACK_LABELS[tr as Track], tr),
    routingStatus: (s: string) => pick(ROUTING_STATUS_LABELS[s as RoutingStatus], s),
    channel: (c: string) => pick(SIGNAL_CHANNEL_LABELS[c as SignalChannel], c),
  };
}

/** Date and time in the user's language. */
export function useSignalDates() {
  const { i18n } = useTranslation();
  const locale = i18n.language.startsWith("en") ? "en-GB" : "nl-NL";
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      date: (day: string) => date.format(new Date(`${day.slice(0, 10)}T00:00:00Z`)),
    };
  }, [locale]);
}

/** The municipalities (public list), sorted by name. */
export function useMunicipalities(): { municipalities: Municipality[] | null; error: unknown } {
  const [municipalities, setMunicipalities] = useState<Municipality[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: Municipality[] }>("GET", "/municipalities").then(
      (r) =>
        setMunicipalities(
          [...r.items].sort((a, b) => (a.displayName ?? a.name).localeCompare(b.displayName ?? b.name, "nl")),
        ),
      setError,
    );
  }, []);
  return { municipalities, error };
}

const indicatorFiles = import.meta.glob<string>("../../reference/indicators/*.yaml", {
  query: "?raw",
  eager: true,
  import: "default",
});

let catalogue: IndicatorCatalogue | null = null;
/** The indicator catalogue, built once from the YAML lists bundled at build time (in file-name order). */
export function indicatorCatalogue(): IndicatorCatalogue {
  if (!catalogue) {
    const names = Object.keys(indicatorFiles).sort();
    catalogue = buildIndicatorCatalogue(names.map((name) => parse(indicatorFiles[name]!) as unknown));
  }
  return catalogue;
}

/** A badge that says "overdue" in words (and an icon-free shape), never by colour alone. */
export function OverdueBadge({ t }: { t: TFunction }) {
  return <strong className="samen-signal-overdue">{t("signals.overdue")}</strong>;
}
