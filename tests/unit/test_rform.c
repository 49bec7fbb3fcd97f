/* Unit tests for the public request form's rules (core/rform.c): the whole
 * form's judgement, with the HR master and the units' heads given by a
 * table here instead of PostgreSQL. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_strings.h>

#include "pserv_core.h"
#include "rform.h"

#include "check_main.h"

/* ---- a fake HR master ---- */

static const pserv_hr_row hr_rows[] = {
    /* an HO Organik with an Atasan */
    { "10020003", "Budi Santoso", "Analis", "budi@pertamina.test",
      "HO-ICT", "ICT Head Office", "HO", "10020001", "Sari Wulandari",
      "sari@pertamina.test", "ORGANIK" },
    /* an HO TKJP */
    { "20020005", "Joko Prasetyo", "Operator", "joko@pertamina.test",
      "HO-ICT", "ICT Head Office", "HO", "10020001", "Sari Wulandari",
      "sari@pertamina.test", "TKJP" },
    /* an HO PKWT */
    { "10020004", "Fitri Handayani", "Staf", "fitri@pertamina.test",
      "HO-FIN", "Finance Head Office", "HO", "10020001", "Sari Wulandari",
      "sari@pertamina.test", "PKWT" },
    /* a unit's employee */
    { "10050002", "Rudi Hartono", "Kasir", "rudi@pertamina.test",
      "SPBU-01", "SPBU 01", "UNIT", "10050001", "Andi Wijaya",
      "andi@pertamina.test", "ORGANIK" },
    /* no active supervisor */
    { "10020001", "Sari Wulandari", "VP ICT", "sari@pertamina.test",
      "HO-ICT", "ICT Head Office", "HO", "10010001", NULL, NULL,
      "ORGANIK" },
};

static const struct {
    const char *code;
    pserv_unit_head head;
} units[] = {
    { "SPBU-01", { "SPBU 01", "10050001", "Andi Wijaya",
                   "andi@pertamina.test" } },
    { "SPBU-02", { "SPBU 02", "10060001", "Dewi Lestari",
                   "dewi@pertamina.test" } },
};

typedef struct {
    int fail;                       /* every look-up answers an error */
    int limited;                    /* the HR look-ups are used up */
    int employee_calls, unit_calls;
    const char *asked;              /* the last key looked up */
} fake_db;

static int fake_employee(void *ctx, const char *nopek, pserv_hr_row *out)
{
    fake_db *db = ctx;
    size_t i;

    db->employee_calls++;
    db->asked = nopek;
    if (db->limited)
        return PSERV_LOOK_LIMITED;
    if (db->fail)
        return PSERV_LOOK_ERROR;
    for (i = 0; i < sizeof hr_rows / sizeof hr_rows[0]; i++)
        if (strcmp(hr_rows[i].nopek, nopek) == 0) {
            *out = hr_rows[i];
            return PSERV_LOOK_FOUND;
        }
    return PSERV_LOOK_NOT_FOUND;
}

static int fake_unit_head(void *ctx, const char *code, pserv_unit_head *out)
{
    fake_db *db = ctx;
    size_t i;

    db->unit_calls++;
    db->asked = code;
    if (db->fail)
        return PSERV_LOOK_ERROR;
    for (i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(units[i].code, code) == 0) {
            *out = units[i].head;
            return PSERV_LOOK_FOUND;
        }
    return PSERV_LOOK_NOT_FOUND;
}

/* ---- helpers ---- */

static apr_pool_t *pool;
static fake_db db;
static pserv_rform_lookups lk;

