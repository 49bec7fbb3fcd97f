/* rform.c: the public request form's rules and their judgement (rform.h). */
#include "pserv_core.h"
#include "rform.h"

#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#define K_UNIT      1
#define K_HO        2
#define K_ALL       (K_UNIT | K_HO)
#define PSERV_RF(f) APR_OFFSETOF(pserv_rform, f)

static int pserv_valid_kind(const char *s)
{
    return !!pserv_kind_label(s);
}
static int pserv_valid_unit_code(const char *s)
{
    apr_size_t i;

    for (i = 0; s[i]; i++)
        if (!(apr_isupper(s[i]) || apr_isdigit(s[i]) || s[i] == '-'
              || s[i] == '_')
            || i >= 32)
            return 0;
    return i > 0;
}

int pserv_valid_person_name(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    int letters = 0;

    if (!pserv_valid_text(s, 1000, 0))
        return 0;
    while (*u) {
        unsigned cp;
        if (*u < 0x80) {
            if (apr_isalpha(*u))
                letters++;
            else if (!strchr(" .'-", *u))
                return 0;
            /* a dot ends an abbreviation ("R. A. Kartini", "Jr."): never
             * one inside a word, which mail clients would show as a link
             * ("www.example.com") */
            else if (*u == '.' && u[1] && u[1] != ' ')
                return 0;
            u++;
            continue;
        }
        /* valid UTF-8 (pserv_valid_text): decode one code point */
        if ((*u & 0xe0) == 0xc0) {
            cp = ((unsigned)(u[0] & 0x1f) << 6) | (u[1] & 0x3f);
            u += 2;
        }
        else if ((*u & 0xf0) == 0xe0) {
            cp = ((unsigned)(u[0] & 0x0f) << 12)
                 | ((unsigned)(u[1] & 0x3f) << 6) | (u[2] & 0x3f);
            u += 3;
        }
        else
            return 0;
        if (!((cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7)
              || (cp >= 0x1e00 && cp <= 0x1eff)))
            return 0;
        letters++;
    }
    return letters > 0;
}

const char *pserv_mask_email(apr_pool_t *p, const char *email)
{
    const char *at = email ? strrchr(email, '@') : NULL;
    apr_size_t keep;

    if (!email || !*email)
        return "";
    if (!at)
        return "***";
    keep = at - email > 2 ? 2 : (at - email > 0 ? 1 : 0);
    return apr_pstrcat(p, apr_pstrndup(p, email, keep), "***", at, NULL);
}

/* The fields of Data Pemohon and Catatan Pemohon: where the requester types
 * them (the HO kinds take the rest from the HR master), and their checks. */
static const struct {
    const char *name;
    int typed_in;
    int required;
    apr_size_t max_chars;
    int multiline;
    int (*check)(const char *);
    apr_size_t offset;
} pserv_rform_rules[] = {
    { "kind", K_ALL, 1, 16, 0, pserv_valid_kind, PSERV_RF(kind) },
    { "nopek", K_HO, 1, 20, 0, pserv_valid_nopek, PSERV_RF(nopek) },
    { "full_name", K_UNIT, 1, 200, 0, pserv_valid_person_name,
      PSERV_RF(full_name) },
    { "position", K_UNIT, 1, 200, 0, NULL, PSERV_RF(position) },
    { "email", K_UNIT, 1, 254, 0, pserv_valid_email, PSERV_RF(email) },
    { "unit_code", K_UNIT, 1, 32, 0, pserv_valid_unit_code,
      PSERV_RF(unit_code) },
    { "atasan_nopek", K_UNIT, 1, 20, 0, pserv_valid_nopek,
      PSERV_RF(atasan_nopek) },
    { "note", K_ALL, 0, 4000, 1, NULL, PSERV_RF(note) },
};
#define PSERV_NRULES (sizeof pserv_rform_rules / sizeof pserv_rform_rules[0])

#define PSERV_RF_VAL(f, i)                                                     \
    (*(const char **)((char *)(f) + pserv_rform_rules[i].offset))

apr_size_t pserv_rform_nfields(void)
{
    return PSERV_NRULES;
}

const char *pserv_rform_field_name(apr_size_t i)
{
    return i < PSERV_NRULES ? pserv_rform_rules[i].name : NULL;
}

