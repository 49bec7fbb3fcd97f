/* Unit tests for core/mime.c: encoded-words, CRLF refusal, quoted-printable,
 * the multipart structure and HTML escaping of the generated part. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <apr_general.h>
#include <apr_strings.h>
#include <apr_base64.h>

#include "mime.h"

#include "check_main.h"

static apr_pool_t *pool;

static void setup(void) { apr_pool_create(&pool, NULL); }
static void teardown(void) { apr_pool_destroy(pool); }

/* ---- helpers: decoders written independently of mime.c ---- */

/* 1 when every line of s ends in CRLF (no bare CR or LF) and, when
 * max > 0, no line is longer than max characters. */
static int lines_ok(const char *s, apr_size_t max)
{
    apr_size_t col = 0;

    for (; *s; s++) {
        if (*s == '\r') {
            if (s[1] != '\n')
                return 0;
            s++;
            col = 0;
        }
        else if (*s == '\n')
            return 0;
        else if (++col > max && max)
            return 0;
    }
    return 1;
}

/* 1 when the n bytes at s are complete UTF-8 characters. */
static int utf8_complete(const unsigned char *s, apr_size_t n)
{
    apr_size_t i = 0;

    while (i < n) {
        apr_size_t k = s[i] < 0x80 ? 1 : s[i] >= 0xf0 ? 4
                     : s[i] >= 0xe0 ? 3 : s[i] >= 0xc0 ? 2 : 0;
        if (!k || i + k > n)
            return 0;
        i += k;
    }
    return 1;
}

/* Decode a header value made of =?UTF-8?B?...?= words separated by
 * folding whitespace; checks each word holds whole characters. NULL when
 * it is not such a value. */
