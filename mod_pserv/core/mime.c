/*
 * mime.c: build one e-mail message (see mime.h). Pure: strings in, a
 * string out, memory from the caller's pool.
 */
#include "mime.h"

#include <string.h>
#include <strings.h>

#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_base64.h>

/* Longest line we write, in characters (CRLF not counted). */
#define PSERV_MIME_COLS    (PSERV_MIME_LINE_MAX - 1)
#define PSERV_MIME_EW_OPEN "=?UTF-8?B?"
#define PSERV_MIME_EW_LEN  12 /* "=?UTF-8?B?" + "?=" */
#define PSERV_MIME_ID_MAX  64

/* ---- a growing string in a pool ---- */

typedef struct {
    apr_pool_t *p;
    char *s;
    apr_size_t len, cap;
} pserv_mime_buf;

static void pserv_mime_buf_init(pserv_mime_buf *b, apr_pool_t *p,
                                apr_size_t cap)
{
    b->p = p;
    b->cap = cap < 64 ? 64 : cap;
    b->s = apr_palloc(p, b->cap);
    b->len = 0;
    b->s[0] = '\0';
}

static void pserv_mime_putn(pserv_mime_buf *b, const char *s, apr_size_t n)
{
    if (b->len + n + 1 > b->cap) {
        apr_size_t cap = b->cap * 2;
        char *ns;
        while (cap < b->len + n + 1)
            cap *= 2;
        ns = apr_palloc(b->p, cap);
        memcpy(ns, b->s, b->len);
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void pserv_mime_puts(pserv_mime_buf *b, const char *s)
{
    pserv_mime_putn(b, s, strlen(s));
}

static void pserv_mime_putc(pserv_mime_buf *b, char c)
{
    pserv_mime_putn(b, &c, 1);
}

/* ---- small predicates ---- */

static int pserv_mime_has_crlf(const char *s)
{
    return s && strpbrk(s, "\r\n") != NULL;
}

static int pserv_mime_printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* RFC 5322 atext plus space: a display name that needs no quoting. */
static int pserv_mime_plain_phrase(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e
            || strchr("()<>[]:;@\\,.\"", *s))
            return 0;
    return 1;
}

int pserv_mime_addr_ok(const char *s)
{
    const char *at, *c;
    apr_size_t n;

    if (!s || !(at = strchr(s, '@')) || strchr(at + 1, '@'))
        return 0;
    n = strlen(s);
    if (at == s || n > 254 || at - s > 64 || !at[1] || at[1] == '.'
        || s[n - 1] == '.')
        return 0;
    for (c = s; *c; c++)
        if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f
            || strchr("\"(),:;<>[\\]", *c))
            return 0;
    return 1;
}

static const char *pserv_mime_trim(apr_pool_t *p, const char *s, apr_size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return apr_pstrndup(p, s, n);
}

pserv_mime_address *pserv_mime_parse_address(apr_pool_t *p, const char *s)
{
    pserv_mime_address *a;
    const char *lt, *gt, *c;

    if (!s || pserv_mime_has_crlf(s))
        return NULL;
    a = apr_pcalloc(p, sizeof *a);
    lt = strchr(s, '<');
    if (!lt) {
        a->name = "";
        a->addr = pserv_mime_trim(p, s, strlen(s));
    }
    else {
        const char *name;
        if (!(gt = strchr(lt, '>')))
            return NULL;
        for (c = gt + 1; *c; c++)
            if (*c != ' ' && *c != '\t')
                return NULL;
        a->addr = apr_pstrndup(p, lt + 1, (apr_size_t)(gt - lt - 1));
        name = pserv_mime_trim(p, s, (apr_size_t)(lt - s));
        if (*name == '"') {
            /* A quoted-string: drop the quotes, undo \x escapes. */
            apr_size_t n = strlen(name);
            char *o;
            if (n < 2 || name[n - 1] != '"')
                return NULL;
            a->name = o = apr_palloc(p, n);
            for (c = name + 1; c < name + n - 1; c++) {
                if (*c == '\\' && c + 1 < name + n - 1)
                    c++;
                else if (*c == '"')
                    return NULL;
                *o++ = *c;
            }
            *o = '\0';
        }
        else {
            if (strpbrk(name, "<>\""))
                return NULL;
            a->name = name;
        }
    }
    if (!pserv_mime_addr_ok(a->addr))
        return NULL;
    a->domain = strchr(a->addr, '@') + 1;
    return a;
}

