-- 0015 duplicate merging in the national registry (CoMensha).
-- registration_tokens: blind-index tokens of a registration by name, one row per token. A token is
-- an HMAC (key outside the database) of a normalised identifier (src/registry/duplicate.rules.ts),
-- never the value itself. Indexed for lookup, not unique: shared tokens are the point. Statistical
-- and shelter-minimum registrations have none.
create table registration_tokens (
  registration_id uuid not null references registrations (id),
  kind text not null check (kind in ('name_birthdate', 'name_birthyear', 'document_number', 'v_number', 'phone')),
  token_index text not null,
  primary key (registration_id, kind, token_index)
);
create index registration_tokens_lookup on registration_tokens (kind, token_index);

-- The registry officer's decisions about a pair: 'merge' (the API's same_person) folds the other
-- registration into the surviving one; 'not_duplicate' suppresses the pair in later suggestions.
-- Append-only: a change of mind is a new decision. The evidence is stored as shown (kinds, counts
-- and weights, never tokens); the officer's note is encrypted.
create table registry_merge_decisions (
  id uuid primary key default gen_random_uuid(),
  decision text not null check (decision in ('merge', 'not_duplicate')),
  surviving_registration_id uuid not null references registrations (id),
  other_registration_id uuid not null references registrations (id),
  score double precision not null,
  reasons jsonb not null,
  conflicts text[] not null,
  note_enc text,
  decided_by uuid not null references users (id),
  decided_at timestamptz not null,
  check (surviving_registration_id <> other_registration_id)
);
create index registry_merge_decisions_pair
  on registry_merge_decisions (surviving_registration_id, other_registration_id);

-- Only key rotation may touch a stored decision (it re-encrypts note_enc); nothing else changes or goes.
create function registry_merge_decisions_refuse_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or (to_jsonb(new) - 'note_enc') <> (to_jsonb(old) - 'note_enc') then
    raise exception 'registry_merge_decisions is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
  end if;
  return new;
end;
$$;
create trigger registry_merge_decisions_append_only before update or delete on registry_merge_decisions
  for each row execute function registry_merge_decisions_refuse_change();
