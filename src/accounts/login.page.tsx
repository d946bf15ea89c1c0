/**
 * @module login.page
 * Login in steps: password, then the TOTP code (or enrolling an authenticator app first). In demo
 * mode a synthetic demo user may skip enrolment; the page says so plainly.
 */
import {
  Alert,
  Button,
  ButtonGroup,
  Code,
  Heading1,
  Paragraph,
} from "@utrecht/component-library-react/css-module";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { ErrorAlert, fieldError, InputField } from "../web/form";
import { RouterLink } from "../web/router";
import { type Session, useSession } from "../web/session";

export function LoginPage() {
  const { session } = useSession();
  if (!session) return <PasswordStep />;
  if (session.stage === "second_factor") return <CodeStep />;
  return <EnrolStep />;
}

function PasswordStep() {
  const { t } = useTranslation();
  const { setSession, expired } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSession(await api<Session>("POST", "/session", { email, password }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Heading1>{t("login.title")}</Heading1>
      {expired && (
        <Alert type="info">
          <Paragraph>{t("login.expired")}</Paragraph>
        </Alert>
      )}
      <Paragraph>{t("login.intro")}</Paragraph>
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate className="samen-form">
        <InputField
          id="email"
          label={t("login.email")}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fieldError(error, "email")}
          required
        />
        <InputField
          id="password"
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldError(error, "password")}
          required
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {t("login.submit")}
        </Button>
      </form>
      <Paragraph className="samen-anonymous-link">
        {t("login.anonymousHint")} <RouterLink href="/melden">{t("login.anonymousLink")}</RouterLink>
      </Paragraph>
    </>
  );
}

function CodeStep() {
  const { t } = useTranslation();
  const { setSession, logout } = useSession();
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setSession(await api<Session>("POST", "/session/second-factor", { code: code.replace(/\s/g, "") }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Heading1>{t("login.codeTitle")}</Heading1>
      <Paragraph>{t("login.codeIntro")}</Paragraph>
      <ErrorAlert error={error} />
      <form onSubmit={submit} noValidate className="samen-form">
        <InputField
          id="code"
          label={t("login.code")}
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
          error={fieldError(error, "code")}
          required
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button">
            {t("login.verify")}
          </Button>
          <Button type="button" appearance="secondary-action-button" onClick={() => void logout()}>
            {t("common.cancel")}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

function EnrolStep() {
  const { t } = useTranslation();
  const { session, setSession, logout } = useSession();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const start = async () => {
    setError(null);
    try {
      setEnrolment(await api("POST", "/session/second-factor/enrolment"));
    } catch (e) {
      setError(e);
    }
  };
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setSession(
        await api<Session>("POST", "/session/second-factor/enrolment/confirmation", {
          code: code.replace(/\s/g, ""),
        }),
      );
    } catch (e) {
      setError(e);
    }
  };
  const skip = async () => {
    try {
      setSession(await api<Session>("POST", "/session/second-factor/demo-skip"));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Heading1>{t("login.enrolTitle")}</Heading1>
      <Paragraph>{t("login.enrolIntro")}</Paragraph>
      <ErrorAlert error={error} />
      {!enrolment ? (
        <ButtonGroup>
          <Button appearance="primary-action-button" onClick={() => void start()}>
            {t("login.enrolStart")}
          </Button>
          <Button appearance="secondary-action-button" onClick={() => void logout()}>
            {t("common.cancel")}
          </Button>
        </ButtonGroup>
      ) : (
        <form onSubmit={confirm} noValidate className="samen-form">
          <Paragraph>{t("login.enrolSecret")}</Paragraph>
          <Paragraph>
            <Code data-testid="totp-secret">{enrolment.secret}</Code>
          </Paragraph>
          <InputField
            id="enrol-code"
            label={t("login.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={setCode}
            error={fieldError(error, "code")}
            required
          />
          <Button type="submit" appearance="primary-action-button">
            {t("login.enrolConfirm")}
          </Button>
        </form>
      )}
      {session?.canSkipSecondFactor && (
        <Alert type="warning">
          <Paragraph>{t("login.demoSkipText")}</Paragraph>
          <Button appearance="secondary-action-button" onClick={() => void skip()}>
            {t("login.demoSkip")}
          </Button>
        </Alert>
      )}
    </>
  );
}
