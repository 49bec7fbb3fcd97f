/*
 * view.c: pages are XML documents of their data, turned into HTML by an
 * XSLT stylesheet from PservTemplates. Each stylesheet is compiled once per
 * process and language (then shared by all threads: libxslt allows that)
 * and every transform runs with file and network access forbidden.
 *
 * The texts of the pages live in catalogues, one per language
 * (templates/i18n/CODE.xml: <catalogue><text key="K">...</text>...). While
 * a stylesheet is compiled for a language, each stylesheet document it
 * loads (itself, and what it imports or includes) is rewritten first:
 *   <t:k name="K"/>              becomes the text of K,
 *   <a t:title="K">              on a literal result element becomes
 *                                title="the text of K",
 * where t is the namespace urn:pserv:i18n (its declaration is removed, so
 * nothing of it reaches a page). A key a catalogue lacks stops Apache at
 * start (pserv[VIEW06]). A request picks the compiled stylesheet of its
 * language (i18n.c): it neither compiles nor looks a text up.
 */
#include "i18n.h"
#include "view.h"
#include "msg.h"
#include "pagecache.h"

#include "apr_strings.h"
#include "apr_thread_mutex.h"
#include "apr_hash.h"
#include "apr_fnmatch.h"

#include <libxml/parser.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>
#include <libxslt/security.h>
#include <libxslt/documents.h>
#include <libxslt/imports.h>

#define PSERV_I18N_NS ((const xmlChar *)"urn:pserv:i18n")

/* One templates folder's catalogues: key -> text, per language (NULL: the
 * folder has no templates/i18n/CODE.xml for it). */
typedef struct {
    apr_hash_t *text[PSERV_LANG_COUNT];
} pserv_view_catalogue;

/* A stylesheet compiled for each language (NULL: not yet, or failed). */
typedef struct {
    xsltStylesheetPtr xsl[PSERV_LANG_COUNT];
} pserv_view_set;

static apr_pool_t *pserv_view_pool;  /* process lifetime */
static apr_hash_t *pserv_view_cache; /* path -> pserv_view_set */
static apr_hash_t *pserv_view_cats;  /* folder -> pserv_view_catalogue */
static apr_thread_mutex_t *pserv_view_mutex;
static xsltSecurityPrefsPtr pserv_view_prefs;
static xsltDocLoaderFunc pserv_view_default_loader;

/* What is being compiled now, for the loader (set with the mutex held, or
 * before any thread exists): the catalogue, the language, and whether a
 * text was missing. */
static struct {
    const pserv_view_catalogue *cat;
    int lang;
    int missing;
} pserv_view_now;

/* The text of key in the language being compiled; NULL (logged) when its
 * catalogue lacks it. */
static const char *pserv_view_text(xmlDocPtr doc, const xmlChar *key)
{
    const apr_hash_t *h = pserv_view_now.cat
                              ? pserv_view_now.cat->text[pserv_view_now.lang]
                              : NULL;
    const char *t = h && key ? apr_hash_get((apr_hash_t *)h, (const char *)key,
                                            APR_HASH_KEY_STRING)
                             : NULL;

    if (!t) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, NULL,
                     "pserv[VIEW06]: %s: no text for key \"%s\" in the "
                     "catalogue i18n/%s.xml",
                     doc->URL ? (const char *)doc->URL : "stylesheet",
                     key ? (const char *)key : "",
                     pserv_lang_codes[pserv_view_now.lang]);
        pserv_view_now.missing = 1;
    }
    return t;
}

/* s with { and } doubled: an attribute value template's literal text. */
static xmlChar *pserv_view_avt_text(const char *s)
{
    xmlChar *out = xmlMalloc(strlen(s) * 2 + 1), *o = out;

    if (!out)
        return NULL;
    for (; *s; s++) {
        if (*s == '{' || *s == '}')
            *o++ = (xmlChar)*s;
        *o++ = (xmlChar)*s;
    }
    *o = '\0';
    return out;
}

