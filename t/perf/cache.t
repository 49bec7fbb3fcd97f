# The page cache (issue 21; mod_pserv/pagecache.c): on t/conf/extra.conf.in's
# virtual host pserv_cache (PservPageCache shmcb). Two Atasan with
# different scopes and an ICT Verificator alternate on the same URLs while
# a ticket changes: nobody gets a page built for another session, a
# decision shows on the very next request of everyone, each session keeps
# its own CSRF token, If-None-Match gets 304 only while nothing changed,
# and the main server (cache off) sends the same bytes as before. A
# change to one ticket leaves the other tickets' pages kept (but not the
# lists); a name of the people scope rebuilds them; a second node with its
# own cache sees the first node's decision at once.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 74, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $T = create_ticket(unit_spec($m));    # UNIT-JKT: siti.rahayu's, not maya's
my ($ID, $NOMOR) = ($T->{id}, $T->{nomor});
my $LIST = "/requests?status=&q=$NOMOR";
my $TICKET = "/requests/$ID";

Apache::TestRequest::module('pserv_cache');
sub via  { my ($r) = @_; return $r->header('X-Pserv-Test-Page-Cache') // 'none' }
sub rows { my ($html) = @_; my @n = $html =~ m{href="/requests/\Q$ID\E"}g; return scalar @n }
sub csrf_in { my ($html) = @_; return csrf_of($html) // '' }
sub jar_token { my ($j) = @_; my $t; $j->scan(sub { $t = $_[2] if $_[1] =~ /pserv_session$/ }); $t }

# ---- two scopes, one URL -------------------------------------------------
my (%first, %token);
for my $round (1 .. 2) {
    for my $u (qw(siti.rahayu maya.puspitasari)) {
        my $jar = as_user($u);
        $token{$u} //= jar_token($jar);
        my $r = GET($LIST);
        is $r->code, 200, "round $round, $u: the list";
        is via($r), $round == 1 ? 'miss' : 'hit', "... built once, then from the cache";
        if ($u eq 'siti.rahayu') {
            ok rows($r->content), '... the Atasan of UNIT-JKT sees the ticket';
        }
        else {
            ok !rows($r->content), '... the Atasan of HO FIN never does, cached or not';
        }
        is csrf_in($r->content), session_csrf($token{$u}), "... with this session's own CSRF token";
        $first{$u} //= $r->content;
    }
}
isnt csrf_in($first{'siti.rahayu'}), csrf_in($first{'maya.puspitasari'}),
    'the two sessions\' tokens differ';

# The ticket: Siti's, cached; Maya: not found, every time.
as_user('siti.rahayu');
my $r = GET($TICKET);
is $r->code, 200, 'siti: the ticket page';
$r = GET($TICKET);
is via($r), 'hit', '... the second time from the cache';
like $r->content, qr/Waiting for Approval Atasan Pemohon/, '... waiting for her';
as_user('maya.puspitasari');
is GET($TICKET)->code, 404, 'maya: the same URL is not found';
is GET($TICKET)->code, 404, '... again (a 404 is never kept)';

# A second session of the same account: the account's page, with the
# second session's token put in at send time; nothing of the first's.
my $siti1 = as_user('siti.rahayu');
as_user('siti.rahayu', fresh => 1);
my $t2 = jar_token(jar());
$r = GET($LIST);
is via($r), 'hit', 'a second session of siti: the account\'s kept page';
is csrf_in($r->content), session_csrf($t2), '... with its own token';
my $tok1 = csrf_in($first{'siti.rahayu'});
unlike $r->content, qr/\Q$tok1\E/, '... and nowhere the first session\'s';

# ---- ETag ---------------------------------------------------------------
# Per session: the browser's copy holds its session's token.
my $e2 = GET($LIST)->header('ETag');
use_jar($siti1);
my $e1 = GET($LIST)->header('ETag');
ok $e1 && $e2 && $e1 ne $e2, 'two sessions of one account: two ETags for one page';
is GET($LIST, 'If-None-Match' => $e2)->code, 200, '... the other session\'s ETag gets the page, not 304';

as_user('rina.wulandari');
$r = GET($TICKET);
my $etag = $r->header('ETag');
ok $etag, 'rina: the ticket page has an ETag';
$r = GET($TICKET, 'If-None-Match' => $etag);
is $r->code, 304, '... If-None-Match with it: 304';
is $r->content, '', '... and no body';
is GET($TICKET, 'If-None-Match' => '"other"')->code, 200, '... another ETag: the page';

# ---- a decision by one is seen by all at once ------------------------------
decide_to('siti.rahayu', $ID);
is req_status($ID), 'verificator', 'siti approves: waiting for the ICT Verificator';
as_user('rina.wulandari');
$r = GET($TICKET, 'If-None-Match' => $etag);
is $r->code, 200, 'rina: the old ETag gets the page again, not 304';
is via($r), 'miss', '... built anew';
like $r->content, qr/Waiting for Approval ICT Verificator/, '... showing the decision';
isnt $r->header('ETag'), $etag, '... under a new ETag';
$r = GET("/requests?status=verificator&q=$NOMOR");
ok rows($r->content), 'rina\'s list of what waits for her holds it on her next request';
as_user('siti.rahayu');
$r = GET($TICKET);
is via($r), 'miss', 'siti: her cached ticket page is not served after the change';
unlike $r->content, qr/Waiting for Approval Atasan Pemohon/, '... it no longer waits for her';

# A change by SQL alone (an administrator's fix, another node) counts too.
as_user('maya.puspitasari');
GET($LIST);
is via(GET($LIST)), 'hit', 'maya: cached';
sql("UPDATE requests SET full_name = " . lit("Diubah $m") . " WHERE id = $ID");
is via(GET($LIST)), 'miss', '... a change in the database, whoever made it: built anew';

# ---- scopes: what a change invalidates ----------------------------------------
# A ticket page is kept by its own ticket's version and the people's; a
# list by every ticket's and the people's (migration 022).
my $T2 = create_ticket(unit_spec(unique()));
my $TICKET2 = "/requests/$T2->{id}";
my $LIST2 = "/requests?status=&q=$T2->{nomor}";
as_user('siti.rahayu');
GET($_) for $TICKET2, $LIST2;
is via(GET($TICKET2)), 'hit', 'siti: the second ticket\'s page is kept';
is via(GET($LIST2)), 'hit', '... and her list';
sql("UPDATE requests SET note = " . lit("Catatan baru $m") . " WHERE id = $ID");
is via(GET($TICKET2)), 'hit', 'another ticket changes: this ticket\'s page is still served';
is via(GET($LIST2)), 'miss', '... the list is built anew (it may hold the other ticket)';
sql("UPDATE accounts SET last_login_at = now() WHERE username = 'rina.wulandari'");
is via(GET($TICKET2)), 'hit', 'a login elsewhere (last_login_at) changes no page: still served';
my $unit = sql_value("SELECT name FROM units WHERE code = 'UNIT-JKT'");
sql("UPDATE units SET name = " . lit("Unit Baru $m") . " WHERE code = 'UNIT-JKT'");
$r = GET($TICKET2);
is via($r), 'miss', 'a unit renamed (people and names): the ticket page is built anew';
like $r->content, qr/Unit Baru \Q$m\E/, '... with the new name';
sql("UPDATE units SET name = " . lit($unit) . " WHERE code = 'UNIT-JKT'");
sql("UPDATE requests SET stuck_since = NULL WHERE id = $T2->{id} AND stuck_since IS NOT NULL");
GET($TICKET2);
is via(GET($TICKET2)), 'hit', 'a statement that changes no row bumps nothing';
sql("INSERT INTO activity_log (request_id, at, actor_name, actor_role, action)"
    . " VALUES ($T2->{id}, now(), 'Sistem', 'System', " . lit("Catatan $m") . ")");
$r = GET($TICKET2);
is via($r), 'miss', 'a line added to its Activity Log: the ticket page is built anew';
like $r->content, qr/Catatan \Q$m\E/, '... showing it';

# ---- writers never deadlock on the versions ------------------------------------
# Two writers take two tickets in opposite order: A holds ticket 1 and
# waits for ticket 2, which B holds. B's bump of the lists' version comes
# only at its commit (a deferred trigger), so B commits and A goes on; a
# version bumped at each statement's end would have A hold it while B
# waits for it: a deadlock, one writer aborted.
{
    my $v0 = sql_value("SELECT v FROM pserv_data_version WHERE scope = 'tickets'");
    my $writer = sub {
        my ($first, $second, $pause) = @_;
        my $pid = fork // die "fork: $!\n";
        return $pid if $pid;
        my $ok = eval {
            sql("BEGIN; UPDATE requests SET note = note WHERE id = $first;"
                . " SELECT pg_sleep($pause);"
                . ($second ? " UPDATE requests SET note = note WHERE id = $second;" : '')
                . " COMMIT;");
            1;
        };
        POSIX::_exit($ok ? 0 : 1);
    };
    require POSIX;
    require Time::HiRes;
    my $a = $writer->($ID, $T2->{id}, 1);
    Time::HiRes::sleep(0.3);
    my $b = $writer->($T2->{id}, undef, 1.5);
    waitpid($a, 0);
    my $ra = $?;
    waitpid($b, 0);
    my $rb = $?;
    is "$ra $rb", '0 0', 'two writers crossing two tickets: both commit';
    is sql_value("SELECT v FROM pserv_data_version WHERE scope = 'tickets'"), $v0 + 2,
        '... each bumped the lists\' version once, at its commit';
}

# ---- two nodes, one database ------------------------------------------------
# pserv_cache2 is another node (its own shmcb): a decision taken on one
# node is seen on the other's very next request.
as_user('siti.rahayu');
Apache::TestRequest::module('pserv_cache2');
GET($TICKET2);
is via(GET($TICKET2)), 'hit', 'node 2: siti\'s page of the second ticket kept';
Apache::TestRequest::module('pserv_cache');
decide_to('siti.rahayu', $T2->{id});
is req_status($T2->{id}), 'verificator', 'siti approves on node 1';
Apache::TestRequest::module('pserv_cache2');
$r = GET($TICKET2);
is via($r), 'miss', 'node 2: built anew on the next request';
like $r->content, qr/Waiting for Approval ICT Verificator/, '... showing the decision of node 1';
Apache::TestRequest::module('pserv_cache');

# ---- a page showing the session's own token where no form puts it ---------------
# Siti searches for her session's CSRF token (a paste, say): the page shows
# it in the search box as typed. Her second session (same account, same
# URL) must get the page as the XSLT writes it for that session: the first
# token in the search box as typed, its own in the forms.
{
    my $jar1 = as_user('siti.rahayu', fresh => 1);
    my $tok1 = session_csrf(jar_token($jar1));
    my $url = "/requests?status=&q=$tok1";
    my $r1 = GET($url);
    is via($r1), 'miss', 'siti searches for her own token: built';
    like $r1->content, qr/value="\Q$tok1\E"/, '... the search box holds it as typed';
    my $jar2 = as_user('siti.rahayu', fresh => 1);
    my $tok2 = session_csrf(jar_token($jar2));
    my $r2 = GET($url);
    is via($r2), 'hit', 'her second session, the same URL: from the cache';
    is csrf_in($r2->content), $tok2, '... its forms carry the second session\'s token';
    like $r2->content, qr/value="\Q$tok1\E"/, '... and the search box still what was typed';
    (my $as1 = $r2->content) =~ s/\Q$tok2\E/$tok1/g;
    is $as1, $r1->content, '... byte for byte the first page, but for the session\'s own token';
}

# ---- the cache off: today's page ------------------------------------------
as_user('rina.wulandari');
my $on = GET($TICKET);
Apache::TestRequest::module('default');
my $off = GET($TICKET);
is via($off), 'none', 'main server (PservPageCache off): nothing cached';
ok !$off->header('ETag'), '... and no ETag';
is $off->content, $on->content, '... the same bytes as the cache\'s page';
is $off->header('Cache-Control'), $on->header('Cache-Control'), '... the same Cache-Control';

# ---- a page too big to keep ----------------------------------------------
# pagecache.c keeps a page only under 256 KiB (it reads a kept page into a
# buffer of that size, taken from malloc and given back at once, and stores
# a copy as long as the page): a ticket whose Activity Log makes its page
# bigger is sent whole, every time, and never kept.
Apache::TestRequest::module('pserv_cache');
my $B = create_ticket(unit_spec(unique()));
sql("INSERT INTO activity_log (request_id, at, actor_name, actor_role, action, reason)
     SELECT $B->{id}, now() - n * interval '1 minute', 'ICT Bench', 'ICT Verificator',
            'Approved', repeat('panjang ', 25) || n
     FROM generate_series(1, 1500) n");
as_user('rina.wulandari');
my $big = GET("/requests/$B->{id}");
is $big->code, 200, 'a ticket page over 256 KiB: sent';
cmp_ok length($big->content), '>', 256 * 1024, '... it is that big';
like $big->content, qr{</html>\s*\z}, '... whole';
is via($big), 'miss', '... built';
my $again = GET("/requests/$B->{id}");
is via($again), 'miss', '... and built again: never kept';
is $again->content, $big->content, '... the same bytes';
Apache::TestRequest::module('default');
is GET("/requests/$B->{id}")->content, $big->content, '... as the main server (cache off) sends them';
