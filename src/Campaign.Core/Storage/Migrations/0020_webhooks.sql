-- Signed webhooks. An event is written in the transaction that makes it happen (a confirmation, a milestone,
-- a letter accepted, a failure, a bounce, a reply), with one delivery per endpoint that wants it, so an event
-- that happened is never lost and one that was rolled back is never announced.
-- The payload holds counts, countries and our own ids, never a supporter: the personal data an endpoint may be
-- allowed is read from the signature when the event is sent, so erasure and key rotation need nothing here.
create table webhook_events (
    id bigint generated always as identity primary key,
    type text not null,
    campaign text,
    payload jsonb not null,
    signature_id bigint,
    created_at timestamptz not null
);

create table webhook_deliveries (
    id bigint generated always as identity primary key,
    event bigint not null references webhook_events (id),
    endpoint text not null,
    -- pending (waiting for its next attempt), delivering (an attempt under way), delivered, failed (gave up)
    status text not null default 'pending',
    attempts int not null default 0,
    next_attempt_at timestamptz not null,
    lease_until timestamptz,
    give_up_at timestamptz not null,
    delivered_at timestamptz,
    last_error text,
    unique (event, endpoint)
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_leased on webhook_deliveries (lease_until) where status = 'delivering';
create index webhook_deliveries_failed on webhook_deliveries (id) where status = 'failed';

-- Every attempt, as an admin sees it: when, how long, what the endpoint answered or why nothing was sent.
create table webhook_attempts (
    delivery bigint not null references webhook_deliveries (id),
    attempt int not null,
    started_at timestamptz not null,
    duration_ms int not null,
    status_code int,
    error text,
    primary key (delivery, attempt)
);
