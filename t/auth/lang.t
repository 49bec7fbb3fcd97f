# Signing in and the pages around it in English (issue 20): a person who
# picks English (the switch's pserv_lang cookie, or Accept-Language) logs
# in and is refused in English (the lockout too), sets a password from the
# mail link, enrols and uses two-step verification, decides from a mail
# link and changes Pengaturan Notifikasi entirely in English; the same
# pages without a choice stay in Bahasa Indonesia as before. The choice
# made with the switch before login becomes the account's at login
# (signin.c: audit lang.set via=login), and a decision link speaks its
# account's language whatever the browser says (handle_maildecide.c).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(unique create_ticket ho_spec outbox input_value decoded_text b32_decode totp_at);
use Pserv::Log ();
use Digest::SHA qw(hmac_sha1 sha256_hex);
use MIME::Base64 qw(encode_base64url);

plan tests => 137, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $U = "lang.$m";        # no role: never asked for a second factor
my $V = "langv.$m";       # an ICT Verificator: enrols on the MFA host
my $NEW = "langn.$m";     # sets its password from a link
my $LOCKED = "lang.lock.$m";
my $START = Pserv::Log::here();
my $ATASAN = 'maya.puspitasari';
my @EN = ('Accept-Language' => 'en-US,en;q=0.9');

sub make_account {
    my ($user, @roles) = @_;
    my $id = sql_value("INSERT INTO accounts (username, full_name, email, password_hash,"
        . " password_set_at) SELECT " . lit($user) . ", 'Lang Test', "
        . lit("$user\@ptpr.example") . ", password_hash, now() FROM accounts"
        . " WHERE username = 'admin' RETURNING id");
    sql("INSERT INTO account_roles (account_id, role) VALUES ($id, " . lit($_) . ")")
        for @roles;
    return $id;
}
sub cleanup {
    sql("DELETE FROM accounts WHERE username LIKE " . lit("lang%.$m"));
    sql("DELETE FROM login_failures WHERE username LIKE " . lit("lang%.$m"));
    sql("DELETE FROM rate_limits WHERE bucket IN ('forgot', 'mail-decide')");
    sql("UPDATE accounts SET lang = NULL WHERE username = " . lit($ATASAN));
}
cleanup();
END { eval { cleanup() } if db_ok() }
my $uid = make_account($U);
my $vid = make_account($V, 'ict_verificator');
my $nid = sql_value("INSERT INTO accounts (username, full_name, email) VALUES ("
                    . lit($NEW) . ", 'Lang New', " . lit("$NEW\@ptpr.example") . ") RETURNING id");

sub lang_of { sql_value("SELECT coalesce(lang, '-') FROM accounts WHERE username = " . lit($_[0])) }
sub text_of { my $t = decoded_text($_[0]->content); $t =~ s/\s+/ /g; return $t }
sub h1 { $_[0]->content =~ m{<h1[^>]*>([^<]*)</h1>} ? $1 : '' }
sub message { $_[0]->content =~ m{id="login-message"[^>]*>([^<]*)<} ? $1 : '' }
sub flash_error { $_[0]->content =~ m{class="notice notice-error"[^>]*>\s*([^<]+)} ? $1 : '' }
sub english { new_browser(); set_cookie(pserv_lang => 'en') }
sub audit { Pserv::Log::audit_lines($START, @_) }
my $EN_FAILED = qr{^Login failed\. Check your Username and Password, or try again in a moment\.$};

# ---- the login page's refusals --------------------------------------------------
english();
my $r = login($U, '');
is message($r), 'Username and Password are required.', 'English: an empty password is refused in English';
$r = login($U, 'Wrong-Password-2026');
like message($r), $EN_FAILED, 'English: a wrong password';
unlike $r->content, qr/Login gagal/, '... and no Indonesian';
new_browser();
$r = login($U, 'Wrong-Password-2026', headers => [@EN]);
like message($r), $EN_FAILED, 'Accept-Language en (no cookie): the same in English';
new_browser();
$r = login($U, 'Wrong-Password-2026');
like message($r), FAILED_LOGIN, 'no choice: Bahasa Indonesia, as before';
is message($r), 'Login gagal. Periksa kembali Username dan Password Anda, atau coba lagi beberapa saat lagi.',
    '... to the letter';
$r = login($U, '');
is message($r), 'Username dan Password wajib diisi.', '... and the empty field too';

