/*
 * db.c: every SQL statement by label, prepared on each of mod_dbd's pooled
 * connections at its first use, and the per-request access around
 * ap_dbd_acquire.
 *
 * The statements are not registered with mod_dbd (ap_dbd_prepare): mod_dbd
 * refuses a whole connection when one statement fails to prepare, which is
 * what a database with an older or newer schema does, and then not even the
 * schema could be read to say so. Instead a connection's statements are
 * prepared once its database has the schema this build needs (schema.c);
 * until then pages answer 503.
 *
 * PostgreSQL forgets prepared statements when a pooled connection is
 * re-established (after a database restart mod_dbd's check calls PQreset).
 * We remember the backend PID each connection's statements were prepared
 * for and prepare them again when it changes, so the service heals itself.
 */
#include "pserv.h"
#include "schema.h"

#include "apr_strings.h"
#include <libpq-fe.h>

#include "core/import_sql.h"
#include "metrics.h"

typedef struct {
    const char *label;
    int nargs;
    const char *sql;
} pserv_stmt_def;

/* The list, in either order (see PSERV_SQL_LIST_*): the function of
 * migration 009 writes only the filters in use into its query and plans
 * it with their values each time. */
#define PSERV_LIST_SQL(asc) \
        "SELECT * FROM pserv_list(%s, %s, %s, %s, %s, %s, %s::int, %s::int, " \
        asc ")"

/* The Administrator's account list and page: the columns (id, username,
 * full name, nopek, the employee's name, roles, active, has a password,
 * locked, last login) and where they come from; "locked" is the login
 * lockout of PSERV_SQL_LOGIN_LOCK. Needs arg.now. */
#define PSERV_ADM_ACCOUNT_COLS \
        " a.id, a.username, a.full_name, a.nopek, e.full_name," \
        " coalesce((SELECT string_agg(ar.role, ' ' ORDER BY ar.role)" \
        "   FROM account_roles ar WHERE ar.account_id = a.id), '')," \
        " a.active, a.password_hash IS NOT NULL, coalesce(lk.locked, false)," \
        " extract(epoch FROM a.last_login_at)::bigint"
#define PSERV_ADM_ACCOUNT_FROM \
        " FROM arg JOIN accounts a ON true" \
        " LEFT JOIN employees e ON e.nopek = a.nopek" \
        " LEFT JOIN LATERAL (SELECT count(*) = 5" \
        "   AND max(l5.at) - min(l5.at) <= interval '15 minutes'" \
        "   AND max(l5.at) > arg.now - interval '15 minutes' AS locked," \
        "   max(l5.at) + interval '15 minutes' AS until" \
        "   FROM (SELECT f.at FROM login_failures f" \
        "     WHERE f.username = a.username AND f.at <= arg.now" \
        "     ORDER BY f.at DESC LIMIT 5) l5) lk ON true"

/* The HR master a page at a time, by nopek (keyset: after the last row
 * shown, or before the first, read backwards). Search: a nopek prefix or
 * part of the name. */
#define PSERV_ADM_EMPLOYEES_SQL(cmp, order) \
        "WITH arg AS (SELECT nullif(%s, '') AS q, nullif(%s, '') AS k," \
        " %s::int AS n)" \
        " SELECT e.nopek, e.full_name, e.position, e.email, e.unit_code," \
        " u.name, e.supervisor_nopek, s.full_name, e.employment_type," \
        " e.active FROM arg, employees e JOIN units u ON u.code = e.unit_code" \
        " LEFT JOIN employees s ON s.nopek = e.supervisor_nopek" \
        " WHERE (arg.k IS NULL OR e.nopek " cmp " arg.k)" \
        " AND (arg.q IS NULL OR e.nopek LIKE arg.q || '%%'" \
        "   OR e.full_name ILIKE '%%' || arg.q || '%%')" \
        " ORDER BY " order " LIMIT (SELECT n FROM arg)"

#define PSERV_NULLS5  ", NULL, NULL, NULL, NULL, NULL"
#define PSERV_NULLS10 PSERV_NULLS5 PSERV_NULLS5
#define PSERV_NULLS11 PSERV_NULLS10 ", NULL"
#define PSERV_NULLS13 PSERV_NULLS10 ", NULL, NULL, NULL"

/* Indexed by pserv_sql_id. Arguments are %s (text); bytea goes as hex
 * through decode(%s, 'hex'). */
