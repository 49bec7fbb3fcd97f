-- scripts/chaos_invariants.sql: what must hold for every ticket whatever
-- happened to the server while it was written (scripts/chaos.sh). Prints
-- one line per violation; no line means all hold. A ticket is all there or
-- not at all: its platforms, its attachments, its first Activity Log entry,
-- its mail, and its status agrees with its approvals and its Activity Log.
\set QUIET on
\pset tuples_only on
\pset format unaligned
WITH chain(stage, pos) AS (
    VALUES ('atasan', 0), ('verificator', 1), ('manager', 2), ('executor', 3)
), st(status, approved) AS (
    VALUES ('atasan', 0), ('verificator', 1), ('manager', 2), ('executor', 3),
           ('completed', 4), ('rejected', NULL)
), t AS (
    SELECT r.id, r.nomor, r.status, r.account_id, r.full_name,
        (SELECT count(*) FROM request_platforms p WHERE p.request_id = r.id) AS platforms,
        (SELECT count(*) FROM attachments a WHERE a.request_id = r.id) AS files,
        (SELECT count(*) FROM activity_log l WHERE l.request_id = r.id
            AND l.action = 'Submitted') AS submitted_log,
        (SELECT count(*) FROM activity_log l WHERE l.request_id = r.id
            AND l.action IN ('Approved', 'Rejected', 'Completed')) AS decision_log,
        (SELECT count(*) FROM activity_log l WHERE l.request_id = r.id
            AND l.action = 'Rejected') AS rejected_log,
        (SELECT count(*) FROM activity_log l WHERE l.request_id = r.id
            AND l.action = 'Completed') AS completed_log,
        (SELECT count(*) FROM approvals a WHERE a.request_id = r.id) AS decisions,
        (SELECT count(*) FROM approvals a WHERE a.request_id = r.id
            AND a.decision = 'approve') AS approves,
        (SELECT count(*) FROM approvals a WHERE a.request_id = r.id
            AND a.decision = 'reject') AS rejects,
        -- the approvals are the chain's first stages, without a gap
        (SELECT coalesce(max(c.pos), -1) + 1 FROM approvals a JOIN chain c USING (stage)
            WHERE a.request_id = r.id) AS reach,
        (SELECT count(*) FROM mail_outbox m WHERE m.request_id = r.id) AS mails,
        (SELECT count(*) FROM request_drafts d WHERE d.nomor = r.nomor) AS drafts
    FROM requests r
)
SELECT nomor || ': ' || problem FROM (
    SELECT t.nomor, unnest(ARRAY[
        CASE WHEN platforms < 1 THEN 'no platform rows' END,
        CASE WHEN full_name LIKE 'Chaos %' AND platforms <> 2
             THEN platforms || ' platform rows, 2 submitted' END,
        CASE WHEN full_name LIKE 'Chaos %' AND files <> 1
             THEN files || ' attachments, 1 submitted' END,
        CASE WHEN submitted_log <> 1 THEN submitted_log || ' Submitted log entries' END,
        CASE WHEN mails < 2 THEN mails || ' mails (the submit queues 2)' END,
        CASE WHEN drafts <> 0 THEN 'its draft is still there' END,
        CASE WHEN decision_log <> decisions
             THEN decisions || ' approvals but ' || decision_log || ' decision log entries' END,
        CASE WHEN reach <> decisions THEN 'approvals skip a stage' END,
        CASE WHEN st.status = 'rejected' AND (rejects <> 1 OR rejected_log <> 1)
             THEN 'Rejected with ' || rejects || ' rejects, ' || rejected_log || ' log entries' END,
        CASE WHEN st.status <> 'rejected' AND (rejects <> 0 OR approves <> st.approved)
             THEN 'status ' || st.status || ' with ' || approves || ' approvals, '
                  || rejects || ' rejects' END,
        CASE WHEN (st.status = 'completed') <> (account_id IS NOT NULL)
             THEN 'status ' || st.status || ' but account ' || coalesce(account_id::text, 'none') END,
        CASE WHEN (st.status = 'completed') <> (completed_log = 1)
             THEN 'status ' || st.status || ' but ' || completed_log || ' Completed log entries' END
    ]) AS problem
    FROM t JOIN st USING (status)
) v WHERE problem IS NOT NULL
UNION ALL
SELECT 'mail_outbox ' || id || ': request ' || request_id || ' gone'
FROM mail_outbox m WHERE request_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = m.request_id)
ORDER BY 1;
