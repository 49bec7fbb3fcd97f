/*
 * pserv_core.h: the httpd-independent core of mod_pserv (APR, OpenSSL,
 * libargon2 only). The module, pserv-admin and the unit tests link it.
 */
#ifndef PSERV_CORE_H
#define PSERV_CORE_H

#include <apr_pools.h>
#include <apr_time.h>
#include <apr_tables.h>

/* ---- tokens and hashes (token.c) ---- */

#define PSERV_TOKEN_BYTES  32 /* 256 random bits */
#define PSERV_TOKEN_CHARS  43 /* base64url, no padding */
#define PSERV_SHA256_BYTES 32

/* Fill buf with n bytes from OpenSSL's CSPRNG. APR_SUCCESS or APR_EGENERAL. */
apr_status_t pserv_random_bytes(unsigned char *buf, apr_size_t n);

/* A fresh 256-bit token, base64url encoded (43 chars), or NULL. */
char *pserv_token_new(apr_pool_t *p);

/* 1 if s has the shape of a token from pserv_token_new. */
int pserv_token_valid(const char *s);

void pserv_sha256(const void *data, apr_size_t len,
                  unsigned char out[PSERV_SHA256_BYTES]);

/* Lower-case hex of n bytes. */
char *pserv_hex(apr_pool_t *p, const unsigned char *bytes, apr_size_t n);

/* base64url without padding. */
char *pserv_base64url(apr_pool_t *p, const unsigned char *bytes, apr_size_t n);

/* Hex SHA-256 of a token: what the database keeps instead of it. */
char *pserv_token_hash(apr_pool_t *p, const char *token);

/* Constant-time comparison of n bytes: 1 equal, 0 not. */
int pserv_ct_equal(const void *a, const void *b, apr_size_t n);

/* Constant-time comparison of two strings (length leaks, content does not). */
int pserv_ct_streq(const char *a, const char *b);

/* ---- client addresses (netaddr.c) ---- */

/* The key a per-client limit counts under for the client address ip:
 * an IPv4 address as it is, an IPv6 address as its /64
 * ("2001:db8:1:2::/64"), an IPv4-mapped IPv6 address as the IPv4 one. */
const char *pserv_client_key(apr_pool_t *p, const char *ip);

/* ---- passwords (password.c) ---- */

/* Argon2id parameters (OWASP minimum): m = 19456 KiB, t = 2, p = 1. */
#define PSERV_ARGON2_M_KIB 19456
#define PSERV_ARGON2_T     2
#define PSERV_ARGON2_P     1
#define PSERV_PASSWORD_MAX 128
#define PSERV_PASSWORD_MIN 12

/* Encoded Argon2id hash of password, or NULL on failure. */
char *pserv_password_hash(apr_pool_t *p, const char *password);

/* 1 when password matches encoded, 0 otherwise (including a bad encoding). */
int pserv_password_verify(const char *encoded, const char *password);

/* Spend the time of one verification; used for unknown users so that a
 * failed login takes about as long whether the account exists or not. */
void pserv_password_dummy_verify(const char *password);

/* Once per process, before pserv_password_problem is used from threads. */
apr_status_t pserv_password_init(apr_pool_t *p);

/* What is wrong with a new password (the caller words it in the reader's
 * language), or PSERV_PW_OK: 12 to 128 characters, equal to its
 * confirmation, not the username, not a well-known or dictionary-like
 * password (cracklib). */
typedef enum {
    PSERV_PW_OK = 0,
    PSERV_PW_EMPTY,    /* none typed */
    PSERV_PW_INVALID,  /* too long, or characters not allowed */
    PSERV_PW_SHORT,    /* fewer than 12 characters */
    PSERV_PW_MISMATCH, /* not its confirmation */
    PSERV_PW_USERNAME, /* the username */
    PSERV_PW_COMMON    /* easy to guess */
} pserv_pw_problem;
pserv_pw_problem pserv_password_problem(const char *username, const char *pw,
                                        const char *again);

/* ---- the Pemberitahuan Privasi (privacy.c) ---- */

/* The paragraphs of a text (const char * elements): separated by blank
 * lines; each paragraph's lines trimmed and joined by one space; a UTF-8
 * byte order mark at the start skipped. None for a blank text. */
