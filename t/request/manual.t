# The manual to the letter (issue 22, items 1, 2, 4 and 5), in both
# languages:
# 1. Tambahkan File Baru is the control people see (a label styled as a
#    button, for the file input: its name), and every file the server
#    refuses is said beside it (err-attachments), not only in the summary.
# 2. Section 3 is "Catatan Platform System Dipilih", with the sub-parts
#    "Catatan Platform System Dipilih" and "Catatan Pemohon": on the form,
#    the review page and the ticket page.
# 4. The password done page: title and text agree ("berhasil diubah");
#    the breadcrumbs say "Halaman Login".
# 5. User ID Baru is lowercased before it is judged ("Agus.Salim" is
#    agus.salim), and the hint says so.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA qw(sha256_hex);
use MIME::Base64 qw(encode_base64url);
use HTML::Entities ();

plan tests => 60, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my @EN = ('Accept-Language' => 'en');

sub text_of {
    my ($s) = @_;
    $s =~ s/<[^>]*>//g;
    $s = HTML::Entities::decode_entities($s);
    $s =~ s/\s+/ /g;
    $s =~ s/^ | $//g;
    return $s;
}
# The messages beside Tambahkan File Baru.
sub beside {
    my ($html) = @_;
    return () unless $html =~ m{<ul class="field-error file-errors" id="err-attachments">(.*?)</ul>}s;
    my $ul = $1;
    my @e;
    push @e, text_of($1) while $ul =~ m{<li>(.*?)</li>}gs;
    return @e;
}
sub crumbs {
    my ($html) = @_;
    return '' unless $html =~ m{<nav class="crumbs"[^>]*>(.*?)</nav>}s;
    return $1;
}
sub h1 { my ($html) = @_; return $html =~ m{<h1[^>]*>(.*?)</h1>}s ? text_of($1) : '' }

# ---- 1. Tambahkan File Baru ---------------------------------------------------------
for my $lang ([ id => 'Tambahkan File Baru', [] ], [ en => 'Add New Files', \@EN ]) {
    my ($code, $label, $h) = @$lang;
    as_public(fresh => 1);
    my $html = open_form(@$h)->{html};
    my ($input) = $html =~ m{(<input[^>]*type="file"[^>]*>)};
    like $input // '', qr{id="f-attachments"}, "$code: the file input is f-attachments";
    like $html, qr{<label for="f-attachments" class="btn btn-outline file-add">\Q$label\E</label>},
        "$code: its label, styled as a button, reads \"$label\"";
    is scalar(() = $html =~ m{<label[^>]*for="f-attachments"}g), 1, "$code: ... its only label (its name)";
    unlike $input // '', qr{hidden|tabindex="-1"}, "$code: ... the input stays focusable";
}

my @bad = ([ "salah-$m.exe", elf_bytes('x'), 'application/octet-stream' ],
           [ "palsu-$m.pdf", png_bytes("palsu $m"), 'application/pdf' ],
           [ "baik-$m.png", png_bytes("baik $m"), 'image/png' ]);
my @want = ("File salah-$m.exe tidak diterima: hanya JPG, JPEG, PNG atau PDF.",
            "Isi file palsu-$m.pdf tidak sesuai dengan jenisnya (JPG, JPEG, PNG atau PDF).");
my $u = review([ unit_spec($m) ], files => \@bad, action => 'edit');
is $u->{res}->code, 200, 'two refused files and a good one: 200';
is_deeply [ beside($u->{html}) ], \@want, '... each refused file said beside Tambahkan File Baru';
is_deeply [ grep { /salah-|palsu-/ } page_errors($u->{html}) ], \@want, '... and in the summary';
like $u->{html}, qr{<a href="#f-attachments">\QFile salah-$m.exe\E}, '... the summary linking to the control';
my ($input) = $u->{html} =~ m{(<input[^>]*type="file"[^>]*>)};
like $input // '', qr{aria-invalid="true"}, '... the input marked invalid';
like $input // '', qr{aria-describedby="err-attachments hint-attachments"}, '... described by the messages';
like $u->{html}, qr{class="field upload-field has-error"}, '... the field marked';
is_deeply [ map { $_->{filename} } page_attachments($u->{html}) ], [ "baik-$m.png" ],
    '... the good file kept';
