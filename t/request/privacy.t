# The Pemberitahuan Privasi (issue 23, UU No. 27/2022): what is collected,
# why, who sees it, how long it is kept and whom to contact. The public
# form links it, the review page shows it above Submit Permohonan (with
# "by pressing Submit Permohonan you have read it"), Status Permintaan
# links it, GET /privasi shows it in full; in both languages. Its version
# (the first 16 hex digits of the SHA-256 of the paragraphs shown, joined
# by a blank line) goes with the review page's submit and is stored in
# requests.privacy_notice; a submit carrying another version (the notice
# changed since the review) gets the review page again, with the notice in
# force and a message, and stores nothing. PservPrivacyNotice FILE
# [FILE-en] replaces the catalogues' text (t/conf/extra.conf.in gives the
# files to a request with X-Pserv-Test-Privacy), PservPrivacyContact the
# contact; a file that cannot be read stops Apache, saying why.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA qw(sha256_hex);
use HTML::Entities ();

plan tests => 91, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my @IDH = ('Accept-Language' => 'id-ID,id;q=0.9');
my @ENH = ('Accept-Language' => 'en-GB,en;q=0.9');
my @FILE = ('X-Pserv-Test-Privacy' => 'file');

# The notice's paragraphs on a page (decoded, as shown), in order.
sub notice_paras {
    my ($html) = @_;
    my ($box) = $html =~ m{<div class="privacy-text">(.*?)</div>}s or return [];
    return [ map { HTML::Entities::decode_entities($_) } $box =~ m{<p>(.*?)</p>}gs ];
}
# The version of what a page shows: SHA-256 of the paragraphs joined by a
# blank line, its first 16 hex digits (the page is UTF-8 bytes).
sub version_of {
    my ($paras) = @_;
    my $text = join "\n\n", @$paras;
    utf8::encode($text) if utf8::is_utf8($text);
    return substr(sha256_hex($text), 0, 16);
}
sub hidden_version { return input_value($_[0], 'privacy_notice') }
sub count_requests { return sql_value("SELECT count(*) FROM requests") }

# ---- GET /privasi, in both languages -----------------------------------------------------
as_public(fresh => 1);
my $r = GET('/privasi', @IDH);
is $r->code, 200, 'GET /privasi: public, 200 without a session';
my $html = $r->content;
like $html, qr{<h1 class="page-title">Pemberitahuan Privasi</h1>}, '... titled Pemberitahuan Privasi';
my $id_paras = notice_paras($html);
ok @$id_paras >= 5, '... in paragraphs (' . scalar(@$id_paras) . ')';
my $id_text = join ' ', @$id_paras;
like $id_text, qr/nama lengkap, nopek, jabatan, alamat e-mail, Divisi\/Cab\/Unit, Atasan, Platform System .*catatan.*lampiran/,
    '... what is collected: name, nopek, position, e-mail, unit, Atasan, platforms and notes, attachments';
like $id_text, qr/Tujuan: membuat dan mengelola User ID/, '... why: to create and manage the User ID';
like $id_text, qr/Atasan Anda; ICT Verificator, ICT Manager dan ICT Executor .*Administrator P-Serv/,
    '... who sees it: the Atasan, the ICT roles, the Administrator';
like $id_text, qr/pengaturan retensi.*365 hari.*180 hari.*1 hari/, '... how long: the retention settings and their defaults';
like $id_paras->[-1], qr/^Kontak: Administrator P-Serv melalui ICT Helpdesk, /, '... whom to contact (the default), last';
my $id_version = version_of($id_paras);
like $html, qr{<p class="hint privacy-version">Versi pemberitahuan: <code>\Q$id_version\E</code></p>},
    "... its version shown: the SHA-256 prefix of its text ($id_version)";
like $html, qr{<html[^>]* lang="id"}, '... in Bahasa Indonesia';

