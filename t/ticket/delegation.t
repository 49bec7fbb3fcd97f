# Delegasi Persetujuan (issue 17, section 1): an account that approves
# hands its approvals to another account for some days (Jakarta dates,
# both included); the delegate sees the delegator's waiting tickets (list
# filter Delegasi, a marked row, the ticket page), gets the stage mail and
# decides "atas nama" the delegator, who keeps the right to act. The rules:
# not to oneself, an active delegate, no overlap, no chain, Mulai not in
# the past, Sampai not before Mulai; separation of duties applies to the
# delegate as a person. The Dedi/Rina deadlock (Rina approves her own
# staff's stage 1, then is the only ICT Verificator) is resolved by her
# delegating to Hendra. An Administrator sets one on behalf of someone.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(here audit_lines);
use Time::Local ();

plan tests => 167, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();

sub acc_id { sql_value("SELECT id FROM accounts WHERE username = " . lit($_[0])) }
my %ID = map { $_ => acc_id($_) } qw(rina.wulandari hendra.gunawan maya.puspitasari
    bambang.sutrisno siti.rahayu andi.wijaya lestari.ningsih admin dedi.kurniawan);

# Only this test's delegations, before and after.
my $MINE = join ',', values %ID;
sub clear_delegations {
    sql("DELETE FROM delegations WHERE delegator_id IN ($MINE) OR delegate_id IN ($MINE)");
}
clear_delegations();

# A plain account (no nopek, no role: it approves nothing) and an inactive one.
my ($PLAIN, $GONE) = ("biasa.$m", "nonaktif.$m");
add_account($_, active => $_ ne $GONE) for $PLAIN, $GONE;
END {
    eval {
        clear_delegations();
        sql("UPDATE accounts SET active = false WHERE username IN (" . lit($PLAIN) . ", " . lit($GONE) . ")");
    } if db_ok();
}

# ---- dates (Jakarta) -------------------------------------------------------------
my $TODAY = sql_value("SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date");
sub day { sql_value("SELECT (" . lit($TODAY) . "::date + " . int($_[0]) . ")::text") }
# Epoch of 00:00 WIB on date $d.
sub wib_midnight {
    my ($y, $mo, $d) = split /-/, $_[0];
    return Time::Local::timegm(0, 0, 0, $d, $mo - 1, $y) - 7 * 3600;
}

# ---- the form ------------------------------------------------------------------------
sub count_delegations { sql_value("SELECT count(*) FROM delegations") }

# POST the delegation form (as the current browser) to $path.
sub save {
    my (%f) = @_;
    my $path = delete $f{path} // '/delegations';
    my $csrf = exists $f{csrf} ? delete $f{csrf} : page_csrf();
    my @form = map { ($_ => $f{$_}) } grep { defined $f{$_} } qw(to start end reason back);
    push @form, csrf => $csrf if defined $csrf;
    return POST($path, content => \@form, @{ $f{headers} || [] });
}

# A refusal: the status, the message, nothing stored, an audit line.
sub refused {
    my ($what, $status, $re, %f) = @_;
    my $before = count_delegations();
    my $off = here();
    my $r = save(%f);
    is $r->code, $status, "$what: $status";
    like decoded_text($r->content), $re, "$what: the message says why"
        or diag join ' | ', grep { /Delegasi|akun|Mulai|Sampai|Alasan/ } split /\n/, decoded_text($r->content);
    is count_delegations(), $before, "$what: nothing stored";
    ok scalar(audit_lines($off, 'delegation.refused')), "$what: an audit line";
}

# ==== the Dedi/Rina deadlock, before any delegation ==========================================
# Dedi Kurniawan (10010003) asks; his Atasan Rina approves stage 1; she is
# the only ICT Verificator: nobody may act, the ticket is stuck.
my $verifs = sql_value("SELECT count(*) FROM account_roles ar JOIN accounts a ON a.id = ar.account_id"
    . " WHERE ar.role = 'ict_verificator' AND a.active");