static const pserv_stmt_def pserv_stmts[PSERV_SQL_COUNT] = {
    /* The schema: the highest NNN of the NNN_name rows (schema.c). Run
     * as plain SQL, before any statement is prepared. */
    [PSERV_SQL_HEALTH] = { "pserv_health", 0,
        "SELECT coalesce(max(substring(version FROM '^[0-9]+')::int), 0)"
        " FROM schema_migrations" },

    /* hash, now, max age (s), idle timeout (s) */
    [PSERV_SQL_SESSION_GET] = { "pserv_session_get", 4,
        "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::timestamptz AS now,"
        " make_interval(secs => %s::int) AS max_age,"
        " make_interval(secs => %s::int) AS idle)"
        " SELECT a.id, a.username, a.full_name, s.csrf_token,"
        " coalesce((SELECT string_agg(role, ' ' ORDER BY role)"
        "   FROM account_roles WHERE account_id = a.id), ''), a.nopek,"
        " s.last_seen_at < arg.now - interval '60 seconds'"
        " FROM arg, sessions s JOIN accounts a ON a.id = s.account_id"
        " WHERE s.token_hash = arg.h AND a.active"
        " AND s.created_at > arg.now - arg.max_age"
        " AND s.last_seen_at > arg.now - arg.idle" },
    /* now, hash */
    [PSERV_SQL_SESSION_TOUCH] = { "pserv_session_touch", 2,
        "WITH arg AS (SELECT %s::timestamptz AS now, decode(%s, 'hex') AS h)"
        " UPDATE sessions s SET last_seen_at = arg.now FROM arg"
        " WHERE s.token_hash = arg.h"
        " AND s.last_seen_at < arg.now - interval '60 seconds'" },
    /* hash, account id, csrf token, client address, now */
    [PSERV_SQL_SESSION_INSERT] = { "pserv_session_insert", 5,
        "INSERT INTO sessions (token_hash, account_id, csrf_token, client_ip,"
        " created_at, last_seen_at)"
        " SELECT decode(%s, 'hex'), %s::bigint, %s, %s, arg.t, arg.t"
        " FROM (SELECT %s::timestamptz AS t) arg" },
    /* hash */
    [PSERV_SQL_SESSION_DELETE] = { "pserv_session_delete", 1,
        "DELETE FROM sessions WHERE token_hash = decode(%s, 'hex')" },
    /* now, max age (s), idle timeout (s); the earlier of now and the real
     * clock, so a test moving its own clock sweeps nobody else's session */
    [PSERV_SQL_SESSION_SWEEP] = { "pserv_session_sweep", 3,
        "WITH arg AS (SELECT least(%s::timestamptz, now()) AS now,"
        " make_interval(secs => %s::int) AS max_age,"
        " make_interval(secs => %s::int) AS idle)"
        " DELETE FROM sessions s USING arg"
        " WHERE s.created_at < arg.now - arg.max_age"
        " OR s.last_seen_at < arg.now - arg.idle" },

    /* username */
    [PSERV_SQL_LOGIN_ACCOUNT] = { "pserv_login_account", 1,
        "SELECT id, password_hash FROM accounts"
        " WHERE username = %s AND active" },
    /* username, now, client address -> (username locked, failures from
     * that address in the last 15 minutes). A username is locked for 15
     * minutes from its 5th failure within 15 minutes. */
    [PSERV_SQL_LOGIN_LOCK] = { "pserv_login_lock", 3,
        "WITH arg AS (SELECT %s::text AS u, %s::timestamptz AS now,"
        " %s::text AS ip),"
        " last5 AS (SELECT f.at FROM login_failures f, arg"
        "   WHERE f.username = arg.u AND f.at <= arg.now"
        "   ORDER BY f.at DESC LIMIT 5)"
        " SELECT coalesce((SELECT count(*) = 5"
        "   AND max(at) - min(at) <= interval '15 minutes'"
        "   AND max(at) > (SELECT now FROM arg) - interval '15 minutes'"
        "   FROM last5), false),"
        " (SELECT count(*) FROM login_failures f, arg"
        "   WHERE f.client_ip = arg.ip AND f.at <= arg.now"
        "   AND f.at > arg.now - interval '15 minutes')" },
    /* username, client address, now */
    [PSERV_SQL_LOGIN_FAIL_ADD] = { "pserv_login_fail_add", 3,
        "INSERT INTO login_failures (username, client_ip, at)"
        " VALUES (%s, %s, %s::timestamptz)" },
    /* username, now: forget its failures, and everybody's older than a day */
    [PSERV_SQL_LOGIN_FAIL_CLEAR] = { "pserv_login_fail_clear", 2,
        "DELETE FROM login_failures"
        " WHERE username = %s OR at < %s::timestamptz - interval '1 day'" },

    /* bucket, key, now, window (s), window (s) -> hits in this window */
    [PSERV_SQL_RATE_HIT] = { "pserv_rate_hit", 5,
        "INSERT INTO rate_limits AS r (bucket, key, window_start, hits)"
        " VALUES (%s, %s, %s::timestamptz, 1)"
        " ON CONFLICT (bucket, key) DO UPDATE SET"
        " hits = CASE WHEN r.window_start < EXCLUDED.window_start"
        "   - make_interval(secs => %s::int)"
        "   OR r.window_start > EXCLUDED.window_start THEN 1"
        "   ELSE r.hits + 1 END,"
        " window_start = CASE WHEN r.window_start < EXCLUDED.window_start"
        "   - make_interval(secs => %s::int)"
        "   OR r.window_start > EXCLUDED.window_start"
        "   THEN EXCLUDED.window_start ELSE r.window_start END"
        " RETURNING hits" },

    /* ---- the public request form ---- */
    /* hash, now, lifetime (s) -> nomor */
    [PSERV_SQL_DRAFT_NEW] = { "pserv_draft_new", 3,
        "WITH arg AS (SELECT decode(%s, 'hex') AS h, %s::timestamptz AS now,"
        " make_interval(secs => %s::int) AS ttl)"
        " INSERT INTO request_drafts (token_hash, nomor, created_at, expires_at)"
        " SELECT arg.h, 'UID-' || to_char(arg.now AT TIME ZONE 'Asia/Jakarta',"
        " 'YYYY') || '-' || lpad(nextval('request_nomor_seq')::text, 6, '0'),"
        " arg.now, arg.now + arg.ttl FROM arg RETURNING nomor" },
    /* by the real clock: a test moving its own clock must not sweep away
     * everybody's drafts */
    [PSERV_SQL_DRAFT_SWEEP] = { "pserv_draft_sweep", 0,
        "DELETE FROM request_drafts WHERE expires_at < now()" },
    /* hash, now -> nomor */
    [PSERV_SQL_DRAFT_GET] = { "pserv_draft_get", 2,
        "SELECT nomor FROM request_drafts"
        " WHERE token_hash = decode(%s, 'hex') AND expires_at > %s::timestamptz" },
    /* hash */
    [PSERV_SQL_DRAFT_DELETE] = { "pserv_draft_delete", 1,
        "DELETE FROM request_drafts WHERE token_hash = decode(%s, 'hex')" },
    /* hash -> attachments of the draft */
    [PSERV_SQL_DRAFT_FILES] = { "pserv_draft_files", 1,
        "SELECT id, filename, size, content_type FROM draft_attachments"
        " WHERE token_hash = decode(%s, 'hex') ORDER BY id" },
    /* id, hash */
    [PSERV_SQL_DRAFT_FILE_DEL] = { "pserv_draft_file_del", 2,
        "DELETE FROM draft_attachments"
        " WHERE id = %s::bigint AND token_hash = decode(%s, 'hex')" },
    [PSERV_SQL_FORM_UNITS] = { "pserv_form_units", 0,
        "SELECT u.code, u.name, u.head_nopek, e.full_name"
        " FROM units u JOIN employees e ON e.nopek = u.head_nopek AND e.active"
        " WHERE u.kind = 'UNIT' AND u.active ORDER BY u.name" },
    [PSERV_SQL_FORM_PLATFORMS] = { "pserv_form_platforms", 0,
        "SELECT code, name FROM platforms WHERE active"
        " ORDER BY sort_order, name" },
    /* nopek -> the HR master's row with unit and supervisor */
    [PSERV_SQL_EMPLOYEE] = { "pserv_employee", 1,
        "SELECT e.nopek, e.full_name, e.position, e.email, e.unit_code,"
        " u.name, u.kind, e.supervisor_nopek, s.full_name, s.email,"
        " e.employment_type"
        " FROM employees e JOIN units u ON u.code = e.unit_code"
        " LEFT JOIN employees s ON s.nopek = e.supervisor_nopek AND s.active"
        " WHERE e.nopek = %s AND e.active" },
    /* unit code -> name and head (BUH) of a UNIT */
    [PSERV_SQL_UNIT_HEAD] = { "pserv_unit_head", 1,
        "SELECT u.name, u.head_nopek, e.full_name, e.email"
        " FROM units u JOIN employees e ON e.nopek = u.head_nopek AND e.active"
        " WHERE u.code = %s AND u.kind = 'UNIT' AND u.active" },
    /* nopek (or ''), e-mail -> (kind, what): open requests, accounts */
    [PSERV_SQL_REQ_WARNINGS] = { "pserv_req_warnings", 2,
        "WITH arg AS (SELECT nullif(%s, '') AS nopek, lower(%s) AS email)"
        " (SELECT 'open', r.nomor FROM requests r, arg"
        "   WHERE r.status NOT IN ('completed', 'rejected')"
        "   AND (r.nopek = arg.nopek OR lower(r.email) = arg.email)"
        "   ORDER BY r.id LIMIT 3)"
        " UNION ALL"
        " (SELECT 'account', a.username FROM accounts a, arg WHERE a.active"
        "   AND (a.nopek = arg.nopek OR lower(a.email) = arg.email) LIMIT 3)" },
    /* hash -> the ticket a submitted form made */
    [PSERV_SQL_REQ_BY_TOKEN] = { "pserv_req_by_token", 1,
        "SELECT r.id, r.nomor, r.full_name, e.full_name FROM requests r"
        " JOIN employees e ON e.nopek = r.atasan_nopek"
        " WHERE r.form_token = decode(%s, 'hex')" },
    /* nomor, kind, nopek, full name, position, email, unit, atasan, note,
     * form token hash, status token hash, now -> id (no row when this form
     * was submitted already: its token or its Nomor is taken) */
    [PSERV_SQL_REQ_INSERT] = { "pserv_req_insert", 12,
        "INSERT INTO requests (nomor, kind, nopek, full_name, position, email,"
        " unit_code, atasan_nopek, note, form_token, status_token, created_at,"
        " updated_at)"
        " SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, decode(%s, 'hex'),"
        " decode(%s, 'hex'), arg.t, arg.t FROM (SELECT %s::timestamptz AS t) arg"
        " ON CONFLICT DO NOTHING RETURNING id" },
    /* request id, note, platform code (no row for an unknown platform) */
    [PSERV_SQL_REQ_PLATFORM_ADD] = { "pserv_req_platform_add", 3,
        "INSERT INTO request_platforms (request_id, platform_code, note)"
        " SELECT %s::bigint, code, %s FROM platforms"
        " WHERE code = %s AND active" },
    /* request id, hash */
    [PSERV_SQL_REQ_ATTACH_COPY] = { "pserv_req_attach_copy", 2,
        "INSERT INTO attachments (request_id, filename, content_type, size,"
        " data, created_at) SELECT %s::bigint, filename, content_type, size,"
        " data, created_at FROM draft_attachments"
        " WHERE token_hash = decode(%s, 'hex') ORDER BY id" },
    /* request id, time, account id, actor name, actor role, action, reason */
    [PSERV_SQL_LOG_ADD] = { "pserv_log_add", 7,
        "INSERT INTO activity_log (request_id, at, account_id, actor_name,"
        " actor_role, action, reason) VALUES (%s::bigint, %s::timestamptz,"
        " %s::bigint, %s, %s, %s, %s)" },
    /* request id, to, subject, text, html, now */
    [PSERV_SQL_MAIL_QUEUE] = { "pserv_mail_queue", 6,
        "INSERT INTO mail_outbox (request_id, to_addr, subject, body_text,"
        " body_html, created_at, next_attempt_at)"
        " SELECT %s::bigint, %s, %s, %s, %s, arg.t, now()"
        " FROM (SELECT %s::timestamptz AS t) arg" },
    /* The delivery worker (mail_worker.c) claims one due mail per
     * transaction; the row stays locked while it is sent, so a second
     * worker skips it. The Message-ID part: id and created_at (us). */
    [PSERV_SQL_MAIL_CLAIM] = { "pserv_mail_claim", 0,
        "SELECT id, to_addr, subject, body_text, coalesce(body_html, ''),"
        " attempts, (extract(epoch FROM created_at) * 1000000)::bigint"
        " FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= now()"
        " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED" },
    /* id */
    [PSERV_SQL_MAIL_SENT] = { "pserv_mail_sent", 1,
        "UPDATE mail_outbox SET status = 'sent', sent_at = now(),"
        " attempts = attempts + 1 WHERE id = %s::bigint" },
    /* error, max attempts, retry base (s), retry max (s), id -> status,
     * attempts, seconds until the next attempt. The n-th retry waits
     * min(base * 2^(n-1), max). */
    [PSERV_SQL_MAIL_RETRY] = { "pserv_mail_retry", 5,
        "UPDATE mail_outbox SET attempts = attempts + 1, last_error = %s,"
        " status = CASE WHEN attempts + 1 >= %s::int THEN 'failed'"
        "   ELSE 'pending' END,"
        " next_attempt_at = now() + make_interval(secs => least(%s::float8"
        "   * power(2::float8, least(attempts, 60)), %s::float8))"
        " WHERE id = %s::bigint"
        " RETURNING status, attempts,"
        " extract(epoch FROM next_attempt_at - now())::bigint" },
    /* error, id */
    [PSERV_SQL_MAIL_FAIL] = { "pserv_mail_fail", 2,
        "UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1,"
        " last_error = %s WHERE id = %s::bigint" },

    /* ---- the list and the ticket ----
     * scope: '*' for everyone's tickets, else the Atasan's nopek ('' sees
     * nothing). The list's filters: '' for none; pserv_list (migration
     * 009) puts only the others into its query. */
    /* scope, status, kind, from, to, search (LIKE-escaped), limit, offset
     * -> id, nomor, created (epoch), full name, kind, unit name, status,
     * platforms ("a, b"), unit code */
    [PSERV_SQL_LIST_DESC] = { "pserv_list_desc", 8,
        PSERV_LIST_SQL("false") },
    [PSERV_SQL_LIST_ASC] = { "pserv_list_asc", 8,
        PSERV_LIST_SQL("true") },
    /* The API's list (handle_api.c): ids of a page of PSERV_SQL_LIST_*, as
     * an array literal "{1,2}" -> (request id, platform name) in the
     * list's order of platforms. No scope: the ids come from the list. */
    [PSERV_SQL_API_PLATFORMS] = { "pserv_api_platforms", 1,
        "SELECT rp.request_id::text, p.name FROM request_platforms rp"
        " JOIN platforms p ON p.code = rp.platform_code"
        " WHERE rp.request_id = ANY (%s::bigint[])"
        " ORDER BY rp.request_id, p.sort_order, p.name" },
    /* id, scope: the ticket and all it shows, in one round trip. Rows of
     * (part, order, c0 .. c14): part 0 the ticket, 1 its platforms, 2 its
     * attachments, 3 its approvals, 4 its Activity Log; none when the
     * scope may not see it. */
    [PSERV_SQL_TICKET_GET] = { "pserv_ticket_get", 2,
        "WITH arg AS (SELECT %s::bigint AS id, %s::text AS scope),"
        " t AS MATERIALIZED (SELECT r.id, r.nomor, r.status,"
        "   extract(epoch FROM r.created_at)::bigint AS created, r.kind,"
        "   r.nopek, r.full_name, r.position, r.email, u.name AS unit_name,"
        "   r.atasan_nopek, e.full_name AS atasan_name, r.note, a.username,"
        "   r.unit_code"
        "   FROM arg, requests r JOIN units u ON u.code = r.unit_code"
        "   JOIN employees e ON e.nopek = r.atasan_nopek"
        "   LEFT JOIN accounts a ON a.id = r.account_id"
        "   WHERE r.id = arg.id"
        "   AND (arg.scope = '*' OR r.atasan_nopek = arg.scope))"
        " SELECT 0 AS part, 0::bigint AS ord, t.id::text, t.nomor, t.status,"
        "   t.created::text, t.kind, t.nopek, t.full_name, t.position,"
        "   t.email, t.unit_name, t.atasan_nopek, t.atasan_name, t.note,"
        "   t.username, t.unit_code FROM t"
        " UNION ALL SELECT 1,"
        "   row_number() OVER (ORDER BY p.sort_order, p.name), p.name,"
        "   rp.note" PSERV_NULLS13
        "   FROM t JOIN request_platforms rp ON rp.request_id = t.id"
        "   JOIN platforms p ON p.code = rp.platform_code"
        " UNION ALL SELECT 2, f.id, f.id::text, f.filename, f.content_type,"
        "   f.size::text" PSERV_NULLS11
        "   FROM t JOIN attachments f ON f.request_id = t.id"
        " UNION ALL SELECT 3,"
        "   row_number() OVER (ORDER BY ap.decided_at, ap.id), ap.stage,"
        "   ap.decision, a.full_name,"
        "   extract(epoch FROM ap.decided_at)::bigint::text,"
        "   ap.account_id::text" PSERV_NULLS10
        "   FROM t JOIN approvals ap ON ap.request_id = t.id"
        "   JOIN accounts a ON a.id = ap.account_id"
        " UNION ALL SELECT 4, row_number() OVER (ORDER BY l.at, l.id),"
        "   extract(epoch FROM l.at)::bigint::text, l.actor_name,"
        "   l.actor_role, l.action, coalesce(l.reason, '')" PSERV_NULLS10
        "   FROM t JOIN activity_log l ON l.request_id = t.id"
        " ORDER BY 1, 2" },
    /* status token hash: what the requester's status page shows, in one
     * round trip. Rows of (part, order, c0 .. c3): part 0 the ticket (id,
     * nomor, status, created), 1 its platforms (name), 2 its decisions
     * (stage, decision, when, and the reason of a reject only); none for
     * an unknown token. Never who decided. */
    [PSERV_SQL_STATUS_GET] = { "pserv_status_get", 1,
        "WITH t AS MATERIALIZED (SELECT r.id, r.nomor, r.status,"
        "   extract(epoch FROM r.created_at)::bigint AS created, r.kind"
        "   FROM requests r WHERE r.status_token = decode(%s, 'hex'))"
        " SELECT 0 AS part, 0::bigint AS ord, t.id::text, t.nomor, t.status,"
        "   t.created::text, t.kind FROM t"
        " UNION ALL SELECT 1,"
        "   row_number() OVER (ORDER BY p.sort_order, p.name), p.name,"
        "   NULL, NULL, NULL, NULL"
        "   FROM t JOIN request_platforms rp ON rp.request_id = t.id"
        "   JOIN platforms p ON p.code = rp.platform_code"
        " UNION ALL SELECT 2,"
        "   row_number() OVER (ORDER BY ap.decided_at, ap.id), ap.stage,"
        "   ap.decision, extract(epoch FROM ap.decided_at)::bigint::text,"
        "   CASE WHEN ap.decision = 'reject' THEN ap.reason END, NULL"
        "   FROM t JOIN approvals ap ON ap.request_id = t.id"
        " ORDER BY 1, 2" },
    /* request id: platform names, for the mails */
    [PSERV_SQL_TICKET_PLATFORMS] = { "pserv_ticket_platforms", 1,
        "SELECT p.name, rp.note FROM request_platforms rp"
        " JOIN platforms p ON p.code = rp.platform_code"
        " WHERE rp.request_id = %s::bigint ORDER BY p.sort_order, p.name" },
    /* attachment id, scope */
    [PSERV_SQL_ATTACHMENT_GET] = { "pserv_attachment_get", 2,
        "WITH arg AS (SELECT %s::bigint AS id, %s::text AS scope)"
        " SELECT f.filename, f.content_type, encode(f.data, 'hex')"
        " FROM arg, attachments f JOIN requests r ON r.id = f.request_id"
        " WHERE f.id = arg.id"
        " AND (arg.scope = '*' OR r.atasan_nopek = arg.scope)" },
    /* new status, now, id, expected status -> id when it moved */
    [PSERV_SQL_DECIDE] = { "pserv_decide", 4,
        "UPDATE requests SET status = %s, updated_at = %s::timestamptz"
        " WHERE id = %s::bigint AND status = %s RETURNING id" },
    /* request id, stage, decision, account id, reason, now */
    [PSERV_SQL_APPROVAL_ADD] = { "pserv_approval_add", 6,
        "INSERT INTO approvals (request_id, stage, decision, account_id,"
        " reason, decided_at) VALUES (%s::bigint, %s, %s, %s::bigint, %s,"
        " %s::timestamptz)" },
    /* role -> e-mail and name of everyone who holds it */
    [PSERV_SQL_ROLE_EMAILS] = { "pserv_role_emails", 1,
        "SELECT a.email, a.full_name FROM accounts a"
        " JOIN account_roles ar ON ar.account_id = a.id"
        " WHERE ar.role = %s AND a.active AND a.email IS NOT NULL"
        " ORDER BY a.username" },
    /* Reminders (remind.c). now, remind after (h), escalate after (h),
     * most -> the tickets waiting past either, oldest stage first: id,
     * nomor, status, name, kind, unit, platforms, the Atasan's e-mail and
     * name, hours waited, remind due, escalation due. */
    [PSERV_SQL_REMIND_DUE] = { "pserv_remind_due", 4,
        "SELECT id, nomor, status, full_name, kind, unit_name, platforms,"
        " atasan_email, atasan_name, waited, remind, escalate FROM ("
        " SELECT r.id, r.nomor, r.status, r.full_name, r.kind,"
        " u.name AS unit_name, r.updated_at,"
        " (SELECT string_agg(p.name, ', ' ORDER BY p.sort_order, p.name)"
        "  FROM request_platforms rp JOIN platforms p"
        "  ON p.code = rp.platform_code WHERE rp.request_id = r.id)"
        " AS platforms, e.email AS atasan_email, e.full_name AS atasan_name,"
        " floor(extract(epoch FROM a.now - r.updated_at) / 3600)::int"
        " AS waited,"
        " (a.ra > 0 AND r.updated_at <= a.now - a.ra * interval '1 hour'"
        "  AND (s.last_at IS NULL"
        "  OR s.last_at <= a.now - a.ra * interval '1 hour')) AS remind,"
        " (a.ea > 0 AND r.updated_at <= a.now - a.ea * interval '1 hour'"
        "  AND s.escalated_at IS NULL) AS escalate"
        " FROM (SELECT %s::timestamptz AS now, %s::int AS ra, %s::int AS ea) a"
        " JOIN requests r"
        " ON r.status IN ('atasan', 'verificator', 'manager', 'executor')"
        " AND r.updated_at <= a.now - least(nullif(a.ra, 0), nullif(a.ea, 0))"
        " * interval '1 hour'"
        " JOIN units u ON u.code = r.unit_code"
        " JOIN employees e ON e.nopek = r.atasan_nopek"
        " LEFT JOIN stage_reminders s"
        " ON s.request_id = r.id AND s.stage = r.status) d"
        " WHERE remind OR escalate ORDER BY updated_at, id LIMIT %s::int" },
    /* now, request id, stage, remind after (h) -> the stage's reminder
     * count, when the ticket still waits there and none was sent within
     * the last remind-after hours (checked on the locked row: two workers
     * never both remind) */
    [PSERV_SQL_REMIND_MARK] = { "pserv_remind_mark", 4,
        "INSERT INTO stage_reminders AS s (request_id, stage, reminders,"
        " last_at) SELECT r.id, r.status, 1, %s::timestamptz FROM requests r"
        " WHERE r.id = %s::bigint AND r.status = %s"
        " ON CONFLICT (request_id, stage) DO UPDATE"
        " SET reminders = s.reminders + 1, last_at = EXCLUDED.last_at"
        " WHERE s.last_at IS NULL"
        " OR s.last_at <= EXCLUDED.last_at - %s::int * interval '1 hour'"
        " RETURNING s.reminders" },
    /* now, request id, stage -> a row when this stage was not escalated */
    [PSERV_SQL_ESCALATE_MARK] = { "pserv_escalate_mark", 3,
        "INSERT INTO stage_reminders AS s (request_id, stage, escalated_at)"
        " SELECT r.id, r.status, %s::timestamptz FROM requests r"
        " WHERE r.id = %s::bigint AND r.status = %s"
        " ON CONFLICT (request_id, stage) DO UPDATE"
        " SET escalated_at = EXCLUDED.escalated_at"
        " WHERE s.escalated_at IS NULL RETURNING 1" },
    /* username */
    [PSERV_SQL_ACCOUNT_EXISTS] = { "pserv_account_exists", 1,
        "SELECT 1 FROM accounts WHERE username = %s" },
    /* username, nopek, full name, e-mail, unit, now -> id (none if taken) */
    [PSERV_SQL_ACCOUNT_CREATE] = { "pserv_account_create", 6,
        "INSERT INTO accounts (username, nopek, full_name, email, unit_code,"
        " created_at, updated_at) SELECT %s, %s, %s, %s, %s, arg.t, arg.t"
        " FROM (SELECT %s::timestamptz AS t) arg"
        " ON CONFLICT (username) DO NOTHING RETURNING id" },
    /* account id, request id */
    [PSERV_SQL_REQ_SET_ACCOUNT] = { "pserv_req_set_account", 2,
        "UPDATE requests SET account_id = %s::bigint WHERE id = %s::bigint" },
    /* now, account id: earlier unused set-password links stop working */
    [PSERV_SQL_TOKEN_REVOKE] = { "pserv_token_revoke", 2,
        "UPDATE one_time_tokens SET revoked_at = %s::timestamptz"
        " WHERE account_id = %s::bigint AND purpose = 'set_password'"
        " AND used_at IS NULL AND revoked_at IS NULL" },
    /* hash, account id, lifetime (s), now */
    [PSERV_SQL_TOKEN_ADD] = { "pserv_token_add", 4,
        "INSERT INTO one_time_tokens (token_hash, purpose, account_id,"
        " created_at, expires_at) SELECT decode(%s, 'hex'), 'set_password',"
        " %s::bigint, arg.t, arg.t + make_interval(secs => %s::int)"
        " FROM (SELECT %s::timestamptz AS t) arg" },

    /* ---- set-password links ---- */
    /* now, hash -> account id, username, full name, used, no longer valid */
    [PSERV_SQL_TOKEN_GET] = { "pserv_token_get", 2,
        "WITH arg AS (SELECT %s::timestamptz AS now, decode(%s, 'hex') AS h)"
        " SELECT a.id, a.username, a.full_name, t.used_at IS NOT NULL,"
        " t.revoked_at IS NOT NULL OR t.expires_at <= arg.now OR NOT a.active"
        " FROM arg, one_time_tokens t JOIN accounts a ON a.id = t.account_id"
        " WHERE t.token_hash = arg.h AND t.purpose = 'set_password'" },
    /* now, hash -> account id: spends the link, once */
    [PSERV_SQL_TOKEN_USE] = { "pserv_token_use", 2,
        "WITH arg AS (SELECT %s::timestamptz AS now, decode(%s, 'hex') AS h)"
        " UPDATE one_time_tokens t SET used_at = arg.now FROM arg"
        " WHERE t.token_hash = arg.h AND t.purpose = 'set_password'"
        " AND t.used_at IS NULL AND t.revoked_at IS NULL"
        " AND t.expires_at > arg.now RETURNING t.account_id" },
    /* hash, now, account id */
    [PSERV_SQL_PASSWORD_SET] = { "pserv_password_set", 3,
        "UPDATE accounts SET password_hash = %s, password_set_at = arg.t,"
        " updated_at = arg.t FROM (SELECT %s::timestamptz AS t) arg"
        " WHERE id = %s::bigint" },
    /* account id: every session of the account ends */
    [PSERV_SQL_SESSIONS_END] = { "pserv_sessions_end", 1,
        "DELETE FROM sessions WHERE account_id = %s::bigint" },
    /* username or e-mail -> the account a reset link goes to */
    [PSERV_SQL_ACCOUNT_FIND] = { "pserv_account_find", 1,
        "WITH arg AS (SELECT lower(%s) AS v)"
        " SELECT a.id, a.username, a.full_name, a.email FROM arg, accounts a"
        " WHERE a.active AND a.email IS NOT NULL"
        " AND (a.username = arg.v OR lower(a.email) = arg.v)"
        " ORDER BY a.id LIMIT 1" },
    /* username -> id, e-mail, full name */
    [PSERV_SQL_ACCOUNT_BY_NAME] = { "pserv_account_by_name", 1,
        "SELECT id, email, full_name FROM accounts"
        " WHERE username = %s AND active" },

    /* ---- the Administrator's pages (handle_admin*.c) ---- */
    /* now, account id: a successful login */
    [PSERV_SQL_ACCOUNT_LOGIN_AT] = { "pserv_account_login_at", 2,
        "UPDATE accounts SET last_login_at = %s::timestamptz"
        " WHERE id = %s::bigint" },
    /* search (LIKE-escaped, '' for all), now, limit, offset */
    [PSERV_SQL_ADM_ACCOUNTS] = { "pserv_adm_accounts", 4,
        "WITH arg AS (SELECT nullif(%s, '') AS q, %s::timestamptz AS now)"
        " SELECT" PSERV_ADM_ACCOUNT_COLS PSERV_ADM_ACCOUNT_FROM
        " WHERE arg.q IS NULL OR (a.username || ' ' || a.full_name || ' ' ||"
        "   coalesce(a.nopek, '') || ' ' || coalesce(lower(a.email), '') ||"
        "   ' ' || coalesce(e.full_name, '')) ILIKE '%%' || arg.q || '%%'"
        " ORDER BY a.username LIMIT %s::int OFFSET %s::int" },
    /* account id, now, session max age (s), idle timeout (s) -> the
     * list's columns, then e-mail, unit, created, password set, locked
     * until, failures in the last 15 minutes, sessions still valid */
    [PSERV_SQL_ADM_ACCOUNT] = { "pserv_adm_account", 4,
        "WITH arg AS (SELECT %s::bigint AS id, %s::timestamptz AS now,"
        " make_interval(secs => %s::int) AS max_age,"
        " make_interval(secs => %s::int) AS idle)"
        " SELECT" PSERV_ADM_ACCOUNT_COLS ", a.email,"
        " (SELECT u.name || ' (' || u.code || ')' FROM units u"
        "   WHERE u.code = a.unit_code),"
        " extract(epoch FROM a.created_at)::bigint,"
        " extract(epoch FROM a.password_set_at)::bigint,"
        " extract(epoch FROM lk.until)::bigint,"
        " (SELECT count(*) FROM login_failures f WHERE f.username = a.username"
        "   AND f.at <= arg.now AND f.at > arg.now - interval '15 minutes'),"
        " (SELECT count(*) FROM sessions s WHERE s.account_id = a.id"
        "   AND s.created_at > arg.now - arg.max_age"
        "   AND s.last_seen_at > arg.now - arg.idle)"
        PSERV_ADM_ACCOUNT_FROM " WHERE a.id = arg.id" },
    /* Every change an administrator makes to accounts takes this lock
     * first, so "at least one active admin remains" is judged on what the
     * others committed (two admins demoting each other at once: the
     * second sees the first's change). */
    [PSERV_SQL_ADM_LOCK] = { "pserv_adm_lock", 0,
        "SELECT pg_advisory_xact_lock(736175)::text" },
    /* account id, acting account id -> username, active, roles, e-mail,
     * full name, other active admins, the actor still an active admin */
    [PSERV_SQL_ADM_STATE] = { "pserv_adm_state", 2,
        "WITH arg AS (SELECT %s::bigint AS id, %s::bigint AS actor)"
        " SELECT a.username, a.active,"
        " coalesce((SELECT string_agg(ar.role, ' ' ORDER BY ar.role)"
        "   FROM account_roles ar WHERE ar.account_id = a.id), ''),"
        " a.email, a.full_name,"
        " (SELECT count(*) FROM accounts o JOIN account_roles r"
        "   ON r.account_id = o.id AND r.role = 'admin'"
        "   WHERE o.active AND o.id <> a.id),"
        " EXISTS (SELECT 1 FROM accounts o JOIN account_roles r"
        "   ON r.account_id = o.id AND r.role = 'admin'"
        "   WHERE o.active AND o.id = arg.actor)"
        " FROM arg, accounts a WHERE a.id = arg.id FOR UPDATE OF a" },
    /* account id, roles (space-separated, '' for none) -> added, removed */
    [PSERV_SQL_ADM_ROLES_SET] = { "pserv_adm_roles_set", 2,
        "WITH arg AS (SELECT %s::bigint AS id,"
        "   string_to_array(%s, ' ') AS roles),"
        " del AS (DELETE FROM account_roles ar USING arg"
        "   WHERE ar.account_id = arg.id AND ar.role <> ALL (arg.roles)"
        "   RETURNING ar.role),"
        " ins AS (INSERT INTO account_roles (account_id, role)"
        "   SELECT arg.id, x FROM arg, unnest(arg.roles) x"
        "   ON CONFLICT DO NOTHING RETURNING role)"
        " SELECT coalesce((SELECT string_agg(role, ' ' ORDER BY role)"
        "   FROM ins), ''),"
        " coalesce((SELECT string_agg(role, ' ' ORDER BY role) FROM del), '')" },
    /* active (t/f), now, account id */
    [PSERV_SQL_ADM_SET_ACTIVE] = { "pserv_adm_set_active", 3,
        "UPDATE accounts SET active = %s::boolean,"
        " updated_at = %s::timestamptz WHERE id = %s::bigint" },
    [PSERV_SQL_ADM_UNITS] = { "pserv_adm_units", 0,
        "SELECT u.code, u.name, u.kind, u.head_nopek, h.full_name, u.active,"
        " (SELECT count(*) FROM employees e WHERE e.unit_code = u.code)"
        " FROM units u LEFT JOIN employees h ON h.nopek = u.head_nopek"
        " ORDER BY u.kind, u.name, u.code" },
    /* search ('' for all; LIKE-escaped), after/before nopek, limit */
    [PSERV_SQL_ADM_EMPLOYEES_NEXT] = { "pserv_adm_employees_next", 3,
        PSERV_ADM_EMPLOYEES_SQL(">", "e.nopek") },
    [PSERV_SQL_ADM_EMPLOYEES_PREV] = { "pserv_adm_employees_prev", 3,
        PSERV_ADM_EMPLOYEES_SQL("<", "e.nopek DESC") },
    [PSERV_SQL_ADM_PLATFORMS] = { "pserv_adm_platforms", 0,
        "SELECT p.code, p.name, p.active, p.sort_order,"
        " (SELECT count(*) FROM request_platforms rp"
        "   WHERE rp.platform_code = p.code)"
        " FROM platforms p ORDER BY p.sort_order, p.name" },
    /* The employees upload (handle_admin_import.c): pserv-admin import's
     * own statements (core/import_sql.h). */
    [PSERV_SQL_IMP_LOCK] = { "pserv_imp_lock", 0,
        PSERV_IMPORT_SQL_LOCK "::text" },
    [PSERV_SQL_IMP_UNIT_EXISTS] = { "pserv_imp_unit_exists", 1,
        PSERV_IMPORT_SQL_UNIT_EXISTS },
    [PSERV_SQL_IMP_EMPLOYEE_EXISTS] = { "pserv_imp_employee_exists", 1,
        PSERV_IMPORT_SQL_EMPLOYEE_EXISTS },
    [PSERV_SQL_IMP_EMPLOYEE_UPSERT] = { "pserv_imp_employee_upsert", 7,
        PSERV_IMPORT_SQL_EMPLOYEE_UPSERT },
    [PSERV_SQL_IMP_EMPLOYEE_SUPERVISOR] = { "pserv_imp_employee_supervisor",
        3, PSERV_IMPORT_SQL_EMPLOYEE_SUPERVISOR },
    /* /metrics and server-status: metrics.h */
    [PSERV_SQL_METRICS] = { "pserv_metrics", 1, PSERV_METRICS_SQL },
    [PSERV_SQL_COUNTER_ADD] = { "pserv_counter_add", 2,
        PSERV_METRICS_SQL_COUNTER_ADD },
};

