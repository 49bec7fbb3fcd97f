#!/usr/bin/env bash
# scripts/chaos.sh: `make chaos` (CHAOS=full, the default) and its short
# form in `make test` (CHAOS=short, under about two minutes: no soak, shorter
# runs). Breaks things under load and checks that P-Serv copes:
#
#   pg          PostgreSQL restarted under load: fast 503s, recovery, no
#               "prepared statement does not exist", no half-written ticket
#   smtp        the SMTP server down during approvals: every mail delivered
#               once it is back, none twice
#   graceful    apachectl graceful under wrk: no failed request
#   kill        an Apache child SIGKILLed during submits and approvals:
#               every ticket whole or absent, Activity Log matches status
#   limits      a 1 GB body, a slow-drip upload (1 B/s), 50 uploads that
#               keep coming at 700 B/s (above MinRate) and 200 silent
#               connections: refused or timed out by configuration (the
#               steady uploads by the body's 60 s cap), the site serves on
#   flood       64 clients POST /login with wrong passwords: the figures of
#               /healthz's latency before and during the flood, how many
#               logins were answered 503 (the Argon2id cap) or as a lock
#   twoservers  two Apache servers on one database: tickets, sessions and
#               mail (each sent once) across both
#   soak        (full only) CHAOS_SOAK_SECONDS (600) at half the measured
#               peak: no error, flat memory, flat latency
#
# Usage: scripts/chaos.sh [SCENARIO ...]   (all by default)
# Each scenario prints PASS or FAIL with its figures; the exit status is 1
# when any failed. The short run saves the minute that limits spends
# waiting for the shipped timeouts to close its slow clients: when smtp or
# twoservers comes after it, limits runs in the background while they do
# (light load on the first server: no restart, no kill, no flood; every
# threshold stays as it is), and prints its lines when it is done. Its
# order is therefore pg graceful kill flood limits smtp twoservers. Private servers: Apache on CHAOS_PORT (8100) and
# CHAOS_PORT2 (8101), an SMTP sink on CHAOS_MAIL_PORT (8027), the database
# pserv_chaos in the local cluster (scripts/dev.sh); logs in var/chaos/.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEV=$ROOT/scripts/dev.sh
CHAOS=${CHAOS:-full}
PORT1=${CHAOS_PORT:-8100}
PORT2=${CHAOS_PORT2:-8101}
SINK_PORT=${CHAOS_MAIL_PORT:-8027}
SOAK_SECONDS=${CHAOS_SOAK_SECONDS:-600}
DB=pserv_chaos
B1=http://127.0.0.1:$PORT1
B2=http://127.0.0.1:$PORT2
OUT=$ROOT/var/chaos
MAILDIR=$ROOT/var/mail-chaos
PY=/usr/bin/python3
CLIENT=$ROOT/scripts/chaos_client.py
H1=$ROOT/var/httpd-chaos1
H2=$ROOT/var/httpd-chaos2
CONNINFO=$("$DEV" conninfo "$DB")
RUN_USER=${RUN_USER:-pserv}
# Retries every second or two, and never given up, so a mail held back by
# the sink being down goes out within seconds of its return; up to 100 mails
# a look (once a second), as the local sink takes about that many.
# pserv:info logs the worker's start (MAIL01) and each mail sent (MAIL05).
EXTRA='PservMailRetryBase 1
PservMailRetryMax 2
PservMailMaxAttempts 1000
PservMailBatch 100
PservSubmitMaxPerAddress 0
PservSubmitMaxPerHour 0
LogLevel warn pserv:info'

# LOAD: seconds of load per scenario; TICKETS: tickets per server for the
# two-server walk to Completed; PAUSE: seconds between two submits of one
# client (the short run makes fewer tickets, so less mail for the sink to
# take before the next scenario's mail).
case $CHAOS in
    short) LOAD=6 TICKETS=4 PAUSE=0.3 ;;
    full) LOAD=20 TICKETS=15 PAUSE=0 ;;
    *) echo "CHAOS must be short or full" >&2; exit 2 ;;
esac

FAILS=0
pass() { printf 'PASS %-10s %s\n' "$1" "$2"; }
fail() { printf 'FAIL %-10s %s\n' "$1" "$2"; FAILS=$((FAILS + 1)); }
info() { printf '     %-10s %s\n' "$1" "$2"; }
psql_() { psql -X -q -At -d "$CONNINFO" "$@"; }
client() { "$PY" "$CLIENT" "$@"; }
json() { # JSON KEY: one value of a one-line JSON object
    "$PY" -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(json.dumps(v) if isinstance(v,(dict,list)) else v)' "$1" "$2"
}
as_user() { runuser -u "$RUN_USER" -- "$@"; }
logmark() { wc -l <"$1/logs/error.log"; }
logsince() { tail -n +"$(($2 + 1))" "$1/logs/error.log"; }
children() { pgrep -P "$(cat "$1/run/httpd.pid")"; }
now() { date +%s.%N; }

# The violations of scripts/chaos_invariants.sql, one a line.
invariants() { psql -X -q -d "$CONNINFO" -f "$ROOT/scripts/chaos_invariants.sql"; }

# Requests of client logs ("start elapsed what status") that took >= 10 s,
# timed out, or got a connection error.
slow_or_broken() { awk '$2 >= 10 || $4 == "-1" || $4 == "0"' "$@" | wc -l; }

