# Directory passwords through Apache's authn providers (issue 19, part 1):
# the login form asks mod_authnz_ldap against a real directory, the
# private slapd of scripts/dev.sh (ldap_start, on LDAP_PORT), configured
# in t/conf/extra.conf.in's <Location /login>. A request picks one of the
# setups there with X-Pserv-Test-Directory:
#   ldap-uid        PservAuthProvider ldap pserv, accounts by username
#   nopek           PservAuthProvider pserv ldap, by employeeNumber,
#                   PservAutoCreateAccounts On
#   nopek-nocreate  the same, Off
#   email           PservAuthProvider corp (an <AuthnProviderAlias> of
#                   ldap) alone, by mail, auto-create On
#   newacct         (server-wide) PservNewAccountSource ldap
# The directory's people are this test's own (added with ldapadd), the
# employees they stand for too; demo accounts are only logged in, never
# switched to the directory.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA qw(sha256 sha256_hex);
use MIME::Base64 qw(encode_base64url);

my $DEV = $ENV{PSERV_DEV};
plan tests => 96, need need_module('pserv'), need_module('authnz_ldap'),
    { 'psql reaches the test database' => \&db_ok },
    { 'scripts/dev.sh in PSERV_DEV, LDAP_PORT set' => sub { $DEV && -x $DEV && $ENV{LDAP_PORT} } };

use constant MIN => 60;
my $DIRECTORY_DOWN = 'Direktori perusahaan tidak dapat dihubungi';
my $NO_ACCOUNT = 'Anda belum memiliki akun P-Serv';
my $USE_DIRECTORY = 'Gunakan password jaringan perusahaan Anda';

# The directory, started if it is not running (make test starts it).
is system($DEV, 'ldap_start'), 0, 'the directory runs (scripts/dev.sh ldap_start)';

my $m = unique();
my $n0 = sprintf '9%07d', (time() * 7 + $$) % 10_000_000;
my %nopek = map { $_ => $n0 . $_ } 1 .. 4;    # employees of this test
my @accounts = map { "$m$_" } qw(a l n m e x s);
my ($DIRPW, $WRONG) = ("Dir-$m-2026", "Salah-$m-2026");

sub cleanup {
    # (the account the Executor's Confirm made stays with its ticket)
    sql("DELETE FROM accounts a WHERE (username LIKE " . lit("$m%")
        . " OR nopek LIKE " . lit("$n0%") . ")"
        . " AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.account_id = a.id)");
    sql("DELETE FROM employees WHERE nopek LIKE " . lit("$n0%"));
    sql("DELETE FROM mail_outbox WHERE to_addr LIKE " . lit("%$m%"));
    sql("DELETE FROM rate_limits WHERE bucket = 'forgot'");
    clear_failures(@accounts, "${m}nobody", 'hendra.gunawan');
}
cleanup();
END { local $?; if (db_ok()) { eval { cleanup() }; diag "cleanup: $@" if $@ } }

