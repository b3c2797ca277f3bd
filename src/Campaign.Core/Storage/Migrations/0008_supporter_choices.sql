-- A supporter's second choice next to "share": whether a target may reply to their own address. Off unless
-- they ticked it, as every signature made before the choice existed.
alter table signatures add column replies boolean not null default false;