/* ---- headers ---- */

/* Append value as encoded-words, starting at column col of the current
 * line, folding before each word after the first. Returns the column at
 * the end. A UTF-8 character is never split between two words. */
static apr_size_t pserv_mime_words(pserv_mime_buf *b, const char *value,
                                   apr_size_t col)
{
    const unsigned char *v = (const unsigned char *)value;
    apr_size_t n = strlen(value), pos = 0;
    int first = 1;
    char enc[64];

    while (pos < n) {
        apr_size_t room, max, k;

        if (!first) {
            pserv_mime_puts(b, "\r\n ");
            col = 1;
        }
        room = col + PSERV_MIME_EW_LEN < PSERV_MIME_COLS
                   ? PSERV_MIME_COLS - col - PSERV_MIME_EW_LEN
                   : 0;
        max = room / 4 * 3;
        if (max < 4 && col > 1) {
            /* Not even one character fits behind what is on this line. */
            pserv_mime_puts(b, "\r\n ");
            col = 1;
            max = (PSERV_MIME_COLS - 1 - PSERV_MIME_EW_LEN) / 4 * 3;
        }
        k = n - pos < max ? n - pos : max;
        while (k > 1 && pos + k < n && (v[pos + k] & 0xc0) == 0x80)
            k--;
        apr_base64_encode_binary(enc, v + pos, (int)k);
        pserv_mime_puts(b, PSERV_MIME_EW_OPEN);
        pserv_mime_puts(b, enc);
        pserv_mime_puts(b, "?=");
        col += PSERV_MIME_EW_LEN + strlen(enc);
        pos += k;
        first = 0;
    }
    return col;
}

/* Printable ASCII folded at spaces so that lines stay within the limit;
 * 0 (nothing appended) when some word is too long to fit a line. */
static int pserv_mime_fold_ascii(pserv_mime_buf *b, const char *v,
                                 apr_size_t col)
{
    pserv_mime_buf out;
    apr_size_t n = strlen(v), pos = 0;

    if (col >= PSERV_MIME_COLS)
        return 0;
    pserv_mime_buf_init(&out, b->p, n + 16);
    while (col + (n - pos) > PSERV_MIME_COLS) {
        /* The last space that still fits, with some text before it. */
        apr_size_t fit = PSERV_MIME_COLS - col, sp = 0, i;
        for (i = pos + 1; i <= pos + fit && i < n; i++)
            if (v[i] == ' ' && v[i - 1] != ' ')
                sp = i;
        if (!sp)
            return 0;
        pserv_mime_putn(&out, v + pos, sp - pos);
        pserv_mime_puts(&out, "\r\n");
        pos = sp; /* the next line starts with the space */
        col = 0;
    }
    pserv_mime_puts(&out, v + pos);
    pserv_mime_putn(b, out.s, out.len);
    return 1;
}

char *pserv_mime_header_text(apr_pool_t *p, const char *value, apr_size_t used)
{
    pserv_mime_buf b;

    if (!value || pserv_mime_has_crlf(value))
        return NULL;
    pserv_mime_buf_init(&b, p, strlen(value) * 2 + 32);
    if (pserv_mime_printable(value) && !strstr(value, "=?")
        && pserv_mime_fold_ascii(&b, value, used))
        return b.s;
    pserv_mime_words(&b, value, used);
    return b.s;
}

/* "From: " value: the display name (quoted or encoded as needed) and the
 * address, folded before the address when the line would grow too long. */
static void pserv_mime_from(pserv_mime_buf *b, const pserv_mime_address *a)
{
    apr_size_t col = 6; /* "From: " */
    const char *n = a->name;

    if (!*n) {
        pserv_mime_puts(b, a->addr);
        return;
    }
    if (pserv_mime_printable(n) && !strstr(n, "=?")) {
        if (pserv_mime_plain_phrase(n)) {
            pserv_mime_puts(b, n);
            col += strlen(n);
        }
        else {
            pserv_mime_putc(b, '"');
            for (; *n; n++, col++) {
                if (*n == '"' || *n == '\\') {
                    pserv_mime_putc(b, '\\');
                    col++;
                }
                pserv_mime_putc(b, *n);
            }
            pserv_mime_putc(b, '"');
            col += 2;
        }
    }
    else
        col = pserv_mime_words(b, n, col);
    if (col + 3 + strlen(a->addr) > PSERV_MIME_COLS)
        pserv_mime_puts(b, "\r\n");
    pserv_mime_puts(b, " <");
    pserv_mime_puts(b, a->addr);
    pserv_mime_putc(b, '>');
}