my $dedi = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN dedi $m" }));
decide_to('rina.wulandari', $dedi->{id}, reason => "Atasan OK $m");
is req_status($dedi->{id}), 'verificator', 'deadlock: Rina approved stage 1 as Atasan';
SKIP: {
    skip 'another active ICT Verificator exists in this database', 1 unless $verifs == 1;
    is sql_value("SELECT stuck_since IS NOT NULL FROM requests WHERE id = $dedi->{id}"), 't',
        'deadlock: the ticket is marked stuck (nobody may act)';
}

# ==== the page and its labels ==================================================================
as_user('rina.wulandari');
my $home = GET('/home');
like $home->content, qr{<a href="/delegations">Delegasi Persetujuan</a>}, 'the user menu links Delegasi Persetujuan for an approver';
my $r = GET('/delegations');
is $r->code, 200, 'GET /delegations: 200';
my $page = $r->content;
like $page, qr{<h1[^>]*>Delegasi Persetujuan</h1>}, '... titled Delegasi Persetujuan';
like $page, qr{<label for="dlg-to">Delegasikan kepada</label>}, '... field Delegasikan kepada';
like $page, qr{<label for="dlg-start">Mulai</label>}, '... field Mulai';
like $page, qr{<label for="dlg-end">Sampai</label>}, '... field Sampai';
like $page, qr{<label for="dlg-reason">Alasan</label>}, '... field Alasan';
like $page, qr{<button type="submit" class="btn btn-primary">Simpan Delegasi</button>}, '... button Simpan Delegasi';
like $page, qr{<datalist id="dlg-accounts">.*<option value="hendra.gunawan">Hendra Gunawan</option>}s,
    '... a datalist of active accounts';
unlike $page, qr{value="\Q$GONE\E"}, '... without the inactive ones';

new_browser();
login($PLAIN, DEMO_PASSWORD);
unlike GET('/home')->content, qr{href="/delegations"}, 'an account that approves nothing: no menu link';
$r = GET('/delegations');
like decoded_text($r->content), qr/hanya untuk akun yang memberi persetujuan/, '... its page says why it has nothing to delegate';
unlike $r->content, qr{Simpan Delegasi}, '... and has no form';
refused('an account that approves nothing', 403, qr/hanya untuk akun yang memberi persetujuan/,
        to => 'hendra.gunawan', start => $TODAY, end => day(1), reason => "Cuti $m");

# ==== refusals ========================================================================================
as_user('rina.wulandari');
refused('to oneself', 409, qr/tidak dapat didelegasikan kepada diri sendiri/,
        to => 'rina.wulandari', start => $TODAY, end => day(2), reason => "Cuti $m");
refused('to an inactive account', 400, qr/Akun Uji \Q$GONE\E \(\Q$GONE\E\) nonaktif/,
        to => $GONE, start => $TODAY, end => day(2), reason => "Cuti $m");
refused('to nobody known', 400, qr/Tidak ada akun dengan nama atau username "zz\Q$m\E"/,
        to => "zz$m", start => $TODAY, end => day(2), reason => "Cuti $m");
refused('to an ambiguous name', 400, qr/"wi" cocok dengan \d+ akun aktif.*Andi Wijaya \(andi\.wijaya\).*Tulis username/,
        to => 'wi', start => $TODAY, end => day(2), reason => "Cuti $m");
refused('Mulai in the past', 400, qr/Mulai tidak boleh sebelum hari ini/,
        to => 'hendra.gunawan', start => day(-1), end => day(2), reason => "Cuti $m");
refused('Sampai before Mulai', 400, qr/Sampai tidak boleh sebelum Mulai/,
        to => 'hendra.gunawan', start => day(3), end => day(2), reason => "Cuti $m");
refused('longer than 90 days', 400, qr/paling lama 90 hari/,
        to => 'hendra.gunawan', start => $TODAY, end => day(90), reason => "Cuti $m");
