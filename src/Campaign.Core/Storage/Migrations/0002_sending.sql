-- Per-target throttle: when each target may next receive a letter or delivery. One row per target,
-- locked while a worker takes a slot, so max_per_hour holds across every worker and restart.
create table target_slots (
    campaign      text not null references campaigns(slug),
    target_id     text not null,
    next_slot_at  timestamptz not null default '-infinity',
    primary key (campaign, target_id)
);

-- The relay as every worker sees it: paused after a configuration fault (our sender or login refused),
-- with the reason admins are shown, until the next probe.
create table relay_state (
    id             int primary key default 1 check (id = 1),
    paused_reason  text,
    paused_at      timestamptz,
    probe_at       timestamptz
);
insert into relay_state (id) values (1);