char *pserv_mime_date(apr_pool_t *p, apr_time_t t)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
                                          "May", "Jun", "Jul", "Aug",
                                          "Sep", "Oct", "Nov", "Dec" };
    apr_time_exp_t x;

    apr_time_exp_gmt(&x, t);
    return apr_psprintf(p, "%s, %02d %s %04d %02d:%02d:%02d +0000",
                        days[x.tm_wday], x.tm_mday, months[x.tm_mon],
                        x.tm_year + 1900, x.tm_hour, x.tm_min, x.tm_sec);
}

/* ---- bodies ---- */

char *pserv_mime_qp(apr_pool_t *p, const char *data, apr_size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *d = (const unsigned char *)data;
    pserv_mime_buf b;
    apr_size_t i, col = 0;

    pserv_mime_buf_init(&b, p, len + len / 8 + 16);
    for (i = 0; i < len; i++) {
        unsigned char c = d[i];
        int last, enc;
        char piece[4];
        apr_size_t n;

        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < len && d[i + 1] == '\n')
                i++;
            pserv_mime_puts(&b, "\r\n");
            col = 0;
            continue;
        }
        last = i + 1 == len || d[i + 1] == '\r' || d[i + 1] == '\n';
        enc = c == '=' || c > 126 || (c < 32 && c != '\t')
              || ((c == ' ' || c == '\t') && last);
        if (enc) {
            piece[0] = '=';
            piece[1] = hex[c >> 4];
            piece[2] = hex[c & 15];
            n = 3;
        }
        else {
            piece[0] = (char)c;
            n = 1;
        }
        /* A soft break ("=" at the end) keeps room for itself. */
        if (col + n > PSERV_MIME_COLS - 1
            && !(last && col + n <= PSERV_MIME_COLS)) {
            pserv_mime_puts(&b, "=\r\n");
            col = 0;
        }
        pserv_mime_putn(&b, piece, n);
        col += n;
    }
    return b.s;
}

char *pserv_mime_html_escape(apr_pool_t *p, const char *s)
{
    pserv_mime_buf b;

    pserv_mime_buf_init(&b, p, strlen(s) + 16);
    for (; *s; s++) {
        switch (*s) {
        case '&':
            pserv_mime_puts(&b, "&amp;");
            break;
        case '<':
            pserv_mime_puts(&b, "&lt;");
            break;
        case '>':
            pserv_mime_puts(&b, "&gt;");
            break;
        case '"':
            pserv_mime_puts(&b, "&quot;");
            break;
        case '\'':
            pserv_mime_puts(&b, "&#39;");
            break;
        default:
            pserv_mime_putc(&b, *s);
        }
    }
    return b.s;
}

#define PSERV_MIME_LINK_STYLE "color:#0057a8"

/* Length of the http(s) URL starting at s (0 if none): up to whitespace,
 * a control character or <>"', less trailing punctuation, and less a
 * closing parenthesis the URL did not open. */
static apr_size_t pserv_mime_url_len(const char *s, apr_size_t n)
{
    apr_size_t scheme, i, open = 0, close = 0;

    if (n >= 8 && strncasecmp(s, "https://", 8) == 0)
        scheme = 8;
    else if (n >= 7 && strncasecmp(s, "http://", 7) == 0)
        scheme = 7;
    else
        return 0;
    for (i = scheme; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f || strchr("<>\"'", c))
            break;
        open += c == '(';
        close += c == ')';
    }
    while (i > scheme) {
        char c = s[i - 1];
        if (strchr(".,;:!?", c))
            i--;
        else if (c == ')' && close > open) {
            i--;
            close--;
        }
        else
            break;
    }
    return i > scheme ? i : 0;
}

/* 1 when the URL s (n bytes) is one of our own: under base. */
static int pserv_mime_own_url(const char *s, apr_size_t n, const char *base)
{
    apr_size_t k = base ? strlen(base) : 0;

    while (k && base[k - 1] == '/')
        k--;
    return k && n >= k && strncasecmp(s, base, k) == 0
           && (n == k || strchr("/?#", s[k]));
}