$u = review([ unit_spec($m) ], files => [ [ "lagi-$m.png", png_bytes("lagi $m"), 'image/png' ] ],
            action => 'edit', form => $u->{form});
is_deeply [ beside($u->{html}) ], [], 'a good file next: nothing beside the control';
unlike $u->{html}, qr{id="err-attachments"}, '... no message element at all';

as_public(fresh => 1);
$u = review([ unit_spec($m) ], files => [ $bad[0] ], action => 'edit', headers => \@EN);
is_deeply [ beside($u->{html}) ], [ "File salah-$m.exe was not accepted: only JPG, JPEG, PNG or PDF." ],
    'en: the message beside the control in English';

# ---- 2. Catatan Platform System Dipilih ----------------------------------------------
my $S3 = 'Catatan Platform System Dipilih';
my $S3_EN = 'Notes on the Selected Platform Systems';
as_public(fresh => 1);
my $html = open_form()->{html};
like $html, qr{<fieldset class="form-section" id="sec-notes">\s*<legend><h2>\Q$S3\E</h2></legend>\s*<fieldset class="subsection" id="platform-notes">\s*<legend>\Q$S3\E</legend>}s,
    "form: section 3 is \"$S3\", its first sub-part \"$S3\"";
like $html, qr{<label for="f-note">Catatan Pemohon</label>}, '... then Catatan Pemohon';
unlike $html, qr{<h2>Catatan</h2>}, '... the old heading "Catatan" is gone';
$html = open_form(@EN)->{html};
like $html, qr{<legend><h2>\Q$S3_EN\E</h2></legend>\s*<fieldset class="subsection" id="platform-notes">\s*<legend>\Q$S3_EN\E</legend>}s,
    "form, en: \"$S3_EN\" and its sub-part";
