# Who sees which ticket. The list (/requests): an Atasan sees only the
# tickets on which they are the Atasan (maya.puspitasari: HO FIN requests
# of 10020003 and 20020005; siti.rahayu: UNIT-JKT; rudi.hartono: UNIT-MDN);
# the ICT roles and admin see every ticket; someone who is the Atasan of
# none sees none. A ticket or attachment one may not see is "not found"
# (404), exactly like an ID that does not exist, and without a session
# both send the browser to the login page.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 54, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();

# Four tickets, one per Atasan, two of them with an attachment.
my $png = png_bytes("vis $m");
my %T = (
    organik => create_ticket(ho_spec($m), { files => [ [ "ktp-$m.png", $png, 'image/png' ] ] }),
    tkjp    => create_ticket(ho_spec($m, kind => 'HO_TKJP', nopek => '20020005')),
    jkt     => create_ticket(unit_spec($m), { files => [ [ "sk-$m.png", $png, 'image/png' ] ] }),
    mdn     => create_ticket(unit_spec($m, full_name => "Medan $m", unit_code => 'UNIT-MDN',
                                      atasan_nopek => '10050001')),
);
my %ATT;
for my $k (qw(organik jkt)) {
    $ATT{$k} = sql_value("SELECT id FROM attachments WHERE request_id = $T{$k}{id}");
}
my $NOWHERE = 1 + sql_value('SELECT coalesce(max(id), 0) FROM requests') + 1000;
my $NOFILE = 1 + sql_value('SELECT coalesce(max(id), 0) FROM attachments') + 1000;

my %SEES = (
    'maya.puspitasari' => [qw(organik tkjp)],
    'siti.rahayu'      => [qw(jkt)],
    'rudi.hartono'     => [qw(mdn)],
    'hendra.gunawan'   => [],
    'rina.wulandari'   => [qw(jkt mdn organik tkjp)],
    'bambang.sutrisno' => [qw(jkt mdn organik tkjp)],
    'dedi.kurniawan'   => [qw(jkt mdn organik tkjp)],
    'sari.permata'     => [qw(jkt mdn organik tkjp)],
    'admin'            => [qw(jkt mdn organik tkjp)],
);
my %NOPEK = ('maya.puspitasari' => '10020002', 'siti.rahayu' => '10050002',
             'rudi.hartono' => '10050001', 'hendra.gunawan' => '10020001');

# ---- the list --------------------------------------------------------------------------------
for my $user (sort keys %SEES) {
    as_user($user);
    # Which of the four does the list show (searched one by one by Nomor)?
    my @seen = grep { my $n = $T{$_}{nomor}; grep { $_ eq $n } list_nomors("status=&q=$n") } sort keys %T;
    is_deeply \@seen, $SEES{$user}, "$user: the list shows " . (@seen ? "@seen" : 'none of them');
}

# An Atasan's whole list holds their tickets only (all statuses, 100 a
# page): those they are the Atasan of, decided, or may act on for someone
# else now (Delegasi Persetujuan, Alihkan Persetujuan: migration 013).
for my $user (qw(maya.puspitasari siti.rahayu hendra.gunawan)) {
    as_user($user);
    my $list = list_page('status=&size=100');
    my @ids = map { $_->{id} } @{ $list->{rows} };
    my $theirs_sql = "(r.atasan_nopek = " . lit($NOPEK{$user})
        . " OR EXISTS (SELECT 1 FROM approvals ap JOIN accounts a ON a.id = ap.account_id"
        . "   WHERE ap.request_id = r.id AND a.username = " . lit($user) . ")"
        . " OR r.id IN (SELECT f.request_id FROM accounts a, pserv_acting_for(a.id, now()) f"
        . "   WHERE a.username = " . lit($user) . "))";
    my $others = @ids ? sql_value("SELECT count(*) FROM requests r WHERE id IN (" . join(',', @ids)
                                  . ") AND NOT $theirs_sql") : 0;
    is $others, 0, "$user: every ticket on the whole list has them as Atasan (or is one they decided or act on)";
    my $theirs = sql_value("SELECT count(*) FROM requests r WHERE $theirs_sql");
    is scalar(@ids), $theirs > 100 ? 100 : $theirs, "$user: and every such ticket is there";
}
as_user('hendra.gunawan');
SKIP: {
    skip 'some ticket has hendra.gunawan as Atasan, or was decided by him', 1
        if sql_value("SELECT count(*) FROM requests WHERE atasan_nopek = '10020001'")
        || sql_value("SELECT count(*) FROM approvals ap JOIN accounts a ON a.id = ap.account_id"
                     . " WHERE a.username = 'hendra.gunawan'");
    like list_page('status=')->{html}, qr/class="empty-state"/, 'hendra.gunawan: the list says there is nothing';
}

