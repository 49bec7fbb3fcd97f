# The soft lockout (issue 16, item 7; docs/SECURITY.md 2.2.1). Nobody can
# keep somebody else's account locked:
#   - 5 failures for one username from one client (its address, an IPv6
#     address as its /64) within 15 minutes lock that username for that
#     client only, for 15 minutes from the 5th;
#   - from the 5th failure of a username within 15 minutes, from anywhere,
#     each new attempt on it must come 15 s after its latest failure, 30 s
#     after the 6th, doubling up to 15 minutes;
#   - a client holding a valid session of the account skips that delay;
#   - a lock is answered without an Argon2id computation
#     (X-Pserv-Test-Argon2, PservTestHooks).
# The client address is named with X-Pserv-Test-Client (mod_remoteip,
# t/conf/extra.conf.in). Everything runs 30 days ahead, so only this
# file's failures count, and they are removed at the end.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

use constant DAY => 86400;
my $AHEAD = 30 * DAY;
my $WRONG = 'Salah-Pserv-2026';
my ($target, $owner, $grow, $six) =
    qw(hendra.gunawan maya.puspitasari dewi.anggraini siti.rahayu);
my @all = ($target, $owner, $grow, $six);

plan tests => 21, need need_module('pserv'), need_module('remoteip'),
    { 'psql reaches the test database' => \&db_ok };

sub cleanup {
    clear_failures(@all);
    sql("DELETE FROM login_failures WHERE at > now() + interval '1 day'");
}
cleanup();
END { eval { cleanup() } if db_ok() }

# One login attempt from client $ip, $secs after $AHEAD.
sub try_from {
    my ($ip, $user, $pw, $secs, %o) = @_;
    new_browser() unless $o{keep};
    return login($user, $pw, offset => $AHEAD + $secs,
                 headers => ['X-Pserv-Test-Client' => $ip]);
}
sub argon2 { $_[0]->header('X-Pserv-Test-Argon2') // 'none' }
sub lockout_lines { sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($_[0])) }

# ---- others fail on a username: its owner still gets in ---------------------------
my @codes = map { try_from("192.0.2.$_", $target, $WRONG, 0)->code } 1 .. 5;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'five failures from five other clients');
my $r = try_from('192.0.2.50', $target, DEMO_PASSWORD, 5);
ok t_cmp($r->content, FAILED_LOGIN, '5 s later from a sixth client: refused (the delay)');
ok t_cmp(argon2($r), '0', '... without an Argon2id computation');
ok t_cmp(lockout_lines($target), 5, '... and not counted');
$r = try_from('192.0.2.50', $target, DEMO_PASSWORD, 20);
ok t_cmp($r->code, 303, '20 s later, past the 15 s delay: the owner logs in (no hard lock)');

# ---- the client that failed five times is locked for that username -------------------
clear_failures($target);
@codes = map { try_from('192.0.2.7', $target, $WRONG, 100 + $_)->code } 1 .. 5;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'five failures from one client');
$r = try_from('192.0.2.7', $target, DEMO_PASSWORD, 200);
ok t_cmp($r->content, FAILED_LOGIN, 'that client, the right password, later: refused');
ok t_cmp(argon2($r), '0', '... without an Argon2id computation');
$r = try_from('192.0.2.8', $target, DEMO_PASSWORD, 200);
ok t_cmp($r->code, 303, 'another client at the same time: logs in');

# ---- a valid session of the account skips the delay ---------------------------------
new_browser();
$r = try_from('192.0.2.60', $owner, DEMO_PASSWORD, 300, keep => 1);
ok t_cmp($r->code, 303, 'the owner is logged in');
my $jar = jar();
@codes = map { try_from("192.0.2.$_", $owner, $WRONG, 301)->code } 11 .. 15;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'five failures from others meanwhile');
$r = try_from('192.0.2.61', $owner, DEMO_PASSWORD, 302);
ok t_cmp($r->content, FAILED_LOGIN, 'a client without a session: refused (the delay)');
use_jar($jar);
$r = try_from('192.0.2.60', $owner, DEMO_PASSWORD, 302, keep => 1);
ok t_cmp($r->code, 303, 'the client with a valid session of the account: logs in');
ok t_cmp(location($r), '/home', '... to /home');

# ---- the delay grows --------------------------------------------------------------
@codes = map { try_from("192.0.2.2$_", $grow, $WRONG, 400)->code } 1 .. 5;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'five failures');
$r = try_from('192.0.2.30', $grow, $WRONG, 416);
ok t_cmp(argon2($r), '1', 'a sixth, 16 s later: tried (one Argon2id)');
$r = try_from('192.0.2.31', $grow, DEMO_PASSWORD, 416 + 20);
ok t_cmp(argon2($r) . ' ' . $r->code, '0 200', '20 s after the sixth: refused, the delay is now 30 s');
$r = try_from('192.0.2.31', $grow, DEMO_PASSWORD, 416 + 31);
ok t_cmp($r->code, 303, '31 s after the sixth: logs in');

# ---- IPv6: a /64 is one client -----------------------------------------------------
@codes = map { try_from("2001:db8:1:2::$_", $six, $WRONG, 600)->code } 1 .. 5;
ok t_cmp(join(',', @codes), '200,200,200,200,200', 'five failures from five addresses of one /64');
$r = try_from('2001:db8:1:2::99', $six, DEMO_PASSWORD, 700);
ok t_cmp($r->content, FAILED_LOGIN, 'another address of that /64, later: refused (one client)');
$r = try_from('2001:db8:1:3::1', $six, DEMO_PASSWORD, 700);
ok t_cmp($r->code, 303, 'an address of the next /64: logs in');
