/*
 * mime.h: one e-mail message as RFC 5322 + MIME text, APR only, no httpd.
 *
 * The message is 7-bit: every header is ASCII (non-ASCII text becomes
 * RFC 2047 encoded-words), both bodies are quoted-printable, every line
 * ends in CRLF and stays below 76 characters where the RFCs ask for it.
 * Dot-stuffing is the SMTP client's job (libcurl does it), not ours.
 *
 * Shape:
 *   From, To, Subject, Date, Message-ID, MIME-Version, Auto-Submitted
 *   multipart/alternative
 *     text/plain; charset=UTF-8   (the text as given)
 *     text/html; charset=UTF-8    (the HTML fragment given, or one made from
 *                                  the text, inside the P-Serv mail template)
 *
 * Refused (NULL): a header value (from, to, subject, id) holding CR or LF,
 * a malformed address, a Message-ID part with characters other than
 * [A-Za-z0-9._-].
 */
#ifndef PSERV_MIME_H
#define PSERV_MIME_H

#include <apr_pools.h>
#include <apr_time.h>

/* Lines of encoded headers and bodies stay below this many characters. */
#define PSERV_MIME_LINE_MAX 76

typedef struct {
    const char *name;   /* display name (UTF-8); "" for none */
    const char *addr;   /* local@domain */
    const char *domain; /* points into addr, after the '@' */
} pserv_mime_address;

typedef struct {
    const char *from;      /* "P-Serv <pserv@example.com>" or an
                                     * address alone */
    const char *to;        /* one address */
    const char *subject;   /* UTF-8 */
    const char *text;      /* UTF-8; LF, CRLF or CR line ends */
    const char *html;      /* UTF-8 fragment (or a whole document
                                     * starting <!DOCTYPE or <html, used as
                                     * it is); NULL: made from text */
    const char *link_base; /* only URLs under this base (PservBaseURL,
                                     * "https://host[/path]") become links in
                                     * an HTML part made from text; NULL:
                                     * none (requester-typed text is never
                                     * a link) */
    const char *lang;      /* the HTML part's <html lang> ("id", "en");
                                     * NULL: "id" */
    const char *footer;    /* the HTML part's footer line (plain text,
                                     * in lang); NULL: the Indonesian one */
    apr_time_t date;
    const char *id; /* Message-ID is <id@from-domain>; keep
                                     * it the same on every retry so a mail
                                     * sent twice can be recognised */
} pserv_mime_msg;

/* The whole message, NUL-terminated, or NULL when refused (see above). */
char *pserv_mime_build(apr_pool_t *p, const pserv_mime_msg *m);

/* Parse "Display Name <local@domain>", "\"Name\" <local@domain>" or
 * "local@domain". NULL when malformed or holding CR/LF. */
pserv_mime_address *pserv_mime_parse_address(apr_pool_t *p, const char *s);

/* 1 when s is a plain address we give to SMTP as it is: local@domain,
 * printable ASCII, no spaces, quotes, brackets, commas or semicolons. */
int pserv_mime_addr_ok(const char *s);

/* An unstructured header value (Subject) for a header line that already
 * holds used characters ("Subject: " is 9): printable ASCII that fits is
 * returned as it is (folded at spaces when long); anything else becomes
 * =?UTF-8?B?...?= encoded-words, never splitting a UTF-8 character, folded
 * (CRLF SP) so that every line stays below PSERV_MIME_LINE_MAX. NULL when
 * value holds CR or LF. */
char *pserv_mime_header_text(apr_pool_t *p, const char *value, apr_size_t used);

/* Quoted-printable (RFC 2045 6.7) of len bytes: line ends of any kind
 * become CRLF, soft breaks keep lines below PSERV_MIME_LINE_MAX. */
char *pserv_mime_qp(apr_pool_t *p, const char *data, apr_size_t len);

/* &, <, >, " and ' as character references. */
char *pserv_mime_html_escape(apr_pool_t *p, const char *s);

/* Plain text as an HTML fragment: escaped, blank lines as paragraphs,
 * other line ends as <br>; an http(s) URL becomes a link only when it
 * starts with link_base followed by '/', '?', '#' or its end (our own
 * pages: the text around them may hold what a requester typed, which must
 * never become a link). link_base NULL or "": no links. */
char *pserv_mime_text_to_html(apr_pool_t *p, const char *text,
                              const char *link_base);

/* A whole HTML document in the P-Serv look around a fragment, in
 * language lang (its code; NULL: "id") with footer (plain text; NULL: the
 * Indonesian "Email ini dikirim otomatis ..."). */
char *pserv_mime_html_page(apr_pool_t *p, const char *title,
                           const char *fragment, const char *lang,
                           const char *footer);

/* RFC 5322 date-time in UTC: "Thu, 28 Nov 2024 07:25:00 +0000". */
char *pserv_mime_date(apr_pool_t *p, apr_time_t t);

#endif
