-- What /metrics and server-status read (mod_pserv/metrics.c), cheaply
-- enough to ask on every scrape of a database with a million tickets.
--
-- Counters (logins, decisions, submitted requests, delivered mails) live
-- here, not in Apache's memory: they survive restarts and every Apache in
-- front of the database reports the same values. Each is added to in the
-- transaction of the event it counts, by an upsert. A counter is spread
-- over up to 16 rows (shard: the backend's PID modulo 16) so that
-- concurrent transactions rarely wait on one row's lock; readers sum the
-- shards (a few dozen rows at most).
--   name                key                          added by
--   logins              ok | failed | locked         POST /login (auth.c)
--   decisions           STAGE:approve | STAGE:reject the trigger on approvals
--   requests_submitted  ''                           the trigger on requests
--   mail_sent           ''                           the trigger on mail_outbox
-- Decisions, submissions and deliveries are counted by statement triggers
-- below, so every way a row gets there (the module, pserv-admin, a DBA's
-- fix) counts, and a module whose statements ran against a database
-- without this migration has nothing to fail on. A login leaves no row
-- behind (a locked or unknown user writes nothing), so the module counts
-- those itself.
CREATE TABLE pserv_counters (
    name   text NOT NULL CHECK (name ~ '^[a-z_]{1,40}$'),
    key    text NOT NULL DEFAULT '' CHECK (length(key) <= 40),
    shard  smallint NOT NULL DEFAULT 0 CHECK (shard BETWEEN 0 AND 15),
    value  bigint NOT NULL DEFAULT 0 CHECK (value >= 0),
    PRIMARY KEY (name, key, shard)
);

-- Start from what the tables already record, so a counter does not drop
-- to zero at the upgrade (logins were never recorded: they start at 0).
INSERT INTO pserv_counters (name, key, value)
SELECT 'decisions', stage || ':' || decision, count(*)
FROM approvals GROUP BY stage, decision;
INSERT INTO pserv_counters (name, key, value)
SELECT 'requests_submitted', '', count(*) FROM requests;
INSERT INTO pserv_counters (name, key, value)
SELECT 'mail_sent', '', count(*) FROM mail_outbox WHERE status = 'sent';

-- Tickets waiting per stage and the oldest wait (requests.updated_at is
-- when the ticket reached its stage): an index-only scan of the waiting
-- tickets alone, never of the completed and rejected ones. (006's
-- requests_waiting_idx has no status, so it cannot count per stage.)
CREATE INDEX requests_waiting_stage_idx ON requests (status, updated_at)
    WHERE status IN ('atasan', 'verificator', 'manager', 'executor');

-- The outbox by state without reading the delivered mails: pending ones
-- split by attempts (queued: none yet, retrying: one or more), failed ones.
CREATE INDEX mail_outbox_pending_attempts_idx ON mail_outbox (attempts)
    WHERE status = 'pending';
CREATE INDEX mail_outbox_failed_idx ON mail_outbox (id)
    WHERE status = 'failed';

-- Add n to counter (name, key) in this backend's shard.
CREATE FUNCTION pserv_counter_add(p_name text, p_key text, p_n bigint)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO pserv_counters AS c (name, key, shard, value)
    SELECT p_name, p_key, pg_backend_pid() % 16, p_n WHERE p_n > 0
    ON CONFLICT (name, key, shard) DO UPDATE SET value = c.value + EXCLUDED.value
$$;

-- Statement triggers with transition tables: one upsert a statement, not
-- one a row (a bulk load of a million tickets costs one aggregate). Keys
-- are taken in order, so two bulk statements never lock shard rows in
-- opposite orders.
CREATE FUNCTION pserv_count_decisions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pserv_counter_add('decisions', k, n)
    FROM (SELECT stage || ':' || decision AS k, count(*) AS n
          FROM new_rows GROUP BY 1 ORDER BY 1) d;
    RETURN NULL;
END
$$;
CREATE TRIGGER approvals_count AFTER INSERT ON approvals
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pserv_count_decisions();

CREATE FUNCTION pserv_count_requests() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pserv_counter_add('requests_submitted', '',
                              (SELECT count(*) FROM new_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER requests_count AFTER INSERT ON requests
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pserv_count_requests();

-- A mail counts once, when its row turns 'sent'.
CREATE FUNCTION pserv_count_mail_sent() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pserv_counter_add('mail_sent', '',
        (SELECT count(*) FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.status = 'sent' AND o.status <> 'sent'));
    RETURN NULL;
END
$$;
CREATE TRIGGER mail_outbox_count AFTER UPDATE ON mail_outbox
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pserv_count_mail_sent();
