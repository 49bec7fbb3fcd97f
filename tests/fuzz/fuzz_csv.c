/*
 * fuzz_csv.c: libFuzzer target for mod_pserv/core/csv.c and the import's
 * row checks on top of it (core/import.c, with validate.c).
 *
 * Input: the first byte picks the import file (bits 0-1: units,
 * employees, platforms, accounts) and the limits (bit 2: small ones); the
 * rest is the file. The bytes go through the bare reader and through
 * pserv_import_read. The file reader (what pserv-admin uses) must read
 * exactly as the memory reader, record by record and error by error; with
 * bit 3 set the file starts with blank lines that put the reader's block
 * boundary within the first 16 bytes of the input (bits 4-7). Reader invariants: limits respected, line numbers
 * never go back, every record after the header has its field count, an
 * error says what and where and a fatal one sticks; a file read without
 * error, written out again fully quoted with CRLF, reads back the same,
 * and so it does written by the export's writer (pserv_csv_record), but
 * for the apostrophes of its formula guard; that writer quotes every cell,
 * and no part of what it writes, split at ';', ',', a tab or a line end,
 * starts with = + - @ (after spaces and quotes).
 * Import invariants: every problem is reported once with a place, the
 * rows kept are exactly the good ones (valid one-line UTF-8 without outer
 * spaces, a unique key, booleans and roles that convert).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_file_io.h>
#include <apr_general.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "csv.h"
#include "import.h"
#include "pserv_core.h"

static apr_pool_t *root;

#define FUZZ_REQUIRE(cond) do { if (!(cond)) { \
        fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, \
                __FILE__, __LINE__); abort(); } } while (0)

typedef struct {
    int nfields;
    char **fields;
} fuzz_rec;

/* Read everything; the records (header first) into recs. 1 when the
 * whole input was read without any error. */
static int fuzz_read_all(apr_pool_t *p, const char *buf, size_t len,
                         const pserv_csv_limits_t *lim,
                         apr_array_header_t *recs)
{
    pserv_csv_reader_t *r = pserv_csv_reader_mem(p, buf, len, lim);
    pserv_csv_record_t rec;
    unsigned last_line = 1;
    int rc, clean = 1, ncols, i, guard = 0;

    rc = pserv_csv_read_header(r);
    if (rc != PSERV_CSV_RECORD) {
        FUZZ_REQUIRE(rc == PSERV_CSV_ERROR);
        FUZZ_REQUIRE(*pserv_csv_error(r) && pserv_csv_error_line(r) >= 1);
        return 0;
    }
    ncols = pserv_csv_columns(r);
    FUZZ_REQUIRE(ncols >= 1 && ncols <= lim->max_fields);
    {
        fuzz_rec *h = apr_array_push(recs);

        h->nfields = ncols;
        h->fields = apr_palloc(p, sizeof(char *) * (size_t)ncols);
        for (i = 0; i < ncols; i++) {
            h->fields[i] = (char *)pserv_csv_column_name(r, i);
            FUZZ_REQUIRE(*h->fields[i]);
            FUZZ_REQUIRE(strlen(h->fields[i]) <= lim->max_field);
            FUZZ_REQUIRE(pserv_csv_column_index(r, h->fields[i]) == i);
        }
    }
    while ((rc = pserv_csv_next(r, p, &rec)) != PSERV_CSV_EOF) {
        FUZZ_REQUIRE(++guard < 100000);
        if (rc == PSERV_CSV_ERROR) {
            const char *msg = pserv_csv_error(r);
            unsigned line = pserv_csv_error_line(r);
            int field = pserv_csv_error_field(r);

            clean = 0;
            FUZZ_REQUIRE(msg && *msg && line >= last_line);
            FUZZ_REQUIRE(field >= -1 && field <= lim->max_fields);
            if (pserv_csv_fatal(r)) {
                /* Fatal errors stick. */
                FUZZ_REQUIRE(pserv_csv_next(r, p, &rec) == PSERV_CSV_ERROR);
                FUZZ_REQUIRE(strcmp(pserv_csv_error(r), msg) == 0);
                FUZZ_REQUIRE(pserv_csv_error_line(r) == line);
                break;
            }
            last_line = line;
            continue;
        }
        FUZZ_REQUIRE(rc == PSERV_CSV_RECORD);
        FUZZ_REQUIRE(rec.line >= last_line);
        last_line = rec.line;
        FUZZ_REQUIRE(rec.nfields == ncols);
        {
            fuzz_rec *k = apr_array_push(recs);

            k->nfields = rec.nfields;
            k->fields = rec.fields;
        }
        for (i = 0; i < rec.nfields; i++)
            FUZZ_REQUIRE(strlen(rec.fields[i]) <= lim->max_field);
    }
    return clean;
}

