# Where a browser is sent: a protected page without a session goes to
# /login?next=<the page, URL-encoded>, and after login back to it. Only a
# local path is ever followed: any other next (another host, a scheme, a
# backslash, control characters, header injection) ends at /home.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

my $user = 'bambang.sutrisno';

# next values that must never be followed after login.
my @evil = (
    '//evil.example',
    '//evil.example/requests',
    '///evil.example',
    'https://evil.example',
    'http://evil.example/home',
    'HTTPS://evil.example',
    'javascript:alert(1)',
    '/\\evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    "/\t/evil.example",
    " //evil.example",
    "\r\nSet-Cookie: pwned=1",
    "/\r\nSet-Cookie: pwned=1",
    "/home\r\nLocation: http://evil.example",
    'evil.example',
    '',
);

plan tests => 26 + 4 * @evil, need_module('pserv');

# ---- protected page -> login -> back -------------------------------------------
new_browser();
my $r = GET '/requests?status=waiting&page=2';
ok t_cmp($r->code, 303, 'a protected page with a query string: 303');
ok t_cmp(location($r), qr{^/login\?next=%2frequests%3fstatus%3dwaiting%26page%3d2$}i,
         'next carries the whole path and query, URL-encoded');

$r = GET '/requests';
ok t_cmp(location($r), qr{^/login\?next=%2frequests$}i, '/requests -> /login?next=%2frequests');
my $login_url = location($r);
$r = GET $login_url;
ok t_cmp($r->code, 200, 'the login page with next');
ok t_cmp($r->content, qr{Silakan login untuk melanjutkan}, 'asks the user to log in to continue');
ok t_cmp($r->content, qr{<input[^>]*name="next"[^>]*value="/requests"}, 'next=/requests is kept in the form');

my ($next) = $r->content =~ m{<input[^>]*name="next"[^>]*value="([^"]*)"};
$r = login($user, DEMO_PASSWORD, next => $next);
ok t_cmp($r->code, 303, 'login with next=/requests: 303');
ok t_cmp(location($r), '/requests', '... back to /requests');
ok t_cmp(GET('/requests')->code, 200, '/requests is shown');

# Logged in, /login?next= sends on at once (local paths only).
$r = GET '/login?next=%2Fhelpdesk';
ok t_cmp($r->code, 303, 'logged in, /login?next=/helpdesk: 303');
ok t_cmp(location($r), '/helpdesk', '... to /helpdesk');
$r = GET '/login?next=%2F%2Fevil.example';
ok t_cmp($r->code, 303, 'logged in, /login?next=//evil.example: 303');
ok t_cmp(location($r), '/home', '... to /home, not evil.example');
$r = GET '/?next=https%3A%2F%2Fevil.example';
ok t_cmp(location($r), '/home', 'logged in, /?next=https://evil.example: to /home');
logout();

# The query string survives the round trip.
new_browser();
$r = login($user, DEMO_PASSWORD, next => '/requests?status=waiting&page=2');
ok t_cmp(location($r), '/requests?status=waiting&page=2', 'next with a query string is followed as is');
logout();

# ---- the login page does not carry a foreign next ------------------------------------
new_browser();
for my $n ('%2F%2Fevil.example', 'https%3A%2F%2Fevil.example', '%2F%5Cevil.example') {
    $r = GET "/login?next=$n";
    ok t_cmp($r->code, 200, "login page with next=$n");
    ok t_cmp($r->content, qr{^(?!.*name="next")}s, "next=$n is not put in the form");
}
$r = GET '/login?next=%2F%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E';
ok t_cmp($r->code, 200, 'login page with markup in next');
ok t_cmp($r->content, qr{^(?!.*"><script>alert)}s, 'next is escaped in the form');
ok t_cmp($r->content, qr{name="next" value=(?:"/&quot;&gt;&lt;script&gt;|'/"&gt;&lt;script&gt;)},
         'as a quoted attribute value');

# ---- after login, only local paths ------------------------------------------------------
for my $n (@evil) {
    (my $show = $n) =~ s/([\x00-\x1f\\])/sprintf('\\x%02x', ord $1)/ge;
    new_browser();
    $r = login($user, DEMO_PASSWORD, next => $n);
    ok t_cmp($r->code, 303, "next='$show': login 303");
    ok t_cmp(location($r), '/home', "next='$show': Location /home");
    ok t_cmp(set_cookie_line($r, 'pwned'), undef, "next='$show': no injected cookie");
    ok t_cmp(join('|', $r->header('Location')), '/home', "next='$show': exactly one Location header");
}

# ---- not logged in, other methods -------------------------------------------------------
new_browser();
$r = POST '/requests', content => [x => 1];
ok t_cmp($r->code, 303, 'POST to a protected page without a session: 303');
ok t_cmp(location($r), '/login', '... to /login, no next for a POST');
