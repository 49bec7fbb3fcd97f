/*
 * account.c: pserv-admin create-account and password-link: an account
 * made from the command line (the first administrator, on a new install)
 * and a set-password link for it, the same link the module sends from the
 * Executor's Confirm, the Administrator's Kirim Link Password and Lupa
 * Password? (handle_password.c): 256 random bits from core/token.c, only
 * their SHA-256 in one_time_tokens (purpose set_password), a new link
 * revoking the older unused ones, spent by /password/set.
 *
 * The link goes to standard output, and with --mail also into mail_outbox,
 * in the same transaction as the account, for the module's mail worker to
 * deliver. The tool cannot read PservBaseURL from Apache's configuration:
 * the base URL comes from --base-url or PSERV_BASE_URL; without one only
 * the path is printed (and --mail is refused: a mail needs a whole link).
 */
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_env.h>
#include <apr_lib.h>
#include <apr_dbd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pserv_core.h"
#include "import.h"
#include "pserv_admin.h"

#define PSERV_ADMIN_LINK_LIFE     259200 /* PservTokenLifetime's default */
#define PSERV_ADMIN_LINK_LIFE_MIN 300
#define PSERV_ADMIN_LINK_LIFE_MAX (30 * 86400)
#define PSERV_ADMIN_NAME_MAX      200 /* accounts.full_name */

typedef struct {
    const char *user, *email, *roles, *name, *base_url, *lifetime;
    int mail;
} pserv_admin_acct_opts_t;

typedef struct {
    apr_dbd_prepared_t *create;
    apr_dbd_prepared_t *find;
    apr_dbd_prepared_t *revoke;
    apr_dbd_prepared_t *token;
    apr_dbd_prepared_t *mail;
    pserv_admin_roles_sql_t roles;
} pserv_admin_acct_sql_t;

static const pserv_admin_stmt_t pserv_admin_acct_stmts[] = {
    /* username, full name, e-mail -> id; no row when the username is taken
     * (NOT EXISTS first: a refused insert takes no number from the id
     * sequence; ON CONFLICT for a concurrent one) */
    { "pserv_admin_acct_create",
      "INSERT INTO accounts (username, full_name, email)"
      " SELECT arg.u, %s, %s FROM (SELECT %s::text AS u) arg"
      " WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE username = arg.u)"
      " ON CONFLICT (username) DO NOTHING RETURNING id",
      APR_OFFSETOF(pserv_admin_acct_sql_t, create) },
    /* username -> id, e-mail, full name, active */
    { "pserv_admin_acct_find",
      "SELECT id, coalesce(email, ''), full_name, active FROM accounts"
      " WHERE username = %s FOR UPDATE",
      APR_OFFSETOF(pserv_admin_acct_sql_t, find) },
    /* account id: earlier unused links stop working (as pserv_token_revoke) */
    { "pserv_admin_acct_revoke",
      "UPDATE one_time_tokens SET revoked_at = now()"
      " WHERE account_id = %s::bigint AND purpose = 'set_password'"
      " AND used_at IS NULL AND revoked_at IS NULL RETURNING 1",
      APR_OFFSETOF(pserv_admin_acct_sql_t, revoke) },
    /* hex hash, account id, lifetime (s) -> expiry (as pserv_token_add) */
    { "pserv_admin_acct_token",
      "INSERT INTO one_time_tokens (token_hash, purpose, account_id,"
      " expires_at) VALUES (decode(%s, 'hex'), 'set_password', %s::bigint,"
      " now() + make_interval(secs => %s::int))"
      " RETURNING to_char(expires_at, 'YYYY-MM-DD HH24:MI:SS TZ')",
      APR_OFFSETOF(pserv_admin_acct_sql_t, token) },
    /* to, subject, text (as pserv_mail_queue, without a request) */
    { "pserv_admin_acct_mail",
      "INSERT INTO mail_outbox (to_addr, subject, body_text)"
      " VALUES (%s, %s, %s) RETURNING id",
      APR_OFFSETOF(pserv_admin_acct_sql_t, mail) },
};

#define PSERV_ADMIN_ACCT_NSTMTS                                                \
    ((int)(sizeof pserv_admin_acct_stmts / sizeof *pserv_admin_acct_stmts))