refused('without Alasan', 400, qr/Isi Alasan delegasi/,
        to => 'hendra.gunawan', start => $TODAY, end => day(2), reason => '  ');
refused('Alasan over 500 characters', 400, qr/Alasan paling banyak 500 karakter/,
        to => 'hendra.gunawan', start => $TODAY, end => day(2), reason => 'x' x 501);
{
    my $before = count_delegations();
    $r = save(to => 'hendra.gunawan', start => $TODAY, end => day(2), reason => "Cuti $m", csrf => undef);
    is $r->code, 403, 'without the CSRF token: 403';
    is count_delegations(), $before, '... nothing stored';
}
# The form keeps what was typed after a refusal.
$r = save(to => 'hendra.gunawan', start => day(3), end => day(2), reason => "Cuti <b>$m</b>");
is input_value($r->content, 'to'), 'hendra.gunawan', 'a refused form keeps Delegasikan kepada';
like $r->content, qr{Cuti &lt;b&gt;\Q$m\E&lt;/b&gt;</textarea>}, '... and Alasan, escaped';

# ==== Simpan Delegasi: Rina to Hendra, today and the next three days =================================
my $off = here();
$r = save(to => 'Hendra Gunawan', start => $TODAY, end => day(3), reason => "Cuti tahunan $m");
is $r->code, 303, 'Simpan Delegasi (the delegate by full name): 303';
is location($r), '/delegations?done=created', '... back to the page';
my ($d1) = sql("SELECT id, delegator_id, delegate_id, starts_on, ends_on, reason, created_by"
    . " FROM delegations WHERE reason = " . lit("Cuti tahunan $m"));
is_deeply [ @{$d1}[1 .. 6] ], [ $ID{'rina.wulandari'}, $ID{'hendra.gunawan'}, $TODAY, day(3),
    "Cuti tahunan $m", $ID{'rina.wulandari'} ], '... stored: delegator, delegate, dates, reason, who set it';
my @a = audit_lines($off, 'delegation.create');
like $a[0] // '', qr/user=rina\.wulandari .*delegator=rina\.wulandari delegate=hendra\.gunawan from=\Q$TODAY\E to=\Q${\ day(3)}\E/,
    '... an audit line' or diag $a[0] // 'none';
$page = GET('/delegations?done=created')->content;
like decoded_text($page), qr/Delegasi disimpan/, '... the page says so';
like $page, qr{id="delegation-$d1->[0]".*Hendra Gunawan \(hendra\.gunawan\).*Berjalan.*Akhiri Delegasi}s,
    '... lists it as Berjalan with Akhiri Delegasi';
SKIP: {
    skip 'another active ICT Verificator exists in this database', 1 unless $verifs == 1;
    is sql_value("SELECT stuck_since IS NULL FROM requests WHERE id = $dedi->{id}"), 't',
        'deadlock: the delegation takes the stuck mark off (Hendra may act)';
}

# ---- overlap (edge days) and chains ------------------------------------------------------------------
refused('overlapping on its last day', 409,
        qr/Anda sudah mendelegasikan persetujuan pada \d+ \w+ \d{4} s\.d\. \d+ \w+ \d{4} kepada Hendra Gunawan/,
        to => 'maya.puspitasari', start => day(3), end => day(5), reason => "Dinas $m");
refused('overlapping inside', 409, qr/Anda sudah mendelegasikan persetujuan pada/,
        to => 'maya.puspitasari', start => day(1), end => day(2), reason => "Dinas $m");
$r = save(to => 'maya.puspitasari', start => day(4), end => day(5), reason => "Dinas $m");
is $r->code, 303, 'the day after the last day does not overlap: saved (Terjadwal)';
my $d2 = sql_value("SELECT id FROM delegations WHERE reason = " . lit("Dinas $m"));
like GET('/delegations')->content, qr{id="delegation-$d2".*Terjadwal.*Akhiri Delegasi}s, '... listed as Terjadwal';
as_user('bambang.sutrisno');
refused('a chain: the delegate is away then (her own delegation out)', 409,
        qr/Rina Wulandari sendiri sedang mendelegasikan persetujuannya pada .* kepada Hendra Gunawan.*tidak dapat diteruskan/,
        to => 'rina.wulandari', start => day(2), end => day(6), reason => "Rantai $m");
