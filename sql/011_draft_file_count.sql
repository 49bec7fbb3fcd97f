-- The attachments of a draft are counted on the draft itself, so that
-- "is there room for one more file?" and taking that room are one
-- conditional statement (rform.c, draft_file_reserve): parallel uploads to
-- one draft cannot exceed PservUploadMaxFiles, as counting the rows and
-- then inserting could.
ALTER TABLE request_drafts
    ADD COLUMN files integer NOT NULL DEFAULT 0 CHECK (files >= 0);
UPDATE request_drafts d
   SET files = (SELECT count(*) FROM draft_attachments a
                 WHERE a.token_hash = d.token_hash);

-- The nopek this draft last read from the HR master: reading the same one
-- again (Ubah Data, the review, the submit) shows nothing new, so only a
-- different nopek counts against the per-address look-up limit (rform.c).
ALTER TABLE request_drafts ADD COLUMN hr_nopek text;
