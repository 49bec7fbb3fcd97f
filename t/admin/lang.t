# The Administrator's pages in English (issue 20): an Administrator who
# picks English (the switch, GET /lang/en: the account's choice) runs Akun &
# Peran, Data Pekerja and Buat Akun, Divisi/Cab/Unit, Platform System, both
# imports, Tiket Tertahan and Alihkan Persetujuan in English: every text
# of the pages (templates/i18n/en.xml, admin.*) and every title, notice and
# validation message the C code writes (msg-en.xml, admin.*), dates in
# English ("3 Dec 2026 14:05 WIB"), the stuck reason in words in English
# (actors.c's pserv_stuck_reason with the page's language). Back in Bahasa
# the same pages say what they said before. Nothing is saved by this test
# but one stuck ticket, removed at the end.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use HTTP::Request::Common ();
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTML::Entities ();

plan tests => 122, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $ADMIN_ID = sql_value("SELECT id FROM accounts WHERE username = 'admin'");
my $RINA_ID = sql_value("SELECT id FROM accounts WHERE username = 'rina.wulandari'");
my $admin_lang_was = sql_value("SELECT coalesce(lang, '') FROM accounts WHERE id = $ADMIN_ID");
my (@TICKETS, @ACCOUNTS);
END {
    eval {
        sql("UPDATE accounts SET lang = " . ($admin_lang_was ne '' ? lit($admin_lang_was) : 'NULL')
            . " WHERE id = $ADMIN_ID");
        for my $id (@TICKETS) {
            sql("DELETE FROM mail_outbox WHERE request_id = $id");
            sql("DELETE FROM requests WHERE id = $id");
        }
        sql("DELETE FROM accounts WHERE username = " . lit($_)) for @ACCOUNTS;
    } if db_ok();
}

# ---- helpers ---------------------------------------------------------------------
sub text_of {
    my ($html) = @_;
    $html =~ s{<(script|style)\b.*?</\1>}{ }gs;
    $html =~ s/<[^>]*>/ /g;
    $html = HTML::Entities::decode_entities($html);
    $html =~ s/\s+/ /g;
    return $html;
}
sub html_lang { $_[0] =~ m{<html[^>]* lang="([^"]*)"} ? $1 : '' }
sub h1 { $_[0] =~ m{<h1[^>]*>(.*?)</h1>}s ? text_of($1) =~ s/^ | $//gr : '' }
sub flash { $_[0] =~ m{<div[^>]*class="[^"]*notice[^"]*"[^>]*>(.*?)</div>}s ? text_of($1) =~ s/^ | $//gr : '' }

# The Indonesian texts of the admin area (the pages' and the C code's
# catalogues) that are not words of the English texts too (Atasan,
# Platform System, Nopek ... are the product's vocabulary in both).
sub catalogue {
    my ($file) = @_;
    open my $fh, '<:encoding(UTF-8)', "templates/i18n/$file" or die "$file: $!";
    local $/;
    my $x = <$fh>;
    my %k;
    while ($x =~ m{<text key="(admin\.[^"]*)">([^<]*)</text>}g) {
        $k{$1} = HTML::Entities::decode_entities($2);
    }
    return \%k;
}
my (%id, %en);
for my $pair (['id.xml', 'en.xml'], ['msg-id.xml', 'msg-en.xml']) {
    my ($i, $e) = map { catalogue($_) } @$pair;
    $id{$_} = $i->{$_} for keys %$i;
    $en{$_} = $e->{$_} for keys %$e;
}
my $ALL_EN = join "\n", values %en;
my @INDONESIAN;
for my $k (sort keys %id) {
    for my $piece (split /%[-0-9.]*l*[sd]/, $id{$k}) {
        $piece =~ s/^[\s.,:;()"]+|[\s.,:;()"]+$//g;
        next if length($piece) < 4 || index($ALL_EN, $piece) >= 0 || $piece =~ /^[A-Z0-9_ -]+$/;
        push @INDONESIAN, $piece;
    }
}
my %seen;
@INDONESIAN = grep { !$seen{$_}++ } @INDONESIAN;
ok scalar(@INDONESIAN) > 150, 'the admin area has its Indonesian texts in the catalogues (' . scalar(@INDONESIAN) . ')';

# The Indonesian texts found in $html (its parts between the skip
# markers removed: another area's sections).
# A text of several words anywhere in a text node; a single word only as
# a whole text node (names and other data hold Indonesian words).
sub indonesian_in {
    my ($html) = @_;
    utf8::decode($html);
    $html =~ s{<(script|style)\b.*?</\1>}{ }gs;
    my @nodes = map { my $x = HTML::Entities::decode_entities($_); $x =~ s/\s+/ /g; $x =~ s/^ | $//g; $x }
        split /<[^>]*>/, $html;
    my %whole = map { $_ => 1 } @nodes;
    my $t = join ' ¦ ', @nodes;
    return grep {
        /\s/ ? $t =~ /(?<![\w\/-])\Q$_\E(?![\w\/-])/ : $whole{$_}
    } @INDONESIAN;
}
sub english_page {
    my ($r, $what, $title) = @_;
    my @left = indonesian_in($r->content);
    is html_lang($r->content), 'en', "$what: <html lang=\"en\">";
    is h1($r->content), $title, "$what: its title in English" if defined $title;
    is_deeply \@left, [], "$what: no Indonesian text left";
}
sub dates_english {
    my ($html, $what) = @_;
    my @t = $html =~ m{<time[^>]*>([^<]*)</time>}g;
    ok scalar(@t) && !grep({ !/^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} WIB$/ } @t),
        "$what: dates in English (@t[0 .. ($#t < 1 ? $#t : 1)])";
}
sub dates_bahasa {
    my ($html, $what) = @_;
    my @t = $html =~ m{<time[^>]*>([^<]*)</time>}g;
    ok scalar(@t) && !grep({ !/^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}\.\d{2} WIB$/ } @t),
        "$what: dates as before, in Bahasa (@t[0 .. ($#t < 1 ? $#t : 1)])";
}
sub csrf { page_csrf() }
sub upload_to {
    my ($path, @content) = @_;
    return ua_request(HTTP::Request::Common::POST(abs_url($path),
        Content_Type => 'form-data', Content => [csrf => csrf(), @content]));
}

