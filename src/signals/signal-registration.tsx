/**
 * @module signal-registration
 * Registration with CoMensha straight from a signal, for the organisation that reported it (it holds
 * the person records): one block per possible victim. Investigative services often have no care
 * case; the registry still needs to count the person.
 */
import { Heading2, Heading3, Paragraph } from "@utrecht/component-library-react/css-module";
import { useTranslation } from "react-i18next";
import { RegistrationSubmit } from "../registry/registration-submit";
import { useAbility } from "../web/session";
import type { Signal } from "./signal.components";

export function SignalRegistration({ signal }: { signal: Signal }) {
  const { t } = useTranslation();
  const mayRegister = useAbility("persons:record");
  const victims = signal.persons.filter(
    (p) => p.fields?.role?.visible && p.fields.role.value === "possible_victim",
  );
  if (!mayRegister || signal.status === "draft" || signal.access !== "owner" || victims.length === 0)
    return null;
  return (
    <section aria-labelledby="signal-registration-heading" className="samen-section">
      <Heading2 id="signal-registration-heading">{t("care.registration.title")}</Heading2>
      <Paragraph>{t("registry.submit.fromSignal")}</Paragraph>
      {victims.map((p) => (
        <div key={p.id} className="samen-section">
          <Heading3>{t("signals.detail.person", { pseudonym: p.pseudonym })}</Heading3>
          <RegistrationSubmit
            id={`registration-${p.id}`}
            source={{ signalId: signal.id, personId: p.id }}
            label={t("registry.submit.registerPerson", { person: p.pseudonym })}
          />
        </div>
      ))}
    </section>
  );
}
