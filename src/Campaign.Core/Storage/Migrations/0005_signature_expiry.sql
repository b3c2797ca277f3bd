-- A signature never confirmed within the link's lifetime expires: its personal details are erased,
-- because keeping an unconfirmed supporter's name and address serves no campaign.
alter table signatures drop constraint signatures_status_check;
alter table signatures add constraint signatures_status_check
    check (status in ('pending', 'confirmed', 'withdrawn', 'expired'));
create index signatures_pending_created on signatures (created_at) where status = 'pending';
