#!/bin/bash
# tests/import/run.sh: `pserv-admin migrate`, `import`, `set-password`,
# `create-account` and `password-link` against a scratch PostgreSQL database;
# run by root, also `-d "... user=ROLE"` through peer authentication.
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
PEER=pserv_import_test_peer
HBA=
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
    if [ -n "$HBA" ] && [ -f "$WORK/hba" ]; then
        cat "$WORK/hba" >"$HBA" && q postgres "SELECT pg_reload_conf()" >/dev/null
    fi
    dropdb --if-exists "$DB" >/dev/null 2>&1
    dropdb --if-exists "$FRESH" >/dev/null 2>&1
    dropdb --if-exists "$PEER" >/dev/null 2>&1
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

# --- create-account: the first administrator and its set-password link ------
# The link's token: the last path of /password/set?token= in $WORK/out.
token_of() { sed -n 's|^.*/password/set?token=\([A-Za-z0-9_-]*\)$|\1|p' "$WORK/out" | tail -1; }
# SHA-256 of the token, as the module stores and looks it up (core/token.c).
token_row() {   # token_row TOKEN COLUMNS
    q "$DB" "SELECT $2 FROM one_time_tokens t JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = sha256(convert_to('$1', 'UTF8')) AND t.purpose = 'set_password'"
}

admin "$DB" create-account first.admin --email first.admin@ptpr.example \
    --roles admin --base-url https://pserv.example.com/
