# The cap of PservUploadMaxFiles (5) attachments per draft holds under
# parallel uploads (issue 16, item 10): the place for a file is taken by one
# conditional statement on the draft (rform.c draft_file_reserve), where
# counting the rows and then inserting let parallel POSTs each see room.
use strict;
use warnings FATAL => 'all';

use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use lib 't/lib', 't/auth';
use Pserv::TestUtil qw(:all);
use Pserv::Test qw(:all);
use HTTP::Request::Common ();

plan tests => 7, need need_module('pserv'),
    { 'psql reaches the test database' => \&db_ok };

my $m = unique();
my $jar = as_public();
my $f = open_form();
my @base = (csrf => $f->{csrf}, form_token => $f->{form_token}, action => 'edit');
# big enough that storing one takes a while: the race has room
my $png = sub { png_bytes("$m $_[0]") . ("\0" x 1_000_000) };

my $r = post_new([ @base ], files => [ map { [ "awal-$_.png", $png->($_), 'image/png' ] } 1 .. 4 ]);
is $r->code, 200, 'four files on the draft: the form';
is scalar(draft_files($f->{form_token})), 4, '... four stored';

# Six POSTs of one file each, at the same moment: room for one.
my @jobs;
for my $n (1 .. 6) {
    my $req = HTTP::Request::Common::POST(abs_url('/request/new'),
        Content_Type => 'form-data',
        Content => [ @base, attachments => [ undef, "serentak-$n.png",
                                             'Content-Type' => 'image/png',
                                             Content => $png->("s$n") ] ]);
    push @jobs, [ $jar, $req ];
}
my @codes = map { $_->code } fire_together(@jobs);
is join(',', @codes), join(',', (200) x 6), 'six uploads at once: each answers the form';
my @files = draft_files($f->{form_token});
is scalar(@files), 5, '... and the draft holds five files, not more';
is scalar(grep { $_->[1] =~ /^serentak-/ } @files), 1, '... one of them from the six';

# Removing one frees its place.
my ($awal1) = grep { $_->[1] eq 'awal-1.png' } @files;
$r = post_new([ @base, remove_attachment => $awal1->[0] ],
              files => [ [ "lagi.png", $png->('lagi'), 'image/png' ] ]);
is_deeply [ sort map { $_->[1] } draft_files($f->{form_token}) ],
    [ sort grep { $_ ne 'awal-1.png' } (map { $_->[1] } @files), 'lagi.png' ],
    'one removed, one added in the same POST: still five';
$r = post_new([ @base ], files => [ [ "enam.png", $png->('enam'), 'image/png' ] ]);
like join(' | ', page_errors($r->content)), qr/File enam\.png tidak disimpan: maksimal 5 file lampiran\./,
    'a sixth afterwards: refused with the reason';
