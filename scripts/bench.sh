#!/usr/bin/env bash
# scripts/bench.sh: `make bench`. How close each main page comes to Apache
# serving a static file of the same size, in one run, on this machine.
#
# Seeds a benchmark database with BENCH_TICKETS synthetic tickets
# (bench/seed.sql, inside PostgreSQL; kept between runs while the count and
# the migrations are unchanged) and a small one with BENCH_SMALL tickets,
# starts a private Apache on each, drives them with wrk on loopback and
# prints requests per second, latency p50/p99 and the ratio to the static
# anchor; then the growth from the small to the big database, the resident
# memory of each child before and after BENCH_REQUESTS requests, and what
# one page view costs (statements sent to PostgreSQL, stylesheets compiled:
# the access log's db= and xslt= fields). Appends the figures to
# bench/results.md. Figures only: it never fails the build.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEV=$ROOT/scripts/dev.sh
VAR=$ROOT/var
PORT=${BENCH_PORT:-8090}
SMALL_PORT=$((PORT + 1))
TICKETS=${BENCH_TICKETS:-1000000}
SMALL=${BENCH_SMALL:-10000}
EMPLOYEES=${BENCH_EMPLOYEES:-100000}
DURATION=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-16}
REQUESTS=${BENCH_REQUESTS:-100000}
DB=pserv_bench
SMALL_DB=pserv_bench_small
RESULTS=$ROOT/bench/results.md
WORK=$VAR/bench
BASE=http://127.0.0.1:$PORT

say() { printf '%s\n' "$*" >&2; }
psql_() { local db=$1; shift; psql -X -q -At -h "$VAR/pg/run" -U pserv -d "$db" "$@"; }

command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
"$DEV" pg_start >/dev/null
mkdir -p "$WORK"

# ---- data ------------------------------------------------------------------

