# The access record in batches (issue 21 beside issue 23; access.c,
# PservAccessBatch ROWS [SECONDS]): a ticket page's row waits in its child
# and is written, all rows at once, by the view that makes ROWS (before its
# answer), when the first has waited SECONDS, and when the child exits.
# Virtual host pserv_batch keeps 3 rows for an hour; pserv_cache keeps 100
# for a second (the default, as production). Both have the page cache,
# whose test header says what a view cost in statements.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use File::Spec;
use LWP::ConnCache;
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 24, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $T = create_ticket(unit_spec($m));
my $ID = $T->{id};
END {
    eval {
        sql("DELETE FROM access_log WHERE request_id = $ID");
        sql("DELETE FROM mail_outbox WHERE request_id = $ID");
        sql("DELETE FROM requests WHERE id = $ID");
    } if db_ok() && $ID;
    warn "cleanup: $@" if $@;
}

sub rows_of {
    return [ map { $_->[0] } sql("SELECT username || '|' || kind || '|' || nomor || '|'"
        . " || client_ip FROM access_log WHERE request_id = $ID ORDER BY id") ];
}
sub count { scalar @{ rows_of() } }
# count() once it reaches $n, giving up after 30 s with what is there
sub count_when {
    my ($n) = @_;
    my $c;
    for (1 .. 120) {
        $c = count();
        last if $c >= $n;
        select(undef, undef, undef, 0.25);
    }
    return $c;
}
sub statements { $_[0]->header('X-Pserv-Test-Db-Statements') // -1 }

# ---- batches of 3 (pserv_batch) -------------------------------------------------------
Apache::TestRequest::module('pserv_batch');
as_user('siti.rahayu', fresh => 1);
# one connection, so one child holds every row
Apache::TestRequest::user_agent()->conn_cache(LWP::ConnCache->new(total_capacity => 1));

my $r = GET("/requests/$ID");
is $r->code, 200, 'siti (the Atasan) opens the ticket on pserv_batch';
is count(), 0, '... its row waits in the child';
$r = GET("/requests/$ID");
is $r->code, 200, 'a second view';
is statements($r), 1, '... from the page cache: one statement (the session\'s)';
is count(), 0, '... two rows wait';
$r = GET("/requests/$ID");
is $r->code, 200, 'the third view';
is statements($r), 2, '... writes the batch itself, before its answer (one more statement)';
my $want = "siti.rahayu|ticket|$T->{nomor}|127.0.0.1";
is_deeply rows_of(), [ ($want) x 3 ], '... the three rows: reader, kind, Nomor, address';

$r = GET("/requests/$ID");
is statements($r), 1, 'a fourth view: one statement again';
is count(), 3, '... its row waits (an hour, on this host)';
is GET("/requests/99999999")->code, 404, 'a ticket that does not exist: 404';

# The child exits (a graceful restart): what it holds is written first.
Apache::TestRequest::user_agent()->conn_cache(undef);
my $pidfile = File::Spec->catfile(Apache::Test::vars('t_logs'), 'httpd.pid');
open my $fh, '<', $pidfile or die "$pidfile: $!";
chomp(my $pid = <$fh>);
close $fh;
ok kill('USR1', $pid), 'a graceful restart of the server';
is count_when(4), 4, '... the exiting child wrote the row it held';
my $up;
for (1 .. 120) {
    $up = eval { GET("/requests/$ID")->code } // 0;
    last if $up == 200;
    select(undef, undef, undef, 0.25);
}
is $up, 200, '... and the server answers again';

# ---- the default: 100 rows or a second (pserv_cache) ---------------------------------------
Apache::TestRequest::module('pserv_cache');
as_user('siti.rahayu', fresh => 1);
$r = GET("/requests/$ID");
is $r->code, 200, 'on pserv_cache (100 rows, 1 s): siti opens the ticket';
is statements($r), 1, '... one statement';
is count_when(5), 5, '... its row is written within a second, with no other request';
# (a page is kept per minute of the clock: a view across the minute's end
# is built again, so up to three tries)
my $views = 5;
for (1 .. 3) {
    $r = GET("/requests/$ID");
    $views++;
    last if ($r->header('X-Pserv-Test-Page-Cache') // '') eq 'hit';
}
is $r->header('X-Pserv-Test-Page-Cache'), 'hit', 'again: from the page cache';
is statements($r), 1, '... one statement';
is count_when($views), $views, '... recorded too, each view';

# ---- a user who may not see it ----------------------------------------------------------
as_user('maya.puspitasari', fresh => 1);
is GET("/requests/$ID")->code, 404, 'maya (not its Atasan) on pserv_cache: 404';
as_user('siti.rahayu');
is GET("/requests/$ID")->code, 200, 'then siti once more';
is count_when($views + 1), $views + 1, '... her row is written';
is_deeply [ grep { !/^siti\.rahayu\|/ } @{ rows_of() } ], [], '... and none for maya';