/* i18n markup that is not ours, at node: fatal like a missing text. */
static void pserv_view_bad_markup(xmlDocPtr doc, xmlNodePtr node,
                                  const char *what)
{
    ap_log_error(APLOG_MARK, APLOG_CRIT, 0, NULL,
                 "pserv[VIEW07]: %s line %d: %s",
                 doc->URL ? (const char *)doc->URL : "stylesheet",
                 (int)xmlGetLineNo(node), what);
    pserv_view_now.missing = 1;
}

static int pserv_view_is_i18n(const xmlNs *ns)
{
    return ns && xmlStrEqual(ns->href, PSERV_I18N_NS);
}

/* Put the texts of the language being compiled into node's subtree: see
 * the top of this file. 0, or -1 when a key is missing or the markup is
 * not ours. */
static int pserv_view_rewrite(xmlDocPtr doc, xmlNodePtr node)
{
    xmlNodePtr c, next;
    xmlAttrPtr a, anext;
    xmlNsPtr *ns;
    int rv = 0;

    /* t:ATTR="KEY" on a literal result element: ATTR="text" */
    for (a = node->properties; a; a = anext) {
        xmlChar *key, *val;
        const char *t;

        anext = a->next;
        if (!pserv_view_is_i18n(a->ns))
            continue;
        if (node->ns && xmlStrEqual(node->ns->href, XSLT_NAMESPACE)) {
            pserv_view_bad_markup(doc, node,
                                  "a t:ATTR on an XSLT element (only on "
                                  "literal result elements)");
            rv = -1;
            continue;
        }
        key = xmlNodeGetContent((xmlNodePtr)a);
        t = pserv_view_text(doc, key);
        xmlFree(key);
        if (!t) {
            rv = -1;
            continue;
        }
        if (xmlHasNsProp(node, a->name, NULL)
            || !(val = pserv_view_avt_text(t))) {
            pserv_view_bad_markup(doc, node,
                                  "an attribute given twice (plain and "
                                  "t:ATTR)");
            rv = -1;
            continue;
        }
        xmlSetNsProp(node, NULL, a->name, val);
        xmlFree(val);
        xmlRemoveProp(a);
    }
    for (c = node->children; c; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (pserv_view_is_i18n(c->ns)) {
            xmlChar *key = xmlGetProp(c, (const xmlChar *)"name");
            const char *t = NULL;

            if (!xmlStrEqual(c->name, (const xmlChar *)"k") || c->children)
                pserv_view_bad_markup(doc, c,
                                      "an element of urn:pserv:i18n other "
                                      "than an empty <t:k name=\"KEY\"/>");
            else
                t = pserv_view_text(doc, key);
            xmlFree(key);
            if (!t) {
                rv = -1;
                continue;
            }
            xmlReplaceNode(c, xmlNewDocText(doc, (const xmlChar *)t));
            xmlFreeNode(c);
            continue;
        }
        if (pserv_view_rewrite(doc, c) != 0)
            rv = -1;
    }
    /* the namespace's declaration, unused now */
    for (ns = &node->nsDef; *ns;)
        if (pserv_view_is_i18n(*ns)) {
            xmlNsPtr gone = *ns;
            *ns = gone->next;
            gone->next = NULL;
            xmlFreeNs(gone);
        }
        else
            ns = &(*ns)->next;
    return rv;
}

/* Stylesheets may import their siblings while being compiled; nothing
 * else is ever loaded (document() is refused before it reaches here by the
 * security preferences, and again here). Parsed without network access,
 * DTD loading or entity substitution, then given the texts of the
 * language being compiled. */