static void setup(void)
{
    apr_pool_create(&pool, NULL);
    memset(&db, 0, sizeof db);
    lk.employee = fake_employee;
    lk.unit_head = fake_unit_head;
    lk.ctx = &db;
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

/* A form offering the platforms MYSAP and EMAIL (no say: findings as
 * codes). */
static pserv_rform *form_plain(void)
{
    apr_array_header_t *a = apr_array_make(pool, 2, sizeof(pserv_platform));
    pserv_platform *p;

    p = apr_array_push(a);
    memset(p, 0, sizeof *p);
    p->code = "MYSAP";
    p->name = "MySAP";
    p->note = "";
    p = apr_array_push(a);
    memset(p, 0, sizeof *p);
    p->code = "EMAIL";
    p->name = "E-mail Korporat";
    p->note = "";
    return pserv_rform_new(pool, a);
}

/* The message beside Nopek when the look-ups are used up. */
#define PSERV_LOOK_LIMITED_MSG                                                 \
    "Terlalu banyak pencarian Nopek. Coba lagi dalam beberapa menit."

/* The findings in Bahasa Indonesia, as the module says them from its
 * catalogue (rform.c, templates/i18n/msg-id.xml): core says only what is
 * wrong and where. */
static const char *say_id(void *ctx, apr_pool_t *p, const pserv_rform_why *w)
{
    static const struct {
        const char *field, *label, *invalid;
    } fields[] = {
        { "kind", "Jenis User ID", "Pilih salah satu Jenis User ID." },
        { "nopek", "Nopek", "Nopek harus berupa angka (4 sampai 20 digit)." },
        { "full_name", "Nama Lengkap",
          "Nama Lengkap hanya boleh berisi huruf, spasi, titik (.) di "
          "akhir singkatan, apostrof (') dan tanda hubung (-)." },
        { "position", "Pangkat/Jabatan", NULL },
        { "email", "E-mail",
          "Format E-mail tidak valid (contoh: nama@perusahaan.co.id)." },
        { "unit_code", "Divisi/Cab/Unit", "Pilih Divisi/Cab/Unit dari daftar." },
        { "atasan_nopek", "Atasan", "Pilih Atasan dari daftar." },
        { "note", "Catatan Pemohon", NULL },
    };
    const char *label = NULL, *invalid = NULL;
    apr_size_t i;

    ck_assert_ptr_eq(ctx, &db);
    for (i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(w->field, fields[i].field) == 0) {
            label = fields[i].label;
            invalid = fields[i].invalid;
        }
    switch (w->code) {
    case PSERV_RFM_REQUIRED:
        return apr_pstrcat(p, label, " wajib diisi.", NULL);
    case PSERV_RFM_TOO_LONG:
        return apr_psprintf(p,
                            "%s terlalu panjang (maksimal %" APR_SIZE_T_FMT
                            " karakter) atau berisi karakter yang tidak "
                            "diizinkan.",
                            label, w->n);
    case PSERV_RFM_INVALID:
        ck_assert_ptr_nonnull(invalid);
        return invalid;
    case PSERV_RFM_LOOK_LIMITED:
        return PSERV_LOOK_LIMITED_MSG;
    case PSERV_RFM_HR_ERROR:
        return "Data pekerja tidak dapat dibaca saat ini. Coba lagi.";
    case PSERV_RFM_NOPEK_UNKNOWN:
        return "Nopek tidak ditemukan di data pekerja.";
    case PSERV_RFM_NOPEK_KIND:
        return apr_psprintf(p,
                            "Nopek %s berstatus %s; tidak sesuai dengan "
                            "Jenis User ID %s.",
                            w->a, w->b, w->c);
    case PSERV_RFM_NOPEK_NOT_HO:
        return "Nopek ini bukan pekerja Head Office; pilih Jenis User ID "
               "User ID Unit.";
    case PSERV_RFM_NOPEK_NO_ATASAN:
        return "Nopek ini belum memiliki Atasan di data pekerja; hubungi "
               "ICT Helpdesk.";
    case PSERV_RFM_UNIT_UNKNOWN:
        return "Pilih Divisi/Cab/Unit dari daftar.";
    case PSERV_RFM_ATASAN_NOT_HEAD:
        return "Atasan harus BUH dari Divisi/Cab/Unit yang dipilih.";
    case PSERV_RFM_NOTE_REQUIRED:
        return apr_pstrcat(p, "Catatan untuk ", w->a, " wajib diisi.", NULL);
    case PSERV_RFM_NOTE_TOO_LONG:
        return apr_psprintf(p,
                            "Catatan untuk %s terlalu panjang (maksimal "
                            "%" APR_SIZE_T_FMT " karakter).",
                            w->a, w->n);
    case PSERV_RFM_NO_PLATFORM:
        return "Pilih minimal satu Platform System.";
    }
    ck_abort_msg("unknown finding %d", w->code);
    return NULL;
}

/* A form offering the platforms MYSAP and EMAIL, saying its findings in
 * Bahasa Indonesia. */
static pserv_rform *form(void)
{
    pserv_rform *f = form_plain();

    f->say = say_id;
    f->say_ctx = &db;
    return f;
}

/* A form read from name, value pairs (NULL last), then judged. A later
 * value replaces an earlier one, but for "platform", which repeats. */
static pserv_rform *judged(const char *name, ...)
{
    pserv_rform *f = form();
    apr_table_t *in = apr_table_make(pool, 16);
    va_list ap;

    va_start(ap, name);
    for (; name; name = va_arg(ap, const char *)) {
        const char *value = va_arg(ap, const char *);
        if (strcmp(name, "platform") == 0)
            apr_table_add(in, name, value);
        else
            apr_table_set(in, name, value);
    }
    va_end(ap);
    pserv_rform_read(pool, f, in);
    pserv_rform_validate(pool, f, &lk);
    return f;
}

#define UNIT_OK "kind", "UNIT", "full_name", "Rina Marlina", \
    "position", "Kasir", "email", "rina@pertamina.test", \
    "unit_code", "SPBU-01", "atasan_nopek", "10050001", \
    "platform", "MYSAP", "note_MYSAP", "akses kasir"
#define HO_OK "kind", "HO_ORGANIK", "nopek", "10020003", \
    "platform", "MYSAP", "note_MYSAP", "akses"

static const char *err(const pserv_rform *f, const char *field)
{
    return apr_table_get(f->errors, field);
}

static int nerrors(const pserv_rform *f)
{
    return apr_table_elts(f->errors)->nelts + f->general->nelts;
}

static const char *repeat(const char *s, int n)
{
    char *out = apr_palloc(pool, strlen(s) * n + 1);
    int i;

    *out = '\0';
    for (i = 0; i < n; i++)
        strcat(out, s);
    return out;
}

/* ---- the fields ---- */

START_TEST(fields_in_order)
{
    static const char *const names[] = { "kind", "nopek", "full_name",
        "position", "email", "unit_code", "atasan_nopek", "note" };
    pserv_rform *f = judged(UNIT_OK, "nopek", "123", "note", " hi ", NULL);
    apr_size_t i;

    ck_assert_uint_eq(pserv_rform_nfields(), 8);
    for (i = 0; i < 8; i++)
        ck_assert_str_eq(pserv_rform_field_name(i), names[i]);
    ck_assert_ptr_null(pserv_rform_field_name(8));
    ck_assert_ptr_null(pserv_rform_field(f, 8));
    ck_assert_str_eq(pserv_rform_field(f, 0), "UNIT");
    ck_assert_str_eq(pserv_rform_field(f, 1), "123");
    ck_assert_str_eq(pserv_rform_field(f, 2), "Rina Marlina");
    ck_assert_str_eq(pserv_rform_field(f, 7), "hi");
}
END_TEST

START_TEST(read_trims_and_ticks)
{
    pserv_rform *f = form();
    apr_table_t *in = apr_table_make(pool, 8);
    pserv_platform *p = (pserv_platform *)f->platforms->elts;

    /* a new form: every field "", nothing ticked */
    ck_assert_str_eq(f->kind, "");
    ck_assert_str_eq(f->note, "");
    ck_assert_int_eq(pserv_rform_ok(f), 1);
    apr_table_add(in, "full_name", "  Rina \t");
    apr_table_add(in, "platform", "EMAIL");
    apr_table_add(in, "platform", "NOPE");
    apr_table_add(in, "note_EMAIL", "\n kotak surat \n");
    apr_table_add(in, "note_MYSAP", "not ticked");
    pserv_rform_read(pool, f, in);
    ck_assert_str_eq(f->full_name, "Rina");
    ck_assert_str_eq(f->kind, "");
    ck_assert_str_eq(f->email, "");
    ck_assert_int_eq(p[0].checked, 0);
    ck_assert_str_eq(p[0].note, "not ticked");
    ck_assert_int_eq(p[1].checked, 1);
    ck_assert_str_eq(p[1].note, "kotak surat");
}
END_TEST

/* Core has no texts: without a say, a finding is its code, its field and
 * what it names; with one, what that one says, given the finding. */
START_TEST(findings_said_by_the_owner)
{
    pserv_rform *f = form_plain();
    pserv_platform *p = (pserv_platform *)f->platforms->elts;
    apr_table_t *in = apr_table_make(pool, 8);

    apr_table_set(in, "kind", "UNIT");
    apr_table_set(in, "full_name", "R2D2");
    apr_table_add(in, "platform", "MYSAP");
    pserv_rform_read(pool, f, in);
    pserv_rform_validate(pool, f, &lk);
    ck_assert_str_eq(err(f, "full_name"), "3 full_name - - - 0");
    ck_assert_str_eq(err(f, "email"), "1 email - - - 0");
    ck_assert_str_eq(err(f, "note_MYSAP"), "12 note_MYSAP MySAP - - 0");
    ck_assert_str_eq(p[0].error, "12 note_MYSAP MySAP - - 0");

    f = form_plain();
    f->kind = "HO_TKJP";
    f->nopek = "10020003";
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 1), PSERV_LOOK_NOT_FOUND);
    ck_assert_str_eq(err(f, "nopek"),
                     "7 nopek 10020003 ORGANIK HO - TKJP 0");
    ck_assert_int_eq(PSERV_RFM_INVALID, 3);
    ck_assert_int_eq(PSERV_RFM_NOPEK_KIND, 7);
    ck_assert_int_eq(PSERV_RFM_NOTE_REQUIRED, 12);
}
END_TEST

