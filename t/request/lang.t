# The public form and Status Permintaan in the requester's language (issue
# 20): a person whose browser asks for English (Accept-Language) or who
# picked English with the switch (the pserv_lang cookie) fills the form,
# sees its validation messages, its review page, the done page, Status
# Permintaan and its Batalkan Permohonan entirely in English; the same
# pages without either stay in Bahasa Indonesia, the texts as before. The
# texts come from templates/i18n/{id,en}.xml (the pages) and
# msg-{id,en}.xml (what the C code writes: titles, messages, the look-up's
# JSON errors); sizes and dates follow the language.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 110, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my @ENH = ('Accept-Language' => 'en-GB,en;q=0.9');
my @IDH = ('Accept-Language' => 'id-ID,id;q=0.9,en;q=0.5');
my @EN = (headers => \@ENH);
my @ID = (headers => \@IDH);
# A request in English of marker $m: English notes (the form shows them).
sub en_spec {
    return unit_spec($m, note => "Requester note $m",
                     platforms => { SAP => "SAP access for $m", EMAIL => "Mailbox for $m" }, @_);
}

sub html_lang { return $_[0] =~ m{<html[^>]* lang="([^"]*)"} ? $1 : '' }
sub title_of { return tag_text($_[0], qr{<h1 class="page-title">(.*?)</h1>}s) // '' }
sub has { my ($html, $frag) = @_; return index($html, $frag) >= 0 ? 1 : 0 }
# Indonesian phrases no English page of the form may show.
my $INDONESIAN = qr/\b(?:Permohonan|permohonan|Pilih|wajib|Tahapan|Isi Form|Selesai|Catatan|Batal|Kembali|Nomor Permohonan|Pangkat|Lengkap|Alasan|Keputusan|Tanggal|tidak|dengan|untuk)\b/;
sub no_indonesian {
    my ($html, $what) = @_;
    (my $text = $html) =~ s{<script\b.*?</script>}{}gs;
    $text =~ s{<[^>]*>}{ }g;
    # names from the master data and the product's vocabulary are data
    $text =~ s/Atasan Pemohon|Perwira PTPR Service|E-mail Korporat//g;
    my @found = $text =~ /($INDONESIAN)/g;
    is "@found", '', "$what: no Indonesian text";
}

# ---- the form, in Bahasa Indonesia as before --------------------------------------------
as_public(fresh => 1);
my $f = open_form(@IDH);
my $html = $f->{html};
is html_lang($html), 'id', 'Accept-Language id: <html lang="id">';
for my $frag (
    '<title>Form Pendaftaran User ID Baru — P-Serv</title>',
    '<ol class="request-steps" aria-label="Tahapan pengajuan"><li aria-current="step"><span class="step-no" aria-hidden="true">1</span>Isi Form</li>',
    '<p class="lead">Isi data pemohon User ID baru dengan akurat, pilih platform system yang dibutuhkan, lalu tekan <strong>Review Permohonan</strong> untuk memeriksa isian sebelum di-submit.</p>',
    '<label for="f-kind">Jenis User ID</label>',
    '<span class="nojs-only">Setelah mengganti Jenis User ID, tekan Terapkan. </span>User ID Unit untuk pegawai unit di luar Head Office (HO); HO untuk pegawai Head Office.</span>',
    'value="lookup">Cari Data Pekerja</button>',
    '<span class="hint" id="hint-attachments">JPG, JPEG, PNG atau PDF, maksimal 5 MB per file, maksimal 5 file. Opsional.</span>',
    '<button type="submit" class="btn btn-primary" name="action" value="review">Review Permohonan</button><a class="btn btn-outline" href="/login">Batal</a>',
) {
    ok has($html, $frag), "Indonesian as before: $frag";
}
ok !has($html, 'request-texts'), '... and no texts for the script (its own are Indonesian)';

# ---- the form in English (Accept-Language) ----------------------------------------------
$f = open_form(@ENH);
$html = $f->{html};
is html_lang($html), 'en', 'Accept-Language en: <html lang="en">';
is title_of($html), 'New User ID Registration Form', '... the title';
for my $frag (
    '<title>New User ID Registration Form — P-Serv</title>',
    '<ol class="request-steps" aria-label="Request steps">',
    '<strong>Review Request</strong>',
    '<label for="f-nomor">Number</label>',
    '<label for="f-kind">User ID Type</label>',
    '<option value="" selected>— Select —</option>',
    'value="kind">Apply</button>',
    'value="lookup">Find Employee</button>',
    '<label for="f-full_name">Full Name</label>',
    '<label for="f-unit_code">Division/Branch/Unit</label>',
    '<label for="f-atasan_nopek">Supervisor</label>',
    '<legend><h2>Platform System</h2></legend>',
    '<legend>Notes on the Selected Platform Systems</legend>',
    '<label for="f-note">Requester\'s Note</label>',
    '<legend><h2>Upload Attachment</h2></legend>',
    '<label for="f-attachments" class="btn btn-outline file-add">Add New Files</label>',
    'JPG, JPEG, PNG or PDF, at most 5 MB per file, at most 5 files. Optional.',
    'value="review">Review Request</button><a class="btn btn-outline" href="/login">Cancel</a>',
) {
    ok has($html, $frag), "English: $frag";
}
like $html, qr{<div id="request-texts" hidden="hidden"[^>]* data-bad-type="\{name\}: this type of file is not allowed}, '... the script\'s texts in English, its holes kept';
no_indonesian($html, 'the form in English');

# ---- a validation error, in each language ------------------------------------------------
my %bad = (en_spec(), position => undef, email => 'not-an-address', platforms => { SAP => '' });
my $rv = review([ %bad ], @EN);
$html = $rv->{html};
is page_mode($html), 'edit', 'English: an invalid form comes back';
is field_error($html, 'position'), 'Rank/Position is required.', '... "is required" with the English label';
is field_error($html, 'email'), 'The e-mail address is not valid (for example: name@company.co.id).', '... the e-mail\'s rule';
is field_error($html, 'note_SAP'), 'The note for SAP S/4HANA is required.', '... a platform\'s note';
ok has($html, '<h2 class="error-summary-title" id="error-summary-title">Please check the following:</h2>'), '... the summary\'s title';
ok((grep { $_ eq 'Rank/Position is required.' } page_errors($html)), '... and the summary lists it');
no_indonesian($html, 'the refused form in English');

$rv = review([ %bad ], @ID);
is field_error($rv->{html}, 'position'), 'Pangkat/Jabatan wajib diisi.', 'Indonesian: the same refusal as before';
is field_error($rv->{html}, 'note_SAP'), 'Catatan untuk SAP S/4HANA wajib diisi.', '... and the note\'s';

# a number in the message: the most characters
$rv = review([ en_spec(), position => 'x' x 201 ], @EN);
is field_error($rv->{html}, 'position'), 'Rank/Position is too long (at most 200 characters) or holds characters that are not allowed.',
    'English: too long, the limit in its place';
$rv = review([ en_spec(), position => 'x' x 201 ], @ID);
is field_error($rv->{html}, 'position'), 'Pangkat/Jabatan terlalu panjang (maksimal 200 karakter) atau berisi karakter yang tidak diizinkan.',
    'Indonesian: as before';

# an HO nopek of the wrong employment type: the finding's strings in order
$rv = review([ ho_spec($m), nopek => '20020005' ], @EN);
is field_error($rv->{html}, 'nopek'), 'Nopek 20020005 is employed as TKJP, which does not fit the User ID Type HO - Organik/PKWT.',
    'English: a nopek of the wrong kind, its strings in their places';
$rv = review([ ho_spec($m), nopek => '20020005' ], @ID);
is field_error($rv->{html}, 'nopek'), 'Nopek 20020005 berstatus TKJP; tidak sesuai dengan Jenis User ID HO - Organik/PKWT.',
    'Indonesian: as before';

# a refused file, said in English
$rv = review([ en_spec() ], @EN, action => 'edit', files => [ [ "notes-$m.txt", "plain text\n", 'text/plain' ] ]);
ok((grep { $_ eq "File notes-$m.txt was not accepted: only JPG, JPEG, PNG or PDF." } page_errors($rv->{html})),
    'English: a refused file') or diag join ' | ', page_errors($rv->{html});

# a form whose draft is gone
$f = open_form(@ENH);
my $r = post_new([ csrf => $f->{csrf}, form_token => 'x' x 43, spec_pairs(en_spec()), action => 'review' ], @EN);
ok((grep { $_ eq "The form's session has expired; please upload the attachments again." } page_errors($r->content)),
    'English: an expired form') or diag join ' | ', page_errors($r->content);

# the look-up's JSON errors
$r = GET("/request/lookup?kind=UNIT&nopek=10020003", @ENH);
like $r->content, qr/"error":"Choose an HO User ID Type first\."/, 'English: the look-up\'s refusal';
$r = GET('/request/lookup?kind=UNIT&nopek=10020003', @IDH);
like $r->content, qr/"error":"Pilih Jenis User ID HO terlebih dahulu\."/, 'Indonesian: as before';

# ---- the review page in English, sizes the English way --------------------------------------
my $pdf = pdf_bytes($m, 1_300_000);
$rv = review([ en_spec() ], @EN, files => [ [ "scan-$m.pdf", $pdf, 'application/pdf' ] ]);
$html = $rv->{html};
is page_mode($html), 'review', 'English: the review page';
for my $frag (
    '<strong>Submit Request</strong>',
    '<strong>Edit Details</strong>',
    '<h2 id="rv-data">Requester Details</h2>',
    '<dt>User ID Type</dt>',
    '<dt>Rank/Position</dt>',
    '<dt>Supervisor</dt>',
    '<span class="muted-inline"> (Nopek 10050002)</span>',
    '<h3 class="review-subtitle">Requester\'s Note</h3>',
    'value="edit">Edit Details</button>',
    '<button type="submit" class="btn btn-primary">Submit Request</button>',
) {
    ok has($html, $frag), "English review: $frag";
}
like $html, qr{<span class="attachment-meta">1\.2 MB · PDF</span>}, '... the file\'s size with a decimal point';
no_indonesian($html, 'the review page in English');
my $rv_id = review([ unit_spec($m) ], @ID, files => [ [ "scan-$m.pdf", $pdf, 'application/pdf' ] ]);
like $rv_id->{html}, qr{<span class="attachment-meta">1,2 MB · PDF</span>}, 'Indonesian: a decimal comma, as before';

# ---- submit in English: the done page ------------------------------------------------------------
$r = submit_review($rv, @EN);
$html = $r->content;
is $r->code, 200, 'English: Submit Request';
is title_of($html), 'Request Submitted', '... the done page\'s title';
for my $frag (
    '<strong>Your new User ID request has been submitted.</strong>',
    "The request for <strong>Uji Unit $m</strong> is now waiting for approval by the Atasan Pemohon, <strong>Siti Rahayu</strong>.",
    '<p class="nomor-box-label" id="nomor-label">Request Number</p>',
    '<h2 class="card-title">Approval stages</h2>',
    '<a class="btn btn-primary" href="/login">Back to the Login Page</a>',
    'data-copy="Copy Number"',
) {
    ok has($html, $frag), "English done page: $frag";
}
no_indonesian($html, 'the done page in English');
my $nomor = page_nomor($html);
my $id = req_id($nomor);
ok $id, '... the ticket is made';

# ---- Status Permintaan in English, chosen with the switch (cookie) --------------------------------
my $email = "unit.$m\@unit.example";
my $token;
for my $mail (outbox($id)) {
    next unless $mail->[0] eq $email;
    $token = $1 if $mail->[2] =~ m{/status/([A-Za-z0-9_-]{20,})};
}
ok $token, 'the requester\'s status link';
as_public(fresh => 1);
$r = GET('/lang/en?next=/login');
is $r->code, 303, 'the switch: English';
$r = GET("/status/$token", 'Accept-Language' => 'id');
$html = $r->content;
is html_lang($html), 'en', 'the cookie beats Accept-Language: English';
is title_of($html), 'Request Status', 'Status Permintaan: "Request Status"';
for my $frag (
    '<h2 id="sec-data">Request</h2>',
    '<dt>Number</dt>',
    '<dt>Submitted On</dt>',
    '<dt>User ID Type</dt>',
    '<h2 id="sec-cancel">Cancel Request</h2>',
    '<label for="cancel-reason">Reason (optional)</label>',
    'value="cancel" class="btn btn-danger" data-question="cancel">Cancel Request</button>',
    "data-q-cancel=\"Are you sure you want to cancel request $nomor? A cancellation cannot be undone.\" data-yes-cancel=\"Yes, Cancel This Request\"",
    'This page shows the latest state each time you open it.',
) {
    ok has($html, $frag), "English status page: $frag";
}
like $html, qr{<dt>Submitted On</dt><dd><time datetime="[^"]*">\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d WIB</time>}, '... the date the English way';
as_public(fresh => 1);
my $id_html = GET("/status/$token")->content;
is html_lang($id_html), 'id', 'without a choice: Bahasa Indonesia';
like $id_html, qr{<dt>Tanggal Pengajuan</dt><dd><time datetime="[^"]*">\d{1,2} (?:Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d\d\.\d\d WIB</time>}, '... the date as before';
ok has($id_html, 'data-yes-cancel="Ya, Batalkan Permohonan Ini"'), '... the dialog as before';
ok has($id_html, '<title>Status Permintaan — P-Serv</title>'), '... the title as before';

# Batalkan Permohonan without JavaScript, in English
as_public(fresh => 1);
$html = GET("/status/$token", @ENH)->content;
my $csrf = csrf_of($html);
$r = POST("/status/$token", content => [ csrf => $csrf, status => 'atasan', reason => "No longer needed $m" ], @ENH);
$html = $r->content;
is $r->code, 200, 'English: Cancel Request without JavaScript';
is title_of($html), 'Confirmation', '... the confirmation page';
ok has($html, 'Are you sure you want to cancel this request? A cancellation cannot be undone.'), '... its question';
ok has($html, '>Yes, Cancel This Request</button><a class="btn btn-outline" href="">Back</a>'), '... its buttons';
ok has($html, '<dt>Decision</dt><dd><span class="badge badge-cancelled">Cancel Request</span></dd><dt>Reason</dt>'), '... its summary';
no_indonesian($html, 'the confirmation in English');
$r = POST("/status/$token", content => [ csrf => $csrf, status => 'verificator', reason => 'x', confirm => 1 ], @ENH);
is $r->code, 409, 'English: a page older than the ticket';
like $r->content, qr{The status of request \Q$nomor\E changed after this page was opened \(now: Waiting for Approval Atasan Pemohon\)\. Nothing was saved; open the Request Status page again\.},
    '... said in English, the status by its name';
is req_status($id), 'atasan', '... nothing changed';

# an unknown status link
$r = GET('/status/' . ('A' x 43), @ENH);
is $r->code, 404, 'English: an unknown status link';
is title_of($r->content), 'Invalid Link', '... "Invalid Link"';
like $r->content, qr{This request status link is not valid\.}, '... and why';

# ---- Perbaiki Permohonan in English ------------------------------------------------------------------
sql("UPDATE requests SET status = 'returned' WHERE id = $id");
$r = GET("/request/revise/$token", @ENH);
$html = $r->content;
is $r->code, 200, 'English: Revise Request, the form of a returned ticket';
ok has($html, "<strong>Revise Request $nomor</strong>: this request was returned for revision."), '... the notice';
ok has($html, 'then press <strong>Submit Request</strong> to send it again under the same Number.'), '... what to do';
$r = GET("/request/revise/$token", @IDH);
ok has($r->content, "<strong>Perbaiki Permohonan $nomor</strong>: permohonan ini dikembalikan untuk revisi."), 'Indonesian: as before';
sql("UPDATE requests SET status = 'cancelled' WHERE id = $id");
$r = GET("/request/revise/$token", @ENH);
is $r->code, 409, 'English: a ticket no longer returned';
is title_of($r->content), 'Request Cannot Be Revised', '... "Request Cannot Be Revised"';
like $r->content, qr{Request \Q$nomor\E is no longer waiting for revision, so it cannot be revised}, '... and why, with its Number';
