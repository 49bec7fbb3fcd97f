# Pengaturan Notifikasi and the daily digest (issue 18, section 5).
#
# Per account: "Setiap tiket" (a mail per ticket when it reaches them, and
# the reminders: today's behaviour), "Satu e-mail sehari pukul 08:00 WIB"
# (the digest only) or "Keduanya". The page (labels, save, CSRF, a bad
# value refused); the mails per ticket (actors.c, the Atasan's submit mail,
# remind.c) skip digest-only accounts but not "both"; the digest
# (digest.c) lists exactly what waits for the account (as the Atasan, as a
# delegate "atas nama", as the assignee), nothing before 08:00 WIB, once per
# account and day however many sweeps run at once (two Apache nodes), and
# no mail for an account with nothing waiting.
#
# The digest's clock: POST /_test/digest (PservTestHooks only) runs one look
# of the mail worker's sweep at the request's clock, so the test stands at
# 07:59 and 08:00 WIB of a day ten days ahead (the real worker meanwhile
# sends today's digests, with today's date in their subject: they are told
# apart by it). The last part checks the real worker's own sweep today.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(error_log here audit_lines);
use HTTP::Request::Common ();
use Time::HiRes ();
use Time::Local ();

plan tests => 70, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $LOG = error_log();

# ---- the people ----------------------------------------------------------------
# An Atasan with an account (BOSS) and the worker whose requests wait for
# her; four plain accounts: the delegates D (digest only) and B (both), E
# (digest, nothing waits for it), W (for the real worker's sweep).
my $base = sprintf '97%06d', time() % 1000000;
my ($BOSS, $WORKER) = ("${base}1", "${base}2");
my $BOSS_NAME = "Atasan Ringkas $m";
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, supervisor_nopek, employment_type)"
    . " VALUES (" . lit($BOSS) . ", " . lit($BOSS_NAME) . ", 'Assistant Manager', "
    . lit("boss.$m\@ptpr.example") . ", 'HO-FIN', '10020001', 'ORGANIK'), (" . lit($WORKER)
    . ", " . lit("Pekerja Ringkas $m") . ", 'Officer', " . lit("worker.$m\@ptpr.example")
    . ", 'HO-FIN', " . lit($BOSS) . ", 'ORGANIK')");
my %U = (boss => "boss.$m", d => "ringkas.$m", b => "keduanya.$m", e => "kosong.$m", w => "pekerja.$m");
my %MAIL = map { $_ => "$U{$_}\@ptpr.example" } keys %U;
add_account($U{$_}, $_ eq 'boss' ? (nopek => $BOSS, full_name => $BOSS_NAME) : ())
    for sort keys %U;
my $IN = join ', ', map { lit($_) } values %U;
END {
    eval {
        sql("UPDATE accounts SET notify = 'ticket' WHERE username IN ($IN)");
        sql("UPDATE delegations SET ended_at = now() WHERE reason = " . lit("Cuti $m"));
    } if db_ok();
}
sub notify_of { sql_value("SELECT notify FROM accounts WHERE username = " . lit($_[0])) }
sub set_notify { sql("UPDATE accounts SET notify = " . lit($_[1]) . " WHERE username = " . lit($_[0])) }

# The ticket's queued mail to $to whose subject starts with $prefix.
sub mail_to {
    my ($id, $to, $prefix) = @_;
    return grep { $_->[0] eq $to && index($_->[1], $prefix) == 0 } outbox($id);
}

# ==== 1. the page ==================================================================
as_public(fresh => 1);
my $r = GET '/settings/notifications';
is $r->code, 303, 'Pengaturan Notifikasi without a session: to the login page';
like location($r), qr{/login}, '... the login page';