START_TEST(errors_first_stays)
{
    pserv_rform *f = form();

    pserv_rform_error(f, "nopek", "one");
    pserv_rform_error(f, "nopek", "two");
    ck_assert_str_eq(err(f, "nopek"), "one");
    ck_assert_int_eq(pserv_rform_ok(f), 0);
    f = form();
    pserv_rform_error(f, NULL, "general");
    ck_assert_int_eq(f->general->nelts, 1);
    ck_assert_str_eq(APR_ARRAY_IDX(f->general, 0, const char *), "general");
    ck_assert_int_eq(pserv_rform_ok(f), 0);
}
END_TEST

/* Every refused file keeps its own message, under "attachments" (shown
 * beside Tambahkan File Baru), and the form is not ok. */
START_TEST(file_errors_all_kept)
{
    pserv_rform *f = form();
    const apr_array_header_t *arr;
    const apr_table_entry_t *e;
    int i, n = 0;

    pserv_rform_file_error(f, "a.exe");
    pserv_rform_file_error(f, "b.pdf");
    ck_assert_int_eq(pserv_rform_ok(f), 0);
    ck_assert_int_eq(f->general->nelts, 0);
    arr = apr_table_elts(f->errors);
    e = (const apr_table_entry_t *)arr->elts;
    for (i = 0; i < arr->nelts; i++) {
        ck_assert_str_eq(e[i].key, "attachments");
        ck_assert_str_eq(e[i].val, n ? "b.pdf" : "a.exe");
        n++;
    }
    ck_assert_int_eq(n, 2);
}
END_TEST

