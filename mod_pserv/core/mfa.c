/* mfa.c: the second factor's pure parts: base32, sealing a TOTP secret
 * with AES-256-GCM, recovery codes, the otpauth URI, the QR picture. */
#include "pserv_core.h"

#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static const char pserv_b32_upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
static const char pserv_b32_lower[] = "abcdefghijklmnopqrstuvwxyz234567";

static char *pserv_b32_with(apr_pool_t *p, const char *tab,
                            const unsigned char *bytes, apr_size_t n)
{
    char *out = apr_palloc(p, (n * 8 + 4) / 5 + 1), *o = out;
    apr_uint32_t acc = 0;
    int bits = 0;
    apr_size_t i;

    for (i = 0; i < n; i++) {
        acc = (acc << 8 | bytes[i]) & 0xffff;
        bits += 8;
        while (bits >= 5) {
            *o++ = tab[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        *o++ = tab[(acc << (5 - bits)) & 31];
    *o = '\0';
    return out;
}

char *pserv_base32(apr_pool_t *p, const unsigned char *bytes, apr_size_t n)
{
    return pserv_b32_with(p, pserv_b32_upper, bytes, n);
}

static int pserv_b32_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= '2' && c <= '7')
        return c - '2' + 26;
    return -1;
}

unsigned char *pserv_base32_decode(apr_pool_t *p, const char *s, apr_size_t *n)
{
    unsigned char *out = apr_palloc(p, strlen(s) * 5 / 8 + 1);
    apr_uint32_t acc = 0;
    int bits = 0, chars = 0, pad = 0;
    apr_size_t len = 0;

    for (; *s; s++) {
        int v;
        if (*s == ' ')
            continue;
        if (*s == '=') {
            pad = 1;
            continue;
        }
        if (pad || (v = pserv_b32_value(*s)) < 0)
            return NULL;
        acc = (acc << 5 | (apr_uint32_t)v) & 0xffff;
        bits += 5;
        chars++;
        if (bits >= 8) {
            out[len++] = (unsigned char)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    /* 1, 3 and 6 characters past a whole 8 are no encoder's output */
    if (chars % 8 == 1 || chars % 8 == 3 || chars % 8 == 6)
        return NULL;
    *n = len;
    return out;
}

unsigned char *pserv_mfa_seal(apr_pool_t *p, const unsigned char *key,
                              const char *aad, const unsigned char *plain,
                              apr_size_t n, apr_size_t *outlen)
{
    unsigned char *out =
        apr_palloc(p, PSERV_MFA_NONCE_BYTES + n + PSERV_MFA_TAG_BYTES);
    EVP_CIPHER_CTX *ctx;
    int len, ok;

    if (n > 4096
        || pserv_random_bytes(out, PSERV_MFA_NONCE_BYTES) != APR_SUCCESS
        || !(ctx = EVP_CIPHER_CTX_new()))
        return NULL;
    ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, out) == 1
         && EVP_EncryptUpdate(ctx, NULL, &len, (const unsigned char *)aad,
                              (int)strlen(aad))
                == 1
         && EVP_EncryptUpdate(ctx, out + PSERV_MFA_NONCE_BYTES, &len, plain,
                              (int)n)
                == 1
         && EVP_EncryptFinal_ex(ctx, out + PSERV_MFA_NONCE_BYTES + len, &len)
                == 1
         && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, PSERV_MFA_TAG_BYTES,
                                out + PSERV_MFA_NONCE_BYTES + n)
                == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok)
        return NULL;
    *outlen = PSERV_MFA_NONCE_BYTES + n + PSERV_MFA_TAG_BYTES;
    return out;
}

unsigned char *pserv_mfa_open(apr_pool_t *p, const unsigned char *key,
                              const char *aad, const unsigned char *sealed,
                              apr_size_t n, apr_size_t *outlen)
{
    apr_size_t m;
    unsigned char *out, tag[PSERV_MFA_TAG_BYTES];
    EVP_CIPHER_CTX *ctx;
    int len, ok;

    if (n <= PSERV_MFA_NONCE_BYTES + PSERV_MFA_TAG_BYTES || n > 4096)
        return NULL;
    m = n - PSERV_MFA_NONCE_BYTES - PSERV_MFA_TAG_BYTES;
    out = apr_palloc(p, m + 1);
    memcpy(tag, sealed + n - PSERV_MFA_TAG_BYTES, sizeof tag);
    if (!(ctx = EVP_CIPHER_CTX_new()))
        return NULL;
    ok = EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, sealed) == 1
         && EVP_DecryptUpdate(ctx, NULL, &len, (const unsigned char *)aad,
                              (int)strlen(aad))
                == 1
         && EVP_DecryptUpdate(ctx, out, &len, sealed + PSERV_MFA_NONCE_BYTES,
                              (int)m)
                == 1
         && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, sizeof tag, tag) == 1
         && EVP_DecryptFinal_ex(ctx, out + len, &len) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) {
        OPENSSL_cleanse(out, m);
        return NULL;
    }
    *outlen = m;
    return out;
}

