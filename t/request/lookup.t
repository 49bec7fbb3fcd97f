# GET /request/lookup?nopek=..&kind=..: the JSON behind the form's
# auto-fill. It gives only what the form shows (the e-mail masked, no
# supervisor e-mail, no employment type), says why a nopek does not fit,
# and is rate-limited:
# 30 HR look-ups per 10 minutes per client address, the JSON ones and the
# form's "Cari Data Pekerja" counted together; past the limit the JSON
# answers 429 and the form says so.
#
# The limit counts per address across the whole suite, so the rate-limit
# part runs every request of its own ~3 years ahead (X-Pserv-Test-Clock-
# Offset) in a window nobody else uses, and removes that window afterwards.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use JSON::PP ();

plan tests => 39, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

use constant AHEAD => 1111 * 86400;     # this file's own window

sub cleanup {
    sql("DELETE FROM rate_limits WHERE bucket = 'hr-lookup'"
        . " AND window_start > now() + interval '1 day'");
}
END { eval { cleanup() } if db_ok() }

sub lookup {
    my ($nopek, $kind, @h) = @_;
    my $q = 'nopek=' . ($nopek // '') . '&kind=' . ($kind // '');
    my $r = GET("/request/lookup?$q", @h);
    my $json = eval { JSON::PP->new->decode($r->content) };
    return ($r, $json);
}

as_public();
reset_lookup_limit();

# ---- found ----------------------------------------------------------------------
my ($r, $j) = lookup('10020003', 'HO_ORGANIK');
is $r->code, 200, '10020003 as HO - Organik/PKWT: 200';
like $r->header('Content-Type'), qr{^application/json; charset=UTF-8$}i, '... JSON';
is_deeply $j, { ok => JSON::PP::true, nopek => '10020003', full_name => 'Agus Salim',
                position => 'Officer Accounting', email => 'ag***@ptpr.example',
                unit_code => 'HO-FIN', unit_name => 'Finance & Accounting',
                atasan_nopek => '10020002', atasan_name => 'Maya Puspitasari' },
    '... exactly the fields the form shows';
unlike $r->content, qr/[<>&]/, '... with <, > and & escaped inside the strings';
unlike $r->content, qr/agus\.salim\@|maya\.puspitasari\@|ORGANIK|PKWT|TKJP/,
    '... the e-mail masked, no supervisor e-mail, no employment type';
is $r->header('Cache-Control'), 'no-store', '... not cached';

($r, $j) = lookup('20020005', 'HO_TKJP');
is $j->{full_name}, 'Joko Prasetyo', '20020005 as HO - TKJP: Joko Prasetyo';
is $j->{atasan_name}, 'Maya Puspitasari', '... Atasan Maya Puspitasari';
($r, $j) = lookup('10020004', 'HO_ORGANIK');
is $j->{full_name}, 'Fitri Handayani', '10020004 (PKWT) as HO - Organik/PKWT: found';

# ---- not found, not fitting -------------------------------------------------------------
($r, $j) = lookup('99999999', 'HO_ORGANIK');
is $r->code, 200, 'unknown nopek: 200';
is_deeply $j, { ok => JSON::PP::false, error => 'Nopek tidak ditemukan di data pekerja.' },
    'unknown nopek: ok false with the reason';
($r, $j) = lookup('20020005', 'HO_ORGANIK');
is_deeply $j, { ok => JSON::PP::false,
                error => 'Nopek 20020005 berstatus TKJP; tidak sesuai dengan Jenis User ID HO - Organik/PKWT.' },
    'TKJP as HO - Organik/PKWT: refused with the reason';
unlike $r->content, qr/Joko/, '... and no data of that employee';
($r, $j) = lookup('10020003', 'HO_TKJP');
is $j->{error}, 'Nopek 10020003 berstatus ORGANIK; tidak sesuai dengan Jenis User ID HO - TKJP.',
    'ORGANIK as HO - TKJP: refused';
($r, $j) = lookup('10050002', 'HO_ORGANIK');
is $j->{error}, 'Nopek ini bukan pekerja Head Office; pilih Jenis User ID User ID Unit.',
    'a unit employee: refused';
($r, $j) = lookup('10020001', 'HO_ORGANIK');
is_deeply $j, { ok => JSON::PP::false,
                error => 'Nopek ini belum memiliki Atasan di data pekerja; hubungi ICT Helpdesk.' },
    'an employee without a supervisor: refused (the form could not be submitted)';
($r, $j) = lookup('12ab', 'HO_ORGANIK');
is $j->{error}, 'Nopek harus berupa angka (4 sampai 20 digit).', 'letters: refused';
($r, $j) = lookup('', 'HO_ORGANIK');
is $j->{ok}, JSON::PP::false, 'empty nopek: ok false';
($r, $j) = lookup('10020003', 'UNIT');
is $r->code, 400, 'kind UNIT: 400';
is $j->{ok}, JSON::PP::false, '... ok false';
($r, $j) = lookup('10020003', '');
is $r->code, 400, 'no kind: 400';

# ---- the rate limit, in a window of its own ----------------------------------------------------
my @AHEAD = (CLOCK_HEADER, AHEAD);
my $f = open_form(@AHEAD);
my $form_lookup = sub {
    my ($nopek, @h) = @_;
    return post_new([ csrf => $f->{csrf}, form_token => $f->{form_token},
                      kind => 'HO_ORGANIK', nopek => $nopek, action => 'lookup' ],
                    headers => \@h);
};
my (@codes, @oks);
for my $n (1 .. 20) {
    ($r, $j) = lookup('10020003', 'HO_ORGANIK', @AHEAD);
    push @codes, $r->code;
    push @oks, $j && $j->{ok} ? 1 : 0;
}
is join(',', @codes), join(',', (200) x 20), '20 JSON look-ups in the window: each 200';
is join('', @oks), '1' x 20, '... each found';
# Look-ups that never reach the HR master do not count.
($r) = lookup('abc', 'HO_ORGANIK', @AHEAD);
($r) = lookup('10020003', 'UNIT', @AHEAD);
# The form's draft reading again the nopek it already read is free (it
# shows nothing new): two nopeks in turn, each read counts.
my @filled;
for my $n (1 .. 10) {
    $r = $form_lookup->($n % 2 ? '10020003' : '10020004', @AHEAD);
    push @filled, input_value($r->content, 'full_name') // '';
}
is join('|', @filled), join('|', ('Agus Salim', 'Fitri Handayani') x 5),
    '10 more through the form\'s Cari Data Pekerja: each filled';
($r, $j) = lookup('10020003', 'HO_ORGANIK', @AHEAD);
is $r->code, 429, 'the 31st look-up: 429';
like $r->header('Content-Type'), qr{^application/json}i, '... still JSON';
is $j->{ok}, JSON::PP::false, '... ok false';
like $j->{error} // '', qr/^Terlalu banyak pencarian Nopek\./, '... saying why';
unlike $r->content, qr/Agus/, '... and no data';
$r = $form_lookup->('10020003', @AHEAD);
is $r->code, 200, 'the form\'s look-up past the limit: the form';
is field_error($r->content, 'nopek'), 'Terlalu banyak pencarian Nopek. Coba lagi dalam beberapa menit.',
    '... with the message beside Nopek';
is input_value($r->content, 'full_name'), '', '... and nothing filled';
is input_value($r->content, 'nopek'), '10020003', '... the nopek kept';
($r) = lookup('10020003', 'HO_ORGANIK', CLOCK_HEADER, AHEAD + 300);
is $r->code, 429, 'five minutes later: still 429';
($r, $j) = lookup('10020003', 'HO_ORGANIK', CLOCK_HEADER, AHEAD + 700);
is $r->code, 200, 'after the 10-minute window: 200 again';
is $j->{full_name}, 'Agus Salim', '... found';

# The window was this file's alone: now, the real clock still looks up.
cleanup();
($r, $j) = lookup('10020003', 'HO_ORGANIK');
is $r->code, 200, 'at the real time: 200';
is $j->{full_name}, 'Agus Salim', '... found';
is sql_value("SELECT count(*) FROM rate_limits WHERE bucket = 'hr-lookup'"
             . " AND window_start > now() + interval '1 day'"), 0,
    'no window left in the future for the tests after this one';