/* ---- required per kind ---- */

START_TEST(unit_valid)
{
    pserv_rform *f = judged(UNIT_OK, NULL);

    ck_assert_int_eq(nerrors(f), 0);
    ck_assert_int_eq(pserv_rform_ok(f), 1);
    ck_assert_int_eq(db.employee_calls, 0);
    ck_assert_int_eq(db.unit_calls, 1);
    ck_assert_str_eq(db.asked, "SPBU-01");
    ck_assert_str_eq(f->unit_name, "SPBU 01");
    ck_assert_str_eq(f->atasan_name, "Andi Wijaya");
    ck_assert_str_eq(f->atasan_email, "andi@pertamina.test");
    ck_assert_int_eq(f->hr_found, 0);
}
END_TEST

START_TEST(unit_required)
{
    pserv_rform *f = judged("kind", "UNIT", NULL);

    ck_assert_str_eq(err(f, "full_name"), "Nama Lengkap wajib diisi.");
    ck_assert_str_eq(err(f, "position"), "Pangkat/Jabatan wajib diisi.");
    ck_assert_str_eq(err(f, "email"), "E-mail wajib diisi.");
    ck_assert_str_eq(err(f, "unit_code"), "Divisi/Cab/Unit wajib diisi.");
    ck_assert_str_eq(err(f, "atasan_nopek"), "Atasan wajib diisi.");
    ck_assert_str_eq(err(f, "platform"),
                     "Pilih minimal satu Platform System.");
    /* the nopek is not asked of a User ID Unit, the note of nobody */
    ck_assert_ptr_null(err(f, "nopek"));
    ck_assert_ptr_null(err(f, "note"));
    ck_assert_ptr_null(err(f, "kind"));
    ck_assert_int_eq(nerrors(f), 6);
    /* no unit to look up */
    ck_assert_int_eq(db.unit_calls, 0);
    ck_assert_int_eq(pserv_rform_ok(f), 0);
}
END_TEST

