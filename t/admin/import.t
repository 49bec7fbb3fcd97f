# Impor Data Pekerja (mod_pserv/handle_admin_import.c): the Administrator
# uploads employees.csv and it is imported as `pserv-admin import` does it,
# all or nothing; every problem is shown as FILE:LINE: FIELD: message.
# The test's employees are 98770001 .. 98770009; it removes them.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTTP::Request::Common ();
use HTML::Entities ();

plan tests => 30, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

sub cleanup {
    sql("UPDATE employees SET supervisor_nopek = NULL WHERE nopek LIKE '9877____'");
    sql("DELETE FROM employees WHERE nopek LIKE '9877____'");
}
cleanup();
END { eval { cleanup() } if db_ok() }

my $HEAD = "nopek,full_name,position,email,unit_code,supervisor_nopek,employment_type\n";
sub emp {
    my ($nopek) = @_;
    my ($row) = sql("SELECT full_name, coalesce(supervisor_nopek, '-'), unit_code, employment_type"
        . " FROM employees WHERE nopek = " . lit($nopek));
    return $row ? join('|', @$row) : undef;
}
sub ours { sql_value("SELECT count(*) FROM employees WHERE nopek LIKE '9877____'") }

# POST the CSV as the current browser; %o: csrf (undef: none), name.
sub upload {
    my ($csv, %o) = @_;
    my $csrf = exists $o{csrf} ? $o{csrf} : page_csrf();
    my @c;
    push @c, csrf => $csrf if defined $csrf;
    push @c, file => [undef, $o{name} // 'employees.csv', 'Content-Type' => 'text/csv',
                      Content => $csv];
    return ua_request(HTTP::Request::Common::POST(abs_url('/admin/employees/import'),
        Content_Type => 'form-data', Content => \@c));
}
sub problems {
    my ($html) = @_;
    return map { HTML::Entities::decode_entities($_) }
        $html =~ m{<li><code>([^<]*)</code></li>}g;
}

# ---- who --------------------------------------------------------------------------------------
as_user('maya.puspitasari');
is GET('/admin/employees/import')->code, 403, 'a non-admin: GET 403';
is upload($HEAD . "98770001,Uji Satu,,uji1\@ptpr.example,HO-ICT,,ORGANIK\n")->code, 403,
    'a non-admin: POST 403';
is ours(), 0, '... nothing imported';

as_user('admin');
my $r = GET '/admin/employees/import';
is $r->code, 200, 'the admin opens Impor Data Pekerja';
like $r->content, qr{<label for="import-file">File CSV</label>}, '... a labelled file input';
like $r->content, qr{enctype="multipart/form-data"}, '... in a multipart form';
like GET('/admin/employees')->content, qr{href="/admin/employees/import"}, 'Data Pekerja links it';

# ---- a good file: supervisors may come later in the file --------------------------------
my $good = $HEAD
    . "98770001,Uji Satu,Staf,uji1\@ptpr.example,HO-ICT,98770002,ORGANIK\n"
    . "98770002,Uji Dua,Asisten,uji2\@ptpr.example,HO-ICT,10010001,PKWT\n"
    . "98770003,Uji Tiga,,uji3\@ptpr.example,UNIT-JKT,,TKJP\n";
$r = upload($good);
is $r->code, 200, 'a good file: 200';
like $r->content, qr{berhasil diimpor: 3 pekerja baru, 0 diperbarui, 0 tidak berubah},
    '... says 3 new';
is emp('98770001'), 'Uji Satu|98770002|HO-ICT|ORGANIK', '... a row whose supervisor comes later';
is emp('98770002'), 'Uji Dua|10010001|HO-ICT|PKWT', '... a row supervised from the database';
is emp('98770003'), 'Uji Tiga|-|UNIT-JKT|TKJP', '... a row without supervisor';
like GET('/admin/employees?q=9877')->content, qr{Uji Dua}, '... shown on Data Pekerja';

$r = upload($good);
like $r->content, qr{0 pekerja baru, 0 diperbarui, 3 tidak berubah}, 'the same file again: nothing changes';
(my $changed = $good) =~ s/Uji Tiga/Uji Tiga Baru/;
$r = upload($changed);
like $r->content, qr{0 pekerja baru, 1 diperbarui, 2 tidak berubah}, 'one name changed: 1 updated';
is emp('98770003'), 'Uji Tiga Baru|-|UNIT-JKT|TKJP', '... stored';

# ---- a bad file: every problem listed, nothing imported ---------------------------------
my $bad = $HEAD
    . "98770004,Uji Empat,,uji4\@ptpr.example,HO-ICT,,ORGANIK\n"
    . "12ab,Uji Salah,,uji5\@ptpr.example,HO-ICT,,ORGANIK\n"
    . "98770006,Uji Enam,,uji6\@ptpr.example,NOPE,,ORGANIK\n"
    . "98770007,Uji Tujuh,,uji7\@ptpr.example,HO-ICT,98779999,ORGANIK\n"
    . "98770008,Uji Delapan,,bukan-email,HO-ICT,,ORGANIK\n"
    . "98770003,Uji Tiga Lagi,,uji3\@ptpr.example,HO-ICT,,ORGANIK\n";
my $before = join ',', map { emp($_) // '-' } map { "9877000$_" } 1 .. 8;
$r = upload($bad, name => 'hr-2026.csv');
is $r->code, 200, 'a bad file: 200 with the form again';
like $r->content, qr{masalah ditemukan pada file\. Tidak ada data yang diimpor}, '... says nothing was imported';
my @p = problems($r->content);
ok((grep { /^hr-2026\.csv:3: nopek: / } @p), '... FILE:LINE: FIELD for a bad nopek') or diag "@p";
ok((grep { /^hr-2026\.csv:4: unit_code: .*NOPE/ } @p), '... for an unknown unit');
ok((grep { /^hr-2026\.csv:5: supervisor_nopek: .*98779999/ } @p), '... for an unknown supervisor');
ok((grep { /^hr-2026\.csv:6: email: / } @p), '... for a bad e-mail');
ok(!(grep { /:2: / } @p), '... and none for the good row');
is join(',', map { emp($_) // '-' } map { "9877000$_" } 1 .. 8), $before,
    '... nothing imported, not even the good rows';
is emp('98770004'), undef, '... the good new row is not there';

my $self = $HEAD . "98770009,Uji Sembilan,,uji9\@ptpr.example,HO-ICT,98770009,ORGANIK\n";
@p = problems(upload($self)->content);
ok((grep { /:2: supervisor_nopek: .*own supervisor/ } @p), 'an employee as their own supervisor is refused');
$r = upload("nama,email\nx,y\n");
ok(scalar(problems($r->content)) >= 1, 'a file with the wrong columns: problems listed');
$r = upload('');
like $r->content, qr{Pilih file CSV data pekerja}, 'no file: asks for one';

# ---- CSRF ---------------------------------------------------------------------------------------
$r = upload($HEAD . "98770005,Uji Lima,,uji5\@ptpr.example,HO-ICT,,ORGANIK\n", csrf => undef);
is $r->code, 403, 'no CSRF token: 403';
is emp('98770005'), undef, '... nothing imported';