$r = GET('/privasi', @ENH);
$html = $r->content;
like $html, qr{<h1 class="page-title">Privacy Notice</h1>}, 'GET /privasi in English: Privacy Notice';
my $en_paras = notice_paras($html);
my $en_text = join ' ', @$en_paras;
like $en_text, qr/What we collect: your full name, nopek .*position, e-mail address, division\/branch\/unit, your Atasan/,
    '... what is collected, in English';
like $en_text, qr/Who sees it: your Atasan; the ICT Verificator, ICT Manager and ICT Executor .*Administrator/, '... who sees it';
like $en_text, qr/retention settings.*365 days.*180 days.*1 day/, '... how long';
like $en_paras->[-1], qr/^Contact: the P-Serv Administrator through the ICT Helpdesk, /, '... the contact';
unlike $en_text, qr/\b(?:dengan|untuk|tidak|yang)\b/, '... no Indonesian';
my $en_version = version_of($en_paras);
like $html, qr{Notice version: <code>\Q$en_version\E</code>}, "... its own version ($en_version)";
isnt $en_version, $id_version, '... another text, another version';

# ---- the form links it -------------------------------------------------------------------
my $f = open_form(@IDH);
like $f->{html}, qr{<p class="form-note privacy-link">Data yang Anda isi diproses sesuai <a href="/privasi" target="_blank" rel="noopener">Pemberitahuan Privasi</a>\.</p>},
    'the form links Pemberitahuan Privasi (a new tab: the form keeps what was typed)';
like $f->{html}, qr{privacy-link.*<button type="submit" class="btn btn-primary" name="action" value="review">}s,
    '... before Review Permohonan';
like open_form(@ENH)->{html}, qr{<a href="/privasi" target="_blank" rel="noopener">Privacy Notice</a>}, '... in English: Privacy Notice';

# ---- the review page: the notice above Submit Permohonan --------------------------------
my @spec = unit_spec($m);
my $rv = review(\@spec, headers => \@IDH);
is $rv->{res}->code, 200, 'the review page';
is page_mode($rv->{html}), 'review', '... with its Submit Permohonan';
$html = $rv->{html};
my $notice_at = index($html, '<section class="card review-section privacy-notice" id="privacy-notice"');
my $submit_at = index($html, '<button type="submit" class="btn btn-primary">Submit Permohonan</button>');
my $form_at = index($html, '<form class="review-form" id="submit-form"');
ok $notice_at > 0, '... shows the Pemberitahuan Privasi';
ok $submit_at > 0, '... and Submit Permohonan';
ok $notice_at < $form_at && $form_at < $submit_at, '... the notice ABOVE the Submit Permohonan form and button';
like $html, qr{<h2 id="rv-privacy">Pemberitahuan Privasi</h2>}, '... under its heading';
is_deeply notice_paras($html), $id_paras, '... its whole text, as /privasi shows it';
like $html, qr{<p class="privacy-read">Dengan menekan <strong>Submit Permohonan</strong>, Anda menyatakan telah membaca Pemberitahuan Privasi ini\.</p>},
    '... by pressing Submit Permohonan the requester has read it';
