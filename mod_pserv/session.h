/*
 * session.h: server-side sessions and CSRF tokens (session.c).
 */
#ifndef PSERV_SESSION_H
#define PSERV_SESSION_H

#include "db.h"

struct pserv_session {
    apr_int64_t account_id;
    const char *username;
    const char *full_name;
    const char *nopek; /* NULL for accounts without one */
    const char *email; /* NULL for accounts without one */
    const char *roles; /* space-separated role codes */
    const char *csrf;
    int delegations;        /* approves something or receives a delegation: the
                      * user menu links Delegasi Persetujuan */
    const char *token_hash; /* hex SHA-256 of the cookie's token */
    int mfa;                /* the account gives a TOTP code at login */
    const char *lang;       /* the language it chose (lang.c), NULL: none */
    /* The data versions (migration 022), read with the session; NULL for
     * pserv_session_of_account. list_version: every ticket's and the
     * people's; ticket_version: ticket_version_of's and the people's
     * (NULL unless the request is that ticket's page). */
    const char *list_version, *ticket_version;
    apr_int64_t ticket_version_of;
};

/* The child_init hook that keeps each process's copy of its sessions'
 * costly half (session.c). */
void pserv_session_register(apr_pool_t *p);
/* The logged-in user's session (checked once per request), or NULL. */
pserv_session *pserv_session_load(request_rec *r);
/* The account account_id (an active one) as a session-like identity, for
 * acting without a login (a decision link from its mail): no cookie, no
 * csrf, nothing stored. NULL when inactive, unknown or on error. */
pserv_session *pserv_session_of_account(request_rec *r, pserv_db *db,
                                        apr_int64_t account_id);
int pserv_session_create(request_rec *r, apr_int64_t account_id);
void pserv_session_destroy(request_rec *r);
int pserv_session_has_role(const pserv_session *s, const char *role);
/* Whose tickets s may see (core's pserv_scope). */
const char *pserv_session_scope(const pserv_session *s);

/* A token cookie of ours other than the session's (base "pserv_mfa"
 * becomes "__Host-pserv_mfa" over HTTPS): its value when it has a token's
 * shape (else NULL); set (Path=/, HttpOnly, SameSite=Lax); removed. */
const char *pserv_cookie_token_get(request_rec *r, const char *base);
void pserv_cookie_token_set(request_rec *r, const char *base,
                            const char *token);
void pserv_cookie_token_remove(request_rec *r, const char *base);

/* The token this request's forms carry. */
const char *pserv_csrf_token(request_rec *r);
/* 1 when a POST carries the right token from an acceptable origin. */
int pserv_csrf_ok(request_rec *r, const char *submitted);

#endif
