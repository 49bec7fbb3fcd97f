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
# Apache's modules folder, asked of apxs only when a command needs it: apxs
# comes with apache2-dev, which `deps` installs.
moddir() { apxs -q LIBEXECDIR 2>/dev/null || echo /usr/lib/apache2/modules; }

# Debian packages, in three sets. `deps` installs BUILD and RUN (what `make
# build` and `make run` need), `deps test` TEST as well (what only `make
# test`, bench, chaos, security and the screenshots need), `deps build` only
# BUILD (what `make install` asks for on a server).
BUILD_PACKAGES="gcc libc6-dev pkg-config apache2 apache2-dev libaprutil1-dbd-pgsql
  libpq-dev libxml2-dev libxslt1-dev libssl-dev libargon2-dev libcurl4-openssl-dev
  libcrack2-dev cracklib-runtime liboath-dev libqrencode-dev"
# The local servers of make run: PostgreSQL, the SMTP sink, curl for the
# health check, setfacl for the checkout's permissions.
RUN_PACKAGES="apache2-utils postgresql python3-aiosmtpd curl acl"
# Unit tests (Check), valgrind, Apache::Test (it ships in mod_perl2) and
# its HTTP client, the browser tests, the load generator of bench and chaos.
TEST_PACKAGES="check valgrind libapache2-mod-perl2 libwww-perl chromium nodejs npm wrk
  clang-format"
# The demo directory of `make run LDAP=1` and t/auth/ldap.t: OpenLDAP's
# server and its command-line tools (a private slapd under var/ldap, never
# the system's instance: ldap_start).
LDAP_PACKAGES="slapd ldap-utils"
TEST_PACKAGES="$TEST_PACKAGES $LDAP_PACKAGES"
# make deb / make test-package (run by make test): Debian's packaging tools
# (the package's own Build-Depends, debian/control, are in BUILD above), and
# ssl-cert for the snakeoil certificate the shipped TLS site starts with.
TEST_PACKAGES="$TEST_PACKAGES debhelper dpkg-dev lintian ssl-cert"
# t/auth/sso_oidc.t: mod_auth_openidc against a small OpenID provider in
# Python (RS256 signing with python3-cryptography).
TEST_PACKAGES="$TEST_PACKAGES libapache2-mod-auth-openidc python3-cryptography"

say() { printf '%s\n' "$*" >&2; }
as_user() {
    if [ "$(id -un)" = "$RUN_USER" ]; then "$@"; else runuser -u "$RUN_USER" -- "$@"; fi
}

# Sanitized runs (make ... SANITIZE=1). mod_pserv.so then carries ASan and
# UBSan but Debian's apache2 does not, and ASan's runtime must be the first
# library in the process: LD_PRELOAD it into every httpd started here.
# ASan reports go to files under var/sanitize/NAME/ (a detached httpd has no
# terminal). UBSan's go to the error log: GCC 12's libubsan ignores its
# log_path when ASan is in the process too. A run fails when a report file
# appears, when the error log holds a UBSan "runtime error:" or an ASan
# line, or when it shows a child killed by a signal
# (abort_on_error turns every report into SIGABRT: "exit signal Aborted").
# detect_leaks=0: Apache frees by pools, and its processes exit without
# freeing all of them: a child leaves its configuration pool to exit(), and
# between its two configuration passes the parent dlclose()s mod_pserv and
# the libraries it pulled in (libxml2 ...), orphaning what they held. With
# detect_leaks=1 the whole suite reported just that: ~3.4 MB per child in
# ~18,000 blocks under one apr_allocator, pcre2 patterns Apache compiled, and
# libxml2's 40-byte init mutex from the first pass; no allocation made while
# serving a request. Suppressing all that would hide too much, so leaks are
# checked where memory is ours alone: the unit tests (LeakSanitizer in the
# SANITIZE=1 build, valgrind in make test-valgrind).
SAN_ROOT=$VAR/sanitize
SAN_ENV=()

