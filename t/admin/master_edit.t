# Divisi/Cab/Unit and Platform System changed by the Administrator
# (mod_pserv/handle_admin_edit.c): Tambah, Ubah, Nonaktifkan / Aktifkan with
# good and bad input; an inactive unit or platform is no longer offered on
# the public form and refused there, but old tickets still show it; a new
# BUH re-routes only the unit's stage-1 UNIT tickets, after a confirmation
# that lists them, with an Activity Log line and the Atasan's mail; the
# units' CSV import (preview, then commit). The test makes its own
# employees (9877000N), units and platforms, and removes them.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use HTTP::Request::Common ();
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTML::Entities ();

plan tests => 81, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $U = 'TU-' . uc($m);      # the unit made here
my $U2 = 'TV-' . uc($m);     # the one the import adds
my $P = 'TP-' . uc($m);      # the platform
my ($B1, $B2, $GONE) = ('98770001', '98770002', '98770003');

sub cleanup {
    my $units = join ', ', map { lit($_) } $U, $U2;
    sql("DELETE FROM mail_outbox WHERE request_id IN (SELECT id FROM requests WHERE unit_code IN ($units))");
    sql("DELETE FROM requests WHERE unit_code IN ($units)");
    sql("DELETE FROM requests r USING request_platforms rp WHERE rp.request_id = r.id AND rp.platform_code = " . lit($P));
    sql("UPDATE units SET head_nopek = NULL WHERE code IN ($units)");
    sql("DELETE FROM employees WHERE nopek LIKE '9877000_'");
    sql("DELETE FROM units WHERE code IN ($units)");
    sql("DELETE FROM platforms WHERE code = " . lit($P));
}
cleanup();
END { eval { cleanup() } if db_ok() }
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, employment_type, active) VALUES"
    . " ('$B1', 'Uji Buh Satu', 'BUH', 'buh.satu.$m\@ptpr.example', 'HO-OPS', 'ORGANIK', true),"
    . " ('$B2', 'Uji Buh Dua', 'BUH', 'buh.dua.$m\@ptpr.example', 'HO-OPS', 'ORGANIK', true),"
    . " ('$GONE', 'Uji Sudah Keluar', 'Staf', 'keluar.$m\@ptpr.example', 'HO-OPS', 'ORGANIK', false)");