# ---- a stuck ticket: Dedi asks, his Atasan Rina approves, and she is the
# only ICT Verificator (t/ticket/stuck.t) ----------------------------------------
as_public(fresh => 1);
my $t = create_ticket(ho_spec($m, nopek => '10010003', platforms => { VPN => "VPN $m" }));
push @TICKETS, $t->{id};
decide_to('rina.wulandari', $t->{id}, reason => "Atasan OK $m");
is req_status($t->{id}), 'verificator', 'a ticket waits for the ICT Verificator, who approved it as Atasan';

# ---- Bahasa Indonesia first: as before -----------------------------------------------
as_user('admin', fresh => 1);
GET '/lang/id';
my $r = GET '/admin/stuck';
is html_lang($r->content), 'id', 'Tiket Tertahan in Bahasa Indonesia';
is h1($r->content), 'Tiket Tertahan', '... its title';
my ($row_id) = $r->content =~ m{(<tr class="stuck-row[^"]*">(?:(?!</tr>).)*\Q$t->{nomor}\E.*?</tr>)}s;
like text_of($row_id // ''), qr/Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/,
    '... the reason in words, in Bahasa';
like text_of($row_id // ''), qr/\d+ menit/, '... how long it waits, in Bahasa';
dates_bahasa($row_id // '', 'Tiket Tertahan');
$r = GET '/admin/units/new';
like $r->content, qr{>Tambah Divisi/Cab/Unit</h2>}, 'Tambah Divisi/Cab/Unit as before';
$r = POST('/admin/units/save', content => [csrf => csrf(), mode => 'new', code => '', name => '', kind => 'HO']);
is field_error($r->content, 'code'), 'Kode wajib diisi.', '... its messages as before';

# ---- the switch: English ---------------------------------------------------------------
$r = GET '/lang/en?next=%2Fadmin%2Faccounts';
is $r->code, 303, 'the Administrator picks English';
is sql_value("SELECT lang FROM accounts WHERE id = $ADMIN_ID"), 'en', '... remembered on the account';

# ---- Akun & Peran ---------------------------------------------------------------------
$r = GET '/admin/accounts';
english_page($r, 'the accounts', 'Accounts & Roles');
like text_of($r->content), qr/Search Accounts.*Last Login.*Manage/, '... the search, the columns, Manage';
like $r->content, qr{<nav class="admin-nav" aria-label="Administrator menu">}, '... the menu\'s label';
like text_of($r->content), qr/Accounts & Roles Divisions\/Branches\/Units Employees Platform System Stuck Tickets/,
    '... the menu';
like $r->content, qr{placeholder="Username, name, nopek or e-mail"}, '... the search\'s placeholder';
like $r->content, qr{data-label="Last Login"}, '... the narrow screen\'s labels';
$r = GET "/admin/accounts?q=nobody$m";
like text_of($r->content), qr/No accounts match the search\./, '... nothing found';

$r = GET "/admin/accounts/$RINA_ID";
(my $page = $r->content) =~ s{<section[^>]*id="delegation".*?</section>}{}s;  # the ticket area's part
is html_lang($page), 'en', 'an account: in English';
is h1($page), 'Account rina.wulandari', '... its title';
is_deeply [ indonesian_in($page) ], [], '... no Indonesian text left (its delegation section aside)';
like text_of($page), qr/Account Details.*Full Name.*Roles.*Status and Login.*Two-Step Verification/,
    '... its sections';
like text_of($page), qr/Failed Logins \(last 15 minutes\)/, '... its facts';
like $page, qr{<legend>Roles of account rina\.wulandari</legend>}, '... the roles\' legend';
like $page, qr{>Save Roles</button>}, '... Save Roles';
dates_english($page, 'the account');

$r = GET "/admin/accounts/$RINA_ID?done=unlocked";
is flash($r->content), "Login unlocked: this account's failed logins are cleared and it can log in again.",
    'a change\'s notice in English';
$r = POST("/admin/accounts/$RINA_ID/roles", content => [csrf => csrf(), role => 'emperor']);
is $r->code, 400, 'an unknown role: refused';
like flash($r->content), qr/^Unknown role selected\. Choose from Administrator, ICT Verificator, ICT Manager and ICT Executor\. Nothing was saved\./,
    '... in English';
$r = POST("/admin/accounts/$ADMIN_ID/roles", content => [csrf => csrf()]);
is $r->code, 409, 'the Administrator takes their own Administrator role away: refused';
like flash($r->content), qr/You cannot remove the Administrator role from your own account\./, '... in English';
like $r->content, qr{This is your own account: you cannot remove the Administrator role from it\.},
    '... the hint too';
$r = POST("/admin/accounts/$ADMIN_ID/deactivate", content => [csrf => csrf()]);
like flash($r->content), qr/You cannot deactivate your own account\./, 'deactivating oneself: refused in English';
sql("INSERT INTO accounts (username, full_name) VALUES (" . lit("nm.$m") . ", 'Uji Tanpa Alamat')");
push @ACCOUNTS, "nm.$m";
my $no_mail = sql_value("SELECT id FROM accounts WHERE username = " . lit("nm.$m"));
$r = POST("/admin/accounts/$no_mail/link", content => [csrf => csrf()]);
like flash($r->content), qr/This account has no e-mail address, so a password link cannot be sent\./,
    'a password link for an account without an address: refused in English';

# ---- Data Pekerja and Buat Akun -----------------------------------------------------
$r = GET '/admin/employees';
english_page($r, 'the employees', 'Employees');
like text_of($r->content), qr/Search Employees.*Nopek or Name.*Rank\/Position.*Supervisor.*Employment Type/,
    '... the search and the columns';
like $r->content, qr{aria-label="Create Account for [^"]+">Create Account</button>}, '... Create Account';
$r = GET "/admin/employees?q=nobody$m";
like text_of($r->content), qr/No employees match the search\./, '... nothing found';

my $rina_nopek = sql_value("SELECT nopek FROM accounts WHERE id = $RINA_ID");
$r = POST('/admin/employees/account', content => [csrf => csrf(), nopek => $rina_nopek]);
english_page($r, 'Create Account for an employee with an account', 'Create Account');
like text_of($r->content), qr/Account not created/, '... not created';
like flash($r->content), qr/This employee already has a P-Serv account\. No new account was created\./,
    '... why, in English';
my $free = sql_value("SELECT e.nopek FROM employees e WHERE e.active AND e.email LIKE '%\@%'"
    . " AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.nopek = e.nopek) ORDER BY e.nopek LIMIT 1");
$r = POST('/admin/employees/account', content => [csrf => csrf(), nopek => $free]);
english_page($r, 'Create Account', 'Create Account');
like text_of($r->content), qr/Create a P-Serv account for this employee\?/, '... the question';
like $r->content, qr{3–32 characters: lower-case letters}, '... the username\'s hint';
$r = POST('/admin/employees/account', content => [csrf => csrf(), nopek => $free, username => 'X!', confirm => 1]);
is field_error($r->content, 'username'),
    'The username must be 3 to 32 characters: lower-case letters, digits, dots, underscores or hyphens, starting with a letter or digit.',
    '... a bad username, in English';
is sql_value("SELECT count(*) FROM accounts WHERE nopek = " . lit($free)), 0, '... and no account was made';

# ---- Impor Data Pekerja -------------------------------------------------------------
$r = GET '/admin/employees/import';
english_page($r, 'the employees\' import', 'Import Employees');
like text_of($r->content), qr/Upload employees\.csv.*\(ORGANIK, PKWT or TKJP\) and.*CSV File.*At most 5 MB, UTF-8\./,
    '... the form';
$r = upload_to('/admin/employees/import');
like flash($r->content), qr/Choose a CSV file of employees \(columns as in employees\.csv\)\. Nothing was imported\./,
    '... no file, in English';
$r = upload_to('/admin/employees/import',
    file => [undef, 'emp.csv', 'Content-Type' => 'text/csv', Content => "nopek,full_name\nx,y\n"]);
like flash($r->content), qr/^Problems found in the file: \d+\. Nothing was imported: correct the file, then upload it again\./,
    '... a bad file, in English';
like text_of($r->content), qr/Problems in emp\.csv/, '... its problems listed';
is_deeply [ indonesian_in($r->content) ], [], '... no Indonesian text left';

# ---- Divisi/Cab/Unit -------------------------------------------------------------------
$r = GET '/admin/units';
english_page($r, 'the units', 'Divisions/Branches/Units');
like text_of($r->content), qr/Add Import from CSV.*Code Name Type Head \(BUH\) Employees Status Action/,
    '... the buttons and the columns';
like $r->content, qr{aria-label="Edit [^"]+">Edit</a>}, '... Edit';
like $r->content, qr{aria-label="Deactivate [^"]+">Deactivate</button>}, '... Deactivate';
$r = GET '/admin/units?done=added';
is flash($r->content), 'Division/Branch/Unit added.', '... a notice in English';
$r = GET '/admin/units?done=deactivated&code=UNIT-JKT';
is flash($r->content), 'UNIT-JKT deactivated: it is no longer offered on the request form. Older tickets still show it.',
    '... another';
$r = GET '/admin/units?done=rerouted&n=2';
like flash($r->content), qr/^Division\/Branch\/Unit changes saved\. Requests waiting for the Atasan moved to the new head \(BUH\), who has been told of each by e-mail: 2\.$/, '... another';

$r = GET '/admin/units/new';
english_page($r, 'Add a unit', 'Add Division/Branch/Unit');
like text_of($r->content), qr/Code.*Name.*Type Head Office \(HO\) Unit Head \(BUH\): Nopek.*Save Cancel/,
    '... the form';
$r = POST('/admin/units/save', content => [csrf => csrf(), mode => 'new', code => 'tu bad', name => '',
                                           kind => 'X', head_nopek => '12']);
english_page($r, 'Add a unit with bad input');
like flash($r->content), qr/Some data is not right: correct the marked fields\. Nothing was saved\./, '... says so';
like field_error($r->content, 'code'), qr/^The code must be 1 to 32 characters/, '... the code';
is field_error($r->content, 'name'), 'Name is required.', '... the name';
is field_error($r->content, 'kind'), 'Choose a Type: Head Office (HO) or Unit.', '... the type';
is field_error($r->content, 'head_nopek'), 'The nopek of the head (BUH) must be 4 to 20 digits.', '... the head';
$r = POST('/admin/units/save', content => [csrf => csrf(), mode => 'new', code => 'UNIT-JKT', name => 'x',
                                           kind => 'HO', head_nopek => '']);
is field_error($r->content, 'code'), 'This code is already used by another division, branch or unit.',
    'a code in use, in English';
$r = POST('/admin/units/save', content => [csrf => csrf(), mode => 'new', code => "TU-X$m", name => 'x',
                                           kind => 'UNIT', head_nopek => '']);
like field_error($r->content, 'head_nopek'), qr/^The head \(BUH\) is required for a Unit/, 'a Unit without its head';

$r = GET '/admin/units/import';
english_page($r, 'the units\' import', 'Import Divisions/Branches/Units');
like text_of($r->content), qr/Upload units\.csv.*\(HO or UNIT\),.*At most 1024 KB, UTF-8\. Preview/, '... the form';
$r = upload_to('/admin/units/import');
like flash($r->content), qr/Choose a CSV file of divisions, branches and units/, '... no file, in English';
$r = upload_to('/admin/units/import', file => [undef, 'u.csv', 'Content-Type' => 'text/csv',
    Content => "code,name,kind,head_nopek\nHO-OPS,Operasi $m,HO,\n"]);
english_page($r, 'a units preview');
like text_of($r->content), qr/Preview of u\.csv Nothing has been imported yet\. If imported: 0 new, 1 updated, 0 unchanged\..*Import Now/,
    '... the preview in English';

# ---- Platform System -------------------------------------------------------------------
$r = GET '/admin/platforms';
english_page($r, 'the platforms', 'Platform System');
like text_of($r->content), qr/Add.*Code Name Order Requests Status Action/, '... the columns';
$r = GET '/admin/platforms?done=updated';
is flash($r->content), 'Platform System changes saved.', '... a notice in English';
$r = GET '/admin/platforms/new';
english_page($r, 'Add a platform', 'Add Platform System');
$r = POST('/admin/platforms/save', content => [csrf => csrf(), mode => 'new', code => "TP-X$m", name => 'x',
                                               sort_order => 'ten']);
is field_error($r->content, 'sort_order'), 'The order must be a whole number from 0 to 99999.',
    'a bad order, in English';
is sql_value("SELECT count(*) FROM platforms WHERE code = " . lit("TP-X$m")), 0, '... nothing saved';

# ---- Tiket Tertahan and Alihkan Persetujuan -----------------------------------------
$r = GET '/admin/stuck';
english_page($r, 'Tiket Tertahan', 'Stuck Tickets');
like text_of($r->content), qr/Number Requester Stage Why It Is Stuck Waiting Since Action/, '... the columns';
my ($row) = $r->content =~ m{(<tr class="stuck-row[^"]*">(?:(?!</tr>).)*\Q$t->{nomor}\E.*?</tr>)}s;
like text_of($row // ''), qr/The only ICT Verificator already approved as Atasan/, '... the reason, in English';
like text_of($row // ''), qr/\d+ min\b/, '... how long it waits, in English';
like $row // '', qr{>Reassign Approval</a>}, '... Reassign Approval';
dates_english($row // '', 'Tiket Tertahan');
like text_of($r->content), qr/Roles with One Holder or None ICT Verificator ?: only Rina Wulandari\. Their own requests/,
    '... the roles ahead';

$r = GET "/requests/$t->{id}/assign";
is h1($r->content), 'Reassign Approval', 'Alihkan Persetujuan: its title in English';
like text_of($r->content), qr/The only ICT Verificator already approved as Atasan/, '... why it is stuck, in English';
like $r->content, qr{<a href="/admin/stuck">Stuck Tickets</a>}, '... the way back';
$r = POST("/requests/$t->{id}/assign", content => [csrf => csrf(), status => 'verificator', account => '', reason => '']);
is tag_text($r->content, qr{<span[^>]*id="asg-reason-error"[^>]*>(.*?)</span>}s), 'A reason is required.', '... a missing reason, in English';
is tag_text($r->content, qr{<span[^>]*id="asg-account-error"[^>]*>(.*?)</span>}s), 'The account to reassign to is required: type a name or username.',
    '... a missing account, in English';
$r = POST("/requests/$t->{id}/assign", content => [csrf => csrf(), status => 'atasan', account => 'x', reason => 'x']);
like text_of($r->content), qr/This ticket has moved to another stage since the page was opened\./,
    '... a stale page, in English';

# ---- back to Bahasa: as before -----------------------------------------------------------
GET '/lang/id';
is sql_value("SELECT lang FROM accounts WHERE id = $ADMIN_ID"), 'id', 'the Administrator goes back to Bahasa';
$r = GET '/admin/stuck';
is h1($r->content), 'Tiket Tertahan', 'Tiket Tertahan in Bahasa again';
($row) = $r->content =~ m{(<tr class="stuck-row[^"]*">(?:(?!</tr>).)*\Q$t->{nomor}\E.*?</tr>)}s;
like text_of($row // ''), qr/Satu-satunya ICT Verificator sudah menyetujui sebagai Atasan/, '... the reason in Bahasa';
$r = GET '/admin/accounts';
like text_of($r->content), qr/Akun login P-Serv: peran, status, dan kunci login\. Pilih Kelola untuk mengubah peran/,
    'Akun & Peran in Bahasa';
$r = POST('/admin/platforms/save', content => [csrf => csrf(), mode => 'new', code => "TP-X$m", name => 'x',
                                               sort_order => 'ten']);
is field_error($r->content, 'sort_order'), 'Urutan harus bilangan bulat 0 sampai 99999.', 'a bad order, in Bahasa';
