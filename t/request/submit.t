# Submitting the public form, one ticket of each Jenis User ID: 10020003 as
# HO - Organik/PKWT, 20020005 as HO - TKJP (both: Atasan Maya Puspitasari,
# data from the HR master) and a User ID Unit for UNIT-JKT with its BUH
# 10050002 (Siti Rahayu) as Atasan. After Submit Permohonan the success page
# shows the Nomor; the database holds the request, its platforms with their
# notes, its attachments, the Activity Log's "Submitted" and the mail to the
# Atasan and to the requester, and the draft is gone.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use POSIX qw(strftime);
use Digest::SHA ();

plan tests => 79, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my @NOMORS;
my $YEAR = strftime('%Y', gmtime(time + 7 * 3600));

# The <dd> after <dt>$label</dt> on a review or ticket page.
sub dd {
    my ($html, $label) = @_;
    return tag_text($html, qr{<dt>\s*\Q$label\E\s*</dt>\s*<dd[^>]*>(.*?)</dd>}s);
}

sub platforms_of {
    my ($id) = @_;
    return [ sql("SELECT platform_code, note FROM request_platforms WHERE request_id = "
                 . int($id) . " ORDER BY platform_code") ];
}

sub files_of {
    my ($id) = @_;
    return [ sql("SELECT filename, content_type, size, md5(data) FROM attachments"
                 . " WHERE request_id = " . int($id) . " ORDER BY id") ];
}

# Review, then submit; checks common to every kind. Returns (id, nomor).
sub submit_ok {
    my ($what, $spec, %o) = @_;
    my $rv = review($spec, %o);
    is $rv->{res}->code, 200, "$what: Review Permohonan answers 200";
    is page_mode($rv->{html}), 'review', "$what: the review page (a form to /request/submit)"
        or diag join ' | ', page_errors($rv->{html});
    my $nomor = $rv->{form}{nomor};
    like $nomor, qr/^UID-$YEAR-\d{6}$/, "$what: the form showed a Nomor UID-YYYY-NNNNNN";
    is dd($rv->{html}, 'Nomor'), $nomor, "$what: the review page shows the same Nomor";
    ok !defined req_id($nomor), "$what: no ticket before Submit Permohonan";

    my $r = submit_review($rv);
    my $html = $r->content;
    is $r->code, 200, "$what: Submit Permohonan answers 200";
    like $html, qr{Permohonan Berhasil Di-Submit}, "$what: the success page";
    is page_nomor($html), $nomor, "$what: it shows the Nomor";
    like $html, qr{<a[^>]*href="/login"}, "$what: and the way back to the login page";
    my $id = req_id($nomor);
    ok $id, "$what: one request row with that Nomor";
    is sql_value("SELECT count(*) FROM request_drafts WHERE nomor = " . lit($nomor)), 0,
        "$what: the draft is gone";
    push @NOMORS, $nomor;
    return ($id, $nomor, $rv, $html);
}

# ---- HO - Organik/PKWT: 10020003 Agus Salim, with a PDF ------------------------
my $pdf = pdf_bytes("submit $m");
my ($id, $nomor, $rv, $done) = submit_ok('HO - Organik/PKWT',
    [ ho_spec($m, full_name => 'Diabaikan', email => 'diabaikan@evil.example',
              platforms => { SAP => "SAP FI untuk $m", VPN => "VPN untuk $m" }) ],
    files => [ [ "surat-tugas-$m.pdf", $pdf, 'application/pdf' ] ]);
