# Mails in their reader's language (issue 20). Every mail is rendered when
# it is queued, per recipient, in the language of mail.c's pserv_mail_lang:
# the choice of an active account with the recipient's address
# (accounts.lang), else, for the ticket's requester, the language they used
# on the form (requests.lang, migration 020, set at the submit), else
# Bahasa Indonesia. Checked here on the queued rows of mail_outbox:
#
#   - a requester who filled in the form in English gets English mails
#     through the whole walk (received, the four stages, the set-password
#     mail at the Executor's Confirm), while the Atasan who kept Bahasa gets
#     the Indonesian mail for the same ticket, byte for byte as before;
#   - the ICT role holders each get their own language (one holder of ICT
#     Executor chose English, the other did not);
#   - the Atasan switches to English (Bahasa / English in the header): the
#     next ticket's Atasan mail, its reminder, a rejection's and a return's
#     mails follow; an Indonesian requester of the same ticket stays in
#     Bahasa; a returned request corrected in Bahasa takes Bahasa
#     (requests.lang is set again at the resubmit);
#   - the daily digest of an account that chose English is in English,
#     dates in full ("3 December 2026 08:00 WIB");
#   - a ticket stuck at submit (its Atasan has no account): each
#     Administrator is told in their language; the English requester's
#     withdrawal (Batalkan Permohonan) is confirmed in English.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use Time::HiRes ();
use Time::Local ();

plan tests => 97, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $EN = ['Accept-Language' => 'en'];

# The accounts whose choices this test sets, restored at the end.
my @ACCOUNTS = qw(siti.rahayu rina.wulandari bambang.sutrisno dedi.kurniawan sari.permata);
my %SAVED = map { my ($row) = sql("SELECT coalesce(lang, ''), notify FROM accounts WHERE username = " . lit($_)); ($_ => $row) } @ACCOUNTS;
sub set_lang {
    my ($user, $lang) = @_;
    sql("UPDATE accounts SET lang = " . (defined $lang ? lit($lang) : 'NULL') . " WHERE username = " . lit($user));
}
my @ADMINS;
END {
    if (db_ok()) {
        # (later tests count the Administrators' mails)
        sql("UPDATE accounts SET active = false WHERE username = " . lit($_)) for @ADMINS;
        for my $u (keys %SAVED) {
            my ($lang, $notify) = @{ $SAVED{$u} };
            sql("UPDATE accounts SET lang = " . ($lang eq '' ? 'NULL' : lit($lang))
                . ", notify = " . lit($notify) . " WHERE username = " . lit($u));
        }
    }
}
sub email_of { sql_value("SELECT email FROM accounts WHERE username = " . lit($_[0])) }
sub name_of  { sql_value("SELECT full_name FROM accounts WHERE username = " . lit($_[0])) }

# The Atasan (UNIT-JKT's head) kept Bahasa; of the ICT role holders, the
# Verificator and one Executor chose English, the Manager and the other
# Executor did not.
set_lang('siti.rahayu', undef);
set_lang('rina.wulandari', 'en');
set_lang('bambang.sutrisno', undef);
set_lang('dedi.kurniawan', 'en');
set_lang('sari.permata', undef);
my %MAIL = map { $_ => email_of($_) } @ACCOUNTS;

