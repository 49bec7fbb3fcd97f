#!/usr/bin/env bash
# scripts/bench.sh: `make bench`. Prints requests per second for the main
# pages against a database seeded with BENCH_TICKETS tickets. Figures only:
# it never fails the build (compare numbers within one run).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEV=$ROOT/scripts/dev.sh
PORT=${BENCH_PORT:-8090}
DB=pserv_bench
TICKETS=${BENCH_TICKETS:-100000}
SECONDS_EACH=${BENCH_SECONDS:-5}
BASE=http://127.0.0.1:$PORT

command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
"$DEV" pg_start
"$DEV" db "$DB" fresh >/dev/null
psql_() { psql -X -q -At -h "$ROOT/var/pg/run" -U pserv -d "$DB" "$@"; }

echo "Seeding $TICKETS tickets ..."
psql_ <<SQL
INSERT INTO requests (nomor, kind, nopek, full_name, position, email, unit_code,
                      atasan_nopek, status, created_at, updated_at)
SELECT 'UID-BENCH-' || lpad(g::text, 7, '0'),
       CASE WHEN g % 3 = 0 THEN 'UNIT' ELSE 'HO_ORGANIK' END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE '10020003' END,
       'Pekerja ' || g, 'Officer', 'pekerja' || g || '@ptpr.example',
       CASE WHEN g % 3 = 0 THEN 'UNIT-JKT' ELSE 'HO-FIN' END,
       CASE WHEN g % 3 = 0 THEN '10050002' ELSE '10020002' END,
       (ARRAY['atasan','verificator','manager','executor','completed','rejected'])[1 + g % 6],
       now() - (g || ' minutes')::interval, now()
FROM generate_series(1, $TICKETS) g;
INSERT INTO request_platforms (request_id, platform_code, note)
SELECT id, 'SAP', 'Akses modul FI' FROM requests;
ANALYZE;
SQL

BASE_URL=$BASE "$DEV" httpd_start httpd-bench "$PORT" "$DB"
jar=$(mktemp)
curl -s -c "$jar" -b "$jar" "$BASE/login" -o /tmp/pserv-bench-login.html
csrf=$(grep -o 'name="csrf" value="[^"]*"' /tmp/pserv-bench-login.html | sed 's/.*value="//;s/"//')
curl -s -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" -d username=rina.wulandari \
    -d password=Demo-Pserv-2026 "$BASE/login" -o /dev/null
cookie=$(awk '$6 == "pserv_session" { print "pserv_session=" $7 }' "$jar")
rm -f "$jar"

run() { # label url [header]
    local out
    out=$(wrk -t1 -c32 -d"${SECONDS_EACH}s" ${3:+-H "$3"} "$BASE$2" 2>&1)
    printf '%-44s %10s req/s  %s\n' "$1" \
        "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" \
        "$(awk '/Latency/ { print "latency avg " $2 }' <<<"$out")"
}

echo
echo "wrk -t1 -c32, ${SECONDS_EACH}s each, $TICKETS tickets:"
run "static CSS (the ceiling)" /static/pserv.css
run "GET /healthz" /healthz
run "GET /login" /login
run "list, first page, verificator's queue" "/requests" "Cookie: $cookie"
run "list, all statuses, 100 rows" "/requests?status=&size=100" "Cookie: $cookie"
run "list, search by name" "/requests?status=&q=Pekerja+4242" "Cookie: $cookie"
run "list, date range + kind" "/requests?status=&kind=UNIT&from=2026-01-01&to=2026-12-31" "Cookie: $cookie"
run "ticket page" "/requests/4242" "Cookie: $cookie"
"$DEV" httpd_stop httpd-bench
exit 0
