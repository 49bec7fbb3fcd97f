# The second factor (issue 19, part 3; mod_pserv/mfa.c, handle_mfa.c):
# TOTP after the password, on t/conf/extra.conf.in's virtual host
# pserv_mfa (PservMFAKeyFile and PservRequireMFA admin ict_verificator
# ict_manager ict_executor atasan); the main server has no key and asks
# nobody. The codes are computed here (RFC 6238 with Digest::SHA) from the
# secret the enrolment page shows, at the server's clock (the test moves
# it forward with each step, so every login meets fresh TOTP steps).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::Log ();
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(unique b32_decode totp_at);
use Digest::SHA qw(hmac_sha1);
use File::Spec ();
use File::Temp ();

plan tests => 97, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $V = "mfav.$m";      # an ICT Verificator: must enrol
my $P = "mfap.$m";      # no role, nobody's Atasan: not asked
my $A = "mfaa.$m";      # Maya Puspitasari's nopek: an Atasan

my $START = Pserv::Log::here();
# The key of the virtual host's PservMFAKeyFile (scripts/dev.sh made it).
my $MFA_KEY = do {
    my $f = File::Spec->catfile(Apache::Test::vars('top_dir'), 'var', 'mfa.key');
    open my $fh, '<', $f or die "$f: $!\n";
    local $/;
    my $k = <$fh>;
    $k =~ s/\s+//g;
    $k;
};

# ---- TOTP (RFC 6238: HMAC-SHA1, 30 s, 6 digits) ---------------------------
is totp_at('12345678901234567890', 59), '287082',
    'the test computes RFC 6238\'s first test vector';

# ---- accounts, clock, helpers -----------------------------------------------
sub make_account {
    my ($user, $nopek, @roles) = @_;
    my $id = sql_value("INSERT INTO accounts (username, nopek, full_name, password_hash,"
        . " password_set_at) SELECT " . lit($user) . ", " . ($nopek ? lit($nopek) : 'NULL')
        . ", 'MFA Test', password_hash, now() FROM accounts WHERE username = 'admin'"
        . " RETURNING id");
    sql("INSERT INTO account_roles (account_id, role) VALUES ($id, " . lit($_) . ")")
        for @roles;
    return $id;
}
sub cleanup {
    sql("DELETE FROM accounts WHERE username LIKE " . lit("mfa_.$m"));
    sql("DELETE FROM login_failures WHERE username LIKE " . lit("mfa_.$m"));
}
cleanup();
END { eval { cleanup() } if db_ok() }
my $vid = make_account($V, undef, 'ict_verificator');
my $pid = make_account($P, undef);
my $aid = make_account($A, '10020002');