# A ticket through the public form, every step with headers $h: { id, nomor, email }.
sub submit_ticket {
    my ($spec, $h) = @_;
    my %s = @$spec;
    my $rv = review($spec, headers => $h);
    die "review failed: " . $rv->{res}->code . "\n" unless $rv->{res}->code == 200;
    my $r = submit_review($rv, headers => $h);
    die "submit failed: " . $r->code . "\n" unless $r->code == 200;
    my ($row) = sql("SELECT id, nomor FROM requests WHERE email = " . lit($s{email}) . " ORDER BY id DESC LIMIT 1");
    die "no ticket for $s{email}\n" unless $row;
    return { id => $row->[0], nomor => $row->[1], email => $s{email} };
}
# The ticket's queued mails to $to: [to, subject, body], oldest first.
sub mails_to { my ($id, $to) = @_; return grep { lc $_->[0] eq lc $to } outbox($id) }
# Wait (up to 20 s) until ticket $id has a mail to $to whose subject starts with $prefix.
sub wait_mail {
    my ($id, $to, $prefix) = @_;
    for (1 .. 100) {
        my @m = grep { index($_->[1], $prefix) == 0 } mails_to($id, $to);
        return @m if @m;
        Time::HiRes::sleep(0.2);
    }
    return;
}
# The facts block as the mails write it, per language.
sub facts_id {
    my ($t, $name, $status) = @_;
    return "Nomor           : $t->{nomor}\nPemohon         : $name\nJenis User ID   : User ID Unit\n"
        . "Divisi/Cab/Unit : Unit Region III Jakarta\nPlatform System : SAP S/4HANA, E-mail Korporat\nStatus          : $status\n";
}
sub facts_en {
    my ($t, $name, $status) = @_;
    return "Number          : $t->{nomor}\nRequester       : $name\nUser ID type    : User ID Unit\n"
        . "Division/Unit   : Unit Region III Jakarta\nPlatform System : SAP S/4HANA, E-mail Korporat\nStatus          : $status\n";
}

# ==== 1. an English requester, an Atasan who kept Bahasa =================================
my $name_a = "Uji Unit ${m}a";
my $a = submit_ticket([unit_spec("${m}a", full_name => $name_a, email => "en.${m}a\@unit.example")], $EN);
is sql_value("SELECT lang FROM requests WHERE id = $a->{id}"), 'en', 'the form filled in English: requests.lang is en';

my ($got) = mails_to($a->{id}, $a->{email});
ok $got, 'the requester is mailed at the submit';
is $got->[1], "[P-Serv] User ID request $a->{nomor} received", '... in English: the subject';
like $got->[2], qr/^Dear \Q$name_a\E,\n\nYour User ID request has been received and sent to Siti Rahayu for approval\.\n\n/, '... the greeting and the lead';
ok index($got->[2], facts_en($a, $name_a, 'Waiting for Approval Atasan Pemohon')) >= 0, '... the facts in English (the status name stays)';
like $got->[2], qr{it is for you only; do not share it\):\n\S+/status/[\w-]+\n}, '... the status link';
like $got->[2], qr/\n-- \nP-Serv, PT Pertamina Retail\n\z/, '... the signature';
unlike $got->[2], qr/Yth\.|Permohonan|Anda/, '... and no Indonesian';

is sql_value("SELECT string_agg(DISTINCT coalesce(lang, '-'), ',') FROM mail_outbox WHERE request_id = $a->{id} AND lower(to_addr) = lower(" . lit($a->{email}) . ")"),
    'en', '... queued as English (mail_outbox.lang: the HTML part follows it)';
is sql_value("SELECT string_agg(DISTINCT coalesce(lang, '-'), ',') FROM mail_outbox WHERE request_id = $a->{id} AND lower(to_addr) = lower(" . lit($MAIL{'siti.rahayu'}) . ")"),
    '-', "... the Atasan's as no choice (Bahasa Indonesia)";
