/* workflow.c: roles and the approval chain's statuses, without httpd. */
#include "pserv_core.h"

#include "apr_strings.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *code, *label;
} pserv_roles[] = {
    { "admin", "Administrator" },
    { "ict_verificator", "ICT Verificator" },
    { "ict_manager", "ICT Manager" },
    { "ict_executor", "ICT Executor" },
};

const char *pserv_role_label(const char *code)
{
    apr_size_t i;

    for (i = 0; code && i < sizeof pserv_roles / sizeof pserv_roles[0]; i++)
        if (strcmp(pserv_roles[i].code, code) == 0)
            return pserv_roles[i].label;
    return NULL;
}

int pserv_roles_contain(const char *roles, const char *role)
{
    apr_size_t n;
    const char *p;

    if (!roles || !role || !(n = strlen(role)))
        return 0;
    for (p = roles; (p = strstr(p, role)) != NULL; p += n)
        if ((p == roles || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static const struct {
    const char *code, *label;
} pserv_statuses[] = {
    { "atasan", "Waiting for Approval Atasan Pemohon" },
    { "verificator", "Waiting for Approval ICT Verificator" },
    { "manager", "Waiting for Approval ICT Manager" },
    { "executor", "Waiting for ICT Executor" },
    { "completed", "Completed" },
    { "rejected", "Rejected" },
    { "returned", "Returned for Revision" },
    { "cancelled", "Cancelled" },
};

const char *pserv_status_label(const char *code)
{
    apr_size_t i;

    for (i = 0; code && i < sizeof pserv_statuses / sizeof pserv_statuses[0];
         i++)
        if (strcmp(pserv_statuses[i].code, code) == 0)
            return pserv_statuses[i].label;
    return NULL;
}

/* text[0..n) equals word, case aside */
static int pserv_same_words(const char *text, apr_size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(text, word, n) == 0;
}

const char *pserv_status_by_name(const char *text)
{
    static const char wait[] = "Waiting for ";
    apr_size_t i, n;
    const char *stage;

    if (!text)
        return NULL;
    while (*text == ' ')
        text++;
    for (n = strlen(text); n && text[n - 1] == ' '; n--)
        ;
    if (!n)
        return NULL;
    for (i = 0; i < sizeof pserv_statuses / sizeof pserv_statuses[0]; i++)
        if (pserv_same_words(text, n, pserv_statuses[i].label))
            return pserv_statuses[i].code;
    if (n <= sizeof wait - 1 || strncasecmp(text, wait, sizeof wait - 1) != 0)
        return NULL;
    for (i = 0; i < sizeof pserv_statuses / sizeof pserv_statuses[0]; i++)
        if ((stage = pserv_stage_label(pserv_statuses[i].code))
            && pserv_same_words(text + sizeof wait - 1, n - (sizeof wait - 1),
                                stage))
            return pserv_statuses[i].code;
    return NULL;
}

static const struct {
    const char *code, *label;
} pserv_kinds[] = {
    { "UNIT", "User ID Unit" },
    { "HO_ORGANIK", "HO - Organik/PKWT" },
    { "HO_TKJP", "HO - TKJP" },
};

const char *pserv_kind_label(const char *code)
{
    apr_size_t i;

    for (i = 0; code && i < sizeof pserv_kinds / sizeof pserv_kinds[0]; i++)
        if (strcmp(pserv_kinds[i].code, code) == 0)
            return pserv_kinds[i].label;
    return NULL;
}

int pserv_kind_count(void)
{
    return (int)(sizeof pserv_kinds / sizeof pserv_kinds[0]);
}

const char *pserv_kind_code_at(int i)
{
    return i >= 0 && i < pserv_kind_count() ? pserv_kinds[i].code : NULL;
}

int pserv_kind_is_ho(const char *kind)
{
    return kind
           && (strcmp(kind, "HO_ORGANIK") == 0 || strcmp(kind, "HO_TKJP") == 0);
}

int pserv_kind_allows(const char *kind, const char *employment_type)
{
    if (!kind || !employment_type)
        return 0;
    if (strcmp(kind, "HO_ORGANIK") == 0)
        return strcmp(employment_type, "ORGANIK") == 0
               || strcmp(employment_type, "PKWT") == 0;
    if (strcmp(kind, "HO_TKJP") == 0)
        return strcmp(employment_type, "TKJP") == 0;
    return 0;
}

/* The approval chain. Each waiting status names who acts on it (a role, or
 * NULL for the ticket's own Atasan) and where an approval leads. */
static const struct {
    const char *status, *role, *next, *stage;
} pserv_chain[] = {
    { "atasan", NULL, "verificator", "Atasan Pemohon" },
    { "verificator", "ict_verificator", "manager", "ICT Verificator" },
    { "manager", "ict_manager", "executor", "ICT Manager" },
    { "executor", "ict_executor", "completed", "ICT Executor" },
};
#define PSERV_CHAIN_LEN ((int)(sizeof pserv_chain / sizeof pserv_chain[0]))

static int pserv_chain_index(const char *status)
{
    int i;

    for (i = 0; status && i < PSERV_CHAIN_LEN; i++)
        if (strcmp(pserv_chain[i].status, status) == 0)
            return i;
    return -1;
}

const char *pserv_status_next(const char *status)
{
    int i = pserv_chain_index(status);

    return i < 0 ? NULL : pserv_chain[i].next;
}

const char *pserv_status_role(const char *status)
{
    int i = pserv_chain_index(status);

    return i < 0 ? NULL : pserv_chain[i].role;
}

const char *pserv_stage_label(const char *status)
{
    int i = pserv_chain_index(status);

    return i < 0 ? NULL : pserv_chain[i].stage;
}

int pserv_stage_count(void)
{
    return PSERV_CHAIN_LEN;
}

const char *pserv_stage_status_at(int i)
{
    return i >= 0 && i < PSERV_CHAIN_LEN ? pserv_chain[i].status : NULL;
}

int pserv_status_open(const char *status)
{
    return pserv_chain_index(status) >= 0
           || (status && strcmp(status, "returned") == 0);
}

int pserv_stage_index(const char *status)
{
    if (status && strcmp(status, "completed") == 0)
        return PSERV_CHAIN_LEN;
    return pserv_chain_index(status);
}

static int pserv_known(const char *s)
{
    return s && *s;
}

/* ASCII letters without case: addresses are compared as the mail system
 * delivers them (RFC 5321 leaves the local part's case to the server; ours
 * ignore it). */
static int pserv_same_email(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

int pserv_same_person(const pserv_person *a, const pserv_person *b)
{
    if (!a || !b)
        return 0;
    if (a->account > 0 && a->account == b->account)
        return 1;
    if (pserv_known(a->nopek) && pserv_known(b->nopek)
        && strcmp(a->nopek, b->nopek) == 0)
        return 1;
    return pserv_known(a->email) && pserv_known(b->email)
           && pserv_same_email(a->email, b->email);
}

int pserv_barred(const pserv_actor *who, const pserv_ticket_facts *t)
{
    pserv_person me, requester = { 0, NULL, NULL };
    int k;

    if (pserv_chain_index(t->status) < 0 || !who)
        return PSERV_ACT_WRONG_STAGE; /* completed, rejected, unknown */
    me.account = who->account;
    me.nopek = who->nopek;
    me.email = who->email;
    /* Nobody decides on their own request: the requester is the request's
     * nopek (none for User ID Unit) or its e-mail address. */
    requester.nopek = t->requester_nopek;
    requester.email = t->requester_email;
    if (pserv_same_person(&me, &requester))
        return PSERV_ACT_OWN_REQUEST;
    /* Nobody approves two stages of one ticket, with any of their
     * accounts, in any round: deciding this same stage again after a
     * return for revision is no second stage. */
    for (k = 0; k < t->n_deciders; k++)
        if (!(t->decided_at && t->decided_at[k]
              && strcmp(t->decided_at[k], t->status) == 0)
            && pserv_same_person(&me, &t->deciders[k]))
            return PSERV_ACT_TWICE;
    return PSERV_ACT_OK;
}

int pserv_stuck_cause_of(const char *status, const char *atasan_nopek, int n,
                         int why, const char *decided_at,
                         pserv_stuck_cause *out)
{
    int i = pserv_chain_index(status);

    memset(out, 0, sizeof *out);
    out->n = n;
    out->nopek = atasan_nopek ? atasan_nopek : "";
    if (i < 0)
        return out->code = PSERV_STUCK_NONE;
    out->who = pserv_chain[i].role ? pserv_chain[i].stage : "Atasan";
    if (n == 0)
        return out->code = pserv_chain[i].role ? PSERV_STUCK_NO_HOLDER
                                               : PSERV_STUCK_NO_ACCOUNT;
    if (n > 1)
        return out->code = PSERV_STUCK_ALL_BARRED;
    if (why == PSERV_ACT_OWN_REQUEST)
        return out->code = PSERV_STUCK_OWN_REQUEST;
    i = pserv_chain_index(decided_at);
    if (i < 0)
        return out->code = PSERV_STUCK_TWICE_OTHER;
    out->as = pserv_chain[i].role ? pserv_chain[i].stage : "Atasan";
    return out->code = PSERV_STUCK_TWICE;
}

const char *pserv_scope(const pserv_actor *who)
{
    static const char *const ict_roles[] = { "admin", "ict_verificator",
                                             "ict_manager", "ict_executor" };
    size_t i;

    for (i = 0; i < sizeof ict_roles / sizeof ict_roles[0]; i++)
        if (pserv_roles_contain(who->roles, ict_roles[i]))
            return "*";
    return who->nopek ? who->nopek : "";
}
