# Script and markup typed into any text field of the public form (and into
# a file name, a decision's reason and the list's search) come back as
# text: on the form, the review page, the success page, the list and the
# ticket page the browser finds no element, no event handler and no script
# of the requester's making, and reads back exactly what was typed.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 42, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $MARK = "pwn$m";
# Breaks out of a quoted attribute, opens a script and an element with an
# event handler, and carries characters that must be escaped in both text
# and attributes.
my $P = qq{"'><script>alert("$m")</script><img src=x onerror=alert(1)>}
      . qq{<b class="$MARK">tebal</b> &amp; &lt;i&gt; \\ </textarea>};

# A name holds letters, spaces and . ' - only (the rest is refused, see
# t/request/mail_cannon.t): its quote must still be escaped.
my $NAME = qq{Nama O'Hara-Putri $m};
my %spec = unit_spec($m,
    full_name => $NAME,
    position  => "Jabatan $P",
    email     => "o'hara&$m\@unit.example",
    note      => "Catatan\n$P",
    platforms => { SAP => "SAP $P", EMAIL => "Surel $P" });
my @typed = ($NAME, "Jabatan $P", "o'hara&$m\@unit.example", "SAP $P", "Surel $P");

# No markup of ours became markup in the page.
sub clean {
    my ($html, $what) = @_;
    my @found = injected($html, $MARK);
    ok !@found, "$what: no element, handler or script from the input"
        or diag "found: @found";
}

# Every typed value reads back exactly (as text or as an attribute value).
sub reads_back {
    my ($html, $what, @values) = @_;
    (my $text = decoded_text($html)) =~ s/\r\n/\n/g;     # browsers send CRLF anyway
    my @missing = grep { index($text, $_) < 0 } @values;
    ok !@missing, "$what: the values read back exactly as typed"
        or diag "missing: @missing";
}

my $fname = qq{<img src=x onerror=alert(2)>"$m".png};
my $png = png_bytes($m);

# ---- the form with the values (Ubah Data path: action edit) ----------------------------
my $u = review([ %spec ], action => 'edit', files => [ [ $fname, $png, 'image/png' ] ]);
is $u->{res}->code, 200, 'the form with markup everywhere: 200';
clean($u->{html}, 'edit form');
my $h = pairs_hash([ form_pairs(form_block($u->{html}, qr{id="request-form"})) ]);
is_deeply [ @$h{qw(full_name position email note note_SAP note_EMAIL)} ],
    [ $NAME, "Jabatan $P", "o'hara&$m\@unit.example", "Catatan\n$P", "SAP $P", "Surel $P" ],
    'edit form: the inputs and textareas hold exactly what was typed';
my ($listed) = page_attachments($u->{html});
like $listed->{filename} // '', qr/onerror=alert\(2\)/, 'edit form: the file name is shown as text';

# ---- the review page ------------------------------------------------------------------------------
my $rv = review([ %spec ], form => $u->{form});
is page_mode($rv->{html}), 'review', 'the review page'
    or diag join ' | ', page_errors($rv->{html});
clean($rv->{html}, 'review page');
reads_back($rv->{html}, 'review page', @typed, "Catatan\n$P");
my $carried = pairs_hash([ form_pairs(form_block($rv->{html}, qr{action="[^"]*request/submit"})) ]);
is_deeply [ @$carried{qw(full_name position email note note_SAP)} ],
    [ $NAME, "Jabatan $P", "o'hara&$m\@unit.example", "Catatan\n$P", "SAP $P" ],
    'review page: the hidden inputs carry exactly what was typed';

# ---- success page, stored values ------------------------------------------------------------------
my $r = submit_review($rv);
like $r->content, qr/Permohonan Berhasil Di-Submit/, 'submitted';
clean($r->content, 'success page');
reads_back($r->content, 'success page', $NAME);
my $id = req_id(page_nomor($r->content));
my $row = req_row($id);
is_deeply [ @$row{qw(full_name position email)} ], [ $NAME, "Jabatan $P", "o'hara&$m\@unit.example" ],
    'stored as typed (escaping is the page\'s job, not the database\'s)';

# ---- the list ---------------------------------------------------------------------------------------
as_user('siti.rahayu');
my $list = list_page("status=&q=$m");
clean($list->{html}, 'list');
my ($mine) = grep { ($_->{id} // 0) == $id } @{ $list->{rows} };
ok $mine, 'the ticket is on the Atasan\'s list';
is $mine && $mine->{full_name}, $NAME, 'list: Nama Lengkap reads back exactly';

# The search box echoes its value safely.
my $q = qq{"><script>alert(3)</script><b class="$MARK">};
my $esc = join '', map { sprintf '%%%02X', ord } split //, $q;
$list = list_page("status=&q=$esc");
is $list->{res}->code, 200, 'searching for markup: 200';
clean($list->{html}, 'list with markup in the search');
my $filter = form_block($list->{html}, qr{class="filter-form"});
is input_value($filter // '', 'q'), $q, 'the search box holds the search as typed';

# ---- the ticket page ----------------------------------------------------------------------------------------
my $t = ticket_page($id);
is $t->code, 200, 'the ticket page: 200';
clean($t->content, 'ticket page');
reads_back($t->content, 'ticket page', @typed, "Catatan\n$P");
like decoded_text($t->content), qr/\Qonerror=alert(2)\E/, 'ticket page: the file name as text';
my ($att) = sql("SELECT id, filename FROM attachments WHERE request_id = $id");
$r = GET("/attachments/$att->[0]");
is $r->code, 200, 'the attachment downloads';
my $cd = $r->header('Content-Disposition') // '';
# RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~", the rest %XX.
like $cd, qr/^inline; filename="[^"\\\r\n]*"; filename\*=UTF-8''[A-Za-z0-9!#\$&+.^_`|~%-]+$/,
    'Content-Disposition: the name quoted safely and percent-encoded';
ok $r->content eq $png, '... the same bytes';

# ---- a reason with markup, on the confirmation page and in the Activity Log ------------------------------
$r = decide($id, reason => "Alasan $P", confirm => undef);
is $r->code, 200, 'Approve without confirm: the confirmation page';
like $r->content, qr/Ya, Lanjutkan Pengajuan Ini/, '... with its button';
clean($r->content, 'confirmation page');
my $again = pairs_hash([ form_pairs(form_block($r->content, qr{action="[^"]*decide"})) ]);
is $again->{reason}, "Alasan $P", 'confirmation page: the reason carried exactly';
reads_back($r->content, 'confirmation page', "Alasan $P");
$r = decide($id, reason => "Alasan $P");
is $r->code, 303, 'approved with a reason full of markup';
as_user('rina.wulandari');
$t = ticket_page($id);
clean($t->content, 'ticket page with the reason in the Activity Log');
reads_back($t->content, 'Activity Log', "Alasan $P", $NAME);

# A reason that is refused comes back in the panel's textarea.
$r = decide($id, reason => "x" x 2001 . $P);
is $r->code, 200, 'a reason over 2000 characters: the ticket page again';
clean($r->content, 'ticket page with a refused reason');
my $panel = pairs_hash([ form_pairs(form_block($r->content, qr{class="decide-form"}) // '') ]);
is $panel->{reason}, "x" x 2001 . $P, '... the reason kept as typed';

# ---- messages that repeat the input ----------------------------------------------------------------------------
my $bad = qq{<svg onload=alert(4) class="$MARK">$m.exe};
$u = review([ %spec ], action => 'edit', files => [ [ $bad, "MZ", 'application/octet-stream' ] ]);
clean($u->{html}, 'message naming a refused file');
ok((grep { /tidak diterima/ && /onload=alert\(4\)/ } page_errors($u->{html})),
   'the message names the file as text');
$u = review([ %spec, email => qq{"><script>alert(5)</script>\@x.example} ]);
clean($u->{html}, 'an invalid e-mail with markup');
is input_value($u->{html}, 'email'), qq{"><script>alert(5)</script>\@x.example}, '... kept as typed';
reset_lookup_limit();
$u = review([ ho_spec($m, nopek => qq{"><img src=x onerror=alert(6)>}) ]);
clean($u->{html}, 'a nopek with markup');
is input_value($u->{html}, 'nopek'), qq{"><img src=x onerror=alert(6)>}, '... kept as typed';
