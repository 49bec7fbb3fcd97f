/* token.c: random tokens, SHA-256, encodings, constant-time compare. */
#include "pserv_core.h"

#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

apr_status_t pserv_random_bytes(unsigned char *buf, apr_size_t n)
{
    if (n > (apr_size_t)INT32_MAX || RAND_bytes(buf, (int)n) != 1)
        return APR_EGENERAL;
    return APR_SUCCESS;
}

char *pserv_base64url(apr_pool_t *p, const unsigned char *bytes, apr_size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char *out = apr_palloc(p, (n + 2) / 3 * 4 + 1), *o = out;
    apr_size_t i;

    for (i = 0; i + 2 < n; i += 3) {
        apr_uint32_t v = (apr_uint32_t)bytes[i] << 16
                         | (apr_uint32_t)bytes[i + 1] << 8 | bytes[i + 2];
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
        *o++ = tab[v >> 6 & 63];
        *o++ = tab[v & 63];
    }
    if (n - i == 1) {
        apr_uint32_t v = (apr_uint32_t)bytes[i] << 16;
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
    }
    else if (n - i == 2) {
        apr_uint32_t v =
            (apr_uint32_t)bytes[i] << 16 | (apr_uint32_t)bytes[i + 1] << 8;
        *o++ = tab[v >> 18 & 63];
        *o++ = tab[v >> 12 & 63];
        *o++ = tab[v >> 6 & 63];
    }
    *o = '\0';
    return out;
}

char *pserv_token_new(apr_pool_t *p)
{
    unsigned char raw[PSERV_TOKEN_BYTES];
    char *s;

    if (pserv_random_bytes(raw, sizeof raw) != APR_SUCCESS)
        return NULL;
    s = pserv_base64url(p, raw, sizeof raw);
    OPENSSL_cleanse(raw, sizeof raw);
    return s;
}

int pserv_token_valid(const char *s)
{
    apr_size_t i;

    if (!s)
        return 0;
    for (i = 0; s[i]; i++) {
        char c = s[i];
        if (i >= PSERV_TOKEN_CHARS)
            return 0;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
    }
    return i == PSERV_TOKEN_CHARS;
}

void pserv_sha256(const void *data, apr_size_t len,
                  unsigned char out[PSERV_SHA256_BYTES])
{
    unsigned int outlen = PSERV_SHA256_BYTES;

    if (EVP_Digest(data, len, out, &outlen, EVP_sha256(), NULL) != 1)
        memset(out, 0, PSERV_SHA256_BYTES); /* unreachable with OpenSSL 3 */
}

char *pserv_hex(apr_pool_t *p, const unsigned char *bytes, apr_size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *out = apr_palloc(p, n * 2 + 1);
    apr_size_t i;

    for (i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
    return out;
}

int pserv_ct_equal(const void *a, const void *b, apr_size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

int pserv_ct_streq(const char *a, const char *b)
{
    apr_size_t la, lb;

    if (!a || !b)
        return 0;
    la = strlen(a);
    lb = strlen(b);
    if (la != lb)
        return 0;
    return CRYPTO_memcmp(a, b, la) == 0;
}

char *pserv_token_hash(apr_pool_t *p, const char *token)
{
    unsigned char h[PSERV_SHA256_BYTES];

    pserv_sha256(token, strlen(token), h);
    return pserv_hex(p, h, sizeof h);
}
