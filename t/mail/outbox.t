# The outbox worker against a real SMTP sink (Debian's aiosmtpd writing a
# Maildir in var/mail-test, on the port PservMailSMTP names in
# t/conf/extra.conf): rows put into mail_outbox are delivered, each exactly
# once, with the recipient and the (decoded) subject intact. With the sink
# down a row stays 'pending', its attempts counted and its next attempt in
# the future; once the sink is back it is delivered, exactly once.
#
# Needs in t/conf/extra.conf.in: PservMailSMTP smtp://127.0.0.1:PORT (or
# :${PSERV_TEST_MAIL_PORT}, which scripts/dev.sh sets, 8026 by default),
# PservMailInterval 1 and a short PservMailRetryBase / PservMailRetryMax.
# Runs scripts/dev.sh (PSERV_DEV) mail_start PORT DIR / mail_stop PORT.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(mail_looks);
use Encode ();
use File::Spec ();
use Time::HiRes ();

my $DEV = $ENV{PSERV_DEV};
my $VAR = $ENV{PSERV_VAR};
my $MAILDIR = defined $VAR ? "$VAR/mail-test" : undef;
my $PORT = smtp_port();
$ENV{PGCLIENTENCODING} = 'UTF8';        # the subjects below are UTF-8 bytes

plan tests => 38, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok },
    { 'PSERV_DEV and PSERV_VAR are set (make test-apache)' =>
          sub { $DEV && -x $DEV && $VAR && -d $VAR } },
    { 'extra.conf sends mail to a local sink (PservMailSMTP smtp://127.0.0.1:PORT)' =>
          sub { $PORT } };