static const char *fuzz_quote(apr_pool_t *p, const apr_array_header_t *recs)
{
    const char *out = "";
    int i, j;

    for (i = 0; i < recs->nelts; i++) {
        const fuzz_rec *k = &APR_ARRAY_IDX(recs, i, fuzz_rec);

        for (j = 0; j < k->nfields; j++) {
            const char *f = k->fields[j], *c;
            char *q = apr_palloc(p, strlen(f) * 2 + 1), *o = q;

            for (c = f; *c; c++) {
                if (*c == '"')
                    *o++ = '"';
                *o++ = *c;
            }
            *o = '\0';
            out = apr_pstrcat(p, out, j ? ",\"" : "\"", q, "\"", NULL);
        }
        out = apr_pstrcat(p, out, "\r\n", NULL);
    }
    return out;
}

static const char *fuzz_no_apostrophes(apr_pool_t *p, const char *s)
{
    char *out = apr_pstrdup(p, s), *o = out;

    for (; *s; s++)
        if (*s != '\'')
            *o++ = *s;
    *o = '\0';
    return out;
}

/* Whether what the export's writer makes of recs must read back as recs:
 * not when an apostrophe could make two column names one. */
static int fuzz_writer_comparable(apr_pool_t *p, const apr_array_header_t *recs)
{
    const fuzz_rec *h = &APR_ARRAY_IDX(recs, 0, fuzz_rec);
    int i, j;

    for (i = 0; i < h->nfields; i++)
        for (j = i + 1; j < h->nfields; j++)
            if (!strcmp(fuzz_no_apostrophes(p, h->fields[i]),
                        fuzz_no_apostrophes(p, h->fields[j])))
                return 0;
    return 1;
}

/* The formula guard, judged without its code: no part of text, split at
 * any byte of seps, starts with = + - @ after spaces and quotes. */
static void fuzz_no_formula_part(const char *text, size_t len,
                                 const char *seps)
{
    size_t i = 0;

    for (;;) {
        while (i < len && (text[i] == ' ' || text[i] == '"'))
            i++;
        FUZZ_REQUIRE(i >= len || !strchr("=+-@", text[i]) || !text[i]);
        while (i < len && !(text[i] && strchr(seps, text[i])))
            i++;
        if (i >= len)
            return;
        i++;
    }
}

/* A cell as the writer's reader gives it back (g) against the original
 * (f): the same but for apostrophes; one first when f is formula-like,
 * none added when it is not. */
static void fuzz_defused(apr_pool_t *p, const char *f, const char *g)
{
    if (!pserv_csv_formula_like(f)) {
        FUZZ_REQUIRE(strcmp(f, g) == 0);
        return;
    }
    FUZZ_REQUIRE(*g == '\'');
    FUZZ_REQUIRE(strlen(g) > strlen(f));
    FUZZ_REQUIRE(strcmp(fuzz_no_apostrophes(p, f), fuzz_no_apostrophes(p, g))
                 == 0);
    fuzz_no_formula_part(g, strlen(g), ";,\t\r\n");
}

/* The records written by the export's writer: every cell in quotes, no
 * part that starts like a formula, however the line is split. */
static const char *fuzz_write(apr_pool_t *p, const apr_array_header_t *recs)
{
    const char *out = "";
    int i, j;

    for (i = 0; i < recs->nelts; i++) {
        const fuzz_rec *k = &APR_ARRAY_IDX(recs, i, fuzz_rec);
        apr_size_t len = 0;
        const char *rec = pserv_csv_record(p, (const char *const *)k->fields,
                                           k->nfields, &len);

        FUZZ_REQUIRE(len == strlen(rec) && len >= 2);
        FUZZ_REQUIRE(rec[len - 2] == '\r' && rec[len - 1] == '\n');
        FUZZ_REQUIRE(rec[0] == '"' && rec[len - 3] == '"');
        fuzz_no_formula_part(rec, len, ";,\t\r\n");
        for (j = 0; j < k->nfields; j++) {
            const char *cell = pserv_csv_cell(p, k->fields[j]);

            FUZZ_REQUIRE(cell[0] == '"' && strlen(cell) >= 2
                         && cell[strlen(cell) - 1] == '"');
        }
        out = apr_pstrcat(p, out, rec, NULL);
    }
    return out;
}

