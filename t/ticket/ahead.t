# Prevention (issue 17 section 2, "the submit path and the role/account
# changes check the chain ahead"). At submit actors.c looks at the stages
# after the first: when a later stage will have nobody who may act (its
# role's active holders, minus the requester, minus whoever alone decides
# an earlier stage, the Atasan first), the Administrators get one mail
# "[P-Serv] Tiket akan tertahan: ..." while the ticket is not stuck yet.
# After a roles change or a deactivation the account page warns of each
# ICT role one active account, or none, now holds.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTML::Entities ();

plan tests => 27, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $AHEAD = '[P-Serv] Tiket akan tertahan: ';

# The demo's admin has no address: give it one while this test runs.
my $ADMIN_MAIL = "admin.ahead.$m\@example.com";
my $admin_mail_was = sql_value("SELECT coalesce(email, '') FROM accounts WHERE username = 'admin'");
sql("UPDATE accounts SET email = " . lit($ADMIN_MAIL) . " WHERE username = 'admin'");
my %ID = map { $_ => sql_value("SELECT id FROM accounts WHERE username = " . lit($_)) }
    qw(rina.wulandari bambang.sutrisno sari.permata hendra.gunawan);
END {
    eval {
        sql("UPDATE accounts SET email = "
            . ($admin_mail_was ne '' ? lit($admin_mail_was) : 'NULL') . " WHERE username = 'admin'");
        # the demo's roles, whatever happened
        sql("UPDATE accounts SET active = true WHERE id IN ($ID{'rina.wulandari'}, $ID{'bambang.sutrisno'},"
            . " $ID{'sari.permata'})");
        sql("INSERT INTO account_roles (account_id, role) VALUES ($ID{'rina.wulandari'}, 'ict_verificator'),"
            . " ($ID{'bambang.sutrisno'}, 'ict_manager'), ($ID{'sari.permata'}, 'ict_executor')"
            . " ON CONFLICT DO NOTHING");
        sql("DELETE FROM account_roles WHERE account_id = $ID{'hendra.gunawan'}");
    } if db_ok();
}

sub text_of {
    my ($html) = @_;
    $html =~ s/<[^>]*>/ /g;
    $html = HTML::Entities::decode_entities($html);
    $html =~ s/\s+/ /g;
    return $html;
}
sub ahead_mail { grep { index($_->[1], $AHEAD) == 0 } outbox($_[0]) }
sub stuck_since {
    my $v = sql_value("SELECT coalesce(stuck_since::text, '-') FROM requests WHERE id = " . int($_[0]));
    return $v eq '-' ? '' : $v;
}
# The account page's warnings about the roles ahead, as text.
sub warnings_of {
    my ($html) = @_;
    my @w;
    push @w, text_of($1) while $html =~ m{<p class="notice notice-warning thin-role">(.*?)</p>}gs;
    return @w;
}

# ---- at submit ---------------------------------------------------------------
# Dedi Kurniawan (10010003): his Atasan Rina decides stage 1 alone and is
# the only ICT Verificator: stage 2 will have nobody.
my $t = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN ahead $m" }));
my @a = ahead_mail($t->{id});
is scalar(@a), 1, 'Dedi\'s request: the Administrators get one mail at submit';
is $a[0][0], $ADMIN_MAIL, '... to the Administrator';
is $a[0][1], "${AHEAD}$t->{nomor} di tahap ICT Verificator", '... naming the Nomor and the stage it will stop at';
like $a[0][2], qr/akan tertahan di tahap ICT Verificator/, '... saying it will stop there';
like $a[0][2], qr/Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/, '... and why, in Tiket Tertahan\'s words';
like $a[0][2], qr{/admin/accounts\b}, '... with the way to Akun & Peran';
is stuck_since($t->{id}), '', '... the ticket is not stuck yet (Rina may act as the Atasan)';
decide_to('rina.wulandari', $t->{id}, reason => "Atasan $m");
is scalar(ahead_mail($t->{id})), 1, 'no second warning at the next stage (the stuck mail says the rest)';
isnt stuck_since($t->{id}), '', '... where it does stop, as foretold';

