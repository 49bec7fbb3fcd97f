-- The language of each queued mail (issue 20): its reader's, decided once
-- when it is queued by pserv_mail_lang (the choice of an active account
-- with that address, the one that logged in last; else, for the ticket's
-- requester, the language of the form, requests.lang; else Bahasa
-- Indonesia: NULL). The delivery worker writes the HTML part's
-- <html lang> and its footer in it; the subject and the text were
-- already written in it by the code that queued the mail.
-- ($1: the address, $2: the ticket or NULL; by position, since a
-- parameter's name would lose to a column's of the same name.)
CREATE FUNCTION pserv_mail_lang(text, bigint)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT a.lang FROM accounts a
          WHERE a.active AND a.lang IS NOT NULL
            AND lower(a.email) = lower($1)
          ORDER BY a.last_login_at DESC NULLS LAST, a.id LIMIT 1),
        (SELECT r.lang FROM requests r
          WHERE r.id = $2 AND lower(r.email) = lower($1)))
$$;

ALTER TABLE mail_outbox
    ADD COLUMN lang text CHECK (lang ~ '^[a-z]{2,3}$');