module_sanitized() {
    readelf -d "$ROOT/mod_pserv/.libs/mod_pserv.so" 2>/dev/null | grep 'NEEDED.*libasan' >/dev/null
}

# san_setup NAME: fill SAN_ENV for an httpd reporting into var/sanitize/NAME/
# (emptied first). Refuses a module whose build does not match SANITIZE.
san_setup() {
    local dir=$SAN_ROOT/$1
    SAN_ENV=()
    rm -f "$dir"/*
    if ! module_sanitized; then
        [ "${SANITIZE:-}" != 1 ] && return 0
        say "SANITIZE=1 but mod_pserv.so is a plain build: run make build SANITIZE=1"; exit 1
    fi
    [ "${SANITIZE:-}" = 1 ] || {
        say "mod_pserv.so is built with sanitizers: set SANITIZE=1, or rebuild it with make build"; exit 1; }
    # make test-import may have made var/sanitize/ as root: hand ours over.
    mkdir -p "$dir"
    [ "$(id -u)" != 0 ] || chown "$RUN_USER:" "$dir"
    SAN_ENV=(LD_PRELOAD="$(gcc -print-file-name=libasan.so)"
        ASAN_OPTIONS="log_path=$dir/asan:abort_on_error=1:detect_leaks=0:detect_stack_use_after_return=1"
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1")
    say "Sanitized httpd (ASan + UBSan); reports in $dir/"
}

# san_check NAME [ERROR_LOG FIRST_LINE]: fail if the sanitizers reported
# anything into var/sanitize/NAME/, or the error log, from FIRST_LINE on,
# shows a sanitizer report or a child that died of a signal.
san_check() {
    local dir=$SAN_ROOT/$1 log=${2:-} first=${3:-1} f bad=
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        say "== sanitizer report $f"; cat "$f" >&2; bad=1
    done
    # UBSan: "file.c:LINE:COL: runtime error: ..." at the start of a line (the
    # module's own log lines start with "[" and may quote libxslt's "runtime
    # error"); ASan: "==PID==..." and "SUMMARY: ...Sanitizer".
    local re='exit signal|^[^[ ]+:[0-9]+:[0-9]+: runtime error:|^==[0-9]+==|^SUMMARY: [A-Za-z]+Sanitizer'
    if [ -n "$log" ] && [ -f "$log" ] && tail -n +"$first" "$log" | grep -E "$re" >/dev/null; then
        tail -n +"$first" "$log" | grep -E -A12 "$re" >&2
        say "An Apache child crashed or a sanitizer reported (see $log)"; bad=1
    fi
    [ -z "$bad" ] || return 1
}

conninfo() { # DBNAME
    printf 'host=%s port=%s dbname=%s user=%s' "$PGSOCK" "$PGPORT" "$1" "$RUN_USER"
}

# deps [build|run|test|ldap]: install the missing packages of that set (run:
# default) and of those before it (ldap: run's and the demo directory's). Only packages: the service user comes
# with the first server started (perms).
cmd_deps() {
    local set=${1:-run} want missing=() p
    case $set in
        build) want=$BUILD_PACKAGES ;;
        run) want="$BUILD_PACKAGES $RUN_PACKAGES" ;;
        test) want="$BUILD_PACKAGES $RUN_PACKAGES $TEST_PACKAGES" ;;
        ldap) want="$BUILD_PACKAGES $RUN_PACKAGES $LDAP_PACKAGES" ;;
        *) say "usage: $0 deps [build|run|test|ldap]"; exit 2 ;;
    esac
    for p in $want; do
        # node and npm may come from elsewhere than Debian; only require the commands
        case $p in nodejs|npm) command -v "${p%js}" >/dev/null 2>&1 && continue ;; esac
        [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = 'install ok installed' ] \
            || missing+=("$p")
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    [ "$(id -u)" = 0 ] || { say "Missing packages (run as root): ${missing[*]}"; exit 1; }
    say "Installing: ${missing[*]}"
    # Keep package scripts from starting the system's apache2 or postgresql.
    local policy=/usr/sbin/policy-rc.d added=
    if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' >$policy; chmod 755 $policy; added=1; fi
    apt-get update -q -o DPkg::Lock::Timeout=600
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=600 "${missing[@]}"
    [ -z "$added" ] || rm -f $policy
}

# PostgreSQL and Apache::Test run as $RUN_USER, which must reach the checkout.
cmd_perms() {
    [ "$(id -u)" = 0 ] || return 0
    if ! id "$RUN_USER" >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_USER"
    fi
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

# The key that seals the TOTP secrets of every local database
# (PservMFAKeyFile of make run and the browser tests; Apache::Test's MFA
# virtual host): made once, kept with the data (make reset removes both).
MFA_KEY=$VAR/mfa.key
mfa_key() {
    [ -s "$MFA_KEY" ] && return 0
    (umask 077; head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n' >"$MFA_KEY")
    [ "$(id -u)" != 0 ] || chown "$RUN_USER:" "$MFA_KEY"
}
# The demo accounts' second factor (README, "Demo logins"): the ICT roles
# and the Administrator give a TOTP code from this documented secret.
DEMO_MFA_SECRET=PSERVDEMOTOTPSECRETFORDEMOONLY23
DEMO_MFA_USERS="admin bambang.sutrisno rina.wulandari dedi.kurniawan sari.permata"

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
    mfa_key
    for u in $DEMO_MFA_USERS; do
        printf '%s\n' "$DEMO_MFA_SECRET" | PSERV_DB=$(conninfo "$db") \
            "$ROOT/build/pserv-admin" mfa-set "$u" --key "$MFA_KEY" --if-unset >/dev/null
    done
}

# httpd_start NAME PORT DBNAME: a private Apache with mod_pserv under var/NAME.
cmd_httpd_start() {
    local name=$1 port=$2 db=$3 dir=$VAR/$1
    cmd_perms
    mfa_key
    as_user mkdir -p "$dir/logs" "$dir/run"
    cmd_httpd_stop "$name" 2>/dev/null || true
    sed -e "s|@ROOT@|$ROOT|g" -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" \
        -e "s|@MODDIR@|$(moddir)|g" -e "s|@DBPARAMS@|$(conninfo "$db")|g" \
        -e "s|@BASE_URL@|${BASE_URL:-http://127.0.0.1:$port}|g" \
        -e "s|@SMTP_URL@|${SMTP_URL:-smtp://127.0.0.1:$MAIL_PORT}|g" \
        -e "s|@MFA_KEY@|$MFA_KEY|g" -e "s|@MFA@|$([ "${PSERV_MFA:-0}" = 1 ] || echo '# ')|g" \
        "$ROOT/conf/httpd-local.conf.in" >"$dir/httpd.conf"
    # PSERV_HTTPD_EXTRA: directives appended for this server (scripts/chaos.sh)
    [ -z "${PSERV_HTTPD_EXTRA:-}" ] || printf '%s\n' "$PSERV_HTTPD_EXTRA" >>"$dir/httpd.conf"
    chown "$RUN_USER:" "$dir/httpd.conf"
    san_setup "$name"
    # Where this run's part of the error log starts (cmd_httpd_check).
    if [ -f "$dir/logs/error.log" ]; then echo $(($(wc -l <"$dir/logs/error.log") + 1)); else echo 1; fi \
        >"$dir/run/error.log.start"
    # glibc's per-thread cache of freed blocks for blocks up to 256 bytes
    # only (README, "glibc's allocator"); with GLIBC_TUNABLES set mod_pserv
    # leaves the arena count to it, so it names one arena a core as well.
    local malloc_env=(GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.arena_max=$(nproc):glibc.malloc.tcache_max=256}")
    as_user env "${malloc_env[@]}" "${SAN_ENV[@]}" "$APACHE" -f "$dir/httpd.conf" -t >/dev/null 2>&1 \
        || as_user env "${malloc_env[@]}" "${SAN_ENV[@]}" "$APACHE" -f "$dir/httpd.conf" -t
    as_user env "${malloc_env[@]}" "${SAN_ENV[@]}" "$APACHE" -f "$dir/httpd.conf" -k start
    local i
    for i in $(seq 50); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && return 0
        sleep 0.2
    done
    say "Apache did not answer on port $port; see $dir/logs/error.log"
    tail -n 20 "$dir/logs/error.log" >&2 || true
    exit 1
}

# httpd_check NAME: after httpd_stop, fail if that httpd's run left a
# sanitizer report or a crashed child.
cmd_httpd_check() {
    local dir=$VAR/$1
    san_check "$1" "$dir/logs/error.log" "$(cat "$dir/run/error.log.start" 2>/dev/null || echo 1)"
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

# Named by the port alone: MAIL_PORT may differ between callers (scripts/
# chaos.sh sets its own), and a name that followed it let one caller's
# mail_stop end another's sink.
mail_pidfile() { # PORT
    printf '%s' "$VAR/mail-$1.pid"
}

# The sink's pid, when its pid file names a running aiosmtpd on PORT.
mail_pid() { # PORT
    local f pid
    f=$(mail_pidfile "$1")
    [ -f "$f" ] || return 1
    pid=$(cat "$f")
    # No pipe into grep -q: with pipefail, its early exit fails the pipeline.
    [ -n "$pid" ] && grep -qa aiosmtpd "/proc/$pid/cmdline" 2>/dev/null \
        && grep -qa "127.0.0.1:$1" "/proc/$pid/cmdline" 2>/dev/null || return 1
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

# ---- the demo directory (make run LDAP=1, t/auth/ldap.t) ----------------
# A private slapd on 127.0.0.1:$LDAP_PORT, run as $RUN_USER with its
# configuration and database under var/ldap; never the system's slapd
# (whatever Debian's package set up in /etc/ldap is left alone). Its
# suffix dc=pserv,dc=test, its people in ou=people (scripts/ldap/demo.ldif),
# the account Apache searches as, and the directory's own administrator:
LDAP_PORT=${LDAP_PORT:-3389}
LDAP_DIR=$VAR/ldap
LDAP_BASE=dc=pserv,dc=test
LDAP_ROOT_DN=cn=admin,$LDAP_BASE
LDAP_ROOT_PW=pserv-ldap-admin
LDAP_READER_DN=cn=pserv-reader,ou=services,$LDAP_BASE
LDAP_READER_PW=pserv-reader-2026
LDAP_DEMO_PW=Demo-Direktori-2026
SLAPD=${SLAPD:-/usr/sbin/slapd}

ldap_pid() {
    local pid
    [ -f "$LDAP_DIR/run/slapd.pid" ] || return 1
    pid=$(cat "$LDAP_DIR/run/slapd.pid")
    [ -n "$pid" ] && grep -qa slapd "/proc/$pid/cmdline" 2>/dev/null || return 1
    printf '%s' "$pid"
}

# ldap_start [fresh]: start the directory (fresh: a new database from
# scripts/ldap/demo.ldif; also the first time). Kept otherwise, so that a
# test may stop and start it again with what it added.
cmd_ldap_start() {
    local fresh=${1:-} i pid
    [ -x "$SLAPD" ] || { say "slapd is missing: scripts/dev.sh deps ldap (as root)"; exit 1; }
    if [ -n "$fresh" ]; then cmd_ldap_stop; fi
    ldap_pid >/dev/null && return 0
    if port_open "$LDAP_PORT"; then say "Port $LDAP_PORT is taken by another program (LDAP_PORT)"; exit 1; fi
    cmd_perms
    if [ -n "$fresh" ] || [ ! -f "$LDAP_DIR/data/data.mdb" ]; then
        as_user rm -rf "$LDAP_DIR/data"
        as_user mkdir -p "$LDAP_DIR/data" "$LDAP_DIR/run"
        sed -e "s|@DIR@|$LDAP_DIR|g" -e "s|@ROOTPW@|$LDAP_ROOT_PW|g" \
            "$ROOT/scripts/ldap/slapd.conf.in" | as_user tee "$LDAP_DIR/slapd.conf" >/dev/null
        sed -e "s|@DEMO_PW@|$(slappasswd -s "$LDAP_DEMO_PW")|g" \
            -e "s|@READER_PW@|$(slappasswd -s "$LDAP_READER_PW")|g" \
            "$ROOT/scripts/ldap/demo.ldif" | as_user "${SLAPD%/slapd}/slapadd" -q -f "$LDAP_DIR/slapd.conf"
    fi
    as_user mkdir -p "$LDAP_DIR/run"
    # It forks into the background; its log goes to syslog (loglevel stats).
    as_user "$SLAPD" -f "$LDAP_DIR/slapd.conf" -h "ldap://127.0.0.1:$LDAP_PORT/"
    for i in $(seq 100); do
        if port_open "$LDAP_PORT" && pid=$(ldap_pid); then
            say "Directory (slapd) on ldap://127.0.0.1:$LDAP_PORT/ ($LDAP_BASE)"; return 0
        fi
        sleep 0.1
    done
    say "slapd did not start: try $SLAPD -d stats -f $LDAP_DIR/slapd.conf -h ldap://127.0.0.1:$LDAP_PORT/"
    exit 1
}

cmd_ldap_stop() {
    local pid i
    pid=$(ldap_pid) || return 0
    kill "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$LDAP_DIR/run/slapd.pid"
}

# ldap_add: LDIF on stdin into the running directory, as its administrator
# (t/auth/ldap.t adds its own people).
cmd_ldap_add() {
    ldapadd -x -H "ldap://127.0.0.1:$LDAP_PORT/" -D "$LDAP_ROOT_DN" -w "$LDAP_ROOT_PW" >/dev/null
}

# ldap_conf: the httpd lines that point /login at this directory (make run
# LDAP=1 appends them to its server's configuration).
cmd_ldap_conf() {
    cat <<CONF
# The demo directory (scripts/dev.sh ldap_start; README, "Corporate sign-in").
LoadModule ldap_module $(moddir)/mod_ldap.so
LoadModule authnz_ldap_module $(moddir)/mod_authnz_ldap.so
LDAPCacheTTL 0
LDAPConnectionTimeout 5
# the login form only: <Location /login> would also cover /login/sso
<LocationMatch "^/login\$">
    PservAuthProvider pserv ldap
    AuthLDAPURL "ldap://127.0.0.1:$LDAP_PORT/ou=people,$LDAP_BASE?uid,employeeNumber,mail?sub?(objectClass=inetOrgPerson)"
    AuthLDAPBindDN "$LDAP_READER_DN"
    AuthLDAPBindPassword "$LDAP_READER_PW"
    PservAccountMap nopek AUTHENTICATE_EMPLOYEENUMBER
    PservAutoCreateAccounts On
</LocationMatch>
CONF
}

cmd_stop() {
    local d f p
    for d in "$VAR"/httpd-*/; do
        [ -d "$d" ] && cmd_httpd_stop "$(basename "$d")"
    done
    for f in "$VAR"/mail-*.pid; do
        [ -f "$f" ] || continue
        p=${f##*/mail-}; p=${p%.pid}
        cmd_mail_stop "$p"
    done
    # var/mail.pid: the default sink's pid file of older checkouts.
    if [ -f "$VAR/mail.pid" ]; then
        p=$(cat "$VAR/mail.pid")
        ! grep -qa aiosmtpd "/proc/$p/cmdline" 2>/dev/null || kill "$p" 2>/dev/null || true
        rm -f "$VAR/mail.pid"
    fi
    cmd_ldap_stop
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
    local so=$ROOT/mod_pserv/.libs/mod_pserv.so out=$VAR/apache-test.log rc=0 MODDIR
    MODDIR=$(moddir)
    cat >"$VAR/apache-test-base.conf" <<CONF
LoadModule mpm_event_module $MODDIR/mod_mpm_event.so
LoadModule authz_core_module $MODDIR/mod_authz_core.so
LoadModule authn_core_module $MODDIR/mod_authn_core.so
LoadModule authz_user_module $MODDIR/mod_authz_user.so
LoadModule mime_module $MODDIR/mod_mime.so
LoadModule alias_module $MODDIR/mod_alias.so
LoadModule headers_module $MODDIR/mod_headers.so
LoadModule dbd_module $MODDIR/mod_dbd.so
LoadModule authz_host_module $MODDIR/mod_authz_host.so
LoadModule status_module $MODDIR/mod_status.so
LoadModule remoteip_module $MODDIR/mod_remoteip.so
LoadModule auth_basic_module $MODDIR/mod_auth_basic.so
LoadModule authn_file_module $MODDIR/mod_authn_file.so
LoadModule env_module $MODDIR/mod_env.so
LoadModule ldap_module $MODDIR/mod_ldap.so
LoadModule authnz_ldap_module $MODDIR/mod_authnz_ldap.so
LoadModule socache_shmcb_module $MODDIR/mod_socache_shmcb.so
LoadModule pserv_module $so
CONF
    # mod_auth_openidc (t/auth/sso_oidc.t), when installed (TEST_PACKAGES)
    if [ -f "$MODDIR/mod_auth_openidc.so" ]; then
        echo "LoadModule auth_openidc_module $MODDIR/mod_auth_openidc.so" >>"$VAR/apache-test-base.conf"
    fi
    chown -R "$RUN_USER:" "$ROOT/t" "$VAR/apache-test-base.conf"
    # Apache::Test starts httpd itself: a sanitized run gives it a wrapper
    # that starts Debian's apache2 in the sanitizer environment.
    local httpd=$APACHE
    san_setup apache-test
    if [ ${#SAN_ENV[@]} -gt 0 ]; then
        httpd=$VAR/apache2-sanitized
        { printf '#!/bin/sh\n# Written by scripts/dev.sh test_apache (SANITIZE=1).\nexec env'
          printf " '%s'" "${SAN_ENV[@]}" "$APACHE"; printf ' "$@"\n'; } >"$httpd"
        chmod 755 "$httpd"
    fi
    local before=0
    [ -f "$ROOT/t/logs/error_log" ] && before=$(wc -l <"$ROOT/t/logs/error_log")
    (cd "$ROOT" && as_user env PSERV_VAR="$VAR" PSERV_DEV="$0" PSERV_TEST_MAIL_PORT="${PSERV_TEST_MAIL_PORT:-8026}" \
        PSERV_TEST_OP_PORT="${OP_PORT:-8039}" \
        LDAP_PORT="$LDAP_PORT" \
        perl t/TEST.PL -apxs "$(command -v apxs)" -httpd "$httpd" \
        -httpd_conf "$VAR/apache-test-base.conf" -port "${TEST_APACHE_PORT:-8529}" \
        "$@") 2>&1 | tee "$out" || rc=$?
    [ "$rc" = 0 ] && grep -q '^Result: PASS' "$out" || { say "Apache::Test suite failed"; exit 1; }
    # A crashed child, or a sanitizer report, can go unnoticed by the tests.
    san_check apache-test "$ROOT/t/logs/error_log" "$((before + 1))" \
        || { say "Apache::Test suite: crash or sanitizer report"; exit 1; }
    rm -f "$ROOT"/t/core*
}

cmd_conninfo() { conninfo "$1"; printf '\n'; }

c=${1:-}; shift || true
case $c in
    deps|perms|pg_start|pg_stop|pg_restart|db|httpd_start|httpd_stop|httpd_check|mail_start|mail_stop|ldap_start|ldap_stop|ldap_add|ldap_conf|stop|reset|test_apache|conninfo)
        "cmd_$c" "$@" ;;
    *) say "usage: $0 deps [build|run|test]|pg_start|pg_stop|db NAME [fresh]|httpd_start NAME PORT DB|httpd_stop NAME|httpd_check NAME|mail_start [PORT [DIR]]|mail_stop [PORT]|ldap_start [fresh]|ldap_stop|ldap_add|ldap_conf|stop|reset|test_apache|conninfo DB"; exit 2 ;;
esac
