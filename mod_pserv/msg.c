/*
 * msg.c: the texts the C code writes, per language (msg.h). The
 * catalogues templates/i18n/msg-CODE.xml of the main server's
 * PservTemplates are read once at start, in the parent; after that a
 * text is one hash lookup, shared read-only by every thread.
 */
#include "msg.h"
#include "config.h"

#include "apr_strings.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

/* key -> const char *[PSERV_LANG_COUNT], for the process (NULL before
 * post_config and after the configuration's pool went) */
static apr_hash_t *pserv_msg_texts;

apr_hash_t *pserv_catalogue_load(apr_pool_t *p, const char *path, int *absent)
{
    apr_finfo_t fi;
    xmlDocPtr doc;
    xmlNodePtr root = NULL, n;
    apr_hash_t *h;
    const char *why = NULL;

    *absent = apr_stat(&fi, path, APR_FINFO_TYPE, p) != APR_SUCCESS;
    if (*absent)
        return NULL;
    doc = xmlReadFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA);
    h = apr_hash_make(p);
    if (!doc || !(root = xmlDocGetRootElement(doc)) || doc->intSubset
        || !xmlStrEqual(root->name, (const xmlChar *)"catalogue"))
        why = "not a <catalogue> (or it has a DTD)";
    for (n = root && !why ? root->children : NULL; n && !why; n = n->next) {
        xmlChar *key, *text;

        if (n->type == XML_COMMENT_NODE
            || (n->type == XML_TEXT_NODE && xmlIsBlankNode(n)))
            continue;
        if (n->type != XML_ELEMENT_NODE
            || !xmlStrEqual(n->name, (const xmlChar *)"text")
            || !(key = xmlGetProp(n, (const xmlChar *)"key"))) {
            why = apr_psprintf(p, "line %d: not <text key=\"KEY\">",
                               (int)xmlGetLineNo(n));
            continue;
        }
        if (apr_hash_get(h, (const char *)key, APR_HASH_KEY_STRING))
            why = apr_psprintf(p, "key \"%s\" twice", (const char *)key);
        text = xmlNodeGetContent(n);
        apr_hash_set(h, apr_pstrdup(p, (const char *)key), APR_HASH_KEY_STRING,
                     apr_pstrdup(p, text ? (const char *)text : ""));
        xmlFree(text);
        xmlFree(key);
    }
    if (doc)
        xmlFreeDoc(doc);
    if (why) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, NULL,
                     "pserv[VIEW08]: catalogue %s: %s", path, why);
        return NULL;
    }
    return h;
}

static apr_status_t pserv_msg_cleanup(void *data)
{
    (void)data;
    pserv_msg_texts = NULL;
    return APR_SUCCESS;
}

int pserv_msg_init(apr_pool_t *pconf, server_rec *s)
{
    const pserv_dir_conf *c =
        ap_get_module_config(s->lookup_defaults, &pserv_module);
    const char *dir =
        c && c->templates ? c->templates : PSERV_DEFAULT_TEMPLATES;
    apr_hash_t *cat[PSERV_LANG_COUNT], *texts = apr_hash_make(pconf);
    apr_hash_index_t *hi;
    const char *why = NULL, *path[PSERV_LANG_COUNT];
    int i, absent;

    for (i = 0; i < PSERV_LANG_COUNT && !why; i++) {
        path[i] = apr_pstrcat(pconf, dir, "/i18n/msg-", pserv_lang_codes[i],
                              ".xml", NULL);
        cat[i] = pserv_catalogue_load(pconf, path[i], &absent);
        if (!cat[i])
            why = absent ? apr_pstrcat(pconf, path[i], " is missing", NULL)
                         : apr_pstrcat(pconf, path[i], " is broken", NULL);
    }
    /* Indonesian is the reference: every other language has exactly its
     * keys, each taking the same arguments. */
    for (hi = why ? NULL : apr_hash_first(pconf, cat[0]); hi && !why;
         hi = apr_hash_next(hi)) {
        const char *key = apr_hash_this_key(hi);
        const char **t = apr_pcalloc(pconf, sizeof *t * PSERV_LANG_COUNT);

        t[0] = apr_hash_this_val(hi);
        for (i = 1; i < PSERV_LANG_COUNT && !why; i++) {
            t[i] = apr_hash_get(cat[i], key, APR_HASH_KEY_STRING);
            if (!t[i])
                why = apr_psprintf(pconf, "key \"%s\" is not in %s", key,
                                   path[i]);
            else if (!pserv_format_same_args(t[0], t[i]))
                why = apr_psprintf(pconf,
                                   "key \"%s\": the text in %s takes other "
                                   "arguments (%%s, %%d...) than in %s",
                                   key, path[i], path[0]);
        }
        apr_hash_set(texts, key, APR_HASH_KEY_STRING, t);
    }
    for (i = 1; i < PSERV_LANG_COUNT && !why; i++)
        for (hi = apr_hash_first(pconf, cat[i]); hi && !why;
             hi = apr_hash_next(hi))
            if (!apr_hash_get(cat[0], apr_hash_this_key(hi),
                              APR_HASH_KEY_STRING))
                why = apr_psprintf(pconf, "key \"%s\" of %s is not in %s",
                                   (const char *)apr_hash_this_key(hi), path[i],
                                   path[0]);
    if (why) {
        ap_log_error(APLOG_MARK, APLOG_CRIT, 0, s,
                     "pserv[MSG01]: the C texts' catalogues: %s: not "
                     "starting",
                     why);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    pserv_msg_texts = texts;
    apr_pool_cleanup_register(pconf, NULL, pserv_msg_cleanup,
                              apr_pool_cleanup_null);
    return OK;
}

const char *pserv_msg(int lang, const char *key)
{
    const char *const *t =
        pserv_msg_texts && key
            ? apr_hash_get(pserv_msg_texts, key, APR_HASH_KEY_STRING)
            : NULL;

    if (!t) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, NULL,
                     "pserv[MSG02]: no text for key \"%s\" in "
                     "i18n/msg-*.xml",
                     key ? key : "");
        return key ? key : "";
    }
    return t[lang >= 0 && lang < PSERV_LANG_COUNT ? lang : 0];
}

const char *pserv_msgv(apr_pool_t *p, int lang, const char *key,
                       const char *args, va_list ap)
{
    const char *text = pserv_msg(lang, key);

    if (text == key)
        return key;
    if (!pserv_format_same_args(text, args)) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, NULL,
                     "pserv[MSG03]: key \"%s\" takes other arguments than "
                     "\"%s\" (its caller)",
                     key, args);
        return key;
    }
    return apr_pvsprintf(p, text, ap);
}

const char *pserv_msgf(apr_pool_t *p, int lang, const char *key,
                       const char *args, ...)
{
    va_list ap;
    const char *text;

    va_start(ap, args);
    text = pserv_msgv(p, lang, key, args, ap);
    va_end(ap);
    return text;
}
