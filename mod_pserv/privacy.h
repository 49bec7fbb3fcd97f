/*
 * privacy.h: the Pemberitahuan Privasi (privacy.c; docs/PRIVACY.md
 * "Notice"): its text in the request's language and its version.
 */
#ifndef PSERV_PRIVACY_H
#define PSERV_PRIVACY_H

#include "view.h"

typedef struct {
    const apr_array_header_t *paras; /* const char *, as shown */
    const char *version; /* 16 hex digits: core's pserv_notice_version */
} pserv_privacy;

/* The notice as the request's language shows it: PservPrivacyNotice's
 * file, or the catalogues' text; then the contact line
 * (PservPrivacyContact) when there is one or no file. */
const pserv_privacy *pserv_privacy_notice(request_rec *r);

/* <privacy version=""><p>paragraph</p>...</privacy> under parent. */
void pserv_view_privacy(xmlNodePtr parent, const pserv_privacy *n);

#endif
