-- Decide from the e-mail (issue 18, section 3): the links Setujui, Tolak and
-- Kembalikan untuk Revisi in the stage mails and the reminders.
--
-- Each mail to one person who may act (the stage's holder, a delegate, the
-- assignee) carries one token: 256 random bits; only its SHA-256 is kept.
-- A token is bound to (ticket, stage, recipient account) and serves the
-- three actions (the action is the link's query): the choice is the
-- recipient's, the right to decide is one, and one row spent is the whole
-- right spent (an Approve cannot be followed by a Reject from the same
-- mail). Every later mail about the same stage (a reminder) brings its own
-- token for the same right; a decision at the stage, from any channel,
-- revokes them all in its own transaction (decide.c). A token works only
-- while the ticket still waits at its stage, before expires_at
-- (PservTokenLifetime after the mail), unrevoked, and only as its account.
-- The ICT Executor's stage gets none (the User ID must be typed).
CREATE TABLE decide_links (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    request_id  bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    stage       text NOT NULL CHECK (stage IN ('atasan', 'verificator', 'manager')),
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,            -- the decision taken through it
    revoked_at  timestamptz,            -- the stage was decided (any channel)
    CHECK (expires_at > created_at)
);
CREATE INDEX decide_links_stage_idx ON decide_links (request_id, stage)
    WHERE revoked_at IS NULL;
CREATE INDEX decide_links_expires_idx ON decide_links (expires_at);
