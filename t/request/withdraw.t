# Batalkan Permohonan on Status Permintaan (issue 18, section 2): until
# the ICT Executor has acted (any waiting stage, or returned for revision)
# the requester withdraws the request through the status link alone, with
# an optional reason and a confirmation (the dialog with JavaScript, a page
# of its own without). The status becomes Cancelled, whoever it was waiting
# on is mailed, the Activity Log shows it. After completion, a reject or a
# cancellation it is refused with a clear message and nothing changes; so
# is a POST without the CSRF token, or from a page older than the ticket.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 53, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $AGUS = 'agus.salim@ptpr.example';
my $MAYA = 'maya.puspitasari@ptpr.example';

sub status_token {
    my ($id) = @_;
    my $token;
    for my $mail (outbox($id)) {
        next unless $mail->[0] eq $AGUS;
        $token = $1 while $mail->[2] =~ m{/status/([A-Za-z0-9_-]{20,})}g;
    }
    return $token;
}

sub mails_to { my ($id, $to, $prefix) = @_; return grep { $_->[0] eq $to && index($_->[1], $prefix) == 0 } outbox($id) }

# The Batalkan Permohonan form of the status page, as the browser would
# post it: (csrf, status, reason, decision, confirm). %o overrides.
sub withdraw {
    my ($token, %o) = @_;
    as_public();
    my $page = GET("/status/$token")->content;
    my $form = form_block($page, qr{class="decide-form"});
    my %f = (csrf => csrf_of($page) // csrf_of(GET('/login')->content), status => $form ? input_value($form, 'status') : undef,
             reason => "Tidak jadi $m", confirm => 1, %o);
    my @pairs = map { defined $f{$_} ? ($_ => $f{$_}) : () } qw(csrf status reason confirm);
    return POST("/status/$token", content => \@pairs);
}

# ---- at the Atasan, the way a browser without JavaScript does ----------------------------
my $t = create_ticket(ho_spec($m));
my ($id, $nomor) = @$t{qw(id nomor)};
my $token = status_token($id);
as_public();
my $page = GET("/status/$token")->content;
my $form = form_block($page, qr{class="decide-form"}) // '';
like $form, qr{<form class="decide-form" method="post" data-dialog}, 'Status Permintaan has the Batalkan Permohonan form, posting to its own URL';
ok index($page, $token) < 0, '... the page does not hold the token';
like $form, qr{>\s*Batalkan Permohonan\s*</button>}, '... its button';
like $form, qr{name="reason"}, '... an optional reason';
like $page, qr{data-yes-cancel="Ya, Batalkan Permohonan Ini"}, '... and the dialog with JavaScript';

my $before = snapshot($id);
my $r = withdraw($token, confirm => undef);
is $r->code, 200, 'without confirm: 200';
like $r->content, qr{>\s*Ya, Batalkan Permohonan Ini\s*</button>}, '... the confirmation page';
like $r->content, qr/Tidak jadi \Q$m\E/, '... showing the reason';
is snapshot($id), $before, '... nothing changed yet';
ok index($r->content, $token) < 0, '... which does not hold the token';
my $confirm = form_block($r->content, qr{class="confirm-form"}) // '';
$r = POST("/status/$token", content => [ form_pairs($confirm) ]);
is $r->code, 303, 'its Ya, Batalkan Permohonan Ini: 303';
is location($r), "/status/$token?done=cancel", '... back to the status page';
is req_status($id), 'cancelled', '... Cancelled';
is_deeply [ @{ (activity($id))[-1] }[0 .. 3] ], [ 'Agus Salim', 'Pemohon', 'Cancelled', "Tidak jadi $m" ],
    '... Activity Log: Cancelled by the requester, with the reason';
my @told = mails_to($id, $MAYA, "[P-Serv] Permohonan User ID $nomor dibatalkan oleh pemohon");
is scalar(@told), 1, '... the Atasan it waited on is told';
like $told[0][2] // '', qr/sebagai Atasan Pemohon.*Tidak jadi \Q$m\E/s, '... as what, and why';
is scalar(mails_to($id, $AGUS, "[P-Serv] Permohonan User ID $nomor telah dibatalkan")), 1, '... and the requester';
$page = GET("/status/$token?done=cancel")->content;
like $page, qr/Permohonan telah dibatalkan\./, 'the status page says so';
like $page, qr/>Cancelled</, '... status Cancelled';
unlike $page, qr{class="decide-form"}, '... with no Batalkan Permohonan any more';
as_user('maya.puspitasari');
unlike ticket_page($id)->content, qr{class="decide-form"}, 'the Atasan has no panel any more';

