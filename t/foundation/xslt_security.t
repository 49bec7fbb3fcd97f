# A stylesheet that tries document('/etc/passwd') is refused: the transform
# runs with file and network access forbidden.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil;

plan tests => 3, need_module 'pserv';

my $r = GET '/evil/anything';
ok t_cmp($r->code, 500, 'the transform fails');
ok t_cmp($r->content, qr{^(?!.*root:x:0:0)}s, 'no /etc/passwd in the answer');
ok t_cmp($r->content, qr{^(?!.*LEAK:)}s, 'no output of the hostile view');