#define PSERV_PID_KEY "pserv_db_backend_pid"

const void *pserv_db_pool_key(server_rec *s)
{
    module *dbd = ap_find_linked_module("mod_dbd.c");

    return dbd ? ap_get_module_config(s->module_config, dbd) : NULL;
}

static PGconn *pserv_db_pgconn(ap_dbd_t *dbd)
{
    return apr_dbd_native_handle(dbd->driver, dbd->handle);
}

int pserv_db_schema_version(ap_dbd_t *dbd, apr_pool_t *p)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *v;
    PGconn *pg = pserv_db_pgconn(dbd);
    int tries;

    /* random = 1: sequential mode sleeps on an empty result. A connection
     * the server closed (it restarted) is reset and asked again, once. */
    for (tries = 0; apr_dbd_select(dbd->driver, p, dbd->handle, &res,
                                   pserv_stmts[PSERV_SQL_HEALTH].sql, 1) != 0;
         tries++) {
        if (!pg)
            return -1;
        if (PQstatus(pg) == CONNECTION_OK)
            return 0;           /* no schema_migrations: never migrated */
        if (tries)
            return -1;
        PQreset(pg);
    }
    if (apr_dbd_get_row(dbd->driver, p, res, &row, 1) != 0 || !row
        || !(v = apr_dbd_get_entry(dbd->driver, row, 0)))
        return -1;
    return atoi(v);
}