$before = snapshot($id);
$r = withdraw($token, status => 'cancelled');
is $r->code, 409, 'withdrawn twice: 409';
like $r->content, qr/tidak dapat dibatalkan: statusnya sudah Cancelled/, '... saying why';
is snapshot($id), $before, '... nothing changed';

# ---- at each ICT stage, and returned: whoever it waits on is told ---------------------------
my %by = (verificator => [ 'maya.puspitasari' ],
          manager     => [ 'maya.puspitasari', 'rina.wulandari' ],
          executor    => [ 'maya.puspitasari', 'rina.wulandari', 'bambang.sutrisno' ]);
my %role = (verificator => 'ict_verificator', manager => 'ict_manager', executor => 'ict_executor');
for my $stage (qw(verificator manager executor)) {
    my $x = create_ticket(ho_spec($m, note => "Di $stage $m"));
    decide_to($_, $x->{id}) for @{ $by{$stage} };
    is req_status($x->{id}), $stage, "at $stage";
    $r = withdraw(status_token($x->{id}), reason => '');
    is $r->code, 303, "... withdrawn without a reason: 303";
    is req_status($x->{id}), 'cancelled', '... Cancelled';
    my @to = sort map { $_->[0] } grep { index($_->[1], "[P-Serv] Permohonan User ID $x->{nomor} dibatalkan oleh pemohon") == 0 } outbox($x->{id});
    is_deeply \@to, [ sort(role_emails($role{$stage})) ], "... every \u$stage holder told";
}

my $ret = create_ticket(ho_spec($m, note => "Dikembalikan $m"));
as_user('maya.puspitasari');
decide($ret->{id}, decision => 'return', reason => "Perbaiki $m");
is req_status($ret->{id}), 'returned', 'a returned ticket';
$r = withdraw(status_token($ret->{id}));
is $r->code, 303, '... withdrawn: 303';
is req_status($ret->{id}), 'cancelled', '... Cancelled';
is_deeply [ @{ (activity($ret->{id}))[-1] }[2, 3] ], [ 'Cancelled', "Tidak jadi $m" ], '... in the Activity Log';

# ---- refused: completed, rejected, stale page, no CSRF ------------------------------------
my $done = create_ticket(ho_spec($m, note => "Selesai $m"));
decide_to($_, $done->{id}) for qw(maya.puspitasari rina.wulandari bambang.sutrisno);
decide_to('dedi.kurniawan', $done->{id}, user_id => "agus.w.$m");
is req_status($done->{id}), 'completed', 'a completed ticket';
as_public();
unlike GET('/status/' . status_token($done->{id}))->content, qr{class="decide-form"}, '... has no Batalkan Permohonan';
$before = snapshot($done->{id});
$r = withdraw(status_token($done->{id}), status => 'completed');
is $r->code, 409, '... a withdrawal anyway: 409';
like $r->content, qr/tidak dapat dibatalkan: statusnya sudah Completed\. Pembatalan hanya dapat dilakukan sebelum ICT Executor memproses permohonan\./,
    '... saying why';
is snapshot($done->{id}), $before, '... nothing changed';

my $rej = create_ticket(ho_spec($m, note => "Ditolak $m"));
as_user('maya.puspitasari');
decide($rej->{id}, decision => 'reject', reason => "Tidak perlu $m");
$r = withdraw(status_token($rej->{id}), status => 'rejected');
is $r->code, 409, 'a rejected ticket: 409';
like $r->content, qr/statusnya sudah Rejected/, '... saying why';

my $stale = create_ticket(ho_spec($m, note => "Basi $m"));
my $st = status_token($stale->{id});
decide_to('maya.puspitasari', $stale->{id});
$before = snapshot($stale->{id});
$r = withdraw($st, status => 'atasan');
is $r->code, 409, 'from a page that still showed the Atasan\'s stage: 409';
like $r->content, qr/berubah sejak halaman dibuka \(kini: Waiting for Approval ICT Verificator\)/, '... saying it moved on';
is snapshot($stale->{id}), $before, '... nothing changed';
$r = withdraw($st, csrf => undef);
is $r->code, 403, 'without the CSRF token: 403';
is req_status($stale->{id}), 'verificator', '... nothing changed';
is withdraw('A' x 43)->code, 404, 'an unknown link: 404';
