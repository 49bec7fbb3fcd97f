# Retention (issue 23; retain.c, docs/PRIVACY.md "Retention"): each rule
# at its edge, moving the clock of POST /_test/retention (the worker's look,
# PservTestHooks) with X-Pserv-Test-Clock-Offset:
#   PservRetainAttachments 365: a completed ticket's attachments kept at
#     365 days minus an hour, gone at 365 days plus an hour, and the ticket
#     says so in both languages;
#   PservRetainRejected 180: a rejected and a cancelled ticket anonymised
#     (name, e-mail, position, notes replaced; Nomor, dates, unit,
#     platforms, decisions and reasons, the Activity Log's decisions kept);
#     an open ticket never;
#   PservRetainDrafts 1, PservRetainMail 30;
#   0 (virtual host pserv_retain0): kept for ever;
#   two looks at once on two virtual hosts (two nodes) purge each row once:
#     their counts add up to the rows there were.
# The looks run in increasing clock order, so an earlier look never reaches
# what a later part checks is kept.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use HTTP::Request::Common ();
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 79, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $DAY = 86400;
my $HOUR = 3600;
my @ENH = ('Accept-Language' => 'en-GB,en;q=0.9');
my @IDH = ('Accept-Language' => 'id-ID,id;q=0.9');

# One look of the retention rules with the clock at $epoch (undef: now) on
# the current virtual host: { rule => count }, code.
sub look_at {
    my ($epoch, %o) = @_;
    my @h = defined $epoch ? offset_to($epoch) : ();
    Apache::TestRequest::module($o{vhost}) if $o{vhost};
    my $r = ua_request(HTTP::Request::Common::POST(abs_url('/_test/retention'), @h));
    Apache::TestRequest::module('default') if $o{vhost};
    my %n = map { split / / } grep { /^\w+ \d+$/ } split /\n/, $r->content;
    return wantarray ? (\%n, $r->code) : \%n;
}

sub epoch_of { return sql_value("SELECT extract(epoch FROM $_[0])::bigint FROM $_[1]") }
sub files_of { return sql_value("SELECT count(*) FROM attachments WHERE request_id = " . int($_[0])) }
sub count_of { return sql_value("SELECT count(*) FROM $_[0]") }

sub complete {
    my ($id) = @_;
    decide_to($_, $id) for qw(maya.puspitasari rina.wulandari bambang.sutrisno);
    decide_to('dedi.kurniawan', $id, user_id => "ret.$m.$id");
}

sub status_token {
    my ($id) = @_;
    my $token;
    for my $mail (outbox($id)) {
        $token = $1 while $mail->[2] =~ m{/status/([A-Za-z0-9_-]{20,})}g;
    }
    return $token;
}

# ---- the hook: test hooks only, POST only ------------------------------------------------
my ($n, $code) = look_at(undef);
is $code, 200, 'POST /_test/retention: 200 under PservTestHooks';
ok exists $n->{attach_files} && exists $n->{anonymised} && exists $n->{mail_sent}, '... with the counts per rule';

# ---- the tickets ---------------------------------------------------------------------------
my $png = png_bytes("ret$m");
my $done = create_ticket(ho_spec($m, note => "Selesai $m"), { files => [ [ "ktp-$m.png", $png, 'image/png' ] ] });
complete($done->{id});
is req_status($done->{id}), 'completed', 'a completed ticket with an attachment';
my ($file) = sql("SELECT id FROM attachments WHERE request_id = $done->{id}");
$file = $file->[0];

my $rej = create_ticket(ho_spec($m, note => "Ditolak $m"), { files => [ [ "surat-$m.png", png_bytes("rej$m"), 'image/png' ] ] });
as_user('maya.puspitasari');
my $r = decide($rej->{id}, decision => 'reject', reason => "Tidak sesuai $m");
is req_status($rej->{id}), 'rejected', 'a rejected ticket';

my $can = create_ticket(ho_spec($m, note => "Batal $m"));
my $ctoken = status_token($can->{id});
as_public();
{
    my $page = GET("/status/$ctoken")->content;
    my $form = form_block($page, qr{class="decide-form"}) // '';
    POST("/status/$ctoken", content => [ csrf => csrf_of($page), status => input_value($form, 'status'),
                                         reason => "Tidak jadi $m", confirm => 1 ]);
}
is req_status($can->{id}), 'cancelled', 'a cancelled ticket';

my $open = create_ticket(ho_spec($m, note => "Terbuka $m"));
is req_status($open->{id}), 'atasan', 'an open ticket';