/* Prepare every statement on this connection (its pool lives as long as
 * the connection). */
static void pserv_db_reprepare(server_rec *s, ap_dbd_t *dbd)
{
    int i;

    for (i = 0; i < PSERV_SQL_COUNT; i++) {
        apr_dbd_prepared_t *stmt = NULL;
        int e = apr_dbd_prepare(dbd->driver, dbd->pool, dbd->handle,
                                pserv_stmts[i].sql, pserv_stmts[i].label,
                                &stmt);
        if (e) {
            ap_log_error(APLOG_MARK, APLOG_ERR, 0, s, "pserv[DB01]: preparing %s failed: %s",
                          pserv_stmts[i].label,
                          apr_dbd_error(dbd->driver, dbd->handle, e));
            continue;
        }
        apr_hash_set(dbd->prepared, pserv_stmts[i].label,
                     APR_HASH_KEY_STRING, stmt);
    }
}

/* Whether this connection may be used: 1 when the database has the
 * schema this build needs and the statements exist on the backend the
 * connection talks to now (prepared here at its first use, and again when
 * it was re-established); 0 when the schema is not the one needed (said
 * once per process by schema.c); -1 when the database does not answer.
 * The PID lives in the connection's own pool: one request uses a
 * connection at a time, so no lock is needed. */
