-- 0010 registrations with the national registry (CoMensha). A registration by name points at the
-- person (CoMensha opens it for the purpose registration, field by field per the rules); a
-- statistical registration holds only the non-identifying record and no person.

create table registrations (
  id uuid primary key default gen_random_uuid(),
  case_id uuid references cases (id),
  person_id uuid references persons (id),
  mode text not null check (mode in ('by_name', 'statistical', 'shelter_placement_minimum')),
  basis text not null,
  registering_organisation_id uuid not null references organisations (id),
  statistical jsonb not null,
  sharing_rule_ids text[] not null,
  consent_ids text[] not null default '{}',
  policy_version text not null,
  status text not null default 'received' check (status in ('received', 'merged')),
  merged_into uuid references registrations (id),
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  check ((mode = 'by_name') = (person_id is not null))
);
create index registrations_created on registrations (created_at);
