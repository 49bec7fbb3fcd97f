/*
 * respond.c: the answers every handler gives alike: the security headers
 * on every response, a 303 redirect, and the error page, in the P-Serv
 * look or, under /api/, as JSON ({"error":{"status":N,"message":"..."}}).
 * It calls view.c (the HTML error page) and core/json.c, nothing above.
 */
#include "view.h"
#include "respond.h"
#include "i18n.h"

#include "apr_strings.h"

#include "core/json.h"

/* On every response of ours, errors included. No inline script or style
 * anywhere, so the policy can forbid them. */
void pserv_security_headers(request_rec *r)
{
    apr_table_t *h = r->err_headers_out;

    apr_table_setn(h, "Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; "
                   "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                   "form-action 'self'; frame-ancestors 'none'");
    apr_table_setn(h, "X-Content-Type-Options", "nosniff");
    apr_table_setn(h, "X-Frame-Options", "DENY");
    apr_table_setn(h, "Referrer-Policy", "same-origin");
    /* Pages carry CSRF tokens and, behind login, personal data. */
    apr_table_setn(h, "Cache-Control", "no-store");
}

int pserv_redirect(request_rec *r, const char *path)
{
    apr_table_setn(r->headers_out, "Location", path);
    return HTTP_SEE_OTHER;
}

int pserv_api_request(request_rec *r)
{
    const char *uri;

    while (r->prev) /* the request an error page is for */
        r = r->prev;
    uri = r->uri;
    return uri && strncmp(uri, "/api", 4) == 0
           && (uri[4] == '/' || uri[4] == '\0');
}

static const char *pserv_api_message(request_rec *r, int status)
{
    switch (status) {
    case HTTP_FORBIDDEN:
        return pserv_tr(r, "api.error.403");
    case HTTP_NOT_FOUND:
        return pserv_tr(r, "api.error.404");
    case HTTP_METHOD_NOT_ALLOWED:
        return pserv_tr(r, "api.error.405");
    default:
        return pserv_error_message(r, status);
    }
}

static pserv_json *pserv_api_error_json(request_rec *r, int status)
{
    pserv_json *j = pserv_json_new(r->pool);

    pserv_json_object(j);
    pserv_json_key(j, "error");
    pserv_json_object(j);
    pserv_json_kint(j, "status", status);
    pserv_json_kstr(j, "message", pserv_api_message(r, status));
    pserv_json_end(j);
    pserv_json_end(j);
    return j;
}

/* Send j's text with status. Returns OK. */
int pserv_api_send(request_rec *r, int status, pserv_json *j)
{
    apr_size_t len = 0;
    const char *body = pserv_json_finish(j, &len);

    if (!body) {
        /* A bug of ours, not of the data: the writer refused. */
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r,
                      "pserv[API01]: the JSON response was malformed");
        status = HTTP_INTERNAL_SERVER_ERROR;
        body = pserv_json_finish(pserv_api_error_json(r, status), &len);
    }
    r->status = status;
    ap_set_content_type(r, "application/json; charset=utf-8");
    ap_set_content_length(r, len);
    if (!r->header_only)
        ap_rwrite(body, (int)len, r);
    return OK;
}

int pserv_api_error(request_rec *r, int status)
{
    if (status == HTTP_METHOD_NOT_ALLOWED)
        apr_table_setn(r->err_headers_out, "Allow", "GET, HEAD");
    return pserv_api_send(r, status, pserv_api_error_json(r, status));
}

const char *pserv_error_message(request_rec *r, int status)
{
    const char *key;

    switch (status) {
    case HTTP_BAD_REQUEST:
        key = PSERV_MSG_KEY("error.400");
        break;
    case HTTP_UNAUTHORIZED:
        key = PSERV_MSG_KEY("error.401");
        break;
    case HTTP_FORBIDDEN:
        key = PSERV_MSG_KEY("error.403");
        break;
    case HTTP_NOT_FOUND:
        key = PSERV_MSG_KEY("error.404");
        break;
    case HTTP_METHOD_NOT_ALLOWED:
        key = PSERV_MSG_KEY("error.405");
        break;
    case HTTP_CONFLICT:
        key = PSERV_MSG_KEY("error.409");
        break;
    case HTTP_REQUEST_ENTITY_TOO_LARGE:
        key = PSERV_MSG_KEY("error.413");
        break;
    case HTTP_TOO_MANY_REQUESTS:
        key = PSERV_MSG_KEY("error.429");
        break;
    case HTTP_SERVICE_UNAVAILABLE:
        key = PSERV_MSG_KEY("error.503");
        break;
    default:
        key = PSERV_MSG_KEY("error.500");
    }
    return pserv_tr(r, key);
}

int pserv_error_page(request_rec *r, int status)
{
    pserv_view *v;
    const char *title;
    int rv;

    if (status < 400 || status > 599)
        status = HTTP_INTERNAL_SERVER_ERROR;
    if (status == HTTP_INTERNAL_SERVER_ERROR && pserv_req_get(r)->db_down)
        status = HTTP_SERVICE_UNAVAILABLE;
    if (pserv_api_request(r))
        return pserv_api_error(r, status);
    title = pserv_tr(r, status == HTTP_NOT_FOUND   ? "error.title.404"
                        : status == HTTP_FORBIDDEN ? "error.title.403"
                        : status < 500             ? "error.title.4xx"
                                                   : "error.title.5xx");
    v = pserv_view_new(r, "error", title);
    pserv_view_attr(v->content, "status", apr_itoa(r->pool, status));
    pserv_view_attr(v->content, "message", pserv_error_message(r, status));
    rv = pserv_view_send(v, status);
    if (rv != OK) {
        /* The error view itself failed: answer plainly rather than let
         * ErrorDocument send us back here. */
        r->status = HTTP_INTERNAL_SERVER_ERROR;
        ap_set_content_type(r, "text/plain; charset=UTF-8");
        if (!r->header_only)
            ap_rputs(pserv_error_message(r, HTTP_INTERNAL_SERVER_ERROR), r);
    }
    return OK;
}
