/*
 * ticket.c: the ticket service the pages and the API share: one ticket
 * with everything its page shows, who may act on it, and the list (its
 * filter as the query string gives it, its links, its statement).
 * Handlers call these; these call the session, the database and core/.
 */
#include "audit.h"
#include "i18n.h"
#include "ticket.h"

#include "apr_strings.h"
#include "util_script.h"

#define PSERV_SEARCH_MAX 100
#define PSERV_PAGE_MAX   10000

/* ---- statements (db.h: PSERV_SQL) ---- */

/* The list, in either order (list_asc, list_desc): the function of
 * migration 009 (013: with the account and the clock) writes only the
 * filters in use into its query and plans it with their values each
 * time. */
#define PSERV_LIST_SQL(asc)                                                    \
    "SELECT * FROM pserv_list(%s, %s::bigint, %s::timestamptz, %s, %s, %s,"    \
    " %s, %s, %s::int, %s::int, " asc ")"

#define PSERV_NULLS5  ", NULL, NULL, NULL, NULL, NULL"
#define PSERV_NULLS7  PSERV_NULLS5 ", NULL, NULL"
#define PSERV_NULLS8  PSERV_NULLS5 ", NULL, NULL, NULL"
#define PSERV_NULLS9  PSERV_NULLS8 ", NULL"
#define PSERV_NULLS10 PSERV_NULLS5 PSERV_NULLS5
#define PSERV_NULLS11 PSERV_NULLS10 ", NULL"
#define PSERV_NULLS13 PSERV_NULLS10 ", NULL, NULL, NULL"

/* time, account id, actor name, actor role, action, reason, request id:
 * in the ticket's current round (migration 014) */
PSERV_SQL(log_add, 7,
          "INSERT INTO activity_log (request_id, at, account_id, actor_name,"
          " actor_role, action, reason, round) SELECT r.id, %s::timestamptz,"
          " %s::bigint, %s, %s, %s, %s, r.revision FROM requests r"
          " WHERE r.id = %s::bigint");
/* ---- the list and the ticket ----
 * scope: '*' for everyone's tickets, else the Atasan's nopek ('' sees
 * nothing). The list's filters: '' for none; pserv_list (migration
 * 009) puts only the others into its query. */
/* scope, account id, now, status ('delegasi': what the account may act on
 * for someone else, migration 013), kind, from, to, search (LIKE-escaped),
 * limit, offset -> id, nomor, created (epoch), full name, kind, unit name,
 * status, platforms ("a, b"), unit code, what the account acts by ("atas
 * nama ...", "Dialihkan" or NULL) */
PSERV_SQL(list_desc, 10, PSERV_LIST_SQL("false"));
PSERV_SQL(list_asc, 10, PSERV_LIST_SQL("true"));
/* id, scope, account id, now: the ticket and all it shows, in one round
 * trip. Rows of (part, order, c0 .. c14): part 0 the ticket, 1 its
 * platforms, 2 its attachments, 3 its approvals, 4 its Activity Log, 5
 * when its attachments were purged (retain.c), if they were; none
 * when the account may not see it (pserv_may_see, migration 012: its
 * scope, a ticket it acts on for someone else, one it decided). */
