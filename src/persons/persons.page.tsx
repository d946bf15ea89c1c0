/**
 * @module persons.page
 * Persons (possible victims, suspects) for professionals who keep records. Every read names a
 * purpose, chosen from the purposes the user's role allows. Lists show pseudonyms and the holding
 * organisation, never names. Opening a record shows every field: its value, or visibly why it is
 * hidden. The open record and purpose live in the address (`?purpose=…&id=…`) so back and forward work.
 */
import {
  Button,
  ButtonGroup,
  Heading1,
  Heading2,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, type MouseEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Purpose } from "../sharing/purposes";
import { api } from "../web/api";
import { ErrorAlert, InputField, Loading, SelectField } from "../web/form";
import { navigate, RouterLink } from "../web/router";
import type { PersonListItem } from "./person.client";
import { PersonForm } from "./person-form";
import { PersonRecord } from "./person-record";
import { useDateFormat, useMyPurposes, useVocabulary } from "./privacy.components";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function personHref(purpose: string, id?: string | null): string {
  const query = new URLSearchParams({ purpose });
  if (id) query.set("id", id);
  return `/personen?${query}`;
}

/** A click that should stay in the app (not one that opens a new tab or window). */
function plainClick(event: MouseEvent): boolean {
  return !(event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0);
}

function readAddress(allowed: Purpose[]): { purpose: Purpose | undefined; id: string | null } {
  const query = new URLSearchParams(window.location.search);
  const purpose = query.get("purpose") as Purpose | null;
  const id = query.get("id");
  return {
    purpose: purpose && allowed.includes(purpose) ? purpose : allowed[0],
    id: id && UUID.test(id) ? id : null,
  };
}

export function PersonsPage() {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const purposes = useMyPurposes();
  const [address, setAddress] = useState(() => readAddress(purposes));
  const purpose = address.purpose;
  useEffect(() => {
    // The shell's router re-renders on a new path only; the query (which record) is ours to follow:
    // on back/forward, and after any in-app link (the router navigates inside the click handler).
    const sync = () =>
      setAddress((prev) => {
        const next = readAddress(purposes);
        return prev.purpose === next.purpose && prev.id === next.id ? prev : next;
      });
    window.addEventListener("popstate", sync);
    document.addEventListener("click", sync);
    return () => {
      window.removeEventListener("popstate", sync);
      document.removeEventListener("click", sync);
    };
  }, [purposes]);
  const go = useCallback((next: { purpose: Purpose; id: string | null }) => {
    navigate(personHref(next.purpose, next.id));
    setAddress(next);
  }, []);
  if (!purpose) {
    return (
      <>
        <Heading1>{t("persons.title")}</Heading1>
        <Paragraph>{t("persons.noPurposes")}</Paragraph>
      </>
    );
  }
  return (
    <>
      <Heading1>{t("persons.title")}</Heading1>
      <Paragraph>{t("persons.intro")}</Paragraph>
      <div className="samen-form">
        <SelectField
          id="purpose"
          label={t("persons.purpose")}
          description={`${vocab.purposeDescription(purpose)} ${t("persons.purposeHelp")}`}
          value={purpose}
          onChange={(p) => go({ purpose: p as Purpose, id: address.id })}
          options={purposes.map((p) => ({ value: p, label: vocab.purpose(p) }))}
        />
      </div>
      {address.id ? (
        <>
          <Paragraph>
            <RouterLink
              href={personHref(purpose)}
              onClick={(e) => {
                if (!plainClick(e)) return;
                e.preventDefault();
                go({ purpose, id: null });
              }}
            >
              {t("persons.backToList")}
            </RouterLink>
          </Paragraph>
          <PersonRecord
            key={`${address.id}-${purpose}`}
            id={address.id}
            purpose={purpose}
            onPurposeChange={(p) => go({ purpose: p, id: address.id })}
          />
        </>
      ) : (
        <>
          <PersonList purpose={purpose} open={(id) => go({ purpose, id })} />
          <OpenById open={(id) => go({ purpose, id })} />
          <PersonForm onCreated={(id) => go({ purpose, id })} />
        </>
      )}
    </>
  );
}

function PersonList({ purpose, open }: { purpose: Purpose; open: (id: string) => void }) {
  const { t } = useTranslation();
  const vocab = useVocabulary();
  const format = useDateFormat();
  const [items, setItems] = useState<PersonListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [draft, setDraft] = useState("");
  const [name, setName] = useState("");
  useEffect(() => {
    setItems(null);
    setError(null);
    const query = new URLSearchParams({ purpose });
    if (name) query.set("name", name);
    api<{ items: PersonListItem[] }>("GET", `/persons?${query}`).then((r) => setItems(r.items), setError);
  }, [purpose, name]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    setName(draft.trim());
  };
  return (
    <section aria-labelledby="person-list-heading">
      <Heading2 id="person-list-heading">
        {t("persons.list.title", { purpose: vocab.purpose(purpose) })}
      </Heading2>
      <Paragraph>{t("persons.list.intro")}</Paragraph>
      <search aria-label={t("persons.list.searchLabel")}>
        <form onSubmit={search} noValidate className="samen-filters">
          <InputField
            id="person-search"
            type="search"
            label={t("persons.list.searchName")}
            description={t("persons.list.searchHelp")}
            value={draft}
            onChange={setDraft}
          />
          <ButtonGroup className="samen-filters__buttons">
            <Button type="submit" appearance="secondary-action-button">
              {t("persons.list.search")}
            </Button>
            {name && (
              <Button
                appearance="subtle-button"
                onClick={() => {
                  setDraft("");
                  setName("");
                }}
              >
                {t("persons.list.clear")}
              </Button>
            )}
          </ButtonGroup>
        </form>
      </search>
      <ErrorAlert error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && (
        <Paragraph role="status">{name ? t("persons.list.notFound") : t("persons.list.empty")}</Paragraph>
      )}
      {items && items.length > 0 && (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("persons.pseudonym")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("persons.holder")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("persons.status")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("persons.createdAt")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <RouterLink
                    href={personHref(purpose, p.id)}
                    onClick={(e) => {
                      if (!plainClick(e)) return;
                      e.preventDefault();
                      open(p.id);
                    }}
                  >
                    {p.pseudonym}
                  </RouterLink>
                </TableCell>
                <TableCell>
                  {p.holder.name} ({vocab.organisationType(p.holder.type)})
                </TableCell>
                <TableCell>{t(`persons.statuses.${p.status}`)}</TableCell>
                <TableCell>{format.dateTime(p.createdAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

/** Opening a record by its number: how a professional reaches a record that is not in their list. */
function OpenById({ open }: { open: (id: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = value.trim();
    if (!UUID.test(id)) {
      setProblem(t("persons.openById.invalid"));
      return;
    }
    setProblem(undefined);
    open(id.toLowerCase());
  };
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="open-by-id-heading">
      <Heading2 id="open-by-id-heading">{t("persons.openById.title")}</Heading2>
      <InputField
        id="open-id"
        label={t("persons.openById.label")}
        description={t("persons.openById.help")}
        value={value}
        onChange={setValue}
        error={problem}
      />
      <Button type="submit" appearance="secondary-action-button">
        {t("persons.openById.submit")}
      </Button>
    </form>
  );
}