as_user('admin');
sub csrf { csrf_of(GET('/admin/units')->content) }
sub unit_row {
    my ($code) = @_;
    my ($row) = sql("SELECT name, kind, coalesce(head_nopek, ''), active::text FROM units WHERE code = " . lit($code));
    return $row ? join('|', @$row) : '';
}
sub plat_row {
    my ($code) = @_;
    my ($row) = sql("SELECT name, sort_order, active::text FROM platforms WHERE code = " . lit($code));
    return $row ? join('|', @$row) : '';
}
sub save_unit { POST('/admin/units/save', content => [csrf => csrf(), @_]) }
sub save_plat { POST('/admin/platforms/save', content => [csrf => csrf(), @_]) }
sub text_of { my $t = HTML::Entities::decode_entities($_[0]); $t =~ s/<[^>]*>//g; $t =~ s/\s+/ /g; $t }

# ---- Tambah a unit ---------------------------------------------------------------------
my $r = GET '/admin/units';
like $r->content, qr{href="/admin/units/new"[^>]*>Tambah</a>}, 'Divisi/Cab/Unit offers Tambah';
like $r->content, qr{href="/admin/units/edit\?code=UNIT-JKT"[^>]*>Ubah</a>}, '... and Ubah on each row';
is GET('/admin/units/new')->code, 200, 'GET /admin/units/new';

my $units_before = sql_value('SELECT count(*) FROM units');
$r = save_unit(mode => 'new', code => 'tu bad', name => '', kind => 'X', head_nopek => $GONE);
is $r->code, 200, 'Tambah with bad input: the form again';
like field_error($r->content, 'code') // '', qr/huruf besar/, '... the code\'s pattern';
like field_error($r->content, 'name') // '', qr/Nama wajib diisi/, '... the name is required';
like field_error($r->content, 'kind') // '', qr/Pilih Jenis/, '... HO or UNIT';
like field_error($r->content, 'head_nopek') // '', qr/tidak aktif/, '... the BUH must be an active employee';
like $r->content, qr/Tidak ada perubahan yang disimpan/, '... nothing saved, it says';
is sql_value('SELECT count(*) FROM units'), $units_before, '... and no unit was added';
$r = save_unit(mode => 'new', code => $U, name => 'x' x 201, kind => 'UNIT', head_nopek => '');
like field_error($r->content, 'name') // '', qr/maksimal 200/, 'a name of 201 characters is refused';
like field_error($r->content, 'head_nopek') // '', qr/wajib diisi untuk Unit/, '... a UNIT needs its BUH';
is POST('/admin/units/save', content => [mode => 'new', code => $U, name => 'Tanpa CSRF', kind => 'HO'])->code,
    403, 'without the CSRF token: 403';
is unit_row($U), '', '... nothing added';

$r = save_unit(mode => 'new', code => $U, name => "Unit Uji $m", kind => 'UNIT', head_nopek => $B1);
is $r->code, 303, 'Tambah a UNIT';
is location($r), '/admin/units?done=added', '... back to the list';
is unit_row($U), "Unit Uji $m|UNIT|$B1|true", '... stored';
like GET(location($r))->content, qr/berhasil ditambahkan/, '... which says so';
$r = save_unit(mode => 'new', code => $U, name => 'Lagi', kind => 'HO', head_nopek => '');
like field_error($r->content, 'code') // '', qr/sudah dipakai/, 'the same code again is refused';
is unit_row($U), "Unit Uji $m|UNIT|$B1|true", '... and the unit is unchanged';
as_public();
like GET('/request/new')->content, qr{value="\Q$U\E"}, 'the public form offers the new unit';

# ---- Tambah a platform -----------------------------------------------------------------
as_user('admin');
like GET('/admin/platforms/new')->content, qr{name="sort_order"[^>]*|value="\d+"[^>]*name="sort_order"}, 'GET /admin/platforms/new';
$r = save_plat(mode => 'new', code => 'a b', name => 'Platform Uji', sort_order => 'abc');
like field_error($r->content, 'code') // '', qr/huruf besar/, 'Tambah platform with a bad code: refused';
like field_error($r->content, 'sort_order') // '', qr/bilangan bulat/, '... and a bad order';
is plat_row('A B'), '', '... nothing added';
$r = save_plat(mode => 'new', code => $P, name => "Platform Uji $m", sort_order => '999');
is $r->code, 303, 'Tambah a platform';
is plat_row($P), "Platform Uji $m|999|true", '... stored';
$r = save_plat(mode => 'edit', code => $P, name => "Platform Uji Baru $m", sort_order => '998');
is $r->code, 303, 'Ubah the platform';
is plat_row($P), "Platform Uji Baru $m|998|true", '... stored';
$r = save_plat(mode => 'edit', code => $P, name => '', sort_order => '-1');
like field_error($r->content, 'sort_order') // '', qr/0 sampai 99999/, 'Ubah with bad input: refused';
is plat_row($P), "Platform Uji Baru $m|998|true", '... and nothing changed';

# ---- tickets of the unit ---------------------------------------------------------------
my $t1 = create_ticket(unit_spec("$m", unit_code => $U, atasan_nopek => $B1,
                                 platforms => { $P => "Akses uji $m" }));
my $t2 = create_ticket(unit_spec("${m}b", unit_code => $U, atasan_nopek => $B1));
my $t3 = create_ticket(unit_spec("${m}c"));       # UNIT-JKT
sql("UPDATE requests SET status = 'verificator' WHERE id = $t2->{id}");
# An hour earlier (not long enough for a reminder): the stage's start.
sql("UPDATE requests SET created_at = created_at - interval '1 hour',"
    . " updated_at = updated_at - interval '1 hour' WHERE id = $t1->{id}");
my $t1_since = sql_value("SELECT updated_at FROM requests WHERE id = $t1->{id}");
my $mails_t1 = () = outbox($t1->{id});

# ---- Ubah: the BUH -------------------------------------------------------------------
as_user('admin');
$r = GET "/admin/units/edit?code=$U";
is input_value($r->content, 'head_nopek'), $B1, 'Ubah shows the unit\'s BUH';
$r = save_unit(mode => 'edit', code => $U, name => "Unit Uji $m", kind => 'UNIT', head_nopek => $B2);
is $r->code, 200, 'a new BUH: a confirmation first';
my $list = $r->content =~ m{<table class="data-table reroute-table">(.*?)</table>}s ? $1 : '';
like $list, qr{\Q$t1->{nomor}\E}, '... listing the waiting stage-1 ticket';
like text_of($list), qr{Uji Unit \Q$m\E}, '... with the requester\'s name';
unlike $list, qr{\Q$t2->{nomor}\E|\Q$t3->{nomor}\E}, '... not the one at stage 2 nor another unit\'s';
like $r->content, qr{name="confirm" value="1"}, '... and a form that confirms';
is unit_row($U), "Unit Uji $m|UNIT|$B1|true", '... nothing changed yet';
is req_row($t1->{id})->{atasan_nopek}, $B1, '... the ticket still waits on the old BUH';

$r = save_unit(mode => 'edit', code => $U, name => "Unit Uji $m", kind => 'UNIT', head_nopek => $B2, confirm => 1);
is $r->code, 303, 'confirmed';
like location($r), qr{^/admin/units\?done=rerouted&n=1$}, '... one ticket re-routed';
like text_of(GET(location($r))->content), qr/1 permohonan yang menunggu Atasan dialihkan/, '... the list says so';
is unit_row($U), "Unit Uji $m|UNIT|$B2|true", '... the unit has the new BUH';
is req_row($t1->{id})->{atasan_nopek}, $B2, '... the stage-1 ticket waits on them';
is req_row($t2->{id})->{atasan_nopek}, $B1, '... the stage-2 ticket is left alone';
is req_row($t3->{id})->{atasan_nopek}, '10050002', '... and so is another unit\'s';
is sql_value("SELECT updated_at FROM requests WHERE id = $t1->{id}"), $t1_since,
    '... its stage-since (updated_at) is kept';
my @log = activity($t1->{id});
is_deeply $log[-1], ['Administrator', 'Administrator',
    'Atasan dialihkan dari Uji Buh Satu (98770001) ke Uji Buh Dua (98770002)', '', 'admin'],
    '... an Activity Log line by the Administrator';
my @mail = outbox($t1->{id});
is scalar(@mail), $mails_t1 + 1, '... one mail more';
my ($new) = grep { $_->[0] eq "buh.dua.$m\@ptpr.example" } @mail;
ok $new, '... to the new BUH';
$new //= ['', '', ''];
is $new->[1], "[P-Serv] Permohonan User ID $t1->{nomor} menunggu persetujuan Anda", '... the submit\'s subject';
my ($first) = grep { $_->[0] eq "buh.satu.$m\@ptpr.example" } @mail;
(my $want = $first->[2]) =~ s/Uji Buh Satu/Uji Buh Dua/;
is $new->[2], $want, '... and the submit\'s text, to the new Atasan';
like GET("/admin/units/edit?code=$U")->content, qr{value="$B2"}, 'the form shows the new BUH';

$r = save_unit(mode => 'edit', code => $U, name => '', kind => 'HO', head_nopek => $B1, confirm => 1);
like field_error($r->content, 'name') // '', qr/wajib/, 'Ubah with an empty name: refused';
is unit_row($U), "Unit Uji $m|UNIT|$B2|true", '... nothing changed (not even the BUH)';
$r = save_unit(mode => 'edit', code => $U, name => "Unit Uji $m", kind => 'HO', head_nopek => $B2);
like field_error($r->content, 'kind') // '', qr/tidak dapat diubah/, 'the kind of a unit in use cannot change';

# ---- Nonaktifkan ---------------------------------------------------------------------
$r = POST('/admin/units/active', content => [csrf => csrf(), code => $U, active => 0]);
is $r->code, 303, 'Nonaktifkan the unit';
is unit_row($U), "Unit Uji $m|UNIT|$B2|false", '... inactive';
$r = POST('/admin/platforms/active', content => [csrf => csrf(), code => $P, active => 0]);
is plat_row($P), "Platform Uji Baru $m|998|false", 'Nonaktifkan the platform';
as_public();
my $form = GET('/request/new')->content;
unlike $form, qr{value="\Q$U\E"}, 'the public form no longer offers the unit';
unlike $form, qr{value="\Q$P\E"}, '... nor the platform';
my $rv = review([unit_spec("${m}d", unit_code => $U, atasan_nopek => $B2)]);
isnt page_mode($rv->{html}), 'review', 'a request for the inactive unit is refused';
ok field_error($rv->{html}, 'unit_code'), '... at Divisi/Cab/Unit';
$rv = review([unit_spec("${m}e", platforms => { $P => 'tidak aktif' })]);
isnt page_mode($rv->{html}), 'review', 'a request with only the inactive platform is refused';
as_user('rina.wulandari');
my $page = text_of(ticket_page($t1->{id})->content);
like $page, qr/Unit Uji \Q$m\E/, 'the old ticket still shows its inactive unit';
like $page, qr/Platform Uji Baru \Q$m\E/, '... and its inactive platform';
as_user('admin');
POST('/admin/units/active', content => [csrf => csrf(), code => $U, active => 1]);
is unit_row($U), "Unit Uji $m|UNIT|$B2|true", 'Aktifkan the unit again';
is POST('/admin/units/active', content => [csrf => csrf(), code => "NO-$U", active => 0])->code, 404,
    'Nonaktifkan of no such unit: 404';

# ---- the units' CSV import -------------------------------------------------------------
sub upload {
    my (@content) = @_;
    return ua_request(HTTP::Request::Common::POST(abs_url('/admin/units/import'),
        Content_Type => 'form-data', Content => [csrf => csrf(), @content]));
}
is GET('/admin/units/import')->code, 200, 'GET /admin/units/import';
$r = upload(file => [undef, 'units.csv', 'Content-Type' => 'text/csv',
    Content => "code,name,kind,head_nopek\n$U2,Baru,UNITX,$B1\n$U,Unit Uji $m,UNIT,99999999\n"]);
like $r->content, qr{units\.csv:2: kind: "UNITX" must be HO or UNIT}, 'a bad file: its problems listed';
like $r->content, qr{units\.csv:3: head_nopek}, '... a head that is nobody too';
is unit_row($U2), '', '... nothing imported';

my $csv = "code,name,kind,head_nopek\n$U,Unit Uji $m,UNIT,$B1\n$U2,Unit Uji Dua $m,UNIT,$B2\n";
$r = upload(file => [undef, 'units.csv', 'Content-Type' => 'text/csv', Content => $csv]);
like text_of($r->content), qr/1 unit baru, 1 diperbarui, 0 tidak berubah/, 'a good file: the preview counts';
like $r->content, qr{id="import-preview".*\Q$t1->{nomor}\E}s, '... and lists the ticket the BUH change moves';
is unit_row($U2), '', '... nothing imported yet';
is unit_row($U), "Unit Uji $m|UNIT|$B2|true", '... nor changed';
my ($back) = $r->content =~ m{<textarea name="csv"[^>]*>(.*?)</textarea>}s;
$r = upload(csv => HTML::Entities::decode_entities($back // ''), filename => 'units.csv', confirm => 1);
like text_of($r->content), qr/berhasil diimpor: 1 unit baru, 1 diperbarui, 0 tidak berubah; 1 permohonan dialihkan/,
    'Impor Sekarang: imported';
is unit_row($U2), "Unit Uji Dua $m|UNIT|$B2|true", '... the new unit';
is unit_row($U), "Unit Uji $m|UNIT|$B1|true", '... the changed BUH';
is req_row($t1->{id})->{atasan_nopek}, $B1, '... the ticket re-routed';
is scalar(grep { $_->[0] eq "buh.satu.$m\@ptpr.example" } outbox($t1->{id})), 2,
    '... with the mail to its Atasan';
