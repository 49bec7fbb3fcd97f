# Decide from the e-mail (issue 18, section 3): each stage mail and each
# reminder carries the recipient's own Setujui, Tolak and Kembalikan untuk
# Revisi links (one token per mail for (ticket, stage, recipient), its
# SHA-256 in decide_links). GET /mail/decide shows a confirmation page and
# changes nothing (mail scanners open links); POST decides through
# decide.c as the token's account, exactly as the ticket page (Activity
# Log, approvals, mails, the audit line with channel=e-mail). A used or
# stale link (decided anywhere, moved on, past PservTokenLifetime) gets a
# page saying what happened and the way to the login; a link whose
# account may not act is refused; the ICT Executor's mail has no links;
# unknown links are rate-limited per address.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST HEAD);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(error_log here audit_lines);
use HTTP::Request::Common ();
use File::Spec ();
use Time::HiRes ();

plan tests => 108, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $LOG = error_log();

sub acc_id { sql_value("SELECT id FROM accounts WHERE username = " . lit($_[0])) }
sub acc_email { sql_value("SELECT email FROM accounts WHERE username = " . lit($_[0])) }
my %ID = map { $_ => acc_id($_) } qw(rina.wulandari hendra.gunawan maya.puspitasari bambang.sutrisno);

sub reset_limit { sql("DELETE FROM rate_limits WHERE bucket = 'mail-decide'") }
reset_limit();
END { eval { reset_limit(); sql("DELETE FROM delegations WHERE reason = " . lit("Cuti $m")) } if db_ok() }

# The token of action $a in mail body $body.
sub token_in {
    my ($body, $a) = @_;
    $a //= 'approve';
    return $body =~ m{/mail/decide\?t=([A-Za-z0-9_-]{43})&a=\Q$a\E\b} ? $1 : undef;
}

# The newest mail of ticket $id to $to whose subject matches $re.
sub mail_to {
    my ($id, $to, $re) = @_;
    my @m = grep { lc $_->[0] eq lc $to && (!$re || $_->[1] =~ $re) } outbox($id);
    return $m[-1];
}

sub link_count { sql_value("SELECT count(*) FROM decide_links WHERE request_id = " . int($_[0]) . ($_[1] ? " AND $_[1]" : '')) }

