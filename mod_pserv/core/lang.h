/*
 * lang.h: the languages of P-Serv's pages and how a browser's
 * Accept-Language picks one (lang.c), APR only.
 *
 * A language is an index into pserv_lang_codes; 0 is the default
 * (Bahasa Indonesia). Each language has its catalogue,
 * templates/i18n/CODE.xml (docs/TRANSLATING.md).
 */
#ifndef PSERV_LANG_H
#define PSERV_LANG_H

#define PSERV_LANG_COUNT 2

/* "id", "en": the codes, in the order of their indexes. */
extern const char *const pserv_lang_codes[PSERV_LANG_COUNT];

/* The index of code, exactly one of pserv_lang_codes; -1 otherwise. */
int pserv_lang_index(const char *code);

/* The language an Accept-Language header asks for: of the ranges with a
 * q above 0 that name one of ours (a primary tag "en", "id" or its old
 * spelling "in", with or without a subtag), the one with the highest q,
 * the first of equals. -1 when none does (or the header is NULL). */
int pserv_lang_accept(const char *header);

/* 1 when the printf formats a and b take the same arguments in the same
 * order (conversions and their length modifiers, a "*" width or precision
 * counted; flags, widths and "%%" do not matter): a translation may be
 * formatted with the arguments of the text it translates. 0 otherwise, or
 * when either is NULL or has more than about 80 conversions. */
int pserv_format_same_args(const char *a, const char *b);

#endif