my $form = open_form();
my $draft_nomor = $form->{nomor};
ok $draft_nomor, 'an unsent draft';
as_public();
{
    my $rv = review([ ho_spec($m, note => "Draf $m") ], files => [ [ "draf-$m.png", png_bytes("draf$m"), 'image/png' ] ], form => $form);
}
is sql_value("SELECT files FROM request_drafts WHERE nomor = " . lit($draft_nomor)), 1, '... with a file';
my $draft_at = epoch_of('created_at', "request_drafts WHERE nomor = " . lit($draft_nomor));

# ---- 0 = kept for ever (pserv_retain0), ten years on ------------------------------------
$n = look_at(time() + 3650 * $DAY, vhost => 'pserv_retain0');
is_deeply [ @$n{qw(attach_files anonymised drafts mail_sent mail_failed)} ], [ 0, 0, 0, 0, 0 ],
    'every rule 0: ten years on, nothing purged';
is files_of($done->{id}), 1, "... the completed ticket's attachment kept";
is sql_value("SELECT full_name FROM requests WHERE id = $rej->{id}"), 'Agus Salim', '... the rejected ticket kept';
is count_of("request_drafts WHERE nomor = " . lit($draft_nomor)), 1, '... the draft kept';

# ---- drafts: 1 day -------------------------------------------------------------------------
look_at($draft_at + $DAY - $HOUR);
is count_of("request_drafts WHERE nomor = " . lit($draft_nomor)), 1, 'a draft at 1 day minus an hour: kept';
$n = look_at($draft_at + $DAY + $HOUR);
is count_of("request_drafts WHERE nomor = " . lit($draft_nomor)), 0, '... at 1 day plus an hour: gone';
ok $n->{drafts} >= 1 && $n->{draft_files} >= 1, "... counted with its file ($n->{drafts} drafts, $n->{draft_files} files)";
is count_of("draft_attachments a WHERE NOT EXISTS (SELECT 1 FROM request_drafts d WHERE d.token_hash = a.token_hash)"), 0,
    '... no file left without its draft';

# ---- mail: 30 days -------------------------------------------------------------------------
mail_looks(2);
my ($sent) = sql("SELECT id, extract(epoch FROM sent_at)::bigint FROM mail_outbox WHERE request_id = $open->{id} AND status = 'sent' ORDER BY sent_at DESC LIMIT 1");
ok $sent, "the open ticket's mail delivered";
my ($fail) = sql("INSERT INTO mail_outbox (request_id, to_addr, subject, body_text, status, attempts)"
    . " VALUES ($open->{id}, 'gagal.$m\@example.invalid', 'Gagal $m', 'isi', 'failed', 10)"
    . " RETURNING id, extract(epoch FROM greatest(created_at, next_attempt_at))::bigint");
my $mail_edge = $sent->[1] > $fail->[1] ? $sent->[1] : $fail->[1];
look_at($mail_edge + 30 * $DAY - $HOUR);
is count_of("mail_outbox WHERE id IN ($sent->[0], $fail->[0])"), 2, 'a delivered and a failed mail at 30 days minus an hour: kept';
$n = look_at($mail_edge + 30 * $DAY + $HOUR);
is count_of("mail_outbox WHERE id IN ($sent->[0], $fail->[0])"), 0, '... at 30 days plus an hour: both gone';
ok $n->{mail_sent} >= 1 && $n->{mail_failed} >= 1, "... counted ($n->{mail_sent} delivered, $n->{mail_failed} failed)";

# ---- rejected and cancelled: 180 days ------------------------------------------------------
my $rej_at = epoch_of('updated_at', "requests WHERE id = $rej->{id}");
my $can_at = epoch_of('updated_at', "requests WHERE id = $can->{id}");
my $last = $rej_at > $can_at ? $rej_at : $can_at;
my $first = $rej_at < $can_at ? $rej_at : $can_at;
my @approvals_before = approvals($rej->{id});
my @log_before = map { [ @$_[0 .. 3] ] } activity($rej->{id});
my $platforms_before = sql_value("SELECT string_agg(platform_code, ',' ORDER BY platform_code) FROM request_platforms WHERE request_id = $rej->{id}");
my %unit_before = map { $_->{id} => req_row($_->{id})->{unit_code} } $rej, $can;
my $created_before = epoch_of('created_at', "requests WHERE id = $rej->{id}");
look_at($first + 180 * $DAY - $HOUR);
is sql_value("SELECT count(*) FROM requests WHERE id IN ($rej->{id}, $can->{id}) AND anonymised_at IS NULL"), 2,
    'a rejected and a cancelled ticket at 180 days minus an hour: kept';
