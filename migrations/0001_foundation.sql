-- 0001 foundation: geography, organisations, users, sessions, login throttling, audit chain.
-- Runs unchanged on PostgreSQL >= 15 and PGlite. Forward-only: never edit after it has landed.

-- Reference geography (loaded from reference/geo at start; see src/geo).
create table police_units (
  id text primary key,
  name text not null
);

create table safety_regions (
  code text primary key check (code ~ '^VR[0-9]{2}$'),
  name text not null,
  province text not null,
  police_unit_id text not null references police_units (id)
);

create table municipalities (
  code text primary key check (code ~ '^GM[0-9]{4}$'),
  name text not null,
  display_name text,
  province text not null,
  safety_region_code text not null references safety_regions (code),
  police_unit_id text not null references police_units (id)
);

-- Care-coordination regions and RIEC regions: reference data an administrator can replace.
create table care_regions (
  code text primary key,
  name text not null,
  is_example boolean not null,
  source text not null
);

create table care_region_municipalities (
  municipality_code text primary key references municipalities (code),
  care_region_code text not null references care_regions (code) on delete cascade
);

create table riec_regions (
  code text primary key,
  name text not null,
  is_example boolean not null,
  source text not null
);

create table riec_region_municipalities (
  municipality_code text primary key references municipalities (code),
  riec_region_code text not null references riec_regions (code) on delete cascade
);

-- Organisations and their users.
create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  type text not null,
  municipality_code text references municipalities (code),
  police_unit_id text references police_units (id),
  is_synthetic boolean not null default false,
  created_at timestamptz not null default now()
);
create index organisations_type on organisations (type);

create table users (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  -- Staff e-mail and name are personal data: encrypted, found through a keyed hash.
  email_index text not null unique,
  email_enc text not null,
  display_name_enc text not null,
  roles text[] not null check (cardinality(roles) > 0),
  password_hash text not null,
  totp_secret_enc text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  is_synthetic boolean not null default false,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create index users_organisation on users (organisation_id);

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users (id),
  organisation_id uuid not null references organisations (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  second_factor_at timestamptz,
  pending_totp_secret_enc text,
  ended_at timestamptz
);
create index sessions_user on sessions (user_id);

-- Failed logins per keyed hash of the login name (the same for existing and unknown accounts).
create table login_throttle (
  key text primary key,
  failures integer not null,
  window_started_at timestamptz not null,
  locked_until timestamptz
);

-- Append-only, hash-chained audit log. seq is assigned under an advisory lock so it has no gaps.
create table audit_log (
  seq bigint primary key,
  occurred_at timestamptz not null,
  actor_user_id uuid,
  actor_organisation_id uuid,
  action text not null,
  object_type text not null,
  object_id text,
  purpose text,
  request_id text,
  details jsonb not null default '{}'::jsonb,
  prev_hash text not null,
  hash text not null
);
create index audit_log_object on audit_log (object_type, object_id);
create index audit_log_actor on audit_log (actor_user_id, occurred_at);
create index audit_log_organisation on audit_log (actor_organisation_id, occurred_at);

-- The head of the chain, updated in the same transaction: deleting the newest entries is detected too.
create table audit_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
