/*
 * form.c: reading request bodies with hard limits.
 * application/x-www-form-urlencoded streams the input brigade through
 * core/urlencoded.c; multipart/form-data (the request form with its
 * attachments) through core/multipart.c.
 */
#include "session.h"
#include "form.h"

#include "apr_atomic.h"
#include "apr_strings.h"
#include "core/multipart.h"
#include "core/urlencoded.h"

/* One body parser fed by pserv_form_body: its state and the first
 * status it gave other than OK (then it is fed no more). */
typedef struct {
    pserv_urlenc *u;
    pserv_mp *mp;
    int st;
} pserv_form_feeder;

static void pserv_form_urlenc_feed(pserv_form_feeder *f, const char *data,
                                   apr_size_t len)
{
    if (f->st == PSERV_URLENC_OK)
        f->st = pserv_urlenc_feed(f->u, data, len);
}

static void pserv_form_mp_feed(pserv_form_feeder *f, const char *data,
                               apr_size_t len)
{
    if (f->st == PSERV_MP_OK)
        f->st = pserv_mp_feed(f->mp, data, len);
}

/* Read r's body to its end, each piece to feed (a parser that has given
 * up is still read past, so the client gets our answer rather than a
 * reset). OK; 413 once more than max bytes came, without reading on: the
 * connection is closed after the answer, so a client trickling a huge
 * body holds the worker no longer (max 0: no limit here); 400 or the
 * input filters' status when reading fails. */
static int pserv_form_body(request_rec *r, apr_off_t max,
                           void (*feed)(pserv_form_feeder *, const char *,
                                        apr_size_t),
                           pserv_form_feeder *f)
{
    apr_bucket_brigade *bb =
        apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_off_t total = 0;
    int eos = 0;

    while (!eos) {
        apr_bucket *b;
        apr_status_t rv =
            ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES,
                           APR_BLOCK_READ, HUGE_STRING_LEN);
        if (rv != APR_SUCCESS)
            return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
        for (b = APR_BRIGADE_FIRST(bb); b != APR_BRIGADE_SENTINEL(bb);
             b = APR_BUCKET_NEXT(b)) {
            const char *data;
            apr_size_t len;

            if (APR_BUCKET_IS_EOS(b)) {
                eos = 1;
                break;
            }
            if (APR_BUCKET_IS_METADATA(b))
                continue;
            if (apr_bucket_read(b, &data, &len, APR_BLOCK_READ) != APR_SUCCESS)
                return HTTP_BAD_REQUEST;
            total += len;
            if (max && total > max) {
                r->connection->keepalive = AP_CONN_CLOSE;
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            }
            feed(f, data, len);
        }
        apr_brigade_cleanup(bb);
    }
    return OK;
}

/* Stream the body through core/urlencoded.c, reading it to its end even
 * after a parse error, as ap_parse_form_data did, so the browser gets our
 * answer rather than a reset connection; but never past max bytes,
 * whatever LimitRequestBody allows: these forms are small, and a body
 * longer than its form is refused (413) as soon as it says so
 * (Content-Length) or passes max (chunked). */
int pserv_form_read(request_rec *r, apr_size_t max, apr_table_t **fields)
{
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    pserv_urlenc_limits lim = { max, 0, 0 };
    pserv_form_feeder fu = { NULL, NULL, PSERV_URLENC_OK };
    pserv_urlenc *u;
    int rv, st;

    *fields = apr_table_make(r->pool, 8);
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return HTTP_BAD_REQUEST;
    if (cl && apr_atoi64(cl) > (apr_int64_t)max) {
        r->connection->keepalive = AP_CONN_CLOSE;
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    }
    u = fu.u = pserv_urlenc_create(r->pool, &lim, *fields);
    if ((rv = pserv_form_body(r, (apr_off_t)max, pserv_form_urlenc_feed, &fu))
        != OK)
        return rv;
    st = fu.st;
    if (st == PSERV_URLENC_OK)
        st = pserv_urlenc_finish(u);
    if (st != PSERV_URLENC_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "pserv[FORM02]: urlencoded body refused: %s",
                      pserv_urlenc_error(u));
        return st == PSERV_URLENC_LIMIT ? HTTP_REQUEST_ENTITY_TOO_LARGE
                                        : HTTP_BAD_REQUEST;
    }
    return OK;
}

