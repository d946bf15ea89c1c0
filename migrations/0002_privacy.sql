-- 0002 privacy spine: data subjects (persons), access grants, consents, disclosures, break-glass,
-- and the database-backed job queue (retention). Identifying fields are encrypted by the
-- application (suffix _enc, AES-256-GCM) and searched through keyed hashes (suffix _index).

create table persons (
  id uuid primary key default gen_random_uuid(),
  -- The organisation that holds the record (controller); lists and access start from it.
  organisation_id uuid not null references organisations (id),
  pseudonym text not null unique,
  role text not null check (role in ('possible_victim', 'suspect', 'other')),
  name_enc text,
  name_index text,
  alias_enc text,
  birth_date_enc text,
  age_group text,
  gender text,
  nationality text,
  languages text[] not null default '{}',
  phone_enc text,
  phone_index text,
  email_enc text,
  address_enc text,
  whereabouts_enc text,
  residence_status text,
  health_notes_enc text,
  status text not null default 'active' check (status in ('active', 'closed')),
  closed_at timestamptz,
  last_activity_at timestamptz not null,
  anonymised_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null
);
create index persons_organisation on persons (organisation_id);
create index persons_name_index on persons (name_index);
create index persons_phone_index on persons (phone_index);

-- Another organisation may read a person's record for a purpose (set up by a routing, transfer,
-- placement request or registration, or by the owner directly). Fields are still decided by the
-- sharing rules at every read.
create table person_access_grants (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references persons (id),
  organisation_id uuid not null references organisations (id),
  purpose text not null,
  conditions text[] not null default '{}',
  via text not null,
  granted_by uuid references users (id),
  granted_at timestamptz not null,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index person_access_grants_lookup on person_access_grants (organisation_id, person_id);

create table consents (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references persons (id),
  organisation_id uuid not null references organisations (id),
  purpose text not null,
  recipient_organisation_id uuid references organisations (id),
  recipient_type text,
  categories text[],
  granted_at timestamptz not null,
  evidence_kind text not null check (evidence_kind in ('signed_form', 'verbal_with_witness')),
  evidence_document_enc text,
  evidence_media_type text,
  witness_name_enc text,
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null,
  withdrawn_at timestamptz,
  withdrawn_by uuid references users (id),
  check (recipient_organisation_id is not null or recipient_type is not null)
);
create index consents_person on consents (person_id);

-- Every time personal data crosses from one organisation to another.
create table disclosures (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references persons (id),
  from_organisation_id uuid not null references organisations (id),
  to_organisation_id uuid not null references organisations (id),
  to_user_id uuid references users (id),
  purpose text not null,
  categories text[] not null,
  fields text[] not null,
  rule_ids text[] not null,
  consent_ids text[] not null default '{}',
  record_type text not null,
  record_id text not null,
  break_glass boolean not null default false,
  request_id text,
  disclosed_at timestamptz not null
);
create index disclosures_person on disclosures (person_id, disclosed_at);

-- Emergency access to a record the rules do not allow: reason stated, short-lived, reviewed.
create table break_glass_access (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references persons (id),
  user_id uuid not null references users (id),
  organisation_id uuid not null references organisations (id),
  purpose text not null,
  reason_enc text not null,
  granted_at timestamptz not null,
  expires_at timestamptz not null,
  review_status text not null default 'pending' check (review_status in ('pending', 'justified', 'unjustified')),
  reviewed_by uuid references users (id),
  reviewed_at timestamptz,
  review_note_enc text
);
create index break_glass_user on break_glass_access (user_id, person_id);
create index break_glass_review on break_glass_access (review_status, granted_at);

-- A small database-backed job queue (retention and other scheduled work).
create table jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  payload jsonb not null default '{}'::jsonb,
  run_at timestamptz not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  locked_until timestamptz,
  last_error text,
  result jsonb,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index jobs_due on jobs (status, run_at);
