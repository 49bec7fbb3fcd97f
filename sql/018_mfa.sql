-- The second factor (issue 19, part 3): TOTP (RFC 6238) for the people who
-- approve, checked by mod_pserv's mfa.c after the password.
--
-- account_mfa: an account's TOTP secret, sealed with AES-256-GCM under the
-- key of PservMFAKeyFile (nonce, ciphertext, tag; the account's id is the
-- associated data, so a secret copied to another row does not open).
--   enabled_at NULL: shown on Aktifkan Verifikasi Dua Langkah, not yet
--                    confirmed with a code (a new login shows the same one);
--   last_step:       the latest 30-second step whose code was accepted: a
--                    code of that step or an earlier one is refused (replay).
CREATE TABLE account_mfa (
    account_id  bigint PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret      bytea NOT NULL CHECK (length(secret) BETWEEN 29 AND 256),
    enabled_at  timestamptz,
    last_step   bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL
);

-- The ten one-time recovery codes made at confirmation, as HMAC-SHA256
-- under the secrets' key of the account and the code's canonical ten
-- characters (core/mfa.c pserv_mfa_recovery_hash); used_at set by the
-- login that used it.
CREATE TABLE mfa_recovery (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    used_at     timestamptz,
    PRIMARY KEY (account_id, code_hash)
);

-- Between the password and the code: a browser (its pserv_mfa cookie's
-- token, stored as SHA-256) that gave the account's password and owes a
-- code, for a few minutes. It opens no page but the code's (no row in
-- sessions until the code is right).
CREATE TABLE mfa_pending (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    via         text NOT NULL,
    next        text,
    created_at  timestamptz NOT NULL,
    client_ip   text
);
CREATE INDEX mfa_pending_account_idx ON mfa_pending (account_id);
CREATE INDEX mfa_pending_created_idx ON mfa_pending (created_at);

-- Wrong codes (TOTP or recovery), for their limit: five within fifteen
-- minutes and the account's codes are refused until the oldest of them is
-- fifteen minutes old.
CREATE TABLE mfa_failures (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    client_ip   text NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX mfa_failures_account_idx ON mfa_failures (account_id, at);