/* A state-changing POST: the urlencoded body, which must carry the CSRF
 * token and come from our own origin. OK, or the status to answer. */
int pserv_form_post(request_rec *r, apr_size_t max, apr_table_t **fields)
{
    int rv = pserv_form_read(r, max, fields);

    if (rv != OK)
        return rv;
    return pserv_csrf_ok(r, apr_table_get(*fields, "csrf")) ? OK
                                                            : HTTP_FORBIDDEN;
}

/* ---- multipart/form-data ------------------------------------------------ */

/* What a child's requests may hold of files in memory together (each
 * request within its own lim->mem_max): past it, files are spooled. With
 * the event MPM's 128 threads a child, 64 MB bounds it whatever the
 * requests. */
#define PSERV_FORM_MEM_CHILD (64u * 1024 * 1024)
static apr_uint32_t pserv_form_mem_child;

/* What the parser's callbacks fill in while the body streams through. */
typedef struct {
    request_rec *r;
    const pserv_form_limits *lim;
    apr_table_t *fields;
    apr_array_header_t *uploads;
    pserv_upload *file;       /* the file part being read, if any */
    apr_bucket_brigade *data; /* a text field's bytes so far */
    const char *tmpdir;
    const char *name;  /* the current part's field name */
    apr_off_t size;    /* bytes in the current part */
    int too_large;     /* some part passed its limit */
    apr_uint32_t *mem; /* bytes of files this request holds in memory (in
                        * r->pool: given back to the child's count when the
                        * request ends) */
} pserv_form_mp;

static apr_status_t pserv_form_mem_release(void *data)
{
    apr_uint32_t *mem = data;

    if (*mem)
        apr_atomic_sub32(&pserv_form_mem_child, *mem);
    *mem = 0;
    return APR_SUCCESS;
}

/* 1 when len more bytes may be kept in memory: within the request's
 * mem_max and the child's PSERV_FORM_MEM_CHILD (counted here). */
static int pserv_form_mem_take(pserv_form_mp *m, apr_size_t len)
{
    if (!m->lim->mem_max || len > m->lim->mem_max
        || (m->mem && *m->mem + len > m->lim->mem_max))
        return 0;
    if (apr_atomic_add32(&pserv_form_mem_child, (apr_uint32_t)len) + len
        > PSERV_FORM_MEM_CHILD) {
        apr_atomic_sub32(&pserv_form_mem_child, (apr_uint32_t)len);
        return 0;
    }
    if (!m->mem) {
        m->mem = apr_pcalloc(m->r->pool, sizeof *m->mem);
        apr_pool_cleanup_register(m->r->pool, m->mem, pserv_form_mem_release,
                                  apr_pool_cleanup_null);
    }
    *m->mem += (apr_uint32_t)len;
    return 1;
}

/* The current file's bytes in memory go (spooled, or the file dropped):
 * their buckets freed, their count given back. */
static void pserv_form_mem_drop(pserv_form_mp *m, pserv_upload *u)
{
    apr_off_t n = 0;

    if (!u->mem)
        return;
    apr_brigade_length(u->mem, 0, &n);
    apr_brigade_destroy(u->mem);
    u->mem = NULL;
    if (m->mem && n > 0) {
        apr_atomic_sub32(&pserv_form_mem_child, (apr_uint32_t)n);
        *m->mem -= (apr_uint32_t)n;
    }
}

static int pserv_form_part_begin(void *ctx, const char *name,
                                 const char *filename, const char *content_type)
{
    pserv_form_mp *m = ctx;

    (void)content_type; /* judged by the bytes, not the label */
    m->name = apr_pstrdup(m->r->pool, name);
    m->size = 0;
    m->file = NULL;
    apr_brigade_cleanup(m->data);
    if (!filename)
        return 0;
    if (!*filename)
        return 0; /* a file input left empty: skip it */
    m->file = apr_array_push(m->uploads);
    memset(m->file, 0, sizeof *m->file);
    m->file->field = m->name;
    m->file->filename = pserv_mp_display_filename(m->r->pool, filename);
    m->file->too_many = m->uploads->nelts > m->lim->max_files;
    return 0;
}

