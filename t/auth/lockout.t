# Per-username lockout for one client: 5 failed logins for one username
# from one client within 15 minutes lock that username for that client for
# 15 minutes from the 5th failure; even the right password then gets the
# ordinary failure message. Other usernames are not affected. Every request
# here comes from one client (127.0.0.1); what other clients may still do
# (the soft lockout of issue 16: a lock per username and client, and a
# growing delay per username) is t/auth/lockout_soft.t. The server's clock
# is moved with X-Pserv-Test-Clock-Offset (PservTestHooks On) instead of
# waiting.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

use constant MIN => 60;
my $WRONG = 'Salah-Pserv-2026';
my ($four, $locked, $other, $spread, $late) =
    qw(rudi.hartono lestari.ningsih andi.wijaya siti.rahayu dewi.anggraini);
my @all = ($four, $locked, $other, $spread, $late);

plan tests => 31, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

clear_failures(@all);
END { clear_failures(@all) }

sub refused {
    my ($r, $what) = @_;
    ok t_cmp($r->code, 200, "$what: 200, the login page");
    ok t_cmp($r->content, FAILED_LOGIN, "$what: the failed-login message");
    ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, "$what: no session");
}
sub accepted {
    my ($r, $what) = @_;
    ok t_cmp($r->code, 303, "$what: 303");
    ok t_cmp(location($r), '/home', "$what: to /home");
}
sub fail_at {
    my ($user, $min) = @_;
    new_browser();
    return login($user, $WRONG, offset => $min * MIN)->code;
}
sub failures {
    sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($_[0]));
}

# ---- four failures do not lock ------------------------------------------------------
my @codes = map { fail_at($four, 0) } 1 .. 4;
ok t_cmp(join(',', @codes), '200,200,200,200', 'four wrong passwords');
new_browser();
accepted(login($four, DEMO_PASSWORD), 'the right password after four failures');

# ---- the fifth locks ------------------------------------------------------------------
new_browser();
for my $n (1 .. 5) {
    my $r = login($locked, $WRONG);
    ok t_cmp($r->content, FAILED_LOGIN, "wrong password #$n: failed-login message") if $n == 5;
}
ok t_cmp(failures($locked), 5, 'five failures recorded');
new_browser();
refused(login($locked, DEMO_PASSWORD), 'the right password after five failures (locked)');
refused(login('  Lestari.Ningsih ', DEMO_PASSWORD), 'the same username typed differently (locked)');
ok t_cmp(failures($locked), 5, 'attempts on a locked username are not recorded');
my $msg_locked = login($locked, DEMO_PASSWORD)->content =~ m{id="login-message"[^>]*>([^<]*)<} ? $1 : '';
my $msg_wrong = login('no.such.lockout.user', $WRONG)->content =~ m{id="login-message"[^>]*>([^<]*)<} ? $1 : '';
clear_failures('no.such.lockout.user');
ok t_cmp($msg_locked, $msg_wrong, 'a locked username reads exactly like a wrong password');

new_browser();
accepted(login($other, DEMO_PASSWORD), 'another username is not affected');

new_browser();
refused(login($locked, DEMO_PASSWORD, offset => 14 * MIN), '14 minutes later: still locked');
new_browser();
my $r = login($locked, DEMO_PASSWORD, offset => 16 * MIN);
accepted($r, '16 minutes later: the lock has expired, the right password works');
ok t_cmp(GET('/home', offset(16 * MIN))->code, 200, '... and the session works');
ok t_cmp(failures($locked), 0, 'the successful login forgets the failures');

# ---- the lock counts from the 5th failure ------------------------------------------
@codes = map { fail_at($late, $_) } 0, 1, 2, 3, 10;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'failures at +0, +1, +2, +3 and +10 minutes');
new_browser();
refused(login($late, DEMO_PASSWORD, offset => 24 * MIN),
        '+24 min, 14 minutes after the 5th failure: still locked');
new_browser();
accepted(login($late, DEMO_PASSWORD, offset => 26 * MIN),
         '+26 min, 16 minutes after the 5th failure: unlocked');

# ---- five failures spread over more than 15 minutes do not lock --------------------------
@codes = map { fail_at($spread, $_) } 0, 4, 8, 12, 16;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'failures at +0, +4, +8, +12 and +16 minutes');
new_browser();
accepted(login($spread, DEMO_PASSWORD, offset => 16 * MIN + 5),
         'five failures over 16 minutes: not locked');
