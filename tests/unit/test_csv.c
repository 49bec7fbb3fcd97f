/* test_csv.c: Check tests for the RFC 4180 reader and the export cell
 * writer in mod_pserv/core/csv.c. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include "csv.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static pserv_csv_reader_t *mem_reader(const char *s)
{
    return pserv_csv_reader_mem(pool, s, strlen(s), NULL);
}

/* Reader over len bytes (for inputs holding NUL bytes). */
static pserv_csv_reader_t *mem_reader_n(const char *s, apr_size_t len,
                                        const pserv_csv_limits_t *lim)
{
    return pserv_csv_reader_mem(pool, s, len, lim);
}

static void expect_record(pserv_csv_reader_t *r, unsigned line, int n, ...)
{
    pserv_csv_record_t rec;
    va_list ap;
    int i;

    ck_assert_int_eq(pserv_csv_next(r, pool, &rec), PSERV_CSV_RECORD);
    ck_assert_uint_eq(rec.line, line);
    ck_assert_int_eq(rec.nfields, n);
    va_start(ap, n);
    for (i = 0; i < n; i++)
        ck_assert_str_eq(rec.fields[i], va_arg(ap, const char *));
    va_end(ap);
}

static void expect_eof(pserv_csv_reader_t *r)
{
    pserv_csv_record_t rec;

    ck_assert_int_eq(pserv_csv_next(r, pool, &rec), PSERV_CSV_EOF);
    /* End of input stays the end. */
    ck_assert_int_eq(pserv_csv_next(r, pool, &rec), PSERV_CSV_EOF);
}

static void expect_error(pserv_csv_reader_t *r, unsigned line, int field,
                         const char *fragment)
{
    pserv_csv_record_t rec;

    ck_assert_int_eq(pserv_csv_next(r, pool, &rec), PSERV_CSV_ERROR);
    ck_assert_uint_eq(pserv_csv_error_line(r), line);
    ck_assert_int_eq(pserv_csv_error_field(r), field);
    ck_assert_msg(strstr(pserv_csv_error(r), fragment) != NULL,
                  "error \"%s\" lacks \"%s\"", pserv_csv_error(r), fragment);
}

START_TEST(test_plain)
{
    pserv_csv_reader_t *r = mem_reader("a,b,c\n1,2,3\nx,y,z\n");

    expect_record(r, 1, 3, "a", "b", "c");
    expect_record(r, 2, 3, "1", "2", "3");
    expect_record(r, 3, 3, "x", "y", "z");
    expect_eof(r);
}
END_TEST

START_TEST(test_no_final_newline)
{
    pserv_csv_reader_t *r = mem_reader("a,b\n1,2");

    expect_record(r, 1, 2, "a", "b");
    expect_record(r, 2, 2, "1", "2");
    expect_eof(r);
}
END_TEST

START_TEST(test_quoted_fields)
{
    pserv_csv_reader_t *r = mem_reader(
        "\"a,b\",\"plain\",\"\"\n"
        "\"Finance & Accounting, HO\",x,\"\"\"quoted\"\" word\"\n");

    expect_record(r, 1, 3, "a,b", "plain", "");
    expect_record(r, 2, 3, "Finance & Accounting, HO", "x", "\"quoted\" word");
    expect_eof(r);
}
END_TEST

START_TEST(test_embedded_newline)
{
    pserv_csv_reader_t *r = mem_reader(
        "id,note\n"
        "1,\"line one\nline two\r\nline three\"\n"
        "2,\"a \"\"b\"\"\nc\"\n"
        "3,after\n");

    expect_record(r, 1, 2, "id", "note");
    expect_record(r, 2, 2, "1", "line one\nline two\r\nline three");
    /* Line numbers keep counting physical lines inside quotes. */
    expect_record(r, 5, 2, "2", "a \"b\"\nc");
    expect_record(r, 7, 2, "3", "after");
    expect_eof(r);
}
END_TEST

START_TEST(test_crlf)
{
    pserv_csv_reader_t *r = mem_reader("a,b\r\n1,\"2\"\r\n\"x\",y\r\n");

    expect_record(r, 1, 2, "a", "b");
    expect_record(r, 2, 2, "1", "2");
    expect_record(r, 3, 2, "x", "y");
    expect_eof(r);
}
END_TEST

