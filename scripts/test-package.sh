#!/usr/bin/env bash
# scripts/test-package.sh DEB: the Debian package in this machine's own
# system Apache, with Debian's stock configuration (mod_dir on,
# /var/www/html/index.html, whatever MPM is enabled), as an admin following
# the README would use it:
#
#   apt-get install ./DEB; a2enmod pserv; a2ensite pserv
#   a fresh database (the private PostgreSQL of scripts/dev.sh, database
#   pserv_pkg) migrated by the INSTALLED /usr/bin/pserv-admin from
#   /usr/share/pserv/sql; the first administrator made with pserv-admin
#   /usr/sbin/apache2 started on 127.0.0.1:$PKG_PORT (8380), not :80
#   GET / (the login page, not a 404), log in, submit a request on the
#   public form, open the list and the ticket; the TLS site pserv-ssl
#   (snakeoil certificate) started the same way and its login page fetched
#   no [warn] or worse in the error logs of the run
#   stop Apache, purge the package: /etc/apache2 must be exactly as before.
#
# Only the port differs from a real install: the server runs from a copy of
# /etc/apache2/apache2.conf whose "Include ports.conf" is replaced by one
# Listen line, with the sites' settings given as Define lines before it
# (the shipped sites take every setting through <IfDefine !...>), and with
# Debian's envvars pointing logs, pid file and runtime folder into
# var/test-package/. Nothing under /etc/apache2 is edited by hand.
#
# Safe to interrupt: a trap undoes everything, and a run that was killed
# outright is undone by the next one (var/test-package/state/) before it
# starts. Must run as root (apt-get, a2enmod, /etc/apache2).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEB=${1:-}
PORT=${PKG_PORT:-8380}
DB=${PKG_DB:-pserv_pkg}
MAIL=${PSERV_TEST_MAIL_PORT:-8026}
PKG=libapache2-mod-pserv
WORK=$ROOT/var/test-package
STATE=$WORK/state
DEV=$ROOT/scripts/dev.sh
ADMIN=/usr/bin/pserv-admin
ADMIN_USER=pkg.admin
ADMIN_PW="Uji-Paket-Pserv-2026-$$"
BASE=http://127.0.0.1:$PORT

