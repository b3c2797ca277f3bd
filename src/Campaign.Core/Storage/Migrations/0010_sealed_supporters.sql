-- Supporters' details are sealed by the service (AES-256-GCM) before they reach the database, under keys
-- that are kept here only wrapped by a master key the database never sees (Privacy:DataKey). A copy of
-- this database therefore reveals no name, address, postcode, comment or letter.
create table data_keys (
    purpose     text not null check (purpose in ('fields', 'tokens', 'addresses')),
    id          int not null,                  -- a field key's id is written into every value it seals
    master_id   int not null,                  -- which master key wrapped it; during a rotation, both do
    wrapped     bytea not null,
    created_at  timestamptz not null default now(),
    primary key (purpose, id, master_id)
);

-- The values already here (from before sealing) become their UTF-8 bytes under key 0, "not sealed yet";
-- the service seals them at its next start, before it serves anyone. An erased '' becomes null.
alter table signatures alter column name drop not null, alter column email drop not null;
alter table signatures
    alter column name type bytea using nullif(convert_to(name, 'UTF8'), ''),
    alter column email type bytea using nullif(convert_to(email, 'UTF8'), ''),
    alter column postcode type bytea using convert_to(postcode, 'UTF8'),
    alter column comment type bytea using convert_to(comment, 'UTF8'),
    alter column letter_body type bytea using convert_to(letter_body, 'UTF8'),
    add column sealed_with int not null default 0;
-- email_key now holds a keyed HMAC of the normalised address (or a marker once erased), never the address.

-- A supporter's own mail is addressed when it is sent, from their sealed address: the outbox keeps no copy.
alter table messages alter column to_address drop not null;
update messages set to_address = null where kind = 'confirmation';

alter table captured_mail
    alter column recipients type bytea using convert_to(array_to_string(recipients, ','), 'UTF8'),
    alter column subject type bytea using convert_to(subject, 'UTF8'),
    add column sealed_with int not null default 0;