as_user($U{d});
$r = GET '/home';
like $r->content, qr{<a href="/settings/notifications">Pengaturan Notifikasi</a>}, 'the user menu links Pengaturan Notifikasi';
$r = GET '/settings/notifications';
is $r->code, 200, 'GET /settings/notifications';
my $text = decoded_text($r->content);
like $text, qr/Pengaturan Notifikasi/, '... titled Pengaturan Notifikasi';
like $text, qr/Setiap tiket/, '... choice "Setiap tiket"';
like $text, qr/Satu e-mail sehari pukul 08:00 WIB/, '... choice "Satu e-mail sehari pukul 08:00 WIB"';
like $text, qr/Keduanya/, '... choice "Keduanya"';
like $text, qr/Simpan Pengaturan/, '... button Simpan Pengaturan';
like $r->content, qr{<input[^>]*value="ticket"[^>]*checked}, '... "Setiap tiket" chosen by default';

sub save_notify {
    my (%f) = @_;
    my $csrf = exists $f{csrf} ? $f{csrf} : page_csrf();
    my @form;
    push @form, notify => $f{notify} if defined $f{notify};
    push @form, csrf => $csrf if defined $csrf;
    return POST('/settings/notifications', content => \@form);
}

my $off = here();
$r = save_notify(notify => 'digest');
is $r->code, 303, 'Simpan Pengaturan: 303';
is location($r), '/settings/notifications?done=saved', '... back to the page';
is notify_of($U{d}), 'digest', '... the choice stored';
my @a = audit_lines($off, 'notify.set');
like $a[0] // '', qr/user=\Q$U{d}\E .*from=ticket to=digest/, '... an audit line from=ticket to=digest';
$r = GET location($r);
like decoded_text($r->content), qr/Pengaturan Notifikasi disimpan: Satu e-mail sehari pukul 08:00 WIB\./, '... the page says so';
like $r->content, qr{<input[^>]*value="digest"[^>]*checked}, '... with the choice marked';

$r = save_notify(notify => 'both', csrf => undef);
is $r->code, 403, 'without the CSRF token: 403';
$r = save_notify(notify => 'both', csrf => 'x' x 43);
is $r->code, 403, 'with a wrong CSRF token: 403';
is notify_of($U{d}), 'digest', '... nothing changed';

$off = here();
$r = save_notify(notify => 'weekly');
is $r->code, 400, 'a value that is none of the three: 400';
like decoded_text($r->content), qr/Pilih salah satu: Setiap tiket, Satu e-mail sehari pukul 08:00 WIB, atau Keduanya\. Tidak ada yang disimpan\./, '... saying what to choose';
is notify_of($U{d}), 'digest', '... nothing changed';
ok scalar(audit_lines($off, 'notify.refused')), '... an audit line';
$r = save_notify();
is $r->code, 400, 'no choice at all: 400';

as_user($U{b});
save_notify(notify => 'both');
is notify_of($U{b}), 'both', 'another account chooses Keduanya';
set_notify($U{e}, 'digest');

# ==== 2. mails per ticket =============================================================
# BOSS delegates to D and B (both run from yesterday for two weeks).
for my $k (qw(d b)) {
    sql("INSERT INTO delegations (delegator_id, delegate_id, starts_on, ends_on, reason, created_by, created_at)"
        . " SELECT g.id, d.id, (now() AT TIME ZONE 'Asia/Jakarta')::date - 1,"
        . " (now() AT TIME ZONE 'Asia/Jakarta')::date + 15, " . lit("Cuti $m") . ", g.id, now()"
        . " FROM accounts g, accounts d WHERE g.username = " . lit($U{boss}) . " AND d.username = " . lit($U{$k}));
}
my $STAGE = '[P-Serv] Permohonan User ID ';
my $t1 = create_ticket(ho_spec($m, nopek => $WORKER, platforms => { VPN => "VPN satu $m" }));
is scalar(mail_to($t1->{id}, $MAIL{boss}, $STAGE)), 1, 'a submit: the Atasan ("Setiap tiket") gets her mail';
my @b = mail_to($t1->{id}, $MAIL{b}, $STAGE);
is scalar(@b), 1, '... the delegate who chose Keduanya gets the stage mail';
like $b[0][2] // '', qr/sebagai Atasan Pemohon atas nama \Q$BOSS_NAME\E/, '... "atas nama" the Atasan';
is scalar(mail_to($t1->{id}, $MAIL{d}, '')), 0, '... the delegate who chose the digest only gets none';

