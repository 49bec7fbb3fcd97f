# Attachments on the public form: JPG, JPEG, PNG or PDF only, judged by
# name and first bytes together (a PNG named .pdf and an executable named
# .pdf are refused), at most 5 MB each (5 MB + 1 byte: 413 with the form and
# its message) and at most 5 files. Files already uploaded stay with the
# draft across review and edit until ticked "Hapus" (remove_attachment),
# and reach the ticket byte for byte.
# Body limits (issue 16, item 5): only the two upload routes (POST
# /request/new, POST /admin/employees/import) take large bodies; every
# other path refuses a body over 128 KiB (LimitRequestBody, 413), and a
# form refuses a chunked body over its own cap without reading on.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 80, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

use constant MB5 => 5 * 1024 * 1024;

my $m = unique();
my @UNIT = unit_spec($m);

# POST the form (action edit: no validation, just keep the files) in the
# public browser; returns { form, res, html }.
sub upload {
    my ($files, %o) = @_;
    return review($o{spec} || \@UNIT, files => $files, action => $o{action} // 'edit',
                  form => $o{form});
}

sub names { return [ map { $_->{filename} } page_attachments($_[0]) ] }
sub stored { return [ map { $_->[1] } draft_files($_[0]{form_token}) ] }
sub has_error {
    my ($html, $re) = @_;
    return scalar grep { $_ =~ $re } page_errors($html);
}

# ---- six files at once --------------------------------------------------------
my @six = map { [ "lampiran-$_-$m." . ($_ % 2 ? 'png' : 'pdf'),
                  $_ % 2 ? png_bytes("six $_") : pdf_bytes("six $_"),
                  $_ % 2 ? 'image/png' : 'application/pdf' ] } 1 .. 6;
my $u = upload(\@six);
is $u->{res}->code, 200, 'six files: 200';
is page_mode($u->{html}), 'edit', 'six files: the form again';
ok has_error($u->{html}, qr/^File lampiran-6-\Q$m\E\.pdf tidak disimpan: maksimal 5 file lampiran\.$/),
    'six files: the sixth is refused with a message';
is_deeply stored($u->{form}), [ map { $_->[0] } @six[0..4] ], 'six files: the first five kept in the draft';
is_deeply names($u->{html}), [ map { $_->[0] } @six[0..4] ], 'six files: the form lists the five kept';
my $again = upload([ [ "ketujuh-$m.png", png_bytes('7'), 'image/png' ] ], form => $u->{form});
ok has_error($again->{html}, qr/^File ketujuh-\Q$m\E\.png tidak disimpan: maksimal 5 file lampiran\.$/),
    'one more file later: refused, five are already there';
is scalar @{ stored($u->{form}) }, 5, 'still five in the draft';
my $rv = upload([], form => $u->{form}, action => 'review');
is page_mode($rv->{html}), 'review', 'five files: the review page';
is scalar(page_attachments($rv->{html})), 5, 'the review page lists five files';

# ---- size --------------------------------------------------------------------------
my $big = pdf_bytes("big $m", MB5 + 1);
is length($big), MB5 + 1, 'a PDF of 5 MB + 1 byte';
$u = upload([ [ "besar-$m.pdf", $big, 'application/pdf' ] ]);
is $u->{res}->code, 413, '5 MB + 1 byte: 413';
like $u->{res}->header('Content-Type') // '', qr{^text/html}, '... an HTML page';
is page_mode($u->{html}), 'edit', '... the form itself, not an error page';
ok has_error($u->{html}, qr/^File besar-\Q$m\E\.pdf melebihi batas 5,0 MB\.$/),
    '... with the message naming the file and the limit';
is page_nomor($u->{html}), $u->{form}{nomor}, '... the same draft (same Nomor)';
is input_value($u->{html}, 'full_name'), "Uji Unit $m", '... the typed values kept';
is_deeply stored($u->{form}), [], '... nothing stored';

