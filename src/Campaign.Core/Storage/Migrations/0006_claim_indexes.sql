-- The dispatcher claims by walking an index and stopping after a batch, instead of collecting every due
-- row, OR-ing two conditions and sorting (which cost PostgreSQL most of its time with 20,000 queued).
drop index messages_due;
-- Every status change rewrote this index for every row; the admin counts it served read the table just as
-- well, and an outbox row now costs one index entry fewer each time it moves.
drop index messages_campaign_status;

-- PostgreSQL re-reads a table's check constraints for every UPDATE statement, and the dispatcher runs one
-- per email sent. As domains, kind and status are checked only when a value is written to them, against
-- a definition read once per connection.
create domain message_kind as text check (value in ('confirmation', 'letter', 'delivery', 'notice'));
create domain message_status as text
    check (value in ('queued', 'sending', 'sent', 'deferred', 'failed', 'unknown', 'cancelled'));
alter table messages drop constraint messages_kind_check, drop constraint messages_status_check;
alter table messages alter column kind type message_kind, alter column status type message_status;

-- Mail no throttle holds (confirmations, notices), oldest due first:
create index messages_due_unthrottled on messages (next_attempt_at, id)
    where status in ('queued', 'deferred') and kind in ('confirmation', 'notice');
-- Mail to targets, per target, so each target's next letter and "which targets have mail" are index probes:
create index messages_due_targets on messages (campaign, target_id, next_attempt_at, id)
    where status in ('queued', 'deferred') and kind in ('letter', 'delivery');
-- Claimed rows, so leases left by a dead worker are found without scanning:
create index messages_leased on messages (lease_until) where status = 'sending';
