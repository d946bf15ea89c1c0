/**
 * @module consent-form.page
 * A printable consent form in plain language (B1), in Dutch or English whatever the screen's
 * language: what will be shared, with whom, why, that consent is voluntary and can be withdrawn at
 * any time and what that means, the person's rights, and lines to sign. The professional chooses
 * purpose, recipient and data; printing leaves out everything but the form. The signed form is then
 * uploaded as evidence when the consent is recorded (persons page). Accepts `?purpose=`,
 * `organisation=`, `type=` and `categories=` from that page.
 */
import { Button, Heading1, Heading2, Heading3, Paragraph } from "@utrecht/component-library-react/css-module";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ORGANISATION_TYPES, type OrganisationType } from "../accounts/accounts.vocabulary";
import { useOrganisations } from "../persons/person.client";
import { DISCLOSURE_PURPOSES, useVocabulary } from "../persons/privacy.components";
import { CheckboxGroup, ErrorAlert, Loading, RadioGroup, SelectField } from "../web/form";
import type { Language } from "../web/i18n";
import { useSession } from "../web/session";
import { type DataCategory, PERSONAL_DATA_CATEGORIES } from "./data-categories";
import { PURPOSE_INFO, type Purpose } from "./purposes";

/** What is usually needed for each purpose; the professional adjusts it to the situation. */
const DEFAULT_CATEGORIES: Record<string, DataCategory[]> = {
  care: ["identity", "contact", "location", "residence_status", "case_facts", "care_plan"],
  registration: ["identity", "residence_status", "case_facts"],
  investigation: ["identity", "contact", "location", "residence_status", "case_facts"],
  supervision: ["identity", "contact", "location", "residence_status", "case_facts"],
  case_conference: ["identity", "location", "residence_status", "case_facts"],
  residence_procedure: ["identity", "contact", "residence_status", "case_facts"],
};
const SPECIAL: readonly DataCategory[] = ["health", "sexual_life"];
/** Where no recipient was chosen, the printed form leaves room to write it in by hand. */
const BLANK = "……………………………………";

type Choice = {
  language: Language;
  purpose: Purpose;
  recipientKind: "organisation" | "type";
  organisationId: string;
  recipientType: OrganisationType;
  categories: DataCategory[];
};

function fromAddress(language: Language): Choice {
  const q = new URLSearchParams(window.location.search);
  const purpose = DISCLOSURE_PURPOSES.find((p) => p === q.get("purpose")) ?? "care";
  const type = ORGANISATION_TYPES.find((o) => o === q.get("type"));
  const categories = (q.get("categories") ?? "")
    .split(",")
    .filter((c): c is DataCategory => (PERSONAL_DATA_CATEGORIES as readonly string[]).includes(c));
  return {
    language,
    purpose,
    recipientKind: type ? "type" : "organisation",
    organisationId: q.get("organisation") ?? "",
    recipientType: type ?? "shelter",
    categories: categories.length > 0 ? categories : (DEFAULT_CATEGORIES[purpose] ?? []),
  };
}

