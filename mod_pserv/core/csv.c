/*
 * csv.c: strict RFC 4180 reader. One pass, one byte of look-ahead, a
 * scratch buffer sized once from the limits, so a hostile file can make it
 * fail but never make it grow without bound. And the writer of the cells
 * of an export (the list's CSV), safe to open in a spreadsheet.
 */
#include "csv.h"

#include <string.h>
#include <apr_strings.h>

#define PSERV_CSV_BLOCK 8192
#define PSERV_CSV_END   (-1) /* no more input */
#define PSERV_CSV_FAIL  (-2) /* read error, already recorded */
#define PSERV_CSV_BAD   (-3) /* syntax error, already recorded */

struct pserv_csv_reader_t {
    apr_pool_t *pool;
    apr_file_t *file; /* NULL: reading from memory */
    const char *buf;  /* current block (or the whole buffer) */
    apr_size_t len, pos;
    char *block;  /* file read buffer */
    int at_start; /* BOM not looked for yet */

    apr_size_t max_field, max_record;
    int max_fields;

    unsigned line;        /* physical line of the next byte */
    apr_size_t rec_bytes; /* raw bytes of the current record */

    char *scratch; /* field bytes, NUL after each field */
    apr_size_t used;
    apr_size_t *starts; /* offset of each field in scratch */
    int nf;

    char **cols; /* header, after pserv_csv_read_header */
    int ncols;

    const char *err;
    unsigned err_line;
    int err_field;
    int fatal;
};

static void pserv_csv_fail(pserv_csv_reader_t *r, int fatal, const char *msg)
{
    r->err = msg;
    r->err_line = r->line;
    r->err_field = r->nf;
    r->fatal = fatal;
}

static pserv_csv_reader_t *pserv_csv_new(apr_pool_t *p,
                                         const pserv_csv_limits_t *lim)
{
    pserv_csv_reader_t *r = apr_pcalloc(p, sizeof *r);

    r->pool = p;
    r->max_field =
        lim && lim->max_field ? lim->max_field : PSERV_CSV_MAX_FIELD_DEFAULT;
    r->max_record =
        lim && lim->max_record ? lim->max_record : PSERV_CSV_MAX_RECORD_DEFAULT;
    r->max_fields = lim && lim->max_fields > 0 ? lim->max_fields
                                               : PSERV_CSV_MAX_FIELDS_DEFAULT;
    /* Field content never exceeds the raw record bytes, plus one NUL per
     * field: this size can hold any record the limits let through. */
    r->scratch = apr_palloc(p, r->max_record + (apr_size_t)r->max_fields + 1);
    r->starts = apr_palloc(p, sizeof(*r->starts) * (apr_size_t)r->max_fields);
    r->line = 1;
    r->at_start = 1;
    r->err_field = -1;
    return r;
}

pserv_csv_reader_t *pserv_csv_reader_mem(apr_pool_t *p, const char *buf,
                                         apr_size_t len,
                                         const pserv_csv_limits_t *limits)
{
    pserv_csv_reader_t *r = pserv_csv_new(p, limits);

    r->buf = buf;
    r->len = len;
    return r;
}

pserv_csv_reader_t *pserv_csv_reader_file(apr_pool_t *p, apr_file_t *f,
                                          const pserv_csv_limits_t *limits)
{
    pserv_csv_reader_t *r = pserv_csv_new(p, limits);

    r->file = f;
    r->block = apr_palloc(p, PSERV_CSV_BLOCK);
    r->buf = r->block;
    return r;
}

apr_status_t pserv_csv_open(pserv_csv_reader_t **r, const char *path,
                            apr_pool_t *p, const pserv_csv_limits_t *limits)
{
    apr_file_t *f;
    apr_status_t rv;

    rv = apr_file_open(&f, path, APR_FOPEN_READ, APR_FPROT_OS_DEFAULT, p);
    if (rv != APR_SUCCESS)
        return rv;
    *r = pserv_csv_reader_file(p, f, limits);
    return APR_SUCCESS;
}

/* Refill the block from the file. 1 when bytes are available. */
static int pserv_csv_fill(pserv_csv_reader_t *r)
{
    apr_size_t n = PSERV_CSV_BLOCK;
    apr_status_t rv;
    char ebuf[256];

    if (!r->file)
        return 0;
    /* read_full so a short read from a pipe cannot split the BOM check. */
    rv = apr_file_read_full(r->file, r->block, n, &n);
    if (rv != APR_SUCCESS && rv != APR_EOF) {
        pserv_csv_fail(r, 1,
                       apr_pstrcat(r->pool, "read error: ",
                                   apr_strerror(rv, ebuf, sizeof ebuf), NULL));
        return -1;
    }
    r->len = n;
    r->pos = 0;
    return n > 0;
}