as_user($U{boss});
save_notify(notify => 'digest');
is notify_of($U{boss}), 'digest', 'the Atasan chooses the digest only';
my $t2 = create_ticket(ho_spec($m, nopek => $WORKER, platforms => { VPN => "VPN dua $m" }));
is scalar(mail_to($t2->{id}, $MAIL{boss}, '')), 0, 'a submit: no mail to an Atasan who chose the digest only';
is scalar(mail_to($t2->{id}, $MAIL{b}, $STAGE)), 1, '... her delegate with Keduanya still gets it';
is scalar(grep { $_->[1] =~ /telah diterima/ } outbox($t2->{id})), 1, '... and the requester his own mail';

# Reminders after 25 hours: only to who did not choose the digest only.
sql("UPDATE requests SET updated_at = now() - interval '25 hours' WHERE id = " . int($t1->{id}));
my $REMIND = '[P-Serv] Pengingat: ';
my @rem;
for (1 .. 100) {
    last if (@rem = grep { index($_->[1], $REMIND) == 0 } outbox($t1->{id}));
    mail_looks();
    last if (@rem = grep { index($_->[1], $REMIND) == 0 } outbox($t1->{id}));
    Time::HiRes::sleep(0.2);
}
mail_looks(3);    # three more looks of the worker
@rem = grep { index($_->[1], $REMIND) == 0 } outbox($t1->{id});
is_deeply [ map { $_->[0] } @rem ], [ $MAIL{b} ], 'a reminder: to the delegate with Keduanya only (not the Atasan or the delegate on the digest)';

# T3: decided by the Atasan (moved on to the ICT Verificator), assigned to
# D; T4: decided and not assigned (waits for nobody of ours).
my $t3 = create_ticket(ho_spec($m, nopek => $WORKER, platforms => { VPN => "VPN tiga $m" }));
my $t4 = create_ticket(ho_spec($m, nopek => $WORKER, platforms => { VPN => "VPN empat $m" }));
decide_to($U{boss}, $_->{id}, reason => "Atasan OK $m") for $t3, $t4;
is req_status($t3->{id}), 'verificator', 'two tickets approved by the Atasan wait for the ICT Verificator';
sql("INSERT INTO stage_assignments (request_id, stage, account_id, reason, assigned_by, assigned_at)"
    . " SELECT " . int($t3->{id}) . ", 'verificator', d.id, " . lit("Alih $m") . ", a.id, now()"
    . " FROM accounts d, accounts a WHERE d.username = " . lit($U{d}) . " AND a.username = 'admin'");

# ==== 3. the digest at 08:00 WIB ===========================================================
my $TODAY = sql_value("SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date");
sub day { sql_value("SELECT (" . lit($TODAY) . "::date + " . int($_[0]) . ")::text") }
# Epoch of HH:MM:SS WIB on date $d.
sub wib_at {
    my ($d, $h, $mi, $s) = @_;
    my ($y, $mo, $dd) = split /-/, $d;
    return Time::Local::timegm($s, $mi, $h, $dd, $mo - 1, $y) - 7 * 3600;
}
my @MONTHS = qw(Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember);
sub day_label { my ($y, $mo, $d) = split /-/, $_[0]; return ($d + 0) . " $MONTHS[$mo - 1] $y" }

# One look of the digest sweep at $epoch: the response.
sub sweep_at { POST('/_test/digest', offset_to($_[0])) }