say() { printf 'test-package: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it installs a package into the system Apache)"
[ -n "$DEB" ] && [ -f "$DEB" ] || die "usage: $0 libapache2-mod-pserv_VERSION_ARCH.deb"
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
[ -x /usr/sbin/apache2 ] && [ -f /etc/apache2/apache2.conf ] \
    || die "Debian's apache2 is not installed (make deps)"

# ---- /etc/apache2 before and after -----------------------------------------

# One line per file, folder and link: type, mode, owner, link target and a
# checksum of the contents. Two manifests differ exactly when /etc/apache2 does.
manifest() {
    (cd /etc && find apache2 -printf '%y %m %u:%g %p -> %l\n' | sort
     find apache2 -type f -print0 | sort -z | xargs -0 md5sum)
}

installed() { [ "$(dpkg-query -W -f='${Status}' $PKG 2>/dev/null)" = 'install ok installed' ]; }

# Keep package scripts from starting or reloading the system's services
# (dev.sh deps does the same); removed again if we made it.
POLICY=/usr/sbin/policy-rc.d
policy_on() {
    [ -e $POLICY ] && return 0
    printf '#!/bin/sh\nexit 101\n' >$POLICY; chmod 755 $POLICY; touch "$STATE/policy-added"
}
policy_off() { [ ! -f "$STATE/policy-added" ] || { rm -f $POLICY "$STATE/policy-added"; }; }

apache_env() {
    # Debian's envvars, with the run's files moved into $WORK.
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c '
        . /etc/apache2/envvars
        export APACHE_LOG_DIR=$1/log APACHE_RUN_DIR=$1/run
        export APACHE_PID_FILE=$1/run/apache2.pid APACHE_LOCK_DIR=$1/lock
        shift; exec "$@"' _ "$WORK" "$@"
}

apache_stop() {
    local pid i
    [ -f "$WORK/run/apache2.pid" ] || return 0
    pid=$(cat "$WORK/run/apache2.pid")
    apache_env /usr/sbin/apache2 -d /etc/apache2 -f "$WORK/apache2.conf" -k stop 2>/dev/null \
        || kill "$pid" 2>/dev/null || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { say "apache2 $pid did not stop; killing it"; kill -9 "$pid" || true; }
    rm -f "$WORK/run/apache2.pid"
}

# Undo everything this script did, in an order that works from any point
# of a run (also a killed one, from its state folder). Fails when
# /etc/apache2 was not left as found; it is restored from the snapshot then.
cleanup() {
    local rc=$? m
    trap - EXIT INT TERM
    [ -d "$STATE" ] || exit $rc
    set +e
    apache_stop
    # The package's own maintainer scripts disable its module and sites:
    # whatever they leave shows in the comparison below.
    if installed; then
        policy_on
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=600 $PKG \
            >"$WORK/purge.log" 2>&1 || { cat "$WORK/purge.log" >&2; say "FAIL: apt-get purge"; rc=1; }
        grep -q 'database' "$WORK/purge.log" \
            || { say "FAIL: the purge did not say that the database is left alone"; rc=1; }
    fi
    # Modules and sites this run enabled besides pserv (a2enmod pserv
    # enables its "# Depends:"; the TLS check ssl, socache_shmcb, http2).
    for m in $(cat "$STATE/enabled-mods" 2>/dev/null); do a2dismod -q -f "$m" >/dev/null 2>&1; done
    [ ! -f "$STATE/snakeoil-made" ] || rm -f /etc/ssl/certs/ssl-cert-snakeoil.pem \
        /etc/ssl/private/ssl-cert-snakeoil.key "$STATE/snakeoil-made"
    policy_off
    if [ -f "$STATE/etc-apache2.manifest" ] && [ -f "$STATE/etc-apache2.tar" ]; then
        manifest >"$WORK/etc-apache2.after"
        if ! diff -u "$STATE/etc-apache2.manifest" "$WORK/etc-apache2.after" >"$WORK/etc-apache2.diff"; then
            cat "$WORK/etc-apache2.diff" >&2
            say "FAIL: /etc/apache2 differs from before the run (above); restoring it from the snapshot"
            rm -rf /etc/apache2 && tar -C /etc -xpf "$STATE/etc-apache2.tar"
            rc=1
        fi
    fi
    # /var/lib/apache2: a2enmod's records of who enabled what; not
    # configuration, but put back as found too.
    [ ! -f "$STATE/var-lib-apache2.tar" ] || { rm -rf /var/lib/apache2 && tar -C /var/lib -xpf "$STATE/var-lib-apache2.tar"; }
    rm -rf "$STATE"
    if [ -n "${RECOVERING:-}" ]; then say "the interrupted run is undone"
    elif [ $rc = 0 ]; then say "PASS"
    else say "FAIL (logs: $WORK/)"; fi
    exit $rc
}

mkdir -p "$WORK"
if [ -d "$STATE" ]; then
    say "undoing an interrupted earlier run first"
    ( RECOVERING=1; cleanup ) || true
fi
installed && die "$PKG is already installed (not by this script): remove it first"

# ---- the starting point ---------------------------------------------------------

rm -rf "$WORK/log" "$WORK/run" "$WORK/lock" "$WORK/create-account.log"
mkdir -p "$STATE" "$WORK/log" "$WORK/run" "$WORK/lock"
trap cleanup EXIT
trap 'exit 130' INT TERM
# Each snapshot is written under a temporary name and renamed when whole:
# cleanup restores only from complete ones.
tar -C /etc -cpf "$STATE/etc-apache2.tar.tmp" apache2
mv "$STATE/etc-apache2.tar.tmp" "$STATE/etc-apache2.tar"
if [ -d /var/lib/apache2 ]; then
    tar -C /var/lib -cpf "$STATE/var-lib-apache2.tar.tmp" apache2
    mv "$STATE/var-lib-apache2.tar.tmp" "$STATE/var-lib-apache2.tar"
fi
manifest >"$STATE/etc-apache2.manifest.tmp"
mv "$STATE/etc-apache2.manifest.tmp" "$STATE/etc-apache2.manifest"
: >"$STATE/enabled-mods"

mpms=$(cd /etc/apache2/mods-enabled && ls mpm_*.load 2>/dev/null | sed 's/\.load$//' | tr '\n' ' ')
[ "$(echo $mpms | wc -w)" = 1 ] || die "expected one MPM in /etc/apache2/mods-enabled, found: ${mpms:-none}"
say "system Apache: $(/usr/sbin/apache2 -v | sed -n 's/^Server version: //p'), MPM ${mpms% }"
[ -f /var/www/html/index.html ] && [ -e /etc/apache2/mods-enabled/dir.load ] \
    || say "note: not Debian's stock set-up (no mod_dir or no /var/www/html/index.html)"
# Modules enabled now; what a2enmod adds later is disabled again at the end.
mods_before=$(cd /etc/apache2/mods-enabled && ls *.load | sed 's/\.load$//' | sort)
note_new_mods() {
    comm -13 <(echo "$mods_before") \
        <(cd /etc/apache2/mods-enabled && ls *.load | sed 's/\.load$//' | sort) | grep -vx pserv \
        >"$STATE/enabled-mods" || true
}

# ---- install, as the README says --------------------------------------------------

policy_on
say "apt-get install $DEB"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "$DEB" \
    >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; die "apt-get install"; }
