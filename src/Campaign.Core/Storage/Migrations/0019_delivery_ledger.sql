-- The delivery ledger: one entry for every letter and petition delivery a relay accepted, chained per campaign
-- (each entry's hash covers the previous entry's hash), so an export can later be checked against a chain head
-- published on the campaign page. It names targets and counts signatures; it never names a supporter.
create table ledger_entries (
    campaign       text not null references campaigns(slug),
    seq            bigint not null,                 -- 1, 2, 3 … per campaign, in the order the relay accepted
    message        bigint not null unique,          -- messages.id (no foreign key: the ledger outlives retention)
    target_id      text not null,
    kind           text not null check (kind in ('letter', 'delivery')),
    message_id     text not null,                   -- the RFC 5322 Message-ID the target received
    relay_reply    text not null,                   -- the relay's whole 250 reply, with its queue id
    accepted_at    timestamptz not null,
    body_sha256    bytea not null,                  -- of the message exactly as written to the relay, DKIM signature included
    signatures     bigint not null,                 -- signatures it carried: 1 for a letter, the delivery's new ones
    previous_hash  bytea not null,                  -- the entry before's entry_hash; 32 zero bytes for the first
    entry_hash     bytea not null,
    primary key (campaign, seq)
);

-- Append-only: nothing in the service updates or deletes an entry, and the database refuses it to anyone who
-- tries. A superuser can still drop the trigger; that is what `ledger verify` and a published chain head catch.
create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger entries are append-only';
end $$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only();
