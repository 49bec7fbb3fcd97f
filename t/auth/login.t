# Logging in: the login page and its pre-login CSRF cookie, a successful
# login (303 to /home with an HttpOnly SameSite=Lax session cookie), and
# the one failure message for an unknown user, a wrong password and an
# account without a password.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

my $NOPW = 'test.login.nopw';       # created here, without a password
my $WRONG = 'hendra.gunawan';       # gets one wrong password
my $UNKNOWN = 'no.such.login.user';

my $MARKUP = '"><img src=x onerror=alert(1)>';

plan tests => 54, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

END {
    eval {
        clear_failures($WRONG, $UNKNOWN, $NOPW, $MARKUP);
        sql("DELETE FROM accounts WHERE username = " . lit($NOPW));
    } if db_ok();
}

# ---- the login page --------------------------------------------------------
new_browser();
my $r = GET '/';
ok t_cmp($r->code, 200, 'GET / without a session is the login page');
my $html = $r->content;
ok t_cmp($html, qr{<form[^>]*method="post"[^>]*action="/login"}, 'form POSTs to /login');
ok t_cmp($html, qr{<input[^>]*name="username"}, 'username field');
ok t_cmp($html, qr{<input[^>]*name="password"[^>]*type="password"}, 'password field');
my $field = csrf_of($html);
ok t_cmp($field, qr{^[A-Za-z0-9_-]{43}$}, 'csrf field holds a 256-bit token');
my $line = set_cookie_line($r, 'pserv_csrf') // '';
ok t_cmp($line, qr{^pserv_csrf=\Q$field\E;}, 'the pserv_csrf cookie repeats the csrf field');
ok t_cmp($line, qr{;\s*HttpOnly}i, 'pserv_csrf is HttpOnly');
ok t_cmp($line, qr{;\s*SameSite=Strict}i, 'pserv_csrf is SameSite=Strict');
ok t_cmp($line, qr{;\s*Path=/(;|$)}i, 'pserv_csrf is for the whole site');
ok t_cmp($line, qr{^(?!.*;\s*Secure)}i, 'no Secure (PservCookieSecure Off in the test config)');
ok t_cmp($html, qr{^(?!.*name="next")}s, 'no next field without ?next=');

$r = GET '/login';
ok t_cmp($r->code, 200, 'GET /login is the login page too');
ok t_cmp(csrf_of($r->content), $field, 'the browser keeps its csrf token while its cookie lasts');
ok t_cmp(set_cookie_line($r, 'pserv_csrf'), undef, 'no new pserv_csrf cookie while one is held');

# ---- a successful login -------------------------------------------------------
my $acct = demo_account('bambang.sutrisno');
$r = login($acct->{username}, DEMO_PASSWORD);
ok t_cmp($r->code, 303, 'correct password: 303');
ok t_cmp(location($r), '/home', 'to /home when there is no next');
$line = set_cookie_line($r, 'pserv_session') // '';
ok t_cmp($line, qr{^pserv_session=[A-Za-z0-9_-]{43};}, 'a pserv_session cookie with a 256-bit token');
ok t_cmp($line, qr{;\s*HttpOnly}i, 'session cookie HttpOnly');
ok t_cmp($line, qr{;\s*SameSite=Lax}i, 'session cookie SameSite=Lax');
ok t_cmp($line, qr{;\s*Path=/(;|$)}i, 'session cookie Path=/');
ok t_cmp($line, qr{^(?!.*;\s*Secure)}i, 'session cookie not Secure with PservCookieSecure Off');
my $token = cookie('pserv_session');
ok t_cmp(session_count($token), 1, 'the session is stored server-side (by its hash)');

$r = GET '/home';
ok t_cmp($r->code, 200, '/home with the session');
ok t_cmp(user_menu_name($r->content), $acct->{full_name}, 'the user menu names the user');
$r = GET '/';
ok t_cmp($r->code, 303, 'GET / while logged in: 303');
ok t_cmp(location($r), '/home', '... to /home');
$r = GET '/login';
ok t_cmp($r->code, 303, 'GET /login while logged in: 303');
ok t_cmp(location($r), '/home', '... to /home');
ok t_cmp(logout()->code, 303, 'log out again');

# ---- failures: one message for all ------------------------------------------
sql("DELETE FROM accounts WHERE username = " . lit($NOPW));
sql("INSERT INTO accounts (username, full_name) VALUES (" . lit($NOPW)
    . ", 'Test Tanpa Password')");
clear_failures($WRONG, $UNKNOWN, $NOPW);

my %msg;
for my $case (['unknown user', $UNKNOWN, DEMO_PASSWORD],
              ['wrong password', $WRONG, 'Salah-Pserv-2026'],
              ['account without a password', $NOPW, DEMO_PASSWORD]) {
    my ($what, $user, $pw) = @$case;
    new_browser();
    $r = login($user, $pw);
    ok t_cmp($r->code, 200, "$what: 200, the login page again");
    ok t_cmp($r->content, FAILED_LOGIN, "$what: the failed-login message");
    ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, "$what: no session cookie");
    ($msg{$what}) = $r->content =~ m{id="login-message"[^>]*>([^<]*)<};
}
ok t_cmp(scalar(keys %{{ map { ($_ // '') => 1 } values %msg }}), 1,
         'unknown user, wrong password and no password read exactly alike');
ok t_cmp($r->content, qr{<input[^>]*name="username"[^>]*value="\Q$NOPW\E"},
         'the username is filled in again after a failure');
ok t_cmp(sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($WRONG)),
         1, 'the wrong password was recorded as a failure');

# The right password afterwards works and forgets the failure. Typed with
# capitals and spaces around it, it is the same username.
new_browser();
$r = login('  Hendra.Gunawan ', DEMO_PASSWORD);
ok t_cmp($r->code, 303, 'the username is trimmed and case-folded: login works');
ok t_cmp(location($r), '/home', '... to /home');
ok t_cmp(user_menu_name(GET('/home')->content), demo_account($WRONG)->{full_name},
         '... as that account');
ok t_cmp(sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($WRONG)),
         0, 'a successful login clears the username\'s failures');

# ---- missing fields ----------------------------------------------------------
new_browser();
for my $case (['empty password', 'maya.puspitasari', ''],
              ['empty username', '', DEMO_PASSWORD]) {
    my ($what, $user, $pw) = @$case;
    $r = login($user, $pw);
    ok t_cmp($r->code, 200, "$what: 200");
    ok t_cmp($r->content, qr{Username dan Password wajib diisi}, "$what: asks for both");
    ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, "$what: no session");
}

# ---- the refilled username is escaped -----------------------------------------
$r = login($MARKUP, 'x');
ok t_cmp($r->content, qr{^(?!.*<img src=x)}s, 'a username with markup is escaped when shown again');

# ---- usernames that are not UTF-8 ----------------------------------------------
# Whatever bytes arrive, the answer is the failed-login page, not a server
# error: a byte sequence PostgreSQL refuses must not reach the database
# unchecked. 63 ASCII letters then "é" is cut after 64 bytes, in the middle
# of the "é", by the username length limit.
for my $case (['a Latin-1 byte', "\xff"],
              ['a character cut in two by the 64-byte limit', ('a' x 63) . "\xc3\xa9"]) {
    my ($what, $user) = @$case;
    $r = login($user, 'x');
    ok t_cmp($r->code, 200,
             "username with $what: expected 200 with the failed-login message, got "
             . $r->code . ' (BUG auth.c pserv_login_username: invalid UTF-8 goes to '
             . 'PostgreSQL, which refuses it, and the login answers 503)');
}
