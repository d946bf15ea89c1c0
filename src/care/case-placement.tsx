/**
 * @module case-placement
 * Shelter placement in the case flow: search places that fit the victim (gender, age, forms of
 * exploitation, languages), see why the others do not fit, request a place and follow its status.
 */
import {
  Button,
  Heading2,
  Heading3,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { EXPLOITATION_FORMS, GENDERS } from "../signals/signal.vocabulary";
import { api } from "../web/api";
import { CheckboxGroup, Done, ErrorAlert, InputField, SelectField } from "../web/form";
import {
  type CaseDetail,
  PlaceCriteria,
  type PlaceMatch,
  type Placement,
  useCareVocabulary,
} from "./care.components";

export function CasePlacement({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const known = (name: string) => {
    const f = kase.victim.fields[name];
    return f?.visible ? f.value : undefined;
  };
  // Person records say "x" where the shelter vocabulary says "other".
  const knownGender = known("gender") === "x" ? "other" : known("gender");
  const formsField = kase.fields.forms;
  const [gender, setGender] = useState<string>(
    typeof knownGender === "string" && (GENDERS as readonly string[]).includes(knownGender)
      ? knownGender
      : "unknown",
  );
  const [age, setAge] = useState("");
  const [forms, setForms] = useState<string[]>(
    formsField?.visible && Array.isArray(formsField.value) ? (formsField.value as string[]) : [],
  );
  const [languages, setLanguages] = useState("");
  const [result, setResult] = useState<{ matches: PlaceMatch[]; mismatches: PlaceMatch[] } | null>(null);
  const [placements, setPlacements] = useState<Placement[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const loadPlacements = useCallback(async () => {
    try {
      const all = (await api<{ items: Placement[] }>("GET", "/placements")).items;
      setPlacements(all.filter((p) => p.caseNumber === kase.caseNumber && p.side === "coordinator"));
    } catch (e) {
      setError(e);
    }
  }, [kase.caseNumber]);
  useEffect(() => {
    void loadPlacements();
  }, [loadPlacements]);
  const search = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setResult(
        await api("POST", "/shelter-place-searches", {
          gender,
          age: age.trim() ? Number(age) : null,
          forms,
          languages: languages
            .split(/[,\s]+/)
            .map((l) => l.trim().toLowerCase())
            .filter(Boolean),
        }),
      );
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  const request = async (placeId: string) => {
    try {
      await api("POST", `/cases/${kase.id}/placements`, { placeId });
      setError(null);
      setDone(t("care.placement.requested"));
      await loadPlacements();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="case-placement-heading" className="samen-section">
      <Heading2 id="case-placement-heading">{t("care.placement.title")}</Heading2>
      <Paragraph>{t("care.placement.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <Done text={done} />
      {placements && placements.length > 0 && (
        <>
          <Heading3>{t("care.placement.requests")}</Heading3>
          <UnorderedList>
            {placements.map((p) => (
              <UnorderedListItem key={p.id}>
                {p.place}: {t(`care.placementStatuses.${p.status}`)}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
      <form onSubmit={search} noValidate className="samen-form" aria-labelledby="placement-search-heading">
        <Heading3 id="placement-search-heading">{t("care.placement.search")}</Heading3>
        <SelectField
          id="placement-gender"
          label={t("care.placement.gender")}
          value={gender}
          onChange={setGender}
          options={GENDERS.map((g) => ({ value: g, label: vocab.gender(g) }))}
        />
        <InputField
          id="placement-age"
          label={t("care.placement.age")}
          description={t("care.placement.ageHelp")}
          inputMode="numeric"
          value={age}
          onChange={setAge}
        />
        <CheckboxGroup
          id="placement-forms"
          legend={t("care.placement.forms")}
          options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: vocab.form(f) }))}
          values={forms}
          onChange={setForms}
        />
        <InputField
          id="placement-languages"
          label={t("care.placement.languages")}
          description={t("care.placement.languagesHelp")}
          value={languages}
          onChange={setLanguages}
        />
        <Button type="submit" appearance="secondary-action-button">
          {t("care.placement.find")}
        </Button>
      </form>
      {result && (
        <>
          <Heading3>{t("care.placement.matches", { count: result.matches.length })}</Heading3>
          {result.matches.length === 0 && <Paragraph>{t("care.placement.noMatches")}</Paragraph>}
          <UnorderedList>
            {result.matches.map((m) => (
              <UnorderedListItem key={m.placeId}>
                <strong>{m.place.name}</strong> ({m.place.organisation}, {vocab.placeType(m.place.placeType)})
                — {t("care.placement.freeCount", { count: m.free })}. <PlaceCriteria place={m.place} />
                {m.reasons.length > 0 &&
                  ` (${m.reasons.map((r) => t(`care.placement.matchReasons.${r}`)).join(", ")})`}{" "}
                <Button appearance="primary-action-button" onClick={() => void request(m.placeId)}>
                  {t("care.placement.request", { name: m.place.name })}
                </Button>
              </UnorderedListItem>
            ))}
          </UnorderedList>
          <Heading3>{t("care.placement.mismatches", { count: result.mismatches.length })}</Heading3>
          <UnorderedList>
            {result.mismatches.map((m) => (
              <UnorderedListItem key={m.placeId}>
                <strong>{m.place.name}</strong> ({m.place.organisation}):{" "}
                {m.reasons.map((r) => t(`care.placement.mismatchReasons.${r}`)).join(", ")}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
    </section>
  );
}
