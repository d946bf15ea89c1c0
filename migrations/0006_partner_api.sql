-- 0006 partner API: organisations' own systems (police, labour inspectorate, a bank's monitoring
-- team, a telecom provider) submit signals with a key per organisation.
-- The key itself is shown once and never stored: only its SHA-256 (the key has 256 bits of entropy,
-- so a plain hash is enough) and a short prefix by which people can tell keys apart.

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  name text not null,
  key_hash text not null unique,
  prefix text not null,
  -- The accountable user: recorded as the acting user of every submission made with the key.
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_keys_organisation on api_keys (organisation_id, created_at);

-- Idempotency-Key: a retry with the same key and the same body gets the stored response; the same
-- key with another body is refused. A row without a response is a request still in progress.
create table idempotency_keys (
  organisation_id uuid not null references organisations (id),
  key text not null,
  request_hash text not null,
  response_status integer,
  response_body jsonb,
  created_at timestamptz not null,
  completed_at timestamptz,
  primary key (organisation_id, key)
);

-- The partner's own identifier of a submitted signal: a repeated upload never stores a row twice.
create table partner_submissions (
  organisation_id uuid not null references organisations (id),
  external_id text not null,
  signal_id uuid not null references signals (id),
  api_key_id uuid not null references api_keys (id),
  created_at timestamptz not null,
  primary key (organisation_id, external_id)
);
create index partner_submissions_signal on partner_submissions (signal_id);
