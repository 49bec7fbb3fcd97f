# The mail worker's sweep (issue 16, item 10): rate-limit counters and
# failed logins older than a day are deleted, at most once a minute (every
# second under PservTestHooks, as here); newer ones stay.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Time::HiRes qw(sleep);

plan tests => 4, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $B = 'test-sweep';
my $U = 'sweep.probe.user';
sub cleanup {
    sql("DELETE FROM rate_limits WHERE bucket = " . lit($B));
    sql("DELETE FROM login_failures WHERE username = " . lit($U));
}
cleanup();
END { eval { cleanup() } if db_ok() }

sql("INSERT INTO rate_limits (bucket, key, window_start, hits) VALUES"
    . " ('$B', 'old', now() - interval '25 hours', 3),"
    . " ('$B', 'new', now() - interval '10 minutes', 3)");
sql("INSERT INTO login_failures (username, client_ip, at) VALUES"
    . " ('$U', '192.0.2.1', now() - interval '25 hours'),"
    . " ('$U', '192.0.2.1', now() - interval '1 hour')");
GET('/healthz');    # wakes nothing; the worker runs on its own
my $left;
for (1 .. 40) {
    $left = sql_value("SELECT count(*) FROM rate_limits WHERE bucket = '$B'")
          + sql_value("SELECT count(*) FROM login_failures WHERE username = '$U'");
    last if $left == 2;
    sleep 0.25;
}
is sql_value("SELECT count(*) FROM rate_limits WHERE bucket = '$B' AND key = 'old'"), 0,
    'a rate counter of 25 hours ago is swept';
is sql_value("SELECT count(*) FROM rate_limits WHERE bucket = '$B' AND key = 'new'"), 1,
    'one of 10 minutes ago stays';
is sql_value("SELECT count(*) FROM login_failures WHERE username = '$U'"
             . " AND at < now() - interval '1 day'"), 0, 'a failed login of 25 hours ago is swept';
is sql_value("SELECT count(*) FROM login_failures WHERE username = '$U'"), 1,
    'one of an hour ago stays';
