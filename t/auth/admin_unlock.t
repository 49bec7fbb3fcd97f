# pserv-admin unlock USERNAME (issue 16, item 7): the way in for the last
# Administrator when the login locks keep them out. It forgets the
# account's failed logins from every address; an unknown username is an
# error (exit 1) and changes nothing. Runs 40 days ahead so only this
# file's failures count.
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
my $AHEAD = 40 * 86400;
my $WRONG = 'Salah-Pserv-2026';

plan tests => 9, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok },
    { "$ADMIN is built" => sub { -x $ADMIN } };

my $conninfo = Pserv::TestUtil::_conninfo();
sub cleanup { clear_failures('admin'); sql("DELETE FROM login_failures WHERE at > now() + interval '1 day'") }
cleanup();
END { eval { cleanup() } if db_ok() }

sub admin_out {
    my @args = @_;
    open my $ph, '-|', $ADMIN, '-d', $conninfo, @args or die "cannot run $ADMIN: $!\n";
    local $/;
    my $out = <$ph> // '';
    close $ph;
    return ($? >> 8, $out);
}

my @codes = map { new_browser(); login('admin', $WRONG, offset => $AHEAD)->code } 1 .. 5;
is join(',', @codes), '200,200,200,200,200', 'five wrong passwords for admin';
new_browser();
my $r = login('admin', DEMO_PASSWORD, offset => $AHEAD + 60);
like $r->content, FAILED_LOGIN, 'the right password is refused: admin is locked out';

my ($rc, $out) = admin_out('unlock', 'no.such.account');
is $rc, 1, 'unlock of an unknown username: exit 1';
is sql_value("SELECT count(*) FROM login_failures WHERE username = 'admin'"), 5,
    '... and the failures stay';

($rc, $out) = admin_out('unlock', 'Admin');
is $rc, 0, 'pserv-admin unlock Admin: exit 0';
is $out, "Admin: unlocked (5 failed logins forgotten)\n", '... says what it did';
is sql_value("SELECT count(*) FROM login_failures WHERE username = 'admin'"), 0,
    '... the failures are gone';
new_browser();
$r = login('admin', DEMO_PASSWORD, offset => $AHEAD + 61);
is $r->code, 303, 'admin logs in again';
like `$ADMIN --help`, qr/^  unlock USERNAME$/m, '--help lists unlock';
