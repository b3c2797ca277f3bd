-- Petition deliveries: what each target received and when, so organizers can prove it.
-- A delivery is one email (its outbox row) carrying the signatures new to that target.
create table deliveries (
    id                bigserial primary key,
    campaign          text not null references campaigns(slug),
    target_id         text not null,
    reason            text not null check (reason in ('schedule', 'milestone', 'closing')),
    milestone         int,
    new_signatures    int not null,
    total_signatures  bigint not null,
    by_country        jsonb not null,          -- country -> confirmed signatures, as of this delivery
    message           bigint unique references messages(id),
    created_at        timestamptz not null default now()
);
create index deliveries_campaign_target on deliveries (campaign, target_id, id);

-- Which signatures went to which target in which delivery. The unique pair is what makes "each signature
-- reaches each target in exactly one delivery" hold even when two deliveries race.
create table delivery_signatures (
    delivery_id   bigint not null references deliveries(id),
    target_id     text not null,
    signature_id  bigint not null references signatures(id),
    unique (target_id, signature_id)
);
create index delivery_signatures_delivery on delivery_signatures (delivery_id);

-- Things that happen to a campaign once: opening, closing, crossing each milestone. The key is what
-- makes "one notice per milestone" hold under any number of simultaneous confirmations.
create table campaign_events (
    campaign    text not null references campaigns(slug),
    event       text not null check (event in ('opened', 'closed', 'milestone')),
    milestone   int not null default 0,
    signatures  bigint not null,               -- confirmed signatures when it happened
    at          timestamptz not null default now(),
    primary key (campaign, event, milestone)
);

-- The organizers' notice behind each notice email (one row per organizer's message).
create table notices (
    message     bigint primary key references messages(id),
    campaign    text not null references campaigns(slug),
    event       text not null,                 -- opened | closed | milestone | delivery
    milestone   int not null default 0,
    signatures  bigint not null,               -- confirmed signatures when it happened
    delivery    bigint references deliveries(id)
);

-- The Hangfire jobs that open and close each campaign on time, so a restart replaces them instead of
-- piling up duplicates, and an edited opens/closes moves them.
create table campaign_timers (
    campaign  text not null references campaigns(slug),
    event     text not null check (event in ('opened', 'closed')),
    due_at    timestamptz not null,
    job_id    text not null,
    primary key (campaign, event)
);
