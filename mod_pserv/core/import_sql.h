/*
 * import_sql.h: the statements of the master-data import that pserv-admin
 * (admin/import.c) and the Administrator's upload page
 * (handle_admin_import.c, through db.c) share, so both write employees
 * the same way and take turns on the same lock. Arguments are %s.
 */
#ifndef PSERV_IMPORT_SQL_H
#define PSERV_IMPORT_SQL_H

#define PSERV_IMPORT_SQL_LOCK                                                  \
    "SELECT pg_advisory_xact_lock(hashtext('pserv-admin import'))"

#define PSERV_IMPORT_SQL_UNIT_EXISTS "SELECT 1 FROM units WHERE code = %s"

/* Units without touching head_nopek (the heads are employees, and
 * employees need their unit): code, name, kind, active (NULL: keep, or
 * true for a new one) -> new (t/f), no row when unchanged. */
#define PSERV_IMPORT_SQL_UNIT_UPSERT                                           \
    "WITH v (code, name, kind, active) AS"                                     \
    " (VALUES (%s::text, %s::text, %s::text, %s::boolean)) "                   \
    "INSERT INTO units AS t (code, name, kind, active)"                        \
    " SELECT code, name, kind, COALESCE(active, true) FROM v "                 \
    "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,"                   \
    " kind = EXCLUDED.kind,"                                                   \
    " active = COALESCE((SELECT active FROM v), t.active),"                    \
    " updated_at = now() "                                                     \
    "WHERE (t.name, t.kind, t.active) IS DISTINCT FROM"                        \
    " (EXCLUDED.name, EXCLUDED.kind, COALESCE((SELECT active FROM v), "        \
    "t.active)) "                                                              \
    "RETURNING (xmax = 0)"

/* head (NULL: none), code, head again -> a row when it changed */
#define PSERV_IMPORT_SQL_UNIT_HEAD                                             \
    "UPDATE units SET head_nopek = %s, updated_at = now()"                     \
    " WHERE code = %s AND head_nopek IS DISTINCT FROM %s RETURNING 1"

#define PSERV_IMPORT_SQL_EMPLOYEE_EXISTS                                       \
    "SELECT 1 FROM employees WHERE nopek = %s"

#define PSERV_IMPORT_SQL_EMPLOYEE_UPSERT                                       \
    "WITH v (nopek, full_name, position, email, unit_code, employment_type,"   \
    " active) AS (VALUES (%s::text, %s::text, COALESCE(%s::text, ''),"         \
    " %s::text, %s::text, %s::text, %s::boolean)) "                            \
    "INSERT INTO employees AS t (nopek, full_name, position, email,"           \
    " unit_code, employment_type, active)"                                     \
    " SELECT nopek, full_name, position, email, unit_code, employment_type,"   \
    " COALESCE(active, true) FROM v "                                          \
    "ON CONFLICT (nopek) DO UPDATE SET full_name = EXCLUDED.full_name,"        \
    " position = EXCLUDED.position, email = EXCLUDED.email,"                   \
    " unit_code = EXCLUDED.unit_code,"                                         \
    " employment_type = EXCLUDED.employment_type,"                             \
    " active = COALESCE((SELECT active FROM v), t.active),"                    \
    " updated_at = now() "                                                     \
    "WHERE (t.full_name, t.position, t.email, t.unit_code,"                    \
    " t.employment_type, t.active) IS DISTINCT FROM"                           \
    " (EXCLUDED.full_name, EXCLUDED.position, EXCLUDED.email,"                 \
    " EXCLUDED.unit_code, EXCLUDED.employment_type,"                           \
    " COALESCE((SELECT active FROM v), t.active)) "                            \
    "RETURNING (xmax = 0)"

#define PSERV_IMPORT_SQL_EMPLOYEE_SUPERVISOR                                   \
    "UPDATE employees SET supervisor_nopek = %s, updated_at = now()"           \
    " WHERE nopek = %s AND supervisor_nopek IS DISTINCT FROM %s RETURNING 1"

#endif
