# Unduh CSV: GET /requests/export takes the list's query string and gives
# every row the list would show for it (all pages, no size or page), to
# the same logged-in users under the same visibility rules, as
# text/csv; charset=utf-8 with a UTF-8 byte order mark, the list's column
# names as the header, dates as the page shows them, and a cell that a
# spreadsheet would take for a formula behind an apostrophe. A filter the
# list drops, the export drops too. Every export leaves an audit line.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST HEAD);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use File::Spec ();
use HTML::Entities ();
use Time::HiRes ();

plan tests => 85, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $HEAD = join ',', 'Nomor', 'Tanggal Pengajuan', 'Nama Lengkap', 'Jenis User ID',
                     'Divisi/Cab/Unit', 'Platform System', 'Status';
my $FORMULA = qq{=HYPERLINK("http://contoh.invalid/?$m";"klik")};
my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log');

sub q_ { my ($s) = @_; $s =~ s/([^A-Za-z0-9._~-])/sprintf '%%%02X', ord $1/ge; return $s }

# Many tickets made straight in the database (a file of many buffers),
# removed again at the end.
my $BULK = 4321;
sub cleanup { sql("DELETE FROM requests WHERE nomor LIKE " . lit("EXP-$m-%")) }
END { eval { cleanup() } if db_ok() }

# ---- reading CSV (RFC 4180) ----------------------------------------------------------

