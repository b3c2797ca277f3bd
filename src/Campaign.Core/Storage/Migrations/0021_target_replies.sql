-- Replies from targets: mail a ministry (or the UN) sent back about one of our letters or deliveries, matched to
-- its campaign and target (TargetReplies), kept for admins and, where an organizer chooses, quoted on the
-- campaign page. Its subject and text are sealed like inbound_mail.raw: a ministry's reply may quote a
-- supporter's letter, name and all. Only the excerpt an organizer publishes is plain text.
create table target_replies (
    id            bigserial primary key,
    -- Goes with its inbound_mail row: erasing a supporter deletes the mail about their letters, replies included.
    inbound_mail  bigint not null unique references inbound_mail(id) on delete cascade,
    campaign      text not null,
    target_id     text not null,
    kind          text not null check (kind in ('reply', 'auto_reply')),
    received_at   timestamptz not null,
    message_id    text,                   -- the reply's own Message-ID: the same mail read twice (SMTP and IMAP) is listed once
    subject       bytea,                  -- sealed (SupporterVault.ReplySubject)
    text          bytea not null,         -- sealed (SupporterVault.ReplyText): the safe text, HTML reduced to plain text
    sealed_with   int not null,
    excerpt       text,                   -- what an organizer published, plain text; null until then
    published_at  timestamptz,
    check ((excerpt is null) = (published_at is null))
);
create index target_replies_campaign on target_replies (campaign, received_at desc);
create index target_replies_published on target_replies (campaign, published_at) where published_at is not null;
create unique index target_replies_once on target_replies (campaign, message_id) where message_id is not null;

-- A reply's attachments, for admins only. One over Inbound:ReplyAttachmentLimit (or past
-- Inbound:ReplyAttachmentCount) is listed with its name and size and not kept.
create table target_reply_attachments (
    reply         bigint not null references target_replies(id) on delete cascade,
    n             int not null,           -- 1, 2, 3 … in the order the mail carries them
    file_name     bytea,                  -- sealed (SupporterVault.ReplyFileName): "Letter from Ana Kim.pdf"
    content_type  text not null,
    size          bigint not null,        -- decoded bytes
    kept          boolean not null,
    content       bytea,                  -- sealed (SupporterVault.ReplyAttachment); null when not kept
    sealed_with   int not null,
    primary key (reply, n)
);
