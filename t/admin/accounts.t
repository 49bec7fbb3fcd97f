# Akun & Peran, the Administrator's pages for accounts and roles
# (mod_pserv/handle_admin.c):
# - only an administrator reaches them: everyone else gets 403 on every
#   admin route, GET and POST, and nothing changes;
# - roles granted or taken away count from the user's next request;
# - nobody removes their own admin role or deactivates themselves, and two
#   admins demoting each other at once leave one admin, never none;
# - deactivating ends the account's sessions and blocks its login;
#   reactivating lets it in again;
# - unlock forgets a lockout; a set-password link goes out through the
#   Executor's machinery (mail outbox, one-time token);
# - no CSRF token, a foreign origin or an unknown role: refused, nothing
#   changed; every change and refusal leaves one audit line.
# The test makes its own accounts and removes them; the demo admin, made
# inactive for the race, is restored.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use File::Spec ();
use HTTP::Request::Common ();
use Time::HiRes ();

plan tests => 112, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my ($A, $B, $U, $NOMAIL) = map { "adm.$_.$m" } qw(a b u n);
my @MINE = ($A, $B, $U, $NOMAIL);
my $demo_admin_active;

sub cleanup {
    sql("DELETE FROM accounts WHERE username IN (" . join(', ', map { lit($_) } @MINE) . ")");
    clear_failures(@MINE);
    sql("UPDATE accounts SET active = " . ($demo_admin_active // 'true')
        . " WHERE username = 'admin'");
}
END { eval { cleanup() } if @MINE && db_ok() }

$demo_admin_active = sql_value("SELECT active::text FROM accounts WHERE username = 'admin'");
sql("DELETE FROM accounts WHERE username IN (" . join(', ', map { lit($_) } @MINE) . ")");
# Each with the demo password's hash (from a demo account).
for my $u (@MINE) {
    my $email = $u eq $NOMAIL ? 'NULL' : lit("$u\@ptpr.example");
    sql("INSERT INTO accounts (username, full_name, email, password_hash, password_set_at)"
        . " SELECT " . lit($u) . ", " . lit("Uji \u$u") . ", $email, password_hash, now()"
        . " FROM accounts WHERE username = 'sari.permata'");
}
sql("INSERT INTO account_roles (account_id, role) SELECT id, 'admin' FROM accounts"
    . " WHERE username IN (" . lit($A) . ", " . lit($B) . ")");
my %id = map { $_ => sql_value("SELECT id FROM accounts WHERE username = " . lit($_)) }
    @MINE, 'admin';

sub roles_of {
    sql_value("SELECT coalesce(string_agg(role, ' ' ORDER BY role), '') FROM account_roles"
        . " WHERE account_id = " . int($id{ $_[0] })) // '';
}
sub active_of { sql_value("SELECT active::text FROM accounts WHERE username = " . lit($_[0])) }
sub sessions_of {
    sql_value("SELECT count(*) FROM sessions WHERE account_id = " . int($id{ $_[0] }));
}
# Everything the admin pages may change, for "nothing changed".
sub state_of {
    my ($u) = @_;
    my $i = int($id{$u});
    return join ' / ', roles_of($u), active_of($u), sessions_of($u),
        sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($u)),
        sql_value("SELECT count(*) FROM one_time_tokens WHERE account_id = $i"),
        sql_value("SELECT count(*) FROM one_time_tokens WHERE account_id = $i AND revoked_at IS NOT NULL"),
        sql_value("SELECT count(*) FROM mail_outbox WHERE to_addr = " . lit("$u\@ptpr.example"));
}

