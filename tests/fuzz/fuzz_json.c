/*
 * fuzz_json.c: libFuzzer target for mod_pserv/core/json.c, the API's JSON
 * writer.
 *
 * The whole input is first written as one JSON string: the literal must be
 * valid JSON by a small independent checker (no raw control character, no
 * raw U+2028/2029 or < > &, strict UTF-8 inside, only JSON's escapes); read
 * back, it gives exactly the input when the input is well-formed UTF-8,
 * and in any case something that writes again as the same literal.
 *
 * Then the input is a program for the writer: each byte's low 3 bits pick
 * an operation (object, array, end, key, string, int, bool, null), later
 * bytes its argument. A model of the writer's rules predicts whether
 * pserv_json_finish gives a text; when it does, the text must pass the
 * checker.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "json.h"

static apr_pool_t *root;

#define FUZZ_REQUIRE(cond) do { if (!(cond)) { \
        fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, \
                __FILE__, __LINE__); abort(); } } while (0)

/* ---- reference UTF-8, written differently from json.c ---- */

/* Length of the well-formed sequence at s (n bytes left) and its code
 * point, or 0. */
static int ref_utf8(const unsigned char *s, size_t n, unsigned long *cp)
{
    static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    int len, i;
    unsigned long v;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0)
        len = 2, v = s[0] & 0x1F;
    else if ((s[0] & 0xF0) == 0xE0)
        len = 3, v = s[0] & 0x0F;
    else if ((s[0] & 0xF8) == 0xF0)
        len = 4, v = s[0] & 0x07;
    else
        return 0;
    if ((size_t)len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static int ref_valid_utf8(const unsigned char *s, size_t n)
{
    unsigned long cp;
    size_t i = 0;
    int k;

    while (i < n) {
        if (!(k = ref_utf8(s + i, n - i, &cp)))
            return 0;
        i += (size_t)k;
    }
    return 1;
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f'
         ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t put_utf8(unsigned char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    o[0] = (unsigned char)(0xE0 | cp >> 12);
    o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
}

/* ---- the checker ---- */

/* The string literal at s[*i] (its opening quote), checked; its decoded
 * bytes into out (when not NULL, room for end - *i bytes). 0 when bad. */
static int chk_string(const unsigned char *s, size_t end, size_t *i,
                      unsigned char *out, size_t *out_len)
{
    size_t k = *i, o = 0;

    if (k >= end || s[k] != '"')
        return 0;
    for (k++; k < end; ) {
        unsigned long cp;
        int n;

        if (s[k] == '"') {
            *i = k + 1;
            if (out_len)
                *out_len = o;
            return 1;
        }
        if (s[k] == '\\') {
            if (k + 1 >= end)
                return 0;
            switch (s[k + 1]) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u':
                if (k + 6 > end)
                    return 0;
                cp = 0;
                for (n = 2; n < 6; n++) {
                    if (hexval(s[k + n]) < 0)
                        return 0;
                    cp = cp << 4 | (unsigned long)hexval(s[k + n]);
                }
                /* the writer never needs a surrogate pair */
                if (cp >= 0xD800 && cp <= 0xDFFF)
                    return 0;
                k += 4;
                break;
            default:
                return 0;
            }
            if (out)
                o += put_utf8(out + o, cp);
            k += 2;
            continue;
        }
        if (s[k] < 0x20 || s[k] == 0x7F)
            return 0;                   /* raw control character */
        if (s[k] == '<' || s[k] == '>' || s[k] == '&')
            return 0;                   /* could start markup */
        if (!(n = ref_utf8(s + k, end - k, &cp)))
            return 0;                   /* not UTF-8 */
        if (cp == 0x2028 || cp == 0x2029)
            return 0;                   /* must be escaped */
        if (out)
            memcpy(out + o, s + k, (size_t)n);
        o += (size_t)n;
        k += (size_t)n;
    }
    return 0;
}

/* One value at s[*i] (no white space: the writer writes none). */
static int chk_value(const unsigned char *s, size_t end, size_t *i, int depth)
{
    size_t k = *i;

    if (k >= end || depth > PSERV_JSON_DEPTH)
        return 0;
    if (s[k] == '{' || s[k] == '[') {
        unsigned char close = s[k] == '{' ? '}' : ']';
        int obj = s[k] == '{';
        k++;
        if (k < end && s[k] == close) {
            *i = k + 1;
            return 1;
        }
        for (;;) {
            if (obj) {
                if (!chk_string(s, end, &k, NULL, NULL) || k >= end
                    || s[k++] != ':')
                    return 0;
            }
            if (!chk_value(s, end, &k, depth + 1) || k >= end)
                return 0;
            if (s[k] == close) {
                *i = k + 1;
                return 1;
            }
            if (s[k++] != ',')
                return 0;
        }
    }
    if (s[k] == '"')
        return chk_string(s, end, i, NULL, NULL);
    if (end - k >= 4 && !memcmp(s + k, "true", 4)) {
        *i = k + 4;
        return 1;
    }
    if (end - k >= 5 && !memcmp(s + k, "false", 5)) {
        *i = k + 5;
        return 1;
    }
    if (end - k >= 4 && !memcmp(s + k, "null", 4)) {
        *i = k + 4;
        return 1;
    }
    if (s[k] == '-')
        k++;
    if (k >= end || s[k] < '0' || s[k] > '9')
        return 0;
    if (s[k] == '0')
        k++;
    else
        while (k < end && s[k] >= '0' && s[k] <= '9')
            k++;
    *i = k;
    return 1;
}

static int chk_text(const char *text, size_t len)
{
    size_t i = 0;

    return chk_value((const unsigned char *)text, len, &i, 0) && i == len;
}

/* ---- the string invariants ---- */

static void fuzz_string(apr_pool_t *p, const uint8_t *data, size_t size)
{
    apr_size_t len = 0, len2 = 0;
    const char *q = pserv_json_quote(p, (const char *)data, size, &len);
    const char *q2;
    unsigned char *back = apr_palloc(p, len + 1);
    size_t i = 0, back_len = 0;

    FUZZ_REQUIRE(q && strlen(q) == len);
    FUZZ_REQUIRE(chk_string((const unsigned char *)q, len, &i, back,
                            &back_len) && i == len);
    FUZZ_REQUIRE(ref_valid_utf8(back, back_len));
    if (ref_valid_utf8(data, size))
        FUZZ_REQUIRE(back_len == size && !memcmp(back, data, size));
    q2 = pserv_json_quote(p, (const char *)back, back_len, &len2);
    FUZZ_REQUIRE(q2 && len2 == len && !memcmp(q, q2, len));
}

/* ---- the writer as a program ---- */

typedef struct {
    int depth, want_value, done, failed;
    char open[PSERV_JSON_DEPTH + 1];
    int count[PSERV_JSON_DEPTH + 1];
} model;

static void model_value(model *m)
{
    if (m->failed)
        return;
    if (m->depth == 0) {
        if (m->done)
            m->failed = 1;
        else
            m->done = 1;
    }
    else if (m->open[m->depth - 1] == '{') {
        if (!m->want_value)
            m->failed = 1;
        m->want_value = 0;
    }
}

static void model_open(model *m, char kind)
{
    int top = m->depth == 0;

    model_value(m);
    if (m->failed)
        return;
    if (top)
        m->done = 0;                    /* complete only when closed */
    if (m->depth == PSERV_JSON_DEPTH) {
        m->failed = 1;
        return;
    }
    m->open[m->depth++] = kind;
}

static void fuzz_program(apr_pool_t *p, const uint8_t *data, size_t size)
{
    pserv_json *j = pserv_json_new(p);
    model m;
    size_t i = 0;
    const char *text;
    apr_size_t len = 0;

    memset(&m, 0, sizeof m);
    while (i < size) {
        uint8_t op = data[i++];
        size_t n = op >> 3;             /* argument length, 0-31 */
        const char *arg = (const char *)data + i;

        if (n > size - i)
            n = size - i;
        switch (op & 7) {
        case 0:
            pserv_json_object(j);
            model_open(&m, '{');
            break;
        case 1:
            pserv_json_array(j);
            model_open(&m, '[');
            break;
        case 2:
            pserv_json_end(j);
            if (!m.failed) {
                if (m.depth == 0 || m.want_value)
                    m.failed = 1;
                else if (--m.depth == 0)
                    m.done = 1;
            }
            break;
        case 3:
            pserv_json_key(j, apr_pstrmemdup(p, arg, n));
            i += n;
            if (!m.failed) {
                if (m.depth == 0 || m.open[m.depth - 1] != '{'
                    || m.want_value)
                    m.failed = 1;
                else
                    m.want_value = 1;
            }
            break;
        case 4:
            pserv_json_strn(j, arg, n);
            i += n;
            model_value(&m);
            break;
        case 5: {
            apr_int64_t v = 0;
            size_t k;
            for (k = 0; k < n && k < 8; k++)
                v = (apr_int64_t)((uint64_t)v << 8 | (uint8_t)arg[k]);
            pserv_json_int(j, v);
            i += n < 8 ? n : 8;
            model_value(&m);
            break;
        }
        case 6:
            pserv_json_bool(j, n & 1);
            model_value(&m);
            break;
        default:
            pserv_json_null(j);
            model_value(&m);
            break;
        }
    }
    text = pserv_json_finish(j, &len);
    FUZZ_REQUIRE(!text == (m.failed || m.depth != 0 || !m.done));
    if (text)
        FUZZ_REQUIRE(strlen(text) == len && chk_text(text, len));
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
    apr_pool_t *p;

    apr_pool_create(&p, root);
    fuzz_string(p, data, size);
    fuzz_program(p, data, size);
    apr_pool_destroy(p);
    return 0;
}
