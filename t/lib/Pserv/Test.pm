# Pserv::Test: helpers for the request form and ticket tests (t/request,
# t/ticket). Builds on Pserv::TestUtil (t/auth) for browsers, login and psql.
#
#   use lib 't/lib', 't/auth';
#   use Pserv::TestUtil qw(:all);
#   use Pserv::Test qw(:all);
#
# "A browser" is a cookie jar (see Pserv::TestUtil). as_public() is the one
# browser without a session that fills in the public form; as_user($name)
# is a logged-in browser per demo account, made once and reused.
#
# Every test makes its own tickets through the public form (create_ticket)
# and marks the typed-in data with unique() so that it finds them again
# whatever else the database holds.
package Pserv::Test;

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use Apache::Test ();
use Apache::TestRequest ();
use HTTP::Request::Common ();
use HTML::Entities ();
use HTML::TokeParser ();
use Time::Local ();
use Digest::SHA ();
use Pserv::TestUtil qw(:all);

# Pserv::TestUtil::sql() reads its config with while (<$fh>), assigning the
# global $_: every call from here runs with $_ localized, so no caller's
# loop variable is overwritten.
{
    no warnings 'redefine';
    my $sql = \&sql;
    my $sql_value = \&sql_value;
    *sql = sub { local $_; $sql->(@_) };
    *sql_value = sub { local $_; $sql_value->(@_) };
}

our @EXPORT_OK = qw(
    unique as_public as_user ua_request abs_url
    open_form post_new review submit_review create_ticket
    unit_spec ho_spec spec_pairs reset_lookup_limit reset_submit_limit
    attrs input_value form_block form_pairs pairs_hash tag_text
    page_mode page_nomor page_errors field_error page_attachments
    list_page list_nomors ticket_page page_csrf decide decide_to
    req_row req_status req_id outbox approvals activity role_emails
    snapshot account_row add_account draft_files
    png_bytes jpeg_bytes pdf_bytes elf_bytes md5_hex
    injected decoded_text offset_to wib_noon fire_together
    mail_looks b32_decode totp_at
);
our %EXPORT_TAGS = (all => \@EXPORT_OK);

# ---- names ---------------------------------------------------------------

my $seq = 0;
# A short lowercase marker unique to this run and call ("t" + base26:
# letters only, as a name on the form takes no digits).
sub unique {
    my $n = time() * 1000 + ($$ % 1000);
    my $s = '';
    while ($n) { $s = ('a'..'z')[$n % 26] . $s; $n = int($n / 26) }
    return 't' . $s . ('a'..'z')[$seq++ % 26];
}

# ---- browsers --------------------------------------------------------------

my %JAR;

# The browser without a session (fresh => 1: a new one).
sub as_public {
    my (%o) = @_;
    if ($o{fresh} || !$JAR{''}) {
        new_browser();
        $JAR{''} = jar();
    }
    else {
        use_jar($JAR{''});
    }
    return $JAR{''};
}

# A logged-in browser for a demo account (fresh => 1: log in again).
sub as_user {
    my ($user, %o) = @_;
    if ($o{fresh} || !$JAR{$user}) {
        new_browser();
        my $r = login($user, DEMO_PASSWORD);
        die "login as $user failed: " . $r->code . "\n"
            unless $r->code == 303 && location($r) !~ m{^/login};
        $JAR{$user} = jar();
    }
    else {
        use_jar($JAR{$user});
    }
    return $JAR{$user};
}

sub abs_url { Apache::TestRequest::resolve_url($_[0]) }

# Send an HTTP::Request through the current browser.
sub ua_request { Apache::TestRequest::user_agent()->request($_[0]) }

# ---- files ---------------------------------------------------------------

# A real 1x1 PNG (with a tag so each test's bytes differ).
sub png_bytes {
    my ($tag) = @_;
    my $png = pack('H*', '89504e470d0a1a0a0000000d4948445200000001000000010806'
        . '0000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201'
        . 'a5f3e3d30000000049454e44ae426082');
    return defined $tag ? $png . $tag : $png;
}

sub jpeg_bytes {
    my ($tag) = @_;
    return "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        . ($tag // '') . "\xFF\xD9";
}

