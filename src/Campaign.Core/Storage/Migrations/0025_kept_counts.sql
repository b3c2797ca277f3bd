-- The outbox and the signatures counted without counting them (issue 16, point 4): /metrics and the admin
-- dashboard read a few rows here instead of grouping a million messages or signatures every few seconds.
--
-- Every statement that inserts or deletes messages or signatures, or changes their status, appends what it
-- changed to kept_count_changes in its own transaction: the counts are exactly what was committed, a crash
-- loses none, and concurrent senders and signers append side by side without a hot counter row to queue on
-- (issue 14 took that row out of signing). Readers fold the appended changes into kept_counts now and then
-- (fold_kept_counts) and add up what is left.
--
-- Each count is per subject ('messages' or 'signatures'), campaign and status, and for sent messages and
-- confirmed signatures also per UTC day (the day they were sent or confirmed), which the dashboard's charts
-- read; every other status is on the day -infinity.

-- No one changes either table while it is counted and its triggers are put in place: what is counted below
-- and what the triggers count from then on are exactly the whole.
lock table messages, signatures in share row exclusive mode;

create table kept_counts (
    subject  text not null,
    campaign text not null,
    status   text not null,
    day      date not null,
    count    bigint not null,
    primary key (subject, campaign, status, day)
);

create table kept_count_changes (
    subject  text not null,
    campaign text not null,
    status   text not null,
    day      date not null,
    delta    bigint not null
);

-- The day a row is counted on: the UTC day of its time for the status that has one, -infinity otherwise.
create function kept_day(status text, dated_status text, at timestamptz) returns date language sql immutable as $$
    select case when status = dated_status then coalesce((at at time zone 'UTC')::date, '-infinity') else '-infinity' end
$$;

-- One row per campaign, status and day a statement touched, not one per row: a claim of a hundred messages
-- adds two. An update that leaves every status as it was (a lease renewed, a supporter erased) adds nothing.
-- Two functions of one shape, one per table: each runs on the send or sign path, and static statements keep
-- their plans cached where one function reading its table's columns through EXECUTE would plan every call.
create function count_message_changes() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into kept_count_changes (subject, campaign, status, day, delta)
        select 'messages', campaign, status, kept_day(status, 'sent', sent_at), count(*) from new_rows group by 2, 3, 4;
    elsif tg_op = 'DELETE' then
        insert into kept_count_changes (subject, campaign, status, day, delta)
        select 'messages', campaign, status, kept_day(status, 'sent', sent_at), -count(*) from old_rows group by 2, 3, 4;
    else
        insert into kept_count_changes (subject, campaign, status, day, delta)
        select 'messages', campaign, status, day, sum(delta) from (
            select campaign, status, kept_day(status, 'sent', sent_at) as day, 1 as delta from new_rows
            union all
            select campaign, status, kept_day(status, 'sent', sent_at), -1 from old_rows) change
        group by 2, 3, 4
        having sum(delta) <> 0;
    end if;
    return null;
end $$;

create function count_signature_changes() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        insert into kept_count_changes (subject, campaign, status, day, delta)
        select 'signatures', campaign, status, kept_day(status, 'confirmed', confirmed_at), count(*) from new_rows group by 2, 3, 4;
    elsif tg_op = 'DELETE' then
        insert into kept_count_changes (subject, campaign, status, day, delta)
        select 'signatures', campaign, status, kept_day(status, 'confirmed', confirmed_at), -count(*) from old_rows group by 2, 3, 4;
    else
        insert into kept_count_changes (subject, campaign, status, day, delta)
        select 'signatures', campaign, status, day, sum(delta) from (
            select campaign, status, kept_day(status, 'confirmed', confirmed_at) as day, 1 as delta from new_rows
            union all
            select campaign, status, kept_day(status, 'confirmed', confirmed_at), -1 from old_rows) change
        group by 2, 3, 4
        having sum(delta) <> 0;
    end if;
    return null;
end $$;

create trigger messages_counted_on_insert after insert on messages
    referencing new table as new_rows for each statement execute function count_message_changes();
create trigger messages_counted_on_update after update on messages
    referencing old table as old_rows new table as new_rows for each statement execute function count_message_changes();
create trigger messages_counted_on_delete after delete on messages
    referencing old table as old_rows for each statement execute function count_message_changes();
create trigger signatures_counted_on_insert after insert on signatures
    referencing new table as new_rows for each statement execute function count_signature_changes();
create trigger signatures_counted_on_update after update on signatures
    referencing old table as old_rows new table as new_rows for each statement execute function count_signature_changes();
create trigger signatures_counted_on_delete after delete on signatures
    referencing old table as old_rows for each statement execute function count_signature_changes();

-- Moves the appended changes into the counts. Safe to run from any number of processes at once: each change
-- row is deleted, and so added, by exactly one of them; the upserts take the count rows in one order.
create function fold_kept_counts() returns void language sql as $$
    with moved as (
        delete from kept_count_changes returning subject, campaign, status, day, delta
    ), summed as (
        select subject, campaign, status, day, sum(delta) as delta from moved group by 1, 2, 3, 4
    )
    insert into kept_counts (subject, campaign, status, day, count)
    select subject, campaign, status, day, delta from summed order by 1, 2, 3, 4
    on conflict (subject, campaign, status, day) do update set count = kept_counts.count + excluded.count;
$$;

insert into kept_counts (subject, campaign, status, day, count)
select 'messages', campaign, status, kept_day(status, 'sent', sent_at), count(*) from messages group by 2, 3, 4;
insert into kept_counts (subject, campaign, status, day, count)
select 'signatures', campaign, status, kept_day(status, 'confirmed', confirmed_at), count(*) from signatures group by 2, 3, 4;

-- The dashboard lists the newest messages an admin may need to act on. Without an index of its own that list
-- walks the primary key backwards past every sent message; this one holds only the few that went wrong.
create index messages_problems on messages (id) where status in ('failed', 'deferred', 'unknown', 'bounced');