# The lockout answers with the same words, in English for an English reader.
english();
login($LOCKED, "Wrong-$_-2026") for 1 .. 5;
my $mark = Pserv::Log::here();
$r = login($LOCKED, 'Wrong-6-2026');
like message($r), $EN_FAILED, 'English: a locked username is told in English';
ok scalar(Pserv::Log::audit_lines($mark, 'login.locked', user => $LOCKED)), '... it was the lock that answered';
new_browser();
$r = login($LOCKED, 'Wrong-6-2026');
like message($r), FAILED_LOGIN, '... and in Bahasa Indonesia without a choice';

english();
$r = GET('/login?logout=1');
is message($r), 'You have logged out of P-Serv.', 'English: after logout';
$r = GET('/login?next=/requests');
is message($r), 'Please log in to continue.', 'English: a page that needs a login';
new_browser();
is message(GET('/login?logout=1')), 'Anda telah logout dari P-Serv.', 'Bahasa Indonesia: after logout, as before';
is message(GET('/login?next=/requests')), 'Silakan login untuk melanjutkan.', '... and before a page that needs a login';

# SSO misconfigured: the same refusal in either language.
english();
$r = GET('/login/sso/open');
is $r->code, 403, 'English: a hand-off from an unprotected location is refused';
like message($r), qr{^Login with SSO is not set up correctly on this server\.}, '... in English';
new_browser();
like message(GET('/login/sso/open')), qr{^Login dengan SSO belum disiapkan dengan benar di server ini\.},
    '... and in Bahasa Indonesia without a choice';

# A directory's user without a P-Serv account (t/auth/ldap.t's setup
# "ldap-uid"): signin.c's refusal, in either language.
SKIP: {
    my $dev = $ENV{PSERV_DEV};
    skip 'no directory (scripts/dev.sh ldap_start, LDAP_PORT)', 7
        unless $dev && -x $dev && $ENV{LDAP_PORT} && need_module('authnz_ldap')
        && system($dev, 'ldap_start') == 0;
    my ($dir, $dirpw) = ("langd$m", "Dir-$m-2026");
    open my $fh, '|-', $dev, 'ldap_add' or die "ldap_add: $!";
    print $fh "dn: uid=$dir,ou=people,dc=pserv,dc=test\nobjectClass: inetOrgPerson\n"
        . "uid: $dir\ncn: Lang $dir\nsn: $dir\nuserPassword: $dirpw\n\n";
    close $fh or die "ldap_add $dir failed\n";
    my @via = (headers => [ 'X-Pserv-Test-Directory' => 'ldap-uid' ]);
    english();
    $r = login($dir, $dirpw, @via);
    is message($r), 'You do not have a P-Serv account yet. Ask a P-Serv Administrator to create one for you.',
        'English: a directory user without an account is told in English';
    new_browser();
    $r = login($dir, $dirpw, @via);
    is message($r), 'Anda belum memiliki akun P-Serv. Hubungi Administrator P-Serv untuk membuatkan akun Anda.',
        '... and in Bahasa Indonesia, as before';
    ok !set_cookie_line($r, 'pserv_session'), '... no session';
    # The directory down: auth.c's own message.
    is system($dev, 'ldap_stop'), 0, 'the directory stops';
    english();
    like message(login($dir, $dirpw, @via)), qr{^The company directory cannot be reached, so company network passwords cannot be checked right now\.},
        'English: the directory down, told in English';
    new_browser();
    like message(login($dir, $dirpw, @via)), qr{^Direktori perusahaan tidak dapat dihubungi, jadi password jaringan perusahaan tidak dapat diperiksa saat ini\.},
        '... and in Bahasa Indonesia, as before';
    is system($dev, 'ldap_start'), 0, 'the directory starts again';
}

# ---- the switch's choice sticks at login ---------------------------------------------
is lang_of($U), '-', 'the account has chosen no language';
new_browser();
GET('/lang/en?next=/login');
is cookie('pserv_lang'), 'en', 'English chosen on the login page (the switch)';
$mark = Pserv::Log::here();
$r = login($U, DEMO_PASSWORD);
is location($r), '/home', 'the login works';
is lang_of($U), 'en', '... and the account now speaks English';
ok scalar(Pserv::Log::audit_lines($mark, 'lang.set', user => $U, from => '-', to => 'en', via => 'login')),
    '... audited lang.set via=login';
