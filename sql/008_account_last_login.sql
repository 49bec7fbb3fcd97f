-- When each account last logged in, for the Administrator's Akun & Peran
-- pages. Written by POST /login on success; NULL: never (since this
-- migration).
ALTER TABLE accounts ADD COLUMN last_login_at timestamptz;
