/* test_multipart.c: Check tests for the multipart/form-data parser in
 * mod_pserv/core/multipart.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "multipart.h"

#include "check_main.h"

#define CT        "multipart/form-data; boundary=XyZzy-42"
#define B         "--XyZzy-42"
#define CRLF      "\r\n"
#define LOG_MAX   65536

static apr_pool_t *pool;

/* The recorder and parse_cuts run ~100,000 times in the split tests. Every
 * passing ck_assert makes Check write a record to a file (600,000 writes,
 * over a minute under valgrind), so these check quietly and speak only on
 * failure. */
#define REQUIRE(expr, ...) \
    do { if (!(expr)) ck_abort_msg(__VA_ARGS__); } while (0)

/* What the callbacks saw, as one string: "[name|filename|type]" when a
 * part begins (a missing value shows as "-"), its bytes, "{end}" when it
 * ends. Identical logs mean identical parses, whatever the chunking. */
typedef struct {
    char       *log;            /* LOG_MAX bytes */
    apr_size_t  len;
    int         in_part;
    int         calls_after_stop;
    int         stopped;
    const char *stop_in;        /* "begin", "data" or "end": return stop_code */
    int         stop_code;
} recorder;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

static void rec_append(recorder *r, const char *s, apr_size_t n)
{
    REQUIRE(r->len + n <= LOG_MAX - 1, "recorder log full");
    memcpy(r->log + r->len, s, n);
    r->len += n;
    r->log[r->len] = '\0';
}

static void rec_str(recorder *r, const char *s)
{
    rec_append(r, s, strlen(s));
}

/* The stop code when this callback is the one asked to stop. */
static int rec_result(recorder *r, const char *which)
{
    r->calls_after_stop += r->stopped;
    if (r->stop_in && strcmp(r->stop_in, which) == 0) {
        r->stopped = 1;
        return r->stop_code;
    }
    return 0;
}

static int rec_begin(void *ctx, const char *name, const char *filename,
                     const char *content_type)
{
    recorder *r = ctx;

    REQUIRE(!r->in_part, "part_begin inside a part");
    REQUIRE(name && *name, "part_begin without a name");
    r->in_part = 1;
    rec_str(r, "[");
    rec_str(r, name);
    rec_str(r, "|");
    rec_str(r, filename ? filename : "-");
    rec_str(r, "|");
    rec_str(r, content_type ? content_type : "-");
    rec_str(r, "]");
    return rec_result(r, "begin");
}

static int rec_data(void *ctx, const char *data, apr_size_t len)
{
    recorder *r = ctx;

    REQUIRE(r->in_part, "part_data outside a part");
    REQUIRE(len > 0, "part_data with no bytes");
    rec_append(r, data, len);
    return rec_result(r, "data");
}

static int rec_end(void *ctx)
{
    recorder *r = ctx;

    REQUIRE(r->in_part, "part_end outside a part");
    r->in_part = 0;
    rec_str(r, "{end}");
    return rec_result(r, "end");
}

static const pserv_mp_callbacks rec_cb = { rec_begin, rec_data, rec_end };

static recorder *rec_new(void)
{
    recorder *r = apr_pcalloc(pool, sizeof(recorder));

    r->log = apr_palloc(pool, LOG_MAX);
    r->log[0] = '\0';
    return r;
}

/* Parse body cut before each offset in cuts (ascending); finish when every
 * feed succeeded. An error must stick: feed and finish repeat it. */
static int parse_cuts(const char *ct, const char *body, apr_size_t len,
                      const apr_size_t *cuts, int ncuts,
                      const pserv_mp_limits *lim, recorder *r)
{
    pserv_mp *mp = pserv_mp_create(pool, ct, lim, &rec_cb, r);
    apr_size_t at = 0;
    int i, rc = PSERV_MP_OK;

    REQUIRE(mp, "pserv_mp_create failed");
    REQUIRE(strcmp(pserv_mp_error(mp), "no error") == 0, "error before any input");
    for (i = 0; i <= ncuts && rc == PSERV_MP_OK; i++) {
        apr_size_t end = i < ncuts ? cuts[i] : len;

        rc = pserv_mp_feed(mp, body + at, end - at);
        at = end;
    }
    if (rc == PSERV_MP_OK)
        rc = pserv_mp_finish(mp);
    if (rc != PSERV_MP_OK) {
        REQUIRE(pserv_mp_feed(mp, "x", 1) == rc, "feed after error %d", rc);
        REQUIRE(pserv_mp_finish(mp) == rc, "finish after error %d", rc);
        REQUIRE(strcmp(pserv_mp_error(mp), "no error") != 0, "error %d unnamed", rc);
    }
    REQUIRE(r->calls_after_stop == 0, "%d callbacks after a stop", r->calls_after_stop);
    return rc;
}

static int parse_lim(const char *body, apr_size_t len,
                     const pserv_mp_limits *lim, recorder *r)
{
    return parse_cuts(CT, body, len, NULL, 0, lim, r);
}

