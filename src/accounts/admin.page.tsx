/**
 * @module admin.page
 * Administrator: organisations and users. Creating a user sets a first password; the user enrols
 * their second factor at first login.
 */
import {
  Button,
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
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { ErrorAlert, fieldError, InputField, Loading, SelectField } from "../web/form";
import { ORGANISATION_TYPES, ROLES } from "./accounts.vocabulary";

type Organisation = {
  id: string;
  name: string;
  type: string;
  municipalityCode: string | null;
  isSynthetic: boolean;
};
type User = {
  id: string;
  organisationId: string;
  email: string;
  displayName: string;
  roles: string[];
  secondFactorEnabled: boolean;
  isSynthetic: boolean;
};

export function AdminPage() {
  const { t } = useTranslation();
  const [orgs, setOrgs] = useState<Organisation[] | null>(null);
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setOrgs((await api<{ items: Organisation[] }>("GET", "/organisations")).items);
      setUsers((await api<{ items: User[] }>("GET", "/users")).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const orgName = (id: string) => orgs?.find((o) => o.id === id)?.name ?? id;
  return (
    <>
      <Heading1>{t("admin.title")}</Heading1>
      <ErrorAlert error={error} />
      <Heading2>{t("admin.organisations")}</Heading2>
      {!orgs ? (
        <Loading />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("admin.name")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("admin.type")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("admin.municipality")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {orgs.map((o) => (
              <TableRow key={o.id}>
                <TableCell>{o.name}</TableCell>
                <TableCell>{t(`organisationTypes.${o.type}`)}</TableCell>
                <TableCell>{o.municipalityCode ?? "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <NewOrganisation onCreated={load} />
      <Heading2>{t("admin.users")}</Heading2>
      {!users ? (
        <Loading />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t("admin.name")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("admin.email")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("admin.organisation")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("admin.roles")}</TableHeaderCell>
              <TableHeaderCell scope="col">{t("admin.secondFactor")}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((u) => (
              <TableRow key={u.id}>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>{u.email}</TableCell>
                <TableCell>{orgName(u.organisationId)}</TableCell>
                <TableCell>{u.roles.map((r) => t(`roles.${r}`)).join(", ")}</TableCell>
                <TableCell>{u.secondFactorEnabled ? t("common.yes") : t("common.no")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {orgs && <NewUser orgs={orgs} onCreated={load} />}
    </>
  );
}

function NewOrganisation({ onCreated }: { onCreated: () => Promise<void> }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [type, setType] = useState<string>(ORGANISATION_TYPES[0]);
  const [municipalityCode, setMunicipalityCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      await api("POST", "/organisations", { name, type, municipalityCode: municipalityCode || null });
      setName("");
      setMunicipalityCode("");
      setDone(true);
      await onCreated();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="new-org-heading">
      <Heading2 id="new-org-heading">{t("admin.newOrganisation")}</Heading2>
      <ErrorAlert error={error} />
      {done && <Paragraph role="status">{t("admin.created")}</Paragraph>}
      <InputField
        id="org-name"
        label={t("admin.name")}
        value={name}
        onChange={setName}
        error={fieldError(error, "name")}
        required
      />
      <SelectField
        id="org-type"
        label={t("admin.type")}
        value={type}
        onChange={setType}
        options={ORGANISATION_TYPES.map((o) => ({ value: o, label: t(`organisationTypes.${o}`) }))}
      />
      <InputField
        id="org-municipality"
        label={t("admin.municipalityCode")}
        description={t("admin.municipalityCodeHelp")}
        value={municipalityCode}
        onChange={setMunicipalityCode}
        error={fieldError(error, "municipalityCode")}
      />
      <Button type="submit" appearance="primary-action-button">
        {t("admin.create")}
      </Button>
    </form>
  );
}

function NewUser({ orgs, onCreated }: { orgs: Organisation[]; onCreated: () => Promise<void> }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({
    email: "",
    displayName: "",
    organisationId: orgs[0]?.id ?? "",
    role: ROLES[0] as string,
    password: "",
  });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(false);
    try {
      const { role, ...rest } = form;
      await api("POST", "/users", { ...rest, roles: [role] });
      setForm({ ...form, email: "", displayName: "", password: "" });
      setDone(true);
      await onCreated();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="new-user-heading">
      <Heading2 id="new-user-heading">{t("admin.newUser")}</Heading2>
      <ErrorAlert error={error} />
      {done && <Paragraph role="status">{t("admin.created")}</Paragraph>}
      <InputField
        id="user-name"
        label={t("admin.name")}
        value={form.displayName}
        onChange={set("displayName")}
        error={fieldError(error, "displayName")}
        required
      />
      <InputField
        id="user-email"
        label={t("admin.email")}
        type="email"
        value={form.email}
        onChange={set("email")}
        error={fieldError(error, "email")}
        required
      />
      <SelectField
        id="user-org"
        label={t("admin.organisation")}
        value={form.organisationId}
        onChange={set("organisationId")}
        options={orgs.map((o) => ({ value: o.id, label: o.name }))}
      />
      <SelectField
        id="user-role"
        label={t("admin.roles")}
        value={form.role}
        onChange={set("role")}
        options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
      />
      <InputField
        id="user-password"
        label={t("admin.firstPassword")}
        description={t("admin.firstPasswordHelp")}
        type="password"
        autoComplete="new-password"
        value={form.password}
        onChange={set("password")}
        error={fieldError(error, "password")}
        required
      />
      <Button type="submit" appearance="primary-action-button">
        {t("admin.create")}
      </Button>
    </form>
  );
}
