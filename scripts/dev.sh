#!/usr/bin/env bash
# scripts/dev.sh: the local machinery behind `make run` and `make test`:
# Debian packages, the service user, a private PostgreSQL cluster and a
# private Apache httpd, all under var/. Usage: scripts/dev.sh COMMAND [ARGS]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VAR=${VAR:-$ROOT/var}
RUN_USER=${RUN_USER:-pserv}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=${PGPORT:-5432}
PGSOCK=$VAR/pg/run
APACHE=${APACHE:-/usr/sbin/apache2}
MODDIR=$(apxs -q LIBEXECDIR 2>/dev/null || echo /usr/lib/apache2/modules)

PACKAGES="apache2 apache2-dev apache2-utils libaprutil1-dbd-pgsql libpq-dev
  postgresql libxml2-dev libxslt1-dev libssl-dev libargon2-dev
  libcurl4-openssl-dev libapache2-mod-perl2 libwww-perl check pkg-config
  libcrack2-dev cracklib-runtime chromium python3-aiosmtpd curl acl nodejs npm"

say() { printf '%s\n' "$*" >&2; }
as_user() {
    if [ "$(id -un)" = "$RUN_USER" ]; then "$@"; else runuser -u "$RUN_USER" -- "$@"; fi
}

conninfo() { # DBNAME
    printf 'host=%s port=%s dbname=%s user=%s' "$PGSOCK" "$PGPORT" "$1" "$RUN_USER"
}

cmd_deps() {
    local missing=() p
    for p in $PACKAGES; do
        # node and npm may come from elsewhere than Debian; only require the commands
        case $p in nodejs|npm) command -v "${p%js}" >/dev/null 2>&1 && continue ;; esac
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] \
            || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        [ "$(id -u)" = 0 ] || { say "Missing packages (run as root): ${missing[*]}"; exit 1; }
        say "Installing: ${missing[*]}"
        # Keep package scripts from starting the system's apache2 or postgresql.
        local policy=/usr/sbin/policy-rc.d added=
        if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' >$policy; chmod 755 $policy; added=1; fi
        apt-get update -q
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
        [ -z "$added" ] || rm -f $policy
    fi
    if ! id "$RUN_USER" >/dev/null 2>&1; then
        [ "$(id -u)" = 0 ] || { say "Create the user $RUN_USER (run as root)"; exit 1; }
        useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER"
    fi
    cmd_perms
}

# PostgreSQL and Apache::Test run as $RUN_USER, which must reach the checkout.
cmd_perms() {
    [ "$(id -u)" = 0 ] || return 0
    local d=$ROOT
    while [ "$d" != / ]; do
        if ! as_user test -x "$d"; then
            setfacl -m "u:$RUN_USER:x" "$d" 2>/dev/null || chmod o+x "$d"
        fi
        d=$(dirname "$d")
    done
    as_user test -r "$ROOT/Makefile" || { say "$RUN_USER cannot read $ROOT"; exit 1; }
    mkdir -p "$VAR"
    chown "$RUN_USER:" "$VAR"
}

pg_running() { as_user "$PGBIN/pg_ctl" -D "$VAR/pg/data" status >/dev/null 2>&1; }

cmd_pg_start() {
    cmd_perms
    as_user mkdir -p "$VAR/pg/run" "$VAR/pg/log"
    if [ ! -f "$VAR/pg/data/PG_VERSION" ]; then
        as_user "$PGBIN/initdb" -D "$VAR/pg/data" --auth=trust -E UTF8 \
            --locale=C.UTF-8 -U "$RUN_USER" >"$VAR/pg/log/initdb.log"
    fi
    pg_running && return 0
    as_user "$PGBIN/pg_ctl" -D "$VAR/pg/data" -l "$VAR/pg/log/postgresql.log" -w \
        -o "-p $PGPORT -k $PGSOCK -c listen_addresses='' -c timezone=Asia/Jakarta" start >/dev/null
    say "PostgreSQL running (socket $PGSOCK, port $PGPORT)"
}

cmd_pg_stop() {
    pg_running || return 0
    as_user "$PGBIN/pg_ctl" -D "$VAR/pg/data" -m fast -w stop >/dev/null
    say "PostgreSQL stopped"
}

cmd_pg_restart() {
    as_user "$PGBIN/pg_ctl" -D "$VAR/pg/data" -m fast -w restart \
        -o "-p $PGPORT -k $PGSOCK -c listen_addresses='' -c timezone=Asia/Jakarta" >/dev/null
}

psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PGPORT" -U "$RUN_USER" "$@"; }

