# The read-only JSON API (mod_pserv/handle_api.c): /api/v1/me,
# /api/v1/requests and /api/v1/requests/N, for the logged-in user with the
# pages' own session cookie. Without a session: 401 in JSON, never a
# redirect. The list shows exactly what the HTML list shows for the same
# query string (it runs the same filter reading and statement); a ticket
# is what its page shows, a ticket one may not see is a 404 like an ID
# that does not exist (audited the same way), and may_decide follows the
# page's decision panel. Every body parses as strict JSON, and strings
# with quotes, backslashes, newlines, control characters, U+2028 and
# non-ASCII text come back exactly as stored. Anything but GET is 405.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST HEAD);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Pserv::Log qw(here audit_lines);
use Encode ();
use HTTP::Request ();
use JSON::PP ();

plan tests => 198, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $JSON = JSON::PP->new->utf8;     # strict: dies on anything malformed
my $m = unique();
my $JSON_TYPE = qr{^application/json; charset=utf-8$}i;

# GET (or another method) in the current browser: (response, decoded body
# or undef when it is not JSON).
sub api {
    my ($path, %o) = @_;
    my $method = $o{method} // 'GET';
    my $r = $method eq 'GET' ? GET($path, @{ $o{headers} || [] })
          : Apache::TestRequest::user_agent()->request(
                HTTP::Request->new($method => abs_url($path),
                                   [ @{ $o{headers} || [] } ], $o{body} // ''));
    my $data = eval { $JSON->decode($r->content) };
    return ($r, $data);
}

# An error answer: status, JSON type, {"error":{"status","message"}}.
sub json_error {
    my ($what, $r, $data, $code) = @_;
    is $r->code, $code, "$what: $code";
    like $r->header('Content-Type') // '', $JSON_TYPE, "$what: JSON";
    ok ref $data eq 'HASH' && ref $data->{error} eq 'HASH'
        && ($data->{error}{status} // 0) == $code
        && length($data->{error}{message} // '') && keys %$data == 1,
        "$what: {\"error\":{\"status\":$code,\"message\":...}}"
        or diag $r->content;
}

sub q_ { my ($s) = @_; $s =~ s/([^A-Za-z0-9._~-])/sprintf '%%%02X', ord $1/ge; return $s }
sub bytes { Encode::encode_utf8($_[0]) }
sub chars { Encode::decode_utf8($_[0]) }
sub sql_text { my ($s) = @_; "convert_from(decode('" . unpack('H*', bytes($s)) . "', 'hex'), 'UTF8')" }
# The query string of a list URL (undef stays undef).
sub query_of { defined $_[0] ? ($_[0] =~ s/^[^?]*\?//r) : undef }

# ---- without a session: 401 in JSON ------------------------------------------------------
as_public(fresh => 1);
for my $path ('/api/v1/me', '/api/v1/requests', '/api/v1/requests/1', '/api/v1/nothing') {
    my ($r, $data) = api($path);
    json_error("$path without a session", $r, $data, 401);
    is location($r), '', "$path without a session: no redirect to the login page";
}
{
    my ($r, $data) = api('/api/v1/requests', method => 'POST', body => 'x=1',
                         headers => [ 'Content-Type' => 'application/x-www-form-urlencoded' ]);
    json_error('POST without a session', $r, $data, 401);
    is $data->{error}{message}, 'Silakan login terlebih dahulu.', '... in Indonesian';
}

# ---- /api/v1/me -----------------------------------------------------------------------------
for my $user (qw(siti.rahayu rina.wulandari admin)) {
    as_user($user);
    my $a = demo_account($user);
    my ($r, $me) = api('/api/v1/me');
    is $r->code, 200, "$user: /api/v1/me 200";
    $me->{roles} = [ sort @{ $me->{roles} // [] } ] if ref $me eq 'HASH';
    is_deeply $me, { username => $user, full_name => chars(bytes($a->{full_name})),
                     nopek => ($a->{nopek} // '') eq '' ? undef : $a->{nopek},
                     roles => [ sort @{ $a->{roles} } ] },
        "$user: username, full name, nopek and roles";
}
{
    as_user('siti.rahayu');
    my ($r) = api('/api/v1/me', headers => [ Origin => 'http://evil.example' ]);
    like $r->header('Content-Type') // '', $JSON_TYPE, '/me: application/json; charset=utf-8';
    is $r->header('X-Content-Type-Options'), 'nosniff', '/me: nosniff';
    like $r->header('Cache-Control') // '', qr/\bno-store\b/, '/me: Cache-Control no-store';
    ok !(grep { /^Access-Control-/i } $r->headers->header_field_names),
        '/me: no CORS header, even to a cross-site Origin';
    my $h = HEAD('/api/v1/me');
    is $h->code, 200, 'HEAD /me: 200';
    is $h->content, '', 'HEAD /me: no body';
}

# ---- tickets ----------------------------------------------------------------------------------
# Eleven UNIT-JKT tickets (Atasan siti.rahayu) for paging, one with an
# attachment and text that must be escaped, one HO ticket of maya's, one
# of TKJP (maya's too).
my @A;
# A name on the form takes no digits: No 01 as No ab.
sub api_name { sprintf 'Api %s No %s', $m, join '', map { ('a' .. 'j')[$_] } split //, sprintf '%02d', $_[0] }
push @A, create_ticket(unit_spec($m, full_name => api_name($_),
                                 email => "api$_.$m\@unit.example")) for 1 .. 11;
my $png = png_bytes("api $m");
my %T = (
    jkt     => create_ticket(unit_spec($m, full_name => "Api Kutip $m"),
                             { files => [ [ "ktp-$m.png", $png, 'image/png' ] ] }),
    organik => create_ticket(ho_spec($m)),
    tkjp    => create_ticket(ho_spec($m, kind => 'HO_TKJP', nopek => '20020005')),
);
# What the requester typed, as it may be stored: quotes, a backslash, an
# apostrophe, non-ASCII (Latin, CJK, an emoji), newlines, a tab and the
# two separators JavaScript chokes on.
my $NAME = qq{Api "Kutip" \\ O'Hara \x{d1}o\x{f1}o \x{4e2d}\x{6587} \x{1f600} $m};
my $NOTE = qq{Baris satu\nBaris "dua"\r\n\tberindentasi \\ akhir\x{2028}sep\x{2029}par \x{e9} $m};
my $PNOTE = qq{Akses </script> & "SAP" \x{4e2d} $m};
sql("UPDATE requests SET full_name = " . sql_text($NAME) . ", note = " . sql_text($NOTE)
    . " WHERE id = $T{jkt}{id}");
sql("UPDATE request_platforms SET note = " . sql_text($PNOTE)
    . " WHERE request_id = $T{jkt}{id} AND platform_code = 'SAP'");
# Control characters no page shows: on a ticket only the API reads.
my $CTL = "kontrol \x01\x1f\x7f akhir $m";
sql("UPDATE requests SET note = " . sql_text($CTL) . " WHERE id = $A[0]{id}");
my $ATT = sql_value("SELECT id FROM attachments WHERE request_id = $T{jkt}{id}");
my %PNAME = map { $_->[0] => chars($_->[1]) } sql("SELECT code, name FROM platforms");
my $NOWHERE = 1000 + sql_value('SELECT coalesce(max(id), 0) FROM requests');

# ---- the list: exactly what the HTML list shows --------------------------------------------
my @QUERIES = ('', 'status=', "status=&q=$m", 'status=&size=10', 'status=&size=10&page=2',
               "status=atasan&kind=UNIT&sort=asc&q=$m", 'status=&kind=HO_ORGANIK&size=50',
               'status=&q=' . q_(bytes("\x{4e2d}\x{6587}")), "status=&q=Api+$m+No+0",
               'status=bogus&kind=ROOT&size=7&page=x');
for my $user (qw(siti.rahayu maya.puspitasari rina.wulandari hendra.gunawan admin)) {
    as_user($user);
    for my $q (@QUERIES) {
        my $html = list_page($q);
        my ($r, $data) = api('/api/v1/requests' . ($q eq '' ? '' : "?$q"));
        my $api = ref $data eq 'HASH' ? {
            nomors => [ map { $_->{nomor} } @{ $data->{items} } ],
            next => query_of($data->{next}), prev => query_of($data->{prev}) } : { code => $r->code };
        is_deeply $api, { nomors => [ map { $_->{nomor} } @{ $html->{rows} } ],
                          next => query_of($html->{next}), prev => query_of($html->{prev}) },
            "$user, ?$q: the API lists what the page lists, with the same paging";
    }
}
# ... and those lists are not empty where they should not be.
as_user('siti.rahayu');
my (undef, $sl) = api("/api/v1/requests?status=&q=$m");
is scalar @{ $sl->{items} }, 12, 'siti: her twelve UNIT-JKT tickets';
as_user('maya.puspitasari');
my (undef, $ml) = api('/api/v1/requests?status=&size=100');
my %mine = map { $_->{nomor} => 1 } @{ $ml->{items} };
ok $mine{ $T{organik}{nomor} } && $mine{ $T{tkjp}{nomor} } && !(grep { $mine{ $_->{nomor} } } @A, $T{jkt}),
    'maya: her HO tickets, none of the UNIT-JKT ones';
as_user('rina.wulandari');
my (undef, $rl) = api("/api/v1/requests?status=&q=$m&size=50");
is scalar @{ $rl->{items} }, 12, 'rina (ICT Verificator): all twelve UNIT-JKT ones too';
as_user('hendra.gunawan');
my (undef, $hl) = api('/api/v1/requests?status=&size=100');
# (A ticket he decided for someone else, t/ticket/delegation.t, he sees;
# Maya Puspitasari's own requests, t/ticket/everyone.t, wait on him; and
# a stage assigned to him, t/ticket/stuck.t.)
my %hd = map { $_->[0] => 1 } sql("SELECT ap.request_id FROM approvals ap JOIN accounts a"
    . " ON a.id = ap.account_id WHERE a.username = 'hendra.gunawan'"
    . " UNION SELECT id FROM requests WHERE atasan_nopek = '10020001'"
    . " UNION SELECT request_id FROM pserv_acting_for((SELECT id FROM accounts"
    . " WHERE username = 'hendra.gunawan'), now())");
is_deeply [ grep { !$hd{ $_->{id} } } @{ $hl->{items} } ], [],
    'hendra (Atasan of none here): nothing (but what he decided or Maya asked)';

# One item in full.
as_user('siti.rahayu');
my ($r, $one) = api('/api/v1/requests?status=&q=' . q_($T{jkt}{nomor}));
is $r->code, 200, 'the list filtered by one Nomor: 200';
like $r->header('Content-Type') // '', $JSON_TYPE, '... JSON';
my $item = $one->{items}[0] // {};
my $created = delete $item->{created};
my ($unit_name) = chars(sql_value("SELECT name FROM units WHERE code = 'UNIT-JKT'"));
is_deeply $item, { id => $T{jkt}{id}, nomor => $T{jkt}{nomor}, full_name => $NAME,
                   kind => 'UNIT', kind_label => 'User ID Unit', unit_code => 'UNIT-JKT',
                   unit_name => $unit_name,
                   platforms => [ map { chars($_->[0]) } sql("SELECT p.name FROM request_platforms rp"
                       . " JOIN platforms p ON p.code = rp.platform_code WHERE rp.request_id = $T{jkt}{id}"
                       . " ORDER BY p.sort_order, p.name") ],
                   status => 'atasan', status_label => 'Waiting for Approval Atasan Pemohon',
                   acting => undef },
    'an item: id, nomor, name (quotes, backslash, Unicode), kind, unit, platforms, status';
# The time the pages show (whole seconds, as the statement gives them) in WIB.
sub iso_wib { my @t = gmtime($_[0] + 7 * 3600);
              sprintf '%04d-%02d-%02dT%02d:%02d:%02d+07:00', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0] }
is $created, iso_wib(sql_value("SELECT extract(epoch FROM created_at)::bigint FROM requests"
                               . " WHERE id = $T{jkt}{id}")),
    'its created: ISO 8601 with the offset';
my $row = list_page('status=&q=' . q_($T{jkt}{nomor}))->{rows}[0] // {};
is chars($row->{platforms} // ''), join(', ', @{ $item->{platforms} // [] }),
    'its platforms are the page\'s, one by one';
is_deeply $one->{filter}, { status => '', kind => '', from => '', to => '', q => $T{jkt}{nomor}, sort => 'desc' },
    'the filter in force';
my (undef, $open) = api('/api/v1/requests');
is $open->{filter}{status}, 'atasan', 'no query string: what waits for the user, as the page opens';

# Paging by the links.
my ($p1r, $p1) = api("/api/v1/requests?status=&q=Api+$m+No&size=10");
is_deeply [ map { $_->{full_name} } @{ $p1->{items} } ], [ map { api_name($_) } reverse 2 .. 11 ],
    'size=10: ten, newest first';
is_deeply [ @$p1{qw(page size prev)} ], [ 1, 10, undef ], '... page 1 of size 10, no previous page';
like $p1->{next} // '', qr{^/api/v1/requests\?.*\bq=Api(?:\+|%20)\Q$m\E(?:\+|%20)No&.*\bsize=10&page=2$},
    '... the next page\'s URL';
my (undef, $p2) = api($p1->{next} // '/api/v1/none');
is_deeply [ map { $_->{full_name} } @{ $p2->{items} } ], [ api_name(1) ], 'the next page: the eleventh';
is $p2->{next}, undef, '... no page after it';
my (undef, $p1b) = api($p2->{prev} // '/api/v1/none');
is_deeply $p1b->{items}, $p1->{items}, '... and its previous page is the first again';

# ---- one ticket ----------------------------------------------------------------------------------
my ($tr, $t) = api("/api/v1/requests/$T{jkt}{id}");
is $tr->code, 200, 'siti: her ticket, 200';
like $tr->header('Content-Type') // '', $JSON_TYPE, '... JSON';
is $t->{nomor}, $T{jkt}{nomor}, '... its Nomor';
is $t->{full_name}, $NAME, '... the name with quotes, a backslash and Unicode, exactly';
is $t->{note}, $NOTE, '... the note with newlines, a tab and U+2028/U+2029, exactly';
is_deeply { map { $_->{name} => $_->{note} } @{ $t->{platforms} } },
    { $PNAME{SAP} => $PNOTE, $PNAME{EMAIL} => "Kotak surat untuk $m" }, '... the platforms with their notes';
my $raw = $tr->content;
ok $raw =~ /\\u2028/ && $raw =~ /\\u2029/, '... U+2028 and U+2029 escaped in the text';
ok $raw !~ /\xE2\x80[\xA8\xA9]/, '... and not there raw';
ok $raw !~ /[\x00-\x1f]/, '... no raw control character (newlines, tabs escaped)';
like $raw, qr/\\"Kutip\\" \\\\ O'Hara/, '... quotes and the backslash escaped';
is_deeply [ @$t{qw(kind kind_label unit_code unit_name nopek status status_label account_username)} ],
    [ 'UNIT', 'User ID Unit', 'UNIT-JKT', $unit_name, undef, 'atasan', 'Waiting for Approval Atasan Pemohon', undef ],
    '... kind, unit, no nopek, status, no account yet';
is $t->{atasan_name}, chars(bytes(demo_account('siti.rahayu')->{full_name})), '... its Atasan';
is_deeply $t->{attachments}, [ { id => $ATT, filename => "ktp-$m.png", content_type => 'image/png',
                                 size => length $png, url => "/attachments/$ATT" } ],
    '... its attachment: id, filename, type, size and URL';
my $dl = GET($t->{attachments}[0]{url} // '/none');
ok $dl->code == 200 && $dl->content eq $png, '... and that URL gives its bytes';
is_deeply $t->{approvals}, [], '... no approval yet';
is_deeply [ map { [ map { $_ // '' } @$_{qw(actor role action)} ] } @{ $t->{activity_log} } ],
    [ map { [ map { chars($_ // '') } @$_[0 .. 2] ] } activity($T{jkt}{id}) ], '... the Activity Log: Submitted';
like $t->{activity_log}[0]{at} // '', qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/, '... its time in ISO 8601';
is $t->{may_decide}, JSON::PP::true, '... and siti, its Atasan, may decide';
my ($cr, $ct) = api("/api/v1/requests/$A[0]{id}");
is $ct->{note}, $CTL, 'control characters come back exactly';
like $cr->content, qr/\\u0001\\u001f\\u007f/, '... written as \\u escapes';

sub may_decide {
    my ($user, $id) = @_;
    as_user($user);
    my ($r, $d) = api("/api/v1/requests/$id");
    return $r->code == 200 ? ($d->{may_decide} ? 'yes' : 'no') : $r->code;
}
# The page's panel and the API agree.
sub panel { as_user($_[0]); form_block(ticket_page($_[1])->content, qr{class="decide-form"}) ? 'yes' : 'no' }

my %AT_ATASAN = ('siti.rahayu' => 'yes', 'rina.wulandari' => 'no', 'bambang.sutrisno' => 'no', 'admin' => 'no');
for my $user (sort keys %AT_ATASAN) {
    is may_decide($user, $T{jkt}{id}), $AT_ATASAN{$user}, "at the Atasan's stage, $user may decide: $AT_ATASAN{$user}";
    is panel($user, $T{jkt}{id}), $AT_ATASAN{$user}, "... as the page's panel says";
}

# ---- not visible: 404, like an ID that does not exist --------------------------------------------
as_user('maya.puspitasari');
my $off = here();
my ($nr, $nd) = api("/api/v1/requests/$T{jkt}{id}");
json_error("maya asks for a UNIT-JKT ticket", $nr, $nd, 404);
is $nd->{error}{message}, 'Data tidak ditemukan.', '... "Data tidak ditemukan."';
my ($xr) = api("/api/v1/requests/$NOWHERE");
is $nr->content, $xr->content, '... the same answer as for an ID that does not exist';
my @lines = audit_lines($off, 'not-visible', ticket => $T{jkt}{id}, user => 'maya.puspitasari');
is scalar @lines, 1, '... one not-visible audit line, as the page writes';
like $lines[0] // '', qr{req="?GET /api/v1/requests/\Q$T{jkt}{id}\E}, '... naming the API path';
$off = here();
is GET("/requests/$T{jkt}{id}")->code, 404, 'the page says 404 to maya too';
is scalar(audit_lines($off, 'not-visible', ticket => $T{jkt}{id})), 1, '... with the same audit line';
my ($or, $od) = api("/api/v1/requests/$T{organik}{id}");
is $or->code, 200, 'maya: her own HO ticket, 200';
is $od->{may_decide}, JSON::PP::true, '... and she may decide on it';
as_user('hendra.gunawan');
my ($hr, $hd) = api("/api/v1/requests/$T{organik}{id}");
json_error('hendra asks for a ticket of maya\'s', $hr, $hd, 404);

# ---- after a decision ---------------------------------------------------------------------------
my $REASON = qq{Setuju "lanjut" \x{2014} \x{2713} $m};
decide_to('siti.rahayu', $T{jkt}{id}, reason => bytes($REASON));
as_user('siti.rahayu');
my (undef, $d1) = api("/api/v1/requests/$T{jkt}{id}");
is $d1->{status}, 'verificator', 'after siti\'s approval: Waiting for ICT Verificator';
my @ap = approvals($T{jkt}{id});
is_deeply [ map { [ @$_{qw(stage stage_label decision actor)} ] } @{ $d1->{approvals} } ],
    [ [ 'atasan', 'Atasan Pemohon', 'approve', chars(bytes(demo_account('siti.rahayu')->{full_name})) ] ],
    '... the approval: stage, decision, who';
is_deeply [ map { [ $_->[0], $_->[1] ] } @ap ], [ map { [ $_->{stage}, $_->{decision} ] } @{ $d1->{approvals} } ],
    '... as the database holds it';
like $d1->{approvals}[0]{at} // '', qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/, '... with its time';
is_deeply [ map { [ map { $_ // '' } @$_{qw(actor role action reason)} ] } @{ $d1->{activity_log} } ],
    [ map { [ map { chars($_) } @$_[0 .. 3] ] } activity($T{jkt}{id}) ],
    '... the Activity Log as the database holds it';
is $d1->{activity_log}[-1]{reason}, $REASON, '... the reason, exactly';

my %AT_VERIF = ('siti.rahayu' => 'no', 'rina.wulandari' => 'yes', 'bambang.sutrisno' => 'no', 'admin' => 'no');
for my $user (sort keys %AT_VERIF) {
    is may_decide($user, $T{jkt}{id}), $AT_VERIF{$user}, "at the Verificator's stage, $user may decide: $AT_VERIF{$user}";
    is panel($user, $T{jkt}{id}), $AT_VERIF{$user}, "... as the page's panel says";
}
decide_to('rina.wulandari', $T{jkt}{id}, decision => 'reject', reason => 'tolak');
is may_decide('rina.wulandari', $T{jkt}{id}), 'no', 'rejected: nobody may decide (rina)';
is may_decide('bambang.sutrisno', $T{jkt}{id}), 'no', 'rejected: nobody may decide (bambang)';
as_user('rina.wulandari');
my (undef, $d2) = api("/api/v1/requests/$T{jkt}{id}");
is_deeply [ map { "$_->{stage}:$_->{decision}" } @{ $d2->{approvals} } ], [ 'atasan:approve', 'verificator:reject' ],
    'the rejected ticket: both decisions';
is $d2->{status_label}, 'Rejected', '... status Rejected';

# ---- GET only ----------------------------------------------------------------------------------
as_user('siti.rahayu');
my $before = snapshot($A[1]{id});
for my $case ([ POST => '/api/v1/requests' ], [ POST => '/api/v1/me' ],
              [ PUT => "/api/v1/requests/$A[1]{id}" ], [ DELETE => "/api/v1/requests/$A[1]{id}" ],
              [ POST => "/api/v1/requests/$A[1]{id}" ]) {
    my ($method, $path) = @$case;
    my ($r, $d) = api($path, method => $method, body => 'status=completed',
                      headers => [ 'Content-Type' => 'application/x-www-form-urlencoded' ]);
    json_error("$method $path", $r, $d, 405);
    like $r->header('Allow') // '', qr/\bGET\b/, "$method $path: Allow names GET";
}
is snapshot($A[1]{id}), $before, 'nothing changed';

# ---- no such resource ---------------------------------------------------------------------------
for my $path ('/api/v1/requests/0', '/api/v1/requests/abc', "/api/v1/requests/0$A[1]{id}",
              '/api/v2/me', '/api', '/api/v1') {
    my ($r, $d) = api($path);
    json_error("$path", $r, $d, 404);
}
