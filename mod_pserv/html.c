/*
 * html.c: the result of a transform, written as HTML into a brigade.
 *
 * libxml2's HTML serializer looks every element up in its HTML 4 table by
 * a linear, case-insensitive scan, and its output buffer grows by copying;
 * on the list page that was a quarter of the module's instructions. This
 * writer gives byte for byte the same text (the Apache::Test and browser
 * suites compare pages as before), with the element facts looked up once
 * per process, and writes into heap buckets of the response's brigade.
 *
 * What it keeps of libxml2's rules (HTMLtree.c, htmlNodeDumpFormatOutput,
 * htmlAttrDumpOutput, no indentation):
 *   - "<!DOCTYPE html>" and a newline for the document type, a newline
 *     after the root element;
 *   - elements HTML 4 calls empty (br, img, input, meta, link, ...) end at
 *     ">" with no end tag; other childless ones get "></name>", but for
 *     those whose end tag HTML 4 lets go;
 *   - text is escaped (& < >), but inside script and style, and for text
 *     the stylesheet wrote with disable-output-escaping;
 *   - attribute values are escaped (& < >) and quoted; href, action, src
 *     (and name on <a>) are URI-escaped too; boolean attributes (checked,
 *     selected, defer, ...) are written by name alone.
 */
#include "pserv.h"

#include "apr_buckets.h"
#include "apr_hash.h"
#include "apr_lib.h"
#include "apr_strings.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#define PSERV_EL_EMPTY   1       /* no content, no end tag */
#define PSERV_EL_SAVEEND 2       /* end tag may go when childless */
#define PSERV_EL_RAW     4       /* script, style: text as it is */

/* Names of elements with facts, looked up once (read-only after init). */
static apr_hash_t *pserv_html_facts;

static const char *const pserv_html_names[] = {
    "a", "abbr", "address", "area", "article", "aside", "b", "base",
    "basefont", "blockquote", "body", "br", "button", "caption", "code",
    "col", "colgroup", "dd", "details", "dialog", "div", "dl", "dt", "em",
    "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "i",
    "iframe", "img", "input", "isindex", "kbd", "label", "legend", "li",
    "link", "main", "mark", "meta", "nav", "noscript", "ol", "optgroup",
    "option", "output", "p", "param", "pre", "progress", "q", "s",
    "script", "section", "select", "small", "source", "span", "strong",
    "style", "sub", "summary", "sup", "table", "tbody", "td", "template",
    "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u",
    "ul", "wbr", NULL
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
        apr_hash_set(pserv_html_facts, pserv_html_names[i],
                     APR_HASH_KEY_STRING, f);
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

typedef struct {
    apr_bucket_brigade *bb;
    apr_status_t rv;
} pserv_html_out;

static void pserv_put(pserv_html_out *o, const char *s, apr_size_t n)
{
    if (n && o->rv == APR_SUCCESS)
        o->rv = apr_brigade_write(o->bb, NULL, NULL, s, n);
}

static void pserv_puts(pserv_html_out *o, const char *s)
{
    pserv_put(o, s, strlen(s));
}

/* & < > as entities; other control characters (never in our data) as
 * character references, like libxml2. */
static void pserv_put_escaped(pserv_html_out *o, const char *s)
{
    const char *run = s;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        const char *ent;
        char num[8];
        if (c == '&')
            ent = "&amp;";
        else if (c == '<')
            ent = "&lt;";
        else if (c == '>')
            ent = "&gt;";
        else if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            apr_snprintf(num, sizeof num, "&#%d;", c);
            ent = num;
        }
        else
            continue;
        pserv_put(o, run, s - run);
        pserv_puts(o, ent);
        run = s + 1;
    }
    pserv_put(o, run, s - run);
}

/* xmlURIEscapeStr(value, "@/:=?;#%&,+<>") after the entity escaping. */
static void pserv_put_uri(pserv_html_out *o, apr_pool_t *p, const char *v)
{
    static const char keep[] = "-_.!~*'()@/:=?;#%&,+<>";
    static const char hex[] = "0123456789ABCDEF";
    apr_bucket_brigade *save = o->bb;
    char *esc, *e;
    const char *s;
    apr_size_t len;

    /* Entity-escape into a scratch brigade, then URI-escape that. */
    o->bb = apr_brigade_create(p, save->bucket_alloc);
    pserv_put_escaped(o, v);
    len = 0;
    esc = NULL;
    apr_brigade_pflatten(o->bb, &esc, &len, p);
    apr_brigade_destroy(o->bb);
    o->bb = save;
    e = apr_palloc(p, len * 3 + 1);
    {
        char *w = e;
        for (s = esc; s < esc + len; s++) {
            unsigned char c = (unsigned char)*s;
            if (apr_isalnum(c) || (c && strchr(keep, c)))
                *w++ = (char)c;
            else {
                *w++ = '%';
                *w++ = hex[c >> 4];
                *w++ = hex[c & 15];
            }
        }
        len = w - e;
    }
    pserv_put(o, e, len);
}

