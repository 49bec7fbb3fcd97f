# pserv-admin create-account's link, used through the module: the first
# administrator as the README makes it on a new install.
# - create-account prints BASE/password/set?token=...; the module opens it,
#   sets the password through it (once), and the account logs in with the
#   admin role's pages;
# - password-link replaces it: the older link is 410, the new one works.
# The test makes its own accounts (unique names) and removes them.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use File::Spec ();

my $ADMIN = $ENV{PSERV_ADMIN}
    || File::Spec->catfile(Apache::Test::vars('top_dir'), 'build', 'pserv-admin');
my $PW = 'Kuda-Lumping-Berlari-77';

plan tests => 27, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok },
    { "$ADMIN is built" => sub { -x $ADMIN } };

my $conninfo = Pserv::TestUtil::_conninfo();
my $base = own_origin();
my $user = 'adm.' . unique();
my @MINE = ($user);
END { sql("DELETE FROM accounts WHERE username IN (" . join(', ', map { lit($_) } @MINE) . ")")
          if @MINE && db_ok() }

# Run pserv-admin with the server's connection string: (exit status, stdout).
sub admin_out {
    my @args = @_;
    open my $ph, '-|', $ADMIN, '-d', $conninfo, @args or die "cannot run $ADMIN: $!\n";
    local $/;
    my $out = <$ph> // '';
    close $ph;
    return ($? >> 8, $out);
}

my ($rc, $out) = admin_out('create-account', $user, '--email', "$user\@ptpr.example",
                           '--roles', 'admin', '--base-url', "$base/");
is $rc, 0, 'create-account ... --roles admin';
my ($link) = $out =~ m{^\Q$base\E(/password/set\?token=[A-Za-z0-9_-]{43})$}m;
ok $link, '... prints a link on this server';
$link //= '/password/set?token=missing';
my ($token) = $link =~ /token=(.*)/;

new_browser();
my $r = GET($link);
is $r->code, 200, 'the module opens the link';
like $r->content, qr/\Q$user\E/, '... a page naming the account';
my $csrf = csrf_of($r->content);
$r = POST('/password/set', content => [csrf => $csrf // '', token => $token,
                                       password => $PW, password2 => $PW]);
is $r->code, 200, 'the password is set through it';
like $r->content, qr/berhasil diubah/, '... the success page';
is POST('/password/set', content => [csrf => $csrf // '', token => $token,
                                     password => $PW, password2 => $PW])->code,
    410, '... once: the same link again is 410';

new_browser();
$r = login($user, $PW);
is $r->code, 303, 'the new administrator logs in';
is GET('/admin/accounts')->code, 200, '... and opens the Administrator\'s pages';

($rc) = admin_out('create-account', $user, '--email', "other\@ptpr.example");
is $rc, 3, 'create-account of the same username exits 3';
is sql_value("SELECT email FROM accounts WHERE username = " . lit($user)),
    "$user\@ptpr.example", '... and leaves the account alone';

# password-link: a new link, the older unused one revoked.
($rc, $out) = admin_out('password-link', $user, '--base-url', $base);
is $rc, 0, 'password-link';
my ($first) = $out =~ m{/password/set\?token=([A-Za-z0-9_-]{43})$}m;
($rc, $out) = admin_out('password-link', $user, '--base-url', $base);
my ($second) = $out =~ m{/password/set\?token=([A-Za-z0-9_-]{43})$}m;
ok $first && $second && $first ne $second, '... twice: two different links';
is GET("/password/set?token=" . ($first // ''))->code, 410, '... the first no longer works';
new_browser();
$r = GET("/password/set?token=" . ($second // ''));
is $r->code, 200, '... the second does';
$csrf = csrf_of($r->content);
$r = POST('/password/set', content => [csrf => $csrf // '', token => $second // '',
                                       password => "$PW-2", password2 => "$PW-2"]);
is $r->code, 200, '... and sets a new password';
new_browser();
is login($user, "$PW-2")->code, 303, 'which logs in';

# set-roles keeps the web page's rule: the last active Administrator keeps
# the admin role. The other active administrators are switched off for a
# moment (and back in the END block whatever happens).
sub admin_all {
    open my $ph, '-|', 'sh', '-c', '"$@" 2>&1', 'sh', $ADMIN, '-d', $conninfo, @_
        or die "cannot run $ADMIN: $!\n";
    local $/;
    my $out = <$ph> // '';
    close $ph;
    return ($? >> 8, $out);
}
sub roles_of {
    sql_value("SELECT coalesce(string_agg(r.role, ' ' ORDER BY r.role), '') FROM account_roles r"
        . " JOIN accounts a ON a.id = r.account_id WHERE a.username = " . lit($_[0]));
}
my @others = map { $_->[0] } sql("SELECT a.id FROM accounts a JOIN account_roles r"
    . " ON r.account_id = a.id AND r.role = 'admin' WHERE a.active AND a.username <> " . lit($user));
sub others_back {
    sql("UPDATE accounts SET active = true WHERE id IN (" . join(', ', map { int } @others) . ")") if @others;
}
END { others_back() if db_ok() }

($rc) = admin_all('set-roles', $user, 'ict_manager');
is $rc, 0, 'set-roles takes admin away while another active Administrator remains';
is roles_of($user), 'ict_manager', '... done';
admin_all('set-roles', $user, 'admin');
sql("UPDATE accounts SET active = false WHERE id IN (" . join(', ', map { int } @others) . ")") if @others;
($rc, $out) = admin_all('set-roles', $user, 'ict_manager');
is $rc, 1, 'set-roles on the last active Administrator without admin: exit 1';
like $out, qr/last active Administrator.*Nothing changed/s, '... saying why';
is roles_of($user), 'admin', '... and the roles are unchanged';
($rc) = admin_all('set-roles', $user, 'admin', 'ict_manager');
is $rc, 0, '... keeping admin, other roles may change';
is roles_of($user), 'admin ict_manager', '... done';
# import's accounts.csv takes the same care.
my $dir = File::Spec->catdir(Apache::Test::vars('t_dir'), 'logs', "import-$user");
mkdir $dir;
open my $fh, '>', "$dir/accounts.csv" or die "$dir/accounts.csv: $!\n";
print $fh "username,nopek,roles\n$user,,ict_manager\n";
close $fh;
($rc, $out) = admin_all('import', $dir);
is $rc, 1, 'import of accounts.csv leaving no active Administrator: exit 1';
like $out, qr/accounts\.csv:1: roles: no active Administrator would remain/, '... saying why';
is roles_of($user), 'admin ict_manager', '... nothing imported';
unlink "$dir/accounts.csv";
rmdir $dir;
others_back();
