#!/usr/bin/env python3
"""check-cycles.py: no call cycle between the files of mod_pserv/.

Reads the objects apxs built (mod_pserv/.libs/*.o) with nm: each file's
defined functions (T) and the symbols it needs (U). File A depends on file
B when A needs a function B defines. Data symbols are left out on purpose:
every file names the module record `pserv_module` (defined in mod_pserv.c,
which registers everybody's hooks), and that is identity, not a call.

Also fails on a pserv_ symbol that neither a file nor the core
(build/core/*.o) defines: a module links with undefined symbols, and
LoadModule would refuse it. Run from the top of the tree, after make build.

Prints the dependency layers, bottom first, and fails (exit 1) on any
strongly connected group of more than one file, naming the calls that close
it, and on a handler file (handle_*.c, auth.c) calling another handler file
or route.c: handlers call services, never each other.
Usage: scripts/check-cycles.py [OBJDIR]   (default mod_pserv/.libs)
"""
import glob
import os
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, data, needed = set(), set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "T":
            defined.add(parts[2])
        elif len(parts) == 3 and parts[1] in "RDBGSV":
            data.add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            needed.add(parts[1])
    return defined, data, needed


def sccs(nodes, edges):
    """Tarjan's algorithm; returns the components, each a sorted list."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main():
    objdir = sys.argv[1] if len(sys.argv) > 1 else "mod_pserv/.libs"
    objs = sorted(glob.glob(os.path.join(objdir, "*.o")))
    if not objs:
        print(f"check-cycles: no objects in {objdir}: run make build first")
        return 2
    owner, needs, data = {}, {}, set()
    for o in objs:
        name = os.path.basename(o)[:-2] + ".c"
        defined, dsyms, needed = symbols(o)
        data |= dsyms
        for s in defined:
            owner[s] = name
        needs[name] = needed
    # The core (build/core/*.o, linked in as libpserv_core.a) defines too.
    for o in glob.glob("build/core/*.o"):
        d, dsyms, _ = symbols(o)
        data |= d | dsyms
    # A pserv_ symbol nobody defines links (a module's undefined symbols
    # are resolved when httpd loads it) and then fails at LoadModule.
    unresolved = sorted((f, s) for f, needed in needs.items() for s in needed
                        if s.startswith("pserv_") and s not in owner
                        and s not in data)
    for f, s in unresolved:
        print(f"check-cycles: {f} needs {s}, which no file defines")
    edges = {f: set() for f in needs}
    why = {}
    for f, needed in needs.items():
        for s in needed:
            g = owner.get(s)
            if g and g != f:
                edges[f].add(g)
                why.setdefault((f, g), []).append(s)
    comps = sccs(needs, edges)
    bad = [c for c in comps if len(c) > 1]

    def handler(f):
        return f.startswith("handle_") or f == "auth.c"

    crossed = sorted((f, g) for f in edges for g in edges[f]
                     if handler(f) and (handler(g) or g == "route.c"))
    # Layers: a file's layer is one above the highest layer it calls.
    layer = {}

    def depth(f, seen=()):
        if f in layer:
            return layer[f]
        if f in seen:
            return 0
        d = 0
        for g in edges[f]:
            d = max(d, depth(g, seen + (f,)) + 1)
        layer[f] = d
        return d

    for f in needs:
        depth(f)
    for d in range(max(layer.values()) + 1):
        files = sorted(f for f in layer if layer[f] == d)
        print(f"layer {d}: {' '.join(files)}")
    for f, g in crossed:
        print(f"check-cycles: handler {f} calls {g}: "
              f"{', '.join(sorted(why[(f, g)]))}")
    if not bad and not crossed and not unresolved:
        print(f"check-cycles: {len(needs)} files, no call cycle, "
              "no handler calls another")
        return 0
    for c in bad:
        print(f"check-cycles: CYCLE among {', '.join(c)}")
        for f in c:
            for g in sorted(edges[f]):
                if g in c:
                    print(f"  {f} -> {g}: {', '.join(sorted(why[(f, g)]))}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