static xmlDocPtr pserv_view_loader(const xmlChar *uri, xmlDictPtr dict,
                                   int options, void *ctxt, xsltLoadType type)
{
    xmlDocPtr doc;

    (void)options;
    if (type != XSLT_LOAD_START && type != XSLT_LOAD_STYLESHEET)
        return NULL;
    doc = pserv_view_default_loader(
        uri, dict, XML_PARSE_NONET | XML_PARSE_NOCDATA, ctxt, type);
    if (doc && xmlDocGetRootElement(doc)
        && pserv_view_rewrite(doc, xmlDocGetRootElement(doc)) != 0) {
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

/* The catalogues of the templates folder dir, loaded on first use; NULL
 * when one of them is broken. The caller holds the mutex (or runs before
 * any thread exists). */
static const pserv_view_catalogue *pserv_view_catalogue_get(const char *dir)
{
    pserv_view_catalogue *cat =
        apr_hash_get(pserv_view_cats, dir, APR_HASH_KEY_STRING);
    int i, absent;

    if (cat)
        return cat;
    cat = apr_pcalloc(pserv_view_pool, sizeof *cat);
    for (i = 0; i < PSERV_LANG_COUNT; i++) {
        cat->text[i] =
            pserv_catalogue_load(pserv_view_pool,
                                 apr_pstrcat(pserv_view_pool, dir, "/i18n/",
                                             pserv_lang_codes[i], ".xml", NULL),
                                 &absent);
        if (!cat->text[i] && !absent)
            return NULL;
    }
    apr_hash_set(pserv_view_cats, apr_pstrdup(pserv_view_pool, dir),
                 APR_HASH_KEY_STRING, cat);
    return cat;
}

/* libxml2 and libxslt report errors in pieces through printf-like
 * callbacks; send them to the error log instead of stderr. */
static void pserv_view_log_server(void *ctx, const char *msg, ...)
{
    char buf[512];
    va_list ap;
    apr_size_t n;

    va_start(ap, msg);
    apr_vsnprintf(buf, sizeof buf, msg, ap);
    va_end(ap);
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    if (n == 0)
        return;
    if (ctx)
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, (request_rec *)ctx,
                      "pserv[VIEW03]: xslt: %s", buf);
    else
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, NULL, "pserv[VIEW04]: xslt: %s",
                     buf);
}

static apr_status_t pserv_view_cleanup(void *data)
{
    apr_hash_index_t *hi;

    (void)data;
    if (pserv_view_cache)
        for (hi = apr_hash_first(NULL, pserv_view_cache); hi;
             hi = apr_hash_next(hi)) {
            pserv_view_set *set = apr_hash_this_val(hi);
            int i;
            for (i = 0; i < PSERV_LANG_COUNT; i++)
                if (set->xsl[i])
                    xsltFreeStylesheet(set->xsl[i]);
        }
    pserv_view_cache = NULL;
    pserv_view_cats = NULL;
    /* The module may be unloaded on restart: give libxslt its own loader
     * back before our function goes away. */
    xsltSetLoaderFunc(NULL);
    xsltSetGenericErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    xmlThrDefSetGenericErrorFunc(NULL, NULL);
    if (pserv_view_prefs)
        xsltFreeSecurityPrefs(pserv_view_prefs);
    pserv_view_prefs = NULL;
    return APR_SUCCESS;
}

/* Compile path (a stylesheet of the templates folder dir) for lang into
 * the cache unless it is there; the caller holds the mutex (or runs before
 * any thread exists). NULL when it does not compile; *missing then says
 * whether a catalogue was missing or broken. */
static xsltStylesheetPtr pserv_view_compile(const char *dir, const char *path,
                                            int lang, int *missing)
{
    pserv_view_set *set =
        apr_hash_get(pserv_view_cache, path, APR_HASH_KEY_STRING);

    *missing = 0;
    if (!set) {
        set = apr_pcalloc(pserv_view_pool, sizeof *set);
        apr_hash_set(pserv_view_cache, apr_pstrdup(pserv_view_pool, path),
                     APR_HASH_KEY_STRING, set);
    }
    if (set->xsl[lang])
        return set->xsl[lang];
    if (!(pserv_view_now.cat = pserv_view_catalogue_get(dir))) {
        *missing = 1;
        return NULL;
    }
    pserv_view_now.lang = lang;
    pserv_view_now.missing = 0;
    set->xsl[lang] = xsltParseStylesheetFile((const xmlChar *)path);
    *missing = pserv_view_now.missing;
    pserv_view_now.cat = NULL;
    return set->xsl[lang];
}

/* Every stylesheet of each server's PservTemplates, compiled for every
 * language in the parent so that children start with all of them (a
 * <Location> with its own PservTemplates compiles on first use instead).
 * A text missing from a catalogue, or a broken catalogue, is fatal:
 * returns -1. */
