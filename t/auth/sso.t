# The single sign-on hand-off, GET /login/sso (handle_sso.c), with
# mod_auth_basic + mod_authn_file standing in for the company's authn module
# (t/conf/extra.conf.in: an htpasswd file this test writes, SetEnv for the
# variables a real module exports). What it shows:
#   - the login page's "Login dengan SSO" link, only where PservSSOLogin is
#     set, carrying ?next= on;
#   - a hand-off: the name Apache authenticated becomes a P-Serv session
#     (303 to next, a local path only; an off-site next goes to /home), the
#     session then works on every other page (AuthType pserv);
#   - refusals on the login page with the message (403) and in the audit
#     log: no account, an inactive one;
#   - the account by e-mail from a variable, and created at first sign-in
#     from Data Pekerja (password_source "sso");
#   - r->user trusted only from the location's own authn module: no
#     AuthType, AuthType pserv, a location letting requests in without
#     authentication are refused (pserv[SSO01]); forged headers (Remote-User,
#     a variable's name) change nothing;
#   - PservSSOTrustMFA: the identity provider's second factor (mfa=idp in
#     the audit line, mfa_done for signin.c), and not when it did not say so;
#   - PservSSOLogoutURL: logout ends the session and goes on to the identity
#     provider's logout through a refresh page (virtual host pserv_sso).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/lib', 't/auth';
use Pserv::Log qw(here log_since audit_now);
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(unique input_value);
use File::Spec ();
use MIME::Base64 ();
use URI::Escape ();

plan tests => 102,
    need need_module('pserv', 'auth_basic', 'authn_file', 'env'),
    { 'htpasswd (apache2-utils)' => sub { -x '/usr/bin/htpasswd' } },
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $PW = "Sso-Test-$m-2026";
my $OK = "sso.ok.$m";          # has an account, by username
my $NOACC = "sso.none.$m";     # no account of that name
my $OFF = "sso.off.$m";        # an inactive account
my $NEW = "sso.new.$m";        # the account created at first sign-in
my $MAPPED = "sso.mapped.$m";  # the account of sso.mapped@ptpr.example
my $MAPPED_EMAIL = 'sso.mapped@ptpr.example';  # extra.conf.in's SetEnv
my $NOPEK = '99919001';                        # ... and its nopek
my %NAME = ($OK => "Sso Ok $m", $OFF => "Sso Off $m",
            $MAPPED => "Sso Mapped $m");
my $IDP_LOGOUT = 'https://idp.example.test/logout?post_logout_redirect_uri='
    . 'http%3A%2F%2Flocalhost%2Flogin%3Flogout%3D1&state=a1';
my $SSO_MSG = qr{Login dengan SSO belum disiapkan dengan benar};
my $NONE_MSG = qr{Anda belum memiliki akun P-Serv};

my $HTPASSWD = File::Spec->catfile(Apache::Test::vars('top_dir'), 'var',
                                   'sso-test.htpasswd');

sub cleanup {
    sql("DELETE FROM accounts WHERE username LIKE " . lit("sso.%.$m")
        . " OR lower(email) = " . lit($MAPPED_EMAIL) . " OR nopek = " . lit($NOPEK));
    sql("DELETE FROM employees WHERE nopek = " . lit($NOPEK));
}
END { eval { cleanup(); unlink $HTPASSWD } if db_ok() }

# ---- the stand-in's users and P-Serv's accounts --------------------------------
cleanup();
{
    open my $out, '>', $HTPASSWD or die "$HTPASSWD: $!\n";
    for my $u ($OK, $NOACC, $OFF, $NEW) {
        open my $ph, '-|', '/usr/bin/htpasswd', '-nbB', $u, $PW
            or die "cannot run htpasswd: $!\n";
        my ($line) = <$ph>;
        close $ph or die "htpasswd failed for $u\n";
        print $out $line;
    }
    close $out or die "$HTPASSWD: $!\n";
}
for my $u ($OK, $OFF, $MAPPED) {
    sql("INSERT INTO accounts (username, full_name, email, active) VALUES ("
        . join(', ', lit($u), lit($NAME{$u}),
               $u eq $MAPPED ? lit($MAPPED_EMAIL) : 'NULL',
               $u eq $OFF ? 'false' : 'true') . ")");
}
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code,"
    . " employment_type) VALUES (" . lit($NOPEK) . ", 'Sso Baru $m', 'Staf',"
    . " 'sso.baru.$m\@ptpr.example', 'HO-ICT', 'ORGANIK')");

