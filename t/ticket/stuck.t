# Tickets nobody may act on (issue 17, "Tiket Tertahan" and "Who it waits
# on"): who may act is actors.c's (holders, delegates, the assignee, minus
# those separation of duties bars); a waiting ticket with nobody is marked
# stuck when that happens (submit, decision, an account deactivated or its
# roles changed, the mail worker's sweep), the Administrators get one mail
# per episode, the ticket is listed on /admin/stuck with the reason in
# words, and Alihkan Persetujuan (/requests/N/assign) gives the stage of
# that ticket to one account. The ticket page shows Menunggu (the stage,
# since when, who may act or why nobody may); the status page the stage
# and since when, without names.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA ();
use HTML::Entities ();
use Time::HiRes ();

plan tests => 118, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $STUCK = '[P-Serv] Tiket tertahan: ';
my $DENIED = qr/Anda tidak memiliki akses/;

# ---- the Administrator has an address while this test runs ---------------------
# (the demo's admin account has none; the stuck mail goes to every active
# Administrator with one)
my $ADMIN_MAIL = "admin.$m\@example.com";
my $admin_mail_was = sql_value("SELECT coalesce(email, '') FROM accounts WHERE username = 'admin'");
sql("UPDATE accounts SET email = " . lit($ADMIN_MAIL) . " WHERE username = 'admin'");
my ($RINA) = sql_value("SELECT id FROM accounts WHERE username = 'rina.wulandari'");
my @MADE;
END {
    eval {
        sql("UPDATE accounts SET email = "
            . ($admin_mail_was ne '' ? lit($admin_mail_was) : 'NULL') . " WHERE username = 'admin'");
        # Rina is the demo's only ICT Verificator: whatever happened, she is again.
        sql("UPDATE accounts SET active = true WHERE id = $RINA");
        sql("INSERT INTO account_roles (account_id, role) VALUES ($RINA, 'ict_verificator')"
            . " ON CONFLICT DO NOTHING");
        sql("UPDATE accounts SET active = false WHERE username = " . lit($_)) for @MADE;
    } if db_ok();
}

# ---- helpers ---------------------------------------------------------------------
sub text_of {
    my ($html) = @_;
    $html =~ s/<[^>]*>/ /g;
    $html = HTML::Entities::decode_entities($html);
    $html =~ s/\s+/ /g;
    return $html;
}
# '' when not marked stuck
sub stuck_since {
    my $v = sql_value("SELECT coalesce(stuck_since::text, '-') FROM requests WHERE id = " . int($_[0]));
    return $v eq '-' ? '' : $v;
}
sub mail_of {
    my ($id, $prefix) = @_;
    return grep { index($_->[1], $prefix) == 0 } outbox($id);
}
# Three looks of the mail worker (its sweeps judge every ticket at each
# look under PservTestHooks), done now (mail_looks).
sub settle { mail_looks(3) }
# Until $cond returns true: a look of the mail worker, then another, up to
# 20 s.
sub wait_for {
    my ($cond) = @_;
    for (1 .. 100) { return 1 if $cond->(); mail_looks(); return 1 if $cond->(); Time::HiRes::sleep(0.2) }
    return 0;
}
# The Menunggu block of a page, as text ('' when none).
sub menunggu {
    my ($html) = @_;
    return $html =~ m{<div class="waiting" id="menunggu">(.*?)</div>}s ? text_of($1) : '';
}
# POST /requests/$id/assign as the current browser; %f: account,
# account_id, reason, status (default the ticket's), confirm, csrf.
sub assign {
    my ($id, %f) = @_;
    my $csrf = exists $f{csrf} ? $f{csrf} : page_csrf();
    my @form;
    push @form, csrf => $csrf if defined $csrf;
    push @form, status => exists $f{status} ? $f{status} : req_status($id);
    for my $k (qw(account account_id reason confirm)) {
        push @form, $k => $f{$k} if defined $f{$k};
    }
    return POST("/requests/$id/assign", content => \@form);
}
sub assignments {
    my ($id) = @_;
    return sql("SELECT s.stage, a.username, s.reason FROM stage_assignments s"
        . " JOIN accounts a ON a.id = s.account_id WHERE s.request_id = " . int($id));
}
sub stuck_page_row {
    my ($html, $nomor) = @_;
    while ($html =~ m{<tr class="stuck-row[^"]*">(.*?)</tr>}gs) {
        my $tr = $1;
        return $tr if index($tr, $nomor) >= 0;
    }
    return undef;
}