static int parse(const char *body, recorder *r)
{
    return parse_lim(body, strlen(body), NULL, r);
}

/* Feed body in pieces of step bytes. */
static int parse_step(const char *body, apr_size_t len, apr_size_t step,
                      recorder *r)
{
    apr_size_t *cuts = apr_palloc(pool, sizeof(*cuts) * (len / step + 1));
    apr_size_t at;
    int n = 0;

    for (at = step; at < len; at += step)
        cuts[n++] = at;
    return parse_cuts(CT, body, len, cuts, n, NULL, r);
}

static void expect_parse(const char *body, int rc, const char *log)
{
    recorder *r = rec_new();

    ck_assert_int_eq(parse(body, r), rc);
    ck_assert_str_eq(r->log, log);
}

static void expect_error(const char *body, int rc, const char *fragment)
{
    pserv_mp *mp;
    recorder *r = rec_new();
    int got;

    mp = pserv_mp_create(pool, CT, NULL, &rec_cb, r);
    got = pserv_mp_feed(mp, body, strlen(body));
    if (got == PSERV_MP_OK)
        got = pserv_mp_finish(mp);
    ck_assert_int_eq(got, rc);
    ck_assert_msg(strstr(pserv_mp_error(mp), fragment) != NULL,
                  "error \"%s\" lacks \"%s\"", pserv_mp_error(mp), fragment);
}

/* ---- bodies ---------------------------------------------------------------- */

static const char simple_body[] =
    B CRLF
    "Content-Disposition: form-data; name=\"nama\"" CRLF
    CRLF
    "Budi Santoso" CRLF
    B CRLF
    "Content-Disposition: form-data; name=\"alasan\"" CRLF
    CRLF
    "Akses VPN" CRLF "baris dua" CRLF
    B "--" CRLF;

/* Two files, one holding NULs, CRs, LFs and near-boundaries; an empty
 * file input; an empty text field. */
static const char files_body[] =
    "This is the preamble. It is to be ignored." CRLF
    B CRLF
    "Content-Disposition: form-data; name=\"nopek\"" CRLF
    CRLF
    "123456" CRLF
    B CRLF
    "Content-Disposition: form-data; name=\"ktp\"; filename=\"ktp.jpg\"" CRLF
    "Content-Type: image/jpeg" CRLF
    CRLF
    "\xFF\xD8\xFF\xE0\0\0\r\r\n\n--XyZzy-4\r\n--XyZzy\r\n-\r" CRLF
    B CRLF
    "content-disposition: form-data; name=\"surat\"; filename=\"surat.pdf\"" CRLF
    "CONTENT-TYPE: application/pdf" CRLF
    CRLF
    "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n" CRLF
    B CRLF
    "Content-Disposition: form-data; name=\"lain\"; filename=\"\"" CRLF
    "Content-Type: application/octet-stream" CRLF
    CRLF
    CRLF
    B CRLF
    "Content-Disposition: form-data; name=\"catatan\"" CRLF
    CRLF
    CRLF
    B "--" CRLF
    "This is the epilogue. It is also to be ignored." CRLF;

static const char files_log[] =
    "[nopek|-|-]123456{end}"
    "[ktp|ktp.jpg|image/jpeg]"
    "\xFF\xD8\xFF\xE0\0\0\r\r\n\n--XyZzy-4\r\n--XyZzy\r\n-\r{end}"
    "[surat|surat.pdf|application/pdf]%PDF-1.4\n%\xE2\xE3\xCF\xD3\n{end}"
    "[lain||application/octet-stream]{end}"
    "[catatan|-|-]{end}";

START_TEST(test_simple_form)
{
    expect_parse(simple_body, PSERV_MP_OK,
                 "[nama|-|-]Budi Santoso{end}"
                 "[alasan|-|-]Akses VPN\r\nbaris dua{end}");
}
END_TEST

START_TEST(test_fields_and_files)
{
    recorder *r = rec_new();

    ck_assert_int_eq(parse_lim(files_body, sizeof files_body - 1, NULL, r),
                     PSERV_MP_OK);
    ck_assert_uint_eq(r->len, sizeof files_log - 1);
    ck_assert_mem_eq(r->log, files_log, sizeof files_log - 1);
}
END_TEST

/* The bodies the chunking tests run through, valid and not. */
static const struct {
    const char *body;
    apr_size_t len;
} chunk_bodies[] = {
    { simple_body, sizeof simple_body - 1 },
    { files_body, sizeof files_body - 1 },
#define S(x) { x, sizeof x - 1 }
    S(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
      "\r\n--XyZzy-4\r\n--XyZzy-42X" CRLF B "--"),
    S(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF "x" CRLF B),
    S(B CRLF "Content-Disposition: form-data" CRLF CRLF "x" CRLF B "--"),
    S("\r\n\r\r\n-" B "\r\n--XyZzy-42 \t" CRLF
      "Content-Disposition: form-data; name=a" CRLF CRLF CRLF B "--"),
    S(B "--"),
#undef S
};