START_TEST(ho_required)
{
    pserv_rform *f = judged("kind", "HO_TKJP", "full_name", "typed",
                            "platform", "EMAIL", "note_EMAIL", "x", NULL);

    ck_assert_str_eq(err(f, "nopek"), "Nopek wajib diisi.");
    /* the rest comes from the HR master: not asked, and what was posted
     * is not kept */
    ck_assert_int_eq(nerrors(f), 1);
    ck_assert_int_eq(db.employee_calls, 0);
    ck_assert_str_eq(f->full_name, "");
}
END_TEST

START_TEST(kind_required_and_known)
{
    pserv_rform *f = judged("platform", "EMAIL", "note_EMAIL", "x", NULL);

    ck_assert_str_eq(err(f, "kind"), "Jenis User ID wajib diisi.");
    /* without a kind, the User ID Unit fields are asked */
    ck_assert_str_eq(err(f, "full_name"), "Nama Lengkap wajib diisi.");
    ck_assert_ptr_null(err(f, "nopek"));
    f = judged(UNIT_OK, "kind", "ROOT", NULL);
    ck_assert_str_eq(err(f, "kind"), "Pilih salah satu Jenis User ID.");
    f = judged("kind", "HO_ORGANIK_AND_MORE", NULL);
    ck_assert_str_eq(err(f, "kind"),
                     "Jenis User ID terlalu panjang (maksimal 16 karakter) "
                     "atau berisi karakter yang tidak diizinkan.");
}
END_TEST

/* ---- too long, invalid ---- */

START_TEST(too_long_or_invalid)
{
    pserv_rform *f;

    /* characters, not bytes: 200 two-byte characters pass */
    f = judged(UNIT_OK, "full_name", repeat("\xc3\xa9", 200), NULL);
    ck_assert_int_eq(nerrors(f), 0);
    f = judged(UNIT_OK, "full_name", repeat("a", 201), NULL);
    ck_assert_str_eq(err(f, "full_name"),
                     "Nama Lengkap terlalu panjang (maksimal 200 karakter) "
                     "atau berisi karakter yang tidak diizinkan.");
    f = judged(UNIT_OK, "position", "Kasir\nshift", NULL);
    ck_assert_str_eq(err(f, "position"),
                     "Pangkat/Jabatan terlalu panjang (maksimal 200 "
                     "karakter) atau berisi karakter yang tidak "
                     "diizinkan.");
    f = judged(UNIT_OK, "full_name", "bad \xff byte", NULL);
    ck_assert_ptr_nonnull(err(f, "full_name"));
    f = judged(UNIT_OK, "email", "rina at pertamina", NULL);
    ck_assert_str_eq(err(f, "email"),
                     "Format E-mail tidak valid (contoh: "
                     "nama@perusahaan.co.id).");
    f = judged(UNIT_OK, "email", apr_pstrcat(pool, repeat("a", 250),
                                             "@x.id", NULL), NULL);
    ck_assert_str_eq(err(f, "email"),
                     "E-mail terlalu panjang (maksimal 254 karakter) atau "
                     "berisi karakter yang tidak diizinkan.");
    db.unit_calls = 0;
    f = judged(UNIT_OK, "unit_code", "spbu-01", NULL);
    ck_assert_str_eq(err(f, "unit_code"), "Pilih Divisi/Cab/Unit dari daftar.");
    /* a unit code the table refuses is not looked up */
    ck_assert_int_eq(db.unit_calls, 0);
    f = judged(UNIT_OK, "atasan_nopek", "1005000x", NULL);
    ck_assert_str_eq(err(f, "atasan_nopek"), "Pilih Atasan dari daftar.");
    /* the note may have lines, up to 4000 characters */
    f = judged(UNIT_OK, "note", "satu\ndua", NULL);
    ck_assert_int_eq(nerrors(f), 0);
    ck_assert_str_eq(f->note, "satu\ndua");
    f = judged(UNIT_OK, "note", repeat("n", 4001), NULL);
    ck_assert_str_eq(err(f, "note"),
                     "Catatan Pemohon terlalu panjang (maksimal 4000 "
                     "karakter) atau berisi karakter yang tidak "
                     "diizinkan.");
    db.employee_calls = 0;
    f = judged(HO_OK, "nopek", "1002000a", NULL);
    ck_assert_str_eq(err(f, "nopek"),
                     "Nopek harus berupa angka (4 sampai 20 digit).");
    ck_assert_int_eq(nerrors(f), 1);
    ck_assert_int_eq(db.employee_calls, 0);
    f = judged(HO_OK, "nopek", repeat("1", 21), NULL);
    ck_assert_str_eq(err(f, "nopek"),
                     "Nopek terlalu panjang (maksimal 20 karakter) atau "
                     "berisi karakter yang tidak diizinkan.");
}
END_TEST