sub basic { my ($u) = @_; (Authorization => 'Basic '
    . MIME::Base64::encode_base64("$u:$PW", '')) }

# GET $path as $user of the htpasswd file, in a fresh browser unless
# keep => 1; extra request headers in @h.
sub sso {
    my ($path, $user, %o) = @_;
    new_browser() unless $o{keep};
    return GET($path, basic($user), @{ $o{headers} || [] });
}

# ---- the log ---------------------------------------------------------------------

sub message { $_[0] =~ m{id="login-message"[^>]*>([^<]*)<} ? $1 : '' }

# ---- the link on the login page -----------------------------------------------------
new_browser();
my $r = GET '/login';
ok t_cmp($r->code, 200, 'GET /login: 200');
like $r->content, qr{<a[^>]*href="/login/sso"[^>]*>Login dengan SSO</a>},
    'PservSSOLogin set: the login page links to the hand-off (a plain link)';
$r = GET '/login?next=/requests%3Fstatus%3Datasan';
like $r->content, qr{<a[^>]*href="/login/sso\?next=%2frequests%3fstatus%3datasan"[^>]*>Login dengan SSO</a>}i,
    'the link carries next on';
$r = GET '/';
ok t_cmp($r->code, 200, 'GET /: the same login page');
unlike $r->content, qr{Login dengan SSO}, '... without the link where PservSSOLogin is not set';

# ---- a hand-off ------------------------------------------------------------------------
new_browser();
$r = GET '/login/sso';
ok t_cmp($r->code, 401, 'no credentials: the stand-in asks for them (401)');
ok t_cmp($r->header('WWW-Authenticate') // '', qr{^Basic}, '... Basic');
ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, '... no session');
$r = GET('/login/sso', Authorization => 'Basic '
         . MIME::Base64::encode_base64("$OK:wrong", ''));
ok t_cmp($r->code, 401, 'a wrong password: 401, P-Serv never asked');

my $off = here();
$r = sso('/login/sso?next=/requests%3Fstatus%3Datasan', $OK);
ok t_cmp($r->code, 303, 'hand-off: 303');
ok t_cmp(location($r), '/requests?status=atasan', '... to next');
my $token = cookie('pserv_session');
ok t_cmp($token // '', qr{^[A-Za-z0-9_-]{43}$}, '... with a P-Serv session cookie');
ok t_cmp(session_count($token), 1, '... stored server-side');
# From here on, no credentials: the session alone (AuthType pserv).
$r = GET '/requests';
ok t_cmp($r->code, 200, 'the session opens /requests');
ok t_cmp(user_menu_name($r->content), $NAME{$OK}, '... as the account of that name');
ok t_cmp(GET('/home')->code, 200, '... and /home');
ok scalar(audit_now($off, 'login.ok', qr{ user=\Q$OK\E }, qr{ via=sso\b})),
    'audit: login.ok via=sso';
ok scalar(audit_now($off, 'sso.handoff', qr{ user=\Q$OK\E }, qr{ name=\Q$OK\E },
                qr{ authtype=Basic\b}, qr{ mfa=none\b})),
    'audit: sso.handoff with the name, the AuthType, mfa=none';
ok t_cmp(sql_value("SELECT password_source FROM accounts WHERE username = " . lit($OK)),
         'pserv', 'an account of its own keeps its password_source');
ok t_cmp(sql_value("SELECT last_login_at IS NOT NULL FROM accounts WHERE username = "
                   . lit($OK)), 't', 'its last login is recorded');

$r = sso('/login/sso', $OK);
ok t_cmp(location($r), '/home', 'without next: to /home');

# ---- next: a local path only ---------------------------------------------------------
for my $next ('//evil.example/x', 'https://evil.example/', '/\\evil.example/',
              'javascript:alert(1)') {
    $r = sso('/login/sso?next=' . URI::Escape::uri_escape($next), $OK);
    ok t_cmp($r->code, 303, "next=$next: the hand-off works");
    ok t_cmp(location($r), '/home', "... but goes to /home, not off-site");
}

# ---- refused: no account, an inactive one ------------------------------------------
$off = here();
$r = sso('/login/sso?next=/requests', $NOACC);
ok t_cmp($r->code, 403, 'no account of that name: 403');
ok t_cmp(message($r->content), $NONE_MSG, '... the login page says so');
like $r->content, qr{<form[^>]*action="/login"}, '... with the password form';
ok t_cmp(input_value($r->content, 'next'), '/requests', '... next kept for it');
ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, '... no session');
ok scalar(audit_now($off, 'login.fail', qr{ user=\Q$NOACC\E }, qr{ via=sso\b},
                qr{ reason=no-account\b})),
    'audit: login.fail via=sso reason=no-account';