apr_array_header_t *pserv_paragraphs(apr_pool_t *p, const char *text);

/* The paragraphs joined by a blank line ("\n\n"): the text a notice's
 * version is taken of. */
const char *pserv_paragraphs_join(apr_pool_t *p, const apr_array_header_t *a);

/* A notice's version: the first 16 hex digits of the SHA-256 of its text
 * (requests.privacy_notice). */
#define PSERV_NOTICE_VERSION_BYTES 8
const char *pserv_notice_version(apr_pool_t *p, const char *text);

/* ---- small validators (validate.c) ---- */

/* 1 when s is a valid account username: [a-z0-9][a-z0-9._-]{2,31}. */
int pserv_valid_username(const char *s);

/* 1 when s is a plausible e-mail address (one @, no spaces or controls,
 * a dot in the domain, at most 254 bytes). */
int pserv_valid_email(const char *s);

/* 1 when s is a nopek: 4 to 20 ASCII digits. */
int pserv_valid_nopek(const char *s);

/* 1 when s is a unit or platform code, as the schema's CHECK:
 * [A-Z0-9][A-Z0-9_-]{0,31}. */
int pserv_valid_code(const char *s);

/* 1 when s is valid UTF-8 without C0 controls other than \t \r \n, and at
 * most max_chars characters. multiline = 0 also refuses \r and \n. */
int pserv_valid_text(const char *s, apr_size_t max_chars, int multiline);

/* 1 when s is a safe local redirect target: starts with a single "/",
 * no "//" or "/\" prefix, no scheme, no control characters. */
int pserv_valid_local_path(const char *s);

/* The ticket's id when path is a ticket page's, "/requests/" and its
 * digits (route.c's "/requests/#"); 0 otherwise. Only tells the session
 * lookup which ticket's data version to read with it (pagecache.c). */
apr_int64_t pserv_ticket_page_id(const char *path);

/* 1 when s is a real calendar date YYYY-MM-DD (years 2000-2999). */
int pserv_valid_date(const char *s);

/* A copy of s without leading and trailing white space ("" for NULL). */
char *pserv_trim(apr_pool_t *p, const char *s);

/* The nopek look-up's query string (GET /request/lookup?kind=..&nopek=..,
 * read as httpd's ap_args_to_table does): *kind and *nopek trimmed, ""
 * when absent. PSERV_LOOKUP_OK when kind is one of the HO kinds and nopek
 * a valid nopek, else which of the two is wrong (kind first). */
enum { PSERV_LOOKUP_OK = 0, PSERV_LOOKUP_BAD_KIND, PSERV_LOOKUP_BAD_NOPEK };
int pserv_lookup_input(apr_pool_t *p, const char *args, const char **kind,
                       const char **nopek);

/* ---- formatting (format.c) ---- */

/* "28 Nov 2026 14.05 WIB" (Indonesian month names, UTC+7). */
char *pserv_format_wib(apr_pool_t *p, apr_int64_t epoch);
/* The same in language lang (core/lang.h; an unknown one is Indonesian),
 * month names short or full: "3 Des 2026 14.05 WIB", "3 Desember 2026
 * 14.05 WIB"; "3 Dec 2026 14:05 WIB", "3 December 2026 14:05 WIB". */
char *pserv_format_wib_in(apr_pool_t *p, apr_int64_t epoch, int lang, int full);
/* A calendar day "YYYY-MM-DD" in words of language lang, the month in
 * full: "3 Desember 2026", "3 December 2026"; day itself when it is not
 * such a date (NULL for NULL). */
const char *pserv_format_day_in(apr_pool_t *p, const char *day, int lang);
/* "2026-11-28T14:05:00+07:00" for <time datetime>. */
char *pserv_format_iso(apr_pool_t *p, apr_int64_t epoch);
/* "12 KB", "1,2 MB". */
char *pserv_format_size(apr_pool_t *p, apr_int64_t bytes);
/* The same in language lang: "1,2 MB" in Indonesian, "1.2 MB" in English. */
char *pserv_format_size_in(apr_pool_t *p, apr_int64_t bytes, int lang);
/* Bytes of a hex string (as PostgreSQL's encode(x, 'hex')), NULL if bad. */
unsigned char *pserv_unhex(apr_pool_t *p, const char *hex, apr_size_t *len);
/* s with LIKE's wildcards (% _ \) escaped, for "... LIKE '%' || $1 || '%'". */
char *pserv_like_escape(apr_pool_t *p, const char *s);
/* The strings of a (const char *, NULL for SQL NULL) as a PostgreSQL array
 * literal for "%s::text[]" and the like: each element quoted, its " and \
 * escaped: {"a","b \"c\"",NULL}. */