drop_cookie('pserv_lang');
$r = GET('/home');
is h1($r), 'Home', 'without the cookie, the account\'s choice: Home in English';
like $r->content, qr{<html[^>]* lang="en"}, '... <html lang="en">';
$r = GET('/helpdesk');
like $r->content, qr{<p class="lead">Information technology support for PT Pertamina Retail\.</p>},
    'ICT Helpdesk in English';
like $r->content, qr{<p>The list of requests for new User IDs on the active platform systems: search, open and process their approval\.</p>}, '... its service too';
unlike text_of($r), qr/Segera hadir|Laporan Gangguan/, '... and no Indonesian';

$mark = Pserv::Log::here();
new_browser();
set_cookie(pserv_lang => 'en');
login($U, DEMO_PASSWORD);
is lang_of($U), 'en', 'logging in again with the same choice';
ok !Pserv::Log::audit_now($mark, 'lang.set', user => $U), '... changes nothing and writes no lang.set';
new_browser();
login($U, DEMO_PASSWORD);
is lang_of($U), 'en', 'logging in without a choice keeps the account\'s';
new_browser();
set_cookie(pserv_lang => 'id');
$mark = Pserv::Log::here();
login($U, DEMO_PASSWORD);
is lang_of($U), 'id', 'Bahasa chosen before another login: the account follows';
ok scalar(Pserv::Log::audit_lines($mark, 'lang.set', user => $U, from => 'en', to => 'id')),
    '... audited from=en to=id';
$r = GET('/helpdesk');
like $r->content, qr{<p class="lead">Layanan bantuan teknologi informasi PT Pertamina Retail\.</p>},
    'ICT Helpdesk in Bahasa Indonesia, as before';
like $r->content, qr{<ul class="card-grid" aria-label="Layanan ICT Helpdesk">}, '... to the letter';
like $r->content, qr{<p>Daftar permohonan User ID baru untuk platform system yang aktif: cari, buka, dan proses persetujuannya\.</p>}, '... Request User ID\'s text (no "Segera hadir" card since issue 22)';
is h1(GET('/home')), 'Halaman Utama', '... and Halaman Utama';

# ---- Pengaturan Notifikasi in English --------------------------------------------------
english();
login($U, DEMO_PASSWORD);
is lang_of($U), 'en', 'English again';
$r = GET('/settings/notifications');
is h1($r), 'Notification Settings', 'Notification Settings: the title';
my $t = text_of($r);
like $t, qr/Choose how you are told about User ID requests waiting for you to act/, '... the lead';
like $t, qr/Every ticket .*One e-mail a day at 08:00 WIB .*Both/, '... the three choices';
like $r->content, qr{<button type="submit" class="btn btn-primary">Save Settings</button>}, '... Save Settings';
like $r->content, qr{<a href="/home">Home</a>}, '... the crumb Home';
unlike $t, qr/Setiap tiket|Keduanya|Simpan Pengaturan|Halaman Utama/, '... no Indonesian';
my $csrf = csrf_of($r->content);
$r = POST('/settings/notifications', content => [csrf => $csrf, notify => 'weekly']);
is $r->code, 400, 'an unknown choice is refused';
is flash_error($r), 'Choose one: Every ticket, One e-mail a day at 08:00 WIB, or Both. Nothing was saved.', '... in English';
$r = POST('/settings/notifications', content => [csrf => $csrf, notify => 'digest']);
is $r->code, 303, 'the digest chosen';
$r = GET(location($r));
like text_of($r), qr/Notification Settings saved: One e-mail a day at 08:00 WIB\./, '... and confirmed in English';
sql("UPDATE accounts SET lang = NULL WHERE id = $uid");
drop_cookie('pserv_lang');
$r = GET('/settings/notifications?done=saved');
like text_of($r), qr/Pengaturan Notifikasi disimpan: Satu e-mail sehari pukul 08:00 WIB\./,
    'the same in Bahasa Indonesia, as before';
like $r->content, qr{<p class="lead">Pilih cara Anda diberi tahu tentang permohonan User ID yang menunggu tindakan Anda: sebagai Atasan Pemohon, pemegang peran ICT, penerima delegasi \(<strong>atas nama</strong> pemberi delegasi\), atau tiket yang dialihkan kepada Anda\.</p>},
    '... its lead to the letter';