static void expect_same(int i, int rc, const recorder *r, int want_rc,
                        const recorder *want, const char *how)
{
    REQUIRE(rc == want_rc, "body %d %s: rc %d, whole %d", i, how, rc, want_rc);
    REQUIRE(r->len == want->len && memcmp(r->log, want->log, r->len) == 0,
            "body %d %s: log differs", i, how);
}

START_TEST(test_one_byte_at_a_time)
{
    int i;

    for (i = 0; i < (int)(sizeof chunk_bodies / sizeof chunk_bodies[0]); i++) {
        recorder *whole = rec_new(), *r;
        int want = parse_lim(chunk_bodies[i].body, chunk_bodies[i].len, NULL,
                             whole);
        apr_size_t step;

        for (step = 1; step <= 13; step++) {
            r = rec_new();
            expect_same(i, parse_step(chunk_bodies[i].body,
                        chunk_bodies[i].len, step, r), r, want, whole,
                        apr_psprintf(pool, "step %" APR_SIZE_T_FMT, step));
        }
    }
}
END_TEST

START_TEST(test_every_split)
{
    int i;

    for (i = 0; i < (int)(sizeof chunk_bodies / sizeof chunk_bodies[0]); i++) {
        const char *body = chunk_bodies[i].body;
        apr_size_t len = chunk_bodies[i].len, cut;
        recorder *whole = rec_new();
        int want = parse_lim(body, len, NULL, whole);

        for (cut = 0; cut <= len; cut++) {
            recorder *r = rec_new();
            int rc = parse_cuts(CT, body, len, &cut, 1, NULL, r);

            expect_same(i, rc, r, want, whole, "one cut");
        }
    }
}
END_TEST

/* Two cuts anywhere in the simple body: every way a boundary, a CRLF or a
 * header can be split in three. */
START_TEST(test_every_two_splits)
{
    apr_size_t len = sizeof simple_body - 1, cuts[2];
    recorder *whole = rec_new();
    int want = parse_lim(simple_body, len, NULL, whole);
    apr_pool_t *sub;

    apr_pool_create(&sub, pool);
    for (cuts[0] = 0; cuts[0] <= len; cuts[0]++)
        for (cuts[1] = cuts[0]; cuts[1] <= len; cuts[1]++) {
            apr_pool_t *outer = pool;
            recorder *r;
            int rc;

            pool = sub;         /* the helpers allocate from pool */
            r = rec_new();
            rc = parse_cuts(CT, simple_body, len, cuts, 2, NULL, r);
            pool = outer;
            expect_same(0, rc, r, want, whole, "two cuts");
            apr_pool_clear(sub);
        }
}
END_TEST

START_TEST(test_boundary_like_data)
{
    expect_parse(B CRLF
                 "Content-Disposition: form-data; name=\"f\"; "
                 "filename=\"a.txt\"" CRLF CRLF
                 "\r\n--XyZzy-4" "\r\n--boundar" "--XyZzy-42" "\n--XyZzy-42"
                 "\r--XyZzy-42" "\r\n-\r\n--\r\r\n" CRLF
                 B "--",
                 PSERV_MP_OK,
                 "[f|a.txt|-]\r\n--XyZzy-4\r\n--boundar--XyZzy-42"
                 "\n--XyZzy-42\r--XyZzy-42\r\n-\r\n--\r\r\n{end}");
}
END_TEST

START_TEST(test_missing_final_boundary)
{
    expect_error(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
                 "x" CRLF B CRLF, PSERV_MP_MALFORMED, "part's headers");
    expect_error(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
                 "x", PSERV_MP_MALFORMED, "inside a part");
    expect_error(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
                 "x" CRLF B "-", PSERV_MP_MALFORMED, "inside a closing");
    expect_error("", PSERV_MP_MALFORMED, "before the first boundary");
    expect_error("just text" CRLF, PSERV_MP_MALFORMED, "first boundary");
    /* The last part ended, but the body has no "--": still incomplete. */
    expect_parse(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
                 "x" CRLF B, PSERV_MP_MALFORMED, "[a|-|-]x{end}");
}
END_TEST

START_TEST(test_preamble_and_epilogue)
{
    expect_parse("garbage --XyZzy-42 \r\n-- XyZzy-42\r\n\r\n" B CRLF
                 "Content-Disposition: form-data; name=a" CRLF CRLF "x" CRLF
                 B "--" "epilogue" CRLF B CRLF "more",
                 PSERV_MP_OK, "[a|-|-]x{end}");
    /* No preamble and no CRLF after the closing boundary. */
    expect_parse(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
                 "x" CRLF B "--", PSERV_MP_OK, "[a|-|-]x{end}");
    /* "--boundary" not at a line start is preamble text. */
    expect_parse("x" B CRLF CRLF B CRLF
                 "Content-Disposition: form-data; name=a" CRLF CRLF "x" CRLF
                 B "--", PSERV_MP_OK, "[a|-|-]x{end}");
}
END_TEST

