/**
 * @module person.client
 * What the web app receives from the persons and sharing API, as types, and the organisation list
 * the sharing and consent forms choose from. The shapes follow person.schema.ts and sharing.routes.ts;
 * the schemas themselves stay on the server (they pull in the OpenAPI layer).
 */
import { useEffect, useState } from "react";
import type { OrganisationType } from "../accounts/accounts.vocabulary";
import type { DataCategory } from "../sharing/data-categories";
import type { Localized } from "../sharing/localized";
import type { Purpose } from "../sharing/purposes";
import { api } from "../web/api";
import type { PersonField } from "./person.fields";

export type FieldBasis = {
  reason: string;
  ruleId?: string;
  legalBasis?: { articles: string[]; explanation: Localized; confidence?: string };
  consentId?: string;
  condition?: string;
  explanation: Localized;
};

export type PresentedField = {
  category: DataCategory;
  visible: boolean;
  value: unknown;
  hidden?: Localized;
  basis: FieldBasis;
};

export type Holder = { id: string; name: string; type: OrganisationType };

export type Person = {
  id: string;
  pseudonym: string;
  holder: Holder;
  status: "active" | "closed";
  anonymised: boolean;
  access: "owner" | "grant" | "break_glass";
  purpose: Purpose;
  fields: Partial<Record<PersonField, PresentedField>>;
};

export type PersonListItem = {
  id: string;
  pseudonym: string;
  holder: Holder;
  status: "active" | "closed";
  createdAt: string;
};

export type Consent = {
  id: string;
  purpose: Purpose;
  recipientOrganisationId: string | null;
  recipientType: OrganisationType | null;
  categories: DataCategory[] | null;
  grantedAt: string;
  evidenceKind: "signed_form" | "verbal_with_witness";
  recordedBy: string;
  recordedAt: string;
  withdrawnAt: string | null;
};

export type Grant = {
  id: string;
  organisationId: string;
  organisationName: string;
  purpose: Purpose;
  conditions: string[];
  via: string;
  grantedAt: string;
  revokedAt: string | null;
};

export type Disclosure = {
  id: string;
  fromOrganisation: string;
  toOrganisation: string;
  toOrganisationType: string;
  purpose: string;
  categories: string[];
  fields: string[];
  ruleIds: string[];
  consentIds: string[];
  recordType: string;
  breakGlass: boolean;
  disclosedAt: string;
};

export type Organisation = { id: string; name: string; type: OrganisationType };

/** Every organisation (any signed-in user may list them), sorted by name. */
export function useOrganisations(): { organisations: Organisation[] | null; error: unknown } {
  const [organisations, setOrganisations] = useState<Organisation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: Organisation[] }>("GET", "/organisations").then(
      (r) => setOrganisations([...r.items].sort((a, b) => a.name.localeCompare(b.name, "nl"))),
      setError,
    );
  }, []);
  return { organisations, error };
}
