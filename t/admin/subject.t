# Permintaan Data Pribadi (issue 23): GET /admin/subject, its JSON export
# and Anonimkan per request (handle_admin_subject.c).
# - two look-alike people (B's nopek and e-mail start with A's) and a third
#   whose address holds A's: the look-up by nopek and by e-mail lists A's
#   requests, account, HR row and mails only (exact matches);
# - the export is JSON (an attachment), holds A's data and nobody else's,
#   lists the attachments by name/type/size without their bytes, is audited
#   and writes one access_log row (kind subject) per request exported;
# - Anonimkan: a confirmation first; a rejected ticket is anonymised at the
#   request's clock (name, position, e-mail, note, attachments, mails
#   replaced or deleted; Nomor, status, unit, Atasan, platforms, decisions
#   kept); again: "already"; an open ticket and a completed ticket with an
#   active account are refused with their reason and nothing changes; a
#   ticket of someone else is refused;
# - not an Administrator: 403; without the CSRF token: 403, nothing done;
# - the page in English.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(here audit_lines audit_now);
use HTTP::Request::Common ();
use HTML::Entities ();
use JSON::PP ();

plan tests => 77, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $n1 = sprintf('9%08d', (time() * 7 + $$) % 100_000_000);
my $n2 = $n1 . '7';                      # A's nopek is a prefix of B's
my $ea = "sri.$m\@ptpr.example";         # A
my $eb = "sri.$m\@ptpr.example.id";      # B: A's address is a prefix
my $ec = "xsri.$m\@ptpr.example";        # C: holds A's address
my ($ua, $ub) = ("sri$m", "srib$m");

my @TICKETS;
END {
    if (db_ok()) {
        sql("DELETE FROM access_log WHERE request_id IN (" . join(',', 0, @TICKETS) . ")");
        sql("UPDATE requests SET account_id = NULL WHERE id IN (" . join(',', 0, @TICKETS) . ")");
        sql("DELETE FROM requests WHERE id IN (" . join(',', 0, @TICKETS) . ")");
        sql("DELETE FROM accounts WHERE username IN (" . lit($ua) . ', ' . lit($ub) . ")");
        sql("DELETE FROM employees WHERE nopek IN (" . lit($n1) . ', ' . lit($n2) . ")");
    }
}

# The HR rows of A and B: Agus Salim's unit and Atasan.
for ([$n1, "Sri Uji $m", $ea], [$n2, "Sri Uji $m Dua", $eb]) {
    sql("INSERT INTO employees (nopek, full_name, position, email, unit_code,"
        . " supervisor_nopek, employment_type) VALUES (" . lit($_->[0]) . ', '
        . lit($_->[1]) . ", 'Staf Uji', " . lit($_->[2]) . ", 'HO-FIN', '10020002', 'ORGANIK')");
}
add_account($ua, nopek => $n1, email => $ea, full_name => "Sri Uji $m");
add_account($ub, nopek => $n2, email => $eb, full_name => "Sri Uji $m Dua");

sub ticket { my $t = create_ticket(@_); push @TICKETS, $t->{id}; return $t }
my $png = png_bytes($m);
my $a1 = ticket(ho_spec($m, nopek => $n1),
                { files => [["ktp-$m.png", $png, 'image/png']] });           # A, open
my $a2 = ticket(unit_spec($m, full_name => "Sri Uji $m", email => uc($ea),
                          position => 'Staf Uji Unit'),
                { files => [["surat-$m.png", $png, 'image/png']] });         # A, rejected
my $a3 = ticket(unit_spec($m, full_name => "Sri Uji $m", email => $ea));     # A, completed
my $b1 = ticket(ho_spec("b$m", nopek => $n2));                               # B
my $c1 = ticket(unit_spec("c$m", full_name => "Xsri Uji $m", email => $ec)); # C
decide_to('siti.rahayu', $a2->{id}, decision => 'reject', reason => "Ditolak $m");
sql("UPDATE requests SET status = 'completed', account_id = (SELECT id FROM accounts"
    . " WHERE username = " . lit($ua) . ") WHERE id = $a3->{id}");
my %nomor = (a1 => $a1->{nomor}, a2 => $a2->{nomor}, a3 => $a3->{nomor},
             b1 => $b1->{nomor}, c1 => $c1->{nomor});
ok sql_value("SELECT count(*) FROM mail_outbox WHERE lower(to_addr) = " . lit($ea)) > 0,
    'setup: mails queued to A';