# ---- the audit log ---------------------------------------------------------------------
my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log');
sub here { -s $LOG // 0 }
sub audit_since {
    my ($off, %want) = @_;
    for (1 .. 50) {
        open my $fh, '<', $LOG or die "$LOG: $!\n";
        seek $fh, $off, 0;
        my @hits;
        while (my $line = <$fh>) {
            next unless $line =~ /pserv\[AUD01\]: (.*?)(?:, referer: .*)?$/;
            my $rest = $1;
            my %f;
            while ($rest =~ /\G\s*(\w+)=("(?:[^"]*)"|\S+)/gc) {
                my ($k, $v) = ($1, $2);
                if ($v =~ s/^"(.*)"$/$1/) { $v =~ s/%([0-9A-F]{2})/chr hex $1/ge }
                $f{$k} = $v;
            }
            next if grep { !defined $f{$_} || $f{$_} ne $want{$_} } keys %want;
            push @hits, \%f;
        }
        return @hits if @hits;
        Time::HiRes::sleep(0.1);
    }
    return ();
}

# ---- browsers -----------------------------------------------------------------------------
my %jar;
sub as {
    my ($u) = @_;
    if (!$jar{$u}) {
        new_browser();
        my $r = login($u, DEMO_PASSWORD);
        die "login as $u: " . $r->code . "\n" unless $r->code == 303 && location($r) eq '/home';
        $jar{$u} = jar();
    }
    use_jar($jar{$u});
}
sub relogin { delete $jar{ $_[0] }; as($_[0]) }

# POST an admin action on account $who as the current browser, with the
# session's csrf unless csrf => undef; %o: role => [..], headers => [..].
sub act {
    my ($who, $action, %o) = @_;
    my @form;
    my $csrf = exists $o{csrf} ? $o{csrf} : page_csrf();
    push @form, csrf => $csrf if defined $csrf;
    push @form, role => $_ for @{ $o{role} || [] };
    return POST("/admin/accounts/$id{$who}/$action", content => \@form,
                @{ $o{headers} || [] });
}
sub done_ok {
    my ($r, $who, $done, $what) = @_;
    is $r->code, 303, "$what: 303";
    is location($r), "/admin/accounts/$id{$who}?done=$done", "$what: back to the account page";
}

# ---- only administrators ----------------------------------------------------------------
my @gets = ('/admin', '/admin/accounts', "/admin/accounts/$id{$U}", '/admin/units',
            '/admin/employees', '/admin/platforms');
my @posts = map { "/admin/accounts/$id{$U}/$_" } qw(roles deactivate reactivate unlock link);

new_browser();
my $r = GET '/admin/accounts';
is $r->code, 303, 'no session: GET /admin/accounts is sent to the login page';
like location($r), qr{^/login\?next=%2fadmin%2faccounts$}i, '... with next';
$r = POST "/admin/accounts/$id{$U}/roles", content => [role => 'admin'];
is $r->code, 303, 'no session: a POST is sent to the login page';
is roles_of($U), '', '... and changes nothing';

for my $who ('maya.puspitasari', 'rina.wulandari', $U) {
    as($who);
    my @bad = grep { my $x = GET($_); $x->code != 403 || $x->content !~ /Anda tidak memiliki akses/ } @gets;
    is "@bad", '', "$who: 403 with the P-Serv page on every admin GET";
    my $before = state_of($U);
    my $csrf = page_csrf();
    @bad = grep { POST($_, content => [csrf => $csrf, role => 'admin'])->code != 403 } @posts;
    is "@bad", '', "$who: 403 on every admin POST (with a valid CSRF token)";
    is state_of($U), $before, "$who: ... and nothing changed";
}
my $off = here();
as('rina.wulandari');
GET '/admin/units';
my ($f) = audit_since($off, event => 'forbidden', user => 'rina.wulandari');
is $f->{reason} // '', 'role', 'a refused non-admin leaves a forbidden line with reason=role';

