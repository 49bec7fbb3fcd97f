/*
 * handle_home.c: the pages behind login that lead to the work: Halaman
 * Utama and ICT Helpdesk (the list itself is handle_list.c).
 * Their routes are PSERV_LOGIN (route.c); conf/pserv.conf says so again.
 * Beside P-Serv's own services each page shows the cards of
 * PservServiceCard for it (config.c): the other services the company
 * runs, with their links; none by default.
 */
#include "view.h"
#include "handlers.h"
#include "i18n.h"
#include "request.h"

/* content/cards/card[@title @url @text]: page's PservServiceCard lines */
static void pserv_home_cards(pserv_view *v, const char *page)
{
    const apr_array_header_t *all = pserv_conf(v->r)->service_cards;
    xmlNodePtr n = NULL, o;
    int i;

    for (i = 0; all && i < all->nelts; i++) {
        const pserv_service_card *c =
            &APR_ARRAY_IDX(all, i, pserv_service_card);
        if (strcmp(c->page, page) != 0)
            continue;
        if (!n)
            n = pserv_view_add(v->content, "cards", NULL);
        o = pserv_view_add(n, "card", NULL);
        pserv_view_attr(o, "title", c->title);
        pserv_view_attr(o, "url", c->url);
        pserv_view_attr(o, "text", c->text);
    }
}

int pserv_handle_home(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_view *v = pserv_view_new(r, "home", pserv_tr(r, "home.title"));

    (void)id;
    (void)s;
    pserv_home_cards(v, "home");
    return pserv_view_send(v, HTTP_OK);
}

int pserv_handle_helpdesk(request_rec *r, pserv_session *s, apr_int64_t id)
{
    pserv_view *v = pserv_view_new(r, "helpdesk", "ICT Helpdesk");

    (void)id;
    (void)s;
    pserv_home_cards(v, "helpdesk");
    return pserv_view_send(v, HTTP_OK);
}
