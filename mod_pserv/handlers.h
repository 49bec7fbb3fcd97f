/*
 * handlers.h: the route table (route.c) and its handlers (auth.c,
 * handle_*.c). Handlers do not call one another.
 */
#ifndef PSERV_HANDLERS_H
#define PSERV_HANDLERS_H

#include "session.h"

/* A handler gets the session its route's access rule checked (NULL on a
 * public route) and the ID of a "#" segment (0 without one). */
typedef int (*pserv_handler_fn)(request_rec *r, pserv_session *s,
                                apr_int64_t id);

int pserv_route(request_rec *r);

int pserv_handle_login_page(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_login(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_logout(request_rec *r, pserv_session *s, apr_int64_t id);
/* the single sign-on hand-off (handle_sso.c) */
int pserv_handle_sso(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_home(request_rec *r, pserv_session *s, apr_int64_t id);
/* the switch Bahasa / English (handle_lang.c) */
int pserv_handle_lang(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_helpdesk(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_requests(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_requests_export(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_ticket(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_decide(request_rec *r, pserv_session *s, apr_int64_t id);
/* Approve Terpilih / Reject Terpilih on the list (handle_bulk.c) */
int pserv_handle_bulk(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_attachment(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_request_new(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_request_post(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_request_revise(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_request_submit(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_request_lookup(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_password_set_page(request_rec *r, pserv_session *s,
                                   apr_int64_t id);
int pserv_handle_password_set(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_password_forgot_page(request_rec *r, pserv_session *s,
                                      apr_int64_t id);
int pserv_handle_password_forgot(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_resend(request_rec *r, pserv_session *s, apr_int64_t id);
/* a decision from the e-mail's link (handle_maildecide.c) */
int pserv_handle_mail_decide_page(request_rec *r, pserv_session *s,
                                  apr_int64_t id);
int pserv_handle_mail_decide(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_status(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_status_cancel(request_rec *r, pserv_session *s,
                               apr_int64_t id);
int pserv_handle_healthz(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_privacy(request_rec *r, pserv_session *s, apr_int64_t id);
/* Delegasi Persetujuan (handle_delegation.c) */
int pserv_handle_delegations(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_delegation_create(request_rec *r, pserv_session *s,
                                   apr_int64_t id);
int pserv_handle_delegation_end(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_admin_delegations(request_rec *r, pserv_session *s,
                                   apr_int64_t id);
int pserv_handle_admin_delegation_create(request_rec *r, pserv_session *s,
                                         apr_int64_t id);
/* Pengaturan Notifikasi (handle_notify.c) */
int pserv_handle_notify(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_notify_save(request_rec *r, pserv_session *s, apr_int64_t id);
/* The second factor (handle_mfa.c) */
int pserv_handle_mfa_page(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_mfa(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_mfa_settings(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_mfa_settings_save(request_rec *r, pserv_session *s,
                                   apr_int64_t id);
int pserv_handle_admin_mfa_reset(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_test_digest(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_test_retention(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_test_mail_look(request_rec *r, pserv_session *s,
                                apr_int64_t id);
/* the JSON API (handle_api.c) */
int pserv_handle_api_me(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_api_requests(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_api_request(request_rec *r, pserv_session *s, apr_int64_t id);
/* the Administrator's pages (handle_admin.c, handle_admin_master.c) */
int pserv_handle_admin_index(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_admin_accounts(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_admin_account(request_rec *r, pserv_session *s,
                               apr_int64_t id);
int pserv_handle_admin_roles(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_admin_deactivate(request_rec *r, pserv_session *s,
                                  apr_int64_t id);
int pserv_handle_admin_reactivate(request_rec *r, pserv_session *s,
                                  apr_int64_t id);
int pserv_handle_admin_unlock(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_admin_link(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_admin_units(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_admin_employees(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_admin_platforms(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_admin_import_page(request_rec *r, pserv_session *s,
                                   apr_int64_t id);
int pserv_handle_admin_import(request_rec *r, pserv_session *s, apr_int64_t id);
/* Tambah, Ubah, Nonaktifkan (handle_admin_edit.c) */
int pserv_handle_admin_unit_new(request_rec *r, pserv_session *s,
                                apr_int64_t id);
int pserv_handle_admin_unit_edit(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_admin_unit_save(request_rec *r, pserv_session *s,
                                 apr_int64_t id);
int pserv_handle_admin_unit_active(request_rec *r, pserv_session *s,
                                   apr_int64_t id);
int pserv_handle_admin_platform_new(request_rec *r, pserv_session *s,
                                    apr_int64_t id);
int pserv_handle_admin_platform_edit(request_rec *r, pserv_session *s,
                                     apr_int64_t id);
int pserv_handle_admin_platform_save(request_rec *r, pserv_session *s,
                                     apr_int64_t id);
int pserv_handle_admin_platform_active(request_rec *r, pserv_session *s,
                                       apr_int64_t id);
/* Buat Akun (handle_admin_newacct.c) */
int pserv_handle_admin_employee_account(request_rec *r, pserv_session *s,
                                        apr_int64_t id);
/* the units' CSV (handle_admin_import.c) */
int pserv_handle_admin_units_import_page(request_rec *r, pserv_session *s,
                                         apr_int64_t id);
int pserv_handle_admin_units_import(request_rec *r, pserv_session *s,
                                    apr_int64_t id);
/* Tiket Tertahan and Alihkan Persetujuan (handle_admin_stuck.c) */
int pserv_handle_admin_stuck(request_rec *r, pserv_session *s, apr_int64_t id);
/* Riwayat Akses, the access record (handle_admin_access.c) */
int pserv_handle_admin_access(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_assign_page(request_rec *r, pserv_session *s, apr_int64_t id);
int pserv_handle_assign(request_rec *r, pserv_session *s, apr_int64_t id);
/* Permintaan Data Pribadi (handle_admin_subject.c) */
int pserv_handle_admin_subject(request_rec *r, pserv_session *s,
                               apr_int64_t id);
int pserv_handle_admin_subject_export(request_rec *r, pserv_session *s,
                                      apr_int64_t id);
int pserv_handle_admin_subject_anonymise(request_rec *r, pserv_session *s,
                                         apr_int64_t id);
/* The administrator's session; NULL after setting *rv (303 to the login
 * page without a session, 403 without the admin role). */
pserv_session *pserv_admin_session(request_rec *r, int *rv);
int pserv_handle_error(request_rec *r, pserv_session *s, apr_int64_t id);

#endif
