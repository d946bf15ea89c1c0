/**
 * @module registration-submit
 * "Registreren bij CoMensha" for one possible victim, from a case or from a signal: the coordinator
 * or officer says whether safety is at stake, the server decides what goes (by name on a legal basis
 * or with consent, otherwise statistical only) and the answer says which and why.
 */
import { Alert, Button, Paragraph } from "@utrecht/component-library-react/css-module";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePick } from "../persons/privacy.components";
import { api } from "../web/api";
import { CheckboxField, ErrorAlert } from "../web/form";
import { REGISTRATION_MODE_LABELS } from "./registry.vocabulary";

type RegistrationResult = { id: string; mode: string; basis: string; sharingRuleIds: string[] };

export function RegistrationSubmit({
  id,
  source,
  label,
}: {
  /** Prefix for element ids (several on one page). */
  id: string;
  source: { caseId: string } | { signalId: string; personId: string };
  /** The button's text (names the person when there are several). */
  label?: string;
}) {
  const { t } = useTranslation();
  const pick = usePick();
  const [safety, setSafety] = useState(false);
  const [result, setResult] = useState<RegistrationResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const register = async () => {
    setBusy(true);
    try {
      setResult(
        await api<RegistrationResult>("POST", "/registrations", { ...source, safetyAtStake: safety }),
      );
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (result)
    return (
      <Alert type="ok">
        <Paragraph>
          <strong>
            {pick(REGISTRATION_MODE_LABELS[result.mode as keyof typeof REGISTRATION_MODE_LABELS]) ||
              result.mode}
          </strong>
        </Paragraph>
        <Paragraph>{t(`registry.submit.basis.${result.basis}`)}</Paragraph>
      </Alert>
    );
  return (
    <>
      <ErrorAlert error={error} />
      <CheckboxField
        id={`${id}-safety`}
        label={t("registry.submit.safety")}
        description={t("registry.submit.safetyHelp")}
        checked={safety}
        onChange={setSafety}
      />
      <Button appearance="primary-action-button" disabled={busy} onClick={() => void register()}>
        {label ?? t("registry.submit.register")}
      </Button>
    </>
  );
}
