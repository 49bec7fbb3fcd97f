/*
 * handoff.h: what the single sign-on hand-off (/login/sso, handle_sso.c)
 * decides from strings alone, APR only: whether the name in r->user may be
 * trusted, and whether the identity provider says it asked for a second
 * factor.
 */
#ifndef PSERV_HANDOFF_H
#define PSERV_HANDOFF_H

#include <apr_pools.h>

/* Why the name an authn module left in r->user may NOT be taken as the
 * person signing in, or NULL when it may:
 *   configured  the location's AuthType (ap_auth_type(r)), NULL for none;
 *   authed      r->ap_auth_type, which the authn module that set r->user
 *               in this request sets (mod_auth_basic "Basic",
 *               mod_auth_openidc "openid-connect", mod_auth_mellon
 *               "Mellon"; mod_auth_gssapi, under AuthType GSSAPI, names
 *               the HTTP scheme: "Negotiate", "NTLM" or "Basic");
 *   user        r->user.
 * Reasons: "no-authtype" (none configured: nothing authenticated the
 * name), "authtype-pserv" (P-Serv's own session set it), "no-user" (the
 * location let the request in without authentication, e.g. Require all
 * granted), "authtype-mismatch" (r->user came from somewhere else than the
 * location's authn module). */
const char *pserv_handoff_untrusted(const char *configured, const char *authed,
                                    const char *user);

/* 1 when value, a claim as an authn module exports it (one value, or
 * several separated by commas or spaces, as mod_auth_openidc joins the
 * "amr" array), holds one of trusted's values (separated by spaces); the
 * comparison is exact. 0 for NULL or empty either. */
int pserv_handoff_mfa(const char *value, const char *trusted);

#endif
