-- Updates to signers. A supporter's third choice: whether they want the campaign's news. Off unless they
-- ticked it, as for every signature made before the choice existed.
alter table signatures add column updates boolean not null default false;

-- A fifth kind of email.
alter domain message_kind drop constraint message_kind_check;
alter domain message_kind add constraint message_kind_check check (value in ('confirmation', 'letter', 'delivery', 'notice', 'update'));

-- Updates are mail no target throttle holds: the claim of unthrottled mail walks this index, so it must hold them.
drop index messages_due_unthrottled;
create index messages_due_unthrottled on messages (next_attempt_at, id)
    where status in ('queued', 'deferred') and kind in ('confirmation', 'notice', 'update');

-- The confirmed supporters who want a campaign's updates, in the order a fan-out walks them.
create index signatures_wanting_updates on signatures (campaign, id) where updates and status = 'confirmed';

-- One row per update being sent. The fan-out walks signatures by id and records how far it got in the
-- transaction that queues each batch, so a worker killed mid-way leaves the next one to carry on from there;
-- each message's dedupe key (update:campaign:update:signature) makes a batch queued twice a no-op.
create table campaign_updates (
    campaign text not null,
    update_id text not null,
    started_at timestamptz not null,
    walked_to bigint not null default 0,
    recipients int not null default 0,
    finished_at timestamptz,
    primary key (campaign, update_id)
);

-- The global pace of update mail (Updates:PerMinute): the time the next queued update may go. One row.
create table update_pace (
    id int primary key default 1 check (id = 1),
    next_at timestamptz not null
);
insert into update_pace (id, next_at) values (1, '-infinity');
