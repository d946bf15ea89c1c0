-- 0007 care coordination: which organisations coordinate care in which care-coordination region.
-- The coverage report lists municipalities whose region has no active coordinator.

create table care_region_coordinators (
  care_region_code text not null references care_regions (code) on delete cascade,
  organisation_id uuid not null references organisations (id),
  min_age integer check (min_age >= 0),
  max_age integer check (max_age >= 0),
  active boolean not null default true,
  updated_by uuid references users (id),
  updated_at timestamptz not null,
  primary key (care_region_code, organisation_id)
);