my $html = $rv->{html};
is dd($html, 'Jenis User ID'), 'HO - Organik/PKWT', 'review: Jenis User ID';
is dd($html, 'Nopek'), '10020003', 'review: Nopek';
is dd($html, 'Nama Lengkap'), 'Agus Salim', 'review: Nama Lengkap from the HR master, not the typed one';
is dd($html, 'Pangkat/Jabatan'), 'Officer Accounting', 'review: Pangkat/Jabatan';
is dd($html, 'E-mail'), 'ag***@ptpr.example', 'review: E-mail from the HR master, masked';
unlike $html, qr/agus\.salim\@/, 'review: the whole e-mail nowhere on the page';
is dd($html, 'Divisi/Cab/Unit'), 'Finance & Accounting', 'review: Divisi/Cab/Unit';
like dd($html, 'Atasan'), qr/^Maya Puspitasari \(Nopek 10020002\)$/, 'review: Atasan';
like $html, qr{<span class="attachment-name">surat-tugas-\Q$m\E\.pdf</span>}, 'review: the attachment';
like $done, qr{Agus Salim}, 'success page names the requester';
like $done, qr{Maya Puspitasari}, 'success page names the Atasan';

my $row = req_row($id);
is_deeply [ @$row{qw(kind nopek full_name position email unit_code atasan_nopek status account_id)} ],
    [ 'HO_ORGANIK', '10020003', 'Agus Salim', 'Officer Accounting', 'agus.salim@ptpr.example',
      'HO-FIN', '10020002', 'atasan', '' ],
    'HO - Organik/PKWT: the request row (HR data, status atasan, no account)';
is $row->{note}, "Catatan pemohon $m", 'Catatan Pemohon stored';
is $row->{form_token_set}, 'true', 'the form token is kept on the ticket';
is_deeply platforms_of($id), [ [ 'SAP', "SAP FI untuk $m" ], [ 'VPN', "VPN untuk $m" ] ],
    'platforms with their notes';
is_deeply files_of($id), [ [ "surat-tugas-$m.pdf", 'application/pdf', length($pdf), md5_hex($pdf) ] ],
    'the attachment, byte for byte';
is sql_value("SELECT count(*) FROM draft_attachments WHERE token_hash = decode("
             . lit(Digest::SHA::sha256_hex($rv->{form}{form_token})) . ", 'hex')"), 0,
    'the draft attachments are gone';
is_deeply [ activity($id) ], [ [ 'Agus Salim', 'Pemohon', 'Submitted', '', '' ] ],
    "Activity Log: 'Submitted' by the requester (Pemohon), no account";
my @mail = outbox($id);
is_deeply [ map { $_->[0] } @mail ], [ 'maya.puspitasari@ptpr.example', 'agus.salim@ptpr.example' ],
    'mail queued to the Atasan and to the requester, nobody else';
like $mail[0][1], qr/\Q$nomor\E.*menunggu persetujuan Anda/, 'to the Atasan: asks for approval';
like $mail[0][2], qr{/requests/$id\b}, 'to the Atasan: with the link to the ticket';
like $mail[0][2], qr/Agus Salim/, 'to the Atasan: names the requester';
like $mail[1][1], qr/\Q$nomor\E.*diterima/, 'to the requester: received';
like $mail[1][2], qr/\Q$nomor\E/, 'to the requester: with the Nomor';

# The next form for the same nopek says nothing of the request still open
# (anyone may type a nopek): the ICT stages see it on the ticket
# (t/request/hr_exposure.t).
$rv = review([ ho_spec($m) ]);
unlike $rv->{html}, qr/masih memiliki permohonan|sudah memiliki User ID|\Q$nomor\E/,
    'another request for 10020003: the public review page names no open request';

# ---- HO - TKJP: 20020005 Joko Prasetyo ---------------------------------------------
($id, $nomor, $rv) = submit_ok('HO - TKJP',
    [ ho_spec($m, kind => 'HO_TKJP', nopek => '20020005', note => undef,
              platforms => { POS => "POS SPBU untuk $m" }) ]);
