# The requester's own status page, GET /status/TOKEN: the mail the
# requester gets on submit (read from the SMTP sink's Maildir) carries the
# link; the page needs no login and shows the Nomor, the status (its exact
# text), Jenis User ID, the platforms and Progres Persetujuan (each stage's
# state and date, never who decided or why, but the reason of a reject).
# Only the token's SHA-256 is stored. An unknown and a malformed token get
# the same 404 page. The token never reaches a line a production server
# logs (Referrer-Policy: strict-origin; a Referer naming a status link is
# redacted on arrival; the audit line names the ticket).
#
# Needs the SMTP sink of make test-apache (PSERV_VAR/mail-test, like
# t/mail/outbox.t).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA ();
use File::Spec ();
use MIME::QuotedPrint ();
use Time::HiRes ();

my $VAR = $ENV{PSERV_VAR};
my $MAILDIR = defined $VAR ? "$VAR/mail-test" : undef;

plan tests => 67, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok },
    { 'PSERV_VAR is set and has the sink\'s Maildir (make test-apache)' =>
          sub { $MAILDIR && -d $MAILDIR } };

my $m = unique();
my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log');
my $START = -s $LOG // 0;
my $INVALID = qr/Link status permintaan ini tidak valid/;
my %PLATFORM = map { $_->[0] => $_->[1] } sql("SELECT code, name FROM platforms");

# ---- the mail ---------------------------------------------------------------------

