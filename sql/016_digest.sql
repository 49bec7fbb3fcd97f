-- Pengaturan Notifikasi and the daily digest (issue 18, section 5).
--
-- accounts.notify: how the account hears of the tickets that wait for it
-- (as a stage's holder, a delegate "atas nama" the holder, or the
-- assignee):
--   'ticket'  a mail per ticket when it reaches them, and the reminders
--             (the behaviour before this migration, the default);
--   'digest'  one mail a day at 08:00 WIB listing what waits, and no mail
--             per ticket;
--   'both'    both.
-- The Administrators' mails about stuck tickets and escalations, and the
-- requester's own mails, are not affected.
ALTER TABLE accounts
    ADD COLUMN notify text NOT NULL DEFAULT 'ticket'
        CHECK (notify IN ('ticket', 'digest', 'both'));

-- One row per account and Jakarta date whose digest was taken care of
-- (mod_pserv/digest.c): written first, in the transaction that queues the
-- mail (ON CONFLICT DO NOTHING), so two Apache nodes on this database never
-- send one account two digests on one day. tickets: how many it listed
-- (0: nothing waited, no mail).
CREATE TABLE digest_days (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    day         date NOT NULL,
    sent_at     timestamptz NOT NULL,
    tickets     integer NOT NULL CHECK (tickets >= 0),
    PRIMARY KEY (account_id, day)
);

-- The sweep asks for the accounts that chose the digest.
CREATE INDEX accounts_notify_idx ON accounts (notify) WHERE notify <> 'ticket';
