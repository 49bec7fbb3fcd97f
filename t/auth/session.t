# Sessions: logout removes the session server-side (the old cookie is worth
# nothing afterwards), a login never keeps a cookie planted before it
# (session fixation), a session ends after 30 minutes without use and 12
# hours after login whatever the use, and protected pages send a browser
# without a valid session to the login page.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

use constant MIN => 60;

plan tests => 50, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $maya = demo_account('maya.puspitasari');
my $rudi = demo_account('rudi.hartono');

# ---- protected pages without a session --------------------------------------
new_browser();
for my $path (qw(/home /helpdesk /requests)) {
    my $r = GET $path;
    ok t_cmp($r->code, 303, "$path without a session: 303");
    (my $esc = $path) =~ s{/}{%2f}g;
    ok t_cmp(location($r), qr{^/login\?next=\Q$esc\E$}i, "$path: to /login?next=$esc");
}
set_cookie(pserv_session => 'not-a-token');
ok t_cmp(GET('/home')->code, 303, 'a malformed session cookie is no session');
set_cookie(pserv_session => 'A' x 43);
ok t_cmp(GET('/home')->code, 303, 'a well-formed but unknown token is no session');
my $r = POST '/logout', content => [csrf => 'x'];
ok t_cmp($r->code, 303, 'POST /logout without a session: 303');
ok t_cmp(location($r), qr{^/login}, '... to the login page');

# ---- logout ------------------------------------------------------------------
new_browser();
$r = login($maya->{username}, DEMO_PASSWORD);
ok t_cmp($r->code, 303, 'login');
my $token = cookie('pserv_session');
ok t_cmp(session_count($token), 1, 'one session row for the cookie');
ok t_cmp(GET('/home')->code, 200, '/home with the session');
$r = GET '/logout';
ok t_cmp($r->code, 405, 'GET /logout (a link, a prefetch): 405, only POST logs out');
ok t_cmp(session_count($token), 1, '... and the session is still there');
$r = logout();
ok t_cmp($r->code, 303, 'logout: 303');
ok t_cmp(location($r), '/login?logout=1', 'logout: to /login?logout=1');
ok t_cmp(set_cookie_line($r, 'pserv_session') // '',
         qr{^pserv_session=;.*(Max-Age=0|expires=)}i, 'logout: the cookie is removed');
# (HTTP::Cookies keeps a Max-Age=0 cookie with an empty value.)
ok t_cmp(cookie('pserv_session') // '', '', 'the browser holds no session token any more');
ok t_cmp(session_count($token), 0, 'logout deleted the session row');
$r = GET '/login?logout=1';
ok t_cmp($r->code, 200, 'the login page after logout');
ok t_cmp($r->content, qr{Anda telah logout dari P-Serv}, 'says the user logged out');
set_cookie(pserv_session => $token);
$r = GET '/home';
ok t_cmp($r->code, 303, 'the old cookie replayed after logout: 303');
ok t_cmp(location($r), qr{^/login(\?|$)}, '... to the login page');
ok t_cmp(user_menu_name(GET('/')->content), undef, 'and / is the login page, nobody logged in');

# ---- session fixation ----------------------------------------------------------
# A bogus token planted before login is replaced.
new_browser();
my $bogus = 'Fixation' . ('x' x 35);
set_cookie(pserv_session => $bogus);
ok t_cmp(GET('/login')->code, 200, 'a planted unknown token: still the login page');
$r = login($maya->{username}, DEMO_PASSWORD);
ok t_cmp($r->code, 303, 'login with a planted token');
my $new = cookie('pserv_session') // '';
ok t_cmp($new ne $bogus && length $new == 43 ? 1 : 0, 1, 'the session token is a new one');
ok t_cmp(session_count($bogus), 0, 'no session exists under the planted token');
ok t_cmp(GET('/home')->code, 200, 'the new session works');

# A previously valid token (of another login) is replaced and deleted.
new_browser();
login($maya->{username}, DEMO_PASSWORD);
my $t1 = cookie('pserv_session');
ok t_cmp(session_count($t1), 1, 'first login: session T1');
$r = login($rudi->{username}, DEMO_PASSWORD);     # with T1 still in the jar
ok t_cmp($r->code, 303, 'logging in again over a valid session');
my $t2 = cookie('pserv_session') // '';
ok t_cmp($t2 ne $t1 ? 1 : 0, 1, 'the second login gets a new token T2');
ok t_cmp(session_count($t1), 0, 'T1 is deleted at login');
ok t_cmp(session_count($t2), 1, 'T2 is stored');
ok t_cmp(user_menu_name(GET('/home')->content), $rudi->{full_name}, 'T2 is the new account\'s session');
set_cookie(pserv_session => $t1);
ok t_cmp(GET('/home')->code, 303, 'T1 replayed: 303 to the login page');

# ---- idle timeout: 30 minutes ---------------------------------------------------
new_browser();
login($maya->{username}, DEMO_PASSWORD);
$r = GET '/home', offset(29 * MIN);
ok t_cmp($r->code, 200, 'unused for 29 minutes: still valid');
new_browser();
login($maya->{username}, DEMO_PASSWORD);
$r = GET '/home', offset(31 * MIN);
ok t_cmp($r->code, 303, 'unused for 31 minutes: the session has ended');
ok t_cmp(location($r), qr{^/login\?next=%2fhome$}i, '... 303 to the login page');
$r = GET '/requests', offset(31 * MIN);
ok t_cmp(location($r), qr{^/login\?next=%2frequests$}i, '... from /requests too');

# Use slides the idle timeout along.
new_browser();
login($maya->{username}, DEMO_PASSWORD);
ok t_cmp(GET('/home', offset(29 * MIN))->code, 200, 'used at +29 min');
ok t_cmp(GET('/home', offset(58 * MIN))->code, 200, 'used at +58 min: 29 minutes after the last use');
ok t_cmp(GET('/home', offset(87 * MIN))->code, 200, 'used at +87 min');
ok t_cmp(GET('/home', offset(118 * MIN))->code, 303, 'at +118 min, 31 minutes unused: ended');

# ---- absolute lifetime: 12 hours --------------------------------------------------
new_browser();
login($maya->{username}, DEMO_PASSWORD);
my @codes;
for (my $m = 20; $m <= 700; $m += 20) {
    push @codes, GET('/home', offset($m * MIN))->code;
}
ok t_cmp(join(',', @codes), join(',', (200) x 35),
         'used every 20 minutes: valid up to 11 h 40 min');
ok t_cmp(GET('/requests', offset(719 * MIN))->code, 200, 'valid at 11 h 59 min');
$r = GET '/requests', offset(721 * MIN);
ok t_cmp($r->code, 303, 'at 12 h 1 min the session has ended although it is in use');
ok t_cmp(location($r), qr{^/login\?next=%2frequests$}i, '... 303 to the login page');
ok t_cmp(GET('/home', offset(725 * MIN))->code, 303, 'and stays ended');
