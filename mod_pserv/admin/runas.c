/*
 * runas.c: pserv-admin run by root connects as the PostgreSQL role its
 * connection string names (user=, else PGUSER).
 *
 * Debian's PostgreSQL authenticates local socket connections by "peer":
 * the operating system user at the other end of the socket must be the
 * role's namesake. Root asking for user=www-data is refused ("Peer
 * authentication failed"), and root without a user= asks for the role
 * "root", which does not exist. So when root names a role that is also a
 * system account, the connection is opened with that account's effective
 * user and group ids (what the kernel records for the socket's peer) and
 * root's are taken back at once: the files the commands read (migrations,
 * CSV) are still read as root, and nothing else runs as the other user.
 */
#include <apr_pools.h>
#include <apr_strings.h>

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "pserv_admin.h"

/* The role libpq will connect as when conninfo names one: its user=
 * (also inside a postgresql:// URI), else PGUSER; NULL when neither. */
static const char *pserv_admin_conn_role(apr_pool_t *p, const char *conninfo)
{
    PQconninfoOption *opts, *o;
    const char *role = NULL;
    char *err = NULL;

    opts = PQconninfoParse(conninfo, &err);
    if (err)
        PQfreemem(err);
    if (!opts)
        return NULL;
    for (o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "user") == 0 && o->val && *o->val)
            role = apr_pstrdup(p, o->val);
    PQconninfoFree(opts);
    if (!role && getenv("PGUSER") && *getenv("PGUSER"))
        role = apr_pstrdup(p, getenv("PGUSER"));
    return role;
}

int pserv_admin_runas_begin(apr_pool_t *p, const char *conninfo,
                            pserv_admin_runas_t *ra)
{
    struct passwd *pw;

    memset(ra, 0, sizeof *ra);
    if (geteuid() != 0)
        return 0;
    ra->root = 1;
    ra->role = pserv_admin_conn_role(p, conninfo);
    if (!ra->role || strcmp(ra->role, "root") == 0)
        return 0;
    errno = 0;
    pw = getpwnam(ra->role);
    if (!pw || pw->pw_uid == 0)
        return 0;
    if (setegid(pw->pw_gid) != 0)
        return -1;
    if (seteuid(pw->pw_uid) != 0) {
        if (setegid(0) != 0)
            abort(); /* cannot happen: still root here */
        return -1;
    }
    ra->switched = ra->tried = 1;
    return 1;
}

void pserv_admin_runas_end(pserv_admin_runas_t *ra)
{
    if (!ra->switched)
        return;
    /* Back to root before anything else runs; failing that, stop. */
    if (seteuid(0) != 0 || setegid(0) != 0)
        abort();
    ra->switched = 0;
}

const char *pserv_admin_runas_hint(apr_pool_t *p, const pserv_admin_runas_t *ra)
{
    if (!ra->root)
        return "";
    if (!ra->role)
        return " (run as root without user= in -d or PGUSER: libpq asked for "
               "the role \"root\"; add user=www-data, or the role P-Serv's "
               "DBDParams uses, to -d)";
    if (ra->tried)
        return apr_psprintf(p,
                            " (connected with the system user %s's ids "
                            "for peer authentication)",
                            ra->role);
    return apr_psprintf(p,
                        " (\"%s\" is no system user, so root connected as "
                        "itself: with peer authentication run "
                        "`runuser -u SYSTEMUSER -- " PSERV_ADMIN_NAME " ...`, "
                        "or give a password through ~/.pgpass)",
                        ra->role);
}