char *pserv_pg_array(apr_pool_t *p, const apr_array_header_t *a);

/* ---- roles and statuses (workflow.c) ---- */

/* "ICT Manager" for "ict_manager"; NULL for an unknown role. */
const char *pserv_role_label(const char *code);

/* 1 when the space-separated list roles holds role. */
int pserv_roles_contain(const char *roles, const char *role);

/* The exact status text the UI shows for a status code ("atasan" ->
 * "Waiting for Approval Atasan Pemohon"); NULL for an unknown code. */
const char *pserv_status_label(const char *code);
/* The status code a person names with text, case and spaces around
 * aside: its label ("Waiting for Approval ICT Manager") or the manual's
 * short form of a waiting status ("Waiting for
 * ICT Manager", figures 5.6 and 6.6: "Waiting for " and the stage);
 * NULL for anything else. */
const char *pserv_status_by_name(const char *text);

/* Jenis User ID: "UNIT" -> "User ID Unit", "HO_ORGANIK" -> "HO - Organik/PKWT",
 * "HO_TKJP" -> "HO - TKJP"; NULL for anything else. */
const char *pserv_kind_label(const char *code);
int pserv_kind_count(void);
const char *pserv_kind_code_at(int i);
/* 1 for the two Head Office kinds (nopek typed, the rest from HR). */
int pserv_kind_is_ho(const char *kind);
/* 1 when an employee of employment_type (ORGANIK, PKWT, TKJP) may ask for
 * an HO User ID of that kind. */
int pserv_kind_allows(const char *kind, const char *employment_type);

/* ---- the approval chain (workflow.c) ----
 * atasan -> verificator -> manager -> executor -> completed; a reject at
 * any of the four ends in rejected; a return at any of the four goes to
 * returned, and the requester's fix back to atasan (or, withdrawn or not
 * fixed in time, to cancelled). */

/* The status an approval at status leads to; NULL when nobody acts. */
const char *pserv_status_next(const char *status);
/* The role that acts at status; NULL for the Atasan stage (and the end). */
const char *pserv_status_role(const char *status);
/* "Atasan Pemohon", "ICT Verificator", ... for a waiting status. */
const char *pserv_stage_label(const char *status);
int pserv_stage_count(void);
const char *pserv_stage_status_at(int i);
/* 0..3 for the waiting statuses, 4 for completed, -1 otherwise. */
int pserv_stage_index(const char *status);
/* 1 while the requester may still withdraw it: waiting at a stage (the
 * Executor has not acted) or returned for revision. */
int pserv_status_open(const char *status);

/* A person, as separation of duties tells people apart: one person may
 * hold several accounts (the Atasan stage goes to every account with the
 * Atasan's nopek, the Executor's Confirm makes one more with the
 * requester's nopek and e-mail), so the account alone does not say who
 * acts. Any field may be unknown (0, NULL or ""). */
typedef struct {
    apr_int64_t account; /* the account's id */
    const char *nopek;
    const char *email; /* the account's or the request's address */
} pserv_person;

/* 1 when a and b are one person: the same account, the same nopek, or the
 * same e-mail address (ASCII letters compared without case: whoever reads
 * the mailbox can set the password of every account sent there). What
 * neither knows matches nothing. */
int pserv_same_person(const pserv_person *a, const pserv_person *b);

typedef struct {
    const char *nopek;   /* NULL or "" for accounts without one */
    const char *roles;   /* space-separated */
    const char *email;   /* the account's; NULL or "" for none */
    apr_int64_t account; /* the account's id; 0 when unknown */
} pserv_actor;