# seed DB N: the demo master data plus N tickets, unless DB already holds
# exactly that at the current schema.
seed() {
    local db=$1 n=$2 want have
    want="$n $(ls "$ROOT"/sql/[0-9]*.sql | wc -l)"
    have=$(psql_ "$db" -c "SELECT (SELECT tickets FROM bench_meta) || ' ' ||
                           (SELECT count(*) FROM schema_migrations)" 2>/dev/null)
    if [ "$have" = "$want" ]; then
        say "Database $db: $n tickets, kept from an earlier run"
        return 0
    fi
    say "Seeding $db with $n tickets and $EMPLOYEES employees ..."
    local t0=$SECONDS
    "$DEV" db "$db" fresh >/dev/null || return 1
    psql_ "$db" -v tickets="$n" -v employees="$EMPLOYEES" -f "$ROOT/bench/seed.sql" >/dev/null \
        || { say "seeding $db failed"; return 1; }
    say "  seeded in $((SECONDS - t0)) s"
}
seed "$SMALL_DB" "$SMALL" || exit 0
seed "$DB" "$TICKETS" || exit 0

# ---- servers ---------------------------------------------------------------

# The static anchor lives under the server's own directory, served by the
# same Apache with the handler switched off.
start() { # name port db [extra configuration]
    local dir=$VAR/$1
    mkdir -p "$dir/static"
    cat >"$dir/extra.conf" <<CONF
${4:-}
# make bench: every child lives through the run (no spare-thread reaping),
# and a static anchor beside the module's pages.
StartServers 2
MinSpareThreads 32
MaxSpareThreads 32
# The seeded tickets have waited for years: no reminders during the run.
PservRemindAfter 0
PservEscalateAfter 0
Alias /bench-static/ "$dir/static/"
<Directory "$dir/static">
    Require all granted
</Directory>
<Location /bench-static/>
    SetHandler none
</Location>
CONF
    chown -R pserv: "$dir"
    BASE_URL=http://127.0.0.1:$2 "$DEV" httpd_start "$1" "$2" "$3" >/dev/null || return 1
}
start httpd-bench "$PORT" "$DB" || exit 0
start httpd-bench-small "$SMALL_PORT" "$SMALL_DB" || { "$DEV" httpd_stop httpd-bench; exit 0; }
# The same database with PservPageCache on (issue 21): the pages kept per
# session and data version in shmcb; its log says hit or miss per page.
CACHE_PORT=$((PORT + 2))
start httpd-bench-cache "$CACHE_PORT" "$DB" "LoadModule socache_shmcb_module $(apxs -q LIBEXECDIR)/mod_socache_shmcb.so
PservPageCache shmcb:$VAR/httpd-bench-cache/pages(64000000)
CustomLog $VAR/httpd-bench-cache/logs/cache.log \"%{pserv-pagecache}n %U\"" \
    || { "$DEV" httpd_stop httpd-bench; "$DEV" httpd_stop httpd-bench-small; exit 0; }
trap 'touch "$WORK/writer.stop"; "$DEV" httpd_stop httpd-bench; "$DEV" httpd_stop httpd-bench-small; "$DEV" httpd_stop httpd-bench-cache; "$DEV" httpd_stop httpd-bench-node2 2>/dev/null' EXIT

# login PORT USER: a session cookie header for USER.
login() {
    local jar csrf base=http://127.0.0.1:$1
    jar=$(mktemp)
    csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" \
           | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
    curl -s -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode "csrf=$csrf" \
         -d "username=$2" -d password=Demo-Pserv-2026 "$base/login" -o /dev/null
    awk '$6 ~ /pserv_session$/ { print "Cookie: " $6 "=" $7 }' "$jar"
    rm -f "$jar"
}
COOKIE=$(login "$PORT" rina.wulandari)          # ICT Verificator
SMALL_COOKIE=$(login "$SMALL_PORT" rina.wulandari)
[ -n "$COOKIE" ] && [ -n "$SMALL_COOKIE" ] || { say "login failed"; exit 0; }

COMPLETED=$(psql_ "$DB" -c "SELECT max(id) FROM requests WHERE status = 'completed'")
LIST=/requests
SEARCH="/requests?status=completed&q=Siregar"   # a surname, 1 in 20
TICKET=/requests/$COMPLETED

# The anchor: a static file as big as the list page.
size=$(curl -s -H "$COOKIE" -o /dev/null -w '%{size_download}' "$BASE$LIST")
head -c "$size" /dev/urandom | base64 -w 100 | head -c "$size" >"$VAR/httpd-bench/static/anchor.html"
# and one as big as the ticket page (the ticket's own anchor)
tsize=$(curl -s -H "$COOKIE" -o /dev/null -w '%{size_download}' "$BASE$TICKET")
head -c "$tsize" /dev/urandom | base64 -w 100 | head -c "$tsize" >"$VAR/httpd-bench/static/anchor-ticket.html"
# and one as big as the login page (the login rows' anchor)
lsize=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/login")
head -c "$lsize" /dev/urandom | base64 -w 100 | head -c "$lsize" >"$VAR/httpd-bench/static/anchor-login.html"
chown -R pserv: "$VAR/httpd-bench/static" 2>/dev/null || true

# The upload: a 1 MB PDF posted to the public form (a fresh form each time:
# the draft is made, the file read and stored, the form shown again).
{ printf '%%PDF-1.4\n'; head -c $((1024 * 1024 - 9)) /dev/urandom; } >"$WORK/upload.pdf"
CSRF=$(curl -s -c - "$BASE/login" -o /dev/null | awk '$6 ~ /pserv_csrf$/ { print $6 "=" $7 }')
cat >"$WORK/submit.lua" <<LUA
local f = assert(io.open("$WORK/upload.pdf", "rb"))
local pdf = f:read("*a")
f:close()
local b = "----pservbench7d1f"
local function field(name, value)
    return "--" .. b .. "\r\nContent-Disposition: form-data; name=\"" .. name
        .. "\"\r\n\r\n" .. value .. "\r\n"
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. b
wrk.headers["Cookie"] = "${CSRF}"
wrk.headers["Origin"] = "$BASE"
wrk.body = field("csrf", "${CSRF#*=}") .. field("form_token", "")
    .. field("kind", "UNIT") .. field("action", "edit")
    .. "--" .. b .. "\r\nContent-Disposition: form-data; name=\"attachments\";"
    .. " filename=\"surat-tugas.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    .. pdf .. "\r\n--" .. b .. "--\r\n"
LUA
[ -n "${CSRF#*=}" ] || say "no CSRF cookie for the submit"

# ---- measuring ---------------------------------------------------------------

total=0
# measure NAME PORT PATH [wrk args...]: prints "rps p50ms p99ms errors".
measure() {
    local port=$1 path=$2 out; shift 2
    out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$port$path" 2>&1)
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
                         if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
        /requests in/ { n = $1 }
        /Non-2xx/ { err += $NF }
        /Socket errors/ { for (i = 3; i <= NF; i++) err += $i + 0 }   # connect N, read N, write N, timeout N
        END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, err + 0, n }' <<<"$out"
}

