/* password.c: Argon2id hashing through libargon2, encoded form. */
#include "pserv_core.h"

#include <string.h>
#include <argon2.h>

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
    enclen = argon2_encodedlen(PSERV_ARGON2_T, PSERV_ARGON2_M_KIB,
                               PSERV_ARGON2_P, sizeof salt, PSERV_HASH_BYTES,
                               Argon2_id);
    encoded = apr_palloc(p, enclen);
    if (argon2id_hash_encoded(PSERV_ARGON2_T, PSERV_ARGON2_M_KIB,
                              PSERV_ARGON2_P, password, pwlen,
                              salt, sizeof salt, PSERV_HASH_BYTES,
                              encoded, enclen) != ARGON2_OK)
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
