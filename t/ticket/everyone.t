# The flow never stalls (issue 17, "Done when"): with the demo data, one
# request for every employee in sql/demo/employees.csv who has a
# supervisor and one User ID Unit request for every unit of kind UNIT in
# sql/demo/units.csv each reach Completed, driven only by what the pages
# offer: whoever's ticket page shows the approval panel decides; when
# nobody's does, the Administrator finds the ticket on Tiket Tertahan and
# either Rina Wulandari (the demo's only ICT Verificator, and the Atasan of
# Dedi Kurniawan and Sari Indah Permata) delegates her approvals, or the
# Administrator assigns the stage with Alihkan Persetujuan to the first
# account the page accepts.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use POSIX ();

plan tests => 9, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $WAITING = qr/^(?:atasan|verificator|manager|executor)$/;

# ---- the demo data, as make run loads it ------------------------------------
sub csv_rows {
    my ($file) = @_;
    open my $fh, '<', "sql/demo/$file" or die "sql/demo/$file: $!\n";
    my @head = split /,/, scalar(<$fh>) =~ s/\r?\n\z//r;
    my @rows;
    while (my $line = <$fh>) {
        $line =~ s/\r?\n\z//;
        next unless length $line;
        my %h;
        @h{@head} = split /,/, $line, -1;
        push @rows, \%h;
    }
    return @rows;
}
my @employees = grep { length $_->{supervisor_nopek} } csv_rows('employees.csv');
my @units = grep { $_->{kind} eq 'UNIT' } csv_rows('units.csv');
my @users = grep { $_ ne 'admin' } map { $_->{username} } csv_rows('accounts.csv');
ok @employees >= 10 && @units >= 4 && @users >= 10,
    scalar(@employees) . ' employees with a supervisor, ' . scalar(@units)
    . ' units, ' . scalar(@users) . ' approver accounts in the demo data';

# ---- one request each, through the public form -------------------------------
my @tickets;
for my $e (@employees) {
    my $kind = $e->{employment_type} eq 'TKJP' ? 'HO_TKJP' : 'HO_ORGANIK';
    push @tickets, { who => "$e->{full_name} ($e->{nopek})",
                     %{ create_ticket(ho_spec($m, kind => $kind, nopek => $e->{nopek})) } };
}
for my $u (@units) {
    push @tickets, { who => "User ID Unit $u->{code}",
                     %{ create_ticket(unit_spec($m, unit_code => $u->{code},
                                                atasan_nopek => $u->{head_nopek},
                                                email => lc("unit.$u->{code}.$m\@unit.example"))) } };
}
is scalar(@tickets), @employees + @units, 'every request was submitted';

# ---- driving them ------------------------------------------------------------------
# Whoever's page shows the panel decides (the Executor with a new User ID).
my %acted;
sub act {
    my ($t) = @_;
    for my $u (@users) {
        as_user($u);
        my $page = ticket_page($t->{id})->content;
        next unless $page =~ /class="decide-form"/;
        my $executor = req_status($t->{id}) eq 'executor';
        my $r = decide($t->{id}, reason => "Disetujui ($m)",
                       $executor ? (user_id => lc("e$t->{id}$m")) : ());
        die "$u had the panel on $t->{nomor} but deciding answered " . $r->code . "\n"
            unless $r->code == 303;
        $acted{$u}++;
        return $u;
    }
    return undef;
}

# Today in Jakarta, and a week on.
sub jakarta_date { POSIX::strftime('%Y-%m-%d', gmtime(time + 7 * 3600 + ($_[0] // 0) * 86400)) }

my ($delegated, $stuck_listed, $assigned) = (0, 0, 0);
sub unstick {
    my ($t) = @_;
    my $status = req_status($t->{id});
    as_user('admin');
    my $list = GET('/admin/stuck')->content;
    $stuck_listed++ if $list =~ /\Q$t->{nomor}\E/;
    if ($status eq 'verificator' && !$delegated) {
        # Rina is away from this stage's decisions: Hendra verifies for her.
        as_user('rina.wulandari');
        my $r = POST('/delegations', content => [
            csrf => page_csrf(), to => 'hendra.gunawan', start => jakarta_date(0),
            end => jakarta_date(7), reason => "Tidak dapat memverifikasi ($m)" ]);
        die "the delegation was not saved: " . $r->code . "\n" unless $r->code == 303;
        $delegated = 1;
        return;
    }
    # Alihkan Persetujuan to the first account the page accepts.
    for my $u (@users) {
        my $r = POST("/requests/$t->{id}/assign", content => [
            csrf => page_csrf(), account => $u, status => $status,
            reason => "Tidak ada yang dapat bertindak ($m)", confirm => 1 ]);
        if ($r->code == 303) { $assigned++; return }
    }
    die "no account could take $t->{nomor} at $status\n";
}

my @stalled;
for my $t (@tickets) {
    for my $step (1 .. 12) {
        last unless req_status($t->{id}) =~ $WAITING;
        act($t) or unstick($t);
    }
    push @stalled, "$t->{nomor} ($t->{who}): " . req_status($t->{id})
        unless req_status($t->{id}) eq 'completed';
}
is_deeply \@stalled, [], 'every ticket reached Completed'
    or diag explain \@stalled;

ok $delegated, 'a stall was resolved by Delegasi Persetujuan';
ok $assigned, "a stall was resolved by Alihkan Persetujuan ($assigned)";
ok $stuck_listed, 'each stall was on Tiket Tertahan first';
is sql_value("SELECT count(*) FROM requests WHERE stuck_since IS NOT NULL AND id IN ("
             . join(',', map { int $_->{id} } @tickets) . ")"), 0,
    'none is marked stuck any more';
# Rina's own request waited at her own stage while her delegation ran: a
# delegation never reaches the delegator's own request, so it was assigned.
my ($rina) = grep { $_->{who} =~ /\(10010002\)/ } @tickets;
is sql_value("SELECT coalesce(via, 'holder') FROM approvals WHERE request_id = "
             . int($rina->{id}) . " AND stage = 'verificator'"), 'assignment',
    "Rina's own request was verified by assignment, not atas nama Rina";
cmp_ok scalar(keys %acted), '>=', 8, 'the decisions were spread over '
    . scalar(keys %acted) . ' people';

# Leave the demo as it was: end the delegation.
sql("UPDATE delegations SET ended_at = now() WHERE reason LIKE " . lit("%($m)"));