rc=$?
ok $rc "create-account first.admin --roles admin"
[ $rc -eq 0 ] || diag <"$WORK/err"
tok=$(token_of)
grep -q "^https://pserv.example.com/password/set?token=$tok\$" "$WORK/out" && [ ${#tok} -eq 43 ]
ok $? "it prints the whole link from --base-url (trailing slash dropped), a 43-character token"
[ "$(q "$DB" "SELECT full_name || '|' || email || '|' || (password_hash IS NULL) || '|' || active FROM accounts WHERE username = 'first.admin'")" = \
  "First Admin|first.admin@ptpr.example|true|true" ]
ok $? "the account exists, active, without a password, named after its username"
[ "$(q "$DB" "SELECT string_agg(role, ' ') FROM account_roles r JOIN accounts a ON a.id = r.account_id WHERE a.username = 'first.admin'")" = admin ]
ok $? "its only role is admin"
[ "$(token_row "$tok" "a.username || '|' || (t.expires_at - t.created_at = interval '72 hours') || '|' || (t.created_at > now() - interval '1 minute') || '|' || (t.used_at IS NULL AND t.revoked_at IS NULL)")" = \
  "first.admin|true|true|true" ]
ok $? "one_time_tokens holds the token's SHA-256 for the account, unused, expiring in 72 hours (PservTokenLifetime's default)"
[ "$(count "$DB" mail_outbox)" = 0 ]
ok $? "without --mail nothing is queued"
grep -q "$tok" "$WORK/err"
[ $? -ne 0 ]
ok $? "the token is on standard output only"

before=$(checksum "$DB")
admin "$DB" create-account first.admin --email other@ptpr.example --roles ict_manager
[ $? -eq 3 ] && grep -q 'create-account: an account with username "first.admin" already exists' "$WORK/err"
ok $? "create-account of an existing username exits 3 and says so"
diag <"$WORK/err"
admin "$DB" create-account admin --email admin@ptpr.example
[ $? -eq 3 ]
ok $? "create-account of an imported username (admin) exits 3"
admin "$DB" create-account new.user --email new.user@ptpr.example --roles admin,superuser
[ $? -eq 2 ] && grep -q 'unknown role "superuser"' "$WORK/err"
ok $? "an unknown role exits 2 and names it"
diag <"$WORK/err"
admin "$DB" create-account new.user --email 'not an address'
[ $? -eq 2 ] && grep -q 'invalid e-mail address' "$WORK/err"
ok $? "a bad e-mail address exits 2"
admin "$DB" create-account new.user --roles admin
[ $? -eq 2 ] && grep -q -- '--email ADDRESS missing' "$WORK/err"
ok $? "no --email exits 2"
admin "$DB" create-account Bad.User --email bad@ptpr.example
[ $? -eq 2 ] && grep -q 'invalid username "Bad.User"' "$WORK/err"
ok $? "an invalid username exits 2"
admin "$DB" create-account new.user --email new.user@ptpr.example --base-url ftp://x
[ $? -eq 2 ] && grep -q 'must start with https://' "$WORK/err"
ok $? "a base URL that is not http(s) exits 2"
[ "$(checksum "$DB")" = "$before" ] && [ "$(count "$DB" one_time_tokens)" = 1 ]
ok $? "the refused create-accounts changed nothing"

env -u PSERV_BASE_URL "$ADMIN" -d "dbname=$DB" create-account helpdesk.two \
    --email helpdesk.two@ptpr.example --roles 'ict_executor ict_verificator' \
    --name 'Helpdesk Dua' --lifetime 3600 >"$WORK/out" 2>"$WORK/err"
ok $? "create-account with space-separated roles, --name and --lifetime"
tok2=$(token_of)
grep -q "^/password/set?token=$tok2\$" "$WORK/out" && grep -q 'no base URL given' "$WORK/out"
ok $? "without a base URL it prints the path and says so"
[ "$(q "$DB" "SELECT full_name FROM accounts WHERE username = 'helpdesk.two'")" = "Helpdesk Dua" ] &&
[ "$(q "$DB" "SELECT string_agg(role, ' ' ORDER BY role) FROM account_roles r JOIN accounts a ON a.id = r.account_id WHERE a.username = 'helpdesk.two'")" = "ict_executor ict_verificator" ] &&
[ "$(token_row "$tok2" "t.expires_at - t.created_at = interval '1 hour'")" = t ]
ok $? "name, both roles and a one-hour link stored"
admin "$DB" create-account helpdesk.three --email h3@ptpr.example --mail
[ $? -eq 2 ] && grep -q -- '--mail needs the base URL' "$WORK/err"
ok $? "--mail without a base URL exits 2"

PSERV_BASE_URL=https://pserv.example.com admin "$DB" create-account helpdesk.three \
    --email h3@ptpr.example --mail
ok $? "create-account --mail with PSERV_BASE_URL"
tok3=$(token_of)
[ "$(q "$DB" "SELECT count(*) FROM mail_outbox WHERE to_addr = 'h3@ptpr.example' AND status = 'pending' AND request_id IS NULL AND subject = '[P-Serv] User ID Anda telah dibuat' AND strpos(body_text, 'https://pserv.example.com/password/set?token=$tok3') > 0 AND strpos(body_text, 'helpdesk.three') > 0")" = 1 ]
ok $? "--mail queues one pending mail in mail_outbox holding the link and the username"

# --- password-link: a new link revokes the older ---------------------------
PSERV_BASE_URL=https://pserv.example.com admin "$DB" password-link first.admin
ok $? "password-link first.admin"
tok4=$(token_of)
[ -n "$tok4" ] && [ "$tok4" != "$tok" ] &&
[ "$(token_row "$tok" "t.revoked_at IS NOT NULL")" = t ] &&
[ "$(token_row "$tok4" "t.revoked_at IS NULL AND t.used_at IS NULL")" = t ]
ok $? "the new link is stored and the first one revoked"
admin "$DB" password-link nobody.here
[ $? -eq 1 ] && grep -q 'no account with username "nobody.here"' "$WORK/err"
ok $? "password-link for an unknown username exits 1"

# --- --version and --help ---------------------------------------------------
"$ADMIN" --version >"$WORK/out" 2>&1
[ $? -eq 0 ] && [ "$(cat "$WORK/out")" = "pserv-admin $(cat VERSION)" ]
ok $? "--version prints pserv-admin $(cat VERSION)"
"$ADMIN" --help >"$WORK/out" 2>&1
r=$?
for c in migrate import create-account password-link set-password set-roles mfa-set mfa-reset \
         -- --db --version --email --roles --name --base-url --lifetime --mail \
         --if-unset --key PSERV_DB PSERV_BASE_URL PSERV_MFA_KEY_FILE 'user=www-data' 'runuser -u www-data --'; do
    [ "$c" = -- ] && continue
    grep -q -F -- "$c" "$WORK/out" || { echo "# --help lacks $c"; r=1; }
done
! grep -q 'user=pserv' "$WORK/out" || r=1
ok $r "--help names every command, option and variable, with www-data examples"

# --- run by root: -d "... user=ROLE" through peer authentication -------------
# Debian's local connections use peer authentication: root asking for the
# role www-data is refused unless pserv-admin connects with www-data's ids.
# A line for one scratch database only, taken out again on exit.
if [ "$(id -u)" != 0 ] || ! getent passwd www-data >/dev/null; then
    echo "ok $((n + 1)) # skip not run by root, or no system user www-data"
    n=$((n + 1))
else
    HBA=$(q postgres "SHOW hba_file")
    cp "$HBA" "$WORK/hba"
    { echo "local $PEER all peer"; cat "$WORK/hba"; } >"$HBA"
    q postgres "SELECT pg_reload_conf()" >/dev/null
    q postgres "SELECT 1 FROM pg_roles WHERE rolname = 'www-data'" | grep -q 1 ||
        q postgres 'CREATE ROLE "www-data" LOGIN' >/dev/null
    dropdb --if-exists "$PEER" >/dev/null 2>&1
    createdb -O www-data "$PEER"
    ok $? "a database $PEER owned by www-data, peer authentication only"
    psql -XAtq -d "dbname=$PEER user=www-data" -c 'SELECT 1' >/dev/null 2>&1
    [ $? -ne 0 ]
    ok $? "control: root's psql as user=www-data is refused"
    env -u PGUSER "$ADMIN" -d "dbname=$PEER user=www-data" migrate sql >"$WORK/out" 2>"$WORK/err"
    rc=$?
    ok $rc "root: pserv-admin -d \"dbname=$PEER user=www-data\" migrate"
    [ $rc -eq 0 ] || diag <"$WORK/err"
    env -u PGUSER "$ADMIN" -d "dbname=$PEER user=www-data" create-account admin \
        --email admin@ptpr.example --roles admin >"$WORK/out" 2>"$WORK/err"
    ok $? "root: create-account admin as user=www-data"
    qpeer() { runuser -u www-data -- env -u PGUSER psql -XAtq -d "$PEER" -c "$1"; }
    [ "$(qpeer "SELECT tableowner FROM pg_tables WHERE tablename = 'accounts'")" = www-data ] &&
    [ "$(qpeer "SELECT count(*) FROM accounts a JOIN one_time_tokens t ON t.account_id = a.id WHERE a.username = 'admin'")" = 1 ]
    ok $? "the tables belong to www-data and the admin has its link"
    env -u PGUSER "$ADMIN" -d "dbname=$PEER" set-roles admin admin >"$WORK/out" 2>"$WORK/err"
    [ $? -eq 1 ] && grep -q 'role "root" does not exist.*add user=www-data' "$WORK/err"
    ok $? "root without user= fails with advice to add user= to -d"
    diag <"$WORK/err"
fi

echo "1..$n"
[ $failed -eq 0 ] || echo "# $failed of $n failed"
[ $failed -eq 0 ]
