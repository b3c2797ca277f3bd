-- Erasure (SupporterErasure) keeps a signature's row, so counts and the record of what was sent stay
-- true, but nothing of the person: their columns become NULL, and the outbox forgets where their
-- confirmation went. A confirmed signature erased this way still counts; erased_at says it holds nobody.
alter table signatures alter column name drop not null, alter column email drop not null;
alter table messages alter column to_address drop not null;
alter table signatures add column erased_at timestamptz;
-- Whether an erased supporter had written their own letter: the admins' count of personalised letters
-- stays true after the letter itself is gone. Set by the erasure; before it, letter_body says it.
alter table signatures add column own_letter boolean not null default false;

-- Addresses whose owner, when erasing, asked never to be emailed again. Only the lookup key (EmailKey)
-- is kept, never the address.
create table suppressed_addresses (
    address_key    text primary key,
    suppressed_at  timestamptz not null default now()
);

-- Erasure finds the captured copies of a supporter's mail by Message-ID.
create index captured_mail_message_id on captured_mail (message_id);

-- Signatures withdrawn or expired before this migration had their row blanked and nothing else: finish
-- their erasure as SupporterErasure does it now.
update signatures
set name = null, email = null, email_key = 'erased:' || id, postcode = null, comment = null, letter_body = null,
    share = false, replies = false, erased_at = coalesce(withdrawn_at, now())
where status in ('withdrawn', 'expired');

delete from captured_mail c
where c.message_id in (
    select m.message_id from messages m join signatures s on s.id = m.signature_id where s.erased_at is not null
    union
    select m.message_id from delivery_signatures ds
        join signatures s on s.id = ds.signature_id
        join deliveries d on d.id = ds.delivery_id
        join messages m on m.id = d.message
    where s.erased_at is not null);

-- A cancelled message's last_error is the reason it was cancelled, written by us; any other may quote a relay
-- answer that names the supporter's address.
update messages m
set to_address = case when m.kind = 'confirmation' then null else m.to_address end,
    last_error = case when m.status = 'cancelled' then m.last_error end
from signatures s
where s.id = m.signature_id and s.erased_at is not null;