static char *decode_words(const char *v)
{
    char *out = apr_pcalloc(pool, strlen(v) + 1);
    apr_size_t len = 0;

    while (*v) {
        const char *end;
        char *b64;
        int n;

        while (*v == '\r' || *v == '\n' || *v == ' ')
            v++;
        if (!*v)
            break;
        if (strncmp(v, "=?UTF-8?B?", 10) != 0 || !(end = strstr(v + 10, "?=")))
            return NULL;
        b64 = apr_pstrndup(pool, v + 10, (apr_size_t)(end - v - 10));
        n = apr_base64_decode_binary((unsigned char *)out + len, b64);
        if (!utf8_complete((unsigned char *)out + len, (apr_size_t)n))
            return NULL;
        len += (apr_size_t)n;
        v = end + 2;
    }
    out[len] = '\0';
    return out;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Undo quoted-printable; soft breaks vanish, CRLF stays. */
static char *decode_qp(const char *s)
{
    char *out = apr_pcalloc(pool, strlen(s) + 1), *o = out;

    while (*s) {
        if (s[0] == '=' && s[1] == '\r' && s[2] == '\n')
            s += 3;
        else if (s[0] == '=') {
            ck_assert_int_ge(hexval(s[1]), 0);
            ck_assert_int_ge(hexval(s[2]), 0);
            *o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
            s += 3;
        }
        else
            *o++ = *s++;
    }
    *o = '\0';
    return out;
}

/* The value of header name (unfolded) in the header block of msg. */
static char *header(const char *msg, const char *name)
{
    const char *end = strstr(msg, "\r\n\r\n"), *h = msg;
    apr_size_t n = strlen(name);

    while (h && h < end) {
        if (strncasecmp(h, name, n) == 0 && h[n] == ':') {
            const char *v = h + n + 1, *e = v;
            while (e < end && !(e[0] == '\r' && e[1] == '\n'
                                && e[2] != ' ' && e[2] != '\t'))
                e++;
            while (*v == ' ')
                v++;
            return apr_pstrndup(pool, v, (apr_size_t)(e - v));
        }
        h = strstr(h, "\r\n");
        if (h)
            h += 2;
    }
    return NULL;
}

static const char *unfold(const char *v)
{
    char *o = apr_pstrdup(pool, v), *d = o;

    for (; *v; v++)
        if (*v != '\r' && *v != '\n')
            *d++ = *v;
    *d = '\0';
    return o;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;

    for (; (hay = strstr(hay, needle)); hay += strlen(needle))
        n++;
    return n;
}

/* The decoded text/html part of msg. */
static char *html_part(const char *msg)
{
    const char *h = strstr(msg, "Content-Type: text/html"), *end;

    ck_assert_ptr_nonnull(h);
    h = strstr(h, "\r\n\r\n") + 4;
    end = strstr(h, "\r\n--=_pserv_");
    ck_assert_ptr_nonnull(end);
    return decode_qp(apr_pstrndup(pool, h, (apr_size_t)(end - h)));
}

static pserv_mime_msg sample(void)
{
    pserv_mime_msg m = {
        .from = "P-Serv <pserv@pserv.example.com>",
        .to = "maya.puspitasari@example.co.id",
        .subject = "Permintaan User ID UID-2026-000123",
        .text = "Yth. Bapak/Ibu,\n\nPermintaan menunggu persetujuan Anda:\n"
                "https://pserv.example.com/requests/123\n\nTerima kasih.\n",
        .html = NULL,
        .date = apr_time_from_sec(1732778700),     /* 2024-11-28 07:25 UTC */
        .id = "pserv.123.1732778700000000",
    };
    return m;
}

/* ---- encoded-words ---- */

START_TEST(subject_ascii_kept)
{
    ck_assert_str_eq(pserv_mime_header_text(pool, "Permintaan User ID", 9),
                     "Permintaan User ID");
    ck_assert_str_eq(pserv_mime_header_text(pool, "", 9), "");
}
END_TEST

START_TEST(subject_non_ascii_encoded)
{
    const char *s = "Persetujuan diperlukan \xe2\x80\x94 caf\xc3\xa9";
    char *v = pserv_mime_header_text(pool, s, 9);

    ck_assert_ptr_nonnull(v);
    ck_assert(strncmp(v, "=?UTF-8?B?", 10) == 0);
    ck_assert_str_eq(decode_words(v), s);
    ck_assert(lines_ok(v, 75));
    for (; *v; v++)
        ck_assert(*v == '\r' || *v == '\n' || (*v >= 0x20 && *v < 0x7f));
}
END_TEST

START_TEST(subject_long_split_below_76)
{
    /* 60 three-byte characters (180 bytes): many words, each line
     * including "Subject: " on the first stays below 76, and no word
     * splits a character. */
    char s[200], *v, *line;
    const char *full;
    int i;

    for (i = 0; i < 60; i++)
        memcpy(s + 3 * i, "\xe2\x9c\x93", 3);
    s[180] = '\0';
    v = pserv_mime_header_text(pool, s, 9);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_gt(count(v, "=?UTF-8?B?"), 3);
    full = apr_pstrcat(pool, "Subject: ", v, NULL);
    ck_assert(lines_ok(apr_pstrcat(pool, full, "\r\n", NULL), 75));
    ck_assert_str_eq(decode_words(v), s);
    /* continuation lines start with a space (folding) */
    for (line = strstr(v, "\r\n"); line; line = strstr(line + 2, "\r\n"))
        ck_assert_int_eq(line[2], ' ');
}
END_TEST

START_TEST(subject_long_ascii_folded_at_spaces)
{
    const char *s = "Permintaan User ID UID-2026-000123 dari Agus Salim menunggu "
                    "persetujuan Anda sebagai Atasan langsung";
    char *v = pserv_mime_header_text(pool, s, 9);

    ck_assert_ptr_nonnull(v);
    ck_assert_ptr_nonnull(strstr(v, "\r\n "));
    ck_assert_str_eq(unfold(v), s);
    ck_assert(lines_ok(apr_pstrcat(pool, "Subject: ", v, "\r\n", NULL), 75));
}
END_TEST

START_TEST(subject_lookalike_encoded_word_is_encoded)
{
    /* Text that looks like an encoded-word must not be sent raw (a reader
     * would decode it). A word too long to fold is encoded as well. */
    char *v = pserv_mime_header_text(pool, "=?UTF-8?B?SGk=?=", 9);
    char longword[120];

    ck_assert(strncmp(v, "=?UTF-8?B?", 10) == 0);
    ck_assert_str_eq(decode_words(v), "=?UTF-8?B?SGk=?=");
    memset(longword, 'x', 100);
    longword[100] = '\0';
    v = pserv_mime_header_text(pool, longword, 9);
    ck_assert_str_eq(decode_words(v), longword);
}
END_TEST

/* ---- CR/LF refusal ---- */

START_TEST(header_values_with_crlf_refused)
{
    pserv_mime_msg m = sample();

    ck_assert_ptr_null(pserv_mime_header_text(pool, "a\r\nBcc: x@y.z", 9));
    ck_assert_ptr_null(pserv_mime_header_text(pool, "a\nb", 9));
    ck_assert_ptr_null(pserv_mime_header_text(pool, "a\rb", 9));

    ck_assert_ptr_nonnull(pserv_mime_build(pool, &m));
    m.subject = "Hello\r\nBcc: victim@example.com";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m = sample();
    m.subject = "caf\xc3\xa9\n";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m = sample();
    m.to = "a@example.com\r\nBcc: b@example.com";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m = sample();
    m.from = "P-Serv\r\n <pserv@example.com>";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m = sample();
    m.id = "x\r\ny";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    /* bodies may hold any line ends */
    m = sample();
    m.text = "a\rb\r\nc\nd";
    ck_assert_ptr_nonnull(pserv_mime_build(pool, &m));
}
END_TEST

START_TEST(bad_addresses_refused)
{
    pserv_mime_msg m = sample();

    m.to = "no-at-sign";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m.to = "two@@example.com";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m.to = "a b@example.com";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m.to = "a@example.com, b@example.com";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m.to = "<a@example.com>";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    m = sample();
    m.id = "has space";
    ck_assert_ptr_null(pserv_mime_build(pool, &m));
    ck_assert(pserv_mime_addr_ok("a.b+tag@sub.example.co.id"));
    ck_assert(!pserv_mime_addr_ok("@example.com"));
    ck_assert(!pserv_mime_addr_ok("a@"));
    ck_assert(!pserv_mime_addr_ok("a@.example.com"));
}
END_TEST

START_TEST(parse_address_forms)
{
    pserv_mime_address *a;

    a = pserv_mime_parse_address(pool, "P-Serv <pserv@example.com>");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->name, "P-Serv");
    ck_assert_str_eq(a->addr, "pserv@example.com");
    ck_assert_str_eq(a->domain, "example.com");
    a = pserv_mime_parse_address(pool, "  pserv@example.com ");
    ck_assert_str_eq(a->name, "");
    ck_assert_str_eq(a->addr, "pserv@example.com");
    a = pserv_mime_parse_address(pool, "\"ICT, \\\"Helpdesk\\\"\" <ict@example.com>");
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(a->name, "ICT, \"Helpdesk\"");
    ck_assert_ptr_null(pserv_mime_parse_address(pool, "P-Serv <pserv@example.com"));
    ck_assert_ptr_null(pserv_mime_parse_address(pool, "P-Serv <pserv@example.com> x"));
    ck_assert_ptr_null(pserv_mime_parse_address(pool, "P-Serv <not an address>"));
    ck_assert_ptr_null(pserv_mime_parse_address(pool, ""));
}
END_TEST

