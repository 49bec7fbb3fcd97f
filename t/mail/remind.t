# Reminders and escalation (mod_pserv/remind.c), run by the mail worker
# before each look at the outbox (PservMailInterval 1 in t/conf). They go
# to who may act now (actors.c: holders, delegates, the assignee; not those
# separation of duties bars), and a ticket nobody may act on escalates to
# the Administrators. With the
# defaults, PservRemindAfter 24 and PservEscalateAfter 72 hours: a ticket
# made here is moved into the past by setting requests.updated_at (the
# start of its stage) and stage_reminders.last_at, and the mail the worker
# queues in mail_outbox is checked: who gets it, how often, and that a
# ticket that moved on or ended gets none.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Time::HiRes ();

plan tests => 38, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();

# The ticket's queued mail whose subject starts with $prefix: [to, subject, body].
sub mail_of {
    my ($id, $prefix) = @_;
    return grep { index($_->[1], $prefix) == 0 } outbox($id);
}

# Until ticket $id has $n mails starting with $prefix: a look of the mail
# worker (mail_looks), then another, up to 20 s.
sub wait_mail {
    my ($id, $prefix, $n) = @_;
    for (1 .. 100) {
        my @mail = mail_of($id, $prefix);
        return @mail if @mail >= $n;
        mail_looks();
        @mail = mail_of($id, $prefix);
        return @mail if @mail >= $n;
        Time::HiRes::sleep(0.2);
    }
    return mail_of($id, $prefix);
}

# Three more looks of the worker, and still only what there was.
sub settle { mail_looks(3) }

sub stage_started { sql("UPDATE requests SET updated_at = now() - interval '$_[1] hours' WHERE id = " . int($_[0])) }
sub reminded_at  { sql("UPDATE stage_reminders SET last_at = last_at - interval '$_[1] hours' WHERE request_id = " . int($_[0])) }
sub reminders    { sql_value("SELECT reminders FROM stage_reminders WHERE request_id = " . int($_[0]) . " AND stage = " . lit($_[1])) }

my $REMIND = '[P-Serv] Pengingat: ';
my $ESCALATE = '[P-Serv] Eskalasi: ';

# ---- a fresh ticket waits at the Atasan's stage (HO, Atasan Maya) ----------
my $t = create_ticket(ho_spec($m, platforms => { SAP => "SAP untuk $m" }));
my $id = $t->{id};
my $atasan = sql_value("SELECT e.email FROM requests r JOIN employees e ON e.nopek = r.atasan_nopek WHERE r.id = $id");

settle();
is scalar(mail_of($id, $REMIND)), 0, 'a ticket that has just arrived is not reminded';

stage_started($id, 25);
my @r = wait_mail($id, $REMIND, 1);
is scalar(@r), 1, 'after 25 hours at the stage: one reminder';
is $r[0][0], $atasan, '... to the Atasan Pemohon';
like $r[0][1], qr/^\Q$REMIND\EPermohonan User ID \Q$t->{nomor}\E menunggu Atasan Pemohon$/, '... its subject names the Nomor and the stage';
like $r[0][2], qr/sudah 25 jam menunggu tindakan Anda sebagai Atasan Pemohon/, '... the body says how long it has waited';
like $r[0][2], qr/Nomor\s+: \Q$t->{nomor}\E/, '... and gives the ticket facts';
like $r[0][2], qr{/requests/$id\b}, '... and the link to the ticket';
is reminders($id, 'atasan'), 1, 'stage_reminders counts it';

settle();
is scalar(mail_of($id, $REMIND)), 1, 'the next looks of the worker do not repeat it';

reminded_at($id, 25);
@r = wait_mail($id, $REMIND, 2);
is scalar(@r), 2, 'another 24 hours without a decision: a second reminder';
is reminders($id, 'atasan'), 2, '... counted';
is scalar(mail_of($id, $ESCALATE)), 0, 'no escalation before 72 hours';