START_TEST(test_no_parts)
{
    /* A form with no successful control: what browsers send. */
    expect_parse(B "--" CRLF, PSERV_MP_OK, "");
}
END_TEST

START_TEST(test_transport_padding)
{
    expect_parse(B " \t " CRLF
                 "Content-Disposition: form-data; name=a" CRLF CRLF "x" CRLF
                 B "--", PSERV_MP_OK, "[a|-|-]x{end}");
    expect_error(B "X" CRLF, PSERV_MP_MALFORMED, "after a boundary");
    expect_error(B " X" CRLF, PSERV_MP_MALFORMED, "after a boundary");
    expect_error(B "\rX", PSERV_MP_MALFORMED, "after a boundary");
    expect_error(B "\n", PSERV_MP_MALFORMED, "after a boundary");
    expect_error(B "-X", PSERV_MP_MALFORMED, "after a boundary");
    /* A line that merely starts with the boundary ends the part, then
     * fails: RFC 2046 forbids such a line inside a part. */
    expect_parse(B CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
                 "x" CRLF B "Z" CRLF B "--",
                 PSERV_MP_MALFORMED, "[a|-|-]x{end}");
}
END_TEST

static char *big_header(apr_size_t value_len)
{
    char *v = apr_palloc(pool, value_len + 1);

    memset(v, 'a', value_len);
    v[value_len] = '\0';
    return apr_pstrcat(pool, B CRLF
                       "Content-Disposition: form-data; name=a" CRLF
                       "X-Filler: ", v, CRLF CRLF "x" CRLF B "--", NULL);
}

START_TEST(test_header_limit)
{
    /* Header bytes: both lines with their CRLFs, and the blank line. */
    apr_size_t fixed = strlen("Content-Disposition: form-data; name=a" CRLF
                              "X-Filler: " CRLF CRLF);
    pserv_mp_limits lim = { 100, 0, 0, 0 };
    recorder *r;
    char *body;

    expect_error(big_header(9000), PSERV_MP_LIMIT, "longer than 8192");
    body = big_header(100 - fixed);
    r = rec_new();
    ck_assert_int_eq(parse_lim(body, strlen(body), &lim, r), PSERV_MP_OK);
    body = big_header(100 - fixed + 1);
    r = rec_new();
    ck_assert_int_eq(parse_lim(body, strlen(body), &lim, r), PSERV_MP_LIMIT);
    ck_assert_str_eq(r->log, "");
    /* A header line that never ends hits the same limit. */
    body = apr_pstrcat(pool, B CRLF "X-Filler: ",
                       big_header(20000) + strlen(B CRLF), NULL);
    body[strlen(B CRLF) + 20000] = '\0';
    r = rec_new();
    ck_assert_int_eq(parse_lim(body, strlen(body), NULL, r), PSERV_MP_LIMIT);
}
END_TEST

static char *many_parts(int n)
{
    char *body = "";
    int i;

    for (i = 0; i < n; i++)
        body = apr_pstrcat(pool, body, B CRLF
                           "Content-Disposition: form-data; name=f", CRLF CRLF,
                           "v", CRLF, NULL);
    return apr_pstrcat(pool, body, B "--", NULL);
}

START_TEST(test_parts_limit)
{
    pserv_mp_limits lim = { 0, 3, 0, 0 };
    recorder *r = rec_new();
    char *body;

    body = many_parts(PSERV_MP_MAX_PARTS_DEFAULT);
    ck_assert_int_eq(parse_lim(body, strlen(body), NULL, r), PSERV_MP_OK);
    expect_error(many_parts(PSERV_MP_MAX_PARTS_DEFAULT + 1), PSERV_MP_LIMIT,
                 "more than 64 parts");
    body = many_parts(4);
    r = rec_new();
    ck_assert_int_eq(parse_lim(body, strlen(body), &lim, r), PSERV_MP_LIMIT);
    ck_assert_str_eq(r->log, "[f|-|-]v{end}[f|-|-]v{end}[f|-|-]v{end}");
}
END_TEST

#define PART(headers) B CRLF headers CRLF CRLF "x" CRLF B "--"

START_TEST(test_part_without_name)
{
    expect_error(PART("Content-Disposition: form-data"),
                 PSERV_MP_MALFORMED, "without a name");
    expect_error(PART("Content-Disposition: form-data; filename=\"a.pdf\""),
                 PSERV_MP_MALFORMED, "without a name");
    expect_error(PART("Content-Disposition: form-data; name=\"\""),
                 PSERV_MP_MALFORMED, "empty field name");
    expect_error(PART("Content-Disposition: form-data; name="),
                 PSERV_MP_MALFORMED, "malformed");
    expect_error(PART("Content-Type: text/plain"),
                 PSERV_MP_MALFORMED, "without Content-Disposition");
    expect_error(B CRLF CRLF "x" CRLF B "--",
                 PSERV_MP_MALFORMED, "without Content-Disposition");
    expect_error(PART("Content-Disposition: attachment; name=a"),
                 PSERV_MP_MALFORMED, "not form-data");
    expect_error(PART("Content-Disposition: form-datax; name=a"),
                 PSERV_MP_MALFORMED, "not form-data");
}
END_TEST

