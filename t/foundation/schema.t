# Version and schema safety (mod_pserv/schema.c).
#
# The start: "mod_pserv/VERSION" in the Server header (ServerTokens Full,
# Apache::Test's default), one pserv[VER01] line naming the version and the
# schema needed, no mod_dbd AH02653 warning, virtual hosts (t/conf/
# schema.conf.in) served with a shared and with an own database pool.
#
# Then schema_migrations of the test database is changed under the running
# server: its highest row removed (the database is behind), then a higher
# one added (ahead). Each time /healthz answers 503 saying why, every page is
# the 503 maintenance page, static files are still served, the error log
# says it once per process, and putting the row back heals the server
# without a restart. PservTestHooks On makes each process look again after
# a second (a minute otherwise), so the test waits a little over that.
# Other tests use the same server and database: the rows are put back in an
# END block whatever happens.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use File::Spec ();
use Time::HiRes ();

plan tests => 73, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $TOP = Apache::Test::vars('top_dir');
my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log');
my $RECHECK = 1.5;      # > the recheck interval under PservTestHooks (1 s)

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!\n";
    local $/;
    return scalar <$fh>;
}

(my $VERSION = slurp("$TOP/VERSION")) =~ s/\s+\z//;
opendir my $dh, "$TOP/sql" or die "$TOP/sql: $!\n";
my ($NEED) = sort { $b <=> $a } map { /^(\d+)_.*\.sql$/ ? $1 + 0 : () } readdir $dh;
closedir $dh;

# ---- the start ------------------------------------------------------------------

# The error log of this server's start: from the end of the run before (or
# the file's beginning) to "resuming normal operations".
sub start_lines {
    my @lines = split /\n/, slurp($LOG);
    my ($last) = grep { $lines[$_] =~ /AH00489/ } reverse 0 .. $#lines;
    return () unless defined $last;
    my $first = 0;
    for (my $i = $last - 1; $i >= 0; $i--) {
        if ($lines[$i] =~ /AH0049[1-3]|AH00489/) { $first = $i + 1; last }
    }
    return @lines[$first .. $last];
}

my @start = start_lines();
ok @start, 'the server start is in the error log';
my @ver = grep { /pserv\[VER01\]/ } @start;
is scalar(@ver), 1, 'one pserv[VER01] line a start (not one per configuration pass)';
like $ver[0] // '', qr{\[pserv:notice\].*mod_pserv/\Q$VERSION\E configured; it needs database schema $NEED \(migration 0*$NEED\)},
    '... at notice, naming the version and the schema needed';
is scalar(grep { /AH02653/ } @start), 0, 'no "conflicting SQL statements" warning from mod_dbd (AH02653)';

my $r = GET '/healthz';
is $r->code, 200, '/healthz 200';
is $r->content, "ok\n", '/healthz says ok';
my @cc = $r->headers->header('Cache-Control');
is scalar(@cc), 1, '/healthz sends Cache-Control once';
is $cc[0] // '', 'no-store', '... no-store';
like $r->header('Server') // '', qr{(^|\s)mod_pserv/\Q$VERSION\E(\s|$)},
    "Server header names mod_pserv/$VERSION (ServerTokens Full)";

for my $vhost (qw(pserv_shared pserv_own_pool)) {
    Apache::TestRequest::module($vhost);
    is GET('/healthz')->code, 200, "$vhost: /healthz 200";
    my $form = GET '/request/new';
    is $form->code, 200, "$vhost: a page using prepared statements (the request form)";
    like $form->content, qr{<select[^>]*name="unit_code"[^>]*>.*?<option value="[^"]+"}s, "$vhost: ... with the units from the database";
}
Apache::TestRequest::module('default');

# ---- ServerTokens, and MAIL02 in a virtual host's log: a private Apache ----------

