-- The campaign rows mirror the campaign files; the files stay the truth for content,
-- the rows hold what admins change at run time (pause) and anchor foreign keys.
create table campaigns (
    slug        text primary key,
    kind        text not null,
    status      text not null,                  -- as the file says: draft | active | paused | closed
    paused      boolean not null default false, -- an admin's pause, kept across restarts and file edits
    synced_at   timestamptz not null default now()
);

-- A secret shared by every process on this database: it signs confirmation and unsubscribe tokens,
-- so no token is ever stored and any web process can check any token.
create table app_secrets (
    name   text primary key,
    value  bytea not null
);

create table signatures (
    id            bigserial primary key,
    campaign      text not null references campaigns(slug),
    email         text not null,
    email_key     text not null,      -- normalised address: one signature per person per campaign
    name          text not null,
    country       char(2) not null,
    postcode      text,
    locale        text not null,
    comment       text,
    letter_body   text,
    share         boolean not null default false,
    status        text not null default 'pending' check (status in ('pending', 'confirmed', 'withdrawn')),
    created_at    timestamptz not null default now(),
    confirmed_at  timestamptz,
    withdrawn_at  timestamptz,
    unique (campaign, email_key)
);
create index signatures_campaign_status on signatures (campaign, status);

-- The outbox: every email is a row here before any attempt to send it.
create table messages (
    id               bigserial primary key,
    message_id       text not null unique,          -- the RFC 5322 Message-ID, stable across retries
    dedupe_key       text not null unique,          -- what makes "the same email" the same: never two rows for it
    campaign         text not null references campaigns(slug),
    kind             text not null check (kind in ('confirmation', 'letter', 'delivery', 'notice')),
    signature_id     bigint references signatures(id),
    target_id        text,
    to_address       text not null,                 -- where it actually goes (the sandbox address in Sandbox mode)
    language         text not null,
    status           text not null default 'queued'
                     check (status in ('queued', 'sending', 'sent', 'deferred', 'failed', 'unknown', 'cancelled')),
    attempts         int not null default 0,
    last_error       text,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    sent_at          timestamptz,
    created_at       timestamptz not null default now()
);
-- The dispatcher's claim query reads only rows that are due.
create index messages_due on messages (next_attempt_at) where status in ('queued', 'deferred', 'sending');
create index messages_campaign_status on messages (campaign, status);

-- Mail accepted by the embedded capture SMTP server (no relay configured), shown at /admin/mail.
create table captured_mail (
    id           bigserial primary key,
    mail_from    text not null,
    recipients   text[] not null,
    subject      text,
    message_id   text,
    raw          bytea not null,
    received_at  timestamptz not null default now()
);