/* The value of option name at argv[*i] ("--name VALUE" or "--name=VALUE"),
 * advancing *i; NULL when argv[*i] is not that option. *missing is set
 * when the option is there without its value. */
static const char *pserv_admin_optval(int argc, const char *const *argv, int *i,
                                      const char *name, int *missing)
{
    apr_size_t n = strlen(name);

    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}

/* Parse the arguments after the command; 0 after a message. allow lists
 * the options this command takes ("email roles name" ...). */
static int pserv_admin_acct_parse(apr_pool_t *p, const char *cmd,
                                  const char *allow, int argc,
                                  const char *const *argv,
                                  pserv_admin_acct_opts_t *o)
{
    static const char *const names[] = { "email", "roles", "name", "base-url",
                                         "lifetime" };
    int i, k;

    memset(o, 0, sizeof *o);
    for (i = 0; i < argc; i++) {
        const char **slots[5];
        const char *v = NULL;
        int missing = 0, matched = 0;

        slots[0] = &o->email;
        slots[1] = &o->roles;
        slots[2] = &o->name;
        slots[3] = &o->base_url;
        slots[4] = &o->lifetime;
        for (k = 0; k < 5 && !matched; k++) {
            const char *opt = apr_pstrcat(p, "--", names[k], NULL);
            if (!pserv_roles_contain(allow, names[k]))
                continue;
            v = pserv_admin_optval(argc, argv, &i, opt, &missing);
            if (missing) {
                pserv_admin_err("%s: %s needs a value", cmd, opt);
                return 0;
            }
            if (v) {
                *slots[k] = v;
                matched = 1;
            }
        }
        if (matched)
            continue;
        if (strcmp(argv[i], "--mail") == 0
            && pserv_roles_contain(allow, "mail"))
            o->mail = 1;
        else if (!o->user && argv[i][0] != '-')
            o->user = argv[i];
        else {
            pserv_admin_err(
                "%s: unexpected argument \"%s\" (try `" PSERV_ADMIN_NAME
                " help`)",
                cmd, argv[i]);
            return 0;
        }
    }
    if (!o->user) {
        pserv_admin_err("%s: USERNAME missing", cmd);
        return 0;
    }
    return 1;
}

/* The base URL without trailing slashes, from --base-url or PSERV_BASE_URL;
 * "" when neither is set, NULL after a message when it is not a URL. */
static const char *pserv_admin_base_url(apr_pool_t *p, const char *cmd,
                                        const char *given)
{
    char *env = NULL;
    const char *url = given, *c;
    apr_size_t n;

    if (!url && apr_env_get(&env, "PSERV_BASE_URL", p) == APR_SUCCESS)
        url = env;
    if (!url || !*url)
        return "";
    for (c = url; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == 0x7f || *c == '?' || *c == '#')
            break;
    if (*c
        || (strncmp(url, "https://", 8) != 0
            && strncmp(url, "http://", 7) != 0)) {
        pserv_admin_err("%s: the base URL \"%s\" must start with https:// (or "
                        "http://) and hold no spaces, ? or # (P-Serv's "
                        "PservBaseURL, e.g. https://pserv.example.com)",
                        cmd, url);
        return NULL;
    }
    n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    if (n <= strlen(url[4] == 's' ? "https://" : "http://")) {
        pserv_admin_err("%s: the base URL \"%s\" names no host", cmd, url);
        return NULL;
    }
    return apr_pstrndup(p, url, n);
}

/* --lifetime in seconds as a string; NULL after a message. */
static const char *pserv_admin_lifetime(apr_pool_t *p, const char *cmd,
                                        const char *given, long *secs)
{
    char *end;
    long v;

    if (!given) {
        *secs = PSERV_ADMIN_LINK_LIFE;
        return apr_ltoa(p, *secs);
    }
    v = strtol(given, &end, 10);
    if (!apr_isdigit(*given) || *end || v < PSERV_ADMIN_LINK_LIFE_MIN
        || v > PSERV_ADMIN_LINK_LIFE_MAX) {
        pserv_admin_err("%s: --lifetime must be a number of seconds from %d "
                        "to %d (default %d, PservTokenLifetime's)",
                        cmd, PSERV_ADMIN_LINK_LIFE_MIN,
                        PSERV_ADMIN_LINK_LIFE_MAX, PSERV_ADMIN_LINK_LIFE);
        return NULL;
    }
    *secs = v;
    return apr_ltoa(p, v);
}