# ---- 1. the Dedi/Rina deadlock -----------------------------------------------------
# Dedi Kurniawan (10010003) asks; his Atasan Rina Wulandari approves stage
# 1; at stage 2 she is the only ICT Verificator, and barred.
is_deeply [ role_emails('ict_verificator') ], [ 'rina.wulandari@ptpr.example' ],
    'the demo has one ICT Verificator, Rina Wulandari';
my $t = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN $m" }));
my $id = $t->{id};
is stuck_since($id), '', 'at submit it is not stuck: Rina may act as the Atasan';
decide_to('rina.wulandari', $id, reason => "Atasan OK $m");
is req_status($id), 'verificator', 'Rina approved as the Atasan: it waits for the ICT Verificator';
isnt stuck_since($id), '', 'detected at her decision: the ticket is marked stuck';
my @s = mail_of($id, $STUCK);
is scalar(@s), 1, 'the Administrators get one mail';
is $s[0][0], $ADMIN_MAIL, '... to the Administrator';
like $s[0][1], qr/^\Q$STUCK$t->{nomor}\E menunggu ICT Verificator$/, '... its subject names the Nomor and the stage';
like $s[0][2], qr/Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/, '... with the reason in words';
like $s[0][2], qr{/admin/stuck}, '... and the way to Tiket Tertahan';
is scalar(grep { $_->[0] eq 'rina.wulandari@ptpr.example' && $_->[1] =~ /menunggu ICT Verificator/ } outbox($id)), 0,
    'Rina, who may not act, is not asked to verify';
settle();
is scalar(mail_of($id, $STUCK)), 1, 'the worker\'s sweeps do not mail again (one mail per episode)';

# Tiket Tertahan
as_user('admin');
my $r = GET('/admin/stuck');
is $r->code, 200, 'Tiket Tertahan: 200 for the Administrator';
like $r->content, qr{<h1 class="page-title">Tiket Tertahan</h1>}, '... titled Tiket Tertahan';
my $row = stuck_page_row($r->content, $t->{nomor}) // '';
ok $row, '... it lists the ticket';
like $row, qr{href="/requests/$id"}, '... with a link to the ticket';
like text_of($row), qr/Dedi Kurniawan/, '... the requester';
like text_of($row), qr/ICT Verificator/, '... the stage';
like text_of($row), qr/Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/, '... the reason in words';
like text_of($row), qr/\d+ menit|\d+ jam|\d+ hari/, '... how long it has waited';
like $row, qr{href="/requests/$id/assign"[^>]*>Alihkan Persetujuan<}, '... and Alihkan Persetujuan';
like text_of($r->content), qr/ICT Verificator\s*: hanya Rina Wulandari\. Permohonannya sendiri, dan tiket yang sudah ia setujui sebagai Atasan, akan tertahan/,
    '... and, ahead, the role only one person holds';
like GET('/home')->content, qr{href="/admin/stuck"}, 'Halaman Utama links to it';
as_user('rina.wulandari');
is GET('/admin/stuck')->code, 403, 'anyone else: 403';

# Menunggu on the ticket
my $page = ticket_page($id)->content;
my $w = menunggu($page);
like $w, qr/Menunggu Tahap ICT Verificator Sejak \d/, 'Menunggu: the stage and since when';
like $w, qr/Tidak ada yang dapat bertindak\. Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/,
    '... nobody may act, and why';
