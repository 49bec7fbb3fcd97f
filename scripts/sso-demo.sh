#!/bin/sh
# scripts/sso-demo.sh DIR on|off: `make run SSO=1`'s single sign-on hand-off,
# with mod_auth_basic standing in for the company's identity provider
# (README, "SSO through mod_auth_openidc"). "on" writes DIR/extra.conf (which
# conf/httpd-local.conf.in includes): the <Location /login/sso> the stand-in
# protects and PservSSOLogin, so the login page shows "Login dengan SSO";
# the browser then asks for a demo account's username and the demo
# password (DIR/sso-demo.htpasswd, from sql/demo/accounts.csv). "off"
# removes both, so a later plain `make run` has no SSO.
set -eu

dir=$1
mode=${2:-off}
root=$(cd "$(dirname "$0")/.." && pwd)
run_user=${RUN_USER:-pserv}

if [ "$mode" != on ]; then
    rm -f "$dir/extra.conf" "$dir/sso-demo.htpasswd"
    exit 0
fi

moddir=$(apxs -q LIBEXECDIR 2>/dev/null || echo /usr/lib/apache2/modules)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
: >"$dir/sso-demo.htpasswd"
for u in $(tail -n +2 "$root/sql/demo/accounts.csv" | cut -d, -f1); do
    htpasswd -nbB "$u" 'Demo-Pserv-2026' | head -n 1 >>"$dir/sso-demo.htpasswd"
done
cat >"$dir/extra.conf" <<CONF
# Written by scripts/sso-demo.sh (make run SSO=1): the SSO hand-off, with
# mod_auth_basic standing in for the identity provider's module.
<IfModule !auth_basic_module>
    LoadModule auth_basic_module $moddir/mod_auth_basic.so
</IfModule>
<IfModule !authn_file_module>
    LoadModule authn_file_module $moddir/mod_authn_file.so
</IfModule>
<Location /login/sso>
    AuthType Basic
    AuthName "P-Serv demo SSO (a demo username, the demo password)"
    AuthBasicProvider file
    AuthUserFile "$dir/sso-demo.htpasswd"
    Require valid-user
</Location>
PservSSOLogin /login/sso
CONF
if [ "$(id -u)" = 0 ]; then
    chown "$run_user:" "$dir" "$dir/extra.conf" "$dir/sso-demo.htpasswd"
fi
echo "SSO: Login dengan SSO on the login page; the browser asks for a demo username and the demo password"
