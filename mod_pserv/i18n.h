/*
 * i18n.h: the language of a request's pages (i18n.c). The languages
 * themselves and Accept-Language are core's (core/lang.h); each page's
 * stylesheet is compiled once per language (view.c), so the language is
 * all a request needs to pick its texts.
 */
#ifndef PSERV_I18N_H
#define PSERV_I18N_H

#include "session.h"

#include "msg.h"

#include "core/lang.h"

/* The language of r's pages, an index into pserv_lang_codes, computed once
 * per request: the logged-in account's choice (accounts.lang), else the
 * pserv_lang cookie, else Accept-Language, else Bahasa Indonesia. */
int pserv_lang(request_rec *r);

/* The language of r's pserv_lang cookie (the switch's choice), -1
 * without one we know (or with two different ones). */
int pserv_lang_cookie(request_rec *r);

/* r speaks code's language from now on, when it is one we know (the
 * language of an account acting without a login: a decision link's);
 * otherwise nothing changes. */
void pserv_lang_use(request_rec *r, const char *code);

/* Remember lang in the pserv_lang cookie (a year, SameSite=Lax) and, for
 * the logged-in account s (may be NULL), on the account. The account's
 * choice before comes back in *was (NULL: none). Returns 0, or -1 when the
 * account could not be updated (the cookie is set anyway). */
int pserv_lang_choose(request_rec *r, pserv_session *s, int lang,
                      const char **was);

/* The text of key (i18n/msg-CODE.xml) in r's language: msg.h's pserv_msg
 * and pserv_msgf with pserv_lang(r). For a text another person reads (a
 * mail), use pserv_msg/pserv_msgf with that person's language. */
const char *pserv_tr(request_rec *r, const char *key);
const char *pserv_trf(request_rec *r, const char *key, const char *args, ...)
    PSERV_MSG_ARGS(3, 4);

#endif