const char *pserv_rform_field(const pserv_rform *f, apr_size_t i)
{
    return i < PSERV_NRULES ? PSERV_RF_VAL(f, i) : NULL;
}

const char *pserv_rform_say(apr_pool_t *p, const pserv_rform *f,
                            const pserv_rform_why *why)
{
    if (f->say)
        return f->say(f->say_ctx, p, why);
    return apr_psprintf(p, "%d %s %s %s %s %" APR_SIZE_T_FMT, why->code,
                        why->field, why->a ? why->a : "-",
                        why->b ? why->b : "-", why->c ? why->c : "-", why->n);
}

/* Say why on its field. */
static void pserv_rform_find(apr_pool_t *p, pserv_rform *f, int code,
                             const char *field, const char *a, const char *b,
                             const char *c, apr_size_t n)
{
    pserv_rform_why why;

    why.code = code;
    why.field = field;
    why.a = a;
    why.b = b;
    why.c = c;
    why.n = n;
    pserv_rform_error(f, field, pserv_rform_say(p, f, &why));
}

void pserv_rform_error(pserv_rform *f, const char *field, const char *msg)
{
    if (field && !apr_table_get(f->errors, field))
        apr_table_setn(f->errors, field, msg);
    else if (!field)
        *(const char **)apr_array_push(f->general) = msg;
}

void pserv_rform_file_error(pserv_rform *f, const char *msg)
{
    apr_table_addn(f->errors, "attachments", msg);
}

pserv_rform *pserv_rform_new(apr_pool_t *p, apr_array_header_t *platforms)
{
    pserv_rform *f = apr_pcalloc(p, sizeof *f);
    apr_size_t i;

    for (i = 0; i < PSERV_NRULES; i++)
        PSERV_RF_VAL(f, i) = "";
    f->errors = apr_table_make(p, 8);
    f->general = apr_array_make(p, 2, sizeof(const char *));
    f->platforms = platforms;
    return f;
}

void pserv_rform_read(apr_pool_t *p, pserv_rform *f, apr_table_t *in)
{
    const apr_array_header_t *arr = apr_table_elts(in);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    apr_size_t i;
    int j, k;

    for (i = 0; i < PSERV_NRULES; i++)
        PSERV_RF_VAL(f, i) =
            pserv_trim(p, apr_table_get(in, pserv_rform_rules[i].name));
    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *pl = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        pl->note = pserv_trim(
            p, apr_table_get(in, apr_pstrcat(p, "note_", pl->code, NULL)));
        for (j = 0; j < arr->nelts; j++)
            if (strcmp(e[j].key, "platform") == 0 && e[j].val
                && strcmp(e[j].val, pl->code) == 0)
                pl->checked = 1;
    }
}

int pserv_rform_hr_ready(pserv_rform *f)
{
    f->full_name = f->position = f->email = f->unit_code = "";
    f->atasan_nopek = "";
    return *f->nopek && pserv_valid_nopek(f->nopek);
}

int pserv_rform_hr(apr_pool_t *p, pserv_rform *f, const pserv_rform_lookups *lk,
                   int report)
{
    pserv_hr_row h;
    int err = 0;
    int rv;

    if (!pserv_rform_hr_ready(f))
        return PSERV_LOOK_NOT_FOUND;
    memset(&h, 0, sizeof h);
    rv = lk->employee(lk->ctx, f->nopek, &h);
    if (rv == PSERV_LOOK_LIMITED) {
        pserv_rform_find(p, f, PSERV_RFM_LOOK_LIMITED, "nopek", NULL, NULL,
                         NULL, 0);
        return PSERV_LOOK_LIMITED;
    }
    if (rv != PSERV_LOOK_FOUND && rv != PSERV_LOOK_NOT_FOUND)
        err = PSERV_RFM_HR_ERROR;
    else if (rv == PSERV_LOOK_NOT_FOUND)
        err = PSERV_RFM_NOPEK_UNKNOWN;
    else if (!pserv_kind_allows(f->kind, h.employment_type))
        err = PSERV_RFM_NOPEK_KIND;
    else if (!h.unit_kind || strcmp(h.unit_kind, "HO") != 0)
        err = PSERV_RFM_NOPEK_NOT_HO;
    else if (!h.atasan_name)
        err = PSERV_RFM_NOPEK_NO_ATASAN;
    else {
        f->full_name = h.full_name;
        f->position = h.position;
        f->email = h.email;
        f->unit_code = h.unit_code;
        f->unit_name = h.unit_name;
        f->atasan_nopek = h.atasan_nopek;
        f->atasan_name = h.atasan_name;
        f->atasan_email = h.atasan_email;
        f->hr_found = 1;
    }
    if (err && report)
        pserv_rform_find(p, f, err, "nopek", f->nopek, h.employment_type,
                         pserv_kind_label(f->kind), 0);
    if (!err)
        return PSERV_LOOK_FOUND;
    return rv == PSERV_LOOK_FOUND || rv == PSERV_LOOK_NOT_FOUND
               ? PSERV_LOOK_NOT_FOUND
               : PSERV_LOOK_ERROR;
}

