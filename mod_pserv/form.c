/*
 * form.c: reading application/x-www-form-urlencoded bodies with a hard
 * limit, through httpd's own ap_parse_form_data. (multipart/form-data, for
 * attachments, has its own streaming reader.)
 */
#include "pserv.h"

#include "apr_strings.h"
#include "util_script.h"

int pserv_form_read(request_rec *r, apr_size_t max, apr_table_t **fields)
{
    const char *ct = apr_table_get(r->headers_in, "Content-Type");
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    apr_array_header_t *pairs = NULL;
    int i, rv;

    *fields = apr_table_make(r->pool, 8);
    if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
        return HTTP_BAD_REQUEST;
    if (cl && apr_atoi64(cl) > (apr_int64_t)max)
        return HTTP_REQUEST_ENTITY_TOO_LARGE;
    rv = ap_parse_form_data(r, NULL, &pairs, -1, max);
    if (rv != OK)
        return rv;
    for (i = 0; pairs && i < pairs->nelts; i++) {
        ap_form_pair_t *pair = &APR_ARRAY_IDX(pairs, i, ap_form_pair_t);
        apr_off_t len = 0;
        apr_size_t size;
        char *value;

        apr_brigade_length(pair->value, 1, &len);
        size = (apr_size_t)len;
        value = apr_palloc(r->pool, size + 1);
        apr_brigade_flatten(pair->value, value, &size);
        value[size] = '\0';
        /* A NUL inside a value is never legitimate form input. */
        if (strlen(value) != size || strlen(pair->name) == 0)
            return HTTP_BAD_REQUEST;
        apr_table_add(*fields, pair->name, value);
    }
    return OK;
}
