/*
 * html.c: the result of a transform, written as HTML into a brigade.
 *
 * libxml2's HTML serializer looks every element up in its HTML 4 table by
 * a linear, case-insensitive scan, and its output buffer grows by copying;
 * on the list page that was a quarter of the module's instructions. This
 * writer gives byte for byte the same text (tests/unit/test_html.c holds
 * it to libxslt's writer), with the element facts looked up once per
 * process, and builds the page in one buffer handed to the brigade.
 *
 * What it keeps of libxml2's rules (HTMLtree.c, htmlNodeDumpFormatOutput,
 * htmlAttrDumpOutput, no indentation):
 *   - "<!DOCTYPE html>" and a newline for the document type, a newline
 *     after the root element;
 *   - head starts with <meta http-equiv="Content-Type" ...> unless it
 *     says its encoding already;
 *   - elements HTML 4 calls empty (br, img, input, meta, link, ...) end at
 *     ">" with no end tag; other childless ones get "></name>", but for
 *     those whose end tag HTML 4 lets go;
 *   - text is escaped (& < >, CR as &#13;; other control characters
 *     dropped), but inside
 *     script and style, and for text the stylesheet wrote with
 *     disable-output-escaping;
 *   - attribute values are escaped (& < >) and quoted; href, action, src
 *     (and name on <a>) are URI-escaped too; boolean attributes (checked,
 *     selected, defer, ...) are written by name alone.
 */
#include "view.h"

#include "apr_buckets.h"
#include "apr_hash.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#define PSERV_EL_EMPTY   1 /* no content, no end tag */
#define PSERV_EL_SAVEEND 2 /* end tag may go when childless */
#define PSERV_EL_RAW     4 /* script, style: text as it is */

/* Names of elements with facts, looked up once (read-only after init). */
static apr_hash_t *pserv_html_facts;

static const char *const pserv_html_names[] = {
    "a",       "abbr",     "address",    "area",       "article",  "aside",
    "b",       "base",     "basefont",   "blockquote", "body",     "br",
    "button",  "caption",  "code",       "col",        "colgroup", "dd",
    "details", "dialog",   "div",        "dl",         "dt",       "em",
    "embed",   "fieldset", "figcaption", "figure",     "footer",   "form",
    "frame",   "h1",       "h2",         "h3",         "h4",       "h5",
    "h6",      "head",     "header",     "hr",         "html",     "i",
    "iframe",  "img",      "input",      "isindex",    "kbd",      "label",
    "legend",  "li",       "link",       "main",       "mark",     "meta",
    "nav",     "noscript", "ol",         "optgroup",   "option",   "output",
    "p",       "param",    "pre",        "progress",   "q",        "s",
    "script",  "section",  "select",     "small",      "source",   "span",
    "strong",  "style",    "sub",        "summary",    "sup",      "table",
    "tbody",   "td",       "template",   "textarea",   "tfoot",    "th",
    "thead",   "time",     "title",      "tr",         "track",    "u",
    "ul",      "wbr",      NULL
};

static int pserv_html_lookup(const char *name)
{
    const htmlElemDesc *d = htmlTagLookup((const xmlChar *)name);
    int f = 0;

    if (d && d->empty)
        f |= PSERV_EL_EMPTY;
    if (d && d->saveEndTag && strcmp(name, "html") && strcmp(name, "body"))
        f |= PSERV_EL_SAVEEND;
    if (!strcasecmp(name, "script") || !strcasecmp(name, "style"))
        f |= PSERV_EL_RAW;
    return f;
}

void pserv_html_init(apr_pool_t *pconf)
{
    int i;

    pserv_html_facts = apr_hash_make(pconf);
    for (i = 0; pserv_html_names[i]; i++) {
        int *f = apr_palloc(pconf, sizeof *f);
        *f = pserv_html_lookup(pserv_html_names[i]);
        apr_hash_set(pserv_html_facts, pserv_html_names[i], APR_HASH_KEY_STRING,
                     f);
    }
}

static int pserv_html_el(const xmlNode *n)
{
    const int *f;

    if (n->ns)
        return 0;
    f = apr_hash_get(pserv_html_facts, n->name, APR_HASH_KEY_STRING);
    return f ? *f : pserv_html_lookup((const char *)n->name);
}

/* The page is built in one buffer from the request's pool (doubling as it
 * grows) and handed to the brigade as a single pool bucket. */
typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len, cap;
} pserv_html_out;

