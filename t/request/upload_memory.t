# The public form's files on their way to the draft (issue 21, the upload
# of 1 MB): a request's files up to 2 MiB in all are kept in memory and
# copied to PostgreSQL from there; what passes that (in the middle of a
# file, or a later file of the same request) goes to a spool file with
# what was in memory of it. Either way the draft gets the bytes sent, byte
# for byte, in their order. A file is stored in one transaction with its
# place on the draft: a file that fails in PostgreSQL leaves no row and
# takes no place; an upload cut off in the middle of its body stores
# nothing; a file over the limit is refused without storing anything.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA ();
use IO::Socket::INET ();

plan tests => 29, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

use constant MB => 1024 * 1024;

my $m = unique();
my @UNIT = unit_spec($m);

# A PDF of $size bytes whose every 4-byte word after the header is its own
# number: a block lost, repeated or out of order changes the bytes.
sub counted_pdf {
    my ($tag, $size) = @_;
    my $head = "%PDF-1.4\n% $tag\n";
    my $body = pack('N*', 0 .. int(($size - length $head) / 4) + 1);
    return substr($head . $body, 0, $size);
}

sub upload {
    my ($files, %o) = @_;
    return review(\@UNIT, files => $files, action => 'edit', form => $o{form});
}
sub stored { return [ map { [ $_->[1], $_->[3], $_->[4] ] } draft_files($_[0]{form_token}) ] }
sub places {
    return sql_value("SELECT files FROM request_drafts WHERE token_hash = decode("
        . lit(Digest::SHA::sha256_hex($_[0]{form_token})) . ", 'hex')");
}
sub has_error {
    my ($html, $re) = @_;
    return scalar grep { $_ =~ $re } page_errors($html);
}

# ---- in memory, spooled half-way, two files of one request ----------------------
my $one = counted_pdf("satu $m", MB);
my $u = upload([ [ "satu-mb-$m.pdf", $one, 'application/pdf' ] ]);
is $u->{res}->code, 200, '1 MB (kept in memory): 200';
is_deeply stored($u->{form}), [ [ "satu-mb-$m.pdf", MB, md5_hex($one) ] ],
    '1 MB: stored byte for byte';
is places($u->{form}), 1, '1 MB: one place taken';

my $three = counted_pdf("tiga $m", 3 * MB + 7);
$u = upload([ [ "tiga-mb-$m.pdf", $three, 'application/pdf' ] ]);
is $u->{res}->code, 200, '3 MB (past the memory allowance half-way, then spooled): 200';
is_deeply stored($u->{form}), [ [ "tiga-mb-$m.pdf", 3 * MB + 7, md5_hex($three) ] ],
    '3 MB: stored byte for byte, what was in memory first';

my ($a, $b) = (counted_pdf("a $m", 1.5 * MB), counted_pdf("b $m", 1.5 * MB + 1));
$u = upload([ [ "a-$m.pdf", $a, 'application/pdf' ], [ "b-$m.pdf", $b, 'application/pdf' ] ]);
is_deeply stored($u->{form}),
    [ [ "a-$m.pdf", length $a, md5_hex($a) ], [ "b-$m.pdf", length $b, md5_hex($b) ] ],
    'two files of 1.5 MB in one request (the first in memory, the second spooled): both byte for byte';
is places($u->{form}), 2, '... two places';

# The same 1 MB file sent again to the same draft (a resent POST): kept once.
$u = upload([ [ "lagi-$m.pdf", $one, 'application/pdf' ] ]);
upload([ [ "lagi-$m.pdf", $one, 'application/pdf' ] ], form => $u->{form});
is_deeply stored($u->{form}), [ [ "lagi-$m.pdf", MB, md5_hex($one) ] ],
    'the same 1 MB file sent twice: kept once';
is places($u->{form}), 1, '... one place';

# ---- too large: refused, nothing stored, no place taken ----------------------------
my $big = counted_pdf("besar $m", 5 * MB + 1);
$u = upload([ [ "besar-$m.pdf", $big, 'application/pdf' ],
              [ "kecil-$m.pdf", $one, 'application/pdf' ] ]);
is $u->{res}->code, 413, '5 MB + 1 byte beside 1 MB: 413';
ok has_error($u->{html}, qr/^File besar-\Q$m\E\.pdf melebihi batas 5,0 MB\.$/),
    '... the message names the file and the limit';
is_deeply stored($u->{form}), [ [ "kecil-$m.pdf", MB, md5_hex($one) ] ],
    '... the big file not stored, the one within the limit kept';
is places($u->{form}), 1, '... one place taken (the kept one)';

# ---- PostgreSQL refuses the file: no row, no place -------------------------------
# A trigger refusing this test's file names stands for any failure of the
# COPY (the database, a constraint): the file's transaction rolls back.
sql(<<SQL);
CREATE FUNCTION test_refuse_$m() RETURNS trigger LANGUAGE plpgsql AS
\$\$ BEGIN IF NEW.filename LIKE 'gagal-%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
RETURN NEW; END \$\$
SQL
sql("CREATE TRIGGER refuse_$m BEFORE INSERT ON draft_attachments FOR EACH ROW"
    . " EXECUTE FUNCTION test_refuse_$m()");
