/**
 * @module anonymous.page
 * The public pages of the anonymous intake, open without logging in: `/melden` (the report, in plain
 * language, with the opening explanation in several languages; afterwards the receipt code in large
 * digits) and `/melden/terug` (enter the code, read the desk's questions, answer). The code lives
 * only in the page's memory: never in the address bar, browser storage or a cookie. Nothing is
 * loaded from other sites.
 */
import { Alert, Button, Heading1, Heading2, Paragraph } from "@utrecht/component-library-react/css-module";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Conversation } from "../signals/anonymous.schema";
import { EXPLOITATION_FORMS, URGENCIES } from "../signals/signal.vocabulary";
import { api } from "../web/api";
import { fileToBase64 } from "../web/file-data";
import {
  CheckboxField,
  CheckboxGroup,
  Done,
  ErrorAlert,
  FileField,
  FormErrors,
  InputField,
  RadioGroup,
  SelectField,
  TextAreaField,
  useFieldProblem,
} from "../web/form";
import { RouterLink } from "../web/router";
import { INTRO_LANGUAGES } from "./intro-languages";

/** The general indicators offered to the public, in plainer words than the professional list. */
const PUBLIC_INDICATORS = [
  "gen-01",
  "gen-02",
  "gen-03",
  "gen-04",
  "gen-05",
  "gen-08",
  "gen-10",
  "gen-11",
  "gen-12",
  "gen-13",
] as const;

type Municipality = { code: string; name: string };