static int pserv_csv_getc(pserv_csv_reader_t *r)
{
    if (r->pos >= r->len) {
        int got = pserv_csv_fill(r);
        if (got <= 0)
            return got < 0 ? PSERV_CSV_FAIL : PSERV_CSV_END;
    }
    if (r->at_start) {
        r->at_start = 0;
        if (r->len - r->pos >= 3
            && memcmp(r->buf + r->pos, "\xEF\xBB\xBF", 3) == 0)
            r->pos += 3;
        if (r->pos >= r->len)
            return pserv_csv_getc(r);
    }
    r->rec_bytes++;
    return (unsigned char)r->buf[r->pos++];
}

/* Give back the byte just read. Always possible: getc left it in buf. */
static void pserv_csv_ungetc(pserv_csv_reader_t *r, int c)
{
    if (c >= 0) {
        r->pos--;
        r->rec_bytes--;
    }
}

static int pserv_csv_append(pserv_csv_reader_t *r, int c)
{
    if (r->used - r->starts[r->nf] >= r->max_field) {
        pserv_csv_fail(
            r, 1,
            apr_psprintf(r->pool, "field longer than %" APR_SIZE_T_FMT " bytes",
                         r->max_field));
        return 0;
    }
    r->scratch[r->used++] = (char)c;
    return 1;
}

static int pserv_csv_begin_field(pserv_csv_reader_t *r)
{
    if (r->nf >= r->max_fields) {
        pserv_csv_fail(
            r, 1, apr_psprintf(r->pool, "more than %d fields", r->max_fields));
        return 0;
    }
    r->starts[r->nf] = r->used;
    return 1;
}

static void pserv_csv_end_field(pserv_csv_reader_t *r)
{
    r->scratch[r->used++] = '\0';
    r->nf++;
}

/* c is CR or LF outside quotes. 1 when it ends the line (LF or CRLF);
 * 0 after recording the error for a bare CR. */
static int pserv_csv_line_end(pserv_csv_reader_t *r, int c)
{
    if (c == '\r') {
        int n = pserv_csv_getc(r);
        if (n == PSERV_CSV_FAIL)
            return 0;
        if (n != '\n') {
            pserv_csv_ungetc(r, n);
            pserv_csv_fail(r, 1, "bare CR (carriage return without line feed)");
            r->err_field = r->nf - 1; /* the field it follows, or -1 */
            return 0;
        }
    }
    r->line++;
    return 1;
}

/* Read one quoted field body, the opening quote already consumed.
 * Returns the byte after the closing quote (or END/FAIL), or BAD. */
static int pserv_csv_quoted(pserv_csv_reader_t *r)
{
    unsigned opened = r->line;

    for (;;) {
        int c = pserv_csv_getc(r);

        if (c == PSERV_CSV_FAIL)
            return PSERV_CSV_BAD;
        if (c == PSERV_CSV_END) {
            pserv_csv_fail(
                r, 1,
                apr_psprintf(r->pool,
                             "unterminated quoted field (opened on line %u)",
                             opened));
            return PSERV_CSV_BAD;
        }
        if (c == '\0') {
            pserv_csv_fail(r, 1, "NUL byte");
            return PSERV_CSV_BAD;
        }
        if (c == '"') {
            c = pserv_csv_getc(r);
            if (c != '"')
                return c; /* closing quote; c follows it */
        }
        else if (c == '\n') {
            r->line++;
        }
        if (!pserv_csv_append(r, c))
            return PSERV_CSV_BAD;
        if (r->rec_bytes > r->max_record)
            break;
    }
    pserv_csv_fail(r, 1,
                   apr_psprintf(r->pool,
                                "record longer than %" APR_SIZE_T_FMT " bytes",
                                r->max_record));
    return PSERV_CSV_BAD;
}

/* The byte after a field (a separator, a line end, END or FAIL):
 * 1 more fields follow, 0 the record ended, -1 error. */
static int pserv_csv_after_field(pserv_csv_reader_t *r, int c)
{
    if (c == ',')
        return 1;
    if (c == PSERV_CSV_END)
        return 0;
    if (c == '\r' || c == '\n')
        return pserv_csv_line_end(r, c) ? 0 : -1;
    return -1;
}