unlike $page, qr{/assign"}, '... no Alihkan Persetujuan for Rina';
ok !form_block($page, qr{class="decide-form"}), '... and no decision panel';
as_user('admin');
$page = ticket_page($id)->content;
like $page, qr{href="/requests/$id/assign"[^>]*>Alihkan Persetujuan<}, 'the Administrator gets Alihkan Persetujuan on the ticket';

# the Administrator decides nothing
my $before = snapshot($id);
$r = decide($id, reason => "Admin $m", status => 'verificator');
is $r->code, 403, 'the Administrator may not decide: 403';
is snapshot($id), $before, '... nothing changed';

# the status page: the stage and since when, no names
my $token = join '', map { ('A' .. 'Z', 'a' .. 'z', 0 .. 9, '-', '_')[rand 64] } 1 .. 43;
sql("UPDATE requests SET status_token = decode(" . lit(Digest::SHA::sha256_hex($token)) . ", 'hex') WHERE id = $id");
as_public();
my $sp = GET("/status/$token")->content;
$w = menunggu($sp);
like $w, qr/Menunggu Tahap ICT Verificator Sejak \d/, 'Status Permintaan: Menunggu with the stage and since when';
unlike $w, qr/Dapat bertindak|Tidak ada yang dapat/, '... no one who may act, no reason';
unlike $sp, qr/Rina|Wulandari|Satu-satunya/, '... no names anywhere';

# ---- Alihkan Persetujuan: the refusals -----------------------------------------------
as_user('rina.wulandari');
is GET("/requests/$id/assign")->code, 403, 'Alihkan Persetujuan: 403 for anyone but an Administrator';
is assign($id, account => 'hendra.gunawan', reason => 'x', confirm => 1)->code, 403, '... GET and POST';
as_user('admin');
$r = GET("/requests/$id/assign");
is $r->code, 200, 'the form: 200';
like $r->content, qr/Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/, '... with why nobody may act';
like $r->content, qr{<label for="asg-account">Akun Tujuan</label>}, '... the account field';
like $r->content, qr{<label for="asg-reason">Alasan</label>}, '... Alasan';
like $r->content, qr{data-q-assign=}, '... the dialog for JavaScript';
like $r->content, qr{Ya, Alihkan Persetujuan}, '... its Ya button';

$before = snapshot($id);
$r = assign($id, account => 'hendra.gunawan', reason => "Pengalihan $m", csrf => undef);
is $r->code, 403, 'without the CSRF token: 403';
$r = assign($id, account => 'hendra.gunawan', reason => '  ', confirm => 1);
like $r->content, qr/Alasan wajib diisi/, 'Alasan is required';
$r = assign($id, account => '', reason => "Pengalihan $m", confirm => 1);
like $r->content, qr/Akun tujuan wajib diisi/, 'the account is required';
$r = assign($id, account => "tidakada$m", reason => "Pengalihan $m", confirm => 1);
like text_of($r->content), qr/Tidak ada akun aktif dengan nama atau username "tidakada$m"/, 'an unknown account: said so';
# ".w": rina.wulandari and andi.wijaya, and no test's own account (their
# run tags are letters after a "t", so a tag may hold "wa", never ".w").
$r = assign($id, account => '.w', reason => "Pengalihan $m", confirm => 1);
like text_of($r->content), qr/Ada lebih dari satu akun yang cocok dengan "\.w"/, 'an ambiguous one: said so';
my @radios = $r->content =~ /name="account_id"/g;
ok @radios >= 2 && $r->content =~ /Andi Wijaya/, '... with the matches to choose from';
$r = assign($id, account => 'rina.wulandari', reason => "Pengalihan $m", confirm => 1);
is $r->code, 409, 'Rina, who approved stage 1, is refused: 409';
like text_of($r->content), qr/Rina Wulandari \(rina\.wulandari\) sudah memutuskan tahap lain tiket/, '... saying why';
$r = assign($id, account => 'dedi.kurniawan', reason => "Pengalihan $m", confirm => 1);
is $r->code, 409, 'the requester is refused: 409';
like text_of($r->content), qr/adalah pemohon tiket/, '... saying why';
$r = assign($id, account => 'admin', reason => "Pengalihan $m", confirm => 1);
is $r->code, 409, 'the Administrator themselves is refused: the role only routes';
my $OFF = "off.$m";
sql("INSERT INTO accounts (username, full_name, email, active) VALUES (" . lit($OFF)
    . ", 'Akun Nonaktif', " . lit("off.$m\@example.com") . ", false)");
push @MADE, $OFF;
$before = snapshot($id);
$r = assign($id, account => $OFF, reason => "Pengalihan $m", confirm => 1);
is $r->code, 409, 'an inactive account is refused: 409';
like text_of($r->content), qr/nonaktif/, '... saying why';
is snapshot($id), $before, 'none of them changed anything';
is scalar(assignments($id)), 0, '... nor assigned the stage';

# ---- Alihkan Persetujuan to Hendra Gunawan ---------------------------------------------
$r = assign($id, account => 'Hendra', reason => "Rina sudah menyetujui sebagai Atasan $m");
is $r->code, 200, 'without confirm: the confirmation page';
like text_of($r->content), qr/Anda yakin akan mengalihkan persetujuan tahap ICT Verificator tiket \Q$t->{nomor}\E kepada Hendra Gunawan \(hendra\.gunawan\)\?/,
    '... asking about the account found';
my $confirm = form_block($r->content, qr{class="confirm-form"});
ok $confirm && $confirm =~ /Ya, Alihkan Persetujuan/, '... Ya, Alihkan Persetujuan';
is snapshot($id), $before, '... nothing stored yet';
$r = POST("/requests/$id/assign", content => [ form_pairs($confirm) ]);
is $r->code, 303, 'Ya: 303';
is location($r), "/requests/$id?done=assigned", '... back to the ticket';
is_deeply [ assignments($id) ], [ [ 'verificator', 'hendra.gunawan', "Rina sudah menyetujui sebagai Atasan $m" ] ],
    'the stage is assigned to Hendra, with the reason';
is stuck_since($id), '', '... the ticket is no longer stuck';
my @log = activity($id);
is_deeply [ @{ $log[-1] }[0 .. 3] ], [ 'Administrator', 'Administrator', 'Persetujuan dialihkan kepada Hendra Gunawan',
    "Rina sudah menyetujui sebagai Atasan $m" ], '... an Activity Log line by the Administrator';
my @am = grep { $_->[1] =~ /dialihkan/i } outbox($id);
my ($to_h) = grep { $_->[0] eq 'hendra.gunawan@ptpr.example' } @am;
my ($to_r) = grep { $_->[0] eq 'rina.wulandari@ptpr.example' } @am;
ok $to_h, 'Hendra is mailed';
like $to_h->[2] // '', qr/hanya untuk tiket ini/, '... for this ticket only';
like $to_h->[2] // '', qr{/requests/$id\b}, '... with the link';
like $to_h->[2] // '', qr/Alasan: Rina sudah menyetujui/, '... and the reason';
ok $to_r, 'Rina, the stage\'s holder, is mailed';
like $to_r->[2] // '', qr/dialihkan oleh Administrator .* kepada Hendra Gunawan/s, '... that it went to Hendra';
like ticket_page($id, '?done=assigned')->content, qr/Persetujuan tahap ini telah dialihkan/, 'the ticket says it was done';
like menunggu(ticket_page($id)->content), qr/Dapat bertindak Hendra Gunawan \(dialihkan\)/,
    'Menunggu names Hendra, marked dialihkan';
ok !stuck_page_row(GET('/admin/stuck')->content, $t->{nomor}), 'Tiket Tertahan no longer lists it';

# Hendra verifies; then on to Completed
as_user('hendra.gunawan');
ok form_block(ticket_page($id)->content, qr{class="decide-form"}), 'Hendra gets the decision panel';
decide_to('hendra.gunawan', $id, reason => "Verifikasi $m");
is req_status($id), 'manager', 'Hendra verifies: the ICT Manager stage';
is_deeply [ sql("SELECT a.username, ap.via FROM approvals ap JOIN accounts a ON a.id = ap.account_id"
                . " WHERE ap.request_id = $id AND ap.stage = 'verificator'") ],
    [ [ 'hendra.gunawan', 'assignment' ] ], '... stored as by assignment';
@log = activity($id);
is $log[-1][1], 'ICT Verificator (dialihkan)', '... and logged as ICT Verificator (dialihkan)';
decide_to('bambang.sutrisno', $id, reason => "Manager $m");
decide_to('sari.permata', $id, reason => "Dibuat $m", user_id => "dk.$m");
is req_status($id), 'completed', 'the ticket goes on to Completed';
as_user('admin');
like ticket_page($id)->content, qr/Completed/, '(shown Completed)';
unlike menunggu(ticket_page($id)->content), qr/Menunggu/, 'a completed ticket shows no Menunggu';
$r = assign($id, account => 'hendra.gunawan', reason => "Lagi $m", confirm => 1);
is $r->code, 409, 'Alihkan Persetujuan on a ticket that no longer waits: 409';
like text_of($r->content), qr/tidak lagi menunggu persetujuan/, '... saying so';

# ---- 2. an Atasan without an account -------------------------------------------------
my $base = sprintf '99%06d', time() % 1000000;
my ($BOSS, $WORKER) = ("${base}1", "${base}2");
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, supervisor_nopek, employment_type)"
    . " VALUES (" . lit($BOSS) . ", " . lit("Atasan Tanpa Akun $m") . ", 'Assistant Manager', "
    . lit("boss.$m\@ptpr.example") . ", 'HO-FIN', '10020001', 'ORGANIK'), (" . lit($WORKER)
    . ", " . lit("Pekerja Uji $m") . ", 'Officer', " . lit("worker.$m\@ptpr.example")
    . ", 'HO-FIN', " . lit($BOSS) . ", 'ORGANIK')");