START_TEST(test_disposition_syntax)
{
    expect_parse(PART("CONTENT-DISPOSITION:Form-Data;NAME=a;FileName=b.txt"),
                 PSERV_MP_OK, "[a|b.txt|-]x{end}");
    expect_parse(PART("Content-Disposition: form-data ; name = \"a b\" ;"),
                 PSERV_MP_OK, "[a b|-|-]x{end}");
    expect_parse(PART("Content-Disposition: form-data; name=\"a\"; "
                      "filename=\"\"; filename*=UTF-8''x.pdf"),
                 PSERV_MP_OK, "[a||-]x{end}");
    /* \" and \\ are escapes; other backslashes are IE's Windows paths. */
    expect_parse(PART("Content-Disposition: form-data; name=\"q\\\"\\\\\"; "
                      "filename=\"C:\\dir\\a\\\"b.pdf\""),
                 PSERV_MP_OK, "[q\"\\|C:\\dir\\a\"b.pdf|-]x{end}");
    /* Chrome's escapes stay as sent; raw UTF-8 passes through. */
    expect_parse(PART("Content-Disposition: form-data; name=\"f\"; "
                      "filename=\"%22laporan%22 \xE2\x82\xAC.pdf\""),
                 PSERV_MP_OK, "[f|%22laporan%22 \xE2\x82\xAC.pdf|-]x{end}");
    /* The Content-Type value, OWS trimmed; other headers ignored. */
    expect_parse(PART("Content-Type:  text/plain; charset=utf-8 \t" CRLF
                      "Content-Transfer-Encoding: 8bit" CRLF
                      "Content-Disposition: form-data; name=a"),
                 PSERV_MP_OK, "[a|-|text/plain; charset=utf-8]x{end}");
    expect_parse(PART("Content-Type:" CRLF
                      "Content-Disposition: form-data; name=a"),
                 PSERV_MP_OK, "[a|-|-]x{end}");
    expect_error(PART("Content-Disposition: form-data; name=\"a"),
                 PSERV_MP_MALFORMED, "malformed");
    expect_error(PART("Content-Disposition: form-data; name=\"a\" x"),
                 PSERV_MP_MALFORMED, "malformed");
    expect_error(PART("Content-Disposition: form-data; name=a; =b"),
                 PSERV_MP_MALFORMED, "malformed");
    expect_error(PART("Content-Disposition: form-data name=a"),
                 PSERV_MP_MALFORMED, "malformed");
    expect_error(PART("Content-Disposition: form-data; name=a; name=b"),
                 PSERV_MP_MALFORMED, "repeated name");
    expect_error(PART("Content-Disposition: form-data; name=a; "
                      "filename=b; filename=c"),
                 PSERV_MP_MALFORMED, "repeated filename");
    expect_error(PART("Content-Disposition: form-data; name=a" CRLF
                      "Content-Disposition: form-data; name=b"),
                 PSERV_MP_MALFORMED, "repeated Content-Disposition");
    expect_error(PART("Content-Disposition: form-data; name=a" CRLF
                      "Content-Type: a/b" CRLF "content-type: a/b"),
                 PSERV_MP_MALFORMED, "repeated Content-Type");
}
END_TEST

START_TEST(test_header_strictness)
{
    expect_error(B CRLF "Content-Disposition: form-data; name=a\n\nx" CRLF
                 B "--", PSERV_MP_MALFORMED, "bare LF");
    expect_error(B CRLF "Content-Disposition: form-data; name=a" CRLF "\n",
                 PSERV_MP_MALFORMED, "bare LF");
    expect_error(PART("Content-Disposition: form-data;\r name=a"),
                 PSERV_MP_MALFORMED, "bare CR");
    expect_error(PART("Content-Disposition: form-data; name=a" CRLF
                      " ; filename=b"), PSERV_MP_MALFORMED, "folded");
    expect_error(PART("Content-Disposition: form-data; name=\"a\x01\""),
                 PSERV_MP_MALFORMED, "control character");
    expect_error(PART("Content-Disposition : form-data; name=a"),
                 PSERV_MP_MALFORMED, "malformed header line");
    expect_error(PART("no colon here"), PSERV_MP_MALFORMED,
                 "malformed header line");
    expect_error(PART("Content-Disposition: form-data; name=a" CRLF
                      "X-\xC3\xA9: v"), PSERV_MP_MALFORMED,
                 "malformed header line");
}
END_TEST

START_TEST(test_nul_in_header)
{
    static const char body[] = B CRLF "Content-Disposition: form-data; "
                               "name=\"a\0b\"" CRLF CRLF "x" CRLF B "--";
    recorder *r = rec_new();

    ck_assert_int_eq(parse_lim(body, sizeof body - 1, NULL, r),
                     PSERV_MP_MALFORMED);
    ck_assert_str_eq(r->log, "");
}
END_TEST