$r = save(to => 'rina.wulandari', start => day(6), end => day(7), reason => "Bukan rantai $m");
is $r->code, 303, '... after her delegations end: saved';
sql("DELETE FROM delegations WHERE reason = " . lit("Bukan rantai $m"));

# ==== the delegate ==================================================================================
as_user('hendra.gunawan');
like GET('/home')->content, qr{href="/delegations">Delegasi Persetujuan<}, 'the delegate: the menu link';
like decoded_text(GET('/delegations')->content), qr/Anda menerima delegasi dari\s+Rina Wulandari/,
    '... "Anda menerima delegasi dari Rina Wulandari"';

# The list: filter Delegasi, the marked row.
my $list = list_page('status=delegasi');
like $list->{html}, qr{<option value="delegasi" selected(?:="selected")?>Delegasi</option>}, 'the list: the status filter Delegasi';
my ($row) = grep { $_->{nomor} eq $dedi->{nomor} } @{ $list->{rows} };
ok $row, "... shows Dedi's ticket waiting for the ICT Verificator";
is $row && $row->{acting}, 'atas nama Rina Wulandari', '... marked "atas nama Rina Wulandari"';
ok !(grep { $_->{status} ne 'verificator' && $_->{status} ne 'atasan' } @{ $list->{rows} }),
    '... only waiting tickets of Rina\'s stages';
($row) = grep { $_->{nomor} eq $dedi->{nomor} } @{ list_page('status=')->{rows} };
ok $row && $row->{acting}, '... and marked in the unfiltered list too';
my $api = GET("/api/v1/requests?status=delegasi&q=$dedi->{nomor}");
like $api->content, qr{"acting":"atas nama Rina Wulandari"}, '... the API says acting';

# SoD through the delegate: a UNIT request with Hendra's e-mail is his own.
my $own = create_ticket(unit_spec("own$m", email => 'hendra.gunawan@ptpr.example'));
decide_to('siti.rahayu', $own->{id}, reason => "BUH OK $m");
as_user('hendra.gunawan');
my $before = snapshot($own->{id});
is decide($own->{id}, reason => "Coba $m")->code, 403, 'SoD: the delegate may not decide his own request (by e-mail)';
is snapshot($own->{id}), $before, '... nothing changed';
# ... nor a second stage: Sari's request, Hendra approves stage 1 atas
# nama Rina (her Atasan), then may not verify it atas nama Rina.
my $two = create_ticket(ho_spec($m, nopek => '10010004', platforms => { VPN => "VPN dua $m" }));
decide_to('hendra.gunawan', $two->{id}, reason => "Atasan atas nama $m");
is((activity($two->{id}))[-1][0], 'Hendra Gunawan atas nama Rina Wulandari', 'the delegate approves stage 1 atas nama Rina');
as_user('hendra.gunawan');
$before = snapshot($two->{id});
is decide($two->{id}, reason => "Coba lagi $m")->code, 403, 'SoD: the delegate may not decide a second stage of one ticket';
is snapshot($two->{id}), $before, '... nothing changed';