/* Read one field; same results as pserv_csv_after_field. */
static int pserv_csv_field(pserv_csv_reader_t *r)
{
    int c, quoted = 0;

    if (!pserv_csv_begin_field(r))
        return -1;
    c = pserv_csv_getc(r);
    if (c == '"') {
        quoted = 1;
        c = pserv_csv_quoted(r);
        if (c == PSERV_CSV_BAD)
            return -1;
    }
    while (!quoted && c >= 0 && c != ',' && c != '\r' && c != '\n') {
        if (c == '"') {
            pserv_csv_fail(r, 1,
                           "quote inside an unquoted field "
                           "(quote the whole field and double inner quotes)");
            return -1;
        }
        if (c == '\0') {
            pserv_csv_fail(r, 1, "NUL byte");
            return -1;
        }
        if (!pserv_csv_append(r, c))
            return -1;
        if (r->rec_bytes > r->max_record) {
            pserv_csv_fail(r, 1,
                           apr_psprintf(r->pool,
                                        "record longer than %" APR_SIZE_T_FMT
                                        " bytes",
                                        r->max_record));
            return -1;
        }
        c = pserv_csv_getc(r);
    }
    if (quoted && c != ',' && c != '\r' && c != '\n' && c >= 0) {
        pserv_csv_fail(r, 1,
                       c == '\0' ? "NUL byte"
                                 : "unexpected character after closing quote");
        return -1;
    }
    pserv_csv_end_field(r);
    return pserv_csv_after_field(r, c);
}

/* Skip blank lines. 1 when a record starts, 0 at end of input, -1 error. */
static int pserv_csv_skip_blank(pserv_csv_reader_t *r)
{
    for (;;) {
        int c = pserv_csv_getc(r);

        if (c == PSERV_CSV_END)
            return 0;
        if (c == PSERV_CSV_FAIL)
            return -1;
        if (c != '\r' && c != '\n') {
            pserv_csv_ungetc(r, c);
            return 1;
        }
        if (!pserv_csv_line_end(r, c))
            return -1;
    }
}

static void pserv_csv_copy_out(pserv_csv_reader_t *r, apr_pool_t *rp,
                               pserv_csv_record_t *rec, unsigned line)
{
    char *block = apr_pmemdup(rp, r->scratch, r->used);
    int i;

    rec->nfields = r->nf;
    rec->line = line;
    rec->fields = apr_palloc(rp, sizeof(char *) * (apr_size_t)r->nf);
    for (i = 0; i < r->nf; i++)
        rec->fields[i] = block + r->starts[i];
}

int pserv_csv_next(pserv_csv_reader_t *r, apr_pool_t *rp,
                   pserv_csv_record_t *rec)
{
    unsigned line;
    int more;

    if (r->err && r->fatal)
        return PSERV_CSV_ERROR;
    r->err = NULL;
    r->err_field = -1;
    r->nf = 0;
    more = pserv_csv_skip_blank(r);
    if (more <= 0)
        return more < 0 ? PSERV_CSV_ERROR : PSERV_CSV_EOF;
    line = r->line;
    r->used = 0;
    r->rec_bytes = 0;
    do {
        more = pserv_csv_field(r);
    } while (more > 0);
    if (more < 0)
        return PSERV_CSV_ERROR;
    if (r->cols && r->nf != r->ncols) {
        /* The record was read whole, so the next one can still be read. */
        r->err = apr_psprintf(r->pool,
                              "expected %d fields as in the header, "
                              "found %d",
                              r->ncols, r->nf);
        r->err_line = line;
        r->err_field = -1;
        r->fatal = 0;
        return PSERV_CSV_ERROR;
    }
    pserv_csv_copy_out(r, rp, rec, line);
    return PSERV_CSV_RECORD;
}

static int pserv_csv_header_fail(pserv_csv_reader_t *r, int field,
                                 const char *msg)
{
    r->err = msg;
    r->err_line = 1;
    r->err_field = field;
    r->fatal = 1;
    return PSERV_CSV_ERROR;
}

int pserv_csv_read_header(pserv_csv_reader_t *r)
{
    pserv_csv_record_t rec;
    int rc, i, j;

    rc = pserv_csv_next(r, r->pool, &rec);
    if (rc == PSERV_CSV_EOF)
        return pserv_csv_header_fail(r, -1, "empty file: no header row");
    if (rc != PSERV_CSV_RECORD)
        return rc;
    for (i = 0; i < rec.nfields; i++) {
        if (!rec.fields[i][0])
            return pserv_csv_header_fail(r, i, "empty column name in header");
        for (j = 0; j < i; j++)
            if (strcmp(rec.fields[i], rec.fields[j]) == 0)
                return pserv_csv_header_fail(
                    r, i,
                    apr_psprintf(r->pool, "duplicate column \"%s\" in header",
                                 rec.fields[i]));
    }
    r->cols = rec.fields;
    r->ncols = rec.nfields;
    return PSERV_CSV_RECORD;
}

