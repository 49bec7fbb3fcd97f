-- Personal data (issue 23, UU No. 27/2022; docs/PRIVACY.md): what the
-- notice, the retention rules, the access record and the subject requests
-- build on.

-- The version of the Pemberitahuan Privasi the requester was shown before
-- Submit Permohonan (the first hex digits of the SHA-256 of its text).
-- NULL: submitted before there was a notice.
ALTER TABLE requests
    ADD COLUMN privacy_notice text CHECK (privacy_notice ~ '^[0-9a-f]{8,64}$'),
    -- when the retention rules took its attachments (the ticket says so)
    ADD COLUMN attachments_purged_at timestamptz,
    -- when its requester's personal data was replaced (retention or a
    -- subject request); Nomor, dates, unit, platforms, decisions and their
    -- reasons stay for the audit
    ADD COLUMN anonymised_at timestamptz;

-- The access record: who read a ticket's personal data, when and how. One
-- row per read: a ticket page (cached or not), an attachment download, a
-- ticket in a CSV export, a ticket read through the API, a subject
-- request's look-up. The Nomor and the username are kept with the row, so
-- the record still answers after the ticket or the account is gone. No
-- foreign keys: a record outlives what it names, and a key check would
-- lock the ticket's and the account's rows at every page view (issue 21:
-- a ticket page from the page cache writes its row too). Written with
-- asynchronous commit (session.c): no disk flush per view.
CREATE TABLE access_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL,
    account_id  bigint,
    username    text NOT NULL,
    request_id  bigint,
    nomor       text,
    kind        text NOT NULL
                CHECK (kind IN ('ticket', 'attachment', 'export', 'api', 'subject')),
    client_ip   text
);
CREATE INDEX access_log_request_idx ON access_log (request_id, at DESC);
CREATE INDEX access_log_nomor_idx ON access_log (nomor, at DESC);
-- rows come in time order: a BRIN index costs next to nothing per insert
CREATE INDEX access_log_at_idx ON access_log USING brin (at);

-- Replace the personal data of ticket p_id (retention of rejected and
-- cancelled tickets, a subject request): the requester's name, position,
-- e-mail and note, the platforms' notes, the attachments, the requester's
-- name in its Activity Log, its mails (their bodies hold names and links)
-- and its status link. Kept: Nomor, kind, nopek (the HR master's key, not
-- data the request added), unit, Atasan, platforms, dates, decisions and
-- their reasons. True when done now, false when already done or no such
-- ticket. The caller decides whether the ticket may be anonymised.
CREATE FUNCTION pserv_anonymise_request(p_id bigint, p_now timestamptz)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    old_name text;
BEGIN
    SELECT full_name INTO old_name FROM requests
     WHERE id = p_id AND anonymised_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE requests
       SET full_name = 'Anonim', position = '-',
           email = 'anonim-' || id || '@anonim.invalid', note = NULL,
           status_token = NULL, anonymised_at = p_now, updated_at = p_now,
           attachments_purged_at = CASE
               WHEN EXISTS (SELECT 1 FROM attachments a WHERE a.request_id = p_id)
               THEN p_now ELSE attachments_purged_at END
     WHERE id = p_id;
    UPDATE request_platforms SET note = '-' WHERE request_id = p_id;
    DELETE FROM attachments WHERE request_id = p_id;
    UPDATE activity_log SET actor_name = 'Anonim'
     WHERE request_id = p_id AND account_id IS NULL AND actor_name = old_name;
    DELETE FROM mail_outbox WHERE request_id = p_id;
    DELETE FROM request_drafts WHERE request_id = p_id;
    RETURN true;
END
$$;
