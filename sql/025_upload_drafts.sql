-- The public form's draft files (issue 21: the upload of 1 MB).
--
-- draft_attachments keeps a file from its upload to the submit (at most a
-- day: request_drafts.expires_at), when it is copied to attachments and
-- the draft deleted. Two things PostgreSQL did for every such file that
-- a row living at most a day does not need:
--
-- * Compression. A file of the form is a JPEG, PNG or PDF: already
--   compressed, so pglz gains little and, on a file it can shrink a bit,
--   works through all of it first. EXTERNAL keeps the bytes as sent,
--   out of line, uncompressed (attachments, kept for years, still
--   compresses what it can).
-- * Vacuums for inserts alone (PostgreSQL 13+: every 1,000 inserted rows
--   plus 20% of the table, here 512 TOAST rows a 1 MB file). They set the
--   visibility map and freeze pages of rows that are deleted within a
--   day; they read back and dirty again what the uploads had just
--   written. Vacuums for deleted rows (the submit, the sweep) and
--   against wraparound run as before.
ALTER TABLE draft_attachments ALTER COLUMN data SET STORAGE EXTERNAL;
ALTER TABLE draft_attachments SET (autovacuum_vacuum_insert_threshold = -1,
    toast.autovacuum_vacuum_insert_threshold = -1);