# The Nomors, account usernames and mail addresses a page lists.
sub listed {
    my ($html) = @_;
    my %l;
    $l{nomor}{ HTML::Entities::decode_entities($1) } = 1
        while $html =~ m{<th scope="row" class="cell-nomor">\s*<a[^>]*>([^<]*)</a>}g;
    $l{account}{$1} = 1 while $html =~ m{class="account-username"[^>]*>([^<]*)<}g;
    $l{mail}{ lc HTML::Entities::decode_entities($1) } = 1
        while $html =~ m{<span class="mail-to">([^<]*)</span>}g;
    $l{employee}{$1} = 1 while $html =~ m{class="employee-nopek">([^<]*)<}g;
    return \%l;
}
sub keys_of { my ($h) = @_; return join ' ', sort keys %{ $h || {} } }

as_user('admin');
my $r = GET('/admin/subject');
is $r->code, 200, 'GET /admin/subject: the form';
like $r->content, qr/Permintaan Data Pribadi/, '... titled Permintaan Data Pribadi';
like GET('/home')->content, qr{href="[^"]*admin/subject"}, 'the home page links it';
like $r->content, qr{<nav class="admin-nav".*href="[^"]*admin/subject"[^>]*aria-current="page"}s,
    '... and the admin menu, marked as the current page';

# ---- by nopek ----
$r = GET("/admin/subject?nopek=$n1");
is $r->code, 200, 'by nopek';
my $l = listed($r->content);
is keys_of($l->{nomor}), $nomor{a1}, '... A\'s request by nopek only (not B\'s, whose nopek starts with it)';
is keys_of($l->{account}), $ua, '... A\'s account only';
is keys_of($l->{employee}), $n1, '... A\'s HR row only';
is keys_of($l->{mail}), $ea, '... mails to A\'s address only';
like $r->content, qr{ktp-\Q$m\E\.png}, '... with the attachment\'s name';
unlike $r->content, qr{\Q$eb\E|\Q$ec\E|\Q$nomor{b1}\E|\Q$nomor{c1}\E}, '... nothing of B or C anywhere';

# ---- by e-mail (case aside) ----
$r = GET('/admin/subject?email=' . uc($ea));
is $r->code, 200, 'by e-mail, in capitals';
$l = listed($r->content);
is keys_of($l->{nomor}), join(' ', sort @nomor{qw(a1 a2 a3)}), '... A\'s three requests exactly';
is keys_of($l->{account}), $ua, '... A\'s account';
is keys_of($l->{mail}), $ea, '... mails to A only';
unlike $r->content, qr{\Q$eb\E|\Q$ec\E|\Q$nomor{b1}\E|\Q$nomor{c1}\E}, '... nothing of B or C';
like $r->content, qr{<tr class="subject-request status-rejected" id="request-$a2->{id}">.*?subject-anon-form}s,
    '... the rejected one has Anonimkan';
unlike $r->content, qr{action="[^"]*requests/$a1->{id}/anonymise"}, '... the open one does not';
unlike $r->content, qr{action="[^"]*requests/$a3->{id}/anonymise"}, '... nor the completed one with an active account';
like $r->content, qr{tidak dianonimkan di sini}, '... and the page says an account\'s own data is not anonymised here';

# A part of an address or of a nopek finds nothing; a bad one is refused.
$l = listed(GET("/admin/subject?email=sri.$m\@ptpr")->content);
is keys_of($l->{nomor}), '', 'a part of the address matches nothing';
$r = GET('/admin/subject?nopek=' . substr($n1, 0, 6));
$l = listed($r->content);
ok !$l->{nomor} && !$l->{account}, 'a prefix of the nopek matches nothing';
$r = GET('/admin/subject?nopek=12ab');
like $r->content, qr/field-error[^>]*>Nopek terdiri/, 'a malformed nopek: a clear message';

# ---- the export ----
my $csrf = page_csrf();
my $before = sql_value("SELECT count(*) FROM access_log WHERE kind = 'subject'"
                       . " AND request_id IN ($a1->{id}, $a2->{id}, $a3->{id}, $b1->{id}, $c1->{id})");
$r = POST('/admin/subject/export', content => [email => $ea]);
is $r->code, 403, 'export without the CSRF token: 403';
is sql_value("SELECT count(*) FROM access_log WHERE kind = 'subject' AND request_id = $a1->{id}"),
    0, '... nothing recorded';