# Records of $text (a list of array refs); dies on anything malformed.
sub parse_csv {
    my ($text) = @_;
    my (@rows, @row);
    pos($text) = 0;
    while (pos($text) < length $text) {
        my $f;
        if ($text =~ /\G"((?:[^"]|"")*)"/gc) { ($f = $1) =~ s/""/"/g }
        else { $text =~ /\G([^",\r\n]*)/gc; $f = $1 }
        push @row, $f;
        next if $text =~ /\G,/gc;
        die "CSV: no CRLF at " . pos($text) . "\n" unless $text =~ /\G\r\n/gc;
        push @rows, [@row];
        @row = ();
    }
    return @rows;
}

# GET /requests/export?$query in the current browser: { res, bom, head,
# rows => [{nomor, created, full_name, kind_label, unit_name, platforms,
# status_label}] }.
sub export {
    my ($query) = @_;
    my $r = GET('/requests/export' . (defined $query ? "?$query" : ''));
    my $body = $r->content;
    my $bom = $body =~ s/^\xEF\xBB\xBF//;
    my @recs = $r->code == 200 ? parse_csv($body) : ();
    my $head = @recs ? join(',', @{ shift @recs }) : undef;
    my @rows = map { my %h; @h{qw(nomor created full_name kind_label unit_name platforms status_label)} = @$_;
                     \%h } @recs;
    return { res => $r, body => $body, bom => $bom, head => $head, rows => \@rows };
}
sub export_nomors { return [ map { $_->{nomor} } @{ export($_[0])->{rows} } ] }

# The list's rows for $query, every page of it (as the page shows them).
sub list_all {
    my ($query) = @_;
    my (@rows, $page);
    $query = join '&', grep { !/^(size|page)=/ } split /&/, $query // '';
    $page = list_page("$query&size=100");
    push @rows, @{ $page->{rows} };
    while (defined $page->{next}) {
        $page = list_page($page->{next} =~ s/^[^?]*\?//r);
        push @rows, @{ $page->{rows} };
    }
    return [ map { my %h = %$_; delete @h{qw(id status)}; \%h } @rows ];
}

# A cell as the page shows it: without the apostrophe that neutralised it.
sub unquote_formula { my ($v) = @_; $v =~ s/^'(?=[=+\-\@\t\r])//; return $v }
sub as_shown {
    my ($rows) = @_;
    return [ map { my %h = %$_; $h{$_} = unquote_formula($h{$_}) for keys %h; \%h } @$rows ];
}

# ---- tickets: one per Atasan, a formula-looking name, a name with a comma ----------------
my %T = (
    organik => create_ticket(ho_spec($m)),
    jkt     => create_ticket(unit_spec($m, full_name => "Jakarta $m")),
    mdn     => create_ticket(unit_spec($m, full_name => "Medan $m", unit_code => 'UNIT-MDN',
                                      atasan_nopek => '10050001')),
    formula => create_ticket(unit_spec($m, full_name => "Rumus $m")),
    comma   => create_ticket(unit_spec($m, full_name => "Koma $m")),
);
# The form takes only letters, spaces and . ' - in a name: names from
# before, or from elsewhere, may hold more; the CSV must still be safe.
sql("UPDATE requests SET full_name = " . lit($FORMULA) . " WHERE id = $T{formula}{id}");
sql("UPDATE requests SET full_name = " . lit(qq{Sari, "Ani" $m}) . " WHERE id = $T{comma}{id}");
decide_to('siti.rahayu', $T{jkt}{id}, reason => 'lanjut');
my %SEES = (
    'maya.puspitasari' => [qw(organik)],
    'siti.rahayu'      => [qw(comma formula jkt)],
    'rudi.hartono'     => [qw(mdn)],
    'hendra.gunawan'   => [],
    'rina.wulandari'   => [qw(comma formula jkt mdn organik)],
    'admin'            => [qw(comma formula jkt mdn organik)],
);
my %BY_NOMOR = map { $T{$_}{nomor} => $_ } keys %T;
# The HO ticket is found by its requester's name from the HR master, not by $m:
# search by Nomor for it, by $m for the rest.
my $Q = "status=&q=$m";

# ---- without a session: to the login page, as the list ------------------------------------
as_public(fresh => 1);
my $r = GET("/requests/export?$Q");
is $r->code, 303, 'the export without a session: 303';
like location($r), qr{^/login\?next=%2frequests%2fexport}i, '... to the login page, coming back here';
unlike $r->content, qr/Nomor,Tanggal|UID-\d/, '... and no row';
is GET("/requests?$Q")->code, 303, '... as the list';

# ---- headers, byte order mark, header row, a formula neutralised --------------------------
as_user('admin');
my $x = export($Q);
is $x->{res}->code, 200, 'admin exports: 200';
is $x->{res}->header('Content-Type'), 'text/csv; charset=utf-8', '... text/csv; charset=utf-8';
my $disp = $x->{res}->header('Content-Disposition') // '';
like $disp, qr/^attachment; filename="p-serv-requests-\d{8}\.csv"$/, "... Content-Disposition: $disp";
# Today in WIB (or a minute ago, should the day have turned meanwhile).
my @days = map { my @t = gmtime($_ + 7 * 3600); sprintf '%04d%02d%02d', $t[5] + 1900, $t[4] + 1, $t[3] }
           time, time - 60;
ok((grep { index($disp, "-$_.csv") >= 0 } @days), '... named after today in WIB');
is $x->{res}->header('Cache-Control'), 'no-store', '... not cached';
is $x->{res}->header('X-Content-Type-Options'), 'nosniff', '... nosniff';
ok $x->{bom}, '... starts with the UTF-8 byte order mark';
is $x->{head}, $HEAD, '... the header row: the list\'s column names';
like $x->{body}, qr/\r\n\z/, '... every record ends in CRLF';
my ($f) = grep { $_->{nomor} eq $T{formula}{nomor} } @{ $x->{rows} };
is $f && $f->{full_name}, "'$FORMULA", 'a name starting with "=": behind an apostrophe';
like $x->{body}, qr/,"'=HYPERLINK\(""http:[^"]*"";""klik""\)",/, '... quoted, its quotes doubled';
unlike $x->{body}, qr/(^|,)[=+\-\@]/m, 'no cell starts with = + - @';
my ($c) = grep { $_->{nomor} eq $T{comma}{nomor} } @{ $x->{rows} };
is $c && $c->{full_name}, qq{Sari, "Ani" $m}, 'a name with a comma and quotes reads back whole';
my ($j) = grep { $_->{nomor} eq $T{jkt}{nomor} } @{ $x->{rows} };
is $j && $j->{status_label}, 'Waiting for Approval ICT Verificator', 'the status as its label';
is $j && $j->{kind_label}, 'User ID Unit', 'the Jenis User ID as its label';
like $j && $j->{created}, qr/^\d{1,2} \w{3} \d{4} \d\d\.\d\d WIB$/, 'the date as on the page';
is $j && $j->{platforms}, (grep { $_->{nomor} eq $T{jkt}{nomor} } @{ list_page($Q)->{rows} })[0]{platforms},
    'the platforms as on the page';

# HEAD: the headers, no body.
$r = HEAD("/requests/export?$Q");
is $r->code, 200, 'HEAD: 200';
is $r->header('Content-Type'), 'text/csv; charset=utf-8', '... the CSV type';
is length($r->content), 0, '... no body';
# Only GET.
is POST('/requests/export', content => [ q => $m ])->code, 405, 'POST: 405';

# ---- each role: exactly the list's rows ---------------------------------------------------
for my $user (sort keys %SEES) {
    as_user($user);
    my $rows = export($Q)->{rows};
    my $org = export('status=&q=' . $T{organik}{nomor})->{rows};
    my @seen = sort map { $BY_NOMOR{ $_->{nomor} } // "other:$_->{nomor}" } @$rows, @$org;
    is_deeply \@seen, $SEES{$user}, "$user: the export has " . (@seen ? "@seen" : 'none of them');
    is_deeply as_shown($rows), list_all($Q), "$user: row for row what the list shows";
}

# Filters, one by one and together: the same rows as the list, in its order.
as_user('rina.wulandari');
for my $q ($Q, "$Q&sort=asc", "status=atasan&q=$m", "status=verificator&q=$m",
           "status=&kind=UNIT&q=$m", "status=&kind=HO_ORGANIK&q=" . q_($T{organik}{nomor}),
           "status=&from=2003-01-01&to=2003-01-31&q=$m",
           'status=&q=' . q_("Medan $m")) {
    is_deeply as_shown(export($q)->{rows}), list_all($q), "rina: ?$q as on the list";
}
as_user('siti.rahayu');
is_deeply as_shown(export("status=atasan&q=$m&sort=asc")->{rows}), list_all("status=atasan&q=$m&sort=asc"),
    'siti: ?status=atasan&sort=asc as on the list';
# No query: the list opens on what waits for the user, and so does the export.
my $open = export();
is_deeply as_shown($open->{rows}), list_all('status=atasan'), 'siti, no query: what waits for her, as the list';
ok !(grep { $_->{status_label} ne 'Waiting for Approval Atasan Pemohon' } @{ $open->{rows} }),
    '... only tickets waiting for the Atasan';

# What the list drops, the export drops the same way.
as_user('admin');
my $all = export_nomors($Q);
is scalar(@$all), 4, "admin: this test's four tickets with \$m in the name";
for my $bad ("status=bogus&q=$m", "status=&kind=ROOT&q=$m", "status=&from=2003-02-30&to=kemarin&q=$m",
             "status=&sort=sideways&q=$m", "status=&q=$m&size=10&page=2", "status=&q=$m&size=7&page=x") {
    is_deeply export_nomors($bad), [ map { $_->{nomor} } @{ list_all($bad) } ], "?$bad: as the list";
}
is_deeply export_nomors("status=bogus&q=$m"), $all, '... an unknown status: all four';
is_deeply export_nomors("status=&q=$m&size=10&page=2"), $all, '... size and page: ignored, every row';
my $long = 'x' x 101;
is_deeply export_nomors("status=&q=$long"), export_nomors('status='), 'a search over 100 characters: dropped, as the list';
is_deeply export_nomors('status=&q=' . q_("Filter_$m")), [], 'q with _ : taken literally';
is_deeply export_nomors("status=&q=$m&q2=%00"), $all, 'an unknown parameter: ignored';

# ---- the Unduh CSV link on the list --------------------------------------------------------
my $page = list_page("status=atasan&kind=UNIT&from=2003-04-05&to=2030-01-31&q=$m&sort=asc&size=10");
my ($tag) = $page->{html} =~ m{(<a\b[^>]*>)\s*Unduh CSV\s*</a>};
ok $tag, 'the list has a link "Unduh CSV"';
my $href = attrs($tag // '<a>')->{href} // '';
like $href, qr{^/requests/export\?}, "... to the export: $href";
my %got = map { my ($k, $v) = split /=/, $_, 2; ($k => $v // '') } split /&/, ($href =~ s/^[^?]*\?//r);
is_deeply \%got, { status => 'atasan', kind => 'UNIT', from => '2003-04-05', to => '2030-01-31',
                   q => $m, sort => 'asc' }, '... carrying the filter in force (no size, no page)';
is_deeply as_shown(export($href =~ s/^[^?]*\?//r)->{rows}), list_all($href =~ s/^[^?]*\?//r),
    '... and it gives the rows of that list';
my $plain = list_page("status=&q=" . q_(qq{a"b<c>&$m}));
($tag) = $plain->{html} =~ m{(<a\b[^>]*>)\s*Unduh CSV\s*</a>};
ok !$tag, 'no rows: no link';
$page = list_page("status=&q=" . q_("Sari, \"Ani\" $m"));
($tag) = $page->{html} =~ m{(<a\b[^>]*>)\s*Unduh CSV\s*</a>};
$href = attrs($tag // '<a>')->{href} // '';
my ($qv) = $href =~ /[?&]q=([^&]*)/;
$qv = ($qv // '') =~ tr/+/ /r =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ger;
is $qv, qq{Sari, "Ani" $m}, '... a search with a comma and quotes, encoded in the link';
is_deeply export_nomors($href =~ s/^[^?]*\?//r), [ $T{comma}{nomor} ], '... and it finds that ticket';

# ---- every row, over several pieces, in one order -------------------------------------------------
sql("INSERT INTO requests (nomor, kind, full_name, position, email, unit_code, atasan_nopek,"
    . " created_at, updated_at)"
    . " SELECT 'EXP-$m-' || lpad(g::text, 5, '0'), 'UNIT', 'Ekspor $m ' || g, 'Staf', 'e' || g || '\@unit.example',"
    . " 'UNIT-MDN', '10050001', t, t"
    . " FROM generate_series(1, $BULK) g, LATERAL (SELECT timestamptz '2004-03-01 08:00+07'"
    . " + (g / 3) * interval '1 minute' AS t) d");
my $want = sql_value("SELECT string_agg(nomor, ' ' ORDER BY created_at, id) FROM requests"
                     . " WHERE nomor LIKE " . lit("EXP-$m-%"));
as_user('admin');
my $t0 = Time::HiRes::time();
my $big = export("status=&q=" . q_("Ekspor $m") . "&sort=asc");
is $big->{res}->code, 200, "$BULK rows: 200";
is scalar(@{ $big->{rows} }), $BULK, "... all $BULK rows";
is join(' ', map { $_->{nomor} } @{ $big->{rows} }), $want, '... each once, oldest first';
my $desc = export_nomors("status=&q=" . q_("Ekspor $m"));
is join(' ', @$desc), join(' ', reverse split / /, $want), '... and newest first';
ok !(grep { $_->{platforms} ne '' || $_->{unit_name} eq '' } @{ $big->{rows} }), '... no platforms: an empty cell';
diag sprintf 'exported %d rows in %.2f s', scalar(@{ $big->{rows} }), Time::HiRes::time() - $t0;
as_user('rudi.hartono');
is scalar(@{ export("status=&q=" . q_("Ekspor $m"))->{rows} }), $BULK, 'rudi (their Atasan): all of them';
as_user('siti.rahayu');
is scalar(@{ export("status=&q=" . q_("Ekspor $m"))->{rows} }), 0, 'siti: none of them';
cleanup();

# ---- the audit line ---------------------------------------------------------------------------
sub log_from {
    my ($off) = @_;
    open my $fh, '<', $LOG or die "$LOG: $!\n";
    seek $fh, $off, 0;
    local $/;
    return scalar(<$fh>) // '';
}
sub export_lines {
    my ($off) = @_;
    for (1 .. 50) {
        my @l = grep { /pserv\[AUD01\]: event=export / } split /\n/, log_from($off);
        return @l if @l;
        Time::HiRes::sleep(0.1);
    }
    return ();
}
as_user('rina.wulandari');
my $off = -s $LOG;
export("status=atasan&kind=UNIT&from=2003-04-05&q=$m&sort=asc");
my @l = export_lines($off);
is scalar(@l), 1, 'an export: one audit line';
my $line = $l[0] // '';
like $line, qr/event=export user=rina\.wulandari ip=\S+ req="GET \/requests\/export"/, '... who, from where, which path';
like $line, qr/ status=atasan kind=UNIT from=2003-04-05 to=- search=yes sort=asc /, '... the filter';
like $line, qr/ rows=3 result=complete/, '... how many rows, all sent';
unlike $line, qr/\Q$m\E/, '... but not what was searched for';
$off = -s $LOG;
export("status=&q=" . q_($FORMULA));
@l = export_lines($off);
unlike $l[0] // '', qr/HYPERLINK|contoh/, 'a search for a formula: not in the log either';
like $l[0] // '', qr/ status=- kind=- from=- to=- search=yes sort=desc rows=1 result=complete/, '... rows=1';
# The row cap (100,000; lowered here through the test hook): the first rows in
# the list's order, and the audit line says the file was cut.
$off = -s $LOG;
my $cut = GET("/requests/export?$Q&sort=asc", 'X-Pserv-Test-Export-Max' => 3);
is $cut->code, 200, 'over the cap: 200';
my @cut = parse_csv($cut->content =~ s/^\xEF\xBB\xBF//r);
shift @cut;
is_deeply [ map { $_->[0] } @cut ], [ @{ export_nomors("$Q&sort=asc") }[0 .. 2] ], '... the first rows up to the cap';
@l = export_lines($off);
like $l[0] // '', qr/ rows=3 result=truncated/, '... and the audit line says it was cut';
$off = -s $LOG;
list_page($Q);
Time::HiRes::sleep(0.3);
is scalar(grep { /pserv\[AUD01\]/ } split /\n/, log_from($off)), 0, 'the list itself: no audit line';
