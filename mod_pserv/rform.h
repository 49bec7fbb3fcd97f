/*
 * rform.h: the public request form's service (rform.c): its look-ups in
 * the HR master, drafts and their attachments, the submit, and what the
 * form's pages show. The rules themselves are core/rform.h.
 */
#ifndef PSERV_RFORM_SERVICE_H
#define PSERV_RFORM_SERVICE_H

#include "db.h"
#include "form.h"
#include "core/rform.h"

/* A fresh form offering every active platform; NULL when the database
 * fails. */
pserv_rform *pserv_rform_start(request_rec *r, pserv_db *db);

/* The HR master's data for an HO request (core's pserv_rform_hr). Every
 * read of the HR master, here and in pserv_rform_check, counts against one
 * per-address limit (30 per 10 minutes), but for reading again the nopek
 * f's draft already read (f->hash; none for the JSON). OK when found;
 * HTTP_TOO_MANY_REQUESTS past the limit (said on the nopek field);
 * DECLINED otherwise (with the reason on the nopek field when report is
 * set). */
int pserv_rform_lookup(request_rec *r, pserv_db *db, pserv_rform *f,
                       int report);

/* Judge everything (core's pserv_rform_validate on the database; an HO
 * kind's nopek counts against the look-up limit). */
void pserv_rform_check(request_rec *r, pserv_db *db, pserv_rform *f);

/* A new draft: its token goes to the form, its Nomor is shown at once.
 * OK or the status to answer. */
int pserv_draft_new(request_rec *r, pserv_db *db, pserv_rform *f);

/* The draft named by the posted token: 1; 0 when it is gone (expired or
 * already submitted); -1 when the database did not answer. f->token and
 * f->hash are set for a well-formed token either way. */
int pserv_draft_find(request_rec *r, pserv_db *db, pserv_rform *f,
                     const char *token);

/* Perbaiki Permohonan: the form of the returned ticket whose status link
 * is status_token, filled with all of it (kind, fields, platforms and
 * notes) on a new draft of its own that holds copies of its attachments
 * (an earlier such draft goes); *reason: why it was returned. OK;
 * HTTP_NOT_FOUND for an unknown link; HTTP_CONFLICT when the ticket is not
 * returned (f->nomor set); another status on failure. */
int pserv_draft_revise(request_rec *r, pserv_db *db, pserv_rform *f,
                       const char *status_token, const char **reason);

/* Removals ticked on the form, then the new files: each judged by its
 * name and its first bytes, which must agree; what is refused is said on
 * the form. */
void pserv_draft_files(request_rec *r, pserv_db *db, pserv_rform *f,
                       apr_table_t *in, apr_array_header_t *uploads);

/* The attachments of f's draft, in their order; NULL when the database
 * fails. */
typedef struct {
    const char *id, *filename, *size, *content_type;
} pserv_draft_file;
apr_array_header_t *pserv_draft_file_list(request_rec *r, pserv_db *db,
                                          const pserv_rform *f);

/* The units a User ID Unit request may name, each with its head (BUH);
 * NULL when the database fails. */
typedef struct {
    const char *code, *name, *head_nopek, *head_name;
} pserv_form_unit;
apr_array_header_t *pserv_rform_units(request_rec *r, pserv_db *db);

/* For the ICT stages, on the ticket (never on the public form, where it
 * would tell anyone whose e-mail or nopek has an account): the other open
 * requests (open set: what is the Nomor) and the active accounts (what is
 * the username) of the ticket rid's nopek or e-mail; NULL when the
 * database fails. */
typedef struct {
    int open;
    const char *what;
} pserv_rform_warning;
apr_array_header_t *pserv_rform_warnings(request_rec *r, pserv_db *db,
                                         const char *rid, const char *nopek,
                                         const char *email);

/* NULL when a request may be submitted now, else the message saying why
 * not: more than PservSubmitMaxPerAddress from this client address, or
 * more than PservSubmitMaxPerHour from everybody, within the hour. Each
 * call counts one (the address first, so one address spending its own
 * share does not use up everybody's). A database failure lets it pass. */
const char *pserv_rform_submit_limited(request_rec *r);

/* Everything of a ticket in one transaction: the request, its platforms
 * and notes, the attachments, the Activity Log's first entry and the
 * notifications; the draft goes. 0, or DECLINED when this form was
 * submitted meanwhile, or another code on failure. */
int pserv_rform_submit(request_rec *r, pserv_db *db, pserv_rform *f,
                       apr_int64_t *rid);

/* Submit Permohonan of a Perbaiki Permohonan draft (f->revise_id): the
 * same ticket (same Nomor, same status link) takes the form's fields,
 * platforms and attachments, goes back to the Atasan's stage in a new
 * round, with its Activity Log line and the mails of a submit. 0; DECLINED
 * when the ticket is no longer returned (this form was submitted, or the
 * ticket cancelled, meanwhile); another code on failure. */
int pserv_rform_resubmit(request_rec *r, pserv_db *db, pserv_rform *f);

/* The ticket a submitted form (its token's hash) made: 1 with its Nomor,
 * requester's and Atasan's names; 0 when none (or hash is NULL). */
typedef struct {
    const char *nomor, *full_name, *atasan_name;
} pserv_rform_done;
int pserv_rform_done_find(pserv_db *db, const char *hash,
                          pserv_rform_done *done);

#endif
