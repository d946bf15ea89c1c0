-- 0009 shelter places and placements. Occupancy is derived from placements (accepted reserves a bed,
-- admitted occupies it); the place row is locked while a placement is accepted or admitted, so
-- concurrent requests for the last bed cannot both get it.

create table shelter_places (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  name text not null,
  place_type text not null,
  care_region_code text references care_regions (code),
  capacity integer not null check (capacity >= 0),
  genders text[] not null default '{}',
  min_age integer not null default 0 check (min_age >= 0),
  max_age integer check (max_age >= 0),
  forms text[] not null default '{}',
  languages text[] not null default '{}',
  accessibility text[] not null default '{}',
  accepts_children boolean not null default false,
  active boolean not null default true,
  updated_at timestamptz not null
);
create index shelter_places_organisation on shelter_places (organisation_id);

create table placements (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  place_id uuid not null references shelter_places (id),
  status text not null check (status in ('requested', 'accepted', 'declined', 'withdrawn', 'admitted', 'discharged')),
  requested_by uuid not null references users (id),
  requested_at timestamptz not null,
  decided_by uuid references users (id),
  decided_at timestamptz,
  decline_reason text,
  admitted_at timestamptz,
  discharged_at timestamptz,
  discharge_reason text
);
create index placements_place on placements (place_id, status);
create index placements_case on placements (case_id);
-- One admission per case at a time.
create unique index placements_one_admission on placements (case_id) where status = 'admitted';
