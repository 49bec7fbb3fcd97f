# The access record and Riwayat Akses (issue 23; docs/PRIVACY.md "Access
# record"): every read of a ticket's personal data writes exactly one
# access_log row with the reader, the ticket and the kind: a ticket page
# (kind ticket: built, 304, and from the page cache on the pserv_cache
# virtual host), an attachment download (attachment), a CSV export (export,
# one row per ticket in the file) and the API's ticket (api). A ticket the
# user may not see (404) writes nothing; the API's list writes nothing (it
# holds what the list page holds: see docs/PRIVACY.md). The Administrator's
# page GET /admin/access, filtered by Nomor or by the requester's nopek,
# shows exactly that ticket's rows, newest first; bad input gets a message
# and no rows; viewing it is audited; a non-admin gets 403; it speaks
# English to an Administrator who chose English.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(here audit_lines);

plan tests => 67, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $ADMIN_ID = sql_value("SELECT id FROM accounts WHERE username = 'admin'");
my $SITI_ID = sql_value("SELECT id FROM accounts WHERE username = 'siti.rahayu'");
my $admin_lang_was = sql_value("SELECT coalesce(lang, '-') FROM accounts WHERE id = $ADMIN_ID");

# A requester of our own (a copy of 10020003, Agus Salim: the same unit
# and Atasan, Maya Puspitasari), so that "by nopek" has exactly one ticket.
my $NOPEK = '77' . sprintf('%08d', (time() * 100 + $$) % 100000000);
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code,"
    . " supervisor_nopek, employment_type) SELECT " . lit($NOPEK)
    . ", 'Uji Akses ' || " . lit($m) . ", position, " . lit("akses.$m\@example.test")
    . ", unit_code, supervisor_nopek, employment_type FROM employees WHERE nopek = '10020003'");

my (@TICKETS);
END {
    eval {
        sql("UPDATE accounts SET lang = " . ($admin_lang_was ne '-' ? lit($admin_lang_was) : 'NULL')
            . " WHERE id = $ADMIN_ID");
        for my $t (@TICKETS) {
            sql("DELETE FROM access_log WHERE nomor = " . lit($t->{nomor}));
            sql("DELETE FROM mail_outbox WHERE request_id = $t->{id}");
            sql("DELETE FROM requests WHERE id = $t->{id}");
        }
        sql("DELETE FROM employees WHERE nopek = " . lit($NOPEK));
    } if db_ok();
    warn "cleanup: $@" if $@;
}

my $T1 = create_ticket(unit_spec($m),
                       { files => [ [ "ktp-$m.pdf", pdf_bytes("akses $m"), 'application/pdf' ] ] });
push @TICKETS, $T1;
my $T2 = create_ticket(ho_spec($m, nopek => $NOPEK));
push @TICKETS, $T2;
my ($ID1, $ID2) = ($T1->{id}, $T2->{id});
my $ATT = sql_value("SELECT id FROM attachments WHERE request_id = $ID1");

