/**
 * @module quick-response.page
 * "Snelle-reactieteams": which team is alerted for acute signals in each police unit. Everyone may
 * look (the desk needs to know who was alerted); the administrator sets and removes teams.
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
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { Done, ErrorAlert, InputField, Loading, ScrollTable, SelectField } from "../web/form";
import { useAbility } from "../web/session";

type UnitTeam = {
  policeUnitId: string;
  policeUnitName: string;
  team: { organisationId: string; organisationName: string; teamName: string; updatedAt: string } | null;
};
type Organisation = { id: string; name: string; type: string };

const TEAM_ORGANISATION_TYPES = ["police", "kmar", "labour_inspectorate"];

export function QuickResponsePage() {
  const { t } = useTranslation();
  const canManage = useAbility("reference:manage");
  const [units, setUnits] = useState<UnitTeam[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(
    () => api<{ items: UnitTeam[] }>("GET", "/quick-response-teams").then((r) => setUnits(r.items), setError),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <Heading1>{t("signals.quickResponse.title")}</Heading1>
      <Paragraph>{t("signals.quickResponse.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <Done text={done} />
      {!units ? (
        !error && <Loading />
      ) : (
        <ScrollTable label={t("signals.quickResponse.table")}>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t("signals.quickResponse.unit")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("signals.quickResponse.team")}</TableHeaderCell>
                <TableHeaderCell scope="col">{t("signals.quickResponse.organisation")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {units.map((u) => (
                <TableRow key={u.policeUnitId}>
                  <TableCell>{u.policeUnitName}</TableCell>
                  <TableCell>
                    {u.team?.teamName ?? <strong>{t("signals.quickResponse.none")}</strong>}
                  </TableCell>
                  <TableCell>{u.team?.organisationName ?? "—"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollTable>
      )}
      {canManage && units && (
        <TeamEditor
          units={units}
          onSaved={(text) => {
            setDone(text);
            void load();
          }}
        />
      )}
    </>
  );
}

function TeamEditor({ units, onSaved }: { units: UnitTeam[]; onSaved: (text: string) => void }) {
  const { t } = useTranslation();
  const [organisations, setOrganisations] = useState<Organisation[]>([]);
  const [unitId, setUnitId] = useState(units[0]?.policeUnitId ?? "");
  const [organisationId, setOrganisationId] = useState("");
  const [teamName, setTeamName] = useState("");
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ items: Organisation[] }>("GET", "/organisations").then(
      (r) => setOrganisations(r.items.filter((o) => TEAM_ORGANISATION_TYPES.includes(o.type))),
      setError,
    );
  }, []);
  const unit = units.find((u) => u.policeUnitId === unitId);
  // Choosing a unit shows its current team, ready to change.
  useEffect(() => {
    setOrganisationId(unit?.team?.organisationId ?? "");
    setTeamName(unit?.team?.teamName ?? "");
  }, [unit]);
  const unitName = unit?.policeUnitName ?? "";

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api("PUT", `/quick-response-teams/${encodeURIComponent(unitId)}`, { organisationId, teamName });
      onSaved(t("signals.quickResponse.saved", { unit: unitName }));
    } catch (e) {
      setError(e);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      await api("DELETE", `/quick-response-teams/${encodeURIComponent(unitId)}`);
      onSaved(t("signals.quickResponse.removed", { unit: unitName }));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="quick-response-edit-heading" className="samen-section">
      <Heading2 id="quick-response-edit-heading">
        {t("signals.quickResponse.edit", { unit: unitName })}
      </Heading2>
      <form onSubmit={save} noValidate>
        <ErrorAlert error={error} />
        <SelectField
          id="qr-unit"
          label={t("signals.quickResponse.unit")}
          value={unitId}
          onChange={setUnitId}
          options={units.map((u) => ({ value: u.policeUnitId, label: u.policeUnitName }))}
        />
        <SelectField
          id="qr-organisation"
          label={t("signals.quickResponse.organisation")}
          value={organisationId}
          onChange={setOrganisationId}
          required
          options={[
            { value: "", label: t("signals.choose") },
            ...organisations.map((o) => ({ value: o.id, label: o.name })),
          ]}
        />
        <InputField
          id="qr-team-name"
          label={t("signals.quickResponse.teamName")}
          description={t("signals.quickResponse.teamNameHint", { unit: unitName })}
          value={teamName}
          onChange={setTeamName}
          required
          maxLength={120}
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button">
            {t("signals.quickResponse.save")}
          </Button>
          {unit?.team && (
            <Button type="button" appearance="secondary-action-button" onClick={remove}>
              {t("signals.quickResponse.remove")}
            </Button>
          )}
        </ButtonGroup>
      </form>
    </section>
  );
}
