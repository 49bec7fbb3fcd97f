/*
 * account.h: the account service (account.c).
 */
#ifndef PSERV_ACCOUNT_H
#define PSERV_ACCOUNT_H

#include "db.h"
#include "mail.h"

typedef enum {
    PSERV_LINK_CREATED,    /* the Executor made the account */
    PSERV_LINK_RESENT,     /* the Executor sent it again */
    PSERV_LINK_RESET,      /* Lupa Password? */
    PSERV_LINK_ADMIN,      /* the Administrator sent it */
    PSERV_LINK_NEW_ACCOUNT /* the Administrator made the account (Buat Akun) */
} pserv_link_why;

/* What a directory-backed account (password_source not "pserv") is told
 * instead of a set-password link (account.c, handle_password.c). */
#define PSERV_USE_DIRECTORY_PASSWORD "Gunakan password jaringan perusahaan Anda"

/* Queue the mail carrying a new link, then revoke the account's earlier
 * links (PSERV_LINK_RESET: only those mailed to the same address) and
 * store the new one (inside the caller's transaction), in the language of
 * to (mail.c's pserv_mail_lang). request_id 0: none; about: the ticket,
 * for its facts in the mail, or NULL. For an account whose
 * password lives in the company's directory (accounts.password_source not
 * "pserv") no link is made: the mail says to use the directory password
 * (PSERV_USE_DIRECTORY_PASSWORD) and the account's earlier links are
 * revoked. */
int pserv_password_link_send(request_rec *r, pserv_db *db,
                             apr_int64_t request_id, const char *account_id,
                             const char *to, const char *full_name,
                             const char *username, const char *nomor,
                             const pserv_mail_ticket *about,
                             pserv_link_why why);

/* Where the account's password lives: "pserv" or the provider's name;
 * NULL when the database cannot say. */
const char *pserv_account_source(pserv_db *db, const char *account_id);

/* A new account (no password, no roles; its password where
 * PservNewAccountSource says) at the request's clock, inside the caller's
 * transaction: 0 with *account_id; HTTP_CONFLICT when the username is
 * taken. */
int pserv_account_create(request_rec *r, pserv_db *db, const char *username,
                         const char *nopek, const char *full_name,
                         const char *email, const char *unit_code,
                         const char **account_id);
/* 1 when the account's password lives in a directory (not "pserv"). */
int pserv_account_directory(pserv_db *db, const char *username);
/* 1 when an account has this username. */
int pserv_account_username_taken(pserv_db *db, const char *username);

/* Forget username's failed logins (and everybody's older than a day). */
int pserv_account_failures_clear(pserv_db *db, const char *username,
                                 const char *now);
/* The account's unused set-password links stop working. */
int pserv_account_links_revoke(pserv_db *db, const char *account_id,
                               const char *now);
/* End every session of the account (*ended: how many, may be NULL). */
int pserv_account_sessions_end(pserv_db *db, const char *account_id,
                               int *ended);

#endif
