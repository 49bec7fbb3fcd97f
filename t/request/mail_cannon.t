# The public form is not a mail cannon (issue 16, item 8). A User ID Unit
# request takes name and e-mail as typed, and its submit mails that address
# from the company's sender. So:
#   - a name holds letters, spaces and . ' - only (no URL, no markup, no
#     digits), refused with a message that changes nothing;
#   - PservSubmitMaxPerAddress (20) requests an hour from one client
#     address and PservSubmitMaxPerHour (100) from everybody: past either,
#     the review page again with the reason and 429, no ticket, no mail;
#   - the HTML part of a mail links only our own URLs (tests/unit/test_mime.c
#     html_links_only_our_own: requester-typed text never becomes a link).
# Every other test's submit forgets the counts first (submit_review), so
# this file counts from zero at the real time and leaves zero behind.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 16, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

END { eval { reset_submit_limit() } if db_ok() }

my $m = unique();
my $NAME_MSG = "Nama Lengkap hanya boleh berisi huruf, spasi, titik (.) di akhir singkatan, apostrof (') dan tanda hubung (-).";

sub outbox_count { sql_value("SELECT count(*) FROM mail_outbox") }
sub requests_count { sql_value("SELECT count(*) FROM requests") }

# ---- names ---------------------------------------------------------------------------
for my $bad ("Klik https://evil.example/login", "Hadiah www.evil.example", "Budi 2",
             "Budi <b>", "Budi, Rina") {
    my $rv = review([ unit_spec($m, full_name => $bad) ]);
    is field_error($rv->{html}, 'full_name'), $NAME_MSG, "name \"$bad\": refused with the reason";
}
my $rv = review([ unit_spec($m, full_name => "Siti Nur'aini Al-Fatih Jr. $m") ]);
is page_mode($rv->{html}), 'review', "a name with . ' - and spaces: the review page";

# ---- per client address ----------------------------------------------------------------
reset_submit_limit();
my @ok;
for my $n (1 .. 20) {
    my $rv = review([ unit_spec($m, email => "cannon.$m.$n\@unit.example") ]);
    my $r = submit_review($rv, no_reset => 1);
    push @ok, $r->code == 200 && $r->content =~ /Permohonan Berhasil Di-Submit/ ? 1 : 0;
}
is join('', @ok), '1' x 20, '20 requests from one address within the hour: each submitted';
my ($mails, $reqs) = (outbox_count(), requests_count());
$rv = review([ unit_spec($m, email => "cannon.$m.more\@unit.example") ]);
my $r = submit_review($rv, no_reset => 1);
is $r->code, 429, 'the 21st: 429';
is $r->header('Retry-After'), '3600', '... with Retry-After';
is page_mode($r->content), 'review', '... the review page again, to submit later';
like join(' | ', page_errors($r->content)),
    qr/Terlalu banyak permohonan dikirim dari alamat jaringan Anda\. Coba lagi dalam satu jam\./,
    '... saying why';
is_deeply [ requests_count(), outbox_count() ], [ $reqs, $mails ], '... no ticket, no mail';
is sql_value("SELECT count(*) FROM request_drafts WHERE nomor = " . lit($rv->{form}{nomor})), 1,
    '... the draft kept';

# ---- everybody together ----------------------------------------------------------------------
reset_submit_limit();
sql("INSERT INTO rate_limits (bucket, key, window_start, hits)"
    . " VALUES ('submit-all', '*', now() - interval '10 minutes', 100)");
$r = submit_review($rv, no_reset => 1);
is $r->code, 429, '100 requests from everybody this hour, then one more: 429';
like join(' | ', page_errors($r->content)),
    qr/P-Serv sedang menerima terlalu banyak permohonan\. Coba lagi dalam satu jam\./, '... saying why';
is_deeply [ requests_count(), outbox_count() ], [ $reqs, $mails ], '... no ticket, no mail';
reset_submit_limit();