/* "72 jam" or "90 menit", for the mail. */
static const char *pserv_admin_life_words(apr_pool_t *p, long secs)
{
    if (secs % 3600 == 0)
        return apr_psprintf(p, "%ld jam", secs / 3600);
    return apr_psprintf(p, "%ld menit", (secs + 59) / 60);
}

/* Revoke older links, store a new one and, with --mail, queue its mail.
 * Inside the caller's transaction. The token, or NULL after a message. */
static const char *
pserv_admin_link_make(pserv_admin_db_t *db, apr_pool_t *p, const char *cmd,
                      const pserv_admin_acct_sql_t *sql,
                      const pserv_admin_acct_opts_t *o, const char *id,
                      const char *to, const char *full_name, const char *base,
                      long secs, const char **expires, int created)
{
    apr_dbd_results_t *res;
    const char *token = pserv_token_new(p), *args[3], *link, *text;

    if (!token) {
        pserv_admin_err("%s: no random bytes for the link", cmd);
        return NULL;
    }
    args[0] = id;
    if (pserv_admin_run(db, p, sql->revoke, &res, 1, args) < 0)
        goto db_fail;
    args[0] = pserv_token_hash(p, token);
    args[1] = id;
    args[2] = apr_ltoa(p, secs);
    if (pserv_admin_run(db, p, sql->token, &res, 3, args) != 1
        || !(*expires = pserv_admin_first(db, p, res, 0)))
        goto db_fail;
    if (!o->mail)
        return token;
    link = apr_pstrcat(p, base, "/password/set?token=", token, NULL);
    text = apr_psprintf(
        p,
        "Yth. %s,\n\n%s\n\nUser ID         : %s\n\n"
        "Buat password Anda melalui link berikut (berlaku %s, hanya sekali "
        "pakai):\n%s\n\nSetelah itu, login ke P-Serv dengan User ID dan "
        "password tersebut.\n\n-- \nP-Serv, PT Pertamina Retail\n",
        full_name,
        created
            ? "Administrator P-Serv telah membuat User ID untuk Anda."
            : "Administrator P-Serv mengirim link untuk membuat password "
              "User ID Anda. Link yang dikirim sebelumnya tidak berlaku lagi.",
        o->user, pserv_admin_life_words(p, secs), link);
    args[0] = to;
    args[1] = created ? "[P-Serv] User ID Anda telah dibuat"
                      : "[P-Serv] Link pembuatan password User ID Anda";
    args[2] = text;
    if (pserv_admin_run(db, p, sql->mail, &res, 3, args) != 1)
        goto db_fail;
    return token;

db_fail:
    pserv_admin_err("%s: %s", cmd, db->error ? db->error : "no row written");
    return NULL;
}

/* What the operator reads: the link (or its path), how long it lives. */
static void pserv_admin_link_print(const pserv_admin_acct_opts_t *o,
                                   const char *base, const char *token,
                                   const char *expires, const char *to)
{
    printf("set-password link for %s (single use, valid until %s):\n", o->user,
           expires);
    if (*base)
        printf("%s/password/set?token=%s\n", base, token);
    else {
        printf("/password/set?token=%s\n", token);
        printf("(no base URL given: put P-Serv's PservBaseURL before this "
               "path, or pass --base-url or set PSERV_BASE_URL)\n");
    }
    if (o->mail)
        printf("mail to %s queued in mail_outbox\n", to);
}