/* ---- the HR master ---- */

START_TEST(ho_found_fills)
{
    pserv_rform *f = judged(HO_OK, "full_name", "typed", "email",
                            "typed@x.id", "atasan_nopek", "9999", NULL);

    ck_assert_int_eq(nerrors(f), 0);
    ck_assert_int_eq(pserv_rform_ok(f), 1);
    ck_assert_int_eq(db.employee_calls, 1);
    ck_assert_str_eq(db.asked, "10020003");
    ck_assert_int_eq(db.unit_calls, 0);
    ck_assert_int_eq(f->hr_found, 1);
    ck_assert_str_eq(f->full_name, "Budi Santoso");
    ck_assert_str_eq(f->position, "Analis");
    ck_assert_str_eq(f->email, "budi@pertamina.test");
    ck_assert_str_eq(f->unit_code, "HO-ICT");
    ck_assert_str_eq(f->unit_name, "ICT Head Office");
    ck_assert_str_eq(f->atasan_nopek, "10020001");
    ck_assert_str_eq(f->atasan_name, "Sari Wulandari");
    ck_assert_str_eq(f->atasan_email, "sari@pertamina.test");
    /* PKWT fits HO - Organik/PKWT, TKJP fits HO - TKJP */
    f = judged(HO_OK, "nopek", "10020004", NULL);
    ck_assert_int_eq(nerrors(f), 0);
    ck_assert_str_eq(f->full_name, "Fitri Handayani");
    f = judged(HO_OK, "kind", "HO_TKJP", "nopek", "20020005", NULL);
    ck_assert_int_eq(nerrors(f), 0);
    ck_assert_str_eq(f->full_name, "Joko Prasetyo");
}
END_TEST

/* Each refusal: its message on the nopek, nothing of the employee kept. */
static void refused(const char *kind, const char *nopek, const char *msg)
{
    pserv_rform *f = judged(HO_OK, "kind", kind, "nopek", nopek,
                            "full_name", "typed", NULL);

    ck_assert_str_eq(err(f, "nopek"), msg);
    ck_assert_int_eq(nerrors(f), 1);
    ck_assert_int_eq(f->hr_found, 0);
    ck_assert_str_eq(f->full_name, "");
    ck_assert_str_eq(f->email, "");
    ck_assert_str_eq(f->unit_code, "");
    ck_assert_str_eq(f->atasan_nopek, "");
    ck_assert_ptr_null(f->atasan_email);
}

START_TEST(ho_refused)
{
    refused("HO_ORGANIK", "99999999", "Nopek tidak ditemukan di data pekerja.");
    refused("HO_ORGANIK", "20020005", "Nopek 20020005 berstatus TKJP; tidak "
            "sesuai dengan Jenis User ID HO - Organik/PKWT.");
    refused("HO_TKJP", "10020003", "Nopek 10020003 berstatus ORGANIK; tidak "
            "sesuai dengan Jenis User ID HO - TKJP.");
    refused("HO_ORGANIK", "10050002", "Nopek ini bukan pekerja Head Office; "
            "pilih Jenis User ID User ID Unit.");
    refused("HO_ORGANIK", "10020001", "Nopek ini belum memiliki Atasan di "
            "data pekerja; hubungi ICT Helpdesk.");
    db.fail = 1;
    refused("HO_ORGANIK", "10020003", "Data pekerja tidak dapat dibaca saat "
            "ini. Coba lagi.");
}
END_TEST

START_TEST(hr_answers)
{
    pserv_rform *f = form();

    /* an empty or malformed nopek is not looked up; the fields an earlier
     * look-up filled are forgotten all the same */
    f->full_name = f->position = f->email = "old";
    f->unit_code = f->atasan_nopek = "old";
    ck_assert_int_eq(pserv_rform_hr_ready(f), 0);
    ck_assert_str_eq(f->full_name, "");
    ck_assert_str_eq(f->atasan_nopek, "");
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 1), PSERV_LOOK_NOT_FOUND);
    f->nopek = "12a4";
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 1), PSERV_LOOK_NOT_FOUND);
    ck_assert_int_eq(db.employee_calls, 0);
    ck_assert_int_eq(nerrors(f), 0);
    /* report unset: the answer without a message */
    f->kind = "HO_ORGANIK";
    f->nopek = "99999999";
    ck_assert_int_eq(pserv_rform_hr_ready(f), 1);
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 0), PSERV_LOOK_NOT_FOUND);
    f->nopek = "20020005";
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 0), PSERV_LOOK_NOT_FOUND);
    ck_assert_int_eq(nerrors(f), 0);
    f->nopek = "10020003";
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 0), PSERV_LOOK_FOUND);
    ck_assert_str_eq(f->full_name, "Budi Santoso");
    db.fail = 1;
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 1), PSERV_LOOK_ERROR);
    ck_assert_str_eq(f->full_name, "");
    ck_assert_str_eq(err(f, "nopek"),
                     "Data pekerja tidak dapat dibaca saat ini. Coba lagi.");
}
END_TEST

