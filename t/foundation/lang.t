# The pages' language (issue 20): Bahasa Indonesia by default, English on
# request. Each stylesheet is compiled once per language with the texts of
# templates/i18n/CODE.xml (mod_pserv/view.c); a request picks its set by
# pserv_lang (i18n.c): the logged-in account's choice (accounts.lang) >
# the pserv_lang cookie > Accept-Language > Bahasa Indonesia. The switch
# Bahasa / English in every page's header and on the login page is
# GET /lang/CODE: the cookie, the account's choice, back to ?next=PATH or
# to the page it was on (this site's Referer), a local path only.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil;
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Log qw(here audit_lines);
use Pserv::Test qw(abs_url);

plan tests => 100, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $USER = 'bambang.sutrisno';
my $NAME = demo_account($USER)->{full_name};

sub account_lang {
    return sql_value("SELECT coalesce(lang, '-') FROM accounts WHERE username = " . lit($USER));
}
sub set_account_lang {
    my ($lang) = @_;
    sql("UPDATE accounts SET lang = " . (defined $lang ? lit($lang) : 'NULL')
        . " WHERE username = " . lit($USER));
}
END { eval { set_account_lang(undef) } if db_ok() }

sub html_lang { my ($html) = @_; return $html =~ m{<html[^>]* lang="([^"]*)"} ? $1 : '' }
# The switch's links: code => [href, current?]
sub switch_links {
    my ($html) = @_;
    my ($nav) = $html =~ m{(<nav class="lang-switch"[^>]*>.*?</nav>)}s or return {};
    my %l;
    while ($nav =~ m{<a ([^>]*)>\s*([^<]*?)\s*</a>}g) {
        my ($attrs, $text) = ($1, $2);
        my ($href) = $attrs =~ /href="([^"]*)"/;
        my ($code) = $attrs =~ /hreflang="([^"]*)"/;
        $href =~ s/&amp;/&/g;
        $l{$code} = { href => $href, text => $text, current => $attrs =~ /aria-current="true"/ ? 1 : 0 };
    }
    return \%l;
}
sub vary_ok {
    my ($r, $what) = @_;
    my $vary = join ', ', $r->header('Vary');
    ok t_cmp($vary, qr/Accept-Language/, "$what: Vary names Accept-Language");
    ok t_cmp($vary, qr/Cookie/, "$what: ... and Cookie");
}

# ---- the default: Bahasa Indonesia, the texts as before ---------------------
new_browser();
my $r = GET '/login';
my $html = $r->content;
ok t_cmp($r->code, 200, 'the login page');
ok t_cmp(html_lang($html), 'id', 'no cookie, no Accept-Language: <html lang="id">');
# The Indonesian pages are the pages as they were: the catalogue's texts
# land where the literal ones stood, byte for byte.
for my $frag (
    '<a class="skip-link" href="#main">Langsung ke konten utama</a>',
    '<p class="lead">Masuk ke P-Serv menggunakan akun yang terdaftar.</p>',
    '<p class="form-aside"><a href="/password/forgot">Lupa Password?</a></p>',
    '<button type="submit" class="btn btn-primary btn-block">Login</button>',
    "<p>Belum memiliki User ID P-Serv?</p>\n",
    '<a class="btn btn-outline btn-block" href="/request/new">Create New Account</a>',
    '<p class="footer-note">Layanan internal. Gunakan akun Anda sendiri dan jangan bagikan password.</p>',
    '<title>Login — P-Serv</title>',
) {
    my $f = $frag;
    $f =~ s/\n$//;
    ok t_cmp(index($html, $f) >= 0 ? 1 : 0, 1, "Indonesian, as before: $f");
}
ok t_cmp($html, qr{^(?!.*(?:Sign in|Skip to main|Forgot your))}s, '... and no English text');
vary_ok($r, 'the login page');
my $links = switch_links($html);
ok t_cmp(join(',', sort keys %$links), 'en,id', 'the header has the switch Bahasa / English');
ok t_cmp($links->{id}{text} . ' / ' . $links->{en}{text}, 'Bahasa / English', '... named each in its own language');
ok t_cmp($links->{id}{current}, 1, '... Bahasa is the current one');
ok t_cmp($links->{en}{current}, 0, '... English is not');
ok t_cmp($links->{en}{href}, '/lang/en', '... English links to /lang/en');
ok t_cmp($links->{id}{href}, '/lang/id', '... Bahasa to /lang/id');
my @navs = $html =~ m{<nav class="lang-switch[^"]*"}g;
ok t_cmp(scalar @navs, 2, 'the login page has it twice: the header and below the form');
ok t_cmp($html, qr{<nav class="lang-switch login-lang" aria-label="Bahasa">}, '... the second one below the form');