my $u = create_ticket(ho_spec($m, nopek => $WORKER, platforms => { VPN => "VPN pekerja $m" }));
is req_row($u->{id})->{atasan_nopek}, $BOSS, 'a worker whose Atasan has no account submits';
isnt stuck_since($u->{id}), '', '... stuck at submit';
@s = mail_of($u->{id}, $STUCK);
is scalar(@s), 1, '... the Administrators get one mail';
like $s[0][2] // '', qr/Atasan \Q$BOSS\E tidak memiliki akun P-Serv/, '... with the reason in words';
$row = stuck_page_row(GET('/admin/stuck')->content, $u->{nomor}) // '';
like text_of($row), qr/Atasan \Q$BOSS\E tidak memiliki akun P-Serv/, 'Tiket Tertahan lists it with that reason';
like text_of($row), qr/Atasan Pemohon/, '... at the Atasan\'s stage';
# The Atasan's account appears (as Buat Akun would make it): the mail
# worker's sweep sees someone may act now and clears the mark.
sql("INSERT INTO accounts (username, nopek, full_name, email) VALUES (" . lit("boss.$m") . ", "
    . lit($BOSS) . ", " . lit("Atasan Tanpa Akun $m") . ", " . lit("boss.$m\@ptpr.example") . ")");
push @MADE, "boss.$m";
ok wait_for(sub { stuck_since($u->{id}) eq '' }), 'an account for the Atasan: the worker\'s sweep clears the mark';
ok !stuck_page_row(GET('/admin/stuck')->content, $u->{nomor}), '... and Tiket Tertahan no longer lists it';