# The server's clock: $OFF seconds ahead of the real one.
my $OFF = 0;
sub code_now { totp_at($_[0], time() + $OFF) }
sub later    { $OFF += $_[0] // 90 }
sub on_mfa   { Apache::TestRequest::module('pserv_mfa') }
sub on_main  { Apache::TestRequest::module('default') }
sub G { my ($path) = @_; GET($path, offset($OFF)) }
sub mfa_post {
    my ($code, %o) = @_;
    my $path = $o{path} // '/login/mfa';
    my ($csrf) = get_csrf($path, offset($OFF));
    return POST($path, content => [csrf => $csrf // '', code => $code], offset($OFF));
}
sub mfa_login { my ($u) = @_; login($u, DEMO_PASSWORD, offset => $OFF) }
sub secret_of { my ($html) = @_; $html =~ m{id="mfa-secret">([A-Z2-7]+)<} ? $1 : undef }
sub enabled  { sql_value("SELECT count(*) FROM account_mfa WHERE account_id = $_[0]"
                         . " AND enabled_at IS NOT NULL") }
sub flash    { my ($html) = @_; $html =~ m{class="notice notice-error"[^>]*>\s*([^<]+)} ? $1 : '' }

# Audit lines written since the test began, event $event (and user).
sub audit_lines {
    my ($event, $user) = @_;
    return Pserv::Log::audit_lines($START, $event, $user ? (user => $user) : ());
}

# ---- not asked -------------------------------------------------------------
on_main();
new_browser();
my $r = mfa_login('rina.wulandari');
is location($r), '/home',
    'main server (no PservMFAKeyFile): the enrolled demo ICT Verificator gets no code';
on_mfa();
new_browser();
$r = mfa_login($P);
is location($r), '/home', 'MFA host: an account with no required role, not enrolled, is not asked';
ok !cookie('pserv_mfa'), '... and holds no pending state';

# ---- enrolment after the password --------------------------------------------
new_browser();
$r = mfa_login($V);
is $r->code, 303, 'ICT Verificator: the password is right';
is location($r), '/login/mfa', '... and the browser is sent to the second factor';
ok cookie('pserv_mfa'), '... with a pending-state cookie';
ok !cookie('pserv_session'), '... and no session';
like set_cookie_line($r, 'pserv_mfa') // '', qr/HttpOnly/i, '... HttpOnly';

# The pending state opens nothing else.
$r = G('/home');
is $r->code, 303, 'pending: /home is refused';
like location($r), qr{^/login\?next=}, '... as for somebody not logged in';
$r = G('/settings/mfa');
like location($r), qr{^/login}, 'pending: /settings/mfa likewise';
$r = G('/requests');
like location($r), qr{^/login}, 'pending: /requests likewise';
$r = G('/api/v1/me');
is $r->code, 401, 'pending: the API answers 401';

$r = G('/login/mfa');
is $r->code, 200, 'GET /login/mfa: the enrolment page';
my $html = $r->content;
like $html, qr{<h1[^>]*>Aktifkan Verifikasi Dua Langkah</h1>}, '... titled Aktifkan Verifikasi Dua Langkah';
like $html, qr{<svg[^>]*viewBox="0 0 (\d+) \1"[^>]*>.*<path d="M\d+ \d+h\d+v1h-\d+z}s,
    '... with the QR code as inline SVG';
my $secret = secret_of($html);
ok $secret && length($secret) == 32, '... and the secret in text (base32, 160 bits)';
unlike $html, qr{https?://(?!www\.w3\.org)[^"]*qr}i, '... drawn here, no outside service';
my $key = b32_decode($secret // '');
is secret_of(G('/login/mfa')->content), $secret, 'the page shows the same secret again';

$r = mfa_post('000000' eq code_now($key) ? '111111' : '000000');
is $r->code, 200, 'a wrong confirmation code';
like flash($r->content), qr/Kode Verifikasi salah/, '... is refused with a message';
is enabled($vid), 0, '... and enrols nothing';
ok !cookie('pserv_session'), '... and opens no session';
$r = mfa_post('12ab');
like flash($r->content), qr/Masukkan 6 angka/, 'something that is no code: told what to type';

$r = mfa_post(code_now($key));
is $r->code, 200, 'the right code enrols';
$html = $r->content;
my @codes = $html =~ m{<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>}g;
is scalar(@codes), 10, '... and shows 10 recovery codes';
like $html, qr/hanya ditampilkan sekali/, '... said to be shown once';
like $r->header('Cache-Control') // '', qr/no-store/, '... not to be cached';
is enabled($vid), 1, 'the account is enrolled';
is sql_value("SELECT count(*) FROM mfa_recovery WHERE account_id = $vid AND used_at IS NULL"), 10,
    '... with 10 recovery codes stored';
is sql_value("SELECT count(*) FROM mfa_recovery WHERE account_id = $vid AND code_hash = "
             . "decode(" . lit(Digest::SHA::hmac_sha256_hex("recovery:pserv-mfa:$vid:"
                 . join('', split /-/, $codes[0]), pack 'H*', $MFA_KEY)) . ", 'hex')"), 1,
    '... as keyed hashes (HMAC-SHA256 under the key), not as themselves';
my $sealed = sql_value("SELECT encode(secret, 'hex') FROM account_mfa WHERE account_id = $vid");
unlike $sealed, qr/\Q@{[unpack 'H*', $key]}\E/, '... the secret stored sealed, not in clear';
ok cookie('pserv_session'), 'the session opens';
is G('/home')->code, 200, '... /home answers';
ok audit_lines('mfa.enrol', $V), 'audit: mfa.enrol';
ok audit_lines('login.ok', $V), 'audit: login.ok';
$r = G('/settings/mfa');
like $r->content, qr/Verifikasi Dua Langkah aktif sejak/, 'Verifikasi Dua Langkah shows the state';
unlike $r->content, qr/\Q$codes[1]\E/, '... and never the recovery codes again';
is G('/login/mfa')->content =~ /telah habis/ ? 1 : 0, 1, 'the pending state is gone';

# ---- login with a code; replay ---------------------------------------------------
my $used = code_now($key);    # the step the confirmation took
new_browser();
$r = mfa_login($V);
is location($r), '/login/mfa', 'enrolled: the password leads to Kode Verifikasi';
$r = G('/login/mfa');
like $r->content, qr{<h1[^>]*>Kode Verifikasi</h1>}, '... a page titled Kode Verifikasi';
$r = mfa_post($used);
like flash($r->content), qr/sudah dipakai/, 'the code the enrolment used is refused (replay)';
ok !cookie('pserv_session'), '... no session';
later(60);
$r = G('/login/mfa');
# the pending state is still young: 60 s
$r = mfa_post(code_now($key));
is $r->code, 303, 'a code of a later step is accepted';
is location($r), '/home', '... on to Halaman Utama';
ok cookie('pserv_session') && !cookie('pserv_mfa'), '... session, no pending state';
ok audit_lines('mfa.ok', $V), 'audit: mfa.ok';
my $again = code_now($key);
new_browser();
mfa_login($V);
$r = mfa_post($again);
like flash($r->content), qr/sudah dipakai/, 'the same code in another login: refused (single use)';
ok audit_lines('mfa.fail', $V), 'audit: mfa.fail';
later();

# ---- recovery codes ------------------------------------------------------------
new_browser();
mfa_login($V);
$r = mfa_post(uc $codes[3]);
is $r->code, 303, 'a recovery code (typed in capitals) is accepted';
ok cookie('pserv_session'), '... the session opens';
ok audit_lines('mfa.recovery', $V), 'audit: mfa.recovery';
is sql_value("SELECT count(*) FROM mfa_recovery WHERE account_id = $vid AND used_at IS NULL"), 9,
    '... 9 left';
later();
new_browser();
mfa_login($V);
$r = mfa_post($codes[3]);
like flash($r->content), qr/Kode Verifikasi salah/, 'the same recovery code again: refused';
ok !cookie('pserv_session'), '... no session';
later();

# ---- the pending state expires, and belongs to its browser -----------------------
new_browser();
mfa_login($V);
my $pending = cookie('pserv_mfa');
new_browser();
like G('/login/mfa')->content, qr/telah habis/, 'another browser has no pending state';
set_cookie('pserv_mfa', $pending);
like G('/login/mfa')->content, qr/Kode Verifikasi/, '... the cookie is what holds it';
later(301);
like G('/login/mfa')->content, qr/telah habis/, 'after 5 minutes the pending state has expired';
$r = mfa_post(code_now($key));
ok !cookie('pserv_session'), '... a right code then opens nothing';
later();

# ---- wrong codes are limited -------------------------------------------------
# (the wrong recovery code above is 15 minutes behind from here on)
later(16 * 60);
new_browser();
mfa_login($V);
my $right = code_now($key);
my $wrong = $right eq '123456' ? '654321' : '123456';
my @msgs = map { flash(mfa_post($wrong)->content) } 1 .. 5;
is scalar(grep { /Kode Verifikasi salah/ } @msgs), 5, 'five wrong codes, each refused';
$r = mfa_post($right);
like flash($r->content), qr/Terlalu banyak kode yang salah/, 'then the right code is refused too';
ok !cookie('pserv_session'), '... no session';
ok scalar(grep { /reason=locked/ } audit_lines('mfa.fail', $V)), 'audit: mfa.fail reason=locked';
later(16 * 60);
new_browser();
mfa_login($V);
$r = mfa_post(code_now($key));
is $r->code, 303, '15 minutes later the right code is accepted again';
is sql_value("SELECT count(*) FROM mfa_failures WHERE account_id = $vid"), 0,
    '... and the wrong ones are forgotten';
my $vjar = jar();
later();

# ---- the Administrator's reset ------------------------------------------------------
on_main();
new_browser();
login('admin', DEMO_PASSWORD, offset => $OFF);
$r = G("/admin/accounts/$vid");
like $r->content, qr{id="mfa-state">Aktif sejak}, 'the account page shows the second factor';
my $csrf = csrf_of($r->content);
$r = POST("/admin/accounts/$vid/mfa-reset", content => [csrf => 'x'], offset($OFF));
is $r->code, 403, 'reset without the CSRF token: refused';
is enabled($vid), 1, '... nothing reset';
$r = POST("/admin/accounts/$vid/mfa-reset", content => [csrf => $csrf], offset($OFF));
is $r->code, 303, 'Reset Verifikasi Dua Langkah';
is location($r), "/admin/accounts/$vid?done=mfa-reset", '... back to the account page';
like G(location($r))->content, qr/Verifikasi Dua Langkah akun ini direset/, '... which says so';
is sql_value("SELECT count(*) FROM account_mfa WHERE account_id = $vid")
   + sql_value("SELECT count(*) FROM mfa_recovery WHERE account_id = $vid"), 0,
    '... secret and recovery codes gone';
is sql_value("SELECT count(*) FROM sessions WHERE account_id = $vid"), 0, '... its sessions ended';
ok scalar(grep { /user=admin / && /account=\Q$V\E / && /was_enrolled=1/ }
          audit_lines('mfa.reset', 'admin')), 'audit: mfa.reset (who, whom)';
on_mfa();
use_jar($vjar);
like location(G('/home')), qr{^/login}, 'the reset account\'s browser is logged out';
new_browser();
mfa_login($V);
like G('/login/mfa')->content, qr/Aktifkan Verifikasi Dua Langkah/, '... and enrols again at its next login';
isnt secret_of(G('/login/mfa')->content), $secret, '... with a new secret';
later();

# ---- an Atasan; a voluntary enrolment ------------------------------------------------
new_browser();
$r = mfa_login($A);
is location($r), '/login/mfa', 'PservRequireMFA atasan: an Atasan (a supervisor\'s nopek) must enrol';
new_browser();
mfa_login($P);
like G('/home')->content, qr{href="/settings/mfa">Aktifkan Verifikasi Dua Langkah<},
    'the user menu offers Aktifkan Verifikasi Dua Langkah';
$r = G('/settings/mfa');
my $psecret = secret_of($r->content);
ok $psecret, 'the voluntary enrolment page shows a secret';
$r = mfa_post(code_now(b32_decode($psecret)), path => '/settings/mfa');
is scalar(() = $r->content =~ m{<li><code>[a-z2-7]{5}-[a-z2-7]{5}</code></li>}g), 10,
    'confirmed: 10 recovery codes';
later();
new_browser();
$r = mfa_login($P);
is location($r), '/login/mfa', 'now enrolled, the account is asked for a code although no role requires it';

# ---- the configuration is checked when Apache starts ---------------------------
# apache2 -t with the suite's modules (var/apache-test-base.conf) and one
# MFA directive wrong: refused, with a message saying what to do.
sub configtest {
    my (@lines) = @_;
    my $dir = File::Temp::tempdir(CLEANUP => 1);
    my $base = File::Spec->catfile(Apache::Test::vars('top_dir'), 'var', 'apache-test-base.conf');
    open my $fh, '>', "$dir/httpd.conf" or die "$dir: $!\n";
    print $fh join "\n", "Include \"$base\"", "ServerRoot \"$dir\"", 'ServerName localhost',
        'Listen 127.0.0.1:9', "PidFile \"$dir/pid\"", "ErrorLog \"$dir/error.log\"",
        "DefaultRuntimeDir \"$dir\"", @lines, '';
    close $fh;
    my $httpd = Apache::Test::vars('httpd');
    my $out = `$httpd -t -f $dir/httpd.conf 2>&1`;
    return ($? >> 8, $out);
}
my ($rc, $out) = configtest('PservRequireMFA admin ict_verificator');
isnt $rc, 0, 'apache2 -t: PservRequireMFA without PservMFAKeyFile is refused';
like $out, qr/pserv\[MFA01\]: PservRequireMFA admin ict_verificator needs PservMFAKeyFile/,
    '... saying what is missing';
my $short = File::Temp->new;
print $short "abcdef\n";
close $short;
($rc, $out) = configtest("PservMFAKeyFile \"$short\"", 'PservRequireMFA admin');
isnt $rc, 0, 'a key file that holds no 64 hex digits is refused';
like $out, qr/PservMFAKeyFile: .* must hold the key as 64 hexadecimal digits/, '... saying so';
($rc, $out) = configtest('PservRequireMFA admin chief');
like $out, qr/PservRequireMFA: unknown role 'chief'/, 'an unknown role is refused';
my $keyfile = File::Spec->catfile(Apache::Test::vars('top_dir'), 'var', 'mfa.key');
($rc, $out) = configtest("PservMFAKeyFile \"$keyfile\"", 'PservRequireMFA admin atasan');
is $rc, 0, 'with the key file the same configuration passes' or diag $out;

# ---- pserv-admin mfa-set and mfa-reset -------------------------------------------
my $ADMIN = $ENV{PSERV_ADMIN}
    || File::Spec->catfile(Apache::Test::vars('top_dir'), 'build', 'pserv-admin');
sub admin_run {
    my ($stdin, @args) = @_;
    my $conninfo = Pserv::TestUtil::_conninfo();
    my $in = File::Temp->new;
    print $in $stdin // '';
    close $in;
    my $out = `$ADMIN -d '$conninfo' @args < $in 2>&1`;
    return ($? >> 8, $out);
}
($rc, $out) = admin_run(undef, 'mfa-reset', $P);
is $rc, 0, 'pserv-admin mfa-reset: exit 0';
like $out, qr/^\Q$P\E: second factor reset, \d+ sessions ended$/m, '... says what it did';
is enabled($pid), 0, '... the account is no longer enrolled';
($rc, $out) = admin_run(undef, 'mfa-reset', "nobody.$m");
is $rc, 1, 'mfa-reset of an unknown username: exit 1';
my $known = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
($rc, $out) = admin_run("$known\n", 'mfa-set', $P, '--key', $keyfile);
is $rc, 0, 'pserv-admin mfa-set with a known secret: exit 0';
is enabled($pid), 1, '... the account is enrolled';
later();
on_mfa();
new_browser();
is location(mfa_login($P)), '/login/mfa', '... its login asks Kode Verifikasi';
$r = mfa_post(code_now(b32_decode($known)));
is $r->code, 303, '... and a code from that secret is accepted';
