-- Where signatures come from, to see a fake surge and undo it (abuse resistance issue, point 5). Both are keyed
-- hashes (SourceKeys), never the address or the domain themselves: the IPv4 /24 or IPv6 /48 the signer came
-- from, and the domain of their canonical address (a family's own domain would name the family). NULL for
-- signatures from before, and from a client whose address the service did not know.
alter table signatures add column network_key text, add column domain_key text;
create index signatures_network_hour on signatures (campaign, network_key, created_at) where network_key is not null;
create index signatures_domain_hour on signatures (campaign, domain_key, created_at) where domain_key is not null;
create index signatures_country_hour on signatures (campaign, country, created_at);

-- A signature an admin took back as part of a fake surge: it never counts again, and its mail is cancelled.
alter table signatures drop constraint signatures_status_check;
alter table signatures add constraint signatures_status_check
    check (status in ('pending', 'confirmed', 'withdrawn', 'expired', 'undeliverable', 'invalidated'));
alter table signatures add column invalidated_at timestamptz, add column invalidation bigint;

-- One admin's bulk invalidation: what it chose (keys, never a domain or an address), and how far it got.
create table invalidations (
    id            bigint generated always as identity primary key,
    campaign      text not null references campaigns(slug),
    domain_key    text,
    network_key   text,
    from_at       timestamptz,
    to_at         timestamptz not null,        -- the request's time when no end was given: later signatures are not its
    requested_at  timestamptz not null,
    status        text not null default 'queued' check (status in ('queued', 'running', 'done')),
    matched       integer not null,            -- what the preview counted when it was asked for
    invalidated   integer not null default 0,
    finished_at   timestamptz
);

-- One row per crossing of a threshold, per campaign, source and clock hour: the dashboard lists them, and
-- the primary key is what makes the organizers' notice one per crossing however many signers race past it.
create table surge_alerts (
    campaign    text not null references campaigns(slug),
    source      text not null check (source in ('domain', 'network', 'country')),
    source_key  text not null,
    hour        timestamptz not null,
    signatures  integer not null,              -- in the hour before the crossing, when it was noticed
    alerted_at  timestamptz not null,
    primary key (campaign, source, source_key, hour)
);
create index surge_alerts_alerted on surge_alerts (alerted_at desc);