# The ticket page and the decision atas nama Rina.
$r = ticket_page($dedi->{id});
is $r->code, 200, "the delegate opens Dedi's ticket";
ok form_block($r->content, qr{class="decide-form"}), '... with the decision panel';
$off = here();
my $outbox_before = scalar outbox($dedi->{id});
$r = decide($dedi->{id}, reason => "Verifikasi OK $m");
is $r->code, 303, 'Hendra verifies atas nama Rina: 303';
is req_status($dedi->{id}), 'manager', '... the ticket moves to the ICT Manager';
my @log = activity($dedi->{id});
is $log[-1][0], 'Hendra Gunawan atas nama Rina Wulandari', '... the Activity Log: "Hendra Gunawan atas nama Rina Wulandari"';
is $log[-1][2], 'Approved', '... Approved';
my ($ap) = sql("SELECT a.username, coalesce(b.username, ''), coalesce(ap.via, '') FROM approvals ap"
    . " JOIN accounts a ON a.id = ap.account_id LEFT JOIN accounts b ON b.id = ap.on_behalf_of"
    . " WHERE ap.request_id = $dedi->{id} AND ap.stage = 'verificator'");
is_deeply $ap, [ 'hendra.gunawan', 'rina.wulandari', 'delegation' ], '... the approvals row: by Hendra, on behalf of Rina, via delegation';
my @dec = audit_lines($off, 'decision');
like $dec[0] // '', qr/user=hendra\.gunawan .*stage=verificator .*via=delegate for=$ID{'rina.wulandari'}\b/,
    '... the audit line: via=delegate for=Rina' or diag $dec[0] // 'none';
$page = ticket_page($dedi->{id})->content;
like decoded_text($page), qr/Progres Persetujuan.*Hendra Gunawan atas nama Rina Wulandari/s, '... Progres Persetujuan says atas nama';
my @mail = (outbox($dedi->{id}))[$outbox_before .. scalar(outbox($dedi->{id})) - 1];
my ($next) = grep { $_->[0] eq 'bambang.sutrisno@ptpr.example' } @mail;
ok $next, "... the ICT Manager's stage mail";
like $next ? $next->[2] : '', qr/telah disetujui pada tahap ICT Verificator oleh Hendra Gunawan atas nama Rina Wulandari/,
    '... says "oleh Hendra Gunawan atas nama Rina Wulandari"';

# The stage mail reaches the delegate: Sari's request waits for her Atasan Rina.
my $sari = create_ticket(ho_spec($m, nopek => '10010004', platforms => { VPN => "VPN sari $m" }));
my ($to_hendra) = grep { $_->[0] eq 'hendra.gunawan@ptpr.example' } outbox($sari->{id});
ok $to_hendra, 'the stage mail of a new ticket goes to the delegate too';
like $to_hendra ? $to_hendra->[2] : '', qr/sebagai Atasan Pemohon atas nama Rina Wulandari/, '... "atas nama Rina Wulandari"';
ok scalar(grep { $_->[0] eq 'rina.wulandari@ptpr.example' } outbox($sari->{id})), '... and to Rina herself';
# The delegator keeps the right to act.
as_user('rina.wulandari');
$r = decide($sari->{id}, reason => "Atasan sendiri $m");
is $r->code, 303, 'the delegator still decides herself while the delegation runs';
is((activity($sari->{id}))[-1][0], 'Rina Wulandari', '... as herself');

# ==== pserv_candidates and pserv_acting_for agree =====================================================
sub agree {
    my ($what, $at) = @_;
    my $now = defined $at ? "to_timestamp($at)" : 'now()';
    my $diff = sql_value(
        "WITH c AS (SELECT request_id, account_id, via, coalesce(for_id, 0) AS f"
        . "   FROM pserv_candidates($now, NULL) WHERE via <> 'holder'),"
        . " a AS (SELECT f.request_id, x.id AS account_id, f.via, coalesce(f.for_id, 0) AS f"
        . "   FROM accounts x, pserv_acting_for(x.id, $now) f)"
        . " SELECT (SELECT count(*) FROM (SELECT * FROM c EXCEPT SELECT * FROM a) d)"
        . "   + (SELECT count(*) FROM (SELECT * FROM a EXCEPT SELECT * FROM c) d)");
    my $n = sql_value("SELECT count(*) FROM pserv_candidates($now, NULL) WHERE via = 'delegate'");
    is $diff, 0, "pserv_candidates and pserv_acting_for agree: $what ($n delegate rows)";
}
agree('now, two delegations running or scheduled');
agree('on the scheduled one\'s first day', wib_midnight(day(4)) + 60);
agree('after both ended', wib_midnight(day(9)));