# Each outbox row above $1 against the Maildir: prints "rows sent missing
# twice" (missing: sent by no message; twice: by more than one).
mail_count() {
    local from=$1
    psql_ -c "SELECT id FROM mail_outbox WHERE id > $from ORDER BY id" >"$OUT/mail-ids"
    "$PY" - "$MAILDIR" "$OUT/mail-ids" <<'PY'
import os, re, sys
maildir, ids = sys.argv[1], [l.strip() for l in open(sys.argv[2]) if l.strip()]
seen = {}
for sub in ('new', 'cur'):
    d = os.path.join(maildir, sub)
    for f in os.listdir(d) if os.path.isdir(d) else []:
        with open(os.path.join(d, f), 'rb') as fh:
            head = fh.read(65536).split(b'\r\n\r\n', 1)[0].split(b'\n\n', 1)[0]
        m = re.search(rb'^Message-ID:\s*<pserv\.(\d+)\.', head, re.M | re.I)
        if m:
            seen[m.group(1).decode()] = seen.get(m.group(1).decode(), 0) + 1
missing = sum(1 for i in ids if seen.get(i, 0) == 0)
twice = sum(1 for i in ids if seen.get(i, 0) > 1)
print(len(ids), missing, twice)
PY
}

# Wait up to $2 seconds until no outbox row above $1 is pending.
wait_mail() {
    local from=$1 secs=$2 i n
    for i in $(seq $((secs * 5))); do
        n=$(psql_ -c "SELECT count(*) FROM mail_outbox WHERE id > $from AND status <> 'sent'")
        [ "$n" = 0 ] && return 0
        sleep 0.2
    done
    return 1
}

max_outbox() { psql_ -c "SELECT coalesce(max(id), 0) FROM mail_outbox"; }

# The workers send in id order: mail that earlier scenarios queued (the pg
# scenario's wrk run on the public form queues thousands) goes first. A
# scenario that times its own mail lets that drain before it starts.
drain_mail() {
    wait_mail 0 300 || info "$1" "mail of earlier scenarios still pending after 300 s"
}

start_httpd() { # NAME PORT
    SMTP_URL=smtp://127.0.0.1:$SINK_PORT PSERV_HTTPD_EXTRA=$EXTRA \
        "$DEV" httpd_start "$1" "$2" "$DB"
}

cleanup() {
    [ -n "${BG_PIDS:-}" ] && kill $BG_PIDS 2>/dev/null
    [ -n "${LIMITS_BG:-}" ] && kill "$LIMITS_BG" 2>/dev/null
    "$DEV" httpd_stop httpd-chaos1 2>/dev/null
    "$DEV" httpd_stop httpd-chaos2 2>/dev/null
    "$DEV" mail_stop "$SINK_PORT" 2>/dev/null
}

setup() {
    command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
    rm -rf "$OUT"
    mkdir -p "$OUT"
    "$DEV" pg_start
    "$DEV" db "$DB" fresh >/dev/null
    "$DEV" mail_stop "$SINK_PORT"
    rm -rf "$MAILDIR"
    "$DEV" mail_start "$SINK_PORT" "$MAILDIR"
    start_httpd httpd-chaos1 "$PORT1" || exit 1
    COOKIE=$(client login "$B1" rina.wulandari) || { echo "cannot log in on $B1"; exit 1; }
}