/* ---- quoted-printable ---- */

START_TEST(qp_rules)
{
    char longline[301];
    char *q;

    ck_assert_str_eq(pserv_mime_qp(pool, "a=b", 3), "a=3Db");
    ck_assert_str_eq(pserv_mime_qp(pool, "end \nx\t", 7), "end=20\r\nx=09");
    ck_assert_str_eq(pserv_mime_qp(pool, "caf\xc3\xa9", 5), "caf=C3=A9");
    ck_assert_str_eq(pserv_mime_qp(pool, "a\rb\r\nc\nd", 8), "a\r\nb\r\nc\r\nd");
    memset(longline, 'y', 300);
    longline[300] = '\0';
    q = pserv_mime_qp(pool, longline, 300);
    ck_assert(lines_ok(q, 75));
    ck_assert_int_ge(count(q, "=\r\n"), 4);
    ck_assert_str_eq(decode_qp(q), longline);
    /* an escape is never split by a soft break */
    memset(longline, '=', 300);
    q = pserv_mime_qp(pool, longline, 300);
    ck_assert(lines_ok(q, 75));
    ck_assert_str_eq(decode_qp(q), longline);
}
END_TEST

/* ---- the whole message ---- */

START_TEST(multipart_structure)
{
    pserv_mime_msg m = sample();
    char *msg = pserv_mime_build(pool, &m), *ct, *boundary, *body, *p1, *p2,
         *close, *text;

    ck_assert_ptr_nonnull(msg);
    ck_assert(lines_ok(msg, 76));
    ck_assert_str_eq(header(msg, "From"), "P-Serv <pserv@pserv.example.com>");
    ck_assert_str_eq(header(msg, "To"), "maya.puspitasari@example.co.id");
    ck_assert_str_eq(header(msg, "Subject"), "Permintaan User ID UID-2026-000123");
    ck_assert_str_eq(header(msg, "Date"), "Thu, 28 Nov 2024 07:25:00 +0000");
    ck_assert_str_eq(header(msg, "Message-ID"),
                     "<pserv.123.1732778700000000@pserv.example.com>");
    ck_assert_str_eq(header(msg, "MIME-Version"), "1.0");
    ct = header(msg, "Content-Type");
    ck_assert_ptr_nonnull(ct);
    ck_assert(strncmp(ct, "multipart/alternative;", 22) == 0);
    boundary = strstr(ct, "boundary=\"");
    ck_assert_ptr_nonnull(boundary);
    boundary = apr_pstrndup(pool, boundary + 10, strcspn(boundary + 10, "\""));
    ck_assert_int_gt(strlen(boundary), 0);
    ck_assert_int_le(strlen(boundary), 70);

    body = strstr(msg, "\r\n\r\n") + 4;
    ck_assert_int_eq(count(body, apr_pstrcat(pool, "\r\n--", boundary, "\r\n", NULL)), 2);
    close = apr_pstrcat(pool, "\r\n--", boundary, "--\r\n", NULL);
    ck_assert_int_eq(count(body, close), 1);
    ck_assert_str_eq(strstr(body, close), close);          /* at the end */

    p1 = strstr(body, apr_pstrcat(pool, "--", boundary, "\r\n", NULL));
    p2 = strstr(p1 + 1, apr_pstrcat(pool, "--", boundary, "\r\n", NULL));
    ck_assert_ptr_nonnull(strstr(p1, "Content-Type: text/plain; charset=UTF-8\r\n"));
    ck_assert(strstr(p1, "Content-Type: text/plain") < p2);
    ck_assert_ptr_nonnull(strstr(p2, "Content-Type: text/html; charset=UTF-8\r\n"));
    ck_assert_int_eq(count(body, "Content-Transfer-Encoding: quoted-printable\r\n"), 2);

    /* The text part decodes to the text with CRLF line ends. */
    text = strstr(p1, "\r\n\r\n") + 4;
    text = apr_pstrndup(pool, text, (apr_size_t)(p2 - 2 - text));
    ck_assert_str_eq(decode_qp(text),
        "Yth. Bapak/Ibu,\r\n\r\nPermintaan menunggu persetujuan Anda:\r\n"
        "https://pserv.example.com/requests/123\r\n\r\nTerima kasih.");

    /* 7-bit throughout */
    for (body = msg; *body; body++)
        ck_assert_int_lt((unsigned char)*body, 0x80);
}
END_TEST

