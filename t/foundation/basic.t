# The server starts with mod_pserv; the login page, health check, 404 page,
# static assets and security headers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET GET_BODY HEAD POST);
use Apache::TestUtil;

plan tests => 22, need_module 'pserv', need_module 'dbd';

my $r = GET '/';
ok t_cmp($r->code, 200, 'GET / answers 200');
ok t_cmp($r->header('Content-Type'), qr{^text/html; charset=UTF-8}i, 'HTML');
my $body = $r->content;
ok t_cmp($body, qr{^<!DOCTYPE html>}i, 'HTML5 doctype');
ok t_cmp($body, qr{<html[^>]* lang="id"}, 'lang id');
ok t_cmp($body, qr{<label[^>]*for="[^"]+"[^>]*>\s*Username\s*</label>}, 'Username label');
ok t_cmp($body, qr{<label[^>]*for="[^"]+"[^>]*>\s*Password\s*</label>}, 'Password label');
ok t_cmp($body, qr{<button[^>]*type="submit"[^>]*>\s*Login\s*</button>}, 'Login button');
ok t_cmp($body, qr{>\s*Create New Account\s*</a>}, 'Create New Account link');
ok t_cmp($body, qr{href="/static/pserv\.css"}, 'layout stylesheet');

ok t_cmp($r->header('Content-Security-Policy'), qr{frame-ancestors 'none'}, 'CSP');
ok t_cmp($r->header('Content-Security-Policy'), qr{script-src 'self'(;|$)}, 'no inline script');
ok t_cmp($r->header('X-Content-Type-Options'), 'nosniff', 'nosniff');
ok t_cmp($r->header('Referrer-Policy'), 'same-origin', 'referrer policy');

$r = GET '/healthz';
ok t_cmp($r->code, 200, '/healthz 200 with the database up');
ok t_cmp($r->content, "ok\n", '/healthz body');

$r = GET '/no/such/page';
ok t_cmp($r->code, 404, 'unknown path 404');
ok t_cmp($r->content, qr{Halaman tidak ditemukan}, '404 page in Indonesian');
ok t_cmp($r->content, qr{href="/static/pserv\.css"}, '404 page in the P-Serv look');

$r = POST '/healthz', content => 'x=1';
ok t_cmp($r->code, 405, 'wrong method 405');

$r = GET '/static/pserv.css';
ok t_cmp($r->code, 200, 'static CSS served by Apache');
ok t_cmp($r->header('Cache-Control'), qr{max-age=\d+}, 'static cache header');

$r = GET '/static/../../etc/passwd';
ok t_cmp($r->content, qr{^(?!root:)}s, 'no path traversal through /static/');