# ---- 1. PostgreSQL restarted under load -------------------------------------
scenario_pg() {
    local n=pg d=$((LOAD + 6)) mark t0 t1 rec bad wrkout
    mark=$(logmark "$H1")
    rm -f "$OUT"/pg-*.log
    wrk -t1 -c8 -d"${d}s" --timeout 10s -H "Cookie: $COOKIE" "$B1/requests?status=" \
        >"$OUT/pg-wrk.out" 2>&1 &
    local w=$!
    client submit "$B1" --seconds "$d" --workers 2 --tag PG --pause "$PAUSE" --log "$OUT/pg-submit.log" \
        >"$OUT/pg-submit.json" &
    local s=$!
    client poll "$B1" --path '/requests?status=' --cookie "$COOKIE" --interval 0.1 \
        --seconds "$d" --log "$OUT/pg-poll.log" >"$OUT/pg-poll.json" &
    local p=$!
    BG_PIDS="$w $s $p"
    sleep 4
    t0=$(now)
    "$DEV" pg_restart
    t1=$(now)
    wait $w $s $p
    BG_PIDS=
    wrkout=$(cat "$OUT/pg-wrk.out")
    info $n "restart took $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s;" \
        "submit $(cat "$OUT/pg-submit.json"); poll $(cat "$OUT/pg-poll.json")"
    info $n "wrk: $(awk '/requests in/ {r=$1} /Non-2xx/ {x=$NF} /Latency/ {m=$4} /Socket errors/ {e=$0}
                      END {printf "%s requests, %s non-2xx, max latency %s %s", r, x+0, m, e}' <<<"$wrkout")"
    # fail fast: nothing hung, nothing but 200/303 and the 503 page
    bad=$(slow_or_broken "$OUT"/pg-submit.log "$OUT"/pg-poll.log)
    local other
    other=$(awk '$4 != 200 && $4 != 303 && $4 != 503' "$OUT"/pg-submit.log "$OUT"/pg-poll.log | wc -l)
    local n503
    n503=$(awk '$4 == 503' "$OUT"/pg-submit.log "$OUT"/pg-poll.log | wc -l)
    # recovery: the first 200 of the poll after the restart returned, and no
    # failure after it
    rec=$(awk -v t="$t1" '$1 >= t && $4 == 200 { printf "%.1f", $1 - t; exit }' "$OUT/pg-poll.log")
    local after
    after=$(awk -v t="$t1" -v r="${rec:-0}" '$1 >= t + r && $4 != 200' "$OUT/pg-poll.log" | wc -l)
    local after_submit
    after_submit=$(awk -v t="$t1" -v r="${rec:-0}" '$1 >= t + r + 1 && $4 != 200' "$OUT/pg-submit.log" | wc -l)
    local prep
    prep=$(logsince "$H1" "$mark" | grep -c 'prepared statement.*does not exist')
    local wrk_bad
    wrk_bad=$(awk '/Socket errors/ && / timeout [1-9]/' <<<"$wrkout" | wc -l)
    local inv
    inv=$(invariants)
    if [ "$bad" -gt 0 ] || [ "$wrk_bad" -gt 0 ]; then
        fail $n "$bad client requests and wrk ($wrk_bad) took 10 s or more or lost their connection"
    elif [ "$other" -gt 0 ]; then
        fail $n "$other answers other than 200, 303 or the 503 page during the outage: $(awk '$4 != 200 && $4 != 303 && $4 != 503 {print $3, $4}' "$OUT"/pg-submit.log "$OUT"/pg-poll.log | sort | uniq -c | head -5 | tr '\n' ';')"
    elif [ -z "$rec" ]; then
        fail $n "the list page never answered 200 again after the restart"
    elif awk -v r="$rec" 'BEGIN { exit !(r > 10) }'; then
        fail $n "recovered only ${rec} s after the restart"
    elif [ "$after" -gt 0 ] || [ "$after_submit" -gt 0 ]; then
        fail $n "after recovering: $after list and $after_submit form requests still failed"
    elif [ "$prep" -gt 0 ]; then
        fail $n "$prep 'prepared statement ... does not exist' in the error log"
    elif [ -n "$inv" ]; then
        fail $n "half-written tickets: $(head -5 <<<"$inv" | tr '\n' ';')"
    else
        pass $n "$n503 requests got the 503 page during the outage, none hung (longest $(cat "$OUT"/pg-*.log | sort -k2 -n | tail -1 | awk '{print $2}') s); 200 again ${rec} s after the restart; every ticket whole"
    fi
}

# ---- 2. SMTP server down during approvals ------------------------------------
scenario_smtp() {
    local n=smtp from pending attempts d=$((LOAD + 2)) mark
    drain_mail $n
    from=$(max_outbox)
    mark=$(logmark "$H1")
    "$DEV" mail_stop "$SINK_PORT"
    client submit "$B1" --seconds "$d" --workers 1 --tag SM --pause 0.5 \
        --log "$OUT/smtp-submit.log" >"$OUT/smtp-submit.json" &
    local s=$!
    client approve "$B1" --seconds "$d" --workers 1 --tag SM --db "$CONNINFO" \
        --log "$OUT/smtp-approve.log" >"$OUT/smtp-approve.json" &
    local a=$!
    BG_PIDS="$s $a"
    wait $s $a
    BG_PIDS=
    pending=$(psql_ -c "SELECT count(*) FROM mail_outbox WHERE id > $from AND status = 'pending'")
    # the worker stops each look at the first mail it cannot deliver
    attempts=$(logsince "$H1" "$mark" | grep -c 'MAIL06')
    info $n "sink down ${d} s: submit $(cat "$OUT/smtp-submit.json"); approve $(cat "$OUT/smtp-approve.json")"
    info $n "$pending mails pending, $attempts delivery attempts refused meanwhile (pserv[MAIL06])"
    local t0
    t0=$(now)
    "$DEV" mail_start "$SINK_PORT" "$MAILDIR"
    if ! wait_mail "$from" 60; then
        fail $n "$(psql_ -c "SELECT count(*) FROM mail_outbox WHERE id > $from AND status <> 'sent'") mails still not sent 60 s after the sink returned"
        return
    fi
    local took counts
    took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
    sleep 2     # a duplicate would come now
    read -r rows missing twice <<<"$(mail_count "$from")"
    if [ "$pending" -eq 0 ]; then
        fail $n "no mail waited while the sink was down (nothing was tested)"
    elif [ "$missing" -gt 0 ] || [ "$twice" -gt 0 ]; then
        fail $n "$rows mails: $missing never arrived, $twice arrived more than once"
    else
        pass $n "$rows mails ($pending held back while the sink was down) all delivered within ${took} s of its return, each exactly once"
    fi
}