sub pdf_bytes {
    my ($tag, $size) = @_;
    my $pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " . ($tag // '')
        . "\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    $pdf .= '%' x ($size - length $pdf) if defined $size && $size > length $pdf;
    return $pdf;
}

# The start of an x86-64 ELF executable.
sub elf_bytes {
    return "\x7fELF\x02\x01\x01\x00" . ("\x00" x 8) . "\x02\x00\x3e\x00\x01\x00\x00\x00"
        . ("\x00" x 40) . ($_[0] // '');
}

sub md5_hex { require Digest::MD5; Digest::MD5::md5_hex($_[0]) }

# ---- the public form --------------------------------------------------------

# Attributes of one tag's text as a hash (values decoded).
sub attrs {
    my ($tag) = @_;
    my %a;
    $tag =~ s/^<\s*[\w-]+//;
    while ($tag =~ /([\w:.-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g) {
        my $v = $2 // $3 // $4;
        $a{lc $1} = defined $v ? HTML::Entities::decode_entities($v) : '';
    }
    return \%a;
}

# The value of the first <input name=$name> of $html, or undef.
sub input_value {
    my ($html, $name) = @_;
    while ($html =~ /(<input\b[^>]*>)/g) {
        my $a = attrs($1);
        return $a->{value} // '' if defined $a->{name} && $a->{name} eq $name;
    }
    return undef;
}

# The first <form ...>...</form> whose start tag matches $re, or undef.
sub form_block {
    my ($html, $re) = @_;
    while ($html =~ m{(<form\b[^>]*>)(.*?)</form>}gs) {
        my ($start, $inner) = ($1, $2);
        return "$start$inner</form>" if $start =~ $re;
    }
    return undef;
}

# The pairs a browser would send for the form block $form (buttons and
# files left out; checkboxes when checked; a select's selected option).
sub form_pairs {
    my ($form) = @_;
    my @p;
    while ($form =~ m{(<input\b[^>]*>)|(<textarea\b[^>]*>)(.*?)</textarea>|(<select\b[^>]*>)(.*?)</select>}gs) {
        if (defined $1) {
            my $a = attrs($1);
            next unless defined $a->{name} && !exists $a->{disabled};
            my $type = lc($a->{type} // 'text');
            next if $type eq 'submit' || $type eq 'file' || $type eq 'button';
            next if ($type eq 'checkbox' || $type eq 'radio') && !exists $a->{checked};
            push @p, $a->{name} => $a->{value} // ($type eq 'checkbox' ? 'on' : '');
        }
        elsif (defined $2) {
            my $a = attrs($2);
            next unless defined $a->{name} && !exists $a->{disabled};
            (my $t = $3) =~ s/^\r?\n//;
            push @p, $a->{name} => HTML::Entities::decode_entities($t);
        }
        else {
            my $a = attrs($4);
            my $opts = $5;
            next unless defined $a->{name} && !exists $a->{disabled};
            my ($sel, $first);
            while ($opts =~ /(<option\b[^>]*>)/g) {
                my $o = attrs($1);
                $first //= $o->{value};
                $sel //= $o->{value} if exists $o->{selected};
            }
            push @p, $a->{name} => $sel // $first // '';
        }
    }
    return @p;
}

# Pairs to a hash of name => value (the last wins), or name => [values]
# for the names in @multi.
sub pairs_hash {
    my ($pairs, @multi) = @_;
    my %multi = map { $_ => 1 } @multi;
    my %h;
    for (my $i = 0; $i < @$pairs; $i += 2) {
        my ($k, $v) = @$pairs[$i, $i + 1];
        if ($multi{$k}) { push @{ $h{$k} }, $v } else { $h{$k} = $v }
    }
    return \%h;
}

# The text inside the first element matching $re (tags removed, decoded).
sub tag_text {
    my ($html, $re) = @_;
    return undef unless $html =~ $re;
    my $t = $1;
    $t =~ s/<[^>]*>//g;
    $t = HTML::Entities::decode_entities($t);
    $t =~ s/\s+/ /g;
    $t =~ s/^ | $//g;
    return $t;
}

# The form's mode: "review" (a form to /request/submit), "edit" (the
# multipart form to /request/new) or "" (neither).
sub page_mode {
    my ($html) = @_;
    return 'review' if $html =~ m{<form[^>]*id="submit-form"[^>]*action="[^"]*request/submit"}
                    || $html =~ m{<form[^>]*action="[^"]*request/submit"};
    return 'edit' if $html =~ m{<form[^>]*id="request-form"};
    return '';
}

sub page_nomor {
    my ($html) = @_;
    return $1 if $html =~ m{<input[^>]*id="f-nomor"[^>]*value="([^"]*)"};
    return $1 if $html =~ m{<code class="nomor(?:-value)?"[^>]*>([^<]*)</code>};
    return undef;
}

# The messages of the error summary (decoded), in page order.
sub page_errors {
    my ($html) = @_;
    return () unless $html =~ m{<div[^>]*id="error-summary"[^>]*>(.*?)</div>}s;
    my $box = $1;
    my @e;
    while ($box =~ m{<li>(.*?)</li>}gs) {
        (my $t = $1) =~ s/<[^>]*>//g;
        $t = HTML::Entities::decode_entities($t);
        $t =~ s/\s+/ /g;
        $t =~ s/^ | $//g;
        push @e, $t;
    }
    return @e;
}

# The inline message beside field $name (span id="err-NAME"), or undef.
sub field_error {
    my ($html, $name) = @_;
    return tag_text($html, qr{<span[^>]*id="err-\Q$name\E"[^>]*>(.*?)</span>}s);
}

# Attachments listed on a form page: [{id, filename}] (edit: with the
# remove checkbox id; review: id undef).
sub page_attachments {
    my ($html) = @_;
    my @a;
    while ($html =~ m{<li class="attachment-item">(.*?)</li>}gs) {
        my $li = $1;
        my $name = tag_text($li, qr{<span class="attachment-name">(.*?)</span>}s);
        my ($id) = $li =~ m{name="remove_attachment"[^>]*value="(\d+)"};
        push @a, { filename => $name, id => $id };
    }
    return @a;
}

# GET /request/new in the public browser: { res, html, csrf, form_token, nomor }.
sub open_form {
    my (@h) = @_;
    my $r = Apache::TestRequest::GET('/request/new', @h);
    die "GET /request/new: " . $r->code . "\n" unless $r->code == 200;
    my $html = $r->content;
    return { res => $r, html => $html, csrf => csrf_of($html),
             form_token => input_value($html, 'form_token'),
             nomor => page_nomor($html) };
}

# The form's fields as pairs from a spec hash: kind, nopek, full_name,
# position, email, unit_code, atasan_nopek, note (any may be absent),
# platforms => { CODE => note } (ticked, with note_CODE) and
# notes => { CODE => note } (a note field alone), extra => [pairs].
sub spec_pairs {
    my (%s) = @_;
    my @p;
    for my $k (qw(kind nopek full_name position email unit_code atasan_nopek note)) {
        push @p, $k => $s{$k} if defined $s{$k};
    }
    my $pl = $s{platforms} || {};
    for my $code (sort keys %$pl) {
        push @p, platform => $code;
        push @p, "note_$code" => $pl->{$code} if defined $pl->{$code};
    }
    my $notes = $s{notes} || {};
    push @p, "note_$_" => $notes->{$_} for sort keys %$notes;
    push @p, @{ $s{extra} || [] };
    return @p;
}

# A valid User ID Unit request for UNIT-JKT (Atasan Siti Rahayu, 10050002)
# marked with $m; %o overrides.
sub unit_spec {
    my ($m, %o) = @_;
    return (kind => 'UNIT', full_name => "Uji Unit $m", position => 'Staf Operasional SPBU',
            email => "unit.$m\@unit.example", unit_code => 'UNIT-JKT',
            atasan_nopek => '10050002', note => "Catatan pemohon $m",
            platforms => { SAP => "Akses SAP untuk $m", EMAIL => "Kotak surat untuk $m" },
            %o);
}

# A valid HO - Organik/PKWT request for 10020003 (Agus Salim; Atasan Maya
# Puspitasari); %o overrides.
sub ho_spec {
    my ($m, %o) = @_;
    return (kind => 'HO_ORGANIK', nopek => '10020003', note => "Catatan pemohon $m",
            platforms => { VPN => "VPN untuk $m" }, %o);
}

# HR look-ups count against one limit per client address (30 per 10
# minutes), and the whole suite comes from 127.0.0.1: forget the current
# window before a test spends look-ups of its own (review() does so for HO
# kinds, in case validating counts as a look-up).
sub reset_lookup_limit {
    sql("DELETE FROM rate_limits WHERE bucket = 'hr-lookup'");
}

# Submits count per client address and for everybody (an hour each;
# t/request/mail_cannon.t tests them): forget both before a submit.
sub reset_submit_limit {
    sql("DELETE FROM rate_limits WHERE bucket IN ('submit', 'submit-all')");
}

# POST multipart /request/new with @pairs and files ([name, bytes, type?]).
# %o: headers => [...].
sub post_new {
    my ($pairs, %o) = @_;
    my @content = @$pairs;
    for my $f (@{ $o{files} || [] }) {
        my ($name, $bytes, $type) = @$f;
        push @content, attachments => [undef, $name,
            'Content-Type' => $type // 'application/octet-stream',
            Content => $bytes];
    }
    my $req = HTTP::Request::Common::POST(abs_url('/request/new'),
        Content_Type => 'form-data', Content => \@content,
        @{ $o{headers} || [] });
    return ua_request($req);
}

# Fill the public form from a spec and press Review Permohonan, in the
# public browser (a fresh form unless form => {...} is given).
# %o: files, headers, action (default review), form, no_reset.
# Returns { form, res, html }.
sub review {
    my ($spec, %o) = @_;
    my %s = @$spec;
    reset_lookup_limit() if ($s{kind} // '') =~ /^HO_/ && !$o{no_reset};
    my $prev = jar();
    as_public();
    my $form = $o{form} || open_form(@{ $o{headers} || [] });
    my @pairs = (csrf => $form->{csrf}, form_token => $form->{form_token},
                 spec_pairs(%s), action => $o{action} // 'review');
    my $r = post_new(\@pairs, files => $o{files}, headers => $o{headers});
    use_jar($prev) unless $o{stay};
    return { form => $form, res => $r, html => $r->content };
}

# Press Submit Permohonan on a review page (the pairs its form carries).
# %o: headers, override => { name => value }, no_reset (keep the submit
# limits' counts).
sub submit_review {
    my ($rv, %o) = @_;
    my $block = form_block($rv->{html}, qr{action="[^"]*request/submit"})
        or die "no Submit Permohonan form on the page\n";
    my @pairs = form_pairs($block);
    if (my $ov = $o{override}) {
        for (my $i = 0; $i < @pairs; $i += 2) {
            $pairs[$i + 1] = $ov->{ $pairs[$i] } if exists $ov->{ $pairs[$i] };
        }
    }
    reset_submit_limit() unless $o{no_reset};
    my $prev = jar();
    as_public();
    my $r = Apache::TestRequest::POST('/request/submit', content => \@pairs,
                                      @{ $o{headers} || [] });
    use_jar($prev);
    return $r;
}

# A ticket made through the public form: review, then submit. Dies with the
# page's messages when either step fails. Returns { nomor, id, res }.
# create_ticket(SPEC PAIRS [, { files => [...], headers => [...] }])
sub create_ticket {
    my (@spec) = @_;
    my %o;
    # The spec is name => value pairs; an odd last element is the options.
    if (@spec % 2 && ref $spec[-1] eq 'HASH') { %o = %{ pop @spec } }
    my $rv = review(\@spec, %o);
    die "review failed (" . $rv->{res}->code . "): " . join(' | ', page_errors($rv->{html})) . "\n"
        unless $rv->{res}->code == 200 && page_mode($rv->{html}) eq 'review';
    my $r = submit_review($rv, headers => $o{headers});
    my $html = $r->content;
    die "submit failed (" . $r->code . "): " . join(' | ', page_errors($html)) . "\n"
        unless $r->code == 200 && $html =~ /Permohonan Berhasil Di-Submit/;
    my $nomor = page_nomor($html);
    my $id = req_id($nomor) or die "no request row for $nomor\n";
    return { nomor => $nomor, id => $id, res => $r, form => $rv->{form} };
}

# ---- list and ticket pages ------------------------------------------------------

# GET /requests?query in the current browser: { res, html, rows => [{id,
# nomor, full_name, kind_label, unit_name, platforms, status, acting}], next,
# prev } (acting: the row's Delegasi marker, "atas nama ..." or "Dialihkan").
sub list_page {
    my ($query) = @_;
    my $r = Apache::TestRequest::GET('/requests' . (defined $query ? "?$query" : ''));
    my $html = $r->content;
    my @rows;
    if ($html =~ m{<tbody>(.*?)</tbody>}s) {
        my $body = $1;
        while ($body =~ m{<tr\b[^>]*>(.*?)</tr>}gs) {
            my $tr = $1;
            my %row;
            if ($tr =~ s{<span class="badge badge-acting[^"]*"[^>]*>(.*?)</span>}{}s) {
                ($row{acting} = $1) =~ s/\s+/ /g;
                $row{acting} =~ s/^ | $//g;
                $row{acting} =~ s/^Delegasi: //;
                $row{acting} = HTML::Entities::decode_entities($row{acting});
            }
            $row{nomor} = tag_text($tr, qr{<th[^>]*class="cell-nomor"[^>]*>(.*?)</th>}s);
            my @td;
            # (the bulk checkbox's cell, at one's own ICT stage, is not a column)
            push @td, $1 while $tr =~ m{<td\b(?![^>]*cell-pick)[^>]*>(.*?)</td>}gs;
            my @txt = map { my $t = $_; $t =~ s/<[^>]*>//g;
                            $t = HTML::Entities::decode_entities($t);
                            $t =~ s/\s+/ /g; $t =~ s/^ | $//g; $t } @td;
            @row{qw(created full_name kind_label unit_name platforms status_label)} = @txt[0..5];
            ($row{status}) = $tr =~ m{class="[^"]*\bstatus-(\w+)};
            ($row{id}) = $tr =~ m{href="[^"]*requests/(\d+)"};
            push @rows, \%row;
        }
    }
    my ($next) = $html =~ m{<a[^>]*class="[^"]*pager-next[^"]*"[^>]*href="([^"]*)"};
    ($next) = $html =~ m{<a[^>]*href="([^"]*)"[^>]*class="[^"]*pager-next} unless defined $next;
    my ($prev) = $html =~ m{<a[^>]*class="[^"]*pager-prev[^"]*"[^>]*href="([^"]*)"};
    ($prev) = $html =~ m{<a[^>]*href="([^"]*)"[^>]*class="[^"]*pager-prev} unless defined $prev;
    $_ = HTML::Entities::decode_entities($_) for grep { defined } $next, $prev;
    return { res => $r, html => $html, rows => \@rows, next => $next, prev => $prev };
}

sub list_nomors { my ($q) = @_; return map { $_->{nomor} } @{ list_page($q)->{rows} } }

sub ticket_page { Apache::TestRequest::GET("/requests/$_[0]" . ($_[1] // '')) }

# The session's CSRF token from a logged-in page (the first csrf input).
sub page_csrf {
    my $r = Apache::TestRequest::GET('/home');
    return csrf_of($r->content);
}

# POST /requests/$id/decide in the current browser. %f: decision (approve),
# reason, status (default: the status the ticket page shows in its panel,
# else the one in the database), user_id, confirm (default 1; undef: leave
# it out), csrf (default the session's; undef: leave it out), headers.
sub decide {
    my ($id, %f) = @_;
    my $page = ticket_page($id);
    my $csrf = exists $f{csrf} ? $f{csrf} : (csrf_of($page->content) // page_csrf());
    my $status = exists $f{status} ? $f{status}
               : (input_value(form_block($page->content, qr{class="decide-form"}) // '', 'status')
                  // req_status($id));
    my @form;
    push @form, csrf => $csrf if defined $csrf;
    push @form, status => $status if defined $status;
    push @form, decision => $f{decision} // 'approve';
    push @form, reason => $f{reason} if defined $f{reason};
    push @form, user_id => $f{user_id} if defined $f{user_id};
    my $confirm = exists $f{confirm} ? $f{confirm} : 1;
    push @form, confirm => $confirm if defined $confirm;
    return Apache::TestRequest::POST("/requests/$id/decide", content => \@form,
                                     @{ $f{headers} || [] });
}

# As $user, decide with confirm=1 and die unless it answers 303 to the
# ticket. For moving tickets along in the setup of a test.
sub decide_to {
    my ($user, $id, %f) = @_;
    my $prev = jar();
    as_user($user);
    my $r = decide($id, reason => "Disetujui oleh $user", %f);
    use_jar($prev);
    die "$user could not decide on ticket $id: " . $r->code . "\n"
        unless $r->code == 303 && location($r) =~ m{^/requests/\Q$id\E\?done=};
    return $r;
}

# ---- the database ------------------------------------------------------------

sub req_id {
    my ($nomor) = @_;
    return undef unless defined $nomor;
    return sql_value("SELECT id FROM requests WHERE nomor = " . lit($nomor));
}

sub req_row {
    my ($id) = @_;
    my @cols = qw(id nomor kind nopek full_name position email unit_code
                  atasan_nopek note status account_id form_token_set);
    my ($row) = sql("SELECT id, nomor, kind, coalesce(nopek, '<null>'), full_name, position,"
        . " email, unit_code, atasan_nopek, coalesce(note, '<null>'), status,"
        . " coalesce(account_id::text, ''), (form_token IS NOT NULL)::text"
        . " FROM requests WHERE id = " . int($id));
    return undef unless $row;
    my %h;
    @h{@cols} = @$row;
    return \%h;
}

sub req_status { sql_value("SELECT status FROM requests WHERE id = " . int($_[0])) }

# $n looks of the mail worker (default 1), now: POST /_test/mail-look
# (PservTestHooks, mail_worker.c) runs one look in the request, as the
# worker's own (every second) would: the rate-limit, stuck, reminder,
# digest and revision sweeps, then the outbox. A test waits for none of
# the worker's own looks, and "N more looks change nothing" is N done.
# Dies when the hook does not answer 200.
sub mail_looks {
    my ($n) = @_;
    for (1 .. ($n // 1)) {
        my $r = ua_request(HTTP::Request::Common::POST(abs_url('/_test/mail-look')));
        die 'POST /_test/mail-look: ' . $r->status_line . "\n" unless $r->code == 200;
    }
    return 1;
}

# [to, subject, body] of the ticket's queued mail, oldest first.
sub outbox {
    my ($id) = @_;
    return map { [ $_->[0], $_->[1], _unesc($_->[2]) ] }
        sql("SELECT to_addr, subject, replace(replace(body_text, E'\\\\', E'\\\\\\\\'),"
            . " E'\\n', E'\\\\n') FROM mail_outbox WHERE request_id = " . int($id)
            . " ORDER BY id");
}
sub _unesc { my ($s) = @_; $s =~ s/\\(n|\\)/$1 eq 'n' ? "\n" : "\\"/ge; return $s }

# [stage, decision, username, reason] of the ticket's approvals, in order.
sub approvals {
    my ($id) = @_;
    return sql("SELECT ap.stage, ap.decision, a.username, ap.reason FROM approvals ap"
        . " JOIN accounts a ON a.id = ap.account_id WHERE ap.request_id = " . int($id)
        . " ORDER BY ap.decided_at, ap.id");
}

# [actor_name, actor_role, action, reason, username] of the Activity Log.
sub activity {
    my ($id) = @_;
    return sql("SELECT l.actor_name, l.actor_role, l.action, coalesce(l.reason, ''),"
        . " coalesce(a.username, '') FROM activity_log l LEFT JOIN accounts a"
        . " ON a.id = l.account_id WHERE l.request_id = " . int($id)
        . " ORDER BY l.at, l.id");
}

# E-mail addresses of every active holder of $role, by username (the
# order the server queues them in).
sub role_emails {
    my ($role) = @_;
    return map { $_->[0] } sql("SELECT a.email FROM accounts a JOIN account_roles r"
        . " ON r.account_id = a.id WHERE r.role = " . lit($role)
        . " AND a.active AND a.email IS NOT NULL ORDER BY a.username");
}

# Everything a decision may change on ticket $id, as one string.
sub snapshot {
    my ($id) = @_;
    my $id_ = int($id);
    my @parts;
    for my $q ("SELECT status, coalesce(account_id::text, '-'), updated_at FROM requests WHERE id = $id_",
               "SELECT id, stage, decision FROM approvals WHERE request_id = $id_ ORDER BY id",
               "SELECT id, action FROM activity_log WHERE request_id = $id_ ORDER BY id",
               "SELECT id, to_addr FROM mail_outbox WHERE request_id = $id_ ORDER BY id",
               "SELECT count(*) FROM accounts",
               "SELECT count(*) FROM one_time_tokens") {
        push @parts, join ',', map { join ':', @$_ } sql($q);
    }
    return join ' / ', @parts;
}

sub account_row {
    my ($username) = @_;
    my ($row) = sql("SELECT id, coalesce(nopek, '<null>'), full_name, coalesce(email, ''),"
        . " coalesce(unit_code, ''), (password_hash IS NULL)::text, active::text"
        . " FROM accounts WHERE username = " . lit($username));
    return undef unless $row;
    my %h;
    @h{qw(id nopek full_name email unit_code no_password active)} = @$row;
    return \%h;
}

# [id, filename, content_type, size, md5] of a draft's attachments by its
# form token.
# A test account with the demo password (rina.wulandari's hash): %f
# nopek (default none), full_name (default "Uji USERNAME"), email (default
# USERNAME\@ptpr.example), active (default 1).
sub add_account {
    my ($username, %f) = @_;
    sql("INSERT INTO accounts (username, nopek, full_name, email, password_hash, active)"
        . " SELECT " . lit($username) . ", " . (defined $f{nopek} ? lit($f{nopek}) : 'NULL')
        . ", " . lit($f{full_name} // "Uji $username") . ", " . lit($f{email} // "$username\@ptpr.example")
        . ", password_hash, " . (($f{active} // 1) ? 'true' : 'false')
        . " FROM accounts WHERE username = 'rina.wulandari'");
}

sub draft_files {
    my ($token) = @_;
    require Digest::SHA;
    return sql("SELECT id, filename, content_type, size, md5(data) FROM draft_attachments"
        . " WHERE token_hash = decode(" . lit(Digest::SHA::sha256_hex($token)) . ", 'hex')"
        . " ORDER BY id");
}

# ---- markup checks ---------------------------------------------------------------

# What in $html shows that markup from the input became markup in the page:
# a <script> that is not one of ours, an event-handler attribute, or an
# element carrying the given marker class. A list of findings (empty: safe).
sub injected {
    my ($html, $marker_class) = @_;
    my @found;
    my $p = HTML::TokeParser->new(\$html);
    $p->utf8_mode(1);
    while (my $t = $p->get_tag) {
        my ($name, $attr) = @$t;
        next if $name =~ m{^/};
        if ($name eq 'script' && !(($attr->{src} // '') =~ m{^/static/[\w.-]+\.js$})) {
            push @found, "<script" . (defined $attr->{src} ? " src=$attr->{src}" : '') . ">";
        }
        for my $k (keys %$attr) {
            push @found, "<$name $k=...>" if $k =~ /^on/i;
        }
        push @found, "<$name class=$attr->{class}>"
            if defined $marker_class && ($attr->{class} // '') =~ /\b\Q$marker_class\E\b/;
        push @found, "<$name src=x>" if ($attr->{src} // '') eq 'x';
    }
    return @found;
}

# The page's text as a reader sees it (tags removed, entities decoded),
# plus every attribute value, decoded.
sub decoded_text {
    my ($html) = @_;
    my $p = HTML::TokeParser->new(\$html);
    $p->utf8_mode(1);
    my (@parts, $text);
    while (my $t = $p->get_token) {
        if ($t->[0] eq 'T') { $text .= $t->[1]; next }
        push @parts, HTML::Entities::decode_entities($text) if defined $text;
        undef $text;
        push @parts, values %{ $t->[2] } if $t->[0] eq 'S';
    }
    push @parts, HTML::Entities::decode_entities($text) if defined $text;
    return join "\n", @parts;
}

# ---- requests at the same moment ------------------------------------------------

# Send HTTP::Requests [jar, request] all at once: one child each, each
# already connected (own TCP connection) and holding its request, all
# writing when released together. Returns the HTTP::Responses in order
# (code 599 when a child got no answer). A request with an absolute URI
# goes to its host and port (another virtual host: another node).
sub fire_together {
    my (@jobs) = @_;
    require IO::Socket::INET;
    require HTTP::Response;
    require POSIX;
    my ($host, $port) = split /:/, Apache::TestRequest::hostport();
    pipe(my $go_r, my $go_w) or die "pipe: $!";
    my @kids;
    for my $job (@jobs) {
        my ($jar, $req) = @$job;
        $req = $req->clone;
        $jar->add_cookie_header($req) if $jar;
        $req->protocol('HTTP/1.1');
        my ($h, $p) = ($host, $port);
        ($h, $p) = ($req->uri->host, $req->uri->port) if $req->uri->scheme;
        $req->header(Host => "$h:$p", Connection => 'close');
        $req->header('Content-Length' => length($req->content // ''));
        my $uri = $req->uri;
        my $raw = $req->method . ' ' . $uri->path_query . " HTTP/1.1\r\n"
                . $req->headers->as_string("\r\n") . "\r\n" . ($req->content // '');
        pipe(my $res_r, my $res_w) or die "pipe: $!";
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            close $go_w;
            close $res_r;
            my $out = '';
            my $sock = IO::Socket::INET->new(PeerAddr => $h, PeerPort => $p, Proto => 'tcp');
            my $buf;
            sysread($go_r, $buf, 1);
            if ($sock) {
                syswrite($sock, $raw);
                local $/;
                $out = <$sock> // '';
            }
            syswrite($res_w, $out);
            POSIX::_exit(0);
        }
        close $res_w;
        push @kids, [ $pid, $res_r ];
    }
    close $go_r;
    select(undef, undef, undef, 0.2);       # let every child connect
    syswrite($go_w, 'x' x @jobs);
    close $go_w;
    my @res;
    for my $k (@kids) {
        my $fh = $k->[1];
        local $/;
        my $raw = <$fh> // '';
        waitpid($k->[0], 0);
        my $r = $raw =~ /^HTTP\// ? HTTP::Response->parse($raw)
              : HTTP::Response->new(599, 'no answer');
        if (($r->header('Transfer-Encoding') // '') =~ /chunked/i) {
            my ($body, $in) = ('', $r->content);
            while ($in =~ s/^([0-9a-fA-F]+)[^\r\n]*\r\n//) {
                my $len = hex $1;
                last unless $len;
                $body .= substr($in, 0, $len, '');
                $in =~ s/^\r\n//;
            }
            $r->content($body);
        }
        push @res, $r;
    }
    return @res;
}

# ---- the clock -----------------------------------------------------------------

# Epoch of 12:00 WIB (UTC+7) on YYYY-MM-DD.
sub wib_noon {
    my ($date) = @_;
    my ($y, $m, $d) = split /-/, $date;
    return Time::Local::timegm(0, 0, 5, $d, $m - 1, $y);
}

# Clock-offset headers that put the server's clock at $epoch (give or take
# the seconds the request takes).
sub offset_to {
    my ($epoch) = @_;
    return (CLOCK_HEADER, $epoch - time());
}


# ---- TOTP (RFC 6238: HMAC-SHA1, 30 s, 6 digits), as an authenticator app --

# The bytes of a base32 secret (RFC 4648, no padding needed).
sub b32_decode {
    my ($s) = @_;
    $s = uc $s;
    $s =~ tr/A-Z2-7//cd;
    my $bits = join '', map {
        sprintf '%05b', index('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', $_) } split //, $s;
    $bits = substr $bits, 0, length($bits) - length($bits) % 8;
    return pack 'B*', $bits;
}

# The code of key (bytes) at epoch second $t.
sub totp_at {
    my ($key, $t) = @_;
    my $step = int($t / 30);
    my $h = Digest::SHA::hmac_sha1(pack('NN', int($step / 4294967296), $step % 4294967296), $key);
    my $o = ord(substr $h, -1) & 15;
    return sprintf '%06d', (unpack('N', substr $h, $o, 4) & 0x7fffffff) % 1_000_000;
}

1;
