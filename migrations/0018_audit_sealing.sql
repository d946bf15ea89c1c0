-- 0018 audit sealing: entries are appended without a global lock and sealed into the hash chain
-- moments later by one sealer at a time (under the head row's lock), in batches.
-- Before, every audited transaction waited for the chain's lock, so all audited reads and writes
-- of the whole platform were serialised at commit. An entry still commits or rolls back with the
-- write it records; only its place in the chain (seq, prev_hash, hash) is given later, once.
-- The trigger allows exactly that one change: sealing an unsealed entry without touching its content.

alter table audit_log disable trigger audit_log_no_update;

-- Every entry gets an insertion number at once; existing entries keep their seq as their number.
alter table audit_log add column id bigint;
update audit_log set id = seq;
create sequence audit_log_id_seq owned by audit_log.id;
select setval('audit_log_id_seq', coalesce((select max(id) from audit_log), 0) + 1, false);
alter table audit_log alter column id set default nextval('audit_log_id_seq');
alter table audit_log alter column id set not null;
alter table audit_log drop constraint audit_log_pkey;
alter table audit_log add constraint audit_log_pkey primary key (id);

-- The chain position and hashes: set together, by the sealer, once.
alter table audit_log alter column seq drop not null;
alter table audit_log alter column prev_hash drop not null;
alter table audit_log alter column hash drop not null;
alter table audit_log add constraint audit_log_sealed_whole
  check ((seq is null) = (prev_hash is null) and (seq is null) = (hash is null));
create unique index audit_log_seq on audit_log (seq);
create index audit_log_unsealed on audit_log (id) where seq is null;

create function audit_log_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
     and (new.id, new.occurred_at, new.actor_user_id, new.actor_organisation_id, new.action,
          new.object_type, new.object_id, new.purpose, new.request_id, new.details)
         is not distinct from
         (old.id, old.occurred_at, old.actor_user_id, old.actor_organisation_id, old.action,
          old.object_type, old.object_id, old.purpose, old.request_id, old.details) then
    return new;
  end if;
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end;
$$;

drop trigger audit_log_no_update on audit_log;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_guard();
