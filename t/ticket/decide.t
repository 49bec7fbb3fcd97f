# Deciding on a ticket: POST /requests/N/decide. The chain Atasan (Maya
# Puspitasari / Siti Rahayu) -> ICT Verificator (rina.wulandari) -> ICT
# Manager (bambang.sutrisno) -> ICT Executor (dedi.kurniawan, sari.permata:
# Confirm creates the requester's account) -> Completed; Reject at any
# stage -> Rejected. Each decision asks for confirmation first ("Ya,
# Lanjutkan Pengajuan Ini"), needs a reason, and commits with its approval,
# Activity Log entry and mail. Refused: the wrong actor (403), a ticket that
# moved meanwhile (409), the requester acting on their own ticket, one
# person approving two stages, a missing CSRF token (403); each refusal
# changes nothing.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA ();

plan tests => 193, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my %LABEL = (atasan => 'Atasan Pemohon', verificator => 'ICT Verificator',
             manager => 'ICT Manager', executor => 'ICT Executor');
my %NAME = ('maya.puspitasari' => 'Maya Puspitasari', 'siti.rahayu' => 'Siti Rahayu',
            'rina.wulandari' => 'Rina Wulandari', 'bambang.sutrisno' => 'Bambang Sutrisno',
            'dedi.kurniawan' => 'Dedi Kurniawan', 'sari.permata' => 'Sari Indah Permata');
my $DENIED = qr/Anda tidak memiliki akses/;
my $MOVED = qr/sudah diproses oleh pihak lain dan telah berpindah tahap/;

sub panel { form_block($_[0], qr{class="decide-form"}) }

# $user's decision is refused with $code and nothing about the ticket changes.
sub refused {
    my ($what, $user, $id, $code, %f) = @_;
    as_user($user);
    my $before = snapshot($id);
    my $r = decide($id, reason => "Coba $what", %f);
    is $r->code, $code, "$what: $code";
    is snapshot($id), $before, "$what: nothing changed";
    return $r;
}

