# The operator's view: Prometheus text at /metrics (SetHandler
# pserv-metrics, behind ordinary Require lines) and the P-Serv section of
# server-status. Every family has HELP and TYPE; the values move with a
# login (ok, failed, locked), a submission and decisions; the oldest wait
# follows the server's clock (moved with the test clock header); mail sent
# is counted when the worker delivers; a location allowing another address
# answers 403.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET HEAD POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Time::HiRes ();

plan tests => 64, need need_module('pserv'), need_module('status'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my @STAGES = qw(atasan verificator manager executor);
my %FAMILY = (
    pserv_build_info                             => 'gauge',
    pserv_database_up                            => 'gauge',
    pserv_mail_worker_last_run_timestamp_seconds => 'gauge',
    pserv_tickets_waiting                        => 'gauge',
    pserv_ticket_oldest_wait_seconds             => 'gauge',
    pserv_mail_outbox                            => 'gauge',
    pserv_decisions_total                        => 'counter',
    pserv_logins_total                           => 'counter',
    pserv_requests_submitted_total               => 'counter',
);

# GET /metrics (with extra headers) -> { 'name{labels}' => value }, and the
# response.
sub scrape {
    my (@h) = @_;
    my $r = GET('/metrics', @h);
    my %v;
    for (split /\n/, $r->content) {
        next if /^#/ || !/\S/;
        $v{$1} = $2 if /^(\S+)\s+(-?[0-9.e+]+)$/;
    }
    return (\%v, $r);
}
sub value { my ($name) = @_; my ($v) = scrape(); return $v->{$name} }

# Poll (every 0.2 s, up to $secs) until $cond is true; its last value.
sub wait_for {
    my ($secs, $cond) = @_;
    my $v;
    for (1 .. $secs * 5) {
        last if ($v = $cond->());
        Time::HiRes::sleep(0.2);
    }
    return $v;
}

# ---- the text ---------------------------------------------------------------

my ($v, $r) = scrape();
is $r->code, 200, 'GET /metrics: 200';
like $r->header('Content-Type') // '', qr{^text/plain; version=0\.0\.4},
    '... Prometheus text format 0.0.4';
my $text = $r->content;
for my $f (sort keys %FAMILY) {
    like $text, qr/^# HELP \Q$f\E \S.*\n# TYPE \Q$f\E \Q$FAMILY{$f}\E$/m,
        "$f: HELP and TYPE $FAMILY{$f}";
}
my $schema = sql_value("SELECT max(substring(version FROM '^[0-9]+')::int)"
                       . " FROM schema_migrations");
like $text, qr/^pserv_build_info\{version="[0-9][^"]*",schema="\Q$schema\E"\} 1$/m,
    "build info: a version and schema $schema";
is $v->{pserv_database_up}, 1, 'the database is up';
is scalar(grep { exists $v->{qq{pserv_tickets_waiting{stage="$_"}}} } @STAGES), 4,
    'tickets waiting: a series for each of the four stages';
is scalar(grep { exists $v->{qq{pserv_mail_outbox{state="$_"}}} }
          qw(queued retrying failed sent)), 4, 'outbox: queued, retrying, failed, sent';
is scalar(grep { exists $v->{$_} } map { my $s = $_;
          map { qq{pserv_decisions_total{stage="$s",decision="$_"}} } qw(approve reject return) } @STAGES),
    12, 'decisions: every stage and decision (return: Kembalikan untuk Revisi)';
is scalar(grep { exists $v->{qq{pserv_logins_total{result="$_"}}} } qw(ok failed locked)),
    3, 'logins: ok, failed, locked';
is $v->{'pserv_tickets_waiting{stage="atasan"}'},
    sql_value("SELECT count(*) FROM requests WHERE status = 'atasan'"),
    'waiting at atasan: what the database holds';

$r = HEAD('/metrics');
is $r->code, 200, 'HEAD /metrics: 200';
$r = POST('/metrics', content => 'x=1');
is $r->code, 405, 'POST /metrics: 405';
like $r->header('Allow') // '', qr/\bGET\b/, '... Allow: GET';

# ---- access: ordinary Require lines -----------------------------------------

$r = GET('/metrics-elsewhere');
is $r->code, 403, 'a location that allows only 10.0.0.1: 403 for this client';
unlike $r->content, qr/pserv_tickets_waiting/, '... and no metrics in it';

# ---- logins -------------------------------------------------------------------

my $ok = 'pserv_logins_total{result="ok"}';
my $failed = 'pserv_logins_total{result="failed"}';
my $locked = 'pserv_logins_total{result="locked"}';
my $nobody = "metrics.$m";          # no such account: locks like any other name
clear_failures('rina.wulandari', $nobody);
END { clear_failures('rina.wulandari', $nobody) }

my ($bef) = scrape();
new_browser();
$r = login('rina.wulandari', DEMO_PASSWORD);
is $r->code, 303, 'a good login';
my ($aft) = scrape();
is $aft->{$ok} - $bef->{$ok}, 1, '... logins ok + 1';
is $aft->{$failed} - $bef->{$failed}, 0, '... failed unchanged';

($bef) = scrape();
new_browser();
$r = login('rina.wulandari', 'Salah-Pserv-2026');
is $r->code, 200, 'a wrong password';
($aft) = scrape();
is $aft->{$failed} - $bef->{$failed}, 1, '... logins failed + 1';
is $aft->{$ok} - $bef->{$ok}, 0, '... ok unchanged';
clear_failures('rina.wulandari');

($bef) = scrape();
new_browser();
login('Not A Name!', 'Salah-Pserv-2026');
($aft) = scrape();
is $aft->{$failed} - $bef->{$failed}, 1, 'a username nobody can have: failed + 1';

new_browser();
login($nobody, 'Salah-Pserv-2026') for 1 .. 5;     # the 5th locks the name
($bef) = scrape();
$r = login($nobody, 'Salah-Pserv-2026');
is $r->code, 200, 'a 6th attempt on a locked name';
($aft) = scrape();
is $aft->{$locked} - $bef->{$locked}, 1, '... logins locked + 1';
is $aft->{$failed} - $bef->{$failed}, 0, '... and not counted as failed';

# ---- a submission and decisions -------------------------------------------------

my $sub = 'pserv_requests_submitted_total';
my %w = map { $_ => qq{pserv_tickets_waiting{stage="$_"}} } @STAGES;
my $approve = 'pserv_decisions_total{stage="atasan",decision="approve"}';
my $reject = 'pserv_decisions_total{stage="verificator",decision="reject"}';

($bef) = scrape();
my $t = create_ticket(ho_spec($m));
my $id = $t->{id};
($aft) = scrape();
is $aft->{$sub} - $bef->{$sub}, 1, 'a submitted form: requests submitted + 1';
is $aft->{$w{atasan}} - $bef->{$w{atasan}}, 1, '... waiting at atasan + 1';
is $aft->{$approve} - $bef->{$approve}, 0, '... no decision yet';

# The oldest wait at atasan is at least this ticket's, on the server's clock.
my ($later) = scrape(offset(7200));
cmp_ok $later->{'pserv_ticket_oldest_wait_seconds{stage="atasan"}'}, '>=', 7200,
    'two hours on: the oldest wait at atasan is at least 7200 s';
cmp_ok $aft->{'pserv_ticket_oldest_wait_seconds{stage="atasan"}'}, '>=', 0,
    '... and never negative';

($bef) = scrape();
decide_to('maya.puspitasari', $id);
($aft) = scrape();
is $aft->{$approve} - $bef->{$approve}, 1, 'the Atasan approves: decisions{atasan,approve} + 1';
is $aft->{$w{atasan}} - $bef->{$w{atasan}}, -1, '... waiting at atasan - 1';
is $aft->{$w{verificator}} - $bef->{$w{verificator}}, 1, '... waiting at verificator + 1';

($bef) = scrape();
decide_to('rina.wulandari', $id, decision => 'reject', reason => "Tolak $m");
is req_status($id), 'rejected', 'the Verificator rejects';
($aft) = scrape();
is $aft->{$reject} - $bef->{$reject}, 1, '... decisions{verificator,reject} + 1';
is $aft->{$w{verificator}} - $bef->{$w{verificator}}, -1, '... waiting at verificator - 1';
is $aft->{$sub} - $bef->{$sub}, 0, '... submissions unchanged';

# ---- mail ---------------------------------------------------------------------

# The decisions queued mail; the worker (PservMailInterval 1) delivers it to
# the test SMTP sink, and each delivery counts once.
my $sent = 'pserv_mail_outbox{state="sent"}';
my $queued_ids = sql_value("SELECT string_agg(id::text, ',') FROM mail_outbox"
                           . " WHERE request_id = " . int($id));
ok $queued_ids, 'the ticket queued mail';
ok wait_for(30, sub { !sql_value("SELECT count(*) FROM mail_outbox WHERE request_id = "
                                 . int($id) . " AND status = 'pending'") }),
    '... and the worker delivered it';
my $in_db = sql_value("SELECT count(*) FROM mail_outbox WHERE status = 'sent'");
($aft) = scrape();
cmp_ok $aft->{$sent}, '>=', $in_db, 'mail sent: at least the sent rows of the outbox';
is $aft->{'pserv_mail_outbox{state="failed"}'},
    sql_value("SELECT count(*) FROM mail_outbox WHERE status = 'failed'"),
    'mail failed: the failed rows';
cmp_ok $aft->{pserv_mail_worker_last_run_timestamp_seconds}, '>', 0,
    "the mail worker's last run is known";

# A 'sent' row updated again is not counted twice.
my ($one) = split /,/, $queued_ids;
($bef) = scrape();
sql("UPDATE mail_outbox SET attempts = attempts WHERE id = " . int($one));
($aft) = scrape();
is $aft->{$sent} - $bef->{$sent}, 0, 'a sent mail touched again: still counted once';

# ---- server-status ---------------------------------------------------------------

$r = GET('/server-status?auto');
is $r->code, 200, 'server-status?auto: 200';
my $auto = $r->content;
like $auto, qr/^PServVersion: [0-9]/m, '... PServVersion';
like $auto, qr/^PServDatabase: up$/m, '... PServDatabase: up';
like $auto, qr/^PServSchema: \Q$schema\E$/m, "... PServSchema: $schema";
($v) = scrape();
for my $s (qw(atasan verificator)) {
    my $k = 'PServWaiting' . ucfirst $s;
    like $auto, qr/^\Q$k\E: \Q$v->{$w{$s}}\E$/m, "... $k as /metrics says";
}
like $auto, qr/^PServOldestWaitAtasan: [0-9]+$/m, '... PServOldestWaitAtasan';
like $auto, qr/^PServMailQueued: [0-9]+\nPServMailRetrying: [0-9]+\nPServMailFailed: [0-9]+\nPServMailSent: [0-9]+$/m,
    '... the outbox: queued, retrying, failed, sent';
like $auto, qr/^PServMailWorkerLastRun: [1-9][0-9]*$/m, "... the mail worker's last run";
like $auto, qr/^PServDBPool: not exposed by mod_dbd$/m, '... the pool: not exposed';

$r = GET('/server-status');
is $r->code, 200, 'server-status (HTML): 200';
like $r->content, qr{<h2>P-Serv</h2>}, '... with a P-Serv section';
like $r->content, qr{<th[^>]*>Mail worker</th><td>last look at the outbox: }, '... the mail worker';