typedef struct {
    const char *status;
    const char *atasan_nopek;
    const char *requester_nopek;  /* NULL for User ID Unit requests */
    const char *requester_email;  /* the request's (typed for Unit ones) */
    const pserv_person *deciders; /* who decided its stages, every round */
    int n_deciders;
    /* the stage (status code) each of deciders decided; NULL: unknown.
     * A decider of the ticket's own stage (an earlier round, before a
     * return for revision) may decide it again. */
    const char *const *decided_at;
} pserv_ticket_facts;

enum {
    PSERV_ACT_OK = 0,
    PSERV_ACT_WRONG_STAGE, /* nobody acts now (ended) */
    PSERV_ACT_NOT_YOURS,   /* not one who may act (the module decides) */
    PSERV_ACT_OWN_REQUEST, /* the actor is the requester (nopek or e-mail) */
    PSERV_ACT_TWICE        /* the actor's person already decided a stage */
};

/* Separation of duties for who, one of those the ticket's stage names now
 * (its holders, their delegates, the assignee: pserv_candidates in
 * migration 012 says who they are): PSERV_ACT_OK, or why who may not decide
 * (WRONG_STAGE when nobody acts any more, OWN_REQUEST, TWICE). */
int pserv_barred(const pserv_actor *who, const pserv_ticket_facts *t);

/* Why nobody may act on a ticket waiting at status (issue 17), as a code
 * and its arguments: core has no words; the module's pserv_stuck_reason
 * (actors.h) puts them in a language (msg-CODE.xml, admin.stuck.*). */
typedef enum {
    PSERV_STUCK_NONE = 0,    /* status is no stage anyone acts on */
    PSERV_STUCK_NO_HOLDER,   /* no active account holds who's role */
    PSERV_STUCK_NO_ACCOUNT,  /* the Atasan (nopek) has no P-Serv account */
    PSERV_STUCK_ALL_BARRED,  /* all n who may act as who are barred */
    PSERV_STUCK_OWN_REQUEST, /* the only who is the requester */
    PSERV_STUCK_TWICE,       /* the only who already approved as as */
    PSERV_STUCK_TWICE_OTHER  /* ... as the decider of another stage */
} pserv_stuck_code;

typedef struct {
    int code;          /* pserv_stuck_code */
    const char *who;   /* the stage's actor: "ICT Verificator", "Atasan" */
    const char *as;    /* TWICE: the stage they decided, like who */
    const char *nopek; /* NO_ACCOUNT: the Atasan's nopek ("" for none) */
    int n;             /* ALL_BARRED: how many may act, all barred */
} pserv_stuck_cause;

/* Why nobody may act on a ticket waiting at status: n candidates were
 * found (distinct accounts, all barred); for n == 1, why (PSERV_ACT_*)
 * and, for TWICE, the stage (status code) that person decided. Fills
 * *out (static strings and the arguments) and returns its code,
 * PSERV_STUCK_NONE for a status nobody acts on. */
int pserv_stuck_cause_of(const char *status, const char *atasan_nopek, int n,
                         int why, const char *decided_at,
                         pserv_stuck_cause *out);

/* Whose tickets who may see: "*" for holders of an ICT role or admin,
 * else who's nopek as Atasan ("" sees none). The list's statement and the
 * ticket's take it as their scope argument. */
const char *pserv_scope(const pserv_actor *who);

/* ---- account administration (account.c) ---- */

/* The four role codes in their fixed order (admin first). */
int pserv_role_count(void);
const char *pserv_role_code_at(int i);

/* The n ticked role codes as one space-separated list in that order (""
 * for none, a repeat counted once) in *out: 0; -1 when one is unknown
 * (*unknown names it, *out is NULL). */
int pserv_roles_canonical(apr_pool_t *p, const char *const *ticked, int n,
                          const char **out, const char **unknown);

/* One change to an account (its roles or its active flag), as it would
 * stand after the change, read inside the changing transaction. */
typedef struct {
    int self;                          /* the target is the acting admin */
    int was_admin, was_active;         /* the target before */
    int will_be_admin, will_be_active; /* ... and after */
    int other_active_admins;           /* active admins besides the target */
} pserv_account_change;

enum {
    PSERV_ACCOUNT_OK = 0,
    PSERV_ACCOUNT_SELF_DEMOTE,     /* one's own admin role */
    PSERV_ACCOUNT_SELF_DEACTIVATE, /* one's own account */
    PSERV_ACCOUNT_LAST_ADMIN       /* no active admin would remain */
};