static int pserv_db_ready(server_rec *s, request_rec *r, apr_pool_t *p,
                          ap_dbd_t *dbd)
{
    PGconn *pg = pserv_db_pgconn(dbd);
    int pid = pg ? PQbackendPID(pg) : 0;
    void *seen = NULL;
    int *stored, have;

    /* At the first use of a process, then once a minute. */
    if (pserv_schema_due(s, r, &have) || have < 0) {
        have = pserv_db_schema_version(dbd, p);
        pserv_schema_seen(s, have);
    }
    if (have < 0)
        return -1;
    if (have != pserv_schema_need())
        return 0;
    apr_pool_userdata_get(&seen, PSERV_PID_KEY, dbd->pool);
    stored = seen;
    if (stored && *stored == pid)
        return 1;
    if (stored)
        ap_log_error(APLOG_MARK, APLOG_INFO, 0, s,
            "pserv[DB02]: database connection was re-established "
                      "(backend %d -> %d), preparing statements again",
                      *stored, pid);
    /* A statement that fails (logged) stays missing on this backend: on
     * the same backend a second PREPARE of the others would fail too. */
    pserv_db_reprepare(s, dbd);
    if (!stored) {
        stored = apr_palloc(dbd->pool, sizeof *stored);
        apr_pool_userdata_setn(stored, PSERV_PID_KEY, NULL, dbd->pool);
    }
    *stored = pid;
    return 1;
}