$n = look_at($last + 180 * $DAY + $HOUR);
ok $n->{anonymised} >= 2, "... at 180 days plus an hour: anonymised ($n->{anonymised})";
for my $t ([ rejected => $rej ], [ cancelled => $can ]) {
    my ($what, $x) = @$t;
    my $row = req_row($x->{id});
    is $row->{full_name}, 'Anonim', "$what: the name replaced";
    is $row->{position}, '-', "$what: the position replaced";
    is $row->{email}, "anonim-$x->{id}\@anonim.invalid", "$what: the e-mail replaced";
    is $row->{note}, '<null>', "$what: the note removed";
    is $row->{nomor}, $x->{nomor}, "$what: the Nomor kept";
    is $row->{status}, $what, "$what: the status kept";
    is $row->{unit_code}, $unit_before{$x->{id}}, "$what: the unit kept";
    is $row->{nopek}, '10020003', "$what: the nopek (the HR master's key) kept";
    is sql_value("SELECT count(*) FROM request_platforms WHERE request_id = $x->{id} AND note <> '-'"), 0,
        "$what: the platforms' notes replaced";
    ok !grep({ index($_, $m) >= 0 } map { @$_ } sql("SELECT full_name, position, email, coalesce(note, '') FROM requests WHERE id = $x->{id}")),
        "$what: nothing the requester typed is left in the ticket";
}
is_deeply [ approvals($rej->{id}) ], \@approvals_before, 'rejected: the decision and its reason kept';
is_deeply [ map { [ @$_[1 .. 3] ] } activity($rej->{id}) ], [ map { [ @$_[1 .. 3] ] } @log_before ],
    "rejected: the Activity Log's decisions kept (the requester's name replaced)";
is epoch_of('created_at', "requests WHERE id = $rej->{id}"), $created_before, 'rejected: the date kept';
is sql_value("SELECT string_agg(platform_code, ',' ORDER BY platform_code) FROM request_platforms WHERE request_id = $rej->{id}"),
    $platforms_before, 'rejected: the platforms kept';
is files_of($rej->{id}), 0, "rejected: its attachment gone";
my $open_row = req_row($open->{id});
is $open_row->{full_name}, 'Agus Salim', 'the open ticket, as old: never anonymised';
is $open_row->{note}, "Terbuka $m", '... its note kept';
is files_of($done->{id}), 1, "the completed ticket's attachment still kept at 180 days";

# ---- attachments: 365 days -----------------------------------------------------------------
my $done_at = epoch_of('updated_at', "requests WHERE id = $done->{id}");
look_at($done_at + 365 * $DAY - $HOUR);
is files_of($done->{id}), 1, "a completed ticket's attachment at 365 days minus an hour: kept";
as_user('maya.puspitasari');
unlike ticket_page($done->{id})->content, qr/Lampiran dihapus/, '... the ticket has no purge line yet';
$n = look_at($done_at + 365 * $DAY + $HOUR);
is files_of($done->{id}), 0, '... at 365 days plus an hour: gone';
ok $n->{attach_tickets} >= 1 && $n->{attach_files} >= 1, "... counted ($n->{attach_tickets} tickets, $n->{attach_files} files)";
ok sql_value("SELECT attachments_purged_at IS NOT NULL FROM requests WHERE id = $done->{id}") eq 't', '... the ticket records when';
as_user('maya.puspitasari');
my $html = GET("/requests/$done->{id}", @IDH)->content;
like $html, qr{Lampiran dihapus sesuai kebijakan retensi pada \d{1,2} \w+ \d{4} \d\d\.\d\d WIB}, '... the ticket says "Lampiran dihapus sesuai kebijakan retensi pada <date>"';
unlike $html, qr{/attachments/$file\b}, '... and links no attachment';
$html = GET("/requests/$done->{id}", @ENH)->content;
like $html, qr{Attachments deleted under the retention policy on \d{1,2} \w+ \d{4} \d\d:\d\d WIB}, '... in English too';
is GET("/attachments/$file")->code, 404, '... the file itself: 404';
{
    my $api = GET("/api/v1/requests/$done->{id}")->content;
    like $api, qr/"attachments":\[\],"attachments_purged_at":"\d{4}-\d\d-\d\dT[^"]+"/, '... the API says when, under no attachments';
}
is req_row($done->{id})->{full_name}, 'Agus Salim', '... the completed ticket is not anonymised';