# ---- Accept-Language ---------------------------------------------------------
$r = GET '/login', 'Accept-Language' => 'en-US,en;q=0.9,id;q=0.5';
$html = $r->content;
ok t_cmp(html_lang($html), 'en', 'Accept-Language en-US: <html lang="en">');
for my $frag (
    '<a class="skip-link" href="#main">Skip to main content</a>',
    '<p class="lead">Sign in to P-Serv with your registered account.</p>',
    '<a href="/password/forgot">Forgot your password?</a>',
    '<button type="submit" class="btn btn-primary btn-block">Login</button>',
    '<p>No P-Serv User ID yet?</p>',
    '>Create New Account</a>',
    '<p class="footer-note">Internal service. Use your own account and never share your password.</p>',
) {
    ok t_cmp(index($html, $frag) >= 0 ? 1 : 0, 1, "English login page: $frag");
}
ok t_cmp($html, qr{^(?!.*(?:Masuk ke P-Serv|Lupa Password|Belum memiliki|Langsung ke konten|Layanan internal))}s,
         '... and none of the Indonesian texts of the templates');
$links = switch_links($html);
ok t_cmp($links->{en}{current}, 1, '... the switch marks English');
ok t_cmp($html, qr{<nav class="lang-switch" aria-label="Language">}, '... and is labelled in English');
vary_ok($r, 'the English login page');

my %accept = (
    'id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7' => 'id',
    'fr-FR, fr;q=0.9, en;q=0.5'            => 'en',
    'en;q=0.2, id;q=0.8'                   => 'id',
    'in-ID'                                => 'id',
    'de, fr'                               => 'id',
    'en;q=0'                               => 'id',
    'EN-gb'                                => 'en',
);
for my $al (sort keys %accept) {
    ok t_cmp(html_lang(GET('/login', 'Accept-Language' => $al)->content), $accept{$al},
             "Accept-Language '$al': $accept{$al}");
}

# The error pages too.
$r = GET '/no/such/page', 'Accept-Language' => 'en';
ok t_cmp($r->code, 404, 'a 404 in English');
ok t_cmp(html_lang($r->content), 'en', '... <html lang="en">');
ok t_cmp($r->content, qr{<a class="btn btn-primary" href="/">Back to Home</a>}, '... Back to Home');
ok t_cmp($r->content, qr{<span class="visually-hidden">Error code </span>}, '... Error code');
# ... and what the C code says on it (i18n/msg-en.xml, msg.c)
ok t_cmp($r->content, qr{<title>Page Not Found}, '... its title from the C texts\' catalogue');
ok t_cmp($r->content, qr{The page was not found\.}, '... its message too');
ok t_cmp(GET('/api/v1/requests/999999999', 'Accept-Language' => 'en')->content,
         qr{"message":"(?:Please log in first\.|The data was not found\.)"},
         'the API keeps its English keys and gives its message in English');
ok t_cmp(GET('/api/v1/requests/999999999')->content,
         qr{"message":"(?:Silakan login terlebih dahulu\.|Data tidak ditemukan\.)"},
         '... and in Bahasa Indonesia by default');