/* The checks before any database work; 0 after a message. */
static int pserv_admin_acct_check(apr_pool_t *p, const char *cmd,
                                  pserv_admin_acct_opts_t *o, const char **base,
                                  const char **array, long *secs)
{
    const char *bad = NULL;

    if (!pserv_valid_username(o->user)) {
        pserv_admin_err("%s: invalid username \"%s\": 3 to 32 of a-z 0-9 . _ "
                        "-, starting with a letter or digit",
                        cmd, o->user);
        return 0;
    }
    if (!(*base = pserv_admin_base_url(p, cmd, o->base_url)))
        return 0;
    if (o->mail && !**base) {
        pserv_admin_err("%s: --mail needs the base URL (--base-url or "
                        "PSERV_BASE_URL): a mailed link must be whole",
                        cmd);
        return 0;
    }
    if (!pserv_admin_lifetime(p, cmd, o->lifetime, secs))
        return 0;
    if (!array)
        return 1;
    if (!o->email) {
        pserv_admin_err("%s: --email ADDRESS missing (the account's e-mail, "
                        "where Lupa Password? sends links)",
                        cmd);
        return 0;
    }
    if (!pserv_valid_email(o->email)) {
        pserv_admin_err("%s: invalid e-mail address \"%s\"", cmd, o->email);
        return 0;
    }
    if (o->name
        && (!*pserv_trim(p, o->name)
            || !pserv_valid_text(o->name, PSERV_ADMIN_NAME_MAX, 0))) {
        pserv_admin_err("%s: --name must be 1 to %d characters of text on "
                        "one line",
                        cmd, PSERV_ADMIN_NAME_MAX);
        return 0;
    }
    *array = "{}"; /* no --roles: a plain user */
    if (o->roles) {
        char *list = apr_pstrdup(p, o->roles), *c;
        for (c = list; *c; c++)
            if (*c == ',')
                *c = ' ';
        *array = pserv_import_roles_array(p, list, &bad);
        if (!*array) {
            pserv_admin_err("%s: unknown role \"%s\" (known: admin, "
                            "ict_verificator, ict_manager, ict_executor)",
                            cmd, bad);
            return 0;
        }
    }
    return 1;
}

/* "{admin,ict_manager}" as "admin ict_manager", "{}" as "none". */
static const char *pserv_admin_roles_words(apr_pool_t *p, const char *array)
{
    char *s = apr_pstrndup(p, array + 1, strlen(array) - 2), *c;

    for (c = s; *c; c++)
        if (*c == ',')
            *c = ' ';
    return *s ? s : "none";
}

static int pserv_admin_acct_prepare(pserv_admin_db_t *db,
                                    pserv_admin_acct_sql_t *sql)
{
    return pserv_admin_prepare_all(db, sql, pserv_admin_acct_stmts,
                                   PSERV_ADMIN_ACCT_NSTMTS)
           && pserv_admin_prepare_all(db, &sql->roles, pserv_admin_roles_stmts,
                                      2);
}

/* End the command's transaction: commit when rc is OK (a failed COMMIT
 * makes it a failure), else roll back. The command's exit code. */