/* Everything a reader gives, as a hash (FNV-1a), to compare two. */
static uint64_t fuzz_trace(pserv_csv_reader_t *r, apr_pool_t *p)
{
    pserv_csv_record_t rec;
    uint64_t h = 14695981039346656037ULL;
    int rc, i, guard = 0;

#define FUZZ_MIX(ptr, n) do { const unsigned char *b_ = (const void *)(ptr); \
        size_t k_; for (k_ = 0; k_ < (n); k_++) \
            h = (h ^ b_[k_]) * 1099511628211ULL; } while (0)
    rc = pserv_csv_read_header(r);
    while (rc != PSERV_CSV_EOF && ++guard < 100000) {
        FUZZ_MIX(&rc, sizeof rc);
        if (rc == PSERV_CSV_ERROR) {
            const char *msg = pserv_csv_error(r);
            unsigned line = pserv_csv_error_line(r);
            int field = pserv_csv_error_field(r);

            FUZZ_MIX(msg, strlen(msg) + 1);
            FUZZ_MIX(&line, sizeof line);
            FUZZ_MIX(&field, sizeof field);
            if (pserv_csv_fatal(r))
                break;
        }
        else if (guard > 1) {
            FUZZ_MIX(&rec.line, sizeof rec.line);
            for (i = 0; i < rec.nfields; i++)
                FUZZ_MIX(rec.fields[i], strlen(rec.fields[i]) + 1);
        }
        rc = pserv_csv_next(r, p, &rec);
    }
    for (i = 0; i < pserv_csv_columns(r); i++)
        FUZZ_MIX(pserv_csv_column_name(r, i),
                 strlen(pserv_csv_column_name(r, i)) + 1);
#undef FUZZ_MIX
    return h;
}

/* The memory reader and the file reader (over a pipe) agree. */
static void fuzz_file_reader(apr_pool_t *p, const char *buf, size_t len,
                             const pserv_csv_limits_t *lim, uint8_t mode)
{
    size_t pad = (mode & 8) ? 8192 - (size_t)(mode >> 4) : 0;
    char *all = apr_palloc(p, pad + len + 1);
    apr_file_t *in, *out;
    apr_size_t written;

    memset(all, '\n', pad);
    memcpy(all + pad, buf, len);
    if (apr_file_pipe_create(&in, &out, p) != APR_SUCCESS)
        abort();
    /* Under the pipe's 64 KB buffer: written whole before reading. */
    if (pad + len > 0
        && apr_file_write_full(out, all, pad + len, &written) != APR_SUCCESS)
        abort();
    apr_file_close(out);
    FUZZ_REQUIRE(fuzz_trace(pserv_csv_reader_mem(p, all, pad + len, lim), p)
                 == fuzz_trace(pserv_csv_reader_file(p, in, lim), p));
    apr_file_close(in);
}

typedef struct {
    int reports;
} fuzz_log_ctx;

static void fuzz_report(void *ctx, const char *path, unsigned line,
                        const char *field, const char *msg)
{
    fuzz_log_ctx *c = ctx;

    FUZZ_REQUIRE(path && strcmp(path, "fuzz.csv") == 0);
    FUZZ_REQUIRE(line >= 1 && field && *msg);
    c->reports++;
}

