/**
 * @module care.components
 * What the care screens (dossiers, shelter, registry) share: the shapes the care API returns, the
 * vocabularies in the user's language, the organisations to choose from, and the table of shelter
 * places with their occupancy.
 */
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { type MouseEvent, type ReactNode, useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { PresentedField } from "../persons/person.client";
import { usePick } from "../persons/privacy.components";
import { EXPLOITATION_FORM_LABELS, GENDER_LABELS, type Label } from "../signals/signal.vocabulary";
import { api } from "../web/api";
import { ScrollTable } from "../web/form";
import { navigate } from "../web/router";
import {
  CLOSURE_REASON_INFO,
  DECLINE_REASON_LABELS,
  DISCHARGE_REASON_LABELS,
  NEED_INFO,
  REFLECTION_END_REASON_LABELS,
  RESIDENCE_EVENT_TYPE_LABELS,
  SERVICE_STATUS_LABELS,
  SHELTER_PLACE_TYPE_LABELS,
  TRAFFICKING_STATUS_LABELS,
  TRANSFER_REASON_LABELS,
} from "./care.vocabulary";

export type CaseListItem = {
  id: string;
  caseNumber: string;
  status: "open" | "closed";
  traffickingStatus: string;
  forms: string[];
  openedAt: string;
  /** The signal the case was opened from (large-group intakes share one). */
  openedFromSignalId: string | null;
  /** The shelter request under way, if any. */
  placement: "requested" | "accepted" | "admitted" | null;
};

export type CaseDetail = {
  id: string;
  caseNumber: string;
  status: "open" | "closed";
  traffickingStatus: string;
  careRegionCode: string | null;
  openedFromSignalId: string | null;
  closureReason: string | null;
  closedAt: string | null;
  fields: Record<string, PresentedField>;
  victim: {
    id: string;
    pseudonym: string;
    access: "owner" | "grant" | "break_glass";
    holder?: { id: string; name: string; type: string };
    fields: Record<string, PresentedField>;
  };
  timeline: { kind: string; text: string | null; data: Record<string, unknown>; at: string }[];
};

export type Place = {
  id: string;
  organisationId: string;
  organisation: string;
  name: string;
  placeType: string;
  careRegionCode: string | null;
  capacity: number;
  occupied: number;
  reserved: number;
  free: number;
  genders: string[];
  minAge: number;
  maxAge: number | null;
  forms: string[];
  languages: string[];
  accessibility: string[];
  acceptsChildren: boolean;
  active: boolean;
};

export type PlaceMatch = { placeId: string; score: number; free: number; reasons: string[]; place: Place };

export type Placement = {
  id: string;
  caseNumber: string;
  place: string;
  status: string;
  requestedAt: string;
  side: "shelter" | "coordinator";
};

/** The care vocabularies in the user's language; unknown values stay as they are. */
export function useCareVocabulary() {
  const pick = usePick();
  const label = (labels: Record<string, Label>, value: string) => pick(labels[value]) || value;
  return {
    traffickingStatus: (v: string) => label(TRAFFICKING_STATUS_LABELS, v),
    closureReason: (v: string) =>
      pick(CLOSURE_REASON_INFO[v as keyof typeof CLOSURE_REASON_INFO]?.label) || v,
    placeType: (v: string) => label(SHELTER_PLACE_TYPE_LABELS, v),
    form: (v: string) => label(EXPLOITATION_FORM_LABELS, v),
    gender: (v: string) => label(GENDER_LABELS, v),
    declineReason: (v: string) => label(DECLINE_REASON_LABELS, v),
    dischargeReason: (v: string) => label(DISCHARGE_REASON_LABELS, v),
    residenceEvent: (v: string) => label(RESIDENCE_EVENT_TYPE_LABELS, v),
    endReason: (v: string) => label(REFLECTION_END_REASON_LABELS, v),
    transferReason: (v: string) => label(TRANSFER_REASON_LABELS, v),
    need: (v: string) => pick(NEED_INFO[v as keyof typeof NEED_INFO]?.label) || v,
    serviceStatus: (v: string) => label(SERVICE_STATUS_LABELS, v),
  };
}

export type Organisation = { id: string; name: string; type: string };

/** Every organisation (GET /organisations), by name; null while loading, empty when it failed. */
export function useOrganisations(): Organisation[] | null {
  const [items, setItems] = useState<Organisation[] | null>(null);
  useEffect(() => {
    api<{ items: Organisation[] }>("GET", "/organisations").then(
      (r) => setItems([...r.items].sort((a, b) => a.name.localeCompare(b.name, "nl"))),
      () => setItems([]),
    );
  }, []);
  return items;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAVIGATED = "samen:care-navigated";
function subscribe(listener: () => void) {
  // The router tells only about a changed path. A link elsewhere (the main menu's "Dossiers" while a
  // case is open) changes only the query: look again once its click has been handled.
  const afterClick = () => setTimeout(listener, 0);
  window.addEventListener("popstate", listener);
  window.addEventListener(NAVIGATED, listener);
  document.addEventListener("click", afterClick);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(NAVIGATED, listener);
    document.removeEventListener("click", afterClick);
  };
}

/** Navigates within the care pages, where only the query (`?id=…`) may change. */
export function goTo(href: string): void {
  navigate(href);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** A link within the care pages (see `goTo`). */
export function CareLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      onClick={(event: MouseEvent<HTMLAnchorElement>) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        goTo(href);
      }}
    >
      {children}
    </a>
  );
}

/** The id in the address (`?id=…`), or null. */
export function useOpenId(): string | null {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  const id = new URLSearchParams(search).get("id");
  return id && UUID.test(id) ? id : null;
}

/** Shelter places with capacity and live occupancy; `actions` adds a last column. */
export function PlaceTable({
  places,
  label,
  actions,
}: {
  places: Place[];
  label: string;
  actions?: (place: Place) => ReactNode;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  return (
    <ScrollTable landmark label={label}>
      <Table>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t("care.places.name")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("care.places.type")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("care.places.capacity")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("care.places.occupied")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("care.places.reserved")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("care.places.free")}</TableHeaderCell>
            <TableHeaderCell scope="col">{t("care.places.criteria")}</TableHeaderCell>
            {actions && <TableHeaderCell scope="col">{t("care.actions")}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {places.map((p) => (
            <TableRow key={p.id}>
              <TableCell>
                {p.name}
                {!p.active && ` (${t("care.places.inactive")})`}
              </TableCell>
              <TableCell>{vocab.placeType(p.placeType)}</TableCell>
              <TableCell>{p.capacity}</TableCell>
              <TableCell>{p.occupied}</TableCell>
              <TableCell>{p.reserved}</TableCell>
              <TableCell>{p.free}</TableCell>
              <TableCell>
                <PlaceCriteria place={p} />
              </TableCell>
              {actions && <TableCell>{actions(p)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollTable>
  );
}

/** Who a place takes, in one line. */
export function PlaceCriteria({ place }: { place: Place }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const parts = [
    place.genders.length > 0 ? place.genders.map(vocab.gender).join(", ") : t("care.places.anyGender"),
    place.maxAge === null
      ? t("care.places.ageFrom", { min: place.minAge })
      : t("care.places.ageRange", { min: place.minAge, max: place.maxAge }),
    place.forms.length > 0 ? place.forms.map(vocab.form).join(", ") : t("care.places.anyForm"),
    place.languages.length > 0 ? t("care.places.languages", { list: place.languages.join(", ") }) : null,
  ].filter(Boolean);
  return <>{parts.join(" · ")}</>;
}
