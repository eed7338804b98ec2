#!/usr/bin/python3
"""Pairwise precision and recall of an `export incidents --format csv` of the bench generator's synthetic reports
(each title ends in its event's tag, "(caseN)"): python3 synthetic_pairs.py EXPORT.csv.  The bench prints the same figure."""
import csv,sys,collections,re
rows=list(csv.DictReader(open(sys.argv[1])))
tag=lambda t: re.search(r'\((case[0-9a-z]+)\)',t).group(1)
by_inc=collections.Counter(); by_tag=collections.Counter(); both=collections.Counter()
for r in rows:
    t=tag(r['title']); by_inc[r['incident_id']]+=1; by_tag[t]+=1; both[(r['incident_id'],t)]+=1
c2=lambda n:n*(n-1)//2
tp=sum(c2(v) for v in both.values()); pred=sum(c2(v) for v in by_inc.values()); true=sum(c2(v) for v in by_tag.values())
print(f"{sys.argv[1]}: records {len(rows)} incidents {len(by_inc)} events {len(by_tag)}; pairwise P {tp/pred:.4f} R {tp/true:.4f}")