# The list opens on what waits for the user.
as_user('maya.puspitasari');
ok((grep { $_ eq $T{organik}{nomor} } list_nomors()), 'maya: the opening list (waiting for the Atasan) has her new ticket');
as_user('rina.wulandari');
my $opening = list_page();
ok !(grep { $_->{status} ne 'verificator' } @{ $opening->{rows} }),
    'rina: the opening list shows only what waits for the ICT Verificator';
as_user('admin');
ok((grep { $_ eq $T{mdn}{nomor} } list_nomors('size=100')), 'admin: the opening list shows every status');

# ---- ticket pages and attachments ----------------------------------------------------------------
sub same_404 {
    my ($what, $path, $nowhere) = @_;
    my $r = GET($path);
    my $n = GET($nowhere);
    is $r->code, 404, "$what: 404";
    (my $a = $r->content) =~ s/\d{4}-\d\d-\d\dT[\d:+]+//g;
    (my $b = $n->content) =~ s/\d{4}-\d\d-\d\dT[\d:+]+//g;
    ok $a eq $b, "$what: the same page as for an ID that does not exist";
}

as_user('maya.puspitasari');
is ticket_page($T{organik}{id})->code, 200, 'maya opens her ticket';
is GET("/attachments/$ATT{organik}")->code, 200, 'maya downloads its attachment';
same_404('maya opens a UNIT-JKT ticket', "/requests/$T{jkt}{id}", "/requests/$NOWHERE");
same_404('maya downloads a UNIT-JKT attachment', "/attachments/$ATT{jkt}", "/attachments/$NOFILE");
my $r = decide($T{jkt}{id}, reason => 'bukan milik saya', status => 'atasan');
is $r->code, 404, 'maya decides on a UNIT-JKT ticket: 404';
is req_status($T{jkt}{id}), 'atasan', '... nothing changed';

as_user('siti.rahayu');
is ticket_page($T{jkt}{id})->code, 200, 'siti opens her ticket';
my $dl = GET("/attachments/$ATT{jkt}");
is $dl->code, 200, 'siti downloads its attachment';
ok $dl->content eq $png, '... the bytes';
same_404('siti opens an HO ticket', "/requests/$T{organik}{id}", "/requests/$NOWHERE");
same_404('siti opens a UNIT-MDN ticket', "/requests/$T{mdn}{id}", "/requests/$NOWHERE");
same_404('siti downloads an HO attachment', "/attachments/$ATT{organik}", "/attachments/$NOFILE");

as_user('hendra.gunawan');
same_404('hendra opens a ticket', "/requests/$T{tkjp}{id}", "/requests/$NOWHERE");
same_404('hendra downloads an attachment', "/attachments/$ATT{jkt}", "/attachments/$NOFILE");

for my $user (qw(rina.wulandari dedi.kurniawan admin)) {
    as_user($user);
    is join(',', map { ticket_page($T{$_}{id})->code } sort keys %T), '200,200,200,200',
        "$user opens all four tickets";
    is join(',', map { GET("/attachments/$ATT{$_}")->code } sort keys %ATT), '200,200',
        "$user downloads both attachments";
}

# IDs in other spellings are not IDs.
is GET("/requests/0$T{organik}{id}")->code, 404, 'a leading zero: 404';
is GET('/requests/-1')->code, 404, 'a negative ID: 404';

# ---- without a session ---------------------------------------------------------------------------------
as_public();
$r = GET("/requests/$T{organik}{id}");
is $r->code, 303, 'a ticket without a session: 303';
like location($r), qr{^/login}, '... to the login page';
$r = GET("/attachments/$ATT{organik}");
is $r->code, 303, 'an attachment without a session: 303';
like location($r), qr{^/login}, '... to the login page';
unlike $r->content, qr/\Q$png\E/, '... and not its bytes';
$r = GET('/requests');
is $r->code, 303, 'the list without a session: 303';