static apr_status_t pserv_db_cleanup(void *data)
{
    pserv_db *db = data;

    /* A transaction never goes back to the pool open. */
    if (db->in_txn)
        pserv_db_rollback(db);
    return APR_SUCCESS;
}

pserv_db *pserv_db_get(request_rec *r)
{
    pserv_db *db;
    ap_dbd_t *dbd = ap_dbd_acquire(r);
    int ready = dbd ? pserv_db_ready(r->server, r, r->pool, dbd) : -1;

    if (ready != 1) {
        /* 503: the maintenance page when the schema is wrong */
        pserv_req_get(r)->db_down = 1;
        if (ready < 0)
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          "pserv[DB03]: no database connection");
        return NULL;
    }
    db = apr_pcalloc(r->pool, sizeof *db);
    db->r = r;
    db->dbd = dbd;
    db->calls = &pserv_req_get(r)->db_calls;
    /* Registered after ap_dbd_acquire's cleanup, so it runs before the
     * connection is released. */
    apr_pool_cleanup_register(r->pool, db, pserv_db_cleanup,
                              apr_pool_cleanup_null);
    return db;
}

static apr_dbd_prepared_t *pserv_db_stmt(pserv_db *db, pserv_sql_id id)
{
    return apr_hash_get(db->dbd->prepared, pserv_stmts[id].label,
                        APR_HASH_KEY_STRING);
}

/* After a failure outside a transaction: if the connection broke (the
 * server restarted), reset it and prepare again. 1 when worth a retry. */
static int pserv_db_recover(pserv_db *db)
{
    PGconn *pg = pserv_db_pgconn(db->dbd);

    if (db->in_txn || !pg || PQstatus(pg) == CONNECTION_OK)
        return 0;
    PQreset(pg);
    if (PQstatus(pg) != CONNECTION_OK)
        return 0;
    return pserv_db_ready(db->r->server, db->r, db->r->pool, db->dbd) == 1;
}