START_TEST(test_name_limits)
{
    pserv_mp_limits lim = { 0, 0, 4, 6 };
    static const char ok[] = PART("Content-Disposition: form-data; "
                                  "name=\"abcd\"; filename=\"a\\\"cdef\"");
    static const char long_name[] = PART("Content-Disposition: form-data; "
                                         "name=abcde");
    static const char long_file[] = PART("Content-Disposition: form-data; "
                                         "name=a; filename=\"abcdefg\"");
    recorder *r = rec_new();

    ck_assert_int_eq(parse_lim(ok, sizeof ok - 1, &lim, r), PSERV_MP_OK);
    ck_assert_str_eq(r->log, "[abcd|a\"cdef|-]x{end}");
    r = rec_new();
    ck_assert_int_eq(parse_lim(long_name, sizeof long_name - 1, &lim, r),
                     PSERV_MP_LIMIT);
    r = rec_new();
    ck_assert_int_eq(parse_lim(long_file, sizeof long_file - 1, &lim, r),
                     PSERV_MP_LIMIT);
    expect_error(apr_pstrcat(pool, B CRLF "Content-Disposition: form-data; "
                 "name=", apr_psprintf(pool, "%0129d", 0), CRLF CRLF, NULL),
                 PSERV_MP_LIMIT, "field name longer than 128");
}
END_TEST