ok t_cmp(GET('/home')->code, 303, 'the browser has no session');

$off = here();
$r = sso('/login/sso', $OFF);
ok t_cmp($r->code, 403, 'an inactive account: 403');
ok t_cmp(message($r->content), $NONE_MSG, '... the same message');
ok scalar(audit_now($off, 'login.fail', qr{ user=\Q$OFF\E }, qr{ reason=inactive\b})),
    'audit: reason=inactive';

# ---- the account from a variable ------------------------------------------------------
$off = here();
$r = sso('/login/sso/email', $NOACC);
ok t_cmp($r->code, 303, 'PservAccountMap email VAR: a name without an account of its own gets in');
ok t_cmp(user_menu_name(GET('/home')->content), $NAME{$MAPPED},
         '... as the account with the e-mail the variable holds');
ok scalar(audit_now($off, 'sso.handoff', qr{ user=\Q$MAPPED\E }, qr{ name=\Q$NOACC\E })),
    'audit: the account and the name it came as';

# ---- created at first sign-in -----------------------------------------------------------
$off = here();
$r = sso('/login/sso/autocreate', $NEW);
ok t_cmp($r->code, 303, 'PservAutoCreateAccounts On: an employee without an account gets in');
my @acct = sql("SELECT username, nopek, password_source, password_hash IS NULL, full_name"
               . " FROM accounts WHERE nopek = " . lit($NOPEK));
ok t_cmp(scalar(@acct), 1, '... one account for the nopek');
ok t_cmp($acct[0][0], $NEW, '... named as the identity provider named the person');
ok t_cmp($acct[0][2], 'sso', '... password_source sso');
ok t_cmp($acct[0][3], 't', '... no P-Serv password');
ok t_cmp(user_menu_name(GET('/home')->content), "Sso Baru $m", '... the session is that account');
ok scalar(audit_now($off, 'account.autocreate', qr{ user=\Q$NEW\E }, qr{ via=sso\b})),
    'audit: account.autocreate via=sso';
$r = sso('/login/sso/autocreate', $NEW);
ok t_cmp($r->code, 303, 'again: 303');
ok t_cmp(sql_value("SELECT count(*) FROM accounts WHERE nopek = " . lit($NOPEK)), 1,
         '... the same account, no second one');