/* A failure because the connection broke (the server restarted or went
 * away) is the database being unavailable: the request's error page says
 * 503, try again, rather than 500. */
static void pserv_db_note_down(pserv_db *db)
{
    PGconn *pg = pserv_db_pgconn(db->dbd);

    if (!pg || PQstatus(pg) != CONNECTION_OK)
        pserv_req_get(db->r)->db_down = 1;
}

static void pserv_db_log(pserv_db *db, pserv_sql_id id, int rv)
{
    if (db->in_txn)
        db->failed = 1;
    pserv_db_note_down(db);
    ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
        "pserv[DB04]: SQL %s failed: %s", pserv_stmts[id].label,
                  apr_dbd_error(db->dbd->driver, db->dbd->handle, rv));
}

/* Each statement is one round trip to PostgreSQL; the access log can show
 * the count per request (the note pserv-db). */
static void pserv_db_count(pserv_db *db)
{
    (*db->calls)++;
}

static const char **pserv_db_args(pserv_db *db, pserv_sql_id id, va_list ap)
{
    int i, n = pserv_stmts[id].nargs;
    const char **args = apr_palloc(db->r->pool, (n + 1) * sizeof *args);

    for (i = 0; i < n; i++)
        args[i] = va_arg(ap, const char *);
    args[n] = NULL;
    return args;
}

int pserv_db_select(pserv_db *db, pserv_sql_id id, apr_dbd_results_t **res,
                    ...)
{
    const char **args;
    va_list ap;
    int rv, tries = 0;

    va_start(ap, res);
    args = pserv_db_args(db, id, ap);
    va_end(ap);
    do {
        apr_dbd_prepared_t *stmt = pserv_db_stmt(db, id);
        if (!stmt)
            return APR_EGENERAL;
        *res = NULL;
        pserv_db_count(db);
        /* random = 1: sequential mode sleeps on an empty result. */
        rv = apr_dbd_pselect(db->dbd->driver, db->r->pool, db->dbd->handle,
                             res, stmt, 1, pserv_stmts[id].nargs, args);
    } while (rv && tries++ == 0 && pserv_db_recover(db));
    if (rv)
        pserv_db_log(db, id, rv);
    return rv;
}

int pserv_db_query(pserv_db *db, pserv_sql_id id, int *nrows, ...)
{
    const char **args;
    va_list ap;
    int rv, tries = 0, n = 0;

    va_start(ap, nrows);
    args = pserv_db_args(db, id, ap);
    va_end(ap);
    do {
        apr_dbd_prepared_t *stmt = pserv_db_stmt(db, id);
        if (!stmt)
            return APR_EGENERAL;
        pserv_db_count(db);
        rv = apr_dbd_pquery(db->dbd->driver, db->r->pool, db->dbd->handle,
                            &n, stmt, pserv_stmts[id].nargs, args);
    } while (rv && tries++ == 0 && pserv_db_recover(db));
    if (rv)
        pserv_db_log(db, id, rv);
    if (nrows)
        *nrows = n;
    return rv;
}

/* Stop a query libpq is still receiving (the rest is then discarded). */
static void pserv_db_cancel(pserv_db *db, PGconn *pg)
{
    PGcancel *c = PQgetCancel(pg);
    char err[256];

    if (c && !PQcancel(c, err, sizeof err))
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, db->r,
                      "pserv[DB08]: cancelling a query failed: %s", err);
    if (c)
        PQfreeCancel(c);
}

int pserv_db_stream(pserv_db *db, pserv_sql_id id, pserv_db_row_fn fn,
                    void *ctx, ...)
{
    const char *vals[PSERV_DB_STREAM_COLS];
    const char **args;
    PGconn *pg = pserv_db_pgconn(db->dbd);
    PGresult *res;
    va_list ap;
    int sent = 0, stop = 0, failed = 0;

    if (!pg || !pserv_db_stmt(db, id))
        return APR_EGENERAL;
    va_start(ap, ctx);
    args = pserv_db_args(db, id, ap);
    va_end(ap);
    pserv_db_count(db);
    /* Prepared under its label (apr_dbd_pgsql's PREPARE name). */
    sent = PQsendQueryPrepared(pg, pserv_stmts[id].label,
                               pserv_stmts[id].nargs, args, NULL, NULL, 0);
    if (!sent && pserv_db_recover(db)) {
        pg = pserv_db_pgconn(db->dbd);
        sent = PQsendQueryPrepared(pg, pserv_stmts[id].label,
                                   pserv_stmts[id].nargs, args, NULL, NULL,
                                   0);
    }
    if (!sent) {
        pserv_db_note_down(db);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB04]: SQL %s failed: %s", pserv_stmts[id].label,
                      PQerrorMessage(pg));
        return APR_EGENERAL;
    }
    if (!PQsetSingleRowMode(pg))
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, db->r,
                      "pserv[DB08]: %s: no single-row mode, the rows come "
                      "all at once", pserv_stmts[id].label);
    /* Every result, to the last: the connection is idle again after. */
    while ((res = PQgetResult(pg))) {
        ExecStatusType st = PQresultStatus(res);

        if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) {
            int row, n = PQnfields(res), i;

            for (row = 0; row < PQntuples(res) && !stop && !failed; row++) {
                if (n > PSERV_DB_STREAM_COLS) {
                    failed = 1;
                    break;
                }
                for (i = 0; i < n; i++)
                    vals[i] = PQgetisnull(res, row, i)
                              ? NULL : PQgetvalue(res, row, i);
                if ((stop = fn(ctx, n, vals)) != 0)
                    pserv_db_cancel(db, pg);
            }
        }
        else if (!stop && !failed) {
            /* After a cancel, its error is expected: not logged. */
            failed = 1;
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                          "pserv[DB04]: SQL %s failed: %s",
                          pserv_stmts[id].label, PQresultErrorMessage(res));
        }
        PQclear(res);
    }
    if (failed) {
        pserv_db_note_down(db);
        return APR_EGENERAL;
    }
    return stop;
}

/* BEGIN, COMMIT, ROLLBACK as plain statements. apr_dbd_transaction_start
 * dereferences NULL when libpq cannot even send BEGIN (a connection the
 * server closed, e.g. across a PostgreSQL restart); apr_dbd_query copes. */
int pserv_db_exec(ap_dbd_t *dbd, const char *sql)
{
    int n = 0;

    return apr_dbd_query(dbd->driver, dbd->handle, &n, sql);
}

int pserv_db_begin(pserv_db *db)
{
    int rv;

    if (db->in_txn)
        return APR_EGENERAL;
    pserv_db_count(db);
    rv = pserv_db_exec(db->dbd, "BEGIN");
    if (rv && pserv_db_recover(db))
        rv = pserv_db_exec(db->dbd, "BEGIN");
    if (rv) {
        pserv_db_note_down(db);
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB05]: BEGIN failed: %s",
                      apr_dbd_error(db->dbd->driver, db->dbd->handle, rv));
        return rv;
    }
    db->in_txn = 1;
    db->failed = 0;
    return 0;
}

int pserv_db_end(pserv_db *db)
{
    int rv, failed;

    if (!db->in_txn)
        return APR_EGENERAL;
    /* After any error in the transaction every later statement fails
     * too; end it with ROLLBACK and say so. */
    failed = db->failed;
    pserv_db_count(db);
    rv = pserv_db_exec(db->dbd, failed ? "ROLLBACK" : "COMMIT");
    db->in_txn = 0;
    if (rv)
        pserv_db_note_down(db);
    if (rv && !failed)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB06]: COMMIT failed: %s",
                      apr_dbd_error(db->dbd->driver, db->dbd->handle, rv));
    return rv ? rv : failed ? APR_EGENERAL : 0;
}

void pserv_db_rollback(pserv_db *db)
{
    if (!db->in_txn)
        return;
    pserv_db_count(db);
    (void)pserv_db_exec(db->dbd, "ROLLBACK");
    db->in_txn = 0;
}

