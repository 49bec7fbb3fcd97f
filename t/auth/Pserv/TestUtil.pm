# Pserv::TestUtil: helpers for the login, session and role tests in t/auth.
#
#   use lib 't/auth';
#   use Pserv::TestUtil qw(:all);
#
# Every test talks to the server through Apache::TestRequest's global user
# agent with a cookie jar and no automatic redirects, so each 303 is seen
# and asserted. "A browser" is a cookie jar: new_browser() starts one,
# use_jar() switches between several.
package Pserv::TestUtil;

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use Apache::Test ();
use Apache::TestRequest ();
use HTTP::Cookies ();
use Digest::SHA ();
use File::Spec ();

our @EXPORT_OK = qw(
    DEMO_PASSWORD FAILED_LOGIN CLOCK_HEADER
    new_browser use_jar jar cookie set_cookie drop_cookie set_cookie_line
    offset csrf_of get_csrf login logout location
    user_menu_name logout_form_csrf
    db_ok sql sql_value lit token_hash session_count session_csrf
    clear_failures demo_accounts demo_account own_origin
);
our %EXPORT_TAGS = (all => \@EXPORT_OK);

use constant DEMO_PASSWORD => 'Demo-Pserv-2026';
use constant CLOCK_HEADER  => 'X-Pserv-Test-Clock-Offset';
# The one message every refused login gets (auth.c PSERV_FAILED_LOGIN).
use constant FAILED_LOGIN  =>
    qr{Login gagal\. Periksa kembali Username dan Password Anda};

# ---- browsers and cookies -------------------------------------------------

# A fresh browser: empty cookie jar, redirects never followed.
sub new_browser {
    Apache::TestRequest::user_agent(cookie_jar => {},
                                    requests_redirectable => 0,
                                    reset => 1);
    return jar();
}

sub ua { Apache::TestRequest::user_agent() }

# The current browser's cookie jar; use_jar($jar) switches to another one.
sub jar     { ua()->cookie_jar }
sub use_jar { ua()->cookie_jar($_[0]); return $_[0] }

# Value of cookie $name in the current jar (undef when absent).
sub cookie {
    my ($name) = @_;
    my $val;
    jar()->scan(sub { $val = $_[2] if $_[1] eq $name });
    return $val;
}

# The domain key HTTP::Cookies stores this server's cookies under.
sub _cookie_domain {
    my $host = (split /:/, Apache::TestRequest::hostport())[0];
    return $host =~ /\./ ? $host : "$host.local";
}

# Put a cookie into the jar as if the server had set it (Path=/).
sub set_cookie {
    my ($name, $value) = @_;
    drop_cookie($name);
    jar()->set_cookie(0, $name, $value, '/', _cookie_domain(), undef,
                      1, 0, 86400, 0);
}

sub drop_cookie {
    my ($name) = @_;
    my @where;
    jar()->scan(sub { push @where, [@_[4, 3, 1]] if $_[1] eq $name });
    jar()->clear(@$_) for @where;
}

# The Set-Cookie header line of response $r for cookie $name, or undef.
sub set_cookie_line {
    my ($r, $name) = @_;
    my ($line) = grep { /^\s*\Q$name\E=/ } $r->header('Set-Cookie');
    return $line;
}

# ---- requests ---------------------------------------------------------------

# Request headers that move the server's clock forward by $secs seconds.
sub offset { my ($secs) = @_; return $secs ? (CLOCK_HEADER, $secs) : () }

sub location { my ($r) = @_; return $r->header('Location') // '' }

# The csrf field of a page (the first one).
sub csrf_of {
    my ($html) = @_;
    return $html =~ m{<input[^>]*name="csrf"[^>]*value="([^"]*)"} ? $1 : undef;
}

# GET $path and return (csrf field value, response).
sub get_csrf {
    my ($path, @headers) = @_;
    my $r = Apache::TestRequest::GET($path, @headers);
    return (csrf_of($r->content), $r);
}

# Log in through the login form: GET /login for the form's token (the
# page's token after a redirect if a session is already there), then POST.
# %o: next => form field, offset => seconds, csrf => override the token,
# headers => [extra request headers]. Returns the POST's response.
sub login {
    my ($user, $pw, %o) = @_;
    my @h = (offset($o{offset}), @{ $o{headers} || [] });
    my ($csrf, $r) = get_csrf('/login', offset($o{offset}));
    if (!defined $csrf && $r->code == 303) {
        ($csrf) = get_csrf(location($r), offset($o{offset}));
    }
    $csrf = $o{csrf} if exists $o{csrf};
    my @form = (username => $user, password => $pw);
    push @form, csrf => $csrf if defined $csrf;
    push @form, next => $o{next} if defined $o{next};
    return Apache::TestRequest::POST('/login', content => \@form, @h);
}

