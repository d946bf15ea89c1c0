/**
 * @module group-placement
 * One request for the same shelter place for several of the coordinator's cases at once: the
 * temporary shelter a large group needs. The places of the wanted type come first, with their free
 * beds; the shelter then accepts or declines each person, and the beds are checked at every
 * acceptance.
 */
import { Button, Heading3, Paragraph } from "@utrecht/component-library-react/css-module";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { Done, ErrorAlert, SelectField } from "../web/form";
import { type Place, useCareVocabulary } from "./care.components";

export function GroupPlacement({
  id,
  title,
  caseIds,
  preferredType,
  onSent,
}: {
  /** Prefix for the form's element ids (several of these can be on one page). */
  id: string;
  title: string;
  caseIds: string[];
  preferredType: string;
  onSent?: () => void;
}) {
  const { t } = useTranslation();
  const vocab = useCareVocabulary();
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [placeId, setPlaceId] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ items: Place[] }>("GET", "/shelter-places").then(
      (r) =>
        setPlaces(
          r.items
            .filter((p) => p.active)
            .sort(
              (a, b) =>
                Number(b.placeType === preferredType) - Number(a.placeType === preferredType) ||
                b.free - a.free,
            ),
        ),
      setError,
    );
  }, [preferredType]);
  const place = places?.find((p) => p.id === placeId);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const { ids } = await api<{ ids: string[] }>("POST", "/placements", { placeId, caseIds });
      setDone(
        t("care.group.placement.sent", {
          count: ids.length,
          place: `${place?.organisation} — ${place?.name}`,
        }),
      );
      onSent?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="samen-section">
      <Heading3>{title}</Heading3>
      <ErrorAlert error={error} />
      {done ? (
        <Done text={done} />
      ) : (
        <>
          <SelectField
            id={`${id}-place`}
            label={t("care.group.placement.place")}
            value={placeId}
            onChange={setPlaceId}
            options={[
              { value: "", label: t("care.choose") },
              ...(places ?? []).map((p) => ({
                value: p.id,
                label: t("care.group.placement.option", {
                  organisation: p.organisation,
                  name: p.name,
                  type: vocab.placeType(p.placeType),
                  free: p.free,
                }),
              })),
            ]}
          />
          {place && place.free < caseIds.length && (
            <Paragraph>
              {t("care.group.placement.tooFew", { free: place.free, count: caseIds.length })}
            </Paragraph>
          )}
          <Button appearance="primary-action-button" disabled={busy || !placeId} onClick={send}>
            {t("care.group.placement.send", { count: caseIds.length })}
          </Button>
        </>
      )}
    </div>
  );
}
