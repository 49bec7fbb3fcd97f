/*
 * msg.h: the texts the C code writes (messages and titles on pages, error
 * pages, mails) in every language (msg.c), from the catalogues
 * templates/i18n/msg-CODE.xml. The pages' own texts are the stylesheets'
 * (view.c, i18n/CODE.xml); which language a request speaks is i18n.h's.
 */
#ifndef PSERV_MSG_H
#define PSERV_MSG_H

#include "pserv.h"

#include "apr_hash.h"

#include "core/lang.h"

#ifdef __GNUC__
#define PSERV_MSG_ARGS(f, a) __attribute__((format(printf, f, a)))
#else
#define PSERV_MSG_ARGS(f, a)
#endif

/* A key the code keeps before asking for its text (a table, a choice):
 * marks it for make check-i18n, which finds the keys of the calls below
 * and of this macro. */
#define PSERV_MSG_KEY(key) (key)

/* A catalogue file (templates/i18n/CODE.xml, i18n/msg-CODE.xml) as key ->
 * text in p; NULL (logged, pserv[VIEW08]) when it is there but is not a
 * <catalogue> of <text key="KEY">. *absent: the file is not there. */
apr_hash_t *pserv_catalogue_load(apr_pool_t *p, const char *path, int *absent);

/* post_config: the catalogues of the main server's PservTemplates, every
 * language, loaded for the process. OK, or HTTP_INTERNAL_SERVER_ERROR
 * (logged, pserv[MSG01]) when one is missing or broken, a key is not in
 * every language, or a translation takes other printf arguments than the
 * Indonesian text: Apache must not start. */
int pserv_msg_init(apr_pool_t *pconf, server_rec *s);

/* The text of key in language lang (an index of core/lang.h; out of range:
 * Indonesian). Never NULL: a key no catalogue has comes back as itself
 * (logged, pserv[MSG02]; make check-i18n finds it first). */
const char *pserv_msg(int lang, const char *key);

/* The text of key in lang formatted with the arguments that follow. args
 * is the printf format those arguments fit ("%s %d", "" for none): the
 * compiler checks the call against it, and the text is used only when it
 * takes the same arguments (core/lang.h's pserv_format_same_args); when it
 * does not, the key comes back (logged, pserv[MSG03]). */
const char *pserv_msgf(apr_pool_t *p, int lang, const char *key,
                       const char *args, ...) PSERV_MSG_ARGS(4, 5);
const char *pserv_msgv(apr_pool_t *p, int lang, const char *key,
                       const char *args, va_list ap);

#endif
