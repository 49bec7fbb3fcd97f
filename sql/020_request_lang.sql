-- The language a requester used on the form (issue 20): Bahasa Indonesia
-- ('id') or English ('en'), the codes of mod_pserv/core/lang.c, set at the
-- submit and again at the resubmit after a return for revision. The mails
-- to the requester speak it when no active account with their address
-- chose a language (mail.c's pserv_mail_lang). NULL: a ticket submitted
-- before this migration; its mails stay in Bahasa Indonesia. The CHECK
-- asks only for a code's shape, like accounts.lang (migration 019).
ALTER TABLE requests
    ADD COLUMN lang text CHECK (lang ~ '^[a-z]{2,3}$');