static int pserv_view_precompile(apr_pool_t *ptemp, server_rec *s)
{
    server_rec *sp;
    int rv = 0;

    for (sp = s; sp; sp = sp->next) {
        const pserv_dir_conf *c =
            ap_get_module_config(sp->lookup_defaults, &pserv_module);
        apr_array_header_t *names = NULL;
        const char *dir =
            c && c->templates ? c->templates : PSERV_DEFAULT_TEMPLATES;
        int i;

        if (apr_match_glob(apr_pstrcat(ptemp, dir, "/*.xsl", NULL), &names,
                           ptemp)
            != APR_SUCCESS)
            continue;
        for (i = 0; i < names->nelts * PSERV_LANG_COUNT; i++) {
            const char *path = apr_pstrcat(
                ptemp, dir, "/",
                APR_ARRAY_IDX(names, i / PSERV_LANG_COUNT, const char *), NULL);
            int missing;
            if (!pserv_view_compile(dir, path, i % PSERV_LANG_COUNT,
                                    &missing)) {
                ap_log_error(APLOG_MARK, APLOG_ERR, 0, sp,
                             "pserv[VIEW01]: cannot compile stylesheet %s "
                             "(language %s)",
                             path, pserv_lang_codes[i % PSERV_LANG_COUNT]);
                if (missing)
                    rv = -1;
            }
        }
    }
    return rv;
}

/* Called from post_config (and again after each restart). */
int pserv_view_init(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s)
{
    xsltSecurityPrefsPtr prefs;

    xmlInitParser();
    xsltSetGenericErrorFunc(NULL, pserv_view_log_server);
    xmlSetGenericErrorFunc(NULL, pserv_view_log_server);
    xmlThrDefSetGenericErrorFunc(NULL, pserv_view_log_server);
    xsltSetLoaderFunc(NULL);
    pserv_view_default_loader = xsltDocDefaultLoader;
    xsltSetLoaderFunc(pserv_view_loader);

    prefs = xsltNewSecurityPrefs();
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_CREATE_DIRECTORY,
                         xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
    xsltSetSecurityPrefs(prefs, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
    pserv_view_prefs = prefs;

    pserv_view_pool = pconf;
    pserv_view_cache = apr_hash_make(pconf);
    pserv_view_cats = apr_hash_make(pconf);
    apr_thread_mutex_create(&pserv_view_mutex, APR_THREAD_MUTEX_DEFAULT, pconf);
    apr_pool_cleanup_register(pconf, NULL, pserv_view_cleanup,
                              apr_pool_cleanup_null);
    pserv_html_init(pconf);
    if (pserv_view_precompile(ptemp, s) != 0) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "pserv[VIEW09]: the templates' catalogues lack texts "
                     "or their markup is wrong (the lines above): not "
                     "starting");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return OK;
}

/* The compiled stylesheet for templates/<name>.xsl in the request's
 * language, compiling it on first use in this process (counted in the
 * note pserv-xslt). */
static xsltStylesheetPtr pserv_view_stylesheet(request_rec *r, const char *name)
{
    const pserv_dir_conf *c = pserv_conf(r);
    const char *path =
        apr_pstrcat(r->pool, c->templates, "/", name, ".xsl", NULL);
    int lang = pserv_lang(r), missing;
    const pserv_view_set *set;
    xsltStylesheetPtr xsl;

    apr_thread_mutex_lock(pserv_view_mutex);
    set = apr_hash_get(pserv_view_cache, path, APR_HASH_KEY_STRING);
    if (!set || !(xsl = set->xsl[lang])) {
        pserv_req_get(r)->xslt_compiles++;
        if (!(xsl = pserv_view_compile(c->templates, path, lang, &missing)))
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                          "pserv[VIEW05]: cannot compile stylesheet %s "
                          "(language %s)",
                          path, pserv_lang_codes[lang]);
    }
    apr_thread_mutex_unlock(pserv_view_mutex);
    return xsl;
}

static apr_status_t pserv_view_free_doc(void *data)
{
    xmlFreeDoc(data);
    return APR_SUCCESS;
}