$u = upload([ [ "gagal-$m.pdf", $one, 'application/pdf' ],
              [ "baik-$m.pdf", pdf_bytes("baik $m"), 'application/pdf' ] ]);
sql("DROP TRIGGER refuse_$m ON draft_attachments");
sql("DROP FUNCTION test_refuse_$m()");
is $u->{res}->code, 200, 'a file PostgreSQL refuses: 200, the form again';
ok has_error($u->{html}, qr/\Qgagal-$m.pdf\E/), '... with a message naming it';
is_deeply [ map { $_->[0] } @{ stored($u->{form}) } ], [ "baik-$m.pdf" ],
    '... no row of it; the next file of the request stored';
is places($u->{form}), 1, '... and it took no place (one, the stored file\'s)';
like join("\n", map { $_->{filename} } page_attachments($u->{html})), qr/\A\Qbaik-$m.pdf\E\z/,
    '... the form lists only the stored file';

# ---- cut off in the middle of the body: nothing stored ------------------------------
{
    my $prev = jar();
    as_public();
    my $form = open_form();
    use_jar($prev);
    my $hostport = Apache::TestRequest::hostport();
    my $bnd = "----pservcut$m";
    my $part = sub { "--$bnd\r\nContent-Disposition: form-data; name=\"$_[0]\"\r\n\r\n$_[1]\r\n" };
    my $body = $part->(csrf => $form->{csrf}) . $part->(form_token => $form->{form_token})
        . $part->(kind => 'UNIT') . $part->(action => 'edit')
        . "--$bnd\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"putus-$m.pdf\"\r\n"
        . "Content-Type: application/pdf\r\n\r\n" . $one . "\r\n--$bnd--\r\n";
    my $sent = length($body) - 100 * 1024;   # the file's last 100 KB and the end never come
    my $sock = IO::Socket::INET->new(PeerAddr => $hostport, Timeout => 60);
    ok $sock, 'a raw connection';
    local $SIG{PIPE} = 'IGNORE';
    print $sock "POST /request/new HTTP/1.1\r\nHost: $hostport\r\n"
        . "Origin: http://$hostport\r\nCookie: pserv_csrf=$form->{csrf}\r\n"
        . "Content-Type: multipart/form-data; boundary=$bnd\r\n"
        . "Content-Length: " . length($body) . "\r\nConnection: close\r\n\r\n"
        . substr($body, 0, $sent);
    shutdown($sock, 1);   # no more from us: the server reads the end of the body
    my $status = <$sock> // '';
    like $status, qr{^HTTP/1\.1 400 }, 'a body cut off in the middle of the file: 400, once the server has read it'
        or diag $status;
    close $sock;
    is_deeply stored($form), [], '... nothing stored for the draft';
    is places($form), 0, '... no place taken';
    # the same draft then takes the whole file
    $u = upload([ [ "putus-$m.pdf", $one, 'application/pdf' ] ], form => $form);
    is_deeply stored($form), [ [ "putus-$m.pdf", MB, md5_hex($one) ] ],
        'the same file sent whole afterwards: stored once, byte for byte';
}

# ---- the drafts are unlogged (migration 028): what a crash leaves ---------------------
# After PostgreSQL crashes both draft tables are empty (a standby's too): the
# requester meets the expired form's message, the fields stay, the files are
# asked for again; tickets and their attachments are logged as before.
is sql_value("SELECT string_agg(relname || '=' || relpersistence::text, ' ' ORDER BY relname) FROM pg_class"
             . " WHERE relname IN ('request_drafts', 'draft_attachments', 'attachments', 'requests')"),
    'attachments=p draft_attachments=u request_drafts=u requests=p',
    'the two draft tables are unlogged; tickets and their attachments are not';
{
    as_public();
    my $form = open_form();
    my $crash = counted_pdf("crash $m", 4096);
    upload([ [ "crash-$m.pdf", $crash, 'application/pdf' ] ], form => $form);
    is scalar(@{ stored($form) }), 1, 'a file in a draft';
    # what a crash does to the draft (the unlogged tables emptied)
    sql("DELETE FROM request_drafts WHERE token_hash = decode("
        . lit(Digest::SHA::sha256_hex($form->{form_token})) . ", 'hex')");
    my $rv = review(\@UNIT, form => $form);
    ok has_error($rv->{html}, qr/^Sesi formulir telah berakhir; lampiran perlu diunggah ulang\.$/),
        'the draft gone: the form says so and asks for the files again';
    is input_value($rv->{html}, 'full_name'), "Uji Unit $m", '... the fields kept as typed';
    my $again = { form_token => input_value($rv->{html}, 'form_token') };
    isnt $again->{form_token}, $form->{form_token}, '... under a new draft';
    is_deeply stored($again), [], '... with no file yet';
}
