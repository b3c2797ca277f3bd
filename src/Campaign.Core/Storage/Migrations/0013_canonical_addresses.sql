-- One mailbox, one person (CanonicalAddress). Keys made before were of the lower-cased address only: the
-- service makes them again at start (Rekeying) from the sealed address. keyed_as = 0 marks a row whose key
-- is still to be made again; SignatureBook writes 1 (the current rules). The default stays 0, so a row that a
-- process of the previous version writes during a rolling upgrade is keyed again at the next start.
alter table signatures add column keyed_as smallint not null default 0;
update signatures set keyed_as = 1 where erased_at is not null;
create index signatures_rekey on signatures (id) where keyed_as = 0;

-- The rules the keys of this database were made under ('' = lower case only, as before). A start with other
-- rules (Abuse:DotlessDomains changed) marks every row to be keyed again.
create table address_rules (
    only_row  boolean primary key default true check (only_row),
    rules     text not null
);
insert into address_rules (rules) values ('');

-- Signatures that turned out to be a second signature of one mailbox in one campaign once their keys were
-- made again: the older keeps the key; the newer keeps its row (counts and letters stay what they were) under
-- the marker 'merged:<id>', and this says whose it was.
create table merged_signatures (
    signature_id       bigint primary key references signatures(id),
    kept_signature_id  bigint not null references signatures(id),
    merged_at          timestamptz not null default now()
);

-- Confirmation emails queued per canonical address (a keyed hash, never the address), for
-- Abuse:ConfirmationsPerAddressPerDay and the hourly reminder. Rows older than a day are of no use and go.
create table confirmation_sends (
    address_key   text not null,
    signature_id  bigint not null,
    sent_at       timestamptz not null
);
create index confirmation_sends_address on confirmation_sends (address_key, sent_at);
create index confirmation_sends_signature on confirmation_sends (signature_id, sent_at);

-- Confirmations queued in the last day before this migration count against the new limit.
insert into confirmation_sends (address_key, signature_id, sent_at)
select s.email_key, s.id, m.created_at
from messages m join signatures s on s.id = m.signature_id
where m.kind = 'confirmation' and m.created_at > now() - interval '1 day' and s.erased_at is null;
