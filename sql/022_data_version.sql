-- Data versions (issue 21): numbers bumped in the same transaction as
-- every change a list or ticket page can show. The session lookup
-- (session.c's session_get) reads them in the statement each page already
-- runs, and pagecache.c keys a rendered page by them: a page built at a
-- version is served only while that version is current, so a change is
-- seen on the very next request of anyone (no TTL).
--
-- Three scopes, so that a write invalidates what it can change and little
-- else:
--   pserv_ticket_version  one per ticket: its row, platforms, attachments,
--                         approvals, Activity Log, reminders, assignments.
--                         A ticket page is keyed by its own ticket's number.
--   pserv_data_version 'tickets'  any ticket's change: the lists.
--   pserv_data_version 'people'   accounts, their roles, MFA, delegations,
--                         units, employees, platforms: who may see and act,
--                         the names and the user menu, on every page.
-- A list is keyed by tickets + people, a ticket page by its ticket +
-- people: a decision on one ticket leaves every other ticket's page kept.
--
-- Row updates, not sequences: a sequence's nextval is seen by others
-- before the change commits, so a page could be built from the old data
-- and stored under the new number. A row's new value becomes visible with
-- the change itself; a page read after the versions are read is never
-- older than them.
--
-- Locks: the per-ticket row is bumped at the end of each statement that
-- changed the ticket, whose own row the writer has in hand already (two
-- writers of one ticket queue on the ticket as before). The two global
-- rows are bumped once per transaction at its commit (a deferred
-- constraint trigger), after every other lock the transaction takes: a
-- writer waits there only for another writer's commit, never while
-- holding that row and waiting for another row, so the global rows add no
-- deadlock and serialise only the commits themselves.
CREATE TABLE pserv_data_version (
    scope  text PRIMARY KEY CHECK (scope IN ('tickets', 'people')),
    v      bigint NOT NULL DEFAULT 1
);
INSERT INTO pserv_data_version (scope) VALUES ('tickets'), ('people');

CREATE TABLE pserv_ticket_version (
    request_id  bigint PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    v           bigint NOT NULL DEFAULT 1
);

-- Once per transaction and scope (TG_ARGV[0]): the first changed row
-- bumps, the transaction remembers it in a setting local to it.
CREATE FUNCTION pserv_data_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    flag text := 'pserv.bumped_' || TG_ARGV[0];
BEGIN
    IF coalesce(current_setting(flag, true), '') <> 'on' THEN
        UPDATE pserv_data_version SET v = v + 1 WHERE scope = TG_ARGV[0];
        PERFORM set_config(flag, 'on', true);
    END IF;
    RETURN NULL;
END
$$;

-- The tickets a statement changed (transition table pserv_changed, column
-- TG_ARGV[0]), in id order so that two statements lock the same versions
-- in the same order. A statement that changes nothing (actors.c's
-- stuck_clear at every view of a waiting ticket) bumps nothing.
CREATE FUNCTION pserv_ticket_bump() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('INSERT INTO pserv_ticket_version AS t (request_id, v)'
                   ' SELECT DISTINCT c.%I, 1 FROM pserv_changed c'
                   '  JOIN requests r ON r.id = c.%I ORDER BY 1'
                   ' ON CONFLICT (request_id) DO UPDATE SET v = t.v + 1',
                   TG_ARGV[0], TG_ARGV[0]);
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
    col text;
BEGIN
    -- the ticket tables: their ticket's number, and the lists'
    FOREACH t IN ARRAY ARRAY['requests', 'request_platforms', 'attachments',
        'approvals', 'activity_log', 'stage_reminders', 'stage_assignments']
    LOOP
        col := CASE t WHEN 'requests' THEN 'id' ELSE 'request_id' END;
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I'
                       ' REFERENCING NEW TABLE AS pserv_changed'
                       ' FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION pserv_ticket_bump(%L)',
                       t || '_version_ins', t, col);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                       ' REFERENCING NEW TABLE AS pserv_changed'
                       ' FOR EACH STATEMENT'
                       ' EXECUTE FUNCTION pserv_ticket_bump(%L)',
                       t || '_version_upd', t, col);
        IF t <> 'requests' THEN -- a ticket's deletion takes its number along
            EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I'
                           ' REFERENCING OLD TABLE AS pserv_changed'
                           ' FOR EACH STATEMENT'
                           ' EXECUTE FUNCTION pserv_ticket_bump(%L)',
                           t || '_version_del', t, col);
        END IF;
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I'
                       ' AFTER INSERT OR UPDATE OR DELETE ON %I'
                       ' DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'
                       ' EXECUTE FUNCTION pserv_data_bump(%L)',
                       t || '_bump', t, 'tickets');
    END LOOP;
    -- who may see and act, names, the user menu: every page
    FOREACH t IN ARRAY ARRAY['account_roles', 'delegations', 'units',
        'employees', 'platforms', 'account_mfa']
    LOOP
        EXECUTE format('CREATE CONSTRAINT TRIGGER %I'
                       ' AFTER INSERT OR UPDATE OR DELETE ON %I'
                       ' DEFERRABLE INITIALLY DEFERRED FOR EACH ROW'
                       ' EXECUTE FUNCTION pserv_data_bump(%L)',
                       t || '_bump', t, 'people');
    END LOOP;
