-- The stuck sweep (remind.c) once per change of what it looks at (issue
-- 21). It judged every waiting ticket every five minutes in every Apache
-- running a mail worker: at a million tickets about 300,000 tickets, near
-- two minutes of PostgreSQL's time a sweep, and each node did all of them.
-- A ticket's own changes (submit, decision, assignment) judge that ticket
-- in their own request; what changes without one is who may act: the
-- people's data (accounts, roles, delegations, employees: the 'people'
-- data version of migration 022) and the day, by which a delegation
-- starts and ends (pserv_delegation_runs). The row below holds those two
-- as the last finished sweep saw them; a sweep runs when either differs,
-- under the row's lock, so two nodes never sweep at once and the second
-- finds the work done.
CREATE TABLE pserv_sweep (
    name     text PRIMARY KEY,
    people   bigint,
    day      date,
    done_at  timestamptz
);
INSERT INTO pserv_sweep (name) VALUES ('stuck');
