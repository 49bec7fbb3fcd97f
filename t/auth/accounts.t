# Every demo account (sql/demo/accounts.csv) logs in with the demo password
# and reaches the Request UID Management System through the links of
# Halaman Utama and ICT Helpdesk. Every page behind login names the user in
# the user menu, lists the user's roles, and offers a POST /logout form
# carrying the session's own CSRF token.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil;
use lib 't/auth';
use Pserv::TestUtil qw(:all);

my %label = (admin => 'Administrator', ict_verificator => 'ICT Verificator',
             ict_manager => 'ICT Manager', ict_executor => 'ICT Executor');
my @accounts = demo_accounts();
my $per_page = 6;
my $per_account = 3 + 3 * (3 + $per_page) + 4;

plan tests => 1 + @accounts * $per_account, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

ok t_cmp(scalar(@accounts), 13, 'sql/demo/accounts.csv lists 13 accounts');

# href of the link whose text is $text, or undef.
sub link_to {
    my ($html, $text) = @_;
    return $html =~ m{<a[^>]*\bhref="([^"]*)"[^>]*>\s*\Q$text\E\s*</a>} ? $1 : undef;
}

# What every logged-in page must show for account $a.
sub check_page {
    my ($r, $a, $page, $session_csrf, $pre_login_csrf) = @_;
    my $u = $a->{username};
    my $html = $r->content;
    ok t_cmp(user_menu_name($html), $a->{full_name}, "$u $page: user menu shows the full name");
    ok t_cmp($html, qr{class="user-menu-username">\Q$u\E<}, "$u $page: and the username");
    my @roles = $html =~ m{<ul class="user-menu-roles"[^>]*>(.*?)</ul>}s
        ? $1 =~ m{<li>([^<]*)</li>}g : ();
    ok t_cmp(join(', ', sort @roles), join(', ', sort map { $label{$_} } @{ $a->{roles} }),
             "$u $page: the user menu lists exactly the account's roles");
    my $csrf = logout_form_csrf($html);
    ok t_cmp($csrf, $session_csrf, "$u $page: a POST /logout form with the session's csrf");
    ok t_cmp(defined $csrf && defined $pre_login_csrf && $csrf ne $pre_login_csrf ? 1 : 0, 1,
             "$u $page: the session's csrf is not the pre-login token");
    ok t_cmp($r->header('Cache-Control') // '', qr{no-store}, "$u $page: Cache-Control no-store");
}

for my $a (@accounts) {
    my $u = $a->{username};
    new_browser();
    my $r = login($u, DEMO_PASSWORD);
    ok t_cmp($r->code, 303, "$u: logs in with the demo password");
    ok t_cmp(location($r), '/home', "$u: 303 to /home");
    my $token = cookie('pserv_session');
    my $session_csrf = defined $token ? session_csrf($token) : undef;
    ok t_cmp($session_csrf, qr{^[A-Za-z0-9_-]{43}$}, "$u: the session has its own csrf token");
    my $pre = cookie('pserv_csrf');

    my $path = location($r);
    for ([home => 'Halaman Utama', 'Go to ICT Helpdesk', '/helpdesk'],
         [helpdesk => 'ICT Helpdesk', 'Go to Form Request User ID', '/requests'],
         [requests => 'Request UID Management System']) {
        my ($page, $title, $link, $target) = @$_;
        $r = GET $path;
        ok t_cmp($r->code, 200, "$u: GET $path");
        ok t_cmp($r->content, qr{<h1[^>]*>\s*\Q$title\E\s*</h1>}, "$u: $path is $title");
        check_page($r, $a, $page, $session_csrf, $pre);
        if ($link) {
            $path = link_to($r->content, $link) // '(no link)';
            ok t_cmp($path, $target, "$u: $title links '$link' to $target");
        }
        else {
            ok t_cmp($r->content, qr{<title>\s*\Q$title\E\b}, "$u: page title $title");
        }
    }

    $r = logout();
    ok t_cmp($r->code, 303, "$u: logout 303");
    ok t_cmp(location($r), '/login?logout=1', "$u: to /login?logout=1");
    ok t_cmp(GET('/home')->code, 303, "$u: /home after logout sends to the login page");
    ok t_cmp(session_count($token), 0, "$u: no session row left");
}