START_TEST(test_mixed_line_ends)
{
    pserv_csv_reader_t *r = mem_reader("a\r\nb\nc\r\n");

    expect_record(r, 1, 1, "a");
    expect_record(r, 2, 1, "b");
    expect_record(r, 3, 1, "c");
    expect_eof(r);
}
END_TEST

START_TEST(test_bom)
{
    pserv_csv_reader_t *r = mem_reader("\xEF\xBB\xBF" "code,name\nX,\xC3\xA9t\xC3\xA9\n");

    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_RECORD);
    ck_assert_str_eq(pserv_csv_column_name(r, 0), "code");
    ck_assert_int_eq(pserv_csv_column_index(r, "code"), 0);
    expect_record(r, 2, 2, "X", "\xC3\xA9t\xC3\xA9");
    expect_eof(r);
}
END_TEST

START_TEST(test_bom_only_once)
{
    /* A BOM later in the file is data, not something to skip. */
    pserv_csv_reader_t *r = mem_reader("a\n\xEF\xBB\xBF" "b\n");

    expect_record(r, 1, 1, "a");
    expect_record(r, 2, 1, "\xEF\xBB\xBF" "b");
    expect_eof(r);
}
END_TEST

START_TEST(test_empty_fields)
{
    pserv_csv_reader_t *r = mem_reader("a,b,c\n,,\n1,,\n,\"\",3\n");

    expect_record(r, 1, 3, "a", "b", "c");
    expect_record(r, 2, 3, "", "", "");
    expect_record(r, 3, 3, "1", "", "");
    expect_record(r, 4, 3, "", "", "3");
    expect_eof(r);
}
END_TEST

START_TEST(test_blank_lines_skipped)
{
    pserv_csv_reader_t *r = mem_reader("\na,b\n\r\n\n1,2\n\n");

    expect_record(r, 2, 2, "a", "b");
    expect_record(r, 5, 2, "1", "2");
    expect_eof(r);
}
END_TEST

START_TEST(test_empty_input)
{
    pserv_csv_reader_t *r = mem_reader("");

    expect_eof(r);
    r = mem_reader("");
    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_ERROR);
    ck_assert_ptr_nonnull(strstr(pserv_csv_error(r), "empty file"));
    r = mem_reader("\xEF\xBB\xBF");
    expect_eof(r);
}
END_TEST

START_TEST(test_quote_in_unquoted_field)
{
    pserv_csv_reader_t *r = mem_reader("a,b\n1,2\nx,y\"z\n");

    expect_record(r, 1, 2, "a", "b");
    expect_record(r, 2, 2, "1", "2");
    expect_error(r, 3, 1, "quote inside an unquoted field");
    /* A syntax error is fatal: the reader does not guess where to resume. */
    ck_assert_int_eq(pserv_csv_fatal(r), 1);
    expect_error(r, 3, 1, "quote inside an unquoted field");
}
END_TEST

START_TEST(test_text_after_closing_quote)
{
    pserv_csv_reader_t *r = mem_reader("a,b\n\"ok\",\"bad\"x\n");

    expect_record(r, 1, 2, "a", "b");
    expect_error(r, 2, 1, "after closing quote");
}
END_TEST

START_TEST(test_unterminated_quote)
{
    pserv_csv_reader_t *r = mem_reader("a,b\n1,\"open\nstill open\n");

    expect_record(r, 1, 2, "a", "b");
    /* Found at the end of input (line 4), names the line it opened on. */
    expect_error(r, 4, 1, "unterminated quoted field (opened on line 2)");
}
END_TEST

START_TEST(test_bare_cr)
{
    pserv_csv_reader_t *r = mem_reader("a,b\r1,2\n");

    expect_error(r, 1, 1, "bare CR");
    r = mem_reader("a\n\r\n\rb\n");
    expect_record(r, 1, 1, "a");
    expect_error(r, 3, -1, "bare CR");
}
END_TEST

START_TEST(test_nul_byte)
{
    static const char in[] = "a,b\n1,x\0y\n";
    static const char inq[] = "a,b\n1,2\n3,\"x\0\"\n";
    pserv_csv_reader_t *r = mem_reader_n(in, sizeof in - 1, NULL);

    expect_record(r, 1, 2, "a", "b");
    expect_error(r, 2, 1, "NUL byte");

    r = mem_reader_n(inq, sizeof inq - 1, NULL);
    expect_record(r, 1, 2, "a", "b");
    expect_record(r, 2, 2, "1", "2");
    expect_error(r, 3, 1, "NUL byte");
}
END_TEST

