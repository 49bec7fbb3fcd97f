/*
 * import.c: the import files' columns, and reading and checking their
 * rows (see import.h).
 */
#include "import.h"
#include "pserv_core.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <apr_lib.h>
#include <apr_strings.h>

/* ---- roles ---- */

static const char *const pserv_import_roles[] = { "admin", "ict_verificator",
                                                  "ict_manager", "ict_executor",
                                                  NULL };

static int pserv_import_is_role(const char *s)
{
    int i;

    for (i = 0; pserv_import_roles[i]; i++)
        if (strcmp(s, pserv_import_roles[i]) == 0)
            return 1;
    return 0;
}

const char *pserv_import_roles_array(apr_pool_t *p, const char *list,
                                     const char **bad)
{
    char *copy = apr_pstrdup(p, list), *last, *tok;
    const char *out = "";
    apr_hash_t *seen = apr_hash_make(p);

    for (tok = apr_strtok(copy, " ", &last); tok;
         tok = apr_strtok(NULL, " ", &last)) {
        if (!pserv_import_is_role(tok)) {
            *bad = tok;
            return NULL;
        }
        if (apr_hash_get(seen, tok, APR_HASH_KEY_STRING))
            continue;
        apr_hash_set(seen, tok, APR_HASH_KEY_STRING, tok);
        out = *out ? apr_pstrcat(p, out, ",", tok, NULL) : tok;
    }
    return apr_pstrcat(p, "{", out, "}", NULL);
}

static int pserv_import_valid_kind(const char *s)
{
    return strcmp(s, "HO") == 0 || strcmp(s, "UNIT") == 0;
}

static int pserv_import_valid_employment(const char *s)
{
    return strcmp(s, "ORGANIK") == 0 || strcmp(s, "PKWT") == 0
           || strcmp(s, "TKJP") == 0;
}