# ---- 3. graceful restart under load --------------------------------------------
scenario_graceful() {
    local n=graceful d=$((LOAD + 2)) i out out_ka
    cat >"$OUT/paths.lua" <<'LUA'
-- Pages that answer 200: the login page, a static file, the list.
local paths = { "/login", "/static/pserv.css", "/requests?status=", "/home" }
local i = 0
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i])
end
LUA
    run_graceful() { # WRK-ARGS...
        wrk -t1 -c16 -d"${d}s" --timeout 10s -s "$OUT/paths.lua" -H "Cookie: $COOKIE" "$@" "$B1" \
            >"$OUT/graceful-wrk.out" 2>&1 &
        local w=$!
        BG_PIDS=$w
        sleep 2
        for i in 1 2 3; do
            as_user /usr/sbin/apache2 -f "$H1/httpd.conf" -k graceful
            sleep $(((d - 4) / 3))
        done
        wait $w
        BG_PIDS=
        cat "$OUT/graceful-wrk.out"
    }
    out=$(run_graceful -H 'Connection: close')
    out_ka=
    [ "$CHAOS" = short ] || out_ka=$(run_graceful)
    local req errs ka_req ka_errs
    req=$(awk '/requests in/ {print $1}' <<<"$out")
    errs=$(awk '/Non-2xx/ {s += $NF} /Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} END {print s + 0}' <<<"$out")
    ka_req=$(awk '/requests in/ {print $1}' <<<"$out_ka")
    ka_errs=$(awk '/Socket errors/ {print}' <<<"$out_ka")
    [ -z "$out_ka" ] || info $n "with keep-alive: $ka_req requests, ${ka_errs:-no socket errors} (a stopping child closes idle keep-alive connections; wrk does not retry as browsers do)"
    if [ -z "$req" ] || [ "$req" -eq 0 ]; then
        fail $n "wrk made no request: $out"
    elif [ "$errs" -gt 0 ]; then
        fail $n "$errs failed of $req requests across 3 graceful restarts: $(grep -E 'Non-2xx|Socket' <<<"$out" | tr '\n' ' ')"
    elif ! curl -fsS -o /dev/null "$B1/login"; then
        fail $n "the server does not answer after the restarts"
    else
        pass $n "$req requests (a new connection each) across 3 graceful restarts, none failed; max latency $(awk '/Latency/ {print $4}' <<<"$out")"
    fi
}

# ---- 4. an Apache child SIGKILLed mid-write ---------------------------------------
scenario_kill() {
    local n=kill d=$((LOAD + 4)) killed=0 pid inv
    client submit "$B1" --seconds "$d" --workers 2 --tag KL --pause "$PAUSE" --log "$OUT/kill-submit.log" \
        >"$OUT/kill-submit.json" &
    local s=$!
    client approve "$B1" --seconds "$d" --workers 2 --tag KL --db "$CONNINFO" \
        --log "$OUT/kill-approve.log" >"$OUT/kill-approve.json" &
    local a=$!
    BG_PIDS="$s $a"
    local last_kill=0
    for i in 1 2 3; do
        sleep $((d / 4))
        # one child at random, whatever it is doing
        pid=$(children "$H1" | shuf -n 1)
        [ -n "$pid" ] && kill -KILL "$pid" && killed=$((killed + 1)) && last_kill=$(now)
    done
    wait $s $a
    BG_PIDS=
    info $n "$killed children killed; submit $(cat "$OUT/kill-submit.json"); approve $(cat "$OUT/kill-approve.json")"
    inv=$(invariants)
    local tickets
    tickets=$(psql_ -c "SELECT count(*) FROM requests WHERE full_name LIKE 'Chaos KL %'")
    # A kill cuts the connections its child held (each client's next request
    # on one fails at once, status 0); nothing may hang or answer 5xx, and
    # 2 s after the last kill everything works.
    local hung bad5 after
    hung=$(awk '$2 >= 10 || $4 == "-1"' "$OUT"/kill-*.log | wc -l)
    bad5=$(awk '$4 ~ /^5/' "$OUT"/kill-*.log | wc -l)
    after=$(awk -v t="$last_kill" '$1 >= t + 2 && ($4 == "0" || $4 == "-1" || $4 ~ /^5/)' "$OUT"/kill-*.log | wc -l)
    if [ "$killed" -eq 0 ]; then
        fail $n "no child to kill"
    elif [ -n "$inv" ]; then
        fail $n "$(wc -l <<<"$inv") violations: $(head -5 <<<"$inv" | tr '\n' ';')"
    elif ! curl -fsS -o /dev/null "$B1/login"; then
        fail $n "the server does not answer after the kills"
    elif [ "$hung" -gt 0 ] || [ "$bad5" -gt 0 ]; then
        fail $n "$hung requests hung (10 s or more), $bad5 answered 5xx"
    elif [ "$after" -gt 0 ]; then
        fail $n "$after requests failed more than 2 s after the last kill"
    else
        pass $n "$killed children SIGKILLed during $tickets submits and $(json "$(cat "$OUT/kill-approve.json")" ok) decisions: every ticket whole, status = approvals = Activity Log; $(slow_or_broken "$OUT"/kill-*.log) requests lost their connection to a killed child, none hung, none after"
    fi
}

