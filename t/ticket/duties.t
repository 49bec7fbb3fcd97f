# Separation of duties per person, not per account (issue 16, items 2 and
# 3). A person is a nopek, or an e-mail address (case-insensitive): the
# Atasan stage is granted to every account with the Atasan's nopek, and the
# Executor's Confirm makes an account with the requester's nopek and e-mail,
# so one person often has two accounts. Nobody approves two stages of one
# ticket with two accounts, nor decides on a request that is their own by
# nopek or by e-mail (a User ID Unit request has no nopek, only the typed
# name and e-mail). Each refusal is a 403 that changes nothing, shows no
# panel, says may_decide false in the API and is audited with its reason
# (own-request, decided-before); another person's account still decides.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use File::Spec ();
use JSON::PP ();
use Time::HiRes ();

plan tests => 57, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $DENIED = qr/Anda tidak memiliki akses/;
my $RINA_MAIL = 'rina.wulandari@ptpr.example';

# ---- the audit log ---------------------------------------------------------------------
my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log');
sub here { -s $LOG // 0 }

# event=forbidden lines since $off for $user, waiting up to 3 s for one
# (a 403 is logged after the response).
sub forbidden_lines {
    my ($off, $user) = @_;
    my @hits;
    for my $try (1 .. 30) {
        open my $fh, '<', $LOG or die "$LOG: $!\n";
        seek $fh, $off, 0;
        local $/;
        my $text = <$fh> // '';
        @hits = grep { /pserv\[AUD01\]: event=forbidden / && /\suser=\Q$user\E\s/ } split /\n/, $text;
        last if @hits;
        Time::HiRes::sleep(0.1);
    }
    return @hits;
}

# ---- the accounts of this test ------------------------------------------------------------
# Made as the Executor's Confirm and the Administrator make them, with the
# demo password's hash so that they can log in.
my @MADE;
sub make_account {
    my ($username, $nopek, $email, @roles) = @_;
    sql("INSERT INTO accounts (username, nopek, full_name, email, password_hash)"
        . " SELECT " . lit($username) . ", " . (defined $nopek ? lit($nopek) : 'NULL')
        . ", 'Rina Wulandari', " . (defined $email ? lit($email) : 'NULL')
        . ", password_hash FROM accounts WHERE username = 'rina.wulandari'");
    sql("INSERT INTO account_roles (account_id, role) SELECT id, " . lit($_)
        . " FROM accounts WHERE username = " . lit($username)) for @roles;
    push @MADE, $username;
}
# Taken out of the role mails of other tests afterwards.
END {
    eval {
        for my $u (@MADE) {
            sql("DELETE FROM account_roles WHERE account_id = (SELECT id FROM accounts"
                . " WHERE username = " . lit($u) . ")");
            sql("UPDATE accounts SET active = false WHERE username = " . lit($u));
        }
    } if db_ok();
}

# Rina's second account as Confirm made it: her nopek and e-mail, no role.
my $RINA_CONFIRMED = "rina.a.$m";
make_account($RINA_CONFIRMED, '10010002', $RINA_MAIL);
# Another of hers with the Verificator role: her nopek, a private e-mail.
my $RINA_NOPEK = "rina.b.$m";
make_account($RINA_NOPEK, '10010002', "rina.$m\@pribadi.example", 'ict_verificator');
# One without a nopek, her e-mail in other letters, the Verificator role.
my $RINA_MAIL_ONLY = "rina.c.$m";
make_account($RINA_MAIL_ONLY, undef, 'Rina.Wulandari@PTPR.Example', 'ict_verificator');
# Somebody else's Verificator account without a nopek.
my $OTHER = "verif.$m";
make_account($OTHER, undef, "verif.$m\@ptpr.example", 'ict_verificator');

# ---- checks --------------------------------------------------------------------------------
sub may_decide {
    my ($id) = @_;
    my $r = GET("/api/v1/requests/$id");
    my $d = eval { JSON::PP->new->utf8->decode($r->content) } || {};
    return $d->{may_decide} ? 1 : 0;
}

# $user's Approve on ticket $id is refused, audited with $reason; nothing
# changes; no panel; may_decide false.
sub refused {
    my ($what, $user, $id, $reason) = @_;
    as_user($user);
    my $nomor = req_row($id)->{nomor};
    my $stage = req_status($id);
    my $before = snapshot($id);
    my $off = here();
    my $r = decide($id, reason => "Coba $what", status => $stage);
    is $r->code, 403, "$what: 403";
    like $r->content, $DENIED, "$what: the P-Serv 403 page";
    is snapshot($id), $before, "$what: nothing changed";
    my @lines = forbidden_lines($off, $user);
    is scalar(@lines), 1, "$what: one audit line";
    like $lines[0] // '', qr/\sreason=\Q$reason\E\s+nomor=\Q$nomor\E\s+stage=\Q$stage\E(?:\s|,|$)/,
        "$what: reason=$reason, with the Nomor and the stage"
        or diag $lines[0] // 'no line';
    ok !form_block(ticket_page($id)->content, qr{class="decide-form"}), "$what: no panel";
    is may_decide($id), 0, "$what: the API's may_decide is false";
}

# ---- item 2: two accounts of one nopek, stage 1 with one, stage 2 with the other -------------
# dedi.kurniawan (10010003) asks; his Atasan is Rina (10010002).
my $a = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN $m" }));
is req_row($a->{id})->{atasan_nopek}, '10010002', "dedi's request: Atasan is Rina";
as_user($RINA_CONFIRMED);
is may_decide($a->{id}), 1, "Rina's account from Confirm may act as the Atasan";
decide_to($RINA_CONFIRMED, $a->{id}, reason => "Atasan OK $m");
is req_status($a->{id}), 'verificator', '... and approves: the Verificator stage';
refused('rina.wulandari after her other account approved as Atasan', 'rina.wulandari',
        $a->{id}, 'decided-before');
# The refusal is per person: somebody else's Verificator account decides.
as_user($OTHER);
is may_decide($a->{id}), 1, "another person's Verificator account may act";
my $r = decide($a->{id}, reason => "Verifikasi OK $m");
is $r->code, 303, '... and approves: 303';
is req_status($a->{id}), 'manager', '... the ICT Manager stage';

# The other order: rina.wulandari approves as Atasan, then her second
# account with the Verificator role (same nopek, another e-mail).
my $b = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN b $m" }));
decide_to('rina.wulandari', $b->{id}, reason => "Atasan OK $m");
refused('her account with the same nopek as Verificator', $RINA_NOPEK, $b->{id}, 'decided-before');
# ... and by e-mail alone: an account without a nopek with her address.
refused('her account with her e-mail (other case) as Verificator', $RINA_MAIL_ONLY, $b->{id},
        'decided-before');

# ---- own request, by nopek and by e-mail ----------------------------------------------------
# Rina's own HO request (Atasan Bambang): neither of her other accounts decides.
my $own = create_ticket(ho_spec($m, nopek => '10010002', platforms => { VPN => "VPN own $m" }));
decide_to('bambang.sutrisno', $own->{id}, reason => "Atasan OK $m");
refused('her own request, her account with her nopek', $RINA_NOPEK, $own->{id}, 'own-request');
refused('her own request, her account with her e-mail', $RINA_MAIL_ONLY, $own->{id}, 'own-request');

# ---- item 3: a User ID Unit request in Rina's name and e-mail ---------------------------------
my $u = create_ticket(unit_spec($m, full_name => 'Rina Wulandari', email => $RINA_MAIL,
                                platforms => { SAP => "SAP unit $m" }));
is req_row($u->{id})->{nopek}, '<null>', 'the Unit request carries no nopek';
decide_to('siti.rahayu', $u->{id}, reason => "BUH OK $m");
is req_status($u->{id}), 'verificator', 'the BUH approved it';
refused('rina.wulandari on a Unit request with her e-mail', 'rina.wulandari', $u->{id}, 'own-request');

# The same at the Atasan stage, the e-mail typed in capitals: the BUH on a
# Unit request with her own address.
my $s = create_ticket(unit_spec($m, full_name => 'Siti Rahayu', email => 'SITI.RAHAYU@PTPR.example',
                                platforms => { SAP => "SAP siti $m" }));
refused('siti.rahayu as BUH on a Unit request with her e-mail', 'siti.rahayu', $s->{id}, 'own-request');
