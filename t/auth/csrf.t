# CSRF: POST /login needs the double-submit pair (pserv_csrf cookie and the
# same value in the csrf field); POST /logout needs the session's own token.
# A POST from another origin is refused even with the right token. Refused
# requests answer 403 with the P-Serv error page, change nothing, and do
# not count as failed logins.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

plan tests => 54, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $user = 'andi.wijaya';
my $other = demo_account('siti.rahayu');
my $EVIL = 'http://evil.example';
my $DENIED = qr{Anda tidak memiliki akses};

sub login_post {
    my ($form, @headers) = @_;
    return POST '/login', content => $form, @headers;
}
sub form { my ($csrf) = @_; return [username => $user, password => DEMO_PASSWORD,
                                    defined $csrf ? (csrf => $csrf) : ()] }

sub refused {
    my ($r, $what) = @_;
    ok t_cmp($r->code, 403, "$what: 403");
    ok t_cmp($r->content, $DENIED, "$what: the P-Serv 403 page");
    ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, "$what: no session");
}

clear_failures($user);

# ---- POST /login ---------------------------------------------------------------
new_browser();
my ($csrf) = get_csrf('/login');
ok t_cmp(cookie('pserv_csrf'), $csrf, 'the login page set the pserv_csrf cookie');

refused(login_post([username => $user, password => DEMO_PASSWORD]), 'login without the csrf field');
refused(login_post(form('B' x 43)), 'login with a wrong csrf field');
refused(login_post(form('')), 'login with an empty csrf field');

drop_cookie('pserv_csrf');
refused(login_post(form($csrf)), 'login with the field but without the cookie');
set_cookie(pserv_csrf => $csrf);

# Both values valid tokens, but not the same pair.
my $jar = jar();
new_browser();
my ($csrf2) = get_csrf('/login');
use_jar($jar);
refused(login_post(form($csrf2)), "login with another browser's token");

refused(login_post(form($csrf), Origin => $EVIL), 'login with the right token from Origin evil.example');
refused(login_post(form($csrf), Referer => "$EVIL/login"), 'login with the right token, Referer evil.example, no Origin');
refused(login_post(form($csrf), Origin => 'null'), 'login with Origin: null');

ok t_cmp(sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($user)), 0,
         'refused POSTs are not counted as failed logins');

my $r = login_post(form($csrf), Origin => own_origin());
ok t_cmp($r->code, 303, 'login with the right pair from our own Origin: 303');
ok t_cmp(location($r), '/home', '... to /home');
ok t_cmp(logout()->code, 303, 'logout');

new_browser();
($csrf) = get_csrf('/login');
$r = login_post(form($csrf), Referer => own_origin() . '/login');
ok t_cmp($r->code, 303, 'login with our own Referer and no Origin: 303');

# ---- POST /logout -----------------------------------------------------------------
# Another account's session, for its token.
my $mine = jar();
new_browser();
login($other->{username}, DEMO_PASSWORD);
my $other_csrf = logout_form_csrf(GET('/home')->content);
use_jar($mine);

my $token = cookie('pserv_session');
my $home = GET '/home';
my $session_csrf = logout_form_csrf($home->content);
my $pre_login = cookie('pserv_csrf');
ok t_cmp($session_csrf, session_csrf($token), 'the logout form carries the session\'s csrf');

sub logout_refused {
    my ($r, $what) = @_;
    ok t_cmp($r->code, 403, "$what: 403");
    ok t_cmp($r->content, $DENIED, "$what: the P-Serv 403 page");
    ok t_cmp(session_count($token), 1, "$what: the session row is still there");
    ok t_cmp(GET('/home')->code, 200, "$what: and the session still works");
}

logout_refused(POST('/logout', content => []), 'logout without csrf');
logout_refused(POST('/logout', content => [csrf => 'C' x 43]), 'logout with a wrong csrf');
logout_refused(POST('/logout', content => [csrf => $pre_login]), 'logout with the pre-login token');
logout_refused(POST('/logout', content => [csrf => $other_csrf]), "logout with another session's token");
logout_refused(POST('/logout', content => [csrf => $session_csrf], Origin => $EVIL),
               'logout with the right token from Origin evil.example');

$r = POST '/logout', content => [csrf => $session_csrf];
ok t_cmp($r->code, 303, 'logout with the session\'s token: 303');
ok t_cmp(location($r), '/login?logout=1', '... to /login?logout=1');
ok t_cmp(session_count($token), 0, '... and the session row is gone');