PSERV_SQL(
    ticket_get, 4,
    "WITH arg AS (SELECT %s::bigint AS id, %s::text AS scope,"
    " %s::bigint AS account, %s::timestamptz AS now),"
    " t AS MATERIALIZED (SELECT r.id, r.nomor, r.status,"
    "   extract(epoch FROM r.created_at)::bigint AS created, r.kind,"
    "   r.nopek, r.full_name, r.position, r.email, u.name AS unit_name,"
    "   r.atasan_nopek, e.full_name AS atasan_name, r.note, a.username,"
    "   r.unit_code, r.revision"
    "   FROM arg, requests r JOIN units u ON u.code = r.unit_code"
    "   JOIN employees e ON e.nopek = r.atasan_nopek"
    "   LEFT JOIN accounts a ON a.id = r.account_id"
    "   WHERE r.id = arg.id AND pserv_may_see(r.id, r.atasan_nopek,"
    "   arg.scope, arg.account, arg.now))"
    " SELECT 0 AS part, 0::bigint AS ord, t.id::text, t.nomor, t.status,"
    "   t.created::text, t.kind, t.nopek, t.full_name, t.position,"
    "   t.email, t.unit_name, t.atasan_nopek, t.atasan_name, t.note,"
    "   t.username, t.unit_code FROM t"
    " UNION ALL SELECT 1,"
    "   row_number() OVER (ORDER BY p.sort_order, p.name), p.name,"
    "   rp.note" PSERV_NULLS13
    "   FROM t JOIN request_platforms rp ON rp.request_id = t.id"
    "   JOIN platforms p ON p.code = rp.platform_code"
    " UNION ALL SELECT 2, f.id, f.id::text, f.filename, f.content_type,"
    "   f.size::text" PSERV_NULLS11
    "   FROM t JOIN attachments f ON f.request_id = t.id"
    " UNION ALL SELECT 3,"
    "   row_number() OVER (ORDER BY ap.decided_at, ap.id), ap.stage,"
    "   ap.decision, a.full_name || coalesce(' atas nama ' || b.full_name,"
    "   ''),"
    "   extract(epoch FROM ap.decided_at)::bigint::text,"
    "   ap.account_id::text, a.nopek, a.email,"
    "   (ap.round < t.revision)::int::text" PSERV_NULLS7
    "   FROM t JOIN approvals ap ON ap.request_id = t.id"
    "   JOIN accounts a ON a.id = ap.account_id"
    "   LEFT JOIN accounts b ON b.id = ap.on_behalf_of"
    " UNION ALL SELECT 4, row_number() OVER (ORDER BY l.at, l.id),"
    "   extract(epoch FROM l.at)::bigint::text, l.actor_name,"
    "   l.actor_role, l.action, coalesce(l.reason, ''),"
    "   (l.round < t.revision)::int::text" PSERV_NULLS9
    "   FROM t JOIN activity_log l ON l.request_id = t.id"
    " UNION ALL SELECT 5, 0,"
    "   extract(epoch FROM q.attachments_purged_at)::bigint::text"
    "   " PSERV_NULLS13 ", NULL"
    "   FROM t JOIN requests q ON q.id = t.id"
    "   WHERE q.attachments_purged_at IS NOT NULL"
    " ORDER BY 1, 2");

const pserv_stmt *const pserv_sql_table_ticket[] = {
    &pserv_sql_log_add,
    &pserv_sql_list_desc,
    &pserv_sql_list_asc,
    &pserv_sql_ticket_get,
    NULL,
};

/* The ticket with everything its page shows, if s may see it; NULL
 * otherwise (*rv: 404 or 503). One statement. */