# Rina's own request: she is the only ICT Verificator.
my $own = create_ticket(ho_spec($m, nopek => '10010002', platforms => { VPN => "VPN rina $m" }));
@a = ahead_mail($own->{id});
is scalar(@a), 1, 'Rina\'s own request: one mail at submit';
like $a[0][2] // '', qr/Satu-satunya ICT Verificator adalah pemohon sendiri/, '... she is the requester';

# Agus Salim (10020003, Atasan Maya): every stage has someone.
my $ok = create_ticket(ho_spec($m, platforms => { VPN => "VPN agus $m" }));
is scalar(ahead_mail($ok->{id})), 0, 'Agus Salim\'s request: no warning, every stage has someone';
my $unit = create_ticket(unit_spec($m));
is scalar(ahead_mail($unit->{id})), 0, 'a User ID Unit request: none either';

# A second ICT Verificator: Dedi's request no longer will stop.
sql("INSERT INTO account_roles (account_id, role) VALUES ($ID{'hendra.gunawan'}, 'ict_verificator')");
my $two = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN dua $m" }));
is scalar(ahead_mail($two->{id})), 0, 'with a second ICT Verificator, Dedi\'s request gets no warning';
sql("DELETE FROM account_roles WHERE account_id = $ID{'hendra.gunawan'}");

# ---- the account page after a change -------------------------------------------
as_user('admin');
my $csrf = page_csrf();
my @w = warnings_of(GET("/admin/accounts/$ID{'rina.wulandari'}")->content);
is scalar(@w), 0, 'the account page without a change: no warning';

my $r = POST("/admin/accounts/$ID{'sari.permata'}/deactivate", content => [ csrf => $csrf ]);
is $r->code, 303, 'Sari Permata, one of the two ICT Executors, deactivated';
@w = warnings_of(GET(location($r))->content);
ok((grep { /Peran ICT Executor kini hanya dipegang oleh 1 akun aktif \(Dedi Kurniawan\): tiket yang diajukan atau disetujui Atasan oleh akun itu akan tertahan\. Tambahkan pemegang kedua atau atur Delegasi Persetujuan\./ } @w),
    '... the page warns that ICT Executor has one holder now');
ok((grep { /Peran ICT Verificator kini hanya dipegang oleh 1 akun aktif \(Rina Wulandari\)/ } @w),
    '... and of ICT Verificator, which one holds too');
$r = POST("/admin/accounts/$ID{'sari.permata'}/reactivate", content => [ csrf => $csrf ]);
is $r->code, 303, 'reactivated';
@w = warnings_of(GET(location($r))->content);
is scalar(@w), 0, '... a reactivation: no warning';

$r = POST("/admin/accounts/$ID{'hendra.gunawan'}/roles", content => [ csrf => $csrf, role => 'ict_verificator' ]);
is $r->code, 303, 'Hendra Gunawan made a second ICT Verificator';
@w = warnings_of(GET(location($r))->content);
ok !(grep { /ICT Verificator/ } @w), '... no warning about ICT Verificator';
ok((grep { /Peran ICT Manager kini hanya dipegang oleh 1 akun aktif \(Bambang Sutrisno\)/ } @w),
    '... but still about ICT Manager, one holder');

$r = POST("/admin/accounts/$ID{'bambang.sutrisno'}/roles", content => [ csrf => $csrf ]);
is $r->code, 303, 'Bambang\'s ICT Manager role removed';
@w = warnings_of(GET(location($r))->content);
ok((grep { /Peran ICT Manager kini tidak dipegang oleh akun aktif mana pun/ } @w),
    '... the page warns nobody holds ICT Manager') or diag explain \@w;
$r = POST("/admin/accounts/$ID{'bambang.sutrisno'}/roles", content => [ csrf => $csrf, role => 'ict_manager' ]);
is $r->code, 303, '... given back';
$r = POST("/admin/accounts/$ID{'hendra.gunawan'}/roles", content => [ csrf => $csrf ]);
is $r->code, 303, 'Hendra\'s role taken back';