static int pserv_admin_finish(pserv_admin_db_t *db, const char *cmd, int rc)
{
    if (!pserv_admin_end(db, rc == PSERV_ADMIN_EXIT_OK)
        && rc == PSERV_ADMIN_EXIT_OK) {
        pserv_admin_err("%s: %s", cmd, db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    return rc;
}

/* create-account USERNAME --email ADDRESS [--roles R1,R2] [--name NAME]
 * [--base-url URL] [--lifetime SECONDS] [--mail] */
int pserv_admin_cmd_create_account(pserv_admin_db_t *db, apr_pool_t *p,
                                   int argc, const char *const *argv)
{
    static const char cmd[] = "create-account";
    pserv_admin_acct_opts_t o;
    pserv_admin_acct_sql_t sql;
    apr_dbd_results_t *res;
    const char *base, *array = "", *id = NULL, *args[3], *name;
    const char *token = NULL, *expires = NULL;
    long secs;
    int n, rc = PSERV_ADMIN_EXIT_FAIL;

    if (!pserv_admin_acct_parse(p, cmd,
                                "email roles name base-url lifetime "
                                "mail",
                                argc, argv, &o)
        || !pserv_admin_acct_check(p, cmd, &o, &base, &array, &secs))
        return PSERV_ADMIN_EXIT_USAGE;
    name = o.name ? pserv_trim(p, o.name) : pserv_admin_plain_name(p, o.user);
    if (!pserv_admin_acct_prepare(db, &sql))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("%s: %s", cmd, db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    args[0] = name;
    args[1] = o.email;
    args[2] = o.user;
    n = pserv_admin_run(db, p, sql.create, &res, 3, args);
    if (n == 0) {
        pserv_admin_err("%s: an account with username \"%s\" already exists; "
                        "left unchanged (a new link: `" PSERV_ADMIN_NAME
                        " password-link %s`; roles: `set-roles`)",
                        cmd, o.user, o.user);
        rc = PSERV_ADMIN_EXIT_EXISTS;
    }
    else if (n < 0 || !(id = pserv_admin_first(db, p, res, 0)))
        pserv_admin_err("%s: %s", cmd, db->error ? db->error : "no id");
    else if (pserv_admin_roles_apply(db, p, &sql.roles, id, array) < 0)
        pserv_admin_err("%s: %s", cmd, db->error);
    else if ((token = pserv_admin_link_make(db, p, cmd, &sql, &o, id, o.email,
                                            name, base, secs, &expires, 1)))
        rc = PSERV_ADMIN_EXIT_OK;
    if ((rc = pserv_admin_finish(db, cmd, rc)) != PSERV_ADMIN_EXIT_OK)
        return rc;
    printf("created account %s (%s <%s>), roles: %s\n", o.user, name, o.email,
           pserv_admin_roles_words(p, array));
    pserv_admin_link_print(&o, base, token, expires, o.email);
    return PSERV_ADMIN_EXIT_OK;
}

/* password-link USERNAME [--base-url URL] [--lifetime SECONDS] [--mail] */
int pserv_admin_cmd_password_link(pserv_admin_db_t *db, apr_pool_t *p, int argc,
                                  const char *const *argv)
{
    static const char cmd[] = "password-link";
    pserv_admin_acct_opts_t o;
    pserv_admin_acct_sql_t sql;
    apr_dbd_results_t *res;
    const char *base, *id = NULL, *to = "", *name = "", *active = "";
    const char *token = NULL, *expires = NULL;
    apr_dbd_row_t *row = NULL;
    long secs;
    int n, rc = PSERV_ADMIN_EXIT_FAIL;

    if (!pserv_admin_acct_parse(p, cmd, "base-url lifetime mail", argc, argv,
                                &o)
        || !pserv_admin_acct_check(p, cmd, &o, &base, NULL, &secs))
        return PSERV_ADMIN_EXIT_USAGE;
    if (!pserv_admin_acct_prepare(db, &sql))
        return PSERV_ADMIN_EXIT_FAIL;
    if (!pserv_admin_begin(db)) {
        pserv_admin_err("%s: %s", cmd, db->error);
        return PSERV_ADMIN_EXIT_FAIL;
    }
    n = pserv_admin_run(db, p, sql.find, &res, 1, &o.user);
    if (n > 0 && apr_dbd_get_row(db->drv, p, res, &row, -1) == 0) {
        id = apr_pstrdup(p, apr_dbd_get_entry(db->drv, row, 0));
        to = apr_pstrdup(p, apr_dbd_get_entry(db->drv, row, 1));
        name = apr_pstrdup(p, apr_dbd_get_entry(db->drv, row, 2));
        active = apr_pstrdup(p, apr_dbd_get_entry(db->drv, row, 3));
    }
    if (n < 0)
        pserv_admin_err("%s: %s", cmd, db->error);
    else if (!id)
        pserv_admin_err("%s: no account with username \"%s\"", cmd, o.user);
    else if (*active != 't')
        pserv_admin_err("%s: the account \"%s\" is deactivated: a link would "
                        "not work",
                        cmd, o.user);
    else if (o.mail && !*to)
        pserv_admin_err("%s: the account \"%s\" has no e-mail address to "
                        "mail the link to",
                        cmd, o.user);
    else if ((token = pserv_admin_link_make(db, p, cmd, &sql, &o, id, to, name,
                                            base, secs, &expires, 0)))
        rc = PSERV_ADMIN_EXIT_OK;
    if ((rc = pserv_admin_finish(db, cmd, rc)) != PSERV_ADMIN_EXIT_OK)
        return rc;
    pserv_admin_link_print(&o, base, token, expires, to);
    printf("earlier unused links of %s no longer work\n", o.user);
    return PSERV_ADMIN_EXIT_OK;
}