is dd($rv->{html}, 'Nama Lengkap'), 'Joko Prasetyo', 'review: Joko Prasetyo from the HR master';
is dd($rv->{html}, 'Jenis User ID'), 'HO - TKJP', 'review: HO - TKJP';
$row = req_row($id);
is_deeply [ @$row{qw(kind nopek full_name position email unit_code atasan_nopek status note)} ],
    [ 'HO_TKJP', '20020005', 'Joko Prasetyo', 'Admin Finance', 'joko.prasetyo@ptpr.example',
      'HO-FIN', '10020002', 'atasan', '<null>' ],
    'HO - TKJP: the request row (no Catatan Pemohon: NULL)';
is_deeply platforms_of($id), [ [ 'POS', "POS SPBU untuk $m" ] ], 'HO - TKJP: platform and note';
is_deeply files_of($id), [], 'HO - TKJP: no attachments';
is_deeply [ activity($id) ], [ [ 'Joko Prasetyo', 'Pemohon', 'Submitted', '', '' ] ],
    'HO - TKJP: Activity Log';
is_deeply [ map { $_->[0] } outbox($id) ], [ 'maya.puspitasari@ptpr.example', 'joko.prasetyo@ptpr.example' ],
    'HO - TKJP: mail to the Atasan and the requester';

# ---- User ID Unit: UNIT-JKT, Atasan Siti Rahayu (BUH) ------------------------------------
my $png = png_bytes("submit $m");
($id, $nomor, $rv) = submit_ok('User ID Unit',
    [ unit_spec($m, platforms => { EMAIL => "Kotak surat $m", HRIS => "HRIS $m", SAP => "SAP $m" }) ],
    files => [ [ "ktp-$m.png", $png, 'image/png' ], [ "sk-$m.pdf", $pdf, 'application/pdf' ] ]);
$html = $rv->{html};
is dd($html, 'Jenis User ID'), 'User ID Unit', 'review: User ID Unit';
is dd($html, 'Nopek'), "\xe2\x80\x94", 'review: no Nopek for a unit request';
is dd($html, 'Nama Lengkap'), "Uji Unit $m", 'review: the typed name';
is dd($html, 'Divisi/Cab/Unit'), 'Unit Region III Jakarta', 'review: the unit by name';
like dd($html, 'Atasan'), qr/^Siti Rahayu \(Nopek 10050002\)$/, 'review: the BUH as Atasan';
$row = req_row($id);
is_deeply [ @$row{qw(kind nopek full_name position email unit_code atasan_nopek status)} ],
    [ 'UNIT', '<null>', "Uji Unit $m", 'Staf Operasional SPBU', "unit.$m\@unit.example",
      'UNIT-JKT', '10050002', 'atasan' ],
    'User ID Unit: the request row as typed, nopek NULL';
is_deeply platforms_of($id),
    [ [ 'EMAIL', "Kotak surat $m" ], [ 'HRIS', "HRIS $m" ], [ 'SAP', "SAP $m" ] ],
    'User ID Unit: three platforms with their notes';
is_deeply files_of($id),
    [ [ "ktp-$m.png", 'image/png', length($png), md5_hex($png) ],
      [ "sk-$m.pdf", 'application/pdf', length($pdf), md5_hex($pdf) ] ],
    'User ID Unit: both attachments in upload order';
is_deeply [ activity($id) ], [ [ "Uji Unit $m", 'Pemohon', 'Submitted', '', '' ] ],
    'User ID Unit: Activity Log';
@mail = outbox($id);
is_deeply [ map { $_->[0] } @mail ], [ 'siti.rahayu@ptpr.example', "unit.$m\@unit.example" ],
    'User ID Unit: mail to the BUH and to the typed e-mail';
like $mail[0][2], qr/Unit Region III Jakarta/, 'to the Atasan: the unit by name';
like $mail[0][2], qr{^Platform System : SAP S/4HANA, E-mail Korporat, HRIS$}m,
    'to the Atasan: the platforms, in the form\'s order';
like $mail[0][2], qr{^Status +: Waiting for Approval Atasan Pemohon$}m, 'to the Atasan: the status';

is scalar(keys %{{ map { $_ => 1 } @NOMORS }}), 3, 'every ticket has its own Nomor';