/* Append to a file's bytes in memory, in blocks of about 64 KB (an
 * allocator node each: a bucket per piece would take a 12 KB node for
 * each 8 KB piece). */
#define PSERV_FORM_MEM_BLOCK (64 * 1024 - 256)
static apr_status_t pserv_form_mem_write(apr_bucket_brigade *bb,
                                         const char *data, apr_size_t len)
{
    while (len) {
        apr_bucket *e = APR_BRIGADE_LAST(bb);
        apr_bucket_heap *h = NULL;
        apr_size_t room = 0, n;

        if (!APR_BRIGADE_EMPTY(bb) && APR_BUCKET_IS_HEAP(e)) {
            h = e->data;
            room = h->alloc_len - ((apr_size_t)e->start + e->length);
        }
        if (!room) {
            char *buf =
                apr_bucket_alloc(PSERV_FORM_MEM_BLOCK, bb->bucket_alloc);
            if (!buf)
                return APR_ENOMEM;
            e = apr_bucket_heap_create(buf, PSERV_FORM_MEM_BLOCK,
                                       apr_bucket_free, bb->bucket_alloc);
            e->length = 0;
            APR_BRIGADE_INSERT_TAIL(bb, e);
            h = e->data;
            room = PSERV_FORM_MEM_BLOCK;
        }
        n = len < room ? len : room;
        memcpy(h->base + e->start + e->length, data, n);
        e->length += n;
        data += n;
        len -= n;
    }
    return APR_SUCCESS;
}

/* A file's bytes are kept as they come: in memory while the request's
 * and the child's allowance lasts (pserv_form_mem_take), else in its
 * spool file, where what was in memory of it goes first. Each byte is
 * held once; what is held otherwise is the piece at hand (at most
 * HUGE_STRING_LEN). */
static int pserv_form_spool(pserv_form_mp *m, const char *data, apr_size_t len)
{
    pserv_upload *u = m->file;
    apr_status_t rv = APR_SUCCESS;
    apr_bucket *b;

    if (u->head_len < sizeof u->head) {
        apr_size_t n = sizeof u->head - u->head_len;
        if (n > len)
            n = len;
        memcpy(u->head + u->head_len, data, n);
        u->head_len += n;
    }
    if (!u->spool && pserv_form_mem_take(m, len)) {
        if (!u->mem)
            u->mem =
                apr_brigade_create(m->r->pool, m->r->connection->bucket_alloc);
        return pserv_form_mem_write(u->mem, data, len) == APR_SUCCESS
                   ? 0
                   : PSERV_MP_LIMIT;
    }
    if (!u->spool) {
        char *tmpl =
            apr_pstrcat(m->r->pool, m->tmpdir, "/pserv-upload-XXXXXX", NULL);
        /* flags 0: read/write, created exclusively, mode 0600, removed
         * when closed (at the latest when the request's pool goes) */
        if ((rv = apr_file_mktemp(&u->spool, tmpl, 0, m->r->pool))
            != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, m->r,
                          "pserv[FORM03]: cannot create a spool file in %s",
                          m->tmpdir);
            return PSERV_MP_LIMIT;
        }
        /* what came before the allowance ran out, then the rest */
        for (b = u->mem ? APR_BRIGADE_FIRST(u->mem) : NULL;
             b && b != APR_BRIGADE_SENTINEL(u->mem) && rv == APR_SUCCESS;
             b = APR_BUCKET_NEXT(b)) {
            const char *d;
            apr_size_t n;
            if ((rv = apr_bucket_read(b, &d, &n, APR_BLOCK_READ))
                == APR_SUCCESS)
                rv = apr_file_write_full(u->spool, d, n, NULL);
        }
        pserv_form_mem_drop(m, u);
    }
    if (rv == APR_SUCCESS)
        rv = apr_file_write_full(u->spool, data, len, NULL);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, m->r,
                      "pserv[FORM04]: cannot write a spool file in %s",
                      m->tmpdir);
        return PSERV_MP_LIMIT;
    }
    return 0;
}

