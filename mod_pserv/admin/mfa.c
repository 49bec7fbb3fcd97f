/*
 * mfa.c: pserv-admin's second-factor commands (the module's mfa.c does
 * the rest):
 *   mfa-set USERNAME --key FILE [--if-unset]
 *       the account's TOTP secret (base32 on standard input), sealed with
 *       the key of FILE (PservMFAKeyFile's) and enrolled: the demo data
 *       (scripts/dev.sh) and moving an enrolment between systems;
 *   mfa-reset USERNAME
 *       as the Administrator's Reset Verifikasi Dua Langkah: the secret,
 *       recovery codes and pending states go, the sessions end.
 */
#include "pserv_admin.h"
#include "pserv_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_lib.h>

typedef struct {
    apr_dbd_prepared_t *find, *set, *set_if_unset, *reset;
} pserv_admin_mfa_sql_t;

static const pserv_admin_stmt_t pserv_admin_mfa_stmts[] = {
    { "pserv_admin_mfa_find",
      "SELECT id FROM accounts WHERE username = lower(%s)",
      APR_OFFSETOF(pserv_admin_mfa_sql_t, find) },
    { "pserv_admin_mfa_set",
      "INSERT INTO account_mfa (account_id, secret, enabled_at, created_at)"
      " VALUES (%s::bigint, decode(%s, 'hex'), now(), now())"
      " ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret,"
      " enabled_at = now(), last_step = 0 RETURNING 1",
      APR_OFFSETOF(pserv_admin_mfa_sql_t, set) },
    { "pserv_admin_mfa_set_if_unset",
      "INSERT INTO account_mfa (account_id, secret, enabled_at, created_at)"
      " VALUES (%s::bigint, decode(%s, 'hex'), now(), now())"
      " ON CONFLICT (account_id) DO NOTHING RETURNING 1",
      APR_OFFSETOF(pserv_admin_mfa_sql_t, set_if_unset) },
    { "pserv_admin_mfa_reset",
      "WITH a AS (SELECT id FROM accounts WHERE username = lower(%s)),"
      " r AS (DELETE FROM mfa_recovery x USING a WHERE x.account_id = a.id),"
      " p AS (DELETE FROM mfa_pending x USING a WHERE x.account_id = a.id),"
      " f AS (DELETE FROM mfa_failures x USING a WHERE x.account_id = a.id),"
      " s AS (DELETE FROM sessions x USING a WHERE x.account_id = a.id"
      "   RETURNING 1),"
      " m AS (DELETE FROM account_mfa x USING a WHERE x.account_id = a.id"
      "   RETURNING 1)"
      " SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM m),"
      " (SELECT count(*) FROM s)",
      APR_OFFSETOF(pserv_admin_mfa_sql_t, reset) },
};

/* The key in FILE (64 hex digits, as PservMFAKeyFile's), or NULL. */
static unsigned char *pserv_admin_mfa_key(apr_pool_t *p, const char *file)
{
    char *text = NULL, *s, *e;
    apr_file_t *f;
    apr_size_t n = 130;
    unsigned char *key;

    text = apr_pcalloc(p, n + 1);
    if (apr_file_open(&f, file, APR_FOPEN_READ, 0, p) != APR_SUCCESS)
        return NULL;
    apr_file_read(f, text, &n);
    apr_file_close(f);
    for (s = text; apr_isspace(*s); s++)
        ;
    for (e = s + strlen(s); e > s && apr_isspace(e[-1]); e--)
        ;
    *e = '\0';
    if (strlen(s) != 2 * PSERV_MFA_KEY_BYTES || !(key = pserv_unhex(p, s, &n))
        || n != PSERV_MFA_KEY_BYTES)
        return NULL;
    return key;
}