children() { # port -> "pid rss_kb" per child of that server
    local master
    master=$(cat "$VAR/httpd-bench/run/httpd.pid")
    anon_rss "$master"
}
# anon_rss MASTER -> "pid kB" per child: its private memory (RssAnon), not
# the shared segments it touches (a shmcb cache fills and is counted in RSS)
anon_rss() {
    local pid
    for pid in $(ps --ppid "$1" -o pid=); do
        printf '%s %s\n' "$pid" "$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)"
    done | sort -n
}

# Warm up the servers, then note memory: every page the run asks for (in
# both languages), at both numbers of connections the run uses ($CONNS and
# 64). A child's private memory depends on how many connections were ever
# open at once and how many requests ran at once, not on how many it served
# (docs/PERFORMANCE.md, "Memory"): each connection keeps its own pool
# memory (up to MaxMemFree, Debian's APR maps it with mmap, outside
# malloc), 64 transforms at once take more of malloc's arenas than 16, and
# each of the 128 threads keeps its own cache of freed blocks (glibc's
# tcache) once it has served a few pages. Warmed at $CONNS only, the first
# 64-connection run counted as growth (+7 to +10 MB of a ~50 MB child).
WARM=${BENCH_WARMUP_SECONDS:-5}
warm() { # URL [wrk args...]: WARM seconds at $CONNS connections, then at 64
    local url=$1; shift
    wrk -t1 -c"$CONNS" -d"${WARM}s" "$@" "$url" >/dev/null 2>&1
    wrk -t1 -c64 -d"${WARM}s" "$@" "$url" >/dev/null 2>&1
}
for p in "$LIST" "$SEARCH" "$TICKET" /login /bench-static/anchor.html /bench-static/anchor-login.html; do
    warm "$BASE$p" -H "$COOKIE"
done
for p in "$LIST" "$TICKET" /login; do
    warm "$BASE$p" -H "$COOKIE" -H "Accept-Language: en"
done
wrk -t1 -c"$CONNS" -d"${WARM}s" -s "$WORK/submit.lua" "$BASE/request/new" >/dev/null 2>&1
wrk -t1 -c"$CONNS" -d2s -H "$SMALL_COOKIE" "http://127.0.0.1:$SMALL_PORT$LIST" >/dev/null 2>&1
mem_before=$(children)
load=$(cut -d' ' -f1-3 /proc/loadavg)
log=$VAR/httpd-bench/logs/access.log
log_from=$(wc -l <"$log")

say "Measuring: wrk -t1 -c$CONNS, ${DURATION} s each, $TICKETS tickets ..."
declare -A R
R[anchor]=$(measure "$PORT" /bench-static/anchor.html)
R[anchor_t]=$(measure "$PORT" /bench-static/anchor-ticket.html)
R[anchor_l]=$(measure "$PORT" /bench-static/anchor-login.html)
R[login]=$(measure "$PORT" /login)
R[list]=$(measure "$PORT" "$LIST" -H "$COOKIE")
R[search]=$(measure "$PORT" "$SEARCH" -H "$COOKIE")
R[ticket]=$(measure "$PORT" "$TICKET" -H "$COOKIE")
# The same pages in English (issue 20): their texts are compiled into the
# stylesheets per language and the C texts are one hash lookup, so these
# should match the rows above.
R[login_en]=$(measure "$PORT" /login -H "Accept-Language: en")
R[list_en]=$(measure "$PORT" "$LIST" -H "$COOKIE" -H "Accept-Language: en")
R[ticket_en]=$(measure "$PORT" "$TICKET" -H "$COOKIE" -H "Accept-Language: en")
mem_pre_submit=$(children)
R[submit]=$(measure "$PORT" /request/new -s "$WORK/submit.lua")
mem_post_submit=$(children)
R[small]=$(measure "$SMALL_PORT" "$LIST" -H "$SMALL_COOKIE")
# PservPageCache on (one session: after its first view each page is a hit)
CACHE_LOG=$VAR/httpd-bench-cache/logs/cache.log
cache_from=$(wc -l <"$CACHE_LOG" 2>/dev/null || echo 0)
R[list_c]=$(measure "$CACHE_PORT" "$LIST" -H "$COOKIE")
R[search_c]=$(measure "$CACHE_PORT" "$SEARCH" -H "$COOKIE")
R[ticket_c]=$(measure "$CACHE_PORT" "$TICKET" -H "$COOKIE")
hits() { # the cache log's lines from $1 on -> "rate (hits, misses)"
    tail -n +"$(($1 + 1))" "$CACHE_LOG" 2>/dev/null | awk '
        $1 == "hit" { h++ } $1 == "miss" { m++ }
        END { if (h + m) printf "%.2f%% (%d hits, %d misses)", 100 * h / (h + m), h, m; else print "-" }'
}
hit_rate=$(hits "$cache_from")

