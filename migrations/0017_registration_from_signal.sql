-- 0017 registration straight from a signal (police, KMar and the labour inspectorate register without
-- opening a case). signal_person_id is the registering side's own bookkeeping — which person of its
-- signal it registered, so the same person is not registered twice — and is never shown to the
-- registry: what CoMensha may open is still only person_id, set for a registration by name.
alter table registrations add column signal_id uuid references signals (id);
alter table registrations add column signal_person_id uuid references persons (id);
alter table registrations add constraint registrations_source
  check ((case_id is not null and signal_id is null and signal_person_id is null)
      or (case_id is null and signal_id is not null and signal_person_id is not null));
create unique index registrations_signal_person on registrations (signal_id, signal_person_id)
  where signal_id is not null;