my $exact = pdf_bytes("exact $m", MB5);
$u = upload([ [ "pas-$m.pdf", $exact, 'application/pdf' ] ]);
is $u->{res}->code, 200, 'exactly 5 MB: 200';
is_deeply [ map { [ $_->[1], $_->[3], $_->[4] ] } draft_files($u->{form}{form_token}) ],
    [ [ "pas-$m.pdf", MB5, md5_hex($exact) ] ], 'exactly 5 MB: kept, byte for byte';

# ---- name and content must agree --------------------------------------------------------
my @bad = (
    [ "program-$m.pdf", elf_bytes(), 'an ELF executable named .pdf', 'application/pdf' ],
    [ "gambar-$m.pdf", png_bytes('renamed'), 'a PNG renamed .pdf', 'application/pdf' ],
    [ "dokumen-$m.png", pdf_bytes('renamed'), 'a PDF renamed .png', 'image/png' ],
    [ "foto-$m.jpg", png_bytes('as jpg'), 'a PNG renamed .jpg', 'image/jpeg' ],
    [ "teks-$m.pdf", "just some text\n", 'text named .pdf', 'application/pdf' ],
);
for my $b (@bad) {
    my ($name, $bytes, $what, $type) = @$b;
    $u = upload([ [ $name, $bytes, $type ] ]);
    is $u->{res}->code, 200, "$what: 200";
    ok has_error($u->{html}, qr/^Isi file \Q$name\E tidak sesuai dengan jenisnya \(JPG, JPEG, PNG atau PDF\)\.$/),
        "$what: refused, the content is not what the name says";
    is_deeply stored($u->{form}), [], "$what: not stored";
}
for my $b ([ "setup-$m.exe", "MZ\x90\x00" . ('x' x 64), 'an .exe' ],
           [ "catatan-$m.txt", "teks\n", 'a .txt' ],
           [ "tanpa-ekstensi-$m", pdf_bytes('noext'), 'a PDF without an extension' ],
           [ "halaman-$m.html", "<html></html>", 'an .html' ]) {
    my ($name, $bytes, $what) = @$b;
    $u = upload([ [ $name, $bytes, 'application/octet-stream' ] ]);
    ok has_error($u->{html}, qr/^File \Q$name\E tidak diterima: hanya JPG, JPEG, PNG atau PDF\.$/),
        "$what: refused by its name";
    is_deeply stored($u->{form}), [], "$what: not stored";
}
# The label the browser puts on a part does not matter: only name and bytes.
$u = upload([ [ "foto-$m.jpg", jpeg_bytes('a'), 'text/plain' ],
              [ "foto-$m.JPEG", jpeg_bytes('b'), 'application/octet-stream' ],
              [ "scan-$m.PNG", png_bytes('c'), 'image/png' ] ]);
is_deeply [ map { [ $_->[1], $_->[2] ] } draft_files($u->{form}{form_token}) ],
    [ [ "foto-$m.jpg", 'image/jpeg' ], [ "foto-$m.JPEG", 'image/jpeg' ], [ "scan-$m.PNG", 'image/png' ] ],
    '.jpg, .JPEG and .PNG with the right bytes are kept, typed by their content';
ok !page_errors($u->{html}), '... without a message';

# ---- kept across review and edit, then on the ticket ----------------------------------------------
my $pdf = pdf_bytes("keep $m");
my $png = png_bytes("keep $m");
$rv = review(\@UNIT, files => [ [ "surat-$m.pdf", $pdf, 'application/pdf' ],
                                [ "foto-$m.png", $png, 'image/png' ] ]);
is page_mode($rv->{html}), 'review', 'PDF + PNG: the review page';
is_deeply names($rv->{html}), [ "surat-$m.pdf", "foto-$m.png" ], 'the review page lists both';

