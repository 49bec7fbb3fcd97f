#!/usr/bin/env bash
# scripts/check-fresh.sh: `make check-fresh`. The README's promise that the
# first command on a fresh Debian 12 machine works, tested on one: a
# throw-away root made by mmdebstrap (minimal Debian 12 with make and git
# only: no compiler, no -dev package, no Apache, no PostgreSQL), into which
# the committed HEAD is cloned. There, as root:
#   1. `make GOAL` as the very first command (GOAL: run, the default,
#      build or test; CHECK_FRESH_GOAL or the first argument). After `run`:
#      GET / gives the login page, the demo admin logs in, `make stop`.
#   2. `make build` again changes nothing: no file of the checkout outside
#      var/ is written (the second `make run` is the same check with the
#      servers).
#   3. `make install` then `make uninstall` leaves the root's files as they
#      were.
# Prints each step's time; the whole log goes to build/check-fresh.log. The
# root is removed at the end, also on failure (CHECK_FRESH_KEEP=1 keeps it
# for a look, and says where).
#
# Runs as root. Mounts /proc and a /dev/shm for the root in a mount
# namespace of its own (unshare), so nothing stays mounted on the host
# whatever happens; the servers started inside are stopped by `make stop`,
# and any process still running in the root at the end is killed.
# Needs: mmdebstrap (installed from Debian if missing), the Debian mirror
# of this machine's apt sources (or CHECK_FRESH_MIRROR). The servers inside
# share the host's network: PORT (8080) and MAIL_PORT (8025) must be free,
# and TEST_PORT, TEST_APACHE_PORT and the other test ports for GOAL=test.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GOAL=${1:-${CHECK_FRESH_GOAL:-run}}
export PORT=${PORT:-8080} MAIL_PORT=${MAIL_PORT:-8025}
SUITE=bookworm

say() { printf '%s\n' "$*" >&2; }
die() { say "check-fresh: $*"; exit 1; }

case $GOAL in run|build|test) ;; *) die "GOAL is run, build or test, not '$GOAL'" ;; esac
[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap --mode=root, chroot)"
git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null || die "$ROOT has no commit"
if ! command -v mmdebstrap >/dev/null; then
    say "Installing mmdebstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >/dev/null
fi