/* One line of text, escaped, our own URLs as links. */
static void pserv_mime_html_line(pserv_mime_buf *b, const char *s, apr_size_t n,
                                 const char *link_base)
{
    apr_size_t i = 0, start = 0;

    while (i < n) {
        apr_size_t u = 0;
        if ((i == 0 || !apr_isalnum(s[i - 1])) && (s[i] == 'h' || s[i] == 'H'))
            u = pserv_mime_url_len(s + i, n - i);
        if (u && !pserv_mime_own_url(s + i, u, link_base)) {
            i += u; /* stays text, escaped with what surrounds it */
            continue;
        }
        if (!u) {
            i++;
            continue;
        }
        if (i > start)
            pserv_mime_puts(
                b, pserv_mime_html_escape(
                       b->p, apr_pstrndup(b->p, s + start, i - start)));
        {
            const char *url =
                pserv_mime_html_escape(b->p, apr_pstrndup(b->p, s + i, u));
            pserv_mime_puts(b, apr_pstrcat(b->p, "<a href=\"", url,
                                           "\" style=\"" PSERV_MIME_LINK_STYLE
                                           "\">",
                                           url, "</a>", NULL));
        }
        i += u;
        start = i;
    }
    if (n > start)
        pserv_mime_puts(b, pserv_mime_html_escape(
                               b->p, apr_pstrndup(b->p, s + start, n - start)));
}

char *pserv_mime_text_to_html(apr_pool_t *p, const char *text,
                              const char *link_base)
{
    pserv_mime_buf b;
    const char *s = text;
    int in_p = 0, pending_br = 0;

    pserv_mime_buf_init(&b, p, strlen(text) * 2 + 64);
    while (*s) {
        apr_size_t n = strcspn(s, "\r\n"), i;
        int blank = 1;

        for (i = 0; i < n; i++)
            if (s[i] != ' ' && s[i] != '\t')
                blank = 0;
        if (blank) {
            if (in_p)
                pserv_mime_puts(&b, "</p>\n");
            in_p = pending_br = 0;
        }
        else {
            if (!in_p)
                pserv_mime_puts(&b, "<p style=\"margin:0 0 16px\">");
            else if (pending_br)
                pserv_mime_puts(&b, "<br>\n");
            pserv_mime_html_line(&b, s, n, link_base);
            in_p = pending_br = 1;
        }
        s += n;
        if (*s == '\r' && s[1] == '\n')
            s += 2;
        else if (*s)
            s++;
    }
    if (in_p)
        pserv_mime_puts(&b, "</p>\n");
    return b.s;
}

char *pserv_mime_html_page(apr_pool_t *p, const char *title,
                           const char *fragment, const char *lang,
                           const char *footer)
{
    return apr_pstrcat(
        p,
        "<!DOCTYPE html>\n"
        "<html lang=\"",
        pserv_mime_html_escape(p, lang ? lang : "id"),
        "\">\n"
        "<head>\n"
        "<meta charset=\"UTF-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n"
        "<title>",
        pserv_mime_html_escape(p, title ? title : ""),
        "</title>\n"
        "</head>\n"
        "<body style=\"margin:0;padding:0;background:#f3f5f8;color:#1c2430;"
        "font-family:system-ui,-apple-system,'Segoe "
        "UI',Roboto,Arial,sans-serif;"
        "font-size:15px;line-height:1.5\">\n"
        "<table role=\"presentation\" width=\"100%\" cellspacing=\"0\" "
        "cellpadding=\"0\" style=\"background:#f3f5f8\"><tr>"
        "<td align=\"center\" style=\"padding:24px 12px\">\n"
        "<table role=\"presentation\" width=\"100%\" cellspacing=\"0\" "
        "cellpadding=\"0\" style=\"max-width:600px;background:#ffffff;"
        "border:1px solid #d5dbe3;border-radius:12px\">\n"
        "<tr><td style=\"padding:16px 24px;border-bottom:4px solid #0057a8\">"
        "<span style=\"font-size:20px;font-weight:700;color:#0057a8\">P-</span>"
        "<span "
        "style=\"font-size:20px;font-weight:700;color:#c8102e\">Serv</span>"
        " <span style=\"font-size:14px;color:#4a5563\">Request User ID</span>"
        "</td></tr>\n"
        "<tr><td style=\"padding:24px\">\n",
        fragment ? fragment : "",
        "</td></tr>\n"
        "<tr><td style=\"padding:12px 24px;border-top:1px solid #e6eaf0;"
        "color:#4a5563;font-size:12px\">",
        footer ? pserv_mime_html_escape(p, footer)
               : "Email ini dikirim otomatis oleh P-Serv. Mohon tidak "
                 "membalas email ini.",
        "</td></tr>\n"
        "</table>\n"
        "</td></tr></table>\n"
        "</body>\n"
        "</html>\n",
        NULL);
}

