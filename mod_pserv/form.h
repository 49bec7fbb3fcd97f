/*
 * form.h: reading form bodies and uploads (form.c).
 */
#ifndef PSERV_FORM_H
#define PSERV_FORM_H

#include "request.h"

/* Read an application/x-www-form-urlencoded body of at most max bytes
 * into a table (a repeated name keeps every value). OK, or an HTTP error
 * status (400 for a malformed body, 413 when too large). */
int pserv_form_read(request_rec *r, apr_size_t max, apr_table_t **fields);

/* pserv_form_read, then the CSRF token and origin check every
 * state-changing POST needs: OK, or the status to answer (403). */
int pserv_form_post(request_rec *r, apr_size_t max, apr_table_t **fields);

typedef struct {
    apr_off_t max_file;  /* bytes per file */
    int max_files;       /* files kept; more are only counted */
    apr_size_t max_text; /* bytes per text field */
    apr_off_t max_body;  /* bytes in the whole body */
    apr_size_t mem_max;  /* bytes of files kept in memory rather than
                          * spooled (0: every file is spooled) */
} pserv_form_limits;

typedef struct {
    const char *field;        /* the form field it came in */
    const char *filename;     /* sanitised, for display only */
    const char *content_type; /* judged by its first bytes; NULL when
                                     * not JPEG, PNG or PDF */
    apr_file_t *spool;        /* its bytes, in a temporary file that
                                     * goes with the request; NULL when
                                     * not kept or kept in memory */
    apr_bucket_brigade *mem;  /* its bytes, in memory (mem_max): NULL
                                     * when not kept or spooled */
    unsigned char head[16];   /* its first bytes, for the sniffing */
    apr_size_t head_len;
    apr_size_t size;
    int too_large; /* passed max_file */
    int too_many;  /* past max_files */
} pserv_upload;

/* Read a multipart/form-data body: text fields into *fields, files into
 * *uploads. A file is kept in memory while the request's files together
 * stay within lim->mem_max and the child's requests together within
 * PSERV_FORM_MEM_CHILD (form.c); past either it goes, with what was in
 * memory of it, to a temporary file written through a fixed buffer (the
 * directory from TMPDIR, else the system's). Either way its bytes are
 * held once. OK; 413 when a file or the body passes its limit (the body
 * is read to its end first, so the browser sees the answer); 400 when
 * malformed. */
int pserv_form_read_multipart(request_rec *r, const pserv_form_limits *lim,
                              apr_table_t **fields,
                              apr_array_header_t **uploads);

#endif
