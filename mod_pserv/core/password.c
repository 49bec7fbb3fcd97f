/* password.c: Argon2id hashing through libargon2, encoded form. */
#include "pserv_core.h"

#include <string.h>
#include <strings.h>
#include <argon2.h>
#include <crack.h>
#include <apr_thread_mutex.h>

#define PSERV_SALT_BYTES 16
#define PSERV_HASH_BYTES 32

char *pserv_password_hash(apr_pool_t *p, const char *password)
{
    unsigned char salt[PSERV_SALT_BYTES];
    size_t pwlen, enclen;
    char *encoded;

    if (!password || (pwlen = strlen(password)) > PSERV_PASSWORD_MAX * 4)
        return NULL;
    if (pserv_random_bytes(salt, sizeof salt) != APR_SUCCESS)
        return NULL;
    enclen =
        argon2_encodedlen(PSERV_ARGON2_T, PSERV_ARGON2_M_KIB, PSERV_ARGON2_P,
                          sizeof salt, PSERV_HASH_BYTES, Argon2_id);
    encoded = apr_palloc(p, enclen);
    if (argon2id_hash_encoded(PSERV_ARGON2_T, PSERV_ARGON2_M_KIB,
                              PSERV_ARGON2_P, password, pwlen, salt,
                              sizeof salt, PSERV_HASH_BYTES, encoded, enclen)
        != ARGON2_OK)
        return NULL;
    return encoded;
}

int pserv_password_verify(const char *encoded, const char *password)
{
    size_t pwlen;

    if (!encoded || !password || strncmp(encoded, "$argon2id$", 10) != 0)
        return 0;
    pwlen = strlen(password);
    if (pwlen > PSERV_PASSWORD_MAX * 4)
        return 0;
    /* argon2_verify compares in constant time. */
    return argon2id_verify(encoded, password, pwlen) == ARGON2_OK;
}

void pserv_password_dummy_verify(const char *password)
{
    /* Same parameters and output size as a real verification. */
    static const unsigned char salt[PSERV_SALT_BYTES] = "pserv-dummy-salt";
    unsigned char out[PSERV_HASH_BYTES];
    const char *pw = password ? password : "";
    size_t pwlen = strlen(pw);

    if (pwlen > PSERV_PASSWORD_MAX * 4)
        pwlen = PSERV_PASSWORD_MAX * 4;
    (void)argon2id_hash_raw(PSERV_ARGON2_T, PSERV_ARGON2_M_KIB, PSERV_ARGON2_P,
                            pw, pwlen, salt, sizeof salt, out, sizeof out);
}

/* ---- the password policy ---- */

static apr_thread_mutex_t *pserv_crack_mutex;

apr_status_t pserv_password_init(apr_pool_t *p)
{
    return apr_thread_mutex_create(&pserv_crack_mutex, APR_THREAD_MUTEX_DEFAULT,
                                   p);
}

/* cracklib's verdict (NULL: acceptable). It keeps static state, so calls
 * take turns. */
static const char *pserv_cracklib(const char *pw)
{
    const char *msg;

    if (pserv_crack_mutex)
        apr_thread_mutex_lock(pserv_crack_mutex);
    msg = FascistCheck(pw, GetDefaultCracklibDict());
    if (pserv_crack_mutex)
        apr_thread_mutex_unlock(pserv_crack_mutex);
    return msg;
}

/* Words that make up most leaked passwords, in English and Indonesian, and
 * this company's own names. A password whose letters are only these words
 * (after undoing 0->o, 1->i, 3->e, 4->a, 5->s, 7->t, @->a, $->s) is
 * refused, whatever digits and symbols surround it. */
static const char *const pserv_common_words[] = {
    "password", "pass",          "passwd",    "qwerty",    "qwertyuiop",
    "asdf",     "asdfgh",        "asdfghjkl", "zxcvbnm",   "abc",
    "abcd",     "abcdef",        "abcdefgh",  "letmein",   "welcome",
    "admin",    "administrator", "login",     "user",      "test",
    "iloveyou", "love",          "monkey",    "dragon",    "sunshine",
    "football", "baseball",      "master",    "secret",    "shadow",
    "superman", "princess",      "trustno",   "changeme",  "default",
    "rahasia",  "katasandi",     "sandi",     "bismillah", "indonesia",
    "jakarta",  "sayang",        "cinta",     "pertamina", "retail",
    "ptpr",     "pserv",         "perwira",   "demo",      "selamat",
    "datang",   "merdeka",       "garuda",    "ok"
};

static char pserv_unleet(char c)
{
    switch (c) {
    case '0':
        return 'o';
    case '1':
        return 'i';
    case '3':
        return 'e';
    case '4':
    case '@':
        return 'a';
    case '5':
    case '$':
        return 's';
    case '7':
        return 't';
    default:
        return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
}

/* 1 when s (letters only) is a concatenation of common words. */
static int pserv_only_common_words(const char *s)
{
    apr_size_t i, n;

    if (!*s)
        return 1;
    for (i = 0; i < sizeof pserv_common_words / sizeof pserv_common_words[0];
         i++) {
        n = strlen(pserv_common_words[i]);
        if (strncmp(s, pserv_common_words[i], n) == 0
            && pserv_only_common_words(s + n))
            return 1;
    }
    return 0;
}

static int pserv_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The password's letters, lower case; a digit or symbol between two
 * letters is read as the letter it imitates, others are dropped
 * ("P@ssw0rd-2026!" -> "password"). */
static int pserv_password_common(const char *pw)
{
    char core[PSERV_PASSWORD_MAX * 4 + 1];
    apr_size_t n = 0, i, len = strlen(pw);

    for (i = 0; i < len && n < sizeof core - 1; i++) {
        char c = pw[i];
        if (!pserv_is_alpha(c)) {
            if (i == 0 || i + 1 >= len || !pserv_is_alpha(pw[i - 1])
                || !pserv_is_alpha(pw[i + 1]))
                continue;
        }
        c = pserv_unleet(c);
        if (c >= 'a' && c <= 'z')
            core[n++] = c;
    }
    core[n] = '\0';
    return pserv_only_common_words(core);
}

static apr_size_t pserv_utf8_chars(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++)
        if (((unsigned char)*s & 0xc0) != 0x80)
            n++;
    return n;
}

pserv_pw_problem pserv_password_problem(const char *username, const char *pw,
                                        const char *again)
{
    apr_size_t n;

    if (!pw || !*pw)
        return PSERV_PW_EMPTY;
    if (!pserv_valid_text(pw, PSERV_PASSWORD_MAX, 0))
        return PSERV_PW_INVALID;
    n = pserv_utf8_chars(pw);
    if (n < PSERV_PASSWORD_MIN)
        return PSERV_PW_SHORT;
    if (!again || strcmp(pw, again) != 0)
        return PSERV_PW_MISMATCH;
    if (username && strcasecmp(pw, username) == 0)
        return PSERV_PW_USERNAME;
    if (pserv_password_common(pw) || pserv_cracklib(pw))
        return PSERV_PW_COMMON;
    return PSERV_PW_OK;
}