# conf/httpd-local.conf.in (ServerTokens Prod) through scripts/dev.sh, on free
# ports, without SMTP (its worker would take the test database's mail).
SKIP: {
    my $dev = $ENV{PSERV_DEV};
    skip 'scripts/dev.sh in PSERV_DEV', 6 unless $dev && -x $dev;
    require IO::Socket::INET;
    require LWP::UserAgent;
    my @ports = map {
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                      Listen => 1, ReuseAddr => 1) or die "no free port: $!\n";
        $s->sockport;
    } 1 .. 3;
    my $dir = "$TOP/var/schema-tokens";
    my $ua = LWP::UserAgent->new(max_redirect => 0, timeout => 10);
    my $run = sub {
        my ($extra) = @_;
        local $ENV{SMTP_URL} = 'none';
        local $ENV{PSERV_HTTPD_EXTRA} = $extra;
        my $pid = fork // die "fork: $!\n";
        if (!$pid) {
            open STDOUT, '>', '/dev/null';
            open STDERR, '>', '/dev/null';
            exec $dev, 'httpd_start', 'schema-tokens', $ports[0], 'pserv_test';
            exit 127;
        }
        waitpid $pid, 0;
        my $server = $? == 0 ? $ua->get("http://127.0.0.1:$ports[0]/healthz")->header('Server') : undef;
        system($dev, 'httpd_stop', 'schema-tokens') == 0 or die "httpd_stop failed\n";
        return $server;
    };
    unlink map { "$dir/logs/$_.log" } qw(error vhost-pserv vhost-other);
    my $vhosts = join "\n",
        "Listen 127.0.0.1:$ports[1]",
        "<VirtualHost 127.0.0.1:$ports[1]>",
        "    ErrorLog $dir/logs/vhost-pserv.log",
        "    PservBaseURL http://127.0.0.1:$ports[1]",
        "</VirtualHost>",
        "Listen 127.0.0.1:$ports[2]",
        "<VirtualHost 127.0.0.1:$ports[2]>",
        "    ErrorLog $dir/logs/vhost-other.log",
        "</VirtualHost>";
    is $run->($vhosts) // 'no answer', 'Apache', 'ServerTokens Prod: the Server header is "Apache" alone';
    my $main = eval { slurp("$dir/logs/error.log") } // '';
    like $main, qr{pserv\[MAIL02\]: PservMailSMTP is not set}, 'no SMTP: pserv[MAIL02] in the main error log';
    like eval { slurp("$dir/logs/vhost-pserv.log") } // '', qr{pserv\[MAIL02\]},
        '... and in that of a virtual host that configures P-Serv itself';
    unlike eval { slurp("$dir/logs/vhost-other.log") } // '', qr{pserv\[MAIL02\]},
        '... not in that of a virtual host that does not';
    is scalar(() = $main =~ /pserv\[VER01\]/g), 1, 'one pserv[VER01] line for that start';
    like $run->('ServerTokens Full') // 'no answer', qr{^Apache/\S+ .*\bmod_pserv/\Q$VERSION\E(\s|$)},
        "ServerTokens Full: Apache/... mod_pserv/$VERSION";
}

# ---- changing schema_migrations under the server ---------------------------------

my $NUM = "substring(version FROM '^[0-9]+')::int";
my ($top_version, $top_applied) = @{ (sql("SELECT version, applied_at FROM schema_migrations"
    . " ORDER BY $NUM DESC NULLS LAST, version DESC LIMIT 1"))[0] || [] };
my $AHEAD = sprintf('%03d_schema_t_ahead', $NEED + 1);
my $changed = 0;

sub restore {
    sql("DELETE FROM schema_migrations WHERE version = " . lit($AHEAD));
    sql("INSERT INTO schema_migrations (version, applied_at) VALUES ("
        . lit($top_version) . ", " . lit($top_applied) . ") ON CONFLICT DO NOTHING")
        if defined $top_version;
}
END {
    if ($changed) {
        eval { restore() };
        # every process looks again at its next request
        Time::HiRes::sleep($RECHECK);
    }
}

sub have { sql_value("SELECT coalesce(max($NUM), 0) FROM schema_migrations") }

