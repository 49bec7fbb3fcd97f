-- Corporate sign-in (issue 19): where an account's password lives.
--
-- accounts.password_source:
--   'pserv'  P-Serv's own Argon2id password (accounts.password_hash), the
--            set-password links and Lupa Password? (the behaviour before
--            this migration, the default);
--   any other value names the Apache authn provider (PservAuthProvider:
--            'ldap', 'file', an <AuthnProviderAlias> name) or 'sso' (the
--            /login/sso hand-off) that last signed the account in: its
--            password lives there, P-Serv holds none (password_hash NULL)
--            and sends no set-password link for it.
ALTER TABLE accounts
    ADD COLUMN password_source text NOT NULL DEFAULT 'pserv'
        CHECK (password_source ~ '^[A-Za-z0-9_.-]{1,64}$');