# The mix (issue 21): BENCH_MIX_SESSIONS sessions, one per account of a
# seeded organisation: Atasan of the seeded tickets (their scope: their
# own staff's tickets) and ICT users (every ticket), their sessions written
# straight into sessions. Each request is another session: 45% the list's
# default view, 10% the list of completed tickets, 45% one of the
# session's own tickets (an Atasan's staff's, an ICT user's recent ones).
# Meanwhile a writer turns 1% of the requests served into writes, half
# decisions (a ticket of the mix gets an Activity Log line and is
# updated), half submits (a new ticket), as transactions of the same
# tables the pages do, so what the cache keeps is invalidated as in use.
MIX_N=${BENCH_MIX_SESSIONS:-200}
MIX_REQ=${BENCH_MIX_REQUESTS:-400000}   # or BENCH_MIX_SECONDS (600) of it
MIX_ICT=$((MIX_N / 20 + 1))
psql_ "$DB" -v ON_ERROR_STOP=1 >/dev/null <<SQL || say "mix accounts failed"
INSERT INTO accounts (username, nopek, full_name, email, unit_code)
SELECT 'mix-atasan-' || n, b.atasan_nopek, e.full_name, e.email, e.unit_code
FROM (SELECT atasan_nopek, row_number() OVER (ORDER BY count(*) DESC, atasan_nopek) AS n
        FROM requests GROUP BY atasan_nopek ORDER BY count(*) DESC, atasan_nopek
       LIMIT $((MIX_N - MIX_ICT))) b
JOIN employees e ON e.nopek = b.atasan_nopek
ON CONFLICT (username) DO NOTHING;
INSERT INTO accounts (username, full_name, email)
SELECT 'mix-ict-' || n, 'ICT Bench ' || n, 'mix-ict-' || n || '@ptpr.example'
FROM generate_series(1, $MIX_ICT) n ON CONFLICT (username) DO NOTHING;
INSERT INTO account_roles (account_id, role)
SELECT a.id, (ARRAY['ict_verificator', 'ict_manager', 'ict_executor'])[1 + n % 3]
FROM generate_series(1, $MIX_ICT) n JOIN accounts a ON a.username = 'mix-ict-' || n
ON CONFLICT DO NOTHING;
DELETE FROM sessions WHERE client_ip = 'bench-mix';
CREATE TEMP TABLE mix AS
SELECT row_number() OVER (ORDER BY a.id) AS i, a.id, a.nopek
FROM accounts a WHERE a.username LIKE 'mix-%' ORDER BY a.id LIMIT $MIX_N;
INSERT INTO sessions (token_hash, account_id, csrf_token, client_ip)
SELECT sha256(convert_to(k.t, 'UTF8')), m.id, md5(k.t), 'bench-mix'
FROM mix m, LATERAL (SELECT substr(md5(m.i || 'mix') || md5(m.i || 'bench'), 1, 43) AS t) k;
DROP TABLE IF EXISTS bench_mix;
CREATE TABLE bench_mix AS
SELECT m.i, k.t AS token,
       coalesce((SELECT string_agg(id::text, ',') FROM (SELECT r.id FROM requests r
                  WHERE m.nopek IS NOT NULL AND r.atasan_nopek = m.nopek
                  ORDER BY r.id DESC LIMIT 5) x),
                (SELECT string_agg(id::text, ',') FROM (SELECT r.id FROM requests r
                  ORDER BY r.id DESC OFFSET (m.i * 7) % 500 LIMIT 5) y)) AS tickets