# ---- the list and the page --------------------------------------------------------------
as($A);
$r = GET '/home';
like $r->content, qr{href="/admin/accounts"}, "the admin's Halaman Utama links Akun & Peran";
like $r->content, qr{href="/admin/employees"}, '... and the master data';
as('maya.puspitasari');
unlike GET('/home')->content, qr{href="/admin/}, "a non-admin's Halaman Utama has no admin links";

as($A);
$r = GET '/admin/accounts';
is $r->code, 200, 'the admin opens Akun & Peran';
like $r->content, qr{<h1[^>]*>Akun &amp; Peran</h1>}, '... titled Akun & Peran';
like $r->content, qr{<th scope="row" class="cell-username">admin</th>}, '... listing the demo admin';
like $r->content, qr{<label for="acc-q">Cari</label>}, '... with a labelled search box';
$r = GET '/admin/accounts?q=' . "adm.u.$m";
my @rows = $r->content =~ m{<th scope="row" class="cell-username">([^<]*)</th>}g;
is "@rows", $U, 'searching by username finds just that account';
$r = GET '/admin/accounts?q=Maya';
@rows = $r->content =~ m{<th scope="row" class="cell-username">([^<]*)</th>}g;
is "@rows", 'maya.puspitasari', "searching by the employee's name finds the account";
like $r->content, qr{Maya Puspitasari \(10020002\)}, '... shown with its nopek';

$r = GET "/admin/accounts/$id{$U}";
is $r->code, 200, "the admin opens $U";
for my $role (qw(admin ict_verificator ict_manager ict_executor)) {
    like $r->content, qr{<label class="check" for="role-$role"><input type="checkbox" id="role-$role" name="role" value="$role"},
        "... a labelled checkbox for $role";
}
like $r->content, qr{Nonaktifkan Akun}, '... a button to deactivate';
like $r->content, qr{Kirim Link Password}, '... a button to send a set-password link';
is GET('/admin/accounts/999999999')->code, 404, 'an account that does not exist: 404';
$r = GET '/admin';
is location($r), '/admin/accounts', '/admin leads to Akun & Peran';
ok defined sql_value("SELECT last_login_at FROM accounts WHERE username = " . lit($U)),
    'a login is remembered as the last login';
like GET('/admin/accounts?q=' . $U)->content, qr{<td class="cell-date"[^>]*><time datetime="[^"]+">[^<]+ WIB</time></td>},
    '... and shown in the list';


# ---- roles count from the next request --------------------------------------------------
as($U);
is GET('/test-role/manager')->code, 403, "$U has no role yet: the manager page is refused";
as($A);
$off = here();
$r = act($U, 'roles', role => ['ict_manager']);
done_ok($r, $U, 'roles', 'granting ict_manager');
is roles_of($U), 'ict_manager', '... stored';
($f) = audit_since($off, event => 'account.roles');
is $f->{user} // '', $A, '... audit line: who';
is $f->{account} // '', $U, '... to whom';
is $f->{added} // '', 'ict_manager', '... what was added';
like GET("/admin/accounts/$id{$U}?done=roles")->content, qr{Peran akun berhasil disimpan},
    '... the page says so';
as($U);
is GET('/test-role/manager')->code, 404, "${U}'s next request may enter the manager page";
like GET('/home')->content, qr{<li>ICT Manager</li>}, "... and ${U}'s menu lists ICT Manager";
as($A);
$r = act($U, 'roles');
done_ok($r, $U, 'roles', 'taking every role away');
is roles_of($U), '', '... stored';
as($U);
is GET('/test-role/manager')->code, 403, "${U}'s next request is refused again";

# ---- nobody demotes or deactivates themselves --------------------------------------------
as($A);
my $before = state_of($A);
$off = here();
$r = act($A, 'roles', role => ['ict_executor']);
is $r->code, 409, 'an admin removing their own admin role: 409';
like $r->content, qr{tidak dapat menghapus peran Administrator dari akun Anda sendiri},
    '... with a clear message';
is state_of($A), $before, '... nothing changed';
($f) = audit_since($off, event => 'account.refused', account => $A);
is $f->{reason} // '', 'self-demote', '... audit line: refused, self-demote';
$r = act($A, 'deactivate');
is $r->code, 409, 'an admin deactivating themselves: 409';
like $r->content, qr{tidak dapat menonaktifkan akun Anda sendiri}, '... with a clear message';
is state_of($A), $before, '... nothing changed';
$r = act($A, 'roles', role => ['admin', 'ict_executor']);
done_ok($r, $A, 'roles', 'an admin adding a role to themselves, keeping admin');
is roles_of($A), 'admin ict_executor', '... stored';
act($A, 'roles', role => ['admin']);
is roles_of($A), 'admin', '... and taking it away again';

# ---- bad input, CSRF ---------------------------------------------------------------------------
$before = state_of($U);
$r = act($U, 'roles', role => ['ict_manager', 'root']);
is $r->code, 400, 'an unknown role: 400';
like $r->content, qr{Peran yang dipilih tidak dikenal}, '... with a clear message';
is state_of($U), $before, '... nothing changed';
$r = act($U, 'roles', role => ['ict_manager'], csrf => undef);
is $r->code, 403, 'no CSRF token: 403';
$r = act($U, 'deactivate', csrf => 'x' x 43);
is $r->code, 403, 'a wrong CSRF token: 403';
$r = act($U, 'roles', role => ['admin'], headers => [Origin => 'http://evil.example']);
is $r->code, 403, 'a foreign Origin: 403';
is state_of($U), $before, '... none of them changed anything';
is act('admin', 'roles', role => ['admin'])->code, 303, 'setting the same roles again is harmless';
$id{nobody} = 999999999;
is act('nobody', 'roles', role => ['admin'])->code, 404, 'an account that does not exist: 404';

# ---- deactivation ends sessions and blocks login ------------------------------------------
relogin($U);
is GET('/home')->code, 200, "$U is logged in";
ok sessions_of($U) >= 1, "... with a session";
as($A);
act($U, 'link');
$off = here();
$r = act($U, 'deactivate');
done_ok($r, $U, 'deactivated', "deactivating $U");
is active_of($U), 'false', '... stored';
is sessions_of($U), 0, '... every session of the account is gone';
is sql_value("SELECT count(*) FROM one_time_tokens WHERE account_id = $id{$U} AND used_at IS NULL"
    . " AND revoked_at IS NULL"), 0, '... and no set-password link of it works any more';
($f) = audit_since($off, event => 'account.deactivate');
is $f->{account} // '', $U, '... audit line names the account';
is $f->{user} // '', $A, '... and who did it';
ok(($f->{sessions} // 0) >= 1, '... and how many sessions ended');
like GET("/admin/accounts/$id{$U}")->content, qr{Aktifkan Kembali}, '... the page offers Aktifkan Kembali';
use_jar($jar{$U});
$r = GET '/home';
is $r->code, 303, "${U}'s browser: the next request goes to the login page";
new_browser();
$r = login($U, DEMO_PASSWORD);
like $r->content, FAILED_LOGIN, "$U cannot log in with the right password";
as($A);
$r = act($U, 'link');
is $r->code, 409, 'no set-password link for a deactivated account';
like $r->content, qr{Akun ini nonaktif}, '... says why';
$r = act($U, 'reactivate');
done_ok($r, $U, 'reactivated', "reactivating $U");
is active_of($U), 'true', '... stored';
new_browser();
$r = login($U, DEMO_PASSWORD);
is $r->code, 303, "$U logs in again";

# ---- unlock ---------------------------------------------------------------------------------------
clear_failures($U);
new_browser();
login($U, 'Salah-Pserv-2026') for 1 .. 5;
$r = login($U, DEMO_PASSWORD);
like $r->content, FAILED_LOGIN, "five wrong passwords lock $U";
as($A);
like GET("/admin/accounts/$id{$U}")->content, qr{badge-waiting">Terkunci}, '... the admin page shows Terkunci';
$off = here();
$r = act($U, 'unlock');
done_ok($r, $U, 'unlocked', 'unlocking');
is sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($U)), 0,
    '... its failed logins are forgotten';
($f) = audit_since($off, event => 'account.unlock');
is $f->{account} // '', $U, '... audit line';
new_browser();
$r = login($U, DEMO_PASSWORD);
is $r->code, 303, "$U logs in with the right password again";

# ---- set-password link -----------------------------------------------------------------------------
as($A);
my $mails = sql_value("SELECT count(*) FROM mail_outbox WHERE to_addr = " . lit("$U\@ptpr.example"));
$off = here();
$r = act($U, 'link');
done_ok($r, $U, 'link', 'sending a set-password link');
my ($to, $subject, $body) = @{ (sql("SELECT to_addr, subject, replace(body_text, E'\\n', ' ')"
    . " FROM mail_outbox WHERE to_addr = " . lit("$U\@ptpr.example") . " ORDER BY id DESC LIMIT 1"))[0] };
is sql_value("SELECT count(*) FROM mail_outbox WHERE to_addr = " . lit("$U\@ptpr.example")),
    $mails + 1, '... one mail queued to the account';
is $subject, '[P-Serv] Link pembuatan password User ID Anda', '... with its subject';
my ($token) = $body =~ m{/password/set\?token=([A-Za-z0-9_-]{43})};
ok defined $token, '... carrying a set-password link';
is sql_value("SELECT count(*) FROM one_time_tokens WHERE account_id = $id{$U} AND used_at IS NULL"
    . " AND revoked_at IS NULL"), 1, '... one link valid (older ones revoked)';
new_browser();
$r = GET("/password/set?token=" . ($token // ''));
is $r->code, 200, '... the link opens Ubah Password';
like $r->content, qr{\Q$U\E}, '... for the account';
($f) = audit_since($off, event => 'password.link', account => $U);
is $f->{reason} // '', 'admin', '... audit line: reason=admin';
as($A);
$before = state_of($NOMAIL);
$r = act($NOMAIL, 'link');
is $r->code, 409, 'an account without e-mail: 409';
like $r->content, qr{tidak memiliki alamat e-mail}, '... says why';
is state_of($NOMAIL), $before, '... nothing changed';

# ---- two admins demoting each other at once: one admin remains ---------------------------
# The demo admin is made inactive, so $A and $B are the only active admins.
sql("UPDATE accounts SET active = false WHERE username = 'admin'");
my $jar_a = as($A);
my $csrf_a = page_csrf();
my $jar_b = as($B);
my $csrf_b = page_csrf();
my @res = fire_together(
    [$jar_a, HTTP::Request::Common::POST(abs_url("/admin/accounts/$id{$B}/roles"), [csrf => $csrf_a])],
    [$jar_b, HTTP::Request::Common::POST(abs_url("/admin/accounts/$id{$A}/roles"), [csrf => $csrf_b])]);
my @codes = sort map { $_->code } @res;
ok(($codes[0] == 303 && ($codes[1] == 403 || $codes[1] == 409)), 'one demotion wins, the other is refused'
    . " (got @codes)");
is sql_value("SELECT count(*) FROM accounts a JOIN account_roles r ON r.account_id = a.id"
    . " AND r.role = 'admin' WHERE a.active"), 1, '... exactly one active admin remains';
my ($loser) = grep { $_->code != 303 } @res;
like $loser->content, qr{Administrator aktif terakhir|Anda tidak memiliki akses},
    '... the refused one is told why';
my ($winner) = roles_of($A) eq 'admin' ? ($A) : ($B);
as($winner);
$r = act($winner, 'deactivate');
is $r->code, 409, 'the last admin cannot deactivate themselves';
is active_of($winner), 'true', '... still active';
sql("UPDATE accounts SET active = $demo_admin_active WHERE username = 'admin'");
