# Lupa Password? and a link that still works (issue 16, item 7): asking for
# a new link revokes the account's earlier unused links only once the new
# mail is queued, and only those mailed to that same address. An
# onboarding link mailed to the address of the request keeps working when
# the account's e-mail has changed since (the reset goes to the new
# address), and when no mail is queued at all.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Digest::SHA qw(sha256_hex);
use MIME::Base64 qw(encode_base64url);

plan tests => 12, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my ($user, $bare) = ("fl.$m", "fl.bare.$m");
my ($old, $new) = ("fl.old.$m\@ptpr.example", "fl.new.$m\@ptpr.example");
sub cleanup {
    sql("DELETE FROM accounts WHERE username IN (" . lit($user) . ", " . lit($bare) . ")");
    sql("DELETE FROM mail_outbox WHERE to_addr LIKE " . lit("fl.%.$m\@ptpr.example"));
    sql("DELETE FROM rate_limits WHERE bucket = 'forgot'");
}
cleanup();
END { eval { cleanup() } if db_ok() }

my $id = sql_value("INSERT INTO accounts (username, full_name, email) VALUES ("
                   . lit($user) . ", 'Forgot Link', " . lit($old) . ") RETURNING id");
my $bare_id = sql_value("INSERT INTO accounts (username, full_name) VALUES ("
                        . lit($bare) . ", 'No Mail') RETURNING id");

# A link as the module makes one: the token's SHA-256 stored, the mail
# carrying it to $to written at the same moment.
sub link_to {
    my ($account, $to, $ago) = @_;
    my $token = encode_base64url(join '', map { chr int rand 256 } 1 .. 32);
    my $at = lit(sql_value("SELECT now() - interval '$ago minutes'")) . "::timestamptz";
    sql("WITH t AS (SELECT $at AS at)"
        . " INSERT INTO one_time_tokens (token_hash, purpose, account_id, created_at, expires_at)"
        . " SELECT decode(" . lit(sha256_hex($token)) . ", 'hex'), 'set_password', $account,"
        . " t.at, t.at + interval '3 days' FROM t");
    sql("WITH t AS (SELECT $at AS at)"
        . " INSERT INTO mail_outbox (to_addr, subject, body_text, status, created_at)"
        . " SELECT " . lit($to) . ", '[P-Serv] User ID Anda telah dibuat',"
        . lit("Buat password Anda melalui link berikut:\n" . own_origin()
              . "/password/set?token=$token\n") . ", 'sent', t.at FROM t");
    return $token;
}
sub works { GET("/password/set?token=$_[0]")->code }
sub forgot {
    new_browser();
    my ($csrf) = get_csrf('/password/forgot');
    return POST('/password/forgot', content => [csrf => $csrf, login => $_[0]]);
}
sub mails_to { sql_value("SELECT count(*) FROM mail_outbox WHERE to_addr = " . lit($_[0])) }

# ---- the onboarding link went to the request's address; the account's changed since ----
my $onboard = link_to($id, $old, 60);
is works($onboard), 200, 'the onboarding link works';
sql("UPDATE accounts SET email = " . lit($new) . " WHERE id = $id");
my $r = forgot($user);
is $r->code, 200, 'Lupa Password? for the account';
is mails_to($new), 1, '... a reset mail is queued to its e-mail now';
is works($onboard), 200, '... and the onboarding link, mailed elsewhere, still works';

# ---- a link mailed to the same address is replaced ---------------------------------------
my $earlier = link_to($id, $new, 30);
is works($earlier), 200, 'a link mailed to the account\'s e-mail works';
forgot(uc $new);
is mails_to($new), 3, 'Lupa Password? again (by e-mail, any case): one more mail';
is works($earlier), 410, '... the link mailed to that same address no longer works';
my $reset = sql_value("SELECT substring(body_text FROM 'token=([A-Za-z0-9_-]{43})') FROM mail_outbox"
                      . " WHERE to_addr = " . lit($new) . " ORDER BY id LIMIT 1");
is works($reset), 410, '... nor the first reset link';
is works($onboard), 200, '... the onboarding link still works';

# ---- no mail queued: nothing revoked --------------------------------------------------------
my $bare_link = link_to($bare_id, $old, 10);
$r = forgot($bare);
is $r->code, 200, 'Lupa Password? for an account without e-mail';
is sql_value("SELECT count(*) FROM mail_outbox WHERE created_at > now() - interval '5 seconds'"
             . " AND body_text LIKE " . lit("%$bare%")), 0, '... no mail queued';
is works($bare_link), 200, '... and its link still works';