# ---- 5. oversized, slow and silent clients ----------------------------------------
scenario_limits() {
    local n=limits big big_cl slow fails=0 msg=
    # 1 GB streamed from /dev/zero, chunked and with its length declared
    big=$(curl -sS -o /dev/null -w '%{http_code} %{size_upload} %{time_total}' --max-time 60 \
        -H 'Content-Type: multipart/form-data; boundary=x' -H 'Expect:' -T /dev/zero -X POST \
        "$B1/request/new" 2>&1)
    big_cl=$(curl -sS -o /dev/null -w '%{http_code} %{size_upload} %{time_total}' --max-time 60 \
        -H 'Content-Type: multipart/form-data; boundary=x' -H 'Content-Length: 1073741824' \
        -H 'Expect:' -T /dev/zero -X POST "$B1/request/new" 2>&1)
    info $n "1 GB chunked: status, bytes sent, seconds = $big"
    info $n "1 GB Content-Length: status, bytes sent, seconds = $big_cl"
    local b
    for b in "$big" "$big_cl"; do
        read -r code sent secs <<<"$b"
        if [ "$code" != 413 ] || [ "${sent%.*}" -gt 100000000 ] \
            || awk -v s="$secs" 'BEGIN { exit !(s > 30) }'; then
            fails=$((fails + 1))
            msg="$msg 1 GB body: $b (want 413 within 30 s, under 100 MB read);"
        fi
    done
    # 200 silent connections, a slow drip (1 byte/s) and 50 uploads at
    # 700 bytes/s (above MinRate=500: only body=20-60's cap ends them), GET
    # /login meanwhile
    slow=$(client slow "$B1" --idle 200 --drip 1 --steady 50 --rate 700 --seconds 80 --timeout 10)
    info $n "200 silent + 1 slow drip + 50 steady at 700 B/s: $slow"
    local still drip_open dripst last maxl login_bad steadyst steadylast
    still=$(json "$slow" idle_still_open)
    last=$(json "$slow" idle_closed_last)
    drip_open=$(json "$slow" drip_still_open)
    dripst=$(json "$slow" drip_status)
    maxl=$(json "$slow" login_max_elapsed)
    login_bad=$("$PY" -c 'import json,sys; d=json.loads(sys.argv[1])["login_by_status"]; print(sum(v for k,v in d.items() if k!="200"))' "$slow")
    # silent: held 30 s by the kernel (AcceptFilter), then header=5
    if [ "$still" != 0 ] || awk -v l="$last" 'BEGIN { exit !(l > 50) }'; then
        fails=$((fails + 1)); msg="$msg silent connections: $still still open, last closed at ${last} s (want all by 50 s);"
    fi
    if [ "$drip_open" != 0 ] || [ "$dripst" != '["408"]' ]; then
        fails=$((fails + 1)); msg="$msg slow drip: $dripst, $drip_open still open (want 408);"
    fi
    steadyst=$(json "$slow" steady_status)
    steadylast=$(json "$slow" steady_closed_last)
    if [ "$steadyst" != '{"408": 50}' ] || awk -v l="$steadylast" 'BEGIN { exit !(l > 70) }'; then
        fails=$((fails + 1)); msg="$msg steady uploads at 700 B/s: $steadyst, last closed at ${steadylast} s (want 50 x 408 by 70 s);"
    fi
    if [ "$login_bad" != 0 ] || awk -v m="$maxl" 'BEGIN { exit !(m > 5) }'; then
        fails=$((fails + 1)); msg="$msg GET /login during the attack: $login_bad failed, slowest ${maxl} s;"
    fi
    if [ "$fails" -gt 0 ]; then
        fail $n "$msg"
    else
        pass $n "1 GB bodies refused with 413 after $(awk '{print $3}' <<<"$big") s / $(awk '{print $3}' <<<"$big_cl") s; slow drip 408 at $(json "$slow" drip_closed_at) s; 50 uploads at 700 B/s 408 by ${steadylast} s; 200 silent connections closed by ${last} s; GET /login 200 throughout (slowest ${maxl} s)"
    fi
}

# ---- 5b. a login flood -------------------------------------------------------------------------
# Every failed login costs an Argon2id (~19 MiB, tens of ms) unless a lock
# answers it: after 30 failures the address is refused without hashing, and
# at most 2 hash at once in a process (more wait up to 2 s, then 503 with
# Retry-After). Figures only: /healthz's latency quiet and during.
scenario_flood() {
    local n=flood out mark quiet during busy
    mark=$(logmark "$H1")
    out=$(client flood "$B1" --workers 64 --seconds "$((LOAD + 4))" --baseline 3 --interval 0.1 --timeout 30)
    info $n "$out"
    busy=$(logsince "$H1" "$mark" | grep -c 'pserv\[AUTH01\]')
    quiet=$(json "$out" healthz_quiet)
    during=$(json "$out" healthz_flood)
    info $n "GET /healthz quiet: $quiet; during the flood: $during; $busy logins answered 503 (pserv[AUTH01])"
    if "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if d["healthz_flood"] and d["healthz_flood"]["not_200"] == 0 and d["healthz_quiet"]["not_200"] == 0 and not [k for k in d["post_status"] if k not in ("200","503")] else 1)' "$out"; then
        pass $n "$(json "$out" posts) login POSTs ($(json "$out" post_status)); /healthz p50/max quiet $("$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); print("%s/%s ms, during %s/%s ms" % (d["healthz_quiet"]["p50_ms"], d["healthz_quiet"]["max_ms"], d["healthz_flood"]["p50_ms"], d["healthz_flood"]["max_ms"]))' "$out")"
    else
        fail $n "/healthz failed during the flood, or a login got neither 200 nor 503: $out"
    fi
    # The flood locked this address out (30 failures): the scenarios after
    # it log in from the same address, as real users would after 15 minutes.
    psql_ -c "DELETE FROM login_failures" >/dev/null
}

