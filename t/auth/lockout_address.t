# Per-address limit: 30 failed logins from one client address within 15
# minutes refuse that address, whatever username it tries, for 15 minutes.
# A refused address is answered without an Argon2id computation (issue 16,
# item 6): the response's X-Pserv-Test-Argon2 (PservTestHooks) counts them.
#
# Every request here runs 10 days ahead (X-Pserv-Test-Clock-Offset), so the
# window holds only this file's own failures, not those of the other tests
# from 127.0.0.1. The failures are removed again at the end: rows dated in
# the future would otherwise count against 127.0.0.1 for the tests that
# follow.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

use constant DAY => 86400;
use constant MIN => 60;
my $AHEAD = 10 * DAY;
my $PROBE = 'ip.probe.';                # unknown usernames, one failure each
my $user = 'wahyu.hidayat';
my $also = 'sari.permata';

plan tests => 16, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

sub cleanup {
    sql("DELETE FROM login_failures WHERE username LIKE " . lit("$PROBE%")
        . " OR at > now() + interval '1 day'");
}
cleanup();
END { eval { cleanup() } if db_ok() }

sub probe {
    my ($n) = @_;
    new_browser();
    return login(sprintf('%s%02d', $PROBE, $n), 'Salah-Pserv-2026', offset => $AHEAD);
}

my @codes = map { probe($_)->code } 1 .. 29;
ok t_cmp(join(',', @codes), join(',', (200) x 29), '29 failures with 29 unknown usernames');
ok t_cmp(sql_value("SELECT count(*) FROM login_failures WHERE username LIKE " . lit("$PROBE%")),
         29, 'all 29 recorded');

new_browser();
my $r = login($user, DEMO_PASSWORD, offset => $AHEAD);
ok t_cmp($r->code, 303, 'after 29 failures the address may still log in');
logout(offset => $AHEAD);

$r = probe(30);
ok t_cmp($r->content, FAILED_LOGIN, 'the 30th failure');
ok t_cmp($r->header('X-Pserv-Test-Argon2'), '1', '... cost one Argon2id computation');

new_browser();
$r = login($user, DEMO_PASSWORD, offset => $AHEAD);
ok t_cmp($r->code, 200, 'after 30 failures: the right password of a good account is refused');
ok t_cmp($r->content, FAILED_LOGIN, '... with the ordinary failure message');
ok t_cmp(set_cookie_line($r, 'pserv_session'), undef, '... and no session');
ok t_cmp($r->header('X-Pserv-Test-Argon2'), '0', '... answered without an Argon2id computation');
new_browser();
$r = login($also, DEMO_PASSWORD, offset => $AHEAD + 5 * MIN);
ok t_cmp($r->code, 200, 'another account 5 minutes later: refused too');
ok t_cmp(sql_value("SELECT count(*) FROM login_failures WHERE username LIKE " . lit("$PROBE%")),
         30, 'refused attempts are not recorded');

new_browser();
$r = login($user, DEMO_PASSWORD, offset => $AHEAD + 14 * MIN);
ok t_cmp($r->code, 200, '14 minutes after the 30th failure: still refused');

new_browser();
$r = login($user, DEMO_PASSWORD, offset => $AHEAD + 16 * MIN);
ok t_cmp($r->code, 303, '16 minutes later the address may log in again');
ok t_cmp(location($r), '/home', '... to /home');
ok t_cmp(GET('/home', offset($AHEAD + 16 * MIN))->code, 200, '... with a working session');
logout(offset => $AHEAD + 16 * MIN);

cleanup();
new_browser();
$r = login($also, DEMO_PASSWORD);
ok t_cmp($r->code, 303, 'with the future failures removed, logins now work');
logout();
