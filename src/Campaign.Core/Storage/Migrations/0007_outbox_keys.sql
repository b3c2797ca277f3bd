-- An email's row changes twice on its way out (claimed, then its outcome), and since its status is part of
-- the claim indexes, each change writes a new entry into every index of the table. The two unique text
-- indexes were most of that work and were needed only when a row is queued, so they leave the table:
--
-- What makes two emails the same email: the key is taken here, in the transaction that queues the email,
-- and a second queueing of the same key finds it taken and adds nothing.
create table message_keys (
    dedupe_key text primary key
);
insert into message_keys (dedupe_key) select dedupe_key from messages;
alter table messages drop constraint messages_dedupe_key_key;

-- Message-IDs are 128 random bits each (MessageIdFactory), and nothing looks an email up by its Message-ID.
-- Matching bounces to emails will want a lookup; it gets a table of its own, written once when queued.
alter table messages drop constraint messages_message_id_key;
