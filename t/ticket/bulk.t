# Approve Terpilih / Reject Terpilih (issue 18 section 4): an ICT
# Verificator or ICT Manager ticks rows of their own stage on the list and
# decides them in one go with one reason. POST /requests/bulk shows a
# confirmation listing the Nomors; with confirm=1 each ticket is decided on
# its own through the ticket page's path (decide.c: its own transaction,
# Activity Log line, mail, audit line with channel=bulk), and the result
# page says per ticket what happened: decided, or why not (moved on,
# separation of duties, not at the stage). More than 50 are refused, the
# reason is required, CSRF holds, and nothing changes on a refusal.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(here audit_lines);
use HTML::Entities ();

plan tests => 76, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $RINA_MAIL = 'rina.wulandari@ptpr.example';

# POST /requests/bulk in the current browser: ids, %f (status, decision,
# reason, confirm, csrf: as decide() in Pserv::Test; undef leaves it out).
sub bulk {
    my ($ids, %f) = @_;
    my $csrf = exists $f{csrf} ? $f{csrf} : page_csrf();
    my @form;
    push @form, csrf => $csrf if defined $csrf;
    push @form, status => (exists $f{status} ? $f{status} : 'verificator');
    push @form, decision => (exists $f{decision} ? $f{decision} : 'approve');
    push @form, reason => $f{reason} if defined $f{reason};
    push @form, id => $_ for @$ids;
    push @form, confirm => $f{confirm} if defined $f{confirm};
    return POST('/requests/bulk', content => \@form);
}
sub text_of { my $t = $_[0]; $t =~ s/<[^>]*>//g; $t = HTML::Entities::decode_entities($t); $t =~ s/\s+/ /g; $t }
# The result page's line for $nomor.
sub outcome {
    my ($html, $nomor) = @_;
    return $html =~ m{<li class="bulk-result[^"]*">\s*<strong[^>]*>\Q$nomor\E</strong>(.*?)</li>}s
        ? text_of($1) : '';
}

# ---- the tickets ---------------------------------------------------------------------------
# A, B: at the Verificator stage, decidable; C: moved on meanwhile (Rina
# approves it on its page first); D: Rina's own request (separation of
# duties); E: still at the Atasan stage.
my %t;
for my $k (qw(A B C E)) {
    $t{$k} = create_ticket(unit_spec($m . lc $k, full_name => "Uji Massal $k"));
}
$t{D} = create_ticket(unit_spec($m . 'd', full_name => 'Rina Wulandari', email => $RINA_MAIL));
decide_to('siti.rahayu', $t{$_}{id}) for qw(A B C D);
is req_status($t{$_}{id}), 'verificator', "$_ waits on the Verificator" for qw(A B C D);
is req_status($t{E}{id}), 'atasan', 'E waits on the Atasan';
my @ids = map { $t{$_}{id} } qw(A B C D E);

# ---- the list ------------------------------------------------------------------------------
as_user('rina.wulandari');
my $list = list_page('status=verificator&size=100');
like $list->{html}, qr{<form class="bulk-form"[^>]*action="/requests/bulk"}, 'the Verificator at her stage: the bulk form';
like $list->{html}, qr{<input type="checkbox" name="id" value="$t{A}{id}"}, '... a checkbox on the row';
like $list->{html}, qr{>Approve Terpilih</button>}, '... Approve Terpilih';
like $list->{html}, qr{>Reject Terpilih</button>}, '... Reject Terpilih';
unlike list_page('status=atasan')->{html}, qr{bulk-form}, 'the Atasan stage on the list: no bulk form';
unlike list_page('status=manager')->{html}, qr{bulk-form}, 'another ICT stage: no bulk form';
as_user('bambang.sutrisno');
unlike list_page('status=verificator')->{html}, qr{bulk-form}, 'the Manager at the Verificator stage: no bulk form';
as_user('dedi.kurniawan');
unlike list_page('status=executor')->{html}, qr{bulk-form}, 'the Executor: no bulk form (the User ID is typed)';

# C moves on meanwhile: Rina decides it on its own page.
as_user('rina.wulandari');
my $r = decide($t{C}{id}, reason => "Sendiri $m");
is $r->code, 303, 'C approved on its page meanwhile';
my %before = map { $_ => snapshot($t{$_}{id}) } keys %t;
sub unchanged {
    my ($what) = @_;
    is_deeply { map { $_ => snapshot($t{$_}{id}) } keys %t }, \%before, "$what: nothing changed";
}

# ---- refusals that decide nothing --------------------------------------------------------
$r = bulk(\@ids, reason => "Massal $m", confirm => 1, csrf => undef);
is $r->code, 403, 'without the CSRF token: 403';
unchanged('without CSRF');
$r = bulk(\@ids, reason => "Massal $m", confirm => 1, csrf => 'x' x 43);
is $r->code, 403, 'with a wrong CSRF token: 403';

$r = bulk(\@ids, reason => '  ', confirm => 1);
is $r->code, 200, 'a blank reason: 200';
like $r->content, qr/Alasan wajib diisi\./, '... says the reason is required';
like $r->content, qr{<textarea id="bulk-reason"[^>]*aria-invalid="true"}, '... on the field';
like $r->content, qr/\Q$t{A}{nomor}\E.*\Q$t{E}{nomor}\E/s, '... still listing the Nomors';
unchanged('a blank reason');

my @many = (@ids, map { 900000000 + $_ } 1 .. 46);
is scalar(@many), 51, '51 tickets ticked';
my $off = here();
$r = bulk(\@many, reason => "Massal $m", confirm => 1);
is $r->code, 400, 'more than 50: 400';
like $r->content, qr/Paling banyak 50 permohonan sekaligus/, '... saying at most 50';
like $r->content, qr/\(51\)/, '... and how many were ticked';
unchanged('more than 50');
like((audit_lines($off, 'bulk-decision'))[0] // '', qr/result=too-many/, '... an audit line');

$r = bulk([], reason => "Massal $m", confirm => 1);
is $r->code, 400, 'none ticked: 400';
like $r->content, qr/Belum ada permohonan yang dipilih/, '... saying so';

$r = bulk(\@ids, reason => "Massal $m", confirm => 1, status => 'executor');
is $r->code, 400, 'the Executor stage: 400';
$r = bulk(\@ids, reason => "Massal $m", confirm => 1, status => 'atasan');
is $r->code, 400, 'the Atasan stage: 400';
$r = bulk(\@ids, reason => "Massal $m", confirm => 1, decision => 'maybe');
is $r->code, 400, 'not a decision: 400';
$r = bulk(["1x"], reason => "Massal $m", confirm => 1);
is $r->code, 400, 'an id that is not a number: 400';

as_user('siti.rahayu');
$r = bulk(\@ids, reason => "Massal $m", confirm => 1);
is $r->code, 403, 'an Atasan without the Verificator role: 403';
as_user('bambang.sutrisno');
$r = bulk(\@ids, reason => "Massal $m", confirm => 1);
is $r->code, 403, 'the Manager at the Verificator stage: 403';
unchanged('the refused roles');

# ---- the confirmation ------------------------------------------------------------------------
as_user('rina.wulandari');
$r = bulk(\@ids, reason => "Massal $m");
is $r->code, 200, 'Approve Terpilih without confirm: 200';
like $r->content, qr/Anda yakin akan menyetujui 5 permohonan berikut/, '... asking about the five';
like $r->content, qr/\Q$t{$_}{nomor}\E/, "... listing $_" for qw(A B C D E);
like $r->content, qr{>\s*Ya, Approve Terpilih\s*</button>}, '... with Ya, Approve Terpilih';
like $r->content, qr{<input type="hidden" name="confirm" value="1"}, '... posting confirm=1';
unchanged('the confirmation');

# ---- the decisions ---------------------------------------------------------------------------
my %mails = map { $_ => scalar(my @x = outbox($t{$_}{id})) } keys %t;
$off = here();
$r = bulk(\@ids, reason => "Massal $m", confirm => 1);
is $r->code, 200, 'Approve Terpilih confirmed: 200, the result page';
my $html = $r->content;
like $html, qr/2 permohonan disetujui, 3 tidak diproses/, '... 2 approved, 3 not';
like outcome($html, $t{A}{nomor}), qr/Disetujui/, 'A: disetujui';
like outcome($html, $t{B}{nomor}), qr/Disetujui/, 'B: disetujui';
like outcome($html, $t{C}{nomor}), qr/sudah berpindah tahap .*Waiting for Approval ICT Manager/, 'C: moved on';
like outcome($html, $t{D}{nomor}), qr/pemisahan tugas, ini permohonan Anda sendiri/, 'D: separation of duties';
like outcome($html, $t{E}{nomor}), qr/belum sampai tahap ICT Verificator/, 'E: not at the stage';

for my $k (qw(A B)) {
    my $id = $t{$k}{id};
    is req_status($id), 'manager', "$k: now at the ICT Manager";
    is_deeply [ (approvals($id))[-1] ], [ [ 'verificator', 'approve', 'rina.wulandari', "Massal $m" ] ],
        "$k: the Verificator's approval with the one reason";
    my @log = grep { $_->[2] eq 'Approved' && $_->[1] eq 'ICT Verificator' } activity($id);
    is scalar(@log), 1, "$k: its own Activity Log line";
    my @mail = outbox($id);
    my @new = @mail[$mails{$k} .. $#mail];
    is_deeply [ sort map { $_->[0] } @new ], [ sort(role_emails('ict_manager')) ], "$k: its own mail to the ICT Manager";
}
is snapshot($t{$_}{id}), $before{$_}, "$_: unchanged" for qw(C D E);
my @dec = audit_lines($off, 'decision');
for my $k (qw(A B)) {
    is scalar(grep { /nomor=\Q$t{$k}{nomor}\E / && /channel=bulk/ } @dec), 1, "$k: an audit line with channel=bulk";
}
like((audit_lines($off, 'bulk-decision'))[0] // '', qr/tickets=5 decided=2 result=done/, 'the bulk audit line');
my @skip = audit_lines($off, 'bulk-skipped');
like((grep { /nomor=\Q$t{C}{nomor}\E / } @skip)[0] // '', qr/why=moved/, 'C: a bulk-skipped line, moved');
like((grep { /nomor=\Q$t{D}{nomor}\E / } @skip)[0] // '', qr/why=own-request/, 'D: a bulk-skipped line, own-request');
like((grep { /nomor=\Q$t{E}{nomor}\E / } @skip)[0] // '', qr/why=moved/, 'E: a bulk-skipped line');

# The same again: nothing left to decide, each told why.
$r = bulk([ $t{A}{id} ], reason => "Lagi $m", confirm => 1);
like outcome($r->content, $t{A}{nomor}), qr/sudah berpindah tahap/, 'A again: moved on, not decided twice';

# ---- Reject Terpilih at the Manager's stage ------------------------------------------------
as_user('bambang.sutrisno');
like list_page('status=manager&size=100')->{html}, qr{<input type="checkbox" name="id" value="$t{A}{id}"},
    'the Manager at his stage: a checkbox on A\'s row';
my $nmail = scalar(my @x = outbox($t{A}{id}));
$r = bulk([ $t{A}{id} ], status => 'manager', decision => 'reject', reason => "Tolak massal $m", confirm => 1);
like outcome($r->content, $t{A}{nomor}), qr/Ditolak/, 'Reject Terpilih by the Manager: ditolak';
is req_status($t{A}{id}), 'rejected', '... A rejected';
my @rm = outbox($t{A}{id});
is scalar(grep { $_->[0] eq "unit.${m}a\@unit.example" && $_->[1] =~ /ditolak/ } @rm[$nmail .. $#rm]), 1,
    '... the requester told by mail';
