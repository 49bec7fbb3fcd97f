# The login page kept in each process (issue 21; mod_pserv/pagecache.c,
# pserv_pagecache_serve_login): GET / and GET /login without a session are
# the same for everybody but the double-submit CSRF token, so the page is
# built once per variant (language, server, configuration, URI with its
# query) and each visitor's own token put in at send time.
#
# Proved here against the page built as without the cache (the request
# header X-Pserv-Test-Page-Cache: off, PservTestHooks On): the same bytes
# and the same headers for the same visitor, for every variant; two
# visitors each get their own token, in the cookie and in the form, and
# pages that differ only there; English and Bahasa Indonesia each get
# theirs; next= (its hidden field, the SSO link, a next= naming a token)
# and logout=1 are right; the message and username of a failed POST are
# never kept; and a login with the token a kept page carried works.
#
# Each Apache child keeps its own pages: a variant is asked for until one
# child answers it from its memory (X-Pserv-Test-Page-Cache: hit).
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/auth';
use Pserv::TestUtil qw(:all);

plan tests => 93, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $CACHE = 'X-Pserv-Test-Page-Cache';
my @HEADERS = qw(Content-Type Content-Length Cache-Control Vary
                 Content-Security-Policy X-Frame-Options X-Content-Type-Options
                 Referrer-Policy ETag);
# Enough requests for every child to have built a variant once.
my $TRIES = 40;