export function ConsentFormPage() {
  const { t, i18n } = useTranslation();
  const vocab = useVocabulary();
  const { session } = useSession();
  const { organisations, error } = useOrganisations();
  const [choice, setChoice] = useState<Choice>(() => fromAddress(i18n.language === "en" ? "en" : "nl"));
  const set = <K extends keyof Choice>(key: K, value: Choice[K]) => setChoice({ ...choice, [key]: value });
  const others = organisations?.filter((o) => o.id !== session?.organisation.id) ?? [];
  const organisation = others.find((o) => o.id === choice.organisationId);
  const print = (event: FormEvent) => {
    event.preventDefault();
    window.print();
  };
  return (
    <>
      <div className="samen-no-print">
        <Heading1>{t("sharing.consentForm.title")}</Heading1>
        <Paragraph>{t("sharing.consentForm.intro")}</Paragraph>
        <ErrorAlert error={error} />
        <form onSubmit={print} noValidate className="samen-form" aria-labelledby="compose-heading">
          <Heading2 id="compose-heading">{t("sharing.consentForm.compose")}</Heading2>
          <RadioGroup
            id="form-language"
            legend={t("sharing.consentForm.language")}
            description={t("sharing.consentForm.languageHelp")}
            value={choice.language}
            onChange={(l) => set("language", l as Language)}
            options={[
              { value: "nl", label: "Nederlands" },
              { value: "en", label: "English" },
            ]}
          />
          <SelectField
            id="form-purpose"
            label={t("sharing.consentForm.purpose")}
            value={choice.purpose}
            onChange={(p) =>
              setChoice({ ...choice, purpose: p as Purpose, categories: DEFAULT_CATEGORIES[p] ?? [] })
            }
            options={DISCLOSURE_PURPOSES.map((p) => ({ value: p, label: vocab.purpose(p) }))}
          />
          <RadioGroup
            id="form-recipient-kind"
            legend={t("sharing.consentForm.recipientKind")}
            value={choice.recipientKind}
            onChange={(k) => set("recipientKind", k as Choice["recipientKind"])}
            options={[
              { value: "organisation", label: t("sharing.consentForm.oneOrganisation") },
              { value: "type", label: t("sharing.consentForm.everyOrganisationOfType") },
            ]}
          />
          {choice.recipientKind === "organisation" ? (
            organisations ? (
              <SelectField
                id="form-organisation"
                label={t("sharing.consentForm.recipient")}
                value={organisation?.id ?? ""}
                onChange={(id) => set("organisationId", id)}
                options={[
                  { value: "", label: t("sharing.consentForm.chooseOrganisation") },
                  ...others.map((o) => ({
                    value: o.id,
                    label: `${o.name} (${vocab.organisationType(o.type)})`,
                  })),
                ]}
              />
            ) : (
              <Loading />
            )
          ) : (
            <SelectField
              id="form-type"
              label={t("sharing.consentForm.recipientType")}
              value={choice.recipientType}
              onChange={(o) => set("recipientType", o as OrganisationType)}
              options={ORGANISATION_TYPES.filter((o) => o !== "platform_operator").map((o) => ({
                value: o,
                label: vocab.organisationType(o),
              }))}
            />
          )}
          <CheckboxGroup
            id="form-categories"
            legend={t("sharing.consentForm.categories")}
            description={t("sharing.consentForm.categoriesHelp")}
            values={choice.categories}
            onChange={(c) =>
              set(
                "categories",
                PERSONAL_DATA_CATEGORIES.filter((x) => c.includes(x)),
              )
            }
            options={PERSONAL_DATA_CATEGORIES.map((c) => ({ value: c, label: vocab.category(c) }))}
          />
          <Button type="submit" appearance="primary-action-button">
            {t("sharing.consentForm.print")}
          </Button>
        </form>
        <Heading2>{t("sharing.consentForm.preview")}</Heading2>
      </div>
      <ConsentDocument
        language={choice.language}
        holder={session?.organisation.name ?? ""}
        recipient={
          choice.recipientKind === "organisation"
            ? { name: organisation?.name ?? BLANK }
            : { type: choice.recipientType }
        }
        purpose={choice.purpose}
        categories={choice.categories}
      />
    </>
  );
}

