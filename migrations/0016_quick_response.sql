-- 0016 quick-response teams. A signal that reports acute danger (urgency 'immediate') alerts the
-- quick-response team of its region at once, before the desk has triaged it: a routing on the
-- criminal track made by the platform itself, with a 4-hour clock. The team per region (police unit)
-- is configuration; where none is configured the desk gets an action to alert one by hand.

create table quick_response_teams (
  police_unit_id text primary key references police_units (id),
  organisation_id uuid not null references organisations (id),
  team_name text not null,
  updated_by uuid not null references users (id),
  updated_at timestamptz not null
);

-- An automatic alert has no user who routed it; every other routing still names one.
alter table signal_routings alter column routed_by drop not null;
alter table signal_routings add column quick_response boolean not null default false;
alter table signal_routings add column due_at timestamptz;
alter table signal_routings add constraint signal_routings_routed_by_or_alert
  check (routed_by is not null or quick_response);

alter table signal_actions drop constraint signal_actions_kind_check;
alter table signal_actions add constraint signal_actions_kind_check
  check (kind in ('inform_reflection_period', 'alert_quick_response'));