pserv_ticket *pserv_ticket_load(request_rec *r, pserv_db *db,
                                const pserv_session *s, apr_int64_t id, int *rv)
{
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row;
    pserv_ticket *t;
    int i, k, n;

    if (pserv_db_select(db, ticket_get, &res, pserv_i64s(r, id),
                        pserv_session_scope(s), pserv_i64s(r, s->account_id),
                        pserv_now_sql(r))
        != 0) {
        *rv = HTTP_SERVICE_UNAVAILABLE;
        return NULL;
    }
    /* Rows are asked for by number up to the count only: apr_dbd_pgsql
     * frees the result when asked for one past the end. */
    n = apr_dbd_num_tuples(db->dbd->driver, res);
    if (n < 1 || !(row = pserv_db_row(db, res, 1))
        || strcmp(pserv_db_col(db, row, 0), "0") != 0) {
        /* Not there, or not this user's to see: one answer, one line. */
        pserv_audit(r, "not-visible", s->username, "ticket", pserv_i64s(r, id),
                    NULL);
        *rv = HTTP_NOT_FOUND;
        return NULL;
    }
    t = apr_pcalloc(r->pool, sizeof *t);
    t->id = pserv_db_col(db, row, 2);
    t->nomor = pserv_db_col(db, row, 3);
    t->status = pserv_db_col(db, row, 4);
    t->created = apr_atoi64(pserv_db_col(db, row, 5));
    t->kind = pserv_db_col(db, row, 6);
    t->nopek = pserv_db_col(db, row, 7);
    t->full_name = pserv_db_col(db, row, 8);
    t->position = pserv_db_col(db, row, 9);
    t->email = pserv_db_col(db, row, 10);
    t->unit_name = pserv_db_col(db, row, 11);
    t->atasan_nopek = pserv_db_col(db, row, 12);
    t->atasan_name = pserv_db_col(db, row, 13);
    t->note = pserv_db_col(db, row, 14);
    t->account_username = pserv_db_col(db, row, 15);
    t->unit_code = pserv_db_col(db, row, 16);
    for (k = 1; k <= PSERV_PART_LOG; k++)
        t->part[k] = apr_array_make(r->pool, 8, sizeof(pserv_trow));
    for (i = 2; i <= n && (row = pserv_db_row(db, res, i)); i++) {
        pserv_trow *tr;
        k = atoi(pserv_db_col(db, row, 0));
        if (k == PSERV_PART_PURGED)
            t->attachments_purged = pserv_db_col(db, row, 2);
        if (k < PSERV_PART_PLATFORMS || k > PSERV_PART_LOG)
            continue;
        tr = apr_array_push(t->part[k]);
        for (n = 0; n < PSERV_TICKET_COLS; n++)
            tr->c[n] = pserv_db_col(db, row, n + 2);
        n = apr_dbd_num_tuples(db->dbd->driver, res);
    }
    /* Who may act on it now, when it waits. */
    if (pserv_stage_index(t->status) >= 0 && strcmp(t->status, "completed")) {
        pserv_actx x;
        apr_array_header_t *w;
        pserv_actx_of(r, db, &x);
        if (!(w = pserv_waiting_load(&x, id))) {
            *rv = HTTP_SERVICE_UNAVAILABLE;
            return NULL;
        }
        t->waiting = w->nelts ? &APR_ARRAY_IDX(w, 0, pserv_waiting) : NULL;
    }
    return t;
}

int pserv_ticket_may_act(const pserv_session *s, const pserv_ticket *t,
                         const pserv_candidate **as)
{
    const pserv_candidate *c = pserv_waiting_find(t->waiting, s->account_id);

    if (as)
        *as = c;
    if (!t->waiting)
        return PSERV_ACT_WRONG_STAGE;
    return c ? c->why : PSERV_ACT_NOT_YOURS;
}

/* What waits for this user: their first stage in the chain. */
static const char *pserv_list_default_status(const pserv_session *s)
{
    int i;

    for (i = 0; i < pserv_stage_count(); i++) {
        const char *st = pserv_stage_status_at(i);
        const char *role = pserv_status_role(st);
        if (role && pserv_session_has_role(s, role))
            return st;
    }
    return pserv_session_has_role(s, "admin") ? "" : "atasan";
}

/* The query string as a table. The filter form is a GET form, which sends
 * a space as '+' (a '+' typed comes as %2B); ap_args_to_table only undoes
 * %XX, so the '+' become spaces first. */
static apr_table_t *pserv_list_args(request_rec *r)
{
    apr_table_t *a = NULL;
    char *saved = r->args, *c;

    if (saved) {
        r->args = apr_pstrdup(r->pool, saved);
        for (c = r->args; *c; c++)
            if (*c == '+')
                *c = ' ';
    }
    ap_args_to_table(r, &a);
    r->args = saved;
    return a;
}

/* The filter from the query string; anything malformed is dropped
 * rather than refused, so an edited URL still shows a page. The search is
 * trimmed. */
