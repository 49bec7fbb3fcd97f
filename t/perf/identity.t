# What each process keeps of a session's account (issue 21; session.c):
# the roles and the user menu's two links, read at a version of the
# people's data and a day. Kept or not, the page is the same; a change of
# the people's data (a role taken away, given back), a new day, a session
# ended or an account deactivated is seen on the very next request, and
# another account's session never gets this one's. The test hook header
# X-Pserv-Test-Session says whether the kept half served ("kept") or the
# full statement ran ("read").
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 29, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $U = "ident.$m";
add_account($U);
my $UID = sql_value("SELECT id FROM accounts WHERE username = " . lit($U));
sql("INSERT INTO account_roles (account_id, role) VALUES ($UID, 'ict_verificator')");
END { sql("UPDATE accounts SET active = false WHERE id = $UID") if $UID && db_ok() }

my $T = create_ticket(unit_spec($m));
my $TICKET = "/requests/$T->{id}";

sub how { my ($r) = @_; return $r->header('X-Pserv-Test-Session') // 'none' }
sub menu_delegation { my ($r) = @_; return $r->content =~ m{href="/delegations"} ? 1 : 0 }
# GET $url until the kept half serves it (each child keeps its own), up
# to 20 times
sub until_kept {
    my ($url, @h) = @_;
    my $r;
    for (1 .. 20) { $r = GET($url, @h); return $r if how($r) eq 'kept' }
    return $r;
}

my $jar = as_user($U);
my $r = GET($TICKET);
is $r->code, 200, 'an ICT Verificator sees any ticket';
my $first = $r->content;
$r = until_kept($TICKET);
is how($r), 'kept', 'the next page: the process\'s kept half of the session';
is $r->code, 200, '... the same answer';
ok menu_delegation($r), '... with Delegasi Persetujuan in the menu, as the first';
is scalar(() = $r->content =~ /ICT Verificator/g), scalar(() = $first =~ /ICT Verificator/g),
    '... and the role named as often';

# ---- the people's data moves: the very next request reads it ---------------
sql("DELETE FROM account_roles WHERE account_id = $UID");
$r = GET($TICKET);
is how($r), 'read', 'a role taken away: the next request reads the account again';
is $r->code, 404, '... and the ticket is no longer visible';
ok !menu_delegation(GET('/requests')), '... nor Delegasi Persetujuan in the menu';
$r = until_kept($TICKET);
is how($r), 'kept', 'then kept again';
is $r->code, 404, '... still not visible';
sql("INSERT INTO account_roles (account_id, role) VALUES ($UID, 'ict_verificator')");
$r = GET($TICKET);
is how($r), 'read', 'the role given back: read at once';
is $r->code, 200, '... visible again';
ok menu_delegation(GET('/requests')), '... Delegasi Persetujuan back';
# a change to another account moves the people's data too: read again
sql("UPDATE accounts SET full_name = full_name || '.' WHERE username = 'hendra.gunawan'");
is how(GET($TICKET)), 'read', 'another account changed: read again (the version is everyone\'s)';
sql("UPDATE accounts SET full_name = rtrim(full_name, '.') WHERE username = 'hendra.gunawan'");

# ---- a new day (delegations start and end by day) ------------------------------
until_kept($TICKET);
# (the session's own times move along, so that it is still fresh then)
sql("UPDATE sessions SET created_at = created_at + interval '1 day',"
    . " last_seen_at = last_seen_at + interval '1 day' WHERE account_id = $UID");
$r = GET($TICKET, offset(86400));
is how($r), 'read', 'the next day by the request clock: read again';
is $r->code, 200, '... the same answer';
$r = until_kept($TICKET, offset(86400));
is how($r), 'kept', '... then kept for that day';
# (another child may still keep today's copy: that one holds for today)
is GET($TICKET)->code, 200, 'back to today: the same answer';

# ---- another account's session never gets this one's half ----------------------
as_user('maya.puspitasari');
$r = GET($TICKET);
is $r->code, 404, 'another account (Atasan of another unit): not found';
$r = until_kept($TICKET);
is how($r), 'kept', '... from its own kept half';
is $r->code, 404, '... still not found';

# ---- the session itself is checked every time ----------------------------------
use_jar($jar);
until_kept($TICKET);
sql("UPDATE accounts SET active = false WHERE id = $UID");
$r = GET($TICKET);
is $r->code, 303, 'the account deactivated: the next request is not logged in';
like location($r), qr{^/login}, '... sent to the login page';
sql("UPDATE accounts SET active = true WHERE id = $UID");
$jar = as_user($U, fresh => 1);
until_kept($TICKET);
my $tok;
$jar->scan(sub { $tok = $_[2] if $_[1] =~ /pserv_session$/ });
ok $tok, 'a new session';
sql("DELETE FROM sessions WHERE account_id = $UID");
$r = GET($TICKET);
is $r->code, 303, 'its session ended (deleted): the next request is not logged in';
like location($r), qr{^/login}, '... sent to the login page';
$jar = as_user($U, fresh => 1);
sql("UPDATE sessions SET last_seen_at = now() - interval '1 day' WHERE account_id = $UID");
$r = GET($TICKET);
is $r->code, 303, 'idle past PservSessionIdleTimeout: not logged in, kept half or not';
$jar = as_user($U, fresh => 1);
is GET($TICKET)->code, 200, 'a fresh login: the ticket again';
is how(until_kept($TICKET)), 'kept', '... kept again';
