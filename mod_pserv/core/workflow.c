/* workflow.c: roles and the approval chain's statuses, without httpd. */
#include "pserv_core.h"

#include <string.h>

static const struct { const char *code, *label; } pserv_roles[] = {
    { "admin",           "Administrator" },
    { "ict_verificator", "ICT Verificator" },
    { "ict_manager",     "ICT Manager" },
    { "ict_executor",    "ICT Executor" },
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

static const struct { const char *code, *label; } pserv_statuses[] = {
    { "atasan",      "Waiting for Approval Atasan Pemohon" },
    { "verificator", "Waiting for Approval ICT Verificator" },
    { "manager",     "Waiting for Approval ICT Manager" },
    { "executor",    "Waiting for ICT Executor" },
    { "completed",   "Completed" },
    { "rejected",    "Rejected" },
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