($got) = mails_to($a->{id}, $MAIL{'siti.rahayu'});
ok $got, 'the Atasan is mailed at the submit';
is $got->[1], "[P-Serv] Permohonan User ID $a->{nomor} menunggu persetujuan Anda", '... in Bahasa Indonesia: the subject';
my ($links) = $got->[2] =~ /(Putuskan langsung dari e-mail ini.*?jangan teruskan e-mail ini\.\n\n)/s;
ok $links, '... with the Indonesian decision links';
my ($tick) = $got->[2] =~ m{Buka tiket untuk menyetujui atau menolak:\n(\S+/requests/$a->{id})\n};
is $got->[2],
    "Yth. Siti Rahayu,\n\n$name_a mengajukan permohonan User ID baru dan menunggu persetujuan Anda sebagai Atasan Pemohon.\n\n"
    . facts_id($a, $name_a, 'Waiting for Approval Atasan Pemohon') . "\n" . ($links // '')
    . "Buka tiket untuk menyetujui atau menolak:\n" . ($tick // '') . "\n\n-- \nP-Serv, PT Pertamina Retail\n",
    '... the body exactly the Indonesian mail of before';
like $links // '', qr/\nSetujui                 : \S+&a=approve\nTolak                   : \S+&a=reject\nKembalikan untuk Revisi : \S+&a=return\n/,
    '... Setujui, Tolak, Kembalikan untuk Revisi as before';

# ---- the four stages ----------------------------------------------------------------------
decide_to('siti.rahayu', $a->{id});
($got) = mails_to($a->{id}, $MAIL{'rina.wulandari'});
ok $got, 'Atasan Pemohon approved: the ICT Verificator is mailed';
is $got->[1], "[P-Serv] User ID request $a->{nomor} waiting for ICT Verificator", '... in English, her choice: the subject';
like $got->[2], qr/^Dear \Q@{[name_of('rina.wulandari')]}\E,\n\nThe User ID request below was approved at the Atasan Pemohon stage by Siti Rahayu and is now waiting for your action as ICT Verificator\.\n\n/,
    '... the lead says who approved';
ok index($got->[2], facts_en($a, $name_a, 'Waiting for Approval ICT Verificator')) >= 0, '... the facts in English';
like $got->[2], qr/\nApprove                 : \S+&a=approve\nReject                  : \S+&a=reject\nReturn for Revision     : \S+&a=return\nThese links are for you only/,
    '... her decision links in English';
unlike $got->[2], qr/Yth\.|Permohonan|Anda/, '... and no Indonesian';
like $got->[2], qr{\nOpen the ticket to approve or reject it:\n\S+/requests/$a->{id}\n}, '... her call to action: approve or reject (issue 22)';

decide_to('rina.wulandari', $a->{id});
($got) = mails_to($a->{id}, $MAIL{'bambang.sutrisno'});
ok $got, 'ICT Verificator approved: the ICT Manager is mailed';
is $got->[1], "[P-Serv] Permohonan User ID $a->{nomor} menunggu ICT Manager", '... in Bahasa Indonesia (no choice made)';
like $got->[2], qr/^Yth\. \Q@{[name_of('bambang.sutrisno')]}\E,\n\nPermohonan User ID berikut telah disetujui pada tahap ICT Verificator oleh \Q@{[name_of('rina.wulandari')]}\E dan kini menunggu tindakan Anda sebagai ICT Manager\.\n\n/,
    '... worded as before';
ok index($got->[2], facts_id($a, $name_a, 'Waiting for Approval ICT Manager')) >= 0, '... the Indonesian facts';
like $got->[2], qr{\nBuka tiket untuk menyetujui atau menolak:\n\S+/requests/$a->{id}\n}, '... the Manager\'s call to action: menyetujui atau menolak (issue 22)';

decide_to('bambang.sutrisno', $a->{id});
my ($dedi) = mails_to($a->{id}, $MAIL{'dedi.kurniawan'});
my ($sari) = mails_to($a->{id}, $MAIL{'sari.permata'});
ok $dedi && $sari, 'ICT Manager approved: both ICT Executors are mailed';
is $dedi && $dedi->[1], "[P-Serv] User ID request $a->{nomor} waiting for ICT Executor", '... the one who chose English in English';
like $dedi && $dedi->[2], qr/^Dear .*and is now waiting for your action as ICT Executor\.\n\n/s, '... throughout';
is $sari && $sari->[1], "[P-Serv] Permohonan User ID $a->{nomor} menunggu ICT Executor", '... the other in Bahasa Indonesia';
like $sari && $sari->[2], qr/^Yth\. .*dan kini menunggu tindakan Anda sebagai ICT Executor\.\n\n/s, '... throughout';
# (issue 22) the Executor creates the User ID: the call to action says so
like $sari && $sari->[2], qr{\nBuka tiket untuk membuat User ID baru atau menolak:\n\S+/requests/$a->{id}\n},
    'the Executor\'s call to action: "Buka tiket untuk membuat User ID baru atau menolak"';
unlike $sari && $sari->[2], qr/menyetujui/, '... not "menyetujui"';
like $dedi && $dedi->[2], qr{\nOpen the ticket to create the new User ID or reject it:\n\S+/requests/$a->{id}\n},
    '... in English: "Open the ticket to create the new User ID or reject it"';
unlike $dedi && $dedi->[2], qr/to approve/, '... not "to approve"';

# ---- the digest of the holder who chose English ------------------------------------------
sub unesc { my ($s) = @_; $s =~ s/\\(n|\\)/$1 eq 'n' ? "\n" : "\\"/ge; return $s }
sql("UPDATE accounts SET notify = 'both' WHERE username = 'dedi.kurniawan'");
my $DAY = sql_value("SELECT ((now() AT TIME ZONE 'Asia/Jakarta')::date + 40)::text");
my ($y, $mo, $d) = split /-/, $DAY;
my @MONTHS = qw(January February March April May June July August September October November December);
my $day_en = ($d + 0) . " $MONTHS[$mo - 1] $y";
# (a digest is sent once per account and day: a run before claimed it)
sql("DELETE FROM digest_days WHERE day = " . lit($DAY) . " AND account_id = (SELECT id FROM accounts WHERE username = 'dedi.kurniawan')");
as_public();
my $r = POST('/_test/digest', offset_to(Time::Local::timegm(30, 0, 8, $d, $mo - 1, $y) - 7 * 3600));
is $r->code, 200, 'the digest sweep at 08:00 WIB';
my ($dg) = map { [ $_->[0], unesc($_->[1]) ] }
    sql("SELECT subject, replace(replace(body_text, E'\\\\', E'\\\\\\\\'), E'\\n', E'\\\\n')"
        . " FROM mail_outbox WHERE request_id IS NULL AND to_addr = " . lit($MAIL{'dedi.kurniawan'})
        . " AND subject LIKE " . lit("[P-Serv] Daily summary for $day_en%") . " ORDER BY id DESC LIMIT 1");
ok $dg, "the English holder's digest is in English: \"Daily summary for $day_en\"";
like $dg && $dg->[0], qr/^\[P-Serv\] Daily summary for \Q$day_en\E \(waiting for you: \d+\)$/, '... its subject';
like $dg && $dg->[1], qr/^Dear .*,\n\nYour P-Serv daily summary as of \Q$day_en\E 08:00 WIB\. User ID requests waiting for your action: \d+\.\n/,
    '... the date in full, English style';
like $dg && $dg->[1], qr/\d+\. Number    : \Q$a->{nomor}\E\n   Requester : \Q$name_a\E\n   Stage     : ICT Executor\n   Since     : \d+ (?:@{[join '|', @MONTHS]}) \d{4} \d\d:\d\d WIB\n   Open      : \S+\/requests\/$a->{id}\n/,
    '... the ticket waiting for him, in English';
like $dg && $dg->[1], qr{\nOpen a ticket to approve or reject it \(at the ICT Executor stage: to create the new User ID or reject it\)\. All the requests waiting for you:\n},
    '... its call to action names what the Executor does (issue 22)';
like $dg && $dg->[1], qr{because you chose it in Notification Settings:\n\S+/settings/notifications\n}, '... and where to change that';

# ---- the Executor's Confirm: the set-password mail ---------------------------------------
my $uid = "en.$m";
decide_to('dedi.kurniawan', $a->{id}, user_id => $uid, reason => 'User ID dibuat');
($got) = grep { $_->[1] =~ /created/ } mails_to($a->{id}, $a->{email});
ok $got, 'Completed: the requester gets the set-password mail';
is $got && $got->[1], "[P-Serv] Your User ID has been created ($a->{nomor})", '... in English (the new account chose nothing: the form\'s language)';
like $got && $got->[2], qr/^Dear \Q$name_a\E,\n\nYour User ID request \(Number \Q$a->{nomor}\E\) has been approved by everyone involved and its status is now Completed\. Your User ID has been created\.\n\n/,
    '... the lead';
ok $got && index($got->[2], facts_en($a, $name_a, 'Completed') . "User ID         : $uid\n\n") >= 0, '... the facts and the User ID';
like $got && $got->[2], qr{Set your password through the link below \(valid for \d+ hours, one use only\):\n\S+/password/set\?token=[\w-]+\n\nThen log in to P-Serv},
    '... the link';
unlike $got && $got->[2], qr/Yth\.|Permohonan|Anda/, '... and no Indonesian';
is scalar(grep { $_->[2] =~ /^Yth\./ } mails_to($a->{id}, $a->{email})), 0, 'not one Indonesian mail to the English requester';
is sql_value("SELECT coalesce(lang, '-') FROM accounts WHERE username = " . lit($uid)), 'en',
    'the new account takes the language of the form (its pages and later mails speak it)';
is scalar(grep { $_->[2] !~ /^Yth\./ } mails_to($a->{id}, $MAIL{'siti.rahayu'})), 0, 'not one English mail to the Atasan who kept Bahasa';

# ==== 2. the Atasan switches to English ==================================================
as_user('siti.rahayu', fresh => 1);
$r = GET('/lang/en');
ok $r->code == 303 || $r->code == 200, 'the Atasan picks English with the switch';
is sql_value("SELECT lang FROM accounts WHERE username = 'siti.rahayu'"), 'en', '... remembered on her account';

my $name_b = "Uji Unit ${m}b";
my $b = submit_ticket([unit_spec("${m}b", full_name => $name_b, email => "id.${m}b\@unit.example")], []);
is sql_value("SELECT lang FROM requests WHERE id = $b->{id}"), 'id', 'a form filled in Bahasa: requests.lang is id';
($got) = mails_to($b->{id}, $MAIL{'siti.rahayu'});
is $got && $got->[1], "[P-Serv] User ID request $b->{nomor} awaits your approval", 'the next ticket\'s Atasan mail is in English';
like $got && $got->[2], qr/^Dear Siti Rahayu,\n\n\Q$name_b\E has requested a new User ID and is waiting for your approval as Atasan Pemohon/,
    '... its lead';
like $got && $got->[2], qr/\nApprove                 : \S+&a=approve\n/, '... its decision links';
($got) = mails_to($b->{id}, $b->{email});
is $got && $got->[1], "[P-Serv] Permohonan User ID $b->{nomor} telah diterima", 'the Indonesian requester of that ticket: in Bahasa';
ok $got && index($got->[2], "Yth. $name_b,\n\nPermohonan User ID Anda telah diterima dan diteruskan kepada Siti Rahayu untuk persetujuan.\n\n"
    . facts_id($b, $name_b, 'Waiting for Approval Atasan Pemohon')) == 0, '... worded as before';

# a reminder (PservRemindAfter 24 hours) to the Atasan, now in English
sql("UPDATE requests SET updated_at = now() - interval '25 hours' WHERE id = $b->{id}");
($got) = wait_mail($b->{id}, $MAIL{'siti.rahayu'}, '[P-Serv] Reminder: ');
ok $got, 'a reminder reaches the Atasan';
is $got && $got->[1], "[P-Serv] Reminder: User ID request $b->{nomor} waiting for Atasan Pemohon", '... in English';
like $got && $got->[2], qr/^Dear Siti Rahayu,\n\nReminder: the User ID request below has been waiting 25 hours for your action as Atasan Pemohon\.\n\n/,
    '... how long in English';
like $got && $got->[2], qr{\nOpen the ticket:\n\S+/requests/$b->{id}\n}, '... and the link';
sql("UPDATE requests SET updated_at = now() WHERE id = $b->{id}");

# a rejection and a return for revision: the English requester in English
my $name_c = "Uji Unit ${m}c";
my $c = submit_ticket([unit_spec("${m}c", full_name => $name_c, email => "en.${m}c\@unit.example")], $EN);
decide_to('siti.rahayu', $c->{id}, decision => 'reject', reason => 'Tidak diperlukan');
($got) = grep { $_->[1] =~ /rejected/ } mails_to($c->{id}, $c->{email});
is $got && $got->[1], "[P-Serv] User ID request $c->{nomor} rejected", 'rejected: the English requester is told in English';
like $got && $got->[2], qr/^Dear \Q$name_c\E,\n\nWe are sorry: your User ID request was rejected at the Atasan Pemohon stage\.\n\n/, '... the lead';
ok $got && index($got->[2], facts_en($c, $name_c, 'Rejected') . "Reason          : Tidak diperlukan\n\n") >= 0, '... the facts and the reason as typed';
like $got && $got->[2], qr{through Create New Account:\n\S+/request/new\n\n-- \n}, '... and where to ask again';

my $name_d = "Uji Unit ${m}d";
my $dt = submit_ticket([unit_spec("${m}d", full_name => $name_d, email => "en.${m}d\@unit.example")], $EN);
decide_to('siti.rahayu', $dt->{id}, decision => 'return', reason => 'Lengkapi catatan');
($got) = grep { $_->[1] =~ /returned/ } mails_to($dt->{id}, $dt->{email});
is $got && $got->[1], "[P-Serv] User ID request $dt->{nomor} returned for revision", 'returned for revision: in English';
like $got && $got->[2], qr/^Dear \Q$name_d\E,\n\nYour User ID request was returned for revision at the Atasan Pemohon stage\.\n\n/, '... the lead';
like $got && $got->[2], qr{\nCorrect the Request \(the Number stays the same; the attachments you already sent are kept\):\n\S+/request/revise/[\w-]+\n\n},
    '... the link to correct it';
like $got && $got->[2], qr{\nRequest Status \(this link replaces the earlier status link; it is for you only, do not share it\):\n\S+/status/[\w-]+\n\n-- \n},
    '... and the new status link';

# The requester corrects it in Bahasa this time (Perbaiki Permohonan, no
# Accept-Language): the resubmit takes the form's language again.
my ($fix) = map { $_->[2] =~ m{/request/revise/([\w-]{20,})} ? $1 : () } grep { $_->[1] =~ /returned/ } mails_to($dt->{id}, $dt->{email});
as_public();
$r = GET("/request/revise/" . ($fix // 'none'));
is $r->code, 200, 'Perbaiki Permohonan: the form';
my $rv = review([unit_spec("${m}d", full_name => $name_d, email => $dt->{email})],
                form => { html => $r->content, csrf => csrf_of($r->content),
                          form_token => input_value($r->content, 'form_token'),
                          nomor => page_nomor($r->content) });
$r = submit_review($rv);
is $r->code, 200, '... reviewed and submitted again in Bahasa';
is sql_value("SELECT lang FROM requests WHERE id = $dt->{id}"), 'id', '... requests.lang follows: id';
decide_to('siti.rahayu', $dt->{id}, decision => 'reject', reason => 'Tetap tidak lengkap');
($got) = grep { $_->[1] =~ /ditolak/ } mails_to($dt->{id}, $dt->{email});
is $got && $got->[1], "[P-Serv] Permohonan User ID $dt->{nomor} ditolak", '... so its rejection is in Bahasa';

# ==== 3. the language of one address: pserv_mail_lang's order ============================
# The requester of ticket c opens an account with the same address and
# chooses Bahasa: the account's choice wins over the form's.
my $acct = "akun.$m";
add_account($acct, email => $c->{email}, full_name => $name_c);
sql("UPDATE accounts SET lang = 'id' WHERE username = " . lit($acct));
my $e = submit_ticket([unit_spec("${m}e", full_name => $name_c, email => $c->{email})], $EN);
is sql_value("SELECT lang FROM requests WHERE id = $e->{id}"), 'en', 'a form in English again';
($got) = mails_to($e->{id}, $c->{email});
is $got && $got->[1], "[P-Serv] Permohonan User ID $e->{nomor} telah diterima", '... but an account with that address chose Bahasa: its choice wins';
sql("UPDATE accounts SET active = false WHERE username = " . lit($acct));
my $f = submit_ticket([unit_spec("${m}f", full_name => $name_c, email => $c->{email})], $EN);
($got) = mails_to($f->{id}, $c->{email});
is $got && $got->[1], "[P-Serv] User ID request $f->{nomor} received", '... an inactive account\'s choice does not count';
sql("UPDATE accounts SET lang = NULL, active = true WHERE username = " . lit($acct));
my $g = submit_ticket([unit_spec("${m}g", full_name => $name_c, email => $c->{email})], $EN);
($got) = mails_to($g->{id}, $c->{email});
is $got && $got->[1], "[P-Serv] User ID request $g->{nomor} received", '... nor an account that chose nothing: the form\'s language';
# Mails to another address about the ticket do not take the requester's form language.
($got) = mails_to($g->{id}, $MAIL{'siti.rahayu'});
like $got && $got->[1], qr/awaits your approval$/, '... the Atasan (English now) in hers';
set_lang('siti.rahayu', undef);
my $h = submit_ticket([unit_spec("${m}h", full_name => $name_c, email => $c->{email})], $EN);
($got) = mails_to($h->{id}, $MAIL{'siti.rahayu'});
is $got && $got->[1], "[P-Serv] Permohonan User ID $h->{nomor} menunggu persetujuan Anda",
    '... and back to Bahasa once she has no choice: never the requester\'s language';
eval { sql("UPDATE accounts SET active = false WHERE username = " . lit($acct)) };

# ==== 4. the Administrators' stuck mail, a withdrawal ======================================
# Two Administrators of this test, one chose English; an HO worker whose
# Atasan has no account: stuck at submit.
@ADMINS = ("adm.en.$m", "adm.id.$m");
for my $u (@ADMINS) {
    add_account($u, email => "$u\@ptpr.example");
    sql("INSERT INTO account_roles (account_id, role) SELECT id, 'admin' FROM accounts WHERE username = " . lit($u));
}
set_lang($ADMINS[0], 'en');
my $base = sprintf '98%06d', time() % 1000000;
my ($BOSS, $WORKER) = ("${base}1", "${base}2");
sql("INSERT INTO employees (nopek, full_name, position, email, unit_code, supervisor_nopek, employment_type)"
    . " VALUES (" . lit($BOSS) . ", " . lit("Atasan Tanpa Akun $m") . ", 'Assistant Manager', "
    . lit("boss.$m\@ptpr.example") . ", 'HO-FIN', '10020001', 'ORGANIK'), (" . lit($WORKER)
    . ", " . lit("Pekerja Inggris $m") . ", 'Officer', " . lit("worker.$m\@ptpr.example")
    . ", 'HO-FIN', " . lit($BOSS) . ", 'ORGANIK')");
my $s = submit_ticket([ho_spec($m, nopek => $WORKER, email => "worker.$m\@ptpr.example", platforms => { VPN => "VPN $m" })], $EN);
my ($st_en) = grep { $_->[1] =~ /^\[P-Serv\] Stuck ticket: / } mails_to($s->{id}, "$ADMINS[0]\@ptpr.example");
my ($st_id) = grep { $_->[1] =~ /^\[P-Serv\] Tiket tertahan: / } mails_to($s->{id}, "$ADMINS[1]\@ptpr.example");
is $st_en && $st_en->[1], "[P-Serv] Stuck ticket: $s->{nomor} waiting for Atasan Pemohon", 'stuck at submit: the Administrator who chose English is told in English';
like $st_en && $st_en->[2], qr/^Dear Uji \Q$ADMINS[0]\E,\n\nThe User ID request below is waiting at the Atasan Pemohon stage, but nobody can act on it:\n/,
    '... the lead';
like $st_en && $st_en->[2], qr{\nNumber          : \Q$s->{nomor}\E\n.*\nAssign this stage's approval to the right account on the Stuck Tickets page:\n\S+/admin/stuck\n\n-- \n}s,
    '... the facts and where to route it';
is $st_id && $st_id->[1], "[P-Serv] Tiket tertahan: $s->{nomor} menunggu Atasan Pemohon", '... the other Administrator in Bahasa';
like $st_id && $st_id->[2], qr/^Yth\. Uji \Q$ADMINS[1]\E,\n\nPermohonan User ID berikut menunggu tahap Atasan Pemohon, tetapi tidak ada yang dapat bertindak:\nAtasan \Q$BOSS\E tidak memiliki akun P-Serv\.\n\nNomor           : /,
    '... worded as before';

# Batalkan Permohonan from the status link of the English mail.
my ($token) = map { $_->[2] =~ m{/status/([\w-]{20,})} ? $1 : () } mails_to($s->{id}, $s->{email});
as_public();
my $page = GET("/status/" . ($token // 'none'), @$EN)->content;
my $form = form_block($page, qr{class="decide-form"}) // '';
$r = POST("/status/" . ($token // 'none'), @$EN, content => [
    csrf => csrf_of($page) // '', status => input_value($form, 'status') // '',
    reason => "Tidak jadi $m", confirm => 1 ]);
is req_status($s->{id}), 'cancelled', 'the English requester withdraws the request';
($got) = grep { $_->[1] =~ /cancelled/ } mails_to($s->{id}, $s->{email});
is $got && $got->[1], "[P-Serv] User ID request $s->{nomor} has been cancelled", '... and is told in English';
like $got && $got->[2], qr/^Dear Pekerja Inggris \Q$m\E,\n\nYour User ID request has been cancelled as you asked\.\n\n/, '... the lead';
like $got && $got->[2], qr/\nStatus          : Cancelled\nReason          : Tidak jadi \Q$m\E\n\nIf you still need a User ID, submit a new request through Create New Account:\n\S+\/request\/new\n/,
    '... the facts, the reason and where to ask again';
is scalar(grep { $_->[2] =~ /^Yth\./ } mails_to($s->{id}, $s->{email})), 0, 'not one Indonesian mail to this requester';

# Alihkan Persetujuan of a second stuck ticket to the ICT Verificator, who
# chose English: her mail in English.
my $s2 = submit_ticket([ho_spec("${m}s", nopek => $WORKER, email => "worker.$m\@ptpr.example", platforms => { VPN => "VPN 2 $m" })], $EN);
as_user('admin');
$r = POST("/requests/$s2->{id}/assign", content => [ csrf => page_csrf(), status => 'atasan',
    account => 'rina.wulandari', reason => "Atasan belum punya akun $m", confirm => 1 ]);
is $r->code, 303, 'an Administrator assigns the stuck ticket\'s approval to the ICT Verificator';
($got) = mails_to($s2->{id}, $MAIL{'rina.wulandari'});
is $got && $got->[1], "[P-Serv] Approval assigned to you: User ID request $s2->{nomor} waiting for Atasan Pemohon", '... her mail in English';
like $got && $got->[2], qr/^Dear \Q@{[name_of('rina.wulandari')]}\E,\n\nAdministrator \Q@{[name_of('admin')]}\E has assigned the Atasan Pemohon approval of the User ID request below to you\. The assignment is for this ticket only: you decide the Atasan Pemohon stage of ticket \Q$s2->{nomor}\E, and of no other ticket\.\n\n/,
    '... what to do, for this ticket only';
like $got && $got->[2], qr/\nApprove                 : \S+&a=approve\n.*\nOpen the ticket to approve or reject it:\n\S+\/requests\/$s2->{id}\n\nReason: Atasan belum punya akun \Q$m\E\n\nNumber          : /s,
    '... her decision links, the link, the reason and the facts';
# (no ticket of this test waits for Rina Wulandari in the tests after it)
sql("UPDATE requests SET status = 'cancelled', stuck_since = NULL WHERE id = " . int($s2->{id}));
sql("UPDATE accounts SET active = false WHERE username = " . lit($_)) for @ADMINS;
is sql_value("SELECT count(*) FROM accounts WHERE active AND username LIKE " . lit("adm.%.$m")), 0, '(the test\'s Administrators retired)';
