-- Where signers came from, by the ?ref= code of the link they followed (issue 17, point 2): one counter per
-- campaign and code, added to in the signing's own transaction. Never a column of signatures: which link one
-- supporter followed is nobody's business, and a count says all the organizer needs.
create table signature_ref_counts (
    campaign  text not null references campaigns(slug),
    ref       text not null,
    signed    bigint not null default 0,
    primary key (campaign, ref)
);