apr_dbd_row_t *pserv_db_row(pserv_db *db, apr_dbd_results_t *res, int n)
{
    apr_dbd_row_t *row = NULL;      /* a fresh row: a used one keeps its
                                     * old result set */

    if (!res || apr_dbd_get_row(db->dbd->driver, db->r->pool, res, &row, n))
        return NULL;
    return row;
}

const char *pserv_db_col(pserv_db *db, apr_dbd_row_t *row, int col)
{
    /* apr_dbd_get_entry gives "" for SQL NULL; datum_get tells them apart.
     * A copy: apr_dbd_pgsql frees the whole result (PQclear) as soon as a
     * row past its end is asked for. */
    char *v = NULL;

    if (apr_dbd_datum_get(db->dbd->driver, row, col, APR_DBD_TYPE_STRING, &v)
        != APR_SUCCESS || !v)
        return NULL;
    return apr_pstrdup(db->r->pool, v);
}

/* COPY text format: backslash, tab, newline and return escaped. */
static const char *pserv_db_copy_text(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) * 2 + 1), *o = out;

    for (; *s; s++) {
        const char *e = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t"
                      : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" : NULL;
        if (e) {
            *o++ = e[0];
            *o++ = e[1];
        }
        else
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

/* One draft attachment from its spool file, streamed to PostgreSQL with
 * COPY in fixed pieces: neither the module nor libpq ever holds the whole
 * file. The connection is idle again when this returns, whatever
 * happened. 0 on success. */
int pserv_db_draft_file_copy(pserv_db *db, const char *hash,
                             const char *filename, const char *content_type,
                             apr_off_t size, apr_file_t *spool)
{
    static const char hex[] = "0123456789abcdef";
    PGconn *pg = pserv_db_pgconn(db->dbd);
    PGresult *res;
    unsigned char in[16384];
    char out[2 * sizeof in];
    const char *head, *abort_msg = NULL;
    apr_off_t at = 0;
    apr_status_t rv = APR_SUCCESS;
    int ok;

    if (!pg || db->in_txn)
        return APR_EGENERAL;
    (*db->calls) += 2;              /* COPY, then its end */
    res = PQexec(pg, "COPY draft_attachments (token_hash, filename,"
                     " content_type, size, data) FROM STDIN");
    ok = PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, db->r,
                      "pserv[DB07]: COPY of an attachment refused: %s",
                      PQerrorMessage(pg));
    PQclear(res);
    if (!ok)
        return APR_EGENERAL;

    head = apr_psprintf(db->r->pool, "\\\\x%s\t%s\t%s\t%" APR_OFF_T_FMT
                        "\t\\\\x", hash, pserv_db_copy_text(db->r->pool,
                        filename), content_type, size);
    if (PQputCopyData(pg, head, (int)strlen(head)) != 1
        || apr_file_seek(spool, APR_SET, &at) != APR_SUCCESS)
        abort_msg = "cannot send the attachment";
    while (!abort_msg) {
        apr_size_t n = sizeof in, i;
        rv = apr_file_read(spool, in, &n);
        if (rv == APR_EOF || (rv == APR_SUCCESS && n == 0))
            break;
        if (rv != APR_SUCCESS) {
            abort_msg = "cannot read the spooled attachment";
            break;
        }
        for (i = 0; i < n; i++) {
            out[2 * i] = hex[in[i] >> 4];
            out[2 * i + 1] = hex[in[i] & 15];
        }
        if (PQputCopyData(pg, out, (int)(2 * n)) != 1)
            abort_msg = "cannot send the attachment";
    }
    if (!abort_msg && PQputCopyData(pg, "\n", 1) != 1)
        abort_msg = "cannot send the attachment";
    ok = PQputCopyEnd(pg, abort_msg) == 1;
    /* The COPY's outcome, then nothing more: the connection is idle. */
    while ((res = PQgetResult(pg))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            ok = 0;
        PQclear(res);
    }
    if (!ok || abort_msg) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, db->r,
                      "pserv[DB07]: COPY of an attachment failed: %s",
                      abort_msg ? abort_msg : PQerrorMessage(pg));
        return APR_EGENERAL;
    }
    return 0;
}

/* ---- outside a request (the mail worker) ---- */

ap_dbd_t *pserv_db_open(apr_pool_t *p, server_rec *s)
{
    ap_dbd_t *dbd = ap_dbd_open(p, s);      /* checks and resets the link */

    if (dbd && pserv_db_ready(s, NULL, p, dbd) != 1) {
        ap_dbd_close(s, dbd);
        return NULL;
    }
    return dbd;
}

static const char **pserv_db_args_on(apr_pool_t *p, pserv_sql_id id,
                                     va_list ap)
{
    int i, n = pserv_stmts[id].nargs;
    const char **args = apr_palloc(p, (n + 1) * sizeof *args);

    for (i = 0; i < n; i++)
        args[i] = va_arg(ap, const char *);
    args[n] = NULL;
    return args;
}

static int pserv_db_stmt_on(ap_dbd_t *dbd, server_rec *s, pserv_sql_id id,
                            apr_dbd_prepared_t **stmt)
{
    *stmt = apr_hash_get(dbd->prepared, pserv_stmts[id].label,
                         APR_HASH_KEY_STRING);
    if (!*stmt)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
            "pserv[DB04]: SQL %s is not prepared", pserv_stmts[id].label);
    return *stmt ? 0 : APR_EGENERAL;
}

int pserv_db_select_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                       pserv_sql_id id, apr_dbd_results_t **res, ...)
{
    apr_dbd_prepared_t *stmt;
    const char **args;
    va_list ap;
    int rv;

    *res = NULL;
    if (pserv_db_stmt_on(dbd, s, id, &stmt))
        return APR_EGENERAL;
    va_start(ap, res);
    args = pserv_db_args_on(p, id, ap);
    va_end(ap);
    /* random = 1: sequential mode sleeps on an empty result. */
    rv = apr_dbd_pselect(dbd->driver, p, dbd->handle, res, stmt, 1,
                         pserv_stmts[id].nargs, args);
    if (rv)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
            "pserv[DB04]: SQL %s failed: %s", pserv_stmts[id].label,
                     apr_dbd_error(dbd->driver, dbd->handle, rv));
    return rv;
}

int pserv_db_query_on(ap_dbd_t *dbd, apr_pool_t *p, server_rec *s,
                      pserv_sql_id id, int *nrows, ...)
{
    apr_dbd_prepared_t *stmt;
    const char **args;
    va_list ap;
    int rv, n = 0;

    if (pserv_db_stmt_on(dbd, s, id, &stmt))
        return APR_EGENERAL;
    va_start(ap, nrows);
    args = pserv_db_args_on(p, id, ap);
    va_end(ap);
    rv = apr_dbd_pquery(dbd->driver, p, dbd->handle, &n, stmt,
                        pserv_stmts[id].nargs, args);
    if (rv)
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, s,
            "pserv[DB04]: SQL %s failed: %s", pserv_stmts[id].label,
                     apr_dbd_error(dbd->driver, dbd->handle, rv));
    if (nrows)
        *nrows = n;
    return rv;
}

/* Count one more hit for (bucket, client address) in a fixed window; 1
 * when that is more than max (the caller refuses), 0 otherwise. A
 * database failure does not lock people out: it counts as allowed. */
int pserv_rate_limited(request_rec *r, const char *bucket, int max,
                       int window_secs)
{
    pserv_db *db = pserv_db_get(r);
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    const char *w = apr_itoa(r->pool, window_secs);

    if (!db || pserv_db_select(db, PSERV_SQL_RATE_HIT, &res, bucket,
                               r->useragent_ip, pserv_now_sql(r), w, w) != 0
        || !(row = pserv_db_row(db, res, 1)))
        return 0;
    return apr_atoi64(pserv_db_col(db, row, 0)) > max;
}

const char *pserv_i64s(request_rec *r, apr_int64_t v)
{
    return apr_psprintf(r->pool, "%" APR_INT64_T_FMT, v);
}
