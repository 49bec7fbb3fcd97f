# Halaman Utama and ICT Helpdesk list the services a company runs (issue
# 22 item 6): P-Serv's own, then the cards of PservServiceCard for that
# page, each with its link; by default none, so a fresh install promises
# no "Segera hadir" service. t/conf/extra.conf.in gives the cards only to a
# request with X-Pserv-Test-Cards: on. The titles and descriptions are
# shown as the administrator wrote them (escaped), the page's own words
# in its language. A wrong line stops Apache when it reads the file.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);

plan tests => 30, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $ON = ['X-Pserv-Test-Cards' => 'on'];
sub cards {
    my ($html) = @_;
    my ($grid) = $html =~ m{<ul class="card-grid"[^>]*>(.*?)</ul>\s*</main>}s;
    $grid //= $html;
    return [ $grid =~ m{<h2 class="card-title">([^<]*)</h2>}g ];
}

as_user('rina.wulandari');
# ---- the default: only P-Serv's own services -----------------------------------------
my $r = GET('/home', 'Accept-Language' => 'id');
is $r->code, 200, 'Halaman Utama';
is_deeply cards($r->content), ['ICT Helpdesk'], '... by default only ICT Helpdesk';
unlike $r->content, qr/Segera hadir|Coming soon|General Affair|Human Capital|Finance|badge-soon|card-disabled/,
    '... no "Segera hadir" card';
$r = GET('/helpdesk', 'Accept-Language' => 'id');
is_deeply cards($r->content), ['Request User ID'], 'ICT Helpdesk: by default only Request User ID';
unlike $r->content, qr/Segera hadir|Laporan Gangguan|Permintaan Perangkat|badge-soon|card-disabled/,
    '... no "Segera hadir" card';

# ---- with cards ---------------------------------------------------------------------------
$r = GET('/home', @$ON, 'Accept-Language' => 'id');
is $r->code, 200, 'Halaman Utama with PservServiceCard home lines';
like $r->content, qr{<html[^>]* lang="id"}, '... in Bahasa Indonesia';
is_deeply cards($r->content), ['ICT Helpdesk', 'General Affair', 'finance'],
    '... ICT Helpdesk, then the two home cards in the order written (the helpdesk ones not here)';
like $r->content, qr{<h2 class="card-title">General Affair</h2>\s*<p>Permintaan fasilitas kantor, kendaraan dinas, dan ruang rapat\.</p>},
    '... the title and description as written';
like $r->content, qr{<a class="btn btn-primary" href="https://ga\.example\.co\.id/layanan\?a=1&amp;b=2">Buka General Affair</a>},
    '... its link: Buka General Affair, the address escaped';
like $r->content, qr{<span class="service-icon" aria-hidden="true">GA</span>\s*<h2 class="card-title">General Affair</h2>},
    '... the icon: the initials';
like $r->content, qr{<span class="service-icon" aria-hidden="true">FI</span>\s*<h2 class="card-title">finance</h2>\s*<p class="card-actions">},
    '... a card without description: none, the title as written (not capitalised)';
like $r->content, qr{<a class="btn btn-primary" href="/finance/">Buka finance</a>}, '... a path on this server';
unlike $r->content, qr/Segera hadir|badge-soon/, '... and nothing "Segera hadir"';

$r = GET('/helpdesk', @$ON, 'Accept-Language' => 'id');
is_deeply cards($r->content), ['Request User ID', 'Laporan Gangguan', 'Permintaan Perangkat'],
    'ICT Helpdesk with PservServiceCard helpdesk lines: Request User ID, then its two cards';
like $r->content, qr{<p>Laporkan gangguan &lt;perangkat&gt; &amp; jaringan\.</p>}, '... the description escaped';
like $r->content, qr{<a class="btn btn-primary" href="https://itsm\.example\.co\.id/incident">Buka Laporan Gangguan</a>},
    '... Buka Laporan Gangguan';
like $r->content, qr{<a class="btn btn-primary" href="/perangkat/baru">Buka Permintaan Perangkat</a>},
    '... Buka Permintaan Perangkat';

# ---- in English: the page's words translated, the administrator's not ----------------------
$r = GET('/home', @$ON, 'Accept-Language' => 'en');
like $r->content, qr{<html[^>]* lang="en"}, 'Halaman Utama in English';
like $r->content, qr{<a class="btn btn-primary" href="https://ga\.example\.co\.id/layanan\?a=1&amp;b=2">Open General Affair</a>},
    '... the link: Open General Affair';
like $r->content, qr{<p>Permintaan fasilitas kantor, kendaraan dinas, dan ruang rapat\.</p>}, '... the description as written';
$r = GET('/helpdesk', @$ON, 'Accept-Language' => 'en');
like $r->content, qr{>Open Laporan Gangguan</a>}, 'ICT Helpdesk in English: Open Laporan Gangguan';

# ---- a wrong line stops Apache, saying why -------------------------------------------------
my $so = Apache::Test::vars('top_dir') . '/mod_pserv/.libs/mod_pserv.so';
my $moddir = '/usr/lib/apache2/modules';
sub conftest {
    my ($line) = @_;
    my $f = Apache::Test::vars('t_logs') . "/cards-conftest-$$.conf";
    open my $fh, '>', $f or die "$f: $!";
    print $fh "ServerRoot " . Apache::Test::vars('t_dir') . "\n"
        . "LoadModule mpm_event_module $moddir/mod_mpm_event.so\n"
        . "LoadModule dbd_module $moddir/mod_dbd.so\n"
        . "LoadModule pserv_module $so\n$line\n";
    close $fh;
    my $out = `/usr/sbin/apache2 -t -f $f 2>&1`;
    unlink $f;
    return $out;
}
like conftest('PservServiceCard home "Finance" https://fin.example/ "Reimbursement"'), qr/Syntax OK/,
    'PservServiceCard home "Finance" URL "..." is accepted';
like conftest('PservServiceCard helpdesk "Finance" /finance'), qr/Syntax OK/, '... without description, with a path';
like conftest('PservServiceCard beranda "Finance" /finance'), qr/'beranda' is not a page: home \(Halaman Utama\) or helpdesk/,
    'another page: refused, saying which';
like conftest('PservServiceCard home "" /finance'), qr/the title is empty/, 'an empty title: refused';
like conftest('PservServiceCard home "Finance" javascript:alert(1)'), qr/'javascript:alert\(1\)' is not a link/,
    'a javascript: link: refused';
like conftest('PservServiceCard home "Finance" //evil.example/'), qr/is not a link/, 'a //host link: refused';
like conftest('PservServiceCard home "Finance"'), qr/PservServiceCard: home\|helpdesk "Title" URL \["Description"\]/,
    'no link: the usage';
like conftest('PservServiceCard home "Finance" /f "d" extra'), qr/PservServiceCard: home\|helpdesk/, 'too many words: the usage';