static int pserv_form_part_data(void *ctx, const char *data, apr_size_t len)
{
    pserv_form_mp *m = ctx;

    m->size += len;
    if (m->file) {
        if (m->file->too_many)
            return 0; /* counted, not kept */
        if (m->size > m->lim->max_file) {
            /* Keep reading (and throwing away) so the browser gets our
             * answer rather than a reset connection. */
            if (!m->file->too_large && m->file->spool) {
                apr_file_close(m->file->spool);
                m->file->spool = NULL;
            }
            pserv_form_mem_drop(m, m->file);
            m->file->too_large = m->too_large = 1;
            return 0;
        }
        return pserv_form_spool(m, data, len);
    }
    else if (m->size > (apr_off_t)m->lim->max_text) {
        m->too_large = 1;
        return PSERV_MP_LIMIT;
    }
    return apr_brigade_write(m->data, NULL, NULL, data, len) == APR_SUCCESS
               ? 0
               : PSERV_MP_LIMIT;
}

static char *pserv_form_flatten(pserv_form_mp *m, apr_size_t *len)
{
    apr_off_t n = 0;
    char *buf;

    apr_brigade_length(m->data, 1, &n);
    buf = apr_palloc(m->r->pool, (apr_size_t)n + 1);
    *len = (apr_size_t)n;
    apr_brigade_flatten(m->data, buf, len);
    buf[*len] = '\0';
    apr_brigade_cleanup(m->data);
    return buf;
}

static int pserv_form_part_end(void *ctx)
{
    pserv_form_mp *m = ctx;
    apr_size_t len = 0;
    char *value;

    if (m->file) {
        m->file->size = (apr_size_t)m->size;
        if (m->file->spool || m->file->mem)
            m->file->content_type =
                pserv_mp_sniff(m->file->head, m->file->head_len);
        m->file = NULL;
        return 0;
    }
    value = pserv_form_flatten(m, &len);
    if (strlen(value) != len)
        return PSERV_MP_MALFORMED; /* a NUL inside a text field */
    apr_table_add(m->fields, m->name, value);
    return 0;
}

int pserv_form_read_multipart(request_rec *r, const pserv_form_limits *lim,
                              apr_table_t **fields,
                              apr_array_header_t **uploads)
{
    static const pserv_mp_callbacks cb = { pserv_form_part_begin,
                                           pserv_form_part_data,
                                           pserv_form_part_end };
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    pserv_form_feeder fm = { NULL, NULL, PSERV_MP_OK };
    pserv_form_mp m;
    pserv_mp *mp;
    int rv, st;

    memset(&m, 0, sizeof m);
    m.r = r;
    m.lim = lim;
    m.fields = *fields = apr_table_make(r->pool, 16);
    m.uploads = *uploads = apr_array_make(r->pool, 4, sizeof(pserv_upload));
    m.data = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    if (apr_temp_dir_get(&m.tmpdir, r->pool) != APR_SUCCESS)
        m.tmpdir = "/tmp";
    mp = pserv_mp_create(r->pool, apr_table_get(r->headers_in, "Content-Type"),
                         NULL, &cb, &m);
    if (!mp)
        return HTTP_BAD_REQUEST;
    if (cl && apr_atoi64(cl) > lim->max_body)
        return HTTP_REQUEST_ENTITY_TOO_LARGE;

    fm.mp = mp;
    if ((rv = pserv_form_body(r, lim->max_body, pserv_form_mp_feed, &fm)) != OK)
        return rv;
    st = fm.st;
    if (st == PSERV_MP_OK)
        st = pserv_mp_finish(mp);
    if (m.too_large)
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    if (st != PSERV_MP_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r,
                      "pserv[FORM01]: malformed multipart body: %s",
                      pserv_mp_error(mp));
        return st == PSERV_MP_LIMIT ? HTTP_REQUEST_ENTITY_TOO_LARGE
                                    : HTTP_BAD_REQUEST;
    }
    return OK;
}
