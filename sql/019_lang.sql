-- The language of an account's pages (issue 20): Bahasa Indonesia ('id')
-- or English ('en'), the codes of mod_pserv/core/lang.c. NULL: the
-- account never chose, so its pages follow the browser (the pserv_lang
-- cookie, then Accept-Language, then Bahasa Indonesia). Set by the switch
-- Bahasa / English in the page header (GET /lang/CODE) while logged in.
-- The CHECK asks only for a code's shape, so that a third language
-- (docs/TRANSLATING.md) needs no migration; the module ignores a code it
-- does not know.
ALTER TABLE accounts
    ADD COLUMN lang text CHECK (lang ~ '^[a-z]{2,3}$');