START_TEST(non_ascii_subject_and_name_in_message)
{
    pserv_mime_msg m = sample();
    char *msg;

    m.subject = "Persetujuan \xe2\x80\x94 UID-2026-000123";
    m.from = "Layanan P-Serv \xe2\x9c\x93 <pserv@example.com>";
    msg = pserv_mime_build(pool, &m);
    ck_assert_ptr_nonnull(msg);
    ck_assert_str_eq(decode_words(header(msg, "Subject")), m.subject);
    ck_assert(lines_ok(msg, 76));
    ck_assert_ptr_nonnull(strstr(header(msg, "From"), "<pserv@example.com>"));
    ck_assert_str_eq(header(msg, "Message-ID"),
                     "<pserv.123.1732778700000000@example.com>");
}
END_TEST

START_TEST(from_name_with_specials_quoted)
{
    pserv_mime_msg m = sample();

    m.from = "ICT, Helpdesk <ict@example.com>";
    ck_assert_str_eq(header(pserv_mime_build(pool, &m), "From"),
                     "\"ICT, Helpdesk\" <ict@example.com>");
    m.from = "ict@example.com";
    ck_assert_str_eq(header(pserv_mime_build(pool, &m), "From"),
                     "ict@example.com");
}
END_TEST

/* ---- HTML ---- */