START_TEST(test_long_field)
{
    pserv_csv_limits_t lim = { 8, 0, 0 };
    const char *ok = "12345678,x\n";
    const char *bad = "h\n123456789\n";
    const char *badq = "h\n\"12345\"\"67\"\"\"\n";     /* 9 bytes once unquoted */
    pserv_csv_reader_t *r;

    r = mem_reader_n(ok, strlen(ok), &lim);
    expect_record(r, 1, 2, "12345678", "x");
    expect_eof(r);

    r = mem_reader_n(bad, strlen(bad), &lim);
    expect_record(r, 1, 1, "h");
    expect_error(r, 2, 0, "field longer than 8 bytes");

    r = mem_reader_n(badq, strlen(badq), &lim);
    expect_record(r, 1, 1, "h");
    expect_error(r, 2, 0, "field longer than 8 bytes");
}
END_TEST

START_TEST(test_default_field_limit)
{
    apr_size_t n = PSERV_CSV_MAX_FIELD_DEFAULT + 1;
    char *big = apr_palloc(pool, n + 2);
    pserv_csv_reader_t *r;

    memset(big, 'x', n);
    big[n] = '\n';
    big[n + 1] = '\0';
    r = mem_reader(big);
    expect_error(r, 1, 0, "field longer than");

    big[n - 1] = '\n';          /* exactly at the limit: accepted */
    big[n] = '\0';
    r = mem_reader(big);
    ck_assert_int_eq(pserv_csv_next(r, pool, &(pserv_csv_record_t){0}),
                     PSERV_CSV_RECORD);
}
END_TEST

START_TEST(test_long_record)
{
    pserv_csv_limits_t lim = { 0, 16, 0 };
    const char *in = "a,b,c\n12345,12345,12345\n";
    const char *inq = "a\n\"12345\n12345\n12345\"\n";
    pserv_csv_reader_t *r;

    r = mem_reader_n(in, strlen(in), &lim);
    expect_record(r, 1, 3, "a", "b", "c");
    expect_error(r, 2, 2, "record longer than 16 bytes");

    r = mem_reader_n(inq, strlen(inq), &lim);
    expect_record(r, 1, 1, "a");
    expect_error(r, 4, 0, "record longer than 16 bytes");
}
END_TEST

START_TEST(test_too_many_fields)
{
    pserv_csv_limits_t lim = { 0, 0, 3 };
    const char *in = "a,b,c\n1,2,3,4\n";
    pserv_csv_reader_t *r = mem_reader_n(in, strlen(in), &lim);

    expect_record(r, 1, 3, "a", "b", "c");
    expect_error(r, 2, 3, "more than 3 fields");
}
END_TEST

START_TEST(test_header_field_count)
{
    pserv_csv_reader_t *r = mem_reader("code,name\nA,x\nB\nC,y,z\nD,w\n");

    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_RECORD);
    ck_assert_int_eq(pserv_csv_columns(r), 2);
    ck_assert_int_eq(pserv_csv_column_index(r, "name"), 1);
    ck_assert_int_eq(pserv_csv_column_index(r, "nope"), -1);
    ck_assert_ptr_null(pserv_csv_column_name(r, 2));
    expect_record(r, 2, 2, "A", "x");
    expect_error(r, 3, -1, "expected 2 fields as in the header, found 1");
    /* Not fatal: the next records are still read. */
    ck_assert_int_eq(pserv_csv_fatal(r), 0);
    expect_error(r, 4, -1, "found 3");
    expect_record(r, 5, 2, "D", "w");
    expect_eof(r);
}
END_TEST

START_TEST(test_header_errors)
{
    pserv_csv_reader_t *r = mem_reader("code,,name\n");

    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_ERROR);
    ck_assert_int_eq(pserv_csv_error_field(r), 1);
    ck_assert_ptr_nonnull(strstr(pserv_csv_error(r), "empty column name"));

    r = mem_reader("code,name,code\n");
    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_ERROR);
    ck_assert_int_eq(pserv_csv_error_field(r), 2);
    ck_assert_ptr_nonnull(strstr(pserv_csv_error(r), "duplicate column"));
}
END_TEST