my $off = here();
$r = POST('/admin/subject/export', content => [csrf => $csrf, email => $ea]);
is $r->code, 200, 'export by e-mail';
is scalar(audit_lines($off, 'subject.export', user => 'admin', requests => 3, result => 'complete')), 1,
    '... audited (event=subject.export requests=3)';
like $r->header('Content-Type') // '', qr{^application/json}, '... JSON';
like $r->header('Content-Disposition') // '', qr{^attachment; filename="p-serv-subject-\d{8}\.json"$},
    '... as an attachment';
my $json = eval { JSON::PP->new->utf8->decode($r->content) } || {};
is_deeply [sort map { $_->{nomor} } @{ $json->{requests} || [] }], [sort @nomor{qw(a1 a2 a3)}],
    '... A\'s three requests exactly';
is_deeply [map { $_->{username} } @{ $json->{accounts} || [] }], [$ua], '... A\'s account';
is_deeply [map { $_->{nopek} } @{ $json->{employee} || [] }], [$n1], '... A\'s HR row';
ok @{ $json->{mails} || [] } && !grep({ lc $_->{to} ne $ea } @{ $json->{mails} }),
    '... mails to A only';
my ($ja2) = grep { $_->{nomor} eq $nomor{a2} } @{ $json->{requests} || [] };
is_deeply [map { [$_->{filename}, $_->{content_type}, $_->{size}] } @{ $ja2->{attachments} || [] }],
    [["surat-$m.png", 'image/png', length $png]], '... attachments by name, type and size';
ok !grep({ exists $_->{data} } @{ $ja2->{attachments} || [] }), '... without their bytes';
is $ja2->{full_name}, "Sri Uji $m", '... with the name as the request holds it';
unlike $r->content, qr{\Q$eb\E|\Q$ec\E|\Q$nomor{b1}\E|\Q$nomor{c1}\E|\Q$ub\E}, '... nothing of B or C';
is sql_value("SELECT count(*) FROM access_log WHERE kind = 'subject' AND username = 'admin'"
             . " AND request_id IN ($a1->{id}, $a2->{id}, $a3->{id}, $b1->{id}, $c1->{id})") - $before,
    3, '... one access_log row per request exported (kind subject), none for B or C';
is sql_value("SELECT string_agg(DISTINCT nomor, ' ' ORDER BY nomor) FROM access_log WHERE kind = 'subject'"
             . " AND request_id IN ($a1->{id}, $a2->{id}, $a3->{id})"),
    join(' ', sort @nomor{qw(a1 a2 a3)}), '... with their Nomors';
$r = POST('/admin/subject/export', content => [csrf => $csrf, nopek => $n1]);
$json = eval { JSON::PP->new->utf8->decode($r->content) } || {};
is_deeply [map { $_->{nomor} } @{ $json->{requests} || [] }], [$nomor{a1}], 'export by nopek: A\'s request by nopek';