START_TEST(html_escapes_and_links)
{
    char *h = pserv_mime_text_to_html(pool,
        "Halo <b>Agus</b> & \"tim\" 'ICT'\n"
        "Buka https://pserv.example.com/requests/7?a=1&b=2.\n"
        "(lihat https://pserv.example.com/a_(b)) javascript:alert(1)\n\n"
        "Paragraf dua", "https://pserv.example.com");

    ck_assert_ptr_null(strstr(h, "<b>"));
    ck_assert_ptr_nonnull(strstr(h, "Halo &lt;b&gt;Agus&lt;/b&gt; &amp; &quot;tim&quot; &#39;ICT&#39;"));
    ck_assert_ptr_nonnull(strstr(h,
        "<a href=\"https://pserv.example.com/requests/7?a=1&amp;b=2\" "
        "style=\"color:#0057a8\">https://pserv.example.com/requests/7?a=1&amp;b=2</a>."));
    ck_assert_ptr_nonnull(strstr(h, ">https://pserv.example.com/a_(b)</a>)"));
    ck_assert_ptr_null(strstr(h, "href=\"javascript"));
    ck_assert_int_eq(count(h, "<p "), 2);
    ck_assert_int_eq(count(h, "<br>"), 2);
}
END_TEST

/* What a requester typed (a UNIT request's name, say) may hold a URL: it
 * stays text. Only our own pages (under PservBaseURL) become links. */
START_TEST(html_links_only_our_own)
{
    const char *text =
        "Yth. Klik http://evil.example/login,\n"
        "Pemohon : https://pserv.example.com.evil.example/x\n"
        "Lain    : https://pserv.example.com@evil.example/x "
        "HTTPS://PSERV.EXAMPLE.COM/requests/9\n"
        "Tiket: https://pserv.example.com/requests/7\n";
    char *h = pserv_mime_text_to_html(pool, text, "https://pserv.example.com/");

    ck_assert_int_eq(count(h, "<a "), 2);
    ck_assert_ptr_nonnull(strstr(h, "<a href=\"https://pserv.example.com/requests/7\""));
    ck_assert_ptr_nonnull(strstr(h, "<a href=\"HTTPS://PSERV.EXAMPLE.COM/requests/9\""));
    ck_assert_ptr_nonnull(strstr(h, "Yth. Klik http://evil.example/login,<br>"));
    ck_assert_ptr_null(strstr(h, "href=\"http://evil"));
    ck_assert_ptr_null(strstr(h, "href=\"https://pserv.example.com.evil"));
    ck_assert_ptr_null(strstr(h, "href=\"https://pserv.example.com@"));
    /* no base: no link at all */
    h = pserv_mime_text_to_html(pool, text, NULL);
    ck_assert_int_eq(count(h, "<a "), 0);
    ck_assert_ptr_nonnull(strstr(h, "Tiket: https://pserv.example.com/requests/7"));
}
END_TEST