# Digest mails to $to for date $d: [to, subject, body].
sub digests {
    my ($to, $d) = @_;
    my $subj = '[P-Serv] Ringkasan harian ' . day_label($d) . ':';
    return map { [ $_->[0], $_->[1], _unesc($_->[2]) ] }
        sql("SELECT to_addr, subject, replace(replace(body_text, E'\\\\', E'\\\\\\\\'), E'\\n', E'\\\\n')"
            . " FROM mail_outbox WHERE request_id IS NULL AND to_addr = " . lit($to)
            . " AND subject LIKE " . lit("$subj%") . " ORDER BY id");
}
sub _unesc { my ($s) = @_; $s =~ s/\\(n|\\)/$1 eq 'n' ? "\n" : "\\"/ge; return $s }
sub claimed {
    my ($user, $d) = @_;
    return sql_value("SELECT count(*) || ':' || coalesce(max(tickets), -1) FROM digest_days g JOIN accounts a"
        . " ON a.id = g.account_id WHERE a.username = " . lit($user) . " AND g.day = " . lit($d));
}
sub nomors { my ($body) = @_; return sort $body =~ /^\d+\. Nomor\s+: (\S+)$/mg }

my $F = day(10);
as_public();
$r = sweep_at(wib_at($F, 7, 59, 0));
is $r->code, 200, 'a look at 07:59 WIB';
is claimed($U{$_}, $F), '0:-1', "... nothing claimed for $_ before 08:00" for qw(d b boss e);
is scalar(digests($MAIL{d}, $F)), 0, '... and no digest';

$r = sweep_at(wib_at($F, 8, 0, 30));
is $r->code, 200, 'a look at 08:00 WIB';
my @d = digests($MAIL{d}, $F);
is scalar(@d), 1, '... the delegate on the digest gets one';
like $d[0][1], qr/^\[P-Serv\] Ringkasan harian \Q@{[day_label($F)]}\E: 3 permohonan menunggu Anda$/, '... its subject: the date and how many';
is_deeply [ nomors($d[0][2]) ], [ sort map { $_->{nomor} } $t1, $t2, $t3 ],
    '... listing exactly what waits for it: the Atasan\'s two tickets and the one assigned to it';
my $body = $d[0][2];
like $body, qr/Nomor\s+: \Q$t1->{nomor}\E\n\s+Pemohon : Pekerja Ringkas \Q$m\E\n\s+Tahap\s+: Atasan Pemohon atas nama \Q$BOSS_NAME\E\n\s+Sejak\s+: \d+ \w+ \d{4} \d\d\.\d\d WIB\n\s+Buka\s+: \S+\/requests\/$t1->{id}\n/,
    '... each with Nomor, requester, stage "atas nama", since when and the ticket link';
like $body, qr/Nomor\s+: \Q$t3->{nomor}\E\n.*\n\s+Tahap\s+: ICT Verificator \(dialihkan kepada Anda untuk tiket ini\)\n/,
    '... the assigned one as assigned';