/* ---- the unit's head ---- */

START_TEST(unit_head)
{
    pserv_rform *f;

    /* the head of another unit */
    f = judged(UNIT_OK, "atasan_nopek", "10060001", NULL);
    ck_assert_str_eq(err(f, "atasan_nopek"),
                     "Atasan harus BUH dari Divisi/Cab/Unit yang dipilih.");
    ck_assert_int_eq(nerrors(f), 1);
    ck_assert_ptr_null(f->atasan_name);
    ck_assert_ptr_null(f->unit_name);
    /* an Atasan the table refused keeps that message */
    f = judged(UNIT_OK, "atasan_nopek", "x", NULL);
    ck_assert_str_eq(err(f, "atasan_nopek"), "Pilih Atasan dari daftar.");
    ck_assert_int_eq(nerrors(f), 1);
    /* a unit not in the list (or not a UNIT, or inactive) */
    f = judged(UNIT_OK, "unit_code", "HO-ICT", NULL);
    ck_assert_str_eq(err(f, "unit_code"), "Pilih Divisi/Cab/Unit dari daftar.");
    ck_assert_ptr_null(err(f, "atasan_nopek"));
    ck_assert_int_eq(nerrors(f), 1);
    /* the look-up failing reads the same */
    db.fail = 1;
    f = judged(UNIT_OK, NULL);
    ck_assert_str_eq(err(f, "unit_code"), "Pilih Divisi/Cab/Unit dari daftar.");
    ck_assert_int_eq(nerrors(f), 1);
    /* the other unit with its own head */
    db.fail = 0;
    f = judged(UNIT_OK, "unit_code", "SPBU-02", "atasan_nopek", "10060001",
               NULL);
    ck_assert_int_eq(nerrors(f), 0);
    ck_assert_str_eq(f->unit_name, "SPBU 02");
    ck_assert_str_eq(f->atasan_name, "Dewi Lestari");
}
END_TEST

/* ---- platforms ---- */

START_TEST(platform_notes)
{
    pserv_rform *f;
    pserv_platform *p;

    f = judged(UNIT_OK, "platform", "EMAIL", NULL);
    p = (pserv_platform *)f->platforms->elts;
    ck_assert_str_eq(err(f, "note_EMAIL"),
                     "Catatan untuk E-mail Korporat wajib diisi.");
    ck_assert_str_eq(p[1].error, "Catatan untuk E-mail Korporat wajib diisi.");
    ck_assert_ptr_null(p[0].error);
    ck_assert_int_eq(nerrors(f), 1);
    f = judged(UNIT_OK, "note_MYSAP", repeat("x", 2001), NULL);
    ck_assert_str_eq(err(f, "note_MYSAP"),
                     "Catatan untuk MySAP terlalu panjang (maksimal 2000 "
                     "karakter).");
    f = judged(UNIT_OK, "note_MYSAP", repeat("x", 2000), NULL);
    ck_assert_int_eq(nerrors(f), 0);
    /* a note of a platform not ticked is not judged */
    f = judged(UNIT_OK, "note_EMAIL", repeat("x", 2001), NULL);
    ck_assert_int_eq(nerrors(f), 0);
    /* a code not offered ticks nothing */
    f = judged("kind", "UNIT", "full_name", "Rina", "position", "Kasir",
               "email", "rina@pertamina.test", "unit_code", "SPBU-01",
               "atasan_nopek", "10050001", "platform", "ROOT",
               "note_ROOT", "x", NULL);
    ck_assert_str_eq(err(f, "platform"),
                     "Pilih minimal satu Platform System.");
    ck_assert_int_eq(nerrors(f), 1);
}
END_TEST