START_TEST(html_part_generated_from_text)
{
    pserv_mime_msg m = sample();
    char *msg, *decoded;

    m.text = "Ini <script>alert(1)</script>\nhttps://pserv.example.com/x\n"
             "https://evil.example/x\n";
    m.link_base = "https://pserv.example.com";
    m.subject = "Subjek <i>";
    msg = pserv_mime_build(pool, &m);
    ck_assert_ptr_nonnull(msg);
    decoded = html_part(msg);
    ck_assert_ptr_nonnull(strstr(decoded, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(decoded, "<title>Subjek &lt;i&gt;</title>"));
    ck_assert_ptr_nonnull(strstr(decoded, "Ini &lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_ptr_null(strstr(decoded, "<script>"));
    ck_assert_ptr_nonnull(strstr(decoded, "<a href=\"https://pserv.example.com/x\""));
    ck_assert_ptr_null(strstr(decoded, "<a href=\"https://evil.example"));
    ck_assert_ptr_nonnull(strstr(decoded, "P-Serv"));
}
END_TEST

START_TEST(html_given_is_used)
{
    pserv_mime_msg m = sample();
    char *msg;

    m.html = "<p>Fragmen <strong>HTML</strong></p>";
    msg = html_part(pserv_mime_build(pool, &m));
    ck_assert_ptr_nonnull(strstr(msg, "<p>Fragmen <strong>HTML</strong></p>"));
    ck_assert_ptr_nonnull(strstr(msg, "<!DOCTYPE html>"));     /* wrapped */
    m.html = "<!DOCTYPE html><html><body>Sendiri</body></html>";
    msg = html_part(pserv_mime_build(pool, &m));
    ck_assert_str_eq(msg, m.html);
    ck_assert_int_eq(count(msg, "<!DOCTYPE html>"), 1);        /* as it is */
}
END_TEST

START_TEST(date_format)
{
    ck_assert_str_eq(pserv_mime_date(pool, apr_time_from_sec(0)),
                     "Thu, 01 Jan 1970 00:00:00 +0000");
    ck_assert_str_eq(pserv_mime_date(pool, apr_time_from_sec(1772323200)),
                     "Sun, 01 Mar 2026 00:00:00 +0000");
}
END_TEST

static Suite *mime_suite(void)
{
    Suite *s = suite_create("mime");
    TCase *tc = tcase_create("message");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, subject_ascii_kept);
    tcase_add_test(tc, subject_non_ascii_encoded);
    tcase_add_test(tc, subject_long_split_below_76);
    tcase_add_test(tc, subject_long_ascii_folded_at_spaces);
    tcase_add_test(tc, subject_lookalike_encoded_word_is_encoded);
    tcase_add_test(tc, header_values_with_crlf_refused);
    tcase_add_test(tc, bad_addresses_refused);
    tcase_add_test(tc, parse_address_forms);
    tcase_add_test(tc, qp_rules);
    tcase_add_test(tc, multipart_structure);
    tcase_add_test(tc, non_ascii_subject_and_name_in_message);
    tcase_add_test(tc, from_name_with_specials_quoted);
    tcase_add_test(tc, html_escapes_and_links);
    tcase_add_test(tc, html_part_generated_from_text);
    tcase_add_test(tc, html_links_only_our_own);
    tcase_add_test(tc, html_given_is_used);
    tcase_add_test(tc, date_format);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(mime_suite)