# ==== the window's edges in Jakarta time ===========================================================
# Maya's delegation to Andi from day 10 to day 12 (set through the page);
# Agus's ticket waits for Maya. Andi sees it from 00:00 WIB on day 10 to
# 23:59 WIB on day 12, not a minute before or after.
my $agus = create_ticket(ho_spec($m, platforms => { SAP => "SAP agus $m" }));
as_user('maya.puspitasari');
$r = save(to => 'andi.wijaya', start => day(10), end => day(12), reason => "Cuti panjang $m");
is $r->code, 303, 'Maya delegates to Andi from day 10 to day 12';
sub andi_sees {
    my ($epoch) = @_;
    my $secs = $epoch - time();
    new_browser();
    login('andi.wijaya', DEMO_PASSWORD, offset => $secs);
    my $l = GET('/requests?status=delegasi', offset($secs));
    my $t = GET("/requests/$agus->{id}", offset($secs));
    my $in = $l->content =~ /\Q$agus->{nomor}\E/ ? 1 : 0;
    return ($in, $t->code);
}
my @seen = andi_sees(wib_midnight(day(10)) - 60);
is_deeply \@seen, [ 0, 404 ], '23:59 WIB the day before Mulai: not in Andi\'s list, not his to open';
@seen = andi_sees(wib_midnight(day(10)));
is_deeply \@seen, [ 1, 200 ], '00:00 WIB on Mulai: in the list (Delegasi) and open';
@seen = andi_sees(wib_midnight(day(13)) - 60);
is_deeply \@seen, [ 1, 200 ], '23:59 WIB on Sampai: still his';
@seen = andi_sees(wib_midnight(day(13)));
is_deeply \@seen, [ 0, 404 ], '00:00 WIB the day after Sampai: no longer';

# ==== Akhiri Delegasi ==================================================================================
# Another of Dedi's requests passes Rina's stage 1 while her delegation
# runs: Hendra may verify it, so it is not stuck; ending the delegation
# makes it stuck (she is the only ICT Verificator).
my $dedi2 = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN dedi dua $m" }));
decide_to('rina.wulandari', $dedi2->{id}, reason => "Atasan OK dua $m");
is sql_value("SELECT stuck_since IS NULL FROM requests WHERE id = $dedi2->{id}"), 't',
    'while the delegation runs, a ticket only the delegate may verify is not stuck';
END { eval { sql("UPDATE requests SET status = 'rejected', stuck_since = NULL WHERE id = "
                 . int($dedi2->{id})) } if $dedi2 && db_ok() }
as_user('hendra.gunawan');
is POST("/delegations/$d2/end", content => [ csrf => page_csrf(), confirm => 1 ])->code, 404,
    'Akhiri Delegasi by someone else: not found';
as_user('rina.wulandari');
$r = POST("/delegations/$d1->[0]/end", content => [ csrf => page_csrf() ]);
is $r->code, 200, 'Akhiri Delegasi without confirm: a confirmation page';
like decoded_text($r->content), qr/Anda yakin akan mengakhiri delegasi ini\?.*Hendra Gunawan/s, '... asking, naming the delegate';
ok form_block($r->content, qr{action="/delegations/$d1->[0]/end"}) =~ /name="confirm" value="1"/, '... its form posts confirm=1';
is sql_value("SELECT ended_at IS NULL FROM delegations WHERE id = $d1->[0]"), 't', '... nothing ended yet';
$off = here();
$r = POST("/delegations/$d1->[0]/end", content => [ csrf => page_csrf(), confirm => 1 ]);
is $r->code, 303, 'confirmed: 303';
is location($r), '/delegations?done=ended', '... back to the page';
is sql_value("SELECT ended_by FROM delegations WHERE id = $d1->[0] AND ended_at IS NOT NULL"),
    $ID{'rina.wulandari'}, '... ended, by Rina';
