# The access log: conf/pserv.conf ships one LogFormat, "pserv", which the
# package's sites (conf/pserv-site.conf, conf/pserv-ssl-vhost.conf.example)
# and the README use. It logs the request as "METHOD PATH PROTOCOL" where
# PATH is %{pserv-path}n, a note mod_pserv sets after the response
# (audit.c): the path without the query string (a set-password link carries
# its token there), whatever follows /status/ and any token-shaped segment
# as [redacted]; and the Referer as %{pserv-referer}n, cut before its query
# string. So a run's access log holds no token, whatever was requested.
# The test server logs in that format (t/conf/extra.conf.in: CustomLog
# logs/pserv_access_log pserv), so this reads what the shipped sites write.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA ();
use File::Spec ();
use MIME::Base64 ();
use Time::HiRes ();

plan tests => 29, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $ROOT = File::Spec->catdir(Apache::Test::vars('serverroot'), '..');
my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'pserv_access_log');

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!\n";
    local $/;
    return scalar <$fh>;
}
sub new_token { my $t = MIME::Base64::encode_base64url(join '', map { chr int rand 256 } 1 .. 32); return $t }
# The access log written since $off; waits a moment for $n lines.
sub log_since {
    my ($off, $n) = @_;
    my $text = '';
    for (1 .. 50) {
        $text = -e $LOG ? substr(slurp($LOG), $off) : '';
        last if ($text =~ tr/\n//) >= $n;
        Time::HiRes::sleep(0.1);
    }
    return $text;
}

# ---- the shipped configuration ---------------------------------------------------------
my $pserv_conf = slurp("$ROOT/conf/pserv.conf");
my @formats = $pserv_conf =~ /^\s*LogFormat\s+(".*")\s+pserv\s*$/mg;
is scalar(@formats), 1, 'conf/pserv.conf defines one LogFormat "pserv"';
my $fmt = $formats[0] // '';
like $fmt, qr/\\"%m %\{pserv-path\}n %H\\"/, "... the request as \"%m %{pserv-path}n %H\": $fmt";
like $fmt, qr/\\"%\{pserv-referer\}n\\"/, '... the Referer as %{pserv-referer}n';
unlike $fmt, qr/%(?:[<>]?r|[<>]?U|[<>]?q|\{Referer\}i)/, '... never %r, %U, %q or %{Referer}i';
for my $site ('conf/pserv-site.conf', 'conf/pserv-ssl-vhost.conf.example') {
    my $text = slurp("$ROOT/$site");
    like $text, qr{^\s*CustomLog\s+\S+/pserv-access\.log\s+pserv\s*$}m, "$site: CustomLog ... pserv";
    unlike $text, qr/^\s*LogFormat\b/m, '... and no LogFormat of its own';
}
my $readme = slurp("$ROOT/README.md");
my ($audit) = $readme =~ /^### The audit log\n(.*?)^##/ms;
unlike $audit // '', qr/^\s*LogFormat .*%(?:r|U|q)\b/m, 'README, the audit log: no LogFormat with %r, %U or %q';
like $audit // '', qr/^CustomLog \S+ pserv$/m, '... its example logs with the shipped "pserv" format';
my $local = slurp("$ROOT/conf/httpd-local.conf.in");
unlike $local, qr/^\s*LogFormat .*%(?:[<>]?r|[<>]?U|[<>]?q)\b/m, 'conf/httpd-local.conf.in: no %r, %U or %q either';
like $local, qr/^\s*LogFormat .*%m %\{pserv-path\}n %H/m, '... the path as %{pserv-path}n';

# ---- a run: a status link, a set-password link, their Referers --------------------------
# A ticket whose status link we know (only the SHA-256 is stored), and a
# set-password link for an account that is not used otherwise.
as_public(fresh => 1);
my $t = create_ticket(unit_spec($m, full_name => "Uji Log $m"));
my $status = new_token();
sql("UPDATE requests SET status_token = decode(" . lit(Digest::SHA::sha256_hex($status))
    . ", 'hex') WHERE id = $t->{id}");
my $link = new_token();
my $acct = sql_value("SELECT id FROM accounts WHERE username = 'hendra.gunawan'");
sql("INSERT INTO one_time_tokens (token_hash, purpose, account_id, expires_at) VALUES (decode("
    . lit(Digest::SHA::sha256_hex($link)) . ", 'hex'), 'set_password', $acct, now() + interval '1 hour')");
END { eval { sql("DELETE FROM one_time_tokens WHERE token_hash = decode("
                 . lit(Digest::SHA::sha256_hex($link)) . ", 'hex')") } if db_ok() }
my $fake = new_token();
my $origin = own_origin();

my $off = -e $LOG ? -s $LOG : 0;
my @req = (
    [ "/status/$status", 200, [] ],
    [ "/status/${fake}x", 404, [] ],
    [ "/password/set?token=$link", 200, [] ],
    [ "/static/pserv.css", 200, [ Referer => "$origin/password/set?token=$link" ] ],
    [ "/static/pserv.css?v=$m", 200, [ Referer => "$origin/status/$status" ] ],
    [ "/requests/$fake", 303, [] ],
    [ "/login?next=%2Frequests%3Fq%3D$m", 200, [] ],
);
for (@req) {
    my ($path, $code, $h) = @$_;
    is GET($path, @$h)->code, $code, "GET $path: $code";
}
my $text = log_since($off, scalar @req);
my @lines = split /\n/, $text;
is scalar(@lines), scalar(@req), 'one access-log line for each request';
# %h %l %u %t "%m %{pserv-path}n %H" %>s %O "%{pserv-referer}n" "%{User-Agent}i" %L
my @got = map { [ /^\S+ \S+ \S+ \[[^]]+\] "([^"]*)" (\d{3}) \d+ "([^"]*)" "[^"]*" \S+$/ ] } @lines;
# The lines in any order: each is written after its answer, so the next
# request (another thread, another child) may be logged first.
my @want_path = ('GET /status/[redacted] HTTP/1.1', 'GET /status/[redacted] HTTP/1.1', 'GET /password/set HTTP/1.1',
    'GET /static/pserv.css HTTP/1.1', 'GET /static/pserv.css HTTP/1.1', 'GET /requests/[redacted] HTTP/1.1',
    'GET /login HTTP/1.1');
my @want_ref = ('-', '-', '-', "$origin/password/set", "$origin/status/[redacted]", '-', '-');
my @want_code = map { $_->[1] } @req;
is_deeply [ sort map { $_->[0] } @got ], [ sort @want_path ],
    'the requests: the path only, the status token and a token-shaped segment [redacted]';
is_deeply [ sort map { "$_->[0] $_->[1]" } @got ], [ sort map { "$want_path[$_] $want_code[$_]" } 0 .. $#req ],
    '... with their statuses';
is_deeply [ sort map { "$_->[0] $_->[1] $_->[2]" } @got ],
    [ sort map { "$want_path[$_] $want_code[$_] $want_ref[$_]" } 0 .. $#req ],
    '... and the Referers without their query string, a status link redacted';
for my $secret ($status, $link, $fake, substr($status, 0, 20), substr($link, 0, 20)) {
    unlike $text, qr/\Q$secret\E/, 'no token (or a part of one) in the access log: ' . substr($secret, 0, 6) . '...';
}
unlike $text, qr/\?|token=|\Q$m\E/, '... nor a query string';