policy_off
installed || die "$PKG is not installed after apt-get install"
for f in /usr/lib/apache2/modules/mod_pserv.so /etc/apache2/mods-available/pserv.load \
         /etc/apache2/sites-available/pserv.conf /etc/apache2/sites-available/pserv-ssl.conf \
         /usr/share/pserv/conf/pserv.conf /usr/share/pserv/templates/login.xsl \
         /usr/share/pserv/templates/static/pserv.css /usr/share/pserv/sql/001_schema.sql $ADMIN \
         /usr/share/man/man1/pserv-admin.1.gz; do
    [ -e "$f" ] || die "the package did not install $f"
done
for f in /etc/apache2/mods-available/pserv.load /etc/apache2/sites-available/pserv.conf \
         /etc/apache2/sites-available/pserv-ssl.conf; do
    dpkg-query -W -f='${Conffiles}\n' $PKG | grep " $f " >/dev/null || die "$f is not a conffile"
done
[ ! -e /etc/apache2/mods-enabled/pserv.load ] || die "the package enabled the module by itself"

a2enmod -q pserv >/dev/null
note_new_mods
a2ensite -q pserv >/dev/null
for m in dbd alias headers authn_core authz_core authz_user; do
    [ -e /etc/apache2/mods-enabled/$m.load ] || die "a2enmod pserv did not enable $m"
done

# ---- the database: the installed pserv-admin --------------------------------------

"$DEV" pg_start
CONNINFO=$("$DEV" conninfo "$DB")
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$ROOT/var/pg/run" -p 5432 -U pserv "$@"; }
psql_ -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
"$ADMIN" -d "$CONNINFO" migrate /usr/share/pserv/sql >"$WORK/migrate.log" \
    || { cat "$WORK/migrate.log" >&2; die "pserv-admin migrate /usr/share/pserv/sql"; }
# Master data for a request on the public form (units, employees, platforms;
# no accounts: the first administrator is made below).
rm -rf "$WORK/master" && mkdir -p "$WORK/master"
cp "$ROOT/sql/demo/units.csv" "$ROOT/sql/demo/employees.csv" "$ROOT/sql/demo/platforms.csv" "$WORK/master/"
"$ADMIN" -d "$CONNINFO" import "$WORK/master" >/dev/null || die "pserv-admin import (master data)"

