/*
 * pserv.h: what every Apache-facing file of mod_pserv includes first: httpd
 * and APR, the core (core/pserv_core.h) and the module record. The layers
 * each have their own header (docs/ARCHITECTURE.md).
 */
#ifndef PSERV_H
#define PSERV_H

#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "apr_dbd.h"
#include "mod_dbd.h"

#include "core/pserv_core.h"

extern module AP_MODULE_DECLARE_DATA pserv_module;

/* mod_pserv.c declares the module itself (AP_DECLARE_MODULE). */
#if defined(APLOG_USE_MODULE) && !defined(PSERV_MODULE_MAIN)
APLOG_USE_MODULE(pserv);
#endif

#endif
