/*
 * mfa.h: the second factor (mfa.c): TOTP codes (RFC 6238, liboath) after
 * the password, their enrolment with a QR code (libqrencode), recovery
 * codes, and the short pending state between the password and the code.
 */
#ifndef PSERV_MFA_H
#define PSERV_MFA_H

#include "db.h"

/* What an account owes after its password, on this server. */
typedef enum {
    PSERV_MFA_NONE,  /* nothing: its session opens */
    PSERV_MFA_CODE,  /* it is enrolled: Kode Verifikasi */
    PSERV_MFA_ENROL, /* PservRequireMFA names it and it is not enrolled:
                        Aktifkan Verifikasi Dua Langkah first */
} pserv_mfa_owed;

/* How a code was judged (pserv_mfa_check, pserv_mfa_enrol_confirm). */
enum {
    PSERV_MFA_OK = 0,
    PSERV_MFA_WRONG,     /* not the code (counted against the limit) */
    PSERV_MFA_REPLAY,    /* a code already accepted (counted likewise) */
    PSERV_MFA_LOCKED,    /* too many wrong codes: none is looked at */
    PSERV_MFA_MALFORMED, /* neither six digits nor a recovery code */
    PSERV_MFA_ERROR = -1 /* the database or the key failed (logged) */
};

/* The browser between its password and its code (mfa_pending). */
typedef struct {
    apr_int64_t account;
    const char *username, *full_name;
    const char *via;  /* how the password was given (signin.c's method) */
    const char *next; /* where to go afterwards, or NULL */
    int enrolled;     /* 1: a code is asked; 0: the enrolment */
} pserv_mfa_pending;

/* Whether this server asks for second factors (PservMFAKeyFile). */
int pserv_mfa_enabled(request_rec *r);
/* 0 with *owed set, or the HTTP status to answer (503). */
int pserv_mfa_owed_of(request_rec *r, pserv_db *db, apr_int64_t account,
                      pserv_mfa_owed *owed);

/* The pending state for account: a row and the pserv_mfa cookie. 0 or
 * an HTTP status. */
int pserv_mfa_pending_start(request_rec *r, pserv_db *db, apr_int64_t account,
                            const char *via, const char *next);
/* The browser's pending state, if it has one younger than
 * PSERV_MFA_PENDING_SECS; NULL otherwise (*failed: the database failed). */
pserv_mfa_pending *pserv_mfa_pending_load(request_rec *r, pserv_db *db,
                                          int *failed);
/* End the browser's pending state (row and cookie). */
void pserv_mfa_pending_end(request_rec *r, pserv_db *db);

/* The secret Aktifkan Verifikasi Dua Langkah shows account: the one
 * already waiting for its confirmation, else a new one (stored sealed).
 * *b32: the secret as base32; *uri: its otpauth URI; *qr_path, *qr_size:
 * the QR code as an SVG path in a qr_size units square. 0, or an HTTP
 * status. */
int pserv_mfa_enrol_secret(request_rec *r, pserv_db *db, apr_int64_t account,
                           const char *username, const char **b32,
                           const char **uri, const char **qr_path,
                           int *qr_size);
/* Confirm the waiting secret with a code: on PSERV_MFA_OK the account is
 * enrolled, and *codes holds its PSERV_MFA_RECOVERY_CODES new recovery
 * codes (char *), shown once. Audited (mfa.enrol, mfa.fail). */
int pserv_mfa_enrol_confirm(request_rec *r, pserv_db *db, apr_int64_t account,
                            const char *username, const char *typed,
                            apr_array_header_t **codes);
/* Judge a code typed by an enrolled account: a TOTP code of this step or
 * the one either side, newer than the last accepted, or an unused
 * recovery code (*how "totp" or "recovery"; *left: recovery codes left).
 * Audited (mfa.ok, mfa.recovery, mfa.fail). */
int pserv_mfa_check(request_rec *r, pserv_db *db, apr_int64_t account,
                    const char *username, const char *typed, const char **how,
                    int *left);
/* The account's state: *enabled, *since (epoch seconds, or NULL), *left
 * unused recovery codes. 0 or an HTTP status. */
int pserv_mfa_status(request_rec *r, pserv_db *db, apr_int64_t account,
                     int *enabled, const char **since, int *left);
/* Forget account's second factor (secret, recovery codes, pending
 * states, wrong codes); *had: it was enrolled; *username: the account's
 * (NULL when there is no such account). Inside the caller's transaction.
 * 0 or APR_EGENERAL. */
int pserv_mfa_reset(request_rec *r, pserv_db *db, apr_int64_t account, int *had,
                    const char **username);

/* post_config: liboath up. */
int pserv_mfa_init(apr_pool_t *pconf, server_rec *s);
/* Hooks: check_config refuses to start a server or virtual host whose
 * PservRequireMFA has no PservMFAKeyFile (pserv[MFA01]). */
void pserv_mfa_register(apr_pool_t *p);

#endif