$r = GET '/no/such/page';
ok t_cmp($r->content, qr{<title>Halaman Tidak Ditemukan}, 'the title in Bahasa Indonesia, as before');
ok t_cmp($r->content, qr{Halaman tidak ditemukan\.}, '... and the message');
ok t_cmp($r->content, qr{<a class="btn btn-primary" href="/">Kembali ke Halaman Utama</a>}, 'the same in Bahasa Indonesia, as before');
ok t_cmp($r->content, qr{<span class="visually-hidden">Kode kesalahan </span>}, '... Kode kesalahan');

# ---- the cookie beats Accept-Language ----------------------------------------
new_browser();
set_cookie(pserv_lang => 'en');
ok t_cmp(html_lang(GET('/login', 'Accept-Language' => 'id')->content), 'en',
         'cookie pserv_lang=en, Accept-Language id: English');
set_cookie(pserv_lang => 'id');
ok t_cmp(html_lang(GET('/login', 'Accept-Language' => 'en')->content), 'id',
         'cookie pserv_lang=id, Accept-Language en: Bahasa Indonesia');
set_cookie(pserv_lang => 'xx');
ok t_cmp(html_lang(GET('/login', 'Accept-Language' => 'en')->content), 'en',
         'a cookie of no language we have counts for nothing: Accept-Language en');

# ---- the switch --------------------------------------------------------------
new_browser();
$r = GET '/lang/en?next=%2Frequest%2Fnew';
ok t_cmp($r->code, 303, 'GET /lang/en?next=/request/new: 303');
ok t_cmp(location($r), '/request/new', '... back to next');
my $line = set_cookie_line($r, 'pserv_lang') // '';
ok t_cmp($line, qr{^pserv_lang=en;}, '... sets pserv_lang=en');
ok t_cmp($line, qr{;\s*Path=/(;|$)}i, '... for the whole site');
ok t_cmp($line, qr{;\s*Max-Age=31536000(;|$)}i, '... for a year');
ok t_cmp($line, qr{;\s*SameSite=Lax(;|$)}i, '... SameSite=Lax');
ok t_cmp(cookie('pserv_lang'), 'en', 'the browser keeps it');
ok t_cmp(html_lang(GET('/login')->content), 'en', '... and the next page is in English');
$r = GET '/lang/id';
ok t_cmp(location($r), '/', 'without next: to /');
ok t_cmp(html_lang(GET('/login', 'Accept-Language' => 'en')->content), 'id',
         'switched back to Bahasa: Indonesian whatever Accept-Language says');
for my $evil ('//evil.example', 'https://evil.example/login', '/\\evil.example', 'javascript:alert(1)') {
    (my $q = $evil) =~ s/([^A-Za-z0-9])/sprintf('%%%02X', ord $1)/ge;
    $r = GET "/lang/en?next=$q";
    ok t_cmp(location($r), '/', "next=$evil is refused: to /");
}
ok t_cmp(GET('/lang/fr')->code, 404, '/lang/fr: no such language, 404');
ok t_cmp(GET('/lang/')->code, 404, '/lang/: 404');

# The header's link comes back to the page it was clicked on (its Referer,
# from this site only), query and all.
new_browser();
my $here = abs_url('/login?next=%2Frequests%3Fstatus%3Datasan');
$r = GET '/lang/en', Referer => $here;
ok t_cmp(location($r), '/login?next=%2Frequests%3Fstatus%3Datasan', "the header's link comes back to the page it was on ($here)");
$r = GET '/lang/en?next=%2Fhome', Referer => $here;
ok t_cmp(location($r), '/home', '... ?next= comes first');
for my $evil ('http://evil.example/login', 'https://evil.example/', 'javascript:alert(1)', '//evil.example/x') {
    $r = GET '/lang/en', Referer => $evil;
    ok t_cmp(location($r), '/', "Referer $evil: not this site, to /");
}
$r = GET '/lang/en', Referer => abs_url('/lang/id');
ok t_cmp(location($r), '/', 'Referer /lang/id: never back to a switch');
# A page with a token in its address does not repeat it: the switch names
# no page, and every 404 is the same page whatever was asked for.
my ($a404, $b404) = map { GET($_)->content } '/no/such/page', '/no-such-' . ('x' x 60) . '/path?with=query';
ok t_cmp($a404 eq $b404 ? 1 : 0, 1, 'two 404 pages are the same page, the switch included');