/* Past the HR look-up limit nothing of the HR master is filled, whichever
 * path asked (review, submit, the form's look-up), and the nopek says why
 * even when the caller did not ask for reasons. */
START_TEST(hr_limited)
{
    pserv_rform *f;

    db.limited = 1;
    f = judged(HO_OK, NULL);
    ck_assert_int_eq(db.employee_calls, 1);
    ck_assert_str_eq(err(f, "nopek"), PSERV_LOOK_LIMITED_MSG);
    ck_assert_str_eq(f->full_name, "");
    ck_assert_str_eq(f->email, "");
    ck_assert(!f->hr_found);
    ck_assert(!pserv_rform_ok(f));

    f = form();
    f->kind = "HO_ORGANIK";
    f->nopek = "10020003";
    ck_assert_int_eq(pserv_rform_hr(pool, f, &lk, 0), PSERV_LOOK_LIMITED);
    ck_assert_str_eq(err(f, "nopek"), PSERV_LOOK_LIMITED_MSG);
    ck_assert_str_eq(f->full_name, "");
}
END_TEST

START_TEST(email_masked)
{
    ck_assert_str_eq(pserv_mask_email(pool, "agus.salim@ptpr.example"),
                     "ag***@ptpr.example");
    ck_assert_str_eq(pserv_mask_email(pool, "ab@x.example"), "a***@x.example");
    ck_assert_str_eq(pserv_mask_email(pool, "a@x.example"), "a***@x.example");
    ck_assert_str_eq(pserv_mask_email(pool, "@x.example"), "***@x.example");
    ck_assert_str_eq(pserv_mask_email(pool, "noat"), "***");
    ck_assert_str_eq(pserv_mask_email(pool, ""), "");
    ck_assert_str_eq(pserv_mask_email(pool, NULL), "");
}
END_TEST

/* Names: letters, spaces and . ' - only; no digits, no URL, no markup. */
START_TEST(person_names)
{
    static const char *const good[] = {
        "Rina Marlina", "Siti Nur'aini", "R. A. Kartini", "Ahmad Al-Fatih",
        "Budi Santoso Jr.",
        "Jos\xc3\xa9 M\xc3\xbcller", "Nguy\xe1\xbb\x85n",
    };
    static const char *const bad[] = {
        "Rina2",         "http://evil.example", "www.evil.example/x",
        "Rina <b>",      "Rina@evil",           "Rina, Budi",
        "--",            "...",                 "Rina\tMarlina",
        "Rina \xc3\x97", "\xe2\x80\x8bRina",    "Rina_M",
        "",              "Hadiah www.evil.example", "Muh.Ali",
    };
    size_t i;
    pserv_rform *f;

    for (i = 0; i < sizeof good / sizeof good[0]; i++)
        ck_assert_msg(pserv_valid_person_name(good[i]), "%s", good[i]);
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!pserv_valid_person_name(bad[i]), "%s", bad[i]);
    f = judged(UNIT_OK, "full_name", "Klik https://evil.example", NULL);
    ck_assert_str_eq(err(f, "full_name"),
                     "Nama Lengkap hanya boleh berisi huruf, spasi, titik "
                     "(.) di akhir singkatan, apostrof (') dan tanda "
                     "hubung (-).");
    f = judged(UNIT_OK, "full_name", "Siti Nur'aini", NULL);
    ck_assert(pserv_rform_ok(f));
}
END_TEST

static Suite *rform_suite(void)
{
    Suite *s = suite_create("rform");
    TCase *tc = tcase_create("rform");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fields_in_order);
    tcase_add_test(tc, read_trims_and_ticks);
    tcase_add_test(tc, findings_said_by_the_owner);
    tcase_add_test(tc, errors_first_stays);
    tcase_add_test(tc, file_errors_all_kept);
    tcase_add_test(tc, unit_valid);
    tcase_add_test(tc, unit_required);
    tcase_add_test(tc, ho_required);
    tcase_add_test(tc, kind_required_and_known);
    tcase_add_test(tc, too_long_or_invalid);
    tcase_add_test(tc, ho_found_fills);
    tcase_add_test(tc, ho_refused);
    tcase_add_test(tc, hr_answers);
    tcase_add_test(tc, unit_head);
    tcase_add_test(tc, platform_notes);
    tcase_add_test(tc, hr_limited);
    tcase_add_test(tc, email_masked);
    tcase_add_test(tc, person_names);
    suite_add_tcase(s, tc);
    return s;
}

PSERV_CHECK_MAIN(rform_suite)
