# The audit log (mod_pserv/audit.c): every security-relevant action leaves
# one "pserv[AUD01]: event=... user=... ip=... req=..." line in the error
# log, with who, what and from where (the time is the log's own), and no
# password, token or query string ever reaches the log.
#
# Each action is done for real; its line is then looked for in the part of
# t/logs/error_log written since the action began. A 403 is logged after
# the response, so a line is waited for (up to a few seconds).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use File::Spec ();
use Time::HiRes ();

plan tests => 123, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

use constant DAY => 86400;
my $m = unique();
my $WRONG = "Salah-Audit-$m-2026";
my $NEW_PW = "Kopi-Tubruk-$m-Senja";
my $NEW_PW2 = "Teh-Poci-$m-Hujan-Sore";
my $LOCK_USER = "audit.lock.$m";
my $PROBE = "audit.ip.$m.";
# Failures ahead of the real clock, where no other test's rows are: the
# username lock at +30 days, the address lock at +40 days.
my $AHEAD_USER = 30 * DAY;
my $AHEAD_IP = 40 * DAY;

my $LOG = File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log');
my $START = -s $LOG // 0;
my @SECRETS = (DEMO_PASSWORD, $WRONG, $NEW_PW, $NEW_PW2);

sub cleanup {
    sql("DELETE FROM login_failures WHERE username LIKE " . lit("audit.%.$m%")
        . " OR at > now() + interval '1 day'");
    sql("DELETE FROM rate_limits WHERE bucket = 'forgot'");
}
cleanup();
END { eval { cleanup() } if db_ok() }

# ---- reading the log ----------------------------------------------------------

sub log_from {
    my ($off) = @_;
    open my $fh, '<', $LOG or die "$LOG: $!\n";
    seek $fh, $off, 0;
    local $/;
    return scalar(<$fh>) // '';
}

# A line's key=value pairs, values decoded (quotes off, %XX undone).
sub fields {
    my ($line) = @_;
    my ($rest) = $line =~ /pserv\[AUD01\]: (.*?)(?:, referer: .*)?$/ or return {};
    my %f;
    while ($rest =~ /\G\s*(\w+)=("(?:[^"]*)"|\S+)/gc) {
        my ($k, $v) = ($1, $2);
        if ($v =~ s/^"(.*)"$/$1/) { $v =~ s/%([0-9A-F]{2})/chr hex $1/ge }
        $f{$k} = $v;
    }
    return \%f;
}

# The audit lines written since offset $off whose fields match %want
# (values: strings or regexps), waiting up to 5 s for at least one.
sub audit_since { audit_tries(50, @_) }

# The same, looked for once: for a line that would have been written
# before the response that was already read (all but a 403's, audit.c),
# when none is wanted.
sub audit_written { audit_tries(1, @_) }

sub audit_tries {
    my ($tries, $off, %want) = @_;
    for my $try (1 .. $tries) {
        my @hits;
        for my $line (grep { /pserv\[AUD01\]/ } split /\n/, log_from($off)) {
            my $f = fields($line);
            next if grep { my $v = $f->{$_};
                           !defined $v || (ref $want{$_} ? $v !~ $want{$_} : $v ne $want{$_}) }
                    keys %want;
            push @hits, { %$f, _line => $line };
        }
        return @hits if @hits || $try == $tries;
        Time::HiRes::sleep(0.1);
    }
    return ();
}

# Exactly one line matching %want since $off; its fields (or {}).
sub one_line {
    my ($what, $off, %want) = @_;
    my @hits = audit_since($off, %want);
    is scalar(@hits), 1, "$what: one audit line"
        or diag "wanted " . join(' ', map { "$_=$want{$_}" } sort keys %want)
              . "\nlog since then:\n" . join("\n", grep { /AUD01/ } split /\n/, log_from($off));
    return $hits[0] // {};
}

