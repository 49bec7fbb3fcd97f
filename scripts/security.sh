#!/usr/bin/env bash
# scripts/security.sh: `make security`. sqlmap (Debian's package, installed
# when missing) against every parameter that reaches SQL: the list's
# filters and search, the CSV export's and the JSON API's, the ticket
# page's and the API's ticket id, the status link's token, the
# Administrator's account and employee searches, the nopek look-up, the
# public form (its review POST, multipart, and its submit POST, each with
# a fresh form token fetched through --csrf-token/--csrf-url) and the login
# form; logged in with a session cookie where that matters. Batch mode,
# level 1 (every GET/POST parameter), risk 1, PostgreSQL payloads only.
# Fails when sqlmap reports any injectable parameter or a target could not
# be tested.
#
# A private Apache on SECURITY_PORT (8102) and the database pserv_security
# (recreated) in the local cluster; mail stays queued (PservMailSMTP none).
# sqlmap's output: var/security/. Takes several minutes: not in `make test`.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEV=$ROOT/scripts/dev.sh
PORT=${SECURITY_PORT:-8102}
DB=pserv_security
BASE=http://127.0.0.1:$PORT
OUT=$ROOT/var/security
LEVEL=${SQLMAP_LEVEL:-1}
RISK=${SQLMAP_RISK:-1}
CONNINFO=$("$DEV" conninfo "$DB")

if ! command -v sqlmap >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends sqlmap >/dev/null \
        || { echo "cannot install sqlmap"; exit 1; }
fi
rm -rf "$OUT"
mkdir -p "$OUT"
"$DEV" pg_start
"$DEV" db "$DB" fresh >/dev/null
SMTP_URL=none "$DEV" httpd_start httpd-security "$PORT" "$DB" || exit 1
BG=
cleanup() {
    [ -z "$BG" ] || kill "$BG" 2>/dev/null
    "$DEV" httpd_stop httpd-security
}
trap cleanup EXIT

# The look-up allows 30 per address in 10 minutes and logins lock after 5
# failures: forget both every half second, so that sqlmap's hundreds of
# requests all reach the code under test.
(while :; do
    psql -X -q -d "$CONNINFO" -c "DELETE FROM rate_limits; DELETE FROM login_failures" >/dev/null 2>&1
    sleep 0.5
done) &
BG=$!

# A session (an ICT Verificator sees every ticket) and its CSRF token.
jar=$OUT/cookies
curl -s -c "$jar" -b "$jar" "$BASE/login" -o "$OUT/login.html"
pre_csrf=$(grep -o 'name="csrf" value="[^"]*"' "$OUT/login.html" | sed 's/.*value="//;s/"//')
curl -s -c "$jar" -b "$jar" --data-urlencode "csrf=$pre_csrf" -d username=rina.wulandari \
    -d password=Demo-Pserv-2026 "$BASE/login" -o /dev/null