# The first administrator, as the README says.
"$ADMIN" -d "$CONNINFO" create-account "$ADMIN_USER" --roles admin \
    --email pkg.admin@example.com --base-url "$BASE" >"$WORK/create-account.log" \
    || die "pserv-admin create-account"
printf '%s\n' "$ADMIN_PW" | "$ADMIN" -d "$CONNINFO" set-password "$ADMIN_USER" >/dev/null \
    || die "pserv-admin set-password"

# Apache's user must reach the private cluster's socket.
if ! runuser -u www-data -- test -x "$ROOT/var/pg/run"; then
    d=$ROOT/var/pg/run
    while [ "$d" != / ]; do
        runuser -u www-data -- test -x "$d" || setfacl -m u:www-data:x "$d"
        d=$(dirname "$d")
    done
fi
"$DEV" mail_start "$MAIL" "$ROOT/var/mail-test"

# ---- the system Apache on $PORT --------------------------------------------------------

# conf_for PORT_LINE DEFINES...: Debian's apache2.conf, ports.conf replaced.
write_conf() {
    { echo "# Written by scripts/test-package.sh: /etc/apache2/apache2.conf with"
      echo "# ports.conf replaced by the Listen line below."
      for d in "$@"; do echo "Define $d"; done
      sed "s|^Include ports.conf\$|Listen 127.0.0.1:$PORT|" /etc/apache2/apache2.conf
    } >"$WORK/apache2.conf"
    grep -q "^Listen 127.0.0.1:$PORT\$" "$WORK/apache2.conf" \
        || die "no 'Include ports.conf' line in /etc/apache2/apache2.conf to replace"
}

