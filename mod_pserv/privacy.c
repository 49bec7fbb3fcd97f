/*
 * privacy.c: the Pemberitahuan Privasi (issue 23, UU No. 27/2022): the
 * text the public form's review page shows above Submit Permohonan and
 * GET /privasi shows in full, and its version, which the submit stores
 * with the request (requests.privacy_notice, migration 023).
 *
 * The text is the Administrator's (PservPrivacyNotice, read at start by
 * config.c) or the catalogues' (privacy.p.*), in the request's language.
 * Its version is taken of exactly the paragraphs shown, joined by blank
 * lines: a change of a word, a file or the contact line is a new version.
 */
#include "privacy.h"
#include "i18n.h"

#include "apr_strings.h"

/* The catalogues' notice, paragraph by paragraph (the contact last). */
static const char *const pserv_privacy_keys[] = {
    PSERV_MSG_KEY("privacy.p.intro"),  PSERV_MSG_KEY("privacy.p.what"),
    PSERV_MSG_KEY("privacy.p.why"),    PSERV_MSG_KEY("privacy.p.who"),
    PSERV_MSG_KEY("privacy.p.retain"),
};

const pserv_privacy *pserv_privacy_notice(request_rec *r)
{
    const pserv_dir_conf *c = pserv_conf(r);
    pserv_privacy *n = apr_pcalloc(r->pool, sizeof *n);
    apr_array_header_t *a;
    apr_size_t i;

    if (c->privacy_file) {
        a = apr_array_copy(r->pool, c->privacy_file->paras[pserv_lang(r)]);
    }
    else {
        a = apr_array_make(r->pool, 8, sizeof(const char *));
        for (i = 0; i < sizeof pserv_privacy_keys / sizeof *pserv_privacy_keys;
             i++)
            *(const char **)apr_array_push(a) =
                pserv_tr(r, pserv_privacy_keys[i]);
    }
    if (c->privacy_contact || !c->privacy_file)
        *(const char **)apr_array_push(a) = pserv_trf(
            r, "privacy.p.contact", "%s",
            c->privacy_contact ? c->privacy_contact
                               : pserv_tr(r, "privacy.contact.default"));
    n->paras = a;
    n->version =
        pserv_notice_version(r->pool, pserv_paragraphs_join(r->pool, a));
    return n;
}

void pserv_view_privacy(xmlNodePtr parent, const pserv_privacy *n)
{
    xmlNodePtr x = pserv_view_add(parent, "privacy", NULL);
    int i;

    pserv_view_attr(x, "version", n->version);
    for (i = 0; i < n->paras->nelts; i++)
        pserv_view_add(x, "p", APR_ARRAY_IDX(n->paras, i, const char *));
}
