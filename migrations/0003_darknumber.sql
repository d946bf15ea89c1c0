-- 0003 dark-number workspace: linkage rounds (organisations submit CLK encodings, never names),
-- and saved estimation runs with their inputs and settings so they can be reproduced.

create table linkage_rounds (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  name text not null,
  threshold numeric not null check (threshold > 0 and threshold <= 1),
  solver text not null check (solver in ('greedy', 'transitive')),
  status text not null default 'open' check (status in ('open', 'linked')),
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  linked_at timestamptz,
  result jsonb
);

create table linkage_submissions (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references linkage_rounds (id),
  organisation_id uuid not null references organisations (id),
  list_name text not null,
  record_count integer not null,
  -- The CLKs and the coarse covariates, encrypted together: pseudonymised personal data.
  payload_enc text not null,
  submitted_by uuid not null references users (id),
  submitted_at timestamptz not null,
  unique (round_id, organisation_id),
  unique (round_id, list_name)
);

create table estimation_runs (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  source text not null check (source in ('upload', 'linkage')),
  linkage_round_id uuid references linkage_rounds (id),
  input_csv text not null,
  settings jsonb not null,
  result jsonb not null
);