void pserv_list_filter_read(request_rec *r, const pserv_session *s,
                            pserv_list_filter *f)
{
    apr_table_t *a = pserv_list_args(r);
    const char *v;
    int size;

    f->status = apr_table_get(a, "status");
    if (!f->status)
        f->status = (r->args && *r->args) ? "" : pserv_list_default_status(s);
    else if (*f->status && strcmp(f->status, PSERV_LIST_DELEGASI) != 0
             && !pserv_status_label(f->status)) {
        /* the status's label or the manual's short form ("Waiting for
         * ICT Verificator"), else all */
        const char *code = pserv_status_by_name(f->status);
        f->status = code ? code : "";
    }
    f->kind = apr_table_get(a, "kind");
    if (!f->kind || !pserv_kind_label(f->kind))
        f->kind = "";
    f->from = apr_table_get(a, "from");
    if (!f->from || !pserv_valid_date(f->from))
        f->from = "";
    f->to = apr_table_get(a, "to");
    if (!f->to || !pserv_valid_date(f->to))
        f->to = "";
    f->q = apr_table_get(a, "q");
    if (!f->q || !pserv_valid_text(f->q, PSERV_SEARCH_MAX, 0))
        f->q = "";
    v = apr_table_get(a, "sort");
    f->sort = v && strcmp(v, "asc") == 0 ? "asc" : "desc";
    v = apr_table_get(a, "size");
    size = v ? atoi(v) : 25;
    f->size = size == 10 || size == 50 || size == 100 ? size : 25;
    v = apr_table_get(a, "page");
    f->page = v ? atoi(v) : 1;
    if (f->page < 1 || f->page > PSERV_PAGE_MAX)
        f->page = 1;
    f->q = pserv_trim(r->pool, f->q);
    /* a status named in the search box ("Waiting for ICT Manager", the
     * manual's short form) filters by that status */
    if ((v = pserv_status_by_name(f->q)) != NULL) {
        f->status = v;
        f->q = "";
    }
}

/* The filter as a query string (without size and page). */
const char *pserv_list_query(request_rec *r, const pserv_list_filter *f)
{
    return apr_psprintf(r->pool, "status=%s&kind=%s&from=%s&to=%s&q=%s&sort=%s",
                        ap_escape_urlencoded(r->pool, f->status),
                        ap_escape_urlencoded(r->pool, f->kind), f->from, f->to,
                        ap_escape_urlencoded(r->pool, f->q), f->sort);
}

const char *pserv_list_href(request_rec *r, const char *base,
                            const pserv_list_filter *f, int page)
{
    return apr_psprintf(r->pool, "%s?%s&size=%d&page=%d", base,
                        pserv_list_query(r, f), f->size, page);
}

/* The list statement's arguments for f: scope, account, the request's
 * clock, the filters, the LIKE pattern, limit and offset. */
#define PSERV_LIST_ARGS(r, s, f, limit, offset)                                \
    pserv_session_scope(s), pserv_i64s((r), (s)->account_id),                  \
        pserv_now_sql(r), (f)->status, (f)->kind, (f)->from, (f)->to,          \
        pserv_like_escape((r)->pool, (f)->q), (limit), (offset)

int pserv_list_select(request_rec *r, pserv_db *db, const pserv_session *s,
                      const pserv_list_filter *f, apr_dbd_results_t **res)
{
    const char *limit = apr_itoa(r->pool, f->size + 1);
    const char *offset = apr_itoa(r->pool, (f->page - 1) * f->size);

    if (strcmp(f->sort, "asc") == 0)
        return pserv_db_select(db, list_asc, res,
                               PSERV_LIST_ARGS(r, s, f, limit, offset));
    return pserv_db_select(db, list_desc, res,
                           PSERV_LIST_ARGS(r, s, f, limit, offset));
}

int pserv_list_stream(request_rec *r, pserv_db *db, const pserv_session *s,
                      const pserv_list_filter *f, int max, pserv_db_row_fn fn,
                      void *ctx)
{
    const char *limit = apr_itoa(r->pool, max);

    if (strcmp(f->sort, "asc") == 0)
        return pserv_db_stream(db, list_asc, fn, ctx,
                               PSERV_LIST_ARGS(r, s, f, limit, "0"));
    return pserv_db_stream(db, list_desc, fn, ctx,
                           PSERV_LIST_ARGS(r, s, f, limit, "0"));
}

