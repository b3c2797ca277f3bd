-- Admin sessions the server can end (abuse resistance issue, point 7): logout ends its own session, and
-- DELETE /api/admin/sessions ends every one. The cookie is signed with the admin key and names its row;
-- a cookie whose row is gone opens nothing, however well signed.
create table admin_sessions (
    id          uuid primary key,
    expires_at  timestamptz not null
);
