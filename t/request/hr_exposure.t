# What the public form gives away before the requester proves anything
# (issue 16, items 1 and 4).
#
# 1. Every path that shows the HR master's data counts against ONE limit of
#    30 look-ups per 10 minutes per client address: the JSON auto-fill,
#    the form's Cari Data Pekerja, but also Jenis User ID (action=kind),
#    Ubah Data (action=edit), the review and the submit's validation (only
#    reading again the nopek the same draft already read is free). The
#    e-mail is shown masked (ag***@ptpr.example) in the form and the JSON;
#    the ticket gets the whole address, read again from the HR master.
# 4. Whether the person already has a P-Serv account or open requests is
#    not said on the public review page (anyone may type any e-mail or
#    nopek): the ICT stages see it on the ticket, labelled "Peringatan".
#
# The limit counts per address across the whole suite, so the limit part
# runs ~3 years ahead (X-Pserv-Test-Clock-Offset) in a window of its own and
# removes it afterwards (as t/request/lookup.t does, in another window).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use JSON::PP ();

plan tests => 26, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

use constant AHEAD => 1222 * 86400;     # this file's own window

sub cleanup {
    sql("DELETE FROM rate_limits WHERE bucket = 'hr-lookup'"
        . " AND window_start > now() + interval '1 day'");
}
END { eval { cleanup() } if db_ok() }

my $m = unique();
as_public();

# ---- 1. one limit for every path ------------------------------------------------
my @AHEAD = (CLOCK_HEADER, AHEAD);
cleanup();
my $f = open_form(@AHEAD);
my $post = sub {
    my ($action, $nopek, @more) = @_;
    return post_new([ csrf => $f->{csrf}, form_token => $f->{form_token},
                      kind => 'HO_ORGANIK', nopek => $nopek, @more,
                      action => $action ], headers => \@AHEAD);
};
my %NAME = ('10020003' => 'Agus Salim', '10020004' => 'Fitri Handayani');
my @VPN = (platform => 'VPN', note_VPN => "VPN $m");

# 30 look-ups through the paths the JSON's limit did not cover, switching
# between two nopeks (reading again the nopek a draft already read is
# free: it shows nothing new).
my (@filled, @want, @masked);
my @actions = qw(edit kind review);
for my $n (1 .. 30) {
    my $nopek = $n % 2 ? '10020003' : '10020004';
    my $action = $actions[$n % 3];
    my $r = $post->($action, $nopek, $action eq 'review' ? @VPN : ());
    push @filled, input_value($r->content, 'full_name')
        // ($r->content =~ /(Agus Salim|Fitri Handayani)/ ? $1 : '');
    push @want, $NAME{$nopek};
    push @masked, $r->content =~ /agus\.salim\@|fitri\.handayani\@/ ? 'whole' : 'masked';
}
is join('|', @filled), join('|', @want),
    '30 look-ups through Ubah Data, Jenis User ID and the review: each filled';
is join('', map { $_ eq 'masked' ? 1 : 0 } @masked), '1' x 30,
    '... never with the whole e-mail address';

my $r = $post->('edit', '10020003');
is $r->code, 200, 'the 31st, through Ubah Data (action=edit): the form';
is input_value($r->content, 'full_name'), '', '... with nothing of the HR master filled';
unlike $r->content, qr/Agus Salim|Officer Accounting|agus\.salim|ag\*\*\*/, '... nowhere on the page';
is field_error($r->content, 'nopek'), 'Terlalu banyak pencarian Nopek. Coba lagi dalam beberapa menit.',
    '... saying why beside Nopek';
$r = $post->('kind', '10020003');
unlike $r->content, qr/Agus Salim/, 'Jenis User ID (action=kind) past the limit: nothing filled';
$r = $post->('review', '10020003', @VPN);
is page_mode($r->content), 'edit', 'the review past the limit: back to the form';
unlike $r->content, qr/Agus Salim/, '... nothing filled';
is field_error($r->content, 'nopek'), 'Terlalu banyak pencarian Nopek. Coba lagi dalam beberapa menit.',
    '... saying why';
$r = $post->('review', '10020004', @VPN);
is page_mode($r->content), 'review', 'the nopek this draft already read: the review (nothing new shown)';
$r = GET('/request/lookup?nopek=10020003&kind=HO_ORGANIK', @AHEAD);
is $r->code, 429, 'the JSON look-up shares the limit: 429';
$r = GET('/request/lookup?nopek=10020003&kind=HO_ORGANIK', CLOCK_HEADER, AHEAD + 700);
is $r->code, 200, 'after the 10-minute window: the JSON answers again';
cleanup();

# ---- 1. masked before, whole in the ticket ---------------------------------------------
reset_lookup_limit();
$r = GET('/request/lookup?nopek=10020003&kind=HO_ORGANIK');
my $j = JSON::PP->new->decode($r->content);
is $j->{email}, 'ag***@ptpr.example', 'JSON: the e-mail masked';
unlike $r->content, qr/agus\.salim/, '... and the whole address nowhere';
$f = open_form();
$r = post_new([ csrf => $f->{csrf}, form_token => $f->{form_token},
                kind => 'HO_ORGANIK', nopek => '10020003', action => 'lookup' ]);
is input_value($r->content, 'email'), 'ag***@ptpr.example', 'Cari Data Pekerja: the e-mail field masked';
is input_value($r->content, 'full_name'), 'Agus Salim', '... the name shown (to confirm the person)';
unlike $r->content, qr/agus\.salim\@/, '... the whole address nowhere on the form';
my $t = create_ticket(ho_spec($m));
is sql_value("SELECT email FROM requests WHERE id = $t->{id}"), 'agus.salim@ptpr.example',
    'the ticket stores the whole address from the HR master';
is_deeply [ map { $_->[0] } outbox($t->{id}) ], [ 'maya.puspitasari@ptpr.example', 'agus.salim@ptpr.example' ],
    '... and the mail goes to it';

# ---- 4. warnings: not on the public page, on the ticket for ICT ---------------------------
# A User ID Unit request typed with the e-mail of an existing account, twice.
my %spec = unit_spec($m, email => 'maya.puspitasari@ptpr.example');
my $first = create_ticket(%spec);
my $rv = review([ %spec ]);
is page_mode($rv->{html}), 'review', 'a second request with that e-mail: the review page';
unlike $rv->{html}, qr/maya\.puspitasari\b(?!\@)|\Q$first->{nomor}\E|sudah memiliki User ID|masih memiliki permohonan/,
    '... names neither the account nor the open request';
my $second = create_ticket(%spec);

as_user('rina.wulandari');     # ICT Verificator
my $page = ticket_page($second->{id})->content;
like $page, qr/Peringatan: pemohon ini sudah memiliki User ID P-Serv \(maya\.puspitasari\)\./,
    'ICT Verificator on the ticket: warned of the existing account';
like $page, qr/Peringatan: pemohon ini masih memiliki permohonan lain yang sedang diproses \(\Q$first->{nomor}\E\)\./,
    '... and of the other open request';
unlike ticket_page($first->{id})->content, qr/\Q$first->{nomor}\E\)\./,
    '... a ticket never warns of itself';
as_user('siti.rahayu');        # the Atasan (BUH of UNIT-JKT)
unlike ticket_page($second->{id})->content, qr/Peringatan:/, 'the Atasan on the ticket: no warning';
as_public();