/* The file reader refills in blocks: records and quoted fields that
 * straddle block boundaries, and a BOM, must read as from memory. */
START_TEST(test_file_reader)
{
    char path[] = "/tmp/test_csv_XXXXXX";
    apr_file_t *f;
    pserv_csv_reader_t *r;
    pserv_csv_record_t rec;
    apr_size_t len;
    int i, rc;
    char *line;

    ck_assert_int_eq(apr_file_mktemp(&f, path,
                     APR_FOPEN_CREATE | APR_FOPEN_WRITE | APR_FOPEN_EXCL, pool), APR_SUCCESS);
    ck_assert_int_eq(apr_file_puts("\xEF\xBB\xBF" "n,text\r\n", f), APR_SUCCESS);
    for (i = 0; i < 3000; i++) {
        line = apr_psprintf(pool, "%d,\"row %d, \"\"q\"\"\nnext\"\r\n", i, i);
        len = strlen(line);
        ck_assert_int_eq(apr_file_write_full(f, line, len, NULL), APR_SUCCESS);
    }
    ck_assert_int_eq(apr_file_close(f), APR_SUCCESS);

    ck_assert_int_eq(pserv_csv_open(&r, path, pool, NULL), APR_SUCCESS);
    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_RECORD);
    ck_assert_str_eq(pserv_csv_column_name(r, 0), "n");
    for (i = 0; i < 3000; i++) {
        apr_pool_t *rp;
        apr_pool_create(&rp, pool);
        rc = pserv_csv_next(r, rp, &rec);
        ck_assert_int_eq(rc, PSERV_CSV_RECORD);
        ck_assert_uint_eq(rec.line, 2 + 2 * (unsigned)i);
        ck_assert_str_eq(rec.fields[0], apr_itoa(rp, i));
        ck_assert_str_eq(rec.fields[1],
                         apr_psprintf(rp, "row %d, \"q\"\nnext", i));
        apr_pool_destroy(rp);
    }
    expect_eof(r);
    apr_file_remove(path, pool);

    ck_assert_int_ne(pserv_csv_open(&r, "/nonexistent/x.csv", pool, NULL),
                     APR_SUCCESS);
}
END_TEST

/* ---- the writer ---------------------------------------------------------- */

START_TEST(test_cell_plain)
{
    /* Every cell goes in double quotes, whatever it holds: a reader that
     * splits at another separator (Excel at the locale's ';') then still
     * sees one cell (see test_cell_formula for when it does not). */
    ck_assert_str_eq(pserv_csv_cell(pool, "UID-2026-000001"),
                     "\"UID-2026-000001\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "Agus Salim"), "\"Agus Salim\"");
    ck_assert_str_eq(pserv_csv_cell(pool, ""), "\"\"");
    ck_assert_str_eq(pserv_csv_cell(pool, NULL), "\"\"");
    /* UTF-8 passes through untouched. */
    ck_assert_str_eq(pserv_csv_cell(pool, "Divisi Keuangan \xE2\x80\x93 Jakarta"),
                     "\"Divisi Keuangan \xE2\x80\x93 Jakarta\"");
    /* = + - @ inside a part make no formula. */
    ck_assert_str_eq(pserv_csv_cell(pool, "a=b+c-d@e"), "\"a=b+c-d@e\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "Jakarta - Pusat"),
                     "\"Jakarta - Pusat\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "SAP, E-mail"), "\"SAP, E-mail\"");
}
END_TEST

START_TEST(test_cell_quoting)
{
    ck_assert_str_eq(pserv_csv_cell(pool, "say \"hi\""), "\"say \"\"hi\"\"\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "\""), "\"\"\"\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "two\nlines"), "\"two\nlines\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "a\r\nb"), "\"a\r\nb\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "a\tb;c"), "\"a\tb;c\"");
}
END_TEST

