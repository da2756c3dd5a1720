-- Two PostgreSQL roles for hadcoord (issue 16): the owner runs the migrations, the app only
-- reads and writes rows, and may INSERT into the audit trail but never UPDATE or DELETE it.
-- Run as a superuser after the first `hadcoord db upgrade` done as hadcoord_owner, and again
-- after each upgrade that adds tables (the DEFAULT PRIVILEGES cover tables created later by
-- hadcoord_owner). Passwords: set them with \password, never in this file.
--
--   createuser --login hadcoord_owner ; createuser --login hadcoord_app
--   createdb -O hadcoord_owner hadcoord
--   HADCOORD_DATABASE_URL=postgresql+psycopg://hadcoord_owner@…/hadcoord hadcoord db upgrade
--   psql -d hadcoord -f deploy/postgresql-roles.sql
--   then run `hadcoord serve` and `hadcoord scheduler` with hadcoord_app in the URL.

GRANT CONNECT ON DATABASE hadcoord TO hadcoord_app;
GRANT USAGE ON SCHEMA public TO hadcoord_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hadcoord_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hadcoord_app;
ALTER DEFAULT PRIVILEGES FOR ROLE hadcoord_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hadcoord_app;
ALTER DEFAULT PRIVILEGES FOR ROLE hadcoord_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO hadcoord_app;

-- The audit trail: insert and read only. (The triggers of migration 0010 refuse UPDATE and
-- DELETE to every role, the owner included, except the purge of `hadcoord audit purge`; this
-- REVOKE also stops a compromised app from dropping them, since it does not own the table.)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM hadcoord_app;
-- `hadcoord audit purge` is an owner's task: run it with hadcoord_owner in the URL.