/* PSERV_ACCOUNT_OK or why the change is refused (the page's words for
 * each, per language: handle_admin.c, msg-CODE.xml's admin.refuse.*). */
int pserv_account_change_check(const pserv_account_change *c);

/* A username for a new account of a person: from the name ("Rina
 * Wulandari" -> "rina.wulandari": letters and digits, words joined by
 * dots, at most 32), else from the e-mail's local part; NULL when neither
 * gives a valid one. n > 1 appends n ("rina.wulandari2"), shortening the
 * base to stay within 32. */
const char *pserv_username_suggest(apr_pool_t *p, const char *full_name,
                                   const char *email, int n);

/* ---- the second factor: TOTP secrets, recovery codes (mfa.c) ---- */

#define PSERV_MFA_SECRET_BYTES 20 /* 160 bits (RFC 4226's recommendation) */
#define PSERV_MFA_KEY_BYTES    32 /* AES-256 */
#define PSERV_MFA_NONCE_BYTES  12
#define PSERV_MFA_TAG_BYTES    16
/* A sealed secret: nonce, ciphertext, GCM tag. */
#define PSERV_MFA_SEALED_BYTES                                                 \
    (PSERV_MFA_NONCE_BYTES + PSERV_MFA_SECRET_BYTES + PSERV_MFA_TAG_BYTES)
#define PSERV_MFA_RECOVERY_CODES 10
#define PSERV_MFA_RECOVERY_CHARS 10 /* base32: 50 bits, shown "abcde-fghij" */

/* RFC 4648 base32 (A-Z2-7) without padding. */
char *pserv_base32(apr_pool_t *p, const unsigned char *bytes, apr_size_t n);
/* Its bytes: letters of either case, spaces and "=" padding ignored; NULL
 * for any other character or a length no encoder gives. */
unsigned char *pserv_base32_decode(apr_pool_t *p, const char *s, apr_size_t *n);

/* AES-256-GCM: plain sealed under key (PSERV_MFA_KEY_BYTES) with aad as
 * associated data (the account it belongs to: a sealed secret copied to
 * another account does not open). *outlen: nonce + ciphertext + tag. NULL
 * on failure. */
unsigned char *pserv_mfa_seal(apr_pool_t *p, const unsigned char *key,
                              const char *aad, const unsigned char *plain,
                              apr_size_t n, apr_size_t *outlen);
/* The plain bytes, or NULL when sealed was not sealed under key and aad
 * (or was changed). */
unsigned char *pserv_mfa_open(apr_pool_t *p, const unsigned char *key,
                              const char *aad, const unsigned char *sealed,
                              apr_size_t n, apr_size_t *outlen);

/* A new recovery code, "abcde-fghij" (lower-case base32), or NULL. */
char *pserv_mfa_recovery_new(apr_pool_t *p);
/* What was typed as a recovery code, as its canonical ten characters
 * (case, spaces and hyphens ignored; 0, 1 and 8 read as o, l and b), or
 * NULL when it cannot be one. */
char *pserv_mfa_recovery_norm(apr_pool_t *p, const char *typed);
/* What the database keeps of a recovery code (canonical: from
 * pserv_mfa_recovery_norm): hex HMAC-SHA256 under key (the secrets' key)
 * of "recovery:" aad ":" canonical, so that neither another account's row
 * nor the database alone lets anyone test guesses offline. NULL on error. */
char *pserv_mfa_recovery_hash(apr_pool_t *p, const unsigned char *key,
                              const char *aad, const char *canonical);
/* What was typed as a TOTP code: its six digits (spaces ignored), or NULL. */
char *pserv_mfa_code_norm(apr_pool_t *p, const char *typed);

/* The otpauth:// URI an authenticator app reads from the QR code. */
char *pserv_mfa_uri(apr_pool_t *p, const char *issuer, const char *account,
                    const char *secret_b32);
/* An SVG path drawing the dark modules of a width x width QR symbol
 * (modules: one byte each, row by row, bit 0 set for dark), with a quiet
 * zone of 4 modules: the picture is (width + 8) units square. */
char *pserv_mfa_svg_path(apr_pool_t *p, const unsigned char *modules,
                         int width);

#endif
