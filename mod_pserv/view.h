/*
 * view.h: XSLT views (view.c) and their HTML writer (html.c).
 */
#ifndef PSERV_VIEW_H
#define PSERV_VIEW_H

#include "request.h"
#include <libxml/tree.h>

typedef struct {
    request_rec *r;
    xmlDocPtr doc;
    xmlNodePtr page;
    xmlNodePtr content;
} pserv_view;

/* post_config: every stylesheet compiled for every language. OK, or an
 * HTTP error when a catalogue lacks a text (Apache must not start). */
int pserv_view_init(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s);

/* html.c: a transform's result as HTML, appended to bb. */
void pserv_html_init(apr_pool_t *pconf);
apr_status_t pserv_html_write(xmlDocPtr doc, apr_pool_t *p,
                              apr_bucket_brigade *bb);

/* A new page document: <page name= title=><meta/>...<content/></page>. */
pserv_view *pserv_view_new(request_rec *r, const char *name, const char *title);

/* Add <name> under parent with text (NULL for none). */
xmlNodePtr pserv_view_add(xmlNodePtr parent, const char *name,
                          const char *text);
void pserv_view_attr(xmlNodePtr node, const char *name, const char *value);
/* An epoch column (seconds as text) as @name (the date in r's language, WIB)
 * and @name_iso; nothing when epoch is NULL or "". */
void pserv_view_time(request_rec *r, xmlNodePtr n, const char *name,
                     const char *epoch);
void pserv_view_crumb(pserv_view *v, const char *href, const char *text);

/* Transform with templates/<name>.xsl and send with the given status.
 * Returns OK (the response is written) or an HTTP error status. */
int pserv_view_send(pserv_view *v, int status);

/* One decided stage of a ticket, for Progres Persetujuan. */
typedef struct {
    const char *stage;    /* the status decided on: atasan ... */
    const char *decision; /* approve | reject */
    const char *actor;    /* who decided; NULL: not shown */
    apr_int64_t at;       /* when (epoch seconds) */
} pserv_step;

/* <progress><stage key label state [actor] [at]/>...</progress> under the
 * page's content: the four stages and Selesai of a ticket at status with
 * these decisions (templates/ticket_parts.xsl shows it). */
void pserv_view_progress(pserv_view *v, const char *status,
                         const pserv_step *steps, int n);

#endif