# Mail queued for ticket $id after the first $skip ones: recipients, sorted.
sub new_mail_to {
    my ($id, $skip) = @_;
    my @mail = outbox($id);
    return [ sort map { $_->[0] } @mail[$skip .. $#mail] ];
}

# ---- the whole chain, HO - Organik/PKWT (10020003, Atasan Maya) ------------------------
my $t = create_ticket(ho_spec($m, platforms => { SAP => "SAP untuk $m" }));
my $id = $t->{id};
my $nomor = $t->{nomor};

as_user('maya.puspitasari');
my $page = ticket_page($id);
is $page->code, 200, 'the Atasan opens the ticket';
my $form = panel($page->content);
ok $form, 'the Atasan sees the approval panel';
like $form // '', qr{action="/requests/$id/decide"}, '... posting to /requests/N/decide';
like $form // '', qr{>\s*Approve\s*</button>}, '... with Approve';
like $form // '', qr{>\s*Reject\s*</button>}, '... and Reject';
is input_value($form // '', 'status'), 'atasan', '... carrying the status it shows';

my $before = snapshot($id);
my $r = decide($id, reason => "Atasan setuju $m", confirm => undef);
is $r->code, 200, 'Approve without confirm: 200';
like $r->content, qr{>\s*Ya, Lanjutkan Pengajuan Ini\s*</button>}, '... the confirmation page';
like $r->content, qr/Anda yakin akan menyetujui permohonan \Q$nomor\E\?/, '... asking about this ticket';
is snapshot($id), $before, '... and nothing changed yet';

$r = decide($id, reason => "Atasan setuju $m");
is $r->code, 303, 'Atasan: Approve confirmed: 303';
is location($r), "/requests/$id?done=approve", '... back to the ticket';
is req_status($id), 'verificator', '... now Waiting for Approval ICT Verificator';
is_deeply [ approvals($id) ], [ [ 'atasan', 'approve', 'maya.puspitasari', "Atasan setuju $m" ] ],
    '... one approval, by the Atasan';
is_deeply +(activity($id))[-1], [ 'Maya Puspitasari', 'Atasan Pemohon', 'Approved', "Atasan setuju $m", 'maya.puspitasari' ],
    '... Activity Log: Approved by the Atasan, with the reason';
is_deeply new_mail_to($id, 2), [ sort(role_emails('ict_verificator')) ], '... mail to every ICT Verificator';
ok((grep { $_ eq 'rina.wulandari@ptpr.example' } @{ new_mail_to($id, 2) }), '... rina.wulandari among them');
like +(outbox($id))[2][1], qr/\Q$nomor\E menunggu ICT Verificator/, '... saying what waits';
$page = ticket_page($id, '?done=approve');
like $page->content, qr/Permohonan telah disetujui dan diteruskan ke tahap berikutnya\./, 'the ticket says it moved on';
ok !panel($page->content), 'the Atasan no longer sees the panel';

my $mails = () = outbox($id);
# The Verificator approves the way a browser without JavaScript does:
# Approve, then the confirmation page's own form.
as_user('rina.wulandari');
$r = decide($id, reason => "Verifikasi OK $m", confirm => undef);
my $confirm = form_block($r->content, qr{action="/requests/$id/decide"});
ok $confirm, 'the confirmation page has a form posting the decision again';
$r = POST("/requests/$id/decide", content => [ form_pairs($confirm // '') ]);
is $r->code, 303, 'its Ya, Lanjutkan Pengajuan Ini: 303';
is req_status($id), 'manager', 'Verificator approves: Waiting for Approval ICT Manager';
is_deeply new_mail_to($id, $mails), [ sort(role_emails('ict_manager')) ], '... mail to every ICT Manager';
$mails = () = outbox($id);
decide_to('bambang.sutrisno', $id, reason => "Manager OK $m");
is req_status($id), 'executor', 'Manager approves: Waiting for ICT Executor';
is_deeply new_mail_to($id, $mails), [ sort(role_emails('ict_executor')) ], '... mail to every ICT Executor';
is_deeply [ grep { /^(dedi|sari)\./ } @{ new_mail_to($id, $mails) } ],
    [ 'dedi.kurniawan@ptpr.example', 'sari.permata@ptpr.example' ], '... dedi and sari among them';
$mails = () = outbox($id);

as_user('dedi.kurniawan');
$page = ticket_page($id);
$form = panel($page->content) // '';
like $form, qr{<input[^>]*name="user_id"}, 'the Executor\'s panel asks for User ID Baru';
like $form, qr{>\s*Confirm\s*</button>}, '... with Confirm';
my $user_id = "agus.$m";
$r = decide($id, reason => "Dibuat $m", user_id => $user_id, confirm => undef);
like $r->content, qr/Anda yakin akan membuat User ID \Q$user_id\E untuk permohonan \Q$nomor\E\?/,
    'Confirm asks first, naming the User ID';
ok !account_row($user_id), '... no account yet';
$r = decide($id, reason => "Dibuat $m", user_id => $user_id);
is $r->code, 303, 'Executor: Confirm: 303';
is location($r), "/requests/$id?done=completed", '... back to the ticket';
is req_status($id), 'completed', '... Completed';
my $acct = account_row($user_id);
ok $acct, "the account $user_id exists";
is_deeply $acct && [ @$acct{qw(nopek full_name email unit_code no_password active)} ],
    [ '10020003', 'Agus Salim', 'agus.salim@ptpr.example', 'HO-FIN', 'true', 'true' ],
    '... for the requester, active, without a password yet';
is req_row($id)->{account_id}, $acct && $acct->{id}, '... linked to the ticket';
is sql_value("SELECT count(*) FROM account_roles WHERE account_id = " . int($acct ? $acct->{id} : 0)), 0,
    '... with no role';
my ($tok) = sql("SELECT encode(token_hash, 'hex'), extract(epoch FROM expires_at - created_at)::bigint,"
    . " (used_at IS NULL AND revoked_at IS NULL)::text FROM one_time_tokens"
    . " WHERE purpose = 'set_password' AND account_id = " . int($acct ? $acct->{id} : 0));
ok $tok, 'a set-password link was made';
is $tok && $tok->[1], 259200, '... valid for 72 hours';
is $tok && $tok->[2], 'true', '... unused';
my @mail = outbox($id);
is_deeply [ map { $_->[0] } @mail[$mails .. $#mail] ], [ 'agus.salim@ptpr.example' ],
    'one mail on completion, to the requester';
like $mail[-1][1], qr/User ID Anda telah dibuat \(\Q$nomor\E\)/, '... saying the User ID was made';
like $mail[-1][2], qr/^User ID +: \Q$user_id\E$/m, '... naming it';
my ($link_token) = $mail[-1][2] =~ m{/password/set\?token=([A-Za-z0-9_-]+)};
is $link_token && Digest::SHA::sha256_hex($link_token), $tok && $tok->[0],
    '... with the set-password link whose hash is stored';
is_deeply [ approvals($id) ],
    [ [ 'atasan', 'approve', 'maya.puspitasari', "Atasan setuju $m" ],
      [ 'verificator', 'approve', 'rina.wulandari', "Verifikasi OK $m" ],
      [ 'manager', 'approve', 'bambang.sutrisno', "Manager OK $m" ],
      [ 'executor', 'approve', 'dedi.kurniawan', "Dibuat $m" ] ],
    'four approvals, one per stage';
is_deeply [ activity($id) ],
    [ [ 'Agus Salim', 'Pemohon', 'Submitted', '', '' ],
      [ 'Maya Puspitasari', 'Atasan Pemohon', 'Approved', "Atasan setuju $m", 'maya.puspitasari' ],
      [ 'Rina Wulandari', 'ICT Verificator', 'Approved', "Verifikasi OK $m", 'rina.wulandari' ],
      [ 'Bambang Sutrisno', 'ICT Manager', 'Approved', "Manager OK $m", 'bambang.sutrisno' ],
      [ 'Dedi Kurniawan', 'ICT Executor', 'Completed', "Dibuat $m", 'dedi.kurniawan' ] ],
    'the Activity Log, every step with actor, role and reason';
is_deeply [ map { $_->[0] } outbox($id) ],
    [ 'maya.puspitasari@ptpr.example', 'agus.salim@ptpr.example', role_emails('ict_verificator'),
      role_emails('ict_manager'), role_emails('ict_executor'), 'agus.salim@ptpr.example' ],
    'every mail of the ticket, in order';
$page = ticket_page($id, '?done=completed');
like $page->content, qr/User ID telah dibuat\./, 'the ticket says the User ID was made';
like $page->content, qr{<dd class="[^"]*ticket-account[^"]*">\Q$user_id\E</dd>}, '... and shows it';
is scalar(() = $page->content =~ /class="log-entry /g), 5, '... with five Activity Log entries';
is scalar(() = $page->content =~ /class="step step-done"/g), 5, '... and every stage done';
ok !panel($page->content), '... and no panel';
refused('Completed, the other Executor tries', 'sari.permata', $id, 409, status => 'executor',
        user_id => "lagi.$m");
refused('Completed, Reject', 'dedi.kurniawan', $id, 409, decision => 'reject', status => 'completed');

# ---- a User ID Unit through to Completed (the account has no nopek) ---------------------------------
my $u = create_ticket(unit_spec($m, full_name => "Unit Selesai $m"));
decide_to('siti.rahayu', $u->{id});
decide_to('rina.wulandari', $u->{id});
decide_to('bambang.sutrisno', $u->{id});
# The Executor's panel refuses what is missing or wrong.
as_user('sari.permata');
$before = snapshot($u->{id});
for my $case ([ 'no Catatan', { user_id => "unit.$m", reason => '' }, 'dec-reason', 'Catatan wajib diisi.' ],
              [ 'no User ID Baru field', { }, 'dec-user_id', 'User ID Baru wajib diisi.' ],
              [ 'an empty User ID Baru', { user_id => '' }, 'dec-user_id', 'User ID Baru wajib diisi.' ],
              [ 'an invalid User ID Baru', { user_id => 'Nama Besar!' }, 'dec-user_id',
                qr/^User ID Baru harus 3 sampai 32 karakter/ ],
              [ 'a User ID already taken', { user_id => 'dedi.kurniawan' }, 'dec-user_id',
                'User ID ini sudah dipakai. Pilih User ID lain.' ]) {
    my ($what, $f, $field, $msg) = @$case;
    $r = decide($u->{id}, reason => "Catatan $m", %$f);
    is $r->code, 200, "Executor, $what: the ticket page again"
        or diag 'answered ' . $r->code . ' (' . $r->message . '): a Confirm without the user_id'
              . ' field must not take the server down (handle_ticket.c, apr_collapse_spaces'
              . ' on the literal "")';
    my $err = tag_text($r->content, qr{<span[^>]*id="\Q$field\E-error"[^>]*>(.*?)</span>}s) // '';
    if (ref $msg) { like $err, $msg, "Executor, $what: the message" }
    else { is $err, $msg, "Executor, $what: the message" }
}
is snapshot($u->{id}), $before, 'none of them changed anything';
$r = decide($u->{id}, reason => "Dibuat $m", user_id => "unit.$m");
is $r->code, 303, 'User ID Unit: Confirm: 303'
    or diag 'answered ' . $r->code . ': the account of a User ID Unit request has no nopek,'
          . ' but the empty string reaches INSERT INTO accounts (FK accounts_nopek_fkey)';
is req_status($u->{id}), 'completed', '... Completed';
$acct = account_row("unit.$m");
is_deeply $acct && [ @$acct{qw(nopek full_name email unit_code)} ],
    [ '<null>', "Unit Selesai $m", "unit.$m\@unit.example", 'UNIT-JKT' ],
    '... the account: no nopek, the typed name and e-mail, the unit';

# ---- Reject at each stage -----------------------------------------------------------------------------------
my @before_stage = ();
for my $stage (qw(atasan verificator manager executor)) {
    my $who = { atasan => 'siti.rahayu', verificator => 'rina.wulandari',
                manager => 'bambang.sutrisno', executor => 'sari.permata' }->{$stage};
    my $tk = create_ticket(unit_spec($m, full_name => "Tolak $stage $m"));
    for my $earlier (@before_stage) { decide_to($earlier, $tk->{id}) }
    is req_status($tk->{id}), $stage, "reject at $stage: the ticket waits there";
    my $accounts = sql_value('SELECT count(*) FROM accounts');
    my $n = () = outbox($tk->{id});
    as_user($who);
    $r = decide($tk->{id}, decision => 'reject', reason => "Ditolak di $stage $m", confirm => undef);
    like $r->content, qr/Anda yakin akan menolak permohonan \Q$tk->{nomor}\E\?/, "reject at $stage: asks first";
    $r = decide($tk->{id}, decision => 'reject', reason => "Ditolak di $stage $m");
    is $r->code, 303, "reject at $stage: 303";
    is location($r), "/requests/$tk->{id}?done=reject", "reject at $stage: back to the ticket";
    is req_status($tk->{id}), 'rejected', "reject at $stage: Rejected";
    is_deeply +(approvals($tk->{id}))[-1], [ $stage, 'reject', $who, "Ditolak di $stage $m" ],
        "reject at $stage: the approvals row says reject";
    is_deeply +(activity($tk->{id}))[-1], [ $NAME{$who}, $LABEL{$stage}, 'Rejected', "Ditolak di $stage $m", $who ],
        "reject at $stage: Activity Log";
    my @mail = outbox($tk->{id});
    is_deeply [ map { $_->[0] } @mail[$n .. $#mail] ], [ "unit.$m\@unit.example" ],
        "reject at $stage: one mail, to the requester only";
    like $mail[-1][2], qr/ditolak pada tahap \Q$LABEL{$stage}\E\..*Alasan +: Ditolak di \Q$stage $m\E/s,
        "reject at $stage: with the stage and the reason";
    is sql_value('SELECT count(*) FROM accounts'), $accounts, "reject at $stage: no account made";
    $page = ticket_page($tk->{id}, '?done=reject');
    like $page->content, qr/Permohonan telah ditolak\./, "reject at $stage: the ticket says so";
    is scalar(() = $page->content =~ /class="step step-rejected"/g), 1, "reject at $stage: the progress marks the stage";
    refused("rejected at $stage, then Approve", 'rina.wulandari', $tk->{id}, 409,
            status => $stage eq 'atasan' ? 'verificator' : $stage);
    push @before_stage, $who eq 'sari.permata' ? () : $who;
}

# ---- a reason is required ---------------------------------------------------------------------------------------
my $w = create_ticket(unit_spec($m, full_name => "Alasan $m"));
as_user('siti.rahayu');
$before = snapshot($w->{id});
for my $case ([ 'Approve without a reason', {} ],
              [ 'Approve with an empty reason', { reason => '' } ],
              [ 'Approve with only spaces as reason', { reason => " \t\r\n " } ],
              [ 'Reject without a reason', { decision => 'reject', reason => '' } ]) {
    my ($what, $f) = @$case;
    my %f = (%$f);
    $r = decide($w->{id}, exists $f{reason} ? () : (reason => undef), %f);
    is $r->code, 200, "$what: the ticket page again";
    is tag_text($r->content, qr{<span[^>]*id="dec-reason-error"[^>]*>(.*?)</span>}s), 'Alasan wajib diisi.',
        "$what: 'Alasan wajib diisi.'";
}
is snapshot($w->{id}), $before, 'no reason: nothing changed';

# ---- the wrong actor: 403, nothing changes -------------------------------------------------------------------
# (Atasan stage: Siti; an Atasan of other tickets cannot see this one: 404.)
for my $user (qw(dedi.kurniawan rina.wulandari bambang.sutrisno admin)) {
    my $r = refused("$user at the Atasan stage", $user, $w->{id}, 403);
    like $r->content, $DENIED, "$user at the Atasan stage: the P-Serv 403 page";
}
refused('maya.puspitasari (Atasan of others) at the Atasan stage', 'maya.puspitasari', $w->{id}, 404);
decide_to('siti.rahayu', $w->{id});
refused('siti.rahayu at the Verificator stage', 'siti.rahayu', $w->{id}, 403);
refused('bambang.sutrisno at the Verificator stage', 'bambang.sutrisno', $w->{id}, 403);
refused('sari.permata at the Verificator stage', 'sari.permata', $w->{id}, 403);
as_user('bambang.sutrisno');
ok !panel(ticket_page($w->{id})->content), 'the wrong actor sees no panel';
decide_to('rina.wulandari', $w->{id});
refused('dedi.kurniawan at the Manager stage', 'dedi.kurniawan', $w->{id}, 403);
decide_to('bambang.sutrisno', $w->{id});
refused('rina.wulandari at the Executor stage', 'rina.wulandari', $w->{id}, 403, user_id => "salah.$m");
refused('siti.rahayu at the Executor stage', 'siti.rahayu', $w->{id}, 403, user_id => "salah.$m");

# ---- nobody acts on their own request -------------------------------------------------------------------------
# rina.wulandari (10010002) asks for an HO account; her supervisor Bambang
# is her Atasan; at the Verificator stage she is the only Verificator.
my $own = create_ticket(ho_spec($m, nopek => '10010002', platforms => { VPN => "VPN $m" }));
is req_row($own->{id})->{atasan_nopek}, '10010001', "rina's own request: Atasan is Bambang";
decide_to('bambang.sutrisno', $own->{id}, reason => "Atasan OK $m");
is req_status($own->{id}), 'verificator', "rina's own request waits for the Verificator";
$r = refused("rina.wulandari on her own request", 'rina.wulandari', $own->{id}, 403);
like $r->content, $DENIED, '... the P-Serv 403 page';
ok !panel(ticket_page($own->{id})->content), '... and she sees no panel on it';

# ---- nobody approves two stages -------------------------------------------------------------------------------
# dedi.kurniawan (10010003) asks; his supervisor is Rina, who approves as
# Atasan and then may not approve again as Verificator.
my $two = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN $m" }));
is req_row($two->{id})->{atasan_nopek}, '10010002', "dedi's request: Atasan is Rina";
decide_to('rina.wulandari', $two->{id}, reason => "Atasan OK $m");
$r = refused('rina.wulandari approving a second stage', 'rina.wulandari', $two->{id}, 403);
like $r->content, $DENIED, '... the P-Serv 403 page';
ok !panel(ticket_page($two->{id})->content), '... and no panel for her';
refused('rina.wulandari rejecting at the second stage', 'rina.wulandari', $two->{id}, 403, decision => 'reject');

# ---- CSRF ------------------------------------------------------------------------------------------------------------
my $c = create_ticket(unit_spec($m, full_name => "CSRF $m"));
refused('no CSRF token', 'siti.rahayu', $c->{id}, 403, csrf => undef);
refused('an empty CSRF token', 'siti.rahayu', $c->{id}, 403, csrf => '');
as_user('rina.wulandari');
my $rina_csrf = page_csrf();
refused("another session's CSRF token", 'siti.rahayu', $c->{id}, 403, csrf => $rina_csrf);
refused('the right token from another origin', 'siti.rahayu', $c->{id}, 403,
        headers => [ Origin => 'http://evil.example' ]);
as_user('siti.rahayu');
$r = decide($c->{id}, reason => "Dengan token $m");
is $r->code, 303, 'with its own token the same decision goes through';

# ---- stale status: 409 ---------------------------------------------------------------------------------------------
# The ticket is at the Verificator now; decisions sent for the Atasan stage.
$r = refused('the Verificator deciding on a page from before', 'rina.wulandari', $c->{id}, 409, status => 'atasan');
like $r->content, $MOVED, '... told that the ticket has moved on';
$r = refused('the Atasan deciding again on the old page', 'siti.rahayu', $c->{id}, 409, status => 'atasan');
like $r->content, $MOVED, '... told that the ticket has moved on';
as_user('rina.wulandari');
$r = decide($c->{id}, reason => 'x', decision => 'maybe');
is $r->code, 400, 'an unknown decision: 400';
$r = decide(999999999, reason => 'x', status => 'atasan');
is $r->code, 404, 'a ticket that does not exist: 404';
