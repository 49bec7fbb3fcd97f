# Require pserv-role. Needs this block in t/conf/extra.conf.in (the handler
# has no route there, so an allowed user sees the 404 page):
#
#   <Location /test-role/manager>
#       AuthType pserv
#       Require pserv-role ict_manager
#   </Location>
#   <Location /test-role/admin>
#       AuthType pserv
#       Require pserv-role admin
#   </Location>
#   <Location /test-role/verificator-or-executor>
#       AuthType pserv
#       Require pserv-role ict_verificator ict_executor
#   </Location>
#
# Not logged in: 303 to the login page. Logged in without one of the roles:
# 403 with the P-Serv error page. With a role: through to the handler (404).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

my $TMP = 'test.role.change';
my %path = (manager => '/test-role/manager', admin => '/test-role/admin',
            either => '/test-role/verificator-or-executor');

# account => which of the three it may enter
my @cases = (
    ['maya.puspitasari', {}],
    ['bambang.sutrisno', { manager => 1 }],
    ['admin',            { admin => 1 }],
    ['rina.wulandari',   { either => 1 }],
    ['dedi.kurniawan',   { either => 1 }],
);

plan tests => 6 + @cases * (2 + 3 * 3) + 8, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

END { eval { sql("DELETE FROM accounts WHERE username = " . lit($TMP)) } if db_ok() }

# ---- not logged in ----------------------------------------------------------------
new_browser();
for my $k (sort keys %path) {
    my $r = GET $path{$k};
    ok t_cmp($r->code, 303, "$path{$k} without a session: 303");
    (my $esc = $path{$k}) =~ s{/}{%2f}g;
    ok t_cmp(location($r), qr{^/login\?next=\Q$esc\E$}i, "... to /login?next=$esc");
}

# ---- each role ------------------------------------------------------------------------
sub check {
    my ($r, $who, $name, $k, $allowed) = @_;
    if ($allowed) {
        ok t_cmp($r->code, 404, "$who may enter $path{$k} (no route there: 404)");
        ok t_cmp($r->content, qr{Halaman tidak ditemukan}, "$who $path{$k}: the 404 page");
    }
    else {
        ok t_cmp($r->code, 403, "$who lacks the role for $path{$k}: expected 403, got "
                 . $r->code . ($r->code == 401 ? ' (BUG: mod_authz_core answers 401 to an'
                 . ' authenticated user unless AuthzSendForbiddenOnFailure On)' : ''));
        ok t_cmp($r->content, qr{Anda tidak memiliki akses},
                 "$who $path{$k}: the P-Serv 403 page (Anda tidak memiliki akses)");
    }
    ok t_cmp(user_menu_name($r->content), $name, "$who $path{$k}: the page still shows the user menu");
}

for my $c (@cases) {
    my ($who, $may) = @$c;
    my $a = demo_account($who);
    new_browser();
    my $r = login($who, DEMO_PASSWORD);
    ok t_cmp($r->code, 303, "$who logs in");
    ok t_cmp(GET('/home')->code, 200, "$who: /home needs no role");
    check(GET($path{$_}), $who, $a->{full_name}, $_, $may->{$_}) for sort keys %path;
}

# ---- roles are read on every request --------------------------------------------------
# A temporary account with the demo password's hash and the ict_manager role
# loses the role while logged in.
sql("DELETE FROM accounts WHERE username = " . lit($TMP));
sql("INSERT INTO accounts (username, full_name, password_hash) SELECT " . lit($TMP)
    . ", 'Test Role Change', password_hash FROM accounts WHERE username = 'sari.permata'");
sql("INSERT INTO account_roles (account_id, role) SELECT id, 'ict_manager' FROM accounts"
    . " WHERE username = " . lit($TMP));
new_browser();
my $r = login($TMP, DEMO_PASSWORD);
ok t_cmp($r->code, 303, 'the temporary manager logs in');
ok t_cmp(GET($path{manager})->code, 404, '... and may enter the manager page');
ok t_cmp(GET('/home')->content, qr{<li>ICT Manager</li>}, '... the user menu lists ICT Manager');
sql("DELETE FROM account_roles WHERE account_id = (SELECT id FROM accounts WHERE username = "
    . lit($TMP) . ")");
$r = GET $path{manager};
ok t_cmp($r->code, 403, 'the role taken away: the next request is refused with 403 (got '
         . $r->code . ')');
ok t_cmp($r->content, qr{Anda tidak memiliki akses}, '... with the P-Serv 403 page');
ok t_cmp(GET('/home')->content, qr{^(?!.*<li>ICT Manager</li>)}s, '... and the menu no longer lists it');
sql("UPDATE accounts SET active = false WHERE username = " . lit($TMP));
$r = GET '/home';
ok t_cmp($r->code, 303, 'the account deactivated: its session no longer counts');
ok t_cmp(location($r), qr{^/login}, '... 303 to the login page');