# Ubah Data: the review page's form back to /request/new.
my $back = form_block($rv->{html}, qr{action="[^"]*request/new"});
ok $back, 'the review page has the Ubah Data form';
my $prev = jar();
as_public();
my $r = post_new([ form_pairs($back), action => 'edit' ]);
is $r->code, 200, 'Ubah Data: 200';
is page_mode($r->content), 'edit', 'Ubah Data: the form';
my @listed = page_attachments($r->content);
is_deeply [ map { $_->{filename} } @listed ], [ "surat-$m.pdf", "foto-$m.png" ],
    'Ubah Data: both files still there';
ok !(grep { !defined $_->{id} } @listed), '... each with its Hapus checkbox';
is input_value($r->content, 'full_name'), "Uji Unit $m", 'Ubah Data: the values still there';

# Review again from the edit page, unchanged.
my $edit = form_block($r->content, qr{id="request-form"});
$r = post_new([ form_pairs($edit), action => 'review' ]);
is page_mode($r->content), 'review', 'review again: the review page';
is_deeply names($r->content), [ "surat-$m.pdf", "foto-$m.png" ], 'review again: both files';
use_jar($prev);
$r = submit_review({ html => $r->content });
like $r->content, qr/Permohonan Berhasil Di-Submit/, 'submitted';
my $id = req_id(page_nomor($r->content));
my @att = sql("SELECT id, filename, content_type, size, md5(data) FROM attachments WHERE request_id = $id ORDER BY id");
is_deeply [ map { [ @$_[1..4] ] } @att ],
    [ [ "surat-$m.pdf", 'application/pdf', length $pdf, md5_hex($pdf) ],
      [ "foto-$m.png", 'image/png', length $png, md5_hex($png) ] ],
    'the ticket has both files, byte for byte';

# Downloaded by the Atasan (Siti Rahayu, UNIT-JKT).
as_user('siti.rahayu');
my $t = ticket_page($id);
like $t->content, qr{href="/attachments/$att[1][0]"}, 'the ticket page links the PNG';
$r = GET("/attachments/$att[1][0]");
is $r->code, 200, 'GET /attachments/N: 200 for the Atasan';
is $r->header('Content-Type'), 'image/png', '... as image/png';
ok $r->content eq $png, '... the same bytes';
like $r->header('Content-Disposition') // '', qr/^inline; filename="foto-\Q$m\E\.png"/, '... inline, under its name';
is $r->header('X-Content-Type-Options'), 'nosniff', '... never sniffed';
$r = GET("/attachments/$att[0][0]");
is $r->header('Content-Type'), 'application/pdf', 'the PDF as application/pdf';
ok $r->content eq $pdf, '... the same bytes';

# A name with spaces downloads under that very name: in filename*
# (RFC 5987) a "+" is a plus sign, a space must be %20.
my $spaced = "surat tugas $m.pdf";
my $t2 = create_ticket(@UNIT, { files => [ [ $spaced, pdf_bytes('spaced'), 'application/pdf' ] ] });
my $aid = sql_value("SELECT id FROM attachments WHERE request_id = $t2->{id}");
$r = GET("/attachments/$aid");
my ($ext) = ($r->header('Content-Disposition') // '') =~ /filename\*=UTF-8''([^;\s]+)/;
(my $decoded = $ext // '') =~ s/%([0-9A-Fa-f]{2})/chr hex $1/ge;
is $decoded, $spaced, 'filename* gives back the name with its spaces'
    or diag 'Content-Disposition: ' . ($r->header('Content-Disposition') // '');

# ---- Hapus (remove_attachment) ----------------------------------------------------------------------
$u = upload([ [ "buang-$m.png", png_bytes('gone'), 'image/png' ],
              [ "simpan-$m.pdf", pdf_bytes('stays'), 'application/pdf' ] ]);
my @ids = map { $_->{id} } page_attachments($u->{html});
is scalar(grep { defined } @ids), 2, 'two files uploaded, each with its Hapus checkbox';

# Another draft cannot remove them.
{
    my $prev = jar();
    as_public();
    my $f2 = open_form();
    post_new([ csrf => $f2->{csrf}, form_token => $f2->{form_token}, spec_pairs(@UNIT),
               remove_attachment => $ids[0], remove_attachment => $ids[1], action => 'edit' ]);
    use_jar($prev);
}
is scalar @{ stored($u->{form}) }, 2, "another draft's remove_attachment leaves these files alone";

$rv = review([ @UNIT, extra => [ remove_attachment => $ids[0] ] ], form => $u->{form});
is page_mode($rv->{html}), 'review', 'Hapus ticked, then review: the review page';
is_deeply names($rv->{html}), [ "simpan-$m.pdf" ], 'the review page lists only the file kept';
is_deeply stored($u->{form}), [ "simpan-$m.pdf" ], 'the removed file left the draft';
$r = submit_review($rv);
$id = req_id(page_nomor($r->content));
is_deeply [ map { $_->[0] } sql("SELECT filename FROM attachments WHERE request_id = $id ORDER BY id") ],
    [ "simpan-$m.pdf" ], 'the ticket has only the file kept';

# ---- the same file sent again --------------------------------------------------------------------
# The back button, or a browser resending a POST whose connection closed
# before the answer, sends the same file to the same draft again: it is
# kept once. Another file of the same name (other bytes) is a file more.
my $same = [ "sama-$m.png", png_bytes("same $m"), 'image/png' ];
$u = upload([ $same ]);
upload([ $same ], form => $u->{form});
is_deeply stored($u->{form}), [ "sama-$m.png" ], 'the same file sent twice: kept once';
is sql_value("SELECT files FROM request_drafts WHERE token_hash = decode('"
             . Digest::SHA::sha256_hex($u->{form}{form_token}) . "', 'hex')"), 1,
    '... and it takes one place of five';
upload([ [ "sama-$m.png", png_bytes("other $m"), 'image/png' ] ], form => $u->{form});
is_deeply stored($u->{form}), [ "sama-$m.png", "sama-$m.png" ],
    'a file of the same name with other bytes: kept beside it';

# ---- body limits outside the upload routes --------------------------------------------
{
    use IO::Socket::INET ();
    my $hostport = Apache::TestRequest::hostport();
    # A raw request: the status line of the answer, and the seconds it took.
    my $raw = sub {
        my ($head, $body) = @_;
        my $t0 = time;
        my $sock = IO::Socket::INET->new(PeerAddr => $hostport, Timeout => 30)
            or return ('no connection', 0);
        local $SIG{PIPE} = 'IGNORE';
        print $sock $head;
        print $sock $body if defined $body;
        my $line = <$sock> // '';
        $line =~ s/\r?\n$//;
        return ($line, time - $t0);
    };
    my $mb = 'a' x (1024 * 1024);
    for my $path ('/login', '/request/submit', '/password/forgot') {
        my ($st) = $raw->("POST $path HTTP/1.1\r\nHost: $hostport\r\n"
            . "Content-Type: application/x-www-form-urlencoded\r\n"
            . "Content-Length: " . length($mb) . "\r\nConnection: close\r\n\r\n", $mb);
        like $st, qr{^HTTP/1\.1 413 }, "POST $path with a 1 MB body: 413";
    }
    # Chunked, no length said: 200 KB in 50 chunks, then nothing more. The
    # answer comes once the cap is passed, not when the body ends (it never
    # does here: the client stops sending and waits).
    my $chunk = 'u=' . ('b' x 4094);
    my $head = "POST /login HTTP/1.1\r\nHost: $hostport\r\n"
        . "Content-Type: application/x-www-form-urlencoded\r\n"
        . "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    my ($st, $secs) = $raw->($head, join '', map { sprintf("%x\r\n%s\r\n", length $chunk, $chunk) } 1 .. 50);
    like $st, qr{^HTTP/1\.1 413 }, 'POST /login, chunked, 200 KB and no end: 413';
    cmp_ok $secs, '<', 10, '... answered at once, not after the body timeout';
    # Below LimitRequestBody but over the login form's own 8 KiB.
    ($st, $secs) = $raw->($head, join '', map { sprintf("%x\r\n%s\r\n", length $chunk, $chunk) } 1 .. 4);
    like $st, qr{^HTTP/1\.1 413 }, 'POST /login, chunked, 16 KB and no end: 413 at once (the form\'s cap)';
}
