-- 0008 case files for (possible) victims, held by the coordinating organisation, with a dated timeline.
-- The victim is a persons row (read through the sharing presenter); lists show the case number only.

create sequence case_number_seq;

create table cases (
  id uuid primary key default gen_random_uuid(),
  case_number text not null unique,
  person_id uuid not null references persons (id),
  organisation_id uuid not null references organisations (id),
  care_region_code text references care_regions (code),
  opened_from_signal_id uuid references signals (id),
  status text not null check (status in ('open', 'closed')),
  trafficking_status text not null,
  status_decided_by_organisation_id uuid references organisations (id),
  forms text[] not null default '{}',
  sectors text[] not null default '{}',
  control_methods text[] not null default '{}',
  recruitment text,
  relationship_to_trafficker text,
  found_municipality_code text references municipalities (code),
  lives_municipality_code text references municipalities (code),
  closure_reason text,
  closed_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index cases_organisation on cases (organisation_id, status);

create table case_events (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  kind text not null,
  text_enc text,
  data jsonb not null default '{}'::jsonb,
  actor_user_id uuid references users (id),
  actor_organisation_id uuid references organisations (id),
  at timestamptz not null
);
create index case_events_case on case_events (case_id, at);