# ---- Anonimkan ----
sub anon {
    my ($id, %o) = @_;
    my @c = (nopek => $o{nopek} // '', email => $o{email} // $ea);
    unshift @c, csrf => $o{csrf} // $csrf unless $o{no_csrf};
    push @c, confirm => 1 if $o{confirm};
    return POST("/admin/subject/requests/$id/anonymise", content => \@c, @{ $o{headers} || [] });
}
sub state_of {
    my ($id) = @_;
    return join ' / ', snapshot($id),
        map { join ',', map { $_ // '' } @$_ } sql(
            "SELECT full_name, position, email, coalesce(note, ''), coalesce(anonymised_at::text, '')"
            . " FROM requests WHERE id = " . int($id)),
        sql("SELECT count(*) FROM attachments WHERE request_id = " . int($id));
}

my $s2 = state_of($a2->{id});
$r = anon($a2->{id}, no_csrf => 1, confirm => 1);
is $r->code, 403, 'Anonimkan without the CSRF token: 403';
is state_of($a2->{id}), $s2, '... nothing changed';
$r = anon($a2->{id});
is $r->code, 200, 'Anonimkan without confirm: the confirmation';
like $r->content, qr{name="confirm" value="1".*Ya, Anonimkan}s, '... with Ya, Anonimkan';
is state_of($a2->{id}), $s2, '... nothing changed yet';

my @kept = sql("SELECT nomor, status, unit_code, atasan_nopek, kind FROM requests WHERE id = $a2->{id}");
my @plats = sql("SELECT platform_code FROM request_platforms WHERE request_id = $a2->{id} ORDER BY 1");
my @appr = approvals($a2->{id});
$off = here();
$r = anon($a2->{id}, confirm => 1, headers => [offset_to(time() + 20 * 60)]);
is $r->code, 303, 'Anonimkan, confirmed: 303';
is scalar(audit_lines($off, 'subject.anonymise', user => 'admin', nomor => $nomor{a2})), 1,
    '... audited (event=subject.anonymise)';
like location($r), qr{^/admin/subject\?.*done=anonymised}, '... back to the page';
my $row = req_row($a2->{id});
is "$row->{full_name}|$row->{position}|$row->{note}", 'Anonim|-|<null>', 'name, position, note replaced';
is $row->{email}, "anonim-$a2->{id}\@anonim.invalid", 'the e-mail replaced';
is sql_value("SELECT count(*) FROM attachments WHERE request_id = $a2->{id}"), 0, 'the attachments deleted';
is sql_value("SELECT count(*) FROM mail_outbox WHERE request_id = $a2->{id}"), 0, 'its mails deleted';
is sql_value("SELECT anonymised_at > now() + interval '15 minutes' FROM requests WHERE id = $a2->{id}"), 't',
    'anonymised_at is the request\'s clock (20 minutes ahead)';
is_deeply [sql("SELECT nomor, status, unit_code, atasan_nopek, kind FROM requests WHERE id = $a2->{id}")],
    \@kept, 'Nomor, status, unit, Atasan, kind kept';
is_deeply [sql("SELECT platform_code FROM request_platforms WHERE request_id = $a2->{id} ORDER BY 1")],
    \@plats, 'the platforms kept';
is_deeply [approvals($a2->{id})], \@appr, 'the decision and its reason kept';
$r = GET(location($r));
like $r->content, qr{notice-success[^>]*>[^<]*\Q$nomor{a2}\E}, 'the page says it was done';
$r = anon($a2->{id}, confirm => 1);
like $r->content, qr{\Q$nomor{a2}\E sudah dianonimkan sebelumnya}, 'again: already anonymised';

# Refused: open, completed with an active account, someone else's.
my $s1 = state_of($a1->{id});
$off = here();
$r = anon($a1->{id}, confirm => 1);
is $r->code, 409, 'an open ticket: refused (409)';
is scalar(audit_lines($off, 'subject.anonymise.refused', nomor => $nomor{a1}, reason => 'flow')), 1,
    '... audited (event=subject.anonymise.refused reason=flow)';
like $r->content, qr{\Q$nomor{a1}\E tidak dianonimkan: permohonan masih diproses}, '... saying why';
is state_of($a1->{id}), $s1, '... nothing changed';
my $s3 = state_of($a3->{id});
$off = here();
$r = anon($a3->{id}, confirm => 1);
is $r->code, 409, 'completed, its account active: refused (409)';
is scalar(audit_lines($off, 'subject.anonymise.refused', nomor => $nomor{a3}, reason => 'account')), 1,
    '... audited (reason=account)';
like $r->content, qr{akun User ID-nya masih aktif}, '... saying why';
is state_of($a3->{id}), $s3, '... nothing changed';
sql("UPDATE requests SET status = 'returned' WHERE id = $a1->{id}");
$s1 = state_of($a1->{id});
$r = anon($a1->{id}, confirm => 1);
is $r->code, 409, 'returned for revision: refused too';
is state_of($a1->{id}), $s1, '... nothing changed';
sql("UPDATE accounts SET active = false WHERE username = " . lit($ua));
$r = anon($a3->{id}, confirm => 1);
is $r->code, 303, 'completed, its account deactivated: anonymised';
is req_row($a3->{id})->{full_name}, 'Anonim', '... its name replaced';
sql("UPDATE requests SET status = 'rejected' WHERE id = $c1->{id}");
my $sc = state_of($c1->{id});
$r = anon($c1->{id}, confirm => 1);
is $r->code, 409, 'someone else\'s ticket (C\'s, rejected) under A\'s address: refused';
is state_of($c1->{id}), $sc, '... nothing changed';

# ---- not an Administrator ----
as_user('rina.wulandari');
is GET("/admin/subject?email=$ea")->code, 403, 'not an Administrator: GET 403';
is POST('/admin/subject/export', content => [csrf => page_csrf(), email => $ea])->code, 403,
    '... the export 403';

# ---- English ----
as_user('admin');
GET('/lang/en');
$r = GET("/admin/subject?email=$ea");
like $r->content, qr{<h1[^>]*>\s*Personal Data Requests\s*</h1>}, 'English: Personal Data Requests';
like $r->content, qr{is not anonymised here}, '... and its texts';
GET('/lang/id');
