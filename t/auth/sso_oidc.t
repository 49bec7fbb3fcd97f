# The SSO hand-off behind the real thing: mod_auth_openidc (Debian's
# libapache2-mod-auth-openidc) in <Location /login/sso/oidc>, against the
# small OpenID provider t/lib/oidc_op.py this test starts on
# PSERV_TEST_OP_PORT (scripts/dev.sh passes OP_PORT; t/conf/extra.conf.in).
# The authorization code flow walked hop by hop, as a browser would: P-Serv's
# page -> the provider's login -> mod_auth_openidc's callback (code for an
# RS256 ID token, checked against the provider's keys) -> P-Serv's page
# again, now with r->user and OIDC_CLAIM_email / OIDC_CLAIM_amr -> a P-Serv
# session, on to next. Skipped when mod_auth_openidc is not installed.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/lib', 't/auth';
use Pserv::Log qw(here log_since audit_now);
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(unique attrs);
use File::Spec ();
use POSIX ();

plan tests => 22,
    need need_module('pserv', 'auth_openidc'),
    { 'python3 with python3-cryptography' => sub {
          system('/usr/bin/python3 -c "import cryptography" 2>/dev/null') == 0 } },
    { 'psql reaches the test database' => \&db_ok };

my $OP_PORT = $ENV{PSERV_TEST_OP_PORT} || 8039;
my $OP = "http://127.0.0.1:$OP_PORT";
my $m = unique();
my $USER = "sso.oidc.$m";
my $EMAIL = "sso.oidc.$m\@ptpr.example";
my $NAME = "Sso Oidc $m";
my $OP_LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'oidc_op.log');

# ---- the provider -----------------------------------------------------------
# Its first line on stdout says it listens (after binding the port): a
# port some other server holds makes it exit instead, and this test with it.
my $op_pid = open(my $op_out, '-|') // die "fork: $!\n";
if (!$op_pid) {
    open STDERR, '>>', $OP_LOG or POSIX::_exit(1);
    { exec '/usr/bin/python3', File::Spec->catfile(Apache::Test::vars('t_dir'), 'lib', 'oidc_op.py'),
          $OP_PORT, 'pserv-test', 'pserv-test-secret' }
    POSIX::_exit(127);
}
END {
    if ($op_pid) { kill 'TERM', $op_pid; close $op_out }
    eval { sql("DELETE FROM accounts WHERE username = " . lit($USER)) } if db_ok();
}
my $ready = eval {
    local $SIG{ALRM} = sub { die "timeout\n" };
    alarm 10;
    my $line = <$op_out>;
    alarm 0;
    $line;
};
die "the test OpenID provider did not start on port $OP_PORT (in use? see $OP_LOG)\n"
    unless defined $ready && $ready =~ /^oidc_op listening on \Q$OP\E$/;

sql("DELETE FROM accounts WHERE username = " . lit($USER));
sql("INSERT INTO accounts (username, full_name, email) VALUES ("
    . join(', ', lit($USER), lit($NAME), lit($EMAIL)) . ")");


# The provider's login form: its hidden fields, the name typed, the amr.
sub provider_login {
    my ($authorize, $login, $amr) = @_;
    my $r = GET $authorize;
    my %f;
    my $html = $r->content;
    while ($html =~ /(<input\b[^>]*>)/g) {
        my $a = attrs($1);
        $f{ $a->{name} } = $a->{value} // '' if defined $a->{name};
    }
    return ($r, POST("$OP/authorize", content => [%f, login => $login, amr => $amr]));
}

# ---- the code flow ---------------------------------------------------------------
new_browser();
my $off = here();
my $r = GET '/login/sso/oidc?next=/requests', Accept => 'text/html';
ok t_cmp($r->code, 302, 'no provider session: mod_auth_openidc sends the browser away');
my $authorize = location($r);
ok t_cmp($authorize, qr{^\Q$OP\E/authorize\?}, '... to the provider\'s authorization endpoint');
ok t_cmp(cookie('pserv_session'), undef, '... and P-Serv opened no session');

my ($form, $back) = provider_login($authorize, $EMAIL, 'pwd,otp');
ok t_cmp($form->code, 200, 'the provider\'s login form');
ok t_cmp($back->code, 302, 'signed in at the provider: back to P-Serv');
ok t_cmp(location($back), qr{/login/sso/oidc/callback\?code=}, '... at OIDCRedirectURI with a code');

$r = GET location($back), Accept => 'text/html';
ok t_cmp($r->code, 302, 'mod_auth_openidc took the code (ID token checked): 302');
my $again = location($r);
ok t_cmp($again, qr{/login/sso/oidc\?next=%2Frequests$|/login/sso/oidc\?next=/requests$}i,
         '... to the page first asked for, next and all');

$r = GET $again, Accept => 'text/html';
ok t_cmp($r->code, 303, 'the hand-off: 303');
ok t_cmp(location($r), '/requests', '... to next');
ok t_cmp(cookie('pserv_session') // '', qr{^[A-Za-z0-9_-]{43}$}, '... with a P-Serv session');
$r = GET '/requests';
ok t_cmp($r->code, 200, 'the P-Serv session opens /requests');
ok t_cmp(user_menu_name($r->content), $NAME, '... as the account of the e-mail the provider asserted');
ok scalar(audit_now($off, 'login.ok', qr{ user=\Q$USER\E }, qr{ via=sso\b})), 'audit: login.ok via=sso';
ok scalar(audit_now($off, 'sso.handoff', qr{ user=\Q$USER\E }, qr{ name=\Q$EMAIL\E },
                qr{ authtype=openid-connect\b}, qr{ mfa=idp\b})),
    'audit: sso.handoff authtype=openid-connect, mfa=idp (amr otp, PservSSOTrustMFA)';

# ---- an address nobody has an account for -----------------------------------------
new_browser();
$r = GET '/login/sso/oidc', Accept => 'text/html';
my ($f2, $b2) = provider_login(location($r), "nobody.$m\@ptpr.example", 'pwd');
$r = GET location($b2), Accept => 'text/html';
$off = here();
$r = GET location($r), Accept => 'text/html';
ok t_cmp($r->code, 403, 'an e-mail without an account: refused');
like $r->content, qr{Anda belum memiliki akun P-Serv}, '... with the message';
ok t_cmp(cookie('pserv_session'), undef, '... no P-Serv session');
ok scalar(audit_now($off, 'login.fail', qr{ via=sso\b}, qr{ reason=no-account\b})),
    'audit: login.fail via=sso reason=no-account';

# ---- a claim forged as a header ---------------------------------------------------
new_browser();
$r = GET '/login/sso/oidc', Accept => 'text/html',
    ':OIDC_CLAIM_email' => $EMAIL, 'OIDC-CLAIM-email' => $EMAIL,
    'Remote-User' => $EMAIL;
ok t_cmp($r->code, 302, 'OIDC_CLAIM_email / Remote-User headers without a provider session: still sent to the provider');
ok t_cmp(cookie('pserv_session'), undef, '... no session');
ok t_cmp(GET('/home')->code, 303, '... and no way in');