static void fuzz_import(apr_pool_t *p, const char *buf, size_t len,
                        const pserv_csv_limits_t *lim,
                        const pserv_import_spec *spec, int records)
{
    pserv_csv_reader_t *r = pserv_csv_reader_mem(p, buf, len, lim);
    fuzz_log_ctx ctx = { 0 };
    pserv_import_log log;
    pserv_import_file f;
    unsigned last = 0;
    int i, j;

    memset(&log, 0, sizeof log);
    log.pool = p;
    log.report = fuzz_report;
    log.ctx = &ctx;
    pserv_import_file_init(&log, &f, spec, "fuzz.csv");
    pserv_import_read(&log, &f, r);
    FUZZ_REQUIRE(f.present);
    FUZZ_REQUIRE(ctx.reports == log.errors);
    FUZZ_REQUIRE(f.rows->nelts <= (records > 0 ? records - 1 : 0));
    for (i = 0; i < f.rows->nelts; i++) {
        const pserv_import_row *row =
            APR_ARRAY_IDX(f.rows, i, pserv_import_row *);

        FUZZ_REQUIRE(row->pos == i + 1 && row->line > last);
        FUZZ_REQUIRE(row->status == PSERV_IMPORT_UNCHANGED);
        last = row->line;
        FUZZ_REQUIRE(row->v[0]);
        FUZZ_REQUIRE(apr_hash_get(f.keys, row->v[0], APR_HASH_KEY_STRING)
                     == row);
        for (j = 0; j < spec->ncols; j++) {
            const char *v = row->v[j];
            size_t n;

            if (!v) {
                FUZZ_REQUIRE(spec->cols[j].flags & PSERV_IMPORT_VAL_OPTIONAL);
                continue;
            }
            n = strlen(v);
            FUZZ_REQUIRE(n > 0 && pserv_valid_text(v, n, 0));
            FUZZ_REQUIRE(!apr_isspace(v[0]) && !apr_isspace(v[n - 1]));
            if (spec->cols[j].max_chars && !spec->cols[j].check)
                FUZZ_REQUIRE(pserv_valid_text(v, spec->cols[j].max_chars, 0));
            if (spec->cols[j].check)
                FUZZ_REQUIRE(spec->cols[j].check(v));
            if (!strcmp(spec->cols[j].name, "active"))
                FUZZ_REQUIRE(pserv_import_bool(v) != NULL);
        }
        if (spec == &pserv_import_accounts) {
            const char *bad = NULL, *arr = pserv_import_roles_array(
                p, row->v[PSERV_ACC_ROLES] ? row->v[PSERV_ACC_ROLES] : "",
                &bad);

            FUZZ_REQUIRE(arr && arr[0] == '{' && arr[strlen(arr) - 1] == '}');
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (apr_initialize() != APR_SUCCESS || apr_pool_create(&root, NULL))
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const pserv_import_spec *const specs[4] = {
        &pserv_import_units, &pserv_import_employees,
        &pserv_import_platforms, &pserv_import_accounts
    };
    pserv_csv_limits_t lim = { 0, 0, 0 };
    apr_array_header_t *recs, *again;
    apr_pool_t *p;
    const char *buf;
    size_t len;
    uint8_t mode;
    int clean, i, j;

    if (size < 1)
        return 0;
    mode = data[0];
    if (mode & 4) {
        lim.max_field = 8;
        lim.max_record = 64;
        lim.max_fields = 4;
    }
    else {
        lim.max_field = PSERV_CSV_MAX_FIELD_DEFAULT;
        lim.max_record = PSERV_CSV_MAX_RECORD_DEFAULT;
        lim.max_fields = PSERV_CSV_MAX_FIELDS_DEFAULT;
    }
    apr_pool_create(&p, root);
    /* An exact copy, so ASan sees a read past the end. */
    len = size - 1;
    buf = (const char *)data + 1;
    recs = apr_array_make(p, 16, sizeof(fuzz_rec));
    clean = fuzz_read_all(p, buf, len, &lim, recs);
    if (clean) {
        /* Fully quoted with CRLF: the same records. Quoting adds bytes,
         * so only the record limit is loosened. */
        pserv_csv_limits_t loose = lim;
        const char *text = fuzz_quote(p, recs);

        loose.max_record = strlen(text) + 1;
        again = apr_array_make(p, 16, sizeof(fuzz_rec));
        FUZZ_REQUIRE(fuzz_read_all(p, text, strlen(text), &loose, again));
        FUZZ_REQUIRE(again->nelts == recs->nelts);
        for (i = 0; i < recs->nelts; i++) {
            const fuzz_rec *a = &APR_ARRAY_IDX(recs, i, fuzz_rec);
            const fuzz_rec *b = &APR_ARRAY_IDX(again, i, fuzz_rec);

            FUZZ_REQUIRE(a->nfields == b->nfields);
            for (j = 0; j < a->nfields; j++)
                FUZZ_REQUIRE(strcmp(a->fields[j], b->fields[j]) == 0);
        }
        /* The export's writer: the same, but for the apostrophes (at most
         * one before the cell and one after each byte). */
        text = fuzz_write(p, recs);
        loose.max_record = strlen(text) + 1;
        loose.max_field = 2 * lim.max_field + 1;
        again = apr_array_make(p, 16, sizeof(fuzz_rec));
        FUZZ_REQUIRE(fuzz_read_all(p, text, strlen(text), &loose, again)
                     || !fuzz_writer_comparable(p, recs));
        if (fuzz_writer_comparable(p, recs)) {
            FUZZ_REQUIRE(again->nelts == recs->nelts);
            for (i = 0; i < recs->nelts; i++) {
                const fuzz_rec *a = &APR_ARRAY_IDX(recs, i, fuzz_rec);
                const fuzz_rec *b = &APR_ARRAY_IDX(again, i, fuzz_rec);

                FUZZ_REQUIRE(a->nfields == b->nfields);
                for (j = 0; j < a->nfields; j++)
                    fuzz_defused(p, a->fields[j], b->fields[j]);
            }
        }
    }
    fuzz_import(p, buf, len, &lim, specs[mode & 3],
                clean ? recs->nelts : 1 << 30);
    fuzz_file_reader(p, buf, len, &lim, mode);
    apr_pool_destroy(p);
    return 0;
}
