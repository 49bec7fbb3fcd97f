# Invalid input on the public form comes back as the form (mode edit) with
# the message in Indonesian beside the faulty field and every value still
# in it: each required field missing in turn, a nopek that does not fit the
# Jenis User ID, an unknown nopek, a tampered Divisi/Cab/Unit and an Atasan
# who is not that unit's BUH. Submit checks everything again: values
# changed between review and submit are refused (User ID Unit) or replaced
# by the HR master's (HO).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 185, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();

my %LABEL = (kind => 'Jenis User ID', nopek => 'Nopek', full_name => 'Nama Lengkap',
             position => 'Pangkat/Jabatan', email => 'E-mail',
             unit_code => 'Divisi/Cab/Unit', atasan_nopek => 'Atasan');

# What the edit form shows, in the shape of a spec.
sub shown {
    my ($html) = @_;
    my $block = form_block($html, qr{id="request-form"}) // '';
    my @pairs = form_pairs($block);
    my $h = pairs_hash(\@pairs, 'platform');
    my %s = map { $_ => $h->{$_} // '' } qw(kind full_name position email unit_code atasan_nopek note);
    $s{nopek} = input_value($block, 'nopek') // '';
    my @ticked = sort @{ $h->{platform} || [] };
    $s{platforms} = { map { $_ => $h->{"note_$_"} // '' } @ticked };
    return \%s;
}

# The spec as the form should show it again: every key of %shown.
sub expected {
    my (%spec) = @_;
    my %e = map { $_ => $spec{$_} // '' } qw(kind nopek full_name position email unit_code atasan_nopek note);
    $e{platforms} = { %{ $spec{platforms} || {} } };
    return \%e;
}

# Review with %spec; the form must come back in edit mode with $message
# beside $field and (unless told otherwise) every value kept.
sub refused {
    my ($what, $spec, $field, $message, %o) = @_;
    my $rv = review($spec, %o);
    my $html = $rv->{html};
    is $rv->{res}->code, 200, "$what: 200";
    is page_mode($html), 'edit', "$what: the form again, not the review page";
    my $err = field_error($html, $field);
    if (ref $message) { like $err // '', $message, "$what: the message beside $field" }
    else { is $err, $message, "$what: the message beside $field" }
    ok((grep { $_ eq ($err // "\0") } page_errors($html)), "$what: and in the summary at the top");
    is page_nomor($html), $rv->{form}{nomor}, "$what: same Nomor (same draft)";
    unless ($o{values_not_kept}) {
        my %keep = @$spec;
        my $want = expected(%keep, %{ $o{shown_as} || {} });
        my $got = shown($html);
        # HO kinds show the typed-in fields only from the HR master.
        if (($keep{kind} // '') =~ /^HO_/) {
            delete @$_{qw(full_name position email unit_code atasan_nopek)} for $want, $got;
        }
        is_deeply $got, $want, "$what: every value kept";
    }
    return $html;
}

my @UNIT = unit_spec($m);
my %UNIT = @UNIT;

# ---- the form's CSRF token ----------------------------------------------------------
{
    my $prev = jar();
    as_public();
    my $f = open_form();
    my $r = post_new([ form_token => $f->{form_token}, spec_pairs(@UNIT), action => 'review' ]);
    is $r->code, 403, 'the form without its csrf field: 403';
    $r = post_new([ csrf => 'C' x 43, form_token => $f->{form_token}, spec_pairs(@UNIT), action => 'review' ]);
    is $r->code, 403, 'the form with a csrf field that is not the cookie\'s: 403';
    use_jar($prev);
}

# ---- each required field of a User ID Unit missing in turn ------------------------
for my $f (qw(kind full_name position email unit_code atasan_nopek)) {
    my %spec = %UNIT;
    delete $spec{$f};
    refused("without $LABEL{$f}", [ %spec ], $f, "$LABEL{$f} wajib diisi.");
}
refused('only spaces in Nama Lengkap', [ %UNIT, full_name => "   \t " ], 'full_name',
        'Nama Lengkap wajib diisi.', shown_as => { full_name => '' });
refused('no Platform System ticked', [ %UNIT, platforms => {} ], 'platform',
        'Pilih minimal satu Platform System.');
refused('a platform ticked without its note', [ %UNIT, platforms => { SAP => '', EMAIL => 'ada' } ],
        'note_SAP', 'Catatan untuk SAP S/4HANA wajib diisi.');
refused('only an unknown platform code', [ %UNIT, platforms => { ROOT => 'akses root' } ],
        'platform', 'Pilih minimal satu Platform System.', shown_as => { platforms => {} });

# ---- malformed values ------------------------------------------------------------------
refused('an invalid e-mail', [ %UNIT, email => 'bukan-email' ], 'email',
        'Format E-mail tidak valid (contoh: nama@perusahaan.co.id).');
refused('Nama Lengkap of 201 characters', [ %UNIT, full_name => 'N' x 201 ], 'full_name',
        'Nama Lengkap terlalu panjang (maksimal 200 karakter) atau berisi karakter yang tidak diizinkan.');
# (A control character cannot be written into an HTML page: the value comes
# back without it.)
refused('a control character in Pangkat/Jabatan', [ %UNIT, position => "Staf\x01Gudang" ], 'position',
        qr/^Pangkat\/Jabatan terlalu panjang .* tidak diizinkan\.$/,
        shown_as => { position => 'StafGudang' });
refused('Catatan Pemohon of 4001 characters', [ %UNIT, note => 'c' x 4001 ], 'note',
        qr/^Catatan Pemohon terlalu panjang \(maksimal 4000 karakter\)/);
refused('an unknown Jenis User ID', [ %UNIT, kind => 'ADMIN' ], 'kind',
        'Pilih salah satu Jenis User ID.', values_not_kept => 1);

# ---- tampered Divisi/Cab/Unit and Atasan --------------------------------------------------
refused('an HO division as Divisi/Cab/Unit of a User ID Unit',
        [ %UNIT, unit_code => 'HO-FIN', atasan_nopek => '10020001' ], 'unit_code',
        'Pilih Divisi/Cab/Unit dari daftar.', values_not_kept => 1);
refused('an unknown unit code', [ %UNIT, unit_code => 'UNIT-XYZ' ], 'unit_code',
        'Pilih Divisi/Cab/Unit dari daftar.', values_not_kept => 1);
refused('markup as unit code', [ %UNIT, unit_code => '<b>JKT</b>' ], 'unit_code',
        'Pilih Divisi/Cab/Unit dari daftar.', values_not_kept => 1);
refused('the BUH of another unit as Atasan', [ %UNIT, atasan_nopek => '10050001' ], 'atasan_nopek',
        'Atasan harus BUH dari Divisi/Cab/Unit yang dipilih.', values_not_kept => 1);
refused('an Assistant Manager (not a BUH) as Atasan', [ %UNIT, atasan_nopek => '10020002' ],
        'atasan_nopek', 'Atasan harus BUH dari Divisi/Cab/Unit yang dipilih.', values_not_kept => 1);
refused('a nopek that is not a number as Atasan', [ %UNIT, atasan_nopek => '1005000x' ],
        'atasan_nopek', 'Pilih Atasan dari daftar.', values_not_kept => 1);

my $rv;

# ---- HO: the nopek and the Jenis User ID ------------------------------------------------------------
my @HO = ho_spec($m);
my %HO = @HO;
refused('HO without Nopek', [ %HO, nopek => undef ], 'nopek', 'Nopek wajib diisi.');
refused('20020005 (TKJP) as HO - Organik/PKWT', [ %HO, nopek => '20020005' ], 'nopek',
        'Nopek 20020005 berstatus TKJP; tidak sesuai dengan Jenis User ID HO - Organik/PKWT.');
refused('10020003 (ORGANIK) as HO - TKJP', [ %HO, kind => 'HO_TKJP' ], 'nopek',
        'Nopek 10020003 berstatus ORGANIK; tidak sesuai dengan Jenis User ID HO - TKJP.');
refused('an unknown nopek', [ %HO, nopek => '99999999' ], 'nopek',
        'Nopek tidak ditemukan di data pekerja.');
refused('a nopek with letters', [ %HO, nopek => '1002000a' ], 'nopek',
        'Nopek harus berupa angka (4 sampai 20 digit).');
refused('a unit employee (10050002) as HO - Organik/PKWT', [ %HO, nopek => '10050002' ], 'nopek',
        'Nopek ini bukan pekerja Head Office; pilih Jenis User ID User ID Unit.');
refused('an employee without a supervisor (10020001)', [ %HO, nopek => '10020001' ], 'nopek',
        'Nopek ini belum memiliki Atasan di data pekerja; hubungi ICT Helpdesk.');

# 10020001 has no supervisor in the HR master. Should the review page let it
# through all the same, Submit Permohonan must not end in a server error.
$rv = review([ %HO, nopek => '10020001' ]);
if (page_mode($rv->{html}) eq 'review') {
    my $r = submit_review($rv);
    ok $r->code < 500, 'no supervisor, let through to submit: no server error'
        or diag 'submit answered ' . $r->code . ': the review accepted an employee without'
              . ' an Atasan (see pserv_rform_hr: NULL supervisor name read as "")';
}
else {
    pass('no supervisor: refused before the review page');
}

# The wrong pairing shows nothing from the HR master.
my $html = (review([ %HO, nopek => '20020005' ]))->{html};
unlike $html, qr/Joko Prasetyo/, 'a refused nopek shows no data of that employee';

# PKWT is valid for HO - Organik/PKWT.
$rv = review([ %HO, nopek => '10020004' ]);
is page_mode($rv->{html}), 'review', '10020004 (PKWT) as HO - Organik/PKWT: accepted'
    or diag join ' | ', page_errors($rv->{html});
like $rv->{html}, qr/Fitri Handayani/, '... with the HR data of 10020004';

# ---- submit checks again -------------------------------------------------------------------------------
# A User ID Unit whose Atasan is changed between review and submit.
$rv = review([ @UNIT ]);
is page_mode($rv->{html}), 'review', 'a valid User ID Unit reaches the review page';
my $nomor = $rv->{form}{nomor};
my $r = submit_review($rv, override => { atasan_nopek => '10050001' });
is $r->code, 200, 'submit with another unit\'s BUH as Atasan: 200';
is page_mode($r->content), 'edit', '... the form again';
is field_error($r->content, 'atasan_nopek'), 'Atasan harus BUH dari Divisi/Cab/Unit yang dipilih.',
    '... with the message beside Atasan';
ok !defined req_id($nomor), '... and no ticket';
$r = submit_review($rv, override => { unit_code => 'UNIT-MDN' });
is field_error($r->content, 'atasan_nopek'), 'Atasan harus BUH dari Divisi/Cab/Unit yang dipilih.',
    'submit with the unit changed under the Atasan: refused';
ok !defined req_id($nomor), '... no ticket';
$r = submit_review($rv, override => { full_name => '' });
is field_error($r->content, 'full_name'), 'Nama Lengkap wajib diisi.', 'submit with Nama Lengkap emptied: refused';
ok !defined req_id($nomor), '... no ticket';
$r = submit_review($rv);
like $r->content, qr/Permohonan Berhasil Di-Submit/, 'the untouched values still submit';
my $id = req_id($nomor);
is req_row($id)->{atasan_nopek}, '10050002', '... with the Atasan shown on review';

# An HO request whose HR fields are changed between review and submit: the
# ticket carries the HR master's values, and the mail goes to the real Atasan.
reset_lookup_limit();
$rv = review([ @HO ]);
is page_mode($rv->{html}), 'review', 'a valid HO - Organik/PKWT reaches the review page';
$r = submit_review($rv, override => { full_name => 'Nama Palsu', email => "palsu.$m\@evil.example",
                                      position => 'Direktur', unit_code => 'HO-ICT',
                                      atasan_nopek => '10010001' });
like $r->content, qr/Permohonan Berhasil Di-Submit/, 'HO submit with tampered HR fields: submitted';
$id = req_id($rv->{form}{nomor});
my $row = req_row($id);
is_deeply [ @$row{qw(full_name position email unit_code atasan_nopek)} ],
    [ 'Agus Salim', 'Officer Accounting', 'agus.salim@ptpr.example', 'HO-FIN', '10020002' ],
    '... with the HR master\'s values, not the posted ones';
is_deeply [ map { $_->[0] } outbox($id) ], [ 'maya.puspitasari@ptpr.example', 'agus.salim@ptpr.example' ],
    '... and mail only to the real Atasan and the real e-mail';

# A kind changed between review and submit is judged again.
reset_lookup_limit();
$rv = review([ %HO, nopek => '20020005', kind => 'HO_TKJP' ]);
is page_mode($rv->{html}), 'review', 'HO - TKJP for 20020005 reaches the review page';
$r = submit_review($rv, override => { kind => 'HO_ORGANIK' });
is field_error($r->content, 'nopek'),
    'Nopek 20020005 berstatus TKJP; tidak sesuai dengan Jenis User ID HO - Organik/PKWT.',
    'submit with the kind switched to HO - Organik/PKWT: refused';
ok !defined req_id($rv->{form}{nomor}), '... no ticket';
