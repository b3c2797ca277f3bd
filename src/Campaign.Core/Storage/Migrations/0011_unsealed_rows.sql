-- Every start asks whether rows from before sealing are left. These indexes hold only such rows: empty
-- once the first start has sealed them, so the question costs a probe, and signing writes nothing to them.
create index signatures_unsealed on signatures (id) where sealed_with = 0;
create index captured_mail_unsealed on captured_mail (id) where sealed_with = 0;