START_TEST(test_content_type_header)
{
    static const char *const good[] = {
        "multipart/form-data; boundary=\"XyZzy-42\"",
        "Multipart/Form-Data;BOUNDARY=XyZzy-42",
        "multipart/form-data; charset=utf-8; boundary=XyZzy-42 ",
        "multipart/form-data; boundary=\"XyZzy-42\"; x=\"y;z\"",
    };
    static const char *const bad[] = {
        "text/plain; boundary=XyZzy-42",
        "multipart/mixed; boundary=XyZzy-42",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"a \"",
        "multipart/form-data; boundary=\"a",
        "multipart/form-data; boundary=a!b",
        "multipart/form-data; boundary=\"a\rb\"",
        "multipart/form-data; boundary=a; boundary=a",
        "multipart/form-dataz; boundary=a",
        "multipart/form-data boundary=a",
        "multipart/form-data; boundary=a b",
        "multipart/form-data; boundary=\"0123456789012345678901234567890"
        "12345678901234567890123456789012345678901\"",
    };
    const char *body = PART("Content-Disposition: form-data; name=a");
    apr_size_t i;

    for (i = 0; i < sizeof good / sizeof good[0]; i++) {
        recorder *r = rec_new();

        ck_assert_int_eq(parse_cuts(good[i], body, strlen(body), NULL, 0,
                                    NULL, r), PSERV_MP_OK);
        ck_assert_str_eq(r->log, "[a|-|-]x{end}");
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(pserv_mp_create(pool, bad[i], NULL, &rec_cb, NULL)
                      == NULL, "accepted %s", bad[i]);
    ck_assert_ptr_null(pserv_mp_create(pool, NULL, NULL, &rec_cb, NULL));
}
END_TEST

START_TEST(test_odd_boundaries)
{
    /* 70 characters, spaces and the other specials RFC 2046 allows. */
    const char *b70 = "'()+_,-./:=? 456789012345678901234567890"
                      "123456789012345678901234567890";
    const char *ct = apr_pstrcat(pool, "multipart/form-data; boundary=\"",
                                 b70, "\"", NULL);
    const char *body = apr_pstrcat(pool, "--", b70, CRLF,
                                   "Content-Disposition: form-data; name=a",
                                   CRLF CRLF "x" CRLF "--", b70, "--", NULL);
    recorder *r = rec_new();

    ck_assert_uint_eq(strlen(b70), 70);
    ck_assert_int_eq(parse_cuts(ct, body, strlen(body), NULL, 0, NULL, r),
                     PSERV_MP_OK);
    ck_assert_str_eq(r->log, "[a|-|-]x{end}");
    /* A one-character boundary. */
    r = rec_new();
    body = "--z" CRLF "Content-Disposition: form-data; name=a" CRLF CRLF
           "-z\r\n-" CRLF "--z--";
    ck_assert_int_eq(parse_cuts("multipart/form-data; boundary=z", body,
                                strlen(body), NULL, 0, NULL, r), PSERV_MP_OK);
    ck_assert_str_eq(r->log, "[a|-|-]-z\r\n-{end}");
}
END_TEST

static void expect_stop(const char *where, const char *log)
{
    recorder *r = rec_new();

    r->stop_in = where;
    r->stop_code = 42;
    ck_assert_int_eq(parse_lim(files_body, sizeof files_body - 1, NULL, r),
                     42);
    ck_assert_str_eq(r->log, log);
}

START_TEST(test_callback_stops)
{
    expect_stop("begin", "[nopek|-|-]");
    expect_stop("data", "[nopek|-|-]123456");
    expect_stop("end", "[nopek|-|-]123456{end}");
}
END_TEST

/* A stop while giving out held-back bytes that were not a delimiter. */
START_TEST(test_callback_stops_on_held_back)
{
    static const char body[] = B CRLF "Content-Disposition: form-data; "
                               "name=a" CRLF CRLF "\rZ";
    recorder *r = rec_new();

    r->stop_in = "data";
    r->stop_code = 7;
    ck_assert_int_eq(parse_step(body, sizeof body - 1, 1, r), 7);
    ck_assert_str_eq(r->log, "[a|-|-]\r");
}
END_TEST

START_TEST(test_null_callbacks)
{
    pserv_mp_callbacks none = { NULL, NULL, NULL };
    pserv_mp *mp = pserv_mp_create(pool, CT, NULL, &none, NULL);

    ck_assert_int_eq(pserv_mp_feed(mp, files_body, sizeof files_body - 1),
                     PSERV_MP_OK);
    ck_assert_int_eq(pserv_mp_finish(mp), PSERV_MP_OK);
    mp = pserv_mp_create(pool, CT, NULL, NULL, NULL);
    ck_assert_int_eq(pserv_mp_feed(mp, simple_body, strlen(simple_body)),
                     PSERV_MP_OK);
    ck_assert_int_eq(pserv_mp_finish(mp), PSERV_MP_OK);
}
END_TEST

/* Compares a file part's bytes with the expected ones as they stream. */
typedef struct {
    const char *want;
    apr_size_t  len, at, calls;
    int         ended;
} stream_check;

static int check_begin(void *ctx, const char *name, const char *filename,
                       const char *content_type)
{
    (void)ctx;
    (void)content_type;
    ck_assert_str_eq(name, "f");
    ck_assert_str_eq(filename, "big.bin");
    return 0;
}

static int check_data(void *ctx, const char *data, apr_size_t len)
{
    stream_check *c = ctx;

    ck_assert_uint_le(c->at + len, c->len);
    ck_assert(memcmp(data, c->want + c->at, len) == 0);
    c->at += len;
    c->calls++;
    return 0;
}

static int check_end(void *ctx)
{
    ((stream_check *)ctx)->ended++;
    return 0;
}

/* A large file part fed in odd-sized chunks streams out whole. */
START_TEST(test_large_file)
{
    static const pserv_mp_callbacks cb = { check_begin, check_data,
                                           check_end };
    const char *head = B CRLF "Content-Disposition: form-data; name=f; "
                       "filename=big.bin" CRLF CRLF;
    const char *tail = CRLF B "--" CRLF;
    apr_size_t n = 300000, hl = strlen(head), tl = strlen(tail);
    apr_size_t len = hl + n + tl, i, at, step;
    char *body = apr_palloc(pool, len), *data = body + hl;
    stream_check c = { data, n, 0, 0, 0 };
    pserv_mp *mp = pserv_mp_create(pool, CT, NULL, &cb, &c);
    apr_uint32_t x = 1;
    int rc = PSERV_MP_OK;

    /* Random bytes, with many CRs and near-delimiters. */
    for (i = 0; i < n; i++) {
        x = x * 1103515245 + 12345;
        data[i] = (char)(x >> 24);
        if (i % 97 == 0 && i + 12 < n) {
            memcpy(data + i, "\r\n--XyZzy-4x", 12);
            i += 11;
        }
    }
    memcpy(body, head, hl);
    memcpy(body + hl + n, tail, tl);
    for (at = 0, step = 1; at < len && rc == PSERV_MP_OK; at += step) {
        step = step * 7 % 4099 + 1;
        rc = pserv_mp_feed(mp, body + at, at + step > len ? len - at : step);
    }
    ck_assert_int_eq(rc, PSERV_MP_OK);
    ck_assert_int_eq(pserv_mp_finish(mp), PSERV_MP_OK);
    ck_assert_uint_eq(c.at, n);
    ck_assert_int_eq(c.ended, 1);
}
END_TEST

/* ---- display filename and sniffing ----------------------------------------- */

static void expect_display(const char *raw, const char *want)
{
    char *got = pserv_mp_display_filename(pool, raw);

    ck_assert_msg(strcmp(got, want) == 0, "display(\"%s\") = \"%s\", "
                  "expected \"%s\"", raw ? raw : "(null)", got, want);
}

START_TEST(test_display_filename)
{
    expect_display("laporan.pdf", "laporan.pdf");
    expect_display("..\\..\\evil.pdf", "evil.pdf");
    expect_display("../../etc/passwd", "passwd");
    expect_display("C:\\x\\y.png", "y.png");
    expect_display("/abs/path/", "lampiran");
    expect_display("..", "lampiran");
    expect_display("", "lampiran");
    expect_display(NULL, "lampiran");
    expect_display("  . spaced name .txt . ", "spaced name .txt");
    expect_display("a\tb\x01" "c\x7f" "d\r\n\x1f.pdf", "abcd.pdf");
    expect_display("ne\xC2\x85xt.pdf", "next.pdf");            /* C1 NEL */
    expect_display("evil\xE2\x80\xAE" "fdp.exe", "evilfdp.exe"); /* RLO */
    expect_display("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x84.pdf",
                   "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x93\x84.pdf");
    expect_display("bad\xFF\xC3(x\xE2\x82.pdf", "bad__(x__.pdf");
    expect_display("\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80", "_________");
    expect_display("%22quoted%22.pdf", "%22quoted%22.pdf");
}
END_TEST

START_TEST(test_display_filename_long)
{
    char raw[400], want[200];
    char *got;

    /* 300 'a' + ".pdf": cut to 116 + ".pdf". */
    memset(raw, 'a', 300);
    strcpy(raw + 300, ".pdf");
    memset(want, 'a', 116);
    strcpy(want + 116, ".pdf");
    expect_display(raw, want);
    /* No extension: 120 characters. */
    raw[300] = '\0';
    want[120] = '\0';
    memset(want, 'a', 120);
    expect_display(raw, want);
    /* An "extension" too long to keep. */
    strcpy(raw + 100, ".abcdefghijklmnopqrstuvwxyz0123456789"
                      "abcdefghijklmnopqrstuvwxyz");
    got = pserv_mp_display_filename(pool, raw);
    ck_assert_uint_eq(strlen(got), 120);
    ck_assert(strncmp(got, raw, 120) == 0);
    /* Characters, not bytes: 200 two-byte letters + ".png". */
    {
        char *s = "", *w = "";
        int i;

        for (i = 0; i < 200; i++)
            s = apr_pstrcat(pool, s, "\xC3\xA9", NULL);
        for (i = 0; i < 116; i++)
            w = apr_pstrcat(pool, w, "\xC3\xA9", NULL);
        expect_display(apr_pstrcat(pool, s, ".png", NULL),
                       apr_pstrcat(pool, w, ".png", NULL));
    }
    /* The cut stem loses its trailing dots and spaces. */
    memset(raw, 'b', 300);
    memcpy(raw + 113, " . ", 3);
    strcpy(raw + 300, ".jpg");
    memset(want, 'b', 113);
    strcpy(want + 113, ".jpg");
    expect_display(raw, want);
}
END_TEST

START_TEST(test_sniff)
{
    static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 };
    static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n',
                                         0x1A, '\n', 0, 0 };
    static const unsigned char pdf[] = "%PDF-1.7\n";
    static const unsigned char gif[] = "GIF89a";

    ck_assert_str_eq(pserv_mp_sniff(jpeg, sizeof jpeg), "image/jpeg");
    ck_assert_str_eq(pserv_mp_sniff(png, sizeof png), "image/png");
    ck_assert_str_eq(pserv_mp_sniff(png, 8), "image/png");
    ck_assert_str_eq(pserv_mp_sniff(pdf, 5), "application/pdf");
    ck_assert_ptr_null(pserv_mp_sniff(png, 7));
    ck_assert_ptr_null(pserv_mp_sniff(jpeg, 2));
    ck_assert_ptr_null(pserv_mp_sniff(pdf, 4));
    ck_assert_ptr_null(pserv_mp_sniff(gif, 6));
    ck_assert_ptr_null(pserv_mp_sniff((const unsigned char *)"%pdf-", 5));
    ck_assert_ptr_null(pserv_mp_sniff(NULL, 0));
    ck_assert_ptr_null(pserv_mp_sniff(pdf, 0));
}
END_TEST