session=$(awk '$6 == "pserv_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "cannot log in"; exit 1; }
COOKIE="pserv_session=$session"
csrf=$(curl -s -H "Cookie: $COOKIE" "$BASE/home" | grep -o 'name="csrf" value="[^"]*"' | head -1 \
    | sed 's/.*value="//;s/"//')
/usr/bin/python3 "$ROOT/scripts/chaos_client.py" submit "$BASE" --count 1 --seconds 30 \
    --workers 1 --tag SEC >/dev/null
tid=$(psql -X -q -At -d "$CONNINFO" -c "SELECT min(id) FROM requests")
[ -n "$csrf" ] && [ -n "$tid" ] || { echo "no CSRF token or no ticket"; exit 1; }

# An Administrator's session, for the admin pages' searches.
ajar=$OUT/admin-cookies
curl -s -c "$ajar" -b "$ajar" "$BASE/login" -o "$OUT/admin-login.html"
a_csrf=$(grep -o 'name="csrf" value="[^"]*"' "$OUT/admin-login.html" | sed 's/.*value="//;s/"//')
curl -s -c "$ajar" -b "$ajar" --data-urlencode "csrf=$a_csrf" -d username=admin \
    -d password=Demo-Pserv-2026 "$BASE/login" -o /dev/null
ADMIN_COOKIE="pserv_session=$(awk '$6 == "pserv_session" { print $7 }' "$ajar")"
# The requester's status link, from the submit mail still in the outbox
# (SMTP_URL=none: nothing is sent).
status_token=$(psql -X -q -At -d "$CONNINFO" -c "SELECT substring(body_text FROM '/status/([A-Za-z0-9_-]+)')
    FROM mail_outbox WHERE body_text LIKE '%/status/%' ORDER BY id LIMIT 1")
[ "$ADMIN_COOKIE" != "pserv_session=" ] && [ -n "$status_token" ] \
    || { echo "no admin session or no status link"; exit 1; }

FAILS=0
# run NAME sqlmap-args...: one target; PASS when sqlmap tested it and found
# nothing injectable.
run() {
    local name=$1 log=$OUT/$1.log t0=$SECONDS
    shift
    sqlmap --batch --flush-session --output-dir="$OUT/sqlmap" --dbms=PostgreSQL \
        --level="$LEVEL" --risk="$RISK" --threads=1 --timeout=30 --retries=1 \
        --disable-coloring "$@" >"$log" 2>&1 </dev/null
    local tested
    tested=$(grep -cE "testing '|heuristic|is dynamic|does not appear to be dynamic" "$log")
    if grep -qE "identified the following injection point|parameter '.*' is vulnerable|appears to be '.*' injectable" "$log"; then
        printf 'FAIL %-14s sqlmap found an injection (%s s):\n' "$name" $((SECONDS - t0))
        grep -E "Parameter:|Type:|Title:|Payload:|injectable" "$log" | sed 's/^/     /' | head -20
        FAILS=$((FAILS + 1))
    elif [ "$tested" -eq 0 ] || grep -qE "\[CRITICAL\]" "$log"; then
        printf 'FAIL %-14s not tested (%s s): %s\n' "$name" $((SECONDS - t0)) \
            "$(grep -E 'CRITICAL|ERROR' "$log" | head -3 | tr '\n' ' ')"
        FAILS=$((FAILS + 1))
    else
        printf 'PASS %-14s %s (%s s, %s tests)\n' "$name" \
            "$(grep -E 'do not appear to be injectable|not injectable' "$log" | tail -1 | sed 's/^\[[^]]*\] \[[A-Z]*\] //')" \
            $((SECONDS - t0)) "$(grep -c "testing '" "$log")"
    fi
}

echo "== sqlmap against $BASE (level $LEVEL, risk $RISK)"
run list -u "$BASE/requests?status=atasan&kind=UNIT&from=2026-01-01&to=2026-12-31&q=Agus&sort=asc&size=25&page=1" \
    --cookie="$COOKIE"
run ticket -u "$BASE/requests/${tid}*" --cookie="$COOKIE"
run export -u "$BASE/requests/export?status=atasan&kind=UNIT&from=2026-01-01&to=2026-12-31&q=Agus&sort=asc" \
    --cookie="$COOKIE"
run status -u "$BASE/status/${status_token}*"
run api-list -u "$BASE/api/v1/requests?status=atasan&kind=UNIT&from=2026-01-01&to=2026-12-31&q=Agus&sort=asc&size=25&page=1" \
    --cookie="$COOKIE"
run api-ticket -u "$BASE/api/v1/requests/${tid}*" --cookie="$COOKIE"
run admin-accounts -u "$BASE/admin/accounts?q=hendra&page=1" --cookie="$ADMIN_COOKIE"
run admin-employees -u "$BASE/admin/employees?q=Agus&after=10020003" --cookie="$ADMIN_COOKIE"
run lookup -u "$BASE/request/lookup?kind=HO_ORGANIK&nopek=10020003"
run login --data="csrf=$pre_csrf&username=rina.wulandari&password=wrong-password-1" \
    -u "$BASE/login" --cookie="pserv_csrf=$pre_csrf" --skip=csrf
# The public form's review POST (multipart), as the browser sends it. (Not
# with -r: sqlmap 1.7 reads its targets from a standard input that is not a
# terminal and then ignores -r.)
b=----sqlmapchaos
body=$(for kv in "csrf=$csrf" "form_token=x" kind=UNIT nopek= "full_name=Uji Keamanan" \
        position=Staf email=uji@unit.example unit_code=UNIT-JKT atasan_nopek=10050002 \
        note=Catatan platform=SAP "note_SAP=Akses SAP" action=review; do
        printf -- '--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' "$b" "${kv%%=*}" "${kv#*=}"
    done; printf -- '--%s--\r\n' "$b")
run form-review -u "$BASE/request/new" --cookie="$COOKIE" --data="$body" \
    -H "Content-Type: multipart/form-data; boundary=$b" --skip=csrf,form_token,action
# The review page's Submit Permohonan: a fresh form token for every request.
run form-submit -u "$BASE/request/submit" --cookie="$COOKIE" \
    --data="csrf=$csrf&form_token=x&kind=UNIT&nopek=&full_name=Uji+Keamanan&position=Staf&email=uji%40unit.example&unit_code=UNIT-JKT&atasan_nopek=10050002&note=Catatan&platform=SAP&note_SAP=Akses+SAP" \
    --csrf-token=form_token --csrf-url="$BASE/request/new" --skip=csrf
echo "== $FAILS failed; sqlmap logs in var/security/"
[ "$FAILS" -eq 0 ]