# ---- whom to believe ----------------------------------------------------------------------
for my $case (['/login/sso/none', 'no-authtype', 'AuthType None'],
              ['/login/sso/open', 'no-user', 'Require all granted (no authentication ran)']) {
    my ($path, $reason, $what) = @$case;
    $off = here();
    $r = sso($path, $OK);
    ok t_cmp($r->code, 403, "$what: refused with valid credentials");
    ok t_cmp(message($r->content), $SSO_MSG, '... the page says SSO is not set up');
    ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, '... no session');
    like log_since($off), qr{pserv\[SSO01\]: single sign-on hand-off refused \(\Q$reason\E\)},
        "... pserv[SSO01] ($reason) for the administrator";
    ok scalar(audit_now($off, 'login.fail', qr{ via=sso\b}, qr{ reason=\Q$reason\E\b})),
        "... audit reason=$reason";
}

# AuthType pserv: r->user is P-Serv's own session's, never a sign-on.
as_password_user();
sub as_password_user {
    new_browser();
    my $lr = login('maya.puspitasari', DEMO_PASSWORD);
    die "login failed\n" unless $lr->code == 303;
}
$off = here();
$r = GET '/login/sso/pserv';
ok t_cmp($r->code, 403, 'AuthType pserv, with a P-Serv session: refused');
ok t_cmp(message($r->content), $SSO_MSG, '... SSO is not set up');
ok scalar(audit_now($off, 'login.fail', qr{ via=sso\b}, qr{ reason=authtype-pserv\b})),
    '... audit reason=authtype-pserv';
new_browser();
$r = GET '/login/sso/pserv';
ok t_cmp($r->code, 303, '... without one: the login page, as any AuthType pserv page');

# Forged headers: the identity is r->user and the environment, never a header.
my @forged = (map { ($_ => $OK) } 'Remote-User', 'X-Remote-User',
              'X-Forwarded-User', ':REMOTE_USER', ':AUTHENTICATE_UID');
$r = sso('/login/sso/open', $OK, headers => \@forged);
ok t_cmp($r->code, 403, 'unauthenticated location + Remote-User-style headers: refused');
ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, '... no session');
$r = sso('/login/sso', $NOACC, headers => \@forged);
ok t_cmp($r->code, 403, 'authenticated as a name without an account + headers naming another: refused');
ok t_cmp(GET('/home')->code, 303, '... not logged in as the name in the headers');
$off = here();
$r = sso('/login/sso/header', $NOACC,
         headers => [':PSERV_SSO_TEST_UNSET' => $MAPPED_EMAIL,
                     'PSERV-SSO-TEST-UNSET' => $MAPPED_EMAIL,
                     ':HTTP_PSERV_SSO_TEST_UNSET' => $MAPPED_EMAIL]);
ok t_cmp($r->code, 403, 'a header named as the mapping variable: refused');
ok scalar(audit_now($off, 'login.fail', qr{ reason=no-attribute\b})),
    '... the variable is unset (reason=no-attribute)';
$off = here();
$r = sso('/login/sso/header-mfa', $OK,
         headers => [':PSERV_SSO_TEST_UNSET_AMR' => 'otp',
                     'PSERV-SSO-TEST-UNSET-AMR' => 'otp']);
ok t_cmp($r->code, 303, 'a header named as the MFA variable: the hand-off works');
ok scalar(audit_now($off, 'sso.handoff', qr{ user=\Q$OK\E }, qr{ mfa=none\b})),
    '... without the identity provider\'s second factor';

# ---- the identity provider's second factor ------------------------------------------------
$off = here();
$r = sso('/login/sso/mfa?next=/requests', $OK);
ok t_cmp($r->code, 303, 'PservSSOTrustMFA, amr "pwd,otp" (otp trusted): 303');
ok t_cmp(location($r), '/requests', '... to next');
ok scalar(audit_now($off, 'sso.handoff', qr{ user=\Q$OK\E }, qr{ mfa=idp\b})),
    '... mfa=idp: signin.c gets mfa_done';
ok scalar(audit_now($off, 'login.ok', qr{ user=\Q$OK\E }, qr{ via=sso\b})), '... login.ok via=sso';
$off = here();
$r = sso('/login/sso/mfa-pwd', $OK);
ok t_cmp($r->code, 303, 'amr "pwd" only: 303');
ok scalar(audit_now($off, 'sso.handoff', qr{ user=\Q$OK\E }, qr{ mfa=none\b})),
    '... mfa=none';
