-- mod_pserv schema, first migration. Applied by `pserv-admin migrate`, which
-- records each file in schema_migrations and runs it in one transaction.

-- Divisi/Cab/Unit. kind HO is a Head Office division, UNIT a unit outside HO.
CREATE TABLE units (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL CHECK (kind IN ('HO', 'UNIT')),
    head_nopek  text,            -- FK added below (employees refer to units too)
    active      boolean NOT NULL DEFAULT true,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- The HR master ("log nomor pekerja").
CREATE TABLE employees (
    nopek            text PRIMARY KEY CHECK (nopek ~ '^[0-9]{4,20}$'),
    full_name        text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    position         text NOT NULL CHECK (length(position) <= 200),
    email            text NOT NULL CHECK (length(email) <= 254),
    unit_code        text NOT NULL REFERENCES units (code),
    supervisor_nopek text REFERENCES employees (nopek) DEFERRABLE INITIALLY IMMEDIATE,
    employment_type  text NOT NULL CHECK (employment_type IN ('ORGANIK', 'PKWT', 'TKJP')),
    active           boolean NOT NULL DEFAULT true,
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employees_supervisor_idx ON employees (supervisor_nopek);
CREATE INDEX employees_email_idx ON employees (lower(email));

ALTER TABLE units ADD FOREIGN KEY (head_nopek) REFERENCES employees (nopek)
    DEFERRABLE INITIALLY IMMEDIATE;

-- Platform System checkboxes on the request form.
CREATE TABLE platforms (
    code        text PRIMARY KEY CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    active      boolean NOT NULL DEFAULT true,
    sort_order  integer NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- P-Serv logins. An account made by the ICT Executor has no password until the
-- requester sets one; such an account cannot log in.
CREATE TABLE accounts (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,31}$'),
    nopek          text REFERENCES employees (nopek),
    full_name      text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    email          text CHECK (length(email) <= 254),
    unit_code      text REFERENCES units (code),
    password_hash  text,          -- Argon2id, encoded form
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    password_set_at timestamptz
);
CREATE INDEX accounts_nopek_idx ON accounts (nopek);
CREATE INDEX accounts_email_idx ON accounts (lower(email));

CREATE TABLE account_roles (
    account_id  bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('admin', 'ict_verificator', 'ict_manager', 'ict_executor')),
    PRIMARY KEY (account_id, role)
);
CREATE INDEX account_roles_role_idx ON account_roles (role);

-- Request User ID tickets. status holds a short code; the exact texts the UI
-- shows ("Waiting for Approval Atasan Pemohon", ...) live in workflow.c.
CREATE TABLE requests (
    id             bigserial PRIMARY KEY,
    nomor          text NOT NULL UNIQUE,
    kind           text NOT NULL CHECK (kind IN ('UNIT', 'HO_ORGANIK', 'HO_TKJP')),
    nopek          text REFERENCES employees (nopek),
    full_name      text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    position       text NOT NULL CHECK (length(position) BETWEEN 1 AND 200),
    email          text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    unit_code      text NOT NULL REFERENCES units (code),
    atasan_nopek   text NOT NULL REFERENCES employees (nopek),
    note           text CHECK (length(note) <= 4000),
    status         text NOT NULL DEFAULT 'atasan'
                   CHECK (status IN ('atasan', 'verificator', 'manager', 'executor', 'completed', 'rejected')),
    form_token     bytea UNIQUE,  -- one-time form token: a double submit makes one ticket
    account_id     bigint REFERENCES accounts (id),   -- set when the Executor confirms
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'UNIT') = (nopek IS NULL))
);
CREATE INDEX requests_status_created_idx ON requests (status, created_at DESC, id DESC);
CREATE INDEX requests_created_idx ON requests (created_at DESC, id DESC);
CREATE INDEX requests_atasan_idx ON requests (atasan_nopek, status, created_at DESC, id DESC);
CREATE INDEX requests_nopek_idx ON requests (nopek);
CREATE INDEX requests_email_idx ON requests (lower(email));

CREATE SEQUENCE request_nomor_seq;

CREATE TABLE request_platforms (
    request_id     bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    platform_code  text NOT NULL REFERENCES platforms (code),
    note           text NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
    PRIMARY KEY (request_id, platform_code)
);

CREATE TABLE attachments (
    id            bigserial PRIMARY KEY,
    request_id    bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size          integer NOT NULL CHECK (size BETWEEN 1 AND 5242880),
    data          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_request_idx ON attachments (request_id);

-- One row per decision at stages 1-4 (who approved what, and when).
CREATE TABLE approvals (
    id          bigserial PRIMARY KEY,
    request_id  bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    stage       text NOT NULL CHECK (stage IN ('atasan', 'verificator', 'manager', 'executor')),
    decision    text NOT NULL CHECK (decision IN ('approve', 'reject')),
    account_id  bigint NOT NULL REFERENCES accounts (id),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    decided_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (request_id, stage)
);

CREATE TABLE activity_log (
    id          bigserial PRIMARY KEY,
    request_id  bigint NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    account_id  bigint REFERENCES accounts (id),   -- NULL: the requester or the system
    actor_name  text NOT NULL,
    actor_role  text NOT NULL,
    action      text NOT NULL,
    reason      text
);
CREATE INDEX activity_log_request_idx ON activity_log (request_id, at, id);

-- Server-side sessions: the cookie holds a random 256-bit token, this table
-- only its SHA-256.
CREATE TABLE sessions (
    token_hash    bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    account_id    bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    client_ip     text
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

-- Failed logins, for the per-username and per-address limits.
CREATE TABLE login_failures (
    id         bigserial PRIMARY KEY,
    username   text NOT NULL,
    client_ip  text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user_idx ON login_failures (username, at);
CREATE INDEX login_failures_ip_idx ON login_failures (client_ip, at);

-- Generic per-key rate limiting (nopek look-up, forgot password, ...).
CREATE TABLE rate_limits (
    bucket        text NOT NULL,
    key           text NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, key)
);

-- One-time tokens (set password, public form). Only the hash is stored.
CREATE TABLE one_time_tokens (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    purpose     text NOT NULL CHECK (purpose IN ('set_password', 'request_form')),
    account_id  bigint REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz
);
CREATE INDEX one_time_tokens_account_idx ON one_time_tokens (account_id, purpose);
CREATE INDEX one_time_tokens_expires_idx ON one_time_tokens (expires_at);

-- The mail outbox: rows are written in the transaction that causes them and
-- delivered by the worker with retries.
CREATE TABLE mail_outbox (
    id               bigserial PRIMARY KEY,
    request_id       bigint REFERENCES requests (id) ON DELETE SET NULL,
    to_addr          text NOT NULL CHECK (to_addr !~ '[\r\n]'),
    subject          text NOT NULL CHECK (subject !~ '[\r\n]'),
    body_text        text NOT NULL,
    body_html        text,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending';