# POST /logout with the token from /home's logout form.
sub logout {
    my (%o) = @_;
    my $home = Apache::TestRequest::GET('/home', offset($o{offset}));
    my $csrf = logout_form_csrf($home->content);
    return Apache::TestRequest::POST('/logout',
        content => [csrf => $csrf // ''], offset($o{offset}));
}

# The user menu's summary (the full name) of a logged-in page, or undef.
sub user_menu_name {
    my ($html) = @_;
    return $html =~ m{<details class="user-menu">\s*<summary[^>]*>([^<]*)</summary>}
        ? $1 : undef;
}

# The csrf field inside the POST /logout form, or undef when the page has
# no such form.
sub logout_form_csrf {
    my ($html) = @_;
    return undef
        unless $html =~ m{<form[^>]*method="post"[^>]*action="/logout"[^>]*>(.*?)</form>}s;
    return csrf_of($1);
}

sub own_origin { 'http://' . Apache::TestRequest::hostport() }

# ---- the test database ------------------------------------------------------

# The libpq connection string the server uses (PSERV_DBPARAMS in the
# generated t/conf/extra.conf).
sub _conninfo {
    my $conf = File::Spec->catfile(Apache::Test::vars('t_conf'), 'extra.conf');
    open my $fh, '<', $conf or return undef;
    while (my $line = <$fh>) { local $_ = $line;
        return $1 if /^\s*Define\s+PSERV_DBPARAMS\s+"([^"]+)"/;
    }
    return undef;
}

my $db_checked;
# True when psql can reach the server's database (tests needing it skip
# otherwise).
sub db_ok {
    $db_checked //= do {
        my $ok = eval { sql_value('SELECT 1') };
        defined $ok && $ok eq '1' ? 1 : 0;
    };
    return $db_checked;
}

# A SQL string literal.
sub lit {
    my ($s) = @_;
    $s =~ s/'/''/g;
    return "'$s'";
}

# psql itself rather than Debian's /usr/bin/psql, a Perl wrapper that
# picks a cluster's version first: it costs about 0.1 s of CPU a call, and
# the suite makes thousands. PGBIN as scripts/dev.sh has it, else the
# newest installed; plain psql when neither is there.
my $PSQL = do {
    my $v = sub { ($_[0] =~ m{/(\d+)/bin/psql$})[0] // 0 };
    my @bins = grep { -x $_ } ($ENV{PGBIN} ? "$ENV{PGBIN}/psql" : ()),
        sort { $v->($b) <=> $v->($a) } glob('/usr/lib/postgresql/*/bin/psql');
    $bins[0] // 'psql';
};

# Run SQL through psql; rows as array refs of columns.
sub sql {
    my ($query) = @_;
    my $ci = _conninfo() or die "no PSERV_DBPARAMS in t/conf/extra.conf\n";
    open my $ph, '-|', $PSQL, '-X', '-q', '-A', '-t', '-F', "\t",
        '-v', 'ON_ERROR_STOP=1', '-d', $ci, '-c', $query
        or die "cannot run psql: $!\n";
    my @rows = map { chomp; [split /\t/, $_, -1] } <$ph>;
    close $ph or die "psql failed for: $query\n";
    return @rows;
}

sub sql_value {
    my @rows = sql(@_);
    return @rows ? $rows[0][0] : undef;
}

# Hex SHA-256 of a session token, as sessions.token_hash holds it.
sub token_hash { Digest::SHA::sha256_hex($_[0]) }

# How many session rows exist for the cookie value $token.
sub session_count {
    my ($token) = @_;
    return sql_value("SELECT count(*) FROM sessions WHERE token_hash = "
                     . "decode(" . lit(token_hash($token)) . ", 'hex')");
}

# The session's CSRF token as stored server-side.
sub session_csrf {
    my ($token) = @_;
    return sql_value("SELECT csrf_token FROM sessions WHERE token_hash = "
                     . "decode(" . lit(token_hash($token)) . ", 'hex')");
}

# Forget the failed logins recorded for these usernames.
sub clear_failures {
    my @users = @_;
    return unless @users && db_ok();
    sql("DELETE FROM login_failures WHERE username IN ("
        . join(', ', map { lit($_) } @users) . ")");
}

# ---- demo data --------------------------------------------------------------

sub _csv {
    my ($file) = @_;
    my $path = File::Spec->catfile(Apache::Test::vars('top_dir'), 'sql',
                                   'demo', $file);
    open my $fh, '<:encoding(UTF-8)', $path or die "$path: $!\n";
    chomp(my $head = <$fh>);
    my @cols = split /,/, $head, -1;
    my @rows;
    while (my $line = <$fh>) {
        chomp $line;
        next if $line eq '';
        my %row;
        @row{@cols} = split /,/, $line, -1;
        push @rows, \%row;
    }
    return @rows;
}

# The demo accounts of sql/demo/accounts.csv, each
# { username, nopek, roles => [codes], full_name } (an account with a nopek
# takes the employee's name; admin is "Administrator").
my @demo;
sub demo_accounts {
    return @demo if @demo;
    my %name = map { $_->{nopek} => $_->{full_name} } _csv('employees.csv');
    for my $a (_csv('accounts.csv')) {
        my $full = $a->{nopek} ? $name{ $a->{nopek} }
                 : $a->{username} eq 'admin' ? 'Administrator'
                 : join ' ', map { ucfirst } split /[._-]/, $a->{username};
        push @demo, { username => $a->{username}, nopek => $a->{nopek},
                      roles => [split ' ', $a->{roles} // ''],
                      full_name => $full };
    }
    return @demo;
}

sub demo_account {
    my ($username) = @_;
    my ($a) = grep { $_->{username} eq $username } demo_accounts();
    die "no demo account $username\n" unless $a;
    return $a;
}

1;