# ---- the account's choice beats the cookie -----------------------------------
set_account_lang(undef);
new_browser();
$r = login($USER, DEMO_PASSWORD);
ok t_cmp($r->code, 303, "$USER logs in");
$r = GET '/home';
$html = $r->content;
ok t_cmp(html_lang($html), 'id', 'no choice anywhere: Halaman Utama in Bahasa Indonesia');
ok t_cmp(index($html, "<p class=\"lead\">Selamat datang, <strong>$NAME</strong>. Pilih layanan yang ingin Anda gunakan.</p>") >= 0 ? 1 : 0, 1,
         '... the welcome as before');
ok t_cmp(index($html, '<ul class="card-grid" aria-label="Daftar layanan P-Serv">') >= 0 ? 1 : 0, 1, '... aria-label as before');
ok t_cmp(index($html, '<p>Permintaan User ID baru dan layanan bantuan teknologi informasi PT Pertamina Retail.</p>') >= 0 ? 1 : 0, 1, '... ICT Helpdesk\'s text (no "Segera hadir" card since issue 22)');
vary_ok($r, 'Halaman Utama');

set_account_lang('en');
set_cookie(pserv_lang => 'id');
$r = GET '/home', 'Accept-Language' => 'id';
$html = $r->content;
ok t_cmp(html_lang($html), 'en', 'accounts.lang en beats the cookie id (and Accept-Language id)');
ok t_cmp(index($html, "<p class=\"lead\">Welcome, <strong>$NAME</strong>. Choose the service you need.</p>") >= 0 ? 1 : 0, 1,
         '... Welcome, NAME');
ok t_cmp($html, qr{<ul class="card-grid" aria-label="P-Serv services">}, '... the list labelled in English');
ok t_cmp($html, qr{>Go to ICT Helpdesk</a>}, '... Go to ICT Helpdesk (the same in both)');
ok t_cmp($html, qr{<p>New User ID requests and IT support for PT Pertamina Retail\.</p>}, '... ICT Helpdesk\'s text in English');
ok t_cmp($html, qr{<a href="/settings/notifications">Notification Settings</a>}, '... the user menu in English');

set_account_lang(undef);
ok t_cmp(html_lang(GET('/home')->content), 'id', 'no account choice: the cookie id again');

# The switch while logged in: the account remembers it.
set_cookie(pserv_lang => 'id');
my $off = here();
$r = GET '/lang/en?next=%2Fhome';
ok t_cmp(location($r), '/home', 'logged in, GET /lang/en?next=/home: back to /home');
ok t_cmp(account_lang(), 'en', '... accounts.lang = en');
my ($audit) = audit_lines($off, 'lang.set', user => $USER);
ok t_cmp($audit // '', qr/\bto=en\b/, '... audit line lang.set to=en');
drop_cookie('pserv_lang');
ok t_cmp(html_lang(GET('/home', 'Accept-Language' => 'id')->content), 'en',
         '... and it stays without the cookie, whatever Accept-Language says');
$r = GET '/lang/id?next=%2Fhome';
ok t_cmp(account_lang(), 'id', 'switching back: accounts.lang = id');
ok t_cmp(html_lang(GET('/home', 'Accept-Language' => 'en')->content), 'id', '... Bahasa Indonesia again');