# The port of "PservMailSMTP smtp://127.0.0.1:PORT" in the generated
# extra.conf, or undef.
sub smtp_port {
    my $conf = File::Spec->catfile(Apache::Test::vars('t_conf'), 'extra.conf');
    open my $fh, '<', $conf or return undef;
    while (my $line = <$fh>) {
        next unless $line =~ m{^\s*PservMailSMTP\s+smtp://127\.0\.0\.1:(\S+)\s*$};
        my $port = $1;
        $port = $ENV{$1} if $port =~ /^\$\{(\w+)\}$/;     # ${PSERV_TEST_MAIL_PORT}
        return $port if defined $port && $port =~ /^\d+$/;
    }
    return undef;
}

# Every message in the sink's Maildir: a hash of its headers (lower-case
# names, unfolded, the first of each).
sub maildir {
    my @mails;
    for my $dir ("$MAILDIR/new", "$MAILDIR/cur") {
        opendir my $dh, $dir or next;
        for my $f (grep { !/^\./ } readdir $dh) {
            open my $fh, '<:raw', "$dir/$f" or next;
            my $raw = do { local $/; <$fh> };
            my ($head) = split /\r?\n\r?\n/, $raw, 2;
            $head =~ s/\r?\n(?=[ \t])//g;
            my %h;
            for (split /\r?\n/, $head) {
                $h{lc $1} //= $2 if /^([!-9;-~]+):[ \t]*(.*)$/;
            }
            push @mails, \%h;
        }
    }
    return @mails;
}

# The messages sent for outbox row $id (its Message-ID is <pserv.ID.…@…>,
# and it goes to the row's recipient: a Maildir kept from an earlier run
# against a recreated database holds other mails with the same ID).
sub mails_for {
    my ($id) = @_;
    my $to = sql_value("SELECT to_addr FROM mail_outbox WHERE id = " . int($id));
    return grep { ($_->{'message-id'} // '') =~ /^<pserv\.\Q$id\E\./
                  && ($_->{to} // '') eq $to } maildir();
}

sub row {
    my ($id) = @_;
    my ($r) = sql("SELECT status, attempts, (sent_at IS NOT NULL)::text,"
        . " (next_attempt_at > now())::text, coalesce(last_error, '')"
        . " FROM mail_outbox WHERE id = " . int($id));
    my %h;
    @h{qw(status attempts sent future error)} = @{ $r || [] };
    return \%h;
}

sub queue {
    my ($to, $subject, $body) = @_;
    return sql_value("INSERT INTO mail_outbox (to_addr, subject, body_text)"
        . " VALUES (" . join(', ', map { lit($_) } $to, $subject, $body)
        . ") RETURNING id");
}

# Poll (every 0.2 s, up to $secs) until $cond returns true; its last value.
sub wait_for {
    my ($secs, $cond) = @_;
    my $end = Time::HiRes::time() + $secs;
    while (1) {
        my $v = $cond->();
        return $v if $v || Time::HiRes::time() > $end;
        Time::HiRes::sleep(0.2);
    }
}

sub subject_of {
    my ($mail) = @_;
    return Encode::decode('MIME-Header', $mail->{subject} // '');
}

my $sink_down;
END { system($DEV, 'mail_start', $PORT, $MAILDIR) if $sink_down }

my $u = unique_tag();
sub unique_tag { my $n = time() . $$; return "t$n" }

ok(system($DEV, 'mail_start', $PORT, $MAILDIR) == 0, "SMTP sink on port $PORT");

# ---- delivery: each row sent exactly once ------------------------------------

my @rows = (
    [ "outbox-$u-1\@example.co.id",
      "Permintaan User ID \xe2\x80\x94 menunggu persetujuan \xe2\x9c\x93 $u" ],
    [ "outbox-$u-2\@example.co.id",
      "Permintaan User ID UID-2026-000123 dari Agus Salim menunggu persetujuan"
      . " Anda sebagai Atasan langsung $u" ],
    [ "outbox-$u-3\@example.co.id", "Plain $u" ],
);
# (No $_ around sql(): Pserv::TestUtil reads its config with while (<$fh>).)
my @ids;
for my $r (@rows) {
    push @ids, queue($r->[0], $r->[1], "Yth. Bapak/Ibu,\n\nhttps://pserv.example.com/x\n");
}

my $done = wait_for(20, sub {
    for my $id (@ids) {
        return 0 if row($id)->{status} ne 'sent' || !mails_for($id);
    }
    return 1;
});
ok($done, 'every queued row is delivered (waited up to 20 s)');

for my $i (0 .. $#rows) {
    my ($to, $subject) = @{ $rows[$i] };
    my $r = row($ids[$i]);
    my @m = mails_for($ids[$i]);
    is("$r->{status} $r->{sent}", 'sent true', "row $i: 'sent' with sent_at");
    is($r->{attempts}, 1, "row $i: one attempt");
    is(scalar @m, 1, "row $i: exactly one message in the Maildir");
    is($m[0] && $m[0]{to}, $to, "row $i: To is the recipient");
    is($m[0] && subject_of($m[0]), Encode::decode('UTF-8', $subject),
       "row $i: the subject, decoded, is the queued one");
}
my ($first) = mails_for($ids[0]);
like($first->{'content-type'} // '', qr{^multipart/alternative;}, 'multipart/alternative');
like($first->{subject} // '', qr/^=\?UTF-8\?B\?/, 'the non-ASCII subject is an encoded-word');

# A few more looks at the outbox (done now: mail_looks) send nothing again.
mail_looks(3);
is(join(',', map { scalar mails_for($_) } @ids), '1,1,1',
   'still exactly one message per row a few seconds later');

# ---- the sink is down: retried with backoff, then delivered once -------------

ok(system($DEV, 'mail_stop', $PORT) == 0, 'SMTP sink stopped');
$sink_down = 1;
my $id = queue("outbox-$u-retry\@example.co.id", "Retry $u", "Coba lagi\n");
my $seen = wait_for(20, sub {
    my $r = row($id);
    $r->{attempts} >= 1 && $r->{future} eq 'true' ? $r : undef;
});
ok($seen, 'an attempt fails and the next one is scheduled (waited up to 20 s)');
$seen ||= row($id);
is($seen->{status}, 'pending', "it stays 'pending'");
cmp_ok($seen->{attempts}, '>=', 1, 'attempts counted');
is($seen->{future}, 'true', 'next_attempt_at is in the future');
like($seen->{error}, qr/connect/i, 'last_error says the server could not be reached');
is(scalar mails_for($id), 0, 'nothing delivered while the sink is down');

ok(system($DEV, 'mail_start', $PORT, $MAILDIR) == 0, 'SMTP sink started again');
$sink_down = 0;
$done = wait_for(20, sub { row($id)->{status} eq 'sent' && mails_for($id) });
ok($done, 'delivered once the sink is back (waited up to 20 s)');
my $r = row($id);
is($r->{status}, 'sent', "'sent'");
cmp_ok($r->{attempts}, '>=', 2, 'after more than one attempt');
mail_looks(2);
my @m = mails_for($id);
is(scalar @m, 1, 'exactly one message');
is($m[0] && subject_of($m[0]), "Retry $u", 'with its subject');

# ---- the HTML part speaks the mail's language (issue 20, migration 021) ----
# The text was written in its reader's language when it was queued; the
# worker writes the HTML part around it in the same one: <html lang> and
# the footer.
sub raw_for {
    my ($id) = @_;
    my $to = sql_value("SELECT to_addr FROM mail_outbox WHERE id = " . int($id));
    for my $dir ("$MAILDIR/new", "$MAILDIR/cur") {
        opendir my $dh, $dir or next;
        for my $f (grep { !/^\./ } readdir $dh) {
            open my $fh, '<:raw', "$dir/$f" or next;
            my $raw = do { local $/; <$fh> };
            return $raw if $raw =~ /^Message-ID: <pserv\.\Q$id\E\./mi && $raw =~ /^To: \Q$to\E\r?$/mi;
        }
    }
    return undef;
}
sub html_part {
    my ($raw) = @_;
    my ($qp) = ($raw // '') =~ m{Content-Type: text/html; charset=UTF-8\r?\nContent-Transfer-Encoding: quoted-printable\r?\n\r?\n(.*?)\r?\n--}s;
    return defined $qp ? MIME::QuotedPrint::decode_qp($qp) : '';
}
require MIME::QuotedPrint;
my $en = sql_value("INSERT INTO mail_outbox (to_addr, subject, body_text, lang)"
    . " VALUES (" . lit("lang.en.$u\@example.com") . ", 'Language', 'Hello.', 'en') RETURNING id");
my $id_ = sql_value("INSERT INTO mail_outbox (to_addr, subject, body_text)"
    . " VALUES (" . lit("lang.id.$u\@example.com") . ", 'Bahasa', 'Halo.') RETURNING id");
ok(wait_for(20, sub { raw_for($en) && raw_for($id_) }), 'both delivered (waited up to 20 s)');
my $h = html_part(raw_for($en));
like($h, qr/<html lang="en">/, "a mail queued in English: <html lang=\"en\">");
like($h, qr/This e-mail was sent automatically by P-Serv\. Please do not reply to it\./, '... and the footer in English');
$h = html_part(raw_for($id_));
like($h, qr/<html lang="id">/, 'a mail with no language: <html lang="id">');
like($h, qr/Email ini dikirim otomatis oleh P-Serv\. Mohon tidak membalas email ini\./, '... and the footer in Bahasa Indonesia, as before');
