-- Every admin action, for the next admin to see who did what and when (abuse resistance issue, point 7).
-- What is recorded is the action and the route's own values (a message id, a campaign, a lookup key),
-- never a request body: an erasure's body is a supporter's address.
create table admin_audit (
    id       bigint generated always as identity primary key,
    at       timestamptz not null default now(),
    actor    text not null,   -- how the admin proved themselves: 'key' (bearer) or 'session' (the login cookie)
    action   text not null,   -- method and route, e.g. 'POST /api/admin/messages/{id}/retry'
    subject  text not null,   -- the route values, e.g. 'id=42'
    status   integer not null -- what the service answered
);
create index admin_audit_at on admin_audit (at desc);
