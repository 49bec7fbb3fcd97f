-- The data version (issue 21): one number that every change able to alter
-- a list or ticket page bumps, in the same transaction as the change. The
-- session lookup (session.c's session_get) reads it in the statement each
-- page already runs, and pagecache.c keys a rendered page by it: a page
-- built at version v is served only while the version is still v, so a
-- change is seen on the very next request of anyone (no TTL).
--
-- A row update, not a sequence: a sequence's nextval is seen by others
-- before the change commits, so a page could be built from the old data
-- and stored under the new number. The row's new value becomes visible
-- with the change itself; a page read after the version is read is never
-- older than it. One row serialises the writers' commits on it, which the
-- 1% writes of the workload afford (docs/PERFORMANCE.md).
CREATE TABLE pserv_data_version (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    v    bigint NOT NULL DEFAULT 1
);
INSERT INTO pserv_data_version DEFAULT VALUES;

-- Only when rows changed: a statement that changes nothing (actors.c's
-- stuck_clear runs at every view of a waiting ticket) must not bump, or
-- every view would invalidate every page. The changed rows come as the
-- transition table pserv_changed; TRUNCATE has none and always bumps.
CREATE FUNCTION pserv_data_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pserv_changed) THEN
        UPDATE pserv_data_version SET v = v + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE FUNCTION pserv_data_bump_always() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE pserv_data_version SET v = v + 1;
    RETURN NULL;
END
$$;

-- Every table a list or ticket page (or its user menu) reads: once per
-- statement that changed rows (a trigger with a transition table takes
-- one event).
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['requests', 'request_platforms', 'attachments',
        'approvals', 'activity_log', 'account_roles', 'delegations',
        'stage_assignments', 'stage_reminders', 'units', 'employees',
        'platforms', 'account_mfa', 'accounts']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I'
                       ' REFERENCING NEW TABLE AS pserv_changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION pserv_data_bump()',
                       t || '_bump_ins', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I'
                       ' REFERENCING OLD TABLE AS pserv_changed'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION pserv_data_bump()',
                       t || '_bump_del', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
                       ' FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION pserv_data_bump_always()',
                       t || '_bump_truncate', t);
        IF t <> 'accounts' THEN
            EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                           ' REFERENCING NEW TABLE AS pserv_changed'
                           ' FOR EACH STATEMENT'
                           ' EXECUTE FUNCTION pserv_data_bump()',
                           t || '_bump_upd', t);
        END IF;
    END LOOP;
END
$$;

-- accounts: not for a login's last_login_at (or a password), which
-- changes no page; every other column (those to come too) counts.
CREATE TRIGGER accounts_bump_upd AFTER UPDATE ON accounts FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_login_at' - 'updated_at' - 'password_hash'
           - 'password_set_at')
          IS DISTINCT FROM
          (to_jsonb(NEW) - 'last_login_at' - 'updated_at' - 'password_hash'
           - 'password_set_at'))
    EXECUTE FUNCTION pserv_data_bump_always();
