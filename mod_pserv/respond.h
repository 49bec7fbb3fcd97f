/*
 * respond.h: the answers every handler gives alike (respond.c).
 */
#ifndef PSERV_RESPOND_H
#define PSERV_RESPOND_H

#include "request.h"
#include "core/json.h"

/* On every response of ours, errors included. */
void pserv_security_headers(request_rec *r);
/* 303 to path (a local path; headers set). Returns HTTP_SEE_OTHER. */
int pserv_redirect(request_rec *r, const char *path);
/* Render the error page for status (in the P-Serv look) and return OK.
 * Under /api/ the error is JSON instead (pserv_api_error). */
int pserv_error_page(request_rec *r, int status);
/* What the error page says for status, in r's language. */
const char *pserv_error_message(request_rec *r, int status);
/* 1 when r (or the request it is the error page of) is under /api/. */
int pserv_api_request(request_rec *r);
/* {"error":{"status":N,"message":"..."}} with status; returns OK. */
int pserv_api_error(request_rec *r, int status);
/* Send j's text as application/json with status. Returns OK. */
int pserv_api_send(request_rec *r, int status, pserv_json *j);

#endif
