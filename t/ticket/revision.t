# Kembalikan untuk Revisi and Perbaiki Permohonan (issue 18, section 1).
# At every stage (the Atasan, ICT Verificator, ICT Manager and the ICT
# Executor) the panel has a third choice; the reason is required, the
# confirmation comes first (Ya, Kembalikan Permohonan Ini), the ticket
# becomes Returned for Revision and the requester gets the reason with the
# Perbaiki Permohonan link (a new status link). That link opens the public
# form filled with everything, attachments included; Submit Permohonan
# sends the same ticket (same Nomor) back to the Atasan in a new round:
# Progres Persetujuan shows that round, the Activity Log both, marked
# "sebelum revisi". Separation of duties counts every round: whoever
# decided a stage before may decide that stage again, never another one.
# A returned ticket nobody fixes is cancelled after PservRevisionDays by
# the mail worker, once, with a mail.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Time::HiRes ();
use JSON::PP ();

plan tests => 77, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $AGUS = 'agus.salim@ptpr.example';

# The panel's form on a ticket page, or undef.
sub panel {
    my ($html) = @_;
    return form_block($html, qr{class="decide-form"});
}

# The last link to $path in the ticket's queued mail to $to.
sub mail_link {
    my ($id, $to, $path) = @_;
    my $token;
    for my $mail (outbox($id)) {
        next unless $mail->[0] eq $to;
        $token = $1 while $mail->[2] =~ m{\Q$path\E([A-Za-z0-9_-]{20,})}g;
    }
    return $token;
}

sub mails_to { my ($id, $to, $prefix) = @_; return grep { $_->[0] eq $to && index($_->[1], $prefix) == 0 } outbox($id) }

# Return the ticket as $user (confirmed), dying unless it took.
sub return_as {
    my ($user, $id, $reason) = @_;
    my $prev = jar();
    as_user($user);
    my $r = decide($id, decision => 'return', reason => $reason);
    use_jar($prev);
    die "$user could not return ticket $id: " . $r->code . "\n"
        unless $r->code == 303 && location($r) eq "/requests/$id?done=return";
    return $r;
}

