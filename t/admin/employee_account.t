# Buat Akun on a row of Data Pekerja (mod_pserv/handle_admin_newacct.c):
# an account for an active employee without one, made after a
# confirmation page that proposes a free username (editable, checked as
# the Executor's User ID Baru), with the employee's name, e-mail, nopek and
# unit, no roles, and the set-password link by e-mail. Rows with an
# account show it instead. The test makes its own employees (9878000N) and
# removes them with their accounts.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTML::Entities ();

plan tests => 30, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my ($NEW, $GONE, $TWIN) = ('98780001', '98780002', '98780003');
my $NAME = 'Uji Akun ' . ucfirst($m);
(my $SUGGEST = lc $NAME) =~ s/ /./g;

sub cleanup {
    sql("DELETE FROM mail_outbox WHERE to_addr LIKE '%.$m\@ptpr.example'");
    sql("DELETE FROM accounts WHERE nopek LIKE '9878000_' OR username = " . lit($SUGGEST));
    sql("DELETE FROM employees WHERE nopek LIKE '9878000_'");
}
cleanup();
END { eval { cleanup() } if db_ok() }
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, employment_type, active) VALUES"
    . " ('$NEW', '$NAME', 'Manajer', 'akun.$m\@ptpr.example', 'UNIT-SBY', 'ORGANIK', true),"
    . " ('$GONE', 'Uji Keluar $m', 'Staf', 'keluar.$m\@ptpr.example', 'HO-OPS', 'ORGANIK', false),"
    . " ('$TWIN', '$NAME', 'Staf', 'kembar.$m\@ptpr.example', 'HO-OPS', 'ORGANIK', true)");

as_user('admin');
sub row_of {
    my ($html, $nopek) = @_;
    return $html =~ m{(<tr><th scope="row">\Q$nopek\E</th>.*?</tr>)}s ? $1 : '';
}
sub csrf { csrf_of(GET('/admin/employees')->content) }
sub make { POST('/admin/employees/account', content => [csrf => csrf(), @_]) }
sub text_of { my $t = HTML::Entities::decode_entities($_[0]); $t =~ s/<[^>]*>//g; $t =~ s/\s+/ /g; $t }

my $html = GET('/admin/employees?q=9878000')->content;
like row_of($html, $NEW), qr{action="/admin/employees/account".*name="nopek" value="$NEW".*>Buat Akun</button>}s,
    'an active employee without an account: Buat Akun';
unlike row_of($html, $GONE), qr{Buat Akun}, '... an inactive one: none';
my $siti = sql_value("SELECT id FROM accounts WHERE username = 'siti.rahayu'");
$html = GET('/admin/employees?q=10050002')->content;
like row_of($html, '10050002'), qr{<a class="employee-account" href="/admin/accounts/$siti">siti\.rahayu</a>},
    'an employee with an account: a link to it';
unlike row_of($html, '10050002'), qr{Buat Akun}, '... and no button';

my $accounts = sql_value('SELECT count(*) FROM accounts');
is POST('/admin/employees/account', content => [nopek => $NEW])->code, 403, 'without the CSRF token: 403';
my $r = make(nopek => $NEW);
is $r->code, 200, 'Buat Akun: a confirmation page first';
like text_of($r->content), qr/\Q$NAME\E.*akun\.\Q$m\E\@ptpr\.example.*Unit Region V Surabaya/, '... with the employee\'s data';
is input_value($r->content, 'username'), $SUGGEST, '... a username from the name';
like $r->content, qr{name="confirm" value="1"}, '... a form that confirms';
is sql_value('SELECT count(*) FROM accounts'), $accounts, '... and no account yet';

$r = make(nopek => $NEW, username => 'siti.rahayu', confirm => 1);
like field_error($r->content, 'username') // '', qr/sudah dipakai/, 'a username that is taken: refused';
$r = make(nopek => $NEW, username => 'Bukan Valid!', confirm => 1);
like field_error($r->content, 'username') // '', qr/3 sampai 32 karakter/, 'an invalid username: refused';
is sql_value('SELECT count(*) FROM accounts'), $accounts, '... no account made';

$r = make(nopek => $NEW, username => $SUGGEST, confirm => 1);
is $r->code, 303, 'Buat Akun confirmed';
my $acct = account_row($SUGGEST);
ok $acct, '... the account exists';
$acct //= {};
like location($r), qr{^/admin/accounts/\Q$acct->{id}\E\?done=created$}, '... and its page follows';
is join('|', map { $acct->{$_} // '' } qw(nopek full_name email unit_code no_password active)),
    "$NEW|$NAME|akun.$m\@ptpr.example|UNIT-SBY|true|true", '... with the employee\'s data, no password';
is sql_value("SELECT count(*) FROM account_roles WHERE account_id = " . int($acct->{id} // 0)), 0, '... no roles';
like text_of(GET(location($r))->content), qr/Akun dibuat dari Data Pekerja/, '... the account page says so';
my ($mail) = sql("SELECT subject, replace(body_text, E'\\n', ' ') FROM mail_outbox"
    . " WHERE to_addr = 'akun.$m\@ptpr.example' ORDER BY id DESC LIMIT 1");
is $mail && $mail->[0], '[P-Serv] Akun P-Serv Anda telah dibuat', '... the set-password mail is queued';
my ($link) = ($mail ? $mail->[1] : '') =~ m{(/password/set\?token=[A-Za-z0-9_-]{43})};
ok $link, '... with its link';
like $mail ? $mail->[1] : '', qr/User ID\s+: \Q$SUGGEST\E/, '... naming the username';
new_browser();
like GET($link // '/password/set?token=x')->content, qr/\Q$SUGGEST\E/, '... which opens the set-password page';

as_user('admin');
$html = GET('/admin/employees?q=9878000')->content;
like row_of($html, $NEW), qr{href="/admin/accounts/$acct->{id}">\Q$SUGGEST\E</a>}, 'the row now shows the account';
unlike row_of($html, $NEW), qr{Buat Akun}, '... not the button';
$r = make(nopek => $NEW, username => "$SUGGEST.x", confirm => 1);
is $r->code, 409, 'Buat Akun again for the same employee: refused';
like text_of($r->content), qr/sudah memiliki akun/, '... it says why';
is make(nopek => $GONE)->code, 409, 'an inactive employee: refused';

$r = make(nopek => $TWIN);
is input_value($r->content, 'username'), "${SUGGEST}2", 'the same name again: the next free username';
is sql_value('SELECT count(*) FROM accounts'), $accounts + 1, 'one account made in all';