/* The value as xmlBufWriteQuotedString writes it, after the escaping. */
static void pserv_put_quoted(pserv_html_out *o, apr_pool_t *p, const char *v)
{
    if (!strchr(v, '"')) {
        pserv_put(o, "\"", 1);
        pserv_put_escaped(o, v);
        pserv_put(o, "\"", 1);
    }
    else if (!strchr(v, '\'')) {
        pserv_put(o, "'", 1);
        pserv_put_escaped(o, v);
        pserv_put(o, "'", 1);
    }
    else {
        const char *s;
        apr_bucket_brigade *save = o->bb;
        char *esc = NULL;
        apr_size_t len = 0;

        o->bb = apr_brigade_create(p, save->bucket_alloc);
        pserv_put_escaped(o, v);
        apr_brigade_pflatten(o->bb, &esc, &len, p);
        apr_brigade_destroy(o->bb);
        o->bb = save;
        pserv_put(o, "\"", 1);
        for (s = esc; s < esc + len; s++) {
            if (*s == '"')
                pserv_puts(o, "&quot;");
            else
                pserv_put(o, s, 1);
        }
        pserv_put(o, "\"", 1);
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

static void pserv_put_attrs(pserv_html_out *o, apr_pool_t *p,
                            const xmlNode *el)
{
    const xmlNs *ns;
    const xmlAttr *a;

    for (ns = el->nsDef; ns; ns = ns->next) {
        pserv_puts(o, ns->prefix ? " xmlns:" : " xmlns");
        if (ns->prefix)
            pserv_puts(o, (const char *)ns->prefix);
        pserv_put(o, "=", 1);
        pserv_put_quoted(o, p, ns->href ? (const char *)ns->href : "");
    }
    for (a = el->properties; a; a = a->next) {
        xmlChar *v;
        pserv_put(o, " ", 1);
        pserv_put_name(o, (const xmlNode *)a);
        if (!a->children || htmlIsBooleanAttr(a->name))
            continue;
        v = xmlNodeListGetString(el->doc, a->children, 1);
        if (!v)
            continue;
        pserv_put(o, "=", 1);
        if (!a->ns && !el->ns
            && (!strcasecmp((const char *)a->name, "href")
                || !strcasecmp((const char *)a->name, "action")
                || !strcasecmp((const char *)a->name, "src")
                || (!strcasecmp((const char *)a->name, "name")
                    && !strcasecmp((const char *)el->name, "a")))) {
            const char *t = (const char *)v;
            while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
                t++;
            pserv_put(o, "\"", 1);
            pserv_put_uri(o, p, t);
            pserv_put(o, "\"", 1);
        }
        else
            pserv_put_quoted(o, p, (const char *)v);
        xmlFree(v);
    }
}

static void pserv_html_children(pserv_html_out *o, apr_pool_t *p,
                                const xmlNode *n, int raw);

static void pserv_html_node(pserv_html_out *o, apr_pool_t *p,
                            const xmlNode *n, int raw)
{
    int f;

    switch (n->type) {
    case XML_ELEMENT_NODE:
        f = pserv_html_el(n);
        pserv_put(o, "<", 1);
        pserv_put_name(o, n);
        pserv_put_attrs(o, p, n);
        if (f & PSERV_EL_EMPTY)
            pserv_put(o, ">", 1);
        else if (!n->children && (f & PSERV_EL_SAVEEND))
            pserv_put(o, ">", 1);
        else {
            pserv_put(o, ">", 1);
            pserv_html_children(o, p, n->children, f & PSERV_EL_RAW);
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
            pserv_put_escaped(o, (const char *)n->content);
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

static void pserv_html_children(pserv_html_out *o, apr_pool_t *p,
                                const xmlNode *n, int raw)
{
    for (; n && o->rv == APR_SUCCESS; n = n->next)
        pserv_html_node(o, p, n, raw);
}

apr_status_t pserv_html_write(xmlDocPtr doc, apr_pool_t *p,
                              apr_bucket_brigade *bb)
{
    pserv_html_out o = { bb, APR_SUCCESS };
    const xmlNode *n;

    for (n = doc->children; n && o.rv == APR_SUCCESS; n = n->next) {
        if (n->type == XML_DTD_NODE) {
            pserv_put(&o, "<!DOCTYPE ", 10);
            pserv_puts(&o, n->name ? (const char *)n->name : "html");
            pserv_put(&o, ">\n", 2);
            continue;
        }
        pserv_html_node(&o, p, n, 0);
        if (n->type == XML_ELEMENT_NODE)      /* as libxml2 does */
            pserv_put(&o, "\n", 1);
    }
    return o.rv;
}
