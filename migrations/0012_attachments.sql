-- 0012 attachments to signals: photos and documents (PNG, JPEG, PDF), checked by their magic bytes,
-- with metadata stripped from images, and stored encrypted (the base64 text of the bytes, through the
-- field cipher like every other `_enc` column, so key rotation covers it).
-- `sha256` is the hash of the stored bytes (after stripping), for integrity checks and for the desk
-- to recognise the same file twice; `size_bytes` is their length.
-- `added_by` is null for uploads through the anonymous intake, whose `added_at` is rounded down to
-- the hour and whose file name is not the reporter's (see anonymous.service).

create table signal_attachments (
  id uuid primary key default gen_random_uuid(),
  signal_id uuid not null references signals (id),
  media_type text not null check (media_type in ('image/png', 'image/jpeg', 'application/pdf')),
  size_bytes integer not null check (size_bytes > 0),
  data_enc text not null,
  file_name_enc text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  added_by uuid references users (id),
  added_at timestamptz not null
);
create index signal_attachments_signal on signal_attachments (signal_id, added_at);
