#!/usr/bin/env python3
"""check-log-tags.py: every pserv[TAGnn] log tag names one call site.

A tag in the error log should lead a reader to one place in the code. This
reads the C files of mod_pserv/ (comments removed), finds each tag inside a
string literal, and fails (exit 1) when a tag appears at more than one place,
naming them. A tag kept in a #define counts once, where it is defined. Every tag must
also have its row in docs/OPERATIONS.md's table of log tags, and that table
no row for a tag the code does not write.
Usage: scripts/check-log-tags.py [DIR]   (default mod_pserv)
"""
import glob
import os
import re
import sys

TAG = re.compile(r'pserv\[([A-Z]+[0-9]+)\]')


def code_strings(text):
    """(line, literal) for each string literal outside comments."""
    out, i, line, n = [], 0, 1, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            line += text.count('\n', i, j)
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == '\\' else 1
            i = j + 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == '\\' else 1
            out.append((line, text[i + 1:j]))
            i = j + 1
        else:
            if c == '\n':
                line += 1
            i += 1
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else 'mod_pserv'
    files = sorted(glob.glob(os.path.join(root, '**', '*.c'), recursive=True))
    seen = {}
    for f in files:
        with open(f, encoding='utf-8') as fh:
            text = fh.read()
        for line, lit in code_strings(text):
            for tag in TAG.findall(lit):
                seen.setdefault(tag, []).append(f'{f}:{line}')
    bad = {t: w for t, w in seen.items() if len(w) > 1}
    # Every tag is explained in the operator's table, and nothing else is.
    ops = 'docs/OPERATIONS.md'
    with open(ops, encoding='utf-8') as fh:
        listed = set(re.findall(r'^\| `([A-Z]+[0-9]+)` \|', fh.read(), re.M))
    undocumented = sorted(set(seen) - listed)
    stale = sorted(listed - set(seen))
    for t in undocumented:
        print(f"check-log-tags: pserv[{t}] ({seen[t][0]}) is not in {ops}'s table")
    for t in stale:
        print(f"check-log-tags: {ops} lists {t}, which no code writes")
    for t in sorted(bad):
        print(f"check-log-tags: pserv[{t}] at {len(bad[t])} places: "
              f"{', '.join(bad[t])}")
    if not seen:
        print("check-log-tags: no tags found")
        return 1
    if bad or undocumented or stale:
        return 1
    print(f"check-log-tags: {len(seen)} tags, each at one call site and "
          f"in {ops}")
    return 0


if __name__ == '__main__':
    sys.exit(main())
