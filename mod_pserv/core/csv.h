/*
 * csv.h: a strict RFC 4180 CSV reader, and the writer of exported cells
 * (APR only, no httpd).
 *
 * Accepted: fields separated by ',', records ended by CRLF or LF (the last
 * record may lack one), fields in double quotes holding ',', CR, LF and
 * doubled quotes (""), a UTF-8 byte order mark at the very start (skipped),
 * blank lines (skipped). Refused, with the physical line number: a quote
 * inside an unquoted field, anything but ',' or a line end after a closing
 * quote, an unterminated quoted field, a bare CR outside quotes, NUL bytes,
 * fields or records longer than the limits, more fields than the limit.
 *
 * The reader does not check character encoding: callers validate field
 * contents (see pserv_valid_text in pserv_core.h).
 */
#ifndef PSERV_CSV_H
#define PSERV_CSV_H

#include <apr_pools.h>
#include <apr_file_io.h>

#define PSERV_CSV_MAX_FIELD_DEFAULT  4096  /* bytes in one field */
#define PSERV_CSV_MAX_RECORD_DEFAULT 65536 /* bytes in one record */
#define PSERV_CSV_MAX_FIELDS_DEFAULT 64    /* fields in one record */

typedef struct pserv_csv_reader_t pserv_csv_reader_t;

typedef struct {
    apr_size_t max_field;  /* 0: PSERV_CSV_MAX_FIELD_DEFAULT */
    apr_size_t max_record; /* 0: PSERV_CSV_MAX_RECORD_DEFAULT */
    int max_fields;        /* 0: PSERV_CSV_MAX_FIELDS_DEFAULT */
} pserv_csv_limits_t;

typedef struct {
    int nfields;
    char **fields; /* NUL-terminated, never NULL; "" when empty */
    unsigned line; /* physical line the record starts on (1-based) */
} pserv_csv_record_t;

/* Outcome of pserv_csv_next. */
#define PSERV_CSV_RECORD 1
#define PSERV_CSV_EOF    0
#define PSERV_CSV_ERROR  (-1)

/* A reader over len bytes at buf (not copied: buf must outlive the reader).
 * limits may be NULL for the defaults. */
pserv_csv_reader_t *pserv_csv_reader_mem(apr_pool_t *p, const char *buf,
                                         apr_size_t len,
                                         const pserv_csv_limits_t *limits);

/* A reader streaming from an open file (read in blocks, not slurped). */
pserv_csv_reader_t *pserv_csv_reader_file(apr_pool_t *p, apr_file_t *f,
                                          const pserv_csv_limits_t *limits);

/* Open path and make a reader for it. On failure returns the APR status and
 * leaves *r untouched. The file is closed when p is cleared. */
apr_status_t pserv_csv_open(pserv_csv_reader_t **r, const char *path,
                            apr_pool_t *p, const pserv_csv_limits_t *limits);

/* Read the next record; its strings are allocated from rp (which may be a
 * short-lived pool). PSERV_CSV_RECORD, PSERV_CSV_EOF or PSERV_CSV_ERROR.
 * A record whose field count differs from the header's is an error the
 * caller may step over (the record was read whole, the next call reads the
 * next one); any other error is fatal (see pserv_csv_fatal): the position
 * in the input is lost, and every later call fails with the same error. */
int pserv_csv_next(pserv_csv_reader_t *r, apr_pool_t *rp,
                   pserv_csv_record_t *rec);

/* Read the first record as the header row (names kept by the reader).
 * Refuses an empty file, an empty or duplicate column name. After it, every
 * pserv_csv_next record must have as many fields as the header. */
int pserv_csv_read_header(pserv_csv_reader_t *r);

/* Header accessors: number of columns, name of column i, index of name
 * (-1 when absent). Valid after pserv_csv_read_header. */
int pserv_csv_columns(const pserv_csv_reader_t *r);
const char *pserv_csv_column_name(const pserv_csv_reader_t *r, int i);
int pserv_csv_column_index(const pserv_csv_reader_t *r, const char *name);

/* After PSERV_CSV_ERROR: the message, the physical line where the problem
 * was found, and the 0-based field index in the record (-1 when it concerns
 * the record as a whole). */
const char *pserv_csv_error(const pserv_csv_reader_t *r);
unsigned pserv_csv_error_line(const pserv_csv_reader_t *r);
int pserv_csv_error_field(const pserv_csv_reader_t *r);

/* 1 after an error that stops the reader for good. */
int pserv_csv_fatal(const pserv_csv_reader_t *r);

/* ---- writing (exports opened in a spreadsheet) ----
 *
 * Every cell goes in double quotes, with '"' doubled (RFC 4180); NULL is an
 * empty cell (""). Against CSV injection: a cell a spreadsheet could take
 * for a formula gets a leading apostrophe, so it shows as text and is never
 * evaluated. That is a cell whose first byte is a tab or CR, or that has a
 * part starting with '=', '+', '-' or '@' (after spaces and '"') once
 * split at ';', ',', a tab or a line end: Excel splits a line at the
 * locale's list separator, ';' in Indonesian, and does not honour a quote
 * in the middle of its field, so "Budi;=1+1;x" would give a cell =1+1.
 * Each such part after the first gets its own apostrophe, too
 * ("'Budi;'=1+1;x"), so no reading of the line has a part that starts like
 * a formula. Bytes are not checked: the caller gives UTF-8. */

/* The UTF-8 byte order mark, so that Excel reads the file as UTF-8. */
#define PSERV_CSV_BOM "\xEF\xBB\xBF"

/* 1 when v could be taken for a formula (and is written with an
 * apostrophe). */
int pserv_csv_formula_like(const char *v);

/* v as one encoded cell, from p. */
const char *pserv_csv_cell(apr_pool_t *p, const char *v);

/* n cells as one record ended by CRLF, from p; its length in *len (may be
 * NULL). */
const char *pserv_csv_record(apr_pool_t *p, const char *const *cells, int n,
                             apr_size_t *len);

#endif
