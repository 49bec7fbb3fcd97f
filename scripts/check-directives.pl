#!/usr/bin/perl
# scripts/check-directives.pl [ROOT]: the directives mod_pserv defines must
# be the directives its documentation names, both ways (mod_auth_openidc
# keeps such a check):
#   - the code: every AP_INIT_*("Name", ...) entry in mod_pserv/ (the
#     command_rec table, today in mod_pserv/config.c);
#   - README.md: the first column of the table under "## Directives";
#   - conf/pserv.conf: every line that sets a Pserv* directive or shows one
#     in a reference comment ("# PservMailBatch 20").
# A directive missing from either document, or documented but not in the
# code, is reported with where to fix it; exit status 1 then, 0 when all
# three agree. Run by `make check-directives` (part of `make test`).
use strict;
use warnings;

my $root = shift // '.';
my $readme = "$root/README.md";
my $conf = "$root/conf/pserv.conf";
my @problems;

sub slurp {
    my ($path) = @_;
    open my $fh, '<', $path or die "check-directives: cannot read $path: $!\n";
    local $/;
    return scalar <$fh>;
}

# ---- the code -------------------------------------------------------------
my %code;
my @sources;
my @dirs = ("$root/mod_pserv");
while (my $dir = shift @dirs) {
    opendir my $dh, $dir or die "check-directives: cannot read $dir: $!\n";
    for my $e (sort grep { !/^\./ } readdir $dh) {
        my $p = "$dir/$e";
        if (-d $p) { push @dirs, $p }
        elsif ($e =~ /\.c$/) { push @sources, $p }
    }
    closedir $dh;
}
for my $src (@sources) {
    my $text = slurp($src);
    $text =~ s{/\*.*?\*/}{}gs;              # no directive in a comment counts
    while ($text =~ /\bAP_INIT_[A-Z0-9_]+\s*\(\s*"([^"]+)"/g) {
        my $name = $1;
        (my $short = $src) =~ s{^\Q$root\E/}{};
        push @problems, "$name is defined twice ($code{$name} and $short)"
            if $code{$name};
        $code{$name} = $short;
    }
}
die "check-directives: no AP_INIT_* entry found under $root/mod_pserv: "
    . "has the command table moved out of C files?\n" unless %code;

# ---- README.md: the table under "## Directives" -------------------------------
my %readme;
{
    my ($in_section, $in_table, $seen_table) = (0, 0, 0);
    my $n = 0;
    open my $fh, '<', $readme or die "check-directives: cannot read $readme: $!\n";
    while (my $line = <$fh>) {
        $n++;
        if ($line =~ /^##\s+(.*?)\s*$/) {
            last if $in_section;
            $in_section = $1 eq 'Directives';
            next;
        }
        next unless $in_section;
        if ($line =~ /^\|/) {
            last if $seen_table && !$in_table;      # only the first table
            $in_table = $seen_table = 1;
            my ($cell) = $line =~ /^\|\s*([^|]*?)\s*\|/;
            next if !defined $cell || $cell =~ /^-+$/ || $cell eq 'directive';
            if ($cell =~ /^`([A-Za-z][A-Za-z0-9]*)[\s`]/) {
                push @problems, "README.md:$n: $1 is listed twice" if $readme{$1};
                $readme{$1} = $n;
            }
            else {
                push @problems, "README.md:$n: the row's first cell should be "
                    . "`DirectiveName ARGUMENTS`: $cell";
            }
        }
        elsif ($in_table) {
            $in_table = 0;
        }
    }
    close $fh;
    push @problems, "README.md: no table under \"## Directives\"" unless $seen_table;
}

# ---- conf/pserv.conf ------------------------------------------------------------
my %conf;
{
    open my $fh, '<', $conf or die "check-directives: cannot read $conf: $!\n";
    my $n = 0;
    while (my $line = <$fh>) {
        $n++;
        $conf{$1} //= $n if $line =~ /^\s*#?\s*(Pserv[A-Za-z0-9]+)(?:\s|$)/;
    }
    close $fh;
}

# ---- both ways ----------------------------------------------------------------
for my $name (sort keys %code) {
    push @problems, "$name ($code{$name}) is missing from README.md's "
        . "\"## Directives\" table" unless $readme{$name};
    push @problems, "$name ($code{$name}) is missing from conf/pserv.conf "
        . "(set it there or show it in a reference comment: # $name VALUE)"
        unless $conf{$name};
}
for my $name (sort keys %readme) {
    push @problems, "README.md:$readme{$name}: $name is documented but no "
        . "AP_INIT_* entry defines it" unless $code{$name};
}
for my $name (sort keys %conf) {
    push @problems, "conf/pserv.conf:$conf{$name}: $name is shown but no "
        . "AP_INIT_* entry defines it" unless $code{$name};
}

if (@problems) {
    print STDERR "check-directives: $_\n" for @problems;
    printf STDERR "check-directives: %d problem(s); the code defines %d "
        . "directives\n", scalar @problems, scalar keys %code;
    exit 1;
}
printf "check-directives: %d directives, the same in the code, README.md "
    . "and conf/pserv.conf\n", scalar keys %code;
exit 0;