/** The form itself, in its own language (independent of the screen's). */
function ConsentDocument({
  language,
  holder,
  recipient,
  purpose,
  categories,
}: {
  language: Language;
  holder: string;
  recipient: { name: string } | { type: OrganisationType };
  purpose: Purpose;
  categories: DataCategory[];
}) {
  const { i18n } = useTranslation();
  const t = i18n.getFixedT(language);
  const who =
    "name" in recipient
      ? recipient.name
      : t("sharing.consentDocument.everyOfType", { type: t(`organisationTypes.${recipient.type}`) });
  const purposeLabel = PURPOSE_INFO[purpose].label[language];
  const special = categories.filter((c) => SPECIAL.includes(c));
  const ordinary = categories.filter((c) => !SPECIAL.includes(c));
  return (
    <article lang={language} className="samen-consent-document" aria-labelledby="consent-document-title">
      <Heading2 id="consent-document-title">{t("sharing.consentDocument.title")}</Heading2>
      <Paragraph>{t("sharing.consentDocument.intro", { holder, recipient: who })}</Paragraph>
      <Paragraph>{t("sharing.consentDocument.questions")}</Paragraph>

      <Heading3>{t("sharing.consentDocument.whatTitle")}</Heading3>
      {categories.length === 0 ? (
        <Paragraph>{t("sharing.consentDocument.nothingChosen")}</Paragraph>
      ) : (
        <ul>
          {ordinary.map((c) => (
            <li key={c}>{t(`sharing.consentDocument.categories.${c}`)}</li>
          ))}
          {special.map((c) => (
            <li key={c}>{t(`sharing.consentDocument.categories.${c}`)}</li>
          ))}
        </ul>
      )}
      <Paragraph>{t("sharing.consentDocument.onlyThis")}</Paragraph>

      <Heading3>{t("sharing.consentDocument.whoTitle")}</Heading3>
      <Paragraph>{t("sharing.consentDocument.who", { recipient: who })}</Paragraph>

      <Heading3>{t("sharing.consentDocument.whyTitle")}</Heading3>
      <Paragraph>
        <strong>{purposeLabel}.</strong> {t(`sharing.consentDocument.purposes.${purpose}`)}
      </Paragraph>

      <Heading3>{t("sharing.consentDocument.choiceTitle")}</Heading3>
      <Paragraph>{t("sharing.consentDocument.voluntary")}</Paragraph>
      <Paragraph>{t("sharing.consentDocument.noConsequences")}</Paragraph>

      <Heading3>{t("sharing.consentDocument.withdrawTitle")}</Heading3>
      <Paragraph>{t("sharing.consentDocument.withdraw", { recipient: who })}</Paragraph>
      <Paragraph>{t("sharing.consentDocument.withdrawMeaning")}</Paragraph>

      <Heading3>{t("sharing.consentDocument.lawTitle")}</Heading3>
      <Paragraph>{t("sharing.consentDocument.law")}</Paragraph>

      <Heading3>{t("sharing.consentDocument.rightsTitle")}</Heading3>
      <Paragraph>{t("sharing.consentDocument.rights")}</Paragraph>

      <Heading3>{t("sharing.consentDocument.decisionTitle")}</Heading3>
      <ul className="samen-tick-list">
        <li>
          <span className="samen-tick" aria-hidden="true" />{" "}
          {t("sharing.consentDocument.yes", { recipient: who, purpose: purposeLabel })}
        </li>
        {special.length > 0 && (
          <li>
            <span className="samen-tick" aria-hidden="true" /> {t("sharing.consentDocument.yesSpecial")}
          </li>
        )}
        <li>
          <span className="samen-tick" aria-hidden="true" /> {t("sharing.consentDocument.no")}
        </li>
      </ul>

      <div className="samen-signatures">
        <SignatureBlock
          title={t("sharing.consentDocument.person")}
          lines={[
            t("sharing.consentDocument.name"),
            t("sharing.consentDocument.birthDate"),
            t("sharing.consentDocument.date"),
            t("sharing.consentDocument.signature"),
          ]}
        />
        <SignatureBlock
          title={t("sharing.consentDocument.professional")}
          lines={[
            t("sharing.consentDocument.name"),
            `${t("sharing.consentDocument.organisation")}: ${holder}`,
            t("sharing.consentDocument.date"),
            t("sharing.consentDocument.signature"),
          ]}
        />
        <SignatureBlock
          title={t("sharing.consentDocument.interpreter")}
          lines={[
            t("sharing.consentDocument.name"),
            t("sharing.consentDocument.interpreterLanguage"),
            t("sharing.consentDocument.signature"),
          ]}
        />
      </div>
      <Paragraph className="samen-note">{t("sharing.consentDocument.footer")}</Paragraph>
    </article>
  );
}

function SignatureBlock({ title, lines }: { title: string; lines: string[] }) {
  return (
    <div className="samen-signature">
      <p className="samen-signature__title">{title}</p>
      {lines.map((line) => (
        <p key={line} className="samen-signature__line">
          <span>{line.includes(":") ? line : `${line}:`}</span>
          {!line.includes(":") && <span className="samen-signature__rule" aria-hidden="true" />}
        </p>
      ))}
    </div>
  );
}
