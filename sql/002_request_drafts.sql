-- A request form in progress. Created when the form is first shown (with the
-- Nomor it will carry), it keeps the attachments already uploaded while the
-- requester edits and reviews. Submitting deletes it; requests.form_token
-- keeps the same hash, so a double submit finds the ticket already made.
CREATE TABLE request_drafts (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    nomor       text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX request_drafts_expires_idx ON request_drafts (expires_at);

CREATE TABLE draft_attachments (
    id            bigserial PRIMARY KEY,
    token_hash    bytea NOT NULL REFERENCES request_drafts (token_hash) ON DELETE CASCADE,
    filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size          integer NOT NULL CHECK (size BETWEEN 1 AND 5242880),
    data          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX draft_attachments_token_idx ON draft_attachments (token_hash);
