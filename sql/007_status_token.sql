-- The requester's own status page (GET /status/TOKEN, linked from the mail
-- the requester gets on submit). The token is 256 random bits made at submit;
-- the ticket keeps only its SHA-256, and the page is found by that hash
-- alone. NULL for tickets submitted before this migration (their mail had no
-- link). The unique constraint is also the index the look-up uses.
ALTER TABLE requests ADD COLUMN status_token bytea UNIQUE
    CHECK (length(status_token) = 32);
