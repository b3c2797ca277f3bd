-- The dispatcher claims by walking an index and stopping after a batch, instead of collecting every due
-- row, OR-ing two conditions and sorting (which cost PostgreSQL most of its time with 20,000 queued).
-- Mail no throttle holds (confirmations, notices), oldest due first:
create index messages_due_unthrottled on messages (next_attempt_at, id)
    where status in ('queued', 'deferred') and kind in ('confirmation', 'notice');
-- Mail to targets, per target, so each target's next letter and "which targets have mail" are index probes:
create index messages_due_targets on messages (campaign, target_id, next_attempt_at, id)
    where status in ('queued', 'deferred') and kind in ('letter', 'delivery');
-- Claimed rows, so leases left by a dead worker are found without scanning:
create index messages_leased on messages (lease_until) where status = 'sending';
drop index messages_due;
-- Every status change rewrote this index for every row; the admin counts it served read the table just as
-- well, and an outbox row now costs one index entry fewer each time it moves.
drop index messages_campaign_status;
