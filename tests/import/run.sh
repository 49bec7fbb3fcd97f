#!/bin/bash
# tests/import/run.sh: `pserv-admin migrate` and `pserv-admin import` against
# a scratch PostgreSQL database.
#
# Environment: PSERV_ADMIN (the built binary; default build/pserv-admin),
# PGHOST (socket dir), PGPORT, PGUSER; the cluster trusts local connections
# and psql, createdb, dropdb are on PATH. Prints TAP lines ("ok N - ...")
# and exits nonzero when any test fails.
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
ADMIN=${PSERV_ADMIN:-$ROOT/build/pserv-admin}
case $ADMIN in /*) ;; *) ADMIN=$ROOT/$ADMIN ;; esac
DEMO=$ROOT/sql/demo
DB=pserv_import_test
FRESH=pserv_import_test_fresh
TABLES="units employees platforms accounts account_roles schema_migrations"

n=0
failed=0
ok() {      # ok CONDITION-EXIT-STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
    fi
}
diag() { sed 's/^/# /'; }

WORK=$(mktemp -d)
cleanup() {
    dropdb --if-exists "$DB" >/dev/null 2>&1
    dropdb --if-exists "$FRESH" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT

[ -x "$ADMIN" ] || { echo "Bail out! $ADMIN is not built"; exit 1; }

q() {       # q DB SQL: one value per line, unaligned
    psql -XAtq -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

# A digest of every imported table's full contents (updated_at included, so
# a row rewritten with the same values still shows) and of the accounts id
# sequence, which a careless upsert advances.
checksum() {
    local t sql=""
    for t in $TABLES; do
        sql="$sql SELECT '$t', md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM $t x UNION ALL"
    done
    sql="$sql SELECT 'seq', last_value::text || is_called::text FROM accounts_id_seq"
    q "$1" "$sql" | md5sum | cut -d' ' -f1
}

rows() {    # data rows of a CSV file without embedded newlines
    tail -n +2 "$1" | grep -c .
}

count() {   # count DB TABLE
    q "$1" "SELECT count(*) FROM $2"
}

admin() {   # admin DB ARGS...: run pserv-admin, stdout to $WORK/out, stderr to $WORK/err
    local db=$1
    shift
    "$ADMIN" -d "dbname=$db" "$@" >"$WORK/out" 2>"$WORK/err"
}

# A copy of the demo files with one field of one line replaced.
bad_copy() {    # bad_copy DIR FILE LINE FIELD-NUMBER VALUE
    mkdir -p "$1"
    cp "$DEMO"/*.csv "$1"/
    awk -F, -v OFS=, -v l="$3" -v f="$4" -v v="$5" \
        'NR == l { $f = v } { print }' "$DEMO/$2" >"$1/$2"
}

# --- a scratch database, migrated -------------------------------------
dropdb --if-exists "$DB" >/dev/null 2>&1
createdb "$DB"
ok $? "create scratch database $DB"

admin "$DB" migrate sql
ok $? "migrate sql"
grep -q '^applied 001_schema.sql$' "$WORK/out"
ok $? "migrate reports 001_schema.sql applied"

admin "$DB" migrate sql && grep -q '^migrate: 0 applied' "$WORK/out"
ok $? "a second migrate applies nothing"
[ "$(q "$DB" "SELECT count(*) FROM schema_migrations")" = \
  "$(ls sql/[0-9][0-9][0-9]_*.sql | wc -l)" ]
ok $? "schema_migrations has one row per migration file"

# --- the demo data imports ---------------------------------------------
admin "$DB" import "$DEMO"
rc=$?
ok $rc "import sql/demo"
[ $rc -eq 0 ] || diag <"$WORK/err"

for t in units employees platforms accounts; do
    want=$(rows "$DEMO/$t.csv")
    [ "$(count "$DB" "$t")" = "$want" ]
    ok $? "$t: $want rows in the database, as in $t.csv"
    grep -q "^$t.csv: $want inserted, 0 updated, 0 unchanged$" "$WORK/out"
    ok $? "$t: summary reports $want inserted"
done

want=$(tail -n +2 "$DEMO/accounts.csv" | cut -d, -f3 | tr ' ' '\n' | grep -c .)
[ "$(count "$DB" account_roles)" = "$want" ]
ok $? "account_roles: $want roles, as listed in accounts.csv"

[ "$(q "$DB" "SELECT count(*) FROM units WHERE head_nopek IS NOT NULL")" = \
  "$(tail -n +2 "$DEMO/units.csv" | cut -d, -f4 | grep -c .)" ]
ok $? "unit heads set after the employees"
[ "$(q "$DB" "SELECT supervisor_nopek FROM employees WHERE nopek = '10020003'")" = 10020002 ]
ok $? "supervisors set"
[ "$(q "$DB" "SELECT full_name || '|' || email || '|' || unit_code FROM accounts WHERE username = 'siti.rahayu'")" = \
  "Siti Rahayu|siti.rahayu@ptpr.example|UNIT-JKT" ]
ok $? "an account with a nopek takes name, e-mail and unit from the employee"
[ "$(q "$DB" "SELECT full_name || '|' || (nopek IS NULL) FROM accounts WHERE username = 'admin'")" = "Administrator|true" ]
ok $? "the admin account without a nopek is named Administrator"

# --- a re-import changes nothing ---------------------------------------
echo 'Demo-Pserv-2026' | "$ADMIN" -d "dbname=$DB" set-password admin >/dev/null 2>"$WORK/err"
ok $? "set-password admin"
hash=$(q "$DB" "SELECT password_hash FROM accounts WHERE username = 'admin'")
case $hash in \$argon2id\$*) r=0 ;; *) r=1 ;; esac
ok $r "the stored password is an Argon2id hash"

before=$(checksum "$DB")
admin "$DB" import "$DEMO"
ok $? "second import of sql/demo"
! grep -v ': 0 inserted, 0 updated, [0-9]* unchanged$' "$WORK/out" | grep -q .
ok $? "second import reports every row unchanged"
[ "$(checksum "$DB")" = "$before" ]
ok $? "second import leaves every table (and the password) exactly as it was"
before=$(checksum "$DB")   # so a failure above does not cascade below

# --- a bad row rolls back everything -------------------------------------
# An unknown unit on employees.csv line 5, next to a valid change to a unit
# name that must not survive either.
bad_copy "$WORK/bad_unit" employees.csv 5 5 HO-NOWHERE
sed -i 's/^HO-ICT,ICT,/HO-ICT,ICT Renamed,/' "$WORK/bad_unit/units.csv"
admin "$DB" import "$WORK/bad_unit"
[ $? -ne 0 ]
ok $? "import with an unknown unit_code exits nonzero"
grep -q 'employees.csv:5: unit_code: ' "$WORK/err"
ok $? "the error names employees.csv, line 5 and unit_code"
diag <"$WORK/err"
[ "$(checksum "$DB")" = "$before" ]
ok $? "the database is exactly as before (the valid unit rename rolled back too)"

bad_copy "$WORK/bad_type" employees.csv 8 7 KONTRAK
admin "$DB" import "$WORK/bad_type"
[ $? -ne 0 ]
ok $? "import with a bad employment_type exits nonzero"
grep -q 'employees.csv:8: employment_type: ' "$WORK/err"
ok $? "the error names employees.csv, line 8 and employment_type"
diag <"$WORK/err"
[ "$(checksum "$DB")" = "$before" ]
ok $? "the database is exactly as before"

mkdir -p "$WORK/bad_csv"
cp "$DEMO"/*.csv "$WORK/bad_csv"/
printf 'BROKEN,"Unclosed quote\n' >>"$WORK/bad_csv/platforms.csv"
admin "$DB" import "$WORK/bad_csv"
[ $? -ne 0 ] && grep -q 'platforms.csv:1[0-9]: name: unterminated quoted field' "$WORK/err"
ok $? "a CSV syntax error exits nonzero and names file, line and field"
diag <"$WORK/err"
[ "$(checksum "$DB")" = "$before" ]
ok $? "the database is exactly as before"

# --- a fresh database with a bad file gets nothing -------------------------
dropdb --if-exists "$FRESH" >/dev/null 2>&1
createdb "$FRESH" && admin "$FRESH" migrate sql
ok $? "create and migrate a fresh database $FRESH"
admin "$FRESH" import "$WORK/bad_unit"
[ $? -ne 0 ]
ok $? "import of the bad files into the fresh database exits nonzero"
total=$(q "$FRESH" "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM employees) + (SELECT count(*) FROM platforms) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM account_roles)")
[ "$total" = 0 ]
ok $? "the fresh database holds no rows at all (found $total)"

# --- passwords: --if-unset, unknown users --------------------------------
echo 'Another-Pass-2026' | "$ADMIN" -d "dbname=$DB" set-password admin --if-unset >/dev/null 2>&1
[ $? -eq 0 ] && [ "$(q "$DB" "SELECT password_hash FROM accounts WHERE username = 'admin'")" = "$hash" ]
ok $? "set-password --if-unset leaves an existing password alone"
echo 'Another-Pass-2026' | "$ADMIN" -d "dbname=$DB" set-password nobody.here >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && grep -q 'no account' "$WORK/err"
ok $? "set-password for an unknown username exits 1"
! grep -q 'Another-Pass-2026\|argon2' "$WORK/err"
ok $? "set-password prints neither the password nor the hash"

echo "1..$n"
[ $failed -eq 0 ] || echo "# $failed of $n failed"
[ $failed -eq 0 ]