# The mirror: Debian's entries of this machine's apt sources (deb822 or
# one-line), unless CHECK_FRESH_MIRROR names one (a URL or a sources file).
mirror=${CHECK_FRESH_MIRROR:-}
if [ -z "$mirror" ]; then
    for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
        [ -s "$f" ] && grep -q '^[^#]*debian' "$f" && { mirror=$f; break; }
    done
    mirror=${mirror:-http://deb.debian.org/debian}
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pserv-check-fresh.XXXXXX")
R=$WORK/root
LOG=$WORK/log

# Processes whose root is $R: the servers of the fresh checkout.
root_pids() {
    local p
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && printf '%s\n' "${p#/proc/}"
    done
    return 0
}

cleanup() {
    local rc=$? pids
    pids=$(root_pids)
    if [ -n "$pids" ]; then
        say "check-fresh: stopping what still runs in the root: $(echo $pids)"
        kill $pids 2>/dev/null || true; sleep 2
        pids=$(root_pids); [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
    fi
    # The mounts live in the namespace of the unshare below and went with
    # it; if one is seen here anyway, the root is not removed.
    if grep -q " $R/" /proc/self/mounts; then
        say "check-fresh: something is still mounted under $R: left in place"
    elif [ "${CHECK_FRESH_KEEP:-}" = 1 ]; then
        say "check-fresh: root kept in $R (log: $LOG); rm -rf $WORK when done"
    else
        [ $rc -eq 0 ] || { say "check-fresh: last lines of the log:"; tail -n 40 "$LOG" >&2 || true; }
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_start=$(date +%s)
step() { say "check-fresh: $* (at $(($(date +%s) - t_start)) s)"; }

step "mmdebstrap $SUITE (minbase + make git) from $mirror into $R"
mmdebstrap --quiet --mode=root --variant=minbase --include=make,git \
    "$SUITE" "$R" "$mirror" >"$LOG" 2>&1 || die "mmdebstrap failed (see above)"
for p in apache2-dev libapr1-dev gcc postgresql; do
    [ "$(chroot "$R" dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != 'install ok installed' ] \
        || die "the fresh root already has $p"
done

# The committed HEAD, cloned inside by the root's own git, as a user would.
commit=$(git -C "$ROOT" rev-parse --short HEAD)
git -C "$ROOT" bundle create -q "$R/tmp/pserv.bundle" HEAD
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ] \
    || say "check-fresh: uncommitted changes are not part of the check (HEAD is $commit)"

# What runs inside, as root in /root, with a login shell's environment
# and the ports of this one.
{
    printf 'GOAL=%s\n' "$GOAL"
    for v in PORT MAIL_PORT TEST_PORT TEST_APACHE_PORT PSERV_TEST_MAIL_PORT \
             CHAOS_PORT CHAOS_PORT2 CHAOS_MAIL_PORT; do
        [ -z "${!v:-}" ] || printf 'export %s=%q\n' "$v" "${!v}"
    done
} >"$R/tmp/check.sh"
cat >>"$R/tmp/check.sh" <<'INSIDE'
set -euo pipefail
t0=$(date +%s)
step() { printf 'check-fresh: %s (at %s s)\n' "$*" "$(($(date +%s) - t0))"; }
fail() { printf 'check-fresh: FAIL: %s\n' "$*"; exit 1; }
trap 'printf "check-fresh: FAIL at line %s of check.sh: %s\n" "$LINENO" "$BASH_COMMAND"' ERR
cd /root
git -c advice.detachedHead=false clone -q /tmp/pserv.bundle mod_pserv
cd mod_pserv
git log -1 --format='check-fresh: checkout %h %s'

# What changed in the checkout (outside var/ and .git/) since the stamp.
changed() { find . \( -path ./var -o -path ./.git \) -prune -o -newer /tmp/stamp -print; }

# The demo admin's Kode Verifikasi (make run asks the ICT roles and admin
# for one; README, "Demo logins"): RFC 6238 from the demo secret, for the
# step $1 ahead of now (each code is accepted once: a second login_check
# takes the next step's, which the server also accepts).
LOGINS=0
demo_totp() {
    python3 -c 'import base64, hashlib, hmac, struct, sys, time
k = base64.b32decode(sys.argv[1])
h = hmac.new(k, struct.pack(">Q", int(time.time()) // 30 + int(sys.argv[2])), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))' \
        PSERVDEMOTOTPSECRETFORDEMOONLY23 "$1"
}

login_check() {
    local base=http://127.0.0.1:$PORT jar=/tmp/cookies body csrf code
    rm -f $jar
    body=$(curl -fsS -c $jar "$base/") || fail "GET / failed"
    grep -q 'name="password"' <<<"$body" || fail "GET / is not the login page"
    csrf=$(awk '$6 == "pserv_csrf" { print $7 }' $jar)
    [ -n "$csrf" ] || fail "the login page set no pserv_csrf cookie"
    code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -b $jar -c $jar -H "Origin: $base" \
        --data-urlencode username=admin --data-urlencode password=Demo-Pserv-2026 \
        --data-urlencode "csrf=$csrf" "$base/login")
    [ "${code%% *}" = 303 ] || fail "POST /login answered $code, not 303"
    if [ "${code#* }" = "$base/login/mfa" ]; then
        code=$(curl -sS -o /dev/null -w '%{http_code}' -b $jar -c $jar -H "Origin: $base" \
            --data-urlencode "code=$(demo_totp $LOGINS)" --data-urlencode "csrf=$csrf" \
            "$base/login/mfa")
        [ "$code" = 303 ] || fail "POST /login/mfa (Kode Verifikasi) answered $code, not 303"
    fi
    LOGINS=$((LOGINS + 1))
    code=$(curl -sS -o /dev/null -w '%{http_code}' -b $jar "$base/home")
    [ "$code" = 200 ] || fail "GET /home after the login answered $code"
    step "GET / is the login page; admin logged in (password and Kode Verifikasi), /home answers 200"
}

step "make $GOAL: the first command"
make "$GOAL" PORT="$PORT"
step "make $GOAL passed"
[ "$GOAL" != run ] || login_check
make stop

touch /tmp/stamp; sleep 1
step "make build again"
make build PORT="$PORT"
[ -z "$(changed)" ] || { changed; fail "the second make build wrote the files above"; }
step "the second make build changed nothing"

if [ "$GOAL" = run ]; then
    make run PORT="$PORT"
    [ -z "$(changed)" ] || { changed; fail "the second make run wrote the files above"; }
    login_check
    make stop
    step "the second make run changed nothing in the checkout and served again"
fi

# make install, then make uninstall: every file as it was.
snap() { find /usr/lib/apache2/modules /usr/share /usr/local /etc/apache2 | sort; }
snap >/tmp/before
make install >/dev/null || fail "make install"
[ -f /usr/lib/apache2/modules/mod_pserv.so ] && [ -x /usr/local/bin/pserv-admin ] \
    && [ -f /usr/share/pserv/sql/001_schema.sql ] || fail "make install did not install"
# While Apache's configuration loads the module, uninstall refuses.
echo "LoadModule pserv_module /usr/lib/apache2/modules/mod_pserv.so" \
    >/etc/apache2/mods-available/pserv.load
ln -s ../mods-available/pserv.load /etc/apache2/mods-enabled/pserv.load
! make uninstall >/dev/null 2>&1 || fail "make uninstall ran while mods-enabled/pserv.load loads the module"
[ -f /usr/lib/apache2/modules/mod_pserv.so ] || fail "the refused make uninstall removed the module"
rm /etc/apache2/mods-enabled/pserv.load /etc/apache2/mods-available/pserv.load
make uninstall >/dev/null || fail "make uninstall"
snap >/tmp/after
diff /tmp/before /tmp/after || fail "make uninstall left the files above"
step "make install, make uninstall: the files are as before"
INSIDE

step "into the root"
rc=0
unshare --mount --propagation private -- sh -c '
    set -e
    mount -t proc proc "$1/proc"
    mount -t tmpfs -o mode=1777,nosuid,nodev shm "$1/dev/shm"
    exec chroot "$1" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash /tmp/check.sh' sh "$R" 2>&1 \
    | tee -a "$LOG" | grep --line-buffered '^check-fresh: ' >&2 || rc=$?
cp "$LOG" "$ROOT/build/check-fresh.log" 2>/dev/null || true
if [ $rc -ne 0 ] || ! grep -q '^check-fresh: make install, make uninstall' "$LOG"; then
    die "FAILED after $(($(date +%s) - t_start)) s; full log: build/check-fresh.log"
fi
step "PASS: HEAD $commit, make $GOAL as the first command on a fresh Debian 12, in $(($(date +%s) - t_start)) s"