# ---- the directory's people and P-Serv's side ---------------------------------
sub dir_person {
    my ($uid, $pw, %a) = @_;
    my $ldif = "dn: uid=$uid,ou=people,dc=pserv,dc=test\nobjectClass: inetOrgPerson\n"
        . "uid: $uid\ncn: Uji $uid\nsn: $uid\nuserPassword: $pw\n"
        . ($a{nopek} ? "employeeNumber: $a{nopek}\n" : '')
        . ($a{mail} ? "mail: $a{mail}\n" : '') . "\n";
    open my $fh, '|-', $DEV, 'ldap_add' or die "ldap_add: $!";
    print $fh $ldif;
    close $fh or die "ldap_add $uid failed\n";
}
sub employee {
    my ($nopek, $email) = @_;
    sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, employment_type)"
        . " VALUES (" . lit($nopek) . ", " . lit("Pekerja $nopek") . ", 'Staf Uji', "
        . lit($email) . ", 'HO-FIN', 'ORGANIK')");
}
# A P-Serv account with P-Serv's own password (the demo password's hash).
sub local_account {
    my ($u, %a) = @_;
    return sql_value("INSERT INTO accounts (username, full_name, email, nopek, password_hash)"
        . " SELECT " . lit($u) . ", " . lit("Akun $u") . ", " . lit($a{email} // "$u\@ptpr.example")
        . ", " . ($a{nopek} ? lit($a{nopek}) : 'NULL')
        . ", password_hash FROM accounts WHERE username = 'admin' RETURNING id");
}
sub acct { my ($u) = @_; return (sql("SELECT id, password_source, password_hash IS NOT NULL, nopek"
                                      . " FROM accounts WHERE username = " . lit($u)))[0] }
sub failures { sql_value("SELECT count(*) FROM login_failures WHERE username = " . lit($_[0])) }
sub message { my ($r) = @_; return $r->content =~ m{id="login-message"[^>]*>([^<]*)<} ? $1 : '' }
# The error log holds the audit lines (pserv[AUD01]).
sub audit_has {
    my ($re) = @_;
    open my $fh, '<', Apache::Test::vars('t_logs') . '/error_log' or return 0;
    while (<$fh>) { return 1 if /pserv\[AUD01\]/ && $_ =~ $re }
    return 0;
}
sub via { my ($s) = @_; return (headers => [ 'X-Pserv-Test-Directory' => $s ]) }

sub logged_in {
    my ($r, $what) = @_;
    ok $r->code == 303 && location($r) eq '/home', "$what: 303 to /home"
        or diag $r->code . ' ' . location($r) . ' ' . message($r);
    is GET('/home')->code, 200, "$what: the session works";
}
sub refused {
    my ($r, $text, $what) = @_;
    is $r->code, 200, "$what: the login page again";
    like message($r), qr/\Q$text\E/, "$what: '$text'";
    ok !set_cookie_line($r, 'pserv_session'), "$what: no session";
}

dir_person("${m}a", $DIRPW);                  # has a local account, by username
dir_person("${m}l", $DIRPW);                  # for the lockout
dir_person("${m}x", $DIRPW);                  # in the directory only
employee($nopek{1}, "${m}n\@ptpr.example");
dir_person("${m}n", $DIRPW, nopek => $nopek{1}, mail => "${m}n.dir\@ptpr.example");
employee($nopek{2}, "${m}m\@ptpr.example");
dir_person("${m}m", $DIRPW, nopek => $nopek{2});
employee($nopek{3}, "${m}e\@ptpr.example");
dir_person("${m}dire", $DIRPW, mail => "${m}e\@ptpr.example");
my $a_id = local_account("${m}a");
local_account("${m}l");

# ---- the directory's password; the account moves to the directory -------------
new_browser();
logged_in(login("${m}a", $DIRPW, via('ldap-uid')), 'a directory user, its directory password');
my $row = acct("${m}a");
is $row->[1], 'ldap', '... its account now says the password lives in ldap';
is $row->[2], 'f', '... and its P-Serv password is gone';
ok audit_has(qr/event=login\.ok user=\Q${m}a\E .*via=ldap/), '... audited login.ok via=ldap';
new_browser();
refused(login("${m}a", DEMO_PASSWORD, via('ldap-uid')), 'Login gagal',
        'its old P-Serv password');
new_browser();
refused(login("${m}a", $WRONG, via('ldap-uid')), 'Login gagal', 'a wrong directory password');
is failures("${m}a"), 2, '... both failures counted for the lockout';
new_browser();
refused(login("${m}nobody", $WRONG, via('ldap-uid')), 'Login gagal', 'a name nobody has');
is message(login("${m}nobody", $WRONG, via('ldap-uid'))),
    message(login("${m}a", $WRONG, via('ldap-uid'))),
    '... the same words as a wrong directory password';
new_browser();
logged_in(login('hendra.gunawan', DEMO_PASSWORD, via('ldap-uid')),
          'a demo account (not in the directory) after ldap: pserv lets it in');
is acct('hendra.gunawan')->[1], 'pserv', '... and it keeps its P-Serv password';
new_browser();
refused(login("${m}x", $DIRPW, via('ldap-uid')), $NO_ACCOUNT,
        'a directory user without a P-Serv account (username map)');
is failures("${m}x"), 0, '... a right password is no failure';
ok !acct("${m}x"), '... and no account was made (PservAutoCreateAccounts Off)';

# ---- attribute mapping and accounts made at first login --------------------------
new_browser();
logged_in(login("${m}n", $DIRPW, via('nopek')), 'by employeeNumber, no account yet');
$row = acct("${m}n");
ok $row, "... the account ${m}n was made";
is $row->[3], $nopek{1}, '... for that employee';
is $row->[1], 'ldap', '... its password in the directory';
my $n1 = $nopek{1};
ok audit_has(qr/event=account\.autocreate user=\Q${m}n\E .*nopek=$n1 via=ldap/),
   '... audited account.autocreate';
is sql_value("SELECT count(*) FROM account_roles ar JOIN accounts a ON a.id = ar.account_id"
             . " WHERE a.username = " . lit("${m}n")), 0, '... without roles';
new_browser();
logged_in(login("${m}n", $DIRPW, via('nopek')), 'the second login');
is sql_value("SELECT count(*) FROM accounts WHERE nopek = " . lit($nopek{1})), 1,
   '... finds the same account';
new_browser();
refused(login("${m}m", $DIRPW, via('nopek-nocreate')), $NO_ACCOUNT,
        'by employeeNumber with PservAutoCreateAccounts Off');
is sql_value("SELECT count(*) FROM accounts WHERE nopek = " . lit($nopek{2})), 0, '... no account made';
new_browser();
logged_in(login("${m}dire", $DIRPW, via('email')),
          'by mail through an <AuthnProviderAlias> (corp), no account yet');
$row = (sql("SELECT username, password_source, nopek FROM accounts WHERE nopek = " . lit($nopek{3})))[0];
is $row->[0], "${m}dire", '... the account takes the directory name';
is $row->[1], 'corp', '... its password lives in "corp"';
new_browser();
refused(login('hendra.gunawan', DEMO_PASSWORD, via('email')), 'Login gagal',
        'a P-Serv password where only the directory is asked');

# ---- what a failure costs -------------------------------------------------------------
my %cost;
for my $c ([ 'unknown', "${m}nobody", 'nopek' ], [ 'directory', "${m}n", 'nopek' ],
           [ 'local', 'hendra.gunawan', 'nopek' ], [ 'directory only', "${m}nobody", 'email' ]) {
    new_browser();
    $cost{ $c->[0] } = login($c->[1], $WRONG, via($c->[2]))->header('X-Pserv-Test-Argon2') // '?';
}
is join(' ', map { "$_=$cost{$_}" } sort keys %cost),
   'directory=1 directory only=0 local=1 unknown=1',
   'pserv listed: every failure costs one Argon2id, whoever knew the name; ldap alone: none';
clear_failures("${m}nobody", "${m}n", 'hendra.gunawan');

# ---- the lockout holds for directory users ----------------------------------------------
new_browser();
login("${m}l", $WRONG, via('ldap-uid')) for 1 .. 5;
is failures("${m}l"), 5, 'five wrong directory passwords recorded';
new_browser();
refused(login("${m}l", $DIRPW, via('ldap-uid')), 'Login gagal',
        'the right directory password after five failures (locked)');
new_browser();
logged_in(login("${m}l", $DIRPW, via('ldap-uid'), offset => 16 * MIN),
          '16 minutes later the directory password works');

# ---- the directory down -----------------------------------------------------------------
my $log = Apache::Test::vars('t_logs') . '/error_log';
sub auth02 { open my $fh, '<', $log or return 0; my $n = grep { /pserv\[AUTH02\]/ } <$fh>; return $n }
my $before = auth02();
is system($DEV, 'ldap_stop'), 0, 'the directory stops';
new_browser();
refused(login("${m}l", $DIRPW, via('ldap-uid')), $DIRECTORY_DOWN,
        'a directory user while the directory is down');
new_browser();
refused(login("${m}nobody", $WRONG, via('ldap-uid')), $DIRECTORY_DOWN,
        'a name nobody has: the same message (it tells nothing about the name)');
ok auth02() > $before, '... the error log says so (pserv[AUTH02])';
new_browser();
logged_in(login('hendra.gunawan', DEMO_PASSWORD, via('ldap-uid')),
          'a local account still logs in (pserv listed after ldap)');
is system($DEV, 'ldap_start'), 0, 'the directory starts again';
new_browser();
logged_in(login("${m}l", $DIRPW, via('ldap-uid')), 'the directory user logs in again');

# ---- no P-Serv password for a directory's account ----------------------------------------
# A link from before the account moved to the directory.
my $token = encode_base64url(sha256("$m $$ " . time()));
sql("INSERT INTO one_time_tokens (token_hash, purpose, account_id, expires_at) VALUES"
    . " (decode(" . lit(sha256_hex($token)) . ", 'hex'), 'set_password', $a_id, now() + interval '1 day')");
new_browser();
my $r = GET("/password/set?token=$token");
is $r->code, 200, 'the set-password link of a directory account';
like $r->content, qr/\Q$USE_DIRECTORY\E/, "... says '$USE_DIRECTORY'";
unlike $r->content, qr/name="password"/, '... and has no password form';
$r = POST('/password/set', content => [ token => $token, password => "Baru-$m-2026x",
                                         password2 => "Baru-$m-2026x", csrf => (get_csrf('/login'))[0] ]);
is $r->code, 409, 'setting a password there anyway: refused';
is acct("${m}a")->[2], 'f', '... no P-Serv password';

new_browser();
my ($csrf) = get_csrf('/password/forgot');
$r = POST('/password/forgot', content => [ login => "${m}a", csrf => $csrf ]);
my $answer = $r->content =~ m{class="[^"]*alert[^"]*"[^>]*>\s*([^<]*)<} ? $1 : $r->content;
like $r->content, qr/\Q$USE_DIRECTORY\E/, "Lupa Password? for a directory account: '$USE_DIRECTORY'";
my $to_a = "FROM mail_outbox WHERE to_addr = " . lit("${m}a\@ptpr.example");
is sql_value("SELECT count(*) $to_a"), 1, '... one mail to the account';
my $body = sql_value("SELECT replace(body_text, E'\\n', ' ') $to_a");
like $body, qr/\Q$USE_DIRECTORY\E/, '... telling it to use the directory password';
unlike $body, qr{/password/set}, '... without a link';
is sql_value("SELECT count(*) FROM one_time_tokens WHERE account_id = $a_id AND revoked_at IS NULL"
             . " AND used_at IS NULL"), 0, '... and no link works for it';
($csrf) = get_csrf('/password/forgot');
my $r2 = POST('/password/forgot', content => [ login => "${m}nobody", csrf => $csrf ]);
my $strip = sub { my $h = $_[0]; $h =~ s/<input[^>]*name="csrf"[^>]*>//g; $h };
is $strip->($r2->content), $strip->($r->content), '... the same page as for a name nobody has';

# ---- the Administrator sees where the password lives ----------------------------------------
as_user('admin', fresh => 1);
$r = GET("/admin/accounts/$a_id");
like $r->content, qr{id="account-password-source">\s*Password jaringan perusahaan \(ldap\)},
     "the account page: 'Password jaringan perusahaan (ldap)'";
unlike $r->content, qr/Kirim Link Password/, '... and no Kirim Link Password';
my $local = sql_value("SELECT id FROM accounts WHERE username = 'hendra.gunawan'");
like GET("/admin/accounts/$local")->content, qr{id="account-password-source">\s*Password P-Serv},
     "a local account's page: 'Password P-Serv'";
$r = POST("/admin/accounts/$a_id/link", content => [ csrf => page_csrf() ]);
is $r->code, 409, 'Kirim Link Password for it anyway: refused';
like $r->content, qr/direktori perusahaan/, '... saying why';
is sql_value("SELECT count(*) $to_a"), 1, '... no mail';

# ---- the Executor's Confirm: a directory's account gets no link ----------------------------
my $t = create_ticket(unit_spec($m, full_name => "Direktori $m", email => "${m}s\@unit.example"));
decide_to($_, $t->{id}) for qw(siti.rahayu rina.wulandari bambang.sutrisno);
as_user('dedi.kurniawan');
$r = decide($t->{id}, reason => "Dibuat $m", user_id => "${m}s", via('newacct'));
is $r->code, 303, "the Executor's Confirm under PservNewAccountSource ldap";
$row = acct("${m}s");
is $row->[1], 'ldap', '... the new account\'s password lives in ldap';
is sql_value("SELECT count(*) FROM one_time_tokens WHERE account_id = $row->[0]"), 0,
   '... no set-password link made';
my @mail = outbox($t->{id});
like $mail[-1][2], qr/\Q$USE_DIRECTORY\E/, "... the requester's mail: '$USE_DIRECTORY'";
unlike $mail[-1][2], qr{/password/set}, '... without a link';
like $mail[-1][2], qr/^User ID +: \Q${m}s\E$/m, '... naming the User ID';
my $page = GET(location($r))->content;
like $page, qr/password\s+jaringan perusahaan pemohon/, '... the ticket page says so';
unlike $page, qr/Kirim Ulang Link Password/, '... and offers no link to send again';
is POST("/requests/$t->{id}/resend", content => [ csrf => page_csrf() ])->code, 409,
   '... sending one anyway: refused';

# ---- PservAuthProvider is checked when the configuration is read ---------------------------
my $so = Apache::Test::vars('top_dir') . '/mod_pserv/.libs/mod_pserv.so';
my $moddir = Apache::Test::vars('src_dir') // '/usr/lib/apache2/modules';
$moddir = '/usr/lib/apache2/modules' unless -f "$moddir/mod_ldap.so";
sub conftest {
    my ($body) = @_;
    my $f = Apache::Test::vars('t_logs') . "/ldap-conftest-$$.conf";
    open my $fh, '>', $f or die "$f: $!";
    print $fh "ServerRoot " . Apache::Test::vars('t_dir') . "\n$body\n";
    close $fh;
    my $out = `/usr/sbin/apache2 -t -f $f 2>&1`;
    unlink $f;
    return $out;
}
my $base = "LoadModule mpm_event_module $moddir/mod_mpm_event.so\n"
    . "LoadModule authn_core_module $moddir/mod_authn_core.so\n"
    . "LoadModule dbd_module $moddir/mod_dbd.so\n";
my $out = conftest($base
                   . "LoadModule pserv_module $so\nPservAuthProvider pserv ldap");
like $out, qr/PservAuthProvider: unknown authn provider 'ldap'/,
     'PservAuthProvider ldap without mod_authnz_ldap: the configuration fails, saying so';
my $ldap = "LoadModule ldap_module $moddir/mod_ldap.so\n"
    . "LoadModule authnz_ldap_module $moddir/mod_authnz_ldap.so\n";
my $alias = "<AuthnProviderAlias ldap corp>\nAuthLDAPURL ldap://127.0.0.1:1/o=x\n</AuthnProviderAlias>\n";
$out = conftest($base . $ldap . "LoadModule pserv_module $so\nPservAuthProvider pserv corp\n" . $alias);
like $out, qr/unknown authn provider 'corp'/, '... and for an <AuthnProviderAlias> defined after it';
$out = conftest($base . $ldap . "LoadModule pserv_module $so\n" . $alias . "PservAuthProvider pserv corp");
like $out, qr/Syntax OK/, '... defined before: accepted' or diag $out;
$out = conftest($base . "LoadModule pserv_module $so\nPservAuthProvider pserv ldap\n" . $ldap);
like $out, qr/Syntax OK/, 'ldap with mod_authnz_ldap loaded (LoadModule acts as the file is read): accepted'
    or diag $out;