# ---- 2b. the sweep runs only when what it looks at moved (migration 027) ------------------
# A ticket's own changes are judged in their request; the sweep looks again
# only when the people's data version or the day moved since the last one
# anyone finished, and one process at a time.
sub sweep_row { sql_value("SELECT people || ' ' || day FROM pserv_sweep WHERE name = 'stuck'") // '' }
sub sweep_now {
    sql_value("SELECT (SELECT v FROM pserv_data_version WHERE scope = 'people') || ' ' ||"
              . " (now() AT TIME ZONE 'Asia/Jakarta')::date")
}
ok wait_for(sub { sweep_row() eq sweep_now() }), 'the sweep notes the people\'s data version and the day it saw';
# a mark nothing explains (someone may act on the ticket): only a sweep clears it
sql("UPDATE requests SET stuck_since = now() WHERE id = $u->{id}");
settle();
isnt stuck_since($u->{id}), '', 'nothing the sweep looks at moved: it does not look again (the mark stays)';
is sweep_row(), sweep_now(), '... its row unchanged';
# another process sweeping holds the row: this one leaves it all to that one
my $ci = Pserv::TestUtil::_conninfo();
open my $holder, '|-', 'psql', '-X', '-q', '-d', $ci or die "psql: $!";
{ my $old = select $holder; $| = 1; select $old; }
print $holder "BEGIN; SELECT 1 FROM pserv_sweep WHERE name = 'stuck' FOR UPDATE;\n";
ok wait_for(sub { sql_value("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                            . " WHERE c.relname = 'pserv_sweep' AND l.mode = 'RowShareLock'"
                            . " AND l.pid <> pg_backend_pid()") > 0 }), 'another process holds the sweep';
sql("INSERT INTO account_roles (account_id, role) SELECT id, 'admin' FROM accounts WHERE username = "
    . lit("boss.$m"));
sql("DELETE FROM account_roles WHERE role = 'admin' AND account_id = (SELECT id FROM accounts WHERE username = "
    . lit("boss.$m") . ")");
isnt sweep_row(), sweep_now(), 'the people\'s data moved';
settle();
isnt stuck_since($u->{id}), '', '... but while another process sweeps, this one does not';
print $holder "COMMIT;\n";
close $holder;
ok wait_for(sub { stuck_since($u->{id}) eq '' }), 'that process done: the sweep runs and clears the mark';
is sweep_row(), sweep_now(), '... and notes what it saw';
sql("UPDATE requests SET stuck_since = now() WHERE id = $u->{id}");
sql("UPDATE pserv_sweep SET day = day - 1 WHERE name = 'stuck'");   # as if the last sweep was yesterday
ok wait_for(sub { stuck_since($u->{id}) eq '' }), 'a new day (delegations start and end by day): the sweep runs again';

# ---- 3. deactivating the only ICT Verificator ---------------------------------------------
my $v = create_ticket(ho_spec($m, platforms => { VPN => "VPN verif $m" }));
decide_to('maya.puspitasari', $v->{id}, reason => "Atasan OK $m");
is req_status($v->{id}), 'verificator', 'a ticket waits for the ICT Verificator';
is stuck_since($v->{id}), '', '... Rina may act: not stuck';
as_user('admin');
my $csrf = page_csrf();
$r = POST("/admin/accounts/$RINA/deactivate", content => [ csrf => $csrf ]);
is $r->code, 303, 'the Administrator deactivates Rina, the only ICT Verificator';
isnt stuck_since($v->{id}), '', '... the waiting ticket is stuck at once';
@s = mail_of($v->{id}, $STUCK);
is scalar(@s), 1, '... the Administrators get one mail';
like $s[0][2] // '', qr/Tidak ada akun aktif dengan peran ICT Verificator/, '... saying why';
$r = GET('/admin/stuck');
like text_of(stuck_page_row($r->content, $v->{nomor}) // ''),
    qr/Tidak ada akun aktif dengan peran ICT Verificator/, '... and Tiket Tertahan lists it';
like text_of($r->content), qr/ICT Verificator\s*: tidak ada akun aktif dengan peran ini/, '... and the role nobody holds now';
settle();
is scalar(mail_of($v->{id}, $STUCK)), 1, '... once';
$r = POST("/admin/accounts/$RINA/reactivate", content => [ csrf => $csrf ]);
is $r->code, 303, 'reactivated';
is stuck_since($v->{id}), '', '... the ticket is no longer stuck';
ok !stuck_page_row(GET('/admin/stuck')->content, $v->{nomor}), '... nor listed';

# the role taken away and given back: a new episode, a new mail
$r = POST("/admin/accounts/$RINA/roles", content => [ csrf => $csrf ]);
is $r->code, 303, 'Rina\'s ICT Verificator role removed';
isnt stuck_since($v->{id}), '', '... stuck again';
is scalar(mail_of($v->{id}, $STUCK)), 2, '... a new episode: one more mail';
$r = POST("/admin/accounts/$RINA/roles", content => [ csrf => $csrf, role => 'ict_verificator' ]);
is $r->code, 303, 'the role given back';
is stuck_since($v->{id}), '', '... cleared';
as_user('rina.wulandari', fresh => 1);
decide_to('rina.wulandari', $v->{id}, reason => "Verifikasi $m");
is req_status($v->{id}), 'manager', 'Rina verifies it';
