-- 0013 care plans: assessed needs and the services that answer them, with a status history.
create table case_needs (
  case_id uuid not null references cases (id),
  need text not null,
  assessed_on date not null,
  assessed_by uuid not null references users (id),
  primary key (case_id, need)
);

create table case_services (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  need text not null,
  provider_organisation_id uuid references organisations (id),
  status text not null,
  planned_on date not null,
  requested_on date,
  started_on date,
  completed_on date,
  cancelled_on date,
  due_on date,
  last_progress_on date not null,
  note_enc text,
  updated_at timestamptz not null
);
create index case_services_case on case_services (case_id);
