# Reminders and escalation (mod_pserv/remind.c), run by the mail worker
# before each look at the outbox (PservMailInterval 1 in t/conf). With the
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

plan tests => 27, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();

# The ticket's queued mail whose subject starts with $prefix: [to, subject, body].
sub mail_of {
    my ($id, $prefix) = @_;
    return grep { index($_->[1], $prefix) == 0 } outbox($id);
}

# Wait (up to 20 s) until ticket $id has $n mails starting with $prefix.
sub wait_mail {
    my ($id, $prefix, $n) = @_;
    for (1 .. 100) {
        my @mail = mail_of($id, $prefix);
        return @mail if @mail >= $n;
        Time::HiRes::sleep(0.2);
    }
    return mail_of($id, $prefix);
}

# Three more looks of the worker (1 s apart) and still only what there was.
sub settle { Time::HiRes::sleep(3.5) }

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