static Suite *multipart_suite(void)
{
    Suite *s = suite_create("multipart");
    TCase *tc = tcase_create("parser");

    tcase_add_checked_fixture(tc, setup, teardown);
    /* The exhaustive split tests take a while under valgrind. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_simple_form);
    tcase_add_test(tc, test_fields_and_files);
    tcase_add_test(tc, test_one_byte_at_a_time);
    tcase_add_test(tc, test_every_split);
    tcase_add_test(tc, test_every_two_splits);
    tcase_add_test(tc, test_boundary_like_data);
    tcase_add_test(tc, test_missing_final_boundary);
    tcase_add_test(tc, test_preamble_and_epilogue);
    tcase_add_test(tc, test_no_parts);
    tcase_add_test(tc, test_transport_padding);
    tcase_add_test(tc, test_header_limit);
    tcase_add_test(tc, test_parts_limit);
    tcase_add_test(tc, test_part_without_name);
    tcase_add_test(tc, test_disposition_syntax);
    tcase_add_test(tc, test_header_strictness);
    tcase_add_test(tc, test_nul_in_header);
    tcase_add_test(tc, test_name_limits);
    tcase_add_test(tc, test_content_type_header);
    tcase_add_test(tc, test_odd_boundaries);
    tcase_add_test(tc, test_callback_stops);
    tcase_add_test(tc, test_callback_stops_on_held_back);
    tcase_add_test(tc, test_null_callbacks);
    tcase_add_test(tc, test_large_file);
    tcase_add_test(tc, test_display_filename);
    tcase_add_test(tc, test_display_filename_long);
    tcase_add_test(tc, test_sniff);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(multipart_suite)
