# Pserv::Log: the test server's error log, where the module writes its
# audit lines (pserv[AUD01], audit.c).
#
#   use lib 't/lib', 't/auth';
#   use Pserv::Log qw(here audit_lines);
#
#   my $off = here();
#   ... a request ...
#   my @lines = audit_lines($off, 'decision', qr/channel=e-mail/);
package Pserv::Log;

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use Apache::Test ();
use File::Spec ();
use Time::HiRes ();

our @EXPORT_OK = qw(error_log here log_since audit_lines audit_now);

# The error log's path.
sub error_log { File::Spec->catfile(Apache::Test::vars('t_logs'), 'error_log') }

# Where the error log ends now: the offset of what a request writes next.
sub here { -s error_log() // 0 }

# What the error log holds from offset $off on.
sub log_since {
    my ($off) = @_;
    my $log = error_log();
    open my $fh, '<', $log or die "$log: $!\n";
    seek $fh, $off, 0;
    local $/;
    return scalar(<$fh>) // '';
}

# A filter is a pattern (qr//), or a field and its value (field => value,
# the value bare or quoted in the line): the patterns they stand for.
sub _patterns {
    my @filters = @_;
    my @want;
    while (@filters) {
        my $f = shift @filters;
        next unless defined $f;
        if (ref $f eq 'Regexp') { push @want, $f; next }
        my $v = shift @filters;
        push @want, qr/\s\Q$f\E=(?:\Q$v\E|"\Q$v\E")(?:\s|,|$)/;
    }
    return @want;
}

sub _scan {
    my ($off, $event, @want) = @_;
    my @hits = grep { /pserv\[AUD01\]: event=\Q$event\E / } split /\n/, log_since($off);
    for my $re (@want) { @hits = grep { $_ =~ $re } @hits }
    return @hits;
}

# The audit lines of $event written since offset $off that match every
# filter, waiting up to 3 s for one (a line may be written after the
# response).
sub audit_lines {
    my ($off, $event, @filters) = @_;
    my @want = _patterns(@filters);
    for (1 .. 30) {
        my @hits = _scan($off, $event, @want);
        return @hits if @hits;
        Time::HiRes::sleep(0.1);
    }
    return ();
}

# The same without waiting: for a line that must not be there, or one
# written before the response the test already read.
sub audit_now {
    my ($off, $event, @filters) = @_;
    return _scan($off, $event, _patterns(@filters));
}

1;
