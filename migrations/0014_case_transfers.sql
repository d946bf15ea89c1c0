-- 0014 transfers of a case between coordinating organisations: request, then accept (and complete)
-- or decline with a reason. One open transfer per case.
create table case_transfers (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  from_organisation_id uuid not null references organisations (id),
  to_organisation_id uuid not null references organisations (id),
  reason text not null,
  note_enc text,
  status text not null check (status in ('requested', 'accepted', 'declined', 'withdrawn', 'completed')),
  requested_by uuid not null references users (id),
  requested_at timestamptz not null,
  decided_by uuid references users (id),
  decided_at timestamptz,
  decline_reason text
);
create unique index case_transfers_one_open on case_transfers (case_id) where status in ('requested', 'accepted');