like $html, qr{<label for="f-note">Requester's Note</label>}, '... then Requester\'s Note';

my $rv = review([ unit_spec($m) ]);
is page_mode($rv->{html}), 'review', 'the review page';
like $rv->{html}, qr{<h2 id="rv-notes">\Q$S3\E</h2>\s*<h3>\Q$S3\E</h3>.*?\QAkses SAP untuk $m\E.*?<h3 class="review-subtitle">Catatan Pemohon</h3>\s*<p class="note-text">\s*\QCatatan pemohon $m\E}s,
    "review: \"$S3\", its sub-parts with the notes";
$rv = review([ unit_spec($m) ], headers => \@EN);
like $rv->{html}, qr{<h2 id="rv-notes">\Q$S3_EN\E</h2>\s*<h3>\Q$S3_EN\E</h3>.*?<h3 class="review-subtitle">Requester's Note</h3>}s,
    'review, en: the same in English';

my $t = create_ticket(unit_spec($m));
as_user('rina.wulandari');
my $page = ticket_page($t->{id});
is $page->code, 200, 'the ticket page';
$html = $page->content;
like $html, qr{<h2 id="sec-notes">\Q$S3\E</h2>\s*<h3 id="sec-platform-notes">\Q$S3\E</h3>}s,
    "ticket: section \"$S3\", its first sub-part \"$S3\"";
like $html, qr{<dt>SAP[^<]*</dt>\s*<dd class="pre-text">\QAkses SAP untuk $m\E</dd>}, '... the platform\'s note there';
like $html, qr{<h3 id="sec-note" class="ticket-subtitle">Catatan Pemohon</h3>.*?\QCatatan pemohon $m\E}s,
    '... then Catatan Pemohon';
is scalar(() = $html =~ /\QAkses SAP untuk $m\E/g), 1, '... the note shown once (not again under Platform System)';
$html = GET("/requests/$t->{id}", @EN)->content;
like $html, qr{<h2 id="sec-notes">\Q$S3_EN\E</h2>\s*<h3 id="sec-platform-notes">\Q$S3_EN\E</h3>.*?<h3 id="sec-note" class="ticket-subtitle">Requester's Note</h3>}s,
    'ticket, en: the same in English';

# ---- 4. the password done page ----------------------------------------------------
my $PW = 'Kuda-Lumping-Berlari-77';
my $user = "pw.$m";
sub cleanup { sql("DELETE FROM accounts WHERE username = " . lit($user)) }
END { eval { cleanup() } if db_ok() }
my $acct = sql_value("INSERT INTO accounts (username, full_name, email) VALUES ("
                     . lit($user) . ", 'Uji Password', " . lit("pw.$m\@ptpr.example") . ") RETURNING id");
sub link_for {
    my $token = encode_base64url(join '', map { chr int rand 256 } 1 .. 32);
    sql("INSERT INTO one_time_tokens (token_hash, purpose, account_id, created_at, expires_at)"
        . " VALUES (decode(" . lit(sha256_hex($token)) . ", 'hex'), 'set_password', $acct,"
        . " now(), now() + interval '3 days')");
    return $token;
}
for my $lang ([ id => 'Password Berhasil Diubah', qr/^Password untuk User ID \Q$user\E berhasil diubah\./,
                'Halaman Login', [] ],
              [ en => 'Password Changed', qr/^The password for User ID \Q$user\E has been changed\./,
                'Login Page', \@EN ]) {
    my ($code, $title, $text, $crumb, $h) = @$lang;
    new_browser();
    my $token = link_for();
    my $r = GET("/password/set?token=$token", @$h);
    is $r->code, 200, "$code: the set-password page";
    like crumbs($r->content), qr{<a href="[^"]*/login">\Q$crumb\E</a>}, "$code: ... its breadcrumb says \"$crumb\"";
    $r = POST('/password/set', @$h, content => [csrf => csrf_of($r->content) // '', token => $token,
                                                password => $PW, password2 => $PW]);
    is $r->code, 200, "$code: the password is set";
    is h1($r->content), $title, "$code: ... the title \"$title\"";
    my ($msg) = $r->content =~ m{<p[^>]*>([^<]*\Q$user\E[^<]*)</p>};
    like text_of($msg // ''), $text, "$code: ... the text agrees with it";
    unlike $r->content, qr/berhasil dibuat|has been set\b/, "$code: ... no \"dibuat\"/\"set\" any more";
    like crumbs($r->content), qr{<a href="[^"]*/login">\Q$crumb\E</a>}, "$code: ... the breadcrumb \"$crumb\"";
    unlike crumbs($r->content), qr{>Login</a>}, "$code: ... not \"Login\"";
    $r = GET('/password/forgot', @$h);
    like crumbs($r->content), qr{<a href="[^"]*/login">\Q$crumb\E</a>}, "$code: Lupa Password?'s breadcrumb too";
}

# ---- 5. User ID Baru in lower case ------------------------------------------------
my $w = create_ticket(unit_spec($m));
decide_to('siti.rahayu', $w->{id}, reason => "Atasan $m");
decide_to('rina.wulandari', $w->{id}, reason => "Verificator $m");
decide_to('bambang.sutrisno', $w->{id}, reason => "Manager $m");
as_user('dedi.kurniawan');
$page = ticket_page($w->{id});
like $page->content, qr{<span class="hint" id="dec-user_id-hint">[^<]*huruf kecil[^<]*Huruf besar diubah menjadi huruf kecil \(Agus\.Salim menjadi agus\.salim\)\.</span>},
    'the hint of User ID Baru says capitals become lowercase';
like GET("/requests/$w->{id}", @EN)->content, qr{id="dec-user_id-hint">[^<]*Capital letters are made lowercase \(Agus\.Salim becomes agus\.salim\)\.</span>},
    '... in English too';
my $typed = "Agus.\U$m";
my $lower = "agus.$m";
my $r = decide($w->{id}, reason => "Dibuat $m", user_id => $typed, confirm => undef);
is $r->code, 200, "Confirm with \"$typed\": the confirmation page, not a refusal";
like $r->content, qr/Anda yakin akan membuat User ID \Q$lower\E untuk permohonan/, '... naming the lowercase User ID';
is input_value(form_block($r->content, qr{action="/requests/$w->{id}/decide"}) // '', 'user_id'), $lower,
    '... and carrying it';
$r = decide($w->{id}, reason => "Dibuat $m", user_id => $typed);
is $r->code, 303, '... Confirm: 303';
is req_status($w->{id}), 'completed', '... Completed';
ok account_row($lower), "... the account is $lower";
is sql_value("SELECT count(*) FROM accounts WHERE username = " . lit($typed)), 0, "... no account $typed";
