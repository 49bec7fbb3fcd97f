# Two decisions on the same ticket at the same stage at the same moment: one
# wins (303), the other is told the ticket moved (409), and the database
# holds one approval, one Activity Log entry and one set of mail. Twice:
# the two ICT Executors (dedi.kurniawan and sari.permata) confirming with
# different User IDs (one account made), and one Atasan (siti.rahayu) from
# two browsers approving at once.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTTP::Request::Common ();

plan tests => 16, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $ROUNDS = 3;     # each race is run this many times on fresh tickets

# A decide request ready to send from $jar (its session and CSRF token).
sub prepared {
    my ($jar, $id, %f) = @_;
    use_jar($jar);
    my $csrf = page_csrf() // die "no CSRF token\n";
    return HTTP::Request::Common::POST(abs_url("/requests/$id/decide"),
        [ csrf => $csrf, status => $f{status}, decision => 'approve',
          reason => $f{reason}, confirm => 1,
          defined $f{user_id} ? (user_id => $f{user_id}) : () ]);
}

# Send every [jar, request] at once; "code location" per request, in order.
sub race {
    return map { $_->code . ' ' . ($_->header('Location') // '') } fire_together(@_);
}

sub count { sql_value($_[0]) }

# ---- two Executors confirm at once ------------------------------------------------------
my $dedi = as_user('dedi.kurniawan');
my $sari = as_user('sari.permata');
my (@codes, @approvals, @completed, @accounts, @mails, @status, @winner_ok);
for my $round (1 .. $ROUNDS) {
    # HO - Organik/PKWT for 10020003: the Atasan is Maya Puspitasari.
    my $t = create_ticket(ho_spec($m, note => "Balapan $round $m"));
    my $id = $t->{id};
    decide_to('maya.puspitasari', $id);
    decide_to('rina.wulandari', $id);
    decide_to('bambang.sutrisno', $id);
    my $mails = count("SELECT count(*) FROM mail_outbox WHERE request_id = $id");
    my @users = ("dedi.$round.$m", "sari.$round.$m");
    my @out = race([ $dedi, prepared($dedi, $id, status => 'executor', reason => 'dedi', user_id => $users[0]) ],
                   [ $sari, prepared($sari, $id, status => 'executor', reason => 'sari', user_id => $users[1]) ]);
    push @codes, join ',', sort map { (split / /)[0] } @out;
    my ($win) = grep { $out[$_] =~ /^303 / } 0 .. $#out;
    push @winner_ok, defined $win && $out[$win] eq "303 /requests/$id?done=completed" ? 1 : 0;
    push @approvals, count("SELECT count(*) FROM approvals WHERE request_id = $id AND stage = 'executor'");
    push @completed, count("SELECT count(*) FROM activity_log WHERE request_id = $id AND action = 'Completed'");
    push @accounts, count("SELECT count(*) FROM accounts WHERE username IN (" . join(', ', map { lit($_) } @users) . ")")
                  . (defined $win && account_row($users[$win]) ? '' : ' (not the winner\'s)');
    push @mails, count("SELECT count(*) FROM mail_outbox WHERE request_id = $id") - $mails;
    push @status, req_status($id);
}
is join(' ', @codes), join(' ', ('303,409') x $ROUNDS), 'two Executors at once: one 303, one 409, every round';
is join('', @winner_ok), '1' x $ROUNDS, '... the winner is sent back to the completed ticket';
is join(' ', @approvals), join(' ', (1) x $ROUNDS), '... one Executor approval';
is join(' ', @completed), join(' ', (1) x $ROUNDS), '... one Completed in the Activity Log';
is join(' ', @accounts), join(' ', (1) x $ROUNDS), '... one account, the winner\'s';
is join(' ', @mails), join(' ', (1) x $ROUNDS), '... one mail (the set-password link)';
is join(' ', @status), join(' ', ('completed') x $ROUNDS), '... Completed';
is count("SELECT count(*) FROM one_time_tokens t JOIN accounts a ON a.id = t.account_id"
         . " WHERE a.username LIKE " . lit("%.$m")), $ROUNDS, '... one set-password link per ticket';

# ---- one Atasan, two browsers, at once ---------------------------------------------------------
my $one = as_user('siti.rahayu');
my $two = as_user('siti.rahayu', fresh => 1);
isnt page_csrf(), do { use_jar($one); page_csrf() }, 'two sessions of siti.rahayu';
(@codes, @approvals, @mails, @status) = ();
my @logs;
my $loser_told = '';
for my $round (1 .. $ROUNDS) {
    my $t = create_ticket(unit_spec($m, full_name => 'Serentak ' . ('a' .. 'z')[$round] . " $m"));
    my $id = $t->{id};
    my $mails = count("SELECT count(*) FROM mail_outbox WHERE request_id = $id");
    my @out = race([ $one, prepared($one, $id, status => 'atasan', reason => 'satu') ],
                   [ $two, prepared($two, $id, status => 'atasan', reason => 'dua') ]);
    push @codes, join ',', sort map { (split / /)[0] } @out;
    push @approvals, count("SELECT count(*) FROM approvals WHERE request_id = $id");
    push @logs, count("SELECT count(*) FROM activity_log WHERE request_id = $id AND action = 'Approved'");
    push @mails, count("SELECT count(*) FROM mail_outbox WHERE request_id = $id") - $mails;
    push @status, req_status($id);
}
is join(' ', @codes), join(' ', ('303,409') x $ROUNDS), 'one Atasan from two browsers: one 303, one 409, every round';
is join(' ', @approvals), join(' ', (1) x $ROUNDS), '... one approval';
is join(' ', @logs), join(' ', (1) x $ROUNDS), '... one Approved in the Activity Log';
my $verificators = () = role_emails('ict_verificator');
is join(' ', @mails), join(' ', ($verificators) x $ROUNDS), '... one mail per ICT Verificator, not two';
is join(' ', @status), join(' ', ('verificator') x $ROUNDS), '... at the Verificator stage';

# The one who lost is told, on the ticket page, that it moved.
my $t = create_ticket(unit_spec($m, full_name => "Kalah $m"));
my @out = race([ $one, prepared($one, $t->{id}, status => 'atasan', reason => 'satu') ],
               [ $two, prepared($two, $t->{id}, status => 'atasan', reason => 'dua') ]);
my ($lost) = grep { $out[$_] =~ /^409/ } 0 .. 1;
use_jar(defined $lost && $lost == 0 ? $one : $two);
my $r = decide($t->{id}, status => 'atasan', reason => 'tiga');
is $r->code, 409, 'deciding again on the old page: 409';
like $r->content, qr/sudah diproses oleh pihak lain dan telah berpindah tahap/, '... saying the ticket moved on';
