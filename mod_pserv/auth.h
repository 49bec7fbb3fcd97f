/*
 * auth.h: AuthType pserv and the pserv-role authz provider (auth.c).
 */
#ifndef PSERV_AUTH_H
#define PSERV_AUTH_H

#include "pserv.h"

void pserv_auth_register(apr_pool_t *p);

#endif
