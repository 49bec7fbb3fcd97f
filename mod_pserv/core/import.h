/*
 * import.h: the master-data files pserv-admin imports (units.csv,
 * employees.csv, platforms.csv, accounts.csv): their columns, and reading
 * and checking their rows, without a database (APR only). pserv-admin
 * (admin/import.c) adds the references to the database and the writing.
 *
 * Every problem is reported through the log's callback as FILE:LINE:
 * FIELD: message, and counted; reading goes on after a bad row, so one
 * run reports every problem the reader can find.
 */
#ifndef PSERV_IMPORT_H
#define PSERV_IMPORT_H

#include <apr_pools.h>
#include <apr_hash.h>
#include <apr_tables.h>

#include "csv.h"

#define PSERV_IMPORT_COL_OPTIONAL 1 /* the column may be left out */
#define PSERV_IMPORT_VAL_OPTIONAL 2 /* the value may be empty */

typedef int (*pserv_import_check_fn)(const char *v);

typedef struct {
    const char *name;
    int flags;
    apr_size_t max_chars;        /* for free text (no check) */
    pserv_import_check_fn check; /* shape of the value, or NULL */
    const char *what;            /* message when check refuses */
} pserv_import_col;

typedef struct {
    const char *file;             /* "units.csv" */
    const pserv_import_col *cols; /* column 0 is the key */
    int ncols;
} pserv_import_spec;

extern const pserv_import_spec pserv_import_units, pserv_import_employees,
    pserv_import_platforms, pserv_import_accounts;

/* Column indices of each spec. */
enum {
    PSERV_UNIT_CODE,
    PSERV_UNIT_NAME,
    PSERV_UNIT_KIND,
    PSERV_UNIT_HEAD,
    PSERV_UNIT_ACTIVE
};
enum {
    PSERV_EMP_NOPEK,
    PSERV_EMP_NAME,
    PSERV_EMP_POSITION,
    PSERV_EMP_EMAIL,
    PSERV_EMP_UNIT,
    PSERV_EMP_SUPERVISOR,
    PSERV_EMP_TYPE,
    PSERV_EMP_ACTIVE
};
enum { PSERV_PLAT_CODE, PSERV_PLAT_NAME, PSERV_PLAT_SORT, PSERV_PLAT_ACTIVE };
enum { PSERV_ACC_USERNAME, PSERV_ACC_NOPEK, PSERV_ACC_ROLES, PSERV_ACC_ACTIVE };

/* What writing did to a row (pserv-admin's business). */
enum { PSERV_IMPORT_UNCHANGED, PSERV_IMPORT_UPDATED, PSERV_IMPORT_INSERTED };

typedef struct {
    unsigned line;
    int pos;        /* 1-based position among the data rows */
    const char **v; /* per spec column; NULL: absent or empty */
    int status;
} pserv_import_row;

typedef struct {
    const pserv_import_spec *spec;
    const char *path;
    int present;
    apr_array_header_t *rows; /* pserv_import_row *, good ones */
    apr_hash_t *keys;         /* column 0 value -> row */
} pserv_import_file;

typedef void (*pserv_import_report_fn)(void *ctx, const char *path,
                                       unsigned line, const char *field,
                                       const char *msg);

typedef struct {
    apr_pool_t *pool; /* rows and messages live here */
    pserv_import_report_fn report;
    void *ctx;
    int errors; /* problems reported so far */
} pserv_import_log;

/* Report (and count) one problem. */
void pserv_import_bad(pserv_import_log *log, const char *path, unsigned line,
                      const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* An empty file of spec at path, not present yet. */
void pserv_import_file_init(pserv_import_log *log, pserv_import_file *f,
                            const pserv_import_spec *spec, const char *path);

/* Read the header and every record of r into f (marked present): the good
 * rows into f->rows and f->keys, every problem reported. */
void pserv_import_read(pserv_import_log *log, pserv_import_file *f,
                       pserv_csv_reader_t *r);

/* "true" or "false" for the spellings of a boolean the import accepts
 * (true t yes y 1, false f no n 0, any case); NULL otherwise. */
const char *pserv_import_bool(const char *s);

/* A space-separated role list as a PostgreSQL array literal, repeats
 * dropped; NULL (with *bad set to the offender) on an unknown role. Only
 * known role names get into the literal, so it needs no quoting. */
const char *pserv_import_roles_array(apr_pool_t *p, const char *list,
                                     const char **bad);

#endif