# SSO logout page (virtual host pserv_sso): English too.
Apache::TestRequest::module('pserv_sso');
english();
login($U, DEMO_PASSWORD);
$r = POST('/logout', content => [csrf => logout_form_csrf(GET('/home')->content)]);
is $r->code, 200, 'logout through the identity provider: a page';
like text_of($r), qr/You have logged out of P-Serv\. Now logging out of the company login system\.\.\./, '... in English';
like $r->content, qr{>Continue</a>}, '... Continue';
Apache::TestRequest::module('default');

# ---- Lupa Password? and setting a password from the link ------------------------------
english();
$r = GET('/password/forgot');
is h1($r), 'Forgot your password?', 'Forgot your password?: the title';
like text_of($r), qr/Enter the Username or e-mail address of your account\./, '... the lead';
like $r->content, qr{<label for="login">Username or E-mail</label>}, '... the label';
$csrf = csrf_of($r->content);
$r = POST('/password/forgot', content => [csrf => $csrf, login => '']);
like text_of($r), qr/Enter your Username or e-mail address\./, 'nothing typed: told in English';
$r = POST('/password/forgot', content => [csrf => $csrf, login => $NEW]);
like text_of($r), qr/If that Username or e-mail address is registered, a link to set a new password has been sent/,
    'a request: the same answer as for anybody, in English';
new_browser();
($csrf) = get_csrf('/password/forgot');
$r = POST('/password/forgot', content => [csrf => $csrf, login => $NEW]);
like text_of($r), qr/Jika Username atau E-mail tersebut terdaftar, link untuk membuat password baru telah dikirim ke e-mail akun tersebut\. Periksa kotak masuk Anda\./,
    '... and in Bahasa Indonesia, as before';