int pserv_ticket_log_add(pserv_db *db, const char *request_id, const char *now,
                         const char *account_id, const char *actor,
                         const char *role, const char *action,
                         const char *reason)
{
    return pserv_db_query(db, log_add, NULL, now, account_id, actor, role,
                          action, reason, request_id);
}

/* The Activity Log and the approvals keep who acted as written when they
 * acted ("Hendra Gunawan atas nama Rina Wulandari", "ICT Manager
 * (dialihkan)"), the list's statement what the user acts by ("atas nama
 * Rina Wulandari", "Dialihkan"), and the Activity Log its own words
 * ("Pemohon", "Persetujuan dialihkan kepada ..."): shown in the request's
 * language. */
#define PSERV_ON_BEHALF " atas nama "
#define PSERV_ASSIGNED  " (dialihkan)"

/* s is the Indonesian text of key with its %s filled in (at most two, the
 * first not last): 1 and the arguments in a. */
static int pserv_stored_match(apr_pool_t *p, const char *s, const char *key,
                              const char *a[2])
{
    const char *f = pserv_msg(pserv_lang_index("id"), key), *x, *y, *mid;
    apr_size_t n;

    if (!(x = strstr(f, "%s")))
        return strcmp(s, f) == 0;
    n = (apr_size_t)(x - f);
    if (strncmp(s, f, n) != 0)
        return 0;
    s += n;
    if (!(y = strstr(x + 2, "%s"))) {
        if (x[2] != '\0')
            return 0;
        a[0] = s;
        return *s != '\0';
    }
    if (y[2] != '\0' || y == x + 2)
        return 0;
    mid = apr_pstrmemdup(p, x + 2, (apr_size_t)(y - x - 2));
    if (!(x = strstr(s, mid)) || x == s || !x[strlen(mid)])
        return 0;
    a[0] = apr_pstrmemdup(p, s, (apr_size_t)(x - s));
    a[1] = x + strlen(mid);
    return 1;
}

const char *pserv_ticket_acting_tr(request_rec *r, const char *s)
{
    const char *p, *a[2];
    apr_size_t n, k = strlen(PSERV_ASSIGNED);

    if (!s || !*s)
        return s;
    if (strncmp(s, PSERV_ON_BEHALF + 1, sizeof PSERV_ON_BEHALF - 2) == 0)
        return pserv_trf(r, "list.acting.for", "%s",
                         s + sizeof PSERV_ON_BEHALF - 2);
    if (strcmp(s, "Dialihkan") == 0)
        return pserv_tr(r, "list.acting.assigned");
    /* the Activity Log's own words (rform.c, revise.c, assign.c, master.c):
     * the Indonesian of the catalogue, as they were written */
    if (strcmp(s, "Pemohon") == 0)
        return pserv_tr(r, "ticket.log.requester");
    if (pserv_stored_match(r->pool, s, "ticket.log.revised", a))
        return pserv_tr(r, "ticket.log.revised");
    if (pserv_stored_match(r->pool, s, "ticket.log.assigned", a))
        return pserv_trf(r, "ticket.log.assigned", "%s", a[0]);
    if (pserv_stored_match(r->pool, s, "ticket.log.atasan", a))
        return pserv_trf(r, "ticket.log.atasan", "%s %s", a[0], a[1]);
    if ((p = strstr(s, PSERV_ON_BEHALF)))
        return apr_pstrcat(r->pool, apr_pstrmemdup(r->pool, s, p - s),
                           pserv_tr(r, "ticket.acting.for"),
                           p + sizeof PSERV_ON_BEHALF - 1, NULL);
    n = strlen(s);
    if (n > k && strcmp(s + n - k, PSERV_ASSIGNED) == 0)
        return apr_pstrcat(r->pool, apr_pstrmemdup(r->pool, s, n - k),
                           pserv_tr(r, "ticket.acting.assigned"), NULL);
    return s;
}