void pserv_rform_validate(apr_pool_t *p, pserv_rform *f,
                          const pserv_rform_lookups *lk)
{
    int mask = pserv_kind_is_ho(f->kind) ? K_HO : K_UNIT, k, any = 0;
    apr_size_t i;

    for (i = 0; i < PSERV_NRULES; i++) {
        const char *v = PSERV_RF_VAL(f, i), *name = pserv_rform_rules[i].name;

        if (!(pserv_rform_rules[i].typed_in & mask))
            continue;
        if (!*v) {
            if (pserv_rform_rules[i].required)
                pserv_rform_find(p, f, PSERV_RFM_REQUIRED, name, NULL, NULL,
                                 NULL, 0);
        }
        else if (!pserv_valid_text(v, pserv_rform_rules[i].max_chars,
                                   pserv_rform_rules[i].multiline))
            pserv_rform_find(p, f, PSERV_RFM_TOO_LONG, name, NULL, NULL, NULL,
                             pserv_rform_rules[i].max_chars);
        else if (pserv_rform_rules[i].check && !pserv_rform_rules[i].check(v))
            pserv_rform_find(p, f, PSERV_RFM_INVALID, name, NULL, NULL, NULL,
                             0);
    }

    if (mask == K_HO)
        (void)pserv_rform_hr(p, f, lk, 1);
    else if (!apr_table_get(f->errors, "unit_code")) {
        pserv_unit_head u;

        memset(&u, 0, sizeof u);
        if (lk->unit_head(lk->ctx, f->unit_code, &u) != PSERV_LOOK_FOUND)
            pserv_rform_find(p, f, PSERV_RFM_UNIT_UNKNOWN, "unit_code", NULL,
                             NULL, NULL, 0);
        else if (!u.head_nopek || strcmp(u.head_nopek, f->atasan_nopek) != 0) {
            if (!apr_table_get(f->errors, "atasan_nopek"))
                pserv_rform_find(p, f, PSERV_RFM_ATASAN_NOT_HEAD,
                                 "atasan_nopek", NULL, NULL, NULL, 0);
        }
        else {
            f->unit_name = u.name;
            f->atasan_name = u.head_name;
            f->atasan_email = u.head_email;
        }
    }

    for (k = 0; k < f->platforms->nelts; k++) {
        pserv_platform *pl = &APR_ARRAY_IDX(f->platforms, k, pserv_platform);
        pserv_rform_why why = { 0, NULL, NULL, NULL, NULL, 0 };

        if (!pl->checked)
            continue;
        any = 1;
        why.field = apr_pstrcat(p, "note_", pl->code, NULL);
        why.a = pl->name;
        if (!*pl->note)
            why.code = PSERV_RFM_NOTE_REQUIRED;
        else if (!pserv_valid_text(pl->note, PSERV_PLATFORM_NOTE_MAX, 1)) {
            why.code = PSERV_RFM_NOTE_TOO_LONG;
            why.n = PSERV_PLATFORM_NOTE_MAX;
        }
        if (why.code) {
            pl->error = pserv_rform_say(p, f, &why);
            pserv_rform_error(f, why.field, pl->error);
        }
    }
    if (!any)
        pserv_rform_find(p, f, PSERV_RFM_NO_PLATFORM, "platform", NULL, NULL,
                         NULL, 0);
}

int pserv_rform_ok(const pserv_rform *f)
{
    return apr_is_empty_table(f->errors) && apr_is_empty_array(f->general);
}