# GET the link's page in a browser without a session.
sub link_page {
    my ($tok, $a, @h) = @_;
    return GET("/mail/decide?t=$tok&a=" . ($a // 'approve'), @h);
}

# POST the link's form: the page first (its csrf and the stage shown),
# then the decision. %f: a, reason, status, csrf, headers, browser (a jar;
# default: a fresh one without a session).
sub link_post {
    my ($tok, %f) = @_;
    $f{browser} ? use_jar($f{browser}) : new_browser();
    my $page = link_page($tok, $f{a}, @{ $f{headers} || [] });
    my $csrf = exists $f{csrf} ? $f{csrf} : (csrf_of($page->content) // cookie('pserv_csrf'));
    my $status = exists $f{status} ? $f{status} : input_value($page->content, 'status');
    my @form = (t => $tok, a => $f{a} // 'approve');
    push @form, csrf => $csrf if defined $csrf;
    push @form, status => $status if defined $status;
    push @form, reason => $f{reason} if defined $f{reason};
    return POST('/mail/decide', content => \@form, @{ $f{headers} || [] });
}

sub text_of { my $t = decoded_text($_[0]->content); $t =~ s/\s+/ /g; return $t }

# ---- the Atasan's mail at the submit carries her links ---------------------------------
my $t = create_ticket(ho_spec($m, platforms => { SAP => "SAP untuk $m" }));
my $id = $t->{id};
my $atasan = sql_value("SELECT e.email FROM requests r JOIN employees e ON e.nopek = r.atasan_nopek WHERE r.id = $id");
my $mail = mail_to($id, $atasan, qr/menunggu persetujuan Anda/);
ok $mail, 'the Atasan gets the submit mail';
my $tok = token_in($mail->[2]);
ok $tok, '... with a Setujui link';
is token_in($mail->[2], 'reject'), $tok, '... a Tolak link with the same token';
is token_in($mail->[2], 'return'), $tok, '... and a Kembalikan untuk Revisi link';
like $mail->[2], qr/Setujui\s*: \S+a=approve\nTolak\s*: \S+a=reject\nKembalikan untuk Revisi\s*: \S+a=return/, '... labelled Setujui, Tolak, Kembalikan untuk Revisi';
like $mail->[2], qr{/requests/$id\b}, '... and the ticket\'s link still';
is sql_value("SELECT encode(token_hash, 'hex') FROM decide_links WHERE request_id = $id"), token_hash($tok),
    'only the token\'s SHA-256 is stored';
is sql_value("SELECT stage || ' ' || account_id FROM decide_links WHERE request_id = $id"), "atasan $ID{'maya.puspitasari'}",
    '... bound to the stage and the Atasan\'s account';
is sql_value("SELECT round(extract(epoch FROM expires_at - created_at) / 3600) FROM decide_links WHERE request_id = $id"), 72,
    '... for PservTokenLifetime (72 hours)';

# ---- a scanner's GET (and HEAD) changes nothing ----------------------------------------------
my $before = snapshot($id);
new_browser();
my $r = link_page($tok);
is $r->code, 200, 'GET the Setujui link: 200';
my $page = text_of($r);
like $page, qr/Anda yakin akan menyetujui permohonan \Q$t->{nomor}\E\?/, '... asks to confirm, naming the Nomor';
like $page, qr/Nomor \Q$t->{nomor}\E Pemohon Agus Salim Jenis User ID HO - Organik\/PKWT Divisi\/Cab\/Unit \S.* Platform System .*SAP S\/4HANA .*Tahap Atasan Pemohon/s,
    '... shows the essentials: pemohon, jenis, unit, platforms, stage';
like $page, qr/Anda memutuskan sebagai Maya Puspitasari ?, Atasan Pemohon\./, '... and as whom';
like $r->content, qr{<textarea[^>]*name="reason"[^>]*required}, '... the reason is required';
like $page, qr/Ya, Lanjutkan Pengajuan Ini/, '... the button';
like $r->content, qr{href="/login\?next=/requests/$id"}, '... and the way to the login';
is $r->header('Referrer-Policy'), 'strict-origin', '... sends no more than the origin as Referer onwards (not its token)';
like $r->header('Cache-Control') // '', qr/no-store/, '... is never cached';
is HEAD("/mail/decide?t=$tok&a=reject")->code, 200, 'HEAD of the Tolak link: 200';
is link_page($tok, 'reject')->code, 200, 'GET the Tolak link: 200';
is snapshot($id), $before, 'opening the links changed nothing';
is link_count($id, 'used_at IS NULL AND revoked_at IS NULL'), 1, '... the link is still unused';

# ---- the POST must come from the page, with a reason ------------------------------------------------
$r = link_post($tok, reason => "Setuju $m", csrf => undef);
is $r->code, 403, 'POST without the form\'s token: 403';
like text_of($r), qr/Formulir ini sudah tidak berlaku/, '... the form again, saying why';
$r = link_post($tok, reason => "Setuju $m", headers => [Origin => 'https://evil.example']);
is $r->code, 403, 'POST from another origin: 403';
# (what a browser sends under Referrer-Policy: no-referrer: why the page
# says strict-origin)
$r = link_post($tok, reason => "Setuju $m", headers => [Origin => 'null']);
is $r->code, 403, 'POST with "Origin: null": 403';
$r = link_post($tok, reason => '   ');
is $r->code, 200, 'POST without a reason: the form again';
like text_of($r), qr/Alasan wajib diisi\./, '... saying the reason is required';
is snapshot($id), $before, '... nothing changed';

# ---- POST decides, as the link's account, through the ticket page's path ----------------------------
# (a browser logged in as somebody else changes nothing: the token names who decides)
my $bambang = as_user('bambang.sutrisno');
my $off = here();
$r = link_post($tok, reason => "Setuju lewat e-mail $m", browser => $bambang, headers => [ Origin => own_origin() ]);
is $r->code, 200, 'POST with a reason, from our own origin: 200';
like text_of($r), qr/Permohonan \Q$t->{nomor}\E telah disetujui dan diteruskan ke tahap berikutnya/, '... says it is done';
is req_status($id), 'verificator', '... the ticket moves to the ICT Verificator';
is_deeply [ map { join '|', @$_ } approvals($id) ], [ "atasan|approve|maya.puspitasari|Setuju lewat e-mail $m" ],
    '... one approval, by the link\'s account (not the browser\'s session), with the reason';
my @log = activity($id);
is join('|', @{ $log[-1] }), "Maya Puspitasari|Atasan Pemohon|Approved|Setuju lewat e-mail $m|maya.puspitasari",
    '... in the Activity Log';
ok scalar(audit_lines($off, 'decision', qr/nomor=\Q$t->{nomor}\E\b.*channel=e-mail/)), '... audited with channel=e-mail';
ok link_count($id, "stage = 'atasan' AND used_at IS NOT NULL AND revoked_at IS NOT NULL"), '... the link is spent';
my $rina_mail = mail_to($id, acc_email('rina.wulandari'), qr/menunggu ICT Verificator/);
ok $rina_mail && token_in($rina_mail->[2]), '... and the ICT Verificator\'s stage mail carries her own links';

# ---- the second use is refused with what happened ---------------------------------------------------
$before = snapshot($id);
$r = link_page($tok);
is $r->code, 410, 'the used link again: 410';
like text_of($r), qr/permohonan \Q$t->{nomor}\E sudah disetujui pada tahap Atasan Pemohon oleh Maya Puspitasari pada \d/,
    '... says it was approved, by whom and when';
like text_of($r), qr/kini menunggu tahap ICT Verificator/, '... and where it waits now';
like $r->content, qr{href="/login\?next=/requests/$id"}, '... and offers the login';
$r = link_post($tok, reason => "Lagi $m", status => 'atasan');
is $r->code, 410, 'POST with the used link: 410';
$r = link_post($tok, a => 'reject', reason => "Tolak $m", status => 'atasan');
is $r->code, 410, '... and its Tolak: 410';
is snapshot($id), $before, '... nothing changed';

# ---- other recipients' tokens -------------------------------------------------------------------------
# A link that names an account which may not act on the ticket (made by
# hand for hendra.gunawan at the ICT Verificator's stage): refused.
my $forged = 'A' x 22 . $m;
$forged = substr($forged . ('B' x 43), 0, 43);
$forged =~ tr/a-z/A-Z/;
sql("INSERT INTO decide_links (token_hash, request_id, stage, account_id, created_at, expires_at)"
    . " VALUES (decode(" . lit(token_hash($forged)) . ", 'hex'), $id, 'verificator', $ID{'hendra.gunawan'}, now(), now() + interval '1 hour')");
new_browser();
$r = link_page($forged);
is $r->code, 403, 'a link whose account may not act on the ticket: 403';
like text_of($r), qr/Anda tidak lagi berwenang memutuskan permohonan \Q$t->{nomor}\E/, '... saying so';
$r = link_post($forged, reason => "Bukan saya $m", status => 'verificator');
is $r->code, 403, '... its POST too';
is snapshot($id), $before, '... nothing changed';
# The Verificator's token decides as her, whatever account the page is asked for.
my $rtok = token_in($rina_mail->[2]);
isnt $rtok, $tok, 'each recipient has a token of their own';
$r = link_post($rtok, reason => "Verifikasi $m", headers => []);
is $r->code, 200, 'the ICT Verificator\'s own link decides';
is_deeply [ map { $_->[2] } approvals($id) ], [ 'maya.puspitasari', 'rina.wulandari' ], '... as rina.wulandari';
is link_page($forged)->code, 410, 'the hand-made link for that stage: 410 now the stage moved';

# ---- stale after the stage moves: decided on the ticket page ------------------------------------------
my $t2 = create_ticket(ho_spec($m, note => "Basi $m"));
my $tok2 = token_in(mail_to($t2->{id}, $atasan, qr/menunggu persetujuan Anda/)->[2]);
ok $tok2, 'a second ticket: the Atasan\'s link';
decide_to('maya.puspitasari', $t2->{id}, reason => "Dari halaman $m");
$before = snapshot($t2->{id});
new_browser();
$r = link_page($tok2, 'reject');
is $r->code, 410, 'decided on the ticket page meanwhile: the link answers 410';
like text_of($r), qr/permohonan \Q$t2->{nomor}\E sudah disetujui pada tahap Atasan Pemohon oleh Maya Puspitasari/,
    '... saying who decided';
$r = link_post($tok2, a => 'reject', reason => "Tolak $m", status => 'atasan');
is $r->code, 410, '... its POST too';
is snapshot($t2->{id}), $before, '... nothing changed';
is link_count($t2->{id}, "stage = 'atasan' AND revoked_at IS NULL"), 0, 'the page\'s decision revoked every link to the stage';

# ---- expired after PservTokenLifetime -------------------------------------------------------------------
my $t3 = create_ticket(ho_spec($m, note => "Kedaluwarsa $m"));
my $tok3 = token_in(mail_to($t3->{id}, $atasan, qr/menunggu persetujuan Anda/)->[2]);
$before = snapshot($t3->{id});
new_browser();
is link_page($tok3, 'approve', offset(71 * 3600))->code, 200, 'after 71 hours the link still opens';
$r = link_page($tok3, 'approve', offset(73 * 3600));
is $r->code, 410, 'after 73 hours (PservTokenLifetime 72): 410';
like text_of($r), qr/Link ini sudah kedaluwarsa .*Permohonan \Q$t3->{nomor}\E masih menunggu di tahap Atasan Pemohon/,
    '... saying it expired and the ticket still waits';
$r = link_post($tok3, reason => "Terlambat $m", status => 'atasan', headers => [ offset(73 * 3600) ]);
is $r->code, 410, '... its POST too';
is snapshot($t3->{id}), $before, '... nothing changed';

# ---- the race: the mail link and the ticket page at once -------------------------------------------
my (@codes, @counts);
for my $round (1 .. 3) {
    my $tr = create_ticket(ho_spec($m, note => "Balapan $round $m"));
    decide_to('maya.puspitasari', $tr->{id});
    my $rt = token_in(mail_to($tr->{id}, acc_email('rina.wulandari'), qr/menunggu ICT Verificator/)->[2]);
    # the link's form, ready in a fresh browser
    my $pub = new_browser();
    my $lp = link_page($rt);
    my $mail_req = HTTP::Request::Common::POST(abs_url('/mail/decide'),
        [ t => $rt, a => 'approve', status => 'verificator', csrf => csrf_of($lp->content), reason => "Link $round" ]);
    my $rina = as_user('rina.wulandari');
    my $page_req = HTTP::Request::Common::POST(abs_url("/requests/$tr->{id}/decide"),
        [ csrf => page_csrf(), status => 'verificator', decision => 'reject', reason => "Halaman $round", confirm => 1 ]);
    my @out = fire_together([ $pub, $mail_req ], [ $rina, $page_req ]);
    push @codes, join ',', map { $_->code } @out;
    push @counts, sql_value("SELECT count(*) FROM approvals WHERE request_id = $tr->{id} AND stage = 'verificator'");
    if ($out[0]->code == 410) {
        like text_of($out[0]), qr/sudah ditolak pada tahap ICT Verificator oleh Rina Wulandari/, "round $round: the link lost and says the page's Reject won";
    }
    else {
        like $out[1]->content, qr/sudah diproses oleh pihak lain/, "round $round: the page lost and says the ticket moved";
    }
}
ok !(grep { !/^(200,409|410,303)$/ } @codes), "mail link and page at once: one wins, the other is told ($codes[0] $codes[1] $codes[2])";
is join(' ', @counts), '1 1 1', '... one decision each time';

# ---- a delegate's link decides "atas nama" ----------------------------------------------------------
my $today = sql_value("SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date");
sql("INSERT INTO delegations (delegator_id, delegate_id, starts_on, ends_on, reason, created_by, created_at)"
    . " VALUES ($ID{'rina.wulandari'}, $ID{'hendra.gunawan'}, " . lit($today) . ", " . lit($today)
    . ", " . lit("Cuti $m") . ", $ID{'rina.wulandari'}, now())");
my $t4 = create_ticket(ho_spec($m, note => "Delegasi $m"));
decide_to('maya.puspitasari', $t4->{id});
my $hmail = mail_to($t4->{id}, acc_email('hendra.gunawan'), qr/menunggu ICT Verificator/);
ok $hmail, 'the delegate gets the stage mail';
like $hmail->[2], qr/sebagai ICT Verificator atas nama Rina Wulandari/, '... as "atas nama" the holder';
my $htok = token_in($hmail->[2]);
ok $htok && $htok ne token_in(mail_to($t4->{id}, acc_email('rina.wulandari'), qr/menunggu ICT Verificator/)->[2]),
    '... with a token of his own';
new_browser();
like text_of(link_page($htok)), qr/Anda memutuskan sebagai Hendra Gunawan ?, ICT Verificator atas nama Rina Wulandari\./,
    'the page says he decides atas nama Rina Wulandari';
$off = here();
$r = link_post($htok, reason => "Atas nama $m");
is $r->code, 200, 'his link decides';
is sql_value("SELECT a.username || ' ' || coalesce(ap.via, '-') || ' ' || coalesce(ap.on_behalf_of::text, '-') FROM approvals ap"
    . " JOIN accounts a ON a.id = ap.account_id WHERE ap.request_id = $t4->{id} AND ap.stage = 'verificator'"),
    "hendra.gunawan delegation $ID{'rina.wulandari'}", '... recorded as a delegation on Rina\'s behalf';
@log = activity($t4->{id});
is $log[-1][0], 'Hendra Gunawan atas nama Rina Wulandari', '... the Activity Log says "atas nama"';
ok scalar(audit_lines($off, 'decision', qr/nomor=\Q$t4->{nomor}\E\b.*via=delegate.*channel=e-mail/)), '... audited as a delegate\'s, via e-mail';
sql("DELETE FROM delegations WHERE reason = " . lit("Cuti $m"));

# ---- the ICT Executor's mail links to the ticket only ------------------------------------------------
decide_to('bambang.sutrisno', $t4->{id});
is req_status($t4->{id}), 'executor', 'the ticket waits at the ICT Executor';
my @ex = grep { $_->[1] =~ /menunggu ICT Executor/ } outbox($t4->{id});
ok scalar(@ex), 'the ICT Executors get the stage mail';
is scalar(grep { $_->[2] =~ m{/mail/decide} } @ex), 0, '... without a one-click link';
is scalar(grep { $_->[2] =~ m{/requests/$t4->{id}\b} } @ex), scalar(@ex), '... but with the ticket\'s';
is link_count($t4->{id}, "stage = 'executor'"), 0, '... and no token for that stage';

# ---- the reminders carry the links too ---------------------------------------------------------------
my $t5 = create_ticket(ho_spec($m, note => "Pengingat $m"));
sql("UPDATE requests SET updated_at = now() - interval '25 hours' WHERE id = $t5->{id}");
my $rem;
for (1 .. 100) {
    ($rem) = grep { $_->[1] =~ /^\[P-Serv\] Pengingat: / } outbox($t5->{id});
    last if $rem;
    Time::HiRes::sleep(0.2);
}
ok $rem, 'a reminder after 25 hours';
my $remtok = $rem && token_in($rem->[2], 'reject');
ok $remtok, '... carrying a Tolak link';
isnt $remtok, token_in(mail_to($t5->{id}, $atasan, qr/menunggu persetujuan Anda/)->[2]), '... a token of its own';
new_browser();
is link_page($remtok, 'reject')->code, 200, '... which opens the page';
is link_page(token_in(mail_to($t5->{id}, $atasan, qr/menunggu persetujuan Anda/)->[2]))->code, 200,
    '... while the first mail\'s link still works';
$r = link_post($remtok, a => 'reject', reason => "Ditolak dari pengingat $m");
is $r->code, 200, 'the reminder\'s Tolak decides';
like text_of($r), qr/telah ditolak\. Pemohon diberi tahu/, '... saying the requester is told';
is req_status($t5->{id}), 'rejected', '... rejected';
ok scalar(grep { $_->[1] =~ /ditolak/ && lc $_->[0] eq lc req_row($t5->{id})->{email} } outbox($t5->{id})), '... and the requester\'s mail queued';

# ---- Kembalikan untuk Revisi: passed through to decide.c ------------------------------------------------
my $t6 = create_ticket(ho_spec($m, note => "Revisi $m"));
my $tok6 = token_in(mail_to($t6->{id}, $atasan, qr/menunggu persetujuan Anda/)->[2], 'return');
new_browser();
$r = link_page($tok6, 'return');
is $r->code, 200, 'the Kembalikan untuk Revisi link opens its page';
like text_of($r), qr/Ya, Kembalikan Permohonan Ini/, '... with its button';
is link_page($tok6, 'delete')->code, 400, 'an unknown action: 400';
$r = link_post($tok6, a => 'return', reason => "Lampiran salah $m");
is $r->code, 200, 'POST Kembalikan untuk Revisi decides';
is req_status($t6->{id}), 'returned', '... the ticket is Returned for Revision';

# ---- an assignee's mail (Alihkan Persetujuan) carries links too ------------------------------------
my $t7 = create_ticket(ho_spec($m, note => "Alihkan $m"));
as_user('admin');
$r = POST("/requests/$t7->{id}/assign", content => [ csrf => page_csrf(), status => 'atasan',
    account => 'hendra.gunawan', reason => "Alihkan $m", confirm => 1 ]);
is $r->code, 303, 'an Administrator gives the Atasan\'s stage to hendra.gunawan';
my $amail = mail_to($t7->{id}, acc_email('hendra.gunawan'), qr/Persetujuan dialihkan kepada Anda/);
my $atok = $amail && token_in($amail->[2]);
ok $atok, '... his mail carries his links';
$r = link_post($atok, reason => "Dialihkan $m");
is $r->code, 200, '... which decide';
@log = activity($t7->{id});
is join('|', @{ $log[-1] }[0 .. 2]), 'Hendra Gunawan|Atasan Pemohon (dialihkan)|Approved', '... as the assignee';

# ---- no token is ever logged -------------------------------------------------------------------
my @tokens = grep { defined } $tok, $rtok, $tok2, $tok3, $htok, $remtok, $tok6, $atok;
# The error log's lines a production server writes (as t/audit/audit.t:
# emerg to info, and mod_pserv's own; the test server's core logs request
# lines at trace8) and the access log in the shipped format "pserv".
my $errors = join "\n", grep { /\[[\w.]+:(?:emerg|alert|crit|error|warn|notice|info)\]/ || /\[pserv:/ }
    split /\n/, do { open my $fh, '<', $LOG or die "$LOG: $!\n"; local $/; <$fh> };
like $errors, qr{pserv\[AUD01\]: event=decide-link }, 'the error log has the links\' audit lines';
is scalar(grep { index($errors, $_) >= 0 } @tokens), 0, '... never a token';
my $ACCESS = File::Spec->catfile(Apache::Test::vars('t_logs'), 'pserv_access_log');
my $access = -e $ACCESS ? do { open my $fh, '<', $ACCESS or die "$ACCESS: $!\n"; local $/; <$fh> } : '';
like $access, qr{/mail/decide}, 'the access log records the page';
is scalar(grep { index($access, $_) >= 0 } @tokens), 0, '... never its token';

# ---- unknown links are limited per address -------------------------------------------------------
# (a link not spent: $tok6 was, by its Kembalikan untuk Revisi)
my $t8 = create_ticket(ho_spec($m, note => "Batas $m"));
my $tok8 = token_in(mail_to($t8->{id}, $atasan, qr/menunggu persetujuan Anda/)->[2], 'approve');
reset_limit();
new_browser();
my @wrong = map { link_page(substr(token_hash("salah $_ $m"), 0, 43))->code } 1 .. 20;
is join(',', sort { $a <=> $b } keys %{{ map { $_ => 1 } @wrong }}), '404', '20 unknown links: each 404';
like text_of(link_page('pendek')), qr/Link keputusan ini tidak valid/, 'a malformed one: the same page';
is link_page(substr(token_hash("salah 21 $m"), 0, 43))->code, 429, 'past the limit: 429';
is link_page($tok8, 'approve')->code, 429, '... even for a real link, so guessing learns nothing';
reset_limit();
is link_page($tok8, 'approve')->code, 200, 'after the window, the real link opens again';
