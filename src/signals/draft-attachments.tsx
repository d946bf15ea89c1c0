/**
 * @module draft-attachments
 * Attachments on a professional's draft: choose a photo (JPEG, PNG) or PDF, and it is checked by the
 * server (type by content, size, metadata stripped from photos) and stored encrypted. Uploading
 * before the first save saves the draft first. After submission the signal is immutable, so this
 * section belongs to the intake form only.
 */
import { Button, Heading2, Paragraph } from "@utrecht/component-library-react/css-module";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../web/api";
import { fileToBase64 } from "../web/file-data";
import { Done, ErrorAlert, FileField } from "../web/form";

type Attachment = { id: string; fileName: string; mediaType: string; sizeBytes: number };

export const ATTACHMENT_ACCEPT = "image/jpeg,image/png,application/pdf";

export function DraftAttachments({
  draftId,
  saveDraft,
}: {
  draftId: string | null;
  saveDraft: () => Promise<{ id: string }>;
}) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Attachment[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new key empties the file input after an upload.
  const [inputKey, setInputKey] = useState(0);
  useEffect(() => {
    if (draftId)
      api<{ items: Attachment[] }>("GET", `/signals/${draftId}/attachments`).then(
        (r) => setItems(r.items),
        setError,
      );
  }, [draftId]);

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const draft = await saveDraft();
      const added = await api<Attachment>("POST", `/signals/drafts/${draft.id}/attachments`, {
        fileName: file.name,
        mediaType: file.type,
        dataBase64: await fileToBase64(file),
      });
      setItems((list) => [...list, added]);
      setFile(null);
      setInputKey((k) => k + 1);
      setDone(t("signals.attachments.added", { name: added.fileName }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="draft-attachments-heading" className="samen-section">
      <Heading2 id="draft-attachments-heading">{t("signals.attachments.title")}</Heading2>
      <Paragraph>{t("signals.attachments.intro")}</Paragraph>
      <ErrorAlert error={error} />
      {items.length > 0 && (
        <ul>
          {items.map((a) => (
            <li key={a.id}>
              {a.fileName} ({Math.max(1, Math.round(a.sizeBytes / 1000))} kB)
            </li>
          ))}
        </ul>
      )}
      <FileField
        id="draft-attachment"
        label={t("signals.attachments.choose")}
        description={t("signals.attachments.chooseHint")}
        accept={ATTACHMENT_ACCEPT}
        onFile={setFile}
        inputClassName="samen-file"
        key={inputKey}
      />
      <Button type="button" appearance="secondary-action-button" disabled={busy || !file} onClick={upload}>
        {t("signals.attachments.upload")}
      </Button>
      <Done text={done} />
    </section>
  );
}