xmlNodePtr pserv_view_add(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);

    /* xmlNewTextChild would interpret entities; add a text node instead. */
    if (text)
        xmlAddChild(n, xmlNewText((const xmlChar *)text));
    return n;
}

void pserv_view_time(request_rec *r, xmlNodePtr n, const char *name,
                     const char *epoch)
{
    apr_int64_t at;

    if (!epoch || !*epoch)
        return;
    at = apr_atoi64(epoch);
    pserv_view_attr(n, name,
                    pserv_format_wib_in(r->pool, at, pserv_lang(r), 0));
    pserv_view_attr(n, apr_pstrcat(r->pool, name, "_iso", NULL),
                    pserv_format_iso(r->pool, at));
}

void pserv_view_attr(xmlNodePtr node, const char *name, const char *value)
{
    if (value)
        xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

/* <user username= name=><role code= label=/>...</user> for the logged-in
 * user: the layout shows it in the user menu. */
static void pserv_view_user(pserv_view *v)
{
    pserv_session *s = pserv_session_load(v->r);
    xmlNodePtr user;
    const char *roles, *role;

    if (!s)
        return;
    user = pserv_view_add(v->page, "user", NULL);
    pserv_view_attr(user, "username", s->username);
    pserv_view_attr(user, "name", s->full_name);
    if (s->delegations)
        pserv_view_attr(user, "delegations", "1");
    /* Verifikasi Dua Langkah, where this server has its key (mfa.c) */
    if (pserv_conf(v->r)->mfa_key)
        pserv_view_attr(user, "mfa", s->mfa ? "on" : "off");
    roles = s->roles;
    while (*(role = ap_getword_white(v->r->pool, &roles))) {
        xmlNodePtr n = pserv_view_add(user, "role", NULL);
        pserv_view_attr(n, "code", role);
        pserv_view_attr(n, "label", pserv_role_label(role));
    }
}

pserv_view *pserv_view_new(request_rec *r, const char *name, const char *title)
{
    pserv_view *v = apr_pcalloc(r->pool, sizeof *v);
    xmlNodePtr meta;
    apr_time_exp_t now;

    v->r = r;
    v->doc = xmlNewDoc((const xmlChar *)"1.0");
    apr_pool_cleanup_register(r->pool, v->doc, pserv_view_free_doc,
                              apr_pool_cleanup_null);
    v->page = xmlNewDocNode(v->doc, NULL, (const xmlChar *)"page", NULL);
    xmlDocSetRootElement(v->doc, v->page);
    pserv_view_attr(v->page, "name", name);
    pserv_view_attr(v->page, "title", title);
    meta = pserv_view_add(v->page, "meta", NULL);
    pserv_view_attr(meta, "base", "/");
    pserv_view_attr(meta, "csrf", pserv_pagecache_csrf(r));
    apr_time_exp_gmt(&now, r->request_time);
    pserv_view_attr(meta, "year", apr_itoa(r->pool, 1900 + now.tm_year));
    pserv_view_user(v);
    v->content = pserv_view_add(v->page, "content", NULL);
    return v;
}

void pserv_view_crumb(pserv_view *v, const char *href, const char *text)
{
    xmlNodePtr crumbs = NULL, n;

    for (n = v->page->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE
            && xmlStrEqual(n->name, (const xmlChar *)"crumbs"))
            crumbs = n;
    if (!crumbs)
        crumbs = pserv_view_add(v->page, "crumbs", NULL);
    pserv_view_attr(pserv_view_add(crumbs, "crumb", text), "href", href);
}

int pserv_view_send(pserv_view *v, int status)
{
    request_rec *r = v->r;
    xsltStylesheetPtr xsl;
    xsltTransformContextPtr ctxt;
    xmlDocPtr out;
    xmlChar *html = NULL;
    const xmlChar *method = NULL;
    int len = 0;
    xmlChar *prop = xmlGetProp(v->page, (const xmlChar *)"name");
    const char *name =
        apr_pstrdup(r->pool, prop ? (const char *)prop : "error");

    xmlFree(prop);
    xsl = pserv_view_stylesheet(r, name);
    if (!xsl)
        return HTTP_INTERNAL_SERVER_ERROR;

    ctxt = xsltNewTransformContext(xsl, v->doc);
    if (!ctxt)
        return HTTP_INTERNAL_SERVER_ERROR;
    xsltSetCtxtSecurityPrefs(pserv_view_prefs, ctxt);
    xsltSetTransformErrorFunc(ctxt, r, pserv_view_log_server);
    out = xsltApplyStylesheetUser(xsl, v->doc, NULL, NULL, NULL, ctxt);
    if (!out || ctxt->state != XSLT_STATE_OK) {
        /* The view, not the path: a path may hold a status link's token. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[VIEW02]: transform failed for view %s", name);
        xsltFreeTransformContext(ctxt);
        if (out)
            xmlFreeDoc(out);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    xsltFreeTransformContext(ctxt);
    r->status = status;
    ap_set_content_type(r, "text/html; charset=UTF-8");
    /* the language came from these (i18n.c) */
    apr_table_mergen(r->headers_out, "Vary", "Accept-Language, Cookie");

    XSLT_GET_IMPORT_PTR(method, xsl, method); /* xsl:output, maybe imported */
    if (method && xmlStrEqual(method, (const xmlChar *)"html")) {
        apr_bucket_brigade *bb =
            apr_brigade_create(r->pool, r->connection->bucket_alloc);
        apr_off_t length = 0;
        apr_status_t rv = pserv_html_write(out, r->pool, bb);

        xmlFreeDoc(out);
        if (rv != APR_SUCCESS)
            return HTTP_INTERNAL_SERVER_ERROR;
        pserv_pagecache_store(r, bb); /* when its handler asked */
        apr_brigade_length(bb, 1, &length);
        ap_set_content_length(r, length);
        if (r->header_only)
            apr_brigade_cleanup(bb);
        else if (ap_pass_brigade(r->output_filters, bb) != APR_SUCCESS)
            return AP_FILTER_ERROR;
        return OK;
    }
    /* Another output method: libxslt's own writer. */
    if (xsltSaveResultToString(&html, &len, out, xsl) != 0 || !html) {
        xmlFreeDoc(out);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    xmlFreeDoc(out);
    ap_set_content_length(r, len);
    if (!r->header_only)
        ap_rwrite(html, len, r);
    xmlFree(html);
    return OK;
}

void pserv_view_progress(pserv_view *v, const char *status,
                         const pserv_step *steps, int n)
{
    request_rec *r = v->r;
    xmlNodePtr prog = pserv_view_add(v->content, "progress", NULL);
    const char *actor[5] = { 0 }, *at[5] = { 0 }, *decision[5] = { 0 };
    int i, current = pserv_stage_index(status), rejected_at = -1;

    for (i = 0; i < n; i++) {
        int k = pserv_stage_index(steps[i].stage);
        if (k < 0 || k >= pserv_stage_count())
            continue;
        decision[k] = steps[i].decision;
        actor[k] = steps[i].actor;
        at[k] = pserv_format_wib_in(r->pool, steps[i].at, pserv_lang(r), 0);
        if (strcmp(decision[k], "reject") == 0)
            rejected_at = k;
    }
    for (i = 0; i <= pserv_stage_count(); i++) {
        xmlNodePtr s = pserv_view_add(prog, "stage", NULL);
        const char *state;
        if (i < pserv_stage_count()) {
            pserv_view_attr(s, "key", pserv_stage_status_at(i));
            pserv_view_attr(s, "label",
                            pserv_stage_label(pserv_stage_status_at(i)));
        }
        else {
            pserv_view_attr(s, "key", "completed");
            pserv_view_attr(s, "label",
                            pserv_tr(r, "ticket.progress.completed"));
        }
        if (rejected_at >= 0)
            state = i < rejected_at    ? "done"
                    : i == rejected_at ? "rejected"
                                       : "skipped";
        else
            state = i < current ? "done"
                    : i == current
                        ? (i == pserv_stage_count() ? "done" : "current")
                        : "pending";
        pserv_view_attr(s, "state", state);
        if (i < pserv_stage_count() && at[i]) {
            pserv_view_attr(s, "actor", actor[i]);
            pserv_view_attr(s, "at", at[i]);
        }
    }
}
