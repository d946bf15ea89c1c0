-- 0004 signals: intake, the signal desk's queue and history, linking, routing to teams.
-- People in a signal (possible victims, suspects) are rows in persons, so every read of them goes
-- through the sharing presenter; the signal itself holds the facts of the report.

create sequence signal_reference_seq;

create table signals (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  channel text not null check (channel in ('professional', 'anonymous', 'partner_api')),
  -- The reporting organisation holds the signal; anonymous reports are held by the desk.
  organisation_id uuid references organisations (id),
  reporter_user_id uuid references users (id),
  status text not null,
  submitted_at timestamptz,
  municipality_code text references municipalities (code),
  address_enc text,
  observed_on date,
  forms text[] not null default '{}',
  indicator_ids text[] not null default '{}',
  narrative_enc text,
  urgency text not null check (urgency in ('immediate', 'high', 'normal', 'low')),
  minor_involved boolean not null default false,
  deadline_at timestamptz,
  group_id uuid,
  assignee_user_id uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index signals_queue on signals (status, deadline_at) where submitted_at is not null;
create index signals_organisation on signals (organisation_id, created_at);
create index signals_group on signals (group_id);

create table signal_persons (
  signal_id uuid not null references signals (id),
  person_id uuid not null references persons (id),
  primary key (signal_id, person_id)
);

-- Companies and locations named in a signal (suspects who are people are persons).
create table signal_subjects (
  id uuid primary key default gen_random_uuid(),
  signal_id uuid not null references signals (id),
  kind text not null check (kind in ('company', 'location')),
  name text,
  kvk_number text,
  address_enc text,
  address_index text,
  phone_enc text,
  phone_index text
);
create index signal_subjects_kvk on signal_subjects (kvk_number);
create index signal_subjects_address on signal_subjects (address_index);
create index signal_subjects_phone on signal_subjects (phone_index);

-- Append-only history: status changes, facts added later, enrichment notes with their source.
create table signal_events (
  id uuid primary key default gen_random_uuid(),
  signal_id uuid not null references signals (id),
  kind text not null check (kind in ('status', 'fact', 'enrichment', 'link', 'routing', 'action')),
  from_status text,
  to_status text,
  text_enc text,
  source_organisation_id uuid references organisations (id),
  legal_basis text,
  actor_user_id uuid references users (id),
  actor_organisation_id uuid references organisations (id),
  at timestamptz not null
);
create index signal_events_signal on signal_events (signal_id, at);

create table signal_actions (
  id uuid primary key default gen_random_uuid(),
  signal_id uuid not null references signals (id),
  person_id uuid references persons (id),
  kind text not null check (kind in ('inform_reflection_period')),
  due_at timestamptz not null,
  done_at timestamptz,
  done_by uuid references users (id)
);

create table signal_routings (
  id uuid primary key default gen_random_uuid(),
  signal_id uuid not null references signals (id),
  track text not null check (track in ('criminal', 'administrative', 'care')),
  organisation_id uuid not null references organisations (id),
  status text not null check (status in ('pending', 'accepted', 'declined', 'withdrawn')),
  legal_basis text not null,
  reason_enc text not null,
  routed_by uuid not null references users (id),
  routed_at timestamptz not null,
  decided_by uuid references users (id),
  decided_at timestamptz,
  decision_reason_enc text
);
create index signal_routings_team on signal_routings (organisation_id, status);
