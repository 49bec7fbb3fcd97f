# A double submit creates one ticket: Submit Permohonan pressed twice one
# after the other, or four times at the same moment, stores one request
# with one Activity Log entry and one pair of mails, and every answer is the
# same success page with the same Nomor. The form posted again afterwards
# (the browser's Back) shows that page too. A submit without the form's
# token or CSRF token stores nothing.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTTP::Request::Common ();
use POSIX ();

plan tests => 25, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();

sub count_for {
    my ($nomor) = @_;
    return sql_value("SELECT count(*) FROM requests WHERE nomor = " . lit($nomor));
}

sub rows_for {
    my ($nomor) = @_;
    my $id = req_id($nomor) // 0;
    my @n;
    for my $table (qw(activity_log mail_outbox request_platforms attachments)) {
        push @n, sql_value("SELECT count(*) FROM $table WHERE request_id = $id");
    }
    return join ' ', @n;
}

# ---- twice in a row --------------------------------------------------------------
my $rv = review([ unit_spec($m) ], files => [ [ "a-$m.pdf", pdf_bytes($m), 'application/pdf' ] ]);
is page_mode($rv->{html}), 'review', 'the review page';
my $nomor = $rv->{form}{nomor};
my $r1 = submit_review($rv);
my $r2 = submit_review($rv);
is $r1->code, 200, 'first Submit Permohonan: 200';
is $r2->code, 200, 'second Submit Permohonan with the same form: 200';
like $r2->content, qr/Permohonan Berhasil Di-Submit/, 'the second answer is the success page too';
is page_nomor($r1->content), $nomor, 'first: the Nomor';
is page_nomor($r2->content), $nomor, 'second: the same Nomor';
like $r2->content, qr/Uji Unit \Q$m\E/, 'second: names the same requester';
like $r2->content, qr/Siti Rahayu/, 'second: names the same Atasan';
is count_for($nomor), 1, 'one ticket';
is rows_for($nomor), '1 2 2 1', 'one Activity Log entry, two mails, two platforms, one attachment';

# The form posted again (Back, then Ubah Data or Review): the same page.
my $back = form_block($rv->{html}, qr{action="[^"]*request/new"});
{
    my $prev = jar();
    as_public();
    my $r = post_new([ form_pairs($back), action => 'edit' ]);
    is $r->code, 200, 'the review page\'s Ubah Data after submitting: 200';
    like $r->content, qr/Permohonan Berhasil Di-Submit/, '... shows the success page';
    is page_nomor($r->content), $nomor, '... with the same Nomor';
    $r = post_new([ form_pairs($back), action => 'review' ]);
    is page_nomor($r->content), $nomor, 'Review Permohonan again: the same Nomor';
    use_jar($prev);
}
is count_for($nomor), 1, 'still one ticket';
is rows_for($nomor), '1 2 2 1', 'and nothing more stored';

# ---- at the same moment ----------------------------------------------------------------------
# Submit Permohonan sent four times at once, on twenty forms: every answer
# is the success page with the form's Nomor, and each form makes one ticket.
my $jar = as_public();
my (@bad_answers, @tickets, @rows);
my $ROUNDS = 20;
for my $round (1 .. $ROUNDS) {
    $rv = review([ unit_spec($m, full_name => 'Serentak ' . ('a' .. 'z')[$round] . " $m") ]);
    die "no review page\n" unless page_mode($rv->{html}) eq 'review';
    $nomor = $rv->{form}{nomor};
    my @pairs = form_pairs(form_block($rv->{html}, qr{action="[^"]*request/submit"}));
    my $req = HTTP::Request::Common::POST(abs_url('/request/submit'), \@pairs);
    reset_submit_limit();   # four at once count four against the address
    my @answers = map { $_->code . ' ' . (page_nomor($_->content) // '-') }
                  fire_together(([ $jar, $req ]) x 4);
    push @bad_answers, map { "round $round: $_" } grep { $_ ne "200 $nomor" } @answers;
    push @tickets, count_for($nomor);
    push @rows, rows_for($nomor);
}
is_deeply \@bad_answers, [], "four submits at once ($ROUNDS times): each answers the success page with the Nomor"
    or diag 'a submit racing another of the same form failed (see pserv_submit_store: ON CONFLICT'
          . ' (form_token) does not cover the unique nomor)';
is "@tickets", join(' ', (1) x $ROUNDS), 'four submits at once: one ticket each time';
is join(' | ', @rows), join(' | ', ('1 2 2 0') x $ROUNDS),
    'four submits at once: one Activity Log entry and two mails each time';

# ---- what is refused ----------------------------------------------------------------------------
$rv = review([ unit_spec($m, full_name => "Tanpa Token $m") ]);
$nomor = $rv->{form}{nomor};
my $r = submit_review($rv, override => { form_token => 'A' x 43 });
is $r->code, 400, 'submit with an unknown form token: 400';
$r = submit_review($rv, override => { form_token => '' });
is $r->code, 400, 'submit without a form token: 400';
$r = submit_review($rv, override => { csrf => '' });
is $r->code, 403, 'submit without the CSRF token: 403';
$r = submit_review($rv, override => { csrf => 'B' x 43 });
is $r->code, 403, 'submit with a wrong CSRF token: 403';
is count_for($nomor), 0, 'none of them stored a ticket';
$r = submit_review($rv);
is count_for($nomor), 1, 'the form itself still submits once';
