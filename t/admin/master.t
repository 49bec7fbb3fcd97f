# The master data as the Administrator sees it, read-only
# (mod_pserv/handle_admin_master.c): Divisi/Cab/Unit, the HR master a page
# at a time with a search by nopek or name, and the Platform System list.
# (Who may see them: t/admin/accounts.t.) The test adds 60 employees of
# its own for the paging and removes them.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTML::Entities ();

plan tests => 27, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

# 60 employees 98760001 .. 98760060 in HO-ICT, named "Uji Paging NN".
my $PREFIX = '9876';
sub cleanup { sql("DELETE FROM employees WHERE nopek LIKE '${PREFIX}____'") }
cleanup();
END { eval { cleanup() } if db_ok() }
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, employment_type)"
    . " SELECT '$PREFIX' || lpad(i::text, 4, '0'), 'Uji Paging ' || lpad(i::text, 2, '0'),"
    . " 'Staf', 'uji' || i || '\@ptpr.example', 'HO-ICT', 'ORGANIK'"
    . " FROM generate_series(1, 60) i");

as_user('admin');

# Row headers (the first column) of the page's table.
sub keys_of { map { HTML::Entities::decode_entities($_) } $_[0] =~ m{<th scope="row">([^<]*)</th>}g }
sub href_of {
    my ($html, $class) = @_;
    return $html =~ m{<a class="[^"]*\Q$class\E[^"]*"[^>]*href="([^"]*)"} ? HTML::Entities::decode_entities($1) : undef;
}

# ---- units ----------------------------------------------------------------------------------
my $r = GET '/admin/units';
is $r->code, 200, 'GET /admin/units';
like $r->content, qr{<h1[^>]*>Divisi/Cab/Unit</h1>}, '... titled Divisi/Cab/Unit';
my @units = keys_of($r->content);
ok((grep { $_ eq 'UNIT-JKT' } @units) && (grep { $_ eq 'HO-ICT' } @units), '... lists UNIT-JKT and HO-ICT');
like $r->content, qr{Siti Rahayu \(10050002\)}, '... with the BUH of UNIT-JKT';
like $r->content, qr{<a href="/admin/units" aria-current="page">}, '... the admin menu marks the page';

# ---- platforms ------------------------------------------------------------------------------
$r = GET '/admin/platforms';
is $r->code, 200, 'GET /admin/platforms';
is join(',', keys_of($r->content)),
    sql_value("SELECT string_agg(code, ',' ORDER BY sort_order, name) FROM platforms"),
    '... every platform, in the form\'s order';
like $r->content, qr{SAP S/4HANA}, '... by name';

# ---- employees ------------------------------------------------------------------------------
$r = GET '/admin/employees';
is $r->code, 200, 'GET /admin/employees';
like $r->content, qr{<label for="emp-q">Nopek atau Nama</label>}, '... with a labelled search box';
my @first = keys_of($r->content);
is scalar(@first), 50, '... 50 employees a page';
is $first[0], '10010001', '... in nopek order';

$r = GET '/admin/employees?q=Agus';
is join(',', keys_of($r->content)), '10020003', 'a search by name finds Agus Salim';
like $r->content, qr{Maya Puspitasari \(10020002\)}, '... with his Atasan';
$r = GET "/admin/employees?q=$PREFIX";
my @p1 = keys_of($r->content);
is scalar(@p1), 50, 'a search by nopek prefix: the first page holds 50';
is "$p1[0] $p1[-1]", "${PREFIX}0001 ${PREFIX}0050", '... 0001 to 0050';
is href_of($r->content, 'pager-prev'), undef, '... no Sebelumnya on the first page';
my $next = href_of($r->content, 'pager-next');
like $next // '', qr{^/admin/employees\?q=$PREFIX&after=${PREFIX}0050$}, '... Berikutnya after the last one';
$r = GET $next;
my @p2 = keys_of($r->content);
is "@p2", join(' ', map { sprintf "$PREFIX%04d", $_ } 51 .. 60), 'the second page: 0051 to 0060';
is href_of($r->content, 'pager-next'), undef, '... no Berikutnya on the last page';
my $prev = href_of($r->content, 'pager-prev');
like $prev // '', qr{before=${PREFIX}0051$}, '... Sebelumnya before its first one';
$r = GET $prev;
is join(' ', keys_of($r->content)), join(' ', @p1), 'Sebelumnya shows the first page again';
is href_of($r->content, 'pager-prev'), undef, '... without Sebelumnya';
$r = GET '/admin/employees?q=%3Cscript%3E&after=x%27';
is $r->code, 200, 'odd input is no error';
like $r->content, qr{Tidak ada pekerja yang sesuai}, '... just no rows';
unlike $r->content, qr{<script>}, '... and the search is escaped';

# ---- Halaman Utama ----------------------------------------------------------------------------
like GET('/home')->content, qr{href="/admin/platforms"}, "the admin's Halaman Utama links the master data";
