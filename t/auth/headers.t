# Security headers on every page mod_pserv renders, before and after login,
# errors included: a Content-Security-Policy without inline script or
# style that forbids framing, nosniff, Referrer-Policy same-origin, and
# Cache-Control no-store (pages carry CSRF tokens and, behind login,
# personal data).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

my $user = 'dewi.anggraini';
my $per = 10;

plan tests => 11 * $per + 3, need_module('pserv');

sub check {
    my ($r, $what, $code) = @_;
    ok t_cmp($r->code, $code, "$what: $code");
    my $csp = $r->header('Content-Security-Policy') // '';
    ok t_cmp($csp, qr{(^|;)\s*frame-ancestors 'none'\s*(;|$)}, "$what: CSP frame-ancestors 'none'");
    ok t_cmp($csp, qr{^(?!.*'unsafe-inline')}, "$what: CSP has no 'unsafe-inline'");
    ok t_cmp($csp, qr{^(?!.*'unsafe-eval')}, "$what: CSP has no 'unsafe-eval'");
    ok t_cmp($csp, qr{(^|;)\s*script-src 'self'\s*(;|$)}, "$what: CSP script-src 'self' only");
    ok t_cmp($csp, qr{(^|;)\s*object-src 'none'\s*(;|$)}, "$what: CSP object-src 'none'");
    ok t_cmp($r->header('X-Content-Type-Options'), 'nosniff', "$what: nosniff");
    ok t_cmp($r->header('Referrer-Policy'), 'same-origin', "$what: Referrer-Policy same-origin");
    ok t_cmp($r->header('X-Frame-Options') // '', qr{^DENY$}i, "$what: X-Frame-Options DENY");
    ok t_cmp($r->header('Cache-Control') // '', qr{\bno-store\b}, "$what: Cache-Control no-store");
}

new_browser();
check(GET('/'), 'login page (/)', 200);
check(GET('/login?next=%2Frequests'), 'login page with next', 200);
check(GET('/no/such/page'), '404 page', 404);
check(POST('/login', content => [username => $user, password => 'x']), '403 page (no csrf)', 403);
check(login($user, 'Salah-Pserv-2026'), 'failed login page', 200);
clear_failures($user);

my $r = login($user, DEMO_PASSWORD);
check($r, 'the 303 that starts the session', 303);
ok t_cmp(set_cookie_line($r, 'pserv_session'), qr{^pserv_session=}, 'and it sets the session cookie');
check(GET('/home'), 'Halaman Utama', 200);
check(GET('/helpdesk'), 'ICT Helpdesk', 200);
check(GET('/requests'), 'Request UID Management System', 200);
check(GET('/no/such/page'), '404 page, logged in', 404);
ok t_cmp(user_menu_name(GET('/no/such/page')->content), demo_account($user)->{full_name},
         'the 404 page behind login shows the user menu');
check(POST('/logout', content => [csrf => 'x']), '403 page, logged in', 403);
ok t_cmp(GET('/home')->code, 200, 'still logged in');
