/**
 * @module sharing-rules.page
 * The sharing rule set in force, read-only, for the privacy officer and for anyone who wants to know
 * why Samen shows or hides something: version and status (a draft says so plainly), every rule with
 * its scope, effect, consent, condition and legal basis, filterable by purpose and organisation type,
 * and the vocabularies the rules speak in. `?regel=<id>` opens the page filtered on one rule.
 */
import {
  Alert,
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
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ORGANISATION_TYPES } from "../accounts/accounts.vocabulary";
import { usePick, useVocabulary } from "../persons/privacy.components";
import { api } from "../web/api";
import { ErrorAlert, InputField, Loading, ScrollTable, SelectField } from "../web/form";
import { SHARING_CONDITION_INFO, SHARING_CONDITIONS } from "./conditions";
import type { DataCategoryInfo } from "./data-categories";
import { PURPOSES, type PurposeInfo } from "./purposes";
import type { ScopeList, SharingRule } from "./sharing-rules.schema";

type RuleSet = {
  version: string;
  status: string;
  rules: SharingRule[];
  categories: DataCategoryInfo[];
  purposes: PurposeInfo[];
};

type Filters = { purpose: string; from: string; to: string; text: string };

function covers(list: ScopeList<string>, value: string): boolean {
  return value === "" || list === "*" || list.includes(value);
}

function matches(rule: SharingRule, f: Filters, describe: (rule: SharingRule) => string): boolean {
  const text = f.text.trim().toLowerCase();
  return (
    covers(rule.purposes, f.purpose) &&
    covers(rule.from, f.from) &&
    covers(rule.to, f.to) &&
    (text === "" || rule.id.toLowerCase().includes(text) || describe(rule).toLowerCase().includes(text))
  );
}