START_TEST(test_cell_formula)
{
    ck_assert(pserv_csv_formula_like("=1+1"));
    ck_assert(pserv_csv_formula_like("+62 812"));
    ck_assert(pserv_csv_formula_like("-2+3"));
    ck_assert(pserv_csv_formula_like("@SUM(A1)"));
    ck_assert(pserv_csv_formula_like("\t=1"));
    ck_assert(pserv_csv_formula_like("\r=1"));
    ck_assert(!pserv_csv_formula_like(""));
    ck_assert(!pserv_csv_formula_like(NULL));
    ck_assert(!pserv_csv_formula_like("'=1"));
    ck_assert(!pserv_csv_formula_like("Budi"));
    ck_assert(!pserv_csv_formula_like("a=b;c+d"));
    /* A part after ';', ',', a tab or a line end counts as well: with the
     * Indonesian list separator ';', Excel splits "Budi;=1+1;x" at it and
     * runs the middle part. Spaces before the sign do not hide it (a
     * reader may trim them). */
    ck_assert(pserv_csv_formula_like("Budi;=1+1;x"));
    ck_assert(pserv_csv_formula_like("Budi,+62 812"));
    ck_assert(pserv_csv_formula_like("Budi\t-1"));
    ck_assert(pserv_csv_formula_like("Budi\n@SUM(A1)"));
    ck_assert(pserv_csv_formula_like("Budi\r=1"));
    ck_assert(pserv_csv_formula_like("Budi;  =1"));
    ck_assert(pserv_csv_formula_like(" =1+1"));
    ck_assert(pserv_csv_formula_like("a;;=1"));
    ck_assert(!pserv_csv_formula_like("Budi; x=1"));
    ck_assert(!pserv_csv_formula_like("Budi;"));
    ck_assert(!pserv_csv_formula_like("Budi; "));

    ck_assert_str_eq(pserv_csv_cell(pool, "=1+1"), "\"'=1+1\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "+62 812"), "\"'+62 812\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "-"), "\"'-\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "@SUM(A1:A9)"), "\"'@SUM(A1:A9)\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "\tx"), "\"'\tx\"");
    ck_assert_str_eq(pserv_csv_cell(pool, " =1+1"), "\"' =1+1\"");
    /* Quoted, the apostrophe inside the quotes, the quotes doubled. */
    ck_assert_str_eq(pserv_csv_cell(pool, "=HYPERLINK(\"http://x\",\"klik\")"),
                     "\"'=HYPERLINK(\"\"http://x\"\",\"\"klik\"\")\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "\r=1"), "\"'\r'=1\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "-1,5"), "\"'-1,5\"");
    /* The cell gets its apostrophe, and so does each part that starts like
     * a formula: whatever a reader splits the cell at, no part it makes
     * starts with = + - @. */
    ck_assert_str_eq(pserv_csv_cell(pool, "Budi;=1+1;x"), "\"'Budi;'=1+1;x\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "Budi, -1"), "\"'Budi,' -1\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "a\t@b\n+c\r\n-d"),
                     "\"'a\t'@b\n'+c\r\n'-d\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "=a;=b"), "\"'=a;'=b\"");
    ck_assert_str_eq(pserv_csv_cell(pool, "a;\"=b\""), "\"'a;'\"\"=b\"\"\"");
}
END_TEST

START_TEST(test_record)
{
    const char *cells[] = { "UID-2026-000007", "=cmd|' /C calc'!A0", NULL,
                            "SAP, VPN", "Completed", "Budi;=1+1;x" };
    apr_size_t len = 0;
    const char *rec = pserv_csv_record(pool, cells, 6, &len);

    ck_assert_str_eq(rec, "\"UID-2026-000007\",\"'=cmd|' /C calc'!A0\",\"\","
                          "\"SAP, VPN\",\"Completed\",\"'Budi;'=1+1;x\"\r\n");
    ck_assert_uint_eq(len, strlen(rec));
    ck_assert_str_eq(pserv_csv_record(pool, cells, 0, NULL), "\r\n");
    ck_assert_str_eq(pserv_csv_record(pool, cells + 2, 1, NULL), "\"\"\r\n");
}
END_TEST

/* No part of a written record, split at ';' (Excel in the Indonesian
 * locale, which does not honour a quote in the middle of its field), at
 * ',' or at a tab, starts with = + - @ (after spaces). */