/* 1 when html is a whole document rather than a fragment. */
static int pserv_mime_is_document(const char *html)
{
    while (*html == ' ' || *html == '\t' || *html == '\r' || *html == '\n')
        html++;
    return strncasecmp(html, "<!doctype", 9) == 0
           || strncasecmp(html, "<html", 5) == 0;
}

static int pserv_mime_id_ok(const char *id)
{
    apr_size_t n = strlen(id);

    return n > 0 && n <= PSERV_MIME_ID_MAX
           && strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789._-")
                  == n
           && id[0] != '.' && id[n - 1] != '.';
}

static void pserv_mime_part(pserv_mime_buf *b, const char *boundary,
                            const char *type, const char *body)
{
    apr_size_t len = strlen(body);

    pserv_mime_puts(b, "--");
    pserv_mime_puts(b, boundary);
    pserv_mime_puts(b, "\r\nContent-Type: ");
    pserv_mime_puts(b, type);
    pserv_mime_puts(b, "; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    pserv_mime_puts(b, pserv_mime_qp(b->p, body, len));
    if (len && body[len - 1] != '\n' && body[len - 1] != '\r')
        pserv_mime_puts(b, "\r\n");
}

char *pserv_mime_build(apr_pool_t *p, const pserv_mime_msg *m)
{
    pserv_mime_address *from;
    const char *subject, *html, *boundary;
    pserv_mime_buf b;

    if (!m || !m->from || !m->to || !m->subject || !m->text || !m->id
        || pserv_mime_has_crlf(m->to) || pserv_mime_has_crlf(m->id)
        || !pserv_mime_addr_ok(m->to) || !pserv_mime_id_ok(m->id)
        || !(from = pserv_mime_parse_address(p, m->from))
        || !(subject = pserv_mime_header_text(p, m->subject, 9)))
        return NULL;
    if (!m->html)
        html = pserv_mime_html_page(
            p, m->subject, pserv_mime_text_to_html(p, m->text, m->link_base),
            m->lang, m->footer);
    else if (pserv_mime_is_document(m->html))
        html = m->html;
    else
        html = pserv_mime_html_page(p, m->subject, m->html, m->lang, m->footer);
    /* "=_" never occurs in quoted-printable, so no body can hold it. */
    boundary = apr_pstrcat(p, "=_pserv_", m->id, NULL);

    pserv_mime_buf_init(&b, p, strlen(m->text) + strlen(html) * 11 / 10 + 1024);
    pserv_mime_puts(&b, "From: ");
    pserv_mime_from(&b, from);
    pserv_mime_puts(&b, "\r\nTo: ");
    pserv_mime_puts(&b, m->to);
    pserv_mime_puts(&b, "\r\nSubject: ");
    pserv_mime_puts(&b, subject);
    pserv_mime_puts(&b, "\r\nDate: ");
    pserv_mime_puts(&b, pserv_mime_date(p, m->date));
    pserv_mime_puts(&b, apr_pstrcat(p, "\r\nMessage-ID: <", m->id, "@",
                                    from->domain, ">\r\n", NULL));
    pserv_mime_puts(&b, "MIME-Version: 1.0\r\n"
                        "Auto-Submitted: auto-generated\r\n"
                        "Content-Type: multipart/alternative;\r\n"
                        " boundary=\"");
    pserv_mime_puts(&b, boundary);
    pserv_mime_puts(&b, "\"\r\n\r\n"
                        "This is a multi-part message in MIME format.\r\n"
                        "\r\n");
    pserv_mime_part(&b, boundary, "text/plain", m->text);
    pserv_mime_part(&b, boundary, "text/html", html);
    pserv_mime_puts(&b, "--");
    pserv_mime_puts(&b, boundary);
    pserv_mime_puts(&b, "--\r\n");
    return b.s;
}
