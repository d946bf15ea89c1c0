-- 0011 reflection period and residence timeline per case: append-only dated events.
create table case_residence_events (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  type text not null,
  on_date date not null,
  variant text,
  end_reason text,
  valid_until date,
  recorded_by uuid not null references users (id),
  recorded_at timestamptz not null
);
create index case_residence_events_case on case_residence_events (case_id, on_date);