START_TEST(test_record_split_anywhere)
{
    const char *cells[] = { "UID-1", "Budi;=1+1;x", "a,@b", "c\t-d",
                            " ; +e", "=f" };
    const char *rec = pserv_csv_record(pool, cells, 6, NULL);
    const char *seps[] = { ";", ",", "\t", ";,\t\r\n\"" };
    int k;

    for (k = 0; k < 4; k++) {
        char *copy = apr_pstrdup(pool, rec), *last, *part;

        for (part = apr_strtok(copy, seps[k], &last); part;
             part = apr_strtok(NULL, seps[k], &last)) {
            while (*part == ' ' || *part == '"')
                part++;
            ck_assert_msg(!*part || !strchr("=+-@", *part),
                          "split at %s: a part starts %s", seps[k], part);
        }
    }
}
END_TEST

/* What the writer writes, the reader reads back: every cell as it was,
 * but for the apostrophes (test_cell_formula). */
START_TEST(test_round_trip)
{
    static const char *const rows[][4] = {
        { "Nomor", "Nama Lengkap", "Platform System", "Status" },
        { "UID-1", "=1+1", "SAP, E-mail", "Waiting for Approval ICT Manager" },
        { "UID-2", "\"quoted\" name", "two\r\nlines", "-" },
        { "UID-3", "", "@x", "+\n" },
        { "UID-4", "Budi;=1+1;x", "\xEF\xBB\xBFx", "a, b" },
    };
    static const char *const back[][4] = {
        { "Nomor", "Nama Lengkap", "Platform System", "Status" },
        { "UID-1", "'=1+1", "SAP, E-mail", "Waiting for Approval ICT Manager" },
        { "UID-2", "\"quoted\" name", "two\r\nlines", "'-" },
        { "UID-3", "", "'@x", "'+\n" },
        { "UID-4", "'Budi;'=1+1;x", "\xEF\xBB\xBFx", "a, b" },
    };
    const char *text = PSERV_CSV_BOM;
    pserv_csv_reader_t *r;
    pserv_csv_record_t rec;
    int i, j;

    for (i = 0; i < 5; i++)
        text = apr_pstrcat(pool, text,
                           pserv_csv_record(pool, rows[i], 4, NULL), NULL);
    r = mem_reader(text);
    ck_assert_int_eq(pserv_csv_read_header(r), PSERV_CSV_RECORD);
    for (j = 0; j < 4; j++)
        ck_assert_str_eq(pserv_csv_column_name(r, j), back[0][j]);
    for (i = 1; i < 5; i++) {
        ck_assert_int_eq(pserv_csv_next(r, pool, &rec), PSERV_CSV_RECORD);
        ck_assert_int_eq(rec.nfields, 4);
        for (j = 0; j < 4; j++)
            ck_assert_str_eq(rec.fields[j], back[i][j]);
    }
    expect_eof(r);
}
END_TEST

static Suite *csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("reader");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_plain);
    tcase_add_test(tc, test_no_final_newline);
    tcase_add_test(tc, test_quoted_fields);
    tcase_add_test(tc, test_embedded_newline);
    tcase_add_test(tc, test_crlf);
    tcase_add_test(tc, test_mixed_line_ends);
    tcase_add_test(tc, test_bom);
    tcase_add_test(tc, test_bom_only_once);
    tcase_add_test(tc, test_empty_fields);
    tcase_add_test(tc, test_blank_lines_skipped);
    tcase_add_test(tc, test_empty_input);
    tcase_add_test(tc, test_quote_in_unquoted_field);
    tcase_add_test(tc, test_text_after_closing_quote);
    tcase_add_test(tc, test_unterminated_quote);
    tcase_add_test(tc, test_bare_cr);
    tcase_add_test(tc, test_nul_byte);
    tcase_add_test(tc, test_long_field);
    tcase_add_test(tc, test_default_field_limit);
    tcase_add_test(tc, test_long_record);
    tcase_add_test(tc, test_too_many_fields);
    tcase_add_test(tc, test_header_field_count);
    tcase_add_test(tc, test_header_errors);
    tcase_add_test(tc, test_file_reader);
    suite_add_tcase(s, tc);

    tc = tcase_create("writer");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cell_plain);
    tcase_add_test(tc, test_cell_quoting);
    tcase_add_test(tc, test_cell_formula);
    tcase_add_test(tc, test_record);
    tcase_add_test(tc, test_record_split_anywhere);
    tcase_add_test(tc, test_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(csv_suite)