# The rows of a ticket since row $after: "username|kind" each, in order.
sub reads {
    my ($id, $after) = @_;
    return [ map { $_->[0] } sql("SELECT username || '|' || kind FROM access_log"
        . " WHERE request_id = $id AND id > " . ($after // 0) . " ORDER BY id") ];
}
sub last_row { sql_value("SELECT coalesce(max(id), 0) FROM access_log") }
sub all_since { sql_value("SELECT count(*) FROM access_log WHERE id > $_[0]") }
# reads() once it holds $n rows: on pserv_cache the rows wait in the child
# for up to a second (PservAccessBatch 100 1, t/admin/access_batch.t);
# gives up after 20 s with what is there.
sub reads_when {
    my ($id, $after, $n) = @_;
    my $rows;
    for (1 .. 80) {
        $rows = reads($id, $after);
        last if @$rows >= $n;
        select(undef, undef, undef, 0.25);
    }
    return $rows;
}

is_deeply reads($ID1), [], 'a new ticket: nothing read yet (the public form records no read)';

# ---- ticket page ---------------------------------------------------------------
as_user('siti.rahayu');
my $mark = last_row();
my $r = GET("/requests/$ID1", CLOCK_HEADER, -86400);
is $r->code, 200, 'siti (the Atasan of UNIT-JKT) opens the ticket';
is_deeply reads($ID1, $mark), ['siti.rahayu|ticket'], '... one row: siti, kind ticket';
is all_since($mark), 1, '... and no other row';
my ($row) = sql("SELECT account_id, nomor, client_ip,"
              . " (at < now() - interval '23 hours' AND at > now() - interval '25 hours')"
              . " FROM access_log WHERE id > $mark");
is join('|', @{ $row || [] }), "$SITI_ID|$T1->{nomor}|127.0.0.1|t",
    '... with her account, the Nomor, her address, at the request\'s clock (moved a day back)';

$mark = last_row();
is GET("/requests/0$ID1")->code, 404, 'the same ticket spelt with a leading zero: not the page (404)';
is all_since($mark), 0, '... records nothing';

as_user('maya.puspitasari');
$mark = last_row();
is GET("/requests/$ID1")->code, 404, 'maya (another Atasan) may not see it: 404';
is all_since($mark), 0, '... no row';
is GET("/api/v1/requests/$ID1")->code, 404, '... through the API neither';
is GET("/attachments/$ATT")->code, 404, '... nor its attachment';
is all_since($mark), 0, '... still no row';

# ---- attachment -----------------------------------------------------------------
as_user('siti.rahayu');
$mark = last_row();
$r = GET("/attachments/$ATT");
is $r->code, 200, 'siti downloads the attachment';
is_deeply reads($ID1, $mark), ['siti.rahayu|attachment'], '... one row, kind attachment';
is all_since($mark), 1, '... and no other';

# ---- CSV export -----------------------------------------------------------------
$mark = last_row();
$r = GET("/requests/export?status=&q=$T1->{nomor}");
is $r->code, 200, 'siti exports the list filtered to the ticket';
my @lines = grep { length } split /\r?\n/, $r->content;
is scalar(@lines), 2, '... the header and one ticket';
is_deeply reads($ID1, $mark), ['siti.rahayu|export'], '... one row, kind export';
is all_since($mark), 1, '... and no other';

as_user('maya.puspitasari');
$mark = last_row();
$r = GET("/requests/export?status=&q=$m");
is $r->code, 200, 'maya exports a search matching both tickets';
@lines = grep { length } split /\r?\n/, $r->content;
is scalar(@lines), 2, '... she sees one of them (hers as Atasan)';
like $lines[1], qr/\Q$T2->{nomor}\E/, '... the HO ticket';
is_deeply reads($ID2, $mark), ['maya.puspitasari|export'], '... one export row for it';
is all_since($mark), 1, '... none for the ticket she does not see';

# ---- API ------------------------------------------------------------------------
as_user('siti.rahayu');
$mark = last_row();
$r = GET("/api/v1/requests/$ID1");
is $r->code, 200, 'siti reads the ticket through the API';
like $r->content, qr/"nomor":"\Q$T1->{nomor}\E"/, '... the ticket';
is_deeply reads($ID1, $mark), ['siti.rahayu|api'], '... one row, kind api';
is all_since($mark), 1, '... and no other';
$mark = last_row();
is GET("/api/v1/requests?status=&q=$T1->{nomor}")->code, 200, 'the API\'s list';
is all_since($mark), 0, '... records nothing (the list page\'s columns, as the list page)';

# ---- the page cache ---------------------------------------------------------------
Apache::TestRequest::module('pserv_cache');
as_user('siti.rahayu', fresh => 1);
sub via { my ($res) = @_; return $res->header('X-Pserv-Test-Page-Cache') // 'none' }
$mark = last_row();
$r = GET("/requests/$ID1");
is $r->code, 200, 'on pserv_cache: siti opens the ticket';
is via($r), 'miss', '... built';
$r = GET("/requests/$ID1");
is via($r), 'hit', '... again: from the page cache';
is $r->header('X-Pserv-Test-Db-Statements'), 1, '... in one statement (its access record waits in the child)';
is_deeply reads_when($ID1, $mark, 2), [ 'siti.rahayu|ticket', 'siti.rahayu|ticket' ],
    '... each read its row, the cache hit too';
my $etag = $r->header('ETag');
$mark = last_row();
$r = GET("/requests/$ID1", 'If-None-Match' => $etag);
is $r->code, 304, '... If-None-Match: 304';
is $r->header('X-Pserv-Test-Db-Statements'), 1, '... one statement';
is_deeply reads_when($ID1, $mark, 1), ['siti.rahayu|ticket'], '... recorded as well';
as_user('maya.puspitasari', fresh => 1);
$mark = last_row();
is GET("/requests/$ID1")->code, 404, 'maya on pserv_cache: 404';
is GET("/requests/$ID2")->code, 200, 'maya opens her HO ticket';
is_deeply reads_when($ID2, $mark, 1), ['maya.puspitasari|ticket'], '... one row';
is all_since($mark), 1, '... and none for the ticket she may not see (written before it)';

# ---- Riwayat Akses ------------------------------------------------------------------
# What the page lists: [kind class, username, nomor] per row, in order.
sub page_rows {
    my ($html) = @_;
    my @rows;
    while ($html =~ m{<tr class="access-row access-(\w+)">(.*?)</tr>}gs) {
        my ($kind, $tr) = ($1, $2);
        my ($user) = $tr =~ m{class="cell-username"[^>]*>([^<]*)<};
        my ($nomor) = $tr =~ m{class="cell-nomor"[^>]*>(?:<a [^>]*>)?([^<]*)<};
        push @rows, "$user|$kind|$nomor";
    }
    return \@rows;
}
sub expected {
    my ($where) = @_;
    return [ map { $_->[0] } sql("SELECT l.username || '|' || l.kind || '|' || l.nomor"
        . " FROM access_log l WHERE $where ORDER BY l.at DESC, l.id DESC LIMIT 50") ];
}

as_user('siti.rahayu');
is GET('/admin/access')->code, 403, 'siti (not an Administrator): 403';

as_user('admin');
my $off = here();
$r = GET("/admin/access?nomor=$T1->{nomor}");
is $r->code, 200, 'admin: Riwayat Akses by Nomor';
like $r->content, qr{<h1[^>]*>\s*Riwayat Akses\s*</h1>}, '... its title';
my $want = expected("l.nomor = " . lit($T1->{nomor}));
is scalar(@$want), 7, '... the ticket has 7 reads';
is_deeply page_rows($r->content), $want, '... the page lists exactly those, newest first';
ok audit_lines($off, 'access.view', nomor => $T1->{nomor}, result => 'shown'),
    '... viewing it is audited';
like $r->content, qr{href="/admin/access"[^>]*aria-current="page"}, '... marked in the admin menu';

$r = GET("/admin/access?nomor=" . lc $T1->{nomor});
is_deeply page_rows($r->content), $want, 'the Nomor in lower case: the same rows';

$r = GET("/admin/access?nopek=$NOPEK");
is $r->code, 200, 'by the requester\'s nopek';
$want = expected("l.request_id = $ID2");
is scalar(@$want), 2, '... the HO ticket has 2 reads';
is_deeply page_rows($r->content), $want, '... exactly its rows';
unlike $r->content, qr/\Q$T1->{nomor}\E/, '... nothing of the other ticket';

$r = GET('/admin/access?nomor=' . 'UID-%3Cx%3E');
is $r->code, 400, 'a Nomor with other characters: 400';
like $r->content, qr/Nomor tidak valid/, '... a clear message';
is_deeply page_rows($r->content), [], '... and no rows';
$r = GET('/admin/access?nopek=12ab');
is $r->code, 400, 'a nopek that is not digits: 400';
like $r->content, qr/Nopek tidak valid/, '... a clear message';
is_deeply page_rows($r->content), [], '... and no rows';
ok audit_lines($off, 'access.view', result => 'invalid'), '... audited as invalid';

$r = GET('/home');
like $r->content, qr{href="/admin/access"}, 'the home page\'s Administrator card links it';

# ---- English ------------------------------------------------------------------------------
GET('/lang/en');
$r = GET("/admin/access?nomor=$T1->{nomor}");
like $r->content, qr{<h1[^>]*>\s*Access History\s*</h1>}, 'in English: Access History';
like $r->content, qr/Type of access/, '... the columns in English';
like $r->content, qr/Ticket page/, '... the kinds in English';
unlike $r->content, qr/Halaman tiket|Jenis Akses/, '... no Indonesian left';
$r = GET('/admin/access?nopek=12ab');
like $r->content, qr/Not a valid Nopek/, '... the message in English';

# The Administrator's language as it was (END runs too late for the
# session's language to matter, but keep the account as found).
sql("UPDATE accounts SET lang = " . ($admin_lang_was ne '-' ? lit($admin_lang_was) : 'NULL')
    . " WHERE id = $ADMIN_ID");
