# The service heals itself when PostgreSQL restarts (pooled connections
# reconnect and their prepared statements are prepared again), and
# /healthz says 503 while the database is down. The mail worker's own
# statements (pserv_db_select_on: here the digest's look, which runs them on
# the request's connection) heal a link the restart broke the same way.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/lib', 't/auth';
use Pserv::Test qw(fire_together abs_url);
use HTTP::Request::Common ();

my $dev = $ENV{PSERV_DEV};
plan tests => 6, need need_module('pserv'),
    { 'scripts/dev.sh in PSERV_DEV' => $dev && -x $dev };

ok t_cmp(GET('/healthz')->code, 200, 'healthy before');

system($dev, 'pg_restart') == 0 or die "pg_restart failed";
my @codes = map { GET('/healthz')->code } 1 .. 8;
ok t_cmp(join(',', @codes), join(',', (200) x 8),
         'every request after a database restart answers 200');
ok t_cmp(GET('/')->code, 200, 'pages work after the restart');

system($dev, 'pg_stop') == 0 or die "pg_stop failed";
my $down = GET('/healthz')->code;
system($dev, 'pg_start') == 0 or die "pg_start failed";
ok t_cmp($down, 503, '/healthz 503 while the database is down');
ok t_cmp(GET('/healthz')->code, 200, 'and 200 once it is back');

# Several pooled connections, all broken by the restart, then used at once.
my $health = HTTP::Request::Common::GET(abs_url('/healthz'));
fire_together(map { [ undef, $health ] } 1 .. 4);
system($dev, 'pg_restart') == 0 or die "pg_restart failed";
my $look = HTTP::Request::Common::POST(abs_url('/_test/digest'));
my @looks = map { $_->code } fire_together(map { [ undef, $look ] } 1 .. 4);
ok t_cmp(join(',', @looks), join(',', (200) x 4),
         "the worker's statements after a database restart: 200");
