-- Deliverability: bounces, complaints and auto-replies come back to us, and what they say is kept.

-- A message a remote server refused after our relay accepted it.
alter domain message_status drop constraint message_status_check;
alter domain message_status add constraint message_status_check
    check (value in ('queued', 'sending', 'sent', 'deferred', 'failed', 'unknown', 'cancelled', 'bounced'));

-- A supporter whose confirmation bounced: the address is dead, the signature never counts.
alter table signatures drop constraint signatures_status_check;
alter table signatures add constraint signatures_status_check
    check (status in ('pending', 'confirmed', 'withdrawn', 'expired', 'undeliverable'));

-- Every piece of mail that came back (InboundMailbox). What a report said is kept as facts; the mail
-- itself (sealed: it may quote a supporter's whole confirmation) only where an admin has to read it.
create table inbound_mail (
    id           bigserial primary key,
    received_at  timestamptz not null default now(),
    source       text not null,            -- smtp | imap
    kind         text not null,            -- hard-bounce | soft-bounce | complaint | auto-reply | reply | unrecognised | unreadable
    message      bigint references messages(id) on delete set null,   -- our message it is about, when known
    status       text,                     -- the remote enhanced status code (5.1.1)
    diagnostic   text,                     -- the remote reason, with any address cut out
    size         int not null,
    raw          bytea,                    -- sealed (SupporterVault.InboundRaw), or null once read as a report
    sealed_with  int
);
create index inbound_mail_received on inbound_mail (received_at desc);
create index inbound_mail_message on inbound_mail (message) where message is not null;

-- Why an address is suppressed, and whether mail its owner asks for afterwards still goes (a complaint
-- stops everything automatic, not the confirmation of a signature they make later).
alter table suppressed_addresses
    add column reason text not null default 'erasure',   -- erasure | hard-bounce | soft-bounces | complaint
    add column allows_requested boolean not null default false;

-- Soft bounces per address (by lookup key), counted over a week.
create table soft_bounces (
    address_key  text not null,
    bounced_at   timestamptz not null default now()
);
create index soft_bounces_address on soft_bounces (address_key, bounced_at);

-- Targets whose address bounced for good: their mail is held (queued, unsent) until an admin clears the
-- flag or the campaign file gives the target another address.
create table failing_targets (
    campaign    text not null,
    target_id   text not null,
    address     text not null,           -- the target's (public) address that failed
    reason      text not null,
    since       timestamptz not null default now(),
    primary key (campaign, target_id)
);

-- A bounce that lost its VERP address (an IMAP mailbox, a forwarding server) and a reply to one of our
-- messages name the message only by its Message-ID. A hash index: equality is all it is asked.
create index messages_message_id on messages using hash (message_id);

-- A notice about a target whose address fails says which target and why.
alter table notices add column target_id text, add column reason text;