/** The code in groups of four digits, easier to copy by hand. */
function grouped(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** A heading that takes the focus when it appears (after a step that replaced the form). */
function FocusedHeading({ text }: { text: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Heading2 ref={ref} tabIndex={-1}>
      {text}
    </Heading2>
  );
}

function OtherLanguages() {
  const { t } = useTranslation();
  return (
    <details className="samen-anonymous-languages">
      <summary>{t("anonymous.otherLanguages")}</summary>
      {INTRO_LANGUAGES.map((l) => (
        <div key={l.lang} lang={l.lang}>
          <Paragraph>
            <strong>{l.language}</strong>
          </Paragraph>
          <Paragraph>{l.text}</Paragraph>
        </div>
      ))}
    </details>
  );
}

function Receipt({ code }: { code: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="receipt-heading">
      <FocusedHeading text={t("anonymous.receivedTitle")} />
      <Paragraph>{t("anonymous.receivedText")}</Paragraph>
      <Alert type="warning">
        <Paragraph>
          <strong id="receipt-heading">{t("anonymous.codeLabel")}</strong>
        </Paragraph>
        <p
          className="samen-receipt-code"
          data-testid="receipt-code"
          style={{
            fontFamily: "ui-monospace, monospace",
            fontSize: "2rem",
            fontWeight: 700,
            letterSpacing: "0.08em",
            margin: "0.5rem 0",
            overflowWrap: "anywhere",
          }}
        >
          {grouped(code)}
        </p>
        <Paragraph>{t("anonymous.codeAdvice")}</Paragraph>
      </Alert>
      <Paragraph>{t("anonymous.codeReturn")}</Paragraph>
      <Paragraph>
        <RouterLink href="/melden/terug">{t("anonymous.codeReturnLink")}</RouterLink>
      </Paragraph>
    </section>
  );
}

/** `/melden`: the anonymous report. */
export function AnonymousReportPage() {
  const { t } = useTranslation();
  const [whatHappened, setWhatHappened] = useState("");
  const [where, setWhere] = useState("");
  const [municipalityCode, setMunicipalityCode] = useState("");
  const [observedOn, setObservedOn] = useState("");
  const [forms, setForms] = useState<string[]>([]);
  const [indicatorIds, setIndicatorIds] = useState<string[]>([]);
  const [peopleInvolved, setPeopleInvolved] = useState("");
  const [minorInvolved, setMinorInvolved] = useState(false);
  const [urgency, setUrgency] = useState("normal");
  const [municipalities, setMunicipalities] = useState<Municipality[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState<string | null>(null);
  const problem = useFieldProblem(error, "anonymous.problems");

  useEffect(() => {
    api<{ items: Municipality[] }>("GET", "/municipalities")
      .then((r) => setMunicipalities([...r.items].sort((a, b) => a.name.localeCompare(b.name, "nl"))))
      .catch(() => setMunicipalities([]));
  }, []);

  if (code)
    return (
      <>
        <Heading1>{t("anonymous.title")}</Heading1>
        <Receipt code={code} />
      </>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = {
        whatHappened,
        forms,
        indicatorIds,
        minorInvolved,
        urgency,
        ...(where.trim() ? { where } : {}),
        ...(municipalityCode ? { municipalityCode } : {}),
        ...(observedOn ? { observedOn } : {}),
        ...(peopleInvolved.trim() ? { peopleInvolved } : {}),
      };
      const { receiptCode } = await api<{ receiptCode: string }>("POST", "/anonymous-signals", body);
      setCode(receiptCode);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const optional = (label: string) => `${label} (${t("anonymous.optional")})`;
  return (
    <>
      <Heading1>{t("anonymous.title")}</Heading1>
      <Paragraph lead>{t("anonymous.intro")}</Paragraph>
      <Alert type="info">
        <Paragraph>
          <strong>{t("anonymous.danger")}</strong>
        </Paragraph>
      </Alert>
      <Paragraph>{t("anonymous.privacy")}</Paragraph>
      <OtherLanguages />
      <Paragraph>
        {t("anonymous.haveCode")} <RouterLink href="/melden/terug">{t("anonymous.haveCodeLink")}</RouterLink>
      </Paragraph>

      <form onSubmit={submit} noValidate aria-labelledby="anonymous-form-heading">
        <Heading2 id="anonymous-form-heading">{t("anonymous.formHeading")}</Heading2>
        <FormErrors
          error={error}
          heading={t("anonymous.checkFields")}
          fields={[
            {
              name: "whatHappened",
              id: "whatHappened",
              label: t("anonymous.whatHappened"),
              problem: problem("whatHappened"),
            },
            {
              name: "observedOn",
              id: "observedOn",
              label: t("anonymous.observedOn"),
              problem: problem("observedOn"),
            },
          ]}
        />
        <TextAreaField
          id="whatHappened"
          label={`${t("anonymous.whatHappened")} (${t("anonymous.required")})`}
          description={t("anonymous.whatHappenedHelp")}
          value={whatHappened}
          onChange={setWhatHappened}
          error={problem("whatHappened")}
          required
          maxLength={10_000}
          rows={6}
        />
        <InputField
          id="where"
          label={optional(t("anonymous.where"))}
          description={t("anonymous.whereHelp")}
          value={where}
          onChange={setWhere}
          maxLength={300}
          autoComplete="off"
        />
        <SelectField
          id="municipalityCode"
          label={optional(t("anonymous.municipality"))}
          value={municipalityCode}
          onChange={setMunicipalityCode}
          options={[
            { value: "", label: t("anonymous.municipalityUnknown") },
            ...municipalities.map((m) => ({ value: m.code, label: m.name })),
          ]}
        />
        <InputField
          id="observedOn"
          type="date"
          label={optional(t("anonymous.observedOn"))}
          description={t("anonymous.observedOnHelp")}
          value={observedOn}
          onChange={setObservedOn}
          error={problem("observedOn")}
        />
        <CheckboxGroup
          id="forms"
          legend={optional(t("anonymous.forms"))}
          description={t("anonymous.formsHelp")}
          options={EXPLOITATION_FORMS.map((f) => ({ value: f, label: t(`anonymous.formOptions.${f}`) }))}
          values={forms}
          onChange={setForms}
        />
        <CheckboxGroup
          id="indicatorIds"
          legend={optional(t("anonymous.indicators"))}
          description={t("anonymous.indicatorsHelp")}
          options={PUBLIC_INDICATORS.map((i) => ({
            value: i,
            label: t(`anonymous.indicatorOptions.${i.replace("-", "_")}`),
          }))}
          values={indicatorIds}
          onChange={setIndicatorIds}
        />
        <TextAreaField
          id="peopleInvolved"
          label={optional(t("anonymous.peopleInvolved"))}
          description={t("anonymous.peopleInvolvedHelp")}
          value={peopleInvolved}
          onChange={setPeopleInvolved}
          maxLength={5_000}
        />
        <CheckboxField
          id="minorInvolved"
          label={t("anonymous.minorInvolved")}
          checked={minorInvolved}
          onChange={setMinorInvolved}
        />
        <RadioGroup
          id="urgency"
          legend={t("anonymous.urgency")}
          options={URGENCIES.map((u) => ({ value: u, label: t(`anonymous.urgencyOptions.${u}`) }))}
          value={urgency}
          onChange={setUrgency}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {busy ? t("anonymous.sending") : t("anonymous.submit")}
        </Button>
      </form>
    </>
  );
}

/**
 * A photo for the report, sent with the code. The server keeps no file name, strips the photo's
 * metadata (camera, GPS position, time) and accepts JPEG and PNG only; the page says so first.
 */
function AnonymousPhoto({ code }: { code: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await api("POST", "/anonymous-signals/receipt/attachments", {
        code,
        fileName: file.name,
        mediaType: file.type,
        dataBase64: await fileToBase64(file),
      });
      setFile(null);
      setInputKey((k) => k + 1);
      setDone(t("anonymous.photoSent"));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="photo-heading">
      <Heading2 id="photo-heading">{t("anonymous.photoTitle")}</Heading2>
      <Paragraph>{t("anonymous.photoIntro")}</Paragraph>
      <ErrorAlert error={error} />
      <FileField
        key={inputKey}
        id="photo"
        label={t("anonymous.photoChoose")}
        description={t("anonymous.photoHint")}
        accept="image/jpeg,image/png"
        onFile={setFile}
        inputClassName="samen-file"
      />
      <Button type="button" appearance="secondary-action-button" disabled={busy || !file} onClick={send}>
        {t("anonymous.photoSend")}
      </Button>
      <Done text={done} />
    </section>
  );
}

/** `/melden/terug`: the reporter returns with the code, reads the desk's questions and answers. */
export function AnonymousReturnPage() {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [answer, setAnswer] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const open = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setConversation(await api<Conversation>("POST", "/anonymous-signals/receipt", { code }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setConversation(
        await api<Conversation>("POST", "/anonymous-signals/receipt/answers", { code, text: answer }),
      );
      setAnswer("");
      setDone(t("anonymous.answerSent"));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!conversation)
    return (
      <>
        <Heading1>{t("anonymous.returnTitle")}</Heading1>
        <Paragraph>{t("anonymous.returnIntro")}</Paragraph>
        <form onSubmit={open} noValidate>
          <ErrorAlert error={error} />
          <InputField
            id="code"
            label={t("anonymous.code")}
            description={t("anonymous.codeHelp")}
            value={code}
            onChange={setCode}
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            required
          />
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            {busy ? t("anonymous.opening") : t("anonymous.open")}
          </Button>
        </form>
      </>
    );

  return (
    <>
      <Heading1>{t("anonymous.returnTitle")}</Heading1>
      <section aria-labelledby="status-heading">
        <Heading2 id="status-heading">{t("anonymous.status")}</Heading2>
        <Paragraph>{t(`anonymous.statuses.${conversation.status}`)}</Paragraph>
      </section>
      <section aria-labelledby="messages-heading">
        <Heading2 id="messages-heading">{t("anonymous.messages")}</Heading2>
        {conversation.messages.length === 0 ? (
          <Paragraph>{t("anonymous.noMessages")}</Paragraph>
        ) : (
          <ol className="samen-anonymous-messages">
            {conversation.messages.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: messages are append-only, in order
              <li key={i}>
                <Paragraph>
                  <strong>
                    {m.direction === "desk_to_reporter" ? t("anonymous.fromDesk") : t("anonymous.fromYou")}
                  </strong>{" "}
                  ({m.on})
                </Paragraph>
                <Paragraph style={{ whiteSpace: "pre-wrap" }}>{m.text}</Paragraph>
              </li>
            ))}
          </ol>
        )}
      </section>
      <Done text={done} />
      <ErrorAlert error={error} />
      {conversation.canAnswer && (
        <form onSubmit={send} noValidate>
          <TextAreaField
            id="answer"
            label={t("anonymous.answer")}
            description={t("anonymous.answerHelp")}
            value={answer}
            onChange={setAnswer}
            maxLength={5_000}
            required
          />
          <Button type="submit" appearance="primary-action-button" disabled={busy || !answer.trim()}>
            {t("anonymous.sendAnswer")}
          </Button>
        </form>
      )}
      {conversation.canAnswer && <AnonymousPhoto code={code} />}
      <Paragraph>
        <Button
          appearance="subtle-button"
          onClick={() => {
            setConversation(null);
            setCode("");
            setDone(null);
          }}
        >
          {t("anonymous.anotherCode")}
        </Button>
      </Paragraph>
    </>
  );
}