static void pserv_put(pserv_html_out *o, const char *s, apr_size_t n)
{
    if (o->len + n > o->cap) {
        apr_size_t cap = o->cap * 2;
        char *buf;
        while (cap < o->len + n)
            cap *= 2;
        buf = apr_palloc(o->p, cap);
        memcpy(buf, o->buf, o->len);
        o->buf = buf;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void pserv_puts(pserv_html_out *o, const char *s)
{
    pserv_put(o, s, strlen(s));
}

/* What stands for c in text and attribute values: an entity for & < >
 * and carriage return, nothing for the control characters XML cannot
 * carry (libxml2 drops them too), NULL when c stands for itself. */
static const char *pserv_html_entity(unsigned char c)
{
    if (c == '&')
        return "&amp;";
    if (c == '<')
        return "&lt;";
    if (c == '>')
        return "&gt;";
    if (c == '\r')
        return "&#13;";
    if (c < 0x20 && c != '\n' && c != '\t')
        return "";
    return NULL;
}

/* Text, escaped; quote ('"' or 0) also becomes &quot;. */
static void pserv_put_escaped(pserv_html_out *o, const char *s, char quote)
{
    const char *run = s;

    for (; *s; s++) {
        const char *ent = quote && *s == quote
                              ? "&quot;"
                              : pserv_html_entity((unsigned char)*s);
        if (!ent)
            continue;
        pserv_put(o, run, s - run);
        pserv_puts(o, ent);
        run = s + 1;
    }
    pserv_put(o, run, s - run);
}

/* xmlURIEscapeStr(value, "@/:=?;#%&,+<>") after the entity escaping: the
 * entities' own characters all stand for themselves there. */
static void pserv_put_uri(pserv_html_out *o, const char *s)
{
    static const char keep[] = "-_.!~*'()@/:=?;#%&,+<>";
    static const char hex[] = "0123456789ABCDEF";
    char pct[3] = { '%', 0, 0 };

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *ent = pserv_html_entity(c);
        if (ent)
            pserv_puts(o, ent);
        else if (apr_isalnum(c) || (c && strchr(keep, c)))
            pserv_put(o, s, 1);
        else {
            pct[1] = hex[c >> 4];
            pct[2] = hex[c & 15];
            pserv_put(o, pct, 3);
        }
    }
}

/* The value as xmlBufWriteQuotedString writes it, after the escaping. */
static void pserv_put_quoted(pserv_html_out *o, const char *v)
{
    char q = !strchr(v, '"') ? '"' : !strchr(v, '\'') ? '\'' : 0;

    pserv_put(o, q ? &q : "\"", 1);
    pserv_put_escaped(o, v, q ? 0 : '"');
    pserv_put(o, q ? &q : "\"", 1);
}

/* htmlIsBooleanAttr's list, without its case-blind scan of the whole
 * list for every attribute (our stylesheets write names in lower case). */
static int pserv_html_boolean(const char *name)
{
    static const char *const names[] = { "checked",  "compact",  "declare",
                                         "defer",    "disabled", "ismap",
                                         "multiple", "nohref",   "noresize",
                                         "noshade",  "nowrap",   "readonly",
                                         "selected", NULL };
    int i;

    for (i = 0; names[i]; i++)
        if (*name == *names[i] && !strcmp(name, names[i]))
            return 1;
    return 0;
}

/* Attributes libxml2 writes URI-escaped: href, action, src; name on <a>. */
static int pserv_html_uri_attr(const char *name, const xmlNode *el)
{
    switch (*name) {
    case 'h':
        return !strcmp(name, "href");
    case 'a':
        return !strcmp(name, "action");
    case 's':
        return !strcmp(name, "src");
    case 'n':
        return !strcmp(name, "name") && !strcmp((const char *)el->name, "a");
    default:
        return 0;
    }
}

static void pserv_put_name(pserv_html_out *o, const xmlNode *n)
{
    if (n->ns && n->ns->prefix) {
        pserv_puts(o, (const char *)n->ns->prefix);
        pserv_put(o, ":", 1);
    }
    pserv_puts(o, (const char *)n->name);
}

static void pserv_put_attrs(pserv_html_out *o, const xmlNode *el)
{
    const xmlNs *ns;
    const xmlAttr *a;

    for (ns = el->nsDef; ns; ns = ns->next) {
        pserv_puts(o, ns->prefix ? " xmlns:" : " xmlns");
        if (ns->prefix)
            pserv_puts(o, (const char *)ns->prefix);
        pserv_put(o, "=", 1);
        pserv_put_quoted(o, ns->href ? (const char *)ns->href : "");
    }
    for (a = el->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        xmlChar *v, *owned = NULL;
        pserv_put(o, " ", 1);
        pserv_put_name(o, (const xmlNode *)a);
        if (!a->children || pserv_html_boolean(name))
            continue;
        /* The usual value is one text node: no copy. */
        if (a->children->type == XML_TEXT_NODE && !a->children->next)
            v = a->children->content;
        else
            v = owned = xmlNodeListGetString(el->doc, a->children, 1);
        if (!v)
            continue;
        pserv_put(o, "=", 1);
        if (!a->ns && !el->ns && pserv_html_uri_attr(name, el)) {
            const char *t = (const char *)v;
            while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
                t++;
            pserv_put(o, "\"", 1);
            pserv_put_uri(o, t);
            pserv_put(o, "\"", 1);
        }
        else
            pserv_put_quoted(o, (const char *)v);
        if (owned)
            xmlFree(owned);
    }
}

static void pserv_html_children(pserv_html_out *o, const xmlNode *n, int raw);

/* Whether head already says its encoding (libxml2 adds the meta unless). */
static int pserv_html_has_meta(const xmlNode *head)
{
    const xmlNode *c;

    for (c = head->children; c; c = c->next) {
        xmlChar *v;
        int found;
        if (c->type != XML_ELEMENT_NODE || c->ns
            || strcasecmp((const char *)c->name, "meta"))
            continue;
        v = xmlGetProp(c, (const xmlChar *)"http-equiv");
        found = v && !strcasecmp((const char *)v, "Content-Type");
        xmlFree(v);
        if (found || xmlHasProp(c, (const xmlChar *)"charset"))
            return 1;
    }
    return 0;
}

static void pserv_html_node(pserv_html_out *o, const xmlNode *n, int raw)
{
    int f;

    switch (n->type) {
    case XML_ELEMENT_NODE:
        f = pserv_html_el(n);
        pserv_put(o, "<", 1);
        pserv_put_name(o, n);
        pserv_put_attrs(o, n);
        if (f & PSERV_EL_EMPTY)
            pserv_put(o, ">", 1);
        else if (!n->children && (f & PSERV_EL_SAVEEND))
            pserv_put(o, ">", 1);
        else {
            pserv_put(o, ">", 1);
            if (!n->ns && !strcasecmp((const char *)n->name, "head")
                && !pserv_html_has_meta(n))
                pserv_puts(o, "<meta http-equiv=\"Content-Type\" "
                              "content=\"text/html; charset=UTF-8\">");
            pserv_html_children(o, n->children, f & PSERV_EL_RAW);
            pserv_put(o, "</", 2);
            pserv_put_name(o, n);
            pserv_put(o, ">", 1);
        }
        break;
    case XML_TEXT_NODE:
        if (!n->content)
            break;
        if (raw || n->name == xmlStringTextNoenc)
            pserv_puts(o, (const char *)n->content);
        else
            pserv_put_escaped(o, (const char *)n->content, 0);
        break;
    case XML_CDATA_SECTION_NODE:
        if (n->content)
            pserv_puts(o, (const char *)n->content);
        break;
    case XML_COMMENT_NODE:
        if (n->content) {
            pserv_put(o, "<!--", 4);
            pserv_puts(o, (const char *)n->content);
            pserv_put(o, "-->", 3);
        }
        break;
    case XML_ENTITY_REF_NODE:
        pserv_put(o, "&", 1);
        pserv_puts(o, (const char *)n->name);
        pserv_put(o, ";", 1);
        break;
    default:
        break;
    }
}

static void pserv_html_children(pserv_html_out *o, const xmlNode *n, int raw)
{
    for (; n; n = n->next)
        pserv_html_node(o, n, raw);
}

apr_status_t pserv_html_write(xmlDocPtr doc, apr_pool_t *p,
                              apr_bucket_brigade *bb)
{
    pserv_html_out o = { p, NULL, 0, 32768 };
    const xmlNode *n;

    o.buf = apr_palloc(p, o.cap);
    for (n = doc->children; n; n = n->next) {
        if (n->type == XML_DTD_NODE) {
            pserv_put(&o, "<!DOCTYPE ", 10);
            pserv_puts(&o, n->name ? (const char *)n->name : "html");
            pserv_put(&o, ">\n", 2);
            continue;
        }
        pserv_html_node(&o, n, 0);
        if (n->type == XML_ELEMENT_NODE) /* as libxml2 does */
            pserv_put(&o, "\n", 1);
    }
    APR_BRIGADE_INSERT_TAIL(
        bb, apr_bucket_pool_create(o.buf, o.len, p, bb->bucket_alloc));
    return APR_SUCCESS;
}