apache_start() {
    apache_env /usr/sbin/apache2 -d /etc/apache2 -f "$WORK/apache2.conf" -t >"$WORK/configtest.log" 2>&1 \
        || { cat "$WORK/configtest.log" >&2; die "apache2 -t"; }
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is taken"; fi
    apache_env /usr/sbin/apache2 -d /etc/apache2 -f "$WORK/apache2.conf" -k start \
        >>"$WORK/start.log" 2>&1 || { cat "$WORK/start.log" >&2; die "apache2 -k start"; }
    local i
    for i in $(seq 100); do
        curl -ksf -o /dev/null "$1/healthz" && return 0
        sleep 0.2
    done
    tail -n 20 "$WORK"/log/*.log >&2 || true
    die "Apache did not answer $1/healthz"
}

write_conf "PSERV_HTTP_PORT $PORT" "PSERV_BASE_URL $BASE" "PSERV_DBPARAMS \"$CONNINFO\"" \
    "PSERV_MAIL_SMTP smtp://127.0.0.1:$MAIL"
say "apache2 on $BASE (site pserv, MPM ${mpms% })"
apache_start "$BASE"

# ---- the walk -------------------------------------------------------------------------

JAR=$WORK/cookies.txt PUB=$WORK/public-cookies.txt
rm -f "$JAR" "$PUB"
page() { # JAR PATH [curl args]: body in $WORK/page.html, prints the status
    local jar=$1 path=$2; shift 2
    curl -s -o "$WORK/page.html" -w '%{http_code}' -b "$jar" -c "$jar" \
        -H "Origin: $BASE" "$@" "$BASE$path" || true
}
expect() { # STATUS WANT WHAT
    [ "$1" = "$2" ] || { sed -n 1,40p "$WORK/page.html" >&2; die "$3: status $1, want $2"; }
    say "ok: $3"
}
csrf() { sed -n 's/.*<input[^>]*name="csrf"[^>]*value="\([^"]*\)".*/\1/p' "$WORK/page.html" | head -n 1; }

st=$(page "$JAR" /)
expect "$st" 200 "GET / is the login page"
grep -q 'action="/login"' "$WORK/page.html" || die "GET / is not the login page"
grep -q 'Halaman Tidak Ditemukan' "$WORK/page.html" && die "GET / is the 404 page"
st=$(page "$JAR" /login --data-urlencode "username=$ADMIN_USER" \
        --data-urlencode "password=$ADMIN_PW" --data-urlencode "csrf=$(csrf)")
expect "$st" 303 "log in as the first administrator"
grep -q 'pserv_session' "$JAR" || die "no session cookie after the login"
st=$(page "$JAR" /home); expect "$st" 200 "GET /home"
# The set-password link create-account printed (the README's first way):
# its page opens, and its token must not reach the access log (checked below).
link=$(grep -o "$BASE/password/set?token=[A-Za-z0-9_-]*" "$WORK/create-account.log" 2>/dev/null | head -n 1 || true)
if [ -n "$link" ]; then
    st=$(page "$PUB" "${link#$BASE}"); expect "$st" 200 "the set-password link of create-account opens"
    grep -q 'name="password2"' "$WORK/page.html" || die "the link's page has no password form"
fi
st=$(page "$JAR" /admin/accounts); expect "$st" 200 "GET /admin/accounts (role admin)"
st=$(page "$JAR" /static/pserv.css); expect "$st" 200 "GET /static/pserv.css (Alias)"

# A request on the public form (review, then Submit Permohonan), from a
# browser without a session: it goes through the upload spool and the mail
# outbox of the installed module.
st=$(page "$PUB" /request/new); expect "$st" 200 "GET /request/new"
form_token=$(sed -n 's/.*<input[^>]*name="form_token"[^>]*value="\([^"]*\)".*/\1/p' "$WORK/page.html" | head -n 1)
[ -n "$form_token" ] || die "no form_token on /request/new"
st=$(page "$PUB" /request/new -F "csrf=$(csrf)" -F "form_token=$form_token" \
        -F kind=UNIT -F "full_name=Uji Paket Debian" -F "position=Staf Operasional SPBU" \
        -F "email=uji.paket@unit.example" -F unit_code=UNIT-JKT -F atasan_nopek=10050002 \
        -F "note=Dari scripts/test-package.sh" -F platform=SAP -F "note_SAP=Akses SAP" \
        -F action=review)
expect "$st" 200 "POST /request/new (review)"
grep -q 'request/submit' "$WORK/page.html" || { grep -o 'class="[^"]*error[^"]*"[^<]*<[^>]*>[^<]*' "$WORK/page.html" >&2; die "no review page"; }
# The review page's hidden inputs, as curl arguments (HTML entities undone).
mapfile -t pairs < <(perl -0ne '
    my ($f) = m{<form[^>]*action="[^"]*request/submit"[^>]*>(.*?)</form>}s or exit 1;
    while ($f =~ m{<input[^>]*type="hidden"[^>]*>}g) {
        my $i = $&; my ($n) = $i =~ /name="([^"]*)"/; my ($v) = $i =~ /value="([^"]*)"/;
        $v //= ""; $v =~ s/&quot;/"/g; $v =~ s/&lt;/</g; $v =~ s/&gt;/>/g; $v =~ s/&#39;/'"'"'/g; $v =~ s/&amp;/&/g;
        print "--data-urlencode\n$n=$v\n";
    }' "$WORK/page.html")
[ ${#pairs[@]} -gt 0 ] || die "no hidden inputs in the Submit Permohonan form"
st=$(page "$PUB" /request/submit "${pairs[@]}")
expect "$st" 200 "POST /request/submit"
grep -q 'Permohonan Berhasil Di-Submit' "$WORK/page.html" || die "the request was not submitted"
nomor=$(grep -o 'UID-[0-9]\{4\}-[0-9]\{6\}' "$WORK/page.html" | head -n 1)
[ -n "$nomor" ] || die "no Nomor on the submitted page"

st=$(page "$JAR" /requests); expect "$st" 200 "GET /requests"
grep -q "$nomor" "$WORK/page.html" || die "$nomor is not in the list"
id=$(grep -o 'href="[^"]*requests/[0-9]*"' "$WORK/page.html" | head -n 1 | grep -o '[0-9]*"$' | tr -d '"')
[ -n "$id" ] || die "no ticket link in the list"
st=$(page "$JAR" "/requests/$id"); expect "$st" 200 "GET /requests/$id (the ticket $nomor)"
grep -q "$nomor" "$WORK/page.html" || die "the ticket page does not show $nomor"
token=$(csrf)
st=$(page "$JAR" /index.html); expect "$st" 404 "GET /index.html is P-Serv's 404, not Debian's page"
st=$(page "$JAR" /logout --data-urlencode "csrf=$token"); expect "$st" 303 "POST /logout"
apache_stop

# ---- the TLS site, as shipped (snakeoil certificate) ------------------------------

a2dissite -q pserv >/dev/null
# mod_http2 refuses to work under the prefork MPM (and says so in the log).
if [ "${mpms% }" = mpm_prefork ]; then a2enmod -q ssl >/dev/null; h2=1.1
else a2enmod -q ssl http2 >/dev/null; h2=2; fi
note_new_mods
a2ensite -q pserv-ssl >/dev/null
if [ ! -f /etc/ssl/certs/ssl-cert-snakeoil.pem ]; then
    # What the package ssl-cert does when it is installed; undone at the end.
    command -v make-ssl-cert >/dev/null || die "no make-ssl-cert (package ssl-cert)"
    make-ssl-cert generate-default-snakeoil && touch "$STATE/snakeoil-made"
fi
# The snakeoil certificate names this machine: so does the vhost here
# (another name gets mod_ssl's AH01909 warning, as it should).
cn=$(openssl x509 -in /etc/ssl/certs/ssl-cert-snakeoil.pem -noout -subject -nameopt multiline \
     | sed -n 's/^ *commonName *= *//p')
# The redirecting vhost of port 80 gets no Listen here.
write_conf "PSERV_HTTPS_PORT $PORT" "PSERV_SERVER_NAME ${cn:-localhost}" \
    "PSERV_BASE_URL https://127.0.0.1:$PORT" "PSERV_DBPARAMS \"$CONNINFO\"" \
    "PSERV_MAIL_SMTP smtp://127.0.0.1:$MAIL"
say "apache2 on https://127.0.0.1:$PORT (site pserv-ssl)"
apache_start "https://127.0.0.1:$PORT"
st=$(curl -ks -o "$WORK/page.html" -w '%{http_code} %{http_version}' --http2 "https://127.0.0.1:$PORT/" || true)
expect "$st" "200 $h2" "GET https://127.0.0.1:$PORT/ (HTTP/$h2) is the login page"
grep -q 'action="/login"' "$WORK/page.html" || die "GET https://.../ is not the login page"
apache_stop

# ---- the logs of the run ------------------------------------------------------------

# Every [warn] or worse (AH02653, the statements once registered per
# virtual host, included: there must be none).
bad=$(grep -hE '^\[[^]]*\] \[[a-z0-9_]*:(warn|error|crit|alert|emerg)\]' "$WORK"/log/*.log \
      || true)
if [ -n "$bad" ]; then
    printf '%s\n' "$bad" | head -n 30 >&2
    die "the error logs of the run have $(printf '%s\n' "$bad" | wc -l) [warn] or worse lines (above)"
fi
grep -q 'GET / HTTP' "$WORK/log/pserv-access.log" || die "nothing in the site's access log"
if grep -E 'token=|/password/set\?|/status/[A-Za-z0-9_-]{8}' "$WORK/log/pserv-access.log"; then die "a token in the access log (above)"; fi
say "ok: no [warn] or worse in the error logs"
# cleanup (trap): purge, and /etc/apache2 compared with the snapshot.
