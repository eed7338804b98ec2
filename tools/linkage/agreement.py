#!/usr/bin/env python3
"""Agreement of two labellings of the same candidate pairs (docs/benchmarks.md, "Ninth labelled set").

usage: tools/linkage/agreement.py FIRST.csv,FIRST-ambiguous.csv SECOND.csv,SECOND-ambiguous.csv
Each labelling is its pairs file (same_event 1/0) plus its ambiguous file (same_event "ambiguous"). Prints the
three-way table, raw agreement and Cohen's kappa over all pairs (1/0/ambiguous) and over the pairs neither called
ambiguous (1/0), then every pair labelled differently.
"""
import csv, sys
from collections import Counter


def labelling(files):
    out = {}
    for f in files.split(","):
        for r in csv.DictReader(open(f, encoding="utf-8")):
            out[(r["aiid_id"], r["aiaaic_id"])] = (r["same_event"], r.get("reason", ""))
    return out


def kappa(pairs, a, b, labels):
    n = len(pairs)
    observed = sum(a[k][0] == b[k][0] for k in pairs) / n
    ca, cb = Counter(a[k][0] for k in pairs), Counter(b[k][0] for k in pairs)
    expected = sum(ca[l] * cb[l] for l in labels) / (n * n)
    return observed, (observed - expected) / (1 - expected)


a, b = labelling(sys.argv[1]), labelling(sys.argv[2])
if a.keys() != b.keys():
    sys.exit(f"the labellings cover different pairs: {len(a.keys() - b.keys())} only in the first, {len(b.keys() - a.keys())} only in the second")
print("first \\ second:", dict(sorted(Counter((a[k][0], b[k][0]) for k in a).items())))
every = list(a)
print("all %d pairs (1/0/ambiguous): agreement %.3f, kappa %.3f" % ((len(every),) + kappa(every, a, b, ["1", "0", "ambiguous"])))
both = [k for k in a if a[k][0] != "ambiguous" and b[k][0] != "ambiguous"]
print("%d pairs neither called ambiguous (1/0): agreement %.3f, kappa %.3f" % ((len(both),) + kappa(both, a, b, ["1", "0"])))
for k in a:
    if a[k][0] != b[k][0]:
        print(f"  {k[0]} ~ {k[1]}: {a[k][0]} ({a[k][1]}) / {b[k][0]} ({b[k][1]})")