ok !scalar(audit_now($off, 'sso.handoff', qr{ mfa=idp\b})), '... and no mfa=idp';

# ---- the identity provider's second factor where P-Serv asks for one (pserv_mfa) -----------
# The virtual host pserv_mfa requires a code of the ICT roles: a hand-off
# whose provider said it asked for a second factor opens the session; one
# that did not is sent on to P-Serv's own (here: enrolment) with no session.
sql("INSERT INTO account_roles (account_id, role) SELECT id, 'ict_verificator'"
    . " FROM accounts WHERE username = " . lit($OK));
Apache::TestRequest::module('pserv_mfa');
$off = here();
$r = sso('/login/sso/mfa-pwd', $OK);
ok t_cmp($r->code, 303, 'pserv_mfa, the provider did no second factor: 303');
ok t_cmp(location($r), '/login/mfa', '... to P-Serv\'s own second factor');
ok !cookie('pserv_session'), '... and no session yet';
ok scalar(audit_now($off, 'mfa.asked', qr{ user=\Q$OK\E }, qr{ via=sso\b})),
    '... audit: mfa.asked via=sso';
$off = here();
$r = sso('/login/sso/mfa?next=/requests', $OK);
ok t_cmp($r->code, 303, 'pserv_mfa, the provider\'s amr says otp: 303');
ok t_cmp(location($r), '/requests', '... straight to next');
ok cookie('pserv_session'), '... with a session';
ok scalar(audit_now($off, 'login.ok', qr{ user=\Q$OK\E }, qr{ via=sso\b}, qr{ mfa=idp\b})),
    '... audit: login.ok via=sso mfa=idp';
ok !scalar(audit_now($off, 'mfa.asked')), '... and no code asked';
Apache::TestRequest::module('default');
sql("DELETE FROM account_roles WHERE account_id = (SELECT id FROM accounts"
    . " WHERE username = " . lit($OK) . ")");

# ---- logging out through the identity provider (virtual host pserv_sso) --------------------
Apache::TestRequest::module('pserv_sso');
new_browser();
$r = GET '/';
like $r->content, qr{<a[^>]*href="/login/sso"[^>]*>Login dengan SSO</a>},
    'pserv_sso: the link on every login page';
$r = sso('/login/sso', $OK);
ok t_cmp($r->code, 303, 'pserv_sso: hand-off');
$token = cookie('pserv_session');
ok t_cmp(session_count($token // ''), 1, '... a session');
$off = here();
$r = logout();
ok t_cmp($r->code, 200, 'logout with PservSSOLogoutURL: 200, a page (no redirect from the form)');
(my $amp = $IDP_LOGOUT) =~ s/&/&amp;/g;
like $r->content, qr{<meta http-equiv="refresh" content="0; url=\Q$amp\E">},
    '... refreshing at once to the identity provider\'s logout';
like $r->content, qr{<a[^>]*href="\Q$amp\E"[^>]*>Lanjutkan</a>}, '... and a link to it';
like $r->content, qr{Anda telah logout dari P-Serv}, '... saying P-Serv\'s session is over';
ok t_cmp(session_count($token), 0, '... the session row is gone');
ok t_cmp(set_cookie_line($r, 'pserv_session') // '', qr{^pserv_session=;|Max-Age=0|expires=}i,
         '... and its cookie');
ok scalar(audit_now($off, 'logout', qr{ user=\Q$OK\E })), '... audit: logout';
ok t_cmp(GET('/home')->code, 303, '... /home sends to the login page again');

Apache::TestRequest::module('default');
as_password_user();
$r = logout();
ok t_cmp($r->code, 303, 'without PservSSOLogoutURL: logout as before, 303');
ok t_cmp(location($r), '/login?logout=1', '... to the login page');