ok scalar(audit_lines($off, 'delegation.end')), '... an audit line';
SKIP: {
    skip 'another active ICT Verificator exists in this database', 1 unless $verifs == 1;
    is sql_value("SELECT stuck_since IS NOT NULL FROM requests WHERE id = $dedi2->{id}"), 't',
        '... and the ticket only the delegate could verify is stuck now';
}
like GET('/delegations')->content, qr{id="delegation-$d1->[0]".*?Diakhiri}s, '... listed as Diakhiri';
$r = POST("/delegations/$d1->[0]/end", content => [ csrf => page_csrf(), confirm => 1 ]);
is location($r), '/delegations?done=gone', 'ending it again: nothing to end';
as_user('hendra.gunawan');
($row) = grep { $_->{nomor} eq $dedi->{nomor} } @{ list_page('status=delegasi')->{rows} };
ok !$row, 'after the end the delegate no longer sees her tickets under Delegasi';
is ticket_page($sari->{id})->code, 404, "... nor opens one he did not decide";
is ticket_page($dedi->{id})->code, 200, '... but still the one he decided';
$r = POST("/delegations/$d2/end", content => [ csrf => page_csrf(), confirm => 1 ]);
is $r->code, 404, 'a delegation of someone else: not found';

# ==== the Administrator on behalf of someone (sick leave) ========================================
as_user('admin');
my $acct = GET("/admin/accounts/$ID{'lestari.ningsih'}")->content;
like $acct, qr{<h2 id="sec-delegation">Delegasi Persetujuan</h2>}, 'the account page: a Delegasi Persetujuan section';
my $aform = form_block($acct, qr{action="/admin/accounts/$ID{'lestari.ningsih'}/delegations"});
ok $aform && $aform =~ /Delegasikan kepada/ && $aform =~ /Simpan Delegasi/, '... its form, with the same fields';
refused('the admin, to the account itself', 409, qr/diri sendiri/, path => "/admin/accounts/$ID{'lestari.ningsih'}/delegations",
        to => 'lestari.ningsih', start => $TODAY, end => day(2), reason => "Sakit $m");
refused('the admin, Mulai in the past', 400, qr/Mulai tidak boleh sebelum hari ini/,
        path => "/admin/accounts/$ID{'lestari.ningsih'}/delegations",
        to => 'siti.rahayu', start => day(-2), end => day(2), reason => "Sakit $m");
refused('the admin, for an account that approves nothing', 403, qr/tidak memberi persetujuan/,
        path => '/admin/accounts/' . acc_id($PLAIN) . '/delegations',
        to => 'siti.rahayu', start => $TODAY, end => day(2), reason => "Sakit $m");
$off = here();
$r = save(path => "/admin/accounts/$ID{'lestari.ningsih'}/delegations",
          to => 'siti.rahayu', start => $TODAY, end => day(2), reason => "Sakit $m");
is $r->code, 303, 'the admin sets a delegation for Lestari: 303';
is location($r), "/admin/accounts/$ID{'lestari.ningsih'}?done=delegation", '... back to the account page';
my ($d3) = sql("SELECT id, delegator_id, delegate_id, created_by FROM delegations WHERE reason = " . lit("Sakit $m"));
is_deeply [ @{$d3}[1 .. 3] ], [ $ID{'lestari.ningsih'}, $ID{'siti.rahayu'}, $ID{admin} ], '... created_by is the admin';
like((audit_lines($off, 'delegation.create'))[0] // '', qr/user=admin .*delegator=lestari\.ningsih delegate=siti\.rahayu .*on_behalf=admin/,
     '... audited as the admin\'s, on behalf');