FROM mix m, LATERAL (SELECT substr(md5(m.i || 'mix') || md5(m.i || 'bench'), 1, 43) AS t) k;
SQL
{
    echo "local n, i = $MIX_N, 0"
    echo 'tokens, tickets = {}, {}'
    psql_ "$DB" -F' ' -c "SELECT i, token, tickets FROM bench_mix ORDER BY i" \
        | awk '{ printf "tokens[%d] = \"%s\"; tickets[%d] = { %s }\n", $1, $2, $1, $3 }'
    cat <<'LUA'
math.randomseed(7)
request = function()
    local k = math.random(n)
    local r = math.random(100)
    local path
    if r <= 45 then path = "/requests"
    elseif r <= 55 then path = "/requests?status=completed"
    else local t = tickets[k]; path = "/requests/" .. t[math.random(#t)] end
    wrk.headers["Cookie"] = "pserv_session=" .. tokens[k]
    return wrk.format("GET", path)
end
LUA
} >"$WORK/mix.lua"
MIX_TICKETS=$(psql_ "$DB" -c "SELECT string_agg(DISTINCT t, ',') FROM bench_mix, unnest(string_to_array(tickets, ',')) t")
# writer LOG: one write per 100 lines LOG gains (one line per page served)
writer() {
    local log=$1 seen now due=0 k=0 ids
    IFS=, read -r -a ids <<<"$MIX_TICKETS"
    seen=$(wc -l <"$log")
    rm -f "$WORK/writer.stop"
    while [ ! -e "$WORK/writer.stop" ] && sleep 0.2; do
        now=$(wc -l <"$log")
        due=$((due + now - seen)); seen=$now
        while [ "$due" -ge 100 ]; do
            due=$((due - 100)); k=$((k + 1))
            if [ $((k % 2)) = 0 ]; then   # a decision on a ticket of the mix
                id=${ids[RANDOM % ${#ids[@]}]}
                echo "BEGIN;
                  INSERT INTO activity_log (request_id, at, actor_name, actor_role, action, reason)
                  VALUES ($id, now(), 'ICT Bench', 'ICT Verificator', 'Approved', 'bench mix');
                  UPDATE requests SET updated_at = now() WHERE id = $id;
                  COMMIT;"
            else                          # a submit: a new ticket
                echo "BEGIN;
                  WITH n AS (INSERT INTO requests (nomor, kind, nopek, full_name, position, email, unit_code,
                                       atasan_nopek, note, status, created_at, updated_at)
                    SELECT 'UID-' || to_char(now(), 'YYYY') || '-M' || lpad(nextval('request_nomor_seq')::text, 7, '0'),
                           kind, nopek, full_name, position, email, unit_code, atasan_nopek, note, 'atasan', now(), now()
                      FROM requests WHERE id = $COMPLETED RETURNING id, full_name)
                  INSERT INTO activity_log (request_id, at, actor_name, actor_role, action, reason)
                  SELECT id, now(), full_name, 'Pemohon', 'Submitted', 'bench mix' FROM n;
                  COMMIT;"
            fi
        done
    done | psql_ "$DB" >/dev/null 2>&1
}
stop_writer() { touch "$WORK/writer.stop"; wait "$WRITER" 2>/dev/null; rm -f "$WORK/writer.stop"; }
mix_writes() { psql_ "$DB" -c "SELECT count(*) FROM activity_log WHERE reason = 'bench mix'"; }
# CPU time so far of every apache2 and every postgres process: "apache pg" in ticks
cpu_split() {
    cat /proc/[0-9]*/stat 2>/dev/null | awk '
        $2 == "(apache2)" { a += $14 + $15 } $2 == "(postgres)" { p += $14 + $15 }
        END { printf "%d %d\n", a, p }'
}
# measure_mix PORT SECONDS CONNS: the mix for SECONDS
measure_mix() {
    local port=$1 secs=$2 conns=$3
    CONNS=$conns DURATION=$secs measure "$port" / -s "$WORK/mix.lua"
}
writer "$log" & WRITER=$!
R[mix]=$(measure_mix "$PORT" "$DURATION" "$CONNS")
stop_writer
mix_from=$(wc -l <"$CACHE_LOG" 2>/dev/null || echo 0)
v0=$(psql_ "$DB" -c "SELECT string_agg(v::text, ' ' ORDER BY scope DESC) FROM pserv_data_version")
w0=$(mix_writes)
cache_children() { anon_rss "$(cat "$VAR/httpd-bench-cache/run/httpd.pid")"; }
# warm the cache server's children on the mix (at both numbers of
# connections, as above; a minute in all by default), then the long run
WARM=${BENCH_MIX_WARMUP_SECONDS:-30} warm "http://127.0.0.1:$CACHE_PORT/" -s "$WORK/mix.lua"
mix_from=$(wc -l <"$CACHE_LOG" 2>/dev/null || echo 0)
mem_mix_before=$(cache_children)
writer "$CACHE_LOG" & WRITER=$!
R[mix_c]=$(measure_mix "$CACHE_PORT" "$DURATION" "$CONNS")
R[mix_c64]=$(measure_mix "$CACHE_PORT" "$DURATION" 64)
# top the cache server up to MIX_REQ requests of the mix since its memory was read
mix_total=$(( $(wc -l <"$CACHE_LOG") - mix_from ))
mix_until=$((SECONDS + ${BENCH_MIX_SECONDS:-600}))
while [ "$mix_total" -lt "$MIX_REQ" ] && [ "$SECONDS" -lt "$mix_until" ]; do
    wrk -t1 -c"$CONNS" -d10s -s "$WORK/mix.lua" "http://127.0.0.1:$CACHE_PORT/" >/dev/null 2>&1
    n=$(( $(wc -l <"$CACHE_LOG") - mix_from ))
    [ "$n" -gt "$mix_total" ] || break
    mix_total=$n
done
stop_writer
mem_mix_after=$(cache_children)
mix_hit_rate=$(hits "$mix_from")
v1=$(psql_ "$DB" -c "SELECT string_agg(v::text, ' ' ORDER BY scope DESC) FROM pserv_data_version")
w1=$(mix_writes)
# p99 at 64 connections, one page at a time, with the cache (one session)
R[login64]=$(CONNS=64 measure "$PORT" /login)
R[list_c64]=$(CONNS=64 measure "$CACHE_PORT" "$LIST" -H "$COOKIE")
R[search_c64]=$(CONNS=64 measure "$CACHE_PORT" "$SEARCH" -H "$COOKIE")
R[ticket_c64]=$(CONNS=64 measure "$CACHE_PORT" "$TICKET" -H "$COOKIE")
# Two nodes on one database: the cache server and a second one (its own
# shmcb), the same mix driven at both at once.
NODE2_PORT=$((PORT + 3))
if start httpd-bench-node2 "$NODE2_PORT" "$DB" "LoadModule socache_shmcb_module $(apxs -q LIBEXECDIR)/mod_socache_shmcb.so
PservPageCache shmcb:$VAR/httpd-bench-node2/pages(64000000)"; then
    wrk -t1 -c"$CONNS" -d"${WARM}s" -s "$WORK/mix.lua" "http://127.0.0.1:$NODE2_PORT/" >/dev/null 2>&1
    one=$(measure_mix "$CACHE_PORT" "$DURATION" "$CONNS")
    cpu0=$(cpu_split)
    measure_mix "$NODE2_PORT" "$DURATION" "$CONNS" >"$WORK/node2.out" &
    R[node1]=$(measure_mix "$CACHE_PORT" "$DURATION" "$CONNS")
    wait
    cpu1=$(cpu_split)
    R[node2]=$(cat "$WORK/node2.out")
    R[node_one]=$one
    # and the issue's own figure: the cached list, one node alone, then
    # both at once (the same session: its page kept in each node's cache)
    wrk -t1 -c"$CONNS" -d"${WARM}s" -H "$COOKIE" "http://127.0.0.1:$NODE2_PORT$LIST" >/dev/null 2>&1
    R[lnode_one]=$(measure "$CACHE_PORT" "$LIST" -H "$COOKIE")
    lcpu0=$(cpu_split)
    measure "$NODE2_PORT" "$LIST" -H "$COOKIE" >"$WORK/node2.out" &
    R[lnode1]=$(measure "$CACHE_PORT" "$LIST" -H "$COOKIE")
    wait
    lcpu1=$(cpu_split)
    R[lnode2]=$(cat "$WORK/node2.out")
    "$DEV" httpd_stop httpd-bench-node2 >/dev/null
fi
psql_ "$DB" -c "DELETE FROM sessions WHERE client_ip = 'bench-mix'" >/dev/null
for k in anchor login list search ticket login_en list_en ticket_en submit; do
    total=$((total + $(cut -d' ' -f5 <<<"${R[$k]}")))
done
# Top up to BENCH_REQUESTS page views since the memory was first read.
while [ "$total" -lt "$REQUESTS" ]; do
    n=$(wrk -t1 -c"$CONNS" -d5s -H "$COOKIE" "$BASE$TICKET" 2>&1 | awk '/requests in/ { print $1 }')
    total=$((total + ${n:-0}))
    [ "${n:-0}" -gt 0 ] || break
done
mem_after=$(children)

# ---- report ------------------------------------------------------------------

row() { # label key [anchor key]
    local rps p50 p99 err anchor_rps
    read -r rps p50 p99 err _ <<<"${R[$2]}"
    anchor_rps=$(cut -d' ' -f1 <<<"${R[${3:-anchor}]}")
    printf '| %-44s | %8s | %8s | %8s | %6s | %5s |\n' "$1" "$rps" "$p50" "$p99" \
        "$(awk -v a="$rps" -v b="$anchor_rps" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }')" \
        "$err"
}
costs() { # URL regex -> statements per request, compilations, from the access log since the run began
    tail -n +"$((log_from + 1))" "$log" | awk -v want="$1" '
        { if ($7 !~ want) next
          for (i = 1; i <= NF; i++) { if ($i ~ /^db=/) db += substr($i, 4); if ($i ~ /^xslt=/) x += substr($i, 6) }
          n++ }
        END { if (n) printf "%.2f statements, %d compilations over %d requests", db / n, x, n; else print "-" }'
}

# two_nodes CPU0 CPU1 ONE N1 N2 WHAT: the two-node lines from the CPU
# (cpu_split) before and after both ran and the rows R[ONE], R[N1], R[N2].
# On this machine both nodes, PostgreSQL and wrk share the same cores, so
# two nodes cannot serve more than one: the measured sum shows that both
# serve, and the CPU each side spends per request (a for Apache, p for
# PostgreSQL) gives what nodes with cores of their own would. The
# simulation: a node of k cores serves at most k/a requests a second, a
# PostgreSQL of d cores d/p, so one node serves min(k/a, d/p) and two
# min(2k/a, d/p). Printed for the issue's 4-core machine split as one core
# a node and two for the PostgreSQL both use (k = 1, d = 2), and for the
# stricter split of as many cores for PostgreSQL as for one node (k = d).
two_nodes() {
    local a0 p0 a1 p1 n12
    read -r a0 p0 <<<"$1"; read -r a1 p1 <<<"$2"
    n12=$(( $(cut -d' ' -f5 <<<"${R[$4]}") + $(cut -d' ' -f5 <<<"${R[$5]}") ))
    awk -v a=$((a1 - a0)) -v p=$((p1 - p0)) -v n="$n12" -v hz="$(getconf CLK_TCK)" -v what="$6" \
        -v one="$(cut -d' ' -f1 <<<"${R[$3]}")" \
        -v both="$(( $(cut -d' ' -f1 <<<"${R[$4]}") + $(cut -d' ' -f1 <<<"${R[$5]}") ))" '
    function min(u, v) { return u < v ? u : v }
    function ratio(k, d) { return min(2 * k / x, d / y) / min(k / x, d / y) }
    function bound(k, d) {
        if (2 * k / x <= d / y) return "both nodes bound by their own cores"
        if (k / x <= d / y) return "one node bound by its cores, two by PostgreSQL"
        return "PostgreSQL-bound already with one node"
    }
    BEGIN {
        if (!n) exit
        x = 1e6 * a / hz / n; y = 1e6 * p / hz / n
        printf "- %s: together %d req/s against %d alone (%.2f x) on this machine'"'"'s %d cores, which both nodes, PostgreSQL and wrk share.\n", what, both, one, one ? both / one : 0, '"$(nproc)"'
        printf "- CPU per request of %s: Apache %.0f us, PostgreSQL %.0f us (a/p = %.2f).\n", what, x, y, (y > 0 ? x / y : 0)
        if (y <= 0) exit
        printf "- Simulated, nodes with cores of their own: on the 4-core machine (1 core a node, 2 for PostgreSQL) two nodes serve **%.2f x** one node on %s (%s); with as many cores for PostgreSQL as a node has, %.2f x (%s).\n", ratio(1, 2), what, bound(1, 2), ratio(1, 1), bound(1, 1)
    }'
}

commit=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$(cd "$ROOT" && git diff --quiet HEAD 2>/dev/null || echo "+dirty")
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
report=$(
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit"
    echo
    echo "$(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
         "$TICKETS tickets, wrk -t1 -c$CONNS for ${DURATION} s each, loopback; anchors: static files of $size bytes" \
         "(the list page's size), $tsize bytes (the ticket page's, for the ticket rows) and $lsize bytes (the login page's, for the login rows);" \
         "load average before the run: $load."
    echo
    echo "| page                                         |    req/s | p50 (ms) | p99 (ms) | vs static | errors |"
    echo "|----------------------------------------------|---------:|---------:|---------:|------:|------:|"
    row "static file, list page's size (the anchor)" anchor
    row "static file, ticket page's size (its anchor)" anchor_t
    row "static file, login page's size (its anchor)" anchor_l
    row "login page (no database)" login anchor_l
    row "list, first page, waiting for the Verificator" list
    row "list, text search + status filter" search
    row "ticket page, completed (full Activity Log)" ticket anchor_t
    row "login page, in English" login_en anchor_l
    row "list, first page, in English" list_en
    row "ticket page, in English" ticket_en anchor_t
    row "public form, 1 MB PDF upload (fresh form)" submit
    row "list, first page, PservPageCache shmcb" list_c
    row "list, search + filter, PservPageCache shmcb" search_c
    row "ticket page, PservPageCache shmcb" ticket_c anchor_t
    echo
    row "mix: $MIX_N sessions, lists + tickets, 1% writes, cache off" mix
    row "the same mix, PservPageCache shmcb" mix_c
    row "the same mix, PservPageCache shmcb, 64 connections" mix_c64
    echo
    echo "At 64 connections (p99 is the column to read):"
    echo
    echo "| page                                         |    req/s | p50 (ms) | p99 (ms) | vs static | errors |"
    echo "|----------------------------------------------|---------:|---------:|---------:|------:|------:|"
    row "login page" login64 anchor_l
    row "list, first page, PservPageCache shmcb" list_c64
    row "list, search + filter, PservPageCache shmcb" search_c64
    row "ticket page, PservPageCache shmcb" ticket_c64 anchor_t
    row "mix, PservPageCache shmcb" mix_c64
    if [ -n "${R[node1]:-}" ]; then
        echo
        echo "Two nodes (two Apache, each its own shmcb) on one PostgreSQL, the mix at both at once:"
        echo
        echo "| page                                         |    req/s | p50 (ms) | p99 (ms) | vs static | errors |"
        echo "|----------------------------------------------|---------:|---------:|---------:|------:|------:|"
        row "one node alone" node_one
        row "node 1, beside node 2" node1
        row "node 2, beside node 1" node2
        echo
        two_nodes "$cpu0" "$cpu1" node_one node1 node2 "the mix"
        echo
        echo "The cached list (the issue's figure), one node alone and then both at once:"
        echo
        echo "| page                                         |    req/s | p50 (ms) | p99 (ms) | vs static | errors |"
        echo "|----------------------------------------------|---------:|---------:|---------:|------:|------:|"
        row "list, PservPageCache shmcb, one node alone" lnode_one
        row "list, node 1, beside node 2" lnode1
        row "list, node 2, beside node 1" lnode2
        echo
        two_nodes "$lcpu0" "$lcpu1" lnode_one lnode1 lnode2 "the cached list"
    fi
    echo
    echo "- Page cache hit rate (one session, no writes during the run): $hit_rate."
    echo "- Page cache hit rate in the mix: $mix_hit_rate over $mix_total requests; $((w1 - w0)) writes meanwhile; versions (tickets, people) $v0 -> $v1."
    echo "- Memory of the cache server's children (RssAnon, kB) over the $mix_total requests of the mix:"
    join <(echo "$mem_mix_before") <(echo "$mem_mix_after") | awk '{ printf "  - child %s: %d -> %d (%+.1f%%)\n", $1, $2, $3, 100 * ($3 - $2) / $2 }'
    s50=$(cut -d' ' -f2 <<<"${R[small]}"); b50=$(cut -d' ' -f2 <<<"${R[list]}")
    echo "- Growth: list p50 $s50 ms at $SMALL tickets, $b50 ms at $TICKETS:" \
         "$(awk -v a="$b50" -v b="$s50" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }') x."
    echo "- Memory (RssAnon of each child, kB) before -> after $total requests:"
    join <(echo "$mem_before") <(echo "$mem_after") | awk '{ printf "  - child %s: %d -> %d (%+.1f%%)\n", $1, $2, $3, 100 * ($3 - $2) / $2 }'
    echo "- Cost per page view (access log since the run began):"
    echo "  - login page: $(costs '^/login$')"
    echo "  - list, default view: $(costs '^/requests$')"
    echo "  - list, search + filter: $(costs '^/requests[?]')"
    echo "  - ticket page: $(costs "^$TICKET\$")"
    echo "  - public form upload: $(costs '^/request/new$')"
    echo "- Upload memory (RssAnon of each child, kB) before -> after the upload run:"
    join <(echo "$mem_pre_submit") <(echo "$mem_post_submit") | awk '{ printf "  - child %s: %d -> %d (%+d kB)\n", $1, $2, $3, $3 - $2 }'
)
echo
echo "$report"
{ [ -s "$RESULTS" ] || printf '# make bench results\n\nAppended by scripts/bench.sh; newest last.\n\n'; echo "$report"; echo; } >>"$RESULTS"
echo
echo "Appended to bench/results.md"
exit 0