unlike $body, qr/\Q$t4->{nomor}\E/, '... not a ticket that moved on to others';
like $body, qr{/settings/notifications}, '... and where to change the choice';
my @bd = digests($MAIL{b}, $F);
is scalar(@bd), 1, 'the delegate with Keduanya gets one too';
is_deeply [ nomors($bd[0][2] // '') ], [ sort map { $_->{nomor} } $t1, $t2 ], '... with the two tickets it may act on';
my @bo = digests($MAIL{boss}, $F);
is_deeply [ nomors($bo[0][2] // '') ], [ sort map { $_->{nomor} } $t1, $t2 ], 'the Atasan on the digest gets hers';
like $bo[0][2] // '', qr/Tahap\s+: Atasan Pemohon\n/, '... as the Atasan';
is scalar(digests($MAIL{e}, $F)), 0, 'an account with nothing waiting: no digest';
is claimed($U{e}, $F), '1:0', '... its day taken care of (nothing listed)';
is scalar(grep { $_->[0] eq $MAIL{d} } outbox($t1->{id})), 0, 'the digest-only delegate still has no mail of the ticket itself';

$r = sweep_at(wib_at($F, 9, 15, 0));
is $r->content, "0\n", 'a later look the same day sends nothing';
is scalar(digests($MAIL{d}, $F)), 1, '... still one digest';

# ==== 4. exactly once, with sweeps running at once ==========================================
# Four looks at the same moment (each its own connection to the database,
# as the workers of two Apache nodes), then one on the virtual host with a
# database pool of its own (t/conf/schema.conf.in).
my $G = day(11);
# Digests of day G in the outbox, anybody's (an earlier run's too).
sub count_g {
    return sql_value("SELECT count(*) FROM mail_outbox WHERE request_id IS NULL AND subject LIKE "
        . lit('[P-Serv] Ringkasan harian ' . day_label($G) . ':%'));
}
my $before_g = count_g();
my $req = HTTP::Request::Common::POST(abs_url('/_test/digest'), offset_to(wib_at($G, 8, 1, 0)));
my @res = fire_together(map { [ undef, $req ] } 1 .. 4);
is_deeply [ map { $_->code } @res ], [ 200, 200, 200, 200 ], 'four looks at once at 08:01 WIB';
is scalar(digests($MAIL{$_}, $G)), 1, "... one digest for $_" for qw(d b boss);
is claimed($U{d}, $G), '1:3', '... one claim for the day';
my $sum = 0;
$sum += ($_->content =~ /^(\d+)/ ? $1 : 0) for @res;
is $sum, count_g() - $before_g, '... the looks together queued each digest once';
Apache::TestRequest::module('pserv_own_pool');
$r = POST('/_test/digest', offset_to(wib_at($G, 8, 2, 0)));
Apache::TestRequest::module('default');
is $r->content, "0\n", 'another server on the same database the same day: nothing more';
is scalar(digests($MAIL{d}, $G)), 1, '... still one digest';

# ==== 5. the mail worker's own sweep ==========================================================
# W on the digest, with a ticket assigned to it. At the real clock the
# worker sends today's digest once it is 08:00 WIB or later, none before.
sql("INSERT INTO stage_assignments (request_id, stage, account_id, reason, assigned_by, assigned_at)"
    . " SELECT " . int($t4->{id}) . ", 'verificator', w.id, " . lit("Alih $m") . ", a.id, now()"
    . " FROM accounts w, accounts a WHERE w.username = " . lit($U{w}) . " AND a.username = 'admin'");
set_notify($U{w}, 'digest');
my $minute = sql_value("SELECT extract(hour FROM now() AT TIME ZONE 'Asia/Jakarta') * 60"
    . " + extract(minute FROM now() AT TIME ZONE 'Asia/Jakarta')") + 0;
SKIP: {
    skip 'too close to 08:00 WIB or to midnight', 2 if abs($minute - 480) < 2 || $minute > 1437;
    my $c = '0:-1';
    for (1 .. ($minute >= 480 ? 100 : 20)) {
        last if ($c = claimed($U{w}, $TODAY)) ne '0:-1';
        Time::HiRes::sleep(0.2);
    }
    if ($minute >= 480) {
        is $c, '1:1', "the worker's look after 08:00 WIB claims today's digest of W, with its ticket";
        my @w = digests($MAIL{w}, $TODAY);
        is_deeply [ nomors($w[0][2] // '') ], [ $t4->{nomor} ], '... and queues it';
    }
    else {
        is $c, '0:-1', "the worker's looks before 08:00 WIB claim nothing";
        is scalar(digests($MAIL{w}, $TODAY)), 0, '... and queue no digest';
    }
}

# ==== 6. the hook is a test hook; logs ==========================================================
$text = do { open my $fh, '<', $LOG or die "$LOG: $!"; local $/; <$fh> };
like $text, qr/pserv\[DIG01\]: the digest of \Q$U{d}\E for \Q$F\E: 3 tickets/, 'the digest is logged (DIG01)';
unlike $text, qr/pserv\[DIG02\]/, 'no digest failed';