$acct = GET("/admin/accounts/$ID{'lestari.ningsih'}")->content;
like $acct, qr{id="delegation-$d3->[0]".*Siti Rahayu.*Berjalan.*Akhiri Delegasi}s, '... the account page lists it';
as_user('lestari.ningsih');
like GET('/delegations')->content, qr{id="delegation-$d3->[0]".*Administrator|id="delegation-$d3->[0]"}s, 'Lestari sees it on her page';
as_user('admin');
$r = POST("/delegations/$d3->[0]/end", content => [ csrf => page_csrf(), back => 'admin', confirm => 1 ]);
is $r->code, 303, 'the admin ends it from the account page';
is location($r), "/admin/accounts/$ID{'lestari.ningsih'}?done=delegation-ended", '... back to the account page';
is sql_value("SELECT ended_at IS NOT NULL FROM delegations WHERE id = $d3->[0]"), 't', '... ended';

# ---- two saves at once: only one passes the overlap check --------------------------------------
as_user('bambang.sutrisno');
my $csrf = page_csrf();
my @jobs = map {
    [ jar(), HTTP::Request::Common::POST(abs_url('/delegations'),
        Origin => own_origin(),
        Content => [ csrf => $csrf, to => $_, start => day(20), end => day(21), reason => "Serentak $m" ]) ]
} qw(maya.puspitasari siti.rahayu);
my @res = fire_together(@jobs);
is join(',', sort map { $_->code } @res), '303,409', 'two overlapping saves at once: one saved, one refused';
is sql_value("SELECT count(*) FROM delegations WHERE reason = " . lit("Serentak $m")), 1, '... one row';

# ---- an assignment (Alihkan Persetujuan's row): the list's "Dialihkan" --------------------------
sql("INSERT INTO stage_assignments (request_id, stage, account_id, reason, assigned_by, assigned_at)"
    . " VALUES ($dedi2->{id}, 'verificator', $ID{'maya.puspitasari'}, " . lit("Uji $m")
    . ", $ID{admin}, now())");
agree('with an assignment');
as_user('maya.puspitasari');
($row) = grep { $_->{nomor} eq $dedi2->{nomor} } @{ list_page('status=delegasi')->{rows} };
is $row && $row->{acting}, 'Dialihkan', 'an assigned ticket: under Delegasi, marked "Dialihkan"';
sql("DELETE FROM stage_assignments WHERE request_id = $dedi2->{id}");

# ---- a past one is Selesai; an account that approves nothing but receives one -------------------
my $plain_id = acc_id($PLAIN);
sql("INSERT INTO delegations (delegator_id, delegate_id, starts_on, ends_on, reason, created_by, created_at)"
    . " VALUES ($ID{'lestari.ningsih'}, $plain_id, " . lit(day(-10)) . ", " . lit(day(-5)) . ", "
    . lit("Lalu $m") . ", $ID{'lestari.ningsih'}, now() - interval '11 days'),"
    . " ($ID{'lestari.ningsih'}, $plain_id, " . lit($TODAY) . ", " . lit(day(1)) . ", "
    . lit("Kini $m") . ", $ID{'lestari.ningsih'}, now())");
my ($past, $now_) = map { sql_value("SELECT id FROM delegations WHERE reason = " . lit("$_ $m")) } qw(Lalu Kini);
as_user('lestari.ningsih');
$page = GET('/delegations')->content;
like $page, qr{<tr class="delegation-row status-selesai" id="delegation-$past">.*?Selesai.*?</tr>}s, 'a past delegation: Selesai';
unlike $page =~ m{(<tr[^>]*id="delegation-$past">.*?</tr>)}s ? $1 : '', qr/Akhiri Delegasi/, '... without Akhiri Delegasi';
new_browser();
login($PLAIN, DEMO_PASSWORD);
like GET('/home')->content, qr{href="/delegations">Delegasi Persetujuan<}, 'an account that approves nothing but receives a delegation: the menu link';
$page = GET('/delegations')->content;
like decoded_text($page), qr/Anda menerima delegasi dari\s+Lestari Ningsih/, '... its page shows what it received';
unlike $page, qr/Simpan Delegasi/, '... and no form';