# ---- the log: one line per rule with its counts --------------------------------------------
my $log = '';
if (open my $fh, '<', Apache::Test::vars('t_logs') . '/error_log') { local $/; $log = <$fh> }
like $log, qr/pserv\[RET01\]: retention rule=attachments days=365 at=\S+ \S+ tickets=\d+ files=\d+/, 'pserv[RET01] counts the attachments purged';
like $log, qr/pserv\[RET01\]: retention rule=rejected days=180 .* anonymised=\d+/, '... the tickets anonymised';
like $log, qr/pserv\[RET01\]: retention rule=mail days=30 .* sent=\d+ failed=\d+/, '... the mails deleted';

# ---- two looks at once, on two nodes: each row purged once --------------------------------
my @many;
for my $i (1 .. 4) {
    my $x = create_ticket(ho_spec($m, note => "Banyak $i $m"), { files => [ [ "b$i-$m.png", png_bytes("b$i$m"), 'image/png' ] ] });
    push @many, $x;
}
complete($many[0]{id});
complete($many[1]{id});
as_user('maya.puspitasari');
decide($_->{id}, decision => 'reject', reason => "Tolak $m") for @many[2, 3];
as_public();
open_form() for 1 .. 3;
for (1 .. 10) { last unless count_of("mail_outbox WHERE status = 'pending'"); mail_looks(1); }
# enough delivered mails (no ticket's) that each look runs several batches
sql("INSERT INTO mail_outbox (to_addr, subject, body_text, status, attempts, sent_at)"
    . " SELECT 'massal.' || g || '.$m\@example.invalid', 'Massal $m', 'isi', 'sent', 1, now()"
    . " FROM generate_series(1, 2000) g");
my $at = time() + 400 * $DAY;
my %want = (
    attach_tickets => count_of("requests r WHERE status = 'completed' AND attachments_purged_at IS NULL AND EXISTS (SELECT 1 FROM attachments f WHERE f.request_id = r.id)"
                               . " AND updated_at <= to_timestamp($at) - interval '365 days'"),
    anonymised     => count_of("requests WHERE status IN ('rejected', 'cancelled') AND anonymised_at IS NULL"
                               . " AND updated_at <= to_timestamp($at) - interval '180 days'"),
    # (other tests may have opened forms with their clocks moved on)
    drafts         => count_of("request_drafts WHERE created_at <= to_timestamp($at) - interval '1 day'"),
);
my $mail_rej = count_of("mail_outbox WHERE status <> 'pending' AND request_id IN (SELECT id FROM requests WHERE status IN ('rejected', 'cancelled') AND anonymised_at IS NULL)");
my $mail_all = count_of("mail_outbox WHERE (status = 'sent' AND sent_at <= to_timestamp($at) - interval '30 days')"
                        . " OR (status = 'failed' AND greatest(created_at, next_attempt_at) <= to_timestamp($at) - interval '30 days')");
ok $want{attach_tickets} >= 2 && $want{anonymised} >= 2 && $want{drafts} >= 3, 'rows for both looks to take';
my @h = offset_to($at);
Apache::TestRequest::module('pserv_retain2');
my $req2 = HTTP::Request::Common::POST(abs_url('/_test/retention'), @h);
Apache::TestRequest::module('default');
my $req1 = HTTP::Request::Common::POST(abs_url('/_test/retention'), @h);
my @res = fire_together([ undef, $req1 ], [ undef, $req2 ]);
is_deeply [ map { $_->code } @res ], [ 200, 200 ], 'two looks at once on two virtual hosts: both 200';
my @counts = map { my $c = $_->content; +{ map { split / / } grep { /^\w+ \d+$/ } split /\n/, $c } } @res;
for my $k (sort keys %want) {
    is $counts[0]{$k} + $counts[1]{$k}, $want{$k}, "... $k: the counts add up to the rows there were ($counts[0]{$k} + $counts[1]{$k})";
}
my $mail_got = $counts[0]{mail_sent} + $counts[0]{mail_failed} + $counts[1]{mail_sent} + $counts[1]{mail_failed};
diag "the two looks' mail counts: $counts[0]{mail_sent} + $counts[1]{mail_sent}";
ok $mail_got >= $mail_all - $mail_rej && $mail_got <= $mail_all,
    "... mail: $mail_got counted of $mail_all (those of anonymised tickets go with them)";