sub link_for {
    my ($account) = @_;
    my $token = encode_base64url(join '', map { chr int rand 256 } 1 .. 32);
    sql("INSERT INTO one_time_tokens (token_hash, purpose, account_id, created_at, expires_at)"
        . " VALUES (decode(" . lit(sha256_hex($token)) . ", 'hex'), 'set_password', $account,"
        . " now(), now() + interval '3 days')");
    return $token;
}
my $tok = link_for($nid);
english();
$r = GET("/password/set?token=$tok");
is $r->code, 200, 'the set-password link opens';
is h1($r), 'Change Password', '... Change Password';
like $r->content, qr{<label for="password">New Password</label>}, '... New Password';
like $r->content, qr{<label for="password2">Confirm New Password</label>}, '... Confirm New Password';
like $r->content, qr{<label for="show-password">Show Password</label>}, '... Show Password';
like $r->content, qr{<button type="submit" class="btn btn-primary btn-block">Change Password</button>}, '... the button';
like text_of($r), qr/Create a password for your new User ID, Lang New ?\./, '... the lead';
$csrf = csrf_of($r->content);
sub set_pw { POST('/password/set', content => [csrf => $csrf, token => $tok, password => $_[0], password2 => $_[1] // $_[0]]) }
$r = set_pw('Short-1');
like text_of($r), qr/New Password must be at least 12 characters long\./, 'too short: told in English';
$r = set_pw('Kopi-Tubruk-2026!', 'Kopi-Tubruk-2026?');
like text_of($r), qr/Confirm New Password does not match New Password\./, 'not confirmed: in English';
$r = set_pw('password1234');
like text_of($r), qr/New Password is too easy to guess/, 'easy to guess: in English';
$r = set_pw('Kopi-Tubruk-2026!');
is $r->code, 200, 'a good password is set';
is h1($r), 'Password Changed', '... Password Changed';
like text_of($r), qr/The password for User ID \Q$NEW\E has been changed\. Please log in with your User ID and your new password\./,
    '... said in English';
like $r->content, qr{>Back to the Login Page</a>}, '... with the way back';
$r = GET("/password/set?token=$tok");
is $r->code, 410, 'the used link: 410';
like text_of($r), qr/This link has already been used/, '... said in English';
new_browser();
$r = GET("/password/set?token=$tok");
like text_of($r), qr/Link ini sudah digunakan: password untuk User ID ini sudah dibuat\./,
    '... and in Bahasa Indonesia, as before';
$tok = link_for($nid);
($csrf) = get_csrf("/password/set?token=$tok");
$r = set_pw('Short-1');
like text_of($r), qr/Password Baru minimal 12 karakter\./, 'Bahasa Indonesia: too short, as before';
$r = set_pw('Kopi-Tubruk-2026!', 'Kopi-Tubruk-2026?');
like text_of($r), qr/Konfirmasi Password Baru tidak sama dengan Password Baru\./, '... not confirmed, as before';
like $r->content, qr{<label for="password2">Konfirmasi Password Baru</label>}, '... the page as before';

# ---- two-step verification (virtual host pserv_mfa) -----------------------------------
my $OFF = 0;
sub G { GET($_[0], offset($OFF)) }
sub mfa_post {
    my ($code, $path) = @_;
    $path //= '/login/mfa';
    my ($c) = get_csrf($path, offset($OFF));
    return POST($path, content => [csrf => $c // '', code => $code], offset($OFF));
}
Apache::TestRequest::module('pserv_mfa');
english();
$r = G('/login/mfa');
like text_of($r), qr/The time to enter the Verification Code has run out \(5 minutes\)/, 'MFA: no pending login, in English';
new_browser();
like text_of(G('/login/mfa')), qr/Waktu untuk memasukkan Kode Verifikasi telah habis \(5 menit\)/,
    '... and in Bahasa Indonesia, as before';
english();
$r = login($V, DEMO_PASSWORD, offset => $OFF);
is location($r), '/login/mfa', 'the ICT Verificator must enrol';
$r = G('/login/mfa');
is h1($r), 'Turn On Two-Step Verification', '... Turn On Two-Step Verification';
$t = text_of($r);
like $t, qr/The account \Q$V\E uses two-step verification/, '... the lead';
like $t, qr/1\. Scan the QR code .*2\. Enter the code from the app/, '... the steps';
like $r->content, qr{<svg[^>]*aria-label="QR code for the authenticator app"}, '... the QR code\'s name';
like $r->content, qr{<label for="code">Verification Code</label>}, '... Verification Code';
like $r->content, qr{<button type="submit" class="btn btn-primary">Turn On</button>}, '... Turn On';
unlike $t, qr/Kode Verifikasi|Pindai|Aktifkan/, '... no Indonesian';
my ($secret) = $r->content =~ m{id="mfa-secret">([A-Z2-7]+)<};
my $key = b32_decode($secret // '');
$r = mfa_post('12ab');
is flash_error($r), 'Enter the 6 digits from your authenticator app, or one of your recovery codes.', 'not a code: told in English';
$r = mfa_post(totp_at($key, time() + $OFF) eq '000000' ? '111111' : '000000');
like flash_error($r), qr/^The Verification Code is wrong or has expired\./, 'a wrong code: in English';
$r = mfa_post(totp_at($key, time() + $OFF));
is $r->code, 200, 'the right code enrols';
is h1($r), 'Recovery Codes', '... Recovery Codes';
like text_of($r), qr/Two-Step Verification is on\..* Save your recovery codes .*These codes are shown only once ?: write them down/,
    '... said in English';
like $r->content, qr{>Continue</a>}, '... Continue';
$r = G('/settings/mfa');
is h1($r), 'Two-Step Verification', 'the account\'s Two-Step Verification page';
like text_of($r), qr/Two-Step Verification has been on since \d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2} WIB\. /,
    '... since when, an English date';
like text_of($r), qr/Recovery codes not used yet: 10 of 10\./, '... the codes left';
is lang_of($V), 'en', 'the choice became the account\'s at login';

my $used = totp_at($key, time() + $OFF);
new_browser();    # no cookie now: the account's choice is not known before login
set_cookie(pserv_lang => 'en');
login($V, DEMO_PASSWORD, offset => $OFF);
$r = G('/login/mfa');
is h1($r), 'Verification Code', 'the next login: Verification Code';
like text_of($r), qr/Logging in as \Q$V\E ?\. Enter the 6-digit Verification Code from the authenticator app on your phone\./,
    '... in English';
like $r->content, qr{<button type="submit" class="btn btn-primary">Verify</button>}, '... Verify';
like $r->content, qr{>Cancel, back to Login</a>}, '... and the way back';
$r = mfa_post($used);
is flash_error($r), 'This code has already been used. Wait for the next code in your authenticator app.', 'a replayed code: in English';
$OFF += 60;
$r = mfa_post(totp_at($key, time() + $OFF));
is location($r), '/home', 'a fresh code logs in';
drop_cookie('pserv_lang');
$r = G('/settings/mfa');
like text_of($r), qr/Two-Step Verification has been on since/, '... the account speaks English without the cookie';
Apache::TestRequest::module('default');

# ---- deciding from the mail ---------------------------------------------------------
sub token_in {
    my ($body) = @_;
    return $body =~ m{/mail/decide\?t=([A-Za-z0-9_-]{43})&a=approve\b} ? $1 : undef;
}
new_browser();
my $tk = create_ticket(ho_spec($m, note => "Bahasa $m"));
my $email = sql_value("SELECT e.email FROM requests r JOIN employees e ON e.nopek = r.atasan_nopek WHERE r.id = $tk->{id}");
my ($mail) = grep { lc $_->[0] eq lc $email && $_->[2] =~ m{/mail/decide} } outbox($tk->{id});
my $dtok = $mail && token_in($mail->[2]);
ok $dtok, 'the Atasan\'s mail carries her decision links';
sql("UPDATE accounts SET lang = 'en' WHERE username = " . lit($ATASAN));
new_browser();    # no cookie, no Accept-Language: the link's account speaks
$r = GET("/mail/decide?t=$dtok&a=approve");
is $r->code, 200, 'the Atasan (English chosen) opens Setujui';
is h1($r), 'Approve Request', '... Approve Request';
like $r->content, qr{<html[^>]* lang="en"}, '... in English, her choice, whatever the browser';
$t = text_of($r);
like $t, qr/Are you sure you want to approve request \Q$tk->{nomor}\E\?/, '... the question';
like $t, qr/You are deciding as Maya Puspitasari ?, Atasan Pemohon\./, '... as whom';
like $t, qr/Number \Q$tk->{nomor}\E Requester .* User ID Type HO - Organik\/PKWT Division\/Branch\/Unit .* Stage Atasan Pemohon Request Date \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} WIB Decision .*Approve/,
    '... the essentials, an English date';
like $r->content, qr{<label for="md-reason">Reason</label>}, '... Reason';
like $t, qr/Yes, Proceed with This Request/, '... the button';
like $r->content, qr{>Log in to open the ticket</a>}, '... and the way to the login';
unlike $t, qr/Anda|Tahap|Alasan|Keputusan/, '... no Indonesian';
my $dcsrf = csrf_of($r->content) // cookie('pserv_csrf');
$r = POST('/mail/decide', content => [t => $dtok, a => 'approve', status => 'atasan']);
is $r->code, 403, 'a POST without the form\'s token';
like text_of($r), qr/This form has expired\. Check your reason, then send it once more\./, '... told in English';
$dcsrf = csrf_of($r->content) // cookie('pserv_csrf');
$r = POST('/mail/decide', content => [t => $dtok, a => 'approve', status => 'atasan',
                                      csrf => $dcsrf, reason => "Approved $m"]);
is $r->code, 200, 'the decision';
is h1($r), 'Request Approved', '... Request Approved';
like text_of($r), qr/Request \Q$tk->{nomor}\E has been approved and passed on to the next stage\./, '... in English';
$r = GET("/mail/decide?t=$dtok&a=approve");
is $r->code, 410, 'the used link';
is h1($r), 'Link No Longer Valid', '... Link No Longer Valid';
like text_of($r), qr/This link is no longer valid: request \Q$tk->{nomor}\E was already approved at the Atasan Pemohon stage by Maya Puspitasari on \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} WIB, and it now waits at the ICT Verificator stage\./,
    '... what happened, in English';
sql("UPDATE accounts SET lang = NULL WHERE username = " . lit($ATASAN));
$r = GET("/mail/decide?t=$dtok&a=approve");
like text_of($r), qr/Link ini tidak berlaku lagi: permohonan \Q$tk->{nomor}\E sudah disetujui pada tahap Atasan Pemohon oleh Maya Puspitasari pada \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}\.\d{2} WIB, dan kini menunggu tahap ICT Verificator\./,
    'without her choice: Bahasa Indonesia, as before';
$r = GET("/mail/decide?t=$dtok&a=approve", @EN);
like text_of($r), qr/This link is no longer valid: request/, '... and the browser\'s English when she chose nothing';
$r = GET('/mail/decide?t=' . ('Q' x 43) . '&a=approve', @EN);
is $r->code, 404, 'an unknown link';
is h1($r), 'Invalid Link', '... Invalid Link';
like text_of($r), qr/This decision link is not valid\./, '... in English';
new_browser();
$r = GET('/mail/decide?t=' . ('Q' x 43) . '&a=approve');
like text_of($r), qr/Link keputusan ini tidak valid\. Periksa kembali link pada e-mail yang Anda terima/,
    '... and in Bahasa Indonesia, as before';