# Perbaiki Permohonan from the latest return mail: the form, then Review
# Permohonan with @spec, then Submit Permohonan. Returns the submit's response.
sub fix {
    my ($id, $spec, %o) = @_;
    my $token = mail_link($id, $o{to} // $AGUS, '/request/revise/') or die "no Perbaiki Permohonan link\n";
    as_public();
    my $r = GET("/request/revise/$token");
    die "revise page: " . $r->code . "\n" unless $r->code == 200;
    my $form = { html => $r->content, csrf => csrf_of($r->content),
                 form_token => input_value($r->content, 'form_token'),
                 nomor => page_nomor($r->content) };
    my $rv = review($spec, form => $form);
    die "review: " . join(' | ', page_errors($rv->{html})) . "\n" unless page_mode($rv->{html}) eq 'review';
    my $s = submit_review($rv);
    return wantarray ? ($s, $rv) : $s;
}

# ---- a ticket with an attachment, at the Atasan (HO, Agus; Atasan Maya) ------------------
my $png = png_bytes("revisi $m");
my $t = create_ticket(ho_spec($m, note => "Catatan awal $m"),
                      { files => [ [ "bukti-$m.png", $png, 'image/png' ] ] });
my ($id, $nomor) = @$t{qw(id nomor)};
my $old_status = mail_link($id, $AGUS, '/status/');
ok $old_status, 'the submit mail carries a status link';

as_user('maya.puspitasari');
my $page = ticket_page($id);
my $form = panel($page->content) // '';
like $form, qr{<button[^>]*name="decision"[^>]*value="return"[^>]*>\s*Kembalikan untuk Revisi\s*</button>},
    'the Atasan\'s panel has Kembalikan untuk Revisi';
like $page->content, qr{data-yes-return="Ya, Kembalikan Permohonan Ini"}, '... its dialog answers Ya, Kembalikan Permohonan Ini';

my $before = snapshot($id);
my $r = decide($id, decision => 'return', reason => '   ');
is $r->code, 200, 'a return without a reason: 200';
like $r->content, qr/Alasan wajib diisi\./, '... says the reason is required';
is snapshot($id), $before, '... nothing changed';

$r = decide($id, decision => 'return', reason => "Lampiran salah $m", confirm => undef);
like $r->content, qr{>\s*Ya, Kembalikan Permohonan Ini\s*</button>}, 'without JavaScript: the confirmation page';
like $r->content, qr/Anda yakin akan mengembalikan permohonan \Q$nomor\E kepada pemohon untuk revisi\?/, '... asking about this ticket';
is snapshot($id), $before, '... nothing changed yet';
my $confirm = form_block($r->content, qr{action="/requests/$id/decide"});
$r = POST("/requests/$id/decide", content => [ form_pairs($confirm // '') ]);
is $r->code, 303, 'Ya, Kembalikan Permohonan Ini: 303';
is location($r), "/requests/$id?done=return", '... back to the ticket';
is req_status($id), 'returned', '... Returned for Revision';
is_deeply [ approvals($id) ], [ [ 'atasan', 'return', 'maya.puspitasari', "Lampiran salah $m" ] ],
    '... stored as a return by the Atasan';
is_deeply [ @{ (activity($id))[-1] }[1 .. 3] ], [ 'Atasan Pemohon', 'Returned for Revision', "Lampiran salah $m" ],
    '... Activity Log: Returned for Revision with the reason';
$page = ticket_page($id, '?done=return');
like $page->content, qr/Permohonan telah dikembalikan untuk revisi\./, 'the ticket says so';
like $page->content, qr/Returned for Revision/, '... status Returned for Revision';
ok !panel($page->content), '... and nobody\'s panel';

as_user('rina.wulandari');
ok((grep { $_ eq $nomor } list_nomors('status=returned')), 'the list\'s filter Returned for Revision finds it');
ok(!(grep { $_ eq $nomor } list_nomors('status=atasan')), '... no longer among the Atasan\'s');

my ($mail) = mails_to($id, $AGUS, "[P-Serv] Permohonan User ID $nomor dikembalikan untuk revisi");
ok $mail, 'the requester gets a mail';
like $mail->[2] // '', qr/Alasan\s*: Lampiran salah \Q$m\E/, '... with the reason';
like $mail->[2] // '', qr{Perbaiki Permohonan.*\n\S*/request/revise/[A-Za-z0-9_-]+}, '... and the Perbaiki Permohonan link';
like $mail->[2] // '', qr/dibatalkan otomatis/, '... saying when it expires';
my $status = mail_link($id, $AGUS, '/status/');
isnt $status, $old_status, '... with a new status link';
as_public();
is GET("/status/$old_status")->code, 404, 'the old status link no longer works';
$r = GET("/status/$status");
like $r->content, qr/Permohonan dikembalikan untuk revisi.*Lampiran salah \Q$m\E/s, 'Status Permintaan: returned, and why';
like $r->content, qr{href="\?perbaiki"[^>]*>Perbaiki Permohonan<}, '... with Perbaiki Permohonan';
ok index($r->content, $status) < 0, '... the page not holding its token';
$r = GET("/status/$status?perbaiki");
is location($r), "/request/revise/$status", '... which leads to the form';

# ---- Perbaiki Permohonan: the form filled, the attachment kept -------------------------
$r = GET("/request/revise/$status");
is $r->code, 200, 'Perbaiki Permohonan: the form';
is page_nomor($r->content), $nomor, '... with the same Nomor';
is input_value($r->content, 'nopek'), '10020003', '... the nopek';
like $r->content, qr/Catatan awal \Q$m\E/, '... the note';
like $r->content, qr/VPN untuk \Q$m\E/, '... the platform note';
is_deeply [ map { $_->{filename} } page_attachments($r->content) ], [ "bukti-$m.png" ], '... and the attachment';
like $r->content, qr/Lampiran salah \Q$m\E/, '... saying why it came back';
is GET('/request/revise/' . ('A' x 43))->code, 404, 'an unknown link: 404';

my $rv;
($r, $rv) = fix($id, [ ho_spec($m, note => "Catatan diperbaiki $m") ]);
is $r->code, 200, 'Submit Permohonan: 200';
like $r->content, qr/Permohonan Berhasil Di-Submit/, '... the done page';
is page_nomor($r->content), $nomor, '... the same Nomor';
is req_status($id), 'atasan', 'the ticket waits at the Atasan again';
is sql_value("SELECT revision FROM requests WHERE id = $id"), 1, '... in round 1';
is req_row($id)->{note}, "Catatan diperbaiki $m", '... with the fixed note';
is_deeply [ map { $_->[0] } sql("SELECT md5(data) FROM attachments WHERE request_id = $id") ], [ md5_hex($png) ],
    '... and the same attachment';
is_deeply [ @{ (activity($id))[-1] }[0 .. 2] ], [ 'Agus Salim', 'Pemohon', 'Diperbaiki dan diajukan kembali' ],
    '... Activity Log: Diperbaiki dan diajukan kembali';
is scalar(mails_to($id, 'maya.puspitasari@ptpr.example', "[P-Serv] Permohonan User ID $nomor menunggu persetujuan Anda")), 2,
    '... and the Atasan is mailed again';
my $again = submit_review($rv);
like $again->content, qr/Permohonan Berhasil Di-Submit/, 'the same form submitted again: the done page again';
is sql_value("SELECT revision FROM requests WHERE id = $id"), 1, '... and nothing applied twice';
is GET("/request/revise/$status")->code, 409, 'the Perbaiki Permohonan link is spent once it is fixed';

# ---- the ticket now: this round's progress, both rounds in the log ------------------------
as_user('maya.puspitasari');
my $api = JSON::PP::decode_json(GET("/api/v1/requests/$id")->content);
is_deeply [ map { [ $_->{decision}, $_->{before_revision} ? 1 : 0 ] } @{ $api->{approvals} } ], [ [ 'return', 1 ] ],
    'the API: the return, marked before the revision';
is_deeply [ map { $_->{before_revision} ? 1 : 0 } @{ $api->{activity_log} } ], [ 1, 1, 0 ],
    '... and the Activity Log: submit and return before it, the fix after';
$page = ticket_page($id)->content;
like $page, qr{class="step step-current"[^>]*>(?:(?!</li>).)*Atasan Pemohon}s, 'Progres Persetujuan: the Atasan is current';
unlike $page, qr{class="step step-done"}, '... nothing done in this round';
like $page, qr{Returned for Revision</span>\s*<span class="log-round">\(sebelum revisi\)</span>}, 'the Activity Log keeps the return, before the revision';
unlike $page, qr{Diperbaiki dan diajukan kembali</span>\s*<span class="log-round">}, '... and the fix is this round';
decide_to('maya.puspitasari', $id, reason => "Sekarang benar $m");
is req_status($id), 'verificator', 'the Atasan who returned it decides the same stage again';

# ---- a return at every other stage, each fixed, the same Nomor to the end -------------------
return_as('rina.wulandari', $id, "Verificator minta revisi $m");
is req_status($id), 'returned', 'the ICT Verificator returns it';
fix($id, [ ho_spec($m, note => "Revisi 2 $m") ]);
decide_to('maya.puspitasari', $id);
decide_to('rina.wulandari', $id);
return_as('bambang.sutrisno', $id, "Manager minta revisi $m");
is req_status($id), 'returned', 'the ICT Manager returns it';
fix($id, [ ho_spec($m, note => "Revisi 3 $m") ]);
decide_to('maya.puspitasari', $id);
decide_to('rina.wulandari', $id);
decide_to('bambang.sutrisno', $id);
as_user('dedi.kurniawan');
like panel(ticket_page($id)->content) // '', qr{value="return"[^>]*>\s*Kembalikan untuk Revisi}, 'the ICT Executor has Kembalikan untuk Revisi too';
$r = decide($id, decision => 'return', reason => '');
like $r->content, qr/Catatan wajib diisi\./, '... the Catatan required';
return_as('dedi.kurniawan', $id, "Executor minta revisi $m");
is req_status($id), 'returned', 'the ICT Executor returns it';
fix($id, [ ho_spec($m, note => "Revisi 4 $m") ]);
is sql_value("SELECT revision FROM requests WHERE id = $id"), 4, 'four rounds';
decide_to('maya.puspitasari', $id);
decide_to('rina.wulandari', $id);
decide_to('bambang.sutrisno', $id);
decide_to('dedi.kurniawan', $id, user_id => "agus.$m");
is req_status($id), 'completed', 'the same ticket completes';
is req_id($nomor), $id, '... under its Nomor';
is sql_value("SELECT count(*) FROM attachments WHERE request_id = $id"), 1, '... its attachment kept all along';
is sql_value("SELECT count(*) FROM approvals WHERE request_id = $id AND round = 4"), 4, '... four approvals in its last round';

# ---- separation of duties after a revision ------------------------------------------------
# rudi.hartono (10050001) heads UNIT-MDN; exec.$m is another account of his
# (his nopek) with the ICT Executor role. Rudi approves a UNIT-MDN ticket as
# its Atasan; it is returned and fixed to UNIT-JKT (Atasan Siti): at the
# Executor's stage of the new round, Rudi's person may not act.
my $EXEC = "exec.$m";
add_account($EXEC, nopek => '10050001', full_name => 'Rudi Hartono', email => "rudi.$m\@pribadi.example");
sql("INSERT INTO account_roles (account_id, role) SELECT id, 'ict_executor' FROM accounts WHERE username = " . lit($EXEC));
END {
    eval {
        sql("DELETE FROM account_roles WHERE account_id = (SELECT id FROM accounts WHERE username = " . lit($EXEC) . ")");
        sql("UPDATE accounts SET active = false WHERE username = " . lit($EXEC));
    } if db_ok();
}
my $u = create_ticket(unit_spec($m, full_name => "Medan $m", unit_code => 'UNIT-MDN', atasan_nopek => '10050001'));
decide_to('rudi.hartono', $u->{id});
return_as('rina.wulandari', $u->{id}, "Unit salah $m");
fix($u->{id}, [ unit_spec($m, full_name => "Medan $m") ], to => "unit.$m\@unit.example");
is req_row($u->{id})->{atasan_nopek}, '10050002', 'fixed: the new Atasan is Siti';
decide_to('siti.rahayu', $u->{id});
decide_to('rina.wulandari', $u->{id});
decide_to('bambang.sutrisno', $u->{id});
as_user($EXEC);
$page = ticket_page($u->{id});
ok !panel($page->content), 'who approved as Atasan before the revision has no Executor panel now';
$r = decide($u->{id}, reason => 'x', user_id => "medan.$m", status => 'executor');
is $r->code, 403, '... and is refused (403)';
is req_status($u->{id}), 'executor', '... nothing changed';
decide_to('sari.permata', $u->{id}, user_id => "medan.$m");
is req_status($u->{id}), 'completed', 'another Executor completes it';

# ---- expiry after PservRevisionDays (14) ----------------------------------------------------
my $x = create_ticket(ho_spec($m, note => "Kedaluwarsa $m"));
return_as('maya.puspitasari', $x->{id}, "Tolong perbaiki $m");
sql("UPDATE requests SET updated_at = now() - interval '13 days' WHERE id = $x->{id}");
mail_looks(3);    # three looks of the mail worker, whose sweep cancels
is req_status($x->{id}), 'returned', 'returned 13 days ago: still returned';
sql("UPDATE requests SET updated_at = now() - interval '15 days' WHERE id = $x->{id}");
for (1 .. 100) { mail_looks(); last if req_status($x->{id}) eq 'cancelled'; Time::HiRes::sleep(0.2) }
is req_status($x->{id}), 'cancelled', 'returned 15 days ago: the worker cancels it';
mail_looks(3);    # and no more mail for it after three more looks
my @expired = mails_to($x->{id}, $AGUS, "[P-Serv] Permohonan User ID $x->{nomor} dibatalkan");
is scalar(@expired), 1, '... one mail to the requester';
like $expired[0][2] // '', qr/tidak diperbaiki dalam 14 hari/, '... saying why';
is_deeply [ @{ (activity($x->{id}))[-1] }[0 .. 2] ], [ 'P-Serv', 'Sistem', 'Cancelled' ], '... Activity Log: Cancelled by P-Serv';
my $xs = mail_link($x->{id}, $AGUS, '/request/revise/');
as_public();
is GET("/request/revise/$xs")->code, 409, '... and its Perbaiki Permohonan link says it can no longer be fixed';