export function SharingRulesPage() {
  const { t } = useTranslation();
  const pick = usePick();
  const vocab = useVocabulary();
  const [ruleSet, setRuleSet] = useState<RuleSet | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filters, setFilters] = useState<Filters>(() => ({
    purpose: "",
    from: "",
    to: "",
    text: new URLSearchParams(window.location.search).get("regel") ?? "",
  }));
  useEffect(() => {
    api<RuleSet>("GET", "/sharing-rules").then(setRuleSet, setError);
  }, []);
  const set = (key: keyof Filters) => (value: string) => setFilters({ ...filters, [key]: value });
  const describe = (rule: SharingRule) => pick(rule.description);
  const shown = ruleSet?.rules.filter((r) => matches(r, filters, describe)) ?? [];
  const all = t("sharing.rules.all");
  const typeOptions = [
    { value: "", label: t("sharing.rules.anyType") },
    ...ORGANISATION_TYPES.map((o) => ({ value: o, label: vocab.organisationType(o) })),
  ];
  return (
    <>
      <Heading1>{t("sharing.rules.title")}</Heading1>
      <Paragraph>{t("sharing.rules.intro")}</Paragraph>
      <ErrorAlert error={error} />
      {!ruleSet && !error && <Loading />}
      {ruleSet && (
        <>
          <dl className="samen-meta">
            <div>
              <dt>{t("sharing.rules.version")}</dt>
              <dd>{ruleSet.version}</dd>
            </div>
            <div>
              <dt>{t("sharing.rules.status")}</dt>
              <dd>
                {ruleSet.status === "draft"
                  ? t("sharing.rules.statusDraft")
                  : t("sharing.rules.statusApproved")}
              </dd>
            </div>
            <div>
              <dt>{t("sharing.rules.count")}</dt>
              <dd>{ruleSet.rules.length}</dd>
            </div>
          </dl>
          {ruleSet.status === "draft" && (
            <Alert type="warning" role="note">
              <Paragraph>
                <strong>{t("sharing.rules.draftTitle")}</strong> {t("sharing.rules.draftText")}
              </Paragraph>
            </Alert>
          )}
          <Paragraph>{t("sharing.rules.howToRead")}</Paragraph>

          <section aria-labelledby="rules-heading">
            <Heading2 id="rules-heading">{t("sharing.rules.rulesTitle")}</Heading2>
            <search className="samen-filters" aria-label={t("sharing.rules.filter")}>
              <SelectField
                id="filter-purpose"
                label={t("sharing.rules.purpose")}
                value={filters.purpose}
                onChange={set("purpose")}
                options={[
                  { value: "", label: t("sharing.rules.anyPurpose") },
                  ...PURPOSES.map((p) => ({ value: p, label: vocab.purpose(p) })),
                ]}
              />
              <SelectField
                id="filter-from"
                label={t("sharing.rules.fromType")}
                value={filters.from}
                onChange={set("from")}
                options={typeOptions}
              />
              <SelectField
                id="filter-to"
                label={t("sharing.rules.toType")}
                value={filters.to}
                onChange={set("to")}
                options={typeOptions}
              />
              <InputField
                id="filter-text"
                autoComplete="off"
                type="search"
                label={t("sharing.rules.search")}
                value={filters.text}
                onChange={set("text")}
              />
            </search>
            <Paragraph aria-live="polite" className="samen-result-count">
              {t("sharing.rules.shown", { shown: shown.length, total: ruleSet.rules.length })}
            </Paragraph>
            {shown.length > 0 && (
              <ScrollTable landmark label={t("persons.table", { name: t("sharing.rules.rulesTitle") })}>
                <Table className="samen-rules-table">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">{t("sharing.rules.rule")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("sharing.rules.fromTo")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("sharing.rules.categories")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("sharing.rules.purposes")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("sharing.rules.effect")}</TableHeaderCell>
                      <TableHeaderCell scope="col">{t("sharing.rules.legalBasis")}</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {shown.map((r) => (
                      <TableRow key={r.id} id={`rule-${r.id}`}>
                        <TableCell className="samen-rule-cell">
                          <code className="samen-rule-id">{r.id}</code>
                          <p className="samen-cell-text">{pick(r.description)}</p>
                        </TableCell>
                        <TableCell>
                          {scope(r.from, vocab.organisationType, all)} →{" "}
                          {scope(r.to, vocab.organisationType, all)}
                        </TableCell>
                        <TableCell>{scope(r.categories, vocab.category, all)}</TableCell>
                        <TableCell>{scope(r.purposes, vocab.purpose, all)}</TableCell>
                        <TableCell>
                          <span className={`samen-effect samen-effect--${r.effect}`}>
                            {r.effect === "allow" ? t("sharing.rules.allow") : t("sharing.rules.deny")}
                          </span>
                          {r.effect === "allow" && (
                            <span className="samen-cell-line">
                              {t("sharing.rules.consent")}:{" "}
                              {r.consent === "required"
                                ? t("sharing.rules.consentRequired")
                                : t("sharing.rules.consentNotRequired")}
                            </span>
                          )}
                          {r.condition && (
                            <span className="samen-cell-line">
                              {t("sharing.rules.condition")}: {vocab.condition(r.condition)}
                            </span>
                          )}
                        </TableCell>
                        <TableCell className="samen-basis-cell">
                          {r.legalBasis ? (
                            <>
                              <ul className="samen-plain-list">
                                {r.legalBasis.articles.map((a) => (
                                  <li key={a}>{a}</li>
                                ))}
                              </ul>
                              {r.legalBasis.confidence === "to_be_confirmed" && (
                                <span className="samen-note">{t("sharing.rules.toBeConfirmed")}</span>
                              )}
                              <details>
                                <summary>{t("sharing.rules.whyLawful")}</summary>
                                <p className="samen-cell-text">{pick(r.legalBasis.explanation)}</p>
                              </details>
                            </>
                          ) : (
                            "—"
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </ScrollTable>
            )}
          </section>

          <section aria-labelledby="categories-heading">
            <Heading2 id="categories-heading">{t("sharing.rules.categoriesTitle")}</Heading2>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("sharing.rules.name")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("sharing.rules.description")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("sharing.rules.properties")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {ruleSet.categories.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>{pick(c.label)}</TableCell>
                    <TableCell>{pick(c.description)}</TableCell>
                    <TableCell>
                      {[
                        !c.personalData && t("sharing.rules.notPersonal"),
                        c.specialCategory && t("sharing.rules.special"),
                        c.criminalData && t("sharing.rules.criminal"),
                        c.directIdentifier && t("sharing.rules.identifying"),
                        c.encryptedAtRest && t("sharing.rules.encrypted"),
                      ]
                        .filter(Boolean)
                        .join("; ") || "—"}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>

          <section aria-labelledby="purposes-heading">
            <Heading2 id="purposes-heading">{t("sharing.rules.purposesTitle")}</Heading2>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("sharing.rules.name")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("sharing.rules.description")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {ruleSet.purposes.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{pick(p.label)}</TableCell>
                    <TableCell>{pick(p.description)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>

          <section aria-labelledby="conditions-heading">
            <Heading2 id="conditions-heading">{t("sharing.rules.conditionsTitle")}</Heading2>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t("sharing.rules.name")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("sharing.rules.description")}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t("sharing.rules.establishedBy")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {SHARING_CONDITIONS.map((c) => (
                  <TableRow key={c}>
                    <TableCell>{pick(SHARING_CONDITION_INFO[c].label)}</TableCell>
                    <TableCell>{pick(SHARING_CONDITION_INFO[c].description)}</TableCell>
                    <TableCell>{pick(SHARING_CONDITION_INFO[c].establishedBy)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>
        </>
      )}
    </>
  );
}

function scope(list: ScopeList<string>, label: (value: string) => string, all: string): string {
  return list === "*" ? all : list.map(label).join(", ");
}