END
$$;

-- accounts: not for a login's last_login_at (or a password), which
-- changes no page; every other column (those to come too) counts.
CREATE CONSTRAINT TRIGGER accounts_bump AFTER INSERT OR DELETE ON accounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    EXECUTE FUNCTION pserv_data_bump('people');
CREATE CONSTRAINT TRIGGER accounts_bump_upd AFTER UPDATE ON accounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_login_at' - 'updated_at' - 'password_hash'
           - 'password_set_at')
          IS DISTINCT FROM
          (to_jsonb(NEW) - 'last_login_at' - 'updated_at' - 'password_hash'
           - 'password_set_at'))
    EXECUTE FUNCTION pserv_data_bump('people');

-- Also for issue 21: who may act on one ticket (pserv_candidates of
-- migration 012) without "p_request IS NULL OR r.id = p_request", which a
-- generic plan (PostgreSQL's choice once a prepared statement has run a few
-- times) can only answer by reading every waiting ticket: about a second
-- per ticket page of a waiting ticket at a million tickets. Two branches,
-- one of which its NULL test switches off before it reads anything.
CREATE OR REPLACE FUNCTION pserv_candidates(p_now timestamptz, p_request bigint)
RETURNS TABLE (request_id bigint, account_id bigint, via text, for_id bigint)
LANGUAGE sql STABLE
AS $$
    WITH w AS (
        SELECT r.id, r.status, r.atasan_nopek FROM requests r
        WHERE p_request IS NOT NULL AND r.id = p_request
        AND r.status IN ('atasan', 'verificator', 'manager', 'executor')
        UNION ALL
        SELECT r.id, r.status, r.atasan_nopek FROM requests r
        WHERE p_request IS NULL
        AND r.status IN ('atasan', 'verificator', 'manager', 'executor')),
    h AS (
        SELECT w.id, a.id AS account_id FROM w
        JOIN accounts a ON w.status = 'atasan' AND a.nopek = w.atasan_nopek
        WHERE a.active
        UNION
        SELECT w.id, a.id FROM w
        JOIN account_roles ar ON w.status <> 'atasan'
                              AND ar.role = 'ict_' || w.status
        JOIN accounts a ON a.id = ar.account_id
        WHERE a.active)
    SELECT h.id, h.account_id, 'holder', NULL::bigint FROM h
    UNION ALL
    SELECT h.id, d.delegate_id, 'delegate', h.account_id FROM h
    JOIN delegations d ON d.delegator_id = h.account_id
                       AND pserv_delegation_runs(d, p_now)
    JOIN accounts a ON a.id = d.delegate_id
    WHERE a.active
    UNION ALL
    SELECT w.id, s.account_id, 'assigned', NULL FROM w
    JOIN stage_assignments s ON s.request_id = w.id AND s.stage = w.status
    JOIN accounts a ON a.id = s.account_id
    WHERE a.active
$$;