# The pserv[TAG] lines written since byte $off, by process.
sub lines_by_pid {
    my ($off, $tag) = @_;
    open my $fh, '<', $LOG or die "$LOG: $!\n";
    seek $fh, $off, 0;
    my %n;
    while (my $line = <$fh>) {
        next unless $line =~ /pserv\[\Q$tag\E\]/;
        my ($pid) = $line =~ /\[pid (\d+)/;
        push @{ $n{$pid // '?'} }, $line;
    }
    return \%n;
}

my $browser = new_browser();
my $admin = login('admin', DEMO_PASSWORD);
is $admin->code, 303, 'the administrator logs in while the schema is right';
my $jar = jar();

# Every page of a wrong schema: healthz's answer, then the pages.
sub wrong_schema {
    my ($what, $have, $advice) = @_;
    my $hz = GET '/healthz';
    is $hz->code, 503, "$what: /healthz 503";
    is $hz->content, "schema $have, need $NEED: $advice\n", "$what: /healthz says why";

    new_browser();
    for my $path ('/', '/login', '/request/new', '/status/abc') {
        my $p = GET $path;
        is $p->code, 503, "$what: $path 503";
        like $p->content, qr{P-Serv sedang dalam pemeliharaan}, "$what: ... the maintenance page";
    }
    is POST('/login', content => [username => 'admin', password => 'x'])->code, 503,
        "$what: a form sent (POST /login) 503";
    my $p = GET '/';
    like $p->content, qr{<html[^>]* lang="id"}, "$what: ... in the P-Serv look (layout, lang id)";
    like $p->content, qr{href="/static/pserv\.css"}, "$what: ... with its stylesheet";
    is $p->header('Retry-After'), '60', "$what: ... Retry-After: 60";
    $p = GET '/', 'Accept-Language' => 'en';
    like $p->content, qr{<h1[^>]*>Down for Maintenance</h1>}, "$what: ... in English for an English reader";

    use_jar($jar);
    $p = GET '/home';
    is $p->code, 503, "$what: a page behind login, with a session: 503";
    like $p->content, qr{P-Serv sedang dalam pemeliharaan}, "$what: ... the maintenance page";
    $p = GET '/api/v1/me';
    is $p->code, 503, "$what: the JSON API: 503";
    like $p->header('Content-Type') // '', qr{^application/json}, "$what: ... in JSON";

    new_browser();
    is GET('/static/pserv.css')->code, 200, "$what: static files are still served";
}

# Behind: a migration missing.
SKIP: {
    skip 'schema_migrations has no numbered row', 23 unless defined $top_version;
    my $off = -s $LOG;
    $changed = 1;
    sql("DELETE FROM schema_migrations WHERE version = " . lit($top_version));
    my $have = have();
    Time::HiRes::sleep($RECHECK);
    wrong_schema('behind', $have, 'run pserv-admin migrate');
    my $by_pid = lines_by_pid($off, 'SCH01');
    ok scalar(keys %$by_pid) >= 1, 'behind: pserv[SCH01] in the error log';
    is join(',', grep { @{ $by_pid->{$_} } != 1 } sort keys %$by_pid), '',
        'behind: ... once per process, not per request';
    like(((values %$by_pid)[0] || [])->[0] // "", qr{schema $have, need $NEED: run pserv-admin migrate},
         'behind: ... with the advice');

    restore();
    $off = -s $LOG;
    Time::HiRes::sleep($RECHECK);
    is GET('/healthz')->code, 200, 'behind, migrated: /healthz 200 without a restart';
}
is GET('/')->code, 200, 'and the pages are back';
use_jar($jar);
is GET('/home')->code, 200, '... the session too';

# Ahead: a migration this build does not know (its package was rolled back).
{
    my $off = -s $LOG;
    my $off0 = $off;
    $changed = 1;
    sql("INSERT INTO schema_migrations (version) VALUES (" . lit($AHEAD) . ")");
    Time::HiRes::sleep($RECHECK);
    my $n = $NEED + 1;
    wrong_schema('ahead', $n, sprintf('the database is newer than this mod_pserv %s;'
        . ' install the mod_pserv release that applied migration %03d, or a later one',
        $VERSION, $n));
    my $by_pid = lines_by_pid($off, 'SCH02');
    ok scalar(keys %$by_pid) >= 1, 'ahead: pserv[SCH02] in the error log';
    is join(',', grep { @{ $by_pid->{$_} } != 1 } sort keys %$by_pid), '',
        'ahead: ... once per process, not per request';

    $off = -s $LOG;
    restore();
    Time::HiRes::sleep($RECHECK);
    is GET('/healthz')->code, 200, 'ahead, row removed: /healthz 200 without a restart';
    new_browser();
    is GET('/')->code, 200, 'ahead, row removed: the login page is back';
    # Said by each process that had said SCH02 and has looked again (a
    # process started since never saw the wrong schema: it says nothing).
    my $back = lines_by_pid($off, 'SCH03');
    # Every SCH02 since the row went in: a process (the mail worker's, which
    # looks every second) may first have seen it after the count above.
    my $said = lines_by_pid($off0, 'SCH02');
    is join(',', grep { !$said->{$_} || @{ $back->{$_} } != 1 } sort keys %$back), '',
        'pserv[SCH03] (pages served again): once, by a process that had said SCH02';
}