# db DBNAME [fresh]: make sure the database exists (recreate it with "fresh"),
# bring it up to date and load the demo data.
cmd_db() {
    local db=$1 fresh=${2:-}
    if [ -n "$fresh" ]; then
        psql_ -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    fi
    if [ -z "$(psql_ -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
        psql_ -d postgres -c "CREATE DATABASE $db"
    fi
    PSERV_DB=$(conninfo "$db") "$ROOT/build/pserv-admin" migrate "$ROOT/sql"
    PSERV_DB=$(conninfo "$db") "$ROOT/build/pserv-admin" import "$ROOT/sql/demo" >/dev/null
    # Demo accounts only: every one gets the documented demo password.
    local u
    for u in $(tail -n +2 "$ROOT/sql/demo/accounts.csv" | cut -d, -f1); do
        printf 'Demo-Pserv-2026\n' | PSERV_DB=$(conninfo "$db") \
            "$ROOT/build/pserv-admin" set-password "$u" --if-unset >/dev/null
    done
}

# httpd_start NAME PORT DBNAME: a private Apache with mod_pserv under var/NAME.
cmd_httpd_start() {
    local name=$1 port=$2 db=$3 dir=$VAR/$1
    cmd_perms
    as_user mkdir -p "$dir/logs" "$dir/run"
    cmd_httpd_stop "$name" 2>/dev/null || true
    sed -e "s|@ROOT@|$ROOT|g" -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" \
        -e "s|@MODDIR@|$MODDIR|g" -e "s|@DBPARAMS@|$(conninfo "$db")|g" \
        -e "s|@BASE_URL@|${BASE_URL:-http://127.0.0.1:$port}|g" \
        -e "s|@SMTP_URL@|${SMTP_URL:-smtp://127.0.0.1:$MAIL_PORT}|g" \
        "$ROOT/conf/httpd-local.conf.in" >"$dir/httpd.conf"
    # PSERV_HTTPD_EXTRA: directives appended for this server (scripts/chaos.sh)
    [ -z "${PSERV_HTTPD_EXTRA:-}" ] || printf '%s\n' "$PSERV_HTTPD_EXTRA" >>"$dir/httpd.conf"
    chown "$RUN_USER:" "$dir/httpd.conf"
    as_user "$APACHE" -f "$dir/httpd.conf" -t >/dev/null 2>&1 || as_user "$APACHE" -f "$dir/httpd.conf" -t
    as_user "$APACHE" -f "$dir/httpd.conf" -k start
    local i
    for i in $(seq 50); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        sleep 0.2
    done
    say "Apache did not answer on port $port; see $dir/logs/error.log"
    tail -n 20 "$dir/logs/error.log" >&2 || true
    exit 1
}

cmd_httpd_stop() {
    local dir=$VAR/$1 pid i
    [ -f "$dir/run/httpd.pid" ] || return 0
    pid=$(cat "$dir/run/httpd.pid")
    as_user "$APACHE" -f "$dir/httpd.conf" -k stop 2>/dev/null || kill "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/run/httpd.pid"
}

# mail_start [PORT [DIR]]: Debian's SMTP sink on 127.0.0.1:PORT (default
# $MAIL_PORT, 8025) keeping every message it receives in the Maildir DIR
# (default var/mail: new mail in var/mail/new/), run as $RUN_USER in the
# background. Does nothing when that sink is already running.
MAIL_PORT=${MAIL_PORT:-8025}

mail_pidfile() { # PORT
    if [ "$1" = "$MAIL_PORT" ]; then printf '%s' "$VAR/mail.pid"
    else printf '%s' "$VAR/mail-$1.pid"; fi
}

# The sink's pid, when its pid file names a running aiosmtpd.
mail_pid() { # PORT
    local f pid
    f=$(mail_pidfile "$1")
    [ -f "$f" ] || return 1
    pid=$(cat "$f")
    # No pipe into grep -q: with pipefail, its early exit fails the pipeline.
    [ -n "$pid" ] && grep -qa aiosmtpd "/proc/$pid/cmdline" 2>/dev/null \
        || return 1
    printf '%s' "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd_mail_start() {
    local port=${1:-$MAIL_PORT} dir=${2:-$VAR/mail} pidfile log i pid
    pidfile=$(mail_pidfile "$port")
    log=${pidfile%.pid}.log
    mail_pid "$port" >/dev/null && return 0
    if port_open "$port"; then say "Port $port is taken by another program"; exit 1; fi
    cmd_perms
    as_user mkdir -p "$dir/new" "$dir/cur" "$dir/tmp"
    # In the background, immune to hangups; all output to its log.
    as_user env LOG="$log" PIDFILE="$pidfile" sh -c \
        'nohup "$0" "$@" </dev/null >>"$LOG" 2>&1 & echo $! >"$PIDFILE"' \
        /usr/bin/python3 /usr/bin/aiosmtpd -n -l "127.0.0.1:$port" \
        -c aiosmtpd.handlers.Mailbox "$dir"
    # Python takes a while to start on a busy machine: up to a minute.
    pid=$(cat "$pidfile")
    for i in $(seq 600); do
        port_open "$port" && { say "SMTP sink on 127.0.0.1:$port, mail in $dir/new"; return 0; }
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    say "The SMTP sink did not start; see $log"
    tail -n 20 "$log" >&2 || true
    exit 1
}

# mail_stop [PORT]
cmd_mail_stop() {
    local port=${1:-$MAIL_PORT} pid i
    if pid=$(mail_pid "$port"); then
        kill "$pid" 2>/dev/null || true
        for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$(mail_pidfile "$port")"
}

cmd_stop() {
    local d f p
    for d in "$VAR"/httpd-*/; do
        [ -d "$d" ] && cmd_httpd_stop "$(basename "$d")"
    done
    for f in "$VAR"/mail.pid "$VAR"/mail-*.pid; do
        [ -f "$f" ] || continue
        p=${f##*/mail-}; p=${p%.pid}
        [ "$f" = "$VAR/mail.pid" ] && p=$MAIL_PORT
        cmd_mail_stop "$p"
    done
    cmd_pg_stop
}

cmd_reset() {
    cmd_stop
    rm -rf "$VAR"
    say "Local data removed ($VAR)"
}

# Apache::Test: the suite in t/ against the real module, as $RUN_USER.
# Fails unless Apache::Test reports PASS (it says NOTESTS and exits 0 when
# every test was skipped).
cmd_test_apache() {
    local so=$ROOT/mod_pserv/.libs/mod_pserv.so out=$VAR/apache-test.log rc=0
    cat >"$VAR/apache-test-base.conf" <<CONF
LoadModule mpm_event_module $MODDIR/mod_mpm_event.so
LoadModule authz_core_module $MODDIR/mod_authz_core.so
LoadModule authn_core_module $MODDIR/mod_authn_core.so
LoadModule authz_user_module $MODDIR/mod_authz_user.so
LoadModule mime_module $MODDIR/mod_mime.so
LoadModule alias_module $MODDIR/mod_alias.so
LoadModule headers_module $MODDIR/mod_headers.so
LoadModule dbd_module $MODDIR/mod_dbd.so
LoadModule pserv_module $so
CONF
    chown -R "$RUN_USER:" "$ROOT/t" "$VAR/apache-test-base.conf"
    local before=0
    [ -f "$ROOT/t/logs/error_log" ] && before=$(wc -l <"$ROOT/t/logs/error_log")
    (cd "$ROOT" && as_user env PSERV_VAR="$VAR" PSERV_DEV="$0" PSERV_TEST_MAIL_PORT="${PSERV_TEST_MAIL_PORT:-8026}" \
        perl t/TEST.PL -apxs "$(command -v apxs)" -httpd "$APACHE" \
        -httpd_conf "$VAR/apache-test-base.conf" -port "${TEST_APACHE_PORT:-8529}" \
        "$@") 2>&1 | tee "$out" || rc=$?
    [ "$rc" = 0 ] && grep -q '^Result: PASS' "$out" || { say "Apache::Test suite failed"; exit 1; }
    # A crashed child can go unnoticed by the tests: the log tells.
    if tail -n +"$((before + 1))" "$ROOT/t/logs/error_log" | grep 'exit signal' >/dev/null; then
        tail -n +"$((before + 1))" "$ROOT/t/logs/error_log" | grep 'exit signal' >&2
        say "An Apache child crashed during the Apache::Test suite"; exit 1
    fi
    rm -f "$ROOT"/t/core*
}

cmd_conninfo() { conninfo "$1"; printf '\n'; }

c=${1:-}; shift || true
case $c in
    deps|perms|pg_start|pg_stop|pg_restart|db|httpd_start|httpd_stop|mail_start|mail_stop|stop|reset|test_apache|conninfo)
        "cmd_$c" "$@" ;;
    *) say "usage: $0 deps|pg_start|pg_stop|db NAME [fresh]|httpd_start NAME PORT DB|httpd_stop NAME|mail_start [PORT [DIR]]|mail_stop [PORT]|stop|reset|test_apache|conninfo DB"; exit 2 ;;
esac
