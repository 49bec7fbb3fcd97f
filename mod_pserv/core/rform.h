/*
 * rform.h: the public request form's rules (manual 3.1), APR only.
 *
 * One table says which fields of Data Pemohon and Catatan Pemohon the
 * requester types in for each Jenis User ID and how each is checked; the
 * HO kinds take the rest from the HR master. What needs the database (the
 * HR master's row of a nopek, the head of a unit) comes through look-ups
 * the caller gives (pserv_rform_lookups): the module's read PostgreSQL
 * (rform.c), the unit tests' read a table of their own.
 */
#ifndef PSERV_RFORM_H
#define PSERV_RFORM_H

#include <apr_pools.h>
#include <apr_tables.h>

/* A Catatan per Platform System of at most this many characters. */
#define PSERV_PLATFORM_NOTE_MAX 2000

typedef struct {
    const char *code, *name;
    int checked;
    const char *note, *error;
} pserv_platform;

/* What the rules find wrong, for the form's owner to say in the reader's
 * language (core has no texts: pserv_rform.say). */
enum {
    PSERV_RFM_REQUIRED = 1,    /* field: empty */
    PSERV_RFM_TOO_LONG,        /* field: longer than n, or a bad character */
    PSERV_RFM_INVALID,         /* field: not what its rule takes */
    PSERV_RFM_LOOK_LIMITED,    /* nopek: the client's HR look-ups used up */
    PSERV_RFM_HR_ERROR,        /* nopek: the HR master could not be read */
    PSERV_RFM_NOPEK_UNKNOWN,   /* nopek: not in the HR master */
    PSERV_RFM_NOPEK_KIND,      /* nopek a has employment type b, which the
                               * Jenis User ID labelled c does not take */
    PSERV_RFM_NOPEK_NOT_HO,    /* nopek: not a Head Office employee */
    PSERV_RFM_NOPEK_NO_ATASAN, /* nopek: no supervisor in the HR master */
    PSERV_RFM_UNIT_UNKNOWN,    /* unit_code: no such UNIT with a head */
    PSERV_RFM_ATASAN_NOT_HEAD, /* atasan_nopek: not the unit's head */
    PSERV_RFM_NOTE_REQUIRED,   /* the note of platform a: empty */
    PSERV_RFM_NOTE_TOO_LONG,   /* the note of platform a: longer than n */
    PSERV_RFM_NO_PLATFORM      /* platform: none ticked */
};

/* One finding: its code, the field it is about (the rules table's name,
 * "note_CODE" or "platform") and what it names (see the codes). */
typedef struct {
    int code;
    const char *field;
    const char *a, *b, *c;
    apr_size_t n;
} pserv_rform_why;

/* The text of a finding, allocated in p (ctx: pserv_rform.say_ctx). */
typedef const char *pserv_rform_say_fn(void *ctx, apr_pool_t *p,
                                       const pserv_rform_why *why);

typedef struct {
    const char *kind, *nopek, *full_name, *position, *email;
    const char *unit_code, *atasan_nopek, *note;
    /* looked up: display values and where mail goes */
    const char *unit_name, *atasan_name, *atasan_email;
    int hr_found;
    apr_array_header_t *platforms; /* pserv_platform, every active one */
    apr_table_t *errors;           /* field -> message */
    apr_array_header_t *general;   /* messages not tied to a field */
    const char *token, *hash, *nomor;
    const char *status_token; /* the requester's status link, made
                                     * at submit; only its hash is stored */
    const char *revise_id;    /* the returned ticket this draft fixes
                            * (Perbaiki Permohonan); NULL for a new one */
    /* the version of the Pemberitahuan Privasi the review page showed
     * (requests.privacy_notice); NULL: none */
    const char *privacy_notice;
    /* what says the rules' findings (NULL: "CODE field a b c n", for tools
     * and tests), and its context */
    pserv_rform_say_fn *say;
    void *say_ctx;
} pserv_rform;

/* ---- the look-ups the rules need ---- */

/* What a look-up answers. LIMITED: the client has used up its HR
 * look-ups (every path that shows HR data counts against one limit). */
enum {
    PSERV_LOOK_FOUND = 0,
    PSERV_LOOK_NOT_FOUND,
    PSERV_LOOK_ERROR,
    PSERV_LOOK_LIMITED
};

