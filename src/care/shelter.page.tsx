/**
 * @module shelter.page
 * "Opvang": a shelter's own places with capacity and live occupancy (occupied, reserved, free),
 * publishing and editing a place, and the incoming placement requests: accept (reserves a bed) or
 * decline with a reason, admit, and discharge with a reason.
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
import { EXPLOITATION_FORMS, GENDERS } from "../signals/signal.vocabulary";
import { api } from "../web/api";
import {
  CheckboxField,
  CheckboxGroup,
  Done,
  ErrorAlert,
  FormErrors,
  InputField,
  Loading,
  ScrollTable,
  SelectField,
  useFieldProblem,
} from "../web/form";
import { type Place, type Placement, PlaceTable, useCareVocabulary } from "./care.components";
import { DECLINE_REASONS, DISCHARGE_REASONS, SHELTER_PLACE_TYPES } from "./care.vocabulary";

export function ShelterPage() {
  const { t } = useTranslation();
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [placements, setPlacements] = useState<Placement[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Place | "new" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setPlaces((await api<{ items: Place[] }>("GET", "/shelter-places?mine=true")).items);
      setPlacements(
        (await api<{ items: Placement[] }>("GET", "/placements")).items.filter((p) => p.side === "shelter"),
      );
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <Heading1>{t("care.shelter.title")}</Heading1>
      <Paragraph>{t("care.shelter.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <Done text={done} />
      <section aria-labelledby="shelter-places-heading" className="samen-section">
        <Heading2 id="shelter-places-heading">{t("care.shelter.places")}</Heading2>
        {!places && !error && <Loading />}
        {places && places.length === 0 && <Paragraph>{t("care.shelter.noPlaces")}</Paragraph>}
        {places && places.length > 0 && (
          <PlaceTable
            places={places}
            label={t("care.shelter.placesTable")}
            actions={(p) => (
              <Button appearance="secondary-action-button" onClick={() => setEditing(p)}>
                {t("care.shelter.edit", { name: p.name })}
              </Button>
            )}
          />
        )}
        {editing ? (
          <PlaceForm
            key={editing === "new" ? "new" : editing.id}
            place={editing === "new" ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={async () => {
              setEditing(null);
              setDone(t("care.shelter.saved"));
              await load();
            }}
          />
        ) : (
          <Button appearance="primary-action-button" onClick={() => setEditing("new")}>
            {t("care.shelter.publish")}
          </Button>
        )}
      </section>
      <section aria-labelledby="shelter-requests-heading" className="samen-section">
        <Heading2 id="shelter-requests-heading">{t("care.shelter.requests")}</Heading2>
        {placements && placements.length === 0 && <Paragraph>{t("care.shelter.noRequests")}</Paragraph>}
        {placements && placements.length > 0 && (
          <ScrollTable landmark label={t("care.shelter.requestsTable")}>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("care.case.number")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("care.places.name")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("care.case.status")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("care.actions")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {placements.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{p.caseNumber}</TableCell>
                    <TableCell>{p.place}</TableCell>
                    <TableCell>{t(`care.placementStatuses.${p.status}`)}</TableCell>
                    <TableCell>
                      <PlacementActions
                        placement={p}
                        onDone={async (message) => {
                          setDone(message);
                          await load();
                        }}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollTable>
        )}
      </section>
    </>
  );
}

function PlacementActions({
  placement,
  onDone,
}: {
  placement: Placement;
  onDone: (message: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [reason, setReason] = useState("");
  const [asking, setAsking] = useState<"decline" | "discharge" | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const act = async (path: string, body: unknown, message: string) => {
    try {
      await api("POST", `/placements/${placement.id}/${path}`, body);
      setError(null);
      setAsking(null);
      await onDone(message);
    } catch (e) {
      setError(e);
    }
  };
  const id = `placement-${placement.id}`;
  if (asking) {
    const reasons = asking === "decline" ? DECLINE_REASONS : DISCHARGE_REASONS;
    const label = asking === "decline" ? vocab.declineReason : vocab.dischargeReason;
    return (
      <div className="samen-form">
        <ErrorAlert error={error} />
        <SelectField
          id={`${id}-reason`}
          label={t(`care.shelter.${asking}Reason`, { number: placement.caseNumber })}
          value={reason}
          onChange={(v) => {
            setReason(v);
            setMissing(false);
          }}
          error={missing ? t("care.shelter.reasonMissing") : undefined}
          options={[
            { value: "", label: t("care.choose") },
            ...reasons.map((r) => ({ value: r, label: label(r) })),
          ]}
        />
        <ButtonGroup>
          <Button
            appearance="primary-action-button"
            onClick={() => {
              if (!reason) return setMissing(true);
              void (asking === "decline"
                ? act("decision", { accept: false, reason }, t("care.shelter.declined"))
                : act("discharge", { reason }, t("care.shelter.discharged")));
            }}
          >
            {t(`care.shelter.${asking}Confirm`)}
          </Button>
          <Button appearance="secondary-action-button" onClick={() => setAsking(null)}>
            {t("care.cancel")}
          </Button>
        </ButtonGroup>
      </div>
    );
  }
  return (
    <>
      <ErrorAlert error={error} />
      <ButtonGroup>
        {placement.status === "requested" && (
          <>
            <Button
              appearance="primary-action-button"
              onClick={() => void act("decision", { accept: true }, t("care.shelter.accepted"))}
            >
              {t("care.shelter.accept", { number: placement.caseNumber })}
            </Button>
            <Button appearance="secondary-action-button" onClick={() => setAsking("decline")}>
              {t("care.shelter.decline", { number: placement.caseNumber })}
            </Button>
          </>
        )}
        {placement.status === "accepted" && (
          <Button
            appearance="primary-action-button"
            onClick={() => void act("admission", undefined, t("care.shelter.admitted"))}
          >
            {t("care.shelter.admit", { number: placement.caseNumber })}
          </Button>
        )}
        {placement.status === "admitted" && (
          <Button appearance="secondary-action-button" onClick={() => setAsking("discharge")}>
            {t("care.shelter.discharge", { number: placement.caseNumber })}
          </Button>
        )}
      </ButtonGroup>
    </>
  );
}

function PlaceForm({
  place,
  onSaved,
  onCancel,
}: {
  place: Place | null;
  onSaved: () => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [name, setName] = useState(place?.name ?? "");
  const [placeType, setPlaceType] = useState(place?.placeType ?? "cosm");
  const [capacity, setCapacity] = useState(String(place?.capacity ?? 1));
  const [genders, setGenders] = useState<string[]>(place?.genders ?? []);
  const [minAge, setMinAge] = useState(String(place?.minAge ?? 18));
  const [maxAge, setMaxAge] = useState(place?.maxAge === null || !place ? "" : String(place.maxAge));
  const [forms, setForms] = useState<string[]>(place?.forms ?? []);
  const [languages, setLanguages] = useState(place?.languages.join(", ") ?? "");
  const [active, setActive] = useState(place?.active ?? true);
  const [error, setError] = useState<unknown>(null);
  const problem = useFieldProblem(error, "care.shelter.invalid");
  const num = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name,
      placeType,
      capacity: num(capacity),
      genders,
      minAge: num(minAge),
      maxAge: maxAge.trim() ? num(maxAge) : null,
      forms,
      languages: languages
        .split(/[,\s]+/)
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
      active,
    };
    try {
      if (place) await api("PUT", `/shelter-places/${place.id}`, body);
      else await api("POST", "/shelter-places", body);
      setError(null);
      await onSaved();
    } catch (e) {
      setError(e);
    }
  };
  const fields = [
    { name: "name", id: "place-name", label: t("care.places.name") },
    { name: "capacity", id: "place-capacity", label: t("care.places.capacity") },
    { name: "minAge", id: "place-min-age", label: t("care.shelter.minAge") },
    { name: "maxAge", id: "place-max-age", label: t("care.shelter.maxAge") },
    { name: "languages", id: "place-languages", label: t("care.placement.languages") },
  ];
  return (
    <form onSubmit={submit} noValidate className="samen-form" aria-labelledby="place-form-heading">
      <Heading2 id="place-form-heading">
        {place ? t("care.shelter.editTitle") : t("care.shelter.publish")}
      </Heading2>
      <FormErrors
        error={error}
        heading={t("care.checkFields")}
        fields={fields.map((f) => ({ ...f, problem: problem(f.name) }))}
      />
      <InputField
        id="place-name"
        label={t("care.places.name")}
        value={name}
        onChange={setName}
        error={problem("name")}
        required
      />
      <SelectField
        id="place-type"
        label={t("care.places.type")}
        value={placeType}
        onChange={setPlaceType}
        options={SHELTER_PLACE_TYPES.map((p) => ({ value: p, label: vocab.placeType(p) }))}
      />
      <InputField
        id="place-capacity"
        label={t("care.places.capacity")}
        inputMode="numeric"
        value={capacity}
        onChange={setCapacity}
        error={problem("capacity")}
        required
      />
      <CheckboxGroup
        id="place-genders"
        legend={t("care.shelter.genders")}
        description={t("care.shelter.emptyMeansAll")}
        options={GENDERS.filter((g) => g !== "unknown").map((g) => ({ value: g, label: vocab.gender(g) }))}
        values={genders}
        onChange={setGenders}
      />
      <InputField
        id="place-min-age"
        label={t("care.shelter.minAge")}
        inputMode="numeric"
        value={minAge}
        onChange={setMinAge}
        error={problem("minAge")}
      />
      <InputField
        id="place-max-age"
        label={t("care.shelter.maxAge")}
        description={t("care.shelter.maxAgeHelp")}
        inputMode="numeric"
        value={maxAge}
        onChange={setMaxAge}
        error={problem("maxAge")}
      />
      <CheckboxGroup
        id="place-forms"
        legend={t("care.placement.forms")}
        description={t("care.shelter.emptyMeansAll")}
        options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: vocab.form(f) }))}
        values={forms}
        onChange={setForms}
      />
      <InputField
        id="place-languages"
        label={t("care.placement.languages")}
        description={t("care.placement.languagesHelp")}
        value={languages}
        onChange={setLanguages}
        error={problem("languages")}
      />
      <CheckboxField
        id="place-active"
        label={t("care.shelter.active")}
        checked={active}
        onChange={setActive}
      />
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button">
          {t("care.shelter.save")}
        </Button>
        <Button appearance="secondary-action-button" onClick={onCancel}>
          {t("care.cancel")}
        </Button>
      </ButtonGroup>
    </form>
  );
}