sub here { -s $LOG // 0 }

# The lines a production server writes: levels emerg to info, from any
# module, and every line of mod_pserv's own. (Under Apache::Test the core
# logs at trace8, which dumps request lines and headers, tokens included;
# no production server runs at debug or trace.)
sub served {
    join "\n", grep { /\[[\w.]+:(?:emerg|alert|crit|error|warn|notice|info)\]/ || /\[pserv:/ }
        split /\n/, $_[0];
}

# ---- logins --------------------------------------------------------------------------
new_browser();
my $off = here();
my $r = login('maya.puspitasari', DEMO_PASSWORD);
is $r->code, 303, 'maya logs in';
my $f = one_line('login ok', $off, event => 'login.ok');
is $f->{user}, 'maya.puspitasari', '... user';
is $f->{ip}, '127.0.0.1', '... from where';
is $f->{req}, 'POST /login', '... method and path';
like $f->{_line}, qr/\[pserv:notice\]/, '... at notice, from mod_pserv';

$off = here();
$r = logout();
is $r->code, 303, 'maya logs out';
$f = one_line('logout', $off, event => 'logout');
is $f->{user}, 'maya.puspitasari', '... by maya';
is $f->{req}, 'POST /logout', '... POST /logout';

new_browser();
$off = here();
my $wrong = login('hendra.gunawan', $WRONG);
$f = one_line('wrong password', $off, event => 'login.fail', user => 'hendra.gunawan');
is $f->{reason}, 'wrong-password', '... the log says: wrong password';
$off = here();
my $unknown = login("no.such.$m", $WRONG);
$f = one_line('unknown user', $off, event => 'login.fail', user => "no.such.$m");
is $f->{reason}, 'unknown-user', '... the log says: unknown user';
my $msg = sub { $_[0]->content =~ m{id="login-message"[^>]*>([^<]*)<} ? $1 : '' };
ok $msg->($wrong) ne '' && $msg->($wrong) eq $msg->($unknown),
    'the client sees the same message for both';
is $wrong->code, $unknown->code, '... and the same status';
clear_failures('hendra.gunawan', "no.such.$m");

# A typed username is logged safely: control characters encoded, length bounded.
$off = here();
login("evil\tname\x01\x7f\"=x%41", $WRONG);
$f = one_line('a username with control characters', $off, event => 'login.fail',
              reason => 'invalid-username');
is $f->{user}, "evil\tname\x01\x7f\"=x%41", '... logged encoded, decodes to what was typed';
like $f->{_line}, qr/ user="evil%09name%01%7F%22=x%2541" /, '... as %XX, the percent sign too';
$off = here();
login('x' x 300, $WRONG);
$f = one_line('a 300-character username', $off, event => 'login.fail', reason => 'invalid-username');
is $f->{user}, ('x' x 64) . '...', '... cut at 64 characters';

# ---- lockouts --------------------------------------------------------------------------
for my $n (1 .. 4) {
    new_browser();
    login($LOCK_USER, $WRONG, offset => $AHEAD_USER);
}
$off = here();
new_browser();
login($LOCK_USER, $WRONG, offset => $AHEAD_USER);
$f = one_line('the 5th failure locks the username', $off, event => 'lockout', user => $LOCK_USER);
is $f->{lock}, 'username', '... lock=username';
$off = here();
$r = login($LOCK_USER, $WRONG, offset => $AHEAD_USER + 60);
like $r->content, FAILED_LOGIN, 'a login on the locked username: the ordinary failure page';
$f = one_line('a login refused by the lock', $off, event => 'login.locked', user => $LOCK_USER);
is $f->{lock}, 'username', '... lock=username';
is scalar(my @plain = audit_written($off, event => 'login.fail')), 0,
    '... and not logged as a plain failure';

for my $n (1 .. 29) {
    new_browser();
    login(sprintf('%s%02d', $PROBE, $n), $WRONG, offset => $AHEAD_IP);
}
$off = here();
new_browser();
login("${PROBE}30", $WRONG, offset => $AHEAD_IP);
$f = one_line('the 30th failure from one address locks it', $off, event => 'lockout',
              lock => 'address');
is $f->{user}, "${PROBE}30", '... naming the username tried';
is $f->{ip}, '127.0.0.1', '... and the address';
$off = here();
new_browser();
$r = login('maya.puspitasari', DEMO_PASSWORD, offset => $AHEAD_IP + 60);
is $r->code, 200, 'the locked address cannot log in, even with the right password';
$f = one_line('a login refused by the address lock', $off, event => 'login.locked',
              user => 'maya.puspitasari');
is $f->{lock}, 'address', '... lock=address';
cleanup();

# ---- decisions, the Executor's account, the set-password link ----------------------------------
my $t = create_ticket(unit_spec($m, full_name => "Audit Unit $m"));
$off = here();
decide_to('siti.rahayu', $t->{id}, reason => "Setuju $m");
$f = one_line('Atasan approves', $off, event => 'decision', nomor => $t->{nomor});
is $f->{user}, 'siti.rahayu', '... by siti.rahayu';
is $f->{stage}, 'atasan', '... at the Atasan stage';
is $f->{decision}, 'approve', '... approve';
is $f->{status}, 'verificator', '... the ticket now waits for the Verificator';
is $f->{req}, "POST /requests/$t->{id}/decide", '... on /requests/N/decide';

# The wrong person: 403, logged with the reason and the ticket.
as_user('bambang.sutrisno');
$off = here();
$r = decide($t->{id}, reason => "Bukan giliran $m");
is $r->code, 403, 'the Manager deciding at the Verificator stage: 403';
$f = one_line('that 403', $off, event => 'forbidden', nomor => $t->{nomor});
is $f->{user}, 'bambang.sutrisno', '... by bambang.sutrisno';
is $f->{reason}, 'not-this-stage', '... reason not-this-stage';

decide_to('rina.wulandari', $t->{id});
decide_to('bambang.sutrisno', $t->{id});
my $account = "audit.$m";
$off = here();
decide_to('dedi.kurniawan', $t->{id}, reason => "Dibuat $m", user_id => $account);
$f = one_line('Executor confirms', $off, event => 'decision', nomor => $t->{nomor});
is $f->{stage}, 'executor', '... at the Executor stage';
is $f->{status}, 'completed', '... Completed';
$f = one_line('the account made', $off, event => 'account.create');
is $f->{user}, 'dedi.kurniawan', '... by dedi.kurniawan';
is $f->{account}, $account, '... the account';
is $f->{nomor}, $t->{nomor}, '... for the ticket';

my ($link) = (outbox($t->{id}))[-1][2] =~ m{/password/set\?token=([A-Za-z0-9_-]+)};
ok $link, 'the requester got a set-password link';
push @SECRETS, $link if $link;
my $first_link = $link // '';

# A reject.
my $t2 = create_ticket(unit_spec($m, full_name => "Audit Tolak $m"));
as_user('siti.rahayu');
$off = here();
$r = decide($t2->{id}, decision => 'reject', reason => "Tolak $m");
is $r->code, 303, 'the Atasan rejects another ticket';
$f = one_line('the reject', $off, event => 'decision', nomor => $t2->{nomor});
is $f->{decision}, 'reject', '... decision=reject';
is $f->{status}, 'rejected', '... status=rejected';

# A ticket outside one's scope is "not found", like a missing one, and logged.
as_user('maya.puspitasari');
$off = here();
$r = GET("/requests/$t2->{id}");
is $r->code, 404, 'maya opening a UNIT-JKT ticket: 404';
$f = one_line('that 404', $off, event => 'not-visible', ticket => $t2->{id});
is $f->{user}, 'maya.puspitasari', '... by maya';

# Resend by someone without ict_executor: 403 with the role it needs.
as_user('rina.wulandari');
my $csrf = page_csrf();
$off = here();
$r = POST("/requests/$t->{id}/resend", content => [csrf => $csrf]);
is $r->code, 403, 'the Verificator resending the link: 403';
$f = one_line('that 403', $off, event => 'forbidden', user => 'rina.wulandari');
is $f->{reason}, 'role', '... reason=role';
is $f->{require}, 'ict_executor', '... require=ict_executor';

# Resend by an Executor: the old link stops working, a new one is logged.
as_user('sari.permata');
$csrf = page_csrf();
$off = here();
$r = POST("/requests/$t->{id}/resend", content => [csrf => $csrf]);
is $r->code, 303, 'the Executor resends the link';
$f = one_line('the resend', $off, event => 'password.link');
is $f->{reason}, 'resent', '... reason=resent';
is $f->{account}, $account, '... for the account';
is $f->{user}, 'sari.permata', '... by sari.permata';
($link) = (outbox($t->{id}))[-1][2] =~ m{/password/set\?token=([A-Za-z0-9_-]+)};
push @SECRETS, $link if $link;

# ---- setting the password through the link ------------------------------------------
new_browser();
my $page_url = "/password/set?token=$link";
my $referer = abs_url($page_url);
$r = GET($page_url);
is $r->code, 200, 'the link opens the set-password page';
is $r->header('Referrer-Policy'), 'strict-origin',
    '... which tells the browser to send only the origin as Referer';
my $pw_csrf = csrf_of($r->content);
# A browser that ignores the policy still sends the whole URL: the server
# cuts it before anything is logged.
$off = here();
$r = POST('/password/set', content => [csrf => $pw_csrf, token => $link, password => $NEW_PW,
                                       password2 => $NEW_PW], Referer => $referer);
is $r->code, 200, 'the password is set';
like $r->content, qr/berhasil diubah/, '... the success page';
$f = one_line('password set', $off, event => 'password.set');
is $f->{user}, $account, '... for the account';
is $f->{account}, $account, '... account=';
is $f->{req}, 'POST /password/set', '... POST /password/set';
unlike served(log_from($off)), qr/token=/, '... and no "token=" in the log (the Referer was cut)';

is GET("/password/set?token=$first_link")->code, 410, 'the link the resend replaced no longer works';

new_browser();
$off = here();
$r = login($account, $NEW_PW);
is $r->code, 303, 'the new account logs in with it';
one_line('its login', $off, event => 'login.ok', user => $account);
my $account_jar = jar();

# ---- Lupa Password? -------------------------------------------------------------------------------
new_browser();
my ($fcsrf) = get_csrf('/password/forgot');
$off = here();
$r = POST('/password/forgot', content => [csrf => $fcsrf, login => $account]);
is $r->code, 200, 'a new link is asked for the account';
$f = one_line('forgot password, a known account', $off, event => 'password.forgot');
is $f->{login}, $account, '... what was typed';
is $f->{account}, $account, '... the account found';
is $f->{link}, 'queued', '... link=queued (the mail worker sends it)';
my $reset = sql_value("SELECT substring(body_text FROM 'token=([A-Za-z0-9_-]+)') FROM mail_outbox"
                      . " WHERE to_addr = " . lit("unit.$m\@unit.example") . " ORDER BY id DESC LIMIT 1");
ok $reset, '... and mailed';
push @SECRETS, $reset if $reset;

# Setting a password through the reset link ends the account's sessions;
# the link works once.
new_browser();
$r = GET("/password/set?token=" . ($reset // ''));
my $rcsrf = csrf_of($r->content);
my @set = (csrf => $rcsrf, token => $reset // '', password => $NEW_PW2, password2 => $NEW_PW2);
$off = here();
is POST('/password/set', content => \@set)->code, 200, 'the reset link sets a new password';
one_line('that password set', $off, event => 'password.set', user => $account);
is POST('/password/set', content => \@set)->code, 410, '... once: the same link again is 410';
use_jar($account_jar);
is GET('/home')->code, 303, 'the session from before the new password has ended';

new_browser();
($fcsrf) = get_csrf('/password/forgot');
$off = here();
$r = POST('/password/forgot', content => [csrf => $fcsrf, login => "nobody.$m\@x.example"]);
$f = one_line('forgot password, nobody', $off, event => 'password.forgot');
is $f->{account}, '-', '... account=- (the client is told the same either way)';

# ---- every 403 ----------------------------------------------------------------------------------------
new_browser();
($csrf) = get_csrf('/login');
$off = here();
$r = POST('/login', content => [csrf => 'x' . ($csrf // ''), username => 'maya.puspitasari',
                                password => DEMO_PASSWORD]);
is $r->code, 403, 'a login with a bad CSRF token: 403';
$f = one_line('that 403', $off, event => 'forbidden', req => 'POST /login');
is $f->{reason}, 'csrf', '... reason=csrf';
is $f->{user}, '-', '... nobody logged in';

$off = here();
$r = POST('/login', content => [csrf => $csrf, username => 'maya.puspitasari',
                                password => DEMO_PASSWORD], Origin => 'http://evil.example');
is $r->code, 403, 'a login from another origin: 403';
$f = one_line('that 403', $off, event => 'forbidden', reason => 'origin');
is $f->{origin}, 'http://evil.example', '... naming the origin';

as_user('maya.puspitasari');
$off = here();
$r = GET('/test-role/manager?token=QUERYSECRET' . $m);
is $r->code, 403, 'maya on a page for ICT Managers: 403 (Require pserv-role)';
$f = one_line('that 403', $off, event => 'forbidden', user => 'maya.puspitasari');
is $f->{reason}, 'role', '... reason=role';
is $f->{require}, 'ict_manager', '... require=ict_manager';
is $f->{req}, 'GET /test-role/manager', '... the path, without the query string';
unlike served(log_from($off)), qr/QUERYSECRET/, '... the query string is nowhere in the log';

my $fake = 'A' x 20 . '_' . 'b' x 22;
$off = here();
$r = GET("/test-role/manager/$fake/x");
is $r->code, 403, 'a path with a token-shaped segment: 403';
$f = one_line('that 403', $off, event => 'forbidden', user => 'maya.puspitasari');
is $f->{req}, 'GET /test-role/manager/[redacted]/x', '... the segment redacted';

$off = here();
$r = POST('/logout', content => [csrf => 'wrong']);
is $r->code, 403, 'logout with a wrong token: 403';
$f = one_line('that 403', $off, event => 'forbidden', req => 'POST /logout');
is $f->{user}, 'maya.puspitasari', '... by maya';
is $f->{reason}, 'csrf', '... reason=csrf';

# Pages, lists and an unknown path write no audit line.
$off = here();
GET('/home');
GET('/no-such-page');
GET('/requests');
Time::HiRes::sleep(0.5);    # a late line (as a 403's) would be there by now
is scalar(my @none = audit_written($off, event => qr/./)), 0, 'ordinary requests write no audit line';

# ---- nothing secret anywhere ----------------------------------------------------------------------
my $all = served(log_from($START));
my @audit = grep { /pserv\[AUD01\]/ } split /\n/, $all;
ok @audit >= 30, scalar(@audit) . ' audit lines written by this test';
for my $s (@SECRETS) {
    my $shown = length $s > 12 ? substr($s, 0, 6) . '...' : 'a password';
    ok index($all, $s) < 0, "the error log never holds $shown";
}
my @session_tokens;
jar()->scan(sub { push @session_tokens, $_[2] if $_[1] =~ /pserv_(session|csrf)/ });
ok !(grep { index($all, $_) >= 0 } @session_tokens), 'nor a session or CSRF cookie value';
ok !(grep { /\breq="[^"]*\?/ } @audit), 'no audit line has a query string in req';
ok !(grep { !/event=[a-z.-]+ user=\S+ ip=\S+ req="[A-Z]+ \// } @audit),
    'every audit line starts event=, user=, ip=, req="METHOD /path"';