# The status link in the mail to $to whose text names $nomor, read from the
# sink's Maildir (quoted-printable undone), waiting up to 30 s for the
# worker to deliver it. (token, whole decoded message) or ().
sub mailed_link {
    my ($to, $nomor) = @_;
    for my $try (1 .. 300) {
        for my $dir ("$MAILDIR/new", "$MAILDIR/cur") {
            opendir my $dh, $dir or next;
            for my $f (grep { !/^\./ } readdir $dh) {
                open my $fh, '<:raw', "$dir/$f" or next;
                my $raw = do { local $/; <$fh> };
                $raw =~ s/\r\n/\n/g;
                my ($head, $body) = split /\n\n/, $raw, 2;
                next unless $head =~ /^To:.*\Q$to\E/mi;
                my $text = MIME::QuotedPrint::decode_qp($body // '');
                next unless index($text, $nomor) >= 0;
                return ($1, $text) if $text =~ m{/status/([A-Za-z0-9_-]+)};
            }
        }
        Time::HiRes::sleep(0.1);
    }
    return ();
}

# ---- the page ---------------------------------------------------------------------

sub status_page { GET("/status/$_[0]", @_[1 .. $#_]) }

# The stages of Progres Persetujuan: [label, state class, state text].
sub steps {
    my ($html) = @_;
    my @s;
    while ($html =~ m{<li class="step step-(\w+)"[^>]*>(.*?)</li>}gs) {
        my ($state, $li) = ($1, $2);
        push @s, [ tag_text($li, qr{<span class="step-label">(.*?)</span>}s), $state,
                   tag_text($li, qr{<span class="step-state">(.*?)</span>}s) ];
    }
    return @s;
}

sub dd_of {
    my ($html, $dt) = @_;
    return tag_text($html, qr{<dt>\Q$dt\E</dt>\s*<dd[^>]*>(.*?)</dd>}s);
}

# ---- the log -----------------------------------------------------------------------

sub log_from {
    my ($off) = @_;
    open my $fh, '<', $LOG or die "$LOG: $!\n";
    seek $fh, $off, 0;
    local $/;
    return scalar(<$fh>) // '';
}

# What a production server writes (as t/audit/audit.t): emerg to info from
# any module, and every line of mod_pserv's own. Under Apache::Test the
# core also logs at trace, request lines and headers included.
sub served {
    join "\n", grep { /\[[\w.]+:(?:emerg|alert|crit|error|warn|notice|info)\]/ || /\[pserv:/ }
        split /\n/, $_[0];
}

# The audit lines since $off holding every one of @want, waiting up to 5 s.
sub audit_lines {
    my ($off, @want) = @_;
    for my $try (1 .. 50) {
        my @hits = grep { my $l = $_; !grep { index($l, $_) < 0 } @want }
                   grep { /pserv\[AUD01\]/ } split /\n/, log_from($off);
        return @hits if @hits;
        Time::HiRes::sleep(0.1);
    }
    return ();
}

# ---- submit: the link in the mail ------------------------------------------------------
my $t = create_ticket(unit_spec($m, full_name => "Status Unit $m"));
my ($token, $mail) = mailed_link("unit.$m\@unit.example", $t->{nomor});
ok defined $token, 'the requester\'s mail (from the SMTP sink) carries a /status/ link';
$token //= '';
like $token, qr/^[A-Za-z0-9_-]{43}$/, '... with a 256-bit token (43 base64url characters)';
like $mail, qr{http://[^/\s]+/status/\Q$token\E}, '... under PservBaseURL';
is sql_value("SELECT encode(status_token, 'hex') FROM requests WHERE id = $t->{id}"),
    Digest::SHA::sha256_hex($token), 'the ticket keeps the token\'s SHA-256';
is sql_value("SELECT count(*) FROM requests WHERE id = $t->{id} AND (position("
             . lit($token) . " IN row(requests.*)::text) > 0)"), 0,
    '... and not the token itself';

# ---- the page, before any decision ---------------------------------------------------------
new_browser();
my $off = -s $LOG;
my $r = status_page($token);
is $r->code, 200, 'the link opens the page without a login';
my $html = $r->content;
like $html, qr{<h1[^>]*>Status Permintaan</h1>}, '... titled Status Permintaan';
is dd_of($html, 'Nomor'), $t->{nomor}, '... the Nomor';
is dd_of($html, 'Status'), 'Waiting for Approval Atasan Pemohon', '... the status, exactly';
is dd_of($html, 'Jenis User ID'), 'User ID Unit', '... Jenis User ID';
my @names = map { tag_text($_, qr{(.*)}s) } $html =~ m{<span class="ticket-platform-name">(.*?)</span>}g;
is_deeply [ sort @names ], [ sort @PLATFORM{qw(SAP EMAIL)} ], '... the platforms asked for';
unlike $html, qr/Akses SAP untuk \Q$m\E|Catatan pemohon \Q$m\E/, '... but not the notes';
unlike $html, qr/Siti Rahayu|unit\.\Q$m\E\@/, '... nor the Atasan or the e-mail address';
is_deeply [ steps($html) ],
    [ [ 'Atasan Pemohon', 'current', 'Sedang menunggu' ], [ 'ICT Verificator', 'pending', 'Belum' ],
      [ 'ICT Manager', 'pending', 'Belum' ], [ 'ICT Executor', 'pending', 'Belum' ],
      [ 'Selesai', 'pending', 'Belum' ] ],
    '... Progres Persetujuan: waiting for the Atasan';
ok index($html, $token) < 0, '... which does not hold the token itself';
is $r->header('Referrer-Policy'), 'strict-origin', '... Referrer-Policy: strict-origin';
is $r->header('Cache-Control'), 'no-store', '... Cache-Control: no-store';
my ($view) = audit_lines($off, 'event=status.view', "ticket=$t->{id} ");
ok $view, 'the view is one audit line naming the ticket'
    or diag join("\n", grep { /AUD01/ } split /\n/, log_from($off));
$view //= '';
like $view, qr/ nomor=\Q$t->{nomor}\E/, '... and its Nomor';
like $view, qr{ req="GET /status/\[redacted\]"}, '... the path with the token redacted';

# ---- after the Atasan's approval -------------------------------------------------------------
decide_to('siti.rahayu', $t->{id}, reason => "Setuju status $m");
$html = status_page($token)->content;
is dd_of($html, 'Status'), 'Waiting for Approval ICT Verificator', 'approved by the Atasan: the new status';
my @s = steps($html);
is_deeply [ map { [ @$_[0, 1] ] } @s ],
    [ [ 'Atasan Pemohon', 'done' ], [ 'ICT Verificator', 'current' ], [ 'ICT Manager', 'pending' ],
      [ 'ICT Executor', 'pending' ], [ 'Selesai', 'pending' ] ],
    '... Atasan Pemohon done, ICT Verificator waiting';
like $s[0][2], qr/^Selesai — \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB$/, '... the Atasan\'s stage with its date only';
unlike $html, qr/Siti Rahayu|siti\.rahayu|Setuju status/, '... not who approved, nor the reason';

decide_to('rina.wulandari', $t->{id});
decide_to('bambang.sutrisno', $t->{id});
$html = status_page($token)->content;
is dd_of($html, 'Status'), 'Waiting for ICT Executor', 'two approvals more: Waiting for ICT Executor';
is_deeply [ map { $_->[1] } steps($html) ], [ qw(done done done current pending) ],
    '... three stages done, the Executor waiting';
unlike $html, qr/Rina Wulandari|Bambang Sutrisno/, '... no approver named';
decide_to('dedi.kurniawan', $t->{id}, reason => "Dibuat $m", user_id => "st.$m");
$html = status_page($token)->content;
is dd_of($html, 'Status'), 'Completed', 'confirmed by the Executor: Completed';
is_deeply [ map { $_->[1] } steps($html) ], [ qw(done done done done done) ], '... every stage done';
unlike $html, qr/Dedi Kurniawan/, '... the Executor not named';
is status_page($token)->code, 200, 'the link still works once the ticket is completed';

# ---- a reject -------------------------------------------------------------------------------
my $t2 = create_ticket(unit_spec($m, full_name => "Status Tolak $m", email => "tolak.$m\@unit.example"));
my ($token2) = mailed_link("tolak.$m\@unit.example", $t2->{nomor});
ok defined $token2, 'the second ticket\'s mail has its own link';
$token2 //= '';
isnt $token2, $token, '... with another token';
decide_to('siti.rahayu', $t2->{id});
as_user('rina.wulandari');
$r = decide($t2->{id}, decision => 'reject', reason => "Dokumen pendukung kurang $m");
is $r->code, 303, 'the ICT Verificator rejects it';
new_browser();
$html = status_page($token2)->content;
is dd_of($html, 'Nomor'), $t2->{nomor}, 'its page: its own Nomor';
is dd_of($html, 'Status'), 'Rejected', '... Rejected';
my $notice = tag_text($html, qr{<div class="notice notice-error[^"]*"[^>]*>(.*?)</div>}s) // '';
like $notice, qr/Permohonan ditolak pada tahap ICT Verificator/, '... says at which stage';
like $notice, qr/Alasan: Dokumen pendukung kurang \Q$m\E/, '... and why';
is_deeply [ map { [ @$_[0, 1] ] } steps($html) ],
    [ [ 'Atasan Pemohon', 'done' ], [ 'ICT Verificator', 'rejected' ], [ 'ICT Manager', 'skipped' ],
      [ 'ICT Executor', 'skipped' ], [ 'Selesai', 'skipped' ] ],
    '... Progres Persetujuan: rejected at the ICT Verificator, the rest not continued';
like((steps($html))[1][2], qr/^Ditolak — \d{1,2} \w+ \d{4} \d{2}\.\d{2} WIB$/, '... with the date of the reject');
unlike $html, qr/Rina Wulandari|Siti Rahayu/, '... no approver named';

# ---- links that are not valid ------------------------------------------------------------------
my $unknown = substr(Digest::SHA::sha256_base64("unknown $m"), 0, 43);
$unknown =~ tr{+/}{-_};
my %bad = (
    'an unknown token'              => $unknown,
    'a token one character short'   => substr($token, 1),
    'a token one character longer'  => $token . 'A',
    'a token with a character outside base64url' => substr($token, 1) . '.',
    'no token'                      => '',
    'a token with more path'        => "$token/x",
);
my %body;
for my $what (sort keys %bad) {
    $r = status_page($bad{$what});
    is $r->code, 404, "$what: 404";
    like $r->content, $INVALID, "$what: says the link is not valid";
    $body{$what} = $r->content;
}
is scalar(keys %{{ map { $_ => 1 } values %body }}), 1, 'every invalid link gets the very same page';
unlike $body{'an unknown token'}, qr/\Q$t->{nomor}\E|\Q$t2->{nomor}\E/, '... which names no ticket';
is POST("/status/$token", content => [ x => 1 ])->code, 403, 'POST to a status link without the CSRF token (Batalkan Permohonan, t/request/withdraw.t): 403';
is status_page($token)->code, 200, 'the right link still works after all that';

# ---- the token stays out of the logs --------------------------------------------------------------
# A browser that ignores the page's Referrer-Policy sends the link as
# Referer with the next request; a refused login writes an audit line, to
# which httpd appends the Referer.
new_browser();
$off = -s $LOG;
my $referer = abs_url("/status/$token");
$r = POST('/login', content => [ csrf => 'wrong', username => "status.$m", password => 'x' ],
          Referer => $referer, Origin => own_origin());
is $r->code, 403, 'a request with the status link as Referer: 403 (a login without the CSRF token)';
my ($denied) = audit_lines($off, 'event=forbidden', 'req="POST /login"');
ok $denied, '... its audit line';
$denied //= '';
like $denied, qr{referer: http://[^/\s]+/status/\[redacted\]}, '... with the Referer\'s token redacted';
GET('/static/pserv.css', Referer => $referer);
is status_page($token, Referer => $referer)->code, 200, 'the page itself with its own link as Referer: 200';

Time::HiRes::sleep(0.5);
my $all = served(log_from($START));
ok length($all) > 0, 'the error log has lines from this test';
for my $tk ([ 'first', $token ], [ 'second', $token2 ]) {
    ok index($all, $tk->[1]) < 0, "the error log never holds the $tk->[0] token";
}
ok index($all, Digest::SHA::sha256_hex($token)) < 0, '... nor its hash';
my @views = grep { /event=status\.view/ } split /\n/, $all;
ok @views >= 8, scalar(@views) . ' status views logged';
ok !(grep { !/ req="GET \/status\/\[redacted\]"/ } @views), '... each with the token redacted from req';
