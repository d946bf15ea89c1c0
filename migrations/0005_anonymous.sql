-- 0005 anonymous public intake: the reporter's receipt and the conversation with the signal desk.
-- Nothing here (or in the signal) says who the reporter is: no address, user agent, cookie or session.
-- The receipt code itself is never stored, only a slow keyed hash (scrypt) that is looked up by
-- equality. Reporter-side timestamps are rounded down to the hour so they cannot be matched with the
-- exact times in a proxy's access log.

create table signal_receipts (
  signal_id uuid primary key references signals (id),
  receipt_hash text not null unique,
  created_at timestamptz not null
);

-- Questions from the desk and answers from the reporter, in order (`position` per signal: the
-- reporter's rounded timestamps cannot order them).
create table signal_messages (
  id uuid primary key default gen_random_uuid(),
  signal_id uuid not null references signals (id),
  position integer not null,
  direction text not null check (direction in ('desk_to_reporter', 'reporter_to_desk')),
  text_enc text not null,
  author_user_id uuid references users (id),
  at timestamptz not null,
  unique (signal_id, position)
);