int pserv_csv_columns(const pserv_csv_reader_t *r)
{
    return r->ncols;
}

const char *pserv_csv_column_name(const pserv_csv_reader_t *r, int i)
{
    return i >= 0 && i < r->ncols ? r->cols[i] : NULL;
}

int pserv_csv_column_index(const pserv_csv_reader_t *r, const char *name)
{
    int i;

    for (i = 0; i < r->ncols; i++)
        if (strcmp(r->cols[i], name) == 0)
            return i;
    return -1;
}

const char *pserv_csv_error(const pserv_csv_reader_t *r)
{
    return r->err ? r->err : "no error";
}

unsigned pserv_csv_error_line(const pserv_csv_reader_t *r)
{
    return r->err_line;
}

int pserv_csv_error_field(const pserv_csv_reader_t *r)
{
    return r->err_field;
}

int pserv_csv_fatal(const pserv_csv_reader_t *r)
{
    return r->err && r->fatal;
}

/* ---- writing ------------------------------------------------------------ */

/* Where a spreadsheet may split a cell: the list separators of the locales
 * the export meets (',' and the Indonesian ';'), a tab and a line end. */
#define PSERV_CSV_SPLIT ";,\t\r\n"

static int pserv_csv_splits_at(char c)
{
    return c != '\0' && strchr(PSERV_CSV_SPLIT, c) != NULL;
}

/* 1 when the part at s starts with = + - @, after any spaces (a reader may
 * trim them) and double quotes (a reader may take them for its own). */
static int pserv_csv_part_formula(const char *s)
{
    while (*s == ' ' || *s == '"')
        s++;
    return *s != '\0' && strchr("=+-@", *s) != NULL;
}

int pserv_csv_formula_like(const char *v)
{
    const char *c;

    if (!v || !*v)
        return 0;
    if (*v == '\t' || *v == '\r' || pserv_csv_part_formula(v))
        return 1;
    for (c = v; *c; c++)
        if (pserv_csv_splits_at(*c) && pserv_csv_part_formula(c + 1))
            return 1;
    return 0;
}

/* The cell v encoded (quotes around it, '"' doubled, the apostrophes in)
 * at out, or, with out NULL, only counted; returns its length (no NUL). */
static apr_size_t pserv_csv_cell_put(char *out, const char *v)
{
    apr_size_t n = 0;
    const char *c;

#define PSERV_CSV_PUT(ch)                                                      \
    do {                                                                       \
        if (out)                                                               \
            out[n] = (ch);                                                     \
        n++;                                                                   \
    } while (0)
    PSERV_CSV_PUT('"');
    if (pserv_csv_formula_like(v))
        PSERV_CSV_PUT('\'');
    for (c = v ? v : ""; *c; c++) {
        if (*c == '"')
            PSERV_CSV_PUT('"');
        PSERV_CSV_PUT(*c);
        if (pserv_csv_splits_at(*c) && pserv_csv_part_formula(c + 1))
            PSERV_CSV_PUT('\'');
    }
    PSERV_CSV_PUT('"');
#undef PSERV_CSV_PUT
    return n;
}

const char *pserv_csv_cell(apr_pool_t *p, const char *v)
{
    char *out = apr_palloc(p, pserv_csv_cell_put(NULL, v) + 1);

    out[pserv_csv_cell_put(out, v)] = '\0';
    return out;
}

const char *pserv_csv_record(apr_pool_t *p, const char *const *cells, int n,
                             apr_size_t *len)
{
    apr_size_t size = 2; /* CRLF */
    char *out, *o;
    int i;

    for (i = 0; i < n; i++)
        size += pserv_csv_cell_put(NULL, cells[i]) + (i ? 1 : 0);
    o = out = apr_palloc(p, size + 1);
    for (i = 0; i < n; i++) {
        if (i)
            *o++ = ',';
        o += pserv_csv_cell_put(o, cells[i]);
    }
    *o++ = '\r';
    *o++ = '\n';
    *o = '\0';
    if (len)
        *len = (apr_size_t)(o - out);
    return out;
}