/* The HR master's row of an active employee, with unit and supervisor
 * (NULL: no value; no supervisor name when there is no active one). */
typedef struct {
    const char *nopek, *full_name, *position, *email, *unit_code;
    const char *unit_name, *unit_kind; /* kind: HO or UNIT */
    const char *atasan_nopek, *atasan_name, *atasan_email;
    const char *employment_type; /* ORGANIK, PKWT, TKJP */
} pserv_hr_row;

/* An active UNIT and its head (BUH), an active employee. */
typedef struct {
    const char *name, *head_nopek, *head_name, *head_email;
} pserv_unit_head;

/* Each returns PSERV_LOOK_FOUND (out filled; its strings must live as
 * long as the form), PSERV_LOOK_NOT_FOUND or PSERV_LOOK_ERROR. */
typedef struct {
    int (*employee)(void *ctx, const char *nopek, pserv_hr_row *out);
    int (*unit_head)(void *ctx, const char *unit_code, pserv_unit_head *out);
    void *ctx;
} pserv_rform_lookups;

/* ---- the form ---- */

/* The text of why, by f->say. */
const char *pserv_rform_say(apr_pool_t *p, const pserv_rform *f,
                            const pserv_rform_why *why);

/* An empty form (every field "") offering platforms (pserv_platform, each
 * with note ""), allocated in p. */
pserv_rform *pserv_rform_new(apr_pool_t *p, apr_array_header_t *platforms);

/* Take the posted values, trimmed (no judgement yet): each field of the
 * table, "platform" (repeated: the ticked codes) and "note_CODE". */
void pserv_rform_read(apr_pool_t *p, pserv_rform *f, apr_table_t *in);

/* A message on field (the first one stays), or, field NULL, one not tied
 * to a field. */
void pserv_rform_error(pserv_rform *f, const char *field, const char *msg);
/* A message about one file: beside Tambahkan File Baru (field
 * "attachments"; each file its own, so several may stand there). */
void pserv_rform_file_error(pserv_rform *f, const char *msg);

/* The fields of the table in their order: how many, the name of the i-th
 * and its value in f. */
apr_size_t pserv_rform_nfields(void);
const char *pserv_rform_field_name(apr_size_t i);
const char *pserv_rform_field(const pserv_rform *f, apr_size_t i);

/* Forget what an earlier HR look-up filled in (the fields an HO request
 * takes from the HR master); 1 when f->nopek is a nopek to look up. */
int pserv_rform_hr_ready(pserv_rform *f);

/* The HR master's data for an HO request: fills the read-only fields.
 * PSERV_LOOK_FOUND when found and fitting the Jenis User ID (an active HO
 * employee of a fitting employment type, with an Atasan);
 * PSERV_LOOK_ERROR when the look-up failed; PSERV_LOOK_LIMITED when the
 * look-up was refused by the limit (said on the nopek field whatever
 * report says); PSERV_LOOK_NOT_FOUND otherwise. The reason goes on the
 * nopek field when report is set (none for an empty or malformed nopek:
 * the table's rule says that). */
int pserv_rform_hr(apr_pool_t *p, pserv_rform *f, const pserv_rform_lookups *lk,
                   int report);

/* Judge everything: the rules table, then the look-ups (the HR master for
 * the HO kinds, the unit's head for User ID Unit), then the platforms. */
void pserv_rform_validate(apr_pool_t *p, pserv_rform *f,
                          const pserv_rform_lookups *lk);

/* An e-mail address as the public form shows it before the requester has
 * proved anything: the first two characters of the local part (one when
 * it has two or fewer), "***", then the domain: "ag***@ptpr.example".
 * "" for "" and "***" for something without '@'. */
const char *pserv_mask_email(apr_pool_t *p, const char *email);

/* 1 when s is a person's name as the form takes it: letters (ASCII and the
 * Latin letters of U+00C0-U+024F and U+1E00-U+1EFF), spaces and . ' -,
 * with at least one letter, a dot only before a space or at the end (no
 * "www.example.com" a mail client would link). */
int pserv_valid_person_name(const char *s);

/* 1 when no message was given. */
int pserv_rform_ok(const pserv_rform *f);

#endif