int pserv_admin_cmd_mfa_set(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                            const char *const *argv)
{
    pserv_admin_mfa_sql_t sql;
    const char *user = NULL, *file = getenv("PSERV_MFA_KEY_FILE"), *id;
    const char *args[2];
    char line[256];
    unsigned char *key, *secret, *sealed;
    apr_size_t n = 0, m = 0;
    apr_dbd_results_t *res;
    int i, if_unset = 0, rows;

    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--if-unset") == 0)
            if_unset = 1;
        else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
            file = argv[++i];
        else if (!user && argv[i][0] != '-')
            user = argv[i];
        else {
            pserv_admin_err("mfa-set: unexpected argument \"%s\"", argv[i]);
            return PSERV_ADMIN_EXIT_USAGE;
        }
    }
    if (!user || !file) {
        pserv_admin_err("mfa-set: USERNAME and --key FILE (or "
                        "$PSERV_MFA_KEY_FILE) needed");
        return PSERV_ADMIN_EXIT_USAGE;
    }
    if (!(key = pserv_admin_mfa_key(p, file))) {
        pserv_admin_err("mfa-set: %s must hold the key as 64 hexadecimal "
                        "digits (as PservMFAKeyFile)",
                        file);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (!fgets(line, sizeof line, stdin)) {
        pserv_admin_err("mfa-set: no secret (base32) on standard input");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    line[strcspn(line, "\r\n")] = '\0';
    secret = pserv_base32_decode(p, line, &n);
    explicit_bzero(line, sizeof line);
    if (!secret || n < 10 || n > 64) {
        pserv_admin_err("mfa-set: the secret must be base32 of 10 to 64 "
                        "bytes");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_mfa_stmts, 4))
        return PSERV_ADMIN_EXIT_FAIL;
    rows = pserv_admin_run(db, p, sql.find, &res, 1, &user);
    if (rows <= 0 || !(id = pserv_admin_first(db, p, res, 0))) {
        pserv_admin_err(rows < 0 ? "mfa-set: %s"
                                 : "mfa-set: no account with username \"%s\"",
                        rows < 0 ? db->error : user);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    sealed = pserv_mfa_seal(p, key, apr_pstrcat(p, "pserv-mfa:", id, NULL),
                            secret, n, &m);
    explicit_bzero(secret, n);
    if (!sealed) {
        pserv_admin_err("mfa-set: sealing failed");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    args[0] = id;
    args[1] = pserv_hex(p, sealed, m);
    rows = pserv_admin_run(db, p, if_unset ? sql.set_if_unset : sql.set, &res,
                           2, args);
    if (rows < 0) {
        pserv_admin_err("mfa-set: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    printf(rows ? "%s: second factor enrolled\n"
                : "%s already has a second factor; left unchanged\n",
           user);
    return PSERV_ADMIN_EXIT_OK;
}

int pserv_admin_cmd_mfa_reset(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                              const char *const *argv)
{
    pserv_admin_mfa_sql_t sql;
    apr_dbd_results_t *res;
    const char *user = argv[0], *found = NULL, *had, *ended;

    (void)argc;
    if (!pserv_admin_prepare_all(db, &sql, pserv_admin_mfa_stmts, 4))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("mfa-reset: %s", db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    if (pserv_admin_run(db, p, sql.reset, &res, 1, &user) < 0
        || !(found = pserv_admin_first(db, p, res, 0))
        || !(had = pserv_admin_first(db, p, res, 1))
        || !(ended = pserv_admin_first(db, p, res, 2))
        || !pserv_admin_end(db, strcmp(found, "0") != 0)) {
        if (db->tx)
            pserv_admin_end(db, 0);
        if (found && strcmp(found, "0") == 0) {
            pserv_admin_err("mfa-reset: no account with username \"%s\"", user);
            return PSERV_ADMIN_EXIT_FAIL;
        }
        pserv_admin_err("mfa-reset: %s", db->error ? db->error : "no answer");
        return PSERV_ADMIN_EXIT_FAIL;
    }
    printf("%s: second factor %s, %s sessions ended\n", user,
           strcmp(had, "0") ? "reset" : "was not set", ended);
    return PSERV_ADMIN_EXIT_OK;
}