# ---- 6. two servers, one database ------------------------------------------------------
scenario_twoservers() {
    local n=twoservers from msg= fails=0 mark mark2=0
    [ -f "$H2/logs/error.log" ] && mark2=$(logmark "$H2")
    drain_mail $n
    start_httpd httpd-chaos2 "$PORT2" || { fail $n "second server did not start"; return; }
    from=$(max_outbox)
    mark=$(logmark "$H1")
    # tickets submitted on both servers at once (both workers deliver)
    client submit "$B1" --seconds 60 --count "$TICKETS" --workers 1 --tag TA --log "$OUT/two-submit1.log" \
        >"$OUT/two-submit1.json" &
    local s1=$!
    client submit "$B2" --seconds 60 --count "$TICKETS" --workers 1 --tag TB --log "$OUT/two-submit2.log" \
        >"$OUT/two-submit2.json" &
    local s2=$!
    BG_PIDS="$s1 $s2"
    wait $s1 $s2
    BG_PIDS=
    # the tickets of one server decided on the other, to the end
    client approve "$B2" --seconds 60 --workers 2 --tag TA --reject-share 0 --until-done \
        --db "$CONNINFO" --log "$OUT/two-approve2.log" >"$OUT/two-approve2.json"
    client approve "$B1" --seconds 60 --workers 2 --tag TB --reject-share 0 --until-done \
        --db "$CONNINFO" --log "$OUT/two-approve1.log" >"$OUT/two-approve1.json"
    local left done_a done_b
    left=$(psql_ -c "SELECT count(*) FROM requests WHERE (full_name LIKE 'Chaos TA %' OR full_name LIKE 'Chaos TB %') AND status <> 'completed'")
    done_a=$(psql_ -c "SELECT count(*) FROM requests WHERE full_name LIKE 'Chaos TA %' AND status = 'completed'")
    done_b=$(psql_ -c "SELECT count(*) FROM requests WHERE full_name LIKE 'Chaos TB %' AND status = 'completed'")
    info $n "submitted on :$PORT1 $(cat "$OUT/two-submit1.json"), on :$PORT2 $(cat "$OUT/two-submit2.json")"
    info $n "decided on the other server: $(cat "$OUT/two-approve2.json") / $(cat "$OUT/two-approve1.json")"
    if [ "$left" != 0 ] || [ "$done_a" = 0 ] || [ "$done_b" = 0 ]; then
        fails=$((fails + 1)); msg="$msg $left tickets not completed on the other server ($done_a + $done_b completed);"
    fi
    # a session from one server, used and ended on the other
    local cookie h2 h1 csrf lo after1 after2
    cookie=$(client login "$B1" bambang.sutrisno)
    h2=$(curl -s -o "$OUT/two-home.html" -w '%{http_code}' -H "Cookie: $cookie" "$B2/home")
    csrf=$(grep -o 'name="csrf" value="[^"]*"' "$OUT/two-home.html" | head -1 | sed 's/.*value="//;s/"//')
    lo=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "Origin: $B2" \
        --data-urlencode "csrf=$csrf" "$B2/logout")
    after1=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" "$B1/home")
    after2=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $cookie" "$B2/home")
    info $n "login on :$PORT1, GET /home on :$PORT2 -> $h2, logout on :$PORT2 -> $lo, then /home: :$PORT1 $after1, :$PORT2 $after2"
    if [ "$h2" != 200 ] || [ "$lo" != 303 ] || [[ $after1 != 30[23]\ *login* ]] || [[ $after2 != 30[23]\ *login* ]]; then
        fails=$((fails + 1)); msg="$msg session across servers: /home on the other $h2, logout $lo, afterwards $after1 / $after2;"
    fi
    # every notification once, though both servers run the worker
    if ! wait_mail "$from" 60; then
        fails=$((fails + 1)); msg="$msg mail still pending after 60 s;"
    fi
    sleep 2
    read -r rows missing twice <<<"$(mail_count "$from")"
    [ "$missing" = 0 ] && [ "$twice" = 0 ] \
        || { fails=$((fails + 1)); msg="$msg $rows mails: $missing missing, $twice more than once;"; }
    # what each worker says it sent meanwhile (mail queued by earlier
    # scenarios too): no id sent by both, or twice
    local by1 by2 dup
    logsince "$H1" "$mark" | grep -o 'pserv\[MAIL05\]: mail [0-9]* sent' >"$OUT/two-sent1"
    logsince "$H2" "$mark2" | grep -o 'pserv\[MAIL05\]: mail [0-9]* sent' >"$OUT/two-sent2"
    by1=$(wc -l <"$OUT/two-sent1")
    by2=$(wc -l <"$OUT/two-sent2")
    dup=$(cat "$OUT/two-sent1" "$OUT/two-sent2" | sort | uniq -d | wc -l)
    info $n "sent meanwhile (with mail queued by earlier scenarios): $by1 by the worker of :$PORT1, $by2 by :$PORT2, $dup by both or twice"
    [ "$dup" = 0 ] || { fails=$((fails + 1)); msg="$msg $dup mails sent twice by the workers;"; }
    [ "$(logsince "$H2" "$mark2" | grep -c 'pserv\[MAIL01\]')" -gt 0 ] \
        || { fails=$((fails + 1)); msg="$msg the second server's mail worker never started;"; }
    # a decision either wins (303) or is told the ticket moved on (409)
    local refused
    refused=$(awk '$3 == "decide" && $4 != 303 && $4 != 409' "$OUT"/two-approve*.log | wc -l)
    [ "$refused" = 0 ] || { fails=$((fails + 1)); msg="$msg $refused decisions answered neither 303 nor 409: $(awk '$3 == "decide" && $4 != 303 && $4 != 409 {print $4}' "$OUT"/two-approve*.log | sort | uniq -c | tr '\n' ' ');"; }
    local inv
    inv=$(invariants)
    [ -z "$inv" ] || { fails=$((fails + 1)); msg="$msg invariants: $(head -3 <<<"$inv" | tr '\n' ';')"; }
    "$DEV" httpd_stop httpd-chaos2
    if [ "$fails" -gt 0 ]; then
        fail $n "$msg"
    else
        pass $n "$done_a + $done_b tickets submitted on one server and approved on the other to Completed; a session valid on both and ended on both by one logout; $rows new mails each delivered exactly once, $((by1 + by2)) sent by two workers ($by1 + $by2), none by both"
    fi
}