sub via { my ($r) = @_; return $r->header($CACHE) // 'none' }
sub heads {
    my ($r) = @_;
    return join "\n", map { "$_: " . join(', ', $r->header($_) // '-') } @HEADERS;
}
# The page built as without the cache, for the current browser.
sub uncached { GET($_[0], $CACHE => 'off', @_[1 .. $#_]) }
# GET until a kept page answers; the last response (or the last miss).
sub until_hit {
    my ($url, @h) = @_;
    my $r;
    for (1 .. $TRIES) {
        $r = GET($url, @h);
        last if via($r) eq 'hit';
    }
    return $r;
}
sub hidden_next {
    my ($html) = @_;
    # a value holding '"' is written between single quotes (as libxml2 does)
    return $html =~ m{<input type="hidden" name="next" value=(["'])(.*?)\1} ? $2 : undef;
}

# ---- two visitors, their own tokens -------------------------------------
new_browser();
my $r = until_hit('/login');
is via($r), 'hit', 'the login page comes from a process\'s memory once built';
my $jar_a = jar();
my $tok_a = cookie('pserv_csrf');

my ($b, $tok_b, $jar_b);
for (1 .. $TRIES) {    # a new visitor each time, until one gets a kept page
    $jar_b = new_browser();
    $b = GET('/login');
    $tok_b = cookie('pserv_csrf');
    last if via($b) eq 'hit';
}
is via($b), 'hit', 'a new visitor gets the kept page';
like set_cookie_line($b, 'pserv_csrf') // '',
    qr{^pserv_csrf=[A-Za-z0-9_-]{43};Path=/;HttpOnly;SameSite=Strict$},
    '... with a fresh pserv_csrf cookie, as without the cache';
is csrf_of($b->content), $tok_b, '... and its form carries that cookie\'s token';
isnt $tok_b, $tok_a, 'the two visitors\' tokens differ';
unlike $b->content, qr/\Q$tok_a\E/, '... and the first visitor\'s is nowhere in the second\'s page';
use_jar($jar_a);
my $a = until_hit('/login');
is csrf_of($a->content), $tok_a, 'the first visitor, again: their own token in the form';
is set_cookie_line($a, 'pserv_csrf'), undef, '... and no new cookie while theirs is held';
(my $a_as_b = $a->content) =~ s/\Q$tok_a\E/$tok_b/g;
is $a_as_b, $b->content, 'the two pages differ in the token alone';
is $b->header('Cache-Control'), 'no-store', 'Cache-Control stays no-store';
like $b->header('Vary') // '', qr/\bAccept-Language,\s*Cookie$/, 'Vary still names Accept-Language, Cookie';
like $b->header('Content-Security-Policy') // '', qr/default-src 'self'/, 'the CSP is sent';
is $b->header('ETag'), undef, 'no ETag on the login page';

# A fresh visitor's uncached page and a kept one have the same shape.
new_browser();
my $fresh = uncached('/login');
is via($fresh), 'none', 'X-Pserv-Test-Page-Cache: off builds the page as without the cache';
my $tok_c = cookie('pserv_csrf');
like set_cookie_line($fresh, 'pserv_csrf') // '',
    qr{^pserv_csrf=[A-Za-z0-9_-]{43};Path=/;HttpOnly;SameSite=Strict$},
    '... with the same cookie line';
(my $fresh_as_b = $fresh->content) =~ s/\Q$tok_c\E/$tok_b/g;
is $fresh_as_b, $b->content, '... and the same page but the token';
is heads($fresh), heads($b), '... and the same headers';

# ---- every variant: the same bytes as built without the cache -----------
# (for one visitor, so even the token is the same)
my $esc_tok = $tok_a;
my @variants = (
    [ '/login',                                  'id', {} ],
    [ '/',                                       'id', {} ],
    [ '/login?logout=1',                         'id', { message => qr/notice-info/ } ],
    [ '/login?next=%2Frequests%3Fstatus%3Dcompleted%26q%3Dx', 'id',
      { next => '/requests?status=completed&amp;q=x', sso => 1 } ],
    [ '/?next=/home',                            'id', { next => '/home' } ],
    [ '/login?next=http://evil.example/',        'id', { next => undef } ],
    [ '/login?next=/a%22b%3Cc',                  'en', { next => '/a"b&lt;c' } ],
    [ '/login',                                  'en', {} ],
    [ '/login?next=%2Fhome',                     'en', { next => '/home', sso => 1 } ],
);
use_jar($jar_a);
for my $v (@variants) {
    my ($url, $lang, $want) = @$v;
    my @h = ('Accept-Language' => $lang);
    my $ref = uncached($url, @h);
    my $hit = until_hit($url, @h);
    my $name = "$url ($lang)";
    is via($hit), 'hit', "$name: kept";
    is $hit->content, $ref->content, '... byte for byte the page built without the cache';
    is heads($hit), heads($ref), '... with the same headers';
    like $hit->content, qr{<html lang="\Q$lang\E">}, "... in its language";
    is hidden_next($hit->content), $want->{next}, '... next as it should be';
    if ($want->{sso}) {
        like $hit->content, qr{class="login-sso"><a [^>]*href="/login/sso\?next=%2F}i,
            '... the SSO link with the same next';
    }
}

# English and Bahasa, the same URL, alternating: each its own.
for my $round (1 .. 2) {
    my $id = until_hit('/login', 'Accept-Language' => 'id');
    my $en = until_hit('/login', 'Accept-Language' => 'en');
    like $id->content, qr{<html lang="id">.*Masuk ke P-Serv}s, "round $round: Bahasa Indonesia";
    like $en->content, qr{<html lang="en">}s, "round $round: English";
    unlike $en->content, qr{Masuk ke P-Serv}, '... with none of the Bahasa text';
}
# The switch's cookie, not only Accept-Language.
{
    my $jar = new_browser();
    GET('/lang/en');
    my $ref = uncached('/login', 'Accept-Language' => 'id');
    my $hit = until_hit('/login', 'Accept-Language' => 'id');
    like $ref->content, qr{<html lang="en">}, 'the pserv_lang cookie chooses English over Accept-Language';
    is $hit->content, $ref->content, '... and the kept page is that one';
}

# ---- a next= naming a visitor's own token --------------------------------
# The page is built with a token of its own: a token in the URL stays in the
# page as the URL has it, whoever asks.
use_jar($jar_a);
my $trap = "/login?next=/$tok_a";
my $ta = until_hit($trap);
is hidden_next($ta->content), "/$tok_a", 'next= holding the visitor\'s own token: kept as it is';
use_jar($jar_b);
my $tb = until_hit($trap);
is via($tb), 'hit', 'another visitor, the same URL: kept';
is hidden_next($tb->content), "/$tok_a", '... next is the URL\'s, not the second visitor\'s token';
is csrf_of($tb->content), $tok_b, '... the form the second visitor\'s token';
is $tb->content, uncached($trap)->content, '... byte for byte the page built without the cache';

# ---- a failed POST is never kept ----------------------------------------
my $MARK = 'no.such.user.' . $$;
use_jar($jar_a);
$r = login($MARK, 'wrong-password');
is $r->code, 200, 'a failed login: the page again';
like $r->content, qr/notice-error/, '... with its error';
like $r->content, qr/\Q$MARK\E/, '... and the typed username';
use_jar($jar_b);
for (1 .. 5) {
    my $p = GET('/login');
    unlike $p->content, qr/\Q$MARK\E|notice-error/, "GET /login afterwards ($_): no error, no username";
}
clear_failures($MARK);

# ---- the served token logs in -------------------------------------------
use_jar($jar_b);
my $page = until_hit('/login?next=%2Fhome');
is via($page), 'hit', 'the second visitor\'s kept page';
$r = POST('/login', content => [ csrf => csrf_of($page->content), username => 'bambang.sutrisno',
                                 password => DEMO_PASSWORD, next => hidden_next($page->content) ]);
is $r->code, 303, '... its token logs in';
is location($r), '/home', '... to next';
like set_cookie_line($r, 'pserv_session') // '', qr/^pserv_session=[A-Za-z0-9_-]{43};/, '... with a session';
is GET('/login')->code, 303, 'logged in, /login redirects (never the kept page)';
logout();

# Another visitor's token does not.
new_browser();
GET('/login');
$r = POST('/login', content => [ csrf => $tok_a, username => 'bambang.sutrisno',
                                 password => DEMO_PASSWORD ]);
is $r->code, 403, 'the first visitor\'s token in another browser: refused';

# ---- bounded: many made-up queries, then the pages are still right ----------
use_jar($jar_a);
for my $i (1 .. 300) {
    GET("/login?next=/flood/$i");
}
my $ref = uncached('/login');
my $hit = until_hit('/login');
is via($hit), 'hit', 'after 300 made-up next= values: /login is kept again';
is $hit->content, $ref->content, '... and still the page built without the cache';
