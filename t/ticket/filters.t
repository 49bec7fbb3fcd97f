# The list's filters, all in the URL: status, kind (Jenis User ID), a date
# range (from, to: YYYY-MM-DD in WIB), q (Nomor, name, nopek, e-mail; a
# substring, case-insensitive, with % and _ taken literally), sort
# (asc|desc by date), size (10|25|50|100) and page. Anything malformed is
# dropped, not refused. Every check searches for this file's own tickets
# (marked in their names), so other data does not matter.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 61, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $d = unique();

# A name on the form takes no digits: 01 as ab.
sub letters { join '', map { ('a' .. 'j')[$_] } split //, $_[0] }

sub q_ { my ($s) = @_; $s =~ s/([^A-Za-z0-9._~-])/sprintf '%%%02X', ord $1/ge; return $s }

# ---- eleven tickets (Filter $m No 01 .. 11), one approved, one rejected ---------------
my @T;
for my $n (1 .. 11) {
    my $nn = sprintf '%02d', $n;
    push @T, create_ticket(unit_spec($m, full_name => "Filter $m No " . letters($nn), email => "f$nn.$m\@unit.example"));
}
my @N = map { $_->{nomor} } @T;     # oldest first
decide_to('siti.rahayu', $T[2]{id}, reason => 'lanjut');
decide_to('siti.rahayu', $T[3]{id}, decision => 'reject', reason => 'tolak');
my $tkjp = create_ticket(ho_spec($m, kind => 'HO_TKJP', nopek => '20020005'));

# ---- three tickets on three days long ago (the server's clock moved back) -----------------
my @DAYS = ('2003-04-05', '2003-04-06', '2003-04-07');
my @D;
for my $i (0 .. 2) {
    my $rv = review([ unit_spec($d, full_name => "Tanggal $d No " . letters($i)) ]);
    my $r = submit_review($rv, headers => [ offset_to(wib_noon($DAYS[$i])) ]);
    die "dated ticket $i not submitted\n" unless $r->content =~ /Permohonan Berhasil Di-Submit/;
    push @D, page_nomor($r->content);
}
is sql_value("SELECT string_agg(to_char(created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD'), ' '"
             . " ORDER BY id) FROM requests WHERE nomor IN (" . join(',', map { lit($_) } @D) . ")"),
    "@DAYS", 'three tickets dated on three days';

as_user('admin');
sub shows { return [ list_nomors($_[0]) ] }

# ---- paging -----------------------------------------------------------------------------------
my $p1 = list_page("status=&q=$m&size=10");
is_deeply [ map { $_->{nomor} } @{ $p1->{rows} } ], [ reverse @N[1 .. 10] ], 'size=10: ten rows, newest first';
ok defined $p1->{next}, '... a link to the next page';
ok !defined $p1->{prev}, '... none to a previous one';
like $p1->{next} // '', qr/[?&]page=2(&|$)/, '... the next link is page 2';
like $p1->{next} // '', qr/[?&]q=\Q$m\E(&|$)/, '... keeping the search';
like $p1->{next} // '', qr/[?&]size=10(&|$)/, '... and the page size';
my $p2 = list_page(($p1->{next} // '') =~ s/^[^?]*\?//r);
is_deeply [ map { $_->{nomor} } @{ $p2->{rows} } ], [ $N[0] ], 'page 2: the eleventh';
ok defined $p2->{prev}, 'page 2: a link back';
ok !defined $p2->{next}, 'page 2: no next page';
is_deeply shows("status=&q=$m&size=10&page=3"), [], 'page 3: empty';
is_deeply shows("status=&q=$m&size=7"), [ reverse @N ], 'size=7 is not offered: 25, all eleven on one page';
ok !defined list_page("status=&q=$m")->{next}, '... and no next page';
is_deeply shows("status=&q=$m&size=10&page=0"), [ reverse @N[1 .. 10] ], 'page=0: page 1';
is_deeply shows("status=&q=$m&size=10&page=x"), [ reverse @N[1 .. 10] ], 'page=x: page 1';

# ---- sort ---------------------------------------------------------------------------------------
is_deeply shows("status=&q=$m&sort=asc"), [ @N ], 'sort=asc: oldest first';
is_deeply shows("status=&q=$m&sort=desc"), [ reverse @N ], 'sort=desc: newest first';
is_deeply shows("status=&q=$m&sort=sideways"), [ reverse @N ], 'an unknown sort: newest first';
is_deeply shows("status=&q=$d&sort=asc"), [ @D ], 'sort=asc over days';

# ---- status -------------------------------------------------------------------------------------
is_deeply shows("status=verificator&q=$m"), [ $N[2] ], 'status=verificator: the approved one';
is_deeply shows("status=rejected&q=$m"), [ $N[3] ], 'status=rejected: the rejected one';
is_deeply shows("status=atasan&q=$m"), [ reverse @N[0, 1, 4 .. 10] ], 'status=atasan: the other nine';
my $none = list_page("status=completed&q=$m");
is_deeply [ map { $_->{nomor} } @{ $none->{rows} } ], [], 'status=completed: none';
like $none->{html}, qr/Tidak ada permohonan yang sesuai dengan filter/, '... and the page says so';
is_deeply shows("status=bogus&q=$m"), [ reverse @N ], 'an unknown status is dropped: all eleven';
# (issue 22) the manual's short forms (figures 5.6, 6.6) and the labels as ?status= aliases
is_deeply shows('status=' . q_('Waiting for ICT Verificator') . "&q=$m"), [ $N[2] ], 'status=Waiting for ICT Verificator (the manual\'s short form): the approved one';
is_deeply shows('status=' . q_('waiting for approval ict verificator') . "&q=$m"), [ $N[2] ], '... its label in any case: the same';
is_deeply shows('status=' . q_('Waiting for ICT Manager') . "&q=$m"), [], 'status=Waiting for ICT Manager: none of these';
is_deeply shows('status=' . q_('Waiting for Atasan Pemohon') . "&q=$m"), [ reverse @N[0, 1, 4 .. 10] ], 'status=Waiting for Atasan Pemohon: the other nine';
is_deeply shows('status=' . q_('Waiting for ICT') . "&q=$m"), [ reverse @N ], '... a half name is dropped: all eleven';
# typed in the search box: the filter by that status, the box emptied
my $typed = list_page('status=&q=' . q_(' Waiting for ICT Verificator ') . '&size=100');
ok((grep { $_->{nomor} eq $N[2] } @{ $typed->{rows} }), 'q=Waiting for ICT Verificator typed in Cari: the approved one is listed');
is_deeply [ grep { $_ ne 'verificator' } map { $_->{status} } @{ $typed->{rows} } ], [], '... and only tickets waiting for ICT Verificator';
my $tform = pairs_hash([ form_pairs(form_block($typed->{html}, qr{class="filter-form"}) // '') ]);
is_deeply [ $tform->{status}, $tform->{q} ], [ 'verificator', '' ], '... the form shows Status chosen and Cari empty';
$typed = list_page('status=&q=' . q_('WAITING FOR ICT MANAGER') . '&size=100');
is_deeply [ grep { $_ ne 'manager' } map { $_->{status} } @{ $typed->{rows} } ], [], 'q=WAITING FOR ICT MANAGER: only tickets waiting for ICT Manager';
like $typed->{html}, qr{<p class="hint" id="flt-status-hint">Status juga dapat diketik di kolom Cari, termasuk bentuk singkat pada manual: Waiting for ICT Verificator, Waiting for ICT Manager\.</p>},
    'the filter\'s hint names the short forms';
like $typed->{html}, qr{<select id="flt-status" name="status" aria-describedby="flt-status-hint">}, '... tied to the Status field';
is_deeply [ map { $_->{status} } @{ list_page("status=&q=$m&sort=asc")->{rows} }[2, 3, 4] ],
    [ 'verificator', 'rejected', 'atasan' ], 'each row shows its own status';

# ---- Jenis User ID ------------------------------------------------------------------------------
is_deeply shows("status=&kind=UNIT&q=$m"), [ reverse @N ], 'kind=UNIT: the eleven';
is_deeply shows("status=&kind=HO_TKJP&q=$m"), [], 'kind=HO_TKJP with their names: none';
my $rows = list_page('status=&kind=HO_TKJP&size=100')->{rows};
ok((grep { $_->{nomor} eq $tkjp->{nomor} } @$rows), 'kind=HO_TKJP: the TKJP ticket is there');
is_deeply [ grep { $_ ne 'HO - TKJP' } map { $_->{kind_label} } @$rows ], [], '... and nothing of another kind';
$rows = list_page('status=&kind=HO_ORGANIK&size=100')->{rows};
ok !(grep { $_->{nomor} eq $tkjp->{nomor} } @$rows), 'kind=HO_ORGANIK: not the TKJP ticket';
is_deeply shows("status=&kind=ROOT&q=$m"), [ reverse @N ], 'an unknown kind is dropped';

# ---- search ----------------------------------------------------------------------------------------
is_deeply shows('status=&q=' . q_($N[4])), [ $N[4] ], 'q=Nomor: that ticket';
is_deeply shows('status=&q=' . q_(lc $N[4])), [ $N[4] ], 'q=nomor in lower case: the same';
is_deeply shows('status=&q=' . q_("$m No " . letters("07"))), [ $N[6] ], 'q=part of the name: that ticket';
is_deeply shows("status=&q=$m+No+" . letters("07")), [ $N[6] ], 'q with spaces as the form sends them (+): the same';
is_deeply shows('status=&q=' . q_(uc "f08.$m\@unit.example")), [ $N[7] ], 'q=e-mail in upper case: that ticket';
is_deeply shows('status=&q=' . q_("   $m No " . letters("09") . "   ")), [ $N[8] ], 'q with spaces around: trimmed';
$rows = list_page('status=&q=20020005&size=100')->{rows};
ok((grep { $_->{nomor} eq $tkjp->{nomor} } @$rows), 'q=nopek: the TKJP ticket of 20020005');
is scalar(@$rows) && sql_value('SELECT count(*) FROM requests WHERE coalesce(nopek, \'\') <> \'20020005\' AND id IN ('
        . join(',', map { int $_->{id} } @$rows) . ')'), 0, '... and only tickets of that nopek';
is_deeply shows('status=&q=' . q_("Filter_$m")), [], 'q with _ : taken literally, no match';
is_deeply shows('status=&q=' . q_("Filter%$m")), [], 'q with % : taken literally, no match';
is_deeply shows('status=&q=' . q_("Filter $m")), [ reverse @N ], 'q=the common part: all eleven';

# ---- date range (WIB days) --------------------------------------------------------------------------
is_deeply shows("status=&q=$d&from=$DAYS[1]&to=$DAYS[1]"), [ $D[1] ], 'from = to = the middle day: that day only';
is_deeply shows("status=&q=$d&from=$DAYS[1]"), [ @D[2, 1] ], 'from the middle day: it and the next';
is_deeply shows("status=&q=$d&to=$DAYS[1]"), [ @D[1, 0] ], 'to the middle day: it and the one before';
is_deeply shows("status=&q=$d&from=$DAYS[0]&to=$DAYS[2]"), [ @D[2, 1, 0] ], 'the three days: all three';
is_deeply shows("status=&q=$d&from=$DAYS[2]&to=$DAYS[0]"), [], 'from after to: none';
is_deeply shows("status=&q=$d&from=2003-02-30&to=kemarin"), [ @D[2, 1, 0] ], 'malformed dates are dropped';

# ---- the form shows the filter in force ---------------------------------------------------------------
my $page = list_page("status=verificator&kind=UNIT&from=$DAYS[0]&to=2030-01-31&q=$m&sort=asc&size=10");
my $form = pairs_hash([ form_pairs(form_block($page->{html}, qr{class="filter-form"}) // '') ]);
is_deeply $form, { status => 'verificator', kind => 'UNIT', from => $DAYS[0], to => '2030-01-31',
                   q => $m, sort => 'asc', size => '10' },
    'the filter form holds every value of the URL';