# ---- 7. soak at half the peak --------------------------------------------------------
scenario_soak() {
    local n=soak tid csrf
    [ -n "$(psql_ -c "SELECT 1 FROM requests WHERE full_name LIKE 'Chaos %' LIMIT 1")" ] \
        || client submit "$B1" --count 1 --seconds 30 --workers 1 --tag SK >/dev/null
    tid=$(psql_ -c "SELECT min(id) FROM requests WHERE full_name LIKE 'Chaos %'")
    csrf=$(curl -s -c "$OUT/soak.jar" "$B1/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//;s/"//')
    [ -n "$csrf" ] && [ -n "$tid" ] || { fail $n "no ticket or no login token to start with"; return; }
    cat >"$OUT/soak.lua" <<LUA
-- The list, a ticket, and one login in 50 (a new session each time).
local session = "$COOKIE"
local delay_ms = tonumber(os.getenv("SOAK_DELAY_MS") or "0")
local login_body = "csrf=$csrf&username=rina.wulandari&password=Demo-Pserv-2026"
local i = 0
request = function()
    i = i + 1
    if i % 50 == 0 then
        return wrk.format("POST", "/login", { ["Cookie"] = "pserv_csrf=$csrf",
            ["Content-Type"] = "application/x-www-form-urlencoded" }, login_body)
    elseif i % 2 == 0 then
        return wrk.format("GET", "/requests/$tid", { ["Cookie"] = session })
    end
    return wrk.format("GET", "/requests?status=", { ["Cookie"] = session })
end
if delay_ms > 0 then
    delay = function() return delay_ms end
end
LUA
    local peak out c=8 target rate delay lat
    out=$(wrk -t2 -c32 -d15s --timeout 10s -s "$OUT/soak.lua" "$B1" 2>&1)
    peak=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
    target=$((peak / 2))
    [ "$target" -gt 0 ] || { fail $n "no peak measured: $out"; return; }
    # c connections each waiting delay ms between answers: rate ~ c / (delay + latency)
    delay=$((c * 1000 / target))
    out=$(SOAK_DELAY_MS=$delay wrk -t1 -c$c -d10s --timeout 10s -s "$OUT/soak.lua" "$B1" 2>&1)
    rate=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
    # correct the delay for the latency that calibration showed
    if [ "${rate:-0}" -gt 0 ]; then
        delay=$(awk -v c=$c -v d=$delay -v r="$rate" -v t=$target \
            'BEGIN { l = c * 1000 / r - d; x = c * 1000 / t - l; printf "%d", (x < 1 ? 1 : x) }')
    fi
    info $n "peak $peak req/s (wrk -c32), target $target req/s: $c connections, ${delay} ms between requests"
    local mark start end pids
    mark=$(wc -l <"$H1/logs/access.log")
    start=$(date +%s)
    SOAK_DELAY_MS=$delay wrk -t1 -c$c -d"${SOAK_SECONDS}s" --timeout 10s -s "$OUT/soak.lua" "$B1" \
        >"$OUT/soak-wrk.out" 2>&1 &
    local w=$!
    BG_PIDS=$w
    # RSS of the children alive after the warm-up, every 5 s until the end:
    # "seconds total_kB" (0 once one of them is gone)
    local warm=$((SOAK_SECONDS / 10))
    [ "$warm" -gt 60 ] && warm=60
    sleep "$warm"
    pids=$(children "$H1" | tr '\n' ' ')
    : >"$OUT/soak-rss.log"
    while kill -0 "$w" 2>/dev/null; do
        echo "$(($(date +%s) - start)) $(for p in $pids; do awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo X; done \
            | awk '/X/ {x = 1} {s += $1} END {print x ? 0 : s}')" >>"$OUT/soak-rss.log"
        sleep 5
    done
    wait $w
    BG_PIDS=
    end=$(date +%s)
    out=$(cat "$OUT/soak-wrk.out")
    info $n "wrk: $(grep -E 'requests in|Requests/sec|Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ';')"
    # memory: the smallest of the samples in the first and in the last 30 s
    # measured (a login's 19 MiB Argon2 block comes and goes within one)
    local mem nchild kb0 kb1 growth
    nchild=$(wc -w <<<"$pids")
    mem=$(awk '$2 > 0 { v[n++] = $2 } END {
        if (n < 2) { print "0 0"; exit }
        k = n < 12 ? int(n / 2) : 6; a = v[0]; b = v[n - 1]
        for (i = 0; i < k; i++) { if (v[i] < a) a = v[i]; if (v[n - 1 - i] < b) b = v[n - 1 - i] }
        print a, b }' "$OUT/soak-rss.log")
    read -r kb0 kb1 <<<"$mem"
    growth=$(awk -v a="$kb0" -v b="$kb1" 'BEGIN { if (a > 0) printf "%.1f", 100 * (b - a) / a }')
    if [ "$(awk '$2 == 0' "$OUT/soak-rss.log" | wc -l)" -gt 0 ]; then
        info $n "a child measured at ${warm} s exited during the soak; memory compared while all lived"
    fi
    info $n "RSS of $nchild children (every 5 s in var/chaos/soak-rss.log): ${kb0} kB after ${warm} s, ${kb1} kB at the end (${growth}%)"
    # latency and errors from the access log (%D: microseconds)
    local lat
    tail -n +"$((mark + 1))" "$H1/logs/access.log" >"$OUT/soak-access.log"
    lat=$("$PY" - "$start" "$end" "$OUT/soak-access.log" <<'PY'
import sys, re
from datetime import datetime
start, end = int(sys.argv[1]), int(sys.argv[2])
win = min(60, (end - start) // 4)     # the first and the last minute
first, last, errors, n = [], [], 0, 0
for line in open(sys.argv[3]):
    # ... "request" status bytes %D [db=N xslt=N]
    m = re.search(r'\[(\d+/\w+/\d+:\d+:\d+:\d+) ([+-]\d{4})\] "[^"]*" (\d{3}) \S+ (\d+)(?: |$)', line)
    if not m:
        continue
    t = datetime.strptime(m.group(1) + ' ' + m.group(2), '%d/%b/%Y:%H:%M:%S %z').timestamp()
    if t < start or t > end:
        continue
    n += 1
    if int(m.group(3)) >= 400:
        errors += 1
    us = int(m.group(4))
    if t < start + win:
        first.append(us)
    elif t >= end - win:
        last.append(us)
p50 = lambda v: sorted(v)[len(v) // 2] / 1000.0 if v else 0
print(n, errors, '%.2f' % p50(first), '%.2f' % p50(last))
PY
)
    read -r nreq errors p50a p50b <<<"$lat"
    info $n "$nreq requests in the access log, $errors errors; p50 first minute ${p50a} ms, last minute ${p50b} ms"
    local wrk_errs
    wrk_errs=$(awk '/Non-2xx/ {s += $NF} /Socket errors/ {gsub(",", ""); s += $4 + $6 + $8 + $10} END {print s + 0}' <<<"$out")
    if [ "$wrk_errs" -gt 0 ] || [ "${errors:-1}" -gt 0 ]; then
        fail $n "$wrk_errs wrk errors, $errors error answers in the access log"
    elif [ -z "$growth" ] || awk -v g="$growth" 'BEGIN { exit !(g >= 10) }'; then
        fail $n "children's memory grew ${growth}% (${kb0} -> ${kb1} kB)"
    elif awk -v a="$p50a" -v b="$p50b" 'BEGIN { exit !(a <= 0 || b > 1.5 * a) }'; then
        fail $n "p50 latency ${p50a} ms in the first minute, ${p50b} ms in the last"
    else
        pass $n "${SOAK_SECONDS} s at ~$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out") req/s (peak $peak): $nreq requests, 0 errors; RSS ${kb0} -> ${kb1} kB (${growth}%); p50 ${p50a} -> ${p50b} ms"
    fi
}

# ---- main ---------------------------------------------------------------------------------
ALL="pg smtp graceful kill limits flood twoservers"
[ "$CHAOS" = full ] && ALL="$ALL soak"
# short: the scenarios that may run beside limits last (see the top)
[ "$CHAOS" = short ] && ALL="pg graceful kill flood limits smtp twoservers"
BESIDE_LIMITS="smtp twoservers"
SCENARIOS=${*:-$ALL}
for s in $SCENARIOS; do
    declare -F "scenario_$s" >/dev/null || { echo "unknown scenario: $s (known: $ALL soak)" >&2; exit 2; }
done

trap cleanup EXIT
T0=$(date +%s)
echo "== chaos ($CHAOS): $SCENARIOS"
setup
# limits in the background (short run), its lines in $OUT/limits.out
LIMITS_BG=
limits_done() {
    [ -n "$LIMITS_BG" ] || return 0
    wait "$LIMITS_BG"
    LIMITS_BG=
    cat "$OUT/limits.out"
    FAILS=$((FAILS + $(grep -c '^FAIL' "$OUT/limits.out")))
}
beside_limits() { [[ " $BESIDE_LIMITS " == *" $1 "* ]]; }
set -- $SCENARIOS
while [ $# -gt 0 ]; do
    s=$1
    shift
    if [ "$s" = limits ] && [ "$CHAOS" = short ] && [ $# -gt 0 ] && beside_limits "$1"; then
        info limits "runs in the background beside the next scenarios ($BESIDE_LIMITS)"
        scenario_limits >"$OUT/limits.out" 2>&1 &
        LIMITS_BG=$!
        continue
    fi
    beside_limits "$s" || limits_done
    "scenario_$s"
done
limits_done
echo "== chaos ($CHAOS): $FAILS failed, $(($(date +%s) - T0)) s; logs in var/chaos/"
[ "$FAILS" -eq 0 ]