# ---- escalation after 72 hours: every ICT Manager, once ----------------------
stage_started($id, 73);
my @managers = role_emails('ict_manager');
my @e = wait_mail($id, $ESCALATE, scalar @managers);
is_deeply [ sort map { $_->[0] } @e ], [ sort @managers ], 'after 73 hours: an escalation to every ICT Manager';
like $e[0][1], qr/^\Q$ESCALATE\EPermohonan User ID \Q$t->{nomor}\E tertahan di tahap Atasan Pemohon$/, '... naming the stage';
like $e[0][2], qr/sudah 3 hari menunggu di tahap Atasan Pemohon tanpa keputusan/, '... and how long, in days';
settle();
is scalar(mail_of($id, $ESCALATE)), scalar(@managers), '... once only';

# ---- the next stage starts afresh --------------------------------------------
my $before = scalar(mail_of($id, $REMIND));
decide_to('maya.puspitasari', $id);
settle();
is scalar(mail_of($id, $REMIND)), $before, 'approved: the new stage is not reminded at once';
stage_started($id, 25);
my @verificators = role_emails('ict_verificator');
@r = wait_mail($id, $REMIND, $before + @verificators);
is_deeply [ sort map { $_->[0] } @r[$before .. $#r] ], [ sort @verificators ],
    'after 25 hours at the ICT Verificator: every ICT Verificator is reminded';
like $r[-1][1], qr/menunggu ICT Verificator$/, '... about their stage';
is reminders($id, 'verificator'), 1, '... counted for that stage';

# ---- at the ICT Manager's stage, escalation goes to the Administrator ----------
# (the demo's admin account has no e-mail address: give it one meanwhile)
my $admin_mail = sql_value("SELECT email FROM accounts WHERE username = 'admin'");
sql("UPDATE accounts SET email = " . lit("admin.$m\@example.com") . " WHERE username = 'admin'");
decide_to('rina.wulandari', $id);
my $esc_before = scalar(mail_of($id, $ESCALATE));
$before = scalar(mail_of($id, $REMIND));
stage_started($id, 73);
my @admins = role_emails('admin');
@e = wait_mail($id, $ESCALATE, $esc_before + @admins);
is_deeply [ sort map { $_->[0] } @e[$esc_before .. $#e] ], [ sort @admins ],
    'the ICT Manager\'s stage escalates to every Administrator';
@r = wait_mail($id, $REMIND, $before + @managers);
is_deeply [ sort map { $_->[0] } @r[$before .. $#r] ], [ sort @managers ],
    '... and reminds every ICT Manager';
sql("UPDATE accounts SET email = " . (defined $admin_mail && $admin_mail ne '' ? lit($admin_mail) : 'NULL') . " WHERE username = 'admin'");

# ---- an ended ticket is never reminded -----------------------------------------
decide_to('bambang.sutrisno', $id, decision => 'reject', reason => "Ditolak $m");
is req_status($id), 'rejected', 'the ticket is rejected';
my $n_all = scalar(outbox($id));
stage_started($id, 200);
settle();
is scalar(outbox($id)), $n_all, 'a rejected ticket, however old, gets no reminder or escalation';

# ---- reminders go to who may act now (actors.c) ----------------------------------
# A delegate is reminded too, "atas nama" the delegator.
my $dt = create_ticket(ho_spec($m, platforms => { VPN => "VPN delegasi $m" }));
sql("INSERT INTO delegations (delegator_id, delegate_id, starts_on, ends_on, reason, created_by, created_at)"
    . " SELECT g.id, d.id, (now() AT TIME ZONE 'Asia/Jakarta')::date - 1,"
    . " (now() AT TIME ZONE 'Asia/Jakarta')::date + 1, " . lit("Cuti $m") . ", g.id, now()"
    . " FROM accounts g, accounts d WHERE g.username = 'maya.puspitasari' AND d.username = 'hendra.gunawan'");
stage_started($dt->{id}, 25);
@r = wait_mail($dt->{id}, $REMIND, 2);
is_deeply [ sort map { $_->[0] } @r ], [ 'hendra.gunawan@ptpr.example', 'maya.puspitasari@ptpr.example' ],
    'a delegation runs: the Atasan and her delegate are reminded';
my ($to_delegate) = grep { $_->[0] eq 'hendra.gunawan@ptpr.example' } @r;
like $to_delegate->[2] // '', qr/tindakan Anda sebagai Atasan Pemohon atas nama Maya Puspitasari\./,
    '... the delegate "atas nama" the Atasan';
sql("UPDATE delegations SET ended_at = now() WHERE reason = " . lit("Cuti $m"));

# The Dedi/Rina deadlock: nobody may act at the ICT Verificator.
sql("UPDATE accounts SET email = " . lit("admin.$m\@example.com") . " WHERE username = 'admin'");
my $st = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN tertahan $m" }));
decide_to('rina.wulandari', $st->{id}, reason => "Atasan OK $m");
is req_status($st->{id}), 'verificator', 'Dedi\'s ticket, approved by Rina as his Atasan, waits for her as the only Verificator';
stage_started($st->{id}, 25);
my $marked = 0;
for (1 .. 100) { mail_looks(); last if ($marked = reminders($st->{id}, 'verificator') // 0); Time::HiRes::sleep(0.2) }
is $marked, 1, 'after 25 hours its reminder is due and counted';
settle();
is scalar(mail_of($st->{id}, $REMIND)), 0, '... but goes to nobody: Rina may not act on it';
stage_started($st->{id}, 73);
@admins = role_emails('admin');
@e = wait_mail($st->{id}, $ESCALATE, scalar @admins);
is_deeply [ sort map { $_->[0] } @e ], [ sort @admins ], 'a stuck ticket escalates to the Administrators';
settle();
is scalar(grep { $_->[0] eq 'bambang.sutrisno@ptpr.example' } mail_of($st->{id}, $ESCALATE)), 0,
    '... not to the ICT Managers';
like $e[0][2] // '', qr/tidak ada yang dapat bertindak: Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/,
    '... saying why nobody may act';
like $e[0][2] // '', qr{/admin/stuck}, '... and where to route it';

# Assigned to Hendra: the next reminder goes to him alone.
sql("INSERT INTO stage_assignments (request_id, stage, account_id, reason, assigned_by, assigned_at)"
    . " SELECT " . int($st->{id}) . ", 'verificator', h.id, " . lit("Alih $m") . ", a.id, now()"
    . " FROM accounts h, accounts a WHERE h.username = 'hendra.gunawan' AND a.username = 'admin'");
reminded_at($st->{id}, 25);
@r = wait_mail($st->{id}, $REMIND, 1);
settle();
@r = mail_of($st->{id}, $REMIND);
is_deeply [ map { $_->[0] } @r ], [ 'hendra.gunawan@ptpr.example' ], 'assigned: the reminder goes to the assignee only';
like $r[0][2] // '', qr/sebagai ICT Verificator \(dialihkan kepada Anda untuk tiket ini\)/, '... as the assignee';
sql("UPDATE accounts SET email = " . (defined $admin_mail && $admin_mail ne '' ? lit($admin_mail) : 'NULL') . " WHERE username = 'admin'");

# ---- the worker logs what it did, and nothing failed ----------------------------
my $log = Apache::Test::vars('t_logs') . '/error_log';
open my $fh, '<', $log or die "$log: $!";
my $text = do { local $/; <$fh> };
# Only this test's ticket: other tests delete their own tickets, and a
# sweep that meets one just deleted fails that one (REM03) harmlessly.
unlike $text, qr/pserv\[REM03\]: the reminder for \Q$t->{nomor}\E /, 'no reminder failed';
like $text, qr/pserv\[REM02\]: \Q$t->{nomor}\E has waited \d+ hari at atasan: escalated/,
    'the escalation is logged (REM02)';
unlike $text, qr/Pengingat|Yth\./, 'mail bodies are not logged';
