-- Who may act on a waiting ticket (issue 17): delegation while away, a
-- stage of one ticket assigned by an Administrator, and the stuck mark.
--
-- The set of people who may act on a ticket now is defined here once, by
-- pserv_candidates (and its inverse for one account, pserv_acting_for):
--   the stage's holders  the Atasan's active accounts (by nopek) at
--                        'atasan', the active holders of the stage's ICT
--                        role at the others;
--   their delegates      an active account a holder delegated to, while the
--                        delegation runs (dates in Jakarta time, not ended);
--                        one hop only: a delegate's own delegation carries
--                        nothing of what was delegated to them;
--   the assignee         an active account an Administrator assigned this
--                        stage of this ticket to (Alihkan Persetujuan).
-- Separation of duties (not the requester, nobody decides two stages, by
-- person) is applied to each candidate by the module (core/workflow.c,
-- pserv_barred), which also words why a ticket is stuck.
--
-- The functions are plain SQL without SET clauses so that PostgreSQL
-- inlines them into the statements that call them (planned once per
-- prepared statement instead of at every call).

CREATE TABLE delegations (
    id            bigserial PRIMARY KEY,
    delegator_id  bigint NOT NULL REFERENCES accounts (id),
    delegate_id   bigint NOT NULL REFERENCES accounts (id),
    starts_on     date NOT NULL,       -- Jakarta dates, both included
    ends_on       date NOT NULL,
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_by    bigint NOT NULL REFERENCES accounts (id),
    created_at    timestamptz NOT NULL,
    ended_at      timestamptz,         -- Akhiri Delegasi
    ended_by      bigint REFERENCES accounts (id),
    CHECK (delegator_id <> delegate_id),
    CHECK (ends_on >= starts_on)
);
CREATE INDEX delegations_delegator_idx ON delegations (delegator_id, ends_on);
CREATE INDEX delegations_delegate_idx ON delegations (delegate_id, ends_on);

-- Alihkan Persetujuan: this stage of this ticket, to this account. One per
-- stage; a new assignment replaces the old one.
CREATE TABLE stage_assignments (
    request_id   bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    stage        text NOT NULL
                 CHECK (stage IN ('atasan', 'verificator', 'manager', 'executor')),
    account_id   bigint NOT NULL REFERENCES accounts (id),
    reason       text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    assigned_by  bigint NOT NULL REFERENCES accounts (id),
    assigned_at  timestamptz NOT NULL,
    PRIMARY KEY (request_id, stage)
);
CREATE INDEX stage_assignments_account_idx ON stage_assignments (account_id);

-- A decision taken for someone else: on whose behalf, and by what right.
ALTER TABLE approvals
    ADD COLUMN on_behalf_of bigint REFERENCES accounts (id),
    ADD COLUMN via text CHECK (via IN ('delegation', 'assignment')),
    ADD CHECK ((via = 'delegation') = (on_behalf_of IS NOT NULL));

-- Since when nobody may act on the ticket, set when the Administrators were
-- told (once), cleared when someone may act again.
ALTER TABLE requests ADD COLUMN stuck_since timestamptz;
CREATE INDEX requests_stuck_idx ON requests (stuck_since)
    WHERE stuck_since IS NOT NULL;

-- A delegation runs at p_now when p_now's Jakarta date is within its dates
-- and it was not ended by then.
CREATE FUNCTION pserv_delegation_runs(d delegations, p_now timestamptz)
RETURNS boolean LANGUAGE sql STABLE
AS $$
    SELECT (p_now AT TIME ZONE 'Asia/Jakarta')::date
               BETWEEN d.starts_on AND d.ends_on
           AND (d.ended_at IS NULL OR d.ended_at > p_now)
$$;

-- Everyone who may act on the waiting ticket p_request (every waiting
-- ticket when NULL) at p_now, before separation of duties: one row per
-- (ticket, account, right). via: 'holder', 'delegate' (for_id: the holder
-- delegating) or 'assigned'.
CREATE FUNCTION pserv_candidates(p_now timestamptz, p_request bigint)
RETURNS TABLE (request_id bigint, account_id bigint, via text, for_id bigint)
LANGUAGE sql STABLE
AS $$
    WITH w AS (
        SELECT r.id, r.status, r.atasan_nopek FROM requests r
        WHERE r.status IN ('atasan', 'verificator', 'manager', 'executor')
        AND (p_request IS NULL OR r.id = p_request)),
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

-- The inverse for one account: the waiting tickets p_account may act on at
-- p_now for someone else (a delegation) or by assignment, with the same
-- rules as pserv_candidates (t/ticket/delegation.t holds them to agree).
CREATE FUNCTION pserv_acting_for(p_account bigint, p_now timestamptz)
RETURNS TABLE (request_id bigint, via text, for_id bigint)
LANGUAGE sql STABLE
AS $$
    WITH me AS (SELECT a.id FROM accounts a WHERE a.id = p_account AND a.active),
    dl AS (
        SELECT g.id, g.nopek FROM me
        JOIN delegations d ON d.delegate_id = me.id
                           AND pserv_delegation_runs(d, p_now)
        JOIN accounts g ON g.id = d.delegator_id
        WHERE g.active)
    SELECT r.id, 'delegate', dl.id FROM dl
    JOIN requests r ON r.status = 'atasan' AND r.atasan_nopek = dl.nopek
    UNION ALL
    SELECT r.id, 'delegate', dl.id FROM dl
    JOIN account_roles ar ON ar.account_id = dl.id AND ar.role LIKE 'ict\_%'
    JOIN requests r ON r.status = substr(ar.role, 5)
    UNION ALL
    SELECT s.request_id, 'assigned', NULL FROM me
    JOIN stage_assignments s ON s.account_id = me.id
    JOIN requests r ON r.id = s.request_id AND r.status = s.stage
$$;

-- Whether an account whose list scope is p_scope ('*' for the ICT roles,
-- else its nopek; see the list) may see the ticket: its own scope, a
-- ticket it may act on for someone else now, or one it decided.
CREATE FUNCTION pserv_may_see(p_request bigint, p_atasan text, p_scope text,
                              p_account bigint, p_now timestamptz)
RETURNS boolean LANGUAGE sql STABLE
AS $$
    SELECT p_scope = '*' OR p_atasan = p_scope
        OR EXISTS (SELECT 1 FROM approvals ap
                   WHERE ap.request_id = p_request AND ap.account_id = p_account)
        OR EXISTS (SELECT 1 FROM pserv_acting_for(p_account, p_now) f
                   WHERE f.request_id = p_request)
$$;