char *pserv_mfa_recovery_new(apr_pool_t *p)
{
    unsigned char raw[(PSERV_MFA_RECOVERY_CHARS * 5 + 7) / 8];
    char *c;

    if (pserv_random_bytes(raw, sizeof raw) != APR_SUCCESS)
        return NULL;
    c = pserv_b32_with(p, pserv_b32_lower, raw, sizeof raw);
    OPENSSL_cleanse(raw, sizeof raw);
    c[PSERV_MFA_RECOVERY_CHARS] = '\0';
    return apr_psprintf(p, "%.5s-%.5s", c, c + 5);
}

char *pserv_mfa_recovery_norm(apr_pool_t *p, const char *typed)
{
    char *out = apr_palloc(p, PSERV_MFA_RECOVERY_CHARS + 1);
    int n = 0;

    if (!typed)
        return NULL;
    for (; *typed; typed++) {
        char c = *typed;
        if (c == ' ' || c == '-' || c == '\t')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == '0')
            c = 'o';
        else if (c == '1')
            c = 'l';
        else if (c == '8')
            c = 'b';
        if (pserv_b32_value(c) < 0 || n >= PSERV_MFA_RECOVERY_CHARS)
            return NULL;
        out[n++] = c;
    }
    if (n != PSERV_MFA_RECOVERY_CHARS)
        return NULL;
    out[n] = '\0';
    return out;
}

char *pserv_mfa_recovery_hash(apr_pool_t *p, const unsigned char *key,
                              const char *aad, const char *canonical)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    const char *msg = apr_pstrcat(p, "recovery:", aad, ":", canonical, NULL);

    if (!HMAC(EVP_sha256(), key, PSERV_MFA_KEY_BYTES,
              (const unsigned char *)msg, strlen(msg), mac, &n))
        return NULL;
    return pserv_hex(p, mac, n);
}

char *pserv_mfa_code_norm(apr_pool_t *p, const char *typed)
{
    char out[7];
    int n = 0;

    if (!typed)
        return NULL;
    for (; *typed; typed++) {
        if (*typed == ' ' || *typed == '\t')
            continue;
        if (*typed < '0' || *typed > '9' || n >= 6)
            return NULL;
        out[n++] = *typed;
    }
    if (n != 6)
        return NULL;
    out[n] = '\0';
    return apr_pstrdup(p, out);
}

/* Percent-encoding of everything but RFC 3986's unreserved characters. */
static char *pserv_mfa_escape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
            || c == '~')
            *o++ = (char)c;
        else
            o += apr_snprintf(o, 4, "%%%02X", c);
    }
    *o = '\0';
    return out;
}

char *pserv_mfa_uri(apr_pool_t *p, const char *issuer, const char *account,
                    const char *secret_b32)
{
    const char *i = pserv_mfa_escape(p, issuer);

    return apr_pstrcat(p, "otpauth://totp/", i, ":",
                       pserv_mfa_escape(p, account), "?secret=", secret_b32,
                       "&issuer=", i, "&algorithm=SHA1&digits=6&period=30",
                       NULL);
}

char *pserv_mfa_svg_path(apr_pool_t *p, const unsigned char *modules, int width)
{
    apr_array_header_t *parts = apr_array_make(p, width * 4, sizeof(char *));
    int x, y;

    for (y = 0; y < width; y++)
        for (x = 0; x < width;) {
            int run = 0;
            while (x + run < width && (modules[y * width + x + run] & 1))
                run++;
            if (!run) {
                x++;
                continue;
            }
            *(char **)apr_array_push(parts) =
                apr_psprintf(p, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
            x += run;
        }
    return apr_array_pstrcat(p, parts, '\0');
}