is count_of("mail_outbox WHERE status = 'sent' AND sent_at <= to_timestamp($at) - interval '30 days'"), 0, '... none delivered is left';
is count_of("requests WHERE status IN ('rejected', 'cancelled') AND anonymised_at IS NULL AND updated_at <= to_timestamp($at) - interval '180 days'"), 0,
    '... none rejected is left';
is count_of("attachments f JOIN requests r ON r.id = f.request_id WHERE r.status = 'completed' AND r.updated_at <= to_timestamp($at) - interval '365 days'"), 0,
    '... no completed ticket keeps a file';
is files_of($many[0]{id}) + files_of($many[1]{id}) + count_of("requests WHERE id IN ($many[2]{id}, $many[3]{id}) AND anonymised_at IS NULL"), 0,
    "... this test's among them";

# ---- the worker's own look (the real clock) ------------------------------------------------
my ($old) = sql("INSERT INTO mail_outbox (to_addr, subject, body_text, status, attempts, sent_at)"
    . " VALUES ('lama.$m\@example.invalid', 'Lama $m', 'isi', 'sent', 1, now() - interval '31 days'),"
    . " ('baru.$m\@example.invalid', 'Baru $m', 'isi', 'sent', 1, now() - interval '29 days')"
    . " RETURNING id");
mail_looks(1);
is count_of("mail_outbox WHERE subject = 'Lama $m'"), 0, "the mail worker's look: a mail delivered 31 days ago is gone";
is count_of("mail_outbox WHERE subject = 'Baru $m'"), 1, '... one delivered 29 days ago is kept';

# ---- expired sessions, tokens, decision links, second-factor states: by the real clock ----
my $maya = sql_value("SELECT id FROM accounts WHERE username = 'maya.puspitasari'");
my $h = sub { "decode(md5('$m$_[0]') || md5('$m$_[0]x'), 'hex')" };
sql("INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, last_seen_at) VALUES"
    . " (" . $h->('s-old') . ", $maya, 'x', now() - interval '13 hours', now()),"
    . " (" . $h->('s-idle') . ", $maya, 'x', now() - interval '1 hour', now() - interval '31 minutes'),"
    . " (" . $h->('s-live') . ", $maya, 'x', now() - interval '1 hour', now() - interval '1 minute')");
sql("INSERT INTO one_time_tokens (token_hash, purpose, account_id, created_at, expires_at) VALUES"
    . " (" . $h->('t-old') . ", 'set_password', $maya, now() - interval '4 days', now() - interval '1 day'),"
    . " (" . $h->('t-live') . ", 'set_password', $maya, now(), now() + interval '3 days')");
sql("INSERT INTO decide_links (token_hash, request_id, stage, account_id, created_at, expires_at) VALUES"
    . " (" . $h->('l-old') . ", $open->{id}, 'atasan', $maya, now() - interval '4 days', now() - interval '1 day'),"
    . " (" . $h->('l-live') . ", $open->{id}, 'atasan', $maya, now(), now() + interval '3 days')");
sql("INSERT INTO mfa_pending (token_hash, account_id, via, created_at) VALUES"
    . " (" . $h->('p-old') . ", $maya, 'pserv', now() - interval '2 hours'),"
    . " (" . $h->('p-live') . ", $maya, 'pserv', now())");
my $hashes = join ', ', map { $h->($_) } qw(s-old s-idle s-live t-old t-live l-old l-live p-old p-live);
$n = look_at(time() + 400 * $DAY);
is_deeply [ map { $_->[0] } sql("SELECT 's' FROM sessions WHERE token_hash IN ($hashes)"
        . " UNION ALL SELECT 't' FROM one_time_tokens WHERE token_hash IN ($hashes)"
        . " UNION ALL SELECT 'l' FROM decide_links WHERE token_hash IN ($hashes)"
        . " UNION ALL SELECT 'p' FROM mfa_pending WHERE token_hash IN ($hashes)") ],
    [ qw(s t l p) ], 'expired sessions (too old, idle), tokens, decision links, second-factor states swept; the live ones kept (by the real clock, whatever the look\'s)';
# (the worker's own looks, every second here, may take them first: the
# counts are shown, not checked)
ok exists $n->{sessions} && exists $n->{tokens} && exists $n->{links} && exists $n->{mfa},
    "... the look's counts ($n->{sessions} sessions, $n->{tokens} tokens, $n->{links} links, $n->{mfa} second-factor)";

# ---- the hook only under PservTestHooks ----------------------------------------------------
is GET('/_test/retention')->code, 405, 'GET /_test/retention: 405';