/* The spellings of true and false the import accepts; NULL otherwise. */
const char *pserv_import_bool(const char *s)
{
    static const char *const yes[] = { "true", "t", "yes", "y", "1", NULL };
    static const char *const no[] = { "false", "f", "no", "n", "0", NULL };
    int i;

    for (i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return "true";
    for (i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return "false";
    return NULL;
}

static int pserv_import_valid_bool(const char *s)
{
    return pserv_import_bool(s) != NULL;
}

/* An integer in PostgreSQL's integer range. */
static int pserv_import_valid_int(const char *s)
{
    char *end;
    apr_int64_t v;

    if (!*s)
        return 0;
    v = apr_strtoi64(s, &end, 10);
    return *end == '\0' && v >= -2147483647 - 1 && v <= 2147483647;
}

static int pserv_import_valid_roles(const char *s)
{
    apr_pool_t *p;
    const char *bad;
    int ok;

    /* A private pool: validation runs once per row. */
    apr_pool_create(&p, NULL);
    ok = pserv_import_roles_array(p, s, &bad) != NULL;
    apr_pool_destroy(p);
    return ok;
}

#define PSERV_IMPORT_CODE_WHAT                                                 \
    "must be 1 to 32 of A-Z 0-9 _ - (upper case), starting with a letter or "  \
    "digit"
#define PSERV_IMPORT_NOPEK_WHAT "must be 4 to 20 digits"
#define PSERV_IMPORT_BOOL_WHAT  "must be true or false"

static const pserv_import_col pserv_import_unit_cols[] = {
    { "code", 0, 0, pserv_valid_code, PSERV_IMPORT_CODE_WHAT },
    { "name", 0, 200, NULL, NULL },
    { "kind", 0, 0, pserv_import_valid_kind, "must be HO or UNIT" },
    { "head_nopek", PSERV_IMPORT_VAL_OPTIONAL, 0, pserv_valid_nopek,
      PSERV_IMPORT_NOPEK_WHAT },
    { "active", PSERV_IMPORT_COL_OPTIONAL | PSERV_IMPORT_VAL_OPTIONAL, 0,
      pserv_import_valid_bool, PSERV_IMPORT_BOOL_WHAT },
};

static const pserv_import_col pserv_import_employee_cols[] = {
    { "nopek", 0, 0, pserv_valid_nopek, PSERV_IMPORT_NOPEK_WHAT },
    { "full_name", 0, 200, NULL, NULL },
    { "position", PSERV_IMPORT_VAL_OPTIONAL, 200, NULL, NULL },
    { "email", 0, 0, pserv_valid_email, "is not a valid e-mail address" },
    { "unit_code", 0, 0, pserv_valid_code, PSERV_IMPORT_CODE_WHAT },
    { "supervisor_nopek", PSERV_IMPORT_VAL_OPTIONAL, 0, pserv_valid_nopek,
      PSERV_IMPORT_NOPEK_WHAT },
    { "employment_type", 0, 0, pserv_import_valid_employment,
      "must be ORGANIK, PKWT or TKJP" },
    { "active", PSERV_IMPORT_COL_OPTIONAL | PSERV_IMPORT_VAL_OPTIONAL, 0,
      pserv_import_valid_bool, PSERV_IMPORT_BOOL_WHAT },
};

static const pserv_import_col pserv_import_platform_cols[] = {
    { "code", 0, 0, pserv_valid_code, PSERV_IMPORT_CODE_WHAT },
    { "name", 0, 200, NULL, NULL },
    { "sort_order", PSERV_IMPORT_COL_OPTIONAL | PSERV_IMPORT_VAL_OPTIONAL, 0,
      pserv_import_valid_int, "must be an integer" },
    { "active", PSERV_IMPORT_COL_OPTIONAL | PSERV_IMPORT_VAL_OPTIONAL, 0,
      pserv_import_valid_bool, PSERV_IMPORT_BOOL_WHAT },
};

static const pserv_import_col pserv_import_account_cols[] = {
    { "username", 0, 0, pserv_valid_username,
      "must be 3 to 32 of a-z 0-9 . _ - (lower case), starting with a letter "
      "or digit" },
    { "nopek", PSERV_IMPORT_VAL_OPTIONAL, 0, pserv_valid_nopek,
      PSERV_IMPORT_NOPEK_WHAT },
    { "roles", PSERV_IMPORT_VAL_OPTIONAL, 0, pserv_import_valid_roles,
      "must be a space-separated list of admin, ict_verificator, "
      "ict_manager, ict_executor" },
    { "active", PSERV_IMPORT_COL_OPTIONAL | PSERV_IMPORT_VAL_OPTIONAL, 0,
      pserv_import_valid_bool, PSERV_IMPORT_BOOL_WHAT },
};

#define PSERV_IMPORT_SPEC(file, cols)                                          \
    {                                                                          \
        file, cols, (int)(sizeof cols / sizeof *cols)                          \
    }

const pserv_import_spec pserv_import_units =
    PSERV_IMPORT_SPEC("units.csv", pserv_import_unit_cols);
const pserv_import_spec pserv_import_employees =
    PSERV_IMPORT_SPEC("employees.csv", pserv_import_employee_cols);
const pserv_import_spec pserv_import_platforms =
    PSERV_IMPORT_SPEC("platforms.csv", pserv_import_platform_cols);
const pserv_import_spec pserv_import_accounts =
    PSERV_IMPORT_SPEC("accounts.csv", pserv_import_account_cols);

/* Map header columns to spec columns: spec index -> CSV index or -1. */
static int *pserv_import_map_header(pserv_import_log *log, pserv_import_file *f,
                                    pserv_csv_reader_t *r)
{
    const pserv_import_spec *spec = f->spec;
    int *map = apr_palloc(log->pool, sizeof(int) * (apr_size_t)spec->ncols);
    int i, j, ok = 1;

    for (i = 0; i < spec->ncols; i++) {
        map[i] = pserv_csv_column_index(r, spec->cols[i].name);
        if (map[i] < 0 && !(spec->cols[i].flags & PSERV_IMPORT_COL_OPTIONAL)) {
            pserv_import_bad(log, f->path, 1, spec->cols[i].name,
                             "required column missing from the header");
            ok = 0;
        }
    }
    for (j = 0; j < pserv_csv_columns(r); j++) {
        const char *name = pserv_csv_column_name(r, j);
        for (i = 0; i < spec->ncols; i++)
            if (strcmp(name, spec->cols[i].name) == 0)
                break;
        if (i == spec->ncols) {
            /* Spreadsheets set to an Indonesian locale save with ';'. */
            pserv_import_bad(log, f->path, 1, name, "unknown column%s",
                             strchr(name, ';') ? " (fields must be separated "
                                                 "by commas, not semicolons)"
                                               : "");
            ok = 0;
        }
    }
    return ok ? map : NULL;
}

/* Check one value against its column; 1 when good. */
static int pserv_import_check_value(pserv_import_log *log, pserv_import_file *f,
                                    unsigned line, const pserv_import_col *col,
                                    const char *v)
{
    apr_size_t n = strlen(v);

    if (!*v) {
        if (col->flags & PSERV_IMPORT_VAL_OPTIONAL)
            return 1;
        pserv_import_bad(log, f->path, line, col->name, "required, but empty");
        return 0;
    }
    if (!pserv_valid_text(v, n, 0)) {
        pserv_import_bad(
            log, f->path, line, col->name,
            "invalid UTF-8 or a control character (line break, ...)");
        return 0;
    }
    if (apr_isspace(v[0]) || apr_isspace(v[n - 1])) {
        pserv_import_bad(log, f->path, line, col->name,
                         "leading or trailing space in \"%s\"", v);
        return 0;
    }
    if (col->check && !col->check(v)) {
        pserv_import_bad(log, f->path, line, col->name, "\"%s\" %s", v,
                         col->what);
        return 0;
    }
    if (!col->check && col->max_chars
        && !pserv_valid_text(v, col->max_chars, 0)) {
        pserv_import_bad(log, f->path, line, col->name,
                         "longer than %" APR_SIZE_T_FMT " characters",
                         col->max_chars);
        return 0;
    }
    return 1;
}

/* Turn one CSV record into a row; NULL when a value is bad. */
static pserv_import_row *pserv_import_make_row(pserv_import_log *log,
                                               pserv_import_file *f,
                                               const int *map,
                                               const pserv_csv_record_t *rec)
{
    const pserv_import_spec *spec = f->spec;
    pserv_import_row *row = apr_pcalloc(log->pool, sizeof *row);
    pserv_import_row *first;
    int i, ok = 1;

    row->line = rec->line;
    row->pos = f->rows->nelts + 1;
    row->v = apr_pcalloc(log->pool, sizeof(char *) * (apr_size_t)spec->ncols);
    for (i = 0; i < spec->ncols; i++) {
        const char *v = map[i] >= 0 ? rec->fields[map[i]] : "";
        if (!pserv_import_check_value(log, f, rec->line, &spec->cols[i], v))
            ok = 0;
        else if (*v)
            row->v[i] = v;
    }
    if (!row->v[0])
        return NULL;
    /* A bad row's key is still known, so rows referring to it do not get
     * a second, misleading "not found". */
    first = apr_hash_get(f->keys, row->v[0], APR_HASH_KEY_STRING);
    if (first) {
        pserv_import_bad(log, f->path, row->line, spec->cols[0].name,
                         "duplicate \"%s\" (first on line %u)", row->v[0],
                         first->line);
        return NULL;
    }
    apr_hash_set(f->keys, row->v[0], APR_HASH_KEY_STRING, row);
    return ok ? row : NULL;
}

static void pserv_import_csv_error(pserv_import_log *log, pserv_import_file *f,
                                   pserv_csv_reader_t *r)
{
    const char *field = pserv_csv_column_name(r, pserv_csv_error_field(r));

    pserv_import_bad(log, f->path, pserv_csv_error_line(r),
                     field ? field : "record", "%s", pserv_csv_error(r));
}

void pserv_import_bad(pserv_import_log *log, const char *path, unsigned line,
                      const char *field, const char *fmt, ...)
{
    va_list ap;
    const char *msg;

    va_start(ap, fmt);
    msg = apr_pvsprintf(log->pool, fmt, ap);
    va_end(ap);
    log->errors++;
    if (log->report)
        log->report(log->ctx, path, line, field, msg);
}

void pserv_import_file_init(pserv_import_log *log, pserv_import_file *f,
                            const pserv_import_spec *spec, const char *path)
{
    memset(f, 0, sizeof *f);
    f->spec = spec;
    f->path = path;
    f->rows = apr_array_make(log->pool, 64, sizeof(pserv_import_row *));
    f->keys = apr_hash_make(log->pool);
}

void pserv_import_read(pserv_import_log *log, pserv_import_file *f,
                       pserv_csv_reader_t *r)
{
    pserv_csv_record_t rec;
    const int *map;
    int rc;

    f->present = 1;
    if (pserv_csv_read_header(r) != PSERV_CSV_RECORD) {
        pserv_import_csv_error(log, f, r);
        return;
    }
    if (!(map = pserv_import_map_header(log, f, r)))
        return;
    while ((rc = pserv_csv_next(r, log->pool, &rec)) != PSERV_CSV_EOF) {
        pserv_import_row *row;
        if (rc == PSERV_CSV_ERROR) {
            pserv_import_csv_error(log, f, r);
            if (pserv_csv_fatal(r))
                break;
            continue;
        }
        if ((row = pserv_import_make_row(log, f, map, &rec)))
            APR_ARRAY_PUSH(f->rows, pserv_import_row *) = row;
    }
}