like $html, qr{<a href="/privasi" target="_blank" rel="noopener">Buka di halaman tersendiri</a>}, '... and links /privasi';
is hidden_version($html), $id_version, '... the version shown, in a hidden field';
my $block = form_block($html, qr{action="[^"]*request/submit"});
like $block, qr{<input type="hidden" name="privacy_notice" value="\Q$id_version\E">}, '... of the Submit Permohonan form';
my $edit = form_block($html, qr{action="[^"]*request/new"});
unlike $edit // '', qr/privacy_notice/, '... (not of Ubah Data\'s)';

# ---- the submit stores the version shown ------------------------------------------------
my $before = count_requests();
my $res = submit_review($rv, headers => \@IDH);
is $res->code, 200, 'Submit Permohonan';
like $res->content, qr/Permohonan Berhasil Di-Submit/, '... the request is submitted';
my $id = req_id(page_nomor($res->content));
ok $id, '... its row';
is sql_value("SELECT privacy_notice FROM requests WHERE id = $id"), version_of(notice_paras($html)),
    '... requests.privacy_notice: the SHA-256 prefix of the text the review page showed';
is count_requests(), $before + 1, '... one request more';

# English: the English text's version
my $men = unique();
$rv = review([unit_spec($men)], headers => \@ENH);
$html = $rv->{html};
$notice_at = index($html, 'id="privacy-notice"');
$submit_at = index($html, '<button type="submit" class="btn btn-primary">Submit Request</button>');
ok $notice_at > 0 && $submit_at > $notice_at, 'the review page in English: the notice above Submit Request';
like $html, qr{<h2 id="rv-privacy">Privacy Notice</h2>}, '... Privacy Notice';
is_deeply notice_paras($html), $en_paras, '... the English text';
like $html, qr{By pressing <strong>Submit Request</strong>, you confirm that you have read this Privacy Notice\.}, '... and the sentence';
is hidden_version($html), $en_version, '... its version';
$res = submit_review($rv, headers => \@ENH);
is $res->code, 200, 'Submit Request';
my $id_en = req_id(page_nomor($res->content));
is sql_value("SELECT privacy_notice FROM requests WHERE id = " . ($id_en // 0)), $en_version,
    '... stores the English text\'s version';

# ---- another version: the review again, nothing stored -----------------------------------
my $mx = unique();
$rv = review([unit_spec($mx)], headers => \@IDH);
my $nomor = page_nomor($rv->{html});
$before = count_requests();
my $outbox_before = sql_value("SELECT count(*) FROM mail_outbox");
$res = submit_review($rv, headers => \@IDH, override => { privacy_notice => '0123456789abcdef' });
is $res->code, 409, 'a submit with another version of the notice: 409';
is page_mode($res->content), 'review', '... the review page again';
is_deeply [ page_errors($res->content) ],
    [ 'Pemberitahuan Privasi telah diperbarui sejak halaman ini dibuka. Permohonan Anda belum dikirim: baca pemberitahuan yang berlaku di bawah ini, lalu tekan Submit Permohonan kembali.' ],
    '... saying the notice changed and nothing was sent';
is page_nomor($res->content), $nomor, '... the same Nomor';
is hidden_version($res->content), $id_version, '... carrying the version in force';
is count_requests(), $before, '... no request stored';
ok !req_id($nomor), '... none with its Nomor';
is sql_value("SELECT count(*) FROM mail_outbox"), $outbox_before, '... no mail queued';
$res = submit_review({ html => $res->content }, headers => \@IDH);
like $res->content, qr/Permohonan Berhasil Di-Submit/, 'Submit Permohonan on that page: submitted';
is sql_value("SELECT privacy_notice FROM requests WHERE nomor = " . lit($nomor)), $id_version, '... with the version in force';

# no version at all (a submit that never saw a notice)
$rv = review([unit_spec(unique())], headers => \@IDH);
$nomor = page_nomor($rv->{html});
my @pairs = grep { 1 } form_pairs(form_block($rv->{html}, qr{action="[^"]*request/submit"}));
my @without;
for (my $i = 0; $i < @pairs; $i += 2) {
    push @without, $pairs[$i], $pairs[$i + 1] unless $pairs[$i] eq 'privacy_notice';
}
reset_submit_limit();
my $prev = jar();
as_public();
$res = Apache::TestRequest::POST('/request/submit', content => \@without, @IDH);
use_jar($prev);
is $res->code, 409, 'a submit without the version: 409, the review again';
ok !req_id($nomor), '... nothing stored';

# ---- the configured file replaces the default --------------------------------------------
$r = GET('/privasi', @IDH, @FILE);
$html = $r->content;
my $fp = notice_paras($html);
is scalar(@$fp), 3, 'PservPrivacyNotice: the file\'s two paragraphs and the contact line';
is $fp->[0], qq{Pemberitahuan uji <b>PT Contoh</b> & "mitra". Baris kedua paragraf pertama \xe2\x80\x94  disambung.},
    '... the first: its lines joined, as written';
like $html, qr{<p>Pemberitahuan uji &lt;b&gt;PT Contoh&lt;/b&gt; &amp; (?:"|&quot;)mitra(?:"|&quot;)\.}, '... escaped, not markup';
is $fp->[1], 'Paragraf kedua: lampiran disimpan 30 hari.', '... the second';
is $fp->[2], 'Kontak: privasi@contoh.co.id, untuk pertanyaan tentang data Anda atau untuk meminta salinan, perbaikan atau penghapusan data Anda.',
    '... PservPrivacyContact last';
unlike $html, qr/Tujuan: membuat dan mengelola|365 hari/, '... none of the default text';
my $file_version = version_of($fp);
like $html, qr{<code>\Q$file_version\E</code>}, "... its own version ($file_version)";
isnt $file_version, $id_version, '... not the default\'s';
my $fe = notice_paras(GET('/privasi', @ENH, @FILE)->content);
is_deeply $fe, [ 'Test notice of <i>PT Contoh</i> & partners.', 'Second paragraph: attachments are kept 30 days.',
                 'Contact: privasi@contoh.co.id, for questions about your data or to ask for a copy, a correction or the deletion of your data.' ],
    '... in English: the second file';
my $fo = notice_paras(GET('/privasi', @ENH, 'X-Pserv-Test-Privacy' => 'one')->content);
is_deeply $fo, [ @$fp[0, 1] ], 'one file: the same text in English; without PservPrivacyContact no contact line (the file says)';
my $fc = notice_paras(GET('/privasi', @IDH, 'X-Pserv-Test-Privacy' => 'contact')->content);
is $fc->[-1] =~ /^Kontak: Tim Privasi <privasi\@contoh\.co\.id>, / ? 1 : 0, 1,
    'PservPrivacyContact alone: the default text with that contact';
isnt version_of($fc), $id_version, '... a new version';

# the review page and the submit under the file
my $mf = unique();
$rv = review([unit_spec($mf)], headers => [@IDH, @FILE]);
is_deeply notice_paras($rv->{html}), $fp, 'the review page shows the file\'s notice';
is hidden_version($rv->{html}), $file_version, '... its version';
$res = submit_review($rv, headers => [@IDH, @FILE]);
$id = req_id(page_nomor($res->content));
is sql_value("SELECT privacy_notice FROM requests WHERE id = " . ($id // 0)), $file_version, '... stored with the request';

# the notice changed between review and submit (the review under the
# default, the submit under the file)
$rv = review([unit_spec(unique())], headers => \@IDH);
$nomor = page_nomor($rv->{html});
$before = count_requests();
$res = submit_review($rv, headers => [@IDH, @FILE]);
is $res->code, 409, 'the notice changed between the review and the submit: 409';
is_deeply notice_paras($res->content), $fp, '... the review page again, with the notice now in force';
is hidden_version($res->content), $file_version, '... and its version';
is count_requests(), $before, '... nothing stored';
ok !req_id($nomor), '... no request with its Nomor';

# ---- Perbaiki Permohonan: the resubmit stores the version it showed ---------------------
my $mr = unique();
my $tr = create_ticket(unit_spec($mr), { headers => \@IDH });
sql("UPDATE requests SET privacy_notice = NULL WHERE id = $tr->{id}");
{
    my $prev = jar();
    as_user('siti.rahayu');
    my $d = decide($tr->{id}, decision => 'return', reason => "Perbaiki $mr");
    use_jar($prev);
    is $d->code, 303, 'a ticket returned for revision';
}
my ($rmail) = grep { $_->[2] =~ m{/request/revise/} } outbox($tr->{id});
my ($rtoken) = ($rmail // [0, 0, ''])->[2] =~ m{/request/revise/([A-Za-z0-9_-]+)};
as_public();
$r = GET("/request/revise/$rtoken", @IDH, @FILE);
my $rform = { html => $r->content, csrf => csrf_of($r->content),
              form_token => input_value($r->content, 'form_token'), nomor => page_nomor($r->content) };
$rv = review([unit_spec($mr)], form => $rform, headers => [@IDH, @FILE]);
is hidden_version($rv->{html}), $file_version, 'Perbaiki Permohonan\'s review page: the notice in force, its version';
$res = submit_review($rv, headers => [@IDH, @FILE]);
is $res->code, 200, '... Submit Permohonan';
is sql_value("SELECT privacy_notice || ' ' || status FROM requests WHERE id = $tr->{id}"), "$file_version atasan",
    '... the ticket now holds the version of the notice its resubmit showed';

# ---- Status Permintaan links it ----------------------------------------------------------
my $t = create_ticket(unit_spec(unique()), { headers => \@IDH });
my ($mail) = grep { $_->[2] =~ m{/status/} } outbox($t->{id});
my ($token) = $mail->[2] =~ m{/status/([A-Za-z0-9_-]+)};
ok $token, 'the requester\'s mail carries the status link';
$r = GET("/status/$token", @IDH);
is $r->code, 200, 'Status Permintaan';
like $r->content, qr{<p class="hint privacy-link">Data pribadi Anda diproses sesuai <a href="/privasi">Pemberitahuan Privasi</a>\.</p>},
    '... links the Pemberitahuan Privasi';
like GET("/status/$token", @ENH)->content, qr{<a href="/privasi">Privacy Notice</a>}, '... in English too';

# ---- a file that cannot be read stops Apache, saying why --------------------------------
my $so = Apache::Test::vars('top_dir') . '/mod_pserv/.libs/mod_pserv.so';
my $moddir = '/usr/lib/apache2/modules';
my $logs = Apache::Test::vars('t_logs');
sub conftest {
    my ($line) = @_;
    my $c = "$logs/privacy-conftest-$$.conf";
    open my $fh, '>', $c or die "$c: $!";
    print $fh "ServerRoot " . Apache::Test::vars('t_dir') . "\n"
        . "LoadModule mpm_event_module $moddir/mod_mpm_event.so\n"
        . "LoadModule dbd_module $moddir/mod_dbd.so\n"
        . "LoadModule pserv_module $so\n$line\n";
    close $fh;
    my $out = `/usr/sbin/apache2 -t -f $c 2>&1`;
    unlink $c;
    return $out;
}
sub write_file { my ($p, $b) = @_; open my $fh, '>:raw', $p or die "$p: $!"; print $fh $b; close $fh; return $p }
like conftest('PservPrivacyNotice conf/privacy-id.txt conf/privacy-en.txt'), qr/Syntax OK/,
    'PservPrivacyNotice FILE FILE-en (relative to ServerRoot): accepted';
like conftest("PservPrivacyNotice $logs/no-such-notice.txt"),
    qr{PservPrivacyNotice: cannot read \Q$logs\E/no-such-notice\.txt: No such file or directory}, 'a missing file: refused, naming it';
like conftest("PservPrivacyNotice conf/privacy-id.txt $logs/no-such-notice-en.txt"),
    qr{PservPrivacyNotice: cannot read .*no-such-notice-en\.txt}, '... the English file too';
my $bad = write_file("$logs/privacy-bad-$$.txt", "Data \xff\xfe bukan UTF-8\n");
like conftest("PservPrivacyNotice $bad"), qr/PservPrivacyNotice: \Q$bad\E is not UTF-8 text/, 'a file not UTF-8: refused';
my $empty = write_file("$logs/privacy-empty-$$.txt", " \n\n\t\n");
like conftest("PservPrivacyNotice $empty"), qr/PservPrivacyNotice: \Q$empty\E is empty/, 'a blank file: refused';
unlink $bad, $empty;
like conftest('PservPrivacyContact "' . ('x' x 501) . '"'), qr/PservPrivacyContact: one line of text \(at most 500 characters\)/,
    'PservPrivacyContact past 500 characters: refused';
